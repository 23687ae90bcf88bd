package article

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Arc XP's ANS (Arc Native Specification, github.com/washingtonpost/ans-schema)
// is read by hand rather than decoded into structs: an ANS story carries
// dozens of fields this package does not use, elements nest (lists in
// lists, images in galleries, texts in quotes), and a story must be refused
// as soon as it passes a limit, not after it has been decoded whole. So the
// document is checked once (json.Valid), then walked where it lies: each
// object's members are read in one pass, only the members the element's
// type uses are decoded, and nested elements are walked one by one as
// they are mapped. No reflection, no copy of the document, and each error
// can say where it is ("content_elements item 4 ("list"), items item 2").

// MaxANSDepth bounds how deeply ANS elements may nest (a list in a list in
// a quote…). Each level reads its elements once more to find their ends,
// so the bound keeps the work proportional to the document's size; real
// stories nest three or four deep.
const MaxANSDepth = 16

// ParseANS parses an Arc XP ANS story document (the JSON that Arc's
// Content API and Draft API serve) into an article.
//
// The story's fields: headlines.basic is the title (required);
// subheadlines.basic, or else description.basic, the standfirst; the
// names in credits.by (an author's additional_properties.original.byline
// when set, as Arc's byline block prefers, else its name) the byline,
// "By A, B and C"; display_date, or else first_publish_date or
// publish_date, the date (RFC 3339, as ANS writes it); canonical_url, or
// else website_url, the URL when it is an absolute http(s) URL (ANS
// writes them relative to a website it names by ID, and those are left
// out); language the language (detected from the text when absent or not
// a language tag); copyright the rights line; and promo_items.basic (an
// image, a gallery or a video's promo_image) the lead image.
//
// content_elements map by type: text (inline HTML, see ParseHTMLBody) to
// paragraphs; header to headings (levels 1 and 2 as 2, 4 to 6 as 4);
// image to a figure (url, alt_text, width, height; subtitle and caption
// the caption; credits the credit); gallery to one figure of its images
// (headlines.basic and description.basic the caption, else the images'
// captions); list to list items (list_type "ordered" numbered, nested
// lists one level deeper); quote to quotations (subtype "pullquote" one
// pull quote, anything else quote blocks; citation.content the source);
// the older blockquote to a quotation; table to a table (header one
// header row, rows the rows); correction to a note labelled by its
// correction_type ("Correction" when absent); oembed_response and video
// to embeds (a link, its provider and title); divider to a divider; code
// to preformatted text; raw_html through ParseHTMLBody. What is left out
// is counted in Article.Dropped: interstitial_link and link_list as
// "related", custom_embed and types this parser does not know as
// "other", images, galleries, embeds and videos without a usable URL as
// "media", and what the HTML of texts and raw_html leaves out as
// ParseHTMLBody counts it. Nothing a story may hold is an error.
//
// Members this parser does not read are ignored, as a schema with
// additional properties allows; a member it reads must have the type the
// schema gives it. Errors wrap ErrEmpty (nothing at all) or ErrInvalid:
// malformed JSON or data after the object, a document that is not an
// object or whose type is not "story", no headline, a member of the
// wrong type, elements nested deeper than MaxANSDepth, a date that is not
// RFC 3339, or a story past MaxParagraphs blocks, MaxImages images or
// MaxCells table cells (refused when the count passes the limit, without
// reading the rest). Control characters in the text are dropped, as the
// HTML parser drops them.
func ParseANS(data []byte) (*Article, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%w: the ANS document is empty", ErrEmpty)
	}
	if err := checkJSONEncoding(data); err != nil { // before trimming, so that its byte offset is the body's
		return nil, err
	}
	// JSON's white space only, as Parse trims it: a form feed is no
	// part of JSON, and IsANS must agree with Parse on where JSON starts.
	data = bytes.Trim(data, jsonSpace)
	if !json.Valid(data) {
		return nil, ansSyntaxError(data)
	}
	if data[0] != '{' {
		return nil, fmt.Errorf("%w: an ANS story is a JSON object, not %s", ErrInvalid, ansKind(data))
	}
	var s ansStory
	if err := eachMember(data, s.member); err != nil {
		return nil, err
	}
	p := &ansParser{}
	return p.story(&s)
}

// IsANS reports whether data is an ANS document, as Parse decides: a JSON
// object whose members include content_elements, or a type of "story".
// Neither is a member of the JSON article (ParseJSON refuses both), so no
// JSON article is taken for ANS, and an ANS story without body or without
// type is still recognised. Only the object's own members are looked at.
func IsANS(data []byte) bool {
	data = bytes.Trim(bytes.TrimPrefix(data, []byte("\uFEFF")), jsonSpace)
	if len(data) == 0 || data[0] != '{' || !json.Valid(data) {
		return false
	}
	err := eachMember(data, func(key, value []byte) error {
		switch string(key) {
		case "content_elements":
			return errFound
		case "type":
			if value[0] == '"' {
				if t, err := jsonString(value); err == nil && t == "story" {
					return errFound
				}
			}
		}
		return nil
	})
	return err == errFound
}

// jsonSpace is the white space JSON allows between tokens (RFC 8259).
const jsonSpace = " \t\r\n"

// errFound stops eachMember once IsANS has its answer.
var errFound = errors.New("found")

