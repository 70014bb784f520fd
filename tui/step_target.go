package tui

import (
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/rk-tui/rk-tui/sender"
	"github.com/rk-tui/rk-tui/template"
)

const (
	routeAPI   = "Datadog API"
	routeAgent = "DogStatsD agent"
)

// targetPage is step 2: the Datadog route, and the agent's address.
type targetPage struct {
	formPage
	send sender.Options
	// undo lets a route switch be taken back exactly while nothing else
	// has changed: the two routes hold metrics differently, so a round
	// trip would otherwise lose keys and change types.
	undo *routeUndo
}

type routeUndo struct {
	target template.Target
	before []byte
	gen    int // the session's edit count right after the switch
}

func newTargetPage(c *common, s *session, send sender.Options) *targetPage {
	p := &targetPage{formPage: formPage{c: c, s: s, self: stepTarget, title: "Target: how metrics reach Datadog"}, send: send}
	route := newChoiceField("route", "Send through", []string{routeAPI, routeAgent}, []string{
		"The datadog operation posts to Datadog's HTTP API with an API key (types count, gauge, rate)",
		"The dogstatsd operation sends to a Datadog Agent's DogStatsD port (histogram, timing, distribution too; no key)",
	})
	route.load = func(s *session) string {
		if s.view.Target() == template.TargetDogStatsD {
			return routeAgent
		}
		return routeAPI
	}
	route.apply = p.switchRoute
	route.after = p.routeSwitched
	route.path = fixedPath("processing.operations")
	onAPI := func(s *session) bool { return s.view.Target() != template.TargetDogStatsD }
	host := newTextField("host", "Agent host", "(localhost)", "The Datadog Agent the application reaches (DD_AGENT_HOST)")
	host.hidden = onAPI
	host.load = func(*session) string { h, _ := p.agentAddress(); return h }
	host.apply = func(s *session, v string) error {
		_, port := p.agentAddress()
		return s.setAgent(strings.TrimSpace(v), port)
	}
	host.path = func(*session) string { return p.firstAgentOp() + ".target.host" }
	port := newTextField("port", "Agent port", "(8125)", "DogStatsD's UDP port (DD_DOGSTATSD_PORT), 8125 by default")
	port.hidden = onAPI
	port.load = func(*session) string { _, n := p.agentAddress(); return strconv.Itoa(n) }
	port.apply = func(s *session, v string) error {
		// What is typed goes into the file, valid or not; validate counts a
		// bad port as an error like any other, so nothing is hidden.
		h, _ := p.agentAddress()
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
			return s.setAgent(h, n)
		}
		return s.setAgent(h, v)
	}
	port.path = func(*session) string { return p.firstAgentOp() + ".target.port" }
	p.form = newForm(c, s, route, host, port)
	p.extra = p.keyInfo
	return p
}

func routeTarget(v string) template.Target {
	if v == routeAgent {
		return template.TargetDogStatsD
	}
	return template.TargetAPI
}

// switchRoute rewrites the template for the other route, or restores it
// exactly when the switch is taken straight back.
func (p *targetPage) switchRoute(s *session, v string) error {
	target := routeTarget(v)
	if u := p.undo; u != nil && u.target == target && u.gen == s.gen {
		doc, err := template.Parse(u.before)
		if err != nil {
			return err
		}
		p.undo = nil
		s.replace(doc)
		return nil
	}
	before, from := s.doc.Clone().Bytes(), s.view.Target()
	host, port := p.agentAddress()
	if err := s.edit(func(d *template.Document) error { return d.SetTarget(target, host, port) }); err != nil {
		return err
	}
	s.typeKept = nil // the operations were made anew
	p.undo = &routeUndo{target: from, before: before, gen: s.gen}
	return nil
}

// routeSwitched says what the switch did to the metrics' types.
func (p *targetPage) routeSwitched(v string) tea.Cmd {
	if p.undo == nil {
		return status(0, "back to "+v+": the template is as it was")
	}
	old := template.Read(template.MustParse(p.undo.before)).Metrics()
	var changed []string
	for _, mt := range p.s.metrics {
		if mt.Index < len(old) && old[mt.Index].Type != mt.Type {
			changed = append(changed, old[mt.Index].Type+"→"+mt.Type)
		}
	}
	if len(changed) == 0 {
		return nil
	}
	return status(1, fmt.Sprintf("%s has no such type: %s; switch back now to undo", v, strings.Join(changed, ", ")))
}

