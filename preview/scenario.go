package preview

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/rk-tui/rk-tui/template"
	"github.com/tidwall/gjson"
)

// ScenarioPath is where a scenario lives in a working file.
const ScenarioPath = template.ExtensionKey + ".scenario"

// Scenario says which tag values which hosts report, for templates whose
// hosts do not all report every combination (the seed's three-host example):
//
//	{"host_groups": [{"hosts": 1, "tags": {"status": ["success", "failure"], "service": 3}}]}
type Scenario struct {
	HostGroups []HostGroup `json:"host_groups"`
}

// HostGroup is a number of hosts that report the same tag values.
type HostGroup struct {
	Hosts uint64 `json:"hosts"`
	// Tags gives, per tag key (lowercase, as Datadog stores it), the values
	// these hosts report. A key a metric has but the group does not name
	// falls back to the profile's tag_values.
	Tags map[string]TagSpread `json:"tags,omitempty"`
}

// TagSpread is the values of one tag key in a host group: a list of values,
// or just how many there are. In a list, "" stands for "the tag is absent",
// which is how an optional tag adds combinations (auth.exceptionCount in the
// seed: no exception, A or B).
type TagSpread struct {
	Values []string // the values, when listed
	Count  uint64   // how many values, when only counted
}

// N is the number of values.
func (s TagSpread) N() uint64 {
	if s.Values != nil {
		return uint64(len(s.Values))
	}
	return s.Count
}

// MarshalJSON writes the list or the count, as a scenario file holds it.
func (s TagSpread) MarshalJSON() ([]byte, error) {
	if s.Values != nil {
		return json.Marshal(s.Values)
	}
	return []byte(strconv.FormatUint(s.Count, 10)), nil
}

// Hosts is the total number of hosts of the scenario.
func (s *Scenario) Hosts() Count {
	var n Count
	if s == nil {
		return n
	}
	for _, g := range s.HostGroups {
		n = n.Add(CountOf(g.Hosts))
	}
	return n
}

// ScenarioError is a bad scenario, with the place of the bad value.
type ScenarioError struct {
	// Path is the gjson path of the bad value: inside the scenario file for
	// ParseScenario, inside the document for ScenarioFrom.
	Path string
	// Line and Column are 1-based; 0 when unknown.
	Line, Column int
	Msg          string
}

func (e *ScenarioError) Error() string {
	var b strings.Builder
	if e.Line > 0 {
		fmt.Fprintf(&b, "%d:%d: ", e.Line, e.Column)
	}
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteByte(' ')
	}
	b.WriteString(e.Msg)
	return b.String()
}

// ParseScenario reads a scenario file. Errors are *ScenarioError with the
// path, line and column of the bad value.
func ParseScenario(data []byte) (*Scenario, error) {
	if err := jsonSyntax(data, "a scenario"); err != nil {
		return nil, err
	}
	sc, err := readScenario(gjson.ParseBytes(data), "")
	if err != nil {
		var se *ScenarioError
		if errors.As(err, &se) {
			off := 0
			if se.Path != "" {
				if r := gjson.GetBytes(data, se.Path); r.Exists() {
					off = r.Index
				}
			} else {
				off = bytes.IndexByte(data, '{')
			}
			se.Line, se.Column = template.LineCol(data, off)
		}
		return nil, err
	}
	return sc, nil
}

// ScenarioFrom reads x-rk-tui.scenario from a document; nil, nil when there
// is none. Errors are *ScenarioError with the document path, line and column.
func ScenarioFrom(doc *template.Document) (*Scenario, error) {
	if doc == nil {
		return nil, nil
	}
	v := doc.Get(template.ExtensionKey)
	if !v.IsObject() {
		return nil, nil
	}
	v = doc.Extension("scenario")
	if !v.Exists() {
		return nil, nil
	}
	sc, err := readScenario(v, ScenarioPath)
	if err != nil {
		var se *ScenarioError
		if errors.As(err, &se) {
			se.Line, se.Column = doc.Position(se.Path)
		}
		return nil, err
	}
	return sc, nil
}

