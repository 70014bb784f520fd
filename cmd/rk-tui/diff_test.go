package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rk-tui/rk-tui/internal/golden"
)

// repo is a git repository made for a test.
type repo struct {
	t   *testing.T
	dir string
}

func newRepo(t *testing.T) *repo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	r := &repo{t: t, dir: t.TempDir()}
	r.git("init", "-q", "-b", "main")
	r.git("config", "user.email", "ci@example.com")
	r.git("config", "user.name", "CI")
	r.git("config", "commit.gpgsign", "false")
	return r
}

func (r *repo) git(args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", append([]string{"-C", r.dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (r *repo) write(name, content string) string {
	r.t.Helper()
	p := filepath.Join(r.dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		r.t.Fatal(err)
	}
	return p
}

func (r *repo) commit(msg string) {
	r.t.Helper()
	r.git("add", "-A")
	r.git("commit", "-q", "-m", msg)
}

func (r *repo) path(name string) string { return filepath.Join(r.dir, name) }

// checkoutTemplate is a template with one API metric tagged with tags and
// a profile (raw JSON, "" for none).
func checkoutTemplate(tags, profile string) string {
	ext := ""
	if profile != "" {
		ext = `"x-rk-tui": {"profile": ` + profile + `}`
	}
	return strings.Replace(previewTemplate(ext), `"tags": ["status:success", "service:database"]`, `"tags": [`+tags+`]`, 1)
}

func runDiff(t *testing.T, args ...string) cliResult {
	t.Helper()
	return cliRun(t, cliOpts{}, append([]string{"diff"}, args...)...)
}

// The held-out case: a template gains a user_id tag. The diff says the
// increase, flags the unbounded tag, and a 10% budget fails the build.
func TestDiffTemplateGainsUserID(t *testing.T) {
	r := newRepo(t)
	r.write("templates/checkout.json", checkoutTemplate(`"status:success", "service:database"`, `{"hosts": 3, "tag_values": {"status": 2, "service": 3}}`))
	r.write("templates/README.md", "not a template")
	r.write("package.json", `{"name": "shop"}`)
	r.commit("checkout metrics")
	r.write("templates/checkout.json", checkoutTemplate(`"status:success", "service:database", "user_id:42"`, `{"hosts": 3, "tag_values": {"status": 2, "service": 3}}`))

	md := runDiff(t, "--git", "HEAD", r.dir, "--format", "markdown", "--max-increase", "10%")
	if md.code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", md.code, md.out, md.err)
	}
	first, _, _ := strings.Cut(md.out, "\n")
	// 2 statuses × 3 services = 6 custom metrics through the API; a user
	// id, counted as 1,000 values, makes them 6,000.
	for _, want := range []string{"❌ **Custom metrics cost review:** +5,994 custom metrics (+99,900%)", "1 budget breached"} {
		if !strings.Contains(first, want) {
			t.Errorf("the summary line %q lacks %q", first, want)
		}
	}
	for _, want := range []string{
		"| `templates/checkout.json` | `service.request.count` | changed: tag user\\_id added | 6 | 6,000 | +5,994 |",
		"`unbounded-tag`: tag key \"user\\_id\" (metric \"service.request.count\") looks unbounded",
		"- ❌ `max_increase (total)`: custom metrics grow by 5,994 (+99,900%), past the 10% allowed",
	} {
		if !strings.Contains(md.out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.out)
		}
	}
	if !strings.Contains(md.err, "rk-tui: over budget: max_increase (total): custom metrics grow by 5,994") {
		t.Errorf("stderr: %s", md.err)
	}
	golden.Assert(t, filepath.Join("testdata", "diff-user-id.md"), md.out)

	js := runDiff(t, "--git", "HEAD", r.dir, "--format", "json", "--max-increase", "10%")
	if js.code != 1 {
		t.Fatalf("json: exit %d\n%s", js.code, js.err)
	}
	golden.Assert(t, filepath.Join("testdata", "diff-user-id.json"), js.out)
	var v struct {
		Summary struct {
			Change  float64 `json:"custom_metrics_change"`
			Percent float64 `json:"custom_metrics_change_percent"`
			Grows   bool    `json:"grows"`
		} `json:"summary"`
		Findings []struct{ Code string }    `json:"findings"`
		Budgets  []struct{ Setting string } `json:"budgets"`
		Within   bool                       `json:"within_budget"`
	}
	if err := json.Unmarshal([]byte(js.out), &v); err != nil {
		t.Fatal(err)
	}
	if v.Summary.Change != 5994 || v.Summary.Percent != 99900 || !v.Summary.Grows || v.Within ||
		len(v.Budgets) != 1 || v.Budgets[0].Setting != "max_increase" || len(v.Findings) != 1 || v.Findings[0].Code != "unbounded-tag" {
		t.Errorf("json %+v", v)
	}

	// Without a budget nothing fails.
	if plain := runDiff(t, "--git", "HEAD", r.dir); plain.code != 0 || !strings.Contains(plain.out, "Cost review: +5,994 custom metrics") {
		t.Errorf("no budget: exit %d\n%s%s", plain.code, plain.out, plain.err)
	}
	// Once committed, the second commit against the first says the same;
	// against itself, nothing.
	r.commit("track users")
	if again := runDiff(t, "--git", "HEAD~1", r.dir, "--format", "markdown", "--max-increase", "10%"); again.code != 1 || again.out != md.out {
		t.Errorf("HEAD~1: exit %d\n%s", again.code, again.out)
	}
	if same := runDiff(t, "--git", "HEAD", filepath.Join(r.dir, "templates")); same.code != 0 || !strings.Contains(same.out, "no change in custom metrics or cost (estimates); 0 of 1 template changed") {
		t.Errorf("HEAD: exit %d\n%s", same.code, same.out)
	}
}

