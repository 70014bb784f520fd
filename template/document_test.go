package template

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		wantCode  string // ParseFinding code
		line, col int
		msg       string // part of the finding's message
	}{
		{"empty file", "", "json-syntax", 1, 1, "empty"},
		{"only whitespace", " \n\t\r\n", "json-syntax", 1, 1, "empty"},
		{"bad literal on line 3", "{\n  \"a\": 1,\n  \"b\": tru\n}", "json-syntax", 3, 11, "literal true"},
		{"trailing comma", `{"a": 1,}`, "json-syntax", 1, 9, "object key"},
		{"missing colon", `{"a" 1}`, "json-syntax", 1, 6, "after object key"},
		{"unclosed array", `{"a": [1, 2`, "json-syntax", 1, 12, "not closed"},
		{"unclosed string", "{\n\"a\": \"x", "json-syntax", 2, 8, "not closed"},
		{"columns count runes", "{\"é☃\": ☃}", "json-syntax", 1, 8, "invalid character"},
		{"byte order mark", "\ufeff{}", "json-encoding", 1, 1, "byte order mark (BOM)"},
		{"UTF-16 little-endian with BOM", "\xff\xfe{\x00}\x00", "json-encoding", 1, 1, "UTF-16"},
		{"UTF-16 big-endian without BOM", "\x00{\x00}", "json-encoding", 1, 1, "UTF-16"},
		{"UTF-32 little-endian with BOM", "\xff\xfe\x00\x00{\x00\x00\x00}\x00\x00\x00", "json-encoding", 1, 1, "iconv -f UTF-32"},
		{"UTF-32 big-endian without BOM", "\x00\x00\x00{\x00\x00\x00}", "json-encoding", 1, 1, "UTF-32 text"},
		{"NUL bytes", "\x00\x00\x00\x00\x00\x00", "json-encoding", 1, 1, "NUL byte (0x00): it is binary data"},
		{"a NUL byte in the middle", "{\"a\":\n \x00}", "json-encoding", 2, 2, "NUL byte"},
		{"Latin-1 in a string", "{\n  \"title\": \"gr\xf6\xdfe\"\n}", "json-encoding", 2, 15, "byte 0xF6 is not UTF-8"},
		{"trailing garbage", "{\"a\": 1}\n\n  x", "json-syntax", 3, 3, "after the end"},
		{"two objects", `{"a":1}{"b":2}`, "json-syntax", 1, 8, "after the end"},
		{"array", `[{"a": 1}]`, "json-not-object", 1, 1, "JSON array"},
		{"string", `"template"`, "json-not-object", 1, 1, "JSON string"},
		{"number", `12`, "json-not-object", 1, 1, "JSON number"},
		{"boolean", `true`, "json-not-object", 1, 1, "JSON boolean"},
		{"null", ` null `, "json-not-object", 1, 1, "JSON null"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse([]byte(tt.in))
			if err == nil {
				t.Fatalf("Parse(%q) = %s, want an error", tt.in, d.Bytes())
			}
			f := ParseFinding(err)
			if f.Severity != Error || f.Code != tt.wantCode || f.Line != tt.line || f.Column != tt.col {
				t.Errorf("finding = %s %s %d:%d, want error %s %d:%d (%v)", f.Severity, f.Code, f.Line, f.Column, tt.wantCode, tt.line, tt.col, err)
			}
			if !strings.Contains(f.Message, tt.msg) {
				t.Errorf("message %q does not contain %q", f.Message, tt.msg)
			}
			var se *SyntaxError
			if errors.As(err, &se) && (se.Line != tt.line || se.Column != tt.col) {
				t.Errorf("SyntaxError at %d:%d, want %d:%d", se.Line, se.Column, tt.line, tt.col)
			}
			doc, fs := Load([]byte(tt.in))
			if doc != nil || len(fs) != 1 || fs[0] != f {
				t.Errorf("Load = %v, %+v; want nil and the parse finding", doc, fs)
			}
		})
	}
}

