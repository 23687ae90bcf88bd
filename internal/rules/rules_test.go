package rules

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"pdfexport/article"
	"pdfexport/fonts"
	"pdfexport/render/page"
)

// The checker is tested on pages built by hand, so that every rule is seen
// to fail on a page that breaks it, and to pass on one that keeps it,
// without depending on what the layout happens to do.

const testRights = "© Publisher - for rights, write to us"

// sheet is a hand-made page: its body entries top to bottom. A line of
// text is drawn as one run per word, left to right (or right to left, for
// an rtl line), or, for a line with " | " in it, as the runs it separates,
// left to right; a run's text is in logical order, as the layout gives it.
// A word "mark^1" is drawn as "mark" and a superscript "1" after it. Other
// entries:
//   - "img:alt|alt…" a row of pictures 80 pt tall, side by side;
//   - "rule" a rule across the measure;
//   - "row:cell|cell…" a table row of cells in equal columns, each cell's
//     lines separated by "/", with a rule under each cell.
type sheet struct {
	lines  []string
	noHead bool   // leave out the running head
	noFoot bool   // leave out the footer
	label  string // the page number to print instead of the right one
	rtl    map[int]bool
	short  bool // a page before the last that ends near the top, as if half empty
	// notes are footnote lines set at the foot of the body under a rule a
	// third of the measure long, 12 pt apart, in smaller type.
	notes []string
	// turned: the paper turned (a landscape page, 842 pt wide and 595
	// tall), its furniture and body set for that width and height.
	turned bool
}

func pt(p float64) page.Unit { return page.FromPoints(p) }

// height is how far down the page a sheet's entry reaches.
func height(entry string) float64 {
	switch {
	case strings.HasPrefix(entry, "img:"):
		return 95
	case entry == "rule":
		return 10
	case strings.HasPrefix(entry, "row:"):
		n := 1
		for _, c := range strings.Split(entry[4:], "|") {
			n = max(n, len(strings.Split(c, "/")))
		}
		return 15*float64(n) + 5
	}
	return 15
}

