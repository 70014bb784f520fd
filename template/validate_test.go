package template

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

const (
	op0 = "processing.operations.0"
	m0  = op0 + ".metrics.0"
)

// apiBase and statsdBase are valid templates each rule case starts from.
// apiBase has one finding of its own (the placeholder key); statsdBase none.
func apiBase() *Document {
	return Build(Spec{Target: TargetAPI, Metrics: []MetricSpec{{
		Name: "checkout.items", Type: "count", Value: "store.rookout.frame.locals.count", Tags: []string{"region:eu"},
	}}})
}

func statsdBase() *Document {
	return Build(Spec{Target: TargetDogStatsD, Metrics: []MetricSpec{{Name: "checkout.calls", Type: "increment", Value: "1"}}})
}

// edit is one change to a base document: raw JSON at a path, or a deletion.
type edit struct {
	path string
	raw  string // "" deletes
}

func set(path, raw string) edit { return edit{path, raw} }
func del(path string) edit      { return edit{path: path} }

// want is one expected finding.
type want struct {
	sev     Severity
	code    string
	path    string
	rewrite string
}

func werr(code, path string) want  { return want{Error, code, path, ""} }
func wwarn(code, path string) want { return want{Warning, code, path, ""} }

func (w want) String() string {
	return fmt.Sprintf("%s %s at %s -> %q", w.sev, w.code, w.path, w.rewrite)
}

type ruleCase struct {
	name  string
	base  func() *Document
	edits []edit
	want  []want
	// keepBase keeps the base's own findings in the comparison (for cases
	// about the API key, whose placeholder is the base's one finding).
	keepBase bool
	// msg must appear in the message of the first wanted finding.
	msg string
}

func q(s string) string { return string(MarshalValue(s)) }

