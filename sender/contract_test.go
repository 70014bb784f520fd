package sender_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rk-tui/rk-tui/sender"
	"github.com/rk-tui/rk-tui/sender/sendertest"
	"github.com/rk-tui/rk-tui/template"
)

// TestContractSend sends through the real Datadog client over real HTTP to
// a loopback intake that checks each request against Datadog's OpenAPI
// spec, then checks what the intake decoded.
func TestContractSend(t *testing.T) {
	in := sendertest.NewIntake(t, sendertest.WithKey(testKey))
	now := time.Now()
	var progress []string
	res, err := sender.Send(context.Background(), checkoutDoc(t), sender.Options{
		APIURL: in.URL, APIKey: testKey, APIKeySource: "DD_API_KEY",
		Value: sender.Float(2.5), Points: sender.Int(3), Host: "web-1", Now: fixedClock(now),
		Progress: func(m string) { progress = append(progress, m) },
	})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	if !res.KeyChecked || res.Requests != 1 || res.Series != 3 || res.Points != 9 || res.Retries != 0 {
		t.Errorf("result = key checked %v, %d requests, %d series, %d points, %d retries; want true, 1, 3, 9, 0", res.KeyChecked, res.Requests, res.Series, res.Points, res.Retries)
	}
	if got := in.Count("/api/v1/validate"); got != 1 {
		t.Errorf("key checks = %d, want 1", got)
	}
	reqs := in.Requests()
	post := reqs[len(reqs)-1]
	if post.Header.Get("Content-Encoding") != "gzip" || post.Header.Get("Dd-Api-Key") != testKey {
		t.Errorf("headers: Content-Encoding %q, key sent %v", post.Header.Get("Content-Encoding"), post.Header.Get("Dd-Api-Key") == testKey)
	}
	type want struct {
		metric, unit string
		typ          int
		interval     int64 // 0: none
		tags         []string
	}
	wants := []want{
		{"checkout.items", "item", 1, 20, []string{"env:prod", "team:cart"}},
		{"checkout.requests", "request", 2, 10, []string{"endpoint:/cart/checkout"}},
		{"checkout.queue.depth", "", 3, 0, []string{}},
	}
	got := in.Series()
	if len(got) != len(wants) {
		t.Fatalf("the intake got %d series, want %d", len(got), len(wants))
	}
	for i, w := range wants {
		s := got[i]
		if s.Metric != w.metric || s.Type == nil || *s.Type != w.typ || s.Unit != w.unit {
			t.Errorf("series %d = %s type %v unit %q; want %s type %d unit %q", i, s.Metric, s.Type, s.Unit, w.metric, w.typ, w.unit)
		}
		if !slices.Equal(s.Tags, w.tags) && !(len(s.Tags) == 0 && len(w.tags) == 0) {
			t.Errorf("%s tags = %v, want exactly the template's %v", s.Metric, s.Tags, w.tags)
		}
		switch {
		case w.interval == 0 && s.Interval != nil:
			t.Errorf("%s has interval %d; a gauge has none", s.Metric, *s.Interval)
		case w.interval != 0 && (s.Interval == nil || *s.Interval != w.interval):
			t.Errorf("%s interval = %v, want %d", s.Metric, s.Interval, w.interval)
		}
		if len(s.Resources) != 1 || s.Resources[0] != (sendertest.Resource{Name: "web-1", Type: "host"}) {
			t.Errorf("%s resources = %v, want the host web-1", s.Metric, s.Resources)
		}
		step := w.interval
		if step == 0 {
			step = 10
		}
		if len(s.Points) != 3 {
			t.Fatalf("%s has %d points, want 3", s.Metric, len(s.Points))
		}
		for j, p := range s.Points {
			if wantTS := now.Unix() - int64(2-j)*step; p.Timestamp != wantTS || p.Value != 2.5 {
				t.Errorf("%s point %d = (%d, %v), want (%d, 2.5)", s.Metric, j, p.Timestamp, p.Value, wantTS)
			}
		}
	}
	for _, m := range res.Metrics {
		if !m.Sent || !strings.HasPrefix(m.Explorer, "https://app.datadoghq.com/metric/explorer?exp_metric="+m.Name) {
			t.Errorf("metric %s: sent %v, explorer %q", m.Name, m.Sent, m.Explorer)
		}
	}
	if len(progress) != 2 || !strings.Contains(progress[0], "checking the API key") || !strings.Contains(progress[1], "request 1 of 1") {
		t.Errorf("progress = %q", progress)
	}
	text := res.Text()
	for _, s := range []string{"Datadog accepted 3 series and 9 points in 1 request", "(API key checked)", "checkout.items", "tags env:prod,team:cart", sender.NoteNoExtraTags} {
		if !strings.Contains(text, s) {
			t.Errorf("the result text lacks %q:\n%s", s, text)
		}
	}
	noKey(t, text)
}