// Every budget, breached and not, through flags and the repository's
// settings file; exit 1 with a line per breach, 0 within budget.
func TestDiffBudgets(t *testing.T) {
	r := newRepo(t)
	profile := `{"hosts": 3, "existing": 100, "tag_values": {"status": 2, "service": 3}}`
	r.write("checkout.json", checkoutTemplate(`"status:success", "service:database"`, profile))
	r.commit("one")
	// region ×5: 6 → 30 custom metrics (+24, +400%); the account of 3 Pro
	// hosts (300) with 100 existing: 106 → 130 used (35.3% → 43.3%); no
	// overage, so $0.00 either side.
	r.write("checkout.json", checkoutTemplate(`"status:success", "service:database", "region:eu"`, strings.Replace(profile, `"service": 3`, `"service": 3, "region": 5`, 1)))
	tests := []struct {
		name   string
		args   []string
		config string
		code   int
		breach string
	}{
		{"custom metrics, breached", []string{"--max-custom-metrics", "29"}, "", 1, "max_custom_metrics (total): 30 custom metrics, over the 29 allowed (limit: --max-custom-metrics)"},
		{"custom metrics, within", []string{"--max-custom-metrics", "30"}, "", 0, ""},
		{"monthly cost, within", []string{"--max-monthly-cost", "0"}, "", 0, ""},
		{"monthly cost, breached", []string{"--max-monthly-cost", "1", "--existing", "300"}, "", 1, "max_monthly_cost (total): $1.50 a month, over the $1.00 allowed"},
		{"increase in percent, breached", []string{"--max-increase", "399%"}, "", 1, "custom metrics grow by 24 (+400%), past the 399% allowed"},
		{"increase in percent, within", []string{"--max-increase", "400%"}, "", 0, ""},
		{"increase in custom metrics, breached", []string{"--max-increase", "23"}, "", 1, "custom metrics grow by 24, past the 23 allowed"},
		{"increase in custom metrics, within", []string{"--max-increase", "24"}, "", 0, ""},
		{"increase in dollars, breached", []string{"--max-increase", "$1", "--existing", "300"}, "", 1, "the monthly cost grows by $1.20, past the $1.00 allowed"},
		{"increase in dollars, within", []string{"--max-increase", "$1.20", "--existing", "300"}, "", 0, ""},
		{"share, breached", []string{"--max-share", "40%"}, "", 1, "max_share (total): 43.3% of the allotment, over the 40% allowed"},
		{"share, within", []string{"--max-share", "0.5"}, "", 0, ""},
		{"repository budget, breached", nil, `{"budget": {"max_increase": "10%"}}`, 1, "max_increase (total): custom metrics grow by 24 (+400%), past the 10% allowed (limit: budget.max_increase in " + r.path(".rk-tui.json") + ")"},
		{"a flag replaces the repository's budget", []string{"--max-increase", "500%"}, `{"budget": {"max_increase": "10%"}}`, 0, ""},
		{"repository account settings", []string{"--max-monthly-cost", "1"}, `{"profile": {"existing": 300}}`, 1, "$1.50 a month"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := r.path(".rk-tui.json")
			os.Remove(cfg)
			if tt.config != "" {
				r.write(".rk-tui.json", tt.config)
			}
			res := runDiff(t, append([]string{"--git", "HEAD", r.dir}, tt.args...)...)
			if res.code != tt.code {
				t.Fatalf("exit %d, want %d\n%s%s", res.code, tt.code, res.out, res.err)
			}
			if tt.breach == "" && strings.Contains(res.err, "over budget") || tt.breach != "" && !strings.Contains(res.err, tt.breach) {
				t.Errorf("stderr %q, want %q", res.err, tt.breach)
			}
		})
	}
	os.Remove(r.path(".rk-tui.json"))

	// A template's own budget applies to it alone.
	r.write("checkout.json", checkoutTemplate(`"status:success", "service:database", "region:eu"`,
		`{"hosts": 3, "existing": 100, "tag_values": {"status": 2, "service": 3, "region": 5}, "budget": {"max_custom_metrics": 20}}`))
	res := runDiff(t, "--git", "HEAD", r.dir)
	if res.code != 1 || !strings.Contains(res.err, "max_custom_metrics (checkout.json's own budget): 30 custom metrics, over the 20 allowed (limit: x-rk-tui.profile.budget.max_custom_metrics in checkout.json)") {
		t.Errorf("own budget: exit %d %q", res.code, res.err)
	}
}