func ruleCases() []ruleCase {
	api, statsd := apiBase, statsdBase
	long := func(n int) string { return strings.Repeat("a", n) }
	tag := func(t string) []edit { return []edit{set(m0+".tags", "["+q(t)+"]")} }
	cases := []ruleCase{
		// The bases themselves.
		{name: "api base is clean", base: api},
		{name: "statsd base is clean", base: statsd},

		// Structure.
		{name: "aug missing", base: api, edits: []edit{del("aug")},
			want: []want{werr("structure-missing", "aug"), werr("structure-missing", "aug.location"), werr("structure-missing", "aug.action")}},
		{name: "aug not an object", base: api, edits: []edit{set("aug", "[]")},
			want: []want{werr("structure-type", "aug"), werr("structure-missing", "aug.location"), werr("structure-missing", "aug.action")}},
		{name: "location missing", base: api, edits: []edit{del("aug.location")}, want: []want{werr("structure-missing", "aug.location")}},
		{name: "action missing", base: api, edits: []edit{del("aug.action")}, want: []want{werr("structure-missing", "aug.action")}},
		{name: "processing missing", base: api, edits: []edit{del("processing")}, want: []want{werr("structure-missing", "processing")}},
		{name: "processing not an object", base: api, edits: []edit{set("processing", `"x"`)}, want: []want{werr("structure-type", "processing")}},
		{name: "operations missing", base: api, edits: []edit{del("processing.operations")}, want: []want{werr("structure-missing", "processing.operations")}},
		{name: "operations not a list", base: api, edits: []edit{set("processing.operations", "{}")}, want: []want{werr("structure-type", "processing.operations")}},
		{name: "selector not an object", base: api, edits: []edit{set("selector", "true")}, want: []want{werr("structure-type", "selector")}},
		{name: "selector may be absent", base: api, edits: []edit{del("selector")}},
		{name: "appearance may be absent", base: api, edits: []edit{del("appearance")}},
		{name: "appearance not an object", base: api, edits: []edit{set("appearance", `"x"`)}, want: []want{werr("structure-type", "appearance")}},
		{name: "appearance color", base: api, edits: []edit{set("appearance.color", `"purple"`)}, want: []want{wwarn("appearance-color", "appearance.color")}},
		{name: "appearance color lowercase hex", base: api, edits: []edit{set("appearance.color", `"#6c4296"`)}},
		{name: "appearance title type", base: api, edits: []edit{set("appearance.title", `5`)}, want: []want{werr("appearance-type", "appearance.title")}},
		{name: "appearance icon type", base: api, edits: []edit{set("appearance.icon", `null`)}, want: []want{werr("appearance-type", "appearance.icon")}},

		// aug.location.
		{name: "location name wrong", base: api, edits: []edit{set("aug.location.name", `"line"`)}, want: []want{werr("location-name", "aug.location.name")}, msg: `"file_line"`},
		{name: "location name missing", base: api, edits: []edit{del("aug.location.name")}, want: []want{werr("location-name", "aug.location.name")}},
		{name: "lineno number", base: api, edits: []edit{set("aug.location.lineno", `42`)}},
		{name: "lineno string", base: api, edits: []edit{set("aug.location.lineno", `"42"`)}, want: []want{werr("location-lineno", "aug.location.lineno")}},
		{name: "lineno zero", base: api, edits: []edit{set("aug.location.lineno", `0`)}, want: []want{werr("location-lineno", "aug.location.lineno")}},
		{name: "lineno fraction", base: api, edits: []edit{set("aug.location.lineno", `4.5`)}, want: []want{werr("location-lineno", "aug.location.lineno")}},
		{name: "filename string", base: api, edits: []edit{set("aug.location.filename", `"app/cart.py"`)}},
		{name: "filename number", base: api, edits: []edit{set("aug.location.filename", `7`)}, want: []want{werr("location-filename", "aug.location.filename")}},
		{name: "sha256 good", base: api, edits: []edit{set("aug.location.sha256", q(strings.Repeat("ab", 32)))}},
		{name: "sha256 bad", base: api, edits: []edit{set("aug.location.sha256", `"abc"`)}, want: []want{wwarn("location-sha256", "aug.location.sha256")}},

		// aug.action.
		{name: "action name", base: api, edits: []edit{set("aug.action.name", `"run"`)}, want: []want{werr("action-name", "aug.action.name")}},
		{name: "action operations missing", base: api, edits: []edit{del("aug.action.operations")}, want: []want{werr("action-operations", "aug.action.operations")}},
		{name: "action not set", base: api, edits: []edit{set("aug.action.operations.0.name", `"format"`)}, want: []want{werr("action-set-only", "aug.action.operations.0.name")}},
		{name: "action paths missing", base: api, edits: []edit{del("aug.action.operations.0.paths")}, want: []want{werr("action-paths", "aug.action.operations.0.paths")}},
		{name: "action path value", base: api, edits: []edit{set(`aug.action.operations.0.paths.store\.rookout\.frame`, `{"name":"calc"}`)},
			want: []want{werr("action-path-value", `aug.action.operations.0.paths.store\.rookout\.frame`)}},

		// aug limits.
		{name: "rateLimit good", base: api, edits: []edit{set("aug.rateLimit", `"200/500"`)}},
		{name: "rateLimit words", base: api, edits: []edit{set("aug.rateLimit", `"fast"`)}, want: []want{werr("rate-limit-format", "aug.rateLimit")}, msg: `"200/500"`},
		{name: "rateLimit number", base: api, edits: []edit{set("aug.rateLimit", `200`)}, want: []want{werr("rate-limit-format", "aug.rateLimit")}},
		{name: "rateLimit one part", base: api, edits: []edit{set("aug.rateLimit", `"200"`)}, want: []want{werr("rate-limit-format", "aug.rateLimit")}},
		{name: "rateLimit quota over window", base: api, edits: []edit{set("aug.rateLimit", `"500/200"`)}, want: []want{werr("rate-limit-order", "aug.rateLimit")}},
		{name: "rateLimit quota equals window", base: api, edits: []edit{set("aug.rateLimit", `"500/500"`)}, want: []want{werr("rate-limit-order", "aug.rateLimit")}},
		{name: "rateLimit zero window", base: api, edits: []edit{set("aug.rateLimit", `"0/0"`)}, want: []want{werr("rate-limit-order", "aug.rateLimit")}},
		{name: "maxAugTime good", base: api, edits: []edit{set("aug.maxAugTime", `"400"`)}},
		{name: "maxAugTime number", base: api, edits: []edit{set("aug.maxAugTime", `400`)}, want: []want{werr("max-aug-time", "aug.maxAugTime")}},
		{name: "maxAugTime unit", base: api, edits: []edit{set("aug.maxAugTime", `"4s"`)}, want: []want{werr("max-aug-time", "aug.maxAugTime")}},
		{name: "maxAugTime zero", base: api, edits: []edit{set("aug.maxAugTime", `"0"`)}, want: []want{werr("max-aug-time", "aug.maxAugTime")}},
		{name: "globalHitLimit good", base: api, edits: []edit{set("aug.globalHitLimit", `100`)}},
		{name: "globalHitLimit string", base: api, edits: []edit{set("aug.globalHitLimit", `"100"`)}, want: []want{werr("hit-limit", "aug.globalHitLimit")}},
		{name: "globalHitLimit zero", base: api, edits: []edit{set("aug.globalHitLimit", `0`)}, want: []want{werr("hit-limit", "aug.globalHitLimit")}},
		{name: "globalHitLimit fraction", base: api, edits: []edit{set("aug.globalHitLimit", `1.5`)}, want: []want{werr("hit-limit", "aug.globalHitLimit")}},
		{name: "disableAfter good", base: api, edits: []edit{set("aug.globalDisableAfterTime", `"2999-12-01T00:00:00Z"`)}},
		{name: "disableAfter offset", base: api, edits: []edit{set("aug.globalDisableAfterTime", `"2999-12-01T09:30:00+02:00"`)}},
		{name: "disableAfter null", base: api, edits: []edit{set("aug.globalDisableAfterTime", `null`)}},
		{name: "disableAfter date only", base: api, edits: []edit{set("aug.globalDisableAfterTime", `"2026-12-01"`)}, want: []want{werr("disable-after-time", "aug.globalDisableAfterTime")}, msg: "RFC 3339"},
		{name: "disableAfter number", base: api, edits: []edit{set("aug.globalDisableAfterTime", `1764547200`)}, want: []want{werr("disable-after-time", "aug.globalDisableAfterTime")}},
		{name: "conditional good", base: api, edits: []edit{set("aug.conditional", `"store.rookout.frame.locals.count > 10"`)}},
		{name: "conditional type", base: api, edits: []edit{set("aug.conditional", `true`)}, want: []want{werr("conditional-type", "aug.conditional")}},

		// Operations.
		{name: "no datadog operation", base: api, edits: []edit{set("processing.operations", `[{"name":"send_rookout"}]`)}, want: []want{werr("no-datadog-operation", "processing.operations")}},
		{name: "empty operations", base: api, edits: []edit{set("processing.operations", `[]`)}, want: []want{werr("no-datadog-operation", "processing.operations")}},
		{name: "operation not an object", base: api, edits: []edit{set("processing.operations", `[1, {"name":"dogstatsd","action":"increment","metric":"a.b","value":"x","target":{"host":"h","port":1}}]`)},
			want: []want{werr("operation-type", "processing.operations.0")}},
		{name: "operation without a name", base: api, edits: []edit{set("processing.operations.-1", `{"path":"store.x"}`)}, want: []want{werr("operation-name", "processing.operations.1")}},
		{name: "operation name not a string", base: api, edits: []edit{set("processing.operations.-1", `{"name":5}`)}, want: []want{werr("operation-name", "processing.operations.1.name")}},
		{name: "operation name a near miss", base: api, edits: []edit{set("processing.operations.-1", `{"name":"datdog","metrics":[]}`)}, want: []want{wwarn("operation-name-typo", "processing.operations.1.name")}, msg: `did you mean "datadog"?`},
		{name: "operation name capitalised", base: api, edits: []edit{set("processing.operations.-1", `{"name":"DogStatsD"}`)}, want: []want{wwarn("operation-name-typo", "processing.operations.1.name")}, msg: `did you mean "dogstatsd"?`},
		{name: "other operations are fine", base: api, edits: []edit{set("processing.operations.-1", `{"name":"send_rookout"}`), set("processing.operations.-1", `{"name":"format","path":"store.x","format":"{x}"}`)}},

		// datadog operation.
		{name: "api key placeholder", base: api, keepBase: true, want: []want{wwarn("api-key-placeholder", op0+".api_key")}},
		{name: "api key env placeholder", base: api, keepBase: true, edits: []edit{set(op0+".api_key", `"${DD_API_KEY}"`)}, want: []want{wwarn("api-key-placeholder", op0+".api_key")}},
		{name: "api key missing", base: api, keepBase: true, edits: []edit{del(op0 + ".api_key")}, want: []want{werr("api-key-missing", op0+".api_key")}},
		{name: "api key empty", base: api, keepBase: true, edits: []edit{set(op0+".api_key", `"  "`)}, want: []want{werr("api-key-missing", op0+".api_key")}},
		{name: "api key number", base: api, keepBase: true, edits: []edit{set(op0+".api_key", `12345`)}, want: []want{werr("api-key-missing", op0+".api_key")}},
		{name: "api key literal", base: api, keepBase: true, edits: []edit{set(op0+".api_key", `"0123456789abcdef0123456789abcdef"`)}, want: []want{wwarn("api-key-literal", op0+".api_key")}, msg: "********cdef"},
		{name: "metrics empty", base: api, edits: []edit{set(op0+".metrics", `[]`)}, want: []want{werr("metrics-empty", op0+".metrics")}},
		{name: "metrics missing", base: api, edits: []edit{del(op0 + ".metrics")}, want: []want{werr("metrics-empty", op0+".metrics")}},
		{name: "metrics not a list", base: api, edits: []edit{set(op0+".metrics", `{"metric":"a"}`)}, want: []want{werr("metrics-empty", op0+".metrics")}},
		{name: "metric not an object", base: api, edits: []edit{set(op0+".metrics.-1", `"a.b"`)}, want: []want{werr("metric-object", op0+".metrics.1")}},
		{name: "type gauge", base: api, edits: []edit{set(m0+".type", `"gauge"`)}},
		{name: "type rate", base: api, edits: []edit{set(m0+".type", `"rate"`)}},
		{name: "type histogram", base: api, edits: []edit{set(m0+".type", `"histogram"`)}, want: []want{werr("metric-type", m0+".type")}, msg: "count, gauge, rate"},
		{name: "type uppercase", base: api, edits: []edit{set(m0+".type", `"Count"`)}, want: []want{werr("metric-type", m0+".type")}},
		{name: "type missing", base: api, edits: []edit{del(m0 + ".type")}, want: []want{werr("metric-type", m0+".type")}},
		{name: "type number", base: api, edits: []edit{set(m0+".type", `1`)}, want: []want{werr("metric-type", m0+".type")}},
		{name: "points empty", base: api, edits: []edit{set(m0+".points", `[]`)}, want: []want{werr("points-empty", m0+".points")}},
		{name: "points missing", base: api, edits: []edit{del(m0 + ".points")}, want: []want{werr("points-empty", m0+".points")}},
		{name: "points a string", base: api, edits: []edit{set(m0+".points", `"store.x"`)}, want: []want{werr("points-empty", m0+".points")}},
		{name: "point empty string", base: api, edits: []edit{set(m0+".points", `[""]`)}, want: []want{werr("point-path", m0+".points.0")}},
		{name: "point number", base: api, edits: []edit{set(m0+".points", `["store.x", 1]`)}, want: []want{werr("point-path", m0+".points.1")}},
		{name: "two points", base: api, edits: []edit{set(m0+".points", `["store.x", "store.y"]`)}},

		// dogstatsd operation.
		{name: "action unknown", base: statsd, edits: []edit{set(op0+".action", `"inc"`)}, want: []want{werr("dogstatsd-action", op0+".action")}, msg: "increment, decrement, gauge, histogram, timing, distribution, event"},
		{name: "action missing", base: statsd, edits: []edit{del(op0 + ".action")}, want: []want{werr("dogstatsd-action", op0+".action")}},
		{name: "action and metric swapped", base: statsd, edits: []edit{set(op0+".action", `"checkout.calls"`), set(op0+".metric", `"increment"`)},
			want: []want{werr("dogstatsd-swapped", op0+".action")}, msg: "swapped"},
		{name: "value missing", base: statsd, edits: []edit{del(op0 + ".value")}, want: []want{werr("dogstatsd-value", op0+".value")}},
		{name: "value null", base: statsd, edits: []edit{set(op0+".value", `null`)}, want: []want{werr("dogstatsd-value", op0+".value")}},
		{name: "value number", base: statsd, edits: []edit{set(op0+".value", `1`)}, want: []want{werr("dogstatsd-value", op0+".value")}},
		{name: "value empty string", base: statsd, edits: []edit{set(op0+".value", `""`)}, want: []want{werr("dogstatsd-value", op0+".value")}},
		{name: "value path string", base: statsd, edits: []edit{set(op0+".value", `"store.rookout.frame.locals.n"`)}},
		{name: "value basic path", base: statsd, edits: []edit{set(op0+".value", `{"name":"basic","path":"store.x"}`)}},
		{name: "value bad kind", base: statsd, edits: []edit{set(op0+".value", `{"name":"lua","path":"1"}`)}, want: []want{werr("dogstatsd-value", op0+".value.name")}},
		{name: "value no path", base: statsd, edits: []edit{set(op0+".value", `{"name":"calc"}`)}, want: []want{werr("dogstatsd-value", op0+".value.path")}},
		{name: "event", base: statsd, edits: []edit{set(op0+".action", `"event"`), del(op0 + ".metric"), del(op0 + ".value"), set(op0+".title", `"Checkout"`), set(op0+".text", `"hit"`)}},
		{name: "event no text", base: statsd, edits: []edit{set(op0+".action", `"event"`), set(op0+".title", `"Checkout"`)}, want: []want{werr("dogstatsd-event-fields", op0+".text")}},
		{name: "event empty title", base: statsd, edits: []edit{set(op0+".action", `"event"`), set(op0+".title", `" "`), set(op0+".text", `"t"`)}, want: []want{werr("dogstatsd-event-fields", op0+".title")}},
		{name: "target missing", base: statsd, edits: []edit{del(op0 + ".target")}, want: []want{werr("target-missing", op0+".target")}},
		{name: "target not an object", base: statsd, edits: []edit{set(op0+".target", `"localhost:8125"`)}, want: []want{werr("target-missing", op0+".target")}},
		{name: "host empty", base: statsd, edits: []edit{set(op0+".target.host", `""`)}, want: []want{werr("target-host", op0+".target.host")}},
		{name: "host missing", base: statsd, edits: []edit{del(op0 + ".target.host")}, want: []want{werr("target-host", op0+".target.host")}},
		{name: "host placeholder", base: statsd, edits: []edit{set(op0+".target.host", `"<AGENT-HOST>"`)}, want: []want{werr("target-host", op0+".target.host")}},
		{name: "host name", base: statsd, edits: []edit{set(op0+".target.host", `"datadog-agent.monitoring.svc"`)}},
		{name: "port 1", base: statsd, edits: []edit{set(op0+".target.port", `1`)}},
		{name: "port 65535", base: statsd, edits: []edit{set(op0+".target.port", `65535`)}},
		{name: "port 0", base: statsd, edits: []edit{set(op0+".target.port", `0`)}, want: []want{werr("target-port", op0+".target.port")}},
		{name: "port 65536", base: statsd, edits: []edit{set(op0+".target.port", `65536`)}, want: []want{werr("target-port", op0+".target.port")}},
		{name: "port string", base: statsd, edits: []edit{set(op0+".target.port", `"8125"`)}, want: []want{werr("target-port", op0+".target.port")}},
		{name: "port fraction", base: statsd, edits: []edit{set(op0+".target.port", `8125.5`)}, want: []want{werr("target-port", op0+".target.port")}},
		{name: "port missing", base: statsd, edits: []edit{del(op0 + ".target.port")}, want: []want{werr("target-port", op0+".target.port")}},
		{name: "statsd metric name", base: statsd, edits: []edit{set(op0+".metric", `"checkout-calls"`)}, want: []want{{Error, "metric-name-chars", op0 + ".metric", "checkout_calls"}}},
		{name: "statsd metric missing", base: statsd, edits: []edit{del(op0 + ".metric")}, want: []want{werr("metric-name-empty", op0+".metric")}},
		{name: "statsd tags fine", base: statsd, edits: []edit{set(op0+".tags", `["component:cart"]`)}},
		{name: "statsd tag pipe", base: statsd, edits: []edit{set(op0+".tags", `["a:b|c"]`)}, want: []want{werr("tag-statsd-char", op0+".tags.0"), {Warning, "tag-chars", op0 + ".tags.0", "a:b_c"}}},
		{name: "statsd tag comma", base: statsd, edits: []edit{set(op0+".tags", `["a:b,c"]`)}, want: []want{werr("tag-statsd-char", op0+".tags.0"), {Warning, "tag-chars", op0 + ".tags.0", "a:b_c"}}},
		{name: "statsd tag hash", base: statsd, edits: []edit{set(op0+".tags", `["a:b#c"]`)}, want: []want{werr("tag-statsd-char", op0+".tags.0"), {Warning, "tag-chars", op0 + ".tags.0", "a:b_c"}}},
		{name: "api tag pipe is only rewritten", base: api, edits: tag("a:b|c"), want: []want{{Warning, "tag-chars", m0 + ".tags.0", "a:b_c"}}},

		// Metric names.
		{name: "name empty", base: api, edits: []edit{set(m0+".metric", `""`)}, want: []want{werr("metric-name-empty", m0+".metric")}},
		{name: "name missing", base: api, edits: []edit{del(m0 + ".metric")}, want: []want{werr("metric-name-empty", m0+".metric")}},
		{name: "name not a string", base: api, edits: []edit{set(m0+".metric", `5`)}, want: []want{werr("metric-name-type", m0+".metric")}},
		{name: "name digit first", base: api, edits: []edit{set(m0+".metric", `"1checkout"`)}, want: []want{werr("metric-name-start", m0+".metric")}},
		{name: "name underscore first", base: api, edits: []edit{set(m0+".metric", `"_checkout"`)}, want: []want{werr("metric-name-start", m0+".metric")}},
		{name: "name dash", base: api, edits: []edit{set(m0+".metric", `"checkout-items"`)}, want: []want{{Error, "metric-name-chars", m0 + ".metric", "checkout_items"}}},
		{name: "name unicode", base: api, edits: []edit{set(m0+".metric", `"app.café"`)}, want: []want{{Error, "metric-name-chars", m0 + ".metric", "app.caf_"}}},
		{name: "name spaces", base: api, edits: []edit{set(m0+".metric", `"checkout items!"`)}, want: []want{{Error, "metric-name-chars", m0 + ".metric", "checkout_items_"}}},
		{name: "name mixed case", base: api, edits: []edit{set(m0+".metric", `"Checkout.Items_2"`)}},
		{name: "name 100", base: api, edits: []edit{set(m0+".metric", q(long(100)))}},
		{name: "name 101", base: api, edits: []edit{set(m0+".metric", q(long(101)))}, want: []want{wwarn("metric-name-long", m0+".metric")}},
		{name: "name 200", base: api, edits: []edit{set(m0+".metric", q(long(200)))}, want: []want{wwarn("metric-name-long", m0+".metric")}},
		{name: "name 201", base: api, edits: []edit{set(m0+".metric", q(long(201)))}, want: []want{werr("metric-name-length", m0+".metric")}},

		// Tags.
		{name: "tag fine", base: api, edits: tag("component:cart")},
		{name: "tag bare", base: api, edits: tag("canary")},
		{name: "tag unicode letters", base: api, edits: tag("région:île-de-france")},
		{name: "tag empty", base: api, edits: tag(""), want: []want{werr("tag-empty", m0+".tags.0")}},
		{name: "tag blank", base: api, edits: tag("  "), want: []want{werr("tag-empty", m0+".tags.0")}},
		{name: "tag digit first", base: api, edits: tag("1x:y"), want: []want{werr("tag-start", m0+".tags.0")}},
		{name: "tag characters", base: api, edits: tag("cart name:big box"), want: []want{{Warning, "tag-chars", m0 + ".tags.0", "cart_name:big_box"}}},
		{name: "tag underscores fold and trail", base: api, edits: tag("region:eu__west!"), want: []want{{Warning, "tag-chars", m0 + ".tags.0", "region:eu_west"}}},
		{name: "tag uppercase", base: api, edits: tag("Region:EU"), want: []want{{Warning, "tag-case", m0 + ".tags.0", "region:eu"}}},
		{name: "tag host keeps case", base: api, edits: tag("host:Web-01"), want: []want{wwarn("tag-reserved", m0+".tags.0")}},
		{name: "tag 200", base: api, edits: tag(long(200))},
		{name: "tag 201", base: api, edits: tag(long(201)), want: []want{{Error, "tag-length", m0 + ".tags.0", long(200)}}},
		{name: "tag trailing colon", base: api, edits: tag("region:"), want: []want{wwarn("tag-trailing-colon", m0+".tags.0")}},
		{name: "tag bare env is not reserved", base: api, edits: tag("env")},
		{name: "tags not a list", base: api, edits: []edit{set(m0+".tags", `"env:prod"`)}, want: []want{werr("tags-type", m0+".tags")}},
		{name: "tag not a string", base: api, edits: []edit{set(m0+".tags", `["a:b", 3]`)}, want: []want{werr("tag-type", m0+".tags.1")}},
		{name: "tags null", base: api, edits: []edit{set(m0+".tags", `null`)}},
		{name: "tags missing", base: api, edits: []edit{del(m0 + ".tags")}},
		{name: "tag duplicate", base: api, edits: []edit{set(m0+".tags", `["region:eu","tier:gold","region:eu"]`)}, want: []want{wwarn("tag-duplicate", m0+".tags.2")}},
		{name: "tag duplicate after rewrite", base: api, edits: []edit{set(m0+".tags", `["Region:EU","region:eu"]`)},
			want: []want{{Warning, "tag-case", m0 + ".tags.0", "region:eu"}, wwarn("tag-duplicate", m0+".tags.1")}},

		// Two types for one name.
		{name: "same name same type", base: api, edits: []edit{set(op0+".metrics.-1", `{"metric":"checkout.items","points":["store.y"],"type":"count"}`)}},
		{name: "same name two types", base: api, edits: []edit{set(op0+".metrics.-1", `{"metric":"checkout.items","points":["store.y"],"type":"gauge"}`)},
			want: []want{werr("metric-type-conflict", op0+".metrics.1.type")}},
		{name: "same stored name two types", base: api, edits: []edit{set(m0+".metric", `"checkout_items"`), set(op0+".metrics.-1", `{"metric":"checkout-items","points":["store.y"],"type":"rate"}`)},
			want: []want{{Error, "metric-name-chars", op0 + ".metrics.1.metric", "checkout_items"}, {Error, "metric-type-conflict", op0 + ".metrics.1.type", ""}}},
		{name: "statsd histogram and timing are one type", base: statsd, edits: []edit{
			set(op0+".action", `"histogram"`),
			set("processing.operations.-1", `{"name":"dogstatsd","action":"timing","metric":"checkout.calls","value":"store.ms","target":{"host":"localhost","port":8125}}`)}},
		{name: "statsd increment and decrement are one type", base: statsd, edits: []edit{
			set("processing.operations.-1", `{"name":"dogstatsd","action":"decrement","metric":"checkout.calls","value":"1","target":{"host":"localhost","port":8125}}`)}},
		{name: "statsd gauge and histogram", base: statsd, edits: []edit{
			set(op0+".action", `"gauge"`),
			set("processing.operations.-1", `{"name":"dogstatsd","action":"histogram","metric":"checkout.calls","value":"1","target":{"host":"localhost","port":8125}}`)},
			want: []want{werr("metric-type-conflict", "processing.operations.1.action")}},
		{name: "api count and statsd increment", base: api, edits: []edit{
			set("processing.operations.-1", `{"name":"dogstatsd","action":"increment","metric":"checkout.items","value":"1","target":{"host":"localhost","port":8125}}`)}},
		{name: "api count and statsd distribution", base: api, edits: []edit{
			set("processing.operations.-1", `{"name":"dogstatsd","action":"distribution","metric":"checkout.items","value":"1","target":{"host":"localhost","port":8125}}`)},
			want: []want{werr("metric-type-conflict", "processing.operations.1.action")}},

		// x-rk-tui.
		{name: "extension fine", base: api, edits: []edit{set("x-rk-tui", `{"metrics":{"checkout.items":{"unit":"item","per_unit":"second","orientation":-1,"interval":10,"description":"Items."}},"profile":{"hosts":3}}`)}},
		{name: "extension not an object", base: api, edits: []edit{set("x-rk-tui", `"mine"`)}, want: []want{werr("extension-type", "x-rk-tui")}},
		{name: "extension metrics not an object", base: api, edits: []edit{set("x-rk-tui", `{"metrics":[]}`)}, want: []want{werr("extension-type", "x-rk-tui.metrics")}},
		{name: "unit unknown", base: api, edits: []edit{set("x-rk-tui", `{"metrics":{"checkout.items":{"unit":"millisecods"}}}`)}, want: []want{wwarn("unit-unknown", `x-rk-tui.metrics.checkout\.items.unit`)}, msg: `did you mean "millisecond"?`},
		{name: "per unit unknown", base: api, edits: []edit{set("x-rk-tui", `{"metrics":{"checkout.items":{"per_unit":"sec"}}}`)}, want: []want{wwarn("unit-unknown", `x-rk-tui.metrics.checkout\.items.per_unit`)}, msg: `did you mean "second"?`},
		{name: "orientation 2", base: api, edits: []edit{set("x-rk-tui", `{"metrics":{"checkout.items":{"orientation":2}}}`)}, want: []want{werr("orientation", `x-rk-tui.metrics.checkout\.items.orientation`)}},
		{name: "orientation string", base: api, edits: []edit{set("x-rk-tui", `{"metrics":{"checkout.items":{"orientation":"1"}}}`)}, want: []want{werr("orientation", `x-rk-tui.metrics.checkout\.items.orientation`)}},
		{name: "interval zero", base: api, edits: []edit{set("x-rk-tui", `{"metrics":{"checkout.items":{"interval":0}}}`)}, want: []want{werr("interval", `x-rk-tui.metrics.checkout\.items.interval`)}},
		{name: "interval string", base: api, edits: []edit{set("x-rk-tui", `{"metrics":{"checkout.items":{"interval":"10"}}}`)}, want: []want{werr("interval", `x-rk-tui.metrics.checkout\.items.interval`)}},
		{name: "extension entry not an object", base: api, edits: []edit{set("x-rk-tui", `{"metrics":{"checkout.items":5,"b":null,"c":"d"}}`)},
			want: []want{werr("extension-type", `x-rk-tui.metrics.checkout\.items`), werr("extension-type", "x-rk-tui.metrics.b"), werr("extension-type", "x-rk-tui.metrics.c")}},
		{name: "extension text fields not text", base: api, edits: []edit{set("x-rk-tui", `{"metrics":{"checkout.items":{"unit":5,"description":["x"],"short_name":true,"per_unit":null}}}`)},
			want: []want{werr("extension-type", `x-rk-tui.metrics.checkout\.items.unit`), werr("extension-type", `x-rk-tui.metrics.checkout\.items.per_unit`), werr("extension-type", `x-rk-tui.metrics.checkout\.items.description`), werr("extension-type", `x-rk-tui.metrics.checkout\.items.short_name`)}},
		{name: "description 400", base: api, edits: []edit{set("x-rk-tui", `{"metrics":{"checkout.items":{"description":`+q(strings.Repeat("é", 400))+`}}}`)}},
		{name: "description 401", base: api, edits: []edit{set("x-rk-tui", `{"metrics":{"checkout.items":{"description":`+q(strings.Repeat("é", 401))+`}}}`)}, want: []want{wwarn("description-length", `x-rk-tui.metrics.checkout\.items.description`)}},
	}
	for _, k := range []string{"env", "service", "version", "source", "device", "host", "Env"} {
		w := []want{wwarn("tag-reserved", m0+".tags.0")}
		if k == "Env" {
			w = append([]want{{Warning, "tag-case", m0 + ".tags.0", "env:x"}}, w...)
		}
		cases = append(cases, ruleCase{name: "reserved " + k, base: api, edits: tag(k + ":x"), want: w})
	}
	for _, k := range []string{"user_id", "userId", "request_id", "session", "session_id", "uuid", "email", "ip", "client_ip", "timestamp", "trace_id", "id"} {
		w := []want{wwarn("tag-unbounded", m0+".tags.0")}
		if k == "userId" {
			w = append([]want{{Warning, "tag-case", m0 + ".tags.0", "userid:x"}}, w...)
		}
		cases = append(cases, ruleCase{name: "unbounded " + k, base: api, edits: tag(k + ":x"), want: w})
	}
	for _, k := range []string{"status", "region", "tier", "endpoint", "method", "queue", "zip", "team", "owner", "hostname", "environment"} {
		cases = append(cases, ruleCase{name: "bounded " + k, base: api, edits: tag(k + ":x")})
	}
	cases = append(cases, controlCases()...)
	for _, a := range []string{"increment", "decrement", "gauge", "histogram", "timing", "distribution"} {
		cases = append(cases, ruleCase{name: "action " + a, base: statsd, edits: []edit{set(op0+".action", q(a))}})
	}
	return cases
}

