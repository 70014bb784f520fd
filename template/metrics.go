package template

import "strconv"

// Kind is a metric's type as Datadog counts and stores it.
type Kind string

// The kinds. A dogstatsd increment/decrement is a count; timing is a
// histogram of milliseconds.
const (
	KindCount        Kind = "count"
	KindRate         Kind = "rate"
	KindGauge        Kind = "gauge"
	KindHistogram    Kind = "histogram"
	KindTiming       Kind = "timing"
	KindDistribution Kind = "distribution"
	KindSet          Kind = "set"
	KindEvent        Kind = "event"
)

// Metric is one metric of the template, whichever operation carries it.
type Metric struct {
	// Index is the position in Template.Metrics().
	Index int
	// Op is the processing operation that holds it.
	Op Operation
	// Path is the gjson path of the object that describes the metric: the
	// metrics entry of a `datadog` operation, or the `dogstatsd` operation.
	Path string
	Name string
	// Type is as written: count/gauge/rate for `datadog`, the action for
	// `dogstatsd`.
	Type  string
	Kind  Kind
	Value Value
	Tags  []string
}

// NamePath, TypePath, ValuePath and TagsPath are the gjson paths of the
// metric's fields, for findings and for edits.
func (m Metric) NamePath() string { return m.Path + ".metric" }

// TypePath is the path of the type (datadog) or action (dogstatsd).
func (m Metric) TypePath() string {
	if m.Op.Name == OpDogStatsD {
		return m.Path + ".action"
	}
	return m.Path + ".type"
}

// ValuePath is the path of the value (dogstatsd) or first point (datadog).
func (m Metric) ValuePath() string {
	if m.Op.Name == OpDogStatsD {
		return m.Path + ".value"
	}
	return m.Path + ".points.0"
}

// TagsPath is the path of the tags list.
func (m Metric) TagsPath() string { return m.Path + ".tags" }

// MetaName is the name the metric's tool data is kept under
// (x-rk-tui.metrics.<name>): its metric name. A DogStatsD event has none,
// as its Name is its title.
func (m Metric) MetaName() string {
	if m.Op.DogStatsD != nil {
		return m.Op.DogStatsD.Metric
	}
	return m.Name
}

// Metrics lists every metric of every Datadog operation, in file order.
func (t Template) Metrics() []Metric {
	var out []Metric
	for _, op := range t.Operations {
		switch {
		case op.Datadog != nil:
			for i, dm := range op.Datadog.Metrics {
				out = append(out, Metric{Index: len(out), Op: op, Path: op.Path + ".metrics." + strconv.Itoa(i)}.WithDatadog(dm))
			}
		case op.DogStatsD != nil:
			out = append(out, Metric{Index: len(out), Op: op, Path: op.Path}.WithDogStatsD(op.DogStatsD))
		}
	}
	return out
}

// WithDatadog is m with the fields an entry of a datadog operation's
// metrics gives it, for a caller that read one entry anew.
func (m Metric) WithDatadog(dm DatadogMetric) Metric {
	m.Name, m.Type, m.Kind, m.Tags, m.Value = dm.Metric, dm.Type, KindOf(OpDatadog, dm.Type), dm.Tags, Value{}
	if len(dm.Points) > 0 {
		m.Value = Value{Path: dm.Points[0]}
	}
	return m
}

// WithDogStatsD is m with the fields a dogstatsd operation gives it.
func (m Metric) WithDogStatsD(s *DogStatsDOp) Metric {
	m.Op.DogStatsD = s
	m.Name = s.Metric
	if s.Action == "event" {
		m.Name = s.Title
	}
	m.Type, m.Kind, m.Value, m.Tags = s.Action, KindOf(OpDogStatsD, s.Action), s.Value, s.Tags
	return m
}

// KindOf maps an operation's type or action to its Kind ("" if unknown).
func KindOf(op, typ string) Kind {
	switch op {
	case OpDatadog:
		switch typ {
		case "count":
			return KindCount
		case "gauge":
			return KindGauge
		case "rate":
			return KindRate
		}
	case OpDogStatsD:
		switch typ {
		case "increment", "decrement":
			return KindCount
		case "gauge":
			return KindGauge
		case "histogram":
			return KindHistogram
		case "timing":
			return KindTiming
		case "distribution":
			return KindDistribution
		case "event":
			return KindEvent
		}
	}
	return ""
}
