package tui

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

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
				golden(t, filepath.Join("testdata", name+".golden"), got)
			})
		}
	}
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs (run with -update after checking the change):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
