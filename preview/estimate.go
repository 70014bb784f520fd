package preview

import (
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/rk-tui/rk-tui/template"
)

// Warning is one thing worth a second look before the breakpoint goes live.
type Warning struct {
	// Code is stable, for scripts: unbounded-tag, allotment-share, overage,
	// ingested-overage, duplicate-series, rate-no-interval, unknown-type,
	// scenario-unused-tag, scenario-approximate, inactive, profile-invalid,
	// tag-config-invalid, tag-config-key, template-invalid.
	Code    string `json:"code"`
	Message string `json:"message"`
	// Path is the gjson path in the document the warning is about, "" when
	// it is about the whole template.
	Path string `json:"-"`
}

// MetricRow is the projection for one metric of the template.
type MetricRow struct {
	// Index is the metric's position in Template.Metrics().
	Index int
	// Path is the gjson path of the metric.
	Path string
	Name string
	// Type is as written: count/gauge/rate, or the dogstatsd action.
	Type string
	Kind template.Kind
	// Op is the operation that sends it: "datadog" (the API) or
	// "dogstatsd" (an Agent).
	Op string
	// HostTag says each host makes its own series of this metric (see
	// HostTag.For).
	HostTag bool
	// TagCombinations is how many distinct tag-value combinations the
	// metric has across all hosts.
	TagCombinations Count
	// Hosts is how many hosts report the metric.
	Hosts Count
	// Series is how many distinct series Datadog receives: per host with the
	// host tag, else the distinct combinations.
	Series Count
	// Multiplier is the custom metrics per series for the metric's type.
	Multiplier uint64
	// CustomMetrics is Series × Multiplier: every tag as sent.
	CustomMetrics Count
	// TagConfig is the metric's Metrics without Limits tag configuration,
	// nil for none.
	TagConfig *TagConfig
	// IndexedSeries, IndexedMultiplier and IndexedCustomMetrics are what
	// stays queryable: with a tag configuration, the series of the kept
	// tags times the kept aggregations; without one, the same as Series,
	// Multiplier and CustomMetrics.
	IndexedSeries        Count
	IndexedMultiplier    uint64
	IndexedCustomMetrics Count
	// IngestedCustomMetrics is CustomMetrics for a metric with a tag
	// configuration and 0 without: only configured metrics count as
	// ingested.
	IngestedCustomMetrics Count
	// Datapoints is, under the metric_name model, the most indexed
	// datapoints a month the metric can send (see MetricNames); 0 otherwise.
	Datapoints Count
	// SameSeriesAs is the Index of an earlier metric that produces the same
	// series (same name, same tag keys), which the total counts only once;
	// -1 when there is none.
	SameSeriesAs int
}

// Result is the projection for a whole template. Every figure is an
// estimate from the template and the profile: Datadog bills what it
// measures.
type Result struct {
	Metrics []MetricRow
	// CustomMetrics is the template's indexed custom metrics while it is
	// live (metrics that share series counted once): what the timeseries
	// model bills against the allotment. Without tag configurations it is
	// every series as sent.
	CustomMetrics Count
	// IngestedCustomMetrics is the custom metrics of the template's
	// tag-configured metrics with every tag as sent.
	IngestedCustomMetrics Count
	// Billable and BillableIngested are CustomMetrics and
	// IngestedCustomMetrics × ActiveHours / HoursInMonth: Datadog bills the
	// monthly average of the hourly count.
	Billable         Amount
	BillableIngested Amount
	// Allotment is AccountHosts × AllotmentPerHost, for indexed and
	// ingested custom metrics each.
	Allotment        Count
	Existing         Count
	ExistingIngested Count
	// Overage is what this template adds above the allotment:
	// max(0, existing + billable − allotment) − max(0, existing − allotment).
	// IngestedOverage is the same for ingested custom metrics.
	Overage         Amount
	IngestedOverage Amount
	// IndexedCostUSD is Overage / 100 × the indexed price, IngestedCostUSD
	// IngestedOverage / 100 × the ingested price: proportional, no rounding
	// up to a block of 100.
	IndexedCostUSD  Amount
	IngestedCostUSD Amount
	// MonthlyCostUSD is the model's cost a month: the two above under
	// timeseries, names and datapoints under metric_name.
	MonthlyCostUSD Amount
	// CostEstimated is false when the model's prices are not all known
	// (metric_name without price_per_metric_name); MonthlyCostUSD is then 0
	// and means nothing.
	CostEstimated bool
	// TagConfigured is how many metrics have a tag configuration;
	// Unconfigured is what the template would count and cost without
	// them, so the difference is what they save.
	TagConfigured             int
	UnconfiguredCustomMetrics Count
	UnconfiguredCostUSD       Amount
	// MetricNames holds the metric_name model's figures; nil under
	// timeseries.
	MetricNames *MetricNames
	Warnings    []Warning

	// The settings the figures come from, after defaults.

	// Hosts is the hosts running the breakpoint: the scenario's total when
	// there is a scenario.
	Hosts            Count
	AccountHosts     Count
	AllotmentPerHost uint64
	// Plan is "" when AllotmentPerHost was given instead of a plan.
	Plan            Plan
	HostTag         HostTag
	HostGroups      int // 0 without a scenario
	ActiveHours     float64
	HoursInMonth    float64
	ActiveHoursNote string
	Billing         Billing
}

