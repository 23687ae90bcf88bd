// Package layout sets a neutral document (package doc) into pages. It
// shapes and measures text through package text, turns it into boxes, glue
// and penalties, breaks paragraphs into lines with the Knuth–Plass
// algorithm (with Liang hyphenation in the document's language), fills pages
// line by line under the blocks' widow, orphan and keep rules, and draws the
// page furniture — running head, footer with its text and page labels —
// last, when the page count is known. It emits the neutral page model and
// knows neither articles, nor a concrete font package, nor the PDF library:
// what to set, in which faces and sizes, is the document's (see package
// compose for an article's).
//
// All lengths are integers (page.Unit), so a layout is exactly reproducible.
//
// Typographic choices, measured as the README's Typography section says:
//   - Justified text sits on a baseline grid: the body area holds whole
//     grid lines, and a block can ask to be padded back onto the grid.
//   - A paragraph that cannot be set with every space under twice its width
//     (see linebreak.go's passes) is set with the fewest such loose lines,
//     never with a lone word stretched across a line.
//   - Ragged blocks are never hyphenated, but for those that ask to be
//     (large print), where a line would otherwise stop far short.
package layout

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/go-text/typesetting/language"

	"pdfexport/render/doc"
	"pdfexport/render/hyphen"
	"pdfexport/render/page"
	"pdfexport/render/text"
)

// Options control one layout.
type Options struct {
	MaxPages int // the most pages a document may have; 0: no limit
}

// ErrTooManyPages is returned, wrapped in a *PageLimitError, when a
// document would need more pages than Options.MaxPages allows.
var ErrTooManyPages = errors.New("too many pages")

// PageLimitError says how far over Options.MaxPages a document went.
type PageLimitError struct {
	Pages int  // the pages the document needs, or (More) that were laid out when it stopped
	More  bool // Pages is a lower bound: the layout stopped early
	Limit int
}

func (e *PageLimitError) Error() string {
	more := ""
	if e.More {
		more = "more than "
	}
	return fmt.Sprintf("%v: the document needs %s%d pages; the limit is %d", ErrTooManyPages, more, e.Pages, e.Limit)
}

func (e *PageLimitError) Unwrap() error { return ErrTooManyPages }

// Stats describe a layout. A failed layout reports the work it did before
// it stopped (BreakerWork), and nothing else.
type Stats struct {
	Pages         int
	MissingGlyphs int   // characters no face has, drawn as .notdef
	BreakerWork   int64 // breakpoints the line breaker examined: its cost, without a clock
	ForcedBreaks  []int // pages (from 1) after which a run of lines with no legal break, taller than a page, was split
}

// geometry is the page grid, in units.
type geometry struct {
	width, height  page.Unit
	left, measure  page.Unit
	top, bottom    page.Unit // body area
	headBaseline   page.Unit // baseline of the running head
	footerBaseline page.Unit // baseline of the footer's last line
}

func pts(p float64) page.Unit { return page.FromPoints(p) }

// layouter holds the state of one layout.
type layouter struct {
	d      *doc.Document
	opt    Options
	geo    geometry
	sh     shaper
	br     breaker // carries the context; its error, once set, ends the layout
	styles map[doc.Style]*style
	noted  map[string]bool // footnotes given to a line already
	tag    tagger          // the elements of the block being set

	spent      page.Unit // height of the lines laid out so far
	pageBudget page.Unit // spent beyond this needs more than MaxPages pages; 0 until known
}

// style is the layout's style for s, made once per layout so that runs in
// one style share it (and are drawn as one text run).
func (l *layouter) style(s doc.Style) *style {
	if st, ok := l.styles[s]; ok {
		return st
	}
	if l.styles == nil {
		l.styles = map[doc.Style]*style{}
	}
	st := newStyle(s.Face, s.Size, s.Leading, s.Color)
	st.rise, st.strike = s.Rise, s.Strike
	l.styles[s] = st
	return st
}

