package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rk-tui/rk-tui/sender/sendertest"
	"github.com/rk-tui/rk-tui/template"
)

// sendKey looks like a real key, so a leak would show.
const sendKey = "fedcba9876543210fedcba9876543210"

type sendRes struct {
	code     int
	out, err string
}

// sendCLI runs rk-tui with buffer streams and the given environment, and
// checks the key never reaches stdout or stderr.
func sendCLI(t *testing.T, ctx context.Context, env map[string]string, args ...string) sendRes {
	t.Helper()
	var out, errb bytes.Buffer
	s := &Streams{In: strings.NewReader(""), Out: &out, Err: &errb, Getenv: func(k string) string { return env[k] }}
	code := run(ctx, args, s)
	r := sendRes{code, out.String(), errb.String()}
	for _, stream := range []string{r.out, r.err} {
		if strings.Contains(stream, sendKey) {
			t.Fatalf("rk-tui %s printed the API key:\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.out, r.err)
		}
	}
	return r
}

func (r sendRes) want(t *testing.T, code int, parts ...string) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.out, r.err)
	}
	for _, p := range parts {
		if !strings.Contains(r.out+r.err, p) {
			t.Errorf("the output lacks %q\nstdout:\n%s\nstderr:\n%s", p, r.out, r.err)
		}
	}
}

