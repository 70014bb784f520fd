package sender_test

import (
	"strings"
	"testing"
	"time"

	"github.com/rk-tui/rk-tui/sender"
	"github.com/rk-tui/rk-tui/template"
)

// testKey looks like a real key so a leak would show.
const testKey = "0123456789abcdef0123456789abcdef"

// fastRetry keeps fault tests quick.
var fastRetry = sender.RetryPolicy{MaxAttempts: 3, MaxElapsed: 2 * time.Second, BaseDelay: time.Millisecond, MaxDelay: 4 * time.Millisecond}

// apiDoc builds an API template with the given metrics.
func apiDoc(t testing.TB, metrics ...template.MetricSpec) *template.Document {
	t.Helper()
	return template.Build(template.Spec{Target: template.TargetAPI, Metrics: metrics})
}

// statsdDoc builds a DogStatsD template with the given metrics.
func statsdDoc(t testing.TB, host string, port int, metrics ...template.MetricSpec) *template.Document {
	t.Helper()
	return template.Build(template.Spec{Target: template.TargetDogStatsD, Host: host, Port: port, Metrics: metrics})
}

// checkoutDoc is a realistic API template: the three types, tags, a unit
// and an interval from x-rk-tui.
func checkoutDoc(t testing.TB) *template.Document {
	return apiDoc(t,
		template.MetricSpec{Name: "checkout.items", Type: "count", Value: "store.rookout.frame.locals.count", Tags: []string{"env:prod", "team:cart"},
			Meta: template.MetricMeta{Unit: "item", Interval: 20}},
		template.MetricSpec{Name: "checkout.requests", Type: "rate", Value: "store.rookout.frame.locals.n", Tags: []string{"endpoint:/cart/checkout"},
			Meta: template.MetricMeta{Unit: "request", PerUnit: "second"}},
		template.MetricSpec{Name: "checkout.queue.depth", Type: "gauge", Value: "store.rookout.frame.locals.depth"},
	)
}

// gaugeDoc is an API template of gauges only: resending them is harmless.
func gaugeDoc(t testing.TB) *template.Document {
	return apiDoc(t,
		template.MetricSpec{Name: "checkout.queue.depth", Type: "gauge", Value: "store.rookout.frame.locals.depth"},
		template.MetricSpec{Name: "checkout.cart.value", Type: "gauge", Value: "store.rookout.frame.locals.total", Tags: []string{"env:prod"}},
	)
}

// noKey fails the test if the key shows in any of the texts.
func noKey(t testing.TB, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if strings.Contains(s, testKey) {
			t.Fatalf("the API key leaked:\n%s", s)
		}
	}
}

func fixedClock(ts time.Time) func() time.Time { return func() time.Time { return ts } }
