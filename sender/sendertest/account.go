package sendertest

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The intake also plays the account's read side, which needs an
// application key besides the API key:
//
//	GET /api/v2/metrics/{metric_name}/volumes   current indexed and ingested volume
//	GET /api/v2/metrics/{metric_name}/all-tags  tags seen
//	GET /api/v2/metrics/{metric_name}/estimate  series for a tag configuration
//	GET /api/v1/usage/top_avg_metrics           custom metrics by hourly average
//
// Metrics it knows are the ones sent to it (POST /api/v2/series) and the
// ones set with SetMetric. Every request is checked against Datadog's spec,
// and so is every answer it makes itself.

// MetricState is what the intake reports about one metric.
type MetricState struct {
	// Tags are the indexed tags (key:value); IngestedTags the ones ingested
	// but not indexed (a metric with a tag configuration).
	Tags, IngestedTags []string
	// Indexed and Ingested are the hourly volumes. Zero: counted from the
	// series sent, each distinct tag set and host one series.
	Indexed, Ingested int64
	// Configured answers volumes in the ingested/indexed form of a metric
	// with a Metrics without Limits tag configuration; otherwise as a
	// distinct volume.
	Configured bool
	// Estimate answers /estimate; zero: the distinct combinations of the
	// requested tag keys among the series sent.
	Estimate int64
}

// TopMetric is one entry of the account's custom metrics by hourly
// average.
type TopMetric struct {
	Name     string
	Avg, Max int64
	// Category is "custom" (the default) or "standard".
	Category string
}

// WithAppKey makes the intake accept only this application key on the
// account endpoints ("" accepts any non-empty key).
func WithAppKey(k string) Option { return func(in *Intake) { in.AppKey = k } }

// WithoutPermission answers 403 to the account endpoints that need the
// permission: "metrics_read" (the metrics endpoints) or "usage_read" (the
// usage endpoint).
func WithoutPermission(p string) Option {
	return func(in *Intake) { in.denied = append(in.denied, p) }
}

// SetMetric makes the intake know a metric as given.
func (in *Intake) SetMetric(name string, m MetricState) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.metrics()[name] = &metricEntry{state: m}
}

// SetTopMetrics sets the account's custom metrics by hourly average.
func (in *Intake) SetTopMetrics(list []TopMetric) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.top = slices.Clone(list)
}

// metricEntry is a known metric: as set, plus the series sent.
type metricEntry struct {
	state  MetricState
	series map[string][]string // distinct tag set (host included) -> its tags
}

func (in *Intake) metrics() map[string]*metricEntry {
	if in.known == nil {
		in.known = map[string]*metricEntry{}
	}
	return in.known
}

// record remembers sent series, so they exist for the account endpoints.
func (in *Intake) record(series []Series) {
	in.mu.Lock()
	defer in.mu.Unlock()
	for _, s := range series {
		e := in.metrics()[s.Metric]
		if e == nil {
			e = &metricEntry{}
			in.metrics()[s.Metric] = e
		}
		if e.series == nil {
			e.series = map[string][]string{}
		}
		tags := slices.Clone(s.Tags)
		for _, r := range s.Resources {
			if r.Type == "host" {
				tags = append(tags, "host:"+r.Name)
			}
		}
		sort.Strings(tags)
		e.series[strings.Join(tags, ",")] = tags
	}
}

// accountPermission is the permission a path needs, "" when it is not an
// account endpoint.
func accountPermission(path string) string {
	switch {
	case path == "/api/v1/usage/top_avg_metrics":
		return "usage_read"
	case strings.HasPrefix(path, "/api/v2/metrics/"):
		return "metrics_read"
	}
	return ""
}

