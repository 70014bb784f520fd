package template

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/tidwall/gjson"
)

// MetricMeta is the tool's own data about one metric, kept under
// x-rk-tui.metrics.<name> in the working file.
type MetricMeta struct {
	Unit        string `json:"unit,omitempty"`
	PerUnit     string `json:"per_unit,omitempty"`
	Description string `json:"description,omitempty"`
	Orientation int    `json:"orientation,omitempty"`
	ShortName   string `json:"short_name,omitempty"`
	// Interval is in seconds; it goes with count and rate metrics.
	Interval int64 `json:"interval,omitempty"`
}

// IsZero reports whether no field is set.
func (m MetricMeta) IsZero() bool { return m == MetricMeta{} }

// errUnnamedMeta: tool data is kept under the metric's name, and "" would
// address the map of all metrics itself.
var errUnnamedMeta = errors.New("a metric without a name has no tool data: name it first")

// MetaPath is the gjson path of a metric's tool data.
func MetaPath(name string) string { return ExtensionKey + ".metrics." + Key(name) }

// Meta reads the tool data of a metric.
func (d *Document) Meta(name string) MetricMeta { return MetaFromJSON(d.Get(MetaPath(name))) }

// Metas returns a lookup of tool data that reads x-rk-tui.metrics once and
// indexes it, for callers that look up every metric: each Meta call searches
// the document, so a loop of them is quadratic in the template's size.
func (d *Document) Metas() func(name string) MetricMeta {
	index := d.MetaEntries()
	return func(name string) MetricMeta {
		r, ok := index[name]
		if !ok {
			return MetricMeta{}
		}
		return MetaFromJSON(r)
	}
}

// MetaEntries indexes x-rk-tui.metrics by metric name, reading it once:
// the first of repeated keys, as Get reads it. It is nil when there is no
// such object.
func (d *Document) MetaEntries() map[string]gjson.Result {
	metas := d.Extension("metrics")
	if !metas.IsObject() {
		return nil
	}
	index := map[string]gjson.Result{}
	metas.ForEach(func(k, v gjson.Result) bool {
		if _, dup := index[k.String()]; !dup {
			index[k.String()] = v
		}
		return true
	})
	return index
}

// MetaFromJSON reads tool data from its JSON object.
func MetaFromJSON(r gjson.Result) MetricMeta {
	return MetricMeta{
		Unit:        r.Get("unit").String(),
		PerUnit:     r.Get("per_unit").String(),
		Description: r.Get("description").String(),
		Orientation: int(r.Get("orientation").Int()),
		ShortName:   r.Get("short_name").String(),
		Interval:    r.Get("interval").Int(),
	}
}

// SetMeta writes the tool data of a metric; a zero value removes it.
func (d *Document) SetMeta(name string, m MetricMeta) error {
	if name == "" {
		return errUnnamedMeta
	}
	if m.IsZero() {
		if err := d.Delete(MetaPath(name)); err != nil {
			return err
		}
		return d.dropEmptyExtension()
	}
	raw, err := marshal(m)
	if err != nil {
		return err
	}
	return d.setMetaEntry(name, raw)
}

// setMetaEntry writes a metric's whole tool data entry as raw JSON.
func (d *Document) setMetaEntry(name string, raw []byte) error {
	switch ms := d.Get(ExtensionKey + ".metrics"); {
	case !ms.Exists():
		// Create the object here: when sjson has to create the parent of a
		// numeric key such as "404" it makes an array of that many nulls.
		key, _ := marshal(name)
		return d.SetRaw(ExtensionKey+".metrics", []byte("{"+string(key)+":"+string(raw)+"}"))
	case !ms.IsObject():
		return fmt.Errorf("%s.metrics is not an object; fix or remove it before editing metric data", ExtensionKey)
	}
	return d.SetRaw(MetaPath(name), raw)
}

