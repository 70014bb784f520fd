package template

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// The rules. Each function checks one part of a template, given as gjson
// values, and names the findings by their full path. The whole-document
// check and the Validator both call them, on the whole document or on one
// metric at a time, so a rule is written once.

// structure checks the top-level layout. get reads a path from the root: the
// whole document's gjson Get, or the Validator's index.
func (c *checker) structure(get func(path string) gjson.Result) {
	want := []struct{ path, what string }{
		{"aug", "the breakpoint definition (location, action, limits)"},
		{"aug.location", "where the breakpoint goes: {\"name\": \"file_line\", \"filename\": null, \"lineno\": null, \"sha256\": null}"},
		{"aug.action", "what the breakpoint captures: {\"name\": \"script\", \"operations\": [{\"name\": \"set\", \"paths\": {\"store.rookout.frame\": \"frame.dump()\"}}]}"},
		{"processing", "what is done with the captured data"},
	}
	for _, w := range want {
		v := get(w.path)
		if !v.Exists() {
			c.add(Error, "structure-missing", w.path, fmt.Sprintf("%s is missing; add %s", w.path, w.what))
		} else if !v.IsObject() {
			c.add(Error, "structure-type", w.path, fmt.Sprintf("%s must be an object holding %s", w.path, w.what))
		}
	}
	c.control("template_type", "template_type", get("template_type"), false)
	if sel := get("selector"); sel.Exists() && !sel.IsObject() {
		c.add(Error, "structure-type", "selector", "selector must be an object such as {\"operations\": [{\"name\": \"return\", \"path\": {\"name\": \"calc\", \"path\": \"True\"}}]}")
	}
	if p := get("processing"); p.IsObject() {
		ops := get("processing.operations")
		if !ops.Exists() {
			c.add(Error, "structure-missing", "processing.operations", "processing.operations is missing; add a list holding a datadog or dogstatsd operation")
		} else if !ops.IsArray() {
			c.add(Error, "structure-type", "processing.operations", "processing.operations must be a list of operations")
		}
	}
}

// Regular expressions are compiled on first use: every command starts
// faster for not compiling what only validate needs.
var hexColor = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^#[0-9A-Fa-f]{6}$`) })

func (c *checker) appearance(ap gjson.Result) {
	if !ap.Exists() {
		return
	}
	if !ap.IsObject() {
		c.add(Error, "structure-type", "appearance", "appearance must be an object {color, icon, title}")
		return
	}
	if col := ap.Get("color"); col.Exists() && (col.Type != gjson.String || !hexColor().MatchString(col.Str)) {
		c.add(Warning, "appearance-color", "appearance.color", "the color should be #RRGGBB, e.g. #6C4296; the Rookout app may not show it")
	}
	c.control("appearance.color", "the colour", ap.Get("color"), false)
	for _, k := range []string{"title", "icon"} {
		if v := ap.Get(k); v.Exists() && v.Type != gjson.String {
			c.add(Error, "appearance-type", "appearance."+k, "appearance."+k+" must be a string")
		} else {
			c.control("appearance."+k, "the "+k, v, false)
		}
	}
}

