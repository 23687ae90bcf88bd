package layout

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/go-text/typesetting/language"

	"pdfexport/fonts"
	"pdfexport/render/doc"
	"pdfexport/render/hyphen"
	"pdfexport/render/page"
)

// The shaper's caches (pieces and words, see pieceKey and wordKey) must
// give a word what it would have without them, wherever the word appears
// again in the layout: as a link or not, at another bidi level, on another
// measure, with or without hyphenation. Each test below meets one word in
// several of those settings within one layout, so that the cache is shared,
// and fails if any one field is left out of either key (each was checked by
// removing it).

// cacheStyle is the style of the synthetic documents here: one line of
// body text holds every paragraph whole.
var cacheStyle = doc.Style{Face: fonts.Serif, Size: pts(11), Leading: pts(15)}

// cacheDoc is a one-page document with a 420 pt measure.
func cacheDoc(blocks ...doc.Block) *doc.Document {
	d := synthDoc(blocks...) // pages_test.go's, on a larger page
	d.Paper = doc.Paper{Name: "synthetic", Width: pts(500), Height: pts(400)}
	d.Margins = doc.Margins{Side: pts(40), Top: pts(40), Head: pts(20), Foot: pts(30), FooterGap: pts(10)}
	d.Grid, d.Head.Style, d.Footer.Style = pts(15), cacheStyle, cacheStyle
	return d
}

func cacheBlock(spans ...doc.Span) doc.Block {
	for i := range spans {
		spans[i].Style = cacheStyle
	}
	return doc.Block{Spans: spans, Style: cacheStyle, Ragged: true}
}

// drawnWord is a word of a line as drawn: its characters and where its
// leftmost glyph is.
type drawnWord struct {
	s string
	x page.Unit
	y page.Unit // the line's baseline
}

// drawnLines lays d out and returns its lines' words, each line's in the
// order its Texts are drawn (logical order: a right-to-left run is one Text
// with its characters in logical order).
func drawnLines(t *testing.T, d *doc.Document) ([][]drawnWord, []page.Link) {
	t.Helper()
	out, _, err := Layout(context.Background(), d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Pages) != 1 {
		t.Fatalf("%d pages, want 1", len(out.Pages))
	}
	pg := out.Pages[0]
	var lines [][]drawnWord
	for _, tx := range pg.Texts {
		if len(lines) == 0 || lines[len(lines)-1][0].y != tx.Y {
			lines = append(lines, nil)
		}
		for start := 0; start < len(tx.S); {
			end := strings.IndexByte(tx.S[start:], ' ')
			if end < 0 {
				end = len(tx.S)
			} else {
				end += start
			}
			if end > start {
				w := drawnWord{s: tx.S[start:end], y: tx.Y, x: -1}
				for _, g := range tx.Glyphs {
					if x := tx.X + g.X; int(g.Cluster) >= start && int(g.Cluster) < end && (w.x < 0 || x < w.x) {
						w.x = x
					}
				}
				lines[len(lines)-1] = append(lines[len(lines)-1], w)
			}
			start = end + 1
		}
	}
	return lines, pg.Links
}

// linksAt are the URLs of the links whose rectangles hold the point a
// little right of x on the baseline y.
func linksAt(links []page.Link, x, y page.Unit) []string {
	var out []string
	x += pts(1)
	for _, l := range links {
		if l.X <= x && x < l.X+l.W && l.Y <= y && y <= l.Y+l.H {
			out = append(out, l.URL)
		}
	}
	return out
}

// A word met as plain text and as links to two places in one paragraph is
// a link only where it is one, to its own place.
func TestCachedWordKeepsItsLink(t *testing.T) {
	const a, b = "https://example.org/a", "https://example.org/b"
	spans := []doc.Span{
		{Text: "Tokyo", Link: a}, {Text: " Tokyo "}, {Text: "Tokyo", Link: b},
		{Text: " "}, {Text: "Tokyo", Link: a}, {Text: " Tokyo"},
	}
	want := []string{a, "", b, a, ""}
	lines, links := drawnLines(t, cacheDoc(cacheBlock(spans...)))
	if len(lines) != 1 || len(lines[0]) != len(want) {
		t.Fatalf("drawn %v, want one line of %d words", lines, len(want))
	}
	for i, w := range lines[0] {
		got := linksAt(links, w.x, w.y)
		switch {
		case want[i] == "" && len(got) > 0:
			t.Errorf("word %d %q, plain text, is covered by links %q", i+1, w.s, got)
		case want[i] != "" && (len(got) != 1 || got[0] != want[i]):
			t.Errorf("word %d %q is covered by links %q, want only %q", i+1, w.s, got, want[i])
		}
	}
	if len(links) != 3 {
		t.Errorf("%d links, want 3: %+v", len(links), links)
	}
}

