// Package golden compares what a test produced with a golden file under
// the package's testdata, for every package of the module alike.
//
//	golden.Assert(t, filepath.Join("testdata", "text.txt"), got)
//
// go test ./... -update rewrites the golden files instead: each test that
// calls Assert writes what it produced. Without -update nothing is written.
// A mismatch names the file, shows the lines that differ and the command
// that rewrites just that file. Importing the package registers -update,
// so a package whose tests have no golden file imports it for its side
// effect, and go test ./... -update runs everywhere.
package golden

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata with what the tests produce, instead of comparing")

// Assert compares got with the golden file at path, relative to the
// package's directory (where go test runs its tests). With -update it
// writes got there instead, creating the directories it needs.
func Assert[T ~string | ~[]byte](t testing.TB, path string, got T) {
	t.Helper()
	data := []byte(got)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatalf("golden: %v", err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatalf("golden: %v", err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden file %s cannot be read: %v\nto create it: %s", path, err, regenerate(t))
		return
	}
	if !bytes.Equal(data, want) {
		t.Errorf("%s differs from the golden file (- golden, + got):\n%s\nif the change is right, rewrite it: %s", path, Diff(want, data), regenerate(t))
	}
}

// regenerate is the command that rewrites the golden files of the running
// test, and only those.
func regenerate(t testing.TB) string {
	var run []string
	for _, part := range strings.Split(t.Name(), "/") {
		run = append(run, "^"+regexp.QuoteMeta(part)+"$")
	}
	return fmt.Sprintf("go test %s -run '%s' -update", packageDir(), strings.Join(run, "/"))
}

// packageDir is the running package's directory as go test takes it from
// the module's root ("./preview"); "." when the root is not found.
func packageDir() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			rel, err := filepath.Rel(dir, wd)
			if err != nil || rel == "." {
				return "."
			}
			return "./" + filepath.ToSlash(rel)
		}
		if filepath.Dir(dir) == dir {
			return "."
		}
	}
}

// context is how many unchanged lines a hunk shows around a change.
const context = 2

// maxCells bounds the line comparison (lines of one × lines of the
// other); past it Diff shows the first line that differs.
const maxCells = 4_000_000

// Diff shows the lines of want and got that differ, in hunks with their
// line numbers, "-" for want's and "+" for got's. When the lines of a hunk
// would look the same in a terminal (trailing spaces, a carriage return,
// control characters), its changed lines are quoted.
func Diff(want, got []byte) string {
	a, b := lines(want), lines(got)
	var out strings.Builder
	if len(a)*len(b) > maxCells {
		out.WriteString(firstDifference(a, b))
	} else {
		ops := script(a, b)
		var changed []int
		for i, o := range ops {
			if o.kind != ' ' {
				changed = append(changed, i)
			}
		}
		for len(changed) > 0 {
			first, last, n := changed[0], changed[0], 1
			for n < len(changed) && changed[n]-last <= 2*context+1 {
				last = changed[n]
				n++
			}
			changed = changed[n:]
			writeHunk(&out, ops[max(first-context, 0):min(last+context+1, len(ops))])
		}
	}
	if len(want) > 0 && len(got) > 0 && bytes.HasSuffix(want, []byte("\n")) != bytes.HasSuffix(got, []byte("\n")) {
		fmt.Fprintf(&out, "(the golden file ends %s, got ends %s)\n", ending(want), ending(got))
	}
	return strings.TrimRight(out.String(), "\n")
}

func writeHunk(out *strings.Builder, ops []op) {
	fmt.Fprintf(out, "@@ golden line %d, got line %d @@\n", ops[0].a+1, ops[0].b+1)
	seen, quote := map[string]byte{}, false
	for _, o := range ops {
		if o.kind == ' ' {
			continue
		}
		v := visible(o.text)
		if k, ok := seen[v]; ok && k != o.kind {
			quote = true
		}
		seen[v] = o.kind
	}
	for _, o := range ops {
		text := o.text
		if quote && o.kind != ' ' {
			text = strconv.Quote(text)
		}
		out.WriteByte(o.kind)
		out.WriteString(text)
		out.WriteByte('\n')
	}
}

// visible is what a terminal shows of a line.
func visible(s string) string {
	s = strings.Map(func(r rune) rune {
		if !unicode.IsPrint(r) && r != '\t' {
			return -1
		}
		return r
	}, s)
	return strings.TrimRightFunc(s, unicode.IsSpace)
}

func ending(data []byte) string {
	if bytes.HasSuffix(data, []byte("\n")) {
		return "with a newline"
	}
	return "without a newline"
}

// lines splits data into lines without their newlines.
func lines(data []byte) []string {
	s := strings.TrimSuffix(string(data), "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// op is one line of an edit script: ' ' kept, '-' only in want, '+' only
// in got; a and b are its line indexes in want and got.
type op struct {
	kind byte
	text string
	a, b int
}

// script is the shortest edit script from a to b, by the longest common
// subsequence of their lines.
func script(a, b []string) []op {
	// lcs[i][j] is the length of the longest common subsequence of a[i:]
	// and b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var ops []op
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			ops = append(ops, op{' ', a[i], i, j})
			i, j = i+1, j+1
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, op{'-', a[i], i, j})
			i++
		default:
			ops = append(ops, op{'+', b[j], i, j})
			j++
		}
	}
	return ops
}

func firstDifference(a, b []string) string {
	for i := 0; i < max(len(a), len(b)); i++ {
		var x, y string
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y || i >= len(a) || i >= len(b) {
			return fmt.Sprintf("@@ line %d (the files are too long to compare line by line) @@\n-%s\n+%s\n", i+1, strconv.Quote(x), strconv.Quote(y))
		}
	}
	return ""
}