var sha256Hex = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9a-fA-F]{64}$`) })

func (c *checker) location(loc gjson.Result) {
	if !loc.IsObject() {
		return
	}
	if n := loc.Get("name"); n.String() != "file_line" {
		c.add(Error, "location-name", "aug.location.name", fmt.Sprintf("aug.location.name is %s; it must be \"file_line\"", describe(n)))
	}
	if ln := loc.Get("lineno"); ln.Exists() && ln.Type != gjson.Null {
		if ln.Type != gjson.Number || ln.Num != float64(int64(ln.Num)) || ln.Num < 1 {
			c.add(Error, "location-lineno", "aug.location.lineno", fmt.Sprintf("aug.location.lineno is %s; it must be a line number (1 or more, no quotes) or null", describe(ln)))
		}
	}
	if fn := loc.Get("filename"); fn.Exists() && fn.Type != gjson.Null && fn.Type != gjson.String {
		c.add(Error, "location-filename", "aug.location.filename", "aug.location.filename must be a string or null")
	} else {
		c.control("aug.location.filename", "the file name", fn, false)
	}
	if sh := loc.Get("sha256"); sh.Exists() && sh.Type != gjson.Null {
		if sh.Type != gjson.String || !sha256Hex().MatchString(sh.Str) {
			c.add(Warning, "location-sha256", "aug.location.sha256", "aug.location.sha256 is not a SHA-256 of the file (64 hex digits); a hash that does not match the file makes the breakpoint fail; set it to null to let Rookout fill it")
		}
	}
}

func (c *checker) action(act gjson.Result) {
	if !act.IsObject() {
		return
	}
	if n := act.Get("name"); n.String() != "script" {
		c.add(Error, "action-name", "aug.action.name", fmt.Sprintf("aug.action.name is %s; it must be \"script\"", describe(n)))
	}
	ops := act.Get("operations")
	if !ops.IsArray() {
		c.add(Error, "action-operations", "aug.action.operations", "aug.action.operations must be a list of set operations, e.g. [{\"name\": \"set\", \"paths\": {\"store.rookout.frame\": \"frame.dump()\"}}]")
		return
	}
	for i, op := range ops.Array() {
		p := "aug.action.operations." + strconv.Itoa(i)
		if op.Get("name").String() != "set" {
			c.add(Error, "action-set-only", p+".name", fmt.Sprintf("%s.name is %s; only \"set\" operations are allowed in aug.action", p, describe(op.Get("name"))))
			continue
		}
		paths := op.Get("paths")
		if !paths.IsObject() {
			c.add(Error, "action-paths", p+".paths", "a set operation needs paths: an object from a store path to what it captures, e.g. {\"store.rookout.frame\": \"frame.dump()\"}")
			continue
		}
		paths.ForEach(func(k, v gjson.Result) bool {
			if v.Type != gjson.String {
				c.add(Error, "action-path-value", p+".paths."+Key(k.String()), fmt.Sprintf("the capture for %q must be a path string such as \"frame.dump()\"", k.String()))
			} else {
				c.control(p+".paths."+Key(k.String()), "the capture", v, false)
			}
			return true
		})
	}
}

var rateLimitRe = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^\s*(\d+)\s*/\s*(\d+)\s*$`) })

func (c *checker) limits(aug gjson.Result) {
	if !aug.IsObject() {
		return
	}
	if v := aug.Get("rateLimit"); v.Exists() {
		m := rateLimitRe().FindStringSubmatch(v.Str)
		if v.Type != gjson.String || m == nil {
			c.add(Error, "rate-limit-format", "aug.rateLimit", fmt.Sprintf("aug.rateLimit is %s; write \"quota/window\" in milliseconds, e.g. \"200/500\"", describe(v)))
		} else {
			q, _ := strconv.ParseUint(m[1], 10, 63)
			w, _ := strconv.ParseUint(m[2], 10, 63)
			if w == 0 || q >= w {
				c.add(Error, "rate-limit-order", "aug.rateLimit", fmt.Sprintf("aug.rateLimit %q: the quota (%s ms) must be smaller than the window (%s ms), e.g. \"200/500\"", v.Str, m[1], m[2]))
			}
		}
	}
	if v := aug.Get("maxAugTime"); v.Exists() {
		if n, err := strconv.ParseUint(v.Str, 10, 63); v.Type != gjson.String || err != nil || n == 0 {
			c.add(Error, "max-aug-time", "aug.maxAugTime", fmt.Sprintf("aug.maxAugTime is %s; it must be a string of milliseconds, e.g. \"400\"", describe(v)))
		}
	}
	if v := aug.Get("globalHitLimit"); v.Exists() {
		if v.Type != gjson.Number || v.Num != float64(int64(v.Num)) || v.Num < 1 {
			c.add(Error, "hit-limit", "aug.globalHitLimit", fmt.Sprintf("aug.globalHitLimit is %s; it must be a whole number of hits (1 or more, no quotes)", describe(v)))
		}
	}
	if v := aug.Get("globalDisableAfterTime"); v.Exists() && v.Type != gjson.Null {
		if at, err := time.Parse(time.RFC3339, v.Str); v.Type != gjson.String || err != nil {
			c.add(Error, "disable-after-time", "aug.globalDisableAfterTime", fmt.Sprintf("aug.globalDisableAfterTime is %s; it must be an RFC 3339 time such as \"2026-12-01T00:00:00Z\" (the studio also takes a time from now: 90m, 24h, 7d)", describe(v)))
		} else if at.Before(clock()) {
			c.add(Warning, "disable-after-past", "aug.globalDisableAfterTime", fmt.Sprintf("aug.globalDisableAfterTime %s has passed: the breakpoint would stop at once; set a later time or remove it", v.Str))
		}
	}
	if v := aug.Get("conditional"); v.Exists() && v.Type != gjson.String && v.Type != gjson.Null {
		c.add(Error, "conditional-type", "aug.conditional", "aug.conditional must be a string condition, e.g. \"store.rookout.frame.locals.count > 10\"")
	} else {
		c.control("aug.conditional", "the condition", v, false)
	}
}

