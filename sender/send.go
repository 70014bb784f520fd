package sender

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/rk-tui/rk-tui/template"
)

// Result is what a send did. After a failure it still says what was
// accepted before it.
type Result struct {
	Site   string `json:"site"`
	APIURL string `json:"api_url,omitempty"`
	// KeyChecked is set once the key check passed.
	KeyChecked bool `json:"key_checked"`
	// Requests, Series and Points count what the intake accepted.
	Requests int `json:"requests"`
	Series   int `json:"series"`
	Points   int `json:"points"`
	// Retries counts the requests tried again after a 429 or 5xx.
	Retries int `json:"retries"`
	// Metrics lists every metric of the template; Sent marks the ones taken.
	Metrics   []MetricSummary   `json:"metrics"`
	DogStatsD []DogStatsDResult `json:"dogstatsd,omitempty"`
	// Warnings are errors the intake listed in an accepted answer.
	Warnings []string `json:"warnings,omitempty"`
	Notes    []string `json:"notes"`
}

// Send checks the options, builds the payloads and sends them: the key
// check and the API series first, then the DogStatsD datagrams. Errors are
// *ConfigError (nothing was sent), *SendError, or wrap context.Canceled
// when ctx ends; the Result then says what was accepted before.
func Send(ctx context.Context, doc *template.Document, opts Options) (*Result, error) {
	p, err := NewPlan(doc, opts)
	if err != nil {
		return nil, err
	}
	return p.Send(ctx)
}

// Send sends the plan. The points keep the timestamps of NewPlan, so send
// soon after building it.
func (p *Plan) Send(ctx context.Context) (*Result, error) {
	if len(p.Batches) > 0 && p.s.APIKey == "" {
		return nil, &ConfigError{Setting: SettingAPIKey, Msg: "no API key: set DD_API_KEY, or use " + p.s.called(SettingAPIKeyFile) + " (a file that holds only the key, mode 0600); the key is never typed on a command line, so it stays out of shell history and ps"}
	}
	hc := liveHTTPClient()
	defer hc.CloseIdleConnections()
	return p.run(ctx, hc, p.s.APIKey, dialUDP, true)
}

// run is the one pipeline of sends and dry-runs; only the HTTP client and
// the datagram dialer differ.
func (p *Plan) run(ctx context.Context, hc *http.Client, key string, dial dialer, live bool) (*Result, error) {
	res := &Result{Site: p.s.site, APIURL: p.s.APIURL, Metrics: slices.Clone(p.Metrics), Notes: slices.Clone(p.Notes)}
	if ctx.Err() != nil {
		return res, interrupted(ctx)
	}
	if len(p.Batches) > 0 {
		c := newAPIClient(p.s, hc, key)
		if !p.s.SkipValidate {
			c.progress("checking the API key on " + p.s.where)
			attempts, err := c.validate(ctx)
			res.Retries += attempts - 1
			if err != nil {
				return res, err
			}
			res.KeyChecked = true
		}
		for i, b := range p.Batches {
			step := fmt.Sprintf("sending request %d of %d (%s, %s)", i+1, len(p.Batches), plural(b.Series, "series", "series"), plural(b.Points, "point", "points"))
			c.progress(step)
			attempts, warnings, err := c.submit(ctx, b, step)
			res.Retries += max(attempts-1, 0)
			if err != nil {
				var se *SendError
				var ie *interruptedError
				if (errors.As(err, &se) && se.MayHaveArrived) || (errors.As(err, &ie) && ie.inFlight) {
					for j := b.First; j < b.First+b.Series; j++ {
						res.Metrics[j].MayHaveArrived = true
					}
				}
				return res, err
			}
			res.Requests++
			res.Series += b.Series
			res.Points += b.Points
			res.Warnings = append(res.Warnings, warnings...)
			for j := b.First; j < b.First+b.Series; j++ {
				res.Metrics[j].Sent = true
			}
		}
	}
	if len(p.ticks) > 0 {
		if err := sendTicks(ctx, p.s, p.ticks, p.Samples, dial, live, res); err != nil {
			return res, err
		}
	}
	return res, nil
}

// maxResultLines is the most DogStatsD lines a result's text lists per
// agent; the dry-run shows them all.
const maxResultLines = 50

// Headline is the result in one line, for a status bar: what Datadog
// accepted over HTTP, what was written to each agent over UDP.
func (r *Result) Headline() string {
	var parts []string
	if r.Requests > 0 {
		parts = append(parts, fmt.Sprintf("Datadog accepted %s and %s", plural(r.Series, "series", "series"), plural(r.Points, "point", "points")))
	}
	for _, d := range r.DogStatsD {
		parts = append(parts, fmt.Sprintf("Sent %s to %s (UDP: no acknowledgement)", plural(len(d.Lines), "DogStatsD line", "DogStatsD lines"), template.SafeLine(d.Target)))
	}
	if len(parts) == 0 {
		return "nothing was sent"
	}
	return strings.Join(parts, "; ")
}

