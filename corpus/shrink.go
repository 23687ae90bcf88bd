package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf16"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"pdfexport/article"
)

// shrinker minimises an article that fails, keeping the failure: the same
// crash signature, error cause or timeout, or the loss of the same
// character for no documented reason. It is what turns a corpus page into a
// reproducer of a few words (go run . -shrink page.json -scale S -paper P).
type shrinker struct {
	rd    *renderer
	v     variant
	dir   string
	want  string // the failure to keep, as failure() names it
	tries int

	wordLevel map[string]any // the article after the word-level pass
}

func clone(a map[string]any) map[string]any {
	js, _ := json.Marshal(a)
	var b map[string]any
	json.Unmarshal(js, &b)
	return b
}

// failure renders the article (as JSON) and names what went wrong: "" when
// the render succeeded and lost nothing unexplained.
func (s *shrinker) failure(ctx context.Context, js []byte) string {
	s.tries++
	in, out := filepath.Join(s.dir, "a.json"), filepath.Join(s.dir, "a.pdf")
	a, err := article.ParseJSON(js)
	if err != nil {
		return "" // a candidate the parser refuses is no reproducer
	}
	if err := os.WriteFile(in, js, 0o644); err != nil {
		return ""
	}
	os.Remove(out)
	rec := s.rd.render(ctx, in, out, s.v)
	switch rec.Outcome {
	case outcomeCrash, outcomeError, outcomeTimeout:
		return rec.Outcome + ": " + rec.Cause
	}
	text, err := pdfText(ctx, out)
	if err != nil {
		return "unreadable: " + err.Error()
	}
	l := newLedger(a).compare(text)
	if len(l.Other) == 0 {
		return ""
	}
	// Several characters may be lost; the one to keep is the wanted one if
	// it is among them.
	for _, o := range l.Other {
		if f := "lost " + o.Char; f == s.want {
			return f
		}
	}
	return "lost " + l.Other[0].Char
}

func (s *shrinker) holds(ctx context.Context, a map[string]any) bool {
	js, err := json.Marshal(a)
	return err == nil && s.failure(ctx, js) == s.want
}

// shrink returns the smallest article it finds that fails as the given one
// does.
func (s *shrinker) shrink(ctx context.Context, js []byte) (map[string]any, error) {
	var a map[string]any
	if err := json.Unmarshal(js, &a); err != nil {
		return nil, err
	}
	if s.want = s.failure(ctx, js); s.want == "" {
		return nil, errors.New("the article renders without a failure to keep")
	}
	with := func(key string, v any) map[string]any {
		b := make(map[string]any, len(a))
		for k, x := range a {
			b[k] = x
		}
		if v == nil {
			delete(b, key)
		} else {
			b[key] = v
		}
		return b
	}
	for _, k := range []string{"standfirst", "byline", "published", "url", "lang", "rights", "lead_image"} {
		if b := with(k, nil); a[k] != nil && s.holds(ctx, b) {
			a = b
		}
	}
	if h, ok := a["html"].(string); ok {
		// An HTML body: fewer elements, from the top down, and fewer
		// words; then, if the failure does not need the HTML, its text as
		// paragraphs, cut down as a body is below.
		h = s.shrinkHTML(ctx, h, func(h string) bool { return s.holds(ctx, with("html", h)) })
		a = with("html", h)
		if paras := htmlParagraphs(h); len(paras) > 0 {
			b := with("html", nil)
			b["body"] = paras
			if s.holds(ctx, b) {
				a = b
			}
		}
		if a["html"] != nil {
			s.wordLevel = a
			return a, nil
		}
	}
	body, _ := a["body"].([]any)
	body = ddmin(body, func(c []any) bool { return s.holds(ctx, with("body", c)) })
	a = with("body", body)
	// Blocks to plain paragraphs, then fewer words, then fewer characters.
	for i := range body {
		c := slices.Clone(body)
		c[i] = plainText(body[i])
		if s.holds(ctx, with("body", c)) {
			body = c
			a = with("body", body)
		}
	}
	for level, split := range []func(string) []string{words, chars} {
		if level == 1 {
			// The smallest article of whole words is often the better
			// reproducer: real text, where the characters' level can end
			// in a token no page would hold.
			s.wordLevel = clone(a)
		}
		for i := range body {
			p, ok := body[i].(string)
			if !ok {
				continue
			}
			parts := ddmin(split(p), func(parts []string) bool {
				c := slices.Clone(body)
				c[i] = strings.Join(parts, "")
				return s.holds(ctx, with("body", c))
			})
			body[i] = strings.Join(parts, "")
			a = with("body", body)
		}
		if t, _ := a["title"].(string); t != "T" {
			if s.holds(ctx, with("title", "T")) {
				a = with("title", "T")
			} else {
				parts := ddmin(split(t), func(parts []string) bool { return s.holds(ctx, with("title", strings.Join(parts, ""))) })
				a = with("title", strings.Join(parts, ""))
			}
		}
	}
	return a, nil
}

