package article

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
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
	Body       []string `json:"body"`
}

const jsonFields = "title, standfirst, byline, published, url, lang, rights, body"

// ParseJSON parses an article given as one JSON object:
//
//	{"title": "…", "standfirst": "…", "byline": "By …", "published": "2017-01-04",
//	 "url": "https://…", "lang": "en", "rights": "© …", "body": ["paragraph", …]}
//
// Only title is required. published is a date (2017-01-04) or an RFC 3339
// time. Line breaks inside a string become spaces; empty paragraphs are
// dropped. Unknown fields and anything after the object are errors, so that a
// misspelt field is reported instead of silently ignored.
func ParseJSON(data []byte) (*Article, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%w: the JSON body is empty", ErrEmpty)
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
	if p := strings.TrimSpace(j.Published); p != "" {
		t, err := parsePublished(p)
		if err != nil {
			return nil, err
		}
		a.Published = t
		a.Date = FormatDate(t, a.Lang)
	}
	for _, p := range j.Body {
		if p = oneLine(p); p != "" {
			a.Body = append(a.Body, p)
		}
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
			want = "an array of strings (one per paragraph)"
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
