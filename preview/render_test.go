package preview

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/rk-tui/rk-tui/internal/golden"
	"github.com/rk-tui/rk-tui/template"
)

// fixtureNow is "now" for the fixture: a week before its
// aug.globalDisableAfterTime, so it is live 168 of 730 hours.
var fixtureNow = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

func fixture(t *testing.T) Result {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "checkout.json"))
	if err != nil {
		t.Fatal(err)
	}
	d := parseDoc(t, string(data))
	p, err := ProfileFrom(d, fixtureNow)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := ScenarioFrom(d)
	if err != nil {
		t.Fatal(err)
	}
	return Estimate(template.Read(d), MetaOf(d), p, sc)
}

// goldenFile compares got with testdata/golden/NAME.
func goldenFile(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Assert(t, filepath.Join("testdata", "golden", name), got)
}

func TestGolden(t *testing.T) {
	r := fixture(t)
	tests := []struct {
		name   string
		render func(*bytes.Buffer) error
	}{
		{"text.txt", func(b *bytes.Buffer) error { return RenderText(b, r, TextOptions{Title: "checkout.json"}) }},
		{"text-color.txt", func(b *bytes.Buffer) error {
			return RenderText(b, r, TextOptions{Title: "checkout.json", Color: true})
		}},
		{"text-narrow.txt", func(b *bytes.Buffer) error { return RenderText(b, r, TextOptions{Width: 44}) }},
		{"text-summary.txt", func(b *bytes.Buffer) error { return RenderText(b, r, TextOptions{Width: 60, Summary: true}) }},
		{"markdown.md", func(b *bytes.Buffer) error { return RenderMarkdown(b, r, "checkout.json") }},
		{"json.json", func(b *bytes.Buffer) error { return RenderJSON(b, r) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.render(&b); err != nil {
				t.Fatal(err)
			}
			goldenFile(t, tt.name, b.Bytes())
		})
	}
}

func TestFixtureFigures(t *testing.T) {
	r := fixture(t)
	// service.request.count through the API, no host: the 6 distinct
	// combinations of the seed scenario; the rate, also through the API: 1;
	// through the Agent, per host: histogram 3×5 + login.count 50 users on
	// 3 hosts; event 0.
	countEq(t, "custom metrics", r.CustomMetrics, "172")
	if r.ActiveHours != 168 || !strings.Contains(r.ActiveHoursNote, "globalDisableAfterTime") {
		t.Errorf("active hours %v (%s)", r.ActiveHours, r.ActiveHoursNote)
	}
	// 172 × 168 / 730 = 39.5836; 280 existing + 39.5836 − 300 allotment =
	// 19.5836 over, × $5 / 100 = $0.9792.
	if r.Billable.String() != "39.5836" || r.Overage.String() != "19.5836" || r.MonthlyCostUSD.String() != "0.9792" {
		t.Errorf("billable %s overage %s cost %s", r.Billable, r.Overage, r.MonthlyCostUSD)
	}
}

func TestJSONShape(t *testing.T) {
	var b bytes.Buffer
	if err := RenderJSON(&b, fixture(t)); err != nil {
		t.Fatal(err)
	}
	var got map[string]json.RawMessage
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := []string{"note", "billing_model", "prices", "plan", "allotment_per_host", "hosts", "account_hosts", "host_tag",
		"active_hours", "hours_in_month", "metrics", "custom_metrics", "indexed_custom_metrics", "ingested_custom_metrics",
		"billable_custom_metrics", "billable_ingested_custom_metrics", "allotment", "existing", "existing_ingested",
		"overage", "ingested_overage", "indexed_cost_usd", "ingested_cost_usd", "monthly_cost_usd", "warnings"}
	if len(got) != len(want) {
		t.Errorf("keys: %d, want %d", len(got), len(want))
	}
	for _, k := range want {
		if _, ok := got[k]; !ok {
			t.Errorf("missing %q", k)
		}
	}
	var metrics []map[string]json.RawMessage
	if err := json.Unmarshal(got["metrics"], &metrics); err != nil {
		t.Fatal(err)
	}
	metricKeys := []string{"name", "type", "tag_combinations", "hosts", "series", "multiplier", "custom_metrics",
		"op", "host_tag", "tag_configuration", "indexed_series", "indexed_multiplier", "indexed_custom_metrics", "ingested_custom_metrics"}
	for _, k := range metricKeys {
		if _, ok := metrics[0][k]; !ok || len(metrics[0]) != len(metricKeys) {
			t.Errorf("metric keys %v lack %q", metrics[0], k)
		}
	}
	var ws []map[string]string
	if err := json.Unmarshal(got["warnings"], &ws); err != nil || len(ws) == 0 || len(ws[0]) != 2 || ws[0]["code"] == "" {
		t.Errorf("warnings %s (%v)", got["warnings"], err)
	}
}

func TestJSONEmptyListsAndHugeNumbers(t *testing.T) {
	p := DefaultProfile()
	p.Hosts = 1_000_000_000
	p.TagValues = map[string]uint64{"k": 1_000_000_000, "j": 1_000_000_000}
	r := estimateDoc(t, docOf(t, []metricJSON{m("a.b", "statsd:gauge", "k:v", "j:v")}), p, nil)
	var b bytes.Buffer
	if err := RenderJSON(&b, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"custom_metrics": 1000000000000000000000000000`) {
		t.Errorf("exact huge count missing:\n%s", b.String())
	}
	if !json.Valid(b.Bytes()) {
		t.Error("invalid JSON")
	}
	b.Reset()
	empty := Estimate(template.Template{}, nil, DefaultProfile(), nil)
	if err := RenderJSON(&b, empty); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"metrics": []`) || !strings.Contains(b.String(), `"warnings": []`) {
		t.Errorf("empty lists must be []:\n%s", b.String())
	}
}

