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

// A key written twice in one operation is masked, removed from drafts and
// found as a secret wherever it is.
func TestEveryAPIKeyOccurrenceIsReplaced(t *testing.T) {
	const key = "0123456789abcdef0123456789abcdef"
	doc := MustParse([]byte(`{"processing":{"operations":[{"name":"datadog","api_key":"<YOUR-API-KEY>","api_key":"` + key + `","metrics":[]}]}}`))
	for name, d := range map[string]*Document{"masked": MaskedKeys(doc), "without keys": WithoutKeys(doc)} {
		if strings.Contains(string(d.Bytes()), key) || strings.Contains(string(d.Bytes()), key[:16]) {
			t.Errorf("%s: the key survives: %s", name, d.Bytes())
		}
	}
	if got := LiteralKey(doc); got != key {
		t.Errorf("LiteralKey = %q", got)
	}
	if strings.Count(string(MaskedKeys(doc).Bytes()), `"********cdef"`) != 1 || strings.Count(string(WithoutKeys(doc).Bytes()), APIKeyPlaceholder) != 2 {
		t.Errorf("masked %s\nwithout %s", MaskedKeys(doc).Bytes(), WithoutKeys(doc).Bytes())
	}
}

// BenchmarkMetadataRows is metadata.csv of 1,000 and 10,000 metrics: one
// pass over the template, not one search of it per metric.
func BenchmarkMetadataRows(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		spec := Spec{Target: TargetAPI}
		for i := range n {
			spec.Metrics = append(spec.Metrics, MetricSpec{Name: "app.m" + strconv.Itoa(i), Type: "rate", Value: "store.n", Meta: MetricMeta{Unit: "request", Interval: 10}})
		}
		doc := Build(spec)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for range b.N {
				if _, err := MetadataRows(b.Context(), doc, "x"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
