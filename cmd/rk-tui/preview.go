package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
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
	width        int
	color        bool
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
monthly average: a breakpoint live a tenth of the month costs a tenth.

Hosts: a datadog operation submits through the API from where Rookout
processes the data, with no host, so all hosts share its series; a dogstatsd
operation goes through an Agent, which tags each point with its host, counted
as one per host. --no-host-tag and --no-host-tag=false override both.

Billing (--billing-model): timeseries bills custom metrics over the allotment
at the indexed price (--price-per-100, an assumed $5 unless given) and, for
metrics with a tag configuration (x-rk-tui.metrics.NAME.tag_configuration),
ingested ones at $0.10 per 100; metric_name bills metric names and datapoints
at the contract's prices (--price-per-metric-name, --price-per-million-points).

Settings come from x-rk-tui.profile in the file, then from flags, which win.
Without --active-hours, aug.globalDisableAfterTime sets the hours left. A tag
key's values default to the distinct values the template gives it
(--tag-values sets them). A scenario ({"host_groups": [{"hosts": 2, "tags":
{"status": ["success", "failure"], "service": 3}}]}) says which hosts report
which values: --scenario FILE, or x-rk-tui.scenario; --hosts sets the file's
aside.

FILE may be a directory: its templates (*.json with aug or processing) are
previewed as one account against the allotment of the repository's
.rk-tui.json (found walking up), which also gives every template's defaults.
Budgets (--max-custom-metrics, --max-monthly-cost, --max-share, the "budget"
of .rk-tui.json or x-rk-tui.profile) print a line each when breached.

A template with validation errors is still previewed when its metrics can be
read; the output says so and the exit status is 1.

Exit status: 0 previewed, 1 validation errors or a breached budget, 2 bad
flags or files.`,
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
	c.RunE = func(c *cobra.Command, args []string) error {
		f, err := getFormat()
		if err != nil {
			return err
		}
		opts.file, opts.format = args[0], f
		opts.now = time.Now()
		opts.color = s.ColorOut()
		opts.width = 80
		if n, err := strconv.Atoi(s.Getenv("COLUMNS")); err == nil && n >= 20 && s.OutTTY {
			opts.width = n
		}
		return previewRun(c.Context(), s, opts)
	}
	return c
}

func previewRun(ctx context.Context, s *Streams, opts *previewOptions) error {
	if opts.file == "-" && opts.scenarioFile == "-" {
		return usageError("FILE and --scenario cannot both be standard input (-); give the scenario as a file")
	}
	if isDir(opts.file) {
		return previewAccount(ctx, s, opts)
	}
	tf, err := readTemplate(ctx, s, opts.file)
	if err != nil {
		return err
	}
	if tf.doc == nil {
		return tf.requireValid(s)
	}
	cfg, err := configFor([]string{opts.file})
	if err != nil {
		return err
	}
	o := opts.profile.overrides()
	var given *preview.Scenario
	if opts.scenarioFile != "" {
		if err := preview.CheckScenarioOverride(o); err != nil {
			return overrideError(err)
		}
		if given, err = readScenarioFile(ctx, s, opts.scenarioFile); err != nil {
			return err
		}
	}
	v, err := estimateTemplate(s, tf, opts.now, cfg, o, given)
	if err != nil {
		return err
	}
	if len(v.Input.Template.Metrics()) == 0 {
		tf.printErrors(s)
		return failure(fmt.Errorf("%s: the template has no datadog or dogstatsd metric to preview; add one (rk-tui new-template builds it)", tf.name))
	}
	err = render(s.Out, opts.format, func(w io.Writer) error { return preview.RenderJSON(w, v.Result) },
		func(w io.Writer) error { return preview.RenderMarkdown(w, v.Result, tf.name) },
		func(w io.Writer) error {
			return preview.RenderText(w, v.Result, preview.TextOptions{Width: opts.width, Color: opts.color, Title: tf.name})
		})
	if err != nil {
		return err
	}
	if len(tf.errors()) > 0 {
		tf.printErrors(s)
		return findingsError()
	}
	return printBreaches(s.Err, v.Breaches(cfg, opts.budget.budget()))
}

// previewAccount previews every template under a directory as one
// account: a row per template, the total against one allotment.
func previewAccount(ctx context.Context, s *Streams, opts *previewOptions) error {
	if opts.scenarioFile != "" {
		return usageError("--scenario describes one template's hosts; give a file, not a directory, with it (or put each scenario in its template's x-rk-tui.scenario)")
	}
	files, err := templateArgs(ctx, []string{opts.file})
	if err != nil {
		return err
	}
	cfg, err := configFor([]string{opts.file})
	if err != nil {
		return err
	}
	o := opts.profile.overrides()
	var vs []preview.Version
	var unread []error
	var invalid []*templateFile // estimated as far as their metrics can be read
	for _, path := range files {
		tf, err := readTemplate(ctx, s, path)
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case err != nil:
			unread = append(unread, err)
			continue
		case len(tf.errors()) > 0:
			invalid = append(invalid, tf)
		}
		if tf.doc == nil {
			continue
		}
		v, err := estimateTemplate(s, tf, opts.now, cfg, o, nil)
		if err != nil {
			return err
		}
		vs = append(vs, v)
	}
	a, breaches, err := preview.AccountOf(vs, cfg, o, opts.budget.budget())
	if err != nil {
		return overrideError(err)
	}
	err = render(s.Out, opts.format, func(w io.Writer) error { return preview.RenderAccountJSON(w, a, breaches) },
		func(w io.Writer) error { return preview.RenderAccountMarkdown(w, a) },
		func(w io.Writer) error { return preview.RenderAccountText(w, a) })
	if err != nil {
		return err
	}
	for _, e := range unread {
		fmt.Fprintln(s.Err, "rk-tui: "+e.Error())
	}
	for _, tf := range invalid {
		tf.printErrors(s)
	}
	if printBreaches(s.Err, breaches) != nil || len(invalid) > 0 || len(unread) > 0 {
		return findingsError()
	}
	return nil
}
