package preview

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/rk-tui/rk-tui/template"
	"github.com/tidwall/gjson"
)

// Budget is what templates may cost, as a CI policy: in x-rk-tui.profile
// (budget), in the repository's .rk-tui.json (budget), or given by the
// caller. A nil field sets no limit. The JSON form:
//
//	{"max_custom_metrics": 1000, "max_monthly_cost": 50,
//	 "max_increase": "10%", "max_share": "25%"}
type Budget struct {
	// MaxCustomMetrics caps the custom metrics while live
	// (max_custom_metrics).
	MaxCustomMetrics *uint64
	// MaxMonthlyCost caps the monthly cost in USD (max_monthly_cost).
	MaxMonthlyCost *float64
	// MaxIncrease caps what a change adds (max_increase); only a
	// comparison of two versions has an increase. A count or percentage
	// limits the custom metrics, and the series sent before tag
	// configurations each.
	MaxIncrease *Increase
	// MaxShare caps the share of the allotment, 0.25 for 25% (max_share).
	MaxShare *float64
}

// Increase is a limit on growth: custom metrics ("50"), a percentage of
// them ("10%"), or USD a month ("$5").
type Increase struct {
	Value   float64
	Percent bool
	USD     bool
}

func (i Increase) String() string {
	switch {
	case i.Percent:
		return fmtFloat(i.Value) + "%"
	case i.USD:
		return "$" + fmtPrice(i.Value)
	}
	return AmountOf(i.Value).Human(0)
}

// ParseIncrease reads "10%", "$5" or "50".
func ParseIncrease(s string) (Increase, error) {
	t := strings.TrimSpace(s)
	var inc Increase
	switch {
	case strings.HasSuffix(t, "%"):
		inc.Percent, t = true, strings.TrimSuffix(t, "%")
	case strings.HasPrefix(t, "$"):
		inc.USD, t = true, strings.TrimPrefix(t, "$")
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
	if err != nil || !finite(v) || v < 0 {
		return Increase{}, fmt.Errorf("%q is not an increase; give custom metrics (50), a percentage of them (10%%) or USD a month ($5)", s)
	}
	inc.Value = v
	return inc, nil
}

// ParseShare reads a share of the allotment: "25%" or 0.25.
func ParseShare(s string) (float64, error) {
	t := strings.TrimSpace(s)
	pct := strings.HasSuffix(t, "%")
	v, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(t, "%")), 64)
	if pct {
		v /= 100
	}
	if err != nil || !finite(v) || v < 0 {
		return 0, fmt.Errorf("%q is not a share of the allotment; give a percentage (25%%) or a fraction (0.25)", s)
	}
	return v, nil
}

// Merge returns b with the limits over sets laid over it.
func (b Budget) Merge(over Budget) Budget {
	if over.MaxCustomMetrics != nil {
		b.MaxCustomMetrics = over.MaxCustomMetrics
	}
	if over.MaxMonthlyCost != nil {
		b.MaxMonthlyCost = over.MaxMonthlyCost
	}
	if over.MaxIncrease != nil {
		b.MaxIncrease = over.MaxIncrease
	}
	if over.MaxShare != nil {
		b.MaxShare = over.MaxShare
	}
	return b
}

// IsZero reports whether the budget sets no limit.
func (b Budget) IsZero() bool {
	return b.MaxCustomMetrics == nil && b.MaxMonthlyCost == nil && b.MaxIncrease == nil && b.MaxShare == nil
}

// Figures are what a budget is checked against: one template's or a whole
// account's.
type Figures struct {
	CustomMetrics Count
	// SentCustomMetrics is every metric's series with every tag as sent,
	// before any tag configuration: a tag configuration cuts what is
	// indexed, not what is sent and ingested, so max_increase watches
	// growth here too (a new user_id tag under a configuration).
	SentCustomMetrics Count
	// MonthlyCost means nothing unless CostEstimated.
	MonthlyCost   Amount
	CostEstimated bool
	// CostAtMost: the cost is an upper bound (Metric Name Pricing counts
	// the most datapoints the rate limit allows).
	CostAtMost bool
	// Share is the share of the allotment (ShareWithExisting: the
	// account's whole use).
	Share float64
}

