package tui

import (
	"strconv"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/rk-tui/rk-tui/template"
)

// BenchmarkKeystroke is one typed character through Update and View on a
// template with 50 metrics, with the metric form open at the tags field: the
// edit, the typed view, validation, the cost estimate, the JSON pane and the
// full screen, as on every real keystroke. Drafts are written by a command
// Bubble Tea runs off the update loop, so they are not part of the figure.
func BenchmarkKeystroke(b *testing.B) {
	spec := template.Spec{Target: template.TargetAPI, Title: "Fifty metrics"}
	for i := range 50 {
		spec.Metrics = append(spec.Metrics, template.MetricSpec{
			Name: "app.metric_" + strconv.Itoa(i), Type: "count", Value: "store.rookout.frame.locals.n",
			Tags: []string{"env:prod", "service:cart", "status:ok", "region:eu" + strconv.Itoa(i%4)},
			Meta: template.MetricMeta{Unit: "request", Interval: 10},
		})
	}
	h := newHarness(b, Options{Document: template.Build(spec), Editing: true}, 140, 45)
	h.goTo(stepMetrics)
	for range 25 {
		h.keys("down")
	}
	h.keys("enter")
	h.focusField("tags")
	typeKey := tea.KeyPressMsg{Code: 'x', Text: "x"}
	eraseKey := tea.KeyPressMsg{Code: tea.KeyBackspace}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		msg := typeKey
		if i%2 == 1 {
			msg = eraseKey
		}
		h.m.Update(msg)
		_ = h.m.View()
	}
}
