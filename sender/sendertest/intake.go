// Package sendertest provides real loopback stand-ins for Datadog in tests:
// an HTTP intake that checks every request against Datadog's own OpenAPI
// spec and answers as the metrics intake does, and a UDP socket that
// receives DogStatsD datagrams. Nothing here talks to a real Datadog host.
package sendertest

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// The intake's documented limits.
const (
	MaxBody     = 512000
	MaxInflated = 5242880
)

// Response is one scripted answer.
type Response struct {
	Status int
	// Body is sent as application/json; "" sends a body matching Status.
	Body   string
	Header http.Header
	// Delay holds the answer back (until the client gives up, if it does).
	Delay time.Duration
	// Size, when set, streams Body over and over until Size bytes are
	// written (without holding them in memory), or the client hangs up.
	// AnswerBytes says how many went out.
	Size int64
}

// Request is one request the intake received.
type Request struct {
	Method string
	Path   string
	Header http.Header
	// Body is the body inflated; WireBytes its size as received.
	Body      []byte
	WireBytes int
	// Series are the decoded series of a POST /api/v2/series.
	Series []Series
}

// Series is one series as the intake decodes it, independently of the
// client's own model.
type Series struct {
	Metric    string     `json:"metric"`
	Type      *int       `json:"type"`
	Interval  *int64     `json:"interval"`
	Unit      string     `json:"unit"`
	Tags      []string   `json:"tags"`
	Points    []Point    `json:"points"`
	Resources []Resource `json:"resources"`
}

// Point is one point of a series.
type Point struct {
	Timestamp int64   `json:"timestamp"`
	Value     float64 `json:"value"`
}

// Resource is one resource of a series.
type Resource struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// Intake is a loopback HTTP server that plays the Datadog API: GET
// /api/v1/validate, POST /api/v2/series, and the account endpoints of
// account.go.
type Intake struct {
	// URL is the base URL, http://127.0.0.1:PORT.
	URL string
	// Key is the only API key it accepts ("" accepts any non-empty key).
	Key string
	// AppKey is the only application key the account endpoints accept (""
	// accepts any non-empty key).
	AppKey string

	t       testing.TB
	srv     *httptest.Server
	spec    bool
	light   bool
	mu      sync.Mutex
	queue   map[string][]Response
	always  map[string]*Response
	reqs    []Request
	faults  []string
	allowed bool
	written atomic.Int64
	denied  []string                // permissions the application key lacks
	known   map[string]*metricEntry // metrics the account endpoints know
	top     []TopMetric
}

// Option configures an Intake.
type Option func(*Intake)

// WithKey makes the intake accept only this API key.
func WithKey(k string) Option { return func(in *Intake) { in.Key = k } }

// WithoutSpec turns off the OpenAPI check (for benchmarks of the client).
func WithoutSpec() Option { return func(in *Intake) { in.spec = false } }

// Light makes the intake as cheap as a server can be, for benchmarks of the
// client: without the OpenAPI check, series are not decoded (key, sizes
// and gzip are still checked) and requests are not kept. Datadog's intake
// runs on other machines; on a 2-core test machine a decoding intake would
// be most of what a benchmark measures.
func Light() Option { return func(in *Intake) { in.spec, in.light = false, true } }

// AllowViolations keeps requests that break the spec or the intake's rules
// from failing the test; they still get a 400.
func AllowViolations() Option { return func(in *Intake) { in.allowed = true } }

// NewIntake starts an intake on 127.0.0.1, closed when the test ends. Each
// request is checked against Datadog's OpenAPI spec; a request that does not
// match it fails the test.
func NewIntake(t testing.TB, opts ...Option) *Intake {
	t.Helper()
	in := &Intake{t: t, spec: true, queue: map[string][]Response{}, always: map[string]*Response{}}
	for _, o := range opts {
		o(in)
	}
	if in.spec {
		for _, v := range []string{"v1", "v2"} {
			if _, err := LoadSpec(v); err != nil {
				t.Fatalf("load Datadog's OpenAPI spec: %v", err)
			}
		}
	}
	in.srv = httptest.NewServer(http.HandlerFunc(in.serve))
	in.URL = in.srv.URL
	t.Cleanup(in.srv.Close)
	return in
}

// Close stops the server; later connections are refused.
func (in *Intake) Close() { in.srv.Close() }

// Enqueue scripts the next answers to a path, in order, before the
// intake's own.
func (in *Intake) Enqueue(path string, rs ...Response) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.queue[path] = append(in.queue[path], rs...)
}

// Always answers every later request to a path with r.
func (in *Intake) Always(path string, r Response) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.always[path] = &r
}

// Requests are the requests received so far.
func (in *Intake) Requests() []Request {
	in.mu.Lock()
	defer in.mu.Unlock()
	return append([]Request(nil), in.reqs...)
}

