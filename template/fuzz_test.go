package template

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzParseValidate(f *testing.F) {
	for _, p := range Presets {
		f.Add(Build(p.Spec).Bytes())
	}
	goldens, _ := filepath.Glob(filepath.Join("testdata", "build", "*.json"))
	// The hostile files: control characters, a byte order mark, UTF-16,
	// Latin-1, two api_key keys.
	hostile, _ := filepath.Glob(filepath.Join("..", "testdata", "hostile", "*.json"))
	for _, g := range append(goldens, hostile...) {
		data, err := os.ReadFile(g)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		handAPI, handStatsD,
		"", " ", "{", "}", "[]", "null", `"x"`, "{}", `{"a":}`, `{"a":1}x`, `{"a":1}{}`, "\ufeff{}",
		`{"processing":{"operations":[{"name":"datadog","metrics":[{"metric":5,"type":[],"points":{},"tags":"x"}]}]}}`,
		`{"processing":{"operations":[{"name":"dogstatsd","action":"event","title":1,"target":[]}]},"aug":[]}`,
		`{"x-rk-tui":{"metrics":{"a.b":{"unit":5,"orientation":"x"},"1":[]}},"x-rk-tui":2}`,
		`{"aug":{"rateLimit":"99999999999999999999/1","globalHitLimit":1e400,"location":{"lineno":-1e308}}}`,
		`{"a\u002eb":{"c":1},"processing":{"operations":[{"name":"dogstatsd","action":"increment","metric":"é\u0000","tags":["\ud800",""]}]}}`,
		"{\"processing\":{\"operations\":[{\"name\":\"datadog\",\"api_key\":\"\xff\xfe-secret-key-\xc3\",\"metrics\":[]}]}}",
		// Encodings Parse names: a BOM, UTF-16 both ways, bytes that are not UTF-8.
		"\xef\xbb\xbf{}", "\xff\xfe{\x00}\x00", "\xfe\xff\x00{\x00}", "{\x00\"\x00a", `{"title":"caf` + "\xe9" + `"}`, "{\"a\":\"\xc3\"}",
		// Control characters where a person reads them.
		"{\"appearance\":{\"title\":\"\\u001b[31m\",\"icon\":\"\\u009b\",\"color\":\"\\u202e\"},\"aug\":{\"location\":{\"filename\":\"\\u0007\"}}}",
		`{"processing":{"operations":[{"name":"dogstatsd","action":"event","title":"t\u001b","text":"a\nb\u0000","target":{"host":"h\tx","port":8125},"tags":["a:\u001b"]}]},"x-rk-tui":{"metrics":{"m\u001b":{"unit":"ms\u0085","description":"\u2066","short_name":"\u007f"}}}}`,
		// Repeated keys where the Validator's index lists members, and deep.
		`{"processing":{"operations":[{"name":"datadog","metrics":[{"metric":"a","type":"count"}],"metrics":{}}],"operations":[]},"x-rk-tui":{"metrics":{"a":{},"a":{"unit":"x"}}}}`,
		`{"aug":` + strings.Repeat(`{"a":[`, 300) + strings.Repeat(`]}`, 300) + `}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		orig := append([]byte(nil), data...)
		d, err := Parse(data)
		doc, loaded := Load(data)
		if err != nil {
			pf := ParseFinding(err)
			if doc != nil || len(loaded) != 1 || loaded[0] != pf {
				t.Fatalf("Load and Parse disagree: %v / %+v", err, loaded)
			}
			if pf.Line < 1 || pf.Column < 1 || pf.Code == "" || pf.Severity != Error || pf.Message == "" {
				t.Fatalf("bad parse finding %+v", pf)
			}
			if lines := bytes.Count(data, []byte{'\n'}) + 1; pf.Line > lines {
				t.Fatalf("parse finding on line %d of %d", pf.Line, lines)
			}
			if len(data) <= MaxSize && (!utf8.Valid(data) || bytes.HasPrefix(data, []byte("\xef\xbb\xbf"))) && pf.Code != "json-encoding" {
				t.Fatalf("text that is not plain UTF-8 is reported as %s: %s", pf.Code, pf.Message)
			}
			return
		}
		if !bytes.Equal(d.Bytes(), data) {
			t.Fatal("Parse changed the bytes")
		}
		again, err := Parse(d.Bytes())
		if err != nil || !bytes.Equal(again.Bytes(), d.Bytes()) {
			t.Fatalf("a parsed document does not re-parse from its own bytes: %v", err)
		}

		fs := Validate(d)
		if !reflect.DeepEqual(fs, loaded) {
			t.Fatal("Load and Validate disagree")
		}
		if diff := diffFindings(fs, validateWhole(string(data))); diff != "" {
			t.Fatalf("checking on the index and checking the whole document disagree: %s", diff)
		}
		lines := bytes.Count(data, []byte{'\n'}) + 1
		// With a repeated key, gjson may resolve a path through either copy;
		// the file already has a duplicate-key error, so positions under it
		// are best effort.
		dupKeys := false
		for _, f := range fs {
			dupKeys = dupKeys || f.Code == "duplicate-key"
		}
		for _, f := range fs {
			if f.Line < 1 || f.Column < 1 || f.Line > lines {
				t.Fatalf("finding %s at %d:%d (file has %d lines)", f.Code, f.Line, f.Column, lines)
			}
			if line, col := d.Position(f.Path); !dupKeys && (line != f.Line || col != f.Column) {
				t.Fatalf("Position(%q) = %d:%d, finding says %d:%d", f.Path, line, col, f.Line, f.Column)
			}
			if (f.Severity != Error && f.Severity != Warning) || f.Code == "" || f.Message == "" {
				t.Fatalf("bad finding %+v", f)
			}
			if utf8.Valid(data) && !utf8.ValidString(f.Message) {
				t.Fatalf("finding %s has a message that is not UTF-8: %q", f.Code, f.Message)
			}
		}
		for _, op := range Read(d).Operations {
			if op.Datadog == nil {
				continue
			}
			key := strings.TrimSpace(op.Datadog.APIKey)
			if len(key) < 8 || IsPlaceholderKey(key) {
				continue
			}
			for _, f := range fs {
				if f.Code == "api-key-literal" && strings.Contains(f.Message, key) {
					t.Fatalf("the api key is printed: %s", f.Message)
				}
			}
		}
		for _, m := range Read(d).Metrics() {
			for _, p := range []string{m.Path, m.NamePath(), m.TypePath(), m.ValuePath(), m.TagsPath()} {
				if line, col := d.Position(p); line < 1 || col < 1 || line > lines {
					t.Fatalf("Position(%q) = %d:%d", p, line, col)
				}
			}
			_ = KindOf(m.Op.Name, m.Type)
			_ = d.Meta(m.Name)
		}

		for _, opt := range []ExportOptions{{}, {Minify: true}, {APIKey: "0123456789abcdef0123456789abcdef"}} {
			out, err := Export(d, opt)
			if err != nil {
				t.Fatalf("Export(%+v): %v", opt, err)
			}
			e, err := Parse(out)
			if err != nil {
				t.Fatalf("Export(%+v) is not a template: %v\n%s", opt, err, out)
			}
			if e.Get(Key(ExtensionKey)).Exists() {
				t.Fatalf("Export(%+v) kept %s: %s", opt, ExtensionKey, out)
			}
		}

		// A few edits on a copy: whatever they do, the result is JSON, and
		// a Validator that saw the original reports for each what Validate
		// reports.
		if n := len(Read(d).Metrics()); n > 0 {
			c := d.Clone()
			var v Validator
			v.Validate(d)
			for _, edit := range []func() error{
				func() error { return c.SetMetricTags(0, []string{"a:b", "A:B"}) },
				func() error { return c.SetMetricValue(n-1, "2") },
				func() error { return c.MoveMetric(0, n-1) },
				func() error { return c.DeleteMetric(0) },
			} {
				_ = edit()
				if _, err := Parse(c.Bytes()); err != nil {
					t.Fatalf("edits broke the JSON: %v\n%s", err, c.Bytes())
				}
				if diff := diffFindings(v.Validate(c), Validate(c)); diff != "" {
					t.Fatalf("after an edit the Validator disagrees with Validate: %s", diff)
				}
			}
		}
		if !bytes.Equal(d.Bytes(), orig) {
			t.Fatal("reading, validating or exporting changed the document")
		}
	})
}
