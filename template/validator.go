package template

import (
	"slices"
	"strings"
	"unsafe"

	"github.com/tidwall/gjson"
)

// Validator validates one document again and again as it is edited, as the
// studio does after every keystroke, redoing only what an edit changed.
//
// It keeps the index of the document it last saw and, on every value of it
// (a metric, an operation, a metadata entry, aug...), the findings of that
// value: they depend only on its bytes, so a value whose bytes did not
// change keeps them, wherever it moved; only their path and position
// follow. The checks that look across metrics (one type per metric name)
// run again on a small summary of each metric. What Validate reports for the
// same bytes is what the Validator reports: the same findings, in the same
// order, at the same line and column.
//
// The zero Validator is ready to use. It is not safe for concurrent use;
// copies of a Validator that has been used share what it keeps.
type Validator struct {
	s *validatorState
}

type validatorState struct {
	doc  string
	root node
	ok   bool // root indexes doc
	// The type-conflict check: its summary of the metrics and findings the
	// last time, which stand as long as the summary does.
	first          map[string]metricUse
	uses, lastUses []metricUse
	conflicts      []Finding
	conflictsValid bool
	lastCount      int // findings the last time, to size the next
}

// Validate returns the findings of d, as Validate(d) does. The slice is the
// caller's.
func (v *Validator) Validate(d *Document) []Finding {
	if v.s == nil {
		v.s = new(validatorState)
	}
	return v.s.validate(d)
}

func (v *validatorState) validate(d *Document) []Finding {
	doc := v.doc
	if !v.ok || string(d.raw) != v.doc {
		// A Document's bytes are never changed in place (every edit makes
		// new ones), so they are kept as they are, not copied: at a
		// keystroke in a large template the copy was most of the garbage.
		doc = unsafe.String(unsafe.SliceData(d.raw), len(d.raw))
	}
	var root node
	ok := false
	switch {
	case v.ok && doc == v.doc:
		root, ok = v.root, true
	case v.ok:
		root, ok = updateIndex(v.doc, doc, &v.root)
	}
	if !ok {
		root, ok = buildIndex(doc)
	}
	v.doc, v.root, v.ok = doc, root, ok
	var fs []Finding
	if ok {
		fs, ok = v.fromIndex(doc, &v.root)
	}
	if !ok {
		fs = validateWhole(doc)
	}
	v.lastCount = len(fs)
	return fs
}

// unitCache holds what was found in one value of the index, for the path it
// had then. Each part is worked out when first needed.
type unitCache struct {
	path string
	// ops are the findings of a datadog metric, or of a dogstatsd
	// operation; dups are repeated keys in the value; ext the findings of
	// a metadata entry.
	ops, dups, ext    []located
	opsDone, dupsDone bool
	extDone, useDone  bool
	nameDone          bool
	use               metricUse // path unset: it is the node's
	opName            string    // an operation's name
	broken            bool      // a rule named a path outside the value
}

// located is a finding and its offset from the start of its value.
type located struct {
	f   Finding
	rel int
}

// assembly collects findings, in the order the rules make them, with their
// byte offsets.
type assembly struct {
	doc     string
	root    *node
	refs    []findingAt
	c       checker // the rules that run on every call
	scratch checker // the rules of one value
	leafLoc map[*node]*locator
	broken  bool // a rule named a path outside its value
}

