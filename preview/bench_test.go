package preview

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/rk-tui/rk-tui/template"
)

// benchTemplate is 1,000 metrics with 10 tag keys each: keys drawn from a
// pool of 40, 7 values per key, a mix of API and DogStatsD types.
func benchTemplate(b *testing.B) *template.Document {
	b.Helper()
	types := []string{"count", "gauge", "rate", "histogram", "distribution", "increment", "timing"}
	metrics := make([]metricJSON, 0, 1000)
	for i := 0; i < 1000; i++ {
		tags := make([]string, 10)
		for j := range tags {
			tags[j] = fmt.Sprintf("key%d:value%d", (i+j*3)%40, (i+j)%7)
		}
		metrics = append(metrics, m(fmt.Sprintf("app.service%d.metric%d", i%13, i), types[i%len(types)], tags...))
	}
	return docOf(b, metrics, `"x-rk-tui": {"profile": {"hosts": 12, "existing": 900}}`)
}

func BenchmarkEstimate(b *testing.B) {
	d := benchTemplate(b)
	t := template.Read(d)
	p, err := ProfileFrom(d, now)
	if err != nil {
		b.Fatal(err)
	}
	three := mustScenario(b, `{"host_groups": [
	  {"hosts": 4, "tags": {"key0": ["value0", "value1"], "key1": 3}},
	  {"hosts": 6, "tags": {"key0": ["value2"], "key3": ["value1", "value4"]}},
	  {"hosts": 2}]}`)
	cases := []struct {
		name    string
		sc      *Scenario
		hostTag bool
	}{
		{"no-scenario", nil, true},
		{"scenario-3-groups", three, true},
		{"scenario-3-groups-no-host-tag", three, false},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			p := p
			p.HostTag = HostTagOff
			if c.hostTag {
				p.HostTag = HostTagOn
			}
			b.ReportAllocs()
			for b.Loop() {
				r := Estimate(t, MetaOf(d), p, c.sc)
				if len(r.Metrics) != 1000 {
					b.Fatal(len(r.Metrics))
				}
			}
		})
	}
}

// BenchmarkKeystroke is what the studio pays per keystroke on the same
// template: parse, read the profile, scenario and typed view, estimate and
// render the summary card.
func BenchmarkKeystroke(b *testing.B) {
	data := benchTemplate(b).Bytes()
	b.ReportAllocs()
	for b.Loop() {
		d, err := template.Parse(data)
		if err != nil {
			b.Fatal(err)
		}
		p, err := ProfileFrom(d, now)
		if err != nil {
			b.Fatal(err)
		}
		sc, err := ScenarioFrom(d)
		if err != nil {
			b.Fatal(err)
		}
		r := Estimate(template.Read(d), MetaOf(d), p, sc)
		if err := RenderText(io.Discard, r, TextOptions{Width: 40, Summary: true}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestBenchTemplateShape(t *testing.T) {
	if testing.Short() {
		t.Skip()
	}
	r := testing.Benchmark(func(b *testing.B) {
		d := benchTemplate(b)
		ms := template.Read(d).Metrics()
		if len(ms) != 1000 {
			b.Fatalf("metrics = %d", len(ms))
		}
		for _, mt := range ms {
			keys := map[string]bool{}
			for _, tag := range mt.Tags {
				keys[strings.SplitN(tag, ":", 2)[0]] = true
			}
			if len(keys) != 10 {
				b.Fatalf("%s has %d keys", mt.Name, len(keys))
			}
		}
	})
	if r.N == 0 {
		t.Fatal("benchmark template did not build")
	}
}
