package tui

import "charm.land/bubbles/v2/key"

// keyMap holds every key the studio acts on. Every handler matches keys
// through these bindings (key.Matches), and help lists the same bindings, so
// what help shows is exactly what works.
type keyMap struct {
	// Moving through a form.
	Next, Prev, Up, Down, Choose, Enter, Back, Clear key.Binding
	// Editing keys a text field handles itself, listed in help.
	ClearToEnd, DeleteWord, LineStartEnd key.Binding
	// Steps.
	NextStep, PrevStep key.Binding
	// Actions, anywhere.
	Save, Copy, DryRun, Send, Quit    key.Binding
	Help, HelpWhileTyping, TogglePane key.Binding
	ScrollUp, ScrollDown              key.Binding
	// Live pulls the account's live values into the cost profile.
	Live key.Binding
	// The metric list.
	ListUp, ListDown, ListTop, ListBottom, Add, Edit, Delete, MoveUp, MoveDown key.Binding
	// Move is MoveUp and MoveDown in one, for the footer.
	Move key.Binding
	// Review and modals.
	Select, Yes, No, SaveAndQuit, Discard key.Binding
	ChoiceLeft, ChoiceRight               key.Binding
}

func newKeyMap() *keyMap {
	k := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return &keyMap{
		Next:   k("tab", "next", "tab"),
		Prev:   k("shift+tab", "previous", "shift+tab"),
		Up:     k("↑", "field up", "up"),
		Down:   k("↓", "field down", "down"),
		Choose: k("←/→", "choose", "left", "right"),
		// ChoiceLeft and ChoiceRight are Choose split by direction; space
		// and h/l also turn a choice (a choice field takes no typing).
		ChoiceLeft:   k("←", "previous choice", "left", "h"),
		ChoiceRight:  k("→", "next choice", "right", "l", "space"),
		Enter:        k("enter", "confirm", "enter"),
		Back:         k("esc", "back", "esc"),
		Clear:        k("ctrl+u", "delete to the start", "ctrl+u"),
		ClearToEnd:   k("ctrl+k", "delete to the end", "ctrl+k"),
		DeleteWord:   k("ctrl+w", "delete a word", "ctrl+w", "alt+backspace"),
		LineStartEnd: k("ctrl+a/ctrl+e", "start/end of the field", "ctrl+a", "ctrl+e", "home", "end"),

		NextStep: k("ctrl+n/ctrl+→", "next step", "ctrl+n", "ctrl+right"),
		PrevStep: k("ctrl+b/ctrl+←", "previous step", "ctrl+b", "ctrl+left"),

		Save:            k("ctrl+s", "save", "ctrl+s"),
		Copy:            k("ctrl+y", "copy", "ctrl+y"),
		DryRun:          k("ctrl+d", "dry-run", "ctrl+d"),
		Send:            k("ctrl+t", "send test", "ctrl+t"),
		Quit:            k("ctrl+c", "quit", "ctrl+c"),
		Help:            k("?", "keys", "?", "f1"),
		HelpWhileTyping: k("f1", "keys", "f1"),
		TogglePane:      k("ctrl+p", "preview", "ctrl+p"),
		ScrollUp:        k("pgup", "JSON up", "pgup"),
		ScrollDown:      k("pgdn", "JSON down", "pgdown"),
		Live:            k("ctrl+l", "live values", "ctrl+l"),

		ListUp:     k("↑/k", "previous metric", "up", "k"),
		ListDown:   k("↓/j", "next metric", "down", "j"),
		ListTop:    k("home/g", "first metric", "home", "g"),
		ListBottom: k("end/G", "last metric", "end", "G"),
		Add:        k("a/+", "add", "a", "+"),
		Edit:       k("enter/e", "edit", "enter", "e"),
		Delete:     k("x/del", "delete", "x", "delete", "backspace"),
		MoveUp:     k("K/shift+↑", "move up", "K", "shift+up", "alt+up"),
		MoveDown:   k("J/shift+↓", "move down", "J", "shift+down", "alt+down"),
		Move:       k("K/J", "move", "K", "J"),

		Select:      k("enter", "run", "enter", "space"),
		Yes:         k("y", "yes", "y"),
		No:          k("n", "no", "n"),
		SaveAndQuit: k("s", "save and quit", "s"),
		Discard:     k("x", "discard", "x"),
	}
}
