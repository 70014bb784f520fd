package template

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/tidwall/sjson"
)

// A key added to an object follows its neighbours' layout and goes where it
// is asked.
func TestInsertMember(t *testing.T) {
	tests := []struct {
		name, in, path string
		after          *string
		key            string
		value          any
		want           string
	}{
		{"four-space file, last", "{\n    \"x\": {\n        \"plan\": \"pro\",\n        \"mine\": true\n    }\n}", "x", ptr("mine"), "hosts", 5,
			"{\n    \"x\": {\n        \"plan\": \"pro\",\n        \"mine\": true,\n        \"hosts\": 5\n    }\n}"},
		{"four-space file, first", "{\n    \"x\": {\n        \"plan\": \"pro\",\n        \"mine\": true\n    }\n}", "x", ptr(""), "hosts", 5,
			"{\n    \"x\": {\n        \"hosts\": 5,\n        \"plan\": \"pro\",\n        \"mine\": true\n    }\n}"},
		{"between", `{"a": 1, "c": 3}`, "", ptr("a"), "b", 2, `{"a": 1, "b": 2, "c": 3}`},
		{"one member, on its own line", "{\n  \"a\": 1\n}", "", nil, "b", "<v>", "{\n  \"a\": 1,\n  \"b\": \"<v>\"\n}"},
		{"compact", `{"a":1}`, "", ptr("gone"), "b", 2, `{"a":1,"b":2}`},
		{"empty object", `{"x": {}}`, "x", nil, "k", 1, `{"x": {"k":1}}`},
		{"an object among lines", "{\n    \"x\": {\n        \"a\": 1\n    }\n}", "x", nil, "tv", map[string]int{"env": 2},
			"{\n    \"x\": {\n        \"a\": 1,\n        \"tv\": {\n            \"env\": 2\n        }\n    }\n}"},
		{"a dotted key", `{"a": 1}`, "", ptr("a"), "b.c", 2, `{"a": 1, "b.c": 2}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if err := d.InsertMember(tt.path, tt.after, tt.key, tt.value); err != nil {
				t.Fatal(err)
			}
			if got := string(d.Bytes()); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
	d, _ := Parse([]byte(`{"a": 1}`))
	if err := d.InsertMember("", nil, "a", 2); err == nil {
		t.Error("a key the object has was added again")
	}
	if keys := d.MemberKeys(""); len(keys) != 1 || keys[0] != "a" {
		t.Errorf("MemberKeys = %q", keys)
	}
}

func ptr(s string) *string { return &s }

// Deleting a member takes its separator and nothing else, so what stays
// keeps its layout.
func TestDeleteMember(t *testing.T) {
	for in, want := range map[string]string{
		`{"a": 1, "b": 2}`:                       `{"b": 2}`,
		`{"b": 2, "a": 1}`:                       `{"b": 2}`,
		`{"c": 0, "a": 1, "b": 2}`:               `{"c": 0, "b": 2}`,
		"{\n  \"a\": 1,\n  \"b\": 2\n}":          "{\n  \"b\": 2\n}",
		"{\n  \"b\": 2,\n  \"a\": 1\n}":          "{\n  \"b\": 2\n}",
		"{\"a\": {\"z\": 1},\n  \"b\": 2\n}":     "{\n  \"b\": 2\n}",
		`{"a": 1}`:                               `{}`,
		`{"q\"a": 0, "a": 1}`:                    `{"q\"a": 0}`,
		`{"x": [1, 2], "a": "s,\"}", "b": true}`: `{"x": [1, 2], "b": true}`,
	} {
		d, err := Parse([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		if err := d.Delete("a"); err != nil {
			t.Fatal(err)
		}
		if got := string(d.Bytes()); got != want {
			t.Errorf("delete a from %q = %q, want %q", in, got, want)
		}
	}
}

// An element of a list goes with its separator: deleting the first of an
// indented list leaves no line of spaces behind.
func TestDeleteElement(t *testing.T) {
	ind := "{\n  \"m\": [\n    {\"a\": 1},\n    {\"b\": 2},\n    {\"c\": 3}\n  ]\n}\n"
	tests := []struct{ in, path, want string }{
		{ind, "m.0", "{\n  \"m\": [\n    {\"b\": 2},\n    {\"c\": 3}\n  ]\n}\n"},
		{ind, "m.1", "{\n  \"m\": [\n    {\"a\": 1},\n    {\"c\": 3}\n  ]\n}\n"},
		{ind, "m.2", "{\n  \"m\": [\n    {\"a\": 1},\n    {\"b\": 2}\n  ]\n}\n"},
		{strings.ReplaceAll(ind, "\n", "\r\n"), "m.0", strings.ReplaceAll("{\n  \"m\": [\n    {\"b\": 2},\n    {\"c\": 3}\n  ]\n}\n", "\n", "\r\n")},
		{`{"m": [1, 2, 3]}`, "m.0", `{"m": [2, 3]}`},
		{`{"m": [1, 2, 3]}`, "m.2", `{"m": [1, 2]}`},
		{`{"m":[1,2]}`, "m.1", `{"m":[1]}`},
		{"{\n  \"m\": [\n    1\n  ]\n}", "m.0", "{\n  \"m\": []\n}"},
	}
	for _, tt := range tests {
		d, err := Parse([]byte(tt.in))
		if err != nil {
			t.Fatal(err)
		}
		if err := d.Delete(tt.path); err != nil {
			t.Fatal(err)
		}
		if got := string(d.Bytes()); got != tt.want {
			t.Errorf("delete %s from %q = %q, want %q", tt.path, tt.in, got, tt.want)
		}
	}
}

// Whatever member goes, the document means what sjson's delete makes of it.
func TestDeleteMemberMeansWhatSjsonDoes(t *testing.T) {
	for _, p := range Presets {
		doc := Build(p.Spec)
		for _, raw := range [][]byte{doc.Bytes(), Compact(doc.Bytes())} {
			for path := range walkJSON(t, raw) {
				want, err := sjson.DeleteBytes(raw, path)
				if err != nil {
					continue
				}
				d, _ := Parse(raw)
				if err := d.Delete(path); err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				var a, b any
				if json.Unmarshal(d.Bytes(), &a) != nil || json.Unmarshal(want, &b) != nil || !reflect.DeepEqual(a, b) {
					t.Fatalf("delete %s:\n%s\nsjson:\n%s", path, d.Bytes(), want)
				}
			}
		}
	}
}

// An element added to an indented list, and a list replaced, keep the
// file's layout.
func TestAppendAndReplaceLikeTheFile(t *testing.T) {
	in := "{\n    \"m\": [\n        {\n            \"metric\": \"a\",\n            \"tags\": [\"x:1\", \"y:2\"]\n        }\n    ]\n}"
	d, _ := Parse([]byte(in))
	if err := d.AppendElement("m", []byte(`{"metric":"b","tags":["z:3"]}`)); err != nil {
		t.Fatal(err)
	}
	want := "{\n    \"m\": [\n        {\n            \"metric\": \"a\",\n            \"tags\": [\"x:1\", \"y:2\"]\n        },\n        {\n            \"metric\": \"b\",\n            \"tags\": [\"z:3\"]\n        }\n    ]\n}"
	if got := string(d.Bytes()); got != want {
		t.Errorf("append:\n%s\nwant\n%s", got, want)
	}
	if err := d.SetRawLike("m.0.tags", []byte(`["x:1","y:3"]`)); err != nil {
		t.Fatal(err)
	}
	if got := d.Get("m.0.tags").Raw; got != `["x:1", "y:3"]` {
		t.Errorf("replace: %s", got)
	}
}

// Layouts other than two spaces and LF: a four-space root, tabs, CRLF.
func TestLayoutsOfOtherFiles(t *testing.T) {
	d, _ := Parse([]byte("{\n    \"m\": 1\n}\n"))
	if err := d.Set("x-rk-tui.profile.hosts", 3); err != nil {
		t.Fatal(err)
	}
	if want := "{\n    \"m\": 1,\n    \"x-rk-tui\": {\n        \"profile\": {\n            \"hosts\": 3\n        }\n    }\n}\n"; string(d.Bytes()) != want {
		t.Errorf("four spaces at the root:\n%s", d.Bytes())
	}
	d, _ = Parse([]byte("{\r\n  \"p\": {\r\n    \"a\": 1\r\n  }\r\n}\r\n"))
	if err := d.InsertMember("p", nil, "tv", map[string]int{"env": 2}); err != nil {
		t.Fatal(err)
	}
	if want := "{\r\n  \"p\": {\r\n    \"a\": 1,\r\n    \"tv\": {\r\n      \"env\": 2\r\n    }\r\n  }\r\n}\r\n"; string(d.Bytes()) != want {
		t.Errorf("CRLF: %q", d.Bytes())
	}
	d, _ = Parse([]byte("{\n\t\"m\": [\n\t\t{\n\t\t\t\"tags\": [\n\t\t\t\t\"x:1\"\n\t\t\t]\n\t\t}\n\t]\n}"))
	if err := d.SetRawLike("m.0.tags", []byte(`["y:2","z:3"]`)); err != nil {
		t.Fatal(err)
	}
	if want := "{\n\t\"m\": [\n\t\t{\n\t\t\t\"tags\": [\n\t\t\t\t\"y:2\",\n\t\t\t\t\"z:3\"\n\t\t\t]\n\t\t}\n\t]\n}"; string(d.Bytes()) != want {
		t.Errorf("tabs: %q", d.Bytes())
	}
}

// Whatever key is added, in whatever object, the document means what
// sjson's set makes of it.
func TestSetNewKeyMeansWhatSjsonDoes(t *testing.T) {
	for _, p := range Presets {
		doc := Build(p.Spec)
		for _, raw := range [][]byte{doc.Bytes(), Compact(doc.Bytes())} {
			for path, node := range walkJSON(t, raw) {
				if !strings.HasPrefix(node.Raw, "{") {
					continue
				}
				for _, key := range []string{"new", "a.b", `q"uote`, "x:y", "ünï"} {
					full := Key(key)
					if path != "" {
						full = path + "." + Key(key)
					}
					for _, value := range []any{1, "s<>", map[string]any{"k": []int{1, 2}}} {
						want, err := sjson.SetBytes(raw, full, value)
						if err != nil {
							continue
						}
						d, _ := Parse(raw)
						if err := d.Set(full, value); err != nil {
							t.Fatalf("%s: %v", full, err)
						}
						var a, b any
						if json.Unmarshal(d.Bytes(), &a) != nil || json.Unmarshal(want, &b) != nil || !reflect.DeepEqual(a, b) {
							t.Fatalf("set %s:\n%s\nsjson:\n%s", full, d.Bytes(), want)
						}
					}
				}
			}
		}
	}
}
