package tui

import (
	"bytes"
	"sort"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/rk-tui/rk-tui/template"
	"github.com/tidwall/gjson"
)

// jsonPane shows the template JSON, indented, with every API key masked and
// the edited value marked. The text is rebuilt only when the document
// changes, and only the visible lines are drawn.
type jsonPane struct {
	text     []byte // indented JSON as shown
	direct   bool   // text is the document's own bytes, so spans in it are the session's
	starts   []int  // where each line of text starts
	gen      int    // the session's edit count the text was built for
	offset   int    // first visible line
	height   int
	from, to int // marked lines, 0-based, to exclusive
	// held: the user scrolled (pgup/pgdn); the pane stays where they put
	// it, the mark following the focus unseen, until the next edit.
	held bool
}

// show brings the text up to date with the session and marks the value at
// path, scrolling it into view.
func (p *jsonPane) show(s *session, path string) {
	if p.text == nil || p.gen != s.gen {
		p.text, p.direct = displayJSON(s)
		p.starts = lineStarts(p.text, p.starts[:0])
		p.gen = s.gen
		p.held = false
	}
	p.mark(s, path)
}

// displayJSON is the document as the pane shows it: indented, keys masked.
// Most documents are already both, and are shown as they are.
func displayJSON(s *session) ([]byte, bool) {
	if !s.literalKey && s.canonical {
		return s.doc.Bytes(), true
	}
	shown := template.MaskedKeys(s.doc)
	if s.canonical {
		return shown.Bytes(), false
	}
	return template.Canonical(shown.Bytes()), false
}

// lineStarts lists where each line of text starts, in buf's room.
func lineStarts(text []byte, buf []int) []int {
	text = bytes.TrimRight(text, "\n")
	starts := append(buf, 0)
	for off := 0; ; {
		j := bytes.IndexByte(text[off:], '\n')
		if j < 0 {
			return starts
		}
		off += j + 1
		starts = append(starts, off)
	}
}

func (p *jsonPane) lineCount() int { return len(p.starts) }

func (p *jsonPane) lineAt(i int) string {
	start := p.starts[i]
	end := len(p.text)
	if i+1 < len(p.starts) {
		end = p.starts[i+1] - 1
	}
	return strings.TrimRight(string(p.text[start:end]), "\n")
}

// mark marks the value at path (or its nearest existing parent) and
// scrolls it into view.
func (p *jsonPane) mark(s *session, path string) {
	p.from, p.to = 0, 0
	if path == "" || len(p.text) == 0 {
		return
	}
	var from, to int
	if p.direct {
		start, end, ok := s.span(path)
		if !ok {
			return
		}
		from, to = start, end
	} else {
		r := gjson.GetBytes(p.text, path)
		for !r.Exists() || r.Index == 0 {
			i := strings.LastIndexByte(path, '.')
			if i < 0 {
				return
			}
			path = path[:i]
			r = gjson.GetBytes(p.text, path)
		}
		from, to = r.Index, r.Index+len(r.Raw)
	}
	p.from, p.to = p.lineOf(from), p.lineOf(max(from, to-1))+1
	if !p.held {
		p.reveal()
	}
}

// lineOf is the line that holds byte off of the text.
func (p *jsonPane) lineOf(off int) int {
	return sort.SearchInts(p.starts, off+1) - 1
}

// reveal scrolls so the marked lines are visible, with some context.
func (p *jsonPane) reveal() {
	if p.height <= 0 || p.to <= p.from {
		return
	}
	ctx := min(3, p.height/4)
	if p.from-ctx < p.offset {
		p.offset = max(0, p.from-ctx)
	} else if end := min(p.to, p.from+p.height-ctx); end+ctx > p.offset+p.height {
		p.offset = end + ctx - p.height
	}
	p.clamp()
}

func (p *jsonPane) scroll(n int) {
	p.held = true
	p.offset += n
	p.clamp()
}

func (p *jsonPane) clamp() {
	if mx := p.lineCount() - p.height; p.offset > mx {
		p.offset = max(0, mx)
	}
	p.offset = max(0, p.offset)
}

// lines draws the visible lines in width columns.
func (p *jsonPane) lines(st styles, width int) []string {
	end := min(p.lineCount(), p.offset+p.height)
	out := make([]string, 0, max(0, end-p.offset))
	for i := p.offset; i < end; i++ {
		// JSON may hold C1 or bidi control characters unescaped.
		text := template.SafeLine(p.lineAt(i))
		marker := "  "
		if i >= p.from && i < p.to {
			marker = st.cursor.Render("▌ ")
		}
		if ansi.StringWidth(text) > width-2 {
			text = ansi.Truncate(text, width-2, "…")
		}
		out = append(out, marker+colorJSONLine(st, text))
	}
	return out
}

// position says where the view is, e.g. "12–40 of 120".
func (p *jsonPane) position() string {
	if p.lineCount() <= p.height {
		return ""
	}
	end := min(p.lineCount(), p.offset+p.height)
	return itoa(p.offset+1) + "–" + itoa(end) + " of " + itoa(p.lineCount())
}

// colorJSONLine colours one line of indented JSON.
func colorJSONLine(st styles, line string) string {
	if !st.color {
		return line
	}
	var b strings.Builder
	i := 0
	for i < len(line) {
		c := line[i]
		switch {
		case c == '"':
			j := i + 1
			for j < len(line) && line[j] != '"' {
				if line[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j+1, len(line))
			tok := line[i:j]
			if strings.HasPrefix(strings.TrimLeft(line[j:], " "), ":") {
				st.json.key.wrap(&b, tok)
			} else {
				st.json.str.wrap(&b, tok)
			}
			i = j
		case c == '-' || (c >= '0' && c <= '9'):
			j := i
			for j < len(line) && strings.IndexByte("+-.eE0123456789", line[j]) >= 0 {
				j++
			}
			st.json.num.wrap(&b, line[i:j])
			i = j
		case c == 't' || c == 'f' || c == 'n':
			j := i
			for j < len(line) && line[j] >= 'a' && line[j] <= 'z' {
				j++
			}
			st.json.lit.wrap(&b, line[i:j])
			i = j
		case c == ' ':
			b.WriteByte(c)
			i++
		default:
			st.json.punct.wrap(&b, line[i:i+1])
			i++
		}
	}
	return b.String()
}

func itoa(n int) string { return strconv.Itoa(n) }
