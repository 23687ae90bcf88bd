package compose

import (
	"cmp"
	"math"
	"strings"

	"pdfexport/article"
	"pdfexport/fonts"
	"pdfexport/render/doc"
	"pdfexport/render/page"
)

// Pictures gives the decoded picture of an image source, or nil when it
// could not be had (refused, missing, undecodable): the figure is then a
// framed box with the image's alt text, so that a failed image never fails
// the article.
type Pictures func(src string) *page.Picture

// Figure sizes. A picture is never printed below minDPI (a small web image
// stretched to the measure prints as blur), and is never taller than
// maxFigure of the body's height (a portrait photo is narrowed instead), so
// that a figure with its caption always fits a page; the lead image, in the
// title block, at most maxLead.
const (
	minDPI    = 100
	maxFigure = 0.55
	maxLead   = 0.4
	// A gallery is set in rows of at most galleryRow pictures of one
	// height, filling the measure.
	galleryRow = 3
)

// bodyHeight is the height of the page's body area, near enough for sizing
// figures (layout finds the exact one from the furniture).
func bodyHeight(d *doc.Document) page.Unit {
	return d.Paper.Height - d.Margins.Top - d.Margins.Foot - 4*d.Grid
}

// figure appends a figure: its rows of pictures, then its caption and
// credit, kept together as one float (doc.Block.Float). A failed picture
// becomes a framed box holding its alt text.
func (c *composer) figure(out []doc.Block, f *article.FigureData, maxH page.Unit, float bool) []doc.Block {
	first := len(out)
	var ok []article.Image
	var pics []*page.Picture
	var missing []doc.Block // after the pictures there are, in their order
	for _, im := range f.Images {
		p := c.pictures(im.Src)
		if p == nil || p.Width <= 0 || p.Height <= 0 {
			missing = append(missing, c.missing(im))
			continue
		}
		ok, pics = append(ok, im), append(pics, p)
	}
	gap := c.st.body.Size / 2
	for _, row := range rows(len(ok)) {
		out = append(out, c.pictureRow(ok[row[0]:row[1]], pics[row[0]:row[1]], gap, maxH))
	}
	// A gallery of several rows is no taller than one picture may be, so
	// that it fits a page with its caption: its rows are shrunk alike.
	var total page.Unit
	for _, b := range out[first:] {
		total += b.Pictures[0].H
	}
	if n := page.Unit(len(out) - first); n > 1 && total+gap*(n-1) > maxH {
		f := float64(maxH-gap*(n-1)) / float64(total)
		for i := first; i < len(out); i++ {
			for j := range out[i].Pictures {
				p := &out[i].Pictures[j]
				p.W, p.H = page.Unit(float64(p.W)*f), page.Unit(float64(p.H)*f)
			}
		}
	}
	for _, m := range missing {
		if len(out) > first {
			m.SpaceBefore = gap
		}
		out = append(out, m)
	}
	caption := c.spans(f.Caption, c.st.caption)
	if f.Credit != "" {
		if len(caption) > 0 {
			caption = append(caption, doc.Span{Text: " ", Style: c.st.caption, Lang: c.s.lang})
		}
		caption = append(caption, doc.Span{Text: f.Credit, Style: c.st.credit, Lang: c.s.lang})
	}
	if len(caption) > 0 {
		out = append(out, doc.Block{Spans: caption, Style: c.st.caption, Ragged: true, SpaceBefore: c.st.caption.Size / 2})
	}
	var capText strings.Builder // the caption without the credit: who took a picture says nothing of what it shows
	for _, r := range f.Caption {
		capText.WriteString(r.Text)
	}
	c.tagFigure(out[first:], len(missing) > 0, len(caption) > 0, strings.TrimSpace(capText.String()))
	for i := first; i < len(out); i++ {
		out[i].Whole = true
		out[i].KeepNext = i < len(out)-1
		if i > first && len(out[i].Pictures) > 0 {
			out[i].SpaceBefore = gap
		}
	}
	if len(out) > first {
		out[first].Float = float
		out[first].SpaceBefore = c.st.body.Leading / 2
		out[len(out)-1].GridAfter = true // a line of air, then the text on its grid
	}
	return out
}