// ansSyntaxError words why data, which json.Valid refused, is not one
// JSON value, as ParseJSON words it.
func ansSyntaxError(data []byte) error {
	if data[0] == '{' {
		if obj, rest, _ := nextJSONItem(data); len(rest) > 0 && json.Valid(obj) {
			return fmt.Errorf("%w: unexpected data after the JSON object", ErrInvalid)
		}
	}
	var v struct{}
	err := json.Unmarshal(data, &v)
	var syn *json.SyntaxError
	switch {
	case errors.As(err, &syn) && syn.Offset >= int64(len(data)) && strings.HasPrefix(syn.Error(), "unexpected end"):
		return fmt.Errorf("%w: the JSON ends before the object is complete (truncated body?)", ErrInvalid)
	case errors.As(err, &syn):
		return fmt.Errorf("%w: the JSON is malformed at byte %d: %v", ErrInvalid, syn.Offset, err)
	}
	return fmt.Errorf("%w: the JSON could not be read: %v", ErrInvalid, err)
}

// eachMember calls fn with each member of obj, a valid JSON object, in
// order: its key, and its value where it lies. A repeated key is passed
// each time, so that the last one wins, as in encoding/json. Keys match
// exactly (ANS writes them in lower case), and are passed as the bytes
// between their quotes, decoded only when they hold an escape: callers
// switch on string(key), which the compiler does without a copy, and a
// story of 20,000 elements has hundreds of thousands of keys.
func eachMember(obj []byte, fn func(key, value []byte) error) error {
	inner := obj[1 : len(obj)-1]
	for {
		k, rest, ok := nextJSONItem(inner)
		if !ok {
			return nil
		}
		rest = bytes.TrimLeft(rest, " \t\r\n")
		value, rest, _ := nextJSONItem(rest[1:]) // after the colon
		inner = rest
		key := k[1 : len(k)-1]
		if bytes.IndexByte(key, '\\') >= 0 {
			s, err := jsonString(k)
			if err != nil {
				return fmt.Errorf("%w: the JSON could not be read: %v", ErrInvalid, err)
			}
			key = []byte(s)
		}
		if err := fn(key, value); err != nil {
			return err
		}
	}
}

// eachItem calls fn with each item of arr, a valid JSON array, numbered
// from 1.
func eachItem(arr []byte, fn func(n int, item []byte) error) error {
	items := arr[1 : len(arr)-1]
	for n := 1; ; n++ {
		item, rest, ok := nextJSONItem(items)
		if !ok {
			return nil
		}
		items = rest
		if err := fn(n, item); err != nil {
			return err
		}
	}
}

// ansKind names a JSON value's kind for an error message.
func ansKind(raw []byte) string {
	switch {
	case len(raw) == 0:
		return "nothing"
	case raw[0] == '"':
		return "a string"
	case raw[0] == '{':
		return "an object"
	case raw[0] == '[':
		return "an array"
	case raw[0] == 't' || raw[0] == 'f':
		return "a boolean"
	case raw[0] == 'n':
		return "null"
	}
	return "a number"
}

// isNull reports an absent member or a JSON null, which ANS writes for
// "not set".
func isNull(raw []byte) bool { return len(raw) == 0 || raw[0] == 'n' }

// ansStory is the members of a story this parser reads, where they lie.
type ansStory struct {
	typ, headlines, subheadlines, description, credits                   []byte
	displayDate, firstPublishDate, publishDate, canonicalURL, websiteURL []byte
	language, copyright, promoItems, elements                            []byte
}

func (s *ansStory) member(key, v []byte) error {
	switch string(key) {
	case "type":
		s.typ = v
	case "headlines":
		s.headlines = v
	case "subheadlines":
		s.subheadlines = v
	case "description":
		s.description = v
	case "credits":
		s.credits = v
	case "display_date":
		s.displayDate = v
	case "first_publish_date":
		s.firstPublishDate = v
	case "publish_date":
		s.publishDate = v
	case "canonical_url":
		s.canonicalURL = v
	case "website_url":
		s.websiteURL = v
	case "language":
		s.language = v
	case "copyright":
		s.copyright = v
	case "promo_items":
		s.promoItems = v
	case "content_elements":
		s.elements = v
	}
	return nil
}

// ansElement is the members of a content element that some type reads,
// kept where they lie until the element's type says how to read them: a
// member of the wrong type is an error only where it is used.
type ansElement struct {
	typ, subtype, content, level                                []byte
	url, altText, caption, subtitle, credits, width, height     []byte
	headlines, description, elements, listType, items, citation []byte
	header, rows, correctionType, text, rawOembed, referent     []byte
	canonicalURL, youtubeID, source, streams, promoImage        []byte
}

func (e *ansElement) member(key, v []byte) error {
	switch string(key) {
	case "type":
		e.typ = v
	case "subtype":
		e.subtype = v
	case "content":
		e.content = v
	case "level":
		e.level = v
	case "url":
		e.url = v
	case "alt_text":
		e.altText = v
	case "caption":
		e.caption = v
	case "subtitle":
		e.subtitle = v
	case "credits":
		e.credits = v
	case "width":
		e.width = v
	case "height":
		e.height = v
	case "headlines":
		e.headlines = v
	case "description":
		e.description = v
	case "content_elements":
		e.elements = v
	case "list_type":
		e.listType = v
	case "items":
		e.items = v
	case "citation":
		e.citation = v
	case "header":
		e.header = v
	case "rows":
		e.rows = v
	case "correction_type":
		e.correctionType = v
	case "text":
		e.text = v
	case "raw_oembed":
		e.rawOembed = v
	case "referent":
		e.referent = v
	case "canonical_url":
		e.canonicalURL = v
	case "youtube_content_id":
		e.youtubeID = v
	case "source":
		e.source = v
	case "streams":
		e.streams = v
	case "promo_image":
		e.promoImage = v
	}
	return nil
}

// absolute checks URLs without a base: only absolute ones pass.
var absolute = &walker{}

// ansParser maps one story. path says where in the document it is, for
// errors; images and cells count toward the article's limits as they are
// read.
type ansParser struct {
	w       *walker // resolves URLs against the story's URL, and builds runs
	base    *url.URL
	blocks  []Block
	dropped map[string]int
	images  int
	cells   int
	path    []ansStep
}

