package template

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tidwall/pretty"
)

// diffFindings describes how got differs from want ("" when equal).
func diffFindings(got, want []Finding) string {
	if reflect.DeepEqual(got, want) {
		return ""
	}
	var b strings.Builder
	for i := 0; i < max(len(got), len(want)); i++ {
		var g, w string
		if i < len(got) {
			g = fmt.Sprintf("%+v", got[i])
		}
		if i < len(want) {
			w = fmt.Sprintf("%+v", want[i])
		}
		if g != w {
			fmt.Fprintf(&b, "#%d\n  got  %s\n  want %s\n", i, g, w)
		}
	}
	return fmt.Sprintf("%d findings, want %d:\n%s", len(got), len(want), b.String())
}

// checkAgainstWhole: the index-based check gives what the whole-document
// walk gives, or leaves the document to it.
func checkAgainstWhole(t *testing.T, name string, data []byte) {
	t.Helper()
	doc := string(data)
	want := validateWhole(doc)
	if root, ok := buildIndex(doc); ok {
		if got, ok := new(validatorState).fromIndex(doc, &root); ok {
			if d := diffFindings(got, want); d != "" {
				t.Errorf("%s: the index disagrees with the whole-document check: %s\n%s", name, d, data)
			}
		}
	}
	if d, err := Parse(data); err == nil {
		if got := Validate(d); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: Validate disagrees with the whole-document check: %s", name, diffFindings(got, want))
		}
	}
}

func TestIndexAgreesWithWholeDocument(t *testing.T) {
	for _, p := range Presets {
		checkAgainstWhole(t, "preset "+p.Name, Build(p.Spec).Bytes())
	}
	for _, dir := range []string{filepath.Join("testdata", "build", "*.json"), filepath.Join("..", "testdata", "hostile", "*.json"), filepath.Join("testdata", "fuzz", "FuzzParseValidate", "*")} {
		files, _ := filepath.Glob(dir)
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(f, "fuzz") {
				data = fuzzCorpusBytes(t, data)
			}
			checkAgainstWhole(t, f, data)
		}
	}
	for _, tc := range ruleCases() {
		d := tc.base()
		for _, e := range tc.edits {
			if e.raw == "" {
				mustDelete(t, d, e.path)
			} else {
				mustSetRaw(t, d, e.path, e.raw)
			}
		}
		checkAgainstWhole(t, tc.name, d.Bytes())
		checkAgainstWhole(t, tc.name+" (compact)", Compact(d.Bytes()))
	}
	for _, s := range oddDocuments {
		checkAgainstWhole(t, s, []byte(s))
	}
}

// oddDocuments are layouts the index must stand for, or hand to the whole
// check: repeated and empty keys at every indexed level, objects where gjson
// reads a list, lone leaves, escapes in keys.
var oddDocuments = []string{
	`{}`, ` {"a":1} `, `{"":1}`, `{"a":1,"a":2}`,
	`{"processing":{"operations":{"name":"datadog","metrics":[{"metric":"a","type":"count"},{"metric":"a","type":"gauge"}]}}}`,
	`{"processing":{"operations":[{"name":"datadog","metrics":{"metric":"a","type":"count"}},{"name":"dogstatsd","action":"gauge","metric":"a"}]}}`,
	`{"processing":{"operations":[{"name":"datadog","name":"dogstatsd","metrics":[]}]}}`,
	`{"processing":{"operations":[],"operations":5}}`,
	`{"processing":[1,2],"processing":{"operations":[]}}`,
	`{"proc\u0065ssing":{"operations":[{"name":"dogstatsd","action":"increment","metric":"a.b","value":"1","target":{"host":"h","port":1}}]}}`,
	`{"processing":{"operations":"datadog"}}`,
	`{"processing":{"operations":[5,"x",null,[],{}]}}`,
	`{"processing":{"operations":[{"name":"datadog","api_key":"k","metrics":[1,"m",null,{},{"metric":"Bad Name","type":"count","points":["x"],"tags":["A:B","a:b"]}]}]}}`,
	`{"x-rk-tui":{"metrics":{"a":{"unit":"x"},"a":{"unit":"y"}}}}`,
	`{"x-rk-tui":{"metrics":{"":{"unit":"x"}}}}`,
	`{"x-rk-tui":{"metrics":{"a\\b":{"unit":"x"},"a.b":{"unit":"x"},"1":{"unit":"x"}}}}`,
	`{"x-rk-tui":[],"aug":{"a":{"b":1,"b":2},"":{"c":1,"c":1}}}`,
	`{"x-rk-tui":{"metrics":[]}}`, `{"x-rk-tui":{"profile":{"h":1,"h":2}}}`, `{"x-rk-tui":{"metrics":5}}`,
	`{"aug":[{"x":1,"x":2}],"appearance":{"title":"a","title":"b"}}`,
	"{\"processing\":{\"operations\":[{\"name\":\"datadog\",\"metrics\":[{\"metric\":\"a\\u001bb\",\"type\":\"rate\",\"tags\":[\"x\\u009b\"]}]}]}}",
}

