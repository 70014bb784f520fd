// Command gentemplate writes a template of N API metrics, four tags each,
// for measuring the studio on large templates (scripts/echo.sh).
package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"

	"github.com/rk-tui/rk-tui/template"
)

func main() {
	n := flag.Int("n", 1000, "metrics")
	flag.Parse()
	spec := template.Spec{Target: template.TargetAPI, Title: strconv.Itoa(*n) + " metrics"}
	for i := range *n {
		spec.Metrics = append(spec.Metrics, template.MetricSpec{
			Name: "app.metric_" + strconv.Itoa(i), Type: "count", Value: "store.rookout.frame.locals.n",
			Tags: []string{"env:prod", "service:cart", "status:ok", "region:eu" + strconv.Itoa(i%4)},
			Meta: template.MetricMeta{Unit: "request", Interval: 10},
		})
	}
	if _, err := os.Stdout.Write(template.Build(spec).Bytes()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
