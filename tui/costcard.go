package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/rk-tui/rk-tui/preview"
	"github.com/rk-tui/rk-tui/sender"
	"github.com/rk-tui/rk-tui/template"
)

// cardCache keeps the drawn cost card between frames: it changes only with
// the document, the live values or the pane's size.
type cardCache struct {
	gen, width, height int
	live               *sender.Usage
	valid              bool
	lines              []string
}

func (cc *cardCache) get(m *Model, width, height int) []string {
	if !cc.valid || cc.gen != m.s.gen || cc.width != width || cc.height != height || cc.live != m.live {
		cc.lines = costCard(m.c.styles, m.s.cost, m.live, width, height)
		cc.gen, cc.width, cc.height, cc.live, cc.valid = m.s.gen, width, height, m.live, true
	}
	return cc.lines
}

// costCard draws custom metrics per metric, allotment use, overage, cost
// and warnings in at most height lines of width columns, saying which
// billing model and prices are in force. Only the rows that fit are drawn:
// a template of a thousand metrics shows the first ones and says how many
// more there are. Live values from the account, when pulled, are marked so.
func costCard(st styles, cs costState, live *sender.Usage, width, height int) []string {
	r := cs.res
	var tail []string
	add := func(s string) { tail = append(tail, s) }
	if r.MetricNames != nil {
		mn := r.MetricNames
		add(fmt.Sprintf("  %s billable metric name%s of %d · at most %s datapoints/month", st.bold.Render(itoa(mn.BillableNames)), plural(mn.BillableNames), mn.Names, mn.IndexedPoints.Human()))
	} else {
		unit := " custom metrics"
		if r.CustomMetrics.Human() == "1" {
			unit = " custom metric"
		}
		total := "  " + st.bold.Render(r.CustomMetrics.Human()) + unit
		if r.TagConfigured > 0 {
			total += st.dim.Render(" indexed · " + r.IngestedCustomMetrics.Human() + " ingested")
		}
		if r.ActiveHours < r.HoursInMonth {
			total += st.dim.Render(fmt.Sprintf(" → %s billable (live %s of %s h)", r.Billable.Human(1), preview.Hours(r.ActiveHours), preview.Hours(r.HoursInMonth)))
		}
		add(total)
		share := r.ShareWithExisting()
		add(fmt.Sprintf("  %s %s of %s allotment", bar(st, r.AllotmentBar(max(10, min(30, width-30)))), preview.Percent(share), r.Allotment.Human()))
	}
	add("  " + costLine(st, r))
	if r.TagConfigured > 0 && r.MetricNames == nil {
		add(st.dim.Render(fmt.Sprintf("  tag configurations save %s/month (without them %s custom metrics)", savedUSD(r), r.UnconfiguredCustomMetrics.Human())))
	}
	if live != nil {
		add(liveLine(st, r, live))
	}
	if cs.problem != "" {
		add(st.errText.Render("✗ ") + "cost profile: " + template.SafeLine(cs.problem))
	}
	for _, w := range r.Warnings {
		tail = append(tail, strings.Split(strings.TrimRight(wrapStyled(st.warnText, "! "+template.SafeLine(w.Message), width, ""), "\n"), "\n")...)
	}

	hosts := r.Hosts.Human() + " host" + plural(int(min(r.Hosts.Float64(), 2)))
	head := fmt.Sprintf(" · %s · %s plan · %s · %s h/month active", hosts, planName(r), r.Billing.Model, preview.Hours(r.ActiveHours))
	out := []string{st.paneTitle.Render("Cost estimate") + st.dim.Render(head)}
	rows := max(0, height-1-len(tail))
	nameW := max(8, min(28, width-34))
	shown := r.Metrics
	if len(shown) > rows {
		shown = shown[:max(0, rows-1)]
	}
	for _, row := range shown {
		name := row.Name
		if name == "" {
			name = "(unnamed)"
		}
		figure := fmt.Sprintf("%s series × %d = %s", row.Series.Human(), row.Multiplier, row.CustomMetrics.Human())
		if row.SameSeriesAs >= 0 {
			figure += " (shared)"
		}
		if mu := liveMetric(live, row.Index); mu != nil {
			figure += st.okText.Render(" · live " + liveFigure(mu))
		}
		out = append(out, fmt.Sprintf("  %s %s %s", padRight(ansi.Truncate(template.SafeLine(name), nameW, "…"), nameW), st.dim.Render(padRight(template.SafeLine(row.Type), 12)), figure))
	}
	if more := len(r.Metrics) - len(shown); more > 0 && rows > 0 {
		out = append(out, st.dim.Render(fmt.Sprintf("  … %d more metric%s (rk-tui preview FILE lists all)", more, plural(more))))
	}
	out = append(out, tail...)
	if len(out) > height {
		out = out[:height]
	}
	return out
}

