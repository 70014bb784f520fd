package preview

import (
	"math"
	"strings"
	"testing"

	"github.com/rk-tui/rk-tui/template"
)

// The seed's three-host example: service.request.count tagged status ×
// service. host1 reports all 6 combinations, host2 only successes (3),
// host3 both statuses for database and webserver only (4): 13. Datadog's
// example is a metric each host submits through its Agent, hence a
// DogStatsD counter, which is split per host by default.
const seedScenario = `{"host_groups": [
  {"hosts": 1, "tags": {"status": ["success", "failure"], "service": ["database", "api", "webserver"]}},
  {"hosts": 1, "tags": {"status": ["success"], "service": ["database", "api", "webserver"]}},
  {"hosts": 1, "tags": {"status": ["success", "failure"], "service": ["database", "webserver"]}}
]}`

func seedDoc(t testing.TB) *template.Document {
	return docOf(t, []metricJSON{m("service.request.count", "increment", "status:success", "service:database")})
}

// The same metric through the Datadog API: Rookout submits its points from
// where it processes the breakpoint's data, with no host, so the three
// hosts share series: 6 by default, the seed's 13 once the host tag is on.
func TestSeedThreeHostsThroughTheAPI(t *testing.T) {
	d := docOf(t, []metricJSON{m("service.request.count", "count", "status:success", "service:database")})
	sc := mustScenario(t, seedScenario)
	r := estimateDoc(t, d, DefaultProfile(), sc)
	countEq(t, "by route (no host)", r.CustomMetrics, "6")
	if r.Metrics[0].HostTag || r.Metrics[0].Op != "datadog" {
		t.Errorf("row %+v", r.Metrics[0])
	}
	p := DefaultProfile()
	p.HostTag = HostTagOn
	countEq(t, "host tag on", estimateDoc(t, d, p, sc).CustomMetrics, "13")
	statsd := seedDoc(t)
	p.HostTag = HostTagOff
	countEq(t, "dogstatsd with the host tag off", estimateDoc(t, statsd, p, sc).CustomMetrics, "6")
	countEq(t, "dogstatsd by route", estimateDoc(t, statsd, DefaultProfile(), sc).CustomMetrics, "13")
}

// A template with both routes splits only its DogStatsD metrics per host.
func TestHostTagPerRoute(t *testing.T) {
	d := docOf(t, []metricJSON{m("api.calls", "count", "env:prod"), m("agent.calls", "increment", "env:prod")})
	p := DefaultProfile()
	p.Hosts = 12
	r := estimateDoc(t, d, p, nil)
	countEq(t, "api series", r.Metrics[0].Series, "1")
	countEq(t, "agent series", r.Metrics[1].Series, "12")
	countEq(t, "total", r.CustomMetrics, "13")
	countEq(t, "allotment still pools over the 12 hosts", r.Allotment, "1200")
}

func TestSeedThreeHosts(t *testing.T) {
	d := seedDoc(t)
	sc := mustScenario(t, seedScenario)
	tests := []struct {
		name                   string
		hostTag                bool
		combos, series, custom string
	}{
		{"with the host tag each host has its own series", true, "6", "13", "13"},
		{"without it only distinct combinations count", false, "6", "6", "6"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := DefaultProfile()
			p.HostTag = hostTagOf(tt.hostTag)
			r := estimateDoc(t, d, p, sc)
			if len(r.Metrics) != 1 {
				t.Fatalf("rows = %d", len(r.Metrics))
			}
			row := r.Metrics[0]
			countEq(t, "tag combinations", row.TagCombinations, tt.combos)
			countEq(t, "hosts", row.Hosts, "3")
			countEq(t, "series", row.Series, tt.series)
			countEq(t, "custom metrics", row.CustomMetrics, tt.custom)
			countEq(t, "total", r.CustomMetrics, tt.custom)
			countEq(t, "allotment (3 Pro hosts)", r.Allotment, "300")
			if r.HostGroups != 3 {
				t.Errorf("host groups = %d", r.HostGroups)
			}
		})
	}
}

