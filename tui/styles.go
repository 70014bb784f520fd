package tui

import (
	"image/color"
	"strings"

	"charm.land/lipgloss/v2"
)

// styles are every look of the studio, built once for the terminal's
// background and colour support.
type styles struct {
	color bool

	title, step, stepActive, stepDone     lipgloss.Style
	label, labelFocus, hint, value        lipgloss.Style
	errText, warnText, okText, dim, bold  lipgloss.Style
	cursor, selected, paneTitle           lipgloss.Style
	jsonKey, jsonString, jsonNumber       lipgloss.Style
	jsonLiteral, jsonPunct, jsonHighlight lipgloss.Style
	barFull, barEmpty, status, keyHint    lipgloss.Style
	borderColor                           color.Color
	// json holds the JSON styles as the escape codes around a token, so
	// colouring a line of JSON costs string appends, not a Render a token.
	json jsonColors
}

type jsonColors struct{ key, str, num, lit, punct ansiPair }

// ansiPair is what a style writes before and after a text.
type ansiPair struct{ open, close string }

func pairOf(st lipgloss.Style) ansiPair {
	const probe = "\x00"
	r := st.Render(probe)
	i := strings.Index(r, probe)
	if i < 0 {
		return ansiPair{}
	}
	return ansiPair{r[:i], r[i+len(probe):]}
}

func (p ansiPair) wrap(b *strings.Builder, tok string) {
	b.WriteString(p.open)
	b.WriteString(tok)
	b.WriteString(p.close)
}

// newStyles builds the styles. With colour off (NO_COLOR, or a test) only
// bold, faint and reverse remain, so focus and severity still show.
func newStyles(dark, useColor bool) styles {
	ld := lipgloss.LightDark(dark)
	c := func(light, darkC string) color.Color {
		if !useColor {
			return nil
		}
		return ld(lipgloss.Color(light), lipgloss.Color(darkC))
	}
	fg := func(col color.Color) lipgloss.Style {
		s := lipgloss.NewStyle()
		if col != nil {
			s = s.Foreground(col)
		}
		return s
	}
	accent := c("#5A2D91", "#B48EF0")
	red := c("#B3261E", "#FF6B6B")
	yellow := c("#8A6100", "#F2C94C")
	green := c("#1E7B34", "#6FCF97")
	blue := c("#1F5FA8", "#7FB2F0")
	muted := c("#6B6B6B", "#8C8C8C")
	s := styles{
		color:         useColor,
		title:         fg(accent).Bold(true),
		step:          fg(muted),
		stepActive:    fg(accent).Bold(true).Underline(true),
		stepDone:      fg(green),
		label:         fg(nil),
		labelFocus:    fg(accent).Bold(true),
		hint:          fg(muted).Faint(!useColor),
		value:         fg(nil),
		errText:       fg(red).Bold(true),
		warnText:      fg(yellow),
		okText:        fg(green),
		dim:           fg(muted).Faint(!useColor),
		bold:          lipgloss.NewStyle().Bold(true),
		cursor:        fg(accent).Bold(true),
		selected:      fg(accent).Bold(true).Reverse(!useColor),
		paneTitle:     fg(accent).Bold(true),
		jsonKey:       fg(blue),
		jsonString:    fg(green),
		jsonNumber:    fg(yellow),
		jsonLiteral:   fg(accent),
		jsonPunct:     fg(muted),
		jsonHighlight: lipgloss.NewStyle().Bold(true),
		barFull:       fg(accent),
		barEmpty:      fg(muted),
		status:        fg(green),
		keyHint:       fg(muted),
		borderColor:   c("#BBBBBB", "#444444"),
	}
	if !useColor {
		s.jsonHighlight = s.jsonHighlight.Reverse(true)
	}
	s.json = jsonColors{key: pairOf(s.jsonKey), str: pairOf(s.jsonString), num: pairOf(s.jsonNumber), lit: pairOf(s.jsonLiteral), punct: pairOf(s.jsonPunct)}
	return s
}
