package preview

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/rk-tui/rk-tui/template"
)

// exposureDoc is a feature-flag exposure counter tagged env (2 values in
// the template), flag and variant, with a tag configuration for it.
func exposureDoc(t *testing.T, typ, tagConfig string, profile string) *template.Document {
	t.Helper()
	meta := ""
	if tagConfig != "" {
		meta = `"metrics": {"feature.exposure": {"tag_configuration": ` + tagConfig + `}}, `
	}
	return docOf(t, []metricJSON{m("feature.exposure", typ, "env:prod", "env:staging", "flag:checkout", "variant:a")},
		`"x-rk-tui": {`+meta+`"profile": `+profile+`}`)
}

const fortyHosts = `{"hosts": 40, "plan": "enterprise", "tag_values": {"flag": 20, "variant": 3}`

// The example: 40 hosts × 2 envs × 20 flags × 3 variants on
// Enterprise, with a tag configuration keeping only env and variant.
func TestTimeseriesWithTagConfiguration(t *testing.T) {
	keep := `{"tags": ["env", "variant"]}`
	tests := []struct {
		name, typ, config, profile       string
		ingested, indexed, all           string
		indexedCost, ingestedCost, total string
		unconfiguredCost                 string
	}{
		{
			// Through an Agent each host has its own series: ingested
			// 40 × 2 × 20 × 3 = 4,800; the allowlist drops the host, so
			// indexed 2 × 3 = 6. Both are under the 40 × 200 = 8,000
			// allotment: nothing to pay.
			name: "dogstatsd, room in the allotment", typ: "increment", config: keep, profile: fortyHosts + `}`,
			ingested: "4800", indexed: "6", all: "4800",
			indexedCost: "0", ingestedCost: "0", total: "0", unconfiguredCost: "0",
		},
		{
			// The account's allotment is used up: the 6 indexed cost
			// 6 / 100 × $5 = $0.30, the 4,800 ingested 4,800 / 100 × $0.10
			// = $4.80; without the configuration all 4,800 would be indexed:
			// 4,800 / 100 × $5 = $240.
			name: "dogstatsd, allotment used up", typ: "increment", config: keep, profile: fortyHosts + `, "existing": 8000, "existing_ingested": 8000}`,
			ingested: "4800", indexed: "6", all: "4800",
			indexedCost: "0.3", ingestedCost: "4.8", total: "5.1", unconfiguredCost: "240",
		},
		{
			// Through the API the points carry no host: 2 × 20 × 3 = 120
			// ingested, 6 indexed.
			name: "api, allotment used up", typ: "count", config: keep, profile: fortyHosts + `, "existing": 8000, "existing_ingested": 8000}`,
			ingested: "120", indexed: "6", all: "120",
			indexedCost: "0.3", ingestedCost: "0.12", total: "0.42", unconfiguredCost: "6",
		},
		{
			// Two aggregations kept: each indexed series counts twice.
			name: "two aggregations", typ: "increment", profile: fortyHosts + `, "existing": 8000, "existing_ingested": 8000}`,
			config:   `{"tags": ["env", "variant"], "aggregations": [{"time": "sum", "space": "sum"}, {"time": "max", "space": "max"}, {"time": "sum", "space": "sum"}]}`,
			ingested: "4800", indexed: "12", all: "4800",
			indexedCost: "0.6", ingestedCost: "4.8", total: "5.4", unconfiguredCost: "240",
		},
		{
			// A blocklist of flag and host keeps env and variant.
			name: "blocklist", typ: "increment", config: `{"tags": ["flag", "host"], "exclude_tags_mode": true}`, profile: fortyHosts + `}`,
			ingested: "4800", indexed: "6", all: "4800",
			indexedCost: "0", ingestedCost: "0", total: "0", unconfiguredCost: "0",
		},
		{
			// An allowlist that keeps the host: 40 × 6 = 240 indexed.
			name: "allowlist with host", typ: "increment", config: `{"tags": ["env", "variant", "host"]}`, profile: fortyHosts + `}`,
			ingested: "4800", indexed: "240", all: "4800",
			indexedCost: "0", ingestedCost: "0", total: "0", unconfiguredCost: "0",
		},
		{
			// A distribution ingests 5 per series (24,000) and, with
			// percentiles kept, indexes 10 per series of env × variant (60).
			name: "distribution with percentiles", typ: "distribution", config: `{"tags": ["env", "variant"], "include_percentiles": true}`,
			profile:  fortyHosts + `, "existing": 8000, "existing_ingested": 8000}`,
			ingested: "24000", indexed: "60", all: "24000",
			indexedCost: "3", ingestedCost: "24", total: "27", unconfiguredCost: "1200",
		},
		{
			// Without a configuration nothing is ingested-billed: all 4,800
			// are indexed.
			name: "no configuration", typ: "increment", profile: fortyHosts + `, "existing": 8000, "existing_ingested": 8000}`,
			ingested: "0", indexed: "4800", all: "4800",
			indexedCost: "240", ingestedCost: "0", total: "240", unconfiguredCost: "0",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := exposureDoc(t, tt.typ, tt.config, tt.profile)
			p, err := ProfileFrom(d, now)
			if err != nil {
				t.Fatal(err)
			}
			r := estimateDoc(t, d, p, nil)
			countEq(t, "ingested", r.IngestedCustomMetrics, tt.ingested)
			countEq(t, "indexed", r.CustomMetrics, tt.indexed)
			countEq(t, "allotment", r.Allotment, "8000")
			for what, got := range map[string]Amount{"indexed cost": r.IndexedCostUSD, "ingested cost": r.IngestedCostUSD, "monthly cost": r.MonthlyCostUSD} {
				want := map[string]string{"indexed cost": tt.indexedCost, "ingested cost": tt.ingestedCost, "monthly cost": tt.total}[what]
				if got.String() != want {
					t.Errorf("%s = %s, want %s", what, got, want)
				}
			}
			if tt.config != "" {
				countEq(t, "without the configuration", r.UnconfiguredCustomMetrics, tt.all)
				if r.UnconfiguredCostUSD.String() != tt.unconfiguredCost || r.TagConfigured != 1 {
					t.Errorf("unconfigured cost %s (want %s), configured %d", r.UnconfiguredCostUSD, tt.unconfiguredCost, r.TagConfigured)
				}
			}
			if !r.CostEstimated || r.MetricNames != nil {
				t.Errorf("timeseries: estimated %v, metric names %v", r.CostEstimated, r.MetricNames)
			}
		})
	}
}

