package main

import (
	"github.com/rk-tui/rk-tui/sender"
	"github.com/spf13/pflag"
)

// connFlags say where test sends go. send, new-template and edit share
// them, so the studio's ctrl+t reaches the same proxy, site or agent as
// rk-tui send with the same flags and environment.
type connFlags struct {
	site, apiURL, agent string
}

func addConnFlags(f *pflag.FlagSet) *connFlags {
	c := &connFlags{}
	f.StringVar(&c.site, "site", "", "Datadog site, e.g. datadoghq.eu (default: DD_SITE, else datadoghq.com)")
	f.StringVar(&c.apiURL, "api-url", "", "send the HTTP requests to this base URL (a proxy, a local intake) instead of https://api.<site>; https unless loopback")
	f.StringVar(&c.agent, "agent", "", "DogStatsD agent HOST:PORT (default: DD_AGENT_HOST and DD_DOGSTATSD_PORT, else the template's target)")
	return c
}

// options are sender options with the flags, then the environment
// (DD_API_KEY, DD_SITE, DD_AGENT_HOST, DD_DOGSTATSD_PORT) applied, the site
// and URL checked. Flags win over the environment.
func (c *connFlags) options(s *Streams) (sender.Options, error) {
	o := sender.Options{Site: c.site, APIURL: c.apiURL}
	if c.agent != "" {
		host, port, err := sender.ParseAgent(c.agent)
		if err != nil {
			return o, usageError("--agent: %v", err)
		}
		o.AgentHost, o.AgentPort = host, port
	}
	if err := o.ApplyEnv(s.Getenv); err != nil {
		return o, usageError("%v", err)
	}
	if _, err := sender.CheckSite(o.Site); err != nil {
		return o, usageError("%v", err)
	}
	if o.APIURL != "" {
		if _, err := sender.CheckAPIURL(o.APIURL); err != nil {
			return o, usageError("--api-url: %v", err)
		}
	}
	return o, nil
}
