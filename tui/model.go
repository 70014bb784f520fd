package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/rk-tui/rk-tui/template"
)

// step is one page of the studio.
type step int

const (
	stepStart step = iota
	stepTarget
	stepMetrics
	stepBreakpoint
	stepCost
	stepReview
	stepCount
)

var stepNames = [stepCount]string{"Start", "Target", "Metrics", "Breakpoint", "Cost", "Review"}

// wideLayout is the width from which form and preview sit side by side.
const wideLayout = 100

// Model is the studio's whole state.
type Model struct {
	opts Options
	ctx  context.Context

	doc      *template.Document
	view     template.Template
	metrics  []template.Metric // view.Metrics(), kept: many fields read it per frame
	findings []template.Finding
	cost     costState

	width, height int
	styles        styles
	dark, color   bool
	keys          keyMap
	help          help.Model
	showHelp      bool

	step        step
	forms       map[step]*form
	metricSel   int
	metricForm  *form  // set while one metric is being edited
	metaOwner   string // the name its tool data is kept under
	reviewSel   int
	showPreview bool // the preview instead of the form, below wideLayout

	json jsonPane

	status      string
	statusLevel int

	dirty     bool
	editGen   int        // edits so far
	diskSum   [32]byte   // the file as read or last written, to spot changes by others
	routeUndo *routeUndo // set right after a route switch
	canonical bool       // the file was indented as the tool writes it: keep it so
	// finalNewline: the file ended with a newline, so a save keeps one.
	finalNewline bool
	savedPath    string
	modal        *modal

	spinner spinner.Model
	sending bool
	cancel  context.CancelFunc

	drafts     *drafter
	pristine   []byte // the document as the chosen preset built it
	lastPreset string
	result     Result
	now        func() time.Time
	getenv     func(string) string
}

// newModel builds the studio for a document.
func newModel(ctx context.Context, o Options) *Model {
	if o.Getenv == nil {
		o.Getenv = func(string) string { return "" }
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	m := &Model{
		opts:   o,
		ctx:    ctx,
		keys:   newKeyMap(),
		help:   help.New(),
		now:    o.Now,
		getenv: o.Getenv,
		width:  80, height: 24,
		dark:  true,
		color: o.Color,
	}
	m.styles = newStyles(m.dark, m.color)
	m.spinner = spinner.New(spinner.WithSpinner(spinner.Dot))
	switch {
	case o.Document != nil:
		m.doc = o.Document.Clone()
	case o.Preset != nil:
		m.doc = template.Build(o.Preset.Spec)
		m.pristine = m.doc.Clone().Bytes()
		m.lastPreset = o.Preset.Name
	default:
		m.doc = template.Build(template.Presets[0].Spec)
		m.pristine = m.doc.Clone().Bytes()
		m.lastPreset = template.Presets[0].Name
	}
	if o.Editing {
		m.savedPath = o.Output
		m.diskSum = sum(o.Document.Bytes())
	}
	m.drafts = o.Drafts
	m.canonical = m.doc.IsCanonical()
	if b := m.doc.Bytes(); len(b) > 0 && b[len(b)-1] == '\n' {
		m.finalNewline = true
	}
	m.buildForms()
	m.refresh()
	m.enterStep(m.step)
	return m
}

// Init starts the studio: ask the terminal for its background colour.
func (m *Model) Init() tea.Cmd {
	return tea.RequestBackgroundColor
}

// refresh recomputes everything derived from the document: the typed view,
// the findings, the cost estimate and the JSON pane.
func (m *Model) refresh() {
	m.view = template.Read(m.doc)
	m.metrics = m.view.Metrics()
	m.findings = template.Validate(m.doc)
	m.cost = estimateCost(m.doc, m.view, m.now())
	m.json.set(m.doc, m.focusPath())
	if n := len(m.metrics); m.metricSel >= n {
		m.metricSel = max(0, n-1)
	}
}

// changed is called after every edit of the document.
func (m *Model) changed() tea.Cmd {
	m.dirty = true
	m.editGen++
	if m.canonical {
		// Keep the bytes indented as they will be saved, so line numbers in
		// findings match the JSON pane and the file.
		m.doc.Reindent()
	}
	m.refresh()
	if m.step == stepCost {
		m.rebuildCostForm()
	}
	return m.saveDraft()
}

func (m *Model) setStatus(level int, format string, a ...any) {
	m.status, m.statusLevel = fmt.Sprintf(format, a...), level
}

// Update handles one message. A bug in a handler must not cost the user
// their work: it is reported in the status line and the studio goes on (the
// draft on disk is untouched).
func (m *Model) Update(msg tea.Msg) (_ tea.Model, cmd tea.Cmd) {
	defer func() {
		if r := recover(); r != nil {
			m.setStatus(2, "internal error, your work is safe (draft: %s): %v", m.draftPath(), r)
			cmd = nil
		}
	}()
	return m.update(msg)
}

func (m *Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
		return m, nil
	case tea.BackgroundColorMsg:
		m.dark = msg.IsDark()
		m.styles = newStyles(m.dark, m.color)
		m.refresh()
		return m, nil
	case spinner.TickMsg:
		if !m.sending {
			return m, nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return m, cmd
	case sendDoneMsg:
		m.sending = false
		m.cancel = nil
		m.showSendResult(msg)
		return m, nil
	case draftSavedMsg:
		if msg.err != nil {
			m.setStatus(1, "draft not saved: %v", msg.err)
		}
		return m, nil
	case tea.PasteMsg:
		if m.modal != nil {
			return m, m.modal.paste(msg)
		}
		if fm := m.activeForm(); fm != nil && fm.paste(msg) {
			return m, m.applyField(fm)
		}
		return m, nil
	case tea.KeyPressMsg:
		return m, m.handleKey(msg)
	}
	return m, nil
}

// activeForm is the form that has the keyboard, if any.
func (m *Model) activeForm() *form {
	if m.step == stepMetrics {
		return m.metricForm
	}
	if m.step == stepReview {
		return nil
	}
	return m.forms[m.step]
}

func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := msg.String()
	if m.modal != nil {
		return m.modal.key(m, msg)
	}
	if m.sending && k == "esc" && m.cancel != nil {
		m.cancel()
		return nil
	}
	fm := m.activeForm()
	typing := fm != nil && fm.typing()
	switch {
	case k == "ctrl+c":
		return m.requestQuit()
	case k == "ctrl+s":
		return m.save(false)
	case k == "ctrl+y":
		return m.copyJSON()
	case k == "ctrl+d":
		m.showDryRun()
		return nil
	case k == "ctrl+t":
		return m.startSend()
	case k == "f1" || (k == "?" && !typing):
		m.showHelp = !m.showHelp
		m.layout()
		return nil
	case k == "ctrl+p":
		m.showPreview = !m.showPreview
		return nil
	case k == "pgup":
		m.json.scroll(-m.json.height + 1)
		return nil
	case k == "pgdown":
		m.json.scroll(m.json.height - 1)
		return nil
	case k == "ctrl+right" || k == "ctrl+n":
		m.goStep(m.step + 1)
		return nil
	case k == "ctrl+left" || k == "ctrl+b":
		m.goStep(m.step - 1)
		return nil
	}
	switch m.step {
	case stepMetrics:
		if m.metricForm == nil {
			return m.metricListKey(msg)
		}
	case stepReview:
		return m.reviewKey(msg)
	}
	if fm == nil {
		return nil
	}
	switch k {
	case "tab", "down":
		if !fm.move(m, 1) && k == "tab" {
			m.leaveForm(1)
		}
		m.refreshJSONFocus()
		return nil
	case "shift+tab", "up":
		if !fm.move(m, -1) && k == "shift+tab" {
			m.leaveForm(-1)
		}
		m.refreshJSONFocus()
		return nil
	case "enter":
		if !fm.move(m, 1) {
			m.leaveForm(1)
		}
		m.refreshJSONFocus()
		return nil
	case "esc":
		m.leaveForm(-1)
		return nil
	}
	if fm.update(msg) {
		return m.applyField(fm)
	}
	return nil
}

