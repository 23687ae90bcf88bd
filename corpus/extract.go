package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"

	"pdfexport/article"
)

// extraction is one page turned into a pdfexport JSON article, or the reason
// it could not be.
type extraction struct {
	JSON      []byte           // the article as pdfexport's JSON input
	Article   *article.Article // JSON as pdfexport/article.ParseJSON reads it
	TitleFrom string           // where the title came from: one of the titleFrom constants
	Declared  string           // the language trafilatura gave, "" when none
	Controls  map[rune]int     // control characters left out (see cleaner)
	Dropped   int              // characters of trafilatura's text not in the parsed body (see dropped)
	Images    imageStats       // the pictures of the extracted text, as rewritten
	Reason    string           // why there is no article; "" when there is one
}

// The places a title is taken from, in the order they are tried.
const (
	titleFromMetadata = "metadata"      // trafilatura: meta tags, JSON-LD, a lone h1, <title>, …
	titleFromHeading  = "first heading" // the first heading of the extracted text
	titleFromElement  = "<title>"       // the page's <title>, whole
)

// pictures says where an article's pictures are to be fetched from: the
// image server's host:port ("" leaves the URLs as the page has them), and
// the failure to give its first picture on purpose ("" for none; see
// failMarks and markFailure).
type pictures struct {
	server string
	fail   string
}

// extractPage extracts the article of one HTML page with go-trafilatura,
// its pictures included, and makes it pdfexport's JSON article with the
// extracted text as "html". pageURL, when known, is where the page was
// published: trafilatura resolves relative links against it, the pictures
// are resolved against it, and it is the article's url when the page
// names none.
func extractPage(page []byte, pageURL *url.URL, pics pictures) (ex extraction) {
	doc, err := html.Parse(strings.NewReader(decodePage(page)))
	if err != nil {
		return extraction{Reason: "HTML: " + err.Error()}
	}
	// The <title> element and the pictures' declared sizes are read before
	// trafilatura sees the tree, which it prunes while it works.
	pageTitle := elementText(doc, atom.Title)
	refs := readPageRefs(doc)
	// A failure inside the extraction library is a finding about the
	// library, not about pdfexport: it is recorded and the run goes on.
	defer func() {
		if r := recover(); r != nil {
			ex = extraction{Reason: fmt.Sprintf("trafilatura panicked: %v", r)}
		}
	}()
	res, err := trafilatura.ExtractDocument(doc, trafilatura.Options{
		OriginalURL: pageURL,
		// The fallbacks (readability, DOM distiller) find the text of
		// pages trafilatura's own heuristics miss: more real text to render.
		EnableFallback:  true,
		IncludeLinks:    true,
		IncludeImages:   true,
		ExcludeComments: true, // readers' comments are not the article
		// Tables are kept (ExcludeTables is false), and so is inline
		// formatting, which go-trafilatura always keeps.
	})
	if err != nil {
		return extraction{Reason: "trafilatura: " + err.Error()}
	}
	return buildArticle(res.Metadata, res.ContentNode, res.ContentText, pageTitle, pageURL, refs, pics)
}

// dropped counts the characters of trafilatura's plain text (other than
// white space and control characters) that the body pdfexport parsed from
// the HTML lacks: the check that the HTML and its mapping
// (article.ParseHTMLBody) keep all the text trafilatura found. A footnote
// reference's mark loses its brackets by design ("[1]" is set as a
// superscript "1", whether its note is there or not: article's noteMark),
// so each reference, and each superscript, which is what a reference to a
// missing note becomes, may account for a bracket or parenthesis of each
// kind.
func dropped(text string, blocks []article.Block) int {
	n := map[rune]int{}
	for _, r := range text {
		if !unicode.IsSpace(r) && !unicode.IsControl(r) {
			n[r]++
		}
	}
	for _, r := range modelText(blocks) {
		n[r]--
	}
	refs := 0
	for _, b := range blocks {
		for _, r := range b.Runs {
			if r.Note != "" || r.Style&article.Super != 0 {
				refs++
			}
		}
	}
	for _, r := range "[]()" {
		n[r] -= refs
	}
	missing := 0
	for _, c := range n {
		missing += max(c, 0)
	}
	return missing
}

