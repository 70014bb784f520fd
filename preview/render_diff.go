package preview

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Summary is the diff in one line, the first a reviewer reads: "+5,994
// custom metrics (+3,485%), +$299.70 a month; 1 of 3 templates changed;
// 1 budget breached".
func (d Diff) Summary() string {
	b, a := d.Before, d.After
	var s string
	delta := DeltaOf(b.CustomMetrics, a.CustomMetrics)
	cost := MoneyDeltaOf(b.MonthlyCostUSD, a.MonthlyCostUSD)
	switch {
	case delta.Sign() == 0 && cost.Sign() == 0 && DeltaOf(b.IngestedCustomMetrics, a.IngestedCustomMetrics).Sign() == 0:
		s = "no change in custom metrics or cost"
	default:
		s = fmt.Sprintf("%s custom metrics (%s)", delta.Human(), PercentChange(b.CustomMetrics, a.CustomMetrics))
		if in := DeltaOf(b.IngestedCustomMetrics, a.IngestedCustomMetrics); in.Sign() != 0 {
			s += fmt.Sprintf(", %s ingested (%s)", in.Human(), PercentChange(b.IngestedCustomMetrics, a.IngestedCustomMetrics))
		}
		if !b.CostEstimated || !a.CostEstimated {
			s += ", cost not estimated"
		} else {
			s += ", " + cost.USD() + " a month"
		}
	}
	s += fmt.Sprintf(" (estimates); %d of %d %s changed", d.Changed(), len(d.Templates), plural(len(d.Templates), "template", "templates"))
	if n := len(d.Breaches); n > 0 {
		s += fmt.Sprintf("; %d %s breached", n, plural(n, "budget", "budgets"))
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// changeText is a metric's change in a table cell.
func changeText(m MetricChange) string {
	s := m.Change
	if m.Change == ChangeRenamed {
		s += " from " + safe(m.OldName)
	}
	if len(m.Details) > 0 {
		s += ": " + safe(strings.Join(m.Details, "; "))
	}
	return s
}

// diffRows are the rows of the change table: every changed metric, and a
// row for a template that changed without a metric changing (its profile).
func diffRows(d Diff) [][6]string {
	var rows [][6]string
	for _, t := range d.Templates {
		shown := false
		for _, m := range t.Metrics {
			if m.Change == ChangeUnchanged {
				continue
			}
			rows = append(rows, [6]string{safe(t.Path), safe(m.Name), changeText(m), m.Before.Human(), m.After.Human(), DeltaOf(m.Before, m.After).Human()})
			shown = true
		}
		if !shown && t.Change != ChangeUnchanged {
			what := t.Change
			if t.Change == ChangeChanged {
				what = "changed: settings or warnings"
			}
			rows = append(rows, [6]string{safe(t.Path), "", what, t.Before.CustomMetrics.Human(), t.After.CustomMetrics.Human(), DeltaOf(t.Before.CustomMetrics, t.After.CustomMetrics).Human()})
		}
	}
	return rows
}

// accountTotals are the before/after rows of the account.
func accountTotals(d Diff) [][4]string {
	b, a := d.Before, d.After
	rows := [][4]string{{"Custom metrics while live", b.CustomMetrics.Human(), a.CustomMetrics.Human(), DeltaOf(b.CustomMetrics, a.CustomMetrics).Human()}}
	if !b.IngestedCustomMetrics.IsZero() || !a.IngestedCustomMetrics.IsZero() {
		rows = append(rows, [4]string{"Ingested custom metrics", b.IngestedCustomMetrics.Human(), a.IngestedCustomMetrics.Human(), DeltaOf(b.IngestedCustomMetrics, a.IngestedCustomMetrics).Human()})
	}
	if a.MetricNames != nil || b.MetricNames != nil {
		names := func(x Account) string {
			if x.MetricNames == nil {
				return "-"
			}
			return fmt.Sprint(x.MetricNames.BillableNames)
		}
		rows = append(rows, [4]string{"Billable metric names", names(b), names(a), ""})
	} else {
		rows = append(rows, [4]string{"Allotment", b.Allotment.Human() + " (" + accountNote(b) + ")", a.Allotment.Human() + " (" + accountNote(a) + ")", ""},
			[4]string{"Allotment used, with existing", Percent(b.Share()), Percent(a.Share()), ""})
	}
	cost := func(x Account) string {
		if !x.CostEstimated {
			return "not estimated"
		}
		return x.MonthlyCostUSD.USD()
	}
	change := ""
	if b.CostEstimated && a.CostEstimated {
		change = MoneyDeltaOf(b.MonthlyCostUSD, a.MonthlyCostUSD).USD()
	}
	return append(rows, [4]string{"Monthly cost", cost(b), cost(a), change})
}

func accountNote(a Account) string {
	plan := "per host"
	if a.Plan != "" {
		plan = string(a.Plan)
	}
	return fmt.Sprintf("%s hosts × %d, %s", a.AccountHosts.Human(), a.AllotmentPerHost, plan)
}

// RenderDiffText writes the diff as aligned text for a terminal or a CI
// log: the summary, the changed metrics, the account before and after, the
// findings and the budgets.
func RenderDiffText(w io.Writer, d Diff) error {
	var b strings.Builder
	b.WriteString("Cost review: " + d.Summary() + "\n\n")
	if rows := diffRows(d); len(rows) > 0 {
		table := [][]string{{"Template", "Metric", "Change", "Before", "After", "Δ"}}
		for _, r := range rows {
			table = append(table, r[:])
		}
		writeAligned(&b, table, 3)
		b.WriteString("\n")
	} else {
		b.WriteString("No metric changed.\n\n")
	}
	table := [][]string{{"", "Before", "After", "Δ"}}
	for _, r := range accountTotals(d) {
		table = append(table, r[:])
	}
	writeAligned(&b, table, 1)
	writeDiffNotes(&b, d, func(s string) string { return s })
	_, err := io.WriteString(w, b.String())
	return err
}

// writeAligned writes rows as columns; columns from right on are figures,
// aligned right.
func writeAligned(b *strings.Builder, rows [][]string, right int) {
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], runes(c))
		}
	}
	for _, r := range rows {
		var l strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-runes(c))
			if i > 0 {
				l.WriteString("  ")
			}
			if i >= right {
				l.WriteString(pad + c)
			} else {
				l.WriteString(c + pad)
			}
		}
		b.WriteString(strings.TrimRight(l.String(), " ") + "\n")
	}
}