func TestValidateRules(t *testing.T) {
	for _, tc := range ruleCases() {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.base()
			base := Validate(d)
			for _, e := range tc.edits {
				if e.raw == "" {
					mustDelete(t, d, e.path)
				} else {
					mustSetRaw(t, d, e.path, e.raw)
				}
			}
			if _, err := Parse(d.Bytes()); err != nil {
				t.Fatalf("the edited document does not parse: %v", err)
			}
			fs := Validate(d)
			var got []string
			for _, f := range fs {
				if !tc.keepBase && inBase(base, f) {
					continue
				}
				got = append(got, want{f.Severity, f.Code, f.Path, f.Rewrite}.String())
				line, col := expectedPosition(t, d.Bytes(), f.Path)
				if f.Line != line || f.Column != col {
					t.Errorf("%s at %s: %d:%d, want %d:%d", f.Code, f.Path, f.Line, f.Column, line, col)
				}
				if len(f.Message) < 20 {
					t.Errorf("%s: message %q says too little", f.Code, f.Message)
				}
			}
			var exp []string
			for _, w := range tc.want {
				exp = append(exp, w.String())
			}
			sort.Strings(got)
			sort.Strings(exp)
			if strings.Join(got, "\n") != strings.Join(exp, "\n") {
				t.Errorf("findings:\n  %s\nwant:\n  %s\ndocument:\n%s", strings.Join(got, "\n  "), strings.Join(exp, "\n  "), d.Bytes())
			}
			if tc.msg != "" {
				for _, f := range fs {
					if f.Code == tc.want[0].code && f.Path == tc.want[0].path && !strings.Contains(f.Message, tc.msg) {
						t.Errorf("message %q does not contain %q", f.Message, tc.msg)
					}
				}
			}
			if HasErrors(fs) != hasError(tc.want, base, tc.keepBase) {
				t.Errorf("HasErrors = %v", HasErrors(fs))
			}
		})
	}
}

