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

func sendTo(t *testing.T, in *sendertest.Intake, mod func(*sender.Options)) (*sender.Result, error) {
	t.Helper()
	opts := sender.Options{APIURL: in.URL, APIKey: testKey, APIKeySource: "DD_API_KEY", Retry: fastRetry, Timeout: sender.Duration(2 * time.Second)}
	if mod != nil {
		mod(&opts)
	}
	return sender.Send(context.Background(), checkoutDoc(t), opts)
}

func sendError(t *testing.T, err error, kind sender.ErrorKind) *sender.SendError {
	t.Helper()
	var se *sender.SendError
	if !errors.As(err, &se) {
		t.Fatalf("error = %v (%T), want a *SendError of kind %s", err, err, kind)
	}
	if se.Kind != kind {
		t.Fatalf("error kind = %s, want %s: %v", se.Kind, kind, err)
	}
	noKey(t, err.Error())
	return se
}

func wantIn(t *testing.T, msg string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(msg, p) {
			t.Errorf("the message lacks %q:\n%s", p, msg)
		}
	}
}

func TestRetry429Then202(t *testing.T) {
	in := sendertest.NewIntake(t)
	in.Enqueue("/api/v2/series", sendertest.Response{Status: http.StatusTooManyRequests, Header: http.Header{"X-RateLimit-Reset": {"0"}}})
	var progress []string
	res, err := sendTo(t, in, func(o *sender.Options) { o.Progress = func(m string) { progress = append(progress, m) } })
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	if res.Retries != 1 || res.Requests != 1 || in.Count("/api/v2/series") != 2 {
		t.Errorf("retries %d, accepted requests %d, posts %d; want 1, 1, 2", res.Retries, res.Requests, in.Count("/api/v2/series"))
	}
	if !slicesContain(progress, "429 Too Many Requests; retrying in") {
		t.Errorf("progress did not say it retried: %q", progress)
	}
	if !strings.Contains(res.Text(), "after 1 retry") {
		t.Errorf("the result text does not mention the retry:\n%s", res.Text())
	}
}

func slicesContain(list []string, part string) bool {
	for _, s := range list {
		if strings.Contains(s, part) {
			return true
		}
	}
	return false
}

func TestRateLimitResetPastTheBudget(t *testing.T) {
	in := sendertest.NewIntake(t)
	in.Always("/api/v2/series", sendertest.Response{Status: http.StatusTooManyRequests, Header: http.Header{"X-RateLimit-Reset": {"60"}}})
	start := time.Now()
	_, err := sendTo(t, in, nil)
	se := sendError(t, err, sender.KindRateLimited)
	if time.Since(start) > time.Second || se.Attempts != 1 {
		t.Errorf("waited %s over %d attempts; a reset past the retry budget should give up at once", time.Since(start), se.Attempts)
	}
	wantIn(t, err.Error(), "429 Too Many Requests", "Datadog asked to wait 1m0s")
}

func TestPersistent500GivesUpWithinItsBound(t *testing.T) {
	t.Run("count", func(t *testing.T) {
		in := sendertest.NewIntake(t)
		in.Always("/api/v2/series", sendertest.Response{Status: http.StatusInternalServerError})
		res, err := sendTo(t, in, nil)
		se := sendError(t, err, sender.KindServerError)
		if !se.GaveUp || se.Attempts != 3 || in.Count("/api/v2/series") != 3 {
			t.Errorf("gave up %v after %d attempts (%d posts); want after 3", se.GaveUp, se.Attempts, in.Count("/api/v2/series"))
		}
		if res == nil || !res.KeyChecked || res.Requests != 0 {
			t.Errorf("partial result = %+v; want the key checked and nothing accepted", res)
		}
		wantIn(t, err.Error(), "sending request 1 of 1", "500 Internal Server Error", "gave up after 3 attempts", "status.datadoghq.com")
	})
	t.Run("time", func(t *testing.T) {
		// Gauges: a 503 is retried (a count's would not be, see
		// TestNoDoubleCounts).
		in := sendertest.NewIntake(t)
		in.Always("/api/v2/series", sendertest.Response{Status: http.StatusServiceUnavailable})
		start := time.Now()
		_, err := sender.Send(context.Background(), gaugeDoc(t), sender.Options{APIURL: in.URL, APIKey: testKey,
			Retry: sender.RetryPolicy{MaxAttempts: sender.MaxRetries + 1, MaxElapsed: 150 * time.Millisecond, BaseDelay: 20 * time.Millisecond, MaxDelay: 40 * time.Millisecond}})
		se := sendError(t, err, sender.KindServerError)
		if elapsed := time.Since(start); elapsed > 2*time.Second || se.Attempts > sender.MaxRetries || !se.GaveUp {
			t.Errorf("gave up %v after %d attempts in %s; want a stop near 150ms", se.GaveUp, se.Attempts, elapsed)
		}
	})
}

func TestKeyRejected(t *testing.T) {
	t.Run("key check", func(t *testing.T) {
		in := sendertest.NewIntake(t, sendertest.WithKey("another-key-entirely-0000000000"))
		_, err := sendTo(t, in, nil)
		se := sendError(t, err, sender.KindKeyRejected)
		if se.Status != http.StatusForbidden || in.Count("/api/v2/series") != 0 {
			t.Errorf("status %d, posts %d; want 403 and no series sent", se.Status, in.Count("/api/v2/series"))
		}
		wantIn(t, err.Error(), "checking the API key", "rejected the API key", "403 Forbidden", "********cdef", "DD_API_KEY")
	})
	t.Run("site named", func(t *testing.T) {
		in := sendertest.NewIntake(t, sendertest.WithKey("another-key-entirely-0000000000"))
		_, err := sendTo(t, in, func(o *sender.Options) { o.SkipValidate = true })
		se := sendError(t, err, sender.KindKeyRejected)
		if in.Count("/api/v1/validate") != 0 || se.Attempts != 1 {
			t.Errorf("key checks %d, attempts %d; want 0 and 1", in.Count("/api/v1/validate"), se.Attempts)
		}
		wantIn(t, err.Error(), "sending request 1 of 1", in.URL)
	})
}

