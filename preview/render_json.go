package preview

import (
	"encoding/json"
	"io"
)

// The shape of --format json. New keys may be added; none is renamed or
// removed.
type jsonMetric struct {
	Name            string `json:"name"`
	Type            string `json:"type"`
	TagCombinations Count  `json:"tag_combinations"`
	Hosts           Count  `json:"hosts"`
	Series          Count  `json:"series"`
	Multiplier      uint64 `json:"multiplier"`
	CustomMetrics   Count  `json:"custom_metrics"`
	// Op is the operation: "datadog" (the API) or "dogstatsd".
	Op                    string         `json:"op"`
	HostTag               bool           `json:"host_tag"`
	TagConfiguration      *jsonTagConfig `json:"tag_configuration"`
	IndexedSeries         Count          `json:"indexed_series"`
	IndexedMultiplier     uint64         `json:"indexed_multiplier"`
	IndexedCustomMetrics  Count          `json:"indexed_custom_metrics"`
	IngestedCustomMetrics Count          `json:"ingested_custom_metrics"`
	Datapoints            *Count         `json:"datapoints,omitempty"`
}

type jsonTagConfig struct {
	Tags               []string      `json:"tags"`
	ExcludeTagsMode    bool          `json:"exclude_tags_mode"`
	Aggregations       []Aggregation `json:"aggregations"`
	IncludePercentiles *bool         `json:"include_percentiles,omitempty"`
}

type jsonWarning struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

type jsonPrices struct {
	IndexedPer100    float64  `json:"indexed_per_100"`
	IndexedAssumed   bool     `json:"indexed_assumed"`
	IngestedPer100   float64  `json:"ingested_per_100"`
	PerMetricName    *float64 `json:"per_metric_name"`
	PerMillionPoints *float64 `json:"per_million_points"`
}

type jsonMetricName struct {
	Names               int     `json:"metric_names"`
	BillableNames       int     `json:"billable_metric_names"`
	HitsPerSecond       Amount  `json:"hits_per_second_per_host"`
	HitsFrom            string  `json:"hits_from"`
	Hits                Count   `json:"hits"`
	IndexedPoints       Count   `json:"indexed_datapoints"`
	PointsOverAllowance Count   `json:"datapoints_over_allowance"`
	NamesCostUSD        *Amount `json:"metric_names_cost_usd"`
	PointsCostUSD       *Amount `json:"datapoints_cost_usd"`
	// AtMost: the datapoints, and so the cost, are the most the rate limit
	// (or hits_per_second) allows, not a forecast of traffic.
	AtMost bool `json:"cost_is_upper_bound"`
}

type jsonSavings struct {
	Metrics                   int    `json:"metrics"`
	UnconfiguredCustomMetrics Count  `json:"unconfigured_custom_metrics"`
	UnconfiguredCostUSD       Amount `json:"unconfigured_monthly_cost_usd"`
}

type jsonResult struct {
	Note                  string          `json:"note"`
	BillingModel          BillingModel    `json:"billing_model"`
	Prices                jsonPrices      `json:"prices"`
	Plan                  *Plan           `json:"plan"`
	AllotmentPerHost      uint64          `json:"allotment_per_host"`
	Hosts                 Count           `json:"hosts"`
	AccountHosts          Count           `json:"account_hosts"`
	HostTag               string          `json:"host_tag"`
	ActiveHours           float64         `json:"active_hours"`
	HoursInMonth          float64         `json:"hours_in_month"`
	Metrics               []jsonMetric    `json:"metrics"`
	CustomMetrics         Count           `json:"custom_metrics"`
	IndexedCustomMetrics  Count           `json:"indexed_custom_metrics"`
	IngestedCustomMetrics Count           `json:"ingested_custom_metrics"`
	Billable              Amount          `json:"billable_custom_metrics"`
	BillableIngested      Amount          `json:"billable_ingested_custom_metrics"`
	Allotment             Count           `json:"allotment"`
	Existing              Count           `json:"existing"`
	ExistingIngested      Count           `json:"existing_ingested"`
	Overage               Amount          `json:"overage"`
	IngestedOverage       Amount          `json:"ingested_overage"`
	IndexedCostUSD        *Amount         `json:"indexed_cost_usd"`
	IngestedCostUSD       *Amount         `json:"ingested_cost_usd"`
	MonthlyCostUSD        *Amount         `json:"monthly_cost_usd"`
	TagConfigurations     *jsonSavings    `json:"tag_configurations,omitempty"`
	MetricName            *jsonMetricName `json:"metric_name,omitempty"`
	Warnings              []jsonWarning   `json:"warnings"`
}

// JSONNote labels every figure of the JSON output.
const JSONNote = "estimates from the template and its cost profile; Datadog bills what it measures"