// Share is Billable / Allotment, the fraction of the allotment this template
// uses (may exceed 1).
func (r Result) Share() float64 { return ratio(r.Billable, r.Allotment) }

// ShareWithExisting is (Existing + Billable) / Allotment.
func (r Result) ShareWithExisting() float64 {
	return ratio(amountOf(new(big.Float).Add(r.Existing.float(), r.Billable.val())), r.Allotment)
}

func ratio(a Amount, c Count) float64 {
	if c.IsZero() {
		if a.Sign() == 0 {
			return 0
		}
		return 1
	}
	f, _ := new(big.Float).SetPrec(amountPrec).Quo(a.val(), c.float()).Float64()
	return f
}

// Headline is a one-line summary for a status bar: "13 custom metrics ·
// 4.3% of 300 · $0.00/month".
func (r Result) Headline() string {
	n := r.Billable.Human(1)
	unit := "custom metrics"
	if n == "1" {
		unit = "custom metric"
	}
	cost := r.MonthlyCostUSD.USD()
	if !r.CostEstimated {
		cost = "cost not estimated"
	} else {
		cost += "/month"
	}
	if r.MetricNames != nil {
		if r.CostEstimated {
			cost = "≤ " + cost
		}
		return fmt.Sprintf("%d billable metric %s · %s datapoints/month at most · %s", r.MetricNames.BillableNames, plural(r.MetricNames.BillableNames, "name", "names"), r.MetricNames.IndexedPoints.Human(), cost)
	}
	return fmt.Sprintf("%s %s · %s of %s · %s", n, unit, Percent(r.Share()), r.Allotment.Human(), cost)
}

// Multiplier is how many custom metrics one series of a kind counts:
// count, rate, gauge, set 1; histogram and timing histogram_aggregates;
// distribution 5, or 10 with percentiles; event 0. An unknown kind counts 1.
func Multiplier(k template.Kind, p Profile) uint64 {
	return multiplier(k, p, p.Percentiles)
}

func multiplier(k template.Kind, p Profile, percentiles bool) uint64 {
	switch k {
	case template.KindHistogram, template.KindTiming:
		return p.HistogramAggregates
	case template.KindDistribution:
		if percentiles {
			return DistributionAggregates + DistributionPercentiles
		}
		return DistributionAggregates
	case template.KindEvent:
		return 0
	}
	return 1
}

// shareWarnAbove is the share of the allotment past which a template is
// worth a warning.
const shareWarnAbove = 0.10

// Estimate projects the custom metrics and cost of a template. meta gives
// the tool data of a metric (interval, tag configuration): pass MetaOf(doc);
// nil means none. sc may be nil. A profile with unusable values is repaired
// to the defaults, with a profile-invalid warning, so the studio can always
// draw. Estimate is pure and safe for concurrent use; to recompute as a
// template is edited, an Estimator reuses what did not change.
func Estimate(t template.Template, meta MetaFunc, p Profile, sc *Scenario) Result {
	var x Estimator
	return x.Update(t, meta, p, sc)
}

// estimator holds what the rows of one estimate share: the profile, the
// host groups, each tag key's values in the template, and memoized unions.
type estimator struct {
	p      Profile
	sc     *Scenario
	groups []group
	// keyValues is the number of distinct values each tag key has in the
	// template (a bare tag counts 1).
	keyValues map[string]uint64
	universe  map[string]map[string]int32 // only with a multi-group scenario
	unions    map[string]unionResult      // memo: tag-key set → union
	keyBuf    []byte
	unbounded unboundedKeys
}

type unionResult struct {
	n     Count
	exact bool
}

