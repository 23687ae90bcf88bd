package layout

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"pdfexport/article"
	"pdfexport/internal/fixture"
	"pdfexport/internal/pdftest"
	"pdfexport/internal/realtext"
	"pdfexport/internal/rules"
	"pdfexport/render/page"
)

// fuzzScale maps a fuzzed number onto the scales the API accepts, 0.5 to
// 2.5 in steps of 0.01.
func fuzzScale(v uint16) float64 { return 0.5 + float64(v%201)/100 }

// FuzzLayoutStructured lays out articles built of the shapes of real web
// text (package realtext: long tokens with dashes, slashes and quotes, code,
// tables, URLs, many scripts, emoji, invisible characters) in blocks of every
// kind, with italic, bold and linked runs, at a fuzzed scale and paper.
// Invariants: no panic; the layout succeeds, or fails only with the page
// limit; every run is drawable by its face and inside the page; every rule
// of internal/rules holds (no widows, orphans, stranded headings or words
// split across pages, at most two hyphenated lines in a row, the title block
// on page 1, the footer and "page N of M" on every page), but for what the
// layout cannot avoid and known findings (see excused); for left-to-right
// text drawn without stand-ins, every word comes back in order; the same
// input lays out the same way twice.
// Run: go test ./render/layout -run '^$' -fuzz '^FuzzLayoutStructured$' -fuzztime 3m -fuzzminimizetime 20x
// (the default minute spent minimising each new input stalls the run).
func FuzzLayoutStructured(f *testing.F) {
	for i, p := range realtext.Seeds() {
		f.Add(uint16(i*37), i%2 == 1, p)
	}
	f.Add(uint16(0), false, realtext.Seeds()[0])  // scale 0.5
	f.Add(uint16(200), true, realtext.Seeds()[0]) // scale 2.5
	f.Add(uint16(200), false, []byte{0x1F, 1, 0}) // almost nothing
	f.Fuzz(func(t *testing.T, scale uint16, letter bool, program []byte) {
		a := realtext.Article(program)
		if err := a.Validate(); err != nil {
			t.Fatalf("the builder made an invalid article: %v", err)
		}
		o := opts(A4, fuzzScale(scale))
		o.Rights, o.MaxPages = cmp.Or(a.Rights, rights), 60
		if letter {
			o.Paper = Letter
		}
		// The article, for a failure's message: it renders with
		// `pdfexport render --scale S --paper P`.
		repro := func() string {
			return fmt.Sprintf("scale %g, %s; the article:\n%s", o.Scale, o.Paper.Name, realtext.JSON(a))
		}
		doc, st, err := layoutArticle(context.Background(), a, o)
		if errors.Is(err, ErrTooManyPages) {
			return
		}
		if err != nil {
			t.Fatalf("layout failed: %v\n%s", err, repro())
		}
		if len(doc.Pages) == 0 {
			t.Fatalf("no pages\n%s", repro())
		}
		for _, pg := range doc.Pages {
			for _, tx := range pg.Texts {
				if err := notdefCheck(tx); err != nil {
					t.Fatalf("%v\n%s", err, repro())
				}
				if tx.X < 0 || tx.X+textWidth(tx) > doc.Width || tx.Y < 0 || tx.Y > doc.Height {
					t.Fatalf("run %q at (%s, %s) leaves the page\n%s", tx.S, tx.X, tx.Y, repro())
				}
			}
		}

		// The rules, but where the pages had to break a run of lines with
		// no legal break (a title block taller than a page, a paragraph
		// of long tokens whose every line ends inside a word): see
		// excused.
		if r := rules.Check(a, doc, rules.Options{Rights: o.Rights, Lang: o.Lang}); len(r.Violations) > 0 {
			var broken []string
			for _, v := range r.Violations {
				if !excused(v, a, doc, st) {
					broken = append(broken, v.String())
				}
			}
			if len(broken) > 0 {
				t.Fatalf("%d pages break the rules:\n  %s\n%s", len(doc.Pages), strings.Join(broken, "\n  "), repro())
			}
		}

		if want, ok := readableWords(a, st); ok {
			var got []string
			for _, pg := range doc.Pages {
				for _, tx := range bodyTexts(pg) {
					got = append(got, pdftest.Words(strings.Map(invisible, tx.S))...)
				}
			}
			if err := pdftest.CompareWords(want, got); err != nil {
				t.Fatalf("words lost or changed: %v\n%s", err, repro())
			}
		}

		again, _, err := layoutArticle(context.Background(), a, o)
		if err != nil {
			t.Fatalf("the second layout failed: %v\n%s", err, repro())
		}
		var t1, t2 bytes.Buffer
		doc.WriteTrace(&t1)
		again.WriteTrace(&t2)
		if !bytes.Equal(t1.Bytes(), t2.Bytes()) {
			t.Fatalf("two layouts of the same input differ\n%s", repro())
		}
	})
}

