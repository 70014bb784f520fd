package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/rk-tui/rk-tui/preview"
	"github.com/rk-tui/rk-tui/sender"
	"github.com/rk-tui/rk-tui/template"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

type usageOptions struct {
	file         string
	conn         *connFlags
	noValidate   bool
	writeProfile bool
	timeout      time.Duration
	retries      int
	format       format
	flags        *pflag.FlagSet
}

func newUsageCmd(s *Streams) *cobra.Command {
	opts := &usageOptions{}
	c := &cobra.Command{
		Use:   "usage FILE",
		Short: "Compare a template's projected custom metrics with what the Datadog account has now",
		Long: `Read, for each metric of a template that already exists in Datadog, its current
indexed and ingested volume, the tag values seen on it and Datadog's estimate
for a tag configuration of the template's tag keys, and, for the account, its
custom metrics by hourly average this month. Print them beside the projection
of rk-tui preview, per metric.

A metric that does not exist yet is normal for a template that has not run:
it shows as "not in Datadog yet".

The tag values seen prefill the cost profile: the command prints the
x-rk-tui.profile object to add to the file, with the account's existing custom
metrics; --write-profile writes it into FILE (a tag key's value is only ever
raised: a larger number you set stays).

Needs DD_API_KEY and DD_APP_KEY, an application key whose user has the Metrics
Read and Usage Read permissions; neither is taken from a flag, and both are
shown masked.

Environment: DD_API_KEY, DD_APP_KEY, DD_SITE.
Exit status: 0 read, 1 the template has errors or Datadog refused or failed,
2 a bad flag or setting (such as no DD_APP_KEY) or an unreadable file,
130 interrupted.`,
		Example: `  DD_API_KEY=... DD_APP_KEY=... rk-tui usage checkout.json
  rk-tui usage checkout.json --site datadoghq.eu --format json
  rk-tui usage checkout.json --write-profile && rk-tui preview checkout.json`,
		Args: cobra.ExactArgs(1),
	}
	f := c.Flags()
	opts.conn = addConnFlags(f)
	_ = f.MarkHidden("agent") // usage reads the HTTP API only
	f.BoolVar(&opts.noValidate, "no-validate", false, "skip the API key check (GET /api/v1/validate)")
	f.BoolVar(&opts.writeProfile, "write-profile", false, "write the tag values seen and the account's existing custom metrics into FILE's x-rk-tui.profile")
	f.DurationVar(&opts.timeout, "timeout", sender.DefaultTimeout, "time limit of each HTTP request (1ms to 10m)")
	f.IntVar(&opts.retries, "retries", sender.DefaultRetry.MaxAttempts-1, fmt.Sprintf("retries of a request answered 429 or 5xx (0 to %d), with back-off, within 30s", sender.MaxRetries))
	getFormat := addFormatFlag(c, formatText, formatJSON)
	c.RunE = func(c *cobra.Command, args []string) (err error) {
		opts.file, opts.flags = args[0], c.Flags()
		if opts.format, err = getFormat(); err != nil {
			return err
		}
		return usageRun(c.Context(), s, opts)
	}
	return c
}

// The commands that reach Datadog (send, usage) share what follows: their
// flags are named as the sender's settings, they print progress alike, and
// map the sender's errors to exit codes alike.

// flagNamer names a sender setting by the flag of that name, for the
// sender's messages ("" when the command has no such flag).
func flagNamer(flags *pflag.FlagSet) func(setting string) string {
	return func(setting string) string {
		if setting == sender.SettingValidate && flags.Lookup("no-validate") != nil {
			return "--no-validate"
		}
		if flags.Lookup(setting) != nil {
			return "--" + setting
		}
		return ""
	}
}

// progressTo prints the sender's progress on a terminal's stderr; off a
// terminal only its retries, which are worth a line in a CI log too.
func progressTo(s *Streams) func(string) {
	return func(msg string) {
		if s.ErrTTY || strings.Contains(msg, "retrying") {
			fmt.Fprintln(s.Err, palette{on: s.ColorErr()}.dim(msg))
		}
	}
}

// senderExit describes a sender error for --format json and picks the exit
// code: 130 (and the like) interrupted, 2 a setting to fix (nothing was
// done: done says what), 1 a failure.
func senderExit(err error, done string) (*sender.ErrorInfo, error) {
	info := sender.DescribeError(err)
	switch {
	case info.Interrupted():
		return info, err // run says "interrupted" and exits 130
	case info.Config():
		return info, usageError("%v; %s", err, done)
	}
	return info, failure(err)
}

// writeReport prints a --format json report, then returns exit unless the
// write failed.
func writeReport(w io.Writer, v any, exit error) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return ioError(err)
	}
	return exit
}

