package preview

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestParseScenario(t *testing.T) {
	sc := mustScenario(t, `{"host_groups": [
	  {"hosts": 2, "tags": {"Status": ["Success", "", "failure"], "service": 3}},
	  {}
	]}`)
	want := &Scenario{HostGroups: []HostGroup{
		{Hosts: 2, Tags: map[string]TagSpread{"status": {Values: []string{"success", "", "failure"}}, "service": {Count: 3}}},
		{Hosts: 1},
	}}
	if !reflect.DeepEqual(sc, want) {
		t.Errorf("got %+v", sc)
	}
	countEq(t, "hosts", sc.Hosts(), "3")
	if sc.HostGroups[0].Tags["status"].N() != 3 || sc.HostGroups[0].Tags["service"].N() != 3 {
		t.Error("N")
	}
	// It writes back as it reads.
	out, err := json.Marshal(sc)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseScenario(out)
	if err != nil || !reflect.DeepEqual(back, sc) {
		t.Errorf("round trip: %s → %+v, %v", out, back, err)
	}
	var none *Scenario
	countEq(t, "nil scenario hosts", none.Hosts(), "0")
}

func TestScenarioHostsDoNotOverflow(t *testing.T) {
	sc := mustScenario(t, `{"host_groups": [{"hosts": 18446744073709551615}, {"hosts": 18446744073709551615}]}`)
	countEq(t, "hosts", sc.Hosts(), "36893488147419103230")
}

func TestParseScenarioErrors(t *testing.T) {
	tests := []struct {
		in         string
		line, col  int
		path, msg  string
		wholeError string
	}{
		{in: "", line: 1, col: 1, msg: "the file is empty"},
		{in: "{\"host_groups\": [\n  {\"hosts\": 1,}\n]}", line: 2, col: 15, msg: "malformed JSON: invalid character '}'"},
		{in: `{"host_groups": [{"hosts": 1}]`, line: 1, col: 31, msg: "unexpected end of the file"},
		{in: `{"host_groups": [{"hosts": 1}]} {}`, line: 1, col: 33, msg: "unexpected content after the end"},
		{in: `"hosts"`, line: 1, col: 1, msg: `is "hosts"; a scenario is an object`},
		{in: `{}`, line: 1, col: 1, msg: "has no host_groups"},
		{in: `{"host_groups": {}}`, line: 1, col: 17, path: "host_groups", msg: "must be a non-empty list"},
		{in: `{"host_groups": [1]}`, line: 1, col: 18, path: "host_groups.0", msg: "is 1; a host group is an object"},
		{in: "{\"host_groups\": [\n{},\n{\"hosts\": 1.5}]}", line: 3, col: 11, path: "host_groups.1.hosts", msg: "is 1.5; it must be a whole number, 1 or more"},
		{in: `{"host_groups": [{"tags": []}]}`, line: 1, col: 27, path: "host_groups.0.tags", msg: "must be an object from tag key"},
		{in: `{"host_groups": [{"tags": {"a:b": 2}}]}`, line: 1, col: 35, path: `host_groups.0.tags.a\:b`, msg: "is not a tag key"},
		{in: `{"host_groups": [{"tags": {"s": 2, "S": 3}}]}`, line: 1, col: 41, path: "host_groups.0.tags.S", msg: `is the same tag key as "s"`},
		{in: `{"host_groups": [{"tags": {"s": []}}]}`, line: 1, col: 33, path: "host_groups.0.tags.s", msg: "give the values as a non-empty list"},
		{in: `{"host_groups": [{"tags": {"s": "a"}}]}`, line: 1, col: 33, path: "host_groups.0.tags.s", msg: `is "a"; give the values`},
		{in: `{"host_groups": [{"tags": {"s": ["a", null]}}]}`, line: 1, col: 39, path: "host_groups.0.tags.s.1", msg: "is null; a tag value is a string"},
		{in: `{"host_groups": [{"tags": {"s": ["A", "a"]}}]}`, line: 1, col: 39, path: "host_groups.0.tags.s.1", msg: "is the same value as item 0 once Datadog normalizes it (\"a\")"},
		{in: `{"host_groups": [{"hosts": 1, "tag": {}}]}`, line: 1, col: 38, path: "host_groups.0.tag", msg: "is not a setting here; the settings are hosts, tags"},
		{in: `{"host_groups": [], "x": 1}`, line: 1, col: 26, path: "x", msg: "is not a scenario setting"},
		// What a template's reader says of encodings and repeated keys.
		{in: "\ufeff{\"host_groups\": [{\"hosts\": 1}]}", line: 1, col: 1, msg: "byte order mark (BOM); a scenario is plain UTF-8 JSON"},
		{in: "\xff\xfe{\x00}\x00", line: 1, col: 1, msg: "UTF-16 text; a scenario is UTF-8 JSON"},
		{in: "{\"host_groups\": [{\"hosts\": 2, \"tags\": {\"env\xe9\": 3}}]}", line: 1, col: 44, msg: "byte 0xE9 is not UTF-8 text"},
		{in: `{"host_groups": [{"hosts": 2}], "host_groups": []}`, line: 1, col: 17, path: "host_groups", msg: `key "host_groups" appears twice`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseScenario([]byte(tt.in))
			var se *ScenarioError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v", err)
			}
			if se.Line != tt.line || se.Column != tt.col || se.Path != tt.path || !strings.Contains(se.Msg, tt.msg) {
				t.Errorf("got %d:%d %q %q\nwant %d:%d %q %q", se.Line, se.Column, se.Path, se.Msg, tt.line, tt.col, tt.path, tt.msg)
			}
		})
	}
}

func TestScenarioFrom(t *testing.T) {
	d := docOf(t, []metricJSON{m("a.b", "count")})
	if sc, err := ScenarioFrom(d); sc != nil || err != nil {
		t.Errorf("absent: %v %v", sc, err)
	}
	if sc, err := ScenarioFrom(nil); sc != nil || err != nil {
		t.Errorf("nil doc: %v %v", sc, err)
	}
	d = docOf(t, []metricJSON{m("a.b", "count")}, `"x-rk-tui": {"scenario": {"host_groups": [{"hosts": 4}]}}`)
	sc, err := ScenarioFrom(d)
	if err != nil || sc.Hosts().String() != "4" {
		t.Errorf("present: %+v %v", sc, err)
	}
	d = parseDoc(t, "{\n\"x-rk-tui\": {\"scenario\": {\"host_groups\": [\n{\"hosts\": \"4\"}]}}}")
	_, err = ScenarioFrom(d)
	var se *ScenarioError
	if !errors.As(err, &se) || se.Path != "x-rk-tui.scenario.host_groups.0.hosts" || se.Line != 3 || se.Column != 11 {
		t.Errorf("bad: %v (%+v)", err, se)
	}
	if got := err.Error(); !strings.HasPrefix(got, `3:11: x-rk-tui.scenario.host_groups.0.hosts is "4"`) {
		t.Errorf("Error() = %q", got)
	}
}
