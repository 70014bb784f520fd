package preview

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// accountRows are the per-template rows and the total of an account.
func accountRows(a Account) [][]string {
	rows := [][]string{{"Template", "Custom metrics", "Ingested", "Billable", "Share of allotment"}}
	for _, t := range a.Templates {
		r := t.Result
		rows = append(rows, []string{safe(t.Name), r.CustomMetrics.Human(), r.IngestedCustomMetrics.Human(), r.Billable.Human(1), Percent(ratio(r.Billable, a.Allotment))})
	}
	return append(rows, []string{"Total", a.CustomMetrics.Human(), a.IngestedCustomMetrics.Human(), a.Billable.Human(1), Percent(ratio(a.Billable, a.Allotment))})
}

func accountSummary(a Account) [][2]string {
	rows := [][2]string{{"Billing model", string(a.Billing.Model)}}
	if a.MetricNames != nil {
		rows = append(rows, [2]string{"Billable metric names", fmt.Sprintf("%d of %d", a.MetricNames.BillableNames, a.MetricNames.Names)},
			[2]string{"Indexed datapoints a month, at most", a.MetricNames.IndexedPoints.Human()})
	} else {
		rows = append(rows, [2]string{"Allotment", a.Allotment.Human() + " (" + accountNote(a) + ")"},
			[2]string{"Existing custom metrics", a.Existing.Human()},
			[2]string{"Allotment used, with existing", Percent(a.Share())},
			[2]string{"Overage", a.Overage.Human(1)})
		if !a.IngestedCustomMetrics.IsZero() {
			rows = append(rows, [2]string{"Ingested overage", a.IngestedOverage.Human(1)})
		}
	}
	cost := "not estimated (set price_per_metric_name)"
	if a.CostEstimated {
		cost = a.MonthlyCostUSD.USD()
		if a.MetricNames != nil {
			cost = "at most " + cost
		}
	}
	return append(rows, [2]string{"Monthly cost (estimate)", cost})
}

// RenderAccountText writes several templates as one account: a row per
// template and the total, the account's allotment and cost, then each
// template's warnings.
func RenderAccountText(w io.Writer, a Account) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Custom metrics preview: %d %s as one account (estimates)\n\n", len(a.Templates), plural(len(a.Templates), "template", "templates"))
	writeAligned(&b, accountRows(a), 1)
	b.WriteString("\n")
	for _, r := range accountSummary(a) {
		fmt.Fprintf(&b, "%-30s %s\n", r[0], r[1])
	}
	writeAccountWarnings(&b, a, func(s string) string { return s })
	_, err := io.WriteString(w, b.String())
	return err
}

