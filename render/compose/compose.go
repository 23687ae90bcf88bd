// Package compose maps an article onto the neutral document that layout
// sets (package doc): the house design of a news article. It decides what
// layout must not know: which faces and sizes each part of an article takes
// at a font scale, the title block (date, title, standfirst, byline, link,
// rule) kept whole and padded onto the body's baseline grid, the spacing
// around headings, quotes and lists, first-line indents, the page-break
// rules of each kind of block, the running head, the rights line and page
// labels of the footer, and the document's metadata.
package compose

import (
	"cmp"
	"math"
	"strconv"
	"strings"
	"time"

	"pdfexport/article"
	"pdfexport/fonts"
	"pdfexport/render/doc"
	"pdfexport/render/page"
)

// Options are the house options of one document. The caller validates them
// (see package render).
type Options struct {
	Paper       doc.Paper
	Scale       float64 // font scale: 1 is the normal size
	Publication string  // the publisher's name, for metadata and the running head
	Rights      string  // the footer's rights line
	Lang        string  // language when the article declares none
	// The figures' pictures; nil: every figure is drawn as its missing box.
	// Not part of a render's ETag: the article names each picture by its
	// source, which the ETag hashes.
	Pictures Pictures `etag:"-"`
}

// Furniture sizes do not follow the font scale: the footer and running head
// must stay legible and in their place at every scale.
const (
	footerSize    = 7.5
	footerLeading = 10
)

var (
	black = page.Color{}
	grey  = page.Color{R: 96, G: 96, B: 96}
	blue  = page.Color{R: 24, G: 74, B: 150}
)

func pts(p float64) page.Unit { return page.FromPoints(p) }

// styles are the text styles of one document, sized for its scale.
type styles struct {
	body, quote, heading, heading3, heading4                doc.Style
	date, title, standfirst, byline, url, footer, runningHd doc.Style
	caption, credit, pull, cite, note, pre, notes, card     doc.Style
	indent, blockIndent, listIndent                         page.Unit
}

func style(face fonts.Face, size, leading page.Unit, color page.Color) doc.Style {
	return doc.Style{Face: face, Size: size, Leading: leading, Color: color}
}

func newStyles(scale float64) *styles {
	s := func(p float64) page.Unit { return pts(p * scale) }
	// The title grows more slowly than the text, so that at large scales its
	// longest words still fit the measure.
	ts := func(p float64) page.Unit { return pts(p * math.Pow(scale, 0.6)) }
	return &styles{
		body:        style(fonts.Serif, s(11), s(15), black),
		quote:       style(fonts.SerifItalic, s(10.5), s(15), black),
		heading:     style(fonts.SansBold, s(12.5), s(15), black),
		heading3:    style(fonts.SansBold, s(11.5), s(15), black),
		heading4:    style(fonts.SansBold, s(10.5), s(15), grey),
		caption:     style(fonts.Sans, s(8.5), s(11.5), black),
		credit:      style(fonts.Sans, s(7.5), s(11.5), grey),
		pull:        style(fonts.SerifItalic, s(15), s(20), black),
		cite:        style(fonts.Sans, s(9), s(13), grey),
		note:        style(fonts.Sans, s(9.5), s(13), black),
		pre:         style(fonts.Mono, s(9), s(15), black),
		notes:       style(fonts.Serif, s(9), s(12.5), black),
		card:        style(fonts.Sans, s(9.5), s(13), black),
		date:        style(fonts.Sans, s(9), s(13), grey),
		title:       style(fonts.SansBold, ts(24), ts(29), black),
		standfirst:  style(fonts.SerifItalic, s(14), s(19), black),
		byline:      style(fonts.SansBold, s(9), s(13), black),
		url:         style(fonts.Sans, s(8.5), s(12), blue),
		footer:      style(fonts.Sans, pts(footerSize), pts(footerLeading), grey),
		runningHd:   style(fonts.Sans, pts(footerSize), pts(footerLeading), grey),
		indent:      s(16.5),
		blockIndent: s(22),
		listIndent:  s(22),
	}
}

// SideMargin is the left and right margin: an inch at normal sizes, closing
// in as the type grows so that a line keeps enough words to justify well
// (about 30 ems at scale 1.5 and 22 at 2; narrower margins, 40 pt at 2 and
// more, did not measurably reduce loose lines). The print page
// (render/printhtml) sets the same, so both forms of an article have one
// formula.
func SideMargin(scale float64) page.Unit {
	return pts(max(72-36*max(scale-1, 0), 54))
}

