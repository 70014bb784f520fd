package preview

import (
	"fmt"
	"math/big"

	"github.com/rk-tui/rk-tui/template"
)

// money fills billable volumes, overage and cost under the profile's model,
// and returns their warnings.
func (e *estimator) money(r *Result, limits template.Limits) []Warning {
	p := e.p
	var ws []Warning
	warn := func(code, path, msg string) { ws = append(ws, Warning{Code: code, Path: path, Message: msg}) }
	r.Billable = e.prorate(r.CustomMetrics)
	r.BillableIngested = e.prorate(r.IngestedCustomMetrics)
	r.Overage = overage(r.Billable, r.Existing, r.Allotment)
	r.IngestedOverage = overage(r.BillableIngested, r.ExistingIngested, r.Allotment)
	r.IndexedCostUSD = per100(r.Overage, p.Billing.IndexedPricePer100)
	r.IngestedCostUSD = per100(r.IngestedOverage, p.Billing.IngestedPricePer100)
	if r.TagConfigured > 0 {
		r.UnconfiguredCostUSD = per100(overage(e.prorate(r.UnconfiguredCustomMetrics), r.Existing, r.Allotment), p.Billing.IndexedPricePer100)
	} else {
		r.UnconfiguredCustomMetrics = r.CustomMetrics
	}

	if p.ActiveHours == 0 {
		note, path := "", ""
		if p.ActiveHoursNote != "" {
			note, path = " ("+p.ActiveHoursNote+")", "aug.globalDisableAfterTime"
		}
		warn("inactive", path, "the breakpoint is live 0 hours this month"+note+", so it adds no billable custom metrics")
	}

	if p.Billing.Model == ModelMetricName {
		r.MetricNames = e.metricNames(r, limits)
		r.CostEstimated = p.Billing.MetricNamePrice != nil
		r.MonthlyCostUSD = amountOf(new(big.Float).Add(r.MetricNames.NamesCostUSD.val(), r.MetricNames.PointsCostUSD.val()))
		return ws
	}
	r.CostEstimated = true
	r.MonthlyCostUSD = amountOf(new(big.Float).Add(r.IndexedCostUSD.val(), r.IngestedCostUSD.val()))
	if r.Share() > shareWarnAbove {
		warn("allotment-share", "", fmt.Sprintf(
			"this template uses %s of the account's allotment of %s custom metrics (over %s); check the tag combinations and hosts above",
			Percent(r.Share()), r.Allotment.Human(), Percent(shareWarnAbove)))
	}
	if r.Overage.Sign() > 0 {
		msg := fmt.Sprintf("this template takes the account %s custom metrics over its allotment of %s", r.Overage.Human(1), r.Allotment.Human())
		if p.Billing.IndexedPricePer100 > 0 {
			msg += fmt.Sprintf(": about %s a month at $%s per 100 (%s)", r.IndexedCostUSD.USD(), shortPrice(p.Billing.IndexedPricePer100), indexedPriceNote(p.Billing))
		}
		warn("overage", "", msg)
	}
	if r.IngestedOverage.Sign() > 0 {
		warn("ingested-overage", "", fmt.Sprintf(
			"the tag-configured metrics take the account %s ingested custom metrics over its allotment of %s: about %s a month at $%s per 100 ingested (an estimate)",
			r.IngestedOverage.Human(1), r.Allotment.Human(), r.IngestedCostUSD.USD(), shortPrice(p.Billing.IngestedPricePer100)))
	}
	return ws
}

// prorate is n × ActiveHours / HoursInMonth: the monthly average of the
// hourly count.
func (e *estimator) prorate(n Count) Amount {
	f := n.float()
	f.Mul(f, new(big.Float).SetFloat64(e.p.ActiveHours))
	f.Quo(f, new(big.Float).SetFloat64(e.p.HoursInMonth))
	return amountOf(f)
}

// overage is the increase a billable volume causes above the allotment,
// computed from the headroom left, so a huge existing count cannot swallow
// a small template in rounding.
func overage(billable Amount, existing, allotment Count) Amount {
	allot, ex := allotment.float(), existing.float()
	over := new(big.Float).SetPrec(amountPrec)
	if ex.Cmp(allot) >= 0 {
		over.Set(billable.val())
	} else {
		headroom := new(big.Float).SetPrec(amountPrec).Sub(allot, ex)
		over.Sub(billable.val(), headroom)
	}
	return amountOf(over)
}

func per100(a Amount, price float64) Amount {
	cost := new(big.Float).SetPrec(amountPrec).Set(a.val())
	cost.Mul(cost, new(big.Float).SetFloat64(price))
	cost.Quo(cost, new(big.Float).SetInt64(100))
	return amountOf(cost)
}

// indexedPriceNote says where the indexed price comes from.
func indexedPriceNote(b Billing) string {
	if b.IndexedPriceGiven {
		return "the profile's price; an estimate"
	}
	return "an assumed price: Datadog leaves the indexed price to the contract; set indexed_price_per_100 to yours"
}

// shortPrice shows a price without trailing zeros of whole dollars: 5, 0.10.
func shortPrice(p float64) string {
	s := fmt.Sprintf("%.2f", p)
	if len(s) > 3 && s[len(s)-3:] == ".00" {
		return s[:len(s)-3]
	}
	return s
}
