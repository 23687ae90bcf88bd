// Package rules checks a laid-out document against the page rules the README
// promises for every PDF: no widows, no orphans (at least two lines of a block
// on each side of a page break), no heading at the foot of a page and every
// heading kept with two lines of what follows (of its section: a heading over
// a one-line section keeps that line), no word split across pages, at most
// two consecutive lines ending in a hyphen, the title block on one page, no
// empty page, the running head from page 2 and, on every page, the footer's
// rights line and "page N of M".
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
package rules

import (
	"pdfexport/render/text/dictbreak"

	"fmt"
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
	lines := c.assign(units, pages)
	if lines != nil {
		r.Lines = len(lines)
		c.checkBreaks(units, lines, len(pages))
	}
	return r
}

type checker struct {
	report *Report
	norm   *normalizer
	words  dictbreak.Segmenter // Thai, Lao, Khmer and Burmese word boundaries
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

// blockKind is what a unit of text is: a block of the body, or a field of
// the title block.
type blockKind uint8

const (
	titleField blockKind = iota
	paragraph
	heading
	quote
	listItem
)

func (k blockKind) String() string {
	return [...]string{"title block", "paragraph", "heading", "quote", "list item"}[k]
}

func kindOf(k article.BlockKind) blockKind {
	switch k {
	case article.Heading:
		return heading
	case article.Quote:
		return quote
	case article.ListItem:
		return listItem
	}
	return paragraph
}

// units lists what the pages must hold, in order: the title block's fields,
// then the body's blocks, a list item with its marker.
func (c *checker) units(a *article.Article, lang string) []*unit {
	var out []*unit
	add := func(kind blockKind, block int, marker, text string) {
		if u := c.newUnit(kind, block, marker, text, isRTLText(text, lang)); len(u.atoms) > 0 {
			out = append(out, u)
		}
	}
	for _, f := range []string{a.Date, a.Title, a.Standfirst, a.Byline, a.URL} {
		add(titleField, -1, "", f)
	}
	for i, b := range a.Body {
		marker := ""
		if b.Kind == article.ListItem {
			marker = "•"
			if b.Ordered {
				marker = fmt.Sprintf("%d.", b.Number)
			}
		}
		add(kindOf(b.Kind), i, marker, b.Text())
	}
	return out
}

// assign walks the body lines in reading order and gives each its unit and
// the span of the unit's text it holds. A line never holds the end of one
// block and the start of the next, so a line starts the next unit exactly
// when the current one is used up. It returns nil when the pages do not hold
// the article's text, after reporting where they part.
func (c *checker) assign(units []*unit, pages []pageText) []*line {
	var lines []*line
	for _, pg := range pages {
		lines = append(lines, pg.body...)
	}
	u, pos := 0, 0
	for _, ln := range lines {
		if u < len(units) && pos == len(units[u].atoms) {
			u, pos = u+1, 0
		}
		if u == len(units) {
			c.add(Text, ln.page, ln.text, "a line after the end of the article")
			return nil
		}
		end, hyph, ok := units[u].match(c.norm, pos, ln)
		if !ok {
			// The line may start a later block, some text having been lost;
			// say which, if so.
			for v := u + 1; v < len(units) && v <= u+3; v++ {
				if _, _, ok := units[v].match(c.norm, 0, ln); ok {
					c.add(Text, ln.page, ln.text, "the text before this line is missing: %q", units[u].rest(pos))
					return nil
				}
			}
			c.add(Text, ln.page, ln.text, "the line does not match %s, which goes on %q", units[u].name(), units[u].rest(pos))
			return nil
		}
		ln.unit, ln.to, ln.hyphenAdded = units[u], end, hyph
		ln.index = len(units[u].lines)
		units[u].lines = append(units[u].lines, ln)
		pos = end
	}
	if u < len(units) && (pos < len(units[u].atoms) || u < len(units)-1) {
		last := len(pages) - 1
		if pos == len(units[u].atoms) {
			u, pos = u+1, 0
		}
		c.add(Text, last, units[u].rest(pos), "the article's text from here on is not on the pages")
		return nil
	}
	return lines
}

// checkBreaks applies the rules about page breaks and line ends to the
// assigned lines.
func (c *checker) checkBreaks(units []*unit, lines []*line, npages int) {
	r := c.report
	// The title block is never split, and stands first.
	for _, u := range units {
		if u.kind != titleField {
			break
		}
		for _, ln := range u.lines {
			if ln.page != 0 {
				c.add(TitleSplit, ln.page, ln.text, "title block text on page %d, not on page 1", ln.page+1)
			}
		}
	}
	// Each page break: the last line of one page against the first of the
	// next.
	for i := 1; i < len(lines); i++ {
		prev, next := lines[i-1], lines[i]
		if prev.page == next.page {
			continue
		}
		if prev.unit == next.unit && prev.unit.kind != titleField {
			r.BlockBreaks++
			u := prev.unit
			before, after := prev.index+1, len(u.lines)-prev.index-1
			if before < MinLinesAtBreak {
				c.add(Orphan, prev.page, prev.text, "only %d of the %d lines of %s at the foot of the page", before, len(u.lines), u.name())
			}
			if after < MinLinesAtBreak {
				c.add(Widow, next.page, next.text, "only %d of the %d lines of %s at the top of the page", after, len(u.lines), u.name())
			}
		}
		if prev.endsInWord() {
			c.add(WordSplit, prev.page, prev.text+" ‖ "+next.text, "the page ends inside the word %q, continued on page %d", prev.unit.wordAround(prev.to), next.page+1)
		}
		if prev.unit.kind == heading && prev.isLast() {
			c.add(HeadingAtFoot, prev.page, prev.text, "the page ends with a heading; what follows it starts page %d", next.page+1)
		}
	}
	// Every heading keeps the first lines of its section on its page (a page
	// ending in the heading is reported above). The section ends at the next
	// heading: a heading over a one-line section followed by another heading
	// keeps that one line, and the next heading keeps its own.
	for i, ln := range lines {
		if ln.unit.kind != heading || !ln.isLast() {
			continue
		}
		section := 0
		for j := i + 1; j < len(lines) && lines[j].unit.kind != heading; j++ {
			section++
		}
		need, kept := min(KeepAfterHeading, section), 0
		for j := i + 1; j <= i+need && lines[j].page == ln.page; j++ {
			kept++
		}
		if kept < need && kept > 0 {
			c.add(HeadingKeep, ln.page, ln.text, "the heading has %d line of its section on its page, not %d", kept, need)
		}
		if last := lastOnPage(lines, i); last-i <= KeepAfterHeading && ln.page < npages-1 {
			r.HeadingsNearFoot++
		}
	}
	// Runs of lines ending in a hyphen, within a block (a block's last line
	// never ends inside a word, so runs cannot cross blocks).
	var run []*line
	for _, ln := range lines {
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
				ends[i] = fmt.Sprintf("%q", lastWord(l.text))
			}
			c.add(HyphenRun, ln.page, ln.text, "%d lines in a row end in a hyphen (%s); at most %d may", len(run), strings.Join(ends, ", "), MaxHyphenRun)
		}
	}
}

// lastWord is the end of a line, to show which hyphens make a run.
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
			c.add(EmptyPage, n, "", "the page has no body text")
		}
	}
}
