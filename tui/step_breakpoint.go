package tui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/rk-tui/rk-tui/template"
)

// newBreakpointPage is step 4: where the breakpoint sits and how long and
// how often it runs.
func newBreakpointPage(c *common, s *session) *formPage {
	p := &formPage{c: c, s: s, self: stepBreakpoint, title: "Breakpoint: where and how long"}
	file := newTextField("filename", "File", "(chosen when placed)", "Source file of the breakpoint; leave empty to choose it when placing it in Rookout")
	file.load = func(s *session) string { return s.view.Location.Filename }
	file.apply = func(s *session, v string) error {
		return s.editAt("aug", template.LocationFile(v))
	}
	file.path = fixedPath("aug.location.filename")
	line := newTextField("lineno", "Line", "(chosen when placed)", "Line number in that file")
	line.load = func(s *session) string { return shownValue(s.doc.Get("aug.location.lineno")) }
	line.apply = func(s *session, v string) error { return s.editAt("aug", template.LocationLine(v)) }
	line.path = fixedPath("aug.location.lineno")
	cond := augField("conditional", "Condition", "(none)", "Only hits where this is true count, e.g. store.rookout.frame.locals.status == \"failed\"")
	rate := augField("rateLimit", "Rate limit", "(SDK default 200/500)", "quota/window in ms: at most quota ms of work per window (SDK default 200/500)")
	hits := augField("globalHitLimit", "Hit limit", "(none)", "Disable the breakpoint after this many hits")
	maxAug := augField("maxAugTime", "Max ms per hit", "(SDK default)", "Time budget of one hit in ms")
	disable := newTextField("disable", "Disable after", "(never)", "A duration (90m, 24h, 7d) or an RFC 3339 time; stops the breakpoint and its cost")
	disable.load = func(s *session) string { return s.view.Limits.GlobalDisableAfterTime }
	disable.info = func(s *session, v string) []note {
		if at, err := parseDisableAfter(v, s.now()); err == nil && !at.IsZero() && !looksRFC3339(v) {
			return []note{{0, "→ " + at.Format(time.RFC3339)}}
		}
		return nil
	}
	disable.apply = func(s *session, v string) error {
		at, err := parseDisableAfter(v, s.now())
		stored := v // not a time: kept as typed, validate reports it, and the cost no longer assumes a time taken back
		switch {
		case err == nil && at.IsZero():
			stored = ""
		case err == nil:
			stored = at.Format(time.RFC3339)
		}
		return s.editAt("aug", template.AugField("globalDisableAfterTime", stored))
	}
	disable.path = fixedPath("aug.globalDisableAfterTime")
	p.form = newForm(c, s, file, line, cond, rate, hits, maxAug, disable)
	return p
}

func augField(key, label, placeholder, hint string) *field {
	f := newTextField(key, label, placeholder, hint)
	f.load = func(s *session) string { return shownValue(s.doc.Get("aug." + key)) }
	f.apply = func(s *session, v string) error {
		return s.editAt("aug", template.AugField(key, v))
	}
	f.path = fixedPath("aug." + key)
	return f
}

func looksRFC3339(v string) bool {
	_, err := time.Parse(time.RFC3339, strings.TrimSpace(v))
	return err == nil
}

// parseDisableAfter reads "90m", "24h", "7d", "2w" or an RFC 3339 time. An
// empty value is the zero time: never disable.
func parseDisableAfter(v string, now time.Time) (time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), nil
	}
	bad := fmt.Errorf("write a duration such as 90m, 24h, 7d or an RFC 3339 time")
	mult := time.Duration(0)
	switch {
	case strings.HasSuffix(v, "d"):
		mult = 24 * time.Hour
	case strings.HasSuffix(v, "w"):
		mult = 7 * 24 * time.Hour
	}
	if mult > 0 {
		n, err := strconv.ParseFloat(strings.TrimSpace(v[:len(v)-1]), 64)
		if err != nil || !(n > 0 && n <= 3650) { // NaN too
			return time.Time{}, bad
		}
		return now.Add(time.Duration(n * float64(mult))).UTC().Truncate(time.Second), nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return time.Time{}, bad
	}
	return now.Add(d).UTC().Truncate(time.Second), nil
}
