package tui

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/rk-tui/rk-tui/template"
	"github.com/tidwall/gjson"
)

// jsonPane shows the template JSON, indented, with the API key masked and
// the edited value marked. Only the visible lines are coloured, so a large
// template costs nothing extra per keystroke.
type jsonPane struct {
	text     []byte   // indented JSON as shown
	lines    []string // text split into lines
	offset   int      // first visible line
	height   int
	from, to int // marked lines, 0-based, to exclusive
}

// set shows a document and marks the value at path.
func (p *jsonPane) set(doc *template.Document, path string) {
	p.text = displayJSON(doc)
	p.lines = strings.Split(strings.TrimRight(string(p.text), "\n"), "\n")
	p.focus(path)
}

// displayJSON is the document as the pane shows it: indented, key masked.
func displayJSON(doc *template.Document) []byte {
	shown := template.MaskedKeys(doc)
	if shown.IsCanonical() {
		return shown.Bytes()
	}
	return template.Canonical(shown.Bytes())
}

// focus marks the value at path and scrolls it into view.
func (p *jsonPane) focus(path string) {
	p.from, p.to = 0, 0
	if path == "" {
		return
	}
	r := gjson.GetBytes(p.text, path)
	for !r.Exists() || r.Index == 0 {
		i := strings.LastIndexByte(path, '.')
		if i < 0 {
			return
		}
		path = path[:i]
		r = gjson.GetBytes(p.text, path)
	}
	start := bytes.Count(p.text[:r.Index], []byte{'\n'})
	p.from, p.to = start, start+1+strings.Count(r.Raw, "\n")
	p.reveal()
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
	p.offset += n
	p.clamp()
}

func (p *jsonPane) clamp() {
	if mx := len(p.lines) - p.height; p.offset > mx {
		p.offset = max(0, mx)
	}
	if p.offset < 0 {
		p.offset = 0
	}
}

// view draws the visible lines in width columns.
func (p *jsonPane) view(st styles, width int) string {
	var b strings.Builder
	end := min(len(p.lines), p.offset+p.height)
	for i := p.offset; i < end; i++ {
		line := colorJSONLine(st, p.lines[i])
		marker := "  "
		if i >= p.from && i < p.to {
			marker = st.cursor.Render("▌ ")
		}
		b.WriteString(marker + ansi.Truncate(line, width-2, "…"))
		if i < end-1 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// position says where the view is, e.g. "12–40 of 120".
func (p *jsonPane) position() string {
	if len(p.lines) <= p.height {
		return ""
	}
	end := min(len(p.lines), p.offset+p.height)
	return itoa(p.offset+1) + "–" + itoa(end) + " of " + itoa(len(p.lines))
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
			rest := strings.TrimLeft(line[j:], " ")
			if strings.HasPrefix(rest, ":") {
				b.WriteString(st.jsonKey.Render(tok))
			} else {
				b.WriteString(st.jsonString.Render(tok))
			}
			i = j
		case c == '-' || (c >= '0' && c <= '9'):
			j := i
			for j < len(line) && strings.IndexByte("+-.eE0123456789", line[j]) >= 0 {
				j++
			}
			b.WriteString(st.jsonNumber.Render(line[i:j]))
			i = j
		case c == 't' || c == 'f' || c == 'n':
			j := i
			for j < len(line) && line[j] >= 'a' && line[j] <= 'z' {
				j++
			}
			b.WriteString(st.jsonLiteral.Render(line[i:j]))
			i = j
		case c == ' ':
			b.WriteByte(c)
			i++
		default:
			b.WriteString(st.jsonPunct.Render(string(c)))
			i++
		}
	}
	return b.String()
}

func itoa(n int) string {
	return strconv.Itoa(n)
}
