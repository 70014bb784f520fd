package tui

import (
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/rk-tui/rk-tui/template"
)

// save writes the working file: to the file being edited or given with -o,
// else to a name the user is asked for. quitAfter ends the studio once the
// file is written.
func (m *Model) save(quitAfter bool) tea.Cmd {
	path := m.outputPath()
	if path == "" {
		m.modal = askPathModal(suggestName(m.view.Appearance.Title), quitAfter, "")
		return nil
	}
	if path == m.savedPath {
		if m.changedOnDisk(path) {
			m.modal = changedOnDiskModal(path, quitAfter)
			return nil
		}
		return m.writeTo(path, true, quitAfter)
	}
	if _, err := os.Lstat(path); err == nil {
		m.modal = confirmOverwriteModal(path, quitAfter)
		return nil
	}
	return m.writeTo(path, false, quitAfter)
}

// writeTo writes the document to path atomically.
func (m *Model) writeTo(path string, overwrite, quitAfter bool) tea.Cmd {
	data := m.doc.Bytes()
	if m.canonical {
		data = template.Canonical(data)
	} else if m.finalNewline && (len(data) == 0 || data[len(data)-1] != '\n') {
		data = append(append([]byte(nil), data...), '\n')
	}
	perm := os.FileMode(0o644)
	if key := m.view.APIKey(); key != "" && !template.IsPlaceholderKey(key) {
		perm = 0o600 // the file holds a key the user put there
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		m.modal = askPathModal(filepath.Join(path, suggestName(m.view.Appearance.Title)), quitAfter, path+" is a directory; give a file name")
		return nil
	}
	if err := template.WriteFile(path, data, perm, overwrite); err != nil {
		if errors.Is(err, template.ErrExists) {
			m.modal = confirmOverwriteModal(path, quitAfter)
			return nil
		}
		// Keep the name so it can be corrected, or another one given.
		m.modal = askPathModal(path, quitAfter, "not saved: "+err.Error())
		return nil
	}
	m.savedPath, m.dirty = path, false
	m.diskSum = sum(data)
	m.result.Saved = path
	m.dropDraft()
	m.setStatus(0, "saved %s; export it for Rookout with: rk-tui export %s", path, path)
	if quitAfter {
		return m.quit(false)
	}
	return nil
}

// copyJSON puts the paste-ready JSON on the clipboard (OSC 52, which also
// works over SSH).
func (m *Model) copyJSON() tea.Cmd {
	if n := countErrors(m.findings); n > 0 {
		m.setStatus(2, "not copied: fix %d error%s first (step 6 lists them)", n, plural(n))
		return nil
	}
	out, err := template.Export(m.doc, template.ExportOptions{})
	if err != nil {
		m.setStatus(2, "not copied: %v", err)
		return nil
	}
	msg := "sent %d bytes of paste-ready JSON to the clipboard (OSC 52; in tmux: set -g set-clipboard on): paste it into Rookout's template editor"
	if m.view.Target() == template.TargetAPI && template.IsPlaceholderKey(m.view.APIKey()) {
		msg += " and replace " + template.APIKeyPlaceholder
	}
	m.setStatus(0, msg, len(out))
	return tea.SetClipboard(string(out))
}

func countErrors(fs []template.Finding) int {
	n := 0
	for _, f := range fs {
		if f.Severity == template.Error {
			n++
		}
	}
	return n
}

// suggestName turns a title into a file name: "Checkout flags" →
// "checkout-flags.json".
func suggestName(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	name := strings.TrimRight(b.String(), "-")
	if name == "" {
		name = "template"
	}
	return name + ".json"
}

func sum(data []byte) [32]byte { return sha256.Sum256(data) }

// changedOnDisk reports whether the file at path is no longer what the
// studio read or last wrote there.
func (m *Model) changedOnDisk(path string) bool {
	data, err := os.ReadFile(path)
	if err != nil {
		return false // gone or unreadable: writing it is not a loss
	}
	return sum(data) != m.diskSum
}
