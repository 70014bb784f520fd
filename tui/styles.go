package tui

import (
	"image/color"

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
	return s
}
