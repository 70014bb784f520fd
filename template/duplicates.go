package template

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// duplicateKeys reports keys that appear twice in one object. This tool
// reads the first of them but a JavaScript app such as Rookout's keeps the
// last, so the file would not mean what validate checked.
func (c *checker) duplicateKeys(root gjson.Result) {
	c.walkKeys(root, "", "")
}

// walkKeys checks v, found at path. clean is the deepest path at or above
// it that gjson can address: none of its keys is empty or repeated (a path
// through a repeated key reaches only its first copy).
//
// It reads v once, however deep it nests (walking gjson values would read
// each one again for every container around it: seconds for a few deeply
// nested megabytes), and knows where each finding is as it goes. Text that
// is not JSON is walked the gjson way.
func (c *checker) walkKeys(v gjson.Result, path, clean string) {
	w := &c.keys
	if w.walk(v.Raw, path, clean) {
		for i, f := range w.fs {
			c.addAt(f, v.Index+w.offs[i])
		}
		return
	}
	c.walkKeysTree(v, path, clean)
}

// walkKeysTree is walkKeys on gjson values.
func (c *checker) walkKeysTree(v gjson.Result, path, clean string) {
	join := func(k string) string {
		if path == "" {
			return k
		}
		return path + "." + k
	}
	switch {
	case v.IsObject():
		var seen keySet
		v.ForEach(func(k, val gjson.Result) bool {
			key := k.String()
			dup := seen.add(key)
			nested := val.IsObject() || val.IsArray()
			if !dup && !nested {
				return true
			}
			child := join(pathKey(key))
			childClean := clean
			if clean == path && key != "" && !dup {
				childClean = child
			}
			if dup {
				at := clean
				if clean == path && key != "" {
					at = child
				}
				c.add(Error, "duplicate-key", at, duplicateKeyMessage(key))
			}
			if nested {
				c.walkKeysTree(val, child, childClean)
			}
			return true
		})
	case v.IsArray():
		i := 0
		v.ForEach(func(_, val gjson.Result) bool {
			if val.IsObject() || val.IsArray() {
				child := join(strconv.Itoa(i))
				childClean := clean
				if clean == path {
					childClean = child
				}
				c.walkKeysTree(val, child, childClean)
			}
			i++
			return true
		})
	}
}

// keySet is the keys of one object seen so far: a short list, as most
// objects have a few keys, then a map.
type keySet struct {
	few  [8]string
	n    int
	many map[string]bool
}

// add records key and reports whether it was there already.
func (s *keySet) add(key string) bool {
	if s.many != nil {
		dup := s.many[key]
		s.many[key] = true
		return dup
	}
	if slices.Contains(s.few[:s.n], key) {
		return true
	}
	if s.n < len(s.few) {
		s.few[s.n] = key
		s.n++
		return false
	}
	s.many = make(map[string]bool, 2*len(s.few))
	for _, k := range s.few {
		s.many[k] = true
	}
	s.many[key] = true
	return false
}

// keyWalk is walkKeys in one pass over the text: a stack of the containers
// entered, each path built only when a finding needs it.
type keyWalk struct {
	base, clean string // the path of the value walked, and its clean path
	frames      []keyFrame
	fs          []Finding
	offs        []int
}

type keyFrame struct {
	object bool
	idx    int    // the next element's index, in an array
	seg    string // the path segment of this container in its parent
	start  int    // where it starts
	// clean tells whether this container's path is its clean path, as
	// walkKeysTree compares them; cleanAt is the frame whose path is the
	// clean path (-1: the clean path walk was given).
	clean   bool
	cleanAt int
	noPath  bool // the path is "": the base is "" and every key on the way empty
	// real tells whether the path reaches this container, from the root of
	// the text: clean, and not only because "" equals "".
	real    bool
	path    string
	pathSet bool
	keys    firstKeys
}

func (w *keyWalk) pathOf(i int) string {
	f := &w.frames[i]
	if !f.pathSet {
		if i == 0 {
			f.path = w.base
		} else if parent := w.pathOf(i - 1); parent == "" {
			f.path = f.seg
		} else {
			f.path = parent + "." + f.seg
		}
		f.pathSet = true
	}
	return f.path
}

func (w *keyWalk) cleanPathOf(i int) string {
	if at := w.frames[i].cleanAt; at >= 0 {
		return w.pathOf(at)
	}
	return w.clean
}

// offsetOfClean is where the clean path of frame i points: its container,
// or for the path "" the first '{' of the text.
func (w *keyWalk) offsetOfClean(i int) int {
	at := w.frames[i].cleanAt
	if at < 0 || !w.frames[at].real || w.pathOf(at) == "" {
		return -1
	}
	return w.frames[at].start
}

