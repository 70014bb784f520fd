package tui

import (
	"context"
	"errors"
	"os"
	"syscall"
)

// signalOf is the signal that cancelled ctx, when the context's cause names
// one (the command's signal handler sets it); else an interrupt.
func signalOf(ctx context.Context) os.Signal {
	var s interface{ Signal() os.Signal }
	if errors.As(context.Cause(ctx), &s) {
		return s.Signal()
	}
	return os.Interrupt
}

func signalNumber(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return int(s)
	}
	return int(syscall.SIGINT)
}
