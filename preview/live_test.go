package preview

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/rk-tui/rk-tui/template"
)

// liveCase is the usage command's case: checkout.items (count, env:prod,
// team:cart) seen live with 3 env values, 2 hosts and 6 series;
// checkout.depth not sent yet; an event, which Datadog was not asked
// about. The account has 115 custom metrics an hour, 6 of them the
// template's.
func liveCase(t *testing.T) (Input, Live) {
	t.Helper()
	d := docOf(t, []metricJSON{m("checkout.items", "count", "env:prod", "team:cart"), m("checkout.depth", "gauge"), m("checkout.done", "event")})
	in, err := ReadInput(d, now)
	if err != nil {
		t.Fatal(err)
	}
	estimate, existing := int64(3), uint64(109)
	return in, Live{
		Where: "site datadoghq.com", FetchedAt: time.Date(2026, 12, 2, 9, 30, 0, 0, time.UTC), TagWindow: 4 * time.Hour,
		Metrics: []LiveMetric{
			{Index: 0, Exists: true, Indexed: 6, Ingested: 6, Estimate: &estimate, TagValues: map[string]uint64{"env": 3, "team": 1, "host": 2, "k\x1b[2J": 1}},
			{Index: 1},
		},
		TemplateValues: map[string]uint64{"env": 1, "team": 1},
		Account:        &LiveAccount{Month: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), CustomMetrics: 115, TemplateMetrics: 6, Existing: 109, Complete: true, Pages: 20},
		Notes:          []string{"volumes are hourly averages"},
		Prefill:        ProfileValues{TagValues: map[string]uint64{"env": 3}, Existing: &existing},
	}
}

func TestCompareLive(t *testing.T) {
	in, live := liveCase(t)
	c := CompareLive("t.json", in, live)
	if len(c.Rows) != 2 {
		t.Fatalf("rows %+v: the event stores nothing and has no row", c.Rows)
	}
	items, depth := c.Rows[0], c.Rows[1]
	if items.Name != "checkout.items" || items.Type != "count" || items.Projected.String() != "1" || !items.Exists || items.Live != 6 || *items.Estimate != 3 {
		t.Errorf("items %+v", items)
	}
	if depth.Name != "checkout.depth" || depth.Exists || depth.Live != 0 || depth.Estimate != nil {
		t.Errorf("depth %+v", depth)
	}
	// The file's profile: 1 + 1 = 2 of 100. With the live values, env 3 ×
	// team 1 = 3, + 1 = 4, and the account's 109 existing are over the
	// 100 already: all 4 are overage, 4 × $5 / 100 = $0.20.
	countEq(t, "projected", c.Projected.CustomMetrics, "2")
	countEq(t, "with live values", c.WithLive.CustomMetrics, "4")
	if c.WithLive.MonthlyCostUSD.USD() != "$0.20" || c.Profile.Existing != 0 {
		t.Errorf("cost %s, profile existing %d (the file's, not the live one)", c.WithLive.MonthlyCostUSD.USD(), c.Profile.Existing)
	}
}

func TestProfileWithLive(t *testing.T) {
	p := DefaultProfile()
	p.TagValues = map[string]uint64{"env": 5, "team": 2}
	p.Existing = 7
	n := uint64(40)
	got := p.WithLive(ProfileValues{TagValues: map[string]uint64{"env": 3, "region": 4}, Existing: &n})
	if got.TagValues["env"] != 3 || got.TagValues["team"] != 2 || got.TagValues["region"] != 4 || got.Existing != 40 {
		t.Errorf("with live %+v", got)
	}
	if p.TagValues["env"] != 5 || len(p.TagValues) != 2 {
		t.Errorf("the profile's own map changed: %v", p.TagValues)
	}
	if same := p.WithLive(ProfileValues{}); same.Existing != 7 || len(same.TagValues) != 2 {
		t.Errorf("nothing live: %+v", same)
	}
}

