package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// validateRepo is a repository of templates: a (3 hosts through the Agent
// × 2 statuses = 6 custom metrics) and more/b (the API, no host, 3
// services = 3), 9 in all; the account is 2 Pro hosts (200) with 150
// existing: 159 of 200, 79.5%. Files that are not templates and hidden
// directories are left out.
func validateRepo(t *testing.T, config string) string {
	t.Helper()
	root := t.TempDir()
	if config != "" {
		cliFile(t, root, ".rk-tui.json", config)
	}
	cliFile(t, root, "a.json", previewStatsdTemplate(`"x-rk-tui": {"profile": {"hosts": 3, "tag_values": {"status": 2}}}`))
	cliFile(t, mkdir(t, filepath.Join(root, "more")), "b.json", previewTemplate(`"x-rk-tui": {"profile": {"tag_values": {"service": 3}}}`))
	cliFile(t, root, "package.json", `{"name": "not a template"}`)
	cliFile(t, mkdir(t, filepath.Join(root, ".git")), "c.json", "{")
	return root
}

const validateAccount = `{"profile": {"account_hosts": 3, "existing": 150}}`

func TestValidateDirectory(t *testing.T) {
	root := validateRepo(t, validateAccount)
	r := cli(t, "validate", root)
	a, b := filepath.Join(root, "a.json"), filepath.Join(root, "more", "b.json")
	if r.code != 0 || r.err != "" || !strings.Contains(r.out, a+": valid") || !strings.Contains(r.out, b+": valid") {
		t.Fatalf("exit %d\n%s%s", r.code, r.out, r.err)
	}
	if strings.Contains(r.out, "package.json") || strings.Contains(r.out, "c.json") {
		t.Errorf("a file that is not a template, or in a hidden directory, is left out:\n%s", r.out)
	}
	empty := t.TempDir()
	cliFile(t, empty, "package.json", `{"name": "shop"}`)
	if r := cli(t, "validate", empty); r.code != 2 || !strings.Contains(r.err, empty+" holds no template") {
		t.Errorf("no template: exit %d %q", r.code, r.err)
	}
}

// The templates given are one account: their total against the budgets of
// the flags and of .rk-tui.json, each template against its own.
func TestValidateBudgets(t *testing.T) {
	tests := []struct {
		name   string
		config string
		args   []string
		code   int
		breach string
	}{
		{"no budget", validateAccount, nil, 0, ""},
		{"custom metrics, within", validateAccount, []string{"--max-custom-metrics", "9"}, 0, ""},
		{"custom metrics, breached", validateAccount, []string{"--max-custom-metrics", "8"},
			1, "rk-tui: over budget: max_custom_metrics (total): 9 custom metrics, over the 8 allowed (limit: --max-custom-metrics)\n"},
		{"share, within", validateAccount, []string{"--max-share", "53%"}, 0, ""},
		{"share, breached", validateAccount, []string{"--max-share", "0.52"},
			1, "rk-tui: over budget: max_share (total): 53% of the allotment, over the 52% allowed (limit: --max-share)\n"},
		// 159 of 300: no overage, so $0.00. With 300 existing the account
		// is over already: all 9 are overage, 9 × $5 / 100 = $0.45.
		{"cost, within", validateAccount, []string{"--max-monthly-cost", "0"}, 0, ""},
		{"cost at the limit", validateAccount, []string{"--max-monthly-cost", "0.45", "--existing", "300"}, 0, ""},
		{"cost, breached", validateAccount, []string{"--max-monthly-cost", "0.44", "--existing", "300"},
			1, "rk-tui: over budget: max_monthly_cost (total): $0.45 a month, over the $0.44 allowed (limit: --max-monthly-cost)\n"},
		{"the repository's budget", `{"profile": {"account_hosts": 3, "existing": 150}, "budget": {"max_custom_metrics": 5}}`, nil,
			1, "rk-tui: over budget: max_custom_metrics (total): 9 custom metrics, over the 5 allowed (limit: budget.max_custom_metrics in ROOT/.rk-tui.json)\n"},
		{"a flag over the repository's budget", `{"budget": {"max_custom_metrics": 5}}`, []string{"--max-custom-metrics", "10"}, 0, ""},
		// --hosts 4: a 4 × 2 = 8, b 3 (no host): 11.
		{"profile flags count", validateAccount, []string{"--max-custom-metrics", "9", "--hosts", "4"},
			1, "rk-tui: over budget: max_custom_metrics (total): 11 custom metrics, over the 9 allowed (limit: --max-custom-metrics)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := validateRepo(t, tt.config)
			r := cli(t, append([]string{"validate", root}, tt.args...)...)
			tt.breach = strings.ReplaceAll(tt.breach, "ROOT", root)
			if r.code != tt.code || r.err != tt.breach {
				t.Errorf("exit %d, stderr %q; want %d, %q", r.code, r.err, tt.code, tt.breach)
			}
			if !strings.Contains(r.out, filepath.Join(root, "a.json")+": valid") {
				t.Errorf("the findings are written all the same:\n%s", r.out)
			}
		})
	}
}

