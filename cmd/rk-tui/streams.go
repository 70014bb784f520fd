package main

import (
	"io"
	"os"
	"strconv"

	"golang.org/x/term"
)

// Streams are the standard streams of one command run, and what is known
// about them. Tests pass buffers; main passes the process's own.
type Streams struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
	// InTTY, OutTTY and ErrTTY say whether each stream is a terminal.
	InTTY, OutTTY, ErrTTY bool
	// Getenv reads the environment (os.Getenv outside tests).
	Getenv func(string) string
}

// SystemStreams are the process's standard streams.
func SystemStreams() *Streams {
	return &Streams{
		In: os.Stdin, Out: os.Stdout, Err: os.Stderr,
		InTTY:  term.IsTerminal(int(os.Stdin.Fd())),
		OutTTY: term.IsTerminal(int(os.Stdout.Fd())),
		ErrTTY: term.IsTerminal(int(os.Stderr.Fd())),
		Getenv: os.Getenv,
	}
}

// ColorOut reports whether stdout may carry colour: a terminal, and the
// user has not set NO_COLOR.
func (s *Streams) ColorOut() bool { return s.OutTTY && s.Getenv("NO_COLOR") == "" }

// ColorErr is ColorOut for stderr.
func (s *Streams) ColorErr() bool { return s.ErrTTY && s.Getenv("NO_COLOR") == "" }

// interactive reports whether the studio can run: it reads keys from stdin
// and draws on stderr, so both must be terminals.
func (s *Streams) interactive() bool { return s.InTTY && s.ErrTTY }

// outWidth is the width to lay text out in: $COLUMNS on a terminal, else
// 80.
func (s *Streams) outWidth() int {
	if n, err := strconv.Atoi(s.Getenv("COLUMNS")); err == nil && n >= 20 && s.OutTTY {
		return min(n, 1000) // a hostile COLUMNS must not make a gigabyte of spaces
	}
	return 80
}
