package sender

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/rk-tui/rk-tui/template"
)

// Report is what a send would do, made by running the send's own pipeline
// against a recorder: the requests exactly as the Datadog client built
// them, and the datagrams exactly as the DogStatsD client wrote them.
type Report struct {
	Site      string            `json:"site"`
	APIURL    string            `json:"api_url,omitempty"`
	Requests  []RequestDump     `json:"requests"`
	DogStatsD []DogStatsDResult `json:"dogstatsd,omitempty"`
	Metrics   []MetricSummary   `json:"metrics"`
	Notes     []string          `json:"notes"`
}

// RequestDump is one HTTP request of a send.
type RequestDump struct {
	// Step is what the request is for: "check the API key", "submit
	// metrics: request 1 of 2".
	Step    string   `json:"step"`
	Method  string   `json:"method"`
	URL     string   `json:"url"`
	Headers []Header `json:"headers"`
	// Body is the JSON body before compression; the wire carries it gzipped.
	Body      json.RawMessage `json:"body,omitempty"`
	JSONBytes int             `json:"json_bytes,omitempty"`
	WireBytes int             `json:"wire_bytes,omitempty"`
	Series    int             `json:"series,omitempty"`
	Points    int             `json:"points,omitempty"`
}

// Header is one request header; DD-API-KEY is masked.
type Header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// DryRun builds what Send would send and returns it without opening any
// connection (not even a DNS lookup). Without an API key the header shows
// the placeholder.
func DryRun(ctx context.Context, doc *template.Document, opts Options) (*Report, error) {
	p, err := NewPlan(doc, opts)
	if err != nil {
		return nil, err
	}
	return p.DryRun(ctx)
}

// DryRun records the plan's send. It reports no progress: nothing happens.
func (p *Plan) DryRun(ctx context.Context) (*Report, error) {
	quiet := *p
	quiet.s = &settings{}
	*quiet.s = *p.s
	quiet.s.Progress = nil
	p = &quiet
	key := p.s.APIKey
	if key == "" {
		key = template.APIKeyPlaceholder
	}
	rec := &recorder{}
	res, err := p.run(ctx, &http.Client{Transport: rec}, key, dialNothing, false)
	if err != nil {
		return nil, err
	}
	var steps []string
	if len(p.Batches) > 0 && !p.s.SkipValidate {
		steps = append(steps, "check the API key")
	}
	for i := range p.Batches {
		steps = append(steps, fmt.Sprintf("submit metrics: request %d of %d", i+1, len(p.Batches)))
	}
	r := &Report{Site: p.s.site, APIURL: p.s.APIURL, Requests: []RequestDump{}, DogStatsD: res.DogStatsD, Metrics: res.Metrics, Notes: slices.Clone(p.Notes)}
	for i := range r.Metrics {
		r.Metrics[i].Sent = false
	}
	batch := 0
	for i, c := range rec.requests {
		d, err := c.dump(key)
		if err != nil {
			return nil, err
		}
		if i < len(steps) {
			d.Step = steps[i]
		}
		if c.method == http.MethodPost && batch < len(p.Batches) {
			d.Series, d.Points = p.Batches[batch].Series, p.Batches[batch].Points
			batch++
		}
		r.Requests = append(r.Requests, d)
	}
	if p.s.APIKey == "" && len(p.Batches) > 0 {
		r.Notes = append([]string{"no API key is set: the DD-API-KEY header shows the placeholder; a real send needs DD_API_KEY or " + p.s.called(SettingAPIKeyFile)}, r.Notes...)
	}
	return r, nil
}

// recorder is an http.RoundTripper that keeps each request and answers as
// the intake would, without any connection.
type recorder struct {
	mu       sync.Mutex
	requests []captured
}

type captured struct {
	method, url, host string
	header            http.Header
	body              []byte
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		var err error
		if body, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
		req.Body.Close()
	}
	r.mu.Lock()
	r.requests = append(r.requests, captured{method: req.Method, url: req.URL.String(), host: req.URL.Host, header: req.Header.Clone(), body: body})
	r.mu.Unlock()
	status, answer := http.StatusAccepted, `{"errors":[]}`
	if strings.HasSuffix(req.URL.Path, "/api/v1/validate") {
		status, answer = http.StatusOK, `{"valid":true}`
	}
	return &http.Response{
		Status: fmt.Sprintf("%d %s", status, http.StatusText(status)), StatusCode: status,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:  http.Header{"Content-Type": {"application/json"}},
		Body:    io.NopCloser(strings.NewReader(answer)),
		Request: req, ContentLength: int64(len(answer)),
	}, nil
}

