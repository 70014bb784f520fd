package tui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/rk-tui/rk-tui/template"
)

const blankPreset = "blank"

// buildForms makes the forms of the steps that are plain forms.
func (m *Model) buildForms() {
	m.forms = map[step]*form{
		stepStart:      m.startForm(),
		stepTarget:     m.targetForm(),
		stepBreakpoint: m.breakpointForm(),
		stepCost:       {},
	}
}

// syncForm loads every field of a form from the document.
func (m *Model) syncForm(fm *form) {
	for _, f := range fm.fields {
		if f.load != nil {
			f.setValue(f.load(m))
		}
	}
}

func fixedPath(p string) func(*Model) string { return func(*Model) string { return p } }

func (m *Model) startForm() *form {
	fm := &form{}
	if !m.opts.Editing {
		names, descs := []string{}, []string{}
		for _, p := range template.Presets {
			names = append(names, p.Name)
			descs = append(descs, p.Description)
		}
		names = append(names, blankPreset)
		descs = append(descs, "An empty template: add your own metrics in step 3")
		preset := newChoiceField("preset", "Start from", names, descs, "")
		if m.opts.Preset != nil {
			preset.setValue(m.opts.Preset.Name)
		}
		preset.apply = func(m *Model, v string) error {
			m.choosePreset(v)
			return nil
		}
		preset.path = fixedPath("processing")
		fm.fields = append(fm.fields, preset)
	}
	title := newTextField("title", "Title", "("+template.DefaultTitle+")", "How the breakpoint is named in the Rookout app")
	title.load = func(m *Model) string { return m.view.Appearance.Title }
	title.apply = func(m *Model, v string) error { return m.doc.Set("appearance.title", v) }
	title.path = fixedPath("appearance.title")
	color := newTextField("color", "Color", "("+template.DefaultColor+")", "#RRGGBB: the breakpoint's color in the Rookout app")
	color.load = func(m *Model) string { return m.view.Appearance.Color }
	color.check = func(v string) []note {
		if v != "" && !isHexColor(v) {
			return []note{{1, "write the color as #RRGGBB, e.g. #6C4296; the Rookout app may not show it"}}
		}
		return nil
	}
	color.apply = func(m *Model, v string) error { return m.doc.Set("appearance.color", v) }
	color.path = fixedPath("appearance.color")
	fm.fields = append(fm.fields, title, color)
	return fm
}

func isHexColor(s string) bool {
	if len(s) != 7 || s[0] != '#' {
		return false
	}
	_, err := strconv.ParseUint(s[1:], 16, 32)
	return err == nil
}

// choosePreset replaces the document with a preset's, unless the user has
// changed it since: then it asks first, so nothing typed is lost silently.
func (m *Model) choosePreset(name string) {
	if m.pristine != nil && string(m.doc.Bytes()) != string(m.pristine) {
		m.modal = confirmPresetModal(name)
		return
	}
	m.applyPreset(name)
}

func (m *Model) applyPreset(name string) {
	spec := template.Spec{Target: template.TargetAPI}
	if p, err := template.PresetByName(name); err == nil {
		spec = p.Spec
	}
	m.doc = template.Build(spec)
	m.pristine = m.doc.Clone().Bytes()
	m.lastPreset = name
	m.metricSel = 0
	m.refresh()
	for s, fm := range m.forms {
		if s != stepStart {
			m.syncForm(fm)
		} else if f := fm.byKey("title"); f != nil {
			f.setValue(m.view.Appearance.Title)
			fm.byKey("color").setValue(m.view.Appearance.Color)
		}
	}
}

const (
	routeAPI   = "Datadog API"
	routeAgent = "DogStatsD agent"
)