func TestTagConfigurationInTheOutputs(t *testing.T) {
	d := exposureDoc(t, "increment", `{"tags": ["env", "variant"]}`, fortyHosts+`, "existing": 8000, "existing_ingested": 8000}`)
	p, err := ProfileFrom(d, now)
	if err != nil {
		t.Fatal(err)
	}
	r := estimateDoc(t, d, p, nil)
	var text, md, js bytes.Buffer
	if err := RenderText(&text, r, TextOptions{Width: 100}); err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(text.String()), " ")
	for _, want := range []string{"Billing model timeseries", "Ingested 4,800", "Indexed cost $0.30", "Ingested cost $4.80",
		"Monthly cost $5.10", "keep 4,794 fewer custom metrics queryable, $234.90 a month less", "$0.10 per 100 ingested over the allotment (Datadog's published price)",
		"an assumed price (Datadog leaves it to the contract; set indexed_price_per_100)", "Indexed"} {
		if !strings.Contains(flat, want) {
			t.Errorf("text lacks %q:\n%s", want, text.String())
		}
	}
	if err := RenderMarkdown(&md, r, "t.json"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| Billing model | timeseries |", "| Ingested custom metrics (tag-configured metrics, every tag) | 4,800 |", "| Indexed cost | $0.30 |", "| Ingested cost | $4.80 |", "| **Monthly cost** | **$5.10** |"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.String())
		}
	}
	if err := RenderJSON(&js, r); err != nil {
		t.Fatal(err)
	}
	var v struct {
		Model    string  `json:"billing_model"`
		Ingested float64 `json:"ingested_custom_metrics"`
		Indexed  float64 `json:"indexed_custom_metrics"`
		IdxCost  float64 `json:"indexed_cost_usd"`
		IngCost  float64 `json:"ingested_cost_usd"`
		Cost     float64 `json:"monthly_cost_usd"`
		Prices   struct {
			Indexed  float64 `json:"indexed_per_100"`
			Assumed  bool    `json:"indexed_assumed"`
			Ingested float64 `json:"ingested_per_100"`
		} `json:"prices"`
		Configs struct {
			Unconfigured float64 `json:"unconfigured_custom_metrics"`
			Cost         float64 `json:"unconfigured_monthly_cost_usd"`
		} `json:"tag_configurations"`
		Metrics []struct {
			Config *struct {
				Tags []string `json:"tags"`
			} `json:"tag_configuration"`
		} `json:"metrics"`
	}
	if err := json.Unmarshal(js.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	if v.Model != "timeseries" || v.Ingested != 4800 || v.Indexed != 6 || v.IdxCost != 0.3 || v.IngCost != 4.8 || v.Cost != 5.1 ||
		v.Prices.Indexed != 5 || !v.Prices.Assumed || v.Prices.Ingested != 0.1 || v.Configs.Unconfigured != 4800 || v.Configs.Cost != 240 ||
		v.Metrics[0].Config == nil || strings.Join(v.Metrics[0].Config.Tags, ",") != "env,variant" {
		t.Errorf("json %+v\n%s", v, js.String())
	}
}

