package sender

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/rk-tui/rk-tui/template"
)

// Defaults of the options.
const (
	DefaultSite      = "datadoghq.com"
	DefaultInterval  = 10 * time.Second
	DefaultTimeout   = 10 * time.Second
	DefaultAgentHost = "localhost"
	DefaultAgentPort = 8125
)

// Options say which test points to build and where to send them. The zero
// value sends one point of value 1 per metric to datadoghq.com. NewPlan
// checks every setting against the bounds in check.go and names the one it
// refuses in a *ConfigError.
type Options struct {
	// Value of every test point. Nil means: the template's constant value
	// for a dogstatsd operation whose value is a number, else 1.
	Value *float64
	// Interval between points, and the `interval` of count and rate series,
	// in whole seconds from 1s to MaxInterval. Nil means: the metric's
	// x-rk-tui interval, else 10 s. API points are back-dated by it;
	// DogStatsD points are sent that far apart, so the send waits.
	Interval *time.Duration
	// Points per metric, from 1 to MaxPoints (nil means 1). Several points
	// are spaced by Interval, the newest now, so a graph shows at once.
	Points *int
	// Host, when set, is the host resource of every API series.
	Host string
	// Now is the clock (nil: time.Now).
	Now func() time.Time

	// Site is the Datadog site ("" means DefaultSite). It must be one the
	// client knows (see Sites).
	Site string
	// APIURL sends to another endpoint (a proxy, a local intake) instead of
	// https://api.<site>. It must be https unless its host is a loopback
	// address. Site still picks the Metrics Explorer links.
	APIURL string
	// APIKey is the Datadog API key. It is only ever sent in the DD-API-KEY
	// header and shown masked to its last four characters.
	APIKey string
	// APIKeySource says where the key came from ("DD_API_KEY", "file
	// key.txt"), for messages.
	APIKeySource string
	// AppKey is the Datadog application key (DD_APP_KEY), which only the
	// account's usage endpoints need (FetchUsage); a send never sends it.
	// It is masked like the API key.
	AppKey string
	// SkipValidate skips the key check (GET /api/v1/validate).
	SkipValidate bool
	// Timeout bounds each HTTP request and each DogStatsD connection, from
	// a millisecond to MaxTimeout (nil means DefaultTimeout).
	Timeout *time.Duration
	// Retry bounds the retries on 429 and 5xx (zero value: DefaultRetry).
	Retry RetryPolicy
	// UserAgent of the HTTP requests ("" means rk-tui plus the client's own).
	UserAgent string

	// AgentHost and AgentPort, when set, replace the target host and port
	// of every dogstatsd operation.
	AgentHost string
	AgentPort int

	// Progress, when set, hears what the send is doing ("checking the API
	// key on datadoghq.com", "429 Too Many Requests; retrying in 1s").
	Progress func(msg string)
	// SettingName, when set, gives the caller's name of a setting (see the
	// Setting constants) for messages: rk-tui send maps "points" to
	// "--points". Nil, or "" for a setting, names it in plain words.
	SettingName func(setting string) string

	// limits replaces IntakeLimits in tests.
	limits Limits
}

// String shows the options with the API key masked, so printing or
// logging them never leaks it (%v, %+v and %#v all come here).
func (o Options) String() string {
	type plain Options // no String method: no recursion
	o.APIKey, o.AppKey = template.MaskKey(o.APIKey), template.MaskKey(o.AppKey)
	o.Progress, o.Now, o.SettingName = nil, nil, nil
	return fmt.Sprintf("%+v", plain(o))
}

// GoString is String, for %#v.
func (o Options) GoString() string { return "sender.Options" + o.String() }

// RetryPolicy bounds the retries of one request in count and in time. The
// wait doubles from BaseDelay up to MaxDelay; a 429's X-RateLimit-Reset is
// honoured when it fits in MaxElapsed.
type RetryPolicy struct {
	// MaxAttempts counts the first try: 1 means no retry.
	MaxAttempts int
	// MaxElapsed is the time after the first try past which no retry starts.
	MaxElapsed time.Duration
	BaseDelay  time.Duration
	MaxDelay   time.Duration
}

// DefaultRetry is the retry policy of the zero Options: up to 3 retries,
// waits of 1, 2, 4 s, none started after 30 s.
var DefaultRetry = RetryPolicy{MaxAttempts: 4, MaxElapsed: 30 * time.Second, BaseDelay: time.Second, MaxDelay: 10 * time.Second}

// Retries is DefaultRetry with n retries (MaxAttempts n+1).
func Retries(n int) RetryPolicy {
	r := DefaultRetry
	r.MaxAttempts = n + 1
	return r
}

func (r RetryPolicy) withDefaults() RetryPolicy {
	if r == (RetryPolicy{}) {
		return DefaultRetry
	}
	if r.MaxAttempts < 1 {
		r.MaxAttempts = 1
	}
	if r.MaxElapsed <= 0 {
		r.MaxElapsed = DefaultRetry.MaxElapsed
	}
	if r.BaseDelay <= 0 {
		r.BaseDelay = DefaultRetry.BaseDelay
	}
	if r.MaxDelay < r.BaseDelay {
		r.MaxDelay = r.BaseDelay
	}
	return r
}

// delay is the wait before retry number n (1 for the first retry).
func (r RetryPolicy) delay(n int) time.Duration {
	d := r.BaseDelay
	for i := 1; i < n && d < r.MaxDelay; i++ {
		d *= 2
	}
	return min(d, r.MaxDelay)
}

// Float returns a pointer to v, for Options.Value.
func Float(v float64) *float64 { return &v }

// Int returns a pointer to n, for Options.Points.
func Int(n int) *int { return &n }

