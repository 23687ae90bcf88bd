package article

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The HTML body of an article (a CMS's rendered post content) is parsed by
// golang.org/x/net/html into the tree a browser would build, implied end
// tags, misnested formatting and all, and that tree is walked once into
// blocks. Reading the tree rather than the token stream is what lets a
// figure see its caption after its image, a table its rows, and a
// footnote reference the note it points to further down.

// DroppedKinds are the kinds of element the HTML parser leaves out of an
// article, the keys of Article.Dropped. The set is small and fixed, so that
// it can be a metric's label.
//
//	script      script, noscript, template
//	style       style, and link elements that load style sheets
//	form        form, input, button, select, textarea and their parts
//	ad          classes or ids such as ad, ads, advert, sponsored, dfp, adsbygoogle
//	newsletter  newsletter, subscribe, signup boxes
//	related     related, read-more, more-stories, recommended, latest-posts boxes
//	share       share, sharing, social-links buttons
//	media       svg, canvas or object without fallback text; pictures with no
//	            usable source or in a place a figure cannot go (a heading, a table
//	            cell, a caption: their alt text is kept); iframes and players
//	            without a usable http(s) URL
//	other       any other element with no mapping and no text, and hidden ones
var DroppedKinds = []string{dropScript, dropStyle, dropForm, dropAd, dropNewsletter, dropRelated, dropShare, dropMedia, dropOther}

const (
	dropScript     = "script"
	dropStyle      = "style"
	dropForm       = "form"
	dropAd         = "ad"
	dropNewsletter = "newsletter"
	dropRelated    = "related"
	dropShare      = "share"
	dropMedia      = "media"
	dropOther      = "other"
)

// MaxHTMLNodes bounds the elements, attributes, texts and comments of the
// tree an HTML body parses into (see countNodes). The tree costs about 150
// bytes a node, so a body of tiny elements (2 MiB of "<p>a") would take
// 130 MiB before a single block was made; the nodes are counted by the
// tokenizer, which keeps little, before the tree is built. A body of
// MaxParagraphs paragraphs with a link in each fits, as do about 2 MiB of a
// CMS's usual markup. A body at the limit peaks at 10 to 15 MiB of heap; the
// tokenizer alone holds up to 36 MiB while it reads one start tag of 2 MiB
// of distinct attributes (its check for repeated names), before refusing it.
const MaxHTMLNodes = 5 * MaxParagraphs

// ParseHTMLBody maps an HTML fragment, the body of an article as a CMS
// renders it, onto the article model's blocks. base, when not nil, must be
// an absolute http(s) URL: relative links and image sources are resolved
// against it. Without it, relative links become plain text and relative
// image sources stay as they are, naming files beside the article in its
// folder (they may not start with "/" or climb out with "..").
//
// It also returns what it left out, counted by kind (see DroppedKinds); an
// element dropped counts once, with everything inside it. The blocks pass
// Validate (within an article that has a title); an error wraps ErrInvalid
// and says what is wrong: a body past MaxHTMLNodes, elements nested deeper
// than the parser allows (512), or one of Validate's limits (MaxParagraphs,
// MaxImages, MaxCells). Nothing else in the HTML is an error: what cannot be
// mapped is dropped and counted.
//
// What maps to what is described in the README ("HTML bodies"); in short,
// paragraphs, headings, lists, quotes, pull quotes, figures and galleries,
// tables, preformatted text, dividers, embeds, notes and footnotes, with
// WordPress (Gutenberg) and Ghost (Koenig) card markup, and the class
// conventions of news sites, recognised.
func ParseHTMLBody(fragment []byte, base *url.URL) ([]Block, map[string]int, error) {
	fragment = bytes.TrimPrefix(fragment, []byte("\uFEFF"))
	return parseHTMLBody(func() io.Reader { return bytes.NewReader(fragment) }, base)
}

// parseHTMLString is ParseHTMLBody of a string, read where it lies: a JSON
// article's "html" field is not copied once more.
func parseHTMLString(fragment string, base *url.URL) ([]Block, map[string]int, error) {
	fragment = strings.TrimPrefix(fragment, "\uFEFF")
	return parseHTMLBody(func() io.Reader { return strings.NewReader(fragment) }, base)
}

// parseHTMLBody parses the fragment that open reads; it is read twice,
// once to count its nodes.
func parseHTMLBody(open func() io.Reader, base *url.URL) ([]Block, map[string]int, error) {
	root, err := parseFragment(open)
	if err != nil {
		return nil, nil, err
	}
	w := newWalker(base)
	w.findFootnotes(root)
	w.children(root, ctx{kind: Paragraph})
	w.flush()
	if w.err != nil {
		return nil, nil, w.err
	}
	w.linkNotes()
	if err := (&Article{Title: "t", Body: w.blocks}).Validate(); err != nil {
		return nil, nil, err
	}
	return w.blocks, w.dropped, nil
}

// parseInlineHTML maps an HTML fragment of inline text (a lead image's
// caption) onto runs, block structure inside it becoming spaces, and
// counts what it leaves out.
func parseInlineHTML(fragment string, base *url.URL) ([]Run, map[string]int, error) {
	root, err := parseFragment(func() io.Reader { return strings.NewReader(fragment) })
	if err != nil {
		return nil, nil, err
	}
	w := newWalker(base)
	runs := w.inline(root, ctx{})
	// A footnote reference has no footnote here to point to.
	for i := range runs {
		runs[i].Note = ""
	}
	return runs, w.dropped, nil
}

// parseFragment counts the fragment's nodes, then parses it as the content
// of a body element, under a root of its own.
func parseFragment(open func() io.Reader) (*html.Node, error) {
	if n := countNodes(open(), MaxHTMLNodes); n > MaxHTMLNodes {
		return nil, fmt.Errorf("%w: the HTML has more than %d elements, attributes and texts (counting the inline elements a browser opens again after a paragraph that closed them); at most %d are allowed", ErrInvalid, MaxHTMLNodes, MaxHTMLNodes)
	}
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(open(), body)
	if err != nil {
		// The parser's only error for a fragment in memory is nesting
		// past its stack of 512 open elements.
		return nil, fmt.Errorf("%w: the HTML could not be parsed: %v (elements may be nested at most 512 deep)", ErrInvalid, err)
	}
	root := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	return root, nil
}

// mode says how a walk treats block-level elements.
type mode uint8

const (
	// modeFlow: each block-level element ends the open block and starts
	// its own (the body, a quote, a note).
	modeFlow mode = iota
	// modeItem: in a list item, paragraphs and other containers join
	// the item's text; lists, figures, tables and the like break out.
	modeItem
	// modeInline: everything joins one text (a heading, a table cell, a
	// caption, a footnote); block boundaries become spaces.
	modeInline
)

// run is the style, link and language c gives text.
func (c ctx) run() Run { return Run{Style: c.style, Link: c.link, Lang: c.lang} }

// ctx is what a node inherits from its ancestors.
type ctx struct {
	mode     mode
	kind     BlockKind // what loose text becomes in modeFlow: Paragraph, Quote or Note
	style    Style
	link     string
	lang     string // the language the node declares or inherits, inline elements' too (runs take it)
	pre      bool   // white space is kept
	depth    int    // lists open around the node
	quotes   int    // q elements open around the node
	figure   bool   // a figure's caption: its images are the figure's, its credits set apart
	footnote bool   // a footnote's text: its back-links are left out
	note     bool   // inside a note, whose parts (Ghost's kg-callout-text) are no notes
}

// walker walks the tree into blocks.
type walker struct {
	base    *url.URL
	blocks  []Block
	dropped map[string]int
	cur     *builder // the open paragraph-like block; nil when none is open
	lang    string   // the language the block-level element being walked declares or inherits (blocks take it)

	notes     map[string]int      // footnote ID → its number in its list
	noteItems map[*html.Node]bool // the li elements that are footnotes
	emitted   map[string]bool     // footnote IDs already made blocks
	skip      map[*html.Node]bool // nodes mapped elsewhere (a quote's cite)
	credits   *[]string           // where a figure's caption walk puts credits
	spare     *builder            // a finished builder, to be reused

	// The article's limits, counted as blocks are made, so that a body
	// past one stops there rather than being mapped whole and refused.
	images, cells int
	err           error
}

func newWalker(base *url.URL) *walker {
	return &walker{base: base, notes: map[string]int{}, noteItems: map[*html.Node]bool{}, emitted: map[string]bool{}, skip: map[*html.Node]bool{}}
}

func (w *walker) drop(kind string) {
	if w.dropped == nil {
		w.dropped = map[string]int{}
	}
	w.dropped[kind]++
}

// emit appends a block made where its element is walked: one without a
// language of its own is in the language there.
func (w *walker) emit(b Block) {
	if b.Lang == "" {
		b.Lang = w.lang
	}
	w.add(b)
}

// add appends a block whose language is settled, with its runs' languages
// made relative to it.
func (w *walker) add(b Block) {
	if w.err != nil {
		return
	}
	b.eachRuns(func(runs []Run) {
		for i := range runs {
			if strings.EqualFold(runs[i].Lang, b.Lang) {
				runs[i].Lang = "" // the block's
			}
		}
	})
	if b.Figure != nil {
		w.images += len(b.Figure.Images)
	}
	if b.Table != nil {
		for _, r := range b.Table.Rows {
			w.cells += len(r.Cells)
		}
	}
	switch {
	case len(w.blocks) == MaxParagraphs:
		w.err = fmt.Errorf("%w: the article has more than %d paragraphs; at most %d are allowed", ErrInvalid, MaxParagraphs, MaxParagraphs)
	case w.images > MaxImages:
		w.err = fmt.Errorf("%w: the article has more than %d images; at most %d are allowed", ErrInvalid, MaxImages, MaxImages)
	case w.cells > MaxCells:
		w.err = fmt.Errorf("%w: the article's tables have more than %d cells; at most %d are allowed", ErrInvalid, MaxCells, MaxCells)
	default:
		w.blocks = append(w.blocks, b)
	}
}

// newBuilder returns an empty builder, reusing the last one finished: a
// body of many short paragraphs would otherwise make garbage of one a
// paragraph.
func (w *walker) newBuilder(b Block, pre bool) *builder {
	nb := w.spare
	if nb == nil {
		nb = &builder{}
	}
	w.spare = nil
	if b.Lang == "" {
		b.Lang = w.lang
	}
	*nb = builder{b: b, pre: pre}
	return nb
}

// release hands a finished builder back for reuse; its runs belong to
// the block made of them.
func (w *walker) release(b *builder) {
	if b != nil {
		b.runs = nil
		w.spare = b
	}
}

// flush ends the open block, emitting it unless it is empty.
func (w *walker) flush() {
	b := w.cur
	w.cur = nil
	if b == nil {
		return
	}
	runs := b.finish()
	blk := b.b
	w.release(b)
	if runs == nil {
		return
	}
	blk.Runs = runs
	blk.Lang = paragraphLang(blk.Lang, runs)
	w.add(blk)
}

// paragraphLang is the language of a paragraph-like block whose runs carry
// the languages their elements declare ("": none, the article's), open
// being the language around the point where the block began. The block
// is in the language all its text is in; else, when some of its text
// declares none, in none; else in open, if some of its text is in it.
// Deciding from the runs rather than from where the block began matters:
// a block begins where its first text is, which may be inside a span in
// another language or an unknown element, and it is emitted where the
// next block begins, whose language is not its own.
func paragraphLang(open string, runs []Run) string {
	var langs []string
	for _, r := range runs {
		if strings.TrimSpace(r.Text) == "" && r.Note == "" {
			continue // white space has no language
		}
		if !slices.ContainsFunc(langs, func(l string) bool { return strings.EqualFold(l, r.Lang) }) {
			langs = append(langs, r.Lang)
		}
	}
	switch {
	case len(langs) == 1:
		return langs[0]
	case slices.Contains(langs, ""):
		return ""
	case slices.ContainsFunc(langs, func(l string) bool { return strings.EqualFold(l, open) }):
		return open
	}
	return ""
}

// open returns the open block, opening one of the kind c gives loose text
// when none is.
func (w *walker) open(c ctx) *builder {
	if w.cur == nil {
		kind := c.kind
		if kind == ListItem {
			// A list item opens its own block; text after a block that
			// broke out of it (a nested list, a figure) continues as a
			// paragraph: a second item would repeat its number.
			kind = Paragraph
		}
		w.cur = w.newBuilder(Block{Kind: kind}, c.pre)
	}
	return w.cur
}

// inline walks n's children into runs of one text, whatever their
// structure, and returns them trimmed; nil when they are empty.
func (w *walker) inline(n *html.Node, c ctx) []Run {
	c = c.in(n) // n is not always walked by node (a table's cells)
	saved := w.cur
	w.cur = w.newBuilder(Block{}, c.pre)
	c.mode = modeInline
	w.children(n, c)
	runs := w.cur.finish()
	w.release(w.cur)
	w.cur = saved
	return runs
}

func (w *walker) children(n *html.Node, c ctx) {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		w.node(ch, c)
	}
}

