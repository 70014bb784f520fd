package preview

import (
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/rk-tui/rk-tui/template"
)

// Version is one template as it was or is: the name to show, what the
// estimate read and what it found.
type Version struct {
	Name   string
	Input  Input
	Result Result
}

// Pair is one template path before and after a change; Old or New is nil
// when the template is added or removed.
type Pair struct {
	Path     string
	Old, New *Version
}

// The changes a template or metric can show.
const (
	ChangeAdded     = "added"
	ChangeRemoved   = "removed"
	ChangeRenamed   = "renamed"
	ChangeChanged   = "changed"
	ChangeUnchanged = "unchanged"
)

// MetricChange is what happened to one metric.
type MetricChange struct {
	Change string
	// Name is the metric's name after (before when removed); OldName the
	// name before a rename.
	Name, OldName string
	Type, OldType string
	// Details say what changed: "type gauge → count", "tag user_id added",
	// "tag values of status", "hosts 3 → 12", "tag configuration".
	Details []string
	// Before and After are the metric's custom metrics (indexed).
	Before, After Count
}

// Finding is a warning a change brings: one the new version has and the
// old did not (an unbounded tag, series two metrics share, ...).
type Finding struct {
	Template string
	Code     string
	Message  string
}

// TemplateDiff is one template's change.
type TemplateDiff struct {
	Path    string
	Change  string
	Metrics []MetricChange
	// Before and After are the template's own custom metrics and monthly
	// cost (each as if it were alone in the account).
	Before, After Figures
	Findings      []Finding
}

// Diff compares versions of templates: per template and metric, and in
// total as one account each side.
type Diff struct {
	Templates []TemplateDiff
	// Before and After are the accounts of the old and new templates.
	Before, After Account
	Findings      []Finding
	// Breaches are the budgets the change goes past; the caller checks
	// them (Budget.CheckIncrease) and fills this in for the renderers.
	Breaches []Breach
}

// Compare compares each pair and adds both sides up as accounts under the
// old and new account profiles.
func Compare(pairs []Pair, oldAccount, newAccount Profile) Diff {
	var d Diff
	var oldRows, newRows []AccountRow
	for _, p := range pairs {
		td := compareTemplate(p)
		d.Templates = append(d.Templates, td)
		d.Findings = append(d.Findings, td.Findings...)
		if p.Old != nil {
			oldRows = append(oldRows, AccountRow{Name: p.Path, Result: p.Old.Result})
		}
		if p.New != nil {
			newRows = append(newRows, AccountRow{Name: p.Path, Result: p.New.Result})
		}
	}
	d.Before, d.After = NewAccount(oldRows, oldAccount), NewAccount(newRows, newAccount)
	return d
}

// Grows reports whether the change adds custom metrics or cost.
func (d Diff) Grows() bool {
	return d.After.CustomMetrics.Cmp(d.Before.CustomMetrics) > 0 || d.After.MonthlyCostUSD.Cmp(d.Before.MonthlyCostUSD) > 0 ||
		d.After.IngestedCustomMetrics.Cmp(d.Before.IngestedCustomMetrics) > 0
}

// Changed counts the templates that changed.
func (d Diff) Changed() int {
	n := 0
	for _, t := range d.Templates {
		if t.Change != ChangeUnchanged {
			n++
		}
	}
	return n
}

// noFinding are warning codes about the account's totals, which the
// summary covers.
var noFinding = []string{"allotment-share", "overage", "ingested-overage", "inactive"}

func compareTemplate(p Pair) TemplateDiff {
	td := TemplateDiff{Path: p.Path}
	switch {
	case p.Old == nil:
		td.Change, td.After = ChangeAdded, p.New.Result.Figures()
	case p.New == nil:
		td.Change, td.Before = ChangeRemoved, p.Old.Result.Figures()
	default:
		td.Before, td.After = p.Old.Result.Figures(), p.New.Result.Figures()
	}
	td.Metrics = compareMetrics(p.Old, p.New)
	if p.New != nil {
		seen := map[string]bool{}
		if p.Old != nil {
			for _, w := range p.Old.Result.Warnings {
				seen[w.Code+"\x00"+w.Message] = true
			}
		}
		for _, w := range p.New.Result.Warnings {
			if !seen[w.Code+"\x00"+w.Message] && !slices.Contains(noFinding, w.Code) {
				td.Findings = append(td.Findings, Finding{Template: p.Path, Code: w.Code, Message: w.Message})
			}
		}
	}
	if td.Change == "" {
		td.Change = ChangeUnchanged
		if len(td.Findings) > 0 || !td.Before.Same(td.After) {
			td.Change = ChangeChanged
		}
		for _, m := range td.Metrics {
			if m.Change != ChangeUnchanged {
				td.Change = ChangeChanged
			}
		}
	}
	return td
}

// side is one version's metrics for matching.
type side struct {
	v     *Version
	rows  []MetricRow
	ms    []template.Metric
	taken []bool
}

func newSide(v *Version) side {
	if v == nil {
		return side{}
	}
	return side{v: v, rows: v.Result.Metrics, ms: v.Input.Template.Metrics(), taken: make([]bool, len(v.Result.Metrics))}
}

func (s side) raw(i int) string {
	if s.v.Input.Meta == nil {
		return ""
	}
	return s.v.Input.Meta(s.rows[i].Name).Raw
}

