package template

import (
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/rk-tui/rk-tui/internal/golden"
)

// buildCases are the specs with golden files: every preset, a blank spec of
// each target, and specs that reach the builder's other branches.
func buildCases() map[string]Spec {
	cases := map[string]Spec{
		"blank-api":         {Target: TargetAPI},
		"blank-dogstatsd":   {Target: TargetDogStatsD},
		"minimal-api":       {Target: TargetAPI, Metrics: []MetricSpec{{Name: "app.hits", Value: "store.rookout.frame.locals.hits"}}},
		"minimal-dogstatsd": {Target: TargetDogStatsD, Metrics: []MetricSpec{{Name: "app.hits"}}},
		"dogstatsd-event-and-tags": {Target: TargetDogStatsD, Title: "Checkout <events> & timings", Color: "#112233", Icon: "fa fa-bolt",
			Host: "dd-agent.monitoring", Port: 18125, Metrics: []MetricSpec{
				{Type: "event", Title: "Checkout failed", Text: "store.rookout.frame.locals.reason"},
				{Name: "checkout.duration", Type: "timing", Value: "store.rookout.frame.locals.ms", Tags: []string{"stage:pay", "region:eu"},
					Meta: MetricMeta{Unit: "millisecond", Orientation: -1, Description: "Time to pay, p95 < 2s & falling"}},
				{Name: "checkout.flag", Type: "gauge", Value: "True"},
			}},
	}
	for _, p := range Presets {
		cases["preset-"+p.Name] = p.Spec
	}
	return cases
}

// blankErrors are the only errors a blank spec may have: it has no metric yet.
var blankErrors = map[string]string{
	"blank-api":       "metrics-empty",
	"blank-dogstatsd": "metric-name-empty",
}

func TestBuildGolden(t *testing.T) {
	for name, spec := range buildCases() {
		t.Run(name, func(t *testing.T) {
			got := Build(spec).Bytes()
			golden.Assert(t, filepath.Join("testdata", "build", name+".json"), got)
			d, err := Parse(got)
			if err != nil {
				t.Fatalf("golden does not parse: %v", err)
			}
			if !d.IsCanonical() {
				t.Error("a built template is not canonical")
			}
			var errs []string
			for _, f := range Validate(d) {
				if f.Severity == Error {
					errs = append(errs, f.Code+" at "+f.Path)
				}
			}
			if code, blank := blankErrors[name]; blank {
				if len(errs) != 1 || !strings.HasPrefix(errs[0], code+" ") {
					t.Errorf("blank template errors = %v, want only %s", errs, code)
				}
			} else if len(errs) > 0 {
				t.Errorf("golden has errors: %v", errs)
			}
		})
	}
}

// TestBuildStructure checks the parts of the official Rookout Datadog
// template that every built template must have.
func TestBuildStructure(t *testing.T) {
	for name, spec := range buildCases() {
		d := Build(spec)
		checks := map[string]string{
			"template_type":                                       `"Custom"`,
			"selector.operations.0.name":                          `"return"`,
			"selector.operations.0.path.name":                     `"calc"`,
			"selector.operations.0.path.path":                     `"True"`,
			"aug.location.name":                                   `"file_line"`,
			"aug.location.filename":                               `null`,
			"aug.location.lineno":                                 `null`,
			"aug.location.sha256":                                 `null`,
			"aug.action.name":                                     `"script"`,
			"aug.action.operations.0.name":                        `"set"`,
			`aug.action.operations.0.paths.store\.rookout\.frame`: `"frame.dump()"`,
			"appearance.color":                                    q(or(spec.Color, DefaultColor)),
			"appearance.icon":                                     q(or(spec.Icon, DefaultIcon)),
			"appearance.title":                                    q(or(spec.Title, DefaultTitle)),
		}
		for path, want := range checks {
			if got := d.Get(path).Raw; got != want {
				t.Errorf("%s: %s = %s, want %s", name, path, got, want)
			}
		}
		tpl := Read(d)
		if tpl.Target() != spec.Target {
			t.Errorf("%s: target %q, want %q", name, tpl.Target(), spec.Target)
		}
		if spec.Target == TargetAPI && tpl.APIKey() != APIKeyPlaceholder {
			t.Errorf("%s: api_key %q, want the placeholder", name, tpl.APIKey())
		}
		for _, op := range tpl.Operations {
			if op.DogStatsD != nil {
				if op.DogStatsD.Host != or(spec.Host, DefaultHost) || op.DogStatsD.Port != int64(orInt(spec.Port, DefaultPort)) {
					t.Errorf("%s: target %s:%d", name, op.DogStatsD.Host, op.DogStatsD.Port)
				}
			}
		}
		if strings.Contains(string(d.Bytes()), `\u003c`) {
			t.Errorf("%s: HTML-escaped output: %s", name, d.Bytes())
		}
	}
}

