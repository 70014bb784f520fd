package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/rk-tui/rk-tui/template"
)

// Smallest terminal the studio draws in.
const minWidth, minHeight = 40, 12

// layout sizes the parts that keep their own size.
func (m *Model) layout() {
	m.help.SetWidth(0) // footerView fits the line itself, keeping help and quit
	_, bodyH := m.bodySize()
	m.json.height = max(3, bodyH-m.cardHeight(bodyH)-2)
	m.json.reveal()
	m.json.clamp()
}

func (m *Model) wide() bool { return m.width >= wideLayout }

func (m *Model) leftWidth() int {
	if !m.wide() {
		return m.width
	}
	return m.width * 9 / 20
}

func (m *Model) bodySize() (int, int) {
	return m.width, max(1, m.height-lipgloss.Height(m.headerView())-lipgloss.Height(m.footerView()))
}

// cardHeight is the height of the cost card under the JSON.
func (m *Model) cardHeight(bodyH int) int {
	lines := strings.Count(m.costCard(m.rightWidth()), "\n") + 1
	return min(lines, bodyH/2)
}

func (m *Model) rightWidth() int {
	if !m.wide() {
		return m.width
	}
	return m.width - m.leftWidth() - 3
}

func (m *Model) render() string {
	if m.width < minWidth || m.height < minHeight {
		return fmt.Sprintf("The terminal is %d×%d; the studio needs at least %d×%d.\nEnlarge the window, or press ctrl+c to quit.", m.width, m.height, minWidth, minHeight)
	}
	header, footer := m.headerView(), m.footerView()
	bodyH := max(1, m.height-lipgloss.Height(header)-lipgloss.Height(footer))
	var body string
	switch {
	case m.modal != nil:
		body = m.modalView(m.width, bodyH)
	case m.wide():
		lw, rw := m.leftWidth(), m.rightWidth()
		left := fit(m.formView(lw-1, bodyH), lw, bodyH)
		right := fit(m.previewView(rw, bodyH), rw, bodyH)
		sep := fit(strings.TrimSuffix(strings.Repeat(m.styles.dim.Render("│")+"\n", bodyH), "\n"), 1, bodyH)
		body = lipgloss.JoinHorizontal(lipgloss.Top, left, " ", sep, " ", right)
	case m.showPreview:
		body = fit(m.previewView(m.width, bodyH), m.width, bodyH)
	default:
		// The cost stays in sight on a narrow terminal: its headline closes
		// the form, and ctrl+p shows the whole card.
		headline := m.styles.dim.Render("Cost: ") + m.cost.res.Headline() + m.styles.dim.Render(" · ctrl+p for details")
		body = fit(m.formView(m.width, bodyH-1), m.width, bodyH-1) + "\n" + fit(headline, m.width, 1)
	}
	return header + "\n" + body + "\n" + footer
}