// Same reports whether f and g are the same figures.
func (f Figures) Same(g Figures) bool {
	return f.CustomMetrics.Cmp(g.CustomMetrics) == 0 && f.SentCustomMetrics.Cmp(g.SentCustomMetrics) == 0 && f.MonthlyCost.Cmp(g.MonthlyCost) == 0 && f.CostEstimated == g.CostEstimated && f.CostAtMost == g.CostAtMost && f.Share == g.Share
}

// Figures of a template's estimate.
func (r Result) Figures() Figures {
	return Figures{CustomMetrics: r.CustomMetrics, SentCustomMetrics: r.UnconfiguredCustomMetrics, MonthlyCost: r.MonthlyCostUSD, CostEstimated: r.CostEstimated, CostAtMost: r.MetricNames != nil, Share: r.ShareWithExisting()}
}

// Breach is a budget a figure goes past.
type Breach struct {
	// Scope is the template the budget is its own, "" for the total.
	Scope string `json:"scope"`
	// Setting is the budget's JSON name, e.g. max_increase.
	Setting string `json:"setting"`
	// Msg says what went past what, e.g. "custom metrics grow by 4,794
	// (+79,900%), past the 10% allowed".
	Msg string `json:"message"`
}

// Check lists the limits f goes past (max_increase aside).
func (b Budget) Check(f Figures) []Breach {
	var out []Breach
	if b.MaxCustomMetrics != nil && f.CustomMetrics.Cmp(CountOf(*b.MaxCustomMetrics)) > 0 {
		out = append(out, Breach{Setting: "max_custom_metrics", Msg: fmt.Sprintf("%s custom metrics, over the %s allowed", f.CustomMetrics.Human(), CountOf(*b.MaxCustomMetrics).Human())})
	}
	if b.MaxMonthlyCost != nil {
		switch {
		case !f.CostEstimated:
			out = append(out, Breach{Setting: "max_monthly_cost", Msg: "the monthly cost is not estimated (the billing model's prices are not given), so the budget of $" + fmtPrice(*b.MaxMonthlyCost) + " cannot be checked"})
		case moneyOver(f.MonthlyCost.val(), *b.MaxMonthlyCost):
			msg := fmt.Sprintf("%s a month, over the $%s allowed", f.MonthlyCost.USD(), fmtPrice(*b.MaxMonthlyCost))
			if f.CostAtMost {
				msg = "at most " + msg + " (the most datapoints the rate limit allows: set hits_per_second to the traffic you expect)"
			}
			out = append(out, Breach{Setting: "max_monthly_cost", Msg: msg})
		}
	}
	if b.MaxShare != nil && f.Share > *b.MaxShare {
		out = append(out, Breach{Setting: "max_share", Msg: fmt.Sprintf("%s of the allotment, over the %s allowed", Percent(f.Share), Percent(*b.MaxShare))})
	}
	return out
}

// CheckIncrease lists the limits after goes past, max_increase included
// (measured from before).
func (b Budget) CheckIncrease(before, after Figures) []Breach {
	out := b.Check(after)
	inc := b.MaxIncrease
	if inc == nil {
		return out
	}
	if inc.USD {
		if !before.CostEstimated || !after.CostEstimated {
			return append(out, Breach{Setting: "max_increase", Msg: "the monthly cost is not estimated (the billing model's prices are not given), so the budget of " + inc.String() + " more cannot be checked"})
		}
		grow := new(big.Float).Sub(after.MonthlyCost.val(), before.MonthlyCost.val())
		if moneyOver(grow, inc.Value) {
			out = append(out, Breach{Setting: "max_increase", Msg: fmt.Sprintf("the monthly cost grows by %s, past the %s allowed", amountOf(grow).USD(), inc.String())})
		}
		return out
	}
	out = append(out, inc.checkGrowth("custom metrics", before.CustomMetrics, after.CustomMetrics)...)
	if before.SentCustomMetrics.Cmp(before.CustomMetrics) == 0 && after.SentCustomMetrics.Cmp(after.CustomMetrics) == 0 {
		return out // no tag configuration on either side: the same count
	}
	return append(out, inc.checkGrowth("custom metrics sent (every tag, before tag configurations)", before.SentCustomMetrics, after.SentCustomMetrics)...)
}