// Layout sets d into pages. It stops early with ctx's error when ctx is
// done.
func Layout(ctx context.Context, d *doc.Document, opt Options) (*page.Document, Stats, error) {
	l := &layouter{d: d, opt: opt, br: breaker{ctx: ctx}}
	m := d.Margins
	l.geo = geometry{
		width: d.Paper.Width, height: d.Paper.Height,
		left: m.Side, measure: d.Paper.Width - 2*m.Side,
		top: m.Top, headBaseline: m.Head, footerBaseline: d.Paper.Height - m.Foot,
	}
	if h, ok := hyphen.ForLang(d.Lang); ok {
		l.sh.hyph = h
	}
	l.sh.lang = language.NewLanguage(d.Lang)
	l.sh.itemiser.SetLanguage(d.Lang)
	l.sh.shapes = text.NewShaper()
	defer l.sh.shapes.Close()
	footer := l.footerLines()
	// The body area holds a whole number of grid lines.
	body := l.footerTop(len(footer)) - m.FooterGap - l.geo.top
	if d.Grid > 0 {
		body = body / d.Grid * d.Grid
	}
	l.geo.bottom = l.geo.top + body
	l.spent, l.pageBudget = 0, page.Unit(opt.MaxPages+1)*(l.geo.bottom-l.geo.top)

	flow, err := l.flow(ctx)
	var pages [][]vitem
	var forced []int
	var wide map[int]bool // the pages (from 0) set in landscape
	if err == nil {
		portrait, inserts := splitLandscape(flow)
		pages, forced, err = paginateFloats(ctx, portrait, l.geo.bottom-l.geo.top, l.d.Grid)
		if err == nil && len(inserts) > 0 {
			pages, wide, err = l.insertLandscape(ctx, pages, inserts)
		}
	}
	if err == nil {
		err = l.br.err // a paragraph of the furniture cut short
	}
	if errors.Is(err, ErrTooManyPages) {
		return nil, Stats{BreakerWork: l.br.work}, err
	}
	if err != nil {
		return nil, Stats{BreakerWork: l.br.work}, fmt.Errorf("layout: %w", err)
	}
	if opt.MaxPages > 0 && len(pages) > opt.MaxPages {
		return nil, Stats{BreakerWork: l.br.work}, &PageLimitError{Pages: len(pages), Limit: opt.MaxPages}
	}

	out := &page.Document{Width: l.geo.width, Height: l.geo.height, Info: d.Info, Elems: d.Elems}
	var head vitem
	if len(pages) > 1 {
		head = l.runningHead()
	}
	portrait := l.geo
	wideHead, wideFooter := l.landscapeFurniture(wide, len(pages) > 1)
	for n, content := range pages {
		var pg page.Page
		l.geo = portrait
		head, footer := head, footer
		if wide[n] {
			l.geo, head, footer = l.landscape(), wideHead, wideFooter
			pg.Landscape = true
		}
		texts := len(head.texts) + 2 // and the page label's runs
		for _, v := range footer {
			texts += len(v.texts)
		}
		for _, v := range content {
			texts += len(v.texts)
		}
		pg.Texts = make([]page.Text, 0, texts)
		if n > 0 {
			l.drawRunningHead(&pg, &head) // first, so a page's text reads from the top
		}
		y := l.geo.top
		for _, h := range pageHead(content) { // a table's header, repeated
			t := len(pg.Texts)
			h.place(&pg, y)
			// A repeated header is an artifact: a reader meets it once,
			// where the table begins. Its links still work, each one more
			// annotation of its Link.
			for i := range pg.Texts[t:] {
				pg.Texts[t+i].Elem = 0
			}
			y += h.height
		}
		notes := pageNotes(content) // set after the text, which reads first
		for i := range content {
			v := &content[i]
			v.place(&pg, y)
			if v.bookmark != "" {
				out.Outline = append(out.Outline, page.Bookmark{Title: v.bookmark, Level: v.level, Page: n, Y: y})
			}
			y += v.height
			// Placed, a line's texts live in the page: the line's own go,
			// so that the document is not held twice (a megabyte of
			// letters alternating between two scripts, each its own run,
			// peaked at 438 MiB with both).
			v.texts, v.rules, v.links, v.images, v.rects, v.notes = nil, nil, nil, nil, nil, nil
		}
		l.placeNotes(&pg, notes)
		l.drawFooter(&pg, footer, n+1, len(pages))
		out.Pages = append(out.Pages, pg)
	}
	l.geo = portrait
	return out, Stats{Pages: len(out.Pages), MissingGlyphs: l.sh.missing, BreakerWork: l.br.work, ForcedBreaks: forced}, nil
}

