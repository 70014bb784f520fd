package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// previewTemplate is the seed's service.request.count with extra top-level
// members (raw JSON) appended.
func previewTemplate(extra string) string {
	if extra != "" {
		extra = ",\n  " + extra
	}
	return `{
  "aug": {
    "location": {"name": "file_line", "filename": null, "lineno": null, "sha256": null},
    "action": {"name": "script", "operations": [{"name": "set", "paths": {"store.rookout.frame": "frame.dump()"}}]}
  },
  "processing": {"operations": [
    {"name": "datadog", "api_key": "<YOUR-API-KEY>", "metrics": [
      {"metric": "service.request.count", "points": ["store.rookout.frame.locals.count"], "tags": ["status:success", "service:database"], "type": "count"}
    ]}
  ]}` + extra + `
}`
}

// previewStatsdTemplate is previewTemplate with the metric sent through a
// DogStatsD agent, which tags each point with its host: the seed's own
// case (each host submits its series).
func previewStatsdTemplate(extra string) string {
	return strings.Replace(previewTemplate(extra), `{"name": "datadog", "api_key": "<YOUR-API-KEY>", "metrics": [
      {"metric": "service.request.count", "points": ["store.rookout.frame.locals.count"], "tags": ["status:success", "service:database"], "type": "count"}
    ]}`, `{"name": "dogstatsd", "action": "increment", "metric": "service.request.count", "value": {"name": "calc", "path": "1"}, "tags": ["status:success", "service:database"], "target": {"host": "localhost", "port": 8125}}`, 1)
}

const seedScenarioFile = `{"host_groups": [
  {"hosts": 1, "tags": {"status": ["success", "failure"], "service": ["database", "api", "webserver"]}},
  {"hosts": 1, "tags": {"status": ["success"], "service": ["database", "api", "webserver"]}},
  {"hosts": 1, "tags": {"status": ["success", "failure"], "service": ["database", "webserver"]}}
]}`

// runPreview runs "rk-tui preview ARGS" with stdin and an empty environment.
func runPreview(t *testing.T, stdin string, args ...string) cliResult {
	t.Helper()
	return cliRun(t, cliOpts{stdin: stdin}, append([]string{"preview"}, args...)...)
}

// previewJSON runs with --format json and decodes the result.
func previewJSON(t *testing.T, args ...string) map[string]any {
	t.Helper()
	r := runPreview(t, "", append(args, "--format", "json")...)
	if r.code != 0 {
		t.Fatalf("exit %d\nstderr: %s", r.code, r.err)
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(r.out), &v); err != nil {
		t.Fatalf("%v\n%s", err, r.out)
	}
	return v
}

func warningCodes(v map[string]any) []string {
	var out []string
	for _, w := range v["warnings"].([]any) {
		out = append(out, w.(map[string]any)["code"].(string))
	}
	return out
}

func TestPreviewText(t *testing.T) {
	dir := t.TempDir()
	file := cliFile(t, dir, "t.json", previewTemplate(`"x-rk-tui": {"profile": {"hosts": 3, "tag_values": {"status": 2, "service": 3}}}`))
	r := runPreview(t, "", file)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	for _, want := range []string{
		"Custom metrics preview: " + file,
		"service.request.count  count       6      3       6  1       6",
		"carry no host",
		"Allotment       300  3 hosts × 100, pro plan",
		"Monthly cost    $0.00",
		"indexed_price_per_100",
	} {
		if !strings.Contains(r.out, want) {
			t.Errorf("output lacks %q:\n%s", want, r.out)
		}
	}
	if strings.Contains(r.out, "\x1b[") {
		t.Error("colour on a stream that is not a terminal")
	}
	if r.err != "" {
		t.Errorf("stderr: %s", r.err)
	}
}

func TestPreviewColourOnATerminal(t *testing.T) {
	file := cliFile(t, t.TempDir(), "t.json", previewTemplate(""))
	for _, tt := range []struct {
		noColor string
		want    bool
	}{{"", true}, {"1", false}} {
		var out bytes.Buffer
		s := &Streams{In: strings.NewReader(""), Out: &out, Err: &bytes.Buffer{}, OutTTY: true,
			Getenv: func(k string) string {
				if k == "NO_COLOR" {
					return tt.noColor
				}
				return ""
			}}
		if code := run(context.Background(), []string{"preview", file}, s); code != 0 {
			t.Fatalf("exit %d", code)
		}
		if got := strings.Contains(out.String(), "\x1b["); got != tt.want {
			t.Errorf("NO_COLOR=%q: colour %v, want %v", tt.noColor, got, tt.want)
		}
	}
}

