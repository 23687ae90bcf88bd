package pdfcheck

import (
	"unicode/utf16"
)

// cmap is what this package needs of a CMap (ISO 32000-1 9.7.5 and 9.10.3): the
// codespace ranges that cut a string into codes, the Unicode values of a
// ToUnicode CMap (bfchar, bfrange) and the CIDs of an encoding CMap (cidchar,
// cidrange). Codes are kept as their bytes, since <0041> and <41> are different
// codes.
type cmap struct {
	space []codeRange
	uni   map[string]string
	cids  map[string]int
}

// codeRange is one codespace range: a code of len(lo) bytes belongs to it when
// each byte lies between the corresponding bytes of lo and hi.
type codeRange struct{ lo, hi []byte }

// maxRange bounds how many codes one bfrange or cidrange may add: a damaged
// CMap must not make the checker allocate gigabytes. A two-byte codespace has
// 65536 codes, so every real ToUnicode range fits.
const maxRange = 1 << 16

func parseCMap(b []byte) (*cmap, error) {
	m := &cmap{uni: map[string]string{}, cids: map[string]int{}}
	l := lexer{b: b}
	var args []any
	for {
		v, ok, err := l.next()
		if err != nil {
			return m, err
		}
		if !ok {
			return m, nil
		}
		kw, isKw := v.(keyword)
		if !isKw {
			args = append(args, v)
			continue
		}
		switch kw {
		case "endcodespacerange":
			for i := 0; i+1 < len(args); i += 2 {
				lo, ok1 := args[i].([]byte)
				hi, ok2 := args[i+1].([]byte)
				if ok1 && ok2 && len(lo) == len(hi) && len(lo) > 0 && len(lo) <= 4 {
					m.space = append(m.space, codeRange{lo, hi})
				}
			}
		case "endbfchar":
			for i := 0; i+1 < len(args); i += 2 {
				src, ok1 := args[i].([]byte)
				dst, ok2 := args[i+1].([]byte)
				if ok1 && ok2 {
					m.uni[string(src)] = utf16BE(dst)
				}
			}
		case "endbfrange":
			for i := 0; i+2 < len(args); i += 3 {
				m.bfrange(args[i], args[i+1], args[i+2])
			}
		case "endcidchar":
			for i := 0; i+1 < len(args); i += 2 {
				src, ok1 := args[i].([]byte)
				cid, ok2 := args[i+1].(float64)
				if ok1 && ok2 {
					m.cids[string(src)] = int(cid)
				}
			}
		case "endcidrange":
			for i := 0; i+2 < len(args); i += 3 {
				lo, ok1 := args[i].([]byte)
				hi, ok2 := args[i+1].([]byte)
				cid, ok3 := args[i+2].(float64)
				if !ok1 || !ok2 || !ok3 {
					continue
				}
				forRange(lo, hi, func(k int, code []byte) { m.cids[string(code)] = int(cid) + k })
			}
		}
		args = args[:0]
	}
}

// bfrange adds one bfrange line. Its destination is either an array of strings,
// one per code, or a string whose last byte is incremented for each code
// (ISO 32000-1 9.10.3); like most readers we carry into the bytes before it, so
// a range that crosses a 256 boundary still maps as its writer meant.
func (m *cmap) bfrange(loV, hiV, dstV any) {
	lo, ok1 := loV.([]byte)
	hi, ok2 := hiV.([]byte)
	if !ok1 || !ok2 {
		return
	}
	switch dst := dstV.(type) {
	case []any:
		forRange(lo, hi, func(k int, code []byte) {
			if k < len(dst) {
				if s, ok := dst[k].([]byte); ok {
					m.uni[string(code)] = utf16BE(s)
				}
			}
		})
	case []byte:
		forRange(lo, hi, func(k int, code []byte) {
			m.uni[string(code)] = utf16BE(addBigEndian(dst, k))
		})
	}
}

// forRange calls f for each code from lo to hi, both of the same length.
func forRange(lo, hi []byte, f func(k int, code []byte)) {
	if len(lo) != len(hi) || len(lo) == 0 || len(lo) > 4 {
		return
	}
	a, b := beUint(lo), beUint(hi)
	if b < a || b-a >= maxRange {
		return
	}
	for v := a; v <= b; v++ {
		code := make([]byte, len(lo))
		for i := len(code) - 1; i >= 0; i-- {
			code[i] = byte(v >> (8 * uint(len(code)-1-i)))
		}
		f(int(v-a), code)
	}
}

func beUint(b []byte) uint32 {
	var v uint32
	for _, c := range b {
		v = v<<8 | uint32(c)
	}
	return v
}

func addBigEndian(b []byte, k int) []byte {
	out := append([]byte(nil), b...)
	carry := k
	for i := len(out) - 1; i >= 0 && carry > 0; i-- {
		s := int(out[i]) + carry
		out[i] = byte(s)
		carry = s >> 8
	}
	return out
}

// utf16BE decodes UTF-16BE, pairing surrogates; a lone surrogate becomes U+FFFD
// and an odd last byte is dropped.
func utf16BE(b []byte) string {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
	}
	return string(utf16.Decode(u))
}

// split cuts a string into codes by the codespace ranges (ISO 32000-1 9.7.6.2):
// at each position the code is the shortest byte sequence that lies in a range.
// Bytes that match no range are taken one at a time, which is how a reader
// falls back too.
func (m *cmap) split(s []byte) [][]byte {
	var codes [][]byte
	for i := 0; i < len(s); {
		n := m.codeLength(s[i:])
		codes = append(codes, s[i:i+n])
		i += n
	}
	return codes
}

func (m *cmap) codeLength(s []byte) int {
	for n := 1; n <= 4 && n <= len(s); n++ {
		for _, r := range m.space {
			if len(r.lo) != n {
				continue
			}
			in := true
			for k := 0; k < n; k++ {
				if s[k] < r.lo[k] || s[k] > r.hi[k] {
					in = false
					break
				}
			}
			if in {
				return n
			}
		}
	}
	return 1
}
