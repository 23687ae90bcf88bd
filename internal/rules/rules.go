// Package rules checks a laid-out document against the page rules the README
// promises for every PDF: no widows, no orphans (at least two lines of a block
// on each side of a page break), no heading at the foot of a page and every
// heading kept with two lines of what follows (of its section: a heading over
// a one-line section keeps that line), no word split across pages, at most
// two consecutive lines ending in a hyphen, the title block on one page, no
// empty page, the running head from page 2 and, on every page, the footer's
// rights line and "page N of M".
//
// And the rules of figures and tables: figures keep their order
// (FloatOrder: none before its place in the text, nor before a figure that
// precedes it); a figure may float after its place, to the next page, but
// no further than the page after the one where the text before it ends
// (FloatDistance); a figure's pictures and caption share a page
// (FigureSplit); no page but the last ends above the middle of the body
// (HalfEmpty: measured from the top of the highest body content on any page
// to the footer's rule, the page's lowest text baseline, rule or picture,
// its footnotes included); a table that goes on to another page has its
// header rows at the top of its part of that page (TableHeader); a
// footnote a run refers to stands, with its mark, at the foot of a page
// that the block of its first reference is on, under a rule a third of the
// measure long (FootnotePage).
//
// Pages set with the paper turned (page.Page.Landscape: a table too wide
// for the measure) are read as a reader turns the book: their running
// head, footer and body are found for their own width and height, and
// HalfEmpty measures them against the turned pages' body. Such a table
// stands on pages of its own after the page where the text before it
// ends, the text after it filling that page: it is read where it is
// found, as a floated figure is, and must begin on a turned page after
// that page and the turned pages of any other table set there
// (FloatDistance), its header rows again at the top of each of its pages.
// The last turned page of a table is exempt from HalfEmpty, as the last
// page is: the table's turned pages follow each other, it ends on the last
// of them and the text goes on on a page not turned, so that page is the
// end of its run, as short as the table's end leaves it. A figure floated
// past a table's turned pages is no further from its place for them: they
// are not counted by FloatDistance. A table on the measure found after its
// place breaks Text: it has no reason to leave the text.
//
// Every kind of block is read as the house design (package compose) sets
// it: a quotation's or pull quote's source as a line "— source"; a
// figure's pictures (page.Image, known by their alt text), for each
// picture that could not be had a box "Image unavailable: alt", then its
// caption and credit as one text; a note as "Label: text"; an embed as
// "Provider: Title URL"; preformatted text a block per line; a divider as
// nothing; a footnote nothing refers to at the end of the article, with
// its mark hung like a list item's, one referred to at the foot of its
// page (checkFootnotes: the lines under the notes' rule are no body text,
// and any that is no footnote of that page breaks Text); superscript marks
// and subscripts in their lines;
// tables as their caption, then their cells row by row. Which pictures are
// drawn and which are boxed is the renderer's business: either is read as
// the picture, and a picture neither drawn nor boxed is lost text. The
// lead image's pictures and caption are part of the title block.
//
// A line ends in a hyphen when a reader sees one there, inside a word: a
// hyphen the layout added, a word's own ("Moscow-" before "Tokyo") or a URL's
// own ("baltic-" before "energy"), as the typography measurements of the
// README count them. A URL broken after "/" or "." ends in no hyphen.
//
// It judges the pages as a reader would, from the page model alone: which
// line belongs to which block of the article is recovered by matching the
// drawn text against the article's text in order, never from the layout's
// own flags (breakBefore, inWord, hyphen counts), so that a bug in those flags
// cannot hide itself. The limits are written here, not imported from the
// layout, for the same reason: a test that reads the limit from the code it
// checks passes whatever the limit becomes.
//
// The checker is deliberately tolerant of how text is drawn and strict about
// where it is: hyphens the layout adds at line ends, URLs broken without a
// hyphen, soft hyphens (printed only when used), list markers, and the
// stand-ins drawn for characters no font has are all read back as the
// article's text. A line with right-to-left text is read in the order the
// Unicode bidirectional algorithm gives its characters, worked out from the
// article's text, never from the layout's levels (see bidi.go): its runs,
// each in logical order, must stand in that visual order, so a run swapped
// or a number on the wrong side of a Hebrew word breaks the text rule.
//
// A page is read top to bottom, a line per baseline, but a table cell by
// cell, told apart by the rules under the cells (see readBody); a figure
// not found where it stands in the text is looked for further on, and a
// table's header rows are expected again where it goes on (see read.go).
package rules