// A number after Hebrew in a left-to-right paragraph is at bidi level 2 and
// is drawn inside the right-to-left run, left of the Hebrew word it follows
// (UAX #9, W7 and I1); the same number elsewhere is at level 0 and drawn in
// logical order. And a Latin word met first in a left-to-right paragraph
// is at level 2 in a right-to-left one, where it keeps its place before the
// Latin word that follows it.
func TestCachedWordKeepsItsBidiLevel(t *testing.T) {
	lines, _ := drawnLines(t, cacheDoc(
		cacheBlock(doc.Span{Text: "x 2024 y שלום 2024 z 2024 abc"}),
		cacheBlock(doc.Span{Text: "שלום abc xyz"}),
	))
	if len(lines) != 2 {
		t.Fatalf("drawn %v, want two lines", lines)
	}
	words := func(ln []drawnWord) string {
		var s []string
		for _, w := range ln {
			s = append(s, w.s)
		}
		return strings.Join(s, " ")
	}
	ltr, rtl := lines[0], lines[1]
	if got := words(ltr); got != "x 2024 y שלום 2024 z 2024 abc" {
		t.Fatalf("first line's words %q", got)
	}
	if got := words(rtl); got != "שלום abc xyz" {
		t.Fatalf("second line's words %q", got)
	}
	// Visually "x 2024 y 2024 םולש z 2024 abc".
	x := func(i int) page.Unit { return ltr[i].x }
	for _, c := range []struct {
		left, right int
	}{{0, 1}, {1, 2}, {2, 4}, {4, 3}, {3, 5}, {5, 6}, {6, 7}} {
		if x(c.left) >= x(c.right) {
			t.Errorf("%q (word %d) is drawn at %s, not left of %q (word %d) at %s", ltr[c.left].s, c.left+1, x(c.left), ltr[c.right].s, c.right+1, x(c.right))
		}
	}
	// Visually "abc xyz םולש", set from the right.
	if !(rtl[1].x < rtl[2].x && rtl[2].x < rtl[0].x) {
		t.Errorf("right-to-left line drawn as %q at %s, %s, %s; want abc, then xyz, then the Hebrew word, left to right",
			words(rtl), rtl[0].x, rtl[1].x, rtl[2].x)
	}
}

// itemTrace lists items with everything a line is set from: each box's
// text, bidi level, link and width, each penalty's cost and flags, each
// glue's widths and level.
func itemTrace(items []item) string {
	var b strings.Builder
	for _, it := range items {
		switch it.kind {
		case boxItem:
			if it.run == nil {
				fmt.Fprintf(&b, "[indent %d] ", it.width)
				continue
			}
			fmt.Fprintf(&b, "[%q L%d %q %d] ", it.run.text, it.run.level, it.run.link, it.width)
		case penaltyItem:
			fmt.Fprintf(&b, "p%d", it.penalty)
			if it.flagged {
				b.WriteString("f")
			}
			if it.hyph {
				b.WriteString("h")
			}
			if it.run != nil {
				fmt.Fprintf(&b, "(%q L%d %q %q)", it.run.text, it.run.level, it.run.link, it.run.lang)
			}
			b.WriteString(" ")
		case glueItem:
			fmt.Fprintf(&b, "g%d+%d-%d/L%d ", it.width, it.stretch, it.shrink, it.level)
		}
	}
	return b.String()
}