// TestBuildReadsBack checks that what Build writes is what Read and
// MetricSpecs see: names, types, values, tags and the tool's own data.
func TestBuildReadsBack(t *testing.T) {
	for name, spec := range buildCases() {
		if len(spec.Metrics) == 0 {
			continue
		}
		d := Build(spec)
		got := d.MetricSpecs()
		want := make([]MetricSpec, len(spec.Metrics))
		for i, m := range spec.Metrics {
			m.Type = or(m.Type, map[Target]string{TargetAPI: "count", TargetDogStatsD: "increment"}[spec.Target])
			if spec.Target == TargetDogStatsD && m.Value == "" && m.Type != "event" {
				m.Value = "1"
			}
			if m.Tags == nil && spec.Target == TargetAPI {
				m.Tags = []string{}
			}
			want[i] = m
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: MetricSpecs() =\n%+v\nwant\n%+v", name, got, want)
		}
		for _, m := range Read(d).Metrics() {
			if m.Kind == "" {
				t.Errorf("%s: metric %q has no kind (type %q)", name, m.Name, m.Type)
			}
		}
	}
}

func TestPresets(t *testing.T) {
	if len(Presets) < 5 {
		t.Fatalf("%d presets, want at least 5", len(Presets))
	}
	seen := map[string]bool{}
	targets := map[Target]bool{}
	kinds := map[Kind]bool{}
	for _, p := range Presets {
		if seen[p.Name] || p.Name == "" || p.Description == "" {
			t.Errorf("preset %q: duplicate or unnamed or undescribed", p.Name)
		}
		seen[p.Name] = true
		targets[p.Spec.Target] = true
		got, err := PresetByName(p.Name)
		if err != nil || got.Name != p.Name {
			t.Errorf("PresetByName(%q) = %v, %v", p.Name, got.Name, err)
		}
		for _, m := range Read(Build(p.Spec)).Metrics() {
			kinds[m.Kind] = true
		}
	}
	if !targets[TargetAPI] || !targets[TargetDogStatsD] {
		t.Errorf("presets cover targets %v, want both", targets)
	}
	for _, k := range []Kind{KindCount, KindGauge, KindHistogram, KindTiming} {
		if !kinds[k] {
			t.Errorf("no preset makes a %s", k)
		}
	}
	names := PresetNames()
	if !sort.StringsAreSorted(names) || len(names) != len(Presets) {
		t.Errorf("PresetNames() = %v", names)
	}
	_, err := PresetByName("nope")
	if err == nil || !strings.Contains(err.Error(), `"nope"`) || !strings.Contains(err.Error(), strings.Join(names, ", ")) {
		t.Errorf("PresetByName(nope) = %v", err)
	}
}

func TestValueObject(t *testing.T) {
	tests := map[string]string{
		"":                      `{"name":"calc","path":"1"}`,
		"1":                     `{"name":"calc","path":"1"}`,
		"-2.5":                  `{"name":"calc","path":"-2.5"}`,
		"True":                  `{"name":"calc","path":"True"}`,
		"store.rookout.frame.x": `"store.rookout.frame.x"`,
		"frame.locals[\"a<b\"]": `"frame.locals[\"a<b\"]"`,
	}
	for in, want := range tests {
		if got := string(MarshalValue(ValueObject(in))); got != want {
			t.Errorf("ValueObject(%q) = %s, want %s", in, got, want)
		}
		v := readValue(Build(Spec{Target: TargetDogStatsD, Metrics: []MetricSpec{{Name: "a", Value: in}}}).Get(op0 + ".value"))
		if wantPath := or(in, "1"); v.Path != wantPath {
			t.Errorf("read back %q as %+v", in, v)
		}
	}
	if !(Value{Kind: "calc", Path: "1.5"}).IsLiteral() || (Value{Kind: "calc", Path: "True"}).IsLiteral() || (Value{Path: "1"}).IsLiteral() {
		t.Error("IsLiteral")
	}
}

func TestKindOf(t *testing.T) {
	tests := []struct {
		op, typ string
		want    Kind
	}{
		{OpDatadog, "count", KindCount}, {OpDatadog, "gauge", KindGauge}, {OpDatadog, "rate", KindRate}, {OpDatadog, "histogram", ""},
		{OpDogStatsD, "increment", KindCount}, {OpDogStatsD, "decrement", KindCount}, {OpDogStatsD, "gauge", KindGauge},
		{OpDogStatsD, "histogram", KindHistogram}, {OpDogStatsD, "timing", KindTiming}, {OpDogStatsD, "distribution", KindDistribution},
		{OpDogStatsD, "event", KindEvent}, {OpDogStatsD, "count", ""}, {"send_rookout", "count", ""},
	}
	for _, tt := range tests {
		if got := KindOf(tt.op, tt.typ); got != tt.want {
			t.Errorf("KindOf(%s, %s) = %q, want %q", tt.op, tt.typ, got, tt.want)
		}
	}
}
