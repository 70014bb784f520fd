package tui

import (
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/rk-tui/rk-tui/template"
)

// metricListKey handles keys on the metric list.
func (m *Model) metricListKey(msg tea.KeyPressMsg) tea.Cmd {
	n := len(m.metrics)
	switch msg.String() {
	case "up", "k":
		if m.metricSel > 0 {
			m.metricSel--
		}
	case "down", "j":
		if m.metricSel < n-1 {
			m.metricSel++
		}
	case "a", "+":
		return m.addMetric()
	case "enter", "e":
		if n > 0 {
			m.openMetric(m.metricSel)
		}
	case "x", "delete", "backspace":
		if n > 0 {
			m.modal = confirmDeleteModal(metricTitle(m.metrics[m.metricSel]))
		}
	case "K", "alt+up", "shift+up":
		if m.metricSel > 0 {
			return m.moveMetric(-1)
		}
	case "J", "alt+down", "shift+down":
		if m.metricSel < n-1 {
			return m.moveMetric(1)
		}
	case "tab":
		m.goStep(m.step + 1)
	case "shift+tab", "esc":
		m.goStep(m.step - 1)
	}
	m.refreshJSONFocus()
	return nil
}

func (m *Model) addMetric() tea.Cmd {
	if m.view.Target() == "" {
		// A template without a Datadog operation gets one for the route
		// step 2 shows, so the first metric has somewhere to go.
		if err := m.doc.SetTarget(template.TargetAPI, "", 0); err != nil {
			m.setStatus(2, "%v", err)
			return nil
		}
		m.refresh()
	}
	spec := template.MetricSpec{Name: m.newMetricName(), Type: "count", Value: "1"}
	if m.view.Target() == template.TargetDogStatsD {
		spec.Type = "increment"
	} else {
		spec.Value = "store.rookout.frame.locals.count"
	}
	i, err := m.doc.AddMetric(spec)
	if err != nil {
		m.setStatus(2, "%v", err)
		return nil
	}
	cmd := m.changed()
	m.metricSel = i
	m.openMetric(i)
	m.metricForm.setFocus(0)
	return cmd
}

// newMetricName is a unique placeholder name for a new metric.
func (m *Model) newMetricName() string {
	taken := map[string]bool{}
	for _, mt := range m.metrics {
		taken[mt.Name] = true
	}
	for i := len(taken) + 1; ; i++ {
		name := "app.metric_" + strconv.Itoa(i)
		if !taken[name] {
			return name
		}
	}
}

func (m *Model) moveMetric(delta int) tea.Cmd {
	if err := m.doc.MoveMetric(m.metricSel, m.metricSel+delta); err != nil {
		m.setStatus(2, "%v", err)
		return nil
	}
	m.metricSel += delta
	return m.changed()
}

func (m *Model) deleteSelectedMetric() tea.Cmd {
	ms := m.metrics
	if m.metricSel >= len(ms) {
		return nil
	}
	name := metricTitle(ms[m.metricSel])
	if err := m.doc.DeleteMetric(m.metricSel); err != nil {
		m.setStatus(2, "%v", err)
		return nil
	}
	m.setStatus(0, "deleted %s", name)
	return m.changed()
}

// openMetric opens the form of metric i.
func (m *Model) openMetric(i int) {
	m.metricSel = i
	m.metricForm = m.metricFormFor()
	if c, ok := m.selected(); ok {
		m.metaOwner = c.Name
		if c.Op.DogStatsD != nil {
			m.metaOwner = c.Op.DogStatsD.Metric
		}
	}
	m.syncForm(m.metricForm)
	m.metricForm.first(m)
	m.refreshJSONFocus()
}

func (m *Model) selected() (template.Metric, bool) {
	ms := m.metrics
	if m.metricSel < 0 || m.metricSel >= len(ms) {
		return template.Metric{}, false
	}
	return ms[m.metricSel], true
}

