package layout

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"pdfexport/article"
	"pdfexport/fonts"
	"pdfexport/internal/fixture"
	"pdfexport/internal/pdftest"
	"pdfexport/render/compose"
	"pdfexport/render/hyphen"
	"pdfexport/render/page"
)

// bodyLine is one baseline of body text on a page, its runs in order.
type bodyLine struct {
	y     page.Unit
	face  fonts.Face
	size  page.Unit
	text  string // runs joined with spaces
	end   page.Unit
	first page.Text
}

func bodyLines(pg page.Page) []bodyLine {
	byY := map[page.Unit]*bodyLine{}
	for _, tx := range bodyTexts(pg) {
		l, ok := byY[tx.Y]
		if !ok {
			l = &bodyLine{y: tx.Y, face: tx.Face, size: tx.Size, first: tx}
			byY[tx.Y] = l
		} else if tx.S != "-" { // a hyphen the line break put there is a Text of its own
			l.text += " "
		}
		l.text += tx.S
		l.end = max(l.end, tx.X+textWidth(tx))
	}
	var out []bodyLine
	for _, l := range byY {
		out = append(out, *l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].y < out[j].y })
	return out
}

// articleWithHeadings is long enough to put headings at every height of a
// page at some scale.
func articleWithHeadings() *article.Article {
	a := &article.Article{Title: "Headings everywhere", Lang: "en"}
	sample := strings.Repeat("Japan also cannot shake the Russo-Chinese geopolitical solidarity in Asia. ", 3)
	for i := range 24 {
		a.Body = append(a.Body, article.Block{Kind: article.Heading, Runs: []article.Run{{Text: fmt.Sprintf("Section %d", i+1)}}})
		for j := 0; j <= i%4; j++ {
			a.Body = append(a.Body, article.Para(sample[:40+37*((i+j)%6)]))
		}
	}
	return a
}

func TestHeadingsAreKeptWithTwoLines(t *testing.T) {
	a := articleWithHeadings()
	for _, scale := range scales {
		for _, paper := range []Paper{A4, Letter} {
			doc, _ := mustLayout(t, a, opts(paper, scale))
			type placed struct {
				bodyLine
				page int
			}
			var all []placed
			for n, pg := range doc.Pages {
				for _, l := range bodyLines(pg) {
					all = append(all, placed{l, n})
				}
			}
			isHeading := func(l bodyLine) bool { return l.face == fonts.SansBold && strings.HasPrefix(l.text, "Section") }
			for i, h := range all {
				if !isHeading(h.bodyLine) {
					continue
				}
				section, samePage := 0, 0
				for _, l := range all[i+1:] {
					if isHeading(l.bodyLine) {
						break
					}
					section++
					if l.page == h.page {
						samePage++
					}
				}
				if samePage < min(2, section) {
					t.Errorf("%s scale %g page %d: heading %q has %d of its %d lines on its page", paper.Name, scale, h.page+1, h.text, samePage, section)
				}
			}
			var level1 int
			for _, b := range doc.Outline {
				if b.Level == 1 {
					level1++
				}
			}
			if level1 != 24 {
				t.Errorf("%s scale %g: %d headings in the outline, want 24", paper.Name, scale, level1)
			}
		}
	}
}

