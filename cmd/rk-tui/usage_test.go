package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rk-tui/rk-tui/sender/sendertest"
	"github.com/rk-tui/rk-tui/template"
)

// usageAppKey looks like a real application key, so a leak would show.
const usageAppKey = "0000111122223333444455556666777788889999"

// usageCLI runs rk-tui with the usage command and checks neither key
// reaches stdout or stderr.
func usageCLI(t *testing.T, env map[string]string, args ...string) sendRes {
	t.Helper()
	var out, errb bytes.Buffer
	s := &Streams{In: strings.NewReader(""), Out: &out, Err: &errb, Getenv: func(k string) string { return env[k] }}
	code := run(t.Context(), args, s)
	r := sendRes{code, out.String(), errb.String()}
	for _, stream := range []string{r.out, r.err} {
		if strings.Contains(stream, sendKey) || strings.Contains(stream, usageAppKey) {
			t.Fatalf("rk-tui %s printed a key:\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.out, r.err)
		}
	}
	return r
}

func usageEnv() map[string]string {
	return map[string]string{"DD_API_KEY": sendKey, "DD_APP_KEY": usageAppKey}
}

// usageIntake knows checkout.items (seen with 3 env values and 2 hosts)
// and not checkout.depth, in an account of 115 custom metrics an hour.
func usageIntake(t *testing.T, opts ...sendertest.Option) *sendertest.Intake {
	in := sendertest.NewIntake(t, append([]sendertest.Option{sendertest.WithKey(sendKey), sendertest.WithAppKey(usageAppKey)}, opts...)...)
	in.SetMetric("checkout.items", sendertest.MetricState{Tags: []string{"env:prod", "env:staging", "env:dev", "team:cart", "host:a", "host:b"}, Indexed: 6, Estimate: 3})
	in.SetTopMetrics([]sendertest.TopMetric{{Name: "other.metric", Avg: 103, Max: 110}, {Name: "checkout.items", Avg: 6, Max: 6}, {Name: "tiny", Avg: 6, Max: 7}})
	return in
}

func TestUsageSetsProjectionAndLiveSideBySide(t *testing.T) {
	in := usageIntake(t)
	file := sendTemplateFile(t, sendAPIDoc())
	before, _ := os.ReadFile(file)
	r := usageCLI(t, usageEnv(), "usage", file, "--api-url", in.URL)
	r.want(t, 0, "Projected and live custom metrics of "+file, "METRIC", "PROJECTED", "LIVE NOW",
		"checkout.depth", "not yet", "normal for a template that has not run", "Tag values seen in the last 4 hours:", "host", "hosts: the profile counts 1 host (hosts)",
		"Account: 115 custom metrics an hour on average", "6 of them this template's: existing is 109 (the profile says 0)",
		"With the file's profile:", "With the live values:",
		`{"x-rk-tui":{"profile":{"tag_values":{"env":3},"existing":109}}}`, "--write-profile")
	var row string
	for _, l := range strings.Split(r.out, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "checkout.items") {
			row = l
		}
	}
	if f := strings.Fields(row); len(f) != 7 || f[1] != "count" || f[2] != "1" || f[3] != "6" || f[4] != "-" || f[5] != "6" || f[6] != "3" {
		t.Errorf("the checkout.items row is %q; want count, projected 1, live 6, no projected ingested, ingested 6, estimate 3", row)
	}
	if after, _ := os.ReadFile(file); !bytes.Equal(before, after) {
		t.Error("the file changed without --write-profile")
	}
}

// --write-profile prefills the cost profile: tag values seen, never lower
// than the file's, and the account's existing custom metrics.
func TestUsageWritesTheProfile(t *testing.T) {
	in := usageIntake(t)
	in.SetMetric("checkout.items", sendertest.MetricState{Tags: []string{"env:prod", "env:staging", "env:dev", "team:cart", "team:shop"}, Indexed: 6})
	doc := sendAPIDoc()
	if err := doc.Set("x-rk-tui.profile.tag_values.team", 10); err != nil {
		t.Fatal(err)
	}
	file := sendTemplateFile(t, doc)
	r := usageCLI(t, usageEnv(), "usage", file, "--api-url", in.URL, "--write-profile")
	r.want(t, 0, "Wrote into "+file)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	written, err := template.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if env, team, existing := written.Get("x-rk-tui.profile.tag_values.env").Int(), written.Get("x-rk-tui.profile.tag_values.team").Int(), written.Get("x-rk-tui.profile.existing").Int(); env != 3 || team != 10 || existing != 109 {
		t.Errorf("profile after --write-profile: env %d, team %d (was 10: kept), existing %d", env, team, existing)
	}
	if m := written.Get("processing.operations.0.metrics.0.metric").String(); m != "checkout.items" {
		t.Errorf("the template itself changed: %s", data)
	}
	// The preview now reads what was seen.
	if r := cliRun(t, cliOpts{}, "preview", file, "--format", "json"); r.code != 0 || !strings.Contains(r.out, `"existing": 109`) {
		t.Errorf("preview after --write-profile (exit %d):\n%s%s", r.code, r.out, r.err)
	}
	usageCLI(t, usageEnv(), "usage", "-", "--api-url", in.URL, "--write-profile").want(t, 2, "standard input is no file")
}