// agentAddress is the template's agent, else the one the command line or
// environment names (--agent, DD_AGENT_HOST, DD_DOGSTATSD_PORT), else the
// defaults.
func (p *targetPage) agentAddress() (string, int) {
	if op, ok := p.s.firstAgent(); ok {
		return op.DogStatsD.Host, int(op.DogStatsD.Port)
	}
	host, port := template.DefaultHost, template.DefaultPort
	if p.send.AgentHost != "" {
		host = p.send.AgentHost
	}
	if p.send.AgentPort != 0 {
		port = p.send.AgentPort
	}
	return host, port
}

func (p *targetPage) firstAgentOp() string {
	if op, ok := p.s.firstAgent(); ok {
		return op.Path
	}
	return "processing.operations"
}

// otherAgents lists the targets (host:port) of the dogstatsd operations
// that do not send to the agent the step shows and edits.
func (p *targetPage) otherAgents() []string {
	first, ok := p.s.firstAgent()
	if !ok {
		return nil
	}
	shown := first.DogStatsD
	var out []string
	for _, op := range p.s.view.Operations {
		if d := op.DogStatsD; d != nil && (d.Host != shown.Host || d.Port != shown.Port) {
			out = append(out, template.SafeLine(d.Host)+":"+strconv.FormatInt(d.Port, 10))
		}
	}
	return out
}

// keyInfo says where test sends go and where the API key comes from,
// without showing it.
func (p *targetPage) keyInfo(width int) string {
	st := p.c.styles
	if p.s.view.Target() == template.TargetDogStatsD {
		where := "the template's target"
		if p.send.AgentHost != "" || p.send.AgentPort != 0 {
			host, port := p.send.AgentHost, p.send.AgentPort
			if host == "" {
				host, _ = p.agentAddress()
			}
			where = fmt.Sprintf("%s:%d (set by --agent or DD_AGENT_HOST/DD_DOGSTATSD_PORT, which win over the template)", template.SafeLine(host), port)
			if port == 0 {
				where = template.SafeLine(host) + " (set by --agent or DD_AGENT_HOST, which win over the template)"
			}
		}
		out := wrapStyled(st.hint, "The agent adds the host tag itself and needs no API key. Test sends (ctrl+t) go to "+where+".", width, "  ")
		if others := p.otherAgents(); len(others) > 0 {
			what := "1 DogStatsD operation sends to another agent (%s): this step leaves it as it is; change it in the file."
			if len(others) > 1 {
				what = strconv.Itoa(len(others)) + " DogStatsD operations send to other agents (%s): this step leaves them as they are; change them in the file."
			}
			out += wrapStyled(st.warnText, fmt.Sprintf(what, strings.Join(others, ", ")), width, "  ")
		}
		return strings.TrimRight(out, "\n")
	}
	var b strings.Builder
	if key := p.sendKey(); key != "" {
		b.WriteString(wrapStyled(st.okText, "DD_API_KEY found ("+template.MaskKey(key)+")", width, "  "))
		b.WriteString(wrapStyled(st.hint, "It is used to send test points and by export --api-key-from-env. The template keeps the placeholder, so the key is never written to the working file.", width, "  "))
	} else {
		b.WriteString(wrapStyled(st.warnText, "DD_API_KEY is not set", width, "  "))
		b.WriteString(wrapStyled(st.hint, "The template keeps "+template.APIKeyPlaceholder+" to fill in the Rookout app. Set DD_API_KEY before starting to send test points.", width, "  "))
	}
	if p.send.APIURL != "" {
		b.WriteString(wrapStyled(st.hint, "Test sends go to "+template.SafeLine(p.send.APIURL)+" (--api-url).", width, "  "))
	} else if p.send.Site != "" {
		b.WriteString(wrapStyled(st.hint, "Test sends go to the Datadog site "+template.SafeLine(p.send.Site)+".", width, "  "))
	}
	return strings.TrimRight(b.String(), "\n")
}

func (p *targetPage) sendKey() string {
	if p.send.APIKey != "" {
		return p.send.APIKey
	}
	return strings.TrimSpace(p.c.getenv("DD_API_KEY"))
}
