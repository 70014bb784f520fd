package preview

import (
	"encoding/json"
	"io"
)

// jsonMetric and jsonResult fix the shape of --format json; the field
// order is the order of the issue that defines it.
type jsonMetric struct {
	Name            string `json:"name"`
	Type            string `json:"type"`
	TagCombinations Count  `json:"tag_combinations"`
	Hosts           Count  `json:"hosts"`
	Series          Count  `json:"series"`
	Multiplier      uint64 `json:"multiplier"`
	CustomMetrics   Count  `json:"custom_metrics"`
}

type jsonWarning struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

type jsonResult struct {
	Metrics        []jsonMetric  `json:"metrics"`
	CustomMetrics  Count         `json:"custom_metrics"`
	Billable       Amount        `json:"billable_custom_metrics"`
	Allotment      Count         `json:"allotment"`
	Existing       Count         `json:"existing"`
	Overage        Amount        `json:"overage"`
	MonthlyCostUSD Amount        `json:"monthly_cost_usd"`
	Warnings       []jsonWarning `json:"warnings"`
}

// RenderJSON writes the projection as indented JSON:
//
//	{"metrics": [{"name", "type", "tag_combinations", "hosts", "series",
//	  "multiplier", "custom_metrics"}], "custom_metrics",
//	  "billable_custom_metrics", "allotment", "existing", "overage",
//	  "monthly_cost_usd", "warnings": [{"code", "message"}]}
//
// Whole numbers are exact however large; fractional ones carry at most four
// decimals, and switch to an exponent from 1e21.
func RenderJSON(w io.Writer, r Result) error {
	out := jsonResult{
		Metrics:        make([]jsonMetric, 0, len(r.Metrics)),
		CustomMetrics:  r.CustomMetrics,
		Billable:       r.Billable,
		Allotment:      r.Allotment,
		Existing:       r.Existing,
		Overage:        r.Overage,
		MonthlyCostUSD: r.MonthlyCostUSD,
		Warnings:       make([]jsonWarning, 0, len(r.Warnings)),
	}
	for _, m := range r.Metrics {
		out.Metrics = append(out.Metrics, jsonMetric{
			Name: m.Name, Type: m.Type, TagCombinations: m.TagCombinations, Hosts: m.Hosts,
			Series: m.Series, Multiplier: m.Multiplier, CustomMetrics: m.CustomMetrics,
		})
	}
	for _, w := range r.Warnings {
		out.Warnings = append(out.Warnings, jsonWarning{Code: w.Code, Message: w.Message})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
