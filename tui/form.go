package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/rk-tui/rk-tui/template"
)

// note is a line shown under a field: what validate says about its value,
// or what the studio made of what was typed.
type note struct {
	level int // 0 info, 1 warning, 2 error
	text  string
}

// field is one row of a form: a text input or a choice, bound to one value
// of the document.
type field struct {
	key   string
	label string
	hint  string // shown when the field has focus and nothing is wrong

	input textinput.Model // text fields

	choices  []string // choice fields
	descs    []string // one line per choice, optional
	selected int

	// load reads the value from the session's document; apply writes it.
	load  func(s *session) string
	apply func(s *session, value string) error
	// path is the JSON path the field edits: the JSON pane marks it and
	// the field shows validate's findings there (under: and below it).
	path  func(s *session) string
	under bool
	// info says what the studio made of a value ("→ 2026-11-28T12:00:00Z"),
	// shown when validate has nothing to say. It states no rule: the rules
	// are validate's.
	info func(s *session, value string) []note
	// hidden hides the field (e.g. the agent host on the API route).
	hidden func(s *session) bool
	// after runs once the value is written, for what a step does about it
	// (a status line, a question).
	after func(value string) tea.Cmd
	// escaped is set when the value shown was read with control characters
	// and is shown escaped (\x0a): what is written back is unescaped, so
	// editing such a value, or a field beside it, keeps its characters.
	escaped bool
}

func (f *field) isChoice() bool { return f.choices != nil }

// value is the field's value for the document.
func (f *field) value() string {
	if f.escaped {
		return template.UnescapeLine(f.shown())
	}
	return f.shown()
}

// shown is the value as the field shows it: control characters escaped.
func (f *field) shown() string {
	if f.isChoice() {
		if f.selected < 0 || f.selected >= len(f.choices) {
			return ""
		}
		return f.choices[f.selected]
	}
	return f.input.Value()
}

// setValue shows v in the field. A control character in a value read from
// the file is shown escaped (\x1b): it is never sent to the terminal.
func (f *field) setValue(v string) {
	f.escaped = template.HasControl(v)
	shown := v
	if f.escaped {
		shown = template.EscapeLine(v)
	}
	if f.isChoice() {
		for i, c := range f.choices {
			if c == v {
				f.selected = i
				return
			}
		}
		if v != "" {
			// A value the tool does not offer (a file written by hand) is
			// shown as it is, with its finding, not replaced by the first
			// choice.
			f.choices = append([]string{shown}, f.choices...)
			if f.descs != nil {
				f.descs = append([]string{""}, f.descs...)
			}
			f.selected = 0
		}
		return
	}
	f.input.SetValue(shown)
	f.input.CursorEnd()
}

func newTextField(key, label, placeholder, hint string) *field {
	ti := textinput.New()
	ti.Prompt = ""
	ti.Placeholder = placeholder
	// No limit: a field holds a value from a file, which may be long (a
	// tag list, a description); a limit would cut it at the first key.
	ti.CharLimit = 0
	st := ti.Styles()
	st.Cursor.Blink = false
	st.Blurred.Text = lipgloss.NewStyle() // values in the terminal's own colour; only placeholders are faint
	st.Focused.Text = lipgloss.NewStyle()
	st.Focused.Placeholder = st.Focused.Placeholder.Faint(true).Italic(true)
	st.Blurred.Placeholder = st.Blurred.Placeholder.Faint(true).Italic(true)
	ti.SetStyles(st)
	return &field{key: key, label: label, hint: hint, input: ti}
}

func newChoiceField(key, label string, choices, descs []string) *field {
	return &field{key: key, label: label, choices: choices, descs: descs}
}

// fixedPath is a field's path when it does not depend on the document.
func fixedPath(p string) func(*session) string { return func(*session) string { return p } }

// form is a list of fields with one in focus, bound to a session: a key
// that changes a value writes it into the document at once.
type form struct {
	c      *common
	s      *session
	fields []*field
	focus  int
}

func newForm(c *common, s *session, fields ...*field) *form {
	return &form{c: c, s: s, fields: fields}
}

// formResult says what a key did to a form.
type formResult int

const (
	formIdle      formResult = iota // nothing, or the focus moved
	formEdited                      // the focused value changed and was written
	formLeaveNext                   // past the last field
	formLeavePrev                   // back out of the form
)

