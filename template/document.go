// Package template reads, edits and checks Rookout breakpoint templates that
// send custom metrics to Datadog.
//
// A Document keeps the exact bytes of the file. Reads go through gjson and
// edits through sjson, so keys the tool does not know, other processing
// operations, key order and number formatting survive a read-modify-write.
package template

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/tidwall/gjson"
	"github.com/tidwall/pretty"
	"github.com/tidwall/sjson"
)

// MaxSize is the largest template the tool accepts. Real templates are a few
// kilobytes; anything near this size is a mistake, not a template.
const MaxSize = 10 << 20

// ExtensionKey is the top-level key that holds the tool's own data. Export
// strips it so what is pasted into Rookout is pure Rookout JSON.
const ExtensionKey = "x-rk-tui"

// Document is one template file, held as its exact bytes. The bytes are
// never changed in place: every edit replaces them with new ones, so a
// reader may keep the old ones (the Validator does, without a copy).
type Document struct {
	raw []byte
}

// SyntaxError is malformed JSON, with the place it was found.
type SyntaxError struct {
	Offset int64
	Line   int
	Column int
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%d:%d: %s", e.Line, e.Column, e.Msg)
}

// TooLargeError is returned for input over the size limit.
type TooLargeError struct {
	// Size is the input's size in bytes, or -1 when it is not known (a
	// pipe is only known to be over the limit).
	Size  int64
	Limit int64
}

func (e *TooLargeError) Error() string {
	limit := e.Limit
	if limit <= 0 {
		limit = MaxSize
	}
	size := "over " + sizeText(limit)
	if e.Size >= 0 {
		size = sizeText(e.Size)
		if e.Size >= 1<<20 {
			size += fmt.Sprintf(" (%d bytes)", e.Size)
		}
	}
	return fmt.Sprintf("the input is %s; files over %s are refused (a template or settings file is a few kilobytes: is this the right file?)", size, sizeText(limit))
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// EncodingError is input that is not UTF-8 text: a byte order mark, UTF-16,
// or bytes that are not UTF-8.
type EncodingError struct {
	Offset       int64
	Line, Column int
	Msg          string
}

func (e *EncodingError) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Column, e.Msg) }

// checkEncoding names the encoding of input that is not plain UTF-8, which
// the JSON decoder would report as a puzzling "invalid character 'ï'".
func checkEncoding(data []byte) error { return encodingOf(data, "a template") }

// CheckEncoding is checkEncoding for another JSON file of the tool's (a
// scenario, the repository's settings): kind names what the file is, e.g.
// "a scenario".
func CheckEncoding(data []byte, kind string) error { return encodingOf(data, kind) }

func encodingOf(data []byte, kind string) error {
	convert := func(from string) error {
		return &EncodingError{Line: 1, Column: 1, Msg: fmt.Sprintf("the file is %s text; %s is UTF-8 JSON: convert it, e.g. iconv -f %s -t UTF-8 FILE > NEW.json", from, kind, from)}
	}
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return &EncodingError{Line: 1, Column: 1, Msg: "the file starts with a UTF-8 byte order mark (BOM); " + kind + " is plain UTF-8 JSON: save it without the BOM (in most editors: encoding \"UTF-8\", not \"UTF-8 with BOM\")"}
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE, 0, 0}), bytes.HasPrefix(data, []byte{0, 0, 0xFE, 0xFF}):
		return convert("UTF-32")
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return convert("UTF-16")
	}
	if z := bytes.IndexByte(data, 0); z >= 0 {
		// JSON text never holds a NUL byte. Text of two or four bytes a
		// character has zeros in a pattern; anything else is not text.
		switch {
		case len(data) >= 4 && (data[0] == 0 && data[1] == 0 && data[2] == 0 && data[3] != 0 || data[0] != 0 && data[1] == 0 && data[2] == 0 && data[3] == 0):
			return convert("UTF-32")
		case len(data) >= 2 && (data[0] == 0) != (data[1] == 0):
			return convert("UTF-16")
		}
		line, col := LineCol(data, z)
		return &EncodingError{Offset: int64(z), Line: line, Column: col, Msg: "the file holds a NUL byte (0x00): it is binary data, not " + kind + "; give the JSON file"}
	}
	if utf8.Valid(data) {
		return nil
	}
	off := 0
	for off < len(data) {
		r, n := utf8.DecodeRune(data[off:])
		if r == utf8.RuneError && n == 1 {
			break
		}
		off += n
	}
	line, col := LineCol(data, off)
	return &EncodingError{Offset: int64(off), Line: line, Column: col,
		Msg: fmt.Sprintf("byte 0x%02X is not UTF-8 text; %s is UTF-8 JSON: save the file as UTF-8 (e.g. iconv -f LATIN1 -t UTF-8 FILE > NEW.json)", data[off], kind)}
}

