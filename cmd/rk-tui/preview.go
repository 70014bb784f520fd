package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"time"

	"github.com/rk-tui/rk-tui/preview"
	"github.com/spf13/cobra"
)

type previewOptions struct {
	file         string
	format       format
	scenarioFile string
	profile      *profileFlags
	budget       *budgetFlags
	now          time.Time
}

func newPreviewCmd(s *Streams) *cobra.Command {
	opts := &previewOptions{}
	c := &cobra.Command{
		Use:   "preview FILE|DIR",
		Short: "Project the custom metrics a template creates and what they cost",
		Long: `Project how many billable Datadog custom metrics a template creates and what
that does to the monthly bill, before the breakpoint goes live. Every figure
is an estimate.

One custom metric is one combination of metric name, host and tag values;
histograms and timings count 5 per combination (--histogram-aggregates),
distributions 5 or 10 (--percentiles), events nothing. Billable volume is the
monthly average: a breakpoint live a tenth of the month costs a tenth. A
datadog operation submits through the API with no host, so all hosts share
its series; a dogstatsd operation goes through an Agent, which tags each point
with its host (--no-host-tag and --no-host-tag=false override both).

Billing (--billing-model): timeseries bills custom metrics over the allotment
at the indexed price (--price-per-100, an assumed $5 unless given) and, for
metrics with a tag configuration (x-rk-tui.metrics.NAME.tag_configuration),
ingested ones at $0.10 per 100; metric_name bills metric names and datapoints
at the contract's prices (--price-per-metric-name, --price-per-million-points).

Settings: x-rk-tui.profile over the repository's .rk-tui.json (found walking
up), the flags over both. Without --active-hours, aug.globalDisableAfterTime
sets the hours left; a tag key counts the distinct values the template gives
it unless --tag-values says. A scenario, --scenario FILE or x-rk-tui.scenario
(--hosts sets the file's aside), says which hosts report which values:
{"host_groups": [{"hosts": 2, "tags": {"status": ["a", "b"], "service": 3}}]}.

DIR: its templates (*.json with aug or processing) as one account against the
allotment of .rk-tui.json, a row per template and the total. Budgets
(--max-custom-metrics, --max-monthly-cost, --max-share, the "budget" of
.rk-tui.json or x-rk-tui.profile) print a line each when breached.

Exit status: 0 previewed, 1 validation errors (the template is previewed as
far as its metrics can be read) or a breached budget, 2 bad flags or files.`,
		Example: `  rk-tui preview checkout.json
  rk-tui preview checkout.json --hosts 12 --plan enterprise --existing 1800
  rk-tui preview checkout.json --tag-values status=3,region=5 --active-hours 168
  rk-tui preview checkout.json --scenario hosts.json --format markdown >> pr.md`,
		Args: cobra.ExactArgs(1),
	}
	opts.profile = addProfileFlags(c)
	opts.budget = addBudgetFlags(c, false)
	c.Flags().StringVar(&opts.scenarioFile, "scenario", "", "JSON file of host groups and the tag values they report")
	_ = c.MarkFlagFilename("scenario", "json")
	getFormat := addFormatFlag(c, formatText, formatMarkdown, formatJSON)
	c.RunE = func(c *cobra.Command, args []string) (err error) {
		if opts.format, err = getFormat(); err != nil {
			return err
		}
		opts.file, opts.now = args[0], time.Now()
		return previewRun(c.Context(), s, opts)
	}
	return c
}

func previewRun(ctx context.Context, s *Streams, opts *previewOptions) error {
	if opts.file == "-" && opts.scenarioFile == "-" {
		return usageError("FILE and --scenario cannot both be standard input (-); give the scenario as a file")
	}
	cfg, cfgFile, err := configFor([]string{opts.file})
	if err != nil {
		return err
	}
	if isDir(opts.file) {
		return previewAccount(ctx, s, opts, cfg, cfgFile)
	}
	tf, err := readTemplate(ctx, s, opts.file)
	if err != nil {
		return err
	}
	if tf.doc == nil {
		return tf.requireValid(s)
	}
	given, err := scenarioFlag(ctx, s, opts.scenarioFile, opts.profile.overrides())
	if err != nil {
		return err
	}
	v, err := estimateTemplate(s, tf, opts.now, cfg, opts.profile.overrides(), given)
	if err != nil {
		return err
	}
	if len(v.Input.Template.Metrics()) == 0 {
		tf.printErrors(s)
		return failure(fmt.Errorf("%s: the template has no datadog or dogstatsd metric to preview; add one (rk-tui new-template builds it)", tf.name))
	}
	text := preview.TextOptions{Width: s.outWidth(), Color: s.ColorOut(), Title: tf.name}
	err = render(s.Out, opts.format, func(w io.Writer) error { return preview.RenderJSON(w, v.Result) },
		func(w io.Writer) error { return preview.RenderMarkdown(w, v.Result, tf.name) },
		func(w io.Writer) error { return preview.RenderText(w, v.Result, text) })
	if err != nil {
		return err
	}
	if len(tf.errors()) > 0 {
		tf.printErrors(s)
		return findingsError()
	}
	return opts.budget.report(s.Err, v.Breaches(cfg, opts.budget.budget()), cfg, cfgFile)
}

// previewAccount previews the templates under a directory as one account.
func previewAccount(ctx context.Context, s *Streams, opts *previewOptions, cfg *preview.Config, cfgFile string) error {
	if opts.scenarioFile != "" {
		return usageError("--scenario describes one template's hosts; give a file, not a directory, with it (or put each scenario in its template's x-rk-tui.scenario)")
	}
	files, err := templateArgs(ctx, []string{opts.file})
	if err != nil {
		return err
	}
	e, err := estimateFiles(ctx, s, files, opts.now, cfg, opts.profile.overrides())
	if err != nil {
		return err
	}
	a, breaches, err := preview.AccountOf(e.versions, cfg, opts.profile.overrides(), opts.budget.budget())
	if err != nil {
		return overrideError(err)
	}
	err = render(s.Out, opts.format, func(w io.Writer) error { return preview.RenderAccountJSON(w, a, breaches) },
		func(w io.Writer) error { return preview.RenderAccountMarkdown(w, a) },
		func(w io.Writer) error { return preview.RenderAccountText(w, a) })
	if err != nil {
		return err
	}
	failed := e.report(s) // after the report, as the breaches
	return cmp.Or(opts.budget.report(s.Err, breaches, cfg, cfgFile), failed)
}
