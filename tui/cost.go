package tui

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/rk-tui/rk-tui/preview"
	"github.com/rk-tui/rk-tui/template"
)

// costState is the projection shown in the cost card.
type costState struct {
	res preview.Result
	// problem is a bad profile or scenario value: the card shows the
	// defaults and says why.
	problem string
}

func estimateCost(doc *template.Document, v template.Template, now time.Time) costState {
	var cs costState
	p, err := preview.ProfileFrom(doc, now)
	if err != nil {
		cs.problem = err.Error()
		p = preview.DefaultProfile()
	}
	sc, err := preview.ScenarioFrom(doc)
	if err != nil {
		cs.problem = err.Error()
		sc = nil
	}
	cs.res = preview.Estimate(v, preview.MetaOf(doc), p, sc)
	return cs
}

// costCard draws custom metrics per metric, allotment use, overage, cost
// and warnings, in width columns.
func (m *Model) costCard(width int) string {
	st := m.styles
	r := m.cost.res
	var b strings.Builder
	line := func(s string) { b.WriteString(ansi.Truncate(s, width, "…") + "\n") }
	hosts := r.Hosts.Human() + " host" + plural(int(min(r.Hosts.Float64(), 2)))
	line(st.paneTitle.Render("Cost") + st.dim.Render(fmt.Sprintf(" · %s · %s plan · %s h/month live", hosts, planName(r), hoursText(r.ActiveHours))))
	nameW := max(8, min(28, width-34))
	for _, row := range r.Metrics {
		name := row.Name
		if name == "" {
			name = "(unnamed)"
		}
		figure := fmt.Sprintf("%s series × %d = %s", row.Series.Human(), row.Multiplier, row.CustomMetrics.Human())
		if row.SameSeriesAs >= 0 {
			figure += " (shared)"
		}
		line(fmt.Sprintf("  %s %s %s", padRight(ansi.Truncate(name, nameW, "…"), nameW), st.dim.Render(padRight(row.Type, 12)), figure))
	}
	unit := " custom metrics"
	if r.CustomMetrics.Human() == "1" {
		unit = " custom metric"
	}
	total := "  " + st.bold.Render(r.CustomMetrics.Human()) + unit
	if r.ActiveHours < r.HoursInMonth {
		total += st.dim.Render(fmt.Sprintf(" → %s billable (live %s of %s h)", r.Billable.Human(1), hoursText(r.ActiveHours), hoursText(r.HoursInMonth)))
	}
	line(total)
	share := r.ShareWithExisting()
	barW := max(10, min(30, width-30))
	line(fmt.Sprintf("  %s %s of %s allotment", m.bar(share, r.Share(), barW), percentText(share), r.Allotment.Human()))
	cost := st.okText.Render("no overage · $0.00/month")
	if r.Overage.Sign() > 0 {
		cost = st.errText.Render(fmt.Sprintf("+%s over allotment · ~%s/month", r.Overage.Human(1), r.MonthlyCostUSD.USD())) + st.dim.Render(" (estimate at list price)")
	}
	line("  " + cost)
	if m.cost.problem != "" {
		line(st.errText.Render("✗ ") + "cost profile: " + m.cost.problem)
	}
	for _, w := range r.Warnings {
		b.WriteString(wrapIndented(st.warnText.Render("! ")+w.Message, width, ""))
	}
	return strings.TrimRight(b.String(), "\n")
}

func planName(r preview.Result) string {
	if r.Plan == "" {
		return fmt.Sprintf("%d/host", r.AllotmentPerHost)
	}
	return string(r.Plan)
}

// bar draws allotment use: the existing share, then this template's part.
func (m *Model) bar(total, mine float64, width int) string {
	st := m.styles
	clamp := func(f float64) int {
		if math.IsNaN(f) || f < 0 {
			return 0
		}
		return int(math.Round(math.Min(f, 1) * float64(width)))
	}
	own := max(clamp(mine), boolInt(mine > 0))
	all := min(width, max(clamp(total), own))
	own = min(own, all)
	base := all - own
	s := st.dim.Render(strings.Repeat("▒", base)) + st.barFull.Render(strings.Repeat("█", own)) + st.barEmpty.Render(strings.Repeat("░", width-all))
	if total > 1 {
		s += st.errText.Render("▶")
	}
	return "[" + s + "]"
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func percentText(f float64) string {
	switch {
	case f <= 0:
		return "0%"
	case f < 0.001:
		return "<0.1%"
	case f < 0.1:
		return fmt.Sprintf("%.1f%%", f*100)
	case f > 999:
		return ">999×"
	case f > 9.99:
		return fmt.Sprintf("%.0f×", f)
	}
	return fmt.Sprintf("%.0f%%", f*100)
}

// hoursText shows hours with at most one decimal: 168, 167.9.
func hoursText(h float64) string {
	return strconv.FormatFloat(math.Round(h*10)/10, 'f', -1, 64)
}
