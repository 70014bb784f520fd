package tui

import (
	"context"
	"fmt"
	"os"
	"runtime/debug"
	"syscall"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/rk-tui/rk-tui/sender"
	"github.com/rk-tui/rk-tui/template"
)

// Model is the studio: it owns the session and the steps, routes keys to
// the step in front, runs the actions (save, copy, dry-run, send, quit) and
// draws the screen.
type Model struct {
	opts Options
	ctx  context.Context
	c    *common
	s    *session

	pages   [stepCount]page
	start   *startPage
	metrics *metricsPage
	cost    *costPage
	step    step

	modal       *modal
	status      string
	statusLevel int
	help        help.Model
	showHelp    bool
	showPreview bool // the preview instead of the form, below wideLayout

	json jsonPane
	card cardCache
	// lastFocus and lastGen are what the JSON pane last followed: it
	// follows the edited value again only when either changes, so pgup and
	// pgdn scroll until the next edit.
	lastFocus string
	lastGen   int

	spinner spinner.Model
	sending bool
	cancel  context.CancelFunc

	// live is what the account said when its values were last pulled.
	live    *sender.Usage
	fetches int // pulls under way

	drafts *drafter
	result Result
	// panics counts handlers that failed; tests fail on any.
	panics []string
}

// newModel builds the studio for a document.
func newModel(ctx context.Context, o Options) *Model {
	c := newCommon(o)
	var doc *template.Document
	switch {
	case o.Document != nil:
		doc = o.Document.Clone()
	case o.Preset != nil:
		doc = template.Build(o.Preset.Spec)
	default:
		doc = template.Build(template.Presets[0].Spec)
	}
	s := newSession(doc, c.now)
	if o.Editing {
		s.saved(o.Output, doc.Bytes(), o.Document.Bytes())
	}
	m := &Model{opts: o, ctx: ctx, c: c, s: s, help: help.New(), drafts: o.Drafts, lastGen: -1}
	m.spinner = spinner.New(spinner.WithSpinner(spinner.Dot))
	m.start = newStartPage(c, s, o)
	m.metrics = newMetricsPage(c, s)
	m.cost = newCostPage(c, s)
	m.pages = [stepCount]page{m.start, newTargetPage(c, s, o.Send), m.metrics, newBreakpointPage(c, s), m.cost, newReviewPage(c, s)}
	m.goStep(stepStart)
	m.layout()
	return m
}

// Init asks the terminal for its background colour.
func (m *Model) Init() tea.Cmd { return tea.RequestBackgroundColor }

func (m *Model) setStatus(level int, format string, a ...any) {
	m.status, m.statusLevel = fmt.Sprintf(format, a...), level
}

// Update handles one message. A bug in a handler must not cost the user
// their work: it is reported in the status line and the studio goes on (the
// draft on disk is untouched).
func (m *Model) Update(msg tea.Msg) (_ tea.Model, cmd tea.Cmd) {
	defer func() {
		if r := recover(); r != nil {
			m.panics = append(m.panics, fmt.Sprintf("%v\n%s", r, debug.Stack()))
			m.setStatus(2, "internal error, your work is safe (draft: %s): %v", m.draftPath(), r)
			cmd = nil
		}
	}()
	gen, before := m.s.gen, m.status
	cmd = m.update(msg)
	if m.s.gen != gen {
		if m.statusLevel < 2 && m.status == before {
			m.status = "" // an old "saved …" must not sit beside new changes
		}
		cmd = tea.Batch(cmd, m.saveDraft())
		m.layout()
	} else if m.status != before {
		m.layout() // a status of two lines takes a line from the panes
	}
	m.followFocus()
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.c.width, m.c.height = msg.Width, msg.Height
		m.layout()
	case tea.BackgroundColorMsg:
		m.c.dark = msg.IsDark()
		m.c.styles = newStyles(m.c.dark, m.c.color)
		m.card = cardCache{}
		m.layout()
	case spinner.TickMsg:
		if m.sending {
			var cmd tea.Cmd
			m.spinner, cmd = m.spinner.Update(msg)
			return cmd
		}
	case goStepMsg:
		m.goStep(msg.to)
	case statusMsg:
		m.setStatus(msg.level, "%s", msg.text)
	case askMsg:
		m.openModal(msg.modal)
	case actionMsg:
		return m.do(msg.action)
	case modalAnswerMsg:
		return m.answered(msg)
	case saveCheckMsg:
		return m.saveChecked(msg)
	case savedMsg:
		return m.savedFile(msg)
	case draftSavedMsg:
		if msg.err != nil {
			m.setStatus(1, "draft not saved: %v; your changes are only in the studio until you save", msg.err)
		}
	case dryRunMsg:
		m.dryRunDone(msg)
	case sendDoneMsg:
		m.sending, m.cancel = false, nil
		m.showSendResult(msg)
	case liveMsg:
		m.liveDone(msg)
	case signalMsg:
		return m.signalled(msg.sig)
	case tea.PasteMsg:
		if m.modal != nil {
			return m.modalUpdate(msg)
		}
		return m.pages[m.step].update(msg)
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	return nil
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	if m.modal != nil {
		return m.modalUpdate(msg)
	}
	k := m.c.keys
	if m.sending && key.Matches(msg, k.Back) && m.cancel != nil {
		m.cancel()
		return nil
	}
	typing := m.pages[m.step].typing()
	switch {
	case key.Matches(msg, k.Quit):
		return m.do(actQuit)
	case key.Matches(msg, k.Save):
		return m.do(actSave)
	case key.Matches(msg, k.Copy):
		return m.do(actCopy)
	case key.Matches(msg, k.DryRun):
		return m.do(actDryRun)
	case key.Matches(msg, k.Send):
		return m.do(actSend)
	case key.Matches(msg, k.HelpWhileTyping) || !typing && key.Matches(msg, k.Help):
		m.showHelp = !m.showHelp
		m.layout()
		return nil
	case m.showHelp && key.Matches(msg, k.Back):
		m.showHelp = false
		return nil
	case key.Matches(msg, k.TogglePane):
		m.showPreview = !m.showPreview
		return nil
	case key.Matches(msg, k.ScrollUp):
		m.json.scroll(-m.json.height + 1)
		return nil
	case key.Matches(msg, k.ScrollDown):
		m.json.scroll(m.json.height - 1)
		return nil
	case key.Matches(msg, k.NextStep):
		m.goStep(m.step + 1)
		return nil
	case key.Matches(msg, k.PrevStep):
		m.goStep(m.step - 1)
		return nil
	}
	return m.pages[m.step].update(msg)
}

