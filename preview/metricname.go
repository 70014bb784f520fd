package preview

import (
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/rk-tui/rk-tui/template"
)

// MetricNames is the projection under the metric_name model (Metric Name
// Pricing): Datadog bills each metric name with more than 100 indexed
// datapoints in the month, and the indexed datapoints beyond 10 million per
// billed name. How many datapoints a breakpoint sends depends on traffic;
// these are the most it can send, from its rate limit (or hits_per_second)
// and hosts:
//   - through the API, every hit sends one datapoint per metric;
//   - through an Agent, hits are aggregated: one datapoint per series and
//     stored metric every flush (10 s), at most one per hit, and a
//     distribution counts its 5 (10 with percentiles) aggregations each.
type MetricNames struct {
	// Names is the distinct metric names Datadog stores for the template
	// (a histogram stores one per aggregate); BillableNames those with more
	// than 100 indexed datapoints a month.
	Names, BillableNames int
	// HitsPerSecond is the hits of one host a second; HitsFrom says where
	// that figure comes from.
	HitsPerSecond float64
	HitsFrom      string
	// Hits is the most hits in the month over all hosts (capped by
	// aug.globalHitLimit).
	Hits Count
	// IndexedPoints is the most indexed datapoints a month;
	// PointsOverAllowance those beyond the 10 million each billed name
	// includes.
	IndexedPoints       Count
	PointsOverAllowance Count
	// NamesCostUSD is BillableNames × price_per_metric_name, PointsCostUSD
	// PointsOverAllowance / 1e6 × price_per_million_points; 0 when the
	// price is not given.
	NamesCostUSD  Amount
	PointsCostUSD Amount
	// points are the datapoints of each stored name, in first-seen order,
	// so an account can merge the templates'.
	points map[string]Count
	order  []string
}

// SDKRateLimit is the Rookout SDK's rate limit when aug.rateLimit is not
// set: 200 ms of breakpoint time in every 500 ms window.
const SDKRateLimit = "200/500"

// minHitMillis is the least a hit charges against the rate limit's quota:
// the Rookout Go SDK counts every hit as at least 20 µs
// (MinRateLimitValue), so quota / 20 µs is the most hits a window allows.
const minHitMillis = 0.020

// agentFlushSeconds is how often the Datadog Agent flushes what DogStatsD
// aggregated.
const agentFlushSeconds = 10

// hitsPerSecond reads "quota/window" (ms of breakpoint time per window) as
// the most hits a second one host allows: a hit charges its own duration,
// at least minHitMillis. A bad value (validate reports it) counts as the
// SDK's default.
func hitsPerSecond(rateLimit string) (float64, string) {
	from := "aug.rateLimit " + strings.TrimSpace(rateLimit)
	q, w, ok := strings.Cut(strings.TrimSpace(rateLimit), "/")
	quota, err1 := strconv.ParseFloat(strings.TrimSpace(q), 64)
	window, err2 := strconv.ParseFloat(strings.TrimSpace(w), 64)
	if !ok || err1 != nil || err2 != nil || quota <= 0 || window <= 0 || quota >= window || !finite(quota) || !finite(window) {
		q, w, _ = strings.Cut(SDKRateLimit, "/")
		quota, _ = strconv.ParseFloat(q, 64)
		window, _ = strconv.ParseFloat(w, 64)
		from = "the SDK's default rate limit " + SDKRateLimit
	}
	return quota / window * 1000 / minHitMillis, from
}

func (e *estimator) metricNames(r *Result, limits template.Limits) *MetricNames {
	p := e.p
	mn := &MetricNames{}
	mn.HitsPerSecond, mn.HitsFrom = hitsPerSecond(limits.RateLimit)
	if p.HitsPerSecond > 0 {
		mn.HitsPerSecond, mn.HitsFrom = p.HitsPerSecond, "hits_per_second"
	}
	seconds := p.ActiveHours * 3600
	hits := new(big.Float).SetPrec(amountPrec).SetFloat64(mn.HitsPerSecond * seconds)
	hits.Mul(hits, r.Hosts.float())
	mn.Hits = floorCount(hits)
	if limit := limits.GlobalHitLimit; limit > 0 && mn.Hits.Cmp(CountOf(uint64(limit))) > 0 {
		mn.Hits = CountOf(uint64(limit))
	}
	flushes := CountOf(uint64(math.Floor(seconds / agentFlushSeconds)))

	points := map[string]Count{}
	var order []string
	for i := range r.Metrics {
		row := &r.Metrics[i]
		names, each := storedNames(row, p)
		if len(names) == 0 {
			continue
		}
		per := mn.Hits
		if row.Op == template.OpDogStatsD {
			if slots := row.IndexedSeries.Mul(flushes); slots.Cmp(per) < 0 {
				per = slots
			}
		}
		per = per.MulUint(each)
		for _, n := range names {
			if _, ok := points[n]; !ok {
				order = append(order, n)
			}
			points[n] = points[n].Add(per)
			row.Datapoints = row.Datapoints.Add(per)
		}
	}
	mn.points, mn.order = points, order
	mn.price(p.Billing)
	return mn
}

// price counts the names and points and prices them.
func (mn *MetricNames) price(b Billing) {
	over := CountOf(0)
	mn.IndexedPoints, mn.BillableNames = Count{}, 0
	for _, n := range mn.order {
		pts := mn.points[n]
		mn.IndexedPoints = mn.IndexedPoints.Add(pts)
		if pts.Cmp(CountOf(MetricNameMinPoints)) <= 0 {
			continue
		}
		mn.BillableNames++
		if pts.Cmp(CountOf(MetricNameIndexedPoints)) > 0 {
			over = over.Add(countFromBig(new(big.Int).Sub(pts.bigInt(), big.NewInt(MetricNameIndexedPoints))))
		}
	}
	mn.Names, mn.PointsOverAllowance = len(mn.order), over
	mn.NamesCostUSD, mn.PointsCostUSD = Amount{}, Amount{}
	if price := b.MetricNamePrice; price != nil {
		c := new(big.Float).SetPrec(amountPrec).SetInt64(int64(mn.BillableNames))
		mn.NamesCostUSD = amountOf(c.Mul(c, new(big.Float).SetFloat64(*price)))
	}
	if price := b.PointsPricePerMillion; price != nil {
		c := over.float()
		c.Mul(c, new(big.Float).SetFloat64(*price))
		mn.PointsCostUSD = amountOf(c.Quo(c, new(big.Float).SetInt64(1_000_000)))
	}
}

// storedNames are the metric names Datadog stores for a row, each getting
// `each` datapoints per aggregated slot: a histogram or timing one name per
// aggregate, a distribution one name counting its aggregations, an event
// none.
func storedNames(row *MetricRow, p Profile) (names []string, each uint64) {
	name := normalName(row.Name)
	switch row.Kind {
	case template.KindEvent:
		return nil, 0
	case template.KindHistogram, template.KindTiming:
		names = make([]string, p.HistogramAggregates)
		for i := range names {
			if i < len(template.HistogramSuffixes) {
				names[i] = name + "." + template.HistogramSuffixes[i]
			} else {
				names[i] = name + ".aggregate" + strconv.Itoa(i+1)
			}
		}
		return names, 1
	case template.KindDistribution:
		return []string{name}, row.IndexedMultiplier
	}
	return []string{name}, 1
}

func floorCount(f *big.Float) Count {
	if f.Sign() <= 0 {
		return Count{}
	}
	i, _ := f.Int(nil)
	return countFromBig(i)
}
