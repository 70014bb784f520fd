package template

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// jsonFrame is one open object or array while scanning for duplicate keys.
type jsonFrame struct {
	object bool
	path   string
	// clean is the deepest path above (or at) this one with no empty key:
	// gjson paths cannot name an empty key, so findings go there instead.
	clean     string
	keys      map[string]bool
	key       string // the key whose value comes next (objects)
	keyDup    bool   // key appeared before: gjson paths reach only the first
	wantKey   bool
	nextIndex int // the index of the next element (arrays)
}

func (f *jsonFrame) childPath() string {
	var k string
	if f.object {
		k = Key(f.key)
	} else {
		k = strconv.Itoa(f.nextIndex)
	}
	if f.path == "" {
		return k
	}
	return f.path + "." + k
}

// valueDone moves past one value of the frame.
func (f *jsonFrame) valueDone() {
	if f.object {
		f.wantKey = true
	} else {
		f.nextIndex++
	}
}

// duplicateKeys reports keys that appear twice in one object. This tool
// reads the first of them but a JavaScript app such as Rookout's keeps the
// last, so the file would not mean what validate checked.
func (c *checker) duplicateKeys() {
	if !bytes.Contains(c.d.raw, []byte{'"'}) {
		return
	}
	dec := json.NewDecoder(bytes.NewReader(c.d.raw))
	dec.UseNumber()
	var stack []*jsonFrame
	top := func() *jsonFrame {
		if len(stack) == 0 {
			return nil
		}
		return stack[len(stack)-1]
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return
		}
		f := top()
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{', '[':
				path, clean := "", ""
				if f != nil {
					path, clean = f.childPath(), f.clean
					if f.clean == f.path && !(f.object && (f.key == "" || f.keyDup)) {
						clean = path
					}
				}
				stack = append(stack, &jsonFrame{object: v == '{', path: path, clean: clean, keys: map[string]bool{}, wantKey: v == '{'})
			default:
				stack = stack[:len(stack)-1]
				if p := top(); p != nil {
					p.valueDone()
				}
			}
		case string:
			if f != nil && f.object && f.wantKey {
				if f.keys[v] {
					path := f.clean
					if v != "" && f.clean == f.path {
						path = Key(v)
						if f.path != "" {
							path = f.path + "." + path
						}
					}
					c.add(Error, "duplicate-key", path, fmt.Sprintf("key %q appears twice in this object: this tool reads the first, the Rookout app keeps the last; remove one", v))
				}
				f.keyDup = f.keys[v]
				f.keys[v] = true
				f.key, f.wantKey = v, false
				continue
			}
			if f != nil {
				f.valueDone()
			}
		default:
			if f != nil {
				f.valueDone()
			}
		}
	}
}
