package preview

import (
	"errors"
	"path"
	"slices"
	"strings"

	"github.com/rk-tui/rk-tui/template"
	"github.com/tidwall/gjson"
)

// A repository of templates is previewed, validated and compared as one
// account: which of its files are templates, the account they make and the
// budgets they breach are decided here, so every command agrees.

// TemplatePath reports whether a file at rel, a slash-separated path under
// the directory searched, can be one of its templates: a *.json file, not
// the settings file, neither hidden itself nor under a hidden directory
// (.git, .github).
func TemplatePath(rel string) bool {
	base := path.Base(rel)
	if !strings.HasSuffix(base, ".json") || base == ConfigFile || strings.HasPrefix(base, ".") {
		return false
	}
	for _, dir := range strings.Split(path.Dir(rel), "/") {
		if strings.HasPrefix(dir, ".") && dir != "." {
			return false
		}
	}
	return true
}

// LooksLikeTemplate tells a Rookout template from another JSON file among
// them (package.json, a scenario): a template is an object with aug or
// processing. Bytes that are no JSON object count as a template, so that
// the loader reports what is wrong with them rather than passing over them.
func LooksLikeTemplate(data []byte) bool {
	if !gjson.ValidBytes(data) {
		return true
	}
	r := gjson.ParseBytes(data)
	return !r.IsObject() || r.Get("aug").Exists() || r.Get("processing").Exists()
}

// BudgetWith is the repository's budget for the total with the caller's
// limits laid over it: a limit given replaces the repository's.
func (c *Config) BudgetWith(over Budget) Budget { return c.TotalBudget().Merge(over) }

// AccountProfile is the profile of the account the templates share: the
// repository's with the overrides over it. Without a settings file, a lone
// template's own profile is its account's. An override that does not fit
// is a *FieldError naming the setting.
func AccountProfile(cfg *Config, o Overrides, templates []Profile) (Profile, error) {
	if cfg == nil && len(templates) == 1 {
		return templates[0], nil
	}
	p := cfg.Profile()
	if err := p.Apply(o); err != nil {
		return p, err
	}
	return p, nil
}

// AccountOf adds the templates up as one account under AccountProfile, and
// lists the budgets they breach: the total against budget laid over the
// repository's (BudgetWith), each template against its own.
func AccountOf(vs []Version, cfg *Config, o Overrides, budget Budget) (Account, []Breach, error) {
	rows := make([]AccountRow, 0, len(vs))
	profiles := make([]Profile, 0, len(vs))
	for _, v := range vs {
		rows = append(rows, AccountRow{Name: v.Name, Result: v.Result})
		profiles = append(profiles, v.Input.Profile)
	}
	p, err := AccountProfile(cfg, o, profiles)
	if err != nil {
		return Account{}, nil, err
	}
	a := NewAccount(rows, p)
	breaches := cfg.BudgetWith(budget).Check(a.Figures())
	for _, v := range vs {
		breaches = append(breaches, v.ownBreaches(nil)...)
	}
	return a, breaches, nil
}

// Breaches lists the budgets one template previewed alone breaches: its
// figures against budget over the repository's, and against its own.
func (v Version) Breaches(cfg *Config, budget Budget) []Breach {
	return append(cfg.BudgetWith(budget).Check(v.Result.Figures()), v.ownBreaches(nil)...)
}

// ownBreaches are the breaches of the template's own budget
// (x-rk-tui.profile.budget), max_increase measured from before when there
// is a before.
func (v Version) ownBreaches(before *Figures) []Breach {
	var out []Breach
	if before != nil {
		out = v.Input.Profile.Budget.CheckIncrease(*before, v.Result.Figures())
	} else {
		out = v.Input.Profile.Budget.Check(v.Result.Figures())
	}
	for i := range out {
		out[i].Scope = v.Name
	}
	return out
}

// CodeCostSetting is the code of a finding about a template's cost
// settings (x-rk-tui.profile, x-rk-tui.scenario).
const CodeCostSetting = "cost-setting"

// SettingFinding words a bad setting read from a template, an error of
// ReadInput or ReadInputWith (a *FieldError with its path, or a
// *ScenarioError), as an error finding at that path, so a report of the
// template's findings lists it with the others. ok is false for any other
// error (a setting given by the caller, which has no place in the file).
func SettingFinding(doc *template.Document, err error) (f template.Finding, ok bool) {
	var fe *FieldError
	var se *ScenarioError
	switch {
	case errors.As(err, &fe) && fe.Path != "":
		f = template.Finding{Path: fe.Path, Message: fe.Message(func(s string) string { return s })}
	case errors.As(err, &se) && se.Path != "":
		f = template.Finding{Path: se.Path, Message: se.Msg, Line: se.Line, Column: se.Column}
	default:
		return f, false
	}
	f.Severity, f.Code = template.Error, CodeCostSetting
	f.Message = strings.TrimPrefix(f.Path, template.ExtensionKey+".") + " " + f.Message
	if f.Line == 0 && doc != nil {
		f.Line, f.Column = doc.Position(f.Path)
	}
	return f, true
}

// Side is one side of a comparison: its templates by key (the path under
// the side's root, the same on both sides) and its repository's settings.
type Side struct {
	Versions map[string]*Version
	Config   *Config
}

// CompareSides pairs the templates of two sides by key, in order of the
// path, compares them under each side's account profile (AccountProfile,
// Compare), and lists the budgets the change breaches: the new total
// against budget over the new side's repository budget, max_increase
// measured from the old total, and each new template against its own
// budget, max_increase measured from its old version.
func CompareSides(oldSide, newSide Side, o Overrides, budget Budget) (Diff, error) {
	pairs := pairUp(oldSide.Versions, newSide.Versions)
	oldAccount, err := AccountProfile(oldSide.Config, o, profilesOf(oldSide.Versions))
	if err != nil {
		return Diff{}, err
	}
	newAccount, err := AccountProfile(newSide.Config, o, profilesOf(newSide.Versions))
	if err != nil {
		return Diff{}, err
	}
	d := Compare(pairs, oldAccount, newAccount)
	d.Breaches = newSide.Config.BudgetWith(budget).CheckIncrease(d.Before.Figures(), d.After.Figures())
	for _, p := range pairs {
		if p.New == nil {
			continue
		}
		var before *Figures
		if p.Old != nil {
			f := p.Old.Result.Figures()
			before = &f
		}
		d.Breaches = append(d.Breaches, p.New.ownBreaches(before)...)
	}
	return d, nil
}

// pairUp pairs the versions by key, in order of the key; a pair is named
// after its new version, else its old.
func pairUp(oldV, newV map[string]*Version) []Pair {
	keys := make([]string, 0, len(oldV)+len(newV))
	for k := range oldV {
		keys = append(keys, k)
	}
	for k := range newV {
		if _, ok := oldV[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	pairs := make([]Pair, 0, len(keys))
	for _, k := range keys {
		p := Pair{Path: k, Old: oldV[k], New: newV[k]}
		switch {
		case p.New != nil:
			p.Path = p.New.Name
		case p.Old != nil:
			p.Path = p.Old.Name
		}
		pairs = append(pairs, p)
	}
	return pairs
}

// profilesOf lists the profiles of the versions, in order of the key, so
// the account of a lone template is always the same.
func profilesOf(vs map[string]*Version) []Profile {
	keys := make([]string, 0, len(vs))
	for k := range vs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]Profile, 0, len(keys))
	for _, k := range keys {
		out = append(out, vs[k].Input.Profile)
	}
	return out
}
