package fonts

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/font/opentype"

	"pdfexport/internal/unichar"
)

// The registry: the embedded faces, then the faces AddDir adds. It is an
// immutable snapshot behind an atomic pointer; AddDir publishes a new one.
// A face's lazily loaded state (its bytes, metrics, parsed font, tables and
// coverage) lives in its entry, which every later snapshot shares, so each is
// loaded once per process whichever snapshot asks.

// entry is one face of the registry.
type entry struct {
	name  string // what Face.String returns
	path  string // the embedded file, or the file AddDir read
	serif bool   // a serif design (the PDF descriptor's Serif flag)
	color bool   // colour bitmaps (CBDT), not outlines: see ColorEmoji
	// A face of an embedded collection: its number, from 1 (0 for any
	// other face), and where its table directory lies in the collection's
	// bytes, which its entry shares with the collection's other faces.
	member, dir int

	dataOnce    sync.Once
	data        []byte
	metricsOnce sync.Once
	metrics     *Metrics
	fontOnce    sync.Once
	font        *font.Font
	tablesOnce  sync.Once
	tables      *sfntTables
	tablesErr   error
	covOnce     sync.Once
	cov         *coverage
	descOnce    sync.Once
	desc        Descriptor
}

// snapshot is the registry at one time.
type snapshot struct {
	faces []*entry
	added []Face // the faces AddDir added, in the order they are tried

	// rests are the chains after their base, by locale and restKind;
	// first caches, per character, the index in rests[l][k] of the first
	// face that has it (-1 for none): nearly every cluster a text face
	// lacks asks for it.
	rests [numLocales][8][]Face
	first [numLocales][8]sync.Map // rune → int32
}

var current atomic.Pointer[snapshot]

func registry() *snapshot { return current.Load() }

func (s *snapshot) entry(f Face) *entry {
	if int(f) >= len(s.faces) {
		return nil
	}
	return s.faces[f]
}

// newSnapshot builds the registry of the given faces; added lists those
// AddDir added.
func newSnapshot(faces []*entry, added []Face) *snapshot {
	s := &snapshot{faces: faces, added: added}
	for l := range s.rests {
		for k := range s.rests[l] {
			plain, symbols := fallbackOrders(Locale(l), k&restSans != 0)
			var r []Face
			r = append(r, added...)
			if k&restNonText != 0 {
				r = append(r, Serif)
			}
			if k&restSymbol != 0 {
				r = append(r, symbols...)
			} else {
				r = append(r, plain...)
			}
			s.rests[l][k] = r
		}
	}
	return s
}

// The kinds of chain after a base face.
const (
	restSymbol  = 1 // the character is a symbol: symbol faces first
	restNonText = 2 // the base is not a text face: Noto Serif next
	restSans    = 4 // the base is a sans text face: Japanese in a gothic
)

func restKind(base Face, sym bool) int {
	k := 0
	if sym {
		k |= restSymbol
	}
	if !base.isText() {
		k |= restNonText
	}
	if base == Sans || base == SansBold {
		k |= restSans
	}
	return k
}

// rest returns the faces tried after base in locale l (base itself may be
// among them; callers skip it).
func (s *snapshot) rest(base Face, l Locale, sym bool) []Face {
	return s.rests[l][restKind(base, sym)]
}

// firstHaving returns the index in s.rests[l][k] of the first face that has
// r, or -1.
func (s *snapshot) firstHaving(l Locale, k int, r rune) int {
	if v, ok := s.first[l][k].Load(r); ok {
		return int(v.(int32))
	}
	i := -1
	for j, f := range s.rests[l][k] {
		if s.faces[f].has(r) {
			i = j
			break
		}
	}
	s.first[l][k].Store(r, int32(i))
	return i
}

// Chain is ChainIn for text in a language that is not Chinese, Japanese or
// Korean: its ideographs take Chinese forms (LocaleZhHans).
func Chain(base Face) []Face { return ChainIn(base, LocaleZhHans) }

// ChainIn lists the faces tried, in order, for text set in base in locale
// l: base, then the fallbacks (see the package comment), those of Chinese,
// Japanese and Korean in l's order (see Locale). A symbol tries the symbol
// faces before the script faces (ForClusterIn, For); ChainIn lists the
// order for every other character. The slice is the caller's.
func ChainIn(base Face, l Locale) []Face {
	s := registry()
	rest := s.rest(base, l, false)
	out := make([]Face, 0, 1+len(rest))
	out = append(out, base)
	for _, f := range rest {
		if f != base {
			out = append(out, f)
		}
	}
	return out
}

// ForCluster is ForClusterIn for text in a language that is not Chinese,
// Japanese or Korean.
func ForCluster(base Face, cluster []rune) (face Face, ok bool) {
	return ForClusterIn(base, LocaleZhHans, cluster)
}

