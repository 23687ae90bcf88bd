package render

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash"
	"math"
	"reflect"
	"time"

	"pdfexport/article"
)

// ETag identifies the PDF that Render would write for a and o, without
// rendering it: a hash of the article, the options as Render resolves them,
// and the renderer's Version. Output is deterministic, so equal ETags mean
// equal bytes. The result is a quoted strong entity tag.
//
// The fields are streamed into SHA-256 one by one, each string preceded by
// its length, so that no two different articles hash the same bytes ("ab",
// "c" and "a", "bc" differ) and nothing the size of the article is
// allocated: encoding the article as JSON first cost 73 MiB for 2 MiB of
// '<', which JSON's HTML escaping turns into six bytes each.
func ETag(a *article.Article, o Options) (string, error) {
	s, err := o.settings(a)
	if err != nil {
		return "", err
	}
	return etag(a, s), nil
}

func etag(a *article.Article, s settings) string {
	return `"` + base64.RawURLEncoding.EncodeToString(etagSum(a, s)[:18]) + `"`
}

// etagSum is the hash an ETag shows part of; it is also the PDF's file
// identifier, so that the same article and options give the same bytes.
func etagSum(a *article.Article, s settings) []byte {
	h := newHasher()
	h.str(Version)
	h.value(reflect.ValueOf(s))
	h.article(a)
	return h.sum()
}

// hasher writes length-prefixed fields into a hash through a small buffer,
// so that a field costs a copy, not a call into the hash, and a string is
// never converted to a byte slice (a copy the size of the string).
type hasher struct {
	h   hash.Hash
	buf [4096]byte
	n   int
}

func newHasher() *hasher { return &hasher{h: sha256.New()} }

func (h *hasher) flush() {
	h.h.Write(h.buf[:h.n])
	h.n = 0
}

func (h *hasher) uint(v uint64) {
	if h.n+binary.MaxVarintLen64 > len(h.buf) {
		h.flush()
	}
	h.n += binary.PutUvarint(h.buf[h.n:], v)
}

func (h *hasher) int(v int64) { h.uint(uint64(v)) }

func (h *hasher) bool(v bool) {
	if v {
		h.uint(1)
	} else {
		h.uint(0)
	}
}

// str writes the length, then the bytes.
func (h *hasher) str(s string) {
	h.uint(uint64(len(s)))
	for len(s) > 0 {
		if h.n == len(h.buf) {
			h.flush()
		}
		c := copy(h.buf[h.n:], s)
		h.n += c
		s = s[c:]
	}
}

// time writes an instant with its offset, as the date line would show it.
func (h *hasher) time(t time.Time) {
	var b [64]byte
	p := t.AppendFormat(b[:0], time.RFC3339Nano)
	h.uint(uint64(len(p)))
	if h.n+len(p) > len(h.buf) {
		h.flush()
	}
	h.n += copy(h.buf[h.n:], p)
}

func (h *hasher) sum() []byte {
	h.flush()
	return h.h.Sum(nil)
}

// article writes every field of a that can change its PDF. The test
// TestETagCoversEveryField changes each field of Article, Block and Run in
// turn, so a field added to the model and forgotten here fails it.
func (h *hasher) article(a *article.Article) {
	h.str(a.Title)
	h.str(a.Standfirst)
	h.str(a.Byline)
	h.str(a.Date)
	h.time(a.Published)
	h.str(a.URL)
	h.str(a.Lang)
	h.str(a.Rights)
	h.bool(a.Lead != nil)
	if a.Lead != nil {
		h.block(a.Lead)
	}
	h.uint(uint64(len(a.Body)))
	for i := range a.Body {
		h.block(&a.Body[i])
	}
	// a.Dropped is a report of the parse, not drawn.
}

func (h *hasher) block(b *article.Block) {
	h.uint(uint64(b.Kind))
	h.bool(b.Ordered)
	h.int(int64(b.Level))
	h.int(int64(b.Number))
	h.runs(b.Runs)
	h.runs(b.Cite)
	h.str(b.Label)
	h.str(b.ID)
	h.str(b.Lang)
	h.bool(b.Figure != nil)
	if f := b.Figure; f != nil {
		h.uint(uint64(len(f.Images)))
		for _, im := range f.Images {
			// The picture is named by its source: what it holds is the
			// image loader's business (see Options.Images).
			h.str(im.Src)
			h.str(im.Alt)
			h.int(int64(im.Width))
			h.int(int64(im.Height))
		}
		h.runs(f.Caption)
		h.str(f.Credit)
	}
	h.bool(b.Table != nil)
	if t := b.Table; t != nil {
		h.int(int64(t.HeadRows))
		h.runs(t.Caption)
		h.uint(uint64(len(t.Rows)))
		for _, r := range t.Rows {
			h.uint(uint64(len(r.Cells)))
			for _, c := range r.Cells {
				h.runs(c.Runs)
				h.bool(c.Header)
				h.int(int64(c.ColSpan))
				h.int(int64(c.RowSpan))
			}
		}
	}
	h.bool(b.Embed != nil)
	if e := b.Embed; e != nil {
		h.str(e.URL)
		h.str(e.Provider)
		h.str(e.Title)
	}
}

func (h *hasher) runs(rs []article.Run) {
	h.uint(uint64(len(rs)))
	for _, r := range rs {
		h.str(r.Text)
		h.uint(uint64(r.Style))
		h.str(r.Link)
		h.str(r.Note)
		h.str(r.Lang)
	}
}

// value writes a value of the layout's options field by field, by
// reflection: the layout is another engineer's package, and an option added
// there must change the ETag without anyone remembering to add it here.
// Kinds whose bytes would not be deterministic (maps, pointers) are refused
// loudly, at the first request, rather than hashed by address.
func (h *hasher) value(v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		h.uint(uint64(v.NumField()))
		for i := range v.NumField() {
			if v.Type().Field(i).Tag.Get("etag") == "-" {
				continue // hashed otherwise: see the field's comment
			}
			h.value(v.Field(i))
		}
	case reflect.String:
		h.str(v.String())
	case reflect.Bool:
		h.bool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		h.int(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		h.uint(v.Uint())
	case reflect.Float32, reflect.Float64:
		h.uint(math.Float64bits(v.Float()))
	case reflect.Slice, reflect.Array:
		h.uint(uint64(v.Len()))
		for i := range v.Len() {
			h.value(v.Index(i))
		}
	default:
		panic(fmt.Sprintf("render: ETag cannot hash a %s (kind %s) in the settings; teach hasher.value to", v.Type(), v.Kind()))
	}
}
