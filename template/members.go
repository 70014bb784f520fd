package template

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/tidwall/gjson"
	"github.com/tidwall/pretty"
)

// A file written by hand keeps its layout when the studio adds a key to one
// of its objects: sjson appends `,"key":value` before the closing brace, on
// the brace's line, whatever the object looks like. InsertMember lays the
// new member out like its neighbours instead, where it is asked to go, so
// clearing a field and typing it again leaves the key where it was.

// memberSpan is one member of an object: where its key starts and its value
// ends, in the document's bytes.
type memberSpan struct {
	key              string
	keyStart, keyEnd int
	valStart, valEnd int
}

// objectMembers lists the members of the object at path ("" for the root).
func (d *Document) objectMembers(path string) (gjson.Result, []memberSpan, bool) {
	obj := gjson.ParseBytes(d.raw)
	if path != "" {
		obj = gjson.GetBytes(d.raw, path)
	}
	if !obj.IsObject() {
		return obj, nil, false
	}
	var out []memberSpan
	obj.ForEach(func(k, v gjson.Result) bool {
		out = append(out, memberSpan{key: k.String(), keyStart: k.Index, keyEnd: k.Index + len(k.Raw), valStart: v.Index, valEnd: v.Index + len(v.Raw)})
		return true
	})
	return obj, out, true
}

// MemberKeys lists the keys of the object at path ("" for the root) in
// order; nil when there is no object there.
func (d *Document) MemberKeys(path string) []string {
	_, ms, ok := d.objectMembers(path)
	if !ok {
		return nil
	}
	keys := make([]string, len(ms))
	for i, m := range ms {
		keys[i] = m.key
	}
	return keys
}

// InsertMember adds key with value to the object at path ("" for the
// root), which must not hold key yet: last when after is nil, else after
// the member named *after, first when *after is "" (last again when the
// object has no such member any more). The
// separator and the space after the colon are those of the object's own
// members; an empty object gets `{"key": value}`.
func (d *Document) InsertMember(path string, after *string, key string, value any) error {
	raw, err := marshal(value)
	if err != nil {
		return fmt.Errorf("set %s: %w", key, err)
	}
	obj, ms, ok := d.objectMembers(path)
	if !ok {
		return fmt.Errorf("%s is not an object", path)
	}
	for _, m := range ms {
		if m.key == key {
			return fmt.Errorf("%s already has %q", path, key)
		}
	}
	qkey, _ := json.Marshal(key)
	if len(ms) == 0 {
		return d.SetRaw(childPath(path, Key(key)), raw)
	}
	colon := string(d.raw[ms[0].keyEnd:ms[0].valStart]) // ": " or ":" with its spaces
	var sep string                                      // between two members: ", " or ",\n    "
	if len(ms) > 1 {
		sep = string(d.raw[ms[0].valEnd:ms[1].keyStart])
	} else if lead := string(d.raw[obj.Index+1 : ms[0].keyStart]); strings.Contains(lead, "\n") {
		sep = "," + lead // one member on its own line: the next on the next
	} else if strings.Contains(colon, " ") {
		sep = ", " // {"a": 1}
	} else {
		sep = ","
	}
	if nl := strings.LastIndexByte(sep, '\n'); nl >= 0 && len(raw) > 2 && (raw[0] == '{' || raw[0] == '[') {
		// An object or array among members on lines of their own is laid
		// out on lines too, one step deeper than the member.
		indent := sep[nl+1:]
		brace := obj.Index + len(strings.TrimRight(obj.Raw, " \t\r\n")) - 1 // the root's Raw ends in white space
		closing := string(d.raw[ms[len(ms)-1].valEnd:brace])
		if i := strings.LastIndexByte(closing, '\n'); i >= 0 {
			closing = closing[i+1:]
		}
		// The step is what the members are indented past the brace.
		raw = indented(raw, indent, stepPast(indent, closing), 80, strings.Contains(sep, "\r\n"))
	}
	member := append(append(append([]byte{}, qkey...), colon...), raw...)
	at, text := ms[len(ms)-1].valEnd, append([]byte(sep), member...) // last
	if after != nil && *after == "" {
		at, text = ms[0].keyStart, append(member, sep...)
	} else if after != nil {
		for _, m := range ms {
			if m.key == *after {
				at = m.valEnd
				break
			}
		}
	}
	out := make([]byte, 0, len(d.raw)+len(text))
	out = append(append(append(out, d.raw[:at]...), text...), d.raw[at:]...)
	if !json.Valid(out) {
		return fmt.Errorf("set %s: the object's layout could not be followed", key)
	}
	d.raw = out
	return nil
}

