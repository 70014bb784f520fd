package sender

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/DataDog/datadog-api-client-go/v2/api/datadogV1"
	"github.com/DataDog/datadog-api-client-go/v2/api/datadogV2"
	"github.com/rk-tui/rk-tui/template"
)

// Usage is what the account says about a template's metrics, read live:
// for each metric that exists in Datadog, its current volume, the tag
// values seen and what a tag configuration would keep; for the account,
// its custom metrics by hourly average. FetchUsage makes it.
type Usage struct {
	Site   string `json:"site"`
	APIURL string `json:"api_url,omitempty"`
	// FetchedAt is when it was read.
	FetchedAt time.Time `json:"fetched_at"`
	// Metrics are the template's metrics, in template order (events, which
	// store nothing, left out).
	Metrics []MetricUsage `json:"metrics"`
	// TagValues are the distinct values seen per tag key the template uses,
	// the most any of its metrics has: what the cost profile's tag_values
	// would say (x-rk-tui.profile.tag_values). Only keys seen are listed.
	TagValues map[string]uint64 `json:"tag_values"`
	// TemplateValues are the distinct values the template itself gives
	// each of its tag keys: what a projection counts for a key its profile
	// does not set.
	TemplateValues map[string]uint64 `json:"template_values"`
	// Account is the account's custom metrics; nil when they could not be
	// read (AccountError says why).
	Account      *AccountUsage `json:"account,omitempty"`
	AccountError string        `json:"account_error,omitempty"`
	Notes        []string      `json:"notes"`
}

// MetricUsage is one template metric as Datadog has it now.
type MetricUsage struct {
	// Index is the metric's position in template.Template.Metrics(), as
	// in a preview.MetricRow, to set projection and usage side by side.
	Index int    `json:"index"`
	Name  string `json:"name"`
	// Type is as written in the template.
	Type string `json:"type"`
	// Exists says Datadog has the metric (any of its stored metrics). A
	// metric of a template that never ran does not exist yet: that is
	// normal, and its figures are zero.
	Exists bool `json:"exists"`
	// Stored are the metrics Datadog stores for it (a histogram NAME is
	// NAME.avg, .median, .95percentile, .max, .count), each with its volume.
	Stored []StoredUsage `json:"stored"`
	// Indexed and Ingested are the hourly average of distinct series over
	// the last hour, summed over Stored: the custom metrics it counts now.
	// They differ only for a metric with a Metrics without Limits tag
	// configuration (Configured).
	Indexed    int64 `json:"indexed"`
	Ingested   int64 `json:"ingested"`
	Configured bool  `json:"configured"`
	// TagValues are the distinct values per tag key seen on the metric in
	// the last TagWindow; other keys (not in the template) included.
	TagValues map[string]uint64 `json:"tag_values,omitempty"`
	// TagsCut says there were more tags than read (MaxUsageTags): the
	// counts are lower bounds.
	TagsCut bool `json:"tags_cut,omitempty"`
	// Estimate is Datadog's estimate of the series a tag configuration
	// keeping only EstimateKeys (the template's tag keys) would index, for
	// the first stored metric; nil when not asked (no tag keys, or the
	// metric does not exist).
	Estimate     *int64   `json:"estimate,omitempty"`
	EstimateKeys []string `json:"estimate_keys,omitempty"`
}

// StoredUsage is the volume of one stored metric.
type StoredUsage struct {
	Name     string `json:"name"`
	Exists   bool   `json:"exists"`
	Indexed  int64  `json:"indexed"`
	Ingested int64  `json:"ingested"`
}

// AccountUsage is the account's custom metrics by hourly average over the
// month so far (GET /api/v1/usage/top_avg_metrics).
type AccountUsage struct {
	Month time.Time `json:"month"`
	// CustomMetrics is the hourly average of all custom metrics;
	// TemplateMetrics the part of it that is this template's metrics.
	CustomMetrics   int64 `json:"custom_metrics"`
	TemplateMetrics int64 `json:"template_metrics"`
	// Existing is CustomMetrics without the template's: what the cost
	// profile's existing is, so the template is not counted twice.
	Existing uint64 `json:"existing"`
	// Top are the largest custom metrics, at most TopUsageMetrics.
	Top []TopMetric `json:"top"`
	// Complete is false when the account has more custom metrics than
	// were read (MaxUsagePages pages): the sums are then lower bounds.
	Complete bool `json:"complete"`
}

