// Package tui is the interactive studio: a Bubble Tea program that builds a
// template step by step beside a live preview of its JSON and cost.
package tui

import (
	"context"
	"errors"
	"io"

	"github.com/rk-tui/rk-tui/template"
)

// Options start the studio.
type Options struct {
	Preset   *template.Preset
	Document *template.Document
	Output   string
	Editing  bool
	Fresh    bool
	In       io.Reader
	Out      io.Writer
	Getenv   func(string) string
}

// Result says how the studio ended.
type Result struct {
	Saved       string
	Interrupted bool
}

// Run runs the studio until the user quits.
func Run(ctx context.Context, o Options) (Result, error) {
	return Result{}, errors.New("the studio is not built yet")
}
