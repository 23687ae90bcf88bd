package main

import (
	"strings"
	"testing"

	"pdfexport/article"
)

func ledgerOf(t *testing.T, js string) *ledger {
	t.Helper()
	a, err := article.ParseJSON([]byte(js))
	if err != nil {
		t.Fatal(err)
	}
	return newLedger(a)
}

func TestCompare(t *testing.T) {
	tests := []struct {
		name    string
		article string
		pdf     string
		want    map[string]int // lost by cause
		checked int
		other   string // the unexplained characters, as U+XXXX, joined
	}{
		{"everything back, with furniture and hyphens", `{"title":"Night boats","body":["The crossing."]}`,
			"Intersection · Night boats\nNight boats\nThe cross-\ning.\f© Intersection page 1 of 1", nil, 22, ""},
		{"white space and order do not matter", `{"title":"ab cd","body":["e\u00a0f"]}`,
			"fedc\n\nba", nil, 6, ""},
		{"Arabic comes back as presentation forms", `{"title":"لا سلام","body":["x"]}`,
			"\uFEFB \uFEB3\uFEFC\uFEE1 x", nil, 7, ""},
		{"ligatures and compatibility forms", `{"title":"office","body":["ﬁne"]}`,
			"o\uFB03ce fine", nil, 10, ""},
		{"decomposition is per character", `{"title":"e\u0301a","body":["x"]}`,
			"éa x", nil, 4, ""},
		{"stand-ins for characters no face has", `{"title":"T","body":["smile 🙂 and 𠀋"]}`,
			"T smile [slightly smiling face] and \uFFFD", map[string]int{causeNoFace: 2}, 11, ""},
		{"flags", `{"title":"T","body":["🇫🇷"]}`,
			"T [flag: FR]", map[string]int{causeNoFace: 2}, 3, ""},
		{"default-ignorables dropped", `{"title":"T","body":["a\u200db\ufe0fc\u2060d"]}`,
			"T abcd", map[string]int{causeIgnorable: 3}, 8, ""},
		{"soft hyphens", `{"title":"T","body":["hy\u00adphen\u00adation"]}`,
			"T hy-\nphenation", map[string]int{causeSoftHyphen: 2}, 14, ""},
		{"invisible characters are documented", `{"title":"T","body":["a\u200bb\u200ec", "ok"]}`,
			"T abc ok", map[string]int{causeIgnorable: 2}, 8, ""},
		{"anything else is unexplained", `{"title":"T","body":["a\u0301b\u05d0c", "ok"]}`,
			"T abc ok", map[string]int{causeOther: 2}, 8, "U+0301 U+05D0"},
		{"a lost letter", `{"title":"Title","body":["cat"]}`,
			"Title ca", map[string]int{causeOther: 1}, 8, "U+0074"},
		{"explained occurrences absorb the loss first", `{"title":"T","body":["🙂 🙂", "x"]}`,
			"T [slightly smiling face] 🙂 x", map[string]int{causeNoFace: 1}, 4, ""},
		{"a character lost beyond its explained occurrences", `{"title":"T","body":["a\u00ad", "a\u00ad"]}`,
			"T a", map[string]int{causeSoftHyphen: 2, causeOther: 1}, 5, "U+0061"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := ledgerOf(t, tt.article).compare(tt.pdf)
			if l.Checked != tt.checked {
				t.Errorf("checked %d, want %d", l.Checked, tt.checked)
			}
			for _, c := range causes {
				if l.ByCause[c] != tt.want[c] {
					t.Errorf("%s: lost %d, want %d", c, l.ByCause[c], tt.want[c])
				}
			}
			var other []string
			for _, o := range l.Other {
				other = append(other, o.Char)
			}
			if got := strings.Join(other, " "); got != tt.other {
				t.Errorf("other = %q, want %q", got, tt.other)
			}
		})
	}
}

func TestLostCharDescription(t *testing.T) {
	l := ledgerOf(t, `{"title":"A title","body":["The first paragraph, then the word café in the middle of a long sentence."]}`)
	res := l.compare("A title The first paragraph, then the word caf in the middle of a long sentence.")
	if len(res.Other) != 2 {
		t.Fatalf("other = %+v", res.Other)
	}
	// é decomposes to e and U+0301; e is found among the other letters, the
	// accent is not.
	o := res.Other[0]
	if o.Char != "U+0065" && o.Char != "U+0301" {
		t.Errorf("char %s", o.Char)
	}
	acute := res.Other[len(res.Other)-1]
	if acute.Char != "U+0301" || acute.Name != "COMBINING ACUTE ACCENT" || acute.From != "U+00E9 LATIN SMALL LETTER E WITH ACUTE" {
		t.Errorf("acute = %+v", acute)
	}
	if want := "t paragraph, then the word café in the middle of a long sente"; acute.Context != want {
		t.Errorf("context %q, want %q", acute.Context, want)
	}
}

func TestNames(t *testing.T) {
	for r, want := range map[rune]string{
		'a': "LATIN SMALL LETTER A", 0xE000: "PRIVATE USE", 0x0085: "CONTROL", 0x4E00: "CJK IDEOGRAPH-4E00", 0x0378: "UNASSIGNED",
	} {
		if got := charName(r); got != want {
			t.Errorf("charName(%U) = %q, want %q", r, got, want)
		}
	}
}

