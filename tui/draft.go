package tui

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

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
	SourceSum string `json:"source_sha256,omitempty"`
	Step      int    `json:"step"`
	// Text is the document's exact bytes. A draft file is this header as
	// one line of JSON, then the document as it is: a large template is
	// written without being escaped into a JSON string at every keystroke.
	// (Version 2 held it in "text"; version 1 as a JSON value, "document",
	// which re-encoding minified.)
	Text     string          `json:"text,omitempty"`
	Document json.RawMessage `json:"document,omitempty"`
}

const draftVersion = 3

// encodeDraft is the file of a draft: the header line, then the document.
func encodeDraft(dr Draft) ([]byte, error) {
	text := dr.Text
	dr.Text, dr.Document, dr.Version = "", nil, draftVersion
	head, err := json.Marshal(dr)
	if err != nil {
		return nil, err
	}
	return append(append(head, '\n'), text...), nil
}

// decodeDraft reads a draft file of any version.
func decodeDraft(data []byte) (Draft, error) {
	var dr Draft
	head, rest, found := bytes.Cut(data, []byte{'\n'})
	if found && json.Unmarshal(head, &dr) == nil && dr.Version >= draftVersion {
		dr.Text = string(rest)
		return dr, nil
	}
	dr = Draft{}
	err := json.Unmarshal(data, &dr)
	return dr, err
}

// Bytes is the drafted document.
func (d *Draft) Bytes() []byte {
	if d.Text != "" || len(d.Document) == 0 {
		return []byte(d.Text)
	}
	return template.Canonical(d.Document)
}

// DraftInfo describes a draft a new session may resume.
type DraftInfo struct {
	Path    string
	Title   string
	Metrics int
	SavedAt time.Time
	Output  string
	Draft   *Draft
}

// drafter keeps one session's draft. Each session has its own file, named
// after its start and process, and holds a lock on it while it runs, so two
// studios never write or discard each other's work, and a session killed
// with -9 leaves a draft the next one offers. Writes come from commands
// that may run out of order: each carries a sequence number and older ones
// are dropped.
type drafter struct {
	dir    string
	prefix string // "new-", or "edit-HASH-" for one edited file
	path   string
	lock   *os.File
	mu     sync.Mutex
	seq    uint64 // last sequence handed out
	done   uint64 // last sequence written
	// kept says whether the draft on disk holds the latest change; err is
	// why the last write failed.
	kept bool
	err  error
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

// drafters counts the drafters of this process, so two sessions in one
// process (tests) never share a name.
var drafters atomic.Int64

// NewDrafter returns the drafter of a new session: for a new template, or
// for editing the file at source.
func NewDrafter(dir, source string) *drafter {
	prefix := "new-"
	if source != "" {
		abs, err := filepath.Abs(source)
		if err != nil {
			abs = source
		}
		sum := sha256.Sum256([]byte(abs))
		prefix = "edit-" + hex.EncodeToString(sum[:8]) + "-"
	}
	name := prefix + time.Now().UTC().Format("20060102-150405") + "-" + strconv.Itoa(os.Getpid())
	if n := drafters.Add(1); n > 1 {
		name += "-" + strconv.FormatInt(n, 10) // another session of this process
	}
	name += ".json"
	return &drafter{dir: dir, prefix: prefix, path: filepath.Join(dir, name)}
}

// Path is this session's draft file.
func (d *drafter) Path() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.path
}

