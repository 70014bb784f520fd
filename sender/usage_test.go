package sender_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rk-tui/rk-tui/sender"
	"github.com/rk-tui/rk-tui/sender/sendertest"
	"github.com/rk-tui/rk-tui/template"
)

// appKey looks like a real application key, so a leak would show.
const appKey = "aaaabbbbccccddddeeeeffff0000111122223333"

func usageOpts(in *sendertest.Intake) sender.Options {
	return sender.Options{APIURL: in.URL, APIKey: testKey, APIKeySource: "DD_API_KEY", AppKey: appKey, Retry: fastRetry, Timeout: sender.Duration(2 * time.Second)}
}

func noAppKey(t *testing.T, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if strings.Contains(s, appKey) {
			t.Fatalf("the application key leaked:\n%s", s)
		}
	}
}

// TestFetchUsage reads an account through the real client over real HTTP
// from the loopback intake, which checks every request, and its own
// answers, against Datadog's OpenAPI specs.
func TestFetchUsage(t *testing.T) {
	in := sendertest.NewIntake(t, sendertest.WithKey(testKey), sendertest.WithAppKey(appKey))
	in.SetMetric("checkout.items", sendertest.MetricState{
		Tags:         []string{"env:prod", "env:staging", "team:cart", "host:a", "host:b"},
		IngestedTags: []string{"env:dev", "shard:1", "shard:2"},
		Indexed:      12, Ingested: 30, Configured: true, Estimate: 6,
	})
	in.SetMetric("checkout.queue.depth", sendertest.MetricState{Tags: []string{"host:a"}, Indexed: 2})
	in.SetTopMetrics([]sendertest.TopMetric{
		{Name: "other.metric", Avg: 100, Max: 120},
		{Name: "checkout.items", Avg: 12, Max: 15},
		{Name: "system.cpu.user", Avg: 500, Max: 500, Category: "standard"},
		{Name: "small.metric", Avg: 3, Max: 4},
	})
	var progress []string
	opts := usageOpts(in)
	opts.Progress = func(m string) { progress = append(progress, m) }
	u, err := sender.FetchUsage(context.Background(), checkoutDoc(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Metrics) != 3 {
		t.Fatalf("%d metrics", len(u.Metrics))
	}
	items, requests, depth := u.Metrics[0], u.Metrics[1], u.Metrics[2]
	if !items.Exists || items.Indexed != 12 || items.Ingested != 30 || !items.Configured || items.Estimate == nil || *items.Estimate != 6 {
		t.Errorf("checkout.items = %+v", items)
	}
	if want := map[string]uint64{"env": 3, "team": 1, "host": 2, "shard": 2}; !maps.Equal(items.TagValues, want) {
		t.Errorf("checkout.items tag values = %v, want %v", items.TagValues, want)
	}
	if strings.Join(items.EstimateKeys, ",") != "env,team" {
		t.Errorf("the estimate keeps %v, want the template's keys env, team", items.EstimateKeys)
	}
	if requests.Exists || requests.Indexed != 0 || requests.Estimate != nil {
		t.Errorf("checkout.requests does not exist yet: %+v", requests)
	}
	if !depth.Exists || depth.Indexed != 2 || depth.Configured || depth.Estimate != nil {
		t.Errorf("checkout.queue.depth (no tag keys: no estimate) = %+v", depth)
	}
	// The profile's tag values: the template's keys only, as seen.
	if want := map[string]uint64{"env": 3, "team": 1}; !maps.Equal(u.TagValues, want) {
		t.Errorf("tag values for the profile = %v, want %v", u.TagValues, want)
	}
	a := u.Account
	if a == nil || a.CustomMetrics != 115 || a.TemplateMetrics != 12 || a.Existing != 103 || !a.Complete {
		t.Fatalf("account = %+v (error %q)", a, u.AccountError)
	}
	if len(a.Top) != 3 || a.Top[0].Name != "other.metric" || a.Top[2].Name != "small.metric" {
		t.Errorf("top = %+v", a.Top)
	}
	if now := time.Now().UTC(); a.Month.Year() != now.Year() || a.Month.Month() != now.Month() || a.Month.Day() != 1 {
		t.Errorf("month = %v", a.Month)
	}
	if !slicesContain(progress, "reading the volume of checkout.items") || !slicesContain(progress, "reading the account's custom metrics") {
		t.Errorf("progress = %q", progress)
	}
	for _, r := range in.Requests() {
		if strings.HasPrefix(r.Path, "/api/v2/metrics/") || strings.HasPrefix(r.Path, "/api/v1/usage/") {
			if r.Header.Get("Dd-Application-Key") != appKey {
				t.Errorf("%s went without the application key", r.Path)
			}
		} else if r.Header.Get("Dd-Application-Key") != "" {
			t.Errorf("%s carried the application key, which it does not need", r.Path)
		}
	}
	noKey(t, fmt.Sprint(u))
	noAppKey(t, fmt.Sprint(u), fmt.Sprintf("%v %+v %#v", opts, opts, opts))
}

// What a send puts in is what the account then reports: each distinct tag
// set and host is a series.
func TestFetchUsageAfterASend(t *testing.T) {
	in := sendertest.NewIntake(t)
	doc := checkoutDoc(t)
	for _, host := range []string{"web-1", "web-2"} {
		if _, err := sender.Send(context.Background(), doc, sender.Options{APIURL: in.URL, APIKey: testKey, Host: host}); err != nil {
			t.Fatal(err)
		}
	}
	u, err := sender.FetchUsage(context.Background(), doc, usageOpts(in))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range u.Metrics {
		if !m.Exists || m.Indexed != 2 || m.TagValues["host"] != 2 {
			t.Errorf("%s after sends from 2 hosts: %+v", m.Name, m)
		}
	}
	if e := u.Metrics[0].Estimate; e == nil || *e != 1 {
		t.Errorf("estimate keeping env and team = %v, want 1 (one combination)", e)
	}
}

// A DogStatsD histogram is read as what Datadog stores: five metrics.
func TestFetchUsageOfAHistogram(t *testing.T) {
	in := sendertest.NewIntake(t)
	for i, s := range template.HistogramSuffixes {
		in.SetMetric("worker.batch.size."+s, sendertest.MetricState{Tags: []string{"env:prod"}, Indexed: int64(i + 1)})
	}
	doc := statsdDoc(t, "127.0.0.1", 8125, template.MetricSpec{Name: "worker.batch.size", Type: "histogram", Value: "1", Tags: []string{"env:prod"}})
	u, err := sender.FetchUsage(context.Background(), doc, usageOpts(in))
	if err != nil {
		t.Fatal(err)
	}
	m := u.Metrics[0]
	if len(m.Stored) != 5 || m.Stored[0].Name != "worker.batch.size.avg" || m.Indexed != 15 || !m.Exists {
		t.Errorf("histogram usage = %+v", m)
	}
	for _, r := range in.Requests() {
		if r.Path == "/api/v2/metrics/worker.batch.size/volumes" {
			t.Error("the histogram's own name was asked for; Datadog stores none")
		}
	}
}

// A template that never ran: nothing exists, and the usage says that is
// normal rather than failing.
func TestFetchUsageOfANewTemplate(t *testing.T) {
	in := sendertest.NewIntake(t)
	u, err := sender.FetchUsage(context.Background(), checkoutDoc(t), usageOpts(in))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range u.Metrics {
		if m.Exists {
			t.Errorf("%s exists", m.Name)
		}
	}
	if !slices.Contains(u.Notes, sender.NoteNotYet) || len(u.TagValues) != 0 {
		t.Errorf("notes %q, tag values %v", u.Notes, u.TagValues)
	}
	if u.Account == nil || u.Account.Existing != 0 {
		t.Errorf("account = %+v", u.Account)
	}
}

func TestFetchUsageErrors(t *testing.T) {
	doc := checkoutDoc(t)
	t.Run("no application key", func(t *testing.T) {
		in := sendertest.NewIntake(t)
		opts := usageOpts(in)
		opts.AppKey = ""
		_, err := sender.FetchUsage(context.Background(), doc, opts)
		configError(t, err, "app-key", "no application key", "DD_APP_KEY", "Metrics Read")
		if n := len(in.Requests()); n != 0 {
			t.Errorf("%d requests without an application key", n)
		}
	})
	t.Run("no API key", func(t *testing.T) {
		opts := usageOpts(sendertest.NewIntake(t))
		opts.APIKey = ""
		_, err := sender.FetchUsage(context.Background(), doc, opts)
		configError(t, err, "api-key", "DD_API_KEY")
	})
	t.Run("application key refused", func(t *testing.T) {
		in := sendertest.NewIntake(t, sendertest.WithAppKey("another-application-key-0000000000000000"))
		in.SetMetric("checkout.items", sendertest.MetricState{Indexed: 1})
		_, err := sender.FetchUsage(context.Background(), doc, usageOpts(in))
		se := sendError(t, err, sender.KindForbidden)
		noAppKey(t, err.Error())
		wantIn(t, err.Error(), "403 Forbidden", "application key ********3333 from DD_APP_KEY", "Metrics Read permission (metrics_read)")
		if se.Attempts != 1 {
			t.Errorf("a 403 was tried %d times", se.Attempts)
		}
	})
	t.Run("no metrics_read", func(t *testing.T) {
		in := sendertest.NewIntake(t, sendertest.WithoutPermission("metrics_read"))
		_, err := sender.FetchUsage(context.Background(), doc, usageOpts(in))
		sendError(t, err, sender.KindForbidden)
		wantIn(t, err.Error(), "lacks the metrics_read permission", "(metrics_read)")
	})
	t.Run("no usage_read", func(t *testing.T) {
		in := sendertest.NewIntake(t, sendertest.WithoutPermission("usage_read"))
		in.SetMetric("checkout.items", sendertest.MetricState{Indexed: 4})
		u, err := sender.FetchUsage(context.Background(), doc, usageOpts(in))
		if err != nil {
			t.Fatalf("the metrics were read; the account's list failing is no error: %v", err)
		}
		if u.Account != nil || !strings.Contains(u.AccountError, "Usage Read permission (usage_read)") || u.Metrics[0].Indexed != 4 {
			t.Errorf("account %+v, error %q", u.Account, u.AccountError)
		}
	})
	t.Run("rate limited, then answered", func(t *testing.T) {
		in := sendertest.NewIntake(t)
		in.SetMetric("checkout.items", sendertest.MetricState{Indexed: 4})
		in.Enqueue("/api/v2/metrics/checkout.items/volumes", sendertest.Response{Status: http.StatusTooManyRequests, Header: http.Header{"X-RateLimit-Reset": {"0"}}})
		u, err := sender.FetchUsage(context.Background(), doc, usageOpts(in))
		if err != nil || u.Metrics[0].Indexed != 4 {
			t.Fatalf("after one 429: %v, %+v", err, u)
		}
		if n := in.Count("/api/v2/metrics/checkout.items/volumes"); n != 2 {
			t.Errorf("%d requests for the volume, want 2", n)
		}
	})
	t.Run("rate limited for good", func(t *testing.T) {
		in := sendertest.NewIntake(t)
		in.SetMetric("checkout.items", sendertest.MetricState{Indexed: 4})
		in.Always("/api/v2/metrics/checkout.items/volumes", sendertest.Response{Status: http.StatusTooManyRequests})
		_, err := sender.FetchUsage(context.Background(), doc, usageOpts(in))
		se := sendError(t, err, sender.KindRateLimited)
		if se.Attempts != fastRetry.MaxAttempts || !se.GaveUp {
			t.Errorf("%d attempts, gave up %v", se.Attempts, se.GaveUp)
		}
		wantIn(t, err.Error(), "429 Too Many Requests", "rate limit", "wait")
	})
	t.Run("interrupted", func(t *testing.T) {
		in := sendertest.NewIntake(t)
		in.Enqueue("/api/v2/metrics/checkout.items/volumes", sendertest.Response{Status: http.StatusOK, Delay: 10 * time.Second})
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		_, err := sender.FetchUsage(ctx, doc, usageOpts(in))
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error = %v", err)
		}
	})
}

