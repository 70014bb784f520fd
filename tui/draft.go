package tui

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/rk-tui/rk-tui/template"
)

// Draft is what the studio keeps on disk while the user types, so that a
// crash, a kill or Ctrl+C loses nothing.
type Draft struct {
	Version int       `json:"version"`
	SavedAt time.Time `json:"saved_at"`
	Output  string    `json:"output,omitempty"`
	Source  string    `json:"source,omitempty"`
	// SourceSum is the SHA-256 of the edited file when the draft began, so
	// a resume can tell that the file changed since.
	SourceSum string          `json:"source_sha256,omitempty"`
	Step      int             `json:"step"`
	Document  json.RawMessage `json:"document"`
}

// drafter writes one draft file. Writes come from commands that may run out
// of order, so each carries a sequence number and older ones are dropped.
type drafter struct {
	path string
	mu   sync.Mutex
	seq  uint64 // last sequence handed out
	done uint64 // last sequence written
}

// StateDir is where drafts live: $XDG_STATE_HOME/rk-tui, by default
// ~/.local/state/rk-tui.
func StateDir(getenv func(string) string) (string, error) {
	if d := getenv("XDG_STATE_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "rk-tui"), nil
	}
	home := getenv("HOME")
	if home == "" {
		h, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("no home directory for drafts: set XDG_STATE_HOME")
		}
		home = h
	}
	return filepath.Join(home, ".local", "state", "rk-tui"), nil
}

// NewDrafter returns the drafter for a new template, or for editing the
// file at source (one draft per file).
func NewDrafter(dir, source string) *drafter {
	name := "draft-new.json"
	if source != "" {
		abs, err := filepath.Abs(source)
		if err != nil {
			abs = source
		}
		sum := sha256.Sum256([]byte(abs))
		name = "draft-" + hex.EncodeToString(sum[:8]) + ".json"
	}
	return &drafter{path: filepath.Join(dir, name)}
}

// Path is the draft file.
func (d *drafter) Path() string { return d.path }

// Load reads the draft, if there is one.
func (d *drafter) Load() (*Draft, error) {
	data, err := os.ReadFile(d.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var dr Draft
	if err := json.Unmarshal(data, &dr); err != nil || len(dr.Document) == 0 {
		return nil, fmt.Errorf("the draft %s is damaged; it was left in place", d.path)
	}
	if _, err := template.Parse(dr.Document); err != nil {
		return nil, fmt.Errorf("the draft %s is damaged; it was left in place", d.path)
	}
	return &dr, nil
}

// next reserves a sequence number for a write.
func (d *drafter) next() uint64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.seq++
	return d.seq
}

// write stores a draft unless a newer one was written already. A literal
// API key is masked: a draft is never a place for a secret.
func (d *drafter) write(seq uint64, dr Draft) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if seq <= d.done {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(d.path), 0o700); err != nil {
		return err
	}
	data, err := json.Marshal(dr)
	if err != nil {
		return err
	}
	tmp := d.path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	if err := os.Rename(tmp, d.path); err != nil {
		return err
	}
	d.done = seq
	return nil
}

// Remove deletes the draft. Writes queued before it are dropped; changes
// made after it are drafted again.
func (d *drafter) Remove() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.done = d.seq
	_ = os.Remove(d.path)
}

type draftSavedMsg struct{ err error }

// saveDraft snapshots the document now and writes it in the background.
func (m *Model) saveDraft() tea.Cmd {
	if m.drafts == nil {
		return nil
	}
	doc := template.WithoutKeys(m.doc).Clone() // a snapshot the next edit cannot touch
	dr := Draft{Version: 1, SavedAt: m.now().UTC(), Output: m.outputPath(), Step: int(m.step), Document: json.RawMessage(doc.Bytes())}
	if m.opts.Editing {
		dr.Source = m.opts.Output
		dr.SourceSum = hex.EncodeToString(m.diskSum[:])
	}
	d, seq := m.drafts, m.drafts.next()
	return func() tea.Msg { return draftSavedMsg{err: d.write(seq, dr)} }
}

func (m *Model) dropDraft() {
	if m.drafts != nil {
		m.drafts.Remove()
	}
}

func (m *Model) outputPath() string {
	if m.savedPath != "" {
		return m.savedPath
	}
	return m.opts.Output
}
