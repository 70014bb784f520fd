package tui

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/rk-tui/rk-tui/internal/golden"
	"github.com/rk-tui/rk-tui/template"
	"github.com/tidwall/pretty"
)

// Cycling a DogStatsD metric's type through event takes name and value out
// of the operation (an event has title and text instead), and the way back
// brings them back: nothing typed is dropped, and the file never ships a
// constant 1 the user did not write.
func TestTypeCycleThroughEventKeepsWhatWasTyped(t *testing.T) {
	h := newHarness(t, presetOptions(t, "method-calls"), 140, 45)
	h.nameFirstMetric("checkout.calls")
	h.focusField("value")
	h.clear()
	h.keys("store.rookout.frame.locals.n")
	h.focusField("type")
	path := h.m.s.metrics[0].Path
	for i := range len(template.DogStatsDActions) {
		h.keys("right")
		typ := h.m.s.doc.Get(path + ".action").String()
		if typ == "event" {
			if h.m.s.doc.Get(path+".metric").Exists() || h.m.s.doc.Get(path+".value").Exists() || !h.m.s.doc.Get(path+".title").Exists() {
				t.Fatalf("an event holds %s", h.m.s.doc.Get(path).Raw)
			}
			continue
		}
		if got := h.m.s.doc.Get(path + ".metric").String(); got != "checkout.calls" {
			t.Fatalf("step %d (%s): metric = %q", i, typ, got)
		}
		if got := h.m.s.doc.Get(path + ".value").String(); got != "store.rookout.frame.locals.n" {
			t.Fatalf("step %d (%s): value = %q", i, typ, got)
		}
		fm := activeForm(h.m)
		if fm.byKey("name").value() != "checkout.calls" || fm.byKey("value").value() != "store.rookout.frame.locals.n" {
			t.Fatalf("step %d (%s): the form shows %q %q", i, typ, fm.byKey("name").value(), fm.byKey("value").value())
		}
	}
	if got := h.m.s.doc.Get(path + ".action").String(); got != "increment" {
		t.Fatalf("a full cycle ends on %q", got)
	}
}

// What a switch to event took out comes back on the way back also when the
// metric's form was closed and opened again in between.
func TestTypeCycleThroughEventSurvivesLeavingTheMetric(t *testing.T) {
	h := newHarness(t, presetOptions(t, "method-calls"), 140, 45)
	h.goTo(stepMetrics)
	h.keys("enter")
	path := h.m.s.metrics[0].Path
	name, value := h.m.s.doc.Get(path+".metric").String(), h.m.s.doc.Get(path+".value").Raw
	h.toEvent(path)
	h.keys("esc")
	h.keys("enter")
	h.focusField("type")
	h.keys("left")
	if got := h.m.s.doc.Get(path + ".metric").String(); got != name {
		t.Errorf("metric after the way back: %q, want %q", got, name)
	}
	if got := h.m.s.doc.Get(path + ".value").Raw; got != value {
		t.Errorf("value after the way back: %s, want %s", got, value)
	}
}

// An event's title that the studio made up from the metric's name is not
// something the user typed: after a rename, the next trip through event
// takes the new name, while a title the user typed is kept.
func TestEventTitleFollowsARenameUnlessTyped(t *testing.T) {
	h := newHarness(t, presetOptions(t, "method-calls"), 140, 45)
	h.nameFirstMetric("checkout.calls")
	path := h.m.s.metrics[0].Path
	toEvent := func() { t.Helper(); h.toEvent(path) }
	leaveEvent := func() {
		t.Helper()
		h.focusField("type")
		h.keys("right")
		if h.m.s.doc.Get(path+".action").String() == "event" {
			t.Fatal("still an event")
		}
	}
	toEvent()
	if got := h.m.s.doc.Get(path + ".title").String(); got != "checkout.calls" {
		t.Fatalf("the first title is %q", got)
	}
	leaveEvent()
	h.focusField("name")
	h.clear()
	h.keys("cart.calls")
	toEvent()
	if got := h.m.s.doc.Get(path + ".title").String(); got != "cart.calls" {
		t.Fatalf("after a rename the made-up title is %q, want the new name", got)
	}
	h.focusField("title")
	h.clear()
	h.keys("Cart opened")
	leaveEvent()
	h.focusField("name")
	h.clear()
	h.keys("basket.calls")
	toEvent()
	if got := h.m.s.doc.Get(path + ".title").String(); got != "Cart opened" {
		t.Fatalf("a typed title is %q after a trip through another type", got)
	}
}

// pgup and pgdn scroll the JSON pane, and it stays where it was scrolled
// until the next edit, which brings the edited value back into view.
func TestJSONScrollHoldsUntilTheNextEdit(t *testing.T) {
	h := newHarness(t, presetOptions(t, "exposure-counter"), 140, 45)
	h.focusField("title")
	start := h.m.json.offset
	h.keys("pgdown")
	scrolled := h.m.json.offset
	if scrolled == start {
		t.Fatalf("pgdown did not scroll (offset %d, %d lines, height %d)", start, h.m.json.lineCount(), h.m.json.height)
	}
	for range 3 {
		_ = h.screen()
		h.send(tea.WindowSizeMsg{Width: 140, Height: 45})
	}
	if h.m.json.offset != scrolled {
		t.Fatalf("the pane snapped back: offset %d, want %d", h.m.json.offset, scrolled)
	}
	h.keys("tab", "shift+tab") // moving between fields is no edit
	if h.m.json.offset != scrolled {
		t.Fatalf("a move to another field scrolled the pane: offset %d, want %d", h.m.json.offset, scrolled)
	}
	h.keys("!") // an edit
	if h.m.json.offset == scrolled {
		t.Fatal("an edit should bring the edited value back into view")
	}
	h.mustSee(`"title": "Feature exposure counter!"`)
}