func (w *walker) node(n *html.Node, c ctx) {
	if w.err != nil {
		return
	}
	switch n.Type {
	case html.TextNode:
		w.text(n.Data, c)
		return
	case html.ElementNode:
	default:
		return // comments and doctypes
	}
	if w.skip[n] || isMediaSource(n) {
		return
	}
	var leave func()
	c, leave = w.enter(n, c)
	defer leave()
	if kind := dropKind(n); kind != "" {
		w.drop(kind)
		return
	}
	if c.figure && isCredit(n, true) {
		if t := collapse(textContent(n)); t != "" && w.credits != nil {
			*w.credits = append(*w.credits, t)
		}
		return
	}
	if n.Namespace == "math" {
		// MathML: its text description if it has one, else its text.
		if alt := collapse(attr(n, "alttext")); alt != "" && n.DataAtom == atom.Math {
			w.open(c).put(alt, c.run())
			return
		}
		w.children(n, c)
		return
	}
	if w.inlineElement(n, c) {
		return
	}
	if c.mode == modeInline {
		w.joined(n, c)
		return
	}
	w.block(n, c)
}

// in is c inside n: with n's language, if it declares one.
func (c ctx) in(n *html.Node) ctx {
	if l := langAttr(n); l != "" {
		c.lang = l
	}
	return c
}

