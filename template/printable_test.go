package template

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

func TestSafeTextAndLine(t *testing.T) {
	tests := []struct {
		in, text, line string
	}{
		{"plain text", "plain text", "plain text"},
		{"größe ✓ 日本", "größe ✓ 日本", "größe ✓ 日本"},
		{"a\nb\tc", "a\nb\tc", `a\x0ab\x09c`},
		{"\x1b]52;c;cm0gLXJmIH4=\x07", `\x1b]52;c;cm0gLXJmIH4=\x07`, `\x1b]52;c;cm0gLXJmIH4=\x07`},
		{"\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`, `\x1b[31mred\x1b[0m`},
		{"del\x7f", `del\x7f`, `del\x7f`},
		{"c1 \u009b31m", `c1 \u009b31m`, `c1 \u009b31m`},
		{"bidi \u202eevil", `bidi \u202eevil`, `bidi \u202eevil`},
		{"broken \xff\xfe utf8", `broken \xff\xfe utf8`, `broken \xff\xfe utf8`},
		{"cr\r", `cr\x0d`, `cr\x0d`},
	}
	for _, tt := range tests {
		if got := SafeText(tt.in); got != tt.text {
			t.Errorf("SafeText(%q) = %q, want %q", tt.in, got, tt.text)
		}
		if got := SafeLine(tt.in); got != tt.line {
			t.Errorf("SafeLine(%q) = %q, want %q", tt.in, got, tt.line)
		}
		if want := tt.in != tt.line; HasControl(tt.in) != want {
			t.Errorf("HasControl(%q) = %v, want %v", tt.in, !want, want)
		}
	}
}

func TestSafeLineLeavesNoControlByte(t *testing.T) {
	var all []byte
	for c := 0; c < 256; c++ {
		all = append(all, byte(c))
	}
	all = append(all, "\u0085\u009b\u2066"...)
	for _, s := range []string{SafeLine(string(all)), SafeText(string(all))} {
		for i := 0; i < len(s); i++ {
			if c := s[i]; (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
				t.Fatalf("byte %#x at %d survives: %q", c, i, s)
			}
		}
	}
}

// SafeJSON: DEL, C1 and bidi characters that encoding/json leaves raw are
// escaped, and the document still decodes to the same values.
func TestSafeJSON(t *testing.T) {
	in := map[string]string{"name": "a\u009b2Jb", "del": "x\x7fy", "bidi": "r\u202eo", "plain": "é ü ✓", "c0": "\x1b[31m"}
	raw, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	got := SafeJSON(raw)
	for _, bad := range []string{"\u009b", "\x7f", "\u202e", "\x1b"} {
		if strings.Contains(string(got), bad) {
			t.Errorf("%q is still raw in %s", bad, got)
		}
	}
	var back map[string]string
	if err := json.Unmarshal(got, &back); err != nil {
		t.Fatalf("%s: %v", got, err)
	}
	if !reflect.DeepEqual(back, in) {
		t.Errorf("decodes to %q, want %q", back, in)
	}
	if plain := []byte(`{"a":"é"}`); &SafeJSON(plain)[0] != &plain[0] {
		t.Error("text with nothing to escape is copied")
	}
}

// UnescapeLine gives back exactly what EscapeLine escaped, backslashes and
// text that reads like an escape included; a lone backslash stays.
func TestUnescapeLineUndoesEscapeLine(t *testing.T) {
	for _, s := range []string{"", "plain", "Order failed.\nSee logs:\n\tstep 2", "\x1b[31mred\x1b[0m", "a\u009bb\u202ec", "bad \xff\xfe byte", "\x7f", "é☃ 😀",
		`C:\path`, `use \x1b[31m for red`, `\u202e as text`, `\\`, `\`, "line1\nuse \\x1b[31m"} {
		if got := UnescapeLine(EscapeLine(s)); got != s {
			t.Errorf("UnescapeLine(EscapeLine(%q)) = %q", s, got)
		}
		if HasControl(EscapeLine(s)) {
			t.Errorf("EscapeLine(%q) = %q holds a control character", s, EscapeLine(s))
		}
	}
	for _, s := range []string{`C:\path`, `\x41 stays`, `\u00e9 stays`, `\x`, `\u12`} {
		if got := UnescapeLine(s); got != s {
			t.Errorf("UnescapeLine(%q) = %q: only the escapes are undone", s, got)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		b := make([]byte, r.IntN(24))
		for i := range b {
			b[i] = byte(r.IntN(256))
			if r.IntN(4) == 0 {
				b[i] = "\\xu0123456789abcdef"[r.IntN(19)]
			}
		}
		if got := UnescapeLine(EscapeLine(string(b))); got != string(b) {
			t.Fatalf("UnescapeLine(EscapeLine(%q)) = %q", b, got)
		}
	}
}