// account answers the account endpoints; ok is false for other paths.
func (in *Intake) account(r *http.Request) (status int, body string, ok bool) {
	perm := accountPermission(r.URL.Path)
	if perm == "" || r.Method != http.MethodGet {
		return 0, "", false
	}
	key, app := r.Header.Get("DD-API-KEY"), r.Header.Get("DD-APPLICATION-KEY")
	if key == "" || (in.Key != "" && key != in.Key) || app == "" || (in.AppKey != "" && app != in.AppKey) {
		return http.StatusForbidden, errorsBody("Forbidden"), true
	}
	if slices.Contains(in.denied, perm) {
		return http.StatusForbidden, errorsBody("Forbidden: this application key lacks the " + perm + " permission"), true
	}
	if perm == "usage_read" {
		return in.topAvg(r.URL.Query())
	}
	rest := strings.TrimPrefix(r.URL.EscapedPath(), "/api/v2/metrics/")
	i := strings.LastIndexByte(rest, '/')
	if i < 0 {
		return http.StatusNotFound, errorsBody("Not found"), true
	}
	name, err := url.PathUnescape(rest[:i])
	if err != nil {
		return http.StatusBadRequest, errorsBody("bad metric name"), true
	}
	in.mu.Lock()
	e := in.metrics()[name]
	var st MetricState
	var series map[string][]string
	if e != nil {
		st, series = e.state, maps.Clone(e.series)
	}
	in.mu.Unlock()
	if e == nil {
		return http.StatusNotFound, errorsBody("Metric not found: " + name), true
	}
	switch rest[i+1:] {
	case "volumes":
		indexed, ingested := st.Indexed, st.Ingested
		if indexed == 0 {
			indexed = int64(len(series))
		}
		if !st.Configured {
			return http.StatusOK, jsonOf(map[string]any{"data": map[string]any{"id": name, "type": "distinct_metric_volumes", "attributes": map[string]any{"distinct_volume": indexed}}}), true
		}
		if ingested == 0 {
			ingested = indexed
		}
		return http.StatusOK, jsonOf(map[string]any{"data": map[string]any{"id": name, "type": "metric_volumes", "attributes": map[string]any{"indexed_volume": indexed, "ingested_volume": ingested}}}), true
	case "all-tags":
		tags := append([]string{}, st.Tags...)
		for _, ts := range series {
			tags = append(tags, ts...)
		}
		sort.Strings(tags)
		tags = slices.Compact(tags)
		if n, err := strconv.Atoi(r.URL.Query().Get("page[limit]")); err == nil && n > 0 && n < len(tags) {
			tags = tags[:n]
		}
		attrs := map[string]any{"tags": tags}
		if len(st.IngestedTags) > 0 {
			attrs["ingested_tags"] = st.IngestedTags
		}
		return http.StatusOK, jsonOf(map[string]any{"data": map[string]any{"id": name, "type": "metrics", "attributes": attrs}}), true
	case "estimate":
		n := st.Estimate
		if n == 0 {
			n = combinations(series, r.URL.Query().Get("filter[groups]"))
		}
		return http.StatusOK, jsonOf(map[string]any{"data": map[string]any{"id": name, "type": "metric_cardinality_estimate",
			"attributes": map[string]any{"estimate_type": "count_or_gauge", "estimated_at": time.Now().UTC().Format(time.RFC3339), "estimated_output_series": n}}}), true
	}
	return http.StatusNotFound, errorsBody("Not found"), true
}

// combinations counts the distinct values of the given tag keys among the
// series.
func combinations(series map[string][]string, groups string) int64 {
	keys := strings.Split(groups, ",")
	seen := map[string]bool{}
	for _, tags := range series {
		var combo []string
		for _, t := range tags {
			k, _, _ := strings.Cut(t, ":")
			if slices.Contains(keys, k) {
				combo = append(combo, t)
			}
		}
		seen[strings.Join(combo, ",")] = true
	}
	return int64(len(seen))
}

// topAvg answers the usage endpoint, a page of limit entries at a time.
func (in *Intake) topAvg(q url.Values) (int, string, bool) {
	if (q.Get("month") == "") == (q.Get("day") == "") {
		return http.StatusBadRequest, errorsBody("give either month or day"), true
	}
	limit := 500
	if n, err := strconv.Atoi(q.Get("limit")); err == nil {
		limit = n
	}
	from := 0
	if id := q.Get("next_record_id"); id != "" {
		from, _ = strconv.Atoi(id)
	}
	in.mu.Lock()
	list := slices.Clone(in.top)
	in.mu.Unlock()
	var usage []map[string]any
	for i := from; i < len(list) && i < from+limit; i++ {
		m := list[i]
		cat := m.Category
		if cat == "" {
			cat = "custom"
		}
		usage = append(usage, map[string]any{"avg_metric_hour": m.Avg, "max_metric_hour": m.Max, "metric_category": cat, "metric_name": m.Name})
	}
	var next any
	if from+limit < len(list) {
		next = strconv.Itoa(from + limit)
	}
	meta := map[string]any{"pagination": map[string]any{"limit": limit, "next_record_id": next, "total_number_of_records": len(list)}}
	if m := q.Get("month"); m != "" {
		meta["month"] = m
	} else {
		meta["day"] = q.Get("day")
	}
	if usage == nil {
		usage = []map[string]any{}
	}
	return http.StatusOK, jsonOf(map[string]any{"metadata": meta, "usage": usage}), true
}

func jsonOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("sendertest: encode an answer: %v", err))
	}
	return string(b)
}
