// Package sender sends test points of a Rookout template to Datadog, or shows
// exactly what it would send. It is the only package of rk-tui that talks to
// the network.
//
// A template's `datadog` operations go to the metrics intake
// (POST /api/v2/series) through the official Go client,
// github.com/DataDog/datadog-api-client-go/v2, gzip-encoded and split so no
// request passes the intake's size limits. Its `dogstatsd` operations go to a
// Datadog Agent through github.com/DataDog/datadog-go/v5/statsd.
//
// The three entry points share one pipeline, so a dry-run shows the very
// bytes a send would write:
//
//	plan, err := sender.NewPlan(doc, opts)          // no I/O: series, batches, datagrams
//	report, err := sender.DryRun(ctx, doc, opts)    // no connection: exact requests and datagrams
//	result, err := sender.Send(ctx, doc, opts)      // the real thing
//
// FetchUsage reads the other way: what the account has now for the
// template's metrics (volumes, tag values seen, a tag-configuration
// estimate) and the account's custom metrics, with an application key:
//
//	usage, err := sender.FetchUsage(ctx, doc, opts) // opts.AppKey from DD_APP_KEY
//
// Options are checked in one place (check.go), with one bound per setting.
// Messages call settings by the caller's name for them (Options.SettingName:
// a command's flags), else in plain words, so the studio never names a flag.
//
// Errors a user can meet are *ConfigError (a setting or the template is
// wrong: fix it and retry) or *SendError (the send failed: its message says
// what happened, where, and what to check); DescribeError maps either to
// what a machine reads. An interrupted send returns an error that wraps
// context.Canceled. Every text for a terminal (Text, Error, Progress) shows
// control characters escaped. The API and application keys never appear in
// any output, report or error: they are masked to their last four
// characters.
package sender