// plain is a single unstyled span.
func plain(text string, st *style) []span { return []span{{text: text, style: st}} }

// flow sets the document's blocks as the vertical list that paginate cuts
// into pages.
func (l *layouter) flow(ctx context.Context) ([]vitem, error) {
	var flow []vitem
	var skipped page.Unit // added by lineskip since the flow was last on the grid
	keepPending := false  // the block before (or a kept block before an empty one) keeps with this one
	for i := range l.d.Blocks {
		if err := cmp.Or(l.br.err, ctx.Err()); err != nil {
			return nil, err
		}
		b := &l.d.Blocks[i]
		kept := keepPending
		last := i == len(l.d.Blocks)-1
		if b.SpaceBefore > 0 && b.Rule == nil {
			flow = append(flow, l.space(b.SpaceBefore, kept))
		}
		start := len(flow)
		flow = append(flow, l.block(b)...)
		if b.Float && start < len(flow) && !kept {
			flow[start].floatStart = true
		}
		l.attachNotes(flow[start:])
		if b.Decorative {
			for j := start; j < len(flow); j++ {
				for k := range flow[j].texts {
					flow[j].texts[k].Decorative = true
				}
				// Its links are the body's, which a reader follows there:
				// here they would be annotations of no element.
				flow[j].links = nil
			}
		}
		if kept && start < len(flow) {
			flow[start].breakBefore = false // no page break between it and the block before
		}
		if b.KeepNext {
			for j := start + 1; j < len(flow); j++ {
				flow[j].breakBefore = false // nor inside it
			}
		}
		// A block with nothing to set passes a keep on to the next.
		keepPending = b.KeepNext || (kept && start == len(flow))
		// The block's first line is kept clear of the last line above it
		// too, across the white space between them (counted) and spaces
		// back to the grid (which may come out as nothing).
		if start < len(flow) {
			var between page.Unit
			p := start - 1
			for p >= 0 && len(flow[p].texts) == 0 && len(flow[p].rules) == 0 && len(flow[p].images) == 0 { // white space
				if !flow[p].toGrid {
					between += flow[p].height
				}
				p--
			}
			if p >= 0 {
				skipped += lineskip(&flow[p], &flow[start], between)
			}
		}
		for j := start + 1; j < len(flow); j++ {
			skipped += lineskip(&flow[j-1], &flow[j], 0)
		}
		if b.SpaceAfter > 0 {
			// Kept only when a block follows it: at the end, a space that
			// could not be dropped could only add a page.
			flow = append(flow, l.space(b.SpaceAfter, b.KeepNext && !last))
		}
		if skipped > 0 && !b.KeepNext && !b.GridAfter && l.d.Grid > 0 {
			// Lines kept apart left the grid: what follows goes back.
			flow = append(flow, vitem{toGrid: true, space: true, breakBefore: true, fallback: keepRulesOnly})
			skipped = 0
		}
		if b.GridAfter && l.d.Grid > 0 {
			// At least a line of air, then back on the grid of the page;
			// no page break there if the block is kept with the next.
			flow = append(flow, vitem{toGrid: true, gridMin: l.d.Grid, space: true, breakBefore: !b.KeepNext, fallback: keepRulesOnly})
			skipped = 0
		}
	}
	keepWith(flow)
	return flow, nil
}

