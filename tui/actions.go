package tui

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/rk-tui/rk-tui/sender"
	"github.com/rk-tui/rk-tui/template"
)

func (m *Model) do(a action) tea.Cmd {
	switch a {
	case actSave:
		return m.save(false)
	case actCopy:
		return m.copyJSON()
	case actDryRun:
		return m.dryRun()
	case actSend:
		return m.startSend()
	case actQuit:
		return m.requestQuit()
	case actLive:
		return m.fetchLive()
	}
	return nil
}

type liveMsg struct {
	usage *sender.Usage
	err   error
}

// fetchLive reads the account's live values of the template's metrics, off
// the loop: volumes, tag values seen, the account's custom metrics.
func (m *Model) fetchLive() tea.Cmd {
	if m.fetches > 0 {
		return nil
	}
	opts := m.sendOptions()
	if opts.APIKey == "" || opts.AppKey == "" {
		m.setStatus(2, "no live values: set DD_API_KEY and DD_APP_KEY (an application key with metrics_read) before starting the studio")
		return nil
	}
	m.fetches++
	m.setStatus(0, "reading live values from the account…")
	doc, ctx := m.s.doc.Clone(), m.ctx
	return func() tea.Msg {
		u, err := sender.FetchUsage(ctx, doc, opts)
		return liveMsg{usage: u, err: err}
	}
}

// liveDone puts the live values into the cost profile: tag values seen
// above what the profile counts, and the account's existing custom metrics.
func (m *Model) liveDone(msg liveMsg) {
	m.fetches--
	if msg.err != nil {
		m.setStatus(2, "no live values: %s", template.SafeLine(msg.err.Error()))
		return
	}
	u := msg.usage
	m.live = u
	p := m.s.cost.res
	tv := map[string]uint64{}
	if pc := m.s.profileNow(); pc.profile.TagValues != nil {
		tv = pc.profile.TagValues
	}
	existing, _ := p.Existing.Uint64()
	pre := u.Prefill(tv, existing)
	var set []string
	if pre.Existing != nil {
		if err := m.s.setProfile("existing", *pre.Existing); err == nil {
			set = append(set, "existing")
		}
	}
	for _, k := range sortedKeys(pre.TagValues) {
		if err := m.s.setTagValues(k, pre.TagValues[k]); err == nil {
			set = append(set, "tag:"+k)
		}
	}
	at := u.FetchedAt.Local().Format("15:04")
	m.cost.markLive(set, at)
	exist := 0
	for _, mu := range u.Metrics {
		if mu.Exists {
			exist++
		}
	}
	switch {
	case exist == 0:
		m.setStatus(0, "live: none of the template's metrics is in the account yet (normal before the breakpoint runs); %d setting%s updated", len(set), plural(len(set)))
	default:
		m.setStatus(0, "live values read at %s: %d of %d metrics in the account; %d setting%s updated (marked ● live)", at, exist, len(u.Metrics), len(set), plural(len(set)))
	}
	if u.AccountError != "" {
		m.setStatus(1, "live values read, but not the account's custom metrics: %s", template.SafeLine(u.AccountError))
	}
}