// walk reports the repeated keys of the JSON text raw, found at path. It
// returns false, having found nothing, when raw is not one JSON value.
func (w *keyWalk) walk(raw, path, clean string) bool {
	w.base, w.clean = path, clean
	w.frames, w.fs, w.offs = w.frames[:0], w.fs[:0], w.offs[:0]
	i := skipSpace(raw, 0)
	if i >= len(raw) || (raw[i] != '{' && raw[i] != '[') {
		return false
	}
	if !w.enter(raw[i] == '{', i, "", path == clean, -1, path == "") {
		return false
	}
	if w.frames[0].clean {
		w.frames[0].cleanAt = 0
		w.frames[0].real = true
	}
	i = skipSpace(raw, i+1)
	for {
		f := &w.frames[len(w.frames)-1]
		closing := byte(']')
		if f.object {
			closing = '}'
		}
		if i < len(raw) && raw[i] == closing {
			w.frames = w.frames[:len(w.frames)-1]
			i++
			if len(w.frames) == 0 {
				return skipSpace(raw, i) == len(raw)
			}
			if i = w.next(raw, i); i < 0 {
				return false
			}
			continue
		}
		seg, childClean, childReal, vs := "", false, false, i
		fi := len(w.frames) - 1
		if f.object {
			key, start, ok := scanMember(raw, i)
			if !ok {
				return false
			}
			vs = start
			dup := f.keys.add(key, vs)
			seg = pathKey(key)
			childClean = f.clean && key != "" && !dup
			childReal = f.real && key != "" && !dup && utf8.ValidString(key)
			if dup {
				p, off := w.cleanPathOf(fi), w.offsetOfClean(fi)
				if f.clean && key != "" {
					p, off = w.childPath(fi, seg), f.keys.first(key)
					if !f.real || !utf8.ValidString(key) {
						off = -1 // the path does not reach it (Key rewrites bytes that are not UTF-8)
					}
				}
				w.fs = append(w.fs, Finding{Severity: Error, Code: "duplicate-key", Path: p,
					Message: duplicateKeyMessage(key)})
				w.offs = append(w.offs, off)
			}
		} else {
			seg = strconv.Itoa(f.idx)
			f.idx++
			childClean, childReal = f.clean, f.real
		}
		if vs >= len(raw) {
			return false
		}
		if c := raw[vs]; c == '{' || c == '[' {
			noPath := f.noPath && seg == ""
			if noPath && w.cleanPathOf(fi) == "" {
				childClean = true // "" is its own clean path
			}
			cleanAt := f.cleanAt
			if childClean {
				cleanAt = len(w.frames)
			}
			if !w.enter(c == '{', vs, seg, childClean, cleanAt, noPath) {
				return false
			}
			w.frames[len(w.frames)-1].real = childReal
			i = skipSpace(raw, vs+1)
			continue
		}
		end, ok := scanValue(raw, vs, len(w.frames))
		if !ok {
			return false
		}
		if i = w.next(raw, end); i < 0 {
			return false
		}
	}
}

// enter opens a container; it fails past encoding/json's nesting limit.
func (w *keyWalk) enter(object bool, start int, seg string, clean bool, cleanAt int, noPath bool) bool {
	if len(w.frames) >= maxDepth {
		return false
	}
	w.frames = append(w.frames, keyFrame{object: object, start: start, seg: seg, clean: clean, cleanAt: cleanAt, noPath: noPath})
	return true
}

// next moves past the separator after a value: to the next member or
// element, or to the closing bracket. It returns -1 for anything else.
func (w *keyWalk) next(raw string, i int) int {
	i = skipSpace(raw, i)
	if i >= len(raw) || len(w.frames) == 0 {
		return -1
	}
	closing := byte(']')
	if w.frames[len(w.frames)-1].object {
		closing = '}'
	}
	switch raw[i] {
	case ',':
		j := skipSpace(raw, i+1)
		if j < len(raw) && raw[j] == closing {
			return -1 // a trailing comma
		}
		return j
	case closing:
		return i
	}
	return -1
}

func (w *keyWalk) childPath(i int, seg string) string {
	if p := w.pathOf(i); p != "" {
		return p + "." + seg
	}
	return seg
}

// firstKeys is the keys of one object seen so far, each with where its
// first value starts: a short list, as most objects have a few keys, then a
// map.
type firstKeys struct {
	few [8]struct {
		key string
		at  int
	}
	n    int
	many map[string]int
}

// add records key, whose value starts at at, and reports whether it was
// there already (keeping the first place).
func (s *firstKeys) add(key string, at int) bool {
	if s.many != nil {
		if _, dup := s.many[key]; dup {
			return true
		}
		s.many[key] = at
		return false
	}
	for k := 0; k < s.n; k++ {
		if s.few[k].key == key {
			return true
		}
	}
	if s.n < len(s.few) {
		s.few[s.n].key, s.few[s.n].at = key, at
		s.n++
		return false
	}
	s.many = make(map[string]int, 2*len(s.few))
	for _, e := range s.few {
		s.many[e.key] = e.at
	}
	s.many[key] = at
	return false
}

// first is where the first value of a recorded key starts.
func (s *firstKeys) first(key string) int {
	if s.many != nil {
		return s.many[key]
	}
	for k := 0; k < s.n; k++ {
		if s.few[k].key == key {
			return s.few[k].at
		}
	}
	return -1
}

// duplicateKeyMessage is the duplicate-key finding's message; repeatedKeyOf
// reads the key back from it.
func duplicateKeyMessage(key string) string {
	return "key " + strconv.Quote(key) + duplicateKeyTail
}

const duplicateKeyTail = " appears twice in this object: this tool reads the first, the Rookout app keeps the last; remove one"

// repeatedKeyOf is the key a duplicate-key message names.
func repeatedKeyOf(msg string) (string, bool) {
	q, ok := strings.CutSuffix(strings.TrimPrefix(msg, "key "), duplicateKeyTail)
	if !ok {
		return "", false
	}
	k, err := strconv.Unquote(q)
	return k, err == nil
}