// ansStep is one level of the path to an element: the array it is in and
// its number there (or the member it is, numbered 0), and its type once
// known.
type ansStep struct {
	field string
	n     int
	typ   string
}

func (p *ansParser) where() string {
	var sb strings.Builder
	for i, s := range p.path {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(s.field)
		if s.n > 0 {
			fmt.Fprintf(&sb, " item %d", s.n)
		}
		if s.typ != "" {
			fmt.Fprintf(&sb, " (%q)", s.typ)
		}
	}
	return sb.String()
}

// errorf makes an error wrapping ErrInvalid that says where it is.
func (p *ansParser) errorf(format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if w := p.where(); w != "" {
		msg = w + ": " + msg
	}
	return fmt.Errorf("%w: %s", ErrInvalid, msg)
}

// wrap says where an error of the HTML parser, which wraps ErrInvalid
// already, is.
func (p *ansParser) wrap(err error) error {
	w := p.where()
	if w == "" {
		return err
	}
	return fmt.Errorf("%w: %s: %s", ErrInvalid, w, strings.TrimPrefix(err.Error(), ErrInvalid.Error()+": "))
}

// limit is the error of a story past one of the article's limits.
func (p *ansParser) limit(what string, max int) error {
	return fmt.Errorf("%w: the story has more than %d %s (at %s); at most %d are allowed", ErrInvalid, max, what, p.where(), max)
}

func (p *ansParser) drop(kind string, n int) {
	if n <= 0 {
		return
	}
	if p.dropped == nil {
		p.dropped = map[string]int{}
	}
	p.dropped[kind] += n
}

func (p *ansParser) dropAll(counts map[string]int) {
	for k, n := range counts {
		p.drop(k, n)
	}
}

func (p *ansParser) emit(b Block) error {
	if len(p.blocks) == MaxParagraphs {
		return p.limit("paragraphs", MaxParagraphs)
	}
	p.blocks = append(p.blocks, b)
	return nil
}

func (p *ansParser) addImages(n int) error {
	if p.images += n; p.images > MaxImages {
		return p.limit("images", MaxImages)
	}
	return nil
}

func (p *ansParser) addCells(n int) error {
	if p.cells += n; p.cells > MaxCells {
		return fmt.Errorf("%w: the story's tables have more than %d cells (at %s); at most %d are allowed", ErrInvalid, MaxCells, p.where(), MaxCells)
	}
	return nil
}

// str reads a string member; null or absent is "".
func (p *ansParser) str(raw []byte, name string) (string, error) {
	switch {
	case isNull(raw):
		return "", nil
	case raw[0] != '"':
		return "", p.errorf("field %q must be a string, not %s", name, ansKind(raw))
	}
	s, err := jsonString(raw)
	if err != nil {
		return "", p.errorf("field %q could not be read: %v", name, err)
	}
	return s, nil
}

// num reads a number member as a whole number; ok is false when it is
// absent, null, fractional or out of range, which a size or level treats
// as not given.
func (p *ansParser) num(raw []byte, name string) (n int, ok bool, err error) {
	if isNull(raw) {
		return 0, false, nil
	}
	if raw[0] != '-' && (raw[0] < '0' || raw[0] > '9') {
		return 0, false, p.errorf("field %q must be a number, not %s", name, ansKind(raw))
	}
	n, err = strconv.Atoi(string(raw))
	return n, err == nil, nil
}

// object calls fn with the members of an object member; null or absent
// is an empty object.
func (p *ansParser) object(raw []byte, name string, fn func(key, value []byte) error) error {
	switch {
	case isNull(raw):
		return nil
	case raw[0] != '{':
		return p.errorf("field %q must be an object, not %s", name, ansKind(raw))
	}
	return eachMember(raw, fn)
}

// array calls fn with the items of an array member; null or absent is an
// empty array.
func (p *ansParser) array(raw []byte, name string, fn func(n int, item []byte) error) error {
	switch {
	case isNull(raw):
		return nil
	case raw[0] != '[':
		return p.errorf("field %q must be an array, not %s", name, ansKind(raw))
	}
	return eachItem(raw, fn)
}

// basic reads the "basic" member of a dictionary (headlines, description).
func (p *ansParser) basic(raw []byte, name string) (string, error) {
	var s string
	err := p.object(raw, name, func(k, v []byte) error {
		var err error
		if string(k) == "basic" {
			s, err = p.str(v, name+".basic")
		}
		return err
	})
	return s, err
}

// inline maps inline HTML (a text element's content) onto runs. Text
// without markup or character references is what a browser shows as it
// is written: it skips the HTML parser, which costs a tree for every
// paragraph (FuzzParseANS holds the two ways to the same runs).
func (p *ansParser) inline(s string) ([]Run, error) {
	if !strings.ContainsAny(s, "<&") {
		b := p.w.newBuilder(Block{}, false)
		b.text(s, ctx{})
		runs := b.finish()
		p.w.release(b)
		return runs, nil
	}
	runs, dropped, err := parseInlineHTML(s, p.base)
	if err != nil {
		return nil, p.wrap(err)
	}
	p.dropAll(dropped)
	return runs, nil
}

// inlineText is inline HTML as plain text: a headline, which Arc's
// themes set as HTML.
func (p *ansParser) inlineText(s string) (string, error) {
	runs, err := p.inline(s)
	return Block{Runs: runs}.Text(), err
}

