// Package layout typesets an article into pages. It measures text with the
// embedded fonts' metrics, turns it into boxes, glue and penalties, breaks
// paragraphs into lines with the Knuth–Plass algorithm (with Liang
// hyphenation in the article's language), fills pages line by line under
// widow, orphan and keep-with-next rules, and composes the page furniture —
// running head, footer with the rights line and "page N of M" — last, when the
// page count is known. It emits the neutral page model and imports neither the
// PDF library nor anything of HTTP.
//
// All lengths are integers (page.Unit), so a layout is exactly reproducible.
//
// Typographic choices, measured as the README's Typography section says:
//   - Body text is justified at every scale and sits on a baseline grid:
//     headings take whole lines, the title block is padded to whole lines,
//     quotes and lists add half a line above and below.
//   - The side margins close in from an inch at scale 1 to 54 pt from scale
//     1.5 on, so that a line keeps about 30 ems at 1.5 and 22 at 2: enough
//     words to justify well. (Narrower margins, 40 pt at 2 and more, did not
//     measurably reduce loose lines.)
//   - A paragraph that cannot be set with every space under twice its width
//     (see linebreak.go's passes) is set with the fewest such loose lines,
//     never with a lone word stretched across a line.
//   - Ragged-right setting is kept for the title block and the furniture.
package layout

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-text/typesetting/language"

	"pdfexport/article"
	"pdfexport/fonts"
	"pdfexport/render/hyphen"
	"pdfexport/render/page"
	"pdfexport/render/text"
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
	Publication string  // the publisher's name, for metadata and the running head
	Rights      string  // the footer's rights line
	Lang        string  // language when the article declares none
	MaxPages    int     // the most pages a document may have; 0: no limit
}

// ErrTooManyPages is returned when a document would need more pages than
// Options.MaxPages allows.
var ErrTooManyPages = errors.New("too many pages")