// The same example expressed with counts instead of lists: with the host
// tag only the per-group products matter.
func TestSeedThreeHostsWithCounts(t *testing.T) {
	sc := mustScenario(t, `{"host_groups": [
	  {"hosts": 1, "tags": {"status": 2, "service": 3}},
	  {"hosts": 1, "tags": {"status": 1, "service": 3}},
	  {"hosts": 1, "tags": {"status": 2, "service": 2}}]}`)
	r := estimateDoc(t, seedDoc(t), DefaultProfile(), sc)
	countEq(t, "custom metrics", r.CustomMetrics, "13")
	countEq(t, "combos (counts are prefixes of one another)", r.Metrics[0].TagCombinations, "6")
}

// Every host reporting every combination: 6 per host, 18 on three hosts.
func TestSeedAllHostsReportEverything(t *testing.T) {
	p := DefaultProfile()
	p.Hosts = 3
	p.TagValues = map[string]uint64{"status": 2, "service": 3}
	r := estimateDoc(t, seedDoc(t), p, nil)
	countEq(t, "combos", r.Metrics[0].TagCombinations, "6")
	countEq(t, "series", r.Metrics[0].Series, "18")
}

// auth.exceptionCount: method X or Y, exception A, B or absent: 6.
func TestSeedAuthExceptionCount(t *testing.T) {
	d := docOf(t, []metricJSON{m("auth.exceptionCount", "count", "method:X", "method:Y", "exception:A", "exception:B")})
	t.Run("absence as a listed value", func(t *testing.T) {
		sc := mustScenario(t, `{"host_groups": [{"hosts": 1, "tags": {"method": ["X", "Y"], "exception": ["", "A", "B"]}}]}`)
		r := estimateDoc(t, d, DefaultProfile(), sc)
		countEq(t, "custom metrics", r.CustomMetrics, "6")
	})
	t.Run("absence as a third value in tag_values", func(t *testing.T) {
		p := DefaultProfile()
		p.TagValues = map[string]uint64{"exception": 3}
		r := estimateDoc(t, d, p, nil)
		countEq(t, "custom metrics", r.CustomMetrics, "6")
	})
	t.Run("by default only the values the template gives", func(t *testing.T) {
		r := estimateDoc(t, d, DefaultProfile(), nil)
		countEq(t, "custom metrics (2 methods × 2 exceptions)", r.CustomMetrics, "4")
	})
}

// A key that looks unbounded counts unbounded_tag_values values unless
// tag_values gives it: the one user id a template lists is not what
// production sends.
func TestUnboundedKeysCountAnAssumption(t *testing.T) {
	d := docOf(t, []metricJSON{m("login.count", "count", "user_id:42", "status:ok")})
	r := estimateDoc(t, d, DefaultProfile(), nil)
	countEq(t, "default assumption", r.CustomMetrics, "1000")
	if !strings.Contains(r.Warnings[0].Message, "counted as 1,000 values, an assumption") {
		t.Errorf("the warning says what is assumed: %s", r.Warnings[0].Message)
	}
	p := DefaultProfile()
	p.UnboundedTagValues = 20
	countEq(t, "unbounded_tag_values", estimateDoc(t, d, p, nil).CustomMetrics, "20")
	p.TagValues = map[string]uint64{"user_id": 3}
	r = estimateDoc(t, d, p, nil)
	countEq(t, "tag_values wins", r.CustomMetrics, "3")
	if !strings.Contains(r.Warnings[0].Message, "counted as 3 values") {
		t.Errorf("%s", r.Warnings[0].Message)
	}
}

func TestDefaultTagValuesCountTheTemplate(t *testing.T) {
	d := docOf(t, []metricJSON{
		m("a.one", "count", "status:ok", "region:eu", "canary"),
		m("a.two", "count", "status:failed", "Status:OK", "region:us", "region:ap"),
		m("a.three", "gauge", "canary"),
	})
	r := estimateDoc(t, d, DefaultProfile(), nil)
	// status: ok, failed (Status:OK is ok once lowercased) = 2; region: eu,
	// us, ap = 3; canary is a bare tag = 1.
	countEq(t, "a.one", r.Metrics[0].TagCombinations, "6")
	countEq(t, "a.two", r.Metrics[1].TagCombinations, "6")
	countEq(t, "a.three", r.Metrics[2].TagCombinations, "1")
	countEq(t, "total", r.CustomMetrics, "13")
}

