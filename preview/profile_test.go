package preview

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rk-tui/rk-tui/template"
)

var now = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

func profileDoc(t *testing.T, profile string, augExtra ...string) *template.Document {
	t.Helper()
	js := templateJSON(t, []metricJSON{m("a.b", "count")}, `"x-rk-tui": {"profile": `+profile+`}`)
	if len(augExtra) > 0 {
		js = strings.Replace(js, `"aug": {`, `"aug": {`+augExtra[0]+`, `, 1)
	}
	return parseDoc(t, js)
}

func TestProfileDefaults(t *testing.T) {
	p, err := ProfileFrom(nil, now)
	if err != nil {
		t.Fatal(err)
	}
	want := Profile{Hosts: 1, Plan: PlanPro, ActiveHours: 730, HoursInMonth: 730, HistogramAggregates: 5, UnboundedTagValues: 1000,
		Billing: Billing{Model: ModelTimeseries, IndexedPricePer100: 5, IngestedPricePer100: 0.10}}
	if !reflect.DeepEqual(p, want) || !reflect.DeepEqual(DefaultProfile(), want) {
		t.Errorf("defaults = %+v", p)
	}
	// A document without the extension gives the same.
	p, err = ProfileFrom(docOf(t, []metricJSON{m("a.b", "count")}), now)
	if err != nil || !reflect.DeepEqual(p, want) {
		t.Errorf("no profile: %+v, %v", p, err)
	}
	if p.PerHost() != 100 {
		t.Errorf("per host = %d", p.PerHost())
	}
}

func TestProfileEveryField(t *testing.T) {
	d := profileDoc(t, `{
	  "hosts": 12, "host_tag": false, "account_hosts": 40, "plan": "Enterprise",
	  "allotment_per_host": 150, "existing": 18446744073709551615, "price_per_100": 4.5,
	  "active_hours": 168, "hours_in_month": 744, "tag_values": {"Status": 3, "region": 1e1},
	  "histogram_aggregates": 7, "percentiles": true}`)
	p, err := ProfileFrom(d, now)
	if err != nil {
		t.Fatal(err)
	}
	want := Profile{Hosts: 12, HostTag: HostTagOff, AccountHosts: 40, Plan: PlanEnterprise, AllotmentPerHost: 150,
		Existing: math.MaxUint64, ActiveHours: 168, HoursInMonth: 744,
		Billing:   Billing{Model: ModelTimeseries, IndexedPricePer100: 4.5, IndexedPriceGiven: true, IngestedPricePer100: 0.10},
		TagValues: map[string]uint64{"status": 3, "region": 10}, HistogramAggregates: 7, Percentiles: true, UnboundedTagValues: 1000}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("got  %+v\nwant %+v", p, want)
	}
	if p.PerHost() != 150 {
		t.Errorf("allotment_per_host wins over the plan: %d", p.PerHost())
	}
}

func TestProfileBillingFields(t *testing.T) {
	d := profileDoc(t, `{"billing_model": "Metric_Name", "indexed_price_per_100": 3, "ingested_price_per_100": 0.2,
	  "price_per_metric_name": 0.25, "price_per_million_points": 0.05, "existing_ingested": 900, "hits_per_second": 12.5, "host_tag": true}`)
	p, err := ProfileFrom(d, now)
	if err != nil {
		t.Fatal(err)
	}
	b := p.Billing
	if b.Model != ModelMetricName || b.IndexedPricePer100 != 3 || !b.IndexedPriceGiven || b.IngestedPricePer100 != 0.2 ||
		b.MetricNamePrice == nil || *b.MetricNamePrice != 0.25 || b.PointsPricePerMillion == nil || *b.PointsPricePerMillion != 0.05 {
		t.Errorf("billing %+v", b)
	}
	if p.ExistingIngested != 900 || p.HitsPerSecond != 12.5 || p.HostTag != HostTagOn {
		t.Errorf("profile %+v", p)
	}
	// An old file's price_per_100 is the indexed price.
	p, err = ProfileFrom(profileDoc(t, `{"price_per_100": 7}`), now)
	if err != nil || p.Billing.IndexedPricePer100 != 7 || !p.Billing.IndexedPriceGiven || p.Billing.IngestedPricePer100 != IngestedPricePer100 {
		t.Errorf("price_per_100: %+v %v", p.Billing, err)
	}
	// Left out, the host tag follows the route and the indexed price is assumed.
	p, _ = ProfileFrom(profileDoc(t, `{}`), now)
	if p.HostTag != HostTagByRoute || p.Billing.IndexedPriceGiven || p.Billing.MetricNamePrice != nil {
		t.Errorf("defaults %+v", p)
	}
}

