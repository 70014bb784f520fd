package preview

import (
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rk-tui/rk-tui/template"
)

// TextOptions shape RenderText.
type TextOptions struct {
	// Width is the width to fit, in columns; 0 means 80. When the metric
	// table does not fit, each metric takes two lines instead.
	Width int
	// Color adds ANSI colours (for a terminal that wants them).
	Color bool
	// Title names what is previewed, e.g. the file name; "" for no title.
	Title string
	// Summary leaves out the per-metric table: totals, allotment bar and
	// warnings only, for a small cost card.
	Summary bool
}

const defaultWidth = 80

// maxWidth is the widest layout: no terminal is wider.
const maxWidth = 1000

// colours is a tiny ANSI palette; off writes plain text.
type colours struct{ on bool }

func (c colours) wrap(code, s string) string {
	if !c.on || s == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func (c colours) bold(s string) string   { return c.wrap("1", s) }
func (c colours) dim(s string) string    { return c.wrap("2", s) }
func (c colours) red(s string) string    { return c.wrap("31", s) }
func (c colours) green(s string) string  { return c.wrap("32", s) }
func (c colours) yellow(s string) string { return c.wrap("33", s) }
func (c colours) cyan(s string) string   { return c.wrap("36", s) }

// RenderText writes the projection as aligned text: the metric table, the
// totals with an allotment bar, then the warnings.
func RenderText(w io.Writer, r Result, opts TextOptions) error {
	width := opts.Width
	if width <= 0 {
		width = defaultWidth
	}
	width = min(width, maxWidth) // a width of a billion would lay out a billion spaces
	c := colours{on: opts.Color}
	var b strings.Builder
	if opts.Title != "" {
		b.WriteString(c.bold(truncate("Custom metrics preview: "+safe(opts.Title), width)) + "\n\n")
	}
	if !opts.Summary {
		if len(r.Metrics) == 0 {
			b.WriteString("No metrics: the template has no datadog or dogstatsd metric.\n\n")
		} else if !writeTable(&b, r, width, c) {
			writeStacked(&b, r, width, c)
		}
	}
	writeTotals(&b, r, width, c)
	writeWarnings(&b, r.Warnings, width, c)
	_, err := io.WriteString(w, b.String())
	return err
}

// column is one column of the metric table.
type column struct {
	head  string
	cell  func(MetricRow) string
	left  bool // text columns align left, figures right
	bold  bool
	width int
}

// tableColumns are the table's columns: the tag configuration's indexed
// count when a metric has one, the datapoints under metric_name.
func tableColumns(r Result) []column {
	cols := []column{
		{head: "Metric", cell: func(m MetricRow) string { return safe(m.Name) }, left: true},
		{head: "Type", cell: func(m MetricRow) string { return safe(m.Type) }, left: true},
		{head: "Combos", cell: func(m MetricRow) string { return m.TagCombinations.Human() }},
		{head: "Hosts", cell: func(m MetricRow) string { return m.Hosts.Human() }},
		{head: "Series", cell: func(m MetricRow) string { return m.Series.Human() }},
		{head: "×", cell: func(m MetricRow) string { return strconv.FormatUint(m.Multiplier, 10) }},
		{head: "Custom", cell: func(m MetricRow) string { return m.CustomMetrics.Human() }, bold: r.TagConfigured == 0},
	}
	if r.TagConfigured > 0 {
		cols = append(cols, column{head: "Indexed", cell: func(m MetricRow) string { return m.IndexedCustomMetrics.Human() }, bold: true})
	}
	if r.MetricNames != nil {
		cols = append(cols, column{head: "Points/mo", cell: func(m MetricRow) string { return m.Datapoints.Human() }})
	}
	return cols
}

// tableNote explains the columns in a line or two.
func tableNote(r Result) string {
	note := "Combos: tag combinations. ×: custom metrics per series for the type."
	for _, m := range r.Metrics {
		if !m.HostTag && m.Hosts.Cmp(CountOf(1)) > 0 {
			note += " Metrics sent through the API carry no host: their hosts share series."
			break
		}
	}
	if r.TagConfigured > 0 {
		note += " Indexed: what the tag configuration keeps queryable (billed at the indexed price); Custom is what is ingested."
	}
	if r.MetricNames != nil {
		note += " Points/mo: the most indexed datapoints a month."
	}
	return note
}

// minNameWidth is the narrowest metric column the table accepts before
// switching to the stacked layout.
const minNameWidth = 12

// writeTable writes the metric table, or returns false if it cannot fit.
func writeTable(b *strings.Builder, r Result, width int, c colours) bool {
	cols := tableColumns(r)
	cells := make([][]string, len(r.Metrics))
	for i := range cols {
		cols[i].width = runes(cols[i].head)
	}
	for j, m := range r.Metrics {
		cells[j] = make([]string, len(cols))
		for i, col := range cols {
			cells[j][i] = col.cell(m)
			cols[i].width = max(cols[i].width, runes(cells[j][i]))
		}
	}
	const gap = 2
	fixed := 0
	for _, col := range cols[1:] {
		fixed += col.width + gap
	}
	if width-fixed < minNameWidth {
		return false
	}
	cols[0].width = min(cols[0].width, width-fixed)
	line := func(row []string, style func(column, string) string) {
		var l strings.Builder
		for i, col := range cols {
			if i > 0 {
				l.WriteString(strings.Repeat(" ", gap))
			}
			cell := truncate(row[i], col.width)
			pad := strings.Repeat(" ", col.width-runes(cell))
			if col.left {
				l.WriteString(style(col, cell) + pad)
			} else {
				l.WriteString(pad + style(col, cell))
			}
		}
		b.WriteString(strings.TrimRight(l.String(), " ") + "\n")
	}
	heads := make([]string, len(cols))
	for i, col := range cols {
		heads[i] = col.head
	}
	line(heads, func(_ column, s string) string { return c.dim(s) })
	for _, row := range cells {
		line(row, func(col column, s string) string {
			if col.bold {
				return c.bold(s)
			}
			return s
		})
	}
	b.WriteString(eachLine(c.dim, wrap(tableNote(r), width, "", "")) + "\n\n")
	return true
}

// writeStacked gives each metric two lines, for narrow panes.
func writeStacked(b *strings.Builder, r Result, width int, c colours) {
	for _, m := range r.Metrics {
		b.WriteString(c.bold(truncate(safe(m.Name), width)) + " " + c.dim(safe(m.Type)) + "\n")
		detail := fmt.Sprintf("%s combos · %s hosts · %s series ×%d = %s",
			m.TagCombinations.Human(), m.Hosts.Human(), m.Series.Human(), m.Multiplier, c.bold(m.CustomMetrics.Human()))
		if m.TagConfig != nil {
			detail += fmt.Sprintf(" · %s indexed", c.bold(m.IndexedCustomMetrics.Human()))
		}
		if r.MetricNames != nil {
			detail += fmt.Sprintf(" · ≤ %s points/month", m.Datapoints.Human())
		}
		b.WriteString(wrap(detail, width, "  ", "  ") + "\n")
	}
	b.WriteString("\n")
}

func writeTotals(b *strings.Builder, r Result, width int, c colours) {
	const label = 16
	pad := strings.Repeat(" ", label)
	// row writes label, value and a note. A note that does not fit beside
	// the value wraps below it, unless it is optional (it only explains a
	// word), in which case a narrow pane drops it.
	row := func(name, value, note string, optional bool) {
		head := fmt.Sprintf("%-*s", label, name) + value
		headWidth := label + visible(value)
		switch {
		case note == "":
			b.WriteString(head + "\n")
		case headWidth+2+runes(note) <= width:
			b.WriteString(head + "  " + c.dim(note) + "\n")
		case optional:
			b.WriteString(head + "\n")
		default:
			b.WriteString(head + "\n" + eachLine(c.dim, wrap(note, width, pad, pad)) + "\n")
		}
	}
	row("Billing model", string(r.Billing.Model), modelNote(r.Billing.Model), true)
	if r.MetricNames != nil {
		writeMetricNameTotals(r, row, c)
		return
	}
	row("Custom metrics", c.bold(r.CustomMetrics.Human()), "while the breakpoint is live (estimate)", true)
	if r.TagConfigured > 0 {
		row("Ingested", r.IngestedCustomMetrics.Human(), "custom metrics of the tag-configured metrics, every tag sent", true)
	}
	row("Active hours", Hours(r.ActiveHours)+" of "+Hours(r.HoursInMonth), safe(r.ActiveHoursNote), false)
	billableNote := "the whole month"
	if r.ActiveHours != r.HoursInMonth {
		billableNote = "monthly average: " + r.CustomMetrics.Human() + " × " + Hours(r.ActiveHours) + " / " + Hours(r.HoursInMonth)
	}
	row("Billable", c.bold(r.Billable.Human(1)), billableNote, true)
	row("Allotment", r.Allotment.Human(), allotmentNote(r), false)
	row("Existing", r.Existing.Human(), "custom metrics the account has already", true)
	share, shareMore := Percent(r.Share()), ""
	if !r.Existing.IsZero() {
		shareMore = "(" + Percent(r.ShareWithExisting()) + " with existing)"
	}
	if barWidth := min(20, width-label-12); barWidth >= 8 {
		row("Allotment use", drawBar(r.AllotmentBar(barWidth), c)+"  "+share, shareMore, false)
	} else {
		row("Allotment use", share, shareMore, false)
	}
	overage := r.Overage.Human(1)
	cost := r.MonthlyCostUSD.USD()
	if r.Overage.Sign() > 0 || r.IngestedOverage.Sign() > 0 {
		overage, cost = c.red(overage), c.red(cost)
	} else {
		cost = c.green(cost)
	}
	row("Overage", overage, "custom metrics over the allotment", true)
	if r.TagConfigured > 0 {
		if r.IngestedOverage.Sign() > 0 {
			row("Ingested over", r.IngestedOverage.Human(1), "ingested custom metrics over the allotment", true)
		}
		row("Indexed cost", r.IndexedCostUSD.USD(), indexedPriceText(r.Billing), false)
		row("Ingested cost", r.IngestedCostUSD.USD(), ingestedPriceText(r.Billing), false)
		row("Monthly cost", c.bold(cost), "estimate", true)
		row("Tag configs", savingsText(r), "", false)
		return
	}
	row("Monthly cost", c.bold(cost), "estimate: "+indexedPriceText(r.Billing), false)
}

// writeMetricNameTotals writes the metric_name model's figures.
func writeMetricNameTotals(r Result, row func(name, value, note string, optional bool), c colours) {
	mn := r.MetricNames
	row("Custom metrics", r.CustomMetrics.Human(), "series × aggregates; this model does not bill them", true)
	row("Active hours", Hours(r.ActiveHours)+" of "+Hours(r.HoursInMonth), safe(r.ActiveHoursNote), false)
	row("Metric names", c.bold(fmt.Sprintf("%d billable", mn.BillableNames)), fmt.Sprintf("of %d stored; billable: over %d indexed datapoints a month", mn.Names, MetricNameMinPoints), false)
	row("Hits", "≤ "+mn.Hits.Human(), hitsNote(r), false)
	row("Datapoints", "≤ "+mn.IndexedPoints.Human(), "indexed a month, at most (estimate)", false)
	row("Over allowance", mn.PointsOverAllowance.Human(), "datapoints beyond the 10,000,000 each billed name includes", false)
	if !r.CostEstimated {
		row("Monthly cost", c.bold("not estimated"), "Datadog prices names and datapoints in the contract, in tiers: set price_per_metric_name and price_per_million_points to yours", false)
		return
	}
	row("Monthly cost", c.bold("≤ "+r.MonthlyCostUSD.USD()), metricNameCostText(r), false)
}

func modelNote(m BillingModel) string {
	if m == ModelMetricName {
		return "Metric Name Pricing: per metric name and datapoint"
	}
	return "billed per custom metric over the allotment"
}

func hitsNote(r Result) string {
	mn := r.MetricNames
	return fmt.Sprintf("a month: %s %s × %s hits/s (%s) × %s h", r.Hosts.Human(), plural(int(min(r.Hosts.Float64(), 2)), "host", "hosts"), AmountOf(mn.HitsPerSecond).Human(2), safe(mn.HitsFrom), Hours(r.ActiveHours))
}

func indexedPriceText(b Billing) string {
	s := "$" + fmtPrice(b.IndexedPricePer100) + " per 100 indexed over the allotment"
	if !b.IndexedPriceGiven {
		s += ", an assumed price (Datadog leaves it to the contract; set indexed_price_per_100)"
	}
	return s
}

func ingestedPriceText(b Billing) string {
	s := "$" + fmtPrice(b.IngestedPricePer100) + " per 100 ingested over the allotment"
	if b.IngestedPricePer100 == IngestedPricePer100 {
		s += " (Datadog's published price)"
	}
	return s
}

func metricNameCostText(r Result) string {
	b, mn := r.Billing, r.MetricNames
	s := fmt.Sprintf("estimate, at most: %d %s × $%s", mn.BillableNames, plural(mn.BillableNames, "name", "names"), fmtPrice(*b.MetricNamePrice))
	if b.PointsPricePerMillion != nil {
		s += fmt.Sprintf(" + %s million datapoints × $%s per million", AmountOf(mn.PointsOverAllowance.Float64()/1e6).Human(2), fmtPrice(*b.PointsPricePerMillion))
	} else if !mn.PointsOverAllowance.IsZero() {
		s += "; datapoints over the allowance not priced (set price_per_million_points)"
	}
	return s
}

// savingsText says what the tag configurations change: the indexed custom
// metrics and the monthly cost against the same template without them.
func savingsText(r Result) string {
	saved := countFromBig(new(big.Int).Sub(r.UnconfiguredCustomMetrics.bigInt(), r.CustomMetrics.bigInt()))
	diff := new(big.Float).Sub(r.UnconfiguredCostUSD.val(), r.MonthlyCostUSD.val())
	money := amountOf(new(big.Float).Abs(diff)).USD() + " a month less"
	if diff.Sign() < 0 {
		money = amountOf(new(big.Float).Abs(diff)).USD() + " a month more (ingestion costs more than indexing saves)"
	}
	return fmt.Sprintf("keep %s fewer custom metrics queryable, %s (estimate)", saved.Human(), money)
}

func allotmentNote(r Result) string {
	plan := "per host"
	if r.Plan != "" {
		plan = string(r.Plan) + " plan"
	}
	hosts := "hosts"
	if n, ok := r.AccountHosts.Uint64(); ok && n == 1 {
		hosts = "host"
	}
	return fmt.Sprintf("%s %s × %d, %s", r.AccountHosts.Human(), hosts, r.AllotmentPerHost, plan)
}

func fmtPrice(p float64) string { return strconv.FormatFloat(p, 'f', 2, 64) }

// drawBar draws the allotment: existing use (▓), this template (█), room
// left (░); a red ▶ past the end when the account goes over.
func drawBar(bar Bar, c colours) string {
	s := "[" + c.dim(strings.Repeat("▓", bar.Existing)) + c.cyan(strings.Repeat("█", bar.Template)) + strings.Repeat("░", bar.Free) + "]"
	if bar.Over {
		s += c.red("▶")
	}
	return s
}

func writeWarnings(b *strings.Builder, ws []Warning, width int, c colours) {
	if len(ws) == 0 {
		return
	}
	b.WriteString("\n" + c.bold("Warnings") + "\n")
	for _, w := range ws {
		text := wrap("! "+w.Code+": "+safe(w.Message), width, "", "    ")
		// Colour the marker and code after wrapping so widths stay right.
		head := "! " + w.Code + ":"
		text = c.yellow(head) + strings.TrimPrefix(text, head)
		b.WriteString(text + "\n")
	}
}

// eachLine styles every line on its own, so a pane that splits lines keeps
// the colours right.
func eachLine(style func(string) string, text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = style(l)
	}
	return strings.Join(lines, "\n")
}