// Typing a character and deleting it again is no change: quitting asks
// nothing and leaves no draft.
func TestTypeAndDeleteIsNoChange(t *testing.T) {
	dir := t.TempDir()
	o := presetOptions(t, "method-calls")
	o.Drafts = NewDrafter(dir, "")
	h := newHarness(t, o, 80, 24)
	h.focusField("title")
	h.keys("x")
	if !h.m.s.dirty() {
		t.Fatal("a typed character is a change")
	}
	if _, err := os.Stat(o.Drafts.Path()); err != nil {
		t.Fatalf("no draft after typing: %v", err)
	}
	h.keys("backspace")
	if h.m.s.dirty() {
		t.Fatal("typing and deleting a character is no change")
	}
	if _, err := os.Stat(o.Drafts.Path()); err == nil {
		t.Fatal("the draft of an unchanged template is still offered")
	}
	h.keys("ctrl+c")
	if !h.quit || h.m.modal != nil {
		t.Fatal("quitting an unchanged template should not ask")
	}
}

// A draft of an edited file that holds exactly what the file holds is not
// offered: there is nothing to resume.
func TestDraftIdenticalToTheFileIsNotOffered(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "t.json")
	doc := template.Build(template.Presets[0].Spec)
	changed := doc.Clone()
	if err := changed.Set("appearance.title", "other"); err != nil {
		t.Fatal(err)
	}
	for _, d := range []*template.Document{doc, changed} {
		old := NewDrafter(dir, path)
		if err := old.write(old.next(), Draft{Version: 2, Text: string(d.Bytes())}); err != nil {
			t.Fatal(err)
		}
	}
	o := Options{Document: doc, Editing: true, Output: path, Drafts: NewDrafter(dir, path)}
	got, err := resumableDrafts(o)
	if err != nil || len(got) != 1 || !strings.Contains(string(got[0].Draft.Bytes()), `"other"`) {
		t.Fatalf("offered %d drafts (%v); want only the one that differs", len(got), err)
	}
}

// Two studios at once each keep their own draft: answering no in one
// leaves the other's work alone, and a session that is gone (kill -9)
// leaves its draft for the next one.
func TestTwoSessionsKeepTheirOwnDrafts(t *testing.T) {
	dir := t.TempDir()
	first := NewDrafter(dir, "")
	if err := first.start(); err != nil {
		t.Fatal(err)
	}
	o := presetOptions(t, "method-calls")
	o.Drafts = first
	h1 := newHarness(t, o, 80, 24)
	h1.focusField("title")
	h1.keys(" one")

	second := NewDrafter(dir, "")
	if err := second.start(); err != nil {
		t.Fatal(err)
	}
	if others, err := second.Others(); err != nil || len(others) != 0 {
		t.Fatalf("a running session's draft is offered to another: %v %v", others, err)
	}
	o2 := presetOptions(t, "method-calls")
	o2.Drafts = second
	h2 := newHarness(t, o2, 80, 24)
	h2.focusField("title")
	h2.keys(" two")
	if first.Path() == second.Path() {
		t.Fatal("two sessions share a draft file")
	}
	h2.keys("ctrl+c", "y") // quit the second with its draft kept
	second.close()

	first.close() // as if the first session were killed
	third := NewDrafter(dir, "")
	if err := third.start(); err != nil {
		t.Fatal(err)
	}
	others, err := third.Others()
	if err != nil || len(others) != 2 {
		t.Fatalf("drafts offered to a new session: %d (%v), want both", len(others), err)
	}
	o3 := presetOptions(t, "method-calls")
	o3.Drafts = third
	h3 := newHarness(t, o3, 80, 24)
	h3.m.openModal(resumeModal(others, testNow))
	h3.mustSee("Resume one of 2 unsaved drafts?")
	h3.keys("n") // not now: both stay
	h3.mustSee("the 2 drafts are kept")
	for _, d := range others {
		if _, err := os.Stat(d.Path); err != nil {
			t.Fatalf("not now removed %s", d.Path)
		}
	}
	h3.m.openModal(resumeModal(others, testNow))
	gone := h3.m.modal.drafts[0].Path
	h3.keys("x") // discard the chosen one; the other stays listed
	h3.mustSee("Resume your unsaved draft?")
	if _, err := os.Stat(gone); err == nil {
		t.Fatal("x did not discard the draft")
	}
	h3.mustSee("draft discarded")
	h3.keys("n") // the status says what became of the one left
	h3.mustNotSee("draft discarded")
	h3.mustSee("the draft is kept")
	left := slices.DeleteFunc(slices.Clone(others), func(d DraftInfo) bool { return d.Path == gone })
	h3.m.openModal(resumeModal(left, testNow))
	h3.keys("enter")
	if got := h3.m.s.view.Appearance.Title; got != "Count method calls one" && got != "Count method calls two" {
		t.Fatalf("resumed %q", got)
	}
}

// ? types a question mark in a text field (help is f1 there); elsewhere it
// shows every key.
func TestQuestionMarkTypesInTextFields(t *testing.T) {
	h := newHarness(t, presetOptions(t, "method-calls"), 80, 24)
	h.mustSee("? keys")
	h.focusField("title")
	h.mustSee("f1 keys")
	h.keys("?")
	if h.m.showHelp || !strings.HasSuffix(h.m.s.view.Appearance.Title, "?") {
		t.Fatalf("? in the title: help %v, title %q", h.m.showHelp, h.m.s.view.Appearance.Title)
	}
	h.keys("f1")
	h.mustSee("Everywhere")
	h.mustSee("ctrl+n/ctrl+→")
	h.mustSee("ctrl+u")
	h.keys("f1")
	h.mustNotSee("Everywhere")
}

