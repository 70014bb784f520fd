package tui

import "charm.land/bubbles/v2/key"

// keyMap holds every binding; the footer shows the ones that work now.
type keyMap struct {
	Next, Prev, Up, Down, Left, Right key.Binding
	Enter, Back, NextStep, PrevStep   key.Binding
	Save, Copy, DryRun, Send          key.Binding
	Help, Quit, TogglePane            key.Binding
	ScrollUp, ScrollDown              key.Binding
	Add, Edit, Delete, MoveUp, MoveDn key.Binding
}

func newKeyMap() keyMap {
	k := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return keyMap{
		Next:       k("tab", "next", "tab"),
		Prev:       k("shift+tab", "previous", "shift+tab"),
		Up:         k("↑", "up", "up"),
		Down:       k("↓", "down", "down"),
		Left:       k("←/→", "choose", "left"),
		Right:      k("→", "change choice", "right"),
		Enter:      k("enter", "confirm", "enter"),
		Back:       k("esc", "back", "esc"),
		NextStep:   k("ctrl+→", "next step", "ctrl+right", "ctrl+n"),
		PrevStep:   k("ctrl+←", "previous step", "ctrl+left", "ctrl+b"),
		Save:       k("ctrl+s", "save", "ctrl+s"),
		Copy:       k("ctrl+y", "copy", "ctrl+y"),
		DryRun:     k("ctrl+d", "dry-run", "ctrl+d"),
		Send:       k("ctrl+t", "send test", "ctrl+t"),
		Help:       k("?", "keys", "?"),
		Quit:       k("ctrl+c", "quit", "ctrl+c"),
		TogglePane: k("ctrl+p", "preview", "ctrl+p"),
		ScrollUp:   k("pgup", "scroll JSON", "pgup"),
		ScrollDown: k("pgdn", "scroll JSON", "pgdown"),
		Add:        k("a", "add", "a"),
		Edit:       k("enter", "edit", "enter", "e"),
		Delete:     k("x", "delete", "x", "delete"),
		MoveUp:     k("K/J", "move", "K", "alt+up"),
		MoveDn:     k("J", "move down", "J", "alt+down"),
	}
}

// helpKeys adapts the current context to bubbles/help.
type helpKeys struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h helpKeys) ShortHelp() []key.Binding  { return h.short }
func (h helpKeys) FullHelp() [][]key.Binding { return h.full }