func TestProfileErrors(t *testing.T) {
	tests := []struct {
		profile, path, msg string
	}{
		{`{"hosts": 0}`, "x-rk-tui.profile.hosts", "is 0; it must be a whole number, 1 or more"},
		{`{"hosts": -1}`, "x-rk-tui.profile.hosts", "is -1;"},
		{`{"hosts": 2.5}`, "x-rk-tui.profile.hosts", "is 2.5;"},
		{`{"hosts": "3"}`, "x-rk-tui.profile.hosts", `is "3"; it must be a whole number, 1 or more, without quotes`},
		{`{"hosts": 18446744073709551616}`, "x-rk-tui.profile.hosts", "the largest accepted value is 18446744073709551615"},
		{`{"host_tag": 1}`, "x-rk-tui.profile.host_tag", "it must be true or false"},
		{`{"account_hosts": 0}`, "x-rk-tui.profile.account_hosts", "leave it out to pool over the breakpoint's own hosts"},
		{`{"plan": "gold"}`, "x-rk-tui.profile.plan", `is "gold"; it must be "pro"`},
		{`{"plan": 1}`, "x-rk-tui.profile.plan", `is 1; it must be "pro" or "enterprise"`},
		{`{"allotment_per_host": 0}`, "x-rk-tui.profile.allotment_per_host", "leave it out to use the plan's"},
		{`{"existing": null}`, "x-rk-tui.profile.existing", "is null;"},
		{`{"price_per_100": -5}`, "x-rk-tui.profile.price_per_100", "is -5; it must be a number, 0 or more"},
		{`{"price_per_100": "5"}`, "x-rk-tui.profile.price_per_100", "without quotes"},
		{`{"active_hours": 731}`, "x-rk-tui.profile.active_hours", "is 731, more than the 730 hours of the month"},
		{`{"active_hours": 200, "hours_in_month": 100}`, "x-rk-tui.profile.active_hours", "more than the 100 hours"},
		{`{"hours_in_month": 0}`, "x-rk-tui.profile.hours_in_month", "is 0; it must be more than 0"},
		{`{"tag_values": [1]}`, "x-rk-tui.profile.tag_values", "must be an object from tag key"},
		{`{"tag_values": {"status": 0}}`, "x-rk-tui.profile.tag_values.status", "is 0;"},
		{`{"tag_values": {"a:b": 2}}`, `x-rk-tui.profile.tag_values.a\:b`, "is not a tag key"},
		{`{"histogram_aggregates": 0}`, "x-rk-tui.profile.histogram_aggregates", "is 0;"},
		{`{"percentiles": "yes"}`, "x-rk-tui.profile.percentiles", "true or false"},
		{`{"billing_model": "per_host"}`, "x-rk-tui.profile.billing_model", `is "per_host"; it must be "timeseries"`},
		{`{"billing_model": 1}`, "x-rk-tui.profile.billing_model", `is 1; it must be "timeseries"`},
		{`{"price_per_100": 5, "indexed_price_per_100": 4}`, "x-rk-tui.profile.indexed_price_per_100", "and price_per_100 are the same price (price_per_100 is its older name); keep indexed_price_per_100"},
		{`{"ingested_price_per_100": -1}`, "x-rk-tui.profile.ingested_price_per_100", "is -1; it must be a number, 0 or more"},
		{`{"price_per_metric_name": "a"}`, "x-rk-tui.profile.price_per_metric_name", "without quotes"},
		{`{"hits_per_second": -2}`, "x-rk-tui.profile.hits_per_second", "is -2"},
		{`{"existing_ingested": 1.5}`, "x-rk-tui.profile.existing_ingested", "is 1.5"},
		{`{"hots": 3}`, "x-rk-tui.profile.hots", "is not a setting here; the settings are account_hosts, active_hours,"},
		{`3`, "x-rk-tui.profile", "is 3; it must be an object"},
	}
	for _, tt := range tests {
		t.Run(tt.profile, func(t *testing.T) {
			d := profileDoc(t, tt.profile)
			_, err := ProfileFrom(d, now)
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a *FieldError", err)
			}
			if fe.Path != tt.path || !strings.Contains(fe.Msg, tt.msg) {
				t.Errorf("got %q at %q, want %q at %q", fe.Msg, fe.Path, tt.msg, tt.path)
			}
			if !strings.HasPrefix(fe.Error(), tt.path+" ") {
				t.Errorf("Error() = %q does not start with the path", fe.Error())
			}
			if line, _ := d.Position(fe.Path); line < 1 {
				t.Errorf("no position for %s", fe.Path)
			}
		})
	}
	d := parseDoc(t, `{"x-rk-tui": []}`)
	if _, err := ProfileFrom(d, now); err == nil || !strings.Contains(err.Error(), "x-rk-tui must be an object") {
		t.Errorf("extension not an object: %v", err)
	}
}