func TestMultipliers(t *testing.T) {
	tests := []struct {
		typ         string
		percentiles bool
		aggregates  uint64
		want        uint64
	}{
		{"count", false, 5, 1},
		{"gauge", false, 5, 1},
		{"rate", false, 5, 1},
		{"increment", false, 5, 1},
		{"decrement", false, 5, 1},
		{"gauge-statsd", false, 5, 1},
		{"histogram", false, 5, 5},
		{"histogram", false, 7, 7},
		{"timing", false, 5, 5},
		{"timing", false, 3, 3},
		{"distribution", false, 5, 5},
		{"distribution", true, 5, 10},
		{"event", false, 5, 0},
	}
	for _, tt := range tests {
		name := tt.typ
		if tt.percentiles {
			name += "+percentiles"
		}
		t.Run(name, func(t *testing.T) {
			typ := tt.typ
			var d *template.Document
			if typ == "gauge-statsd" {
				d = parseDoc(t, strings.Replace(templateJSON(t, []metricJSON{m("x.y", "histogram", "k:v")}), `"histogram"`, `"gauge"`, 1))
			} else {
				d = docOf(t, []metricJSON{m("x.y", typ, "k:v")}, `"x-rk-tui": {"metrics": {"x.y": {"interval": 10}}}`)
			}
			p := DefaultProfile()
			p.Hosts, p.HostTag = 2, HostTagOn
			p.Percentiles = tt.percentiles
			p.HistogramAggregates = tt.aggregates
			r := estimateDoc(t, d, p, nil)
			row := r.Metrics[0]
			if row.Multiplier != tt.want {
				t.Errorf("multiplier = %d, want %d", row.Multiplier, tt.want)
			}
			countEq(t, "custom metrics (2 hosts)", row.CustomMetrics, CountOf(2*tt.want).String())
			if len(r.Warnings) != 0 {
				t.Errorf("warnings: %v", r.Warnings)
			}
		})
	}
	if got := Multiplier(template.KindSet, DefaultProfile()); got != 1 {
		t.Errorf("set multiplier = %d, want 1", got)
	}
}

func TestUnknownTypeCountsOne(t *testing.T) {
	r := estimateDoc(t, docOf(t, []metricJSON{m("x.y", "counter")}), DefaultProfile(), nil)
	if r.Metrics[0].Multiplier != 1 || !hasCode(r.Warnings, "unknown-type") {
		t.Errorf("multiplier %d, warnings %v", r.Metrics[0].Multiplier, codes(r.Warnings))
	}
}

func TestProrationByActiveHours(t *testing.T) {
	sc := mustScenario(t, seedScenario)
	tests := []struct {
		active, month float64
		want          string
	}{
		{730, 730, "13"},
		{73, 730, "1.3"}, // a tenth of the month, a tenth of the bill
		{0, 730, "0"},
		{365, 730, "6.5"},
		{744, 744, "13"},
		{24, 720, "0.4333"},
	}
	for _, tt := range tests {
		p := DefaultProfile()
		p.ActiveHours, p.HoursInMonth = tt.active, tt.month
		r := estimateDoc(t, seedDoc(t), p, sc)
		if got := r.Billable.String(); got != tt.want {
			t.Errorf("%v of %v hours: billable %s, want %s", tt.active, tt.month, got, tt.want)
		}
		countEq(t, "custom metrics while live", r.CustomMetrics, "13")
	}
}

