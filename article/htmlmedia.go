package article

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Figures, images and embeds of an HTML body.

// figure maps a figure element by what it holds: a pull quote, an embed, a
// table, pictures, or a quotation with its source in the caption; a figure
// of text is a container.
func (w *walker) figure(n *html.Node, c ctx) {
	switch {
	case isPullQuote(n):
		w.pullQuote(n, c)
	case isEmbedCard(n):
		w.embedCard(n, c)
	case hasClass(n, "wp-block-table") || findElement(n, atom.Table) != nil && !hasImage(n):
		w.tableFigure(n, c)
	case hasImage(n):
		w.imageFigure(n, c)
	case findEmbed(n) != nil:
		w.embedCard(n, c)
	case findElement(n, atom.Blockquote) != nil:
		// HTML's way of giving a quotation its source.
		var cites []*html.Node
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			if ch.Type == html.ElementNode && ch.DataAtom == atom.Figcaption {
				cites = append(cites, ch)
			}
		}
		w.quote(n, c, cites)
	default:
		w.container(n, c)
	}
}

// isImg reports an image element (AMP's amp-img too), not an emoji.
func isImg(n *html.Node) bool {
	return n.Type == html.ElementNode && (n.DataAtom == atom.Img || n.DataAtom == 0 && n.Data == "amp-img") && !isEmoji(n)
}

func hasImage(n *html.Node) bool {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if isImg(ch) || ch.Type == html.ElementNode && dropKind(ch) == "" && hasImage(ch) {
			return true
		}
	}
	return false
}

// imageFigure maps pictures to one Figure block: an img or picture alone,
// or a figure (a gallery when it holds several) with its caption and
// credit. Pictures without a usable source are dropped as media; a
// caption left without a picture is kept as a paragraph.
func (w *walker) imageFigure(n *html.Node, c ctx) {
	w.flush()
	var images []Image
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type != html.ElementNode || dropKind(n) != "" {
			return
		}
		if isImg(n) {
			if im, ok := w.image(n); ok {
				images = append(images, im)
			} else {
				w.drop(dropMedia)
			}
			return
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	var caption []Run
	var credits []string
	if isImg(n) || n.DataAtom == atom.Picture {
		walk(n)
	} else {
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
		caption, credits = w.caption(n, c)
	}
	credit := strings.Join(credits, "; ")
	if credit == "" {
		caption, credit = splitCredit(caption)
	}
	if len(images) == 0 {
		if p := joinRuns(caption, textRuns(credit), " "); p != nil {
			w.emit(Block{Kind: Paragraph, Runs: p})
		}
		return
	}
	w.emit(Block{Kind: Figure, Figure: &FigureData{Images: images, Caption: caption, Credit: credit}})
}

func textRuns(s string) []Run {
	if s == "" {
		return nil
	}
	return []Run{{Text: s}}
}

// caption is the text of a figure other than its pictures: its own
// figcaption first, then the rest (a gallery's pictures' captions, a
// caption in a p), the parts set apart by " / ". Credits (a .credit, a
// small in the figcaption) come back apart.
func (w *walker) caption(n *html.Node, c ctx) ([]Run, []string) {
	var credits []string
	savedCredits, savedCur := w.credits, w.cur
	w.credits = &credits
	w.cur = w.newBuilder(Block{}, false)
	c.mode, c.figure = modeInline, true
	var own []*html.Node
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == html.ElementNode && ch.DataAtom == atom.Figcaption && !w.skip[ch] && dropKind(ch) == "" {
			own = append(own, ch)
		}
	}
	for _, ch := range own {
		w.children(ch, c.in(ch))
		w.cur.piece(" / ")
		w.skip[ch] = true
	}
	w.children(n, c)
	for _, ch := range own {
		delete(w.skip, ch)
	}
	runs := w.cur.finish()
	w.release(w.cur)
	w.credits, w.cur = savedCredits, savedCur
	return runs, compactStrings(credits)
}

