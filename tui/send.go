package tui

import (
	"context"
	"errors"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/rk-tui/rk-tui/sender"
	"github.com/rk-tui/rk-tui/template"
)

type sendDoneMsg struct {
	text string
	err  error
}

// sendOptions are the options of a test send from the studio: one point of
// value 1 per metric, sent where the command line and environment say
// (Options.Send); the agent, unless DD_AGENT_HOST or --agent names one, is
// the template's own target as typed in step 2.
func (m *Model) sendOptions() sender.Options {
	o := m.opts.Send
	o.Now = m.now
	if o.APIKey == "" {
		if k := strings.TrimSpace(m.getenv("DD_API_KEY")); k != "" {
			o.APIKey, o.APIKeySource = k, "DD_API_KEY"
		}
	}
	if o.Site == "" {
		o.Site = strings.TrimSpace(m.getenv("DD_SITE"))
	}
	return o
}

// blockedBy says why a test send cannot start, or "" when it can.
func (m *Model) blockedBy() string {
	if n := countErrors(m.findings); n > 0 {
		return "fix the " + itoa(n) + " error" + plural(n) + " first (step 6 lists them)"
	}
	return ""
}

// showDryRun shows the exact requests or datagrams of a test send.
func (m *Model) showDryRun() {
	if why := m.blockedBy(); why != "" {
		m.setStatus(2, "no dry-run: %s", why)
		return
	}
	rep, err := sender.DryRun(m.ctx, m.doc, m.sendOptions())
	if err != nil {
		m.setStatus(2, "no dry-run: %v", err)
		return
	}
	m.modal = textModal("Dry-run of a test send (nothing is sent)", rep.Text(), m.width-8, m.height-10)
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
	if m.view.Target() == template.TargetAPI && opts.APIKey == "" {
		m.setStatus(2, "not sent: set DD_API_KEY (the studio never asks for the key) and start again; ctrl+d shows what would be sent")
		return nil
	}
	ctx, cancel := context.WithCancel(m.ctx)
	m.sending, m.cancel = true, cancel
	m.setStatus(0, "")
	doc := m.doc.Clone()
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
		m.setStatus(2, "test send failed: %v", msg.err)
		m.modal = textModal("Test send failed", msg.err.Error(), m.width-8, m.height-10)
		return
	}
	m.setStatus(0, "test point accepted")
	m.modal = textModal("Test send accepted", msg.text, m.width-8, m.height-10)
}
