package tui

import (
	"os"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
)

// modal is a question or a panel over the studio that takes the keyboard
// until it is answered.
type modal struct {
	title string
	body  string
	// keys maps a key to its action; "esc" closes unless mapped.
	keys  map[string]func(m *Model) tea.Cmd
	hints string
	// input is set for questions that take text (a file name).
	input   *textinput.Model
	onEnter func(m *Model, value string) tea.Cmd
	// scroll is set for long read-only text (dry-run, send result).
	scroll *viewport.Model
}

func (md *modal) key(m *Model, msg tea.KeyPressMsg) tea.Cmd {
	k := msg.String()
	if md.input != nil {
		switch k {
		case "enter":
			m.modal = nil
			return md.onEnter(m, strings.TrimSpace(md.input.Value()))
		case "esc":
			m.modal = nil
			return nil
		case "ctrl+c":
			m.modal = nil
			return m.requestQuit()
		}
		in, _ := md.input.Update(msg)
		md.input = &in
		return nil
	}
	if f, ok := md.keys[k]; ok {
		m.modal = nil
		return f(m)
	}
	if md.scroll != nil {
		switch k {
		case "up", "k":
			md.scroll.ScrollUp(1)
		case "down", "j":
			md.scroll.ScrollDown(1)
		case "pgup":
			md.scroll.PageUp()
		case "pgdown", "space", " ":
			md.scroll.PageDown()
		case "ctrl+c":
			m.modal = nil
			return m.requestQuit()
		}
	}
	if k == "esc" || k == "q" && md.scroll != nil || k == "enter" && md.scroll != nil {
		m.modal = nil
	}
	return nil
}

func (md *modal) paste(msg tea.PasteMsg) tea.Cmd {
	if md.input == nil {
		return nil
	}
	in, _ := md.input.Update(msg)
	md.input = &in
	return nil
}

func confirmQuitModal(editing bool, path string) *modal {
	body := "Your draft is kept: the next rk-tui new-template offers to resume it."
	if editing {
		body = "Your draft is kept: the next rk-tui edit " + path + " offers to resume it."
	}
	return &modal{
		title: "Quit with unsaved changes?",
		body:  body,
		hints: "y quit · s save and quit · n/esc keep editing",
		keys: map[string]func(*Model) tea.Cmd{
			"y": func(m *Model) tea.Cmd { return m.quit(true) },
			"s": func(m *Model) tea.Cmd { return m.save(true) },
			"n": func(*Model) tea.Cmd { return nil },
		},
	}
}

func confirmPresetModal(name string) *modal {
	return &modal{
		title: "Start over from " + name + "?",
		body:  "The template has changes. Starting from another preset replaces its metrics and settings.",
		hints: "y replace · n/esc keep my template",
		keys: map[string]func(*Model) tea.Cmd{
			"y": func(m *Model) tea.Cmd { m.applyPreset(name); return m.changed() },
			"n": func(m *Model) tea.Cmd { m.restorePresetChoice(); return nil },
		},
	}
}

func confirmDeleteModal(name string) *modal {
	return &modal{
		title: "Delete " + name + "?",
		hints: "y delete · n/esc keep it",
		keys: map[string]func(*Model) tea.Cmd{
			"y": func(m *Model) tea.Cmd { return m.deleteSelectedMetric() },
			"n": func(*Model) tea.Cmd { return nil },
		},
	}
}

func confirmOverwriteModal(path string, quitAfter bool) *modal {
	return &modal{
		title: path + " exists. Replace it?",
		hints: "y replace · n/esc choose another name",
		keys: map[string]func(*Model) tea.Cmd{
			"y": func(m *Model) tea.Cmd { return m.writeTo(path, true, quitAfter) },
			"n": func(m *Model) tea.Cmd { m.modal = askPathModal(path, quitAfter, ""); return nil },
		},
	}
}

func changedOnDiskModal(path string, quitAfter bool) *modal {
	return &modal{
		title: path + " changed on disk",
		body:  "Another program changed the file since the studio read or saved it. Saving replaces those changes with yours.",
		hints: "y replace it · n/esc save elsewhere",
		keys: map[string]func(*Model) tea.Cmd{
			"y": func(m *Model) tea.Cmd { return m.writeTo(path, true, quitAfter) },
			"n": func(m *Model) tea.Cmd { m.modal = askPathModal(path, quitAfter, ""); return nil },
		},
	}
}

func askPathModal(initial string, quitAfter bool, problem string) *modal {
	in := textinput.New()
	in.Prompt = "> "
	in.Placeholder = "a file name, e.g. checkout.json"
	in.SetValue(initial)
	in.CursorEnd()
	in.Focus()
	body := "The working file keeps the cost profile and notes (x-rk-tui); export strips them for Rookout."
	if problem != "" {
		body = problem + "\n\n" + body
	}
	return &modal{
		title: "Save the working file as",
		body:  body,
		hints: "enter save · esc cancel",
		input: &in,
		onEnter: func(m *Model, v string) tea.Cmd {
			if v == "" {
				m.setStatus(1, "not saved: no file name given")
				return nil
			}
			if st, err := os.Stat(v); err == nil && st.IsDir() {
				m.modal = askPathModal(filepath.Join(v, suggestName(m.view.Appearance.Title)), quitAfter, v+" is a directory; give a file name")
				return nil
			}
			if _, err := os.Lstat(v); err == nil {
				m.modal = confirmOverwriteModal(v, quitAfter)
				return nil
			}
			return m.writeTo(v, false, quitAfter)
		},
	}
}

func textModal(title, body string, width, height int) *modal {
	vp := viewport.New(viewport.WithWidth(width), viewport.WithHeight(height))
	vp.SoftWrap = true // long headers and URLs wrap instead of being cut
	vp.SetContent(body)
	return &modal{title: title, scroll: &vp, hints: "↑/↓ pgup/pgdn scroll · esc close"}
}

// restorePresetChoice puts the preset field back on the preset in use.
func (m *Model) restorePresetChoice() {
	if f := m.forms[stepStart].byKey("preset"); f != nil && m.lastPreset != "" {
		f.setValue(m.lastPreset)
	}
}