// SetMetaField writes one field of a metric's tool data (x-rk-tui.metrics.
// NAME.<key>), creating the entry when missing; a nil value removes the
// field, and the entry with its last field. Fields the tool does not know
// (a tag configuration) stay as they are.
func (d *Document) SetMetaField(name, key string, value any) error {
	if name == "" {
		return errUnnamedMeta
	}
	path := MetaPath(name)
	if !d.Get(path).Exists() {
		if value == nil {
			return nil
		}
		raw, err := marshal(map[string]any{key: value})
		if err != nil {
			return err
		}
		return d.setMetaEntry(name, raw)
	}
	if value != nil {
		return d.Set(path+"."+Key(key), value)
	}
	if err := d.Delete(path + "." + Key(key)); err != nil {
		return err
	}
	if e := d.Get(path); e.IsObject() && len(e.Map()) == 0 {
		if err := d.Delete(path); err != nil {
			return err
		}
	}
	return d.dropEmptyExtension()
}

// Extension returns the raw x-rk-tui value at a sub-path such as "profile".
func (d *Document) Extension(sub string) gjson.Result {
	return d.Get(ExtensionKey + "." + sub)
}

func (d *Document) dropEmptyExtension() error {
	if ms := d.Get(ExtensionKey + ".metrics"); ms.IsObject() && len(ms.Map()) == 0 {
		if err := d.Delete(ExtensionKey + ".metrics"); err != nil {
			return err
		}
	}
	if x := d.Get(ExtensionKey); x.IsObject() && len(x.Map()) == 0 {
		return d.Delete(Key(ExtensionKey))
	}
	return nil
}

// ExportOptions shape the paste-ready JSON.
type ExportOptions struct {
	// APIKey, when set, replaces the api_key of every datadog operation.
	APIKey string
	Minify bool
}

// Export returns the paste-ready JSON for the Rookout web app: the tool's
// own data removed, everything else exactly as in the document.
func Export(d *Document, opt ExportOptions) ([]byte, error) {
	out := d.Clone()
	// A key may be repeated in a hand-edited file; every copy goes.
	for out.Get(Key(ExtensionKey)).Exists() {
		n := len(out.raw)
		if err := out.Delete(Key(ExtensionKey)); err != nil {
			return nil, err
		}
		if len(out.raw) >= n {
			return nil, fmt.Errorf("cannot remove %s from the template", ExtensionKey)
		}
	}
	if opt.APIKey != "" {
		out = ReplaceAPIKeys(out, func(string) string { return opt.APIKey })
	}
	b := out.Bytes()
	if opt.Minify {
		return Compact(b), nil
	}
	if len(b) == 0 || b[len(b)-1] != '\n' {
		b = append(b, '\n')
	}
	return b, nil
}

// ReplaceAPIKeys returns the document with each api_key of every datadog
// operation replaced by what replace returns for it: every occurrence, so a
// key written twice in one operation (placeholder first, literal key
// second: JSON readers differ on which wins) is never left in clear. The
// document itself is returned when no key changes; otherwise a copy, so d
// is never modified.
func ReplaceAPIKeys(d *Document, replace func(key string) string) *Document {
	type change struct {
		start, end int
		value      []byte
	}
	var changes []change
	keys, keyless := apiKeys(d)
	for _, v := range keys {
		if k := replace(v.String()); k != v.String() || v.Type != gjson.String {
			changes = append(changes, change{v.Index, v.Index + len(v.Raw), MarshalValue(k)})
		}
	}
	add := ""
	if len(keyless) > 0 {
		add = replace("")
	}
	if len(changes) == 0 && add == "" {
		return d
	}
	out := make([]byte, 0, len(d.raw)+16*len(changes))
	at := 0
	for _, c := range changes { // in document order
		out = append(append(out, d.raw[at:c.start]...), c.value...)
		at = c.end
	}
	res := &Document{raw: append(out, d.raw[at:]...)}
	if add != "" {
		for _, p := range keyless { // an operation without a key gets one
			_ = res.Set(p+".api_key", add)
		}
	}
	return res
}