func TestParseKeepsBytes(t *testing.T) {
	in := []byte(" \n{\"b\" :1.50,\t\"a\":[ -0 ,1e3 ]}\n\n")
	d, err := Parse(in)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(d.Bytes(), in) {
		t.Fatalf("Bytes() = %q, want %q", d.Bytes(), in)
	}
	in[3] = 'X' // the document holds its own copy
	if d.Get("b").Raw != "1.50" {
		t.Fatalf("document shares the caller's buffer: %q", d.Bytes())
	}
	c := d.Clone()
	if err := c.Set("b", 2); err != nil {
		t.Fatal(err)
	}
	if d.Get("b").Raw != "1.50" || c.Get("b").Raw != "2" {
		t.Fatalf("Clone is not independent: %s / %s", d.Bytes(), c.Bytes())
	}
}

func TestParseSizeLimit(t *testing.T) {
	// Exactly MaxSize is accepted; one byte more is refused.
	ok := append([]byte(`{"a": 1}`), bytes.Repeat([]byte(" "), MaxSize-8)...)
	if _, err := Parse(ok); err != nil {
		t.Fatalf("a template of exactly MaxSize bytes: %v", err)
	}
	big := append(ok, ' ')
	_, err := Parse(big)
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Size != MaxSize+1 {
		t.Fatalf("Parse(MaxSize+1) = %v, want TooLargeError", err)
	}
	f := ParseFinding(err)
	if f.Code != "file-too-large" || f.Severity != Error || !strings.Contains(f.Message, "10 MiB") {
		t.Errorf("finding = %+v", f)
	}
}

func TestMustParsePanicsOnBadInput(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("MustParse of broken JSON did not panic")
		}
	}()
	MustParse([]byte("{"))
}

