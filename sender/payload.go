package sender

import (
	"fmt"
	"math"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/DataDog/datadog-api-client-go/v2/api/datadogV2"
	"github.com/rk-tui/rk-tui/template"
)

// Routes of a metric.
const (
	RouteAPI       = "api"
	RouteDogStatsD = "dogstatsd"
)

// MetricSummary is one metric of the template as a send handles it.
type MetricSummary struct {
	Name  string `json:"name"`
	Route string `json:"route"`
	// Type is as written in the template: count/gauge/rate, or the action.
	Type string `json:"type"`
	// Tags are exactly the template's; test points add none.
	Tags   []string `json:"tags"`
	Value  float64  `json:"value"`
	Points int      `json:"points"`
	// Target is the DogStatsD agent address (dogstatsd route).
	Target string `json:"target,omitempty"`
	// Explorer is the Metrics Explorer link (the Event Explorer for an
	// event) of the first metric Datadog stores for it.
	Explorer string `json:"explorer"`
	// Stored are the metrics Datadog stores for it (template.Stored): a
	// DogStatsD histogram or timing NAME is NAME.avg, .median,
	// .95percentile, .max and .count, never NAME itself.
	Stored []StoredMetric `json:"stored,omitempty"`
	// Sent is set in a Result once the intake accepted the points (API), or
	// they were written to the agent's socket (DogStatsD).
	Sent bool `json:"sent"`
	// MayHaveArrived is set in a Result when a request with the metric's
	// points failed in a way that leaves open whether the intake took them
	// (see SendError.MayHaveArrived).
	MayHaveArrived bool `json:"may_have_arrived,omitempty"`
}

// StoredMetric is one metric as Datadog stores it, with its link.
type StoredMetric struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Explorer string `json:"explorer"`
}

// storedOf lists what Datadog stores for a metric, linked on a site.
func storedOf(site string, m template.Metric, interval int64) []StoredMetric {
	var out []StoredMetric
	for _, st := range template.Stored(m, interval) {
		out = append(out, StoredMetric{Name: st.Name, Type: st.Type, Explorer: ExplorerURL(site, st.Name)})
	}
	return out
}

// Sample is one DogStatsD call of a send.
type Sample struct {
	// At is when the call is made, after the start of the send: point k of
	// a metric goes k intervals in.
	At     time.Duration
	Target string // host:port
	Action string // increment, decrement, gauge, histogram, timing, distribution, event
	Metric string
	Value  float64
	Title  string
	Text   string
	Tags   []string
	metric int // index in Plan.Metrics
}

// intakeType maps a `datadog` operation's type to the intake's type.
func intakeType(typ string) (datadogV2.MetricIntakeType, bool) {
	switch typ {
	case "count":
		return datadogV2.METRICINTAKETYPE_COUNT, true
	case "rate":
		return datadogV2.METRICINTAKETYPE_RATE, true
	case "gauge":
		return datadogV2.METRICINTAKETYPE_GAUGE, true
	}
	return datadogV2.METRICINTAKETYPE_UNSPECIFIED, false
}

// BuildSeries builds the v2 series of every metric of the template's
// `datadog` operations: one series per metric, its type (count 1, rate 2,
// gauge 3), its tags exactly as in the template, the unit from x-rk-tui,
// `interval` for count and rate, a host resource when opts.Host is set, and
// opts.Points points spaced by the interval, the newest now.
func BuildSeries(doc *template.Document, opts Options) ([]datadogV2.MetricSeries, error) {
	s, err := resolve(opts)
	if err != nil {
		return nil, err
	}
	series, _, err := buildSeries(doc, template.Read(doc).Metrics(), s)
	return series, err
}

func buildSeries(doc *template.Document, metrics []template.Metric, s *settings) ([]datadogV2.MetricSeries, []MetricSummary, error) {
	var out []datadogV2.MetricSeries
	var sums []MetricSummary
	value := 1.0
	if s.Value != nil {
		value = *s.Value
	}
	var resources []datadogV2.MetricResource
	if s.Host != "" {
		host, typ := s.Host, "host"
		resources = []datadogV2.MetricResource{{Name: &host, Type: &typ}}
	}
	now := s.now.Unix()
	metas := doc.Metas() // reads x-rk-tui.metrics once, not per metric
	for _, m := range metrics {
		if m.Op.Name != template.OpDatadog {
			continue
		}
		if strings.TrimSpace(m.Name) == "" {
			return nil, nil, templateError(m.NamePath(), "the metric has no name")
		}
		typ, ok := intakeType(m.Type)
		if !ok {
			return nil, nil, templateError(m.TypePath(), fmt.Sprintf("metric %q has type %q; it must be count, gauge or rate", m.Name, m.Type))
		}
		meta := metas(m.Name)
		interval := s.intervalOf(meta.Interval)
		if err := s.checkSpan(m.Name, interval, false); err != nil {
			return nil, nil, err
		}
		// The model wants pointers: one block of timestamps and values per
		// series, not two allocations per point.
		points := make([]datadogV2.MetricPoint, s.points)
		stamps, values := make([]int64, s.points), make([]float64, s.points)
		for i := range points {
			stamps[i], values[i] = now-int64(s.points-1-i)*interval, value
			points[i] = datadogV2.MetricPoint{Timestamp: &stamps[i], Value: &values[i]}
		}
		tags := make([]string, len(m.Tags))
		copy(tags, m.Tags)
		series := datadogV2.MetricSeries{Metric: m.Name, Type: &typ, Points: points, Tags: tags, Resources: resources}
		if typ == datadogV2.METRICINTAKETYPE_COUNT || typ == datadogV2.METRICINTAKETYPE_RATE {
			iv := interval
			series.Interval = &iv
		}
		if meta.Unit != "" {
			unit := meta.Unit
			series.Unit = &unit
		}
		out = append(out, series)
		sums = append(sums, MetricSummary{Name: m.Name, Route: RouteAPI, Type: m.Type, Tags: tags, Value: value, Points: s.points,
			Explorer: ExplorerURL(s.site, m.Name), Stored: storedOf(s.site, m, interval)})
	}
	return out, sums, nil
}