// dump shows a captured request as it goes on the wire: Host first, the
// headers Go's transport adds (Accept-Encoding), the key masked, and the
// body inflated.
func (c captured) dump(key string) (RequestDump, error) {
	d := RequestDump{Method: c.method, URL: c.url, Headers: []Header{{"Host", c.host}}}
	h := c.header.Clone()
	if h.Get("Accept-Encoding") == "" {
		h.Set("Accept-Encoding", "gzip") // http.Transport asks for gzip unless told otherwise
	}
	names := make([]string, 0, len(h))
	for name := range h {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		for _, v := range h[name] {
			if strings.EqualFold(name, "DD-API-KEY") {
				v = template.MaskKey(v)
			} else if len(key) >= 4 {
				v = strings.ReplaceAll(v, key, template.MaskKey(key))
			}
			d.Headers = append(d.Headers, Header{name, v})
		}
	}
	if len(c.body) == 0 {
		return d, nil
	}
	d.WireBytes = len(c.body)
	raw := c.body
	if c.header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(c.body))
		if err != nil {
			return d, fmt.Errorf("dry-run: read the recorded body: %w", err)
		}
		if raw, err = io.ReadAll(zr); err != nil {
			return d, fmt.Errorf("dry-run: read the recorded body: %w", err)
		}
	}
	d.JSONBytes = len(raw)
	d.Body = json.RawMessage(bytes.TrimRight(raw, "\n"))
	return d, nil
}

// Text is the report as plain text: each request as it goes on the wire,
// with the body pretty-printed, then the datagram lines. What comes from
// the template is escaped: the body's JSON keeps its own escapes and gets
// \u escapes for the few characters JSON leaves raw (C1 controls, bidi
// overrides), so it still reads as JSON; names, tags and lines are escaped
// onto their line (template.SafeLine).
func (r *Report) Text() string {
	var b strings.Builder
	b.WriteString("Dry run: nothing was sent and no connection was made.\n")
	var pretty bytes.Buffer
	for i, d := range r.Requests {
		fmt.Fprintf(&b, "\n# %d. %s", i+1, d.Step)
		if d.Series > 0 {
			fmt.Fprintf(&b, " (%s, %s; %d bytes of JSON, %d bytes gzip-compressed on the wire)", plural(d.Series, "series", "series"), plural(d.Points, "point", "points"), d.JSONBytes, d.WireBytes)
		}
		fmt.Fprintf(&b, "\n%s %s\n", d.Method, template.SafeLine(d.URL))
		for _, h := range d.Headers {
			fmt.Fprintf(&b, "%s: %s\n", template.SafeLine(h.Name), template.SafeLine(h.Value))
		}
		if len(d.Body) > 0 {
			pretty.Reset()
			if err := json.Indent(&pretty, d.Body, "", "  "); err != nil {
				pretty.Reset()
				pretty.Write(d.Body)
			}
			b.WriteString("\n")
			b.WriteString(template.SafeText(pretty.String()))
			b.WriteString("\n")
		}
	}
	for _, d := range r.DogStatsD {
		fmt.Fprintf(&b, "\n# DogStatsD to %s over UDP: %s in %s\n", template.SafeLine(d.Target), plural(len(d.Lines), "line", "lines"), plural(d.Datagrams, "datagram", "datagrams"))
		for _, l := range d.Lines {
			b.WriteString(template.SafeLine(l))
			b.WriteString("\n")
		}
	}
	if len(r.Metrics) > 0 {
		b.WriteString("\nMetrics:\n")
		writeMetrics(&b, r.Metrics, RouteAPI, false)
		writeMetrics(&b, r.Metrics, RouteDogStatsD, false)
	}
	b.WriteString("\n")
	writeNotes(&b, r.Notes)
	return b.String()
}

// Lines are all datagram lines of the report, in order.
func (r *Report) Lines() []string {
	var out []string
	for _, d := range r.DogStatsD {
		out = append(out, d.Lines...)
	}
	return out
}
