package font

import (
	"bytes"
	"os"
	"runtime"
	"testing"

	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/font/opentype/tables"
)

// Patch 4 parses a glyph of 'glyf' when it is asked for. The test font is
// Debian's Noto Serif (fonts-noto-core, which pdfexport's .ci/run installs);
// it skips without it, but fails under CI.
func lazyTestFont(t *testing.T) []byte {
	const path = "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf"
	data, err := os.ReadFile(path)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required under CI: %v", path, err)
		}
		t.Skip(err)
	}
	return data
}

// Every glyph's extents and outline are what parsing the whole table gave.
func TestLazyGlyfMatchesEager(t *testing.T) {
	data := lazyTestFont(t)
	face, err := ParseTTF(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	fnt := face.Font
	ld, err := ot.NewLoader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := ld.RawTable(ot.MustNewTag("glyf"))
	locaRaw, _ := ld.RawTable(ot.MustNewTag("loca"))
	loca, err := tables.ParseLoca(locaRaw, fnt.nGlyphs, fnt.head.IndexToLocFormat == 1)
	if err != nil {
		t.Fatal(err)
	}
	eager, err := tables.ParseGlyf(raw, loca)
	if err != nil {
		t.Fatal(err)
	}
	if got := fnt.glyf.numGlyphs(); got != len(eager) || got < 1000 {
		t.Fatalf("%d glyphs, the table has %d", got, len(eager))
	}
	withEager := *fnt
	withEager.glyf = glyfTable{all: eager}
	lazyFace, eagerFace := NewFace(fnt), NewFace(&withEager)
	for gid := range len(eager) {
		le, lok := lazyFace.GlyphExtents(GID(gid))
		ee, eok := eagerFace.GlyphExtents(GID(gid))
		if le != ee || lok != eok {
			t.Fatalf("glyph %d: extents %+v %v, parsed whole %+v %v", gid, le, lok, ee, eok)
		}
		lo, _ := lazyFace.glyphDataFromGlyf(gID(gid))
		eo, _ := eagerFace.glyphDataFromGlyf(gID(gid))
		if len(lo.Segments) != len(eo.Segments) {
			t.Fatalf("glyph %d: %d segments, parsed whole %d", gid, len(lo.Segments), len(eo.Segments))
		}
		for i := range lo.Segments {
			if lo.Segments[i] != eo.Segments[i] {
				t.Fatalf("glyph %d: segment %d is %+v, parsed whole %+v", gid, i, lo.Segments[i], eo.Segments[i])
			}
		}
	}
	// Out of range, as before.
	if _, ok := lazyFace.GlyphExtents(GID(len(eager))); ok {
		t.Error("extents for a glyph past the last")
	}
}

// Loading the font no longer parses its outlines: it makes a fraction of
// the allocations that parsing them makes (a few per glyph): fewer than
// parsing them, where it made both.
func TestLazyGlyfLoadsLittle(t *testing.T) {
	data := lazyTestFont(t)
	allocated := func(f func()) uint64 {
		var a, b runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&a)
		f()
		runtime.ReadMemStats(&b)
		return b.Mallocs - a.Mallocs
	}
	var fnt *Font
	load := allocated(func() {
		face, err := ParseTTF(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		fnt = face.Font
	})
	ld, _ := ot.NewLoader(bytes.NewReader(data))
	raw, _ := ld.RawTable(ot.MustNewTag("glyf"))
	parse := allocated(func() {
		if _, err := tables.ParseGlyf(raw, fnt.glyf.loca); err != nil {
			t.Fatal(err)
		}
	})
	t.Logf("loading makes %d allocations; parsing every glyph would add %d", load, parse)
	if load > parse {
		t.Errorf("loading makes %d allocations, parsing every glyph %d: the outlines are parsed at load", load, parse)
	}
}
