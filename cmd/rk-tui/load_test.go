//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rk-tui/rk-tui/template"
)

// Every command loads templates through one loader, so they agree on exit
// codes and on where errors go: a file that cannot be read is exit 2 with
// one "rk-tui: FILE: ..." line on stderr; malformed JSON and validation
// errors are findings, exit 1, printed as FILE:LINE:COL lines (on stdout
// for validate, whose report they are; on stderr for every other command,
// with nothing on stdout).
func TestEveryCommandLoadsTheSameWay(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"missing":   filepath.Join(dir, "missing.json"),
		"malformed": cliFile(t, dir, "malformed.json", "{\n  \"aug\": {,\n}"),
		"invalid":   cliFile(t, dir, "invalid.json", cliErrors(t)),
		"clean":     cliFile(t, dir, "clean.json", cliClean(t)),
	}
	fifo := filepath.Join(dir, "pipe.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	files["fifo"] = fifo
	commands := []struct {
		name string
		args []string // FILE is replaced
		tty  bool     // the studio needs a terminal
	}{
		{"validate", []string{"validate", "FILE"}, false},
		{"export", []string{"export", "FILE"}, false},
		{"metadata", []string{"metadata", "FILE"}, false},
		{"preview", []string{"preview", "FILE"}, false},
		{"send", []string{"send", "FILE", "--dry-run"}, false},
		{"edit", []string{"edit", "FILE"}, true},
	}
	want := map[string]struct {
		code   int
		stderr string // part of stderr
		where  string // "out" or "err": where the findings go
	}{
		"missing":   {2, "rk-tui: " + files["missing"] + ": no such file; check the path", ""},
		"fifo":      {2, "rk-tui: " + fifo + " is a named pipe (FIFO), not a regular file", ""},
		"malformed": {1, files["malformed"] + ":2:11: error [json-syntax] malformed JSON", "err"},
		"invalid":   {1, files["invalid"] + ":52:21: error [metric-type]", "err"},
		"clean":     {0, "", ""},
	}
	for _, c := range commands {
		for _, kind := range []string{"missing", "fifo", "malformed", "invalid", "clean"} {
			if c.tty && (kind == "invalid" || kind == "clean") {
				continue // opens the studio: the end-to-end test covers it
			}
			t.Run(c.name+"/"+kind, func(t *testing.T) {
				args := append([]string(nil), c.args...)
				for i, a := range args {
					if a == "FILE" {
						args[i] = files[kind]
					}
				}
				done := make(chan cliResult, 1)
				go func() { done <- cliTTYRun(t, c.tty, args...) }()
				var r cliResult
				select {
				case r = <-done:
				case <-time.After(10 * time.Second):
					t.Fatalf("%v blocked", args)
				}
				w := want[kind]
				if r.code != w.code {
					t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, w.code, r.out, r.err)
				}
				findings, other := r.err, r.out
				if c.name == "validate" {
					findings, other = r.out, r.err
				}
				switch {
				case w.where != "" && !strings.Contains(findings, w.stderr):
					t.Errorf("findings lack %q\nstdout:\n%s\nstderr:\n%s", w.stderr, r.out, r.err)
				case w.where == "" && !strings.Contains(r.err, w.stderr):
					t.Errorf("stderr lacks %q:\n%s", w.stderr, r.err)
				}
				previewed := c.name == "preview" && kind == "invalid" // previewed anyway, and says so
				if w.code != 0 && c.name != "validate" && !previewed && other != "" {
					t.Errorf("stdout is not empty on failure:\n%s", other)
				}
				if w.code == 2 && (strings.Count(r.err, "\n") != 1 || r.out != "") {
					t.Errorf("an unreadable file is one line on stderr, nothing on stdout\nstdout:\n%s\nstderr:\n%s", r.out, r.err)
				}
			})
		}
	}
}

func cliTTYRun(t *testing.T, tty bool, args ...string) cliResult {
	t.Helper()
	o := cliOpts{}
	if !tty {
		return cliRun(t, o, args...)
	}
	var out, errb strings.Builder
	env := map[string]string{"NO_COLOR": "1"}
	s := &Streams{In: strings.NewReader(""), Out: &out, Err: &errb, InTTY: true, ErrTTY: true, Getenv: func(k string) string { return env[k] }}
	code := run(t.Context(), args, s)
	return cliResult{code, out.String(), errb.String()}
}

// Control characters in a template reach no terminal: every text output
// shows them escaped.
func TestControlCharactersNeverReachTheTerminal(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "hostile", "control-chars.json"))
	if err != nil {
		t.Fatal(err)
	}
	f := cliFile(t, t.TempDir(), "t\x1b[2J.json", string(src))
	// A C1 CSI and a bidi override in a metric name, which the JSON
	// outputs carry as names and paths.
	c1 := cliFile(t, t.TempDir(), "c1\u009b.json", strings.ReplaceAll(string(src), `"feature.exposure.count"`, `"feature.exposure\u009b2J\u202ecount"`))
	for _, args := range [][]string{
		{"validate", f}, {"export", f}, {"metadata", f}, {"preview", f}, {"preview", f, "--format", "markdown"},
		{"send", f, "--dry-run"},
		{"validate", filepath.Join(filepath.Dir(f), "nope\x1b]52;c;eA==\x07.json")},
		// JSON too: encoding/json leaves C1 controls (a CSI) and DEL raw.
		{"validate", c1, "--format", "json"}, {"preview", c1, "--format", "json"}, {"send", c1, "--dry-run", "--format", "json"},
		{"diff", f, c1, "--format", "json"}, {"preview", c1}, {"diff", f, c1}, {"metadata", c1},
	} {
		r := cli(t, args...)
		for _, stream := range []string{r.out, r.err} {
			for i, c := range stream {
				if (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || (c >= 0x80 && c < 0xa0) || (c >= 0x202a && c <= 0x202e) {
					t.Errorf("%v: %U reaches the terminal at %d:\n%q", args, c, i, stream)
					break
				}
			}
		}
	}
}