// The items of paragraphs set one after another by one shaper are those a
// fresh shaper gives each paragraph, whatever the measure, hyphenation,
// link, bidi level and style each asks of the same word. Each paragraph
// meets its words in one setting only, so that the fresh shaper's answer
// does not come from its own cache.
func TestCachedWordsAsAFreshShaperSetsThem(t *testing.T) {
	st := newStyle(fonts.Serif, pts(11), pts(15), black)
	it := st.with(fonts.SerifItalic)
	h, _ := hyphen.ForLang("en")
	const token = "data_2024/v3.1_final" // 20 characters: a long token on a line under 330 pt (wordBreaks)
	const a, b = "https://example.org/a", "https://example.org/b"
	wide, narrow := paragraphOpts{measure: pts(400)}, paragraphOpts{measure: pts(240)}
	link := func(s, url string) []span { return []span{{text: s, style: st, link: url}} }
	cases := []struct {
		name  string
		spans []span
		o     paragraphOpts
		// When word is set, the paragraph's box of that text has this
		// level and link (the rule, checked on the fresh shaper's items).
		word  string
		level uint8
		link  string
	}{
		// limit
		{name: "token wide", spans: plain(token, st), o: wide},
		{name: "token narrow", spans: plain(token, st), o: narrow},
		{name: "token wide again", spans: plain(token, st), o: wide},
		{name: "token indented", spans: plain(token, st), o: paragraphOpts{measure: pts(400), indent: pts(160)}},
		// hyphenate
		{name: "hyphenated", spans: plain("rapprochement", st), o: wide},
		{name: "display", spans: plain("rapprochement", st), o: paragraphOpts{measure: pts(400), display: true}},
		{name: "hyphenated again", spans: plain("rapprochement", st), o: wide},
		// link
		{name: "link a", spans: link("Tokyo", a), o: wide, word: "Tokyo", link: a},
		{name: "plain", spans: plain("Tokyo", st), o: wide, word: "Tokyo"},
		{name: "link b", spans: link("Tokyo", b), o: wide, word: "Tokyo", link: b},
		{name: "link a again", spans: link("Tokyo", a), o: wide, word: "Tokyo", link: a},
		// level
		{name: "level 0", spans: plain("2024 abc", st), o: wide, word: "2024"},
		{name: "level 2 after Hebrew", spans: plain("שלום 2024", st), o: wide, word: "2024", level: 2},
		{name: "level 2 in RTL", spans: plain("abc 2024", st), o: paragraphOpts{measure: pts(400), rtl: true}, word: "2024", level: 2},
		{name: "level 0 again", spans: plain("2024 abc", st), o: wide, word: "2024"},
		// style
		{name: "italic", spans: plain("Tokyo", it), o: wide, word: "Tokyo"},
		{name: "roman", spans: plain("Tokyo", st), o: wide, word: "Tokyo"},
	}
	sh := shaper{hyph: h}
	for _, c := range cases {
		fresh := shaper{hyph: h}
		items := fresh.items(c.spans, c.o)
		want := itemTrace(items)
		if got := itemTrace(sh.items(c.spans, c.o)); got != want {
			t.Errorf("%s: with the caches of the paragraphs before\n %s\nwithout\n %s", c.name, got, want)
		}
		found := c.word == ""
		for _, it := range items {
			if it.kind == boxItem && it.run != nil && it.run.text == c.word {
				found = true
				if it.run.level != c.level || it.run.link != c.link {
					t.Errorf("%s: %q is at level %d linked to %q, want level %d linked to %q", c.name, c.word, it.run.level, it.run.link, c.level, c.link)
				}
			}
		}
		if !found {
			t.Errorf("%s: no box %q in %s", c.name, c.word, want)
		}
	}
	// The rules behind the limit's and hyphenation's cases, as breaksOf
	// shows them: each word is broken differently in its settings, or the
	// cases would prove nothing.
	for _, c := range []struct {
		in   string
		o    paragraphOpts
		want string
	}{
		{token, narrow, "data_/2024//v3./1_/final"},
		{token, wide, "data_2024//v3.1_final"},
		{"rapprochement", wide, "rap|proche|ment"},
		{"rapprochement", paragraphOpts{measure: pts(400), display: true}, "rapprochement"},
	} {
		if got := breaksOf((&shaper{hyph: h}).items(plain(c.in, st), c.o)); got != c.want {
			t.Errorf("%q on %s (display %v): breaks %q, want %q", c.in, c.o.measure, c.o.display, got, c.want)
		}
	}
}

// A word in a span of another language is hyphenated by that language's
// patterns, or not at all when it has none, and the caches keep a word met
// in two languages apart: each is broken as a fresh shaper breaks it.
func TestWordHyphenatedInItsLanguage(t *testing.T) {
	en, _ := hyphen.ForLang("en")
	de, _ := hyphen.ForLang("de")
	st := newStyle(fonts.Serif, pts(11), pts(15), black)
	wide := paragraphOpts{measure: pts(400)}
	const word = "Wissenschaftsgeschichte"
	in := func(lang language.Language) []span { return []span{{text: word, style: st, lang: lang}} }
	want := map[language.Language]string{
		"":    joinPoints(word, en.Points(word)),
		"de":  joinPoints(word, de.Points(word)),
		"tlh": word, // no patterns: not hyphenated
	}
	if want[""] == want["de"] {
		t.Fatalf("%q is hyphenated alike in English and German (%s): the case proves nothing", word, want[""])
	}
	sh := shaper{hyph: en}
	for _, lang := range []language.Language{"", "de", "tlh", "", "de"} {
		fresh := shaper{hyph: en}
		got, alone := breaksOf(sh.items(in(lang), wide)), breaksOf(fresh.items(in(lang), wide))
		if alone != want[lang] {
			t.Errorf("%q in %q: breaks %s, want %s", word, lang, alone, want[lang])
		}
		if got != alone {
			t.Errorf("%q in %q after the other languages: breaks %s, alone %s", word, lang, got, alone)
		}
	}
}

