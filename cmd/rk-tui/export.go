package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/rk-tui/rk-tui/template"
	"github.com/spf13/cobra"
)

type exportOptions struct {
	file, output                 string
	minify, force, apiKeyFromEnv bool
	showKey                      bool
}

func newExportCmd(s *Streams) *cobra.Command {
	opts := &exportOptions{}
	c := &cobra.Command{
		Use:   "export FILE",
		Short: "Write paste-ready JSON for the Rookout web app",
		Long: `Write the template as the Rookout web app expects it: the tool's own data
(the "x-rk-tui" key) removed, everything else exactly as in the file.

The JSON goes to standard output, or into OUT with -o (written atomically;
an existing file is kept unless --force, and keeps its mode). A template
with errors is not exported: its errors are printed and the exit status is 1.

--api-key-from-env puts $DD_API_KEY into the datadog operation's api_key.
Output that holds an API key (from the environment, or written into the
template) is a secret: a file gets mode 0600, and it goes to standard output
only with --show-key, so it does not end up in a terminal's scrollback or a
CI log by accident.`,
		Example: `  rk-tui export checkout.json | pbcopy
  rk-tui export checkout.json -o rookout.json --minify
  DD_API_KEY=... rk-tui export checkout.json --api-key-from-env -o rookout.json`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.file = args[0]
			return exportRun(c.Context(), s, opts)
		},
	}
	f := c.Flags()
	f.StringVarP(&opts.output, "output", "o", "", "write to `OUT` instead of standard output")
	f.BoolVar(&opts.minify, "minify", false, "write compact JSON on one line")
	f.BoolVar(&opts.force, "force", false, "replace OUT if it exists")
	f.BoolVar(&opts.apiKeyFromEnv, "api-key-from-env", false, "put $DD_API_KEY into the api_key field (OUT gets mode 0600)")
	f.BoolVar(&opts.showKey, "show-key", false, "write output that holds an API key to standard output too")
	return c
}

func exportRun(ctx context.Context, s *Streams, opts *exportOptions) error {
	t, err := readTemplate(ctx, s, opts.file)
	if err != nil {
		return err
	}
	if err := t.requireValid(s); err != nil {
		return err
	}
	eo := template.ExportOptions{Minify: opts.minify}
	if opts.apiKeyFromEnv {
		key := strings.TrimSpace(s.Getenv("DD_API_KEY"))
		if key == "" {
			return usageError("--api-key-from-env: DD_API_KEY is not set; export it first, or drop the flag to keep the placeholder")
		}
		if template.Read(t.doc).Target() != template.TargetAPI {
			return usageError("--api-key-from-env: %s has no datadog operation to put the key in (a dogstatsd template needs no key)", t.name)
		}
		eo.APIKey = key
	}
	key := eo.APIKey
	if key == "" {
		key = template.LiteralKey(t.doc)
	}
	toStdout := opts.output == "" || template.IsStdout(opts.output)
	if key != "" && toStdout && !opts.showKey {
		return usageError("the export of %s holds a Datadog API key (%s); it is not written to standard output: give -o FILE (created with mode 0600), or --show-key to print it anyway", t.name, template.MaskKey(key))
	}
	out, err := template.Export(t.doc, eo)
	if err != nil {
		return ioError(fmt.Errorf("%s: %w", t.name, err))
	}
	if toStdout {
		if opts.minify {
			out = append(out, '\n')
		}
		if _, err := s.Out.Write(out); err != nil {
			return ioError(err)
		}
		return nil
	}
	perm := os.FileMode(0o644)
	if key != "" {
		perm = 0o600
	}
	if err := template.WriteFile(opts.output, out, perm, opts.force); err != nil {
		if errors.Is(err, template.ErrExists) {
			return usageError("%v", err)
		}
		return ioError(err)
	}
	name := template.DisplayName(opts.output)
	msg := fmt.Sprintf("wrote %s (%d bytes): paste it into the Rookout web app's template editor", name, len(out))
	if key != "" {
		msg += fmt.Sprintf("\n%s holds your Datadog API key (%s) and has mode 0600; keep it out of version control", name, template.MaskKey(key))
	}
	fmt.Fprintln(s.Err, msg)
	return nil
}