// The studio takes the send command's connection flags and environment,
// checked before it opens: a bad --api-url or DD_AGENT_HOST is a usage
// error, not a surprise at ctrl+t.
func TestStudioConnectionFlagsAreChecked(t *testing.T) {
	f := cliFile(t, t.TempDir(), "t.json", cliClean(t))
	for _, tt := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"new-template", "--api-url", "http://intake.example.com"}, nil, "clear text"},
		{[]string{"edit", f, "--site", "datadoghq.moon"}, nil, "datadoghq.moon"},
		{[]string{"new-template", "--agent", "bad host:1"}, nil, "--agent"},
		{[]string{"edit", f}, map[string]string{"DD_DOGSTATSD_PORT": "99999"}, "DD_DOGSTATSD_PORT"},
	} {
		env := map[string]string{"NO_COLOR": "1"}
		for k, v := range tt.env {
			env[k] = v
		}
		var out, errb strings.Builder
		s := &Streams{In: strings.NewReader(""), Out: &out, Err: &errb, InTTY: true, ErrTTY: true, Getenv: func(k string) string { return env[k] }}
		if code := run(t.Context(), tt.args, s); code != 2 || !strings.Contains(errb.String(), tt.want) {
			t.Errorf("%v: exit %d, stderr %q (want %q)", tt.args, code, errb.String(), tt.want)
		}
	}
}

// export of a template that holds a literal API key treats it as the
// secret it is; -o /dev/stdout is standard output; a device is never
// replaced by a file.
func TestExportSecretsAndSpecialOutputs(t *testing.T) {
	dir := t.TempDir()
	src := strings.Replace(cliWarnings(t), template.APIKeyPlaceholder, cliLiteralKey, 1)
	f := cliFile(t, dir, "k.json", src)
	for _, tty := range []bool{true, false} {
		r := cliRun(t, cliOpts{outTTY: tty}, "export", f)
		if r.code != 2 || r.out != "" || strings.Contains(r.err, cliLiteralKey) || !strings.Contains(r.err, "holds a Datadog API key") {
			t.Errorf("literal key to stdout (tty %v): exit %d\n%s\n%s", tty, r.code, r.out, r.err)
		}
	}
	out := filepath.Join(dir, "rookout.json")
	if r := cli(t, "export", f, "-o", out); r.code != 0 {
		t.Fatalf("-o: exit %d %s", r.code, r.err)
	}
	if st, err := os.Stat(out); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("a file holding the key has mode %v (%v), want 0600", st.Mode().Perm(), err)
	}
	clean := cliFile(t, dir, "c.json", cliClean(t))
	if r := cli(t, "export", clean, "-o", "/dev/stdout"); r.code != 0 || !strings.Contains(r.out, `"processing"`) {
		t.Errorf("-o /dev/stdout: exit %d, stdout %q", r.code, r.out)
	}
	if r := cli(t, "export", clean, "-o", "/dev/null", "--force"); r.code != 2 || !strings.Contains(r.err, "only replaces regular files") {
		t.Errorf("-o /dev/null --force: exit %d %s", r.code, r.err)
	}
	if st, err := os.Stat("/dev/null"); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		t.Fatal("/dev/null is no longer a device")
	}
}

// A repository settings file that is a named pipe is refused at once, not
// waited on.
func TestSettingsFileThatIsAPipeIsRefused(t *testing.T) {
	dir := t.TempDir()
	f := cliFile(t, dir, "t.json", cliClean(t))
	if err := syscall.Mkfifo(filepath.Join(dir, ".rk-tui.json"), 0o600); err != nil {
		t.Fatal(err)
	}
	done := make(chan cliResult, 1)
	go func() { done <- cli(t, "preview", f) }()
	select {
	case r := <-done:
		if r.code != 2 || !strings.Contains(r.err, "named pipe") {
			t.Errorf("exit %d: %s", r.code, r.err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("preview blocked on a named pipe as .rk-tui.json")
	}
}

// Reading a template from a terminal says so: a silent wait looks like a
// hang.
func TestStdinOnATerminalSaysWhatItWaitsFor(t *testing.T) {
	var out, errb strings.Builder
	s := &Streams{In: strings.NewReader(""), Out: &out, Err: &errb, InTTY: true, Getenv: func(string) string { return "" }}
	run(t.Context(), []string{"validate", "-"}, s)
	if !strings.Contains(errb.String(), "reading a template from the terminal: paste it, then Ctrl+D") {
		t.Errorf("stderr %q", errb.String())
	}
	errb.Reset()
	s.InTTY = false // a pipe: nothing to say
	run(t.Context(), []string{"validate", "-"}, s)
	if strings.Contains(errb.String(), "reading a template") {
		t.Errorf("a pipe got the terminal's hint: %q", errb.String())
	}
}