// Overage is what this template adds above the allotment, whether the
// account was under or already over it.
func TestIncrementalOverage(t *testing.T) {
	tests := []struct {
		name             string
		series           uint64 // the values of the metric's one tag key, on 1 host
		existing         uint64
		allotmentPerHost uint64
		accountHosts     uint64
		price            float64
		overage, cost    string
	}{
		{"well under", 50, 0, 100, 1, 5, "0", "0"},
		{"exactly at the allotment", 100, 0, 100, 1, 5, "0", "0"},
		{"template alone goes over", 150, 0, 100, 1, 5, "50", "2.5"},
		{"existing use leaves 5 of room", 10, 95, 100, 1, 5, "5", "0.25"},
		{"account already over: all of it is overage", 10, 150, 100, 1, 5, "10", "0.5"},
		{"account exactly full", 10, 100, 100, 1, 5, "10", "0.5"},
		{"pooled over 40 account hosts", 150, 0, 100, 40, 5, "0", "0"},
		{"other price", 300, 0, 100, 1, 4.2, "200", "8.4"},
		{"free contract", 300, 0, 100, 1, 0, "200", "0"},
		{"sub-cent cost is kept, not rounded", 101, 0, 100, 1, 0.65, "1", "0.0065"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := DefaultProfile()
			p.Existing, p.AllotmentPerHost, p.AccountHosts, p.Billing.IndexedPricePer100 = tt.existing, tt.allotmentPerHost, tt.accountHosts, tt.price
			p.TagValues = map[string]uint64{"k": tt.series}
			r := estimateDoc(t, docOf(t, []metricJSON{m("one.series", "statsd:gauge", "k:v")}), p, nil)
			if got := r.Overage.String(); got != tt.overage {
				t.Errorf("overage = %s, want %s", got, tt.overage)
			}
			if got := r.MonthlyCostUSD.String(); got != tt.cost {
				t.Errorf("cost = %s, want %s", got, tt.cost)
			}
			if (r.Overage.Sign() > 0) != hasCode(r.Warnings, "overage") {
				t.Errorf("overage warning mismatch: %v", codes(r.Warnings))
			}
		})
	}
}

func TestProratedOverage(t *testing.T) {
	// 300 custom metrics live a tenth of the month: 30 billable, under 100.
	p := DefaultProfile()
	p.Hosts, p.AccountHosts, p.ActiveHours = 300, 1, 73
	r := estimateDoc(t, docOf(t, []metricJSON{m("one.series", "statsd:gauge")}), p, nil)
	if r.Billable.String() != "30" || r.Overage.Sign() != 0 {
		t.Errorf("billable %s overage %s", r.Billable, r.Overage)
	}
}

func TestPlans(t *testing.T) {
	for _, tt := range []struct {
		plan     Plan
		perHost  uint64
		want     string
		wantPlan Plan
	}{
		{PlanPro, 0, "300", PlanPro},
		{PlanEnterprise, 0, "600", PlanEnterprise},
		{PlanPro, 150, "450", ""},
	} {
		p := DefaultProfile()
		p.Hosts, p.Plan, p.AllotmentPerHost = 3, tt.plan, tt.perHost
		r := estimateDoc(t, seedDoc(t), p, nil)
		countEq(t, "allotment", r.Allotment, tt.want)
		if r.Plan != tt.wantPlan {
			t.Errorf("plan = %q, want %q", r.Plan, tt.wantPlan)
		}
	}
}

// A billion tag values on a billion hosts, times the distribution
// multiplier, overflows int64 and uint64; the figures must stay exact.
func TestHugeNumbers(t *testing.T) {
	d := docOf(t, []metricJSON{
		m("huge.one", "distribution", "user_id:1"),
		m("huge.two", "distribution", "user_id:1", "request_id:1"),
	})
	p := DefaultProfile()
	p.Hosts = 1_000_000_000
	p.Percentiles = true
	p.TagValues = map[string]uint64{"user_id": 1_000_000_000, "request_id": 1_000_000_000}
	r := estimateDoc(t, d, p, nil)
	countEq(t, "series of huge.one", r.Metrics[0].Series, "1000000000000000000")
	countEq(t, "custom of huge.one (past MaxInt64)", r.Metrics[0].CustomMetrics, "10000000000000000000")
	countEq(t, "custom of huge.two (past MaxUint64)", r.Metrics[1].CustomMetrics, "10000000000000000000000000000")
	countEq(t, "total", r.CustomMetrics, "10000000010000000000000000000")
	countEq(t, "allotment", r.Allotment, "100000000000")
	if r.Overage.Sign() <= 0 || r.MonthlyCostUSD.Sign() <= 0 {
		t.Fatalf("overage %s cost %s must be positive", r.Overage, r.MonthlyCostUSD)
	}
	// overage = total − allotment; cost = overage / 100 × 5.
	if got, want := r.Overage.f.Text('f', 0), "10000000009999999900000000000"; got != want {
		t.Errorf("overage = %s, want %s", got, want)
	}
	if got, want := r.Overage.String(), "1.000000001e+28"; got != want {
		t.Errorf("overage in JSON = %s, want %s", got, want)
	}
	if f := r.MonthlyCostUSD.Float64(); math.Abs(f-5.000000005e26)/5e26 > 1e-12 {
		t.Errorf("cost = %v", f)
	}
	if got := r.Metrics[1].CustomMetrics.Human(); got != "~1.00e+28" {
		t.Errorf("human = %s", got)
	}
	// Astronomically many: 40 keys of 10^18 values each. Never +Inf, never
	// negative, never a panic.
	var tags []string
	p.TagValues = map[string]uint64{}
	for i := 0; i < 40; i++ {
		k := "k" + string(rune('a'+i%26)) + string(rune('a'+i/26))
		tags = append(tags, k+":v")
		p.TagValues[k] = 1_000_000_000_000_000_000
	}
	r = estimateDoc(t, docOf(t, []metricJSON{m("astronomic", "increment", tags...)}), p, nil)
	if s := r.CustomMetrics.String(); len(s) != 1+18*40+9 || s[0] != '1' {
		t.Errorf("astronomic count has %d digits", len(s))
	}
	if r.MonthlyCostUSD.Sign() <= 0 || strings.Contains(r.MonthlyCostUSD.String(), "Inf") {
		t.Errorf("cost = %s", r.MonthlyCostUSD)
	}
}