// setup takes the profile (repairing it) and the scenario; it returns the
// profile-invalid warnings.
func (e *estimator) setup(p Profile, sc *Scenario) []Warning {
	var ws []Warning
	if errs := p.problems(); len(errs) > 0 {
		for _, fe := range errs {
			ws = append(ws, Warning{Code: "profile-invalid", Message: "profile setting " + fe.Error() + "; the default is used instead"})
		}
		if p = p.repaired(); p.Check() != nil {
			p = DefaultProfile() // cannot happen; never divide by a bad value
		}
	}
	e.p, e.sc, e.unions = p, sc, nil
	e.compileGroups(sc)
	return ws
}

// local is what one metric contributes on its own: its normalized tags and
// keys, its identity for duplicate detection and its tool data. It depends
// on nothing but the metric and its tool data.
type local struct {
	m    metric
	raw  string // the tool data's JSON text
	meta MetaInfo
	norm []string // normalized tags, in order
	keys []string // sorted distinct keys
	// class identifies the series the metric writes (normalized name and
	// keys); "" for events and unnamed metrics, which are not compared.
	class string
	// unbounded are the keys that look unbounded, in order of appearance.
	unbounded []string
	// indexed are the keys a tag configuration keeps, sorted; configKeys
	// the configured keys the metric does not have.
	indexed, configKeys []string
}

// unboundedKeys memoizes template.LooksUnbounded, a regular expression,
// per tag key: a template has few keys and many tags.
type unboundedKeys map[string]bool

func (u unboundedKeys) check(key string) bool {
	looks, ok := u[key]
	if !ok {
		looks = template.LooksUnbounded(key)
		u[key] = looks
	}
	return looks
}

func analyze(m template.Metric, meta MetaFunc, unbounded unboundedKeys) local {
	// One allocation holds the normalized tags and the keys.
	buf := make([]string, 2*len(m.Tags))
	l := local{m: slim(m), norm: buf[:len(m.Tags):len(m.Tags)], keys: buf[len(m.Tags):len(m.Tags)]}
	if meta != nil {
		md := meta(m.Name)
		l.raw, l.meta = md.Raw, md.Info()
	}
	for i, tag := range m.Tags {
		nt := normalTag(tag)
		l.norm[i] = nt
		key := template.TagKey(nt)
		if !slices.Contains(l.keys, key) {
			l.keys = append(l.keys, key)
			if unbounded.check(key) {
				l.unbounded = append(l.unbounded, key)
			}
		}
	}
	slices.Sort(l.keys)
	if m.Kind != template.KindEvent && strings.TrimSpace(m.Name) != "" {
		name := normalName(m.Name)
		n := len(name)
		for _, k := range l.keys {
			n += 1 + len(k)
		}
		var b strings.Builder
		b.Grow(n)
		b.WriteString(name)
		for _, k := range l.keys {
			b.WriteByte(0)
			b.WriteString(k)
		}
		l.class = b.String()
	}
	if c := l.meta.TagConfig; c != nil {
		for _, k := range l.keys {
			if c.keeps(k) {
				l.indexed = append(l.indexed, k)
			}
		}
		for _, k := range c.Tags {
			if k != "host" && !slices.Contains(l.keys, k) {
				l.configKeys = append(l.configKeys, k)
			}
		}
	}
	return l
}

// metric is what a local keeps of a template.Metric: the fields the
// estimate reads, not the operation, which would hold on to the document
// it came from for as long as the metric does not change.
type metric struct {
	Index                int
	Path, Name, Type, Op string
	Kind                 template.Kind
	Tags                 []string
}

func slim(m template.Metric) metric {
	return metric{Index: m.Index, Path: m.Path, Name: m.Name, Type: m.Type, Op: m.Op.Name, Kind: m.Kind, Tags: m.Tags}
}

// TypePath and TagsPath are template.Metric's.
func (m metric) TypePath() string {
	return template.Metric{Path: m.Path, Op: template.Operation{Name: m.Op}}.TypePath()
}
func (m metric) TagsPath() string { return m.Path + ".tags" }

// rowResult is a row with the warnings about it alone.
type rowResult struct {
	row      MetricRow
	warnings []Warning
	inexact  bool
}

