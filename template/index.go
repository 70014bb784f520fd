package template

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// The index is the layout of a document down to its metrics: the root
// object, processing.operations and each operation, each operation's
// metrics list, and x-rk-tui.metrics. Every value below that (a metric, a
// metadata entry, aug, a tag list) is a leaf: only its extent is known. A
// leaf is what the Validator checks and caches as one piece.
//
// Building the index reads the whole document once and checks it is JSON,
// as strictly as encoding/json. Updating it after an edit reads only what
// changed: a value whose bytes are the same as before is taken over without
// being read again, wherever it moved.

// schema says what a place in the index holds, and so which containers are
// indexed further.
type schema uint8

const (
	sLeaf       schema = iota
	sRoot              // the template
	sProcessing        // processing
	sOperations        // processing.operations
	sOp                // one operation
	sOpMetrics         // an operation's metrics
	sExt               // x-rk-tui
	sExtMetrics        // x-rk-tui.metrics
)

// container is the JSON container a place is indexed as ('{' or '['), or 0
// for a leaf. A value of another kind at that place is a leaf.
func (s schema) container() byte {
	switch s {
	case sRoot, sProcessing, sOp, sExt, sExtMetrics:
		return '{'
	case sOperations, sOpMetrics:
		return '['
	}
	return 0
}

func (s schema) member(key string) schema {
	switch {
	case s == sRoot && key == "processing":
		return sProcessing
	case s == sRoot && key == ExtensionKey:
		return sExt
	case s == sProcessing && key == "operations":
		return sOperations
	case s == sOp && key == "metrics":
		return sOpMetrics
	case s == sExt && key == "metrics":
		return sExtMetrics
	}
	return sLeaf
}

func (s schema) element() schema {
	if s == sOperations {
		return sOp
	}
	return sLeaf
}

// node is one value of the index.
type node struct {
	// keyStart is where an object member's key starts; for an array element
	// or the root it is start. start and end delimit the value.
	keyStart, start, end int
	key                  string // the member's key, unescaped
	path                 string // the value's path, as findings name it
	schema               schema
	// expanded tells whether kids lists the members or elements.
	expanded bool
	// repeated is set on an object that holds a key twice, or an empty key:
	// gjson paths cannot tell such members apart.
	repeated bool
	kids     []*node
	unit     *unitCache // what the Validator found in this value
}

// maxDepth is encoding/json's limit on nesting.
const maxDepth = 10000

// buildIndex indexes a whole document. It fails on anything but one JSON
// object.
func buildIndex(doc string) (node, bool) {
	i := skipSpace(doc, 0)
	if i >= len(doc) || doc[i] != '{' {
		return node{}, false
	}
	root, end, ok := parseNode(doc, i, i, "", "", sRoot, 0)
	if !ok || skipSpace(doc, end) != len(doc) {
		return node{}, false
	}
	return root, true
}

// parseNode reads the value at start (its key, if any, at keyStart) and
// returns its node and the offset after it. depth counts the containers
// around it.
func parseNode(doc string, keyStart, start int, key, path string, sch schema, depth int) (node, int, bool) {
	n := node{keyStart: keyStart, start: start, key: key, path: path, schema: sch}
	open := sch.container()
	if open == 0 || start >= len(doc) || doc[start] != open {
		end, ok := scanValue(doc, start, depth)
		n.end = end
		return n, end, ok
	}
	if depth+1 > maxDepth {
		return n, 0, false
	}
	n.expanded = true
	closing := open + 2 // '}' follows '{' by two, ']' follows '['
	i := skipSpace(doc, start+1)
	if i < len(doc) && doc[i] == closing {
		n.end = i + 1
		return n, n.end, true
	}
	for idx := 0; ; idx++ {
		var kid node
		var ok bool
		if open == '{' {
			k, vs, good := scanMember(doc, i)
			if !good {
				return n, 0, false
			}
			kid, i, ok = parseNode(doc, i, vs, k, childPath(path, pathKey(k)), sch.member(k), depth+1)
		} else {
			kid, i, ok = parseNode(doc, i, i, "", childPath(path, strconv.Itoa(idx)), sch.element(), depth+1)
		}
		if !ok {
			return n, 0, false
		}
		n.kids = append(n.kids, &kid)
		if i = skipSpace(doc, i); i >= len(doc) {
			return n, 0, false
		}
		if doc[i] == ',' {
			i = skipSpace(doc, i+1)
			continue
		}
		if doc[i] != closing {
			return n, 0, false
		}
		n.end = i + 1
		break
	}
	if open == '{' {
		n.repeated = repeatsKeys(n.kids)
	}
	return n, n.end, true
}

