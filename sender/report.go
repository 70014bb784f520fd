package sender

import (
	"context"
	"errors"

	"github.com/rk-tui/rk-tui/template"
)

// Outcome is a dry-run or a send of one template file as a report for a
// machine (rk-tui send --format json): the template's errors when it
// could not be sent, the dry-run's report or the send's result, and what
// failed.
type Outcome struct {
	File     string             `json:"file"`
	DryRun   bool               `json:"dry_run"`
	Findings []template.Finding `json:"findings,omitempty"`
	Report   *Report            `json:"report,omitempty"`
	Result   *Result            `json:"result,omitempty"`
	Error    *ErrorInfo         `json:"error,omitempty"`
}

// ErrorInfo describes a failed send or dry-run for a machine: what
// `rk-tui send --format json` prints under "error", and what a caller
// branches on.
type ErrorInfo struct {
	// Kind is "interrupted", "config-" plus the setting (config-points,
	// config-template, ...), a SendError kind (key-rejected, timeout, ...),
	// or "network".
	Kind string `json:"kind"`
	// Message is the error as a user reads it, escaped.
	Message string `json:"message"`
	// Setting is what to change, for a config error.
	Setting  string   `json:"setting,omitempty"`
	Status   int      `json:"status,omitempty"`
	Errors   []string `json:"errors,omitempty"`
	Attempts int      `json:"attempts,omitempty"`
	// MayHaveArrived and Counts: see SendError.
	MayHaveArrived bool     `json:"may_have_arrived,omitempty"`
	Counts         []string `json:"counts,omitempty"`
}

// Interrupted reports whether the send was stopped by its context
// (Ctrl+C), not by a failure.
func (e *ErrorInfo) Interrupted() bool { return e.Kind == "interrupted" }

// Config reports whether a setting or the template was refused before
// anything was sent: fix it and try again.
func (e *ErrorInfo) Config() bool { return e.Setting != "" }

// DescribeError maps an error of Send, DryRun or NewPlan to an ErrorInfo.
func DescribeError(err error) *ErrorInfo {
	e := &ErrorInfo{Kind: "network", Message: err.Error()}
	var ce *ConfigError
	var se *SendError
	switch {
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) && !errors.As(err, &se):
		e.Kind = "interrupted"
	case errors.As(err, &ce):
		e.Kind, e.Setting = "config-"+ce.Setting, ce.Setting
	case errors.As(err, &se):
		e.Kind, e.Status, e.Errors, e.Attempts = string(se.Kind), se.Status, se.Errors, se.Attempts
		e.MayHaveArrived, e.Counts = se.MayHaveArrived, se.Counts
	}
	return e
}