// enter is c inside n, and makes n's language, if it declares one, that
// of the blocks begun inside it, unless n is inline (see isInline) until
// leave is called. A paragraph's own language is decided from its runs
// (paragraphLang); this one is that of the blocks that have no runs of
// their own (figures, tables) and the fallback of the others.
func (w *walker) enter(n *html.Node, c ctx) (inside ctx, leave func()) {
	l := langAttr(n)
	if l == "" {
		return c, func() {}
	}
	c.lang = l
	if isInline(n) {
		return c, func() {}
	}
	saved := w.lang
	w.lang = l
	return c, func() { w.lang = saved }
}

// langAttr is n's lang attribute when it is a language tag; "" otherwise
// (an empty one, which HTML reads as an unknown language, is passed over
// too: the text is taken to be in the language around it).
func langAttr(n *html.Node) string {
	if n.Type != html.ElementNode {
		return ""
	}
	if l := strings.TrimSpace(attr(n, "lang")); langPattern.MatchString(l) {
		return l
	}
	return ""
}

// isInline reports whether n is phrasing content that the walker keeps in
// the text around it (see inlineElement).
func isInline(n *html.Node) bool {
	a := n.DataAtom
	_, styled := inlineStyles[a]
	return styled || plainInline[a] || a == atom.A || a == atom.Q
}

// isMediaSource reports a source or track of a picture or player: part of
// its parent's mapping.
func isMediaSource(n *html.Node) bool {
	if n.DataAtom != atom.Source && n.DataAtom != atom.Track || n.Parent == nil {
		return false
	}
	switch n.Parent.DataAtom {
	case atom.Picture, atom.Video, atom.Audio:
		return true
	}
	return false
}

// text adds a text node to the open block; white space between blocks opens
// none.
func (w *walker) text(s string, c ctx) {
	if w.cur == nil && !c.pre && strings.TrimLeft(s, htmlSpace) == "" {
		return
	}
	w.open(c).text(s, c)
}

// inlineStyles are the elements that style their text; the others of
// phrasing content (span, abbr, mark, u, time…) keep their text unstyled.
var inlineStyles = map[atom.Atom]Style{
	atom.B: Bold, atom.Strong: Bold,
	atom.I: Italic, atom.Em: Italic, atom.Cite: Italic, atom.Dfn: Italic, atom.Var: Italic,
	atom.Code: Code, atom.Kbd: Code, atom.Samp: Code, atom.Tt: Code,
	atom.Sup: Super, atom.Sub: Sub, atom.Small: Small,
	atom.S: Strike, atom.Strike: Strike, atom.Del: Strike,
}

var plainInline = map[atom.Atom]bool{
	atom.Span: true, atom.Abbr: true, atom.Acronym: true, atom.Mark: true, atom.U: true, atom.Ins: true,
	atom.Time: true, atom.Data: true, atom.Font: true, atom.Big: true, atom.Bdi: true, atom.Bdo: true,
	atom.Label: true, atom.Ruby: true, atom.Rb: true, atom.Rt: true, atom.Rp: true, atom.Rtc: true,
	atom.Nobr: true, atom.Slot: true, atom.Output: true, atom.Meter: true, atom.Progress: true,
}

// inlineElement handles the elements that act the same in every mode:
// styles, links, line breaks, quotation marks, emoji. It reports whether n
// was one of them.
func (w *walker) inlineElement(n *html.Node, c ctx) bool {
	a := n.DataAtom
	if st, ok := inlineStyles[a]; ok {
		if st == Code && c.pre {
			st = 0 // preformatted text is set in a fixed font already
		}
		c.style |= st
		w.children(n, c)
		return true
	}
	switch {
	case plainInline[a]:
		w.children(n, c)
	case a == atom.A:
		w.anchor(n, c)
	case a == atom.Br:
		w.lineBreak(c)
	case a == atom.Wbr:
	case a == atom.Q:
		open, closing := "“", "”"
		if c.quotes%2 == 1 {
			open, closing = "‘", "’"
		}
		w.open(c).put(open, c.run())
		c.quotes++
		w.children(n, c)
		w.open(c).put(closing, c.run())
	case a == atom.Img && isEmoji(n):
		if alt := collapse(attr(n, "alt")); alt != "" {
			w.open(c).put(alt, c.run())
		} else {
			w.drop(dropMedia)
		}
	default:
		return false
	}
	return true
}

// lineBreak: a br ends a paragraph (the model's text is single-line), is a
// line break in preformatted text and a space anywhere else.
func (w *walker) lineBreak(c ctx) {
	switch {
	case c.pre:
		w.open(c).put("\n", c.run())
	case c.mode == modeFlow:
		w.flush()
	case w.cur != nil:
		w.cur.space(c)
	}
}

// joined handles a block-level or unknown element in modeInline: its
// content joins the text, set apart by spaces; pictures give their alt
// text.
func (w *walker) joined(n *html.Node, c ctx) {
	a := n.DataAtom
	if isImg(n) {
		a = atom.Img // amp-img
	}
	switch a {
	case atom.Img, atom.Picture:
		if c.figure {
			return // the figure's own pictures
		}
		img := n
		if n.DataAtom == atom.Picture {
			if img = findElement(n, atom.Img); img == nil {
				w.drop(dropMedia)
				return
			}
		}
		w.drop(dropMedia)
		if alt := collapse(attr(img, "alt")); alt != "" {
			w.open(c).put(alt, c.run())
		}
		return
	case atom.Iframe, atom.Video, atom.Audio, atom.Embed, atom.Object, atom.Canvas:
		if hasText(n) && (a == atom.Object || a == atom.Canvas) {
			break // fallback content, as media keeps it in the flow
		}
		w.drop(dropMedia)
		return
	case atom.Hr:
		w.open(c).space(c)
		return
	case atom.Figcaption:
		if c.figure {
			w.open(c).piece(" / ")
			w.children(n, c)
			w.open(c).piece(" / ")
			return
		}
	}
	if !isKnown(n) && !hasContent(n) {
		w.drop(dropOther)
		return
	}
	if w.cur != nil {
		w.cur.boundary(c)
	}
	w.children(n, c)
	if w.cur != nil {
		w.cur.boundary(c)
	}
}

