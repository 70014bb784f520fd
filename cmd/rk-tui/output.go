package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/rk-tui/rk-tui/template"
	"github.com/spf13/cobra"
)

// format is the value of a --format flag.
type format string

const (
	formatText     format = "text"
	formatJSON     format = "json"
	formatMarkdown format = "markdown"
)

// addFormatFlag adds --format with the given choices (the first is the
// default) and returns a getter that checks the value.
func addFormatFlag(c *cobra.Command, choices ...format) func() (format, error) {
	names := make([]string, len(choices))
	for i, f := range choices {
		names[i] = string(f)
	}
	v := c.Flags().String("format", names[0], "output format: "+strings.Join(names, ", "))
	_ = c.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(names, cobra.ShellCompDirectiveNoFileComp))
	return func() (format, error) {
		for _, f := range choices {
			if string(f) == *v {
				return f, nil
			}
		}
		return "", usageError("--format %q is not one of %s", *v, strings.Join(names, ", "))
	}
}

// palette colours text for a terminal, or leaves it plain.
type palette struct{ on bool }

func (p palette) wrap(code, s string) string {
	if !p.on {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func (p palette) red(s string) string    { return p.wrap("31", s) }
func (p palette) yellow(s string) string { return p.wrap("33", s) }
func (p palette) green(s string) string  { return p.wrap("32", s) }
func (p palette) bold(s string) string   { return p.wrap("1", s) }
func (p palette) dim(s string) string    { return p.wrap("2", s) }

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// render writes a report in the format asked, with the renderer of that
// format; a failed write is an I/O error.
func render(w io.Writer, f format, json, markdown, text func(io.Writer) error) error {
	var err error
	switch f {
	case formatJSON:
		var b bytes.Buffer
		if err = json(&b); err == nil {
			_, err = w.Write(template.SafeJSON(b.Bytes()))
		}
	case formatMarkdown:
		err = markdown(w)
	default:
		err = text(w)
	}
	return ioErrorOrNil(err)
}

// writeReport prints a --format json report, then returns exit unless the
// write failed.
func writeReport(w io.Writer, v any, exit error) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return ioError(err)
	}
	if _, err := w.Write(template.SafeJSON(b.Bytes())); err != nil {
		return ioError(err)
	}
	return exit
}

// fileReport is one file's findings, as validate prints them.
type fileReport struct {
	File     string             `json:"file"`
	Error    string             `json:"error,omitempty"`
	Findings []template.Finding `json:"findings"`
}

// writeFindings prints findings as file:line:col lines, each with its JSON
// path and what Datadog would store, and with summary a line per file.
// Messages quote the template, so control characters are escaped.
func writeFindings(w io.Writer, p palette, reports []fileReport, summary bool) {
	for _, r := range reports {
		if r.Error != "" {
			continue // said on stderr
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
			fmt.Fprintf(w, "%s:%d:%d: %s [%s] %s\n", p.bold(r.File), f.Line, f.Column, label, f.Code, template.SafeLine(f.Message))
			if f.Path != "" {
				fmt.Fprintf(w, "    %s %s\n", p.dim("at"), template.SafeLine(f.Path))
			}
			if f.Rewrite != "" {
				fmt.Fprintf(w, "    %s\n", p.dim(template.StoresAs(f.Rewrite)))
			}
		}
		switch {
		case !summary:
		case errs > 0:
			fmt.Fprintf(w, "%s: %s, %s\n", r.File, p.red(plural(errs, "error", "errors")), plural(warns, "warning", "warnings"))
		case warns > 0:
			fmt.Fprintf(w, "%s: %s, %s\n", r.File, p.green("valid"), p.yellow(plural(warns, "warning", "warnings")))
		default:
			fmt.Fprintf(w, "%s: %s\n", r.File, p.green("valid"))
		}
	}
}
