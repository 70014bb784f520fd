package tui

import (
	"fmt"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/rk-tui/rk-tui/template"
)

// Smallest terminal the studio draws in, and the width from which form and
// preview sit side by side.
const (
	minWidth, minHeight = 40, 12
	wideLayout          = 100
)

func (m *Model) wide() bool { return m.c.width >= wideLayout }

// paneWidths are the widths of the form and the preview.
func (m *Model) paneWidths() (left, right int) {
	if !m.wide() {
		return m.c.width, m.c.width
	}
	left = m.c.width * 9 / 20
	return left, m.c.width - left - 3
}

// bodyHeight is what is left between the header (2 lines) and the footer.
func (m *Model) bodyHeight() int {
	return max(1, m.c.height-2-lipgloss.Height(m.footerView()))
}

// layout sizes the panes. It runs when the terminal is resized and when
// the document or the help changes, never while drawing.
func (m *Model) layout() {
	_, rw := m.paneWidths()
	bodyH := m.bodyHeight()
	if !m.wide() && !m.showPreview {
		bodyH = max(1, bodyH-1) // the cost headline closes the form
	}
	card := m.card.get(m, rw, max(1, bodyH/2))
	m.json.height = max(1, bodyH-len(card)-2)
	m.json.clamp()
	m.layoutModal()
}

func (m *Model) layoutModal() {
	if m.modal == nil || m.modal.scroll == nil {
		return
	}
	w := m.c.width - 6
	m.modal.scroll.SetWidth(w)
	m.modal.scroll.SetHeight(max(3, m.bodyHeight()-6))
	m.modal.scroll.SetContent(wrapText(m.modal.text, w))
}

// View draws the studio.
func (m *Model) View() (v tea.View) {
	defer func() {
		if r := recover(); r != nil {
			m.panics = append(m.panics, fmt.Sprint(r))
			v = tea.NewView(fmt.Sprintf("internal error while drawing: %v\nYour draft is in %s. Press ctrl+c to quit.", r, m.draftPath()))
			v.AltScreen = true
		}
	}()
	v = tea.NewView(m.render())
	v.AltScreen = true
	return v
}

func (m *Model) render() string {
	c := m.c
	if c.width < minWidth || c.height < minHeight {
		return fmt.Sprintf("The terminal is %d×%d; the studio needs at least %d×%d.\nEnlarge the window, or press ctrl+c to quit.", c.width, c.height, minWidth, minHeight)
	}
	footer := m.footerView()
	bodyH := max(1, c.height-2-lipgloss.Height(footer))
	var body string
	switch {
	case m.modal != nil:
		body = m.modalView(c.width, bodyH)
	case m.showHelp:
		body = joinFitted(m.helpLines(c.width), c.width, bodyH)
	case m.wide():
		lw, rw := m.paneWidths()
		left := m.formLines(lw-1, bodyH)
		right := m.previewLines(rw, bodyH)
		sep := m.c.styles.dim.Render("│")
		var b strings.Builder
		for i := range bodyH {
			if i > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(fitLine(line(left, i), lw) + " " + sep + " " + fitLine(line(right, i), rw))
		}
		body = b.String()
	case m.showPreview:
		body = joinFitted(m.previewLines(c.width, bodyH), c.width, bodyH)
	default:
		// The cost stays in sight on a narrow terminal: its headline closes
		// the form, and ctrl+p shows the whole card.
		st := m.c.styles
		headline := st.dim.Render("Cost: ") + m.s.cost.res.Headline() + st.dim.Render(" · ctrl+p for details")
		body = joinFitted(m.formLines(c.width, bodyH-1), c.width, bodyH-1) + "\n" + fitLine(headline, c.width)
	}
	return m.headerView() + "\n" + body + "\n" + footer
}

func line(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return ""
}

// fitLine cuts or pads s to exactly w columns, measuring it once when it
// fits.
func fitLine(s string, w int) string {
	n := ansi.StringWidth(s)
	if n > w {
		s = ansi.Truncate(s, w, "…")
		n = ansi.StringWidth(s)
	}
	if n < w {
		s += strings.Repeat(" ", w-n)
	}
	return s
}

func joinFitted(lines []string, w, h int) string {
	var b strings.Builder
	for i := range h {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(fitLine(line(lines, i), w))
	}
	return b.String()
}

