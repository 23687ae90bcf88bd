package extract

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"pdfexport/article"
)

// figures returns the figures of a's body, each as its sources, alt texts
// and caption.
func figures(a *article.Article) []string {
	var out []string
	for _, b := range a.Body {
		if b.Kind != article.Figure {
			continue
		}
		var parts []string
		for _, im := range b.Figure.Images {
			parts = append(parts, im.Src+" ("+im.Alt+")")
		}
		var caption strings.Builder
		for _, r := range b.Figure.Caption {
			caption.WriteString(r.Text)
		}
		parts = append(parts, "caption: "+caption.String())
		if b.Figure.Credit != "" {
			parts = append(parts, "credit: "+b.Figure.Credit)
		}
		out = append(out, strings.Join(parts, "; "))
	}
	return out
}

// TestRestoredPictures: what trafilatura loses of the page's pictures
// comes back from the page (see restoreImages).
func TestRestoredPictures(t *testing.T) {
	const base = "https://harbour.example/news/ferry"
	tests := []struct {
		name, body string
		want       []string
	}{
		{"a resizing CDN's URL without an extension",
			`<figure><img src="https://cdn.example/img/ferry?w=1200&amp;q=80" alt="The ferry"><figcaption>The ferry at dawn.</figcaption></figure>`,
			[]string{"https://cdn.example/img/ferry?w=1200&q=80 (The ferry); caption: The ferry at dawn."}},
		{"a lazy picture: placeholder in src, the picture in data-srcset",
			`<figure><img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" data-srcset="/img/a-600.jpg 600w, /img/a-1200.jpg 1200w" alt="A"><figcaption>Caption A.</figcaption></figure>`,
			[]string{"https://harbour.example/img/a-1200.jpg (A); caption: Caption A."}},
		{"a picture linked to its larger copy, alone in a paragraph",
			`<p><a href="/img/b-1600x1200.jpg"><img src="/img/b.jpg" alt="B" width="800" height="600"></a></p>`,
			[]string{"https://harbour.example/img/b.jpg (B); caption: "}},
		{"the caption once, with its words spaced and its credit apart",
			`<figure><img src="/img/c.jpg" alt="C"><figcaption>The <em>Aurora</em> in dock. <span class="credit">Photo: Ann Lee</span></figcaption></figure>`,
			[]string{"https://harbour.example/img/c.jpg (C); caption: The Aurora in dock.; credit: Photo: Ann Lee"}},
		{"a gallery is one figure",
			`<figure class="wp-block-gallery"><figure class="wp-block-image"><img src="/img/d1.jpg" alt="D1"></figure><figure class="wp-block-image"><img src="/img/d2.jpg" alt="D2"></figure><figcaption>Two views of the quay.</figcaption></figure>`,
			[]string{"https://harbour.example/img/d1.jpg (D1); https://harbour.example/img/d2.jpg (D2); caption: Two views of the quay."}},
		{"a classic WordPress caption box",
			`<div id="attachment_7" class="wp-caption aligncenter"><img src="/img/e.jpg" alt="E" width="640" height="427"><p class="wp-caption-text">The old terminal.</p></div>`,
			[]string{"https://harbour.example/img/e.jpg (E); caption: The old terminal."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Page([]byte(page(tt.body)), parseURL(t, base))
			if err != nil {
				t.Fatal(err)
			}
			got := figures(a)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("figures:\n%s\nwant:\n%s\n\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"), dump(a))
			}
			for _, b := range a.Body {
				if b.Kind == article.Paragraph && strings.Contains(b.Text(), "Caption") || strings.Contains(b.Text(), "Two views") {
					t.Errorf("a caption is also a paragraph: %q", b.Text())
				}
			}
		})
	}
}

// TestMarkerTextIsText: a page that has a marker's name in its text, or
// as its own picture's name, is not confused by it.
func TestMarkerTextIsText(t *testing.T) {
	a, err := Page([]byte(page(`<p>The file pdfexport-image-7.png is named in the text.</p><figure><img src="pdfexport-image-0.png" alt="Named like a marker"><figcaption>Its own name.</figcaption></figure>`)), nil)
	if err != nil {
		t.Fatal(err)
	}
	d := dump(a)
	if !strings.Contains(d, `"The file pdfexport-image-7.png is named in the text."`) {
		t.Errorf("the text lost the name:\n%s", d)
	}
	if got := figures(a); len(got) != 1 || got[0] != "pdfexport-image-0.png (Named like a marker); caption: Its own name." {
		t.Errorf("figures = %q\n%s", got, d)
	}
}

