package article

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// jsonArticle is the wire form of an article; see ParseJSON.
type jsonArticle struct {
	Title      string   `json:"title"`
	Standfirst string   `json:"standfirst"`
	Byline     string   `json:"byline"`
	Published  string   `json:"published"`
	URL        string   `json:"url"`
	Lang       string   `json:"lang"`
	Rights     string   `json:"rights"`
	Body       jsonBody `json:"body"`
	HTML       *string  `json:"html"`
	LeadImage  jsonLead `json:"lead_image"`
}

// jsonBlock is the object form of a body item.
type jsonBlock struct {
	Type    string    `json:"type"` // paragraph (default), heading, quote, list
	Text    string    `json:"text"`
	Runs    []jsonRun `json:"runs"`
	Ordered bool      `json:"ordered"` // list
	Start   *int      `json:"start"`   // list: number of the first item
	Items   jsonItems `json:"items"`   // list: strings or {text|runs} objects
}

type jsonRun struct {
	Text   string `json:"text"`
	Italic bool   `json:"italic"`
	Bold   bool   `json:"bold"`
	Link   string `json:"link"`
	Lang   string `json:"lang"` // the run's language where it is not the article's
}

const (
	jsonFields      = "title, standfirst, byline, published, url, lang, rights, body, html, lead_image"
	jsonBlockFields = "type, text, runs, ordered, start, items"
	jsonLeadFields  = "src, alt, caption, credit, width, height"
)

// ParseJSON parses an article given as one JSON object:
//
//	{"title": "…", "standfirst": "…", "byline": "By …", "published": "2017-01-04",
//	 "url": "https://…", "lang": "en", "rights": "© …", "body": ["paragraph", …],
//	 "lead_image": {"src": "https://…/a.jpg", "alt": "…", "caption": "…", "credit": "…",
//	                "width": 1600, "height": 900}}
//
// Each body item is a paragraph as a string, or a block object:
//
//	{"type": "heading", "text": "…"}                    also "paragraph" (the default) and "quote"
//	{"type": "quote", "runs": [{"text": "…", "italic": true}, {"text": "…", "link": "https://…"}]}
//	{"type": "list", "ordered": true, "start": 1, "items": ["…", {"runs": […]}]}
//
// A block has text or runs, not both; runs may be italic, bold, links, and
// in a language of their own (lang).
// Instead of body, the body may be given as "html", an HTML fragment such as
// a CMS renders (see ParseHTMLBody); giving both is an error. What the HTML
// parser leaves out is counted in Article.Dropped. url, when given, is the
// base against which the HTML's relative links and image sources, and the
// lead image's, are resolved.
//
// lead_image is the article's lead picture (Article.Lead, a Figure): src is
// required (an http(s) URL, a data:image URI, or a path beside the article
// when there is no url); caption may hold inline HTML (links, emphasis);
// credit is plain text.
//
// Only title is required; without lang, the language is detected from the
// text (DetectLang). published is a date (2017-01-04) or an RFC 3339
// time. Line breaks inside a string become spaces; empty paragraphs are
// dropped. Unknown fields and anything after the object are errors, so that a
// misspelt field is reported instead of silently ignored. A body of more
// than MaxParagraphs blocks is refused as soon as the decoder counts past
// it.
func ParseJSON(data []byte) (*Article, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%w: the JSON body is empty", ErrEmpty)
	}
	if err := checkJSONEncoding(data); err != nil {
		return nil, err
	}
	// json.Unmarshal reads data where it lies; a json.Decoder would first
	// copy it into a buffer grown by doubling, several times the body's
	// size for one request. Unmarshal has no DisallowUnknownFields, so
	// checkFields does that part, and trailing data is found here.
	data = bytes.TrimSpace(data)
	if data[0] == '{' {
		if obj, rest, _ := nextJSONItem(data); len(rest) > 0 && json.Valid(obj) {
			return nil, fmt.Errorf("%w: unexpected data after the JSON object", ErrInvalid)
		}
	}
	var j jsonArticle
	if err := json.Unmarshal(data, &j); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrInvalid, describeJSONError(err, len(data)))
	}
	if err := checkFields(data, reflect.TypeFor[jsonArticle]()); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrInvalid, describeJSONError(err, len(data)))
	}
	a := &Article{
		Title:      oneLine(j.Title),
		Standfirst: oneLine(j.Standfirst),
		Byline:     oneLine(j.Byline),
		URL:        strings.TrimSpace(j.URL),
		Lang:       strings.TrimSpace(j.Lang),
		Rights:     oneLine(j.Rights),
		Body:       j.Body.blocks,
	}
	if j.HTML != nil && j.Body.set {
		return nil, fmt.Errorf("%w: the article has both \"body\" and \"html\"; give the body one way: as \"body\" (paragraphs and blocks) or as \"html\" (an HTML fragment)", ErrInvalid)
	}
	// The base of relative URLs in the HTML and the lead image; checked
	// here because it is used before Validate.
	var base *url.URL
	if a.URL != "" {
		if err := checkURL(a.URL); err != nil {
			return nil, err
		}
		base, _ = url.Parse(a.URL)
	}
	if j.HTML != nil {
		blocks, dropped, err := parseHTMLString(*j.HTML, base)
		if err != nil {
			return nil, err
		}
		a.Body, a.Dropped = blocks, dropped
	}
	if j.LeadImage.wire != nil {
		lead, dropped, err := j.LeadImage.block(base)
		if err != nil {
			return nil, err
		}
		a.Lead = lead
		for k, n := range dropped {
			if a.Dropped == nil {
				a.Dropped = map[string]int{}
			}
			a.Dropped[k] += n
		}
	}
	if a.Lang == "" {
		a.Lang = detectArticleLang(a)
	}
	if p := strings.TrimSpace(j.Published); p != "" {
		t, err := parsePublished(p)
		if err != nil {
			return nil, err
		}
		a.Published = t
		a.Date = FormatDate(t, a.Lang)
	}
	if err := a.Validate(); err != nil {
		return nil, err
	}
	return a, nil
}

