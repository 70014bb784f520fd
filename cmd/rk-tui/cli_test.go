package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rk-tui/rk-tui/template"
)

// cliOpts shape one run of the command line.
type cliOpts struct {
	stdin  string
	env    map[string]string
	outTTY bool
}

type cliResult struct {
	code     int
	out, err string
}

func cliRun(t *testing.T, o cliOpts, args ...string) cliResult {
	t.Helper()
	var out, errb bytes.Buffer
	s := &Streams{
		In: strings.NewReader(o.stdin), Out: &out, Err: &errb, OutTTY: o.outTTY,
		Getenv: func(k string) string { return o.env[k] },
	}
	code := run(context.Background(), args, s)
	return cliResult{code, out.String(), errb.String()}
}

func cli(t *testing.T, args ...string) cliResult {
	t.Helper()
	return cliRun(t, cliOpts{}, args...)
}

func cliFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func presetJSON(t *testing.T, name string) string {
	t.Helper()
	p, err := template.PresetByName(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(template.Build(p.Spec).Bytes())
}

// Templates for the command tests: no findings, warnings only, errors.
const cliLiteralKey = "0123456789abcdef0123456789abcdef"

func cliClean(t *testing.T) string { return presetJSON(t, "method-calls") }

func cliWarnings(t *testing.T) string { return presetJSON(t, "exposure-counter") } // the placeholder key

func cliErrors(t *testing.T) string {
	return strings.Replace(presetJSON(t, "gauge-variable"), `"type": "gauge"`, `"type": "histogram"`, 1)
}

func TestValidateExitCodes(t *testing.T) {
	dir := t.TempDir()
	clean := cliFile(t, dir, "clean.json", cliClean(t))
	warn := cliFile(t, dir, "warn.json", cliWarnings(t))
	bad := cliFile(t, dir, "bad.json", cliErrors(t))
	broken := cliFile(t, dir, "broken.json", "{\n  \"aug\": {,\n}")
	missing := filepath.Join(dir, "missing.json")
	big := cliFile(t, dir, "big.json", `{}`+strings.Repeat(" ", template.MaxSize))
	tests := []struct {
		name  string
		stdin string
		args  []string
		code  int
		out   []string // parts of stdout
		err   []string // parts of stderr
	}{
		{"clean", "", []string{clean}, 0, []string{clean + ": valid\n"}, nil},
		{"warnings only", "", []string{warn}, 0, []string{"warning [api-key-placeholder]", warn + ": valid, 1 warning"}, nil},
		{"errors", "", []string{bad}, 1, []string{bad + ":", ": error [metric-type] type is \"histogram\"", "at processing.operations.0.metrics.0.type", bad + ": 1 error, 1 warning"}, nil},
		{"malformed JSON", "", []string{broken}, 1, []string{broken + ":2:11: error [json-syntax] malformed JSON"}, nil},
		{"missing file", "", []string{missing}, 2, nil, []string{"rk-tui: " + missing + ": no such file"}},
		{"directory: its templates", "", []string{dir}, 2, []string{clean + ": valid", bad + ": 1 error", broken + ":2:11: error [json-syntax]"}, []string{big + ": the input is 10.0 MiB", "files over 10 MiB are refused"}},
		{"over 10 MiB", "", []string{big}, 2, nil, []string{"files over 10 MiB are refused"}},
		{"several clean", "", []string{clean, warn}, 0, []string{clean + ": valid", warn + ": valid, 1 warning"}, nil},
		{"several, one with errors", "", []string{clean, bad, warn}, 1, []string{clean + ": valid", bad + ": 1 error", warn + ": valid"}, nil},
		{"several, one unreadable", "", []string{bad, missing}, 2, []string{bad + ": 1 error"}, []string{"no such file"}},
		{"stdin", cliErrors(t), []string{"-"}, 1, []string{"<stdin>:", "<stdin>: 1 error"}, nil},
		{"stdin clean", cliClean(t), []string{"-"}, 0, []string{"<stdin>: valid"}, nil},
		{"no file", "", nil, 2, nil, []string{"requires at least 1 arg", "--help"}},
		{"bad format", "", []string{"--format", "yaml", clean}, 2, nil, []string{`--format "yaml" is not one of text, json`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cliRun(t, cliOpts{stdin: tt.stdin}, append([]string{"validate"}, tt.args...)...)
			if r.code != tt.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tt.code, r.out, r.err)
			}
			for _, s := range tt.out {
				if !strings.Contains(r.out, s) {
					t.Errorf("stdout lacks %q:\n%s", s, r.out)
				}
			}
			for _, s := range tt.err {
				if !strings.Contains(r.err, s) {
					t.Errorf("stderr lacks %q:\n%s", s, r.err)
				}
			}
			if strings.Contains(r.out+r.err, "\x1b[") {
				t.Error("escape codes without a terminal")
			}
		})
	}
}