// metricFormFor builds the form of the selected metric for its route.
func (m *Model) metricFormFor() *form {
	cur, _ := m.selected()
	agent := cur.Op.DogStatsD != nil
	isEvent := func(m *Model) bool { c, _ := m.selected(); return c.Type == "event" }
	notEvent := func(m *Model) bool { return !isEvent(m) }
	metaName := func(m *Model) string {
		c, _ := m.selected()
		if c.Op.DogStatsD != nil {
			return c.Op.DogStatsD.Metric
		}
		return c.Name
	}
	name := newTextField("name", "Name", "e.g. checkout.items", "A dotted name: ASCII letters, digits, _ and . (e.g. checkout.items)")
	name.hidden = isEvent
	name.load = metaName
	name.check = func(v string) []note { return nameNotes(template.CheckMetricName(v)) }
	name.apply = func(m *Model, v string) error {
		// Typing passes through names such as "" and "c": the tool data
		// follows the last real name, not each intermediate one.
		v = strings.TrimSpace(v)
		if err := m.doc.SetMetricName(m.metricSel, v); err != nil {
			return err
		}
		if v == "" {
			return nil
		}
		err := m.doc.RenameMeta(m.metaOwner, v)
		m.metaOwner = v
		return err
	}
	name.path = func(m *Model) string { c, _ := m.selected(); return c.NamePath() }

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
	typ := newChoiceField("type", "Type", types, descs, "")
	typ.load = func(m *Model) string { c, _ := m.selected(); return c.Type }
	typ.apply = func(m *Model, v string) error { return m.doc.SetMetricType(m.metricSel, v) }
	typ.path = func(m *Model) string { c, _ := m.selected(); return c.TypePath() }

	value := newTextField("value", "Value", "e.g. store.rookout.frame.locals.count", "A path into the captured data (store.rookout.frame.locals.NAME) or a number such as 1")
	value.hidden = isEvent
	value.load = func(m *Model) string { c, _ := m.selected(); return c.Value.Path }
	value.check = func(v string) []note {
		if strings.TrimSpace(v) == "" {
			return []note{{2, "say what to report: a path or a number"}}
		}
		return nil
	}
	value.apply = func(m *Model, v string) error { return m.doc.SetMetricValue(m.metricSel, v) }
	value.path = func(m *Model) string { c, _ := m.selected(); return c.ValuePath() }

	tags := newTextField("tags", "Tags", "none, e.g. env:prod, team:cart", "Comma-separated key:value tags; every distinct combination is a billable custom metric")
	tags.hidden = isEvent
	tags.load = func(m *Model) string { c, _ := m.selected(); return strings.Join(c.Tags, ", ") }
	tags.check = func(v string) []note { return tagNotes(splitTags(v), agent) }
	tags.apply = func(m *Model, v string) error { return m.doc.SetMetricTags(m.metricSel, splitTags(v)) }
	tags.path = func(m *Model) string { c, _ := m.selected(); return c.TagsPath() }

	title := newTextField("title", "Event title", "e.g. Checkout failed", "The event's title")
	title.hidden = notEvent
	title.load = func(m *Model) string { return eventField(m, true) }
	title.apply = func(m *Model, v string) error {
		return m.doc.SetEventText(m.metricSel, v, m.metricForm.byKey("text").value())
	}
	title.path = func(m *Model) string { c, _ := m.selected(); return c.Path + ".title" }
	text := newTextField("text", "Event text", "e.g. A checkout failed on this line", "The event's body")
	text.hidden = notEvent
	text.load = func(m *Model) string { return eventField(m, false) }
	text.apply = func(m *Model, v string) error {
		return m.doc.SetEventText(m.metricSel, m.metricForm.byKey("title").value(), v)
	}
	text.path = func(m *Model) string { c, _ := m.selected(); return c.Path + ".text" }

	metaField := func(key, label, placeholder, hint string, get func(template.MetricMeta) string, set func(*template.MetricMeta, string)) *field {
		f := newTextField(key, label, placeholder, hint)
		f.hidden = isEvent
		f.load = func(m *Model) string { return get(m.doc.Meta(metaName(m))) }
		f.apply = func(m *Model, v string) error {
			n := metaName(m)
			meta := m.doc.Meta(n)
			set(&meta, strings.TrimSpace(v))
			return m.doc.SetMeta(n, meta)
		}
		f.path = func(m *Model) string { return template.MetaPath(metaName(m)) }
		return f
	}
	unit := metaField("unit", "Unit", "(none)", "A Datadog unit: millisecond, byte, request, item, …",
		func(mm template.MetricMeta) string { return mm.Unit }, func(mm *template.MetricMeta, v string) { mm.Unit = v })
	unit.check = checkUnit
	unit.input.ShowSuggestions = true
	unit.input.SetSuggestions(allUnits())
	desc := metaField("description", "Description", "(optional)", "What the metric means, for metadata.csv (400 characters at most)",
		func(mm template.MetricMeta) string { return mm.Description }, func(mm *template.MetricMeta, v string) { mm.Description = v })
	interval := metaField("interval", "Interval (s)", "(default 10)", "Seconds a count or rate covers; Datadog needs it for rates",
		func(mm template.MetricMeta) string {
			if mm.Interval == 0 {
				return ""
			}
			return strconv.FormatInt(mm.Interval, 10)
		}, nil)
	interval.load = func(m *Model) string { return m.doc.Get(template.MetaPath(metaName(m)) + ".interval").String() }
	interval.apply = func(m *Model, v string) error {
		n := metaName(m)
		v = strings.TrimSpace(v)
		if i, err := strconv.ParseInt(v, 10, 64); err == nil || v == "" {
			meta := m.doc.Meta(n)
			meta.Interval = i
			return m.doc.SetMeta(n, meta)
		}
		return m.doc.Set(template.MetaPath(n)+".interval", v) // as typed; validate reports it
	}
	interval.check = checkPositiveInt
	interval.hidden = func(m *Model) bool {
		c, _ := m.selected()
		return c.Kind != template.KindRate && c.Kind != template.KindCount
	}
	return &form{fields: []*field{name, typ, value, tags, title, text, unit, desc, interval}}
}