// TestNoWordSplitAcrossPages walks the words of every fixture and fails when
// the pieces of one input word (hyphenated, or broken in a URL) lie on two
// pages.
func TestNoWordSplitAcrossPages(t *testing.T) {
	for name, a := range fixtures(t) {
		if fixture.HasRTL(a) || fixture.HasBeyondBMP(a) || a.Lang == "ja" || a.Lang == "zh" {
			continue // visual order, stand-ins, text without spaces: no words to follow
		}
		for _, scale := range scales {
			doc, _ := mustLayout(t, a, opts(Letter, scale))
			type token struct {
				s    string
				page int
			}
			var toks []token
			for n, pg := range doc.Pages {
				for _, tx := range bodyTexts(pg) {
					for _, w := range pdftest.Words(tx.S) {
						toks = append(toks, token{w, n})
					}
				}
			}
			j := 0
			for _, w := range fixture.Words(a) {
				if j >= len(toks) {
					t.Fatalf("%s scale %g: output ends early", name, scale)
				}
				acc, first := toks[j].s, toks[j].page
				j++
				for acc != w && j < len(toks) {
					if toks[j].page != first {
						t.Errorf("%s scale %g: %q is split between pages %d and %d", name, scale, w, first+1, toks[j].page+1)
					}
					// A hyphen at the line end is the word's own (a URL's) or added.
					if next := acc + toks[j].s; strings.HasPrefix(w, next) {
						acc = next
					} else {
						acc = strings.TrimSuffix(acc, "-") + toks[j].s
					}
					if strings.HasPrefix(w, toks[j-1].s) && !strings.HasPrefix(w, acc) {
						acc = toks[j-1].s + toks[j].s
					}
					j++
				}
			}
		}
	}
}

func TestAtMostTwoHyphenatedLinesInARow(t *testing.T) {
	for name, a := range fixtures(t) {
		for _, scale := range scales {
			for _, paper := range []Paper{A4, Letter} {
				doc, _ := mustLayout(t, a, opts(paper, scale))
				for n, pg := range doc.Pages {
					run := 0
					for _, l := range bodyLines(pg) {
						if strings.HasSuffix(l.text, "-") {
							run++
						} else {
							run = 0
						}
						if run > maxHyphenRun {
							t.Errorf("%s %s scale %g page %d: %d hyphenated lines in a row, ending %q", name, paper.Name, scale, n+1, run, l.text)
						}
					}
				}
			}
		}
	}
}

func TestBodyLinesSitOnTheBaselineGrid(t *testing.T) {
	for _, scale := range scales {
		doc, _ := mustLayout(t, sample(t), opts(A4, scale))
		body := bodyStyle(t, scale)
		for n, pg := range doc.Pages {
			for _, l := range bodyLines(pg) {
				if l.face != fonts.Serif {
					continue
				}
				if off := (l.y - pts(64) - body.baseline()) % body.leading; off != 0 {
					t.Errorf("scale %g page %d: line %.30q is %s off the grid", scale, n+1, l.text, off)
				}
			}
		}
	}
}

func TestSoftHyphensAreNeverPrinted(t *testing.T) {
	word := "trans\u00adship\u00adment"
	a := &article.Article{Title: "Soft", Body: []article.Block{article.Para(strings.Repeat("The "+word+" of cargo. ", 60))}}
	broken := 0
	for _, scale := range scales {
		doc, _ := mustLayout(t, a, opts(A4, scale))
		for _, pg := range doc.Pages {
			for _, l := range bodyLines(pg) {
				if strings.ContainsRune(l.text, '\u00ad') {
					t.Fatalf("a soft hyphen is drawn: %q", l.text)
				}
				if strings.HasSuffix(l.text, "trans-") || strings.HasSuffix(l.text, "transship-") {
					broken++
				}
			}
		}
	}
	if broken == 0 {
		t.Error("no line broke at a soft hyphen; the test does not test anything")
	}
}

func itemsFor(text string, lang string) []item {
	sh := shaper{}
	sh.hyph, _ = hyphen.ForLang(lang)
	st := newStyle(fonts.Serif, pts(11), pts(15), black)
	return sh.items(plain(text, st), paragraphOpts{measure: pts(200)})
}

// breaksOf lists the word pieces of a paragraph with the kind of break after
// each: "|" a hyphenation point (second pass on), "/" any other break in a
// word, " " glue, "~" glue that does not break.
func breaksOf(items []item) string {
	var b strings.Builder
	for i, it := range items {
		switch {
		case it.kind == boxItem && it.run != nil:
			b.WriteString(it.run.text)
		case it.kind == glueItem && it.stretch < fill && i > 0 && items[i-1].tie:
			b.WriteString("~") // a space that does not break
		case it.kind == glueItem && it.stretch < fill:
			b.WriteString(" ")
		case it.kind == penaltyItem && it.hyph:
			b.WriteString("|")
		case it.kind == penaltyItem && it.penalty < infPenalty && it.penalty > ejectPenalty:
			b.WriteString("/")
		}
	}
	return b.String()
}

