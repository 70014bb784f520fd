package tui

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/rk-tui/rk-tui/template"
	"github.com/tidwall/gjson"
)

const profilePath = template.ExtensionKey + ".profile."

const (
	planPro        = "pro"
	planEnterprise = "enterprise"
	planCustom     = "custom"

	modelTimeseries = "timeseries"
	modelMetricName = "metric_name"

	hostTagRoute = "as the route sends them"
	hostTagOn    = "per host"
	hostTagOff   = "one series for all hosts"
)

// costPage is step 5: the cost profile. It has one field per tag key of
// the template, so it is built anew each time the step is entered.
type costPage struct {
	formPage
	// live are the settings the account's live values set, and when.
	live   map[string]bool
	liveAt string
}

func newCostPage(c *common, s *session) *costPage {
	p := &costPage{formPage: formPage{c: c, s: s, self: stepCost, title: "Cost profile: what the bill is based on"}}
	p.form = newForm(c, s)
	return p
}

func (p *costPage) update(msg tea.Msg) tea.Cmd {
	if press, ok := msg.(tea.KeyPressMsg); ok && key.Matches(press, p.c.keys.Live) {
		return emit(actionMsg{actLive})
	}
	return p.formPage.update(msg)
}

func (p *costPage) help() ([]key.Binding, []key.Binding) {
	short, full := p.formPage.help()
	return append(short, p.c.keys.Live), append(full, p.c.keys.Live)
}

// markLive notes which settings came from the account.
func (p *costPage) markLive(keys []string, at string) {
	p.live, p.liveAt = map[string]bool{}, at
	for _, k := range keys {
		p.live[k] = true
	}
	p.enter()
}

func (p *costPage) enter() {
	focus := ""
	if f := p.form.focused(); f != nil {
		focus = f.key
	}
	fields := p.fields()
	for _, f := range fields {
		if p.live[f.key] {
			f.info = func(*session, string) []note { return []note{{0, "● live: read from the account at " + p.liveAt}} }
		}
	}
	p.form = newForm(p.c, p.s, fields...)
	p.form.sync()
	if focus == "" || !p.form.focusKey(focus) {
		p.form.first()
	}
}

func (p *costPage) fields() []*field {
	hosts := profileField("hosts", "Hosts", "(default 1)", "Instances the breakpoint runs on; they count for the allotment, and multiply the series when series carry the host tag")
	hostTag := newChoiceField("host_tag", "Host tag", []string{hostTagRoute, hostTagOn, hostTagOff}, []string{
		"The Datadog API route submits from where Rookout processes the data, with no host: the hosts share series. An Agent tags each point with its own host",
		"Each host sends its own series: the custom metrics multiply by the hosts",
		"Series carry no host tag: the hosts count for the allotment only",
	})
	hostTag.load = func(s *session) string {
		switch v := s.doc.Get(profilePath + "host_tag"); {
		case !v.Exists():
			return hostTagRoute
		case v.Bool():
			return hostTagOn
		}
		return hostTagOff
	}
	hostTag.apply = func(s *session, v string) error {
		var val any // follow the route: the default
		switch v {
		case hostTagOn:
			val = true
		case hostTagOff:
			val = false
		}
		return s.setProfile("host_tag", val)
	}
	hostTag.path = fixedPath(profilePath + "host_tag")
	account := profileField("account_hosts", "Account hosts", "(= hosts)", "Hosts your Datadog allotment is pooled over")
	plan := newChoiceField("plan", "Plan", []string{planPro, planEnterprise, planCustom}, []string{
		"Pro: 100 custom metrics per host in the allotment",
		"Enterprise: 200 custom metrics per host in the allotment",
		"Your contract's own allotment per host",
	})
	plan.load = func(s *session) string {
		switch {
		case s.doc.Get(profilePath + "allotment_per_host").Exists():
			return planCustom
		case s.doc.Get(profilePath + "plan").Exists():
			// enterprise, pro, or a value the file holds that is neither,
			// shown as it is with its finding rather than as pro.
			return shownValue(s.doc.Get(profilePath + "plan"))
		}
		return planPro
	}
	plan.apply = func(s *session, v string) error {
		return s.edit(func(d *template.Document) error {
			if v == planCustom {
				if err := d.SetProfile("plan", nil); err != nil {
					return err
				}
				if !d.Get(profilePath + "allotment_per_host").Exists() {
					return d.SetProfile("allotment_per_host", 100)
				}
				return nil
			}
			if err := d.SetProfile("allotment_per_host", nil); err != nil {
				return err
			}
			if v == planPro {
				return d.SetProfile("plan", nil) // the default
			}
			return d.SetProfile("plan", v)
		})
	}
	plan.path = fixedPath(profilePath + "plan")
	allot := profileField("allotment_per_host", "Allotment/host", "(100)", "Custom metrics per host in your contract")
	allot.hidden = func(s *session) bool { return !s.doc.Get(profilePath + "allotment_per_host").Exists() }
	existing := profileField("existing", "Existing metrics", "(default 0)", "Custom metrics the account already uses (Datadog: Plan & Usage; ctrl+l reads it live)")
	model := newChoiceField("billing_model", "Billing model", []string{modelTimeseries, modelMetricName}, []string{
		"Custom metrics: each name and tag combination, over the allotment, at a price per 100 (Datadog's usual model)",
		"Metric Name Pricing: each metric name with over 100 indexed datapoints a month, and datapoints beyond 10 million a name",
	})
	model.load = func(s *session) string {
		if s.doc.Get(profilePath+"billing_model").String() == modelMetricName {
			return modelMetricName
		}
		return modelTimeseries
	}
	model.apply = func(s *session, v string) error {
		var val any // timeseries is the default
		if v == modelMetricName {
			val = v
		}
		return s.setProfile("billing_model", val)
	}
	model.path = fixedPath(profilePath + "billing_model")
	byNames := func(s *session) bool { return s.cost.res.MetricNames != nil }
	bySeries := func(s *session) bool { return s.cost.res.MetricNames == nil }
	// Older files name the indexed price price_per_100: the field edits
	// whichever key the file has.
	priceKey := func(s *session) string {
		if s.doc.Get(profilePath + "price_per_100").Exists() {
			return "price_per_100"
		}
		return "indexed_price_per_100"
	}
	indexed := profileField("indexed_price_per_100", "USD/100 indexed", "(assumed 5.00)", "Your contract's price per 100 indexed custom metrics over the allotment, a month; Datadog publishes none, so 5.00 is an assumption until set")
	indexed.load = func(s *session) string { return rawValue(s.doc.Get(profilePath + priceKey(s))) }
	indexed.apply = func(s *session, v string) error { return s.setProfile(priceKey(s), profileValue(v)) }
	indexed.path = func(s *session) string { return profilePath + priceKey(s) }
	indexed.hidden = byNames
	ingested := profileField("ingested_price_per_100", "USD/100 ingested", "(0.10, published)", "Price per 100 ingested custom metrics of metrics with a tag configuration (Metrics without Limits); Datadog publishes $0.10")
	ingested.hidden = byNames
	perName := profileField("price_per_metric_name", "USD per name", "(not estimated)", "Your contract's price of one billable metric name a month (Metric Name Pricing)")
	perName.hidden = bySeries
	perPoints := profileField("price_per_million_points", "USD/M points", "(not estimated)", "Your contract's price of a million indexed datapoints over the 10 million each name includes")
	perPoints.hidden = bySeries
	hits := profileField("hits_per_second", "Hits/s per host", "(from the rate limit)", "Real traffic through the breakpoint; without it the most the rate limit allows")
	hits.hidden = bySeries
	active := profileField("active_hours", "Active hours", "(default 730)", "Hours per month the breakpoint is live (730 = all month); derived from Disable after when empty")
	fields := []*field{hosts, hostTag, account, plan, allot, existing, model, indexed, ingested, perName, perPoints, hits, active}
	for _, k := range tagKeys(p.s.metrics) {
		fields = append(fields, tagValuesField(k, tagValuesInTemplate(p.s.metrics, k)))
	}
	return fields
}

