package main

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/rk-tui/rk-tui/preview"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// profileFlags are the cost-profile overrides of the command line. They only
// parse: what wins over what is preview's business (Profile.Apply,
// Input.Override).
type profileFlags struct {
	hosts, accountHosts, allotmentPerHost, existing, existingIngested, histogramAggregates, unbounded wholeFlag
	price, ingestedPrice, namePrice, pointsPrice, activeHours, hitsPerSecond                          realFlag
	plan, model                                                                                       string
	noHostTag, percentiles                                                                            bool
	tagValues                                                                                         tagValuesFlag
	flags                                                                                             *pflag.FlagSet
}

// flagOfSetting is the flag that gives each profile setting.
var flagOfSetting = map[string]string{
	"hosts": "hosts", "host_tag": "no-host-tag", "account_hosts": "account-hosts", "plan": "plan",
	"allotment_per_host": "allotment-per-host", "existing": "existing", "existing_ingested": "existing-ingested",
	"billing_model": "billing-model", "indexed_price_per_100": "price-per-100", "price_per_100": "price-per-100",
	"ingested_price_per_100": "ingested-price-per-100", "price_per_metric_name": "price-per-metric-name",
	"price_per_million_points": "price-per-million-points", "hits_per_second": "hits-per-second",
	"unbounded_tag_values": "unbounded-tag-values",
	"active_hours":         "active-hours", "tag_values": "tag-values", "histogram_aggregates": "histogram-aggregates",
	"percentiles": "percentiles", "scenario": "scenario",
}

// flagName words a setting as its flag ("--hosts"), or leaves it.
func flagName(setting string) string {
	if fl, ok := flagOfSetting[setting]; ok {
		return "--" + fl
	}
	return setting
}

func addProfileFlags(c *cobra.Command) *profileFlags {
	f := &profileFlags{flags: c.Flags()}
	f.price.max, f.ingestedPrice.max, f.namePrice.max, f.pointsPrice.max = preview.MaxPrice, preview.MaxPrice, preview.MaxPrice, preview.MaxPrice
	f.hosts.min, f.accountHosts.min, f.allotmentPerHost.min, f.histogramAggregates.min, f.unbounded.min = 1, 1, 1, 1, 1
	fl := c.Flags()
	fl.Var(&f.hosts, "hosts", "hosts the breakpoint runs on (default 1)")
	fl.BoolVar(&f.noHostTag, "no-host-tag", false, "series are not split per host; --no-host-tag=false splits them (default: as the route sends: API no, DogStatsD yes)")
	fl.Var(&f.accountHosts, "account-hosts", "hosts the allotment is pooled over (default: the breakpoint's hosts)")
	fl.StringVar(&f.plan, "plan", "", "Datadog plan: pro (100 custom metrics per host) or enterprise (200) (default pro)")
	fl.Var(&f.allotmentPerHost, "allotment-per-host", "custom metrics allotted per host, instead of the plan's")
	fl.Var(&f.existing, "existing", "custom metrics the account has already (default 0)")
	fl.Var(&f.existingIngested, "existing-ingested", "ingested custom metrics the account's tag-configured metrics have already (default 0)")
	fl.StringVar(&f.model, "billing-model", "", "Datadog billing model: timeseries (custom metrics) or metric_name (Metric Name Pricing) (default timeseries)")
	fl.Var(&f.price, "price-per-100", "USD per 100 indexed custom metrics over the allotment a month (default 5.00, an assumed price: Datadog leaves it to the contract)")
	fl.Var(&f.ingestedPrice, "ingested-price-per-100", "USD per 100 ingested custom metrics over the allotment a month (default 0.10, Datadog's price)")
	fl.Var(&f.namePrice, "price-per-metric-name", "metric_name model: USD a month per billable metric name (your contract's)")
	fl.Var(&f.pointsPrice, "price-per-million-points", "metric_name model: USD per million indexed datapoints over the allowance (your contract's)")
	fl.Var(&f.hitsPerSecond, "hits-per-second", "metric_name model: expected hits per host per second (default: the most aug.rateLimit allows)")
	fl.Var(&f.activeHours, "active-hours", "hours this month the breakpoint is live (default 730, or until aug.globalDisableAfterTime)")
	fl.Var(&f.unbounded, "unbounded-tag-values", "values counted for a tag key that looks unbounded (user_id, ...) when --tag-values does not give it (default 1000)")
	fl.Var(&f.tagValues, "tag-values", "expected distinct values per tag key, e.g. status=3,region=5")
	fl.Var(&f.histogramAggregates, "histogram-aggregates", "custom metrics per histogram or timing series (default 5)")
	fl.BoolVar(&f.percentiles, "percentiles", false, "distributions keep percentiles (10 custom metrics per series, not 5)")
	_ = c.RegisterFlagCompletionFunc("plan", cobra.FixedCompletions([]string{"pro", "enterprise"}, cobra.ShellCompDirectiveNoFileComp))
	_ = c.RegisterFlagCompletionFunc("billing-model", cobra.FixedCompletions([]string{"timeseries", "metric_name"}, cobra.ShellCompDirectiveNoFileComp))
	return f
}

