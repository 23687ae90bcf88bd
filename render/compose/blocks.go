package compose

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	qrcode "github.com/yeqown/go-qrcode/v2"

	"pdfexport/article"
	"pdfexport/render/doc"
	"pdfexport/render/page"
)

// pullQuote appends a pull quote: larger italic between two short rules,
// inset, never split, with its citation under it. A pull quote that repeats
// a sentence of the body (repeated) is decorative: drawn, but left out of
// the text layer, so that copy, search and a screen reader meet the
// sentence once.
func (c *composer) pullQuote(out []doc.Block, b article.Block, repeated bool) []doc.Block {
	st := c.st
	lead := st.body.Leading
	rule := doc.Rule{Width: pts(1), Color: black}
	first := len(out)
	out = append(out, doc.Block{SpaceBefore: lead / 2, Rule: &rule})
	out = append(out, doc.Block{
		Spans: c.spans(b.Runs, st.pull), Style: st.pull, Ragged: true,
		Start: st.blockIndent, End: st.blockIndent, SpaceBefore: lead / 2, Decorative: repeated,
	})
	if len(b.Cite) > 0 {
		out = append(out, c.citation(b.Cite, st.blockIndent, false))
		out[len(out)-1].Decorative = repeated
	}
	if !repeated { // else an artifact, as its rules are
		q := c.s.block("BlockQuote")
		for i := first + 1; i < len(out); i++ {
			out[i].Elem = c.d().Add("P", q)
			c.s.inline(out[i].Spans, out[i].Elem)
		}
	}
	out = append(out, doc.Block{SpaceBefore: lead / 2, Rule: &rule})
	for i := first; i < len(out); i++ {
		out[i].Whole = true
		out[i].KeepNext = i < len(out)-1
	}
	out[len(out)-1].GridAfter = true
	return out
}

// textKey is the running text of the body's paragraphs, quotes, list
// items and headings, in the form repeats compares.
func textKey(blocks []article.Block) string {
	var b strings.Builder
	for _, bl := range blocks {
		switch bl.Kind {
		case article.Paragraph, article.Quote, article.ListItem, article.Heading:
			b.WriteString(normalise(bl.Text()))
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// repeats reports whether the body's text (textKey) holds the pull quote
// q: its letters and digits, in order, words apart as in the body,
// whatever its quotation marks, punctuation and case. Editors trim a pull
// quote, so it need only be a contiguous part of a sentence, of at least
// four words.
func repeats(body, q string) bool {
	k := normalise(q)
	return len(strings.Fields(k)) >= 4 && strings.Contains(" "+body, " "+k+" ")
}

// normalise keeps a text's letters, digits and marks, lower-cased, its
// words one space apart.
func normalise(s string) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r)
	})
	return strings.Join(f, " ")
}

// citation is a quotation's source, on its own line under it: "— Name".
func (c *composer) citation(cite []article.Run, indent page.Unit, last bool) doc.Block {
	st := c.st.cite
	sp := append([]doc.Span{{Text: "— ", Style: st, Lang: c.s.lang}}, c.spans(cite, st)...)
	d := doc.Block{Spans: sp, Style: st, Ragged: true, Start: indent, End: indent, Whole: true}
	if last {
		d.SpaceAfter = c.st.body.Leading / 2
	}
	return d
}

// monoAdvance is the advance of every character of fonts.Mono (DejaVu
// Sans Mono: 1233 units of 2048), in ems.
const monoAdvance = 1233.0 / 2048

// preformatted appends preformatted text line by line in the monospaced
// face: each line a ragged block (a line too long for the measure wraps,
// as a printed browser page wraps it, its continuation aligned with its
// start), its leading white space an inset, runs of spaces inside it kept
// (doc.Block.KeepSpaces), tabs every eight columns, blank lines kept as
// space.
func (c *composer) preformatted(out []doc.Block, b article.Block) []doc.Block {
	st := c.st.pre
	lead := c.st.body.Leading
	first := len(out)
	var blank page.Unit
	for _, line := range strings.Split(strings.TrimRight(b.Text(), "\n"), "\n") {
		line = strings.TrimRight(expandTabs(line), " ")
		if line == "" {
			blank += st.Leading
			continue
		}
		text := strings.TrimLeft(line, " ")
		indent := page.Unit(float64(st.Size) * monoAdvance * float64(len(line)-len(text)))
		out = append(out, doc.Block{
			Spans: []doc.Span{{Text: text, Style: st, Lang: c.s.lang}}, Style: st, Ragged: true, KeepSpaces: true,
			Start: c.st.blockIndent + indent, SpaceBefore: blank, Orphans: orphans, Widows: widows,
			Elem: c.s.block("P"), // a line each, as a reader should meet them
		})
		blank = 0
	}
	if len(out) > first {
		out[first].SpaceBefore = lead / 2
		out[len(out)-1].SpaceAfter = lead / 2
	}
	return out
}

