package sendertest

import (
	"bytes"
	"errors"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"
)

// ErrNoLines is returned by Agent.Wait when the lines do not come in time.
var ErrNoLines = errors.New("sendertest: the datagram lines did not arrive in time")

// Agent is a UDP socket on 127.0.0.1 that receives DogStatsD datagrams,
// as a Datadog Agent's DogStatsD port does.
type Agent struct {
	// Addr is 127.0.0.1:PORT.
	Addr string
	Host string
	Port int

	conn      *net.UDPConn
	mu        sync.Mutex
	cond      *sync.Cond
	lines     []string
	arrived   []time.Time
	datagrams int
	done      chan struct{}
}

// ListenDogStatsD opens the socket, closed when the test ends.
func ListenDogStatsD(t testing.TB) *Agent {
	t.Helper()
	conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatalf("listen for DogStatsD on 127.0.0.1: %v", err)
	}
	addr := conn.LocalAddr().(*net.UDPAddr)
	a := &Agent{Addr: addr.String(), Host: "127.0.0.1", Port: addr.Port, conn: conn, done: make(chan struct{})}
	a.cond = sync.NewCond(&a.mu)
	go a.read()
	t.Cleanup(func() {
		conn.Close()
		<-a.done
	})
	return a
}

func (a *Agent) read() {
	defer close(a.done)
	buf := make([]byte, 65536)
	for {
		n, _, err := a.conn.ReadFromUDP(buf)
		if err != nil {
			a.mu.Lock()
			a.cond.Broadcast()
			a.mu.Unlock()
			return
		}
		now := time.Now()
		a.mu.Lock()
		a.datagrams++
		for line := range bytes.SplitSeq(buf[:n], []byte{'\n'}) {
			if len(line) > 0 {
				a.lines = append(a.lines, string(line))
				a.arrived = append(a.arrived, now)
			}
		}
		a.cond.Broadcast()
		a.mu.Unlock()
	}
}

// Wait waits up to timeout for n lines in all and returns the lines
// received; ErrNoLines if fewer came.
func (a *Agent) Wait(n int, timeout time.Duration) ([]string, error) {
	deadline := time.Now().Add(timeout)
	timer := time.AfterFunc(timeout, func() {
		a.mu.Lock()
		a.cond.Broadcast()
		a.mu.Unlock()
	})
	defer timer.Stop()
	a.mu.Lock()
	defer a.mu.Unlock()
	for len(a.lines) < n && time.Now().Before(deadline) {
		select {
		case <-a.done:
			return append([]string(nil), a.lines...), ErrNoLines
		default:
		}
		a.cond.Wait()
	}
	out := append([]string(nil), a.lines...)
	if len(out) < n {
		return out, ErrNoLines
	}
	return out, nil
}

// Lines are the lines received so far.
func (a *Agent) Lines() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.lines...)
}

// Arrived are the times the lines arrived, in the order of Lines.
func (a *Agent) Arrived() []time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]time.Time(nil), a.arrived...)
}

// Datagrams is the number of datagrams received so far.
func (a *Agent) Datagrams() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.datagrams
}

// ClosedPort returns a loopback address on which nothing listens, for TCP
// and UDP: a port just opened and closed again.
func ClosedPort(t testing.TB) (host string, port int) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("find a free port: %v", err)
	}
	port = l.Addr().(*net.TCPAddr).Port
	l.Close()
	return "127.0.0.1", port
}

// ClosedURL is an http:// URL on a loopback port where nothing listens.
func ClosedURL(t testing.TB) string {
	host, port := ClosedPort(t)
	return "http://" + net.JoinHostPort(host, strconv.Itoa(port))
}
