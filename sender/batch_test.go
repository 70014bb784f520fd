package sender

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"testing"

	"github.com/DataDog/datadog-api-client-go/v2/api/datadog"
	"github.com/DataDog/datadog-api-client-go/v2/api/datadogV2"
	"github.com/rk-tui/rk-tui/sender/sendertest"
	"github.com/rk-tui/rk-tui/template"
)

func manySeries(n int, tags func(i int) []string) []datadogV2.MetricSeries {
	out := make([]datadogV2.MetricSeries, n)
	typ := datadogV2.METRICINTAKETYPE_GAUGE
	for i := range out {
		ts, v := int64(1_700_000_000+i), float64(i)
		out[i] = datadogV2.MetricSeries{Metric: "m." + strconv.Itoa(i), Type: &typ, Tags: tags(i),
			Points: []datadogV2.MetricPoint{{Timestamp: &ts, Value: &v}}}
	}
	return out
}

// clientBody encodes a payload exactly as the client does, and gzips it
// as a send does (gzip's fastest level).
func clientBody(t *testing.T, p datadogV2.MetricPayload) (raw, zipped []byte) {
	t.Helper()
	var b bytes.Buffer
	if err := datadog.NewEncoder(&b).Encode(&p); err != nil {
		t.Fatal(err)
	}
	var z bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&z, gzip.BestSpeed)
	zw.Write(b.Bytes())
	zw.Close()
	return b.Bytes(), z.Bytes()
}

func TestSplitBatchesMeasuresTheWire(t *testing.T) {
	randomTags := func(int) []string {
		b := make([]byte, 40)
		rand.Read(b)
		return []string{"id:" + hex.EncodeToString(b), "env:test"}
	}
	plainTags := func(int) []string { return []string{"env:test", "team:cart"} }
	cases := []struct {
		name   string
		series []datadogV2.MetricSeries
		limits Limits
	}{
		// Repetitive JSON compresses well: the inflated limit binds.
		{"inflated limit", manySeries(300, plainTags), Limits{MaxBody: 1 << 20, MaxInflated: 4000}},
		// Random tags barely compress: the wire limit binds.
		{"wire limit", manySeries(300, randomTags), Limits{MaxBody: 3000, MaxInflated: 1 << 20}},
		{"one batch", manySeries(10, plainTags), IntakeLimits},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			batches, err := SplitBatches(c.series, c.limits)
			if err != nil {
				t.Fatal(err)
			}
			if c.name != "one batch" && len(batches) < 2 {
				t.Fatalf("%d batch; the limits should force several", len(batches))
			}
			next := 0
			for i, b := range batches {
				raw, zipped := clientBody(t, b.Payload)
				if b.JSONBytes != len(raw) || (b.GzipBytes != 0 && b.GzipBytes != len(zipped)) {
					t.Errorf("batch %d: measured %d/%d bytes, the client sends %d/%d", i, b.JSONBytes, b.GzipBytes, len(raw), len(zipped))
				}
				if c.name == "wire limit" && b.GzipBytes == 0 {
					t.Errorf("batch %d near the wire limit was not measured", i)
				}
				if len(raw) > c.limits.MaxInflated || len(zipped) > c.limits.MaxBody {
					t.Errorf("batch %d: %d bytes of JSON, %d on the wire; over %+v", i, len(raw), len(zipped), c.limits)
				}
				// What the client is handed (the series encoded once) is what
				// it would encode from the model.
				sent, _ := clientBody(t, b.payload())
				if !bytes.Equal(sent, raw) || !bytes.Equal(b.body, raw) {
					t.Errorf("batch %d: the client sends\n%.300s\nthe model encodes to\n%.300s", i, sent, raw)
				}
				if b.First != next || b.Series != len(b.Payload.Series) || b.Points != b.Series {
					t.Errorf("batch %d: first %d (want %d), %d series, %d points", i, b.First, next, b.Series, b.Points)
				}
				for j, s := range b.Payload.Series {
					if s.Metric != c.series[next+j].Metric {
						t.Fatalf("batch %d series %d is %s, want %s: the order changed", i, j, s.Metric, c.series[next+j].Metric)
					}
				}
				next += b.Series
			}
			if next != len(c.series) {
				t.Errorf("the batches hold %d series, want %d", next, len(c.series))
			}
		})
	}
}