// build lays the sheets out as a document: running head from page 2 with a
// rule under it, body lines 15 pt apart from 70 pt, and a footer under a rule
// at 780 pt with the rights line and "page N of M". The entries of a page
// before the last end at 700 pt, as a full page's do (the body's middle is
// near 420 pt), unless the sheet is short; a page's footnotes end there,
// the entries above them. A turned page is 842 pt wide and 595 tall, its
// footer's rule at 533 pt and its full body ending at 457 pt.
func build(sheets ...sheet) *page.Document {
	doc := &page.Document{Width: pt(595), Height: pt(842)}
	for n, sh := range sheets {
		pg := page.Page{Landscape: sh.turned}
		width, end, footer := 595.0, 704.0, 780.0
		if sh.turned {
			width, end, footer = 842, 457, 533
		}
		right, measure := width-72, width-144
		if n > 0 && !sh.noHead {
			pg.Texts = append(pg.Texts, page.Text{X: pt(72), Y: pt(44), Face: fonts.Sans, Size: pt(7.5), S: "Publisher · Title"})
			pg.Rules = append(pg.Rules, page.Rule{X1: pt(72), X2: pt(right), Y1: pt(47), Y2: pt(47)})
		}
		if len(sh.notes) > 0 {
			y := end - 12*float64(len(sh.notes)) // the first note's top
			pg.Rules = append(pg.Rules, page.Rule{X1: pt(72), X2: pt(72 + measure/3), Y1: pt(y - 4), Y2: pt(y - 4)})
			for i, l := range sh.notes {
				x := 72.0
				for _, w := range strings.Fields(l) {
					pg.Texts = append(pg.Texts, page.Text{X: pt(x), Y: pt(y + 9 + 12*float64(i)), Face: fonts.Serif, Size: pt(9), S: w, W: pt(5 * float64(len([]rune(w))))})
					x += 5*float64(len([]rune(w))) + 5
				}
			}
			end = y - 10
		}
		top := 59.0 // the top of the next entry; a line's baseline is 11 pt below
		if n < len(sheets)-1 && !sh.short && len(sh.lines) > 0 {
			top = end
			for _, l := range sh.lines {
				top -= height(l)
			}
		}
		words := func(y, x float64, l string, rtl bool) {
			ws := strings.Fields(l)
			if strings.Contains(l, " | ") {
				ws = strings.Split(l, " | ")
			}
			if rtl {
				slices.Reverse(ws) // drawn from the right: the first word rightmost
			}
			for _, w := range ws {
				w, sup, _ := strings.Cut(w, "^")
				pg.Texts = append(pg.Texts, page.Text{X: pt(x), Y: pt(y), Face: fonts.Serif, Size: pt(11), S: w, W: pt(6 * float64(len([]rune(w))))})
				x += 6 * float64(len([]rune(w)))
				if sup != "" {
					pg.Texts = append(pg.Texts, page.Text{X: pt(x), Y: pt(y - 3.7), Face: fonts.Serif, Size: pt(7.7), S: sup, W: pt(4 * float64(len([]rune(sup))))})
					x += 4 * float64(len([]rune(sup)))
				}
				x += 6
			}
		}
		for i, l := range sh.lines {
			switch {
			case strings.HasPrefix(l, "img:"):
				alts := strings.Split(l[4:], "|")
				w := measure / float64(len(alts))
				for k, alt := range alts {
					pg.Images = append(pg.Images, page.Image{X: pt(72 + w*float64(k)), Y: pt(top + 2), W: pt(w - 10), H: pt(80),
						Pic: &page.Picture{Width: 100, Height: 100}, Alt: alt})
				}
			case l == "rule":
				pg.Rules = append(pg.Rules, page.Rule{X1: pt(72), X2: pt(right), Y1: pt(top + 5), Y2: pt(top + 5)})
			case strings.HasPrefix(l, "row:"):
				cells := strings.Split(l[4:], "|")
				w := measure / float64(len(cells))
				for k, c := range cells {
					x := 72 + w*float64(k)
					for j, cl := range strings.Split(c, "/") {
						words(top+11+15*float64(j), x+5, cl, false)
					}
					y := top + height(l) - 3
					pg.Rules = append(pg.Rules, page.Rule{X1: pt(x), X2: pt(x + w), Y1: pt(y), Y2: pt(y)})
				}
			default:
				words(top+11, 72, l, sh.rtl[i])
			}
			top += height(l)
		}
		if !sh.noFoot {
			pg.Rules = append(pg.Rules, page.Rule{X1: pt(72), X2: pt(right), Y1: pt(footer), Y2: pt(footer)})
			label := sh.label
			if label == "" {
				label = fmt.Sprintf("page %d of %d", n+1, len(sheets))
			}
			pg.Texts = append(pg.Texts,
				page.Text{X: pt(72), Y: pt(footer + 20), Face: fonts.Sans, Size: pt(7.5), S: testRights},
				page.Text{X: pt(right - 73), Y: pt(footer + 20), Face: fonts.Sans, Size: pt(7.5), S: label})
		}
		doc.Pages = append(doc.Pages, pg)
	}
	return doc
}

func para(text string) article.Block { return article.Para(text) }

func head(text string) article.Block {
	return article.Block{Kind: article.Heading, Runs: []article.Run{{Text: text}}}
}

// rulesOf runs the checker and returns the rules broken, one entry per
// violation, in order.
func rulesOf(t *testing.T, a *article.Article, doc *page.Document) []Rule {
	t.Helper()
	r := Check(a, doc, Options{Rights: testRights, Lang: a.Lang})
	var out []Rule
	for _, v := range r.Violations {
		t.Log(v)
		out = append(out, v.Rule)
	}
	return out
}