func TestWordBreaks(t *testing.T) {
	for _, c := range []struct{ lang, in, want string }{
		{"en", "hyphenation", "hy|phen|ation"},
		{"en", "NATO UNESCO 1234567890 12,345,678 3.5GW", "NATO UNESCO 1234567890 12,345,678 3.5GW"},
		{"en", "“rapprochement,”", "“rap|proche|ment,”"},
		{"en", "economic-political", "eco|nomic-/po|lit|ical"}, // po-lit-i-cal: no one-letter piece
		{"en", "Moscow-Tokyo", "Moscow-/Tokyo"},
		{"en", "democrat", "de|mo|crat"},
		{"en", "https://example.org/reports/baltic-energy-2024", "https://example./org//reports//baltic-/energy-/2024"},
		{"en", "press@example.org", "press@example./org"},
		{"en", "Japan’s", "Japan’s"},
		{"en", "soft\u00adhyphen", "soft/hyphen"}, // the author's break only
		{"en", "Berlin – Paris — Rome", "Berlin~– Paris~— Rome"},
		{"en", "Putin admits\u00a0that", "Putin ad|mits~that"},
		{"de", "Containerterminalautomatisierung", "Con|tai|ner|ter|mi|nal|au|to|ma|ti|sie|rung"},
		{"xx", "hyphenation", "hyphenation"},
	} {
		if got := breaksOf(itemsFor(c.in, c.lang)); got != c.want {
			t.Errorf("%s %q: breaks %q, want %q", c.lang, c.in, got, c.want)
		}
	}
}

func TestDisplayTextIsNotHyphenated(t *testing.T) {
	a := &article.Article{Title: strings.Repeat("Incomprehensibilities ", 6), Standfirst: strings.Repeat("Characteristically ", 8),
		Body: []article.Block{{Kind: article.Heading, Runs: []article.Run{{Text: strings.Repeat("Internationalisation ", 5)}}}, article.Para("Text.")}, Lang: "en"}
	for _, scale := range scales {
		doc, _ := mustLayout(t, a, opts(A4, scale))
		for _, l := range bodyLines(doc.Pages[0]) {
			if l.face != fonts.Serif && strings.HasSuffix(l.text, "-") {
				t.Errorf("scale %g: display line hyphenated: %q", scale, l.text)
			}
		}
	}
}

func TestShortLastLinesAreAvoided(t *testing.T) {
	count := func() int {
		n := 0
		for _, a := range fixtures(t) {
			for _, scale := range []float64{1, 1.5} {
				l := testLayouter(a, opts(A4, scale))
				l.sh.hyph, _ = hyphen.ForLang(a.Lang)
				w := A4.Width - 2*compose.SideMargin(scale)
				body := bodyStyle(t, scale)
				for _, b := range l.bodyBlocks() {
					lines := l.lines(l.spans(&b), body, paragraphOpts{measure: w}, 0)
					if len(lines) > 1 {
						last := lines[len(lines)-1].texts
						end := last[len(last)-1].X + textWidth(last[len(last)-1]) - last[0].X
						if end < w/5 {
							n++
						}
					}
				}
			}
		}
		return n
	}
	with := count()
	saved := shortLastDemerits
	shortLastDemerits = 0
	without := count()
	shortLastDemerits = saved
	t.Logf("paragraphs ending in a line under a fifth of the measure: %d with the rule, %d without", with, without)
	if with >= without {
		t.Errorf("the short-last-line rule changes nothing: %d with, %d without", with, without)
	}
}

