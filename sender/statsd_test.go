package sender_test

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rk-tui/rk-tui/sender"
	"github.com/rk-tui/rk-tui/sender/sendertest"
	"github.com/rk-tui/rk-tui/template"
)

func skipIfStatsdEnv(t *testing.T) {
	t.Helper()
	for _, k := range []string{"DD_ENV", "DD_SERVICE", "DD_VERSION", "DD_ENTITY_ID", "DD_EXTERNAL_ENV", "DD_CARDINALITY", "DATADOG_CARDINALITY"} {
		if os.Getenv(k) != "" {
			t.Skipf("%s is set: the DogStatsD client adds it to every datagram", k)
		}
	}
}

// everyAction is a template with one dogstatsd operation per action.
func everyAction(t testing.TB, host string, port int) *template.Document {
	tags := []string{"env:test", "team:cart"}
	return statsdDoc(t, host, port,
		template.MetricSpec{Name: "app.calls", Type: "increment", Value: "2", Tags: tags},
		template.MetricSpec{Name: "app.retries", Type: "decrement", Value: "1", Tags: tags},
		template.MetricSpec{Name: "app.queue.depth", Type: "gauge", Value: "7.5", Tags: tags},
		template.MetricSpec{Name: "worker.batch.size", Type: "histogram", Value: "12"},
		template.MetricSpec{Name: "app.operation.duration", Type: "timing", Value: "250", Tags: tags},
		template.MetricSpec{Name: "app.payload.bytes", Type: "distribution", Value: "store.rookout.frame.locals.size", Tags: tags},
		template.MetricSpec{Type: "event", Title: "Deploy", Text: "checkout v2 is live", Tags: tags},
	)
}

var everyActionLines = []string{
	"app.calls:2|c|#env:test,team:cart",
	"app.retries:-1|c|#env:test,team:cart",
	"app.queue.depth:7.5|g|#env:test,team:cart",
	"worker.batch.size:12|h",
	"app.operation.duration:250.000000|ms|#env:test,team:cart",
	"app.payload.bytes:1|d|#env:test,team:cart",
	"_e{6,19}:Deploy|checkout v2 is live|#env:test,team:cart",
}

