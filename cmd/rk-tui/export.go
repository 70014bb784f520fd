package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/rk-tui/rk-tui/template"
	"github.com/spf13/cobra"
)

type exportOptions struct {
	file          string
	output        string
	minify        bool
	force         bool
	apiKeyFromEnv bool
}

func newExportCmd(s *Streams) *cobra.Command {
	opts := &exportOptions{}
	c := &cobra.Command{
		Use:   "export FILE",
		Short: "Write paste-ready JSON for the Rookout web app",
		Long: `Write the template as the Rookout web app expects it: the tool's own data
(the "x-rk-tui" key) removed, everything else exactly as in the file.

The JSON goes to standard output, or into OUT with -o (written atomically;
an existing file is kept unless --force). A template with errors is not
exported: its errors are printed and the exit status is 1.

--api-key-from-env puts $DD_API_KEY into the datadog operation's api_key. The
key is never printed to a terminal: with it, -o is required and OUT is
created with mode 0600.`,
		Example: `  rk-tui export checkout.json | pbcopy
  rk-tui export checkout.json -o rookout.json --minify
  DD_API_KEY=... rk-tui export checkout.json --api-key-from-env -o rookout.json`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.file = args[0]
			return exportRun(s, opts)
		},
	}
	c.Flags().StringVarP(&opts.output, "output", "o", "", "write to `OUT` instead of standard output")
	c.Flags().BoolVar(&opts.minify, "minify", false, "write compact JSON on one line")
	c.Flags().BoolVar(&opts.force, "force", false, "replace OUT if it exists")
	c.Flags().BoolVar(&opts.apiKeyFromEnv, "api-key-from-env", false, "put $DD_API_KEY into the api_key field (needs -o; OUT gets mode 0600)")
	return c
}

func exportRun(s *Streams, opts *exportOptions) error {
	doc, err := loadDocument(s, opts.file)
	if err != nil {
		return err
	}
	if printFindingErrors(s, opts.file, template.Validate(doc)) {
		return findingsError()
	}
	eo := template.ExportOptions{Minify: opts.minify}
	if opts.apiKeyFromEnv {
		key := strings.TrimSpace(s.Getenv("DD_API_KEY"))
		if key == "" {
			return usageError("--api-key-from-env: DD_API_KEY is not set; export it first, or drop the flag to keep the placeholder")
		}
		if opts.output == "" || opts.output == "-" {
			return usageError("--api-key-from-env needs -o FILE: the key is a secret and is not written to standard output")
		}
		if template.Read(doc).Target() != template.TargetAPI {
			return usageError("--api-key-from-env: %s has no datadog operation to put the key in (a dogstatsd template needs no key)", opts.file)
		}
		eo.APIKey = key
	}
	out, err := template.Export(doc, eo)
	if err != nil {
		return ioError(fmt.Errorf("%s: %w", opts.file, err))
	}
	if opts.output == "" || opts.output == "-" {
		if _, err := s.Out.Write(out); err != nil {
			return ioError(err)
		}
		if opts.minify {
			fmt.Fprintln(s.Out)
		}
		return nil
	}
	perm := 0o644
	if eo.APIKey != "" {
		perm = 0o600
	}
	if err := template.WriteFile(opts.output, out, fsMode(perm), opts.force); err != nil {
		if errors.Is(err, template.ErrExists) {
			return usageError("%v", err)
		}
		return ioError(err)
	}
	msg := fmt.Sprintf("wrote %s (%d bytes): paste it into the Rookout web app's template editor", opts.output, len(out))
	if eo.APIKey != "" {
		msg += fmt.Sprintf("\n%s holds your Datadog API key (%s); it was created with mode 0600, keep it out of version control", opts.output, template.MaskKey(eo.APIKey))
	}
	fmt.Fprintln(s.Err, msg)
	return nil
}