// Control characters from a template never reach the terminal: titles,
// names, tags and values show them escaped.
func TestControlCharactersAreShownEscaped(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "hostile", "control-chars.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := template.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Document: doc, Editing: true, Output: filepath.Join(t.TempDir(), "x.json")}, 140, 45)
	for _, at := range []step{stepStart, stepMetrics, stepReview} {
		h.goTo(at)
		if at == stepMetrics {
			h.keys("enter")
		}
		raw := h.m.View().Content
		for _, bad := range []string{"\x1b]52", "\x1b[31mred", "\x1b]0;pwned", "\u009b"} {
			if strings.Contains(raw, bad) {
				t.Fatalf("step %s sends %q to the terminal", stepNames[at], bad)
			}
		}
	}
	h.goTo(stepStart)
	h.mustSee(`Exposure \x1b[31mred\x1b[0m`)
}

// With two api_key keys in one operation (placeholder first, a literal key
// second), neither the JSON pane nor the draft shows the key.
func TestEveryAPIKeyIsMasked(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "hostile", "two-api-keys.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := template.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	o := Options{Document: doc, Editing: true, Output: filepath.Join(dir, "t.json"), Drafts: NewDrafter(dir, filepath.Join(dir, "t.json"))}
	h := newHarness(t, o, 140, 45)
	h.focusField("title")
	h.keys("!")
	const key = "0123456789abcdef0123456789abcdef"
	draft, _ := os.ReadFile(o.Drafts.Path())
	if len(draft) == 0 || strings.Contains(string(draft), key[:20]) {
		t.Fatalf("the draft holds the key or is missing: %q", draft)
	}
	if strings.Contains(string(h.m.json.text), key[:20]) || strings.Contains(h.screen(), key[:20]) {
		t.Fatal("the JSON pane shows the key")
	}
}

// Resuming a draft gives each operation its own key back: two operations
// with two keys and one with an environment reference keep all three, and
// no key is copied into an operation that did not hold it.
func TestResumeGivesEachOperationItsOwnKey(t *testing.T) {
	const k1, k2, env = "0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210", "${DD_API_KEY}"
	src := template.Build(template.Presets[1].Spec) // the API route: one datadog operation
	op := src.Get("processing.operations.0").Raw
	ops := "[" + op + "," + op + "," + op + "]"
	if err := src.SetRaw("processing.operations", []byte(ops)); err != nil {
		t.Fatal(err)
	}
	for i, k := range []string{k1, k2, env} {
		if err := src.Set("processing.operations."+strconv.Itoa(i)+".api_key", k); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "t.json")
	if err := os.WriteFile(path, src.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	open := func() *harness {
		o := Options{Document: src, Editing: true, Output: path, Drafts: NewDrafter(dir, path)}
		return newHarness(t, o, 140, 45)
	}
	h := open()
	h.focusField("title")
	h.keys("!")
	draft, err := os.ReadFile(h.m.opts.Drafts.Path())
	if err != nil || strings.Contains(string(draft), k1[:12]) || strings.Contains(string(draft), k2[:12]) {
		t.Fatalf("the draft holds a key or is missing (%v)", err)
	}
	h.m.drafts.close() // as if killed

	h2 := open()
	others, err := h2.m.opts.Drafts.Others()
	if err != nil || len(others) != 1 {
		t.Fatalf("drafts offered: %d, %v", len(others), err)
	}
	h2.m.openModal(resumeModal(others, testNow))
	h2.keys("y")
	if !strings.HasSuffix(h2.m.s.view.Appearance.Title, "!") {
		t.Fatalf("not resumed: title %q", h2.m.s.view.Appearance.Title)
	}
	for i, want := range []string{k1, k2, env} {
		if got := h2.m.s.doc.Get("processing.operations." + strconv.Itoa(i) + ".api_key").String(); got != want {
			t.Errorf("operation %d has key %q after resume, want %q", i, template.MaskKey(got), template.MaskKey(want))
		}
	}
}

// Resuming a draft and saving writes the exact bytes, as a normal save
// does: not minified, no &<> escaped.
func TestResumedDraftSavesTheExactBytes(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "hand.json")
	orig := "{\"appearance\": {\"title\": \"A & B <c>\"},\n  \"processing\": {\"operations\": []}}\n"
	if err := os.WriteFile(path, []byte(orig), 0o644); err != nil {
		t.Fatal(err)
	}
	doc := template.MustParse([]byte(orig))
	o := Options{Document: doc, Editing: true, Output: path, Drafts: NewDrafter(dir, path)}
	h := newHarness(t, o, 140, 45)
	h.focusField("title")
	h.keys("!")
	h.m.drafts.close()

	o2 := Options{Document: template.MustParse([]byte(orig)), Editing: true, Output: path, Drafts: NewDrafter(dir, path)}
	others, err := o2.Drafts.Others()
	if err != nil || len(others) != 1 {
		t.Fatalf("drafts %v %v", others, err)
	}
	h2 := newHarness(t, o2, 140, 45)
	h2.m.openModal(resumeModal(others, testNow))
	h2.keys("y", "ctrl+s")
	got, _ := os.ReadFile(path)
	if want := strings.Replace(orig, "<c>", "<c>!", 1); string(got) != want {
		t.Fatalf("saved %q\nwant  %q", got, want)
	}
}

// When the draft cannot be written (a full disk, a read-only directory),
// the studio says so, and the quit question does not claim it is kept.
func TestDraftFailureIsTold(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "not-a-dir")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	o := presetOptions(t, "method-calls")
	o.Drafts = NewDrafter(blocker, "") // drafts cannot be written under a file
	h := newHarness(t, o, 140, 45)
	h.focusField("title")
	h.keys("!")
	h.mustSee("draft not saved")
	h.keys("ctrl+c")
	h.mustSee("The draft could not be written")
	h.mustNotSee("Your draft is kept")
	h.keys("y")
	if r := h.m.Result(); !r.Unsaved || r.DraftKept || !strings.Contains(r.summary(), "lost") {
		t.Fatalf("result %+v: %s", r, r.summary())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("files left behind: %v", entries)
	}
}

