package preview

import (
	"math"
	"strings"
	"time"

	"github.com/rk-tui/rk-tui/template"
	"github.com/tidwall/gjson"
)

// ProfileFrom reads the profile of a document: the defaults, overlaid with
// x-rk-tui.profile. When the profile gives no active_hours and the template
// sets aug.globalDisableAfterTime, ActiveHours is the time from now until
// then, capped at the month. A bad value is a *FieldError naming its path.
// A nil document gives the defaults.
func ProfileFrom(doc *template.Document, now time.Time) (Profile, error) {
	return profileFrom(doc, now, nil)
}

// profileFrom is ProfileFrom over a repository's profile instead of the
// bare defaults.
func profileFrom(doc *template.Document, now time.Time, cfg *Config) (Profile, error) {
	p, activeGiven := DefaultProfile(), false
	if cfg != nil {
		p, activeGiven = cfg.profile, cfg.activeGiven
	}
	if doc == nil {
		return p, nil
	}
	raw := doc.Get(template.ExtensionKey)
	if raw.Exists() && !raw.IsObject() {
		return p, &FieldError{Path: template.ExtensionKey, Msg: "must be an object holding the tool's own data, e.g. {\"profile\": {\"hosts\": 3}}"}
	}
	if prof := doc.Extension("profile"); prof.Exists() {
		given, err := overlayProfile(&p, prof, ProfilePath)
		if err != nil {
			return p, err
		}
		activeGiven = activeGiven || given
	}
	if !activeGiven {
		if h, note, ok := ActiveHoursUntil(doc.Get("aug.globalDisableAfterTime").String(), now, p.HoursInMonth); ok {
			p.ActiveHours, p.ActiveHoursNote = h, note
		} else {
			p.ActiveHours = p.HoursInMonth
		}
	}
	if errs := p.problems(); len(errs) > 0 {
		fe := errs[0]
		fe.Path = ProfilePath + "." + fe.Field
		if !doc.Get(fe.Path).Exists() {
			fe.Path = ProfilePath
		}
		return p, fe
	}
	return p, nil
}

// overlayProfile writes the settings of a JSON profile over p and reports
// whether active_hours was among them.
func overlayProfile(p *Profile, prof gjson.Result, prefix string) (activeGiven bool, err error) {
	if !prof.IsObject() {
		return false, &FieldError{Path: prefix, Msg: "is " + describe(prof) + "; it must be an object such as {\"hosts\": 3, \"plan\": \"pro\"}"}
	}
	var fe *FieldError
	priceGiven, priceKey := false, ""
	prof.ForEach(func(k, v gjson.Result) bool {
		key := k.String()
		path := prefix + "." + template.Key(key)
		fail := func(msg string) bool {
			fe = &FieldError{Field: key, Path: path, Msg: msg}
			return false
		}
		var msg string
		switch key {
		case "hosts":
			p.Hosts, msg = wholeNumber(v, 1, "3")
		case "host_tag":
			var on bool
			on, msg = boolean(v)
			p.HostTag = HostTagOff
			if on {
				p.HostTag = HostTagOn
			}
		case "account_hosts":
			p.AccountHosts, msg = wholeNumber(v, 1, "40")
			if msg != "" {
				msg += "; leave it out to pool over the breakpoint's own hosts"
			}
		case "plan":
			if v.Type != gjson.String {
				return fail("is " + describe(v) + "; it must be \"pro\" or \"enterprise\"")
			}
			p.Plan = Plan(strings.ToLower(strings.TrimSpace(v.Str)))
			if p.Plan != PlanPro && p.Plan != PlanEnterprise {
				fe = &FieldError{Field: key, Path: path, Msg: planMsg(v.Str), Alt: &Alternative{Why: "for another allotment, set", Setting: "allotment_per_host"}}
				return false
			}
		case "allotment_per_host":
			p.AllotmentPerHost, msg = wholeNumber(v, 1, "100")
			if msg != "" {
				msg += "; leave it out to use the plan's"
			}
		case "existing":
			p.Existing, msg = wholeNumber(v, 0, "1200")
		case "existing_ingested":
			p.ExistingIngested, msg = wholeNumber(v, 0, "1200")
		case "billing_model":
			p.Billing.Model = BillingModel(strings.ToLower(strings.TrimSpace(v.Str)))
			if v.Type != gjson.String || (p.Billing.Model != ModelTimeseries && p.Billing.Model != ModelMetricName) {
				msg = "is " + describe(v) + "; it must be \"timeseries\" (custom metrics, Datadog's usual model) or \"metric_name\" (Metric Name Pricing)"
			}
		case "indexed_price_per_100", "price_per_100":
			if priceGiven {
				return fail("and " + priceKey + " are the same price (price_per_100 is its older name); keep indexed_price_per_100")
			}
			priceGiven, priceKey = true, key
			p.Billing.IndexedPricePer100, msg = realNumber(v, 0, "5.00")
			p.Billing.IndexedPriceGiven = true
		case "ingested_price_per_100":
			p.Billing.IngestedPricePer100, msg = realNumber(v, 0, "0.10")
		case "price_per_metric_name":
			var f float64
			f, msg = realNumber(v, 0, "0.25")
			p.Billing.MetricNamePrice = &f
		case "price_per_million_points":
			var f float64
			f, msg = realNumber(v, 0, "0.05")
			p.Billing.PointsPricePerMillion = &f
		case "hits_per_second":
			p.HitsPerSecond, msg = realNumber(v, 0, "20")
		case "unbounded_tag_values":
			p.UnboundedTagValues, msg = wholeNumber(v, 1, "1000")
		case "budget":
			var be *FieldError
			if p.Budget, be = readBudget(v, path); be != nil {
				fe = be
				return false
			}
		case "active_hours":
			p.ActiveHours, msg = realNumber(v, 0, "168")
			activeGiven = true
		case "hours_in_month":
			p.HoursInMonth, msg = realNumber(v, 0, "730")
			if msg == "" && p.HoursInMonth == 0 {
				msg = "is 0; it must be more than 0 (Datadog averages over 730)"
			}
		case "tag_values":
			var entry string
			if entry, msg = readTagValues(p, v); entry != "" {
				path += "." + template.Key(entry)
			}
		case "histogram_aggregates":
			p.HistogramAggregates, msg = wholeNumber(v, 1, "5")
		case "percentiles":
			p.Percentiles, msg = boolean(v)
		default:
			return fail(unknownKey(key, profileFields))
		}
		if msg != "" {
			return fail(msg)
		}
		return true
	})
	if fe != nil {
		return activeGiven, fe
	}
	return activeGiven, nil
}

