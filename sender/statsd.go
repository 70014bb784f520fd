package sender

import (
	"fmt"
	"time"

	"github.com/DataDog/datadog-go/v5/statsd"
)

// DogStatsDResult is what went to one agent address.
type DogStatsDResult struct {
	Target string `json:"target"`
	// Lines are the exact datagram lines, in order: in a Result, the ones
	// written to the agent's socket (UDP has no acknowledgement: written
	// is all a send can know).
	Lines []string `json:"lines"`
	// Datagrams is the number of UDP packets the lines were packed in.
	Datagrams int `json:"datagrams"`
	// Planned is the number of lines the send meant to write.
	Planned int `json:"planned_lines"`
}

// refusedProbe is how long a send waits, after the last datagram, for the
// ICMP "port unreachable" that says no agent listens. UDP gives no other
// sign; an answer from far away may come later and go unseen.
const refusedProbe = 150 * time.Millisecond

// statsdMaxDatagram is the client's UDP payload size (OptimalUDPPayloadSize).
const statsdMaxDatagram = statsd.OptimalUDPPayloadSize

// statsdOptions configure the DogStatsD client for test points: no
// telemetry of its own; no client-side aggregation and one worker, so each
// call is one line, in call order; no origin detection, so the agent adds
// no container tags.
func statsdOptions(onError func(error)) []statsd.Option {
	return []statsd.Option{
		statsd.WithoutTelemetry(),
		statsd.WithoutClientSideAggregation(),
		statsd.WithoutOriginDetection(),
		statsd.WithWorkersCount(1),
		statsd.WithErrorHandler(onError),
	}
}

func agentError(s *settings, step, target string, err error) error {
	se := &SendError{Kind: networkKind(err), Step: step, URL: "udp://" + target, Target: target, Err: err}
	switch se.Kind {
	case KindDNS:
		se.Hint = "check the agent host (the template's target.host, " + s.called(SettingAgent) + " or DD_AGENT_HOST)"
	default:
		se.Hint = "check the agent address (the template's target, " + s.called(SettingAgent) + " or DD_AGENT_HOST and DD_DOGSTATSD_PORT) and the network"
	}
	return se
}

// emit makes the DogStatsD call of one sample.
func emit(c *statsd.Client, smp Sample) error {
	switch smp.Action {
	case "increment":
		return c.Count(smp.Metric, int64(smp.Value), smp.Tags, 1)
	case "decrement":
		return c.Count(smp.Metric, -int64(smp.Value), smp.Tags, 1)
	case "gauge":
		return c.Gauge(smp.Metric, smp.Value, smp.Tags, 1)
	case "histogram":
		return c.Histogram(smp.Metric, smp.Value, smp.Tags, 1)
	case "timing":
		return c.TimeInMilliseconds(smp.Metric, smp.Value, smp.Tags, 1)
	case "distribution":
		return c.Distribution(smp.Metric, smp.Value, smp.Tags, 1)
	case "event":
		return c.Event(&statsd.Event{Title: smp.Title, Text: smp.Text, Tags: smp.Tags})
	}
	return fmt.Errorf("unknown dogstatsd action %q", smp.Action)
}