func TestDuplicateSeriesCountedOnce(t *testing.T) {
	d := docOf(t, []metricJSON{
		m("checkout.result", "count", "status:success"),
		m("checkout.result", "count", "status:failure"),
		m("checkout.result", "count", "status:failure", "region:eu"), // other keys: other series
		m("Checkout.Result", "count"),                                // names are case-sensitive: another metric
	})
	r := estimateDoc(t, d, DefaultProfile(), nil)
	if r.Metrics[1].SameSeriesAs != 0 || r.Metrics[0].SameSeriesAs != -1 || r.Metrics[2].SameSeriesAs != -1 || r.Metrics[3].SameSeriesAs != -1 {
		t.Errorf("same series: %d %d %d %d", r.Metrics[0].SameSeriesAs, r.Metrics[1].SameSeriesAs, r.Metrics[2].SameSeriesAs, r.Metrics[3].SameSeriesAs)
	}
	// rows: 2 + 2 + 2 + 1; the second row's 2 are the first row's.
	countEq(t, "total", r.CustomMetrics, "5")
	if n := strings.Count(strings.Join(codes(r.Warnings), ","), "duplicate-series"); n != 1 {
		t.Errorf("duplicate-series warnings = %d: %v", n, r.Warnings)
	}
}

func TestDuplicateSeriesTypeConflictCountsTheLarger(t *testing.T) {
	d := docOf(t, []metricJSON{m("x.y", "gauge"), m("x.y", "histogram"), m("x.y", "increment")})
	r := estimateDoc(t, d, DefaultProfile(), nil)
	countEq(t, "total", r.CustomMetrics, "5")
}

func TestScenarioWithoutHostTagIsExactUnion(t *testing.T) {
	d := docOf(t, []metricJSON{m("x.y", "count", "a:1", "b:1")})
	sc := mustScenario(t, `{"host_groups": [{"hosts": 4, "tags": {"a": ["1"], "b": ["1"]}}, {"hosts": 9, "tags": {"a": ["2"], "b": ["2"]}}]}`)
	p := DefaultProfile()
	p.HostTag = HostTagOff
	r := estimateDoc(t, d, p, sc)
	// (1,1) and (2,2): 2, not the 4 a per-key union would give.
	countEq(t, "series", r.Metrics[0].Series, "2")
	countEq(t, "hosts", r.Metrics[0].Hosts, "13")
	countEq(t, "account hosts default to the scenario's", r.Allotment, "1300")
	p.HostTag = HostTagOn
	r = estimateDoc(t, d, p, sc)
	countEq(t, "series with host tag", r.Metrics[0].Series, "13")
	countEq(t, "combos", r.Metrics[0].TagCombinations, "2")
}