// modelText is the text of blocks, every part a reader sees: runs,
// citations, labels, captions and credits, table cells, embeds' titles.
func modelText(blocks []article.Block) string {
	var sb strings.Builder
	runs := func(rs []article.Run) {
		for _, r := range rs {
			sb.WriteString(r.Text)
		}
		sb.WriteByte(' ')
	}
	for _, b := range blocks {
		runs(b.Runs)
		runs(b.Cite)
		sb.WriteString(b.Label + " ")
		if f := b.Figure; f != nil {
			runs(f.Caption)
			sb.WriteString(f.Credit + " ")
			for _, im := range f.Images {
				sb.WriteString(im.Alt + " ")
			}
		}
		if t := b.Table; t != nil {
			runs(t.Caption)
			for _, r := range t.Rows {
				for _, c := range r.Cells {
					runs(c.Runs)
				}
			}
		}
		if e := b.Embed; e != nil {
			sb.WriteString(e.Provider + " " + e.Title + " " + e.URL + " ")
		}
	}
	return sb.String()
}

var metaCharset = regexp.MustCompile(`(?i)<meta[^>]*charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)`)

// decodePage returns the page's text. A page that is valid UTF-8 is UTF-8,
// whatever it declares (sites that declare ISO-8859-1 and serve UTF-8 are
// common; the reverse cannot be valid UTF-8 unless it is ASCII). Otherwise
// the page's declared charset is used, found anywhere in its first 64 KiB
// (the HTML standard's prescan stops at 1,024 bytes, and a corpus page
// declared windows-1250 after 7 KB of head would then be read as
// windows-1252); a page declared UTF-8 that is not gets U+FFFD for its bad
// bytes, as a browser shows it; an undeclared one is windows-1252, the
// standard's default.
//
// go-trafilatura's own reader is not used: it guesses the encoding
// statistically (it read a small UTF-8 page as windows-1252), and it
// removes soft hyphens and recomposes the text, which would hide what
// pdfexport does with them.
func decodePage(b []byte) string {
	b = bytes.TrimPrefix(b, []byte("\uFEFF"))
	if utf8.Valid(b) {
		return string(b)
	}
	head := b[:min(len(b), 64<<10)]
	var enc encoding.Encoding
	if m := metaCharset.FindSubmatch(head); m != nil {
		var name string
		if enc, name = charset.Lookup(string(m[1])); name == "utf-8" {
			return string(bytes.ToValidUTF8(b, []byte("\uFFFD")))
		}
	}
	if enc == nil {
		enc, _, _ = charset.DetermineEncoding(b, "")
	}
	s, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return string(bytes.ToValidUTF8(b, []byte("\uFFFD")))
	}
	return string(s)
}