func (e *estimator) row(l *local) rowResult {
	p, m := e.p, l.m
	hosts := CountOf(0)
	for _, g := range e.groups {
		hosts = hosts.Add(g.hosts)
	}
	hostTag := p.HostTag.For(m.Op)
	rr := rowResult{row: MetricRow{Index: m.Index, Path: m.Path, Name: m.Name, Type: m.Type, Kind: m.Kind, Op: m.Op,
		HostTag: hostTag, Hosts: hosts, SameSeriesAs: -1}}
	row := &rr.row
	var exact bool
	row.Multiplier = Multiplier(m.Kind, p)
	row.TagCombinations, row.Series, exact = e.count(l.keys, hostTag)
	rr.inexact = !exact
	row.CustomMetrics = row.Series.MulUint(row.Multiplier)
	row.IndexedSeries, row.IndexedMultiplier, row.IndexedCustomMetrics = row.Series, row.Multiplier, row.CustomMetrics
	warn := func(code, path, msg string) {
		rr.warnings = append(rr.warnings, Warning{Code: code, Path: path, Message: msg})
	}

	switch m.Kind {
	case "":
		warn("unknown-type", m.TypePath(), fmt.Sprintf(
			"metric %q has type %q, which Datadog does not know; it is counted as 1 custom metric per series (run rk-tui validate)", m.Name, m.Type))
	case template.KindRate:
		if l.meta.Interval <= 0 {
			warn("rate-no-interval", m.TypePath(), fmt.Sprintf(
				"rate metric %q has no interval: Datadog needs the interval in seconds to turn the submitted value into a per-second rate; set Interval on the metric in the studio, or give it one under %s.metrics in the working file, e.g. {%q: {\"interval\": 10}}",
				m.Name, template.ExtensionKey, m.Name))
		}
	}
	if pr := l.meta.Problem; pr != nil {
		warn("tag-config-invalid", pr.Path, fmt.Sprintf("the tag configuration of metric %q cannot be read (%s); the metric is counted without one", m.Name, pr.Error()))
	}
	c := l.meta.TagConfig
	if c == nil || m.Kind == template.KindEvent {
		return rr
	}
	row.TagConfig = c
	row.IngestedCustomMetrics = row.CustomMetrics
	_, row.IndexedSeries, exact = e.count(l.indexed, hostTag && c.keeps("host"))
	rr.inexact = rr.inexact || !exact
	switch m.Kind {
	case template.KindDistribution:
		pct := p.Percentiles
		if c.IncludePercentiles != nil {
			pct = *c.IncludePercentiles
		}
		row.IndexedMultiplier = multiplier(m.Kind, p, pct)
	default:
		row.IndexedMultiplier = row.Multiplier * c.factor()
	}
	row.IndexedCustomMetrics = row.IndexedSeries.MulUint(row.IndexedMultiplier)
	if len(l.configKeys) > 0 {
		verb := "keeps"
		if c.ExcludeTagsMode {
			verb = "drops"
		}
		warn("tag-config-key", TagConfigPath(m.Name)+".tags", fmt.Sprintf(
			"the tag configuration of metric %q %s tag keys the metric does not have (%s); check the spelling (metric tag keys: %s)",
			m.Name, verb, strings.Join(l.configKeys, ", "), strings.Join(append(slices.Clone(l.keys), "host"), ", ")))
	}
	return rr
}

// count returns the distinct tag combinations and the series of a metric
// with the given (sorted, distinct, normalized) tag keys; exact is false
// when the union of overlapping host groups is only bounded.
func (e *estimator) count(keys []string, hostTag bool) (combos, series Count, exact bool) {
	if len(e.groups) == 1 {
		g := e.groups[0]
		combos = e.combos(g, keys)
		if hostTag {
			return combos, combos.Mul(g.hosts), true
		}
		return combos, combos, true
	}
	u, exact := e.union(keys)
	if !hostTag {
		return u, u, exact
	}
	for _, g := range e.groups {
		series = series.Add(e.combos(g, keys).Mul(g.hosts))
	}
	return u, series, exact
}

// combos is the product over the keys of the values a group has for each.
func (e *estimator) combos(g group, keys []string) Count {
	c := CountOf(1)
	for _, k := range keys {
		c = c.MulUint(e.values(g, k).size())
	}
	return c
}

// values is the set of values a group reports for a key: the scenario's,
// else tag_values, else the template's own distinct values.
func (e *estimator) values(g group, key string) spread {
	if s, ok := g.tags[key]; ok {
		return s
	}
	return spread{n: e.fallback(key)}
}