// formLines draws the current step, scrolled so the focused field shows.
func (m *Model) formLines(width, height int) []string {
	st := m.c.styles
	title, content, focusLine := m.pages[m.step].view(width)
	lines := strings.Split(strings.TrimRight(content, "\n"), "\n")
	avail := height - 2
	if m.step == stepReview && len(lines) > avail && avail > 1 {
		lines = append(lines[:avail-1], st.dim.Render(fmt.Sprintf("… %d more lines: rk-tui validate FILE lists every finding", len(lines)-avail+1)))
	}
	if off := focusLine + 4 - avail; off > 0 {
		lines = lines[min(off, max(0, len(lines)-avail)):]
	}
	return append([]string{st.paneTitle.Render(title), ""}, lines...)
}

// previewLines draws the right side: the JSON, then the cost card.
func (m *Model) previewLines(width, height int) []string {
	st := m.c.styles
	card := m.card.get(m, width, max(1, height/2))
	head := st.paneTitle.Render("Template JSON")
	if pos := m.json.position(); pos != "" {
		head += st.dim.Render("  " + pos + " · pgup/pgdn")
	}
	out := make([]string, 0, height)
	out = append(out, head)
	out = append(out, m.json.lines(st, width)...)
	for len(out) < 1+m.json.height {
		out = append(out, "")
	}
	out = append(out, "")
	return append(out, card...)
}

func (m *Model) headerView() string {
	st, s := m.c.styles, m.s
	title := s.view.Appearance.Title
	if title == "" {
		title = "untitled"
	}
	warns := len(s.findings) - s.errors
	state := st.okText.Render("✓ valid")
	switch {
	case s.errors > 0:
		state = st.errText.Render("✗ " + countText(s.errors, "error"))
		if warns > 0 {
			state += st.warnText.Render(" · " + countText(warns, "warning"))
		}
	case warns > 0:
		state += st.warnText.Render(" · " + countText(warns, "warning"))
	}
	dirty := s.dirty()
	savedText := func(path string) string {
		switch {
		case s.savedPath != "" && !dirty && m.result.Saved == "":
			return st.dim.Render(path + ", no changes")
		case s.savedPath != "" && !dirty:
			return st.okText.Render("saved " + path)
		case s.savedPath != "":
			return st.warnText.Render("unsaved changes")
		}
		return st.dim.Render("not saved")
	}
	left := st.title.Render("rk-tui studio") + st.dim.Render(" · ") + st.bold.Render(template.SafeLine(title))
	right := state + st.dim.Render(" · ") + savedText(template.SafeLine(s.savedPath))
	if ansi.StringWidth(left)+2+ansi.StringWidth(right) > m.c.width {
		// The state matters more than the whole path, and both more than
		// the title: the file's name alone, then a shorter title.
		right = state + st.dim.Render(" · ") + savedText(template.SafeLine(filepath.Base(s.savedPath)))
	}
	var line1 string
	if gap := m.c.width - ansi.StringWidth(left) - ansi.StringWidth(right); gap >= 2 {
		line1 = left + strings.Repeat(" ", gap) + right
	} else if room := m.c.width - ansi.StringWidth(right) - 2; room >= 12 {
		line1 = ansi.Truncate(left, room, "…") + "  " + right
	} else {
		line1 = ansi.Truncate(left+"  "+right, m.c.width, "…")
	}
	var steps []string
	for i := range stepCount {
		name := fmt.Sprintf("%d %s", i+1, stepNames[i])
		switch {
		case i == m.step:
			steps = append(steps, st.stepActive.Render(name))
		case i < m.step:
			steps = append(steps, st.stepDone.Render(name))
		default:
			steps = append(steps, st.step.Render(name))
		}
	}
	line2 := strings.Join(steps, st.dim.Render(" › "))
	if ansi.StringWidth(line2) > m.c.width {
		line2 = strings.Join(steps, " ")
	}
	return line1 + "\n" + ansi.Truncate(line2, m.c.width, "…")
}

func (m *Model) footerView() string {
	st := m.c.styles
	statusLine := ""
	if m.sending {
		statusLine = m.spinner.View() + " sending test points…"
	} else if m.status != "" {
		statusLine = noteStyle(st, m.statusLevel).Render(template.SafeLine(m.status))
	}
	// Drop the step's least important keys until the line fits; the
	// essentials at the end (save, help, quit) always stay.
	keys := m.contextKeys()
	short := keys.short
	helpView := m.help.ShortHelpView(short)
	for ansi.StringWidth(helpView) > m.c.width && len(short) > keys.essentials {
		cut := len(short) - keys.essentials - 1
		short = append(short[:cut:cut], short[cut+1:]...)
		helpView = m.help.ShortHelpView(short)
	}
	return statusLines(statusLine, m.c.width) + "\n" + ansi.Truncate(helpView, m.c.width, "…")
}