// encodeSeries writes what the client's encoder writes for any series:
// every float magnitude, strings with quotes, HTML characters, control
// characters, broken UTF-8 and U+2028, nil and empty lists, and fields it
// does not write itself (left to the client).
func TestEncodeSeriesIsTheClientsEncoding(t *testing.T) {
	str := func(s string) *string { return &s }
	i64 := func(n int64) *int64 { return &n }
	f64 := func(f float64) *float64 { return &f }
	typ := datadogV2.METRICINTAKETYPE_RATE
	var floats []float64
	for _, f := range []float64{0, 1, -1, 0.1, 1e-6, 9.99e-7, 1e-7, 1e20, 1e21, 1.5e300, 5e-324, 123456789.123, -0.000001234, 1 << 53, 3.14159} {
		floats = append(floats, f, -f)
	}
	var points []datadogV2.MetricPoint
	for i, f := range floats {
		points = append(points, datadogV2.MetricPoint{Timestamp: i64(int64(1_700_000_000 + i)), Value: f64(f)})
	}
	points = append(points, datadogV2.MetricPoint{Value: f64(2)}, datadogV2.MetricPoint{Timestamp: i64(5)}, datadogV2.MetricPoint{})
	var weird []string
	for c := 0; c < 128; c++ {
		weird = append(weird, "k:"+string(rune(c)))
	}
	weird = append(weird, "a\xffb", "line\u2028sep\u2029", "é€𝄞", "<script>&amp;", `"quoted" \ back`)
	cases := []datadogV2.MetricSeries{
		{Metric: "plain.metric", Points: points[:3], Tags: []string{"env:prod"}, Type: &typ, Interval: i64(10), Unit: str("request")},
		{Metric: "all.floats", Points: points},
		{Metric: "weird.tags <&>", Points: points[:1], Tags: weird, Resources: []datadogV2.MetricResource{{Name: str("web-1"), Type: str("host")}, {Name: str("x")}, {Type: str("y")}, {}}},
		{Metric: "nil.points"},
		{Metric: "empty", Points: []datadogV2.MetricPoint{}, Tags: []string{}, Resources: []datadogV2.MetricResource{}},
		{Metric: "with.source", Points: points[:1], SourceTypeName: str("rookout"), Metadata: &datadogV2.MetricMetadata{}},
		{Metric: "extra", Points: points[:1], AdditionalProperties: map[string]interface{}{"zzz": 1}},
	}
	for _, s := range cases {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		got, err := encodeSeries(nil, &s)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s:\nours   %s\nclient %s (%v)", s.Metric, got, want, err)
		}
	}
}

func TestSplitBatchesRefusesASeriesOverTheLimit(t *testing.T) {
	series := manySeries(3, func(int) []string { return []string{"env:test"} })
	_, err := SplitBatches(series, Limits{MaxBody: 1 << 20, MaxInflated: 50})
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.Setting != "template" {
		t.Fatalf("error = %v, want a ConfigError about the template", err)
	}
}

// TestBatchesEndToEnd sends through the client with small limits and
// checks each request the intake got stays within them.
func TestBatchesEndToEnd(t *testing.T) {
	in := sendertest.NewIntake(t)
	var metrics []template.MetricSpec
	for i := range 30 {
		metrics = append(metrics, template.MetricSpec{Name: "bulk.m" + strconv.Itoa(i), Type: "count", Value: "x", Tags: []string{"env:test", "i:" + strconv.Itoa(i)}})
	}
	doc := template.Build(template.Spec{Target: template.TargetAPI, Metrics: metrics})
	limits := Limits{MaxBody: 2000, MaxInflated: 2500}
	res, err := Send(context.Background(), doc, Options{APIURL: in.URL, APIKey: "k-0123456789", Points: Int(3), limits: limits})
	if err != nil {
		t.Fatal(err)
	}
	posts := 0
	for _, r := range in.Requests() {
		if r.Path != "/api/v2/series" {
			continue
		}
		posts++
		if len(r.Body) > limits.MaxInflated || r.WireBytes > limits.MaxBody {
			t.Errorf("a request of %d bytes (%d on the wire) passed the limits %+v", len(r.Body), r.WireBytes, limits)
		}
	}
	if posts < 3 || res.Requests != posts || res.Series != 30 || res.Points != 90 {
		t.Errorf("%d posts; result: %d requests, %d series, %d points", posts, res.Requests, res.Series, res.Points)
	}
	if got := len(in.Series()); got != 30 {
		t.Errorf("the intake got %d series, want 30", got)
	}
}