func TestBadRequestShowsDatadogsErrors(t *testing.T) {
	in := sendertest.NewIntake(t)
	in.Enqueue("/api/v2/series", sendertest.Response{Status: http.StatusBadRequest, Body: `{"errors":["Invalid metric name","Point value must be finite"]}`})
	_, err := sendTo(t, in, nil)
	se := sendError(t, err, sender.KindBadRequest)
	if len(se.Errors) != 2 || se.Errors[0] != "Invalid metric name" || in.Count("/api/v2/series") != 1 {
		t.Errorf("errors %q after %d posts; want Datadog's two errors after 1 (a 400 is not retried)", se.Errors, in.Count("/api/v2/series"))
	}
	wantIn(t, err.Error(), "400 Bad Request", "Invalid metric name; Point value must be finite", "rk-tui validate")
}

func TestTooLarge(t *testing.T) {
	in := sendertest.NewIntake(t)
	in.Enqueue("/api/v2/series", sendertest.Response{Status: http.StatusRequestEntityTooLarge})
	_, err := sendTo(t, in, nil)
	sendError(t, err, sender.KindTooLarge)
	wantIn(t, err.Error(), "too large", "413", "proxy")
}

func TestSlowServerTimesOut(t *testing.T) {
	in := sendertest.NewIntake(t)
	in.Enqueue("/api/v2/series", sendertest.Response{Status: http.StatusAccepted, Delay: 10 * time.Second})
	start := time.Now()
	_, err := sendTo(t, in, func(o *sender.Options) { o.Timeout = sender.Duration(200 * time.Millisecond) })
	se := sendError(t, err, sender.KindTimeout)
	if elapsed := time.Since(start); elapsed > 3*time.Second {
		t.Errorf("took %s to give up; the timeout is 200ms", elapsed)
	}
	if se.Attempts != 1 || in.Count("/api/v2/series") != 1 {
		t.Errorf("%d attempts; a timeout is not retried (the points may have arrived)", se.Attempts)
	}
	wantIn(t, err.Error(), "no answer from POST "+in.URL+"/api/v2/series within 200ms", "raise the timeout", "may still have arrived")
}

func TestClosedPortIsRefused(t *testing.T) {
	url := sendertest.ClosedURL(t)
	start := time.Now()
	_, err := sender.Send(context.Background(), checkoutDoc(t), sender.Options{APIURL: url, APIKey: testKey, Retry: fastRetry})
	se := sendError(t, err, sender.KindRefused)
	if se.Attempts != 1 || time.Since(start) > 2*time.Second {
		t.Errorf("%d attempts in %s; a refused connection fails at once", se.Attempts, time.Since(start))
	}
	wantIn(t, err.Error(), "checking the API key", "connection to", "was refused", url, "is the proxy or local intake running")
}

func TestRedirectIsNotFollowed(t *testing.T) {
	in := sendertest.NewIntake(t)
	elsewhere := sendertest.NewIntake(t)
	in.Enqueue("/api/v1/validate", sendertest.Response{Status: http.StatusTemporaryRedirect, Header: http.Header{"Location": {elsewhere.URL + "/api/v1/validate"}}})
	_, err := sendTo(t, in, nil)
	sendError(t, err, sender.KindHTTPStatus)
	if n := len(elsewhere.Requests()); n != 0 {
		t.Fatalf("the redirect was followed: the key went to another server %d times", n)
	}
	wantIn(t, err.Error(), "307 Temporary Redirect", "redirects to "+elsewhere.URL, "follows no redirect")
}

func TestCtrlCCancelsCleanly(t *testing.T) {
	t.Run("in flight", func(t *testing.T) {
		in := sendertest.NewIntake(t)
		in.Enqueue("/api/v2/series", sendertest.Response{Status: http.StatusAccepted, Delay: 10 * time.Second})
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		start := time.Now()
		res, err := sender.Send(ctx, checkoutDoc(t), sender.Options{APIURL: in.URL, APIKey: testKey, Timeout: sender.Duration(30 * time.Second)})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("error = %v, want one that wraps context.Canceled", err)
		}
		if time.Since(start) > 2*time.Second {
			t.Errorf("took %s to stop after Ctrl+C", time.Since(start))
		}
		if res == nil || !res.KeyChecked || res.Requests != 0 {
			t.Errorf("partial result = %+v; want the key checked and nothing accepted", res)
		}
	})
	t.Run("during a retry wait", func(t *testing.T) {
		in := sendertest.NewIntake(t)
		in.Always("/api/v2/series", sendertest.Response{Status: http.StatusInternalServerError})
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		start := time.Now()
		res, err := sender.Send(ctx, checkoutDoc(t), sender.Options{APIURL: in.URL, APIKey: testKey,
			Retry: sender.RetryPolicy{MaxAttempts: 5, MaxElapsed: time.Minute, BaseDelay: 20 * time.Second, MaxDelay: 20 * time.Second}})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("error = %v, want one that wraps context.Canceled", err)
		}
		if time.Since(start) > 2*time.Second {
			t.Errorf("took %s to stop after Ctrl+C", time.Since(start))
		}
		if res.Reached() {
			t.Errorf("stopped while waiting to retry a 500, the result says points may have arrived: %+v", res.Metrics)
		}
	})
}
