package sender_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/rk-tui/rk-tui/sender"
	"github.com/rk-tui/rk-tui/template"
)

func configError(t *testing.T, err error, field string, parts ...string) {
	t.Helper()
	var ce *sender.ConfigError
	if !errors.As(err, &ce) {
		t.Fatalf("error = %v (%T), want a *ConfigError on %s", err, err, field)
	}
	if ce.Setting != field {
		t.Errorf("field = %s, want %s (%v)", ce.Setting, field, err)
	}
	noKey(t, err.Error())
	wantIn(t, err.Error(), parts...)
}

func TestSites(t *testing.T) {
	sites := sender.Sites()
	want := []string{"datadoghq.com", "us3.datadoghq.com", "us5.datadoghq.com", "ap1.datadoghq.com", "ap2.datadoghq.com", "uk1.datadoghq.com", "datadoghq.eu", "ddog-gov.com", "us2.ddog-gov.com"}
	if strings.Join(sites, ",") != strings.Join(want, ",") {
		t.Errorf("Sites() = %v, want %v (each once)", sites, want)
	}
	for _, s := range []string{"", "datadoghq.eu", "US5.datadoghq.com", " ap1.datadoghq.com "} {
		if _, err := sender.CheckSite(s); err != nil {
			t.Errorf("CheckSite(%q): %v", s, err)
		}
	}
	_, err := sender.CheckSite("datadoghq.co")
	configError(t, err, "site", `"datadoghq.co" is not a Datadog site`, strings.Join(want, ", "), "DD_SITE", "give the API URL")
	_, err = sender.CheckSite("https://app.datadoghq.eu/")
	configError(t, err, "site", `did you mean "datadoghq.eu"?`)
}

func TestExplorerLinks(t *testing.T) {
	cases := map[string]string{
		"datadoghq.com":     "https://app.datadoghq.com/metric/explorer?exp_metric=checkout.items",
		"datadoghq.eu":      "https://app.datadoghq.eu/metric/explorer?exp_metric=checkout.items",
		"us3.datadoghq.com": "https://us3.datadoghq.com/metric/explorer?exp_metric=checkout.items",
		"ap2.datadoghq.com": "https://ap2.datadoghq.com/metric/explorer?exp_metric=checkout.items",
		"ddog-gov.com":      "https://app.ddog-gov.com/metric/explorer?exp_metric=checkout.items",
	}
	for site, want := range cases {
		if got := sender.ExplorerURL(site, "checkout.items"); got != want {
			t.Errorf("ExplorerURL(%s) = %s, want %s", site, got, want)
		}
	}
	p, err := sender.NewPlan(checkoutDoc(t), sender.Options{Site: "datadoghq.eu"})
	if err != nil {
		t.Fatal(err)
	}
	if p.APIBase != "https://api.datadoghq.eu" || p.Metrics[0].Explorer != cases["datadoghq.eu"] {
		t.Errorf("plan for datadoghq.eu: base %s, link %s", p.APIBase, p.Metrics[0].Explorer)
	}
}