func (c *checker) operations(ops gjson.Result) {
	if !ops.IsArray() {
		return
	}
	found := 0
	for i, op := range ops.Array() {
		p := "processing.operations." + strconv.Itoa(i)
		if !op.IsObject() {
			c.add(Error, "operation-type", p, p+" must be an object with a name")
			continue
		}
		switch op.Get("name").String() {
		case OpDatadog:
			found++
			c.datadogOp(p, op)
		case OpDogStatsD:
			found++
			c.dogstatsdOp(p, op)
		default:
			c.operationName(p, op.Get("name"))
		}
	}
	if found == 0 {
		c.add(Error, "no-datadog-operation", "processing.operations", "the template has no datadog or dogstatsd operation, so nothing reaches Datadog; add one (rk-tui new-template builds it)")
	}
}

// operationName checks the name of an operation that is neither datadog
// nor dogstatsd. Rookout has others (send_rookout, set, return), so any
// name may be right, but none is nameless, and a near miss of the two this
// tool sends with is a typo that sends nothing.
func (c *checker) operationName(p string, name gjson.Result) {
	switch {
	case !name.Exists():
		c.add(Error, "operation-name", p, p+" has no name; every operation needs one, such as \"datadog\" or \"dogstatsd\"")
	case name.Type != gjson.String || strings.TrimSpace(name.Str) == "":
		c.add(Error, "operation-name", p+".name", fmt.Sprintf("%s.name is %s; an operation's name is a string such as \"datadog\" or \"dogstatsd\"", p, describe(name)))
	default:
		n := strings.ToLower(strings.TrimSpace(name.Str))
		for _, known := range []string{OpDatadog, OpDogStatsD} {
			if n == known || editDistance(n, known) <= 2 {
				c.add(Warning, "operation-name-typo", p+".name", fmt.Sprintf("%s.name is %q, which neither this tool nor Rookout sends metrics with; did you mean %q?", p, SafeLine(name.Str), known))
				return
			}
		}
	}
}

func (c *checker) datadogOp(p string, op gjson.Result) {
	var metrics []gjson.Result
	if ms := op.Get("metrics"); ms.IsArray() {
		metrics = ms.Array()
	}
	if !c.datadogKeyAndCount(p, op.Get("api_key"), len(metrics)) {
		return
	}
	for i, m := range metrics {
		c.datadogMetric(p+".metrics."+strconv.Itoa(i), m)
	}
}