func TestWriteProfileValues(t *testing.T) {
	src := templateJSON(t, []metricJSON{m("a.b", "count", "env:prod")}, `"x-rk-tui": {"profile": {"hosts": 3, "tag_values": {"team": 10}}}`)
	d := parseDoc(t, src)
	n := uint64(109)
	out, err := WriteProfileValues(d, ProfileValues{TagValues: map[string]uint64{"env": 3, "a.b": 2}, Existing: &n})
	if err != nil {
		t.Fatal(err)
	}
	if string(d.Bytes()) != src {
		t.Error("the document itself changed")
	}
	p, err := ProfileFrom(out, now)
	if err != nil {
		t.Fatal(err)
	}
	if p.Hosts != 3 || p.TagValues["team"] != 10 || p.TagValues["env"] != 3 || p.TagValues["a.b"] != 2 || p.Existing != 109 {
		t.Errorf("written profile %+v", p)
	}
	if !strings.HasPrefix(string(out.Bytes()), src[:len(src)-40]) {
		t.Errorf("the edit is not in place:\n%s", out.Bytes())
	}
}

func TestRenderLiveText(t *testing.T) {
	in, live := liveCase(t)
	var b bytes.Buffer
	if err := RenderLiveText(&b, CompareLive("t.json", in, live)); err != nil {
		t.Fatal(err)
	}
	goldenFile(t, "live.txt", b.Bytes())
	if bytes.ContainsAny(b.Bytes(), "\x1b") {
		t.Error("control characters from the account reach the output")
	}
	live.Wrote, live.Account.Complete = true, false
	b.Reset()
	_ = RenderLiveText(&b, CompareLive("t.json", in, live))
	for _, want := range []string{`Wrote into t.json: {"x-rk-tui":{"profile":{"tag_values":{"env":3},"existing":109}}}`, "more custom metrics than the 20 pages read"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("lacks %q:\n%s", want, b.String())
		}
	}
	live.Prefill = ProfileValues{}
	b.Reset()
	_ = RenderLiveText(&b, CompareLive("t.json", in, live))
	if strings.Contains(b.String(), "With the live values") {
		t.Errorf("nothing to prefill, nothing to merge:\n%s", b.String())
	}
}

// With a tag configuration the projection compares like with like: the
// indexed count with what Datadog indexes, every tag as sent with what it
// ingests. Through an Agent on 40 hosts: 40 × 2 × 20 × 3 = 4,800 ingested;
// the configuration keeps env and variant: 2 × 3 = 6 indexed.
func TestCompareLiveTagConfigured(t *testing.T) {
	d := exposureDoc(t, "increment", `{"tags": ["env", "variant"]}`, fortyHosts+`}`)
	in, err := ReadInput(d, now)
	if err != nil {
		t.Fatal(err)
	}
	c := CompareLive("t.json", in, Live{Metrics: []LiveMetric{{Index: 0, Exists: true, Indexed: 5, Ingested: 4100}}})
	if len(c.Rows) != 1 {
		t.Fatalf("rows %+v", c.Rows)
	}
	row := c.Rows[0]
	if row.Projected.String() != "6" || row.ProjectedIngested == nil || row.ProjectedIngested.String() != "4800" {
		t.Errorf("projected %s indexed, %v ingested; want 6 and 4800", row.Projected, row.ProjectedIngested)
	}
	var b bytes.Buffer
	if err := RenderLiveText(&b, c); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "  feature.exposure  increment  6          5         4,800           4,100     -") {
		t.Errorf("the row does not set indexed beside indexed and ingested beside ingested:\n%s", b.String())
	}
}

// Live values written into a file follow its layout: each new key on a line
// of its own, indented like its neighbours.
func TestWriteProfileValuesFollowsTheLayout(t *testing.T) {
	in := "{\n  \"x-rk-tui\": {\n    \"profile\": {\n      \"hosts\": 3\n    }\n  }\n}\n"
	d, err := template.Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	existing := uint64(5200)
	out, err := WriteProfileValues(d, ProfileValues{TagValues: map[string]uint64{"env": 3}, Existing: &existing})
	if err != nil {
		t.Fatal(err)
	}
	want := "{\n  \"x-rk-tui\": {\n    \"profile\": {\n      \"hosts\": 3,\n      \"tag_values\": {\n        \"env\": 3\n      },\n      \"existing\": 5200\n    }\n  }\n}\n"
	if got := string(out.Bytes()); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