func TestCheckAPIURL(t *testing.T) {
	ok := map[string]string{
		"https://dd-proxy.example.com:3834/": "https://dd-proxy.example.com:3834",
		"http://127.0.0.1:8080":              "http://127.0.0.1:8080",
		"http://[::1]:8080/intake":           "http://[::1]:8080/intake",
		"HTTP://localhost:9":                 "http://localhost:9",
	}
	for in, want := range ok {
		got, err := sender.CheckAPIURL(in)
		if err != nil || got != want {
			t.Errorf("CheckAPIURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	bad := map[string]string{
		"http://10.0.0.5:8080":            "clear text",
		"http://intake.example.com":       "loopback",
		"ftp://127.0.0.1":                 "must start with https://",
		"dd-proxy:3834":                   "not a URL such as https://",
		"https://user:pw@proxy.example":   "user name or password",
		"https://proxy.example/?key=abcd": "query",
		"not a url":                       "not a URL",
	}
	for in, part := range bad {
		_, err := sender.CheckAPIURL(in)
		if err == nil {
			t.Errorf("CheckAPIURL(%q) accepted it", in)
			continue
		}
		configError(t, err, "api-url", part)
		if strings.Contains(err.Error(), "pw@") {
			t.Errorf("the password shows in %v", err)
		}
	}
}

func TestApplyEnv(t *testing.T) {
	env := map[string]string{"DD_API_KEY": " " + testKey + "\n", "DD_SITE": "datadoghq.eu", "DD_AGENT_HOST": "agent.local", "DD_DOGSTATSD_PORT": "18125"}
	var o sender.Options
	if err := o.ApplyEnv(func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if o.APIKey != testKey || o.APIKeySource != "DD_API_KEY" || o.Site != "datadoghq.eu" || o.AgentHost != "agent.local" || o.AgentPort != 18125 {
		t.Errorf("options from the environment = %+v", o)
	}
	// Flags set before win.
	o = sender.Options{Site: "us5.datadoghq.com", AgentHost: "flag-host", AgentPort: 9125}
	if err := o.ApplyEnv(func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if o.Site != "us5.datadoghq.com" || o.AgentHost != "flag-host" || o.AgentPort != 9125 {
		t.Errorf("the environment overrode the flags: %+v", o)
	}
	o = sender.Options{}
	err := o.ApplyEnv(func(k string) string { return map[string]string{"DD_DOGSTATSD_PORT": "eighty"}[k] })
	configError(t, err, "agent", "DD_DOGSTATSD_PORT", "1 to 65535")
	o = sender.Options{}
	if err := o.ApplyEnv(func(k string) string { return map[string]string{"DD_AGENT_HOST": "10.1.2.3:9999"}[k] }); err != nil || o.AgentHost != "10.1.2.3" || o.AgentPort != 9999 {
		t.Errorf("DD_AGENT_HOST with a port: %+v, %v", o, err)
	}
}

func TestParseAgent(t *testing.T) {
	ok := map[string]struct {
		host string
		port int
	}{
		"localhost:8125": {"localhost", 8125},
		"10.0.0.7":       {"10.0.0.7", 0},
		"[::1]:8125":     {"::1", 8125},
		"::1":            {"::1", 0},
		"agent":          {"agent", 0},
	}
	for in, want := range ok {
		h, p, err := sender.ParseAgent(in)
		if err != nil || h != want.host || p != want.port {
			t.Errorf("ParseAgent(%q) = %q, %d, %v; want %q, %d", in, h, p, err, want.host, want.port)
		}
	}
	for _, in := range []string{"", "host:99999", "host:port", ":8125", "udp://host:8125", "a b:1"} {
		if _, _, err := sender.ParseAgent(in); err == nil {
			t.Errorf("ParseAgent(%q) accepted it", in)
		} else {
			configError(t, err, "agent", "HOST:PORT")
		}
	}
}

func TestOptionErrors(t *testing.T) {
	doc := checkoutDoc(t)
	cases := []struct {
		name  string
		opts  sender.Options
		field string
		parts []string
	}{
		{"NaN value", sender.Options{Value: sender.Float(math.NaN())}, "value", []string{"finite"}},
		{"part of a second", sender.Options{Interval: sender.Duration(1500 * time.Millisecond)}, "interval", []string{"whole seconds"}},
		{"too long an interval", sender.Options{Interval: sender.Duration(2 * time.Hour)}, "interval", []string{"whole seconds"}},
		{"negative points", sender.Options{Points: sender.Int(-1)}, "points", []string{"is -1", "from 1 to 3541"}},
		{"past the window", sender.Options{Points: sender.Int(400), Interval: sender.Duration(10 * time.Second)}, "points", []string{"over an hour old", "at most 355 points"}},
		{"host with a space", sender.Options{Host: "web 1"}, "host", []string{"space"}},
		{"key with a newline", sender.Options{APIKey: "abc\ndef0123", APIKeySource: "file key.txt"}, "api-key", []string{"file key.txt", "line breaks"}},
		{"bad site", sender.Options{Site: "datadog.com"}, "site", []string{"not a Datadog site"}},
		{"negative timeout", sender.Options{Timeout: sender.Duration(-time.Second)}, "timeout", []string{"is -1s", "from 1ms to 10m"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := sender.NewPlan(doc, c.opts)
			configError(t, err, c.field, c.parts...)
		})
	}
	// 355 points 10 s apart span 59 minutes: inside the window.
	if _, err := sender.NewPlan(doc, sender.Options{Points: sender.Int(355), Interval: sender.Duration(10 * time.Second)}); err != nil {
		t.Errorf("355 points 10s apart: %v", err)
	}
}

func TestSendNeedsAKeyButDryRunDoesNot(t *testing.T) {
	doc := checkoutDoc(t)
	_, err := sender.Send(context.Background(), doc, sender.Options{})
	configError(t, err, "api-key", "DD_API_KEY", "a key file", "never typed on a command line")
	r, err := sender.DryRun(context.Background(), doc, sender.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Text(), "Dd-Api-Key: "+template.APIKeyPlaceholder) || !strings.Contains(r.Notes[0], "no API key is set") {
		t.Errorf("the dry-run without a key:\n%s", r.Text())
	}
}

func TestDryRunMasksTheKey(t *testing.T) {
	r, err := sender.DryRun(context.Background(), checkoutDoc(t), sender.Options{APIKey: testKey})
	if err != nil {
		t.Fatal(err)
	}
	text := r.Text()
	noKey(t, text)
	if !strings.Contains(text, "Dd-Api-Key: ********cdef") {
		t.Errorf("the key is not shown masked to its last four:\n%s", text)
	}
}

func TestNothingToSend(t *testing.T) {
	doc, err := template.Parse([]byte(`{"processing": {"operations": [{"name": "send_rookout"}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	_, err = sender.NewPlan(doc, sender.Options{})
	configError(t, err, "template", "no datadog or dogstatsd operation")
	_, err = sender.NewPlan(nil, sender.Options{})
	configError(t, err, "template")
}

func TestBrokenTemplatesAreRefusedNotPanicked(t *testing.T) {
	docs := map[string]string{
		"no name":           `{"processing":{"operations":[{"name":"datadog","api_key":"x","metrics":[{"type":"count","points":["a"]}]}]}}`,
		"bad type":          `{"processing":{"operations":[{"name":"datadog","api_key":"x","metrics":[{"metric":"a.b","type":"histogram","points":["a"]}]}]}}`,
		"metrics not array": `{"processing":{"operations":[{"name":"datadog","api_key":"x","metrics":7}]}}`,
		"bad action":        `{"processing":{"operations":[{"name":"dogstatsd","action":"count","metric":"a.b"}]}}`,
		"event no text":     `{"processing":{"operations":[{"name":"dogstatsd","action":"event","title":"t"}]}}`,
		"port too high":     `{"processing":{"operations":[{"name":"dogstatsd","action":"gauge","metric":"a.b","target":{"host":"h","port":70000}}]}}`,
	}
	for name, raw := range docs {
		t.Run(name, func(t *testing.T) {
			doc, err := template.Parse([]byte(raw))
			if err != nil {
				t.Fatal(err)
			}
			_, err = sender.DryRun(context.Background(), doc, sender.Options{})
			var ce *sender.ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("error = %v, want a ConfigError", err)
			}
		})
	}
}

func TestOptionsNeverPrintTheKey(t *testing.T) {
	o := sender.Options{APIKey: testKey, Site: "datadoghq.eu"}
	for _, s := range []string{fmt.Sprint(o), fmt.Sprintf("%v %+v %#v %s", o, o, o, o), fmt.Sprintf("%v %+v %#v", &o, &o, &o)} {
		noKey(t, s)
		if !strings.Contains(s, "********cdef") || !strings.Contains(s, "datadoghq.eu") {
			t.Errorf("options print as %s", s)
		}
	}
}