// leaveForm moves past the first or last field: to the previous or next
// step, or from a metric's form back to the metric list.
func (m *Model) leaveForm(dir int) {
	if m.step == stepMetrics && m.metricForm != nil {
		m.metricForm = nil
		m.refreshJSONFocus()
		return
	}
	m.goStep(m.step + step(dir))
}

// applyField writes the focused field's value into the document.
func (m *Model) applyField(fm *form) tea.Cmd {
	f := fm.focused()
	if f == nil || f.apply == nil {
		return nil
	}
	if m.statusLevel < 2 {
		m.status = "" // an old "saved …" must not sit beside new changes
	}
	if err := f.apply(m, f.value()); err != nil {
		m.setStatus(2, "%v", err)
		return nil
	}
	return m.changed()
}

// goStep moves to another step, clamped to the first and last.
func (m *Model) goStep(s step) {
	if s < 0 || s >= stepCount {
		return
	}
	m.metricForm = nil
	m.enterStep(s)
}

func (m *Model) enterStep(s step) {
	m.step = s
	if s == stepCost {
		m.rebuildCostForm()
	}
	if fm := m.forms[s]; fm != nil {
		m.syncForm(fm)
		fm.first(m)
	}
	m.refreshJSONFocus()
}

// refreshJSONFocus re-renders the JSON with the focused field's line marked
// and scrolled into view.
func (m *Model) refreshJSONFocus() {
	m.json.focus(m.focusPath())
}

// View draws the studio.
func (m *Model) View() (v tea.View) {
	defer func() {
		if r := recover(); r != nil {
			v = tea.NewView(fmt.Sprintf("internal error while drawing: %v\nYour draft is in %s. Press ctrl+c to quit.", r, m.draftPath()))
			v.AltScreen = true
		}
	}()
	v = tea.NewView(m.render())
	v.AltScreen = true
	return v
}

// Result is how the studio ended, for the command to report.
func (m *Model) Result() Result { return m.result }

func (m *Model) requestQuit() tea.Cmd {
	if m.sending && m.cancel != nil {
		m.cancel()
	}
	if !m.dirty {
		m.dropDraft()
		return tea.Quit
	}
	m.modal = confirmQuitModal(m.opts.Editing, m.opts.Output)
	return nil
}

// quit ends the program; interrupted marks an exit with unsaved work.
func (m *Model) quit(interrupted bool) tea.Cmd {
	m.result.Interrupted = interrupted
	m.result.Unsaved = m.dirty
	if !interrupted {
		m.dropDraft()
	}
	return tea.Quit
}

// metricTitle names a metric in lists and messages.
func metricTitle(mt template.Metric) string {
	if mt.Name == "" {
		return "(unnamed)"
	}
	return mt.Name
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
