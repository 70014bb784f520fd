package tui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/rk-tui/rk-tui/template"
)

// modalKind says what a modal asks, so its answer reaches the part of the
// studio that asked.
type modalKind int

const (
	modalText          modalKind = iota // read-only text: dry-run, send result
	modalQuit                           // quit with unsaved changes?
	modalPreset                         // start over from another preset?
	modalDeleteMetric                   // delete this metric?
	modalOverwrite                      // the file exists: replace it?
	modalChangedOnDisk                  // the file changed on disk: replace it?
	modalAskPath                        // save as: which file?
	modalResume                         // resume one of these drafts?
)

// The answers a modal gives.
const (
	answerYes     = "yes"
	answerNo      = "no"
	answerSave    = "save"    // save and quit
	answerEnter   = "enter"   // a typed value (a file name)
	answerResume  = "resume"  // the chosen draft
	answerDiscard = "discard" // the chosen draft is deleted
)

// modalAnswerMsg is a modal's answer. value is what it was about (a preset
// name, a file name, a draft's path).
type modalAnswerMsg struct {
	kind      modalKind
	answer    string
	value     string
	quitAfter bool
	draft     *DraftInfo // the draft chosen in the resume question
}

// modal is a question or a panel over the studio. It takes the keyboard
// until it is answered, then returns its answer as a message: it does
// nothing itself.
type modal struct {
	kind      modalKind
	title     string
	body      string
	hints     string
	value     string
	quitAfter bool
	// answers maps keys to answers; esc closes without one ("no").
	answers []modalKey
	// input is set for questions that take text.
	input *textinput.Model
	// scroll holds long read-only text.
	scroll *viewport.Model
	text   string
	// drafts are listed by the resume question, sel the chosen one.
	drafts []DraftInfo
	sel    int
}

type modalKey struct {
	binding key.Binding
	answer  string
}

// update handles a key; done says the modal is closed.
func (md *modal) update(k *keyMap, msg tea.Msg) (done bool, cmd tea.Cmd) {
	answer := func(a, v string) tea.Cmd {
		return emit(modalAnswerMsg{kind: md.kind, answer: a, value: v, quitAfter: md.quitAfter})
	}
	if paste, ok := msg.(tea.PasteMsg); ok {
		if md.input != nil {
			in, _ := md.input.Update(paste)
			md.input = &in
		}
		return false, nil
	}
	press, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return false, nil
	}
	switch {
	case md.input != nil:
		switch {
		case key.Matches(press, k.Enter):
			return true, answer(answerEnter, strings.TrimSpace(md.input.Value()))
		case key.Matches(press, k.Back):
			return true, answer(answerNo, md.value)
		case key.Matches(press, k.Quit):
			return true, emit(actionMsg{actQuit})
		}
		in, _ := md.input.Update(press)
		md.input = &in
		return false, nil
	case md.kind == modalResume:
		switch {
		case key.Matches(press, k.ListUp):
			md.sel = max(0, md.sel-1)
		case key.Matches(press, k.ListDown):
			md.sel = min(len(md.drafts)-1, md.sel+1)
		case key.Matches(press, k.Yes, k.Enter):
			d := md.drafts[md.sel]
			return true, emit(modalAnswerMsg{kind: md.kind, answer: answerResume, value: d.Path, draft: &d})
		case key.Matches(press, k.Discard):
			return false, answer(answerDiscard, md.drafts[md.sel].Path)
		case key.Matches(press, k.No, k.Back):
			return true, answer(answerNo, strconv.Itoa(len(md.drafts)))
		}
		return false, nil
	case md.scroll != nil:
		switch {
		case key.Matches(press, k.Back, k.Enter) || press.String() == "q":
			return true, nil
		case key.Matches(press, k.ListUp):
			md.scroll.ScrollUp(1)
		case key.Matches(press, k.ListDown):
			md.scroll.ScrollDown(1)
		case key.Matches(press, k.ScrollUp):
			md.scroll.PageUp()
		case key.Matches(press, k.ScrollDown) || press.String() == "space":
			md.scroll.PageDown()
		case key.Matches(press, k.Quit):
			return true, emit(actionMsg{actQuit})
		}
		return false, nil
	}
	for _, a := range md.answers {
		if key.Matches(press, a.binding) {
			return true, answer(a.answer, md.value)
		}
	}
	if key.Matches(press, k.Back) {
		return true, answer(answerNo, md.value)
	}
	return false, nil
}

// removeDraft drops a discarded draft from the list; it reports whether
// any is left.
func (md *modal) removeDraft(path string) bool {
	for i, d := range md.drafts {
		if d.Path == path {
			md.drafts = append(md.drafts[:i], md.drafts[i+1:]...)
			break
		}
	}
	md.sel = min(md.sel, len(md.drafts)-1)
	return len(md.drafts) > 0
}

func confirmQuitModal(k *keyMap, body string) *modal {
	return &modal{
		kind: modalQuit, title: "Quit with unsaved changes?", body: body,
		hints:   "y quit · s save and quit · n/esc keep editing",
		answers: []modalKey{{k.Yes, answerYes}, {k.SaveAndQuit, answerSave}, {k.No, answerNo}},
	}
}

func confirmPresetModal(name string) *modal {
	k := newKeyMap()
	return &modal{
		kind: modalPreset, title: "Start over from " + name + "?", value: name,
		body:    "The template has changes. Starting from another preset replaces its metrics and settings.",
		hints:   "y replace · n/esc keep my template",
		answers: []modalKey{{k.Yes, answerYes}, {k.No, answerNo}},
	}
}