// statusLines fits the status into the width on up to two lines, wrapped
// at words: what to do next usually comes last in a message.
func statusLines(s string, width int) string {
	if ansi.StringWidth(s) <= width {
		return s
	}
	lines := strings.Split(ansi.Hardwrap(ansi.Wordwrap(s, width, " "), width, true), "\n")
	if len(lines) > 2 {
		lines[1] = ansi.Truncate(lines[1]+" "+lines[2], width, "…")
	}
	return strings.Join(lines[:min(2, len(lines))], "\n")
}

// helpLines lists every key that works now, the step's and those that work
// everywhere, in two columns when they fit.
func (m *Model) helpLines(width int) []string {
	st := m.c.styles
	keys := m.contextKeys()
	column := func(title string, bs []key.Binding) []string {
		keyW := 0
		for _, b := range bs {
			keyW = max(keyW, ansi.StringWidth(b.Help().Key))
		}
		out := []string{st.paneTitle.Render(title)}
		for _, b := range dedupe(bs) {
			out = append(out, "  "+st.bold.Render(padRight(b.Help().Key, keyW))+"  "+b.Help().Desc)
		}
		return out
	}
	var everywhere []key.Binding
	for _, g := range keys.full[1:] {
		everywhere = append(everywhere, g...)
	}
	left, right := column("This step ("+stepNames[m.step]+")", keys.full[0]), column("Everywhere", everywhere)
	left = append(left, "", st.dim.Render("  press ? (f1 while typing) again to close"))
	leftW := 0
	for _, l := range left {
		leftW = max(leftW, ansi.StringWidth(l))
	}
	rightW := 0
	for _, l := range right {
		rightW = max(rightW, ansi.StringWidth(l))
	}
	if leftW+4+rightW > width {
		return append(append(left, ""), right...)
	}
	out := make([]string, max(len(left), len(right)))
	for i := range out {
		out[i] = padRight(line(left, i), leftW+4) + line(right, i)
	}
	return out
}

// dedupe drops bindings an earlier one already shows.
func dedupe(bs []key.Binding) []key.Binding {
	seen := map[string]bool{}
	var out []key.Binding
	for _, b := range bs {
		if k := b.Help().Key; !seen[k] {
			seen[k] = true
			out = append(out, b)
		}
	}
	return out
}

// footerKeys are the keys of the current context, for the footer and the
// full help.
type footerKeys struct {
	short      []key.Binding
	essentials int // the last ones of short, kept whatever the width
	full       [][]key.Binding
}

// contextKeys are the keys that work right now. Help shows exactly these
// bindings, and the handlers match on them.
func (m *Model) contextKeys() footerKeys {
	if m.modal != nil {
		return footerKeys{}
	}
	k := m.c.keys
	short, full := m.pages[m.step].help()
	helpKey := k.Help
	if m.pages[m.step].typing() {
		helpKey = k.HelpWhileTyping // ? types a question mark here
	}
	essentials := []key.Binding{k.Save, helpKey, k.Quit}
	if m.showHelp {
		short, essentials = nil, []key.Binding{helpKey, k.Quit}
	}
	if !m.wide() {
		essentials = append([]key.Binding{k.TogglePane}, essentials...)
	}
	global := []key.Binding{k.Save, k.Copy, k.DryRun, k.Send, k.NextStep, k.PrevStep, k.ScrollUp, k.ScrollDown}
	if !m.wide() {
		global = append(global, k.TogglePane)
	}
	return footerKeys{
		short:      append(append([]key.Binding(nil), short...), essentials...),
		essentials: len(essentials),
		full:       [][]key.Binding{full, global, {helpKey, k.Quit}},
	}
}

func (m *Model) modalView(width, height int) string {
	st := m.c.styles
	md := m.modal
	w := min(width-4, 76)
	if md.scroll != nil {
		w = width - 2 // request dumps have long lines
	}
	var b strings.Builder
	b.WriteString(st.title.Render(wrapText(md.title, w-4)) + "\n")
	body := md.body
	if md.kind == modalResume {
		body = resumeBody(md.drafts, md.sel, m.c.now())
	}
	if body != "" {
		b.WriteString("\n" + wrapText(body, w-4) + "\n")
	}
	if md.input != nil {
		md.input.SetWidth(w - 8)
		b.WriteString("\n" + md.input.View() + "\n")
	}
	if md.scroll != nil {
		b.WriteString("\n" + md.scroll.View() + "\n")
	}
	b.WriteString("\n" + st.dim.Render(md.hints))
	box := lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).Padding(0, 1)
	if st.borderColor != nil {
		box = box.BorderForeground(st.borderColor)
	}
	return lipgloss.Place(width, height, lipgloss.Center, lipgloss.Center, box.Render(b.String()))
}