func (fm *form) focused() *field {
	if fm.focus < 0 || fm.focus >= len(fm.fields) {
		return nil
	}
	return fm.fields[fm.focus]
}

func (fm *form) byKey(k string) *field {
	for _, f := range fm.fields {
		if f.key == k {
			return f
		}
	}
	return nil
}

// visible lists the indexes of the fields shown now.
func (fm *form) visible() []int {
	var out []int
	for i, f := range fm.fields {
		if f.hidden == nil || !f.hidden(fm.s) {
			out = append(out, i)
		}
	}
	return out
}

// sync loads every field from the document.
func (fm *form) sync() {
	for _, f := range fm.fields {
		if f.load != nil {
			f.setValue(f.load(fm.s))
		}
	}
}

// move shifts focus by delta among visible fields; it reports false when it
// would leave the form.
func (fm *form) move(delta int) bool {
	vis := fm.visible()
	pos := -1
	for i, idx := range vis {
		if idx == fm.focus {
			pos = i
		}
	}
	next := pos + delta
	if next < 0 || next >= len(vis) {
		return false
	}
	fm.setFocus(vis[next])
	return true
}

func (fm *form) setFocus(i int) {
	if f := fm.focused(); f != nil && !f.isChoice() {
		f.input.Blur()
	}
	fm.focus = i
	if f := fm.focused(); f != nil && !f.isChoice() {
		f.input.Focus()
		f.input.CursorEnd() // show the end of a long value, where typing goes
	}
}

// first focuses the first visible field.
func (fm *form) first() {
	if vis := fm.visible(); len(vis) > 0 {
		fm.setFocus(vis[0])
	}
}

// focusKey focuses the field with key k, if it is shown.
func (fm *form) focusKey(k string) bool {
	for _, i := range fm.visible() {
		if fm.fields[i].key == k {
			fm.setFocus(i)
			return true
		}
	}
	return false
}

// typing reports whether the focused field takes printable keys.
func (fm *form) typing() bool {
	f := fm.focused()
	return f != nil && !f.isChoice()
}

// update handles a key or a paste. An edit is written into the document at
// once; a failure to write it comes back as an error status.
func (fm *form) update(msg tea.Msg) (formResult, tea.Cmd) {
	f := fm.focused()
	if f == nil {
		return formIdle, nil
	}
	k := fm.c.keys
	if press, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(press, k.Next, k.Enter):
			if !fm.move(1) {
				return formLeaveNext, nil
			}
			return formIdle, nil
		case key.Matches(press, k.Down):
			fm.move(1)
			return formIdle, nil
		case key.Matches(press, k.Prev):
			if !fm.move(-1) {
				return formLeavePrev, nil
			}
			return formIdle, nil
		case key.Matches(press, k.Up):
			fm.move(-1)
			return formIdle, nil
		case key.Matches(press, k.Back):
			return formLeavePrev, nil
		}
		if f.isChoice() {
			n := len(f.choices)
			switch {
			case key.Matches(press, k.ChoiceLeft):
				f.selected = (f.selected - 1 + n) % n
			case key.Matches(press, k.ChoiceRight):
				f.selected = (f.selected + 1) % n
			default:
				return formIdle, nil
			}
			return fm.apply(f)
		}
	}
	if f.isChoice() {
		return formIdle, nil
	}
	if paste, ok := msg.(tea.PasteMsg); ok {
		msg = tea.PasteMsg{Content: f.inertPaste(paste.Content)}
	}
	before := f.input.Value()
	f.input, _ = f.input.Update(msg)
	if f.input.Value() == before {
		return formIdle, nil
	}
	return fm.apply(f)
}

