// Package text turns the characters of a paragraph into glyphs: it finds
// each character's embedding level (UAX #9 bidi), its script, and the face
// that draws its grapheme cluster (fallback is per cluster, never splitting
// one; an emoji goes to the colour emoji face, by fonts.ForCluster's rule),
// and shapes each run with HarfBuzz's algorithms as ported to Go by
// github.com/go-text/typesetting: the font's own GSUB and GPOS, so Latin
// gets its kerning and ligatures, Indic, Khmer, Myanmar and Sinhala their
// conjuncts, reordering and mark positioning, Arabic its joining forms.
//
// Shaping is done at one size for all, the face's units per em, so that a
// shaped word is a list of integers in font units that any size scales
// exactly, and that can be compared with `hb-shape` (which reports font
// units too). Words are shaped once and cached, as browsers do: running
// text repeats its words, and so do articles. Each Shaper keeps the words
// of its layout; a bounded cache shared by the process keeps the words
// recently shaped by any layout, so that the common ones ("the", "said",
// "government") are shaped once per process rather than once per document:
// shaping a word costs many times what looking it up does.
//
// It also finds where lines may break (UAX #14, Breaker): the layout asks it
// for the opportunities inside each word, and decides what each becomes.
//
// The package knows fonts (it asks package fonts for coverage and parsed
// faces) but nothing of pages, articles or PDF.
package text

import (
	"strings"
	"sync"
	"unsafe"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/harfbuzz"
	"github.com/go-text/typesetting/language"

	"pdfexport/fonts"
	"pdfexport/internal/twogen"
)

// Glyph is one shaped glyph, in font units.
type Glyph struct {
	ID      uint16
	Advance int32 // horizontal advance
	XOff    int32 // offset of the glyph from the pen, to the right
	YOff    int32 // offset of the glyph from the baseline, upwards
	Cluster int32 // byte offset, in the shaped text, of the first character of the glyph's cluster
}

// Run is a piece of text shaped in one face and direction: its glyphs in
// visual order (left to right, so a right-to-left run's clusters descend).
type Run struct {
	Glyphs  []Glyph
	Advance int64 // the sum of the glyphs' advances
	Notdef  int   // glyphs drawn as .notdef: characters the face does not have
	// The ink's extent, in font units above the baseline (Bottom is
	// negative below it): where the glyphs' outlines reach, offsets
	// included. A Khmer or Myanmar stack reaches far beyond the face's own
	// line metrics, so lines are kept apart by this (see layout).
	Top, Bottom int32
}

// Key says what a piece of text is shaped as.
type Key struct {
	Face   fonts.Face
	RTL    bool
	Script language.Script
	Lang   language.Language
}

// Shaper shapes text. One serves one layout: it is not safe for concurrent
// use. Its faces come from a process-wide pool, so the parsed lookups and
// caches HarfBuzz builds for a face are built once per process, not once
// per document; Close gives them back.
type Shaper struct {
	buf   *harfbuzz.Buffer
	faces map[fonts.Face]*shapingFace
	cache map[cacheKey]*Run
	runes []rune
	bytes []int32 // byte offset of each rune of the text being shaped
}

type cacheKey struct {
	Key
	text string
}

// shapingFace is a face ready for shaping. A font.Face and the
// harfbuzz.Font over it keep caches that are not safe for concurrent use,
// so each is used by one layout at a time.
type shapingFace struct {
	face *font.Face
	hb   *harfbuzz.Font
}

var pools sync.Map // fonts.Face → *sync.Pool of *shapingFace

func acquire(f fonts.Face) *shapingFace {
	p, ok := pools.Load(f)
	if !ok {
		p, _ = pools.LoadOrStore(f, &sync.Pool{})
	}
	if sf, ok := p.(*sync.Pool).Get().(*shapingFace); ok {
		return sf
	}
	face := font.NewFace(f.Font())
	return &shapingFace{face: face, hb: harfbuzz.NewFont(face)}
}

// NewShaper returns a Shaper with an empty word cache.
func NewShaper() *Shaper {
	return &Shaper{buf: harfbuzz.NewBuffer(), faces: map[fonts.Face]*shapingFace{}, cache: map[cacheKey]*Run{}}
}

// Close returns the shaper's faces to the pool. The shaper must not be used
// afterwards; Runs it returned stay valid.
func (s *Shaper) Close() {
	for f, sf := range s.faces {
		p, _ := pools.Load(f)
		p.(*sync.Pool).Put(sf)
	}
	s.faces = nil
}

// Shape shapes text as k says. The result is shared through the caches,
// with other layouts too: do not modify it.
func (s *Shaper) Shape(k Key, text string) *Run {
	ck := cacheKey{k, text}
	if r, ok := s.cache[ck]; ok {
		return r
	}
	r := sharedGet(ck)
	if r == nil {
		r = s.shape(k, text)
		sharedPut(ck, r)
	}
	if len(s.cache) >= maxLayoutCache {
		// A document of hundreds of thousands of different tokens gains
		// nothing from keeping them all: 300,000 kept 90 MB alive.
		clear(s.cache)
	}
	s.cache[ck] = r
	return r
}

