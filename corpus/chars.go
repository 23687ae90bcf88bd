package main

import (
	"cmp"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/unicode/runenames"

	"pdfexport/article"
	"pdfexport/fonts"
	"pdfexport/internal/unichar"
	"pdfexport/render"
	"pdfexport/render/compose"
	"pdfexport/render/doc"
)

// The documented causes of a character of the article missing from the
// PDF's text; anything else is a finding.
const (
	causeNoFace     = "no face (drawn as .notdef)"  // README "Scripts": kept in the text, so counted only if pdftotext loses it
	causeIgnorable  = "default-ignorable (dropped)" // joiners, zero-width space, bidi marks, variation selectors, …
	causeSoftHyphen = "soft hyphen (unused break)"  // printed only where the line breaks
	causeOther      = "other"
)

var causes = []string{causeNoFace, causeIgnorable, causeSoftHyphen, causeOther}

// ledger is the text of an article that must come back out of its PDF,
// character by character: the title, standfirst, byline and body (list
// markers and the printed date are not in it; the PDF's running head,
// footer, URL, date and markers are extra text that is never a loss).
//
// Characters are compared after compatibility decomposition (NFKD) with
// white space removed. The brief said NFKC; the two agree on which texts are
// equal, but only decomposition is additive, so that each character of the
// article has its own share of the multiset whatever surrounds it, and a
// lost share can be traced back to the character it came from. It is what
// maps Arabic presentation forms and ligatures back to letters.
type ledger struct {
	furniture furniture         // what pdfexport prints around the article
	text      []rune            // the article's text, fields separated by newlines, for context
	counts    map[rune]int      // decomposed character → how many times it is in the article
	origins   map[rune][]origin // decomposed character → the article characters it comes from
}

// furniture is the text pdfexport prints that is not the article's own:
// the date and URL under the title, the running head from page 2, the
// rights line and "page N of M" on every page. It is taken out of the PDF's
// text before counting, because in a multiset it would hide the loss of
// any letter it contains (an "e" lost in the body is an "e" found in
// "republishing rights" otherwise). Only furniture found exactly where it
// is expected is taken out, so a layout change can hide losses again but
// never invent one. What stays is extra text a loss cannot be: list
// markers, the hyphens of broken lines, and stand-ins.
type furniture struct {
	date, url, rights, publication string
}

type origin struct {
	at    int // index in text
	cause string
}

// newLedger lists a's text, with the face pdfexport sets each part in, so
// that a character no face can draw is known as such.
func newLedger(a *article.Article) *ledger {
	l := &ledger{counts: map[rune]int{}, origins: map[rune][]origin{}}
	// The harness renders with the default options: the rights line is the
	// article's own or the default, and so is the publication.
	l.furniture = furniture{date: a.Date, url: a.URL, rights: cmp.Or(a.Rights, render.DefaultRights), publication: render.DefaultPublication}
	// The text in the faces pdfexport sets it in: the article as composed
	// for layout. The title block's date and link are furniture here.
	d := compose.Article(a, compose.Options{Paper: doc.A4, Scale: 1, Lang: render.DefaultLang})
	for i, b := range d.Blocks {
		t := b.Text()
		if b.Rule != nil || (i == 0 && a.Date != "" && t == a.Date) || (a.URL != "" && t == a.URL && b.Spans[0].Link == a.URL) {
			continue
		}
		for _, s := range b.Spans {
			l.add(s.Text, s.Style.Face)
		}
		l.text = append(l.text, '\n')
	}
	return l
}

func (l *ledger) add(s string, face fonts.Face) {
	for _, r := range s {
		at := len(l.text)
		l.text = append(l.text, r)
		cause := causeOther
		switch {
		case isIgnorable(r):
			cause = causeIgnorable
		case r == '\u00AD':
			cause = causeSoftHyphen
		default:
			if _, ok := fonts.For(face, r); !ok {
				cause = causeNoFace
			}
		}
		for _, d := range decompose(r) {
			l.counts[d]++
			l.origins[d] = append(l.origins[d], origin{at, cause})
		}
	}
}

// strip returns the PDF's text (pdftotext -raw: pages ended by form feeds,
// lines in drawing order) without the furniture, and without white space.
func (f furniture) strip(text string) string {
	pages := strings.Split(strings.TrimSuffix(text, "\f"), "\f")
	var out strings.Builder
	for i, pg := range pages {
		lines := strings.Split(strings.TrimLeft(pg, "\n"), "\n")
		// The first line: the running head from page 2, the date on page 1.
		first := strings.TrimSpace(lines[0])
		if (i > 0 && f.publication != "" && strings.HasPrefix(first, f.publication+" · ")) ||
			(i == 0 && f.date != "" && first == strings.TrimSpace(f.date)) {
			lines = lines[1:]
		}
		flat := noSpace(strings.Join(lines, "\n"))
		// The footer ends the page: the rights line, then the page label
		// (or the other way round when the text runs right to left).
		label := noSpace(fmt.Sprintf("page %d of %d", i+1, len(pages)))
		for _, foot := range []string{noSpace(f.rights) + label, label + noSpace(f.rights), label} {
			if j := strings.LastIndex(flat, foot); j >= 0 {
				flat = flat[:j] + flat[j+len(foot):]
				break
			}
		}
		if i == 0 && f.url != "" {
			flat = strings.Replace(flat, noSpace(f.url), "", 1)
		}
		out.WriteString(flat)
	}
	return out.String()
}

func noSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// decompose returns r's share of the compared text: its compatibility
// decomposition without white space.
func decompose(r rune) []rune {
	var out []rune
	for _, d := range norm.NFKD.String(string(r)) {
		if !unicode.IsSpace(d) {
			out = append(out, d)
		}
	}
	return out
}

// isIgnorable reports what pdfexport documents as drawn as nothing
// (README "Scripts", unichar.Invisible), but the soft hyphen, which has a
// cause of its own.
func isIgnorable(r rune) bool { return r != '\u00AD' && unichar.Invisible(r) }

// losses is what did not come back from one PDF.
type losses struct {
	Checked int            `json:"checked"`           // characters of the article compared
	ByCause map[string]int `json:"by_cause"`          // lost characters by cause
	NoFace  map[string]int `json:"no_face,omitempty"` // characters drawn as stand-ins, by script
	Other   []lostChar     `json:"other,omitempty"`   // each unexplained loss
	Missing int            `json:"missing,omitempty"` // lost characters, all causes
}

// lostChar is one character of the article, after decomposition, that the
// PDF's text has fewer of.
type lostChar struct {
	Char      string `json:"char"` // U+XXXX
	Name      string `json:"name"`
	Lost      int    `json:"lost"`       // how many of it are missing, unexplained
	InArticle int    `json:"in_article"` // how many the article has
	From      string `json:"from,omitempty"`
	Context   string `json:"context"` // the article around its first occurrence
}

// compare counts the article's characters missing from pdfText, the PDF's
// text, and assigns each loss a cause. A multiset cannot tell which
// occurrence went missing, so losses go first to occurrences with a
// documented cause (a character no face draws, an ignorable one, a soft
// hyphen), and only what remains is unexplained.
func (l *ledger) compare(pdfText string) losses {
	got := map[rune]int{}
	for _, r := range norm.NFKD.String(l.furniture.strip(pdfText)) {
		if !unicode.IsSpace(r) {
			got[r]++
		}
	}
	res := losses{ByCause: map[string]int{}}
	keys := make([]rune, 0, len(l.counts))
	for d, n := range l.counts {
		res.Checked += n
		keys = append(keys, d)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	for _, d := range keys {
		lost := l.counts[d] - got[d]
		if lost <= 0 {
			continue
		}
		res.Missing += lost
		explained := map[string]int{}
		for _, o := range l.origins[d] {
			explained[o.cause]++
		}
		for _, c := range causes[:3] {
			n := min(lost, explained[c])
			if n > 0 {
				res.ByCause[c] += n
				lost -= n
			}
			if c == causeNoFace && n > 0 {
				l.tallyScripts(&res, d, n)
			}
		}
		if lost > 0 {
			res.ByCause[causeOther] += lost
			res.Other = append(res.Other, l.describe(d, lost))
		}
	}
	return res
}

// tallyScripts counts n stand-ins for d by the script of the characters
// they stand for, to show which writing systems pdfexport cannot draw.
func (l *ledger) tallyScripts(res *losses, d rune, n int) {
	if res.NoFace == nil {
		res.NoFace = map[string]int{}
	}
	for _, o := range l.origins[d] {
		if n == 0 {
			return
		}
		if o.cause == causeNoFace {
			res.NoFace[scriptOf(l.text[o.at])]++
			n--
		}
	}
}

// scriptOf names the writing system of r, with emoji and symbols, and
// private-use characters (icon fonts), as groups of their own.
func scriptOf(r rune) string {
	switch {
	case unicode.Is(unicode.So, r), r >= 0x1F000 && r <= 0x1FAFF:
		return "emoji and symbols"
	case unicode.Is(unicode.Co, r):
		return "private use"
	}
	for name, table := range unicode.Scripts {
		if unicode.Is(table, r) {
			return name
		}
	}
	return "unassigned"
}

func (l *ledger) describe(d rune, lost int) lostChar {
	lc := lostChar{Char: fmt.Sprintf("U+%04X", d), Name: charName(d), Lost: lost, InArticle: l.counts[d]}
	first := l.origins[d][0].at
	if orig := l.text[first]; orig != d {
		lc.From = fmt.Sprintf("U+%04X %s", orig, charName(orig))
	}
	lo, hi := max(first-30, 0), min(first+31, len(l.text))
	lc.Context = strings.ReplaceAll(string(l.text[lo:hi]), "\n", " ¶ ")
	return lc
}

// charName is the character's Unicode name; characters named by range
// ("<CJK Ideograph>") get the range and their code point.
func charName(r rune) string {
	n := runenames.Name(r)
	switch {
	case r >= 0xE000 && r <= 0xF8FF, r >= 0xF0000:
		return "PRIVATE USE"
	case unicode.IsControl(r):
		return "CONTROL"
	case n == "":
		return "UNASSIGNED"
	case strings.HasPrefix(n, "<"):
		return fmt.Sprintf("%s-%04X", strings.ToUpper(strings.Trim(n, "<>")), r)
	}
	return n
}