// A signal (SIGTERM, SIGHUP) ends the studio with the draft written, and
// the result names the signal.
func TestSignalSavesTheDraftAndQuits(t *testing.T) {
	dir := t.TempDir()
	o := presetOptions(t, "method-calls")
	o.Drafts = NewDrafter(dir, "")
	h := newHarness(t, o, 80, 24)
	h.focusField("title")
	h.keys(" before the kill")
	h.send(signalMsg{sig: sigterm})
	if !h.quit {
		t.Fatal("the studio did not end on SIGTERM")
	}
	r := h.m.Result()
	if r.Signal != 15 || !r.Unsaved || !r.DraftKept {
		t.Fatalf("result %+v", r)
	}
	d, err := LoadDraft(r.DraftPath)
	if err != nil || !strings.Contains(string(d.Bytes()), "before the kill") {
		t.Fatalf("draft %v: %s", err, d.Bytes())
	}
}

var _ tea.Msg = signalMsg{}

var sigterm = syscall.SIGTERM

// panicPage is a step with a bug.
type panicPage struct{ reviewPage }

func (*panicPage) update(tea.Msg) tea.Cmd { panic("a bug in a step") }

// A bug in a handler is caught: the studio goes on, says so, and records
// it, so the test harness (which fails on any recorded panic) can see it.
func TestAPanicIsCaughtAndRecorded(t *testing.T) {
	m := newModel(t.Context(), presetOptions(t, "method-calls"))
	m.pages[stepReview] = &panicPage{reviewPage{c: m.c, s: m.s}}
	m.goStep(stepReview)
	m.Update(tea.KeyPressMsg{Code: 'x', Text: "x"})
	if len(m.panics) != 1 || !strings.Contains(m.status, "internal error, your work is safe") {
		t.Fatalf("panics %d, status %q", len(m.panics), m.status)
	}
	if !strings.Contains(m.View().Content, "Review") {
		t.Fatal("the studio does not go on after a bug")
	}
}

// Drafts written by earlier versions (the document as a JSON value, or as
// a JSON string) are still offered and read.
func TestEarlierDraftFormatsAreRead(t *testing.T) {
	dir := t.TempDir()
	doc := `{"appearance":{"title":"old draft"},"processing":{"operations":[]}}`
	v1 := `{"version":1,"saved_at":"2026-11-20T10:00:00Z","step":1,"document":` + doc + `}`
	v2 := `{"version":2,"saved_at":"2026-11-21T10:00:00Z","step":1,"text":` + strconvQuote(doc) + `}`
	if err := os.WriteFile(filepath.Join(dir, "draft-new.json"), []byte(v1), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "new-20261121-100000-1.json"), []byte(v2), 0o600); err != nil {
		t.Fatal(err)
	}
	others, err := NewDrafter(dir, "").Others()
	if err != nil || len(others) != 2 {
		t.Fatalf("drafts %v %v", others, err)
	}
	for _, d := range others {
		if d.Title != "old draft" {
			t.Errorf("%s: title %q", d.Path, d.Title)
		}
	}
}

func strconvQuote(s string) string { b, _ := json.Marshal(s); return string(b) }

// A bad cost setting is an error as validate reports it: the header counts
// it, the review lists it, and the field shows it once.
func TestBadCostSettingIsAFinding(t *testing.T) {
	h := newHarness(t, presetOptions(t, "exposure-counter"), 140, 45)
	h.goTo(stepCost)
	h.focusField("hosts")
	h.keys("12x")
	if h.m.s.errors != 1 {
		t.Fatalf("%d errors, want the cost setting's 1", h.m.s.errors)
	}
	h.mustSee("✗ 1 error")
	if n := strings.Count(h.screen(), `x-rk-tui.profile.hosts is "12x"`) + strings.Count(h.screen(), `profile.hosts is "12x"`); n == 0 {
		t.Errorf("the field does not say what is wrong:\n%s", h.screen())
	}
	h.goTo(stepReview)
	h.mustSee("cost-setting")
}

// What is typed into a number field is written as typed: a JSON number
// keeps its text (1e29 is not expanded, a uint64 loses no digit), and text
// Go would read as a number but JSON cannot hold (NaN, Inf, hex) is written
// as a string that the profile's check reports. The file is always JSON.
func TestTypedNumbersAreWrittenAsTyped(t *testing.T) {
	for typed, want := range map[string]string{
		"1e29":                 `1e29`,
		"18446744073709551615": `18446744073709551615`,
		"3":                    `3`,
		"2.50":                 `2.50`,
		"nan":                  `"nan"`,
		"Inf":                  `"Inf"`,
		"-infinity":            `"-infinity"`,
		"0x10":                 `"0x10"`,
		"+5":                   `"+5"`,
	} {
		h := newHarness(t, presetOptions(t, "exposure-counter"), 140, 45)
		h.goTo(stepCost)
		for _, field := range []string{"hosts", "existing"} {
			h.focusField(field)
			h.clear()
			h.keys(typed)
			if !json.Valid(h.m.s.doc.Bytes()) {
				t.Fatalf("%s %q: the document is not JSON:\n%s", field, typed, h.m.s.doc.Bytes())
			}
			if got := h.m.s.doc.Get("x-rk-tui.profile." + field).Raw; got != want {
				t.Errorf("%s %q is written as %s, want %s", field, typed, got, want)
			}
		}
	}
}