// expandTabs replaces each tab with the spaces to the next multiple of
// eight columns, as a terminal and a browser's <pre> do.
func expandTabs(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var b strings.Builder
	col := 0
	for _, r := range s {
		if r == '\t' {
			n := 8 - col%8
			b.WriteString(strings.Repeat(" ", n))
			col += n
			continue
		}
		b.WriteRune(r)
		col++
	}
	return b.String()
}

// frame is the box of notes, cards and missing pictures.
func (c *composer) frame() *doc.Frame {
	return &doc.Frame{Rule: doc.Rule{Width: pts(0.6), Color: grey}, Pad: c.st.body.Size * 3 / 4}
}

// note appends a correction or editor's note: its label in bold, then its
// text, in a box.
func (c *composer) note(out []doc.Block, b article.Block) []doc.Block {
	st := c.st.note
	sp := c.spans(b.Runs, st)
	if l := strings.TrimSpace(b.Label); l != "" {
		bold := st
		bold.Face = embedFace
		if !strings.HasSuffix(l, ":") {
			l += ":"
		}
		sp = append([]doc.Span{{Text: l + " ", Style: bold, Lang: c.s.lang}}, sp...)
	}
	f := c.frame()
	out = append(out, doc.Block{
		Spans: sp, Style: st, Ragged: true, Start: f.Pad, End: f.Pad, Frame: f,
		SpaceBefore: c.st.body.Leading / 2, SpaceAfter: c.st.body.Leading / 2,
		Orphans: orphans, Widows: widows, GridAfter: true,
	})
	c.s.tag(&out[len(out)-1], "P")
	return out
}

// embed appends embedded media as a card a paper reader can follow: the
// provider and title, the address as a link, and a QR code of it.
func (c *composer) embed(out []doc.Block, e *article.EmbedData) []doc.Block {
	st := c.st.card
	bold := st
	bold.Face = embedFace
	sp := []doc.Span{{Text: e.Provider, Style: bold, Lang: c.s.lang}}
	if e.Provider == "" {
		sp[0] = doc.Span{Text: "Embedded content", Style: bold, Lang: c.english()}
	}
	if e.Title != "" {
		sp = append(sp, doc.Span{Text: ": " + e.Title, Style: st, Lang: c.s.lang})
	}
	link := c.st.url
	link.Size, link.Leading = st.Size*9/10, st.Leading
	f := c.frame()
	d := doc.Block{Style: st, Ragged: true, Start: f.Pad, End: f.Pad, Frame: f, Whole: true,
		SpaceBefore: c.st.body.Leading / 2, SpaceAfter: c.st.body.Leading / 2, GridAfter: true}
	if qr, err := qrAside(e.URL, 4*st.Leading); err == nil {
		d.Aside = qr
		d.Start = qr.W + 2*f.Pad
	}
	d.Spans = append(sp, doc.Span{Text: " ", Style: st, Lang: c.s.lang}, doc.Span{Text: e.URL, Style: link, Link: e.URL, Lang: c.s.lang})
	c.s.tag(&d, "P") // the QR code is an artifact: its address is the text beside it
	return append(out, d)
}

// qrAside draws a QR code of url, size wide, as filled rectangles: one per
// run of dark modules in a row, so that it stays sharp at any zoom and
// costs a few hundred bytes. Medium error correction (15 %) survives a
// crease or a smudge on paper.
func qrAside(url string, size page.Unit) (*doc.Aside, error) {
	q, err := qrcode.NewWith(url, qrcode.WithErrorCorrectionLevel(qrcode.ErrorCorrectionMedium))
	if err != nil {
		return nil, err
	}
	var m matrixWriter
	if err := q.Save(&m); err != nil {
		return nil, err
	}
	n := len(m.dark)
	if n == 0 {
		return nil, fmt.Errorf("empty QR code")
	}
	mod := size / page.Unit(n)
	a := &doc.Aside{W: mod * page.Unit(n), H: mod * page.Unit(n)}
	for y, row := range m.dark {
		for x := 0; x < n; {
			if !row[x] {
				x++
				continue
			}
			e := x
			for e < n && row[e] {
				e++
			}
			a.Rects = append(a.Rects, page.Rect{X: mod * page.Unit(x), Y: mod * page.Unit(y), W: mod * page.Unit(e-x), H: mod})
			x = e
		}
	}
	return a, nil
}

// matrixWriter takes a QR code's modules from the library, as a grid of
// dark and light, without its quiet zone (the card's padding is one).
type matrixWriter struct{ dark [][]bool }

func (m *matrixWriter) Write(mat qrcode.Matrix) error {
	m.dark = make([][]bool, mat.Height())
	for y := range m.dark {
		m.dark[y] = make([]bool, mat.Width())
	}
	mat.Iterate(qrcode.IterDirection_ROW, func(x, y int, v qrcode.QRValue) {
		m.dark[y][x] = v.IsSet()
	})
	return nil
}

func (m *matrixWriter) Close() error { return nil }

