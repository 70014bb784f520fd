package sender

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/DataDog/datadog-api-client-go/v2/api/datadog"
	"github.com/DataDog/datadog-api-client-go/v2/api/datadogV1"
	"github.com/DataDog/datadog-api-client-go/v2/api/datadogV2"
	"github.com/rk-tui/rk-tui/template"
)

// errKeyInvalid is a key check answered 200 with "valid": false.
var errKeyInvalid = errors.New(`the key check answered "valid": false`)

// apiClient wraps the official client with rk-tui's retries, timeouts and
// error messages.
type apiClient struct {
	s       *settings
	key     string
	appKey  string // only the account's usage endpoints take it
	metrics *datadogV2.MetricsApi
	auth    *datadogV1.AuthenticationApi
	usage   *datadogV1.UsageMeteringApi
}

func newAPIClient(s *settings, hc *http.Client, key string) *apiClient {
	cfg := datadog.NewConfiguration()
	cfg.HTTPClient = hc
	cfg.UserAgent = s.UserAgent
	// The client's own retries wait whole seconds, 2 s at least (it forces
	// BackOffBase >= 2) and cannot report how many attempts it made; ours
	// are bounded by RetryPolicy, cancellable, and say what they did.
	cfg.RetryConfiguration.EnableRetry = false
	if s.APIURL != "" {
		cfg.Servers = datadog.ServerConfigurations{{URL: s.apiBase}}
		cfg.OperationServers = map[string]datadog.ServerConfigurations{}
	}
	client := datadog.NewAPIClient(cfg)
	return &apiClient{s: s, key: key, metrics: datadogV2.NewMetricsApi(client), auth: datadogV1.NewAuthenticationApi(client), usage: datadogV1.NewUsageMeteringApi(client)}
}