// fromIndex checks the document on its index, the rules' order kept: the
// same findings as validateWhole, for any document the index can stand for.
// It reports false for the others.
func (v *validatorState) fromIndex(doc string, root *node) ([]Finding, bool) {
	if !regular(doc, root) {
		return nil, false
	}
	a := &assembly{doc: doc, root: root, refs: make([]findingAt, 0, v.lastCount+16)}
	c := &a.c
	c.structure(a.get)
	c.appearance(a.get("appearance"))
	c.location(a.get("aug.location"))
	c.action(a.get("aug.action"))
	c.limits(a.get("aug"))
	a.flush()

	proc := root.member("processing")
	var ops *node
	if proc != nil {
		ops = proc.member("operations")
	}
	if ops != nil && ops.expanded {
		found := 0
		for i := range ops.kids {
			op := ops.kids[i]
			if !op.expanded {
				c.add(Error, "operation-type", op.path, op.path+" must be an object with a name")
				a.flush()
				continue
			}
			switch a.opName(op) {
			case OpDatadog:
				found++
				metrics := op.member("metrics")
				n := 0
				if metrics != nil && metrics.expanded {
					n = len(metrics.kids)
				}
				var key gjson.Result
				if k := op.member("api_key"); k != nil {
					key = a.result(k)
				}
				more := c.datadogKeyAndCount(op.path, key, n)
				a.flush()
				if more {
					for j := range metrics.kids {
						m := metrics.kids[j]
						u := a.unit(m)
						if !u.opsDone {
							a.check(m, &u.ops, func(c *checker, v gjson.Result) { c.datadogMetric(m.path, v) })
							u.opsDone = true
						}
						a.add(u.ops, m)
					}
				}
			case OpDogStatsD:
				found++
				u := a.unit(op)
				if !u.opsDone {
					a.check(op, &u.ops, func(c *checker, v gjson.Result) { c.dogstatsdOp(op.path, v) })
					u.opsDone = true
				}
				a.add(u.ops, op)
			default:
				var name gjson.Result
				if n := op.member("name"); n != nil {
					name = a.result(n)
				}
				c.operationName(op.path, name)
				a.flush()
			}
		}
		if found == 0 {
			c.add(Error, "no-datadog-operation", "processing.operations", "the template has no datadog or dogstatsd operation, so nothing reaches Datadog; add one (rk-tui new-template builds it)")
			a.flush()
		}
	}

	v.uses = v.uses[:0]
	if ops != nil && ops.expanded {
		for i := range ops.kids {
			op := ops.kids[i]
			if !op.expanded {
				continue
			}
			switch a.opName(op) {
			case OpDatadog:
				if metrics := op.member("metrics"); metrics != nil && metrics.expanded {
					for j := range metrics.kids {
						v.uses = a.appendUse(v.uses, metrics.kids[j], false)
					}
				}
			case OpDogStatsD:
				v.uses = a.appendUse(v.uses, op, true)
			}
		}
	}
	// Most edits leave every metric's name, type and place as they were,
	// and so the conflicts.
	if !v.conflictsValid || !slices.Equal(v.uses, v.lastUses) {
		if v.first == nil {
			v.first = map[string]metricUse{}
		}
		c.typeConflicts(v.uses, v.first)
		v.conflicts = append(v.conflicts[:0], c.fs...) // all looked up by path
		v.lastUses = append(v.lastUses[:0], v.uses...)
		v.conflictsValid = true
	} else {
		for _, f := range v.conflicts {
			c.addAt(f, -1)
		}
	}
	a.flush()

	if x := root.member(ExtensionKey); x != nil {
		if !x.expanded {
			c.add(Error, "extension-type", ExtensionKey, ExtensionKey+" holds the tool's own data and must be an object; remove it if unsure (export strips it anyway)")
		} else if ms := x.member("metrics"); ms != nil && !ms.expanded {
			c.add(Error, "extension-type", ExtensionKey+".metrics", ExtensionKey+".metrics must be an object keyed by metric name")
		} else if ms != nil {
			a.flush()
			for i := range ms.kids {
				e := ms.kids[i]
				u := a.unit(e)
				if !u.extDone {
					key := gjson.Result{Type: gjson.String, Str: e.key}
					a.check(e, &u.ext, func(c *checker, v gjson.Result) { c.extensionEntry(e.path, key, v) })
					u.extDone = true
				}
				a.add(u.ext, e)
			}
		}
		a.flush()
	}

	a.duplicates(root)
	if a.broken {
		return nil, false
	}
	return finish(doc, a.refs), true
}

