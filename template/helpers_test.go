package template

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
)

// jsonNode is one value of a JSON document as the test oracle sees it: its
// gjson-style path, where its first byte is, and its raw text.
type jsonNode struct {
	Path  string
	Start int
	Raw   string
	Leaf  bool
}

// walkJSON lists every value of data with its path and byte offset. It is an
// oracle independent of gjson: it reads tokens with encoding/json and tracks
// offsets itself, so tests can check Position and "nothing else changed"
// without trusting the code under test. On a duplicated key the first wins,
// as in gjson.
func walkJSON(t testing.TB, data []byte) map[string]jsonNode {
	t.Helper()
	type frame struct {
		path      string
		start     int
		array     bool
		idx       int
		key       string
		expectKey bool
	}
	out := map[string]jsonNode{}
	add := func(n jsonNode) {
		if _, dup := out[n.Path]; !dup {
			out[n.Path] = n
		}
	}
	valueStart := func(off int64) int {
		i := int(off)
		for i < len(data) && strings.IndexByte(" \t\r\n,:", data[i]) >= 0 {
			i++
		}
		return i
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var stack []*frame
	childPath := func() string {
		if len(stack) == 0 {
			return ""
		}
		top := stack[len(stack)-1]
		var seg string
		if top.array {
			seg = strconv.Itoa(top.idx)
		} else {
			seg = oracleKey(top.key)
		}
		if top.path == "" {
			return seg
		}
		return top.path + "." + seg
	}
	finished := func() {
		if len(stack) == 0 {
			return
		}
		top := stack[len(stack)-1]
		if top.array {
			top.idx++
		} else {
			top.expectKey = true
		}
	}
	for {
		before := dec.InputOffset()
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("oracle: %v", err)
		}
		if len(stack) > 0 {
			top := stack[len(stack)-1]
			if !top.array && top.expectKey {
				if d, ok := tok.(json.Delim); ok && d == '}' {
					stack = stack[:len(stack)-1]
					add(jsonNode{Path: top.path, Start: top.start, Raw: string(data[top.start:dec.InputOffset()])})
					finished()
					continue
				}
				top.key = tok.(string)
				top.expectKey = false
				continue
			}
		}
		if d, ok := tok.(json.Delim); ok && d == ']' {
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			add(jsonNode{Path: top.path, Start: top.start, Raw: string(data[top.start:dec.InputOffset()])})
			finished()
			continue
		}
		path, start := childPath(), valueStart(before)
		if d, ok := tok.(json.Delim); ok {
			stack = append(stack, &frame{path: path, start: start, array: d == '[', expectKey: d == '{'})
			continue
		}
		add(jsonNode{Path: path, Start: start, Raw: string(data[start:dec.InputOffset()]), Leaf: true})
		finished()
	}
	return out
}

// oracleKey escapes a key for a gjson path, written apart from Key so the
// oracle does not share its bugs.
func oracleKey(k string) string {
	var b strings.Builder
	for i := 0; i < len(k); i++ {
		if strings.IndexByte(`.*?|#@\!=<>%:`, k[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(k[i])
	}
	return b.String()
}

// oracleLineCol counts lines and rune columns up to off.
func oracleLineCol(data []byte, off int) (int, int) {
	line, col := 1, 1
	for _, r := range string(data[:off]) {
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

// expectedPosition is where a finding at path must point: the value, or the
// nearest existing parent when the value is missing.
func expectedPosition(t testing.TB, data []byte, path string) (int, int) {
	t.Helper()
	nodes := walkJSON(t, data)
	p := path
	for {
		if n, ok := nodes[p]; ok {
			return oracleLineCol(data, n.Start)
		}
		if p == "" {
			t.Fatalf("no node and no parent for %q", path)
		}
		i := strings.LastIndex(p, ".")
		for i > 0 && (len(p[:i])-len(strings.TrimRight(p[:i], `\`)))%2 == 1 {
			i = strings.LastIndex(p[:i], ".")
		}
		if i < 0 {
			p = ""
		} else {
			p = p[:i]
		}
	}
}

// leaves flattens a document to path -> raw text of every scalar, plus the
// paths of empty containers, for "everything else stayed" comparisons.
func leaves(t testing.TB, data []byte) map[string]string {
	t.Helper()
	out := map[string]string{}
	for p, n := range walkJSON(t, data) {
		if n.Leaf || n.Raw == "{}" || n.Raw == "[]" {
			out[p] = n.Raw
		}
	}
	return out
}

// under reports whether path is prefix or lies below it.
func under(path, prefix string) bool {
	return path == prefix || strings.HasPrefix(path, prefix+".")
}

// assertOthersUnchanged compares every leaf of before and after that lies
// outside the edited prefixes: same paths, same raw text.
func assertOthersUnchanged(t *testing.T, before, after []byte, edited ...string) {
	t.Helper()
	skip := func(p string) bool {
		for _, e := range edited {
			if under(p, e) {
				return true
			}
		}
		return false
	}
	lb, la := leaves(t, before), leaves(t, after)
	for p, raw := range lb {
		if skip(p) {
			continue
		}
		if got, ok := la[p]; !ok {
			t.Errorf("%s disappeared (was %s)", p, raw)
		} else if got != raw {
			t.Errorf("%s changed: %s -> %s", p, raw, got)
		}
	}
	for p, raw := range la {
		if skip(p) {
			continue
		}
		if _, ok := lb[p]; !ok {
			t.Errorf("%s appeared: %s", p, raw)
		}
	}
}

// mustSetRaw edits a copy of doc for building test inputs.
func mustSetRaw(t testing.TB, d *Document, path, raw string) {
	t.Helper()
	if err := d.SetRaw(path, []byte(raw)); err != nil {
		t.Fatalf("SetRaw %s: %v", path, err)
	}
}

func mustDelete(t testing.TB, d *Document, path string) {
	t.Helper()
	if err := d.Delete(path); err != nil {
		t.Fatalf("Delete %s: %v", path, err)
	}
}

func mustParse(t testing.TB, s string) *Document {
	t.Helper()
	d, err := Parse([]byte(s))
	if err != nil {
		t.Fatalf("Parse: %v\n%s", err, s)
	}
	return d
}