// shrinkHTML cuts an HTML fragment down while fails holds: the children
// of each element, from the top down, then the words of each text.
func (s *shrinker) shrinkHTML(ctx context.Context, fragment string, fails func(string) bool) string {
	root := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	for _, n := range parseFragment(fragment) {
		root.AppendChild(n)
	}
	render := func() string { return renderNodes(children(root)) }
	setChildren := func(n *html.Node, kids []*html.Node) {
		for c := n.FirstChild; c != nil; c = n.FirstChild {
			n.RemoveChild(c)
		}
		for _, k := range kids {
			if k.Parent != nil {
				k.Parent.RemoveChild(k)
			}
			n.AppendChild(k)
		}
	}
	var shrink func(n *html.Node)
	shrink = func(n *html.Node) {
		if ctx.Err() != nil {
			return
		}
		kids := ddmin(children(n), func(c []*html.Node) bool {
			saved := children(n)
			setChildren(n, c)
			ok := fails(render())
			setChildren(n, saved)
			return ok
		})
		setChildren(n, kids)
		for _, k := range kids {
			switch k.Type {
			case html.ElementNode:
				shrink(k)
			case html.TextNode:
				parts := ddmin(words(k.Data), func(w []string) bool {
					saved := k.Data
					k.Data = strings.Join(w, "")
					ok := fails(render())
					k.Data = saved
					return ok
				})
				k.Data = strings.Join(parts, "")
			}
		}
	}
	shrink(root)
	return render()
}

func children(n *html.Node) []*html.Node {
	var out []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		out = append(out, c)
	}
	return out
}

// parseFragment parses HTML as the content of a body element, as
// pdfexport does.
func parseFragment(s string) []*html.Node {
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return nil
	}
	return nodes
}

func renderNodes(nodes []*html.Node) string {
	var sb strings.Builder
	for _, n := range nodes {
		html.Render(&sb, cloneNode(n))
	}
	return sb.String()
}

// cloneNode copies n and its descendants, detached.
func cloneNode(n *html.Node) *html.Node {
	m := &html.Node{Type: n.Type, Data: n.Data, DataAtom: n.DataAtom, Namespace: n.Namespace, Attr: slices.Clone(n.Attr)}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		m.AppendChild(cloneNode(c))
	}
	return m
}

