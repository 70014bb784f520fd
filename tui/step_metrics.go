package tui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/rk-tui/rk-tui/template"
)

// metricsPage is step 3: the list of metrics, and the form of the one being
// edited.
type metricsPage struct {
	c    *common
	s    *session
	sel  int
	form *metricForm // set while one metric is open
}

func newMetricsPage(c *common, s *session) *metricsPage { return &metricsPage{c: c, s: s} }

func (p *metricsPage) enter() {
	p.form = nil
	p.clamp()
}

func (p *metricsPage) clamp() {
	if n := len(p.s.metrics); p.sel >= n {
		p.sel = max(0, n-1)
	}
}

func (p *metricsPage) typing() bool { return p.form != nil && p.form.typing() }

func (p *metricsPage) focusPath() string {
	mt, ok := p.s.metric(p.sel)
	if !ok {
		return "processing.operations"
	}
	if p.form != nil {
		if path := p.form.focusPath(); path != "" {
			return path
		}
	}
	return mt.Path
}

func (p *metricsPage) update(msg tea.Msg) tea.Cmd {
	if a, ok := msg.(modalAnswerMsg); ok {
		if a.kind == modalDeleteMetric && a.answer == answerYes {
			return p.deleteSelected()
		}
		return nil
	}
	if p.form != nil {
		res, cmd := p.form.update(msg)
		if res == formLeavePrev || res == formLeaveNext {
			p.form = nil // back to the list
		}
		p.clamp()
		return cmd
	}
	press, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	k := p.c.keys
	n := len(p.s.metrics)
	switch {
	case key.Matches(press, k.MoveUp):
		if p.sel > 0 {
			return p.move(-1)
		}
	case key.Matches(press, k.MoveDown):
		if p.sel < n-1 {
			return p.move(1)
		}
	case key.Matches(press, k.ListUp):
		p.sel = max(0, p.sel-1)
	case key.Matches(press, k.ListDown):
		p.sel = max(0, min(n-1, p.sel+1))
	case key.Matches(press, k.ListTop):
		p.sel = 0
	case key.Matches(press, k.ListBottom):
		p.sel = max(0, n-1)
	case key.Matches(press, k.Add):
		return p.add()
	case key.Matches(press, k.Edit):
		if n > 0 {
			p.open(p.sel)
		}
	case key.Matches(press, k.Delete):
		if mt, ok := p.s.metric(p.sel); ok {
			return emit(askMsg{confirmDeleteModal(metricTitle(mt))})
		}
	case key.Matches(press, k.Next):
		return emit(goStepMsg{stepMetrics + 1})
	case key.Matches(press, k.Prev, k.Back):
		return emit(goStepMsg{stepMetrics - 1})
	}
	return nil
}

func (p *metricsPage) add() tea.Cmd {
	err := p.s.edit(func(d *template.Document) error {
		if p.s.view.Target() == "" {
			// A template without a Datadog operation gets one, so the first
			// metric has somewhere to go.
			if err := d.SetTarget(template.TargetAPI, "", 0); err != nil {
				return err
			}
		}
		spec := template.MetricSpec{Name: p.newMetricName(), Type: "count", Value: "1"}
		if template.Read(d).Target() == template.TargetDogStatsD {
			spec.Type = "increment"
		} else {
			spec.Value = "store.rookout.frame.locals.count"
		}
		i, err := d.AddMetric(spec)
		p.sel = i
		return err
	})
	if err != nil {
		return status(2, err.Error())
	}
	p.open(p.sel)
	return nil
}

// newMetricName is a unique placeholder name for a new metric.
func (p *metricsPage) newMetricName() string {
	taken := map[string]bool{}
	for _, mt := range p.s.metrics {
		taken[mt.Name] = true
	}
	for i := len(taken) + 1; ; i++ {
		name := "app.metric_" + strconv.Itoa(i)
		if !taken[name] {
			return name
		}
	}
}

