package tui

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/rk-tui/rk-tui/preview"
	"github.com/rk-tui/rk-tui/template"
)

// cardCache keeps the drawn cost card between frames: it changes only with
// the document or the pane's size.
type cardCache struct {
	gen, width, height int
	valid              bool
	lines              []string
}

func (cc *cardCache) get(m *Model, width, height int) []string {
	if !cc.valid || cc.gen != m.s.gen || cc.width != width || cc.height != height {
		cc.lines = costCard(m.c.styles, m.s.cost, width, height)
		cc.gen, cc.width, cc.height, cc.valid = m.s.gen, width, height, true
	}
	return cc.lines
}

// costCard draws custom metrics per metric, allotment use, overage, cost
// and warnings in at most height lines of width columns. Only the rows that
// fit are drawn: a template of a thousand metrics shows the first ones and
// says how many more there are.
func costCard(st styles, cs costState, width, height int) []string {
	r := cs.res
	var tail []string
	unit := " custom metrics"
	if r.CustomMetrics.Human() == "1" {
		unit = " custom metric"
	}
	total := "  " + st.bold.Render(r.CustomMetrics.Human()) + unit
	if r.ActiveHours < r.HoursInMonth {
		total += st.dim.Render(fmt.Sprintf(" → %s billable (live %s of %s h)", r.Billable.Human(1), hoursText(r.ActiveHours), hoursText(r.HoursInMonth)))
	}
	tail = append(tail, total)
	share := r.ShareWithExisting()
	barW := max(10, min(30, width-30))
	tail = append(tail, fmt.Sprintf("  %s %s of %s allotment", bar(st, share, r.Share(), barW), percentText(share), r.Allotment.Human()))
	cost := st.okText.Render("no overage · $0.00/month")
	if r.Overage.Sign() > 0 {
		cost = st.errText.Render(fmt.Sprintf("+%s over allotment · ~%s/month", r.Overage.Human(1), r.MonthlyCostUSD.USD())) + st.dim.Render(" (estimate at list price)")
	}
	tail = append(tail, "  "+cost)
	if cs.problem != "" {
		tail = append(tail, st.errText.Render("✗ ")+"cost profile: "+template.SafeLine(cs.problem))
	}
	for _, w := range r.Warnings {
		tail = append(tail, strings.Split(strings.TrimRight(wrapStyled(st.warnText, "! "+template.SafeLine(w.Message), width, ""), "\n"), "\n")...)
	}

	hosts := r.Hosts.Human() + " host" + plural(int(min(r.Hosts.Float64(), 2)))
	out := []string{st.paneTitle.Render("Cost") + st.dim.Render(fmt.Sprintf(" · %s · %s plan · %s h/month live", hosts, planName(r), hoursText(r.ActiveHours)))}
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

func planName(r preview.Result) string {
	if r.Plan == "" {
		return fmt.Sprintf("%d/host", r.AllotmentPerHost)
	}
	return string(r.Plan)
}

// bar draws allotment use: the existing share, then this template's part.
func bar(st styles, total, mine float64, width int) string {
	clamp := func(f float64) int {
		if math.IsNaN(f) || f < 0 {
			return 0
		}
		return int(math.Round(math.Min(f, 1) * float64(width)))
	}
	own := clamp(mine)
	if mine > 0 {
		own = max(own, 1)
	}
	all := min(width, max(clamp(total), own))
	own = min(own, all)
	s := st.dim.Render(strings.Repeat("▒", all-own)) + st.barFull.Render(strings.Repeat("█", own)) + st.barEmpty.Render(strings.Repeat("░", width-all))
	if total > 1 {
		s += st.errText.Render("▶")
	}
	return "[" + s + "]"
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