func TestRules(t *testing.T) {
	three := para("one two three four five six seven eight nine")
	four := para("alpha beta gamma delta epsilon zeta eta theta")
	art := func(blocks ...article.Block) *article.Article {
		return &article.Article{Title: "The title", Lang: "en", Body: blocks}
	}
	for _, c := range []struct {
		name   string
		a      *article.Article
		sheets []sheet
		want   []Rule
	}{
		{"clean", art(three, four), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine"}},
			{lines: []string{"alpha beta", "gamma delta", "epsilon zeta", "eta theta"}},
		}, nil},
		{"a block split two and two", art(three, four), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "alpha beta", "gamma delta"}},
			{lines: []string{"epsilon zeta", "eta theta"}},
		}, nil},
		{"widow", art(three, four), []sheet{
			{lines: []string{"The title", "one two three", "four five six"}},
			{lines: []string{"seven eight nine", "alpha beta", "gamma delta", "epsilon zeta", "eta theta"}},
		}, []Rule{Widow}},
		{"orphan", art(three, four), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "alpha beta"}},
			{lines: []string{"gamma delta", "epsilon zeta", "eta theta"}},
		}, []Rule{Orphan}},
		{"a two-line block split: widow and orphan", art(para("a b c d")), []sheet{
			{lines: []string{"The title", "a b"}},
			{lines: []string{"c d"}},
		}, []Rule{Orphan, Widow}},
		{"page ends with a heading", art(three, head("A heading"), four), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "A heading"}},
			{lines: []string{"alpha beta", "gamma delta", "epsilon zeta", "eta theta"}},
		}, []Rule{HeadingAtFoot}},
		{"page ends with a heading over a heading", art(three, head("Part one"), head("Chapter one"), four), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "Part one"}},
			{lines: []string{"Chapter one", "alpha beta", "gamma delta", "epsilon zeta", "eta theta"}},
		}, []Rule{HeadingAtFoot}},
		{"heading with one line of its section", art(three, head("A heading"), four), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "A heading", "alpha beta"}},
			{lines: []string{"gamma delta", "epsilon zeta", "eta theta"}},
		}, []Rule{Orphan, HeadingKeep}},
		{"heading over a one-line section, the next heading overleaf", art(three, head("A heading"), para("short"), head("Next"), four), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "A heading", "short"}},
			{lines: []string{"Next", "alpha beta", "gamma delta", "epsilon zeta", "eta theta"}},
		}, nil},
		{"hyphenated word across pages", art(para("one two three four hyphenation five six seven eight")), []sheet{
			{lines: []string{"The title", "one two three", "four hyphen-"}},
			{lines: []string{"ation five six", "seven eight"}},
		}, []Rule{WordSplit}},
		{"URL across pages", art(para("one two three see https://example.org/reports/2024 four five six seven")), []sheet{
			{lines: []string{"The title", "one two three", "see https://example.org/"}},
			{lines: []string{"reports/2024 four five", "six seven"}},
		}, []Rule{WordSplit}},
		{"soft hyphen printed where used", art(para("one two three trans\u00adship\u00adment four five six seven")), []sheet{
			{lines: []string{"The title", "one two three", "trans-"}},
			{lines: []string{"shipment four five", "six seven"}},
		}, []Rule{WordSplit}},
		{"a page ends between Thai dictionary words", &article.Article{Title: "T", Lang: "th", Body: []article.Block{para("one two three สวัสดีชาวโลก four five six seven")}}, []sheet{
			{lines: []string{"T", "one two three", "สวัสดี"}},
			{lines: []string{"ชาวโลก four five", "six seven"}},
		}, nil},
		{"a page ends inside a Thai word", &article.Article{Title: "T", Lang: "th", Body: []article.Block{para("one two three สวัสดีชาวโลก four five six seven")}}, []sheet{
			{lines: []string{"T", "one two three", "สวัส"}},
			{lines: []string{"ดีชาวโลก four five", "six seven"}},
		}, []Rule{WordSplit}},
		{"two hyphenated lines in a row", art(para("one hyphenation two hyphenation three hyphenation four")), []sheet{
			{lines: []string{"The title", "one hyphen-", "ation two hyphen-", "ation three hyphenation four"}},
		}, nil},
		{"three hyphenated lines in a row", art(para("one hyphenation two hyphenation three Moscow-Tokyo four five")), []sheet{
			{lines: []string{"The title", "one hyphen-", "ation two hyphen-", "ation three Moscow-", "Tokyo four five"}},
		}, []Rule{HyphenRun}},
		{"a URL broken without a hyphen ends no run", art(para("one hyphenation two hyphenation see https://example.org/a/b four")), []sheet{
			{lines: []string{"The title", "one hyphen-", "ation two hyphen-", "ation see https://example.org/", "a/b four"}},
		}, nil},
		{"a list item and its marker", art(three, article.Block{Kind: article.ListItem, Ordered: true, Number: 3, Runs: []article.Run{{Text: "item text here"}}}), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine", "3. item text", "here"}},
		}, nil},
		{"a stand-in for an emoji", art(para("smile 🙂 and a flag 🇫🇷 and a rare 𠀋 now")), []sheet{
			{lines: []string{"The title", "smile [slightly smiling face] and", "a flag [flag: FR] and a rare \uFFFD now"}},
		}, nil},
		{"right to left", &article.Article{Title: "כותרת", Lang: "he", Body: []article.Block{para("אחת שתיים שלוש ארבע (חמש) שש")}}, []sheet{
			{lines: []string{"כותרת", "אחת שתיים", "שלוש ארבע"}, rtl: map[int]bool{0: true, 1: true, 2: true}},
			{lines: []string{"(חמש) שש"}, rtl: map[int]bool{0: true}},
		}, []Rule{Widow}},
		{"a word lost", art(three), []sheet{
			{lines: []string{"The title", "one two three", "four six", "seven eight nine"}},
		}, []Rule{Text}},
		{"the end lost", art(three, four), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine"}},
		}, []Rule{Text}},
		{"the title block split", &article.Article{Title: "The title", Standfirst: "A standfirst", Lang: "en", Body: []article.Block{three}}, []sheet{
			{lines: []string{"The title"}},
			{lines: []string{"A standfirst", "one two three", "four five six", "seven eight nine"}},
		}, []Rule{TitleSplit}},
		{"no footer on the last page", art(three, four), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine"}},
			{lines: []string{"alpha beta", "gamma delta", "epsilon zeta", "eta theta"}, noFoot: true},
		}, []Rule{PageNumber, Footer}},
		{"no footer on a single page", art(three), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine"}, noFoot: true},
		}, []Rule{PageNumber, Footer}},
		{"wrong page count", art(three, four), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine"}, label: "page 1 of 3"},
			{lines: []string{"alpha beta", "gamma delta", "epsilon zeta", "eta theta"}},
		}, []Rule{PageNumber, PageNumber}},
		{"no running head", art(three, four), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine"}},
			{lines: []string{"alpha beta", "gamma delta", "epsilon zeta", "eta theta"}, noHead: true},
		}, []Rule{RunningHead}},
		{"an empty page, after a page that is half empty", art(three), []sheet{
			{lines: []string{"The title", "one two three", "four five six", "seven eight nine"}, short: true},
			{},
		}, []Rule{EmptyPage, HalfEmpty}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := rulesOf(t, c.a, build(c.sheets...)); !slices.Equal(got, c.want) {
				t.Errorf("rules broken: %q, want %q", got, c.want)
			}
		})
	}
}

// TestViolationSaysWhereAndWhat checks that a violation carries its page and
// the text at fault, which is what a reader of a failing test needs.
func TestViolationSaysWhereAndWhat(t *testing.T) {
	a := &article.Article{Title: "The title", Body: []article.Block{para("one two three four five six seven eight nine")}}
	r := Check(a, build(
		sheet{lines: []string{"The title", "one two three", "four five six"}},
		sheet{lines: []string{"seven eight nine"}},
	), Options{Rights: testRights})
	if len(r.Violations) != 1 {
		t.Fatalf("violations: %v", r.Violations)
	}
	v := r.Violations[0]
	if v.Rule != Widow || v.Page != 2 || v.Snippet != "seven eight nine" {
		t.Errorf("got %+v", v)
	}
	if s := v.String(); !strings.Contains(s, "page 2") || !strings.Contains(s, "widow") || !strings.Contains(s, "seven eight nine") {
		t.Errorf("message %q lacks the page, the rule or the text", s)
	}
	if r.BlockBreaks != 1 || r.Lines != 4 {
		t.Errorf("report counts %+v", r)
	}
}