// PageLabel is the footer's label of page n of total.
func PageLabel(n, total int) string {
	return "page " + strconv.Itoa(n) + " of " + strconv.Itoa(total)
}

// Every paragraph keeps two lines at the foot and at the head of a page.
const (
	orphans = 2
	widows  = 2
)

// Article maps a onto a document in the house design at o's scale.
func Article(a *article.Article, o Options) *doc.Document {
	st := newStyles(o.Scale)
	lang := cmp.Or(a.Lang, o.Lang)
	d := &doc.Document{
		Paper: o.Paper,
		Margins: doc.Margins{
			Side: SideMargin(o.Scale), Top: pts(64), Head: pts(44), Foot: pts(40), FooterGap: pts(14),
		},
		Lang: lang,
		Info: info(a, o, lang),
		Grid: st.body.Leading,
		Footer: doc.Footer{
			Text: o.Rights, Style: st.footer, Rule: doc.Rule{Width: pts(0.4), Color: grey}, Label: PageLabel,
		},
	}
	d.Head = doc.RunningHead{Title: a.Title, Style: st.runningHd, Rule: doc.Rule{Width: pts(0.4), Color: grey}}
	if o.Publication != "" {
		d.Head.Prefix = o.Publication + " · "
	}
	c := &composer{st: st, pictures: o.Pictures, measure: o.Paper.Width - 2*d.Margins.Side, body: bodyHeight(d), s: newStructure(d)}
	if c.pictures == nil {
		c.pictures = func(string) *page.Picture { return nil }
	}
	d.Blocks = c.titleBlock(d.Blocks, a)
	d.Blocks = c.bodyBlocks(d.Blocks, a.Body, LargePrint(o.Scale, lang))
	d.Notes, d.NoteRule = c.notes, doc.Rule{Width: pts(0.4), Color: grey}
	return d
}

// d is the document being made.
func (c *composer) d() *doc.Document { return c.s.d }

// composer maps one article.
type composer struct {
	st       *styles
	pictures Pictures
	measure  page.Unit // the text's width
	body     page.Unit // the page body's height, near enough
	notes    map[string]doc.Block
	bodyText string // the body's running text as textKey gives it, once a pull quote asks
	s        *structure
}

// LargePrintScale is the font scale from which the body is set as large
// print: ragged right, hyphenated only where a line would otherwise stop far
// short. The +A button serves readers who need large type, and large-print
// guidance (RNIB's Clear Print, APH's) sets it ragged: justified at these
// sizes, a line holds few words, and its spaces stretch into rivers (at
// scale 2.5, 14 % of the sample's justified lines had spaces over twice
// their width).
const LargePrintScale = 2.0

// LargePrint reports whether an article in language lang at scale is set
// as large print. Chinese and Japanese are not: they are set on a grid of
// characters, and justified by spacing every character a little, which
// leaves no rivers at any size; a ragged edge would only break the grid.
func LargePrint(scale float64, lang string) bool {
	if scale < LargePrintScale {
		return false
	}
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	return base != "zh" && base != "ja" && base != "yue"
}

func info(a *article.Article, o Options, lang string) page.Info {
	author := strings.TrimSpace(strings.TrimPrefix(a.Byline, "By "))
	if author == "" {
		author = o.Publication
	}
	created := a.Published
	if created.IsZero() {
		created = time.Unix(0, 0).UTC() // deterministic: never the clock
	}
	return page.Info{
		Title: a.Title, Author: author, Subject: a.Standfirst,
		Creator: "pdfexport", Lang: lang, Created: created,
	}
}

// titleBlock appends the date, title, standfirst, byline and URL, set
// ragged, as one unit that is never split across pages, closed by a rule
// and padded to whole body lines so that the body below sits on the grid.
func (c *composer) titleBlock(out []doc.Block, a *article.Article) []doc.Block {
	st := c.st
	add := func(text, link string, s doc.Style, gapAfter page.Unit) {
		if text == "" {
			return
		}
		out = append(out, doc.Block{
			Spans: []doc.Span{{Text: text, Style: s, Link: link}}, Style: s,
			Ragged: true, KeepNext: true, SpaceAfter: gapAfter, Orphans: orphans, Widows: widows,
		})
		c.s.tag(&out[len(out)-1], "P")
	}
	add(a.Date, "", st.date, st.date.Size/2)
	add(a.Title, "", st.title, st.title.Size/3)
	if a.Title != "" {
		out[len(out)-1].Bookmark = a.Title
		c.d().Elems[out[len(out)-1].Elem].Role = "H1"
		c.s.heading = 1
	}
	add(a.Standfirst, "", st.standfirst, st.standfirst.Size/2)
	add(a.Byline, "", st.byline, 0)
	add(a.URL, a.URL, st.url, 0)
	if a.Lead != nil && a.Lead.Figure != nil {
		first := len(out)
		out = c.figure(out, a.Lead.Figure, page.Unit(float64(c.body)*maxLead), false)
		for i := first; i < len(out); i++ {
			out[i].KeepNext, out[i].GridAfter = true, false // part of the title block
		}
		if first < len(out) {
			out[first].SpaceBefore = st.body.Leading / 2
		}
	}
	return append(out, doc.Block{
		SpaceBefore: st.body.Leading / 2,
		Rule:        &doc.Rule{Width: pts(0.5), Color: grey},
		GridAfter:   true,
	})
}