// A long value from the file (a tag list of 1,000 characters, a name of
// 10,000) is edited whole: one backspace takes one character, not all but
// the first 512.
func TestLongValuesAreEditedWhole(t *testing.T) {
	src := template.Build(template.Presets[1].Spec)
	var tags []string
	for i := range 40 {
		tags = append(tags, fmt.Sprintf("team_%02d:service_value_%02d", i, i))
	}
	if err := src.Set("processing.operations.0.metrics.0.tags", tags); err != nil {
		t.Fatal(err)
	}
	name := "app." + strings.Repeat("n", 10_000)
	if err := src.Set("processing.operations.0.metrics.0.metric", name); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Document: src, Editing: true}, 140, 45)
	h.goTo(stepMetrics)
	h.keys("enter")
	h.focusField("tags")
	h.keys("end", "backspace")
	got := h.m.s.doc.Get("processing.operations.0.metrics.0.tags").Array()
	if len(got) != 40 || got[39].String() != "team_39:service_value_3" {
		t.Fatalf("after one backspace the tags are %d, the last %q", len(got), got[len(got)-1].String())
	}
	h.focusField("name")
	h.keys("end", "backspace")
	if got := h.m.s.doc.Get("processing.operations.0.metrics.0.metric").String(); got != name[:len(name)-1] {
		t.Fatalf("after one backspace the name has %d characters, want %d", len(got), len(name)-1)
	}
	// The delete question stays on the screen, with its keys.
	h.keys("esc", "x")
	screen := h.screen()
	lines := strings.Split(screen, "\n")
	if len(lines) > 45 || !strings.Contains(strings.Join(lines[:min(45, len(lines))], "\n"), "y delete · n/esc keep it") {
		t.Fatalf("the delete question's keys are not on the 45-line screen (%d lines)", len(lines))
	}
}

// A value read with control characters is shown escaped (\x0a), and editing
// it, or a field written together with it, keeps the characters: the file
// never gets the escape's text instead.
func TestEditingKeepsControlCharacters(t *testing.T) {
	p, err := template.PresetByName("method-calls") // DogStatsD
	if err != nil {
		t.Fatal(err)
	}
	src := template.Build(p.Spec)
	m := template.Read(src).Metrics()[0]
	const text = "Order failed.\nSee logs:\n\tstep 2"
	if err := src.EditMetric(m, func(obj *template.Document) error {
		if err := template.SetType(true, "event")(obj); err != nil {
			return err
		}
		return template.SetEventText("Checkout failed", text)(obj)
	}); err != nil {
		t.Fatal(err)
	}
	const file = "src/my\tfile.py"
	if err := src.Set("aug.location.filename", file); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Document: src, Editing: true}, 140, 45)
	h.goTo(stepMetrics)
	h.keys("enter")
	h.mustSee(`Order failed.\x0aSee logs:\x0a\x09step 2`)
	h.focusField("title")
	h.keys("!")
	path := template.Read(h.m.s.doc).Metrics()[0].Path
	if got := h.m.s.doc.Get(path + ".text").String(); got != text {
		t.Fatalf("editing the title wrote the text as %q", got)
	}
	h.focusField("text")
	h.keys("end", "x")
	if got := h.m.s.doc.Get(path + ".text").String(); got != text+"x" {
		t.Fatalf("editing the text wrote %q", got)
	}
	h.goTo(stepBreakpoint)
	h.focusField("lineno")
	h.keys("end", "3")
	if got := h.m.s.doc.Get("aug.location.filename").String(); got != file {
		t.Fatalf("editing the line wrote the file name as %q", got)
	}
	// Letters that read like an escape beside a real newline stay letters.
	const letters = "line1\nuse \\x1b[31m for red, C:\\path"
	if err := h.m.s.doc.EditMetric(template.Read(h.m.s.doc).Metrics()[0], template.SetEventText("T", letters)); err != nil {
		t.Fatal(err)
	}
	h.m.s.replace(h.m.s.doc)
	h.goTo(stepMetrics)
	h.keys("enter")
	h.focusField("title")
	h.keys("!")
	if got := h.m.s.doc.Get(path + ".text").String(); got != letters {
		t.Fatalf("editing the title wrote the text as %q, want %q", got, letters)
	}
	// A paste of a control character into a field that holds a backslash
	// keeps the backslash as it is.
	h.focusField("title")
	h.clear()
	h.keys(`a\x41`)
	h.send(tea.PasteMsg{Content: "\u202e" + `\x1b`})
	if got := h.m.s.doc.Get(path + ".title").String(); got != `a\x41`+"\u202e"+`\x1b` {
		t.Fatalf("the title after a paste is %q", got)
	}
	if strings.Contains(h.screen(), "\t") || strings.Contains(h.screen(), "\x1b") {
		t.Fatal("a control character reached the screen")
	}
}

// Renaming a metric through another metric's name ("app.x" to "appy" by way
// of "app") leaves that metric's tool data alone and brings this one's
// along; an unnamed metric's unit is refused, not written into the map of
// all metrics as a metric called "unit".
func TestRenameThroughAnotherNameAndUnnamedToolData(t *testing.T) {
	src := template.Build(template.Presets[1].Spec) // the API route
	m := template.Read(src).Metrics()[0]
	list := strings.TrimSuffix(m.Path, ".0")
	one := `{"metric": "app.x", "points": ["store.x"], "tags": [], "type": "gauge"}`
	two := `{"metric": "app", "points": ["store.y"], "tags": [], "type": "gauge"}`
	three := `{"metric": "", "points": ["store.z"], "tags": [], "type": "gauge"}`
	if err := src.SetRaw(list, []byte("["+one+","+two+","+three+"]")); err != nil {
		t.Fatal(err)
	}
	if err := src.SetRaw("x-rk-tui.metrics", []byte(`{"app.x": {"unit": "byte", "description": "metric one"}, "app": {"unit": "second", "description": "metric two"}}`)); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Document: src, Editing: true}, 140, 45)
	h.goTo(stepMetrics)
	h.keys("enter")
	h.focusField("name")
	h.keys("end", "backspace", "backspace", "y")
	if got := h.m.s.doc.Get(template.MetaPath("appy")).Get("description").String(); got != "metric one" {
		t.Errorf("appy has %q, want its own data:\n%s", got, h.m.s.doc.Get("x-rk-tui.metrics").Raw)
	}
	if got := h.m.s.doc.Get(template.MetaPath("app")).Get("description").String(); got != "metric two" {
		t.Errorf("app has %q, want its own data kept:\n%s", got, h.m.s.doc.Get("x-rk-tui.metrics").Raw)
	}
	if h.m.s.doc.Get(template.MetaPath("app.")).Exists() {
		t.Errorf("data was left under a name passed through:\n%s", h.m.s.doc.Get("x-rk-tui.metrics").Raw)
	}

	h.keys("esc")
	h.keys("down", "down", "enter")
	h.focusField("unit")
	before := h.m.s.doc.Get("x-rk-tui.metrics").Raw
	h.keys("b")
	if got := h.m.s.doc.Get("x-rk-tui.metrics").Raw; got != before {
		t.Fatalf("an unnamed metric's unit was written into the map:\n%s", got)
	}
	h.mustSee("name the metric first")
}

