package preview

import (
	"fmt"
	"maps"
	"strings"
)

// Overrides are profile settings given outside the working file: on the
// command line, or by a caller that asks "what if". A nil field leaves the
// file's value; a non-nil one replaces it. The names follow the settings of
// x-rk-tui.profile, so errors name a setting (FieldError.Field) and each
// caller words it in its own terms (a flag, a form field).
type Overrides struct {
	Hosts            *uint64
	HostTag          *bool
	AccountHosts     *uint64
	Plan             *string
	AllotmentPerHost *uint64
	Existing         *uint64
	ExistingIngested *uint64
	BillingModel     *string
	// IndexedPricePer100 and the other prices are Billing's.
	IndexedPricePer100    *float64
	IngestedPricePer100   *float64
	MetricNamePrice       *float64
	PointsPricePerMillion *float64
	ActiveHours           *float64
	HistogramAggregates   *uint64
	Percentiles           *bool
	HitsPerSecond         *float64
	UnboundedTagValues    *uint64
	// TagValues merge per key over the file's.
	TagValues map[string]uint64
}

// Apply writes o over p, then checks the result. The rules of precedence
// live here, so every caller agrees:
//   - a plan given without an allotment per host drops the file's
//     allotment_per_host: the plan asked for wins;
//   - active hours given drop the note of where the file's came from;
//   - tag values merge per key.
//
// A bad value is a *FieldError naming the setting (Path empty).
func (p *Profile) Apply(o Overrides) error {
	if o.Plan != nil {
		plan := Plan(strings.ToLower(strings.TrimSpace(*o.Plan)))
		if plan != PlanPro && plan != PlanEnterprise {
			return &FieldError{Field: "plan", Msg: planMsg(*o.Plan), Alt: &Alternative{Why: "for another allotment, set", Setting: "allotment_per_host"}}
		}
		p.Plan = plan
		if o.AllotmentPerHost == nil {
			p.AllotmentPerHost = 0
		}
	}
	set(&p.Hosts, o.Hosts)
	if o.HostTag != nil {
		p.HostTag = HostTagOff
		if *o.HostTag {
			p.HostTag = HostTagOn
		}
	}
	set(&p.AccountHosts, o.AccountHosts)
	set(&p.AllotmentPerHost, o.AllotmentPerHost)
	set(&p.Existing, o.Existing)
	set(&p.ExistingIngested, o.ExistingIngested)
	if o.BillingModel != nil {
		p.Billing.Model = BillingModel(strings.ToLower(strings.TrimSpace(*o.BillingModel)))
	}
	if o.IndexedPricePer100 != nil {
		p.Billing.IndexedPricePer100, p.Billing.IndexedPriceGiven = *o.IndexedPricePer100, true
	}
	set(&p.Billing.IngestedPricePer100, o.IngestedPricePer100)
	if o.MetricNamePrice != nil {
		p.Billing.MetricNamePrice = o.MetricNamePrice
	}
	if o.PointsPricePerMillion != nil {
		p.Billing.PointsPricePerMillion = o.PointsPricePerMillion
	}
	if o.ActiveHours != nil {
		p.ActiveHours, p.ActiveHoursNote = *o.ActiveHours, ""
	}
	set(&p.HistogramAggregates, o.HistogramAggregates)
	set(&p.Percentiles, o.Percentiles)
	set(&p.HitsPerSecond, o.HitsPerSecond)
	set(&p.UnboundedTagValues, o.UnboundedTagValues)
	if o.TagValues != nil {
		tv := make(map[string]uint64, len(p.TagValues)+len(o.TagValues))
		maps.Copy(tv, p.TagValues)
		maps.Copy(tv, o.TagValues)
		p.TagValues = tv
	}
	return p.Check()
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

func planMsg(given string) string {
	return fmt.Sprintf("is %q; it must be %q (100 custom metrics per host) or %q (200)", given, PlanPro, PlanEnterprise)
}