// Duration returns a pointer to d, for Options.Interval and Timeout.
func Duration(d time.Duration) *time.Duration { return &d }

// ApplyEnv fills the options still unset from the environment, read through
// getenv: DD_API_KEY, DD_APP_KEY, DD_SITE, DD_AGENT_HOST and
// DD_DOGSTATSD_PORT. Options set from flags win over the environment.
func (o *Options) ApplyEnv(getenv func(string) string) error {
	if getenv == nil {
		return nil
	}
	if o.APIKey == "" {
		if k := strings.TrimSpace(getenv("DD_API_KEY")); k != "" {
			o.APIKey, o.APIKeySource = k, "DD_API_KEY"
		}
	}
	if o.AppKey == "" {
		o.AppKey = strings.TrimSpace(getenv("DD_APP_KEY"))
	}
	if o.Site == "" {
		o.Site = strings.TrimSpace(getenv("DD_SITE"))
	}
	if o.AgentHost == "" {
		if h := strings.TrimSpace(getenv("DD_AGENT_HOST")); h != "" {
			host, port, err := parseHostPort(h)
			if err != nil {
				return &ConfigError{Setting: SettingAgent, Msg: fmt.Sprintf("DD_AGENT_HOST is %q: %v; set it to the Datadog Agent's host, e.g. localhost", h, err)}
			}
			o.AgentHost = host
			if port != 0 && o.AgentPort == 0 {
				o.AgentPort = port
			}
		}
	}
	if o.AgentPort == 0 {
		if p := strings.TrimSpace(getenv("DD_DOGSTATSD_PORT")); p != "" {
			n, err := strconv.Atoi(p)
			if err != nil || n < 1 || n > 65535 {
				return &ConfigError{Setting: SettingAgent, Msg: fmt.Sprintf("DD_DOGSTATSD_PORT is %q; it must be a port number from 1 to 65535 (DogStatsD listens on 8125)", p)}
			}
			o.AgentPort = n
		}
	}
	return nil
}

// ParseAgent reads a DogStatsD address: HOST:PORT, [IPv6]:PORT, or HOST
// alone (port 0: keep the template's).
func ParseAgent(s string) (host string, port int, err error) {
	host, port, err = parseHostPort(strings.TrimSpace(s))
	if err != nil {
		return "", 0, &ConfigError{Setting: SettingAgent, Msg: fmt.Sprintf("the agent address %q: %v; write HOST:PORT, e.g. localhost:8125", s, err)}
	}
	return host, port, nil
}

func parseHostPort(s string) (string, int, error) {
	switch {
	case s == "":
		return "", 0, fmt.Errorf("it is empty")
	case strings.Contains(s, "://"):
		return "", 0, fmt.Errorf("only UDP HOST:PORT addresses are supported, not URLs")
	}
	if ip := net.ParseIP(strings.Trim(s, "[]")); ip != nil {
		return strings.Trim(s, "[]"), 0, nil // an IP address alone
	}
	host, portStr := s, ""
	if strings.Contains(s, ":") {
		var err error
		if host, portStr, err = net.SplitHostPort(s); err != nil {
			var ae *net.AddrError
			if errors.As(err, &ae) {
				return "", 0, errors.New(ae.Err)
			}
			return "", 0, err
		}
	}
	if host == "" {
		return "", 0, fmt.Errorf("the host is missing")
	}
	if strings.ContainsFunc(host, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) || r == '/' }) {
		return "", 0, fmt.Errorf("the host %q holds a space, a control character or a slash", host)
	}
	if portStr == "" {
		return host, 0, nil
	}
	port, err := strconv.Atoi(portStr)
	if err != nil || port < 1 || port > 65535 {
		return "", 0, fmt.Errorf("the port %q is not a number from 1 to 65535", portStr)
	}
	return host, port, nil
}

// CheckAPIURL checks an API URL and returns it without a trailing slash.
// It must be https, unless the host is a loopback address (127.0.0.1, ::1,
// localhost): the API key must not cross a network in clear text.
func CheckAPIURL(raw string) (string, error) { return checkAPIURL(raw, &Options{}) }

func checkAPIURL(raw string, o *Options) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Scheme == "" || u.Host == "" || u.Opaque != "" {
		return "", &ConfigError{Setting: SettingAPIURL, Msg: fmt.Sprintf("the API URL %q is not a URL such as https://dd-proxy.example.com:3834 or http://127.0.0.1:8080", raw)}
	}
	if u.User != nil {
		return "", &ConfigError{Setting: SettingAPIURL, Msg: "the API URL holds a user name or password; remove it (the API key goes in DD_API_KEY or " + o.called(SettingAPIKeyFile) + ", never in a URL)"}
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", &ConfigError{Setting: SettingAPIURL, Msg: fmt.Sprintf("the API URL %q has a query or fragment; give the base URL only: the request paths /api/v2/series and /api/v1/validate are added to it", u.Redacted())}
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if !IsLoopback(u.Hostname()) {
			return "", &ConfigError{Setting: SettingAPIURL, Msg: fmt.Sprintf("the API URL %s is http: the API key would cross the network in clear text; use https (plain http is allowed only for a loopback address such as 127.0.0.1, ::1 or localhost)", u.Redacted())}
		}
	default:
		return "", &ConfigError{Setting: SettingAPIURL, Msg: fmt.Sprintf("the API URL %q must start with https:// (or http:// for a loopback address)", raw)}
	}
	u.Scheme = strings.ToLower(u.Scheme)
	return strings.TrimSuffix(u.String(), "/"), nil
}

// IsLoopback reports whether host is localhost or a loopback IP address.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}
