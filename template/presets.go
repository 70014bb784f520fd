package template

import (
	"fmt"
	"sort"
	"strings"
)

// Preset is a realistic starting point for a new template.
type Preset struct {
	Name        string
	Description string
	Spec        Spec
}

// Presets are the starting points offered by new-template, in menu order.
var Presets = []Preset{
	{
		Name:        "method-calls",
		Description: "Count every call of a method (DogStatsD increment of 1 per hit)",
		Spec: Spec{Title: "Count method calls", Color: "#6C4296", Icon: "fa fa-plus-circle", Target: TargetDogStatsD,
			Metrics: []MetricSpec{{Name: "app.method.calls", Type: "increment", Value: "1",
				Meta: MetricMeta{Unit: "operation", Description: "Calls of the instrumented method, one per breakpoint hit.", ShortName: "calls"}}}},
	},
	{
		Name:        "gauge-variable",
		Description: "Report the value of a variable as a gauge through the Datadog API",
		Spec: Spec{Title: "Gauge a variable", Color: "#2E86AB", Icon: "fa fa-tachometer", Target: TargetAPI,
			Metrics: []MetricSpec{{Name: "app.queue.depth", Type: "gauge", Value: "store.rookout.frame.locals.queue_depth",
				Tags: []string{"queue:orders"},
				Meta: MetricMeta{Unit: "item", Description: "Items waiting in the queue when the line runs."}}}},
	},
	{
		Name:        "batch-histogram",
		Description: "Histogram of a batch size: avg, median, p95 and max per host (DogStatsD)",
		Spec: Spec{Title: "Batch size histogram", Color: "#F18F01", Icon: "fa fa-bar-chart", Target: TargetDogStatsD,
			Metrics: []MetricSpec{{Name: "worker.batch.size", Type: "histogram", Value: "store.rookout.frame.locals.batch_size",
				Meta: MetricMeta{Unit: "item", Description: "Records per processed batch."}}}},
	},
	{
		Name:        "operation-timing",
		Description: "Timing of an operation in milliseconds from a captured duration (DogStatsD)",
		Spec: Spec{Title: "Operation timing", Color: "#C73E1D", Icon: "fa fa-clock-o", Target: TargetDogStatsD,
			Metrics: []MetricSpec{{Name: "app.operation.duration", Type: "timing", Value: "store.rookout.frame.locals.elapsed_ms",
				Meta: MetricMeta{Unit: "millisecond", Description: "Time the operation took.", Orientation: -1}}}},
	},
	{
		Name:        "exposure-counter",
		Description: "Feature-flag exposure count tagged environment/name/value (Datadog API)",
		Spec: Spec{Title: "Feature exposure counter", Color: "#3B8EA5", Icon: "fa fa-flag", Target: TargetAPI,
			Metrics: []MetricSpec{{Name: "feature.exposure.count", Type: "count", Value: "store.rookout.frame.locals.exposures",
				Tags: []string{"environment:production", "name:new_checkout", "value:enabled"},
				Meta: MetricMeta{Unit: "occurrence", Description: "Exposures of a feature flag, per environment, flag name and served value.", Interval: 10}}}},
	},
	{
		Name:        "request-rate",
		Description: "Rate of requests handled per second, tagged by endpoint (Datadog API)",
		Spec: Spec{Title: "Request rate", Color: "#44AF69", Icon: "fa fa-exchange", Target: TargetAPI,
			Metrics: []MetricSpec{{Name: "app.requests.rate", Type: "rate", Value: "store.rookout.frame.locals.handled",
				Tags: []string{"endpoint:checkout", "method:post"},
				Meta: MetricMeta{Unit: "request", PerUnit: "second", Description: "Requests handled per second.", Interval: 10, Orientation: 1}}}},
	},
}

// PresetByName finds a preset; the error lists the names that exist.
func PresetByName(name string) (Preset, error) {
	for _, p := range Presets {
		if p.Name == name {
			return p, nil
		}
	}
	return Preset{}, fmt.Errorf("there is no preset %q; pick one of: %s", name, strings.Join(PresetNames(), ", "))
}

// PresetNames lists the preset names, sorted.
func PresetNames() []string {
	out := make([]string, 0, len(Presets))
	for _, p := range Presets {
		out = append(out, p.Name)
	}
	sort.Strings(out)
	return out
}
