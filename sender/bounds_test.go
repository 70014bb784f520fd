package sender_test

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rk-tui/rk-tui/sender"
	"github.com/rk-tui/rk-tui/sender/sendertest"
	"github.com/rk-tui/rk-tui/template"
)

// Every numeric setting has a bound, checked before anything is built: a
// huge number of points used to panic in makeslice, overflow the back-date
// check, or build gigabytes of DogStatsD lines.
func TestEveryNumericSettingIsBounded(t *testing.T) {
	api := checkoutDoc(t)
	statsd := statsdDoc(t, "127.0.0.1", 8125, template.MetricSpec{Name: "app.calls", Type: "increment", Value: "1"})
	many := make([]template.MetricSpec, 100)
	for i := range many {
		many[i] = template.MetricSpec{Name: "bulk.m" + strconv.Itoa(i), Type: "gauge", Value: "x"}
	}
	wide := apiDoc(t, many...)
	cases := []struct {
		name    string
		doc     *template.Document
		opts    sender.Options
		setting string
		parts   []string
	}{
		{"points at MaxInt64", api, sender.Options{Points: sender.Int(math.MaxInt64)}, "points", []string{"from 1 to 3541"}},
		{"points that overflowed the back-date check", api, sender.Options{Points: sender.Int(1844674409)}, "points", []string{"from 1 to 3541"}},
		{"a million DogStatsD points", statsd, sender.Options{Points: sender.Int(1_000_000)}, "points", []string{"from 1 to 3541"}},
		{"DogStatsD points that would wait hours", statsd, sender.Options{Points: sender.Int(400)}, "points", []string{"waits 1h6m30s", "at most 355 points"}},
		{"zero points", api, sender.Options{Points: sender.Int(0)}, "points", []string{"is 0"}},
		{"points of all metrics together", wide, sender.Options{Points: sender.Int(3000), Interval: sender.Duration(time.Second)}, "points", []string{"100 metrics with 3000 points each make 300000", "at most 200000"}},
		{"zero interval", api, sender.Options{Interval: sender.Duration(0)}, "interval", []string{"is 0s", "from 1s to 1h"}},
		{"an interval of centuries", api, sender.Options{Interval: sender.Duration(math.MaxInt64)}, "interval", []string{"from 1s to 1h"}},
		{"zero timeout", api, sender.Options{Timeout: sender.Duration(0)}, "timeout", []string{"is 0s"}},
		{"a timeout of centuries", api, sender.Options{Timeout: sender.Duration(math.MaxInt64)}, "timeout", []string{"from 1ms to 10m"}},
		{"too many retries", api, sender.Options{Retry: sender.RetryPolicy{MaxAttempts: 12}}, "retries", []string{"is 11", "from 0 to 10"}},
		{"negative retries", api, sender.Options{Retry: sender.RetryPolicy{MaxAttempts: 0, BaseDelay: time.Second}}, "retries", []string{"is -1"}},
		{"infinite value", api, sender.Options{Value: sender.Float(math.Inf(1))}, "value", []string{"finite"}},
		{"a host name of a megabyte", api, sender.Options{Host: strings.Repeat("h", 1<<20)}, "host", []string{"at most 255"}},
		{"agent port", statsd, sender.Options{AgentPort: 70000}, "agent", []string{"1 to 65535"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := sender.DryRun(context.Background(), c.doc, c.opts)
			configError(t, err, c.setting, c.parts...)
		})
	}
	// The largest accepted values still work.
	if _, err := sender.NewPlan(api, sender.Options{Points: sender.Int(sender.MaxPoints), Interval: sender.Duration(time.Second)}); err != nil {
		t.Errorf("%d points 1s apart: %v", sender.MaxPoints, err)
	}
}

// Messages call a setting by the caller's name for it (rk-tui send: its
// flags), or else in plain words, never by a flag the caller lacks.
func TestMessagesNameSettingsAsTheCallerDoes(t *testing.T) {
	flags := map[string]string{sender.SettingPoints: "--points", sender.SettingInterval: "--interval", sender.SettingAPIKeyFile: "--api-key-file FILE"}
	named := func(s string) string { return flags[s] }
	doc := checkoutDoc(t)
	_, err := sender.NewPlan(doc, sender.Options{Points: sender.Int(400), SettingName: named})
	configError(t, err, "points", "use at most 178 points (--points), or a shorter interval (--interval)")
	_, err = sender.NewPlan(doc, sender.Options{Points: sender.Int(0), SettingName: named})
	configError(t, err, "points", "--points is 0")
	_, err = sender.Send(context.Background(), doc, sender.Options{SettingName: named})
	configError(t, err, "api-key", "set DD_API_KEY, or use --api-key-file FILE")

	_, err = sender.NewPlan(doc, sender.Options{Points: sender.Int(400)})
	configError(t, err, "points", "use at most 178 points, or a shorter interval")
	if strings.Contains(err.Error(), "--") {
		t.Errorf("a message without caller names names a flag: %v", err)
	}
}