// TopMetric is one custom metric of the account.
type TopMetric struct {
	Name string `json:"name"`
	Avg  int64  `json:"avg_per_hour"`
	Max  int64  `json:"max_per_hour"`
}

// Bounds of a usage read.
const (
	// MaxUsageMetrics is the most template metrics read.
	MaxUsageMetrics = 50
	// MaxUsageTags is the most tags read per metric (page[limit]).
	MaxUsageTags = 20_000
	// maxListAnswer is the answer limit of a list (of tags, of the
	// account's metrics): a page of 5000 metrics is about half a megabyte.
	maxListAnswer = 8 << 20
	// TagWindow is how far back the tags are read: the shortest window the
	// all-tags endpoint takes (it refuses less than 4 hours).
	TagWindow = 4 * time.Hour
	// usagePage and MaxUsagePages bound the account's list of metrics.
	usagePage     = 5000
	MaxUsagePages = 20
	// TopUsageMetrics is how many of the account's largest custom metrics
	// a Usage lists.
	TopUsageMetrics = 10
)

// NoteNotYet is said of a metric Datadog does not have yet.
const NoteNotYet = "a metric Datadog does not have yet has not been sent: that is normal for a template that has not run, and the projection stands alone until it does"

// FetchUsage reads what the account says about the template's metrics,
// through the official client (MetricsApi.ListVolumesByMetricName,
// ListTagsByMetricName, EstimateMetricsOutputSeries;
// UsageMeteringApi.GetUsageTopAvgMetrics). It needs opts.APIKey and
// opts.AppKey (DD_API_KEY, DD_APP_KEY; Options.ApplyEnv reads both), and
// honours Site, APIURL, Timeout, Retry (429s are retried within it,
// honouring X-RateLimit-Reset), Progress and SettingName. It is safe to
// call from a goroutine (a tea.Cmd); cancel ctx to stop it.
//
// Errors are a *ConfigError (a missing key: nothing was asked), a
// *SendError (a refused key, a missing permission, a rate limit past the
// retries; its message says what to do), or wrap context.Canceled. A metric
// that does not exist is no error: its Exists is false. When the account's
// list fails after the metrics were read, the Usage is returned with
// AccountError set and no error.
func FetchUsage(ctx context.Context, doc *template.Document, opts Options) (*Usage, error) {
	if doc == nil {
		return nil, &ConfigError{Setting: SettingTemplate, Msg: "no template to read usage for"}
	}
	s, err := resolve(opts)
	if err != nil {
		return nil, err
	}
	if s.APIKey == "" {
		return nil, &ConfigError{Setting: SettingAPIKey, Msg: "no API key: set DD_API_KEY; reading usage needs it and an application key (DD_APP_KEY)"}
	}
	if s.AppKey == "" {
		return nil, &ConfigError{Setting: SettingAppKey, Msg: "no application key: set DD_APP_KEY to an application key of your organization (Organization Settings > Application Keys) whose user has the Metrics Read and Usage Read permissions; like the API key it is never taken from a flag"}
	}
	u := &Usage{Site: s.site, APIURL: s.APIURL, FetchedAt: s.now, TagValues: map[string]uint64{}, TemplateValues: templateValues(doc), Notes: []string{}}
	metrics, keys := usageMetrics(doc, s.site)
	if len(metrics) > MaxUsageMetrics {
		u.Notes = append(u.Notes, fmt.Sprintf("the template has %d metrics; the first %d are read", len(metrics), MaxUsageMetrics))
		metrics = metrics[:MaxUsageMetrics]
	}
	hc := liveHTTPClient()
	defer hc.CloseIdleConnections()
	c := newAPIClient(s, hc, s.APIKey)
	c.appKey = s.AppKey
	if !s.SkipValidate {
		s.progress("checking the API key on " + s.where)
		if _, err := c.validate(ctx); err != nil {
			return nil, err
		}
	}
	for i := range metrics {
		if err := c.metricUsage(ctx, &metrics[i], keys[i]); err != nil {
			return nil, err
		}
		for k, n := range metrics[i].TagValues {
			if slices.Contains(keys[i], k) {
				u.TagValues[k] = max(u.TagValues[k], n)
			}
		}
	}
	u.Metrics = metrics
	if !slices.ContainsFunc(metrics, func(m MetricUsage) bool { return m.Exists }) && len(metrics) > 0 {
		u.Notes = append(u.Notes, NoteNotYet)
	}
	account, err := c.accountUsage(ctx, metrics)
	switch {
	case ctx.Err() != nil:
		return nil, interrupted(ctx)
	case err != nil:
		u.AccountError = err.Error()
	default:
		u.Account = account
	}
	u.Notes = append(u.Notes, fmt.Sprintf("volumes are the hourly average of distinct series over the last hour; tags are those seen in the last %d hours, the shortest window Datadog's tag list takes", int(TagWindow/time.Hour)))
	return u, nil
}