// childPath is the path of a member or element seg of the value at path.
func childPath(path, seg string) string {
	if path == "" {
		return seg
	}
	return path + "." + seg
}

// pathKey is Key without the copy for the usual ASCII key that needs no
// escape.
func pathKey(k string) string {
	for i := 0; i < len(k); i++ {
		if pathSyntax(k[i]) {
			return Key(k)
		}
		if k[i] >= utf8.RuneSelf {
			return Key(k) // which writes bytes that are not UTF-8 as U+FFFD
		}
	}
	return k
}

func repeatsKeys(kids []*node) bool {
	if len(kids) <= 16 {
		for i := range kids {
			if kids[i].key == "" {
				return true
			}
			for j := 0; j < i; j++ {
				if kids[j].key == kids[i].key {
					return true
				}
			}
		}
		return false
	}
	seen := make(map[string]struct{}, len(kids))
	for i := range kids {
		if _, dup := seen[kids[i].key]; dup || kids[i].key == "" {
			return true
		}
		seen[kids[i].key] = struct{}{}
	}
	return false
}

// member returns the first member of an indexed object with this key.
func (n *node) member(key string) *node {
	if !n.expanded {
		return nil
	}
	for i := range n.kids {
		if n.kids[i].key == key {
			return n.kids[i]
		}
	}
	return nil
}

// shift moves a node and everything in it by d bytes.
func (n *node) shift(d int) {
	if d == 0 {
		return
	}
	n.keyStart += d
	n.start += d
	n.end += d
	for i := range n.kids {
		n.kids[i].shift(d)
	}
}

// repath gives a node, and everything in it, the path p.
func (n *node) repath(p string) {
	if n.path == p {
		return
	}
	n.path = p
	for i := range n.kids {
		if n.schema.container() == '{' {
			n.kids[i].repath(childPath(p, pathKey(n.kids[i].key)))
		} else {
			n.kids[i].repath(childPath(p, strconv.Itoa(i)))
		}
	}
}

// updater brings an index of old up to date with new.
type updater struct {
	old, new string
	// Bytes before prefix are the same in both; so are old bytes from
	// suffix on and new bytes from suffix+delta on.
	prefix, suffix, delta int
}

// updateIndex returns the index of new, taking over from the index of old
// every value whose bytes did not change. It takes the old index apart: only
// the index it returns is valid afterwards.
func updateIndex(old, new string, root *node) (node, bool) {
	p := commonPrefix(old, new)
	s := commonSuffix(old[p:], new[p:])
	u := &updater{old: old, new: new, prefix: p, suffix: len(old) - s, delta: len(new) - len(old)}
	i := skipSpace(new, 0)
	if i >= len(new) || new[i] != '{' || !root.expanded {
		return node{}, false
	}
	n, end, ok := u.update(root, i, i, "", 0)
	if !ok || skipSpace(new, end) != len(new) {
		return node{}, false
	}
	return n, true
}

// update re-reads the indexed container o, now at start in new (its key at
// keyStart), reusing its unchanged members or elements.
func (u *updater) update(o *node, keyStart, start int, path string, depth int) (node, int, bool) {
	doc := u.new
	n := node{keyStart: keyStart, start: start, key: o.key, path: path, schema: o.schema, expanded: true}
	if depth+1 > maxDepth {
		return n, 0, false
	}
	open := o.schema.container()
	closing := open + 2
	i := skipSpace(doc, start+1)
	if i < len(doc) && doc[i] == closing {
		n.end = i + 1
		return n, n.end, true
	}
	samePath := path == o.path
	k := 0 // the next old kid not yet matched
	n.kids = make([]*node, 0, len(o.kids)+1)
	var fresh []int // kids read anew, whose keys may repeat another's
	for idx := 0; ; idx++ {
		var kid *node
		switch {
		case k < len(o.kids) && u.same(o.kids[k], i):
			// A member's path does not depend on its place; an element's does.
			kid = u.reuse(o.kids[k], i, path, idx, samePath && (open == '{' || idx == k))
			k++
		case k+1 < len(o.kids) && u.same(o.kids[k+1], i):
			// o.kids[k] was removed.
			kid = u.reuse(o.kids[k+1], i, path, idx, samePath && open == '{')
			k += 2
		default:
			key, vs := "", i
			seg := strconv.Itoa(idx)
			sch := o.schema.element()
			if open == '{' {
				var ok bool
				if key, vs, ok = scanMember(doc, i); !ok {
					return n, 0, false
				}
				seg, sch = pathKey(key), o.schema.member(key)
			}
			var ok bool
			var read node
			if k < len(o.kids) && o.kids[k].expanded && o.kids[k].key == key && vs < len(doc) && doc[vs] == sch.container() {
				// The same container, changed inside.
				read, _, ok = u.update(o.kids[k], i, vs, childPath(path, seg), depth+1)
				k++
			} else {
				var end int
				read, end, ok = parseNode(doc, i, vs, key, childPath(path, seg), sch, depth+1)
				if ok && k < len(o.kids) && !u.followedBy(end, o.kids[k]) {
					k++ // it replaced o.kids[k]; otherwise it was inserted before it
				}
			}
			if !ok {
				return n, 0, false
			}
			kid = &read
			fresh = append(fresh, len(n.kids))
		}
		n.kids = append(n.kids, kid)
		if i = skipSpace(doc, kid.end); i >= len(doc) {
			return n, 0, false
		}
		if doc[i] == ',' {
			i = skipSpace(doc, i+1)
			continue
		}
		if doc[i] != closing {
			return n, 0, false
		}
		n.end = i + 1
		break
	}
	if open == '{' {
		n.repeated = repeatsKeysAmong(n.kids, fresh, o.repeated)
	}
	return n, n.end, true
}

