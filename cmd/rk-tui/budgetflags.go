package main

import (
	"fmt"
	"io"

	"github.com/rk-tui/rk-tui/preview"
	"github.com/rk-tui/rk-tui/template"
	"github.com/spf13/cobra"
)

// budgetFlags are the budget limits of the command line. They only parse:
// what they apply to, and over what, is preview's business (AccountOf,
// Version.Breaches, CompareSides).
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

// budget is the limits given; those left out stay nil.
func (f *budgetFlags) budget() preview.Budget {
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
	return b
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

// budgetFlag is the flag that gives each budget setting over the
// repository's.
var budgetFlag = map[string]string{
	"max_custom_metrics": "--max-custom-metrics", "max_monthly_cost": "--max-monthly-cost",
	"max_increase": "--max-increase", "max_share": "--max-share",
}

// report writes a line per breached budget to w, with where its limit is
// set, and returns exit 1 when there is one. cfg and cfgFile are the
// repository's settings and their file (nil and "" for none).
func (f *budgetFlags) report(w io.Writer, breaches []preview.Breach, cfg *preview.Config, cfgFile string) error {
	for _, br := range breaches {
		scope, limit := "total", ""
		switch flag := budgetFlag[br.Setting]; {
		case br.Scope != "":
			scope = br.Scope + "'s own budget"
			limit = preview.ProfilePath + ".budget." + br.Setting + " in " + br.Scope
			if hasLimit(cfg.Profile().Budget, br.Setting) {
				limit += " or, for every template, profile.budget." + br.Setting + " in " + template.DisplayName(cfgFile)
			}
		case f.c.Flags().Lookup(flag[2:]) != nil && f.c.Flags().Changed(flag[2:]):
			limit = flag
		case cfgFile != "":
			limit = "budget." + br.Setting + " in " + template.DisplayName(cfgFile)
		}
		line := "rk-tui: over budget: " + br.Setting + " (" + scope + "): " + br.Msg
		if limit != "" {
			line += " (limit: " + limit + ")"
		}
		fmt.Fprintln(w, template.SafeLine(line))
	}
	if len(breaches) > 0 {
		return findingsError()
	}
	return nil
}

// hasLimit reports whether b sets the limit of a budget setting.
func hasLimit(b preview.Budget, setting string) bool {
	switch setting {
	case "max_custom_metrics":
		return b.MaxCustomMetrics != nil
	case "max_monthly_cost":
		return b.MaxMonthlyCost != nil
	case "max_increase":
		return b.MaxIncrease != nil
	case "max_share":
		return b.MaxShare != nil
	}
	return false
}