func inBase(base []Finding, f Finding) bool {
	for _, b := range base {
		if b.Code == f.Code && b.Path == f.Path {
			return true
		}
	}
	return false
}

func hasError(ws []want, base []Finding, keepBase bool) bool {
	for _, w := range ws {
		if w.sev == Error {
			return true
		}
	}
	return !keepBase && HasErrors(base)
}

func TestValidateSortsByPosition(t *testing.T) {
	d := apiBase()
	mustSetRaw(t, d, m0+".tags", `["Region:EU", ""]`)
	mustSetRaw(t, d, "aug.rateLimit", `"9/1"`)
	mustSetRaw(t, d, m0+".type", `"hist"`)
	fs := Validate(d)
	if len(fs) < 4 {
		t.Fatalf("findings: %+v", fs)
	}
	for i := 1; i < len(fs); i++ {
		a, b := fs[i-1], fs[i]
		if a.Line > b.Line || (a.Line == b.Line && a.Column > b.Column) {
			t.Errorf("finding %d (%d:%d) comes before %d:%d", i-1, a.Line, a.Column, b.Line, b.Column)
		}
	}
}

// TestValidateHandWrittenPositions pins line and column on a template laid
// out by hand, tabs and wide characters included.
func TestValidateHandWrittenPositions(t *testing.T) {
	src := "{\n" +
		"\t\"aug\": {\"location\": {\"name\": \"file_line\", \"lineno\": null},\n" +
		"\t\t\"action\": {\"name\": \"script\", \"operations\": []},\n" +
		"\t\t\"rateLimit\": \"9/3\"},\n" +
		"\t\"processing\": {\"operations\": [\n" +
		"\t\t{\"name\": \"datadog\", \"api_key\": \"<YOUR-API-KEY>\",\n" +
		"\t\t \"metrics\": [{\"metric\": \"ok.name\", \"points\": [\"store.x\"], \"tags\": [\"☃\", \"Ab\"], \"type\": \"sum\"}]}]}\n" +
		"}\n"
	d := mustParse(t, src)
	got := map[string]string{}
	for _, f := range Validate(d) {
		got[f.Code] = fmt.Sprintf("%d:%d %s", f.Line, f.Column, f.Path)
	}
	wantPos := map[string]string{
		"rate-limit-order":    "4:16 aug.rateLimit",
		"api-key-placeholder": "6:34 processing.operations.0.api_key",
		"tag-case":            "7:75 processing.operations.0.metrics.0.tags.1",
		"metric-type":         "7:90 processing.operations.0.metrics.0.type",
	}
	for code, w := range wantPos {
		if got[code] != w {
			t.Errorf("%s at %q, want %q", code, got[code], w)
		}
	}
	// A snowman is a letter? No: it is a symbol, so the tag does not start with a letter.
	if got["tag-start"] != "7:70 processing.operations.0.metrics.0.tags.0" {
		t.Errorf("tag-start at %q", got["tag-start"])
	}
}