// block handles a block-level element in modeFlow or modeItem.
func (w *walker) block(n *html.Node, c ctx) {
	a := n.DataAtom
	if isImg(n) {
		a = atom.Img // amp-img
	}
	switch a {
	case atom.Img, atom.Picture:
		w.flush()
		w.imageFigure(n, c)
		return
	case atom.Figure:
		w.figure(n, c)
		return
	case atom.Table:
		w.table(n, c, nil)
		return
	case atom.Ul, atom.Ol, atom.Menu, atom.Dir:
		w.list(n, c)
		return
	case atom.Blockquote:
		w.blockquote(n, c)
		return
	case atom.Pre, atom.Xmp, atom.Listing, atom.Plaintext:
		w.pre(n, c)
		return
	case atom.Hr:
		w.flush()
		w.emit(Block{Kind: Divider})
		return
	case atom.Iframe, atom.Video, atom.Audio, atom.Embed, atom.Object, atom.Canvas:
		w.media(n, c)
		return
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		if c.mode == modeItem {
			w.container(n, c)
			return
		}
		w.flush()
		if runs := w.inline(n, c); runs != nil {
			w.emit(Block{Kind: Heading, Level: headingLevel(a), Runs: runs})
		}
		return
	case atom.Dt:
		c.style |= Bold
		w.container(n, c)
		return
	case atom.Li:
		if w.noteItems[n] {
			w.footnote(n, c)
			return
		}
		w.container(n, c) // an li outside a list: its text as a paragraph
		return
	}
	if isContainer(a) {
		switch {
		case isNote(n) && !c.note:
			w.note(n, c)
		case isPullQuote(n):
			w.pullQuote(n, c)
		case isEmbedCard(n):
			w.embedCard(n, c)
		case isGallery(n):
			w.imageFigure(n, c)
		default:
			w.container(n, c)
		}
		return
	}
	if !hasContent(n) {
		w.drop(dropOther)
		return
	}
	// An unknown element with content: a browser sets it inline.
	w.children(n, c)
}

// container handles p, div, section and the like: in the flow each is a
// block of its own; in a list item its text joins the item's.
func (w *walker) container(n *html.Node, c ctx) {
	if c.mode == modeFlow {
		w.flush()
		w.children(n, c)
		w.flush()
		return
	}
	if w.cur != nil {
		w.cur.space(c)
	}
	w.children(n, c)
	if w.cur != nil {
		w.cur.space(c)
	}
}

func headingLevel(a atom.Atom) int16 {
	switch a {
	case atom.H1, atom.H2:
		return 2
	case atom.H3:
		return 3
	}
	return 4
}

// list maps ul and ol: one ListItem per li, Level deep (0 outermost),
// numbered from start (or down from it, reversed), an li's value setting
// its number and those after it.
func (w *walker) list(n *html.Node, c ctx) {
	w.flush()
	ordered := n.DataAtom == atom.Ol
	items := listItems(n, nil)
	num := 1
	if ordered {
		if v, ok := parseHTMLInt(attr(n, "start")); ok {
			num = v
		} else if hasAttr(n, "reversed") {
			num = len(items)
		}
	}
	step := 1
	if ordered && hasAttr(n, "reversed") {
		step = -1
	}
	c.mode, c.kind = modeItem, ListItem
	c.depth++
	w.listChildren(n, c, ordered, &num, step)
	w.flush()
}

// listChildren walks a list's children: li elements are its items, and
// elements wrapping li elements (a stray div) are looked through.
func (w *walker) listChildren(n *html.Node, c ctx, ordered bool, num *int, step int) {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		switch {
		case ch.Type == html.ElementNode && ch.DataAtom == atom.Li && dropKind(ch) == "":
			if w.noteItems[ch] {
				w.footnote(ch, c)
				continue
			}
			if v, ok := parseHTMLInt(attr(ch, "value")); ok && ordered {
				*num = v
			}
			w.flush()
			w.cur = w.newBuilder(Block{Kind: ListItem, Ordered: ordered, Level: int16(c.depth - 1)}, false)
			if ordered {
				w.cur.b.Number = *num
			}
			*num += step
			lc, leave := w.enter(ch, c)
			w.children(ch, lc)
			leave()
			w.flush()
		case ch.Type == html.ElementNode && dropKind(ch) == "" && len(listItems(ch, nil)) > 0 && !isListElement(ch.DataAtom):
			w.listChildren(ch, c, ordered, num, step)
		default:
			w.node(ch, c)
			w.flush()
		}
	}
}

func isListElement(a atom.Atom) bool {
	return a == atom.Ul || a == atom.Ol || a == atom.Menu || a == atom.Dir
}

// listItems finds a list's items: its li children, and those of wrappers
// that are not lists themselves.
func listItems(n *html.Node, out []*html.Node) []*html.Node {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type != html.ElementNode {
			continue
		}
		switch {
		case ch.DataAtom == atom.Li:
			out = append(out, ch)
		case !isListElement(ch.DataAtom) && ch.DataAtom != atom.Li:
			out = listItems(ch, out)
		}
	}
	return out
}

// blockquote maps a quotation: each paragraph a Quote block, a trailing
// cite, footer or figcaption the Cite of the last. The class conventions
// of embedded posts and pull quotes go to their own mappings.
func (w *walker) blockquote(n *html.Node, c ctx) {
	switch {
	case isEmbedQuote(n):
		if _, ok := w.quoteEmbed(n); ok {
			w.embedCard(n, c)
			return
		}
		// An embedded post without its link: a quotation still.
	case isPullQuote(n):
		w.pullQuote(n, c)
		return
	}
	var cites []*html.Node
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if isCiteElement(ch) {
			cites = append(cites, ch)
		}
	}
	w.quote(n, c, cites)
}

// quote emits n's content as Quote blocks with the text of cites, which are
// not part of it, as the last one's source.
func (w *walker) quote(n *html.Node, c ctx, cites []*html.Node) {
	var cite []Run
	for _, ch := range cites {
		cite = joinRuns(cite, w.inline(ch, c), " ")
		w.skip[ch] = true
	}
	w.flush()
	start := len(w.blocks)
	c.mode, c.kind = modeFlow, Quote
	w.children(n, c)
	w.flush()
	cite = trimDash(cite)
	if cite == nil {
		return
	}
	for i := len(w.blocks) - 1; i >= start; i-- {
		if w.blocks[i].Kind == Quote {
			w.blocks[i].Cite = cite
			return
		}
	}
	// A source quoting nothing: its words are kept.
	w.emit(Block{Kind: Quote, Runs: cite})
}

func isCiteElement(n *html.Node) bool {
	return n.Type == html.ElementNode && (n.DataAtom == atom.Cite || n.DataAtom == atom.Footer || n.DataAtom == atom.Figcaption)
}

// pullQuote maps a pull quote: its text one block, its cite, footer or
// figcaption (beside the text or in a blockquote inside it) the Cite.
func (w *walker) pullQuote(n *html.Node, c ctx) {
	w.flush()
	var cite []Run
	var citeNodes []*html.Node
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if isCiteElement(ch) {
			citeNodes = append(citeNodes, ch)
		}
		if ch.Type == html.ElementNode && ch.DataAtom == atom.Blockquote {
			for g := ch.FirstChild; g != nil; g = g.NextSibling {
				if isCiteElement(g) {
					citeNodes = append(citeNodes, g)
				}
			}
		}
	}
	for _, ch := range citeNodes {
		cite = joinRuns(cite, w.inline(ch, c), " ")
		w.skip[ch] = true
	}
	cite = trimDash(cite)
	runs := w.inline(n, c)
	switch {
	case runs != nil:
		w.emit(Block{Kind: PullQuote, Runs: runs, Cite: cite})
	case cite != nil:
		w.emit(Block{Kind: Paragraph, Runs: cite})
	}
}

