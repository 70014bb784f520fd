package tui

import (
	"strconv"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/rk-tui/rk-tui/template"
)

// benchTemplate has n API metrics of four tags each, with tool data.
func benchTemplate(n int) *template.Document {
	spec := template.Spec{Target: template.TargetAPI, Title: strconv.Itoa(n) + " metrics"}
	for i := range n {
		spec.Metrics = append(spec.Metrics, template.MetricSpec{
			Name: "app.metric_" + strconv.Itoa(i), Type: "count", Value: "store.rookout.frame.locals.n",
			Tags: []string{"env:prod", "service:cart", "status:ok", "region:eu" + strconv.Itoa(i%4)},
			Meta: template.MetricMeta{Unit: "request", Interval: 10},
		})
	}
	return template.Build(spec)
}

// BenchmarkKeystroke is one typed character through Update and View, with
// colour on, the metric form open at the tags field of a metric in the
// middle: the edit, the typed view, validation, the cost estimate, the JSON
// pane and the full screen, as on every real keystroke. Drafts are written
// by a command Bubble Tea runs off the update loop, so they are not part of
// the figure.
func BenchmarkKeystroke(b *testing.B) {
	for _, n := range []int{50, 1000} {
		b.Run(strconv.Itoa(n)+"metrics", func(b *testing.B) {
			h := newHarness(b, Options{Document: benchTemplate(n), Editing: true}, 140, 45)
			h.m.c.color = true
			h.m.c.styles = newStyles(true, true)
			h.goTo(stepMetrics)
			h.m.metrics.sel = n / 2
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
		})
	}
}