// usageReport is what --format json prints.
type usageReport struct {
	File string `json:"file"`
	// Metrics set the projection (rk-tui preview's custom metrics while
	// live) beside what Datadog has now, per metric.
	Metrics []usageRow    `json:"metrics,omitempty"`
	Usage   *sender.Usage `json:"usage,omitempty"`
	// Profile is what the live values change in x-rk-tui.profile; written
	// into the file with --write-profile.
	Profile      *sender.Prefill   `json:"profile,omitempty"`
	WroteProfile bool              `json:"wrote_profile"`
	Error        *sender.ErrorInfo `json:"error,omitempty"`
}

type usageRow struct {
	Name      string        `json:"name"`
	Type      string        `json:"type"`
	Projected preview.Count `json:"projected"`
	Exists    bool          `json:"exists"`
	Live      int64         `json:"live"`
	Ingested  int64         `json:"ingested"`
	Estimate  *int64        `json:"estimate,omitempty"`
}

func usageRun(ctx context.Context, s *Streams, opts *usageOptions) error {
	if opts.writeProfile && opts.file == "-" {
		return usageError("--write-profile writes into FILE, and standard input is no file; give the template's path")
	}
	t, err := readTemplate(ctx, s, opts.file)
	if err != nil {
		return err
	}
	if t.doc == nil || len(t.errors()) > 0 {
		return t.requireValid(s)
	}
	profile, err := preview.ProfileFrom(t.doc, time.Now())
	if err != nil {
		return usageError("%s: %v; fix it in the file (rk-tui preview says where)", t.name, err)
	}
	scenario, err := preview.ScenarioFrom(t.doc)
	if err != nil {
		return usageError("%s: %v; fix it in the file (rk-tui preview says where)", t.name, err)
	}
	view := template.Read(t.doc)
	projected := preview.Estimate(view, preview.MetaOf(t.doc), profile, scenario)

	o, err := opts.conn.options(s)
	if err != nil {
		return err
	}
	o.SkipValidate, o.SettingName, o.Progress = opts.noValidate, flagNamer(opts.flags), progressTo(s)
	if opts.flags.Changed("timeout") {
		o.Timeout = &opts.timeout
	}
	if opts.flags.Changed("retries") {
		o.Retry = sender.Retries(opts.retries)
	}
	out := usageReport{File: t.name}
	u, err := sender.FetchUsage(ctx, t.doc, o)
	if err != nil {
		var exit error
		out.Error, exit = senderExit(err, "nothing was read")
		if opts.format == formatJSON {
			return writeReport(s.Out, out, exit)
		}
		return exit
	}
	out.Usage, out.Metrics = u, usageRows(projected, u)
	pre := u.Prefill(profile.TagValues, profile.Existing)
	out.Profile = &pre
	if opts.writeProfile && !pre.Empty() {
		if err := writeProfile(opts.file, t.doc, out.Profile); err != nil {
			return ioError(err)
		}
		out.WroteProfile = true
	}
	if u.AccountError != "" {
		fmt.Fprintf(s.Err, "warning: the account's custom metrics could not be read, so existing is not known: %s\n", template.SafeLine(u.AccountError))
	}
	if opts.format == formatJSON {
		return writeReport(s.Out, out, nil)
	}
	live := profile
	live.TagValues = mergeTagValues(profile.TagValues, out.Profile.TagValues)
	if out.Profile.Existing != nil {
		live.Existing = *out.Profile.Existing
	}
	text := usageText(t.name, out, projected, preview.Estimate(view, preview.MetaOf(t.doc), live, scenario), profile)
	_, err = io.WriteString(s.Out, text)
	return ioErrorOrNil(err)
}

// usageRows pairs each metric's projection with its live usage.
func usageRows(r preview.Result, u *sender.Usage) []usageRow {
	byIndex := map[int]sender.MetricUsage{}
	for _, m := range u.Metrics {
		byIndex[m.Index] = m
	}
	var rows []usageRow
	for _, m := range r.Metrics {
		mu, ok := byIndex[m.Index]
		if !ok {
			continue // an event: it stores nothing
		}
		rows = append(rows, usageRow{Name: m.Name, Type: m.Type, Projected: m.CustomMetrics, Exists: mu.Exists, Live: mu.Indexed, Ingested: mu.Ingested, Estimate: mu.Estimate})
	}
	return rows
}