// liveHTTPClient is the HTTP client of a real send. It follows no
// redirect: DD-API-KEY is not a header Go drops on a redirect to another
// host, so a redirect could hand the key to anyone.
//
// Answers are read up to MaxAnswer bytes, headers up to 64 KiB: a proxy
// that answers a gigabyte costs a few hundred kilobytes.
func liveHTTPClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxResponseHeaderBytes = maxAnswerHeader
	return &http.Client{
		Transport:     boundedTransport{tr},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// withAuth adds the keys and the site to a request context, the way the
// client reads them. The application key goes only where a request asks
// for it (the client sends a key only to operations that declare it).
func (c *apiClient) withAuth(ctx context.Context) context.Context {
	keys := map[string]datadog.APIKey{"apiKeyAuth": {Key: c.key}}
	if c.appKey != "" {
		keys["appKeyAuth"] = datadog.APIKey{Key: c.appKey}
	}
	ctx = context.WithValue(ctx, datadog.ContextAPIKeys, keys)
	if c.s.APIURL == "" {
		ctx = context.WithValue(ctx, datadog.ContextServerVariables, map[string]string{"site": c.s.site})
	}
	return ctx
}

// validate checks the key with GET /api/v1/validate.
func (c *apiClient) validate(ctx context.Context) (int, error) {
	return c.do(ctx, "checking the API key", http.MethodGet, c.s.apiBase+"/api/v1/validate", nil, func(actx context.Context) (*http.Response, error) {
		res, resp, err := c.auth.Validate(c.withAuth(actx))
		if err == nil && !res.GetValid() {
			return resp, errKeyInvalid
		}
		return resp, err
	})
}

// submit sends one batch with POST /api/v2/series, gzip-encoded. It
// returns the attempts made and the intake's own warnings, if it listed
// any errors in a 202. A 202 is a success whatever its body: the intake
// took the points, and calling that a failure would have them sent again.
func (c *apiClient) submit(ctx context.Context, b Batch, step string) (int, []string, error) {
	opt := *datadogV2.NewSubmitMetricsOptionalParameters().WithContentEncoding(datadogV2.METRICCONTENTENCODING_GZIP)
	var warnings []string
	attempts, err := c.do(ctx, step, http.MethodPost, c.s.apiBase+"/api/v2/series", b.counts(), func(actx context.Context) (*http.Response, error) {
		accepted, resp, err := c.submitMetrics(c.withAuth(actx), b, opt)
		switch {
		case err == nil:
			warnings = cutList(c.redactAll(accepted.Errors))
		case resp != nil && resp.StatusCode >= 200 && resp.StatusCode < 300:
			why := err.Error()
			if tl := answerTooLarge(err); tl != nil {
				why = tl.Error()
			}
			warnings = []string{fmt.Sprintf("the intake answered %s but its answer could not be read (%s); the points were accepted", resp.Status, cutText(c.redact(why)))}
			return resp, nil
		}
		return resp, err
	})
	return attempts, warnings, err
}

// submitMetrics is MetricsApi.SubmitMetrics for a batch whose body is
// already encoded: the body goes to the official client's own request
// machinery (server, auth, gzip, user agent) as the bytes it is, instead of
// a payload the client would encode and then compact again. It answers as
// SubmitMetrics does, errors included.
func (c *apiClient) submitMetrics(ctx context.Context, b Batch, opt datadogV2.SubmitMetricsOptionalParameters) (datadogV2.IntakePayloadAccepted, *http.Response, error) {
	var accepted datadogV2.IntakePayloadAccepted
	if b.body == nil {
		return c.metrics.SubmitMetrics(ctx, b.payload(), opt)
	}
	client := c.metrics.Client
	base, err := client.Cfg.ServerURLWithContext(ctx, "v2.MetricsApi.SubmitMetrics")
	if err != nil {
		return accepted, nil, datadog.GenericOpenAPIError{ErrorMessage: err.Error()}
	}
	headers := map[string]string{"Content-Type": "application/json", "Accept": "application/json"}
	body, encoding := b.body, ""
	if opt.ContentEncoding != nil {
		encoding = datadog.ParameterToString(*opt.ContentEncoding, "")
		if encoding == "gzip" {
			// Compressed here (compressBody), once, and handed over as it
			// is: the client's own gzip is its slowest step.
			if body = b.zipped; body == nil {
				body = compressBody(b.body)
			}
		} else {
			headers["Content-Encoding"] = encoding
			encoding = ""
		}
	}
	datadog.SetAuthKeys(ctx, &headers, [2]string{"apiKeyAuth", "DD-API-KEY"})
	req, err := client.PrepareRequest(ctx, base+"/api/v2/series", http.MethodPost, body, headers, nil, nil, nil)
	if err != nil {
		return accepted, nil, err
	}
	if encoding != "" {
		req.Header.Set("Content-Encoding", encoding)
	}
	resp, err := client.CallAPI(req)
	if err != nil || resp == nil {
		return accepted, resp, err
	}
	answer, err := datadog.ReadBody(resp)
	if err != nil {
		return accepted, resp, err
	}
	if resp.StatusCode >= 300 {
		e := datadog.GenericOpenAPIError{ErrorBody: answer, ErrorMessage: resp.Status}
		switch resp.StatusCode {
		case 400, 403, 408, 413, 429:
			var model datadogV2.APIErrorResponse
			if client.Decode(&model, answer, resp.Header.Get("Content-Type")) == nil {
				e.ErrorModel = model
			}
		}
		return accepted, resp, e
	}
	if err := client.Decode(&accepted, answer, resp.Header.Get("Content-Type")); err != nil {
		return accepted, resp, datadog.GenericOpenAPIError{ErrorBody: answer, ErrorMessage: err.Error()}
	}
	return accepted, resp, nil
}

// mayHaveArrived reports whether a failed request may still have reached
// the intake: no answer came (a timeout, a dropped connection), or a proxy
// answered for it (502, 503, 504: the intake behind may have taken it).
func mayHaveArrived(se *SendError) bool {
	switch {
	case se.Method != http.MethodPost:
		return false
	case se.Status == http.StatusBadGateway || se.Status == http.StatusServiceUnavailable || se.Status == http.StatusGatewayTimeout:
		return true
	case se.Status != 0:
		return false
	}
	return se.Kind == KindTimeout || se.Kind == KindNetwork
}

// do runs one request with a timeout per attempt, retrying 429 and 5xx
// answers within the retry policy. counts names the count and rate metrics
// of the request: those add up, so the request is not tried again after an
// answer that may mean it arrived (mayHaveArrived) — a count sent twice
// counts twice. Gauges keep their last value and are safe to resend.
func (c *apiClient) do(ctx context.Context, step, method, url string, counts []string, call func(context.Context) (*http.Response, error)) (int, error) {
	start := time.Now()
	for attempt := 1; ; attempt++ {
		actx, cancel := context.WithTimeout(ctx, c.s.timeout)
		resp, err := call(actx)
		timedOut := actx.Err() != nil
		cancel()
		if ctx.Err() != nil {
			return attempt, &interruptedError{err: ctx.Err(), inFlight: method == http.MethodPost}
		}
		if err == nil {
			return attempt, nil
		}
		se := c.classify(step, method, url, resp, err, timedOut)
		se.Attempts, se.Elapsed = attempt, time.Since(start)
		if se.MayHaveArrived = mayHaveArrived(se); se.MayHaveArrived {
			se.Counts = counts
		}
		if !retryable(se) || (se.MayHaveArrived && len(counts) > 0) {
			c.hint(se, 0)
			return attempt, se
		}
		wait := c.s.retry.delay(attempt)
		reset := rateLimitReset(resp)
		if se.Status == http.StatusTooManyRequests && reset > wait {
			wait = reset
		}
		if attempt >= c.s.retry.MaxAttempts || time.Since(start)+wait > c.s.retry.MaxElapsed {
			se.GaveUp = true
			c.hint(se, reset)
			return attempt, se
		}
		c.progress(fmt.Sprintf("%s: %s answered %d %s; retrying in %s (attempt %d of %d)", step, url, se.Status, se.StatusText, wait.Round(time.Millisecond), attempt+1, c.s.retry.MaxAttempts))
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return attempt, interrupted(ctx)
		case <-t.C:
		}
	}
}

