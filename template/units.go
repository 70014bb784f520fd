package template

import (
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Units is Datadog's fixed list of metric units, by family: the units
// catalog that `ddev validate metadata` checks metadata.csv against, as the
// metrics units page of the Datadog documentation groups it.
var Units = map[string][]string{
	"Bytes":       {"bit", "byte", "kibibyte", "mebibyte", "gibibyte", "tebibyte", "pebibyte", "exbibyte"},
	"Cache":       {"eviction", "get", "hit", "miss", "set"},
	"CPU":         {"nanocore", "microcore", "millicore", "kilocore", "megacore", "gigacore", "teracore", "petacore", "exacore"},
	"Database":    {"assertion", "column", "command", "commit", "cursor", "document", "fetch", "flush", "index", "key", "lock", "merge", "object", "offset", "query", "question", "record", "refresh", "row", "scan", "shard", "table", "ticket", "transaction", "wait"},
	"Disk":        {"block", "file", "inode", "sector"},
	"Electricity": {"milliampere", "ampere", "millivolt", "volt"},
	"Frequency":   {"hertz", "kilohertz", "megahertz", "gigahertz"},
	"General":     {"attempt", "buffer", "build", "check", "container", "device", "email", "error", "event", "execution", "garbage collection", "heap", "invocation", "item", "job", "location", "method", "monitor", "occurrence", "operation", "prediction", "read", "resource", "sample", "stage", "success", "task", "throttle", "time", "unit", "update", "user", "view", "volume", "worker", "write"},
	"Logging":     {"entry"},
	"Memory":      {"page", "split"},
	"Money":       {"cent", "dollar", "microdollar", "euro", "pound", "penny", "yen"},
	"Network":     {"connection", "datagram", "hop", "message", "packet", "payload", "request", "response", "route", "segment", "session", "timeout"},
	"Percentage":  {"apdex", "fraction", "percent", "percent_nano"},
	"Power":       {"nanowatt", "microwatt", "milliwatt", "deciwatt", "watt", "kilowatt", "megawatt", "gigawatt", "terawatt"},
	"System":      {"core", "cpu", "fault", "host", "instance", "node", "process", "service", "thread"},
	"Temperature": {"decidegree celsius", "degree celsius", "degree fahrenheit"},
	"Time":        {"nanosecond", "microsecond", "millisecond", "second", "minute", "hour", "day", "week"},
	"Tracing":     {"span"},
}

// UnitFamilies lists the families of Units in the order a unit picker shows
// them: the most used first.
var UnitFamilies = []string{"Time", "Bytes", "General", "Network", "Database", "Percentage", "Cache", "Disk",
	"Frequency", "Memory", "Money", "System", "CPU", "Power", "Electricity", "Temperature", "Logging", "Tracing"}

// unitSet is built on first use, not at start.
var unitSet = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for _, us := range Units {
		for _, u := range us {
			m[u] = true
		}
	}
	return m
})

// IsUnit reports whether u is one of Datadog's units.
func IsUnit(u string) bool { return unitSet()[u] }

// unitAbbreviations are the short forms Datadog's units page shows next to
// each unit, and the ones people commonly type instead.
var unitAbbreviations = map[string]string{
	"b": "byte", "kb": "kibibyte", "kib": "kibibyte", "mb": "mebibyte", "mib": "mebibyte", "gb": "gibibyte",
	"gib": "gibibyte", "tb": "tebibyte", "tib": "tebibyte", "pb": "pebibyte", "pib": "pebibyte", "eb": "exbibyte", "eib": "exbibyte",
	"ns": "nanosecond", "nsec": "nanosecond", "nanos": "nanosecond", "us": "microsecond", "µs": "microsecond", "μs": "microsecond",
	"usec": "microsecond", "micros": "microsecond", "ms": "millisecond", "msec": "millisecond", "millis": "millisecond",
	"s": "second", "sec": "second", "min": "minute", "h": "hour", "hr": "hour", "d": "day", "wk": "week",
	"%": "percent", "pct": "percent", "n%": "percent_nano",
	"conn": "connection", "req": "request", "pkt": "packet", "seg": "segment", "rsp": "response", "msg": "message",
	"proc": "process", "svc": "service", "blk": "block", "err": "error", "rd": "read", "wr": "write", "op": "operation",
	"ops": "operation", "res": "resource", "gc": "garbage collection", "smpl": "sample", "dev": "device", "up": "update",
	"mthd": "method", "$": "dollar", "usd": "dollar", "¢": "cent", "hz": "hertz", "khz": "kilohertz", "mhz": "megahertz",
	"ghz": "gigahertz", "w": "watt", "kw": "kilowatt", "a": "ampere", "ma": "milliampere", "v": "volt", "mv": "millivolt",
}

// NearestUnits lists Datadog's units nearest to u, nearest first (at most
// three): the unit an abbreviation or plural stands for, else the units
// nearest in edits to it or that start with it. It returns nothing when no
// unit is near.
func NearestUnits(u string) []string {
	in := strings.ToLower(strings.TrimSpace(u))
	if in == "" {
		return nil
	}
	if IsUnit(in) {
		return []string{in}
	}
	if full, ok := unitAbbreviations[in]; ok {
		return []string{full}
	}
	for _, singular := range []string{strings.TrimSuffix(in, "s"), strings.TrimSuffix(in, "es")} {
		if singular != in && IsUnit(singular) {
			return []string{singular}
		}
		if full, ok := unitAbbreviations[singular]; ok && singular != in {
			return []string{full}
		}
	}
	type candidate struct {
		unit   string
		dist   int
		prefix bool
	}
	n := utf8.RuneCountInString(in)
	limit := 1
	switch {
	case n > 6:
		limit = 3
	case n > 3:
		limit = 2
	}
	var cs []candidate
	for unit := range unitSet() {
		prefix := n >= 3 && strings.HasPrefix(unit, in)
		d := editDistance(in, unit)
		if d <= limit || prefix {
			cs = append(cs, candidate{unit, d, prefix})
		}
	}
	sort.Slice(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if a.dist != b.dist {
			return a.dist < b.dist
		}
		if a.prefix != b.prefix {
			return a.prefix
		}
		return a.unit < b.unit
	})
	// Only the nearest: a unit one edit away makes those three edits away
	// noise. Units the input starts stay, as an abbreviation of them.
	var out []string
	for _, c := range cs {
		if len(out) == 3 || (c.dist > cs[0].dist && !c.prefix) {
			continue
		}
		out = append(out, c.unit)
	}
	return out
}

// editDistance is the optimal string alignment distance between a and b:
// insertions, deletions, substitutions and swaps of two neighbours, each
// one edit, counted in characters.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// UnknownUnitMessage explains that u is not one of Datadog's units and names
// the nearest ones, for findings and for the studio's unit field.
func UnknownUnitMessage(u string) string {
	msg := strconv.Quote(u) + " is not one of Datadog's units, which metadata.csv requires"
	switch near := NearestUnits(u); len(near) {
	case 0:
		return msg + "; leave it empty or pick one such as millisecond, byte or request"
	case 1:
		return msg + "; did you mean " + strconv.Quote(near[0]) + "?"
	default:
		quoted := make([]string, len(near))
		for i, n := range near {
			quoted[i] = strconv.Quote(n)
		}
		return msg + "; the nearest are " + strings.Join(quoted[:len(quoted)-1], ", ") + " and " + quoted[len(quoted)-1]
	}
}