// Count is the number of requests received on a path.
func (in *Intake) Count(path string) int {
	n := 0
	for _, r := range in.Requests() {
		if r.Path == path {
			n++
		}
	}
	return n
}

// Series are all series received on /api/v2/series, in order.
func (in *Intake) Series() []Series {
	var out []Series
	for _, r := range in.Requests() {
		out = append(out, r.Series...)
	}
	return out
}

// Violations are the requests that broke the spec or the intake's rules.
func (in *Intake) Violations() []string {
	in.mu.Lock()
	defer in.mu.Unlock()
	return append([]string(nil), in.faults...)
}

func (in *Intake) violation(format string, a ...any) string {
	msg := fmt.Sprintf(format, a...)
	in.mu.Lock()
	in.faults = append(in.faults, msg)
	in.mu.Unlock()
	if !in.allowed {
		in.t.Errorf("sendertest intake: %s", msg)
	}
	return msg
}

func (in *Intake) serve(w http.ResponseWriter, r *http.Request) {
	wire, err := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	if err != nil {
		writeJSON(w, http.StatusBadRequest, errorsBody("cannot read the body: "+err.Error()))
		return
	}
	body, inflateErr := inflate(r.Header.Get("Content-Encoding"), wire)
	rec := Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body, WireBytes: len(wire)}
	status, answer := in.check(r, wire, body, inflateErr, &rec)
	in.mu.Lock()
	if !in.light {
		in.reqs = append(in.reqs, rec)
	}
	scripted := in.next(r.URL.Path)
	in.mu.Unlock()
	if scripted != nil {
		in.answer(w, r, *scripted)
		return
	}
	w.Header().Set("Content-Type", answerType(r.URL.Path))
	w.WriteHeader(status)
	_, _ = io.WriteString(w, answer)
}

func (in *Intake) next(path string) *Response {
	if q := in.queue[path]; len(q) > 0 {
		in.queue[path] = q[1:]
		return &q[0]
	}
	return in.always[path]
}

