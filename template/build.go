package template

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// Default values of a new template, as in the official Rookout Datadog
// template.
const (
	DefaultColor = "#6C4296"
	DefaultIcon  = "fa fa-line-chart"
	DefaultTitle = "Datadog Custom Metrics"
	DefaultHost  = "localhost"
	DefaultPort  = 8125
)

// Spec describes a template to build from scratch.
type Spec struct {
	Title  string
	Color  string
	Icon   string
	Target Target
	// Host and Port are the DogStatsD agent address (TargetDogStatsD).
	Host    string
	Port    int
	Metrics []MetricSpec
}

// MetricSpec is one metric of a Spec.
type MetricSpec struct {
	Name string
	// Type is count/gauge/rate for the API target; any dogstatsd action for
	// the agent target.
	Type  string
	Value string // a path, or a number for a constant
	Tags  []string
	// Title and Text are for dogstatsd events.
	Title, Text string
	Meta        MetricMeta
}

// kv is one key of an ordered JSON object.
type kv struct {
	k string
	v any
}

// object is a JSON object that keeps its key order.
type object []kv

func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, e := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(e.k)
		b.Write(k)
		b.WriteByte(':')
		v, err := marshal(e.v)
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// marshal is json.Marshal without HTML escaping, so "<YOUR-API-KEY>" stays
// readable.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// Build returns a complete template document in the same structure as the
// official Rookout Datadog template, indented with two spaces.
func Build(s Spec) *Document {
	title, color, icon := or(s.Title, DefaultTitle), or(s.Color, DefaultColor), or(s.Icon, DefaultIcon)
	var ops []any
	switch s.Target {
	case TargetDogStatsD:
		for _, m := range s.Metrics {
			ops = append(ops, DogStatsDObject(m, or(s.Host, DefaultHost), orInt(s.Port, DefaultPort)))
		}
		if len(s.Metrics) == 0 {
			ops = append(ops, DogStatsDObject(MetricSpec{Type: "increment", Value: "1"}, or(s.Host, DefaultHost), orInt(s.Port, DefaultPort)))
		}
	default:
		metrics := []any{}
		for _, m := range s.Metrics {
			metrics = append(metrics, DatadogMetricObject(m))
		}
		ops = append(ops, object{{"name", OpDatadog}, {"api_key", APIKeyPlaceholder}, {"metrics", metrics}})
	}
	doc := object{
		{"template_type", "Custom"},
		{"appearance", object{{"color", color}, {"icon", icon}, {"title", title}}},
		{"selector", object{{"operations", []any{
			object{{"name", "return"}, {"path", object{{"name", "calc"}, {"path", "True"}}}},
		}}}},
		{"aug", object{
			{"location", object{{"name", "file_line"}, {"filename", nil}, {"lineno", nil}, {"sha256", nil}}},
			{"action", object{{"name", "script"}, {"operations", []any{
				object{{"name", "set"}, {"paths", object{{"store.rookout.frame", "frame.dump()"}}}},
			}}}},
		}},
		{"processing", object{{"operations", ops}}},
	}
	var ext object
	for _, m := range s.Metrics {
		if !m.Meta.IsZero() && m.Name != "" {
			ext = append(ext, kv{m.Name, m.Meta})
		}
	}
	if len(ext) > 0 {
		doc = append(doc, kv{ExtensionKey, object{{"metrics", ext}}})
	}
	raw, err := marshal(doc)
	if err != nil {
		panic("template: cannot encode a built template: " + err.Error())
	}
	return MustParse(Canonical(raw))
}

// DatadogMetricObject is the JSON of one metric of a `datadog` operation.
func DatadogMetricObject(m MetricSpec) any {
	tags := m.Tags
	if tags == nil {
		tags = []string{}
	}
	points := []string{}
	if m.Value != "" {
		points = append(points, m.Value)
	}
	return object{{"metric", m.Name}, {"points", points}, {"tags", tags}, {"type", or(m.Type, "count")}}
}

// DogStatsDObject is the JSON of one `dogstatsd` operation.
func DogStatsDObject(m MetricSpec, host string, port int) any {
	action := or(m.Type, "increment")
	o := object{{"name", OpDogStatsD}, {"action", action}}
	if action == "event" {
		o = append(o, kv{"title", m.Title}, kv{"text", m.Text})
	} else {
		o = append(o, kv{"metric", m.Name}, kv{"value", ValueObject(m.Value)})
	}
	if len(m.Tags) > 0 {
		o = append(o, kv{"tags", m.Tags})
	}
	return append(o, kv{"target", object{{"host", host}, {"port", port}}})
}

// ValueObject turns what the user typed into a value: a number or
// True/False becomes a calc expression, anything else a path string.
func ValueObject(s string) any {
	if s == "" {
		s = "1"
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil || s == "True" || s == "False" {
		return object{{"name", "calc"}, {"path", s}}
	}
	return s
}

// MarshalValue encodes v as JSON the way the builder does (key order kept,
// no HTML escaping), for edits that insert whole objects.
func MarshalValue(v any) []byte {
	b, err := marshal(v)
	if err != nil {
		panic("template: cannot encode a value: " + err.Error())
	}
	return b
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func orInt(n, def int) int {
	if n == 0 {
		return def
	}
	return n
}