// regular reports whether the index can stand for the document: gjson paths
// name each indexed value (no repeated or empty key), and nothing is read
// where gjson would read an object as a list.
func regular(doc string, root *node) bool {
	if root.repeated {
		return false
	}
	if proc := root.member("processing"); proc != nil && proc.expanded {
		if proc.repeated {
			return false
		}
		if ops := proc.member("operations"); ops != nil {
			if !ops.expanded && doc[ops.start] == '{' {
				return false // Read takes the object for a list of one operation
			}
			for i := range ops.kids {
				op := ops.kids[i]
				if !op.expanded {
					continue
				}
				if op.repeated {
					return false
				}
				if ms := op.member("metrics"); ms != nil && !ms.expanded && doc[ms.start] == '{' {
					return false // the same for a datadog operation's metrics
				}
			}
		}
	}
	if x := root.member(ExtensionKey); x != nil && x.expanded {
		if x.repeated {
			return false
		}
		if ms := x.member("metrics"); ms != nil && ms.expanded && ms.repeated {
			return false
		}
	}
	return true
}

// unit returns what is cached on a value, its paths brought up to date
// with where the value is now.
func (a *assembly) unit(n *node) *unitCache {
	u := n.unit
	if u == nil {
		u = &unitCache{path: n.path}
		n.unit = u
	}
	if u.path != n.path {
		for _, list := range [][]located{u.ops, u.dups, u.ext} {
			for i := range list {
				list[i].f.Path = n.path + list[i].f.Path[len(u.path):]
			}
		}
		u.path = n.path
	}
	return u
}

// check runs a rule on one value and keeps its findings with their offsets
// in the value.
func (a *assembly) check(n *node, into *[]located, rule func(c *checker, v gjson.Result)) {
	raw := a.doc[n.start:n.end]
	c := &a.scratch
	c.reset()
	rule(c, gjson.Parse(raw))
	*into = nil
	if len(c.fs) == 0 {
		return
	}
	var loc *locator
	if len(c.fs) > 4 {
		loc = newLocator(raw)
	}
	out := make([]located, len(c.fs))
	for i, f := range c.fs {
		known := c.at[i]
		rest, ok := strings.CutPrefix(f.Path, n.path)
		if !ok || (rest != "" && rest[0] != '.') {
			// Not a finding of this value: it cannot move with it.
			n.unit.broken = true
			return
		}
		rel := 0
		switch {
		case known >= 0:
			rel = known
		case rest == "":
		case loc != nil:
			rel = loc.within(rest[1:])
		default:
			rel = offsetIn(raw, rest[1:])
		}
		// Nothing kept may point into the document: it is replaced by the
		// next edit's.
		f.Path = strings.Clone(f.Path)
		f.Message = strings.Clone(f.Message)
		f.Rewrite = strings.Clone(f.Rewrite)
		out[i] = located{f, rel}
	}
	*into = out
}

// add appends cached findings of the value n.
func (a *assembly) add(list []located, n *node) {
	if n.unit.broken {
		a.broken = true
	}
	for i := range list {
		a.refs = append(a.refs, findingAt{&list[i].f, n.start + list[i].rel})
	}
}

// flush appends what the rules just found, locating each by its path.
func (a *assembly) flush() {
	for i, f := range a.c.fs {
		a.refs = append(a.refs, findingAt{&f, a.c.offsetOf(i, a.offset)})
	}
	a.c.reset()
}

func (a *assembly) opName(op *node) string {
	u := a.unit(op)
	if !u.nameDone {
		if n := op.member("name"); n != nil {
			u.opName = strings.Clone(a.result(n).String())
		}
		u.nameDone = true
	}
	return u.opName
}

