package preview

import (
	"fmt"
	"time"

	"github.com/rk-tui/rk-tui/template"
)

// Input is everything an estimate reads: the template, its tool data, the
// profile and the scenario in force. ReadInput takes them from a working
// file; Override lays settings given elsewhere over them. The command line
// and the studio both go through it, so they agree on which value wins.
type Input struct {
	Template template.Template
	Meta     MetaFunc
	Profile  Profile
	// Scenario is the scenario in force, nil for none.
	Scenario *Scenario
	// Dropped lists what the file holds that an override set aside, so the
	// caller can say so (the file's scenario when hosts are given).
	Dropped []Dropped
}

// Dropped is a part of the working file an override set aside.
type Dropped struct {
	// Path is where it is in the file, e.g. x-rk-tui.scenario.
	Path string
	// Because is the setting given instead, e.g. "hosts".
	Because string
}

// ReadInput reads a document's profile (see ProfileFrom), scenario
// (ScenarioFrom), typed view and tool data. Errors are a *FieldError or a
// *ScenarioError with the path of the bad value.
func ReadInput(doc *template.Document, now time.Time) (Input, error) {
	p, err := ProfileFrom(doc, now)
	if err != nil {
		return Input{}, err
	}
	sc, err := ScenarioFrom(doc)
	if err != nil {
		return Input{}, err
	}
	in := Input{Meta: MetaOf(doc), Profile: p, Scenario: sc}
	if doc != nil {
		in.Template = template.Read(doc)
	}
	return in, nil
}

// ConflictError is two settings given together that say the same thing.
type ConflictError struct {
	// Settings are the two settings, e.g. "hosts" and "scenario".
	Settings [2]string
	Msg      string
}

func (e *ConflictError) Error() string {
	return e.Settings[0] + " and " + e.Settings[1] + " " + e.Msg
}

// Override lays o and a scenario given outside the file over the input.
// The rules:
//   - a given scenario replaces the file's; it and given hosts conflict
//     (a scenario's hosts are the sum of its groups);
//   - given hosts set the file's scenario aside (listed in Dropped);
//   - profile settings follow Profile.Apply.
//
// Errors are a *ConflictError or a *FieldError naming settings.
func (in *Input) Override(o Overrides, scenario *Scenario) error {
	if scenario != nil {
		if err := CheckScenarioOverride(o); err != nil {
			return err
		}
	}
	switch {
	case scenario != nil:
		in.Scenario = scenario
	case o.Hosts != nil && in.Scenario != nil:
		in.Scenario = nil
		in.Dropped = append(in.Dropped, Dropped{Path: ScenarioPath, Because: "hosts"})
	}
	return in.Profile.Apply(o)
}

// CheckScenarioOverride reports the conflict of o with a scenario given
// alongside it, before the caller reads that scenario.
func CheckScenarioOverride(o Overrides) error {
	if o.Hosts != nil {
		return &ConflictError{Settings: [2]string{"hosts", "scenario"}, Msg: "both say how many hosts run the breakpoint; give one (a scenario's hosts are the sum of its host groups)"}
	}
	return nil
}

// Estimate projects the input (see the package function Estimate).
func (in Input) Estimate() Result {
	return Estimate(in.Template, in.Meta, in.Profile, in.Scenario)
}

// NoteInvalidTemplate puts a template-invalid warning first when the
// template has validation errors: the figures then count only the metrics
// that could be read. name is how the file is called in the message.
func (r *Result) NoteInvalidTemplate(name string, errs []template.Finding) {
	if len(errs) == 0 {
		return
	}
	first := errs[0]
	noun := "validation errors"
	if len(errs) == 1 {
		noun = "validation error"
	}
	w := Warning{
		Code: "template-invalid",
		Message: fmt.Sprintf("the template has %d %s (the first at %d:%d: %s); the figures count the metrics that could be read; run rk-tui validate %s",
			len(errs), noun, first.Line, first.Column, first.Message, name),
		Path: first.Path,
	}
	r.Warnings = append([]Warning{w}, r.Warnings...)
}
