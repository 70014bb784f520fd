package preview

import (
	"fmt"
	"io"
	"reflect"
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

// pipelineTemplate is n metrics with 10 tag keys each (as benchTemplate),
// for the whole preview pipeline at two sizes.
func pipelineTemplate(b *testing.B, n int) []byte {
	b.Helper()
	types := []string{"count", "gauge", "rate", "histogram", "distribution", "increment", "timing"}
	metrics := make([]metricJSON, 0, n)
	for i := range n {
		tags := make([]string, 10)
		for j := range tags {
			tags[j] = fmt.Sprintf("key%d:value%d", (i+j*3)%40, (i+j)%7)
		}
		metrics = append(metrics, m(fmt.Sprintf("app.service%d.metric%d", i%13, i), types[i%len(types)], tags...))
	}
	return []byte(templateJSON(b, metrics, `"x-rk-tui": {"profile": {"hosts": 12, "existing": 900}}`))
}

// BenchmarkPreviewPipeline is what rk-tui preview does with a file's
// bytes: parse and validate, read the profile and scenario, estimate, and
// render the text report with its metric table. It grows linearly with
// the number of metrics.
func BenchmarkPreviewPipeline(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		data := pipelineTemplate(b, n)
		b.Run(fmt.Sprintf("metrics=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				d, findings := template.Load(data)
				if d == nil {
					b.Fatal(findings)
				}
				in, err := ReadInput(d, now)
				if err != nil {
					b.Fatal(err)
				}
				r := in.Estimate()
				r.NoteInvalidTemplate("t.json", nil)
				if err := RenderText(io.Discard, r, TextOptions{Width: 120}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkEstimatorOneMetric is the studio's keystroke in the metric form
// of a 1,000-metric template: one tag of one metric changes, the Estimator
// recomputes that row and sums. "same-values" keeps every key's number of
// values (most keystrokes); "new-value" gives a key one more value, so
// every metric with that key is recomputed too.
func BenchmarkEstimatorOneMetric(b *testing.B) {
	base := benchTemplate(b)
	three := mustScenario(b, `{"host_groups": [
	  {"hosts": 4, "tags": {"key0": ["value0", "value1"], "key1": 3}},
	  {"hosts": 6, "tags": {"key0": ["value2"], "key3": ["value1", "value4"]}},
	  {"hosts": 2}]}`)
	edit := func(from, to string) (template.Template, MetaFunc) {
		d := parseDoc(b, strings.Replace(string(base.Bytes()), from, to, 1))
		return template.Read(d), MetaOf(d)
	}
	// Metric 500's tags are key(500+3j)%40:value(500+j)%7; its first tag is
	// key20:value3.
	cases := []struct {
		name     string
		from, to string
		sc       *Scenario
	}{
		{"same-values", `"key20:value3","key23:value4"`, `"key20:value4","key23:value4"`, nil},
		{"new-value", `"key20:value3","key23:value4"`, `"key20:value9","key23:value4"`, nil},
		{"same-values-scenario", `"key20:value3","key23:value4"`, `"key20:value4","key23:value4"`, three},
	}
	p, err := ProfileFrom(base, now)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			ta, ma := edit(c.from, c.from)
			tb, mb := edit(c.from, c.to)
			if reflect.DeepEqual(ta.Metrics(), tb.Metrics()) {
				b.Fatal("the edit changes nothing")
			}
			// The studio holds the metrics already (it lists them); the
			// benchmark leaves Template.Metrics out as well.
			msa, msb := ta.Metrics(), tb.Metrics()
			var x Estimator
			x.UpdateMetrics(msa, ta.Limits, ma, p, c.sc)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				ms, meta := msa, ma
				if i%2 == 0 {
					ms, meta = msb, mb
				}
				i++
				if r := x.UpdateMetrics(ms, ta.Limits, meta, p, c.sc); len(r.Metrics) != 1000 {
					b.Fatal(len(r.Metrics))
				}
			}
		})
	}
}