import (
	"pdfexport/render/text/dictbreak"

	"fmt"
	"slices"
	"strings"

	"pdfexport/article"
	"pdfexport/render/page"
)

// The limits of the rules, as the README states them.
const (
	// MinLinesAtBreak is how many lines of a block must stand on each side of
	// a page break inside it: one alone at the foot is an orphan, one alone at
	// the top a widow.
	MinLinesAtBreak = 2
	// KeepAfterHeading is how many lines of what follows a heading must share
	// its page.
	KeepAfterHeading = 2
	// MaxHyphenRun is the most consecutive lines that may end in a hyphen.
	MaxHyphenRun = 2
)

// Rule names one promise of the README.
type Rule string

// The rules a document is checked against.
const (
	Widow         Rule = "widow"                     // a block's last line alone at the top of a page
	Orphan        Rule = "orphan"                    // a block's first line alone at the foot of a page
	HeadingAtFoot Rule = "heading at page foot"      // a page ends with a heading
	HeadingKeep   Rule = "heading not kept"          // fewer than two lines of a heading's section on its page
	WordSplit     Rule = "word split across pages"   // a page ends inside a word (hyphenated or broken)
	HyphenRun     Rule = "too many hyphens in a row" // more than MaxHyphenRun lines ending in a hyphen
	TitleSplit    Rule = "title block split"         // the title block is not whole on page 1
	EmptyPage     Rule = "empty page"                // a page without body text
	Footer        Rule = "footer"                    // the rights line missing or wrong
	PageNumber    Rule = "page number"               // "page N of M" missing or wrong
	RunningHead   Rule = "running head"              // no running head on a page after the first
	Text          Rule = "text"                      // the pages do not hold the article's text in order
	FloatOrder    Rule = "figure out of order"       // a figure before its place in the text, or before a figure that precedes it
	FloatDistance Rule = "figure too far"            // a figure more than a page after the page where the text before it ends
	HalfEmpty     Rule = "half-empty page"           // a page, not the last, whose content ends above the middle of the body
	FigureSplit   Rule = "figure split"              // a figure's pictures and caption not on one page
	TableHeader   Rule = "table header not repeated" // a table goes on to a page without its header rows above it
	FootnotePage  Rule = "footnote not on its page"  // a footnote not at the foot of a page its reference's block is on
)

// Options is what the checker must be told besides the article: what the
// layout was asked to print.
type Options struct {
	Rights string // the rights line every footer carries; empty: not checked
	Lang   string // the language assumed when the article declares none (for text direction)
}

// Violation is one broken rule.
type Violation struct {
	Rule    Rule
	Page    int    // 1-based
	Snippet string // the text at fault, as drawn: a line's runs left to right
	Detail  string // what is wrong
}

func (v Violation) String() string {
	return fmt.Sprintf("page %d: %s: %s: %q", v.Page, v.Rule, v.Detail, v.Snippet)
}

// Report is the outcome of a check: the violations, and counts that show
// what the document put to the test (a matrix whose documents never break a
// page inside a paragraph cannot catch a widow).
type Report struct {
	Violations []Violation
	Pages      int
	Lines      int // body lines matched to the article
	// BlockBreaks counts page breaks inside a block; HeadingsNearFoot
	// headings whose last line is among the last KeepAfterHeading+1 lines of
	// a page that is not the last; InWordEnds lines that end inside a word;
	// LongestHyphenRun the longest run of lines ending in a hyphen.
	BlockBreaks, HeadingsNearFoot, InWordEnds, LongestHyphenRun int
	// FloatsMoved counts figures found after their place in the text;
	// HeaderRepeats the pages on which a table goes on under its header
	// rows, repeated.
	FloatsMoved, HeaderRepeats int
}