// deleteMember removes the object member or array element at path with its
// separator and nothing else: `"a": 1, ` from `{"a": 1, "b": 2}`,
// `,\n  "b": 2` from the end of an indented object. sjson leaves a stray
// space behind a first member, and a line of spaces where a first element
// stood. ok is false when the path does not lead to exactly such a place.
func deleteMember(raw []byte, path string) ([]byte, bool) {
	r := gjson.GetBytes(raw, path)
	if !r.Exists() || r.Index <= 0 || r.Index+len(r.Raw) > len(raw) || string(raw[r.Index:r.Index+len(r.Raw)]) != r.Raw {
		return nil, false
	}
	text := string(raw)
	keyStart, ok := keyBefore(text, r.Index)
	open, closing := byte('{'), byte('}')
	if !ok {
		// An element of an array: the same, without a key.
		if p := skipSpaceBack(text, r.Index); p < 0 || (raw[p] != ',' && raw[p] != '[') {
			return nil, false
		}
		keyStart, open, closing = r.Index, '[', ']'
	}
	valEnd := r.Index + len(r.Raw)
	prev, next := skipSpaceBack(text, keyStart), skipSpace(text, valEnd)
	if prev < 0 || next >= len(raw) {
		return nil, false
	}
	var from, to int
	switch {
	case raw[prev] == ',':
		from, to = prev, valEnd // after another member: `, "b": 2` goes
	case raw[prev] == open && raw[next] == ',':
		// The first member: "a": 1, goes with the space either before it or
		// after the comma, whichever starts a line.
		after := skipSpace(text, next+1)
		from, to = keyStart, after
		if strings.Contains(text[next+1:after], "\n") && !strings.Contains(text[prev+1:keyStart], "\n") {
			from, to = prev+1, next+1
		}
	case raw[prev] == open && raw[next] == closing:
		from, to = prev+1, next // the only member: {} or []
	default:
		return nil, false
	}
	out := make([]byte, 0, len(raw)-(to-from))
	out = append(append(out, raw[:from]...), raw[to:]...)
	if !json.Valid(out) {
		return nil, false
	}
	return out, true
}

// keyBefore finds the start of the key whose value starts at off: back over
// the colon to the key's opening quote.
func keyBefore(raw string, off int) (int, bool) {
	i := skipSpaceBack(raw, off)
	if i < 0 || raw[i] != ':' {
		return 0, false
	}
	i = skipSpaceBack(raw, i)
	if i < 0 || raw[i] != '"' {
		return 0, false
	}
	if q := lastUnescaped(raw, i, '"'); q >= 0 {
		return q, true
	}
	return 0, false
}

// skipSpaceBack is the last offset before i that is not white space, -1
// when there is none.
func skipSpaceBack(s string, i int) int {
	i--
	for i >= 0 && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i--
	}
	return i
}

// SetRawLike writes raw JSON at path laid out like the value it replaces:
// `["a", "b"]` stays spaced, an indented list stays indented. A value that
// did not exist, or a scalar, is written as given.
func (d *Document) SetRawLike(path string, raw []byte) error {
	old := d.Get(path)
	if old.Exists() && len(raw) > 2 && (raw[0] == '[' || raw[0] == '{') {
		raw = layoutLike(old.Raw, lineIndent(d.raw, old.Index), raw)
	}
	return d.SetRaw(path, raw)
}

