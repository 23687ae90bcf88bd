package main

import (
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"pdfexport/article"
)

// The pictures of a page: the sizes it declares for them, read before
// trafilatura sees the page (its extracted img elements keep only src, alt
// and title), and the rewriting of the extracted article's image URLs to
// the harness's image server (images.go).

// declared is what a page says of one picture file: the size of the file
// (a srcset candidate's width descriptor, else the img's attributes) and
// the img's width and height attributes; 0 where it says nothing.
type declared struct {
	fileW, fileH int
	attrW, attrH int
}

// rawRef is one URL an img (or a picture's source) of the page names, as
// written.
type rawRef struct {
	url string
	d   declared
}

// pageRefs is what a page says of its pictures, before extraction.
type pageRefs struct {
	base string // the page's <base href>, as written; "" when none
	refs []rawRef
}

// srcsetAttr reports an attribute holding a srcset: candidates with
// descriptors.
func srcsetAttr(key string) bool { return strings.HasSuffix(key, "srcset") }

// urlAttr reports an attribute holding one picture URL: src and the lazy
// loaders' attributes (pdfexport's and trafilatura's lists: data-src*,
// data-lazy*, data-original, data-orig-file).
func urlAttr(key string) bool {
	switch {
	case srcsetAttr(key):
		return false
	case key == "src", key == "data-original", key == "data-orig-file",
		strings.HasPrefix(key, "data-src"), strings.HasPrefix(key, "data-lazy"):
		return true
	}
	return false
}

func isPictureElement(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	switch tag(n) {
	case atom.Img, atom.Source:
		return true
	}
	return n.Data == "amp-img"
}

