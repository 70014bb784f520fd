package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/rk-tui/rk-tui/internal/golden"
	"github.com/rk-tui/rk-tui/template"
)

// The studio's screens at 80×24 and 140×45, colour off, compared with
// golden files. Regenerate with: go test ./tui -run TestViewGolden -update
func TestViewGolden(t *testing.T) {
	type shot struct {
		name string
		keys []string
	}
	shots := []shot{
		{"start", nil},
		{"target", []string{"ctrl+n"}},
		{"metrics", []string{"ctrl+n", "ctrl+n"}},
		{"metric-form", []string{"ctrl+n", "ctrl+n", "enter", "tab", "tab", "tab"}},
		{"breakpoint", []string{"ctrl+n", "ctrl+n", "ctrl+n"}},
		{"cost", []string{"ctrl+n", "ctrl+n", "ctrl+n", "ctrl+n"}},
		{"review", []string{"ctrl+n", "ctrl+n", "ctrl+n", "ctrl+n", "ctrl+n"}},
		{"help", []string{"?"}},
		{"preview-pane", []string{"ctrl+p"}},
	}
	sizes := []struct{ w, h int }{{80, 24}, {140, 45}}
	for _, sz := range sizes {
		for _, s := range shots {
			name := s.name + "-" + itoa(sz.w) + "x" + itoa(sz.h)
			t.Run(name, func(t *testing.T) {
				h := newHarness(t, presetOptions(t, "exposure-counter"), sz.w, sz.h)
				h.keys(s.keys...)
				got := h.screen()
				lines := strings.Split(got, "\n")
				if len(lines) > sz.h {
					t.Errorf("%d lines on a %d-line terminal", len(lines), sz.h)
				}
				for i, l := range lines {
					if w := len([]rune(l)); w > sz.w {
						t.Errorf("line %d is %d columns on a %d-column terminal: %q", i+1, w, sz.w, l)
					}
				}
				golden.Assert(t, filepath.Join("testdata", name+".golden"), got)
			})
		}
	}
}

// A status too long for the terminal wraps to a second line (what to do
// comes last), and the screen still fits.
func TestLongStatusWrapsAndFits(t *testing.T) {
	h := newHarness(t, presetOptions(t, "method-calls"), 80, 24)
	h.send(statusMsg{level: 1, text: "not sent: set DD_API_KEY (the studio never asks for the key) and start again; check the site with --site"})
	screen := h.screen()
	if !strings.Contains(screen, "check the site with --site") {
		t.Errorf("the end of the status is cut:\n%s", screen)
	}
	if lines := strings.Split(strings.TrimRight(screen, "\n"), "\n"); len(lines) > 24 {
		t.Errorf("%d lines on a 24-line terminal", len(lines))
	}
}

// At 80 columns the header keeps the file's state in view: the file's name
// stands for a long path, and the title gives way first.
func TestHeaderKeepsTheStateAt80Columns(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a-rather-long-directory-name", "and-another-one")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "checkout.json")
	data := template.Build(template.Presets[0].Spec).Bytes()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	doc, _ := template.Parse(data)
	h := newHarness(t, Options{Document: doc, Editing: true, Output: path}, 80, 24)
	first := strings.SplitN(h.screen(), "\n", 2)[0]
	if !strings.Contains(first, "checkout.json, no changes") {
		t.Errorf("the header hides the state: %q", first)
	}
}

// A modal about a very long metric name stays inside the terminal, its
// title wrapped.
func TestModalWithALongNameFits(t *testing.T) {
	h := newHarness(t, presetOptions(t, "method-calls"), 80, 24)
	h.goTo(stepMetrics)
	h.keys("enter")
	h.focusField("name")
	h.keys("end", "ctrl+u")
	h.keys("worker.batch.size.with.a.really.long.suffix.that.goes.on.and.on.and.on.and.on.and.on.x")
	h.keys("esc", "x")
	h.mustSee("nd.on.and.on.x?")
	for i, line := range strings.Split(h.screen(), "\n") {
		if w := ansi.StringWidth(line); w > 80 {
			t.Fatalf("line %d is %d columns wide:\n%s", i+1, w, h.screen())
		}
	}
	if !strings.Contains(h.screen(), "╮") || strings.Count(h.screen(), "│") < 4 {
		t.Errorf("the modal's border is lost:\n%s", h.screen())
	}
}

func TestWrapTextKeepsListEntriesTogether(t *testing.T) {
	got := wrapText("  • resume the draft of checkout.json from 5 min ago, to be saved as /tmp/c.json", 40)
	for _, l := range strings.Split(got, "\n")[1:] {
		if !strings.HasPrefix(l, "    ") {
			t.Errorf("a continuation line starts at the edge:\n%s", got)
		}
	}
}
