package tui

import tea "charm.land/bubbletea/v2"

// SendConfig points test sends somewhere else than Datadog (tests, proxies).
type SendConfig struct {
	APIURL string
}

type sendDoneMsg struct {
	text string
	err  error
}

func (m *Model) showDryRun() {}

func (m *Model) startSend() tea.Cmd { return nil }

func (m *Model) showSendResult(msg sendDoneMsg) {}