// TestReorder checks UAX #9's rule L2 on placed boxes: levels, gaps and
// the paragraph's direction decide the visual order; each box keeps its
// width and the gaps between boxes are kept.
func TestReorder(t *testing.T) {
	type box struct {
		level uint8
		gap   int // level of the white space before; -1 none
	}
	for _, c := range []struct {
		name  string
		rtl   bool
		boxes []box
		want  []page.Unit // x of each box, in logical order
	}{
		// "abc DEF GHI jkl": two right-to-left words inside a left-to-right line.
		{"rtl words in ltr", false, []box{{0, -1}, {1, 0}, {1, 1}, {0, 0}}, []page.Unit{0, 30, 15, 45}},
		// "ABC DEF": a right-to-left line, set from the right edge (width 100).
		{"rtl line", true, []box{{1, -1}, {1, 1}}, []page.Unit{90, 75}},
		// "ABC 123 456": numbers keep their order inside a right-to-left line,
		// and the space between them (level 1) separates them.
		{"numbers in rtl", true, []box{{1, -1}, {2, 1}, {2, 1}}, []page.Unit{90, 75, 60}},
		// "ABC 12-34": a number joined to another without white space stays one run.
		{"joined numbers", true, []box{{1, -1}, {2, 1}, {2, -1}}, []page.Unit{90, 65, 75}},
	} {
		var atoms []atom
		x := page.Unit(0)
		for i, b := range c.boxes {
			if i > 0 && b.gap >= 0 {
				x += 5
			}
			atoms = append(atoms, atom{x: x, w: 10, run: &run{level: b.level}, gap: b.gap})
			x += 10
		}
		reorder(atoms, 0, 100, c.rtl)
		for i, a := range atoms {
			if a.x != c.want[i] {
				t.Errorf("%s: box %d at %d, want %d (all: %v)", c.name, i, a.x, c.want[i], atoms)
				break
			}
		}
	}
}

// breaksIn marks where a word may break, and how: {h} after a hyphen that
// stays on the line, {d} after a dash, {c} beside a Chinese or Japanese
// character (glue), {o} any other UAX #14 opportunity, {u} in a URL or
// long token, {y} a hyphenation point, {s} a soft hyphen, {w} between Thai,
// Lao, Khmer or Burmese words.
func breaksIn(word string, hyphenate bool) string {
	sh := shaper{}
	var hyph *hyphen.Hyphenator
	if hyphenate {
		hyph, _ = hyphen.ForLang("en")
	}
	var b strings.Builder
	last := 0
	for _, br := range sh.wordBreaks(word, pts(11), pts(200), hyph) {
		b.WriteString(word[last:br.at])
		b.WriteString([]string{breakExHyphen: "{h}", breakDash: "{d}", breakURL: "{u}", breakSoft: "{s}",
			breakHyph: "{y}", breakCJK: "{c}", breakDict: "{w}", breakOther: "{o}"}[br.kind])
		last = br.at
	}
	return b.String() + word[last:]
}