// lineSkip is the least white space between the ink of two lines that would
// otherwise touch: TeX's \lineskip.
const lineSkip = page.Pt

// lineskip keeps the ink of line b clear of the ink of line a, set above
// it with between of white space in between, as TeX does with
// \lineskiplimit 0pt: where a's lowest ink (a subscript consonant, a vowel
// sign below) would reach b's highest (a stacked vowel sign, an accent on a
// capital), a gets a skip below it so that lineSkip separates them. It
// returns what it added. The skip is part of a's height, but not where a
// ends a page (see paginate), as TeX drops glue at a break. Most scripts
// never need it at the body's leading; Khmer, Myanmar and Tibetan do.
func lineskip(a, b *vitem, between page.Unit) page.Unit {
	if len(a.texts) == 0 || len(b.texts) == 0 {
		return 0
	}
	clear := (a.height - a.baseline - a.descent) + between + (b.baseline - b.ascent)
	if clear >= 0 {
		return 0
	}
	a.height += lineSkip - clear
	a.skip += lineSkip - clear
	return lineSkip - clear
}

// space is white space between blocks: breakable and dropped at the top of
// a page, unless it lies inside a group of blocks kept together.
func (l *layouter) space(h page.Unit, kept bool) vitem {
	if kept {
		return vitem{height: h}
	}
	return vitem{height: h, space: true, breakBefore: true, fallback: keepRulesOnly}
}

// block sets one block as vertical items.
func (l *layouter) block(b *doc.Block) []vitem {
	if len(b.Pictures) > 0 {
		return l.rules(b, []vitem{l.pictures(b)})
	}
	if b.Table != nil {
		if rows := l.table(b); len(rows) > 0 {
			return rows
		}
		return nil
	}
	if b.Frame != nil || b.Aside != nil {
		return l.framed(b, l.text(b))
	}
	return l.text(b)
}

// text sets a block of text, or a rule, as vertical items.
func (l *layouter) text(b *doc.Block) []vitem {
	if b.Rule != nil {
		y := b.SpaceBefore
		rule := page.Rule{X1: l.geo.left, X2: l.geo.left + l.geo.measure, Y1: y, Y2: y, Width: b.Rule.Width, Color: b.Rule.Color}
		return []vitem{{height: y, rules: []page.Rule{rule}, breakBefore: true}}
	}
	st := l.style(b.Style)
	spans := l.spans(b)
	l.tag.begin(b.Elem, b.Spans)
	o := paragraphOpts{ragged: b.Ragged, display: b.Ragged && !b.Hyphenate, keep: b.KeepSpaces, indent: b.FirstIndent,
		measure: l.geo.measure - b.Start - b.End, orphans: b.Orphans, widows: b.Widows}
	offset := b.Start
	var marker []page.Text
	if b.Marker != "" {
		rtl := l.paragraphRTL(spansText(spans))
		runs := l.sh.line(st, b.Marker, rtl)
		var mw page.Unit
		for _, r := range runs {
			mw += r.width
		}
		// The marker hangs in the start inset: on the left, or on the right
		// of a right-to-left paragraph. A marker too wide for it ("100000.")
		// widens the inset rather than leave the page.
		ind := max(b.Start, mw+st.size/2)
		o.measure = l.geo.measure - ind - b.End
		offset, markerX := ind, l.geo.left+ind-mw-st.size/2
		if rtl {
			offset, markerX = b.End, l.geo.left+l.geo.measure-ind+st.size/2
		}
		marker = drawRuns(runs, markerX, st.baseline(), rtl)
		for i := range marker {
			marker[i].Elem = int32(b.MarkerElem)
		}
		lines := l.lines(spans, st, o, offset)
		lines[0].texts = append(marker, lines[0].texts...)
		return l.rules(b, lines)
	}
	if b.End != b.Start && l.paragraphRTL(spansText(spans)) {
		offset = b.End // the start inset is on the right
	}
	return l.rules(b, l.lines(spans, st, o, offset))
}

