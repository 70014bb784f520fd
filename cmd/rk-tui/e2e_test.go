package main

// End-to-end tests of the studio: the built binary in a real terminal.
//
// Each test starts rk-tui in a detached tmux session on a server of its own
// (tmux -L, so a user's tmux is never touched), types with send-keys and
// reads the screen with capture-pane, polling for the text it expects
// instead of sleeping. tmux is needed: without it the tests skip, unless
// RK_TUI_E2E=required (CI), where its absence is a failure.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/rk-tui/rk-tui/template"
)

const (
	e2eWait = 10 * time.Second      // how long a screen may take to appear
	e2ePoll = 50 * time.Millisecond // how often the screen is read
)

// TestE2EStudio builds the binary once and runs every scenario against it,
// in parallel: each on its own tmux server, state and home directories.
func TestE2EStudio(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test: skipped with -short")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("RK_TUI_E2E") == "required" {
			t.Fatal("RK_TUI_E2E=required but tmux is not installed")
		}
		t.Skip("tmux is not installed (set RK_TUI_E2E=required to make this a failure)")
	}
	bin := e2eBuild(t)

	t.Run("SaveTemplate", func(t *testing.T) {
		t.Parallel()
		for _, size := range [][2]int{{80, 24}, {160, 48}} {
			t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
				t.Parallel()
				e2eSaveTemplate(t, bin, size[0], size[1])
			})
		}
	})
	t.Run("DraftSurvivesKill", func(t *testing.T) {
		t.Parallel()
		e2eDraftSurvivesKill(t, bin)
	})
	t.Run("CtrlCAsksFirst", func(t *testing.T) {
		t.Parallel()
		e2eCtrlCAsksFirst(t, bin)
	})
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGHUP} {
		t.Run("Signal"+strconv.Itoa(int(sig)), func(t *testing.T) {
			t.Parallel()
			e2eSignalSavesTheDraft(t, bin, sig)
		})
	}
	t.Run("EditKeepsUnknownContent", func(t *testing.T) {
		t.Parallel()
		e2eEditKeepsUnknownContent(t, bin)
	})
}

