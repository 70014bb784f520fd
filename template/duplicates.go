package template

import (
	"fmt"
	"slices"
	"strconv"

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
func (c *checker) walkKeys(v gjson.Result, path, clean string) {
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
				c.add(Error, "duplicate-key", at, fmt.Sprintf("key %q appears twice in this object: this tool reads the first, the Rookout app keeps the last; remove one", key))
			}
			if nested {
				c.walkKeys(val, child, childClean)
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
				c.walkKeys(val, child, childClean)
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
