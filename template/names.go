package template

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Datadog's limits on names and tags.
const (
	MaxNameLength      = 200
	AdvisedNameLength  = 100
	MaxTagLength       = 200
	MaxDatagramPayload = 1432
)

// ReservedTagKeys are the tag keys Datadog reserves to tie metrics, traces
// and logs together (docs.datadoghq.com getting_started/tagging, "reserved
// tag keys"). A key such as team is only a convention, not reserved.
var ReservedTagKeys = map[string]string{
	"host":    "the host a series comes from; Datadog sets it",
	"device":  "the device a series comes from",
	"source":  "the integration a series comes from",
	"service": "unified service tagging",
	"env":     "unified service tagging",
	"version": "unified service tagging",
}

// NameProblem is one way a metric name or tag breaks Datadog's rules.
type NameProblem struct {
	Code     string
	Severity Severity
	Message  string
	// Rewrite is what Datadog would turn the name into, when it rewrites it.
	Rewrite string
}

func isASCIILetter(r rune) bool { return r < utf8.RuneSelf && (r|0x20) >= 'a' && (r|0x20) <= 'z' }
func isASCIIDigit(r rune) bool  { return r >= '0' && r <= '9' }

func metricNameRune(r rune) bool { return isASCIILetter(r) || isASCIIDigit(r) || r == '_' || r == '.' }