// usageMetrics lists the template's metrics with what Datadog stores for
// them, and the tag keys of each (lowercase, as Datadog stores them).
func usageMetrics(doc *template.Document, site string) ([]MetricUsage, [][]string) {
	var out []MetricUsage
	var keys [][]string
	metas := doc.Metas()
	for _, m := range template.Read(doc).Metrics() {
		stored := template.Stored(m, metas(m.Name).Interval)
		if len(stored) == 0 || strings.TrimSpace(m.Name) == "" {
			continue
		}
		mu := MetricUsage{Index: m.Index, Name: m.Name, Type: m.Type}
		for _, st := range stored {
			mu.Stored = append(mu.Stored, StoredUsage{Name: st.Name})
		}
		var ks []string
		for _, t := range m.Tags {
			if k, _, ok := strings.Cut(t, ":"); ok && k != "" && !slices.Contains(ks, strings.ToLower(k)) {
				ks = append(ks, strings.ToLower(k))
			}
		}
		out = append(out, mu)
		keys = append(keys, ks)
	}
	return out, keys
}

// metricUsage reads one metric: each stored metric's volume, then, when it
// exists, its tags and an estimate for a configuration of the template's
// tag keys.
func (c *apiClient) metricUsage(ctx context.Context, m *MetricUsage, keys []string) error {
	first := ""
	for i := range m.Stored {
		st := &m.Stored[i]
		step := "reading the volume of " + st.Name
		c.progress(step)
		var res datadogV2.MetricVolumesResponse
		_, err := c.do(ctx, step, http.MethodGet, c.accountURL("/api/v2/metrics/"+url.PathEscape(st.Name)+"/volumes"), nil, func(actx context.Context) (*http.Response, error) {
			var resp *http.Response
			var err error
			res, resp, err = c.metrics.ListVolumesByMetricName(c.withAuth(actx), st.Name)
			return resp, err
		})
		if notFound(err) {
			continue
		}
		if err != nil {
			return c.accountError(err, "metrics_read", "Metrics Read")
		}
		st.Exists = true
		switch v := res.GetData(); {
		case v.MetricIngestedIndexedVolume != nil:
			a := v.MetricIngestedIndexedVolume.GetAttributes()
			st.Indexed, st.Ingested = a.GetIndexedVolume(), a.GetIngestedVolume()
			m.Configured = true
		case v.MetricDistinctVolume != nil:
			a := v.MetricDistinctVolume.GetAttributes()
			st.Indexed = a.GetDistinctVolume()
			st.Ingested = st.Indexed
		}
		m.Exists = true
		m.Indexed += st.Indexed
		m.Ingested += st.Ingested
		if first == "" {
			first = st.Name
		}
	}
	if first == "" {
		return nil
	}
	step := "reading the tags of " + first
	c.progress(step)
	var tags datadogV2.MetricAllTagsResponse
	opt := *datadogV2.NewListTagsByMetricNameOptionalParameters().WithWindowSeconds(int64(TagWindow / time.Second)).WithPageLimit(MaxUsageTags)
	_, err := c.do(withAnswerLimit(ctx, maxListAnswer), step, http.MethodGet, c.accountURL("/api/v2/metrics/"+url.PathEscape(first)+"/all-tags"), nil, func(actx context.Context) (*http.Response, error) {
		var resp *http.Response
		var err error
		tags, resp, err = c.metrics.ListTagsByMetricName(c.withAuth(actx), first, opt)
		return resp, err
	})
	if err != nil && !notFound(err) {
		return c.accountError(err, "metrics_read", "Metrics Read")
	}
	attrs := tags.GetData().Attributes
	if attrs != nil {
		all := append(slices.Clone(attrs.GetTags()), attrs.GetIngestedTags()...)
		m.TagValues = tagValues(all)
		m.TagsCut = len(attrs.GetTags()) >= MaxUsageTags
	}
	if len(keys) == 0 {
		return nil
	}
	step = "estimating " + first + " with the tags " + strings.Join(keys, ", ")
	c.progress(step)
	var est datadogV2.MetricEstimateResponse
	eopt := *datadogV2.NewEstimateMetricsOutputSeriesOptionalParameters().WithFilterGroups(strings.Join(keys, ","))
	_, err = c.do(ctx, step, http.MethodGet, c.accountURL("/api/v2/metrics/"+url.PathEscape(first)+"/estimate"), nil, func(actx context.Context) (*http.Response, error) {
		var resp *http.Response
		var err error
		est, resp, err = c.metrics.EstimateMetricsOutputSeries(c.withAuth(actx), first, eopt)
		return resp, err
	})
	if notFound(err) {
		return nil
	}
	if err != nil {
		return c.accountError(err, "metrics_read", "Metrics Read")
	}
	if a := est.GetData().Attributes; a != nil && a.EstimatedOutputSeries != nil {
		n := a.GetEstimatedOutputSeries()
		m.Estimate, m.EstimateKeys = &n, keys
	}
	return nil
}

