package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/rk-tui/rk-tui/template"
	"github.com/rk-tui/rk-tui/tui"
	"github.com/spf13/cobra"
)

type newTemplateOptions struct {
	preset string
	output string
	force  bool
	fresh  bool
}

func newNewTemplateCmd(s *Streams) *cobra.Command {
	opts := &newTemplateOptions{}
	c := &cobra.Command{
		Use:   "new-template",
		Short: "Open the interactive studio on a new template",
		Long: `Open the studio: pick a preset or start blank, choose the Datadog route (API
or DogStatsD agent), add metrics, tags and limits, set the cost profile, and
watch the template JSON and the projected custom metrics and monthly cost
change as you type. Save, copy, dry-run or send a test point from there.

The draft is saved as you type; after a crash or Ctrl+C the next new-template
offers to resume it.

Without a terminal (in a script or CI), --preset NAME -o FILE writes the
preset's template and exits, with no UI.

Presets:
` + presetHelp(),
		Example: `  rk-tui new-template
  rk-tui new-template --preset batch-histogram -o batch.json
  rk-tui new-template --preset method-calls -o calls.json   # no UI without a terminal`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return newTemplateRun(c, s, opts)
		},
	}
	c.Flags().StringVar(&opts.preset, "preset", "", "start from preset `NAME` ("+strings.Join(template.PresetNames(), ", ")+")")
	c.Flags().StringVarP(&opts.output, "output", "o", "", "save the working file to `FILE`")
	c.Flags().BoolVar(&opts.force, "force", false, "replace FILE if it exists (scripted use)")
	c.Flags().BoolVar(&opts.fresh, "fresh", false, "ignore an unfinished draft instead of offering to resume it")
	_ = c.RegisterFlagCompletionFunc("preset", cobra.FixedCompletions(template.PresetNames(), cobra.ShellCompDirectiveNoFileComp))
	return c
}

func presetHelp() string {
	var b strings.Builder
	for _, p := range template.Presets {
		fmt.Fprintf(&b, "  %-18s %s\n", p.Name, p.Description)
	}
	return strings.TrimRight(b.String(), "\n")
}

func newTemplateRun(c *cobra.Command, s *Streams, opts *newTemplateOptions) error {
	var preset *template.Preset
	if opts.preset != "" {
		p, err := template.PresetByName(opts.preset)
		if err != nil {
			return usageError("--preset: %v", err)
		}
		preset = &p
	}
	interactive := s.InTTY && s.ErrTTY
	if !interactive {
		if preset == nil || opts.output == "" {
			return usageError("new-template needs a terminal for the studio; in scripts use --preset NAME -o FILE to write a template, then validate, preview, export or send it")
		}
		doc := template.Build(preset.Spec)
		if err := template.WriteFile(opts.output, doc.Bytes(), 0o644, opts.force); err != nil {
			if errors.Is(err, template.ErrExists) {
				return usageError("%v", err)
			}
			return ioError(err)
		}
		fmt.Fprintf(s.Err, "wrote %s from preset %s; next: rk-tui validate %s\n", opts.output, preset.Name, opts.output)
		return nil
	}
	return runStudio(c, s, tui.Options{Preset: preset, Output: opts.output, Fresh: opts.fresh})
}

func newEditCmd(s *Streams) *cobra.Command {
	return &cobra.Command{
		Use:   "edit FILE",
		Short: "Open the interactive studio on an existing template",
		Long: `Open any Rookout template in the studio, also one the tool did not write.
Saving writes it back losslessly: keys and operations the studio does not
manage, key order and number formatting stay as they were.`,
		Example: `  rk-tui edit checkout.json`,
		Args:    cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if !(s.InTTY && s.ErrTTY) {
				return usageError("edit needs a terminal; in scripts use rk-tui validate, preview, export or send on %s", args[0])
			}
			doc, err := loadDocument(s, args[0])
			if err != nil {
				return err
			}
			return runStudio(c, s, tui.Options{Document: doc, Output: args[0], Editing: true})
		},
	}
}

// runStudio runs the TUI and maps how it ended to an exit code.
func runStudio(c *cobra.Command, s *Streams, o tui.Options) error {
	o.In, o.Out = s.In, s.Err // draw on stderr so stdout stays pipeable
	o.Getenv = s.Getenv
	res, err := tui.Run(c.Context(), o)
	if err != nil {
		return ioError(err)
	}
	switch {
	case res.Saved != "" && res.Unsaved:
		fmt.Fprintf(s.Err, "saved %s earlier; the changes since are not in it (the studio offers them as a draft next time)\n", res.Saved)
	case res.Saved != "":
		fmt.Fprintf(s.Err, "saved %s\n", res.Saved)
	case res.Unsaved:
		fmt.Fprintln(s.Err, "not saved; the studio offers your work as a draft next time")
	}
	if res.Interrupted {
		return &exitError{code: exitInterrupted}
	}
	return nil
}
