package template

import (
	"encoding/json"
	"fmt"
	"strings"
)

// The editing methods below change one thing each and leave every other byte
// of the document where it was, so `rk-tui edit` can open any template and
// save it back without disturbing what the tool does not manage.

// SetAppearance sets the title and colour the Rookout app shows.
func (d *Document) SetAppearance(title, color string) error {
	if err := d.Set("appearance.title", title); err != nil {
		return err
	}
	return d.Set("appearance.color", color)
}

// SetAugField sets one of the optional aug limits; an empty value removes
// it. Numbers (globalHitLimit) are written as numbers.
func (d *Document) SetAugField(key, value string) error {
	return d.editObject("aug", AugField(key, value))
}

// AugField is SetAugField on the aug object itself.
func AugField(key, value string) func(aug *Document) error {
	return func(aug *Document) error {
		value = strings.TrimSpace(value)
		if value == "" {
			return aug.Delete(key)
		}
		if key == "globalHitLimit" && IsJSONNumber(value) {
			return aug.Set(key, json.Number(value)) // as typed; validate says what it makes of it
		}
		return aug.Set(key, value)
	}
}

// SetLocation sets the file and line of aug.location; empty values become
// null, as in a template that Rookout fills when the breakpoint is placed.
func (d *Document) SetLocation(filename, lineno string) error {
	return d.editObject("aug", LocationField(filename, lineno))
}

// LocationField is SetLocation on the aug object itself.
func LocationField(filename, lineno string) func(aug *Document) error {
	return func(aug *Document) error {
		if err := LocationFile(filename)(aug); err != nil {
			return err
		}
		return LocationLine(lineno)(aug)
	}
}

// LocationFile sets the breakpoint's file alone; empty is null (chosen
// when the breakpoint is placed).
func LocationFile(filename string) func(aug *Document) error {
	return func(aug *Document) error {
		if filename = strings.TrimSpace(filename); filename == "" {
			return aug.SetRaw("location.filename", []byte("null"))
		}
		return aug.Set("location.filename", filename)
	}
}

// LocationLine sets the breakpoint's line alone: a number as typed (1e2
// stays 1e2; validate says what it makes of it), empty as null, anything
// else as text for validate to report.
func LocationLine(lineno string) func(aug *Document) error {
	return func(aug *Document) error {
		switch lineno = strings.TrimSpace(lineno); {
		case lineno == "":
			return aug.SetRaw("location.lineno", []byte("null"))
		case IsJSONNumber(lineno):
			return aug.Set("location.lineno", json.Number(lineno))
		}
		return aug.Set("location.lineno", lineno)
	}
}

// editObject applies change to the object at path (created when missing)
// as a document of its own.
func (d *Document) editObject(path string, change func(obj *Document) error) error {
	raw := []byte("{}")
	obj := d.Get(path)
	if obj.Exists() {
		if !obj.IsObject() {
			return fmt.Errorf("%s is not an object; fix it in the file first", path)
		}
		raw = []byte(obj.Raw)
	}
	v := &Document{raw: raw}
	if err := change(v); err != nil {
		return err
	}
	if !obj.Exists() && string(v.raw) == "{}" {
		return nil // nothing to create
	}
	return d.SetRaw(path, v.raw)
}

// SetTarget moves every metric to the given route: one `datadog` operation
// holding them all (API), or one `dogstatsd` operation per metric (agent).
// Other processing operations stay where they are. Types that the new route
// lacks are mapped to the nearest one.
func (d *Document) SetTarget(target Target, host string, port int) error {
	t := Read(d)
	if t.Target() == target {
		if target == TargetDogStatsD {
			return d.SetAgent(host, port)
		}
		return nil
	}
	specs := d.MetricSpecs()
	apiKey := t.APIKey()
	if apiKey == "" {
		apiKey = APIKeyPlaceholder
	}
	var ops []any
	switch target {
	case TargetDogStatsD:
		for _, m := range specs {
			m.Type = toAction(m.Type)
			ops = append(ops, DogStatsDObject(m, or(host, DefaultHost), orInt(port, DefaultPort)))
		}
		if len(specs) == 0 {
			ops = append(ops, DogStatsDObject(MetricSpec{Type: "increment", Value: "1"}, or(host, DefaultHost), orInt(port, DefaultPort)))
		}
	default:
		metrics := []any{}
		for _, m := range specs {
			if m.Type == "event" {
				continue
			}
			m.Type = toAPIType(m.Type)
			metrics = append(metrics, DatadogMetricObject(m))
		}
		ops = append(ops, object{{"name", OpDatadog}, {"api_key", apiKey}, {"metrics", metrics}})
	}
	return d.replaceDatadogOps(t, ops)
}