func checkUnit(v string) []note {
	if v != "" && !template.IsUnit(v) {
		return []note{{1, fmt.Sprintf("%q is not one of Datadog's units; it is left out of metadata.csv checks", v)}}
	}
	return nil
}

func allUnits() []string {
	var out []string
	for _, fam := range []string{"Time", "Bytes", "General", "Network", "Database", "Percentage", "Cache", "Disk", "Frequency", "Memory", "Money", "System"} {
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

func nameNotes(ps []template.NameProblem) []note {
	var out []note
	for _, p := range ps {
		out = append(out, problemNote("", p))
	}
	return out
}

func tagNotes(tags []string, statsd bool) []note {
	var out []note
	for _, t := range tags {
		for _, p := range template.CheckTag(t, statsd) {
			out = append(out, problemNote(t+": ", p))
		}
	}
	return out
}

func problemNote(prefix string, p template.NameProblem) note {
	level := 1
	if p.Severity == template.Error {
		level = 2
	}
	text := prefix + p.Message
	if p.Rewrite != "" {
		text += " → Datadog stores " + p.Rewrite
	}
	return note{level, text}
}

// metricListView draws the metric list.
func (m *Model) metricListView(width int) string {
	st := m.styles
	ms := m.metrics
	var b strings.Builder
	if len(ms) == 0 {
		b.WriteString(st.hint.Render("No metrics yet. Press a to add one.") + "\n")
	}
	for i, mt := range ms {
		marker := "  "
		name := metricTitle(mt)
		if i == m.metricSel {
			marker = st.cursor.Render("▸ ")
			name = st.labelFocus.Render(name)
		}
		problems := ""
		if n := findingsUnder(m.findings, mt.Path); n > 0 {
			problems = st.errText.Render(fmt.Sprintf(" ✗%d", n))
		}
		tags := "no tags"
		if len(mt.Tags) > 0 {
			tags = strings.Join(mt.Tags, ",")
		}
		line := fmt.Sprintf("%s%d. %s%s  %s", marker, i+1, name, problems, st.dim.Render(mt.Type))
		b.WriteString(ansi.Truncate(line, width, "…") + "\n")
		detail := "     " + st.dim.Render(joinNonEmpty(" · ", mt.Value.Path, tags))
		b.WriteString(ansi.Truncate(detail, width, "…") + "\n")
	}
	return b.String()
}

// findingsUnder counts error findings at or under a JSON path.
func findingsUnder(fs []template.Finding, path string) int {
	n := 0
	for _, f := range fs {
		if f.Severity == template.Error && (f.Path == path || strings.HasPrefix(f.Path, path+".")) {
			n++
		}
	}
	return n
}

// eventField reads the title or text of the selected dogstatsd event.
func eventField(m *Model, title bool) string {
	c, _ := m.selected()
	if c.Op.DogStatsD == nil {
		return ""
	}
	if title {
		return c.Op.DogStatsD.Title
	}
	return c.Op.DogStatsD.Text
}
