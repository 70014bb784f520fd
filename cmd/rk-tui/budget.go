package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/rk-tui/rk-tui/preview"
	"github.com/rk-tui/rk-tui/template"
	"github.com/spf13/cobra"
	"github.com/tidwall/gjson"
)

// budgetFlags are the budget limits of the command line; they apply to the
// total over the templates given, over the repository's .rk-tui.json.
type budgetFlags struct {
	maxCustomMetrics wholeFlag
	maxCost          realFlag
	maxIncrease      increaseFlag
	maxShare         shareFlag
	c                *cobra.Command
}

func addBudgetFlags(c *cobra.Command, withIncrease bool) *budgetFlags {
	f := &budgetFlags{c: c}
	fl := c.Flags()
	fl.Var(&f.maxCustomMetrics, "max-custom-metrics", "budget: most custom metrics while live, over all the templates given (exit 1 past it)")
	fl.Var(&f.maxCost, "max-monthly-cost", "budget: most USD a month, over all the templates given (exit 1 past it)")
	if withIncrease {
		fl.Var(&f.maxIncrease, "max-increase", "budget: most growth: custom metrics (50), a percentage of them (10%) or USD a month ($5) (exit 1 past it)")
	}
	fl.Var(&f.maxShare, "max-share", "budget: most share of the allotment, existing use included: 25% or 0.25 (exit 1 past it)")
	return f
}

// budget is the limits given, over base (the repository's).
func (f *budgetFlags) budget(base preview.Budget) preview.Budget {
	var b preview.Budget
	given := f.c.Flags().Changed
	if given("max-custom-metrics") {
		b.MaxCustomMetrics = &f.maxCustomMetrics.v
	}
	if given("max-monthly-cost") {
		b.MaxMonthlyCost = &f.maxCost.v
	}
	if f.c.Flags().Lookup("max-increase") != nil && given("max-increase") {
		b.MaxIncrease = &f.maxIncrease.v
	}
	if given("max-share") {
		b.MaxShare = &f.maxShare.v
	}
	return base.Merge(b)
}

// increaseFlag is --max-increase: 50, 10% or $5.
type increaseFlag struct{ v preview.Increase }

func (f *increaseFlag) String() string { return f.v.String() }
func (f *increaseFlag) Type() string   { return "N|N%|$N" }
func (f *increaseFlag) Set(s string) (err error) {
	f.v, err = preview.ParseIncrease(s)
	return err
}

// shareFlag is --max-share: 25% or 0.25.
type shareFlag struct{ v float64 }

func (f *shareFlag) String() string { return preview.Percent(f.v) }
func (f *shareFlag) Type() string   { return "N%" }
func (f *shareFlag) Set(s string) (err error) {
	f.v, err = preview.ParseShare(s)
	return err
}

// budgetFlag is the flag that gives each budget setting.
var budgetFlag = map[string]string{
	"max_custom_metrics": "--max-custom-metrics", "max_monthly_cost": "--max-monthly-cost",
	"max_increase": "--max-increase", "max_share": "--max-share",
}

// printBreaches writes a line per breached budget to w and returns exit 1
// when there is one.
func printBreaches(w io.Writer, breaches []preview.Breach) error {
	for _, br := range breaches {
		scope := "total"
		if br.Scope != "" {
			scope = br.Scope + "'s own budget"
		}
		fmt.Fprintf(w, "rk-tui: over budget: %s (%s, %s): %s\n", br.Setting, budgetFlag[br.Setting], template.SafeLine(scope), br.Msg)
	}
	if len(breaches) > 0 {
		return findingsError()
	}
	return nil
}

// ownBreaches are a template's breaches of its own x-rk-tui.profile.budget.
func ownBreaches(name string, before *preview.Figures, p preview.Profile, after preview.Figures) []preview.Breach {
	var out []preview.Breach
	if before != nil {
		out = p.Budget.CheckIncrease(*before, after)
	} else {
		out = p.Budget.Check(after)
	}
	for i := range out {
		out[i].Scope = name
	}
	return out
}

// findConfig looks for the repository's settings file from dir up to the
// root of the file system; nil, "" when there is none.
func findConfig(dir string) (*preview.Config, string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, "", ioError(err)
	}
	for {
		path := filepath.Join(abs, preview.ConfigFile)
		data, err := os.ReadFile(path)
		switch {
		case err == nil:
			cfg, perr := preview.ParseConfig(data)
			if perr != nil {
				return nil, path, usageError("%s:%v", template.DisplayName(path), configPlace(perr))
			}
			return cfg, path, nil
		case !errors.Is(err, fs.ErrNotExist):
			return nil, path, ioError(err)
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return nil, "", nil
		}
		abs = parent
	}
}

func configPlace(err error) string {
	var ce *preview.ConfigError
	if errors.As(err, &ce) && ce.Line == 0 {
		return " " + ce.Error()
	}
	return err.Error()
}

// templateArgs expands the arguments of a command that takes templates:
// a file is taken as given; a directory stands for every template under it
// (*.json but the settings file, hidden directories left out, and JSON
// files that are not templates skipped, see isTemplate).
func templateArgs(args []string) (files []string, dirs bool, err error) {
	for _, a := range args {
		fi, err := os.Stat(a)
		if a == "-" || err != nil || !fi.IsDir() {
			files = append(files, a) // the loader reports what is wrong with it
			continue
		}
		dirs = true
		found, err := templatesUnder(a)
		if err != nil {
			return nil, dirs, err
		}
		files = append(files, found...)
	}
	return files, dirs, nil
}

// templatesUnder lists the *.json files under dir, in order.
func templatesUnder(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != dir && strings.HasPrefix(name, ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".json") || name == preview.ConfigFile || strings.HasPrefix(name, ".") || !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if isTemplate(data) {
			out = append(out, path)
		}
		return nil
	})
	if err != nil {
		return nil, ioError(err)
	}
	sort.Strings(out)
	return out, nil
}

// isTemplate tells a Rookout template from another JSON file found in a
// directory (package.json, a scenario): a template has aug or processing.
func isTemplate(data []byte) bool {
	r := gjson.ParseBytes(data)
	return !r.IsObject() || r.Get("aug").Exists() || r.Get("processing").Exists() || !gjson.ValidBytes(data)
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}