// replaceDatadogOps puts ops where the first Datadog operation was and drops
// the other Datadog operations.
func (d *Document) replaceDatadogOps(t Template, ops []any) error {
	if cur := d.Get("processing.operations"); cur.Exists() && !cur.IsArray() {
		return fmt.Errorf("processing.operations is %s, not a list of operations; fix it in the file first (rk-tui validate shows where)", describe(cur))
	}
	var kept []string
	insertAt := -1
	for _, op := range t.Operations {
		if op.Datadog != nil || op.DogStatsD != nil {
			if insertAt < 0 {
				insertAt = len(kept)
			}
			continue
		}
		kept = append(kept, d.Get(op.Path).Raw)
	}
	if insertAt < 0 {
		insertAt = len(kept)
	}
	var all []string
	all = append(all, kept[:insertAt]...)
	for _, op := range ops {
		all = append(all, string(MarshalValue(op)))
	}
	all = append(all, kept[insertAt:]...)
	return d.SetRaw("processing.operations", []byte("["+strings.Join(all, ",")+"]"))
}

func toAction(typ string) string {
	switch typ {
	case "count", "rate":
		return "increment"
	case "":
		return "increment"
	}
	return typ
}

func toAPIType(typ string) string {
	switch typ {
	case "increment", "decrement":
		return "count"
	case "count", "rate", "gauge":
		return typ
	}
	return "gauge"
}

// SetAgent sets the DogStatsD address of every dogstatsd operation.
func (d *Document) SetAgent(host string, port int) error {
	for _, op := range Read(d).Operations {
		if op.DogStatsD == nil {
			continue
		}
		if err := d.editObject(op.Path, AgentAddress(host, port)); err != nil {
			return err
		}
	}
	return nil
}

// AgentAddress sets the target of one dogstatsd operation. port is what
// was typed: a number, or text kept as typed for validate to report.
func AgentAddress(host string, port any) func(op *Document) error {
	return func(op *Document) error {
		if err := op.Set("target.host", host); err != nil {
			return err
		}
		return op.Set("target.port", port)
	}
}

// MetricSpecs reads every metric back as a MetricSpec, tool data included.
func (d *Document) MetricSpecs() []MetricSpec {
	var out []MetricSpec
	for _, m := range Read(d).Metrics() {
		ms := MetricSpec{Name: m.MetaName(), Type: m.Type, Value: m.Value.Path, Tags: m.Tags}
		if m.Op.DogStatsD != nil {
			ms.Title, ms.Text = m.Op.DogStatsD.Title, m.Op.DogStatsD.Text
		}
		ms.Meta = d.Meta(ms.Name)
		out = append(out, ms)
	}
	return out
}

// AddMetric appends a metric to the template's route and returns its index.
func (d *Document) AddMetric(m MetricSpec) (int, error) {
	t := Read(d)
	n := len(t.Metrics())
	var err error
	switch t.Target() {
	case TargetDogStatsD:
		host, port := DefaultHost, DefaultPort
		for _, op := range t.Operations {
			if op.DogStatsD != nil {
				host, port = op.DogStatsD.Host, int(op.DogStatsD.Port)
			}
		}
		m.Type = toAction(m.Type)
		err = d.AppendElement("processing.operations", MarshalValue(DogStatsDObject(m, host, port)))
	case TargetAPI:
		for _, op := range t.Operations {
			if op.Datadog != nil {
				if list := d.Get(op.Path + ".metrics"); list.Exists() && !list.IsArray() {
					return 0, fmt.Errorf("%s.metrics is not a list: make it one ([...]) in the file to add metrics", op.Path)
				}
				m.Type = toAPIType(m.Type)
				err = d.AppendElement(op.Path+".metrics", MarshalValue(DatadogMetricObject(m)))
				break
			}
		}
	default:
		return 0, fmt.Errorf("the template has no datadog or dogstatsd operation to add a metric to")
	}
	if err != nil {
		return 0, err
	}
	if !m.Meta.IsZero() && m.Name != "" {
		if err := d.SetMeta(m.Name, m.Meta); err != nil {
			return 0, err
		}
	}
	return n, nil
}

func (d *Document) metric(i int) (Metric, error) {
	ms := Read(d).Metrics()
	if i < 0 || i >= len(ms) {
		return Metric{}, fmt.Errorf("there is no metric %d", i+1)
	}
	return ms[i], nil
}

