package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/rk-tui/rk-tui/preview"
	"github.com/rk-tui/rk-tui/template"
)

// estimateTemplate estimates a template read by readTemplate: its settings
// over the repository's, the flags over both, and a scenario given apart
// (nil for none). What the flags set aside is said on stderr.
func estimateTemplate(s *Streams, tf *templateFile, now time.Time, cfg *preview.Config, o preview.Overrides, given *preview.Scenario) (preview.Input, preview.Result, error) {
	in, err := preview.ReadInputWith(tf.doc, now, cfg)
	if err != nil {
		return in, preview.Result{}, fileSettingError(tf, err)
	}
	if err := in.Override(o, given); err != nil {
		return in, preview.Result{}, overrideError(err)
	}
	for _, d := range in.Dropped {
		fmt.Fprintf(s.Err, "rk-tui: %s: %s given, so the file's %s is not used\n", tf.name, flagName(d.Because), d.Path)
	}
	r := in.Estimate()
	r.NoteInvalidTemplate(tf.name, tf.errors())
	return in, r, nil
}

// accountProfile is the profile of the account the templates share: the
// repository's settings with the flags over them. Without a settings file,
// a lone template's own profile is its account's.
func accountProfile(cfg *preview.Config, o preview.Overrides, templates []preview.Profile) (preview.Profile, error) {
	if cfg == nil && len(templates) == 1 {
		return templates[0], nil
	}
	p := cfg.Profile()
	if err := p.Apply(o); err != nil {
		return p, overrideError(err)
	}
	return p, nil
}

// configFor finds the settings file for paths: walking up from the first
// one's directory (the working directory for standard input).
func configFor(paths []string) (*preview.Config, error) {
	dir := "."
	if len(paths) > 0 && paths[0] != "-" {
		dir = paths[0]
		if !isDir(dir) {
			dir = filepath.Dir(dir)
		}
	}
	cfg, _, err := findConfig(dir)
	return cfg, err
}

// accountReport is what accountOf found.
type accountReport struct {
	account  preview.Account
	breaches []preview.Breach
	// invalid are the templates with validation errors (previewed as far
	// as their metrics could be read) or that could not be read at all
	// (left out).
	invalid []*templateFile
	unread  []error
}

// accountOf reads the templates of files as one account, with the
// breaches of the total's budget and of each template's own.
func accountOf(ctx context.Context, s *Streams, files []string, now time.Time, pf *profileFlags, bf *budgetFlags) (accountReport, error) {
	var rep accountReport
	cfg, err := configFor(files)
	if err != nil {
		return rep, err
	}
	o := pf.overrides()
	var rows []preview.AccountRow
	var own []preview.Breach
	var profiles []preview.Profile
	for _, path := range files {
		tf, err := readTemplate(ctx, s, path)
		switch {
		case ctx.Err() != nil:
			return rep, ctx.Err()
		case err != nil:
			rep.unread = append(rep.unread, err)
			continue
		case len(tf.errors()) > 0:
			rep.invalid = append(rep.invalid, tf)
		}
		if tf.doc == nil {
			continue
		}
		in, r, err := estimateTemplate(s, tf, now, cfg, o, nil)
		if err != nil {
			return rep, err
		}
		rows = append(rows, preview.AccountRow{Name: tf.name, Result: r})
		profiles = append(profiles, in.Profile)
		own = append(own, ownBreaches(tf.name, nil, in.Profile, r.Figures())...)
	}
	p, err := accountProfile(cfg, o, profiles)
	if err != nil {
		return rep, err
	}
	rep.account = preview.NewAccount(rows, p)
	rep.breaches = append(bf.budget(cfg.TotalBudget()).Check(rep.account.Figures()), own...)
	return rep, nil
}

// validateBudgets checks the budgets of the templates validate read, as
// one account, and says on stderr which are breached (exit 1). Templates
// that cannot be read are validate's to report.
func validateBudgets(ctx context.Context, s *Streams, files []string, pf *profileFlags, bf *budgetFlags) error {
	rep, err := accountOf(ctx, s, files, time.Now(), pf, bf)
	if err != nil {
		return err
	}
	return printBreaches(s.Err, rep.breaches)
}

// previewAccount previews every template under a directory as one
// account: a row per template, the total against one allotment.
func previewAccount(ctx context.Context, s *Streams, opts *previewOptions) error {
	if opts.scenarioFile != "" {
		return usageError("--scenario describes one template's hosts; give a file, not a directory, with it (or put each scenario in its template's x-rk-tui.scenario)")
	}
	files, _, err := templateArgs([]string{opts.file})
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usageError("%s holds no template (*.json with aug or processing)", template.DisplayName(opts.file))
	}
	rep, err := accountOf(ctx, s, files, opts.now, opts.profile, opts.budget)
	if err != nil {
		return err
	}
	switch opts.format {
	case formatJSON:
		err = preview.RenderAccountJSON(s.Out, rep.account, rep.breaches)
	case formatMarkdown:
		err = preview.RenderAccountMarkdown(s.Out, rep.account)
	default:
		err = preview.RenderAccountText(s.Out, rep.account)
	}
	if err != nil {
		return ioError(err)
	}
	for _, e := range rep.unread {
		fmt.Fprintln(s.Err, "rk-tui: "+e.Error())
	}
	for _, tf := range rep.invalid {
		tf.printErrors(s)
	}
	if err := printBreaches(s.Err, rep.breaches); err != nil || len(rep.invalid) > 0 || len(rep.unread) > 0 {
		return findingsError()
	}
	return nil
}