func TestTagConfigurationProblems(t *testing.T) {
	t.Run("a key the metric does not have", func(t *testing.T) {
		d := exposureDoc(t, "increment", `{"tags": ["env", "varient"]}`, fortyHosts+`}`)
		r := estimateDoc(t, d, mustProfile(t, d), nil)
		countEq(t, "indexed: env only", r.CustomMetrics, "2")
		if !hasCode(r.Warnings, "tag-config-key") || !strings.Contains(strings.Join(messages(r.Warnings), "\n"), `keeps tag keys the metric does not have (varient)`) {
			t.Errorf("warnings %v", r.Warnings)
		}
	})
	bad := []struct{ config, path, msg string }{
		{`["env"]`, "x-rk-tui.metrics.feature\\.exposure.tag_configuration", `is ["env"]; a tag configuration is an object`},
		{`{}`, "x-rk-tui.metrics.feature\\.exposure.tag_configuration", "has no tags"},
		{`{"tags": ["env:prod"]}`, "x-rk-tui.metrics.feature\\.exposure.tag_configuration.tags.0", `is "env:prod"; it must be a tag key`},
		{`{"tags": [], "aggregations": [{"time": "p99", "space": "sum"}]}`, "x-rk-tui.metrics.feature\\.exposure.tag_configuration.aggregations.0", "an aggregation is"},
		{`{"tags": [], "metric_type": "count"}`, "x-rk-tui.metrics.feature\\.exposure.tag_configuration.metric_type", "is not a setting here; the settings are aggregations, exclude_tags_mode, include_percentiles, tags"},
		{`{"tags": [], "exclude_tags_mode": "yes"}`, "x-rk-tui.metrics.feature\\.exposure.tag_configuration.exclude_tags_mode", "true or false"},
	}
	for _, tt := range bad {
		t.Run(tt.config, func(t *testing.T) {
			d := exposureDoc(t, "increment", tt.config, fortyHosts+`}`)
			err := CheckTagConfigs(d)
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Path != tt.path || !strings.Contains(fe.Msg, tt.msg) {
				t.Fatalf("err %v (path %q), want %q at %q", err, pathOf(fe), tt.msg, tt.path)
			}
			if line, _ := d.Position(fe.Path); line < 1 {
				t.Errorf("no position for %s", fe.Path)
			}
			r := estimateDoc(t, d, mustProfile(t, d), nil)
			if !hasCode(r.Warnings, "tag-config-invalid") || r.TagConfigured != 0 {
				t.Errorf("an unreadable configuration counts as none, with a warning: %v", codes(r.Warnings))
			}
			countEq(t, "indexed: everything", r.CustomMetrics, "4800")
		})
	}
	if err := CheckTagConfigs(exposureDoc(t, "increment", `{"tags": []}`, `{}`)); err != nil {
		t.Errorf("an empty allowlist is valid: %v", err)
	}
}