func TestPreviewFormats(t *testing.T) {
	file := cliFile(t, t.TempDir(), "t.json", previewTemplate(""))
	md := runPreview(t, "", file, "--format", "markdown")
	if md.code != 0 || !strings.Contains(md.out, "| `service.request.count` | count | 1 | 1 | 1 | 1 | 1 |") {
		t.Errorf("markdown (exit %d):\n%s%s", md.code, md.out, md.err)
	}
	v := previewJSON(t, file)
	if v["custom_metrics"].(float64) != 1 || v["allotment"].(float64) != 100 {
		// status and service have one value each in the template.
		t.Errorf("json: %v", v)
	}
	bad := runPreview(t, "", file, "--format", "yaml")
	if bad.code != 2 || !strings.Contains(bad.err, `--format "yaml"`) {
		t.Errorf("bad format: exit %d %s", bad.code, bad.err)
	}
}

func TestPreviewSeedScenarioFile(t *testing.T) {
	dir := t.TempDir()
	file := cliFile(t, dir, "t.json", previewStatsdTemplate(""))
	scen := cliFile(t, dir, "hosts.json", seedScenarioFile)
	v := previewJSON(t, file, "--scenario", scen)
	m := v["metrics"].([]any)[0].(map[string]any)
	if m["tag_combinations"].(float64) != 6 || m["hosts"].(float64) != 3 || m["series"].(float64) != 13 || v["custom_metrics"].(float64) != 13 {
		t.Errorf("seed example: %v", v)
	}
	v = previewJSON(t, file, "--scenario", scen, "--no-host-tag")
	if v["custom_metrics"].(float64) != 6 {
		t.Errorf("without host tag: %v", v["custom_metrics"])
	}
	// Through the API the points carry no host: the three hosts share the 6
	// series, unless the host tag is asked for.
	api := cliFile(t, dir, "api.json", previewTemplate(""))
	if v := previewJSON(t, api, "--scenario", scen); v["custom_metrics"].(float64) != 6 || v["host_tag"] != "route" {
		t.Errorf("api route: %v %v", v["custom_metrics"], v["host_tag"])
	}
	if v := previewJSON(t, api, "--scenario", scen, "--no-host-tag=false"); v["custom_metrics"].(float64) != 13 || v["host_tag"] != "on" {
		t.Errorf("api route with the host tag: %v %v", v["custom_metrics"], v["host_tag"])
	}
}