// checkJSONEncoding refuses what encoding/json would quietly turn into
// U+FFFD: invalid UTF-8 (JSON must be UTF-8, RFC 8259, and a changed
// character is a lost one) and an escaped half of a surrogate pair
// (\ud800 alone).
func checkJSONEncoding(data []byte) error {
	if !utf8.Valid(data) {
		i := 0
		for i < len(data) {
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			i += size
		}
		return fmt.Errorf("%w: the JSON is not valid UTF-8 (byte %d)", ErrInvalid, i)
	}
	return checkSurrogates(data)
}

// jsonLead is "lead_image". It decodes itself, so that its errors name it
// and list its own fields rather than the article's.
type jsonLead struct{ wire *jsonLeadWire }

type jsonLeadWire struct {
	Src     string `json:"src"`
	Alt     string `json:"alt"`
	Caption string `json:"caption"`
	Credit  string `json:"credit"`
	Width   int    `json:"width"`
	Height  int    `json:"height"`
}

func (l *jsonLead) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if string(data) == "null" {
		return nil
	}
	if len(data) == 0 || data[0] != '{' {
		return &bodyError{fmt.Sprintf("field \"lead_image\" must be an object with the fields %s, not a JSON %s", jsonLeadFields, jsonValueKind(data))}
	}
	var w jsonLeadWire
	err := json.Unmarshal(data, &w)
	if err == nil {
		err = checkFields(data, reflect.TypeFor[jsonLeadWire]())
	}
	var unknown *unknownFieldError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &unknown):
		return &bodyError{fmt.Sprintf("lead_image: %s; its fields are %s", unknown, jsonLeadFields)}
	case errors.As(err, &typ):
		want := "a string"
		if typ.Field == "width" || typ.Field == "height" {
			want = "a whole number of pixels"
		}
		return &bodyError{fmt.Sprintf("lead_image: field %q must be %s, not a JSON %s", typ.Field, want, typ.Value)}
	case err != nil:
		return &bodyError{"lead_image: " + err.Error()}
	}
	l.wire = &w
	return nil
}

