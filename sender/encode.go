package sender

import (
	"encoding/json"
	"math"
	"strconv"

	"github.com/DataDog/datadog-api-client-go/v2/api/datadogV2"
)

// A send encodes each series to JSON once. The client's own encoding goes
// through a map per series and per point (MarshalJSON builds
// map[string]interface{} and marshals it), so sizing batches with it and
// then letting the client encode them again cost most of a send's time.
// appendSeries writes the very bytes the client writes, and the client is
// handed them as they are (see rawPayload); encodeSeries falls back to the
// client's own encoding for anything it does not write itself.

// encodeSeries appends the JSON of one series exactly as the client's
// encoder writes it: keys in sorted order (it marshals a map), strings
// and numbers as encoding/json writes them.
func encodeSeries(buf []byte, s *datadogV2.MetricSeries) ([]byte, error) {
	if !plainSeries(s) {
		b, err := json.Marshal(s)
		return append(buf, b...), err
	}
	buf = append(buf, '{')
	if s.Interval != nil {
		buf = append(buf, `"interval":`...)
		buf = strconv.AppendInt(buf, *s.Interval, 10)
		buf = append(buf, ',')
	}
	buf = append(buf, `"metric":`...)
	buf = appendString(buf, s.Metric)
	buf = append(buf, `,"points":`...)
	if s.Points == nil {
		buf = append(buf, "null"...)
	} else {
		buf = append(buf, '[')
		for i, p := range s.Points {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = append(buf, '{')
			if p.Timestamp != nil {
				buf = append(buf, `"timestamp":`...)
				buf = strconv.AppendInt(buf, *p.Timestamp, 10)
			}
			if p.Value != nil {
				if p.Timestamp != nil {
					buf = append(buf, ',')
				}
				buf = append(buf, `"value":`...)
				buf = appendFloat(buf, *p.Value)
			}
			buf = append(buf, '}')
		}
		buf = append(buf, ']')
	}
	if s.Resources != nil {
		buf = append(buf, `,"resources":[`...)
		for i, r := range s.Resources {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = append(buf, '{')
			if r.Name != nil {
				buf = append(buf, `"name":`...)
				buf = appendString(buf, *r.Name)
			}
			if r.Type != nil {
				if r.Name != nil {
					buf = append(buf, ',')
				}
				buf = append(buf, `"type":`...)
				buf = appendString(buf, *r.Type)
			}
			buf = append(buf, '}')
		}
		buf = append(buf, ']')
	}
	if s.Tags != nil {
		buf = append(buf, `,"tags":[`...)
		for i, t := range s.Tags {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = appendString(buf, t)
		}
		buf = append(buf, ']')
	}
	if s.Type != nil {
		buf = append(buf, `,"type":`...)
		buf = strconv.AppendInt(buf, int64(*s.Type), 10)
	}
	if s.Unit != nil {
		buf = append(buf, `,"unit":`...)
		buf = appendString(buf, *s.Unit)
	}
	return append(buf, '}'), nil
}

// plainSeries reports whether a series holds only what encodeSeries
// writes itself.
func plainSeries(s *datadogV2.MetricSeries) bool {
	if s.Metadata != nil || s.SourceTypeName != nil || s.UnparsedObject != nil || len(s.AdditionalProperties) > 0 {
		return false
	}
	for _, p := range s.Points {
		if p.UnparsedObject != nil || len(p.AdditionalProperties) > 0 {
			return false
		}
	}
	for _, r := range s.Resources {
		if r.UnparsedObject != nil || len(r.AdditionalProperties) > 0 {
			return false
		}
	}
	return true
}

// appendString writes a string as encoding/json does. Names and tags are
// plain ASCII almost always and are copied as they are; anything else
// (quotes, <, >, &, control characters, non-ASCII) is left to
// encoding/json itself, so its escaping rules are followed exactly.
func appendString(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			b, _ := json.Marshal(s)
			return append(buf, b...)
		}
	}
	buf = append(buf, '"')
	buf = append(buf, s...)
	return append(buf, '"')
}

// appendFloat writes a float64 as encoding/json does: the shortest 'f'
// form between 1e-6 and 1e21, exponent form (which json cleans up) left to
// encoding/json itself. NaN and infinities are refused before any series
// is built.
func appendFloat(buf []byte, f float64) []byte {
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) || math.IsNaN(f) || math.IsInf(f, 0) {
		b, _ := json.Marshal(f)
		return append(buf, b...)
	}
	return strconv.AppendFloat(buf, f, 'f', -1, 64)
}