// Scenario A: a whole template typed in the studio, saved with ctrl+s, and
// the file checked with the template package and rk-tui validate.
func e2eSaveTemplate(t *testing.T, bin string, w, h int) {
	env := newE2EEnv(t, bin)
	out := filepath.Join(t.TempDir(), "exposure.json")
	term := env.start(w, h, true, "new-template", "-o", out)
	term.waitText("Start from")

	// Step 1: the exposure-counter preset, then a new title.
	i := slices.IndexFunc(template.Presets, func(p template.Preset) bool { return p.Name == "exposure-counter" })
	if i < 0 {
		t.Fatal("no exposure-counter preset")
	}
	for range i {
		term.keys("Right")
	}
	term.waitText("‹ exposure-counter ›")
	term.waitHeader("Feature exposure counter")
	term.keys("Tab")
	term.waitMatch(`▸ Title\s+Feature exposure counter`)
	term.keys("C-u")
	term.typeText("Checkout flag exposure")
	term.waitHeader("Checkout flag exposure")

	// enter walks the fields and, past the last, on to the next step.
	term.keys("Enter")
	term.waitMatch(`▸ Color\s+#`)
	term.keys("Enter")
	term.waitText("Target: how metrics reach Datadog")
	term.keys("Enter") // the API route hides host and port: on to Metrics
	term.waitText("Metrics (1)")

	// Step 3: rename the metric (its unit, description and interval go
	// along) and give it new tags.
	term.keys("Enter")
	term.waitText("Metric 1 of 1")
	term.waitMatch(`▸ Name\s+feature\.exposure\.count`)
	term.keys("C-u") // the name is empty for a moment: its tool data must follow all the same
	term.typeText("checkout.flag.exposures")
	term.waitMatch(`▸ Name\s+checkout\.flag\.exposures`)
	term.keys("Tab", "Tab", "Tab")
	term.waitMatch(`▸ Tags\s+.*value:enabled`) // the field shows the end of its value, where typing goes
	term.keys("C-u")
	term.typeText("flag:new_checkout, region:eu")
	term.waitMatch(`▸ Tags\s+flag:new_checkout, region:eu`)
	term.keys("Escape") // wait after esc: esc and the next key at once read as alt+key
	term.waitText("Metrics (1)")

	// A second metric.
	term.keys("a")
	term.waitText("Metric 2 of 2")
	term.waitMatch(`▸ Name\s+app\.metric_2`)
	term.keys("C-u")
	term.typeText("checkout.flag.errors")
	term.waitMatch(`▸ Name\s+checkout\.flag\.errors`)
	term.keys("Escape")
	term.waitText("Metrics (2)")

	// On through the breakpoint step to the cost profile.
	term.keys("Tab")
	term.waitText("Breakpoint: where and how long")
	term.keys("C-n")
	term.waitText("Cost profile: what the bill is based on")
	term.waitMatch(`▸ Hosts\b`)
	term.typeText("12")
	term.waitMatch(`▸ Hosts\s+12\b`)

	term.keys("C-s")
	term.waitMatch(`(?m)^saved `)
	term.keys("C-c") // nothing unsaved: quits at once
	if code := term.waitExit(); code != 0 {
		t.Fatalf("exit status %d after saving and quitting, want 0\nlast screen:\n%s", code, term.last)
	}

	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("the saved file: %v", err)
	}
	env.validate(out, 0)
	doc, err := template.Parse(data)
	if err != nil {
		t.Fatalf("the saved file does not parse: %v\n%s", err, data)
	}
	v := template.Read(doc)
	if got := v.Appearance.Title; got != "Checkout flag exposure" {
		t.Errorf("title = %q, want %q", got, "Checkout flag exposure")
	}
	var got []string
	for _, m := range v.Metrics() {
		got = append(got, fmt.Sprintf("%s %v", m.Name, m.Tags))
	}
	want := []string{"checkout.flag.exposures [flag:new_checkout region:eu]", "checkout.flag.errors []"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("metrics = %q, want %q\n%s", got, want, data)
	}
	if meta := doc.Meta("checkout.flag.exposures"); meta.Unit != "occurrence" || meta.Description == "" || meta.Interval != 10 {
		t.Errorf("the renamed metric lost its unit, description or interval: %+v\n%s", meta, data)
	}
	if old := doc.Get(template.MetaPath("feature.exposure.count")); old.Exists() {
		t.Errorf("the old name's tool data is still there: %s", old.Raw)
	}
	if hosts := doc.Get("x-rk-tui.profile.hosts"); hosts.Raw != "12" {
		t.Errorf("x-rk-tui.profile.hosts = %q, want 12\n%s", hosts.Raw, data)
	}
	if _, err := os.Stat(env.draftPath()); err == nil {
		t.Errorf("the draft %s is still there after saving and quitting", env.draftPath())
	}
}

// Scenario B: the process is killed hard; the next new-template offers the
// draft, and resuming brings back what was typed.
func e2eDraftSurvivesKill(t *testing.T, bin string) {
	env := newE2EEnv(t, bin)
	const title = "Survives a kill 42"
	term := env.start(100, 30, false, "new-template")
	term.waitText("Start from")
	term.keys("Tab")
	term.waitMatch(`▸ Title\b`)
	term.keys("C-u")
	term.typeText(title)
	term.waitHeader(title)
	// The draft is written in the background as the user types: wait for
	// it, so the kill below tests recovery and not a lost race.
	term.waitFor("the draft on disk holds "+strconv.Quote(title), func(string) bool {
		data, _ := os.ReadFile(env.draftPath())
		return bytes.Contains(data, []byte(title))
	})

	pid, err := strconv.Atoi(strings.TrimSpace(term.tmux("display-message", "-p", "-t", term.session, "#{pane_pid}")))
	if err != nil {
		t.Fatalf("pane pid: %v", err)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatalf("kill -9 %d: %v", pid, err)
	}
	term.waitGone()

	again := env.start(100, 30, true, "new-template")
	again.waitText("Resume your unsaved draft?")
	again.waitText(strconv.Quote(title))
	again.keys("y")
	again.waitText("draft resumed")
	again.waitHeader(title)
	again.waitMatch(`Title\s+` + regexp.QuoteMeta(title))
}