// RepeatedKey is the first key written twice in one object of a JSON file
// (valid JSON, so checked after the syntax): Path is where, as a gjson
// path.
type RepeatedKey struct {
	Key, Path    string
	Line, Column int
}

// FirstRepeatedKey finds the first key written twice in one object of
// data, which must be valid JSON: readers disagree on which copy counts.
func FirstRepeatedKey(data []byte) (RepeatedKey, bool) {
	var c checker
	raw := string(data)
	c.walkKeys(gjson.Parse(raw), "", "")
	if len(c.fs) == 0 {
		return RepeatedKey{}, false
	}
	off := c.offsetOf(0, newLocator(raw).within)
	line, col := LineCol(data, max(off, 0))
	key, ok := repeatedKeyOf(c.fs[0].Message)
	if !ok {
		key = c.fs[0].Message
	}
	return RepeatedKey{Key: key, Path: c.fs[0].Path, Line: line, Column: col}, true
}

// NotObjectError is returned when the JSON is valid but is not an object.
type NotObjectError struct{ Kind string }

func (e *NotObjectError) Error() string {
	return fmt.Sprintf("the template is a JSON %s; a Rookout template is a JSON object ({ ... })", e.Kind)
}

// Parse checks that data is one JSON object and wraps it. The bytes are kept
// as they are; nothing is reformatted.
func Parse(data []byte) (*Document, error) {
	if len(data) > MaxSize {
		return nil, &TooLargeError{Size: int64(len(data)), Limit: MaxSize}
	}
	if err := checkEncoding(data); err != nil {
		return nil, err
	}
	if err := checkSyntax(data); err != nil {
		return nil, err
	}
	root := gjson.ParseBytes(data)
	if !root.IsObject() {
		return nil, &NotObjectError{Kind: kindName(root)}
	}
	raw := make([]byte, len(data))
	copy(raw, data)
	return &Document{raw: raw}, nil
}

// MustParse is Parse for data the program itself produced.
func MustParse(data []byte) *Document {
	d, err := Parse(data)
	if err != nil {
		panic("template: built an invalid document: " + err.Error())
	}
	return d
}

func checkSyntax(data []byte) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return &SyntaxError{Line: 1, Column: 1, Msg: "the file is empty; a template is a JSON object ({ ... })"}
	}
	if json.Valid(data) {
		return nil // the common case, found without decoding
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var v json.RawMessage
	if err := dec.Decode(&v); err != nil {
		return syntaxFrom(data, err, dec.InputOffset())
	}
	// One value only: anything but whitespace after it is a mistake too.
	rest := data[dec.InputOffset():]
	if trimmed := bytes.TrimLeft(rest, " \t\r\n"); len(trimmed) > 0 {
		off := len(data) - len(trimmed)
		line, col := LineCol(data, off)
		return &SyntaxError{Offset: int64(off), Line: line, Column: col, Msg: "unexpected content after the end of the template object"}
	}
	return nil
}

