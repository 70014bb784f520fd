package sender

import (
	"fmt"
	"math"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/DataDog/datadog-api-client-go/v2/api/datadog"
	"github.com/rk-tui/rk-tui/template"
)

// The bounds of every setting, in one place: the options check (resolve)
// and the template checks of NewPlan read them, and nothing else bounds a
// setting, so a command or the studio cannot disagree with the sender.
const (
	// MaxBackdate is how old the oldest test point may be. The intake takes
	// points up to an hour old; a minute is kept for clock skew and
	// retries. A DogStatsD send, which waits between points, is held to
	// the same span.
	MaxBackdate = 59 * time.Minute
	// MinInterval and MaxInterval bound the spacing between test points.
	MinInterval = time.Second
	MaxInterval = time.Hour
	// MaxPoints is the most points per metric: one a second for
	// MaxBackdate, the most the intake's window can hold.
	MaxPoints = int(MaxBackdate/MinInterval) + 1
	// MaxSendPoints bounds one send: API points and DogStatsD lines of all
	// metrics together. A test send needs a handful; this keeps a typo in
	// the number of points from building gigabytes.
	MaxSendPoints = 200_000
	// MaxTimeout is the longest time limit of one request.
	MaxTimeout = 10 * time.Minute
	// MaxRetries is the most retries of one request.
	MaxRetries = 10
	// MaxHostLen is the longest host name (DNS allows 253).
	MaxHostLen = 255
)

// settings are Options checked and completed with defaults.
type settings struct {
	Options
	site     string
	apiBase  string        // https://api.<site>, or the API URL
	where    string        // "site datadoghq.com", or the API URL's host
	points   int           // per metric
	interval time.Duration // 0: each metric's own
	timeout  time.Duration
	retry    RetryPolicy
	pace     pace
	now      time.Time
}

