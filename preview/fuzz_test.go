package preview

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode/utf8"

	"github.com/rk-tui/rk-tui/template"
)

// FuzzRenderText feeds template text (metric name, tag, tool data, plan)
// through the estimate to the text and Markdown renderers, colour off, and
// checks that no control character reaches the output: no byte below 0x20
// but newline and tab, no DEL, no C1 control, no bidirectional override,
// nothing but UTF-8. A terminal would obey any of them.
//
//	go test ./preview -run '^$' -fuzz FuzzRenderText -fuzztime 10s
func FuzzRenderText(f *testing.F) {
	f.Add("checkout.items", "env:prod", "env", "pro", uint8(0), 80, false)
	f.Add("evil\x1b]52;c;aGk=\x07name", "k:\x1b[2J", "\u202eenv", "\x9b31m", uint8(3), 30, true)
	f.Add("a\x7fb\u0085", "user_id:\x00", "\ttab", "gold\nplan", uint8(5), 120, false)
	f.Add("", ":", "", "", uint8(9), 1, true)
	f.Fuzz(func(t *testing.T, name, tag, configKey, plan string, kind uint8, width int, summary bool) {
		types := []string{"count", "gauge", "rate", "increment", "histogram", "distribution", "timing", "event", "counter"}
		typ := types[int(kind)%len(types)]
		key, err := json.Marshal(name)
		if err != nil {
			return
		}
		cfg, err := json.Marshal(map[string]any{"tags": []string{configKey, tag}})
		if err != nil {
			return
		}
		js := templateJSON(t, []metricJSON{m(name, typ, tag, "env:prod"), m(name, "histogram", tag)},
			`"x-rk-tui": {"metrics": {`+string(key)+`: {"tag_configuration": `+string(cfg)+`}}}`)
		d, err := template.Parse([]byte(js))
		if err != nil {
			return
		}
		p := DefaultProfile()
		p.Plan = Plan(plan) // repaired, with a warning that quotes it
		p.TagValues = map[string]uint64{template.TagKey(template.NormalizeTag(tag)): 3}
		if kind%2 == 1 {
			p.Billing.Model = ModelMetricName
		}
		r := Estimate(template.Read(d), MetaOf(d), p, nil)
		r.NoteInvalidTemplate(name, []template.Finding{{Message: "bad " + name}})
		var out bytes.Buffer
		if err := RenderText(&out, r, TextOptions{Width: width, Title: name, Summary: summary}); err != nil {
			t.Fatal(err)
		}
		if err := RenderMarkdown(&out, r, name); err != nil {
			t.Fatal(err)
		}
		if bad, at := firstControl(out.String()); bad != "" {
			t.Fatalf("%s at byte %d reaches the output:\n%q", bad, at, out.String())
		}
	})
}

// firstControl names the first character a terminal would obey.
func firstControl(s string) (string, int) {
	if !utf8.ValidString(s) {
		return "invalid UTF-8", 0
	}
	for i, r := range s {
		switch {
		case r == '\n' || r == '\t':
		case r < 0x20 || r == 0x7f:
			return "a C0 control or DEL", i
		case r >= 0x80 && r < 0xa0:
			return "a C1 control", i
		case (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069):
			return "a bidirectional control", i
		}
	}
	return "", 0
}
