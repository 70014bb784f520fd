package preview

import (
	"errors"
	"strings"
	"testing"

	"github.com/rk-tui/rk-tui/template"
)

func u64(n uint64) *uint64   { return &n }
func f64(f float64) *float64 { return &f }
func str(s string) *string   { return &s }

func TestApplyPrecedence(t *testing.T) {
	base := func() Profile {
		p := DefaultProfile()
		p.AllotmentPerHost, p.ActiveHours, p.ActiveHoursNote = 50, 73, "until then"
		p.TagValues = map[string]uint64{"status": 2, "region": 4}
		return p
	}
	t.Run("a plan drops the file's allotment per host", func(t *testing.T) {
		p := base()
		if err := p.Apply(Overrides{Plan: str(" Enterprise ")}); err != nil {
			t.Fatal(err)
		}
		if p.Plan != PlanEnterprise || p.AllotmentPerHost != 0 || p.PerHost() != 200 {
			t.Errorf("plan %q allotment %d", p.Plan, p.AllotmentPerHost)
		}
	})
	t.Run("a plan with an allotment keeps the given allotment", func(t *testing.T) {
		p := base()
		if err := p.Apply(Overrides{Plan: str("pro"), AllotmentPerHost: u64(7)}); err != nil {
			t.Fatal(err)
		}
		if p.PerHost() != 7 {
			t.Errorf("per host %d", p.PerHost())
		}
	})
	t.Run("active hours drop the derived note", func(t *testing.T) {
		p := base()
		if err := p.Apply(Overrides{ActiveHours: f64(730)}); err != nil {
			t.Fatal(err)
		}
		if p.ActiveHours != 730 || p.ActiveHoursNote != "" {
			t.Errorf("%v %q", p.ActiveHours, p.ActiveHoursNote)
		}
	})
	t.Run("tag values merge per key and leave the original alone", func(t *testing.T) {
		p := base()
		orig := p.TagValues
		if err := p.Apply(Overrides{TagValues: map[string]uint64{"status": 5}}); err != nil {
			t.Fatal(err)
		}
		if p.TagValues["status"] != 5 || p.TagValues["region"] != 4 || orig["status"] != 2 {
			t.Errorf("merged %v, original %v", p.TagValues, orig)
		}
	})
	t.Run("nothing given changes nothing", func(t *testing.T) {
		p := base()
		if err := p.Apply(Overrides{}); err != nil {
			t.Fatal(err)
		}
		if p.PerHost() != 50 || p.ActiveHoursNote != "until then" {
			t.Errorf("%+v", p)
		}
	})
}

func TestApplyErrorsNameTheSetting(t *testing.T) {
	tests := []struct {
		o     Overrides
		field string
		msg   string
	}{
		{Overrides{Plan: str("gold")}, "plan", `is "gold"; it must be "pro" (100 custom metrics per host) or "enterprise" (200); for another allotment, set allotment_per_host`},
		{Overrides{ActiveHours: f64(731)}, "active_hours", "is 731, more than the 730 hours of the month"},
		{Overrides{Hosts: u64(0)}, "hosts", "is 0"},
	}
	for _, tt := range tests {
		p := DefaultProfile()
		err := p.Apply(tt.o)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tt.field || !strings.Contains(fe.Error(), tt.msg) {
			t.Errorf("%+v: err %v, want field %s and %q", tt.o, err, tt.field, tt.msg)
		}
		if got := fe.Message(func(s string) string { return "<" + s + ">" }); fe.Alt != nil && !strings.HasSuffix(got, "set <allotment_per_host>") {
			t.Errorf("Message words the alternative as the caller does: %q", got)
		}
	}
}

func TestOverrideScenarioChoice(t *testing.T) {
	d := docOf(t, []metricJSON{m("service.request.count", "increment", "status:success", "service:database")},
		`"x-rk-tui": {"scenario": `+seedScenario+`}`)
	read := func() Input {
		in, err := ReadInput(d, now)
		if err != nil {
			t.Fatal(err)
		}
		return in
	}
	in := read()
	if in.Scenario == nil || in.Estimate().CustomMetrics.String() != "13" {
		t.Fatalf("the file's scenario is used: %v", in.Scenario)
	}
	in = read()
	if err := in.Override(Overrides{Hosts: u64(5)}, nil); err != nil {
		t.Fatal(err)
	}
	if in.Scenario != nil || len(in.Dropped) != 1 || in.Dropped[0] != (Dropped{Path: ScenarioPath, Because: "hosts"}) {
		t.Errorf("hosts set the file's scenario aside: %v %v", in.Scenario, in.Dropped)
	}
	in = read()
	given := mustScenario(t, `{"host_groups": [{"hosts": 2}]}`)
	if err := in.Override(Overrides{}, given); err != nil || in.Scenario != given || len(in.Dropped) != 0 {
		t.Errorf("a given scenario replaces the file's: %v %v", err, in.Dropped)
	}
	in = read()
	err := in.Override(Overrides{Hosts: u64(2)}, given)
	var ce *ConflictError
	if !errors.As(err, &ce) || ce.Settings != [2]string{"hosts", "scenario"} {
		t.Errorf("hosts and a scenario conflict: %v", err)
	}
	if CheckScenarioOverride(Overrides{Hosts: u64(2)}) == nil || CheckScenarioOverride(Overrides{}) != nil {
		t.Error("CheckScenarioOverride")
	}
}

func TestReadInputErrors(t *testing.T) {
	for _, tt := range []struct{ extra, path string }{
		{`"x-rk-tui": {"profile": {"hosts": 0}}`, "x-rk-tui.profile.hosts"},
		{`"x-rk-tui": {"scenario": {"host_groups": []}}`, "x-rk-tui.scenario.host_groups"},
	} {
		_, err := ReadInput(docOf(t, []metricJSON{m("a.b", "count")}, tt.extra), now)
		var fe *FieldError
		var se *ScenarioError
		switch {
		case errors.As(err, &fe):
			if fe.Path != tt.path {
				t.Errorf("%s: path %s", tt.extra, fe.Path)
			}
		case errors.As(err, &se):
			if se.Path != tt.path || se.Line == 0 {
				t.Errorf("%s: path %s line %d", tt.extra, se.Path, se.Line)
			}
		default:
			t.Errorf("%s: err %v", tt.extra, err)
		}
	}
}

func TestNoteInvalidTemplate(t *testing.T) {
	p := DefaultProfile()
	p.UnboundedTagValues = 1
	r := estimateDoc(t, docOf(t, []metricJSON{m("a.b", "count", "user_id:1")}), p, nil)
	r.NoteInvalidTemplate("t.json", nil)
	if hasCode(r.Warnings, "template-invalid") {
		t.Error("no errors, no warning")
	}
	errs := []template.Finding{{Severity: template.Error, Code: "metric-type", Path: "processing.operations.0", Line: 8, Column: 3, Message: "bad type"}, {Severity: template.Error}}
	r.NoteInvalidTemplate("t.json", errs)
	w := r.Warnings[0]
	if w.Code != "template-invalid" || w.Path != "processing.operations.0" ||
		w.Message != "the template has 2 validation errors (the first at 8:3: bad type); the figures count the metrics that could be read; run rk-tui validate t.json" {
		t.Errorf("%+v", w)
	}
	if len(r.Warnings) != 2 {
		t.Errorf("the estimate's own warnings follow: %v", codes(r.Warnings))
	}
}