func (p *ansParser) story(s *ansStory) (*Article, error) {
	typ, err := p.str(s.typ, "type")
	if err != nil {
		return nil, err
	}
	if typ != "" && typ != "story" {
		return nil, fmt.Errorf("%w: the ANS document is a %q, not a story; only stories can be rendered", ErrInvalid, typ)
	}
	a := &Article{}
	// The URL first: it is the base of the body's relative links.
	for _, f := range []struct {
		raw  []byte
		name string
	}{{s.canonicalURL, "canonical_url"}, {s.websiteURL, "website_url"}} {
		u, err := p.str(f.raw, f.name)
		if err != nil {
			return nil, err
		}
		if u = strings.TrimSpace(u); u != "" && checkURL(u) == nil && checkText("", u) == nil {
			a.URL = u
			p.base, _ = url.Parse(u)
			break
		}
	}
	p.w = newWalker(p.base)

	headline, err := p.basic(s.headlines, "headlines")
	if err != nil {
		return nil, err
	}
	if a.Title, err = p.inlineText(headline); err != nil {
		return nil, err
	}
	if strings.TrimSpace(a.Title) == "" {
		return nil, fmt.Errorf("%w: the story has no headline; give headlines.basic", ErrInvalid)
	}
	for _, f := range []struct {
		raw  []byte
		name string
	}{{s.subheadlines, "subheadlines"}, {s.description, "description"}} {
		t, err := p.basic(f.raw, f.name)
		if err != nil {
			return nil, err
		}
		if a.Standfirst, err = p.inlineText(t); err != nil {
			return nil, err
		}
		if a.Standfirst != "" {
			break
		}
	}
	if a.Byline, err = p.byline(s.credits); err != nil {
		return nil, err
	}
	rights, err := p.str(s.copyright, "copyright")
	if err != nil {
		return nil, err
	}
	a.Rights = collapse(rights)
	lang, err := p.str(s.language, "language")
	if err != nil {
		return nil, err
	}
	// A CMS's language field is not always a tag ("English", "en_US"):
	// an underscore is read as a hyphen, and anything else that is not a
	// tag leaves the language to be detected.
	if lang = strings.ReplaceAll(strings.TrimSpace(lang), "_", "-"); langPattern.MatchString(lang) {
		a.Lang = lang
	}
	// The date the site shows, else when the story first went out.
	var date, dateField string
	for _, f := range []struct {
		raw  []byte
		name string
	}{{s.displayDate, "display_date"}, {s.firstPublishDate, "first_publish_date"}, {s.publishDate, "publish_date"}} {
		d, err := p.str(f.raw, f.name)
		if err != nil {
			return nil, err
		}
		if d = strings.TrimSpace(d); d != "" && date == "" {
			date, dateField = d, f.name
		}
	}

	if err := p.promo(a, s.promoItems); err != nil {
		return nil, err
	}
	if err := p.elements(s.elements, "content_elements", Paragraph); err != nil {
		return nil, err
	}
	a.Body, a.Dropped = p.blocks, p.dropped
	if a.Lang == "" {
		a.Lang = detectArticleLang(a)
	}
	if date != "" {
		t, err := parseANSDate(date)
		if err != nil {
			return nil, fmt.Errorf("%w: %s %q is not a time like 2017-01-04T09:30:00Z (RFC 3339) or a date like 2017-01-04", ErrInvalid, dateField, date)
		}
		a.Published = t
		a.Date = FormatDate(t, a.Lang)
	}
	if err := a.Validate(); err != nil {
		return nil, err
	}
	return a, nil
}

func parseANSDate(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Parse("2006-01-02", s)
}

// byline writes the authors in credits.by as "By A, B and C".
func (p *ansParser) byline(credits []byte) (string, error) {
	var names []string
	err := p.object(credits, "credits", func(k, v []byte) error {
		if string(k) != "by" {
			return nil
		}
		var err error
		names, err = p.people(v, "credits.by")
		return err
	})
	switch {
	case err != nil || len(names) == 0:
		return "", err
	case len(names) == 1:
		return "By " + names[0], nil
	}
	return "By " + strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1], nil
}

// people reads an array of authors (credits.by, credits.affiliation):
// each one's additional_properties.original.byline (the name the author
// service gives for bylines) or else its name. References not yet
// resolved to an author have neither and are skipped.
func (p *ansParser) people(raw []byte, name string) ([]string, error) {
	var out []string
	err := p.array(raw, name, func(n int, item []byte) error {
		if isNull(item) {
			return nil
		}
		if item[0] != '{' {
			return p.errorf("%s item %d must be an object (an author), not %s", name, n, ansKind(item))
		}
		var who, byline string
		err := eachMember(item, func(k, v []byte) error {
			var err error
			switch string(k) {
			case "name":
				who, err = p.str(v, name+".name")
			case "additional_properties":
				err = p.object(v, name+".additional_properties", func(k, v []byte) error {
					if string(k) != "original" {
						return nil
					}
					return p.object(v, name+".additional_properties.original", func(k, v []byte) error {
						var err error
						if string(k) == "byline" {
							byline, err = p.str(v, name+".additional_properties.original.byline")
						}
						return err
					})
				})
			}
			return err
		})
		if err != nil {
			return err
		}
		if s := collapse(byline); s != "" {
			out = append(out, s)
		} else if s := collapse(who); s != "" {
			out = append(out, s)
		}
		return nil
	})
	return out, err
}