func TestPreviewScenarioInTheFile(t *testing.T) {
	dir := t.TempDir()
	file := cliFile(t, dir, "t.json", previewStatsdTemplate(`"x-rk-tui": {"scenario": `+seedScenarioFile+`}`))
	if v := previewJSON(t, file); v["custom_metrics"].(float64) != 13 {
		t.Errorf("file scenario: %v", v["custom_metrics"])
	}
	// --hosts wins over the file's scenario, and says so.
	r := runPreview(t, "", file, "--hosts", "5", "--format", "json")
	if r.code != 0 || !strings.Contains(r.err, "x-rk-tui.scenario is not used") || !strings.Contains(r.out, `"custom_metrics": 5`) {
		t.Errorf("exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	// --scenario replaces the file's.
	other := cliFile(t, dir, "one.json", `{"host_groups": [{"hosts": 2}]}`)
	if v := previewJSON(t, file, "--scenario", other); v["custom_metrics"].(float64) != 2 {
		t.Errorf("--scenario over the file's: %v", v["custom_metrics"])
	}
}

func TestPreviewFlagsOverrideTheProfile(t *testing.T) {
	file := cliFile(t, t.TempDir(), "t.json", previewTemplate(`"x-rk-tui": {"profile": {
    "hosts": 3, "host_tag": true, "plan": "pro", "allotment_per_host": 50, "existing": 10, "price_per_100": 5,
    "active_hours": 73, "tag_values": {"status": 2, "service": 3}, "percentiles": false}}`))
	tests := []struct {
		name  string
		args  []string
		key   string
		want  float64
		codes []string
	}{
		{"file values", nil, "custom_metrics", 18, nil},
		{"file values: prorated", nil, "billable_custom_metrics", 1.8, nil},
		{"file allotment per host", nil, "allotment", 150, nil},
		{"--hosts", []string{"--hosts", "10"}, "custom_metrics", 60, nil},
		{"--tag-values merges per key", []string{"--tag-values", "status=5"}, "custom_metrics", 45, nil},
		{"--tag-values repeated", []string{"--tag-values", "status=1", "--tag-values", "Service=1"}, "custom_metrics", 3, nil},
		{"--active-hours", []string{"--active-hours", "730"}, "billable_custom_metrics", 18, []string{"allotment-share"}},
		{"--existing", []string{"--existing", "149", "--active-hours", "730"}, "overage", 17, []string{"allotment-share", "overage"}},
		{"--price-per-100", []string{"--existing", "1000", "--price-per-100", "10", "--active-hours", "730"}, "monthly_cost_usd", 1.8, []string{"allotment-share", "overage"}},
		{"--plan wins over the file's allotment", []string{"--plan", "enterprise"}, "allotment", 600, nil},
		{"--allotment-per-host", []string{"--allotment-per-host", "7"}, "allotment", 21, nil},
		{"--allotment-per-host and a full month", []string{"--allotment-per-host", "7", "--active-hours", "730"}, "allotment", 21, []string{"allotment-share", "overage"}},
		{"--account-hosts", []string{"--account-hosts", "40"}, "allotment", 2000, nil},
		{"--no-host-tag", []string{"--no-host-tag"}, "custom_metrics", 6, nil},
		{"--no-host-tag=false", []string{"--no-host-tag=false"}, "custom_metrics", 18, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := previewJSON(t, append([]string{file}, tt.args...)...)
			if got := v[tt.key].(float64); got != tt.want {
				t.Errorf("%s = %v, want %v", tt.key, got, tt.want)
			}
			if got := warningCodes(v); strings.Join(got, ",") != strings.Join(tt.codes, ",") {
				t.Errorf("warnings %v, want %v", got, tt.codes)
			}
		})
	}
}

func TestPreviewTypeFlags(t *testing.T) {
	tmpl := strings.Replace(previewTemplate(""), `{"name": "datadog", "api_key": "<YOUR-API-KEY>", "metrics": [
      {"metric": "service.request.count", "points": ["store.rookout.frame.locals.count"], "tags": ["status:success", "service:database"], "type": "count"}
    ]}`, `{"name": "dogstatsd", "action": "histogram", "metric": "a.h", "value": "x.y", "target": {"host": "localhost", "port": 8125}},
    {"name": "dogstatsd", "action": "distribution", "metric": "a.d", "value": "x.y", "target": {"host": "localhost", "port": 8125}}`, 1)
	file := cliFile(t, t.TempDir(), "t.json", tmpl)
	if v := previewJSON(t, file); v["custom_metrics"].(float64) != 10 {
		t.Errorf("defaults: %v", v["custom_metrics"])
	}
	if v := previewJSON(t, file, "--histogram-aggregates", "7", "--percentiles"); v["custom_metrics"].(float64) != 17 {
		t.Errorf("flags: %v", v["custom_metrics"])
	}
}

func TestPreviewBadFlags(t *testing.T) {
	file := cliFile(t, t.TempDir(), "t.json", previewTemplate(""))
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--hosts", "0"}, `invalid argument "0" for "--hosts" flag: give a whole number, 1 or more`},
		{[]string{"--hosts", "-3"}, `"--hosts" flag`},
		{[]string{"--account-hosts", "many"}, `"--account-hosts" flag`},
		{[]string{"--existing", "1.5"}, `"--existing" flag`},
		{[]string{"--price-per-100", "-1"}, `"--price-per-100" flag: give a number, 0 or more`},
		{[]string{"--price-per-100", "1e308"}, `"--price-per-100" flag: give a price in USD of at most 1000000`},
		{[]string{"--hosts", "99999999999999999999"}, `"--hosts" flag: the largest accepted value is 18446744073709551615`},
		{[]string{"--tag-values", "user_id=99999999999999999999"}, `the largest accepted number of values is 18446744073709551615`},
		{[]string{"--active-hours", "NaN"}, `"--active-hours" flag`},
		{[]string{"--active-hours", "731"}, `--active-hours: active_hours is 731, more than the 730 hours of the month`},
		{[]string{"--tag-values", "status"}, `"status" is not key=N`},
		{[]string{"--tag-values", "status=0"}, `the number of values of status must be a whole number, 1 or more`},
		{[]string{"--tag-values", "=3"}, `"=3" is not key=N`},
		{[]string{"--plan", "gold"}, `--plan: plan is "gold"; it must be "pro" (100 custom metrics per host) or "enterprise" (200); for another allotment, set --allotment-per-host`},
		{[]string{"--histogram-aggregates", "0"}, `"--histogram-aggregates" flag`},
		{[]string{"--allotment-per-host", "0"}, `"--allotment-per-host" flag`},
		{[]string{"--scenario", "missing.json"}, `--scenario: missing.json: no such file`},
		{[]string{"--hosts", "2", "--scenario", "x.json"}, `--hosts and --scenario both say how many hosts`},
		{[]string{"--bogus"}, `unknown flag: --bogus`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := runPreview(t, "", append([]string{file}, tt.args...)...)
			if r.code != 2 || !strings.Contains(r.err, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", r.code, r.err, tt.want)
			}
			if r.out != "" {
				t.Errorf("stdout on a usage error: %s", r.out)
			}
		})
	}
	if r := runPreview(t, ""); r.code != 2 || !strings.Contains(r.err, "accepts 1 arg") {
		t.Errorf("no file: exit %d %s", r.code, r.err)
	}
}

