package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder stands in for a test, to see what Assert reports.
type recorder struct {
	testing.TB
	name    string
	errs    []string
	fatal   bool
	helpers int
}

func (r *recorder) Helper()      { r.helpers++ }
func (r *recorder) Name() string { return r.name }
func (r *recorder) Errorf(format string, a ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, a...))
}
func (r *recorder) Fatalf(format string, a ...any) {
	r.Errorf(format, a...)
	r.fatal = true
}

func withUpdate(t *testing.T, on bool) {
	was := *update
	*update = on
	t.Cleanup(func() { *update = was })
}

func TestAssert(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "out.txt")
	r := &recorder{name: "TestScreen/size 80x24"}

	withUpdate(t, false)
	Assert(r, path, "a\nb\n")
	if !r.fatal || len(r.errs) != 1 || !strings.Contains(r.errs[0], path) ||
		!strings.Contains(r.errs[0], "go test ./internal/golden -run '^TestScreen$/^size 80x24$' -update") {
		t.Errorf("a missing file: %q", r.errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "sub")); !os.IsNotExist(err) {
		t.Error("without -update nothing is written")
	}

	withUpdate(t, true)
	r = &recorder{name: "TestScreen"}
	Assert(r, path, []byte("a\nb\n"))
	if data, err := os.ReadFile(path); err != nil || string(data) != "a\nb\n" || len(r.errs) != 0 {
		t.Fatalf("-update writes the file: %q %v %q", data, err, r.errs)
	}

	withUpdate(t, false)
	Assert(r, path, "a\nb\n")
	if len(r.errs) != 0 {
		t.Errorf("the same bytes: %q", r.errs)
	}
	Assert(r, path, "a\nc\n")
	if len(r.errs) != 1 || r.fatal || !strings.Contains(r.errs[0], path+" differs from the golden file (- golden, + got):\n@@ golden line 1, got line 1 @@\n a\n-b\n+c\n") ||
		!strings.HasSuffix(r.errs[0], "rewrite it: go test ./internal/golden -run '^TestScreen$' -update") {
		t.Errorf("a change:\n%s", strings.Join(r.errs, "\n"))
	}
	if r.helpers == 0 {
		t.Error("Assert reports at its caller's line")
	}
}

func TestDiff(t *testing.T) {
	numbered := func(n int, change map[int]string) string {
		var b strings.Builder
		for i := 1; i <= n; i++ {
			if s, ok := change[i]; ok {
				b.WriteString(s)
			} else {
				fmt.Fprintf(&b, "line %d\n", i)
			}
		}
		return b.String()
	}
	tests := []struct {
		name, want, got, diff string
	}{
		{"a line changed", numbered(9, nil), numbered(9, map[int]string{5: "five\n"}),
			"@@ golden line 3, got line 3 @@\n line 3\n line 4\n-line 5\n+five\n line 6\n line 7"},
		{"two hunks", numbered(12, nil), numbered(12, map[int]string{2: "two\n", 11: ""}),
			"@@ golden line 1, got line 1 @@\n line 1\n-line 2\n+two\n line 3\n line 4\n" +
				"@@ golden line 9, got line 9 @@\n line 9\n line 10\n-line 11\n line 12"},
		{"close changes share a hunk", numbered(8, nil), numbered(8, map[int]string{3: "x\n", 7: "y\n"}),
			"@@ golden line 1, got line 1 @@\n line 1\n line 2\n-line 3\n+x\n line 4\n line 5\n line 6\n-line 7\n+y\n line 8"},
		{"lines added at the end", "a\n", "a\nb\nc\n", "@@ golden line 1, got line 1 @@\n a\n+b\n+c"},
		{"only the final newline", "a\nb\n", "a\nb", "(the golden file ends with a newline, got ends without a newline)"},
		{"invisible differences are quoted", "a\nb\n", "a\nb  \r\n", "@@ golden line 1, got line 1 @@\n a\n-\"b\"\n+\"b  \\r\""},
		{"from nothing", "", "a\n", "@@ golden line 1, got line 1 @@\n+a"},
	}
	for _, tt := range tests {
		if got := Diff([]byte(tt.want), []byte(tt.got)); got != tt.diff {
			t.Errorf("%s:\n%s\nwant\n%s", tt.name, got, tt.diff)
		}
	}
	big := strings.Repeat("x\n", 3000)
	if got := Diff([]byte(big), []byte(big+"y\n")); got != "@@ line 3001 (the files are too long to compare line by line) @@\n-\"\"\n+\"y\"" {
		t.Errorf("long files: %q", got)
	}
}