func writeDiffNotes(b *strings.Builder, d Diff, esc func(string) string) {
	if len(d.Findings) > 0 {
		b.WriteString("\nFindings\n")
		for _, f := range d.Findings {
			fmt.Fprintf(b, "! %s: %s: %s\n", safe(f.Template), f.Code, esc(safe(f.Message)))
		}
	}
	if len(d.Breaches) > 0 {
		b.WriteString("\nBudgets\n")
		for _, br := range d.Breaches {
			fmt.Fprintf(b, "✗ %s: %s\n", breachScope(br), esc(br.Msg))
		}
	}
	b.WriteString("\n" + diffBasis(d) + "\n")
}

func breachScope(br Breach) string {
	if br.Scope == "" {
		return br.Setting + " (total)"
	}
	return br.Setting + " (" + safe(br.Scope) + ")"
}

func diffBasis(d Diff) string {
	a := d.After
	if a.MetricNames != nil {
		return "Estimates under Metric Name Pricing; prices as the profile gives them."
	}
	s := "Estimates under the timeseries model at " + indexedPriceText(a.Billing)
	if !a.IngestedCustomMetrics.IsZero() || !d.Before.IngestedCustomMetrics.IsZero() {
		s += " and " + ingestedPriceText(a.Billing)
	}
	return s + ", per month; contracts differ."
}

