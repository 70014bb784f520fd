package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/rk-tui/rk-tui/preview"
	"github.com/rk-tui/rk-tui/template"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

type previewOptions struct {
	file         string
	format       format
	scenarioFile string
	// changed reports whether the user gave a flag (flags beat the file).
	changed func(name string) bool
	flags   profileFlags
	now     time.Time
	width   int
	color   bool
}

// profileFlags hold the profile overrides of the command line.
type profileFlags struct {
	hosts, accountHosts, allotmentPerHost, existing, histogramAggregates wholeFlag
	price, activeHours                                                   realFlag
	plan                                                                 string
	noHostTag, percentiles                                               bool
	tagValues                                                            tagValuesFlag
}

// flagOfField is the flag that overrides each profile setting.
var flagOfField = map[string]string{
	"hosts": "hosts", "host_tag": "no-host-tag", "account_hosts": "account-hosts", "plan": "plan",
	"allotment_per_host": "allotment-per-host", "existing": "existing", "price_per_100": "price-per-100",
	"active_hours": "active-hours", "tag_values": "tag-values", "histogram_aggregates": "histogram-aggregates",
	"percentiles": "percentiles",
}

func newPreviewCmd(s *Streams) *cobra.Command {
	opts := &previewOptions{}
	f := &opts.flags
	f.hosts.min, f.accountHosts.min, f.allotmentPerHost.min, f.histogramAggregates.min = 1, 1, 1, 1
	c := &cobra.Command{
		Use:   "preview FILE",
		Short: "Project the custom metrics a template creates and what they cost",
		Long: `Project how many billable Datadog custom metrics a template creates and what
that does to the monthly bill, before the breakpoint goes live.

One custom metric is one combination of metric name, host and tag values.
Histograms and timings count 5 per combination (--histogram-aggregates),
distributions 5 or 10 (--percentiles), events nothing. Billable volume is
the monthly average, so a breakpoint live a tenth of the month costs a tenth.
The cost is an estimate at list price; contracts differ.

Settings come from x-rk-tui.profile in the file, then from flags, which win.
Without --active-hours, a template with aug.globalDisableAfterTime counts
the hours from now until then. A tag key's number of values defaults to the
distinct values the template gives it; set real numbers with --tag-values.

A scenario says which hosts report which tag values, when not every host
reports every combination:
  {"host_groups": [{"hosts": 2, "tags": {"status": ["success", "failure"], "service": 3}}]}
It comes from --scenario FILE, or from x-rk-tui.scenario in the template. The
hosts of a scenario replace --hosts; giving --hosts ignores the file's one.

A template with validation errors is still previewed when its metrics can be
read; the output says so and the exit status is 1.

Exit status: 0 previewed, 1 the template has validation errors, 2 bad flags
or files.`,
		Example: `  rk-tui preview checkout.json
  rk-tui preview checkout.json --hosts 12 --plan enterprise --existing 1800
  rk-tui preview checkout.json --tag-values status=3,region=5 --active-hours 168
  rk-tui preview checkout.json --scenario hosts.json --format markdown >> pr.md`,
		Args: cobra.ExactArgs(1),
	}
	fl := c.Flags()
	fl.Var(&f.hosts, "hosts", "hosts the breakpoint runs on (default 1)")
	fl.BoolVar(&f.noHostTag, "no-host-tag", false, "series are not split per host (no host tag)")
	fl.Var(&f.accountHosts, "account-hosts", "hosts the allotment is pooled over (default: the breakpoint's hosts)")
	fl.StringVar(&f.plan, "plan", "", "Datadog plan: pro (100 custom metrics per host) or enterprise (200) (default pro)")
	fl.Var(&f.allotmentPerHost, "allotment-per-host", "custom metrics allotted per host, instead of the plan's")
	fl.Var(&f.existing, "existing", "custom metrics the account has already (default 0)")
	fl.Var(&f.price, "price-per-100", "USD per 100 custom metrics over the allotment per month (default 5.00)")
	fl.Var(&f.activeHours, "active-hours", "hours this month the breakpoint is live (default 730, or until aug.globalDisableAfterTime)")
	fl.Var(&f.tagValues, "tag-values", "expected distinct values per tag key, e.g. status=3,region=5")
	fl.StringVar(&opts.scenarioFile, "scenario", "", "JSON file of host groups and the tag values they report")
	fl.Var(&f.histogramAggregates, "histogram-aggregates", "custom metrics per histogram or timing series (default 5)")
	fl.BoolVar(&f.percentiles, "percentiles", false, "distributions keep percentiles (10 custom metrics per series, not 5)")
	_ = c.RegisterFlagCompletionFunc("plan", cobra.FixedCompletions([]string{"pro", "enterprise"}, cobra.ShellCompDirectiveNoFileComp))
	_ = c.MarkFlagFilename("scenario", "json")
	getFormat := addFormatFlag(c, formatText, formatMarkdown, formatJSON)
	c.RunE = func(c *cobra.Command, args []string) error {
		f, err := getFormat()
		if err != nil {
			return err
		}
		opts.file, opts.format = args[0], f
		opts.changed = c.Flags().Changed
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
	tf, err := readTemplate(ctx, s, opts.file)
	if err != nil {
		return err
	}
	if tf.doc == nil {
		return tf.requireValid(s)
	}
	name, doc, errs := tf.name, tf.doc, tf.errors()

	p, err := preview.ProfileFrom(doc, opts.now)
	if err != nil {
		return profileFileError(name, doc, err)
	}
	if err := applyProfileFlags(&p, opts); err != nil {
		return err
	}
	sc, err := previewScenario(ctx, s, name, doc, opts)
	if err != nil {
		return err
	}

	t := template.Read(doc)
	if len(t.Metrics()) == 0 {
		writeErrorFindings(s.Err, palette{on: s.ColorErr()}, name, errs)
		return failure(fmt.Errorf("%s: the template has no datadog or dogstatsd metric to preview; add one (rk-tui new-template builds it)", name))
	}
	r := preview.Estimate(t, preview.MetaOf(doc), p, sc)
	if len(errs) > 0 {
		first := errs[0]
		r.Warnings = append([]preview.Warning{{
			Code: "template-invalid",
			Message: fmt.Sprintf("the template has %s (the first at %d:%d: %s); the figures count the metrics that could be read; run rk-tui validate %s",
				plural(len(errs), "validation error", "validation errors"), first.Line, first.Column, first.Message, name),
			Path: first.Path,
		}}, r.Warnings...)
	}

	switch opts.format {
	case formatJSON:
		err = preview.RenderJSON(s.Out, r)
	case formatMarkdown:
		err = preview.RenderMarkdown(s.Out, r, name)
	default:
		err = preview.RenderText(s.Out, r, preview.TextOptions{Width: opts.width, Color: opts.color, Title: name})
	}
	if err != nil {
		return ioError(err)
	}
	if len(errs) > 0 {
		writeErrorFindings(s.Err, palette{on: s.ColorErr()}, name, errs)
		return findingsError()
	}
	return nil
}

// profileFileError places a bad x-rk-tui.profile value in the file.
func profileFileError(name string, doc *template.Document, err error) error {
	var fe *preview.FieldError
	if !errors.As(err, &fe) || fe.Path == "" {
		return usageError("%s: %v", name, err)
	}
	line, col := doc.Position(fe.Path)
	hint := "fix it in the file"
	if fl, ok := flagOfField[fe.Field]; ok {
		hint += " or override it with --" + fl
	}
	return usageError("%s:%d:%d: %s; %s", name, line, col, fe.Error(), hint)
}

// applyProfileFlags writes the flags the user gave over the profile and
// checks the result, naming the flag at fault.
func applyProfileFlags(p *preview.Profile, opts *previewOptions) error {
	f, changed := &opts.flags, opts.changed
	if changed("hosts") {
		p.Hosts = f.hosts.v
	}
	if changed("no-host-tag") {
		p.HostTag = !f.noHostTag
	}
	if changed("account-hosts") {
		p.AccountHosts = f.accountHosts.v
	}
	if changed("plan") {
		plan := preview.Plan(strings.ToLower(strings.TrimSpace(f.plan)))
		if plan != preview.PlanPro && plan != preview.PlanEnterprise {
			return usageError("--plan %q is not a plan; give pro (100 custom metrics per host) or enterprise (200), or --allotment-per-host N for another allotment", f.plan)
		}
		p.Plan = plan
		if !changed("allotment-per-host") {
			p.AllotmentPerHost = 0 // the plan asked for on the command line wins over the file's allotment
		}
	}
	if changed("allotment-per-host") {
		p.AllotmentPerHost = f.allotmentPerHost.v
	}
	if changed("existing") {
		p.Existing = f.existing.v
	}
	if changed("price-per-100") {
		p.PricePer100 = f.price.v
	}
	if changed("active-hours") {
		p.ActiveHours, p.ActiveHoursNote = f.activeHours.v, ""
	}
	if changed("tag-values") {
		tv := make(map[string]uint64, len(p.TagValues)+len(f.tagValues.m))
		for k, n := range p.TagValues {
			tv[k] = n
		}
		for k, n := range f.tagValues.m {
			tv[k] = n
		}
		p.TagValues = tv
	}
	if changed("histogram-aggregates") {
		p.HistogramAggregates = f.histogramAggregates.v
	}
	if changed("percentiles") {
		p.Percentiles = f.percentiles
	}
	if err := p.Check(); err != nil {
		var fe *preview.FieldError
		if errors.As(err, &fe) {
			if fl, ok := flagOfField[fe.Field]; ok && changed(fl) {
				return usageError("--%s: %s %s", fl, fe.Field, fe.Msg)
			}
		}
		return usageError("%v", err)
	}
	return nil
}

// previewScenario picks the scenario: --scenario FILE, else the file's
// x-rk-tui.scenario unless --hosts overrides it, else none.
func previewScenario(ctx context.Context, s *Streams, name string, doc *template.Document, opts *previewOptions) (*preview.Scenario, error) {
	if opts.scenarioFile != "" {
		if opts.changed("hosts") {
			return nil, usageError("--hosts and --scenario both say how many hosts run the breakpoint; give one (a scenario's hosts are the sum of its host groups)")
		}
		data, err := template.ReadLimited(ctx, opts.scenarioFile, s.In, template.MaxSize)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, usageError("--scenario: %v", err)
		}
		sc, err := preview.ParseScenario(data)
		if err != nil {
			return nil, usageError("--scenario %s:%v", template.DisplayName(opts.scenarioFile), scenarioPlace(err))
		}
		return sc, nil
	}
	sc, err := preview.ScenarioFrom(doc)
	if err != nil {
		return nil, usageError("%s:%v", name, scenarioPlace(err))
	}
	if sc != nil && opts.changed("hosts") {
		fmt.Fprintf(s.Err, "rk-tui: %s: --hosts given, so the file's %s is not used\n", name, preview.ScenarioPath)
		return nil, nil
	}
	return sc, nil
}

