package extract

import (
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Giving back what trafilatura loses of the page's figures, tables and
// quotations (see the package comment).

// markerPrefix starts the name each of the page's pictures is given before
// the extraction. Trafilatura keeps a picture only when data-src or src
// ends in an image file's extension (so not a CDN's "…/photo?width=1200"),
// and reads data-src first; it keeps only that, alt and title of a picture
// in the text, and of a picture in a link the attributes it allows, src
// but not data-src. The marker goes in both, ends in ".png", and says
// which of the page's pictures it was. The fallback extractors copy the
// element, or resolve the name against the page's URL: it is found in any
// attribute, anywhere in the value.
const markerPrefix = "pdfexport-image-"

var markerPattern = regexp.MustCompile(markerPrefix + `(\d{1,9})\.png`)

// originals are the page's own elements, as they were before extraction.
type originals struct {
	imgs  []*html.Node                    // the page's img elements, in document order; the index is the marker's
	attrs map[*html.Node][]html.Attribute // their attributes before marking
	doc   *html.Node

	quotes, tables *textIndex // built when the extraction returns one

	frames map[*html.Node]*html.Node // figureOf of the pictures asked about
}

// markImages marks every img of doc with its index (see markerPrefix) and
// remembers its attributes. A link from a picture to a larger copy of
// itself (WordPress's "link to media file") is taken away, leaving the
// picture: trafilatura drops a paragraph that holds only a link and no
// text, and the article model has no links on pictures. Other links around
// pictures (a logo to the home page, a thumbnail to another story, an icon
// to a profile) are left, and what trafilatura does with them stays.
func markImages(doc *html.Node) *originals {
	o := &originals{attrs: map[*html.Node][]html.Attribute{}, doc: doc, frames: map[*html.Node]*html.Node{}}
	var links []*html.Node
	walk(doc, func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.DataAtom == atom.A && linksToItsPicture(n) {
			links = append(links, n)
		}
		return true
	})
	for _, a := range links {
		for c := a.FirstChild; c != nil; c = a.FirstChild {
			a.RemoveChild(c)
			a.Parent.InsertBefore(c, a)
		}
		a.Parent.RemoveChild(a)
	}
	walk(doc, func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.DataAtom == atom.Img && n.Namespace == "" {
			o.attrs[n] = n.Attr
			attrs := make([]html.Attribute, 0, len(n.Attr)+2)
			for _, a := range n.Attr {
				if a.Key != "data-src" && a.Key != "src" {
					attrs = append(attrs, a)
				}
			}
			marker := markerPrefix + strconv.Itoa(len(o.imgs)) + ".png"
			n.Attr = append(attrs, html.Attribute{Key: "src", Val: marker}, html.Attribute{Key: "data-src", Val: marker})
			o.imgs = append(o.imgs, n)
		}
		return true
	})
	return o
}

// linksToItsPicture reports a link that holds a picture and no text, to an
// image file.
func linksToItsPicture(a *html.Node) bool {
	u, err := url.Parse(strings.TrimSpace(attr(a, "href")))
	if err != nil || !imageFileExts[strings.ToLower(path.Ext(u.Path))] {
		return false
	}
	return hasImg(a) && squash(textOf(a)) == ""
}