func join(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

func readScenario(root gjson.Result, prefix string) (*Scenario, error) {
	fail := func(path, format string, a ...any) (*Scenario, error) {
		return nil, &ScenarioError{Path: path, Msg: fmt.Sprintf(format, a...)}
	}
	const example = `{"host_groups": [{"hosts": 1, "tags": {"status": ["success", "failure"], "service": 3}}]}`
	if !root.IsObject() {
		return fail(prefix, "is %s; a scenario is an object such as %s", describe(root), example)
	}
	var bad *ScenarioError
	root.ForEach(func(k, _ gjson.Result) bool {
		if k.String() != "host_groups" {
			bad = &ScenarioError{Path: join(prefix, template.Key(k.String())), Msg: "is not a scenario setting; a scenario holds only host_groups, as in " + example}
			return false
		}
		return true
	})
	if bad != nil {
		return nil, bad
	}
	groupsPath := join(prefix, "host_groups")
	groups := root.Get("host_groups")
	if !groups.IsArray() || len(groups.Array()) == 0 {
		if !groups.Exists() {
			return fail(prefix, "has no host_groups; write %s", example)
		}
		return fail(groupsPath, "is %s; it must be a non-empty list of host groups such as %s", describe(groups), `{"hosts": 2, "tags": {"status": ["success"]}}`)
	}
	sc := &Scenario{}
	for i, g := range groups.Array() {
		gp := groupsPath + "." + strconv.Itoa(i)
		hg, err := readHostGroup(g, gp)
		if err != nil {
			return nil, err
		}
		sc.HostGroups = append(sc.HostGroups, hg)
	}
	return sc, nil
}

func readHostGroup(g gjson.Result, gp string) (HostGroup, error) {
	fail := func(path, format string, a ...any) (HostGroup, error) {
		return HostGroup{}, &ScenarioError{Path: path, Msg: fmt.Sprintf(format, a...)}
	}
	if !g.IsObject() {
		return fail(gp, "is %s; a host group is an object such as {\"hosts\": 2, \"tags\": {\"status\": [\"success\"]}}", describe(g))
	}
	hg := HostGroup{Hosts: 1}
	var bad *ScenarioError
	g.ForEach(func(k, v gjson.Result) bool {
		kp := gp + "." + template.Key(k.String())
		switch k.String() {
		case "hosts":
			n, msg := wholeNumber(v, 1, "3")
			if msg != "" {
				bad = &ScenarioError{Path: kp, Msg: msg}
				return false
			}
			hg.Hosts = n
		case "tags":
			tags, err := readGroupTags(v, kp)
			if err != nil {
				bad = err
				return false
			}
			hg.Tags = tags
		default:
			bad = &ScenarioError{Path: kp, Msg: unknownKey(k.String(), []string{"hosts", "tags"})}
			return false
		}
		return true
	})
	if bad != nil {
		return HostGroup{}, bad
	}
	return hg, nil
}

func readGroupTags(v gjson.Result, tp string) (map[string]TagSpread, *ScenarioError) {
	if !v.IsObject() {
		return nil, &ScenarioError{Path: tp, Msg: "is " + describe(v) + "; it must be an object from tag key to a list of values or a count, e.g. {\"status\": [\"success\", \"failure\"], \"service\": 3}"}
	}
	out := map[string]TagSpread{}
	origin := map[string]string{}
	var bad *ScenarioError
	v.ForEach(func(k, vals gjson.Result) bool {
		kp := tp + "." + template.Key(k.String())
		key := template.NormalizeTag(k.String())
		if key == "" || strings.Contains(key, ":") {
			bad = &ScenarioError{Path: kp, Msg: "is not a tag key; write a key such as status (no ':')"}
			return false
		}
		if first, dup := origin[key]; dup {
			bad = &ScenarioError{Path: kp, Msg: fmt.Sprintf("is the same tag key as %q once Datadog lowercases it; keep one", first)}
			return false
		}
		origin[key] = k.String()
		s, err := readSpread(key, vals, kp)
		if err != nil {
			bad = err
			return false
		}
		out[key] = s
		return true
	})
	if bad != nil {
		return nil, bad
	}
	return out, nil
}

func readSpread(key string, vals gjson.Result, kp string) (TagSpread, *ScenarioError) {
	if vals.Type == gjson.Number {
		n, msg := wholeNumber(vals, 1, "3")
		if msg != "" {
			return TagSpread{}, &ScenarioError{Path: kp, Msg: msg + "; or list the values, e.g. [\"success\", \"failure\"]"}
		}
		return TagSpread{Count: n}, nil
	}
	if !vals.IsArray() || len(vals.Array()) == 0 {
		return TagSpread{}, &ScenarioError{Path: kp, Msg: "is " + describe(vals) + "; give the values as a non-empty list of strings, e.g. [\"success\", \"failure\"], or how many there are, e.g. 3"}
	}
	list := vals.Array()
	s := TagSpread{Values: make([]string, 0, len(list))}
	seen := map[string]int{}
	for i, x := range list {
		xp := kp + "." + strconv.Itoa(i)
		if x.Type != gjson.String {
			return TagSpread{}, &ScenarioError{Path: xp, Msg: "is " + describe(x) + "; a tag value is a string (\"\" stands for the tag being absent)"}
		}
		val := normalizeValue(key, x.Str)
		if j, dup := seen[val]; dup {
			return TagSpread{}, &ScenarioError{Path: xp, Msg: fmt.Sprintf("is the same value as item %d once Datadog normalizes it (%q); list each value once", j, val)}
		}
		seen[val] = i
		s.Values = append(s.Values, val)
	}
	return s, nil
}

// normalizeValue is the value Datadog stores for key:value.
func normalizeValue(key, value string) string {
	if value == "" {
		return ""
	}
	return template.TagValue(template.NormalizeTag(key + ":" + value))
}

// jsonSyntax checks that data is one JSON value, with line and column.
func jsonSyntax(data []byte, kind string) error {
	var ee *template.EncodingError
	if err := template.CheckEncoding(data, kind); errors.As(err, &ee) {
		return &ScenarioError{Line: ee.Line, Column: ee.Column, Msg: ee.Msg}
	}
	if err := jsonSyntaxOnly(data); err != nil {
		return err
	}
	if rk, ok := template.FirstRepeatedKey(data); ok {
		return &ScenarioError{Path: rk.Path, Line: rk.Line, Column: rk.Column,
			Msg: fmt.Sprintf("key %q appears twice in one object: JSON readers disagree on which copy counts; remove one", rk.Key)}
	}
	return nil
}

func jsonSyntaxOnly(data []byte) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return &ScenarioError{Line: 1, Column: 1, Msg: "the file is empty; a scenario is a JSON object such as {\"host_groups\": [{\"hosts\": 1}]}"}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var v json.RawMessage
	if err := dec.Decode(&v); err != nil {
		off := int(dec.InputOffset())
		msg := strings.TrimPrefix(err.Error(), "json: ")
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off = int(se.Offset)
			if off > 0 {
				off--
			}
		} else if err.Error() == "unexpected EOF" {
			off = len(data)
			msg = "unexpected end of the file: a bracket, brace or quote is not closed"
		}
		line, col := template.LineCol(data, off)
		return &ScenarioError{Line: line, Column: col, Msg: "malformed JSON: " + msg}
	}
	if rest := bytes.TrimLeft(data[dec.InputOffset():], " \t\r\n"); len(rest) > 0 {
		line, col := template.LineCol(data, len(data)-len(rest))
		return &ScenarioError{Line: line, Column: col, Msg: "malformed JSON: unexpected content after the end of the scenario object"}
	}
	return nil
}

// sortedKeys returns the keys of a group's tags in order, for stable output.
func sortedKeys(m map[string]TagSpread) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
