package tui

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"strings"
	"time"

	"github.com/rk-tui/rk-tui/preview"
	"github.com/rk-tui/rk-tui/template"
)

// session is the template being edited and everything derived from it: the
// typed view, the findings of validate, the cost estimate. Every edit goes
// through edit, which writes into the document's bytes and brings the rest
// up to date, so no part of the studio holds a copy that could drift from
// the file. It knows nothing of the terminal: forms and steps are bound to
// it and can be tested with a session alone.
type session struct {
	doc      *template.Document
	view     template.Template
	metrics  []template.Metric
	findings []template.Finding
	cost     costState
	errors   int

	// canonical: the file was indented as the tool writes it, so edits
	// keep it so (line numbers in findings then match the JSON pane and the
	// saved file). finalNewline: a save ends the file with a newline.
	canonical, finalNewline bool
	// clean are the bytes that count as "no changes": the file as read or
	// last saved, or the template as the preset built it.
	clean []byte
	// savedPath is the file the document was read from or last saved to,
	// diskSum that file's SHA-256 then, to notice another program's change.
	savedPath string
	diskSum   [32]byte
	// gen counts edits; a route switch taken straight back compares it.
	gen int

	now func() time.Time
}

func newSession(doc *template.Document, now func() time.Time) *session {
	s := &session{now: now}
	s.load(doc)
	s.clean = bytes.Clone(doc.Bytes())
	return s
}

// replace makes doc the session's document (another preset, a resumed
// draft): an edit like any other.
func (s *session) replace(doc *template.Document) {
	s.gen++
	s.load(doc)
}

func (s *session) load(doc *template.Document) {
	s.doc = doc
	s.canonical = doc.IsCanonical()
	b := doc.Bytes()
	s.finalNewline = len(b) > 0 && b[len(b)-1] == '\n'
	s.refresh()
}

// edit applies one change to the document and brings everything derived
// from it up to date. A failed change leaves the document as it was.
func (s *session) edit(change func(d *template.Document) error) error {
	before := s.doc.Clone()
	if err := change(s.doc); err != nil {
		s.doc = before
		return err
	}
	if s.canonical {
		s.doc.Reindent()
	}
	s.gen++
	s.refresh()
	return nil
}

// refresh recomputes what is derived from the document.
func (s *session) refresh() {
	s.view = template.Read(s.doc)
	s.metrics = s.view.Metrics()
	s.findings = template.Validate(s.doc)
	s.errors = 0
	for _, f := range s.findings {
		if f.Severity == template.Error {
			s.errors++
		}
	}
	s.cost = estimateCost(s.doc, s.view, s.now())
}

// dirty reports whether the document differs from what counts as saved: a
// character typed and deleted again is no change.
func (s *session) dirty() bool { return !bytes.Equal(s.doc.Bytes(), s.clean) }

// saved records that data, the document's bytes b, is now in path.
func (s *session) saved(path string, b, data []byte) {
	s.savedPath, s.clean, s.diskSum = path, bytes.Clone(b), sha256.Sum256(data)
}

// fileBytes is what a save writes: the document, indented as the tool
// writes it when it was so, with the file's final newline kept.
func (s *session) fileBytes() []byte {
	data := s.doc.Bytes()
	if s.canonical {
		return template.Canonical(data)
	}
	if s.finalNewline && (len(data) == 0 || data[len(data)-1] != '\n') {
		return append(bytes.Clone(data), '\n')
	}
	return data
}

func (s *session) metric(i int) (template.Metric, bool) {
	if i < 0 || i >= len(s.metrics) {
		return template.Metric{}, false
	}
	return s.metrics[i], true
}

// notes are what validate and the cost profile say about the value at
// path, for the field that edits it; under also takes the findings of the
// elements below path (each tag of a list).
func (s *session) notes(path string, under bool) []note {
	if path == "" {
		return nil
	}
	var out []note
	for _, f := range s.findings {
		if f.Path == path || under && strings.HasPrefix(f.Path, path+".") {
			out = append(out, findingNote(f))
		}
	}
	if p := s.cost.problemPath; p != "" && (p == path || under && strings.HasPrefix(p, path+".")) {
		out = append(out, note{2, s.cost.problem})
	}
	return out
}

// errorsUnder counts the error findings at or under a JSON path.
func (s *session) errorsUnder(path string) int {
	n := 0
	for _, f := range s.findings {
		if f.Severity == template.Error && (f.Path == path || strings.HasPrefix(f.Path, path+".")) {
			n++
		}
	}
	return n
}

func findingNote(f template.Finding) note {
	level := 1
	if f.Severity == template.Error {
		level = 2
	}
	text := f.Message
	if f.Rewrite != "" {
		text += " → Datadog stores " + f.Rewrite
	}
	return note{level, template.SafeLine(text)}
}

// costState is the projection shown in the cost card.
type costState struct {
	res preview.Result
	// problem is a bad profile or scenario value: the card shows the
	// defaults and says why; problemPath is where it is in the file.
	problem, problemPath string
}

func estimateCost(doc *template.Document, v template.Template, now time.Time) costState {
	var cs costState
	p, err := preview.ProfileFrom(doc, now)
	if err != nil {
		cs.problem = err.Error()
		var fe *preview.FieldError
		if errors.As(err, &fe) {
			cs.problemPath = fe.Path
		}
		p = preview.DefaultProfile()
	}
	sc, err := preview.ScenarioFrom(doc)
	if err != nil {
		cs.problem = err.Error()
		sc = nil
	}
	cs.res = preview.Estimate(v, preview.MetaOf(doc), p, sc)
	return cs
}