var imageFileExts = map[string]bool{".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true, ".avif": true}

// restore replaces, in trafilatura's extracted body, the tables and
// quotations that are the page's by the page's own, then each marked
// picture by its figure.
func (o *originals) restore(body *html.Node) {
	o.restoreByText(body, atom.Table, &o.tables)
	o.restoreByText(body, atom.Blockquote, &o.quotes)
	o.restoreImages(body)
}

// restoreByText replaces each outermost element a of body whose text is
// that of an element a of the page (white space aside: trafilatura loses
// some between inline elements) by a copy of the page's, or of the figure
// around it when the figure holds nothing else but captions. Each of the
// page's elements is used once. An element whose text is no element's of
// the page (trafilatura left part of it out, or joined two) stays as
// trafilatura made it.
func (o *originals) restoreByText(body *html.Node, a atom.Atom, idx **textIndex) {
	var found []*html.Node
	walk(body, func(n *html.Node) bool {
		if n != body && n.Type == html.ElementNode && tagOf(n) == a {
			found = append(found, n)
			return false
		}
		return true
	})
	if len(found) == 0 {
		return
	}
	if *idx == nil {
		*idx = o.index(a)
	}
	for _, n := range found {
		orig := (*idx).take(squash(textOf(n)))
		if orig == nil {
			continue
		}
		replace(n, o.clone(soleContent(orig)))
	}
}

// textIndex finds the page's elements of one kind by their text.
type textIndex struct {
	byText map[string][]*html.Node // squashed text → elements, in document order
}

// maxIndexed bounds the text an index holds, as a multiple of the page's
// size: the text of nested elements is counted at each level, and a page
// of deeply nested tables would otherwise cost its size times its depth.
const maxIndexed = 4

func (o *originals) index(a atom.Atom) *textIndex {
	idx := &textIndex{byText: map[string][]*html.Node{}}
	budget := maxIndexed * len(textOf(o.doc))
	walk(o.doc, func(n *html.Node) bool {
		if budget <= 0 {
			return false
		}
		if n.Type == html.ElementNode && n.DataAtom == a && n.Namespace == "" {
			key := squash(textWithout(n, atom.Caption))
			budget -= len(key)
			if key != "" {
				idx.byText[key] = append(idx.byText[key], n)
			}
		}
		return true
	})
	return idx
}

// take returns the first unused element with the text key, or nil.
func (idx *textIndex) take(key string) *html.Node {
	if key == "" {
		return nil
	}
	list := idx.byText[key]
	if len(list) == 0 {
		return nil
	}
	idx.byText[key] = list[1:]
	return list[0]
}

// soleContent is n, or the figure around n when the figure holds nothing
// but n and captions: a WordPress table or pull quote block, whose
// caption or class is the figure's.
func soleContent(n *html.Node) *html.Node {
	p := n.Parent
	if p == nil || p.DataAtom != atom.Figure {
		return n
	}
	for c := p.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c == n, c.Type == html.CommentNode:
		case c.Type == html.TextNode && strings.TrimSpace(c.Data) == "":
		case c.Type == html.ElementNode && c.DataAtom == atom.Figcaption:
		default:
			return n
		}
	}
	return p
}

// Bounds on the figure a picture is given back with: a figure larger than
// this is no picture's frame but a page's odd markup, and the picture comes
// back alone.
const (
	maxFigureDepth  = 6    // levels from the picture up to its figure
	maxFigureImages = 50   // pictures in a gallery
	maxFigureText   = 2000 // characters of captions and credits
)

// restoreImages replaces each marked picture of body by the page's figure
// around it (a gallery once, however many of its pictures trafilatura
// kept), or by the page's picture element or img, attributes and all. The
// replacement takes the place of the highest element around the picture
// that holds nothing else (trafilatura wraps pictures in paragraphs and
// links), and the elements after it whose text is the figure's (its
// caption, which trafilatura makes a paragraph of) are taken out.
func (o *originals) restoreImages(body *html.Node) {
	var marked []*html.Node
	walk(body, func(n *html.Node) bool {
		if n.Type == html.ElementNode && tagOf(n) == atom.Img {
			marked = append(marked, n)
		}
		return true
	})
	placed := map[*html.Node]bool{}
	for _, img := range marked {
		if !within(img, body) {
			continue // taken out with an element around it
		}
		i, ok := o.markerOf(img)
		if !ok {
			if hasMarker(img) {
				// A marker that names no picture (the page had the text
				// itself): not a file beside the page.
				img.Parent.RemoveChild(img)
			}
			continue
		}
		frame := o.frame(i)
		if placed[frame] {
			img.Parent.RemoveChild(img)
			continue
		}
		placed[frame] = true
		key := squash(textOf(frame))
		target := img
		for p := img.Parent; p != nil && p != body && o.onlyFrame(p, frame, key); p = p.Parent {
			target = p
		}
		copied := o.clone(frame)
		replace(target, copied)
		o.dropCaption(copied, frame, key)
	}
}

