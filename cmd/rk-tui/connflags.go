package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/rk-tui/rk-tui/sender"
	"github.com/spf13/pflag"
)

// The command line's side of the sender: where sends and reads go, the
// sender's settings named as flags, its progress on stderr. send, usage and
// the studio's commands share it.

// connFlags say where test sends go. send, new-template and edit share
// them, so the studio's ctrl+t reaches the same proxy, site or agent as
// rk-tui send with the same flags and environment.
type connFlags struct {
	site, apiURL, agent string
}

func addConnFlags(f *pflag.FlagSet) *connFlags {
	c := &connFlags{}
	f.StringVar(&c.site, "site", "", "Datadog site, e.g. datadoghq.eu (default: DD_SITE, else datadoghq.com)")
	f.StringVar(&c.apiURL, "api-url", "", "send the HTTP requests to this base URL (a proxy, a local intake) instead of https://api.<site>; https unless loopback")
	f.StringVar(&c.agent, "agent", "", "DogStatsD agent HOST:PORT (default: DD_AGENT_HOST and DD_DOGSTATSD_PORT, else the template's target)")
	return c
}

// options are sender options with the flags, then the environment
// (DD_API_KEY, DD_SITE, DD_AGENT_HOST, DD_DOGSTATSD_PORT) applied, the site
// and URL checked. Flags win over the environment.
func (c *connFlags) options(s *Streams) (sender.Options, error) {
	o := sender.Options{Site: c.site, APIURL: c.apiURL}
	if c.agent != "" {
		host, port, err := sender.ParseAgent(c.agent)
		if err != nil {
			return o, usageError("--agent: %v", err)
		}
		o.AgentHost, o.AgentPort = host, port
	}
	if err := o.ApplyEnv(s.Getenv); err != nil {
		return o, usageError("%v", err)
	}
	if _, err := sender.CheckSite(o.Site); err != nil {
		return o, usageError("%v", err)
	}
	if o.APIURL != "" {
		if _, err := sender.CheckAPIURL(o.APIURL); err != nil {
			return o, usageError("--api-url: %v", err)
		}
	}
	return o, nil
}

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

// requestFlags shape the requests of a command that reaches Datadog's API
// (send, usage): --no-validate, --timeout, --retries.
type requestFlags struct {
	noValidate bool
	timeout    time.Duration
	retries    int
	flags      *pflag.FlagSet
}

func addRequestFlags(f *pflag.FlagSet) *requestFlags {
	r := &requestFlags{flags: f}
	f.BoolVar(&r.noValidate, "no-validate", false, "skip the API key check (GET /api/v1/validate)")
	f.DurationVar(&r.timeout, "timeout", sender.DefaultTimeout, "time limit of each HTTP request (1ms to 10m)")
	f.IntVar(&r.retries, "retries", sender.DefaultRetry.MaxAttempts-1, fmt.Sprintf("retries of a request answered 429 or 5xx (0 to %d), with back-off, within 30s", sender.MaxRetries))
	return r
}

// apply sets the flags given on o (those left out keep the sender's
// defaults), names the sender's settings as this command's flags and
// prints its progress on stderr.
func (r *requestFlags) apply(s *Streams, o *sender.Options) {
	o.SkipValidate, o.SettingName, o.Progress = r.noValidate, flagNamer(r.flags), progressTo(s)
	if r.flags.Changed("timeout") {
		o.Timeout = &r.timeout
	}
	if r.flags.Changed("retries") {
		o.Retry = sender.Retries(r.retries)
	}
}
