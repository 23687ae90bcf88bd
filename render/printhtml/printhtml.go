// Package printhtml writes an article as HTML: a standalone print-ready page
// (Write), for sites that prefer the browser's own print dialog to a PDF, and
// the article's body and lead image alone (Body, Lead), which the reader
// pages embed, with the stylesheet of the body's blocks (Stylesheet), so
// that both pages show the figures, tables and quotes alike.
//
// Every block of the model has its element: h2 to h4, paragraphs, lists
// nested by level, blockquote (its source in a figure's figcaption, which
// is where HTML puts a quotation's attribution), pull quotes, figures and
// galleries with their caption and credit, tables with caption, thead,
// tbody and scoped header cells, pre, hr, embeds as a card, notes in an
// aside, and footnotes as a list that links back to their references. The
// markup is made by html/template from a view built in Go (body.go), never
// by joining strings, so no text or URL of an article becomes markup.
// Where a picture beside the article is fetched from is the caller's to
// say (Images): printhtml knows no routes.
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
// o.Rights, else the default) and the language; its lead image in the title
// block and its body as Body writes it, images beside the article fetched
// where images says. Errors about options wrap render.ErrOption.
func Write(w io.Writer, a *article.Article, o render.Options, images Images) error {
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
		Lead, Body               template.HTML
		RightsCSS, BodyCSS       template.CSS
		Publication, Description string
	}{
		A: a, Lang: lang, Dir: Dir(lang), Rights: rights,
		Start: "left", End: "right",
		Paper:  map[string]string{"a4": "A4", "letter": "letter"}[paper.Name],
		FontPt: 11 * scale, SidePt: side, Scale: scale,
		Lead:        Lead(a, images),
		Body:        Body(a, images),
		RightsCSS:   cssString(rights),
		BodyCSS:     template.CSS(bodyCSS),
		Publication: o.PublicationName(),
		Description: cmp.Or(a.Standfirst, a.Title),
	}
	if data.Dir == "rtl" {
		data.Start, data.End = "right", "left"
	}
	return page.Execute(w, data)
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