// TestUAX14WordBreaks pins what UAX #14 (through package text) gives a
// word, and the kind of break the layout makes of each opportunity.
func TestUAX14WordBreaks(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		// Japanese breaks between kanji and kana, but not before closing
		// brackets and full stops, small kana or the prolonged sound mark,
		// nor after an opening bracket.
		{"東京の夜", "東{c}京{c}の{c}夜"},
		{"「東京」、", "「東{c}京」、"},
		{"言った。」と", "言っ{c}た。」{c}と"},
		{"チャット", "チャッ{c}ト"},
		{"コーヒー", "コー{c}ヒー"},
		{"JR東日本", "JR{c}東{c}日{c}本"},
		{"2024年", "2024{c}年"},
		{"100％", "100％"},
		// Chinese: an opening quotation mark stays with what follows.
		{"他说“你好”", "他{c}说{c}“你{c}好”"},
		// A hyphen between letters: the hyphen stays on the line. Before a
		// digit it is a minus (LB25), and a word's first one stays (LB20a).
		{"well-known", "well-{h}known"},
		{"COVID-19", "COVID-19"},
		{"-foo", "-foo"},
		{"pre‐war", "pre‐{h}war"},
		// After a dash, never before one: a line does not start with a dash.
		{"Berlin—Paris", "Berlin—{d}Paris"},
		{"1990–1995", "1990–{d}1995"},
		{"東京—大阪", "東{c}京—{d}大{c}阪"},
		// Other opportunities inside a word.
		{"and/or", "and/{o}or"},
		{"1/2", "1/2"},
		{"😀😀", "😀{o}😀"},
		{"👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧"},
		// Korean breaks at spaces, as before, but after hyphens and dashes.
		{"서울역에서", "서울역에서"},
		{"서울-부산", "서울-{h}부산"},
		{"서울(Seoul)", "서울(Seoul)"},
		// Thai, Lao, Khmer and Burmese are UAX #14's class SA: they break
		// between the words of a dictionary (package dictbreak), as glue,
		// never beside a bracket or a Latin letter that UAX #14 holds.
		{"ภาษาไทย", "ภาษา{w}ไทย"},
		{"ภาษาไทย(ไทย)", "ภาษา{w}ไทย(ไทย)"},
		{"ພາສາລາວ", "ພາສາ{w}ລາວ"},
		{"ភាសាខ្មែរជាភាសា", "ភាសាខ្មែរ{w}ជា{w}ភាសា"},
		{"မြန်မာစကား", "မြန်မာ{w}စကား"},
		{"ไปxyzมา", "ไปxyzมา"},
		// URLs keep their own rules.
		{"https://example.org/a-b", "https://example.{u}org/{u}a-b"},
	} {
		if got := breaksIn(c.in, false); got != c.want {
			t.Errorf("%q: %q, want %q", c.in, got, c.want)
		}
	}
}

// TestCJKBreaks: in a paragraph, the glue beside Chinese and Japanese
// characters, and the spaces, break as before.
func TestCJKBreaks(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"東京の夜", "東 京 の 夜"},
		{"「東京」、", "「東 京」、"},
		{"東京, Tokyo", "東 京, Tokyo"}, // not before the comma
		{"서울의 밤", "서울의 밤"},          // Korean: at spaces only
	} {
		if got := breaksOf(itemsFor(c.in, "en")); got != c.want {
			t.Errorf("%q: breaks %q, want %q", c.in, got, c.want)
		}
	}
}

// TestJapaneseLineEdges lays out the Japanese fixture at every scale: no
// line starts with closing punctuation, a small kana or a prolonged sound
// mark, and none ends with opening punctuation.
func TestJapaneseLineEdges(t *testing.T) {
	a := fixtures(t)["tokyo-night-trains"]
	lines := 0
	for _, scale := range []float64{0.5, 1, 1.3, 2, 2.5} {
		doc, _ := mustLayout(t, a, opts(A4, scale))
		for _, pg := range doc.Pages {
			for _, l := range bodyLines(pg) {
				lines++
				first, _ := utf8.DecodeRuneInString(l.text)
				last, _ := utf8.DecodeLastRuneInString(l.text)
				if strings.ContainsRune("、。，．・：；？！」』）〕】〉》ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶー々", first) {
					t.Errorf("scale %g: a line starts with %q: %q", scale, first, l.text)
				}
				if strings.ContainsRune("「『（〔【〈《", last) {
					t.Errorf("scale %g: a line ends with %q: %q", scale, last, l.text)
				}
			}
		}
	}
	if lines < 100 {
		t.Fatalf("only %d lines: the test tests little", lines)
	}
}

// TestMegabyteWithoutSpaces is a regression test: the demerits of a
// paragraph of thousands of awful lines overflowed, and the last-resort pass
// failed with a panic.
func TestMegabyteWithoutSpaces(t *testing.T) {
	a := &article.Article{Title: "No spaces", Body: []article.Block{article.Para(strings.Repeat("x", 1<<20))}}
	doc, _ := mustLayout(t, a, opts(A4, 1))
	n := 0
	for _, pg := range doc.Pages {
		for _, tx := range bodyTexts(pg) {
			n += strings.Count(tx.S, "x")
		}
	}
	if n != 1<<20 {
		t.Errorf("%d of %d characters laid out", n, 1<<20)
	}
}
