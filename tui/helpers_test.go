package tui

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/rk-tui/rk-tui/template"
)

var testNow = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

// harness drives a Model the way Bubble Tea does: messages into Update,
// commands run and their messages fed back, the screen read from View.
type harness struct {
	t     testing.TB
	m     *Model
	quit  bool
	clips []string
}

func newHarness(t testing.TB, o Options, w, h int) *harness {
	t.Helper()
	if o.Getenv == nil {
		env := map[string]string{}
		o.Getenv = func(k string) string { return env[k] }
	}
	o.Now = func() time.Time { return testNow }
	hs := &harness{t: t, m: newModel(context.Background(), o)}
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	return hs
}

func presetOptions(t testing.TB, name string) Options {
	t.Helper()
	p, err := template.PresetByName(name)
	if err != nil {
		t.Fatal(err)
	}
	return Options{Preset: &p}
}

// send delivers one message and runs the commands it returns. A handler
// that panicked fails the test: the studio survives a bug, a test must not.
func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	_, cmd := h.m.Update(msg)
	h.noPanics()
	h.run(cmd)
}

func (h *harness) noPanics() {
	h.t.Helper()
	if len(h.m.panics) > 0 {
		h.t.Fatalf("a handler panicked: %s", h.m.panics[0])
	}
}

func (h *harness) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	msg := cmd()
	switch msg := msg.(type) {
	case nil:
	case tea.QuitMsg:
		h.quit = true
	case tea.BatchMsg:
		for _, c := range msg {
			h.run(c)
		}
	default:
		if s, ok := clipboardText(msg); ok {
			h.clips = append(h.clips, s)
			return
		}
		if isTickLike(msg) {
			return
		}
		h.send(msg)
	}
}

// keys presses keys: names such as "tab", "ctrl+s", "shift+tab", or any
// other string, which is typed character by character.
func (h *harness) keys(keys ...string) {
	h.t.Helper()
	for _, k := range keys {
		if msg, ok := namedKey(k); ok {
			h.send(msg)
			continue
		}
		for _, r := range k {
			h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}
}

func namedKey(k string) (tea.KeyPressMsg, bool) {
	special := map[string]rune{
		"tab": tea.KeyTab, "enter": tea.KeyEnter, "esc": tea.KeyEscape, "up": tea.KeyUp, "down": tea.KeyDown,
		"left": tea.KeyLeft, "right": tea.KeyRight, "backspace": tea.KeyBackspace, "pgup": tea.KeyPgUp,
		"pgdown": tea.KeyPgDown, "f1": tea.KeyF1, "space": tea.KeySpace, "home": tea.KeyHome, "end": tea.KeyEnd,
	}
	mod := tea.KeyMod(0)
	name := k
	switch {
	case strings.HasPrefix(k, "ctrl+") && len(k) > 5:
		mod, name = tea.ModCtrl, k[5:]
	case strings.HasPrefix(k, "shift+") && len(k) > 6:
		mod, name = tea.ModShift, k[6:]
	case strings.HasPrefix(k, "alt+") && len(k) > 4:
		mod, name = tea.ModAlt, k[4:]
	}
	if r, ok := special[name]; ok {
		return tea.KeyPressMsg{Code: r, Mod: mod}, true
	}
	if mod != 0 && len(name) == 1 {
		return tea.KeyPressMsg{Code: rune(name[0]), Mod: mod}, true
	}
	return tea.KeyPressMsg{}, false
}

// clear empties the focused text field.
func (h *harness) clear() {
	h.t.Helper()
	h.keys("ctrl+u")
}

// screen is the view as plain text.
func (h *harness) screen() string {
	h.t.Helper()
	s := ansi.Strip(h.m.View().Content)
	h.noPanics()
	return s
}

// activeForm is the form that has the keyboard, if any.
func activeForm(m *Model) *form {
	switch p := m.pages[m.step].(type) {
	case *startPage:
		return p.form
	case *targetPage:
		return p.form
	case *formPage:
		return p.form
	case *costPage:
		return p.form
	case *metricsPage:
		if p.form != nil {
			return p.form.form
		}
	}
	return nil
}

func (h *harness) mustSee(want string) {
	h.t.Helper()
	if s := h.screen(); !strings.Contains(s, want) {
		h.t.Fatalf("screen lacks %q:\n%s", want, s)
	}
}

func (h *harness) mustNotSee(want string) {
	h.t.Helper()
	if s := h.screen(); strings.Contains(s, want) {
		h.t.Fatalf("screen shows %q:\n%s", want, s)
	}
}

// focusField moves focus to the field with key k on the current form.
func (h *harness) focusField(k string) {
	h.t.Helper()
	fm := activeForm(h.m)
	if fm == nil {
		h.t.Fatalf("no form on step %s", stepNames[h.m.step])
	}
	for i, f := range fm.fields {
		if f.key == k {
			for tries := 0; fm.focus != i && tries < len(fm.fields)+1; tries++ {
				if fm.focus < i {
					h.keys("down")
				} else {
					h.keys("up")
				}
			}
			if fm.focus != i {
				h.t.Fatalf("cannot reach field %s (hidden?)", k)
			}
			return
		}
	}
	h.t.Fatalf("no field %s on step %s", k, stepNames[h.m.step])
}

func (h *harness) goTo(s step) {
	h.t.Helper()
	for h.m.step < s {
		h.keys("ctrl+n")
	}
	for h.m.step > s {
		h.keys("ctrl+b")
	}
}

// clipboardText recognises Bubble Tea's (unexported) set-clipboard message.
func clipboardText(msg tea.Msg) (string, bool) {
	v := reflect.ValueOf(msg)
	if v.Kind() == reflect.String && v.Type().Name() == "setClipboardMsg" {
		return v.String(), true
	}
	return "", false
}

// isTickLike spots timer messages that would re-arm themselves forever.
func isTickLike(msg tea.Msg) bool {
	_, ok := msg.(spinner.TickMsg)
	return ok
}

// mustHaveNote checks the live notes under a field of the active form:
// what validate says at the field's JSON path.
func (h *harness) mustHaveNote(key, want string) {
	h.t.Helper()
	fm := activeForm(h.m)
	f := fm.byKey(key)
	var texts []string
	for _, n := range fm.s.notes(f.path(fm.s), f.under) {
		texts = append(texts, n.text)
	}
	if !strings.Contains(strings.Join(texts, "\n"), want) {
		h.t.Fatalf("field %s notes lack %q: %q", key, want, texts)
	}
}
