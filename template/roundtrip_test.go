package template

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
)

// handAPI is a template as a person might write it: unknown keys at the top
// and inside operations, other processing operations, keys in odd order,
// numbers written as 1.50, 1e3 and -0, unicode escapes, tabs and irregular
// whitespace. The tool must never disturb any of it.
const handAPI = "{\n" +
	"\t\"zz_unknown_top\" : {\"nested\": [1, 2.50, -0, 1e3, -1.0E-2, \"\\u00e9\\u2603\\ud83d\\ude00\", true, null], \"b\":null},\n" +
	"  \"processing\": {\n" +
	"     \"operations\": [\n" +
	"        {\"name\": \"set\", \"paths\": {\"store.copy\": \"frame.x\"}},\n" +
	"        {\n" +
	"          \"metrics\": [\n" +
	"            {\"type\": \"count\", \"metric\": \"checkout.items\", \"points\": [\"store.rookout.frame.locals.count\"], \"tags\": [\"region:eu\", \"tier:gold\"], \"x_custom\": 1.50},\n" +
	"            {\"tags\":[],\"metric\":\"checkout.amount\",\"type\":\"gauge\",\"points\":[\"store.rookout.frame.locals.amount\"],\"sampleRate\":1e3}\n" +
	"          ],\n" +
	"          \"api_key\": \"<YOUR-API-KEY>\",\n" +
	"          \"name\": \"datadog\",\n" +
	"          \"unknownInOp\": {\"keep\": \"me \\\"quoted\\\" \\u0041\\/\"}\n" +
	"        },\n" +
	"        {\"name\":\"format\", \"path\": \"store.msg\", \"format\": \"{store.copy} \\t tabs\"},\n" +
	"        {\"name\": \"filter\", \"filters\": [{\"name\": \"x\", \"filter\": \"a > -0.0\"}]},\n" +
	"\t\t{\"name\": \"send_rookout\"}\n" +
	"     ]\n" +
	"  },\n" +
	"  \"aug\": {\"conditional\": \"store.rookout.frame.locals.count > 1.50\", \"rateLimit\":\"200/500\",\n" +
	"      \"location\": {\"sha256\": null, \"lineno\": null, \"name\": \"file_line\", \"filename\": null, \"extra\": -0},\n" +
	"      \"action\": {\"name\": \"script\", \"operations\": [{\"name\": \"set\", \"paths\": {\"store.rookout.frame\": \"frame.dump()\"}}]},\n" +
	"      \"maxAugTime\": \"400\"},\n" +
	"  \"appearance\": {\"title\": \"Odd \\u00e9 title\", \"icon\": \"fa fa-line-chart\", \"color\": \"#6C4296\"},\n" +
	"  \"selector\": {\"operations\": [{\"name\": \"return\", \"path\": {\"name\": \"calc\", \"path\": \"True\"}}]},\n" +
	"  \"x-rk-tui\": {\"metrics\": {\"checkout.items\": {\"unit\": \"item\", \"description\": \"Items \\u00e9\"}}, \"profile\": {\"hosts\": 3, \"price\": 5.00}}\n" +
	"}\n"

// handAPIExport is handAPI with the x-rk-tui key, and nothing else, removed.
const handAPIExportTail = "  \"selector\": {\"operations\": [{\"name\": \"return\", \"path\": {\"name\": \"calc\", \"path\": \"True\"}}]}\n}\n"

// handStatsD is a DogStatsD template written by hand, with an unknown key in
// an operation and an event.
const handStatsD = "{\"template_type\":\"Custom\",\n" +
	" \"aug\": {\"location\": {\"name\": \"file_line\", \"filename\": null, \"lineno\": null, \"sha256\": null},\n" +
	"   \"action\": {\"name\": \"script\", \"operations\": [{\"name\": \"set\", \"paths\": {\"store.rookout.frame\": \"frame.dump()\"}}]}},\n" +
	" \"processing\": {\"operations\": [\n" +
	"   {\"name\": \"dogstatsd\", \"action\": \"histogram\", \"metric\": \"worker.batch.size\", \"value\": \"store.rookout.frame.locals.n\", \"tags\": [\"queue:a\"], \"target\": {\"host\": \"agent\", \"port\": 8125}, \"sample_rate\": 0.50},\n" +
	"   {\"name\": \"send_rookout\", \"extra\": [1.0]},\n" +
	"   {\"name\": \"dogstatsd\", \"action\": \"event\", \"title\": \"Batch done\", \"text\": \"store.rookout.frame.locals.msg\", \"target\": {\"host\": \"agent\", \"port\": 8125}}\n" +
	" ]},\n" +
	" \"x-rk-tui\": {\"metrics\": {\"worker.batch.size\": {\"unit\": \"item\"}}}\n" +
	"}"

func TestRoundTripIsByteIdentical(t *testing.T) {
	for name, src := range map[string]string{"api": handAPI, "dogstatsd": handStatsD} {
		d := mustParse(t, src)
		if got := string(d.Bytes()); got != src {
			t.Errorf("%s: Parse→Bytes changed the document:\n%s", name, got)
		}
		again := mustParse(t, string(d.Bytes()))
		if !bytes.Equal(again.Bytes(), d.Bytes()) {
			t.Errorf("%s: re-parse differs", name)
		}
		// Reading is not writing.
		_ = Read(d).Metrics()
		_ = Validate(d)
		_ = d.MetricSpecs()
		if got := string(d.Bytes()); got != src {
			t.Errorf("%s: reading changed the document", name)
		}
	}
	if fs := Validate(mustParse(t, handAPI)); HasErrors(fs) {
		t.Errorf("the hand-written API template has errors: %+v", fs)
	}
	if fs := Validate(mustParse(t, handStatsD)); HasErrors(fs) {
		t.Errorf("the hand-written DogStatsD template has errors: %+v", fs)
	}
}

