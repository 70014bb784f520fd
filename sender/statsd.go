package sender

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/DataDog/datadog-go/v5/statsd"
)

// DogStatsDResult is what went to one agent address.
type DogStatsDResult struct {
	Target string `json:"target"`
	// Lines are the exact datagram lines, in order.
	Lines []string `json:"lines"`
	// Datagrams is the number of UDP packets the lines were packed in.
	Datagrams int `json:"datagrams"`
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

// datagramWriter is the DogStatsD client's transport: a UDP socket for a
// send, nothing for a dry-run. Either way it records every line written.
type datagramWriter struct {
	conn      net.Conn
	mu        sync.Mutex
	lines     []string
	datagrams int
	err       error
}

func (w *datagramWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.conn != nil {
		if _, err := w.conn.Write(p); err != nil {
			if w.err == nil {
				w.err = err
			}
			return 0, err
		}
	}
	w.datagrams++
	for line := range bytes.SplitSeq(p, []byte{'\n'}) {
		if len(line) > 0 {
			w.lines = append(w.lines, string(line))
		}
	}
	return len(p), nil
}

func (w *datagramWriter) Close() error {
	if w.conn != nil {
		return w.conn.Close()
	}
	return nil
}

func (w *datagramWriter) failed(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err == nil {
		w.err = err
	}
}

// refused reports whether the agent's host answered "port unreachable".
// On a connected UDP socket that answer surfaces as ECONNREFUSED on the
// next read.
func (w *datagramWriter) refused() bool {
	if w.conn == nil {
		return false
	}
	if err := w.conn.SetReadDeadline(time.Now().Add(refusedProbe)); err != nil {
		return false
	}
	var buf [64]byte
	_, err := w.conn.Read(buf[:])
	return errors.Is(err, syscall.ECONNREFUSED)
}

// dialer opens the transport to an agent address.
type dialer func(ctx context.Context, target string, timeout time.Duration) (*datagramWriter, error)

// dialUDP resolves the agent address as the DogStatsD client's own UDP
// writer does (net.ResolveUDPAddr: the first IPv4 address, else the first
// one), but under ctx, so Ctrl+C stops a slow lookup too.
func dialUDP(ctx context.Context, target string, timeout time.Duration) (*datagramWriter, error) {
	host, portStr, err := net.SplitHostPort(target)
	if err != nil {
		return nil, err
	}
	port, err := strconv.Atoi(portStr)
	if err != nil {
		return nil, err
	}
	ip := net.ParseIP(host)
	if ip == nil {
		lctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		addrs, err := net.DefaultResolver.LookupIPAddr(lctx, host)
		if err != nil {
			return nil, &net.OpError{Op: "dial", Net: "udp", Err: err}
		}
		if len(addrs) == 0 {
			return nil, &net.OpError{Op: "dial", Net: "udp", Err: &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}}
		}
		ip = addrs[0].IP
		for _, a := range addrs {
			if a.IP.To4() != nil {
				ip = a.IP
				break
			}
		}
	}
	conn, err := net.DialUDP("udp", nil, &net.UDPAddr{IP: ip, Port: port})
	if err != nil {
		return nil, err
	}
	return &datagramWriter{conn: conn}, nil
}

func dialNothing(context.Context, string, time.Duration) (*datagramWriter, error) {
	return &datagramWriter{}, nil
}

// sendSamples sends the DogStatsD calls, one client per agent address,
// each flushed and closed before the next.
func sendSamples(ctx context.Context, s *settings, samples []Sample, dial dialer, res *Result) error {
	var targets []string
	byTarget := map[string][]Sample{}
	for _, smp := range samples {
		if _, ok := byTarget[smp.Target]; !ok {
			targets = append(targets, smp.Target)
		}
		byTarget[smp.Target] = append(byTarget[smp.Target], smp)
	}
	for _, target := range targets {
		if ctx.Err() != nil {
			return interrupted(ctx)
		}
		group := byTarget[target]
		step := "sending to the DogStatsD agent at " + target
		s.progress(step)
		w, err := dial(ctx, target, s.timeout)
		if err != nil {
			if ctx.Err() != nil {
				return interrupted(ctx)
			}
			return agentError(s, step, target, err)
		}
		client, err := statsd.NewWithWriter(w, statsdOptions(w.failed)...)
		if err != nil {
			w.Close()
			return agentError(s, step, target, err)
		}
		var emitErr error
		for _, smp := range group {
			if emitErr = emit(client, smp); emitErr != nil {
				break
			}
		}
		_ = client.Flush()
		refused := emitErr == nil && w.refused()
		_ = client.Close() // closes w
		w.mu.Lock()
		lines, datagrams, writeErr := w.lines, w.datagrams, w.err
		w.mu.Unlock()
		var tooLong statsd.MessageTooLongError
		switch {
		case errors.As(emitErr, &tooLong):
			return &ConfigError{Setting: SettingTemplate, Msg: fmt.Sprintf("a DogStatsD datagram for %s would pass %d bytes, the most one UDP packet to the agent carries; shorten the name, tags or event text", target, statsdMaxDatagram)}
		case emitErr != nil:
			return &SendError{Kind: KindNetwork, Step: step, URL: "udp://" + target, Target: target, Err: emitErr, Hint: "the DogStatsD client refused the call; check the template's metric, value and tags"}
		case refused || errors.Is(writeErr, syscall.ECONNREFUSED):
			return &SendError{Kind: KindRefused, Step: step, URL: "udp://" + target, Target: target, Err: syscall.ECONNREFUSED,
				Hint: "no DogStatsD agent listens there (the host answered port unreachable): start the Datadog Agent with DogStatsD enabled, or point " + s.called(SettingAgent) + " (or DD_AGENT_HOST, DD_DOGSTATSD_PORT) at it"}
		case writeErr != nil:
			return agentError(s, step, target, writeErr)
		}
		res.DogStatsD = append(res.DogStatsD, DogStatsDResult{Target: target, Lines: lines, Datagrams: datagrams})
		for _, smp := range group {
			res.Metrics[smp.metric].Sent = true
		}
	}
	return nil
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
