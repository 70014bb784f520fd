package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// common is what every part of the studio shares: the terminal's size, the
// styles, the key map, the clock and the environment. The root model owns
// it; steps, forms and panes hold a pointer.
type common struct {
	width, height int
	styles        styles
	dark, color   bool
	keys          *keyMap
	now           func() time.Time
	getenv        func(string) string
}

func newCommon(o Options) *common {
	c := &common{width: 80, height: 24, dark: true, color: o.Color, keys: newKeyMap(), now: o.Now, getenv: o.Getenv}
	if c.now == nil {
		c.now = time.Now
	}
	if c.getenv == nil {
		c.getenv = func(string) string { return "" }
	}
	c.styles = newStyles(c.dark, c.color)
	return c
}

// Messages the parts of the studio send the root model.
type (
	// goStepMsg moves to another step.
	goStepMsg struct{ to step }
	// statusMsg sets the status line: level 0 info, 1 warning, 2 error.
	statusMsg struct {
		level int
		text  string
	}
	// askMsg opens a modal over the studio.
	askMsg struct{ modal *modal }
	// actionMsg asks for one of the studio's actions (the review menu).
	actionMsg struct{ action action }
)

// action is something the studio does for the user.
type action int

const (
	actSave action = iota
	actCopy
	actDryRun
	actSend
	actQuit
	actLive // pull the account's live values
)

// emit returns a command that delivers msg.
func emit(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

func status(level int, text string) tea.Cmd { return emit(statusMsg{level, text}) }