// datadogKeyAndCount checks what a datadog operation holds besides its
// metrics: the api_key, and that there are n > 0 metrics. It reports whether
// the metrics are to be checked.
func (c *checker) datadogKeyAndCount(p string, key gjson.Result, n int) bool {
	switch {
	case !key.Exists() || key.Type != gjson.String || strings.TrimSpace(key.Str) == "":
		c.add(Error, "api-key-missing", p+".api_key", "the datadog operation needs api_key; put \""+APIKeyPlaceholder+"\" and fill it in the Rookout app, or export with --api-key-from-env")
	case HasControl(key.Str):
		// The message names the character, never the key.
		c.add(Error, "control-character", p+".api_key", ControlMessage("api_key", key.Str, false)+"; a Datadog API key is 32 hexadecimal characters: paste it again")
	case IsPlaceholderKey(key.Str):
		c.add(Warning, "api-key-placeholder", p+".api_key", "api_key is still the placeholder; replace it in the Rookout app before saving, or export with --api-key-from-env")
	default:
		c.add(Warning, "api-key-literal", p+".api_key", "api_key holds a literal key ("+MaskKey(key.Str)+"): this file holds a secret; keep it out of version control, or keep the placeholder and use export --api-key-from-env")
	}
	if n == 0 {
		c.add(Error, "metrics-empty", p+".metrics", "the datadog operation has no metrics; add at least one {\"metric\", \"type\", \"points\", \"tags\"}")
		return false
	}
	return true
}

// datadogMetric checks one entry of a datadog operation's metrics, found at
// mp. Its messages never name mp, so a metric's findings can move with it.
func (c *checker) datadogMetric(mp string, m gjson.Result) {
	if !m.IsObject() {
		c.add(Error, "metric-object", mp, "a metric must be an object {\"metric\", \"type\", \"points\", \"tags\"}")
		return
	}
	var f [4]gjson.Result
	getFields(m, datadogMetricKeys, f[:])
	if t := f[0]; !contains(DatadogTypes, t.String()) || t.Type != gjson.String {
		c.add(Error, "metric-type", mp+".type", fmt.Sprintf("type is %s; it must be one of count, gauge, rate", describe(t)))
	}
	pts := f[1]
	if !pts.IsArray() || len(pts.Array()) == 0 {
		c.add(Error, "points-empty", mp+".points", "points must be a non-empty list of path strings, e.g. [\"store.rookout.frame.locals.count\"]")
	} else {
		for j, pt := range pts.Array() {
			if pt.Type != gjson.String || strings.TrimSpace(pt.Str) == "" {
				c.add(Error, "point-path", mp+".points."+strconv.Itoa(j), fmt.Sprintf("a point is %s; it must be a path string such as \"store.rookout.frame.locals.count\"", describe(pt)))
			} else {
				c.controlAt(mp, ".points."+strconv.Itoa(j), "the point", pt, false)
			}
		}
	}
	c.tagList(mp, f[2], false)
	c.metricNameField(mp, f[3])
}

var datadogMetricKeys = []string{"type", "points", "tags", "metric"}

// getFields reads several keys of an object in one pass: out[i] is what
// v.Get(keys[i]) returns (the first of repeated keys; nothing when v is not
// an object). The keys hold no gjson path syntax.
func getFields(v gjson.Result, keys []string, out []gjson.Result) {
	if !v.IsObject() {
		return
	}
	left := len(keys)
	v.ForEach(func(k, val gjson.Result) bool {
		for i, key := range keys {
			if k.Str == key && !out[i].Exists() {
				out[i] = val
				left--
				break
			}
		}
		return left > 0
	})
}

var dogstatsdKeys = []string{"action", "metric", "title", "text", "value", "target", "tags"}