// MetricEdit is a change to one metric's own JSON object: an entry of a
// datadog operation's metrics, or a dogstatsd operation. The index-based
// methods below apply one to the whole document; an editor that knows
// where the object lies applies it there alone (EditWithin), so one rule
// serves both.
type MetricEdit func(obj *Document) error

// EditMetric applies e to metric m's object.
func (d *Document) EditMetric(m Metric, e MetricEdit) error {
	obj := d.Get(m.Path)
	if !obj.IsObject() {
		return fmt.Errorf("%s is not an object", m.Path)
	}
	v := &Document{raw: []byte(obj.Raw)}
	if err := e(v); err != nil {
		return err
	}
	return d.SetRaw(m.Path, v.raw)
}

// SetName names the metric (its "metric" key).
func SetName(name string) MetricEdit {
	return func(obj *Document) error { return obj.Set("metric", name) }
}

// SetTags replaces the tags; a dogstatsd operation without tags has no
// tags key.
func SetTags(statsd bool, tags []string) MetricEdit {
	return func(obj *Document) error {
		if tags == nil {
			tags = []string{}
		}
		if statsd && len(tags) == 0 {
			return obj.Delete("tags")
		}
		return obj.SetRawLike("tags", MarshalValue(tags))
	}
}

// SetValue sets what the metric reports: the first point (API) or the
// value (DogStatsD). A number becomes a constant calc expression.
func SetValue(statsd bool, value string) MetricEdit {
	return func(obj *Document) error {
		value = strings.TrimSpace(value)
		if statsd {
			nv := ValueObject(value)
			_, constant := nv.(object)
			// An object written by hand ({"name": "basic", "path": …,
			// "comment": …}) keeps its other keys: only its path changes,
			// as long as it stays the same kind (a calc for a constant, a
			// namespace for a path).
			if cur := obj.Get("value"); cur.IsObject() && cur.Get("path").Exists() && (cur.Get("name").String() == "calc") == constant {
				return obj.Set("value.path", or(value, "1"))
			}
			return obj.SetRawLike("value", MarshalValue(nv))
		}
		if value == "" {
			return obj.SetRaw("points", []byte("[]"))
		}
		if !obj.Get("points").IsArray() {
			return obj.Set("points", []string{value})
		}
		return obj.Set("points.0", value)
	}
}

// SetType sets the type (API) or action (DogStatsD). A DogStatsD event
// carries title and text instead of metric and value: a switch to or from
// event edits the object in place, so its other keys stay as they are. A
// caller that wants the name and value back after a switch through event
// keeps them itself (the studio does).
func SetType(statsd bool, typ string) MetricEdit {
	return func(obj *Document) error {
		key := "type"
		if statsd {
			key = "action"
		}
		was := obj.Get(key).String()
		if err := obj.Set(key, typ); err != nil || !statsd || (typ == "event") == (was == "event") {
			return err
		}
		if typ == "event" {
			title, text := obj.Get("title").String(), obj.Get("text").String()
			dt, dx := EventDefaults(obj.Get("metric").String())
			title, text = or(title, dt), or(text, dx)
			for _, k := range []string{"metric", "value"} {
				if err := obj.Delete(k); err != nil {
					return err
				}
			}
			return SetEventText(title, text)(obj)
		}
		for _, k := range []string{"title", "text"} {
			if err := obj.Delete(k); err != nil {
				return err
			}
		}
		if err := obj.Set("metric", ""); err != nil {
			return err
		}
		return obj.SetRaw("value", MarshalValue(ValueObject("")))
	}
}

// EventDefaults are the title and text a switch to event gives a DogStatsD
// operation that has none: the metric's name and "Breakpoint hit".
func EventDefaults(metric string) (title, text string) {
	return or(metric, "Breakpoint hit"), "Breakpoint hit"
}

// SetEventText sets the title and text of a dogstatsd event.
func SetEventText(title, text string) MetricEdit {
	return func(obj *Document) error {
		if err := obj.Set("title", title); err != nil {
			return err
		}
		return obj.Set("text", text)
	}
}

// SetMetricName renames metric i and carries its tool data along.
func (d *Document) SetMetricName(i int, name string) error {
	m, err := d.metric(i)
	if err != nil {
		return err
	}
	old := m.MetaName()
	if err := d.EditMetric(m, SetName(name)); err != nil {
		return err
	}
	return d.RenameMeta(old, name)
}

// SetMetricType sets the type (API) or action (DogStatsD) of metric i (see
// SetType).
func (d *Document) SetMetricType(i int, typ string) error {
	m, err := d.metric(i)
	if err != nil {
		return err
	}
	return d.EditMetric(m, SetType(m.Op.DogStatsD != nil, typ))
}

