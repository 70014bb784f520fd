package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/rk-tui/rk-tui/preview"
	"github.com/rk-tui/rk-tui/template"
	"github.com/spf13/cobra"
)

type diffOptions struct {
	args         []string
	gitRev       string
	format       format
	onlyIncrease bool
	profile      *profileFlags
	budget       *budgetFlags
	now          time.Time
}

func newDiffCmd(s *Streams) *cobra.Command {
	opts := &diffOptions{}
	c := &cobra.Command{
		Use:   "diff OLD NEW | diff --git REV [PATH...]",
		Short: "Compare the custom metrics and cost of two versions of templates",
		Long: `Compare two versions of templates, for a pull request: per metric what was
added, removed, renamed (when its x-rk-tui.metrics entry moved with it) or
changed (type, tags, tag values, hosts), the custom metrics and monthly cost
before and after, and the total over all templates as one account. Every
figure is an estimate.

OLD and NEW are two files or two directories of templates (*.json with aug or
processing, hidden directories left out). With --git REV, the working files
under each PATH (default .) are compared with the same paths at revision REV.

Settings: each template's x-rk-tui.profile over the repository's .rk-tui.json
(found by walking up from the templates; at REV for the old side), the flags
over both. The account (plan, account_hosts, existing, prices) is the
repository's with the flags (without .rk-tui.json, a lone template's own).

Budgets apply to the total: .rk-tui.json "budget", then --max-custom-metrics,
--max-monthly-cost, --max-increase (50, 10% or $5) and --max-share; a
template's x-rk-tui.profile.budget applies to it alone. Each breached budget
is a line on standard error.

--only-increase prints nothing when neither custom metrics nor cost grow and
no budget is breached, so a CI job comments only when cost rises or a check
fails.

Exit status: 0 within budget, 1 a budget breached or a new template with
validation errors, 2 bad flags, files or revision.`,
		Example: `  rk-tui diff old/checkout.json checkout.json
  rk-tui diff --git origin/main templates --format markdown --only-increase > comment.md
  rk-tui diff --git HEAD~1 --max-increase 10% --max-monthly-cost 50`,
	}
	opts.profile = addProfileFlags(c)
	opts.budget = addBudgetFlags(c, true)
	c.Flags().StringVar(&opts.gitRev, "git", "", "compare the working files with this git revision (a commit, branch or tag)")
	c.Flags().BoolVar(&opts.onlyIncrease, "only-increase", false, "print nothing when custom metrics and cost do not grow and no budget is breached")
	getFormat := addFormatFlag(c, formatText, formatMarkdown, formatJSON)
	c.RunE = func(c *cobra.Command, args []string) error {
		f, err := getFormat()
		if err != nil {
			return err
		}
		if opts.gitRev == "" && len(args) != 2 {
			return usageError("diff compares OLD and NEW (two files or two directories), or the working files with --git REV (see rk-tui diff --help)")
		}
		opts.args, opts.format, opts.now = args, f, time.Now()
		return diffRun(c.Context(), s, opts)
	}
	return c
}

func diffRun(ctx context.Context, s *Streams, opts *diffOptions) error {
	var oldSide, newSide sideSet
	var err error
	if opts.gitRev != "" {
		oldSide, newSide, err = gitSides(ctx, s, opts.gitRev, opts.args)
	} else {
		oldSide, newSide, err = fileSides(ctx, s, opts.args[0], opts.args[1])
	}
	if err != nil {
		return err
	}
	o := opts.profile.overrides()
	oldV, _, err := versions(s, oldSide, opts.now, o, false)
	if err != nil {
		return err
	}
	newV, invalid, err := versions(s, newSide, opts.now, o, true)
	if err != nil {
		return err
	}
	d, err := preview.CompareSides(preview.Side{Versions: oldV, Config: oldSide.cfg}, preview.Side{Versions: newV, Config: newSide.cfg}, o, opts.budget.budget())
	if err != nil {
		return overrideError(err)
	}
	// --only-increase still reports a breached budget: a failed check
	// with nothing said is no review.
	if !opts.onlyIncrease || d.Grows() || len(d.Breaches) > 0 {
		err = render(s.Out, opts.format, func(w io.Writer) error { return preview.RenderDiffJSON(w, d) },
			func(w io.Writer) error { return preview.RenderDiffMarkdown(w, d) },
			func(w io.Writer) error { return preview.RenderDiffText(w, d) })
		if err != nil {
			return err
		}
	}
	for _, tf := range invalid {
		tf.printErrors(s)
	}
	if err := opts.budget.report(s.Err, d.Breaches, newSide.cfg, newSide.cfgFile); err != nil || len(invalid) > 0 {
		return findingsError()
	}
	return nil
}

// versions estimates each template of a side. On the new side a template
// with validation errors is estimated as far as it can be read and listed
// in invalid; one that cannot be parsed at all is left out and listed. On
// the old side such a template counts as absent, with a note.
func versions(s *Streams, side sideSet, now time.Time, o preview.Overrides, isNew bool) (map[string]*preview.Version, []*templateFile, error) {
	out := map[string]*preview.Version{}
	var invalid []*templateFile
	for _, e := range side.entries {
		doc, findings := template.Load(e.data)
		tf := &templateFile{name: e.name, doc: doc, findings: findings}
		if len(tf.errors()) > 0 && isNew {
			invalid = append(invalid, tf)
		}
		if doc == nil {
			if !isNew {
				f := findings[0]
				fmt.Fprintf(s.Err, "rk-tui: %s:%d:%d: the old version cannot be read (%s); it counts as absent, so the new version shows as added\n", e.name, f.Line, f.Column, template.SafeLine(f.Message))
			}
			continue
		}
		v, err := estimateTemplate(s, tf, now, side.cfg, o, nil)
		if err != nil {
			return nil, nil, err
		}
		out[e.key] = &v
	}
	return out, invalid, nil
}
