package template

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Text from a template, a file name or a server's answer is shown to a
// person in a terminal, where a control character is an instruction: ESC
// starts sequences that recolour the screen, move the cursor, retitle the
// window or set the clipboard (OSC 52). SafeText and SafeLine make such text
// inert by writing every control character as an escape (\x1b, \u009b), so
// the user sees what is there and the terminal obeys nothing. encoding/json
// escapes C0 controls itself but writes DEL, C1 controls and the bidi
// characters as they are: SafeJSON escapes those too.

// SafeText escapes control characters except newline and tab, for text of
// several lines (messages, request dumps).
func SafeText(s string) string { return escapeControls(s, true) }

// SafeLine escapes every control character, newline and tab included, for
// text that must stay on one line (names, tags, titles, file names).
func SafeLine(s string) string { return escapeControls(s, false) }

// EscapeLine is SafeLine for text that is edited and written back: a
// backslash is written \\ as well, so that UnescapeLine gives exactly the
// text back, also text that holds `\x1b` as letters.
func EscapeLine(s string) string {
	if !strings.Contains(s, `\`) {
		return SafeLine(s)
	}
	return SafeLine(strings.ReplaceAll(s, `\`, `\\`))
}

// UnescapeLine undoes EscapeLine: \\ is a backslash, and the escapes
// SafeLine writes (\x1b, \x0a, \xff for a byte that is not UTF-8, \u009b,
// \u202e) become the characters again; any other backslash stays as it is.
// A field that shows a value through EscapeLine writes the edited text back
// through UnescapeLine, so a newline in an event's text stays a newline
// when the text is edited.
func UnescapeLine(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			b.WriteByte(s[i])
			continue
		}
		switch {
		case i+1 < len(s) && s[i+1] == '\\':
			b.WriteByte('\\')
			i++
			continue
		case i+4 <= len(s) && s[i+1] == 'x':
			if v, err := strconv.ParseUint(s[i+2:i+4], 16, 8); err == nil && (v < 0x20 || v >= 0x7f) {
				b.WriteByte(byte(v))
				i += 3
				continue
			}
		case i+6 <= len(s) && s[i+1] == 'u':
			if v, err := strconv.ParseUint(s[i+2:i+6], 16, 16); err == nil && v >= 0x80 && isControl(rune(v)) {
				b.WriteRune(rune(v))
				i += 5
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// HasControl reports whether s holds a character SafeLine would escape, or
// bytes that are not UTF-8.
func HasControl(s string) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || isControl(r) {
			return true
		}
		i += n
	}
	return false
}

func escapeControls(s string, keepLines bool) string {
	if !needsEscape(s, keepLines) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteString(`\x`)
			b.WriteString(hex2(s[i]))
		case keepLines && (r == '\n' || r == '\t'):
			b.WriteRune(r)
		case r < 0x80 && isControl(r):
			b.WriteString(`\x`)
			b.WriteString(hex2(byte(r)))
		case isControl(r):
			b.WriteString(`\u`)
			h := strconv.FormatInt(int64(r), 16)
			b.WriteString(strings.Repeat("0", 4-len(h)) + h)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// needsEscape is the fast path: most text has nothing to escape.
func needsEscape(s string, keepLines bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			continue
		}
		if keepLines && (c == '\n' || c == '\t') {
			continue
		}
		if c < 0x80 {
			return true
		}
		// A multi-byte rune: decode it to tell C1 controls, bidi controls
		// and broken UTF-8 from ordinary letters.
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || isControl(r) {
			return true
		}
		i += n - 1
	}
	return false
}

// isControl covers C0, DEL and C1, and the bidirectional overrides and
// isolates that make a terminal show text in another order than it is
// (U+202A–U+202E, U+2066–U+2069).
func isControl(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// SafeJSON returns JSON text with DEL, the C1 controls and the bidi
// characters written as \u escapes, which encoding/json leaves raw: a C1
// CSI (U+009B) is an escape sequence to many terminals. Outside strings
// JSON is ASCII, so every such character is inside a string, where the
// escape means the same; the document decodes to the same values.
func SafeJSON(b []byte) []byte {
	i := 0
	for i < len(b) {
		c := b[i]
		if c < 0x7f {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError && isControl(r) {
			break
		}
		i += n
	}
	if i == len(b) {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	out = append(out, b[:i]...)
	for i < len(b) {
		r, n := utf8.DecodeRune(b[i:])
		if r != utf8.RuneError && isControl(r) && r >= 0x7f {
			h := strconv.FormatInt(int64(r), 16)
			out = append(out, `\u`...)
			out = append(out, strings.Repeat("0", 4-len(h))...)
			out = append(out, h...)
		} else {
			out = append(out, b[i:i+n]...)
		}
		i += n
	}
	return out
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&0xf]})
}
