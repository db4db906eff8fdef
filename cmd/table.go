package cmd

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/mattn/go-runewidth"
)

// fit is how a column of free text fits the width tables are laid out in.
type fit int

const (
	fitNone fit = iota // as wide as its widest cell
	fitCut             // cut to what the width leaves, marked with …
	fitWrap            // wrapped at spaces into as many lines as it takes
)

// column is one column of a table. At most one column of a table fits.
type column struct {
	name string
	dim  bool // secondary: dim on a colour terminal
	bold bool // labels: bold on a colour terminal
	fit  fit
}

const (
	tableGap    = 2  // spaces between columns
	tableMinFit = 20 // the narrowest a fitting column gets, however narrow the width
	ansiBold    = "\x1b[1m"
	ansiDim     = "\x1b[2m"
)

// table is a table measured by display cells, not bytes or runes: a Korean
// syllable or an emoji takes two cells on a terminal, and columns line up
// only when widths count that. The widths are measured once, as rows come,
// and the table is laid out once, whole: every row of a long list in the
// same columns. Cells must already be sanitised (no tab, newline or other
// control character).
//
// A table is an io.Reader of its plain layout (80 columns, no colour).
// Written to Out with io.Copy, it is laid out for the terminal instead
// (see tableOut): even through a bufio.Writer, which hands ReadFrom on.
type table struct {
	cols   []column
	header bool     // the column names are the first row
	cells  []string // row after row, len(cols) cells each
	widths []int    // the widest cell of each column

	plain *bytes.Reader // the layout Read returns, made on the first Read
}

// newTable makes a table with the columns given, their names as the first
// row when header is set.
func newTable(header bool, cols ...column) *table {
	t := &table{cols: cols, header: header, widths: make([]int, len(cols))}
	if header {
		names := make([]string, len(cols))
		for i, c := range cols {
			names[i] = c.name
		}
		t.addRow(names...)
	}
	return t
}

// addRow adds a row of len(t.cols) cells.
func (t *table) addRow(cells ...string) {
	if len(cells) != len(t.cols) {
		panic("table: row of the wrong length")
	}
	for i, c := range cells {
		t.widths[i] = max(t.widths[i], cellWidth(c))
	}
	t.cells = append(t.cells, cells...)
}

// rows is the number of rows, the header included.
func (t *table) rows() int { return len(t.cells) / len(t.cols) }

// Read reads the plain layout. *table has no WriteTo on purpose: io.Copy
// must offer it to the writer's ReadFrom (tableOut's) first.
func (t *table) Read(p []byte) (int, error) {
	if t.plain == nil {
		var b bytes.Buffer
		t.render(&b, 80, false)
		t.plain = bytes.NewReader(b.Bytes())
	}
	return t.plain.Read(p)
}

