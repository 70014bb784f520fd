package preview

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/rk-tui/rk-tui/template"
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

// HostTag says whether each host that runs the breakpoint makes series of
// its own.
type HostTag string

// The host-tag settings. The default follows the route: a `datadog`
// operation submits its points through the Datadog API from where Rookout
// processes the breakpoint's data, with no host, so every app host writes to
// the same series; a `dogstatsd` operation goes through a Datadog Agent,
// which tags each point with its own host, counted as one agent per app host
// (an upper bound: turn it off when one agent serves them all).
const (
	HostTagByRoute HostTag = ""
	HostTagOn      HostTag = "on"
	HostTagOff     HostTag = "off"
)

// For reports whether a metric sent by the operation op ("datadog" or
// "dogstatsd") is split per host.
func (h HostTag) For(op string) bool {
	switch h {
	case HostTagOn:
		return true
	case HostTagOff:
		return false
	}
	return op != template.OpDatadog
}

// Defaults of a Profile.
const (
	DefaultHosts               = 1
	DefaultHoursInMonth        = 730
	DefaultHistogramAggregates = 5
	// DefaultUnboundedTagValues is how many values a tag key that looks
	// unbounded (user_id, request_id, ...) counts when tag_values does not
	// say: an assumption, far below what such a key reaches in production.
	DefaultUnboundedTagValues = 1000
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
	// HostTag says whether each host makes its own series (host_tag: true
	// or false; left out, it follows the route, see HostTag).
	HostTag HostTag
	// AccountHosts is how many hosts the allotment is pooled over
	// (account_hosts); 0 means the breakpoint's own hosts.
	AccountHosts uint64
	// Plan sets the allotment per host (plan: "pro" or "enterprise").
	Plan Plan
	// AllotmentPerHost overrides the plan's allotment (allotment_per_host);
	// 0 means the plan's.
	AllotmentPerHost uint64
	// Existing is how many (indexed) custom metrics the account has already
	// (existing).
	Existing uint64
	// ExistingIngested is how many ingested custom metrics the account's
	// configured metrics have already (existing_ingested).
	ExistingIngested uint64
	// Billing holds the billing model and its prices.
	Billing Billing
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
	// UnboundedTagValues is how many values a key that looks unbounded
	// counts when TagValues does not give it (unbounded_tag_values).
	UnboundedTagValues uint64
	// Budget limits what this template may cost (budget); see Budget. A
	// repository's budget and the caller's apply to the total instead.
	Budget Budget
	// HitsPerSecond is how often one host is expected to hit the breakpoint
	// (hits_per_second); 0 means as often as aug.rateLimit allows. Only the
	// metric_name model's datapoints use it.
	HitsPerSecond float64
}

// DefaultProfile is the profile of a file that says nothing: one host, the
// host tag as the route sends it, Pro plan, nothing existing, the timeseries
// model at its default prices, live all month.
func DefaultProfile() Profile {
	return Profile{
		Hosts:               DefaultHosts,
		Plan:                PlanPro,
		Billing:             DefaultBilling(),
		ActiveHours:         DefaultHoursInMonth,
		HoursInMonth:        DefaultHoursInMonth,
		HistogramAggregates: DefaultHistogramAggregates,
		UnboundedTagValues:  DefaultUnboundedTagValues,
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
// price_per_100 is the name older files give indexed_price_per_100.
var profileFields = []string{
	"hosts", "host_tag", "account_hosts", "plan", "allotment_per_host", "existing",
	"existing_ingested", "billing_model", "indexed_price_per_100", "price_per_100",
	"ingested_price_per_100", "price_per_metric_name", "price_per_million_points",
	"active_hours", "hours_in_month", "tag_values", "histogram_aggregates", "percentiles",
	"hits_per_second", "unbounded_tag_values", "budget",
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
	if p.HostTag != HostTagByRoute && p.HostTag != HostTagOn && p.HostTag != HostTagOff {
		bad("host_tag", "is %q; it must be true, false, or left out to follow the route", p.HostTag)
	}
	if p.Plan != PlanPro && p.Plan != PlanEnterprise {
		bad("plan", "%s", planMsg(string(p.Plan)))
	}
	out = append(out, p.Billing.problems()...)
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
	if p.UnboundedTagValues < 1 {
		bad("unbounded_tag_values", "is 0; a key counts 1 value or more (default %d)", DefaultUnboundedTagValues)
	}
	if !finite(p.HitsPerSecond) || p.HitsPerSecond < 0 {
		bad("hits_per_second", "is %v; it must be a number of hits per second, 0 or more (0: as often as the rate limit allows)", p.HitsPerSecond)
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
		case "host_tag":
			p.HostTag = d.HostTag
		case "plan":
			p.Plan = d.Plan
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
		case "hits_per_second":
			p.HitsPerSecond = 0
		case "unbounded_tag_values":
			p.UnboundedTagValues = d.UnboundedTagValues
		case "tag_values":
			clean := make(map[string]uint64, len(p.TagValues))
			for k, n := range p.TagValues {
				if k != "" && n >= 1 {
					clean[k] = n
				}
			}
			p.TagValues = clean
		default:
			p.Billing = p.Billing.repaired(e.Field)
		}
	}
	return p
}

func finite(f float64) bool { return !math.IsInf(f, 0) && !math.IsNaN(f) }

func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// TagKeyOf is s as a tag key Datadog stores (lowercased, normalized), or ""
// when s is not a key (empty, or holding a ':').
func TagKeyOf(s string) string {
	key := template.NormalizeTag(strings.TrimSpace(s))
	if strings.Contains(key, ":") {
		return ""
	}
	return key
}
