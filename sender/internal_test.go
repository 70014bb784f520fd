package sender

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"syscall"
	"testing"
	"time"
)

func TestNetworkKind(t *testing.T) {
	wrap := func(err error) error {
		return &url.Error{Op: "Post", URL: "https://api.datadoghq.com/api/v2/series", Err: &net.OpError{Op: "dial", Net: "tcp", Err: err}}
	}
	cases := []struct {
		err  error
		kind ErrorKind
	}{
		{wrap(&net.DNSError{Err: "no such host", Name: "api.datadoghq.cm", IsNotFound: true}), KindDNS},
		{wrap(os.NewSyscallError("connect", syscall.ECONNREFUSED)), KindRefused},
		{wrap(x509.UnknownAuthorityError{}), KindTLS},
		{wrap(context.DeadlineExceeded), KindTimeout},
		{wrap(errors.New("broken pipe")), KindNetwork},
	}
	for _, c := range cases {
		if got := networkKind(c.err); got != c.kind {
			t.Errorf("networkKind(%v) = %s, want %s", c.err, got, c.kind)
		}
	}
	se := &SendError{Kind: KindDNS, Step: "checking the API key", Method: "GET", URL: "https://api.datadoghq.cm/api/v1/validate", Err: cases[0].err}
	s := &settings{Options: Options{}, site: "datadoghq.com", where: "site datadoghq.com"}
	(&apiClient{s: s}).hint(se, 0)
	want := "checking the API key: the host name of GET https://api.datadoghq.cm/api/v1/validate does not resolve (lookup api.datadoghq.cm: no such host); check the Datadog site (or DD_SITE), the network connection and its DNS; behind a proxy, set HTTPS_PROXY"
	if se.Error() != want {
		t.Errorf("DNS message:\n%s\nwant\n%s", se.Error(), want)
	}
}

func TestRetryDelay(t *testing.T) {
	r := RetryPolicy{MaxAttempts: 6, BaseDelay: time.Second, MaxDelay: 5 * time.Second}.withDefaults()
	var got []time.Duration
	for n := 1; n <= 5; n++ {
		got = append(got, r.delay(n))
	}
	if fmt.Sprint(got) != "[1s 2s 4s 5s 5s]" {
		t.Errorf("delays = %v", got)
	}
	if d := (RetryPolicy{}).withDefaults(); d != DefaultRetry {
		t.Errorf("zero policy = %+v, want DefaultRetry", d)
	}
	if d := (RetryPolicy{MaxAttempts: 1}).withDefaults(); d.MaxAttempts != 1 || d.BaseDelay <= 0 {
		t.Errorf("no-retry policy = %+v", d)
	}
}
