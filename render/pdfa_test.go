package render

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"pdfexport/article"
	"pdfexport/extract"
	"pdfexport/images"
	"pdfexport/internal/fixture"
)

// preflightJars is the class path of Apache PDFBox's Preflight as Debian
// installs it (libpdfbox2-java, with the two jars it needs on Java 17).
var preflightJars = []string{
	"/usr/share/java/preflight.jar", "/usr/share/java/pdfbox2.jar", "/usr/share/java/xmpbox.jar",
	"/usr/share/java/fontbox2.jar", "/usr/share/java/commons-logging.jar",
	"/usr/share/java/javax.activation.jar", "/usr/share/java/jaxb-api.jar",
}

// preflight validates PDF/A-1b files with PDFBox's Preflight, all in one
// run of Java, and returns what it said of each file that is not valid.
// It skips without Java or the jars, except under CI.
func preflight(t *testing.T, files []string) map[string]string {
	t.Helper()
	java, err := exec.LookPath("java")
	for _, j := range preflightJars {
		if err == nil {
			_, err = os.Stat(j)
		}
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PDFBox Preflight is required under CI (Debian's default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java, see .ci/run): %v", err)
		}
		t.Skipf("PDFBox Preflight not installed: %v", err)
	}
	list := filepath.Join(t.TempDir(), "list.txt")
	if err := os.WriteFile(list, []byte(strings.Join(files, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(java, "-cp", strings.Join(preflightJars, ":"), "org.apache.pdfbox.preflight.Validator_A1b", "group", list)
	var out bytes.Buffer
	cmd.Stdout = &out // its log on stderr is noise
	err = cmd.Run()
	// One paragraph per file: "The file X is a valid PDF/A-1b file", or
	// "The file X is not valid, error(s) :" and the errors.
	bad := map[string]string{}
	valid := 0
	for _, para := range strings.Split(out.String(), "The file ") {
		name, rest, ok := strings.Cut(para, " ")
		if !ok {
			continue
		}
		if strings.HasPrefix(rest, "is a valid PDF/A-1b file") {
			valid++
			continue
		}
		bad[name] = strings.TrimSpace(rest)
	}
	if valid+len(bad) != len(files) || (err != nil && len(bad) == 0) {
		t.Fatalf("Preflight judged %d files of %d (%v):\n%s", valid+len(bad), len(files), err, out.String())
	}
	return bad
}

// fixtures are the articles every conformance test renders: the sample
// archive, the pinned articles, the HTML and saved-page fixtures, and one
// with what PDF/A-1 forbids most easily (colour emoji and a picture with
// an alpha channel, both transparent).
func conformanceFixtures(t *testing.T) map[string]*article.Article {
	t.Helper()
	all := fixture.All(t)
	pins, _ := filepath.Glob("testdata/pins/*.json")
	for _, p := range pins {
		all["pins-"+strings.TrimSuffix(filepath.Base(p), ".json")] = fixture.Load(t, p)
	}
	pages, _ := filepath.Glob("../extract/testdata/*.html")
	for _, p := range pages {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		a, err := extract.Page(data, nil)
		if err != nil {
			continue // a page that is no article (a login form) is a test of its own
		}
		all["page-"+strings.TrimSuffix(filepath.Base(p), ".html")] = a
	}
	bodies, _ := filepath.Glob("../article/testdata/html/*.html")
	for _, p := range bodies {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(p), ".html")
		body, _, err := article.ParseHTMLBody(data, nil)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		all["html-"+name] = &article.Article{Title: "The " + name + " body", Lang: "en", Body: body}
	}
	all["transparent"] = transparentArticle(t)
	all["structures"] = structuresArticle(t)
	return all
}

// structuresArticle has a block of every kind the structure tree knows,
// and what review found broke it: right-to-left text with a link and a
// footnote's mark, an empty table cell, a link in a pull quote that repeats
// the body, a long table's header (with a link) repeated on its pages, a
// non-character in the title, a gallery of pictures of one width, rows of
// fewer cells than others, zero-width no-break spaces. Besides:
// links and a footnote's reference in a paragraph, a heading skipping a
// level, quotes with a citation, nested lists, a pull quote that repeats
// the body and one that does not, a divider, a figure and a gallery, a
// table with header rows and a row header, preformatted text, a note, an
// embed, and a footnote.
func structuresArticle(t *testing.T) *article.Article {
	pic := func(w, h int) string {
		im := image.NewRGBA(image.Rect(0, 0, w, h))
		for i := range im.Pix {
			im.Pix[i] = uint8(i * 7)
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, im); err != nil {
			t.Fatal(err)
		}
		return "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())
	}
	run := func(s string) []article.Run { return []article.Run{{Text: s}} }
	// A table long enough to go on over pages, its header repeated with
	// its link, a cell left empty.
	long := &article.TableData{HeadRows: 1, Rows: []article.TableRow{{Cells: []article.TableCell{
		{Header: true}, {Runs: []article.Run{{Text: "Boats", Link: "https://example.org/boats"}}, Header: true}, {Runs: run("Crew"), Header: true}}}}}
	for i := range 70 {
		boats := article.TableCell{Runs: run(fmt.Sprint(i))}
		if i == 5 {
			boats = article.TableCell{}
		}
		long.Rows = append(long.Rows, article.TableRow{Cells: []article.TableCell{{Runs: run(fmt.Sprint(1950 + i)), Header: true}, boats, {Runs: run(fmt.Sprint(i * 3))}}})
	}
	// A row of fewer cells than the others, and one spanning down, as web
	// pages' tables have them.
	long.Rows[7].Cells = long.Rows[7].Cells[:1]
	long.Rows[9].Cells[2].RowSpan = 2
	long.Rows[10].Cells = long.Rows[10].Cells[:2]
	return &article.Article{
		Title: "Every structure \ufffe", Standfirst: "What a reader of the tags meets.", Byline: "By A. Writer",
		URL: "https://example.org/every", Lang: "en",
		Body: []article.Block{
			{Kind: article.Paragraph, Runs: []article.Run{{Text: "See "}, {Text: "this site", Link: "https://example.org/x"}, {Text: " and", Link: "https://example.org/x", Style: article.Bold}, {Text: " that claim"}, {Text: "1", Note: "n1"}, {Text: ". The boats came back to the harbour after the storm."}}},
			{Kind: article.Heading, Level: 4, Runs: run("A heading two levels down")},
			{Kind: article.Quote, Runs: run("The first paragraph of a quotation.")},
			{Kind: article.Quote, Runs: run("Its second paragraph."), Cite: run("Someone Quoted")},
			{Kind: article.Quote, Runs: run("Ceci n’est pas une pipe."), Lang: "fr"},
			{Kind: article.Paragraph, Runs: []article.Run{{Text: "He said "}, {Text: "à bientôt", Lang: "fr", Style: article.Italic}, {Text: " and read "},
				{Text: "Die Wissenschaftsgeschichte", Lang: "de", Link: "https://example.org/de"}, {Text: " by a "}, {Text: "Serbian", Link: "https://example.org/de"}, {Text: " author, "}, {Text: "бгдпт", Lang: "sr"}, {Text: "."}}},
			{Kind: article.Paragraph, Lang: "de", Runs: []article.Run{{Text: "Ein deutscher Absatz mit "}, {Text: "English words", Lang: "en"}, {Text: " darin."}}},
			{Kind: article.ListItem, Runs: run("one")},
			{Kind: article.ListItem, Level: 1, Runs: run("one, a")},
			{Kind: article.ListItem, Ordered: true, Number: 2, Runs: run("two")},
			{Kind: article.PullQuote, Runs: run("“The boats came back to the harbour”")},
			{Kind: article.PullQuote, Runs: run("A pull quote that says something new."), Cite: run("Its author")},
			{Kind: article.Divider},
			{Kind: article.Figure, Figure: &article.FigureData{Images: []article.Image{{Src: pic(300, 200), Alt: "A pattern"}}, Caption: run("One picture."), Credit: "Photo: the test"}},
			{Kind: article.Figure, Figure: &article.FigureData{Images: []article.Image{{Src: pic(200, 200), Alt: "First"}, {Src: pic(200, 150)}, {Src: pic(200, 120), Alt: "Third"}, {Src: "https://unreachable.invalid/p.png", Alt: "Lost"}}, Caption: run("A gallery.")}},
			{Kind: article.Table, Table: &article.TableData{HeadRows: 1, Caption: run("Boats by year"), Rows: []article.TableRow{
				{Cells: []article.TableCell{{Runs: run("Year"), Header: true}, {Runs: run("Boats"), Header: true}}},
				{Cells: []article.TableCell{{Runs: run("2024"), Header: true}, {Runs: []article.Run{{Text: "12", Link: "https://example.org/2024"}}}}},
			}}},
			{Kind: article.Preformatted, Runs: run("line one\n    line two")},
			{Kind: article.Note, Label: "Correction", Runs: run("An earlier version said otherwise.")},
			{Kind: article.Embed, Embed: &article.EmbedData{Provider: "Video", Title: "The storm", URL: "https://example.org/video"}},
			{Kind: article.Paragraph, Runs: []article.Run{{Text: "قرأت "}, {Text: "المقال", Link: "https://example.org/ar"}, {Text: " أمس في البيت"}, {Text: "3", Note: "n3"}, {Text: "."}}},
			{Kind: article.Paragraph, Runs: []article.Run{{Text: "A zero-width no-break\ufeff space\ufeff, as pasted text has them, "},
				{Text: "\ufeffeven first in a face", Style: article.Bold | article.Italic}, {Text: "."}}},
			{Kind: article.Paragraph, Runs: []article.Run{{Text: "The city ירושלים has a "}, {Text: "website", Link: "https://example.org/he"}, {Text: " today."}}},
			{Kind: article.PullQuote, Runs: []article.Run{{Text: "“The city ירושלים has a "}, {Text: "website", Link: "https://example.org/he"}, {Text: " today”"}}},
			{Kind: article.Table, Table: long},
			{Kind: article.Footnote, ID: "n1", Label: "1", Runs: run("The claim's source.")},
			{Kind: article.Footnote, ID: "n3", Label: "3", Runs: run("مصدر.")},
			{Kind: article.Footnote, ID: "n2", Label: "2", Runs: run("A note no text refers to.")},
		},
	}
}

// transparentArticle has colour emoji and a figure whose PNG is half
// transparent, as a data: URI.
func transparentArticle(t *testing.T) *article.Article {
	im := image.NewNRGBA(image.Rect(0, 0, 120, 80))
	for y := range 80 {
		for x := range 120 {
			im.SetNRGBA(x, y, color.NRGBA{R: uint8(x * 2), G: 90, B: uint8(y * 3), A: uint8(40 + x)})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, im); err != nil {
		t.Fatal(err)
	}
	src := "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())
	return &article.Article{
		Title: "Transparency 🎉", Lang: "en",
		Body: []article.Block{
			article.Para("A party 🎉🥳 with a cup of tea ☕ and a flag 🇺🇦."),
			{Kind: article.Figure, Figure: &article.FigureData{Images: []article.Image{{Src: src, Alt: "A gradient, half transparent"}}, Caption: []article.Run{{Text: "A picture with an alpha channel."}}}},
		},
	}
}

// Every fixture rendered as PDF/A-1b is valid for PDFBox's Preflight, the
// one PDF/A validator Debian has.
func TestPDFA1bPreflight(t *testing.T) {
	dir := t.TempDir()
	all := conformanceFixtures(t)
	var files []string
	for _, id := range sortedIDs(all) {
		for _, scale := range []float64{1, MaxScale} {
			var buf bytes.Buffer
			if _, err := Render(context.Background(), &buf, all[id], Options{Scale: scale, PDFA: "1b", Images: images.NewLoader(images.Options{})}); err != nil {
				t.Fatalf("%s: %v", id, err)
			}
			f := filepath.Join(dir, fmt.Sprintf("%s-%g.pdf", id, scale))
			if err := os.WriteFile(f, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
		}
	}
	for name, why := range preflight(t, files) {
		t.Errorf("%s is not valid PDF/A-1b:\n%s", name, why)
	}
}