// The account's list is read a page at a time, every page.
func TestFetchUsageReadsEveryPage(t *testing.T) {
	in := sendertest.NewIntake(t)
	var list []sendertest.TopMetric
	total := int64(0)
	for i := range 12_000 {
		list = append(list, sendertest.TopMetric{Name: "m." + strconv.Itoa(i), Avg: int64(i % 7), Max: 7})
		total += int64(i % 7)
	}
	in.SetTopMetrics(list)
	u, err := sender.FetchUsage(context.Background(), checkoutDoc(t), usageOpts(in))
	if err != nil {
		t.Fatal(err)
	}
	if a := u.Account; a == nil || a.CustomMetrics != total || !a.Complete || len(a.Top) != sender.TopUsageMetrics {
		t.Errorf("account = %+v (%s), want %d in all", u.Account, u.AccountError, total)
	}
	if n := in.Count("/api/v1/usage/top_avg_metrics"); n != 3 {
		t.Errorf("%d pages read, want 3", n)
	}
}

// A long list of tags (a metric with an unbounded tag, the very thing the
// cost step must show) is read past the answer limit of the intake.
func TestFetchUsageReadsLongTagLists(t *testing.T) {
	in := sendertest.NewIntake(t)
	tags := make([]string, 15_000)
	for i := range tags {
		tags[i] = fmt.Sprintf("user_id:%08d-%s", i, strings.Repeat("x", 20))
	}
	in.SetMetric("checkout.items", sendertest.MetricState{Tags: tags, Indexed: 15_000})
	u, err := sender.FetchUsage(context.Background(), checkoutDoc(t), usageOpts(in))
	if err != nil {
		t.Fatal(err)
	}
	if n := u.Metrics[0].TagValues["user_id"]; n != 15_000 || u.Metrics[0].TagsCut {
		t.Errorf("user_id has %d values (cut %v), want 15000", n, u.Metrics[0].TagsCut)
	}
}