// markerOf returns the index of the page's picture that img is, if it is
// one.
func (o *originals) markerOf(img *html.Node) (int, bool) {
	for _, a := range img.Attr {
		if m := markerPattern.FindStringSubmatch(a.Val); m != nil {
			i, err := strconv.Atoi(m[1])
			if err == nil && i < len(o.imgs) {
				return i, true
			}
		}
	}
	return 0, false
}

// hasMarker reports whether one of img's attributes holds a marker's name.
func hasMarker(img *html.Node) bool {
	for _, a := range img.Attr {
		if strings.Contains(a.Val, markerPrefix) {
			return true
		}
	}
	return false
}

// frame is figureOf the page's picture i, worked out once.
func (o *originals) frame(i int) *html.Node {
	img := o.imgs[i]
	f, ok := o.frames[img]
	if !ok {
		f = figureOf(img)
		o.frames[img] = f
	}
	return f
}

// onlyFrame reports whether n holds nothing but pictures of frame and text
// of frame's (its caption, or a bookmark card's title).
func (o *originals) onlyFrame(n, frame *html.Node, key string) bool {
	text, ok := squashedUpTo(n, len(key))
	if !ok || !strings.Contains(key, text) {
		return false
	}
	only := true
	walk(n, func(c *html.Node) bool {
		if c.Type == html.ElementNode && tagOf(c) == atom.Img {
			i, ok := o.markerOf(c)
			if !ok || o.frame(i) != frame {
				only = false
			}
		}
		return only
	})
	return only
}

// squashedUpTo is squash(textOf(n)) when it is at most limit bytes long;
// it stops reading as soon as it is longer. Each picture compares the
// elements around and after it with its caption: reading the whole text of
// each would cost the article's size once a picture.
func squashedUpTo(n *html.Node, limit int) (string, bool) {
	var sb strings.Builder
	walk(n, func(c *html.Node) bool {
		switch c.Type {
		case html.TextNode:
			for _, r := range c.Data {
				if sb.Len() > limit {
					break
				}
				if !unicode.IsSpace(r) {
					sb.WriteRune(r)
				}
			}
		case html.ElementNode:
			return !invisible(c) && sb.Len() <= limit
		}
		return true
	})
	return sb.String(), sb.Len() <= limit
}

// dropCaption takes out the siblings after the restored copy that repeat
// frame's text or hold only its pictures, up to the first that does not.
// White space and empty elements between them are passed over.
func (o *originals) dropCaption(copied, frame *html.Node, key string) {
	for s := copied.NextSibling; s != nil; {
		next := s.NextSibling
		text, _ := squashedUpTo(s, 0)
		switch {
		case s.Type == html.CommentNode:
		case text == "" && !hasImg(s):
			// passed over
		case o.onlyFrame(s, frame, key):
			s.Parent.RemoveChild(s)
		default:
			return
		}
		s = next
	}
}

func hasImg(n *html.Node) bool {
	found := false
	walk(n, func(c *html.Node) bool {
		if c.Type == html.ElementNode && tagOf(c) == atom.Img {
			found = true
		}
		return !found
	})
	return found
}

// figureOf is the frame a picture of the page comes back in: the
// outermost figure (or classic WordPress caption box) within a few levels
// around it, so that a gallery of figures is one; else the picture element
// it is a source of; else the img.
func figureOf(img *html.Node) *html.Node {
	frame := img
	if p := img.Parent; p != nil && p.DataAtom == atom.Picture {
		frame = p
	}
	var fig *html.Node
	depth := 0
up:
	for p := frame.Parent; p != nil && p.Type == html.ElementNode && depth < maxFigureDepth; p = p.Parent {
		depth++
		switch {
		case p.DataAtom == atom.Body, p.DataAtom == atom.Article, p.DataAtom == atom.Main, p.DataAtom == atom.Section:
			break up // a picture's frame is never one of these, nor beyond them
		case p.DataAtom == atom.Figure, hasClass(p, "wp-caption"):
			fig = p
		}
	}
	if fig != nil && fitsFigure(fig) {
		return fig
	}
	return frame
}

func fitsFigure(fig *html.Node) bool {
	images, runes := 0, 0
	walk(fig, func(n *html.Node) bool {
		switch n.Type {
		case html.ElementNode:
			if n.DataAtom == atom.Img {
				images++
			}
			return !invisible(n)
		case html.TextNode:
			runes += utf8.RuneCountInString(n.Data)
		}
		return images <= maxFigureImages && runes <= maxFigureText*2
	})
	return images <= maxFigureImages && len([]rune(squash(textOf(fig)))) <= maxFigureText
}

