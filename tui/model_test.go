package tui

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/rk-tui/rk-tui/template"
)

// A whole template through the studio: preset, edit the metric, tags,
// cost profile, save; the file must validate and hold what was typed.
func TestStudioBuildsAndSavesATemplate(t *testing.T) {
	out := filepath.Join(t.TempDir(), "exposure.json")
	o := presetOptions(t, "exposure-counter")
	o.Output = out
	h := newHarness(t, o, 140, 45)

	h.focusField("title")
	h.clear()
	h.keys("Checkout flag exposure", "enter", "enter") // title → color → next step
	if h.m.step != stepTarget {
		t.Fatalf("step = %s, want Target", stepNames[h.m.step])
	}
	h.keys("enter") // keep the Datadog API
	if h.m.step != stepMetrics {
		t.Fatalf("step = %s, want Metrics", stepNames[h.m.step])
	}
	h.keys("enter") // open the metric
	h.focusField("name")
	h.clear()
	h.keys("checkout.flag.exposures")
	h.focusField("tags")
	h.clear()
	h.keys("environment:production, name:new_checkout, variant:b")
	h.keys("esc") // back to the list
	h.keys("a")   // a second metric
	h.clear()
	h.keys("checkout.flag.errors")
	h.keys("esc", "tab") // list → Breakpoint
	if h.m.step != stepBreakpoint {
		t.Fatalf("step = %s, want Breakpoint", stepNames[h.m.step])
	}
	h.focusField("disable")
	h.keys("7d")
	h.mustSee("2026-11-28T12:00:00Z")
	h.goTo(stepCost)
	h.focusField("hosts")
	h.keys("12")
	h.focusField("tag:variant")
	h.keys("3")
	h.keys("ctrl+s")

	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("not saved: %v\n%s", err, h.screen())
	}
	doc, fs := template.Load(data)
	if template.HasErrors(fs) {
		t.Fatalf("saved template has errors: %+v", fs)
	}
	ms := template.Read(doc).Metrics()
	if len(ms) != 2 || ms[0].Name != "checkout.flag.exposures" || ms[1].Name != "checkout.flag.errors" {
		t.Fatalf("metrics = %+v", ms)
	}
	if got := strings.Join(ms[0].Tags, ","); got != "environment:production,name:new_checkout,variant:b" {
		t.Errorf("tags = %s", got)
	}
	if got := doc.Get("appearance.title").String(); got != "Checkout flag exposure" {
		t.Errorf("title = %q", got)
	}
	if got := doc.Get("x-rk-tui.profile.hosts").Int(); got != 12 {
		t.Errorf("profile hosts = %d", got)
	}
	if got := doc.Get("x-rk-tui.profile.tag_values.variant").Int(); got != 3 {
		t.Errorf("profile tag_values.variant = %d", got)
	}
	if got := doc.Get("aug.globalDisableAfterTime").String(); got != "2026-11-28T12:00:00Z" {
		t.Errorf("disable after = %q", got)
	}
	// The unit typed by the preset moved with the rename.
	if got := doc.Meta("checkout.flag.exposures").Unit; got != "occurrence" {
		t.Errorf("meta followed rename: unit = %q", got)
	}
	if !doc.IsCanonical() {
		t.Errorf("a file the tool wrote should stay indented as the tool writes it:\n%s", data)
	}
	if h.m.s.dirty() || h.m.s.savedPath != out {
		t.Errorf("after save: dirty=%v savedPath=%q", h.m.s.dirty(), h.m.s.savedPath)
	}
}

func TestLiveValidationShowsWhatDatadogStores(t *testing.T) {
	h := newHarness(t, presetOptions(t, "gauge-variable"), 140, 45)
	h.nameFirstMetric("Queue-Depth")
	h.mustSee("Queue_Depth")
	h.mustHaveNote("name", "Datadog stores Queue_Depth")
	h.focusField("tags")
	h.clear()
	h.keys("Region:EU, user_id:42")
	h.mustSee("region:eu")
	h.mustHaveNote("tags", "Datadog stores region:eu")
	h.mustHaveNote("tags", "looks like an unbounded tag key")
	h.clear()
	h.keys("region:eu")
	h.mustNotSee("unbounded")
}

func TestCtrlCAsksBeforeLosingChanges(t *testing.T) {
	h := newHarness(t, presetOptions(t, "method-calls"), 80, 24)
	h.keys("ctrl+c")
	if !h.quit {
		t.Fatal("ctrl+c on an untouched template should quit at once")
	}

	h = newHarness(t, presetOptions(t, "method-calls"), 80, 24)
	h.focusField("title")
	h.keys("!")
	h.keys("ctrl+c")
	if h.quit || h.m.modal == nil {
		t.Fatal("ctrl+c with changes should ask first")
	}
	h.mustSee("Quit with unsaved changes?")
	h.keys("n")
	if h.quit || h.m.modal != nil {
		t.Fatal("n should keep editing")
	}
	h.keys("ctrl+c", "y")
	if !h.quit || !h.m.Result().Interrupted {
		t.Fatalf("y should quit as interrupted: quit=%v result=%+v", h.quit, h.m.Result())
	}
}

