package preview

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/rk-tui/rk-tui/template"
)

func TestParseIncreaseAndShare(t *testing.T) {
	for in, want := range map[string]Increase{"10%": {Value: 10, Percent: true}, " $5 ": {Value: 5, USD: true}, "50": {Value: 50}, "0.5%": {Value: 0.5, Percent: true}} {
		got, err := ParseIncrease(in)
		if err != nil || got != want {
			t.Errorf("ParseIncrease(%q) = %+v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "ten", "-3", "$-1", "%", "NaN"} {
		if _, err := ParseIncrease(bad); err == nil {
			t.Errorf("ParseIncrease(%q) accepted", bad)
		}
	}
	for in, want := range map[string]float64{"25%": 0.25, "0.25": 0.25, "150%": 1.5} {
		if got, err := ParseShare(in); err != nil || math.Abs(got-want) > 1e-12 {
			t.Errorf("ParseShare(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseShare("-1%"); err == nil {
		t.Error("a negative share is refused")
	}
}

func TestBudgetCheck(t *testing.T) {
	n, c, s := uint64(100), 10.0, 0.5
	b := Budget{MaxCustomMetrics: &n, MaxMonthlyCost: &c, MaxShare: &s}
	at := Figures{CustomMetrics: CountOf(100), MonthlyCost: AmountOf(10), CostEstimated: true, Share: 0.5}
	if got := b.Check(at); len(got) != 0 {
		t.Errorf("at every limit: %v", got)
	}
	over := Figures{CustomMetrics: CountOf(101), MonthlyCost: AmountOf(10.01), CostEstimated: true, Share: 0.51}
	got := b.Check(over)
	if len(got) != 3 || got[0].Setting != "max_custom_metrics" || got[1].Setting != "max_monthly_cost" || got[2].Setting != "max_share" {
		t.Fatalf("over every limit: %v", got)
	}
	if got[0].Msg != "101 custom metrics, over the 100 allowed" || got[1].Msg != "$10.01 a month, over the $10.00 allowed" || got[2].Msg != "51% of the allotment, over the 50% allowed" {
		t.Errorf("messages: %v", got)
	}
	unknown := over
	unknown.CostEstimated = false
	if got := (Budget{MaxMonthlyCost: &c}).Check(unknown); len(got) != 1 || !strings.Contains(got[0].Msg, "cannot be checked") {
		t.Errorf("a cost that is not estimated cannot pass a cost budget: %v", got)
	}
	if got := (Budget{}).Check(over); len(got) != 0 || !(Budget{}).IsZero() {
		t.Errorf("no budget: %v", got)
	}
}

func TestBudgetCheckIncrease(t *testing.T) {
	fig := func(n uint64, cost float64) Figures {
		return Figures{CustomMetrics: CountOf(n), MonthlyCost: AmountOf(cost), CostEstimated: true}
	}
	sent := func(indexed, sent uint64) Figures {
		return Figures{CustomMetrics: CountOf(indexed), SentCustomMetrics: CountOf(sent), CostEstimated: true}
	}
	inc := func(s string) Budget {
		i, err := ParseIncrease(s)
		if err != nil {
			t.Fatal(err)
		}
		return Budget{MaxIncrease: &i}
	}
	tests := []struct {
		budget        string
		before, after Figures
		breach        string
	}{
		{"10%", fig(100, 0), fig(110, 0), ""},
		{"10%", fig(100, 0), fig(111, 0), "custom metrics grow by 11 (+11%), past the 10% allowed"},
		{"10%", fig(0, 0), fig(1, 0), "custom metrics grow by 1 (new), past the 10% allowed"},
		{"10%", fig(100, 0), fig(50, 0), ""},
		{"5", fig(100, 0), fig(105, 0), ""},
		{"5", fig(100, 0), fig(106, 0), "custom metrics grow by 6, past the 5 allowed"},
		{"$1", fig(0, 0.30), fig(0, 1.30), ""},
		{"$1", fig(0, 0.30), fig(0, 1.31), "the monthly cost grows by $1.01, past the $1.00 allowed"},
		// A tag configuration keeps the indexed count; what is sent (every
		// tag, ingested and billed) still grows.
		{"10%", sent(6, 4800), sent(6, 4_800_000), "custom metrics sent (every tag, before tag configurations) grow by 4,795,200 (+99,900%), past the 10% allowed"},
		{"1000", sent(6, 4800), sent(6, 5800), ""},
		{"1000", sent(6, 4800), sent(6, 5801), "custom metrics sent (every tag, before tag configurations) grow by 1,001, past the 1,000 allowed"},
		// A first tag configuration cuts what is indexed and sends the same:
		// a saving, not growth.
		{"10%", sent(1000, 1000), sent(1, 1000), ""},
	}
	for _, tt := range tests {
		got := inc(tt.budget).CheckIncrease(tt.before, tt.after)
		if tt.breach == "" && len(got) > 0 || tt.breach != "" && (len(got) != 1 || got[0].Msg != tt.breach || got[0].Setting != "max_increase") {
			t.Errorf("%s from %s to %s: %v, want %q", tt.budget, tt.before.CustomMetrics, tt.after.CustomMetrics, got, tt.breach)
		}
	}
}

func TestBudgetInTheProfile(t *testing.T) {
	p, err := ProfileFrom(profileDoc(t, `{"budget": {"max_custom_metrics": 10, "max_monthly_cost": 2.5, "max_increase": "$3", "max_share": 0.2}}`), now)
	if err != nil {
		t.Fatal(err)
	}
	b := p.Budget
	if *b.MaxCustomMetrics != 10 || *b.MaxMonthlyCost != 2.5 || *b.MaxIncrease != (Increase{Value: 3, USD: true}) || *b.MaxShare != 0.2 {
		t.Errorf("budget %+v", b)
	}
	for profile, path := range map[string]string{
		`{"budget": []}`:                          "x-rk-tui.profile.budget",
		`{"budget": {"max_cost": 1}}`:             "x-rk-tui.profile.budget.max_cost",
		`{"budget": {"max_increase": true}}`:      "x-rk-tui.profile.budget.max_increase",
		`{"budget": {"max_custom_metrics": "9"}}`: "x-rk-tui.profile.budget.max_custom_metrics",
	} {
		_, err := ProfileFrom(profileDoc(t, profile), now)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Path != path {
			t.Errorf("%s: %v", profile, err)
		}
	}
}

func TestConfig(t *testing.T) {
	cfg, err := ParseConfig([]byte(`{"profile": {"plan": "enterprise", "account_hosts": 40, "hosts": 3, "active_hours": 73}, "budget": {"max_increase": "10%"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if p := cfg.Profile(); p.Plan != PlanEnterprise || p.AccountHosts != 40 || cfg.TotalBudget().MaxIncrease.Value != 10 {
		t.Errorf("config %+v", p)
	}
	// The template's profile lies over the repository's; the repository's
	// active_hours stands even though the template sets a disable time.
	js := strings.Replace(templateJSON(t, []metricJSON{m("a.b", "increment")}, `"x-rk-tui": {"profile": {"hosts": 5}}`), `"aug": {`, `"aug": {"globalDisableAfterTime": "2026-12-08T00:00:00Z", `, 1)
	in, err := ReadInputWith(parseDoc(t, js), now, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if in.Profile.Hosts != 5 || in.Profile.Plan != PlanEnterprise || in.Profile.ActiveHours != 73 {
		t.Errorf("profile over the repository's: %+v", in.Profile)
	}
	for data, want := range map[string]string{
		`[]`: "1:1: is []",
		"{\n \"budget\": {\"max_share\": \"x\"}}": `2:26: budget.max_share is "x"`,
		`{"profile": {"hosts": 0}}`:               "1:23: profile.hosts is 0",
		`{"scenario": {}}`:                        "scenario is not a setting here; the settings are budget, profile",
		`{"profile": {"active_hours": 800}}`:      "profile.active_hours is 800, more than the 730 hours",
		`{`:                                       "malformed JSON",
		"\ufeff{}":                                "1:1: the file starts with a UTF-8 byte order mark (BOM); the settings file is plain UTF-8 JSON",
		`{"budget": {}, "budget": {"max_share": 1}}`: `1:12: budget key "budget" appears twice in one object`,
	} {
		_, err := ParseConfig([]byte(data))
		var ce *ConfigError
		if !errors.As(err, &ce) || !strings.Contains(ce.Error(), want) {
			t.Errorf("%s: %v, want %q", data, err, want)
		}
	}
	var none *Config
	if none.Profile().Plan != PlanPro || !none.TotalBudget().IsZero() {
		t.Error("a nil Config is the defaults")
	}
}

// Templates of one account share one allotment; the account's profile
// sets it.
func TestAccount(t *testing.T) {
	a := estimateDoc(t, docOf(t, []metricJSON{m("a.calls", "increment", "env:prod")}), withHosts(60), nil)
	b := estimateDoc(t, docOf(t, []metricJSON{m("b.calls", "increment", "env:prod")}), withHosts(80), nil)
	p := DefaultProfile()
	p.Existing = 100
	acct := NewAccount([]AccountRow{{"a.json", a}, {"b.json", b}}, p)
	// 60 + 80 custom metrics; the account's hosts are the larger fleet
	// (80), so 8,000 of allotment.
	countEq(t, "custom metrics", acct.CustomMetrics, "140")
	countEq(t, "account hosts", acct.AccountHosts, "80")
	countEq(t, "allotment", acct.Allotment, "8000")
	p.AllotmentPerHost, p.Existing = 1, 0
	acct = NewAccount([]AccountRow{{"a.json", a}, {"b.json", b}}, p)
	// 140 against 80 × 1: 60 over, × $5 / 100 = $3.
	if acct.Overage.String() != "60" || acct.MonthlyCostUSD.String() != "3" || !acct.CostEstimated {
		t.Errorf("overage %s cost %s", acct.Overage, acct.MonthlyCostUSD)
	}
	if f := acct.Figures(); f.Share != 1.75 {
		t.Errorf("share %v", f.Share)
	}
	// An account_hosts below the fleet that runs the breakpoints is raised
	// to it, as one template's estimate raises it.
	p.AccountHosts = 3
	if acct = NewAccount([]AccountRow{{"a.json", a}, {"b.json", b}}, p); acct.AccountHosts.String() != "80" {
		t.Errorf("account hosts %s, want the 80 that run b.json", acct.AccountHosts)
	}

	// Under metric_name, a name in two templates is one name.
	mp := DefaultProfile()
	mp.Billing.Model, mp.HitsPerSecond = ModelMetricName, 1
	price := 2.0
	mp.Billing.MetricNamePrice = &price
	d := docOf(t, []metricJSON{m("shared.name", "count")})
	x, y := estimateDoc(t, d, mp, nil), estimateDoc(t, d, mp, nil)
	acct = NewAccount([]AccountRow{{"x", x}, {"y", y}}, mp)
	if acct.MetricNames.Names != 1 || acct.MetricNames.BillableNames != 1 || acct.MonthlyCostUSD.String() != "2" {
		t.Errorf("metric names %+v cost %s", acct.MetricNames, acct.MonthlyCostUSD)
	}
	countEq(t, "points of both", acct.MetricNames.IndexedPoints, "5256000")
}

func withHosts(n uint64) Profile {
	p := DefaultProfile()
	p.Hosts = n
	return p
}

func version(t *testing.T, name string, d *template.Document, p Profile) *Version {
	t.Helper()
	in := Input{Template: template.Read(d), Meta: MetaOf(d), Profile: p}
	return &Version{Name: name, Input: in, Result: in.Estimate()}
}

func TestCompare(t *testing.T) {
	p := DefaultProfile()
	p.Hosts = 3
	old := docOf(t, []metricJSON{m("checkout.calls", "count", "env:prod"), m("checkout.gone", "gauge"), m("checkout.latency", "histogram", "env:prod")},
		`"x-rk-tui": {"metrics": {"checkout.calls": {"unit": "request"}}}`)
	now := docOf(t, []metricJSON{m("checkout.requests", "count", "env:prod"), m("checkout.fresh", "gauge"), m("checkout.latency", "timing", "env:prod", "env:dev", "region:eu")},
		`"x-rk-tui": {"metrics": {"checkout.requests": {"unit": "request"}}}`)
	d := Compare([]Pair{{Path: "t.json", Old: version(t, "t.json", old, p), New: version(t, "t.json", now, p)}}, p, p)
	got := map[string]MetricChange{}
	for _, mc := range d.Templates[0].Metrics {
		got[mc.Name] = mc
	}
	if c := got["checkout.requests"]; c.Change != ChangeRenamed || c.OldName != "checkout.calls" {
		t.Errorf("the tool data followed the metric: a rename: %+v", c)
	}
	if got["checkout.fresh"].Change != ChangeAdded || got["checkout.gone"].Change != ChangeRemoved {
		t.Errorf("added and removed: %+v %+v", got["checkout.fresh"], got["checkout.gone"])
	}
	lat := got["checkout.latency"]
	if lat.Change != ChangeChanged || strings.Join(lat.Details, "; ") != "type histogram → timing; tag region added; tag values of env" {
		t.Errorf("changed: %+v", lat)
	}
	// 3 hosts × 2 envs × 1 region × 5 aggregates: 15 → 30.
	countEq(t, "latency before", lat.Before, "15")
	countEq(t, "latency after", lat.After, "30")
	if d.Templates[0].Change != ChangeChanged || d.Changed() != 1 || !d.Grows() {
		t.Errorf("template %s, changed %d, grows %v", d.Templates[0].Change, d.Changed(), d.Grows())
	}
	// 17 before (1 + 1 + 15); after, env has 2 values in the template, so
	// checkout.requests counts 2: 2 + 1 + 30 = 33.
	if got := d.Summary(); got != "+16 custom metrics (+94.1%), $0.00 a month (estimates); 1 of 1 template changed" {
		t.Errorf("summary %q", got)
	}
	// The same version against itself: nothing changed.
	same := Compare([]Pair{{Path: "t.json", Old: version(t, "t.json", now, p), New: version(t, "t.json", now, p)}}, p, p)
	if same.Templates[0].Change != ChangeUnchanged || same.Grows() || len(same.Findings) != 0 {
		t.Errorf("unchanged: %+v", same.Templates[0])
	}
	// A template added and one removed.
	ar := Compare([]Pair{{Path: "new.json", New: version(t, "new.json", now, p)}, {Path: "old.json", Old: version(t, "old.json", old, p)}}, p, p)
	if ar.Templates[0].Change != ChangeAdded || ar.Templates[1].Change != ChangeRemoved {
		t.Errorf("added, removed: %s %s", ar.Templates[0].Change, ar.Templates[1].Change)
	}
}

func TestDeltas(t *testing.T) {
	if DeltaOf(CountOf(5), CountOf(3)).Human() != "-2" || DeltaOf(CountOf(3), CountOf(1003)).Human() != "+1,000" || DeltaOf(CountOf(3), CountOf(3)).Human() != "0" {
		t.Error("Delta.Human")
	}
	if MoneyDeltaOf(AmountOf(2), AmountOf(1)).USD() != "-$1.00" || MoneyDeltaOf(AmountOf(1), AmountOf(2.5)).USD() != "+$1.50" {
		t.Error("MoneyDelta.USD")
	}
	if b, _ := MoneyDeltaOf(AmountOf(2), AmountOf(1)).MarshalJSON(); string(b) != "-1" {
		t.Errorf("json %s", b)
	}
	if PercentChange(CountOf(0), CountOf(0)) != "±0%" || PercentChange(CountOf(4), CountOf(1)) != "-75%" {
		t.Error("PercentChange")
	}
}