// fuzzCorpusBytes reads the value of a "go test fuzz v1" corpus file.
func fuzzCorpusBytes(t *testing.T, file []byte) []byte {
	t.Helper()
	lines := strings.SplitN(string(file), "\n", 2)
	if len(lines) < 2 {
		return file
	}
	v := strings.TrimSpace(lines[1])
	v = strings.TrimSuffix(strings.TrimPrefix(v, "[]byte("), ")")
	var s string
	if _, err := fmt.Sscanf(v, "%q", &s); err != nil {
		return file
	}
	return []byte(s)
}

// sameIndex reports how two indexes differ, caches aside ("" when equal).
func sameIndex(a, b *node) string {
	if a.keyStart != b.keyStart || a.start != b.start || a.end != b.end || a.key != b.key || a.path != b.path ||
		a.schema != b.schema || a.expanded != b.expanded || a.repeated != b.repeated || len(a.kids) != len(b.kids) {
		return fmt.Sprintf("at %q: %d %d-%d key %q schema %d expanded %v repeated %v kids %d; want at %q: %d %d-%d key %q schema %d expanded %v repeated %v kids %d",
			a.path, a.keyStart, a.start, a.end, a.key, a.schema, a.expanded, a.repeated, len(a.kids),
			b.path, b.keyStart, b.start, b.end, b.key, b.schema, b.expanded, b.repeated, len(b.kids))
	}
	for i := range a.kids {
		if d := sameIndex(a.kids[i], b.kids[i]); d != "" {
			return d
		}
	}
	return ""
}

// randomEdits changes a template the ways the studio does, and some more.
type randomEdits struct {
	r *rand.Rand
}

var (
	editNames = []string{"checkout.items", "checkout.calls", "shop.cart.size", "Checkout.Items", "checkout-items", "checkout_items",
		"9lives", "", " ", "app.café", "a.b", "x\x1b[2Jy", strings.Repeat("n", 150), strings.Repeat("m", 201), "request.latency"}
	editTags = []string{"region:eu", "Region:EU", "env:prod", "user_id:1", "team:cart", "a|b", "", "x:", "ok", "ok", "tier:gold",
		"région:île", "e\x1b]52;c;eA==\x07", "c1\u009b2J", strings.Repeat("t", 201), "1x:y", "host:Web-01"}
	editTypes  = []string{"count", "gauge", "rate", "increment", "decrement", "histogram", "timing", "distribution", "event", "sum", ""}
	editValues = []string{"store.rookout.frame.locals.count", "1", "2.5", "", "store.x\x07", "frame.dump()"}
	editUnits  = []string{"", "millisecond", "millisecods", "byte", "ms", "x\x1by"}
	editRaw    = []string{`1`, `-0.5e3`, `"s"`, `""`, `null`, `true`, `[]`, `{}`, `["a","a"]`, `{"k":1}`, `[{"x":{"y":[1,2]}}]`,
		`"\u001b[31m"`, `{"metric":"z.z","type":"gauge","points":["p"],"tags":["Z:Z"]}`,
		`{"name":"dogstatsd","action":"gauge","metric":"checkout.items","value":"1","target":{"host":"h","port":8125}}`,
		`[{"name":"datadog","api_key":"<YOUR-API-KEY>","metrics":[{"metric":"a.b","type":"rate","points":["p"]}]}]`}
)

