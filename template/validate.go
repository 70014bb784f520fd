package template

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// clock is the time Validate compares dates with; tests set it.
var clock = time.Now

// Severity says whether a finding blocks the template.
type Severity string

// The severities.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Finding is one problem found in a template.
type Finding struct {
	Severity Severity `json:"severity"`
	Code     string   `json:"code"`
	Path     string   `json:"path"`
	Line     int      `json:"line"`
	Column   int      `json:"column"`
	Message  string   `json:"message"`
	// Rewrite is what Datadog would turn a name or tag into.
	Rewrite string `json:"rewrite,omitempty"`
}

// HasErrors reports whether any finding is an error.
func HasErrors(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity == Error {
			return true
		}
	}
	return false
}

// Load parses data and validates it. A document that cannot be parsed yields
// a nil document and a single error finding that says where and why.
func Load(data []byte) (*Document, []Finding) {
	d, err := Parse(data)
	if err != nil {
		return nil, []Finding{ParseFinding(err)}
	}
	return d, Validate(d)
}

// ParseFinding turns an error from Parse into a finding.
func ParseFinding(err error) Finding {
	f := Finding{Severity: Error, Line: 1, Column: 1, Message: err.Error()}
	var se *SyntaxError
	var tl *TooLargeError
	var no *NotObjectError
	var ee *EncodingError
	switch {
	case errors.As(err, &ee):
		f.Code, f.Line, f.Column = "json-encoding", ee.Line, ee.Column
		f.Message = ee.Msg
	case errors.As(err, &se):
		f.Code, f.Line, f.Column = "json-syntax", se.Line, se.Column
		f.Message = "malformed JSON: " + se.Msg + "; fix the JSON at this line and column"
		if strings.HasSuffix(se.Msg, "exceeded max depth") {
			f.Message = fmt.Sprintf("the JSON nests deeper than %d levels here; no template needs that many, so it is not read further", maxDepth)
		}
	case errors.As(err, &tl):
		f.Code = "file-too-large"
	case errors.As(err, &no):
		f.Code = "json-not-object"
	default:
		f.Code = "json-invalid"
	}
	return f
}

// MaxFindings bounds the findings of one document. A broken file can hold
// millions of bad tags; listing them all helps no one and costs gigabytes.
const MaxFindings = 10000

// checker collects findings in the order the rules make them.
type checker struct {
	fs []Finding
	// at is where each finding points, when the rule knew it (-1 when the
	// path is to be looked up): offsets in the text of the value the rule
	// was given, counted as gjson's Index counts them.
	at []int
	// keys is the repeated-key walk, kept for its buffers.
	keys keyWalk
}

// add records a finding; its line and column are set at the end, all in one
// pass.
func (c *checker) add(sev Severity, code, path, msg string) {
	c.addRewrite(sev, code, path, msg, "")
}

func (c *checker) addRewrite(sev Severity, code, path, msg, rewrite string) {
	c.fs = append(c.fs, Finding{Severity: sev, Code: code, Path: path, Message: msg, Rewrite: rewrite})
	c.at = append(c.at, -1)
}

// addAt records a finding whose offset the rule knows (-1 if not).
func (c *checker) addAt(f Finding, off int) {
	c.fs = append(c.fs, f)
	c.at = append(c.at, off)
}

func (c *checker) reset() {
	c.fs, c.at = c.fs[:0], c.at[:0]
}

// offsetOf is where finding i points: as the rule knew it, else looked up.
func (c *checker) offsetOf(i int, lookup func(path string) int) int {
	if c.at[i] >= 0 {
		return c.at[i]
	}
	return lookup(c.fs[i].Path)
}

// Validate checks a document against Rookout's template structure and
// Datadog's rules. Findings come sorted by line and column.
//
// A document is checked one metric at a time on an index of its layout (see
// Validator); one the index cannot stand for (a key repeated where metrics
// are listed, bytes that are not JSON) is checked as a whole. Both ways give
// the same findings.
func Validate(d *Document) []Finding {
	doc := string(d.raw)
	if root, ok := buildIndex(doc); ok {
		if fs, ok := new(validatorState).fromIndex(doc, &root); ok {
			return fs
		}
	}
	return validateWhole(doc)
}

// validateWhole checks a document by walking all of it with gjson.
func validateWhole(doc string) []Finding {
	c := &checker{}
	root := gjson.Parse(doc)
	c.structure(root.Get)
	c.appearance(root.Get("appearance"))
	c.location(root.Get("aug.location"))
	c.action(root.Get("aug.action"))
	c.limits(root.Get("aug"))
	c.operations(root.Get("processing.operations"))
	ms := Read(&Document{raw: []byte(doc)}).Metrics()
	uses := make([]metricUse, len(ms))
	for i, m := range ms {
		uses[i] = useOf(m)
	}
	c.typeConflicts(uses, map[string]metricUse{})
	c.extension(root.Get(ExtensionKey))
	c.duplicateKeys(root)
	loc := newLocator(doc)
	refs := make([]findingAt, len(c.fs))
	for i := range c.fs {
		refs[i] = findingAt{&c.fs[i], c.offsetOf(i, loc.offset)}
	}
	return finish(doc, refs)
}

// findingAt is a finding and the byte offset it points at.
type findingAt struct {
	f   *Finding
	off int
}

// finish keeps the first MaxFindings findings, in the order the rules made
// them, sorts them by position, sets line and column from the byte offsets,
// and says how many more there were.
func finish(doc string, refs []findingAt) []Finding {
	dropped, droppedError := 0, false
	if len(refs) > MaxFindings {
		for _, r := range refs[MaxFindings:] {
			dropped++
			droppedError = droppedError || r.f.Severity == Error
		}
		refs = refs[:MaxFindings]
	}
	slices.SortStableFunc(refs, func(a, b findingAt) int { return a.off - b.off })
	out := make([]Finding, len(refs), len(refs)+1)
	lc := lineCounter{doc: doc, line: 1, col: 1}
	for i, r := range refs {
		out[i] = *r.f
		out[i].Line, out[i].Column = lc.at(r.off)
	}
	if dropped > 0 {
		sev := Warning
		if droppedError {
			sev = Error
		}
		line, col := 1, 1
		if first := strings.IndexByte(doc, '{'); first >= 0 {
			line, col = (&lineCounter{doc: doc, line: 1, col: 1}).at(first)
		}
		out = append(out, Finding{Severity: sev, Code: "too-many-findings", Line: line, Column: col,
			Message: fmt.Sprintf("%d more findings are not listed; fix the ones above and validate again", dropped)})
	}
	return out
}

// lineCounter turns increasing byte offsets into lines and columns (columns
// count characters, as LineCol does) in one pass over the text, counting
// newlines in bulk.
type lineCounter struct {
	doc       string
	pos       int // bytes before pos are counted
	line, col int // at pos
}

func (lc *lineCounter) at(off int) (line, col int) {
	off = max(0, min(off, len(lc.doc)))
	if off < lc.pos {
		lc.pos, lc.line, lc.col = 0, 1, 1
	}
	seg := lc.doc[lc.pos:off]
	if nl := strings.Count(seg, "\n"); nl > 0 {
		lc.line += nl
		lastLine := seg[strings.LastIndexByte(seg, '\n')+1:]
		lc.col = 1 + utf8.RuneCountInString(lastLine)
	} else {
		lc.col += utf8.RuneCountInString(seg)
	}
	lc.pos = off
	return lc.line, lc.col
}