// block makes the lead image's Figure block, base resolving a relative
// src, and counts what the caption's HTML leaves out.
func (l jsonLead) block(base *url.URL) (*Block, map[string]int, error) {
	w := l.wire
	src := strings.TrimSpace(w.Src)
	if src == "" {
		return nil, nil, fmt.Errorf("%w: lead_image has no src; give the picture's URL", ErrInvalid)
	}
	resolved, ok := newWalker(base).imageURL(src)
	if !ok {
		return nil, nil, fmt.Errorf("%w: lead_image: src %q is not an http or https URL, a data:image URI, or (without url) a path beside the article", ErrInvalid, src)
	}
	caption, dropped, err := parseInlineHTML(w.Caption, base)
	if err != nil {
		return nil, nil, fmt.Errorf("lead_image's caption: %w", err)
	}
	return &Block{Kind: Figure, Figure: &FigureData{
		Images:  []Image{{Src: resolved, Alt: oneLine(w.Alt), Width: w.Width, Height: w.Height}},
		Caption: caption,
		Credit:  oneLine(w.Credit),
	}}, dropped, nil
}

// jsonBody decodes "body" item by item, counting the blocks as they come,
// and stops at the first item past MaxParagraphs. Decoding the whole array
// first (a json.RawMessage per item, then the blocks) cost over 100 MB for a
// 2 MiB body of one-letter paragraphs, only to refuse it afterwards.
type jsonBody struct {
	blocks []Block
	set    bool // the body was given (not absent or null)
}

// bodyError is a body item's error, reported as it is written rather than
// as a decoding error of the whole object.
type bodyError struct{ msg string }

func (e *bodyError) Error() string { return e.msg }

// UnmarshalJSON receives the body's bytes, already checked to be valid JSON
// by the decoder, and walks its items without copying them.
func (b *jsonBody) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if string(data) == "null" {
		return nil // as encoding/json leaves a missing slice
	}
	if len(data) == 0 || data[0] != '[' {
		return &json.UnmarshalTypeError{Value: jsonValueKind(data), Type: reflect.TypeFor[[]json.RawMessage]()}
	}
	b.set = true
	items := data[1 : len(data)-1]
	for n := 1; ; n++ {
		raw, rest, ok := nextJSONItem(items)
		if !ok {
			return nil
		}
		items = rest
		blocks, err := decodeBodyItem(raw, MaxParagraphs-len(b.blocks))
		if err != nil && !errors.Is(err, errTooManyBlocks) {
			return &bodyError{fmt.Sprintf("body item %d: %s", n, err)}
		}
		if err != nil || len(b.blocks)+len(blocks) > MaxParagraphs {
			return &bodyError{fmt.Sprintf("the article has more than %d paragraphs (body item %d); at most %d are allowed", MaxParagraphs, n, MaxParagraphs)}
		}
		b.blocks = append(b.blocks, blocks...)
	}
}