// repeatsKeysAmong is repeatsKeys for a container that had no repeated key
// before (wasRepeated false) and where only the kids at fresh were read
// anew: only those can repeat a key.
func repeatsKeysAmong(kids []*node, fresh []int, wasRepeated bool) bool {
	if wasRepeated || len(fresh) > 8 {
		return repeatsKeys(kids)
	}
	for _, f := range fresh {
		key := kids[f].key
		if key == "" {
			return true
		}
		for j, kid := range kids {
			if j != f && kid.key == key {
				return true
			}
		}
	}
	return false
}

// reuse takes over an old member or element, found again at i as the
// idx-th of the container at path.
func (u *updater) reuse(kid *node, i int, path string, idx int, samePath bool) *node {
	kid.shift(i - kid.keyStart)
	if !samePath {
		seg := strconv.Itoa(idx)
		if kid.keyStart != kid.start {
			seg = pathKey(kid.key)
		}
		kid.repath(childPath(path, seg))
	}
	return kid
}

// same reports whether the old member or element o, key and value, is
// found byte for byte at i in new.
func (u *updater) same(o *node, i int) bool {
	n := o.end - o.keyStart
	if i+n > len(u.new) {
		return false
	}
	switch {
	case i == o.keyStart && o.end <= u.prefix:
	case i-o.keyStart == u.delta && o.keyStart >= u.suffix:
	case u.old[o.keyStart:o.end] != u.new[i:i+n]:
		return false
	}
	// A number is only the same if it does not go on.
	if j := i + n; j < len(u.new) {
		switch u.new[j] {
		case ' ', '\t', '\n', '\r', ',', ']', '}':
		default:
			return false
		}
	}
	return true
}

// followedBy reports whether the old member or element o comes right after
// a member or element that ends at end.
func (u *updater) followedBy(end int, o *node) bool {
	j := skipSpace(u.new, end)
	if j >= len(u.new) || u.new[j] != ',' {
		return false
	}
	return u.same(o, skipSpace(u.new, j+1))
}

func commonPrefix(a, b string) int {
	n := min(len(a), len(b))
	i := 0
	for i+1024 <= n && a[i:i+1024] == b[i:i+1024] {
		i += 1024
	}
	for i+32 <= n && a[i:i+32] == b[i:i+32] {
		i += 32
	}
	for i < n && a[i] == b[i] {
		i++
	}
	return i
}

func commonSuffix(a, b string) int {
	n := min(len(a), len(b))
	i := 0
	for i+1024 <= n && a[len(a)-i-1024:len(a)-i] == b[len(b)-i-1024:len(b)-i] {
		i += 1024
	}
	for i+32 <= n && a[len(a)-i-32:len(a)-i] == b[len(b)-i-32:len(b)-i] {
		i += 32
	}
	for i < n && a[len(a)-i-1] == b[len(b)-i-1] {
		i++
	}
	return i
}

