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
	ctx, stop := signalContext()
	code := run(ctx, os.Args[1:], SystemStreams())
	stop()
	os.Exit(code)
}

// signalContext is cancelled by SIGINT, SIGTERM or SIGHUP, with the signal
// as its cause so the exit status can name it (130, 143, 129). Every
// command stops at the next check of the context; a second signal ends the
// process at once, so nothing can keep it from stopping.
func signalContext() (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		sig, ok := <-sigs
		if !ok {
			return
		}
		cancel(&signalError{sig: sig.(syscall.Signal)})
		if sig, ok := <-sigs; ok {
			os.Exit(128 + int(sig.(syscall.Signal)))
		}
	}()
	return ctx, func() { signal.Stop(sigs); close(sigs); cancel(nil) }
}
