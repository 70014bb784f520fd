package sender

import (
	"context"
	"strconv"
	"testing"

	"github.com/rk-tui/rk-tui/sender/sendertest"
	"github.com/rk-tui/rk-tui/template"
)

// bigDoc is an API template with n metrics, each with three tags.
func bigDoc(n int) *template.Document {
	metrics := make([]template.MetricSpec, n)
	for i := range metrics {
		metrics[i] = template.MetricSpec{
			Name: "bench.metric." + strconv.Itoa(i), Type: []string{"count", "gauge", "rate"}[i%3],
			Value: "store.rookout.frame.locals.v", Tags: []string{"env:prod", "team:cart", "shard:" + strconv.Itoa(i%16)},
		}
	}
	return template.Build(template.Spec{Target: template.TargetAPI, Metrics: metrics})
}

// BenchmarkBuildPayload builds the payload of a 10,000-metric template:
// the series alone, then with the JSON and gzip sizing that cuts batches.
func BenchmarkBuildPayload(b *testing.B) {
	const n = 10_000
	doc := bigDoc(n)
	b.Run("series", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			series, err := BuildSeries(doc, Options{})
			if err != nil || len(series) != n {
				b.Fatalf("%d series, %v", len(series), err)
			}
		}
		b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "series/s")
	})
	b.Run("series+batches", func(b *testing.B) {
		b.ReportAllocs()
		var p *Plan
		for b.Loop() {
			var err error
			if p, err = NewPlan(doc, Options{}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "series/s")
		b.ReportMetric(float64(len(p.Batches)), "requests")
		b.ReportMetric(float64(p.Batches[0].GzipBytes), "wire-bytes")
	})
}

// BenchmarkSendThroughput sends 1,000 points through the real client over
// loopback HTTP: in one batched request, or one request per point. The
// intake is Light (no OpenAPI check, no decoding of the series), so the
// figure is the client's: a decoding intake on the same two cores would be
// most of it.
func BenchmarkSendThroughput(b *testing.B) {
	const points = 1000
	in := sendertest.NewIntake(b, sendertest.Light())
	plan, err := NewPlan(bigDoc(points), Options{APIURL: in.URL, APIKey: "bench-key-0000", SkipValidate: true})
	if err != nil {
		b.Fatal(err)
	}
	// One request per point, each batch cut the way a send cuts them.
	perPoint := make([]Batch, 0, len(plan.Series))
	for i := range plan.Series {
		one, err := SplitBatches(plan.Series[i:i+1], IntakeLimits)
		if err != nil {
			b.Fatal(err)
		}
		perPoint = append(perPoint, one...)
	}
	hc := liveHTTPClient()
	defer hc.CloseIdleConnections()
	c := newAPIClient(plan.s, hc, "bench-key-0000")
	ctx := context.Background()
	run := func(b *testing.B, batches []Batch) {
		b.ReportAllocs()
		for b.Loop() {
			for _, batch := range batches {
				if _, _, err := c.submit(ctx, batch, "bench"); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(points*b.N)/b.Elapsed().Seconds(), "points/s")
		b.ReportMetric(float64(len(batches)), "requests/op")
	}
	b.Run("batched", func(b *testing.B) { run(b, plan.Batches) })
	b.Run("batched-to-a-decoding-intake", func(b *testing.B) {
		// The same, to an intake that decodes and records every series on
		// the same cores: a bound for a server that does its work.
		decoding := sendertest.NewIntake(b, sendertest.WithoutSpec())
		dplan, err := NewPlan(bigDoc(points), Options{APIURL: decoding.URL, APIKey: "bench-key-0000", SkipValidate: true})
		if err != nil {
			b.Fatal(err)
		}
		dc := newAPIClient(dplan.s, hc, "bench-key-0000")
		b.ReportAllocs()
		for b.Loop() {
			for _, batch := range dplan.Batches {
				if _, _, err := dc.submit(ctx, batch, "bench"); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(points*b.N)/b.Elapsed().Seconds(), "points/s")
	})
	b.Run("one-request-per-point", func(b *testing.B) { run(b, perPoint) })
	b.Run("Send-batched", func(b *testing.B) {
		doc := bigDoc(points)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Send(ctx, doc, Options{APIURL: in.URL, APIKey: "bench-key-0000", SkipValidate: true}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(points*b.N)/b.Elapsed().Seconds(), "points/s")
	})
}

// BenchmarkDryRunText is what `rk-tui send FILE --dry-run` does once the
// file is read, at 1,000 and 10,000 metrics (the ratio of the two says
// whether the work grows linearly): "load" parses and validates the
// template (package template) and then does what "dry-run" does alone:
// build the plan, record the send, render the text.
func BenchmarkDryRunText(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		raw := bigDoc(n).Bytes()
		parsed, findings := template.Load(raw)
		if template.HasErrors(findings) {
			b.Fatal(findings[0].Message)
		}
		dryRun := func(b *testing.B, doc *template.Document) {
			r, err := DryRun(context.Background(), doc, Options{})
			if err != nil {
				b.Fatal(err)
			}
			if len(r.Text()) == 0 {
				b.Fatal("no text")
			}
		}
		perMetric := func(b *testing.B) {
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(n), "µs/metric")
		}
		b.Run(strconv.Itoa(n)+"-metrics/load+dry-run", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				doc, _ := template.Load(raw)
				dryRun(b, doc)
			}
			perMetric(b)
		})
		b.Run(strconv.Itoa(n)+"-metrics/dry-run", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				dryRun(b, parsed)
			}
			perMetric(b)
		})
	}
}
