package preview

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/rk-tui/rk-tui/template"
	"github.com/tidwall/gjson"
)

// Plan is a Datadog plan; it sets the custom-metric allotment per host.
type Plan string

// The plans and their allotments per host.
const (
	PlanPro        Plan = "pro"
	PlanEnterprise Plan = "enterprise"
)

// PerHost is the plan's allotment of custom metrics per host.
func (p Plan) PerHost() uint64 {
	if p == PlanEnterprise {
		return 200
	}
	return 100
}

// Defaults of a Profile.
const (
	DefaultHosts               = 1
	DefaultPricePer100         = 5.00
	DefaultHoursInMonth        = 730
	DefaultHistogramAggregates = 5
	// DistributionAggregates is what a distribution counts per tag
	// combination: count, sum, min, max, avg; percentiles (p50 p75 p90 p95
	// p99) add DistributionPercentiles more.
	DistributionAggregates  = 5
	DistributionPercentiles = 5
)

// ProfilePath is where the profile lives in a working file.
const ProfilePath = template.ExtensionKey + ".profile"

// Profile is what the estimate needs to know about where the breakpoint
// runs and how the account is billed. Its JSON form, under x-rk-tui.profile,
// uses the snake_case name given with each field.
type Profile struct {
	// Hosts is how many instances run the breakpoint (hosts). A scenario,
	// when given, replaces it with the sum of its host groups.
	Hosts uint64
	// HostTag says each host makes its own series (host_tag), as with the
	// Datadog Agent's host tag.
	HostTag bool
	// AccountHosts is how many hosts the allotment is pooled over
	// (account_hosts); 0 means the breakpoint's own hosts.
	AccountHosts uint64
	// Plan sets the allotment per host (plan: "pro" or "enterprise").
	Plan Plan
	// AllotmentPerHost overrides the plan's allotment (allotment_per_host);
	// 0 means the plan's.
	AllotmentPerHost uint64
	// Existing is how many custom metrics the account has already
	// (existing).
	Existing uint64
	// PricePer100 is USD per 100 custom metrics over the allotment per month
	// (price_per_100). List price; contracts differ.
	PricePer100 float64
	// ActiveHours is how many hours this month the breakpoint is live
	// (active_hours).
	ActiveHours float64
	// ActiveHoursNote says where ActiveHours came from when it was derived
	// rather than given ("" when given or defaulted).
	ActiveHoursNote string
	// HoursInMonth is the month Datadog averages over (hours_in_month).
	HoursInMonth float64
	// TagValues is the expected number of distinct values per tag key
	// (tag_values), keyed by the key as Datadog stores it (lowercase). A key
	// not listed counts the distinct values the template itself gives it.
	TagValues map[string]uint64
	// HistogramAggregates is what a histogram or timing counts per tag
	// combination (histogram_aggregates).
	HistogramAggregates uint64
	// Percentiles says distributions keep percentiles (percentiles).
	Percentiles bool
}

// DefaultProfile is the profile of a file that says nothing: one host with
// the host tag, Pro plan, nothing existing, $5 per 100, live all month.
func DefaultProfile() Profile {
	return Profile{
		Hosts:               DefaultHosts,
		HostTag:             true,
		Plan:                PlanPro,
		PricePer100:         DefaultPricePer100,
		ActiveHours:         DefaultHoursInMonth,
		HoursInMonth:        DefaultHoursInMonth,
		HistogramAggregates: DefaultHistogramAggregates,
	}
}

// PerHost is the allotment per host: AllotmentPerHost, else the plan's.
func (p Profile) PerHost() uint64 {
	if p.AllotmentPerHost > 0 {
		return p.AllotmentPerHost
	}
	return p.Plan.PerHost()
}