func TestLiteralAPIKeyIsNeverPrinted(t *testing.T) {
	for _, key := range []string{"0123456789abcdef0123456789abcdef", "short123", "  padded-secret-key-value  ", "ключ-секрет-1234567"} {
		d := apiBase()
		mustSetRaw(t, d, op0+".api_key", q(key))
		// Make other rules fire too, so every message is looked at.
		mustSetRaw(t, d, m0+".tags", `["Region:EU"]`)
		mustSetRaw(t, d, m0+".type", `"sum"`)
		fs := Validate(d)
		found := false
		for _, f := range fs {
			all := strings.Join([]string{f.Message, f.Path, f.Code, f.Rewrite}, " ")
			if strings.Contains(all, strings.TrimSpace(key)) {
				t.Errorf("finding %s prints the key %q: %s", f.Code, key, f.Message)
			}
			if f.Code == "api-key-literal" {
				found = true
				if f.Severity != Warning || !strings.Contains(f.Message, MaskKey(key)) {
					t.Errorf("api-key-literal = %+v, want the masked key %q", f, MaskKey(key))
				}
			}
		}
		if !found {
			t.Errorf("no api-key-literal finding for %q", key)
		}
	}
}

func TestMaskKey(t *testing.T) {
	tests := map[string]string{
		"":                                 "",
		"<YOUR-API-KEY>":                   "<YOUR-API-KEY>",
		"${DD_API_KEY}":                    "${DD_API_KEY}",
		"abc":                              "***",
		"12345678":                         "********",
		"123456789":                        "********6789",
		"0123456789abcdef0123456789abcdef": "********cdef",
	}
	for in, want := range tests {
		if got := MaskKey(in); got != want {
			t.Errorf("MaskKey(%q) = %q, want %q", in, got, want)
		}
	}
	for _, k := range []string{"<YOUR-API-KEY>", " <x> ", "${DD_API_KEY}"} {
		if !IsPlaceholderKey(k) {
			t.Errorf("IsPlaceholderKey(%q) = false", k)
		}
	}
	for _, k := range []string{"abc", "0123456789abcdef0123456789abcdef", "$DD_API_KEY"} {
		if IsPlaceholderKey(k) {
			t.Errorf("IsPlaceholderKey(%q) = true", k)
		}
	}
}