// checkGrowth is max_increase in custom metrics or a percentage of them,
// for one count (what names it).
func (inc Increase) checkGrowth(what string, before, after Count) []Breach {
	grow := new(big.Int).Sub(after.bigInt(), before.bigInt())
	if grow.Sign() <= 0 {
		return nil
	}
	g := countFromBig(grow)
	if inc.Percent {
		if GrowthPercent(before, after) > inc.Value {
			return []Breach{{Setting: "max_increase", Msg: fmt.Sprintf("%s grow by %s (%s), past the %s allowed", what, g.Human(), PercentChange(before, after), inc.String())}}
		}
		return nil
	}
	if new(big.Float).SetInt(grow).Cmp(new(big.Float).SetFloat64(inc.Value)) > 0 {
		return []Breach{{Setting: "max_increase", Msg: fmt.Sprintf("%s grow by %s, past the %s allowed", what, g.Human(), inc.String())}}
	}
	return nil
}

// GrowthPercent is how much after grows over before, in percent: +Inf from
// nothing to something.
func GrowthPercent(before, after Count) float64 {
	if before.IsZero() {
		if after.IsZero() {
			return 0
		}
		return math.Inf(1)
	}
	d := new(big.Float).SetInt(new(big.Int).Sub(after.bigInt(), before.bigInt()))
	d.Quo(d, before.float())
	f, _ := d.Float64()
	return f * 100
}

// PercentChange shows the change from before to after: +25%, -3.2%, new.
func PercentChange(before, after Count) string {
	pct := GrowthPercent(before, after)
	switch {
	case math.IsInf(pct, 1):
		return "new"
	case pct == 0:
		return "±0%"
	case pct > 0:
		return "+" + Percent(pct/100)
	}
	return "-" + Percent(-pct/100)
}

var budgetFields = []string{"max_custom_metrics", "max_monthly_cost", "max_increase", "max_share"}

// readBudget reads a budget object at path.
func readBudget(v gjson.Result, path string) (Budget, *FieldError) {
	var b Budget
	if !v.IsObject() {
		return b, &FieldError{Field: "budget", Path: path, Msg: "is " + describe(v) + "; a budget is an object such as {\"max_custom_metrics\": 1000, \"max_increase\": \"10%\"}"}
	}
	var fe *FieldError
	v.ForEach(func(k, x gjson.Result) bool {
		key := k.String()
		kp := path + "." + template.Key(key)
		var msg string
		switch key {
		case "max_custom_metrics":
			var n uint64
			n, msg = wholeNumber(x, 0, "1000")
			b.MaxCustomMetrics = &n
		case "max_monthly_cost":
			var f float64
			f, msg = realNumber(x, 0, "50")
			b.MaxMonthlyCost = &f
		case "max_increase":
			text := x.Raw
			if x.Type == gjson.String {
				text = x.Str
			}
			inc, err := ParseIncrease(text)
			if err != nil || (x.Type != gjson.String && x.Type != gjson.Number) {
				msg = "is " + describe(x) + "; give custom metrics (50), a percentage of them (\"10%\") or USD a month (\"$5\")"
			}
			b.MaxIncrease = &inc
		case "max_share":
			text := x.Raw
			if x.Type == gjson.String {
				text = x.Str
			}
			sh, err := ParseShare(text)
			if err != nil || (x.Type != gjson.String && x.Type != gjson.Number) {
				msg = "is " + describe(x) + "; give a percentage (\"25%\") or a fraction (0.25) of the allotment"
			}
			b.MaxShare = &sh
		default:
			msg = unknownKey(key, budgetFields)
		}
		if msg != "" {
			fe = &FieldError{Field: key, Path: kp, Msg: msg}
			return false
		}
		return true
	})
	return b, fe
}

// moneyOver reports whether a sum of money is over a limit, to the
// hundredth of a cent: prices are floats, and $0.30 + $1.20 must not be
// over $1.50 by a rounding error.
func moneyOver(sum *big.Float, limit float64) bool {
	const unit = 1e4
	s, _ := new(big.Float).Mul(sum, big.NewFloat(unit)).Float64()
	return math.Round(s) > math.Round(limit*unit)
}