// TestDogStatsDOverUDP receives the datagrams on a real UDP socket and
// checks name, value, type and tags of each action, event included.
func TestDogStatsDOverUDP(t *testing.T) {
	skipIfStatsdEnv(t)
	agent := sendertest.ListenDogStatsD(t)
	doc := everyAction(t, agent.Host, agent.Port)
	res, err := sender.Send(context.Background(), doc, sender.Options{})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	got, err := agent.Wait(len(everyActionLines), 2*time.Second)
	if err != nil {
		t.Fatalf("%v: got %q", err, got)
	}
	if !slices.Equal(got, everyActionLines) {
		t.Errorf("the agent received\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(everyActionLines, "\n"))
	}
	if len(res.DogStatsD) != 1 || res.DogStatsD[0].Target != agent.Addr || !slices.Equal(res.DogStatsD[0].Lines, got) {
		t.Errorf("result = %+v; want the lines the agent got, to %s", res.DogStatsD, agent.Addr)
	}
	if res.Requests != 0 || res.KeyChecked {
		t.Errorf("a DogStatsD template made HTTP requests: %+v", res)
	}
	for _, m := range res.Metrics {
		if !m.Sent {
			t.Errorf("metric %s is not marked sent", m.Name)
		}
	}
	if !strings.Contains(res.Text(), "Sent 7 lines in 1 datagram to the DogStatsD agent at "+agent.Addr) {
		t.Errorf("result text:\n%s", res.Text())
	}
	if !slices.Contains(res.Notes, sender.NoteUDP) || !slices.Contains(res.Notes, sender.NoteNoExtraTags) {
		t.Errorf("notes = %q", res.Notes)
	}
}

// TestDogStatsDDryRunIsTheDatagrams checks the dry-run lines are the lines
// a send writes, and that a dry-run writes none.
func TestDogStatsDDryRunIsTheDatagrams(t *testing.T) {
	skipIfStatsdEnv(t)
	agent := sendertest.ListenDogStatsD(t)
	doc := everyAction(t, agent.Host, agent.Port)
	report, err := sender.DryRun(context.Background(), doc, sender.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(report.Lines(), everyActionLines) {
		t.Errorf("dry-run lines\n%s\nwant\n%s", strings.Join(report.Lines(), "\n"), strings.Join(everyActionLines, "\n"))
	}
	time.Sleep(50 * time.Millisecond)
	if n := agent.Datagrams(); n != 0 {
		t.Fatalf("the dry-run sent %d datagrams", n)
	}
	if len(report.Requests) != 0 {
		t.Errorf("a DogStatsD template shows HTTP requests: %+v", report.Requests)
	}
	text := report.Text()
	for _, s := range []string{"# DogStatsD to " + agent.Addr + " over UDP: 7 lines in 1 datagram", "worker.batch.size:12|h\n"} {
		if !strings.Contains(text, s) {
			t.Errorf("the dry-run text lacks %q:\n%s", s, text)
		}
	}
}

func TestDogStatsDValueAndPointsAndAgent(t *testing.T) {
	skipIfStatsdEnv(t)
	agent := sendertest.ListenDogStatsD(t)
	// The template points elsewhere; the agent options win.
	doc := statsdDoc(t, "agent.invalid", 9,
		template.MetricSpec{Name: "app.queue.depth", Type: "gauge", Value: "7.5"},
		template.MetricSpec{Name: "app.calls", Type: "increment", Value: "1"})
	_, err := sender.Send(context.Background(), doc, sender.Options{Value: sender.Float(3), Points: sender.Int(2), Interval: sender.Duration(time.Second), AgentHost: agent.Host, AgentPort: agent.Port})
	if err != nil {
		t.Fatal(err)
	}
	got, err := agent.Wait(4, 2*time.Second)
	want := []string{"app.queue.depth:3|g", "app.calls:3|c", "app.queue.depth:3|g", "app.calls:3|c"}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("got %q (%v), want %q", got, err, want)
	}
	_, err = sender.Send(context.Background(), doc, sender.Options{Value: sender.Float(1.5), AgentHost: agent.Host, AgentPort: agent.Port})
	var ce *sender.ConfigError
	if !errors.As(err, &ce) || ce.Setting != "value" || !strings.Contains(err.Error(), "whole numbers") {
		t.Errorf("an increment of 1.5: error = %v, want a ConfigError on the value", err)
	}
}

func TestDogStatsDNoAgentIsRefused(t *testing.T) {
	host, port := sendertest.ClosedPort(t)
	doc := statsdDoc(t, host, port, template.MetricSpec{Name: "app.calls", Type: "increment", Value: "1"})
	res, err := sender.Send(context.Background(), doc, sender.Options{})
	se := sendError(t, err, sender.KindRefused)
	wantIn(t, err.Error(), "sending to the DogStatsD agent at 127.0.0.1:", "refused", "no DogStatsD agent listens there", "point the agent address")
	if se.Target == "" || res == nil || res.Metrics[0].Sent {
		t.Errorf("target %q, result %+v", se.Target, res)
	}
}

func TestDogStatsDTwoTargets(t *testing.T) {
	skipIfStatsdEnv(t)
	a, b := sendertest.ListenDogStatsD(t), sendertest.ListenDogStatsD(t)
	doc := template.Build(template.Spec{Target: template.TargetDogStatsD, Host: a.Host, Port: a.Port,
		Metrics: []template.MetricSpec{{Name: "first.calls", Type: "increment", Value: "1"}}})
	// A second operation with its own target.
	second := statsdDoc(t, b.Host, b.Port, template.MetricSpec{Name: "second.calls", Type: "increment", Value: "1"})
	op := second.Get("processing.operations.0").Raw
	if err := doc.SetRaw("processing.operations.-1", []byte(op)); err != nil {
		t.Fatal(err)
	}
	res, err := sender.Send(context.Background(), doc, sender.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if la, err := a.Wait(1, 2*time.Second); err != nil || la[0] != "first.calls:1|c" {
		t.Errorf("agent a got %q (%v)", la, err)
	}
	if lb, err := b.Wait(1, 2*time.Second); err != nil || lb[0] != "second.calls:1|c" {
		t.Errorf("agent b got %q (%v)", lb, err)
	}
	if len(res.DogStatsD) != 2 {
		t.Errorf("results per target: %+v", res.DogStatsD)
	}
}

func TestDogStatsDDatagramTooLong(t *testing.T) {
	doc := statsdDoc(t, "127.0.0.1", 8125, template.MetricSpec{Type: "event", Title: "Deploy", Text: strings.Repeat("x", 2000)})
	_, err := sender.DryRun(context.Background(), doc, sender.Options{})
	var ce *sender.ConfigError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "1432 bytes") {
		t.Fatalf("error = %v, want a ConfigError about the 1432-byte datagram", err)
	}
}

// A DogStatsD histogram or timing NAME is stored as NAME.avg, .median,
// .95percentile, .max and .count: the links and names a send reports are
// those, never NAME itself, which Metrics Explorer would show empty.
func TestDogStatsDHistogramLinksAreWhatDatadogStores(t *testing.T) {
	doc := statsdDoc(t, "127.0.0.1", 8125,
		template.MetricSpec{Name: "worker.batch.size", Type: "histogram", Value: "12"},
		template.MetricSpec{Name: "app.operation.duration", Type: "timing", Value: "250"},
		template.MetricSpec{Name: "app.calls", Type: "increment", Value: "1"})
	r, err := sender.DryRun(context.Background(), doc, sender.Options{Site: "datadoghq.eu"})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range r.Metrics[:2] {
		var names []string
		for _, st := range m.Stored {
			names = append(names, st.Name)
			if st.Explorer != sender.ExplorerURL("datadoghq.eu", st.Name) {
				t.Errorf("%s links to %s", st.Name, st.Explorer)
			}
		}
		want := []string{m.Name + ".avg", m.Name + ".median", m.Name + ".95percentile", m.Name + ".max", m.Name + ".count"}
		if !slices.Equal(names, want) || m.Explorer != sender.ExplorerURL("datadoghq.eu", m.Name+".avg") {
			t.Errorf("%s: stored %q, link %s", m.Name, names, m.Explorer)
		}
	}
	text := r.Text()
	if strings.Contains(text, "exp_metric=worker.batch.size\n") || strings.Contains(text, "exp_metric=app.operation.duration\n") {
		t.Errorf("a link names the histogram itself:\n%s", text)
	}
	wantIn(t, text, "stored as 5 metrics:", "worker.batch.size.95percentile (gauge)  https://app.datadoghq.eu/metric/explorer?exp_metric=worker.batch.size.95percentile",
		"worker.batch.size.count (rate)", "app.operation.duration.max (gauge)")
	// An increment keeps its name and is stored as a rate.
	if c := r.Metrics[2]; len(c.Stored) != 1 || c.Stored[0].Name != "app.calls" || c.Stored[0].Type != "rate" {
		t.Errorf("increment stored as %+v", c.Stored)
	}
	wantIn(t, text, "stored as a rate")
}