// Check reads doc, the layout of a, and returns every violation of the rules.
func Check(a *article.Article, doc *page.Document, o Options) *Report {
	r := &Report{Pages: len(doc.Pages)}
	c := &checker{report: r, norm: newNormalizer()}
	lang := a.Lang
	if lang == "" {
		lang = o.Lang
	}
	units := c.units(a, lang)
	pages := c.readPages(doc)
	c.checkFurniture(pages, o.Rights, lang)
	rd := &reader{c: c, units: units, main: cursor{units: units, hi: len(units), main: true}}
	read := func() bool {
		for _, pg := range pages {
			for _, ln := range pg.body {
				if !rd.read(ln) {
					return false
				}
			}
		}
		return rd.finish(max(len(pages)-1, 0))
	}
	if read() {
		for _, ln := range rd.lines {
			if ln.isText() {
				r.Lines++
			}
		}
		c.checkBreaks(append(units, rd.copies...), rd.lines, len(pages))
		c.checkFigures(units, max(len(pages)-1, 0))
		c.checkFootnotes(units, pages, lang)
	}
	c.checkHalfEmpty(pages) // once the lines are read, to say what follows
	return r
}

type checker struct {
	report  *Report
	norm    *normalizer
	words   dictbreak.Segmenter // Thai, Lao, Khmer and Burmese word boundaries
	figures []*figure           // the article's, the lead first
	tables  []*table            // the article's, in order
	turned  []bool              // the pages set with the paper turned
	notes   []pageNote          // the footnotes a run refers to
}

// pageNote is a footnote that belongs at the foot of the page of its
// reference: its mark and text, and the block that refers to it first.
type pageNote struct {
	label, text string
	ref         int
}

// checkFootnotes: each footnote a run refers to is at the foot of a page
// that the block holding its first reference is on, under the notes'
// rule, with its mark: its lines follow each other there, read as any
// text is (a URL broken without a hyphen, a stand-in for a character no
// font has). What stands under a page's notes' rule and is no footnote
// is lost text's place taken: a Text violation.
func (c *checker) checkFootnotes(units []*unit, pages []pageText, lang string) {
	used := make([][]bool, len(pages))
	for p := range pages {
		used[p] = make([]bool, len(pages[p].notes))
	}
	// find marks the lines of n's unit on page p, if they are there.
	find := func(u *unit, p int) bool {
		ls := pages[p].notes
		for i := range ls {
			pos, j := 0, i
			for ; j < len(ls) && pos < len(u.atoms) && !used[p][j]; j++ {
				end, _, ok := u.match(c.norm, pos, ls[j])
				if !ok {
					break
				}
				pos = end
			}
			if pos == len(u.atoms) {
				for k := i; k < j; k++ {
					used[p][k] = true
				}
				return true
			}
		}
		return false
	}
	noteUnits := make([]*unit, len(c.notes))
	for i, n := range c.notes {
		noteUnits[i] = c.newUnit(footnote, n.ref, n.label, n.text, isRTLText(n.text, lang))
	}
	var wrong []int // footnotes not on their pages
	for i, n := range c.notes {
		var on []int
		for _, u := range units {
			if u.block != n.ref {
				continue
			}
			for _, ln := range u.lines {
				if !slices.Contains(on, ln.page) {
					on = append(on, ln.page)
				}
			}
		}
		found := false
		for _, p := range on {
			if !found && find(noteUnits[i], p) {
				found = true
			}
		}
		if !found {
			wrong = append(wrong, i)
			pg := 0
			if len(on) > 0 {
				pg = on[0]
			}
			c.add(FootnotePage, pg, n.text, "footnote %s is not at the foot of page %v, where its reference is", n.label, pagesFrom1(on))
		}
	}
	// A footnote on another page than its reference's is reported above.
	for _, i := range wrong {
		for p := range pages {
			find(noteUnits[i], p)
		}
	}
	for p, pg := range pages {
		for j, ln := range pg.notes {
			if !used[p][j] {
				c.add(Text, p, ln.text, "a line under the footnotes' rule that is no footnote referred to on this page")
				break
			}
		}
	}
}

