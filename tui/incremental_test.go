package tui

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/rk-tui/rk-tui/preview"
	"github.com/rk-tui/rk-tui/template"
)

// The studio recomputes only what an edit changed. After any sequence of
// edits, what it shows must be what a full reading of the same bytes gives:
// the typed view, the findings of validate, the cost estimate.
func TestIncrementalStudioEqualsAFullRecompute(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for _, n := range []int{1, 12, 120} {
		doc := benchTemplate(n)
		if err := doc.SetProfile("hosts", 4); err != nil {
			t.Fatal(err)
		}
		doc.Reindent()
		h := newHarness(t, Options{Document: doc, Editing: true}, 140, 45)
		for stepN := range 400 {
			h.randomEdit(r)
			s := h.m.s
			full := template.Read(s.doc)
			if !reflect.DeepEqual(s.view, full) {
				t.Fatalf("%d metrics, step %d: the typed view drifted from the bytes", n, stepN)
			}
			if !reflect.DeepEqual(s.metrics, full.Metrics()) {
				t.Fatalf("%d metrics, step %d: the metrics drifted", n, stepN)
			}
			if want := validateFindings(s.doc); !reflect.DeepEqual(s.findings, want) {
				t.Fatalf("%d metrics, step %d: findings\n got %+v\nwant %+v", n, stepN, s.findings, want)
			}
			p, err := preview.ProfileFrom(s.doc, testNow)
			if err != nil {
				p = preview.DefaultProfile()
			}
			sc, _ := preview.ScenarioFrom(s.doc)
			if want := preview.Estimate(full, preview.MetaOf(s.doc), p, sc); !reflect.DeepEqual(s.cost.res, want) {
				t.Fatalf("%d metrics, step %d: the cost drifted:\n got %+v\nwant %+v", n, stepN, s.cost.res.Figures(), want.Figures())
			}
			if s.canonical && !s.doc.IsCanonical() {
				t.Fatalf("%d metrics, step %d: the document left the tool's indentation", n, stepN)
			}
		}
	}
}

// randomEdit makes one edit a user could make: a keystroke in a field of
// the metric form, the cost profile, the breakpoint or the start step, or a
// change of the metric list.
func (h *harness) randomEdit(r *rand.Rand) {
	h.t.Helper()
	typed := []string{"x", "backspace", ",", ":", " ", "ctrl+u", "1", "Q"}
	switch r.IntN(10) {
	case 0, 1, 2, 3:
		h.goTo(stepMetrics)
		if n := len(h.m.s.metrics); n > 0 {
			if h.m.metrics.form == nil {
				h.m.metrics.sel = r.IntN(n)
				h.keys("enter")
			}
			fm := activeForm(h.m)
			vis := fm.visible()
			fm.setFocus(vis[r.IntN(len(vis))])
			if fm.focused().isChoice() {
				h.keys([]string{"left", "right"}[r.IntN(2)])
			} else {
				h.keys(typed[r.IntN(len(typed))])
			}
		}
	case 4, 5:
		h.goTo(stepCost)
		fm := activeForm(h.m)
		vis := fm.visible()
		fm.setFocus(vis[r.IntN(len(vis))])
		if fm.focused().isChoice() {
			h.keys("right")
		} else {
			h.keys([]string{"1", "0", "backspace", "x", "ctrl+u"}[r.IntN(5)])
		}
	case 6:
		h.goTo(stepBreakpoint)
		fm := activeForm(h.m)
		fm.setFocus(r.IntN(len(fm.fields)))
		h.keys([]string{"1", "/", "backspace", "d", "ctrl+u"}[r.IntN(5)])
	case 7:
		h.goTo(stepStart)
		h.focusField("title")
		h.keys(typed[r.IntN(len(typed))])
	case 8:
		h.goTo(stepMetrics)
		if h.m.metrics.form != nil {
			h.keys("esc")
		}
		h.keys([]string{"a", "K", "J", "down", "up"}[r.IntN(5)])
		if h.m.metrics.form != nil {
			h.keys("esc")
		}
	case 9:
		h.goTo(stepMetrics)
		if h.m.metrics.form != nil {
			h.keys("esc")
		}
		if len(h.m.s.metrics) > 1 {
			h.keys("x", "y")
		}
	}
}

// validateFindings is what rk-tui validate reports for a document: the
// template's findings and a bad cost setting (the profile's, else the
// scenario's).
func validateFindings(doc *template.Document) []template.Finding {
	fs := template.Validate(doc)
	_, err := preview.ProfileFrom(doc, testNow)
	if err == nil {
		_, err = preview.ScenarioFrom(doc)
	}
	if f, ok := preview.SettingFinding(doc, err); ok {
		fs = append(fs, f)
	}
	return fs
}
