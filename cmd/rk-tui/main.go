// Command rk-tui builds, checks, prices and tests Rookout breakpoint
// templates that send custom metrics to Datadog.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], SystemStreams())
	stop()
	os.Exit(code)
}