// promo reads promo_items.basic into the lead image: an image, a gallery,
// or a video's promo_image. Other promos (raw HTML, a custom embed, an
// unresolved reference) are no picture and are not counted as dropped:
// they promote the story elsewhere and are not part of it.
func (p *ansParser) promo(a *Article, raw []byte) error {
	var basic []byte
	err := p.object(raw, "promo_items", func(k, v []byte) error {
		if string(k) == "basic" {
			basic = v
		}
		return nil
	})
	if err != nil || isNull(basic) {
		return err
	}
	if basic[0] != '{' {
		return p.errorf("field %q must be an object, not %s", "promo_items.basic", ansKind(basic))
	}
	var e ansElement
	if err := eachMember(basic, e.member); err != nil {
		return err
	}
	typ, err := p.str(e.typ, "promo_items.basic.type")
	if err != nil {
		return err
	}
	p.path = append(p.path, ansStep{field: "promo_items.basic", typ: typ})
	defer func() { p.path = p.path[:len(p.path)-1] }()
	var fig *FigureData
	switch typ {
	case "image":
		fig, _, err = p.imageFigure(&e)
	case "gallery":
		fig, _, err = p.galleryFigure(&e)
	case "video":
		if isNull(e.promoImage) {
			return nil
		}
		if e.promoImage[0] != '{' {
			return p.errorf("field %q must be an object, not %s", "promo_image", ansKind(e.promoImage))
		}
		var im ansElement
		if err := eachMember(e.promoImage, im.member); err != nil {
			return err
		}
		fig, _, err = p.imageFigure(&im)
	default:
		return nil
	}
	if err != nil || fig == nil {
		return err // a promo without a usable picture was counted as media
	}
	a.Lead = &Block{Kind: Figure, Figure: fig}
	return nil
}

// elements maps an array of content elements; loose text becomes blocks
// of kind (Paragraph, or Quote inside a quote).
func (p *ansParser) elements(raw []byte, field string, kind BlockKind) error {
	if len(p.path) >= MaxANSDepth {
		return p.errorf("elements are nested more than %d deep", MaxANSDepth)
	}
	if !isNull(raw) && raw[0] != '[' {
		return p.errorf("field %q must be an array of elements, not %s", field, ansKind(raw))
	}
	return p.array(raw, field, func(n int, item []byte) error {
		p.path = append(p.path, ansStep{field: field, n: n})
		err := p.element(item, kind)
		p.path = p.path[:len(p.path)-1]
		return err
	})
}

// readElement reads an element's members and its type, which it records
// in the path.
func (p *ansParser) readElement(item []byte, e *ansElement) (string, error) {
	if len(item) == 0 || item[0] != '{' {
		return "", p.errorf("an element must be an object, not %s", ansKind(item))
	}
	if err := eachMember(item, e.member); err != nil {
		return "", err
	}
	typ, err := p.str(e.typ, "type")
	p.path[len(p.path)-1].typ = typ
	return typ, err
}

func (p *ansParser) element(item []byte, kind BlockKind) error {
	var e ansElement
	typ, err := p.readElement(item, &e)
	if err != nil {
		return err
	}
	switch typ {
	case "text":
		return p.textBlock(&e, kind)
	case "header":
		return p.heading(&e)
	case "image":
		return p.figure(p.imageFigure(&e))
	case "gallery":
		return p.figure(p.galleryFigure(&e))
	case "list":
		return p.list(e.listType, e.items, 0)
	case "quote":
		return p.quote(&e)
	case "blockquote":
		return p.textBlock(&e, Quote)
	case "table":
		return p.table(&e)
	case "correction":
		return p.correction(&e)
	case "oembed_response":
		return p.oembed(&e)
	case "video":
		return p.video(&e)
	case "divider":
		return p.emit(Block{Kind: Divider})
	case "code":
		return p.code(&e)
	case "raw_html":
		return p.rawHTML(&e)
	case "interstitial_link", "link_list":
		// Links to other stories, which a printed page cannot follow.
		p.drop(dropRelated, 1)
		return nil
	}
	// custom_embed (a plugin's data, meaningless without the plugin),
	// unresolved references and types this parser does not know.
	p.drop(dropOther, 1)
	return nil
}

// textBlock maps a text element (and the older blockquote): its content,
// inline HTML, one block of kind; an empty one none.
func (p *ansParser) textBlock(e *ansElement, kind BlockKind) error {
	runs, err := p.content(e)
	if err != nil || runs == nil {
		return err
	}
	return p.emit(Block{Kind: kind, Runs: runs})
}

// content reads a text element's content as inline HTML.
func (p *ansParser) content(e *ansElement) ([]Run, error) {
	s, err := p.str(e.content, "content")
	if err != nil {
		return nil, err
	}
	return p.inline(s)
}

func (p *ansParser) heading(e *ansElement) error {
	runs, err := p.content(e)
	if err != nil || runs == nil {
		return err
	}
	level, _, err := p.num(e.level, "level")
	if err != nil {
		return err
	}
	// The model has three levels below the title: h1 and h2 are its
	// first, h4 to h6 its third, as the HTML parser maps them.
	switch {
	case level <= 2:
		level = 2
	case level >= 4:
		level = 4
	}
	return p.emit(Block{Kind: Heading, Level: int16(level), Runs: runs})
}

// figure emits a figure read by imageFigure or galleryFigure. Of one
// without a usable picture, which they counted as media, the caption is
// kept as a paragraph, as the HTML parser keeps it.
func (p *ansParser) figure(fig *FigureData, caption []Run, err error) error {
	switch {
	case err != nil:
		return err
	case fig != nil:
		return p.emit(Block{Kind: Figure, Figure: fig})
	case caption == nil:
		return nil
	}
	return p.emit(Block{Kind: Paragraph, Runs: caption})
}

