package template

import (
	"reflect"
	"testing"
)

func TestStored(t *testing.T) {
	api := Operation{Name: OpDatadog}
	agent := Operation{Name: OpDogStatsD}
	tests := []struct {
		name     string
		m        Metric
		interval int64
		want     []StoredMetric
	}{
		{"api count", Metric{Op: api, Name: "a.calls", Kind: KindCount}, 0, []StoredMetric{{"a.calls", "count", 10, ""}}},
		{"api count, own interval", Metric{Op: api, Name: "a.calls", Kind: KindCount}, 60, []StoredMetric{{"a.calls", "count", 60, ""}}},
		{"api rate", Metric{Op: api, Name: "a.rps", Kind: KindRate}, 30, []StoredMetric{{"a.rps", "rate", 30, ""}}},
		{"api gauge", Metric{Op: api, Name: "a.size", Kind: KindGauge}, 30, []StoredMetric{{"a.size", "gauge", 0, ""}}},
		{"dogstatsd increment is a rate", Metric{Op: agent, Name: "a.hits", Kind: KindCount}, 60, []StoredMetric{{"a.hits", "rate", 10, ""}}},
		{"histogram", Metric{Op: agent, Name: "a.lat", Kind: KindHistogram}, 0, []StoredMetric{
			{"a.lat.avg", "gauge", 0, "avg"}, {"a.lat.median", "gauge", 0, "median"}, {"a.lat.95percentile", "gauge", 0, "95percentile"}, {"a.lat.max", "gauge", 0, "max"}, {"a.lat.count", "rate", 10, "count"}}},
		{"timing", Metric{Op: agent, Name: "a.t", Kind: KindTiming}, 0, []StoredMetric{
			{"a.t.avg", "gauge", 0, "avg"}, {"a.t.median", "gauge", 0, "median"}, {"a.t.95percentile", "gauge", 0, "95percentile"}, {"a.t.max", "gauge", 0, "max"}, {"a.t.count", "rate", 10, "count"}}},
		{"distribution", Metric{Op: agent, Name: "a.d", Kind: KindDistribution}, 0, []StoredMetric{{"a.d", "distribution", 0, ""}}},
		{"event", Metric{Op: agent, Name: "Title", Kind: KindEvent}, 0, nil},
		{"unknown type", Metric{Op: api, Name: "a.x"}, 0, nil},
	}
	for _, tt := range tests {
		if got := Stored(tt.m, tt.interval); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Stored = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}
