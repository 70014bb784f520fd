package tui

import (
	"strings"

	"github.com/rk-tui/rk-tui/template"
	"github.com/tidwall/gjson"
)

// metricForm edits one metric: name, type, value, tags, and its tool data
// (unit, description, interval).
type metricForm struct {
	*form
	index int
	// owner is the name the metric's tool data is kept under. Typing
	// passes through names such as "" and "c": the tool data follows the
	// last real name, not each intermediate one.
	owner string
	// kept holds what a switch to or from a DogStatsD event takes out of
	// the operation (metric and value, or title and text), raw JSON by
	// key, so cycling the type through event gives it all back. It is the
	// session's (keptFor), so closing the form forgets nothing.
	kept map[string]string
}

func newMetricForm(c *common, s *session, index int) *metricForm {
	cur, _ := s.metric(index)
	mf := &metricForm{index: index, kept: s.keptFor(cur.Path)}
	mf.owner = mf.metaName(s)
	agent := cur.Op.DogStatsD != nil
	isEvent := func(s *session) bool { m, _ := s.metric(mf.index); return m.Type == "event" }
	notEvent := func(s *session) bool { return !isEvent(s) }
	at := func(get func(template.Metric) string) func(*session) string {
		return func(s *session) string { m, _ := s.metric(mf.index); return get(m) }
	}

	name := newTextField("name", "Name", "e.g. checkout.items", "A dotted name: ASCII letters, digits, _ and . (e.g. checkout.items)")
	name.hidden = isEvent
	name.load = mf.metaName
	name.apply = func(s *session, v string) error {
		v = strings.TrimSpace(v)
		// A name another metric's tool data is kept under is passed
		// through, not taken: the data stays where it is, and the next
		// keystroke moves this metric's own data from where it still is.
		taken := v != mf.owner && s.doc.Get(template.MetaPath(v)).Exists()
		if err := s.renameMetric(mf.index, v, mf.owner); err != nil {
			return err
		}
		if v != "" && !taken {
			mf.owner = v
		}
		return nil
	}
	name.path = at(template.Metric.NamePath)

	types, descs := template.DatadogTypes, []string{
		"count: how many times something happened in the interval",
		"gauge: the latest value of something (a size, a level)",
		"rate: how often per second; needs an interval",
	}
	if agent {
		types, descs = template.DogStatsDActions, []string{
			"increment: add the value to a counter (1 per hit)",
			"decrement: subtract the value from a counter",
			"gauge: the latest value of something",
			"histogram: avg, median, p95, max and count per host: 5 custom metrics per series",
			"timing: a histogram of milliseconds: 5 custom metrics per series",
			"distribution: global percentiles across hosts: 5 custom metrics per series, 10 with percentiles",
			"event: an event in the event stream (title and text), no metric and no cost",
		}
	}
	typ := newChoiceField("type", "Type", types, descs)
	typ.load = at(func(m template.Metric) string { return m.Type })
	typ.apply = mf.setType
	typ.path = at(template.Metric.TypePath)

	value := newTextField("value", "Value", "e.g. store.rookout.frame.locals.count", "A path into the captured data (store.rookout.frame.locals.NAME) or a number such as 1")
	value.hidden = isEvent
	value.load = at(func(m template.Metric) string { return m.Value.Path })
	value.apply = func(s *session, v string) error {
		return s.editMetric(mf.index, template.SetValue(agent, v))
	}
	value.path = at(template.Metric.ValuePath)

	tags := newTextField("tags", "Tags", "none, e.g. env:prod, team:cart", "Comma-separated key:value tags; every distinct combination is a billable custom metric")
	tags.hidden = isEvent
	tags.load = at(func(m template.Metric) string { return strings.Join(m.Tags, ", ") })
	tags.apply = func(s *session, v string) error {
		m, _ := s.metric(mf.index)
		return s.editMetric(mf.index, template.SetTags(agent, mergeTags(m.Tags, v)))
	}
	tags.path = at(template.Metric.TagsPath)
	tags.under = true

	title := newTextField("title", "Event title", "e.g. Checkout failed", "The event's title")
	title.hidden = notEvent
	title.load = at(func(m template.Metric) string { return eventField(m, true) })
	title.apply = func(s *session, v string) error {
		return s.editMetric(mf.index, template.SetEventText(v, mf.byKey("text").value()))
	}
	title.path = at(func(m template.Metric) string { return m.Path + ".title" })
	text := newTextField("text", "Event text", "e.g. A checkout failed on this line", "The event's body")
	text.hidden = notEvent
	text.load = at(func(m template.Metric) string { return eventField(m, false) })
	text.apply = func(s *session, v string) error {
		return s.editMetric(mf.index, template.SetEventText(mf.byKey("title").value(), v))
	}
	text.path = at(func(m template.Metric) string { return m.Path + ".text" })

	unit := mf.metaField("unit", "Unit", "(none)", "A Datadog unit: millisecond, byte, request, item, …")
	unit.input.ShowSuggestions = true
	unit.input.SetSuggestions(allUnits())
	unit.hidden = isEvent
	desc := mf.metaField("description", "Description", "(optional)", "What the metric means, for metadata.csv (400 characters at most)")
	desc.hidden = isEvent
	interval := newTextField("interval", "Interval (s)", "(default 10)", "Seconds a count or rate covers; Datadog needs it for rates")
	interval.load = func(s *session) string { return shownValue(s.doc.Get(template.MetaPath(mf.metaName(s)) + ".interval")) }
	interval.apply = func(s *session, v string) error {
		// As typed, a number when it is one; validate reports the rest.
		return s.setMeta(mf.metaName(s), "interval", profileValue(v))
	}
	interval.path = func(s *session) string { return template.MetaPath(mf.metaName(s)) + ".interval" }
	interval.hidden = func(s *session) bool {
		// The agent's flush sets a DogStatsD counter's interval.
		m, _ := s.metric(mf.index)
		return m.Op.DogStatsD != nil || m.Kind != template.KindRate && m.Kind != template.KindCount
	}
	mf.form = newForm(c, s, name, typ, value, tags, title, text, unit, desc, interval)
	mf.sync()
	mf.first()
	return mf
}

