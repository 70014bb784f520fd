package preview

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/rk-tui/rk-tui/template"
	"github.com/tidwall/gjson"
)

// TagConfig is a Metrics without Limits tag configuration, as the working
// file keeps it under x-rk-tui.metrics.NAME.tag_configuration. Its shape is
// that of Datadog's API (MetricTagConfigurationCreateAttributes), without
// metric_type, which the template gives:
//
//	{"tags": ["env", "variant"], "exclude_tags_mode": false,
//	 "aggregations": [{"time": "sum", "space": "sum"}], "include_percentiles": false}
//
// With one, Datadog bills the metric twice: its ingested custom metrics
// (every tag sent) and its indexed ones (the tags kept, times the
// aggregations). A histogram or timing's configuration is taken to apply to
// each metric the Agent stores for it (NAME.avg, NAME.count, ...), as a
// bulk configuration of NAME.* would.
type TagConfig struct {
	// Tags are tag keys, as Datadog stores them: the ones kept, or with
	// ExcludeTagsMode the ones dropped. "host" is a key like any other: an
	// allowlist without it drops the host.
	Tags            []string
	ExcludeTagsMode bool
	// Aggregations are the time/space aggregations kept queryable for a
	// count, rate or gauge; none means the type's default (sum/sum for
	// counts and rates, avg/avg for gauges), which counts once.
	Aggregations []Aggregation
	// IncludePercentiles, when set, says whether a distribution keeps
	// percentiles in its indexed volume; nil follows the profile.
	IncludePercentiles *bool
}

// Aggregation is one time/space aggregation pair.
type Aggregation struct {
	Time  string `json:"time"`
	Space string `json:"space"`
}

// aggregationNames are what Datadog accepts for time and space.
var aggregationNames = []string{"avg", "count", "max", "min", "sum"}

// keeps reports whether the configuration keeps tag key k queryable.
func (c *TagConfig) keeps(k string) bool {
	return slices.Contains(c.Tags, k) != c.ExcludeTagsMode
}

// factor is how many custom metrics each indexed series of a count, rate or
// gauge counts: one per distinct aggregation pair, at least one.
func (c *TagConfig) factor() uint64 {
	distinct := make(map[Aggregation]bool, len(c.Aggregations))
	for _, a := range c.Aggregations {
		distinct[a] = true
	}
	return uint64(max(1, len(distinct)))
}

var tagConfigFields = []string{"tags", "exclude_tags_mode", "aggregations", "include_percentiles"}

// TagConfigPath is the path of a metric's tag configuration.
func TagConfigPath(name string) string { return template.MetaPath(name) + ".tag_configuration" }

// readTagConfig reads a tag configuration at path; nil, nil when absent.
func readTagConfig(v gjson.Result, path string) (*TagConfig, *FieldError) {
	if !v.Exists() {
		return nil, nil
	}
	const example = `{"tags": ["env", "variant"]}`
	fail := func(p, format string, a ...any) (*TagConfig, *FieldError) {
		return nil, &FieldError{Field: "tag_configuration", Path: p, Msg: fmt.Sprintf(format, a...)}
	}
	if !v.IsObject() {
		return fail(path, "is %s; a tag configuration is an object such as %s", describe(v), example)
	}
	c := &TagConfig{Tags: []string{}}
	var bad *FieldError
	v.ForEach(func(k, x gjson.Result) bool {
		kp := path + "." + template.Key(k.String())
		var msg string
		switch k.String() {
		case "tags":
			var at string
			c.Tags, at, msg = readTagKeys(x)
			if at != "" {
				kp += "." + at
			}
		case "exclude_tags_mode":
			c.ExcludeTagsMode, msg = boolean(x)
		case "include_percentiles":
			var b bool
			b, msg = boolean(x)
			c.IncludePercentiles = &b
		case "aggregations":
			var at string
			c.Aggregations, at, msg = readAggregations(x)
			if at != "" {
				kp += "." + at
			}
		default:
			msg = unknownKey(k.String(), tagConfigFields)
		}
		if msg != "" {
			_, bad = fail(kp, "%s", msg)
			return false
		}
		return true
	})
	if bad != nil {
		return nil, bad
	}
	if !v.Get("tags").Exists() {
		return fail(path, "has no tags; list the tag keys to keep, as in %s ([] keeps none)", example)
	}
	return c, nil
}

func readTagKeys(x gjson.Result) (keys []string, at, msg string) {
	if !x.IsArray() {
		return nil, "", "is " + describe(x) + "; it must be a list of tag keys, e.g. [\"env\", \"variant\"]"
	}
	keys = []string{}
	for i, t := range x.Array() {
		key := ""
		if t.Type == gjson.String {
			key = TagKeyOf(t.Str)
		}
		if key == "" {
			return nil, strconv.Itoa(i), "is " + describe(t) + "; it must be a tag key such as env (no ':')"
		}
		if !slices.Contains(keys, key) {
			keys = append(keys, key)
		}
	}
	return keys, "", ""
}

func readAggregations(x gjson.Result) (out []Aggregation, at, msg string) {
	if !x.IsArray() {
		return nil, "", "is " + describe(x) + "; it must be a list such as [{\"time\": \"sum\", \"space\": \"sum\"}]"
	}
	for i, a := range x.Array() {
		ag := Aggregation{Time: a.Get("time").Str, Space: a.Get("space").Str}
		if !a.IsObject() || !slices.Contains(aggregationNames, ag.Time) || !slices.Contains(aggregationNames, ag.Space) {
			return nil, strconv.Itoa(i), "is " + describe(a) + "; an aggregation is {\"time\": T, \"space\": S} with T and S each avg, count, max, min or sum"
		}
		out = append(out, ag)
	}
	return out, "", ""
}
