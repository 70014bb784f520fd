package sender

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"

	"github.com/rk-tui/rk-tui/template"
)

// ConfigError is a setting or a template that cannot be sent as it is. Its
// message says what to change; nothing was sent.
type ConfigError struct {
	// Setting names what to change: one of the Setting constants
	// (SettingTemplate when it is the template).
	Setting string
	Msg     string
}

// Error is the message on one line, control characters escaped: it quotes
// the template.
func (e *ConfigError) Error() string { return template.SafeLine(e.Msg) }

// ErrorKind classifies a failed send.
type ErrorKind string

// The kinds of SendError.
const (
	KindKeyRejected ErrorKind = "key-rejected" // 403, or the key check said invalid
	KindForbidden   ErrorKind = "forbidden"    // 403 to a read of the account: the application key or a permission
	KindBadRequest  ErrorKind = "bad-request"  // 400 with Datadog's error list
	KindTooLarge    ErrorKind = "too-large"    // 413
	KindRateLimited ErrorKind = "rate-limited" // 429 after the last retry
	KindServerError ErrorKind = "server-error" // 5xx after the last retry
	KindHTTPStatus  ErrorKind = "http-status"  // any other answer that is not a success
	KindTimeout     ErrorKind = "timeout"      // no answer in time (or 408)
	KindRefused     ErrorKind = "refused"      // connection refused, or UDP port unreachable
	KindDNS         ErrorKind = "dns"          // the host name does not resolve
	KindTLS         ErrorKind = "tls"          // the certificate check failed
	KindNetwork     ErrorKind = "network"      // any other network failure
)

// SendError is a send that failed. Error() is a complete message for a
// user: what was being done, what happened and where, and what to check.
// It never holds the API key (only its masked form).
type SendError struct {
	Kind ErrorKind
	// Step is what was being done: "checking the API key", "sending
	// request 2 of 3", "sending to the DogStatsD agent at localhost:8125".
	Step   string
	Method string
	URL    string
	// Target names where it went: "site datadoghq.com", a host:port.
	Target string
	// Status is the HTTP status, 0 when there was no answer.
	Status     int
	StatusText string
	// Errors is Datadog's own error list from the answer, if any.
	Errors []string
	// Attempts made, counting the first try.
	Attempts int
	Elapsed  time.Duration
	// GaveUp is set when retries ran out of attempts or of time.
	GaveUp bool
	// Timeout is the per-request limit that ran out (KindTimeout).
	Timeout time.Duration
	// Hint is what to do about it.
	Hint string
	// MayHaveArrived is set when the points may have reached the intake
	// although no success came back: no answer in time, a dropped
	// connection, a 502, 503 or 504 from a proxy in between.
	MayHaveArrived bool
	// Counts are the count and rate metrics of such a request, which a
	// second send would count twice; the request was not retried.
	Counts []string
	Err    error
}

// Error is the message on one line, control characters escaped: it quotes
// the template and what the other side answered.
func (e *SendError) Error() string { return template.SafeLine(e.message()) }

func (e *SendError) message() string {
	var b strings.Builder
	if e.Step != "" {
		b.WriteString(e.Step)
		b.WriteString(": ")
	}
	b.WriteString(e.what())
	if e.GaveUp && e.Attempts > 1 {
		fmt.Fprintf(&b, "; gave up after %d attempts over %s", e.Attempts, e.Elapsed.Round(time.Millisecond))
	}
	if e.Hint != "" {
		b.WriteString("; ")
		b.WriteString(e.Hint)
	}
	if e.MayHaveArrived {
		b.WriteString(". The points may still have arrived")
		if len(e.Counts) > 0 {
			fmt.Fprintf(&b, " (%s: a second send would count them twice, so this request was not retried)", countList(e.Counts))
		}
		b.WriteString(": look in Metrics Explorer before sending again")
	}
	return b.String()
}

