package extract

import (
	"cmp"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"pdfexport/article"
)

// build makes the article of the extracted blocks and the page's metadata.
func build(meta trafilatura.Metadata, facts pageFacts, orig *originals, blocks []article.Block, page string) (*article.Article, error) {
	if bodyRunes(blocks) < minArticleRunes {
		return nil, errNoArticle
	}
	a := &article.Article{}

	// The title: trafilatura's (meta tags, JSON-LD, a lone h1, the
	// <title> without the site's name); else the first heading of the
	// text, taken out of the body so that it is not printed twice; else
	// the whole <title>, site name and all, which a reader would rather
	// see than nothing.
	a.Title = withoutSiteName(oneLine(meta.Title), meta.Sitename, meta.Hostname)
	if a.Title == "" {
		for i, b := range blocks {
			if b.Kind == article.Heading {
				a.Title = oneLine(b.Text())
				blocks = append(blocks[:i:i], blocks[i+1:]...)
				break
			}
		}
	}
	if a.Title == "" {
		a.Title = withoutSiteName(facts.title, meta.Sitename, meta.Hostname)
	}
	if a.Title == "" {
		return nil, fmt.Errorf("%w: the page has no title: no title in its metadata, no heading and no <title> element", article.ErrInvalid)
	}
	// Pages repeat their title as the text's first heading (trafilatura
	// keeps the h1); it is printed as the title already.
	if len(blocks) > 0 && blocks[0].Kind == article.Heading && sameText(blocks[0].Text(), a.Title) {
		blocks = blocks[1:]
	}
	a.Body = blocks

	// The description is the standfirst unless it repeats the title or
	// the first paragraph (sites use the first sentences, and Ghost its
	// excerpt, which the text starts with).
	if d := oneLine(meta.Description); d != "" && !sameText(d, a.Title) && !repeats(firstParagraph(blocks), d) {
		a.Standfirst = d
	}
	a.Byline = byline(meta.Author, page)

	a.Lang = facts.lang
	if a.Lang == "" {
		// Trafilatura's guess from the text (whatlanggo), when the page
		// declares no language.
		a.Lang = langTag(meta.Language)
	}
	if !meta.Date.IsZero() {
		// The day, as the JSON article's "published" date gives it; the
		// time of day, when there is one, is the site's time zone's or
		// UTC's, and the day printed is the one the page says.
		y, m, d := meta.Date.Date()
		a.Published = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		a.Date = article.FormatDate(a.Published, a.Lang)
	}
	if u, err := url.Parse(meta.URL); err == nil && isHTTP(u) && !strings.ContainsFunc(meta.URL, unicode.IsControl) {
		a.URL = meta.URL
	}
	a.Lead = lead(meta.Image, facts, orig, blocks)
	return a, nil
}

// titleSeparators set a site's name apart from a page's title.
var titleSeparators = []string{" | ", " - ", " – ", " — ", " · ", " :: ", " » "}

// withoutSiteName takes the site's name off a title that ends (or starts)
// with it, as sites' titles do ("Title | The Example Times"): the PDF
// prints the title, and the site's name is in its furniture. The name is
// the site's as its metadata gives it, or its host name ("example.com",
// "www.example.com").
func withoutSiteName(title, site, host string) string {
	names := []string{fold(site), fold(host), fold(strings.TrimPrefix(host, "www."))}
	isSite := func(s string) bool {
		s = fold(s)
		return s != "" && slices.Contains(names, s)
	}
	for _, sep := range titleSeparators {
		if i := strings.LastIndex(title, sep); i > 0 && isSite(title[i+len(sep):]) {
			return strings.TrimSpace(title[:i])
		}
		if i := strings.Index(title, sep); i > 0 && isSite(title[:i]) && strings.TrimSpace(title[i+len(sep):]) != "" {
			return strings.TrimSpace(title[i+len(sep):])
		}
	}
	return title
}

// bodyRunes counts the characters other than spaces of the body's text.
func bodyRunes(blocks []article.Block) int {
	n := 0
	count := func(runs []article.Run) {
		for _, r := range runs {
			n += utf8.RuneCountInString(r.Text) - strings.Count(r.Text, " ")
		}
	}
	for _, b := range blocks {
		count(b.Runs)
		count(b.Cite)
		if b.Table != nil {
			for _, r := range b.Table.Rows {
				for _, c := range r.Cells {
					count(c.Runs)
				}
			}
		}
	}
	return n
}

