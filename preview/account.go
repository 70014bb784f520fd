package preview

import "math/big"

// AccountRow is one template of an account: its name and estimate.
type AccountRow struct {
	Name   string
	Result Result
}

// Account is several templates billed as one Datadog account: their
// custom metrics added up against one allotment, as a repository of
// templates is. Each template keeps its own hosts, hours and tag values;
// the account's profile gives the plan, account hosts, existing use,
// model and prices.
type Account struct {
	Templates []AccountRow
	// The totals, as in a Result.
	CustomMetrics         Count
	IngestedCustomMetrics Count
	// SentCustomMetrics is every series as sent, before tag configurations.
	SentCustomMetrics Count
	Billable          Amount
	BillableIngested  Amount
	// AccountHosts is the profile's account_hosts, else the largest of the
	// templates' (they run on one fleet: adding them up would count a host
	// once per template); never fewer than the hosts of any template's
	// breakpoint.
	AccountHosts     Count
	AllotmentPerHost uint64
	Plan             Plan
	Allotment        Count
	Existing         Count
	ExistingIngested Count
	Overage          Amount
	IngestedOverage  Amount
	IndexedCostUSD   Amount
	IngestedCostUSD  Amount
	MonthlyCostUSD   Amount
	CostEstimated    bool
	// MetricNames merges the templates' names under metric_name (a name
	// in two templates is one name); nil under timeseries.
	MetricNames *MetricNames
	Billing     Billing
}

// NewAccount adds the templates up under the account's profile.
func NewAccount(rows []AccountRow, p Profile) Account {
	if p.Check() != nil {
		p = p.repaired()
	}
	a := Account{Templates: rows, Existing: CountOf(p.Existing), ExistingIngested: CountOf(p.ExistingIngested),
		AllotmentPerHost: p.PerHost(), Plan: p.Plan, Billing: p.Billing, CostEstimated: true}
	if p.AllotmentPerHost > 0 {
		a.Plan = ""
	}
	a.AccountHosts = CountOf(p.AccountHosts)
	billable, ingested := new(big.Float).SetPrec(amountPrec), new(big.Float).SetPrec(amountPrec)
	for _, row := range rows {
		r := row.Result
		a.CustomMetrics = a.CustomMetrics.Add(r.CustomMetrics)
		a.IngestedCustomMetrics = a.IngestedCustomMetrics.Add(r.IngestedCustomMetrics)
		a.SentCustomMetrics = a.SentCustomMetrics.Add(r.UnconfiguredCustomMetrics)
		billable.Add(billable, r.Billable.val())
		ingested.Add(ingested, r.BillableIngested.val())
		if p.AccountHosts == 0 && r.AccountHosts.Cmp(a.AccountHosts) > 0 {
			a.AccountHosts = r.AccountHosts
		}
		if r.Hosts.Cmp(a.AccountHosts) > 0 {
			a.AccountHosts = r.Hosts // the account has the hosts that run its breakpoints
		}
	}
	a.Billable, a.BillableIngested = amountOf(billable), amountOf(ingested)
	a.Allotment = a.AccountHosts.MulUint(a.AllotmentPerHost)
	a.Overage = overage(a.Billable, a.Existing, a.Allotment)
	a.IngestedOverage = overage(a.BillableIngested, a.ExistingIngested, a.Allotment)
	a.IndexedCostUSD = per100(a.Overage, p.Billing.IndexedPricePer100)
	a.IngestedCostUSD = per100(a.IngestedOverage, p.Billing.IngestedPricePer100)
	if p.Billing.Model != ModelMetricName {
		a.MonthlyCostUSD = amountOf(new(big.Float).Add(a.IndexedCostUSD.val(), a.IngestedCostUSD.val()))
		return a
	}
	mn := &MetricNames{points: map[string]Count{}}
	for _, row := range rows {
		tm := row.Result.MetricNames
		if tm == nil {
			continue
		}
		for _, n := range tm.order {
			if _, ok := mn.points[n]; !ok {
				mn.order = append(mn.order, n)
			}
			mn.points[n] = mn.points[n].Add(tm.points[n])
		}
		mn.Hits = mn.Hits.Add(tm.Hits)
	}
	mn.price(p.Billing)
	a.MetricNames, a.CostEstimated = mn, p.Billing.MetricNamePrice != nil
	a.MonthlyCostUSD = amountOf(new(big.Float).Add(mn.NamesCostUSD.val(), mn.PointsCostUSD.val()))
	return a
}

// Share is the account's whole use of its allotment, existing included.
func (a Account) Share() float64 {
	return ratio(amountOf(new(big.Float).Add(a.Existing.float(), a.Billable.val())), a.Allotment)
}

// Figures of the account, for a budget.
func (a Account) Figures() Figures {
	return Figures{CustomMetrics: a.CustomMetrics, SentCustomMetrics: a.SentCustomMetrics, MonthlyCost: a.MonthlyCostUSD, CostEstimated: a.CostEstimated, CostAtMost: a.MetricNames != nil, Share: a.Share()}
}
