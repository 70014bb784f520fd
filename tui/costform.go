package tui

import (
	"sort"
	"strconv"
	"strings"

	"github.com/rk-tui/rk-tui/template"
)

const profilePath = template.ExtensionKey + ".profile."

// profileField is a number field of the cost profile.
func profileField(key, label, placeholder, hint string, float bool) *field {
	f := newTextField(key, label, placeholder, hint)
	f.load = func(m *Model) string { return m.doc.Get(profilePath + key).Raw }
	f.check = func(v string) []note {
		if v == "" {
			return nil
		}
		if float {
			if n, err := strconv.ParseFloat(v, 64); err != nil || n < 0 {
				return []note{{2, "a number of 0 or more"}}
			}
			return nil
		}
		if n, err := strconv.ParseInt(v, 10, 64); err != nil || n < 0 {
			return []note{{2, "a whole number of 0 or more"}}
		}
		return nil
	}
	f.apply = func(m *Model, v string) error { return m.doc.SetProfile(key, profileNumber(v, float)) }
	f.path = func(m *Model) string { return profilePath + key }
	return f
}

// profileNumber is the JSON value of a typed number: nil (remove, use the
// default) when empty or not yet a number.
func profileNumber(v string, float bool) any {
	v = strings.TrimSpace(v)
	if float {
		if n, err := strconv.ParseFloat(v, 64); err == nil && n >= 0 {
			return n
		}
		return nil
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil && n >= 0 {
		return n
	}
	return nil
}

const (
	planPro        = "pro"
	planEnterprise = "enterprise"
	planCustom     = "custom"
)

// rebuildCostForm makes the cost form anew: it has one field per tag key of
// the template, so it follows the metrics.
func (m *Model) rebuildCostForm() {
	old := m.forms[stepCost]
	focusKey := ""
	if old != nil {
		if f := old.focused(); f != nil {
			focusKey = f.key
		}
	}
	hosts := profileField("hosts", "Hosts", "(default 1)", "Instances the breakpoint runs on; each host makes its own series", false)
	account := profileField("account_hosts", "Account hosts", "(= hosts)", "Hosts your Datadog allotment is pooled over", false)
	plan := newChoiceField("plan", "Plan", []string{planPro, planEnterprise, planCustom}, []string{
		"Pro: 100 custom metrics per host in the allotment",
		"Enterprise: 200 custom metrics per host in the allotment",
		"Your contract's own allotment per host",
	}, "")
	plan.load = func(m *Model) string {
		if m.doc.Get(profilePath + "allotment_per_host").Exists() {
			return planCustom
		}
		if m.doc.Get(profilePath+"plan").String() == planEnterprise {
			return planEnterprise
		}
		return planPro
	}
	plan.apply = func(m *Model, v string) error {
		if v == planCustom {
			if err := m.doc.SetProfile("plan", nil); err != nil {
				return err
			}
			if !m.doc.Get(profilePath + "allotment_per_host").Exists() {
				return m.doc.SetProfile("allotment_per_host", 100)
			}
			return nil
		}
		if err := m.doc.SetProfile("allotment_per_host", nil); err != nil {
			return err
		}
		if v == planPro {
			return m.doc.SetProfile("plan", nil) // the default
		}
		return m.doc.SetProfile("plan", v)
	}
	plan.path = func(m *Model) string { return profilePath + "plan" }
	allot := profileField("allotment_per_host", "Allotment/host", "(100)", "Custom metrics per host in your contract", false)
	allot.hidden = func(m *Model) bool { return !m.doc.Get(profilePath + "allotment_per_host").Exists() }
	existing := profileField("existing", "Existing metrics", "(default 0)", "Custom metrics the account already uses (Datadog: Plan & Usage)", false)
	price := profileField("price_per_100", "USD per 100", "(default 5.00)", "List price per 100 custom metrics over the allotment, per month; contracts differ", true)
	active := profileField("active_hours", "Active hours", "(default 730)", "Hours per month the breakpoint is live (730 = all month); derived from Disable after when empty", true)
	fields := []*field{hosts, account, plan, allot, existing, price, active}
	for _, k := range m.tagKeys() {
		k := k
		f := newTextField("tag:"+k, "Values of "+k, "("+strconv.Itoa(m.tagValuesInTemplate(k))+" in the template)", "Distinct values expected for tag "+k+"; each multiplies the series")
		path := profilePath + "tag_values." + template.Key(k)
		f.load = func(m *Model) string { return m.doc.Get(path).Raw }
		f.check = checkPositiveInt
		f.apply = func(m *Model, v string) error {
			n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			if err != nil || n < 1 {
				if err := m.doc.SetProfile("tag_values."+template.Key(k), nil); err != nil {
					return err
				}
				if tv := m.doc.Get(profilePath + "tag_values"); tv.IsObject() && len(tv.Map()) == 0 {
					return m.doc.SetProfile("tag_values", nil)
				}
				return nil
			}
			if !m.doc.Get(profilePath + "tag_values").IsObject() {
				// Create the object first: sjson would make an array for a
				// key that looks like an index, such as "404".
				if err := m.doc.SetProfile("tag_values", map[string]any{}); err != nil {
					return err
				}
			}
			return m.doc.SetProfile("tag_values."+template.Key(k), n)
		}
		f.path = func(m *Model) string { return path }
		fields = append(fields, f)
	}
	fm := &form{fields: fields}
	// Keep what is being typed: values come from the old form where it had
	// the field, so a half-typed number is not replaced by the file's value.
	for _, f := range fm.fields {
		if old != nil {
			if of := old.byKey(f.key); of != nil {
				f.setValue(of.value())
				continue
			}
		}
		if f.load != nil {
			f.setValue(f.load(m))
		}
	}
	m.forms[stepCost] = fm
	for i, f := range fm.fields {
		if f.key == focusKey && m.step == stepCost {
			fm.setFocus(i)
			return
		}
	}
	if m.step == stepCost {
		fm.first(m)
	}
}

// tagKeys lists the tag keys of the template, sorted.
func (m *Model) tagKeys() []string {
	seen := map[string]bool{}
	for _, mt := range m.metrics {
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

func (m *Model) tagValuesInTemplate(key string) int {
	vals := map[string]bool{}
	for _, mt := range m.metrics {
		for _, t := range mt.Tags {
			if template.TagKey(t) == key {
				vals[template.TagValue(t)] = true
			}
		}
	}
	return max(1, len(vals))
}