func TestUsageJSON(t *testing.T) {
	in := usageIntake(t)
	file := sendTemplateFile(t, sendAPIDoc())
	r := usageCLI(t, usageEnv(), "usage", file, "--api-url", in.URL, "--format", "json")
	r.want(t, 0)
	var got struct {
		Metrics []struct {
			Name      string `json:"name"`
			Projected uint64 `json:"projected"`
			Exists    bool   `json:"exists"`
			Live      int64  `json:"live"`
			Estimate  *int64 `json:"estimate"`
		} `json:"metrics"`
		Usage struct {
			TagValues map[string]uint64 `json:"tag_values"`
			Account   struct {
				Existing uint64 `json:"existing"`
			} `json:"account"`
		} `json:"usage"`
		Profile struct {
			TagValues map[string]uint64 `json:"tag_values"`
			Existing  *uint64           `json:"existing"`
		} `json:"profile"`
		WroteProfile bool `json:"wrote_profile"`
	}
	if err := json.Unmarshal([]byte(r.out), &got); err != nil {
		t.Fatalf("%v:\n%s", err, r.out)
	}
	if len(got.Metrics) != 2 || !got.Metrics[0].Exists || got.Metrics[0].Live != 6 || got.Metrics[0].Projected != 1 || got.Metrics[1].Exists {
		t.Errorf("metrics = %+v", got.Metrics)
	}
	if got.Usage.TagValues["env"] != 3 || got.Usage.Account.Existing != 109 || got.Profile.TagValues["env"] != 3 || got.Profile.Existing == nil || got.WroteProfile {
		t.Errorf("usage %+v, profile %+v", got.Usage, got.Profile)
	}
}

func TestUsageCommandErrors(t *testing.T) {
	file := sendTemplateFile(t, sendAPIDoc())
	t.Run("no application key", func(t *testing.T) {
		in := usageIntake(t)
		r := usageCLI(t, map[string]string{"DD_API_KEY": sendKey}, "usage", file, "--api-url", in.URL)
		r.want(t, 2, "rk-tui: no application key: set DD_APP_KEY", "nothing was read")
		if n := len(in.Requests()); n != 0 {
			t.Errorf("%d requests without an application key", n)
		}
		r = usageCLI(t, map[string]string{"DD_API_KEY": sendKey}, "usage", file, "--api-url", in.URL, "--format", "json")
		r.want(t, 2)
		if !strings.Contains(r.out, `"kind": "config-app-key"`) {
			t.Errorf("json:\n%s", r.out)
		}
	})
	t.Run("no metrics_read", func(t *testing.T) {
		in := usageIntake(t, sendertest.WithoutPermission("metrics_read"))
		usageCLI(t, usageEnv(), "usage", file, "--api-url", in.URL).want(t, 1, "403 Forbidden", "Metrics Read permission (metrics_read)", "DD_APP_KEY")
	})
	t.Run("no usage_read", func(t *testing.T) {
		in := usageIntake(t, sendertest.WithoutPermission("usage_read"))
		r := usageCLI(t, usageEnv(), "usage", file, "--api-url", in.URL)
		r.want(t, 0, "warning: the account's custom metrics could not be read", "usage_read", `{"x-rk-tui":{"profile":{"tag_values":{"env":3}}}}`)
	})
	t.Run("bad flags", func(t *testing.T) {
		usageCLI(t, usageEnv(), "usage", file, "--retries", "11").want(t, 2, "--retries is 11")
		usageCLI(t, usageEnv(), "usage", file, "--site", "datadog.co").want(t, 2, "not a Datadog site")
	})
	t.Run("invalid template", func(t *testing.T) {
		bad := filepath.Join(t.TempDir(), "bad.json")
		if err := os.WriteFile(bad, []byte(`{"aug": `), 0o600); err != nil {
			t.Fatal(err)
		}
		usageCLI(t, usageEnv(), "usage", bad).want(t, 1, "json-syntax")
	})
}

// What the template and the account say reaches the terminal escaped.
func TestUsageEscapesControlCharacters(t *testing.T) {
	// The template is clean (validate refuses control characters in a
	// template); what the account answers is hostile.
	file := filepath.Join(t.TempDir(), "exposure.json")
	if err := os.WriteFile(file, []byte(presetJSON(t, "exposure-counter")), 0o600); err != nil {
		t.Fatal(err)
	}
	in := sendertest.NewIntake(t)
	in.SetMetric("feature.exposure.count", sendertest.MetricState{Tags: []string{"environment:\x1b]52;c;eA==\x07", "k\x1b[2J:v"}, Indexed: 2})
	r := usageCLI(t, usageEnv(), "usage", file, "--api-url", in.URL)
	r.want(t, 0, "feature.exposure.count")
	for _, stream := range []string{r.out, r.err} {
		for i := 0; i < len(stream); i++ {
			if c := stream[i]; (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
				t.Fatalf("byte %#x reaches the terminal at %d:\n%q", c, i, stream)
			}
		}
	}
}
