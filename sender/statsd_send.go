package sender

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"syscall"
	"time"
)

// datagramConn is where a send writes datagrams: a connected UDP socket,
// or nothing at all for a dry-run.
type datagramConn interface {
	Write(p []byte) (int, error)
	// refused waits a moment for the "port unreachable" that says no agent
	// listens there.
	refused() bool
	Close() error
}

// dialer opens the connection to an agent address.
type dialer func(ctx context.Context, target string, timeout time.Duration) (datagramConn, error)

type udpConn struct{ *net.UDPConn }

// refused reports whether the agent's host answered "port unreachable":
// on a connected UDP socket that answer surfaces as ECONNREFUSED on the
// next read.
func (c udpConn) refused() bool {
	if err := c.SetReadDeadline(time.Now().Add(refusedProbe)); err != nil {
		return false
	}
	var buf [64]byte
	_, err := c.Read(buf[:])
	return errors.Is(err, syscall.ECONNREFUSED)
}

// dialUDP resolves the agent address as the DogStatsD client's own UDP
// writer does (net.ResolveUDPAddr: the first IPv4 address, else the first
// one), but under ctx, so Ctrl+C stops a slow lookup too.
func dialUDP(ctx context.Context, target string, timeout time.Duration) (datagramConn, error) {
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
	return udpConn{conn}, nil
}

// nowhere is the connection of a dry-run: it takes every datagram.
type nowhere struct{}

func (nowhere) Write(p []byte) (int, error) { return len(p), nil }
func (nowhere) refused() bool               { return false }
func (nowhere) Close() error                { return nil }

func dialNothing(context.Context, string, time.Duration) (datagramConn, error) {
	return nowhere{}, nil
}

// sendTicks writes the plan's datagrams: each moment's at its time (a
// dry-run does not wait), in bursts the agent's socket buffer can take
// (pace). The result holds what was written, also when the send fails or
// is interrupted half way.
func sendTicks(ctx context.Context, s *settings, ticks []statsdTick, samples []Sample, dial dialer, live bool, res *Result) error {
	var targets []string
	conns := map[string]datagramConn{}
	results := map[string]*DogStatsDResult{}
	written := make([]int, len(res.Metrics))
	refused := map[string]bool{}
	defer func() {
		for _, c := range conns {
			c.Close()
		}
		for _, t := range targets {
			res.DogStatsD = append(res.DogStatsD, *results[t])
		}
		// A metric is sent once all its points are written to an agent
		// that did not refuse them.
		for m, k := range written {
			if res.Metrics[m].Route == RouteDogStatsD {
				res.Metrics[m].Sent = k > 0 && k == res.Metrics[m].Points && !refused[res.Metrics[m].Target]
			}
		}
	}()
	for _, tk := range ticks {
		if _, ok := results[tk.target]; !ok {
			targets = append(targets, tk.target)
			results[tk.target] = &DogStatsDResult{Target: tk.target, Lines: []string{}}
		}
		results[tk.target].Planned += len(tk.samples)
	}
	// Every agent is reached before anything is written: a host that does
	// not resolve stops the send with nothing sent.
	for _, target := range targets {
		if ctx.Err() != nil {
			return interrupted(ctx)
		}
		c, err := dial(ctx, target, s.timeout)
		if err != nil {
			if ctx.Err() != nil {
				return interrupted(ctx)
			}
			return agentError(s, "sending to the DogStatsD agent at "+target, target, err)
		}
		conns[target] = c
	}
	probed := map[string]bool{}
	// Each tick waits its spacing after the one before was written, not
	// after the start: a tick held up (a busy machine) does not make the
	// next ones catch up in a burst, so points stay an interval apart.
	last, lastAt := time.Now(), time.Duration(0)
	burst, sent, planned := 0, 0, len(samples)
	for _, tk := range ticks {
		step := "sending to the DogStatsD agent at " + tk.target
		if live {
			wait := time.Until(last.Add(tk.at - lastAt))
			if wait > 0 {
				s.progress(fmt.Sprintf("DogStatsD: the next points are due in %s (%d of %d lines written)", wait.Round(time.Second), sent, planned))
				if err := sleep(ctx, wait); err != nil {
					return err
				}
			}
			if !probed[tk.target] {
				s.progress(step)
			}
			if tk.at != lastAt {
				last, lastAt = time.Now(), tk.at
			}
		}
		r := results[tk.target]
		line := 0
		for i, d := range tk.datagrams {
			if live && burst > 0 && burst+len(d) > s.pace.burst {
				if err := sleep(ctx, s.pace.pause); err != nil {
					return err
				}
				burst = 0
			}
			if _, err := conns[tk.target].Write(d); err != nil {
				if errors.Is(err, syscall.ECONNREFUSED) {
					refused[tk.target] = true
					return refusedError(s, step, tk.target)
				}
				return agentError(s, step, tk.target, err)
			}
			burst += len(d)
			sent += tk.lines[i]
			r.Datagrams++
			r.Lines = append(r.Lines, splitLines(d)...)
			for _, j := range tk.samples[line : line+tk.lines[i]] {
				written[samples[j].metric]++
			}
			line += tk.lines[i]
		}
		if live && !probed[tk.target] {
			probed[tk.target] = true
			if conns[tk.target].refused() {
				refused[tk.target] = true
				return refusedError(s, step, tk.target)
			}
		}
	}
	return nil
}

func refusedError(s *settings, step, target string) error {
	return &SendError{Kind: KindRefused, Step: step, URL: "udp://" + target, Target: target, Err: syscall.ECONNREFUSED,
		Hint: "no DogStatsD agent listens there (the host answered port unreachable): start the Datadog Agent with DogStatsD enabled, or point " + s.called(SettingAgent) + " (or DD_AGENT_HOST, DD_DOGSTATSD_PORT) at it"}
}

// sleep waits d, or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return interrupted(ctx)
	case <-t.C:
		return nil
	}
}
