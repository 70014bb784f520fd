package preview

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/rk-tui/rk-tui/template"
)

// editModel is a template under random edits: metrics, their tool data, the
// profile and the scenario.
type editModel struct {
	metrics []metricJSON
	metas   map[string]string // metric name → its x-rk-tui.metrics entry
	profile string
	sc      *Scenario
}

var (
	editKeys   = []string{"env", "status", "region", "user_id", "variant"}
	editValues = []string{"a", "b", "c", "d"}
	editTypes  = []string{"count", "gauge", "rate", "increment", "histogram", "distribution", "timing", "event", "counter", "statsd:gauge"}
	editNames  = []string{"app.calls", "app.latency", "app.items", "app.errors", "Checkout.Result"}
)

func (em *editModel) doc(t *testing.T) *template.Document {
	t.Helper()
	var entries []string
	for _, name := range editNames {
		if e, ok := em.metas[name]; ok {
			entries = append(entries, fmt.Sprintf("%q: %s", name, e))
		}
	}
	ext := `"x-rk-tui": {"metrics": {` + strings.Join(entries, ", ") + `}, "profile": ` + em.profile + `}`
	return docOf(t, em.metrics, ext)
}

func (em *editModel) randomTag(r *rand.Rand) string {
	return editKeys[r.IntN(len(editKeys))] + ":" + editValues[r.IntN(len(editValues))]
}

func (em *editModel) randomMetric(r *rand.Rand) metricJSON {
	mt := metricJSON{name: editNames[r.IntN(len(editNames))], typ: editTypes[r.IntN(len(editTypes))]}
	for range r.IntN(4) {
		mt.tags = append(mt.tags, em.randomTag(r))
	}
	return mt
}

var editScenarios = []string{
	"",
	`{"host_groups": [{"hosts": 3, "tags": {"status": 2}}]}`,
	`{"host_groups": [{"hosts": 2, "tags": {"status": ["a", "b"], "env": 2}}, {"hosts": 1, "tags": {"status": ["c"], "env": ["a"]}}, {"hosts": 4}]}`,
	`{"host_groups": [{"hosts": 1, "tags": {"region": 1}}, {"hosts": 2, "tags": {"region": ["b", "x"]}}]}`,
}

var editProfiles = []string{
	`{"hosts": 4}`,
	`{"hosts": 4, "host_tag": true, "tag_values": {"variant": 7}}`,
	`{"hosts": 2, "host_tag": false, "existing": 120, "billing_model": "metric_name", "hits_per_second": 3, "price_per_metric_name": 0.5}`,
	`{"hosts": 9, "plan": "enterprise", "existing": 2000, "existing_ingested": 2000, "percentiles": true}`,
}

var editMetas = []string{
	`{"interval": 10}`,
	`{"tag_configuration": {"tags": ["env"]}}`,
	`{"tag_configuration": {"tags": ["status", "host"], "aggregations": [{"time": "sum", "space": "sum"}, {"time": "max", "space": "avg"}]}}`,
	`{"tag_configuration": {"tags": ["region"], "exclude_tags_mode": true, "include_percentiles": false}}`,
	`{"tag_configuration": {"tags": "env"}}`,
	`{"unit": "request"}`,
}

// edit applies one random edit.
func (em *editModel) edit(t *testing.T, r *rand.Rand) {
	n := len(em.metrics)
	switch op := r.IntN(12); {
	case op == 0 || n == 0:
		i := r.IntN(n + 1)
		em.metrics = append(em.metrics[:i], append([]metricJSON{em.randomMetric(r)}, em.metrics[i:]...)...)
	case op == 1:
		i := r.IntN(n)
		em.metrics = append(em.metrics[:i], em.metrics[i+1:]...)
	case op <= 4: // the commonest: a tag typed or changed
		mt := &em.metrics[r.IntN(n)]
		tags := append([]string(nil), mt.tags...)
		if len(tags) > 0 && r.IntN(3) > 0 {
			tags[r.IntN(len(tags))] = em.randomTag(r)
		} else {
			tags = append(tags, em.randomTag(r))
		}
		mt.tags = tags
	case op == 5:
		mt := &em.metrics[r.IntN(n)]
		if len(mt.tags) > 0 {
			i := r.IntN(len(mt.tags))
			mt.tags = append(append([]string(nil), mt.tags[:i]...), mt.tags[i+1:]...)
		}
	case op == 6:
		em.metrics[r.IntN(n)].name = editNames[r.IntN(len(editNames))]
	case op == 7:
		em.metrics[r.IntN(n)].typ = editTypes[r.IntN(len(editTypes))]
	case op == 8:
		name := editNames[r.IntN(len(editNames))]
		if r.IntN(4) == 0 {
			delete(em.metas, name)
		} else {
			em.metas[name] = editMetas[r.IntN(len(editMetas))]
		}
	case op == 9:
		em.profile = editProfiles[r.IntN(len(editProfiles))]
	case op == 10:
		em.sc = nil
		if s := editScenarios[r.IntN(len(editScenarios))]; s != "" {
			em.sc = mustScenario(t, s)
		}
	default:
		i, j := r.IntN(n), r.IntN(n)
		em.metrics[i], em.metrics[j] = em.metrics[j], em.metrics[i]
	}
}

// After any sequence of edits, the Estimator's result is the one a fresh
// estimate gives.
func TestEstimatorMatchesEstimate(t *testing.T) {
	for seed := range uint64(12) {
		r := rand.New(rand.NewPCG(seed, 7))
		em := &editModel{metas: map[string]string{}, profile: editProfiles[0]}
		for range 6 {
			em.metrics = append(em.metrics, em.randomMetric(r))
		}
		var x Estimator
		for step := range 150 {
			em.edit(t, r)
			d := em.doc(t)
			p, err := ProfileFrom(d, now)
			if err != nil {
				t.Fatal(err)
			}
			if r.IntN(10) == 0 {
				p.Hosts = 0 // an unusable value while typing: repaired, with a warning
			}
			tm := template.Read(d)
			got := x.Update(tm, MetaOf(d), p, em.sc)
			want := Estimate(tm, MetaOf(d), p, em.sc)
			if !reflect.DeepEqual(got, want) {
				var g, w bytes.Buffer
				_ = RenderJSON(&g, got)
				_ = RenderJSON(&w, want)
				t.Fatalf("seed %d step %d: incremental differs from a full estimate\n--- template\n%s\n--- incremental\n%s\n--- full\n%s", seed, step, d.Bytes(), g.String(), w.String())
			}
		}
	}
}

// The caller's profile and scenario may change after an update; the
// Estimator notices.
func TestEstimatorCopiesItsInputs(t *testing.T) {
	d := docOf(t, []metricJSON{m("a.b", "increment", "status:ok")})
	tm := template.Read(d)
	p := DefaultProfile()
	p.TagValues = map[string]uint64{"status": 2}
	sc := mustScenario(t, `{"host_groups": [{"hosts": 2, "tags": {"status": 3}}]}`)
	var x Estimator
	countEq(t, "first", x.Update(tm, nil, p, sc).CustomMetrics, "6")
	sc.HostGroups[0].Hosts = 5
	countEq(t, "scenario changed in place", x.Update(tm, nil, p, sc).CustomMetrics, "15")
	p.TagValues["status"] = 4
	countEq(t, "profile map changed in place", x.Update(tm, nil, p, nil).CustomMetrics, "4")
}
