// Package printhtml writes an article as HTML: a standalone print-ready page
// (Write), for sites that prefer the browser's own print dialog to a PDF, and
// the article's body alone (Body), which the reader pages embed.
//
// The print page has the PDF's typographic intent in CSS: the same paper and
// margins (@page), a serif text face at 11 pt times the scale, justified and
// hyphenated in the article's language, a sans-serif title, and no site
// chrome. The republishing-rights line and "page N of M" go into the page's
// bottom margin boxes, where the browser supports them (Chromium does since
// version 131); the rights line also ends the article, so it is never lost.
package printhtml

import (
	"cmp"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"

	"pdfexport/article"
	"pdfexport/render"
	"pdfexport/render/compose"
)

//go:embed print.html.tmpl
var pageText string

var page = template.Must(template.New("print").Parse(pageText))

// Write writes a as a standalone print page with the options a PDF of it
// would have: the scale, the paper, the rights line (the article's own, else
// o.Rights, else the default) and the language. Errors about options wrap
// render.ErrOption.
func Write(w io.Writer, a *article.Article, o render.Options) error {
	scale := cmp.Or(o.Scale, 1)
	if err := render.CheckScale(scale); err != nil {
		return err
	}
	paper, err := render.ParsePaper(o.Paper)
	if err != nil {
		return err
	}
	side := compose.SideMargin(scale).Points() // the PDF's
	lang, rights := o.Language(a), o.RightsLine(a)
	data := struct {
		A                        *article.Article
		Lang, Dir, Rights, Paper string
		Start, End               string // the page's margin boxes: the rights line at the start of the line, the page number at its end
		FontPt, SidePt, Scale    float64
		Body                     template.HTML
		RightsCSS                template.CSS
		Publication, Description string
	}{
		A: a, Lang: lang, Dir: Dir(lang), Rights: rights,
		Start: "left", End: "right",
		Paper:  map[string]string{"a4": "A4", "letter": "letter"}[paper.Name],
		FontPt: 11 * scale, SidePt: side, Scale: scale,
		Body:        Body(a),
		RightsCSS:   cssString(rights),
		Publication: o.PublicationName(),
		Description: cmp.Or(a.Standfirst, a.Title),
	}
	if data.Dir == "rtl" {
		data.Start, data.End = "right", "left"
	}
	return page.Execute(w, data)
}

// Body returns the article's body as HTML: paragraphs, h2 headings, block
// quotations, and runs of list items as ul or ol lists, with italic, bold and
// links inside them. Every character of the text is escaped.
func Body(a *article.Article) template.HTML {
	var b strings.Builder
	list, next := "", 0 // the list element open, if any, and the number its next item would have
	for _, blk := range a.Body {
		want := ""
		if blk.Kind == article.ListItem {
			want = map[bool]string{true: "ol", false: "ul"}[blk.Ordered]
		}
		// A numbered item that does not continue the open list's numbering
		// starts a list of its own, at its own number.
		if list != want || (want == "ol" && blk.Number != next) {
			if list != "" {
				fmt.Fprintf(&b, "</%s>\n", list)
			}
			switch {
			case want == "ol" && blk.Number != 1:
				fmt.Fprintf(&b, "<ol start=\"%d\">\n", blk.Number)
			case want != "":
				fmt.Fprintf(&b, "<%s>\n", want)
			}
			list = want
		}
		next = blk.Number + 1
		switch blk.Kind {
		case article.Heading:
			b.WriteString("<h2>")
			runs(&b, blk.Runs)
			b.WriteString("</h2>\n")
		case article.Quote:
			b.WriteString("<blockquote><p>")
			runs(&b, blk.Runs)
			b.WriteString("</p></blockquote>\n")
		case article.ListItem:
			b.WriteString("<li>")
			runs(&b, blk.Runs)
			b.WriteString("</li>\n")
		default:
			b.WriteString("<p>")
			runs(&b, blk.Runs)
			b.WriteString("</p>\n")
		}
	}
	if list != "" {
		fmt.Fprintf(&b, "</%s>\n", list)
	}
	return template.HTML(b.String())
}

func runs(b *strings.Builder, rs []article.Run) {
	for _, r := range rs {
		text := template.HTMLEscapeString(r.Text)
		if r.Style&article.Bold != 0 {
			text = "<strong>" + text + "</strong>"
		}
		if r.Style&article.Italic != 0 {
			text = "<em>" + text + "</em>"
		}
		if safeLink(r.Link) { // the parsers allow no other links, but a Source might
			text = `<a href="` + template.HTMLEscapeString(r.Link) + `">` + text + "</a>"
		}
		b.WriteString(text)
	}
}

// cssString quotes s as a CSS string in which every character but ASCII
// letters, digits and spaces is a hex escape, so no text can end the string,
// the rule or the style element, and any rights line keeps its characters.
func cssString(s string) template.CSS {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == ' ':
			b.WriteRune(r)
		default:
			fmt.Fprintf(&b, "\\%x ", r)
		}
	}
	b.WriteByte('"')
	return template.CSS(b.String())
}

// Dir is the writing direction of a language: "rtl" for the languages
// written right to left (Arabic, Hebrew, Persian, Urdu, Sorani Kurdish and
// others), else "ltr". lang is a BCP 47 tag; a script subtag decides when
// there is one ("ku-Arab" is right to left, "az-Latn" is not).
func Dir(lang string) string {
	subtags := strings.Split(strings.ToLower(lang), "-")
	for _, t := range subtags[1:] {
		switch t {
		case "arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg":
			return "rtl"
		case "latn", "cyrl", "grek", "deva", "hans", "hant", "jpan", "kore":
			return "ltr"
		}
	}
	switch subtags[0] {
	case "ar", "he", "iw", "fa", "ur", "yi", "ps", "dv", "ckb", "sd", "ug", "syr":
		return "rtl"
	}
	return "ltr"
}

// safeLink reports whether an article's link may become an href: an
// absolute http, https or mailto URL.
func safeLink(link string) bool {
	l := strings.ToLower(link)
	return strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "mailto:")
}