func sendTemplateFile(t *testing.T, doc *template.Document) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "template.json")
	if err := os.WriteFile(path, doc.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func sendAPIDoc() *template.Document {
	return template.Build(template.Spec{Target: template.TargetAPI, Metrics: []template.MetricSpec{
		{Name: "checkout.items", Type: "count", Value: "store.rookout.frame.locals.count", Tags: []string{"env:prod", "team:cart"}, Meta: template.MetricMeta{Unit: "item"}},
		{Name: "checkout.depth", Type: "gauge", Value: "store.rookout.frame.locals.depth"},
	}})
}

func TestSendAPI(t *testing.T) {
	in := sendertest.NewIntake(t, sendertest.WithKey(sendKey))
	file := sendTemplateFile(t, sendAPIDoc())
	r := sendCLI(t, context.Background(), map[string]string{"DD_API_KEY": sendKey, "DD_SITE": "datadoghq.eu"},
		"send", file, "--api-url", in.URL, "--points", "3", "--value", "5", "--host", "web-1")
	r.want(t, 0, "Datadog accepted 2 series and 6 points in 1 request to "+in.URL, "(API key checked)",
		"checkout.items", "tags env:prod,team:cart", "https://app.datadoghq.eu/metric/explorer?exp_metric=checkout.items",
		"no tag of their own", "host web-1")
	series := in.Series()
	if len(series) != 2 || series[0].Metric != "checkout.items" || len(series[0].Points) != 3 || series[0].Points[2].Value != 5 || series[0].Unit != "item" {
		t.Errorf("the intake got %+v", series)
	}
	if r.err != "" {
		t.Errorf("stderr is not empty: %s", r.err)
	}
}

func TestSendAPIKeyFile(t *testing.T) {
	in := sendertest.NewIntake(t, sendertest.WithKey(sendKey))
	file := sendTemplateFile(t, sendAPIDoc())
	dir := t.TempDir()
	private := filepath.Join(dir, "key")
	if err := os.WriteFile(private, []byte(sendKey+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// The file wins over the environment.
	r := sendCLI(t, context.Background(), map[string]string{"DD_API_KEY": "wrong-key-from-env-000000"}, "send", file, "--api-url", in.URL, "--api-key-file", private)
	r.want(t, 0, "Datadog accepted 2 series")
	if strings.Contains(r.err, "warning") {
		t.Errorf("a 0600 key file drew a warning: %s", r.err)
	}
	shared := filepath.Join(dir, "shared-key")
	if err := os.WriteFile(shared, []byte(sendKey), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(shared, 0o644); err != nil {
		t.Fatal(err)
	}
	r = sendCLI(t, context.Background(), nil, "send", file, "--api-url", in.URL, "--api-key-file", shared)
	r.want(t, 0, "warning: "+shared+" can be read by other users", "chmod 600")
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	sendCLI(t, context.Background(), nil, "send", file, "--api-url", in.URL, "--api-key-file", empty).want(t, 2, "is empty")
	sendCLI(t, context.Background(), nil, "send", file, "--api-url", in.URL, "--api-key-file", filepath.Join(dir, "none")).want(t, 2, "no such file")
	// The wrong key, from the file: the message says where it came from.
	wrong := filepath.Join(dir, "wrong")
	if err := os.WriteFile(wrong, []byte("wrong-key-000000000000000000"), 0o600); err != nil {
		t.Fatal(err)
	}
	sendCLI(t, context.Background(), nil, "send", file, "--api-url", in.URL, "--api-key-file", wrong).
		want(t, 1, "rejected the API key", "403 Forbidden", "--api-key-file "+wrong, "********0000")
}

func TestSendDryRun(t *testing.T) {
	file := sendTemplateFile(t, sendAPIDoc())
	r := sendCLI(t, context.Background(), map[string]string{"DD_API_KEY": sendKey, "DD_SITE": "datadoghq.eu"}, "send", file, "--dry-run")
	r.want(t, 0, "Dry run: nothing was sent", "GET https://api.datadoghq.eu/api/v1/validate", "POST https://api.datadoghq.eu/api/v2/series",
		"Dd-Api-Key: ********3210", "Content-Encoding: gzip", `"metric": "checkout.items"`, `"type": 1`, `"unit": "item"`)
	// No key: the dry-run still works and says so.
	r = sendCLI(t, context.Background(), nil, "send", file, "--dry-run", "--no-validate")
	r.want(t, 0, "Dd-Api-Key: <YOUR-API-KEY>", "no API key is set")
	if strings.Contains(r.out, "/api/v1/validate") {
		t.Errorf("--no-validate still shows the key check:\n%s", r.out)
	}
}

func TestSendDryRunJSON(t *testing.T) {
	file := sendTemplateFile(t, sendAPIDoc())
	r := sendCLI(t, context.Background(), map[string]string{"DD_API_KEY": sendKey}, "send", file, "--dry-run", "--format", "json")
	r.want(t, 0)
	var got struct {
		DryRun bool `json:"dry_run"`
		Report struct {
			Requests []struct {
				Method  string `json:"method"`
				URL     string `json:"url"`
				Headers []struct{ Name, Value string }
				Body    struct {
					Series []struct {
						Metric string   `json:"metric"`
						Tags   []string `json:"tags"`
					} `json:"series"`
				} `json:"body"`
			} `json:"requests"`
		} `json:"report"`
	}
	if err := json.Unmarshal([]byte(r.out), &got); err != nil {
		t.Fatalf("%v:\n%s", err, r.out)
	}
	if !got.DryRun || len(got.Report.Requests) != 2 {
		t.Fatalf("report = %+v", got)
	}
	post := got.Report.Requests[1]
	if post.Method != "POST" || post.URL != "https://api.datadoghq.com/api/v2/series" || len(post.Body.Series) != 2 || post.Body.Series[0].Tags[1] != "team:cart" {
		t.Errorf("the POST = %+v", post)
	}
}

func TestSendDogStatsD(t *testing.T) {
	agent := sendertest.ListenDogStatsD(t)
	doc := template.Build(template.Spec{Target: template.TargetDogStatsD, Host: "agent.invalid", Port: 9, Metrics: []template.MetricSpec{
		{Name: "worker.batch.size", Type: "histogram", Value: "12"},
		{Name: "app.calls", Type: "increment", Value: "1", Tags: []string{"env:test"}},
	}})
	file := sendTemplateFile(t, doc)
	r := sendCLI(t, context.Background(), nil, "send", file, "--agent", agent.Addr)
	r.want(t, 0, "Sent 2 lines in 1 datagram to the DogStatsD agent at "+agent.Addr, "worker.batch.size:12|h", "app.calls:1|c|#env:test", "UDP")
	if lines, err := agent.Wait(2, 2*time.Second); err != nil || lines[0] != "worker.batch.size:12|h" {
		t.Errorf("the agent got %q (%v)", lines, err)
	}
	// DD_AGENT_HOST and DD_DOGSTATSD_PORT stand in for --agent.
	r = sendCLI(t, context.Background(), map[string]string{"DD_AGENT_HOST": agent.Host, "DD_DOGSTATSD_PORT": strconv.Itoa(agent.Port)}, "send", file, "--value", "4")
	r.want(t, 0, "worker.batch.size:4|h", "app.calls:4|c|#env:test")
	// The dry-run prints the datagram lines and sends nothing.
	before := agent.Datagrams()
	r = sendCLI(t, context.Background(), nil, "send", file, "--agent", agent.Addr, "--dry-run")
	r.want(t, 0, "# DogStatsD to "+agent.Addr+" over UDP", "worker.batch.size:12|h\napp.calls:1|c|#env:test\n")
	time.Sleep(50 * time.Millisecond)
	if agent.Datagrams() != before {
		t.Errorf("the dry-run sent datagrams")
	}
	// No agent listening.
	host, port := sendertest.ClosedPort(t)
	sendCLI(t, context.Background(), nil, "send", file, "--agent", host+":"+strconv.Itoa(port)).want(t, 1, "refused", "no DogStatsD agent listens there")
}

func TestSendFailuresExitOne(t *testing.T) {
	file := sendTemplateFile(t, sendAPIDoc())
	env := map[string]string{"DD_API_KEY": sendKey}
	t.Run("key rejected", func(t *testing.T) {
		in := sendertest.NewIntake(t, sendertest.WithKey("someone-elses-key-0000000000"))
		sendCLI(t, context.Background(), env, "send", file, "--api-url", in.URL).
			want(t, 1, "checking the API key", "rejected the API key", "403 Forbidden", "********3210", "DD_API_KEY")
	})
	t.Run("400 with Datadog's errors", func(t *testing.T) {
		in := sendertest.NewIntake(t)
		in.Enqueue("/api/v2/series", sendertest.Response{Status: http.StatusBadRequest, Body: `{"errors":["Invalid metric type"]}`})
		sendCLI(t, context.Background(), env, "send", file, "--api-url", in.URL).want(t, 1, "400 Bad Request", "Invalid metric type")
	})
	t.Run("persistent 500", func(t *testing.T) {
		in := sendertest.NewIntake(t)
		in.Always("/api/v2/series", sendertest.Response{Status: http.StatusBadGateway})
		sendCLI(t, context.Background(), env, "send", file, "--api-url", in.URL, "--retries", "0").want(t, 1, "502 Bad Gateway")
		if n := in.Count("/api/v2/series"); n != 1 {
			t.Errorf("--retries 0 made %d attempts", n)
		}
	})
	t.Run("429 then 202", func(t *testing.T) {
		in := sendertest.NewIntake(t)
		in.Enqueue("/api/v2/series", sendertest.Response{Status: http.StatusTooManyRequests})
		sendCLI(t, context.Background(), env, "send", file, "--api-url", in.URL).want(t, 0, "after 1 retry", "429 Too Many Requests; retrying in 1s")
	})
	t.Run("timeout", func(t *testing.T) {
		in := sendertest.NewIntake(t)
		in.Enqueue("/api/v2/series", sendertest.Response{Status: http.StatusAccepted, Delay: 10 * time.Second})
		sendCLI(t, context.Background(), env, "send", file, "--api-url", in.URL, "--timeout", "200ms").want(t, 1, "no answer from POST", "within 200ms", "--timeout")
	})
	t.Run("refused", func(t *testing.T) {
		url := sendertest.ClosedURL(t)
		sendCLI(t, context.Background(), env, "send", file, "--api-url", url).want(t, 1, "was refused", url)
	})
	t.Run("json", func(t *testing.T) {
		in := sendertest.NewIntake(t, sendertest.WithKey("someone-elses-key-0000000000"))
		r := sendCLI(t, context.Background(), env, "send", file, "--api-url", in.URL, "--format", "json")
		r.want(t, 1)
		var got struct {
			Error struct {
				Kind   string `json:"kind"`
				Status int    `json:"status"`
			} `json:"error"`
		}
		if err := json.Unmarshal([]byte(r.out), &got); err != nil || got.Error.Kind != "key-rejected" || got.Error.Status != 403 {
			t.Errorf("json = %s (%v)", r.out, err)
		}
	})
}

// --format json describes every failure the same way: a setting to fix
// (exit 2), points that may have arrived (exit 1).
func TestSendJSONErrors(t *testing.T) {
	file := sendTemplateFile(t, sendAPIDoc())
	env := map[string]string{"DD_API_KEY": sendKey}
	type errJSON struct {
		Error struct {
			Kind           string   `json:"kind"`
			Setting        string   `json:"setting"`
			Message        string   `json:"message"`
			Status         int      `json:"status"`
			MayHaveArrived bool     `json:"may_have_arrived"`
			Counts         []string `json:"counts"`
		} `json:"error"`
		Result struct {
			Metrics []struct {
				Name           string `json:"name"`
				MayHaveArrived bool   `json:"may_have_arrived"`
			} `json:"metrics"`
		} `json:"result"`
	}
	decode := func(r sendRes) errJSON {
		var got errJSON
		if err := json.Unmarshal([]byte(r.out), &got); err != nil {
			t.Fatalf("%v:\n%s", err, r.out)
		}
		return got
	}
	r := sendCLI(t, context.Background(), env, "send", file, "--points", "0", "--format", "json")
	r.want(t, 2, "--points is 0")
	if got := decode(r); got.Error.Kind != "config-points" || got.Error.Setting != "points" || !strings.Contains(got.Error.Message, "--points is 0") {
		t.Errorf("config error: %+v", got.Error)
	}
	in := sendertest.NewIntake(t)
	in.Always("/api/v2/series", sendertest.Response{Status: http.StatusGatewayTimeout})
	r = sendCLI(t, context.Background(), env, "send", file, "--api-url", in.URL, "--format", "json")
	r.want(t, 1)
	got := decode(r)
	if got.Error.Kind != "server-error" || got.Error.Status != 504 || !got.Error.MayHaveArrived || strings.Join(got.Error.Counts, ",") != "checkout.items" {
		t.Errorf("504: %+v", got.Error)
	}
	if len(got.Result.Metrics) != 2 || !got.Result.Metrics[0].MayHaveArrived {
		t.Errorf("result metrics: %+v", got.Result.Metrics)
	}
	if n := in.Count("/api/v2/series"); n != 1 {
		t.Errorf("a 504 for a count was tried %d times", n)
	}
	// In text, the points that may have arrived are listed before the error.
	r = sendCLI(t, context.Background(), env, "send", file, "--api-url", in.URL)
	r.want(t, 1, "Before the failure:", "May have arrived (no success came back): checkout.items, checkout.depth", "a second send would count them twice")
}

func TestSendRefusesAnInvalidTemplate(t *testing.T) {
	in := sendertest.NewIntake(t)
	doc := sendAPIDoc()
	if err := doc.Set("processing.operations.0.metrics.0.type", "histogram"); err != nil {
		t.Fatal(err)
	}
	file := sendTemplateFile(t, doc)
	r := sendCLI(t, context.Background(), map[string]string{"DD_API_KEY": sendKey}, "send", file, "--api-url", in.URL)
	r.want(t, 1, "metric-type", "nothing was sent: the template has 1 error")
	if n := len(in.Requests()); n != 0 {
		t.Errorf("an invalid template reached the intake %d times", n)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"aug": `), 0o600); err != nil {
		t.Fatal(err)
	}
	sendCLI(t, context.Background(), nil, "send", bad, "--dry-run").want(t, 1, "json-syntax", "nothing was sent")
}

func TestSendUsageErrorsExitTwo(t *testing.T) {
	file := sendTemplateFile(t, sendAPIDoc())
	env := map[string]string{"DD_API_KEY": sendKey}
	cases := []struct {
		name  string
		env   map[string]string
		args  []string
		parts []string
	}{
		{"unknown site", env, []string{"--site", "datadoghq.co"}, []string{`"datadoghq.co" is not a Datadog site`, "datadoghq.eu", "us5.datadoghq.com"}},
		{"site from the environment", map[string]string{"DD_API_KEY": sendKey, "DD_SITE": "app.datadoghq.com"}, nil, []string{`did you mean "datadoghq.com"?`}},
		{"http to a remote host", env, []string{"--api-url", "http://10.1.2.3:8080"}, []string{"clear text", "use https"}},
		{"no key", nil, nil, []string{"no API key", "DD_API_KEY", "--api-key-file", "nothing was sent"}},
		{"no points", env, []string{"--dry-run", "--points", "0"}, []string{"--points is 0"}},
		{"points that panicked", env, []string{"--dry-run", "--points", "9223372036854775807"}, []string{"--points is 9223372036854775807: give from 1 to 3541"}},
		{"points that overflowed", env, []string{"--dry-run", "--points", "1844674409"}, []string{"--points is 1844674409"}},
		{"zero timeout", env, []string{"--dry-run", "--timeout", "0s"}, []string{"--timeout is 0s"}},
		{"too many retries", env, []string{"--dry-run", "--retries", "11"}, []string{"--retries is 11: give from 0 to 10"}},
		{"negative retries", env, []string{"--dry-run", "--retries", "-1"}, []string{"--retries is -1"}},
		{"zero interval", env, []string{"--dry-run", "--interval", "0s"}, []string{"--interval is 0s"}},
		{"bad agent", env, []string{"--agent", "host:99999"}, []string{"--agent", "1 to 65535"}},
		{"bad interval", env, []string{"--interval", "1500ms"}, []string{"whole seconds"}},
		{"points past the hour", env, []string{"--points", "1000", "--dry-run"}, []string{"over an hour old", "at most 355 points (--points), or a shorter interval (--interval)"}},
		{"bad format", env, []string{"--format", "yaml"}, []string{`--format "yaml"`}},
		{"bad port in the environment", map[string]string{"DD_DOGSTATSD_PORT": "x"}, []string{"--dry-run"}, []string{"DD_DOGSTATSD_PORT"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{"send", file}, c.args...)
			sendCLI(t, context.Background(), c.env, args...).want(t, 2, c.parts...)
		})
	}
	sendCLI(t, context.Background(), env, "send", filepath.Join(t.TempDir(), "missing.json"), "--dry-run").want(t, 2, "no such file")
	sendCLI(t, context.Background(), env, "send").want(t, 2, "accepts 1 arg")
}

func TestSendInterrupted(t *testing.T) {
	in := sendertest.NewIntake(t)
	in.Enqueue("/api/v2/series", sendertest.Response{Status: http.StatusAccepted, Delay: 10 * time.Second})
	file := sendTemplateFile(t, sendAPIDoc())
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(150*time.Millisecond, cancel)
	start := time.Now()
	sendCLI(t, ctx, map[string]string{"DD_API_KEY": sendKey}, "send", file, "--api-url", in.URL, "--timeout", "30s").want(t, 130, "interrupted")
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %s to stop after Ctrl+C", d)
	}
}
