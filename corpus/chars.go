package main

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
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
	"pdfexport/render/page"
)

// The documented causes of a character of the article missing from the
// PDF's text; anything else is a finding.
const (
	causeNoFace     = "no face (drawn as a box)"    // README "Scripts": kept in the text, so counted only if pdftotext loses it
	causeIgnorable  = "default-ignorable (dropped)" // joiners, zero-width space, bidi marks, variation selectors, …
	causeSoftHyphen = "soft hyphen (unused break)"  // printed only where the line breaks
	causeDecorative = "decorative pull quote"       // README "Figures, tables and quotes": repeats the body, drawn out of the text layer
	causeOther      = "other"
)

var causes = []string{causeNoFace, causeIgnorable, causeSoftHyphen, causeDecorative, causeOther}

// ledger is the text of an article that must come back out of its PDF,
// character by character: the title, standfirst, byline and body, with
// figures' captions and credits, tables' captions and cells, footnotes and
// embeds' cards (list markers and the printed date are not in it; the PDF's
// running head, footer, URL, date, markers and repeated table headers are
// extra text that is never a loss). A picture's alt text is not in the
// text layer when the picture is drawn; a picture that could not be had is
// a box "Image unavailable: ALT", which is counted and taken out of the
// PDF's text like the furniture (see stripBoxes).
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
	alts      []string          // the pictures' alt texts without white space, longest first
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
	// for layout, every picture drawn (the boxes of those that are not are
	// counted apart). The title block's date and link are furniture here.
	drawn := &page.Picture{Width: 1, Height: 1}
	d := compose.Article(a, compose.Options{Paper: doc.A4, Scale: 1, Lang: render.DefaultLang,
		Pictures: func(string) *page.Picture { return drawn }})
	for i, b := range d.Blocks {
		t := b.Text()
		if b.Rule != nil || (i == 0 && a.Date != "" && t == a.Date) || (a.URL != "" && t == a.URL && b.Spans[0].Link == a.URL) {
			continue
		}
		if tb := b.Table; tb != nil {
			l.addSpans(tb.Caption, false)
			for _, r := range tb.Rows {
				for _, c := range r.Cells {
					l.addSpans(c.Spans, false)
				}
			}
			continue
		}
		l.addSpans(b.Spans, b.Decorative)
	}
	for _, id := range slices.Sorted(maps.Keys(d.Notes)) {
		n := d.Notes[id]
		l.addSpans(n.Spans, false)
	}
	seen := map[string]bool{}
	figure := func(b *article.Block) {
		if b != nil && b.Figure != nil {
			for _, im := range b.Figure.Images {
				if alt := noSpace(im.Alt); alt != "" && !seen[alt] {
					seen[alt] = true
					l.alts = append(l.alts, alt)
				}
			}
		}
	}
	figure(a.Lead)
	for i := range a.Body {
		figure(&a.Body[i])
	}
	sort.SliceStable(l.alts, func(i, j int) bool { return len(l.alts[i]) > len(l.alts[j]) })
	return l
}

// addSpans adds a block's text; decorative text is drawn out of the text
// layer, so all of it is lost for that documented reason.
func (l *ledger) addSpans(spans []doc.Span, decorative bool) {
	for _, s := range spans {
		l.add(s.Text, s.Style.Face, decorative)
	}
	l.text = append(l.text, '\n')
}

func (l *ledger) add(s string, face fonts.Face, decorative bool) {
	for _, r := range s {
		at := len(l.text)
		l.text = append(l.text, r)
		cause := causeOther
		switch {
		case decorative:
			cause = causeDecorative
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
	Boxes   int            `json:"boxes,omitempty"`   // "Image unavailable" boxes taken out of the text
}

// boxLabel begins the box of a picture that could not be had (compose's
// missing), without white space; ": ALT" follows when the picture has alt
// text.
const boxLabel = "Imageunavailable"

// stripBoxes takes the boxes of pictures that could not be had out of the
// PDF's text (without white space), with their alt text where it is found
// whole, and counts them. An article whose own text says "Image
// unavailable" would have it counted as a box: none of the corpus does.
func (l *ledger) stripBoxes(flat string) (string, int) {
	if !strings.Contains(flat, boxLabel) {
		return flat, 0
	}
	var out strings.Builder
	n := 0
	for {
		i := strings.Index(flat, boxLabel)
		if i < 0 {
			out.WriteString(flat)
			return out.String(), n
		}
		n++
		out.WriteString(flat[:i])
		flat = flat[i+len(boxLabel):]
		if rest, ok := strings.CutPrefix(flat, ":"); ok {
			for _, alt := range l.alts {
				if strings.HasPrefix(rest, alt) {
					flat = rest[len(alt):]
					break
				}
			}
		}
	}
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
// hyphen, a decorative pull quote), and only what remains is unexplained.
func (l *ledger) compare(pdfText string) losses {
	flat, boxes := l.stripBoxes(l.furniture.strip(pdfText))
	got := map[rune]int{}
	for _, r := range norm.NFKD.String(flat) {
		if !unicode.IsSpace(r) {
			got[r]++
		}
	}
	res := losses{ByCause: map[string]int{}, Boxes: boxes}
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
		for _, c := range causes[:len(causes)-1] {
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