func TestValidateOwnBudgetAndJSON(t *testing.T) {
	root := validateRepo(t, validateAccount)
	own := cliFile(t, root, "own.json", previewStatsdTemplate(`"x-rk-tui": {"profile": {"hosts": 3, "budget": {"max_custom_metrics": 2}}}`))
	r := cli(t, "validate", root, "--format", "json", "--max-custom-metrics", "10")
	var v struct {
		Files   []struct{ File string }
		Budgets []map[string]string
		Summary map[string]any
	}
	if err := json.Unmarshal([]byte(r.out), &v); err != nil {
		t.Fatalf("%v\n%s", err, r.out)
	}
	// a 6, b 3, own 3 hosts × 1 = 3: 12 in all, over the 10 allowed; own's
	// 3 over its own 2.
	want := []map[string]string{
		{"scope": "", "setting": "max_custom_metrics", "message": "12 custom metrics, over the 10 allowed"},
		{"scope": own, "setting": "max_custom_metrics", "message": "3 custom metrics, over the 2 allowed"},
	}
	if r.code != 1 || len(v.Files) != 3 || len(v.Budgets) != 2 || v.Summary["valid"] != true || v.Summary["within_budget"] != false {
		t.Fatalf("exit %d %+v\n%s", r.code, v, r.err)
	}
	for i := range want {
		for k, w := range want[i] {
			if v.Budgets[i][k] != w {
				t.Errorf("budgets[%d].%s = %q, want %q", i, k, v.Budgets[i][k], w)
			}
		}
	}
	if !strings.Contains(r.err, "rk-tui: over budget: max_custom_metrics ("+own+"'s own budget): 3 custom metrics, over the 2 allowed (limit: x-rk-tui.profile.budget.max_custom_metrics in "+own+")\n") {
		t.Errorf("stderr %q", r.err)
	}
	within := cli(t, "validate", filepath.Join(root, "a.json"), "--format", "json")
	if within.code != 0 || !strings.Contains(within.out, `"budgets": []`) || !strings.Contains(within.out, `"within_budget": true`) {
		t.Errorf("within budget: exit %d\n%s", within.code, within.out)
	}
}

// Validate's own failure decides the exit status; the breaches are still
// said.
func TestValidateExitWinsOverBudgets(t *testing.T) {
	root := validateRepo(t, validateAccount)
	bad := cliFile(t, root, "bad.json", strings.Replace(previewTemplate(""), `"type": "count"`, `"type": "counter"`, 1))
	r := cli(t, "validate", root, "--max-custom-metrics", "1")
	if r.code != 1 || !strings.Contains(r.out, bad+": 1 error") || !strings.Contains(r.err, "rk-tui: over budget: max_custom_metrics") {
		t.Errorf("invalid and over budget: exit %d\n%s%s", r.code, r.out, r.err)
	}
	missing := filepath.Join(root, "missing.json")
	r = cli(t, "validate", root, missing, "--max-custom-metrics", "1")
	if r.code != 2 || !strings.Contains(r.err, missing) || !strings.Contains(r.err, "over budget") {
		t.Errorf("unreadable and over budget: exit %d %q", r.code, r.err)
	}
}