// scenarioPlace formats a scenario error as "line:col: path msg".
func scenarioPlace(err error) string {
	var se *preview.ScenarioError
	if errors.As(err, &se) && se.Line == 0 {
		return " " + se.Error()
	}
	return err.Error()
}

func writeErrorFindings(w io.Writer, p palette, name string, errs []template.Finding) {
	for _, f := range errs {
		fmt.Fprintf(w, "%s:%d:%d: %s [%s] %s\n", p.bold(name), f.Line, f.Column, p.red("error"), f.Code, f.Message)
	}
}

// wholeFlag is a whole-number flag with a lower bound and a plain message.
type wholeFlag struct {
	v   uint64
	min uint64
}

func (f *wholeFlag) String() string { return strconv.FormatUint(f.v, 10) }
func (f *wholeFlag) Type() string   { return "N" }
func (f *wholeFlag) Set(s string) error {
	n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
	if err != nil || n < f.min {
		return fmt.Errorf("give a whole number, %d or more", f.min)
	}
	f.v = n
	return nil
}

// realFlag is a number flag of 0 or more.
type realFlag struct{ v float64 }

func (f *realFlag) String() string { return strconv.FormatFloat(f.v, 'f', -1, 64) }
func (f *realFlag) Type() string   { return "N" }
func (f *realFlag) Set(s string) error {
	n, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) || n < 0 {
		return fmt.Errorf("give a number, 0 or more, such as 5.00")
	}
	f.v = n
	return nil
}

