package sender

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"
)

// What rk-tui reads of an answer. Datadog answers in a few hundred bytes;
// a proxy or a broken endpoint may answer anything, and the client reads
// the whole body into memory before it looks at it.
const (
	// MaxAnswer is the most bytes of one answer's body that are read (after
	// any Content-Encoding is undone, so a compressed bomb is cut too).
	MaxAnswer = 256 << 10
	// maxAnswerHeader bounds the answer's header block.
	maxAnswerHeader = 64 << 10
	// maxErrorText is the most characters shown of one message the intake
	// sent, and maxErrors the most messages listed.
	maxErrorText = 300
	maxErrors    = 10
)

// answerTooLargeError is the read error of a body past its limit.
type answerTooLargeError struct{ limit int64 }

func (e *answerTooLargeError) Error() string {
	return fmt.Sprintf("the answer's body is over %d KiB, so rk-tui read no further", e.limit>>10)
}

// boundedTransport cuts every answer's body at MaxAnswer, or at the limit
// the request's context names (withAnswerLimit).
type boundedTransport struct{ base http.RoundTripper }

func (t boundedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if resp != nil && resp.Body != nil {
		limit := int64(MaxAnswer)
		if n, ok := req.Context().Value(answerLimitKey{}).(int64); ok {
			limit = n
		}
		resp.Body = &boundedBody{rc: resp.Body, left: limit, limit: limit}
	}
	return resp, err
}

type answerLimitKey struct{}

// withAnswerLimit raises the answer limit for the requests made under ctx:
// a list of tags is long where an intake's answer is short.
func withAnswerLimit(ctx context.Context, n int64) context.Context {
	return context.WithValue(ctx, answerLimitKey{}, n)
}

// boundedBody reads up to left bytes and then fails, so a reader that
// wants it all learns that it was cut instead of getting a truncated body
// it would take for the whole.
type boundedBody struct {
	rc          io.ReadCloser
	left, limit int64
}

func (b *boundedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// One byte more says whether the body really goes on.
		var one [1]byte
		if n, _ := io.ReadFull(b.rc, one[:]); n == 0 {
			return 0, io.EOF
		}
		return 0, &answerTooLargeError{b.limit}
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *boundedBody) Close() error { return b.rc.Close() }

// answerTooLarge returns the error of a body cut at its limit, or nil.
func answerTooLarge(err error) error {
	var e *answerTooLargeError
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// cutText shortens one message from the other side to maxErrorText
// characters on one line, saying how much was left out.
func cutText(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= maxErrorText {
		return s
	}
	n, i := 0, 0
	for i = range s {
		if n == maxErrorText {
			break
		}
		n++
	}
	return fmt.Sprintf("%s... (%d more characters)", s[:i], utf8.RuneCountInString(s[i:]))
}

// cutList shortens a list of messages: each one cut, at most maxErrors.
func cutList(list []string) []string {
	if len(list) == 0 {
		return nil
	}
	n := min(len(list), maxErrors)
	out := make([]string, 0, n+1)
	for _, s := range list[:n] {
		out = append(out, cutText(s))
	}
	if len(list) > n {
		out = append(out, fmt.Sprintf("and %d more", len(list)-n))
	}
	return out
}
