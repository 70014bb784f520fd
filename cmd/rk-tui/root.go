package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/rk-tui/rk-tui/template"
	"github.com/spf13/cobra"
)

func newRootCmd(s *Streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "rk-tui",
		Short: "Build, check, price and test Rookout templates that send custom metrics to Datadog",
		Long: `rk-tui builds Rookout breakpoint templates that send custom metrics to Datadog.

A Rookout breakpoint captures values from running code without a redeploy; a
template tells it which values to send to Datadog as metrics. rk-tui writes that
template for you, checks it against Datadog's naming rules, projects how many
billable custom metrics it creates, and sends test points before it goes live.

Run "rk-tui new-template" for the interactive studio. Every check it makes is
also a command, so CI can run the same checks.`,
		Example: `  rk-tui new-template                       # the interactive studio
  rk-tui new-template --preset method-calls -o calls.json
  rk-tui validate calls.json                # check; exit 1 on errors
  rk-tui preview calls.json --hosts 12      # custom metrics and monthly cost
  rk-tui export calls.json | pbcopy         # paste-ready JSON for Rookout
  rk-tui send calls.json --dry-run          # the exact request, no network
  rk-tui diff --git origin/main templates --format markdown   # cost review of a change
  rk-tui usage calls.json                   # projected vs live (DD_API_KEY, DD_APP_KEY)`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       versionString(),
	}
	root.SetVersionTemplate("rk-tui {{.Version}}\n")
	root.SetIn(s.In)
	root.SetOut(s.Out)
	root.SetErr(s.Err)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError("%v (see %s --help)", err, c.CommandPath())
	})
	root.AddCommand(
		newValidateCmd(s),
		newExportCmd(s),
		newMetadataCmd(s),
		newPreviewCmd(s),
		newDiffCmd(s),
		newSendCmd(s),
		newUsageCmd(s),
		newNewTemplateCmd(s),
		newEditCmd(s),
		newVersionCmd(s),
	)
	// cobra answers "completion cmd.exe" with help and exit 0, as it does for
	// any command that only groups others; a runnable completion command
	// lets its NoArgs check report the unknown shell (exit 2).
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" && !c.Runnable() {
			c.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
		}
	}
	return root
}

// run executes one command line and returns the process exit code.
func run(ctx context.Context, args []string, s *Streams) int {
	root := newRootCmd(s)
	if args == nil {
		args = []string{} // cobra reads os.Args for nil: the test binary's flags in a test
	}
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	if errors.Is(err, context.Canceled) || ctx.Err() != nil {
		fmt.Fprintln(s.Err, "rk-tui: interrupted")
		return interruptedCode(ctx)
	}
	if msg := err.Error(); msg != "" {
		var ours *exitError
		if !errors.As(err, &ours) && isCobraUsage(msg) {
			if !strings.Contains(msg, "--help") {
				msg += " (see rk-tui --help)"
			}
			err = &exitError{code: exitUsage, err: errors.New(msg)}
		}
		fmt.Fprintln(s.Err, "rk-tui: "+template.SafeText(msg))
	}
	return exitCode(err)
}

// isCobraUsage spots cobra's own argument errors, which it returns as plain
// errors.
func isCobraUsage(msg string) bool {
	for _, p := range []string{"unknown command", "accepts ", "requires at least", "unknown flag", "unknown shorthand", "invalid argument"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}