// metaName is the name the metric's tool data is kept under.
func (mf *metricForm) metaName(s *session) string {
	m, _ := s.metric(mf.index)
	return m.MetaName()
}

func (mf *metricForm) metaField(key, label, placeholder, hint string) *field {
	f := newTextField(key, label, placeholder, hint)
	f.load = func(s *session) string { return shownValue(s.doc.Get(template.MetaPath(mf.metaName(s)) + "." + key)) }
	f.apply = func(s *session, v string) error {
		var val any
		if v = strings.TrimSpace(v); v != "" {
			val = v
		}
		return s.setMeta(mf.metaName(s), key, val)
	}
	f.path = func(s *session) string { return template.MetaPath(mf.metaName(s)) + "." + key }
	return f
}

// setType changes the type. Through a DogStatsD event the operation loses
// its metric and value (an event has title and text instead): they are kept
// here and put back when the type leaves event, so cycling the choices never
// drops what was typed.
func (mf *metricForm) setType(s *session, v string) error {
	m, ok := s.metric(mf.index)
	if !ok {
		return nil
	}
	agent := m.Op.DogStatsD != nil
	crossing := agent && (v == "event") != (m.Type == "event")
	if !crossing {
		return s.editMetric(mf.index, template.SetType(agent, v))
	}
	leaving, coming := []string{"metric", "value"}, []string{"title", "text"}
	if m.Type == "event" {
		leaving, coming = coming, leaving
	}
	err := s.editMetric(mf.index, func(obj *template.Document) error {
		for _, k := range leaving {
			r := obj.Get(k)
			if !r.Exists() || mf.madeUp(k, r) {
				delete(mf.kept, k) // the way back makes it again, from what is there then
				continue
			}
			mf.kept[k] = r.Raw
		}
		if err := template.SetType(true, v)(obj); err != nil {
			return err
		}
		for _, k := range coming {
			if raw, ok := mf.kept[k]; ok {
				if err := obj.SetRaw(k, []byte(raw)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// The fields show what the document now holds.
	for _, k := range []string{"name", "value", "title", "text"} {
		f := mf.byKey(k)
		f.setValue(f.load(s))
	}
	return nil
}

// madeUp reports whether an event's title or text is the one a switch to
// event wrote (template.SetType), not one the user typed.
func (mf *metricForm) madeUp(key string, v gjson.Result) bool {
	title, text := template.EventDefaults(gjson.Parse(mf.kept["metric"]).String())
	return (key == "title" && v.String() == title) || (key == "text" && v.String() == text)
}

func allUnits() []string {
	var out []string
	for _, fam := range template.UnitFamilies {
		out = append(out, template.Units[fam]...)
	}
	return out
}

func splitTags(v string) []string {
	var out []string
	for _, t := range strings.Split(v, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// mergeTags is the tag list the typed text means, with every tag the edit
// did not reach kept exactly as the file has it. The field shows the list
// as "a, b", which cannot show a tag with a comma in it, spaces around a
// tag or an empty one one to one; splitting the whole text again would
// rewrite those tags when another one is edited. The text before and after
// the edit is the same as the field showed: the tags that lie wholly there,
// with the separators beside them, are kept; the stretch between is split
// into tags anew (so removing an empty tag or the spaces around one is an
// edit like any other).
func mergeTags(old []string, typed string) []string {
	shown := strings.Join(old, ", ")
	if typed == shown {
		return old
	}
	pre := 0
	for pre < len(shown) && pre < len(typed) && shown[pre] == typed[pre] {
		pre++
	}
	suf := 0
	for suf < len(shown)-pre && suf < len(typed)-pre && shown[len(shown)-1-suf] == typed[len(typed)-1-suf] {
		suf++
	}
	edited := len(shown) - suf // the edit is shown[pre:edited]
	// Where each tag stands in shown.
	at := make([]int, len(old))
	for i, n := 0, 0; i < len(old); i++ {
		at[i] = n
		n += len(old[i]) + len(", ")
	}
	i := 0 // old[:i] and the separator after each lie before the edit
	for i < len(old)-1 && at[i]+len(old[i])+len(", ") <= pre {
		i++
	}
	j := len(old) // old[j:] and the separator before each lie after it
	for j > max(i, 1) && at[j-1]-len(", ") >= edited {
		j--
	}
	from, to := 0, len(typed)
	if i > 0 {
		from = at[i]
	}
	if j < len(old) {
		to = len(typed) - (len(shown) - (at[j] - len(", ")))
	}
	out := append([]string{}, old[:i]...)
	if from < to {
		out = append(out, splitTags(typed[from:to])...)
	}
	return append(out, old[j:]...)
}

// eventField reads the title or text of a dogstatsd event.
func eventField(m template.Metric, title bool) string {
	if m.Op.DogStatsD == nil {
		return ""
	}
	if title {
		return m.Op.DogStatsD.Title
	}
	return m.Op.DogStatsD.Text
}