// isTurned reports whether page p is set with the paper turned.
func (c *checker) isTurned(p int) bool { return p >= 0 && p < len(c.turned) && c.turned[p] }

// portraitBetween counts the pages strictly between a and b not set with
// the paper turned: the pages a reader turns past a float's place, the
// turned pages of a table set after that place apart.
func (c *checker) portraitBetween(a, b int) int {
	n := 0
	for p := a + 1; p < b; p++ {
		if !c.isTurned(p) {
			n++
		}
	}
	return n
}

func pagesFrom1(ps []int) []int {
	out := make([]int, len(ps))
	for i, p := range ps {
		out[i] = p + 1
	}
	return out
}

func (c *checker) add(rule Rule, pg int, snippet, format string, args ...any) {
	c.report.Violations = append(c.report.Violations, Violation{
		Rule: rule, Page: pg + 1, Snippet: clip(snippet), Detail: fmt.Sprintf(format, args...),
	})
}

// clip shortens a snippet for a message: the start and the end of a line
// are what locate it.
func clip(s string) string {
	rs := []rune(s)
	if len(rs) <= 90 {
		return s
	}
	return string(rs[:40]) + " … " + string(rs[len(rs)-40:])
}

// checkBreaks applies the rules about page breaks and line ends to the
// assigned lines (items: text lines and rows of pictures, in reading order).
func (c *checker) checkBreaks(units []*unit, items []*line, npages int) {
	r := c.report
	// The title block is never split, and stands first; a page break inside
	// a block leaves two lines on each side, and never splits a word.
	for _, u := range units {
		title := u.kind == titleField || u.inTitle
		for i, ln := range u.lines {
			if title && ln.page != 0 {
				what := "title block text"
				if !ln.isText() {
					what = "the lead image's picture"
				}
				c.add(TitleSplit, ln.page, ln.text, "%s on page %d, not on page 1", what, ln.page+1)
			}
			if i == 0 || u.lines[i-1].page == ln.page || u.kind == picture {
				continue
			}
			prev := u.lines[i-1]
			if !title {
				r.BlockBreaks++
				before, after := i, len(u.lines)-i
				if before < MinLinesAtBreak {
					c.add(Orphan, prev.page, prev.text, "only %d of the %d lines of %s at the foot of the page", before, len(u.lines), u.name())
				}
				if after < MinLinesAtBreak {
					c.add(Widow, ln.page, ln.text, "only %d of the %d lines of %s at the top of the page", after, len(u.lines), u.name())
				}
			}
			if prev.endsInWord() {
				c.add(WordSplit, prev.page, prev.text+" ‖ "+ln.text, "the page ends inside the word %q, continued on page %d", u.wordAround(prev.to), ln.page+1)
			}
		}
	}
	// A page never ends with a heading.
	for i := 1; i < len(items); i++ {
		if prev, next := items[i-1], items[i]; prev.page != next.page && prev.isText() && prev.unit.kind == heading && prev.isLast() {
			c.add(HeadingAtFoot, prev.page, prev.text, "the page ends with a heading; what follows it starts page %d", next.page+1)
		}
	}
	// Every heading keeps the first lines of its section on its page (a page
	// ending in the heading is reported above). The section ends at the next
	// heading: a heading over a one-line section followed by another heading
	// keeps that one line, and the next heading keeps its own. A row of
	// pictures counts as a line, as a reader sees it.
	isHeading := func(l *line) bool { return l.isText() && l.unit.kind == heading }
	for i, ln := range items {
		if !isHeading(ln) || !ln.isLast() {
			continue
		}
		section := 0
		for j := i + 1; j < len(items) && !isHeading(items[j]); j++ {
			section++
		}
		need, kept := min(KeepAfterHeading, section), 0
		for j := i + 1; j <= i+need && items[j].page == ln.page; j++ {
			kept++
		}
		if kept < need && kept > 0 {
			c.add(HeadingKeep, ln.page, ln.text, "the heading has %d line of its section on its page, not %d", kept, need)
		}
		if last := lastOnPage(items, i); last-i <= KeepAfterHeading && ln.page < npages-1 {
			r.HeadingsNearFoot++
		}
	}
	// Runs of lines ending in a hyphen, within a block (a block's last line
	// never ends inside a word, so runs cannot cross blocks).
	var run []*line
	for _, ln := range items {
		if !ln.isText() {
			continue
		}
		if ln.endsInWord() {
			r.InWordEnds++
		}
		if !ln.endsInHyphen() {
			run = run[:0]
			continue
		}
		run = append(run, ln)
		r.LongestHyphenRun = max(r.LongestHyphenRun, len(run))
		if len(run) == MaxHyphenRun+1 {
			ends := make([]string, len(run))
			for i, l := range run {
				ends[i] = fmt.Sprintf("%q", l.endWord())
			}
			c.add(HyphenRun, ln.page, ln.text, "%d lines in a row end in a hyphen (%s); at most %d may", len(run), strings.Join(ends, ", "), MaxHyphenRun)
		}
	}
}