// Scenario C: ctrl+c with unsaved changes asks first; n keeps editing; y
// quits with exit status 130 and keeps the draft.
func e2eCtrlCAsksFirst(t *testing.T, bin string) {
	env := newE2EEnv(t, bin)
	term := env.start(80, 24, true, "new-template")
	term.waitText("Start from")
	term.keys("Tab")
	term.waitMatch(`▸ Title\s+Count method calls`)
	term.typeText("!")
	term.waitHeader("Count method calls!")

	term.keys("C-c")
	term.waitText("Quit with unsaved changes?")
	term.keys("n")
	term.waitFor("the question to close", func(s string) bool {
		return !strings.Contains(s, "Quit with unsaved changes?") && strings.Contains(s, "Start: what the template is")
	})
	term.typeText("?") // still typing into the title
	term.waitHeader("Count method calls!?")

	term.keys("C-c")
	term.waitText("Quit with unsaved changes?")
	term.keys("y")
	if code := term.waitExit(); code != exitInterrupted {
		t.Fatalf("exit status %d after ctrl+c then y, want %d\nlast screen:\n%s", code, exitInterrupted, term.last)
	}
	data, err := os.ReadFile(env.draftPath())
	if err != nil {
		t.Fatalf("the draft should be kept after quitting with unsaved changes: %v", err)
	}
	if !bytes.Contains(data, []byte("Count method calls!?")) {
		t.Errorf("the draft does not hold the last title:\n%s", data)
	}
}

// Scenario E: kill, timeout and docker stop send SIGTERM; a closed terminal
// sends SIGHUP. The studio writes the draft and exits at once with 128 plus
// the signal's number; it never hangs waiting for a key.
func e2eSignalSavesTheDraft(t *testing.T, bin string, sig syscall.Signal) {
	env := newE2EEnv(t, bin)
	title := "Signal " + strconv.Itoa(int(sig)) + " keeps this"
	term := env.start(100, 30, true, "new-template")
	term.waitText("Start from")
	term.keys("Tab")
	term.waitMatch(`▸ Title\b`)
	term.keys("C-u")
	term.typeText(title)
	term.waitHeader(title)
	shell, err := strconv.Atoi(strings.TrimSpace(term.tmux("display-message", "-p", "-t", term.session, "#{pane_pid}")))
	if err != nil {
		t.Fatalf("pane pid: %v", err)
	}
	// The pane runs a shell that records the exit status; rk-tui is its
	// child.
	children, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", shell, shell))
	fields := strings.Fields(string(children))
	if err != nil || len(fields) != 1 {
		t.Fatalf("the studio's process under the shell %d: %q %v", shell, children, err)
	}
	pid, _ := strconv.Atoi(fields[0])
	sent := time.Now()
	if err := syscall.Kill(pid, sig); err != nil {
		t.Fatalf("kill -%d %d: %v", sig, pid, err)
	}
	code := term.waitExit()
	if took := time.Since(sent); took > 5*time.Second {
		t.Errorf("the studio took %v to end after signal %d", took, sig)
	}
	if want := 128 + int(sig); code != want {
		t.Fatalf("exit status %d after signal %d, want %d\nlast screen:\n%s", code, sig, want, term.last)
	}
	data, err := os.ReadFile(env.draftPath())
	if err != nil || !bytes.Contains(data, []byte(title)) {
		t.Fatalf("the draft after signal %d: %v\n%s", sig, err, data)
	}
}

// e2eLegacy is a hand-written template: its own layout, keys the tool does
// not know, and a processing operation besides datadog.
const e2eLegacy = `{
    "template_type": "Custom",
    "appearance": {"title": "Legacy checkout", "color": "#123456", "icon": "fa fa-x", "x-team-note": {"owner": "cart", "weight": 1.50}},
    "selector": {"operations": [{"name": "return", "path": {"name": "calc", "path": "True"}}]},
    "aug": {
        "location": {"name": "file_line", "filename": null, "lineno": null, "sha256": null},
        "action": {"name": "script", "operations": [{"name": "set", "paths": {"store.rookout.frame": "frame.dump()"}}]},
        "unknownAug": 1e3
    },
    "processing": {
        "operations": [
            {"name": "send_rookout", "path": "store"},
            {"name": "datadog", "api_key": "<YOUR-API-KEY>",
             "metrics": [{"metric": "legacy.checkout.count", "points": ["store.rookout.frame.locals.n"], "tags": ["shop:eu"], "type": "count", "custom": true}]}
        ]
    },
    "zzz": [1, 2, 3]
}
`

