package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/rk-tui/rk-tui/template"
	"github.com/spf13/cobra"
)

type validateOptions struct {
	files  []string
	format format
}

func newValidateCmd(s *Streams) *cobra.Command {
	opts := &validateOptions{}
	c := &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check templates against Rookout's format and Datadog's naming rules",
		Long: `Check one or more templates. Each finding names the file, line and column,
the JSON path, what is wrong and how to fix it, and what Datadog would turn a
name or tag into. Use "-" to read standard input.

Findings go to standard output; a file that cannot be read is an error on
standard error (and, with --format json, an "error" entry in the report).

Exit status: 0 no errors (warnings allowed), 1 a file has errors, 2 a file
cannot be read.`,
		Example: `  rk-tui validate checkout.json
  rk-tui validate templates/*.json --format json`,
		Args: cobra.MinimumNArgs(1),
	}
	getFormat := addFormatFlag(c, formatText, formatJSON)
	c.RunE = func(c *cobra.Command, args []string) error {
		f, err := getFormat()
		if err != nil {
			return err
		}
		opts.files, opts.format = args, f
		return validateRun(c.Context(), s, opts)
	}
	return c
}

// validateSummary closes validate's JSON report.
type validateSummary struct {
	Valid      bool `json:"valid"`
	Files      int  `json:"files"`
	Unreadable int  `json:"unreadable"`
	Invalid    int  `json:"invalid"`
	Errors     int  `json:"errors"`
	Warnings   int  `json:"warnings"`
}

func validateRun(ctx context.Context, s *Streams, opts *validateOptions) error {
	var reports []fileReport
	sum := validateSummary{Files: len(opts.files)}
	for _, path := range opts.files {
		r := fileReport{File: template.DisplayName(path), Findings: []template.Finding{}}
		t, err := readTemplate(ctx, s, path)
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case err != nil:
			r.Error = err.Error()
			sum.Unreadable++
			fmt.Fprintln(s.Err, "rk-tui: "+r.Error)
		default:
			r.Findings = append(r.Findings, t.findings...)
			if n := len(t.errors()); n > 0 {
				sum.Invalid++
				sum.Errors += n
			}
			sum.Warnings += len(t.findings) - len(t.errors())
		}
		reports = append(reports, r)
	}
	sum.Valid = sum.Unreadable == 0 && sum.Invalid == 0
	if opts.format == formatJSON {
		enc := json.NewEncoder(s.Out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(struct {
			Files   []fileReport    `json:"files"`
			Summary validateSummary `json:"summary"`
		}{reports, sum}); err != nil {
			return ioError(err)
		}
	} else {
		writeFindings(s.Out, palette{on: s.ColorOut()}, reports, true)
	}
	switch {
	case sum.Unreadable > 0:
		return &exitError{code: exitUsage}
	case sum.Invalid > 0:
		return findingsError()
	}
	return nil
}