// fit cuts or pads s to exactly w columns and h lines.
func fit(s string, w, h int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	for i, l := range lines {
		l = ansi.Truncate(l, w, "…")
		if pad := w - ansi.StringWidth(l); pad > 0 {
			l += strings.Repeat(" ", pad)
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}

func (m *Model) headerView() string {
	st := m.styles
	title := m.view.Appearance.Title
	if title == "" {
		title = "untitled"
	}
	errs, warns := 0, 0
	for _, f := range m.findings {
		if f.Severity == template.Error {
			errs++
		} else {
			warns++
		}
	}
	state := st.okText.Render("✓ valid")
	switch {
	case errs > 0:
		state = st.errText.Render(fmt.Sprintf("✗ %d error%s", errs, plural(errs)))
		if warns > 0 {
			state += st.warnText.Render(fmt.Sprintf(" · %d warning%s", warns, plural(warns)))
		}
	case warns > 0:
		state = st.okText.Render("✓ valid") + st.warnText.Render(fmt.Sprintf(" · %d warning%s", warns, plural(warns)))
	}
	saved := st.dim.Render("not saved")
	switch {
	case m.savedPath != "" && !m.dirty && m.result.Saved == "":
		saved = st.dim.Render(m.savedPath + ", no changes")
	case m.savedPath != "" && !m.dirty:
		saved = st.okText.Render("saved " + m.savedPath)
	case m.savedPath != "":
		saved = st.warnText.Render("unsaved changes")
	}
	left := st.title.Render("rk-tui studio") + st.dim.Render(" · ") + st.bold.Render(title)
	right := state + st.dim.Render(" · ") + saved
	line1 := left
	if gap := m.width - ansi.StringWidth(left) - ansi.StringWidth(right); gap >= 2 {
		line1 = left + strings.Repeat(" ", gap) + right
	} else {
		line1 = ansi.Truncate(left+"  "+right, m.width, "…")
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
	sep := st.dim.Render(" › ")
	line2 := strings.Join(steps, sep)
	if ansi.StringWidth(line2) > m.width {
		line2 = strings.Join(steps, " ")
	}
	return line1 + "\n" + ansi.Truncate(line2, m.width, "…")
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func (m *Model) footerView() string {
	st := m.styles
	status := ""
	if m.sending {
		status = m.spinner.View() + " sending a test point…"
	} else if m.status != "" {
		status = noteStyle(st, m.statusLevel).Render(m.status)
	}
	keys := m.contextKeys()
	var helpView string
	if m.showHelp {
		helpView = m.help.FullHelpView(keys.full)
	} else {
		// Drop the least important keys until the line fits; help and quit
		// (the last two) always stay.
		short := keys.short
		helpView = m.help.ShortHelpView(short)
		for ansi.StringWidth(helpView) > m.width && len(short) > 2 {
			short = append(short[:len(short)-3:len(short)-3], short[len(short)-2:]...)
			helpView = m.help.ShortHelpView(short)
		}
	}
	lines := strings.Split(helpView, "\n")
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, m.width, "…")
	}
	return ansi.Truncate(status, m.width, "…") + "\n" + strings.Join(lines, "\n")
}

// contextKeys are the keys that work right now.
func (m *Model) contextKeys() helpKeys {
	k := m.keys
	global := []key.Binding{k.Save, k.Copy, k.DryRun, k.Send, k.NextStep, k.PrevStep, k.Quit}
	if !m.wide() {
		global = append(global, k.TogglePane)
	}
	nav := []key.Binding{k.Next, k.Prev, k.Enter, k.Back, k.ScrollUp, k.ScrollDown}
	var short []key.Binding
	var local []key.Binding
	switch {
	case m.modal != nil:
		return helpKeys{}
	case m.step == stepMetrics && m.metricForm == nil:
		local = []key.Binding{k.Add, k.Edit, k.Delete, k.MoveUp}
		short = []key.Binding{k.Add, k.Edit, k.Delete, k.MoveUp, k.Next, k.Save, k.Help, k.Quit}
	case m.step == stepReview:
		local = []key.Binding{k.Up, k.Down, k.Enter}
		short = []key.Binding{k.Enter, k.Save, k.Copy, k.DryRun, k.Send, k.Back, k.Help, k.Quit}
	default:
		if fm := m.activeForm(); fm != nil && fm.focused() != nil && fm.focused().isChoice() {
			local = []key.Binding{k.Left}
			short = []key.Binding{k.Left, k.Next, k.Enter, k.Back, k.Save, k.Help, k.Quit}
		} else {
			short = []key.Binding{k.Next, k.Enter, k.Back, k.Save, k.Copy, k.Help, k.Quit}
		}
	}
	if !m.wide() {
		short = append([]key.Binding{short[0], k.TogglePane}, short[1:]...)
	}
	help := k.Help
	help.SetHelp("?/f1", "all keys")
	return helpKeys{short: short, full: [][]key.Binding{dedupe(append(local, nav...)), global, {help}}}
}

// formView draws the left side: the current step.
func (m *Model) formView(width, height int) string {
	st := m.styles
	var title, content string
	focusLine := 0
	switch m.step {
	case stepStart:
		title = "Start: what the template is"
		content, focusLine = m.forms[stepStart].view(m, width)
	case stepTarget:
		title = "Target: how metrics reach Datadog"
		content, focusLine = m.forms[stepTarget].view(m, width)
		content += "\n" + m.keyInfo(width)
	case stepMetrics:
		ms := m.metrics
		if m.metricForm != nil && m.metricSel < len(ms) {
			title = fmt.Sprintf("Metric %d of %d", m.metricSel+1, len(ms))
			content, focusLine = m.metricForm.view(m, width)
			content += "\n" + st.hint.Render("esc back to the list")
		} else {
			title = fmt.Sprintf("Metrics (%d)", len(ms))
			content = m.metricListView(width)
			focusLine = 2 * m.metricSel
		}
	case stepBreakpoint:
		title = "Breakpoint: where and how long"
		content, focusLine = m.forms[stepBreakpoint].view(m, width)
	case stepCost:
		title = "Cost profile: what the bill is based on"
		content, focusLine = m.forms[stepCost].view(m, width)
	case stepReview:
		title = "Review"
		content, focusLine = m.reviewView(width)
	}
	lines := strings.Split(strings.TrimRight(content, "\n"), "\n")
	avail := height - 2
	if m.step == stepReview && len(lines) > avail && avail > 1 {
		lines = append(lines[:avail-1], m.styles.dim.Render(fmt.Sprintf("… %d more lines: rk-tui validate FILE lists every finding", len(lines)-avail+1)))
	}
	off := 0
	if focusLine+4 > avail {
		off = min(focusLine+4-avail, max(0, len(lines)-avail))
	}
	if off > 0 {
		lines = lines[off:]
	}
	return st.paneTitle.Render(title) + "\n\n" + strings.Join(lines, "\n")
}

// keyInfo says where the API key comes from, without showing it.
func (m *Model) keyInfo(width int) string {
	st := m.styles
	if m.view.Target() == template.TargetDogStatsD {
		return wrapIndented(st.hint.Render("The agent adds the host tag itself and needs no API key. Test sends go to the agent's UDP port."), width, "  ")
	}
	key := strings.TrimSpace(m.getenv("DD_API_KEY"))
	var s string
	if key != "" {
		s = st.okText.Render("DD_API_KEY found ("+template.MaskKey(key)+")") + st.hint.Render(": used to send test points and by export --api-key-from-env. The template keeps the placeholder, so the key is never written to the working file.")
	} else {
		s = st.warnText.Render("DD_API_KEY is not set") + st.hint.Render(": the template keeps "+template.APIKeyPlaceholder+" to fill in the Rookout app. Set DD_API_KEY before starting to send test points.")
	}
	return wrapIndented(s, width, "  ")
}

// previewView draws the right side: the JSON and the cost card.
func (m *Model) previewView(width, height int) string {
	st := m.styles
	card := m.costCard(width)
	cardH := min(strings.Count(card, "\n")+1, height/2)
	m.json.height = max(1, height-cardH-2)
	m.json.reveal() // the card may have grown: keep the edited value in sight
	m.json.clamp()
	head := st.paneTitle.Render("Template JSON")
	if pos := m.json.position(); pos != "" {
		head += st.dim.Render("  " + pos + " · pgup/pgdn")
	}
	return head + "\n" + fit(m.json.view(st, width), width, m.json.height) + "\n\n" + fit(card, width, cardH)
}

func (m *Model) modalView(width, height int) string {
	st := m.styles
	md := m.modal
	w := min(width-4, 76)
	if md.scroll != nil {
		w = width - 2 // request dumps have long lines
	}
	var b strings.Builder
	b.WriteString(st.title.Render(md.title) + "\n")
	if md.body != "" {
		b.WriteString("\n" + ansi.Wordwrap(md.body, w-4, " ") + "\n")
	}
	if md.input != nil {
		md.input.SetWidth(w - 8)
		b.WriteString("\n" + md.input.View() + "\n")
	}
	if md.scroll != nil {
		md.scroll.SetWidth(w - 4)
		md.scroll.SetHeight(max(3, height-8))
		b.WriteString("\n" + md.scroll.View() + "\n")
	}
	b.WriteString("\n" + st.dim.Render(md.hints))
	box := lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).Padding(0, 1)
	if m.styles.borderColor != nil {
		box = box.BorderForeground(m.styles.borderColor)
	}
	return lipgloss.Place(width, height, lipgloss.Center, lipgloss.Center, box.Render(b.String()))
}

// dedupe drops bindings whose keys an earlier one already shows.
func dedupe(bs []key.Binding) []key.Binding {
	seen := map[string]bool{}
	var out []key.Binding
	for _, b := range bs {
		k := b.Help().Key
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, b)
	}
	return out
}