// resolve checks every setting against its bounds and fills in the
// defaults. Messages name settings as the caller does (Options.called).
func resolve(o Options) (*settings, error) {
	s := &settings{Options: o}
	site, err := checkSite(o.Site, &o)
	if err != nil {
		return nil, err
	}
	s.site = site
	if o.APIURL != "" {
		base, err := checkAPIURL(o.APIURL, &o)
		if err != nil {
			return nil, err
		}
		s.apiBase = base
		u, _ := url.Parse(base)
		s.where = u.Host
	} else {
		s.apiBase = "https://api." + site
		s.where = "site " + site
	}
	if o.Value != nil && (math.IsNaN(*o.Value) || math.IsInf(*o.Value, 0)) {
		return nil, &ConfigError{Setting: SettingValue, Msg: fmt.Sprintf("%s is %v: Datadog takes finite numbers only, e.g. 1", o.called(SettingValue), *o.Value)}
	}
	if o.Interval != nil {
		iv := *o.Interval
		if iv < MinInterval || iv > MaxInterval || iv%time.Second != 0 {
			return nil, &ConfigError{Setting: SettingInterval, Msg: fmt.Sprintf("%s is %s: give whole seconds from 1s to 1h, e.g. 10s", o.called(SettingInterval), iv)}
		}
		s.interval = iv
	}
	s.points = 1
	if o.Points != nil {
		if n := *o.Points; n < 1 || n > MaxPoints {
			return nil, &ConfigError{Setting: SettingPoints, Msg: fmt.Sprintf("%s is %d: give from 1 to %d points per metric", o.called(SettingPoints), n, MaxPoints)}
		}
		s.points = *o.Points
	}
	if strings.ContainsFunc(o.Host, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return nil, &ConfigError{Setting: SettingHost, Msg: fmt.Sprintf("%s %q holds a space or a control character; give a host name such as web-1", o.called(SettingHost), o.Host)}
	}
	if len(o.Host) > MaxHostLen {
		return nil, &ConfigError{Setting: SettingHost, Msg: fmt.Sprintf("%s is %d characters long; a host name has at most %d", o.called(SettingHost), len(o.Host), MaxHostLen)}
	}
	if o.APIKey != "" && strings.ContainsFunc(o.APIKey, func(r rune) bool { return r > unicode.MaxASCII || unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return nil, &ConfigError{Setting: SettingAPIKey, Msg: fmt.Sprintf("the API key from %s holds spaces, line breaks or non-ASCII characters; it must be the key alone, as Datadog shows it under Organization Settings > API Keys", keySource(&o))}
	}
	if o.AppKey != "" && strings.ContainsFunc(o.AppKey, func(r rune) bool { return r > unicode.MaxASCII || unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return nil, &ConfigError{Setting: SettingAppKey, Msg: "the application key from DD_APP_KEY holds spaces, line breaks or non-ASCII characters; it must be the key alone, as Datadog shows it under Organization Settings > Application Keys"}
	}
	s.timeout = DefaultTimeout
	if o.Timeout != nil {
		if t := *o.Timeout; t < time.Millisecond || t > MaxTimeout {
			return nil, &ConfigError{Setting: SettingTimeout, Msg: fmt.Sprintf("%s is %s: give a duration from 1ms to 10m, e.g. 10s", o.called(SettingTimeout), t)}
		}
		s.timeout = *o.Timeout
	}
	if o.Retry != (RetryPolicy{}) && (o.Retry.MaxAttempts < 1 || o.Retry.MaxAttempts > MaxRetries+1) {
		return nil, &ConfigError{Setting: SettingRetries, Msg: fmt.Sprintf("%s is %d: give from 0 to %d", o.called(SettingRetries), o.Retry.MaxAttempts-1, MaxRetries)}
	}
	s.retry = o.Retry.withDefaults()
	if o.AgentPort < 0 || o.AgentPort > 65535 {
		return nil, &ConfigError{Setting: SettingAgent, Msg: fmt.Sprintf("the agent port %d must be from 1 to 65535", o.AgentPort)}
	}
	if o.AgentHost != "" {
		if _, _, err := parseHostPort(o.AgentHost); err != nil {
			return nil, &ConfigError{Setting: SettingAgent, Msg: fmt.Sprintf("the agent host %q: %v", o.AgentHost, err)}
		}
	}
	if o.UserAgent == "" {
		s.UserAgent = "rk-tui " + datadog.GetUserAgent()
	}
	s.pace = defaultPace
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	s.now = now()
	return s, nil
}

// progress tells the caller what the send does, escaped: a step names
// agent hosts and metrics from the template.
func (s *settings) progress(msg string) {
	if s.Progress != nil {
		s.Progress(template.SafeLine(msg))
	}
}

// intervalOf is the spacing of a metric's points: the interval setting,
// else the metric's x-rk-tui interval, else the default. Seconds.
func (s *settings) intervalOf(meta int64) int64 {
	if s.interval > 0 {
		return int64(s.interval / time.Second)
	}
	if meta > 0 && meta <= int64(MaxInterval/time.Second) {
		return meta
	}
	return int64(DefaultInterval / time.Second)
}

// checkSpan refuses points that reach past MaxBackdate: API points would be
// older than the intake takes, a DogStatsD send would wait that long. The
// points are bounded before, so the product cannot overflow.
func (s *settings) checkSpan(metric string, interval int64, statsd bool) error {
	span := time.Duration(int64(s.points-1)*interval) * time.Second
	if span <= MaxBackdate {
		return nil
	}
	most := int64(MaxBackdate/time.Second)/interval + 1
	fix := fmt.Sprintf("use at most %d points%s, or a shorter interval%s", most, s.via(SettingPoints), s.via(SettingInterval))
	if statsd {
		return &ConfigError{Setting: SettingPoints, Msg: fmt.Sprintf("%d points %ds apart for %q make a DogStatsD send that waits %s; a test send is held under an hour: %s", s.points, interval, metric, span, fix)}
	}
	return &ConfigError{Setting: SettingPoints, Msg: fmt.Sprintf("%d points %ds apart for %q reach %s into the past; the intake drops points over an hour old: %s", s.points, interval, metric, span, fix)}
}

// checkVolume bounds the points of one send, before any is built.
func (s *settings) checkVolume(metrics int) error {
	if total := int64(metrics) * int64(s.points); total > MaxSendPoints {
		return &ConfigError{Setting: SettingPoints, Msg: fmt.Sprintf("%d metrics with %d points each make %d points in one send; a test send takes at most %d: use fewer points%s",
			metrics, s.points, total, MaxSendPoints, s.via(SettingPoints))}
	}
	return nil
}

func keySource(o *Options) string {
	if o.APIKeySource != "" {
		return o.APIKeySource
	}
	return "DD_API_KEY or " + o.called(SettingAPIKeyFile)
}