// FieldError is a profile setting with a bad value.
type FieldError struct {
	// Field is the setting's JSON name, e.g. "hosts" or "tag_values".
	Field string
	// Path is the gjson path in the document when the value was read from
	// it ("" otherwise); Document.Position turns it into a line and column.
	Path string
	// Msg says what is wrong and what is expected.
	Msg string
	// Alt, when set, names another setting that may be what the user
	// wants; each caller names that setting in its own terms.
	Alt *Alternative
}

// Alternative points from a bad value to another setting: "for another
// allotment, set allotment_per_host".
type Alternative struct {
	Why     string // "for another allotment, set"
	Setting string // the setting's JSON name
}

func (e *FieldError) Error() string {
	where := e.Path
	if where == "" {
		where = e.Field
	}
	return where + " " + e.Message(func(s string) string { return s })
}

// Message is Msg with the alternative, its setting named by name (a flag,
// a form label); Error uses the JSON name.
func (e *FieldError) Message(name func(setting string) string) string {
	if e.Alt == nil {
		return e.Msg
	}
	return e.Msg + "; " + e.Alt.Why + " " + name(e.Alt.Setting)
}

// profileFields are the JSON names of the settings, in reading order.
var profileFields = []string{
	"hosts", "host_tag", "account_hosts", "plan", "allotment_per_host", "existing",
	"price_per_100", "active_hours", "hours_in_month", "tag_values",
	"histogram_aggregates", "percentiles",
}

// Check reports the first setting with a value the estimate cannot use.
func (p Profile) Check() error {
	if errs := p.problems(); len(errs) > 0 {
		return errs[0]
	}
	return nil
}

func (p Profile) problems() []*FieldError {
	var out []*FieldError
	bad := func(field, format string, a ...any) {
		out = append(out, &FieldError{Field: field, Msg: fmt.Sprintf(format, a...)})
	}
	if p.Hosts < 1 {
		bad("hosts", "is 0; the breakpoint runs on 1 host or more")
	}
	if p.Plan != PlanPro && p.Plan != PlanEnterprise {
		bad("plan", "is %q; it must be %q (100 custom metrics per host) or %q (200)", p.Plan, PlanPro, PlanEnterprise)
	}
	if !finite(p.PricePer100) || p.PricePer100 < 0 {
		bad("price_per_100", "is %v; it must be a price in USD, 0 or more (e.g. 5.00)", p.PricePer100)
	}
	if !finite(p.HoursInMonth) || p.HoursInMonth <= 0 {
		bad("hours_in_month", "is %v; it must be more than 0 (Datadog averages over 730)", p.HoursInMonth)
	}
	switch {
	case !finite(p.ActiveHours) || p.ActiveHours < 0:
		bad("active_hours", "is %v; it must be a number of hours, 0 or more", p.ActiveHours)
	case finite(p.HoursInMonth) && p.HoursInMonth > 0 && p.ActiveHours > p.HoursInMonth:
		bad("active_hours", "is %v, more than the %v hours of the month (hours_in_month); give at most %v", fmtFloat(p.ActiveHours), fmtFloat(p.HoursInMonth), fmtFloat(p.HoursInMonth))
	}
	if p.HistogramAggregates < 1 {
		bad("histogram_aggregates", "is 0; a histogram keeps 1 aggregate or more (the Agent's default is 5: avg, count, median, 95percentile, max)")
	}
	badTags := false
	for k, n := range p.TagValues {
		badTags = badTags || k == "" || n < 1
	}
	if badTags {
		keys := make([]string, 0, len(p.TagValues))
		for k := range p.TagValues {
			keys = append(keys, k)
		}
		sort.Strings(keys) // the first problem reported is the same every run
		for _, k := range keys {
			if k == "" {
				bad("tag_values", "has an empty tag key; name the key, as in status=3")
			} else if p.TagValues[k] < 1 {
				bad("tag_values", "gives tag key %q 0 values; every key has 1 value or more", k)
			}
		}
	}
	return out
}