// A caller without names of its own (the studio) never reads a flag in a
// message: every failure a send can meet speaks of settings in words.
func TestNoMessageNamesAFlagTheCallerLacks(t *testing.T) {
	doc := checkoutDoc(t)
	notFound := sendertest.NewIntake(t, sendertest.AllowViolations())
	notFound.Always("/api/v1/validate", sendertest.Response{Status: http.StatusNotFound})
	slow := sendertest.NewIntake(t)
	slow.Enqueue("/api/v2/series", sendertest.Response{Status: http.StatusAccepted, Delay: 5 * time.Second})
	bad := sendertest.NewIntake(t)
	bad.Enqueue("/api/v2/series", sendertest.Response{Status: http.StatusBadRequest})
	moved := sendertest.NewIntake(t)
	moved.Enqueue("/api/v1/validate", sendertest.Response{Status: http.StatusTemporaryRedirect, Header: http.Header{"Location": {"https://elsewhere.example/"}}})
	host, port := sendertest.ClosedPort(t)
	cases := map[string]func() error{
		"no key":          func() error { _, err := sender.Send(context.Background(), doc, sender.Options{}); return err },
		"past the window": func() error { _, err := sender.NewPlan(doc, sender.Options{Points: sender.Int(3000)}); return err },
		"bad site":        func() error { _, err := sender.NewPlan(doc, sender.Options{Site: "datadog.co"}); return err },
		"http url":        func() error { _, err := sender.NewPlan(doc, sender.Options{APIURL: "http://10.0.0.1"}); return err },
		"not found":       func() error { _, err := sendTo(t, notFound, nil); return err },
		"timeout": func() error {
			_, err := sendTo(t, slow, func(o *sender.Options) { o.Timeout = sender.Duration(50 * time.Millisecond) })
			return err
		},
		"bad request": func() error { _, err := sendTo(t, bad, nil); return err },
		"redirect":    func() error { _, err := sendTo(t, moved, nil); return err },
		"refused": func() error {
			_, err := sender.Send(context.Background(), doc, sender.Options{APIURL: sendertest.ClosedURL(t), APIKey: testKey})
			return err
		},
		"dns": func() error {
			_, err := sender.Send(context.Background(), doc, sender.Options{APIURL: "https://nowhere.invalid", APIKey: testKey})
			return err
		},
		"no agent": func() error {
			_, err := sender.Send(context.Background(), statsdDoc(t, host, port, template.MetricSpec{Name: "a.b", Type: "gauge", Value: "1"}), sender.Options{})
			return err
		},
		"count value": func() error {
			_, err := sender.NewPlan(statsdDoc(t, host, port, template.MetricSpec{Name: "a.b", Type: "increment", Value: "1"}), sender.Options{Value: sender.Float(0.5)})
			return err
		},
	}
	for name, run := range cases {
		t.Run(name, func(t *testing.T) {
			err := run()
			if err == nil {
				t.Fatal("no error")
			}
			if strings.Contains(err.Error(), "--") {
				t.Errorf("the message names a flag: %v", err)
			}
		})
	}
}

// DescribeError is what --format json prints under "error".
func TestDescribeError(t *testing.T) {
	_, err := sender.NewPlan(checkoutDoc(t), sender.Options{Points: sender.Int(0)})
	if e := sender.DescribeError(err); e.Kind != "config-points" || e.Setting != "points" || !e.Config() || e.Interrupted() {
		t.Errorf("config error: %+v", e)
	}
	in := sendertest.NewIntake(t)
	in.Always("/api/v2/series", sendertest.Response{Status: http.StatusGatewayTimeout})
	_, err = sendTo(t, in, nil)
	if e := sender.DescribeError(err); e.Kind != "server-error" || e.Status != 504 || !e.MayHaveArrived || len(e.Counts) != 2 || e.Config() {
		t.Errorf("504: %+v", e)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = sender.Send(ctx, checkoutDoc(t), sender.Options{APIKey: testKey})
	if e := sender.DescribeError(err); !e.Interrupted() {
		t.Errorf("cancelled: %+v", e)
	}
}