func templateError(path, msg string) error {
	return &ConfigError{Setting: SettingTemplate, Msg: fmt.Sprintf("%s (at %s); fix the template: rk-tui validate shows every problem", msg, path)}
}

// buildSamples builds the DogStatsD calls of every `dogstatsd` operation.
func buildSamples(doc *template.Document, metrics []template.Metric, s *settings, first int) ([]Sample, []MetricSummary, error) {
	var out []Sample
	var sums []MetricSummary
	metas := doc.Metas()
	for _, m := range metrics {
		op := m.Op.DogStatsD
		if m.Op.Name != template.OpDogStatsD || op == nil {
			continue
		}
		target, err := agentAddress(op, s)
		if err != nil {
			return nil, nil, err
		}
		interval := s.intervalOf(metas(m.Name).Interval)
		if err := s.checkSpan(m.Name, interval, true); err != nil {
			return nil, nil, err
		}
		tags := make([]string, len(op.Tags))
		copy(tags, op.Tags)
		for _, t := range append([]string{op.Metric, op.Title}, tags...) {
			if strings.ContainsAny(t, "\n\r") {
				return nil, nil, templateError(m.Path, fmt.Sprintf("%q holds a line break, which would end the DogStatsD line there", t))
			}
		}
		sum := MetricSummary{Name: op.Metric, Route: RouteDogStatsD, Type: op.Action, Tags: tags, Points: s.points, Target: target}
		smp := Sample{Target: target, Action: op.Action, Metric: op.Metric, Tags: tags, metric: first + len(sums)}
		switch op.Action {
		case "event":
			if strings.TrimSpace(op.Title) == "" || strings.TrimSpace(op.Text) == "" {
				return nil, nil, templateError(m.Path, "the event needs a title and a text")
			}
			smp.Title, smp.Text = op.Title, op.Text
			sum.Name, sum.Explorer = op.Title, EventExplorerURL(s.site)
		case "increment", "decrement", "gauge", "histogram", "timing", "distribution":
			if strings.TrimSpace(op.Metric) == "" {
				return nil, nil, templateError(m.NamePath(), "the metric has no name")
			}
			v, err := sampleValue(m, op.Action, s)
			if err != nil {
				return nil, nil, err
			}
			smp.Value, sum.Value = v, v
			sum.Stored = storedOf(s.site, m, interval)
			sum.Explorer = ExplorerURL(s.site, op.Metric)
			if len(sum.Stored) > 0 {
				sum.Explorer = sum.Stored[0].Explorer
			}
		default:
			return nil, nil, templateError(m.TypePath(), fmt.Sprintf("the dogstatsd action %q is not one of %s", op.Action, strings.Join(template.DogStatsDActions, ", ")))
		}
		for k := range s.points {
			smp.At = time.Duration(int64(k)*interval) * time.Second
			out = append(out, smp)
		}
		sums = append(sums, sum)
	}
	return out, sums, nil
}

// sampleValue is --value, else the template's constant, else 1. Counts
// take whole numbers only: the DogStatsD client sends integers for them.
func sampleValue(m template.Metric, action string, s *settings) (float64, error) {
	v := 1.0
	switch {
	case s.Value != nil:
		v = *s.Value
	case m.Value.IsLiteral():
		v, _ = strconv.ParseFloat(m.Value.Path, 64)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, &ConfigError{Setting: SettingValue, Msg: fmt.Sprintf("the value of %q is not a finite number; give %s", m.Name, s.called(SettingValue))}
	}
	if action == "increment" || action == "decrement" {
		if v != math.Trunc(v) || math.Abs(v) > 1<<53 {
			return 0, &ConfigError{Setting: SettingValue, Msg: fmt.Sprintf("%q is an %s: DogStatsD counts whole numbers, and %v is not one; set %s to a whole number such as 1", m.Name, action, v, s.called(SettingValue))}
		}
	}
	return v, nil
}

// agentAddress is where a dogstatsd operation's datagrams go: the agent
// host and port options, else the operation's target, else the defaults.
func agentAddress(op *template.DogStatsDOp, s *settings) (string, error) {
	host, port := strings.TrimSpace(op.Host), int(op.Port)
	if s.AgentHost != "" {
		host = s.AgentHost
	}
	if s.AgentPort != 0 {
		port = s.AgentPort
	}
	if host == "" {
		host = DefaultAgentHost
	}
	if port == 0 {
		port = DefaultAgentPort
	}
	if port < 1 || port > 65535 {
		return "", &ConfigError{Setting: SettingAgent, Msg: fmt.Sprintf("the dogstatsd target port %d must be from 1 to 65535; fix target.port or set %s", port, s.called(SettingAgent))}
	}
	return net.JoinHostPort(host, strconv.Itoa(port)), nil
}
