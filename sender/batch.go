package sender

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/DataDog/datadog-api-client-go/v2/api/datadogV2"
)

// Limits are the size limits of one request to the metrics intake.
type Limits struct {
	// MaxBody is the most bytes a body may have on the wire (compressed).
	MaxBody int
	// MaxInflated is the most bytes of JSON a compressed body may inflate to.
	MaxInflated int
}

// IntakeLimits are the documented limits of POST /api/v2/series: a payload
// of at most 512000 bytes, whose decompressed size is less than 5242880
// bytes.
var IntakeLimits = Limits{MaxBody: 512000, MaxInflated: 5242880 - 1}

// Batch is the payload of one request.
type Batch struct {
	// Payload holds the batch's series (a sub-slice of the plan's).
	Payload datadogV2.MetricPayload
	Series  int
	Points  int
	// JSONBytes is the size of the JSON body as the client encodes it.
	JSONBytes int
	// GzipBytes is its size once gzip-compressed as it is sent
	// (compressBody), when it was measured: only a body whose JSON alone
	// could pass the wire limit is compressed to see (0 otherwise: on the
	// wire such a body is at most JSONBytes plus gzip's framing, under the
	// limit either way).
	GzipBytes int
	// First is the index of the batch's first series in the input.
	First int

	// body is the exact JSON the client sends, encoded once
	// (encodeSeries); nil for a batch made by hand. zipped is body
	// compressed, when measuring it compressed it already.
	body, zipped []byte
}

// counts are the names of the batch's count and rate series: sending
// those twice counts them twice.
func (b Batch) counts() []string {
	var out []string
	for _, s := range b.Payload.Series {
		if s.Type != nil && (*s.Type == datadogV2.METRICINTAKETYPE_COUNT || *s.Type == datadogV2.METRICINTAKETYPE_RATE) {
			out = append(out, s.Metric)
		}
	}
	return out
}

// payload is what the client is given to send. With the body encoded
// already, it carries the series array as raw JSON in the model's
// UnparsedObject, which the client's MarshalJSON writes as it is (its
// encoder still checks and compacts it): the same bytes the model would
// give, without encoding every series again.
func (b Batch) payload() datadogV2.MetricPayload {
	if b.body == nil {
		return b.Payload
	}
	array := b.body[len(payloadHead)-1 : len(b.body)-len(payloadTail)+1]
	return datadogV2.MetricPayload{UnparsedObject: map[string]interface{}{"series": json.RawMessage(array)}}
}

// payloadHead and payloadTail frame the series the way the client's JSON
// encoder writes a MetricPayload: {"series":[...]} and a newline.
var (
	payloadHead = []byte(`{"series":[`)
	payloadTail = []byte("]}\n")
)

// gzipSlack bounds what gzip adds to data that does not compress: a
// 10-byte header, an 8-byte trailer, 5 bytes per stored block of at most
// 65535 bytes. A body whose JSON plus this fits MaxBody fits compressed.
func gzipSlack(n int) int { return 18 + 5*(n/65535+1) + 64 }

// SplitBatches cuts the series into as few requests as the limits allow,
// keeping their order. Each series is encoded once, to the bytes the
// client sends (encodeSeries); a batch is compressed to measure it only
// when its JSON alone could pass the wire limit.
func SplitBatches(series []datadogV2.MetricSeries, limits Limits) ([]Batch, error) {
	if limits.MaxBody <= 0 || limits.MaxInflated <= 0 {
		limits = IntakeLimits
	}
	// All series in one buffer, comma-separated: series [lo, hi) are then
	// the bytes from start[lo] to end[hi-1], commas included.
	var enc []byte
	start, end := make([]int, len(series)), make([]int, len(series))
	for i := range series {
		if i > 0 {
			enc = append(enc, ',')
		}
		start[i] = len(enc)
		var err error
		if enc, err = encodeSeries(enc, &series[i]); err != nil {
			return nil, fmt.Errorf("encode series %q: %w", series[i].Metric, err)
		}
		end[i] = len(enc)
	}
	sp := &splitter{series: series, enc: enc, start: start, end: end, limits: limits}
	frame := len(payloadHead) + len(payloadTail)
	lo := 0
	for i := range series {
		if i > lo && frame+end[i]-start[lo] > limits.MaxInflated {
			if err := sp.flush(lo, i); err != nil {
				return nil, err
			}
			lo = i
		}
	}
	if lo < len(series) {
		if err := sp.flush(lo, len(series)); err != nil {
			return nil, err
		}
	}
	return sp.out, nil
}

type splitter struct {
	series     []datadogV2.MetricSeries
	enc        []byte
	start, end []int
	limits     Limits
	out        []Batch
}

// flush emits series [lo, hi) as one batch, or halves it while its body
// is over a limit.
func (sp *splitter) flush(lo, hi int) error {
	series := sp.enc[sp.start[lo]:sp.end[hi-1]]
	size := len(payloadHead) + len(series) + len(payloadTail)
	zipped := 0
	var gz []byte
	if size > sp.limits.MaxInflated {
		if hi-lo == 1 {
			return sp.tooLarge(lo, size, "bytes of JSON", sp.limits.MaxInflated)
		}
		return sp.halve(lo, hi)
	}
	if size+gzipSlack(size) > sp.limits.MaxBody {
		gz = compressBody(payloadHead, series, payloadTail)
		if zipped = len(gz); zipped > sp.limits.MaxBody {
			if hi-lo == 1 {
				return sp.tooLarge(lo, zipped, "bytes compressed", sp.limits.MaxBody)
			}
			return sp.halve(lo, hi)
		}
	}
	points := 0
	for _, s := range sp.series[lo:hi] {
		points += len(s.Points)
	}
	body := make([]byte, 0, size)
	body = append(append(append(body, payloadHead...), series...), payloadTail...)
	sp.out = append(sp.out, Batch{
		Payload: datadogV2.MetricPayload{Series: sp.series[lo:hi:hi]},
		Series:  hi - lo, Points: points, JSONBytes: size, GzipBytes: zipped, First: lo, body: body, zipped: gz,
	})
	return nil
}

func (sp *splitter) halve(lo, hi int) error {
	mid := lo + (hi-lo)/2
	if err := sp.flush(lo, mid); err != nil {
		return err
	}
	return sp.flush(mid, hi)
}

func (sp *splitter) tooLarge(i, size int, what string, limit int) error {
	return &ConfigError{Setting: SettingTemplate, Msg: fmt.Sprintf("metric %q alone makes a request of %d %s, over the intake's limit of %d; it has too many tags or points: use fewer points or fewer tags", sp.series[i].Metric, size, what, limit)}
}

// compressBody is the gzip body the intake receives: the fastest level,
// with a pooled writer (a new one allocates some 800 KB). Compression is
// most of what a send costs; a few percent more bytes on the wire are
// cheaper than four times the time. Batches are measured with it too, so
// the wire limit holds for what is sent.
func compressBody(parts ...[]byte) []byte {
	var b bytes.Buffer
	zw := gzipWriters.Get().(*gzip.Writer)
	zw.Reset(&b)
	for _, p := range parts {
		_, _ = zw.Write(p)
	}
	_ = zw.Close()
	gzipWriters.Put(zw)
	return b.Bytes()
}

var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return zw
}}