func (e *estimator) fallback(key string) uint64 {
	if n := e.p.TagValues[key]; n > 0 {
		return n
	}
	n := max(e.keyValues[key], 1)
	if e.unbounded.check(key) {
		// The template gives one value or two of a user id; production
		// gives thousands. Counting what the template lists would hide the
		// very cost the key brings.
		n = max(n, e.p.UnboundedTagValues)
	}
	return n
}

// combine adds the rows up, counting metrics that share series once, and
// gathers the warnings in a fixed order: the profile's, unbounded tags,
// scenario keys, each metric's, then the totals'.
func (e *estimator) combine(limits template.Limits, locals []local, rows []rowResult, sc *Scenario, profileWarnings []Warning) Result {
	p := e.p
	r := Result{
		Metrics:          make([]MetricRow, len(rows)),
		Existing:         CountOf(p.Existing),
		ExistingIngested: CountOf(p.ExistingIngested),
		AllotmentPerHost: p.PerHost(),
		Plan:             p.Plan,
		HostTag:          p.HostTag,
		ActiveHours:      p.ActiveHours,
		HoursInMonth:     p.HoursInMonth,
		ActiveHoursNote:  p.ActiveHoursNote,
		Billing:          p.Billing,
		Warnings:         append([]Warning{}, profileWarnings...),
	}
	if p.AllotmentPerHost > 0 {
		r.Plan = ""
	}
	if sc != nil && len(sc.HostGroups) > 0 {
		r.HostGroups = len(sc.HostGroups)
	}
	for _, g := range e.groups {
		r.Hosts = r.Hosts.Add(g.hosts)
	}
	r.AccountHosts = CountOf(p.AccountHosts)
	switch {
	case p.AccountHosts == 0:
		r.AccountHosts = r.Hosts
	case r.AccountHosts.Cmp(r.Hosts) < 0:
		// The hosts that run the breakpoint are the account's: it has at
		// least as many, and each brings its allotment.
		r.Warnings = append(r.Warnings, Warning{Code: "account-hosts-fewer", Path: ProfilePath + ".account_hosts", Message: fmt.Sprintf(
			"account_hosts is %s, fewer than the %s hosts that run the breakpoint; the allotment counts %s hosts (set account_hosts to the account's hosts)",
			r.AccountHosts.Human(), r.Hosts.Human(), r.Hosts.Human())})
		r.AccountHosts = r.Hosts
	}
	r.Allotment = r.AccountHosts.MulUint(r.AllotmentPerHost)

	r.Warnings = append(r.Warnings, unboundedWarnings(locals, func(key string) string { return CountOf(e.fallback(key)).Human() })...)
	r.Warnings = append(r.Warnings, e.scenarioKeysUnused(sc)...)

	var sums totals
	classes := make(map[string]int, len(rows))
	inexact := false
	for i := range rows {
		rr := &rows[i]
		r.Metrics[i] = rr.row
		row := &r.Metrics[i]
		inexact = inexact || rr.inexact
		r.Warnings = append(r.Warnings, rr.warnings...)
		if row.TagConfig != nil {
			r.TagConfigured++
		}
		class := locals[i].class
		first, dup := classes[class]
		if class == "" || !dup {
			if class != "" {
				classes[class] = i
			}
			sums.add(row)
			continue
		}
		row.SameSeriesAs = first
		sums.merge(first, row, &r.Metrics[first])
		r.Warnings = append(r.Warnings, Warning{Code: "duplicate-series", Path: row.Path, Message: fmt.Sprintf(
			"metric %q at %s produces the same series as the one at %s (same name, same tag keys%s): Datadog counts them once, and so does the total; give one another name if they measure different things",
			row.Name, row.Path, r.Metrics[first].Path, keyList(locals[i].keys))})
	}
	r.CustomMetrics, r.IngestedCustomMetrics, r.UnconfiguredCustomMetrics = sums.indexed, sums.ingested, sums.all
	if inexact {
		r.Warnings = append(r.Warnings, Warning{Code: "scenario-approximate", Path: ScenarioPath, Message: "the host groups of the scenario overlap in too many ways to count the distinct combinations exactly; the tag combinations (and, without the host tag, the series) are an upper bound"})
	}
	r.Warnings = append(r.Warnings, e.money(&r, limits)...)
	return r
}

// totals sums the rows, keeping for metrics that share series only the
// largest member of each group (only a type conflict, which validate
// reports, makes members differ).
type totals struct {
	indexed, ingested, all Count
	top                    map[int]MetricRow // first member → largest so far
}