// lastWord is the end of a line, to show which hyphens make a run.
// endWord is the end of the word a line ends with, in the article's
// (logical) order: the part of it on this line, with the hyphen drawn when
// one was added. A right-to-left line's drawn end is its logical start, so
// its drawn text cannot say which word the line ends with.
func (l *line) endWord() string {
	u := l.unit
	if u == nil || l.to <= 0 || l.to > len(u.atoms) {
		return lastWord(l.text)
	}
	from := 0 // where the line begins in its unit
	if l.index > 0 && l.index <= len(u.lines) {
		from = u.lines[l.index-1].to
	}
	start := l.to - 1
	for start > from && !u.atoms[start].boundary {
		start--
	}
	var b strings.Builder
	for _, a := range u.atoms[start:l.to] {
		if !isSpace(a.r) {
			b.WriteRune(a.r)
		}
	}
	if l.hyphenAdded {
		b.WriteByte('-')
	}
	return b.String()
}

func lastWord(s string) string {
	if i := strings.LastIndexByte(s, ' '); i >= 0 {
		return s[i+1:]
	}
	return s
}

// lastOnPage returns the index of the last line on the page of lines[i].
func lastOnPage(lines []*line, i int) int {
	for i+1 < len(lines) && lines[i+1].page == lines[i].page {
		i++
	}
	return i
}

// checkFurniture checks what every page carries besides the body: the
// footer's rights line and page number, the running head from page 2 on, and
// some body text.
func (c *checker) checkFurniture(pages []pageText, rights, lang string) {
	var want *unit
	if strings.TrimSpace(rights) != "" {
		want = c.newUnit(titleField, -1, "", rights, isRTLText(rights, lang))
	}
	for n, pg := range pages {
		label := fmt.Sprintf("page %d of %d", n+1, len(pages))
		found := false
		for _, l := range pg.labels {
			if l == label {
				found = true
			} else {
				c.add(PageNumber, n, l, "a page number other than %q", label)
			}
		}
		if !found {
			c.add(PageNumber, n, strings.Join(pg.labels, " "), "no %q in the footer", label)
		}
		if want != nil {
			if got := pg.footerText(); !want.matchAll(c.norm, pg.footer) {
				c.add(Footer, n, got, "the footer does not carry the rights line %q", rights)
			}
		}
		if n > 0 && pg.head == nil {
			c.add(RunningHead, n, "", "no running head above the body")
		}
		if len(pg.body) == 0 {
			c.add(EmptyPage, n, "", "the page has no body text and no picture")
		}
	}
}
