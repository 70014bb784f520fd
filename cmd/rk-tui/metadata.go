package main

import (
	"encoding/csv"
	"strconv"

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
name and interval come from the template's "x-rk-tui" data where set.`,
		Example: `  rk-tui metadata checkout.json --integration checkout > metadata.csv`,
		Args:    cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			opts.file = args[0]
			return metadataRun(s, opts)
		},
	}
	c.Flags().StringVar(&opts.integration, "integration", "", "fill the integration column with `NAME`")
	return c
}

// metadataType maps a metric kind to the metric_type column, which accepts
// count, gauge or rate only.
func metadataType(k template.Kind) string {
	switch k {
	case template.KindCount:
		return "count"
	case template.KindRate:
		return "rate"
	}
	return "gauge"
}

func metadataRun(s *Streams, opts *metadataOptions) error {
	doc, err := loadDocument(s, opts.file)
	if err != nil {
		return err
	}
	if printFindingErrors(s, opts.file, template.Validate(doc)) {
		return findingsError()
	}
	w := csv.NewWriter(s.Out)
	_ = w.Write([]string{"metric_name", "metric_type", "interval", "unit_name", "per_unit_name", "description", "orientation", "integration", "short_name"})
	seen := map[string]bool{}
	metas := doc.Metas()
	for _, m := range template.Read(doc).Metrics() {
		if m.Kind == template.KindEvent || seen[m.Name] {
			continue
		}
		seen[m.Name] = true
		meta := metas(m.Name)
		interval := ""
		if meta.Interval > 0 && (m.Kind == template.KindRate || m.Kind == template.KindCount) {
			interval = strconv.FormatInt(meta.Interval, 10)
		} else if m.Kind == template.KindRate {
			interval = "10" // required for rate; the send default
		}
		_ = w.Write([]string{m.Name, metadataType(m.Kind), interval, meta.Unit, meta.PerUnit, meta.Description,
			strconv.Itoa(meta.Orientation), opts.integration, meta.ShortName})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return ioError(err)
	}
	return nil
}
