package sender_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/rk-tui/rk-tui/sender"
	"github.com/rk-tui/rk-tui/sender/sendertest"
)

// A 202 is the intake taking the points, whatever its body: reporting a
// failure would have the user send them again and double the counts.
func TestA202IsAcceptedWhateverItsBody(t *testing.T) {
	bodies := map[string]sendertest.Response{
		"cut":      {Status: http.StatusAccepted, Body: `{"errors":[`, Size: 1 << 20},
		"not JSON": {Status: http.StatusAccepted, Body: "<html>accepted</html>"},
		"empty":    {Status: http.StatusAccepted, Body: " "},
	}
	for name, answer := range bodies {
		t.Run(name, func(t *testing.T) {
			in := sendertest.NewIntake(t)
			in.Enqueue("/api/v2/series", answer)
			res, err := sendTo(t, in, nil)
			if err != nil {
				t.Fatalf("a 202 was reported as a failure: %v", err)
			}
			if res.Requests != 1 || res.Points != 3 || !res.Metrics[0].Sent || in.Count("/api/v2/series") != 1 {
				t.Errorf("result: %d requests, %d points, sent %v; posts %d", res.Requests, res.Points, res.Metrics[0].Sent, in.Count("/api/v2/series"))
			}
			if name != "empty" {
				wantIn(t, res.Text(), "Datadog accepted 3 series", "202 Accepted but its answer could not be read", "the points were accepted")
			}
		})
	}
}

// An answer that may mean "arrived" (a proxy's 502, 503 or 504, no answer
// at all) is not retried for count and rate series, and the error and the
// result say what may have been counted.
func TestNoDoubleCounts(t *testing.T) {
	for _, status := range []int{http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			in := sendertest.NewIntake(t)
			in.Always("/api/v2/series", sendertest.Response{Status: status})
			res, err := sendTo(t, in, nil)
			se := sendError(t, err, sender.KindServerError)
			if se.Attempts != 1 || in.Count("/api/v2/series") != 1 || !se.MayHaveArrived {
				t.Errorf("%d attempts, %d posts, may have arrived %v; want 1, 1, true", se.Attempts, in.Count("/api/v2/series"), se.MayHaveArrived)
			}
			if strings.Join(se.Counts, ",") != "checkout.items,checkout.requests" {
				t.Errorf("counts = %q", se.Counts)
			}
			wantIn(t, err.Error(), "may still have arrived", "count and rate metrics checkout.items, checkout.requests", "count them twice", "not retried", "look in Metrics Explorer")
			for _, m := range res.Metrics {
				if m.Sent || !m.MayHaveArrived {
					t.Errorf("%s: sent %v, may have arrived %v", m.Name, m.Sent, m.MayHaveArrived)
				}
			}
			if !res.Reached() {
				t.Error("the result does not say points may have arrived")
			}
			wantIn(t, res.Text(), "May have arrived (no success came back): checkout.items, checkout.requests, checkout.queue.depth")
		})
	}
	t.Run("gauges are retried", func(t *testing.T) {
		in := sendertest.NewIntake(t)
		in.Enqueue("/api/v2/series", sendertest.Response{Status: http.StatusGatewayTimeout}, sendertest.Response{Status: http.StatusBadGateway})
		res, err := sender.Send(context.Background(), gaugeDoc(t), sender.Options{APIURL: in.URL, APIKey: testKey, Retry: fastRetry})
		if err != nil || res.Retries != 2 || in.Count("/api/v2/series") != 3 {
			t.Errorf("gauges after a 504 and a 502: %v, %d retries, %d posts; want success after 2 retries", err, res.Retries, in.Count("/api/v2/series"))
		}
	})
	t.Run("a 500 says it failed and is retried", func(t *testing.T) {
		in := sendertest.NewIntake(t)
		in.Enqueue("/api/v2/series", sendertest.Response{Status: http.StatusInternalServerError})
		res, err := sendTo(t, in, nil)
		if err != nil || res.Retries != 1 {
			t.Errorf("a 500 then 202: %v, %d retries", err, res.Retries)
		}
	})
	t.Run("no answer in time", func(t *testing.T) {
		in := sendertest.NewIntake(t)
		in.Enqueue("/api/v2/series", sendertest.Response{Status: http.StatusAccepted, Delay: 5 * time.Second})
		res, err := sendTo(t, in, func(o *sender.Options) { o.Timeout = sender.Duration(100 * time.Millisecond) })
		se := sendError(t, err, sender.KindTimeout)
		if !se.MayHaveArrived || !res.Metrics[0].MayHaveArrived || se.Attempts != 1 {
			t.Errorf("may have arrived %v / %v after %d attempts", se.MayHaveArrived, res.Metrics[0].MayHaveArrived, se.Attempts)
		}
	})
	t.Run("a 400 did not arrive", func(t *testing.T) {
		in := sendertest.NewIntake(t)
		in.Enqueue("/api/v2/series", sendertest.Response{Status: http.StatusBadRequest})
		res, err := sendTo(t, in, nil)
		se := sendError(t, err, sender.KindBadRequest)
		if se.MayHaveArrived || res.Reached() || strings.Contains(err.Error(), "may still have arrived") {
			t.Errorf("a 400 is said to have maybe arrived: %v", err)
		}
	})
	t.Run("interrupted in flight", func(t *testing.T) {
		in := sendertest.NewIntake(t)
		in.Enqueue("/api/v2/series", sendertest.Response{Status: http.StatusAccepted, Delay: 10 * time.Second})
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		res, err := sender.Send(ctx, checkoutDoc(t), sender.Options{APIURL: in.URL, APIKey: testKey})
		if !errors.Is(err, context.Canceled) || !res.Reached() || !res.Metrics[0].MayHaveArrived {
			t.Errorf("Ctrl+C during the POST: %v; result %+v", err, res.Metrics)
		}
	})
}
