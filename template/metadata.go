package template

import (
	"context"
	"strconv"
)

// MetadataHeader is the header of a Datadog integration's metadata.csv.
var MetadataHeader = []string{"metric_name", "metric_type", "interval", "unit_name", "per_unit_name", "description", "orientation", "integration", "short_name"}

// MetadataRows are the rows of metadata.csv for the document's metrics, as
// Datadog stores them (Stored): one row per stored name, the first time it
// appears; a histogram's count, a number of samples, has no unit. ctx is
// checked as the rows are built, so a huge template can be interrupted.
func MetadataRows(ctx context.Context, d *Document, integration string) ([][]string, error) {
	var rows [][]string
	seen := map[string]bool{}
	metas := d.Metas()
	for i, m := range Read(d).Metrics() {
		if i%1024 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		meta := metas(m.Name)
		for _, st := range Stored(m, meta.Interval) {
			if seen[st.Name] {
				continue
			}
			seen[st.Name] = true
			interval := ""
			if st.Interval > 0 {
				interval = strconv.FormatInt(st.Interval, 10)
			}
			unit, perUnit := meta.Unit, meta.PerUnit
			if st.Aggregate == "count" {
				unit, perUnit = "", ""
			}
			rows = append(rows, []string{st.Name, st.Type, interval, unit, perUnit, meta.Description,
				strconv.Itoa(meta.Orientation), integration, meta.ShortName})
		}
	}
	return rows, nil
}