// ForClusterIn returns the first face of ChainIn(base, l) that has every character
// of the grapheme cluster, not counting default-ignorable characters,
// variation selectors, ZWJ and ZWNJ (faces may lack those; see
// unichar.Invisible). A cluster whose first counted character is a symbol
// tries the symbol faces before the script faces, as For does. ok is false
// when no face has them all; face is then base. A cluster of only ignorable
// characters goes to base.
//
// A cluster is never split: a base letter and its marks are drawn by one
// face, even when an earlier face has the letter alone.
//
// An emoji (a cluster in emoji presentation, unichar.Emoji: "😀", "☺️", a
// flag, a keycap, a skin tone, a ZWJ sequence) goes to ColorEmoji first,
// before base; text presentation ("☺", "☺︎", "©", digits) keeps the chain,
// at whose end ColorEmoji stands for what no other face has. This is the one
// place the rule is applied (see the package comment).
func ForClusterIn(base Face, l Locale, cluster []rune) (face Face, ok bool) {
	if l >= numLocales {
		l = LocaleZhHans
	}
	s := registry()
	be := s.entry(base)
	if be == nil {
		return base, false
	}
	first := rune(-1)
	for _, r := range cluster {
		if !unichar.Invisible(r) {
			first = r
			break
		}
	}
	if first < 0 {
		return base, true
	}
	if unichar.Emoji(cluster) && s.faces[ColorEmoji].hasAll(cluster) {
		return ColorEmoji, true
	}
	if be.hasAll(cluster) {
		return base, true
	}
	k := restKind(base, symbolic(first))
	i := s.firstHaving(l, k, first)
	if i < 0 {
		return base, false
	}
	for _, f := range s.rests[l][k][i:] {
		if f != base && s.faces[f].hasAll(cluster) {
			return f, true
		}
	}
	return base, false
}

// Has reports whether f has a glyph for r, in any Unicode plane: whether its
// character map maps r to a glyph other than .notdef.
func (f Face) Has(r rune) bool {
	e := registry().entry(f)
	return e != nil && e.has(r)
}

func (e *entry) has(r rune) bool { return e.coverage().has(r) }

// hasAll reports whether e has every visible character of cluster.
func (e *entry) hasAll(cluster []rune) bool {
	c := e.coverage()
	for _, r := range cluster {
		if !c.has(r) && !unichar.Invisible(r) {
			return false
		}
	}
	return true
}

// Font returns the face parsed by github.com/go-text/typesetting/font, once
// per process. It is safe to share between goroutines: each render wraps it
// with font.NewFace, which holds the caches that are not.
func (f Face) Font() *font.Font { return f.mustEntry().parsed() }

func (e *entry) parsed() *font.Font {
	e.fontOnce.Do(func() {
		if e.font != nil {
			return // added at run time: parsed by AddDir
		}
		var fcs []*font.Face
		var err error
		if e.color {
			var fc *font.Face
			if fc, err = parseEmbedded(e.path); err == nil {
				fcs = []*font.Face{fc}
			}
		} else {
			fcs, err = font.ParseTTC(lent(e.bytes()))
		}
		if err == nil && max(e.member, 1) > len(fcs) {
			err = fmt.Errorf("no face %d in a collection of %d", e.member, len(fcs))
		}
		if err != nil {
			panic(fmt.Sprintf("fonts: embedded face %s: %v", e.name, err)) // a build defect, caught by the tests
		}
		e.font = fcs[max(e.member, 1)-1].Font
	})
	return e.font
}

// coverage is the set of characters a face has.
type coverage struct {
	bmp    [0x10000 / 64]uint64 // one bit per BMP character
	ranges []uint32             // every plane: inclusive start, end pairs, sorted
}

func (c *coverage) has(r rune) bool {
	if r < 0 {
		return false
	}
	if r < 0x10000 {
		return c.bmp[r/64]&(1<<(r%64)) != 0
	}
	n := len(c.ranges) / 2
	i := sort.Search(n, func(i int) bool { return c.ranges[2*i+1] >= uint32(r) })
	return i < n && c.ranges[2*i] <= uint32(r)
}

// newCoverage builds a coverage from its ranges.
func newCoverage(ranges []uint32) *coverage {
	c := &coverage{ranges: ranges}
	for i := 0; i+1 < len(ranges); i += 2 {
		for r := ranges[i]; r <= ranges[i+1] && r < 0x10000; r++ {
			c.bmp[r/64] |= 1 << (r % 64)
		}
	}
	return c
}

// cmapRanges returns the characters fnt's character map sends to a glyph
// other than .notdef, as inclusive start, end pairs.
func cmapRanges(fnt *font.Font) []uint32 {
	var rs []uint32
	for it := fnt.Cmap.Iter(); it.Next(); {
		r, g := it.Char()
		if g != 0 && r >= 0 && r <= 0x10FFFF {
			rs = append(rs, uint32(r))
		}
	}
	slices.Sort(rs)
	rs = slices.Compact(rs)
	var out []uint32
	for _, r := range rs {
		if n := len(out); n > 0 && out[n-1]+1 == r {
			out[n-1] = r
			continue
		}
		out = append(out, r, r)
	}
	return out
}

func (e *entry) coverage() *coverage {
	e.covOnce.Do(func() {
		if e.cov != nil {
			return // added at run time: computed by AddDir
		}
		if rs, ok := embeddedCoverage()[e.path]; ok {
			e.cov = newCoverage(rs)
			return
		}
		e.cov = newCoverage(cmapRanges(e.parsed()))
	})
	return e.cov
}

// lent reads a font file in memory for go-text, lending it the bytes
// (third_party/typesetting patch 5): its tables are slices of them, not
// copies. The glyph outlines of a CJK face are most of its file, and were
// held twice.
func lent(b []byte) opentype.BytesLender { return lender{bytes.NewReader(b), b} }

type lender struct {
	*bytes.Reader
	b []byte
}

func (l lender) Bytes() []byte { return l.b }