// overrides returns the settings the user gave; flags left out stay nil.
func (f *profileFlags) overrides() preview.Overrides {
	var o preview.Overrides
	given := f.flags.Changed
	if given("hosts") {
		o.Hosts = &f.hosts.v
	}
	if given("no-host-tag") {
		on := !f.noHostTag
		o.HostTag = &on
	}
	if given("account-hosts") {
		o.AccountHosts = &f.accountHosts.v
	}
	if given("plan") {
		o.Plan = &f.plan
	}
	if given("allotment-per-host") {
		o.AllotmentPerHost = &f.allotmentPerHost.v
	}
	if given("existing") {
		o.Existing = &f.existing.v
	}
	if given("existing-ingested") {
		o.ExistingIngested = &f.existingIngested.v
	}
	if given("billing-model") {
		o.BillingModel = &f.model
	}
	if given("price-per-100") {
		o.IndexedPricePer100 = &f.price.v
	}
	if given("ingested-price-per-100") {
		o.IngestedPricePer100 = &f.ingestedPrice.v
	}
	if given("price-per-metric-name") {
		o.MetricNamePrice = &f.namePrice.v
	}
	if given("price-per-million-points") {
		o.PointsPricePerMillion = &f.pointsPrice.v
	}
	if given("unbounded-tag-values") {
		o.UnboundedTagValues = &f.unbounded.v
	}
	if given("hits-per-second") {
		o.HitsPerSecond = &f.hitsPerSecond.v
	}
	if given("active-hours") {
		o.ActiveHours = &f.activeHours.v
	}
	if given("tag-values") {
		o.TagValues = f.tagValues.m
	}
	if given("histogram-aggregates") {
		o.HistogramAggregates = &f.histogramAggregates.v
	}
	if given("percentiles") {
		o.Percentiles = &f.percentiles
	}
	return o
}

// wholeFlag is a whole-number flag with a lower bound and a plain message.
type wholeFlag struct {
	v   uint64
	min uint64
}

func (f *wholeFlag) String() string { return strconv.FormatUint(f.v, 10) }
func (f *wholeFlag) Type() string   { return "N" }
func (f *wholeFlag) Set(s string) error {
	n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
	if errors.Is(err, strconv.ErrRange) {
		return fmt.Errorf("the largest accepted value is %d", uint64(math.MaxUint64))
	}
	if err != nil || n < f.min {
		return fmt.Errorf("give a whole number, %d or more", f.min)
	}
	f.v = n
	return nil
}

// realFlag is a number flag of 0 or more, and at most max when max is set.
type realFlag struct{ v, max float64 }

func (f *realFlag) String() string { return strconv.FormatFloat(f.v, 'f', -1, 64) }
func (f *realFlag) Type() string   { return "N" }
func (f *realFlag) Set(s string) error {
	n, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) || n < 0 {
		return fmt.Errorf("give a number, 0 or more, such as 5.00")
	}
	if f.max > 0 && n > f.max {
		return fmt.Errorf("give a price in USD of at most %s, such as 5.00", strconv.FormatFloat(f.max, 'f', -1, 64))
	}
	f.v = n
	return nil
}

// tagValuesFlag collects key=N pairs; it may be repeated.
type tagValuesFlag struct{ m map[string]uint64 }

func (f *tagValuesFlag) Type() string { return "key=N,..." }
func (f *tagValuesFlag) String() string {
	if len(f.m) == 0 {
		return ""
	}
	var parts []string
	for k, n := range f.m {
		parts = append(parts, k+"="+strconv.FormatUint(n, 10))
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}
func (f *tagValuesFlag) Set(s string) error {
	if f.m == nil {
		f.m = map[string]uint64{}
	}
	for _, pair := range strings.Split(s, ",") {
		pair = strings.TrimSpace(pair)
		if pair == "" {
			continue
		}
		k, v, ok := strings.Cut(pair, "=")
		key := preview.TagKeyOf(k)
		if !ok || key == "" {
			return fmt.Errorf("%q is not key=N; write the tag key and its expected distinct values, e.g. status=3", pair)
		}
		n, err := strconv.ParseUint(strings.TrimSpace(v), 10, 64)
		if errors.Is(err, strconv.ErrRange) {
			return fmt.Errorf("%q: the largest accepted number of values is %d", pair, uint64(math.MaxUint64))
		}
		if err != nil || n < 1 {
			return fmt.Errorf("%q: the number of values of %s must be a whole number, 1 or more, e.g. %s=3", pair, key, key)
		}
		f.m[key] = n
	}
	return nil
}

var _ pflag.Value = (*tagValuesFlag)(nil)