// buildArticle makes the JSON article of trafilatura's metadata and
// extracted text (content, and text, its plain text), with its pictures
// pointed at the image server, and checks it with pdfexport's own parser.
func buildArticle(meta trafilatura.Metadata, content *html.Node, text, pageTitle string, pageURL *url.URL, refs pageRefs, pics pictures) extraction {
	cl := &cleaner{}
	ex := extraction{Declared: meta.Language}
	if content == nil {
		content = &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	}
	cl.countControls(content)
	var articleURL string
	switch {
	case absoluteHTTP(meta.URL):
		articleURL = meta.URL
	case pageURL != nil && absoluteHTTP(pageURL.String()):
		articleURL = pageURL.String()
	}
	var base *url.URL // the pictures': where the page was, or what it says it is
	if pageURL != nil {
		base = pageURL
	} else if articleURL != "" {
		base, _ = url.Parse(articleURL)
	}
	if b, err := url.Parse(strings.TrimSpace(refs.base)); err == nil && refs.base != "" {
		if base != nil {
			b = base.ResolveReference(b)
		}
		if b.IsAbs() {
			base = b
		}
	}
	if pics.server != "" {
		ex.Images = rewriteImages(content, pics.server, base, refs.sizes(base))
	}
	var jsBase *url.URL
	if articleURL != "" {
		jsBase, _ = url.Parse(articleURL)
	}
	body, err := renderHTML(content)
	if err != nil {
		ex.Reason = "rendering the extracted HTML: " + err.Error()
		return ex
	}
	// The check of the mapping, on the whole text, before the title is
	// taken out of it.
	blocks, _, err := article.ParseHTMLBody([]byte(body), jsBase)
	if err != nil {
		ex.Controls = cl.controls
		ex.Reason = err.Error()
		return ex
	}
	ex.Dropped = dropped(text, blocks)

	// The title: trafilatura's own choice (it already falls back on a
	// lone h1, title selectors and the parts of <title>); else the first
	// heading of the text, moved out of the body so it is not printed
	// twice; else the whole <title>, site name and all, since a reader
	// would rather see that than nothing. No invented title: a page that
	// has none of these is counted as "no title".
	changed := false
	title := cl.tidy(meta.Title)
	ex.TitleFrom = titleFromMetadata
	if title == "" {
		if h := firstHeading(content); h != nil {
			title = cl.tidy(textOf(h))
			h.Parent.RemoveChild(h)
			changed = true
			ex.TitleFrom = titleFromHeading
		}
	}
	if title == "" {
		title = cl.tidy(pageTitle)
		ex.TitleFrom = titleFromElement
	}
	if title == "" {
		ex.Controls = cl.controls
		ex.Reason = "no title"
		return ex
	}
	// Pages often repeat their title as the first heading of the text; it
	// is already printed as the title.
	if h := leadingHeading(content); h != nil && sameText(textOf(h), title) {
		h.Parent.RemoveChild(h)
		changed = true
	}
	if changed {
		if body, err = renderHTML(content); err != nil {
			ex.Reason = "rendering the extracted HTML: " + err.Error()
			return ex
		}
		if blocks, _, err = article.ParseHTMLBody([]byte(body), jsBase); err != nil {
			ex.Reason = err.Error()
			return ex
		}
	}

	ja := jsonArticle{Title: title, HTML: body, URL: articleURL}
	// The page's description is its standfirst, unless it only repeats the
	// title or the start of the text (sites often use the first sentences).
	if d := cl.tidy(meta.Description); d != "" && !sameText(d, title) && !(len(blocks) > 0 && repeats(firstText(blocks), d)) {
		ja.Standfirst = d
	}
	ja.Byline = strings.ReplaceAll(cl.tidy(meta.Author), "; ", ", ")
	if !meta.Date.IsZero() {
		ja.Published = meta.Date.Format("2006-01-02")
	}
	ja.Lang = languageTag(meta.Language)
	ex.Controls = cl.controls

	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep the JSON readable: <, > and & as written
	enc.SetIndent("", " ")
	if err := enc.Encode(ja); err != nil {
		ex.Reason = "JSON: " + err.Error()
		return ex
	}
	ex.JSON = buf.Bytes()
	a, err := article.ParseJSON(ex.JSON)
	if err != nil {
		ex.Reason = err.Error()
		return ex
	}
	if pics.fail != "" && pics.server != "" {
		if marked, ok := markFailure(ja.HTML, a, pics.server, pics.fail); ok {
			ja.HTML = marked
			buf.Reset()
			if err := enc.Encode(ja); err != nil {
				ex.Reason = "JSON: " + err.Error()
				return ex
			}
			ex.JSON = buf.Bytes()
			if a, err = article.ParseJSON(ex.JSON); err != nil {
				ex.Reason = err.Error()
				return ex
			}
			ex.Images.Marked = pics.fail
		}
	}
	ex.Article = a
	return ex
}

// The JSON article, as README "Input formats" describes it, with its body
// as "html".
type jsonArticle struct {
	Title      string `json:"title"`
	Standfirst string `json:"standfirst,omitempty"`
	Byline     string `json:"byline,omitempty"`
	Published  string `json:"published,omitempty"`
	URL        string `json:"url,omitempty"`
	Lang       string `json:"lang,omitempty"`
	HTML       string `json:"html"`
}

// renderHTML writes the children of trafilatura's content element (a
// body or div) as an HTML fragment. Trafilatura builds trees no parser
// would (cells in list items, children in void elements); the first kind
// is written as it is, and pdfexport's parser reads it as a browser would;
// the second, which html.Render refuses, has its children moved after the
// element.
func renderHTML(content *html.Node) (string, error) {
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if c.Type == html.ElementNode && voidElements[tag(c)] {
				for k := c.LastChild; k != nil; k = c.LastChild {
					c.RemoveChild(k)
					n.InsertBefore(k, next)
					next = k
				}
			}
			walk(c)
			c = next
		}
	}
	walk(content)
	var sb strings.Builder
	for c := content.FirstChild; c != nil; c = c.NextSibling {
		if err := html.Render(&sb, c); err != nil {
			return "", err
		}
	}
	return sb.String(), nil
}

