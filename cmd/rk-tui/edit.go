package main

import (
	"github.com/rk-tui/rk-tui/tui"
	"github.com/spf13/cobra"
)

type editOptions struct {
	file  string
	fresh bool
	conn  *connFlags
}

func newEditCmd(s *Streams) *cobra.Command {
	opts := &editOptions{}
	c := &cobra.Command{
		Use:   "edit FILE",
		Short: "Open the interactive studio on an existing template",
		Long: `Open any Rookout template in the studio, also one the tool did not write.
Saving writes it back losslessly: keys and operations the studio does not
manage, key order and number formatting stay as they were, and the file
keeps its mode.

A draft of unsaved changes is kept as you type; the next edit of the same
file offers to resume it (--fresh ignores it). Test sends go where rk-tui
send would send them (--site, --api-url, --agent and the same environment).`,
		Example: `  rk-tui edit checkout.json
  rk-tui edit checkout.json --fresh`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.file = args[0]
			return editRun(c, s, opts)
		},
	}
	c.Flags().BoolVar(&opts.fresh, "fresh", false, "ignore an unfinished draft of FILE instead of offering to resume it")
	opts.conn = addConnFlags(c.Flags())
	return c
}

func editRun(c *cobra.Command, s *Streams, opts *editOptions) error {
	if !s.interactive() {
		return usageError("edit needs a terminal; in scripts use rk-tui validate, preview, export or send on %s", opts.file)
	}
	if opts.file == "-" {
		return usageError("edit needs a file to save back to, not standard input; save the template to a file first")
	}
	t, err := readTemplate(c.Context(), s, opts.file)
	if err != nil {
		return err
	}
	if t.doc == nil {
		t.printErrors(s)
		return failure(errorf("%s cannot be opened in the studio: fix the JSON first (a text editor, then rk-tui validate %s)", t.name, t.name))
	}
	send, err := opts.conn.options(s)
	if err != nil {
		return err
	}
	return runStudio(c, s, tui.Options{Document: t.doc, Output: opts.file, Editing: true, Fresh: opts.fresh, Send: send})
}