func (e *randomEdits) pick(list []string) string { return list[e.r.IntN(len(list))] }

func (e *randomEdits) tags() []string {
	var out []string
	for range e.r.IntN(5) {
		out = append(out, e.pick(editTags))
	}
	return out
}

func (e *randomEdits) spec() MetricSpec {
	return MetricSpec{Name: e.pick(editNames), Type: e.pick(editTypes), Value: e.pick(editValues), Tags: e.tags(),
		Meta: MetricMeta{Unit: e.pick(editUnits), Description: e.pick([]string{"", "Items.", "bad\x1b"})}}
}

// template is a random template of n metrics.
func (e *randomEdits) template(n int) *Document {
	spec := Spec{Target: TargetAPI, Title: "T"}
	if e.r.IntN(3) == 0 {
		spec.Target = TargetDogStatsD
	}
	for range n {
		m := e.spec()
		if e.r.IntN(2) == 0 {
			m.Name = fmt.Sprintf("shop.step_%d.items", e.r.IntN(n*2))
		}
		spec.Metrics = append(spec.Metrics, m)
	}
	return Build(spec)
}

// step makes one edit and says what it was. It returns the document to go on
// with (a new one after a re-indentation).
func (e *randomEdits) step(t *testing.T, d *Document) (*Document, string) {
	n := len(Read(d).Metrics())
	i, j := 0, 0
	if n > 0 {
		i, j = e.r.IntN(n), e.r.IntN(n)
	}
	before := d.Clone()
	var err error
	var what string
	switch k := e.r.IntN(100); {
	case k < 25:
		tags := e.tags()
		what = fmt.Sprintf("SetMetricTags(%d, %q)", i, tags)
		err = d.SetMetricTags(i, tags)
	case k < 35:
		name := e.pick(editNames)
		what = fmt.Sprintf("SetMetricName(%d, %q)", i, name)
		err = d.SetMetricName(i, name)
	case k < 40:
		typ := e.pick(editTypes)
		what = fmt.Sprintf("SetMetricType(%d, %q)", i, typ)
		err = d.SetMetricType(i, typ)
	case k < 43:
		v := e.pick(editValues)
		what = fmt.Sprintf("SetMetricValue(%d, %q)", i, v)
		err = d.SetMetricValue(i, v)
	case k < 48:
		m := e.spec()
		what = fmt.Sprintf("AddMetric(%+v)", m)
		_, err = d.AddMetric(m)
	case k < 52:
		what = fmt.Sprintf("DeleteMetric(%d)", i)
		err = d.DeleteMetric(i)
	case k < 57:
		what = fmt.Sprintf("MoveMetric(%d, %d)", i, j)
		err = d.MoveMetric(i, j)
	case k < 65:
		key := e.pick([]string{"hosts", "account_hosts", "plan", "price_per_100", "active_hours", "tag_values.region", "existing"})
		var v any = e.r.IntN(1000)
		switch e.r.IntN(4) {
		case 0:
			v = nil
		case 1:
			v = "enterprise"
		}
		what = fmt.Sprintf("SetProfile(%q, %v)", key, v)
		err = d.SetProfile(key, v)
	case k < 68:
		target := TargetAPI
		if e.r.IntN(2) == 0 {
			target = TargetDogStatsD
		}
		host := e.pick([]string{"localhost", "", "local host", "a/b", "h\x1b"})
		what = fmt.Sprintf("SetTarget(%s, %q)", target, host)
		err = d.SetTarget(target, host, e.r.IntN(70000))
	case k < 71:
		title := e.pick([]string{"Checkout", "", "T\x1b[31m"})
		color := e.pick([]string{"#6C4296", "purple"})
		what = fmt.Sprintf("SetAppearance(%q, %q)", title, color)
		err = d.SetAppearance(title, color)
	case k < 74:
		key := e.pick([]string{"rateLimit", "maxAugTime", "globalHitLimit", "conditional", "globalDisableAfterTime"})
		v := e.pick([]string{"", "200/500", "9/1", "400", "x", "2999-01-01T00:00:00Z", "1\x1b"})
		what = fmt.Sprintf("SetAugField(%q, %q)", key, v)
		err = d.SetAugField(key, v)
	case k < 76:
		what = "SetLocation"
		err = d.SetLocation(e.pick([]string{"", "app/cart.py", "a\u202eb.py"}), e.pick([]string{"", "12", "0", "x"}))
	case k < 81:
		ms := Read(d).Metrics()
		name := e.pick(editNames)
		if len(ms) > 0 && e.r.IntN(2) == 0 {
			name = ms[i].Name
		}
		meta := MetricMeta{Unit: e.pick(editUnits), PerUnit: e.pick(editUnits), Description: e.pick([]string{"", "d", "d\n"}), Interval: int64(e.r.IntN(3))}
		what = fmt.Sprintf("SetMeta(%q, %+v)", name, meta)
		err = d.SetMeta(name, meta)
	case k < 83:
		what = fmt.Sprintf("SetEventText(%d)", i)
		err = d.SetEventText(i, e.pick([]string{"t", "", "t\n"}), e.pick([]string{"x", "", "a\nb"}))
	case k < 93:
		return e.rawEdit(t, d)
	case k < 96:
		what = "Reindent"
		d.Reindent()
	case k < 98:
		what = "Compact"
		d = MustParse(Compact(d.Bytes()))
	default:
		what = "tabs"
		d = MustParse(pretty.PrettyOptions(d.Bytes(), &pretty.Options{Width: -1, Indent: "\t"}))
	}
	if err != nil {
		what += " (refused: " + err.Error() + ")"
	}
	if _, perr := Parse(d.Bytes()); perr != nil {
		// Some edits break a template whose layout is already broken (say
		// processing.operations a string); the studio never makes one.
		return before, what + " broke the JSON, undone"
	}
	return d, what
}