// bodyBlocks appends the article's blocks: headings kept with the two lines
// after them and preceded by a line of space; quotes and lists set off by
// half a line above and below as a group; paragraphs after the first of a
// run indented; figures floated; pull quotes, notes and embeds set off
// whole; footnotes at the foot of the page of their first reference, or,
// when nothing refers to them, gathered at the end under a rule. In large print
// (LargePrint) text is set ragged right, hyphenated sparingly.
func (c *composer) bodyBlocks(out []doc.Block, blocks []article.Block, largePrint bool) []doc.Block {
	st := c.st
	lead := st.body.Leading
	prev := article.BlockKind(255)
	var notes []article.Block
	referenced := map[string]bool{}
	for _, b := range blocks {
		eachRun(b, func(r article.Run) {
			if r.Note != "" {
				referenced[r.Note] = true
			}
		})
	}
	from, lang := 0, ""
	for i, b := range blocks {
		c.s.language(from, lang)
		from, lang = len(c.d().Elems), b.Lang
		c.s.setLang(b.Lang)
		next := article.BlockKind(255)
		if i+1 < len(blocks) {
			next = blocks[i+1].Kind
		}
		var d doc.Block
		switch b.Kind {
		case article.Heading:
			hs, level := st.heading, 1
			switch b.Level {
			case 3:
				hs, level = st.heading3, 2
			case 4:
				hs, level = st.heading4, 3
			}
			d = doc.Block{Style: hs, Ragged: true, Whole: true, KeepLines: 2, Bookmark: b.Text(), Level: level}
			d.Elem = c.s.headingElem(level + 1)
			if i > 0 {
				d.SpaceBefore = lead
			}
		case article.Quote:
			d = doc.Block{Style: st.quote, Start: st.blockIndent, End: st.blockIndent}
			if prev != article.Quote {
				c.s.close()
			}
			d.Elem = c.s.quoted()
			if prev != article.Quote {
				d.SpaceBefore = lead / 2
			}
			if next != article.Quote && len(b.Cite) == 0 {
				d.SpaceAfter = lead - lead/2
			}
		case article.ListItem:
			depth := page.Unit(max(b.Level, 0) + 1)
			d = doc.Block{Style: st.body, Start: st.listIndent * depth, Marker: bullets[int(depth-1)%len(bullets)]}
			if prev != article.ListItem {
				c.s.close()
			}
			d.MarkerElem, d.Elem = c.s.item(int(depth - 1))
			if b.Ordered {
				d.Marker = strconv.Itoa(b.Number) + "."
			}
			if prev != article.ListItem {
				d.SpaceBefore = lead / 2
			}
			if next != article.ListItem {
				d.SpaceAfter = lead - lead/2
			}
		case article.Figure:
			if b.Figure != nil {
				out = c.figure(out, b.Figure, page.Unit(float64(c.body)*maxFigure), true)
			}
			// prev stays: a figure floats, and the paragraph after it
			// continues the text (indented) wherever the figure lands.
			continue
		case article.PullQuote:
			if c.bodyText == "" {
				c.bodyText = textKey(blocks)
			}
			out = c.pullQuote(out, b, repeats(c.bodyText, b.Text()))
			prev = b.Kind
			continue
		case article.Divider:
			out = append(out, doc.Block{SpaceBefore: lead / 2, Rule: &doc.Rule{Width: pts(0.5), Color: grey}, SpaceAfter: lead / 2, GridAfter: true})
			prev = b.Kind
			continue
		case article.Preformatted:
			out = c.preformatted(out, b)
			prev = b.Kind
			continue
		case article.Note:
			out = c.note(out, b)
			prev = b.Kind
			continue
		case article.Embed:
			out = c.embed(out, b.Embed)
			prev = b.Kind
			continue
		case article.Footnote:
			if referenced[b.ID] {
				if c.notes == nil {
					c.notes = map[string]doc.Block{}
				}
				c.notes[b.ID] = c.footnote(b)
			} else {
				notes = append(notes, b) // at the end: nothing says which page it belongs to
			}
			continue
		case article.Table:
			out = c.table(out, b.Table)
			prev = b.Kind
			continue
		default:
			d = doc.Block{Style: st.body, Elem: c.s.block("P")}
			if prev == article.Paragraph {
				d.FirstIndent = st.indent // not the first paragraph, nor one after a heading, quote or list
			}
		}
		if largePrint && b.Kind != article.Heading {
			d.Ragged, d.Hyphenate = true, true
		}
		d.Orphans, d.Widows = orphans, widows
		d.Spans = c.spans(b.Runs, d.Style)
		c.s.inline(d.Spans, d.Elem)
		out = append(out, d)
		if len(b.Cite) > 0 {
			out = append(out, c.citation(b.Cite, st.blockIndent, next != article.Quote))
			// The citation is part of its quote (only a Quote has one here).
			cb := &out[len(out)-1]
			cb.Elem = c.s.quoted()
			c.s.inline(cb.Spans, cb.Elem)
		}
		prev = b.Kind
	}
	c.s.language(from, lang)
	c.s.setLang("")
	return c.footnotes(out, notes)
}