func TestPreviewBadScenarioFile(t *testing.T) {
	dir := t.TempDir()
	file := cliFile(t, dir, "t.json", previewTemplate(""))
	tests := []struct {
		name, content, want string
	}{
		{"malformed", "{\"host_groups\": [\n  {\"hosts\": 1,}\n]}", "bad.json:2:15: malformed JSON"},
		{"empty", "  ", "bad.json:1:1: the file is empty"},
		{"not an object", `[1]`, "bad.json:1:1: is [1]; a scenario is an object"},
		{"no groups", `{"host_groups": []}`, "bad.json:1:17: host_groups is []"},
		{"bad hosts", "{\"host_groups\": [\n {\"hosts\": 1},\n {\"hosts\": \"two\"}]}", `bad.json:3:12: host_groups.1.hosts is "two"; it must be a whole number`},
		{"bad value", `{"host_groups": [{"tags": {"status": ["ok", 3]}}]}`, "host_groups.0.tags.status.1 is 3; a tag value is a string"},
		{"zero count", `{"host_groups": [{"tags": {"status": 0}}]}`, "host_groups.0.tags.status is 0"},
		{"duplicate value", `{"host_groups": [{"tags": {"status": ["OK", "ok"]}}]}`, "host_groups.0.tags.status.1 is the same value as item 0"},
		{"unknown key", `{"host_groups": [{"host": 2}]}`, "host_groups.0.host is not a setting here"},
		{"unknown top key", `{"groups": []}`, "groups is not a scenario setting"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			scen := cliFile(t, dir, "bad.json", tt.content)
			r := runPreview(t, "", file, "--scenario", scen)
			if r.code != 2 || !strings.Contains(r.err, "--scenario "+scen) || !strings.Contains(r.err, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", r.code, r.err, tt.want)
			}
		})
	}
}

