package sender

import "time"

// pace spaces the DogStatsD datagrams of one send. UDP has no flow
// control: a burst larger than the agent's socket buffer (212 KiB by
// default on Linux) is dropped by the kernel after every write succeeded,
// so a send writes a few datagrams, pauses, and goes on.
type pace struct {
	// burst is the most bytes written back to back.
	burst int
	// pause is the wait after each burst.
	pause time.Duration
}

// defaultPace writes at most 8 KiB a millisecond (~8 MB/s: far below what
// an agent reads, far above what a test send needs), so a reader that
// falls 20 ms behind still finds room in a 212 KiB buffer.
var defaultPace = pace{burst: 8 << 10, pause: time.Millisecond}