func mergeTagValues(a, b map[string]uint64) map[string]uint64 {
	out := make(map[string]uint64, len(a)+len(b))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// writeProfile writes the prefill into the file's x-rk-tui.profile, each
// value an edit of the file's own bytes, atomically.
func writeProfile(path string, doc *template.Document, p *sender.Prefill) error {
	doc = doc.Clone()
	for _, k := range sortedKeys(p.TagValues) {
		if err := doc.Set(preview.ProfilePath+".tag_values."+template.Key(k), p.TagValues[k]); err != nil {
			return fmt.Errorf("%s: write tag_values.%s: %w", template.DisplayName(path), template.SafeLine(k), err)
		}
	}
	if p.Existing != nil {
		if err := doc.Set(preview.ProfilePath+".existing", *p.Existing); err != nil {
			return fmt.Errorf("%s: write existing: %w", template.DisplayName(path), err)
		}
	}
	return template.WriteFile(path, doc.Bytes(), 0o644, true)
}

func sortedKeys(m map[string]uint64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// usageText sets projection and usage side by side, then the tag values
// and the account, then what to put in the profile. Names and tags are
// escaped: they come from the template and from Datadog.
func usageText(name string, r usageReport, projected, live preview.Result, profile preview.Profile) string {
	u := r.Usage
	var b strings.Builder
	where := "site " + u.Site
	if u.APIURL != "" {
		where = u.APIURL
	}
	fmt.Fprintf(&b, "Projected and live custom metrics of %s (%s, read %s)\n\n", name, template.SafeLine(where), u.FetchedAt.UTC().Format("2006-01-02 15:04 MST"))
	tw := tabwriter.NewWriter(&b, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "  METRIC\tTYPE\tPROJECTED\tLIVE NOW\tINGESTED\tESTIMATE*")
	missing := 0
	for _, row := range r.Metrics {
		if !row.Exists {
			missing++
			fmt.Fprintf(tw, "  %s\t%s\t%s\tnot yet\t-\t-\n", template.SafeLine(row.Name), template.SafeLine(row.Type), row.Projected.Human())
			continue
		}
		est := "-"
		if row.Estimate != nil {
			est = fmt.Sprint(*row.Estimate)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%d\t%d\t%s\n", template.SafeLine(row.Name), template.SafeLine(row.Type), row.Projected.Human(), row.Live, row.Ingested, est)
	}
	tw.Flush()
	b.WriteString("\nProjected: custom metrics while live, from the file's profile (rk-tui preview). Live now: the\n" +
		"series Datadog indexes, hourly average over the last hour; ingested differs only with a tag\n" +
		"configuration. *Estimate: Datadog's estimate with a tag configuration of the template's tag keys.\n")
	if missing > 0 {
		fmt.Fprintf(&b, "Not yet: Datadog has no such metric (%d of %d): normal for a template that has not run.\n", missing, len(r.Metrics))
	}

	seen := map[string]uint64{}
	for _, m := range u.Metrics {
		for k, n := range m.TagValues {
			seen[k] = max(seen[k], n)
		}
	}
	if len(seen) > 0 {
		fmt.Fprintf(&b, "\nTag values seen in the last %d hours:\n", int(sender.TagWindow/time.Hour))
		for _, k := range sortedKeys(seen) {
			note := "not a tag of the template"
			if n, ok := profile.TagValues[k]; ok {
				note = fmt.Sprintf("the projection counts %d (tag_values)", n)
			} else if n, ok := u.TemplateValues[k]; ok {
				note = fmt.Sprintf("the projection counts %d (the template's own values)", n)
			}
			if k == "host" {
				note = fmt.Sprintf("hosts: the profile counts %s (hosts)", plural(int(min(profile.Hosts, 1<<31)), "host", "hosts"))
			}
			fmt.Fprintf(&b, "  %-12s %6d   %s\n", template.SafeLine(k), seen[k], note)
		}
	}
	if a := u.Account; a != nil {
		fmt.Fprintf(&b, "\nAccount: %d custom metrics an hour on average in %s, %d of them this template's: existing is %d (the profile says %d).\n",
			a.CustomMetrics, a.Month.Format("January 2006"), a.TemplateMetrics, a.Existing, profile.Existing)
		if !a.Complete {
			fmt.Fprintf(&b, "  (the account has more custom metrics than the %d pages read: these are lower bounds)\n", sender.MaxUsagePages)
		}
	}
	fmt.Fprintf(&b, "\nWith the file's profile: %s\n", projected.Headline())
	if !r.Profile.Empty() {
		fmt.Fprintf(&b, "With the live values:    %s\n", live.Headline())
		snippet, _ := json.Marshal(map[string]any{"x-rk-tui": map[string]any{"profile": r.Profile}})
		if r.WroteProfile {
			fmt.Fprintf(&b, "\nWrote into %s: %s\n", name, template.SafeLine(string(snippet)))
		} else {
			fmt.Fprintf(&b, "\nTo use the live values, merge into %s (or run again with --write-profile):\n  %s\n", name, template.SafeLine(string(snippet)))
		}
	}
	if len(u.Notes) > 0 {
		b.WriteString("\nNotes:\n")
		for _, n := range u.Notes {
			fmt.Fprintf(&b, "  - %s\n", template.SafeLine(n))
		}
	}
	return b.String()
}
