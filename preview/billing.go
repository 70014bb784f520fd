package preview

import "fmt"

// BillingModel is how the account pays for custom metrics. Datadog offers
// two, mutually exclusive (docs.datadoghq.com: account_management/billing/
// custom_metrics and account_management/billing/metric_name_pricing).
type BillingModel string

const (
	// ModelTimeseries bills the monthly average of the hourly count of
	// distinct custom metrics (name + tag values, host included) over an
	// allotment of 100 (Pro) or 200 (Enterprise) per host, pooled. A metric
	// with a Metrics without Limits tag configuration is billed twice:
	// ingested (every tag sent) at $0.10 per 100 over the allotment, and
	// indexed (the tags it keeps, times its aggregations) at the contract's
	// price; a metric without one is billed for its indexed volume only.
	ModelTimeseries BillingModel = "timeseries"
	// ModelMetricName (Metric Name Pricing) bills each metric name with more
	// than 100 indexed datapoints a month, and the indexed datapoints above
	// 10 million per name, at the contract's tiered prices.
	ModelMetricName BillingModel = "metric_name"
)

// Prices Datadog publishes, and the assumed one it does not.
const (
	// IngestedPricePer100 is Datadog's published price of 100 ingested
	// custom metrics over the allotment, per month.
	IngestedPricePer100 = 0.10
	// AssumedIndexedPricePer100 stands in for the contract's price of 100
	// indexed custom metrics over the allotment. Datadog does not publish
	// one; $5 per 100 is the figure commonly quoted for list price.
	AssumedIndexedPricePer100 = 5.00
	// MetricNameIndexedPoints is what each billed metric name includes under
	// Metric Name Pricing; a name is billed once it has more than
	// MetricNameMinPoints indexed datapoints in the month.
	MetricNameIndexedPoints = 10_000_000
	MetricNameMinPoints     = 100
)

// Billing is the billing model of the account and its prices, all in USD a
// month. The settings of x-rk-tui.profile are named with each field.
type Billing struct {
	// Model is billing_model: "timeseries" (the default) or "metric_name".
	Model BillingModel
	// IndexedPricePer100 is the price of 100 indexed custom metrics over
	// the allotment (indexed_price_per_100; older files call it
	// price_per_100). IndexedPriceGiven is false while it is the assumed
	// default.
	IndexedPricePer100 float64
	IndexedPriceGiven  bool
	// IngestedPricePer100 is the price of 100 ingested custom metrics over
	// the allotment (ingested_price_per_100), $0.10 unless the contract
	// says otherwise.
	IngestedPricePer100 float64
	// MetricNamePrice is the price of one billable metric name
	// (price_per_metric_name) and PointsPricePerMillion that of a million
	// indexed datapoints over the allowance (price_per_million_points), for
	// the metric_name model; nil when not given (Datadog publishes neither:
	// they are tiered in the contract).
	MetricNamePrice       *float64
	PointsPricePerMillion *float64
}

// DefaultBilling is the timeseries model at the published ingested price
// and the assumed indexed price.
func DefaultBilling() Billing {
	return Billing{Model: ModelTimeseries, IndexedPricePer100: AssumedIndexedPricePer100, IngestedPricePer100: IngestedPricePer100}
}

// MaxPrice bounds every price setting: more is a typo (or a hostile file),
// and would carry the estimate past what a float64 can hold.
const MaxPrice = 1_000_000

func (b Billing) problems() []*FieldError {
	var out []*FieldError
	bad := func(field, format string, a ...any) {
		out = append(out, &FieldError{Field: field, Msg: fmt.Sprintf(format, a...)})
	}
	if b.Model != ModelTimeseries && b.Model != ModelMetricName {
		bad("billing_model", "is %q; it must be %q (custom metrics, Datadog's usual model) or %q (Metric Name Pricing)", b.Model, ModelTimeseries, ModelMetricName)
	}
	price := func(field string, v float64, example string) {
		switch {
		case !finite(v) || v < 0:
			bad(field, "is %v; it must be a price in USD, 0 or more (e.g. %s)", v, example)
		case v > MaxPrice:
			bad(field, "is %v; a price over $%s is not one Datadog charges: give USD (e.g. %s)", v, AmountOf(MaxPrice).Human(0), example)
		}
	}
	price("indexed_price_per_100", b.IndexedPricePer100, "5.00")
	price("ingested_price_per_100", b.IngestedPricePer100, "0.10")
	if b.MetricNamePrice != nil {
		price("price_per_metric_name", *b.MetricNamePrice, "0.25")
	}
	if b.PointsPricePerMillion != nil {
		price("price_per_million_points", *b.PointsPricePerMillion, "0.05")
	}
	return out
}

func (b Billing) repaired(field string) Billing {
	d := DefaultBilling()
	switch field {
	case "billing_model":
		b.Model = d.Model
	case "indexed_price_per_100":
		b.IndexedPricePer100, b.IndexedPriceGiven = d.IndexedPricePer100, false
	case "ingested_price_per_100":
		b.IngestedPricePer100 = d.IngestedPricePer100
	case "price_per_metric_name":
		b.MetricNamePrice = nil
	case "price_per_million_points":
		b.PointsPricePerMillion = nil
	}
	return b
}