// htmlParagraphs is the text of each top-level node of an HTML fragment,
// as plain paragraphs.
func htmlParagraphs(fragment string) []any {
	var out []any
	for _, n := range parseFragment(fragment) {
		if t := strings.Join(strings.Fields(textOf(n)), " "); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// words splits s into words with the space after each, so that joining
// them gives s back.
func words(s string) []string { return strings.SplitAfter(s, " ") }

func chars(s string) []string { return strings.Split(s, "") }

// plainText is a body item's text without styles or structure.
func plainText(item any) any {
	m, ok := item.(map[string]any)
	if !ok {
		return item
	}
	if t, ok := m["text"].(string); ok {
		return t
	}
	var parts []string
	runs, _ := m["runs"].([]any)
	for _, r := range runs {
		if rm, ok := r.(map[string]any); ok {
			t, _ := rm["text"].(string)
			parts = append(parts, t)
		}
	}
	if items, ok := m["items"].([]any); ok {
		var its []string
		for _, it := range items {
			t, _ := plainText(it).(string)
			its = append(its, t)
		}
		return strings.Join(its, " ")
	}
	return strings.Join(parts, "")
}

// ddmin is Zeller's delta debugging: it removes ever smaller chunks of
// items while fails still holds, and returns a list from which no single
// chunk at the finest granularity can be removed.
func ddmin[T any](items []T, fails func([]T) bool) []T {
	n := 2
	for len(items) >= 2 {
		chunk := max(1, len(items)/n)
		reduced := false
		for start := 0; start < len(items); start += chunk {
			c := slices.Concat(items[:start], items[min(start+chunk, len(items)):])
			if len(c) > 0 && fails(c) {
				items, n, reduced = c, max(n-1, 2), true
				break
			}
		}
		if !reduced {
			if n >= len(items) {
				break
			}
			n = min(len(items), 2*n)
		}
	}
	return items
}

// localPictures matches the image server's URLs in a kept article, which
// name the port of the run that kept it.
var localPictures = regexp.MustCompile(`http://127\.0\.0\.1:[0-9]+/img/`)

// runShrink is the -shrink mode: minimise one article and print it. Its
// pictures are fetched from this run's image server.
func runShrink(ctx context.Context, cfg *config, pics *imageServer, path string, stdout, stderr io.Writer) (int, error) {
	js, err := os.ReadFile(path)
	if err != nil {
		return 2, err
	}
	js = localPictures.ReplaceAll(js, []byte("http://"+pics.Addr+"/img/"))
	if len(cfg.variants) != 1 {
		return 2, errors.New("-shrink takes one -scales and one -papers value")
	}
	dir, err := os.MkdirTemp("", "pdfexport-shrink-")
	if err != nil {
		return 2, err
	}
	defer os.RemoveAll(dir)
	svc, err := prepareService(ctx, cfg, dir)
	if err != nil {
		return 2, err
	}
	s := &shrinker{rd: newRenderer(svc, cfg.timeout, pics.Addr), v: cfg.variants[0], dir: dir}
	a, err := s.shrink(ctx, js)
	if err != nil {
		return 1, err
	}
	fmt.Fprintf(stderr, "corpus: %s, kept through %d renders (%s)\n", s.want, s.tries, s.v)
	fmt.Fprintf(stderr, "corpus: smallest in whole words: %s", encodeArticle(s.wordLevel))
	fmt.Fprint(stdout, encodeArticle(a))
	return 0, nil
}

func encodeArticle(a map[string]any) string {
	var out strings.Builder
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(a); err != nil {
		return err.Error() + "\n"
	}
	return escapeInvisible(out.String())
}

// escapeInvisible writes characters a reader cannot see (format, control,
// private-use and separator characters, soft hyphens) as JSON escapes, so
// that a reproducer pasted into a report or an issue keeps them.
func escapeInvisible(js string) string {
	var b strings.Builder
	for _, r := range js {
		if r > 0x7F && (unicode.In(r, unicode.Cf, unicode.Cc, unicode.Co, unicode.Zl, unicode.Zp) || r == 0xA0) {
			if r > 0xFFFF {
				r1, r2 := utf16.EncodeRune(r)
				fmt.Fprintf(&b, "\\u%04x\\u%04x", r1, r2)
				continue
			}
			fmt.Fprintf(&b, "\\u%04x", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
