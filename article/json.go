package article

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// jsonArticle is the wire form of an article; see ParseJSON.
type jsonArticle struct {
	Title      string            `json:"title"`
	Standfirst string            `json:"standfirst"`
	Byline     string            `json:"byline"`
	Published  string            `json:"published"`
	URL        string            `json:"url"`
	Lang       string            `json:"lang"`
	Rights     string            `json:"rights"`
	Body       []json.RawMessage `json:"body"`
}

// jsonBlock is the object form of a body item.
type jsonBlock struct {
	Type    string            `json:"type"` // paragraph (default), heading, quote, list
	Text    string            `json:"text"`
	Runs    []jsonRun         `json:"runs"`
	Ordered bool              `json:"ordered"` // list
	Start   *int              `json:"start"`   // list: number of the first item
	Items   []json.RawMessage `json:"items"`   // list: strings or {text|runs} objects
}

type jsonRun struct {
	Text   string `json:"text"`
	Italic bool   `json:"italic"`
	Bold   bool   `json:"bold"`
	Link   string `json:"link"`
}

const (
	jsonFields      = "title, standfirst, byline, published, url, lang, rights, body"
	jsonBlockFields = "type, text, runs, ordered, start, items"
)

// ParseJSON parses an article given as one JSON object:
//
//	{"title": "…", "standfirst": "…", "byline": "By …", "published": "2017-01-04",
//	 "url": "https://…", "lang": "en", "rights": "© …", "body": ["paragraph", …]}
//
// Each body item is a paragraph as a string, or a block object:
//
//	{"type": "heading", "text": "…"}                    also "paragraph" (the default) and "quote"
//	{"type": "quote", "runs": [{"text": "…", "italic": true}, {"text": "…", "link": "https://…"}]}
//	{"type": "list", "ordered": true, "start": 1, "items": ["…", {"runs": […]}]}
//
// A block has text or runs, not both; runs may be italic, bold and links.
// Only title is required; without lang, the language is detected from the
// text (DetectLang). published is a date (2017-01-04) or an RFC 3339
// time. Line breaks inside a string become spaces; empty paragraphs are
// dropped. Unknown fields and anything after the object are errors, so that a
// misspelt field is reported instead of silently ignored.
func ParseJSON(data []byte) (*Article, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%w: the JSON body is empty", ErrEmpty)
	}
	// encoding/json would quietly turn invalid bytes into U+FFFD; JSON must
	// be UTF-8 (RFC 8259), and a changed character is a lost one.
	if !utf8.Valid(data) {
		i := 0
		for i < len(data) {
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size == 1 {
				break
			}
			i += size
		}
		return nil, fmt.Errorf("%w: the JSON is not valid UTF-8 (byte %d)", ErrInvalid, i)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var j jsonArticle
	if err := dec.Decode(&j); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrInvalid, describeJSONError(err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: unexpected data after the JSON object", ErrInvalid)
	}
	a := &Article{
		Title:      oneLine(j.Title),
		Standfirst: oneLine(j.Standfirst),
		Byline:     oneLine(j.Byline),
		URL:        strings.TrimSpace(j.URL),
		Lang:       strings.TrimSpace(j.Lang),
		Rights:     oneLine(j.Rights),
	}
	for i, raw := range j.Body {
		blocks, err := decodeBodyItem(raw)
		if err != nil {
			return nil, fmt.Errorf("%w: body item %d: %s", ErrInvalid, i+1, err)
		}
		a.Body = append(a.Body, blocks...)
	}
	if a.Lang == "" {
		a.Lang = DetectLang(a.Title + "\n" + a.Standfirst + "\n" + strings.Join(a.Paragraphs(), "\n"))
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

func describeJSONError(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
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
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "the JSON ends before the object is complete (truncated body?)"
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		return fmt.Sprintf("%s; the allowed fields are %s", strings.TrimPrefix(err.Error(), "json: "), jsonFields)
	}
	return "the JSON could not be read: " + err.Error()
}

// Parse reads an article in either format, telling them apart by the first
// character that is not white space: '{' starts a JSON article, anything else
// is the site's plain text.
func Parse(data []byte) (*Article, error) {
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\uFEFF")), " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '{' {
		return ParseJSON(data)
	}
	return ParseText(data)
}

// decodeBodyItem reads one element of "body": a string or a block object. A
// list becomes one block per item; an empty paragraph becomes none.
func decodeBodyItem(raw json.RawMessage) ([]Block, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
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
		if len(jb.Items) == 0 {
			return nil, fmt.Errorf("a list needs at least one item in \"items\"")
		}
		start := 1
		if jb.Start != nil {
			start = *jb.Start
		}
		var out []Block
		for i, item := range jb.Items {
			b, err := decodeListItem(item)
			if err != nil {
				return nil, fmt.Errorf("list item %d: %w", i+1, err)
			}
			b.Ordered, b.Number = jb.Ordered, start+i
			out = append(out, b)
		}
		return out, nil
	}
	kind, ok := kinds[jb.Type]
	if !ok {
		return nil, fmt.Errorf("type %q is not one of paragraph, heading, quote, list", jb.Type)
	}
	if jb.Items != nil || jb.Ordered || jb.Start != nil {
		return nil, fmt.Errorf("only a list has items, ordered or start")
	}
	runs, err := blockRuns(jb.Text, jb.Runs)
	if err != nil || runs == nil {
		return nil, err
	}
	return []Block{{Kind: kind, Runs: runs}}, nil
}

func decodeListItem(raw json.RawMessage) (Block, error) {
	raw = bytes.TrimSpace(raw)
	var runs []Run
	var err error
	switch {
	case len(raw) > 0 && raw[0] == '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
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
			runs = append(runs, Run{Text: t, Style: st, Link: strings.TrimSpace(r.Link)})
		}
	}
	if len(runs) == 0 {
		return nil, nil
	}
	runs[0].Text = strings.TrimLeftFunc(runs[0].Text, unicode.IsSpace)
	last := &runs[len(runs)-1]
	last.Text = strings.TrimRightFunc(last.Text, unicode.IsSpace)
	if strings.TrimSpace(Block{Runs: runs}.Text()) == "" {
		return nil, nil
	}
	return slices.DeleteFunc(runs, func(r Run) bool { return r.Text == "" }), nil
}

// decodeStrict decodes one JSON object, rejecting unknown fields.
func decodeStrict(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if strings.HasPrefix(err.Error(), "json: unknown field") {
			return fmt.Errorf("%s; a block's fields are %s, and a run's are text, italic, bold, link", strings.TrimPrefix(err.Error(), "json: "), jsonBlockFields)
		}
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) {
			return fmt.Errorf("field %q must not be a JSON %s", typ.Field, typ.Value)
		}
		return err
	}
	return nil
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