func TestReadHandWritten(t *testing.T) {
	tpl := Read(mustParse(t, handAPI))
	if tpl.Appearance.Title != "Odd é title" || tpl.Limits.RateLimit != "200/500" || tpl.Limits.MaxAugTime != "400" ||
		tpl.Limits.Conditional != "store.rookout.frame.locals.count > 1.50" || tpl.Location.Name != "file_line" {
		t.Errorf("typed view: %+v", tpl)
	}
	var names []string
	for _, op := range tpl.Operations {
		names = append(names, op.Name)
	}
	if strings.Join(names, ",") != "set,datadog,format,filter,send_rookout" {
		t.Errorf("operations %v", names)
	}
	ms := tpl.Metrics()
	if len(ms) != 2 || ms[0].Name != "checkout.items" || ms[0].Path != "processing.operations.1.metrics.0" ||
		ms[1].Kind != KindGauge || ms[1].Value.Path != "store.rookout.frame.locals.amount" || ms[0].Tags[1] != "tier:gold" {
		t.Errorf("metrics %+v", ms)
	}
	if ms[0].NamePath() != "processing.operations.1.metrics.0.metric" || ms[0].TypePath() != "processing.operations.1.metrics.0.type" ||
		ms[0].ValuePath() != "processing.operations.1.metrics.0.points.0" || ms[0].TagsPath() != "processing.operations.1.metrics.0.tags" {
		t.Errorf("paths of %+v", ms[0])
	}
	s := Read(mustParse(t, handStatsD)).Metrics()
	if len(s) != 2 || s[0].Kind != KindHistogram || s[0].TypePath() != "processing.operations.0.action" || s[0].ValuePath() != "processing.operations.0.value" ||
		s[1].Kind != KindEvent || s[1].Name != "Batch done" || s[1].Op.Index != 2 {
		t.Errorf("statsd metrics %+v", s)
	}
	if Read(mustParse(t, handStatsD)).Target() != TargetDogStatsD || Read(mustParse(t, `{}`)).Target() != "" {
		t.Error("Target")
	}
}

func TestExportStripsOnlyTheExtension(t *testing.T) {
	d := mustParse(t, handAPI)
	cut := strings.Index(handAPI, "  \"selector\"")
	want := handAPI[:cut] + handAPIExportTail
	got, err := Export(d, ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("Export =\n%s\nwant\n%s", got, want)
	}
	if string(d.Bytes()) != handAPI {
		t.Error("Export changed the document it was given")
	}
	min, err := Export(d, ExportOptions{Minify: true})
	if err != nil {
		t.Fatal(err)
	}
	if string(min) != string(Compact([]byte(want))) || bytes.ContainsAny(min, "\n\t") {
		t.Errorf("minified export = %s", min)
	}
	if !strings.Contains(string(min), `"1.50`) && !strings.Contains(string(min), `1.50`) {
		t.Error("minify reformatted a number")
	}
	for _, frag := range []string{`2.50,-0,1e3,-1.0E-2`, `"\u00e9\u2603\ud83d\ude00"`, `"me \"quoted\" \u0041\/"`, `"x_custom":1.50`} {
		if !strings.Contains(string(min), frag) {
			t.Errorf("minified export lost %s", frag)
		}
	}

	// A file without tool data exports as it is, plus a final newline.
	plain := strings.TrimSuffix(want, "\n")
	got, _ = Export(mustParse(t, plain), ExportOptions{})
	if string(got) != want {
		t.Errorf("export of a file without x-rk-tui changed it")
	}
}

