package preview

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/rk-tui/rk-tui/template"
)

// Live is what a Datadog account says about a template's metrics now, as
// plain data: the caller fills it from what it read (rk-tui usage, from
// the sender's usage read), so the cost rules never meet the network.
type Live struct {
	// Where names the account: "site datadoghq.com", or the API URL read.
	Where     string
	FetchedAt time.Time
	// Metrics are the template's metrics Datadog was asked about, by
	// their Index in template.Template.Metrics() (events left out).
	Metrics []LiveMetric
	// TagWindow is how far back the tag values were seen.
	TagWindow time.Duration
	// TemplateValues are the distinct values the template itself gives each
	// tag key: what a projection counts for a key its profile does not set.
	TemplateValues map[string]uint64
	// Account is nil when the account's custom metrics were not read.
	Account *LiveAccount
	Notes   []string
	// Prefill is what the live values change in the profile; Wrote says
	// it was written into the file.
	Prefill ProfileValues
	Wrote   bool
}

// LiveMetric is one template metric as Datadog has it now.
type LiveMetric struct {
	Index int
	// Exists is false for a metric never sent: normal for a template
	// that has not run.
	Exists bool
	// Indexed and Ingested are the series an hour over the last hour.
	Indexed, Ingested int64
	// Estimate is Datadog's estimate with a tag configuration of the
	// template's tag keys; nil when not asked.
	Estimate *int64
	// TagValues are the distinct values seen per tag key.
	TagValues map[string]uint64
}

// LiveAccount is the account's custom metrics, by hourly average this
// month.
type LiveAccount struct {
	Month                          time.Time
	CustomMetrics, TemplateMetrics int64
	// Existing is CustomMetrics without the template's own.
	Existing uint64
	// Complete is false when the account has more than the Pages read:
	// the sums are lower bounds.
	Complete bool
	Pages    int
}

// ProfileValues are profile settings read live: x-rk-tui.profile's
// tag_values and existing. Its JSON is those fields.
type ProfileValues struct {
	TagValues map[string]uint64 `json:"tag_values,omitempty"`
	Existing  *uint64           `json:"existing,omitempty"`
}

// Empty reports whether the values change nothing.
func (v ProfileValues) Empty() bool { return len(v.TagValues) == 0 && v.Existing == nil }

// WithLive is the profile with the live values: tag values laid over the
// profile's per key, existing replaced.
func (p Profile) WithLive(v ProfileValues) Profile {
	tv := make(map[string]uint64, len(p.TagValues)+len(v.TagValues))
	maps.Copy(tv, p.TagValues)
	maps.Copy(tv, v.TagValues)
	p.TagValues = tv
	if v.Existing != nil {
		p.Existing = *v.Existing
	}
	return p
}

// WriteProfileValues writes v into a copy of doc's x-rk-tui.profile, each
// value an edit of the document's own bytes, keys in order.
func WriteProfileValues(doc *template.Document, v ProfileValues) (*template.Document, error) {
	doc = doc.Clone()
	for _, k := range slices.Sorted(maps.Keys(v.TagValues)) {
		if err := doc.Set(ProfilePath+".tag_values."+template.Key(k), v.TagValues[k]); err != nil {
			return nil, fmt.Errorf("write %s.tag_values.%s: %w", ProfilePath, template.SafeLine(k), err)
		}
	}
	if v.Existing != nil {
		if err := doc.Set(ProfilePath+".existing", *v.Existing); err != nil {
			return nil, fmt.Errorf("write %s.existing: %w", ProfilePath, err)
		}
	}
	return doc, nil
}

// LiveRow sets one metric's projection beside its live usage.
type LiveRow struct {
	Name string `json:"name"`
	Type string `json:"type"`
	// Projected is the indexed custom metrics while live, from the file's
	// profile: what compares with Live. ProjectedIngested is every tag as
	// sent, for a metric with a tag configuration (what compares with
	// Ingested); nil without one, where Datadog counts no ingested volume
	// apart.
	Projected         Count  `json:"projected"`
	ProjectedIngested *Count `json:"projected_ingested,omitempty"`
	Exists            bool   `json:"exists"`
	Live              int64  `json:"live"`
	Ingested          int64  `json:"ingested"`
	Estimate          *int64 `json:"estimate,omitempty"`
}

// LiveComparison is a template's projection beside what the account has.
type LiveComparison struct {
	Name string
	// Rows pair each metric Datadog was asked about with its projection.
	Rows []LiveRow
	// Projected is the estimate with the file's profile; WithLive with
	// the live values (Profile.WithLive of the prefill).
	Projected, WithLive Result
	Profile             Profile
	Live                Live
}

// CompareLive sets the projection of in beside the live usage. name is
// how the file is called.
func CompareLive(name string, in Input, live Live) LiveComparison {
	c := LiveComparison{Name: name, Projected: in.Estimate(), Profile: in.Profile, Live: live}
	byIndex := make(map[int]LiveMetric, len(live.Metrics))
	for _, m := range live.Metrics {
		byIndex[m.Index] = m
	}
	for _, m := range c.Projected.Metrics {
		lm, ok := byIndex[m.Index]
		if !ok {
			continue // an event: it stores nothing
		}
		row := LiveRow{Name: m.Name, Type: m.Type, Projected: m.IndexedCustomMetrics, Exists: lm.Exists,
			Live: lm.Indexed, Ingested: lm.Ingested, Estimate: lm.Estimate}
		if m.TagConfig != nil {
			ingested := m.CustomMetrics
			row.ProjectedIngested = &ingested
		}
		c.Rows = append(c.Rows, row)
	}
	in.Profile = in.Profile.WithLive(live.Prefill)
	c.WithLive = in.Estimate()
	return c
}