// A bad cost setting is a finding of its file, placed like any other; a
// bad flag or .rk-tui.json is a usage error.
func TestValidateCostSettings(t *testing.T) {
	dir := t.TempDir()
	f := cliFile(t, dir, "t.json", previewTemplate("\"x-rk-tui\": {\"profile\": {\n    \"hosts\": \"three\"}}"))
	r := cli(t, "validate", f)
	want := f + ":12:14: error [cost-setting] profile.hosts is \"three\"; it must be a whole number, 1 or more, without quotes (e.g. 3)\n" +
		"    at x-rk-tui.profile.hosts\n" + f + ": 1 error, 2 warnings\n"
	if r.code != 1 || !strings.Contains(r.out, want) {
		t.Errorf("exit %d\n%s\nwant\n%s", r.code, r.out, want)
	}
	sc := cliFile(t, dir, "s.json", previewTemplate(`"x-rk-tui": {"scenario": {"host_groups": [{"hosts": 0}]}}`))
	if r := cli(t, "validate", sc); r.code != 1 || !strings.Contains(r.out, "error [cost-setting] scenario.host_groups.0.hosts") {
		t.Errorf("scenario: exit %d\n%s", r.code, r.out)
	}
	ok := cliFile(t, dir, "ok.json", previewTemplate(""))
	if r := cli(t, "validate", ok, "--plan", "gold"); r.code != 2 || !strings.Contains(r.err, `--plan: plan is "gold"`) {
		t.Errorf("bad flag: exit %d %q", r.code, r.err)
	}
	cliFile(t, dir, ".rk-tui.json", "{\"profile\": {\"hots\": 4}}")
	if r := cli(t, "validate", ok); r.code != 2 || !strings.Contains(r.err, ".rk-tui.json:1:22: profile.hots is not a setting here") {
		t.Errorf("bad settings file: exit %d %q", r.code, r.err)
	}
}

// A budget in the repository's profile is every template's own: the line
// says both places it may come from.
func TestValidateRepositoryProfileBudget(t *testing.T) {
	root := validateRepo(t, `{"profile": {"budget": {"max_custom_metrics": 4}}}`)
	a := filepath.Join(root, "a.json")
	r := cli(t, "validate", root)
	want := "rk-tui: over budget: max_custom_metrics (" + a + "'s own budget): 6 custom metrics, over the 4 allowed (limit: x-rk-tui.profile.budget.max_custom_metrics in " +
		a + " or, for every template, profile.budget.max_custom_metrics in " + filepath.Join(root, ".rk-tui.json") + ")\n"
	if r.code != 1 || r.err != want {
		t.Errorf("exit %d\n%q\nwant\n%q", r.code, r.err, want)
	}
}

// In a directory, a link to a template is a template; a FIFO or a dangling
// link named like one is reported (never opened, never skipped unseen); a
// link to a directory is not walked.
func TestValidateDirectoryLinksAndSpecialFiles(t *testing.T) {
	root := validateRepo(t, validateAccount)
	a := filepath.Join(root, "a.json")
	link := filepath.Join(root, "linked.json")
	if err := os.Symlink(a, link); err != nil {
		t.Skipf("symlink: %v", err)
	}
	if err := os.Symlink(filepath.Join(root, "more"), filepath.Join(root, "more-link")); err != nil {
		t.Fatal(err)
	}
	r := cli(t, "validate", root)
	if r.code != 0 || !strings.Contains(r.out, link+": valid") || strings.Contains(r.out, "more-link") {
		t.Fatalf("a link to a template: exit %d\n%s%s", r.code, r.out, r.err)
	}

	fifo := filepath.Join(root, "pipe.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	dangling := filepath.Join(root, "gone.json")
	if err := os.Symlink(filepath.Join(root, "nowhere.json"), dangling); err != nil {
		t.Fatal(err)
	}
	r = cli(t, "validate", root)
	if r.code == 0 || !strings.Contains(r.err, fifo) || !strings.Contains(r.err, "FIFO") || !strings.Contains(r.err, dangling) {
		t.Fatalf("a FIFO and a dangling link named like templates: exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.out, r.err)
	}
	if !strings.Contains(r.out, a+": valid") {
		t.Errorf("the templates are still checked:\n%s", r.out)
	}
}
