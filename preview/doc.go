// Package preview projects how many billable Datadog custom metrics a
// template creates and what that does to the monthly bill, and renders the
// projection as text, Markdown or JSON.
//
// It is pure computation: no I/O, no terminal, no clock (callers pass the
// time). The studio calls it on every keystroke, so the usual sequence is
// cheap:
//
//	p, err := preview.ProfileFrom(doc, time.Now())  // x-rk-tui.profile, defaults
//	sc, err := preview.ScenarioFrom(doc)            // x-rk-tui.scenario, or nil
//	r := preview.Estimate(template.Read(doc), preview.MetaOf(doc), p, sc)
//	preview.RenderText(w, r, preview.TextOptions{Width: 40, Summary: true})
//
// The counting follows Datadog's rules (DOMAIN.md §3): one custom metric is
// one unique combination of metric name, host and tag values; histograms and
// timings count histogram_aggregates per combination, distributions 5 (10
// with percentiles), events nothing. Counts are exact whole numbers of any
// size (see Count); billable volume, overage and cost are Amounts that never
// overflow.
package preview