func (c *checker) dogstatsdOp(p string, op gjson.Result) {
	var f [7]gjson.Result
	getFields(op, dogstatsdKeys, f[:])
	action, metric, target, tags := f[0], f[1], f[5], f[6]
	isEvent := action.String() == "event"
	if !contains(DogStatsDActions, action.String()) || action.Type != gjson.String {
		if contains(DogStatsDActions, metric.String()) {
			c.add(Error, "dogstatsd-swapped", p+".action", fmt.Sprintf("action is %s and metric is %q: the two look swapped; action is one of %s and metric is the metric name", describe(action), metric.String(), strings.Join(DogStatsDActions, ", ")))
		} else {
			c.add(Error, "dogstatsd-action", p+".action", fmt.Sprintf("action is %s; it must be one of %s", describe(action), strings.Join(DogStatsDActions, ", ")))
		}
	} else if !isEvent {
		c.metricNameField(p, metric)
	}
	if isEvent {
		for i, k := range []string{"title", "text"} {
			if v := f[2+i]; v.Type != gjson.String || strings.TrimSpace(v.Str) == "" {
				c.add(Error, "dogstatsd-event-fields", p+"."+k, fmt.Sprintf("an event needs %s: a non-empty string", k))
			} else {
				c.controlAt(p, "."+k, "the event "+k, v, k == "text")
			}
		}
	} else if action.Type == gjson.String && contains(DogStatsDActions, action.Str) {
		v := f[4]
		switch {
		case !v.Exists() || v.Type == gjson.Null:
			c.add(Error, "dogstatsd-value", p+".value", "the "+action.Str+" action needs a value: a path string such as \"store.rookout.frame.locals.size\", or {\"name\": \"calc\", \"path\": \"1\"}")
		case v.IsObject():
			if n := v.Get("name").String(); n != "calc" && n != "basic" {
				c.add(Error, "dogstatsd-value", p+".value.name", "an explicit value path has name \"calc\" or \"basic\"")
			}
			if pp := v.Get("path"); pp.Type != gjson.String || strings.TrimSpace(pp.Str) == "" {
				c.add(Error, "dogstatsd-value", p+".value.path", "an explicit value path needs a non-empty path string")
			} else {
				c.controlAt(p, ".value.path", "the value path", pp, false)
			}
		case v.Type != gjson.String || strings.TrimSpace(v.Str) == "":
			c.add(Error, "dogstatsd-value", p+".value", fmt.Sprintf("value is %s; it must be a path string or {\"name\": \"calc\", \"path\": \"1\"}", describe(v)))
		default:
			c.controlAt(p, ".value", "the value path", v, false)
		}
	}
	if tgt := target; !tgt.IsObject() {
		c.add(Error, "target-missing", p+".target", "the dogstatsd operation needs target: {\"host\": \"localhost\", \"port\": 8125}, the Datadog Agent's DogStatsD address")
	} else {
		h := tgt.Get("host")
		switch {
		case h.Type != gjson.String || strings.TrimSpace(h.Str) == "" || strings.HasPrefix(h.Str, "<"):
			c.add(Error, "target-host", p+".target.host", fmt.Sprintf("target.host is %s; set the host of the Datadog Agent the application can reach, e.g. \"localhost\"", describe(h)))
		case HasControl(h.Str):
			c.control(p+".target.host", "target.host", h, false)
		case strings.ContainsFunc(h.Str, func(r rune) bool { return unicode.IsSpace(r) || r == '/' }):
			c.add(Error, "target-host", p+".target.host", fmt.Sprintf("target.host %s holds a space or a slash; it is a host name or an IP address only, e.g. \"localhost\" or \"10.0.0.5\" (the port goes in target.port)", describe(h)))
		}
		if pt := tgt.Get("port"); pt.Type != gjson.Number || pt.Num != float64(int64(pt.Num)) || pt.Num < 1 || pt.Num > 65535 {
			c.add(Error, "target-port", p+".target.port", fmt.Sprintf("target.port is %s; it must be a number from 1 to 65535 (DogStatsD listens on 8125)", describe(pt)))
		}
	}
	if tags.Exists() {
		c.tagList(p, tags, true)
	}
}

// control reports a string value that holds a control character: shown in a
// terminal it would be obeyed, not shown. lines allows newline and tab, for
// text that may span lines.
func (c *checker) control(path, subject string, v gjson.Result, lines bool) {
	if v.Type != gjson.String {
		return
	}
	if !hasControl(v.Str, lines) {
		return
	}
	c.add(Error, "control-character", path, ControlMessage(subject+" "+describe(v), v.Str, lines))
}

// controlAt is control for the value at base+suffix, the path built only
// for a finding.
func (c *checker) controlAt(base, suffix, subject string, v gjson.Result, lines bool) {
	if v.Type == gjson.String && hasControl(v.Str, lines) {
		c.control(base+suffix, subject, v, lines)
	}
}