// Metric Name Pricing: names with more than 100 indexed datapoints, and
// datapoints beyond 10 million per billed name.
func TestMetricNameModel(t *testing.T) {
	apiCount := []metricJSON{m("checkout.items", "count", "env:prod")}
	tests := []struct {
		name      string
		metrics   []metricJSON
		augExtra  string
		profile   string
		names     int
		billable  int
		hits      string
		points    string
		over      string
		cost      string // "" when not estimated
		rowPoints []string
	}{
		{
			// The rate limit 200/500 allows 200 ms / 20 µs = 10,000 hits
			// per 500 ms: 20,000 a second per host. 3 hosts × 20,000 ×
			// 730 h × 3,600 s = 157,680,000,000 hits, one datapoint each
			// through the API; all but 10 million are over the allowance:
			// 157,670,000,000 / 1e6 × $0.05 = $7,883.50, plus one name at
			// $0.25.
			name: "api at the rate limit", metrics: apiCount, augExtra: `"rateLimit": "200/500"`,
			profile: `{"billing_model": "metric_name", "hosts": 3, "price_per_metric_name": 0.25, "price_per_million_points": 0.05}`,
			names:   1, billable: 1, hits: "157680000000", points: "157680000000", over: "157670000000", cost: "7883.75",
			rowPoints: []string{"157680000000"},
		},
		{
			// 2 hits a second on 3 hosts for 730 h: 15,768,000 points,
			// 5,768,000 over: 5.768 × $0.05 = $0.2884 + $0.25.
			name: "api at the expected traffic", metrics: apiCount,
			profile: `{"billing_model": "metric_name", "hosts": 3, "hits_per_second": 2, "price_per_metric_name": 0.25, "price_per_million_points": 0.05}`,
			names:   1, billable: 1, hits: "15768000", points: "15768000", over: "5768000", cost: "0.5384",
			rowPoints: []string{"15768000"},
		},
		{
			// Through an Agent a histogram is 5 names, each one point per
			// series a flush: 3 hosts × 262,800 flushes = 788,400 each.
			name:    "dogstatsd histogram, aggregated by the agent",
			metrics: []metricJSON{m("checkout.latency", "histogram", "env:prod"), m("checkout.deploy", "event")},
			profile: `{"billing_model": "metric_name", "hosts": 3}`,
			names:   5, billable: 5, hits: "157680000000", points: "3942000", over: "0",
			rowPoints: []string{"3942000", "0"},
		},
		{
			// A distribution counts its 5 aggregations per point.
			name:    "dogstatsd distribution",
			metrics: []metricJSON{m("checkout.size", "distribution", "env:prod")},
			profile: `{"billing_model": "metric_name", "hosts": 1, "hits_per_second": 0.01, "price_per_metric_name": 1}`,
			// 0.01 × 2,628,000 s = 26,280 hits, under the 262,800 flushes.
			names: 1, billable: 1, hits: "26280", points: "131400", over: "0", cost: "1",
			rowPoints: []string{"131400"},
		},
		{
			// globalHitLimit caps the hits over all hosts; 50 datapoints
			// do not make a name billable.
			name: "a hit limit under the threshold", metrics: apiCount, augExtra: `"globalHitLimit": 50`,
			profile: `{"billing_model": "metric_name", "hosts": 3, "price_per_metric_name": 0.25}`,
			names:   1, billable: 0, hits: "50", points: "50", over: "0", cost: "0",
			rowPoints: []string{"50"},
		},
		{
			// Two metrics of one name are one name; their points add.
			name:    "one name, two metrics",
			metrics: []metricJSON{m("checkout.items", "count", "env:prod"), m("checkout.items", "count", "region:eu")},
			profile: `{"billing_model": "metric_name", "hosts": 1, "hits_per_second": 1, "active_hours": 1}`,
			names:   1, billable: 1, hits: "3600", points: "7200", over: "0",
			rowPoints: []string{"3600", "3600"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			js := templateJSON(t, tt.metrics, `"x-rk-tui": {"profile": `+tt.profile+`}`)
			if tt.augExtra != "" {
				js = strings.Replace(js, `"aug": {`, `"aug": {`+tt.augExtra+`, `, 1)
			}
			d := parseDoc(t, js)
			r := estimateDoc(t, d, mustProfile(t, d), nil)
			mn := r.MetricNames
			if mn == nil {
				t.Fatal("no metric-name figures")
			}
			if mn.Names != tt.names || mn.BillableNames != tt.billable {
				t.Errorf("names %d billable %d, want %d %d", mn.Names, mn.BillableNames, tt.names, tt.billable)
			}
			countEq(t, "hits", mn.Hits, tt.hits)
			countEq(t, "points", mn.IndexedPoints, tt.points)
			countEq(t, "over the allowance", mn.PointsOverAllowance, tt.over)
			for i, want := range tt.rowPoints {
				countEq(t, "row points", r.Metrics[i].Datapoints, want)
			}
			if (tt.cost != "") != r.CostEstimated || (tt.cost != "" && r.MonthlyCostUSD.String() != tt.cost) {
				t.Errorf("cost %s (estimated %v), want %q", r.MonthlyCostUSD, r.CostEstimated, tt.cost)
			}
		})
	}
}