// TestDryRunIsTheWire checks that a dry-run shows the very request a send
// puts on the wire: same method, URL, headers (key masked) and body.
func TestDryRunIsTheWire(t *testing.T) {
	in := sendertest.NewIntake(t, sendertest.WithKey(testKey))
	opts := sender.Options{APIURL: in.URL, APIKey: testKey, Points: sender.Int(2), Now: fixedClock(time.Unix(time.Now().Unix(), 0))}
	doc := checkoutDoc(t)
	report, err := sender.DryRun(context.Background(), doc, opts)
	if err != nil {
		t.Fatalf("DryRun: %v", err)
	}
	if n := len(in.Requests()); n != 0 {
		t.Fatalf("the dry-run reached the intake %d times", n)
	}
	if _, err := sender.Send(context.Background(), doc, opts); err != nil {
		t.Fatalf("Send: %v", err)
	}
	wire := in.Requests()
	if len(wire) != len(report.Requests) {
		t.Fatalf("the dry-run shows %d requests, the send made %d", len(report.Requests), len(wire))
	}
	for i, d := range report.Requests {
		w := wire[i]
		if d.Method != w.Method || d.URL != in.URL+w.Path {
			t.Errorf("request %d: dry-run %s %s, wire %s %s", i, d.Method, d.URL, w.Method, in.URL+w.Path)
		}
		shown := map[string]string{}
		for _, h := range d.Headers {
			shown[http.CanonicalHeaderKey(h.Name)] = h.Value
		}
		received := map[string]string{"Host": strings.TrimPrefix(in.URL, "http://")}
		for k, v := range w.Header {
			received[k] = strings.Join(v, ",")
		}
		received["Dd-Api-Key"] = "********cdef"
		if !mapsEqual(shown, received) {
			t.Errorf("request %d headers:\ndry-run %v\nwire    %v", i, shown, received)
		}
		var wantBody json.RawMessage
		if len(w.Body) > 0 {
			wantBody = json.RawMessage(strings.TrimRight(string(w.Body), "\n"))
		}
		if string(d.Body) != string(wantBody) {
			t.Errorf("request %d body:\ndry-run %s\nwire    %s", i, d.Body, wantBody)
		}
		if len(w.Body) > 0 && (d.JSONBytes != len(w.Body) || d.WireBytes != w.WireBytes) {
			t.Errorf("request %d sizes: dry-run %d/%d, wire %d/%d", i, d.JSONBytes, d.WireBytes, len(w.Body), w.WireBytes)
		}
	}
	text := report.Text()
	noKey(t, text)
	for _, s := range []string{"Dry run: nothing was sent", "GET " + in.URL + "/api/v1/validate", "POST " + in.URL + "/api/v2/series", "Dd-Api-Key: ********cdef", `"metric": "checkout.items"`, "Content-Encoding: gzip"} {
		if !strings.Contains(text, s) {
			t.Errorf("the dry-run text lacks %q:\n%s", s, text)
		}
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestSendSplitsAtTheIntakeLimit sends more JSON than one request may
// carry and checks every request stays within the limits the intake
// enforces.
func TestSendSplitsAtTheIntakeLimit(t *testing.T) {
	if raceDetector || testing.Short() {
		t.Skip("5 MiB of JSON takes about 20 s under -race; TestBatchesEndToEnd covers the same path with small limits")
	}
	in := sendertest.NewIntake(t, sendertest.WithoutSpec())
	var metrics []template.MetricSpec
	for i := range 50 {
		metrics = append(metrics, template.MetricSpec{Name: "bulk.metric." + strconv.Itoa(i), Type: "gauge", Value: "x", Tags: []string{"env:test"}})
	}
	res, err := sender.Send(context.Background(), apiDoc(t, metrics...), sender.Options{
		APIURL: in.URL, APIKey: testKey, SkipValidate: true, Interval: sender.Duration(time.Second), Points: sender.Int(3541),
	})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	if res.Requests < 2 || res.Series != 50 || res.Points != 50*3541 {
		t.Fatalf("sent %d series, %d points in %d requests; want 50 series, %d points in 2 or more", res.Series, res.Points, res.Requests, 50*3541)
	}
	for i, r := range in.Requests() {
		if r.WireBytes > sendertest.MaxBody || len(r.Body) >= sendertest.MaxInflated {
			t.Errorf("request %d: %d bytes on the wire, %d inflated", i, r.WireBytes, len(r.Body))
		}
	}
	if got := len(in.Series()); got != 50 {
		t.Errorf("the intake got %d series, want 50", got)
	}
}
