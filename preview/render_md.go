package preview

import (
	"fmt"
	"io"
	"strings"
)

// RenderMarkdown writes the projection as GitHub-flavoured Markdown, for a
// pull request description. title names what is previewed ("" for none).
func RenderMarkdown(w io.Writer, r Result, title string) error {
	var b strings.Builder
	b.WriteString("### Custom metrics preview")
	if title != "" {
		b.WriteString(": " + code(safe(title)))
	}
	b.WriteString("\n\n")
	writeMarkdownTable(&b, r)
	b.WriteString("| Total (estimates) | |\n| --- | ---: |\n")
	for _, row := range markdownTotals(r) {
		fmt.Fprintf(&b, "| %s | %s |\n", cell(row[0]), cell(row[1]))
	}
	b.WriteString("\n_" + escapeMD(basisLine(r)) + "_\n")
	writeMarkdownWarnings(&b, r.Warnings)
	_, err := io.WriteString(w, b.String())
	return err
}

func writeMarkdownTable(b *strings.Builder, r Result) {
	if len(r.Metrics) == 0 {
		b.WriteString("No metrics: the template has no datadog or dogstatsd metric.\n\n")
		return
	}
	head := "| Metric | Type | Tag combinations | Hosts | Series | Multiplier | Custom metrics |"
	rule := "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
	if r.TagConfigured > 0 {
		head, rule = head+" Indexed |", rule+" ---: |"
	}
	if r.MetricNames != nil {
		head, rule = head+" Datapoints/month (at most) |", rule+" ---: |"
	}
	b.WriteString(head + "\n" + rule + "\n")
	for _, m := range r.Metrics {
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %d | %s |",
			code(safe(m.Name)), cell(safe(m.Type)), m.TagCombinations.Human(), m.Hosts.Human(), m.Series.Human(), m.Multiplier, m.CustomMetrics.Human())
		if r.TagConfigured > 0 {
			fmt.Fprintf(b, " %s |", m.IndexedCustomMetrics.Human())
		}
		if r.MetricNames != nil {
			fmt.Fprintf(b, " %s |", m.Datapoints.Human())
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}

// markdownTotals are the rows of the totals table.
func markdownTotals(r Result) [][2]string {
	rows := [][2]string{{"Billing model", string(r.Billing.Model)}}
	if mn := r.MetricNames; mn != nil {
		cost := "not estimated (set price_per_metric_name)"
		if r.CostEstimated {
			cost = "at most " + r.MonthlyCostUSD.USD()
		}
		return append(rows,
			[2]string{"Custom metrics (not billed under this model)", r.CustomMetrics.Human()},
			[2]string{"Live", activeNote(r)},
			[2]string{"Billable metric names (over 100 indexed datapoints a month)", fmt.Sprintf("%d of %d", mn.BillableNames, mn.Names)},
			[2]string{"Hits a month, at most (" + hitsNote(r) + ")", mn.Hits.Human()},
			[2]string{"Indexed datapoints a month, at most", mn.IndexedPoints.Human()},
			[2]string{"Datapoints over the 10M per name", mn.PointsOverAllowance.Human()},
			[2]string{"**Monthly cost**", "**" + cost + "**"},
		)
	}
	rows = append(rows, [2]string{"Custom metrics while live (indexed)", r.CustomMetrics.Human()})
	if r.TagConfigured > 0 {
		rows = append(rows, [2]string{"Ingested custom metrics (tag-configured metrics, every tag)", r.IngestedCustomMetrics.Human()})
	}
	rows = append(rows,
		[2]string{"Billable (" + activeNote(r) + ")", r.Billable.Human(1)},
		[2]string{"Allotment (" + allotmentNote(r) + ")", r.Allotment.Human()},
		[2]string{"Existing custom metrics", r.Existing.Human()},
		[2]string{"Allotment used by this template", Percent(r.Share())},
	)
	if !r.Existing.IsZero() {
		rows = append(rows, [2]string{"Allotment used with existing", Percent(r.ShareWithExisting())})
	}
	rows = append(rows, [2]string{"Overage (custom metrics over the allotment)", r.Overage.Human(1)})
	if r.TagConfigured > 0 {
		rows = append(rows,
			[2]string{"Ingested overage", r.IngestedOverage.Human(1)},
			[2]string{"Indexed cost", r.IndexedCostUSD.USD()},
			[2]string{"Ingested cost", r.IngestedCostUSD.USD()},
			[2]string{"Tag configurations", savingsText(r)},
		)
	}
	return append(rows, [2]string{"**Monthly cost**", "**" + r.MonthlyCostUSD.USD() + "**"})
}

// basisLine says which model and prices the figures assume.
func basisLine(r Result) string {
	b := r.Billing
	if r.MetricNames != nil {
		if !r.CostEstimated {
			return "Estimates under Metric Name Pricing; Datadog sets the prices of names and datapoints in the contract, in tiers."
		}
		return "Estimates under Metric Name Pricing: " + strings.TrimPrefix(metricNameCostText(r), "estimate, at most: ") + ", at most: the datapoints are the most the rate limit allows."
	}
	s := "Estimates at " + indexedPriceText(b)
	if r.TagConfigured > 0 {
		s += " and " + ingestedPriceText(b)
	}
	return s + ", per month; contracts differ."
}

func writeMarkdownWarnings(b *strings.Builder, ws []Warning) {
	if len(ws) == 0 {
		return
	}
	b.WriteString("\n**Warnings**\n\n")
	for _, w := range ws {
		fmt.Fprintf(b, "- `%s`: %s\n", w.Code, escapeMD(safe(w.Message)))
	}
}

func activeNote(r Result) string {
	s := "live " + Hours(r.ActiveHours) + " of " + Hours(r.HoursInMonth) + " hours"
	if r.ActiveHoursNote != "" {
		s += ", " + safe(r.ActiveHoursNote)
	}
	return s
}

// cell makes text safe inside a table cell.
func cell(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	return strings.ReplaceAll(s, "|", `\|`)
}

// code shows s as inline code, safe inside a table cell.
func code(s string) string {
	if s == "" {
		return "_(no name)_"
	}
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " "
	}
	return fence + pad + cell(s) + pad + fence
}

// escapeMD keeps a message's own characters from turning into formatting.
func escapeMD(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "<", "&lt;", "[", `\[`)
	return r.Replace(s)
}