func skipSpace(s string, i int) int {
	for i < len(s) {
		switch s[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// scanMember reads `"key" :` at i and returns the unescaped key and where
// the value starts.
func scanMember(doc string, i int) (key string, value int, ok bool) {
	if i >= len(doc) || doc[i] != '"' {
		return "", 0, false
	}
	end, escaped, ok := scanString(doc, i)
	if !ok {
		return "", 0, false
	}
	if escaped {
		key = gjson.Parse(doc[i:end]).Str // unescaped as gjson does
	} else {
		key = strings.Clone(doc[i+1 : end-1])
	}
	j := skipSpace(doc, end)
	if j >= len(doc) || doc[j] != ':' {
		return "", 0, false
	}
	return key, skipSpace(doc, j+1), true
}

// scanString reads the string whose quote is at i and returns the offset
// after it and whether it holds escapes. It checks what encoding/json does:
// no raw control characters, only valid escapes.
func scanString(s string, i int) (end int, escaped, ok bool) {
	i++
	for {
		// Eight bytes at a time while none is a quote, a backslash or a
		// control character.
		for i+8 <= len(s) {
			x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
				uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
			if hasByteBelow(x, 0x20)|hasZeroByte(x^(lsb*'"'))|hasZeroByte(x^(lsb*'\\')) != 0 {
				break
			}
			i += 8
		}
		if i >= len(s) {
			return 0, false, false
		}
		switch c := s[i]; {
		case c == '"':
			return i + 1, escaped, true
		case c == '\\':
			escaped = true
			if i+1 >= len(s) {
				return 0, false, false
			}
			switch s[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(s) || !isHex(s[i+2]) || !isHex(s[i+3]) || !isHex(s[i+4]) || !isHex(s[i+5]) {
					return 0, false, false
				}
				i += 6
			default:
				return 0, false, false
			}
		case c < 0x20:
			return 0, false, false
		default:
			i++
		}
	}
}

const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// hasZeroByte is non-zero when a byte of x is zero; hasByteBelow when a
// byte is below n (n <= 128). Neither misses one; both may flag bytes above
// the first they find, which the byte loop then reads one by one.
func hasZeroByte(x uint64) uint64            { return (x - lsb) & ^x & msb }
func hasByteBelow(x uint64, n uint64) uint64 { return (x - lsb*n) & ^x & msb }

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c|0x20 >= 'a' && c|0x20 <= 'f')
}

// IsJSONNumber reports whether s is exactly one JSON number literal.
func IsJSONNumber(s string) bool {
	end, ok := scanNumber(s, 0)
	return ok && end == len(s)
}

func scanNumber(s string, i int) (int, bool) {
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i >= len(s):
		return 0, false
	case s[i] == '0':
		i++
	case s[i] >= '1' && s[i] <= '9':
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	default:
		return 0, false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	return i, true
}

// scanValue checks the JSON value at i, inside depth containers, and
// returns the offset after it.
func scanValue(s string, i int, depth int) (int, bool) {
	var buf [32]byte
	open := buf[:0] // the containers entered, innermost last
	for {
		// A value starts at i.
		if i >= len(s) {
			return 0, false
		}
		var ok bool
		switch c := s[i]; c {
		case '{', '[':
			if depth+len(open)+1 > maxDepth {
				return 0, false
			}
			i = skipSpace(s, i+1)
			if i < len(s) && s[i] == c+2 {
				i, ok = i+1, true
				break
			}
			open = append(open, c)
			if c == '{' {
				if _, i, ok = scanMemberLax(s, i); !ok {
					return 0, false
				}
			}
			continue
		case '"':
			i, _, ok = scanString(s, i)
		case 't':
			i, ok = scanLiteral(s, i, "true")
		case 'f':
			i, ok = scanLiteral(s, i, "false")
		case 'n':
			i, ok = scanLiteral(s, i, "null")
		default:
			i, ok = scanNumber(s, i)
		}
		if !ok {
			return 0, false
		}
		// After a value: close containers until the next value or the end.
		for {
			if len(open) == 0 {
				return i, true
			}
			if i = skipSpace(s, i); i >= len(s) {
				return 0, false
			}
			top := open[len(open)-1]
			if s[i] == top+2 {
				open = open[:len(open)-1]
				i++
				continue
			}
			if s[i] != ',' {
				return 0, false
			}
			i = skipSpace(s, i+1)
			if top == '{' {
				if _, i, ok = scanMemberLax(s, i); !ok {
					return 0, false
				}
			}
			break
		}
	}
}

// scanMemberLax is scanMember for keys nobody reads: it checks the key but
// does not unescape it.
func scanMemberLax(s string, i int) (string, int, bool) {
	if i >= len(s) || s[i] != '"' {
		return "", 0, false
	}
	end, _, ok := scanString(s, i)
	if !ok {
		return "", 0, false
	}
	j := skipSpace(s, end)
	if j >= len(s) || s[j] != ':' {
		return "", 0, false
	}
	return "", skipSpace(s, j+1), true
}

func scanLiteral(s string, i int, lit string) (int, bool) {
	if strings.HasPrefix(s[i:], lit) {
		return i + len(lit), true
	}
	return 0, false
}