func TestFindingJSONFields(t *testing.T) {
	b, err := json.Marshal(Finding{Severity: Warning, Code: "c", Path: "p", Line: 2, Column: 3, Message: "m"})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"severity":"warning","code":"c","path":"p","line":2,"column":3,"message":"m"}` {
		t.Errorf("JSON = %s", b)
	}
}

func TestValidateCapsFindings(t *testing.T) {
	for _, tc := range []struct {
		tag string
		sev Severity
	}{{"Region:EU", Warning}, {"", Error}} {
		d := apiBase()
		mustSetRaw(t, d, m0+".tags", "["+strings.TrimSuffix(strings.Repeat(q(tc.tag)+",", MaxFindings+50), ",")+"]")
		fs := Validate(d)
		if len(fs) != MaxFindings+1 {
			t.Fatalf("%d findings, want %d", len(fs), MaxFindings+1)
		}
		last := fs[len(fs)-1]
		if last.Code != "too-many-findings" || last.Severity != tc.sev || last.Line != 1 || last.Column != 1 || !strings.Contains(last.Message, "more findings") {
			t.Errorf("last finding %+v", last)
		}
		if HasErrors(fs) != (tc.sev == Error) {
			t.Errorf("HasErrors = %v", HasErrors(fs))
		}
	}
}

// TestMessagesStayUTF8: values quoted in messages are cut to a length, but
// never in the middle of a character.
func TestMessagesStayUTF8(t *testing.T) {
	d := apiBase()
	mustSetRaw(t, d, "aug.location.lineno", `["`+strings.Repeat("é", 40)+`"]`)
	mustSetRaw(t, d, "aug.rateLimit", `"a`+strings.Repeat("é", 40)+`"`)
	for _, f := range Validate(d) {
		if !utf8.ValidString(f.Message) || strings.Contains(f.Message, `\x`) {
			t.Errorf("%s: %q", f.Code, f.Message)
		}
		if f.Code == "rate-limit-format" && !strings.Contains(f.Message, `"a`+strings.Repeat("é", 20)) {
			t.Errorf("%s: %q", f.Code, f.Message)
		}
	}
}