// byline is "By " and the authors trafilatura found, which it separates
// with semicolons, in the order the page first names them. Trafilatura's
// own order is not the page's, nor always the same: it gathers the authors
// of JSON-LD objects by ranging over Go maps.
func byline(authors, page string) string {
	var names []string
	for _, a := range strings.Split(authors, ";") {
		if a = oneLine(a); a != "" && !slices.Contains(names, a) {
			names = append(names, a)
		}
	}
	if len(names) == 0 {
		return ""
	}
	first := func(name string) int {
		if i := strings.Index(page, name); i >= 0 {
			return i
		}
		return len(page) // not in the page as written (escaped): after those that are
	}
	slices.SortStableFunc(names, func(a, b string) int {
		return cmp.Or(cmp.Compare(first(a), first(b)), strings.Compare(a, b))
	})
	return "By " + strings.Join(names, ", ")
}

// firstParagraph is the text of the body's first paragraph, or "".
func firstParagraph(blocks []article.Block) string {
	for _, b := range blocks {
		if b.Kind == article.Paragraph {
			return b.Text()
		}
	}
	return ""
}

// sameText reports whether a and b are the same words, whatever their
// case and spacing.
func sameText(a, b string) bool { return fold(a) == fold(b) }

// repeats reports whether the description d is the start of text, perhaps
// cut short with an ellipsis.
func repeats(text, d string) bool {
	d = strings.TrimRight(strings.TrimSpace(d), ".…  ")
	return d != "" && strings.HasPrefix(fold(text), fold(d))
}

func fold(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// lead is the page's Open Graph image as the lead picture, unless the
// body's first figure shows it already (often a saved page's own header
// picture, which trafilatura keeps). Its alt text is og:image:alt, else
// that of a picture of the page that is the same one.
func lead(src string, facts pageFacts, orig *originals, blocks []article.Block) *article.Block {
	u, err := url.Parse(src)
	if src == "" || err != nil || !isHTTP(u) || strings.ContainsFunc(src, unicode.IsControl) {
		return nil
	}
	for _, b := range blocks {
		if b.Kind != article.Figure {
			continue
		}
		for _, im := range b.Figure.Images {
			if samePicture(src, im.Src) {
				return nil
			}
		}
		break
	}
	alt := facts.imageAlt
	if alt == "" {
		for _, img := range orig.imgs {
			attrs := orig.attrs[img]
			if a := oneLine(attrOf(attrs, "alt")); a != "" && pictureNamed(attrs, src) {
				alt = a
				break
			}
		}
	}
	return &article.Block{Kind: article.Figure, Figure: &article.FigureData{
		Images: []article.Image{{Src: src, Alt: alt, Width: facts.width, Height: facts.height}},
	}}
}

// sizeSuffix is the size WordPress adds to the names of the copies it
// makes of a picture ("harbour-1024x683.jpg"), and "-scaled", its name for
// a large one made smaller.
var sizeSuffix = regexp.MustCompile(`(-\d{2,5}x\d{2,5}|-scaled)$`)

// samePicture reports whether two image URLs name one picture: equal, or
// of one file name once sizes a CMS adds are taken away. Sites serve a
// picture at several sizes, the Open Graph one often not the one in the
// text: "…/size/w2000/2024/05/cranes.jpg" (Ghost), "cranes-1024x683.jpg"
// (WordPress) and "…/cranes?width=1200" (a resizing CDN) are all
// "cranes".
func samePicture(a, b string) bool {
	if a == b {
		return true
	}
	sa, sb := pictureStem(a), pictureStem(b)
	return sa != "" && sa == sb
}

func pictureStem(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	name := path.Base(u.Path)
	if name == "." || name == "/" {
		return ""
	}
	name = strings.TrimSuffix(name, path.Ext(name))
	return strings.ToLower(sizeSuffix.ReplaceAllString(name, ""))
}

// pictureNamed reports whether an img's attributes name the picture src
// (in src, a lazy loader's attribute, or a srcset).
func pictureNamed(attrs []html.Attribute, src string) bool {
	for _, a := range attrs {
		switch a.Key {
		case "src", "data-src", "data-lazy-src", "data-original", "srcset", "data-srcset":
			for _, c := range strings.Split(a.Val, ",") {
				if f := strings.Fields(c); len(f) > 0 && samePicture(src, f[0]) {
					return true
				}
			}
		}
	}
	return false
}

func attrOf(attrs []html.Attribute, key string) string {
	for _, a := range attrs {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}