// Scenario D: edit on a file the tool did not write changes one field and
// leaves every other byte as it was.
func e2eEditKeepsUnknownContent(t *testing.T, bin string) {
	env := newE2EEnv(t, bin)
	path := filepath.Join(t.TempDir(), "legacy.json")
	if err := os.WriteFile(path, []byte(e2eLegacy), 0o644); err != nil {
		t.Fatal(err)
	}
	env.validate(path, 0)

	term := env.start(120, 40, true, "edit", path)
	term.waitHeader("Legacy checkout")
	term.keys("C-n")
	term.waitText("Target: how metrics reach Datadog")
	term.keys("C-n")
	term.waitText("Metrics (1)")
	term.keys("Enter")
	term.waitText("Metric 1 of 1")
	term.keys("Tab", "Tab", "Tab")
	term.waitMatch(`▸ Tags\s+shop:eu`)
	term.keys("C-u")
	term.typeText("shop:us, tier:gold")
	term.waitMatch(`▸ Tags\s+shop:us, tier:gold`)
	term.waitText("unsaved changes")
	term.keys("C-s")
	term.waitFor("the header to say the file is saved", func(s string) bool {
		return !strings.Contains(s, "unsaved changes") && regexp.MustCompile(`(?m)^saved `).MatchString(s)
	})
	term.keys("C-c")
	if code := term.waitExit(); code != 0 {
		t.Fatalf("exit status %d, want 0\nlast screen:\n%s", code, term.last)
	}

	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	env.validate(path, 0)
	// Everything around the tags list is byte for byte the original; the
	// list itself holds the typed tags.
	const before, after = `"tags": `, `, "type": "count", "custom": true}]}`
	i := strings.Index(e2eLegacy, before) + len(before)
	j := strings.Index(e2eLegacy, after)
	prefix, suffix := e2eLegacy[:i], e2eLegacy[j:]
	s := string(got)
	if !strings.HasPrefix(s, prefix) || !strings.HasSuffix(s, suffix) || len(s) < len(prefix)+len(suffix) {
		t.Fatalf("edit changed more than the tags:\n got %s\nwant the original with only the tags changed:\n%s", got, e2eLegacy)
	}
	var tags []string
	if err := json.Unmarshal([]byte(s[len(prefix):len(s)-len(suffix)]), &tags); err != nil {
		t.Fatalf("the tags %q: %v", s[len(prefix):len(s)-len(suffix)], err)
	}
	if want := []string{"shop:us", "tier:gold"}; !reflect.DeepEqual(tags, want) {
		t.Errorf("tags = %q, want %q", tags, want)
	}
}

// e2eBuild builds rk-tui into a temporary directory. The binary is built
// without the race detector, also under go test -race: a race build draws
// each keystroke about ten times slower, which at 160×48 on two cores turns
// seconds into half a minute. RK_TUI_E2E_RACE=1 builds it with -race
// anyway, and then any race report of the studio fails the test.
func e2eBuild(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "rk-tui")
	args := []string{"build", "-o", bin}
	if e2eRace() {
		args = append(args, "-race")
	}
	start := time.Now()
	cmd := exec.Command("go", append(args, ".")...) // go test puts its own go first in PATH
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	t.Logf("built %s in %v (race detector: %v)", bin, time.Since(start).Round(time.Millisecond), e2eRace())
	return bin
}

func e2eRace() bool { return os.Getenv("RK_TUI_E2E_RACE") == "1" }

// e2eEnv is one user's machine: a home, a state directory for drafts, and
// the environment the studio runs in.
type e2eEnv struct {
	t        *testing.T
	bin      string
	home     string
	state    string
	raceLogs string
	env      []string
}

var e2eSockets atomic.Int64