// Prefill raises a tag count, never lowers one, counts the template's own
// values for a key the profile does not set, and sets existing.
func TestPrefill(t *testing.T) {
	in := sendertest.NewIntake(t)
	in.SetMetric("checkout.items", sendertest.MetricState{Tags: []string{"env:a", "env:b", "env:c", "team:x", "team:y"}, Indexed: 6})
	in.SetTopMetrics([]sendertest.TopMetric{{Name: "other", Avg: 40}})
	doc := apiDoc(t, template.MetricSpec{Name: "checkout.items", Type: "count", Value: "x", Tags: []string{"env:prod", "Team:cart"}},
		template.MetricSpec{Name: "checkout.items", Type: "count", Value: "x", Tags: []string{"env:dev", "team:cart"}})
	u, err := sender.FetchUsage(context.Background(), doc, usageOpts(in))
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]uint64{"env": 2, "team": 1}; !maps.Equal(u.TemplateValues, want) {
		t.Errorf("template values = %v, want %v", u.TemplateValues, want)
	}
	p := u.Prefill(nil, 0)
	if want := map[string]uint64{"env": 3, "team": 2}; !maps.Equal(p.TagValues, want) || p.Existing == nil || *p.Existing != 40 {
		t.Errorf("prefill of an empty profile = %+v", p)
	}
	p = u.Prefill(map[string]uint64{"env": 10}, 40)
	if want := map[string]uint64{"team": 2}; !maps.Equal(p.TagValues, want) || p.Existing != nil {
		t.Errorf("prefill of env=10, existing 40 = %+v; a larger count set by hand stays", p)
	}
	if p := u.Prefill(map[string]uint64{"env": 3, "team": 2}, 40); !p.Empty() {
		t.Errorf("nothing to change, yet %+v", p)
	}
}
