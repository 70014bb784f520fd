package template

import (
	"strconv"

	"github.com/tidwall/gjson"
)

// Operation names of the two Datadog processing operations.
const (
	OpDatadog   = "datadog"
	OpDogStatsD = "dogstatsd"
)

// APIKeyPlaceholder is what a new template holds instead of a real key.
const APIKeyPlaceholder = "<YOUR-API-KEY>"

// DatadogTypes are the metric types of the `datadog` operation.
var DatadogTypes = []string{"count", "gauge", "rate"}

// DogStatsDActions are the actions of the `dogstatsd` operation.
var DogStatsDActions = []string{"increment", "decrement", "gauge", "histogram", "timing", "distribution", "event"}

// Template is a typed, read-only view of the parts of a document the tool
// understands. It is rebuilt from the bytes on every read, so it never drifts
// from the file.
type Template struct {
	Appearance Appearance
	Location   Location
	Limits     Limits
	// Operations lists every processing operation, Datadog or not, in order.
	Operations []Operation
}

// Appearance is how the breakpoint shows in the Rookout app.
type Appearance struct {
	Color, Icon, Title string
}

// Location is aug.location.
type Location struct {
	Name     string
	Filename string // "" when null or missing
	Lineno   int64  // 0 when null or missing
	SHA256   string
}

// Limits are the optional limits and condition in aug.
type Limits struct {
	Conditional            string
	RateLimit              string
	MaxAugTime             string
	GlobalHitLimit         int64 // 0 when unset
	GlobalDisableAfterTime string
}

// Operation is one entry of processing.operations.
type Operation struct {
	Index     int
	Path      string // gjson path of the operation
	Name      string
	Datadog   *DatadogOp   // set when Name is "datadog"
	DogStatsD *DogStatsDOp // set when Name is "dogstatsd"
}

// DatadogOp is the `datadog` operation (Datadog HTTP API).
type DatadogOp struct {
	APIKey  string
	Metrics []DatadogMetric
}

// DatadogMetric is one entry of a `datadog` operation's metrics list.
type DatadogMetric struct {
	Metric string
	Type   string
	Points []string
	Tags   []string
}

// DogStatsDOp is the `dogstatsd` operation (through a Datadog Agent).
type DogStatsDOp struct {
	Action string
	Metric string
	Value  Value
	Title  string
	Text   string
	Host   string
	Port   int64
	Tags   []string
}

// Value is a path: a plain string path, or an explicit {name, path}.
type Value struct {
	Kind string // "" for a plain path string, else "calc" or "basic"
	Path string
}

// String shows the value as a user types it.
func (v Value) String() string { return v.Path }

// IsLiteral reports whether the value is a constant calc expression such as 1.
func (v Value) IsLiteral() bool {
	if v.Kind != "calc" {
		return false
	}
	_, err := strconv.ParseFloat(v.Path, 64)
	return err == nil
}

// Read builds the typed view of a document.
func Read(d *Document) Template {
	root := gjson.ParseBytes(d.raw)
	var t Template
	t.Appearance = readAppearance(root.Get("appearance"))
	t.Location, t.Limits = readAug(root.Get("aug"))
	for i, op := range root.Get("processing.operations").Array() {
		o := Operation{Index: i, Path: "processing.operations." + strconv.Itoa(i), Name: op.Get("name").String()}
		switch o.Name {
		case OpDatadog:
			dd := &DatadogOp{APIKey: op.Get("api_key").String()}
			for _, m := range op.Get("metrics").Array() {
				dd.Metrics = append(dd.Metrics, readDatadogMetric(m))
			}
			o.Datadog = dd
		case OpDogStatsD:
			o.DogStatsD = readDogStatsD(op)
		}
		t.Operations = append(t.Operations, o)
	}
	return t
}

func readAppearance(ap gjson.Result) Appearance {
	return Appearance{Color: ap.Get("color").String(), Icon: ap.Get("icon").String(), Title: ap.Get("title").String()}
}

func readAug(aug gjson.Result) (Location, Limits) {
	loc := aug.Get("location")
	return Location{
			Name:     loc.Get("name").String(),
			Filename: loc.Get("filename").String(),
			Lineno:   loc.Get("lineno").Int(),
			SHA256:   loc.Get("sha256").String(),
		}, Limits{
			Conditional:            aug.Get("conditional").String(),
			RateLimit:              aug.Get("rateLimit").String(),
			MaxAugTime:             aug.Get("maxAugTime").String(),
			GlobalHitLimit:         aug.Get("globalHitLimit").Int(),
			GlobalDisableAfterTime: aug.Get("globalDisableAfterTime").String(),
		}
}

func readDatadogMetric(m gjson.Result) DatadogMetric {
	return DatadogMetric{
		Metric: m.Get("metric").String(),
		Type:   m.Get("type").String(),
		Points: stringList(m.Get("points")),
		Tags:   stringList(m.Get("tags")),
	}
}

func readDogStatsD(op gjson.Result) *DogStatsDOp {
	return &DogStatsDOp{
		Action: op.Get("action").String(),
		Metric: op.Get("metric").String(),
		Value:  readValue(op.Get("value")),
		Title:  op.Get("title").String(),
		Text:   op.Get("text").String(),
		Host:   op.Get("target.host").String(),
		Port:   op.Get("target.port").Int(),
		Tags:   stringList(op.Get("tags")),
	}
}

// ReadTop returns t with "appearance" or "aug" read anew from raw, that
// value's JSON, as Read reads it.
func ReadTop(t Template, key string, raw []byte) Template {
	r := gjson.ParseBytes(raw)
	switch key {
	case "appearance":
		t.Appearance = readAppearance(r)
	case "aug":
		t.Location, t.Limits = readAug(r)
	}
	return t
}

// ReadDatadogMetric reads one entry of a datadog operation's metrics from
// its JSON, as Read does.
func ReadDatadogMetric(raw []byte) DatadogMetric { return readDatadogMetric(gjson.ParseBytes(raw)) }

// ReadDogStatsD reads a dogstatsd operation from its JSON, as Read does.
func ReadDogStatsD(raw []byte) *DogStatsDOp { return readDogStatsD(gjson.ParseBytes(raw)) }

func stringList(r gjson.Result) []string {
	if !r.IsArray() {
		return nil
	}
	arr := r.Array()
	out := make([]string, 0, len(arr))
	for _, v := range arr {
		out = append(out, v.String())
	}
	return out
}

func readValue(r gjson.Result) Value {
	if r.IsObject() {
		return Value{Kind: r.Get("name").String(), Path: r.Get("path").String()}
	}
	return Value{Path: r.String()}
}

// Target says which Datadog route a template uses.
type Target string

// The two targets.
const (
	TargetAPI       Target = "api"
	TargetDogStatsD Target = "dogstatsd"
)

// Target returns the route of the first Datadog operation, or "" if none.
func (t Template) Target() Target {
	for _, op := range t.Operations {
		switch op.Name {
		case OpDatadog:
			return TargetAPI
		case OpDogStatsD:
			return TargetDogStatsD
		}
	}
	return ""
}

// APIKey returns the api_key of the first `datadog` operation.
func (t Template) APIKey() string {
	for _, op := range t.Operations {
		if op.Datadog != nil {
			return op.Datadog.APIKey
		}
	}
	return ""
}