func TestScenarioMixesCountsListsAndFallbacks(t *testing.T) {
	d := docOf(t, []metricJSON{m("x.y", "increment", "status:success", "region:eu")})
	// region is not named by the groups: it falls back to tag_values 4.
	// status: group 1 counts 2 (success + the first listed elsewhere,
	// failure), group 2 lists failure and timeout.
	sc := mustScenario(t, `{"host_groups": [{"hosts": 2, "tags": {"status": 2}}, {"hosts": 1, "tags": {"status": ["failure", "timeout"]}}]}`)
	p := DefaultProfile()
	p.TagValues = map[string]uint64{"region": 4}
	r := estimateDoc(t, d, p, sc)
	countEq(t, "series", r.Metrics[0].Series, "24") // 2×(2×4) + 1×(2×4)
	countEq(t, "combos", r.Metrics[0].TagCombinations, "12")
}

func TestScenarioTooManyOverlapsIsAnUpperBound(t *testing.T) {
	d := docOf(t, []metricJSON{m("x.y", "count", "a:1")})
	var groups []string
	for i := 0; i < 20; i++ {
		groups = append(groups, `{"hosts": 1, "tags": {"a": 3}}`)
	}
	sc := mustScenario(t, `{"host_groups": [`+strings.Join(groups, ",")+`]}`)
	p := DefaultProfile()
	p.HostTag = HostTagOff
	r := estimateDoc(t, d, p, sc)
	countEq(t, "series (upper bound, exact here)", r.Metrics[0].Series, "3")
	if !hasCode(r.Warnings, "scenario-approximate") {
		t.Errorf("warnings: %v", codes(r.Warnings))
	}
}

func TestWarnings(t *testing.T) {
	tests := []struct {
		name    string
		metrics []metricJSON
		extra   []string
		profile func(*Profile)
		sc      string
		want    string
	}{
		{name: "unbounded tag key", metrics: []metricJSON{m("login.count", "count", "user_id:42")}, profile: func(p *Profile) { p.UnboundedTagValues = 5 }, want: "unbounded-tag"},
		{name: "unbounded trace id", metrics: []metricJSON{m("login.count", "count", "trace_id:abc")}, profile: func(p *Profile) { p.UnboundedTagValues = 5 }, want: "unbounded-tag"},
		{name: "more than 10% of the allotment", metrics: []metricJSON{m("a.b", "count", "k:v")}, profile: func(p *Profile) { p.TagValues = map[string]uint64{"k": 11} }, want: "allotment-share"},
		{name: "overage", metrics: []metricJSON{m("a.b", "count", "k:v")}, profile: func(p *Profile) { p.Existing = 100 }, want: "overage"},
		{name: "two metrics, same series", metrics: []metricJSON{m("a.b", "count", "k:v"), m("a.b", "count", "k:v")}, want: "duplicate-series"},
		{name: "rate without interval", metrics: []metricJSON{m("a.b", "rate")}, want: "rate-no-interval"},
		{name: "unknown type", metrics: []metricJSON{m("a.b", "counter")}, want: "unknown-type"},
		{name: "scenario key no metric has", metrics: []metricJSON{m("a.b", "count", "status:ok")}, sc: `{"host_groups": [{"hosts": 2, "tags": {"stauts": 3}}]}`, want: "scenario-unused-tag"},
		{name: "inactive", metrics: []metricJSON{m("a.b", "count")}, profile: func(p *Profile) { p.ActiveHours = 0 }, want: "inactive"},
		{name: "invalid profile repaired", metrics: []metricJSON{m("a.b", "count")}, profile: func(p *Profile) { p.HoursInMonth = 0 }, want: "profile-invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := DefaultProfile()
			if tt.profile != nil {
				tt.profile(&p)
			}
			var sc *Scenario
			if tt.sc != "" {
				sc = mustScenario(t, tt.sc)
			}
			r := estimateDoc(t, docOf(t, tt.metrics, tt.extra...), p, sc)
			if got := codes(r.Warnings); len(got) != 1 || got[0] != tt.want {
				t.Errorf("warnings = %v, want just %s", r.Warnings, tt.want)
			}
			for _, w := range r.Warnings {
				if w.Message == "" || strings.HasSuffix(w.Message, ".") {
					t.Errorf("message %q: want a non-empty message without a final period", w.Message)
				}
			}
		})
	}
}