// nextJSONItem splits the first value off the items of a valid JSON array
// (the text between its brackets): a string, an object or array with
// everything nested in it, or a literal. The input is valid, so tracking
// strings and depth is all it takes.
func nextJSONItem(items []byte) (item, rest []byte, ok bool) {
	i := 0
	for i < len(items) && (isJSONSpace(items[i]) || items[i] == ',') {
		i++
	}
	if i == len(items) {
		return nil, nil, false
	}
	start, depth, inString := i, 0, false
	for ; i < len(items); i++ {
		c := items[i]
		switch {
		case inString:
			switch c {
			case '\\':
				i++ // the escaped character cannot end the string
			case '"':
				inString = false
				if depth == 0 {
					return items[start : i+1], items[i+1:], true
				}
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
			if depth == 0 {
				return items[start : i+1], items[i+1:], true
			}
		case depth == 0 && (c == ',' || isJSONSpace(c)):
			return items[start:i], items[i:], true
		}
	}
	return items[start:], nil, true
}

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// jsonValueKind names a JSON value's kind as encoding/json does in its
// errors ("string", "number", …).
func jsonValueKind(raw []byte) string {
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '"':
		return "string"
	case '{':
		return "object"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number"
}

// checkSurrogates rejects a \u escape of half a surrogate pair without its
// other half. Backslashes occur only inside strings in valid JSON; anything
// else is a syntax error the decoder reports.
func checkSurrogates(data []byte) error {
	for i := 0; i < len(data); i++ {
		if data[i] != '\\' {
			continue
		}
		r, ok := hexEscape(data[i:])
		if !ok {
			i++ // another escape: skip the escaped character, which may be a backslash
			continue
		}
		switch {
		case r >= 0xD800 && r < 0xDC00:
			if low, ok := hexEscape(data[i+6:]); ok && low >= 0xDC00 && low < 0xE000 {
				i += 11
				continue
			}
		case r >= 0xDC00 && r < 0xE000:
		default:
			i += 5
			continue
		}
		return fmt.Errorf("%w: the JSON has an unpaired surrogate escape %s at byte %d; a character is escaped as \\uXXXX, or beyond U+FFFF as a pair such as \\ud83d\\ude00", ErrInvalid, data[i:i+6], i)
	}
	return nil
}

// hexEscape reads a \uXXXX escape at the start of p.
func hexEscape(p []byte) (rune, bool) {
	if len(p) < 6 || p[0] != '\\' || p[1] != 'u' {
		return 0, false
	}
	var r rune
	for _, c := range p[2:6] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

func parsePublished(s string) (time.Time, error) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%w: published %q is not a date like 2017-01-04 or a time like 2017-01-04T09:30:00Z", ErrInvalid, s)
}

// oneLine trims s and turns each line break, with the white space around
// it, into one space.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	var parts []string
	for _, l := range strings.FieldsFunc(s, func(r rune) bool { return r == '\r' || r == '\n' }) {
		if l = strings.TrimSpace(l); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, " ")
}

// describeJSONError words a decoding error of a JSON article of size bytes.
func describeJSONError(err error, size int) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var body *bodyError
	var unknown *unknownFieldError
	switch {
	case errors.As(err, &body):
		return body.msg
	case errors.As(err, &unknown):
		return fmt.Sprintf("%s; the allowed fields are %s", unknown, jsonFields)
	case errors.As(err, &syn) && syn.Offset >= int64(size) && strings.HasPrefix(syn.Error(), "unexpected end"):
		// What a Decoder reports as io.ErrUnexpectedEOF, Unmarshal words
		// so: "unexpected end of JSON input", at the end.
		return "the JSON ends before the object is complete (truncated body?)"
	case errors.As(err, &syn):
		return fmt.Sprintf("the JSON is malformed at byte %d: %v", syn.Offset, err)
	case errors.As(err, &typ):
		want := "a string"
		if typ.Field == "body" {
			want = "an array of paragraphs (strings) and blocks (objects)"
		}
		if typ.Field == "" {
			return "the JSON must be an object with the fields " + jsonFields
		}
		return fmt.Sprintf("field %q must be %s, not a JSON %s", typ.Field, want, typ.Value)
	}
	return "the JSON could not be read: " + err.Error()
}

// Parse reads an article in any of the formats, telling them apart by the
// first character that is not white space: '{' starts a JSON object, an
// ANS story when IsANS says so and a JSON article otherwise; anything else
// is the site's plain text.
func Parse(data []byte) (*Article, error) {
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\uFEFF")), " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '{' {
		if IsANS(trimmed) {
			return ParseANS(data)
		}
		return ParseJSON(data)
	}
	return ParseText(data)
}

// errTooManyBlocks is a list with more items than the article has room for.
var errTooManyBlocks = errors.New("too many blocks")

// jsonItems keeps a list's items undecoded, so that they are counted, and
// decoding stops, as they are read (see jsonBody).
type jsonItems struct {
	raw []byte // the array's bytes; nil when items is absent or null
}

func (it *jsonItems) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if string(data) == "null" {
		return nil
	}
	if len(data) == 0 || data[0] != '[' {
		return &json.UnmarshalTypeError{Value: jsonValueKind(data), Type: reflect.TypeFor[[]json.RawMessage]()}
	}
	// Kept without a copy: json.Unmarshal (decodeStrict) hands out slices
	// of its input, which lives until the list is decoded. (A Decoder could
	// reuse its buffer; this would then have to copy.)
	it.raw = data
	return nil
}