// rawEdit changes, removes or repeats one value anywhere in the document.
func (e *randomEdits) rawEdit(t *testing.T, d *Document) (*Document, string) {
	nodes := walkJSON(t, d.Bytes())
	paths := make([]string, 0, len(nodes))
	for p := range nodes {
		if p != "" {
			paths = append(paths, p)
		}
	}
	if len(paths) == 0 {
		return d, "nothing to edit"
	}
	// Map order is random; sort for a fixed seed to mean a fixed run.
	slicesSort(paths)
	p := paths[e.r.IntN(len(paths))]
	before := d.Clone()
	var what string
	var err error
	switch e.r.IntN(4) {
	case 0:
		what = "Delete " + p
		err = d.Delete(p)
	case 1:
		// Repeat the first key of the object at p (or its parent): a
		// repeated key where the index lists members, or inside a leaf.
		n := nodes[p]
		raw := d.Bytes()
		if !strings.HasPrefix(n.Raw, "{") || n.Raw == "{}" {
			return d, "no object at " + p
		}
		at := n.Start + 1
		end := bytes.IndexByte(raw[at:], ':')
		if end < 0 {
			return d, "no key at " + p
		}
		edited := append(append(append([]byte{}, raw[:at]...), raw[at:at+end]...), []byte(":0,")...)
		edited = append(edited, raw[at:]...)
		nd, perr := Parse(edited)
		if perr != nil {
			return d, "repeat refused at " + p
		}
		return nd, "repeat first key of " + p
	default:
		v := e.pick(editRaw)
		what = fmt.Sprintf("SetRaw(%s, %s)", p, v)
		err = d.SetRaw(p, []byte(v))
	}
	if _, perr := Parse(d.Bytes()); err != nil || perr != nil {
		return before, what + " refused"
	}
	return d, what
}