// Others lists the drafts of earlier sessions of the same kind (new
// templates, or this file) that no running studio holds, newest first. A
// draft that cannot be read is left in place and named in the error.
func (d *drafter) Others() ([]DraftInfo, error) {
	entries, err := os.ReadDir(d.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []DraftInfo
	var damaged []string
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasSuffix(name, ".json") || !d.sameKind(name) {
			continue
		}
		path := filepath.Join(d.dir, name)
		if path == d.Path() || heldByOther(path) {
			continue
		}
		dr, err := LoadDraft(path)
		if err != nil {
			damaged = append(damaged, path)
			continue
		}
		info := DraftInfo{Path: path, SavedAt: dr.SavedAt, Output: dr.Output, Draft: dr, Title: "untitled"}
		if doc, err := template.Parse(dr.Bytes()); err == nil {
			v := template.Read(doc)
			info.Metrics = len(v.Metrics())
			if v.Appearance.Title != "" {
				info.Title = v.Appearance.Title
			}
		}
		out = append(out, info)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].SavedAt.After(out[j].SavedAt) })
	if len(damaged) > 0 {
		return out, fmt.Errorf("a damaged draft was left in place: %s", template.SafeLine(strings.Join(damaged, ", ")))
	}
	return out, nil
}

// sameKind reports whether a draft file belongs to this kind of session;
// drafts of earlier versions were named draft-new.json and draft-HASH.json.
func (d *drafter) sameKind(name string) bool {
	if strings.HasPrefix(name, d.prefix) {
		return true
	}
	if d.prefix == "new-" {
		return name == "draft-new.json"
	}
	hash := strings.TrimSuffix(strings.TrimPrefix(d.prefix, "edit-"), "-")
	return name == "draft-"+hash+".json"
}

// LoadDraft reads a draft file.
func LoadDraft(path string) (*Draft, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dr, err := decodeDraft(data)
	if err != nil || len(dr.Bytes()) == 0 {
		return nil, fmt.Errorf("the draft %s is damaged", template.SafeLine(path))
	}
	if _, err := template.Parse(dr.Bytes()); err != nil {
		return nil, fmt.Errorf("the draft %s is damaged: %v", template.SafeLine(path), err)
	}
	return &dr, nil
}

// start takes this session's lock, so no other studio lists its draft.
func (d *drafter) start() error {
	if err := os.MkdirAll(d.dir, 0o700); err != nil {
		return err
	}
	f, err := lockFile(d.path + ".lock")
	if err != nil {
		return err
	}
	d.lock = f
	return nil
}

// adopt makes a resumed draft this session's: it is written from now on,
// and removed when the session saves or quits cleanly.
func (d *drafter) adopt(path string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if f, err := lockFile(path + ".lock"); err == nil {
		d.releaseLocked()
		d.lock = f
		d.path = path
		d.kept = true
	}
}

// next reserves a sequence number for a write.
func (d *drafter) next() uint64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.seq++
	d.kept = false
	return d.seq
}

// write stores a draft unless a newer one was written already. The caller
// has replaced any literal API key: a draft is never a place for a secret.
// A failed write leaves no temporary file behind.
func (d *drafter) write(seq uint64, dr Draft) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if seq <= d.done {
		return nil
	}
	err := d.writeFile(dr)
	d.err = err
	if err == nil {
		d.done = seq
		d.kept = d.done == d.seq
	}
	return err
}

func (d *drafter) writeFile(dr Draft) error {
	if err := os.MkdirAll(d.dir, 0o700); err != nil {
		return err
	}
	data, err := encodeDraft(dr)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(d.dir, "."+filepath.Base(d.path)+".tmp-*") // mode 0600
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), d.path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

// state says whether the latest change is in the draft, and if not why.
func (d *drafter) state() (kept bool, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.kept, d.err
}

// Remove deletes this session's draft. Writes queued before it are
// dropped; changes made after it are drafted again.
func (d *drafter) Remove() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.done, d.kept, d.err = d.seq, false, nil
	_ = os.Remove(d.path)
}

// Discard deletes another session's draft (the user said so).
func Discard(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	_ = os.Remove(path + ".lock")
	return nil
}

// close releases the lock; the draft, if any, stays for the next session.
func (d *drafter) close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.releaseLocked()
}

func (d *drafter) releaseLocked() {
	if d.lock != nil {
		// The lock file goes with the lock: a draft without one is held by
		// no one.
		_ = os.Remove(d.lock.Name())
		d.lock.Close()
		d.lock = nil
	}
}