// eachRun calls f with every run of b: its text, citation, caption and
// table cells, wherever a footnote may be referred to.
func eachRun(b article.Block, f func(article.Run)) {
	all := [][]article.Run{b.Runs, b.Cite}
	if b.Figure != nil {
		all = append(all, b.Figure.Caption)
	}
	if b.Table != nil {
		all = append(all, b.Table.Caption)
		for _, row := range b.Table.Rows {
			for _, c := range row.Cells {
				all = append(all, c.Runs)
			}
		}
	}
	for _, rs := range all {
		for _, r := range rs {
			f(r)
		}
	}
}

// bullets mark the items of nested lists, by depth.
var bullets = []string{"•", "◦", "▪"}

// spans converts a block's runs to spans in its style's faces: code in the
// monospaced face at 90 % (its x-height is the serif's at that size),
// superscripts and subscripts at 70 % raised by a third or lowered by a
// sixth, small text at 85 %.
//
// A span's language is its run's, else its block's (see structure.setLang),
// where that differs from the document's.
func (c *composer) spans(runs []article.Run, base doc.Style) []doc.Span {
	out := make([]doc.Span, 0, len(runs))
	for _, r := range runs {
		s := base
		s.Face = faceFor(base.Face, r.Style)
		if r.Style&article.Code != 0 {
			s.Face, s.Size = fonts.Mono, s.Size*9/10
		}
		if r.Style&article.Small != 0 {
			s.Size = base.Size * 85 / 100
		}
		switch {
		case r.Style&article.Super != 0 || r.Note != "":
			s.Size, s.Rise = s.Size*70/100, base.Size/3
		case r.Style&article.Sub != 0:
			s.Size, s.Rise = s.Size*70/100, -base.Size/6
		}
		s.Strike = r.Style&article.Strike != 0
		link := r.Link
		if r.Note != "" {
			link = "#" + r.Note // layout sets the note at the foot of this page
		}
		lang := cmp.Or(r.Lang, c.s.lang)
		if strings.EqualFold(lang, c.d().Lang) {
			lang = ""
		}
		out = append(out, doc.Span{Text: r.Text, Style: s, Link: link, Lang: lang})
	}
	return out
}

// english is the language of the words the renderer itself writes in
// English ("Image unavailable"), as a span's language: empty in an
// English document.
func (c *composer) english() string {
	base, _, _ := strings.Cut(c.d().Lang, "-")
	if strings.EqualFold(base, "en") {
		return ""
	}
	return "en"
}

// faceFor returns the face for inline style st in a block whose base face is
// base. Italic toggles in an italic block; sans blocks (headings) are bold.
func faceFor(base fonts.Face, st article.Style) fonts.Face {
	switch base {
	case fonts.Sans, fonts.SansBold:
		return base
	}
	italic := base == fonts.SerifItalic || base == fonts.SerifBoldItalic
	bold := base == fonts.SerifBold || base == fonts.SerifBoldItalic
	if st&article.Italic != 0 {
		italic = !italic
	}
	if st&article.Bold != 0 {
		bold = true
	}
	switch {
	case italic && bold:
		return fonts.SerifBoldItalic
	case italic:
		return fonts.SerifItalic
	case bold:
		return fonts.SerifBold
	}
	return fonts.Serif
}
