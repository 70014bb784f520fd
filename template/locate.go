package template

import (
	"strconv"
	"strings"

	"github.com/tidwall/gjson"
)

// locator finds where findings are in one document (or one metric of it).
// Position looks each path up from the root, which is fine for one lookup
// but quadratic for a large template with many findings; the locator walks
// each container once. Its answers are the same as Position's.
type locator struct {
	raw     string
	root    gjson.Result
	results map[string]gjson.Result
	arrays  map[string][]gjson.Result
	objects map[string]map[string]gjson.Result
}

func newLocator(raw string) *locator {
	return &locator{
		raw:     raw,
		root:    gjson.Parse(raw),
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
	if first := strings.IndexByte(l.raw, '{'); first >= 0 {
		return first
	}
	return 0
}

// within is the offset of a path inside the value the locator was made
// for, relative to its first byte: the value at rel (a path below it, "" for
// the value itself) or its nearest existing parent.
func (l *locator) within(rel string) int {
	for p := rel; p != ""; {
		if r := l.get(p); r.Exists() && r.Index > 0 {
			return r.Index
		}
		i := lastDot(p)
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return 0
}

// offsetIn is within for one lookup: it walks the value along the path with
// the locator's rules (the first of repeated keys) but keeps nothing, which
// is cheaper when a value has a finding or two.
func offsetIn(raw, rel string) int {
	for p := rel; p != ""; {
		if off, ok := walkTo(raw, p); ok && off > 0 {
			return off
		}
		i := lastDot(p)
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return 0
}

func walkTo(raw, path string) (int, bool) {
	v := gjson.Parse(raw)
	for path != "" {
		seg, rest := firstSegment(path)
		path = rest
		found := false
		switch {
		case v.IsArray():
			if !isDigits(seg) {
				return 0, false
			}
			n, i := parseIndex(seg), 0
			v.ForEach(func(_, e gjson.Result) bool {
				if i == n {
					v, found = e, true
					return false
				}
				i++
				return true
			})
		case v.IsObject():
			key := unescapeKey(seg)
			v.ForEach(func(k, e gjson.Result) bool {
				if k.Str == key {
					v, found = e, true
					return false
				}
				return true
			})
		}
		if !found {
			return 0, false
		}
	}
	return v.Index, true
}
