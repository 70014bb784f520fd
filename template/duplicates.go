package template

import (
	"fmt"
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
		var seen map[string]bool
		v.ForEach(func(k, val gjson.Result) bool {
			key := k.String()
			dup := seen[key]
			if seen == nil {
				seen = map[string]bool{}
			}
			seen[key] = true
			child := join(Key(key))
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
			if val.IsObject() || val.IsArray() {
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
