// Package layout typesets an article into pages: it measures text with the
// embedded fonts' metrics, breaks paragraphs into lines with the Knuth–Plass
// algorithm, fills pages under widow and orphan rules, and composes the page
// furniture (footer with the rights line and "page N of M") last, when the
// page count is known. It emits the neutral page model and imports neither the
// PDF library nor anything of HTTP.
//
// All lengths are integers (page.Unit), so a layout is exactly reproducible.
package layout

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"pdfexport/article"
	"pdfexport/fonts"
	"pdfexport/render/page"
)

// Paper is a page size.
type Paper struct {
	Name          string
	Width, Height page.Unit
}

// The supported paper sizes.
var (
	A4     = Paper{"a4", page.FromPoints(595.276), page.FromPoints(841.890)}
	Letter = Paper{"letter", page.FromPoints(612), page.FromPoints(792)}
)

// Options control one layout. The caller validates them (see package render).
type Options struct {
	Paper       Paper
	Scale       float64 // font scale: 1 is the normal size
	Publication string  // the publisher's name, for metadata
	Rights      string  // the footer's rights line
	Lang        string  // language when the article declares none
}

// Stats describe a finished layout.
type Stats struct {
	Pages         int
	MissingGlyphs int // characters drawn as fonts.Replacement
}

// Furniture sizes do not follow the font scale: the footer must stay legible
// and in its place at every scale.
const (
	footerSize    = 7.5
	footerLeading = 10
)

var (
	black = page.Color{}
	grey  = page.Color{R: 96, G: 96, B: 96}
	blue  = page.Color{R: 24, G: 74, B: 150}
)

// geometry is the page grid, in units.
type geometry struct {
	width, height  page.Unit
	left, measure  page.Unit
	top, bottom    page.Unit // body area
	footerBaseline page.Unit // baseline of the footer's last line
}

// styles are the text styles of one layout, sized for its scale.
type styles struct {
	body, date, title, standfirst, byline, url, footer *style
	indent, afterTitleBlock                            page.Unit
}

func pts(p float64) page.Unit { return page.FromPoints(p) }

func newStyles(scale float64) *styles {
	s := func(p float64) page.Unit { return pts(p * scale) }
	// The title grows more slowly than the text, so that at large scales its
	// longest words still fit the measure.
	ts := func(p float64) page.Unit { return pts(p * math.Pow(scale, 0.6)) }
	return &styles{
		body:            newStyle(fonts.Serif, s(11), s(15), black),
		date:            newStyle(fonts.Sans, s(9), s(13), grey),
		title:           newStyle(fonts.SansBold, ts(24), ts(29), black),
		standfirst:      newStyle(fonts.SerifItalic, s(14), s(19), black),
		byline:          newStyle(fonts.SansBold, s(9), s(13), black),
		url:             newStyle(fonts.Sans, s(8.5), s(12), blue),
		footer:          newStyle(fonts.Sans, pts(footerSize), pts(footerLeading), grey),
		indent:          s(16.5),
		afterTitleBlock: s(22),
	}
}

// layouter holds the state of one layout.
type layouter struct {
	opt Options
	st  *styles
	geo geometry
	sh  shaper
}

// Layout typesets a into pages. It stops early with ctx's error when ctx is
// done.
func Layout(ctx context.Context, a *article.Article, opt Options) (*page.Document, Stats, error) {
	l := &layouter{opt: opt, st: newStyles(opt.Scale)}
	l.geo = geometry{
		width: opt.Paper.Width, height: opt.Paper.Height,
		left: pts(72), measure: opt.Paper.Width - pts(144),
		top: pts(64), footerBaseline: opt.Paper.Height - pts(40),
	}
	footer := l.footerLines(opt.Rights)
	l.geo.bottom = l.footerTop(len(footer)) - pts(16)

	var flow []vitem
	flow = append(flow, l.titleBlock(a)...)
	for i, p := range a.Body {
		if err := ctx.Err(); err != nil {
			return nil, Stats{}, fmt.Errorf("layout: %w", err)
		}
		indent := l.st.indent
		if i == 0 {
			indent = 0
		}
		flow = append(flow, l.paragraph(p, l.st.body, paragraphOpts{indent: indent})...)
	}
	pages := paginate(flow, l.geo.bottom-l.geo.top)

	doc := &page.Document{Width: l.geo.width, Height: l.geo.height, Info: l.info(a)}
	for n, content := range pages {
		var pg page.Page
		y := l.geo.top
		for _, v := range content {
			v.place(&pg, y)
			if v.bookmark != "" {
				doc.Outline = append(doc.Outline, page.Bookmark{Title: v.bookmark, Page: n, Y: y})
			}
			y += v.height
		}
		l.drawFooter(&pg, footer, n+1, len(pages))
		doc.Pages = append(doc.Pages, pg)
	}
	return doc, Stats{Pages: len(doc.Pages), MissingGlyphs: l.sh.missing}, nil
}