// profileField is a number of the cost profile. What is typed reaches the
// file as typed, a number or not, so the cost card and validate judge the
// same value the form shows; an empty field removes the setting.
func profileField(key, label, placeholder, hint string) *field {
	f := newTextField(key, label, placeholder, hint)
	f.load = func(s *session) string { return rawValue(s.doc.Get(profilePath + key)) }
	f.apply = func(s *session, v string) error {
		return s.setProfile(key, profileValue(v))
	}
	f.path = fixedPath(profilePath + key)
	return f
}

func tagValuesField(k string, inTemplate int) *field {
	f := newTextField("tag:"+k, "Values of "+template.SafeLine(k), "("+strconv.Itoa(inTemplate)+" in the template)", "Distinct values expected for tag "+template.SafeLine(k)+"; each multiplies the series")
	path := profilePath + "tag_values." + template.Key(k)
	f.load = func(s *session) string { return rawValue(s.doc.Get(path)) }
	f.apply = func(s *session, v string) error { return s.setTagValues(k, profileValue(v)) }
	f.path = fixedPath(path)
	return f
}

// profileValue is the JSON value of what was typed: nil (remove: the
// default applies) when empty, the number exactly as typed when it is a
// JSON number (1e29 stays 1e29; 18446744073709551615 loses no digit), else
// the text, which the profile's check then reports. Text Go reads as a
// number but JSON does not (NaN, Inf, 0x10, +5) is text: the file is
// always JSON and holds what was typed.
func profileValue(v string) any {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil
	}
	if template.IsJSONNumber(v) {
		return json.Number(v)
	}
	return v
}

// shownValue is what a field shows of a JSON value: a number as written
// (1e2 stays 1e2, 1e400 is not +Inf), text as text, nothing for null or a
// missing value.
func shownValue(v gjson.Result) string {
	if v.Type == gjson.Number {
		return v.Raw
	}
	return v.String()
}

// rawValue is shownValue for a cost setting, where null is shown as
// written too, beside its finding.
func rawValue(v gjson.Result) string {
	if v.Type == gjson.Null && v.Exists() {
		return "null"
	}
	return shownValue(v)
}

// tagKeys lists the tag keys of the metrics, sorted.
func tagKeys(ms []template.Metric) []string {
	seen := map[string]bool{}
	for _, mt := range ms {
		for _, t := range mt.Tags {
			seen[template.TagKey(t)] = true
		}
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		if k != "" { // a tag such as ":x" has no key to give values for
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func tagValuesInTemplate(ms []template.Metric, key string) int {
	vals := map[string]bool{}
	for _, mt := range ms {
		for _, t := range mt.Tags {
			if template.TagKey(t) == key {
				vals[template.TagValue(t)] = true
			}
		}
	}
	return max(1, len(vals))
}