// safe escapes the control characters of text that comes from the
// template (names, types, messages quoting them), so a terminal shows them
// instead of obeying them.
func safe(s string) string { return template.SafeLine(s) }

func runes(s string) int { return utf8.RuneCountInString(s) }

// visible counts the runes of s that show, skipping colour escapes.
func visible(s string) int {
	n, esc := 0, false
	for _, r := range s {
		switch {
		case esc:
			esc = r != 'm'
		case r == '\x1b':
			esc = true
		default:
			n++
		}
	}
	return n
}

// truncate cuts s to n runes, ending with … when cut.
func truncate(s string, n int) string {
	if runes(s) <= n {
		return s
	}
	if n <= 1 {
		return string([]rune(s)[:max(n, 0)])
	}
	return string([]rune(s)[:n-1]) + "…"
}

// wrap breaks text at spaces to fit width. The first line starts with
// first, the others with rest. A word longer than a line stays whole.
func wrap(text string, width int, first, rest string) string {
	var b strings.Builder
	b.WriteString(first)
	col := runes(first)
	for i, word := range strings.Fields(text) {
		n := runes(word)
		switch {
		case i == 0:
		case col+1+n > width:
			b.WriteString("\n" + rest)
			col = runes(rest)
		default:
			b.WriteByte(' ')
			col++
		}
		b.WriteString(word)
		col += n
	}
	return b.String()
}
