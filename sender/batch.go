package sender

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"

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
	Payload datadogV2.MetricPayload
	Series  int
	Points  int
	// JSONBytes is the size of the JSON body as the client encodes it,
	// GzipBytes its size on the wire once gzip-compressed.
	JSONBytes int
	GzipBytes int
	// First is the index of the batch's first series in the input.
	First int
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

// payloadHead and payloadTail frame the series the way the client's JSON
// encoder writes a MetricPayload: {"series":[...]} and a newline.
var (
	payloadHead = []byte(`{"series":[`)
	payloadTail = []byte("]}\n")
)

// SplitBatches cuts the series into as few requests as the limits allow,
// keeping their order. Sizes are measured on the exact bytes the client
// sends: its JSON encoding, gzip-compressed at the client's level.
func SplitBatches(series []datadogV2.MetricSeries, limits Limits) ([]Batch, error) {
	if limits.MaxBody <= 0 || limits.MaxInflated <= 0 {
		limits = IntakeLimits
	}
	enc := make([][]byte, len(series))
	for i := range series {
		b, err := json.Marshal(series[i])
		if err != nil {
			return nil, fmt.Errorf("encode series %q: %w", series[i].Metric, err)
		}
		enc[i] = b
	}
	sp := &splitter{series: series, enc: enc, limits: limits, gz: gzip.NewWriter(nil)}
	start, size := 0, len(payloadHead)+len(payloadTail)
	for i, b := range enc {
		add := len(b)
		if i > start {
			add++ // the comma
		}
		if i > start && size+add > limits.MaxInflated {
			if err := sp.flush(start, i); err != nil {
				return nil, err
			}
			start, size, add = i, len(payloadHead)+len(payloadTail), len(b)
		}
		size += add
	}
	if start < len(enc) {
		if err := sp.flush(start, len(enc)); err != nil {
			return nil, err
		}
	}
	return sp.out, nil
}

type splitter struct {
	series []datadogV2.MetricSeries
	enc    [][]byte
	limits Limits
	gz     *gzip.Writer
	buf    bytes.Buffer
	out    []Batch
}

// flush emits series [lo, hi) as one batch, or halves it while the
// compressed body is over the limit.
func (sp *splitter) flush(lo, hi int) error {
	body := sp.body(lo, hi)
	if len(body) > sp.limits.MaxInflated {
		if hi-lo == 1 {
			return sp.tooLarge(lo, len(body), "bytes of JSON", sp.limits.MaxInflated)
		}
		mid := lo + (hi-lo)/2
		if err := sp.flush(lo, mid); err != nil {
			return err
		}
		return sp.flush(mid, hi)
	}
	zipped := sp.gzipSize(body)
	if zipped > sp.limits.MaxBody {
		if hi-lo == 1 {
			return sp.tooLarge(lo, zipped, "bytes compressed", sp.limits.MaxBody)
		}
		mid := lo + (hi-lo)/2
		if err := sp.flush(lo, mid); err != nil {
			return err
		}
		return sp.flush(mid, hi)
	}
	points := 0
	for _, s := range sp.series[lo:hi] {
		points += len(s.Points)
	}
	sp.out = append(sp.out, Batch{
		Payload: datadogV2.MetricPayload{Series: sp.series[lo:hi:hi]},
		Series:  hi - lo, Points: points, JSONBytes: len(body), GzipBytes: zipped, First: lo,
	})
	return nil
}

func (sp *splitter) tooLarge(i, size int, what string, limit int) error {
	return &ConfigError{Setting: SettingTemplate, Msg: fmt.Sprintf("metric %q alone makes a request of %d %s, over the intake's limit of %d; it has too many tags or points: use fewer points or fewer tags", sp.series[i].Metric, size, what, limit)}
}

func (sp *splitter) body(lo, hi int) []byte {
	sp.buf.Reset()
	sp.buf.Write(payloadHead)
	for i := lo; i < hi; i++ {
		if i > lo {
			sp.buf.WriteByte(',')
		}
		sp.buf.Write(sp.enc[i])
	}
	sp.buf.Write(payloadTail)
	return sp.buf.Bytes()
}

// gzipSize compresses like the client does (gzip.NewWriter, default level)
// and counts the bytes.
func (sp *splitter) gzipSize(body []byte) int {
	var n countWriter
	sp.gz.Reset(&n)
	_, _ = sp.gz.Write(body)
	_ = sp.gz.Close()
	return int(n)
}

type countWriter int

func (c *countWriter) Write(p []byte) (int, error) {
	*c += countWriter(len(p))
	return len(p), nil
}