func (p *metricsPage) move(delta int) tea.Cmd {
	if err := p.s.edit(func(d *template.Document) error { return d.MoveMetric(p.sel, p.sel+delta) }); err != nil {
		return status(2, err.Error())
	}
	p.s.typeKept = nil // the paths moved
	p.sel += delta
	return nil
}

func (p *metricsPage) deleteSelected() tea.Cmd {
	mt, ok := p.s.metric(p.sel)
	if !ok {
		return nil
	}
	if err := p.s.edit(func(d *template.Document) error { return d.DeleteMetric(p.sel) }); err != nil {
		return status(2, err.Error())
	}
	p.s.typeKept = nil // the paths after it moved
	p.clamp()
	return status(0, "deleted "+metricTitle(mt))
}

func (p *metricsPage) open(i int) {
	p.sel = i
	p.form = newMetricForm(p.c, p.s, i)
}

func (p *metricsPage) view(width int) (string, string, int) {
	if p.form != nil && p.sel < len(p.s.metrics) {
		body, focus := p.form.view(width)
		return fmt.Sprintf("Metric %d of %d", p.sel+1, len(p.s.metrics)), body + "\n" + p.c.styles.hint.Render("esc back to the list"), focus
	}
	body, focus := p.listView(width)
	return fmt.Sprintf("Metrics (%d)", len(p.s.metrics)), body, focus
}

// listWindow is how many metrics the list draws around the selected one:
// more than any terminal shows, far fewer than a large template holds.
const listWindow = 60

// listView draws the metric list, two lines a metric, and the line of the
// selected one.
func (p *metricsPage) listView(width int) (string, int) {
	st := p.c.styles
	var b strings.Builder
	if len(p.s.metrics) == 0 {
		b.WriteString(st.hint.Render("No metrics yet. Press a to add one.") + "\n")
	}
	from := max(0, p.sel-listWindow/2)
	to := min(len(p.s.metrics), from+listWindow)
	if from > 0 {
		b.WriteString(st.dim.Render(fmt.Sprintf("  … %d above", from)) + "\n")
	}
	for i := from; i < to; i++ {
		mt := p.s.metrics[i]
		marker, name := "  ", template.SafeLine(metricTitle(mt))
		if i == p.sel {
			marker, name = st.cursor.Render("▸ "), st.labelFocus.Render(name)
		}
		problems := ""
		if n := p.s.errorsUnder(mt.Path); n > 0 {
			problems = st.errText.Render(fmt.Sprintf(" ✗%d", n))
		}
		tags := "no tags"
		if len(mt.Tags) > 0 {
			tags = strings.Join(mt.Tags, ",")
		}
		line := fmt.Sprintf("%s%d. %s%s  %s", marker, i+1, name, problems, st.dim.Render(template.SafeLine(mt.Type)))
		b.WriteString(ansi.Truncate(line, width, "…") + "\n")
		detail := "     " + st.dim.Render(template.SafeLine(joinNonEmpty(" · ", mt.Value.Path, tags)))
		b.WriteString(ansi.Truncate(detail, width, "…") + "\n")
	}
	if rest := len(p.s.metrics) - to; rest > 0 {
		b.WriteString(st.dim.Render(fmt.Sprintf("  … %d below", rest)) + "\n")
	}
	focus := 2 * (p.sel - from)
	if from > 0 {
		focus++
	}
	return b.String(), focus
}

func (p *metricsPage) help() ([]key.Binding, []key.Binding) {
	k := p.c.keys
	if p.form != nil {
		fp := formPage{c: p.c, form: p.form.form, self: stepMetrics}
		short, full := fp.help()
		return short, full
	}
	return []key.Binding{k.Add, k.Edit, k.Delete, k.Move, k.Next},
		[]key.Binding{k.ListUp, k.ListDown, k.ListTop, k.ListBottom, k.Add, k.Edit, k.Delete, k.MoveUp, k.MoveDown, k.Next, k.Prev}
}

// metricTitle names a metric in lists and messages.
func metricTitle(mt template.Metric) string {
	if mt.Name == "" {
		return "(unnamed)"
	}
	return mt.Name
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