// Reached reports whether any point was sent or may have arrived: a
// failed send with nothing reached has nothing to report but its error.
func (r *Result) Reached() bool {
	for _, m := range r.Metrics {
		if m.Sent || m.MayHaveArrived {
			return true
		}
	}
	return false
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Text is the result as plain text for a terminal. Everything that comes
// from the template or the intake is escaped (template.SafeLine), so no
// control character reaches the terminal.
func (r *Result) Text() string {
	var b strings.Builder
	if r.Requests > 0 {
		where := "site " + r.Site
		if r.APIURL != "" {
			where = r.APIURL
		}
		fmt.Fprintf(&b, "Datadog accepted %s and %s in %s to %s", plural(r.Series, "series", "series"), plural(r.Points, "point", "points"), plural(r.Requests, "request", "requests"), template.SafeLine(where))
		if r.KeyChecked {
			b.WriteString(" (API key checked)")
		}
		if r.Retries > 0 {
			fmt.Fprintf(&b, " after %s", plural(r.Retries, "retry", "retries"))
		}
		b.WriteString(".\n")
		writeMetrics(&b, r.Metrics, RouteAPI, true)
	}
	for _, d := range r.DogStatsD {
		lines := plural(len(d.Lines), "line", "lines")
		if len(d.Lines) != d.Planned {
			lines = fmt.Sprintf("%d of %s", len(d.Lines), plural(d.Planned, "line", "lines"))
		}
		fmt.Fprintf(&b, "Sent %s in %s to the DogStatsD agent at %s (written to its UDP socket; UDP brings no acknowledgement):\n", lines, plural(d.Datagrams, "datagram", "datagrams"), template.SafeLine(d.Target))
		for i, l := range d.Lines {
			if i == maxResultLines {
				fmt.Fprintf(&b, "  ... and %d more (the JSON report lists every line)\n", len(d.Lines)-i)
				break
			}
			fmt.Fprintf(&b, "  %s\n", template.SafeLine(l))
		}
	}
	if len(r.DogStatsD) > 0 {
		writeMetrics(&b, r.Metrics, RouteDogStatsD, true)
	}
	var unsure []string
	for _, m := range r.Metrics {
		if m.MayHaveArrived {
			unsure = append(unsure, template.SafeLine(m.Name))
		}
	}
	if len(unsure) > 0 {
		fmt.Fprintf(&b, "May have arrived (no success came back): %s; look in Metrics Explorer before sending again.\n", strings.Join(unsure, ", "))
	}
	for _, w := range r.Warnings {
		fmt.Fprintf(&b, "warning: the intake said: %s\n", template.SafeLine(w))
	}
	writeNotes(&b, r.Notes)
	return b.String()
}

// writeMetrics lists metrics of a route with their tags and links, each
// name and tag escaped onto its line.
func writeMetrics(b *strings.Builder, ms []MetricSummary, route string, sentOnly bool) {
	width := 0
	for _, m := range ms {
		if m.Route == route && (!sentOnly || m.Sent) {
			width = max(width, len(template.SafeLine(m.Name)))
		}
	}
	for _, m := range ms {
		if m.Route != route || (sentOnly && !m.Sent) {
			continue
		}
		tags := "no tags"
		if len(m.Tags) > 0 {
			safe := make([]string, len(m.Tags))
			for i, t := range m.Tags {
				safe[i] = template.SafeLine(t)
			}
			tags = "tags " + strings.Join(safe, ",")
		}
		fmt.Fprintf(b, "  %-*s  %-12s  %s\n", width, template.SafeLine(m.Name), template.SafeLine(m.Type), tags)
		switch {
		case len(m.Stored) == 1 && m.Stored[0].Name == m.Name:
			if t := m.Stored[0].Type; t != m.Type {
				fmt.Fprintf(b, "  %-*s  stored as a %s\n", width, "", t)
			}
			fmt.Fprintf(b, "  %-*s  %s\n", width, "", m.Explorer)
		case len(m.Stored) > 0:
			// What Datadog stores has other names: list them, each linked.
			fmt.Fprintf(b, "  %-*s  stored as %d metrics:\n", width, "", len(m.Stored))
			names := make([]string, len(m.Stored))
			wide := 0
			for i, st := range m.Stored {
				names[i] = template.SafeLine(st.Name) + " (" + st.Type + ")"
				wide = max(wide, len(names[i]))
			}
			for i, st := range m.Stored {
				fmt.Fprintf(b, "  %-*s    %-*s  %s\n", width, "", wide, names[i], st.Explorer)
			}
		default:
			fmt.Fprintf(b, "  %-*s  %s\n", width, "", m.Explorer)
		}
	}
}

func writeNotes(b *strings.Builder, notes []string) {
	if len(notes) == 0 {
		return
	}
	b.WriteString("Notes:\n")
	for _, n := range notes {
		fmt.Fprintf(b, "  - %s\n", template.SafeLine(n))
	}
}