// joinPoints writes word with a | at each of points, dropping those the
// layout drops (two letters or fewer after the previous point).
func joinPoints(word string, points []int) string {
	var b strings.Builder
	last := 0
	for _, p := range points {
		if utf8.RuneCountInString(word[last:p]) < 2 {
			continue
		}
		b.WriteString(word[last:p] + "|")
		last = p
	}
	return b.String() + word[last:]
}

// Each text of a block goes to its span's element: a word met in the
// block's language, then in a span of another language with an element of
// its own, then again in each, is tagged as its span is, and the texts of
// two languages are never drawn as one.
func TestTextsTakeTheirSpansElements(t *testing.T) {
	b := cacheBlock(
		doc.Span{Text: "Paris and "}, doc.Span{Text: "Paris", Lang: "fr", Elem: 2},
		doc.Span{Text: " then Paris "}, doc.Span{Text: "Paris encore", Lang: "fr", Elem: 3},
		doc.Span{Text: " "}, doc.Span{Text: "Paris", Lang: "de", Elem: 4}, doc.Span{Text: " Paris "},
		// Two spans of one language with a space between are one element
		// (compose's rule), the space too; the text after them is the
		// block's again.
		doc.Span{Text: "Rom", Lang: "it", Elem: 5}, doc.Span{Text: " ", Elem: 5}, doc.Span{Text: "Roma", Lang: "it", Elem: 5},
		doc.Span{Text: " and Paris"},
	)
	b.Elem = 1
	out, _, err := Layout(context.Background(), cacheDoc(b), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tx := range out.Pages[0].Texts {
		if tx.Elem != 0 {
			got = append(got, fmt.Sprintf("%d:%s", tx.Elem, strings.TrimSpace(tx.S)))
		}
	}
	want := "1:Paris and|2:Paris|1:then Paris|3:Paris encore|4:Paris|1:Paris|5:Rom Roma|1:and Paris"
	if g := strings.Join(got, "|"); g != want {
		t.Errorf("texts and their elements:\n%s\nwant\n%s", g, want)
	}
}

// A span in another language is shaped as a document in that language
// shapes it: Serbian Cyrillic takes its own letterforms (Noto Serif's
// locl), in an English document too, and a word met in both languages
// keeps each one's glyphs.
func TestSpanShapedInItsLanguage(t *testing.T) {
	st := newStyle(fonts.SerifItalic, pts(11), pts(15), black)
	const word = "бгдпт"
	glyphs := func(sh *shaper, lang language.Language) string {
		var b strings.Builder
		for _, it := range sh.items([]span{{text: word, style: st, lang: lang}}, paragraphOpts{measure: pts(400)}) {
			if it.kind == boxItem && it.run != nil {
				for _, g := range it.run.glyphs {
					fmt.Fprintf(&b, "%d ", g.ID)
				}
			}
		}
		return b.String()
	}
	english := glyphs(&shaper{lang: "en"}, "")
	serbian := glyphs(&shaper{lang: "sr"}, "")
	if english == serbian {
		t.Fatalf("%q has the same glyphs in English and Serbian (%s): the case proves nothing", word, english)
	}
	sh := &shaper{lang: "en"}
	for _, lang := range []language.Language{"sr", "", "sr"} {
		want := english
		if lang == "sr" {
			want = serbian
		}
		if got := glyphs(sh, lang); got != want {
			t.Errorf("%q in a span in %q of an English document: glyphs %s, want %s", word, lang, got, want)
		}
	}
}

// Ideographs in a Japanese span of an English document take Japanese
// forms, and the same ideograph outside it keeps the document's (Chinese),
// from one shaper's caches too.
func TestSpanIdeographsInItsLanguage(t *testing.T) {
	st := newStyle(fonts.Serif, pts(11), pts(15), black)
	sh := &shaper{lang: "en"}
	sh.itemiser.SetLanguage("en")
	for _, lang := range []language.Language{"", "ja", "", "ja"} {
		var faces []fonts.Face
		for _, it := range sh.items([]span{{text: "骨", style: st, lang: lang}}, paragraphOpts{measure: pts(400)}) {
			if it.kind == boxItem && it.run != nil {
				faces = append(faces, it.run.style.face)
			}
		}
		locale := fonts.LocaleZhHans
		if lang == "ja" {
			locale = fonts.LocaleJa
		}
		want, _ := fonts.ForClusterIn(fonts.Serif, locale, []rune("骨"))
		if len(faces) != 1 || faces[0] != want {
			t.Errorf("骨 in a span in %q: faces %v, want %s", lang, faces, want)
		}
	}
}