// appendUse adds metric n (a datadog metrics entry, or a dogstatsd
// operation) to the type-conflict check, as Read sees it.
func (a *assembly) appendUse(uses []metricUse, n *node, statsd bool) []metricUse {
	u := a.unit(n)
	if !u.useDone {
		v := gjson.Parse(a.doc[n.start:n.end])
		var m metricUse
		if statsd {
			m.name, m.kind = v.Get("metric").String(), KindOf(OpDogStatsD, v.Get("action").String())
		} else {
			m.name, m.kind = v.Get("metric").String(), KindOf(OpDatadog, v.Get("type").String())
		}
		m.name = strings.Clone(m.name)
		m.norm = NormalizeMetricName(m.name)
		m.statsd = statsd
		u.use, u.useDone = m, true
	}
	if u.use.kind == "" || u.use.kind == KindEvent || u.use.name == "" {
		return uses
	}
	m := u.use
	m.path = n.path
	return append(uses, m)
}

// duplicates adds the repeated keys of every leaf, in document order, as
// the whole-document walk finds them.
func (a *assembly) duplicates(n *node) {
	if n.expanded {
		for i := range n.kids {
			a.duplicates(n.kids[i])
		}
		return
	}
	if c := a.doc[n.start]; c != '{' && c != '[' {
		return
	}
	u := a.unit(n)
	if !u.dupsDone {
		a.check(n, &u.dups, func(c *checker, v gjson.Result) { c.walkKeys(v, n.path, n.path) })
		u.dupsDone = true
	}
	a.add(u.dups, n)
}

// result is the gjson value of an indexed node.
func (a *assembly) result(n *node) gjson.Result {
	if n.expanded {
		return gjson.Result{Type: gjson.JSON, Raw: a.doc[n.start:n.end], Index: n.start}
	}
	r := gjson.Parse(a.doc[n.start:n.end])
	r.Index = n.start
	return r
}

// walk follows a path through the index as far as it goes: the node it
// ends on and the part of the path left inside that node, a leaf.
func (a *assembly) walk(path string) (n *node, rest string, ok bool) {
	n = a.root
	for path != "" {
		if !n.expanded {
			return n, path, true
		}
		seg, more := firstSegment(path)
		var kid *node
		if n.schema.container() == '{' {
			kid = n.member(unescapeKey(seg))
		} else if isDigits(seg) {
			if i := parseIndex(seg); i >= 0 && i < len(n.kids) {
				kid = n.kids[i]
			}
		}
		if kid == nil {
			return nil, "", false
		}
		n, path = kid, more
	}
	return n, "", true
}

// get is gjson's Get from the root, read through the index.
func (a *assembly) get(path string) gjson.Result {
	n, rest, ok := a.walk(path)
	if !ok {
		return gjson.Result{}
	}
	r := a.result(n)
	if rest != "" {
		r = r.Get(rest)
	}
	return r
}

// offset is where a finding's path is, as the whole-document locator says:
// the value, or its nearest existing parent, or the first '{'.
func (a *assembly) offset(path string) int {
	for p := path; p != ""; {
		if n, rest, ok := a.walk(p); ok {
			if rest == "" {
				return n.start
			}
			if a.leafLoc == nil {
				a.leafLoc = map[*node]*locator{}
			}
			loc := a.leafLoc[n]
			if loc == nil {
				loc = newLocator(a.doc[n.start:n.end])
				a.leafLoc[n] = loc
			}
			if r := loc.get(rest); r.Exists() && r.Index > 0 {
				return n.start + r.Index
			}
		}
		i := lastDot(p)
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return a.root.start
}

// firstSegment splits a path at its first unescaped '.'.
func firstSegment(p string) (seg, rest string) {
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '\\':
			i++
		case '.':
			return p[:i], p[i+1:]
		}
	}
	return p, ""
}

func parseIndex(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if n > 1<<30 {
			return -1
		}
		n = n*10 + int(s[i]-'0')
	}
	return n
}