// image reads an image element: its picture (ok is false when its url is
// not usable), caption and credit.
func (p *ansParser) image(e *ansElement) (im Image, caption []Run, credit string, ok bool, err error) {
	src, err := p.str(e.url, "url")
	if err != nil {
		return
	}
	alt, err := p.str(e.altText, "alt_text")
	if err != nil {
		return
	}
	w, wok, err := p.num(e.width, "width")
	if err != nil {
		return
	}
	h, hok, err := p.num(e.height, "height")
	if err != nil {
		return
	}
	if caption, err = p.caption(e); err != nil {
		return
	}
	if credit, err = p.credit(e.credits); err != nil {
		return
	}
	// resized_urls are left alone: they are crops chosen for screens,
	// and the renderer scales the original for print.
	src, ok = p.w.imageURL(src)
	if !wok || !hok || w < 0 || h < 0 {
		w, h = 0, 0 // a size that cannot be a picture's is no size
	}
	return Image{Src: src, Alt: collapse(alt), Width: w, Height: h}, caption, credit, ok, nil
}

// caption is an image's subtitle, in bold, then its caption: both may
// hold inline HTML.
func (p *ansParser) caption(e *ansElement) ([]Run, error) {
	sub, err := p.str(e.subtitle, "subtitle")
	if err != nil {
		return nil, err
	}
	subRuns, err := p.inline(sub)
	if err != nil {
		return nil, err
	}
	for i := range subRuns {
		subRuns[i].Style |= Bold
	}
	c, err := p.str(e.caption, "caption")
	if err != nil {
		return nil, err
	}
	runs, err := p.inline(c)
	if err != nil {
		return nil, err
	}
	return joinRuns(subRuns, runs, " "), nil
}

// credit writes an image's credits: the photographers in credits.by, and
// the agencies in credits.affiliation after a slash ("Jane Doe/Reuters"),
// as Arc's themes write them.
func (p *ansParser) credit(raw []byte) (string, error) {
	var by, aff []string
	err := p.object(raw, "credits", func(k, v []byte) error {
		var err error
		switch string(k) {
		case "by":
			by, err = p.people(v, "credits.by")
		case "affiliation":
			aff, err = p.people(v, "credits.affiliation")
		}
		return err
	})
	switch {
	case err != nil:
		return "", err
	case len(by) > 0 && len(aff) > 0:
		return strings.Join(by, ", ") + "/" + strings.Join(aff, ", "), nil
	}
	return strings.Join(append(by, aff...), ", "), nil
}

// imageFigure reads an image element as a figure of one picture; nil,
// with the caption, when its url is not usable, which is dropped as
// media.
func (p *ansParser) imageFigure(e *ansElement) (*FigureData, []Run, error) {
	im, caption, credit, ok, err := p.image(e)
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		p.drop(dropMedia, 1)
		return nil, caption, nil
	}
	if err := p.addImages(1); err != nil {
		return nil, nil, err
	}
	return &FigureData{Images: []Image{im}, Caption: caption, Credit: credit}, nil, nil
}

