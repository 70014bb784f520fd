// Package tui is the interactive studio: a Bubble Tea program that builds a
// template step by step beside a live preview of its JSON and cost.
package tui

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/rk-tui/rk-tui/sender"
	"github.com/rk-tui/rk-tui/template"
)

// Options start the studio.
type Options struct {
	// Preset starts a new template from a preset; Document opens one.
	Preset   *template.Preset
	Document *template.Document
	// Output is where ctrl+s saves (-o for new-template, the file for edit).
	Output  string
	Editing bool
	// Fresh ignores an unfinished draft.
	Fresh bool

	In     io.Reader
	Out    io.Writer
	Getenv func(string) string
	// Color is set by Run from NO_COLOR; tests leave it off.
	Color bool
	// Now is the clock (time.Now outside tests).
	Now func() time.Time
	// Drafts keeps the work on disk as it is typed; Run sets it up.
	Drafts *drafter
	// Send says where test sends go (site, API URL, agent, key), as the
	// command line and environment give it; zero means Datadog for real.
	Send sender.Options
}

// Result says how the studio ended.
type Result struct {
	Saved       string
	Interrupted bool
	// Unsaved is set when the studio ended with changes not in Saved (they
	// are in the draft).
	Unsaved bool
	// Signal is the number of the signal (SIGTERM, SIGHUP) that ended the
	// studio, 0 when the user quit.
	Signal int
	// Message is what the command prints when the studio has closed: where
	// the work went.
	Message string
}

// Run runs the studio until the user quits.
func Run(ctx context.Context, o Options) (Result, error) {
	if o.Getenv == nil {
		return Result{}, errors.New("tui: Options.Getenv is required")
	}
	o.Color = o.Getenv("NO_COLOR") == "" && o.Getenv("TERM") != "dumb"
	var warn string
	var resume *Draft
	if dir, err := StateDir(o.Getenv); err != nil {
		warn = "drafts are off: " + err.Error()
	} else {
		source := ""
		if o.Editing {
			source = o.Output
		}
		o.Drafts = NewDrafter(dir, source)
		if !o.Fresh {
			d, err := o.Drafts.Load()
			if err != nil {
				warn = err.Error()
			}
			resume = d
		}
	}
	m := newModel(ctx, o)
	if warn != "" {
		m.setStatus(1, "%s", warn)
	}
	if resume != nil {
		m.modal = resumeModal(resume, m.now())
	}
	p := tea.NewProgram(m, tea.WithInput(o.In), tea.WithOutput(o.Out), tea.WithContext(ctx))
	_, err := p.Run()
	res := m.Result()
	res.Message = res.summary()
	if ctx.Err() != nil {
		res.Interrupted = true
		return res, nil
	}
	if err != nil {
		return res, fmt.Errorf("the studio stopped: %w (your draft is in %s)", err, m.draftPath())
	}
	return res, nil
}

func (m *Model) draftPath() string {
	if m.drafts == nil {
		return "no draft"
	}
	return m.drafts.Path()
}

func resumeModal(d *Draft, now time.Time) *modal {
	doc, _ := template.Parse(d.Document)
	title, metrics := "untitled", 0
	if doc != nil {
		v := template.Read(doc)
		title, metrics = v.Appearance.Title, len(v.Metrics())
	}
	age := now.Sub(d.SavedAt).Round(time.Minute)
	when := "just now"
	if age >= time.Minute {
		when = age.String() + " ago"
	}
	return &modal{
		title: "Resume your unsaved draft?",
		body:  fmt.Sprintf("%q with %d metric%s, last edited %s.", title, metrics, plural(metrics), when),
		hints: "y resume · n discard it and start anew",
		keys: map[string]func(*Model) tea.Cmd{
			"y":     func(m *Model) tea.Cmd { m.resume(d); return nil },
			"enter": func(m *Model) tea.Cmd { m.resume(d); return nil },
			"n":     func(m *Model) tea.Cmd { m.dropDraft(); return nil },
		},
	}
}

// resume loads a draft's document in place of the starting one.
func (m *Model) resume(d *Draft) {
	doc, err := template.Parse(d.Document)
	if err != nil {
		m.setStatus(2, "the draft could not be read: %v", err)
		return
	}
	// A draft never holds a key: take it back from the file being edited.
	if m.opts.Editing && m.opts.Document != nil {
		if key := template.Read(m.opts.Document).APIKey(); key != "" && !template.IsPlaceholderKey(key) {
			doc = template.ReplaceAPIKeys(doc, func(k string) string {
				if template.IsPlaceholderKey(k) {
					return key
				}
				return k
			})
		}
	}
	m.doc = doc
	m.pristine = nil
	if d.Output != "" && m.opts.Output == "" {
		m.opts.Output = d.Output
	}
	m.dirty = true
	m.refresh()
	for _, fm := range m.forms {
		m.syncForm(fm)
	}
	if d.Step >= 0 && d.Step < int(stepCount) {
		m.enterStep(step(d.Step))
	}
	m.setStatus(0, "draft resumed; ctrl+s saves it")
	if m.opts.Editing && d.SourceSum != "" && d.SourceSum != hex.EncodeToString(m.diskSum[:]) {
		// The file changed after the draft began: saving must ask first.
		if b, err := hex.DecodeString(d.SourceSum); err == nil && len(b) == len(m.diskSum) {
			copy(m.diskSum[:], b)
		}
		m.setStatus(1, "%s changed on disk since this draft began; saving will ask before replacing it", m.opts.Output)
	}
}

// summary says where the work went, for the terminal once the studio is
// gone.
func (r Result) summary() string {
	switch {
	case r.Saved != "" && r.Unsaved:
		return fmt.Sprintf("saved %s earlier; the changes since are not in it (the studio offers them as a draft next time)", template.SafeLine(r.Saved))
	case r.Saved != "":
		return "saved " + template.SafeLine(r.Saved)
	case r.Unsaved:
		return "not saved; the studio offers your work as a draft next time"
	}
	return ""
}
