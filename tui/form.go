package tui

import (
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/rk-tui/rk-tui/template"
)

// note is a line shown under a field: why a value is wrong, and what Datadog
// would make of it.
type note struct {
	level int // 0 info, 1 warning, 2 error
	text  string
}

// field is one row of a form: a text input or a choice.
type field struct {
	key   string
	label string
	hint  string // shown when the field has focus and nothing is wrong

	input textinput.Model // text fields

	choices  []string // choice fields
	descs    []string // one line per choice, optional
	selected int

	// check returns the notes for a value, live as it is typed.
	check func(string) []note
	// apply writes the value into the model's document.
	apply func(m *Model, value string) error
	// hidden hides the field (e.g. the agent host on the API route).
	hidden func(m *Model) bool
	// load reads the field's value from the document.
	load func(m *Model) string
	// path is the JSON path the field edits, to mark it in the JSON pane.
	path func(m *Model) string
}

func (f *field) isChoice() bool { return f.choices != nil }

func (f *field) value() string {
	if f.isChoice() {
		if f.selected < 0 || f.selected >= len(f.choices) {
			return ""
		}
		return f.choices[f.selected]
	}
	return f.input.Value()
}

func (f *field) setValue(v string) {
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
			f.choices = append([]string{v}, f.choices...)
			if f.descs != nil {
				f.descs = append([]string{""}, f.descs...)
			}
			f.selected = 0
		}
		return
	}
	f.input.SetValue(v)
	f.input.CursorEnd()
}

func newTextField(key, label, placeholder, hint string) *field {
	ti := textinput.New()
	ti.Prompt = ""
	ti.Placeholder = placeholder
	ti.CharLimit = 512
	st := ti.Styles()
	st.Cursor.Blink = false
	st.Blurred.Text = lipgloss.NewStyle() // values in the terminal's own colour; only placeholders are faint
	st.Focused.Text = lipgloss.NewStyle()
	st.Focused.Placeholder = st.Focused.Placeholder.Faint(true).Italic(true)
	st.Blurred.Placeholder = st.Blurred.Placeholder.Faint(true).Italic(true)
	ti.SetStyles(st)
	return &field{key: key, label: label, hint: hint, input: ti}
}

func newChoiceField(key, label string, choices, descs []string, hint string) *field {
	return &field{key: key, label: label, hint: hint, choices: choices, descs: descs}
}

// form is a list of fields with one in focus.
type form struct {
	fields []*field
	focus  int
}

func (fm *form) focused() *field {
	if len(fm.fields) == 0 {
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

// visible lists the indexes of the fields shown for this model.
func (fm *form) visible(m *Model) []int {
	var out []int
	for i, f := range fm.fields {
		if f.hidden == nil || !f.hidden(m) {
			out = append(out, i)
		}
	}
	return out
}

// move shifts focus by delta among visible fields; it reports false when it
// would leave the form (so the caller can change step).
func (fm *form) move(m *Model, delta int) bool {
	vis := fm.visible(m)
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
func (fm *form) first(m *Model) {
	if vis := fm.visible(m); len(vis) > 0 {
		fm.setFocus(vis[0])
	}
}

// typing reports whether the focused field takes printable keys.
func (fm *form) typing() bool {
	f := fm.focused()
	return f != nil && !f.isChoice()
}

// update sends a key to the focused field and reports whether its value
// changed.
func (fm *form) update(msg tea.KeyPressMsg) (changed bool) {
	f := fm.focused()
	if f == nil {
		return false
	}
	if f.isChoice() {
		n := len(f.choices)
		switch msg.String() {
		case "left", "h":
			f.selected = (f.selected - 1 + n) % n
			return true
		case "right", "l", "space", " ":
			f.selected = (f.selected + 1) % n
			return true
		}
		return false
	}
	before := f.input.Value()
	f.input, _ = f.input.Update(msg)
	return f.input.Value() != before
}

// paste inserts pasted text into the focused text field.
func (fm *form) paste(msg tea.PasteMsg) bool {
	f := fm.focused()
	if f == nil || f.isChoice() {
		return false
	}
	before := f.input.Value()
	f.input, _ = f.input.Update(msg)
	return f.input.Value() != before
}

// view draws the form in width columns and says on which line the focused
// field starts, so a tall form can scroll to it.
func (fm *form) view(m *Model, width int) (string, int) {
	st := m.styles
	labelW := 0
	for _, i := range fm.visible(m) {
		if w := ansi.StringWidth(fm.fields[i].label); w > labelW {
			labelW = w
		}
	}
	if labelW > width/2 {
		labelW = width / 2
	}
	inputW := max(8, width-labelW-4)
	var b strings.Builder
	focusLine := 0
	for _, i := range fm.visible(m) {
		f := fm.fields[i]
		focused := i == fm.focus
		if focused {
			focusLine = strings.Count(b.String(), "\n")
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
		b.WriteString(marker + label + "  " + val + "\n")
		indent := strings.Repeat(" ", labelW+4)
		notes := []note(nil)
		if f.check != nil {
			notes = f.check(f.value())
		}
		if len(notes) == 0 && f.path != nil {
			notes = m.findingNotes(f.path(m))
		}
		for _, n := range notes {
			b.WriteString(wrapStyled(noteStyle(st, n.level), notePrefix(n.level)+n.text, width, indent))
		}
		if focused && len(notes) == 0 {
			desc := f.hint
			if f.isChoice() && f.selected < len(f.descs) && f.descs[f.selected] != "" {
				desc = f.descs[f.selected]
			}
			if desc != "" {
				b.WriteString(wrapStyled(st.hint, desc, width, indent))
			}
		}
	}
	return b.String(), focusLine
}

func choiceView(st styles, f *field, focused bool, width int) string {
	cur := f.value()
	if !focused {
		return ansi.Truncate(cur, width, "…")
	}
	s := "‹ " + st.selected.Render(cur) + " ›"
	return ansi.Truncate(s, width, "…")
}

func noteStyle(st styles, level int) interface{ Render(...string) string } {
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

// wrapIndented wraps s to width, indenting every line.
func wrapIndented(s string, width int, indent string) string {
	w := width - ansi.StringWidth(indent)
	if w < 10 {
		w = 10
	}
	var b strings.Builder
	for _, line := range strings.Split(ansi.Wordwrap(s, w, " "), "\n") {
		b.WriteString(indent + ansi.Hardwrap(line, w, true) + "\n")
	}
	return b.String()
}

// wrapStyled wraps plain text to width and styles each line, so colour
// survives the line breaks.
func wrapStyled(style interface{ Render(...string) string }, text string, width int, indent string) string {
	w := max(10, width-ansi.StringWidth(indent))
	var b strings.Builder
	for _, line := range strings.Split(ansi.Wordwrap(text, w, " "), "\n") {
		b.WriteString(indent + style.Render(ansi.Hardwrap(line, w, true)) + "\n")
	}
	return b.String()
}

func padRight(s string, w int) string {
	if n := ansi.StringWidth(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

// findingNotes turns the validation findings at a JSON path into notes, so
// a field shows what validate says about its value.
func (m *Model) findingNotes(path string) []note {
	var out []note
	for _, f := range m.findings {
		if f.Path != path {
			continue
		}
		level := 1
		if f.Severity == template.Error {
			level = 2
		}
		text := f.Message
		if f.Rewrite != "" {
			text += " → Datadog stores " + f.Rewrite
		}
		out = append(out, note{level, text})
	}
	return out
}