func TestDiffOnlyIncrease(t *testing.T) {
	r := newRepo(t)
	r.write("a.json", checkoutTemplate(`"status:success", "service:database"`, `{"tag_values": {"status": 2}}`))
	r.commit("one")
	// Fewer tag values: nothing grows; --only-increase prints nothing.
	r.write("a.json", checkoutTemplate(`"status:success"`, ""))
	res := runDiff(t, "--git", "HEAD", r.dir, "--only-increase", "--format", "markdown")
	if res.code != 0 || res.out != "" {
		t.Errorf("shrinking: exit %d, stdout %q", res.code, res.out)
	}
	if full := runDiff(t, "--git", "HEAD", r.dir); !strings.Contains(full.out, "Cost review: -1 custom metrics (-50%)") {
		t.Errorf("without --only-increase the change is shown:\n%s", full.out)
	}
	r.write("a.json", checkoutTemplate(`"status:success", "service:database", "region:eu", "region:us"`, `{"tag_values": {"status": 2}}`))
	if res := runDiff(t, "--git", "HEAD", r.dir, "--only-increase"); res.code != 0 || !strings.Contains(res.out, "+2 custom metrics (+100%)") {
		t.Errorf("growing: exit %d\n%s", res.code, res.out)
	}
	// Shrinking but over a budget: the check fails, so the review says why.
	r.write("a.json", checkoutTemplate(`"status:success"`, ""))
	res = runDiff(t, "--git", "HEAD", r.dir, "--only-increase", "--format", "markdown", "--max-custom-metrics", "0")
	if res.code != 1 || !strings.Contains(res.out, "1 budget breached") || !strings.Contains(res.err, "max_custom_metrics") {
		t.Errorf("shrinking over a budget: exit %d, stdout %q, stderr %q", res.code, res.out, res.err)
	}
}

// Files and directories, metrics added, removed and renamed, templates
// added and removed.
func TestDiffFilesAndDirectories(t *testing.T) {
	dir := t.TempDir()
	oldT := cliFile(t, dir, "old.json", checkoutTemplate(`"status:success"`, ""))
	newT := cliFile(t, dir, "new.json", checkoutTemplate(`"status:success", "status:failure"`, ""))
	res := runDiff(t, oldT, newT, "--format", "json")
	if res.code != 0 {
		t.Fatalf("files: exit %d %s", res.code, res.err)
	}
	var v struct {
		Templates []struct {
			Path    string
			Change  string
			Metrics []struct {
				Name, Change string
				Details      []string
			}
		}
	}
	if err := json.Unmarshal([]byte(res.out), &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Templates) != 1 || v.Templates[0].Path != newT || v.Templates[0].Change != "changed" ||
		strings.Join(v.Templates[0].Metrics[0].Details, ";") != "tag values of status" {
		t.Errorf("files: %+v", v)
	}

	oldDir, newDir := filepath.Join(dir, "old"), filepath.Join(dir, "new")
	withMeta := func(name, meta string) string {
		return strings.Replace(strings.Replace(previewTemplate(`"x-rk-tui": {"metrics": {"`+name+`": `+meta+`}}`), "service.request.count", name, 1), `"type": "count"`, `"type": "rate"`, 1)
	}
	cliFile(t, mkdir(t, oldDir), "kept.json", withMeta("checkout.calls", `{"interval": 10, "unit": "request"}`))
	cliFile(t, oldDir, "gone.json", checkoutTemplate(`"env:prod"`, ""))
	cliFile(t, mkdir(t, newDir), "kept.json", withMeta("checkout.requests", `{"interval": 10, "unit": "request"}`))
	cliFile(t, newDir, "fresh.json", checkoutTemplate(`"env:prod"`, ""))
	res = runDiff(t, oldDir, newDir)
	if res.code != 0 {
		t.Fatalf("dirs: exit %d %s", res.code, res.err)
	}
	for _, want := range []string{"fresh.json", "added", "gone.json", "removed", "renamed from checkout.calls"} {
		if !strings.Contains(res.out, want) {
			t.Errorf("dirs: output lacks %q:\n%s", want, res.out)
		}
	}
}

