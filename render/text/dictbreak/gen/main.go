// Command gen extracts the word lists of ICU's break dictionaries for Thai,
// Lao, Khmer and Burmese from Debian's libicu72 into ../data, as sorted
// UTF-8 lines, gzipped, and copies ICU's licence beside them. It is run by
// go generate in package dictbreak:
//
//	go generate ./render/text/dictbreak
//
// It needs Debian 12's libicu72 (the data: libicudata.so.72) and libicu-dev
// (ICU 72.1's LICENSE, which holds the dictionaries' own notices); nothing
// else. The output depends only on those two files (and on compress/flate,
// whose bytes may differ between Go releases while the words do not).
//
// -lib, -symbol and -prefix read another copy of ICU's data: node's binary
// holds ICU 78's as icudt78_dat (items named icudt78l/...), and its four
// word lists come out identical to ICU 72's.
//
// How the data is read, from ICU's own documentation of its formats (the
// comments of udata.h, ucmndata.h, dictionarydata.h and bytestrie.h):
//
//   - libicudata.so.72 is a shared object holding one symbol, icudt72_dat:
//     ICU's common data package, read here with debug/elf.
//   - The package is a data header (its length first, then the magic bytes
//     0xda 0x27 and a UDataInfo saying its byte order) followed by a table
//     of contents: a count, then per item the offsets of its name
//     ("icudt72l/brkitr/thaidict.dict") and of its data, both from the start
//     of the table.
//   - Each dictionary is itself a data item with a header, then eight int32
//     indexes: where the trie starts, the total size, the trie's type
//     (bytes or UTF-16 units, with values or not) and the transform. The
//     four dictionaries here are BytesTries with the offset transform: each
//     character is stored as one byte, its code point less an offset (the
//     script's block), but for ZWNJ and ZWJ, stored as 0xFE and 0xFF.
//   - A BytesTrie is walked node by node (bytestrie.h's encoding): a lead
//     byte below 0x10 starts a branch (a binary search on bytes down to
//     linear lists of at most five), below 0x20 a run of bytes to match,
//     and from 0x20 a value, which ends a string (final or not).
//
// The words are written out in full rather than as ICU's trie: a list is
// readable (gunzip it), and the segmenter builds its own structure from it
// at first use.
package main

import (
	"bytes"
	"compress/gzip"
	"debug/elf"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"
)

const (
	libPath     = "/usr/lib/x86_64-linux-gnu/libicudata.so.72"
	symbol      = "icudt72_dat"
	licencePath = "/usr/share/icu/72.1/LICENSE"
)

// dicts are the dictionaries taken, by their name in the package, and the
// file each becomes.
var dicts = []struct{ item, out string }{
	{"icudt72l/brkitr/thaidict.dict", "thai.txt.gz"},
	{"icudt72l/brkitr/laodict.dict", "lao.txt.gz"},
	{"icudt72l/brkitr/khmerdict.dict", "khmer.txt.gz"},
	{"icudt72l/brkitr/burmesedict.dict", "burmese.txt.gz"},
}

func main() {
	out := flag.String("out", "data", "directory to write the word lists to")
	lib := flag.String("lib", libPath, "shared object or executable holding ICU's data")
	sym := flag.String("symbol", symbol, "its symbol")
	prefix := flag.String("prefix", "icudt72l/", "the items' prefix in the package")
	flag.Parse()
	pkg, err := readPackage(*lib, *sym)
	if err != nil {
		log.Fatal(err)
	}
	items, err := tableOfContents(pkg)
	if err != nil {
		log.Fatal(err)
	}
	for _, d := range dicts {
		data, ok := items[*prefix+strings.TrimPrefix(d.item, "icudt72l/")]
		if !ok {
			log.Fatalf("%s: no item %s", libPath, d.item)
		}
		words, err := dictionaryWords(data)
		if err != nil {
			log.Fatalf("%s: %v", d.item, err)
		}
		if err := writeList(filepath.Join(*out, d.out), words); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: %d words -> %s\n", d.item, len(words), d.out)
	}
	lic, err := os.ReadFile(licencePath)
	if err != nil {
		log.Fatalf("ICU's licence (Debian's libicu-dev): %v", err)
	}
	if err := os.WriteFile(filepath.Join(*out, "ICU-LICENSE"), lic, 0o644); err != nil {
		log.Fatal(err)
	}
}