// countList names the count and rate metrics of a request, the first few.
func countList(names []string) string {
	const show = 5
	words := "count and rate metrics "
	if len(names) == 1 {
		words = "the count or rate metric "
	}
	if len(names) <= show {
		return words + strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s%s and %d more", words, strings.Join(names[:show], ", "), len(names)-show)
}

func (e *SendError) Unwrap() error { return e.Err }

func (e *SendError) request() string {
	if e.Method == "" {
		return e.URL
	}
	return e.Method + " " + e.URL
}

func (e *SendError) answered() string {
	return fmt.Sprintf("%s answered %d %s", e.request(), e.Status, e.StatusText)
}

func (e *SendError) what() string {
	switch e.Kind {
	case KindKeyRejected:
		if e.Status == 0 {
			return fmt.Sprintf("the API key was not accepted by %s (%s)", e.Target, e.request())
		}
		return fmt.Sprintf("%s rejected the API key (%s)", e.Target, e.answered())
	case KindForbidden:
		return fmt.Sprintf("%s refused the request (%s)%s", e.Target, e.answered(), errorList(e.Errors))
	case KindBadRequest:
		return fmt.Sprintf("the intake refused the payload (%s)%s", e.answered(), errorList(e.Errors))
	case KindTooLarge:
		return fmt.Sprintf("the request body was too large (%s)%s", e.answered(), errorList(e.Errors))
	case KindRateLimited, KindServerError, KindHTTPStatus:
		return e.answered() + errorList(e.Errors)
	case KindTimeout:
		if e.Status != 0 {
			return e.answered() + errorList(e.Errors)
		}
		return fmt.Sprintf("no answer from %s within %s", e.request(), e.Timeout)
	case KindRefused:
		return fmt.Sprintf("the connection to %s was refused (%s)", e.Target, e.request())
	case KindDNS:
		return fmt.Sprintf("the host name of %s does not resolve (%v)", e.request(), rootCause(e.Err))
	case KindTLS:
		return fmt.Sprintf("the TLS certificate check of %s failed (%v)", e.request(), rootCause(e.Err))
	}
	return fmt.Sprintf("%s failed: %v", e.request(), rootCause(e.Err))
}

func errorList(errs []string) string {
	if len(errs) == 0 {
		return ""
	}
	return ": " + strings.Join(errs, "; ")
}

// rootCause strips the url.Error and net.OpError wrappers, whose text
// repeats the URL and the addresses.
func rootCause(err error) error {
	for {
		switch e := err.(type) {
		case interface{ Unwrap() error }:
			if _, ok := err.(*net.DNSError); ok {
				return err
			}
			inner := e.Unwrap()
			if inner == nil {
				return err
			}
			err = inner
		default:
			return err
		}
	}
}

// networkKind classifies an error of a request that got no answer.
func networkKind(err error) ErrorKind {
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalidCert x509.CertificateInvalidError
	var recordErr tls.RecordHeaderError
	var netErr net.Error
	switch {
	case errors.As(err, &dnsErr):
		return KindDNS
	case errors.Is(err, syscall.ECONNREFUSED):
		return KindRefused
	case errors.As(err, &certErr), errors.As(err, &unknownCA), errors.As(err, &hostErr), errors.As(err, &invalidCert), errors.As(err, &recordErr):
		return KindTLS
	case errors.As(err, &netErr) && netErr.Timeout():
		return KindTimeout
	}
	return KindNetwork
}

// statusKind classifies an HTTP answer that is not a success.
func statusKind(status int) ErrorKind {
	switch {
	case status == http.StatusForbidden:
		return KindKeyRejected
	case status == http.StatusBadRequest:
		return KindBadRequest
	case status == http.StatusRequestEntityTooLarge:
		return KindTooLarge
	case status == http.StatusTooManyRequests:
		return KindRateLimited
	case status == http.StatusRequestTimeout:
		return KindTimeout
	case status >= 500:
		return KindServerError
	}
	return KindHTTPStatus
}

func retryable(e *SendError) bool {
	return e.Status == http.StatusTooManyRequests || e.Status >= 500
}