func TestPreviewBadProfileInTheFile(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		profile, want string
	}{
		{`{"hosts": "3"}`, `:11:37: x-rk-tui.profile.hosts is "3"; it must be a whole number, 1 or more, without quotes (e.g. 3); fix it in the file or override it with --hosts`},
		{`{"plan": "gold"}`, `x-rk-tui.profile.plan is "gold"; it must be "pro"`},
		{`{"hosts": 2, "hots": 3}`, `x-rk-tui.profile.hots is not a setting here; the settings are account_hosts,`},
		{`{"tag_values": {"status": 0}}`, `x-rk-tui.profile.tag_values.status is 0`},
		{`{"active_hours": 900}`, `x-rk-tui.profile.active_hours is 900, more than the 730 hours`},
		{`{"host_tag": "yes"}`, `x-rk-tui.profile.host_tag is "yes"; it must be true or false`},
		{`[3]`, `x-rk-tui.profile is [3]; it must be an object`},
	}
	for _, tt := range tests {
		t.Run(tt.profile, func(t *testing.T) {
			file := cliFile(t, dir, "t.json", previewTemplate(`"x-rk-tui": {"profile": `+tt.profile+`}`))
			r := runPreview(t, "", file)
			if r.code != 2 || !strings.Contains(r.err, file+":") || !strings.Contains(r.err, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", r.code, r.err, tt.want)
			}
		})
	}
	// A bad scenario inside the file names its line and path.
	file := cliFile(t, dir, "t.json", previewTemplate(`"x-rk-tui": {"scenario": {"host_groups": [{"hosts": 0}]}}`))
	r := runPreview(t, "", file)
	if r.code != 2 || !strings.Contains(r.err, file+":11:55: x-rk-tui.scenario.host_groups.0.hosts is 0") {
		t.Errorf("exit %d, stderr %q", r.code, r.err)
	}
}

func TestPreviewUnreadableTemplate(t *testing.T) {
	dir := t.TempDir()
	bad := cliFile(t, dir, "bad.json", "{\n  \"aug\": {,\n}")
	r := runPreview(t, "", bad)
	if r.code != 1 || !strings.Contains(r.err, bad+":2:11: error [json-syntax] malformed JSON") {
		t.Errorf("malformed: exit %d %q", r.code, r.err)
	}
	r = runPreview(t, "", filepath.Join(dir, "nope.json"))
	if r.code != 2 || !strings.Contains(r.err, "no such file") {
		t.Errorf("missing: exit %d %q", r.code, r.err)
	}
	// A directory is previewed as one account; its malformed template is
	// named and makes the exit status 1.
	r = runPreview(t, "", dir)
	if r.code != 1 || !strings.Contains(r.err, bad+":2:11: error [json-syntax] malformed JSON") {
		t.Errorf("directory: exit %d %q", r.code, r.err)
	}
	if r = runPreview(t, "", t.TempDir()); r.code != 2 || !strings.Contains(r.err, "holds no template") {
		t.Errorf("empty directory: exit %d %q", r.code, r.err)
	}
}

func TestPreviewStdin(t *testing.T) {
	r := runPreview(t, previewTemplate(""), "-", "--format", "markdown")
	if r.code != 0 || !strings.Contains(r.out, "### Custom metrics preview: `<stdin>`") {
		t.Errorf("exit %d\n%s%s", r.code, r.out, r.err)
	}
	r = runPreview(t, previewTemplate(""), "-", "--scenario", "-")
	if r.code != 2 || !strings.Contains(r.err, "cannot both be standard input") {
		t.Errorf("exit %d %s", r.code, r.err)
	}
}

