package template

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tidwall/gjson"
)

func TestDuplicateKeysAreErrors(t *testing.T) {
	doc, err := Parse([]byte(`{"aug":{"rateLimit":"1/2","rateLimit":"9/1"},
 "processing":{"operations":[{"name":"datadog","api_key":"<YOUR-API-KEY>",
  "metrics":[{"metric":"a.b","metric":"Bad Name!!","points":["x"],"type":"gauge"}]}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, f := range Validate(doc) {
		if f.Code == "duplicate-key" {
			if f.Severity != Error || f.Line < 1 {
				t.Errorf("finding %+v", f)
			}
			got[f.Path] = true
		}
	}
	for _, want := range []string{"aug.rateLimit", "processing.operations.0.metrics.0.metric"} {
		if !got[want] {
			t.Errorf("no duplicate-key finding at %s (got %v)", want, got)
		}
	}
	clean, _ := Parse([]byte(`{"a":{"k":1},"b":{"k":2},"c":[{"k":1},{"k":1}]}`))
	for _, f := range Validate(clean) {
		if f.Code == "duplicate-key" {
			t.Errorf("same key in different objects is not a duplicate: %+v", f)
		}
	}
}

func TestDisableAfterInThePastIsAWarning(t *testing.T) {
	defer func(c func() time.Time) { clock = c }(clock)
	clock = func() time.Time { return time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC) }
	for at, want := range map[string]bool{"2020-01-01T00:00:00Z": true, "2027-01-01T00:00:00Z": false} {
		doc, _ := Parse([]byte(`{"aug":{"globalDisableAfterTime":"` + at + `"}}`))
		found := false
		for _, f := range Validate(doc) {
			if f.Code == "disable-after-past" {
				found = f.Severity == Warning
			}
		}
		if found != want {
			t.Errorf("%s: disable-after-past = %v, want %v", at, found, want)
		}
	}
}

func TestWriteFileThroughASymlink(t *testing.T) {
	dir := t.TempDir()
	target := dir + "/real.json"
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := dir + "/link.json"
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if err := WriteFile(link, []byte("new"), 0o644, true); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v %v", fi, err)
	}
	if data, _ := os.ReadFile(target); string(data) != "new" {
		t.Fatalf("target holds %q", data)
	}
}

// FuzzDuplicateWalk: the one-pass walk finds what the gjson walk finds, and
// each place it knows is where the locator finds the path.
func FuzzDuplicateWalk(f *testing.F) {
	for _, s := range append(oddDocuments, `{"a":{"b":1,"b":{"c":1,"c":2}},"a":[{"":{"x":1,"x":1}}]}`, `{"":{"":{"k":1,"k":2}}}`,
		`[{"a":1,"a":2},[{"b":1,"b":1}]]`, `{"a\u002eb":1,"a.b":2,"k\\\\":1,"k\\\\":2}`, `{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"a":10}`,
		// Found by fuzzing: not JSON; paths "" that are not the root; a key
		// that is not UTF-8, which Key rewrites.
		`{""00 ""00`, `{"":{"":[{"":"","":""}]}}`, "\x10{}", "{\"!\xc80000000\":{\"\":{\"\":{},\"\":{}}}}") {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v := gjson.ParseBytes(data)
		if !v.IsObject() && !v.IsArray() {
			return
		}
		for _, base := range [][2]string{{"", ""}, {"x.y", "x.y"}, {"x.y", "x"}} {
			var w keyWalk
			ok := w.walk(v.Raw, base[0], base[1])
			if valid := json.Valid([]byte(v.Raw)); ok != valid {
				t.Fatalf("the walk says %v, encoding/json %v", ok, valid)
			}
			if !ok {
				return // walkKeys walks the gjson way
			}
			var tree checker
			tree.walkKeysTree(v, base[0], base[1])
			if len(tree.fs) != len(w.fs) {
				t.Fatalf("base %v: %d findings, the gjson walk %d:\n%+v\n%+v", base, len(w.fs), len(tree.fs), w.fs, tree.fs)
			}
			var loc *locator
			if base[0] == "" {
				loc = newLocator(string(data))
			}
			for i := range w.fs {
				if w.fs[i] != tree.fs[i] {
					t.Fatalf("base %v: finding %d is %+v, the gjson walk says %+v", base, i, w.fs[i], tree.fs[i])
				}
				if loc != nil && w.offs[i] >= 0 {
					if got, want := v.Index+w.offs[i], loc.offset(w.fs[i].Path); got != want {
						t.Fatalf("%q at %d, the locator says %d", w.fs[i].Path, got, want)
					}
				}
			}
		}
	})
}

// TestDuplicateWalkIsOnePass: a deeply nested template is walked in one
// pass (not handed to the gjson walk), and the repeated key at the bottom
// is found at its line and column.
func TestDuplicateWalkIsOnePass(t *testing.T) {
	src := `{"aug":` + strings.Repeat("[\n", 9000) + `{"k":1,"k":2}` + strings.Repeat("]", 9000) + `}`
	var w keyWalk
	if !w.walk(src, "", "") || len(w.fs) != 1 {
		t.Fatalf("walk: %+v", w.fs)
	}
	d := mustParse(t, src)
	for _, f := range Validate(d) {
		if f.Code == "duplicate-key" {
			if f.Line != 9001 || f.Column != 6 || f.Path != "aug"+strings.Repeat(".0", 9000)+".k" {
				t.Errorf("duplicate-key at %d:%d, want 9001:6", f.Line, f.Column)
			}
			return
		}
	}
	t.Error("no duplicate-key finding")
}
