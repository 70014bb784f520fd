package main

import (
	"context"
	"encoding/csv"

	"github.com/rk-tui/rk-tui/template"
	"github.com/spf13/cobra"
)

type metadataOptions struct {
	file        string
	integration string
}

func newMetadataCmd(s *Streams) *cobra.Command {
	opts := &metadataOptions{}
	c := &cobra.Command{
		Use:   "metadata FILE",
		Short: "Print the template's metrics as a Datadog metadata.csv",
		Long: `Print the metrics of a template as a Datadog integration metadata.csv:
metric_name, metric_type, interval, unit_name, per_unit_name, description,
orientation, integration, short_name. Unit, description, orientation, short
name and interval come from the template's "x-rk-tui" data where set.

Rows name the metrics as Datadog stores them: a DogStatsD histogram or timing
NAME is stored as NAME.avg, NAME.median, NAME.95percentile, NAME.max (gauges)
and NAME.count (a rate); a DogStatsD counter as a rate over the agent's
10-second flush; a distribution as a distribution; events have no row.`,
		Example: `  rk-tui metadata checkout.json --integration checkout > metadata.csv`,
		Args:    cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.file = args[0]
			return metadataRun(c.Context(), s, opts)
		},
	}
	c.Flags().StringVar(&opts.integration, "integration", "", "fill the integration column with `NAME`")
	return c
}

func metadataRun(ctx context.Context, s *Streams, opts *metadataOptions) error {
	t, err := readTemplate(ctx, s, opts.file)
	if err != nil {
		return err
	}
	if err := t.requireValid(s); err != nil {
		return err
	}
	rows, err := template.MetadataRows(ctx, t.doc, opts.integration)
	if err != nil {
		return err
	}
	w := csv.NewWriter(s.Out)
	for _, cols := range append([][]string{template.MetadataHeader}, rows...) {
		for i := range cols {
			cols[i] = template.SafeLine(cols[i]) // read in terminals too
		}
		_ = w.Write(cols)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return ioError(err)
	}
	return nil
}