// jsonString decodes a JSON string known to be valid. Most need no
// decoding at all: without a backslash, a valid JSON string's bytes are its
// text, and encoding/json's general path costs an allocation per call.
func jsonString(raw []byte) (string, error) {
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw[1 : len(raw)-1]), nil
	}
	var s string
	err := json.Unmarshal(raw, &s)
	return s, err
}

// decodeBodyItem reads one element of "body": a string or a block object. A
// list becomes one block per item; an empty paragraph becomes none. A list
// of more than room items stops at the first one too many, with
// errTooManyBlocks.
func decodeBodyItem(raw []byte, room int) ([]Block, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '"' {
		s, err := jsonString(raw)
		if err != nil {
			return nil, err
		}
		if s = oneLine(s); s == "" {
			return nil, nil
		}
		return []Block{Para(s)}, nil
	}
	if len(raw) == 0 || raw[0] != '{' {
		return nil, fmt.Errorf("must be a string (a paragraph) or an object (a block), not %s", jsonKind(raw))
	}
	var jb jsonBlock
	if err := decodeStrict(raw, &jb); err != nil {
		return nil, err
	}
	kinds := map[string]BlockKind{"": Paragraph, "paragraph": Paragraph, "heading": Heading, "quote": Quote}
	if jb.Type == "list" {
		if jb.Text != "" || jb.Runs != nil {
			return nil, fmt.Errorf("a list has items, not text or runs")
		}
		start := 1
		if jb.Start != nil {
			start = *jb.Start
		}
		var out []Block
		items := jb.Items.raw
		if len(items) >= 2 {
			items = items[1 : len(items)-1]
		}
		for i := 0; ; i++ {
			item, rest, ok := nextJSONItem(items)
			if !ok {
				break
			}
			items = rest
			if i == room {
				return nil, errTooManyBlocks
			}
			b, err := decodeListItem(item)
			if err != nil {
				return nil, fmt.Errorf("list item %d: %w", i+1, err)
			}
			b.Ordered, b.Number = jb.Ordered, start+i
			out = append(out, b)
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("a list needs at least one item in \"items\"")
		}
		return out, nil
	}
	kind, ok := kinds[jb.Type]
	if !ok {
		return nil, fmt.Errorf("type %q is not one of paragraph, heading, quote, list", jb.Type)
	}
	if jb.Items.raw != nil || jb.Ordered || jb.Start != nil {
		return nil, fmt.Errorf("only a list has items, ordered or start")
	}
	runs, err := blockRuns(jb.Text, jb.Runs)
	if err != nil || runs == nil {
		return nil, err
	}
	return []Block{{Kind: kind, Runs: runs}}, nil
}

func decodeListItem(raw []byte) (Block, error) {
	raw = bytes.TrimSpace(raw)
	var runs []Run
	var err error
	switch {
	case len(raw) > 0 && raw[0] == '"':
		var s string
		if s, err = jsonString(raw); err != nil {
			return Block{}, err
		}
		runs, err = blockRuns(s, nil)
	case len(raw) > 0 && raw[0] == '{':
		var item struct {
			Text string    `json:"text"`
			Runs []jsonRun `json:"runs"`
		}
		if err := decodeStrict(raw, &item); err != nil {
			return Block{}, err
		}
		runs, err = blockRuns(item.Text, item.Runs)
	default:
		return Block{}, fmt.Errorf("must be a string or an object with text or runs, not %s", jsonKind(raw))
	}
	if err != nil {
		return Block{}, err
	}
	if runs == nil {
		return Block{}, fmt.Errorf("is empty")
	}
	return Block{Kind: ListItem, Runs: runs}, nil
}