// rows splits n pictures into rows of at most galleryRow, as even as can
// be (7: 3, 2, 2), as index ranges.
func rows(n int) [][2]int {
	if n == 0 {
		return nil
	}
	k := (n + galleryRow - 1) / galleryRow
	var out [][2]int
	for i, at := 0, 0; i < k; i++ {
		m := n / k
		if i < n%k {
			m++
		}
		out = append(out, [2]int{at, at + m})
		at += m
	}
	return out
}

// pictureRow sizes a row of pictures to one height, filling the measure,
// no taller than maxH and none printed below minDPI.
func (c *composer) pictureRow(ims []article.Image, pics []*page.Picture, gap, maxH page.Unit) doc.Block {
	var aspects float64 // the row's width per unit of height
	for _, p := range pics {
		aspects += float64(p.Width) / float64(p.Height)
	}
	avail := float64(c.measure - gap*page.Unit(len(pics)-1))
	h := math.Min(avail/aspects, float64(maxH))
	for _, p := range pics {
		h = math.Min(h, float64(p.Height)*72/minDPI*float64(page.Pt))
	}
	b := doc.Block{Gap: gap}
	for i, p := range pics {
		w := h * float64(p.Width) / float64(p.Height)
		b.Pictures = append(b.Pictures, doc.Picture{Pic: p, W: page.Unit(w), H: page.Unit(h), Alt: ims[i].Alt})
	}
	return b
}

// missing is the box that stands for a picture that could not be had.
func (c *composer) missing(im article.Image) doc.Block {
	st := c.st.caption
	spans := []doc.Span{{Text: "Image unavailable", Style: st, Lang: c.english()}}
	if alt := strings.TrimSpace(im.Alt); alt != "" {
		spans[0].Text += ": "
		spans = append(spans, doc.Span{Text: alt, Style: st, Lang: c.s.lang})
	}
	pad := st.Size
	return doc.Block{
		Spans: spans, Style: st, Ragged: true,
		Start: pad, End: pad, Frame: &doc.Frame{Rule: doc.Rule{Width: pts(0.5), Color: grey}, Pad: pad},
	}
}

// embedFace is the face of a card's first line.
const embedFace = fonts.SansBold

// tagFigure gives a figure's blocks their elements: a single picture is a
// Figure holding its Caption; several, or missing ones, are a Div of a
// Figure for each picture, the missing boxes' text and the Caption. A
// picture's alternate text is its alt text, or else the caption's (capText,
// without the credit: a reader must be told something is there); a
// picture with neither is decoration, an artifact, as an HTML image with
// an empty alt is.
func (c *composer) tagFigure(blocks []doc.Block, missing, captioned bool, capText string) {
	if len(blocks) == 0 {
		return
	}
	pics := 0
	for _, b := range blocks {
		pics += len(b.Pictures)
	}
	var group int
	if pics != 1 || missing {
		group = c.s.block("Div")
	}
	for i := range blocks {
		b := &blocks[i]
		for j := range b.Pictures {
			p := &b.Pictures[j]
			alt := cmp.Or(strings.TrimSpace(p.Alt), capText)
			if alt == "" {
				continue
			}
			if group == 0 {
				group = c.s.block("Figure")
				p.Elem = group
			} else {
				p.Elem = c.d().Add("Figure", group)
			}
			c.d().Elems[p.Elem].Alt = alt
		}
	}
	for i := range blocks {
		b := &blocks[i]
		if len(b.Pictures) > 0 {
			continue
		}
		if group == 0 { // one picture without a word said of it
			group = c.s.block("Div")
		}
		role := "P" // a missing picture's box
		if captioned && i == len(blocks)-1 {
			role = "Caption"
		}
		b.Elem = c.d().Add(role, group)
		c.s.inline(b.Spans, b.Elem)
	}
}