// An invalid template whose metrics can be read is previewed, says so in
// the output, lists its errors on stderr and exits 1.
func TestPreviewInvalidTemplate(t *testing.T) {
	tmpl := strings.Replace(previewTemplate(""), `"type": "count"`, `"type": "counter"`, 1)
	file := cliFile(t, t.TempDir(), "t.json", tmpl)
	r := runPreview(t, "", file, "--format", "json")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s", r.code, r.err)
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(r.out), &v); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, r.out)
	}
	if codes := warningCodes(v); len(codes) < 1 || codes[0] != "template-invalid" {
		t.Errorf("warnings %v", codes)
	}
	if !strings.Contains(r.err, file+":8:147: error [metric-type]") {
		t.Errorf("stderr: %s", r.err)
	}
	// No metric at all: nothing to preview.
	empty := cliFile(t, t.TempDir(), "e.json", `{"processing": {"operations": []}}`)
	r = runPreview(t, "", empty)
	if r.code != 1 || r.out != "" || !strings.Contains(r.err, "no datadog or dogstatsd metric to preview") {
		t.Errorf("empty: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
}

func TestPreviewDisableAfterTime(t *testing.T) {
	dir := t.TempDir()
	past := cliFile(t, dir, "past.json", strings.Replace(previewTemplate(""), `"action":`, `"globalDisableAfterTime": "2020-01-01T00:00:00Z", "action":`, 1))
	v := previewJSON(t, past)
	if v["billable_custom_metrics"].(float64) != 0 || strings.Join(warningCodes(v), ",") != "inactive" {
		t.Errorf("past: %v", v)
	}
	// --active-hours wins over the derived value.
	if v := previewJSON(t, past, "--active-hours", "730"); v["billable_custom_metrics"].(float64) != 1 {
		t.Errorf("override: %v", v)
	}
	future := cliFile(t, dir, "future.json", strings.Replace(previewTemplate(""), `"action":`, `"globalDisableAfterTime": "2999-01-01T00:00:00Z", "action":`, 1))
	r := runPreview(t, "", future)
	if r.code != 0 || !strings.Contains(r.out, "Active hours    730 of 730") || !strings.Contains(r.out, "globalDisableAfterTime 2999-01-01T00:00:00Z is over a month away") {
		t.Errorf("future: exit %d\n%s", r.code, r.out)
	}
}

func TestPreviewHugeNumbers(t *testing.T) {
	file := cliFile(t, t.TempDir(), "t.json", previewStatsdTemplate(""))
	r := runPreview(t, "", file, "--hosts", "1000000000", "--tag-values", "status=1000000000,service=1000000000", "--format", "json")
	if r.code != 0 || !strings.Contains(r.out, `"custom_metrics": 1000000000000000000000000000`) {
		t.Errorf("exit %d\n%s%s", r.code, r.out, r.err)
	}
	r = runPreview(t, "", file, "--hosts", "18446744073709551615", "--tag-values", "status=18446744073709551615")
	// (2^64−1)² series: shown rounded, never wrapped or negative.
	if r.code != 0 || !strings.Contains(r.out, "Custom metrics  ~3.40e+38") {
		t.Errorf("exit %d\n%s%s", r.code, r.out, r.err)
	}
}

// The JSON report says which plan, prices, hours and model the figures
// assume, after the flags.
func TestPreviewJSONCarriesTheSettings(t *testing.T) {
	file := cliFile(t, t.TempDir(), "t.json", previewTemplate(`"x-rk-tui": {"profile": {"price_per_100": 4}}`))
	v := previewJSON(t, file)
	prices := v["prices"].(map[string]any)
	if v["billing_model"] != "timeseries" || v["plan"] != "pro" || v["allotment_per_host"].(float64) != 100 ||
		v["active_hours"].(float64) != 730 || v["hours_in_month"].(float64) != 730 ||
		prices["indexed_per_100"].(float64) != 4 || prices["indexed_assumed"] != false || prices["ingested_per_100"].(float64) != 0.1 {
		t.Errorf("file settings: %v", v)
	}
	v = previewJSON(t, file, "--plan", "enterprise", "--price-per-100", "6", "--ingested-price-per-100", "0.2", "--active-hours", "168")
	prices = v["prices"].(map[string]any)
	if v["plan"] != "enterprise" || v["allotment_per_host"].(float64) != 200 || v["active_hours"].(float64) != 168 ||
		prices["indexed_per_100"].(float64) != 6 || prices["ingested_per_100"].(float64) != 0.2 {
		t.Errorf("flags: %v", v)
	}
	if v := previewJSON(t, file, "--allotment-per-host", "150"); v["plan"] != nil || v["allotment_per_host"].(float64) != 150 {
		t.Errorf("a custom allotment has no plan: %v %v", v["plan"], v["allotment_per_host"])
	}
	v = previewJSON(t, file, "--billing-model", "metric_name", "--hits-per-second", "1", "--price-per-metric-name", "0.3")
	mn, _ := v["metric_name"].(map[string]any)
	if v["billing_model"] != "metric_name" || mn == nil || mn["billable_metric_names"].(float64) != 1 ||
		mn["indexed_datapoints"].(float64) != 2628000 || v["monthly_cost_usd"].(float64) != 0.3 || v["indexed_cost_usd"] != nil {
		t.Errorf("metric_name: %v", v)
	}
	r := runPreview(t, "", file, "--billing-model", "per_host")
	if r.code != 2 || !strings.Contains(r.err, `--billing-model: billing_model is "per_host"; it must be "timeseries"`) {
		t.Errorf("bad model: exit %d %s", r.code, r.err)
	}
}

// Budgets: a line on stderr per breached one, exit 1; the report is still
// written.
func TestPreviewBudgets(t *testing.T) {
	dir := t.TempDir()
	file := cliFile(t, dir, "t.json", previewStatsdTemplate(`"x-rk-tui": {"profile": {"hosts": 3, "tag_values": {"status": 2, "service": 3}}}`))
	// 18 custom metrics of a 300 allotment: 6%; no overage.
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--max-custom-metrics", "17"}, 1, "rk-tui: over budget: max_custom_metrics (total): 18 custom metrics, over the 17 allowed"},
		{[]string{"--max-custom-metrics", "18"}, 0, ""},
		{[]string{"--max-share", "5%"}, 1, "max_share (total): 6% of the allotment, over the 5% allowed"},
		{[]string{"--max-share", "6%"}, 0, ""},
		{[]string{"--max-monthly-cost", "0.5", "--existing", "300"}, 1, "max_monthly_cost (total): $0.90 a month, over the $0.50 allowed"},
		{[]string{"--max-monthly-cost", "0.9", "--existing", "300"}, 0, ""},
	} {
		r := runPreview(t, "", append([]string{file}, tt.args...)...)
		if r.code != tt.code || (tt.want == "") != (r.err == "") || !strings.Contains(r.err, tt.want) {
			t.Errorf("%v: exit %d %q, want %d %q", tt.args, r.code, r.err, tt.code, tt.want)
		}
		if !strings.Contains(r.out, "Custom metrics  18") {
			t.Errorf("%v: the report is written:\n%s", tt.args, r.out)
		}
	}
	if r := runPreview(t, "", file, "--max-increase", "10%"); r.code != 2 || !strings.Contains(r.err, "unknown flag: --max-increase") {
		t.Errorf("preview has no increase to check: exit %d %q", r.code, r.err)
	}
	// The template's own budget.
	own := cliFile(t, dir, "own.json", previewStatsdTemplate(`"x-rk-tui": {"profile": {"hosts": 3, "budget": {"max_custom_metrics": 2}}}`))
	if r := runPreview(t, "", own); r.code != 1 || !strings.Contains(r.err, "own.json's own budget): 3 custom metrics, over the 2 allowed") {
		t.Errorf("own budget: exit %d %q", r.code, r.err)
	}
	bad := cliFile(t, dir, "bad.json", previewStatsdTemplate(`"x-rk-tui": {"profile": {"budget": {"max_share": "most"}}}`))
	if r := runPreview(t, "", bad); r.code != 2 || !strings.Contains(r.err, `x-rk-tui.profile.budget.max_share is "most"`) {
		t.Errorf("bad budget: exit %d %q", r.code, r.err)
	}
}