// blockRuns turns a block's text or runs into runs: line breaks become
// spaces, and the block as a whole is trimmed. It returns nil for an empty
// block.
func blockRuns(text string, jr []jsonRun) ([]Run, error) {
	if text != "" && jr != nil {
		return nil, fmt.Errorf("give text or runs, not both")
	}
	if jr == nil {
		if text = oneLine(text); text == "" {
			return nil, nil
		}
		return []Run{{Text: text}}, nil
	}
	var runs []Run
	for _, r := range jr {
		var st Style
		if r.Italic {
			st |= Italic
		}
		if r.Bold {
			st |= Bold
		}
		t := strings.Map(func(c rune) rune {
			if c == '\r' || c == '\n' {
				return ' '
			}
			return c
		}, r.Text)
		if t != "" {
			runs = append(runs, Run{Text: t, Style: st, Link: strings.TrimSpace(r.Link), Lang: strings.TrimSpace(r.Lang)})
		}
	}
	// The block is trimmed as a whole: the white space at its ends may
	// span runs (a run of one space, then " of road"), so runs left empty
	// are dropped and the next one trimmed in turn.
	for len(runs) > 0 {
		runs[0].Text = strings.TrimLeftFunc(runs[0].Text, unicode.IsSpace)
		if runs[0].Text != "" {
			break
		}
		runs = runs[1:]
	}
	for len(runs) > 0 {
		last := &runs[len(runs)-1]
		last.Text = strings.TrimRightFunc(last.Text, unicode.IsSpace)
		if last.Text != "" {
			break
		}
		runs = runs[:len(runs)-1]
	}
	if strings.TrimSpace(Block{Runs: runs}.Text()) == "" {
		return nil, nil
	}
	return slices.DeleteFunc(runs, func(r Run) bool { return r.Text == "" }), nil
}

// decodeStrict decodes one JSON object, rejecting unknown fields.
func decodeStrict(raw []byte, v any) error {
	err := json.Unmarshal(raw, v)
	if err == nil {
		err = checkFields(raw, reflect.TypeOf(v).Elem())
	}
	var unknown *unknownFieldError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &unknown):
		return fmt.Errorf("%s; a block's fields are %s, and a run's are text, italic, bold, link, lang", unknown, jsonBlockFields)
	case errors.As(err, &typ):
		return fmt.Errorf("field %q must not be a JSON %s", typ.Field, typ.Value)
	}
	return err
}

// unknownFieldError is a key that names no field of the struct decoded.
type unknownFieldError struct{ name string }

func (e *unknownFieldError) Error() string { return fmt.Sprintf("unknown field %q", e.name) }

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// checkFields does for valid JSON decoded by json.Unmarshal what
// Decoder.DisallowUnknownFields does: it reports the first key of obj, or of
// an object nested in it, that names no field of the struct type t. Keys
// match the json tags regardless of case, as in encoding/json. Fields whose
// type decodes itself (a json.Unmarshaler) check their own contents.
func checkFields(obj []byte, t reflect.Type) error {
	if len(obj) == 0 || obj[0] != '{' {
		return nil // not an object: Unmarshal has said so already
	}
	inner := obj[1 : len(obj)-1]
	for {
		key, rest, ok := nextJSONItem(inner)
		if !ok {
			return nil
		}
		rest = bytes.TrimLeft(rest, " \t\r\n")
		value, rest, _ := nextJSONItem(rest[1:]) // after the colon
		inner = rest
		name, err := jsonString(key)
		if err != nil {
			return err
		}
		f, ok := jsonField(t, name)
		if !ok {
			return &unknownFieldError{name}
		}
		ft := f.Type
		if reflect.PointerTo(ft).Implements(unmarshalerType) {
			continue
		}
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		switch {
		case ft.Kind() == reflect.Struct:
			if err := checkFields(value, ft); err != nil {
				return err
			}
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct && len(value) > 0 && value[0] == '[':
			elems := value[1 : len(value)-1]
			for {
				elem, rest, ok := nextJSONItem(elems)
				if !ok {
					break
				}
				elems = rest
				if err := checkFields(elem, ft.Elem()); err != nil {
					return err
				}
			}
		}
	}
}

// jsonField finds the field of struct type t that the JSON key name sets.
func jsonField(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == "" {
			tag = f.Name
		}
		if tag != "-" && strings.EqualFold(tag, name) {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func jsonKind(raw []byte) string {
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}