// Stats describe a layout. A failed layout reports the work it did before
// it stopped (BreakerWork), and nothing else.
type Stats struct {
	Pages         int
	MissingGlyphs int   // characters drawn as fonts.Replacement
	BreakerWork   int64 // breakpoints the line breaker examined: its cost, without a clock
	ForcedBreaks  []int // pages (from 1) after which a run of lines with no legal break, taller than a page, was split
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

// geometry is the page grid, in units.
type geometry struct {
	width, height  page.Unit
	left, measure  page.Unit
	top, bottom    page.Unit // body area
	headBaseline   page.Unit // baseline of the running head
	footerBaseline page.Unit // baseline of the footer's last line
}

// styles are the text styles of one layout, sized for its scale.
type styles struct {
	body, quote, heading                                    *style
	date, title, standfirst, byline, url, footer, runningHd *style
	indent, blockIndent, listIndent                         page.Unit
}

func pts(p float64) page.Unit { return page.FromPoints(p) }

func newStyles(scale float64) *styles {
	s := func(p float64) page.Unit { return pts(p * scale) }
	// The title grows more slowly than the text, so that at large scales its
	// longest words still fit the measure.
	ts := func(p float64) page.Unit { return pts(p * math.Pow(scale, 0.6)) }
	return &styles{
		body:        newStyle(fonts.Serif, s(11), s(15), black),
		quote:       newStyle(fonts.SerifItalic, s(10.5), s(15), black),
		heading:     newStyle(fonts.SansBold, s(12.5), s(15), black),
		date:        newStyle(fonts.Sans, s(9), s(13), grey),
		title:       newStyle(fonts.SansBold, ts(24), ts(29), black),
		standfirst:  newStyle(fonts.SerifItalic, s(14), s(19), black),
		byline:      newStyle(fonts.SansBold, s(9), s(13), black),
		url:         newStyle(fonts.Sans, s(8.5), s(12), blue),
		footer:      newStyle(fonts.Sans, pts(footerSize), pts(footerLeading), grey),
		runningHd:   newStyle(fonts.Sans, pts(footerSize), pts(footerLeading), grey),
		indent:      s(16.5),
		blockIndent: s(22),
		listIndent:  s(22),
	}
}

// layouter holds the state of one layout.
type layouter struct {
	opt  Options
	st   *styles
	geo  geometry
	sh   shaper
	br   breaker // carries the context; its error, once set, ends the layout
	lang string  // the article's language, or the default

	spent      page.Unit // height of the lines laid out so far
	pageBudget page.Unit // spent beyond this needs more than MaxPages pages; 0 until known
}

// Layout typesets a into pages. It stops early with ctx's error when ctx is
// done.
func Layout(ctx context.Context, a *article.Article, opt Options) (*page.Document, Stats, error) {
	l := &layouter{opt: opt, st: newStyles(opt.Scale), br: breaker{ctx: ctx}}
	margin := SideMargin(opt.Scale)
	l.geo = geometry{
		width: opt.Paper.Width, height: opt.Paper.Height,
		left: margin, measure: opt.Paper.Width - 2*margin,
		top: pts(64), headBaseline: pts(44), footerBaseline: opt.Paper.Height - pts(40),
	}
	l.lang = cmp.Or(a.Lang, opt.Lang)
	if h, ok := hyphen.ForLang(l.lang); ok {
		l.sh.hyph = h
	}
	l.sh.lang = language.NewLanguage(l.lang)
	l.sh.shapes = text.NewShaper()
	defer l.sh.shapes.Close()
	footer := l.footerLines(opt.Rights)
	// The body area holds a whole number of body lines.
	lead := l.st.body.leading
	l.geo.bottom = l.geo.top + (l.footerTop(len(footer))-pts(14)-l.geo.top)/lead*lead
	l.spent, l.pageBudget = 0, page.Unit(opt.MaxPages+1)*(l.geo.bottom-l.geo.top)

	flow := l.titleBlock(a)
	body, err := l.bodyFlow(ctx, a.Body)
	flow = append(flow, body...)
	var pages [][]vitem
	var forced []int
	if err == nil {
		pages, forced, err = paginate(ctx, flow, l.geo.bottom-l.geo.top)
	}
	if err == nil {
		err = l.br.err // a paragraph of the title block or furniture cut short
	}
	if errors.Is(err, ErrTooManyPages) {
		return nil, Stats{BreakerWork: l.br.work}, err
	}
	if err != nil {
		return nil, Stats{BreakerWork: l.br.work}, fmt.Errorf("layout: %w", err)
	}
	if opt.MaxPages > 0 && len(pages) > opt.MaxPages {
		return nil, Stats{BreakerWork: l.br.work}, fmt.Errorf("%w: the article needs %d pages at scale %g; the limit is %d", ErrTooManyPages, len(pages), opt.Scale, opt.MaxPages)
	}

	doc := &page.Document{Width: l.geo.width, Height: l.geo.height, Info: l.info(a)}
	var head vitem
	if len(pages) > 1 {
		head = l.runningHead(a.Title)
	}
	for n, content := range pages {
		var pg page.Page
		if n > 0 {
			l.drawRunningHead(&pg, &head) // first, so a page's text reads from the top
		}
		y := l.geo.top
		for _, v := range content {
			v.place(&pg, y)
			if v.bookmark != "" {
				doc.Outline = append(doc.Outline, page.Bookmark{Title: v.bookmark, Level: v.level, Page: n, Y: y})
			}
			y += v.height
		}
		l.drawFooter(&pg, footer, n+1, len(pages))
		doc.Pages = append(doc.Pages, pg)
	}
	return doc, Stats{Pages: len(doc.Pages), MissingGlyphs: l.sh.missing, BreakerWork: l.br.work, ForcedBreaks: forced}, nil
}

// SideMargin is the left and right margin: an inch at normal sizes, closing
// in as the type grows so that a line keeps enough words to justify well.
// The print page (render/printhtml) sets the same, so both forms of an
// article have one formula.
func SideMargin(scale float64) page.Unit {
	return pts(max(72-36*max(scale-1, 0), 54))
}

func (l *layouter) info(a *article.Article) page.Info {
	author := strings.TrimSpace(strings.TrimPrefix(a.Byline, "By "))
	if author == "" {
		author = l.opt.Publication
	}
	created := a.Published
	if created.IsZero() {
		created = time.Unix(0, 0).UTC() // deterministic: never the clock
	}
	return page.Info{
		Title: a.Title, Author: author, Subject: a.Standfirst,
		Creator: "pdfexport", Lang: cmp.Or(a.Lang, l.opt.Lang), Created: created,
	}
}

// plain is a single unstyled span.
func plain(text string, st *style) []span { return []span{{text: text, style: st}} }

// titleBlock sets the date, title, standfirst, byline and URL as one unit
// that is never split across pages, followed by a rule, and padded to whole
// body lines so that the body below sits on the grid.
func (l *layouter) titleBlock(a *article.Article) []vitem {
	var block []vitem
	add := func(spans []span, st *style, gapAfter page.Unit) {
		if spans[0].text == "" {
			return
		}
		block = append(block, l.lines(spans, st, paragraphOpts{ragged: true, display: true, measure: l.geo.measure}, 0)...)
		if gapAfter > 0 {
			block = append(block, vitem{height: gapAfter})
		}
	}
	add(plain(a.Date, l.st.date), l.st.date, l.st.date.size/2)
	titleStart := len(block)
	add(plain(a.Title, l.st.title), l.st.title, l.st.title.size/3)
	block[titleStart].bookmark = a.Title
	add(plain(a.Standfirst, l.st.standfirst), l.st.standfirst, l.st.standfirst.size/2)
	add(plain(a.Byline, l.st.byline), l.st.byline, 0)
	add([]span{{text: a.URL, style: l.st.url, link: a.URL}}, l.st.url, 0)

	lead := l.st.body.leading
	gap := lead / 2
	rule := page.Rule{X1: l.geo.left, X2: l.geo.left + l.geo.measure, Y1: gap, Y2: gap, Width: pts(0.5), Color: grey}
	block = append(block, vitem{height: gap, rules: []page.Rule{rule}})
	var h page.Unit
	for i := range block {
		block[i].breakBefore = false
		h += block[i].height
	}
	block[0].breakBefore = true
	pad := lead + (lead-h%lead)%lead // at least a line of air, then back on the grid
	return append(block, vitem{height: pad, space: true, breakBefore: true, fallback: keepRulesOnly})
}

// bodyFlow lays out the article's blocks as vertical items.
func (l *layouter) bodyFlow(ctx context.Context, blocks []article.Block) ([]vitem, error) {
	var flow []vitem
	lead := l.st.body.leading
	prev := article.BlockKind(255)
	for i, b := range blocks {
		if err := cmp.Or(l.br.err, ctx.Err()); err != nil {
			return nil, err
		}
		next := article.BlockKind(255)
		if i+1 < len(blocks) {
			next = blocks[i+1].Kind
		}
		switch b.Kind {
		case article.Heading:
			if i > 0 {
				flow = append(flow, vitem{height: lead, space: true, breakBefore: true, fallback: keepRulesOnly})
			}
			st := l.st.heading
			lines := l.lines(l.spans(b.Runs, st), st, paragraphOpts{ragged: true, display: true, measure: l.geo.measure}, 0)
			lines[0].bookmark, lines[0].level = b.Text(), 1
			for j := range lines {
				lines[j].heading = true
				lines[j].breakBefore = j == 0
			}
			flow = append(flow, lines...)
		case article.Quote:
			if prev != article.Quote {
				flow = append(flow, vitem{height: lead / 2, space: true, breakBefore: true, fallback: keepRulesOnly})
			}
			st := l.st.quote
			ind := l.st.blockIndent
			flow = append(flow, l.lines(l.spans(b.Runs, st), st,
				paragraphOpts{measure: l.geo.measure - 2*ind}, ind)...)
			if next != article.Quote {
				flow = append(flow, vitem{height: lead - lead/2, space: true, breakBefore: true, fallback: keepRulesOnly})
			}
		case article.ListItem:
			if prev != article.ListItem {
				flow = append(flow, vitem{height: lead / 2, space: true, breakBefore: true, fallback: keepRulesOnly})
			}
			st := l.st.body
			marker := "•"
			if b.Ordered {
				marker = strconv.Itoa(b.Number) + "."
			}
			rtl := l.paragraphRTL(b.Text())
			runs := l.sh.line(st, marker, rtl)
			var mw page.Unit
			for _, r := range runs {
				mw += r.width
			}
			// The marker hangs in the indent: on the left, or on the right of
			// a right-to-left item. A number too wide for it ("100000.")
			// widens the item's indent rather than leave the page.
			ind := max(l.st.listIndent, mw+st.size/2)
			offset, markerX := ind, l.geo.left+ind-mw-st.size/2
			if rtl {
				offset, markerX = 0, l.geo.left+l.geo.measure-ind+st.size/2
			}
			lines := l.lines(l.spans(b.Runs, st), st, paragraphOpts{measure: l.geo.measure - ind}, offset)
			lines[0].texts = append(drawRuns(runs, markerX, st.baseline()), lines[0].texts...)
			flow = append(flow, lines...)
			if next != article.ListItem {
				flow = append(flow, vitem{height: lead - lead/2, space: true, breakBefore: true, fallback: keepRulesOnly})
			}
		default:
			indent := l.st.indent
			if prev != article.Paragraph {
				indent = 0 // the first paragraph, and one after a heading, quote or list
			}
			st := l.st.body
			flow = append(flow, l.lines(l.spans(b.Runs, st), st,
				paragraphOpts{indent: indent, measure: l.geo.measure}, 0)...)
		}
		prev = b.Kind
	}
	keepWithHeadings(flow, 2)
	return flow, nil
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

// spans converts a block's runs to spans in st and its variants.
func (l *layouter) spans(runs []article.Run, st *style) []span {
	out := make([]span, 0, len(runs))
	variants := map[fonts.Face]*style{st.face: st}
	for _, r := range runs {
		face := faceFor(st.face, r.Style)
		v, ok := variants[face]
		if !ok {
			v = st.with(face)
			variants[face] = v
		}
		out = append(out, span{text: r.Text, style: v, link: r.Link})
	}
	return out
}

// Long paragraphs are broken a piece at a time, so that a layout's memory
// does not grow with its longest paragraph (a 2 MiB paragraph took 300 MB
// at once): the breaker sees at most chunkBytes of text, then the lines it
// chose are kept but for the last carryLines, whose text goes on to the next
// piece. So every kept line was chosen knowing at least carryLines of what
// follows it, and a paragraph shorter than chunkBytes (every real one seen
// so far) is broken whole, exactly as before. A run of more than twice
// chunkBytes without white space (no real word is that long) is cut at a
// character boundary, and its pieces meet at a line end.
var chunkBytes = 16 << 10 // a variable only so that a test can compare with breaking whole

const carryLines = 3

// lines breaks a paragraph into lines and returns them as vertical items,
// shifted right by offset, carrying the widow and orphan rules (no page break
// after a paragraph's first line or before its last) and the rule that a
// word split at a line end is never split across pages.
func (l *layouter) lines(spans []span, st *style, o paragraphOpts, offset page.Unit) []vitem {
	p := breakParams{width: o.measure}
	if o.ragged {
		p.rightStretch, p.ragZone = st.size*2, st.size*3/2
	}
	all := spansText(spans)
	rtl := l.paragraphRTL(all)
	o.rtl = rtl
	var out []vitem
	var inWord []bool // per line of out: it ends inside a word
	for pos := 0; ; {
		end := cutPoint(all, pos, chunkBytes)
		piece := o
		if pos > 0 {
			piece.indent = 0
		}
		items := l.sh.items(subSpans(spans, len(all), pos, end), piece)
		lines, err := l.br.breakLines(items, p)
		if err != nil {
			// The layout will fail (see Layout); a blank line keeps the
			// callers' indexing valid until it does.
			return []vitem{{height: st.leading}}
		}
		next, keep := end, len(lines)
		if end < len(all) {
			if k, at := carryPoint(items, lines); k > 0 {
				next, keep = pos+at, k
			}
		}
		for _, ln := range lines[:keep] {
			v := vitem{height: st.leading}
			setLine(&v, items, ln, l.geo.left+offset, st, rtl)
			out = append(out, v)
			inWord = append(inWord, ln.inWord)
		}
		if l.spend(page.Unit(keep) * st.leading) {
			return []vitem{{height: st.leading}}
		}
		if end == len(all) {
			break
		}
		pos = next
	}
	for i := range out {
		widowOrphan := i == 0 || (i >= 2 && i <= len(out)-2)
		out[i].breakBefore = widowOrphan && (i == 0 || !inWord[i-1])
		switch {
		case out[i].breakBefore:
			out[i].fallback = keepRulesOnly
		case widowOrphan:
			out[i].fallback = wordRule
		}
	}
	return out
}

// spend counts height laid out against the page limit, and ends the layout
// (through the breaker's sticky error) once the text surely needs more pages
// than allowed: more than a page beyond the limit's worth of lines, as a page
// holds at most its body height. The exact count is checked when the pages
// are made; this only keeps a far too long article from being laid out whole.
func (l *layouter) spend(h page.Unit) bool {
	l.spent += h
	if l.opt.MaxPages <= 0 || l.pageBudget <= 0 || l.spent <= l.pageBudget || l.br.err != nil {
		return l.br.err != nil
	}
	l.br.err = fmt.Errorf("%w: the article needs more than %d pages at scale %g; the limit is %d", ErrTooManyPages, l.opt.MaxPages, l.opt.Scale, l.opt.MaxPages)
	return true
}

// cutPoint returns where the piece of text starting at pos ends: the end of
// the text when less than n bytes are left, else the first white space after
// pos+n, else (no white space within 2n) a character boundary near pos+2n
// that does not separate a mark, joiner or selector from its character.
func cutPoint(text string, pos, n int) int {
	if len(text)-pos <= n {
		return len(text)
	}
	limit := min(len(text), pos+2*n)
	for i := pos + n; i < limit; {
		r, size := utf8.DecodeRuneInString(text[i:])
		if isSpace(r) {
			return i
		}
		i += size
	}
	if limit == len(text) {
		return limit
	}
	i := limit
	for !utf8.RuneStart(text[i]) {
		i--
	}
	for i > pos+n {
		r, _ := utf8.DecodeRuneInString(text[i:])
		if !isMark(r) && !isDefaultIgnorable(r) {
			break
		}
		_, size := utf8.DecodeLastRuneInString(text[:i])
		i -= size
	}
	return i
}

// subSpans returns the part of spans covering bytes [from, to) of their
// joined text, which is total bytes long.
func subSpans(spans []span, total, from, to int) []span {
	if from == 0 && to == total {
		return spans
	}
	var out []span
	at := 0
	for _, sp := range spans {
		n := len(sp.text)
		if lo, hi := max(from-at, 0), min(to-at, n); lo < hi {
			sp.text = sp.text[lo:hi]
			out = append(out, sp)
		}
		at += n
	}
	return out
}

// spansText is the text of spans joined.
func spansText(spans []span) string {
	if len(spans) == 1 {
		return spans[0].text
	}
	var b strings.Builder
	for _, sp := range spans {
		b.WriteString(sp.text)
	}
	return b.String()
}

// carryPoint finds where the next piece of a long paragraph starts: the line
// k (at most carryLines from the end, and not the first) that begins a word
// after a break between words, and that word's offset in the piece. k is 0
// when there is none (a piece that is one long word): then every line is
// kept.
func carryPoint(items []item, lines []line) (k, at int) {
	for k = len(lines) - carryLines; k > 0; k-- {
		if lines[k-1].inWord {
			continue
		}
		if first := items[lines[k].start]; first.wordAt > 0 {
			return k, int(first.wordAt - 1)
		}
	}
	return 0, 0
}

// atom is one box of a line, placed.
type atom struct {
	x, w page.Unit
	run  *run
	gap  int // bidi level of the white space before it; -1: none (it follows the previous atom directly)
}

// setLine positions the boxes of one line, distributing the line's shortfall
// or excess over its glue in proportion to each glue's stretch or shrink,
// then puts them in visual order by their bidi levels (UAX #9, L2): a
// right-to-left paragraph's line is laid out from the right edge, and runs
// in the other direction inside a line read in their own order. Adjacent
// boxes of one style and link are drawn as one text run when they stand in
// left-to-right order.
func setLine(v *vitem, items []item, ln line, left page.Unit, st *style, rtl bool) {
	extra := ln.target - ln.natural
	var total page.Unit
	switch {
	case extra > 0 && ln.stretch < fill:
		total = ln.stretch
	case extra < 0:
		total = ln.shrink
		extra = max(extra, -total)
	}
	x := left
	var cum, done page.Unit // glue flexibility so far, and the adjustment given out
	atoms := make([]atom, 0, ln.end-ln.start+1)
	gap := -1
	mixed := rtl
	for _, it := range items[ln.start:ln.end] {
		switch it.kind {
		case boxItem:
			if it.run == nil {
				x += it.width // an indent
				continue
			}
			atoms = append(atoms, atom{x, it.width, it.run, gap})
			gap = -1
			mixed = mixed || it.run.level > 0
			x += it.width
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
			gap = int(it.level)
		}
	}
	if ln.breakAt < len(items) {
		if b := items[ln.breakAt]; b.kind == penaltyItem && b.run != nil {
			atoms = append(atoms, atom{x, b.width, b.run, -1})
		}
	}
	if mixed {
		reorder(atoms, left, ln.target, rtl)
	}
	baseline := st.baseline()
	var b textBuilder
	for _, a := range atoms {
		b.reserve(a.run)
	}
	b.begin(v.texts)
	for i, a := range atoms {
		r := a.run
		if i > 0 && a.gap >= 0 && !atoms[i-1].run.rtl() {
			// The white space between words is drawn as the face's space
			// glyph at the word's end, so that text extraction finds the
			// word break from the character, not from a guess at the gap
			// (pdftotext joined Korean words set 0.23 em apart).
			prev := atoms[i-1]
			b.space(prev.run.style, prev.x+prev.w)
		}
		if i > 0 && !r.rtl() {
			prev := atoms[i-1]
			if pr := prev.run; pr.style == r.style && pr.link == r.link && !pr.rtl() && prev.x+prev.w <= a.x {
				b.run(r, a.x)
				if r.link != "" {
					lk := &v.links[len(v.links)-1]
					lk.W = a.x + a.w - lk.X
				}
				continue
			}
		}
		b.start(page.Text{X: a.x, Y: baseline, Face: r.style.face, Size: r.style.size, Color: r.style.color})
		b.run(r, a.x)
		if r.link != "" {
			v.links = append(v.links, page.Link{X: a.x, W: a.w, H: st.leading, URL: r.link})
		}
	}
	v.texts = b.done()
}

// reorder turns the logical, left-to-right positions of a line's atoms into
// their visual positions by UAX #9's rule L2: from the highest level on the
// line down to the lowest odd one, every maximal sequence of atoms at that
// level or higher (joined directly, or by white space at that level or
// higher) is mirrored within its own extent, which reverses it and keeps
// its gaps. At level 1 of a right-to-left paragraph the whole line is one
// sequence, mirrored within the line's box, so the line is set from the
// right edge.
func reorder(atoms []atom, left, width page.Unit, rtl bool) {
	top := 0
	for _, a := range atoms {
		top = max(top, int(a.run.level))
	}
	mirror := func(from, to int, lo, hi page.Unit) {
		for k := from; k <= to; k++ {
			atoms[k].x = lo + hi - atoms[k].x - atoms[k].w
		}
	}
	for lvl := top; lvl >= 1; lvl-- {
		if lvl == 1 && rtl {
			mirror(0, len(atoms)-1, left, left+width)
			break
		}
		for i := 0; i < len(atoms); {
			if int(atoms[i].run.level) < lvl {
				i++
				continue
			}
			j := i
			for j+1 < len(atoms) && int(atoms[j+1].run.level) >= lvl && (atoms[j+1].gap < 0 || atoms[j+1].gap >= lvl) {
				j++
			}
			lo, hi := atoms[i].x, atoms[i].x+atoms[i].w
			for _, a := range atoms[i : j+1] {
				lo, hi = min(lo, a.x), max(hi, a.x+a.w)
			}
			mirror(i, j, lo, hi)
			i = j + 1
		}
	}
}

// drawRuns draws runs one after another, left to right from x, on the
// baseline y: short furniture (a list marker, a page number).
func drawRuns(runs []*run, x, y page.Unit) []page.Text {
	var b textBuilder
	for _, r := range runs {
		b.reserve(r)
	}
	b.begin(make([]page.Text, 0, len(runs)))
	for _, r := range runs {
		b.start(page.Text{X: x, Y: y, Face: r.style.face, Size: r.style.size, Color: r.style.color})
		b.run(r, x)
		x += r.width
	}
	return b.done()
}

// paragraphRTL decides a paragraph's direction by its first strong
// character (UAX #9, P2); a paragraph without one (a date, a number) takes the
// direction of the article's language.
func (l *layouter) paragraphRTL(text string) bool {
	base, _, _ := strings.Cut(strings.ToLower(l.lang), "-")
	return l.sh.itemiser.ParagraphRTL(text, rtlLangs[base])
}
