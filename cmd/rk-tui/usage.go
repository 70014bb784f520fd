package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/rk-tui/rk-tui/sender"
	"github.com/spf13/pflag"
)

// The commands that reach Datadog (send, usage) share what follows: their
// flags are named as the sender's settings, they print progress alike, and
// map the sender's errors to exit codes alike.

// flagNamer names a sender setting by the flag of that name, for the
// sender's messages ("" when the command has no such flag).
func flagNamer(flags *pflag.FlagSet) func(setting string) string {
	return func(setting string) string {
		if setting == sender.SettingValidate && flags.Lookup("no-validate") != nil {
			return "--no-validate"
		}
		if flags.Lookup(setting) != nil {
			return "--" + setting
		}
		return ""
	}
}

// progressTo prints the sender's progress on a terminal's stderr; off a
// terminal only its retries, which are worth a line in a CI log too.
func progressTo(s *Streams) func(string) {
	return func(msg string) {
		if s.ErrTTY || strings.Contains(msg, "retrying") {
			fmt.Fprintln(s.Err, palette{on: s.ColorErr()}.dim(msg))
		}
	}
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

// writeReport prints a --format json report, then returns exit unless the
// write failed.
func writeReport(w io.Writer, v any, exit error) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return ioError(err)
	}
	return exit
}