// RenderJSON writes the projection as indented JSON. The keys, in order:
//
//	note                  what the figures are (estimates)
//	billing_model         "timeseries" or "metric_name"
//	prices                {indexed_per_100, indexed_assumed, ingested_per_100,
//	                       per_metric_name, per_million_points} (USD; null: not given)
//	plan                  "pro", "enterprise", or null when allotment_per_host is given
//	allotment_per_host, hosts, account_hosts
//	host_tag              "route" (as the route sends), "on" or "off"
//	active_hours, hours_in_month
//	metrics               [{name, type, tag_combinations, hosts, series, multiplier,
//	                        custom_metrics, op, host_tag, tag_configuration (or null),
//	                        indexed_series, indexed_multiplier, indexed_custom_metrics,
//	                        ingested_custom_metrics, datapoints (metric_name only)}]
//	custom_metrics        indexed custom metrics while live (= indexed_custom_metrics)
//	indexed_custom_metrics, ingested_custom_metrics
//	billable_custom_metrics, billable_ingested_custom_metrics   monthly averages
//	allotment, existing, existing_ingested, overage, ingested_overage
//	indexed_cost_usd, ingested_cost_usd   null under metric_name
//	monthly_cost_usd      null when the model's prices are not given
//	tag_configurations    {metrics, unconfigured_custom_metrics,
//	                       unconfigured_monthly_cost_usd}, only when a metric has one
//	metric_name           {metric_names, billable_metric_names, hits_per_second_per_host,
//	                       hits_from, hits, indexed_datapoints, datapoints_over_allowance,
//	                       metric_names_cost_usd, datapoints_cost_usd}, only under metric_name
//	warnings              [{code, message}]
//
// Whole numbers are exact however large; fractional ones carry at most four
// decimals, and switch to an exponent from 1e21.
func RenderJSON(w io.Writer, r Result) error {
	b := r.Billing
	out := jsonResult{
		Note:         JSONNote,
		BillingModel: b.Model,
		Prices: jsonPrices{IndexedPer100: b.IndexedPricePer100, IndexedAssumed: !b.IndexedPriceGiven,
			IngestedPer100: b.IngestedPricePer100, PerMetricName: b.MetricNamePrice, PerMillionPoints: b.PointsPricePerMillion},
		AllotmentPerHost:      r.AllotmentPerHost,
		Hosts:                 r.Hosts,
		AccountHosts:          r.AccountHosts,
		HostTag:               hostTagJSON(r.HostTag),
		ActiveHours:           r.ActiveHours,
		HoursInMonth:          r.HoursInMonth,
		Metrics:               make([]jsonMetric, 0, len(r.Metrics)),
		CustomMetrics:         r.CustomMetrics,
		IndexedCustomMetrics:  r.CustomMetrics,
		IngestedCustomMetrics: r.IngestedCustomMetrics,
		Billable:              r.Billable,
		BillableIngested:      r.BillableIngested,
		Allotment:             r.Allotment,
		Existing:              r.Existing,
		ExistingIngested:      r.ExistingIngested,
		Overage:               r.Overage,
		IngestedOverage:       r.IngestedOverage,
		Warnings:              make([]jsonWarning, 0, len(r.Warnings)),
	}
	if r.Plan != "" {
		out.Plan = &r.Plan
	}
	if r.CostEstimated {
		out.MonthlyCostUSD = &r.MonthlyCostUSD
	}
	if r.MetricNames == nil {
		out.IndexedCostUSD, out.IngestedCostUSD = &r.IndexedCostUSD, &r.IngestedCostUSD
	} else {
		mn := r.MetricNames
		out.MetricName = &jsonMetricName{AtMost: true, Names: mn.Names, BillableNames: mn.BillableNames, HitsPerSecond: AmountOf(mn.HitsPerSecond),
			HitsFrom: mn.HitsFrom, Hits: mn.Hits, IndexedPoints: mn.IndexedPoints, PointsOverAllowance: mn.PointsOverAllowance}
		if b.MetricNamePrice != nil {
			out.MetricName.NamesCostUSD = &mn.NamesCostUSD
		}
		if b.PointsPricePerMillion != nil {
			out.MetricName.PointsCostUSD = &mn.PointsCostUSD
		}
	}
	if r.TagConfigured > 0 {
		out.TagConfigurations = &jsonSavings{Metrics: r.TagConfigured, UnconfiguredCustomMetrics: r.UnconfiguredCustomMetrics, UnconfiguredCostUSD: r.UnconfiguredCostUSD}
	}
	for i := range r.Metrics {
		m := &r.Metrics[i]
		jm := jsonMetric{
			Name: m.Name, Type: m.Type, TagCombinations: m.TagCombinations, Hosts: m.Hosts,
			Series: m.Series, Multiplier: m.Multiplier, CustomMetrics: m.CustomMetrics,
			Op: m.Op, HostTag: m.HostTag, IndexedSeries: m.IndexedSeries, IndexedMultiplier: m.IndexedMultiplier,
			IndexedCustomMetrics: m.IndexedCustomMetrics, IngestedCustomMetrics: m.IngestedCustomMetrics,
		}
		if c := m.TagConfig; c != nil {
			jm.TagConfiguration = &jsonTagConfig{Tags: c.Tags, ExcludeTagsMode: c.ExcludeTagsMode, Aggregations: c.Aggregations, IncludePercentiles: c.IncludePercentiles}
			if jm.TagConfiguration.Aggregations == nil {
				jm.TagConfiguration.Aggregations = []Aggregation{}
			}
		}
		if r.MetricNames != nil {
			jm.Datapoints = &m.Datapoints
		}
		out.Metrics = append(out.Metrics, jm)
	}
	for _, w := range r.Warnings {
		out.Warnings = append(out.Warnings, jsonWarning{Code: w.Code, Message: w.Message})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func hostTagJSON(h HostTag) string {
	if h == HostTagByRoute {
		return "route"
	}
	return string(h)
}
