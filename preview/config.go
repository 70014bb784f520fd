package preview

import (
	"bytes"
	"errors"
	"strconv"
	"time"

	"github.com/rk-tui/rk-tui/template"
	"github.com/tidwall/gjson"
)

// ConfigFile is the name of a repository's settings file, found by walking
// up from the templates.
const ConfigFile = ".rk-tui.json"

// Config is a repository's settings for all its templates, in ConfigFile:
//
//	{"profile": {"plan": "enterprise", "account_hosts": 40, "existing": 5200},
//	 "budget": {"max_increase": "10%", "max_monthly_cost": 100}}
//
// profile is the account: each template's x-rk-tui.profile is laid over it,
// and the total over all templates is counted against its allotment. budget
// applies to that total (a template's own x-rk-tui.profile.budget applies to
// the template).
type Config struct {
	Budget      Budget
	profile     Profile
	activeGiven bool
}

var configFields = []string{"profile", "budget"}

// ParseConfig reads a repository's settings. Errors are a *ConfigError
// with the path, line and column of the bad value.
func ParseConfig(data []byte) (*Config, error) {
	if err := jsonSyntax(data, "the settings file"); err != nil {
		var se *ScenarioError
		if errors.As(err, &se) {
			return nil, &ConfigError{Path: se.Path, Line: se.Line, Column: se.Column, Msg: se.Msg}
		}
		return nil, err
	}
	root := gjson.ParseBytes(data)
	fail := func(path, msg string) (*Config, error) {
		off := bytes.IndexByte(data, '{')
		if path != "" {
			if r := gjson.GetBytes(data, path); r.Exists() {
				off = r.Index
			}
		}
		line, col := template.LineCol(data, max(off, 0))
		return nil, &ConfigError{Path: path, Line: line, Column: col, Msg: msg}
	}
	if !root.IsObject() {
		return fail("", "is "+describe(root)+"; the settings are an object such as {\"profile\": {\"plan\": \"pro\"}, \"budget\": {\"max_increase\": \"10%\"}}")
	}
	c := &Config{profile: DefaultProfile()}
	var bad *FieldError
	root.ForEach(func(k, v gjson.Result) bool {
		switch k.String() {
		case "profile":
			var err error
			c.activeGiven, err = overlayProfile(&c.profile, v, "profile")
			errors.As(err, &bad)
		case "budget":
			c.Budget, bad = readBudget(v, "budget")
		default:
			bad = &FieldError{Path: template.Key(k.String()), Msg: unknownKey(k.String(), configFields)}
		}
		return bad == nil
	})
	if bad == nil {
		if errs := c.profile.problems(); len(errs) > 0 {
			bad = errs[0]
			bad.Path = "profile." + bad.Field
			if !gjson.GetBytes(data, bad.Path).Exists() {
				bad.Path = "profile"
			}
		}
	}
	if bad != nil {
		return fail(bad.Path, bad.Message(func(s string) string { return s }))
	}
	return c, nil
}

// Profile is the repository's profile: the defaults with its settings.
func (c *Config) Profile() Profile {
	if c == nil {
		return DefaultProfile()
	}
	return cloneProfile(c.profile)
}

// TotalBudget is the repository's budget for the total; none for nil.
func (c *Config) TotalBudget() Budget {
	if c == nil {
		return Budget{}
	}
	return c.Budget
}

// ConfigError is a bad value in a repository's settings file.
type ConfigError struct {
	Path         string
	Line, Column int
	Msg          string
}

func (e *ConfigError) Error() string {
	s := ""
	if e.Line > 0 {
		s = strconv.Itoa(e.Line) + ":" + strconv.Itoa(e.Column) + ": "
	}
	if e.Path != "" {
		s += e.Path + " "
	}
	return s + e.Msg
}

// ReadInputWith is ReadInput with the template's profile laid over a
// repository's (nil: none).
func ReadInputWith(doc *template.Document, now time.Time, cfg *Config) (Input, error) {
	in, err := ReadInput(doc, now)
	if err != nil || cfg == nil {
		return in, err
	}
	if in.Profile, err = profileFrom(doc, now, cfg); err != nil {
		return Input{}, err
	}
	return in, nil
}
