package preview

import (
	"strings"
	"testing"

	"github.com/rk-tui/rk-tui/template"
)

func TestTemplatePath(t *testing.T) {
	for rel, want := range map[string]bool{
		"checkout.json": true, "templates/shop/a.json": true, "a.JSON": false, "README.md": false,
		ConfigFile: false, "sub/" + ConfigFile: false, ".hidden.json": false, ".github/workflows/x.json": false,
		"a/.cache/b.json": false, "../outside.json": false, "./a.json": true,
	} {
		if got := TemplatePath(rel); got != want {
			t.Errorf("TemplatePath(%q) = %v, want %v", rel, got, want)
		}
	}
	for data, want := range map[string]bool{
		`{"aug": {}}`: true, `{"processing": {"operations": []}}`: true, `{"name": "shop"}`: false,
		`{"host_groups": []}`: false, `[1, 2]`: true, `{`: true, `"text"`: true,
	} {
		if got := LooksLikeTemplate([]byte(data)); got != want {
			t.Errorf("LooksLikeTemplate(%s) = %v, want %v", data, got, want)
		}
	}
}

// versionOf estimates a document under a profile, as a command does.
func versionOf(t *testing.T, name string, d *template.Document, hosts uint64) Version {
	t.Helper()
	in, err := ReadInput(d, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := in.Override(Overrides{Hosts: &hosts}, nil); err != nil {
		t.Fatal(err)
	}
	return Version{Name: name, Input: in, Result: in.Estimate()}
}

func budgetOf(n uint64) Budget { return Budget{MaxCustomMetrics: &n} }

func TestAccountOf(t *testing.T) {
	// a: 4 hosts through the Agent × 2 envs = 8; b: 3 hosts × 3 regions =
	// 9; own budget of b: 8.
	a := versionOf(t, "a.json", docOf(t, []metricJSON{m("a.calls", "increment", "env:prod", "env:dev")}), 4)
	b := versionOf(t, "b.json", docOf(t, []metricJSON{m("b.calls", "increment", "region:eu", "region:us", "region:ap")},
		`"x-rk-tui": {"profile": {"budget": {"max_custom_metrics": 8}}}`), 3)
	cfg, err := ParseConfig([]byte(`{"profile": {"account_hosts": 5, "existing": 400}, "budget": {"max_custom_metrics": 100, "max_share": "85%"}}`))
	if err != nil {
		t.Fatal(err)
	}
	acct, breaches, err := AccountOf([]Version{a, b}, cfg, Overrides{}, budgetOf(16))
	if err != nil {
		t.Fatal(err)
	}
	// 17 against 5 × 100 with 400 existing: 417 of 500, 83.4%. The flags'
	// 16 replaces the repository's 100; its 85% share stands.
	countEq(t, "custom metrics", acct.CustomMetrics, "17")
	countEq(t, "allotment", acct.Allotment, "500")
	if len(breaches) != 2 ||
		breaches[0] != (Breach{Setting: "max_custom_metrics", Msg: "17 custom metrics, over the 16 allowed"}) ||
		breaches[1] != (Breach{Scope: "b.json", Setting: "max_custom_metrics", Msg: "9 custom metrics, over the 8 allowed"}) {
		t.Errorf("breaches %+v", breaches)
	}
	existing := uint64(420)
	_, breaches, _ = AccountOf([]Version{a, b}, cfg, Overrides{Existing: &existing}, Budget{})
	// 437 of 500: 87.4%, past 85%.
	if len(breaches) != 2 || breaches[0].Msg != "87.4% of the allotment, over the 85% allowed" {
		t.Errorf("the overrides count on the account: %+v", breaches)
	}
	// Without a settings file a lone template is its own account.
	alone, _, _ := AccountOf([]Version{b}, nil, Overrides{}, Budget{})
	countEq(t, "a lone template's account hosts", alone.AccountHosts, "3")
	plan := "gold"
	if _, _, err := AccountOf([]Version{a, b}, cfg, Overrides{Plan: &plan}, Budget{}); err == nil || !strings.Contains(err.Error(), `plan is "gold"`) {
		t.Errorf("a bad override: %v", err)
	}
}

func TestVersionBreaches(t *testing.T) {
	b := versionOf(t, "b.json", docOf(t, []metricJSON{m("b.calls", "increment", "region:eu", "region:us", "region:ap")},
		`"x-rk-tui": {"profile": {"budget": {"max_custom_metrics": 8}}}`), 3)
	cfg, _ := ParseConfig([]byte(`{"budget": {"max_custom_metrics": 5}}`))
	got := b.Breaches(cfg, Budget{})
	if len(got) != 2 || got[0].Msg != "9 custom metrics, over the 5 allowed" || got[1].Scope != "b.json" {
		t.Errorf("breaches %+v", got)
	}
	if got := b.Breaches(cfg, budgetOf(9)); len(got) != 1 || got[0].Scope != "b.json" {
		t.Errorf("the caller's 9 over the repository's 5: %+v", got)
	}
}

func TestCompareSides(t *testing.T) {
	calls := func(tags ...string) *template.Document {
		return docOf(t, []metricJSON{m("x.calls", "increment", tags...)})
	}
	own := `"x-rk-tui": {"profile": {"budget": {"max_increase": "50%"}}}`
	kept0, kept1 := versionOf(t, "kept.json", calls("env:prod"), 2), versionOf(t, "kept.json", docOf(t, []metricJSON{m("x.calls", "increment", "env:prod", "env:dev")}, own), 2)
	gone, fresh := versionOf(t, "gone.json", calls("env:prod"), 1), versionOf(t, "fresh.json", calls("env:prod"), 3)
	inc, _ := ParseIncrease("3")
	d, err := CompareSides(Side{Versions: map[string]*Version{"kept.json": &kept0, "gone.json": &gone}},
		Side{Versions: map[string]*Version{"kept.json": &kept1, "fresh.json": &fresh}}, Overrides{}, Budget{MaxIncrease: &inc})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, td := range d.Templates {
		order = append(order, td.Path+" "+td.Change)
	}
	if strings.Join(order, ", ") != "fresh.json added, gone.json removed, kept.json changed" {
		t.Errorf("pairs %v", order)
	}
	// Before: kept 2 + gone 1 = 3; after: kept 2 × 2 = 4 + fresh 3 = 7:
	// +4, past the 3 allowed. kept grows 2 → 4, +100%, past its own 50%.
	if len(d.Breaches) != 2 || d.Breaches[0].Msg != "custom metrics grow by 4, past the 3 allowed" ||
		d.Breaches[1] != (Breach{Scope: "kept.json", Setting: "max_increase", Msg: "custom metrics grow by 2 (+100%), past the 50% allowed"}) {
		t.Errorf("breaches %+v", d.Breaches)
	}
	cfg, _ := ParseConfig([]byte(`{"budget": {"max_custom_metrics": 6}}`))
	d, _ = CompareSides(Side{Versions: map[string]*Version{"gone.json": &gone}}, Side{Versions: map[string]*Version{"fresh.json": &fresh}, Config: cfg}, Overrides{}, Budget{})
	if len(d.Breaches) != 0 {
		t.Errorf("3 custom metrics within the new side's 6: %+v", d.Breaches)
	}
}

func TestSettingFinding(t *testing.T) {
	d := parseDoc(t, templateJSON(t, []metricJSON{m("a.b", "count")}, "\"x-rk-tui\": {\"profile\": {\"hosts\": 0}}"))
	_, err := ReadInput(d, now)
	f, ok := SettingFinding(d, err)
	line, col := d.Position("x-rk-tui.profile.hosts")
	if !ok || f.Severity != template.Error || f.Code != CodeCostSetting || f.Path != "x-rk-tui.profile.hosts" || f.Line != line || f.Column != col ||
		!strings.HasPrefix(f.Message, "profile.hosts is 0; it must be a whole number, 1 or more") {
		t.Errorf("profile: %+v, %v", f, ok)
	}
	d = parseDoc(t, templateJSON(t, []metricJSON{m("a.b", "count")}, `"x-rk-tui": {"scenario": {"host_groups": "many"}}`))
	_, err = ReadInput(d, now)
	if f, ok := SettingFinding(d, err); !ok || f.Path != "x-rk-tui.scenario.host_groups" || f.Line == 0 || !strings.HasPrefix(f.Message, "scenario.host_groups ") {
		t.Errorf("scenario: %+v, %v (%v)", f, ok, err)
	}
	plan := "gold"
	p := DefaultProfile()
	if _, ok := SettingFinding(d, p.Apply(Overrides{Plan: &plan})); ok {
		t.Error("an override has no place in the file")
	}
}