// SetMetricValue sets what metric i reports (see SetValue).
func (d *Document) SetMetricValue(i int, value string) error {
	m, err := d.metric(i)
	if err != nil {
		return err
	}
	return d.EditMetric(m, SetValue(m.Op.DogStatsD != nil, value))
}

// SetMetricTags replaces the tags of metric i (see SetTags).
func (d *Document) SetMetricTags(i int, tags []string) error {
	m, err := d.metric(i)
	if err != nil {
		return err
	}
	return d.EditMetric(m, SetTags(m.Op.DogStatsD != nil, tags))
}

// SetEventText sets the title and text of the dogstatsd event i.
func (d *Document) SetEventText(i int, title, text string) error {
	m, err := d.metric(i)
	if err != nil {
		return err
	}
	return d.EditMetric(m, SetEventText(title, text))
}

// DeleteMetric removes metric i and its tool data. The last dogstatsd
// operation is kept, since a template needs one to be valid.
func (d *Document) DeleteMetric(i int) error {
	m, err := d.metric(i)
	if err != nil {
		return err
	}
	name := m.MetaName()
	if s := m.Op.DogStatsD; s != nil && countRoutes(Read(d)) == 1 {
		// Deleting the operation would leave no route to add a metric to:
		// keep it, blank, as Build makes it for a spec without metrics.
		blank := DogStatsDObject(MetricSpec{Type: "increment", Value: "1"}, or(s.Host, DefaultHost), orInt(int(s.Port), DefaultPort))
		if err := d.SetRaw(m.Path, MarshalValue(blank)); err != nil {
			return err
		}
	} else if err := d.Delete(m.Path); err != nil {
		return err
	}
	if name != "" && d.Get(MetaPath(name)).Exists() && !namedAnywhere(Read(d), name) {
		// The tool data goes with the last metric of its name.
		if err := d.Delete(MetaPath(name)); err != nil {
			return err
		}
		return d.dropEmptyExtension()
	}
	return nil
}

// namedAnywhere reports whether a metric of t keeps its tool data under
// the name.
func namedAnywhere(t Template, name string) bool {
	for _, m := range t.Metrics() {
		if m.MetaName() == name {
			return true
		}
	}
	return false
}

func routeName(m Metric) string {
	if m.Op.DogStatsD != nil {
		return "the DogStatsD agent"
	}
	return "the Datadog API"
}

// countRoutes counts the datadog and dogstatsd operations.
func countRoutes(t Template) int {
	n := 0
	for _, op := range t.Operations {
		if op.Datadog != nil || op.DogStatsD != nil {
			n++
		}
	}
	return n
}

// MoveMetric swaps metric i with metric j within the same route.
func (d *Document) MoveMetric(i, j int) error {
	a, err := d.metric(i)
	if err != nil {
		return err
	}
	b, err := d.metric(j)
	if err != nil {
		return err
	}
	if i == j {
		return nil
	}
	if (a.Op.DogStatsD != nil) != (b.Op.DogStatsD != nil) {
		// A DogStatsD metric is a whole operation, an API metric an element
		// of its operation's list: swapping the two would put one inside
		// the other.
		return fmt.Errorf("metric %d goes through %s and metric %d through %s: a metric moves among the metrics of its own route", i+1, routeName(a), j+1, routeName(b))
	}
	ra, rb := d.Get(a.Path).Raw, d.Get(b.Path).Raw
	if ra == "" || rb == "" {
		// The typed view saw a metric its path does not reach (a key that
		// gjson reads two ways): writing nothing there would break the JSON.
		return fmt.Errorf("metric %d or %d cannot be moved: fix the operation's metrics in the file first", i+1, j+1)
	}
	if err := d.SetRaw(a.Path, []byte(rb)); err != nil {
		return err
	}
	return d.SetRaw(b.Path, []byte(ra))
}

// SetProfile writes one field of the cost profile (x-rk-tui.profile.<key>);
// a nil value removes it.
func (d *Document) SetProfile(key string, value any) error {
	path := ExtensionKey + ".profile." + key
	if value == nil {
		if err := d.Delete(path); err != nil {
			return err
		}
		if p := d.Get(ExtensionKey + ".profile"); p.IsObject() && len(p.Map()) == 0 {
			if err := d.Delete(ExtensionKey + ".profile"); err != nil {
				return err
			}
		}
		return d.dropEmptyExtension()
	}
	return d.Set(path, value)
}