// galleryFigure reads a gallery as one figure of its pictures. Its
// caption is its headline, in bold, and description; without them, its
// pictures' captions, set apart by " / " as the HTML parser sets a
// gallery's. Its credit is its pictures' distinct credits. Nil, with the
// caption, when no picture is usable: each unusable one is dropped as
// media, and a gallery without any image once.
func (p *ansParser) galleryFigure(e *ansElement) (*FigureData, []Run, error) {
	if len(p.path) >= MaxANSDepth {
		return nil, nil, p.errorf("elements are nested more than %d deep", MaxANSDepth)
	}
	fig := &FigureData{}
	var captions []Run
	var credits []string
	images := 0
	err := p.array(e.elements, "content_elements", func(n int, item []byte) error {
		p.path = append(p.path, ansStep{field: "content_elements", n: n})
		defer func() { p.path = p.path[:len(p.path)-1] }()
		var im ansElement
		typ, err := p.readElement(item, &im)
		if err != nil {
			return err
		}
		if typ != "image" {
			p.drop(dropOther, 1)
			return nil
		}
		images++
		pic, caption, credit, ok, err := p.image(&im)
		if err != nil {
			return err
		}
		if !ok {
			p.drop(dropMedia, 1)
			return nil
		}
		if err := p.addImages(1); err != nil {
			return err
		}
		fig.Images = append(fig.Images, pic)
		captions = joinRuns(captions, caption, " / ")
		credits = append(credits, credit)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	headline, err := p.basic(e.headlines, "headlines")
	if err != nil {
		return nil, nil, err
	}
	title, err := p.inline(headline)
	if err != nil {
		return nil, nil, err
	}
	for i := range title {
		title[i].Style |= Bold
	}
	description, err := p.basic(e.description, "description")
	if err != nil {
		return nil, nil, err
	}
	desc, err := p.inline(description)
	if err != nil {
		return nil, nil, err
	}
	if fig.Caption = joinRuns(title, desc, " "); fig.Caption == nil {
		fig.Caption = captions
	}
	fig.Credit = strings.Join(compactStrings(credits), "; ")
	if len(fig.Images) == 0 {
		if images == 0 {
			p.drop(dropMedia, 1)
		}
		return nil, fig.Caption, nil
	}
	return fig, nil, nil
}

// list maps a list element (its list_type and items): one ListItem per
// text item, level deep, a nested list one level deeper. list_type
// "ordered" numbers the items from 1; any other list is bulleted. (It
// takes the two members rather than the element: an element passed to a
// recursive function would be moved to the heap, one per item.)
func (p *ansParser) list(listTypeRaw, items []byte, level int) error {
	if len(p.path) >= MaxANSDepth {
		return p.errorf("lists are nested more than %d deep", MaxANSDepth)
	}
	listType, err := p.str(listTypeRaw, "list_type")
	if err != nil {
		return err
	}
	ordered := strings.TrimSpace(listType) == "ordered"
	number := 0
	return p.array(items, "items", func(n int, item []byte) error {
		p.path = append(p.path, ansStep{field: "items", n: n})
		defer func() { p.path = p.path[:len(p.path)-1] }()
		var it ansElement
		typ, err := p.readElement(item, &it)
		if err != nil {
			return err
		}
		switch typ {
		case "list":
			return p.list(it.listType, it.items, level+1)
		case "text":
		default:
			// The schema allows texts and lists; anything else is
			// mapped as it would be in the body.
			return p.element(item, Paragraph)
		}
		runs, err := p.content(&it)
		if err != nil || runs == nil {
			return err
		}
		b := Block{Kind: ListItem, Level: int16(level), Runs: runs}
		if ordered {
			number++
			b.Ordered, b.Number = true, number
		}
		return p.emit(b)
	})
}

// quote maps a quote element. A pull quote is one block of its texts
// (a list's items joined in), citation.content its source. A block quote
// is a Quote block per text, lists and other elements in it mapped as in
// the body, and the source goes on the last Quote block, as the HTML
// parser does it.
func (p *ansParser) quote(e *ansElement) error {
	subtype, err := p.str(e.subtype, "subtype")
	if err != nil {
		return err
	}
	var cite []Run
	err = p.object(e.citation, "citation", func(k, v []byte) error {
		if string(k) != "content" {
			return nil
		}
		s, err := p.str(v, "citation.content")
		if err == nil {
			cite, err = p.inline(s)
		}
		return err
	})
	if err != nil {
		return err
	}
	cite = trimDash(cite)
	if strings.TrimSpace(subtype) == "pullquote" {
		runs, err := p.joinedText(e.elements, "content_elements")
		switch {
		case err != nil:
			return err
		case runs != nil:
			return p.emit(Block{Kind: PullQuote, Runs: runs, Cite: cite})
		case cite != nil:
			return p.emit(Block{Kind: Paragraph, Runs: cite})
		}
		return nil
	}
	start := len(p.blocks)
	if err := p.elements(e.elements, "content_elements", Quote); err != nil {
		return err
	}
	if cite == nil {
		return nil
	}
	for i := len(p.blocks) - 1; i >= start; i-- {
		if p.blocks[i].Kind == Quote {
			p.blocks[i].Cite = cite
			return nil
		}
	}
	// A source quoting nothing: its words are kept.
	return p.emit(Block{Kind: Quote, Runs: cite})
}

// joinedText is the text of elements (texts, and lists' items) as one,
// set apart by spaces; other elements, which cannot be part of one
// block, are dropped as other.
func (p *ansParser) joinedText(raw []byte, field string) ([]Run, error) {
	if len(p.path) >= MaxANSDepth {
		return nil, p.errorf("elements are nested more than %d deep", MaxANSDepth)
	}
	var out []Run
	err := p.array(raw, field, func(n int, item []byte) error {
		p.path = append(p.path, ansStep{field: field, n: n})
		defer func() { p.path = p.path[:len(p.path)-1] }()
		var e ansElement
		typ, err := p.readElement(item, &e)
		if err != nil {
			return err
		}
		var runs []Run
		switch typ {
		case "text":
			runs, err = p.content(&e)
		case "list":
			runs, err = p.joinedText(e.items, "items")
		default:
			p.drop(dropOther, 1)
		}
		out = joinRuns(out, runs, " ")
		return err
	})
	return out, err
}

// table maps a table element: header (text elements) one row of header
// cells, rows (arrays of text elements) the rows; each cell's content is
// inline HTML. Cells are counted toward MaxCells as they are read. A
// table without a cell is dropped as other.
func (p *ansParser) table(e *ansElement) error {
	t := &TableData{}
	cells := func(raw []byte, field string, header bool) ([]TableCell, error) {
		var out []TableCell
		err := p.array(raw, field, func(n int, item []byte) error {
			if err := p.addCells(1); err != nil {
				return err
			}
			p.path = append(p.path, ansStep{field: field, n: n})
			defer func() { p.path = p.path[:len(p.path)-1] }()
			var c ansElement
			if _, err := p.readElement(item, &c); err != nil {
				return err
			}
			runs, err := p.content(&c)
			out = append(out, TableCell{Runs: runs, Header: header})
			return err
		})
		return out, err
	}
	head, err := cells(e.header, "header", true)
	if err != nil {
		return err
	}
	if len(head) > 0 {
		t.Rows = append(t.Rows, TableRow{Cells: head})
		t.HeadRows = 1
	}
	err = p.array(e.rows, "rows", func(n int, row []byte) error {
		if isNull(row) {
			return nil
		}
		if row[0] != '[' {
			p.path = append(p.path, ansStep{field: "rows", n: n})
			defer func() { p.path = p.path[:len(p.path)-1] }()
			return p.errorf("a row must be an array of cells, not %s", ansKind(row))
		}
		c, err := cells(row, fmt.Sprintf("rows item %d, cells", n), false)
		if len(c) > 0 {
			t.Rows = append(t.Rows, TableRow{Cells: c})
		}
		return err
	})
	if err != nil {
		return err
	}
	if len(t.Rows) == 0 {
		p.drop(dropOther, 1)
		return nil
	}
	return p.emit(Block{Kind: Table, Table: t})
}

// correction maps a correction element to a note: its text, which Arc's
// themes set as plain text, labelled by its correction_type, capitalised
// ("clarification": "Clarification"), or "Correction".
func (p *ansParser) correction(e *ansElement) error {
	text, err := p.str(e.text, "text")
	if err != nil {
		return err
	}
	typ, err := p.str(e.correctionType, "correction_type")
	if err != nil {
		return err
	}
	text = collapse(text)
	if text == "" {
		return nil
	}
	label := collapse(typ)
	if label == "" {
		label = "Correction"
	}
	r, size := utf8.DecodeRuneInString(label)
	label = string(unicode.ToUpper(r)) + label[size:]
	return p.emit(Block{Kind: Note, Label: label, Runs: []Run{{Text: text}}})
}

// oembed maps an oembed_response: the link of what it embeds, its
// provider_name and title. The link is raw_oembed's _id (where Arc keeps
// the URL the editor pasted), or its url, or referent.id when it is a
// URL, or else the player or post in raw_oembed.html; players' URLs
// become the pages a reader can open, as in HTML. Without a link the
// element is dropped as media.
func (p *ansParser) oembed(e *ansElement) error {
	var id, link, provider, title, markup, ref string
	err := p.object(e.rawOembed, "raw_oembed", func(k, v []byte) error {
		var err error
		switch string(k) {
		case "_id":
			id, err = p.str(v, "raw_oembed._id")
		case "url":
			link, err = p.str(v, "raw_oembed.url")
		case "provider_name":
			provider, err = p.str(v, "raw_oembed.provider_name")
		case "title":
			title, err = p.str(v, "raw_oembed.title")
		case "html":
			markup, err = p.str(v, "raw_oembed.html")
		}
		return err
	})
	if err != nil {
		return err
	}
	err = p.object(e.referent, "referent", func(k, v []byte) error {
		var err error
		if string(k) == "id" {
			ref, err = p.str(v, "referent.id")
		}
		return err
	})
	if err != nil {
		return err
	}
	var embed EmbedData
	found := false
	for _, s := range []string{id, link, ref} {
		// Absolute only: referent.id is a bare video ID for some
		// providers, which the story's URL must not turn into a link.
		if u, ok := absolute.embedURL(s); ok {
			embed.URL, embed.Provider = normalizeEmbed(u)
			found = true
			break
		}
	}
	if !found && strings.TrimSpace(markup) != "" {
		blocks, _, err := parseHTMLString(markup, p.base)
		if err != nil {
			return p.wrap(err)
		}
		for _, b := range blocks {
			if b.Kind == Embed {
				embed, found = *b.Embed, true
				break
			}
		}
	}
	if !found {
		p.drop(dropMedia, 1)
		return nil
	}
	if s := collapse(provider); s != "" {
		embed.Provider = s
	}
	if s := collapse(title); s != "" {
		embed.Title = s
	}
	return p.emit(Block{Kind: Embed, Embed: &embed})
}

// video maps a video element to a link: the video's page (canonical_url,
// resolved against the story's URL), or else its YouTube copy
// (youtube_content_id), or else its first stream's file. Its provider is
// YouTube for the copy, else the source.name of who made it, else what
// the link's host says; its title is headlines.basic. Without a link it
// is dropped as media.
func (p *ansParser) video(e *ansElement) error {
	page, err := p.str(e.canonicalURL, "canonical_url")
	if err != nil {
		return err
	}
	youtube, err := p.str(e.youtubeID, "youtube_content_id")
	if err != nil {
		return err
	}
	var source, stream string
	err = p.object(e.source, "source", func(k, v []byte) error {
		var err error
		if string(k) == "name" {
			source, err = p.str(v, "source.name")
		}
		return err
	})
	if err != nil {
		return err
	}
	err = p.array(e.streams, "streams", func(n int, item []byte) error {
		if stream != "" || isNull(item) {
			return nil
		}
		if item[0] != '{' {
			return p.errorf("streams item %d must be an object, not %s", n, ansKind(item))
		}
		return eachMember(item, func(k, v []byte) error {
			var err error
			if string(k) == "url" {
				var s string
				if s, err = p.str(v, "streams.url"); err == nil {
					if _, ok := absolute.embedURL(s); ok {
						stream = s
					}
				}
			}
			return err
		})
	})
	if err != nil {
		return err
	}
	headline, err := p.basic(e.headlines, "headlines")
	if err != nil {
		return err
	}
	title, err := p.inlineText(headline)
	if err != nil {
		return err
	}
	var embed EmbedData
	if u, ok := p.w.embedURL(page); ok {
		embed.URL, embed.Provider = normalizeEmbed(u)
	} else if id := strings.TrimSpace(youtube); id != "" && checkText("", id) == nil {
		embed.URL, embed.Provider = "https://www.youtube.com/watch?v="+url.QueryEscape(id), "YouTube"
		source = ""
	} else if u, ok := absolute.embedURL(stream); ok {
		embed.URL, embed.Provider = normalizeEmbed(u)
	} else {
		p.drop(dropMedia, 1)
		return nil
	}
	if s := collapse(source); s != "" {
		embed.Provider = s
	}
	embed.Title = title
	return p.emit(Block{Kind: Embed, Embed: &embed})
}

// code maps a code element to preformatted text: its content is the code
// as written, not HTML; its lines and indentation are kept.
func (p *ansParser) code(e *ansElement) error {
	s, err := p.str(e.content, "content")
	if err != nil {
		return err
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	b := p.w.newBuilder(Block{}, true)
	b.text(s, ctx{pre: true})
	runs := b.finish()
	p.w.release(b)
	if runs == nil {
		return nil
	}
	return p.emit(Block{Kind: Preformatted, Runs: runs})
}

// rawHTML maps a raw_html element through the HTML parser, its blocks
// joining the story's and counting toward its limits.
func (p *ansParser) rawHTML(e *ansElement) error {
	s, err := p.str(e.content, "content")
	if err != nil {
		return err
	}
	blocks, dropped, err := parseHTMLString(s, p.base)
	if err != nil {
		return p.wrap(err)
	}
	p.dropAll(dropped)
	for _, b := range blocks {
		if b.Figure != nil {
			if err := p.addImages(len(b.Figure.Images)); err != nil {
				return err
			}
		}
		if b.Table != nil {
			for _, r := range b.Table.Rows {
				if err := p.addCells(len(r.Cells)); err != nil {
					return err
				}
			}
		}
		if err := p.emit(b); err != nil {
			return err
		}
	}
	return nil
}
