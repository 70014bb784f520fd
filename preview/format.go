package preview

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The formatters below are shared by the text and Markdown renderers and
// the studio's cost card, so a figure reads the same everywhere.

// Percent shows a fraction as a percentage: 4.3%, 0%, < 0.1%, 250%,
// 99,900%, and 1e+06% from 10,000 times the whole on.
func Percent(f float64) string {
	switch {
	case f <= 0:
		return "0%"
	case f < 0.001:
		return "< 0.1%"
	case f >= 1e4:
		return fmt.Sprintf("%.3g%%", f*100)
	case f >= 10:
		return groupDigits(strconv.FormatFloat(math.Round(f*100), 'f', 0, 64)) + "%"
	}
	return strings.TrimSuffix(strconv.FormatFloat(f*100, 'f', 1, 64), ".0") + "%"
}

// Hours shows a number of hours with at most one decimal: 168, 167.9, 0.5.
func Hours(h float64) string {
	return strings.TrimSuffix(strconv.FormatFloat(h, 'f', 1, 64), ".0")
}

// Bar is the allotment bar as cell counts, for a renderer to draw in its
// own style: the account's existing use, this template's part, the room
// left, and whether the account goes past the allotment (drawn as a marker
// after the bar). Existing + Template + Free is the width asked for.
type Bar struct {
	Existing, Template, Free int
	Over                     bool
}

// AllotmentBar lays the allotment use out in width cells. A template that
// uses anything gets at least one cell; when the account goes over, the
// existing part leaves the last cell to the template.
func (r Result) AllotmentBar(width int) Bar {
	width = max(width, 0)
	cells := func(f float64) int {
		if f <= 0 {
			return 0
		}
		n := int(f*float64(width) + 0.5)
		return min(max(n, 1), width)
	}
	share, withExisting := r.Share(), r.ShareWithExisting()
	b := Bar{Existing: min(cells(withExisting-share), width)}
	if share >= 1 || withExisting >= 1 {
		b.Existing = max(min(b.Existing, width-1), 0)
	}
	if r.Billable.Sign() > 0 {
		b.Template = min(max(cells(withExisting)-b.Existing, 1), width-b.Existing)
	}
	b.Free = width - b.Existing - b.Template
	b.Over = withExisting > 1
	return b
}