// excused reports a violation the layout cannot avoid:
//   - At a forced page break (Stats.ForcedBreaks: a run of lines with no legal
//     break taller than a page, such as a title block with a very long
//     standfirst at a large scale, or a paragraph of long tokens whose every
//     line ends inside a word, a stack of headings) a word, or the title
//     block, is split, or a heading is left at the page's foot.
//   - A token with dashes of its own that spans more than three lines has no
//     other place to end them than after a hyphen (see oneDashedToken).
//   - A page is left half empty (rules.HalfEmpty). The fuzzed articles have
//     no figures, pull quotes or tables: a page is left half empty only
//     before a run of lines the layout may not end a page inside, taller
//     than what is left of it. The checker says when it finds such a run by
//     its own rules ("which no page may end between": lines of long tokens
//     each ending inside a word); where it does not, the layout's notion of
//     where a page may end is stricter than the checker's, known and not
//     yet settled: it keeps a heading over a one-line section with the
//     heading after it (a chain of them taller than the rest of the page,
//     see knownBreaks); it ends no page after a line ended at a zero-width
//     space (where the checker, after UAX #14, sees a place to break), nor,
//     sometimes, at a no-break space a line was ended at as a last resort
//     (which the checker reads as white space). The rules matrices hold
//     every layout to the rule.
//
// The fuzzer's earlier findings, fixed since, are tests in
// fuzzfound_test.go.
func excused(v rules.Violation, a *article.Article, doc *page.Document, st Stats) bool {
	after := func(pg int) bool { return slices.Contains(st.ForcedBreaks, pg) }
	switch v.Rule {
	case rules.WordSplit, rules.HeadingAtFoot, rules.HeadingKeep:
		return after(v.Page)
	case rules.TitleSplit:
		return after(v.Page - 1)
	case rules.HyphenRun:
		return oneDashedToken(v, a)
	case rules.HalfEmpty:
		return true
	}
	return false
}

// oneDashedToken reports whether every line of a hyphen run ends inside one
// and the same token with dashes of its own, as the violation's detail
// quotes the line ends: at one of its dashes ("Sozialversicherungs-" of
// "Sozialversicherungs-Fachangestellten-Ausbildungs-Verordnung"), or with a
// hyphen added inside it ("Fachangestell-").
func oneDashedToken(v rules.Violation, a *article.Article) bool {
	ends := quoted.FindAllString(v.Detail, -1)
	if len(ends) <= rules.MaxHyphenRun {
		return false
	}
	for _, tok := range strings.Fields(strings.Join(append(a.Paragraphs(), a.Title, a.Standfirst, a.Byline, a.URL), " ")) {
		tok = strings.ReplaceAll(tok, "\u00ad", "")
		if !strings.ContainsAny(strings.Trim(tok, "-\u2010"), "-\u2010") {
			continue
		}
		all := true
		for _, q := range ends {
			end, err := strconv.Unquote(q)
			stem := strings.TrimSuffix(end, "-")
			if last := strings.LastIndexAny(stem, " "); last >= 0 {
				stem = stem[last+1:] // the line's last word
			}
			if err != nil || stem == "" || !strings.Contains(tok, stem) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// readableWords returns the words a reader finds in a's pages, in order,
// when they can be told from the article's text: left-to-right text (no
// Hebrew or Arabic, which is drawn in visual order and shaped) that every
// character of which some face draws (no stand-ins). Characters drawn as
// nothing are not part of any word: soft hyphens (drawn as a hyphen only at
// a line end), zero-width spaces (a place to break, not a space between
// words), format characters such as joiners and marks of direction,
// variation selectors and skin-tone modifiers; they are dropped from the
// words on both sides.
func readableWords(a *article.Article, st Stats) ([]string, bool) {
	all := fixture.Text(a)
	if st.MissingGlyphs > 0 || strings.ContainsFunc(all, func(r rune) bool { return unicode.In(r, unicode.Hebrew, unicode.Arabic) }) {
		return nil, false
	}
	return strings.FieldsFunc(strings.Map(invisible, all), unicode.IsSpace), true
}

// invisible drops characters drawn as nothing, or as a glyph without ink (a
// face may have one for a mark of direction: it is then drawn, and harmless).
func invisible(r rune) rune {
	if unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r) || (r >= 0x1F3FB && r <= 0x1F3FF) {
		return -1 // U+00AD, U+200B, U+200D and U+200E among them
	}
	return r
}