// The repository's .rk-tui.json, found by walking up, is each template's
// base profile and budget.
func TestPreviewRepositorySettings(t *testing.T) {
	root := t.TempDir()
	cliFile(t, root, ".rk-tui.json", `{"profile": {"hosts": 4, "plan": "enterprise"}, "budget": {"max_custom_metrics": 3}}`)
	sub := filepath.Join(root, "templates", "shop")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	file := cliFile(t, sub, "t.json", previewStatsdTemplate(""))
	r := runPreview(t, "", file, "--format", "json")
	var v map[string]any
	if err := json.Unmarshal([]byte(r.out), &v); err != nil {
		t.Fatal(err)
	}
	if r.code != 1 || v["custom_metrics"].(float64) != 4 || v["allotment"].(float64) != 800 || !strings.Contains(r.err, "4 custom metrics, over the 3 allowed") {
		t.Errorf("exit %d %q: %v %v", r.code, r.err, v["custom_metrics"], v["allotment"])
	}
	// The template's own profile wins over the repository's; flags win over both.
	file = cliFile(t, sub, "t.json", previewStatsdTemplate(`"x-rk-tui": {"profile": {"hosts": 2}}`))
	if v := previewJSON(t, file, "--max-custom-metrics", "10"); v["custom_metrics"].(float64) != 2 || v["plan"] != "enterprise" {
		t.Errorf("template over repository: %v %v", v["custom_metrics"], v["plan"])
	}
	cliFile(t, root, ".rk-tui.json", "{\"profile\": {\"hots\": 4}}")
	if r := runPreview(t, "", file); r.code != 2 || !strings.Contains(r.err, ".rk-tui.json:1:22: profile.hots is not a setting here") {
		t.Errorf("bad settings file: exit %d %q", r.code, r.err)
	}
}