// metricNameField checks the metric name of the metric at base.
func (c *checker) metricNameField(base string, v gjson.Result) {
	if v.Exists() && v.Type != gjson.String {
		c.add(Error, "metric-name-type", base+".metric", fmt.Sprintf("the metric name is %s; it must be a string", describe(v)))
		return
	}
	for _, pr := range CheckMetricName(v.Str) {
		c.addRewrite(pr.Severity, pr.Code, base+".metric", fmt.Sprintf("metric %q: %s", v.Str, pr.Message), pr.Rewrite)
	}
}

// tagList checks the tags of the metric at base.
func (c *checker) tagList(base string, tags gjson.Result, statsd bool) {
	if !tags.Exists() || tags.Type == gjson.Null {
		return
	}
	if !tags.IsArray() {
		c.add(Error, "tags-type", base+".tags", "tags must be a list of strings such as [\"env:prod\", \"team:cart\"]")
		return
	}
	var seen tagIndex
	i := -1
	tags.ForEach(func(_, t gjson.Result) bool {
		i++
		tp := ""
		at := func() string {
			if tp == "" {
				tp = base + ".tags." + strconv.Itoa(i)
			}
			return tp
		}
		if t.Type != gjson.String {
			c.add(Error, "tag-type", at(), fmt.Sprintf("a tag is %s; it must be a string such as \"env:prod\"", describe(t)))
			return true
		}
		for _, pr := range CheckTag(t.Str, statsd) {
			c.addRewrite(pr.Severity, pr.Code, at(), fmt.Sprintf("tag %q: %s", t.Str, pr.Message), pr.Rewrite)
		}
		if j, dup := seen.put(NormalizeTag(t.Str), i); dup {
			c.add(Warning, "tag-duplicate", at(), fmt.Sprintf("tag %q repeats tag %d (Datadog sees the same tag twice); remove one", t.Str, j))
		}
		return true
	})
}

// tagIndex maps a tag as Datadog stores it to the last place it was seen: a
// short list for the usual handful of tags, then a map.
type tagIndex struct {
	few [8]struct {
		tag string
		at  int
	}
	n    int
	many map[string]int
}

// put records tag at i and returns where it was seen before, if it was.
func (x *tagIndex) put(tag string, i int) (int, bool) {
	if x.many != nil {
		j, dup := x.many[tag]
		x.many[tag] = i
		return j, dup
	}
	for k := 0; k < x.n; k++ {
		if x.few[k].tag == tag {
			j := x.few[k].at
			x.few[k].at = i
			return j, true
		}
	}
	if x.n < len(x.few) {
		x.few[x.n].tag, x.few[x.n].at = tag, i
		x.n++
		return 0, false
	}
	x.many = make(map[string]int, 2*len(x.few))
	for _, e := range x.few {
		x.many[e.tag] = e.at
	}
	x.many[tag] = i
	return 0, false
}

// metricUse is one metric as the type-conflict check sees it.
type metricUse struct {
	name string // as written
	norm string // as Datadog stores it
	kind Kind
	// path is the object that describes the metric; statsd tells whether it
	// is a dogstatsd operation (its type is "action").
	path   string
	statsd bool
}

func useOf(m Metric) metricUse {
	return metricUse{name: m.Name, norm: NormalizeMetricName(m.Name), kind: m.Kind, path: m.Path, statsd: m.Op.Name == OpDogStatsD}
}

// typeConflicts reports metric names used with two types: Datadog keeps one
// type per name. first is scratch space, cleared here.
func (c *checker) typeConflicts(uses []metricUse, first map[string]metricUse) {
	clear(first)
	for _, m := range uses {
		if m.kind == "" || m.kind == KindEvent || m.name == "" {
			continue
		}
		kind := m.kind
		if kind == KindTiming {
			// The Agent stores a timing as a histogram: one type, not two.
			kind = KindHistogram
		}
		u, ok := first[m.norm]
		if !ok {
			u = m
			u.kind = kind
			first[m.norm] = u
			continue
		}
		if u.kind != kind {
			typePath := m.path + ".type"
			if m.statsd {
				typePath = m.path + ".action"
			}
			c.add(Error, "metric-type-conflict", typePath, fmt.Sprintf("metric %q is a %s here but a %s at %s; Datadog keeps one type per name: use another name or the same type", m.name, m.kind, u.kind, u.path+".metric"))
		}
	}
}

