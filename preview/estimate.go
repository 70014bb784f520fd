package preview

import (
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/rk-tui/rk-tui/template"
)

// MetaFunc looks up the tool's data about a metric by name. Use MetaOf(doc):
// (*template.Document).Meta works too, but scans the whole document on
// every call, which shows on big templates.
type MetaFunc func(name string) template.MetricMeta

// MetaOf returns a MetaFunc over doc's x-rk-tui.metrics that reads the
// document once; lookups then scan only that object. A nil doc has none.
func MetaOf(doc *template.Document) MetaFunc {
	if doc == nil {
		return func(string) template.MetricMeta { return template.MetricMeta{} }
	}
	return doc.Metas()
}

// Warning is one thing worth a second look before the breakpoint goes live.
type Warning struct {
	// Code is stable, for scripts: unbounded-tag, allotment-share, overage,
	// duplicate-series, rate-no-interval, unknown-type, scenario-unused-tag,
	// scenario-approximate, inactive, profile-invalid.
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
	// TagCombinations is how many distinct tag-value combinations the
	// metric has across all hosts.
	TagCombinations Count
	// Hosts is how many hosts report the metric.
	Hosts Count
	// Series is how many distinct series Datadog stores: per host with the
	// host tag, else the distinct combinations.
	Series Count
	// Multiplier is the custom metrics per series for the metric's type.
	Multiplier uint64
	// CustomMetrics is Series × Multiplier.
	CustomMetrics Count
	// SameSeriesAs is the Index of an earlier metric that produces the same
	// series (same name, same tag keys), which the total counts only once;
	// -1 when there is none.
	SameSeriesAs int
}

// Result is the projection for a whole template.
type Result struct {
	Metrics []MetricRow
	// CustomMetrics is the distinct custom metrics of the template while it
	// is live (metrics that share series counted once).
	CustomMetrics Count
	// Billable is CustomMetrics × ActiveHours / HoursInMonth: Datadog bills
	// the monthly average of the hourly count.
	Billable Amount
	// Allotment is AccountHosts × AllotmentPerHost.
	Allotment Count
	Existing  Count
	// Overage is what this template adds above the allotment:
	// max(0, existing + billable − allotment) − max(0, existing − allotment).
	Overage Amount
	// MonthlyCostUSD is Overage / 100 × PricePer100: an estimate at list
	// price, proportional (no rounding up to a block of 100).
	MonthlyCostUSD Amount
	Warnings       []Warning

	// The settings the figures come from, after defaults.

	// Hosts is the hosts running the breakpoint: the scenario's total when
	// there is a scenario.
	Hosts            Count
	AccountHosts     Count
	AllotmentPerHost uint64
	// Plan is "" when AllotmentPerHost was given instead of a plan.
	Plan            Plan
	HostTag         bool
	HostGroups      int // 0 without a scenario
	ActiveHours     float64
	HoursInMonth    float64
	ActiveHoursNote string
	PricePer100     float64
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
	return fmt.Sprintf("%s %s · %s of %s · %s/month",
		n, unit, percent(r.Share()), r.Allotment.Human(), r.MonthlyCostUSD.USD())
}