// RenderDiffMarkdown writes the diff as a pull request comment: the
// summary line first, the table of changed metrics, the account before and
// after, then findings and budgets.
func RenderDiffMarkdown(w io.Writer, d Diff) error {
	var b strings.Builder
	mark := "✅"
	if len(d.Breaches) > 0 {
		mark = "❌"
	} else if d.Grows() {
		mark = "⚠️"
	}
	b.WriteString(mark + " **Custom metrics cost review:** " + escapeMD(d.Summary()) + "\n\n")
	if rows := diffRows(d); len(rows) > 0 {
		b.WriteString("| Template | Metric | Change | Custom metrics before | After | Δ |\n| --- | --- | --- | ---: | ---: | ---: |\n")
		for _, r := range rows {
			name := code(r[1])
			if r[1] == "" {
				name = ""
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", code(r[0]), name, cell(escapeMD(r[2])), r[3], r[4], r[5])
		}
		b.WriteString("\n")
	} else {
		b.WriteString("No metric changed.\n\n")
	}
	b.WriteString("| Account | Before | After | Δ |\n| --- | ---: | ---: | ---: |\n")
	for _, r := range accountTotals(d) {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", cell(r[0]), cell(r[1]), cell(r[2]), cell(r[3]))
	}
	if len(d.Findings) > 0 {
		b.WriteString("\n**Findings**\n\n")
		for _, f := range d.Findings {
			fmt.Fprintf(&b, "- %s `%s`: %s\n", code(safe(f.Template)), f.Code, escapeMD(safe(f.Message)))
		}
	}
	if len(d.Breaches) > 0 {
		b.WriteString("\n**Budgets**\n\n")
		for _, br := range d.Breaches {
			fmt.Fprintf(&b, "- ❌ `%s`: %s\n", breachScope(br), escapeMD(br.Msg))
		}
	}
	b.WriteString("\n_" + escapeMD(diffBasis(d)) + "_\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// The shape of rk-tui diff --format json.
type jsonDiff struct {
	Note         string              `json:"note"`
	Summary      jsonDiffSummary     `json:"summary"`
	BillingModel BillingModel        `json:"billing_model"`
	Templates    []jsonTemplateDiff  `json:"templates"`
	Findings     []jsonFinding       `json:"findings"`
	Budgets      []jsonBreach        `json:"budgets"`
	WithinBudget bool                `json:"within_budget"`
	Accounts     map[string]jsonSide `json:"accounts"`
}

type jsonDiffSummary struct {
	Text                 string     `json:"text"`
	Grows                bool       `json:"grows"`
	TemplatesChanged     int        `json:"templates_changed"`
	Templates            int        `json:"templates"`
	CustomMetricsBefore  Count      `json:"custom_metrics_before"`
	CustomMetricsAfter   Count      `json:"custom_metrics_after"`
	CustomMetricsChange  Delta      `json:"custom_metrics_change"`
	CustomMetricsPercent *float64   `json:"custom_metrics_change_percent"`
	CostEstimated        bool       `json:"cost_estimated"`
	CostBefore           Amount     `json:"monthly_cost_usd_before"`
	CostAfter            Amount     `json:"monthly_cost_usd_after"`
	CostChange           MoneyDelta `json:"monthly_cost_usd_change"`
}

type jsonSide struct {
	CustomMetrics         Count  `json:"custom_metrics"`
	IngestedCustomMetrics Count  `json:"ingested_custom_metrics"`
	Allotment             Count  `json:"allotment"`
	Existing              Count  `json:"existing"`
	MonthlyCostUSD        Amount `json:"monthly_cost_usd"`
	CostEstimated         bool   `json:"cost_estimated"`
}

type jsonTemplateDiff struct {
	Path                string           `json:"path"`
	Change              string           `json:"change"`
	CustomMetricsBefore Count            `json:"custom_metrics_before"`
	CustomMetricsAfter  Count            `json:"custom_metrics_after"`
	CostBefore          Amount           `json:"monthly_cost_usd_before"`
	CostAfter           Amount           `json:"monthly_cost_usd_after"`
	Metrics             []jsonMetricDiff `json:"metrics"`
	Findings            []jsonWarning    `json:"findings"`
}

type jsonMetricDiff struct {
	Name                string   `json:"name"`
	OldName             string   `json:"old_name,omitempty"`
	Change              string   `json:"change"`
	Type                string   `json:"type"`
	OldType             string   `json:"old_type,omitempty"`
	Details             []string `json:"details"`
	CustomMetricsBefore Count    `json:"custom_metrics_before"`
	CustomMetricsAfter  Count    `json:"custom_metrics_after"`
	CustomMetricsChange Delta    `json:"custom_metrics_change"`
}

type jsonFinding struct {
	Template string `json:"template"`
	Code     string `json:"code"`
	Message  string `json:"message"`
}

type jsonBreach struct {
	Scope   string `json:"scope"`
	Setting string `json:"setting"`
	Message string `json:"message"`
}

// RenderDiffJSON writes the diff as indented JSON. The schema, stable (keys
// may be added, none renamed or removed):
//
//	note
//	summary        {text, grows, templates_changed, templates,
//	                custom_metrics_before, custom_metrics_after, custom_metrics_change,
//	                custom_metrics_change_percent (null from 0), cost_estimated,
//	                monthly_cost_usd_before, monthly_cost_usd_after, monthly_cost_usd_change}
//	billing_model  of the new side
//	templates      [{path, change (added|removed|changed|unchanged),
//	                 custom_metrics_before, custom_metrics_after,
//	                 monthly_cost_usd_before, monthly_cost_usd_after,
//	                 metrics: [{name, old_name (renamed), change (added|removed|renamed|changed|unchanged),
//	                            type, old_type, details: [...],
//	                            custom_metrics_before, custom_metrics_after, custom_metrics_change}],
//	                 findings: [{code, message}]}]
//	findings       [{template, code, message}]
//	budgets        [{scope ("" for the total, else the template), setting, message}]
//	within_budget  true when no budget is breached
//	accounts       {"before": side, "after": side}, each {custom_metrics,
//	                ingested_custom_metrics, allotment, existing, monthly_cost_usd, cost_estimated}
//
// Counts are exact; changes are signed.
func RenderDiffJSON(w io.Writer, d Diff) error {
	b, a := d.Before, d.After
	out := jsonDiff{
		Note: JSONNote,
		Summary: jsonDiffSummary{Text: d.Summary(), Grows: d.Grows(), TemplatesChanged: d.Changed(), Templates: len(d.Templates),
			CustomMetricsBefore: b.CustomMetrics, CustomMetricsAfter: a.CustomMetrics, CustomMetricsChange: DeltaOf(b.CustomMetrics, a.CustomMetrics),
			CostEstimated: b.CostEstimated && a.CostEstimated, CostBefore: b.MonthlyCostUSD, CostAfter: a.MonthlyCostUSD,
			CostChange: MoneyDeltaOf(b.MonthlyCostUSD, a.MonthlyCostUSD)},
		BillingModel: a.Billing.Model,
		Templates:    make([]jsonTemplateDiff, 0, len(d.Templates)),
		Findings:     make([]jsonFinding, 0, len(d.Findings)),
		Budgets:      make([]jsonBreach, 0, len(d.Breaches)),
		WithinBudget: len(d.Breaches) == 0,
		Accounts:     map[string]jsonSide{"before": sideJSON(b), "after": sideJSON(a)},
	}
	if !b.CustomMetrics.IsZero() || a.CustomMetrics.IsZero() {
		pct := GrowthPercent(b.CustomMetrics, a.CustomMetrics)
		out.Summary.CustomMetricsPercent = &pct
	}
	for _, t := range d.Templates {
		jt := jsonTemplateDiff{Path: t.Path, Change: t.Change, CustomMetricsBefore: t.Before.CustomMetrics, CustomMetricsAfter: t.After.CustomMetrics,
			CostBefore: t.Before.MonthlyCost, CostAfter: t.After.MonthlyCost, Metrics: make([]jsonMetricDiff, 0, len(t.Metrics)), Findings: make([]jsonWarning, 0, len(t.Findings))}
		for _, m := range t.Metrics {
			jm := jsonMetricDiff{Name: m.Name, OldName: m.OldName, Change: m.Change, Type: m.Type, Details: m.Details,
				CustomMetricsBefore: m.Before, CustomMetricsAfter: m.After, CustomMetricsChange: DeltaOf(m.Before, m.After)}
			if m.OldType != m.Type {
				jm.OldType = m.OldType
			}
			if jm.Details == nil {
				jm.Details = []string{}
			}
			jt.Metrics = append(jt.Metrics, jm)
		}
		for _, f := range t.Findings {
			jt.Findings = append(jt.Findings, jsonWarning{Code: f.Code, Message: f.Message})
		}
		out.Templates = append(out.Templates, jt)
	}
	for _, f := range d.Findings {
		out.Findings = append(out.Findings, jsonFinding(f))
	}
	for _, br := range d.Breaches {
		out.Budgets = append(out.Budgets, jsonBreach{Scope: br.Scope, Setting: br.Setting, Message: br.Msg})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func sideJSON(a Account) jsonSide {
	return jsonSide{CustomMetrics: a.CustomMetrics, IngestedCustomMetrics: a.IngestedCustomMetrics, Allotment: a.Allotment,
		Existing: a.Existing, MonthlyCostUSD: a.MonthlyCostUSD, CostEstimated: a.CostEstimated}
}
