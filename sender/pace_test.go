package sender_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rk-tui/rk-tui/sender"
	"github.com/rk-tui/rk-tui/sender/sendertest"
	"github.com/rk-tui/rk-tui/template"
)

// A burst of 20,000 lines to a loopback agent used to lose about half of
// them in the kernel while the send reported all of them sent: the send
// paces its datagrams now, and every line arrives.
func TestDogStatsDBurstArrivesWhole(t *testing.T) {
	skipIfStatsdEnv(t)
	if raceDetector {
		t.Skip("20,000 lines through the DogStatsD client take long under -race; the pacing is the same without it")
	}
	agent := sendertest.ListenDogStatsD(t)
	const n = 20_000
	metrics := make([]template.MetricSpec, n)
	for i := range metrics {
		metrics[i] = template.MetricSpec{Name: "burst.m" + strconv.Itoa(i), Type: "gauge", Value: "1", Tags: []string{"env:test", "team:cart"}}
	}
	res, err := sender.Send(context.Background(), statsdDoc(t, agent.Host, agent.Port, metrics...), sender.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := agent.Wait(n, 5*time.Second)
	if err != nil {
		t.Fatalf("the agent got %d of %d lines (%d datagrams)", len(got), n, agent.Datagrams())
	}
	d := res.DogStatsD[0]
	if len(d.Lines) != n || d.Planned != n || d.Datagrams != agent.Datagrams() {
		t.Errorf("the result says %d of %d lines in %d datagrams; the agent got %d lines in %d", len(d.Lines), d.Planned, d.Datagrams, len(got), agent.Datagrams())
	}
}

// --interval spaces a metric's DogStatsD points in time, as it spaces API
// points in their timestamps; Ctrl+C during the wait stops the send and
// the result says what was written.
func TestDogStatsDPointsAreSpacedByTheInterval(t *testing.T) {
	skipIfStatsdEnv(t)
	agent := sendertest.ListenDogStatsD(t)
	doc := statsdDoc(t, agent.Host, agent.Port, template.MetricSpec{Name: "app.calls", Type: "increment", Value: "1"})
	var progress []string
	start := time.Now()
	res, err := sender.Send(context.Background(), doc, sender.Options{Points: sender.Int(3), Interval: sender.Duration(time.Second),
		Progress: func(m string) { progress = append(progress, m) }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := agent.Wait(3, time.Second); err != nil {
		t.Fatal(err)
	}
	at := agent.Arrived()
	for i := 1; i < 3; i++ {
		// At least the interval apart; how much more depends on the
		// machine's load, which a test does not judge.
		if gap := at[i].Sub(at[i-1]); gap < 900*time.Millisecond {
			t.Errorf("point %d came %s after point %d; the interval is 1s", i+1, gap, i)
		}
	}
	if d := time.Since(start); d < 2*time.Second {
		t.Errorf("3 points 1s apart took %s", d)
	}
	if !slicesContain(progress, "the next points are due in 1s") || !res.Metrics[0].Sent {
		t.Errorf("progress %q, sent %v", progress, res.Metrics[0].Sent)
	}

	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	res, err = sender.Send(ctx, doc, sender.Options{Points: sender.Int(3), Interval: sender.Duration(10 * time.Second)})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want an interruption", err)
	}
	if len(res.DogStatsD) != 1 {
		t.Fatalf("interrupted: %d agent results", len(res.DogStatsD))
	}
	if d := res.DogStatsD[0]; len(d.Lines) != 1 || d.Planned != 3 || res.Metrics[0].Sent {
		t.Errorf("interrupted after the first point: %d of %d lines written, sent %v", len(d.Lines), d.Planned, res.Metrics[0].Sent)
	}
	if !strings.Contains(res.Text(), "Sent 1 of 3 lines") {
		t.Errorf("the result text:\n%s", res.Text())
	}
}

// The dry-run does not wait, and says how long the send will take.
func TestDogStatsDDryRunSaysHowLongTheSendTakes(t *testing.T) {
	doc := statsdDoc(t, "127.0.0.1", 8125, template.MetricSpec{Name: "app.calls", Type: "increment", Value: "1"})
	start := time.Now()
	r, err := sender.DryRun(context.Background(), doc, sender.Options{Points: sender.Int(6)})
	if err != nil {
		t.Fatal(err)
	}
	if time.Since(start) > time.Second || len(r.Lines()) != 6 {
		t.Errorf("the dry-run took %s for %d lines", time.Since(start), len(r.Lines()))
	}
	wantIn(t, r.Text(), "sent an interval apart, so the send takes 50s")
}

// A send to UDP says "sent" (written to the socket), never "accepted".
func TestDogStatsDSaysSentNotAccepted(t *testing.T) {
	skipIfStatsdEnv(t)
	agent := sendertest.ListenDogStatsD(t)
	res, err := sender.Send(context.Background(), statsdDoc(t, agent.Host, agent.Port, template.MetricSpec{Name: "app.calls", Type: "increment", Value: "1"}), sender.Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := res.Text()
	if strings.Contains(strings.ToLower(text), "accepted") {
		t.Errorf("a UDP send says accepted:\n%s", text)
	}
	wantIn(t, text, "Sent 1 line in 1 datagram to the DogStatsD agent at "+agent.Addr, "written to its UDP socket")
	if h := res.Headline(); !strings.HasPrefix(h, "Sent 1 DogStatsD line") {
		t.Errorf("headline = %q", h)
	}
}