func (c *apiClient) progress(msg string) { c.s.progress(msg) }

// interrupted is the error of a send whose context ended: Ctrl+C, or the
// caller's own deadline.
func interrupted(ctx context.Context) error { return &interruptedError{err: ctx.Err()} }

// interruptedError is a send stopped by its context. inFlight is set when
// a POST was under way: its points may have arrived.
type interruptedError struct {
	err      error
	inFlight bool
}

func (e *interruptedError) Error() string {
	return "interrupted before it finished: " + e.err.Error()
}
func (e *interruptedError) Unwrap() error { return e.err }

func rateLimitReset(resp *http.Response) time.Duration {
	if resp == nil {
		return 0
	}
	n, err := strconv.ParseInt(strings.TrimSpace(resp.Header.Get("X-RateLimit-Reset")), 10, 64)
	if err != nil || n <= 0 || n > 24*3600 {
		return 0
	}
	return time.Duration(n) * time.Second
}

func (c *apiClient) classify(step, method, url string, resp *http.Response, err error, timedOut bool) *SendError {
	se := &SendError{Step: step, Method: method, URL: url, Target: c.s.where, Err: err}
	var apiErr datadog.GenericOpenAPIError
	switch {
	case errors.Is(err, errKeyInvalid):
		se.Kind = KindKeyRejected
	case timedOut:
		se.Kind, se.Timeout = KindTimeout, c.s.timeout
	case resp != nil && resp.StatusCode >= 300:
		se.Status, se.StatusText = resp.StatusCode, http.StatusText(resp.StatusCode)
		se.Kind = statusKind(se.Status)
		if tl := answerTooLarge(err); tl != nil {
			se.Errors = append(se.Errors, tl.Error())
		} else if errors.As(err, &apiErr) {
			for _, e := range cutList(c.redactAll(apiErrors(apiErr))) {
				if e != se.StatusText { // {"errors": ["Forbidden"]} says nothing new
					se.Errors = append(se.Errors, e)
				}
			}
		}
		if loc := resp.Header.Get("Location"); loc != "" && se.Status < 400 {
			se.Errors = append(se.Errors, "redirects to "+c.redact(loc))
		}
		se.Err = nil // the client's error is the status line, said already
	case resp != nil:
		se.Status, se.StatusText = resp.StatusCode, http.StatusText(resp.StatusCode)
		se.Kind = KindHTTPStatus
		se.Errors = []string{"the answer could not be read: " + cutText(c.redact(err.Error()))}
	default:
		se.Kind = networkKind(err)
		if se.Kind == KindTimeout {
			se.Timeout = c.s.timeout
		}
	}
	return se
}

// apiErrors is Datadog's error list from an answer: the client's decoded
// model, else the body read as {"errors": [...]}, else a short body.
func apiErrors(e datadog.GenericOpenAPIError) []string {
	switch m := e.Model().(type) {
	case datadogV2.APIErrorResponse:
		if len(m.Errors) > 0 {
			return m.Errors
		}
	case datadogV1.APIErrorResponse:
		if len(m.Errors) > 0 {
			return m.Errors
		}
	}
	body := strings.TrimSpace(string(e.Body()))
	var generic struct {
		Errors []string `json:"errors"`
	}
	if json.Unmarshal([]byte(body), &generic) == nil && len(generic.Errors) > 0 {
		return generic.Errors
	}
	if body == "" || strings.HasPrefix(body, "<") || strings.HasPrefix(body, "{") {
		return nil
	}
	return []string{body}
}

