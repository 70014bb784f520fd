package main

import (
	"context"
	"fmt"
	"time"

	"github.com/rk-tui/rk-tui/preview"
	"github.com/rk-tui/rk-tui/template"
	"github.com/spf13/cobra"
)

type validateOptions struct {
	args    []string
	format  format
	profile *profileFlags
	budget  *budgetFlags
	now     time.Time
}

func newValidateCmd(s *Streams) *cobra.Command {
	opts := &validateOptions{}
	c := &cobra.Command{
		Use:   "validate FILE|DIR...",
		Short: "Check templates against Rookout's format, Datadog's naming rules and the budgets",
		Long: `Check one or more templates. Each finding names the file, line and column,
the JSON path, what is wrong and how to fix it, and what Datadog would turn a
name or tag into. Use "-" to read standard input. A directory stands for its
templates (*.json with aug or processing, hidden directories left out).

The cost settings of each template (x-rk-tui.profile, x-rk-tui.scenario) are
checked as rk-tui preview reads them, and the templates given are counted as
one account against the repository's .rk-tui.json (found walking up from the
first) with the flags over it. Each breached budget (--max-custom-metrics,
--max-monthly-cost, --max-share, the "budget" of .rk-tui.json, a template's
x-rk-tui.profile.budget) is a line on standard error.

Findings go to standard output; a file that cannot be read is an error on
standard error. --format json prints {"files": [{"file", "findings", and
"error" when it cannot be read}], "budgets": [{"scope" ("" for the total,
else the template), "setting", "message"}], "summary": {"valid",
"within_budget", "files", "unreadable", "invalid", "errors", "warnings"}}.

Exit status: 0 no errors (warnings allowed) and within budget, 1 a file has
errors or a budget is breached, 2 a file cannot be read or a bad flag or
.rk-tui.json.`,
		Example: `  rk-tui validate checkout.json
  rk-tui validate templates/ --max-monthly-cost 50
  rk-tui validate templates/*.json --format json`,
		Args: cobra.MinimumNArgs(1),
	}
	opts.profile = addProfileFlags(c)
	opts.budget = addBudgetFlags(c, false)
	getFormat := addFormatFlag(c, formatText, formatJSON)
	c.RunE = func(c *cobra.Command, args []string) (err error) {
		if opts.format, err = getFormat(); err != nil {
			return err
		}
		opts.args, opts.now = args, time.Now()
		return validateRun(c.Context(), s, opts)
	}
	return c
}

// validateReport is validate's JSON report.
type validateReport struct {
	Files   []fileReport     `json:"files"`
	Budgets []preview.Breach `json:"budgets"`
	Summary validateSummary  `json:"summary"`
}

type validateSummary struct {
	Valid        bool `json:"valid"`
	WithinBudget bool `json:"within_budget"`
	Files        int  `json:"files"`
	Unreadable   int  `json:"unreadable"`
	Invalid      int  `json:"invalid"`
	Errors       int  `json:"errors"`
	Warnings     int  `json:"warnings"`
}

func validateRun(ctx context.Context, s *Streams, opts *validateOptions) error {
	files, err := templateArgs(ctx, opts.args)
	if err != nil {
		return err
	}
	cfg, cfgFile, err := configFor(opts.args)
	if err != nil {
		return err
	}
	o := opts.profile.overrides()
	rep := validateReport{Summary: validateSummary{Files: len(files)}}
	sum := &rep.Summary
	var vs []preview.Version
	for _, path := range files {
		r := fileReport{File: template.DisplayName(path), Findings: []template.Finding{}}
		t, err := readTemplate(ctx, s, path)
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case err != nil:
			r.Error = err.Error()
			sum.Unreadable++
			fmt.Fprintln(s.Err, "rk-tui: "+template.SafeText(r.Error))
		case t.doc != nil:
			v, err := estimateTemplate(s, t, opts.now, cfg, o, nil)
			if f, ok := preview.SettingFinding(t.doc, err); ok {
				t.findings = append(t.findings, f) // the file's to fix, like any finding
			} else if err != nil {
				return err
			} else {
				vs = append(vs, v)
			}
		}
		if t != nil {
			r.Findings = append(r.Findings, t.findings...)
			if n := len(t.errors()); n > 0 {
				sum.Invalid++
				sum.Errors += n
			}
			sum.Warnings += len(t.findings) - len(t.errors())
		}
		rep.Files = append(rep.Files, r)
	}
	_, rep.Budgets, err = preview.AccountOf(vs, cfg, o, opts.budget.budget())
	if err != nil {
		return overrideError(err)
	}
	sum.Valid, sum.WithinBudget = sum.Unreadable == 0 && sum.Invalid == 0, len(rep.Budgets) == 0
	if rep.Budgets == nil {
		rep.Budgets = []preview.Breach{}
	}
	if opts.format != formatJSON {
		writeFindings(s.Out, palette{on: s.ColorOut()}, rep.Files, true)
	} else if err := writeReport(s.Out, rep, nil); err != nil {
		return err
	}
	overBudget := opts.budget.report(s.Err, rep.Budgets, cfg, cfgFile)
	switch {
	case sum.Unreadable > 0:
		return &exitError{code: exitUsage}
	case sum.Invalid > 0:
		return findingsError()
	}
	return overBudget
}
