package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"

	"github.com/rk-tui/rk-tui/sender"
)

// Exit codes, the same for every command.
const (
	exitOK          = 0
	exitFindings    = 1 // validation errors, or a failed send
	exitUsage       = 2 // bad flags, unreadable files, I/O errors
	exitInterrupted = 130
)

// exitError carries an exit code up to run. Message may be empty when the
// command already printed what went wrong.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// usageError is a bad flag, argument or input file: exit 2.
func usageError(format string, a ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, a...)}
}

// ioError wraps an I/O failure: exit 2.
func ioError(err error) error { return &exitError{code: exitUsage, err: err} }

// findingsError means the command ran and found problems it already
// printed: exit 1, nothing more to say.
func findingsError() error { return &exitError{code: exitFindings} }

// failure is a failed action (a send that did not go through): exit 1.
func failure(err error) error { return &exitError{code: exitFindings, err: err} }

func exitCode(err error) int {
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return exitUsage
}

func errorf(format string, a ...any) error { return fmt.Errorf(format, a...) }

// ioErrorOrNil is ioError for a write that may have failed.
func ioErrorOrNil(err error) error {
	if err == nil {
		return nil
	}
	return ioError(err)
}

// signalError is the cause of a context cancelled by a signal.
type signalError struct{ sig syscall.Signal }

func (e *signalError) Error() string { return "interrupted by " + e.sig.String() }

// Signal is the signal, for the studio to report.
func (e *signalError) Signal() os.Signal { return e.sig }

// interruptedCode is the exit status of a run a signal stopped: 128 plus
// the signal's number, as shells report it (130 for Ctrl+C).
func interruptedCode(ctx context.Context) int {
	var se *signalError
	if errors.As(context.Cause(ctx), &se) {
		return 128 + int(se.sig)
	}
	return exitInterrupted
}

// senderExit describes a sender error for --format json and picks the exit
// code: 130 (and the like) interrupted, 2 a setting to fix (nothing was
// done: done says what), 1 a failure.
func senderExit(err error, done string) (*sender.ErrorInfo, error) {
	info := sender.DescribeError(err)
	switch {
	case info.Interrupted():
		return info, err // run says "interrupted" and exits 130
	case info.Config():
		return info, usageError("%v; %s", err, done)
	}
	return info, failure(err)
}
