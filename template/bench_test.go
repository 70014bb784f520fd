package template

import (
	"fmt"
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