// readPackage returns the bytes of the symbol sym of the shared object at
// path: ICU's common data package.
func readPackage(path, sym string) ([]byte, error) {
	f, err := elf.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	syms, err := f.DynamicSymbols()
	if err != nil {
		return nil, err
	}
	for _, s := range syms {
		if s.Name != sym {
			continue
		}
		if int(s.Section) >= len(f.Sections) {
			return nil, fmt.Errorf("%s: symbol %s in no section", path, sym)
		}
		sec := f.Sections[s.Section]
		data, err := sec.Data()
		if err != nil {
			return nil, err
		}
		from := s.Value - sec.Addr
		if from+s.Size > uint64(len(data)) {
			return nil, fmt.Errorf("%s: symbol %s outside its section", path, sym)
		}
		return data[from : from+s.Size], nil
	}
	return nil, fmt.Errorf("%s: no symbol %s", path, sym)
}

// header checks an ICU data header (udata.h: MappedData then UDataInfo)
// and returns what follows it and its four-letter data format.
func header(b []byte) ([]byte, string, error) {
	if len(b) < 24 {
		return nil, "", errors.New("short data header")
	}
	size := int(binary.LittleEndian.Uint16(b))
	if b[2] != 0xda || b[3] != 0x27 {
		return nil, "", errors.New("no ICU data magic")
	}
	// UDataInfo: size, reserved, isBigEndian, charsetFamily, sizeofUChar,
	// reserved, dataFormat[4], formatVersion[4], dataVersion[4].
	if b[8] != 0 {
		return nil, "", errors.New("big-endian data: this reader takes little-endian only")
	}
	if size > len(b) {
		return nil, "", errors.New("data header longer than its data")
	}
	return b[size:], string(b[12:16]), nil
}

// tableOfContents maps each item's name in a common data package to its
// bytes (up to the next item's start, or the package's end).
func tableOfContents(pkg []byte) (map[string][]byte, error) {
	toc, format, err := header(pkg)
	if err != nil {
		return nil, err
	}
	if format != "CmnD" {
		return nil, fmt.Errorf("data format %q, want a common data package (CmnD)", format)
	}
	le := binary.LittleEndian
	n := int(le.Uint32(toc))
	if 4+8*n > len(toc) {
		return nil, errors.New("table of contents runs past the package")
	}
	type entry struct {
		name     string
		from, to int
	}
	entries := make([]entry, n)
	for i := range entries {
		nameAt := int(le.Uint32(toc[4+8*i:]))
		dataAt := int(le.Uint32(toc[8+8*i:]))
		end := bytes.IndexByte(toc[nameAt:], 0)
		if end < 0 {
			return nil, fmt.Errorf("item %d: unterminated name", i)
		}
		entries[i] = entry{name: string(toc[nameAt : nameAt+end]), from: dataAt}
	}
	// Items are stored in the order of the table: each ends where the next
	// begins.
	items := make(map[string][]byte, n)
	for i := range entries {
		to := len(toc)
		if i+1 < n {
			to = entries[i+1].from
		}
		if entries[i].from > to || to > len(toc) {
			return nil, fmt.Errorf("item %s: bad offsets", entries[i].name)
		}
		items[entries[i].name] = toc[entries[i].from:to]
	}
	return items, nil
}

// Indexes and constants of a dictionary (dictionarydata.h).
const (
	ixStringTrieOffset = 0
	ixTotalSize        = 3
	ixTrieType         = 4
	ixTransform        = 5
	ixCount            = 8

	trieTypeBytes      = 0
	trieTypeMask       = 7
	transformTypeMask  = 0x7f000000
	transformOffset    = 0x01000000
	transformOffsetBit = 0x001fffff
)

