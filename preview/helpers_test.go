package preview

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/rk-tui/rk-tui/template"
)

// metricJSON is one metric of a test template: a `datadog` metric for
// count/gauge/rate, a `dogstatsd` operation for any other type, and for
// "statsd:ACTION" (e.g. statsd:gauge, a gauge through an Agent).
type metricJSON struct {
	name, typ string
	tags      []string
}

func m(name, typ string, tags ...string) metricJSON { return metricJSON{name, typ, tags} }

// templateJSON builds a template holding the given metrics, in order, and
// extra top-level members (raw JSON, e.g. `"x-rk-tui": {...}`).
func templateJSON(t testing.TB, metrics []metricJSON, extra ...string) string {
	t.Helper()
	var ops []string
	var api []string
	flush := func() {
		if len(api) > 0 {
			ops = append(ops, `{"name": "datadog", "api_key": "<YOUR-API-KEY>", "metrics": [`+strings.Join(api, ", ")+`]}`)
			api = nil
		}
	}
	for _, mt := range metrics {
		tags, err := json.Marshal(mt.tags)
		if err != nil {
			t.Fatal(err)
		}
		if mt.tags == nil {
			tags = []byte("[]")
		}
		name, _ := json.Marshal(mt.name)
		switch mt.typ {
		case "count", "gauge", "rate", "counter":
			api = append(api, `{"metric": `+string(name)+`, "points": ["store.rookout.frame.locals.x"], "tags": `+string(tags)+`, "type": "`+mt.typ+`"}`)
		case "event":
			flush()
			ops = append(ops, `{"name": "dogstatsd", "action": "event", "title": `+string(name)+`, "text": "t", "tags": `+string(tags)+`, "target": {"host": "localhost", "port": 8125}}`)
		default:
			flush()
			ops = append(ops, `{"name": "dogstatsd", "action": "`+strings.TrimPrefix(mt.typ, "statsd:")+`", "metric": `+string(name)+`, "value": {"name": "calc", "path": "1"}, "tags": `+string(tags)+`, "target": {"host": "localhost", "port": 8125}}`)
		}
	}
	flush()
	parts := []string{
		`"aug": {"location": {"name": "file_line", "filename": null, "lineno": null, "sha256": null}, "action": {"name": "script", "operations": [{"name": "set", "paths": {"store.rookout.frame": "frame.dump()"}}]}}`,
		`"processing": {"operations": [` + strings.Join(ops, ", ") + `]}`,
	}
	parts = append(parts, extra...)
	return "{" + strings.Join(parts, ", ") + "}"
}

func parseDoc(t testing.TB, js string) *template.Document {
	t.Helper()
	d, err := template.Parse([]byte(js))
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, js)
	}
	return d
}

func docOf(t testing.TB, metrics []metricJSON, extra ...string) *template.Document {
	t.Helper()
	return parseDoc(t, templateJSON(t, metrics, extra...))
}

func mustScenario(t testing.TB, js string) *Scenario {
	t.Helper()
	sc, err := ParseScenario([]byte(js))
	if err != nil {
		t.Fatalf("scenario: %v", err)
	}
	return sc
}

func estimateDoc(t testing.TB, d *template.Document, p Profile, sc *Scenario) Result {
	t.Helper()
	return Estimate(template.Read(d), MetaOf(d), p, sc)
}

func codes(ws []Warning) []string {
	out := make([]string, 0, len(ws))
	for _, w := range ws {
		out = append(out, w.Code)
	}
	return out
}

func hasCode(ws []Warning, code string) bool {
	for _, w := range ws {
		if w.Code == code {
			return true
		}
	}
	return false
}

func countEq(t testing.TB, what string, got Count, want string) {
	t.Helper()
	if got.String() != want {
		t.Errorf("%s = %s, want %s", what, got, want)
	}
}