func (m *Model) modalUpdate(msg tea.Msg) tea.Cmd {
	md := m.modal
	done, cmd := md.update(m.c.keys, msg)
	if done && m.modal == md {
		m.modal = nil
	}
	return cmd
}

func (m *Model) openModal(md *modal) {
	m.modal = md
	m.layoutModal()
}

// goStep moves to another step, clamped to the first and last.
func (m *Model) goStep(s step) {
	if s < 0 || s >= stepCount {
		return
	}
	m.step = s
	m.pages[s].enter()
	m.layout()
}

// followFocus marks the edited value in the JSON pane and scrolls it into
// view, when what is edited changed or the document did.
func (m *Model) followFocus() {
	path := m.pages[m.step].focusPath()
	if path == m.lastFocus && m.s.gen == m.lastGen && m.json.gen == m.s.gen {
		return
	}
	m.lastFocus, m.lastGen = path, m.s.gen
	m.json.show(m.s, path)
}

// answered handles the answer to a modal.
func (m *Model) answered(a modalAnswerMsg) tea.Cmd {
	switch a.kind {
	case modalQuit:
		switch a.answer {
		case answerYes:
			return m.quit(true)
		case answerSave:
			return m.save(true)
		}
	case modalOverwrite, modalChangedOnDisk:
		if a.answer == answerYes {
			return m.write(a.value, true, a.quitAfter)
		}
		m.openModal(askPathModal(a.value, a.quitAfter, ""))
	case modalAskPath:
		if a.answer == answerEnter {
			if a.value == "" {
				m.setStatus(1, "not saved: no file name given")
				return nil
			}
			return m.checkSave(a.value, a.quitAfter)
		}
	case modalResume:
		return m.resumeAnswer(a)
	case modalPreset:
		return m.start.update(a)
	case modalDeleteMetric:
		return m.metrics.update(a)
	}
	return nil
}

// Result is how the studio ended, for the command to report.
func (m *Model) Result() Result { return m.result }

// quitBody says, truthfully, where the unsaved work goes.
func (m *Model) quitBody() string {
	again := "rk-tui new-template"
	if m.opts.Editing {
		again = "rk-tui edit " + template.SafeLine(m.opts.Output)
	}
	if m.drafts == nil {
		return "Drafts are off in this session: quitting loses the changes. Press s to save them."
	}
	m.flushDraft()
	if kept, err := m.drafts.state(); !kept {
		why := "the last write did not finish"
		if err != nil {
			why = err.Error()
		}
		return "The draft could not be written (" + why + "): quitting loses the changes. Press s to save them to a file."
	}
	return "Your draft is kept in " + template.SafeLine(m.drafts.Path()) + ": the next " + again + " offers to resume it."
}

func (m *Model) requestQuit() tea.Cmd {
	if m.sending && m.cancel != nil {
		m.cancel()
	}
	if !m.s.dirty() {
		m.dropDraft()
		return m.quit(false)
	}
	m.openModal(confirmQuitModal(m.c.keys, m.quitBody()))
	return nil
}

// quit ends the program; interrupted marks an exit with unsaved work.
func (m *Model) quit(interrupted bool) tea.Cmd {
	m.result.Interrupted = interrupted
	m.result.Unsaved = m.s.dirty()
	if m.result.Unsaved {
		m.flushDraft()
	} else {
		m.dropDraft()
	}
	m.result.DraftPath, m.result.DraftKept = "", false
	if m.result.Unsaved && m.drafts != nil {
		m.result.DraftKept, _ = m.drafts.state()
		m.result.DraftPath = m.drafts.Path()
	}
	return tea.Quit
}

// signalled ends the studio on SIGTERM, SIGHUP or SIGINT from outside:
// the draft is written first, so a kill, a closed terminal or docker stop
// loses nothing.
func (m *Model) signalled(sig os.Signal) tea.Cmd {
	if m.cancel != nil {
		m.cancel()
	}
	if s, ok := sig.(syscall.Signal); ok {
		m.result.Signal = int(s)
	}
	return m.quit(true)
}

// plural is the s of a count that is not one.
func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
