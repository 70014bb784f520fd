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
		b.WriteString(": " + code(title))
	}
	b.WriteString("\n\n")
	if len(r.Metrics) == 0 {
		b.WriteString("No metrics: the template has no datadog or dogstatsd metric.\n\n")
	} else {
		b.WriteString("| Metric | Type | Tag combinations | Hosts | Series | Multiplier | Custom metrics |\n")
		b.WriteString("| --- | --- | ---: | ---: | ---: | ---: | ---: |\n")
		for _, m := range r.Metrics {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %d | %s |\n",
				code(m.Name), cell(m.Type), m.TagCombinations.Human(), m.Hosts.Human(), m.Series.Human(), m.Multiplier, m.CustomMetrics.Human())
		}
		b.WriteString("\n")
	}
	b.WriteString("| Total | |\n| --- | ---: |\n")
	rows := [][2]string{
		{"Custom metrics while live", r.CustomMetrics.Human()},
		{"Billable (" + activeNote(r) + ")", r.Billable.Human(1)},
		{"Allotment (" + allotmentNote(r) + ")", r.Allotment.Human()},
		{"Existing custom metrics", r.Existing.Human()},
		{"Allotment used by this template", percent(r.Share())},
	}
	if !r.Existing.IsZero() {
		rows = append(rows, [2]string{"Allotment used with existing", percent(r.ShareWithExisting())})
	}
	rows = append(rows,
		[2]string{"Overage (custom metrics over the allotment)", r.Overage.Human(1)},
		[2]string{"**Monthly cost (estimate)**", "**" + r.MonthlyCostUSD.USD() + "**"},
	)
	for _, row := range rows {
		fmt.Fprintf(&b, "| %s | %s |\n", cell(row[0]), cell(row[1]))
	}
	fmt.Fprintf(&b, "\n_Estimate at $%s per 100 custom metrics over the allotment per month (list price; contracts differ)._\n", fmtPrice(r.PricePer100))
	if len(r.Warnings) > 0 {
		b.WriteString("\n**Warnings**\n\n")
		for _, w := range r.Warnings {
			fmt.Fprintf(&b, "- `%s`: %s\n", w.Code, escapeMD(w.Message))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func activeNote(r Result) string {
	s := "live " + fmtHours(r.ActiveHours) + " of " + fmtHours(r.HoursInMonth) + " hours"
	if r.ActiveHoursNote != "" {
		s += ", " + r.ActiveHoursNote
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