// trimDash takes the dash that often opens a source ("— Jane Doe") off it.
func trimDash(runs []Run) []Run {
	for len(runs) > 0 {
		t := strings.TrimLeftFunc(runs[0].Text, func(r rune) bool {
			return r == '—' || r == '–' || r == '―' || r == '-' || r == '~' || unicode.IsSpace(r)
		})
		if t != "" {
			runs[0].Text = t
			return runs
		}
		runs = runs[1:]
	}
	return nil
}

// note maps a correction or editor's note: Note blocks, one a paragraph,
// the first headed by the Label its leading heading or bold "Correction:"
// gives, or else its class.
func (w *walker) note(n *html.Node, c ctx) {
	w.flush()
	start := len(w.blocks)
	label := ""
	emoji := ""
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == html.TextNode && strings.TrimLeft(ch.Data, htmlSpace) == "" {
			continue
		}
		if ch.Type == html.ElementNode && hasClass(ch, "kg-callout-emoji") {
			emoji = collapse(textContent(ch))
			w.skip[ch] = true
			continue
		}
		if ch.Type == html.ElementNode && isHeading(ch.DataAtom) {
			label = collapse(textContent(ch))
			w.skip[ch] = true
		}
		break
	}
	c.mode, c.kind, c.note = modeFlow, Note, true
	w.children(n, c)
	w.flush()
	first := -1
	for i := start; i < len(w.blocks); i++ {
		if w.blocks[i].Kind == Note {
			first = i
			break
		}
	}
	if first < 0 {
		if label != "" {
			w.emit(Block{Kind: Note, Runs: []Run{{Text: label}}})
		}
		return
	}
	if label == "" {
		label = w.boldLabel(first)
	}
	if label == "" {
		label = noteLabel(n)
	}
	if emoji != "" {
		label = strings.TrimSpace(emoji + " " + label)
	}
	if first < len(w.blocks) && w.blocks[first].Kind == Note {
		w.blocks[first].Label = label
	}
}

// boldLabel takes a leading bold "Correction:" off Note block i as its
// label. A block that was only the label goes, its label passing to the
// next Note block.
func (w *walker) boldLabel(i int) string {
	runs := w.blocks[i].Runs
	if len(runs) == 0 || runs[0].Style&Bold == 0 || runs[0].Link != "" || runs[0].Note != "" {
		return ""
	}
	label := strings.TrimSpace(runs[0].Text)
	rest := runs[1:]
	switch {
	case strings.HasSuffix(label, ":"):
		label = strings.TrimSpace(strings.TrimSuffix(label, ":"))
	case len(rest) > 0 && strings.HasPrefix(rest[0].Text, ":"):
		first := rest[0]
		first.Text = first.Text[1:]
		rest = append([]Run{first}, rest[1:]...)
	default:
		return ""
	}
	if label == "" || utf8.RuneCountInString(label) > 60 {
		return ""
	}
	rest = trimRuns(rest, false)
	if rest == nil {
		// "Correction:" alone: the next note's label, if there is one.
		if i+1 < len(w.blocks) && w.blocks[i+1].Kind == Note {
			w.blocks = append(w.blocks[:i], w.blocks[i+1:]...)
			return label
		}
		return ""
	}
	w.blocks[i].Runs = rest
	return label
}

// pre maps preformatted text: its line breaks and tabs kept, "\n" ending
// each line.
func (w *walker) pre(n *html.Node, c ctx) {
	w.flush()
	c.pre = true
	c.mode = modeInline
	b := w.newBuilder(Block{Kind: Preformatted}, true)
	w.cur = b
	w.children(n, c)
	w.cur = nil
	runs := b.finish()
	w.release(b)
	if runs != nil {
		w.emit(Block{Kind: Preformatted, Runs: runs})
	}
}

// anchor maps a: a link, a footnote reference, or a back-link from a
// footnote to its reference (left out).
func (w *walker) anchor(n *html.Node, c ctx) {
	href := strings.Trim(attr(n, "href"), htmlSpace)
	if frag, ok := strings.CutPrefix(href, "#"); ok {
		if c.footnote && isBackLink(n) {
			return
		}
		if id := w.noteID(frag); id != "" {
			// A reference without a mark takes its note's label
			// (linkNotes).
			w.open(c).put(noteMark(textContent(n)), Run{Style: c.style | Super, Note: id, Lang: c.lang})
			return
		}
		if isNoteRef(n) {
			// A reference to a footnote that is not there: its mark,
			// as plain superscript.
			if mark := noteMark(textContent(n)); mark != "" {
				w.open(c).put(mark, Run{Style: c.style | Super, Lang: c.lang})
			}
			return
		}
	}
	if link, ok := w.link(href); ok {
		c.link = link
	}
	w.children(n, c)
}

// link resolves href against the base; it reports false for what a reader
// of a PDF cannot follow.
func (w *walker) link(href string) (string, bool) {
	if href == "" {
		return "", false
	}
	u, err := url.Parse(href)
	if err != nil {
		return "", false
	}
	if w.base != nil {
		u = w.base.ResolveReference(u)
	} else if u.Scheme == "" && u.Host != "" {
		u.Scheme = "https" // protocol-relative: the web is https now
	}
	s := u.String()
	if checkLink(s) != nil {
		return "", false
	}
	return s, true
}

// builder collects the runs of one block, collapsing white space as a
// browser does: a run of spaces, tabs and line breaks is one space, and
// none is kept at the block's ends.
type builder struct {
	b   Block // the block's kind and fields; Runs are set by finish
	pre bool

	runs    []Run
	open    Run // the run being written; its text is in buf
	buf     strings.Builder
	hasOpen bool

	pending bool   // white space was seen since the last text
	pendRun Run    // the style, link and language of that white space
	sep     string // a separator to write before the next text, instead of a space
}

func (b *builder) empty() bool { return len(b.runs) == 0 && !b.hasOpen }

// A builder's runs are written to buf until their style changes: a
// paragraph of a million words must not be copied once a word.

// text adds a text node's text in c's style. Outside preformatted text
// each run of white space is a pending space; words are written as they
// come, without splitting the text into a slice of them first (2 MiB of
// words cost 40 MiB that way).
func (b *builder) text(s string, c ctx) {
	s = clean(s, c.pre)
	if c.pre || b.pre {
		b.put(s, c.run())
		return
	}
	for s != "" {
		i := 0
		for i < len(s) && isSpaceByte(s[i]) {
			i++
		}
		if i > 0 {
			b.space(c)
			s = s[i:]
			continue
		}
		for i < len(s) && !isSpaceByte(s[i]) {
			i++
		}
		b.put(s[:i], c.run())
		s = s[i:]
	}
}

// space marks white space: one space before the next text, if any comes.
func (b *builder) space(c ctx) {
	if b.pre {
		return
	}
	if !b.pending && !b.empty() {
		b.pending, b.pendRun = true, c.run()
	}
}

