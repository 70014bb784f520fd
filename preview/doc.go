// Package preview projects how many billable Datadog custom metrics a
// template creates and what that does to the monthly bill, and renders the
// projection as text, Markdown or JSON. It is the one place that knows the
// cost rules; the command line and the studio only gather settings and
// show the result.
//
// It is pure computation: no I/O, no terminal, no clock (callers pass the
// time). A command reads a working file and lays its flags over it:
//
//	in, err := preview.ReadInput(doc, time.Now())  // profile, scenario, metrics, tool data
//	err = in.Override(overrides, scenarioFromFlag)   // which setting wins: Profile.Apply, Input.Override
//	r := in.Estimate()
//	r.NoteInvalidTemplate(name, errorFindings)
//	preview.RenderText(w, r, preview.TextOptions{Width: 80})
//
// Errors name settings (FieldError.Field, ConflictError.Settings), never
// flags: each caller words them in its own terms.
//
// A repository of templates is one account: TemplatePath and
// LooksLikeTemplate say which of its files count, AccountOf adds them up
// against one allotment and lists the budgets breached (Breach), and
// CompareSides compares two versions of it (rk-tui diff). CompareLive sets
// a projection beside what a Datadog account has now, given as plain data
// (Live) by a caller that read it: preview never meets the network.
//
// The studio recomputes on every keystroke with an Estimator, which redoes
// only the metrics an edit touched (Estimator.Update gives what Estimate
// gives), and draws the figures with the shared formatters: Percent, Hours,
// Amount.USD, Count.Human and Result.AllotmentBar (cell counts of the bar,
// for it to style).
//
// The counting follows Datadog's rules (DOMAIN.md §3): one custom metric is
// one unique combination of metric name, host and tag values; histograms and
// timings count histogram_aggregates per combination, distributions 5 (10
// with percentiles), events nothing. Metrics sent through the API carry no
// host; through an Agent, each host its own (HostTag). Two billing models
// (Billing): timeseries, with Metrics without Limits tag configurations
// billing ingested and indexed custom metrics apart, and metric_name. Counts
// are exact whole numbers of any size (see Count); billable volume, overage
// and cost are Amounts that never overflow. Every figure is an estimate.
package preview