func compactStrings(s []string) []string {
	var out []string
	for _, x := range s {
		if x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// creditPrefixes open the credit that many sites write at the end of a
// caption ("… Photo: Jane Doe/Reuters").
var creditPrefixes = []string{
	"photo credit:", "image credit:", "photograph by ", "photographs by ", "photo by ", "photos by ",
	"illustration by ", "photograph:", "photographs:", "photo:", "photos:", "picture:", "pictures:",
	"image:", "images:", "illustration:", "credit:", "foto:", "fotos:", "bild:",
}

// splitCredit splits a credit off the end of a caption: the last place
// where a credit prefix opens the caption or follows a sentence's end or a
// separator, and what follows it is short.
func splitCredit(runs []Run) ([]Run, string) {
	text := Block{Runs: runs}.Text()
	best := -1
	for i := 0; i < len(text); i++ {
		if i > 0 && !creditBoundary(text[:i]) {
			continue
		}
		for _, p := range creditPrefixes {
			if len(text)-i >= len(p) && strings.EqualFold(text[i:i+len(p)], p) {
				best = i
				break
			}
		}
	}
	if best < 0 {
		return runs, ""
	}
	credit := strings.TrimSpace(text[best:])
	before := strings.TrimRight(text[:best], " ")
	if strings.HasSuffix(before, "(") && strings.HasSuffix(credit, ")") {
		credit = strings.TrimSpace(strings.TrimSuffix(credit, ")"))
	}
	if utf8.RuneCountInString(credit) > 80 {
		return runs, ""
	}
	caption := cutRuns(runs, len(strings.TrimRight(before, " |—–-/;([")))
	return trimRuns(caption, false), credit
}

// creditBoundary reports whether a credit may start after before: at a
// sentence's end or a separator.
func creditBoundary(before string) bool {
	t := strings.TrimRight(before, " ")
	if t == before && !strings.HasSuffix(t, "(") {
		return false // a credit follows a space or a parenthesis
	}
	if t == "" {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(t)
	return strings.ContainsRune(".|—–-/;([!?", r)
}

// cutRuns is the runs of the first n bytes of their text.
func cutRuns(runs []Run, n int) []Run {
	var out []Run
	for _, r := range runs {
		if n <= 0 {
			break
		}
		if len(r.Text) > n {
			r.Text = r.Text[:n]
		}
		n -= len(r.Text)
		out = append(out, r)
	}
	return out
}

// image reads an img: its source (see imageSource), alt text and declared
// size. A tracking pixel (declared 2×2 or smaller) is no picture.
func (w *walker) image(img *html.Node) (Image, bool) {
	src := w.imageSource(img)
	if src == "" {
		return Image{}, false
	}
	width, wok := dimension(attr(img, "width"))
	height, hok := dimension(attr(img, "height"))
	if wok && hok && width <= 2 && height <= 2 {
		return Image{}, false
	}
	return Image{Src: src, Alt: collapse(attr(img, "alt")), Width: width, Height: height}, true
}

// dimension reads a width or height attribute in CSS pixels; a percentage
// or garbage is no size.
func dimension(s string) (int, bool) {
	v, ok := parseHTMLInt(s)
	if !ok || v < 0 || strings.Contains(s, "%") {
		return 0, false
	}
	return v, true
}

// printWidth is the widest picture worth fetching for print: about 17 cm at
// 300 dpi, and WordPress's largest generated size.
const printWidth = 2048

// imageSource chooses the source to print an img from. Lazy-loading
// attributes (data-srcset, data-src, data-lazy-src, data-original) name
// the real picture where src is a placeholder; srcset candidates (with a
// picture's source elements) are chosen by width: the widest up to
// printWidth, else the narrowest above it; then a lazy src, the densest
// of x-described candidates, and src. A tiny data: URI (a 1×1 GIF) is a
// placeholder, never a picture.
func (w *walker) imageSource(img *html.Node) string {
	var cands []candidate
	add := func(srcset string) {
		for _, c := range parseSrcset(srcset) {
			if u, ok := w.imageURL(c.url); ok {
				c.url = u
				cands = append(cands, c)
			}
		}
	}
	add(attr(img, "data-srcset"))
	add(attr(img, "data-lazy-srcset"))
	if p := img.Parent; p != nil && p.Type == html.ElementNode && p.DataAtom == atom.Picture {
		for s := p.FirstChild; s != nil; s = s.NextSibling {
			if s.Type == html.ElementNode && s.DataAtom == atom.Source && printableType(attr(s, "type")) {
				add(attr(s, "data-srcset"))
				add(attr(s, "srcset"))
			}
		}
	}
	add(attr(img, "srcset"))
	if u := pickCandidate(cands, true); u != "" {
		return u
	}
	for _, k := range []string{"data-src", "data-lazy-src", "data-original", "data-lazy", "data-orig-file"} {
		if u, ok := w.imageURL(attr(img, k)); ok {
			return u
		}
	}
	if u := pickCandidate(cands, false); u != "" {
		return u
	}
	if u, ok := w.imageURL(attr(img, "src")); ok {
		return u
	}
	return ""
}

// printableType reports a source type a renderer can decode: not AVIF or
// JPEG XL, which a picture element offers beside a JPEG.
func printableType(t string) bool {
	t = strings.ToLower(strings.TrimSpace(t))
	return t == "" || t == "image/jpeg" || t == "image/png" || t == "image/gif" || t == "image/webp"
}

type candidate struct {
	url     string
	width   int     // the w descriptor; 0 for none
	density float64 // the x descriptor; 0 for none
}

// parseSrcset reads a srcset attribute as HTML does: a URL, then
// descriptors up to a comma outside parentheses; a URL ending in a comma
// has none. Candidates with invalid descriptors are left out.
func parseSrcset(s string) []candidate {
	var out []candidate
	for {
		s = strings.TrimLeft(s, htmlSpace+",")
		if s == "" {
			return out
		}
		end := strings.IndexAny(s, htmlSpace)
		if end < 0 {
			end = len(s)
		}
		c := candidate{url: s[:end]}
		s = s[end:]
		var desc string
		if strings.HasSuffix(c.url, ",") {
			c.url = strings.TrimRight(c.url, ",")
		} else {
			desc, s = cutDescriptors(s)
		}
		ok := c.url != ""
		for _, d := range strings.FieldsFunc(desc, isHTMLSpace) {
			v := d[:len(d)-1]
			switch d[len(d)-1] {
			case 'w':
				n, err := strconv.Atoi(v)
				ok = ok && err == nil && n > 0 && c.width == 0 && c.density == 0
				c.width = n
			case 'x':
				f, err := strconv.ParseFloat(v, 64)
				ok = ok && err == nil && f > 0 && f < 1e6 && c.width == 0 && c.density == 0
				c.density = f
			case 'h':
			default:
				ok = false
			}
		}
		if ok {
			out = append(out, c)
		}
	}
}

// cutDescriptors splits a candidate's descriptors off s: up to the first
// comma outside parentheses.
func cutDescriptors(s string) (desc, rest string) {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			if depth > 0 {
				depth--
			}
		case ',':
			if depth == 0 {
				return s[:i], s[i:]
			}
		}
	}
	return s, ""
}

// pickCandidate chooses among the candidates with a width descriptor
// (widths) or those without (by density).
func pickCandidate(cands []candidate, widths bool) string {
	best := -1
	for i, c := range cands {
		if (c.width > 0) != widths {
			continue
		}
		if best < 0 {
			best = i
			continue
		}
		b := cands[best]
		if widths {
			// Up to printWidth, wider is better; above it, narrower.
			better := c.width <= printWidth && (b.width > printWidth || c.width > b.width) ||
				c.width > printWidth && b.width > printWidth && c.width < b.width
			if better {
				best = i
			}
		} else if density(c) > density(b) {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	return cands[best].url
}

func density(c candidate) float64 {
	if c.density == 0 {
		return 1
	}
	return c.density
}

// minDataImage is the shortest data: URI taken for a picture: a 1×1 GIF or
// PNG, a lazy loader's placeholder, takes about 60 to 120 characters.
const minDataImage = 200

// imageURL checks and resolves an image source: an http(s) URL, resolved
// against the base (a protocol-relative one taken as https), a data:image
// URI, or without a base a path beside the article (not from the root, not
// climbing out with "..").
func (w *walker) imageURL(raw string) (string, bool) {
	s := strings.Trim(raw, htmlSpace)
	if s == "" {
		return "", false
	}
	if len(s) >= 5 && strings.EqualFold(s[:5], "data:") {
		// Base64 may be wrapped; a browser ignores the white space.
		s = strings.Map(func(r rune) rune {
			if isHTMLSpace(r) {
				return -1
			}
			return r
		}, clean(s, false))
		if len(s) < minDataImage || !strings.HasPrefix(strings.ToLower(s[5:11]), "image/") {
			return "", false
		}
		return s, true
	}
	if checkText("", s) != nil {
		return "", false
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", false
	}
	switch {
	case w.base != nil:
		u = w.base.ResolveReference(u)
	case u.Scheme == "" && u.Host != "":
		u.Scheme = "https"
	case u.Scheme == "":
		if u.Path == "" || strings.HasPrefix(u.Path, "/") || strings.Contains(u.Path, "\\") {
			return "", false
		}
		for seg := range strings.SplitSeq(u.Path, "/") {
			if seg == ".." {
				return "", false
			}
		}
		return s, true
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	out := u.String()
	if checkText("", out) != nil {
		return "", false
	}
	return out, true
}

// Embeds.

// embedQuoteClasses are the blockquotes that social networks' embed
// scripts turn into players or posts; without the script they are a quote
// and a link.
var embedQuoteClasses = []string{"twitter-tweet", "twitter-video", "instagram-media", "tiktok-embed", "bluesky-embed", "reddit-embed-bq", "text-post-media", "imgur-embed-pub"}

func isEmbedQuote(n *html.Node) bool {
	if n.DataAtom != atom.Blockquote {
		return false
	}
	for _, c := range embedQuoteClasses {
		if hasClass(n, c) {
			return true
		}
	}
	return false
}

// isEmbedCard: WordPress's embed, video and audio blocks, and Ghost's
// embed, bookmark, video and audio cards.
func isEmbedCard(n *html.Node) bool {
	for _, c := range []string{"wp-block-embed", "wp-block-video", "wp-block-audio", "kg-embed-card", "kg-bookmark-card", "kg-video-card", "kg-audio-card"} {
		if hasClass(n, c) {
			return true
		}
	}
	return isEmbedQuote(n)
}

// isGallery: the containers that hold pictures as a figure does: classic
// WordPress captions and galleries, and Gutenberg and Ghost galleries when
// they are not figures.
func isGallery(n *html.Node) bool {
	for _, c := range []string{"gallery", "wp-caption", "wp-block-gallery", "kg-gallery-card", "kg-image-card"} {
		if hasClass(n, c) {
			return hasImage(n)
		}
	}
	return false
}

// findEmbed is n's first descendant that embeds something: an iframe,
// player or embed blockquote.
func findEmbed(n *html.Node) *html.Node {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type != html.ElementNode || dropKind(ch) != "" && !isEmbedElement(ch) {
			continue
		}
		if isEmbedElement(ch) || isEmbedQuote(ch) {
			return ch
		}
		if f := findEmbed(ch); f != nil {
			return f
		}
	}
	return nil
}

func isEmbedElement(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Iframe, atom.Video, atom.Audio, atom.Embed:
		return true
	}
	return false
}

// media maps an iframe, player or object met in the flow.
func (w *walker) media(n *html.Node, c ctx) {
	if n.DataAtom == atom.Object || n.DataAtom == atom.Canvas {
		if hasText(n) {
			w.container(n, c) // the fallback content
		} else {
			w.drop(dropMedia)
		}
		return
	}
	w.flush()
	if e, ok := w.embedOf(n); ok {
		w.emit(Block{Kind: Embed, Embed: &e})
	} else {
		w.drop(dropMedia)
	}
}

// embedCard maps an embed card (or figure, or embed blockquote) to one
// Embed block: the URL of what it embeds, its provider, and as title its
// caption or the player's title. The card's parts (the script, the
// player's buttons) are the embed. A card with no usable URL is dropped as
// media, its caption kept as a paragraph.
func (w *walker) embedCard(n *html.Node, c ctx) {
	w.flush()
	var caption []Run
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == html.ElementNode && ch.DataAtom == atom.Figcaption {
			caption = joinRuns(caption, w.inline(ch, c), " ")
		}
	}
	e, ok := w.cardEmbed(n)
	if !ok {
		w.drop(dropMedia)
		if caption != nil {
			w.emit(Block{Kind: Paragraph, Runs: caption})
		}
		return
	}
	if t := (Block{Runs: caption}).Text(); t != "" {
		e.Title = t
	}
	w.emit(Block{Kind: Embed, Embed: &e})
}

// cardEmbed finds what a card embeds.
func (w *walker) cardEmbed(n *html.Node) (EmbedData, bool) {
	var e EmbedData
	ok := false
	switch q := n; {
	case isEmbedQuote(q) || findEmbedQuote(n) != nil:
		if !isEmbedQuote(q) {
			q = findEmbedQuote(n)
		}
		e, ok = w.quoteEmbed(q)
	case hasClass(n, "kg-bookmark-card"):
		if a := findClass(n, "kg-bookmark-container"); a != nil {
			if u, good := w.embedURL(attr(a, "href")); good {
				e.URL, e.Provider = normalizeEmbed(u)
				ok = true
			}
		}
		if t := findClass(n, "kg-bookmark-title"); t != nil {
			e.Title = collapse(textContent(t))
		}
		// Ghost writes the site's name as the "author" and the
		// article's author as the "publisher".
		if p := findClass(n, "kg-bookmark-author"); p != nil {
			if s := collapse(textContent(p)); s != "" {
				e.Provider = s
			}
		}
	default:
		if m := findEmbed(n); m != nil {
			e, ok = w.embedOf(m)
		}
		if t := findClass(n, "kg-audio-title"); t != nil && ok {
			e.Title = collapse(textContent(t))
		}
	}
	if !ok {
		// WordPress's saved markup: the URL as the wrapper's text, which
		// the site turns into a player.
		if wrap := findClass(n, "wp-block-embed__wrapper"); wrap != nil {
			for f := range strings.FieldsFuncSeq(textContent(wrap), isHTMLSpace) {
				if u, good := w.embedURL(f); good {
					e.URL, e.Provider = normalizeEmbed(u)
					ok = true
					break
				}
			}
		}
	}
	if !ok {
		return EmbedData{}, false
	}
	if p := wpProvider(n); p != "" {
		e.Provider = p
	}
	return e, true
}

func findEmbedQuote(n *html.Node) *html.Node {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type != html.ElementNode {
			continue
		}
		if isEmbedQuote(ch) {
			return ch
		}
		if f := findEmbedQuote(ch); f != nil {
			return f
		}
	}
	return nil
}