// readTagValues reads {"key": N, ...} into p. On a bad value it returns the
// message and, when one entry is at fault, that entry's key.
func readTagValues(p *Profile, v gjson.Result) (entry, msg string) {
	if !v.IsObject() {
		return "", "is " + describe(v) + "; it must be an object from tag key to expected distinct values, e.g. {\"status\": 2, \"region\": 5}"
	}
	tv := make(map[string]uint64, len(p.TagValues))
	for k, n := range p.TagValues {
		tv[k] = n
	}
	v.ForEach(func(k, n gjson.Result) bool {
		key := TagKeyOf(k.String())
		if key == "" {
			entry, msg = k.String(), "is not a tag key; write a key such as status (no ':'), as Datadog stores it"
			return false
		}
		count, m := wholeNumber(n, 1, "3")
		if m != "" {
			entry, msg = k.String(), m
			return false
		}
		tv[key] = count
		return true
	})
	if msg == "" {
		p.TagValues = tv
	}
	return entry, msg
}

// ActiveHoursUntil returns the hours from now until disableAfter (an RFC
// 3339 time, aug.globalDisableAfterTime), capped at hoursInMonth and never
// below 0, and a note saying so. ok is false when disableAfter is empty or
// not a time (validation reports the latter).
func ActiveHoursUntil(disableAfter string, now time.Time, hoursInMonth float64) (hours float64, note string, ok bool) {
	if strings.TrimSpace(disableAfter) == "" {
		return 0, "", false
	}
	end, err := time.Parse(time.RFC3339, disableAfter)
	if err != nil {
		return 0, "", false
	}
	left := end.Sub(now).Hours()
	switch {
	case left <= 0:
		return 0, "globalDisableAfterTime " + disableAfter + " has passed", true
	case left >= hoursInMonth:
		return hoursInMonth, "globalDisableAfterTime " + disableAfter + " is over a month away", true
	}
	// Whole minutes keep the figures stable between two runs a second apart.
	left = math.Floor(left*60) / 60
	return left, "until " + disableAfter + " (globalDisableAfterTime)", true
}