// NormalizeMetricName is the name Datadog stores for a submitted name: every
// character outside [A-Za-z0-9_.] becomes '_'.
func NormalizeMetricName(name string) string {
	i := 0
	for i < len(name) && metricNameRune(rune(name[i])) {
		i++
	}
	if i == len(name) {
		return name
	}
	var b strings.Builder
	b.Grow(len(name))
	for _, r := range name {
		if metricNameRune(r) {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// CheckMetricName lists what is wrong with a metric name.
func CheckMetricName(name string) []NameProblem {
	if strings.TrimSpace(name) == "" {
		return []NameProblem{{Code: "metric-name-empty", Severity: Error, Message: "the metric name is empty; give it a dotted name such as checkout.items"}}
	}
	var out []NameProblem
	first, _ := utf8.DecodeRuneInString(name)
	if !isASCIILetter(first) {
		out = append(out, NameProblem{Code: "metric-name-start", Severity: Error,
			Message: "a metric name must start with a letter (a-z, A-Z); put a prefix such as app. in front"})
	}
	if msg := ControlMessage("the name", name, false); msg != "" {
		out = append(out, NameProblem{Code: "control-character", Severity: Error, Message: msg, Rewrite: NormalizeMetricName(name)})
	} else if norm := NormalizeMetricName(name); norm != name {
		out = append(out, NameProblem{Code: "metric-name-chars", Severity: Error,
			Message: "a metric name may hold only ASCII letters, digits, '_' and '.'",
			Rewrite: norm})
	}
	if n := len(name); n > MaxNameLength {
		out = append(out, NameProblem{Code: "metric-name-length", Severity: Error,
			Message: "the metric name is " + strconv.Itoa(n) + " characters; Datadog accepts at most 200 (under 100 is advised)"})
	} else if n > AdvisedNameLength {
		out = append(out, NameProblem{Code: "metric-name-long", Severity: Warning,
			Message: "the metric name is " + strconv.Itoa(n) + " characters; Datadog advises under 100"})
	}
	return out
}

func tagRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '-' || r == ':' || r == '.' || r == '/'
}

// TagKey returns the key of a tag: what stands before the first ':' (the
// whole tag for a bare tag).
func TagKey(tag string) string {
	if i := strings.IndexByte(tag, ':'); i >= 0 {
		return tag[:i]
	}
	return tag
}

// TagValue returns what stands after the first ':' ("" for a bare tag).
func TagValue(tag string) string {
	if i := strings.IndexByte(tag, ':'); i >= 0 {
		return tag[i+1:]
	}
	return ""
}

// NormalizeTag is the tag Datadog stores for a submitted tag: lowercased
// (the values of host and device excepted), characters outside letters,
// digits and _-:./ become '_', runs of '_' fold into one, a trailing '_' is
// dropped, and the whole is cut to 200 characters.
func NormalizeTag(tag string) string {
	if isNormalTag(tag) {
		return tag
	}
	key := TagKey(tag)
	keepCase := strings.Contains(tag, ":") && (strings.EqualFold(key, "host") || strings.EqualFold(key, "device"))
	var b strings.Builder
	b.Grow(len(tag))
	lastUnderscore := false
	for i, r := range tag {
		if !keepCase || i <= len(key) {
			r = unicode.ToLower(r)
		}
		if !tagRune(r) {
			r = '_'
		}
		if r == '_' {
			if lastUnderscore {
				continue
			}
			lastUnderscore = true
		} else {
			lastUnderscore = false
		}
		b.WriteRune(r)
	}
	out := strings.TrimRight(b.String(), "_")
	if utf8.RuneCountInString(out) > MaxTagLength {
		out = string([]rune(out)[:MaxTagLength])
	}
	return out
}

// isNormalTag is the common case NormalizeTag leaves as it is: lowercase
// ASCII letters, digits and _-:./, no run of '_', none at the end.
func isNormalTag(tag string) bool {
	if len(tag) > MaxTagLength {
		return false
	}
	for i := 0; i < len(tag); i++ {
		switch c := tag[i]; {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-', c == ':', c == '.', c == '/':
		case c == '_':
			if i == len(tag)-1 || tag[i+1] == '_' {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// CheckTag lists what is wrong with a tag. statsd is true when the tag goes
// into a DogStatsD datagram, where ',' '|' and '#' break the line.
func CheckTag(tag string, statsd bool) []NameProblem {
	if strings.TrimSpace(tag) == "" {
		return []NameProblem{{Code: "tag-empty", Severity: Error, Message: "the tag is empty; remove it or write key:value"}}
	}
	var out []NameProblem
	first, _ := utf8.DecodeRuneInString(tag)
	if !unicode.IsLetter(first) {
		out = append(out, NameProblem{Code: "tag-start", Severity: Error,
			Message: "a tag must start with a letter; Datadog drops or rewrites it"})
	}
	if statsd && strings.ContainsAny(tag, ",|#") {
		out = append(out, NameProblem{Code: "tag-statsd-char", Severity: Error,
			Message: "',' '|' and '#' break a DogStatsD datagram; remove them from the tag"})
	}
	if n := utf8.RuneCountInString(tag); n > MaxTagLength {
		out = append(out, NameProblem{Code: "tag-length", Severity: Error,
			Message: "the tag is " + strconv.Itoa(n) + " characters; Datadog keeps only the first 200", Rewrite: NormalizeTag(tag)})
	}
	if strings.HasSuffix(tag, ":") {
		out = append(out, NameProblem{Code: "tag-trailing-colon", Severity: Warning,
			Message: "the tag ends with ':' so its value is empty; give it a value or drop the ':'"})
	}
	if msg := ControlMessage("the tag", tag, false); msg != "" {
		out = append(out, NameProblem{Code: "control-character", Severity: Error, Message: msg, Rewrite: NormalizeTag(tag)})
	} else if norm := NormalizeTag(tag); norm != tag && utf8.RuneCountInString(tag) <= MaxTagLength {
		code, msg := "tag-chars", "Datadog rewrites this tag (allowed: letters, digits and _ - : . /; runs of _ fold, a trailing _ is dropped)"
		if strings.EqualFold(norm, tag) {
			code, msg = "tag-case", "Datadog lowercases tags; write it in lowercase so queries match what you see"
		}
		out = append(out, NameProblem{Code: code, Severity: Warning, Message: msg, Rewrite: norm})
	}
	key := strings.ToLower(TagKey(tag))
	if why, ok := ReservedTagKeys[key]; ok && strings.Contains(tag, ":") {
		out = append(out, NameProblem{Code: "tag-reserved", Severity: Warning,
			Message: "'" + key + "' is a reserved tag key (" + why + "): make its value match what the rest of your telemetry uses, or queries will split"})
	}
	if LooksUnbounded(key) {
		out = append(out, NameProblem{Code: "tag-unbounded", Severity: Warning,
			Message: "'" + key + "' looks like an unbounded tag key: every distinct value is a new billable custom metric; tag with a bounded category instead"})
	}
	return out
}

// unboundedByLast lists unboundedNames by their last letter.
var unboundedByLast = func() (m [256][]string) {
	for _, n := range unboundedNames {
		m[n[len(n)-1]] = append(m[n[len(n)-1]], n)
	}
	return m
}()

// unboundedNames are the key names (or last parts of a key, after one of
// _ . - /) that usually take a new value on every request. Matching ignores
// case, as Unicode folds it.
var unboundedNames = []string{
	"user", "userid", "user_id", "username", "user_name", "uid",
	"request", "requestid", "request_id", "reqid", "req_id",
	"session", "sessionid", "session_id", "sid", "uuid", "guid",
	"mail", "email", "email_address",
	"ip", "ipaddr", "ip_addr", "ipaddress", "ip_address", "clientip", "client_ip", "remoteaddr", "remote_addr",
	"timestamp", "ts", "time", "date", "datetime",
	"trace", "traceid", "trace_id", "span", "spanid", "span_id", "correlation", "correlationid", "correlation_id",
	"orderid", "order_id", "transactionid", "transaction_id", "txn", "txnid", "txn_id",
	"customerid", "customer_id", "accountid", "account_id", "cartid", "cart_id",
	"token", "url", "uri", "query",
}

// LooksUnbounded reports whether a tag key names something that usually has
// a new value on every request (ids, emails, addresses, times, URLs).
func LooksUnbounded(key string) bool {
	if strings.EqualFold(key, "id") {
		return true
	}
	names := unboundedNames
	if last := key[len(key)-min(len(key), 1):]; last != "" && last[0] < utf8.RuneSelf {
		// Only the names that end in this letter can match.
		names = unboundedByLast[last[0]|0x20]
	}
	for _, name := range names {
		if rest, ok := cutFoldSuffix(key, name); ok {
			if rest == "" {
				return true
			}
			switch rest[len(rest)-1] {
			case '_', '.', '-', '/':
				return true
			}
		}
	}
	return false
}

// cutFoldSuffix reports whether s ends with the ASCII word suffix, ignoring
// case as Unicode folds it (so the Kelvin sign stands for k), and returns
// what is before it.
func cutFoldSuffix(s, suffix string) (string, bool) {
	i := len(s)
	for j := len(suffix) - 1; j >= 0; j-- {
		if i == 0 {
			return "", false
		}
		r, w := utf8.DecodeLastRuneInString(s[:i])
		if !foldsTo(r, rune(suffix[j])) {
			return "", false
		}
		i -= w
	}
	return s[:i], true
}

// foldsTo reports whether r is the ASCII letter or digit a under Unicode
// simple case folding.
func foldsTo(r, a rune) bool {
	if r == a {
		return true
	}
	if r < utf8.RuneSelf {
		return 'A' <= r && r <= 'Z' && r+'a'-'A' == a
	}
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if f == a {
			return true
		}
	}
	return false
}

// controlNames are the short names of the C0 and C1 control characters, as
// terminals and Unicode call them.
var controlNames = [...]string{
	"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "TAB", "LF", "VT", "FF", "CR", "SO", "SI",
	"DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US",
	"PAD", "HOP", "BPH", "NBH", "IND", "NEL", "SSA", "ESA", "HTS", "HTJ", "VTS", "PLD", "PLU", "RI", "SS2", "SS3",
	"DCS", "PU1", "PU2", "STS", "CCH", "MW", "SPA", "EPA", "SOS", "SGC", "SCI", "CSI", "ST", "OSC", "PM", "APC",
}

var bidiNames = map[rune]string{
	0x202a: "LEFT-TO-RIGHT EMBEDDING", 0x202b: "RIGHT-TO-LEFT EMBEDDING", 0x202c: "POP DIRECTIONAL FORMATTING",
	0x202d: "LEFT-TO-RIGHT OVERRIDE", 0x202e: "RIGHT-TO-LEFT OVERRIDE", 0x2066: "LEFT-TO-RIGHT ISOLATE",
	0x2067: "RIGHT-TO-LEFT ISOLATE", 0x2068: "FIRST STRONG ISOLATE", 0x2069: "POP DIRECTIONAL ISOLATE",
}

// hasControl is HasControl, or with lines HasControl allowing newline and
// tab, without decoding plain ASCII.
func hasControl(s string, lines bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x20 && c < 0x7f:
		case lines && (c == '\n' || c == '\t'):
		case c < 0x80:
			return true
		default:
			r, w := utf8.DecodeRuneInString(s[i:])
			if (r == utf8.RuneError && w == 1) || isControl(r) {
				return true
			}
			i += w - 1
		}
	}
	return false
}

// ControlMessage says what is wrong with s when it holds a character that
// HasControl objects to (lines allows newline and tab, for multi-line text
// such as an event's), naming the first such character and where it is,
// e.g. `the tag holds the control character \x1b (ESC) at character 13: a
// terminal that shows it obeys it instead of showing it; remove it`. It
// returns "" when s is clean. subject names the value: "the tag".
func ControlMessage(subject, s string, lines bool) string {
	if !hasControl(s, lines) {
		return ""
	}
	first, pos, n := "", 0, 0
	var why string
	chars := 0
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		chars++
		bad := (r == utf8.RuneError && w == 1) || (isControl(r) && !(lines && (r == '\n' || r == '\t')))
		if bad {
			if n == 0 {
				pos = chars
				switch {
				case r == utf8.RuneError && w == 1:
					first = fmt.Sprintf(`the byte \x%02x, which is not UTF-8,`, s[i])
					why = "it is not text, so Datadog and terminals show it garbled"
				case bidiNames[r] != "":
					first = fmt.Sprintf(`the character \u%04x (%s)`, r, bidiNames[r])
					why = "it makes the text show in another order than it is written"
				case r == 0x7f:
					first = `the control character \x7f (DEL)`
					why = "a terminal that shows it obeys it instead of showing it"
				case r < 0x20:
					first = fmt.Sprintf(`the control character \x%02x (%s)`, r, controlNames[r])
					why = "a terminal that shows it obeys it instead of showing it"
				default:
					first = fmt.Sprintf(`the control character \u%04x (%s)`, r, controlNames[r-0x80+0x20])
					why = "a terminal that shows it obeys it instead of showing it"
				}
			}
			n++
		}
		i += w
	}
	if n == 0 {
		return ""
	}
	more, fix := "", "remove it"
	if n > 1 {
		more, fix = fmt.Sprintf(" (and %d more)", n-1), "remove them"
	}
	return fmt.Sprintf("%s holds %s at character %d%s: %s; %s", subject, first, pos, more, why, fix)
}
