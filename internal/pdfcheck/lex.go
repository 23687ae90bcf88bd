package pdfcheck

import (
	"bytes"
	"errors"
	"strconv"
)

// The lexer reads the PDF syntax that content streams and CMaps share
// (ISO 32000-1 7.2 and 7.8.2): numbers, names, literal and hex strings, arrays,
// dictionaries and bare keywords. It works on decoded stream bytes; it never
// needs the file's cross-reference machinery, which qpdf has already dealt with.

// name is a PDF name object without its slash, with #xx escapes resolved.
type name string

// keyword is a bare word that is not true, false or null: an operator in a
// content stream, or a word such as begincmap or def in a CMap.
type keyword string

// Operand values are float64, name, []byte (a string's bytes), []any, map[name]any,
// bool or nil.

var errSyntax = errors.New("content syntax error")

type lexer struct {
	b   []byte
	pos int
}

func isSpace(c byte) bool {
	switch c {
	case 0, '\t', '\n', '\f', '\r', ' ':
		return true
	}
	return false
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func (l *lexer) skipSpace() {
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		if isSpace(c) {
			l.pos++
			continue
		}
		if c == '%' {
			for l.pos < len(l.b) && l.b[l.pos] != '\n' && l.b[l.pos] != '\r' {
				l.pos++
			}
			continue
		}
		return
	}
}

// next returns the next object or keyword. At the end it returns (nil, false, nil).
// A closing bracket met at the top level comes back as keyword("]") or
// keyword(">>"), so that the caller decides whether it is an error.
func (l *lexer) next() (v any, ok bool, err error) {
	l.skipSpace()
	if l.pos >= len(l.b) {
		return nil, false, nil
	}
	c := l.b[l.pos]
	switch {
	case c == '/':
		l.pos++
		return l.name(), true, nil
	case c == '(':
		l.pos++
		s, err := l.literal()
		return s, true, err
	case c == '<':
		if l.pos+1 < len(l.b) && l.b[l.pos+1] == '<' {
			l.pos += 2
			d, err := l.dict()
			return d, true, err
		}
		l.pos++
		s, err := l.hex()
		return s, true, err
	case c == '>':
		if l.pos+1 < len(l.b) && l.b[l.pos+1] == '>' {
			l.pos += 2
			return keyword(">>"), true, nil
		}
		l.pos++
		return nil, true, errSyntax
	case c == '[':
		l.pos++
		a, err := l.array()
		return a, true, err
	case c == ']':
		l.pos++
		return keyword("]"), true, nil
	case c == '{' || c == '}':
		// PostScript procedure braces appear in Type 4 functions and some CMaps;
		// they carry nothing this package needs.
		l.pos++
		return keyword(l.b[l.pos-1 : l.pos]), true, nil
	case c == ')':
		l.pos++
		return nil, true, errSyntax
	}
	start := l.pos
	for l.pos < len(l.b) && !isSpace(l.b[l.pos]) && !isDelim(l.b[l.pos]) {
		l.pos++
	}
	word := string(l.b[start:l.pos])
	if f, isNum := number(word); isNum {
		return f, true, nil
	}
	switch word {
	case "true":
		return true, true, nil
	case "false":
		return false, true, nil
	case "null":
		return nil, true, nil
	}
	return keyword(word), true, nil
}

// number parses a PDF number; PDF has no exponents, so "1e5" is a keyword.
func number(w string) (float64, bool) {
	if w == "" {
		return 0, false
	}
	digits := 0
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
		case (c == '+' || c == '-') && i == 0:
		default:
			return 0, false
		}
	}
	if digits == 0 {
		return 0, false
	}
	f, err := strconv.ParseFloat(w, 64)
	if err != nil {
		// "1.2.3" or "--1": malformed numbers that readers treat as 0.
		return 0, true
	}
	return f, true
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func (l *lexer) name() name {
	var out []byte
	for l.pos < len(l.b) && !isSpace(l.b[l.pos]) && !isDelim(l.b[l.pos]) {
		c := l.b[l.pos]
		if c == '#' && l.pos+2 < len(l.b) {
			hi, ok1 := unhex(l.b[l.pos+1])
			lo, ok2 := unhex(l.b[l.pos+2])
			if ok1 && ok2 {
				out = append(out, hi<<4|lo)
				l.pos += 3
				continue
			}
		}
		out = append(out, c)
		l.pos++
	}
	return name(out)
}

func (l *lexer) literal() ([]byte, error) {
	var out []byte
	depth := 1
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return out, nil
			}
		case '\r':
			// An end of line inside a string reads as a single \n.
			if l.pos < len(l.b) && l.b[l.pos] == '\n' {
				l.pos++
			}
			c = '\n'
		case '\\':
			if l.pos >= len(l.b) {
				return out, errSyntax
			}
			e := l.b[l.pos]
			l.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if l.pos < len(l.b) && l.b[l.pos] == '\n' {
					l.pos++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.pos < len(l.b) && l.b[l.pos] >= '0' && l.b[l.pos] <= '7'; k++ {
						v = v*8 + int(l.b[l.pos]-'0')
						l.pos++
					}
					c = byte(v)
				} else {
					c = e // \( \) \\ and unknown escapes stand for themselves
				}
			}
		}
		out = append(out, c)
	}
	return out, errSyntax
}