// clone copies n and its descendants, with the page's own attributes on
// the pictures that were marked.
func (o *originals) clone(n *html.Node) *html.Node {
	c := &html.Node{Type: n.Type, DataAtom: n.DataAtom, Data: n.Data, Namespace: n.Namespace}
	attrs := n.Attr
	if saved, ok := o.attrs[n]; ok {
		attrs = saved
	}
	c.Attr = append([]html.Attribute(nil), attrs...)
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		c.AppendChild(o.clone(ch))
	}
	return c
}

// imageAttrs are the attributes that name a picture (those the HTML
// mapping reads), and the srcset ones among them.
var imageAttrs = map[string]bool{
	"src": false, "data-src": false, "data-lazy-src": false, "data-original": false, "data-lazy": false, "data-orig-file": false,
	"srcset": true, "data-srcset": true, "data-lazy-srcset": true,
}

// rebase resolves the picture sources of body that start with "/" (from
// the site's root, or protocol-relative) against the page's canonical URL.
// It is for a page read without its address (an archive's saved page):
// its relative sources ("page_files/a.jpg") name files beside it, but one
// from the root cannot, and names the site's.
func rebase(body *html.Node, site *url.URL) {
	walk(body, func(n *html.Node) bool {
		if n.Type != html.ElementNode || (tagOf(n) != atom.Img && tagOf(n) != atom.Source) {
			return true
		}
		for i, a := range n.Attr {
			srcset, ok := imageAttrs[a.Key]
			if !ok {
				continue
			}
			if srcset {
				n.Attr[i].Val = rebaseSrcset(a.Val, site)
			} else {
				n.Attr[i].Val = rebaseOne(a.Val, site)
			}
		}
		return true
	})
}

func rebaseOne(s string, site *url.URL) string {
	t := strings.TrimSpace(s)
	if !strings.HasPrefix(t, "/") {
		return s
	}
	u, err := url.Parse(t)
	if err != nil {
		return s
	}
	return site.ResolveReference(u).String()
}

// rebaseSrcset rebases each candidate of a srcset: the start of each part
// between commas. A URL with a comma in it ("/w_600,c_fill/a.jpg") is cut
// there, and only its first part, which starts it, is resolved: the
// candidate is rebuilt whole.
func rebaseSrcset(s string, site *url.URL) string {
	parts := strings.Split(s, ",")
	for i, p := range parts {
		lead := len(p) - len(strings.TrimLeft(p, " \t\n\r\f"))
		rest := p[lead:]
		end := strings.IndexAny(rest, " \t\n\r\f")
		if end < 0 {
			end = len(rest)
		}
		if u := rest[:end]; strings.HasPrefix(u, "/") {
			parts[i] = p[:lead] + rebaseOne(u, site) + rest[end:]
		}
	}
	return strings.Join(parts, ",")
}

// within reports whether n is still in the tree under root.
func within(n, root *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == root {
			return true
		}
	}
	return false
}

// replace puts n in old's place.
func replace(old, n *html.Node) {
	old.Parent.InsertBefore(n, old)
	old.Parent.RemoveChild(old)
}

// squash is s without its white space: what is left of a text that
// trafilatura may have rejoined without the spaces between its elements.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// textWithout is n's text without that of its descendants of kind a.
func textWithout(n *html.Node, a atom.Atom) string {
	var sb strings.Builder
	walk(n, func(c *html.Node) bool {
		switch c.Type {
		case html.TextNode:
			sb.WriteString(c.Data)
		case html.ElementNode:
			return !invisible(c) && (c == n || c.DataAtom != a)
		}
		return true
	})
	return sb.String()
}

// tagOf is an element's name as an atom: trafilatura builds its elements
// by name alone, with no atom.
func tagOf(n *html.Node) atom.Atom {
	if n.DataAtom != 0 || n.Type != html.ElementNode {
		return n.DataAtom
	}
	return atom.Lookup([]byte(strings.ToLower(n.Data)))
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}