// repaired returns p with every unusable setting back at its default, so an
// estimate can still be drawn while the user is typing.
func (p Profile) repaired() Profile {
	d := DefaultProfile()
	for _, e := range p.problems() {
		switch e.Field {
		case "hosts":
			p.Hosts = d.Hosts
		case "plan":
			p.Plan = d.Plan
		case "price_per_100":
			p.PricePer100 = d.PricePer100
		case "hours_in_month":
			p.HoursInMonth = d.HoursInMonth
			if p.ActiveHours > p.HoursInMonth {
				p.ActiveHours = p.HoursInMonth
			}
		case "active_hours":
			p.ActiveHours = p.HoursInMonth
			if !finite(p.ActiveHours) || p.ActiveHours <= 0 {
				p.ActiveHours = d.ActiveHours
			}
		case "histogram_aggregates":
			p.HistogramAggregates = d.HistogramAggregates
		case "tag_values":
			clean := make(map[string]uint64, len(p.TagValues))
			for k, n := range p.TagValues {
				if k != "" && n >= 1 {
					clean[k] = n
				}
			}
			p.TagValues = clean
		}
	}
	return p
}

func finite(f float64) bool { return !math.IsInf(f, 0) && !math.IsNaN(f) }

func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// ProfileFrom reads the profile of a document: the defaults, overlaid with
// x-rk-tui.profile. When the profile gives no active_hours and the template
// sets aug.globalDisableAfterTime, ActiveHours is the time from now until
// then, capped at the month. A bad value is a *FieldError naming its path.
// A nil document gives the defaults.
func ProfileFrom(doc *template.Document, now time.Time) (Profile, error) {
	p := DefaultProfile()
	if doc == nil {
		return p, nil
	}
	raw := doc.Get(template.ExtensionKey)
	if raw.Exists() && !raw.IsObject() {
		return p, &FieldError{Path: template.ExtensionKey, Msg: "must be an object holding the tool's own data, e.g. {\"profile\": {\"hosts\": 3}}"}
	}
	prof := doc.Extension("profile")
	activeGiven := false
	if prof.Exists() {
		var err error
		if activeGiven, err = overlayProfile(&p, prof); err != nil {
			return p, err
		}
	}
	if !activeGiven {
		if h, note, ok := ActiveHoursUntil(doc.Get("aug.globalDisableAfterTime").String(), now, p.HoursInMonth); ok {
			p.ActiveHours, p.ActiveHoursNote = h, note
		} else {
			p.ActiveHours = p.HoursInMonth
		}
	}
	if errs := p.problems(); len(errs) > 0 {
		fe := errs[0]
		fe.Path = ProfilePath + "." + fe.Field
		if !doc.Get(fe.Path).Exists() {
			fe.Path = ProfilePath
		}
		return p, fe
	}
	return p, nil
}

