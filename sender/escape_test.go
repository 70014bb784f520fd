package sender_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rk-tui/rk-tui/sender"
	"github.com/rk-tui/rk-tui/sender/sendertest"
	"github.com/rk-tui/rk-tui/template"
)

// reachesTerminal returns the first control character (C0 other than
// newline and tab, DEL, C1, a bidi override, broken UTF-8) in a text meant
// for a terminal, or "".
func reachesTerminal(text string) string {
	for line := range strings.SplitSeq(strings.ReplaceAll(text, "\t", " "), "\n") {
		if template.HasControl(line) {
			for _, r := range line {
				if template.HasControl(string(r)) {
					return string(r)
				}
			}
			return line
		}
	}
	return ""
}

func hostileDoc(t testing.TB) *template.Document {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "hostile", "control-chars.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := template.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// The hostile template's OSC 52 tag (a clipboard write) and C1 CSI tag
// reach the dry-run text escaped; its JSON keeps them as JSON.
func TestDryRunTextEscapesTheTemplate(t *testing.T) {
	r, err := sender.DryRun(context.Background(), hostileDoc(t), sender.Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := r.Text()
	if c := reachesTerminal(text); c != "" {
		t.Fatalf("%q reaches the terminal:\n%s", c, text)
	}
	wantIn(t, text, `"environment:\u001b]52;c;cm0gLXJmIH4=\u0007"`, `"name:new\u009b2Jcheckout"`, `tags environment:\x1b]52;c;cm0gLXJmIH4=\x07,name:new\u009b2Jcheckout,value:enabled`)
}

// What an intake answers is escaped in errors and warnings; so are the
// DogStatsD lines, targets and progress steps that quote the template.
func TestAnswersAndStepsAreEscaped(t *testing.T) {
	osc := "\x1b]52;c;cm0gLXJmIH4=\x07"
	t.Run("error", func(t *testing.T) {
		in := sendertest.NewIntake(t)
		in.Enqueue("/api/v2/series", sendertest.Response{Status: http.StatusBadRequest, Body: `{"errors":["bad \u001b]52;c;cm0gLXJmIH4=\u0007 tag\nnext"]}`})
		_, err := sendTo(t, in, nil)
		sendError(t, err, sender.KindBadRequest)
		if c := reachesTerminal(err.Error()); c != "" || strings.Contains(err.Error(), "\n") {
			t.Errorf("%q reaches the terminal: %q", c, err.Error())
		}
		wantIn(t, err.Error(), `bad \x1b]52;c;cm0gLXJmIH4=\x07 tag next`)
	})
	t.Run("warning", func(t *testing.T) {
		in := sendertest.NewIntake(t)
		in.Enqueue("/api/v2/series", sendertest.Response{Status: http.StatusAccepted, Body: `{"errors":["odd \u009b2J tag"]}`})
		res, err := sendTo(t, in, nil)
		if err != nil {
			t.Fatal(err)
		}
		if c := reachesTerminal(res.Text()); c != "" {
			t.Errorf("%q reaches the terminal:\n%s", c, res.Text())
		}
		wantIn(t, res.Text(), `warning: the intake said: odd \u009b2J tag`)
	})
	t.Run("dogstatsd", func(t *testing.T) {
		skipIfStatsdEnv(t)
		agent := sendertest.ListenDogStatsD(t)
		doc := statsdDoc(t, agent.Host, agent.Port, template.MetricSpec{Type: "event", Title: "Deploy " + osc, Text: "line\u202eevil", Tags: []string{"k:" + osc}})
		var progress []string
		res, err := sender.Send(context.Background(), doc, sender.Options{Progress: func(m string) { progress = append(progress, m) }})
		if err != nil {
			t.Fatal(err)
		}
		for _, text := range append(progress, res.Text()) {
			if c := reachesTerminal(text); c != "" {
				t.Errorf("%q reaches the terminal:\n%s", c, text)
			}
		}
		r, err := sender.DryRun(context.Background(), doc, sender.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if c := reachesTerminal(r.Text()); c != "" {
			t.Errorf("%q reaches the terminal in the dry-run:\n%s", c, r.Text())
		}
	})
	t.Run("agent host", func(t *testing.T) {
		doc := statsdDoc(t, "agent"+osc+".invalid", 8125, template.MetricSpec{Name: "app.calls", Type: "increment", Value: "1"})
		var progress []string
		_, err := sender.Send(context.Background(), doc, sender.Options{Progress: func(m string) { progress = append(progress, m) }})
		if err == nil {
			t.Fatal("a send to an agent host with an escape sequence went through")
		}
		for _, text := range append(progress, err.Error()) {
			if c := reachesTerminal(text); c != "" {
				t.Errorf("%q reaches the terminal: %q", c, text)
			}
		}
	})
}

// FuzzDryRunText builds templates from arbitrary names, tags, units and
// event texts, for both routes, and checks that neither the dry-run text
// nor an error message lets a control character through. Run it with
//
//	go test ./sender -run '^$' -fuzz FuzzDryRunText -fuzztime 10s
func FuzzDryRunText(f *testing.F) {
	f.Add("checkout.items", "env:\x1b]52;c;eA==\x07", "item", "Deploy", "text", false)
	f.Add("app.calls", "name:new\u009b2J", "", "Deploy \x1b[2J", "a\u202eb", true)
	f.Add("a.b", "k:v\n", "\x7f", "t\r", "x\x00y", true)
	f.Add("m\xff", "t:\xc2", "u\x1b", "", "", false)
	f.Fuzz(func(t *testing.T, name, tag, unit, title, text string, statsd bool) {
		var doc *template.Document
		if statsd {
			doc = statsdDoc(t, "127.0.0.1", 8125,
				template.MetricSpec{Name: name, Type: "histogram", Value: "1", Tags: []string{tag}},
				template.MetricSpec{Type: "event", Title: title, Text: text, Tags: []string{tag}})
		} else {
			doc = apiDoc(t, template.MetricSpec{Name: name, Type: "count", Value: "x", Tags: []string{tag, title}, Meta: template.MetricMeta{Unit: unit}})
		}
		r, err := sender.DryRun(context.Background(), doc, sender.Options{Host: "web-1"})
		if err != nil {
			if c := reachesTerminal(err.Error()); c != "" || strings.Contains(err.Error(), "\n") {
				t.Fatalf("%q reaches the terminal in the error %q", c, err.Error())
			}
			return
		}
		out := r.Text()
		for i := 0; i < len(out); i++ {
			if c := out[i]; (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
				t.Fatalf("byte %#x reaches the terminal at %d:\n%q", c, i, out)
			}
		}
		if c := reachesTerminal(out); c != "" {
			t.Fatalf("%q reaches the terminal:\n%q", c, out)
		}
	})
}
