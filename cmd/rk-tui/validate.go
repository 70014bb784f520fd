package main

import (
	"encoding/json"
	"fmt"
	"io"

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
		return validateRun(s, opts)
	}
	return c
}

// fileReport is one file's findings, as --format json prints them.
type fileReport struct {
	File     string             `json:"file"`
	Error    string             `json:"error,omitempty"`
	Findings []template.Finding `json:"findings"`
}

func validateRun(s *Streams, opts *validateOptions) error {
	var reports []fileReport
	unreadable, invalid := false, false
	for _, name := range opts.files {
		r := fileReport{File: template.DisplayName(name), Findings: []template.Finding{}}
		data, err := template.ReadFile(name, s.In)
		if err != nil {
			r.Error = err.Error()
			unreadable = true
		} else {
			_, fs := template.Load(data)
			r.Findings = append(r.Findings, fs...)
			invalid = invalid || template.HasErrors(fs)
		}
		reports = append(reports, r)
	}
	switch opts.format {
	case formatJSON:
		enc := json.NewEncoder(s.Out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(struct {
			Files []fileReport `json:"files"`
		}{reports}); err != nil {
			return ioError(err)
		}
	default:
		writeFindingsText(s.Out, palette{on: s.ColorOut()}, reports)
	}
	switch {
	case unreadable:
		return &exitError{code: exitUsage}
	case invalid:
		return findingsError()
	}
	return nil
}

func writeFindingsText(w io.Writer, p palette, reports []fileReport) {
	for _, r := range reports {
		if r.Error != "" {
			fmt.Fprintf(w, "%s %s\n", p.red("error:"), r.Error)
			continue
		}
		errs, warns := 0, 0
		for _, f := range r.Findings {
			label := p.yellow("warning")
			if f.Severity == template.Error {
				label = p.red("error")
				errs++
			} else {
				warns++
			}
			fmt.Fprintf(w, "%s:%d:%d: %s [%s] %s\n", p.bold(r.File), f.Line, f.Column, label, f.Code, f.Message)
			if f.Path != "" {
				fmt.Fprintf(w, "    %s %s\n", p.dim("at"), f.Path)
			}
			if f.Rewrite != "" {
				fmt.Fprintf(w, "    %s %s\n", p.dim("Datadog would store it as"), f.Rewrite)
			}
		}
		switch {
		case errs > 0:
			fmt.Fprintf(w, "%s: %s, %s\n", r.File, p.red(plural(errs, "error", "errors")), plural(warns, "warning", "warnings"))
		case warns > 0:
			fmt.Fprintf(w, "%s: %s, %s\n", r.File, p.green("valid"), p.yellow(plural(warns, "warning", "warnings")))
		default:
			fmt.Fprintf(w, "%s: %s\n", r.File, p.green("valid"))
		}
	}
}
