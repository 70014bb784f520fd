package template

import (
	"os"
	"testing"
	"time"
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
