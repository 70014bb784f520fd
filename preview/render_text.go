package preview

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
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
	c := colours{on: opts.Color}
	var b strings.Builder
	if opts.Title != "" {
		b.WriteString(c.bold(truncate("Custom metrics preview: "+opts.Title, width)) + "\n\n")
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

var tableHeader = [...]string{"Metric", "Type", "Combos", "Hosts", "Series", "×", "Custom"}

// minNameWidth is the narrowest metric column the table accepts before
// switching to the stacked layout.
const minNameWidth = 12

func rowCells(m MetricRow) [7]string {
	return [7]string{m.Name, m.Type, m.TagCombinations.Human(), m.Hosts.Human(), m.Series.Human(),
		strconv.FormatUint(m.Multiplier, 10), m.CustomMetrics.Human()}
}

// writeTable writes the metric table, or returns false if it cannot fit.
func writeTable(b *strings.Builder, r Result, width int, c colours) bool {
	var cols [7]int
	for i, h := range tableHeader {
		cols[i] = runes(h)
	}
	for _, m := range r.Metrics {
		for i, cell := range rowCells(m) {
			cols[i] = max(cols[i], runes(cell))
		}
	}
	const gap = 2
	fixed := 0
	for _, n := range cols[1:] {
		fixed += n + gap
	}
	if width-fixed < minNameWidth {
		return false
	}
	cols[0] = min(cols[0], width-fixed)
	line := func(cells [7]string, style func(int, string) string) {
		var l strings.Builder
		for i, cell := range cells {
			if i > 0 {
				l.WriteString(strings.Repeat(" ", gap))
			}
			cell = truncate(cell, cols[i])
			pad := strings.Repeat(" ", cols[i]-runes(cell))
			if i < 2 {
				cell = style(i, cell) + pad
			} else {
				cell = pad + style(i, cell)
			}
			l.WriteString(cell)
		}
		b.WriteString(strings.TrimRight(l.String(), " ") + "\n")
	}
	line(tableHeader, func(_ int, s string) string { return c.dim(s) })
	for _, m := range r.Metrics {
		line(rowCells(m), func(i int, s string) string {
			if i == 6 {
				return c.bold(s)
			}
			return s
		})
	}
	b.WriteString(eachLine(c.dim, wrap("Combos: tag combinations. ×: custom metrics per series for the type.", width, "", "")) + "\n\n")
	return true
}

// writeStacked gives each metric two lines, for narrow panes.
func writeStacked(b *strings.Builder, r Result, width int, c colours) {
	for _, m := range r.Metrics {
		b.WriteString(c.bold(truncate(m.Name, width)) + " " + c.dim(m.Type) + "\n")
		detail := fmt.Sprintf("%s combos · %s hosts · %s series ×%d = %s",
			m.TagCombinations.Human(), m.Hosts.Human(), m.Series.Human(), m.Multiplier, c.bold(m.CustomMetrics.Human()))
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
	row("Custom metrics", c.bold(r.CustomMetrics.Human()), "while the breakpoint is live", true)
	row("Active hours", fmtHours(r.ActiveHours)+" of "+fmtHours(r.HoursInMonth), r.ActiveHoursNote, false)
	billableNote := "the whole month"
	if r.ActiveHours != r.HoursInMonth {
		billableNote = "monthly average: " + r.CustomMetrics.Human() + " × " + fmtHours(r.ActiveHours) + " / " + fmtHours(r.HoursInMonth)
	}
	row("Billable", c.bold(r.Billable.Human(1)), billableNote, true)
	row("Allotment", r.Allotment.Human(), allotmentNote(r), false)
	row("Existing", r.Existing.Human(), "custom metrics the account has already", true)
	share, shareMore := percent(r.Share()), ""
	if !r.Existing.IsZero() {
		shareMore = "(" + percent(r.ShareWithExisting()) + " with existing)"
	}
	if barWidth := min(20, width-label-12); barWidth >= 8 {
		row("Allotment use", bar(r, barWidth, c)+"  "+share, shareMore, false)
	} else {
		row("Allotment use", share, shareMore, false)
	}
	overage := r.Overage.Human(1)
	cost := r.MonthlyCostUSD.USD()
	if r.Overage.Sign() > 0 {
		overage, cost = c.red(overage), c.red(cost)
	} else {
		cost = c.green(cost)
	}
	row("Overage", overage, "custom metrics over the allotment", true)
	row("Monthly cost", c.bold(cost), "list-price estimate, $"+fmtPrice(r.PricePer100)+" per 100 over; contracts differ", false)
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

func fmtHours(h float64) string {
	return strings.TrimSuffix(strconv.FormatFloat(h, 'f', 1, 64), ".0")
}

// bar draws the allotment: existing use (▓), this template (█), room left
// (░); a red ▶ past the end when the account goes over.
func bar(r Result, width int, c colours) string {
	cells := func(f float64) int {
		if f <= 0 {
			return 0
		}
		n := int(f*float64(width) + 0.5)
		return min(max(n, 1), width)
	}
	prior := min(cells(r.ShareWithExisting()-r.Share()), width)
	if r.Share() >= 1 || r.ShareWithExisting() >= 1 {
		prior = min(prior, width-1)
	}
	mine := 0
	if r.Billable.Sign() > 0 {
		mine = max(cells(r.ShareWithExisting())-prior, 1)
		mine = min(mine, width-prior)
	}
	rest := width - prior - mine
	s := "[" + c.dim(strings.Repeat("▓", prior)) + c.cyan(strings.Repeat("█", mine)) + strings.Repeat("░", rest) + "]"
	if r.ShareWithExisting() > 1 {
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
		text := wrap("! "+w.Code+": "+w.Message, width, "", "    ")
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