// compareMetrics pairs the metrics of two versions: same name first (the
// n-th of a name with the n-th), then a removed and an added metric whose
// tool data is the same as a rename; the rest are added or removed.
func compareMetrics(oldV, newV *Version) []MetricChange {
	o, n := newSide(oldV), newSide(newV)
	match := make([]int, len(n.rows)) // new index → old index, -1 for none
	renamed := make([]bool, len(n.rows))
	for j := range n.rows {
		match[j] = -1
		for i := range o.rows {
			if !o.taken[i] && o.rows[i].Name == n.rows[j].Name {
				match[j], o.taken[i] = i, true
				break
			}
		}
	}
	for j := range n.rows {
		if match[j] >= 0 || n.raw(j) == "" {
			continue
		}
		for i := range o.rows {
			if !o.taken[i] && o.raw(i) == n.raw(j) {
				match[j], o.taken[i], renamed[j] = i, true, true
				break
			}
		}
	}
	var out []MetricChange
	for j, row := range n.rows {
		if match[j] < 0 {
			out = append(out, MetricChange{Change: ChangeAdded, Name: row.Name, Type: row.Type, After: row.IndexedCustomMetrics})
			continue
		}
		i := match[j]
		c := MetricChange{Change: ChangeUnchanged, Name: row.Name, Type: row.Type, OldType: o.rows[i].Type,
			Before: o.rows[i].IndexedCustomMetrics, After: row.IndexedCustomMetrics}
		c.Details = metricDetails(&o.rows[i], &row, o.ms[o.rows[i].Index], n.ms[row.Index], o.raw(i) != n.raw(j) && !renamed[j])
		switch {
		case renamed[j]:
			c.Change, c.OldName = ChangeRenamed, o.rows[i].Name
		case len(c.Details) > 0 || c.Before != c.After:
			c.Change = ChangeChanged
		}
		out = append(out, c)
	}
	for i, row := range o.rows {
		if !o.taken[i] {
			out = append(out, MetricChange{Change: ChangeRemoved, Name: row.Name, Type: row.Type, OldType: row.Type, Before: row.IndexedCustomMetrics})
		}
	}
	return out
}

// metricDetails says what changed between two versions of a metric.
func metricDetails(o, n *MetricRow, om, nm template.Metric, toolData bool) []string {
	var out []string
	if o.Type != n.Type {
		out = append(out, fmt.Sprintf("type %s → %s", o.Type, n.Type))
	}
	ot, nt := normalTags(om.Tags), normalTags(nm.Tags)
	ok, nk := tagKeys(ot), tagKeys(nt)
	for _, k := range nk {
		if !slices.Contains(ok, k) {
			out = append(out, "tag "+k+" added")
		}
	}
	for _, k := range ok {
		if !slices.Contains(nk, k) {
			out = append(out, "tag "+k+" removed")
		}
	}
	var values []string
	for _, k := range nk {
		if slices.Contains(ok, k) && !slices.Equal(valuesOf(ot, k), valuesOf(nt, k)) {
			values = append(values, k)
		}
	}
	if len(values) > 0 {
		out = append(out, "tag values of "+strings.Join(values, ", "))
	}
	if o.Hosts.Cmp(n.Hosts) != 0 {
		out = append(out, "hosts "+o.Hosts.Human()+" → "+n.Hosts.Human())
	}
	if o.HostTag != n.HostTag {
		out = append(out, fmt.Sprintf("split per host: %s → %s", yesNo(o.HostTag), yesNo(n.HostTag)))
	}
	if toolData && (o.TagConfig != nil || n.TagConfig != nil) {
		out = append(out, "tag configuration")
	}
	return out
}

func normalTags(tags []string) []string {
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		out = append(out, normalTag(t))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func tagKeys(sorted []string) []string {
	var out []string
	for _, t := range sorted {
		if k := template.TagKey(t); !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

func valuesOf(sorted []string, key string) []string {
	var out []string
	for _, t := range sorted {
		if template.TagKey(t) == key {
			out = append(out, template.TagValue(t))
		}
	}
	return out
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// Delta is a signed difference of two counts.
type Delta struct{ v *big.Int }

// DeltaOf is after − before.
func DeltaOf(before, after Count) Delta {
	return Delta{new(big.Int).Sub(after.bigInt(), before.bigInt())}
}

// Sign is -1, 0 or +1.
func (d Delta) Sign() int {
	if d.v == nil {
		return 0
	}
	return d.v.Sign()
}

// Human shows the change with its sign: +4,794, -12, 0.
func (d Delta) Human() string {
	switch d.Sign() {
	case 0:
		return "0"
	case 1:
		return "+" + countFromBig(d.v).Human()
	}
	return "-" + countFromBig(new(big.Int).Neg(d.v)).Human()
}

// MarshalJSON writes the exact signed value.
func (d Delta) MarshalJSON() ([]byte, error) {
	if d.v == nil {
		return []byte("0"), nil
	}
	return []byte(d.v.String()), nil
}

// MoneyDelta is a signed difference of two sums of money.
type MoneyDelta struct{ v *big.Float }

// MoneyDeltaOf is after − before.
func MoneyDeltaOf(before, after Amount) MoneyDelta {
	return MoneyDelta{new(big.Float).SetPrec(amountPrec).Sub(after.val(), before.val())}
}

// Sign is -1, 0 or +1.
func (d MoneyDelta) Sign() int {
	if d.v == nil {
		return 0
	}
	return d.v.Sign()
}

// USD shows the change with its sign: +$239.70, -$1.00, $0.00.
func (d MoneyDelta) USD() string {
	switch d.Sign() {
	case 0:
		return "$0.00"
	case 1:
		return "+" + amountOf(d.v).USD()
	}
	return "-" + amountOf(new(big.Float).Neg(d.v)).USD()
}

// MarshalJSON writes the signed value with at most four decimals.
func (d MoneyDelta) MarshalJSON() ([]byte, error) {
	if d.Sign() == 0 {
		return []byte("0"), nil
	}
	if d.v.Sign() < 0 {
		return []byte("-" + amountOf(new(big.Float).Neg(d.v)).String()), nil
	}
	return []byte(amountOf(d.v).String()), nil
}