// boundary marks the edge of a block inside joined text: a space, or in
// preformatted text a line break.
func (b *builder) boundary(c ctx) {
	if b.pre {
		if !b.empty() {
			b.put("\n", Run{Lang: c.lang})
		}
		return
	}
	b.space(c)
}

// piece marks the end of one part of a caption made of several.
func (b *builder) piece(sep string) {
	if !b.empty() {
		b.sep = sep
	}
}

// put writes t, in attrs' style, link, footnote and language (its Text is
// not used), after any pending space or separator. A footnote reference
// is written even without text (its mark is set later).
func (b *builder) put(t string, attrs Run) {
	if t == "" && attrs.Note == "" {
		return
	}
	if !b.empty() {
		switch {
		case b.sep != "":
			b.add(b.sep, Run{Lang: attrs.Lang})
		case b.pending:
			// A space has no language: it joins the run before it, or
			// else the one after it, rather than making a run of its own
			// between two in other languages.
			sp := b.pendRun
			switch {
			case b.hasOpen && b.open.Style == sp.Style && b.open.Link == sp.Link && b.open.Note == "":
				sp.Lang = b.open.Lang
			case attrs.Style == sp.Style && attrs.Link == sp.Link:
				sp.Lang = attrs.Lang
			}
			b.add(" ", sp)
		}
	}
	b.sep, b.pending = "", false
	b.add(t, attrs)
}

// add writes t, continuing the open run when its style, link and language
// are the same.
func (b *builder) add(t string, attrs Run) {
	if b.hasOpen && b.open.Style == attrs.Style && b.open.Link == attrs.Link && b.open.Lang == attrs.Lang && attrs.Note == "" && b.open.Note == "" {
		b.buf.WriteString(t)
		return
	}
	b.closeRun()
	b.open = Run{Style: attrs.Style, Link: attrs.Link, Note: attrs.Note, Lang: attrs.Lang}
	b.buf.WriteString(t)
	b.hasOpen = true
	if attrs.Note != "" {
		b.closeRun() // a reference is a run of its own
	}
}

func (b *builder) closeRun() {
	if !b.hasOpen {
		return
	}
	b.open.Text = b.buf.String()
	b.runs = append(b.runs, b.open)
	b.buf = strings.Builder{}
	b.hasOpen = false
}

// finish returns the runs, trimmed; nil when there is no text.
func (b *builder) finish() []Run {
	b.closeRun()
	return trimRuns(b.runs, b.pre)
}

// trimRuns trims white space off the ends of a block's runs (preformatted
// text keeps its leading spaces, losing only blank leading lines) and
// drops the runs left empty; nil when no text remains. A footnote
// reference whose mark is to come is text.
func trimRuns(runs []Run, pre bool) []Run {
	for len(runs) > 0 {
		if pre {
			runs[0].Text = strings.TrimLeft(runs[0].Text, "\n")
		} else {
			runs[0].Text = strings.TrimLeftFunc(runs[0].Text, unicode.IsSpace)
		}
		if runs[0].Text != "" || runs[0].Note != "" {
			break
		}
		runs = runs[1:]
	}
	for len(runs) > 0 {
		last := &runs[len(runs)-1]
		last.Text = strings.TrimRightFunc(last.Text, unicode.IsSpace)
		if last.Text != "" || last.Note != "" {
			break
		}
		runs = runs[:len(runs)-1]
	}
	out := runs[:0]
	text := false
	for _, r := range runs {
		if r.Text != "" || r.Note != "" {
			out = append(out, r)
			text = text || strings.TrimSpace(r.Text) != "" || r.Note != ""
		}
	}
	if !text {
		return nil
	}
	return out
}

// joinRuns joins two texts with sep between them when both have text.
func joinRuns(a, b []Run, sep string) []Run {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	out := append(a[:len(a):len(a)], Run{Text: sep})
	return append(out, b...)
}

const htmlSpace = " \t\n\r\f"

// isHTMLSpace reports the ASCII white space HTML collapses; a no-break
// space is not.
func isHTMLSpace(r rune) bool { return r < utf8.RuneSelf && isSpaceByte(byte(r)) }

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// clean makes text typesettable: invalid UTF-8 becomes U+FFFD, as a
// browser decodes it, and control characters other than white space go
// (preformatted text keeps tabs and line breaks, and loses form feeds).
func clean(s string, pre bool) string {
	ok := true
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || (unicode.IsControl(r) && !isHTMLSpace(r)) || (pre && (r == '\f' || r == '\r')) {
			ok = false
			break
		}
		i += size
	}
	if ok {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && !isHTMLSpace(r) || pre && (r == '\f' || r == '\r') {
			return -1
		}
		return r
	}, s)
}

// collapse is an attribute's or an element's text as one clean line.
func collapse(s string) string {
	var b builder
	b.text(s, ctx{})
	return Block{Runs: b.finish()}.Text()
}

// textContent is the text of n and its descendants, as written, without
// that of scripts and styles.
func textContent(n *html.Node) string {
	var sb strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			sb.WriteString(n.Data)
		case n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style || n.DataAtom == atom.Template || n.DataAtom == atom.Noscript):
		default:
			for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
				walk(ch)
			}
		}
	}
	walk(n)
	return sb.String()
}

func hasText(n *html.Node) bool { return strings.TrimLeft(textContent(n), htmlSpace) != "" }

// hasContent reports whether n has text or elements inside it.
func hasContent(n *html.Node) bool {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == html.ElementNode || ch.Type == html.TextNode && strings.TrimLeft(ch.Data, htmlSpace) != "" {
			return true
		}
	}
	return false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return true
		}
	}
	return false
}

// findElement is n's first descendant element of kind a.
func findElement(n *html.Node, a atom.Atom) *html.Node {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type != html.ElementNode {
			continue
		}
		if ch.DataAtom == a {
			return ch
		}
		if f := findElement(ch, a); f != nil {
			return f
		}
	}
	return nil
}

// parseHTMLInt reads an integer as HTML does ("3", " -2", "5th"), within
// ±10⁹.
func parseHTMLInt(s string) (int, bool) {
	s = strings.TrimLeft(s, htmlSpace)
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	end := 0
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	if end == 0 {
		return 0, false
	}
	v, err := strconv.Atoi(s[:end])
	if err != nil || v > 1e9 {
		v = 1e9
	}
	if neg {
		v = -v
	}
	return v, true
}

var containers = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true, atom.Header: true,
	atom.Footer: true, atom.Aside: true, atom.Nav: true, atom.Address: true, atom.Center: true,
	atom.Details: true, atom.Summary: true, atom.Dialog: true, atom.Dl: true, atom.Dd: true,
	atom.Figcaption: true, atom.Hgroup: true, atom.Fieldset: true, atom.Caption: true,
	atom.Body: true, atom.Html: true, atom.Search: true,
}

func isContainer(a atom.Atom) bool { return containers[a] }

func isHeading(a atom.Atom) bool {
	return a == atom.H1 || a == atom.H2 || a == atom.H3 || a == atom.H4 || a == atom.H5 || a == atom.H6
}