// apiKeys returns the values of every api_key key of every datadog
// operation, repeated keys included, in document order, and the paths of
// the datadog operations that have none.
func apiKeys(d *Document) (keys []gjson.Result, keyless []string) {
	keys, _, keyless = apiKeysOf(d)
	return keys, keyless
}

// apiKeysOf is apiKeys with the index of the operation each key is in.
func apiKeysOf(d *Document) (keys []gjson.Result, ops []int, keyless []string) {
	i := -1
	d.Get("processing.operations").ForEach(func(_, op gjson.Result) bool {
		i++
		if !op.IsObject() || op.Get("name").String() != OpDatadog {
			return true
		}
		found := false
		op.ForEach(func(k, v gjson.Result) bool {
			if k.String() == "api_key" && v.Index > 0 {
				keys, ops, found = append(keys, v), append(ops, i), true
			}
			return true
		})
		if !found {
			keyless = append(keyless, "processing.operations."+strconv.Itoa(i))
		}
		return true
	})
	return keys, ops, keyless
}

// RestoreKeys gives a draft (made WithoutKeys) back the keys it was made
// without: an api_key that is the placeholder takes the literal key the
// same operation holds in from, as it is written there. Operations are
// matched by their place among the datadog operations (a DogStatsD
// operation deleted before one does not shift it), keys by their place in
// the operation. Keys are never spread: another operation's key, an
// environment reference or a placeholder that from holds itself stays as
// it is.
func RestoreKeys(draft, from *Document) *Document {
	if from == nil {
		return draft
	}
	// places numbers the keys: the datadog operation's rank, then the key's
	// rank in it (a repeated key is an error, but its value is kept).
	places := func(ops []int) [][2]int {
		out := make([][2]int, len(ops))
		rank := -1
		for i, op := range ops {
			if i == 0 || ops[i-1] != op {
				rank++
				out[i] = [2]int{rank, 0}
				continue
			}
			out[i] = [2]int{rank, out[i-1][1] + 1}
		}
		return out
	}
	literal := map[[2]int]string{}
	keys, ops, _ := apiKeysOf(from)
	for i, place := range places(ops) {
		if v := keys[i]; literalKey(v.String()) {
			literal[place] = v.Raw
		}
	}
	if len(literal) == 0 {
		return draft
	}
	keys, ops, _ = apiKeysOf(draft)
	at := places(ops)
	out := draft
	for i := len(keys) - 1; i >= 0; i-- { // from the end: earlier offsets stay right
		v := keys[i]
		raw, ok := literal[at[i]]
		if !ok || v.Type != gjson.String || v.String() != APIKeyPlaceholder {
			continue
		}
		next := make([]byte, 0, len(out.raw)+len(raw))
		next = append(append(append(next, out.raw[:v.Index]...), raw...), out.raw[v.Index+len(v.Raw):]...)
		out = &Document{raw: next}
	}
	return out
}

// literalKey reports whether k is a real key, not empty or a placeholder.
func literalKey(k string) bool { return k != "" && !IsPlaceholderKey(k) }

// LiteralKey returns the first real API key the document holds in any
// datadog operation ("" when every api_key is empty or a placeholder), so
// a caller can treat the bytes as a secret.
func LiteralKey(d *Document) string {
	keys, _ := apiKeys(d)
	for _, v := range keys {
		if literalKey(v.String()) {
			return v.String()
		}
	}
	return ""
}

// WithoutKeys replaces every literal api_key with the placeholder, for
// copies that must never hold a secret (drafts).
func WithoutKeys(d *Document) *Document {
	return ReplaceAPIKeys(d, func(k string) string {
		if literalKey(k) {
			return APIKeyPlaceholder
		}
		return k
	})
}

// MaskedKeys masks every literal api_key to its last four characters, for
// display.
func MaskedKeys(d *Document) *Document {
	return ReplaceAPIKeys(d, func(k string) string {
		if literalKey(k) {
			return MaskKey(k)
		}
		return k
	})
}
