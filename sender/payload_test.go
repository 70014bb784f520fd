package sender_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rk-tui/rk-tui/sender"
	"github.com/rk-tui/rk-tui/template"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./sender -run %s -update to create it)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; if the change is right, run go test ./sender -run %s -update\ngot:\n%s", path, t.Name(), got)
	}
}

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
	golden(t, "checkout_series.json", append(got, '\n'))
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