// tagValuesFlag collects key=N pairs; it may be repeated.
type tagValuesFlag struct{ m map[string]uint64 }

func (f *tagValuesFlag) Type() string { return "key=N,..." }
func (f *tagValuesFlag) String() string {
	if len(f.m) == 0 {
		return ""
	}
	var parts []string
	for k, n := range f.m {
		parts = append(parts, k+"="+strconv.FormatUint(n, 10))
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}
func (f *tagValuesFlag) Set(s string) error {
	if f.m == nil {
		f.m = map[string]uint64{}
	}
	for _, pair := range strings.Split(s, ",") {
		pair = strings.TrimSpace(pair)
		if pair == "" {
			continue
		}
		k, v, ok := strings.Cut(pair, "=")
		key := template.NormalizeTag(strings.TrimSpace(k))
		if !ok || key == "" || strings.Contains(key, ":") {
			return fmt.Errorf("%q is not key=N; write the tag key and its expected distinct values, e.g. status=3", pair)
		}
		n, err := strconv.ParseUint(strings.TrimSpace(v), 10, 64)
		if err != nil || n < 1 {
			return fmt.Errorf("%q: the number of values of %s must be a whole number, 1 or more, e.g. %s=3", pair, key, key)
		}
		f.m[key] = n
	}
	return nil
}

var _ pflag.Value = (*tagValuesFlag)(nil)
