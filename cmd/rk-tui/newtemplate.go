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
	preset, output     string
	force, fresh, noUI bool
	conn               *connFlags
}

func newNewTemplateCmd(s *Streams) *cobra.Command {
	opts := &newTemplateOptions{}
	c := &cobra.Command{
		Use:   "new-template",
		Short: "Open the interactive studio on a new template",
		Long: `Open the studio: pick a preset or start blank, choose the Datadog route (API
or DogStatsD agent), add metrics, tags and limits, set the cost profile, and
watch the template JSON and the projected custom metrics and monthly cost
change as you type. Save, copy, dry-run or send a test point from there;
test sends go where rk-tui send would send them (--site, --api-url, --agent
and the same environment).

The draft is saved as you type; after a crash, a kill or Ctrl+C the next
new-template offers to resume it.

--no-ui with --preset NAME -o FILE writes the preset's template and exits;
without a terminal (in a script or CI) that is what happens anyway.

Presets:
` + presetHelp(),
		Example: `  rk-tui new-template
  rk-tui new-template --preset batch-histogram -o batch.json
  rk-tui new-template --preset method-calls -o calls.json --no-ui
  rk-tui new-template --api-url http://127.0.0.1:8080   # test sends to a local intake`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return newTemplateRun(c, s, opts)
		},
	}
	f := c.Flags()
	f.StringVar(&opts.preset, "preset", "", "start from preset `NAME` ("+strings.Join(template.PresetNames(), ", ")+")")
	f.StringVarP(&opts.output, "output", "o", "", "save the working file to `FILE`")
	f.BoolVar(&opts.force, "force", false, "replace FILE if it exists (with --no-ui)")
	f.BoolVar(&opts.fresh, "fresh", false, "ignore unfinished drafts instead of offering to resume one")
	f.BoolVar(&opts.noUI, "no-ui", false, "write the --preset to -o FILE and exit, without the studio")
	opts.conn = addConnFlags(f)
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
	if opts.noUI || !s.interactive() {
		if preset == nil || opts.output == "" {
			if opts.noUI {
				return usageError("--no-ui needs --preset NAME and -o FILE: it writes that preset's template")
			}
			return usageError("new-template needs a terminal for the studio; in scripts use --preset NAME -o FILE to write a template, then validate, preview, export or send it")
		}
		return writePreset(s, preset, opts)
	}
	send, err := opts.conn.options(s)
	if err != nil {
		return err
	}
	return runStudio(c, s, tui.Options{Preset: preset, Output: opts.output, Fresh: opts.fresh, Send: send})
}

func writePreset(s *Streams, preset *template.Preset, opts *newTemplateOptions) error {
	doc := template.Build(preset.Spec)
	if template.IsStdout(opts.output) {
		_, err := s.Out.Write(doc.Bytes())
		return ioErrorOrNil(err)
	}
	if err := template.WriteFile(opts.output, doc.Bytes(), 0o644, opts.force); err != nil {
		if errors.Is(err, template.ErrExists) {
			return usageError("%v", err)
		}
		return ioError(err)
	}
	name := template.DisplayName(opts.output)
	fmt.Fprintf(s.Err, "wrote %s from preset %s; next: rk-tui validate %s\n", name, preset.Name, name)
	return nil
}

// runStudio runs the TUI and maps how it ended to an exit code.
func runStudio(c *cobra.Command, s *Streams, o tui.Options) error {
	o.In, o.Out = s.In, s.Err // draw on stderr so stdout stays pipeable
	o.Getenv = s.Getenv
	res, err := tui.Run(c.Context(), o)
	if err != nil {
		return ioError(err)
	}
	if res.Message != "" {
		fmt.Fprintln(s.Err, res.Message)
	}
	return exitFromStudio(res)
}

func exitFromStudio(res tui.Result) error {
	switch {
	case res.Signal != 0:
		return &exitError{code: 128 + res.Signal}
	case res.Interrupted:
		return &exitError{code: exitInterrupted}
	}
	return nil
}
