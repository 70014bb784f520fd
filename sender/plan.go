package sender

import (
	"fmt"
	"os"
	"strings"

	"github.com/DataDog/datadog-api-client-go/v2/api/datadogV2"
	"github.com/rk-tui/rk-tui/template"
)

// Plan is everything a send will do, built without any I/O.
type Plan struct {
	// Site picks the Metrics Explorer links; APIBase is where the HTTP
	// requests go (https://api.<site>, or the API URL).
	Site    string
	APIBase string
	// Series are the API series, cut into Batches of one request each.
	Series  []datadogV2.MetricSeries
	Batches []Batch
	// Samples are the DogStatsD calls, in order.
	Samples []Sample
	// Metrics lists the template's metrics: API ones first, then DogStatsD.
	Metrics []MetricSummary
	// Notes say what a user should know about this send.
	Notes []string

	s     *settings
	ticks []statsdTick
}

// Notes every send prints.
const (
	NoteNoExtraTags = "test points carry exactly the template's tags and no tag of their own, so they create no series beyond the ones the breakpoint will create"
	NoteUDP         = "DogStatsD is UDP: the agent sends no acknowledgement; check that the points arrived with `datadog-agent status` (DogStatsD section) or in Metrics Explorer"
	NoteDelay       = "new points take a minute or two to show in Metrics Explorer"
)

// NewPlan checks the options and builds the payloads of a send without any
// I/O. The document should have passed template.Validate; NewPlan still
// refuses what it cannot send with a *ConfigError.
func NewPlan(doc *template.Document, opts Options) (*Plan, error) {
	if doc == nil {
		return nil, &ConfigError{Setting: SettingTemplate, Msg: "no template to send"}
	}
	s, err := resolve(opts)
	if err != nil {
		return nil, err
	}
	view := template.Read(doc) // reads the whole template: once
	metrics := view.Metrics()
	if err := s.checkVolume(len(metrics)); err != nil {
		return nil, err
	}
	series, apiSums, err := buildSeries(doc, metrics, s)
	if err != nil {
		return nil, err
	}
	samples, statsdSums, err := buildSamples(doc, metrics, s, len(apiSums))
	if err != nil {
		return nil, err
	}
	if len(series) == 0 && len(samples) == 0 {
		return nil, &ConfigError{Setting: SettingTemplate, Msg: "the template has no datadog or dogstatsd operation, so there is nothing to send; add one (rk-tui new-template builds it)"}
	}
	limits := IntakeLimits
	if s.limits != (Limits{}) {
		limits = s.limits
	}
	batches, err := SplitBatches(series, limits)
	if err != nil {
		return nil, err
	}
	p := &Plan{
		Site: s.site, APIBase: s.apiBase,
		Series: series, Batches: batches, Samples: samples,
		Metrics: append(apiSums, statsdSums...),
		s:       s,
	}
	if len(samples) > 0 {
		// The DogStatsD client formats every datagram now, once: a line it
		// cannot send is refused before anything leaves, and the dry-run
		// shows the very bytes a send writes.
		if p.ticks, err = formatSamples(samples); err != nil {
			return nil, err
		}
	}
	p.Notes = append(p.Notes, NoteNoExtraTags)
	if k := view.APIKey(); len(series) > 0 && k != "" && !template.IsPlaceholderKey(k) {
		p.Notes = append(p.Notes, "the template's own api_key is not used for test points: the key comes from DD_API_KEY or "+s.called(SettingAPIKeyFile))
	}
	if s.APIURL != "" && len(series) > 0 {
		p.Notes = append(p.Notes, fmt.Sprintf("the links are for site %s: set %s or DD_SITE to the site %s forwards to", s.site, s.called(SettingSite), s.apiBase))
	}
	if s.Host != "" && len(series) > 0 {
		p.Notes = append(p.Notes, fmt.Sprintf("the API points carry the host %s: a custom metric is counted per host, so host %s adds its own series unless the breakpoint runs there", s.Host, s.Host))
	}
	if len(samples) > 0 {
		if extra := statsdEnvTags(); len(extra) > 0 {
			p.Notes = append(p.Notes, fmt.Sprintf("the DogStatsD client adds %s to every datagram from the environment (%s); unset them to send the template's tags alone", strings.Join(extra, ", "), strings.Join(statsdEnvNames(extra), ", ")))
		}
		if s.Host != "" {
			p.Notes = append(p.Notes, "the host option applies to API series only: the Datadog Agent sets the host of DogStatsD points")
		}
		if span := p.ticks[len(p.ticks)-1].at; span > 0 {
			p.Notes = append(p.Notes, fmt.Sprintf("the DogStatsD points of a metric are sent an interval apart, so the send takes %s; Ctrl+C stops it", span))
		}
		p.Notes = append(p.Notes, NoteUDP)
	}
	p.Notes = append(p.Notes, NoteDelay)
	return p, nil
}

// APIPoints is the number of points of the API series.
func (p *Plan) APIPoints() int {
	n := 0
	for _, b := range p.Batches {
		n += b.Points
	}
	return n
}

// statsdEnv are the variables the DogStatsD client turns into tags of its
// own (datadog-go v5, statsdex.go); it reads them from the process
// environment, with no option to turn them off.
var statsdEnv = []struct{ env, tag string }{
	{"DD_ENTITY_ID", "dd.internal.entity_id"},
	{"DD_ENV", "env"},
	{"DD_SERVICE", "service"},
	{"DD_VERSION", "version"},
}

func statsdEnvTags() []string {
	var out []string
	for _, m := range statsdEnv {
		if v := os.Getenv(m.env); v != "" {
			out = append(out, m.tag+":"+v)
		}
	}
	return out
}

func statsdEnvNames(tags []string) []string {
	var out []string
	for _, m := range statsdEnv {
		for _, t := range tags {
			if strings.HasPrefix(t, m.tag+":") {
				out = append(out, m.env)
				break
			}
		}
	}
	return out
}
