package layout

import (
	"strings"

	"pdfexport/render/page"
	"pdfexport/render/text"
)

// textBuilder makes the Texts of one line (or of a piece of furniture): the
// runs of its boxes and the space glyphs between them. Rather than grow
// each Text run by run (a string concatenation and a slice growth each,
// for every word of the document), all the line's characters go into one
// string and all its glyphs into one array, sized beforehand, and each
// Text takes its stretch of them when the line is done.
type textBuilder struct {
	texts  []page.Text
	starts []textStart // where each Text begun has its characters and glyphs
	s      strings.Builder
	glyphs []page.Glyph

	reservedGlyphs, reservedChars int
}

type textStart struct{ s, g int }

// reserve makes room for r, and a space after it: call it for each run of
// the line before begin.
func (b *textBuilder) reserve(r *run) {
	b.reservedGlyphs += len(r.glyphs) + 1
	b.reservedChars += len(r.text) + 1
}

// begin makes b append its Texts to texts.
func (b *textBuilder) begin(texts []page.Text) {
	b.texts, b.starts = texts, make([]textStart, 0, 4)
	b.glyphs = make([]page.Glyph, 0, b.reservedGlyphs)
	b.s.Grow(b.reservedChars)
}

// start begins a new Text; t has no characters or glyphs yet.
func (b *textBuilder) start(t page.Text) {
	b.texts = append(b.texts, t)
	b.starts = append(b.starts, textStart{b.s.Len(), len(b.glyphs)})
}

// run adds r, drawn from x, to the end of the current Text: its characters,
// and its glyphs placed from their advances and offsets (in font units,
// scaled once from the run's start so that rounding does not accumulate).
func (b *textBuilder) run(r *run, x page.Unit) {
	t := &b.texts[len(b.texts)-1]
	base := int32(b.s.Len() - b.starts[len(b.starts)-1].s)
	b.s.WriteString(r.text)
	origin := x - t.X
	var pen int64
	for _, g := range r.glyphs {
		b.glyphs = append(b.glyphs, page.Glyph{
			ID:      g.ID,
			X:       origin + r.style.scaled(pen+int64(g.XOff)),
			Y:       -r.style.scaled(int64(g.YOff)),
			Cluster: base + g.Cluster,
		})
		pen += int64(g.Advance)
	}
	t.W = origin + r.width
}

// space adds st's space glyph, drawn at x, to the end of the current Text.
func (b *textBuilder) space(st *style, x page.Unit) {
	id, _, ok := text.Space(st.face)
	if !ok {
		return
	}
	t := &b.texts[len(b.texts)-1]
	b.glyphs = append(b.glyphs, page.Glyph{ID: id, X: x - t.X, Cluster: int32(b.s.Len() - b.starts[len(b.starts)-1].s)})
	b.s.WriteByte(' ') // drawn as nothing: the run's width is its words'
}

// char adds c to the characters of the current Text, with no glyph: it
// belongs to the cluster before it.
func (b *textBuilder) char(c byte) { b.s.WriteByte(c) }

// done gives each Text begun its characters and glyphs, and returns the
// texts with them appended.
func (b *textBuilder) done() []page.Text {
	s := b.s.String()
	first := len(b.texts) - len(b.starts)
	for i, from := range b.starts {
		to := textStart{len(s), len(b.glyphs)}
		if i+1 < len(b.starts) {
			to = b.starts[i+1]
		}
		t := &b.texts[first+i]
		t.S = s[from.s:to.s]
		t.Glyphs = b.glyphs[from.g:to.g:to.g]
	}
	return b.texts
}