func (m *Model) targetForm() *form {
	route := newChoiceField("route", "Send through", []string{routeAPI, routeAgent}, []string{
		"The datadog operation posts to Datadog's HTTP API with an API key (types count, gauge, rate)",
		"The dogstatsd operation sends to a Datadog Agent's DogStatsD port (histogram, timing, distribution too; no key)",
	}, "")
	route.load = func(m *Model) string {
		if m.view.Target() == template.TargetDogStatsD {
			return routeAgent
		}
		return routeAPI
	}
	route.apply = func(m *Model, v string) error {
		target := template.TargetAPI
		if v == routeAgent {
			target = template.TargetDogStatsD
		}
		// Switching back right away restores the template exactly: the two
		// routes hold metrics differently, so a round trip would otherwise
		// lose keys and change types.
		if u := m.routeUndo; u != nil && u.target == target && u.gen == m.editGen {
			doc, err := template.Parse(u.before)
			if err != nil {
				return err
			}
			m.doc, m.routeUndo = doc, nil
			m.setStatus(0, "back to %s: the template is as it was", v)
			return nil
		}
		before, from := m.doc.Clone().Bytes(), m.view.Target()
		oldTypes := map[int]string{}
		for _, mt := range m.metrics {
			oldTypes[mt.Index] = mt.Type
		}
		host, port := m.agentAddress()
		if err := m.doc.SetTarget(target, host, port); err != nil {
			return err
		}
		m.routeUndo = &routeUndo{target: from, before: before, gen: m.editGen + 1}
		var changed []string
		for _, mt := range template.Read(m.doc).Metrics() {
			if old, ok := oldTypes[mt.Index]; ok && old != mt.Type {
				changed = append(changed, old+"→"+mt.Type)
			}
		}
		if len(changed) > 0 {
			m.setStatus(1, "%s has no such type: %s; switch back now to undo", v, strings.Join(changed, ", "))
		}
		return nil
	}
	route.path = fixedPath("processing.operations")
	onAPI := func(m *Model) bool { return m.view.Target() != template.TargetDogStatsD }
	host := newTextField("host", "Agent host", "(localhost)", "The Datadog Agent the application reaches (DD_AGENT_HOST)")
	host.hidden = onAPI
	host.load = func(m *Model) string { h, _ := m.agentAddress(); return h }
	host.check = func(v string) []note {
		if strings.TrimSpace(v) == "" {
			return []note{{2, "set the agent's host name or address"}}
		}
		return nil
	}
	host.apply = func(m *Model, v string) error {
		_, p := m.agentAddress()
		return m.doc.SetAgent(strings.TrimSpace(v), p)
	}
	host.path = func(m *Model) string { return m.firstAgentOp() + ".target.host" }
	port := newTextField("port", "Agent port", "(8125)", "DogStatsD's UDP port (DD_DOGSTATSD_PORT), 8125 by default")
	port.hidden = onAPI
	port.load = func(m *Model) string { _, p := m.agentAddress(); return strconv.Itoa(p) }
	port.check = func(v string) []note {
		if n, err := strconv.Atoi(v); err != nil || n < 1 || n > 65535 {
			return []note{{2, "the port is a number from 1 to 65535"}}
		}
		return nil
	}
	port.apply = func(m *Model, v string) error {
		// What is typed goes into the file, valid or not; validate counts
		// a bad port as an error like any other, so nothing is hidden.
		h, _ := m.agentAddress()
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
			return m.doc.SetAgent(h, n)
		}
		for _, op := range m.view.Operations {
			if op.DogStatsD != nil {
				if err := m.doc.Set(op.Path+".target.port", v); err != nil {
					return err
				}
			}
		}
		return nil
	}
	port.path = func(m *Model) string { return m.firstAgentOp() + ".target.port" }
	return &form{fields: []*field{route, host, port}}
}

// routeUndo lets a route switch be taken back exactly while nothing else
// has changed.
type routeUndo struct {
	target template.Target
	before []byte
	gen    int // the edit count right after the switch
}

func (m *Model) agentAddress() (string, int) {
	for _, op := range m.view.Operations {
		if op.DogStatsD != nil {
			return op.DogStatsD.Host, int(op.DogStatsD.Port)
		}
	}
	host, port := template.DefaultHost, template.DefaultPort
	if h := m.getenv("DD_AGENT_HOST"); h != "" {
		host = h
	}
	if p, err := strconv.Atoi(m.getenv("DD_DOGSTATSD_PORT")); err == nil && p > 0 && p < 65536 {
		port = p
	}
	return host, port
}

func (m *Model) firstAgentOp() string {
	for _, op := range m.view.Operations {
		if op.DogStatsD != nil {
			return op.Path
		}
	}
	return "processing.operations"
}

