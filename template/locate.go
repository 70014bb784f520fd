package template

import (
	"bytes"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// locator finds where findings are in one document. Position looks each
// path up from the root and counts lines from the start, which is fine for
// one lookup but quadratic for a large template with many findings; the
// locator walks each container once and turns all offsets into lines and
// columns in a single pass. Its answers are the same as Position's.
type locator struct {
	raw     []byte
	root    gjson.Result
	results map[string]gjson.Result
	arrays  map[string][]gjson.Result
	objects map[string]map[string]gjson.Result
}

func newLocator(raw []byte) *locator {
	return &locator{
		raw:     raw,
		root:    gjson.ParseBytes(raw),
		results: map[string]gjson.Result{},
		arrays:  map[string][]gjson.Result{},
		objects: map[string]map[string]gjson.Result{},
	}
}

// get is gjson's Get for the literal paths findings use (keys escaped with
// Key, array indexes as numbers).
func (l *locator) get(path string) gjson.Result {
	if path == "" {
		return l.root
	}
	if v, ok := l.results[path]; ok {
		return v
	}
	parentPath, key := "", path
	if i := lastDot(path); i >= 0 {
		parentPath, key = path[:i], path[i+1:]
	}
	parent := l.get(parentPath)
	var v gjson.Result
	switch {
	case parent.IsArray():
		elems, ok := l.arrays[parentPath]
		if !ok {
			elems = parent.Array()
			l.arrays[parentPath] = elems
		}
		if n, err := strconv.Atoi(key); err == nil && n >= 0 && n < len(elems) && isDigits(key) {
			v = elems[n]
		}
	case parent.IsObject():
		keys, ok := l.objects[parentPath]
		if !ok {
			keys = map[string]gjson.Result{}
			parent.ForEach(func(k, val gjson.Result) bool {
				if _, dup := keys[k.Str]; !dup { // the first of repeated keys, as gjson
					keys[k.Str] = val
				}
				return true
			})
			l.objects[parentPath] = keys
		}
		v = keys[unescapeKey(key)]
	}
	l.results[path] = v
	return v
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// unescapeKey undoes Key.
func unescapeKey(k string) string {
	if !strings.Contains(k, `\`) {
		return k
	}
	var b strings.Builder
	for i := 0; i < len(k); i++ {
		if k[i] == '\\' && i+1 < len(k) {
			i++
		}
		b.WriteByte(k[i])
	}
	return b.String()
}

// offset is the byte offset Position would report for path: the value, or
// its nearest existing parent, or the first '{'.
func (l *locator) offset(path string) int {
	for p := path; p != ""; {
		if r := l.get(p); r.Exists() && r.Index > 0 {
			return r.Index
		}
		i := lastDot(p)
		if i < 0 {
			break
		}
		p = p[:i]
	}
	if first := bytes.IndexByte(l.raw, '{'); first >= 0 {
		return first
	}
	return 0
}

// place sets Line and Column of every finding from its path, in one pass
// over the bytes, and sorts the findings by position.
func (l *locator) place(fs []Finding) {
	offs := make([]int, len(fs))
	for i, f := range fs {
		offs[i] = l.offset(f.Path)
	}
	order := make([]int, len(fs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return offs[order[a]] < offs[order[b]] })
	line, col, pos := 1, 1, 0
	sorted := make([]Finding, 0, len(fs))
	for _, i := range order {
		for pos < offs[i] {
			if l.raw[pos] == '\n' {
				line, col = line+1, 1
				pos++
				continue
			}
			_, w := utf8.DecodeRune(l.raw[pos:offs[i]])
			pos += w
			col++
		}
		f := fs[i]
		f.Line, f.Column = line, col
		sorted = append(sorted, f)
	}
	copy(fs, sorted)
}
