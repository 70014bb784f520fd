package sender_test

import (
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/rk-tui/rk-tui/sender"
	"github.com/rk-tui/rk-tui/sender/sendertest"
)

// An endpoint that answers without end costs a few hundred kilobytes: the
// body is read up to MaxAnswer and the connection dropped, and the message
// says so instead of quoting it.
func TestHugeAnswersAreCut(t *testing.T) {
	const size = 128 << 20
	in := sendertest.NewIntake(t)
	in.Enqueue("/api/v2/series", sendertest.Response{Status: http.StatusBadRequest, Body: `{"errors":["` + strings.Repeat("x", 1000), Size: size})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	_, err := sendTo(t, in, nil)
	runtime.ReadMemStats(&after)
	sendError(t, err, sender.KindBadRequest)
	wantIn(t, err.Error(), "400 Bad Request", "over 256 KiB", "read no further")
	if len(err.Error()) > 2000 {
		t.Errorf("the message is %d bytes long", len(err.Error()))
	}
	if n := in.AnswerBytes(); n > 32<<20 {
		t.Errorf("the client read %d MiB of a %d MiB answer; it should stop after %d KiB", n>>20, size>>20, sender.MaxAnswer>>10)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 32<<20 {
		t.Errorf("the send allocated %d MiB for a huge answer", alloc>>20)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %s", d)
	}
}

// Long messages from the intake are cut, and long lists shortened: a 100 KB
// error string is not printed whole.
func TestLongIntakeMessagesAreCut(t *testing.T) {
	in := sendertest.NewIntake(t)
	long := strings.Repeat("y", 100_000)
	many := `"a","b","c","d","e","f","g","h","i","j","k","l"`
	in.Enqueue("/api/v2/series", sendertest.Response{Status: http.StatusBadRequest, Body: `{"errors":["` + long + `",` + many + `]}`})
	_, err := sendTo(t, in, nil)
	se := sendError(t, err, sender.KindBadRequest)
	if len(se.Errors) != 11 || len(se.Errors[0]) > 400 || !strings.Contains(se.Errors[0], "(99700 more characters)") || se.Errors[10] != "and 3 more" {
		t.Errorf("errors = %.500q", se.Errors)
	}
	if len(err.Error()) > 2000 {
		t.Errorf("the message is %d bytes long", len(err.Error()))
	}
}

// A key the answer echoes is masked before a message is cut, so no part of
// it shows at the cut.
func TestCutNeverShowsPartOfTheKey(t *testing.T) {
	in := sendertest.NewIntake(t)
	in.Enqueue("/api/v2/series", sendertest.Response{Status: http.StatusBadRequest, Body: `{"errors":["` + strings.Repeat("z", 290) + testKey + `"]}`})
	_, err := sendTo(t, in, nil)
	sendError(t, err, sender.KindBadRequest)
	if strings.Contains(err.Error(), testKey[:8]) {
		t.Errorf("part of the key shows: %s", err)
	}
}