func TestDraftIsWrittenAsYouTypeAndResumed(t *testing.T) {
	dir := t.TempDir()
	o := presetOptions(t, "method-calls")
	o.Drafts = NewDrafter(dir, "")
	h := newHarness(t, o, 80, 24)
	h.focusField("title")
	h.clear()
	h.keys("Unsaved work")

	d, err := LoadDraft(o.Drafts.Path())
	if err != nil {
		t.Fatalf("no draft after typing: %v", err)
	}
	info, err := os.Stat(o.Drafts.Path())
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("draft mode: %v %v", info, err)
	}
	if !strings.Contains(string(d.Bytes()), `"title": "Unsaved work"`) {
		t.Fatalf("draft holds %s", d.Bytes())
	}

	// A new session offers it; y brings the typed title back.
	o2 := presetOptions(t, "method-calls")
	o2.Drafts = NewDrafter(dir, "")
	others, err := o2.Drafts.Others()
	if err != nil || len(others) != 1 {
		t.Fatalf("drafts offered: %v %v", others, err)
	}
	h2 := newHarness(t, o2, 80, 24)
	h2.m.openModal(resumeModal(others, testNow))
	h2.mustSee("Resume your unsaved draft?")
	h2.keys("y")
	if got := h2.m.s.view.Appearance.Title; got != "Unsaved work" {
		t.Fatalf("resumed title = %q", got)
	}
}

func TestDraftNeverHoldsTheAPIKey(t *testing.T) {
	dir := t.TempDir()
	src := template.Build(template.Presets[1].Spec) // gauge-variable: the API route
	if err := src.Set("processing.operations.0.api_key", "abcdef0123456789abcdef0123456789"); err != nil {
		t.Fatal(err)
	}
	o := Options{Document: src, Editing: true, Output: filepath.Join(dir, "t.json"), Drafts: NewDrafter(dir, filepath.Join(dir, "t.json"))}
	h := newHarness(t, o, 140, 45)
	h.focusField("title")
	h.keys("x")
	data, err := os.ReadFile(o.Drafts.Path())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "abcdef0123456789") {
		t.Fatal("the draft holds the API key")
	}
	if strings.Contains(h.screen(), "abcdef0123456789") || strings.Contains(string(h.m.json.text), "abcdef0123456789") {
		t.Fatal("the studio shows the API key")
	}
	if !strings.Contains(string(h.m.json.text), `"********6789"`) {
		t.Fatalf("the JSON pane should show the key masked:\n%s", h.m.json.text)
	}
}

func TestEditSavesBackLosslessly(t *testing.T) {
	orig := `{"appearance":{"title":"Legacy","color":"#123456","icon":"fa fa-x","extra":{"keep":1.50}},
	"selector":{"operations":[{"name":"return","path":{"name":"calc","path":"True"}}]},
	"aug":{"location":{"name":"file_line","filename":null,"lineno":null,"sha256":null},
	 "action":{"name":"script","operations":[{"name":"set","paths":{"store.rookout.frame":"frame.dump()"}}]},"unknownAug":1e3},
	"processing":{"operations":[{"name":"send_rookout","path":"store"},
	 {"name":"datadog","api_key":"<YOUR-API-KEY>","metrics":[{"metric":"a.b","points":["store.x"],"tags":[],"type":"gauge","custom":true}]}]},
	"zzz":[1,2,3]}`
	path := filepath.Join(t.TempDir(), "legacy.json")
	if err := os.WriteFile(path, []byte(orig), 0o644); err != nil {
		t.Fatal(err)
	}
	doc, err := template.Parse([]byte(orig))
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Document: doc, Editing: true, Output: path}, 140, 45)
	h.focusField("title")
	h.keys("!")
	h.keys("ctrl+s")
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(orig, `"title":"Legacy"`, `"title":"Legacy!"`, 1)
	if string(got) != want {
		t.Fatalf("edit changed more than the title:\n got %s\nwant %s", got, want)
	}
}

