package template

import (
	"fmt"

	"github.com/tidwall/gjson"
)

// RenameMeta moves a metric's tool data from one name to another: the
// entry's key is renamed where it stands, so the entry keeps its place. It
// does nothing when either name is empty, when there is nothing to move, or
// when the new name already has data of its own.
func (d *Document) RenameMeta(from, to string) error {
	if from == "" || to == "" || from == to {
		return nil
	}
	keyStart := -1
	taken := false
	d.Extension("metrics").ForEach(func(k, _ gjson.Result) bool {
		switch k.String() {
		case from:
			if keyStart < 0 {
				keyStart = k.Index
			}
		case to:
			taken = true
		}
		return true
	})
	if keyStart < 0 || taken {
		return nil
	}
	return d.RenameKeyAt(keyStart, to)
}

// RenameKeyAt gives the object member whose key token starts at keyStart
// the key to; nothing else moves.
func (d *Document) RenameKeyAt(keyStart int, to string) error {
	if keyStart < 0 || keyStart >= len(d.raw) || d.raw[keyStart] != '"' {
		return fmt.Errorf("no key at %d of the template", keyStart)
	}
	end := keyStart + 1
	for end < len(d.raw) && d.raw[end] != '"' {
		if d.raw[end] == '\\' {
			end++
		}
		end++
	}
	if end >= len(d.raw) {
		return fmt.Errorf("no key at %d of the template", keyStart)
	}
	key := MarshalValue(to)
	raw := make([]byte, 0, len(d.raw)+len(key))
	raw = append(append(append(raw, d.raw[:keyStart]...), key...), d.raw[end+1:]...)
	d.raw = raw
	return nil
}