// TestValidateTextLine pins the layout of one finding.
func TestValidateTextLine(t *testing.T) {
	dir := t.TempDir()
	src := strings.Replace(cliClean(t), `"metric": "app.method.calls"`, `"metric": "app.method-calls"`, 1)
	f := cliFile(t, dir, "t.json", src)
	d, fs := template.Load([]byte(src))
	if d == nil || len(fs) != 1 {
		t.Fatalf("findings %+v", fs)
	}
	r := cli(t, "validate", f)
	want := f + ":" + itoa(fs[0].Line) + ":" + itoa(fs[0].Column) + ": error [metric-name-chars] " + fs[0].Message + "\n" +
		"    at processing.operations.0.metric\n" +
		"    → Datadog stores app.method_calls\n" +
		f + ": 1 error, 0 warnings\n"
	if r.code != 1 || r.out != want {
		t.Errorf("exit %d\n%s\nwant\n%s", r.code, r.out, want)
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestValidateJSON(t *testing.T) {
	dir := t.TempDir()
	clean := cliFile(t, dir, "clean.json", cliClean(t))
	bad := cliFile(t, dir, "bad.json", strings.Replace(cliErrors(t), `"queue:orders"`, `"Queue:Orders"`, 1))
	missing := filepath.Join(dir, "missing.json")
	r := cli(t, "validate", "--format", "json", clean, bad)
	if r.code != 1 || r.err != "" {
		t.Fatalf("exit %d stderr %s", r.code, r.err)
	}
	files := decodeReport(t, r.out)
	if len(files) != 2 || files[0]["file"] != clean || files[1]["file"] != bad {
		t.Fatalf("files %v", files)
	}
	if fs := files[0]["findings"].([]any); len(fs) != 0 {
		t.Errorf("clean file findings %v", fs)
	}
	fs := files[1]["findings"].([]any)
	var codes []string
	for _, f := range fs {
		codes = append(codes, f.(map[string]any)["code"].(string))
	}
	sort.Strings(codes)
	if strings.Join(codes, ",") != "api-key-placeholder,metric-type,tag-case" {
		t.Errorf("codes %v", codes)
	}
	for _, f := range fs {
		m := f.(map[string]any)
		if m["code"] == "metric-type" && (m["severity"] != "error" || m["path"] != "processing.operations.0.metrics.0.type" || m["line"].(float64) < 1) {
			t.Errorf("metric-type finding %v", m)
		}
		if m["code"] == "tag-case" && m["rewrite"] != "queue:orders" {
			t.Errorf("tag-case finding %v", m)
		}
	}

	// An unreadable file is listed with its error and no findings; exit 2.
	r = cli(t, "validate", "--format", "json", clean, missing)
	if r.code != 2 {
		t.Errorf("exit %d", r.code)
	}
	files = decodeReport(t, r.out)
	if len(files) != 2 || !strings.Contains(files[1]["error"].(string), "no such file") || len(files[1]["findings"].([]any)) != 0 {
		t.Errorf("unreadable file entry %v", files[1])
	}

	// Malformed JSON is a finding with line and column.
	broken := cliFile(t, dir, "broken.json", "{\n\n  \"a\": tru\n}")
	r = cli(t, "validate", "--format", "json", broken)
	files = decodeReport(t, r.out)
	f0 := files[0]["findings"].([]any)[0].(map[string]any)
	if r.code != 1 || f0["code"] != "json-syntax" || f0["line"].(float64) != 3 || f0["column"].(float64) != 11 || f0["path"] != "" {
		t.Errorf("exit %d finding %v", r.code, f0)
	}
}

// decodeReport checks the exact shape of validate's JSON and returns its
// files: {"files":[{"file","findings":[{"severity","code","path","line",
// "column","message"}]}]}, plus "rewrite" on a finding whose name or tag
// Datadog would rewrite and "error" on a file that could not be read.
func decodeReport(t *testing.T, out string) []map[string]any {
	t.Helper()
	var top map[string]any
	if err := json.Unmarshal([]byte(out), &top); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(top) != 3 || top["files"] == nil || top["budgets"] == nil || top["summary"] == nil {
		t.Fatalf("top-level keys %v", keysOf(top))
	}
	var files []map[string]any
	for _, f := range top["files"].([]any) {
		fm := f.(map[string]any)
		if _, ok := fm["file"].(string); !ok {
			t.Errorf("file without a name: %v", fm)
		}
		findings, ok := fm["findings"].([]any)
		if !ok {
			t.Errorf("findings is not a list: %v", fm)
		}
		for k := range fm {
			if k != "file" && k != "findings" && !(k == "error" && len(findings) == 0) {
				t.Errorf("file has key %q", k)
			}
		}
		for _, x := range findings {
			m := x.(map[string]any)
			for _, k := range []string{"severity", "code", "path", "message"} {
				if _, ok := m[k].(string); !ok {
					t.Errorf("finding %s is not a string: %v", k, m)
				}
			}
			for _, k := range []string{"line", "column"} {
				if n, ok := m[k].(float64); !ok || n < 1 {
					t.Errorf("finding %s is not a position: %v", k, m)
				}
			}
			if s := m["severity"]; s != "error" && s != "warning" {
				t.Errorf("severity %v", s)
			}
			extra := len(m) - 6
			if r, ok := m["rewrite"].(string); ok && r != "" {
				extra--
			}
			if extra != 0 {
				t.Errorf("finding keys %v", keysOf(m))
			}
		}
		files = append(files, fm)
	}
	return files
}

func keysOf(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func TestValidateColour(t *testing.T) {
	f := cliFile(t, t.TempDir(), "bad.json", cliErrors(t))
	tests := []struct {
		name   string
		tty    bool
		env    map[string]string
		colour bool
	}{
		{"terminal", true, nil, true},
		{"terminal with NO_COLOR", true, map[string]string{"NO_COLOR": "1"}, false},
		{"pipe", false, nil, false},
	}
	for _, tt := range tests {
		r := cliRun(t, cliOpts{outTTY: tt.tty, env: tt.env}, "validate", f)
		if r.code != 1 {
			t.Errorf("%s: exit %d", tt.name, r.code)
		}
		if got := strings.Contains(r.out, "\x1b["); got != tt.colour {
			t.Errorf("%s: escape codes %v, want %v:\n%q", tt.name, got, tt.colour, r.out)
		}
		// JSON is never coloured.
		r = cliRun(t, cliOpts{outTTY: tt.tty, env: tt.env}, "validate", "--format", "json", f)
		if strings.Contains(r.out, "\x1b[") {
			t.Errorf("%s: escape codes in JSON", tt.name)
		}
	}
}

func TestValidateNeverPrintsTheKey(t *testing.T) {
	src := strings.Replace(cliWarnings(t), template.APIKeyPlaceholder, cliLiteralKey, 1)
	f := cliFile(t, t.TempDir(), "k.json", src)
	for _, format := range []string{"text", "json"} {
		r := cli(t, "validate", "--format", format, f)
		if r.code != 0 || !strings.Contains(r.out, "api-key-literal") || !strings.Contains(r.out, template.MaskKey(cliLiteralKey)) {
			t.Errorf("%s: exit %d\n%s", format, r.code, r.out)
		}
		if strings.Contains(r.out+r.err, cliLiteralKey) {
			t.Errorf("%s: the key is printed", format)
		}
	}
}

func TestExportStdout(t *testing.T) {
	dir := t.TempDir()
	src := cliWarnings(t)
	f := cliFile(t, dir, "t.json", src)
	r := cli(t, "export", f)
	want, err := template.Export(template.MustParse([]byte(src)), template.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r.code != 0 || r.out != string(want) || r.err != "" {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	if strings.Contains(r.out, template.ExtensionKey) || !strings.Contains(src, template.ExtensionKey) {
		t.Error("x-rk-tui not stripped")
	}
	// Everything but x-rk-tui is as in the file, byte for byte.
	cut := strings.Index(src, ",\n  \""+template.ExtensionKey+"\"")
	if cut < 0 || r.out != src[:cut]+"\n}\n" {
		t.Errorf("export is not the file minus x-rk-tui:\n%s", r.out)
	}
	r = cli(t, "export", "--minify", f)
	if r.code != 0 || strings.Count(r.out, "\n") != 1 || !strings.HasSuffix(r.out, "}\n") || strings.Contains(r.out, "  ") {
		t.Errorf("minified: %q", r.out)
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(r.out), &v); err != nil {
		t.Errorf("minified export is not JSON: %v", err)
	}
	r = cliRun(t, cliOpts{stdin: src}, "export", "-")
	if r.code != 0 || r.out != string(want) {
		t.Errorf("stdin: exit %d", r.code)
	}
	if data, _ := os.ReadFile(f); string(data) != src {
		t.Error("export changed the working file")
	}
}

func TestExportToFile(t *testing.T) {
	dir := t.TempDir()
	src := cliWarnings(t)
	f := cliFile(t, dir, "t.json", src)
	out := filepath.Join(dir, "rookout.json")
	want, _ := template.Export(template.MustParse([]byte(src)), template.ExportOptions{})

	r := cli(t, "export", f, "-o", out)
	if r.code != 0 || r.out != "" || !strings.Contains(r.err, "wrote "+out) {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	assertCLIFile(t, out, string(want), 0o644)

	// An existing file is kept without --force.
	if err := os.WriteFile(out, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = cli(t, "export", f, "-o", out)
	if r.code != 2 || !strings.Contains(r.err, "--force") {
		t.Errorf("overwrite without --force: exit %d %s", r.code, r.err)
	}
	assertCLIFile(t, out, "keep me", 0o644)

	r = cli(t, "export", f, "-o", out, "--force", "--minify")
	if r.code != 0 {
		t.Fatalf("--force: exit %d %s", r.code, r.err)
	}
	assertCLIFile(t, out, string(template.Compact(want)), 0o644)

	// Atomic writes leave nothing behind.
	assertDirHolds(t, dir, "rookout.json", "t.json")
}

func TestExportInvalid(t *testing.T) {
	dir := t.TempDir()
	bad := cliFile(t, dir, "bad.json", cliErrors(t))
	out := filepath.Join(dir, "out.json")
	r := cli(t, "export", bad, "-o", out)
	if r.code != 1 || r.out != "" || !strings.Contains(r.err, "error [metric-type]") || !strings.Contains(r.err, "has 1 error: fix these errors first") {
		t.Errorf("exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	if strings.Contains(r.err, "api-key-placeholder") {
		t.Error("export lists warnings among the errors")
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("an invalid template was written")
	}
	r = cli(t, "export", bad)
	if r.code != 1 || r.out != "" {
		t.Errorf("to stdout: exit %d\n%s", r.code, r.out)
	}
	// Malformed JSON is a finding like any other (exit 1); a file that
	// cannot be read is an input error (exit 2).
	broken := cliFile(t, dir, "broken.json", "{\n  \"aug\": {,\n}")
	if r := cli(t, "export", broken); r.code != 1 || !strings.Contains(r.err, broken+":2:11: error [json-syntax] malformed JSON") {
		t.Errorf("broken: exit %d %s", r.code, r.err)
	}
	if r := cli(t, "export", filepath.Join(dir, "nope.json")); r.code != 2 || !strings.Contains(r.err, "no such file") {
		t.Errorf("missing: exit %d %s", r.code, r.err)
	}
	if r := cli(t, "export"); r.code != 2 {
		t.Errorf("no file: exit %d", r.code)
	}
	if r := cli(t, "export", bad, bad); r.code != 2 {
		t.Errorf("two files: exit %d", r.code)
	}
	assertDirHolds(t, dir, "bad.json", "broken.json")
}

func TestExportAPIKeyFromEnv(t *testing.T) {
	dir := t.TempDir()
	src := cliWarnings(t)
	f := cliFile(t, dir, "t.json", src)
	out := filepath.Join(dir, "rookout.json")
	env := map[string]string{"DD_API_KEY": cliLiteralKey}

	r := cliRun(t, cliOpts{env: env}, "export", f, "--api-key-from-env", "-o", out)
	if r.code != 0 {
		t.Fatalf("exit %d %s", r.code, r.err)
	}
	want, _ := template.Export(template.MustParse([]byte(src)), template.ExportOptions{APIKey: cliLiteralKey})
	assertCLIFile(t, out, string(want), 0o600)
	if !strings.Contains(string(want), `"api_key": "`+cliLiteralKey+`"`) {
		t.Errorf("key not in the export:\n%s", want)
	}
	if strings.Contains(r.out+r.err, cliLiteralKey) {
		t.Error("the key was printed")
	}
	if !strings.Contains(r.err, "0600") || !strings.Contains(r.err, template.MaskKey(cliLiteralKey)) {
		t.Errorf("stderr does not say the file holds the key: %s", r.err)
	}
	if data, _ := os.ReadFile(f); strings.Contains(string(data), cliLiteralKey) {
		t.Error("the key went into the working file")
	}

	// Replacing a world-readable file still ends with mode 0600.
	if err := os.Chmod(out, 0o644); err != nil {
		t.Fatal(err)
	}
	r = cliRun(t, cliOpts{env: env}, "export", f, "--api-key-from-env", "-o", out, "--force")
	if r.code != 0 {
		t.Fatalf("exit %d %s", r.code, r.err)
	}
	assertCLIFile(t, out, string(want), 0o600)

	// Not to standard output unless asked for with --show-key.
	for _, tty := range []bool{false, true} {
		r = cliRun(t, cliOpts{env: env, outTTY: tty}, "export", f, "--api-key-from-env")
		if r.code != 2 || r.out != "" || strings.Contains(r.err, cliLiteralKey) || !strings.Contains(r.err, "not written to standard output: give -o FILE") {
			t.Errorf("to stdout: exit %d\n%s\n%s", r.code, r.out, r.err)
		}
	}
	r = cliRun(t, cliOpts{env: env}, "export", f, "--api-key-from-env", "--show-key")
	if r.code != 0 || r.out != string(want) {
		t.Errorf("--show-key: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	// No key in the environment.
	other := filepath.Join(dir, "other.json")
	r = cliRun(t, cliOpts{env: map[string]string{"DD_API_KEY": "  "}}, "export", f, "--api-key-from-env", "-o", other)
	if r.code != 2 || !strings.Contains(r.err, "DD_API_KEY is not set") {
		t.Errorf("no key: exit %d %s", r.code, r.err)
	}
	if _, err := os.Stat(other); err == nil {
		t.Error("a file was written without a key")
	}
	// A DogStatsD template has no key to fill.
	statsd := cliFile(t, dir, "s.json", cliClean(t))
	r = cliRun(t, cliOpts{env: env}, "export", statsd, "--api-key-from-env", "-o", other)
	if r.code != 2 || !strings.Contains(r.err, "no datadog operation") {
		t.Errorf("dogstatsd: exit %d %s", r.code, r.err)
	}
	assertDirHolds(t, dir, "rookout.json", "s.json", "t.json")
}

func assertCLIFile(t *testing.T, path, content string, perm os.FileMode) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil || string(data) != content {
		t.Fatalf("%s = %q, %v\nwant %q", path, data, err, content)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != perm {
		t.Errorf("%s mode %v, want %v", path, st.Mode().Perm(), perm)
	}
}

func assertDirHolds(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	sort.Strings(got)
	sort.Strings(names)
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Errorf("%s holds %v, want %v", dir, got, names)
	}
}

const metadataHeader = "metric_name,metric_type,interval,unit_name,per_unit_name,description,orientation,integration,short_name"

func TestMetadata(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		src  string
		args []string
		rows []string
	}{
		{"rate with units", presetJSON(t, "request-rate"), []string{"--integration", "shop"},
			[]string{"app.requests.rate,rate,10,request,second,Requests handled per second.,1,shop,"}},
		{"count with interval", presetJSON(t, "exposure-counter"), nil,
			[]string{`feature.exposure.count,count,10,occurrence,,"Exposures of a feature flag, per environment, flag name and served value.",0,,`}},
		{"dogstatsd increment with short name", presetJSON(t, "method-calls"), nil,
			[]string{"app.method.calls,rate,10,operation,,\"Calls of the instrumented method, one per breakpoint hit.\",0,,calls"}},
		{"timing is stored as five metrics", presetJSON(t, "operation-timing"), nil, []string{
			"app.operation.duration.avg,gauge,,millisecond,,Time the operation took.,-1,,",
			"app.operation.duration.median,gauge,,millisecond,,Time the operation took.,-1,,",
			"app.operation.duration.95percentile,gauge,,millisecond,,Time the operation took.,-1,,",
			"app.operation.duration.max,gauge,,millisecond,,Time the operation took.,-1,,",
			"app.operation.duration.count,rate,10,,,Time the operation took.,-1,,"}},
		{"histogram", presetJSON(t, "batch-histogram"), []string{"--integration", "worker"}, []string{
			"worker.batch.size.avg,gauge,,item,,Records per processed batch.,0,worker,",
			"worker.batch.size.median,gauge,,item,,Records per processed batch.,0,worker,",
			"worker.batch.size.95percentile,gauge,,item,,Records per processed batch.,0,worker,",
			"worker.batch.size.max,gauge,,item,,Records per processed batch.,0,worker,",
			"worker.batch.size.count,rate,10,,,Records per processed batch.,0,worker,"}},
		{"no tool data, rate, events and repeats", string(template.Build(template.Spec{Target: template.TargetDogStatsD, Metrics: []template.MetricSpec{
			{Type: "event", Title: "Deploy", Text: "done"},
			{Name: "a.calls", Type: "increment"},
			{Name: "a.calls", Type: "decrement"},
			{Name: "a.size", Type: "distribution", Value: "store.n"},
		}}).Bytes()), nil, []string{"a.calls,rate,10,,,,0,,", "a.size,distribution,,,,,0,,"}},
		{"api rate without interval gets the default", string(template.Build(template.Spec{Target: template.TargetAPI, Metrics: []template.MetricSpec{
			{Name: "a.rate", Type: "rate", Value: "store.n"}, {Name: "a.gauge", Type: "gauge", Value: "store.n", Meta: template.MetricMeta{Interval: 30}},
		}}).Bytes()), nil, []string{"a.rate,rate,10,,,,0,,", "a.gauge,gauge,,,,,0,,"}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := cliFile(t, dir, "t"+itoa(i)+".json", tt.src)
			r := cli(t, append([]string{"metadata", f}, tt.args...)...)
			want := metadataHeader + "\n" + strings.Join(tt.rows, "\n") + "\n"
			if r.code != 0 || r.out != want {
				t.Errorf("exit %d\n%s\nwant\n%s\nstderr %s", r.code, r.out, want, r.err)
			}
			recs, err := csv.NewReader(strings.NewReader(r.out)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			for _, rec := range recs {
				if len(rec) != 9 {
					t.Errorf("row with %d columns: %v", len(rec), rec)
				}
			}
		})
	}
}

func TestMetadataErrors(t *testing.T) {
	dir := t.TempDir()
	bad := cliFile(t, dir, "bad.json", cliErrors(t))
	if r := cli(t, "metadata", bad); r.code != 1 || r.out != "" || !strings.Contains(r.err, "error [metric-type]") {
		t.Errorf("invalid: exit %d\n%s\n%s", r.code, r.out, r.err)
	}
	if r := cli(t, "metadata", filepath.Join(dir, "nope.json")); r.code != 2 || !strings.Contains(r.err, "no such file") {
		t.Errorf("missing: exit %d %s", r.code, r.err)
	}
	if r := cli(t, "metadata"); r.code != 2 {
		t.Errorf("no file: exit %d", r.code)
	}
	if r := cli(t, "metadata", bad, "--bogus"); r.code != 2 || !strings.Contains(r.err, "unknown flag") {
		t.Errorf("bad flag: exit %d %s", r.code, r.err)
	}
}

func TestNewTemplateScripted(t *testing.T) {
	dir := t.TempDir()
	for _, p := range template.Presets {
		out := filepath.Join(dir, p.Name+".json")
		r := cli(t, "new-template", "--preset", p.Name, "-o", out)
		if r.code != 0 || !strings.Contains(r.err, "wrote "+out) || r.out != "" {
			t.Fatalf("%s: exit %d\n%s\n%s", p.Name, r.code, r.out, r.err)
		}
		data, err := os.ReadFile(out)
		if err != nil || string(data) != string(template.Build(p.Spec).Bytes()) {
			t.Errorf("%s: the file is not the preset: %v", p.Name, err)
		}
		if v := cli(t, "validate", out); v.code != 0 {
			t.Errorf("%s does not validate:\n%s", p.Name, v.out)
		}
		if strings.Contains(string(data), cliLiteralKey) || (p.Spec.Target == template.TargetAPI && !strings.Contains(string(data), template.APIKeyPlaceholder)) {
			t.Errorf("%s: api key is not the placeholder", p.Name)
		}
	}
	out := filepath.Join(dir, "method-calls.json")
	if r := cli(t, "new-template", "--preset", "gauge-variable", "-o", out); r.code != 2 || !strings.Contains(r.err, "--force") {
		t.Errorf("overwrite: exit %d %s", r.code, r.err)
	}
	if r := cli(t, "new-template", "--preset", "gauge-variable", "-o", out, "--force"); r.code != 0 {
		t.Errorf("--force: exit %d %s", r.code, r.err)
	}
	r := cli(t, "new-template", "--preset", "nope", "-o", filepath.Join(dir, "x.json"))
	if r.code != 2 || !strings.Contains(r.err, `"nope"`) {
		t.Errorf("unknown preset: exit %d %s", r.code, r.err)
	}
	for _, name := range template.PresetNames() {
		if !strings.Contains(r.err, name) {
			t.Errorf("the error does not name preset %s: %s", name, r.err)
		}
	}
	for _, args := range [][]string{{"new-template"}, {"new-template", "--preset", "method-calls"}, {"new-template", "-o", filepath.Join(dir, "y.json")}} {
		r := cli(t, args...)
		if r.code != 2 || !strings.Contains(r.err, "--preset NAME -o FILE") || !strings.Contains(r.err, "validate") {
			t.Errorf("%v without a terminal: exit %d %s", args, r.code, r.err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "y.json")); err == nil {
		t.Error("a file was written without a preset")
	}
	if r := cli(t, "new-template", "extra"); r.code != 2 {
		t.Errorf("argument: exit %d", r.code)
	}
}

func TestVersion(t *testing.T) {
	r := cli(t, "version")
	if r.code != 0 || !strings.HasPrefix(r.out, "rk-tui ") || len(strings.TrimSpace(r.out)) <= len("rk-tui") || !strings.HasSuffix(r.out, "\n") {
		t.Errorf("exit %d %q", r.code, r.out)
	}
	if r := cli(t, "version", "now"); r.code != 2 {
		t.Errorf("version with an argument: exit %d", r.code)
	}
	old := version
	version = "v1.2.3"
	defer func() { version = old }()
	if r := cli(t, "version"); r.out != "rk-tui v1.2.3\n" {
		t.Errorf("ldflags version: %q", r.out)
	}
}

func TestCompletion(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish"} {
		r := cli(t, "completion", shell)
		if r.code != 0 || len(r.out) < 200 || !strings.Contains(r.out, "rk-tui") {
			t.Errorf("%s: exit %d, %d bytes", shell, r.code, len(r.out))
		}
	}
	if r := cli(t, "completion", "bash"); !strings.Contains(r.out, "bash completion") {
		t.Errorf("not a bash completion script:\n%.200s", r.out)
	}
	if r := cli(t, "completion", "cmd.exe"); r.code != 2 {
		t.Errorf("unknown shell: exit %d", r.code)
	}
}

func TestUsageErrors(t *testing.T) {
	tests := [][]string{
		{"frobnicate"},
		{"--bogus"},
		{"validate", "--bogus", "x.json"},
		{"export", "-z", "x.json"},
		{"metadata", "a.json", "b.json"},
		{"validate", "--format"},
	}
	for _, args := range tests {
		r := cli(t, args...)
		if r.code != 2 || !strings.HasPrefix(r.err, "rk-tui: ") || !strings.Contains(r.err, "--help") || r.out != "" {
			t.Errorf("%v: exit %d\nstdout %q\nstderr %q", args, r.code, r.out, r.err)
		}
	}
}

func TestHelpListsEveryCommand(t *testing.T) {
	r := cli(t, "--help")
	if r.code != 0 {
		t.Fatalf("exit %d", r.code)
	}
	want := []string{"validate", "export", "metadata", "new-template", "edit", "version", "completion"}
	for _, c := range newRootCmd(&Streams{Getenv: func(string) string { return "" }}).Commands() {
		if !c.Hidden {
			want = append(want, c.Name())
		}
	}
	for _, name := range want {
		if !strings.Contains(r.out, "\n  "+name+" ") {
			t.Errorf("--help does not list %s:\n%s", name, r.out)
		}
	}
	if !strings.Contains(r.out, "Examples:") || !strings.Contains(r.out, "rk-tui validate") {
		t.Errorf("--help has no examples:\n%s", r.out)
	}
	if r2 := cli(t); r2.code != 0 || r2.out != r.out {
		t.Errorf("no arguments: exit %d, output differs from --help", r2.code)
	}
	for _, name := range []string{"validate", "export", "metadata", "new-template", "version"} {
		r := cli(t, name, "--help")
		if r.code != 0 || !strings.Contains(r.out, "Usage:") || !strings.Contains(r.out, "Examples:") {
			t.Errorf("%s --help: exit %d\n%s", name, r.code, r.out)
		}
	}
}