// RenderAccountMarkdown is RenderAccountText as Markdown.
func RenderAccountMarkdown(w io.Writer, a Account) error {
	var b strings.Builder
	fmt.Fprintf(&b, "### Custom metrics preview: %d %s as one account\n\n", len(a.Templates), plural(len(a.Templates), "template", "templates"))
	rows := accountRows(a)
	b.WriteString("| " + strings.Join(rows[0], " | ") + " |\n| --- | ---: | ---: | ---: | ---: |\n")
	for i, r := range rows[1:] {
		name := code(r[0])
		if i == len(rows)-2 {
			name = "**Total**"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", name, r[1], r[2], r[3], r[4])
	}
	b.WriteString("\n| Account (estimates) | |\n| --- | ---: |\n")
	for _, r := range accountSummary(a) {
		fmt.Fprintf(&b, "| %s | %s |\n", cell(r[0]), cell(r[1]))
	}
	writeAccountWarnings(&b, a, escapeMD)
	_, err := io.WriteString(w, b.String())
	return err
}

func writeAccountWarnings(b *strings.Builder, a Account, esc func(string) string) {
	header := false
	for _, t := range a.Templates {
		for _, warn := range t.Result.Warnings {
			if !header {
				b.WriteString("\nWarnings\n\n")
				header = true
			}
			fmt.Fprintf(b, "- %s %s: %s\n", esc(safe(t.Name)), warn.Code, esc(safe(warn.Message)))
		}
	}
}

type jsonAccount struct {
	Note                  string           `json:"note"`
	BillingModel          BillingModel     `json:"billing_model"`
	Templates             []jsonAccountRow `json:"templates"`
	CustomMetrics         Count            `json:"custom_metrics"`
	IngestedCustomMetrics Count            `json:"ingested_custom_metrics"`
	Billable              Amount           `json:"billable_custom_metrics"`
	AccountHosts          Count            `json:"account_hosts"`
	Allotment             Count            `json:"allotment"`
	Existing              Count            `json:"existing"`
	Overage               Amount           `json:"overage"`
	IngestedOverage       Amount           `json:"ingested_overage"`
	MonthlyCostUSD        *Amount          `json:"monthly_cost_usd"`
	MetricName            *jsonMetricName  `json:"metric_name,omitempty"`
	Budgets               []jsonBreach     `json:"budgets"`
}

type jsonAccountRow struct {
	Name                  string        `json:"name"`
	CustomMetrics         Count         `json:"custom_metrics"`
	IngestedCustomMetrics Count         `json:"ingested_custom_metrics"`
	Billable              Amount        `json:"billable_custom_metrics"`
	Warnings              []jsonWarning `json:"warnings"`
}

// RenderAccountJSON writes the account as indented JSON:
//
//	{note, billing_model, templates: [{name, custom_metrics, ingested_custom_metrics,
//	  billable_custom_metrics, warnings: [{code, message}]}], custom_metrics,
//	  ingested_custom_metrics, billable_custom_metrics, account_hosts, allotment,
//	  existing, overage, ingested_overage, monthly_cost_usd (null: not estimated),
//	  metric_name (under metric_name), budgets: [{scope, setting, message}]}
func RenderAccountJSON(w io.Writer, a Account, breaches []Breach) error {
	out := jsonAccount{Note: JSONNote, BillingModel: a.Billing.Model, Templates: make([]jsonAccountRow, 0, len(a.Templates)),
		CustomMetrics: a.CustomMetrics, IngestedCustomMetrics: a.IngestedCustomMetrics, Billable: a.Billable,
		AccountHosts: a.AccountHosts, Allotment: a.Allotment, Existing: a.Existing, Overage: a.Overage, IngestedOverage: a.IngestedOverage,
		Budgets: make([]jsonBreach, 0, len(breaches))}
	if a.CostEstimated {
		out.MonthlyCostUSD = &a.MonthlyCostUSD
	}
	if mn := a.MetricNames; mn != nil {
		out.MetricName = &jsonMetricName{AtMost: true, Names: mn.Names, BillableNames: mn.BillableNames, Hits: mn.Hits, IndexedPoints: mn.IndexedPoints,
			PointsOverAllowance: mn.PointsOverAllowance, HitsFrom: "the templates'"}
		if a.Billing.MetricNamePrice != nil {
			out.MetricName.NamesCostUSD = &mn.NamesCostUSD
		}
		if a.Billing.PointsPricePerMillion != nil {
			out.MetricName.PointsCostUSD = &mn.PointsCostUSD
		}
	}
	for _, t := range a.Templates {
		row := jsonAccountRow{Name: t.Name, CustomMetrics: t.Result.CustomMetrics, IngestedCustomMetrics: t.Result.IngestedCustomMetrics,
			Billable: t.Result.Billable, Warnings: make([]jsonWarning, 0, len(t.Result.Warnings))}
		for _, warn := range t.Result.Warnings {
			row.Warnings = append(row.Warnings, jsonWarning{Code: warn.Code, Message: warn.Message})
		}
		out.Templates = append(out.Templates, row)
	}
	for _, br := range breaches {
		out.Budgets = append(out.Budgets, jsonBreach{Scope: br.Scope, Setting: br.Setting, Message: br.Msg})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