// A directory is previewed as one account: a row per template, their sum
// against one allotment.
func TestPreviewDirectoryAsOneAccount(t *testing.T) {
	root := t.TempDir()
	cliFile(t, root, ".rk-tui.json", `{"profile": {"account_hosts": 2, "existing": 150}, "budget": {"max_share": "90%"}}`)
	cliFile(t, root, "a.json", previewStatsdTemplate(`"x-rk-tui": {"profile": {"hosts": 2, "tag_values": {"status": 2}}}`))
	cliFile(t, mkdir(t, filepath.Join(root, "more")), "b.json", previewTemplate(`"x-rk-tui": {"profile": {"tag_values": {"service": 3}}}`))
	cliFile(t, root, "package.json", `{"name": "not a template"}`)
	cliFile(t, mkdir(t, filepath.Join(root, ".git")), "c.json", previewTemplate(""))
	r := runPreview(t, "", root)
	// a: 2 hosts × 2 = 4 through the Agent; b: 3 through the API; 7 of the
	// 2 × 100 allotment with 150 existing: 78.5%.
	if r.code != 0 {
		t.Fatalf("exit %d\n%s%s", r.code, r.out, r.err)
	}
	for _, want := range []string{"2 templates as one account", "a.json", "more/b.json", "Total", "Allotment                      200 (2 hosts × 100, pro)", "78.5%"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("text lacks %q:\n%s", want, r.out)
		}
	}
	if strings.Contains(r.out, "package.json") || strings.Contains(r.out, "c.json") {
		t.Errorf("non-templates and hidden directories are left out:\n%s", r.out)
	}
	var v struct {
		Templates []struct {
			Name          string  `json:"name"`
			CustomMetrics float64 `json:"custom_metrics"`
		} `json:"templates"`
		CustomMetrics float64 `json:"custom_metrics"`
		Allotment     float64 `json:"allotment"`
		Budgets       []any   `json:"budgets"`
	}
	js := runPreview(t, "", root, "--format", "json", "--max-share", "75%")
	if err := json.Unmarshal([]byte(js.out), &v); err != nil {
		t.Fatal(err)
	}
	if js.code != 1 || len(v.Templates) != 2 || v.CustomMetrics != 7 || v.Allotment != 200 || len(v.Budgets) != 1 || !strings.Contains(js.err, "78.5% of the allotment, over the 75% allowed") {
		t.Errorf("json: exit %d %q %+v", js.code, js.err, v)
	}
	md := runPreview(t, "", root, "--format", "markdown")
	if !strings.Contains(md.out, "| **Total** | 7 |") {
		t.Errorf("markdown:\n%s", md.out)
	}
	if r := runPreview(t, "", root, "--scenario", "x.json"); r.code != 2 || !strings.Contains(r.err, "give a file, not a directory") {
		t.Errorf("--scenario with a directory: exit %d %q", r.code, r.err)
	}
}

func TestPreviewUnboundedTagValues(t *testing.T) {
	file := cliFile(t, t.TempDir(), "t.json", checkoutTemplate(`"user_id:1"`, ""))
	if v := previewJSON(t, file); v["custom_metrics"].(float64) != 1000 {
		t.Errorf("default: %v", v["custom_metrics"])
	}
	if v := previewJSON(t, file, "--unbounded-tag-values", "40"); v["custom_metrics"].(float64) != 40 {
		t.Errorf("flag: %v", v["custom_metrics"])
	}
	if v := previewJSON(t, file, "--unbounded-tag-values", "40", "--tag-values", "user_id=7"); v["custom_metrics"].(float64) != 7 {
		t.Errorf("--tag-values wins: %v", v["custom_metrics"])
	}
}