func confirmDeleteModal(name string) *modal {
	k := newKeyMap()
	return &modal{
		// A name of thousands of characters would make the question taller
		// than the screen and push its keys out of sight.
		kind: modalDeleteMetric, title: "Delete " + ansi.Truncate(template.SafeLine(name), 120, "…") + "?",
		hints:   "y delete · n/esc keep it",
		answers: []modalKey{{k.Yes, answerYes}, {k.No, answerNo}},
	}
}

func confirmOverwriteModal(k *keyMap, path string, quitAfter bool) *modal {
	return &modal{
		kind: modalOverwrite, title: template.SafeLine(path) + " exists. Replace it?", value: path, quitAfter: quitAfter,
		hints:   "y replace · n/esc choose another name",
		answers: []modalKey{{k.Yes, answerYes}, {k.No, answerNo}},
	}
}

func changedOnDiskModal(k *keyMap, path string, quitAfter bool) *modal {
	return &modal{
		kind: modalChangedOnDisk, title: template.SafeLine(path) + " changed on disk", value: path, quitAfter: quitAfter,
		body:    "Another program changed the file since the studio read or saved it. Saving replaces those changes with yours.",
		hints:   "y replace it · n/esc save elsewhere",
		answers: []modalKey{{k.Yes, answerYes}, {k.No, answerNo}},
	}
}

func askPathModal(initial string, quitAfter bool, problem string) *modal {
	in := textinput.New()
	in.Prompt = "> "
	in.Placeholder = "a file name, e.g. checkout.json"
	in.CharLimit = 4096
	in.SetValue(initial)
	in.CursorEnd()
	in.Focus()
	body := "The working file keeps the cost profile and notes (x-rk-tui); export strips them for Rookout."
	if problem != "" {
		body = template.SafeText(problem) + "\n\n" + body
	}
	return &modal{kind: modalAskPath, title: "Save the working file as", body: body, hints: "enter save · esc cancel", input: &in, value: initial, quitAfter: quitAfter}
}

func textModal(title, body string) *modal {
	vp := viewport.New()
	return &modal{kind: modalText, title: title, scroll: &vp, text: template.SafeText(body), hints: "↑/↓ pgup/pgdn scroll · esc close"}
}

func resumeModal(drafts []DraftInfo, now time.Time) *modal {
	md := &modal{kind: modalResume, drafts: append([]DraftInfo(nil), drafts...)}
	md.retitle(now)
	return md
}

// retitle fits the resume question to the drafts still listed.
func (md *modal) retitle(now time.Time) {
	md.title, md.hints = "Resume your unsaved draft?", "y/enter resume · x discard it · n not now (it is kept)"
	if len(md.drafts) > 1 {
		md.title = fmt.Sprintf("Resume one of %d unsaved drafts?", len(md.drafts))
		md.hints = "↑/↓ choose · enter resume · x discard · n not now (they are kept)"
	}
	md.body = resumeBody(md.drafts, md.sel, now)
}

// resumeBody lists the drafts, newest first, the chosen one marked.
func resumeBody(drafts []DraftInfo, sel int, now time.Time) string {
	var b strings.Builder
	for i, d := range drafts {
		marker := "  "
		if i == sel && len(drafts) > 1 {
			marker = "▸ "
		}
		fmt.Fprintf(&b, "%s%q with %s, last edited %s", marker, template.SafeLine(d.Title), countText(d.Metrics, "metric"), ageText(now.Sub(d.SavedAt)))
		if d.Output != "" {
			fmt.Fprintf(&b, ", to be saved as %s", template.SafeLine(d.Output))
		}
		b.WriteString("\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// wrapText wraps text at words to width; a word longer than the width (a
// URL) is cut.
func wrapText(text string, width int) string {
	width = max(10, width)
	var b strings.Builder
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		if ansi.StringWidth(line) <= width {
			b.WriteString(line)
			continue
		}
		// Continuation lines start under the text, not at the edge: a list
		// entry or an indented line stays one block.
		hang := hangingIndent(line)
		if hang*2 > width {
			hang = 0
		}
		wrapped := ansi.Hardwrap(ansi.Wordwrap(line, width, " "), width, true)
		first, rest, more := strings.Cut(wrapped, "\n")
		b.WriteString(first)
		if more {
			pad := strings.Repeat(" ", hang)
			for _, l := range strings.Split(ansi.Hardwrap(ansi.Wordwrap(strings.ReplaceAll(rest, "\n", " "), width-hang, " "), width-hang, true), "\n") {
				b.WriteString("\n" + pad + l)
			}
		}
	}
	return b.String()
}

// hangingIndent is where the text of a line starts: after its leading
// spaces and a list marker ("• ", "- ", "▸ ", "1. ").
func hangingIndent(line string) int {
	plain := ansi.Strip(line)
	trimmed := strings.TrimLeft(plain, " ")
	n := len(plain) - len(trimmed)
	for _, marker := range []string{"• ", "- ", "▸ ", "* ", "→ "} {
		if strings.HasPrefix(trimmed, marker) {
			return n + ansi.StringWidth(marker)
		}
	}
	if i := strings.Index(trimmed, ". "); i > 0 && i <= 3 && strings.Trim(trimmed[:i], "0123456789") == "" {
		return n + i + 2
	}
	return n
}

// ageText is how long ago something was: "just now", "5 min ago".
func ageText(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h ago", int(d/time.Hour))
	}
	return fmt.Sprintf("%d days ago", int(d/(24*time.Hour)))
}