// isKnown reports the elements with a mapping of their own.
func isKnown(n *html.Node) bool {
	a := n.DataAtom
	if containers[a] || plainInline[a] || isHeading(a) || isListElement(a) {
		return true
	}
	if _, ok := inlineStyles[a]; ok {
		return true
	}
	switch a {
	case atom.A, atom.Br, atom.Wbr, atom.Q, atom.Img, atom.Picture, atom.Figure, atom.Table, atom.Thead,
		atom.Tbody, atom.Tfoot, atom.Tr, atom.Td, atom.Th, atom.Li, atom.Dt, atom.Blockquote, atom.Pre,
		atom.Hr, atom.Iframe, atom.Video, atom.Audio:
		return true
	}
	return false
}

// dropKind says whether n is left out, and as what: by its class or id
// first (a form that is a newsletter box counts as a newsletter), then by
// its element.
func dropKind(n *html.Node) string {
	if n.Type != html.ElementNode {
		return ""
	}
	if k := classDropKind(n); k != "" {
		return k
	}
	switch n.DataAtom {
	case atom.Script, atom.Noscript, atom.Template:
		return dropScript
	case atom.Style:
		return dropStyle
	case atom.Link:
		if hasWord(attr(n, "rel"), "stylesheet") {
			return dropStyle
		}
		return dropOther
	case atom.Form, atom.Input, atom.Button, atom.Select, atom.Textarea, atom.Option, atom.Optgroup,
		atom.Datalist, atom.Legend:
		return dropForm
	case atom.Svg, atom.Math:
		if n.DataAtom == atom.Svg || n.Namespace == "svg" {
			return dropMedia
		}
	case atom.Meta, atom.Base, atom.Title, atom.Head, atom.Frameset, atom.Frame, atom.Noframes, atom.Param,
		atom.Track, atom.Source, atom.Map, atom.Area, atom.Col, atom.Colgroup:
		return dropOther
	}
	if n.Namespace == "svg" {
		return dropMedia
	}
	if hasAttr(n, "hidden") || isDisplayNone(attr(n, "style")) {
		return dropOther
	}
	return ""
}

// isDisplayNone reads an inline style for display:none: an element a
// browser would not show.
func isDisplayNone(style string) bool {
	if style == "" {
		return false
	}
	s := strings.ToLower(strings.Map(func(r rune) rune {
		if isHTMLSpace(r) {
			return -1
		}
		return r
	}, style))
	for decl := range strings.SplitSeq(s, ";") {
		if v, ok := strings.CutPrefix(decl, "display:"); ok && strings.TrimSuffix(v, "!important") == "none" {
			return true
		}
	}
	return false
}

// hasWord reports whether the space-separated list s holds word.
func hasWord(s, word string) bool {
	for f := range strings.FieldsFuncSeq(s, isHTMLSpace) {
		if strings.EqualFold(f, word) {
			return true
		}
	}
	return false
}

func hasClass(n *html.Node, class string) bool { return hasWord(attr(n, "class"), class) }

// classPhrases are the words of the classes and ids that mark boxes to
// drop. A class or id is split into words at '-' and '_' ("wp-block-ad",
// "div-gpt-ad-123", "jp-relatedposts"), and a phrase matches whole words
// only: "ad" is not in "header" or "add-to-cart", "share" not in "shared".
var classPhrases = []struct {
	kind  string
	words [][]string
}{
	{dropAd, [][]string{{"ad"}, {"ads"}, {"advert"}, {"adverts"}, {"advertisement"}, {"advertising"}, {"adsbygoogle"}, {"adslot"}, {"adunit"}, {"sponsored"}, {"dfp"}, {"taboola"}, {"outbrain"}}},
	{dropNewsletter, [][]string{{"newsletter"}, {"newsletters"}, {"subscribe"}, {"subscription"}, {"subscriptions"}, {"signup"}, {"sign", "up"}, {"mc4wp"}}},
	{dropRelated, [][]string{{"related"}, {"relatedposts"}, {"read", "more"}, {"more", "stories"}, {"recommended"}, {"latest", "posts"}, {"read", "next"}}},
	{dropShare, [][]string{{"share"}, {"sharing"}, {"sharedaddy"}, {"social", "links"}, {"social", "icons"}}},
}

func classDropKind(n *html.Node) string {
	for _, a := range n.Attr {
		if strings.HasPrefix(a.Key, "data-ad-") {
			return dropAd
		}
	}
	custom := ""
	if strings.Contains(n.Data, "-") {
		custom = n.Data // a custom element: amp-ad
	}
	words := nameWords(attr(n, "class"), attr(n, "id"), custom)
	if words == nil {
		return ""
	}
	for _, p := range classPhrases {
		for _, phrase := range p.words {
			if matchPhrase(words, phrase) {
				return p.kind
			}
		}
	}
	return ""
}

// nameWords splits class, id or element names into their lower-case
// words, at '-' and '_', one slice a name; nil when there are none. It is
// done once an element, not once a phrase: an 8 KB body took 1.4 ms
// splitting its classes forty times over.
func nameWords(lists ...string) [][]string {
	var out [][]string
	for _, list := range lists {
		for name := range strings.FieldsFuncSeq(list, isHTMLSpace) {
			out = append(out, strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r == '-' || r == '_' }))
		}
	}
	return out
}

// matchPhrase reports whether one name's words hold the words of phrase in
// a row.
func matchPhrase(names [][]string, phrase []string) bool {
	for _, words := range names {
		for i := 0; i+len(phrase) <= len(words); i++ {
			if slices.Equal(words[i:i+len(phrase)], phrase) {
				return true
			}
		}
	}
	return false
}

// noteKinds are the class phrases of notes, with the label each gives a
// note that does not say what it is.
var noteKinds = []struct {
	words []string
	label string
}{
	{[]string{"correction"}, "Correction"},
	{[]string{"corrections"}, "Correction"},
	{[]string{"clarification"}, "Clarification"},
	{[]string{"editors", "note"}, "Editor’s note"},
	{[]string{"editor", "note"}, "Editor’s note"},
	{[]string{"editorsnote"}, "Editor’s note"},
	{[]string{"editors", "notes"}, "Editor’s note"},
	{[]string{"update"}, "Update"},
	{[]string{"callout"}, ""},
}

func isNote(n *html.Node) bool {
	_, ok := noteKind(n)
	return ok
}

// noteKind is the label of the note n's class names, if it names one.
func noteKind(n *html.Node) (string, bool) {
	words := nameWords(attr(n, "class"))
	if words == nil {
		return "", false
	}
	for _, k := range noteKinds {
		if matchPhrase(words, k.words) {
			return k.label, true
		}
	}
	return "", false
}

func noteLabel(n *html.Node) string {
	label, _ := noteKind(n)
	return label
}

// isPullQuote: WordPress's pullquote block and large quote style, Ghost's
// alternative blockquote, and the pullquote / pull-quote classes of news
// sites.
func isPullQuote(n *html.Node) bool {
	words := nameWords(attr(n, "class"))
	return words != nil && (matchPhrase(words, []string{"pullquote"}) || matchPhrase(words, []string{"pull", "quote"}) ||
		hasClass(n, "kg-blockquote-alt") || hasClass(n, "wp-block-quote") && hasClass(n, "is-style-large"))
}

