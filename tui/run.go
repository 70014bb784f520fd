// Package tui is the interactive studio: a Bubble Tea program that builds a
// template step by step beside a live preview of its JSON and cost.
package tui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
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
	// Fresh ignores unfinished drafts.
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

	// resumable are earlier sessions' drafts to offer.
	resumable []DraftInfo
}

// Result says how the studio ended.
type Result struct {
	Saved       string
	Interrupted bool
	// Unsaved is set when the studio ended with changes not in Saved;
	// DraftKept says they are in the draft at DraftPath.
	Unsaved   bool
	DraftKept bool
	DraftPath string
	// Signal is the number of the signal (SIGTERM, SIGHUP) that ended the
	// studio, 0 when the user quit.
	Signal int
	// Message is what the command prints when the studio has closed: where
	// the work went.
	Message string
}

// signalMsg tells the studio a signal asked it to stop.
type signalMsg struct{ sig os.Signal }

// Run runs the studio until the user quits or ctx is cancelled (a signal):
// then the draft is written and the studio ends within a second.
func Run(ctx context.Context, o Options) (Result, error) {
	if o.Getenv == nil {
		return Result{}, errors.New("tui: Options.Getenv is required")
	}
	o.Color = o.Getenv("NO_COLOR") == "" && o.Getenv("TERM") != "dumb"
	var warn string
	if dir, err := StateDir(o.Getenv); err != nil {
		warn = "drafts are off: " + err.Error()
	} else {
		source := ""
		if o.Editing {
			source = o.Output
		}
		o.Drafts = NewDrafter(dir, source)
		if err := o.Drafts.start(); err != nil {
			warn = "drafts are off: " + err.Error()
			o.Drafts = nil
		} else if !o.Fresh {
			o.resumable, err = resumableDrafts(o)
			if err != nil {
				warn = err.Error()
			}
		}
	}
	if o.Drafts != nil {
		defer o.Drafts.close()
	}
	m := newModel(ctx, o)
	if warn != "" {
		m.setStatus(1, "%s", warn)
	}
	if len(o.resumable) > 0 {
		m.openModal(resumeModal(o.resumable, m.c.now()))
	}
	// Bubble Tea's own signal handler is off: on SIGTERM it blocks sending
	// to a loop that has stopped, and the studio hangs. The command's
	// context carries the signal instead, and the model saves and quits.
	p := tea.NewProgram(m, tea.WithInput(o.In), tea.WithOutput(o.Out), tea.WithoutSignalHandler())
	stopped := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
		case <-stopped:
			return
		}
		p.Send(signalMsg{sig: signalOf(ctx)})
		select {
		case <-stopped:
		case <-time.After(time.Second):
			p.Kill() // the model did not answer: stop anyway, the draft is on disk
		}
	}()
	_, err := p.Run()
	close(stopped)
	res := m.Result()
	if ctx.Err() != nil {
		res.Interrupted = true
		if res.Signal == 0 {
			res.Signal = signalNumber(signalOf(ctx))
		}
		if m.s.dirty() && !res.DraftKept && m.drafts != nil {
			m.flushDraft() // the model was stopped before it could
			res.Unsaved = true
			res.DraftKept, _ = m.drafts.state()
			res.DraftPath = m.drafts.Path()
		}
		err = nil
	}
	res.Message = res.summary()
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		return res, fmt.Errorf("the studio stopped: %w (your draft is in %s)", err, m.draftPath())
	}
	return res, nil
}

// resumableDrafts are earlier sessions' drafts worth offering: a draft of
// an edited file that holds exactly what the file holds is no unsaved work,
// and is removed.
func resumableDrafts(o Options) ([]DraftInfo, error) {
	drafts, err := o.Drafts.Others()
	if !o.Editing || o.Document == nil {
		return drafts, err
	}
	same := template.WithoutKeys(o.Document).Bytes()
	var out []DraftInfo
	for _, d := range drafts {
		if bytes.Equal(d.Draft.Bytes(), same) {
			_ = Discard(d.Path)
			continue
		}
		out = append(out, d)
	}
	return out, err
}

// summary says where the work went, for the terminal once the studio is
// gone.
func (r Result) summary() string {
	saved := template.SafeLine(r.Saved)
	switch {
	case r.Unsaved && !r.DraftKept:
		if r.Saved != "" {
			return "saved " + saved + " earlier; the changes since could not be drafted and are lost"
		}
		return "not saved, and the draft could not be written: the changes are lost"
	case r.Saved != "" && r.Unsaved:
		return fmt.Sprintf("saved %s earlier; the changes since are in the draft %s (the studio offers it next time)", saved, template.SafeLine(r.DraftPath))
	case r.Saved != "":
		return "saved " + saved
	case r.Unsaved:
		return "not saved; your work is in the draft " + template.SafeLine(r.DraftPath) + " (the studio offers it next time)"
	}
	return ""
}