// findClass is n's first descendant element of the class.
func findClass(n *html.Node, class string) *html.Node {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type != html.ElementNode {
			continue
		}
		if hasClass(ch, class) {
			return ch
		}
		if f := findClass(ch, class); f != nil {
			return f
		}
	}
	return nil
}

// quoteEmbed reads an embed blockquote: the post's URL from its cite (or
// Instagram's permalink) attribute, or its last link, which is the post's
// date linked to it; a tweet's text is its title.
func (w *walker) quoteEmbed(q *html.Node) (EmbedData, bool) {
	var e EmbedData
	cands := []string{attr(q, "cite"), attr(q, "data-instgrm-permalink")}
	var last string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			if ch.Type != html.ElementNode {
				continue
			}
			if ch.DataAtom == atom.A && attr(ch, "href") != "" {
				last = attr(ch, "href")
			}
			walk(ch)
		}
	}
	walk(q)
	cands = append(cands, last)
	for _, s := range cands {
		if u, ok := w.embedURL(s); ok {
			e.URL, e.Provider = normalizeEmbed(u)
			break
		}
	}
	if e.URL == "" {
		return e, false
	}
	if hasClass(q, "twitter-tweet") || hasClass(q, "bluesky-embed") || hasClass(q, "text-post-media") {
		if p := findElement(q, atom.P); p != nil {
			e.Title = collapse(textContent(p))
		}
	}
	return e, true
}