func (m *Model) breakpointForm() *form {
	file := newTextField("filename", "File", "(chosen when placed)", "Source file of the breakpoint; leave empty to choose it when placing it in Rookout")
	file.load = func(m *Model) string { return m.view.Location.Filename }
	file.apply = func(m *Model, v string) error {
		return m.doc.SetLocation(v, m.forms[stepBreakpoint].byKey("lineno").value())
	}
	file.path = fixedPath("aug.location.filename")
	line := newTextField("lineno", "Line", "(chosen when placed)", "Line number in that file")
	line.load = func(m *Model) string {
		if m.view.Location.Lineno == 0 {
			return ""
		}
		return strconv.FormatInt(m.view.Location.Lineno, 10)
	}
	line.check = func(v string) []note {
		if n, err := strconv.Atoi(v); v != "" && (err != nil || n < 1) {
			return []note{{2, "a line number is a whole number from 1"}}
		}
		return nil
	}
	line.apply = func(m *Model, v string) error {
		return m.doc.SetLocation(m.forms[stepBreakpoint].byKey("filename").value(), v)
	}
	line.path = fixedPath("aug.location.lineno")
	cond := augField("conditional", "Condition", "(none)", "Only hits where this is true count, e.g. store.rookout.frame.locals.status == \"failed\"", nil)
	rate := augField("rateLimit", "Rate limit", "(SDK default 200/500)", "quota/window in ms: at most quota ms of work per window (SDK default 200/500)", checkRateLimit)
	hits := augField("globalHitLimit", "Hit limit", "(none)", "Disable the breakpoint after this many hits", checkPositiveInt)
	maxAug := augField("maxAugTime", "Max ms per hit", "(SDK default)", "Time budget of one hit in ms", checkPositiveInt)
	disable := newTextField("disable", "Disable after", "(never)", "A duration (90m, 24h, 7d) or an RFC 3339 time; stops the breakpoint and its cost")
	disable.load = func(m *Model) string { return m.view.Limits.GlobalDisableAfterTime }
	disable.check = func(v string) []note {
		at, err := parseDisableAfter(v, m.now())
		switch {
		case err != nil:
			return []note{{2, err.Error()}}
		case !at.IsZero() && !looksRFC3339(v):
			return []note{{0, "→ " + at.Format(time.RFC3339)}}
		}
		return nil
	}
	disable.apply = func(m *Model, v string) error {
		at, err := parseDisableAfter(v, m.now())
		if err != nil {
			// Kept as typed: validate reports it, and the cost no longer
			// assumes a time the user has taken back.
			return m.doc.SetAugField("globalDisableAfterTime", v)
		}
		if at.IsZero() {
			return m.doc.SetAugField("globalDisableAfterTime", "")
		}
		return m.doc.SetAugField("globalDisableAfterTime", at.Format(time.RFC3339))
	}
	disable.path = fixedPath("aug.globalDisableAfterTime")
	return &form{fields: []*field{file, line, cond, rate, hits, maxAug, disable}}
}

func augField(key, label, placeholder, hint string, check func(string) []note) *field {
	f := newTextField(key, label, placeholder, hint)
	f.load = func(m *Model) string { return m.doc.Get("aug." + key).String() }
	f.check = check
	f.apply = func(m *Model, v string) error { return m.doc.SetAugField(key, v) }
	f.path = fixedPath("aug." + key)
	return f
}

func checkRateLimit(v string) []note {
	if v == "" {
		return nil
	}
	q, w, ok := strings.Cut(v, "/")
	qn, err1 := strconv.Atoi(strings.TrimSpace(q))
	wn, err2 := strconv.Atoi(strings.TrimSpace(w))
	if !ok || err1 != nil || err2 != nil {
		return []note{{2, "write quota/window in milliseconds, e.g. 200/500"}}
	}
	if qn >= wn {
		return []note{{2, "the quota must be smaller than the window"}}
	}
	return nil
}

func checkPositiveInt(v string) []note {
	if n, err := strconv.Atoi(v); v != "" && (err != nil || n < 1) {
		return []note{{2, "a whole number from 1"}}
	}
	return nil
}

func looksRFC3339(v string) bool {
	_, err := time.Parse(time.RFC3339, strings.TrimSpace(v))
	return err == nil
}

// parseDisableAfter reads "90m", "24h", "7d", "2w" or an RFC 3339 time. An
// empty value is the zero time: never disable.
func parseDisableAfter(v string, now time.Time) (time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), nil
	}
	mult := time.Duration(0)
	switch {
	case strings.HasSuffix(v, "d"):
		mult = 24 * time.Hour
	case strings.HasSuffix(v, "w"):
		mult = 7 * 24 * time.Hour
	}
	if mult > 0 {
		n, err := strconv.ParseFloat(strings.TrimSpace(v[:len(v)-1]), 64)
		if err != nil || n <= 0 || n > 3650 {
			return time.Time{}, fmt.Errorf("write a duration such as 90m, 24h, 7d or an RFC 3339 time")
		}
		return now.Add(time.Duration(n * float64(mult))).UTC().Truncate(time.Second), nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return time.Time{}, fmt.Errorf("write a duration such as 90m, 24h, 7d or an RFC 3339 time")
	}
	return now.Add(d).UTC().Truncate(time.Second), nil
}

// focusPath is the JSON path of what the user is editing now.
func (m *Model) focusPath() string {
	switch m.step {
	case stepMetrics:
		ms := m.metrics
		if m.metricSel >= len(ms) {
			return "processing.operations"
		}
		if m.metricForm != nil {
			if f := m.metricForm.focused(); f != nil && f.path != nil {
				return f.path(m)
			}
		}
		return ms[m.metricSel].Path
	case stepReview:
		return ""
	}
	if fm := m.forms[m.step]; fm != nil {
		if f := fm.focused(); f != nil && f.path != nil {
			return f.path(m)
		}
	}
	return ""
}
