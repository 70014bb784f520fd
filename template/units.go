package template

// Units is Datadog's fixed list of metric units, by family.
var Units = map[string][]string{
	"Bytes":      {"bit", "byte", "kibibyte", "mebibyte", "gibibyte", "tebibyte", "pebibyte", "exbibyte"},
	"Cache":      {"eviction", "get", "hit", "miss", "set"},
	"Database":   {"assertion", "column", "command", "commit", "cursor", "document", "fetch", "flush", "index", "key", "lock", "merge", "object", "offset", "query", "question", "record", "refresh", "row", "scan", "shard", "table", "ticket", "transaction", "wait"},
	"Disk":       {"block", "file", "inode", "sector"},
	"Frequency":  {"hertz", "kilohertz", "megahertz", "gigahertz"},
	"General":    {"buffer", "check", "email", "error", "event", "garbage", "collection", "item", "location", "monitor", "occurrence", "operation", "read", "resource", "sample", "stage", "task", "time", "unit", "worker", "write"},
	"Memory":     {"page", "split"},
	"Money":      {"cent", "dollar"},
	"Network":    {"connection", "datagram", "message", "packet", "payload", "request", "response", "segment", "timeout"},
	"Percentage": {"apdex", "fraction", "percent", "percent_nano"},
	"System":     {"core", "fault", "host", "instance", "node", "process", "service", "thread"},
	"Time":       {"microsecond", "millisecond", "second", "minute", "hour", "day", "week"},
}

var unitSet = func() map[string]bool {
	m := map[string]bool{}
	for _, us := range Units {
		for _, u := range us {
			m[u] = true
		}
	}
	return m
}()

// IsUnit reports whether u is one of Datadog's units.
func IsUnit(u string) bool { return unitSet[u] }