// Prefill is what live values change in a cost profile: tag values seen
// above what the profile counts, and the account's existing custom
// metrics when they differ. Its JSON is the x-rk-tui.profile fields.
type Prefill struct {
	TagValues map[string]uint64 `json:"tag_values,omitempty"`
	Existing  *uint64           `json:"existing,omitempty"`
}

// Empty reports whether the live values change nothing.
func (p Prefill) Empty() bool { return len(p.TagValues) == 0 && p.Existing == nil }

// Prefill is what the live values change in a profile whose tag_values
// and existing are given (preview.Profile's TagValues and Existing). A
// key's count is only raised, never lowered: a larger number set by hand is
// a plan for growth, which today's values do not undo. A key the profile
// does not set counts the template's own values (TemplateValues).
func (u *Usage) Prefill(tagValues map[string]uint64, existing uint64) Prefill {
	p := Prefill{TagValues: map[string]uint64{}}
	for k, n := range u.TagValues {
		counted, ok := tagValues[k]
		if !ok {
			counted = u.TemplateValues[k]
		}
		if n > counted {
			p.TagValues[k] = n
		}
	}
	if u.Account != nil && u.Account.Existing != existing {
		n := u.Account.Existing
		p.Existing = &n
	}
	return p
}

// templateValues counts the distinct values the template gives each tag
// key (lowercase, as Datadog stores keys).
func templateValues(doc *template.Document) map[string]uint64 {
	var tags []string
	for _, m := range template.Read(doc).Metrics() {
		for _, t := range m.Tags {
			if k, v, ok := strings.Cut(t, ":"); ok {
				tags = append(tags, strings.ToLower(k)+":"+v)
			}
		}
	}
	return tagValues(tags)
}