// isCredit reports an element of a figure that names who made the picture.
// small is one only inside a figcaption.
func isCredit(n *html.Node, inCaption bool) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if n.DataAtom == atom.Small && inCaption && n.Parent != nil && hasAncestor(n, atom.Figcaption) {
		return true
	}
	words := nameWords(attr(n, "class"))
	for _, p := range [][]string{{"credit"}, {"credits"}, {"photographer"}, {"copyright"}, {"attribution"}} {
		if matchPhrase(words, p) {
			return true
		}
	}
	return false
}

func hasAncestor(n *html.Node, a atom.Atom) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.DataAtom == a {
			return true
		}
	}
	return false
}

// isEmoji: WordPress replaces emoji by images of them, with the emoji as
// alt text, which is the text to keep.
func isEmoji(n *html.Node) bool { return hasClass(n, "emoji") || hasClass(n, "wp-smiley") }

// The footnotes.

// findFootnotes finds the footnotes before the walk, so that a reference
// knows its note is there: the li elements with an id in a footnotes list
// (WordPress's wp-block-footnotes, the footnotes section or div of Pandoc,
// markdown-it, kramdown and Python-Markdown, role doc-endnotes), and any li
// with an id that a footnote reference points to.
func (w *walker) findFootnotes(root *html.Node) {
	targets := map[string]bool{}
	var items []*html.Node
	var walk func(n *html.Node, inNotes bool)
	walk = func(n *html.Node, inNotes bool) {
		if n.Type != html.ElementNode {
			return
		}
		if dropKind(n) != "" {
			return
		}
		switch {
		case n.DataAtom == atom.A && isNoteRef(n):
			if frag, ok := strings.CutPrefix(strings.Trim(attr(n, "href"), htmlSpace), "#"); ok {
				targets[frag] = true
				if u, err := url.PathUnescape(frag); err == nil {
					targets[u] = true
				}
			}
		case n.DataAtom == atom.Li && strings.TrimSpace(attr(n, "id")) != "":
			items = append(items, n)
			if inNotes {
				w.noteItems[n] = true
			}
		case isNoteList(n):
			inNotes = true
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch, inNotes)
		}
	}
	walk(root, false)
	for _, li := range items {
		if targets[attr(li, "id")] {
			w.noteItems[li] = true
		}
	}
	// Each note's number in its list, its label when no reference gives
	// one.
	for _, li := range items {
		if !w.noteItems[li] {
			continue
		}
		id := attr(li, "id")
		if _, ok := w.notes[id]; ok {
			continue
		}
		num := 1
		for s := li.PrevSibling; s != nil; s = s.PrevSibling {
			if s.Type == html.ElementNode && s.DataAtom == atom.Li {
				num++
			}
		}
		w.notes[id] = num
	}
}

func isNoteList(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Ol, atom.Ul, atom.Div, atom.Section, atom.Aside, atom.Footer:
	default:
		return false
	}
	return hasClass(n, "footnotes") || hasClass(n, "footnote") || hasClass(n, "wp-block-footnotes") ||
		hasClass(n, "footnotes-list") || hasClass(n, "endnotes") || hasWord(attr(n, "role"), "doc-endnotes")
}

// isNoteRef reports a link that looks like a footnote reference: a link to
// a fragment in a sup, or one marked as a reference.
func isNoteRef(a *html.Node) bool {
	if !strings.HasPrefix(strings.Trim(attr(a, "href"), htmlSpace), "#") {
		return false
	}
	if hasClass(a, "footnote-ref") || hasClass(a, "footnote") || hasWord(attr(a, "role"), "doc-noteref") || hasWord(attr(a, "rel"), "footnote") {
		return true
	}
	for p := a.Parent; p != nil && p.Type == html.ElementNode; p = p.Parent {
		if p.DataAtom == atom.Sup {
			return true
		}
		if !plainInline[p.DataAtom] {
			break
		}
	}
	return false
}

// isBackLink reports a footnote's link back to its reference: marked as
// one, or an arrow.
func isBackLink(a *html.Node) bool {
	if hasClass(a, "footnote-backref") || hasClass(a, "footnote-back") || hasClass(a, "reversefootnote") || hasWord(attr(a, "role"), "doc-backlink") {
		return true
	}
	t := strings.TrimFunc(textContent(a), func(r rune) bool { return unicode.IsSpace(r) || r == '\uFE0E' || r == '\uFE0F' })
	switch t {
	case "↩", "↑", "^", "⤴", "↵", "⏎", "back":
		return true
	}
	return false
}

// noteID is the ID of the footnote a fragment names, if there is one.
func (w *walker) noteID(frag string) string {
	if _, ok := w.notes[frag]; ok {
		return frag
	}
	if u, err := url.PathUnescape(frag); err == nil {
		if _, ok := w.notes[u]; ok {
			return u
		}
	}
	return ""
}

// noteMark is a reference's mark without its brackets: "[1]" is "1".
func noteMark(s string) string {
	return strings.Trim(collapse(s), "[]() ")
}

// footnote maps a footnote's li: a Footnote block of its text, back-links
// left out. Its label is its number in its list until a reference gives
// its mark (linkNotes). A second note of the same ID is a paragraph.
func (w *walker) footnote(li *html.Node, c ctx) {
	w.flush()
	id := attr(li, "id")
	c.footnote = true
	runs := w.inline(li, c)
	if runs == nil {
		return
	}
	if w.emitted[id] {
		w.emit(Block{Kind: Paragraph, Runs: runs})
		return
	}
	w.emitted[id] = true
	w.emit(Block{Kind: Footnote, ID: id, Label: strconv.Itoa(w.notes[id]), Runs: runs})
}

// linkNotes checks every reference once the footnotes are known: one to a
// note that did not become a block (it was empty) is plain superscript;
// the first reference to a note gives it its label, and a reference
// without a mark takes the note's.
func (w *walker) linkNotes() {
	blocks := map[string]int{}
	for i, b := range w.blocks {
		if b.Kind == Footnote {
			blocks[b.ID] = i
		}
	}
	labelled := map[string]bool{}
	fix := func(runs []Run) []Run {
		out := runs[:0]
		for _, r := range runs {
			if r.Note != "" {
				i, ok := blocks[r.Note]
				switch {
				case !ok:
					r.Note = ""
				case r.Text == "":
					r.Text = strconv.Itoa(w.notes[r.Note])
				}
				if ok && !labelled[r.Note] {
					w.blocks[i].Label = r.Text
					labelled[r.Note] = true
				}
			}
			if r.Text != "" {
				out = append(out, r)
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	}
	for i := range w.blocks {
		b := &w.blocks[i]
		b.Runs = fix(b.Runs)
		b.Cite = fix(b.Cite)
		if b.Figure != nil {
			b.Figure.Caption = fix(b.Figure.Caption)
		}
		if b.Table != nil {
			b.Table.Caption = fix(b.Table.Caption)
			for _, r := range b.Table.Rows {
				for j := range r.Cells {
					r.Cells[j].Runs = fix(r.Cells[j].Runs)
				}
			}
		}
	}
}
