package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/rk-tui/rk-tui/template"
)

// reviewPage is step 6: the actions, then every finding of validate.
type reviewPage struct {
	c   *common
	s   *session
	sel int
}

type reviewAction struct {
	label string
	key   func(k *keyMap) key.Binding
	act   action
}

var reviewActions = []reviewAction{
	{"Save the working file", func(k *keyMap) key.Binding { return k.Save }, actSave},
	{"Copy paste-ready JSON for Rookout", func(k *keyMap) key.Binding { return k.Copy }, actCopy},
	{"Show the dry-run of a test send", func(k *keyMap) key.Binding { return k.DryRun }, actDryRun},
	{"Send a test point to Datadog", func(k *keyMap) key.Binding { return k.Send }, actSend},
	{"Quit", func(k *keyMap) key.Binding { return k.Quit }, actQuit},
}

func newReviewPage(c *common, s *session) *reviewPage { return &reviewPage{c: c, s: s} }

func (p *reviewPage) enter()            {}
func (p *reviewPage) focusPath() string { return "" }
func (p *reviewPage) typing() bool      { return false }

func (p *reviewPage) update(msg tea.Msg) tea.Cmd {
	press, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	k := p.c.keys
	switch {
	case key.Matches(press, k.Prev):
		if p.sel == 0 {
			return emit(goStepMsg{stepReview - 1})
		}
		p.sel--
	case key.Matches(press, k.ListUp):
		p.sel = max(0, p.sel-1)
	case key.Matches(press, k.Next, k.ListDown):
		p.sel = min(len(reviewActions)-1, p.sel+1)
	case key.Matches(press, k.Select):
		return emit(actionMsg{reviewActions[p.sel].act})
	case key.Matches(press, k.Back):
		return emit(goStepMsg{stepReview - 1})
	}
	return nil
}

func (p *reviewPage) help() ([]key.Binding, []key.Binding) {
	k := p.c.keys
	return []key.Binding{k.Select, k.Back},
		[]key.Binding{k.ListUp, k.ListDown, k.Select, k.Back}
}

// view shows the actions first, then the findings, errors first, so
// neither is pushed off a small screen by the other.
func (p *reviewPage) view(width int) (string, string, int) {
	st := p.c.styles
	var b strings.Builder
	for i, a := range reviewActions {
		marker, label := "  ", a.label
		if i == p.sel {
			marker, label = st.cursor.Render("▸ "), st.labelFocus.Render(a.label)
		}
		b.WriteString(marker + label + st.dim.Render("  "+a.key(p.c.keys).Help().Key) + "\n")
	}
	b.WriteString("\n")
	var errs, warns []template.Finding
	for _, f := range p.s.findings {
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
		b.WriteString(st.okText.Render("✓ Valid") + st.warnText.Render(fmt.Sprintf(" with %s:", countText(len(warns), "warning"))) + "\n")
	default:
		head := fmt.Sprintf("✗ %s to fix before export", countText(len(errs), "error"))
		if len(warns) > 0 {
			head += ", " + countText(len(warns), "warning")
		}
		b.WriteString(st.errText.Render(head+":") + "\n")
	}
	for _, f := range append(errs, warns...) {
		n := findingNote(f)
		head := noteStyle(st, n.level).Render(notePrefix(n.level)+f.Code) + st.dim.Render(fmt.Sprintf(" line %d · %s", f.Line, template.SafeLine(f.Path)))
		b.WriteString(ansi.Truncate(head, width, "…") + "\n")
		b.WriteString(wrapStyled(st.value, n.text, width, "    "))
	}
	return "Review", b.String(), p.sel
}

// countText is "1 warning", "3 warnings".
func countText(n int, one string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %ss", n, one)
}