// redact masks the keys wherever an answer might echo them.
func (c *apiClient) redact(s string) string {
	for _, k := range []string{c.key, c.appKey} {
		if len(k) >= 4 {
			s = strings.ReplaceAll(s, k, template.MaskKey(k))
		}
	}
	return s
}

func (c *apiClient) redactAll(list []string) []string {
	if len(list) == 0 {
		return nil
	}
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = c.redact(s)
	}
	return out
}

// hint says what to do about a failed request, naming settings as the
// caller does.
func (c *apiClient) hint(se *SendError, reset time.Duration) {
	o := &c.s.Options
	viaURL := c.s.APIURL != ""
	src := keySource(o)
	switch se.Kind {
	case KindKeyRejected:
		if viaURL {
			se.Hint = fmt.Sprintf("check the key %s from %s, and that %s forwards to the Datadog site of your organization", template.MaskKey(c.key), src, c.s.apiBase)
		} else {
			se.Hint = fmt.Sprintf("check that the key %s from %s is an API key (not an application key) of an organization on %s; if you log in to Datadog at another site, set %s or DD_SITE to it (one of: %s)", template.MaskKey(c.key), src, c.s.site, o.called(SettingSite), strings.Join(knownSites(), ", "))
		}
	case KindBadRequest:
		what := "the intake's list above says what it refused"
		if len(se.Errors) == 0 {
			what = "the intake gave no reason"
		}
		se.Hint = fmt.Sprintf("%s: check the metric names, tags and values (rk-tui validate FILE) and the test value%s, number of points%s and interval%s", what, o.via(SettingValue), o.via(SettingPoints), o.via(SettingInterval))
	case KindTooLarge:
		se.Hint = "rk-tui keeps each request under the intake's documented limits (512000 bytes on the wire, 5 MiB of JSON); a proxy in between may allow less: send to the site directly, or raise the proxy's body limit"
	case KindRateLimited:
		se.Hint = "the organization is over Datadog's submission rate limit; wait a minute and send again"
		if reset > 0 {
			se.Hint = fmt.Sprintf("Datadog asked to wait %s (X-RateLimit-Reset); send again after that", reset)
		}
	case KindServerError:
		if viaURL {
			se.Hint = fmt.Sprintf("the endpoint at %s is failing; check it, and Datadog's status page https://status.datadoghq.com, then send again", c.s.apiBase)
		} else {
			se.Hint = "the intake is failing on Datadog's side; check https://status.datadoghq.com (or your site's status page) and send again later"
		}
	case KindTimeout:
		se.Hint = fmt.Sprintf("check the network connection and any proxy (HTTPS_PROXY); on a slow link raise the timeout%s", o.via(SettingTimeout))
	case KindRefused:
		if viaURL {
			se.Hint = fmt.Sprintf("nothing listens at %s: is the proxy or local intake running, and is the port right?", c.s.apiBase)
		} else {
			se.Hint = "check the network connection, firewall and proxy (HTTPS_PROXY)"
		}
	case KindDNS:
		if viaURL {
			se.Hint = fmt.Sprintf("check the host name of %s, and the network's DNS", o.called(SettingAPIURL))
		} else {
			se.Hint = fmt.Sprintf("check %s (or DD_SITE), the network connection and its DNS; behind a proxy, set HTTPS_PROXY", o.called(SettingSite))
		}
	case KindTLS:
		se.Hint = "check the system clock, and any proxy that intercepts TLS (its CA must be trusted by the system); never turn certificate checks off to send a key"
	case KindHTTPStatus:
		switch {
		case se.Status == http.StatusNotFound || se.Status == http.StatusMethodNotAllowed:
			se.Hint = fmt.Sprintf("nothing serves that path: check %s (give the base URL, without /api/v2/series)", o.called(SettingAPIURL))
			if se.Method == http.MethodGet && strings.HasSuffix(se.URL, "/api/v1/validate") {
				se.Hint += fmt.Sprintf("; if the endpoint does not serve the key check, skip the key check%s", o.via(SettingValidate))
			}
		case se.Status == http.StatusUnauthorized || se.Status == http.StatusProxyAuthRequired:
			se.Hint = "the endpoint asks for other credentials; rk-tui sends only DD-API-KEY"
		case se.Status >= 300 && se.Status < 400:
			se.Hint = fmt.Sprintf("rk-tui follows no redirect, so the key goes nowhere else: point %s at the final address", o.called(SettingAPIURL))
		}
	case KindNetwork:
		se.Hint = "check the network connection and any proxy (HTTPS_PROXY)"
	}
}
