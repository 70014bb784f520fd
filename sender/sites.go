package sender

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/DataDog/datadog-api-client-go/v2/api/datadog"
)

// Sites lists the Datadog sites the API client knows, in the client's order.
func Sites() []string { return slices.Clone(knownSites()) }

var knownSites = sync.OnceValue(func() []string {
	var out []string
	for _, s := range datadog.NewConfiguration().Servers {
		v, ok := s.Variables["site"]
		if !ok || len(v.EnumValues) == 0 {
			continue
		}
		for _, site := range v.EnumValues {
			if !slices.Contains(out, site) { // the client's list repeats uk1
				out = append(out, site)
			}
		}
		break
	}
	return out
})

// CheckSite checks a site against the client's list and returns it in the
// client's spelling; "" is DefaultSite.
func CheckSite(site string) (string, error) { return checkSite(site, &Options{}) }

func checkSite(site string, o *Options) (string, error) {
	s := strings.ToLower(strings.TrimSpace(site))
	if s == "" {
		return DefaultSite, nil
	}
	if slices.Contains(knownSites(), s) {
		return s, nil
	}
	msg := fmt.Sprintf("%q is not a Datadog site; use one of: %s (set %s or DD_SITE; for a proxy or a local intake give %s)", site, strings.Join(knownSites(), ", "), o.called(SettingSite), o.called(SettingAPIURL))
	if guess := guessSite(s); guess != "" {
		msg = fmt.Sprintf("%q is not a Datadog site; did you mean %q? The site is the part after app. or api., one of: %s (set %s or DD_SITE)", site, guess, strings.Join(knownSites(), ", "), o.called(SettingSite))
	}
	return "", &ConfigError{Setting: SettingSite, Msg: msg}
}

// guessSite reads a site out of what users often paste instead: a URL, or
// the app./api. host name.
func guessSite(s string) string {
	if u, err := url.Parse(s); err == nil && u.Host != "" {
		s = u.Host
	}
	s = strings.TrimSuffix(s, "/")
	for _, p := range []string{"app.", "api."} {
		s = strings.TrimPrefix(s, p)
	}
	if slices.Contains(knownSites(), s) {
		return s
	}
	return ""
}

// AppURL is the web app's address for a site.
func AppURL(site string) string {
	switch site {
	case "", "datadoghq.com":
		return "https://app.datadoghq.com"
	case "datadoghq.eu":
		return "https://app.datadoghq.eu"
	case "ddog-gov.com":
		return "https://app.ddog-gov.com"
	}
	// The regional sites (us3, us5, ap1, ap2, uk1, us2.ddog-gov.com) serve
	// the app on the site's own name.
	return "https://" + site
}

// ExplorerURL is the Metrics Explorer link for a metric on a site.
func ExplorerURL(site, metric string) string {
	return AppURL(site) + "/metric/explorer?exp_metric=" + url.QueryEscape(metric)
}

// EventExplorerURL is the Event Explorer link on a site.
func EventExplorerURL(site string) string {
	return AppURL(site) + "/event/explorer"
}