// TestPositionsOfOddKeys: keys with the characters paths escape still get
// the line and column of their value.
func TestPositionsOfOddKeys(t *testing.T) {
	for _, name := range []string{`a\`, `a\\`, `a.b\`, `x\.y`, "a:b", "a*b?c", "1", "a|b#c@d"} {
		d := apiBase()
		mustSetRaw(t, d, "x-rk-tui", `{"metrics": {`+q(name)+`: {"unit": "bogus"}}}`)
		fs := Validate(d)
		var got *Finding
		for i := range fs {
			if fs[i].Code == "unit-unknown" {
				got = &fs[i]
			}
		}
		if got == nil {
			t.Fatalf("%q: no unit finding in %+v", name, fs)
		}
		line, col := expectedPosition(t, d.Bytes(), "x-rk-tui.metrics."+oracleKey(name)+".unit")
		if got.Line != line || got.Column != col || got.Path != MetaPath(name)+".unit" {
			t.Errorf("%q: %s at %d:%d, want %d:%d", name, got.Path, got.Line, got.Column, line, col)
		}
		if pl, pc := d.Position(got.Path); pl != line || pc != col {
			t.Errorf("%q: Position = %d:%d, want %d:%d", name, pl, pc, line, col)
		}
	}
}

// controlCases: every string a person reads, holding a control character,
// is an error at its own path that names the character.
func controlCases() []ruleCase {
	api, statsd := apiBase, statsdBase
	cc := func(path string) want { return werr("control-character", path) }
	meta := func(field, raw string) []edit {
		return []edit{set("x-rk-tui", `{"metrics":{"checkout.items":{`+q(field)+`:`+raw+`}}}`)}
	}
	const entry = `x-rk-tui.metrics.checkout\.items`
	event := func(title, text string) []edit {
		return []edit{set(op0+".action", `"event"`), del(op0 + ".metric"), del(op0 + ".value"), set(op0+".title", q(title)), set(op0+".text", q(text))}
	}
	return []ruleCase{
		{name: "control in metric name", base: api, edits: []edit{set(m0+".metric", q("checkout\x1b[2J"))},
			want: []want{{Error, "control-character", m0 + ".metric", "checkout__2J"}}, msg: `\x1b (ESC) at character 9`},
		{name: "control in statsd metric name", base: statsd, edits: []edit{set(op0+".metric", q("checkout.calls\x07"))},
			want: []want{{Error, "control-character", op0 + ".metric", "checkout.calls_"}}, msg: `\x07 (BEL) at character 15`},
		{name: "ESC in tag", base: api, edits: tag2("region:eu\x1b[0m"),
			want: []want{{Error, "control-character", m0 + ".tags.0", "region:eu_0m"}}, msg: `\x1b (ESC) at character 10: a terminal that shows it obeys it instead of showing it; remove it`},
		{name: "C1 CSI in tag", base: api, edits: tag2("region:eu\u009b2J"),
			want: []want{{Error, "control-character", m0 + ".tags.0", "region:eu_2j"}}, msg: `\u009b (CSI) at character 10`},
		{name: "bidi override in tag", base: api, edits: tag2("region:\u202eue"),
			want: []want{{Error, "control-character", m0 + ".tags.0", "region:_ue"}}, msg: `\u202e (RIGHT-TO-LEFT OVERRIDE) at character 8: it makes the text show in another order`},
		{name: "controls in statsd tag", base: statsd, edits: []edit{set(op0+".tags", `["a:b\u0000c\u0001"]`)},
			want: []want{{Error, "control-character", op0 + ".tags.0", "a:b_c"}}, msg: `\x00 (NUL) at character 4 (and 1 more)`},
		{name: "control in host", base: statsd, edits: []edit{set(op0+".target.host", q("local\x1bhost"))}, want: []want{cc(op0 + ".target.host")}, msg: `target.host "local\x1bhost" holds the control character \x1b (ESC) at character 6`},
		{name: "tab in host", base: statsd, edits: []edit{set(op0+".target.host", q("localhost\t"))}, want: []want{cc(op0 + ".target.host")}, msg: `\x09 (TAB)`},
		{name: "space in host", base: statsd, edits: []edit{set(op0+".target.host", `"local host"`)}, want: []want{werr("target-host", op0+".target.host")}, msg: "space or a slash"},
		{name: "slash in host", base: statsd, edits: []edit{set(op0+".target.host", `"agent/8125"`)}, want: []want{werr("target-host", op0+".target.host")}, msg: "space or a slash"},
		{name: "IPv6 host", base: statsd, edits: []edit{set(op0+".target.host", `"::1"`)}},
		{name: "control in unit", base: api, edits: meta("unit", q("ms\x1b[1m")), want: []want{cc(entry + ".unit")}, msg: `\x1b (ESC) at character 3`},
		{name: "control in per unit", base: api, edits: meta("per_unit", q("second\u009d")), want: []want{cc(entry + ".per_unit")}, msg: `\u009d (OSC)`},
		{name: "control in description", base: api, edits: meta("description", q("Items\x1b]0;pwned\x07")), want: []want{cc(entry + ".description")}, msg: `\x1b (ESC) at character 6 (and 1 more)`},
		{name: "newline in description", base: api, edits: meta("description", q("Items\nper step")), want: []want{cc(entry + ".description")}, msg: `\x0a (LF)`},
		{name: "control in short name", base: api, edits: meta("short_name", q("items\x7f")), want: []want{cc(entry + ".short_name")}, msg: `\x7f (DEL) at character 6`},
		{name: "control in metadata key", base: api, edits: []edit{set("x-rk-tui", `{"metrics":{"checkout\u001b.items":{"unit":"item"}}}`)},
			want: []want{cc(`x-rk-tui.metrics.checkout` + "\x1b" + `\.items`)}, msg: `\x1b (ESC)`},
		{name: "control in title", base: api, edits: []edit{set("appearance.title", q("Checkout \x1b[31mred"))}, want: []want{cc("appearance.title")}, msg: `the title "Checkout \x1b[31mred" holds the control character \x1b (ESC) at character 10`},
		{name: "control in icon", base: api, edits: []edit{set("appearance.icon", q("fa fa-\x1bflag"))}, want: []want{cc("appearance.icon")}},
		{name: "control in colour", base: api, edits: []edit{set("appearance.color", q("#6C4296\x00"))}, want: []want{cc("appearance.color"), wwarn("appearance-color", "appearance.color")}},
		{name: "control in file name", base: api, edits: []edit{set("aug.location.filename", q("app/\u202ecart.py"))}, want: []want{cc("aug.location.filename")}, msg: "RIGHT-TO-LEFT OVERRIDE"},
		{name: "control in event title", base: statsd, edits: event("Checkout\n", "hit"), want: []want{cc(op0 + ".title")}, msg: `\x0a (LF)`},
		{name: "control in event text", base: statsd, edits: event("Checkout", "hit \x1b[2J"), want: []want{cc(op0 + ".text")}, msg: `\x1b (ESC) at character 5`},
		{name: "lines in event text", base: statsd, edits: event("Checkout", "first line\nsecond\tline")},
		{name: "control in point", base: api, edits: []edit{set(m0+".points", "["+q("store.x\x1b")+"]")}, want: []want{cc(m0 + ".points.0")}},
		{name: "control in value path", base: statsd, edits: []edit{set(op0+".value", q("store.x\x1b"))}, want: []want{cc(op0 + ".value")}},
		{name: "control in explicit value path", base: statsd, edits: []edit{set(op0+".value", `{"name":"calc","path":"1\u001b"}`)}, want: []want{cc(op0 + ".value.path")}},
		{name: "control in condition", base: api, edits: []edit{set("aug.conditional", q("x > 1\x1b"))}, want: []want{cc("aug.conditional")}},
		{name: "control in capture", base: api, edits: []edit{set(`aug.action.operations.0.paths.store\.rookout\.frame`, q("frame.dump()\x1b"))},
			want: []want{cc(`aug.action.operations.0.paths.store\.rookout\.frame`)}},
		{name: "control in template type", base: api, edits: []edit{set("template_type", q("Custom\x1b"))}, want: []want{cc("template_type")}},
		{name: "control in api key", base: api, keepBase: true, edits: []edit{set(op0+".api_key", q("0123456789abcdef\n0123456789abcdef"))},
			want: []want{cc(op0 + ".api_key")}, msg: `api_key holds the control character \x0a (LF) at character 17`},
	}
}

// tag2 sets the first metric's only tag (tag in ruleCases is local to it).
func tag2(t string) []edit { return []edit{set(m0+".tags", "["+q(t)+"]")} }

// TestHostileControlCharacters: the hostile file's escapes (an ANSI colour in
// the title, an OSC 52 clipboard write and a C1 CSI in tags, a window title
// in the description) are each an error at their line and column.
func TestHostileControlCharacters(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "hostile", "control-chars.json"))
	if err != nil {
		t.Fatal(err)
	}
	d, fs := Load(data)
	if d == nil || !HasErrors(fs) {
		t.Fatalf("no errors: %+v", fs)
	}
	want := map[string]string{
		"appearance.title": `\x1b (ESC) at character 10 (and 1 more)`,
		m0 + ".tags.0":     `\x1b (ESC) at character 13 (and 1 more)`,
		m0 + ".tags.1":     `\u009b (CSI) at character 9`,
		`x-rk-tui.metrics.feature\.exposure\.count.description`: `\x1b (ESC) at character 1 (and 1 more)`,
	}
	for _, f := range fs {
		if f.Code != "control-character" {
			continue
		}
		w, ok := want[f.Path]
		if !ok {
			t.Errorf("unexpected %+v", f)
			continue
		}
		delete(want, f.Path)
		if f.Severity != Error || !strings.Contains(f.Message, w) || !strings.Contains(f.Message, "remove") {
			t.Errorf("%s: %s %q, want an error naming %s and what to do", f.Path, f.Severity, f.Message, w)
		}
		if line, col := d.Position(f.Path); f.Line != line || f.Column != col {
			t.Errorf("%s at %d:%d, want %d:%d", f.Path, f.Line, f.Column, line, col)
		}
		if HasControl(f.Message) {
			t.Errorf("the message itself holds a control character: %q", f.Message)
		}
	}
	for p := range want {
		t.Errorf("no control-character error at %s", p)
	}
}

func TestControlMessage(t *testing.T) {
	tests := []struct {
		in    string
		lines bool
		want  string
	}{
		{"plain", false, ""},
		{"two\nlines\tand tab", true, ""},
		{"two\nlines", false, `x holds the control character \x0a (LF) at character 4: a terminal that shows it obeys it instead of showing it; remove it`},
		{"bad \xff\xfe", false, `x holds the byte \xff, which is not UTF-8, at character 5 (and 1 more): it is not text, so Datadog and terminals show it garbled; remove them`},
		{"é\u0085", false, `x holds the control character \u0085 (NEL) at character 2`},
		{"\u2066isolate", true, `x holds the character \u2066 (LEFT-TO-RIGHT ISOLATE) at character 1`},
		{"del\x7f", true, `\x7f (DEL) at character 4`},
	}
	for _, tt := range tests {
		got := ControlMessage("x", tt.in, tt.lines)
		if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
			t.Errorf("ControlMessage(%q, %v) = %q, want %q", tt.in, tt.lines, got, tt.want)
		}
		if !tt.lines && (got != "") != HasControl(tt.in) {
			t.Errorf("ControlMessage(%q) and HasControl disagree", tt.in)
		}
	}
}
