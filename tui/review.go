package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/rk-tui/rk-tui/template"
)

// reviewAction is one entry of the review step's menu.
type reviewAction struct {
	label, key string
	run        func(m *Model) tea.Cmd
}

var reviewActions = []reviewAction{
	{"Save the working file", "ctrl+s", func(m *Model) tea.Cmd { return m.save(false) }},
	{"Copy paste-ready JSON for Rookout", "ctrl+y", func(m *Model) tea.Cmd { return m.copyJSON() }},
	{"Show the dry-run of a test send", "ctrl+d", func(m *Model) tea.Cmd { m.showDryRun(); return nil }},
	{"Send a test point to Datadog", "ctrl+t", func(m *Model) tea.Cmd { return m.startSend() }},
	{"Quit", "ctrl+c", func(m *Model) tea.Cmd { return m.requestQuit() }},
}

func (m *Model) reviewKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "up", "k", "shift+tab":
		if m.reviewSel > 0 {
			m.reviewSel--
		} else if msg.String() == "shift+tab" {
			m.goStep(m.step - 1)
		}
	case "down", "j", "tab":
		if m.reviewSel < len(reviewActions)-1 {
			m.reviewSel++
		}
	case "enter", "space", " ":
		return reviewActions[m.reviewSel].run(m)
	case "esc":
		m.goStep(m.step - 1)
	}
	return nil
}

// reviewView shows the actions first, then the findings, errors first, so
// neither is pushed off a small screen by the other.
func (m *Model) reviewView(width int) (string, int) {
	st := m.styles
	var b strings.Builder
	for i, a := range reviewActions {
		marker, label := "  ", a.label
		if i == m.reviewSel {
			marker, label = st.cursor.Render("▸ "), st.labelFocus.Render(a.label)
		}
		b.WriteString(marker + label + st.dim.Render("  "+a.key) + "\n")
	}
	b.WriteString("\n")
	var errs, warns []template.Finding
	for _, f := range m.findings {
		if f.Severity == template.Error {
			errs = append(errs, f)
		} else {
			warns = append(warns, f)
		}
	}
	switch {
	case len(errs) == 0 && len(warns) == 0:
		b.WriteString(st.okText.Render("✓ No findings: the template is ready for Rookout.") + "\n")
	case len(errs) == 0:
		b.WriteString(st.okText.Render("✓ Valid") + st.warnText.Render(fmt.Sprintf(" with %d warning%s:", len(warns), plural(len(warns)))) + "\n")
	default:
		head := fmt.Sprintf("✗ %d error%s to fix before export", len(errs), plural(len(errs)))
		if len(warns) > 0 {
			head += fmt.Sprintf(", %d warning%s", len(warns), plural(len(warns)))
		}
		b.WriteString(st.errText.Render(head+":") + "\n")
	}
	for _, f := range append(errs, warns...) {
		level := 1
		if f.Severity == template.Error {
			level = 2
		}
		head := noteStyle(st, level).Render(notePrefix(level)+f.Code) + st.dim.Render(fmt.Sprintf(" line %d · %s", f.Line, f.Path))
		b.WriteString(ansi.Truncate(head, width, "…") + "\n")
		msg := f.Message
		if f.Rewrite != "" {
			msg += " → Datadog stores " + f.Rewrite
		}
		b.WriteString(wrapIndented(msg, width, "    "))
	}
	return b.String(), m.reviewSel
}