func TestLineCol(t *testing.T) {
	data := []byte("ab\n☃é\n\nx")
	tests := []struct{ off, line, col int }{
		{-5, 1, 1}, {0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {6, 2, 2}, {8, 2, 3}, {9, 3, 1}, {10, 4, 1}, {11, 4, 2}, {999, 4, 2},
	}
	for _, tt := range tests {
		line, col := LineCol(data, tt.off)
		if line != tt.line || col != tt.col {
			t.Errorf("LineCol(%d) = %d:%d, want %d:%d", tt.off, line, col, tt.line, tt.col)
		}
	}
}

func TestPosition(t *testing.T) {
	src := "{\n  \"aug\": {\n\t\"location\": {\"name\": \"file_line\"},\n    \"a.b\": [10, {\"c\": \"☃\"}]\n  }\n}\n"
	d := mustParse(t, src)
	tests := []struct {
		path      string
		line, col int
	}{
		{"aug", 2, 10},
		{"aug.location", 3, 14},
		{"aug.location.name", 3, 23},
		{"aug.location.lineno", 3, 14}, // missing: its parent
		{`aug.a\.b.1.c`, 4, 23},
		{`aug.a\.b.1.c.deeper`, 4, 23},
		{`aug.a\.b.7`, 4, 12},
		{"nothing.at.all", 1, 1},
		{"", 1, 1},
	}
	for _, tt := range tests {
		line, col := d.Position(tt.path)
		if line != tt.line || col != tt.col {
			t.Errorf("Position(%q) = %d:%d, want %d:%d", tt.path, line, col, tt.line, tt.col)
		}
		if wl, wc := expectedPosition(t, []byte(src), tt.path); wl != line || wc != col {
			t.Errorf("Position(%q) = %d:%d, oracle says %d:%d", tt.path, line, col, wl, wc)
		}
	}
}

func TestKeyEscapesEveryPathCharacter(t *testing.T) {
	keys := []string{"plain", "dots.and:colons", "é.☃", "123", "-1", "{\x1b", "[0]", "{a,b}"}
	// Every printable ASCII character and a control character, as the
	// whole key, its first, middle and last character: gjson reads some
	// only at the start of a key ('{' and '[' begin a multipath there).
	for c := byte(0x1b); c < 0x7f; c++ {
		if c > 0x1b && c < ' ' {
			continue
		}
		s := string(c)
		keys = append(keys, s, s+"x", "a"+s+"b", "x"+s)
	}
	for _, k := range keys {
		t.Run(k, func(t *testing.T) {
			d := mustParse(t, `{"m": {"other": 1}}`)
			if err := d.Set("m."+Key(k), "v"); err != nil {
				t.Fatalf("Set: %v", err)
			}
			if got := d.Get("m." + Key(k)); got.String() != "v" {
				t.Fatalf("Get after Set = %q in %s", got.Raw, d.Bytes())
			}
			if n := walkJSON(t, d.Bytes()); n["m."+oracleKey(k)].Raw != `"v"` {
				t.Fatalf("the key was not written literally: %s", d.Bytes())
			}
			if err := d.Delete("m." + Key(k)); err != nil {
				t.Fatal(err)
			}
			if string(d.Bytes()) != `{"m": {"other": 1}}` {
				t.Fatalf("Delete left %s", d.Bytes())
			}
		})
	}
}

func TestDeleteMissingPathIsNoop(t *testing.T) {
	d := mustParse(t, `{"a": 1}`)
	if err := d.Delete("b.c"); err != nil {
		t.Fatal(err)
	}
	if string(d.Bytes()) != `{"a": 1}` {
		t.Fatalf("got %s", d.Bytes())
	}
}

func TestCanonicalAndCompactKeepValues(t *testing.T) {
	src := "{\"b\":1.50,\"a\":[-0,1e3,\"\\u00e9 \\\"q\\\"\"],\"c\":{}}"
	if got, want := string(Compact([]byte(src))), src; got != want {
		t.Errorf("Compact = %s", got)
	}
	want := "{\n  \"b\": 1.50,\n  \"a\": [\n    -0,\n    1e3,\n    \"\\u00e9 \\\"q\\\"\"\n  ],\n  \"c\": {}\n}\n"
	if got := string(Canonical([]byte(src))); got != want {
		t.Errorf("Canonical =\n%s\nwant\n%s", got, want)
	}
	if mustParse(t, src).IsCanonical() || !mustParse(t, want).IsCanonical() {
		t.Error("IsCanonical is wrong")
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "t.json")
	if err := os.WriteFile(good, []byte(`{"a":1}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if data, err := ReadFile(context.Background(), good, nil); err != nil || string(data) != `{"a":1}` {
		t.Errorf("ReadFile = %q, %v", data, err)
	}
	if data, err := ReadFile(context.Background(), "-", strings.NewReader(`{"in":1}`)); err != nil || string(data) != `{"in":1}` {
		t.Errorf("ReadFile(-) = %q, %v", data, err)
	}
	if _, err := ReadFile(context.Background(), filepath.Join(dir, "missing.json"), nil); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing file: %v", err)
	}
	if _, err := ReadFile(context.Background(), dir, nil); err == nil || !strings.Contains(err.Error(), "directory") {
		t.Errorf("directory: %v", err)
	}
	big := filepath.Join(dir, "big.json")
	if err := os.WriteFile(big, bytes.Repeat([]byte(" "), MaxSize+1), 0o644); err != nil {
		t.Fatal(err)
	}
	var tl *TooLargeError
	if _, err := ReadFile(context.Background(), big, nil); !errors.As(err, &tl) || !strings.Contains(err.Error(), big) {
		t.Errorf("over MaxSize: %v", err)
	}
	if _, err := ReadFile(context.Background(), "-", bytes.NewReader(make([]byte, MaxSize+10))); !errors.As(err, &tl) || !strings.Contains(err.Error(), "<stdin>") {
		t.Errorf("stdin over MaxSize: %v", err)
	}
	if DisplayName("-") != "<stdin>" || DisplayName("a.json") != "a.json" {
		t.Error("DisplayName")
	}
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.json")
	if err := WriteFile(p, []byte("one"), 0o600, false); err != nil {
		t.Fatal(err)
	}
	assertFile(t, p, "one", 0o600)
	err := WriteFile(p, []byte("two"), 0o644, false)
	if !errors.Is(err, ErrExists) || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("second write without overwrite: %v", err)
	}
	assertFile(t, p, "one", 0o600)
	if err := WriteFile(p, []byte("three"), 0o644, true); err != nil {
		t.Fatal(err)
	}
	assertFile(t, p, "three", 0o600) // a replaced file keeps its mode
	if err := os.Chmod(p, 0o664); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(p, []byte("four"), 0o600, true); err != nil {
		t.Fatal(err)
	}
	assertFile(t, p, "four", 0o600) // a secret takes group and other bits off
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	if err := WriteFile(filepath.Join(dir, "no", "such", "dir.json"), []byte("x"), 0o644, false); err == nil {
		t.Error("writing into a missing directory succeeded")
	}
}

func assertFile(t *testing.T, path, content string, perm fs.FileMode) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil || string(data) != content {
		t.Fatalf("%s = %q, %v; want %q", path, data, err, content)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != perm {
		t.Errorf("%s mode = %v, want %v", path, st.Mode().Perm(), perm)
	}
}

// FirstRepeatedKey gives the key itself, however it is written in the file.
func TestFirstRepeatedKey(t *testing.T) {
	for _, key := range []string{"hosts", `a "quoted" key`, "é.☃", "appears twice", "\x1b"} {
		b, _ := json.Marshal(key)
		q := string(b)
		data := []byte("{\n  \"profile\": {\n    " + q + ": 1,\n    " + q + ": 2\n  }\n}\n")
		rk, ok := FirstRepeatedKey(data)
		// The place is one of the two, or the object for a key a path
		// cannot name (a control character).
		if !ok || rk.Key != key || rk.Line < 2 || rk.Line > 4 || rk.Column < 1 {
			t.Errorf("FirstRepeatedKey(%s) = %+v, %v", q, rk, ok)
		}
	}
	if rk, ok := FirstRepeatedKey([]byte(`{"a": {"b": 1}, "b": 2}`)); ok {
		t.Errorf("no key is repeated, got %+v", rk)
	}
}

// A NaN or infinite float is refused: sjson would write text that is not
// JSON, and the file would no longer parse.
func TestSetRefusesNonFiniteNumbers(t *testing.T) {
	for _, v := range []any{math.NaN(), math.Inf(1), math.Inf(-1), float32(math.Inf(1))} {
		d := mustParse(t, `{"x-rk-tui": {"profile": {"hosts": 1}}}`)
		for _, path := range []string{"x-rk-tui.profile.hosts", "x-rk-tui.profile.account_hosts", "a.b"} {
			if err := d.Set(path, v); err == nil {
				t.Errorf("Set(%s, %v) = nil, the document is now %s", path, v, d.Bytes())
			}
			if !json.Valid(d.Bytes()) {
				t.Fatalf("Set(%s, %v) left %s", path, v, d.Bytes())
			}
		}
	}
}

func TestIsJSONNumber(t *testing.T) {
	for s, want := range map[string]bool{
		"0": true, "-0": true, "1e29": true, "18446744073709551615": true, "2.50": true, "1E-3": true,
		"": false, "-": false, "+5": false, "05": false, ".5": false, "5.": false, "NaN": false, "Inf": false,
		"0x10": false, "1_000": false, "1e": false, " 5": false, "5 ": false, "12x": false,
	} {
		if got := IsJSONNumber(s); got != want {
			t.Errorf("IsJSONNumber(%q) = %v", s, got)
		}
	}
}

// JSON nested deeper than encoding/json reads is said to be that, not an
// invalid character.
func TestTooDeepIsSaidSo(t *testing.T) {
	data := []byte(`{"a":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}`)
	_, err := Parse(data)
	if err == nil {
		t.Fatal("Parse took 10001 levels")
	}
	f := ParseFinding(err)
	if f.Code != "json-syntax" || !strings.Contains(f.Message, "nests deeper than 10000 levels") || strings.Contains(f.Message, "invalid character") {
		t.Fatalf("finding %+v", f)
	}
}