func sortedKeys(m map[string]uint64) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Saving is two commands off the update loop: one looks at the target (is
// it a directory, does it exist, did another program change it), the other
// writes. The studio asks in between when it must.
type (
	saveCheckMsg struct {
		path      string
		quitAfter bool
		dir       bool
		exists    bool
		// special says why path cannot be written: it is a named pipe, a
		// device or a socket, or "-"; "" when it can.
		special string
		sum     [32]byte // of the file there, when it exists
	}
	savedMsg struct {
		path      string
		doc, data []byte // the document saved, and the bytes written
		quitAfter bool
		err       error
	}
)

// save writes the working file: to the file being edited or given with -o,
// else to a name the user is asked for.
func (m *Model) save(quitAfter bool) tea.Cmd {
	path := m.s.savedPath
	if path == "" {
		path = m.opts.Output
	}
	if path == "" {
		m.openModal(askPathModal(suggestName(m.s.view.Appearance.Title), quitAfter, ""))
		return nil
	}
	return m.checkSave(path, quitAfter)
}

func (m *Model) checkSave(path string, quitAfter bool) tea.Cmd {
	return func() tea.Msg {
		msg := saveCheckMsg{path: path, quitAfter: quitAfter}
		if path == "-" {
			msg.special = `"-" is standard output on the command line; the studio saves to a file: give its name`
			return msg
		}
		if st, err := os.Stat(path); err == nil {
			msg.exists, msg.dir = true, st.IsDir()
			if !st.IsDir() && !st.Mode().IsRegular() {
				msg.special = template.SafeLine(path) + " is " + template.FileKind(st.Mode()) + "; the studio saves only to a regular file: give another name"
			}
			if st.Mode().IsRegular() { // a named pipe would block the read; the write refuses it anyway
				if data, err := os.ReadFile(path); err == nil {
					msg.sum = sha256.Sum256(data)
				}
			}
		}
		return msg
	}
}

func (m *Model) saveChecked(c saveCheckMsg) tea.Cmd {
	k := m.c.keys
	switch {
	case c.dir:
		m.openModal(askPathModal(filepath.Join(c.path, suggestName(m.s.view.Appearance.Title)), c.quitAfter, template.SafeLine(c.path)+" is a directory; give a file name"))
	case c.special != "":
		m.openModal(askPathModal(suggestName(m.s.view.Appearance.Title), c.quitAfter, c.special))
	case c.exists && c.path != m.s.savedPath:
		m.openModal(confirmOverwriteModal(k, c.path, c.quitAfter))
	case c.exists && c.sum != m.s.diskSum:
		m.openModal(changedOnDiskModal(k, c.path, c.quitAfter))
	default:
		return m.write(c.path, c.exists, c.quitAfter)
	}
	return nil
}

// write saves the document to path atomically. A file that holds a literal
// API key is written 0600; a file replaced keeps its mode.
func (m *Model) write(path string, overwrite, quitAfter bool) tea.Cmd {
	doc, data := bytes.Clone(m.s.doc.Bytes()), bytes.Clone(m.s.fileBytes())
	perm := os.FileMode(0o644)
	if template.LiteralKey(m.s.doc) != "" {
		perm = 0o600
	}
	return func() tea.Msg {
		err := template.WriteFile(path, data, perm, overwrite)
		return savedMsg{path: path, doc: doc, data: data, quitAfter: quitAfter, err: err}
	}
}

func (m *Model) savedFile(r savedMsg) tea.Cmd {
	if r.err != nil {
		if errors.Is(r.err, template.ErrExists) {
			m.openModal(confirmOverwriteModal(m.c.keys, r.path, r.quitAfter))
			return nil
		}
		// Keep the name so it can be corrected, or another one given.
		m.openModal(askPathModal(r.path, r.quitAfter, "not saved: "+r.err.Error()))
		return nil
	}
	m.s.saved(r.path, r.doc, r.data)
	m.result.Saved = r.path
	if !m.s.dirty() {
		m.dropDraft() // typing during the save keeps the draft
	}
	name := template.SafeLine(r.path)
	m.setStatus(0, "saved %s; export it for Rookout with: rk-tui export %s", name, name)
	if r.quitAfter {
		return m.quit(false)
	}
	return nil
}

// copyJSON puts the paste-ready JSON on the clipboard (OSC 52, which also
// works over SSH). A literal API key is not sent through the terminal: the
// copy holds the placeholder.
func (m *Model) copyJSON() tea.Cmd {
	if n := m.s.errors; n > 0 {
		m.setStatus(2, "not copied: fix %s first (step 6 lists them)", countText(n, "error"))
		return nil
	}
	literal := template.LiteralKey(m.s.doc) != ""
	out, err := template.Export(template.WithoutKeys(m.s.doc), template.ExportOptions{})
	if err != nil {
		m.setStatus(2, "not copied: %v", err)
		return nil
	}
	msg := "sent %d bytes of paste-ready JSON to the clipboard (OSC 52; in tmux: set -g set-clipboard on): paste it into Rookout's template editor"
	switch {
	case literal:
		msg += "; the API key was left out (" + template.APIKeyPlaceholder + "): rk-tui export --show-key writes it"
	case m.s.view.Target() == template.TargetAPI && template.IsPlaceholderKey(m.s.view.APIKey()):
		msg += " and replace " + template.APIKeyPlaceholder
	}
	m.setStatus(0, msg, len(out))
	return tea.SetClipboard(string(out))
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

type (
	dryRunMsg struct {
		text string
		err  error
	}
	sendDoneMsg struct {
		text string
		err  error
	}
)

// sendOptions are the options of a test send from the studio: one point of
// value 1 per metric, sent where the command line and environment say
// (Options.Send); the agent, unless --agent or DD_AGENT_HOST names one, is
// the template's own target as typed in step 2.
func (m *Model) sendOptions() sender.Options {
	o := m.opts.Send
	o.Now = m.c.now
	if o.APIKey == "" {
		if k := strings.TrimSpace(m.c.getenv("DD_API_KEY")); k != "" {
			o.APIKey, o.APIKeySource = k, "DD_API_KEY"
		}
	}
	if o.AppKey == "" {
		o.AppKey = strings.TrimSpace(m.c.getenv("DD_APP_KEY"))
	}
	if o.Site == "" {
		o.Site = strings.TrimSpace(m.c.getenv("DD_SITE"))
	}
	return o
}

// blockedBy says why a test send cannot start, or "" when it can.
func (m *Model) blockedBy() string {
	if n := m.s.errors; n > 0 {
		return "fix the " + countText(n, "error") + " first (step 6 lists them)"
	}
	return ""
}

// dryRun shows the exact requests or datagrams of a test send.
func (m *Model) dryRun() tea.Cmd {
	if why := m.blockedBy(); why != "" {
		m.setStatus(2, "no dry-run: %s", why)
		return nil
	}
	doc, opts, ctx := m.s.doc.Clone(), m.sendOptions(), m.ctx
	return func() tea.Msg {
		rep, err := sender.DryRun(ctx, doc, opts)
		if err != nil {
			return dryRunMsg{err: err}
		}
		return dryRunMsg{text: rep.Text()}
	}
}

func (m *Model) dryRunDone(msg dryRunMsg) {
	if msg.err != nil {
		m.setStatus(2, "no dry-run: %v", msg.err)
		return
	}
	m.openModal(textModal("Dry-run of a test send (nothing is sent)", msg.text))
}

// startSend sends a test point in the background with a spinner.
func (m *Model) startSend() tea.Cmd {
	if m.sending {
		return nil
	}
	if why := m.blockedBy(); why != "" {
		m.setStatus(2, "not sent: %s", why)
		return nil
	}
	opts := m.sendOptions()
	if m.s.view.Target() == template.TargetAPI && opts.APIKey == "" {
		m.setStatus(2, "not sent: set DD_API_KEY (the studio never asks for the key) and start again; ctrl+d shows what would be sent")
		return nil
	}
	ctx, cancel := context.WithCancel(m.ctx)
	m.sending, m.cancel = true, cancel
	m.setStatus(0, "")
	doc := m.s.doc.Clone()
	send := func() tea.Msg {
		defer cancel()
		res, err := sender.Send(ctx, doc, opts)
		if err != nil {
			if errors.Is(err, context.Canceled) {
				return sendDoneMsg{err: errors.New("the send was cancelled")}
			}
			return sendDoneMsg{err: err}
		}
		return sendDoneMsg{text: res.Text()}
	}
	return tea.Batch(m.spinner.Tick, send)
}

func (m *Model) showSendResult(msg sendDoneMsg) {
	if msg.err != nil {
		m.setStatus(2, "test send failed: %s", template.SafeLine(msg.err.Error()))
		m.openModal(textModal("Test send failed", msg.err.Error()))
		return
	}
	m.setStatus(0, "test points sent")
	m.openModal(textModal("Test send", msg.text))
}

// Drafts.

type draftSavedMsg struct{ err error }

// saveDraft snapshots the document now and writes it in the background; a
// literal API key is replaced by the placeholder there, off the loop.
func (m *Model) saveDraft() tea.Cmd {
	if m.drafts == nil {
		return nil
	}
	if !m.s.dirty() {
		m.dropDraft() // back to the saved state: nothing to resume
		return nil
	}
	snap, literal := m.s.doc, m.s.literalKey // a document's bytes never change: no copy needed
	dr := m.draftOf(nil)
	d, seq := m.drafts, m.drafts.next()
	return func() tea.Msg {
		if literal {
			snap = template.WithoutKeys(snap)
		}
		dr.Text = string(snap.Bytes())
		return draftSavedMsg{err: d.write(seq, dr)}
	}
}

// flushDraft writes the draft now, on the loop: before the studio ends.
func (m *Model) flushDraft() {
	if m.drafts == nil || !m.s.dirty() {
		return
	}
	if kept, _ := m.drafts.state(); kept {
		return
	}
	_ = m.drafts.write(m.drafts.next(), m.draftOf(template.WithoutKeys(m.s.doc)))
}

func (m *Model) draftOf(doc *template.Document) Draft {
	dr := Draft{Version: draftVersion, SavedAt: m.c.now().UTC(), Output: m.outputPath(), Step: int(m.step)}
	if doc != nil {
		dr.Text = string(doc.Bytes())
	}
	if m.opts.Editing {
		dr.Source = m.opts.Output
		dr.SourceSum = hex.EncodeToString(m.s.diskSum[:])
	}
	return dr
}

func (m *Model) dropDraft() {
	if m.drafts != nil {
		m.drafts.Remove()
	}
}

func (m *Model) draftPath() string {
	if m.drafts == nil {
		return "no draft"
	}
	return m.drafts.Path()
}

func (m *Model) outputPath() string {
	if m.s.savedPath != "" {
		return m.s.savedPath
	}
	return m.opts.Output
}

// resumeAnswer handles the resume question: resume a draft, discard one,
// or not now (the drafts stay for another time).
func (m *Model) resumeAnswer(a modalAnswerMsg) tea.Cmd {
	md := m.modal
	switch a.answer {
	case answerDiscard:
		if err := Discard(a.value); err != nil {
			m.setStatus(2, "the draft was not discarded: %v", err)
			return nil
		}
		if md != nil && md.kind == modalResume {
			if !md.removeDraft(a.value) {
				m.modal = nil
			} else {
				md.retitle(m.c.now())
			}
		}
		m.setStatus(0, "draft discarded")
	case answerResume:
		if a.draft != nil {
			m.resume(*a.draft)
		}
	case answerNo:
		// value is the number of drafts left in the list.
		if a.value == "1" {
			m.setStatus(0, "the draft is kept; the studio offers it again next time")
		} else {
			m.setStatus(0, "the %s drafts are kept; the studio offers them again next time", a.value)
		}
	}
	return nil
}

// resume loads a draft's document in place of the starting one; the draft
// becomes this session's.
func (m *Model) resume(d DraftInfo) {
	doc, err := template.Parse(d.Draft.Bytes())
	if err != nil {
		m.setStatus(2, "the draft could not be read: %v", err)
		return
	}
	// A draft never holds a key: each operation takes its own back from the
	// file being edited.
	if m.opts.Editing {
		doc = template.RestoreKeys(doc, m.opts.Document)
	}
	m.s.replace(doc)
	m.start.resumed()
	if d.Output != "" && m.opts.Output == "" {
		m.opts.Output = d.Output
	}
	if m.drafts != nil {
		m.drafts.adopt(d.Path)
	}
	to := stepStart
	if d.Draft.Step >= 0 && d.Draft.Step < int(stepCount) {
		to = step(d.Draft.Step)
	}
	m.goStep(to)
	m.setStatus(0, "draft resumed; ctrl+s saves it")
	if m.opts.Editing && d.Draft.SourceSum != "" && d.Draft.SourceSum != hex.EncodeToString(m.s.diskSum[:]) {
		// The file changed after the draft began: saving must ask first.
		if b, err := hex.DecodeString(d.Draft.SourceSum); err == nil && len(b) == len(m.s.diskSum) {
			copy(m.s.diskSum[:], b)
		}
		m.setStatus(1, "%s changed on disk since this draft began; saving will ask before replacing it", template.SafeLine(m.opts.Output))
	}
}