var voidElements = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true, atom.Hr: true,
	atom.Img: true, atom.Input: true, atom.Keygen: true, atom.Link: true, atom.Meta: true,
	atom.Param: true, atom.Source: true, atom.Track: true, atom.Wbr: true,
}

func isHeading(a atom.Atom) bool {
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

// firstHeading is the first heading of the text with text in it.
func firstHeading(n *html.Node) *html.Node {
	if n.Type == html.ElementNode && isHeading(tag(n)) && strings.TrimSpace(textOf(n)) != "" {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if h := firstHeading(c); h != nil {
			return h
		}
	}
	return nil
}

// leadingHeading is the heading the text starts with: the one around its
// first visible text, if any.
func leadingHeading(root *html.Node) *html.Node {
	var first *html.Node
	var walk func(n *html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type == html.TextNode && strings.TrimSpace(n.Data) != "" {
			first = n
			return true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				return true
			}
		}
		return false
	}
	walk(root)
	for n := first; n != nil && n != root; n = n.Parent {
		if n.Type == html.ElementNode && isHeading(tag(n)) {
			return n
		}
	}
	return nil
}

// firstText is the text of the first block that has text.
func firstText(blocks []article.Block) string {
	for _, b := range blocks {
		if t := b.Text(); strings.TrimSpace(t) != "" {
			return t
		}
	}
	return ""
}

// textOf is the text of n and its descendants.
func textOf(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var sb strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		sb.WriteString(textOf(c))
	}
	return sb.String()
}

// cleaner tidies the metadata's one-line fields: white space collapsed as
// HTML does, control characters, which pdfexport refuses in an article's
// fields (README "Input formats"), removed and counted. Those in the
// extracted text are counted too (countControls): pdfexport's HTML parser
// removes them.
type cleaner struct{ controls map[rune]int }

func (c *cleaner) control(r rune) {
	if c.controls == nil {
		c.controls = map[rune]int{}
	}
	c.controls[r]++
}

// tidy cleans a one-line field.
func (c *cleaner) tidy(s string) string {
	var sb strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f':
			space = true
			continue
		case unicode.IsControl(r):
			c.control(r)
			continue
		}
		if space && sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		space = false
		sb.WriteRune(r)
	}
	return sb.String()
}

// countControls counts the control characters other than HTML's white
// space in the text of n.
func (c *cleaner) countControls(n *html.Node) {
	if n.Type == html.TextNode {
		for _, r := range n.Data {
			if unicode.IsControl(r) && !strings.ContainsRune(" \t\n\r\f", r) {
				c.control(r)
			}
		}
	}
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		c.countControls(k)
	}
}

// sameText reports whether a and b are the same words, ignoring case and
// spacing.
func sameText(a, b string) bool { return fold(a) == fold(b) }

// repeats reports whether the description d is the beginning of text,
// perhaps cut short with an ellipsis.
func repeats(text, d string) bool {
	d = strings.TrimRight(strings.TrimSpace(d), ".… ")
	return d != "" && strings.HasPrefix(fold(text), fold(d))
}

func fold(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

var langTag = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)

// languageTag returns l as a BCP 47 tag, or "" (pdfexport then detects the
// language from the text) when it is not one.
func languageTag(l string) string {
	l = strings.ReplaceAll(strings.TrimSpace(l), "_", "-")
	if !langTag.MatchString(l) {
		return ""
	}
	return l
}

// absoluteHTTP reports what pdfexport accepts as an article's url.
func absoluteHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// followable reports what pdfexport accepts as a link: absolute http(s), or
// mailto. Other hrefs (fragments, javascript:, relative paths that could
// not be resolved) lose their link, never their text.
func followable(s string) bool {
	if u, err := url.Parse(s); err == nil && u.Scheme == "mailto" && u.Opaque != "" {
		return true
	}
	return absoluteHTTP(s)
}

// elementText returns the text of the first element a in n, or "".
func elementText(n *html.Node, a atom.Atom) string {
	if n.Type == html.ElementNode && tag(n) == a {
		var sb strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.TextNode {
				sb.WriteString(c.Data)
			}
		}
		return sb.String()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if s := elementText(c, a); s != "" {
			return s
		}
	}
	return ""
}

// tag is the element's name as an atom. Trafilatura builds many of the
// elements it returns by name alone, leaving DataAtom zero.
func tag(n *html.Node) atom.Atom {
	if n.DataAtom != 0 {
		return n.DataAtom
	}
	return atom.Lookup([]byte(strings.ToLower(n.Data)))
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