// tagValues counts the distinct values per key of key:value tags.
func tagValues(tags []string) map[string]uint64 {
	seen := map[string]map[string]bool{}
	for _, t := range tags {
		k, v, ok := strings.Cut(t, ":")
		if !ok || k == "" {
			continue
		}
		if seen[k] == nil {
			seen[k] = map[string]bool{}
		}
		seen[k][v] = true
	}
	out := make(map[string]uint64, len(seen))
	for k, vs := range seen {
		out[k] = uint64(len(vs))
	}
	return out
}

// accountUsage reads the account's custom metrics by hourly average this
// month, a page at a time up to MaxUsagePages.
func (c *apiClient) accountUsage(ctx context.Context, metrics []MetricUsage) (*AccountUsage, error) {
	mine := map[string]bool{}
	for _, m := range metrics {
		for _, st := range m.Stored {
			mine[st.Name] = true
		}
	}
	now := c.s.now.UTC()
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	a := &AccountUsage{Month: month, Complete: true}
	next := ""
	for page := 0; ; page++ {
		if page == MaxUsagePages {
			a.Complete = false
			break
		}
		step := "reading the account's custom metrics"
		c.progress(step)
		opt := datadogV1.NewGetUsageTopAvgMetricsOptionalParameters().WithMonth(month).WithLimit(usagePage)
		if next != "" {
			opt = opt.WithNextRecordId(next)
		}
		var res datadogV1.UsageTopAvgMetricsResponse
		_, err := c.do(withAnswerLimit(ctx, maxListAnswer), step, http.MethodGet, c.accountURL("/api/v1/usage/top_avg_metrics"), nil, func(actx context.Context) (*http.Response, error) {
			var resp *http.Response
			var err error
			res, resp, err = c.usage.GetUsageTopAvgMetrics(c.withAuth(actx), *opt)
			return resp, err
		})
		if err != nil {
			return nil, c.accountError(err, "usage_read", "Usage Read")
		}
		for _, h := range res.GetUsage() {
			if h.GetMetricCategory() != datadogV1.USAGEMETRICCATEGORY_CUSTOM {
				continue
			}
			a.CustomMetrics += h.GetAvgMetricHour()
			if mine[h.GetMetricName()] {
				a.TemplateMetrics += h.GetAvgMetricHour()
			}
			a.Top = append(a.Top, TopMetric{Name: h.GetMetricName(), Avg: h.GetAvgMetricHour(), Max: h.GetMaxMetricHour()})
		}
		sort.SliceStable(a.Top, func(i, j int) bool { return a.Top[i].Avg > a.Top[j].Avg })
		if len(a.Top) > TopUsageMetrics {
			a.Top = a.Top[:TopUsageMetrics]
		}
		md := res.GetMetadata()
		p := md.GetPagination()
		if next = p.GetNextRecordId(); next == "" {
			break
		}
	}
	a.Existing = uint64(max(a.CustomMetrics-a.TemplateMetrics, 0))
	return a, nil
}

// accountURL is where a request of the account's read side goes, for
// messages.
func (c *apiClient) accountURL(path string) string { return c.s.apiBase + path }

// notFound reports whether a request was answered 404: the metric does
// not exist (yet).
func notFound(err error) bool {
	var se *SendError
	return errors.As(err, &se) && se.Status == http.StatusNotFound
}

// accountError says what to do about a failed read of the account: a 403
// after the API key passed its check is the application key, or its
// user's permissions.
func (c *apiClient) accountError(err error, perm, words string) error {
	var se *SendError
	if !errors.As(err, &se) {
		return err
	}
	switch se.Kind {
	case KindKeyRejected:
		se.Kind = KindForbidden
		se.Hint = fmt.Sprintf("Datadog refused the application key %s from DD_APP_KEY, or the API key %s from %s: the application key must belong to the API key's organization on %s, and its user (or its scopes) needs the %s permission (%s)",
			template.MaskKey(c.appKey), template.MaskKey(c.key), keySource(&c.s.Options), c.s.site, words, perm)
	case KindRateLimited:
		se.Hint = "Datadog's rate limit for this endpoint was reached and the retries ran out; wait a minute and run it again"
	}
	return se
}