func slicesSort(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// TestValidatorAfterRandomEdits: after every edit of a long random sequence
// the Validator reports exactly what Validate reports for the same bytes,
// its index is the one a fresh read builds, and both agree with the
// whole-document check.
func TestValidatorAfterRandomEdits(t *testing.T) {
	r := rand.New(rand.NewPCG(20261202, 8))
	e := &randomEdits{r: r}
	sizes := []int{1, 1, 2, 3, 5, 8, 20, 50, 200}
	steps, runs, indexed := 0, 0, 0
	for steps < 6000 {
		n := sizes[runs%len(sizes)]
		runs++
		d := e.template(n)
		var v Validator
		var history []string
		length := 80
		if n >= 50 {
			length = 25
		}
		for s := 0; s < length; s++ {
			var what string
			d, what = e.step(t, d)
			history = append(history, what)
			steps++
			got := v.Validate(d)
			want := Validate(d)
			if diff := diffFindings(got, want); diff != "" {
				t.Fatalf("run %d (%d metrics), after %d edits, the Validator disagrees with Validate: %s\nedits:\n  %s\ndocument:\n%s",
					runs, n, s+1, diff, strings.Join(history, "\n  "), d.Bytes())
			}
			if v.s.ok {
				if regular(v.s.doc, &v.s.root) {
					indexed++
				}
				fresh, ok := buildIndex(string(d.Bytes()))
				if !ok {
					t.Fatalf("the Validator keeps an index of a document that has none")
				}
				if diff := sameIndex(&v.s.root, &fresh); diff != "" {
					t.Fatalf("run %d, after %q: the updated index differs from a fresh one: %s\nedits:\n  %s", runs, what, diff, strings.Join(history, "\n  "))
				}
			}
			if n <= 20 || s%8 == 0 {
				if diff := diffFindings(want, validateWhole(string(d.Bytes()))); diff != "" {
					t.Fatalf("run %d, after %q: Validate disagrees with the whole-document check: %s\n%s", runs, what, diff, d.Bytes())
				}
			}
			if again := v.Validate(d); !reflect.DeepEqual(again, got) {
				t.Fatal("validating the same bytes twice gave two answers")
			}
		}
	}
	t.Logf("%d edits in %d runs, %d of them checked on the index", steps, runs, indexed)
	if indexed < steps/2 {
		t.Errorf("only %d of %d edits were checked on the index: the sequences test the whole-document check instead", indexed, steps)
	}
}

// TestIndexUpdate: updating the index of one document to another gives the
// index a fresh read of the other builds, for edits the random sequences
// rarely make: numbers that grow, values that change kind, members moved,
// repeated or renamed, whitespace anywhere.
func TestIndexUpdate(t *testing.T) {
	const ops = `{"processing":{"operations":%s},"x-rk-tui":{"metrics":%s}}`
	pairs := [][2]string{
		{fmt.Sprintf(ops, `[1,2]`, `{}`), fmt.Sprintf(ops, `[1,23]`, `{}`)},
		{fmt.Sprintf(ops, `[12,2]`, `{}`), fmt.Sprintf(ops, `[1,2]`, `{}`)},
		{fmt.Sprintf(ops, `[1,2]`, `{}`), fmt.Sprintf(ops, `[1.5,2e3]`, `{}`)},
		{fmt.Sprintf(ops, `[true,null]`, `{}`), fmt.Sprintf(ops, `[true ,null ]`, `{}`)},
		{fmt.Sprintf(ops, `[{"name":"a"},{"name":"b"}]`, `{"a":1}`), fmt.Sprintf(ops, `[{"name":"b"},{"name":"a"}]`, `{"a":1}`)},
		{fmt.Sprintf(ops, `[{"name":"a"},{"name":"b"},{"name":"c"}]`, `{}`), fmt.Sprintf(ops, `[{"name":"a"},{"name":"c"}]`, `{}`)},
		{fmt.Sprintf(ops, `[{"name":"a"},{"name":"c"}]`, `{}`), fmt.Sprintf(ops, `[{"name":"a"},{"name":"b"},{"name":"c"}]`, `{}`)},
		{fmt.Sprintf(ops, `[{"name":"a"}]`, `{"a":1,"b":2}`), fmt.Sprintf(ops, `[{"name":"a"}]`, `{"b":2,"c":1}`)},
		{fmt.Sprintf(ops, `[{"name":"a"}]`, `{"a":1,"b":2}`), fmt.Sprintf(ops, `[{"name":"a"}]`, `{"a":1,"a":2}`)},
		{fmt.Sprintf(ops, `[{"name":"a"}]`, `{"a":1}`), fmt.Sprintf(ops, `{"name":"a"}`, `[1]`)},
		{fmt.Sprintf(ops, `[{"metrics":[{"m":1},{"m":2}]}]`, `{}`), fmt.Sprintf(ops, `[{"metrics":[{"m":1},{"m":22}]}]`, `{}`)},
		{fmt.Sprintf(ops, `[{"metrics":[{"m":1},{"m":2}]}]`, `{}`), fmt.Sprintf(ops, `[{"metrics":{"m":1}}]`, `{}`)},
		{fmt.Sprintf(ops, `[{"metrics":[]}]`, `{}`), fmt.Sprintf(ops, `[{"metrics":[[]]}]`, `{}`)},
		{fmt.Sprintf(ops, `[]`, `{}`), "  " + fmt.Sprintf(ops, "[\n]", "{ }") + "\n"},
		{`{"a":1}`, `{"b":1,"a":1}`},
		{`{"a":{"b":1}}`, `{"a":{"b":1},"processing":{"operations":[]}}`},
		{`{"processing":5}`, `{"processing":{"operations":[{"name":"x"}]}}`},
		{`{"x-rk-tui":{"metrics":{"k":{"unit":"a"}}}}`, `{"x-rk-tui":{"metrics":{"k\u0020":{"unit":"a"}}}}`},
		{`{"x-rk-tui":{"metrics":{"k":{"unit":"a"}}}}`, `{"x-rk-tui":{"metrics":{"k":{"unit":"a"}}}} `},
	}
	for _, p := range pairs {
		for _, pair := range [][2]string{p, {p[1], p[0]}} {
			old, nw := pair[0], pair[1]
			root, ok := buildIndex(old)
			if !ok {
				t.Fatalf("no index of %s", old)
			}
			want, ok := buildIndex(nw)
			if !ok {
				t.Fatalf("no index of %s", nw)
			}
			got, ok := updateIndex(old, nw, &root)
			if !ok {
				t.Errorf("%s -> %s: no update", old, nw)
				continue
			}
			if d := sameIndex(&got, &want); d != "" {
				t.Errorf("%s -> %s: %s", old, nw, d)
			}
		}
	}
	// A broken document has no index, however it is reached.
	root, _ := buildIndex(`{"a":[1,2]}`)
	for _, bad := range []string{`{"a":[1,2}`, `{"a":[1,2]`, `{"a":[1,02]}`, `{"a":[1,2]}x`, `{"a":[1,"\x01"]}`, `{"a":[1,"\u12"]}`, `[1]`} {
		if _, ok := updateIndex(`{"a":[1,2]}`, bad, &root); ok {
			t.Errorf("an index of %q", bad)
		}
		if _, ok := buildIndex(bad); ok {
			t.Errorf("an index of %q", bad)
		}
	}
}

// FuzzValidatorEdit: whatever two documents the Validator sees one after the
// other, it reports for the second what Validate reports, from an index
// equal to a fresh one; and Validate agrees with the whole-document check.
func FuzzValidatorEdit(f *testing.F) {
	for _, p := range Presets {
		a := Build(p.Spec)
		b := a.Clone()
		_ = b.SetMetricTags(0, []string{"Region:EU", "x\x1b"})
		f.Add(a.Bytes(), b.Bytes())
		c := a.Clone()
		_, _ = c.AddMetric(MetricSpec{Name: "a-b", Type: "gauge", Value: "1", Meta: MetricMeta{Unit: "ms"}})
		f.Add(b.Bytes(), c.Bytes())
		f.Add(c.Bytes(), Compact(c.Bytes()))
	}
	for _, s := range oddDocuments {
		f.Add([]byte(s), []byte(`{"processing":{"operations":[1,23]}}`))
	}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		da, err := Parse(a)
		if err != nil {
			return
		}
		db, err := Parse(b)
		if err != nil {
			return
		}
		var v Validator
		v.Validate(da)
		got := v.Validate(db)
		if d := diffFindings(got, Validate(db)); d != "" {
			t.Fatalf("the Validator disagrees with Validate: %s", d)
		}
		if v.s.ok {
			fresh, ok := buildIndex(string(b))
			if !ok {
				t.Fatal("an index of a document that has none")
			}
			if d := sameIndex(&v.s.root, &fresh); d != "" {
				t.Fatalf("the updated index differs from a fresh one: %s", d)
			}
		}
		if d := diffFindings(Validate(db), validateWhole(string(b))); d != "" {
			t.Fatalf("Validate disagrees with the whole-document check: %s", d)
		}
	})
}

