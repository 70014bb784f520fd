package template

// DefaultInterval is the interval, in seconds, of a count or rate that
// does not say its own: what a test send uses, and the DogStatsD agent's
// flush interval, over which it turns a counter into a rate.
const DefaultInterval = 10

// HistogramSuffixes are the metrics the Datadog Agent stores for one
// DogStatsD histogram or timing with its default histogram_aggregates
// (max, median, avg, count) and histogram_percentiles (0.95).
var HistogramSuffixes = []string{"avg", "median", "95percentile", "max", "count"}

// StoredMetric is one metric as Datadog stores it, with its in-app type
// (count, rate, gauge or distribution).
type StoredMetric struct {
	Name string
	Type string
	// Interval is the seconds a rate or count covers, 0 when it has none.
	Interval int64
	// Aggregate is the histogram aggregate it holds (avg, count, …), ""
	// for a metric stored as sent. A histogram's count is a number of
	// samples: it does not have the unit of the samples.
	Aggregate string
}

// Stored lists what Datadog stores for a metric sent as the template says:
// API types as they are; a DogStatsD counter as a rate over the agent's
// flush interval; a histogram or timing as five metrics (NAME.avg, .median,
// .95percentile, .max as gauges, NAME.count as a rate); a distribution as
// one distribution; an event as nothing. interval is the metric's own
// interval in seconds (x-rk-tui), 0 for the default.
func Stored(m Metric, interval int64) []StoredMetric {
	if interval <= 0 {
		interval = DefaultInterval
	}
	switch m.Kind {
	case KindEvent, "":
		return nil
	case KindHistogram, KindTiming:
		out := make([]StoredMetric, 0, len(HistogramSuffixes))
		for _, s := range HistogramSuffixes {
			sm := StoredMetric{Name: m.Name + "." + s, Type: "gauge", Aggregate: s}
			if s == "count" {
				sm.Type, sm.Interval = "rate", DefaultInterval
			}
			out = append(out, sm)
		}
		return out
	case KindDistribution:
		return []StoredMetric{{Name: m.Name, Type: "distribution"}}
	case KindGauge, KindSet:
		return []StoredMetric{{Name: m.Name, Type: "gauge"}}
	case KindRate:
		return []StoredMetric{{Name: m.Name, Type: "rate", Interval: interval}}
	case KindCount:
		if m.Op.Name == OpDogStatsD {
			return []StoredMetric{{Name: m.Name, Type: "rate", Interval: DefaultInterval}}
		}
		return []StoredMetric{{Name: m.Name, Type: "count", Interval: interval}}
	}
	return nil
}

// StoresAs says what Datadog turns a name or tag into, as every output
// words it: "→ Datadog stores app.method_calls".
func StoresAs(rewrite string) string { return "→ Datadog stores " + SafeLine(rewrite) }