// overlayProfile writes the settings of a JSON profile over p and reports
// whether active_hours was among them.
func overlayProfile(p *Profile, prof gjson.Result) (activeGiven bool, err error) {
	if !prof.IsObject() {
		return false, &FieldError{Path: ProfilePath, Msg: "is " + describe(prof) + "; it must be an object such as {\"hosts\": 3, \"plan\": \"pro\"}"}
	}
	var fe *FieldError
	prof.ForEach(func(k, v gjson.Result) bool {
		key := k.String()
		path := ProfilePath + "." + template.Key(key)
		fail := func(msg string) bool {
			fe = &FieldError{Field: key, Path: path, Msg: msg}
			return false
		}
		var msg string
		switch key {
		case "hosts":
			p.Hosts, msg = wholeNumber(v, 1, "3")
		case "host_tag":
			p.HostTag, msg = boolean(v)
		case "account_hosts":
			p.AccountHosts, msg = wholeNumber(v, 1, "40")
			if msg != "" {
				msg += "; leave it out to pool over the breakpoint's own hosts"
			}
		case "plan":
			if v.Type != gjson.String {
				return fail("is " + describe(v) + "; it must be \"pro\" or \"enterprise\"")
			}
			p.Plan = Plan(strings.ToLower(strings.TrimSpace(v.Str)))
			if p.Plan != PlanPro && p.Plan != PlanEnterprise {
				fe = &FieldError{Field: key, Path: path, Msg: planMsg(v.Str), Alt: &Alternative{Why: "for another allotment, set", Setting: "allotment_per_host"}}
				return false
			}
		case "allotment_per_host":
			p.AllotmentPerHost, msg = wholeNumber(v, 1, "100")
			if msg != "" {
				msg += "; leave it out to use the plan's"
			}
		case "existing":
			p.Existing, msg = wholeNumber(v, 0, "1200")
		case "price_per_100":
			p.PricePer100, msg = realNumber(v, 0, "5.00")
		case "active_hours":
			p.ActiveHours, msg = realNumber(v, 0, "168")
			activeGiven = true
		case "hours_in_month":
			p.HoursInMonth, msg = realNumber(v, 0, "730")
			if msg == "" && p.HoursInMonth == 0 {
				msg = "is 0; it must be more than 0 (Datadog averages over 730)"
			}
		case "tag_values":
			var entry string
			if entry, msg = readTagValues(p, v); entry != "" {
				path += "." + template.Key(entry)
			}
		case "histogram_aggregates":
			p.HistogramAggregates, msg = wholeNumber(v, 1, "5")
		case "percentiles":
			p.Percentiles, msg = boolean(v)
		default:
			return fail(unknownKey(key, profileFields))
		}
		if msg != "" {
			return fail(msg)
		}
		return true
	})
	if fe != nil {
		return activeGiven, fe
	}
	return activeGiven, nil
}

// readTagValues reads {"key": N, ...} into p. On a bad value it returns the
// message and, when one entry is at fault, that entry's key.
func readTagValues(p *Profile, v gjson.Result) (entry, msg string) {
	if !v.IsObject() {
		return "", "is " + describe(v) + "; it must be an object from tag key to expected distinct values, e.g. {\"status\": 2, \"region\": 5}"
	}
	tv := make(map[string]uint64, len(p.TagValues))
	for k, n := range p.TagValues {
		tv[k] = n
	}
	v.ForEach(func(k, n gjson.Result) bool {
		key := TagKeyOf(k.String())
		if key == "" {
			entry, msg = k.String(), "is not a tag key; write a key such as status (no ':'), as Datadog stores it"
			return false
		}
		count, m := wholeNumber(n, 1, "3")
		if m != "" {
			entry, msg = k.String(), m
			return false
		}
		tv[key] = count
		return true
	})
	if msg == "" {
		p.TagValues = tv
	}
	return entry, msg
}

// ActiveHoursUntil returns the hours from now until disableAfter (an RFC
// 3339 time, aug.globalDisableAfterTime), capped at hoursInMonth and never
// below 0, and a note saying so. ok is false when disableAfter is empty or
// not a time (validation reports the latter).
func ActiveHoursUntil(disableAfter string, now time.Time, hoursInMonth float64) (hours float64, note string, ok bool) {
	if strings.TrimSpace(disableAfter) == "" {
		return 0, "", false
	}
	end, err := time.Parse(time.RFC3339, disableAfter)
	if err != nil {
		return 0, "", false
	}
	left := end.Sub(now).Hours()
	switch {
	case left <= 0:
		return 0, "globalDisableAfterTime " + disableAfter + " has passed", true
	case left >= hoursInMonth:
		return hoursInMonth, "globalDisableAfterTime " + disableAfter + " is over a month away", true
	}
	// Whole minutes keep the figures stable between two runs a second apart.
	left = math.Floor(left*60) / 60
	return left, "until " + disableAfter + " (globalDisableAfterTime)", true
}

// TagKeyOf is s as a tag key Datadog stores (lowercased, normalized), or ""
// when s is not a key (empty, or holding a ':').
func TagKeyOf(s string) string {
	key := template.NormalizeTag(strings.TrimSpace(s))
	if strings.Contains(key, ":") {
		return ""
	}
	return key
}
