package template

import (
	"bytes"
	"fmt"

	"github.com/tidwall/pretty"
)

// Locate says where the value at path lay in the document the Validator
// last validated, as far down as its index goes (each operation, each
// metric, each x-rk-tui.metrics entry, the members of the root and of
// x-rk-tui): start and end delimit the deepest indexed value on the path,
// and rest is the part of the path inside it ("" when path is that value).
// ok is false when the index does not stand for the document (repeated
// keys where metrics are listed) or the path is not in it. An editor that
// validates after every edit can so reach a value without reading the
// document from its start.
func (v *Validator) Locate(path string) (start, end int, rest string, ok bool) {
	if v.s == nil || !v.s.ok {
		return 0, 0, "", false
	}
	n := &v.s.root
	for path != "" {
		if !n.expanded {
			return n.start, n.end, path, true
		}
		seg, more := firstSegment(path)
		var kid *node
		if n.schema.container() == '{' {
			if n.repeated {
				return 0, 0, "", false // which member gjson reads is not the index's to say
			}
			kid = n.member(unescapeKey(seg))
		} else if isDigits(seg) {
			if i := parseIndex(seg); i >= 0 && i < len(n.kids) {
				kid = n.kids[i]
			}
		}
		if kid == nil {
			return 0, 0, "", false
		}
		n, path = kid, more
	}
	return n.start, n.end, "", true
}

// EditWithin applies change to the JSON object that lies at [start, end)
// of d, as a document of its own, and puts the result back in place: the
// rest of the bytes are copied, not read. With reindent the object is
// indented as Canonical indents it at that depth, so a document in the
// tool's indentation stays in it. The object must be one Locate found in d.
// The result is the object's new bytes, which now lie at start.
func (d *Document) EditWithin(start, end int, reindent bool, change func(v *Document) error) ([]byte, error) {
	if start < 0 || end > len(d.raw) || start >= end || d.raw[start] != '{' {
		return nil, fmt.Errorf("no object at %d–%d of the template", start, end)
	}
	v := &Document{raw: bytes.Clone(d.raw[start:end])}
	if err := change(v); err != nil {
		return nil, err
	}
	repl := v.raw
	if reindent {
		repl = indentAt(d.raw, start, repl)
	}
	raw := make([]byte, 0, len(d.raw)-(end-start)+len(repl))
	raw = append(append(append(raw, d.raw[:start]...), repl...), d.raw[end:]...)
	d.raw = raw
	return raw[start : start+len(repl)], nil
}

// Ready reports whether the Validator's index stands for the document it
// last validated, so Locate and Members answer for it.
func (v *Validator) Ready() bool { return v.s != nil && v.s.ok }

// lineIndent is the run of spaces and tabs that starts the line holding
// off.
func lineIndent(raw []byte, off int) string {
	from := bytes.LastIndexByte(raw[:off], '\n') + 1
	to := from
	for to < off && (raw[to] == ' ' || raw[to] == '\t') {
		to++
	}
	return string(raw[from:to])
}

// Member is one member of an indexed object: its key and where its value
// lies.
type Member struct {
	Key string
	// KeyStart is where the key's token starts; Start and End delimit the
	// value.
	KeyStart, Start, End int
}

// Members lists the members of the object at path, as the Validator last
// indexed it (x-rk-tui.metrics, x-rk-tui, the root), the first of repeated
// keys only, as gjson reads them.
func (v *Validator) Members(path string) ([]Member, bool) {
	var out []Member
	ok := v.EachMember(path, func(m Member) { out = append(out, m) })
	return out, ok
}

// EachMember calls fn with each member Members lists, without building the
// list; ok is false when the object is not indexed.
func (v *Validator) EachMember(path string, fn func(Member)) bool {
	if v.s == nil || !v.s.ok {
		return false
	}
	n := &v.s.root
	for path != "" {
		seg, more := firstSegment(path)
		if !n.expanded || n.schema.container() != '{' {
			return false
		}
		if n = n.member(unescapeKey(seg)); n == nil {
			return false
		}
		path = more
	}
	if !n.expanded || n.schema.container() != '{' {
		return false
	}
	var seen map[string]bool
	if n.repeated {
		seen = make(map[string]bool, len(n.kids))
	}
	for _, k := range n.kids {
		if seen != nil {
			if seen[k.key] {
				continue
			}
			seen[k.key] = true
		}
		fn(Member{Key: k.key, KeyStart: k.keyStart, Start: k.start, End: k.end})
	}
	return true
}

// EditEach applies change to each of the objects at spans (as Locate gave
// them, in document order, not overlapping) and writes the document once.
func (d *Document) EditEach(spans [][2]int, reindent bool, change func(v *Document) error) error {
	raw := make([]byte, 0, len(d.raw)+64*len(spans))
	at := 0
	for _, sp := range spans {
		start, end := sp[0], sp[1]
		if start < at || end > len(d.raw) || start >= end || d.raw[start] != '{' {
			return fmt.Errorf("no object at %d–%d of the template", start, end)
		}
		v := &Document{raw: bytes.Clone(d.raw[start:end])}
		if err := change(v); err != nil {
			return err
		}
		repl := v.raw
		if reindent {
			repl = indentAt(d.raw, start, repl)
		}
		raw = append(append(raw, d.raw[at:start]...), repl...)
		at = end
	}
	d.raw = append(raw, d.raw[at:]...)
	return nil
}

// indentAt indents an object as Canonical indents it where it starts.
func indentAt(doc []byte, start int, obj []byte) []byte {
	indent := lineIndent(doc, start)
	out := pretty.PrettyOptions(obj, &pretty.Options{Width: -1, Indent: "  ", Prefix: indent, SortKeys: false})
	return bytes.TrimSuffix(bytes.TrimPrefix(out, []byte(indent)), []byte("\n"))
}