// dictionaryWords returns the words of one dictionary item, sorted.
func dictionaryWords(item []byte) ([]string, error) {
	body, format, err := header(item)
	if err != nil {
		return nil, err
	}
	if format != "Dict" {
		return nil, fmt.Errorf("data format %q, want Dict", format)
	}
	if len(body) < 4*ixCount {
		return nil, errors.New("short dictionary")
	}
	var ix [ixCount]int
	for i := range ix {
		ix[i] = int(int32(binary.LittleEndian.Uint32(body[4*i:])))
	}
	if ix[ixTrieType]&trieTypeMask != trieTypeBytes {
		return nil, fmt.Errorf("trie type %#x: not a BytesTrie", ix[ixTrieType])
	}
	if ix[ixTransform]&transformTypeMask != transformOffset {
		return nil, fmt.Errorf("transform %#x: not the offset transform", ix[ixTransform])
	}
	offset := rune(ix[ixTransform] & transformOffsetBit)
	if ix[ixStringTrieOffset] > ix[ixTotalSize] || ix[ixTotalSize] > len(body) {
		return nil, errors.New("trie outside the dictionary")
	}
	t := trie{data: body[ix[ixStringTrieOffset]:ix[ixTotalSize]]}
	var raw [][]byte
	if err := t.walk(0, nil, func(s []byte) { raw = append(raw, bytes.Clone(s)) }); err != nil {
		return nil, err
	}
	words := make([]string, 0, len(raw))
	for _, s := range raw {
		var b strings.Builder
		for _, c := range s {
			switch c {
			case 0xFF:
				b.WriteRune('\u200D')
			case 0xFE:
				b.WriteRune('\u200C')
			default:
				b.WriteRune(offset + rune(c))
			}
		}
		words = append(words, b.String())
	}
	slices.Sort(words)
	return slices.Compact(words), nil
}

// trie walks a BytesTrie (bytestrie.h).
type trie struct{ data []byte }

// BytesTrie encoding constants.
const (
	minLinearMatch       = 0x10
	minValueLead         = 0x20
	valueIsFinal         = 1
	maxBranchLinear      = 5
	minTwoByteValueLead  = 0x51 // of the value lead, the node byte shifted right once
	minThreeByteValLead  = 0x6c
	fourByteValueLead    = 0x7e
	minTwoByteDeltaLead  = 0xc0
	minThreeByteDeltaLd  = 0xf0
	fourByteDeltaLead    = 0xfe
	minOneByteValueLead  = minValueLead / 2
	errTrieOutOfBounds   = "trie: offset out of bounds"
	maxWordBytesPossible = 256 // no dictionary word is longer; a longer one means a broken walk
)

func (t *trie) at(pos int) (byte, error) {
	if pos < 0 || pos >= len(t.data) {
		return 0, errors.New(errTrieOutOfBounds)
	}
	return t.data[pos], nil
}

// valueBytes is how many bytes follow a value's lead (lead is the node byte
// shifted right once).
func valueBytes(lead int) int {
	switch {
	case lead < minTwoByteValueLead:
		return 0
	case lead < minThreeByteValLead:
		return 1
	case lead < fourByteValueLead:
		return 2
	case lead == fourByteValueLead:
		return 3
	}
	return 4
}

// readValue reads the value of a node whose lead (shifted) is lead,
// its bytes from pos, and returns it and the position after it.
func (t *trie) readValue(pos, lead int) (int, int, error) {
	n := valueBytes(lead)
	if pos+n > len(t.data) {
		return 0, 0, errors.New(errTrieOutOfBounds)
	}
	b := t.data[pos : pos+n]
	var v int
	switch n {
	case 0:
		v = lead - minOneByteValueLead
	case 1:
		v = (lead-minTwoByteValueLead)<<8 | int(b[0])
	case 2:
		v = (lead-minThreeByteValLead)<<16 | int(b[0])<<8 | int(b[1])
	case 3:
		v = int(b[0])<<16 | int(b[1])<<8 | int(b[2])
	case 4:
		v = int(b[0])<<24 | int(b[1])<<16 | int(b[2])<<8 | int(b[3])
	}
	return v, pos + n, nil
}