func TestPresetSwitchAsksOnceTheTemplateChanged(t *testing.T) {
	h := newHarness(t, presetOptions(t, "method-calls"), 140, 45)
	h.keys("right") // untouched: switches at once
	if got := h.m.s.view.Appearance.Title; got != "Gauge a variable" {
		t.Fatalf("title after switch = %q", got)
	}
	h.focusField("title")
	h.keys("!")
	h.focusField("preset")
	h.keys("right")
	h.mustSee("Start over from batch-histogram?")
	h.keys("n")
	if got := h.m.s.view.Appearance.Title; got != "Gauge a variable!" {
		t.Fatalf("n should keep the template, title = %q", got)
	}
	if got := h.m.start.form.byKey("preset").value(); got != "gauge-variable" {
		t.Fatalf("preset field = %q after n", got)
	}
}

func TestNarrowTerminalSwitchesPanes(t *testing.T) {
	h := newHarness(t, presetOptions(t, "method-calls"), 80, 24)
	h.mustNotSee("Template JSON")
	h.keys("ctrl+p")
	h.mustSee("Template JSON")
	h.keys("ctrl+p")
	h.mustSee("Start: what the template is")
	for _, line := range strings.Split(h.screen(), "\n") {
		if w := len([]rune(line)); w > 80 {
			t.Fatalf("line wider than 80 columns (%d): %q", w, line)
		}
	}
	if n := strings.Count(h.screen(), "\n") + 1; n > 24 {
		t.Fatalf("%d lines on a 24-line terminal", n)
	}
}

func TestMetricListAddMoveDelete(t *testing.T) {
	h := newHarness(t, presetOptions(t, "gauge-variable"), 140, 45)
	h.goTo(stepMetrics)
	h.keys("a")
	h.clear()
	h.keys("second.metric", "esc")
	h.keys("K") // move it up
	ms := h.m.s.view.Metrics()
	if len(ms) != 2 || ms[0].Name != "second.metric" {
		t.Fatalf("after move: %+v", ms)
	}
	h.keys("x")
	h.mustSee("Delete second.metric?")
	h.keys("y")
	ms = h.m.s.view.Metrics()
	if len(ms) != 1 || ms[0].Name != "app.queue.depth" {
		t.Fatalf("after delete: %+v", ms)
	}
}

func TestSwitchingTargetKeepsMetrics(t *testing.T) {
	h := newHarness(t, presetOptions(t, "gauge-variable"), 140, 45)
	h.goTo(stepTarget)
	h.keys("right") // DogStatsD agent
	if h.m.s.view.Target() != template.TargetDogStatsD {
		t.Fatal("route did not change")
	}
	ms := h.m.s.view.Metrics()
	if len(ms) != 1 || ms[0].Name != "app.queue.depth" || ms[0].Type != "gauge" {
		t.Fatalf("metrics after switch: %+v", ms)
	}
	h.focusField("port")
	h.clear()
	h.keys("99999")
	h.mustSee("1 to 65535")
	// What was typed is what the file holds, and validate counts it: the
	// form never shows one value while the file keeps another.
	if got := h.m.s.doc.Get(ms[0].Path + ".target.port").Raw; got != "99999" {
		t.Fatalf("port in the file = %s, want what was typed", got)
	}
	if h.m.s.errorsUnder(ms[0].Path+".target.port") == 0 {
		t.Fatal("the bad port is not counted as an error")
	}
}

