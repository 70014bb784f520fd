package template

import (
	"strconv"
	"strings"
	"testing"
)

// Metas is an index of x-rk-tui.metrics: it must answer exactly what Meta
// answers for every name, with dots, repeated keys and missing names.
func TestMetasAgreesWithMeta(t *testing.T) {
	doc := MustParse([]byte(`{"x-rk-tui": {"metrics": {
		"app.calls": {"unit": "request", "interval": 10},
		"a.b": {"description": "first"},
		"a.b": {"description": "second, ignored as Get ignores it"},
		"404": {"unit": "item"},
		"we*ird|na\\me": {"short_name": "w"}
	}}}`))
	lookup := doc.Metas()
	for _, name := range []string{"app.calls", "a.b", "404", `we*ird|na\me`, "missing", ""} {
		if got, want := lookup(name), doc.Meta(name); got != want {
			t.Errorf("Metas()(%q) = %+v, Meta = %+v", name, got, want)
		}
	}
	if lookup("a.b").Description != "first" {
		t.Errorf("repeated key: got %q, want the first", lookup("a.b").Description)
	}
	if none := MustParse([]byte(`{"x-rk-tui": {"metrics": []}}`)).Metas(); !none("x").IsZero() {
		t.Error("metrics that are not an object give tool data")
	}
}

// BenchmarkMetas looks up every metric of a 10,000-metric template: linear,
// not one search of the document per metric.
func BenchmarkMetas(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		var sb strings.Builder
		sb.WriteString(`{"x-rk-tui": {"metrics": {`)
		for i := range n {
			if i > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString(`"app.m` + strconv.Itoa(i) + `": {"unit": "request"}`)
		}
		sb.WriteString(`}}}`)
		doc := MustParse([]byte(sb.String()))
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for range b.N {
				lookup := doc.Metas()
				for i := range n {
					_ = lookup("app.m" + strconv.Itoa(i))
				}
			}
		})
	}
}