// readDelta reads a branch's jump delta at pos and returns it and the
// position after it.
func (t *trie) readDelta(pos int) (int, int, error) {
	d, err := t.at(pos)
	if err != nil {
		return 0, 0, err
	}
	pos++
	var n int
	switch {
	case d < minTwoByteDeltaLead:
		return int(d), pos, nil
	case d < minThreeByteDeltaLd:
		n = 1
	case d < fourByteDeltaLead:
		n = 2
	case d == fourByteDeltaLead:
		n = 3
	default:
		n = 4
	}
	if pos+n > len(t.data) {
		return 0, 0, errors.New(errTrieOutOfBounds)
	}
	b := t.data[pos : pos+n]
	var v int
	switch n {
	case 1:
		v = int(d-minTwoByteDeltaLead)<<8 | int(b[0])
	case 2:
		v = int(d-minThreeByteDeltaLd)<<16 | int(b[0])<<8 | int(b[1])
	case 3:
		v = int(b[0])<<16 | int(b[1])<<8 | int(b[2])
	case 4:
		v = int(b[0])<<24 | int(b[1])<<16 | int(b[2])<<8 | int(b[3])
	}
	return v, pos + n, nil
}

// walk calls emit with every string of the node at pos, prefix before it.
func (t *trie) walk(pos int, prefix []byte, emit func([]byte)) error {
	if len(prefix) > maxWordBytesPossible {
		return errors.New("trie: a word too long: the walk is lost")
	}
	for {
		node, err := t.at(pos)
		if err != nil {
			return err
		}
		pos++
		switch {
		case node >= minValueLead:
			emit(prefix)
			if node&valueIsFinal != 0 {
				return nil
			}
			_, pos, err = t.readValue(pos, int(node>>1))
			if err != nil {
				return err
			}
		case node >= minLinearMatch:
			n := int(node-minLinearMatch) + 1
			if pos+n > len(t.data) {
				return errors.New(errTrieOutOfBounds)
			}
			prefix = append(prefix, t.data[pos:pos+n]...)
			pos += n
		default:
			length := int(node)
			if length == 0 {
				b, err := t.at(pos)
				if err != nil {
					return err
				}
				length = int(b)
				pos++
			}
			return t.branch(pos, length+1, prefix, emit)
		}
	}
}

// branch walks a branch of length bytes at pos.
func (t *trie) branch(pos, length int, prefix []byte, emit func([]byte)) error {
	// Above maxBranchLinear bytes the branch is a binary search: a byte to
	// compare with, the jump to the lesser half, then the greater half.
	for length > maxBranchLinear {
		pos++ // the comparison byte
		delta, after, err := t.readDelta(pos)
		if err != nil {
			return err
		}
		if err := t.branch(after+delta, length>>1, prefix, emit); err != nil {
			return err
		}
		length -= length >> 1
		pos = after
	}
	// A linear list: each byte but the last with a value, which is either
	// final (the string ends there) or the jump to its node.
	for ; length > 1; length-- {
		b, err := t.at(pos)
		if err != nil {
			return err
		}
		node, err := t.at(pos + 1)
		if err != nil {
			return err
		}
		s := append(prefix[:len(prefix):len(prefix)], b)
		v, after, err := t.readValue(pos+2, int(node>>1))
		if err != nil {
			return err
		}
		if node&valueIsFinal != 0 {
			emit(s)
		} else if err := t.walk(after+v, s, emit); err != nil {
			return err
		}
		pos = after
	}
	b, err := t.at(pos)
	if err != nil {
		return err
	}
	return t.walk(pos+1, append(prefix[:len(prefix):len(prefix)], b), emit)
}

// writeList writes words, one a line, gzipped at the best compression,
// with no name or time in the gzip header, so the same words give the same
// bytes.
func writeList(path string, words []string) error {
	for _, w := range words {
		if !utf8.ValidString(w) || strings.ContainsAny(w, "\n") || w == "" {
			return fmt.Errorf("%s: a bad word %q", path, w)
		}
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return err
	}
	for _, w := range words {
		zw.Write([]byte(w))
		zw.Write([]byte{'\n'})
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}