// inertPaste shows a pasted control character (a bidi override that would
// reorder the line on the screen, a C1 control) escaped, as a value read
// from the file is; the document gets the character. Line breaks and tabs
// are left to the input, which folds them. Once a field shows escapes, a
// backslash in it is shown doubled, the text already there included, so
// that pasted letters such as `\x1b` stay letters.
func (f *field) inertPaste(text string) string {
	controls := false
	for _, r := range text {
		controls = controls || (r != '\n' && r != '\r' && r != '\t' && template.HasControl(string(r)))
	}
	if controls && !f.escaped {
		cur, pos := f.input.Value(), f.input.Position()
		before := []rune(cur)[:min(pos, len([]rune(cur)))]
		f.input.SetValue(strings.ReplaceAll(cur, `\`, `\\`))
		f.input.SetCursor(pos + strings.Count(string(before), `\`))
		f.escaped = true
	}
	if !f.escaped {
		return text
	}
	var b strings.Builder
	for _, r := range text {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n' || r == '\r' || r == '\t' || !template.HasControl(string(r)):
			b.WriteRune(r)
		default:
			b.WriteString(template.SafeLine(string(r)))
		}
	}
	return b.String()
}

func (fm *form) apply(f *field) (formResult, tea.Cmd) {
	v := f.value()
	if f.apply != nil {
		if err := f.apply(fm.s, v); err != nil {
			return formIdle, status(2, err.Error())
		}
	}
	var cmd tea.Cmd
	if f.after != nil {
		cmd = f.after(v)
	}
	if f.apply == nil {
		return formIdle, cmd
	}
	return formEdited, cmd
}

// focusPath is the JSON path of the focused field.
func (fm *form) focusPath() string {
	if f := fm.focused(); f != nil && f.path != nil {
		return f.path(fm.s)
	}
	return ""
}

// view draws the form in width columns and says on which line the focused
// field starts, so a tall form can scroll to it.
func (fm *form) view(width int) (string, int) {
	st := fm.c.styles
	vis := fm.visible()
	labelW := 0
	for _, i := range vis {
		labelW = max(labelW, ansi.StringWidth(fm.fields[i].label))
	}
	labelW = min(labelW, width/2)
	inputW := max(8, width-labelW-4)
	var b strings.Builder
	lines, focusLine := 0, 0
	write := func(s string) { b.WriteString(s); lines += strings.Count(s, "\n") }
	indent := strings.Repeat(" ", labelW+4)
	for _, i := range vis {
		f := fm.fields[i]
		focused := i == fm.focus
		if focused {
			focusLine = lines
		}
		marker, ls := "  ", st.label
		if focused {
			marker, ls = st.cursor.Render("▸ "), st.labelFocus
		}
		label := ls.Render(padRight(ansi.Truncate(f.label, labelW, "…"), labelW))
		var val string
		if f.isChoice() {
			val = choiceView(st, f, focused, inputW)
		} else {
			f.input.SetWidth(inputW - 1)
			val = f.input.View()
		}
		write(marker + label + "  " + val + "\n")
		var notes []note
		if f.path != nil {
			notes = fm.s.notes(f.path(fm.s), f.under)
		}
		if len(notes) == 0 && f.info != nil {
			notes = f.info(fm.s, f.value())
		}
		for _, n := range notes {
			write(wrapStyled(noteStyle(st, n.level), notePrefix(n.level)+n.text, width, indent))
		}
		if focused && len(notes) == 0 {
			desc := f.hint
			if f.isChoice() && f.selected < len(f.descs) && f.descs[f.selected] != "" {
				desc = f.descs[f.selected]
			}
			if desc != "" {
				write(wrapStyled(st.hint, desc, width, indent))
			}
		}
	}
	return b.String(), focusLine
}

func choiceView(st styles, f *field, focused bool, width int) string {
	cur := f.shown()
	if !focused {
		return ansi.Truncate(cur, width, "…")
	}
	return ansi.Truncate("‹ "+st.selected.Render(cur)+" ›", width, "…")
}

func noteStyle(st styles, level int) lipgloss.Style {
	switch level {
	case 2:
		return st.errText
	case 1:
		return st.warnText
	}
	return st.hint
}

func notePrefix(level int) string {
	switch level {
	case 2:
		return "✗ "
	case 1:
		return "! "
	}
	return ""
}

// wrapStyled wraps plain text at words to width and styles each line, so
// colour survives the line breaks.
func wrapStyled(style lipgloss.Style, text string, width int, indent string) string {
	w := max(10, width-ansi.StringWidth(indent))
	var b strings.Builder
	// A word longer than the width (a long number, a path) is cut, and each
	// of its pieces starts under the text too.
	for _, line := range strings.Split(ansi.Hardwrap(ansi.Wordwrap(text, w, " "), w, true), "\n") {
		b.WriteString(indent + style.Render(line) + "\n")
	}
	return b.String()
}

func padRight(s string, w int) string {
	if n := ansi.StringWidth(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}
