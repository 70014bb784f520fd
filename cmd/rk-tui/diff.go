package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
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

--only-increase prints nothing when neither custom metrics nor cost grow, so
a CI job comments only when cost rises.

Exit status: 0 within budget, 1 a budget breached or a new template with
validation errors, 2 bad flags, files or revision.`,
		Example: `  rk-tui diff old/checkout.json checkout.json
  rk-tui diff --git origin/main templates --format markdown --only-increase > comment.md
  rk-tui diff --git HEAD~1 --max-increase 10% --max-monthly-cost 50`,
	}
	opts.profile = addProfileFlags(c)
	opts.budget = addBudgetFlags(c, true)
	c.Flags().StringVar(&opts.gitRev, "git", "", "compare the working files with this git revision (a commit, branch or tag)")
	c.Flags().BoolVar(&opts.onlyIncrease, "only-increase", false, "print nothing when custom metrics and cost do not grow")
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

// entry is one template file of a side, keyed by its path relative to the
// side's root ("" when comparing two files).
type entry struct {
	key, name string
	data      []byte
}

// sideSet is one side of the comparison: its templates and its settings.
type sideSet struct {
	entries []entry
	cfg     *preview.Config
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
	pairs := pairUp(oldV, newV)
	oldAccount, err := accountProfile(oldSide.cfg, o, profilesOf(oldV))
	if err != nil {
		return err
	}
	newAccount, err := accountProfile(newSide.cfg, o, profilesOf(newV))
	if err != nil {
		return err
	}
	d := preview.Compare(pairs, oldAccount, newAccount)
	d.Breaches = opts.budget.budget(newSide.cfg.TotalBudget()).CheckIncrease(d.Before.Figures(), d.After.Figures())
	for _, p := range pairs {
		if p.New == nil {
			continue
		}
		var before *preview.Figures
		if p.Old != nil {
			f := p.Old.Result.Figures()
			before = &f
		}
		d.Breaches = append(d.Breaches, ownBreaches(p.Path, before, p.New.Input.Profile, p.New.Result.Figures())...)
	}
	if !opts.onlyIncrease || d.Grows() {
		switch opts.format {
		case formatJSON:
			err = preview.RenderDiffJSON(s.Out, d)
		case formatMarkdown:
			err = preview.RenderDiffMarkdown(s.Out, d)
		default:
			err = preview.RenderDiffText(s.Out, d)
		}
		if err != nil {
			return ioError(err)
		}
	}
	for _, tf := range invalid {
		tf.printErrors(s)
	}
	if err := printBreaches(s.Err, d.Breaches); err != nil || len(invalid) > 0 {
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
				fmt.Fprintf(s.Err, "rk-tui: %s: the old version cannot be read (%s); counted as absent\n", e.name, template.SafeLine(findings[0].Message))
			}
			continue
		}
		in, r, err := estimateTemplate(s, tf, now, side.cfg, o, nil)
		if err != nil {
			return nil, nil, err
		}
		out[e.key] = &preview.Version{Name: e.name, Input: in, Result: r}
	}
	return out, invalid, nil
}

// pairUp pairs the versions by key, in order of the path.
func pairUp(oldV, newV map[string]*preview.Version) []preview.Pair {
	keys := map[string]bool{}
	for k := range oldV {
		keys[k] = true
	}
	for k := range newV {
		keys[k] = true
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	pairs := make([]preview.Pair, 0, len(sorted))
	for _, k := range sorted {
		p := preview.Pair{Path: k, Old: oldV[k], New: newV[k]}
		switch {
		case p.New != nil:
			p.Path = p.New.Name
		case p.Old != nil:
			p.Path = p.Old.Name
		}
		pairs = append(pairs, p)
	}
	return pairs
}

// fileSides reads OLD and NEW: two files, or two directories of templates.
func fileSides(ctx context.Context, s *Streams, oldPath, newPath string) (sideSet, sideSet, error) {
	if oldPath == "-" && newPath == "-" {
		return sideSet{}, sideSet{}, usageError("OLD and NEW cannot both be standard input (-)")
	}
	if isDir(oldPath) != isDir(newPath) {
		return sideSet{}, sideSet{}, usageError("OLD and NEW must both be files or both be directories")
	}
	read := func(path string) (sideSet, error) {
		cfg, err := configFor([]string{path})
		if err != nil {
			return sideSet{}, err
		}
		side := sideSet{cfg: cfg}
		if !isDir(path) {
			data, err := template.ReadFile(ctx, path, s.In)
			if err != nil {
				return side, inputError(ctx, err)
			}
			side.entries = []entry{{key: "", name: template.DisplayName(path), data: data}}
			return side, nil
		}
		files, err := templatesUnder(path)
		if err != nil {
			return side, err
		}
		for _, f := range files {
			data, err := template.ReadFile(ctx, f, s.In)
			if err != nil {
				return side, inputError(ctx, err)
			}
			rel, _ := filepath.Rel(path, f)
			rel = filepath.ToSlash(rel)
			side.entries = append(side.entries, entry{key: rel, name: rel, data: data})
		}
		return side, nil
	}
	oldSide, err := read(oldPath)
	if err != nil {
		return oldSide, sideSet{}, err
	}
	newSide, err := read(newPath)
	return oldSide, newSide, err
}

// workingEntries reads the working templates under path, keyed by their
// path in the repository; files that are not templates are left out, as
// a list of changed files may name them.
func workingEntries(ctx context.Context, s *Streams, top, path string) ([]entry, error) {
	files := []string{path}
	if isDir(path) {
		var err error
		if files, err = templatesUnder(path); err != nil {
			return nil, err
		}
	} else if _, err := os.Stat(path); err != nil {
		return nil, nil // gone from the working tree: removed
	}
	var out []entry
	for _, f := range files {
		abs, err := filepath.Abs(f)
		if err != nil {
			return nil, ioError(err)
		}
		rel, err := filepath.Rel(top, realPath(abs))
		if err != nil {
			return nil, ioError(err)
		}
		rel = filepath.ToSlash(rel)
		if !templatePath(rel) {
			continue // a changed file list may name any file
		}
		data, err := template.ReadFile(ctx, f, s.In)
		if err != nil {
			return nil, inputError(ctx, err)
		}
		if isTemplate(data) {
			out = append(out, entry{key: rel, name: rel, data: data})
		}
	}
	return out, nil
}

func profilesOf(vs map[string]*preview.Version) []preview.Profile {
	var out []preview.Profile
	for _, v := range vs {
		out = append(out, v.Input.Profile)
	}
	return out
}
