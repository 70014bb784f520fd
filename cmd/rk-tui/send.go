package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rk-tui/rk-tui/sender"
	"github.com/rk-tui/rk-tui/template"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

type sendOptions struct {
	file       string
	dryRun     bool
	value      float64
	interval   time.Duration
	points     int
	host       string
	conn       *connFlags
	apiKeyFile string
	noValidate bool
	timeout    time.Duration
	retries    int
	format     format
	// changed are the flags given on the command line: only those
	// override the sender's defaults.
	changed map[string]bool
}

// sendFlags name the sender's settings as this command's flags, for its
// messages.
var sendFlags = map[string]string{
	sender.SettingSite: "--site", sender.SettingAPIURL: "--api-url", sender.SettingAPIKeyFile: "--api-key-file FILE",
	sender.SettingAgent: "--agent", sender.SettingValue: "--value", sender.SettingInterval: "--interval",
	sender.SettingPoints: "--points", sender.SettingHost: "--host", sender.SettingTimeout: "--timeout",
	sender.SettingRetries: "--retries", sender.SettingValidate: "--no-validate",
}

// maxKeyFile bounds what --api-key-file reads: a key is 32 characters.
const maxKeyFile = 4096

func newSendCmd(s *Streams) *cobra.Command {
	opts := &sendOptions{}
	c := &cobra.Command{
		Use:   "send FILE",
		Short: "Dry-run or send test points of a template to Datadog",
		Long: `Send one test point per metric of a template, so you can see the metric arrive in
Datadog under the right name, type and tags before you place the breakpoint.

A "datadog" operation goes to the metrics intake (POST /api/v2/series) through
Datadog's official Go client, gzip-compressed and split so no request passes
the intake's size limits; the API key is checked first. A "dogstatsd"
operation goes to the Datadog Agent at the template's target over UDP.

Test points carry exactly the template's tags and none of their own, so they
create no series beyond those the breakpoint will create.

The API key comes from DD_API_KEY or --api-key-file; no flag takes the key
itself, so it stays out of shell history and ps. It is never printed: the
dry-run shows it masked to its last four characters.

--dry-run connects to nothing and prints the exact requests (method, URL,
headers, JSON body) or datagram lines that a send would write.

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
	f.DurationVar(&opts.interval, "interval", 0, "spacing of the points, and the interval of count and rate series (unset: the metric's x-rk-tui interval, else 10s)")
	f.IntVar(&opts.points, "points", 1, "points per metric (1 to 3541), spaced by --interval: API points back-dated so a graph shows at once, DogStatsD points sent that far apart")
	f.StringVar(&opts.host, "host", "", "host of the API series (adds a host resource; the host counts in the custom-metric total)")
	opts.conn = addConnFlags(f)
	f.StringVar(&opts.apiKeyFile, "api-key-file", "", "read the API key from this file (default: DD_API_KEY)")
	f.BoolVar(&opts.noValidate, "no-validate", false, "skip the API key check (GET /api/v1/validate)")
	f.DurationVar(&opts.timeout, "timeout", sender.DefaultTimeout, "time limit of each HTTP request")
	f.IntVar(&opts.retries, "retries", sender.DefaultRetry.MaxAttempts-1, "retries of a request answered 429 or 5xx (0 to 10), with back-off, within 30s (0: none)")
	getFormat := addFormatFlag(c, formatText, formatJSON)
	c.RunE = func(c *cobra.Command, args []string) error {
		fm, err := getFormat()
		if err != nil {
			return err
		}
		opts.file, opts.format = args[0], fm
		opts.changed = map[string]bool{}
		c.Flags().Visit(func(f *pflag.Flag) { opts.changed[f.Name] = true })
		return sendRun(c.Context(), s, opts)
	}
	return c
}

// sendReport is what --format json prints.
type sendReport struct {
	File     string             `json:"file"`
	DryRun   bool               `json:"dry_run"`
	Findings []template.Finding `json:"findings,omitempty"`
	Report   *sender.Report     `json:"report,omitempty"`
	Result   *sender.Result     `json:"result,omitempty"`
	Error    *sendErrorJSON     `json:"error,omitempty"`
}

type sendErrorJSON struct {
	Kind     string   `json:"kind"`
	Message  string   `json:"message"`
	Status   int      `json:"status,omitempty"`
	Errors   []string `json:"errors,omitempty"`
	Attempts int      `json:"attempts,omitempty"`
}

func sendRun(ctx context.Context, s *Streams, opts *sendOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	name := template.DisplayName(opts.file)
	out := sendReport{File: name, DryRun: opts.dryRun}
	t, err := readTemplate(ctx, s, opts.file)
	if err != nil {
		return err
	}
	doc := t.doc
	if errs := t.errors(); len(errs) > 0 {
		msg := fmt.Errorf("%s: nothing was sent: the template has %s; fix these errors first (rk-tui validate %s lists them too)", name, plural(len(errs), "error", "errors"), name)
		if opts.format == formatJSON {
			out.Findings = errs
			out.Error = &sendErrorJSON{Kind: "invalid-template", Message: msg.Error()}
			if err := writeSendJSON(s.Out, out); err != nil {
				return ioError(err)
			}
		} else {
			t.printErrors(s)
		}
		return failure(msg)
	}

	o, err := senderOptions(s, opts)
	if err != nil {
		return err
	}
	if opts.dryRun {
		report, err := sender.DryRun(ctx, doc, o)
		if err != nil {
			return sendFailed(ctx, s, opts, out, nil, err)
		}
		if opts.format == formatJSON {
			out.Report = report
			if err := writeSendJSON(s.Out, out); err != nil {
				return ioError(err)
			}
			return nil
		}
		if _, err := io.WriteString(s.Out, report.Text()); err != nil {
			return ioError(err)
		}
		return nil
	}
	res, err := sender.Send(ctx, doc, o)
	if err != nil {
		return sendFailed(ctx, s, opts, out, res, err)
	}
	if opts.format == formatJSON {
		out.Result = res
		if err := writeSendJSON(s.Out, out); err != nil {
			return ioError(err)
		}
		return nil
	}
	p := palette{on: s.ColorOut()}
	text := res.Text()
	if first, rest, ok := strings.Cut(text, "\n"); ok {
		text = p.green(first) + "\n" + rest
	}
	if _, err := io.WriteString(s.Out, text); err != nil {
		return ioError(err)
	}
	return nil
}

// sendFailed reports a failed dry-run or send, with what was accepted
// before the failure, and picks the exit code.
func sendFailed(ctx context.Context, s *Streams, opts *sendOptions, out sendReport, res *sender.Result, err error) error {
	var ce *sender.ConfigError
	var se *sender.SendError
	interrupted := errors.Is(err, context.Canceled) || ctx.Err() != nil
	if opts.format == formatJSON {
		out.Result = res
		e := &sendErrorJSON{Kind: "network", Message: err.Error()}
		switch {
		case interrupted:
			e.Kind = "interrupted"
		case errors.As(err, &ce):
			e.Kind = "config-" + ce.Setting
		case errors.As(err, &se):
			e.Kind, e.Status, e.Errors, e.Attempts = string(se.Kind), se.Status, se.Errors, se.Attempts
		}
		out.Error = e
		if werr := writeSendJSON(s.Out, out); werr != nil {
			return ioError(werr)
		}
	} else if res != nil && res.Reached() {
		fmt.Fprint(s.Out, "Before the failure:\n"+res.Text())
	}
	switch {
	case interrupted:
		return err // run says "interrupted" and exits 130
	case errors.As(err, &ce):
		return usageError("%v; nothing was sent", ce)
	}
	return failure(err)
}

// senderOptions turns the flags and the environment into sender options.
// Flags win over the environment.
func senderOptions(s *Streams, opts *sendOptions) (sender.Options, error) {
	base, err := opts.conn.options(s)
	if err != nil {
		return base, err
	}
	o := base
	o.Host, o.SkipValidate = opts.host, opts.noValidate
	o.SettingName = func(setting string) string { return sendFlags[setting] }
	if opts.changed["points"] {
		o.Points = sender.Int(opts.points)
	}
	if opts.changed["timeout"] {
		o.Timeout = sender.Duration(opts.timeout)
	}
	if opts.changed["retries"] {
		o.Retry = sender.DefaultRetry
		o.Retry.MaxAttempts = opts.retries + 1
	}
	if opts.changed["value"] {
		o.Value = sender.Float(opts.value)
	}
	if opts.changed["interval"] {
		o.Interval = sender.Duration(opts.interval)
	}
	if opts.apiKeyFile != "" {
		key, err := readKeyFile(s, opts.apiKeyFile)
		if err != nil {
			return o, err
		}
		o.APIKey, o.APIKeySource = key, "--api-key-file "+template.DisplayName(opts.apiKeyFile)
	}
	if !opts.dryRun && s.ErrTTY {
		o.Progress = func(msg string) { fmt.Fprintln(s.Err, palette{on: s.ColorErr()}.dim(msg+"...")) }
	} else if !opts.dryRun {
		// Retries are worth a line in a CI log too.
		o.Progress = func(msg string) {
			if strings.Contains(msg, "retrying") {
				fmt.Fprintln(s.Err, msg)
			}
		}
	}
	return o, nil
}

// readKeyFile reads an API key file: the key alone, surrounding space
// ignored. It warns when others may read the file.
func readKeyFile(s *Streams, path string) (string, error) {
	name := template.DisplayName(path)
	f, err := template.OpenRegular(path) // a FIFO would block open() forever
	if err != nil {
		return "", usageError("--api-key-file %v; give the path of a file that holds only the API key", err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Mode().Perm()&0o077 != 0 {
		fmt.Fprintf(s.Err, "warning: %s can be read by other users (mode %04o); chmod 600 %s\n", name, st.Mode().Perm(), name)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxKeyFile+1))
	if err != nil {
		return "", ioError(fmt.Errorf("--api-key-file %s: %w", name, err))
	}
	if len(data) > maxKeyFile {
		return "", usageError("--api-key-file %s is over %d bytes; it must hold only the API key", name, maxKeyFile)
	}
	key := strings.TrimSpace(string(data))
	if key == "" {
		return "", usageError("--api-key-file %s is empty; put the API key in it (Organization Settings > API Keys in Datadog)", name)
	}
	return key, nil
}

func writeSendJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