func TestMetricNameOutputs(t *testing.T) {
	d := docOf(t, []metricJSON{m("checkout.items", "count", "env:prod")}, `"x-rk-tui": {"profile": {"billing_model": "metric_name", "hosts": 3, "hits_per_second": 2}}`)
	r := estimateDoc(t, d, mustProfile(t, d), nil)
	var text, js bytes.Buffer
	if err := RenderText(&text, r, TextOptions{Width: 120}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Billing model   metric_name", "Metric names    1 billable", "Datapoints      ≤ 15,768,000", "Monthly cost    not estimated", "Points/mo", "hits_per_second"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, text.String())
		}
	}
	if err := RenderJSON(&js, r); err != nil {
		t.Fatal(err)
	}
	var v map[string]json.RawMessage
	if err := json.Unmarshal(js.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	if string(v["billing_model"]) != `"metric_name"` || string(v["monthly_cost_usd"]) != "null" || string(v["indexed_cost_usd"]) != "null" {
		t.Errorf("json:\n%s", js.String())
	}
	var mn map[string]json.RawMessage
	if err := json.Unmarshal(v["metric_name"], &mn); err != nil || string(mn["indexed_datapoints"]) != "15768000" || string(mn["billable_metric_names"]) != "1" || string(mn["metric_names_cost_usd"]) != "null" {
		t.Errorf("metric_name %s (%v)", v["metric_name"], err)
	}
}

func TestRateLimitReading(t *testing.T) {
	for _, tt := range []struct {
		limit string
		want  float64
		from  string
	}{
		{"200/500", 20000, "aug.rateLimit 200/500"},
		{" 10 / 1000 ", 500, "aug.rateLimit 10 / 1000"},
		{"", 20000, "the SDK's default rate limit 200/500"},
		{"500/200", 20000, "the SDK's default"},
		{"fast", 20000, "the SDK's default"},
	} {
		got, from := hitsPerSecond(tt.limit)
		if got != tt.want || !strings.HasPrefix(from, tt.from) {
			t.Errorf("%q: %v (%s), want %v (%s)", tt.limit, got, from, tt.want, tt.from)
		}
	}
}

func mustProfile(t *testing.T, d *template.Document) Profile {
	t.Helper()
	p, err := ProfileFrom(d, now)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func messages(ws []Warning) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.Message
	}
	return out
}

func pathOf(fe *FieldError) string {
	if fe == nil {
		return ""
	}
	return fe.Path
}

// A priced Metric Name Pricing estimate is an upper bound and says so: one
// host at 2,000 hits a second for 730 hours sends at most 5,256,000,000
// datapoints; 5,246 million beyond the 10 million the name includes ×
// $0.05 = $262.30, and the name $0.25: at most $262.55.
func TestMetricNameCostIsAtMost(t *testing.T) {
	d := docOf(t, []metricJSON{m("checkout.items", "count", "env:prod")}, `"x-rk-tui": {"profile": {"billing_model": "metric_name", "hits_per_second": 2000,
		"price_per_metric_name": 0.25, "price_per_million_points": 0.05, "budget": {"max_monthly_cost": 100}}}`)
	p := mustProfile(t, d)
	r := estimateDoc(t, d, p, nil)
	var text, md, js bytes.Buffer
	if err := RenderText(&text, r, TextOptions{Width: 200}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Monthly cost    ≤ $262.55", "at most: 1 name × $0.25 + 5,246 million datapoints × $0.05 per million", "1 host × 2,000 hits/s"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, text.String())
		}
	}
	if err := RenderMarkdown(&md, r, "t.json"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "**at most $262.55**") {
		t.Errorf("markdown:\n%s", md.String())
	}
	if err := RenderJSON(&js, r); err != nil {
		t.Fatal(err)
	}
	var v struct {
		MetricName struct {
			AtMost bool `json:"cost_is_upper_bound"`
		} `json:"metric_name"`
	}
	if err := json.Unmarshal(js.Bytes(), &v); err != nil || !v.MetricName.AtMost {
		t.Errorf("json: cost_is_upper_bound missing (%v):\n%s", err, js.String())
	}
	if b := p.Budget.Check(r.Figures()); len(b) != 1 || !strings.HasPrefix(b[0].Msg, "at most $262.55 a month, over the $100.00 allowed") {
		t.Errorf("budget: %v", b)
	}
}