// footnote is a note set at the foot of the page that refers to it, its
// mark hung in the margin of its first line.
func (c *composer) footnote(n article.Block) doc.Block {
	st := c.st.notes
	// A note may be composed in the middle of the block that refers to
	// it, in that block's language.
	saved := c.s.lang
	c.s.setLang(n.Lang)
	defer func() { c.s.lang = saved }()
	from := len(c.d().Elems)
	defer c.s.language(from, n.Lang)
	d := doc.Block{Spans: c.spans(n.Runs, st), Style: st, Ragged: true, Start: c.st.listIndent / 2, Marker: n.Label}
	note := c.s.block("Note")
	// A Note needs an ID unique in the document (PDF/UA); the article's
	// own may be anything, so the notes are numbered.
	c.s.notes++
	c.d().Elems[note].ID = "note-" + strconv.Itoa(c.s.notes)
	d.MarkerElem, d.Elem = c.d().Add("Lbl", note), c.d().Add("P", note)
	c.s.inline(d.Spans, d.Elem)
	return d
}

// footnotes appends the footnotes no run refers to at the article's end,
// under a short rule, each with its mark.
func (c *composer) footnotes(out []doc.Block, notes []article.Block) []doc.Block {
	if len(notes) == 0 {
		return out
	}
	out = append(out, doc.Block{SpaceBefore: c.st.body.Leading, Rule: &doc.Rule{Width: pts(0.5), Color: grey}, SpaceAfter: c.st.body.Leading / 2, KeepNext: true})
	for _, n := range notes {
		d := c.footnote(n)
		d.Orphans, d.Widows, d.SpaceAfter = orphans, widows, c.st.notes.Size/3
		out = append(out, d)
	}
	return out
}

// MinTableShrink is the least a table's text is shrunk to fit the measure:
// 70 %, 6.65 pt at scale 1. A table whose columns do not fit even then is
// set in landscape, on pages of its own after the page where the text
// reaches it.
const MinTableShrink = 0.7

// table appends a table with its caption above it, as a browser sets it.
func (c *composer) table(out []doc.Block, t *article.TableData) []doc.Block {
	st := c.st
	if t == nil {
		return out
	}
	cell := st.note
	head := cell
	head.Face = embedFace
	dt := &doc.Table{HeadRows: t.HeadRows, Rule: doc.Rule{Width: pts(0.4), Color: grey}, Pad: cell.Size / 2, MinShrink: MinTableShrink,
		Caption: c.spans(t.Caption, st.caption), CaptionStyle: st.caption}
	table := c.s.block("Table")
	if len(dt.Caption) > 0 {
		dt.CaptionElem = c.d().Add("Caption", table)
		c.s.inline(dt.Caption, dt.CaptionElem)
	}
	trs := make([]int, len(t.Rows))
	for i, r := range t.Rows {
		var row doc.TableRow
		tr := c.d().Add("TR", table)
		trs[i] = tr
		for _, cl := range r.Cells {
			s := cell
			if cl.Header {
				s = head
			}
			dc := doc.TableCell{Spans: c.spans(cl.Runs, s), Style: s, ColSpan: cl.ColSpan, RowSpan: cl.RowSpan}
			// A header cell heads its column in the header rows, else its
			// row (a row's label in the first column).
			role, scope := "TD", ""
			if cl.Header || i < t.HeadRows {
				role, scope = "TH", "Row"
				if i < t.HeadRows {
					scope = "Column"
				}
			}
			dc.Elem = c.d().Add(role, tr)
			el := &c.d().Elems[dc.Elem]
			el.Scope, el.ColSpan, el.RowSpan = scope, cl.ColSpan, min(cl.RowSpan, len(t.Rows)-i)
			c.s.inline(dc.Spans, dc.Elem)
			row.Cells = append(row.Cells, dc)
		}
		dt.Rows = append(dt.Rows, row)
	}
	// A web page's table may have rows of fewer cells than others, which a
	// browser (and layout) leaves empty at their ends; the structure gets
	// those empty cells, so that every row is as wide and each cell is
	// read under its column's header.
	covered, width := rowWidths(t)
	for i, n := range covered {
		for range width - n {
			c.d().Add("TD", trs[i])
		}
	}
	return append(out, doc.Block{Table: dt, Style: cell, SpaceBefore: st.body.Leading / 2, SpaceAfter: st.body.Leading / 2, GridAfter: true})
}

// rowWidths is how many columns each row of t covers (its cells' spans,
// and the cells of rows above that span down into it), and the table's
// width in columns.
func rowWidths(t *article.TableData) (covers []int, width int) {
	covered := make([]map[int]bool, len(t.Rows))
	for i := range covered {
		covered[i] = map[int]bool{}
	}
	for i, r := range t.Rows {
		col := 0
		for _, cl := range r.Cells {
			for covered[i][col] {
				col++
			}
			for dr := range min(max(cl.RowSpan, 1), len(t.Rows)-i) {
				for dc := range max(cl.ColSpan, 1) {
					covered[i+dr][col+dc] = true
				}
			}
			col += max(cl.ColSpan, 1)
		}
	}
	covers = make([]int, len(t.Rows))
	for i, c := range covered {
		covers[i] = len(c)
		for col := range c {
			width = max(width, col+1)
		}
	}
	return covers, width
}