// readPageRefs lists the URLs of every picture of the page with their
// declared sizes; a picture's source elements take its img's attributes.
func readPageRefs(doc *html.Node) pageRefs {
	var pr pageRefs
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && tag(n) == atom.Base && pr.base == "" {
			pr.base = attr(n, "href")
		}
		if isPictureElement(n) {
			sized := n
			if tag(n) == atom.Source && n.Parent != nil {
				if img := firstChildImg(n.Parent); img != nil {
					sized = img
				}
			}
			w, _ := dimension(attr(sized, "width"))
			h, _ := dimension(attr(sized, "height"))
			for _, a := range n.Attr {
				switch {
				case urlAttr(a.Key):
					pr.refs = append(pr.refs, rawRef{a.Val, declared{w, h, w, h}})
				case srcsetAttr(a.Key):
					for _, c := range splitSrcset(a.Val) {
						fw, fh := w, h
						if c.width > 0 {
							fw, fh = c.width, 0
							if w > 0 && h > 0 {
								fh = max(c.width*h/w, 1)
							}
						}
						pr.refs = append(pr.refs, rawRef{c.url, declared{fw, fh, w, h}})
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return pr
}

func firstChildImg(n *html.Node) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (tag(c) == atom.Img || c.Data == "amp-img") {
			return c
		}
	}
	return nil
}

// dimension reads a width or height attribute as HTML does (leading
// digits); a percentage is no size.
func dimension(s string) (int, bool) {
	s = strings.TrimSpace(s)
	end := 0
	for end < len(s) && end < 6 && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	if end == 0 || strings.Contains(s, "%") {
		return 0, false
	}
	v := 0
	for _, c := range s[:end] {
		v = v*10 + int(c-'0')
	}
	return v, true
}

// srcsetCandidate is one candidate of a srcset: its URL and what follows
// it up to the comma, as written.
type srcsetCandidate struct {
	url   string
	desc  string
	width int // the w descriptor; 0 for none
}

// splitSrcset reads a srcset as HTML does: a URL (a run of non-space
// characters; one ending in a comma has no descriptors), then descriptors
// up to a comma outside parentheses.
func splitSrcset(s string) []srcsetCandidate {
	var out []srcsetCandidate
	for {
		s = strings.TrimLeft(s, " \t\n\r\f,")
		if s == "" {
			return out
		}
		end := strings.IndexAny(s, " \t\n\r\f")
		if end < 0 {
			end = len(s)
		}
		c := srcsetCandidate{url: s[:end]}
		s = s[end:]
		if strings.HasSuffix(c.url, ",") {
			c.url = strings.TrimRight(c.url, ",")
		} else {
			depth, i := 0, 0
			for ; i < len(s); i++ {
				if s[i] == '(' {
					depth++
				} else if s[i] == ')' && depth > 0 {
					depth--
				} else if s[i] == ',' && depth == 0 {
					break
				}
			}
			c.desc, s = strings.TrimSpace(s[:i]), s[i:]
		}
		for _, d := range strings.Fields(c.desc) {
			if v, ok := strings.CutSuffix(d, "w"); ok {
				if n, ok := dimension(v); ok && len(v) > 0 && n > 0 {
					c.width = n
				}
			}
		}
		if c.url != "" {
			out = append(out, c)
		}
	}
}

// resolveImage resolves an image URL against base as a browser would: an
// absolute http(s) URL, or one relative to base; "//host/…" without a base
// is https. Anything else (data:, a relative path without a base, other
// schemes) is no URL to fetch.
func resolveImage(raw string, base *url.URL) (*url.URL, bool) {
	s := strings.TrimSpace(raw)
	if s == "" || len(s) >= 5 && strings.EqualFold(s[:5], "data:") {
		return nil, false
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, false
	}
	switch {
	case base != nil:
		u = base.ResolveReference(u)
	case u.Scheme == "" && u.Host != "":
		u.Scheme = "https"
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, false
	}
	u.Fragment, u.RawFragment = "", ""
	return u, true
}

// imageKey names a picture file whatever its scheme: trafilatura turns
// "//host/a.jpg" into "http://host/a.jpg" where the page meant https.
func imageKey(u *url.URL) string {
	k := u.Host + u.EscapedPath()
	if u.RawQuery != "" {
		k += "?" + u.RawQuery
	}
	return k
}

// sizes resolves the page's references against base: the first
// declaration of each file wins.
func (pr pageRefs) sizes(base *url.URL) map[string]declared {
	m := map[string]declared{}
	for _, r := range pr.refs {
		if u, ok := resolveImage(r.url, base); ok {
			if _, seen := m[imageKey(u)]; !seen {
				m[imageKey(u)] = r.d
			}
		}
	}
	return m
}

// imageStats counts what rewriteImages did to one article.
type imageStats struct {
	Elements   int    `json:"elements"`             // img and source elements in the extracted text
	URLs       int    `json:"urls"`                 // URLs rewritten to the image server
	Sized      int    `json:"sized,omitempty"`      // of which the page declared a size for
	Data       int    `json:"data,omitempty"`       // data: URIs, kept as they are
	Unresolved int    `json:"unresolved,omitempty"` // relative URLs with no page URL to resolve them against, kept as they are
	Marked     string `json:"marked,omitempty"`     // the failure made on purpose, when a picture was given one
}

// rewriteImages points every picture URL of the extracted text at the
// image server (hostPort) with the size the page declares for it, and
// gives an img its declared width and height where it has none.
func rewriteImages(content *html.Node, hostPort string, base *url.URL, sizes map[string]declared) imageStats {
	var st imageStats
	rewrite := func(raw string, fromDesc int) (string, declared, bool) {
		u, ok := resolveImage(raw, base)
		if !ok {
			if s := strings.TrimSpace(raw); len(s) >= 5 && strings.EqualFold(s[:5], "data:") {
				st.Data++
			} else if s != "" {
				st.Unresolved++
			}
			return raw, declared{}, false
		}
		d := sizes[imageKey(u)]
		if d.fileW == 0 && d.fileH == 0 && fromDesc > 0 {
			d.fileW = fromDesc
		}
		if d.fileW > 0 || d.fileH > 0 {
			st.Sized++
		}
		st.URLs++
		return localImageURL(hostPort, u, d.fileW, d.fileH, markOK), d, true
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if isPictureElement(n) {
			st.Elements++
			var size declared
			for i, a := range n.Attr {
				switch {
				case urlAttr(a.Key):
					if s, d, ok := rewrite(a.Val, 0); ok {
						n.Attr[i].Val = s
						if size == (declared{}) {
							size = d
						}
					}
				case srcsetAttr(a.Key):
					cands := splitSrcset(a.Val)
					parts := make([]string, len(cands))
					for j, c := range cands {
						s, d, ok := rewrite(c.url, c.width)
						if ok && size.attrW == 0 && d.attrW > 0 {
							size = d
						}
						parts[j] = strings.TrimSpace(s + " " + c.desc)
					}
					n.Attr[i].Val = strings.Join(parts, ", ")
				}
			}
			if tag(n) != atom.Source && attr(n, "width") == "" && attr(n, "height") == "" && size.attrW > 0 && size.attrH > 0 {
				n.Attr = append(n.Attr,
					html.Attribute{Key: "width", Val: strconv.Itoa(size.attrW)},
					html.Attribute{Key: "height", Val: strconv.Itoa(size.attrH)})
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(content)
	return st
}

// failPlan is the failure given on purpose to the first picture of page
// (see markFailure): one page in about every (by its name's hash, so that
// -only and -n keep it) gets one, the marks in turn; "" for none.
func failPlan(page string, every int) string {
	if every <= 0 {
		return ""
	}
	h := seedOf(page)
	if h%uint32(every) != 0 {
		return ""
	}
	return failMarks[(h/uint32(every))%uint32(len(failMarks))]
}

// The reasons a picture is expected to fail, and to be drawn as its box.
const (
	expectNotFound   = "404 on purpose"
	expectSlow       = "slower than --image-timeout on purpose"
	expectTruncated  = "truncated JPEG on purpose"
	expectSVG        = "SVG (refused by its format)"
	expectRelative   = "relative source without a page URL"
	expectNotFetched = "not fetched (rendered without --image-hosts)"
	expectForeign    = "not rewritten to the image server"
)

var markExpectation = map[string]string{markNotFound: expectNotFound, markSlow: expectSlow, markTruncated: expectTruncated}

// imagePlan is an article's pictures, every occurrence (a source drawn
// twice counts twice, as the PDF draws it twice), and why each one
// expected to fail should, with and without --image-hosts.
type imagePlan struct {
	InArticle int            `json:"in_article"`
	Fail      map[string]int `json:"fail,omitempty"`      // with the image server
	FailBare  map[string]int `json:"fail_bare,omitempty"` // without --image-hosts
	Data      int            `json:"data,omitempty"`      // data: URIs, the corpus's own pictures
	Distinct  int            `json:"distinct"`            // distinct sources (pdfexport loads each once)
}

// forEachImage calls f with every picture of a, the lead's and the
// figures', in order.
func forEachImage(a *article.Article, f func(article.Image)) {
	add := func(b *article.Block) {
		if b != nil && b.Figure != nil {
			for _, im := range b.Figure.Images {
				f(im)
			}
		}
	}
	add(a.Lead)
	for i := range a.Body {
		add(&a.Body[i])
	}
}

// planImages lists a's pictures and the failures expected of them, given
// the image server's host:port.
func planImages(a *article.Article, server string) imagePlan {
	p := imagePlan{Fail: map[string]int{}, FailBare: map[string]int{}}
	seen := map[string]bool{}
	forEachImage(a, func(im article.Image) {
		p.InArticle++
		if !seen[im.Src] {
			seen[im.Src] = true
			p.Distinct++
		}
		why, bare := expectation(im.Src, server)
		if why != "" {
			p.Fail[why]++
		}
		if bare != "" {
			p.FailBare[bare]++
		}
		if strings.HasPrefix(im.Src, "data:") {
			p.Data++
		}
	})
	return p
}

// expectation says why a picture of source src should fail with the
// image server at server, and without it; "" where it should be drawn.
func expectation(src, server string) (with, without string) {
	prefix := "http://" + server + "/img/"
	switch {
	case strings.HasPrefix(src, prefix):
		u, err := url.Parse(src)
		if err != nil {
			return expectForeign, expectNotFetched
		}
		req, err := parseImageRequest(u)
		switch {
		case err != nil:
			return expectForeign, expectNotFetched
		case req.Mark != markOK:
			return markExpectation[req.Mark], expectNotFetched
		case req.Format == "svg":
			return expectSVG, expectNotFetched
		}
		return "", expectNotFetched
	case strings.HasPrefix(src, "data:"):
		if strings.HasPrefix(strings.ToLower(src), "data:image/svg") {
			return expectSVG, expectSVG
		}
		return "", ""
	case strings.HasPrefix(src, "http://"), strings.HasPrefix(src, "https://"):
		return expectForeign, expectNotFetched
	}
	return expectRelative, expectRelative
}

// expected is how many boxes a render should show.
func (p imagePlan) expected(bare bool) int {
	m := p.Fail
	if bare {
		m = p.FailBare
	}
	n := 0
	for _, c := range m {
		n += c
	}
	return n
}

// imageCount is what one PDF shows of its article's pictures.
type imageCount struct {
	InArticle int `json:"in_article"`
	Placed    int `json:"placed"`   // drawn (pdfimages -list)
	Boxes     int `json:"boxes"`    // "Image unavailable" boxes in its text
	Expected  int `json:"expected"` // boxes the plan expects
}

// markFailure gives the first picture of a that the image server serves
// the failure mark fail, in the article's HTML (as html.Render escaped
// it): the picture pdfexport will draw, whichever of an img's sources that
// is, rather than an img pdfexport leaves out (one in a table cell, a
// tracking pixel), and not an SVG, which fails anyway. It returns the HTML
// unchanged when a has no such picture.
func markFailure(body string, a *article.Article, server, fail string) (string, bool) {
	var src string
	forEachImage(a, func(im article.Image) {
		if src == "" && strings.HasPrefix(im.Src, "http://"+server+"/img/") {
			if u, err := url.Parse(im.Src); err == nil {
				if req, err := parseImageRequest(u); err == nil && req.Mark == markOK && req.Format != "svg" {
					src = im.Src
				}
			}
		}
	})
	if src == "" {
		return body, false
	}
	prefix := "http://" + server + "/img/"
	size, rest, _ := strings.Cut(strings.TrimPrefix(src, prefix), "/")
	marked := prefix + size + "/" + fail + strings.TrimPrefix(rest, markOK)
	out := strings.ReplaceAll(body, html.EscapeString(src), html.EscapeString(marked))
	return out, out != body
}
