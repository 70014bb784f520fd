package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// step is one page of the studio.
type step int

const (
	stepStart step = iota
	stepTarget
	stepMetrics
	stepBreakpoint
	stepCost
	stepReview
	stepCount
)

var stepNames = [stepCount]string{"Start", "Target", "Metrics", "Breakpoint", "Cost", "Review"}

// page is one step of the studio: a component with its own state, bound to
// the session, that talks to the root model only through messages (goStepMsg,
// statusMsg, askMsg, actionMsg).
type page interface {
	// enter is called when the step is shown: it loads its fields.
	enter()
	// update takes a key, a paste, or the answer to a question the page
	// asked (modalAnswerMsg).
	update(msg tea.Msg) tea.Cmd
	// view draws the step in width columns: its title, its body, and the
	// body line to keep in sight.
	view(width int) (title, body string, focusLine int)
	// focusPath is the JSON path of what is being edited, for the JSON pane.
	focusPath() string
	// typing reports whether printable keys go into a text field.
	typing() bool
	// help lists the step's own keys: a short line and a full list.
	help() (short, full []key.Binding)
}

// formPage is a step that is one form.
type formPage struct {
	c     *common
	s     *session
	self  step
	title string
	form  *form
	// extra is drawn under the form (the target step's key notice).
	extra func(width int) string
}

func (p *formPage) enter() {
	p.form.sync()
	if p.form.focused() == nil || !p.isVisible(p.form.focus) {
		p.form.first()
	} else {
		p.form.setFocus(p.form.focus)
	}
}

func (p *formPage) isVisible(i int) bool {
	for _, v := range p.form.visible() {
		if v == i {
			return true
		}
	}
	return false
}

func (p *formPage) update(msg tea.Msg) tea.Cmd {
	res, cmd := p.form.update(msg)
	switch res {
	case formLeaveNext:
		return tea.Batch(cmd, emit(goStepMsg{p.self + 1}))
	case formLeavePrev:
		return tea.Batch(cmd, emit(goStepMsg{p.self - 1}))
	}
	return cmd
}

func (p *formPage) view(width int) (string, string, int) {
	body, focus := p.form.view(width)
	if p.extra != nil {
		body += "\n" + p.extra(width)
	}
	return p.title, body, focus
}

func (p *formPage) focusPath() string { return p.form.focusPath() }
func (p *formPage) typing() bool      { return p.form.typing() }

func (p *formPage) help() ([]key.Binding, []key.Binding) {
	k := p.c.keys
	back := []key.Binding{k.Back}
	if p.self == stepStart {
		back = nil // there is no step before the first
	}
	if f := p.form.focused(); f != nil && f.isChoice() {
		return append([]key.Binding{k.Choose, k.Next, k.Enter}, back...),
			append([]key.Binding{k.Choose, k.Next, k.Prev, k.Up, k.Down, k.Enter}, back...)
	}
	return append([]key.Binding{k.Next, k.Enter}, back...),
		append(append([]key.Binding{k.Next, k.Prev, k.Up, k.Down, k.Enter}, back...), k.Clear, k.ClearToEnd, k.DeleteWord, k.LineStartEnd)
}