// maxLayoutCache bounds a Shaper's own cache, in entries: a news article
// has a few thousand different words.
const maxLayoutCache = 1 << 13

// shared is the process's cache of shaped words (internal/twogen: two
// generations of sharedBytes each).
var shared = twogen.New[cacheKey, *Run](sharedBytes, sharedBytes)

// The shared cache holds words of at most sharedMaxText bytes (longer
// texts, such as a run of Chinese with no spaces or a long URL, are seldom
// met again) and about sharedBytes of them in each of its two generations.
// Its memory counts against a server's (100 MiB in the container, of which
// the collector is told 84): 2 MiB hold six or seven thousand words.
const (
	sharedBytes   = 2 << 20
	sharedMaxText = 48
)

// sharedGet returns the word shaped as k says, if the shared cache has it.
func sharedGet(k cacheKey) *Run {
	if len(k.text) > sharedMaxText {
		return nil
	}
	r, _ := shared.Get(k)
	return r
}

// sharedPut keeps a shaped word in the shared cache, with copies of the
// key's strings, so that the cache never keeps an article alive.
func sharedPut(k cacheKey, r *Run) {
	if len(k.text) > sharedMaxText {
		return
	}
	k.text, k.Lang = strings.Clone(k.text), language.Language(strings.Clone(string(k.Lang)))
	shared.Put(k, r, cost(k, r))
}

// cost is an estimate of what an entry keeps alive, in bytes: the key's
// strings, the glyphs, the Run and the map's share.
func cost(k cacheKey, r *Run) int {
	return len(k.text) + len(k.Lang) + len(r.Glyphs)*int(unsafe.Sizeof(Glyph{})) + 160
}

func (s *Shaper) shape(k Key, text string) *Run {
	sf := s.faces[k.Face]
	if sf == nil {
		sf = acquire(k.Face)
		s.faces[k.Face] = sf
	}
	s.runes, s.bytes = s.runes[:0], s.bytes[:0]
	for i, r := range text {
		s.runes = append(s.runes, r)
		s.bytes = append(s.bytes, int32(i))
	}
	b := s.buf
	b.Clear()
	b.AddRunes(s.runes, 0, len(s.runes))
	b.Props.Direction = harfbuzz.LeftToRight
	if k.RTL {
		b.Props.Direction = harfbuzz.RightToLeft
	}
	b.Props.Script = k.Script
	b.Props.Language = k.Lang
	b.Shape(sf.hb, nil)

	run := &Run{Glyphs: make([]Glyph, len(b.Info))}
	for i, info := range b.Info {
		pos := b.Pos[i]
		g := Glyph{
			ID:      uint16(info.Glyph),
			Advance: int32(pos.XAdvance),
			XOff:    int32(pos.XOffset),
			YOff:    int32(pos.YOffset),
			Cluster: s.bytes[info.Cluster],
		}
		if g.ID == 0 {
			run.Notdef++
			// A character no face has is drawn as the face's U+FFFD
			// (the text layer keeps the character itself): PDF/A-2
			// forbids drawing .notdef (ISO 19005-2 6.2.11.8), and the
			// box says as plainly that something is missing.
			if id, adv, ok := Replacement(k.Face); ok {
				g.ID, g.Advance, g.XOff, g.YOff = id, adv, 0, 0
				info.Glyph = font.GID(id)
			}
		}
		if ext, ok := sf.face.GlyphExtents(info.Glyph); ok && ext.Height != 0 {
			top := g.YOff + int32(ext.YBearing)
			run.Top, run.Bottom = max(run.Top, top), min(run.Bottom, top+int32(ext.Height))
		}
		run.Glyphs[i] = g
		run.Advance += int64(g.Advance)
	}
	return run
}

var spaces, replacements sync.Map // fonts.Face → spaceGlyph

// Replacement returns f's glyph for U+FFFD and its advance in font units;
// ok is false when f has none.
func Replacement(f fonts.Face) (id uint16, advance int32, ok bool) {
	return glyphOf(&replacements, f, fonts.Replacement)
}

type spaceGlyph struct {
	id  uint16
	adv int32
	ok  bool
}

// Space returns f's glyph for U+0020 and its advance in font units; ok is
// false when f has none.
func Space(f fonts.Face) (id uint16, advance int32, ok bool) {
	return glyphOf(&spaces, f, ' ')
}

// glyphOf returns f's glyph for r and its advance, remembered in m.
func glyphOf(m *sync.Map, f fonts.Face, r rune) (id uint16, advance int32, ok bool) {
	if v, found := m.Load(f); found {
		s := v.(spaceGlyph)
		return s.id, s.adv, s.ok
	}
	var s spaceGlyph
	fnt := f.Font()
	if g, has := fnt.Cmap.Lookup(r); has && g != 0 {
		s = spaceGlyph{id: uint16(g), adv: int32(font.NewFace(fnt).HorizontalAdvance(g)), ok: true}
	}
	m.Store(f, s)
	return s.id, s.adv, s.ok
}