func newE2EEnv(t *testing.T, bin string) *e2eEnv {
	t.Helper()
	dir := t.TempDir()
	e := &e2eEnv{
		t: t, bin: bin,
		home:     filepath.Join(dir, "home"),
		state:    filepath.Join(dir, "state"),
		raceLogs: filepath.Join(dir, "race"),
	}
	for _, d := range []string{e.home, e.state, e.raceLogs} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch {
		case k == "TMUX", k == "TMUX_PANE", k == "HOME", k == "XDG_STATE_HOME", k == "NO_COLOR",
			k == "TERM", k == "SHELL", k == "COLORTERM", k == "GORACE", strings.HasPrefix(k, "DD_"):
			continue
		}
		e.env = append(e.env, kv)
	}
	e.env = append(e.env,
		"HOME="+e.home,
		"XDG_STATE_HOME="+e.state,
		"NO_COLOR=1",
		"TERM=xterm-256color",
		"SHELL=/bin/sh",
		"GORACE=atexit_sleep_ms=0 log_path="+filepath.Join(e.raceLogs, "race"),
	)
	t.Cleanup(e.checkRaces)
	return e
}

// draftPath is the draft of a new template (each session has its own,
// named new-TIME-PID.json), or a path that does not exist when there is
// none.
func (e *e2eEnv) draftPath() string {
	found, _ := filepath.Glob(filepath.Join(e.state, "rk-tui", "new-*.json"))
	if len(found) == 0 {
		return filepath.Join(e.state, "rk-tui", "no-draft.json")
	}
	return found[len(found)-1]
}

// checkRaces fails the test if the race detector reported anything in the
// binary (only a -race build writes these logs).
func (e *e2eEnv) checkRaces() {
	logs, _ := filepath.Glob(filepath.Join(e.raceLogs, "race*"))
	for _, l := range logs {
		data, _ := os.ReadFile(l)
		e.t.Errorf("the race detector reported in the studio (%s):\n%s", l, data)
	}
}

// validate runs rk-tui validate on a file and checks its exit status.
func (e *e2eEnv) validate(path string, want int) {
	e.t.Helper()
	cmd := exec.Command(e.bin, "validate", path)
	cmd.Env = e.env
	out, err := cmd.CombinedOutput()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			e.t.Fatalf("rk-tui validate %s: %v", path, err)
		}
		code = ee.ExitCode()
	}
	if code != want {
		e.t.Fatalf("rk-tui validate %s: exit status %d, want %d\n%s", path, code, want, out)
	}
}

// e2eTerm is a terminal of a fixed size in a tmux session, running rk-tui.
type e2eTerm struct {
	t        *testing.T
	env      *e2eEnv
	socket   string
	sockPath string // the socket file, which tmux leaves behind
	session  string
	exitFile string
	last     string // the last screen read, for failure messages
}

// start runs rk-tui with args in a new terminal of w×h. With wrap, a shell
// runs it and records its exit status (see waitExit); without, rk-tui is
// the pane's own process (its pid is the pane's pid).
func (e *e2eEnv) start(w, h int, wrap bool, args ...string) *e2eTerm {
	e.t.Helper()
	n := e2eSockets.Add(1)
	tm := &e2eTerm{
		t:        e.t,
		env:      e,
		socket:   fmt.Sprintf("rk-tui-e2e-%d-%d", os.Getpid(), n),
		session:  "studio",
		exitFile: filepath.Join(e.t.TempDir(), "exit"),
	}
	envBin, err := exec.LookPath("env")
	if err != nil {
		e.t.Fatal(err)
	}
	// The pane runs `env ... rk-tui args`: the environment is explicit
	// rather than whatever the tmux server passes on.
	argv := append([]string{envBin, "-i"}, e.env...)
	argv = append(argv, e.bin)
	argv = append(argv, args...)
	if wrap {
		argv = append([]string{"/bin/sh", "-c", `f=$1; shift; "$@"; echo $? > "$f"`, "sh", tm.exitFile}, argv...)
	}
	e.t.Cleanup(tm.kill)
	tm.tmux(append([]string{"new-session", "-d", "-s", tm.session, "-x", strconv.Itoa(w), "-y", strconv.Itoa(h), "--"}, argv...)...)
	info := strings.Fields(tm.tmux("display-message", "-p", "-t", tm.session, "#{window_width}x#{window_height} #{socket_path}"))
	if len(info) != 2 {
		e.t.Fatalf("tmux display-message: %q", info)
	}
	tm.sockPath = info[1]
	if want := fmt.Sprintf("%dx%d", w, h); info[0] != want {
		e.t.Fatalf("the terminal is %s, want %s", info[0], want)
	}
	return tm
}