// Bengali has a face now; the emoji and the private-use icon have none and
// are drawn as boxes (the replacement character's glyph), but their characters stay in the text layer:
// nothing is lost, and nothing is put down to a missing face.
func TestMissingCharactersAreKept(t *testing.T) {
	l := ledgerOf(t, `{"title":"T","body":["বাংলা 🙂 \ue5c5"]}`).compare("T বাংলা 🙂 \ue5c5")
	if len(l.NoFace) != 0 || l.ByCause[causeNoFace] != 0 || l.ByCause[causeOther] != 0 {
		t.Errorf("no face by script %v, by cause %v; want nothing lost", l.NoFace, l.ByCause)
	}
}

func TestFurnitureHidesNoLoss(t *testing.T) {
	// Every letter of "Ferries" is in the footer or the running head too;
	// only with the furniture taken out does the lost word show.
	js := `{"title":"Night boats","published":"2023-09-14","url":"https://example.org/boats","body":["Ferries sail.","More."]}`
	footer := func(n, of int) string {
		return "© Intersection - for republishing rights, please contact the editorial team at page " +
			string(rune('0'+n)) + " of " + string(rune('0'+of))
	}
	pdf := "14 September 2023\nNight boats\nhttps://example.org/\nboats\nsail.\n" + footer(1, 2) + "\n\f" +
		"Intersection · Night boats\nMore.\n" + footer(2, 2) + "\n\f"
	l := ledgerOf(t, js).compare(pdf)
	var lost []string
	for _, o := range l.Other {
		lost = append(lost, o.Char)
	}
	if got := strings.Join(lost, " "); got != "U+0046 U+0065 U+0069 U+0072 U+0073" {
		t.Errorf("lost %q (by cause %v), want the letters of Ferries", got, l.ByCause)
	}
	if l.ByCause[causeOther] != 7 {
		t.Errorf("lost %d, want 7", l.ByCause[causeOther])
	}
}

func TestStrip(t *testing.T) {
	f := furniture{date: "4 January 2017", url: "https://e.org/a", rights: "© X", publication: "X"}
	text := "4 January 2017\nTitle\nhttps://e.org/\na\nBody © X\n© X page 1 of 2\n\fX · Title\nmore\npage 2 of 2 © X\n\f"
	if got, want := f.strip(text), "TitleBody©Xmore"; got != want {
		// The first "© X" is the article's own: only the last one on the
		// page, next to the label, is the footer.
		t.Errorf("strip = %q, want %q", got, want)
	}
	// Furniture not where it belongs stays: a date that is not the first
	// line is text.
	if got := f.strip("Title\n4 January 2017\n"); got != "Title4January2017" {
		t.Errorf("strip = %q", got)
	}
}

// The parts of an HTML body that are not paragraphs: a figure's caption
// and credit, a table's caption and cells, a footnote and an embed's card
// are text that must come back; a picture's alt text is not, unless its
// picture is a box, which is counted and taken out.
func TestCompareHTMLBody(t *testing.T) {
	js := `{"title":"T","html":"<p>Body<sup id=r><a href='#n1'>1</a></sup>.</p>` +
		`<figure><img src='https://e.org/a.jpg' alt='A ferry'><figcaption>Caption. <small>Photo: Ola</small></figcaption></figure>` +
		`<figure><img src='https://e.org/b.jpg' alt='Quay'></figure>` +
		`<table><caption>Tab</caption><tr><th>Head</th></tr><tr><td>Cell</td></tr></table>` +
		`<ol class='footnotes'><li id='n1'>Note.</li></ol>"}`
	l := ledgerOf(t, js)
	all := "T Body 1. Caption. Photo: Ola Tab Head Cell Note."
	tests := []struct {
		name, pdf string
		boxes     int
		other     string
	}{
		{"both pictures drawn", all, 0, ""},
		{"one box", all + " Image unavailable: Quay", 1, ""},
		{"two boxes, an alt not found whole left as extra text", all + " Image unavailable: A fer- ry Image unavailable: Quay", 2, ""},
		{"a caption lost", strings.Replace(all, "Caption.", "", 1) + " Image unavailable: Caption", 1, "U+002E"},
		{"a cell lost", strings.Replace(all, "Cell", "", 1), 0, "U+0043 U+0065 U+006C"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := l.compare(tt.pdf)
			if res.Boxes != tt.boxes {
				t.Errorf("boxes %d, want %d", res.Boxes, tt.boxes)
			}
			var other []string
			for _, o := range res.Other {
				other = append(other, o.Char)
			}
			if got := strings.Join(other, " "); got != tt.other {
				t.Errorf("lost %q, want %q (%+v)", got, tt.other, res)
			}
		})
	}
}

// A pull quote that repeats the body is drawn out of the text layer: its
// characters are lost for that documented reason.
func TestDecorativePullQuote(t *testing.T) {
	js := `{"title":"T","html":"<p>The sea is rough in winter, and so are we.</p>` +
		`<blockquote class='pullquote'><p>The sea is rough in winter</p></blockquote>"}`
	l := ledgerOf(t, js).compare("T The sea is rough in winter, and so are we.")
	if l.ByCause[causeDecorative] != len("Theseaisroughinwinter") || l.ByCause[causeOther] != 0 {
		t.Errorf("by cause %v", l.ByCause)
	}
}