func syntaxFrom(data []byte, err error, fallback int64) error {
	var se *json.SyntaxError
	off := fallback
	msg := err.Error()
	switch {
	case errors.As(err, &se):
		off = se.Offset
		if off > 0 {
			off-- // the decoder reports the offset after the bad byte
		}
	case err.Error() == "EOF":
		off = int64(len(data))
		msg = "the file is empty"
		if len(bytes.TrimSpace(data)) > 0 {
			msg = "unexpected end of the file"
		}
	case err.Error() == "unexpected EOF":
		off = int64(len(data))
		msg = "unexpected end of the file: a bracket, brace or quote is not closed"
	}
	msg = strings.TrimPrefix(msg, "json: ")
	line, col := LineCol(data, int(off))
	return &SyntaxError{Offset: off, Line: line, Column: col, Msg: msg}
}

func kindName(r gjson.Result) string {
	switch r.Type {
	case gjson.String:
		return "string"
	case gjson.Number:
		return "number"
	case gjson.True, gjson.False:
		return "boolean"
	case gjson.Null:
		return "null"
	}
	if r.IsArray() {
		return "array"
	}
	return "value"
}

// LineCol turns a byte offset into a 1-based line and column (columns count
// runes, as editors do).
func LineCol(data []byte, off int) (line, col int) {
	if off < 0 {
		off = 0
	}
	if off > len(data) {
		off = len(data)
	}
	line = 1 + bytes.Count(data[:off], []byte{'\n'})
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	col = 1 + len([]rune(string(data[start:off])))
	return line, col
}

// Bytes returns the document's bytes. The caller must not modify them.
func (d *Document) Bytes() []byte { return d.raw }

// Clone returns an independent copy.
func (d *Document) Clone() *Document {
	raw := make([]byte, len(d.raw))
	copy(raw, d.raw)
	return &Document{raw: raw}
}

// Get reads the value at a gjson path.
func (d *Document) Get(path string) gjson.Result { return gjson.GetBytes(d.raw, path) }

// Set writes a Go value (string, number, bool, slice, map) at a gjson path,
// leaving every other byte where it was.
//
// A key new to an object that exists is laid out like that object's other
// members (InsertMember), not appended on its closing brace's line.
func (d *Document) Set(path string, value any) error {
	if !finite(value) {
		return fmt.Errorf("set %s: %v is not a number JSON can hold", path, value)
	}
	if parent, key, ok := splitPath(path); ok && !d.Get(path).Exists() {
		// Objects missing on the way are created with the value, in the
		// nearest one that exists.
		v := value
		for parent != "" && !d.Get(parent).Exists() {
			up, k, ok := splitPath(parent)
			if !ok {
				break
			}
			parent, key, v = up, k, map[string]any{key: v}
		}
		if p := d.Get(parent); (parent == "" && gjson.ValidBytes(d.raw)) || p.IsObject() {
			if err := d.InsertMember(parent, nil, key, v); err == nil {
				return nil
			}
		}
	}
	out, err := sjson.SetBytes(d.raw, path, value)
	if err != nil {
		return fmt.Errorf("set %s: %w", path, err)
	}
	d.raw = out
	return nil
}

// finite is false for a NaN or infinite float, which sjson would write as
// text no JSON reader takes.
func finite(v any) bool {
	switch f := v.(type) {
	case float64:
		return !math.IsNaN(f) && !math.IsInf(f, 0)
	case float32:
		return finite(float64(f))
	}
	return true
}

// SetRaw writes raw JSON at a gjson path.
func (d *Document) SetRaw(path string, raw []byte) error {
	out, err := sjson.SetRawBytes(d.raw, path, raw)
	if err != nil {
		return fmt.Errorf("set %s: %w", path, err)
	}
	d.raw = out
	return nil
}

// Delete removes the value at a gjson path; a missing path is not an error.
func (d *Document) Delete(path string) error {
	if !d.Get(path).Exists() {
		return nil
	}
	if out, ok := deleteMember(d.raw, path); ok {
		d.raw = out
		return nil
	}
	out, err := sjson.DeleteBytes(d.raw, path)
	if err != nil {
		return fmt.Errorf("delete %s: %w", path, err)
	}
	d.raw = out
	return nil
}

