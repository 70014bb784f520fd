package template

import (
	"fmt"
	"strings"
	"testing"
)

// benchTemplate is a realistic large template: n API metrics, each with a
// few tags, one of them upper-case so the tag rules have work to do, and
// its tool data.
func benchTemplate(n int) []byte {
	spec := Spec{Target: TargetAPI}
	types := []string{"count", "gauge", "rate"}
	for i := 0; i < n; i++ {
		spec.Metrics = append(spec.Metrics, MetricSpec{
			Name:  fmt.Sprintf("shop.checkout.step_%03d.items", i),
			Type:  types[i%3],
			Value: fmt.Sprintf("store.rookout.frame.locals.count_%d", i),
			Tags:  []string{"region:eu-west-1", fmt.Sprintf("step:s%d", i), "tier:Gold", "endpoint:/api/v1/cart"},
			Meta:  MetricMeta{Unit: "item", Description: "Items at this checkout step."},
		})
	}
	return Build(spec).Bytes()
}

func BenchmarkParseValidate(b *testing.B) {
	data := benchTemplate(200)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		d, err := Parse(data)
		if err != nil {
			b.Fatal(err)
		}
		if fs := Validate(d); len(fs) != 201 { // placeholder key + one tag-case each
			b.Fatalf("%d findings", len(fs))
		}
	}
}

// BenchmarkValidate is the full check alone, to show it grows linearly
// with the template.
func BenchmarkValidate(b *testing.B) {
	for _, n := range []int{200, 1000, 10000} {
		d := MustParse(benchTemplate(n))
		b.Run(fmt.Sprintf("metrics=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(d.Bytes())))
			b.ReportAllocs()
			for b.Loop() {
				if fs := Validate(d); len(fs) != n+1 {
					b.Fatalf("%d findings", len(fs))
				}
			}
		})
	}
}

// keystroke is the edit of one keystroke in the studio: one tag of the
// middle metric changes by one character (and its tag-case warning comes or
// goes).
func keystroke(b *testing.B, d *Document, n, i int) {
	tag := "tier:gold"
	if i%2 == 1 {
		tag = "tier:Gold"
	}
	if err := d.SetRaw(fmt.Sprintf("processing.operations.0.metrics.%d.tags.2", n/2), []byte(`"`+tag+`"`)); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkValidatorKeystroke is one keystroke in the studio as far as
// findings go: one tag of one metric edited in the bytes, then the
// Validator run again.
func BenchmarkValidatorKeystroke(b *testing.B) {
	for _, n := range []int{50, 1000} {
		b.Run(fmt.Sprintf("metrics=%d", n), func(b *testing.B) {
			d := MustParse(benchTemplate(n))
			var v Validator
			v.Validate(d)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				keystroke(b, d, n, i)
				if fs := v.Validate(d); len(fs) != n+i%2 {
					b.Fatalf("%d findings", len(fs))
				}
				i++
			}
		})
	}
}

// BenchmarkValidatorOnly is the Validator alone on one edit: two documents
// an edit apart, validated in turn. tag is the keystroke above; rename
// renames the middle metric, which moves its tool data to the end of
// x-rk-tui.metrics (two places change); move swaps two metrics.
func BenchmarkValidatorOnly(b *testing.B) {
	edits := []struct {
		name string
		edit func(b *testing.B, d *Document, n int)
	}{
		{"tag", func(b *testing.B, d *Document, n int) { keystroke(b, d, n, 0) }},
		{"rename", func(b *testing.B, d *Document, n int) {
			if err := d.SetMetricName(n/2, "shop.checkout.renamed"); err != nil {
				b.Fatal(err)
			}
		}},
		{"move", func(b *testing.B, d *Document, n int) {
			if err := d.MoveMetric(1, n-2); err != nil {
				b.Fatal(err)
			}
		}},
	}
	for _, e := range edits {
		for _, n := range []int{50, 1000} {
			b.Run(fmt.Sprintf("%s/metrics=%d", e.name, n), func(b *testing.B) {
				d := MustParse(benchTemplate(n))
				docs := [2]*Document{d.Clone(), nil}
				e.edit(b, d, n)
				docs[1] = d
				want := [2]int{len(Validate(docs[0])), len(Validate(docs[1]))}
				var v Validator
				v.Validate(docs[0])
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					i++
					if fs := v.Validate(docs[i%2]); len(fs) != want[i%2] {
						b.Fatalf("%d findings", len(fs))
					}
				}
			})
		}
	}
}

// BenchmarkValidatorSetMetricTags is the same keystroke made the way the
// studio makes it, through the Document's editing method.
func BenchmarkValidatorSetMetricTags(b *testing.B) {
	const n = 1000
	d := MustParse(benchTemplate(n))
	var v Validator
	v.Validate(d)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		tags := []string{"region:eu-west-1", "step:s500", "tier:Gold", "endpoint:/api/v1/cart"}
		if i%2 == 1 {
			tags[2] = "tier:Golds"
		}
		i++
		if err := d.SetMetricTags(n/2, tags); err != nil {
			b.Fatal(err)
		}
		v.Validate(d)
	}
}

// BenchmarkValidateDeep is a hostile template: aug nested 9,000 lists deep,
// a line of text at each level, 1.8 MB. Reading each value again for every
// container around it took seconds here.
func BenchmarkValidateDeep(b *testing.B) {
	pad := `"` + strings.Repeat("x", 200) + `",`
	d := MustParse([]byte(`{"aug":` + strings.Repeat("["+pad, 9000) + `{"k":1,"k":2}` + strings.Repeat("]", 9000) + `}`))
	b.SetBytes(int64(len(d.Bytes())))
	for b.Loop() {
		Validate(d)
	}
}