// embedOf reads an iframe, video, audio or embed element: its source (a
// lazy loader's data-src where src is blank; a player's first source
// child) and its title.
func (w *walker) embedOf(n *html.Node) (EmbedData, bool) {
	srcs := []string{attr(n, "src"), attr(n, "data-src"), attr(n, "data-lazy-src")}
	if n.DataAtom == atom.Video || n.DataAtom == atom.Audio {
		for s := n.FirstChild; s != nil; s = s.NextSibling {
			if s.Type == html.ElementNode && s.DataAtom == atom.Source {
				srcs = append(srcs, attr(s, "src"))
			}
		}
	}
	for _, s := range srcs {
		u, ok := w.embedURL(s)
		if !ok {
			continue
		}
		e := EmbedData{}
		e.URL, e.Provider = normalizeEmbed(u)
		if t := collapse(attr(n, "title")); !genericTitle(t) {
			e.Title = t
		}
		return e, true
	}
	return EmbedData{}, false
}

// genericTitle reports the titles that embed codes give every player,
// which say nothing about what it plays.
func genericTitle(t string) bool {
	l := strings.ToLower(t)
	return l == "" || strings.Contains(l, "video player") || strings.Contains(l, "audio player") ||
		l == "twitter tweet" || l == "x post" || l == "embedded content" || l == "iframe" || l == "embed"
}

