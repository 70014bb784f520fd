package sendertest

// The package has no golden file; importing golden registers -update, so
// go test ./... -update runs here too instead of refusing the flag.
import _ "github.com/rk-tui/rk-tui/internal/golden"
