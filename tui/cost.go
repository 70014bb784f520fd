package tui

import (
	"time"

	"github.com/rk-tui/rk-tui/template"
)

type costState struct{}

func estimateCost(doc *template.Document, v template.Template, now time.Time) costState {
	return costState{}
}

func (m *Model) costCard(width int) string { return "Cost" }