func (in *Intake) answer(w http.ResponseWriter, r *http.Request, resp Response) {
	if resp.Delay > 0 {
		t := time.NewTimer(resp.Delay)
		select {
		case <-r.Context().Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
	for k, vs := range resp.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	body := resp.Body
	if body == "" {
		switch {
		case resp.Status == http.StatusOK && r.URL.Path == "/api/v1/validate":
			body = `{"valid":true}`
		case resp.Status < 300:
			body = `{"errors":[]}`
		default:
			body = errorsBody(http.StatusText(resp.Status))
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(resp.Status)
	if resp.Size > 0 {
		in.stream(w, body, resp.Size)
		return
	}
	n, _ := io.WriteString(w, body)
	in.written.Add(int64(n))
}

// stream writes body repeated to size bytes, stopping when the client
// goes away.
func (in *Intake) stream(w http.ResponseWriter, body string, size int64) {
	chunk := []byte(strings.Repeat(body, max(1, 64<<10/max(1, len(body)))))
	for left := size; left > 0; {
		part := chunk[:min(int64(len(chunk)), left)]
		n, err := w.Write(part)
		in.written.Add(int64(n))
		if err != nil {
			return
		}
		left -= int64(n)
	}
}

// AnswerBytes is the number of body bytes of scripted answers written so
// far: how much of a huge answer the client read before it hung up.
func (in *Intake) AnswerBytes() int64 { return in.written.Load() }

// check applies the spec and the intake's rules, and says how the real
// intake would answer.
func (in *Intake) check(r *http.Request, wire, body []byte, inflateErr error, rec *Request) (int, string) {
	if inflateErr != nil {
		return http.StatusBadRequest, errorsBody(in.violation("%s %s: the body does not inflate as %s: %v", r.Method, r.URL.Path, r.Header.Get("Content-Encoding"), inflateErr))
	}
	key := r.Header.Get("DD-API-KEY")
	var route *openapi3filter.RequestValidationInput
	if in.spec {
		var err error
		if route, err = in.checkSpec(r, body); err != nil {
			return http.StatusBadRequest, errorsBody(in.violation("%s %s does not match Datadog's OpenAPI spec: %v", r.Method, r.URL.Path, err))
		}
	}
	if status, answer, ok := in.account(r); ok {
		if route != nil {
			if err := checkAnswer(route, status, answer); err != nil {
				in.violation("the intake's own answer to %s %s does not match Datadog's OpenAPI spec: %v", r.Method, r.URL.Path, err)
			}
		}
		return status, answer
	}
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/api/v1/validate":
		if key == "" || (in.Key != "" && key != in.Key) {
			return http.StatusForbidden, errorsBody("Forbidden")
		}
		return http.StatusOK, `{"valid":true}`
	case r.Method == http.MethodPost && r.URL.Path == "/api/v2/series":
		if key == "" || (in.Key != "" && key != in.Key) {
			return http.StatusForbidden, errorsBody("Forbidden")
		}
		if len(wire) > MaxBody {
			return http.StatusRequestEntityTooLarge, errorsBody(in.violation("the body is %d bytes on the wire, over the limit of %d", len(wire), MaxBody))
		}
		if len(body) >= MaxInflated {
			return http.StatusRequestEntityTooLarge, errorsBody(in.violation("the body inflates to %d bytes, the limit is less than %d", len(body), MaxInflated))
		}
		if in.light {
			return http.StatusAccepted, `{"errors":[]}`
		}
		var p struct {
			Series []Series `json:"series"`
		}
		if err := json.Unmarshal(body, &p); err != nil {
			return http.StatusBadRequest, errorsBody(in.violation("the body is not a series payload: %v", err))
		}
		rec.Series = p.Series
		if msg := checkPoints(p.Series, time.Now()); msg != "" {
			return http.StatusBadRequest, errorsBody(in.violation("%s", msg))
		}
		in.record(p.Series)
		return http.StatusAccepted, `{"errors":[]}`
	}
	return http.StatusNotFound, errorsBody("Not found")
}

// checkPoints applies the intake's point rules: timestamps from an hour
// ago to ten minutes ahead, finite values.
func checkPoints(series []Series, now time.Time) string {
	lo, hi := now.Add(-time.Hour).Unix(), now.Add(10*time.Minute).Unix()
	for _, s := range series {
		for _, p := range s.Points {
			if p.Timestamp < lo || p.Timestamp > hi {
				return fmt.Sprintf("metric %q: point timestamp %d is outside the accepted window [%d, %d]", s.Metric, p.Timestamp, lo, hi)
			}
			if math.IsNaN(p.Value) || math.IsInf(p.Value, 0) {
				return fmt.Sprintf("metric %q: point value is not finite", s.Metric)
			}
		}
	}
	return ""
}

// checkSpec checks a request against the spec and returns what checking
// its answer needs.
func (in *Intake) checkSpec(r *http.Request, body []byte) (*openapi3filter.RequestValidationInput, error) {
	version := "v2"
	if strings.HasPrefix(r.URL.Path, "/api/v1/") {
		version = "v1"
	}
	spec, err := LoadSpec(version)
	if err != nil {
		return nil, err
	}
	req := r.Clone(context.Background())
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.ContentLength = int64(len(body))
	route, params, err := spec.Router.FindRoute(req)
	if err != nil {
		return nil, fmt.Errorf("no operation of the %s spec serves it: %w", version, err)
	}
	input := &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{MultiError: true, AuthenticationFunc: checkAuth},
	}
	return input, openapi3filter.ValidateRequest(context.Background(), input)
}

// answerType is the Content-Type of the intake's answers on a path, as the
// spec declares it.
func answerType(path string) string {
	if path == "/api/v1/usage/top_avg_metrics" {
		return "application/json;datetime-format=rfc3339"
	}
	return "application/json"
}

// checkAnswer checks an answer the intake made against the spec, so the
// client under test decodes what Datadog would send.
func checkAnswer(req *openapi3filter.RequestValidationInput, status int, body string) error {
	return openapi3filter.ValidateResponse(context.Background(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: req, Status: status,
		Header:  http.Header{"Content-Type": {answerType(req.Request.URL.Path)}},
		Body:    io.NopCloser(strings.NewReader(body)),
		Options: &openapi3filter.Options{MultiError: true},
	})
}

// checkAuth checks that the header an apiKey scheme names is present.
func checkAuth(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	s := in.SecurityScheme
	if s == nil || s.Type != "apiKey" || s.In != openapi3.ParameterInHeader {
		return fmt.Errorf("security scheme %s is not an API key header", in.SecuritySchemeName)
	}
	if in.RequestValidationInput.Request.Header.Get(s.Name) == "" {
		return fmt.Errorf("the %s header is missing", s.Name)
	}
	return nil
}

func inflate(encoding string, wire []byte) ([]byte, error) {
	var r io.ReadCloser
	var err error
	switch encoding {
	case "":
		return wire, nil
	case "gzip":
		r, err = gzip.NewReader(bytes.NewReader(wire))
	case "deflate":
		r, err = zlib.NewReader(bytes.NewReader(wire))
	default:
		return nil, fmt.Errorf("unsupported Content-Encoding %q", encoding)
	}
	if err != nil {
		return nil, err
	}
	defer r.Close()
	// Read one byte past the limit to see it was passed.
	out, err := io.ReadAll(io.LimitReader(r, MaxInflated+1))
	if err != nil {
		return nil, err
	}
	return out, nil
}

func errorsBody(msgs ...string) string {
	b, _ := json.Marshal(map[string][]string{"errors": msgs})
	return string(b)
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}