func TestActiveHoursDerivedFromDisableAfterTime(t *testing.T) {
	tests := []struct {
		name, profile, disable string
		want                   float64
		note                   string
	}{
		{"a week away", `{}`, "2026-12-08T00:00:00Z", 168, "until 2026-12-08T00:00:00Z (globalDisableAfterTime)"},
		{"whole minutes, rounded down", `{}`, "2026-12-01T01:30:59Z", 1.5, "until"},
		{"other time zone", `{}`, "2026-12-01T12:00:00+02:00", 10, "until"},
		{"passed", `{}`, "2026-11-01T00:00:00Z", 0, "has passed"},
		{"beyond the month", `{}`, "2027-06-01T00:00:00Z", 730, "is over a month away"},
		{"capped by hours_in_month", `{"hours_in_month": 100}`, "2026-12-08T00:00:00Z", 100, "is over a month away"},
		{"given active_hours wins", `{"active_hours": 12}`, "2026-12-08T00:00:00Z", 12, ""},
		{"not a time: the whole month", `{}`, "next tuesday", 730, ""},
		{"whole month follows hours_in_month", `{"hours_in_month": 744}`, "", 744, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d *template.Document
			if tt.disable != "" {
				d = profileDoc(t, tt.profile, `"globalDisableAfterTime": "`+tt.disable+`"`)
			} else {
				d = profileDoc(t, tt.profile)
			}
			p, err := ProfileFrom(d, now)
			if err != nil {
				t.Fatal(err)
			}
			if p.ActiveHours != tt.want || !strings.Contains(p.ActiveHoursNote, tt.note) || (tt.note == "") != (p.ActiveHoursNote == "") {
				t.Errorf("active %v (%q), want %v (%q)", p.ActiveHours, p.ActiveHoursNote, tt.want, tt.note)
			}
		})
	}
	if _, _, ok := ActiveHoursUntil("", now, 730); ok {
		t.Error("empty time derives nothing")
	}
}

func TestCheckAndRepair(t *testing.T) {
	bad := Profile{Hosts: 0, Plan: "gold", Billing: Billing{Model: "x", IndexedPricePer100: math.NaN(), IngestedPricePer100: 1e308}, ActiveHours: -1, HoursInMonth: math.Inf(1),
		HistogramAggregates: 0, TagValues: map[string]uint64{"b": 0, "": 3, "ok": 2}}
	errs := bad.problems()
	var fields []string
	for _, e := range errs {
		fields = append(fields, e.Field)
	}
	if got := strings.Join(fields, ","); got != "hosts,plan,billing_model,indexed_price_per_100,ingested_price_per_100,hours_in_month,active_hours,histogram_aggregates,unbounded_tag_values,tag_values,tag_values" {
		t.Errorf("fields = %s", got)
	}
	if err := bad.Check(); err == nil || err.Error() != "hosts is 0; the breakpoint runs on 1 host or more" {
		t.Errorf("Check = %v", err)
	}
	fixed := bad.repaired()
	if err := fixed.Check(); err != nil {
		t.Errorf("repaired profile still fails: %v", err)
	}
	if fixed.TagValues["ok"] != 2 || len(fixed.TagValues) != 1 {
		t.Errorf("repair keeps good tag values only: %v", fixed.TagValues)
	}
	// Estimate never fails on a bad profile: it repairs and says so.
	r := Estimate(template.Read(docOf(t, []metricJSON{m("a.b", "count")})), nil, bad, nil)
	if !hasCode(r.Warnings, "profile-invalid") || r.CustomMetrics.String() != "1" {
		t.Errorf("estimate on a bad profile: %v %s", codes(r.Warnings), r.CustomMetrics)
	}
}