func TestTextFitsTheWidth(t *testing.T) {
	r := fixture(t)
	for _, width := range []int{30, 44, 60, 80, 120} {
		for _, summary := range []bool{false, true} {
			var b bytes.Buffer
			if err := RenderText(&b, r, TextOptions{Width: width, Summary: summary}); err != nil {
				t.Fatal(err)
			}
			for _, line := range strings.Split(b.String(), "\n") {
				// A single word longer than the width may overflow;
				// nothing else.
				if n := utf8.RuneCountInString(line); n > width && strings.Contains(strings.TrimSpace(line), " ") {
					t.Errorf("width %d: line of %d: %q", width, n, line)
				}
			}
			if summary && strings.Contains(b.String(), "service.request.count") {
				t.Errorf("summary has the table")
			}
		}
	}
}

func TestTextPlainHasNoEscapes(t *testing.T) {
	var b bytes.Buffer
	if err := RenderText(&b, fixture(t), TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "\x1b") {
		t.Error("plain text holds an escape sequence")
	}
}

func TestMarkdownEscapes(t *testing.T) {
	r := estimateDoc(t, docOf(t, []metricJSON{m("a|b`c", "count")}), DefaultProfile(), nil)
	var b bytes.Buffer
	if err := RenderMarkdown(&b, r, ""); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "| ``a\\|b`c`` |") {
		t.Errorf("name not escaped:\n%s", b.String())
	}
}

func TestAllotmentBar(t *testing.T) {
	r := Result{Allotment: CountOf(100)}
	for _, tt := range []struct {
		billable, existing float64
		want               Bar
		drawn              string
	}{
		{0, 0, Bar{Free: 10}, "[░░░░░░░░░░]"},
		{1, 0, Bar{Template: 1, Free: 9}, "[█░░░░░░░░░]"}, // a little use still shows
		{50, 0, Bar{Template: 5, Free: 5}, "[█████░░░░░]"},
		{20, 30, Bar{Existing: 3, Template: 2, Free: 5}, "[▓▓▓██░░░░░]"},
		{100, 0, Bar{Template: 10}, "[██████████]"},
		{100, 50, Bar{Existing: 5, Template: 5, Over: true}, "[▓▓▓▓▓█████]▶"},
		{10, 200, Bar{Existing: 9, Template: 1, Over: true}, "[▓▓▓▓▓▓▓▓▓█]▶"}, // the template keeps a cell
		{0, 200, Bar{Existing: 9, Free: 1, Over: true}, "[▓▓▓▓▓▓▓▓▓░]▶"},
	} {
		r.Billable, r.Existing = AmountOf(tt.billable), CountOf(uint64(tt.existing))
		got := r.AllotmentBar(10)
		if got != tt.want {
			t.Errorf("AllotmentBar(%v, existing %v) = %+v, want %+v", tt.billable, tt.existing, got, tt.want)
		}
		if got.Existing+got.Template+got.Free != 10 {
			t.Errorf("cells do not add up to the width: %+v", got)
		}
		if s := drawBar(got, colours{}); s != tt.drawn {
			t.Errorf("drawn %s, want %s", s, tt.drawn)
		}
	}
	if b := r.AllotmentBar(-3); b != (Bar{Existing: 0, Over: true}) {
		t.Errorf("negative width: %+v", b)
	}
}

func TestHoursAndPercent(t *testing.T) {
	for h, want := range map[float64]string{168: "168", 167.94: "167.9", 0.5: "0.5", 0: "0", 729.96: "730"} {
		if got := Hours(h); got != want {
			t.Errorf("Hours(%v) = %s, want %s", h, got, want)
		}
	}
}

// Text and Markdown show a template's control characters escaped; JSON
// carries the name as it is (encoding/json escapes it itself).
func TestControlCharactersEscaped(t *testing.T) {
	r := estimateDoc(t, docOf(t, []metricJSON{m("evil\x1b[2Jname", "count", "k:v\x07")}), DefaultProfile(), nil)
	var text, md, js bytes.Buffer
	if err := RenderText(&text, r, TextOptions{Title: "t.json"}); err != nil {
		t.Fatal(err)
	}
	if err := RenderMarkdown(&md, r, "t.json"); err != nil {
		t.Fatal(err)
	}
	if err := RenderJSON(&js, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text.String(), `evil\x1b[2Jname`) || strings.Contains(text.String(), "\x1b") {
		t.Errorf("text:\n%q", text.String())
	}
	if !strings.Contains(md.String(), "`evil\\x1b[2Jname`") || strings.Contains(md.String(), "\x1b") {
		t.Errorf("markdown:\n%q", md.String())
	}
	var v struct {
		Metrics []struct{ Name string } `json:"metrics"`
	}
	if err := json.Unmarshal(js.Bytes(), &v); err != nil || v.Metrics[0].Name != "evil\x1b[2Jname" || !strings.Contains(js.String(), `evil\u001b[2Jname`) {
		t.Errorf("json keeps the name: %v %s", err, js.String())
	}
}