// Multiplier is how many custom metrics one series of a kind counts:
// count, rate, gauge, set 1; histogram and timing histogram_aggregates;
// distribution 5, or 10 with percentiles; event 0. An unknown kind counts 1.
func Multiplier(k template.Kind, p Profile) uint64 {
	switch k {
	case template.KindHistogram, template.KindTiming:
		return p.HistogramAggregates
	case template.KindDistribution:
		if p.Percentiles {
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
// the tool data of a metric (for the interval of rate metrics): pass
// MetaOf(doc); nil means none. sc may be nil. A profile with unusable values
// is repaired to the defaults, with a profile-invalid warning, so the
// studio can always draw. Estimate is pure and safe for concurrent use.
func Estimate(t template.Template, meta MetaFunc, p Profile, sc *Scenario) Result {
	e := estimator{}
	if errs := p.problems(); len(errs) > 0 {
		for _, fe := range errs {
			e.warn("profile-invalid", "", "profile setting "+fe.Error()+"; the default is used instead")
		}
		if p = p.repaired(); p.Check() != nil {
			p = DefaultProfile() // cannot happen; never divide by a bad value
		}
	}
	e.p = p
	e.meta = meta
	return e.run(t, sc)
}

type estimator struct {
	p        Profile
	meta     MetaFunc
	interval map[string]bool // rate metric name → has an interval
	warnings []Warning
	// keyValues is the number of distinct values each tag key has in the
	// template (a bare tag counts 1).
	keyValues map[string]uint64
	groups    []group
	universe  map[string]map[string]int32 // only with a multi-group scenario
	unions    map[string]unionResult      // memo: tag-key set → union
	keyBuf    []byte
	inexact   bool
}

type unionResult struct {
	n     Count
	exact bool
}

func (e *estimator) warn(code, path, msg string) {
	e.warnings = append(e.warnings, Warning{Code: code, Message: msg, Path: path})
}

func (e *estimator) run(t template.Template, sc *Scenario) Result {
	p := e.p
	metrics := t.Metrics()
	r := Result{
		Metrics:          make([]MetricRow, len(metrics)),
		Existing:         CountOf(p.Existing),
		AllotmentPerHost: p.PerHost(),
		Plan:             p.Plan,
		HostTag:          p.HostTag,
		ActiveHours:      p.ActiveHours,
		HoursInMonth:     p.HoursInMonth,
		ActiveHoursNote:  p.ActiveHoursNote,
		PricePer100:      p.PricePer100,
	}
	if p.AllotmentPerHost > 0 {
		r.Plan = ""
	}
	e.compileGroups(sc)
	if sc != nil && len(sc.HostGroups) > 0 {
		r.HostGroups = len(sc.HostGroups)
	}
	for _, g := range e.groups {
		r.Hosts = r.Hosts.Add(g.hosts)
	}
	r.AccountHosts = CountOf(p.AccountHosts)
	if p.AccountHosts == 0 {
		r.AccountHosts = r.Hosts
	}
	r.Allotment = r.AccountHosts.MulUint(r.AllotmentPerHost)

	// Pass 1: normalize every tag once, and count each key's distinct values.
	total := 0
	for i := range metrics {
		total += len(metrics[i].Tags)
	}
	norm := make([]string, 0, total)
	offs := make([]int, len(metrics)+1)
	seen := make(map[string]struct{}, total)
	e.keyValues = make(map[string]uint64)
	for i, m := range metrics {
		offs[i] = len(norm)
		for _, tag := range m.Tags {
			nt := normalTag(tag)
			norm = append(norm, nt)
			key := template.TagKey(nt)
			if _, dup := seen[nt]; dup {
				continue
			}
			seen[nt] = struct{}{}
			n, known := e.keyValues[key]
			e.keyValues[key] = n + 1
			if !known && template.LooksUnbounded(key) {
				e.warn("unbounded-tag", m.TagsPath(), fmt.Sprintf(
					"tag key %q (metric %q) looks unbounded: every distinct value is a new custom metric on every host; tag with a bounded category instead, or set its expected values in tag_values to see the cost",
					key, m.Name))
			}
			if e.universe != nil {
				if u, ok := e.universe[key]; ok {
					if _, ok := u[template.TagValue(nt)]; !ok {
						u[template.TagValue(nt)] = int32(len(u))
					}
				}
			}
		}
	}
	offs[len(metrics)] = len(norm)
	e.finishUniverse()
	e.scenarioKeysUsed(sc)

	// Pass 2: one row per metric.
	classes := make(map[uint64]int, len(metrics))
	var classMax map[int]Count
	keys := make([]string, 0, 16)
	for i, m := range metrics {
		keys = keys[:0]
		for _, nt := range norm[offs[i]:offs[i+1]] {
			keys = append(keys, template.TagKey(nt))
		}
		slices.Sort(keys)
		keys = slices.Compact(keys)

		row := &r.Metrics[i]
		*row = MetricRow{Index: m.Index, Path: m.Path, Name: m.Name, Type: m.Type, Kind: m.Kind, Hosts: r.Hosts, SameSeriesAs: -1}
		row.Multiplier = Multiplier(m.Kind, p)
		row.TagCombinations, row.Series = e.count(keys)
		row.CustomMetrics = row.Series.MulUint(row.Multiplier)

		switch m.Kind {
		case "":
			e.warn("unknown-type", m.TypePath(), fmt.Sprintf(
				"metric %q has type %q, which Datadog does not know; it is counted as 1 custom metric per series (run rk-tui validate)", m.Name, m.Type))
		case template.KindRate:
			if !e.hasInterval(m.Name) {
				e.warn("rate-no-interval", m.TypePath(), fmt.Sprintf(
					"rate metric %q has no interval: Datadog needs the interval in seconds to turn the submitted value into a per-second rate; set Interval on the metric in the studio, or give it one under %s.metrics in the working file, e.g. {%q: {\"interval\": 10}}",
					m.Name, template.ExtensionKey, m.Name))
			}
		}

		// Metrics with the same name and tag keys write to the same series.
		// Events (0 each) and unnamed metrics (an error validate reports)
		// are left out of that comparison.
		if m.Kind == template.KindEvent || strings.TrimSpace(m.Name) == "" {
			r.CustomMetrics = r.CustomMetrics.Add(row.CustomMetrics)
			continue
		}
		name := normalName(m.Name)
		h := classHash(name, keys)
		first, dup := classes[h]
		if !dup || !e.sameClass(metrics[first], norm[offs[first]:offs[first+1]], name, keys) {
			if !dup {
				classes[h] = i
			}
			r.CustomMetrics = r.CustomMetrics.Add(row.CustomMetrics)
			continue
		}
		row.SameSeriesAs = first
		if classMax == nil {
			classMax = map[int]Count{}
		}
		top, ok := classMax[first]
		if !ok {
			top = r.Metrics[first].CustomMetrics
		}
		if row.CustomMetrics.Cmp(top) > 0 {
			// Only a type conflict (which validate reports) makes two
			// members differ; count the larger, once.
			r.CustomMetrics = countFromBig(new(big.Int).Sub(r.CustomMetrics.Add(row.CustomMetrics).bigInt(), top.bigInt()))
			top = row.CustomMetrics
		}
		classMax[first] = top
		e.warn("duplicate-series", m.Path, fmt.Sprintf(
			"metric %q at %s produces the same series as the one at %s (same name, same tag keys%s): Datadog counts them once, and so does the total; give one another name if they measure different things",
			m.Name, m.Path, metrics[first].Path, keyList(keys)))
	}
	if e.inexact {
		e.warn("scenario-approximate", ScenarioPath, "the host groups of the scenario overlap in too many ways to count the distinct combinations exactly; the tag combinations (and, without the host tag, the series) are an upper bound")
	}

	e.money(&r)
	r.Warnings = e.warnings
	if r.Warnings == nil {
		r.Warnings = []Warning{}
	}
	return r
}

// hasInterval reports whether the tool data gives the metric an interval,
// asking meta once per name.
func (e *estimator) hasInterval(name string) bool {
	if e.meta == nil {
		return false
	}
	has, ok := e.interval[name]
	if !ok {
		if e.interval == nil {
			e.interval = map[string]bool{}
		}
		has = e.meta(name).Interval > 0
		e.interval[name] = has
	}
	return has
}

// money fills billable, overage and cost, and their warnings.
func (e *estimator) money(r *Result) {
	p := e.p
	billable := r.CustomMetrics.float()
	billable.Mul(billable, new(big.Float).SetFloat64(p.ActiveHours))
	billable.Quo(billable, new(big.Float).SetFloat64(p.HoursInMonth))
	r.Billable = amountOf(billable)

	// Overage is the increase this template causes. Computed from the
	// headroom left, so a huge existing count cannot swallow a small
	// template in rounding.
	allot, existing := r.Allotment.float(), r.Existing.float()
	over := new(big.Float).SetPrec(amountPrec)
	if existing.Cmp(allot) >= 0 {
		over.Set(r.Billable.val())
	} else {
		headroom := new(big.Float).SetPrec(amountPrec).Sub(allot, existing)
		over.Sub(r.Billable.val(), headroom)
	}
	r.Overage = amountOf(over)
	cost := new(big.Float).SetPrec(amountPrec).Set(r.Overage.val())
	cost.Mul(cost, new(big.Float).SetFloat64(p.PricePer100))
	cost.Quo(cost, new(big.Float).SetInt64(100))
	r.MonthlyCostUSD = amountOf(cost)

	if p.ActiveHours == 0 {
		note, path := "", ""
		if p.ActiveHoursNote != "" {
			note, path = " ("+p.ActiveHoursNote+")", "aug.globalDisableAfterTime"
		}
		e.warn("inactive", path, "the breakpoint is live 0 hours this month"+note+", so it adds no billable custom metrics")
	}
	if r.Share() > shareWarnAbove {
		e.warn("allotment-share", "", fmt.Sprintf(
			"this template uses %s of the account's allotment of %s custom metrics (over %s); check the tag combinations and hosts above",
			percent(r.Share()), r.Allotment.Human(), percent(shareWarnAbove)))
	}
	if r.Overage.Sign() > 0 {
		msg := fmt.Sprintf("this template takes the account %s custom metrics over its allotment of %s", r.Overage.Human(1), r.Allotment.Human())
		if p.PricePer100 > 0 {
			msg += fmt.Sprintf(": about %s a month at $%s per 100 (an estimate at list price; contracts differ)", r.MonthlyCostUSD.USD(), strings.TrimSuffix(fmt.Sprintf("%.2f", p.PricePer100), ".00"))
		}
		e.warn("overage", "", msg)
	}
}

// count returns the distinct tag combinations and the series of a metric
// with the given (sorted, distinct, normalized) tag keys.
func (e *estimator) count(keys []string) (combos, series Count) {
	if len(e.groups) == 1 {
		g := e.groups[0]
		combos = e.combos(g, keys)
		if e.p.HostTag {
			return combos, combos.Mul(g.hosts)
		}
		return combos, combos
	}
	u := e.union(keys)
	if !e.p.HostTag {
		return u, u
	}
	for _, g := range e.groups {
		series = series.Add(e.combos(g, keys).Mul(g.hosts))
	}
	return u, series
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
	if n := e.keyValues[key]; n > 0 {
		return n
	}
	return 1
}

// scenarioKeysUsed warns about scenario tag keys no metric has: a typo
// there silently changes nothing.
func (e *estimator) scenarioKeysUsed(sc *Scenario) {
	if sc == nil {
		return
	}
	warned := map[string]bool{}
	for i, g := range sc.HostGroups {
		for _, k := range sortedKeys(g.Tags) {
			if _, ok := e.keyValues[k]; ok || warned[k] {
				continue
			}
			warned[k] = true
			e.warn("scenario-unused-tag", fmt.Sprintf("%s.host_groups.%d.tags.%s", ScenarioPath, i, template.Key(k)), fmt.Sprintf(
				"the scenario gives values for tag key %q, which no metric has; check the spelling (metric tag keys: %s)", k, e.templateKeys()))
		}
	}
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

// sameClass confirms a hash match: same normalized name and tag keys.
func (e *estimator) sameClass(first template.Metric, firstNorm []string, name string, keys []string) bool {
	if normalName(first.Name) != name {
		return false
	}
	fk := make([]string, 0, len(firstNorm))
	for _, nt := range firstNorm {
		fk = append(fk, template.TagKey(nt))
	}
	slices.Sort(fk)
	return slices.Equal(slices.Compact(fk), keys)
}

// classHash is FNV-1a over the name and the keys, 0-separated.
func classHash(name string, keys []string) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	add := func(s string) {
		for i := 0; i < len(s); i++ {
			h ^= uint64(s[i])
			h *= prime
		}
		h ^= 0xff // no byte of a name or key is 0xff, so it separates them
		h *= prime
	}
	add(name)
	for _, k := range keys {
		add(k)
	}
	return h
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

// percent shows a fraction as a percentage: 4.3%, < 0.1%, 250%.
func percent(f float64) string {
	switch {
	case f <= 0:
		return "0%"
	case f < 0.001:
		return "< 0.1%"
	case f >= 1e4:
		return fmt.Sprintf("%.3g%%", f*100)
	}
	return strings.TrimSuffix(fmt.Sprintf("%.1f", f*100), ".0") + "%"
}
