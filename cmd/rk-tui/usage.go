package main

import (
	"cmp"
	"context"
	"fmt"
	"time"

	"github.com/rk-tui/rk-tui/preview"
	"github.com/rk-tui/rk-tui/sender"
	"github.com/rk-tui/rk-tui/template"
	"github.com/spf13/cobra"
)

type usageOptions struct {
	file         string
	conn         *connFlags
	requests     *requestFlags
	writeProfile bool
	format       format
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
of rk-tui preview, per metric. A metric Datadog does not have shows as "not
yet": normal for a template that has not run.

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
	opts.requests = addRequestFlags(f)
	f.BoolVar(&opts.writeProfile, "write-profile", false, "write the tag values seen and the account's existing custom metrics into FILE's x-rk-tui.profile")
	getFormat := addFormatFlag(c, formatText, formatJSON)
	c.RunE = func(c *cobra.Command, args []string) (err error) {
		opts.file = args[0]
		if opts.format, err = getFormat(); err != nil {
			return err
		}
		return usageRun(c.Context(), s, opts)
	}
	return c
}

// usageReport is what --format json prints.
type usageReport struct {
	File string `json:"file"`
	// Metrics set the projection (rk-tui preview's custom metrics while
	// live) beside what Datadog has now, per metric.
	Metrics []preview.LiveRow `json:"metrics,omitempty"`
	Usage   *sender.Usage     `json:"usage,omitempty"`
	// Profile is what the live values change in x-rk-tui.profile; written
	// into the file with --write-profile.
	Profile      *sender.Prefill   `json:"profile,omitempty"`
	WroteProfile bool              `json:"wrote_profile"`
	Error        *sender.ErrorInfo `json:"error,omitempty"`
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
	in, err := preview.ReadInput(t.doc, time.Now())
	if f, ok := preview.SettingFinding(t.doc, err); ok {
		return usageError("%s:%d:%d: %s (at %s); fix it in the file", t.name, f.Line, f.Column, f.Message, f.Path)
	} else if err != nil {
		return usageError("%s: %v; fix it in the file", t.name, err)
	}
	o, err := opts.conn.options(s)
	if err != nil {
		return err
	}
	opts.requests.apply(s, &o)
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
	pre := u.Prefill(in.Profile.TagValues, in.Profile.Existing)
	live := liveOf(u, pre)
	if opts.writeProfile && !pre.Empty() {
		doc, err := preview.WriteProfileValues(t.doc, live.Prefill)
		if err != nil {
			return ioError(fmt.Errorf("%s: %w", t.name, err))
		}
		if err := template.WriteFile(opts.file, doc.Bytes(), 0o644, true); err != nil {
			return ioError(err)
		}
		out.WroteProfile, live.Wrote = true, true
	}
	c := preview.CompareLive(t.name, in, live)
	out.Usage, out.Metrics, out.Profile = u, c.Rows, &pre
	if u.AccountError != "" {
		fmt.Fprintf(s.Err, "warning: the account's custom metrics could not be read, so existing is not known: %s\n", template.SafeLine(u.AccountError))
	}
	if opts.format == formatJSON {
		return writeReport(s.Out, out, nil)
	}
	return ioErrorOrNil(preview.RenderLiveText(s.Out, c))
}

// liveOf is what preview needs of the usage read, and the prefill.
func liveOf(u *sender.Usage, pre sender.Prefill) preview.Live {
	live := preview.Live{Where: cmp.Or(u.APIURL, "site "+u.Site), FetchedAt: u.FetchedAt, TagWindow: sender.TagWindow, TemplateValues: u.TemplateValues,
		Notes: u.Notes, Prefill: preview.ProfileValues{TagValues: pre.TagValues, Existing: pre.Existing}}
	for _, m := range u.Metrics {
		live.Metrics = append(live.Metrics, preview.LiveMetric{Index: m.Index, Exists: m.Exists, Indexed: m.Indexed, Ingested: m.Ingested, Estimate: m.Estimate, TagValues: m.TagValues})
	}
	if a := u.Account; a != nil {
		live.Account = &preview.LiveAccount{Month: a.Month, CustomMetrics: a.CustomMetrics, TemplateMetrics: a.TemplateMetrics,
			Existing: a.Existing, Complete: a.Complete, Pages: sender.MaxUsagePages}
	}
	return live
}