// FuzzIndexIsJSON: the index reads exactly the JSON objects encoding/json
// accepts, so it never stands for a document that is not one.
func FuzzIndexIsJSON(f *testing.F) {
	for _, s := range append(oddDocuments, `{"a":"\u00e9\ud800"}`, `{"a":1e5,"b":-0.0,"c":[true,false,null]}`, "{\"a\":\"\xff\"}",
		`{"a":01}`, `{"a":1.}`, `{"a":"\x"}`, `{"a" 1}`, `{"a":1,}`, `[]`, `{"a":[1,]}`, " {}\n", strings.Repeat("[", 10001)) {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, ok := buildIndex(string(data))
		trimmed := bytes.TrimLeft(data, " \t\r\n")
		want := json.Valid(data) && len(trimmed) > 0 && trimmed[0] == '{'
		if ok != want {
			t.Fatalf("buildIndex ok = %v, encoding/json says %v", ok, want)
		}
		if end, ok := scanValue(string(data), 0, 0); ok && !json.Valid(data[:end]) {
			t.Fatalf("scanValue accepts %q, encoding/json does not", data[:end])
		}
	})
}

// TestOffsetInMatchesLocator: the light lookup for a value with few
// findings gives the locator's answer, for paths that exist and paths that
// do not.
func TestOffsetInMatchesLocator(t *testing.T) {
	docs := []string{`{"a":{"b":[1,{"c":2}],"b":3},"x.y":{"z":1},"":{"k":1}}`, string(Build(Presets[0].Spec).Bytes())}
	for _, doc := range docs {
		loc := newLocator(doc)
		paths := []string{"", "nope", "a.nope.deeper", "a.b.5", "a.b.x", "a.b.01"}
		for p := range walkJSON(t, []byte(doc)) {
			paths = append(paths, p, p+".missing", p+".0")
		}
		for _, p := range paths {
			if got, want := offsetIn(doc, p), loc.within(p); got != want {
				t.Errorf("offsetIn(%q) = %d, the locator says %d", p, got, want)
			}
		}
	}
}

// TestValidatorCopiesAndOwnership: the slice returned is the caller's to
// change, and a copy of a used Validator, used in turn with it on other
// documents, stays exact.
func TestValidatorCopiesAndOwnership(t *testing.T) {
	e := &randomEdits{r: rand.New(rand.NewPCG(7, 7))}
	a, b := e.template(30), e.template(3)
	var v Validator
	fs := v.Validate(a)
	for i := range fs {
		fs[i].Message, fs[i].Line = "changed", -1
	}
	if d := diffFindings(v.Validate(a), Validate(a)); d != "" {
		t.Fatalf("changing the returned findings changed the next answer: %s", d)
	}
	w := v
	for i := 0; i < 20; i++ {
		doc := a
		if i%2 == 1 {
			doc = b
		}
		doc, _ = e.step(t, doc)
		if i%2 == 1 {
			b = doc
		} else {
			a = doc
		}
		for _, u := range []*Validator{&v, &w} {
			if d := diffFindings(u.Validate(doc), Validate(doc)); d != "" {
				t.Fatalf("step %d: %s", i, d)
			}
		}
	}
}