// render lays the table out in width display cells: the fitting column
// gets what the others leave (tableMinFit at least), the others their
// widest cell. Colour makes the header bold and secondary columns dim.
func (t *table) render(w io.Writer, width int, color bool) error {
	widths := append([]int(nil), t.widths...)
	fitCol := -1
	for i, c := range t.cols {
		if c.fit != fitNone {
			fitCol = i
		}
	}
	if fitCol >= 0 {
		total := tableGap * (len(widths) - 1)
		for _, n := range widths {
			total += n
		}
		if total > width {
			widths[fitCol] = min(widths[fitCol], max(tableMinFit, width-(total-widths[fitCol])))
		}
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	var line []byte
	for r := range t.rows() {
		row := t.cells[r*len(t.cols) : (r+1)*len(t.cols)]
		var fitLines []string
		if fitCol >= 0 {
			fitLines = fitCell(row[fitCol], widths[fitCol], t.cols[fitCol].fit)
		}
		for k := 0; k == 0 || k < len(fitLines); k++ {
			line = line[:0]
			pad := 0 // spaces owed before the next text: written only if text follows
			for i, cell := range row {
				text := cell
				if i == fitCol {
					text = fitLines[k]
				} else if k > 0 {
					text = ""
				}
				if i > 0 {
					pad += tableGap
				}
				if text != "" {
					line = append(line, strings.Repeat(" ", pad)...)
					pad = 0
					style := ""
					switch {
					case !color:
					case t.header && r == 0, t.cols[i].bold:
						style = ansiBold
					case t.cols[i].dim:
						style = ansiDim
					}
					line = append(line, style...)
					line = append(line, text...)
					if style != "" {
						line = append(line, ansiReset...)
					}
				}
				pad += widths[i] - cellWidth(text)
			}
			line = append(line, '\n')
			if _, err := bw.Write(line); err != nil {
				return err
			}
		}
	}
	return bw.Flush()
}

// fitCell cuts or wraps s to width cells.
func fitCell(s string, width int, how fit) []string {
	if cellWidth(s) <= width {
		return []string{s}
	}
	if how == fitCut {
		return []string{cells.Truncate(s, width, "…")}
	}
	var lines []string
	var cur strings.Builder
	curWidth := 0
	for _, word := range strings.Fields(s) {
		ww := cellWidth(word)
		if curWidth > 0 && curWidth+1+ww <= width {
			cur.WriteByte(' ')
			cur.WriteString(word)
			curWidth += 1 + ww
			continue
		}
		if curWidth > 0 {
			lines = append(lines, cur.String())
			cur.Reset()
			curWidth = 0
		}
		for ww > width { // a word longer than a line (a URL) is broken
			head := cells.Truncate(word, width, "")
			if head == "" { // not even one character fits: take one anyway
				_, n := utf8.DecodeRuneInString(word)
				head = word[:n]
			}
			lines = append(lines, head)
			word = word[len(head):]
			ww = cellWidth(word)
		}
		cur.WriteString(word)
		curWidth = ww
	}
	if curWidth > 0 || len(lines) == 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

// cells measures text as terminals draw it by default: the East Asian
// "ambiguous" characters (…, ①, Greek and Cyrillic letters) one cell
// wide. runewidth's default would make them two under a ko_KR, ja or zh
// locale, which only terminals set to draw them wide do; Hangul, CJK
// ideographs and emoji are two cells either way.
var cells = &runewidth.Condition{EastAsianWidth: false, StrictEmojiNeutral: true}

// cellWidth is the width of s on a terminal, in cells.
func cellWidth(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return cells.StringWidth(s)
		}
	}
	return len(s) // ASCII, and sanitised: one cell a byte
}

// tableOut is Out while a command prints a table. Writes pass through; a
// *table copied to it is laid out for the streams: their width, colour
// and pager. users list writes through a bufio.Writer of its own, whose
// ReadFrom hands the *table on to this one's.
type tableOut struct {
	io.Writer // the streams' Out before
	s         *IOStreams
}

func (o *tableOut) ReadFrom(r io.Reader) (int64, error) {
	t, ok := r.(*table)
	if !ok {
		return io.Copy(o.Writer, r)
	}
	return 0, o.s.printTable(o.Writer, t)
}

// useTable makes Out lay tables out for the streams.
func (s *IOStreams) useTable() {
	if _, ok := s.Out.(*tableOut); !ok {
		s.Out = &tableOut{Writer: s.Out, s: s}
	}
}

// printTable lays t out on out in the streams' width, with colour when it
// is on, and on a terminal through the pager.
func (s *IOStreams) printTable(out io.Writer, t *table) error {
	if s.OutTTY && s.Pager != "" && !s.noPager {
		if p, err := startPager(s.Pager, out, s.ErrOut); err == nil {
			err := t.render(p, s.width(), s.colorEnabled())
			p.close()
			return err
		}
		// No pager to start (less is not installed): print as it is.
	}
	return t.render(out, s.width(), s.colorEnabled())
}
