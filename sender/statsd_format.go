package sender

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/DataDog/datadog-go/v5/statsd"
)

// statsdTick is what one agent gets at one moment of a send: the datagrams
// the DogStatsD client packed that moment's samples in.
type statsdTick struct {
	at     time.Duration // after the start of the send
	target string
	// datagrams are the exact payloads; lines[i] the lines of datagram i,
	// which are those of samples, in order (one line a call).
	datagrams [][]byte
	lines     []int
	samples   []int // indices in Plan.Samples
}

// flushEvery bounds the calls between two flushes of the client: its
// sender drops whole buffers when its queue is full, and a flush empties
// the queue.
const flushEvery = 256

// formatSamples runs the DogStatsD client over the samples, one client per
// agent, writing into memory, and cuts what it writes into ticks: the
// datagrams of the samples due at one moment. A send replays them over UDP
// at their moments, a dry-run shows them; neither formats anything again.
func formatSamples(samples []Sample) ([]statsdTick, error) {
	var targets []string
	byTarget := map[string][]int{}
	for i, smp := range samples {
		if _, ok := byTarget[smp.Target]; !ok {
			targets = append(targets, smp.Target)
		}
		byTarget[smp.Target] = append(byTarget[smp.Target], i)
	}
	var ticks []statsdTick
	for _, target := range targets {
		idx := byTarget[target]
		slices.SortStableFunc(idx, func(a, b int) int { return int(samples[a].At - samples[b].At) })
		rec := &recordWriter{}
		client, err := statsd.NewWithWriter(rec, statsdOptions(rec.failed)...)
		if err != nil {
			return nil, fmt.Errorf("start the DogStatsD client: %w", err)
		}
		for start := 0; start < len(idx); {
			end := start
			for end < len(idx) && samples[idx[end]].At == samples[idx[start]].At {
				end++
			}
			tick := statsdTick{at: samples[idx[start]].At, target: target, samples: idx[start:end]}
			for i, j := range tick.samples {
				if err := emit(client, samples[j]); err != nil {
					_ = client.Close()
					return nil, formatError(target, err)
				}
				if (i+1)%flushEvery == 0 {
					_ = client.Flush()
				}
			}
			_ = client.Flush()
			tick.datagrams, tick.lines = rec.take()
			if err := rec.err(); err != nil {
				_ = client.Close()
				return nil, formatError(target, err)
			}
			if n := sum(tick.lines); n != len(tick.samples) {
				_ = client.Close()
				return nil, fmt.Errorf("the DogStatsD client wrote %d lines for %d calls to %s", n, len(tick.samples), target)
			}
			ticks = append(ticks, tick)
			start = end
		}
		_ = client.Close()
	}
	slices.SortStableFunc(ticks, func(a, b statsdTick) int { return int(a.at - b.at) })
	return ticks, nil
}

func formatError(target string, err error) error {
	var tooLong statsd.MessageTooLongError
	if errors.As(err, &tooLong) {
		return &ConfigError{Setting: SettingTemplate, Msg: fmt.Sprintf("a DogStatsD datagram for %s would pass %d bytes, the most one UDP packet to the agent carries; shorten the name, tags or event text", target, statsdMaxDatagram)}
	}
	return &ConfigError{Setting: SettingTemplate, Msg: fmt.Sprintf("the DogStatsD client refused a call for %s (%v); check the template's metric, value and tags", target, err)}
}

func sum(ns []int) int {
	t := 0
	for _, n := range ns {
		t += n
	}
	return t
}

// recordWriter is the DogStatsD client's transport while a plan is built:
// it keeps each datagram the client writes.
type recordWriter struct {
	mu        sync.Mutex
	datagrams [][]byte
	lines     []int
	failure   error
}

func (w *recordWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.datagrams = append(w.datagrams, bytes.Clone(p))
	w.lines = append(w.lines, countLines(p))
	return len(p), nil
}

func (w *recordWriter) Close() error { return nil }

func (w *recordWriter) failed(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.failure == nil {
		w.failure = err
	}
}

func (w *recordWriter) err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.failure
}

// take returns the datagrams written since the last take.
func (w *recordWriter) take() ([][]byte, []int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	d, l := w.datagrams, w.lines
	w.datagrams, w.lines = nil, nil
	return d, l
}

// countLines counts the lines of a datagram: the client ends each with a
// newline (the last one too, or not, depending on the version).
func countLines(p []byte) int {
	n := 0
	for line := range bytes.SplitSeq(p, []byte{'\n'}) {
		if len(line) > 0 {
			n++
		}
	}
	return n
}

// splitLines are the lines of a datagram, as text.
func splitLines(p []byte) []string {
	var out []string
	for line := range bytes.SplitSeq(p, []byte{'\n'}) {
		if len(line) > 0 {
			out = append(out, string(line))
		}
	}
	return out
}
