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
// Errors a user can meet are *ConfigError (a setting or the template is
// wrong: fix it and retry) or *SendError (the send failed: its message says
// what happened, where, and what to check). An interrupted send returns an
// error that wraps context.Canceled. The API key never appears in any
// output, report or error: it is masked to its last four characters.
package sender