func (s *totals) add(row *MetricRow) {
	s.indexed = s.indexed.Add(row.IndexedCustomMetrics)
	s.ingested = s.ingested.Add(row.IngestedCustomMetrics)
	s.all = s.all.Add(row.CustomMetrics)
}

func (s *totals) merge(first int, row, firstRow *MetricRow) {
	if s.top == nil {
		s.top = map[int]MetricRow{}
	}
	top, ok := s.top[first]
	if !ok {
		top = *firstRow
	}
	swap := func(sum, now, was Count) Count {
		if now.Cmp(was) <= 0 {
			return sum
		}
		return countFromBig(new(big.Int).Sub(sum.Add(now).bigInt(), was.bigInt()))
	}
	s.indexed = swap(s.indexed, row.IndexedCustomMetrics, top.IndexedCustomMetrics)
	s.ingested = swap(s.ingested, row.IngestedCustomMetrics, top.IngestedCustomMetrics)
	s.all = swap(s.all, row.CustomMetrics, top.CustomMetrics)
	if row.IndexedCustomMetrics.Cmp(top.IndexedCustomMetrics) > 0 {
		top.IndexedCustomMetrics = row.IndexedCustomMetrics
	}
	if row.IngestedCustomMetrics.Cmp(top.IngestedCustomMetrics) > 0 {
		top.IngestedCustomMetrics = row.IngestedCustomMetrics
	}
	if row.CustomMetrics.Cmp(top.CustomMetrics) > 0 {
		top.CustomMetrics = row.CustomMetrics
	}
	s.top[first] = top
}

// unboundedWarnings warns once per tag key that looks unbounded, at the
// first metric that has it; assumed says how many values it is counted as.
func unboundedWarnings(locals []local, assumed func(key string) string) []Warning {
	var out []Warning
	var warned map[string]bool
	for i := range locals {
		for _, key := range locals[i].unbounded {
			if warned[key] {
				continue
			}
			if warned == nil {
				warned = map[string]bool{}
			}
			warned[key] = true
			m := locals[i].m
			out = append(out, Warning{Code: "unbounded-tag", Path: m.TagsPath(), Message: fmt.Sprintf(
				"tag key %q (metric %q) looks unbounded: every distinct value is a new custom metric; it is counted as %s values, an assumption (set its expected values in tag_values), and a bounded category is the better tag",
				key, m.Name, assumed(key))})
		}
	}
	return out
}

// scenarioKeysUnused warns about scenario tag keys no metric has: a typo
// there silently changes nothing.
func (e *estimator) scenarioKeysUnused(sc *Scenario) []Warning {
	if sc == nil {
		return nil
	}
	var out []Warning
	warned := map[string]bool{}
	for i, g := range sc.HostGroups {
		for _, k := range sortedKeys(g.Tags) {
			if _, ok := e.keyValues[k]; ok || warned[k] {
				continue
			}
			warned[k] = true
			out = append(out, Warning{Code: "scenario-unused-tag", Path: fmt.Sprintf("%s.host_groups.%d.tags.%s", ScenarioPath, i, template.Key(k)), Message: fmt.Sprintf(
				"the scenario gives values for tag key %q, which no metric has; check the spelling (metric tag keys: %s)", k, e.templateKeys())})
		}
	}
	return out
}

func (e *estimator) templateKeys() string {
	if len(e.keyValues) == 0 {
		return "none"
	}
	ks := make([]string, 0, len(e.keyValues))
	for k := range e.keyValues {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return strings.Join(ks, ", ")
}

func keyList(keys []string) string {
	if len(keys) == 0 {
		return ", no tags"
	}
	return ": " + strings.Join(keys, ", ")
}

// normalTag is template.NormalizeTag without the allocation when the tag is
// already as Datadog stores it (the usual case).
func normalTag(tag string) string {
	if len(tag) == 0 || len(tag) > template.MaxTagLength || tag[len(tag)-1] == '_' {
		return template.NormalizeTag(tag)
	}
	prev := byte(0)
	for i := 0; i < len(tag); i++ {
		c := tag[i]
		ok := (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == ':' || c == '.' || c == '/' || c == '_'
		if !ok || (c == '_' && prev == '_') {
			return template.NormalizeTag(tag)
		}
		prev = c
	}
	return tag
}

// normalName is template.NormalizeMetricName without the allocation for a
// name that is already valid.
func normalName(name string) string {
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !((c|0x20 >= 'a' && c|0x20 <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.') {
			return template.NormalizeMetricName(name)
		}
	}
	return name
}