// embedURL checks and resolves an embed's URL, which must be absolute
// http(s) to be printed (about:blank, javascript: and, without a base,
// relative ones are not).
func (w *walker) embedURL(raw string) (*url.URL, bool) {
	s := strings.Trim(raw, htmlSpace)
	if s == "" {
		return nil, false
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, false
	}
	switch {
	case w.base != nil:
		u = w.base.ResolveReference(u)
	case u.Scheme == "" && u.Host != "":
		u.Scheme = "https"
	}
	if checkURL(u.String()) != nil || checkText("", u.String()) != nil {
		return nil, false
	}
	return u, true
}

// normalizeEmbed turns a player's URL into the page a reader can open
// (YouTube's embed/ID into watch?v=ID, Vimeo's player into the video's
// page, a tweet's embed into the tweet) and names its provider.
func normalizeEmbed(u *url.URL) (string, string) {
	host := strings.ToLower(u.Hostname())
	host = strings.TrimPrefix(host, "www.")
	q := u.Query()
	switch host {
	case "youtube.com", "m.youtube.com", "youtube-nocookie.com", "music.youtube.com":
		for _, prefix := range []string{"/embed/", "/v/", "/shorts/", "/live/"} {
			id, ok := strings.CutPrefix(u.Path, prefix)
			id = strings.Trim(id, "/")
			if !ok || id == "" || strings.Contains(id, "/") {
				continue
			}
			if id == "videoseries" {
				if list := q.Get("list"); list != "" {
					return "https://www.youtube.com/playlist?" + url.Values{"list": {list}}.Encode(), "YouTube"
				}
				break
			}
			watch := "https://www.youtube.com/watch?v=" + url.QueryEscape(id)
			if t, ok := parseHTMLInt(q.Get("start")); ok && t > 0 {
				watch += "&t=" + strconv.Itoa(t) + "s"
			}
			return watch, "YouTube"
		}
		return u.String(), "YouTube"
	case "youtu.be":
		return u.String(), "YouTube"
	case "player.vimeo.com":
		if id, ok := strings.CutPrefix(u.Path, "/video/"); ok && isDigits(id) {
			page := "https://vimeo.com/" + id
			if h := q.Get("h"); h != "" {
				page += "/" + url.PathEscape(h) // an unlisted video's page needs its hash
			}
			return page, "Vimeo"
		}
		return u.String(), "Vimeo"
	case "platform.twitter.com":
		if id := q.Get("id"); id != "" && isDigits(id) {
			return "https://twitter.com/i/web/status/" + id, "X"
		}
		return u.String(), "X"
	case "twitter.com", "mobile.twitter.com", "x.com":
		if strings.Contains(u.Path, "/status/") {
			v := *u
			v.RawQuery, v.Fragment = "", "" // ?ref_src=twsrc…: the embed code's tracking
			return v.String(), "X"
		}
		return u.String(), "X"
	case "instagram.com":
		parts := strings.Split(strings.Trim(u.Path, "/"), "/")
		if len(parts) >= 2 && (parts[0] == "p" || parts[0] == "reel" || parts[0] == "tv") {
			return "https://www.instagram.com/" + parts[0] + "/" + url.PathEscape(parts[1]) + "/", "Instagram"
		}
		return u.String(), "Instagram"
	case "facebook.com", "m.facebook.com", "web.facebook.com":
		if strings.HasPrefix(u.Path, "/plugins/") {
			if h, err := url.Parse(q.Get("href")); err == nil && checkURL(h.String()) == nil {
				return h.String(), "Facebook"
			}
		}
		return u.String(), "Facebook"
	case "dailymotion.com", "geo.dailymotion.com":
		if id, ok := strings.CutPrefix(u.Path, "/embed/video/"); ok && id != "" {
			return "https://www.dailymotion.com/video/" + url.PathEscape(id), "Dailymotion"
		}
		if id := q.Get("video"); id != "" {
			return "https://www.dailymotion.com/video/" + url.PathEscape(id), "Dailymotion"
		}
		return u.String(), "Dailymotion"
	}
	if host == "google.com" && strings.HasPrefix(u.Path, "/maps") {
		return u.String(), "Google Maps"
	}
	for _, p := range providerHosts {
		if host == p.host || strings.HasSuffix(host, "."+p.host) {
			return u.String(), p.name
		}
	}
	return u.String(), ""
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// providerHosts name the providers of embeds by their domains.
var providerHosts = []struct{ host, name string }{
	{"youtube.com", "YouTube"}, {"vimeo.com", "Vimeo"}, {"twitter.com", "X"}, {"x.com", "X"},
	{"instagram.com", "Instagram"}, {"tiktok.com", "TikTok"}, {"facebook.com", "Facebook"}, {"fb.watch", "Facebook"},
	{"spotify.com", "Spotify"}, {"soundcloud.com", "SoundCloud"}, {"reddit.com", "Reddit"}, {"redditmedia.com", "Reddit"},
	{"ted.com", "TED"}, {"flickr.com", "Flickr"}, {"tumblr.com", "Tumblr"}, {"imgur.com", "Imgur"},
	{"giphy.com", "Giphy"}, {"twitch.tv", "Twitch"}, {"linkedin.com", "LinkedIn"}, {"threads.net", "Threads"},
	{"threads.com", "Threads"}, {"bsky.app", "Bluesky"}, {"datawrapper.de", "Datawrapper"}, {"dwcdn.net", "Datawrapper"},
	{"flo.uri.sh", "Flourish"}, {"flourish.studio", "Flourish"}, {"podcasts.apple.com", "Apple Podcasts"},
	{"music.apple.com", "Apple Music"}, {"pinterest.com", "Pinterest"}, {"scribd.com", "Scribd"},
	{"mixcloud.com", "Mixcloud"}, {"bandcamp.com", "Bandcamp"}, {"slideshare.net", "SlideShare"},
	{"issuu.com", "Issuu"}, {"loom.com", "Loom"}, {"wistia.net", "Wistia"}, {"wistia.com", "Wistia"},
	{"brightcove.net", "Brightcove"}, {"jwplayer.com", "JW Player"}, {"codepen.io", "CodePen"},
	{"gist.github.com", "GitHub"}, {"documentcloud.org", "DocumentCloud"}, {"infogram.com", "Infogram"},
	{"knightlab.com", "Knight Lab"}, {"dailymotion.com", "Dailymotion"}, {"videopress.com", "VideoPress"},
	{"wordpress.tv", "WordPress.tv"}, {"kickstarter.com", "Kickstarter"}, {"pca.st", "Pocket Casts"},
}

// wpProviders name the providers of WordPress's embed blocks by the slug
// of their is-provider-… and wp-block-embed-… classes.
var wpProviders = map[string]string{
	"youtube": "YouTube", "vimeo": "Vimeo", "twitter": "X", "x": "X", "instagram": "Instagram",
	"facebook": "Facebook", "tiktok": "TikTok", "spotify": "Spotify", "soundcloud": "SoundCloud",
	"reddit": "Reddit", "flickr": "Flickr", "dailymotion": "Dailymotion", "ted": "TED", "tumblr": "Tumblr",
	"imgur": "Imgur", "wordpress": "WordPress", "wordpress-tv": "WordPress.tv", "videopress": "VideoPress",
	"pinterest": "Pinterest", "mixcloud": "Mixcloud", "scribd": "Scribd", "slideshare": "SlideShare",
	"issuu": "Issuu", "kickstarter": "Kickstarter", "pocket-casts": "Pocket Casts", "bluesky": "Bluesky",
	"amazon-kindle": "Amazon Kindle", "animoto": "Animoto", "cloudup": "Cloudup", "crowdsignal": "Crowdsignal",
	"screencast": "Screencast", "smugmug": "SmugMug", "speaker-deck": "Speaker Deck",
	"reverbnation": "ReverbNation", "wolfram-cloud": "Wolfram Cloud", "loom": "Loom", "threads": "Threads",
	"polldaddy": "Crowdsignal", "collegehumor": "CollegeHumor", "meetup-com": "Meetup", "mastodon": "Mastodon",
}

// wpProvider is the provider a WordPress embed block's class names.
func wpProvider(n *html.Node) string {
	for f := range strings.FieldsFuncSeq(attr(n, "class"), isHTMLSpace) {
		slug, ok := strings.CutPrefix(f, "is-provider-")
		if !ok {
			slug, ok = strings.CutPrefix(f, "wp-block-embed-")
		}
		if !ok || slug == "" || slug == "_wrapper" {
			continue
		}
		if name, ok := wpProviders[slug]; ok {
			return name
		}
		// An unknown provider: its slug in words, capitalised.
		words := strings.FieldsFunc(slug, func(r rune) bool { return r == '-' || r == '_' })
		for i, wd := range words {
			r, size := utf8.DecodeRuneInString(wd)
			words[i] = strings.ToUpper(string(r)) + wd[size:]
		}
		if s := collapse(strings.Join(words, " ")); s != "" {
			return s
		}
	}
	return ""
}

// tableFigure maps a figure holding a table (WordPress's table block):
// the figcaption is the table's caption.
func (w *walker) tableFigure(n *html.Node, c ctx) {
	tbl := findElement(n, atom.Table)
	var caption []Run
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == html.ElementNode && ch.DataAtom == atom.Figcaption {
			caption = joinRuns(caption, w.inline(ch, c), " / ")
		}
	}
	if tbl == nil {
		if caption != nil {
			w.flush()
			w.emit(Block{Kind: Paragraph, Runs: caption})
		}
		return
	}
	w.table(tbl, c, caption)
}
