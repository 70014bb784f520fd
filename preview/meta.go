package preview

import (
	"github.com/rk-tui/rk-tui/template"
	"github.com/tidwall/gjson"
)

// Meta is a metric's tool data (x-rk-tui.metrics.NAME), read only when
// asked: an Estimator compares Raw and skips the reading for metrics whose
// tool data did not change.
type Meta struct {
	// Raw is the tool data's JSON text, "" for none.
	Raw  string
	name string
	src  gjson.Result
}

// MetaInfo is what the estimate takes from a metric's tool data.
type MetaInfo struct {
	// Interval is the metric's interval in seconds, 0 for none.
	Interval int64
	// TagConfig is its Metrics without Limits tag configuration, nil for
	// none.
	TagConfig *TagConfig
	// Problem is a tag configuration that cannot be read; the metric is
	// then counted without one, with a warning.
	Problem *FieldError
}

// Info reads the tool data.
func (m Meta) Info() MetaInfo {
	if m.Raw == "" {
		return MetaInfo{}
	}
	info := MetaInfo{Interval: template.MetaFromJSON(m.src).Interval}
	info.TagConfig, info.Problem = readTagConfig(m.src.Get("tag_configuration"), TagConfigPath(m.name))
	return info
}

// MetaFunc looks up the tool data of a metric by name. Use MetaOf(doc).
type MetaFunc func(name string) Meta

// MetaOf returns a MetaFunc over doc's x-rk-tui.metrics that indexes the
// object once; each lookup then reads one entry. A nil doc has none.
func MetaOf(doc *template.Document) MetaFunc {
	if doc == nil {
		return func(string) Meta { return Meta{} }
	}
	index := doc.MetaEntries()
	return func(name string) Meta {
		r, ok := index[name]
		if !ok {
			return Meta{}
		}
		return Meta{Raw: r.Raw, name: name, src: r}
	}
}

// CheckTagConfigs reports the first tag configuration of doc that cannot be
// read, as a *FieldError with its path; nil when all can. Estimate counts
// such a metric without its configuration and warns; a command that wants
// the file fixed first calls this.
func CheckTagConfigs(doc *template.Document) error {
	if doc == nil {
		return nil
	}
	metas := doc.Extension("metrics")
	if !metas.IsObject() {
		return nil
	}
	var bad *FieldError
	metas.ForEach(func(k, v gjson.Result) bool {
		_, bad = readTagConfig(v.Get("tag_configuration"), TagConfigPath(k.String()))
		return bad == nil
	})
	if bad != nil {
		return bad
	}
	return nil
}

// MetaFromRaw is a metric's tool data from its JSON text (raw, "" for
// none), for a caller that keeps its own index of x-rk-tui.metrics.
func MetaFromRaw(name, raw string) Meta {
	if raw == "" {
		return Meta{}
	}
	return Meta{Raw: raw, name: name, src: gjson.Parse(raw)}
}
