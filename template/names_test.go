package template

import (
	"regexp"
	"sort"
	"strings"
	"testing"
)

func TestNormalizeMetricName(t *testing.T) {
	tests := map[string]string{
		"checkout.items":  "checkout.items",
		"Checkout.Items":  "Checkout.Items",
		"checkout-items":  "checkout_items",
		"app.café":        "app.caf_",
		"a b/c":           "a_b_c",
		"snake__case_":    "snake__case_", // metric names keep runs of _
		"":                "",
		"x\x00y":          "x_y",
		"emoji.☃.counter": "emoji._.counter",
	}
	for in, want := range tests {
		if got := NormalizeMetricName(in); got != want {
			t.Errorf("NormalizeMetricName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormalizeTag(t *testing.T) {
	tests := map[string]string{
		"env:prod":                "env:prod",
		"Env:Prod":                "env:prod",
		"host:Web-01":             "host:Web-01",
		"HOST:Web-01":             "host:Web-01",
		"Device:SDA1":             "device:SDA1",
		"Host":                    "host", // a bare tag has no value to keep
		"hostname:Web-01":         "hostname:web-01",
		"cart name:big box":       "cart_name:big_box",
		"region:eu__west!":        "region:eu_west",
		"a!!b??c":                 "a_b_c",
		"path:/api/v1.2-x_y":      "path:/api/v1.2-x_y",
		"région:Île":              "région:île",
		"trailing_":               "trailing",
		"url:http://x.y/?q=1&r=2": "url:http://x.y/_q_1_r_2",
		strings.Repeat("a", 250):  strings.Repeat("a", 200),
	}
	for in, want := range tests {
		if got := NormalizeTag(in); got != want {
			t.Errorf("NormalizeTag(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTagKeyValue(t *testing.T) {
	tests := []struct{ tag, key, value string }{
		{"env:prod", "env", "prod"},
		{"url:http://x", "url", "http://x"},
		{"canary", "canary", ""},
		{"region:", "region", ""},
		{":x", "", "x"},
	}
	for _, tt := range tests {
		if k, v := TagKey(tt.tag), TagValue(tt.tag); k != tt.key || v != tt.value {
			t.Errorf("%q: key %q value %q, want %q %q", tt.tag, k, v, tt.key, tt.value)
		}
	}
}

func TestLooksUnbounded(t *testing.T) {
	unbounded := []string{"user_id", "userid", "user", "USER_ID", "request_id", "requestid", "req_id", "session", "session_id", "sid",
		"uuid", "guid", "email", "mail", "ip", "ip_address", "client_ip", "remote_addr", "timestamp", "ts", "time", "date",
		"trace_id", "span_id", "correlation_id", "order_id", "transaction_id", "customer_id", "account_id", "cart_id",
		"token", "url", "uri", "query", "id", "http.client_ip", "usr.email"}
	bounded := []string{"status", "region", "env", "service", "tier", "endpoint", "method", "queue", "flag", "variant",
		"zip", "shipping", "ipsum", "users_count", "emailer", "uid2", "pid", "identity", "ttl", "timezone"}
	for _, k := range unbounded {
		if !LooksUnbounded(k) {
			t.Errorf("LooksUnbounded(%q) = false", k)
		}
	}
	for _, k := range bounded {
		if LooksUnbounded(k) {
			t.Errorf("LooksUnbounded(%q) = true", k)
		}
	}
}

func codes(ps []NameProblem) string {
	var out []string
	for _, p := range ps {
		out = append(out, string(p.Severity)+":"+p.Code)
	}
	return strings.Join(out, ",")
}

func TestCheckMetricName(t *testing.T) {
	tests := []struct {
		name, want, rewrite string
	}{
		{"checkout.items", "", ""},
		{"", "error:metric-name-empty", ""},
		{"  ", "error:metric-name-empty", ""},
		{"9lives", "error:metric-name-start", ""},
		{".dot", "error:metric-name-start", ""},
		{"é.name", "error:metric-name-start,error:metric-name-chars", "_.name"},
		{"a-b", "error:metric-name-chars", "a_b"},
		{strings.Repeat("a", 100), "", ""},
		{strings.Repeat("a", 101), "warning:metric-name-long", ""},
		{strings.Repeat("a", 201), "error:metric-name-length", ""},
	}
	for _, tt := range tests {
		ps := CheckMetricName(tt.name)
		if got := codes(ps); got != tt.want {
			t.Errorf("CheckMetricName(%.20q) = %s, want %s", tt.name, got, tt.want)
		}
		for _, p := range ps {
			if p.Code == "metric-name-chars" && p.Rewrite != tt.rewrite {
				t.Errorf("CheckMetricName(%q) rewrite %q, want %q", tt.name, p.Rewrite, tt.rewrite)
			}
			if p.Message == "" {
				t.Errorf("%s has no message", p.Code)
			}
		}
	}
}

func TestCheckTag(t *testing.T) {
	tests := []struct {
		tag     string
		statsd  bool
		want    string
		rewrite string
	}{
		{"component:cart", false, "", ""},
		{"component:cart", true, "", ""},
		{"", false, "error:tag-empty", ""},
		{"1x", false, "error:tag-start", ""},
		{"_x", false, "error:tag-start", ""},
		{"a|b", false, "warning:tag-chars", "a_b"},
		{"a|b", true, "error:tag-statsd-char,warning:tag-chars", "a_b"},
		{"Region:EU", false, "warning:tag-case", "region:eu"},
		{"region:", false, "warning:tag-trailing-colon", ""},
		{"env:prod", false, "warning:tag-reserved", ""},
		{"user_id:1", false, "warning:tag-unbounded", ""},
		{"User_ID:1", false, "warning:tag-case,warning:tag-unbounded", "user_id:1"},
		{strings.Repeat("b", 201), false, "error:tag-length", strings.Repeat("b", 200)},
	}
	for _, tt := range tests {
		ps := CheckTag(tt.tag, tt.statsd)
		if got := codes(ps); got != tt.want {
			t.Errorf("CheckTag(%.20q, %v) = %s, want %s", tt.tag, tt.statsd, got, tt.want)
		}
		for _, p := range ps {
			if (p.Code == "tag-chars" || p.Code == "tag-case" || p.Code == "tag-length") && p.Rewrite != tt.rewrite {
				t.Errorf("CheckTag(%.20q) %s rewrite %q, want %q", tt.tag, p.Code, p.Rewrite, tt.rewrite)
			}
		}
	}
}

// TestReservedTagKeys pins Datadog's reserved keys: exactly these six, so a
// key that is only a habit (team, owner) is not flagged as reserved.
func TestReservedTagKeys(t *testing.T) {
	want := []string{"device", "env", "host", "service", "source", "version"}
	var got []string
	for k := range ReservedTagKeys {
		got = append(got, k)
	}
	sort.Strings(got)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("ReservedTagKeys = %v, want %v", got, want)
	}
	for _, tag := range []string{"team:cart", "owner:me", "environment:prod", "hosts:3"} {
		for _, p := range CheckTag(tag, false) {
			if p.Code == "tag-reserved" {
				t.Errorf("CheckTag(%q) says reserved: %s", tag, p.Message)
			}
		}
	}
	for _, k := range want {
		if codes(CheckTag(k+":x", false)) != "warning:tag-reserved" {
			t.Errorf("CheckTag(%q) = %s", k+":x", codes(CheckTag(k+":x", false)))
		}
	}
}

// unboundedKeyPattern is the rule LooksUnbounded implements, as a regular
// expression: the test's oracle.
var unboundedKeyPattern = regexp.MustCompile(`(?i)(^|[_.\-/])(user(_?id|_?name)?|uid|request(_?id)?|req_?id|session(_?id)?|sid|uuid|guid|e?mail|email_address|ip|ip_?addr(ess)?|client_?ip|remote_?addr|timestamp|ts|time|date|datetime|trace(_?id)?|span(_?id)?|correlation(_?id)?|order_?id|transaction_?id|txn(_?id)?|customer_?id|account_?id|cart_?id|token|url|uri|query)$`)

func TestLooksUnboundedMatchesItsPattern(t *testing.T) {
	keys := []string{"", "id", "ID", "Id", "x", "user", "USER", "users", "a_user", "a.user", "a-user", "a/user", "a+user", "auser",
		"user_name", "username", "user__id", "ip", "zip", "vip", "v_ip", "ipaddress", "ip_addr", "ip_addre", "http.client_ip",
		"\u212aey", "ſid", "ſeſſion", "tokeK", "to\u212aen", "é_ts", "ts_é", "_", "__time", "date.", "uri/", "q/uery", "QUERY",
		"order-id", "orderid", "ORDER_ID", "cart_id", "customer id", "txn", "txn_id", "trace", "tracer", "span_id", "xspan"}
	for _, k := range keys {
		if got, want := LooksUnbounded(k), strings.EqualFold(k, "id") || unboundedKeyPattern.MatchString(k); got != want {
			t.Errorf("LooksUnbounded(%q) = %v, the pattern says %v", k, got, want)
		}
	}
}

func FuzzLooksUnbounded(f *testing.F) {
	for _, k := range []string{"user_id", "to\u212aen", "ſid", "a.ip", "zip"} {
		f.Add(k)
	}
	f.Fuzz(func(t *testing.T, k string) {
		if got, want := LooksUnbounded(k), strings.EqualFold(k, "id") || unboundedKeyPattern.MatchString(k); got != want {
			t.Errorf("LooksUnbounded(%q) = %v, the pattern says %v", k, got, want)
		}
	})
}

func TestNormalizeFastPaths(t *testing.T) {
	for _, tag := range []string{"a", "a_b", "a__b", "a_", "_a", "a:b/c.d-e", "A", "é", strings.Repeat("a", 200), strings.Repeat("a", 201), "a b"} {
		if isNormalTag(tag) && NormalizeTag(tag) != tag {
			t.Errorf("isNormalTag(%q) but NormalizeTag changes it", tag)
		}
	}
}
