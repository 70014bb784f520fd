package template

import (
	"bytes"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// An edit made within a located value gives the same bytes as the same edit
// made on the whole document and re-indented, and the Validator's findings
// stay Validate's.
func TestEditWithinMatchesAWholeDocumentEdit(t *testing.T) {
	spec := Spec{Target: TargetAPI, Title: "within"}
	for i := range 40 {
		spec.Metrics = append(spec.Metrics, MetricSpec{Name: "app.m" + strconv.Itoa(i), Type: "count", Value: "store.n",
			Tags: []string{"env:prod"}, Meta: MetricMeta{Unit: "request"}})
	}
	doc := Build(spec)
	if err := doc.SetProfile("hosts", 3); err != nil {
		t.Fatal(err)
	}
	doc.Reindent()
	var v Validator
	v.Validate(doc)
	r := rand.New(rand.NewPCG(1, 2))
	values := []any{"env:x", []string{}, []string{"a:b", "Bad Tag", "c"}, map[string]any{"k": []int{1, 2}}, 7, "x\x1by"}
	for step := range 500 {
		i := r.IntN(40)
		var path, rel string
		switch r.IntN(3) {
		case 0:
			path, rel = "processing.operations.0.metrics."+strconv.Itoa(i), []string{"tags", "metric", "type", "points.0", "extra"}[r.IntN(5)]
		case 1:
			path, rel = MetaPath("app.m"+strconv.Itoa(i)), []string{"unit", "description", "interval"}[r.IntN(3)]
		default:
			path, rel = ExtensionKey+".profile", []string{"hosts", "tag_values", "plan"}[r.IntN(3)]
		}
		val := values[r.IntN(len(values))]
		start, end, rest, ok := v.Locate(path)
		if !ok || rest != "" {
			t.Fatalf("step %d: %s not located (%v, rest %q)", step, path, ok, rest)
		}
		want := doc.Clone()
		if err := want.Set(path+"."+rel, val); err != nil {
			t.Fatal(err)
		}
		want.Reindent()
		if _, err := doc.EditWithin(start, end, true, func(w *Document) error { return w.Set(rel, val) }); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(doc.Bytes(), want.Bytes()) {
			t.Fatalf("step %d (%s.%s = %v):\n got %s\nwant %s", step, path, rel, val, doc.Bytes(), want.Bytes())
		}
		if d := diffFindings(v.Validate(doc), Validate(doc)); d != "" {
			t.Fatalf("step %d: the Validator after an edit within: %s", step, d)
		}
	}
}

// A route switch on a template whose operations are not a list is refused
// with a message, never written as broken JSON.
func TestSetTargetRefusesOperationsThatAreNotAList(t *testing.T) {
	for _, ops := range []string{`"x"`, `7`, `{"name":"datadog"}`} {
		d := MustParse([]byte(`{"processing":{"operations":` + ops + `}}`))
		err := d.SetTarget(TargetDogStatsD, "localhost", 8125)
		if err == nil || !strings.Contains(err.Error(), "not a list") {
			t.Errorf("%s: err = %v", ops, err)
		}
		if _, perr := Parse(d.Bytes()); perr != nil {
			t.Errorf("%s: the document is broken: %s", ops, d.Bytes())
		}
	}
}
