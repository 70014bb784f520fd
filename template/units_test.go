package template

import (
	"strings"
	"testing"
)

func TestNearestUnits(t *testing.T) {
	tests := map[string]string{
		"millisecods":  "millisecond",
		"milisecond":   "millisecond",
		"Millisecond":  "millisecond",
		"millis":       "millisecond",
		"ms":           "millisecond",
		"msecs":        "millisecond",
		"seconds":      "second",
		"secs":         "second",
		"bytes":        "byte",
		"KiB":          "kibibyte",
		"kilobyte":     "kibibyte",
		"milli":        "millicore,millivolt,milliwatt",
		"byt":          "byte,bit",
		"reqest":       "request",
		"requests":     "request",
		"precent":      "percent",
		"%":            "percent",
		"indexes":      "index",
		"nanosecnod":   "nanosecond",
		"conection":    "connection",
		"celsius":      "",
		"xyzzy":        "",
		"":             "",
		"garbage coll": "garbage collection",
	}
	for in, want := range tests {
		if got := strings.Join(NearestUnits(in), ","); got != want {
			t.Errorf("NearestUnits(%q) = %q, want %q", in, got, want)
		}
	}
	for _, near := range [][]string{NearestUnits("milli"), NearestUnits("hours"), NearestUnits("tim")} {
		for _, u := range near {
			if !IsUnit(u) {
				t.Errorf("%q is suggested but is not a unit", u)
			}
		}
	}
}

func TestUnknownUnitMessage(t *testing.T) {
	for in, want := range map[string]string{
		"millisecods": `did you mean "millisecond"?`,
		"kilobyte":    `did you mean "kibibyte"?`,
		"milli":       `the nearest are "millicore", "millivolt" and "milliwatt"`,
		"xyzzy":       "pick one such as millisecond, byte or request",
		"ms\x1b[2J":   `"ms\x1b[2J" is not one of Datadog's units`,
	} {
		if got := UnknownUnitMessage(in); !strings.Contains(got, want) {
			t.Errorf("UnknownUnitMessage(%q) = %q, want it to hold %q", in, got, want)
		}
	}
}

// TestUnitsAreListedOnce: every unit is in one family and every family is
// in UnitFamilies, so a unit picker that walks UnitFamilies shows them all.
func TestUnitsAreListedOnce(t *testing.T) {
	seen := map[string]string{}
	for fam, us := range Units {
		for _, u := range us {
			if other, dup := seen[u]; dup {
				t.Errorf("%q is in %s and %s", u, other, fam)
			}
			seen[u] = fam
		}
	}
	if len(UnitFamilies) != len(Units) {
		t.Errorf("UnitFamilies has %d families, Units %d", len(UnitFamilies), len(Units))
	}
	for _, fam := range UnitFamilies {
		if _, ok := Units[fam]; !ok {
			t.Errorf("UnitFamilies names %q, which Units lacks", fam)
		}
	}
	for _, u := range []string{"nanosecond", "percent_nano", "garbage collection", "degree celsius", "span"} {
		if !IsUnit(u) {
			t.Errorf("IsUnit(%q) = false", u)
		}
	}
}
