package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rk-tui/rk-tui/sender"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// sendOptions are the flags, named as the sender's settings (points,
// interval, ...), so a message about a setting names its flag (flagNamer).
type sendOptions struct {
	file, host, apiKeyFile string
	dryRun                 bool
	value                  float64
	interval               time.Duration
	points                 int
	conn                   *connFlags
	requests               *requestFlags
	format                 format
	flags                  *pflag.FlagSet
}

func newSendCmd(s *Streams) *cobra.Command {
	opts := &sendOptions{}
	c := &cobra.Command{
		Use:   "send FILE",
		Short: "Dry-run or send test points of a template to Datadog",
		Long: `Send test points of a template, so you see its metrics arrive in Datadog under
the right name, type and tags before you place the breakpoint. They carry the
template's tags and none of their own, so they create no extra series.

A "datadog" operation goes to the metrics intake (POST /api/v2/series) through
Datadog's Go client, gzip-compressed, split under the intake's size limits,
after a key check. A "dogstatsd" operation goes to the Datadog Agent over UDP,
paced, its points --interval apart. --dry-run connects to nothing and prints
the exact requests or datagram lines a send would write.

The API key comes from DD_API_KEY or --api-key-file, never from a flag (shell
history, ps), and is never printed: the dry-run shows it masked.

Environment: DD_API_KEY, DD_SITE, DD_AGENT_HOST, DD_DOGSTATSD_PORT.
Exit status: 0 sent (or dry-run shown), 1 the template has errors or the send
failed, 2 a bad flag, setting or unreadable file, 130 interrupted.`,
		Example: `  rk-tui send checkout.json --dry-run
  DD_API_KEY=... rk-tui send checkout.json --site datadoghq.eu
  rk-tui send checkout.json --api-key-file ~/.dd-key --points 6 --interval 10s
  rk-tui send calls.json --agent 127.0.0.1:8125 --value 3
  rk-tui send checkout.json --api-url http://127.0.0.1:8080 --no-validate --format json`,
		Args: cobra.ExactArgs(1),
	}
	f := c.Flags()
	f.BoolVar(&opts.dryRun, "dry-run", false, "print the exact requests or datagram lines; connect to nothing")
	f.Float64Var(&opts.value, "value", 0, "value of every test point (unset: a dogstatsd operation's constant value, else 1)")
	f.DurationVar(&opts.interval, "interval", 0, "spacing of the points (1s to 1h), and the interval of count and rate series (unset: the metric's x-rk-tui interval, else 10s)")
	f.IntVar(&opts.points, "points", 1, fmt.Sprintf("points per metric (1 to %d), --interval apart: API points back-dated so a graph shows at once, DogStatsD points sent that far apart", sender.MaxPoints))
	f.StringVar(&opts.host, "host", "", "host of the API series (adds a host resource; the host counts in the custom-metric total)")
	opts.conn = addConnFlags(f)
	f.StringVar(&opts.apiKeyFile, "api-key-file", "", "read the API key from this file (default: DD_API_KEY)")
	opts.requests = addRequestFlags(f)
	getFormat := addFormatFlag(c, formatText, formatJSON)
	c.RunE = func(c *cobra.Command, args []string) (err error) {
		opts.file, opts.flags = args[0], c.Flags()
		if opts.format, err = getFormat(); err != nil {
			return err
		}
		return sendRun(c.Context(), s, opts)
	}
	return c
}

func sendRun(ctx context.Context, s *Streams, opts *sendOptions) error {
	t, err := readTemplate(ctx, s, opts.file)
	if err != nil {
		return err
	}
	out := sender.Outcome{File: t.name, DryRun: opts.dryRun} // what --format json prints
	if errs := t.errors(); len(errs) > 0 {
		err = fmt.Errorf("%s: nothing was sent: the template has %s; fix these errors first (rk-tui validate %s lists them too)", t.name, plural(len(errs), "error", "errors"), t.name)
		if opts.format != formatJSON {
			t.printErrors(s)
			return failure(err)
		}
		out.Findings, out.Error = errs, &sender.ErrorInfo{Kind: "invalid-template", Message: err.Error()}
		return writeReport(s.Out, out, failure(err))
	}
	o, err := opts.conn.options(s)
	if err != nil {
		return err
	}
	o.Host = opts.host
	opts.requests.apply(s, &o)
	given := func(flag string, set func()) { // only flags given override the sender's defaults
		if opts.flags.Changed(flag) {
			set()
		}
	}
	given("points", func() { o.Points = &opts.points })
	given("interval", func() { o.Interval = &opts.interval })
	given("value", func() { o.Value = &opts.value })
	if opts.apiKeyFile != "" {
		warning, err := o.ReadKeyFile(opts.apiKeyFile)
		if warning != "" {
			fmt.Fprintln(s.Err, "warning: "+warning)
		}
		if err != nil {
			return usageError("%v", err)
		}
	}

	var text string
	if opts.dryRun {
		if out.Report, err = sender.DryRun(ctx, t.doc, o); err == nil {
			text = out.Report.Text()
		}
	} else if out.Result, err = sender.Send(ctx, t.doc, o); err == nil {
		first, rest, _ := strings.Cut(out.Result.Text(), "\n")
		text = palette{on: s.ColorOut()}.green(first) + "\n" + rest
	} else if out.Result != nil && out.Result.Reached() {
		text = "Before the failure:\n" + out.Result.Text()
	}
	var exit error
	if err != nil {
		out.Error, exit = senderExit(err, "nothing was sent")
	}
	if opts.format == formatJSON {
		return writeReport(s.Out, out, exit)
	}
	if _, werr := io.WriteString(s.Out, text); werr != nil {
		return ioError(werr)
	}
	return exit
}