// RenderLiveText sets projection and usage side by side, then the tag
// values seen and the account, then what to put in the profile. Names and
// tags are escaped: they come from the template and from Datadog.
func RenderLiveText(w io.Writer, c LiveComparison) error {
	u := c.Live
	var b strings.Builder
	fmt.Fprintf(&b, "Projected and live custom metrics of %s (%s, read %s)\n\n", safe(c.Name), safe(u.Where), u.FetchedAt.UTC().Format("2006-01-02 15:04 MST"))
	tw := tabwriter.NewWriter(&b, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "  METRIC\tTYPE\tPROJECTED\tLIVE NOW\tPROJ. INGESTED\tINGESTED\tESTIMATE*")
	missing := 0
	for _, row := range c.Rows {
		projIngested := "-"
		if row.ProjectedIngested != nil {
			projIngested = row.ProjectedIngested.Human()
		}
		if !row.Exists {
			missing++
			fmt.Fprintf(tw, "  %s\t%s\t%s\tnot yet\t%s\t-\t-\n", safe(row.Name), safe(row.Type), row.Projected.Human(), projIngested)
			continue
		}
		est := "-"
		if row.Estimate != nil {
			est = LiveCount(*row.Estimate)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\n", safe(row.Name), safe(row.Type), row.Projected.Human(), LiveCount(row.Live), projIngested, LiveCount(row.Ingested), est)
	}
	tw.Flush()
	b.WriteString("\nProjected: indexed custom metrics while live, from the file's profile (rk-tui preview). Live now:\n" +
		"the series Datadog indexes, hourly average over the last hour. Ingested (every tag as sent) is\n" +
		"counted apart only for a metric with a tag configuration. *Estimate: Datadog's estimate with a\n" +
		"tag configuration of the template's tag keys.\n")
	if missing > 0 {
		fmt.Fprintf(&b, "Not yet: Datadog has no such metric (%d of %d): normal for a template that has not run.\n", missing, len(c.Rows))
	}
	writeTagValuesSeen(&b, c)
	if a := u.Account; a != nil {
		fmt.Fprintf(&b, "\nAccount: %d custom metrics an hour on average in %s, %d of them this template's: existing is %d (the profile says %d).\n",
			a.CustomMetrics, a.Month.Format("January 2006"), a.TemplateMetrics, a.Existing, c.Profile.Existing)
		if !a.Complete {
			fmt.Fprintf(&b, "  (the account has more custom metrics than the %d pages read: these are lower bounds)\n", a.Pages)
		}
	}
	fmt.Fprintf(&b, "\nWith the file's profile: %s\n", c.Projected.Headline())
	if !u.Prefill.Empty() {
		fmt.Fprintf(&b, "With the live values:    %s\n", c.WithLive.Headline())
		snippet, _ := json.Marshal(map[string]any{template.ExtensionKey: map[string]any{"profile": u.Prefill}})
		if u.Wrote {
			fmt.Fprintf(&b, "\nWrote into %s: %s\n", safe(c.Name), safe(string(snippet)))
		} else {
			fmt.Fprintf(&b, "\nTo use the live values, merge into %s (or run again with --write-profile):\n  %s\n", safe(c.Name), safe(string(snippet)))
		}
	}
	if len(u.Notes) > 0 {
		b.WriteString("\nNotes:\n")
		for _, n := range u.Notes {
			fmt.Fprintf(&b, "  - %s\n", safe(n))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// LiveCount shows a count Datadog answered, with thousands separators.
func LiveCount(n int64) string {
	if n < 0 {
		return "-" + CountOf(uint64(-n)).Human()
	}
	return CountOf(uint64(n)).Human()
}

// writeTagValuesSeen lists, per tag key, the most values any metric has
// live, and what the projection counts for the key.
func writeTagValuesSeen(b *strings.Builder, c LiveComparison) {
	seen := map[string]uint64{}
	for _, m := range c.Live.Metrics {
		for k, n := range m.TagValues {
			seen[k] = max(seen[k], n)
		}
	}
	if len(seen) == 0 {
		return
	}
	fmt.Fprintf(b, "\nTag values seen in the last %d hours:\n", int(c.Live.TagWindow/time.Hour))
	for _, k := range slices.Sorted(maps.Keys(seen)) {
		note := "not a tag of the template"
		if n, ok := c.Profile.TagValues[k]; ok {
			note = fmt.Sprintf("the projection counts %d (tag_values)", n)
		} else if n, ok := c.Live.TemplateValues[k]; ok {
			note = fmt.Sprintf("the projection counts %d (the template's own values)", n)
		}
		if k == "host" {
			hosts := min(c.Profile.Hosts, 1<<31)
			note = fmt.Sprintf("hosts: the profile counts %d %s (hosts)", hosts, plural(int(hosts), "host", "hosts"))
		}
		fmt.Fprintf(b, "  %-12s %6d   %s\n", safe(k), seen[k], note)
	}
}