// tmux runs a tmux command on this terminal's own server, with no user
// configuration; a failure ends the test.
func (tm *e2eTerm) tmux(args ...string) string {
	tm.t.Helper()
	out, err := tm.tmuxErr(args...)
	if err != nil {
		tm.t.Fatalf("tmux %s: %v\n%s\nlast screen:\n%s", strings.Join(args, " "), err, out, tm.last)
	}
	return out
}

func (tm *e2eTerm) tmuxErr(args ...string) (string, error) {
	cmd := exec.Command("tmux", append([]string{"-u", "-f", "/dev/null", "-L", tm.socket}, args...)...)
	cmd.Env = tm.env.env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// kill ends the session and its server, and removes the server's socket.
func (tm *e2eTerm) kill() {
	_, _ = tm.tmuxErr("kill-server")
	if tm.sockPath != "" && strings.Contains(filepath.Base(tm.sockPath), tm.socket) {
		_ = os.Remove(tm.sockPath)
	}
}

// keys presses keys by tmux name: Enter, Tab, Escape, C-s, Right, BSpace.
func (tm *e2eTerm) keys(keys ...string) {
	tm.t.Helper()
	tm.tmux(append([]string{"send-keys", "-t", tm.session}, keys...)...)
}

// typeText types s literally.
func (tm *e2eTerm) typeText(s string) {
	tm.t.Helper()
	tm.tmux("send-keys", "-t", tm.session, "-l", s)
}

// screen reads the terminal as plain text.
func (tm *e2eTerm) screen() (string, error) {
	out, err := tm.tmuxErr("capture-pane", "-p", "-t", tm.session)
	if err == nil {
		tm.last = out
	}
	return out, err
}

// waitFor reads the screen until ok says it is there, for at most e2eWait.
func (tm *e2eTerm) waitFor(what string, ok func(screen string) bool) {
	tm.t.Helper()
	deadline := time.Now().Add(e2eWait)
	var err error
	for {
		var s string
		if s, err = tm.screen(); err == nil && ok(s) {
			return
		}
		if time.Now().After(deadline) {
			break
		}
		time.Sleep(e2ePoll)
	}
	msg := ""
	if err != nil {
		msg = fmt.Sprintf(" (the last capture failed: %v)", err)
	}
	tm.t.Fatalf("waited %v for %s%s\nlast screen:\n%s", e2eWait, what, msg, tm.last)
}

func (tm *e2eTerm) waitText(s string) {
	tm.t.Helper()
	tm.waitFor(strconv.Quote(s), func(screen string) bool { return strings.Contains(screen, s) })
}

func (tm *e2eTerm) waitMatch(expr string) {
	tm.t.Helper()
	re := regexp.MustCompile(expr)
	tm.waitFor("/"+expr+"/", re.MatchString)
}

// waitHeader waits for the template's title in the studio's header line.
func (tm *e2eTerm) waitHeader(title string) {
	tm.t.Helper()
	tm.waitFor("the title "+strconv.Quote(title)+" in the header", func(s string) bool {
		first, _, _ := strings.Cut(s, "\n")
		return strings.HasPrefix(first, "rk-tui studio · "+title+" ")
	})
}

// waitExit waits for a wrapped rk-tui to end and returns its exit status.
func (tm *e2eTerm) waitExit() int {
	tm.t.Helper()
	deadline := time.Now().Add(e2eWait)
	for {
		data, err := os.ReadFile(tm.exitFile)
		if s := strings.TrimSpace(string(data)); err == nil && s != "" {
			code, err := strconv.Atoi(s)
			if err != nil {
				tm.t.Fatalf("exit status %q: %v", s, err)
			}
			return code
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("waited %v for rk-tui to exit\nlast screen:\n%s", e2eWait, tm.last)
		}
		_, _ = tm.screen()
		time.Sleep(e2ePoll)
	}
}

// waitGone waits for the session to end with its process.
func (tm *e2eTerm) waitGone() {
	tm.t.Helper()
	deadline := time.Now().Add(e2eWait)
	for {
		if _, err := tm.tmuxErr("has-session", "-t", tm.session); err != nil {
			return
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("waited %v for the session to end", e2eWait)
		}
		time.Sleep(e2ePoll)
	}
}