func (l *lexer) hex() ([]byte, error) {
	var out []byte
	var hi byte
	half := false
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		if c == '>' {
			if half {
				out = append(out, hi<<4) // an odd digit count pads with 0
			}
			return out, nil
		}
		if isSpace(c) {
			continue
		}
		v, ok := unhex(c)
		if !ok {
			return out, errSyntax
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	return out, errSyntax
}

func (l *lexer) array() ([]any, error) {
	out := []any{}
	for {
		v, ok, err := l.next()
		if err != nil {
			return out, err
		}
		if !ok {
			return out, errSyntax
		}
		if k, isKw := v.(keyword); isKw && k == "]" {
			return out, nil
		}
		out = append(out, v)
	}
}

func (l *lexer) dict() (map[name]any, error) {
	out := map[name]any{}
	for {
		k, ok, err := l.next()
		if err != nil {
			return out, err
		}
		if !ok {
			return out, errSyntax
		}
		if kw, isKw := k.(keyword); isKw && kw == ">>" {
			return out, nil
		}
		key, isName := k.(name)
		if !isName {
			return out, errSyntax
		}
		v, ok, err := l.next()
		if err != nil {
			return out, err
		}
		if !ok {
			return out, errSyntax
		}
		if kw, isKw := v.(keyword); isKw && kw == ">>" {
			return out, errSyntax
		}
		out[key] = v
	}
}

// op is one content-stream operation: an operator and the operands before it.
type op struct {
	name     string
	operands []any
}

// contentParser turns a content stream into operations. Inline images (BI ... ID
// data EI) come back as one operation "BI" whose operand is the image dictionary;
// the image data is skipped, since it is binary and may contain anything.
type contentParser struct {
	lex      lexer
	operands []any
}

func newContentParser(b []byte) *contentParser { return &contentParser{lex: lexer{b: b}} }

// next returns the next operation, or ok false at the end of the stream.
func (p *contentParser) next() (o op, ok bool, err error) {
	for {
		v, more, err := p.lex.next()
		if err != nil {
			return op{}, false, err
		}
		if !more {
			return op{}, false, nil
		}
		kw, isKw := v.(keyword)
		if !isKw {
			p.operands = append(p.operands, v)
			continue
		}
		if kw == "]" || kw == ">>" {
			return op{}, false, errSyntax
		}
		o = op{name: string(kw), operands: p.operands}
		p.operands = nil
		if kw == "BI" {
			d, err := p.inlineImage()
			if err != nil {
				return op{}, false, err
			}
			o.operands = []any{d}
		}
		return o, true, nil
	}
}

// inlineImage reads an inline image's dictionary up to ID and skips its data to
// just past EI (ISO 32000-1 8.9.7). When the data is unfiltered its length is
// known from the dictionary and the search for EI starts after it, so image
// bytes that happen to spell " EI " do not end the image early.
func (p *contentParser) inlineImage() (map[name]any, error) {
	d := map[name]any{}
	for {
		k, ok, err := p.lex.next()
		if err != nil {
			return d, err
		}
		if !ok {
			return d, errSyntax
		}
		if kw, isKw := k.(keyword); isKw && kw == "ID" {
			break
		}
		key, isName := k.(name)
		if !isName {
			return d, errSyntax
		}
		v, ok, err := p.lex.next()
		if err != nil {
			return d, err
		}
		if !ok {
			return d, errSyntax
		}
		d[key] = v
	}
	l := &p.lex
	if l.pos < len(l.b) && isSpace(l.b[l.pos]) {
		l.pos++ // the single white-space character after ID
	}
	start := l.pos
	if n, known := inlineDataLength(d); known && start+n <= len(l.b) {
		start += n
	}
	for i := start; i+1 < len(l.b); i++ {
		if l.b[i] != 'E' || l.b[i+1] != 'I' {
			continue
		}
		before := i == start || isSpace(l.b[i-1])
		after := i+2 == len(l.b) || isSpace(l.b[i+2]) || isDelim(l.b[i+2])
		if before && after {
			l.pos = i + 2
			return d, nil
		}
	}
	return d, errSyntax
}

func inlineDataLength(d map[name]any) (int, bool) {
	get := func(short, long name) any {
		if v, ok := d[short]; ok {
			return v
		}
		return d[long]
	}
	if get("F", "Filter") != nil {
		return 0, false
	}
	w, ok1 := get("W", "Width").(float64)
	h, ok2 := get("H", "Height").(float64)
	if !ok1 || !ok2 || w <= 0 || h <= 0 {
		return 0, false
	}
	bpc, comps := 8.0, 1
	if v, ok := get("BPC", "BitsPerComponent").(float64); ok {
		bpc = v
	}
	if mask, _ := get("IM", "ImageMask").(bool); mask {
		bpc = 1
	} else {
		switch cs := get("CS", "ColorSpace").(type) {
		case name:
			switch cs {
			case "RGB", "DeviceRGB", "CalRGB":
				comps = 3
			case "CMYK", "DeviceCMYK":
				comps = 4
			case "G", "DeviceGray", "CalGray", "I", "Indexed":
				comps = 1
			default:
				return 0, false // a named resource colour space: unknown here
			}
		case []any:
			comps = 1 // [/Indexed base hival lookup]
		default:
			return 0, false
		}
	}
	row := (int(w)*comps*int(bpc) + 7) / 8
	return row * int(h), true
}

// pdfText decodes a PDF text string (ISO 32000-1 7.9.2.2): UTF-16BE when it starts
// with a byte order mark, else PDFDocEncoding, which agrees with Latin-1 for the
// characters a writer of text strings uses.
func pdfText(b []byte) string {
	if bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
		return utf16BE(b[2:])
	}
	if bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) { // PDF 2.0 allows UTF-8
		return string(b[3:])
	}
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}