// AppendElement adds raw JSON at the end of the array at path, separated
// and indented like the elements there.
func (d *Document) AppendElement(path string, raw []byte) error {
	arr := d.Get(path)
	if !arr.IsArray() || arr.Index <= 0 {
		return d.SetRaw(path+".-1", raw)
	}
	var last, prev gjson.Result
	n := 0
	arr.ForEach(func(_, v gjson.Result) bool {
		prev, last = last, v
		n++
		return true
	})
	if n == 0 || last.Index <= 0 {
		return d.SetRaw(path+".-1", raw)
	}
	var sep string
	if n > 1 && prev.Index > 0 {
		sep = string(d.raw[prev.Index+len(prev.Raw) : last.Index])
	} else {
		sep = "," + string(d.raw[arr.Index+1:last.Index])
	}
	if nl := strings.LastIndexByte(sep, '\n'); nl >= 0 && len(raw) > 2 && (raw[0] == '{' || raw[0] == '[') {
		indent := sep[nl+1:]
		raw = layoutLike(last.Raw, indent, raw)
	}
	at := last.Index + len(last.Raw)
	out := make([]byte, 0, len(d.raw)+len(sep)+len(raw))
	out = append(append(append(append(out, d.raw[:at]...), sep...), raw...), d.raw[at:]...)
	if !json.Valid(out) {
		return d.SetRaw(path+".-1", raw)
	}
	d.raw = out
	return nil
}

// layoutLike lays raw out as old is laid out: on one line, with or without
// spaces after commas and colons, or on lines of their own, indented one
// step deeper than indent (the indentation of old's first line).
func layoutLike(old, indent string, raw []byte) []byte {
	if !strings.Contains(old, "\n") {
		compact := pretty.Ugly(raw)
		if !spacedJSON(old) {
			return compact
		}
		return spaceJSON(compact)
	}
	lines := strings.Split(old, "\n")
	inner := lines[1]
	inner = inner[:len(inner)-len(strings.TrimLeft(inner, " \t"))]
	width := 80 // short lists on one line, unless old breaks its lists
	if strings.Contains(old, "[\n") || strings.Contains(old, "[\r\n") {
		width = -1
	}
	return indented(raw, indent, stepPast(inner, indent), width, strings.Contains(old, "\r\n"))
}

// stepPast is the indentation one level adds: what inner has past outer,
// two spaces when that cannot be told.
func stepPast(inner, outer string) string {
	if len(inner) > len(outer) && strings.HasPrefix(inner, outer) {
		return inner[len(outer):]
	}
	return "  "
}

// indented lays raw out on lines of their own for a value whose first line
// follows text already indented by indent: each level a step deeper, lists
// up to width on one line, CRLF line ends when crlf.
func indented(raw []byte, indent, step string, width int, crlf bool) []byte {
	out := bytes.TrimRight(pretty.PrettyOptions(raw, &pretty.Options{Width: width, Prefix: indent, Indent: step}), "\n")
	out = bytes.TrimPrefix(out, []byte(indent))
	if crlf {
		out = bytes.ReplaceAll(out, []byte("\n"), []byte("\r\n"))
	}
	return out
}

// spacedJSON reports whether one-line JSON puts a space after its commas or
// colons (outside strings).
func spacedJSON(s string) bool {
	in := false
	for i := 0; i+1 < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && in:
			i++
		case c == '"':
			in = !in
		case !in && (c == ',' || c == ':'):
			return s[i+1] == ' '
		}
	}
	return false
}

// spaceJSON puts a space after every comma and colon of compact JSON that
// stands outside a string.
func spaceJSON(b []byte) []byte {
	out := make([]byte, 0, len(b)+len(b)/8)
	in := false
	for i := 0; i < len(b); i++ {
		c := b[i]
		out = append(out, c)
		switch {
		case c == '\\' && in && i+1 < len(b):
			i++
			out = append(out, b[i])
		case c == '"':
			in = !in
		case !in && (c == ',' || c == ':'):
			out = append(out, ' ')
		}
	}
	return out
}