// The target step edits the agent it shows: the operations that send
// there. An operation written by hand with an agent of its own keeps its
// host and port, and the step says it is there.
func TestAgentEditLeavesAnotherAgentAlone(t *testing.T) {
	src := template.Build(template.Spec{Target: template.TargetDogStatsD, Metrics: []template.MetricSpec{
		{Name: "a.one", Type: "gauge", Value: "store.x"}, {Name: "a.two", Type: "gauge", Value: "store.y"}, {Name: "a.three", Type: "gauge", Value: "store.z"}}})
	if err := src.Set("processing.operations.2.target", map[string]any{"host": "otherhost", "port": 9125}); err != nil {
		t.Fatal(err)
	}
	ms := template.Read(src).Metrics()
	if ms[1].Op.DogStatsD.Host != "otherhost" && ms[2].Op.DogStatsD.Host != "otherhost" {
		t.Fatalf("fixture: %s", src.Get("processing.operations").Raw)
	}
	h := newHarness(t, Options{Document: src, Editing: true}, 140, 45)
	h.goTo(stepTarget)
	h.mustSee("1 DogStatsD operation sends to another agent")
	h.mustSee("(otherhost:9125)")
	h.focusField("host")
	h.keys("end", "2")
	var hosts []string
	for _, m := range template.Read(h.m.s.doc).Metrics() {
		hosts = append(hosts, fmt.Sprintf("%s:%d", m.Op.DogStatsD.Host, m.Op.DogStatsD.Port))
	}
	if strings.Join(hosts, " ") != "localhost2:8125 localhost2:8125 otherhost:9125" && strings.Join(hosts, " ") != "localhost2:8125 otherhost:9125 localhost2:8125" {
		t.Fatalf("targets after the edit: %v", hosts)
	}

	// Typing through another agent's address does not take it along.
	two := template.Build(template.Spec{Target: template.TargetDogStatsD, Host: "agent-a", Metrics: []template.MetricSpec{
		{Name: "a.one", Type: "gauge", Value: "store.x"}, {Name: "a.two", Type: "gauge", Value: "store.y"}}})
	if err := two.Set("processing.operations.1.target.host", "agent"); err != nil {
		t.Fatal(err)
	}
	h = newHarness(t, Options{Document: two, Editing: true}, 140, 45)
	h.goTo(stepTarget)
	h.focusField("host")
	h.keys("end", "backspace", "backspace", "-", "b")
	ms = template.Read(h.m.s.doc).Metrics()
	if ms[0].Op.DogStatsD.Host != "agent-b" || ms[1].Op.DogStatsD.Host != "agent" {
		t.Fatalf("hosts after typing through the other agent's: %q, %q", ms[0].Op.DogStatsD.Host, ms[1].Op.DogStatsD.Host)
	}
}

// Editing the file of the breakpoint leaves its line as written, and the
// line shows as written (1e2, not 100).
func TestEditingTheFileLeavesTheLine(t *testing.T) {
	src := template.Build(template.Presets[1].Spec)
	if err := src.SetRaw("aug.location.lineno", []byte("1e2")); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Document: src, Editing: true}, 140, 45)
	h.goTo(stepBreakpoint)
	h.focusField("filename")
	h.keys("x")
	if got := h.m.s.doc.Get("aug.location.lineno").Raw; got != "1e2" {
		t.Fatalf("editing the file wrote the line as %s", got)
	}
	if got := activeForm(h.m).byKey("lineno").value(); got != "1e2" {
		t.Fatalf("the line shows %q", got)
	}
	h.focusField("lineno")
	h.keys("end", "backspace", "backspace", "backspace", "4", "2")
	if got := h.m.s.doc.Get("aug.location.lineno").Raw; got != "42" {
		t.Fatalf("the line typed is written as %s", got)
	}
	h.focusField("globalHitLimit")
	h.clear()
	h.keys("1e3")
	if got := h.m.s.doc.Get("aug.globalHitLimit").Raw; got != "1e3" {
		t.Fatalf("the hit limit typed is written as %s", got)
	}
	// A number too large for a float shows as written, not as +Inf.
	name := template.Read(h.m.s.doc).Metrics()[0].Name
	if err := h.m.s.doc.SetRaw(template.MetaPath(name)+".interval", []byte("1e400")); err != nil {
		t.Fatal(err)
	}
	h.m.s.replace(h.m.s.doc)
	h.goTo(stepMetrics)
	h.keys("enter")
	if got := activeForm(h.m).byKey("interval").value(); got != "1e400" {
		t.Fatalf("the interval shows %q", got)
	}
}

// A word longer than the field's message column (a long number) is cut, and
// every piece stays under the field's text instead of starting at the edge
// of the screen.
func TestLongWordInAFieldMessageStaysInItsColumn(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {100, 30}, {160, 48}} {
		h := newHarness(t, presetOptions(t, "exposure-counter"), size[0], size[1])
		h.goTo(stepCost)
		h.focusField("hosts")
		h.keys("1e29")
		screen := h.screen()
		if !strings.Contains(screen, "profile.hosts is") {
			t.Fatalf("%dx%d: the message is not shown:\n%s", size[0], size[1], screen)
		}
		lines := strings.Split(screen, "\n")
		for i, line := range lines[3:min(len(lines), size[1]-4)] {
			left, _, _ := strings.Cut(line, "│")
			if left != "" && !strings.HasPrefix(left, "  ") && !strings.HasPrefix(left, "▸ ") {
				t.Fatalf("%dx%d: line %d leaves the form's columns: %q\n%s", size[0], size[1], i+4, line, screen)
			}
		}
	}
}

