package preview

import (
	"reflect"
	"slices"

	"github.com/rk-tui/rk-tui/template"
)

// Estimator recomputes an estimate as a template is edited, redoing only
// what an edit changed. The total is a sum of per-metric rows, but a row
// also depends on the rest of the template: a tag key's default number of
// values is how many distinct values the whole template gives it, and with
// a scenario of several host groups listing values, on the order in which
// the template first gives them. The Estimator keeps both up to date and
// recomputes a row when its metric changed, when one of its keys' values
// changed, or when the profile or scenario did; metrics that share series
// and the totals are summed afresh each time. The result is always what
// Estimate returns for the same arguments.
//
// The zero value is ready to use. An Estimator is not safe for concurrent
// use.
type Estimator struct {
	e       estimator
	started bool
	// p and sc are the profile and scenario the rows were computed for
	// (copies, so a caller's later change is seen as one).
	p  Profile
	sc *Scenario
	pw []Warning // the profile's warnings

	locals []local
	rows   []rowResult
	// tagRefs counts the occurrences of each normalized tag; a key's
	// number of values is how many of its tags occur.
	tagRefs   map[string]int
	unbounded unboundedKeys
	// known is how many of locals hold a metric; changed marks the ones
	// this update replaced.
	known   int
	changed []bool
	// listed is whether the scenario lists values in several groups, so
	// the order of the template's values matters.
	listed bool
}

// Update returns the estimate of t with the given tool data, profile and
// scenario (the arguments of Estimate).
func (x *Estimator) Update(t template.Template, meta MetaFunc, p Profile, sc *Scenario) Result {
	return x.UpdateMetrics(t.Metrics(), t.Limits, meta, p, sc)
}

// UpdateMetrics is Update for a caller that already holds the template's
// metrics (Template.Metrics) and limits, as the studio does.
func (x *Estimator) UpdateMetrics(ms []template.Metric, limits template.Limits, meta MetaFunc, p Profile, sc *Scenario) Result {
	reset := !x.started || !reflect.DeepEqual(x.p, p) || !reflect.DeepEqual(x.sc, sc)
	if reset {
		x.pw = x.e.setup(p, sc)
		if x.unbounded == nil {
			x.unbounded = unboundedKeys{}
		}
		x.e.unbounded = x.unbounded
		x.p, x.sc, x.started = cloneProfile(p), cloneScenario(sc), true
		x.listed = x.e.universe != nil
		if x.tagRefs == nil {
			x.tagRefs, x.e.keyValues = map[string]int{}, map[string]uint64{}
		}
		if x.unbounded == nil {
			x.unbounded = unboundedKeys{}
		}
	}
	var dirty map[string]bool
	mark := func(key string) {
		if dirty == nil {
			dirty = map[string]bool{}
		}
		dirty[key] = true
	}

	// The locals and rows are updated in place: a keystroke changes one
	// metric, and copying a thousand rows would cost more than computing it.
	for i := len(ms); i < len(x.locals); i++ {
		x.count(&x.locals[i], -1, mark)
	}
	x.locals = slices.Grow(x.locals[:min(len(x.locals), len(ms))], len(ms)-min(len(x.locals), len(ms)))[:len(ms)]
	x.rows = slices.Grow(x.rows[:min(len(x.rows), len(ms))], len(ms)-min(len(x.rows), len(ms)))[:len(ms)]
	x.changed = slices.Grow(x.changed[:0], len(ms))[:len(ms)]
	for i := range ms {
		l := &x.locals[i]
		if i < x.known && sameMetric(l, ms[i], meta) {
			x.changed[i] = false
			continue
		}
		if i < x.known {
			x.count(l, -1, mark)
		}
		*l = analyze(ms[i], meta, x.unbounded)
		x.count(l, +1, mark)
		x.changed[i] = true
	}
	x.known = len(ms)
	if x.listed {
		x.reorder(x.locals, mark)
	}
	if dirty != nil {
		x.e.unions = nil // memoized unions may involve a changed key
	}
	for i := range x.locals {
		if reset || x.changed[i] || touches(&x.locals[i], dirty) {
			x.rows[i] = x.e.row(&x.locals[i])
		}
	}
	return x.e.combine(limits, x.locals, x.rows, x.sc, x.pw)
}

// count adds (+1) or removes (-1) a metric's tags, marking each key whose
// number of values changes.
func (x *Estimator) count(l *local, by int, mark func(string)) {
	for _, nt := range l.norm {
		n := x.tagRefs[nt] + by
		switch {
		case n > 0:
			x.tagRefs[nt] = n
			if n == 1 && by > 0 {
				key := template.TagKey(nt)
				x.e.keyValues[key]++
				mark(key)
			}
		default:
			delete(x.tagRefs, nt)
			key := template.TagKey(nt)
			if x.e.keyValues[key]--; x.e.keyValues[key] == 0 {
				delete(x.e.keyValues, key)
			}
			mark(key)
		}
	}
}

// reorder rebuilds the universe of values of the keys a multi-group
// scenario lists (the template's values in order of appearance, then the
// scenario's) and marks the keys whose listed values moved in it.
func (x *Estimator) reorder(locals []local, mark func(string)) {
	old := x.e.groups
	x.e.compileGroups(x.sc)
	seen := map[string]bool{}
	for i := range locals {
		for _, nt := range locals[i].norm {
			key := template.TagKey(nt)
			u, ok := x.e.universe[key]
			if !ok || seen[nt] {
				continue
			}
			seen[nt] = true
			if _, ok := u[template.TagValue(nt)]; !ok {
				u[template.TagValue(nt)] = int32(len(u))
			}
		}
	}
	x.e.finishUniverse()
	for gi, g := range x.e.groups {
		for k, s := range g.tags {
			if s.list && !slices.Equal(s.ids, old[gi].tags[k].ids) {
				mark(k)
			}
		}
	}
}

// sameMetric reports whether m with its tool data is what l was made from.
func sameMetric(l *local, m template.Metric, meta MetaFunc) bool {
	o := &l.m
	if o.Index != m.Index || o.Path != m.Path || o.Name != m.Name || o.Type != m.Type || o.Kind != m.Kind || o.Op != m.Op.Name || !slices.Equal(o.Tags, m.Tags) {
		return false
	}
	raw := ""
	if meta != nil {
		raw = meta(m.Name).Raw
	}
	return raw == l.raw
}

// touches reports whether a metric has a key in dirty.
func touches(l *local, dirty map[string]bool) bool {
	if len(dirty) == 0 {
		return false
	}
	for _, k := range l.keys {
		if dirty[k] {
			return true
		}
	}
	return false
}

func cloneProfile(p Profile) Profile {
	if p.TagValues != nil {
		tv := make(map[string]uint64, len(p.TagValues))
		for k, n := range p.TagValues {
			tv[k] = n
		}
		p.TagValues = tv
	}
	for _, f := range []**float64{&p.Billing.MetricNamePrice, &p.Billing.PointsPricePerMillion} {
		if *f != nil {
			v := **f
			*f = &v
		}
	}
	return p
}

func cloneScenario(sc *Scenario) *Scenario {
	if sc == nil {
		return nil
	}
	out := &Scenario{HostGroups: make([]HostGroup, len(sc.HostGroups))}
	for i, g := range sc.HostGroups {
		ng := HostGroup{Hosts: g.Hosts}
		if g.Tags != nil {
			ng.Tags = make(map[string]TagSpread, len(g.Tags))
			for k, s := range g.Tags {
				ng.Tags[k] = TagSpread{Count: s.Count, Values: slices.Clone(s.Values)}
			}
		}
		out.HostGroups[i] = ng
	}
	return out
}