// The official Rookout template swaps action and metric; the studio shows
// the value as it is, with validate's finding beside the field.
func TestEditShowsFindingsAtTheirFields(t *testing.T) {
	doc, err := template.Parse([]byte(`{"aug":{"location":{"name":"file_line","filename":null,"lineno":null,"sha256":null},
	"action":{"name":"script","operations":[{"name":"set","paths":{"store.rookout.frame":"frame.dump()"}}]}},
	"processing":{"operations":[{"name":"dogstatsd","action":"rookout.test.increment","metric":"increment",
	"value":{"name":"calc","path":"1"},"target":{"host":"<HOST_NAME>","port":8125}}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Document: doc, Editing: true, Output: filepath.Join(t.TempDir(), "x.json")}, 140, 45)
	h.goTo(stepMetrics)
	h.keys("enter")
	h.focusField("type")
	h.mustSee("‹ rookout.test.increment ›")
	h.mustSee("look swapped")
	h.keys("right") // pick "increment"
	if got := h.m.s.doc.Get("processing.operations.0.action").String(); got != "increment" {
		t.Fatalf("action = %q", got)
	}
	h.goTo(stepTarget)
	h.focusField("host")
	h.mustSee(`target.host is "<HOST_NAME>"`)
}

// Switching the route and straight back restores the template byte for
// byte: unknown keys and types survive.
func TestRouteRoundTripRestoresTheTemplate(t *testing.T) {
	orig := `{"aug":{"location":{"name":"file_line","filename":null,"lineno":null,"sha256":null},
 "action":{"name":"script","operations":[{"name":"set","paths":{"store.rookout.frame":"frame.dump()"}}]}},
 "processing":{"operations":[{"name":"webhook","url":"x"},
  {"name":"datadog","api_key":"<YOUR-API-KEY>","metrics":[{"metric":"shop.rate","points":["store.n"],"tags":[],"type":"rate","extra":true}]}]}}
`
	doc, err := template.Parse([]byte(orig))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "hand.json")
	h := newHarness(t, Options{Document: doc, Editing: true, Output: path}, 140, 45)
	h.goTo(stepTarget)
	h.keys("right")
	if got := h.m.s.metrics[0].Type; got != "increment" {
		t.Fatalf("rate on the agent route = %q", got)
	}
	h.mustSee("rate→increment")
	h.keys("left")
	if got := string(h.m.s.doc.Bytes()); got != orig {
		t.Fatalf("round trip changed the template:\n%s", got)
	}
	h.keys("ctrl+s")
	data, err := os.ReadFile(path)
	if err != nil || string(data) != orig {
		t.Fatalf("saved %q (%v)", data, err)
	}
}

func TestSaveAsksWhenTheFileChangedOnDisk(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.json")
	orig := template.Build(template.Presets[0].Spec).Bytes()
	if err := os.WriteFile(path, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	doc, _ := template.Parse(orig)
	h := newHarness(t, Options{Document: doc, Editing: true, Output: path}, 140, 45)
	h.focusField("title")
	h.keys("!")
	other := strings.Replace(string(orig), "#6C4296", "#000000", 1)
	if err := os.WriteFile(path, []byte(other), 0o644); err != nil {
		t.Fatal(err)
	}
	h.keys("ctrl+s")
	h.mustSee("Another program changed the file")
	h.keys("n") // save elsewhere: the name can be edited
	h.mustSee("Save the working file as")
	h.keys("esc")
	if data, _ := os.ReadFile(path); string(data) != other {
		t.Fatal("the other program's change was overwritten without asking")
	}
	h.keys("ctrl+s", "y")
	if data, _ := os.ReadFile(path); !strings.Contains(string(data), "Count method calls!") {
		t.Fatalf("y should save: %s", data)
	}
}

func TestSaveErrorKeepsTheNameForCorrection(t *testing.T) {
	dir := t.TempDir()
	o := presetOptions(t, "method-calls")
	o.Output = filepath.Join(dir, "missing", "x.json")
	h := newHarness(t, o, 140, 45)
	h.keys("ctrl+s")
	h.mustSee("not saved")
	h.mustSee("Save the working file as")
	h.keys("ctrl+u")
	h.keys(filepath.Join(dir, "ok.json"), "enter")
	if _, err := os.Stat(filepath.Join(dir, "ok.json")); err != nil {
		t.Fatalf("not saved after correcting the name: %v\n%s", err, h.screen())
	}
}

func TestAddMetricToATemplateWithoutDatadogOperation(t *testing.T) {
	doc, err := template.Parse([]byte(`{"aug":{"location":{"name":"file_line"},"action":{"name":"script","operations":[]}}}`))
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Document: doc, Editing: true, Output: filepath.Join(t.TempDir(), "x.json")}, 140, 45)
	h.goTo(stepMetrics)
	h.keys("a")
	if len(h.m.s.metrics) != 1 || h.m.s.view.Target() != template.TargetAPI {
		t.Fatalf("a should add a metric on the API route: %s", h.m.s.doc.Bytes())
	}
}

// Saving onto a named pipe or "-" asks for another name at once, before any
// "Replace it?": neither can hold the working file.
func TestSaveRefusesSpecialTargetsUpFront(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for _, tt := range []struct{ path, want string }{
		{fifo, "named pipe (FIFO); the studio"},
		{"-", "standard output on the command line"},
	} {
		o := presetOptions(t, "method-calls")
		o.Output = tt.path
		h := newHarness(t, o, 140, 45)
		h.keys("ctrl+s")
		h.mustSee(tt.want)
		h.mustSee("Save the working file as")
		h.mustNotSee("Replace it")
		h.keys("ctrl+u")
		h.keys(filepath.Join(dir, "ok.json"), "enter")
		if _, err := os.Stat(filepath.Join(dir, "ok.json")); err != nil {
			t.Fatalf("%s: not saved under the name given instead: %v\n%s", tt.path, err, h.screen())
		}
		os.Remove(filepath.Join(dir, "ok.json"))
		if _, err := os.Stat("-"); err == nil {
			t.Fatal(`a file named "-" was written`)
		}
		if st, err := os.Stat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
			t.Fatalf("the named pipe was replaced: %v", err)
		}
	}
}
