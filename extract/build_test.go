package extract

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"pdfexport/article"
)

func TestSamePicture(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"https://a.example/x.jpg", "https://a.example/x.jpg", true},
		{"https://site.example/content/images/2024/05/cranes.jpg", "https://site.example/content/images/size/w2000/2024/05/cranes.jpg", true},
		{"https://site.example/wp-content/uploads/2024/03/deck.jpg", "https://site.example/wp-content/uploads/2024/03/deck-1024x683.jpg", true},
		{"https://site.example/wp-content/uploads/2024/03/deck-scaled.jpg", "https://site.example/wp-content/uploads/2024/03/deck.jpg", true},
		{"https://cdn.example/images/v2/hall?width=1200&quality=80", "https://cdn.example/images/v2/hall?width=1600&format=webp", true},
		{"https://site.example/a/cranes.jpg", "https://site.example/a/ferry.jpg", false},
		{"https://site.example/", "https://site.example/", true},
		{"https://site.example/", "https://other.example/", false},
		{"data:image/gif;base64,R0lGOD", "https://site.example/x.gif", false},
	}
	for _, tt := range tests {
		if got := samePicture(tt.a, tt.b); got != tt.want {
			t.Errorf("samePicture(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestWithoutSiteName(t *testing.T) {
	tests := []struct{ title, site, host, want string }{
		{"Council votes to close the market | The Example Times", "The Example Times", "www.example-times.com", "Council votes to close the market"},
		{"Council votes - example-times.com", "", "www.example-times.com", "Council votes"},
		{"The Example Times: Council votes", "The Example Times", "", "The Example Times: Council votes"}, // ": " is part of titles
		{"The Example Times | Council votes", "The Example Times", "", "Council votes"},
		{"Tram line four – what changes", "The Example Times", "", "Tram line four – what changes"},
		{"The Example Times", "The Example Times", "", "The Example Times"},
		{"A | B | Site", "site", "", "A | B"},
	}
	for _, tt := range tests {
		if got := withoutSiteName(tt.title, tt.site, tt.host); got != tt.want {
			t.Errorf("withoutSiteName(%q, %q, %q) = %q, want %q", tt.title, tt.site, tt.host, got, tt.want)
		}
	}
}

// TestBylineOrder: the authors come in the order the page first names
// them, whatever order trafilatura gives (it is not always the same).
func TestBylineOrder(t *testing.T) {
	page := `<meta name="author" content="Ruth Okafor, Daniel Weiss">`
	for _, authors := range []string{"Ruth Okafor; Daniel Weiss", "Daniel Weiss; Ruth Okafor", "Daniel Weiss;Ruth Okafor; Daniel Weiss"} {
		if got := byline(authors, page); got != "By Ruth Okafor, Daniel Weiss" {
			t.Errorf("byline(%q) = %q", authors, got)
		}
	}
	// Names the page does not spell as given come after, alphabetically.
	if got := byline("Zoë Ek; Ana O'Brien; Ruth Okafor", page+"Ana O&#39;Brien Zo&euml; Ek"); got != "By Ruth Okafor, Ana O'Brien, Zoë Ek" {
		t.Errorf("byline = %q", got)
	}
	if got := byline(" ; ", page); got != "" {
		t.Errorf("byline of no names = %q", got)
	}
}

func TestLead(t *testing.T) {
	figure := func(src string) article.Block {
		return article.Block{Kind: article.Figure, Figure: &article.FigureData{Images: []article.Image{{Src: src}}}}
	}
	text := article.Para("Text.")
	doc, err := html.Parse(strings.NewReader(`<body><img src="/uploads/deck-300x200.jpg" alt="The deck at dusk"><img src="/uploads/other.jpg" alt="Other">`))
	if err != nil {
		t.Fatal(err)
	}
	orig := markImages(doc)
	const og = "https://site.example/uploads/deck.jpg"
	tests := []struct {
		name   string
		src    string
		facts  pageFacts
		blocks []article.Block
		want   string // the lead's image and alt text; "" for no lead
	}{
		{"no Open Graph image", "", pageFacts{}, []article.Block{text}, ""},
		{"the alt text of Open Graph", og, pageFacts{imageAlt: "Deck", width: 1600, height: 1067}, []article.Block{text}, og + " Deck 1600×1067"},
		{"the alt text of the page's picture", og, pageFacts{}, []article.Block{text}, og + " The deck at dusk 0×0"},
		{"the first figure shows it", og, pageFacts{}, []article.Block{text, figure("https://site.example/uploads/deck-1024x683.jpg")}, ""},
		{"a later figure shows it", og, pageFacts{}, []article.Block{figure("https://site.example/uploads/other.jpg"), figure(og)}, og + " The deck at dusk 0×0"},
		{"not http", "ftp://site.example/deck.jpg", pageFacts{}, []article.Block{text}, ""},
		{"a control character", og + "\n", pageFacts{}, []article.Block{text}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ""
			if l := lead(tt.src, tt.facts, orig, tt.blocks); l != nil {
				im := l.Figure.Images[0]
				got = fmt.Sprintf("%s %s %d×%d", im.Src, im.Alt, im.Width, im.Height)
			}
			if got != tt.want {
				t.Errorf("lead = %q, want %q", got, tt.want)
			}
		})
	}
}
