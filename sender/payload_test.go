package sender_test

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/rk-tui/rk-tui/internal/golden"
	"github.com/rk-tui/rk-tui/sender"
	"github.com/rk-tui/rk-tui/template"
)

// TestBuildSeriesGolden pins the payload of a realistic template: types,
// tags exactly as written, unit and interval from x-rk-tui, host resource,
// back-dated points.
func TestBuildSeriesGolden(t *testing.T) {
	series, err := sender.BuildSeries(checkoutDoc(t), sender.Options{
		Points: sender.Int(3), Host: "web-1", Value: sender.Float(4), Now: fixedClock(time.Unix(1_800_000_000, 0)),
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(map[string]any{"series": series}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, filepath.Join("testdata", "checkout_series.json"), append(got, '\n'))
}

// TestSeriesDefaults: one point of value 1 now, interval 10 s for count
// and rate without x-rk-tui, no unit, no resource.
func TestSeriesDefaults(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	series, err := sender.BuildSeries(apiDoc(t, template.MetricSpec{Name: "a.count", Type: "count", Value: "x", Tags: []string{"k:v"}}), sender.Options{Now: fixedClock(now)})
	if err != nil {
		t.Fatal(err)
	}
	s := series[0]
	if len(s.Points) != 1 || *s.Points[0].Timestamp != now.Unix() || *s.Points[0].Value != 1 {
		t.Errorf("points = %+v", s.Points)
	}
	if s.Interval == nil || *s.Interval != 10 || s.Unit != nil || s.Resources != nil || len(s.Tags) != 1 {
		t.Errorf("series = %+v", s)
	}
	// --interval wins over x-rk-tui.
	series, err = sender.BuildSeries(checkoutDoc(t), sender.Options{Interval: sender.Duration(30 * time.Second)})
	if err != nil || *series[0].Interval != 30 {
		t.Errorf("interval with --interval 30s: %v, %v", series[0].Interval, err)
	}
}