func (c *checker) extension(x gjson.Result) {
	if !x.Exists() {
		return
	}
	if !x.IsObject() {
		c.add(Error, "extension-type", ExtensionKey, ExtensionKey+" holds the tool's own data and must be an object; remove it if unsure (export strips it anyway)")
		return
	}
	ms := x.Get("metrics")
	if !ms.Exists() {
		return
	}
	if !ms.IsObject() {
		c.add(Error, "extension-type", ExtensionKey+".metrics", ExtensionKey+".metrics must be an object keyed by metric name")
		return
	}
	ms.ForEach(func(k, v gjson.Result) bool {
		c.extensionEntry(ExtensionKey+".metrics."+Key(k.String()), k, v)
		return true
	})
}

// extensionEntry checks the tool data of one metric, x-rk-tui.metrics.<k>,
// found at p.
var extensionKeys = []string{"unit", "per_unit", "description", "short_name", "orientation", "interval"}

func (c *checker) extensionEntry(p string, k, v gjson.Result) {
	c.control(p, "the metric name", k, false)
	if !v.IsObject() {
		c.add(Error, "extension-type", p, fmt.Sprintf("%s is %s; a metric's tool data is an object such as {\"unit\": \"item\"}", SafeLine(p), describe(v)))
		return
	}
	var fs [6]gjson.Result
	getFields(v, extensionKeys, fs[:])
	for i, f := range extensionKeys[:4] { // the text fields
		if x := fs[i]; x.Exists() && x.Type != gjson.String {
			c.add(Error, "extension-type", p+"."+f, fmt.Sprintf("%s is %s; it is text (a JSON string)", f, describe(x)))
		}
	}
	for i, f := range []string{"unit", "per_unit"} {
		u := fs[i]
		switch {
		case !u.Exists() || u.Str == "":
		case HasControl(u.Str):
			c.control(p+"."+f, "the unit", u, false)
		case !IsUnit(u.Str):
			c.add(Warning, "unit-unknown", p+"."+f, UnknownUnitMessage(u.Str))
		}
	}
	c.controlAt(p, ".description", "the description", fs[2], false)
	c.controlAt(p, ".short_name", "the short name", fs[3], false)
	if o := fs[4]; o.Exists() && (o.Type != gjson.Number || (o.Num != -1 && o.Num != 0 && o.Num != 1)) {
		c.add(Error, "orientation", p+".orientation", "orientation is -1 (smaller is better), 0 or 1 (larger is better)")
	}
	if d := fs[2]; utf8.RuneCountInString(d.Str) > 400 {
		c.add(Warning, "description-length", p+".description", "the description is over 400 characters; metadata.csv allows at most 400")
	}
	if iv := fs[5]; iv.Exists() && (iv.Type != gjson.Number || iv.Num < 1 || iv.Num != float64(int64(iv.Num))) {
		c.add(Error, "interval", p+".interval", "interval is a whole number of seconds (1 or more)")
	}
}

// IsPlaceholderKey reports whether an api_key is a placeholder, not a key.
func IsPlaceholderKey(k string) bool {
	k = strings.TrimSpace(k)
	return k == APIKeyPlaceholder || (strings.HasPrefix(k, "<") && strings.HasSuffix(k, ">")) || strings.HasPrefix(k, "${")
}

// MaskKey hides a secret, showing only its last four characters.
func MaskKey(k string) string {
	if IsPlaceholderKey(k) || k == "" {
		return k
	}
	r := []rune(k)
	if len(r) <= 8 {
		return strings.Repeat("*", len(r))
	}
	return strings.Repeat("*", 8) + string(r[len(r)-4:])
}

func describe(v gjson.Result) string {
	if !v.Exists() {
		return "missing"
	}
	switch v.Type {
	case gjson.String:
		return strconv.Quote(shorten(v.Str))
	case gjson.Null:
		return "null"
	}
	return shorten(v.Raw)
}

// shorten cuts s to about 40 characters, never inside one.
func shorten(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:37]) + "..."
	}
	return s
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