func TestNoWarningsForACleanTemplate(t *testing.T) {
	d := docOf(t, []metricJSON{
		m("checkout.items", "count", "env:prod", "team:cart"),
		m("checkout.rate", "rate", "env:prod"),
		m("checkout.latency", "histogram", "env:prod"),
	}, `"x-rk-tui": {"metrics": {"checkout.rate": {"interval": 10}}}`)
	p := DefaultProfile()
	p.Hosts = 10
	r := estimateDoc(t, d, p, nil)
	if len(r.Warnings) != 0 {
		t.Errorf("warnings: %v", r.Warnings)
	}
	countEq(t, "total", r.CustomMetrics, "52") // API metrics carry no host: 1 + 1; the histogram through an Agent: 10 × 5
	if r.Warnings == nil {
		t.Error("Warnings must be an empty slice, not nil, so JSON shows []")
	}
}

func TestEstimateWithNilMetaAndEmptyTemplate(t *testing.T) {
	d := parseDoc(t, `{"processing": {"operations": [{"name": "set"}]}}`)
	r := Estimate(template.Read(d), nil, DefaultProfile(), nil)
	if len(r.Metrics) != 0 || !r.CustomMetrics.IsZero() || r.Billable.Sign() != 0 {
		t.Errorf("empty template: %+v", r)
	}
	d = docOf(t, []metricJSON{m("a.b", "rate")})
	r = Estimate(template.Read(d), nil, DefaultProfile(), nil)
	if !hasCode(r.Warnings, "rate-no-interval") {
		t.Errorf("nil meta means no interval: %v", codes(r.Warnings))
	}
}

func TestHeadlineAndShare(t *testing.T) {
	sc := mustScenario(t, seedScenario)
	r := estimateDoc(t, seedDoc(t), DefaultProfile(), sc)
	if got, want := r.Headline(), "13 custom metrics · 4.3% of 300 · $0.00/month"; got != want {
		t.Errorf("headline = %q, want %q", got, want)
	}
}

func TestMetaOfMatchesDocumentMeta(t *testing.T) {
	d := docOf(t, []metricJSON{m("a.rate", "rate"), m("b.rate", "rate")},
		`"x-rk-tui": {"metrics": {"a.rate": {"unit": "request", "per_unit": "second", "description": "d", "orientation": 1, "short_name": "s", "interval": 10}}}`)
	meta := MetaOf(d)
	for _, name := range []string{"a.rate", "b.rate", "missing"} {
		if got, want := meta(name).Info().Interval, d.Meta(name).Interval; got != want {
			t.Errorf("%s: MetaOf %d, Meta %d", name, got, want)
		}
	}
	if MetaOf(nil)("a.rate").Raw != "" {
		t.Error("nil doc has no metadata")
	}
	r := Estimate(template.Read(d), meta, DefaultProfile(), nil)
	if got := codes(r.Warnings); len(got) != 1 || got[0] != "rate-no-interval" || !strings.Contains(r.Warnings[0].Message, "b.rate") {
		t.Errorf("warnings %v", r.Warnings)
	}
}

func hostTagOf(on bool) HostTag {
	if on {
		return HostTagOn
	}
	return HostTagOff
}

// The hosts that run the breakpoint are in the account: an account_hosts
// below them is raised to them, and the output says so. 12 hosts on Pro:
// an allotment of 1,200, not the 300 of 3 account hosts.
func TestAccountHostsAtLeastTheBreakpointHosts(t *testing.T) {
	p := DefaultProfile()
	p.Hosts, p.AccountHosts = 12, 3
	r := estimateDoc(t, docOf(t, []metricJSON{m("a.b", "statsd:gauge")}), p, nil)
	countEq(t, "account hosts", r.AccountHosts, "12")
	countEq(t, "allotment", r.Allotment, "1200")
	if !hasCode(r.Warnings, "account-hosts-fewer") {
		t.Errorf("no warning: %v", codes(r.Warnings))
	}
	p.AccountHosts = 40
	r = estimateDoc(t, docOf(t, []metricJSON{m("a.b", "statsd:gauge")}), p, nil)
	countEq(t, "allotment of 40 account hosts", r.Allotment, "4000")
	if hasCode(r.Warnings, "account-hosts-fewer") {
		t.Error("a warning with more account hosts than breakpoint hosts")
	}
}