// costLine is the month's cost under the model in force, and the prices it
// is computed at.
func costLine(st styles, r preview.Result) string {
	b := r.Billing
	if r.MetricNames != nil {
		if !r.CostEstimated {
			return st.warnText.Render("cost not estimated") + st.dim.Render(": Datadog publishes no metric-name price; set USD per name")
		}
		return st.bold.Render("~"+r.MonthlyCostUSD.USD()+"/month") + st.dim.Render(" (estimate: names and datapoints at your prices)")
	}
	price := fmt.Sprintf("$%.2f per 100 indexed", b.IndexedPricePer100)
	if !b.IndexedPriceGiven {
		price += " (assumed)"
	}
	if r.TagConfigured > 0 {
		price += fmt.Sprintf(", $%.2f per 100 ingested", b.IngestedPricePer100)
	}
	if r.Overage.Sign() <= 0 && r.IngestedOverage.Sign() <= 0 {
		return st.okText.Render("within the allotment · $0.00/month") + st.dim.Render(" (estimate)")
	}
	return st.errText.Render(fmt.Sprintf("+%s over allotment · ~%s/month", r.Overage.Human(1), r.MonthlyCostUSD.USD())) + st.dim.Render(" (estimate at "+price+")")
}

func savedUSD(r preview.Result) string {
	d := r.UnconfiguredCostUSD.Float64() - r.MonthlyCostUSD.Float64()
	return preview.AmountOf(max(0, d)).USD()
}

// liveLine sums up what the account says, next to the projection.
func liveLine(st styles, r preview.Result, u *sender.Usage) string {
	exist, indexed := 0, int64(0)
	for _, mu := range u.Metrics {
		if mu.Exists {
			exist++
			indexed += mu.Indexed
		}
	}
	s := fmt.Sprintf("  ● live (%s, %s): %d of %d metric%s in the account, %s indexed now vs %s projected",
		template.SafeLine(u.Site), u.FetchedAt.Local().Format("15:04"), exist, len(u.Metrics), plural(len(u.Metrics)), preview.LiveCount(indexed), r.CustomMetrics.Human())
	if u.Account != nil {
		s += fmt.Sprintf("; the account has %s custom metrics", preview.CountOf(u.Account.Existing).Human())
	}
	return st.okText.Render(s)
}

func liveMetric(u *sender.Usage, index int) *sender.MetricUsage {
	if u == nil {
		return nil
	}
	for i := range u.Metrics {
		if u.Metrics[i].Index == index {
			return &u.Metrics[i]
		}
	}
	return nil
}

func liveFigure(mu *sender.MetricUsage) string {
	if !mu.Exists {
		return "not in the account yet"
	}
	if mu.Configured {
		return preview.LiveCount(mu.Indexed) + " indexed, " + preview.LiveCount(mu.Ingested) + " ingested"
	}
	return preview.LiveCount(mu.Indexed)
}

func planName(r preview.Result) string {
	if r.Plan == "" {
		return fmt.Sprintf("%d/host", r.AllotmentPerHost)
	}
	return string(r.Plan)
}

// bar draws the allotment bar preview lays out: the existing share, this
// template's part, the room left, and a marker past the allotment.
func bar(st styles, b preview.Bar) string {
	s := st.dim.Render(strings.Repeat("▒", b.Existing)) + st.barFull.Render(strings.Repeat("█", b.Template)) + st.barEmpty.Render(strings.Repeat("░", b.Free))
	if b.Over {
		s += st.errText.Render("▶")
	}
	return "[" + s + "]"
}