func TestExportWhereverTheExtensionIs(t *testing.T) {
	tests := map[string]string{
		"{\"x-rk-tui\": {\"a\": 1},\n  \"b\": 2\n}":                     "{\n  \"b\": 2\n}\n",
		"{\n  \"b\": 2,\n  \"x-rk-tui\": {\"a\": [1]},\n\t\"c\" : 3\n}": "{\n  \"b\": 2,\n\t\"c\" : 3\n}\n",
		"{\"x-rk-tui\": 5}":                            "{}\n",
		"{\"x-rk-tui\": 1, \"x-rk-tui\": 2, \"a\": 1}": "{\"a\": 1}\n",
	}
	for in, want := range tests {
		got, err := Export(mustParse(t, in), ExportOptions{})
		if err != nil || string(got) != want {
			t.Errorf("Export(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestExportAPIKey(t *testing.T) {
	const key = "0123456789abcdef0123456789abcdef"
	d := mustParse(t, handAPI)
	got, err := Export(d, ExportOptions{APIKey: key})
	if err != nil {
		t.Fatal(err)
	}
	cut := strings.Index(handAPI, "  \"selector\"")
	want := strings.Replace(handAPI[:cut]+handAPIExportTail, `"<YOUR-API-KEY>"`, `"`+key+`"`, 1)
	if string(got) != want {
		t.Errorf("Export with key =\n%s\nwant\n%s", got, want)
	}
	if strings.Contains(string(d.Bytes()), key) {
		t.Error("the key leaked into the working document")
	}
	// Every datadog operation gets it; others are left alone.
	two := mustParse(t, `{"processing":{"operations":[{"name":"datadog","api_key":"<A>"},{"name":"send_rookout","api_key":"keep"},{"name":"datadog"}]}}`)
	got, _ = Export(two, ExportOptions{APIKey: key})
	out := mustParse(t, string(got))
	if out.Get("processing.operations.0.api_key").String() != key || out.Get("processing.operations.2.api_key").String() != key ||
		out.Get("processing.operations.1.api_key").String() != "keep" {
		t.Errorf("export = %s", got)
	}
}

// resetTo writes back the raw values of paths from orig, undoing an edit
// that only changed those values.
func resetTo(t *testing.T, d *Document, orig *Document, paths ...string) {
	t.Helper()
	for _, p := range paths {
		if o := orig.Get(p); o.Exists() {
			mustSetRaw(t, d, p, o.Raw)
		} else {
			mustDelete(t, d, p)
		}
	}
}

func TestEditsChangeOnlyTheirTarget(t *testing.T) {
	const dd = "processing.operations.1"
	const m0 = dd + ".metrics.0"
	const m1 = dd + ".metrics.1"
	tests := []struct {
		name string
		edit func(d *Document) error
		// check looks at the edited values.
		check func(t *testing.T, d *Document)
		// touched are the paths the edit may change; resetting them must
		// give back the original bytes exactly.
		touched []string
	}{
		{"SetAppearance", func(d *Document) error { return d.SetAppearance("Checkout «items»", "#112233") },
			func(t *testing.T, d *Document) {
				if d.Get("appearance.title").String() != "Checkout «items»" || d.Get("appearance.color").String() != "#112233" {
					t.Errorf("appearance %s", d.Get("appearance").Raw)
				}
			}, []string{"appearance.title", "appearance.color"}},
		{"SetAugField string", func(d *Document) error { return d.SetAugField("rateLimit", " 100/1000 ") },
			func(t *testing.T, d *Document) { wantRaw(t, d, "aug.rateLimit", `"100/1000"`) }, []string{"aug.rateLimit"}},
		{"SetAugField new number", func(d *Document) error { return d.SetAugField("globalHitLimit", "25") },
			func(t *testing.T, d *Document) { wantRaw(t, d, "aug.globalHitLimit", `25`) }, []string{"aug.globalHitLimit"}},
		{"SetAugField new time", func(d *Document) error { return d.SetAugField("globalDisableAfterTime", "2026-12-01T00:00:00Z") },
			func(t *testing.T, d *Document) { wantRaw(t, d, "aug.globalDisableAfterTime", `"2026-12-01T00:00:00Z"`) }, []string{"aug.globalDisableAfterTime"}},
		{"SetAugField empty removes", func(d *Document) error { return d.SetAugField("maxAugTime", "") },
			func(t *testing.T, d *Document) {
				if want := strings.Replace(handAPI, ",\n      \"maxAugTime\": \"400\"", "", 1); string(d.Bytes()) != want {
					t.Errorf("removing maxAugTime gave\n%s", d.Bytes())
				}
			}, nil},
		{"SetLocation", func(d *Document) error { return d.SetLocation("app/cart.py", "42") },
			func(t *testing.T, d *Document) {
				wantRaw(t, d, "aug.location.filename", `"app/cart.py"`)
				wantRaw(t, d, "aug.location.lineno", `42`)
			}, []string{"aug.location.filename", "aug.location.lineno"}},
		{"SetLocation empty", func(d *Document) error { return d.SetLocation("", "") },
			func(t *testing.T, d *Document) {
				wantRaw(t, d, "aug.location.filename", `null`)
				wantRaw(t, d, "aug.location.lineno", `null`)
			}, []string{"aug.location.filename", "aug.location.lineno"}},
		{"SetMetricName carries meta", func(d *Document) error { return d.SetMetricName(0, "cart.items") },
			func(t *testing.T, d *Document) {
				wantRaw(t, d, m0+".metric", `"cart.items"`)
				if d.Get(MetaPath("checkout.items")).Exists() || d.Meta("cart.items").Unit != "item" || d.Meta("cart.items").Description != "Items é" {
					t.Errorf("meta not carried: %s", d.Get(ExtensionKey).Raw)
				}
				wantRaw(t, d, MetaPath("cart.items"), `{"unit": "item", "description": "Items \u00e9"}`)
				assertOthersUnchanged(t, []byte(handAPI), d.Bytes(), m0+".metric", "x-rk-tui.metrics")
			}, nil},
		{"SetMetricType", func(d *Document) error { return d.SetMetricType(1, "rate") },
			func(t *testing.T, d *Document) { wantRaw(t, d, m1+".type", `"rate"`) }, []string{m1 + ".type"}},
		{"SetMetricValue", func(d *Document) error { return d.SetMetricValue(0, " store.rookout.frame.locals.n ") },
			func(t *testing.T, d *Document) { wantRaw(t, d, m0+".points.0", `"store.rookout.frame.locals.n"`) }, []string{m0 + ".points.0"}},
		{"SetMetricValue empty", func(d *Document) error { return d.SetMetricValue(1, "") },
			func(t *testing.T, d *Document) { wantRaw(t, d, m1+".points", `[]`) }, []string{m1 + ".points"}},
		{"SetMetricTags", func(d *Document) error { return d.SetMetricTags(0, []string{"region:us", "a<b"}) },
			func(t *testing.T, d *Document) { wantRaw(t, d, m0+".tags", `["region:us", "a<b"]`) }, []string{m0 + ".tags"}},
		{"SetMetricTags nil", func(d *Document) error { return d.SetMetricTags(0, nil) },
			func(t *testing.T, d *Document) { wantRaw(t, d, m0+".tags", `[]`) }, []string{m0 + ".tags"}},
		{"SetProfile", func(d *Document) error { return d.SetProfile("hosts", 12) },
			func(t *testing.T, d *Document) { wantRaw(t, d, "x-rk-tui.profile.hosts", `12`) }, []string{"x-rk-tui.profile.hosts"}},
		{"SetProfile new", func(d *Document) error { return d.SetProfile("plan", "enterprise") },
			func(t *testing.T, d *Document) { wantRaw(t, d, "x-rk-tui.profile.plan", `"enterprise"`) }, []string{"x-rk-tui.profile.plan"}},
		{"SetMeta", func(d *Document) error {
			return d.SetMeta("checkout.amount", MetricMeta{Unit: "dollar", Orientation: 1})
		},
			func(t *testing.T, d *Document) {
				if m := d.Meta("checkout.amount"); m != (MetricMeta{Unit: "dollar", Orientation: 1}) {
					t.Errorf("meta %+v", m)
				}
			}, []string{`x-rk-tui.metrics.checkout\.amount`}},
		{"SetMeta zero removes", func(d *Document) error { return d.SetMeta("checkout.items", MetricMeta{}) },
			func(t *testing.T, d *Document) {
				if d.Get(`x-rk-tui.metrics`).Exists() {
					t.Errorf("empty metrics kept: %s", d.Get(ExtensionKey).Raw)
				}
				wantRaw(t, d, "x-rk-tui.profile.hosts", `3`)
			}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orig := mustParse(t, handAPI)
			d := orig.Clone()
			if err := tt.edit(d); err != nil {
				t.Fatal(err)
			}
			if _, err := Parse(d.Bytes()); err != nil {
				t.Fatalf("the edit broke the JSON: %v\n%s", err, d.Bytes())
			}
			tt.check(t, d)
			if tt.touched != nil {
				r := d.Clone()
				resetTo(t, r, orig, tt.touched...)
				if string(r.Bytes()) != handAPI {
					t.Errorf("the edit changed more than %v:\n%s", tt.touched, r.Bytes())
				}
			}
			// Whatever the edit, the parts the tool does not manage are
			// byte for byte where they were.
			for _, p := range []string{"zz_unknown_top", "processing.operations.0", "processing.operations.2", "processing.operations.3",
				"processing.operations.4", dd + ".unknownInOp", "selector", "aug.location.extra", "aug.action"} {
				if got, want := d.Get(p).Raw, orig.Get(p).Raw; got != want {
					t.Errorf("%s changed: %s -> %s", p, want, got)
				}
			}
		})
	}
}

func wantRaw(t *testing.T, d *Document, path, raw string) {
	t.Helper()
	if got := d.Get(path).Raw; got != raw {
		t.Errorf("%s = %s, want %s", path, got, raw)
	}
}

func TestSetMetricNameWithoutMeta(t *testing.T) {
	orig := mustParse(t, handAPI)
	d := orig.Clone()
	if err := d.SetMetricName(1, "checkout.total"); err != nil {
		t.Fatal(err)
	}
	r := d.Clone()
	resetTo(t, r, orig, "processing.operations.1.metrics.1.metric")
	if string(r.Bytes()) != handAPI {
		t.Errorf("renaming a metric without tool data changed more:\n%s", d.Bytes())
	}
	if err := d.SetMetricName(5, "x"); err == nil {
		t.Error("renaming metric 6 of 2 succeeded")
	}
}

func TestSetMetricNameKeepsExistingMeta(t *testing.T) {
	d := mustParse(t, handAPI)
	if err := d.SetMeta("checkout.amount", MetricMeta{Unit: "dollar"}); err != nil {
		t.Fatal(err)
	}
	// Renaming onto a name that has its own data keeps that data.
	if err := d.SetMetricName(0, "checkout.amount"); err != nil {
		t.Fatal(err)
	}
	if d.Meta("checkout.amount").Unit != "dollar" {
		t.Errorf("meta of the target name was replaced: %s", d.Get(ExtensionKey).Raw)
	}
}

func TestAddMetric(t *testing.T) {
	t.Run("api", func(t *testing.T) {
		orig := mustParse(t, handAPI)
		d := orig.Clone()
		i, err := d.AddMetric(MetricSpec{Name: "checkout.errors", Type: "increment", Value: "store.e", Tags: []string{"kind:x"}, Meta: MetricMeta{Unit: "error"}})
		if err != nil || i != 2 {
			t.Fatalf("AddMetric = %d, %v", i, err)
		}
		wantRaw(t, d, "processing.operations.1.metrics.2", `{"metric":"checkout.errors","points":["store.e"],"tags":["kind:x"],"type":"count"}`)
		if d.Meta("checkout.errors").Unit != "error" {
			t.Error("meta not written")
		}
		assertOthersUnchanged(t, orig.Bytes(), d.Bytes(), "processing.operations.1.metrics.2", `x-rk-tui.metrics.checkout\.errors`)
		if got := len(Read(d).Metrics()); got != 3 {
			t.Errorf("%d metrics", got)
		}
	})
	t.Run("dogstatsd", func(t *testing.T) {
		orig := mustParse(t, handStatsD)
		d := orig.Clone()
		i, err := d.AddMetric(MetricSpec{Name: "worker.batch.calls", Type: "count"})
		if err != nil || i != 2 {
			t.Fatalf("AddMetric = %d, %v", i, err)
		}
		wantRaw(t, d, "processing.operations.3",
			`{"name": "dogstatsd", "action": "increment", "metric": "worker.batch.calls", "value": {"name": "calc", "path": "1"}, "target": {"host": "agent", "port": 8125}}`)
		assertOthersUnchanged(t, orig.Bytes(), d.Bytes(), "processing.operations.3")
		if fs := Validate(d); HasErrors(fs) {
			t.Errorf("errors after AddMetric: %+v", fs)
		}
	})
	t.Run("no route", func(t *testing.T) {
		d := mustParse(t, `{"processing":{"operations":[{"name":"send_rookout"}]}}`)
		if _, err := d.AddMetric(MetricSpec{Name: "a"}); err == nil {
			t.Error("AddMetric without a Datadog operation succeeded")
		}
	})
	t.Run("numeric name with meta", func(t *testing.T) {
		d := Build(Spec{Target: TargetAPI})
		if _, err := d.AddMetric(MetricSpec{Name: "404", Type: "count", Meta: MetricMeta{Unit: "error"}}); err != nil {
			t.Fatal(err)
		}
		if !d.Get("x-rk-tui.metrics").IsObject() || d.Meta("404").Unit != "error" || len(d.Bytes()) > 2000 {
			t.Errorf("tool data for a numeric name: %s", d.Get(ExtensionKey).Raw)
		}
	})
}

func TestSetMetaNumericNames(t *testing.T) {
	for _, name := range []string{"0", "123", "99999999999"} {
		d := mustParse(t, `{"a":1}`)
		empty := mustParse(t, `{"a":1,"x-rk-tui":{"metrics":{}}}`)
		if err := empty.SetMeta(name, MetricMeta{Unit: "item"}); err != nil || empty.Get(ExtensionKey+".metrics").Raw != `{"`+name+`":{"unit":"item"}}` {
			t.Errorf("SetMeta(%q) into an empty object: %v %s", name, err, empty.Bytes())
		}
		notObject := mustParse(t, `{"x-rk-tui":{"metrics":[]}}`)
		if err := notObject.SetMeta(name, MetricMeta{Unit: "item"}); err == nil || string(notObject.Bytes()) != `{"x-rk-tui":{"metrics":[]}}` {
			t.Errorf("SetMeta(%q) into a list: %v %s", name, err, notObject.Bytes())
		}
		if err := d.SetMeta(name, MetricMeta{Unit: "item"}); err != nil {
			t.Fatal(err)
		}
		if got := d.Get(ExtensionKey + ".metrics").Raw; got != `{"`+name+`":{"unit":"item"}}` {
			t.Errorf("SetMeta(%q) wrote %s", name, got)
		}
		if err := d.SetMeta(name, MetricMeta{}); err != nil {
			t.Fatal(err)
		}
		if string(d.Bytes()) != `{"a":1}` {
			t.Errorf("removing the only meta left %s", d.Bytes())
		}
	}
}

func TestSetMetricTypeStatsD(t *testing.T) {
	t.Run("action", func(t *testing.T) {
		orig := mustParse(t, handStatsD)
		d := orig.Clone()
		if err := d.SetMetricType(0, "distribution"); err != nil {
			t.Fatal(err)
		}
		r := d.Clone()
		resetTo(t, r, orig, "processing.operations.0.action")
		if string(r.Bytes()) != handStatsD {
			t.Errorf("SetMetricType changed more than the action:\n%s", d.Bytes())
		}
	})
	t.Run("to event", func(t *testing.T) {
		orig := mustParse(t, handStatsD)
		d := orig.Clone()
		if err := d.SetMetricType(0, "event"); err != nil {
			t.Fatal(err)
		}
		op := d.Get("processing.operations.0")
		if op.Get("action").String() != "event" || op.Get("title").String() != "worker.batch.size" || op.Get("text").String() == "" ||
			op.Get("metric").Exists() || op.Get("value").Exists() || op.Get("target.host").String() != "agent" {
			t.Errorf("event op = %s", op.Raw)
		}
		assertOthersUnchanged(t, orig.Bytes(), d.Bytes(), "processing.operations.0")
		if fs := Validate(d); HasErrors(fs) {
			t.Errorf("errors: %+v", fs)
		}
	})
	t.Run("from event", func(t *testing.T) {
		orig := mustParse(t, handStatsD)
		d := orig.Clone()
		if err := d.SetMetricType(1, "increment"); err != nil {
			t.Fatal(err)
		}
		op := d.Get("processing.operations.2")
		if op.Get("action").String() != "increment" || op.Get("title").Exists() || op.Get("text").Exists() ||
			op.Get("value.path").String() != "1" || op.Get("target.port").Int() != 8125 {
			t.Errorf("op = %s", op.Raw)
		}
		assertOthersUnchanged(t, orig.Bytes(), d.Bytes(), "processing.operations.2")
	})
	t.Run("value", func(t *testing.T) {
		orig := mustParse(t, handStatsD)
		d := orig.Clone()
		if err := d.SetMetricValue(0, "2.5"); err != nil {
			t.Fatal(err)
		}
		wantRaw(t, d, "processing.operations.0.value", `{"name":"calc","path":"2.5"}`)
		r := d.Clone()
		resetTo(t, r, orig, "processing.operations.0.value")
		if string(r.Bytes()) != handStatsD {
			t.Errorf("SetMetricValue changed more:\n%s", d.Bytes())
		}
	})
	t.Run("tags removed", func(t *testing.T) {
		orig := mustParse(t, handStatsD)
		d := orig.Clone()
		if err := d.SetMetricTags(0, nil); err != nil {
			t.Fatal(err)
		}
		if d.Get("processing.operations.0.tags").Exists() {
			t.Error("tags kept")
		}
		assertOthersUnchanged(t, orig.Bytes(), d.Bytes(), "processing.operations.0.tags")
	})
	t.Run("event text", func(t *testing.T) {
		orig := mustParse(t, handStatsD)
		d := orig.Clone()
		if err := d.SetEventText(1, "Done", "store.x"); err != nil {
			t.Fatal(err)
		}
		r := d.Clone()
		resetTo(t, r, orig, "processing.operations.2.title", "processing.operations.2.text")
		if string(r.Bytes()) != handStatsD {
			t.Errorf("SetEventText changed more:\n%s", d.Bytes())
		}
	})
}

func TestSetTarget(t *testing.T) {
	orig := mustParse(t, handAPI)
	d := orig.Clone()
	if err := d.SetTarget(TargetDogStatsD, "agent.local", 18125); err != nil {
		t.Fatal(err)
	}
	// The other operations keep their bytes and their order; the metrics
	// become dogstatsd operations where the datadog one was.
	ops := d.Get("processing.operations").Array()
	origOps := orig.Get("processing.operations").Array()
	if len(ops) != 6 {
		t.Fatalf("%d operations: %s", len(ops), d.Get("processing.operations").Raw)
	}
	for i, j := range map[int]int{0: 0, 3: 2, 4: 3, 5: 4} {
		if ops[i].Raw != origOps[j].Raw {
			t.Errorf("operation %d = %s, want %s", i, ops[i].Raw, origOps[j].Raw)
		}
	}
	tpl := Read(d)
	if tpl.Target() != TargetDogStatsD {
		t.Fatalf("target %q", tpl.Target())
	}
	ms := tpl.Metrics()
	if len(ms) != 2 || ms[0].Name != "checkout.items" || ms[0].Type != "increment" || ms[1].Type != "gauge" ||
		ms[0].Op.DogStatsD.Host != "agent.local" || ms[1].Op.DogStatsD.Port != 18125 ||
		ms[0].Value.Path != "store.rookout.frame.locals.count" || strings.Join(ms[0].Tags, ",") != "region:eu,tier:gold" {
		t.Errorf("metrics after SetTarget: %+v", ms)
	}
	assertOthersUnchanged(t, orig.Bytes(), d.Bytes(), "processing.operations")
	if fs := Validate(d); HasErrors(fs) {
		t.Errorf("errors: %+v", fs)
	}
	// The bytes before and after the operations list are untouched.
	before := orig.Get("processing.operations")
	after := d.Get("processing.operations")
	if !bytes.Equal(orig.Bytes()[:before.Index], d.Bytes()[:after.Index]) ||
		!bytes.Equal(orig.Bytes()[before.Index+len(before.Raw):], d.Bytes()[after.Index+len(after.Raw):]) {
		t.Error("SetTarget changed bytes outside processing.operations")
	}

	// Same route: only the agent address changes.
	d2 := d.Clone()
	if err := d2.SetTarget(TargetDogStatsD, "other", 9000); err != nil {
		t.Fatal(err)
	}
	for _, m := range Read(d2).Metrics() {
		if m.Op.DogStatsD.Host != "other" || m.Op.DogStatsD.Port != 9000 {
			t.Errorf("agent not moved: %+v", m.Op.DogStatsD)
		}
	}
	assertOthersUnchanged(t, d.Bytes(), d2.Bytes(), "processing.operations.1.target", "processing.operations.2.target")

	// And back: one datadog operation with the placeholder key.
	if err := d.SetTarget(TargetAPI, "", 0); err != nil {
		t.Fatal(err)
	}
	tpl = Read(d)
	ms = tpl.Metrics()
	if tpl.Target() != TargetAPI || tpl.APIKey() != APIKeyPlaceholder || len(ms) != 2 || ms[0].Type != "count" || ms[1].Type != "gauge" ||
		ms[0].Name != "checkout.items" || ms[1].Value.Path != "store.rookout.frame.locals.amount" {
		t.Errorf("back to the API: %s", d.Get("processing").Raw)
	}
	assertOthersUnchanged(t, orig.Bytes(), d.Bytes(), "processing.operations")
	if fs := Validate(d); HasErrors(fs) {
		t.Errorf("errors: %+v", fs)
	}
	// Same route on the API is a no-op.
	before2 := string(d.Bytes())
	if err := d.SetTarget(TargetAPI, "", 0); err != nil || string(d.Bytes()) != before2 {
		t.Errorf("SetTarget to the same route changed the document: %v", err)
	}
}

func TestSetTargetDropsEventsForTheAPI(t *testing.T) {
	orig := mustParse(t, handStatsD)
	d := orig.Clone()
	if err := d.SetTarget(TargetAPI, "", 0); err != nil {
		t.Fatal(err)
	}
	ms := Read(d).Metrics()
	if len(ms) != 1 || ms[0].Name != "worker.batch.size" || ms[0].Type != "gauge" || Read(d).APIKey() != APIKeyPlaceholder {
		t.Errorf("metrics %+v", ms)
	}
	if got := d.Get("processing.operations.1").Raw; got != `{"name": "send_rookout", "extra": [1.0]}` {
		t.Errorf("send_rookout = %s", got)
	}
	assertOthersUnchanged(t, orig.Bytes(), d.Bytes(), "processing.operations")
}

func TestDeleteMetric(t *testing.T) {
	orig := mustParse(t, handAPI)
	d := orig.Clone()
	if err := d.DeleteMetric(0); err != nil {
		t.Fatal(err)
	}
	ms := Read(d).Metrics()
	if len(ms) != 1 || ms[0].Name != "checkout.amount" {
		t.Fatalf("metrics %+v", ms)
	}
	if d.Get(MetaPath("checkout.items")).Exists() || d.Get("x-rk-tui.metrics").Exists() {
		t.Errorf("tool data kept: %s", d.Get(ExtensionKey).Raw)
	}
	wantRaw(t, d, "x-rk-tui.profile", `{"hosts": 3, "price": 5.00}`)
	wantRaw(t, d, "processing.operations.1.metrics.0", orig.Get("processing.operations.1.metrics.1").Raw)
	assertOthersUnchanged(t, orig.Bytes(), d.Bytes(), "processing.operations.1.metrics", "x-rk-tui.metrics")
	if err := d.DeleteMetric(3); err == nil {
		t.Error("deleting a metric that does not exist succeeded")
	}
}

// TestDeleteLastStatsDMetricKeepsARoute: a DogStatsD template whose last
// metric is deleted must still accept a new one.
func TestDeleteLastStatsDMetricKeepsARoute(t *testing.T) {
	d := Build(Spec{Target: TargetDogStatsD, Host: "agent", Port: 9125, Metrics: []MetricSpec{{Name: "a.b", Type: "gauge", Value: "store.x"}}})
	if err := d.DeleteMetric(0); err != nil {
		t.Fatal(err)
	}
	if Read(d).Target() != TargetDogStatsD {
		t.Fatalf("no route left: %s", d.Get("processing").Raw)
	}
	if _, err := d.AddMetric(MetricSpec{Name: "c.d", Type: "increment"}); err != nil {
		t.Fatalf("AddMetric after deleting the last metric: %v", err)
	}
	ms := Read(d).Metrics()
	if len(ms) == 0 || ms[len(ms)-1].Name != "c.d" || ms[len(ms)-1].Op.DogStatsD.Host != "agent" || ms[len(ms)-1].Op.DogStatsD.Port != 9125 {
		t.Errorf("metrics %+v", ms)
	}
}

func TestMoveMetric(t *testing.T) {
	orig := mustParse(t, handAPI)
	d := orig.Clone()
	if err := d.MoveMetric(0, 1); err != nil {
		t.Fatal(err)
	}
	wantRaw(t, d, "processing.operations.1.metrics.0", orig.Get("processing.operations.1.metrics.1").Raw)
	wantRaw(t, d, "processing.operations.1.metrics.1", orig.Get("processing.operations.1.metrics.0").Raw)
	assertOthersUnchanged(t, orig.Bytes(), d.Bytes(), "processing.operations.1.metrics")
	if err := d.MoveMetric(1, 0); err != nil {
		t.Fatal(err)
	}
	if string(d.Bytes()) != handAPI {
		t.Errorf("moving back did not restore the file:\n%s", d.Bytes())
	}
	if err := d.MoveMetric(0, 2); err == nil {
		t.Error("moving past the end succeeded")
	}
}

func TestSetProfileRemoves(t *testing.T) {
	orig := mustParse(t, handAPI)
	d := orig.Clone()
	for _, k := range []string{"hosts", "price"} {
		if err := d.SetProfile(k, nil); err != nil {
			t.Fatal(err)
		}
	}
	if d.Get("x-rk-tui.profile").Exists() {
		t.Errorf("empty profile kept: %s", d.Get(ExtensionKey).Raw)
	}
	assertOthersUnchanged(t, orig.Bytes(), d.Bytes(), "x-rk-tui.profile")
	if err := d.SetMeta("checkout.items", MetricMeta{}); err != nil {
		t.Fatal(err)
	}
	if d.Get(ExtensionKey).Exists() {
		t.Errorf("empty x-rk-tui kept: %s", d.Bytes())
	}
	got, _ := Export(orig, ExportOptions{})
	if string(d.Bytes())+"" != strings.TrimSuffix(string(got), "") {
		t.Errorf("removing all tool data should leave what export gives:\n%s\nvs\n%s", d.Bytes(), got)
	}
}

func TestSetMetricNameStatsDCarriesMeta(t *testing.T) {
	orig := mustParse(t, handStatsD)
	d := orig.Clone()
	if err := d.SetMetricName(0, "worker.batch.items"); err != nil {
		t.Fatal(err)
	}
	wantRaw(t, d, "processing.operations.0.metric", `"worker.batch.items"`)
	if d.Meta("worker.batch.items").Unit != "item" || d.Get(MetaPath("worker.batch.size")).Exists() {
		t.Errorf("meta: %s", d.Get(ExtensionKey).Raw)
	}
	assertOthersUnchanged(t, orig.Bytes(), d.Bytes(), "processing.operations.0.metric", "x-rk-tui.metrics")
}

func TestRenameMeta(t *testing.T) {
	orig := mustParse(t, handAPI)
	d := orig.Clone()
	if err := d.RenameMeta("checkout.items", "cart.items"); err != nil {
		t.Fatal(err)
	}
	if d.Meta("cart.items").Unit != "item" || d.Get(MetaPath("checkout.items")).Exists() {
		t.Errorf("not moved: %s", d.Get(ExtensionKey).Raw)
	}
	assertOthersUnchanged(t, orig.Bytes(), d.Bytes(), "x-rk-tui.metrics")
	for _, args := range [][2]string{{"", "a"}, {"cart.items", ""}, {"cart.items", "cart.items"}, {"nothing.here", "x"}} {
		before := string(d.Bytes())
		if err := d.RenameMeta(args[0], args[1]); err != nil || string(d.Bytes()) != before {
			t.Errorf("RenameMeta(%q, %q) changed the document: %v", args[0], args[1], err)
		}
	}
	if err := d.SetMeta("other", MetricMeta{Unit: "byte"}); err != nil {
		t.Fatal(err)
	}
	before := string(d.Bytes())
	if err := d.RenameMeta("cart.items", "other"); err != nil || string(d.Bytes()) != before {
		t.Errorf("RenameMeta onto a name with data changed the document: %v", err)
	}
}

// A template with an API metric and a DogStatsD one: the two cannot swap
// (one is a list element, the other a whole operation), and the file is
// left as it was.
func TestMoveMetricAcrossRoutesIsRefused(t *testing.T) {
	d := mustParse(t, handAPI)
	agent := Build(Spec{Target: TargetDogStatsD, Metrics: []MetricSpec{{Name: "a.b", Type: "gauge", Value: "store.x"}}})
	op := agent.Get("processing.operations.#(name==\"dogstatsd\")").Raw
	if err := d.SetRaw("processing.operations.-1", []byte(op)); err != nil {
		t.Fatal(err)
	}
	before := string(d.Bytes())
	ms := Read(d).Metrics()
	last := len(ms) - 1
	if ms[last].Op.DogStatsD == nil || ms[last-1].Op.Datadog == nil {
		t.Fatalf("fixture: %+v", ms)
	}
	for _, pair := range [][2]int{{last - 1, last}, {last, last - 1}} {
		err := d.MoveMetric(pair[0], pair[1])
		if err == nil || !strings.Contains(err.Error(), "its own route") {
			t.Errorf("MoveMetric(%d, %d) = %v", pair[0], pair[1], err)
		}
		if string(d.Bytes()) != before {
			t.Fatalf("a refused move changed the file:\n%s", d.Bytes())
		}
	}
}

// Two metrics of one name share their tool data: deleting one keeps it
// for the other; deleting the last takes it.
func TestDeleteMetricKeepsSharedToolData(t *testing.T) {
	d := mustParse(t, handAPI)
	m := Read(d).Metrics()[0]
	if err := d.SetRaw(strings.TrimSuffix(m.Path, ".0")+".-1", []byte(d.Get(m.Path).Raw)); err != nil {
		t.Fatal(err)
	}
	if !d.Get(MetaPath(m.Name)).Exists() {
		t.Fatalf("fixture: %s has no tool data", m.Name)
	}
	if err := d.DeleteMetric(0); err != nil {
		t.Fatal(err)
	}
	if !d.Get(MetaPath(m.Name)).Exists() {
		t.Fatal("the tool data went with one of two metrics of its name")
	}
	ms := Read(d).Metrics()
	if err := d.DeleteMetric(len(ms) - 1); err != nil {
		t.Fatal(err)
	}
	if d.Get(MetaPath(m.Name)).Exists() {
		t.Fatal("the tool data stayed after the last metric of its name")
	}
}

// A DogStatsD value written as an object keeps its other keys when its
// path is edited, as long as it stays the same kind; a constant typed over
// a path (or a path over a constant) replaces it.
func TestSetValueKeepsAHandWrittenValueObject(t *testing.T) {
	const basic = `{"name": "basic", "path": "store.rookout.frame.n", "comment": "keep me"}`
	tests := []struct{ typed, want string }{
		{"store.rookout.frame.m", `{"name": "basic", "path": "store.rookout.frame.m", "comment": "keep me"}`},
		{"7", `{"name": "calc", "path": "7"}`},
	}
	for _, tt := range tests {
		d := mustParse(t, `{"processing": {"operations": [{"name": "dogstatsd", "action": "gauge", "metric": "a.b", "value": `+basic+`, "target": {"host": "localhost", "port": 8125}}]}}`)
		m := Read(d).Metrics()[0]
		if err := d.EditMetric(m, SetValue(true, tt.typed)); err != nil {
			t.Fatal(err)
		}
		if got := d.Get(m.Path + ".value").Raw; got != tt.want {
			t.Errorf("typed %q: value %s, want %s", tt.typed, got, tt.want)
		}
	}
	d := mustParse(t, `{"processing": {"operations": [{"name": "dogstatsd", "action": "gauge", "metric": "a.b", "value": {"name": "calc", "path": "1", "note": "n"}, "target": {"host": "localhost", "port": 8125}}]}}`)
	m := Read(d).Metrics()[0]
	if err := d.EditMetric(m, SetValue(true, "12")); err != nil {
		t.Fatal(err)
	}
	if got := d.Get(m.Path + ".value").Raw; got != `{"name": "calc", "path": "12", "note": "n"}` {
		t.Errorf("a calc's constant edited: %s", got)
	}
}

// A datadog operation whose metrics is an object, not a list, gets no
// metric: sjson would add a member "-1" that no reader sees.
func TestAddMetricRefusesMetricsThatAreNotAList(t *testing.T) {
	d := mustParse(t, `{"processing": {"operations": [{"name": "datadog", "api_key": "<YOUR-API-KEY>", "metrics": {"a": 1}}]}}`)
	before := string(d.Bytes())
	if _, err := d.AddMetric(MetricSpec{Name: "c.d", Type: "count", Value: "store.x"}); err == nil || !strings.Contains(err.Error(), "is not a list") {
		t.Fatalf("AddMetric = %v", err)
	}
	if string(d.Bytes()) != before {
		t.Fatalf("the file changed: %s", d.Bytes())
	}
}

// A draft's keys come back by the operation's place among the datadog
// operations: a DogStatsD operation deleted before it does not lose its
// key; a key written as a number comes back as written.
func TestRestoreKeysByDatadogOperation(t *testing.T) {
	const k = "0123456789abcdef0123456789abcdef"
	file := mustParse(t, `{"processing": {"operations": [
  {"name": "dogstatsd", "action": "increment", "metric": "a.b", "value": 1, "target": {"host": "localhost", "port": 8125}},
  {"name": "datadog", "api_key": "`+k+`", "metrics": []},
  {"name": "datadog", "api_key": 1234567890123, "metrics": []},
  {"name": "datadog", "api_key": "${DD_API_KEY}", "metrics": []}]}}`)
	draft := WithoutKeys(file)
	if strings.Contains(string(draft.Bytes()), k) || strings.Contains(string(draft.Bytes()), "1234567890123") {
		t.Fatalf("the draft holds a key: %s", draft.Bytes())
	}
	if err := draft.DeleteMetric(0); err != nil { // the DogStatsD operation: indexes shift
		t.Fatal(err)
	}
	got := RestoreKeys(draft, file)
	for i, want := range []string{`"` + k + `"`, "1234567890123", `"${DD_API_KEY}"`} {
		if raw := got.Get("processing.operations." + strconv.Itoa(i) + ".api_key").Raw; raw != want {
			t.Errorf("operation %d: api_key %s, want %s", i, raw, want)
		}
	}
}

// An event titled like the deleted metric owns no tool data: the metric's
// goes with it.
func TestDeleteMetricBesideAnEventOfItsName(t *testing.T) {
	d := mustParse(t, `{"processing": {"operations": [
  {"name": "dogstatsd", "action": "increment", "metric": "checkout.calls", "value": 1, "target": {"host": "localhost", "port": 8125}},
  {"name": "dogstatsd", "action": "event", "title": "checkout.calls", "text": "t", "target": {"host": "localhost", "port": 8125}}]},
 "x-rk-tui": {"metrics": {"checkout.calls": {"unit": "call"}}}}`)
	if err := d.DeleteMetric(0); err != nil {
		t.Fatal(err)
	}
	if d.Get(MetaPath("checkout.calls")).Exists() {
		t.Fatalf("the tool data stayed: %s", d.Bytes())
	}
}