func (l *layouter) info(a *article.Article) page.Info {
	author := strings.TrimSpace(strings.TrimPrefix(a.Byline, "By "))
	if author == "" {
		author = l.opt.Publication
	}
	lang := a.Lang
	if lang == "" {
		lang = l.opt.Lang
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

// titleBlock sets the date, title, standfirst, byline and URL as one unit
// that is never split across pages, followed by a rule.
func (l *layouter) titleBlock(a *article.Article) []vitem {
	var block []vitem
	add := func(text string, st *style, gapAfter page.Unit, link string) {
		if text == "" {
			return
		}
		lines := l.paragraph(text, st, paragraphOpts{ragged: true, link: link})
		block = append(block, lines...)
		if gapAfter > 0 {
			block = append(block, vitem{height: gapAfter})
		}
	}
	add(a.Date, l.st.date, l.st.date.size/2, "")
	titleStart := len(block)
	add(a.Title, l.st.title, l.st.title.size/3, "")
	block[titleStart].bookmark = a.Title
	add(a.Standfirst, l.st.standfirst, l.st.standfirst.size/2, "")
	add(a.Byline, l.st.byline, 0, "")
	add(a.URL, l.st.url, 0, a.URL)
	gap := l.st.afterTitleBlock / 2
	rule := page.Rule{X1: l.geo.left, X2: l.geo.left + l.geo.measure, Y1: gap, Y2: gap, Width: pts(0.5), Color: grey}
	block = append(block, vitem{height: gap, rules: []page.Rule{rule}})
	for i := range block {
		block[i].breakBefore = false
		block[i].space = false
	}
	block[0].breakBefore = true
	return append(block, vitem{height: l.st.afterTitleBlock - gap, space: true, breakBefore: true})
}

// paragraph breaks text into lines and returns them as vertical items that
// carry the widow and orphan rules: no page break after a paragraph's first
// line or before its last.
func (l *layouter) paragraph(text string, st *style, o paragraphOpts) []vitem {
	p := breakParams{width: l.geo.measure}
	if o.ragged {
		p.rightStretch = st.size * 3
	}
	items := l.sh.items(text, st, l.geo.measure, o)
	lines := breakLines(items, p)
	out := make([]vitem, len(lines))
	for i, ln := range lines {
		out[i] = vitem{
			height:      st.leading,
			breakBefore: i == 0 || (i >= 2 && i <= len(lines)-2),
		}
		setLine(&out[i], items, ln, l.geo.left, st)
	}
	return out
}

// setLine positions the boxes of one line, distributing the line's shortfall
// or excess over its glue in proportion to each glue's stretch or shrink.
// Adjacent boxes of one style and link are drawn as one text run.
func setLine(v *vitem, items []item, ln line, left page.Unit, st *style) {
	extra := ln.target - ln.natural
	var total page.Unit
	switch {
	case extra > 0 && ln.stretch < fill:
		total = ln.stretch
	case extra < 0:
		total = ln.shrink
		extra = max(extra, -total)
	}
	baseline := st.baseline()
	x := left
	var cum, done page.Unit // glue flexibility so far, and the adjustment given out
	var cur *run            // the style of the open text run, if any
	emit := func(r *run, width page.Unit) {
		if cur != nil && cur.style == r.style && cur.link == r.link {
			v.texts[len(v.texts)-1].S += r.text
		} else {
			v.texts = append(v.texts, page.Text{X: x, Y: baseline, Face: r.style.face, Size: r.style.size, Color: r.style.color, S: r.text})
			if r.link != "" {
				v.links = append(v.links, page.Link{X: x, H: st.leading, URL: r.link})
			}
		}
		if r.link != "" {
			lk := &v.links[len(v.links)-1]
			lk.W = x + width - lk.X
		}
		cur = r
		x += width
	}
	for _, it := range items[ln.start:ln.end] {
		switch it.kind {
		case boxItem:
			if it.run == nil {
				x += it.width // an indent
				cur = nil
				continue
			}
			emit(it.run, it.width)
		case glueItem:
			flex := it.stretch
			if extra < 0 {
				flex = it.shrink
			}
			x += it.width
			if total > 0 {
				cum += flex
				adj := page.Unit(int64(extra) * int64(cum) / int64(total))
				x += adj - done
				done = adj
			}
			cur = nil
		}
	}
	if ln.breakAt < len(items) {
		if b := items[ln.breakAt]; b.kind == penaltyItem && b.run != nil {
			emit(b.run, b.width)
		}
	}
}
