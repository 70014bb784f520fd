package template

import (
	"fmt"
	"regexp"
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
	var b strings.Builder
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
	key := TagKey(tag)
	keepCase := strings.Contains(tag, ":") && (strings.EqualFold(key, "host") || strings.EqualFold(key, "device"))
	var b strings.Builder
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

var unboundedKey = regexp.MustCompile(`(?i)(^|[_.\-/])(user(_?id|name)?|uid|request(_?id)?|req_?id|session(_?id)?|sid|uuid|guid|e?mail|email_address|ip|ip_?addr(ess)?|client_?ip|remote_?addr|timestamp|ts|time|date|datetime|trace(_?id)?|span(_?id)?|correlation(_?id)?|order_?id|transaction_?id|txn(_?id)?|customer_?id|account_?id|cart_?id|token|url|uri|query)$`)

// LooksUnbounded reports whether a tag key names something that usually has
// a new value on every request (ids, emails, addresses, times, URLs).
func LooksUnbounded(key string) bool {
	return strings.EqualFold(key, "id") || unboundedKey.MatchString(key)
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

// ControlMessage says what is wrong with s when it holds a character that
// HasControl objects to (lines allows newline and tab, for multi-line text
// such as an event's), naming the first such character and where it is,
// e.g. `the tag holds the control character \x1b (ESC) at character 13: a
// terminal that shows it obeys it instead of showing it; remove it`. It
// returns "" when s is clean. subject names the value: "the tag".
func ControlMessage(subject, s string, lines bool) string {
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