// spans are b's spans in the layout's styles.
func (l *layouter) spans(b *doc.Block) []span {
	out := make([]span, len(b.Spans))
	for i, s := range b.Spans {
		out[i] = span{text: s.Text, style: l.style(s.Style), link: s.Link, lang: spanLang(s.Lang)}
	}
	return out
}

// rules applies a block's own page-break rules and outline entry to its
// lines.
func (l *layouter) rules(b *doc.Block, lines []vitem) []vitem {
	if b.Bookmark != "" {
		lines[0].bookmark, lines[0].level = b.Bookmark, b.Level
	}
	for j := range lines {
		if b.Whole {
			lines[j].breakBefore = j == 0
		}
		lines[j].keepLines = b.KeepLines
	}
	return lines
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

// ragHyphenExtra is added to a hyphenation point's penalty in ragged text
// that may hyphenate (large print; see lines).
const ragHyphenExtra = 150

// lines breaks a paragraph into lines and returns them as vertical items,
// shifted right by offset, carrying the widow and orphan rules (no page break
// after a paragraph's first line or before its last) and the rule that a
// word split at a line end is never split across pages.
func (l *layouter) lines(spans []span, st *style, o paragraphOpts, offset page.Unit) []vitem {
	p := breakParams{width: o.measure}
	if o.ragged {
		p.rightStretch, p.ragZone = st.size*2, st.size*3/2
		if !o.display {
			// Large print: a hyphen only where the line would otherwise
			// stop far short. A line 4 ems short of the measure (2.5 past
			// the rag zone) costs about as much as a hyphen then does.
			p.hyphenExtra = ragHyphenExtra
		}
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
			setLine(&v, items, ln, l.geo.left+offset, st, rtl, &l.tag)
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
	orphans, widows := max(o.orphans, 1), max(o.widows, 1)
	for i := range out {
		widowOrphan := i == 0 || (i >= orphans && len(out)-i >= widows)
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
	l.br.err = &PageLimitError{Pages: l.opt.MaxPages, More: true, Limit: l.opt.MaxPages}
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
func setLine(v *vitem, items []item, ln line, left page.Unit, st *style, rtl bool, tag *tagger) {
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
			if !it.between && !it.joint {
				gap = int(it.level)
			}
		}
	}
	hyphen := -1 // the atom of the hyphen the line breaks at, if any
	if ln.breakAt < len(items) {
		if b := items[ln.breakAt]; b.kind == penaltyItem && b.run != nil {
			hyphen = len(atoms)
			atoms = append(atoms, atom{x, b.width, b.run, -1})
		}
	}
	if mixed {
		reorder(atoms, left, ln.target, rtl)
	}
	baseline := st.baseline()
	v.baseline = baseline
	for _, a := range atoms {
		rise := a.run.style.rise
		v.ascent, v.descent = max(v.ascent, a.run.ascent+rise), max(v.descent, a.run.descent-rise)
		if a.run.style.strike {
			// Through the middle of the lower case, as a browser draws it.
			y := baseline - a.run.style.rise - a.run.style.size*3/10
			v.rules = append(v.rules, page.Rule{X1: a.x, Y1: y, X2: a.x + a.w, Y2: y, Width: max(a.run.style.size/18, page.Pt/2), Color: a.run.style.color})
		}
	}
	var b textBuilder
	for _, a := range atoms {
		b.reserve(a.run)
	}
	b.begin(v.texts)
	for i, a := range atoms {
		r := a.run
		if i > 0 && a.gap >= 0 {
			// The white space between words is drawn as the face's space
			// glyph at the word's end, so that text extraction finds the
			// word break from the character, not from a guess at the gap
			// (pdftotext joined Korean words set 0.23 em apart). A
			// right-to-left word's Text reads through its ActualText
			// (package pdf), so the space is a character of its text alone.
			prev := atoms[i-1]
			if prev.run.rtl() {
				b.char(' ')
			} else {
				b.space(prev.run.style, prev.x+prev.w)
			}
		}
		if i == hyphen {
			// A hyphen the line break put there is a Text of its own and
			// an artifact: a reader of the structure (a screen reader)
			// reads the word whole, while text extraction from the page,
			// which joins a word hyphenated at a line's end, still sees
			// the hyphen (a soft hyphen's character, U+00AD, which PDF
			// suggests, made pdftotext leave the word in two).
			b.start(page.Text{X: a.x, Y: baseline - r.style.rise, Face: r.style.face, Size: r.style.size, Color: r.style.color})
			b.run(r, a.x)
			continue
		}
		if i > 0 && !r.rtl() {
			prev := atoms[i-1]
			if pr := prev.run; pr.style == r.style && pr.link == r.link && pr.lang == r.lang && !pr.rtl() && prev.x+prev.w <= a.x &&
				!(mixed && drawnBetween(atoms, prev.x+prev.w, a.x)) {
				b.run(r, a.x)
				if r.link != "" {
					lk := &v.links[len(v.links)-1]
					lk.W = a.x + a.w - lk.X
				}
				continue
			}
		}
		elem := tag.textElem(r.link, r.lang)
		b.start(page.Text{X: a.x, Y: baseline - r.style.rise, Face: r.style.face, Size: r.style.size, Color: r.style.color, Elem: elem, RTL: r.rtl()})
		b.run(r, a.x)
		if r.link != "" {
			lk := page.Link{X: a.x, W: a.w, H: st.leading, URL: r.link}
			if elem != tag.elem {
				lk.Elem = elem
			}
			v.links = append(v.links, lk)
		}
	}
	if n := len(atoms); n > 0 && ln.breakAt < len(items) {
		// The space the line breaks at ends its text, as it ends its last
		// word: a screen reader or a copy of the paragraph would otherwise
		// run the last word of a line into the first of the next (a line
		// breaking between ideographs, or inside a word, has none).
		if br := items[ln.breakAt]; br.kind == glueItem && !br.between && !br.joint {
			if last := atoms[n-1]; last.run.rtl() {
				b.char(' ')
			} else {
				b.space(last.run.style, last.x+last.w)
			}
		}
	}
	v.texts = b.done()
}

// drawnBetween reports whether an atom of a reordered line starts in
// [lo, hi): logically adjacent left-to-right words with a right-to-left
// word drawn between them ("1948 and" after "born in ירושלים") are not one
// run, or the run, and its link, would span the other word.
func drawnBetween(atoms []atom, lo, hi page.Unit) bool {
	for _, a := range atoms {
		if a.x >= lo && a.x < hi {
			return true
		}
	}
	return false
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
func drawRuns(runs []*run, x, y page.Unit, rtl bool) []page.Text {
	atoms := make([]atom, len(runs))
	pos, mixed := x, rtl
	for i, r := range runs {
		atoms[i] = atom{x: pos, w: r.width, run: r, gap: -1}
		pos += r.width
		mixed = mixed || r.level > 0
	}
	if mixed {
		// In visual order (UAX #9, L2): a right-to-left item's "12." reads
		// ".12", its full stop on the side of the text.
		reorder(atoms, x, pos-x, rtl)
	}
	var b textBuilder
	for _, r := range runs {
		b.reserve(r)
	}
	b.begin(make([]page.Text, 0, len(runs)))
	for _, a := range atoms {
		b.start(page.Text{X: a.x, Y: y, Face: a.run.style.face, Size: a.run.style.size, Color: a.run.style.color, RTL: a.run.rtl()})
		b.run(a.run, a.x)
	}
	return b.done()
}

// paragraphRTL decides a paragraph's direction by its first strong
// character (UAX #9, P2); a paragraph without one (a date, a number) takes the
// direction of the article's language.
func (l *layouter) paragraphRTL(text string) bool {
	base, _, _ := strings.Cut(strings.ToLower(l.d.Lang), "-")
	return l.sh.itemiser.ParagraphRTL(text, rtlLangs[base])
}
