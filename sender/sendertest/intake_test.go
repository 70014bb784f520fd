package sendertest

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

func gz(s string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	io.WriteString(w, s)
	w.Close()
	return b.Bytes()
}

func post(t *testing.T, url string, body []byte, header map[string]string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url+"/api/v2/series", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func series(extra string) string {
	return fmt.Sprintf(`{"series":[{"metric":"a.b","points":[{"timestamp":%d,"value":1}]%s}]}`, time.Now().Unix(), extra)
}

// TestIntakeCatchesSpecViolations makes sure the contract check bites:
// requests that break Datadog's spec are answered 400 and recorded.
func TestIntakeCatchesSpecViolations(t *testing.T) {
	in := NewIntake(t, AllowViolations())
	headers := map[string]string{"Content-Type": "application/json", "Content-Encoding": "gzip", "DD-API-KEY": "k"}
	cases := []struct {
		name   string
		body   []byte
		header map[string]string
		status int
		part   string
	}{
		{"valid", gz(series(`,"type":3,"tags":["env:test"]`)), headers, http.StatusAccepted, ""},
		{"type out of the enum", gz(series(`,"type":7`)), headers, http.StatusBadRequest, "type"},
		{"tags not strings", gz(series(`,"tags":[1,2]`)), headers, http.StatusBadRequest, "tags"},
		{"no series", gz(`{"metrics":[]}`), headers, http.StatusBadRequest, "series"},
		{"no key", gz(series("")), map[string]string{"Content-Type": "application/json", "Content-Encoding": "gzip"}, http.StatusBadRequest, "DD-API-KEY"},
		{"unknown encoding", []byte(series("")), map[string]string{"Content-Type": "application/json", "Content-Encoding": "br", "DD-API-KEY": "k"}, http.StatusBadRequest, "br"},
		{"old point", gz(`{"series":[{"metric":"a.b","points":[{"timestamp":1000,"value":1}]}]}`), headers, http.StatusBadRequest, "outside the accepted window"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := len(in.Violations())
			status, body := post(t, in.URL, c.body, c.header)
			if status != c.status {
				t.Fatalf("status %d (%s), want %d", status, body, c.status)
			}
			v := in.Violations()
			if c.part == "" {
				if len(v) != before {
					t.Fatalf("a valid request was flagged: %v", v[before:])
				}
				return
			}
			if len(v) != before+1 || !strings.Contains(v[len(v)-1], c.part) {
				t.Fatalf("violations %q, want one about %q", v[before:], c.part)
			}
		})
	}
}

func TestIntakeLimits(t *testing.T) {
	in := NewIntake(t, WithoutSpec(), AllowViolations())
	big := `{"series":[{"metric":"a.b","points":[],"tags":["` + strings.Repeat("x", MaxInflated) + `"]}]}`
	status, _ := post(t, in.URL, gz(big), map[string]string{"Content-Encoding": "gzip", "DD-API-KEY": "k"})
	if status != http.StatusRequestEntityTooLarge {
		t.Errorf("%d bytes inflated: status %d, want 413", len(big), status)
	}
}

func TestSubsetIsAValidSpec(t *testing.T) {
	for _, v := range []string{"v1", "v2"} {
		s, err := LoadSpec(v)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.validate(context.Background()); err != nil && os.Getenv(FullSpecEnv) == "" {
			t.Errorf("the %s subset does not validate: %v", v, err)
		}
	}
	s, _ := LoadSpec("v2")
	op := s.Doc.Paths.Value("/api/v2/series").Post
	if op == nil || op.OperationID != "SubmitMetrics" {
		t.Fatalf("the v2 subset lacks SubmitMetrics")
	}
	for _, name := range []string{"MetricPayload", "MetricSeries", "MetricPoint", "MetricResource", "MetricIntakeType", "MetricContentEncoding", "APIErrorResponse", "IntakePayloadAccepted"} {
		if s.Doc.Components.Schemas[name] == nil {
			t.Errorf("the v2 subset lacks the schema %s", name)
		}
	}
}

// TestSubsetAgreesWithTheWholeSpec checks the subset judges requests as
// the whole v2 file does.
func TestSubsetAgreesWithTheWholeSpec(t *testing.T) {
	if raceDetector || testing.Short() {
		t.Skip("loading the whole 9 MB spec takes about 20 s under -race")
	}
	file, err := SpecFile("v2")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	whole, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		t.Fatal(err)
	}
	whole.Servers = nil
	wholeRouter, err := gorillamux.NewRouter(whole)
	if err != nil {
		t.Fatal(err)
	}
	sub, err := LoadSpec("v2")
	if err != nil {
		t.Fatal(err)
	}
	bodies := []string{
		series(`,"type":3`), series(`,"type":7`), series(`,"tags":[1]`), `{"metrics":[]}`,
		series(`,"resources":[{"name":"h","type":"host"}],"interval":10,"unit":"item"`), series(`,"interval":"ten"`),
		`{"series":[{"metric":"a","points":[{"timestamp":"now","value":1}]}]}`,
	}
	for _, body := range bodies {
		var got [2]bool
		for i, router := range []routers.Router{wholeRouter, sub.Router} {
			req, _ := http.NewRequest(http.MethodPost, "http://127.0.0.1/api/v2/series", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("DD-API-KEY", "k")
			route, params, err := router.FindRoute(req)
			if err != nil {
				t.Fatal(err)
			}
			err = openapi3filter.ValidateRequest(context.Background(), &openapi3filter.RequestValidationInput{
				Request: req, PathParams: params, Route: route,
				Options: &openapi3filter.Options{MultiError: true, AuthenticationFunc: checkAuth},
			})
			got[i] = err == nil
		}
		if got[0] != got[1] {
			t.Errorf("body %s: the whole spec says valid=%v, the subset valid=%v", body, got[0], got[1])
		}
	}
}