func mkdir(t *testing.T, dir string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestDiffErrors(t *testing.T) {
	r := newRepo(t)
	r.write("a.json", checkoutTemplate(`"status:success"`, ""))
	r.commit("one")
	file := r.path("a.json")
	notRepo := t.TempDir()
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"one argument", []string{file}, 2, "diff compares OLD and NEW"},
		{"file and directory", []string{file, r.dir}, 2, "both be files or both be directories"},
		{"unknown revision", []string{"--git", "nope", r.dir}, 2, "--git nope is not a revision"},
		{"not a repository", []string{"--git", "HEAD", notRepo}, 2, "git rev-parse --show-toplevel: fatal: not a git repository"},
		{"bad increase", []string{"--git", "HEAD", r.dir, "--max-increase", "lots"}, 2, `"lots" is not an increase`},
		{"bad share", []string{"--git", "HEAD", r.dir, "--max-share", "-3%"}, 2, "is not a share of the allotment"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := runDiff(t, tt.args...)
			if res.code != tt.code || !strings.Contains(res.err, tt.want) {
				t.Errorf("exit %d %q, want %d and %q", res.code, res.err, tt.code, tt.want)
			}
		})
	}
	// A new version with validation errors is compared as far as it can be
	// read, and fails the build.
	r.write("a.json", strings.Replace(checkoutTemplate(`"status:success"`, ""), `"type": "count"`, `"type": "counter"`, 1))
	if res := runDiff(t, "--git", "HEAD", r.dir); res.code != 1 || !strings.Contains(res.err, "error [metric-type]") {
		t.Errorf("invalid new version: exit %d %q", res.code, res.err)
	}
	// A bad settings file is named with its line.
	r.write(".rk-tui.json", "{\n  \"budget\": {\"max_share\": true}\n}")
	if res := runDiff(t, "--git", "HEAD", r.dir); res.code != 2 || !strings.Contains(res.err, ".rk-tui.json:2:27: budget.max_share is true") {
		t.Errorf("bad settings: exit %d %q", res.code, res.err)
	}
}

// The example workflow passes the changed files: removed ones, and files
// that are not templates, among them.
func TestDiffChangedFileList(t *testing.T) {
	r := newRepo(t)
	r.write("templates/a.json", checkoutTemplate(`"status:success"`, ""))
	r.write("templates/b.json", checkoutTemplate(`"status:success"`, ""))
	r.write("package.json", `{"name": "shop"}`)
	r.commit("one")
	if err := os.Remove(r.path("templates/b.json")); err != nil {
		t.Fatal(err)
	}
	r.write("templates/a.json", checkoutTemplate(`"status:success", "region:eu"`, `{"tag_values": {"region": 4}}`))
	r.write("package.json", `{"name": "shop", "version": "2"}`)
	res := runDiff(t, "--git", "HEAD", r.path("templates/a.json"), r.path("templates/b.json"), r.path("package.json"), "--format", "json")
	if res.code != 0 {
		t.Fatalf("exit %d %s", res.code, res.err)
	}
	var v struct {
		Templates []struct{ Path, Change string }
	}
	if err := json.Unmarshal([]byte(res.out), &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Templates) != 2 || v.Templates[0].Path != "templates/a.json" || v.Templates[0].Change != "changed" ||
		v.Templates[1].Path != "templates/b.json" || v.Templates[1].Change != "removed" {
		t.Errorf("templates %+v", v.Templates)
	}
}

// An old version that cannot be parsed counts as absent, and says where it
// breaks.
func TestDiffUnreadableOldVersion(t *testing.T) {
	r := newRepo(t)
	r.write("a.json", "{\n  \"aug\": {,\n}")
	r.commit("broken")
	r.write("a.json", checkoutTemplate(`"status:success"`, ""))
	res := runDiff(t, "--git", "HEAD", r.dir, "--format", "json")
	if res.code != 0 || !strings.Contains(res.err, "rk-tui: a.json:2:11: the old version cannot be read (malformed JSON") ||
		!strings.Contains(res.out, `"change": "added"`) {
		t.Errorf("exit %d %q\n%s", res.code, res.err, res.out)
	}
}