// Clearing a field and typing it again changes only the value in a file the
// tool did not write: the key stays where it stood, laid out as it was,
// also when the clear dropped the object that held it.
func TestClearAndRetypeKeepsTheFileLayout(t *testing.T) {
	preset, err := template.PresetByName("exposure-counter")
	if err != nil {
		t.Fatal(err)
	}
	built := template.Build(preset.Spec)
	name := template.Read(built).Metrics()[0].Name
	stripped, err := template.Export(built, template.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	base := strings.TrimSpace(string(stripped))
	fourSpace := strings.Replace(string(pretty.PrettyOptions([]byte(base), &pretty.Options{Indent: "    ", Width: 80})), "\n}", `,
    "x-rk-tui": {
        "profile": {
            "hosts": 3,
            "plan": "pro",
            "tag_values": {
                "environment": 2,
                "region": 4
            },
            "mine": true
        },
        "metrics": {
            "`+name+`": {"unit": "call", "description": "d"}
        }
    }
}`, 1)
	compact := strings.Replace(base, "\n}", `,"x-rk-tui": {"profile": {"hosts": 4}, "mine": true}}`, 1)
	// The metric's only tool data, in the only entry, before the profile:
	// the clear takes the entry and x-rk-tui.metrics with it.
	metricsFirst := strings.Replace(base, "\n}", `,
  "x-rk-tui": {
    "metrics": {
      "`+name+`": {
        "unit": "call"
      }
    },
    "profile": {
      "hosts": 3
    }
  }
}`, 1)
	for _, tt := range []struct {
		name, file string
		goTo       func(h *harness)
		from, to   string
	}{
		{"four spaces, hosts", fourSpace, func(h *harness) { h.goTo(stepCost); h.focusField("hosts") }, `"hosts": 3`, `"hosts": 5`},
		{"four spaces, a tag key's values", fourSpace, func(h *harness) { h.goTo(stepCost); h.focusField("tag:environment") }, `"environment": 2`, `"environment": 5`},
		{"a one-key profile", compact, func(h *harness) { h.goTo(stepCost); h.focusField("hosts") }, `"hosts": 4`, `"hosts":5`},
		{"a metric's unit", fourSpace, func(h *harness) {
			h.goTo(stepMetrics)
			h.keys("enter")
			h.focusField("unit")
		}, `"unit": "call"`, `"unit": "5"`},
		{"the last tool data comes back before the profile", metricsFirst, func(h *harness) {
			h.goTo(stepMetrics)
			h.keys("enter")
			h.focusField("unit")
		}, `"unit": "call"`, `"unit": "5"`},
		{"four spaces, an emptied profile comes back in place", strings.Replace(fourSpace, `"hosts": 3,
            "plan": "pro",
            "tag_values": {
                "environment": 2,
                "region": 4
            },
            "mine": true`, `"hosts": 3`, 1), func(h *harness) { h.goTo(stepCost); h.focusField("hosts") }, `"hosts": 3`, `"hosts": 5`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := template.Parse([]byte(tt.file))
			if err != nil {
				t.Fatal(err)
			}
			h := newHarness(t, Options{Document: doc, Editing: true}, 140, 45)
			tt.goTo(h)
			h.keys("end", "ctrl+u")
			h.keys("5")
			want := strings.Replace(tt.file, tt.from, tt.to, 1)
			if got := string(h.m.s.doc.Bytes()); got != want {
				t.Errorf("the file changed beyond the value:\n%s", golden.Diff([]byte(want), []byte(got)))
			}
		})
	}
}

