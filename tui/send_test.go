package tui

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/rk-tui/rk-tui/sender"
)

const testKey = "0123456789abcdef0123456789abcdef"

// intake is a loopback stand-in for Datadog's intake: it checks the key
// header and records the series it receives.
type intake struct {
	mu     sync.Mutex
	series []string
	keys   []string
}

func (in *intake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.keys = append(in.keys, r.Header.Get("DD-API-KEY"))
	switch r.URL.Path {
	case "/api/v1/validate":
		_, _ = io.WriteString(w, `{"valid":true}`)
	case "/api/v2/series":
		body := io.Reader(r.Body)
		if r.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(r.Body)
			if err != nil {
				http.Error(w, err.Error(), 400)
				return
			}
			body = zr
		}
		var p struct {
			Series []struct {
				Metric string `json:"metric"`
			} `json:"series"`
		}
		if err := json.NewDecoder(body).Decode(&p); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		for _, s := range p.Series {
			in.series = append(in.series, s.Metric)
		}
		w.WriteHeader(http.StatusAccepted)
		_, _ = io.WriteString(w, `{"errors":[]}`)
	default:
		http.NotFound(w, r)
	}
}

func withKey(o Options) Options {
	o.Getenv = func(k string) string {
		if k == "DD_API_KEY" {
			return testKey
		}
		return ""
	}
	return o
}

func TestSendTestPointFromTheStudio(t *testing.T) {
	in := &intake{}
	srv := httptest.NewServer(in)
	defer srv.Close()
	o := withKey(presetOptions(t, "gauge-variable"))
	o.Send = sender.Options{APIURL: srv.URL}
	h := newHarness(t, o, 140, 45)
	h.keys("ctrl+t")
	h.mustSee("Test send")
	in.mu.Lock()
	defer in.mu.Unlock()
	if len(in.series) != 1 || in.series[0] != "app.queue.depth" {
		t.Fatalf("intake got series %q", in.series)
	}
	for _, k := range in.keys {
		if k != testKey {
			t.Fatalf("request carried key %q", k)
		}
	}
	if strings.Contains(h.screen(), testKey) {
		t.Fatal("the screen shows the API key")
	}
}

func TestSendFailureIsShownNotFatal(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
		_, _ = io.WriteString(w, `{"errors":["Forbidden"]}`)
	}))
	defer srv.Close()
	o := withKey(presetOptions(t, "gauge-variable"))
	o.Send = sender.Options{APIURL: srv.URL}
	h := newHarness(t, o, 140, 45)
	h.keys("ctrl+t")
	h.mustSee("Test send failed")
	h.keys("esc")
	h.mustSee("test send failed")
	if h.quit {
		t.Fatal("a failed send must not end the studio")
	}
}

func TestSendWithoutKeySaysWhatToDo(t *testing.T) {
	h := newHarness(t, presetOptions(t, "gauge-variable"), 140, 45)
	h.keys("ctrl+t")
	h.mustSee("set DD_API_KEY")
	if h.m.sending {
		t.Fatal("no send should start without a key")
	}
}

func TestDryRunShowsTheRequestWithTheKeyMasked(t *testing.T) {
	h := newHarness(t, withKey(presetOptions(t, "gauge-variable")), 140, 45)
	h.keys("ctrl+d")
	h.mustSee("Dry-run of a test send")
	h.mustSee("POST https://api.datadoghq.com/api/v2/series")
	if s := h.screen(); strings.Contains(s, testKey) || !strings.Contains(s, "cdef") {
		t.Fatalf("the key should show masked to its last four characters:\n%s", s)
	}

	h = newHarness(t, presetOptions(t, "batch-histogram"), 140, 45)
	h.keys("ctrl+d")
	h.mustSee("worker.batch.size:1|h")
}