// TestRestoredTablesAndQuotes: a table keeps its caption and head, a
// quotation its source, a pull quote its class.
func TestRestoredTablesAndQuotes(t *testing.T) {
	body := `<table><caption>Crossings a week</caption><thead><tr><th>Route</th><th>Ships</th></tr></thead><tbody><tr><td>Night</td><td>6</td></tr></tbody></table>
<blockquote><p>We are not trying to be fast.</p><cite>Anneli Kask</cite></blockquote>
<figure class="wp-block-pullquote"><blockquote><p>Once, for the romance.</p><cite>Peeter Saar</cite></blockquote></figure>`
	a, err := Page([]byte(page(body)), nil)
	if err != nil {
		t.Fatal(err)
	}
	d := dump(a)
	for _, want := range []string{
		"table head rows 1\n\tcaption: \"Crossings a week\"\n\trow: th \"Route\" | th \"Ships\"\n\trow: \"Night\" | \"6\"\n",
		"quote: \"We are not trying to be fast.\"\n\tcite: \"Anneli Kask\"\n",
		"pull quote: \"Once, for the romance.\"\n\tcite: \"Peeter Saar\"\n",
	} {
		if !strings.Contains(d, want) {
			t.Errorf("the article lacks\n%s\n%s", want, d)
		}
	}
}

// TestGalleryOnce: the pictures of one figure come back as that figure
// once, wherever trafilatura left them.
func TestGalleryOnce(t *testing.T) {
	doc, err := html.Parse(strings.NewReader(`<body><figure><img src="a.jpg" alt="A"><img src="b.jpg" alt="B"><figcaption>Two views.</figcaption></figure><p>Text.</p></body>`))
	if err != nil {
		t.Fatal(err)
	}
	o := markImages(doc)
	// What trafilatura might return: the pictures apart, text between.
	body, err := html.Parse(strings.NewReader(`<body><img src="pdfexport-image-0.png"><p>Text between.</p><img src="pdfexport-image-1.png"></body>`))
	if err != nil {
		t.Fatal(err)
	}
	root := body.FirstChild.LastChild // body
	o.restore(root)
	var sb strings.Builder
	for c := root.FirstChild; c != nil; c = c.NextSibling {
		html.Render(&sb, c)
	}
	want := `<figure><img src="a.jpg" alt="A"/><img src="b.jpg" alt="B"/><figcaption>Two views.</figcaption></figure><p>Text between.</p>`
	if sb.String() != want {
		t.Errorf("restored\n%s\nwant\n%s", sb.String(), want)
	}
}

// restoreOf marks the images of page, restores the extraction's body as
// trafilatura might have returned it, and renders the result.
func restoreOf(t *testing.T, page, extracted string) string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	o := markImages(doc)
	out, err := html.Parse(strings.NewReader("<body>" + extracted + "</body>"))
	if err != nil {
		t.Fatal(err)
	}
	root := out.FirstChild.LastChild // body
	o.restore(root)
	var sb strings.Builder
	for c := root.FirstChild; c != nil; c = c.NextSibling {
		html.Render(&sb, c)
	}
	return sb.String()
}

func TestRestoreEdges(t *testing.T) {
	long := strings.Repeat("A figure that wraps a whole story. ", 100)
	tests := []struct{ name, page, extracted, want string }{
		{"a marker of no picture of the page is no picture",
			`<body><img src="a.jpg"></body>`,
			`<p>Text.</p><img src="pdfexport-image-7.png"><img src="https://site.example/pdfexport-image-12.png">`,
			`<p>Text.</p>`},
		{"a figure too large to be a picture's frame: the picture alone",
			`<body><figure><img src="a.jpg" alt="A"><p>` + long + `</p></figure></body>`,
			`<img src="pdfexport-image-0.png"><p>` + long + `</p>`,
			`<img src="a.jpg" alt="A"/><p>` + long + `</p>`},
		{"the picture element, sources and all",
			`<body><picture><source srcset="a.webp" type="image/webp"><img src="a.jpg"></picture></body>`,
			`<p><img src="pdfexport-image-0.png"></p>`,
			`<picture><source srcset="a.webp" type="image/webp"/><img src="a.jpg"/></picture>`},
		{"a table whose text is not the page's stays trafilatura's",
			`<body><table><caption>C</caption><tr><td>1</td><td>2</td></tr></table></body>`,
			`<table><tr><td>1</td></tr></table>`,
			`<table><tbody><tr><td>1</td></tr></tbody></table>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := restoreOf(t, tt.page, tt.extracted); got != tt.want {
				t.Errorf("restored\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestLanguageWithoutDeclaration: a page that declares no language gets
// trafilatura's guess from its text.
func TestLanguageWithoutDeclaration(t *testing.T) {
	page := `<!DOCTYPE html><html><head><title>Die letzte Schicht</title></head><body><main><article><h1>Die letzte Schicht</h1>
<p>Um 21:58 Uhr setzte der Kranführer den letzten Container ab, den ein Mensch am Nordkai von Hand bewegt hat. Dann kletterte er die Leiter hinunter, zum letzten Mal.</p>
<p>Seit Montag fahren die sechs Kräne des Terminals automatisch. Die Kranführer, die geblieben sind, sitzen jetzt im dritten Stock und überwachen auf Bildschirmen, was früher ihre Hände getan haben.</p>
</article></main></body></html>`
	a, err := Page([]byte(page), nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Lang != "de" {
		t.Errorf("lang = %q, want de", a.Lang)
	}
}