// Two fields cleared and typed again, in either order, come back in the
// order the file had.
func TestTwoClearedFieldsKeepTheirOrder(t *testing.T) {
	preset, err := template.PresetByName("gauge-variable")
	if err != nil {
		t.Fatal(err)
	}
	stripped, err := template.Export(template.Build(preset.Spec), template.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	file := strings.Replace(strings.TrimSpace(string(stripped)), "\n}", `,
  "x-rk-tui": {"profile": {"hosts": 3, "existing": 7, "mine": true}}
}`, 1)
	for _, order := range [][2]string{{"hosts", "existing"}, {"existing", "hosts"}} {
		doc, err := template.Parse([]byte(file))
		if err != nil {
			t.Fatal(err)
		}
		h := newHarness(t, Options{Document: doc, Editing: true}, 140, 45)
		h.goTo(stepCost)
		h.focusField("hosts")
		h.keys("end", "ctrl+u")
		h.focusField("existing")
		h.keys("end", "ctrl+u")
		values := map[string]string{"hosts": "3", "existing": "7"}
		for _, f := range order {
			h.focusField(f)
			h.keys(values[f])
		}
		if got := string(h.m.s.doc.Bytes()); got != file {
			t.Errorf("typed again as %v:\n%s", order, golden.Diff([]byte(file), []byte(got)))
		}
	}
}

// "nand" or "infw" is no number of days or weeks: it is refused, not turned
// into a time no one typed.
func TestDisableAfterRefusesNaNAndInf(t *testing.T) {
	for _, v := range []string{"nand", "NaNw", "infd", "+Infw", "-1d", "0d", "3651d", "xd"} {
		if got, err := parseDisableAfter(v, testNow); err == nil {
			t.Errorf("parseDisableAfter(%q) = %v, want an error", v, got)
		}
	}
	if got, err := parseDisableAfter("2d", testNow); err != nil || !got.Equal(testNow.Add(48*time.Hour).UTC().Truncate(time.Second)) {
		t.Errorf("2d = %v, %v", got, err)
	}
}

// Editing one tag leaves the others as the file has them, also those the
// field cannot show one to one (a comma inside, spaces around, empty); the
// list always means what was typed.
func TestMergeTagsKeepsTagsNotEdited(t *testing.T) {
	old := []string{"region:us,eu", " env:prod ", "", "team:x"}
	typed := strings.Join(old, ", ") + "y"
	if got, want := mergeTags(old, typed), []string{"region:us,eu", " env:prod ", "", "team:xy"}; !slices.Equal(got, want) {
		t.Fatalf("mergeTags = %q, want %q", got, want)
	}
	// Removing an empty tag, or the spaces around one, is an edit too.
	for _, tt := range []struct {
		old   []string
		typed string
		want  []string
	}{
		{[]string{"a", "", "b"}, "a, b", []string{"a", "b"}},
		{[]string{" a", "b"}, "a, b", []string{"a", "b"}},
		{[]string{"a", "b "}, "a, b", []string{"a", "b"}},
		{[]string{"x,y", "a", ""}, "x,y, a", []string{"x,y", "a"}},
		{nil, "a, b", []string{"a", "b"}},
		{[]string{"a"}, "", nil},
	} {
		if got := mergeTags(tt.old, tt.typed); !slices.Equal(got, tt.want) {
			t.Errorf("mergeTags(%q, %q) = %q, want %q", tt.old, tt.typed, got, tt.want)
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	pick := []string{"a:1", "b:2", "c", " d:4 ", "", "e:5,f:6", "g"}
	for range 3000 {
		old := make([]string, r.IntN(5))
		for i := range old {
			old[i] = pick[r.IntN(len(pick))]
		}
		if got := mergeTags(old, strings.Join(old, ", ")); !slices.Equal(got, old) {
			t.Fatalf("no edit changed %q into %q", old, got)
		}
		parts := splitTags(strings.Join(old, ","))
		switch k := r.IntN(3); {
		case k == 0 && len(parts) > 0:
			at := r.IntN(len(parts))
			parts = slices.Delete(parts, at, at+1)
		case k == 1:
			parts = slices.Insert(parts, r.IntN(len(parts)+1), "n:"+strconv.Itoa(r.IntN(9)))
		case len(parts) > 0:
			parts[r.IntN(len(parts))] += "x"
		}
		typed := strings.Join(parts, ", ")
		if r.IntN(2) == 0 { // or an edit of the text as shown: a cut or an insert anywhere
			typed = strings.Join(old, ", ")
			at := r.IntN(len(typed) + 1)
			if n := r.IntN(4); r.IntN(2) == 0 && at+n <= len(typed) {
				typed = typed[:at] + typed[at+n:]
			} else {
				typed = typed[:at] + []string{",", " ", "z", ", "}[n] + typed[at:]
			}
		}
		got := mergeTags(old, typed)
		if !slices.Equal(splitTags(strings.Join(got, ",")), splitTags(typed)) {
			t.Fatalf("mergeTags(%q, %q) = %q, which does not mean what was typed", old, typed, got)
		}
	}
}

func TestEditingATagLeavesTheOthersInTheFile(t *testing.T) {
	src := template.Build(template.Presets[1].Spec)
	if err := src.SetRaw("processing.operations.0.metrics.0.tags", []byte(`["region:us,eu", " env:prod ", "", "team:x"]`)); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Document: src, Editing: true}, 140, 45)
	h.goTo(stepMetrics)
	h.keys("enter")
	h.focusField("tags")
	h.keys("end", "y")
	if got := h.m.s.doc.Get("processing.operations.0.metrics.0.tags").Raw; got != `["region:us,eu", " env:prod ", "", "team:xy"]` {
		t.Fatalf("tags after typing y: %s", got)
	}
}

// A pasted bidi override or C1 control is shown escaped and never drawn
// (it would reorder the line on the screen); the document gets the
// character itself.
func TestPastedControlsAreShownEscaped(t *testing.T) {
	h := newHarness(t, presetOptions(t, "method-calls"), 140, 45)
	h.focusField("title")
	h.clear()
	h.send(tea.PasteMsg{Content: "Checkout \u202eliated\u009b done"})
	if got := h.m.s.view.Appearance.Title; got != "Checkout \u202eliated\u009b done" {
		t.Fatalf("title %q", got)
	}
	screen := h.m.View().Content
	if strings.ContainsAny(screen, "\u202e\u009b") {
		t.Fatal("a pasted control character reached the screen")
	}
	h.mustSee(`Checkout \u202eliated\u009b done`)
}

// A plan the file holds that is neither pro nor enterprise is shown as it
// is, with its finding, not as pro.
func TestUnknownPlanIsShownAsItIs(t *testing.T) {
	src := template.Build(template.Presets[1].Spec)
	if err := src.Set("x-rk-tui.profile.plan", "platinum"); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, Options{Document: src, Editing: true}, 140, 45)
	h.goTo(stepCost)
	if got := activeForm(h.m).byKey("plan").value(); got != "platinum" {
		t.Fatalf("the plan shows %q", got)
	}
	h.mustSee("platinum")
	if h.m.s.errors == 0 {
		t.Error("an unknown plan is no finding")
	}
}

// toEvent cycles the focused metric's DogStatsD type (at path) right until
// it is event.
func (h *harness) toEvent(path string) {
	h.t.Helper()
	h.focusField("type")
	for range len(template.DogStatsDActions) {
		if h.m.s.doc.Get(path+".action").String() == "event" {
			return
		}
		h.keys("right")
	}
	h.t.Fatal("no event among the types")
}

// nameFirstMetric opens the first metric and types its name over the old.
func (h *harness) nameFirstMetric(name string) {
	h.t.Helper()
	h.goTo(stepMetrics)
	h.keys("enter")
	h.focusField("name")
	h.clear()
	h.keys(name)
}