// Position returns the line and column of the value at path. When the path
// does not exist it returns the place of its nearest existing parent, which
// is where the user has to add it.
func (d *Document) Position(path string) (line, col int) {
	p := path
	for p != "" {
		r := gjson.GetBytes(d.raw, p)
		if r.Exists() && r.Index > 0 {
			return LineCol(d.raw, r.Index)
		}
		i := lastDot(p)
		if i < 0 {
			break
		}
		p = p[:i]
	}
	first := bytes.IndexByte(d.raw, '{')
	if first < 0 {
		first = 0
	}
	return LineCol(d.raw, first)
}

// splitPath splits a plain gjson path (keys and indexes, no queries) into
// its parent's path and its last key, unescaped; ok is false for a path
// gjson would read another way (a wildcard, a query, an index).
func splitPath(path string) (parent, key string, ok bool) {
	dot := lastDot(path)
	parent, last := "", path
	if dot >= 0 {
		parent, last = path[:dot], path[dot+1:]
	}
	if last == "" || last == "-1" || strings.Trim(last, "0123456789") == "" {
		return "", "", false
	}
	var b strings.Builder
	for i := 0; i < len(last); i++ {
		c := last[i]
		switch {
		case c == '\\' && i+1 < len(last):
			i++
			b.WriteByte(last[i])
		case c == '*' || c == '?' || c == '#' || c == '@' || c == '|' || c == '!' || c == '=' || c == '<' || c == '>' || c == '%':
			return "", "", false
		default:
			b.WriteByte(c)
		}
	}
	return parent, b.String(), true
}

// lastDot finds the last unescaped '.' in a gjson path: one preceded by an
// even number of backslashes (a key may itself end in an escaped backslash).
func lastDot(p string) int { return lastUnescaped(p, len(p), '.') }

// lastUnescaped is the last c before end in s that no backslash escapes
// (an even number of backslashes stands before it), -1 when there is none.
func lastUnescaped(s string, end int, c byte) int {
	for i := end - 1; i >= 0; i-- {
		if s[i] != c {
			continue
		}
		n := 0
		for j := i - 1; j >= 0 && s[j] == '\\'; j-- {
			n++
		}
		if n%2 == 0 {
			return i
		}
	}
	return -1
}

// Key escapes one object key for use inside a gjson/sjson path.
func Key(k string) string {
	var b strings.Builder
	for _, r := range k {
		if r < utf8.RuneSelf && pathSyntax(byte(r)) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// pathSyntax reports whether c means something in a gjson/sjson path, so
// that a key holding it needs a backslash before it. '{' and '[' start a
// multipath at the head of a segment.
func pathSyntax(c byte) bool {
	switch c {
	case '.', '*', '?', '|', '#', '@', '\\', '!', '=', '<', '>', '%', ':', '{', '[':
		return true
	}
	return false
}

// IsCanonical reports whether the bytes are exactly what Canonical would
// produce. The studio keeps such files canonical after an edit; any other
// layout is left alone apart from the edited values.
func (d *Document) IsCanonical() bool {
	return bytes.Equal(d.raw, Canonical(d.raw))
}

// Canonical re-indents JSON with two spaces, keeping key order and the exact
// text of every number and string.
func Canonical(raw []byte) []byte {
	return pretty.PrettyOptions(raw, &pretty.Options{Width: -1, Indent: "  ", SortKeys: false})
}

// Compact removes all insignificant whitespace, keeping key order and the
// exact text of every value.
func Compact(raw []byte) []byte {
	return pretty.Ugly(raw)
}

// Reindent rewrites the document in the tool's two-space indentation,
// keeping key order and the exact text of every value.
func (d *Document) Reindent() { d.raw = Canonical(d.raw) }
