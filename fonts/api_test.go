package fonts

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/go-text/typesetting/font"
	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"pdfexport/internal/unichar"
)

// TestEveryFaceLoads loads every embedded face through both parsers and
// reads its descriptor.
func TestEveryFaceLoads(t *testing.T) {
	for _, f := range Faces() {
		m := f.Metrics()
		if m.UnitsPerEm <= 0 {
			t.Errorf("%s: metrics %+v", f, m)
		}
		fnt := f.Font()
		if fnt == nil || int32(fnt.Upem()) != m.UnitsPerEm {
			t.Errorf("%s: go-text's font disagrees on units per em", f)
		}
		if f.IsColor() {
			continue // no outlines, no descriptor: TestColorGlyphs
		}
		d := f.Descriptor()
		if d.PostScriptName == "" || d.UnitsPerEm != int(m.UnitsPerEm) || d.Ascent <= 0 || d.Descent >= 0 ||
			d.BBox[0] >= d.BBox[2] || d.BBox[1] >= d.BBox[3] || d.StemV <= 0 || d.CapHeight <= 0 || d.Flags&(flagSymbolic|flagNonsymbolic) == 0 {
			t.Errorf("%s: implausible descriptor %+v", f, d)
		}
	}
}

func TestDescriptorFlags(t *testing.T) {
	for _, c := range []struct {
		f          Face
		name       string
		want, none int
	}{
		{Serif, "NotoSerif-Regular", flagSerif | flagNonsymbolic, flagItalic | flagSymbolic | flagFixedPitch},
		{SerifBoldItalic, "NotoSerif-BoldItalic", flagSerif | flagNonsymbolic | flagItalic, flagSymbolic},
		{Sans, "NotoSans-Regular", flagNonsymbolic, flagSerif | flagItalic},
		{CJK, "DroidSansFallback", flagSymbolic, flagSerif | flagNonsymbolic},
		{Hebrew, "NotoSerifHebrew-Regular", flagSerif | flagSymbolic, flagNonsymbolic},
	} {
		d := c.f.Descriptor()
		if d.Flags&c.want != c.want || d.Flags&c.none != 0 || d.PostScriptName != c.name {
			t.Errorf("%s: flags %b, name %q; want flags %b set, %b clear, name %q", c.f, d.Flags, d.PostScriptName, c.want, c.none, c.name)
		}
	}
	if a := SerifItalic.Descriptor().ItalicAngle; a >= 0 {
		t.Errorf("italic angle %v", a)
	}
	if b, r := SerifBold.Descriptor().StemV, Serif.Descriptor().StemV; b <= r {
		t.Errorf("bold stem %d, regular %d", b, r)
	}
}

// TestHasAgreesWithGoText compares Has with the character map the shaper
// reads, for a sample of every plane, in every face.
func TestHasAgreesWithGoText(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	astral := 0
	for _, f := range Faces() {
		fc := font.NewFace(f.Font())
		sample := []rune{0, ' ', 'A', 0xFFFD, 0xFFFF, 0x10000, 0x10FFFF, -1, 0x110000}
		for range 2000 {
			sample = append(sample, rune(rng.IntN(0x10000)), rune(rng.IntN(0x30000)))
		}
		for it := f.Font().Cmap.Iter(); it.Next(); {
			r, _ := it.Char()
			sample = append(sample, r)
		}
		for _, r := range sample {
			g, ok := fc.NominalGlyph(r)
			if want := ok && g != 0; f.Has(r) != want {
				t.Fatalf("%s: Has(%U) = %v, NominalGlyph gives %d, %v", f, r, f.Has(r), g, ok)
			}
			if r >= 0x10000 && f.Has(r) {
				astral++
			}
		}
	}
	if astral == 0 {
		t.Error("no face has a character beyond the BMP: Has is untested there")
	}
}

// checkForCluster checks ForCluster's rule for one cluster: the answer has
// every visible character, and no face before it in the chain has them all.
func checkForCluster(t *testing.T, base Face, cluster []rune) Face {
	t.Helper()
	got, ok := ForCluster(base, cluster)
	hasAll := func(f Face) bool {
		for _, r := range cluster {
			if !unichar.Invisible(r) && !f.Has(r) {
				return false
			}
		}
		return true
	}
	chain := Chain(base)
	if unichar.Emoji(cluster) {
		chain = append([]Face{ColorEmoji}, chain...)
	} else if first := slices.IndexFunc(cluster, func(r rune) bool { return !unichar.Invisible(r) }); first >= 0 && symbolic(cluster[first]) {
		chain = append([]Face{base}, registry().rest(base, LocaleZhHans, true)...)
	}
	want, wantOK := base, false
	for _, f := range chain {
		if hasAll(f) {
			want, wantOK = f, true
			break
		}
	}
	if got != want || ok != wantOK {
		t.Errorf("ForCluster(%s, %q) = %s, %v; want %s, %v", base, string(cluster), got, ok, want, wantOK)
	}
	return got
}

func TestForCluster(t *testing.T) {
	for _, c := range []struct {
		base    Face
		cluster string
		want    Face
		ok      bool
	}{
		{Serif, "e\u0301", Serif, true},
		{SansBold, "Ж", SansBold, true},
		{Serif, ",", Serif, true},        // punctuation from the text face
		{Serif, "क्ष", Devanagari, true}, // a conjunct
		{Serif, "ש\u05BC", Hebrew, true},
		{Serif, "漢", umingCN, true},
		{Serif, "한", Korean, true},
		{Serif, "▶", Symbols, true},                       // symbols: symbol faces first
		{Serif, "\u2764", Symbols, true},                  // text presentation by default: the symbol face
		{Serif, "\u2764\uFE0F", ColorEmoji, true},         // emoji presentation: the colour face first
		{Serif, "\u263A\uFE0E", DejaVu, true},             // text presentation asked for
		{Serif, "\u00A9", Serif, true},                    // the text face has it, and it is text by default
		{Serif, "\u00A9\uFE0F", ColorEmoji, true},         //
		{Serif, "1\uFE0F\u20E3", ColorEmoji, true},        // keycap
		{Serif, "\U0001F600", ColorEmoji, true},           // emoji by default
		{Serif, "\U0001F1EB\U0001F1F7", ColorEmoji, true}, // flag
		{Hebrew, "\U0001F44D\U0001F3FD", ColorEmoji, true},
		{Serif, "\u2639", DejaVu, true}, // no FE0F: the text faces first
		{Serif, "a\U0001F3FD", Serif, false},
		{Serif, "\u200D", Serif, true}, // only an ignorable: the base
		{Serif, "\U0010FFFD", Serif, false},
		{Serif, "a\U000E0100", Serif, true}, // a variation selector is not counted
	} {
		got, ok := ForCluster(c.base, []rune(c.cluster))
		if got != c.want || ok != c.ok {
			t.Errorf("ForCluster(%s, %q) = %s, %v; want %s, %v", c.base, c.cluster, got, ok, c.want, c.ok)
		}
		checkForCluster(t, c.base, []rune(c.cluster))
	}
}

// TestForClusterNeverSplits finds clusters of a letter and a mark where the
// first face with the letter lacks the mark, and checks that each goes whole
// to a face with both.
func TestForClusterNeverSplits(t *testing.T) {
	found := 0
	for _, base := range []rune("aeoAkxनกא") {
		for m := rune(0x300); m < 0x1E000; m++ {
			if !unicode.Is(unicode.Mn, m) || unichar.Invisible(m) {
				continue
			}
			withBase, _ := ForCluster(Serif, []rune{base})
			if withBase.Has(m) {
				continue
			}
			got := checkForCluster(t, Serif, []rune{base, m})
			if got.Has(base) && got.Has(m) {
				found++
			}
		}
	}
	if found == 0 {
		t.Fatal("no cluster whose letter and mark are in different faces: the rule is untested")
	}
	t.Logf("%d clusters kept whole", found)
}

// TestForClusterAgreesWithRule checks the rule on random clusters of
// characters the faces have, and the cache against a cold registry.
func TestForClusterAgreesWithRule(t *testing.T) {
	var pool []rune
	for _, f := range Faces() {
		for it := f.Font().Cmap.Iter(); it.Next(); {
			if r, g := it.Char(); g != 0 && len(pool) < 400000 {
				pool = append(pool, r)
			}
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 3000 {
		n := 1 + rng.IntN(3)
		cl := make([]rune, n)
		for i := range cl {
			cl[i] = pool[rng.IntN(len(pool))]
		}
		for _, base := range []Face{Serif, SansBold, Hebrew} {
			checkForCluster(t, base, cl)
		}
	}
}

func TestChain(t *testing.T) {
	c := Chain(Serif)
	if c[0] != Serif || slices.Contains(c[1:], Serif) {
		t.Errorf("Chain(Serif) = %v", c)
	}
	seen := map[Face]bool{}
	for _, f := range c {
		if seen[f] {
			t.Errorf("%s twice in the chain", f)
		}
		seen[f] = true
	}
	for _, f := range Faces()[numText:] {
		if !seen[f] && f != Mono {
			t.Errorf("%s is in no chain", f)
		}
	}
	// The monospaced face is a base only: code's columns, never a
	// stand-in in other text.
	if seen[Mono] {
		t.Error("the monospaced face is in the serif text's chain")
	}
	if m := Chain(Mono); m[0] != Mono || m[1] != Serif || Mono.String() != "DejaVuSansMono" {
		t.Errorf("Chain(Mono) = %v…; want DejaVuSansMono, then Noto Serif", m[:2])
	}
	for _, l := range []Locale{LocaleZhHans, LocaleZhHant, LocaleZhHK, LocaleJa, LocaleKo} {
		if got := ChainIn(Serif, l); len(got) != len(c) {
			t.Errorf("ChainIn(Serif, %s) has %d faces, Chain(Serif) %d: a locale orders the faces, it adds or drops none", l, len(got), len(c))
		}
	}
	if i, j := slices.Index(c, CJK), slices.Index(c, Hebrew); i < j {
		t.Error("the CJK face comes before the Hebrew one")
	}
	if h := Chain(Hebrew); h[0] != Hebrew || h[1] != Serif {
		t.Errorf("Chain(Hebrew) starts %v: the text face should follow a script face", h[:2])
	}
	c[0] = DejaVu
	if Chain(Serif)[0] != Serif {
		t.Error("Chain returns a slice the caller can change under everyone else")
	}
}

// glyphsFor returns the face's glyphs for the characters of s.
func glyphsFor(f Face, s string) []uint16 {
	var gs []uint16
	for _, r := range s {
		if g, ok := f.Font().NominalGlyph(r); ok {
			gs = append(gs, uint16(g))
		}
	}
	return gs
}

// TestSubsetGlyphs reads subsets back with both parsers: each kept glyph
// keeps its outline (composites drawn through their renumbered components)
// and its advance, and the IDs are compact and ascending.
func TestSubsetGlyphs(t *testing.T) {
	composites := 0
	for face, text := range subsetSamples {
		gids := glyphsFor(face, text)
		gids = append(gids, gids[0], gids[len(gids)-1]) // repeats
		s, err := face.SubsetGlyphs(gids)
		if err != nil {
			t.Fatalf("%s: %v", face, err)
		}
		if s.IDs[0] != 0 || !slices.IsSorted(s.IDs) || len(slices.Compact(slices.Clone(s.IDs))) != len(s.IDs) || len(s.Widths) != len(s.IDs) {
			t.Fatalf("%s: IDs %v, %d widths", face, s.IDs, len(s.Widths))
		}
		if _, err := font.ParseTTF(bytes.NewReader(s.Program)); err != nil {
			t.Fatalf("%s: go-text cannot read the subset: %v", face, err)
		}
		whole, _ := sfnt.Parse(face.Data())
		sub, err := sfnt.Parse(s.Program)
		if err != nil {
			t.Fatalf("%s: x/image cannot read the subset: %v", face, err)
		}
		if sub.NumGlyphs() != len(s.IDs) {
			t.Errorf("%s: %d glyphs in the program, %d IDs", face, sub.NumGlyphs(), len(s.IDs))
		}
		var wb, sb sfnt.Buffer
		ppem := fixed.I(int(whole.UnitsPerEm()))
		for _, old := range gids {
			nw, ok := s.New(old)
			if !ok || s.IDs[nw] != old {
				t.Fatalf("%s: glyph %d not kept", face, old)
			}
			wa, _ := whole.GlyphAdvance(&wb, sfnt.GlyphIndex(old), ppem, xfont.HintingNone)
			sa, _ := sub.GlyphAdvance(&sb, sfnt.GlyphIndex(nw), ppem, xfont.HintingNone)
			if wa != sa || int(wa.Round()) != s.Widths[nw] {
				t.Errorf("%s: glyph %d advance %v in the subset, %v in the face, width %d", face, old, sa, wa, s.Widths[nw])
			}
			wsegs, err1 := whole.LoadGlyph(&wb, sfnt.GlyphIndex(old), ppem, nil)
			wsegs = slices.Clone(wsegs)
			ssegs, err2 := sub.LoadGlyph(&sb, sfnt.GlyphIndex(nw), ppem, nil)
			if err1 != nil || err2 != nil || !slices.Equal(wsegs, ssegs) {
				t.Errorf("%s: glyph %d outline differs (%v, %v)", face, old, err1, err2)
			}
			tb, _ := face.tables()
			if d := tb.glyph(old); isComposite(d) {
				composites++
				_ = components(d, func(at int) {
					if _, ok := s.New(binary.BigEndian.Uint16(d[at:])); !ok {
						t.Errorf("%s: a component of glyph %d was left out", face, old)
					}
				})
			}
		}
		// Nothing but what was asked and its components.
		want := map[uint16]bool{0: true}
		tb, _ := face.tables()
		var add func(g uint16)
		add = func(g uint16) {
			want[g] = true
			_ = components(tb.glyph(g), func(at int) { add(binary.BigEndian.Uint16(tb.glyph(g)[at:])) })
		}
		for _, g := range gids {
			add(g)
		}
		if len(want) != len(s.IDs) {
			t.Errorf("%s: %d glyphs kept, %d asked for with their components", face, len(s.IDs), len(want))
		}
	}
	if composites == 0 {
		t.Error("no composite glyph among the samples: the component renumbering is untested")
	}
}

func TestSubsetGlyphsEdges(t *testing.T) {
	a, err := Serif.SubsetGlyphs(glyphsFor(Serif, "déjà vu Ǻ"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Serif.SubsetGlyphs(glyphsFor(Serif, "Ǻuv àjéd vvv"))
	if !bytes.Equal(a.Program, b.Program) || !slices.Equal(a.IDs, b.IDs) {
		t.Error("the subset depends on the order of the glyphs asked for")
	}
	if len(a.Program)*10 > len(Serif.Data()) {
		t.Errorf("a subset of 10 glyphs is %d bytes", len(a.Program))
	}
	none, err := Serif.SubsetGlyphs(nil)
	if err != nil || !slices.Equal(none.IDs, []uint16{0}) {
		t.Errorf("no glyphs: %v, %v", none.IDs, err)
	}
	if _, err := Serif.SubsetGlyphs([]uint16{65535}); err == nil {
		t.Error("a glyph the face does not have was accepted")
	}
	if _, ok := a.New(12345); ok {
		t.Error("New finds a glyph that was not kept")
	}
	// The checksums strict readers verify.
	data := a.Program
	n := int(binary.BigEndian.Uint16(data[4:]))
	for i := range n {
		rec := data[12+16*i:]
		off, length := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		table := slices.Clone(data[off : off+length])
		if string(rec[:4]) == "head" {
			binary.BigEndian.PutUint32(table[8:], 0)
		}
		if checksum(table) != binary.BigEndian.Uint32(rec[4:]) {
			t.Errorf("table %q checksum", rec[:4])
		}
	}
	if checksum(data) != 0xB1B0AFBA {
		t.Errorf("whole-file checksum %08x", checksum(data))
	}
}

// withRegistry restores the registry after a test that adds faces.
func withRegistry(t *testing.T) {
	old := registry()
	t.Cleanup(func() { current.Store(old) })
}

// writeFont writes a small TrueType font, cut from an embedded face.
func writeFont(t *testing.T, dir, name string, f Face, chars string) {
	t.Helper()
	data, err := f.Subset([]rune(chars))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestAddDir(t *testing.T) {
	withRegistry(t)
	dir := t.TempDir()
	writeFont(t, dir, "b-house.ttf", CJK, "漢字")
	writeFont(t, dir, "a-house.TTF", Hebrew, "שלום")
	writeFont(t, dir, "NotoSerif-Regular.ttf", Serif, "abc") // a name the embedded faces have
	os.WriteFile(filepath.Join(dir, "README.txt"), []byte("not a font"), 0o644)
	os.Mkdir(filepath.Join(dir, "sub.ttf"), 0o755)
	n := len(Faces())
	added, err := AddDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(added) != 3 || added[0] != Face(n) || added[0].String() != "NotoSerif-Regular_2" || added[1].String() != "a-house" || added[2].String() != "b-house" {
		t.Fatalf("added %v", added)
	}
	if c := Chain(Serif); !slices.Equal(c[1:4], added) {
		t.Errorf("Chain(Serif) starts %v: added faces come after the text face, in file-name order", c[:4])
	}
	if f, _ := ForCluster(Serif, []rune("漢")); f != added[2] {
		t.Errorf("漢 drawn with %s, not the added face", f)
	}
	if f, _ := ForCluster(Serif, []rune("a")); f != Serif {
		t.Errorf("a drawn with %s, not the text face", f)
	}
	if f, ok := For(Serif, 'ש'); !ok || f != added[1] {
		t.Errorf("For(Serif, ש) = %s", f)
	}
	if f, _ := ForCluster(Serif, []rune("ק")); f != Hebrew {
		t.Errorf("a letter the added face lacks goes to %s", f)
	}
	if d := added[1].Descriptor(); d.PostScriptName != "NotoSerifHebrew-Regular" || d.Flags&flagSerif == 0 {
		t.Errorf("descriptor %+v", d)
	}
	if s, err := added[2].SubsetGlyphs([]uint16{1, 2}); err != nil || !slices.Contains(s.IDs, 2) {
		t.Errorf("subset of an added face: %v", err)
	}
	if len(Faces()) != n+3 {
		t.Errorf("Faces lists %d, want %d", len(Faces()), n+3)
	}
}

func TestAddDirCollection(t *testing.T) {
	withRegistry(t)
	a, _ := CJK.Subset([]rune("漢"))
	b, _ := Korean.Subset([]rune("한"))
	// A collection of the two: header, then each font with its table
	// offsets moved to where it now lies.
	ttc := []byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x02")
	ttc = binary.BigEndian.AppendUint32(ttc, 20)
	ttc = binary.BigEndian.AppendUint32(ttc, uint32(20+len(a)))
	for i, f := range [][]byte{a, b} {
		at := uint32(len(ttc))
		f = slices.Clone(f)
		for j := range int(binary.BigEndian.Uint16(f[4:])) {
			rec := f[12+16*j:]
			binary.BigEndian.PutUint32(rec[8:], binary.BigEndian.Uint32(rec[8:])+at)
		}
		ttc = append(ttc, f...)
		_ = i
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "pair.ttc"), ttc, 0o644)
	added, err := AddDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(added) != 2 || added[0].String() != "pair-1" || !added[0].Has('漢') || !added[1].Has('한') || added[1].Has('漢') {
		t.Errorf("collection gave %v", added)
	}
}

func TestAddDirErrors(t *testing.T) {
	withRegistry(t)
	before := len(Faces())
	good, _ := Serif.Subset([]rune("abc"))
	otf := slices.Clone(good)
	copy(otf, "OTTO")
	for _, c := range []struct {
		name  string
		files map[string][]byte
		want  string
		is    error
	}{
		{"missing folder", nil, "no such file", os.ErrNotExist},
		{"empty folder", map[string][]byte{}, "holds no font file", nil},
		{"no fonts", map[string][]byte{"README": []byte("x"), "x.txt": nil}, "holds no font file", nil},
		{"CFF", map[string][]byte{"a.ttf": good, "b.otf": otf}, "b.otf: not a TrueType font: its glyphs are CFF", ErrNotTrueType},
		{"WOFF", map[string][]byte{"w.ttf": append([]byte("wOFF"), good[4:]...)}, "w.ttf: not a TrueType font: a WOFF", ErrNotTrueType},
		{"garbage", map[string][]byte{"g.ttf": []byte("hello, world, this is not a font")}, "g.ttf: not a TrueType font", ErrNotTrueType},
		{"truncated", map[string][]byte{"t.ttf": good[:200]}, "t.ttf: fonts: malformed TrueType font", errMalformed},
	} {
		dir := filepath.Join(t.TempDir(), "fonts")
		if c.files != nil {
			os.Mkdir(dir, 0o755)
			for name, data := range c.files {
				os.WriteFile(filepath.Join(dir, name), data, 0o644)
			}
		}
		added, err := AddDir(dir)
		if err == nil || !strings.Contains(err.Error(), c.want) || (c.is != nil && !errors.Is(err, c.is)) || added != nil {
			t.Errorf("%s: err = %v; want one saying %q", c.name, err, c.want)
		}
	}
	if os.Getuid() != 0 { // root reads any folder
		dir := t.TempDir()
		os.Chmod(dir, 0)
		defer os.Chmod(dir, 0o755)
		if _, err := AddDir(dir); !errors.Is(err, os.ErrPermission) {
			t.Errorf("unreadable folder: %v", err)
		}
	}
	if len(Faces()) != before {
		t.Error("a failed AddDir added faces")
	}
}

// TestAddDirWhileRendering runs lookups while faces are added (go test
// -race finds what is unsafe).
func TestAddDirWhileRendering(t *testing.T) {
	withRegistry(t)
	dir := t.TempDir()
	writeFont(t, dir, "house.ttf", CJK, "漢")
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if f, ok := ForCluster(Serif, []rune("漢")); !ok || (f != umingCN && f.String() != "house") {
					t.Errorf("漢 drawn with %s", f)
					return
				}
				Chain(Sans)
				For(Serif, 'ש')
			}
		}()
	}
	if _, err := AddDir(dir); err != nil {
		t.Error(err)
	}
	close(stop)
	wg.Wait()
}

func benchmarkSubsetGlyphs(b *testing.B, f Face) {
	rng := rand.New(rand.NewPCG(5, 6))
	tb, _ := f.tables()
	n := tb.numGlyphs
	gids := make([]uint16, 200)
	for i := range gids {
		gids[i] = uint16(1 + rng.IntN(n-1))
	}
	if _, err := f.SubsetGlyphs(gids); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.SubsetGlyphs(gids); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSubsetGlyphs(b *testing.B) {
	b.Run("NotoSerif-Regular", func(b *testing.B) { benchmarkSubsetGlyphs(b, Serif) })
	b.Run("DroidSansFallbackFull", func(b *testing.B) { benchmarkSubsetGlyphs(b, CJK) })
}

func BenchmarkForCluster(b *testing.B) {
	text := []rune("Hello, world — नमस्ते 東京 ירושלים")
	for b.Loop() {
		for i := range text {
			ForCluster(Serif, text[i:i+1])
		}
	}
}

// unregistered are the faces of stored collections that the registry leaves
// out: AR PL UMing TW MBE is UMing TW but for a few Bopomofo letters of
// Hakka and Minnan, in the variants of Taiwan's Ministry of Education.
var unregistered = map[string]bool{"arphic/uming.ttc.gz#4": true}

// TestCoverageIsCurrent checks coverage.bin against the faces' character
// maps, and that every stored face is registered: run go generate ./fonts
// after changing a face.
func TestCoverageIsCurrent(t *testing.T) {
	cov := embeddedCoverage()
	stored, _ := filepath.Glob("*/*.ttf.gz")
	raw, _ := filepath.Glob("*/*.ttf")
	stored = append(stored, raw...)
	collections, _ := filepath.Glob("*/*.ttc.gz")
	for _, c := range collections {
		data, err := files.ReadFile(c)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		data, err = io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		progs, err := splitCollection(data)
		if err != nil {
			t.Fatal(err)
		}
		for i := range progs {
			if p := fmt.Sprintf("%s#%d", c, i+1); !unregistered[p] {
				stored = append(stored, p)
			}
		}
	}
	if len(cov) != len(stored)+len(unregistered) || len(stored) != len(embedded) {
		t.Errorf("%d faces stored, %d in coverage.bin, %d registered", len(stored), len(cov), len(embedded))
	}
	for i, e := range embedded {
		if got, want := cov[e.path], cmapRanges(Face(i).Font()); !slices.Equal(got, want) {
			t.Errorf("%s: coverage.bin is out of date (%d ranges, the face has %d); run go generate ./fonts", e.path, len(got)/2, len(want)/2)
		}
	}
}

// TestScriptsCovered checks that a letter of each script issue 13 names is
// drawn by that script's own face, and counts the scripts of Unicode that
// some embedded face draws.
func TestScriptsCovered(t *testing.T) {
	for _, c := range []struct {
		letter string
		want   Face
	}{
		{"অ", Bengali}, {"அ", Tamil}, {"అ", Telugu}, {"ಅ", Kannada}, {"അ", Malayalam}, {"અ", Gujarati},
		{"ਅ", Gurmukhi}, {"ଅ", Oriya}, {"අ", Sinhala}, {"ក", Khmer}, {"ກ", Lao}, {"က", Myanmar},
		{"አ", Ethiopic}, {"Ա", Armenian}, {"ა", Georgian}, {"ཀ", Tibetan}, {"ܐ", Syriac}, {"ހ", Thaana},
		{"ש", Hebrew}, {"ب", Arabic}, {"क", Devanagari}, {"ก", Thai}, {"漢", umingCN}, {"한", Korean},
		{"ᐁ", Face(0)}, {"ⴰ", Face(0)}, {"ߊ", Face(0)}, {"ꆈ", Face(0)}, {"\U00013000", Face(0)}, {"\U00017000", Face(0)}, // Canadian syllabics, Tifinagh, N'Ko, Yi, hieroglyphs, Tangut
	} {
		got, ok := ForCluster(Serif, []rune(c.letter))
		if !ok || (c.want != 0 && got != c.want) {
			t.Errorf("%s drawn with %s (%v), want %s", c.letter, got, ok, c.want)
		}
	}
	for _, f := range []Face{Bengali, Tamil, Kannada, Armenian, Georgian, Ethiopic, Tibetan} {
		if f.Descriptor().Flags&flagSerif == 0 {
			t.Errorf("%s: Noto has a serif design for its script", f)
		}
	}
	covered, all := 0, 0
	var missing []string
	for name, tab := range unicode.Scripts {
		if name == "Common" || name == "Inherited" || name == "Unknown" {
			continue
		}
		all++
		found := false
		for _, rg := range tab.R16 {
			for r := rune(rg.Lo); r <= rune(rg.Hi) && !found; r += rune(rg.Stride) {
				_, found = ForCluster(Serif, []rune{r})
			}
		}
		for _, rg := range tab.R32 {
			for r := rune(rg.Lo); r <= rune(rg.Hi) && !found; r += rune(rg.Stride) {
				_, found = ForCluster(Serif, []rune{r})
			}
		}
		if found {
			covered++
		} else {
			missing = append(missing, name)
		}
	}
	slices.Sort(missing)
	t.Logf("%d of Unicode's %d scripts drawn; none of: %s", covered, all, strings.Join(missing, ", "))
	if covered < 140 {
		t.Errorf("only %d scripts drawn", covered)
	}
}

// TestLocaleForms checks the rule of Locale: the same ideographs take each
// language's own face, and a character only a later face has (a kanji of
// Extension B) still finds it.
func TestLocaleForms(t *testing.T) {
	for _, c := range []struct {
		tag  string
		want Locale
	}{
		{"ja", LocaleJa}, {"ja-JP", LocaleJa}, {"zh", LocaleZhHans}, {"zh-Hans", LocaleZhHans}, {"zh-CN", LocaleZhHans},
		{"zh-SG", LocaleZhHans}, {"zh-Hant", LocaleZhHant}, {"zh-TW", LocaleZhHant}, {"zh-HK", LocaleZhHK},
		{"zh-MO", LocaleZhHK}, {"zh-Hant-HK", LocaleZhHK}, {"yue", LocaleZhHK}, {"ko", LocaleKo}, {"ko-KR", LocaleKo},
		{"en", LocaleZhHans}, {"de-CH", LocaleZhHans}, {"", LocaleZhHans}, {"not a tag", LocaleZhHans},
		{"zh-Hans-HK", LocaleZhHans}, {"zh-Hans-MO", LocaleZhHans}, {"yue-Hans", LocaleZhHans}, {"zh-Hant-TW", LocaleZhHant},
		{"yue-HK", LocaleZhHK}, {"yue-Hant", LocaleZhHK}, {"zh-Hant-MO", LocaleZhHK},
	} {
		if got := LocaleOf(c.tag); got != c.want {
			t.Errorf("LocaleOf(%q) = %s, want %s", c.tag, got, c.want)
		}
		// HanLocale names the same locale, and whether the tag is
		// Chinese, Japanese or Korean at all.
		cjk := strings.HasPrefix(c.tag, "ja") || strings.HasPrefix(c.tag, "zh") || strings.HasPrefix(c.tag, "yue") || strings.HasPrefix(c.tag, "ko")
		if got, ok := HanLocale(c.tag); got != c.want || ok != cjk {
			t.Errorf("HanLocale(%q) = %s, %v; want %s, %v", c.tag, got, ok, c.want, cjk)
		}
	}
	for _, c := range []struct {
		l       Locale
		cluster string
		want    Face
	}{
		{LocaleJa, "骨", ipaexMincho}, {LocaleZhHans, "骨", umingCN}, {LocaleZhHant, "骨", umingTW}, {LocaleZhHK, "骨", umingHK},
		{LocaleKo, "骨", umingTW}, {LocaleKo, "한", Korean}, {LocaleJa, "か", ipaexMincho}, {LocaleJa, "。", ipaexMincho},
		{LocaleJa, "\U00020BB7", hanaMinB},    // 𠮷: not in IPAex
		{LocaleJa, "\U0002123D", ipaexMincho}, // 𡈽: in IPAex
		{LocaleZhHant, "\U00020BB7", hanaMinB},
		{LocaleJa, "A", Serif}, // Latin stays in the text face
	} {
		if got, ok := ForClusterIn(Serif, c.l, []rune(c.cluster)); !ok || got != c.want {
			t.Errorf("ForClusterIn(Serif, %s, %q) = %s, %v; want %s", c.l, c.cluster, got, ok, c.want)
		}
	}
	// Japanese in the sans faces (titles, headings) takes the gothic;
	// Chinese keeps its own forms, which only the Ming faces have.
	for _, c := range []struct {
		base    Face
		l       Locale
		cluster string
		want    Face
	}{
		{SansBold, LocaleJa, "骨", ipaexGothic}, {Sans, LocaleJa, "か", ipaexGothic}, {SerifBold, LocaleJa, "骨", ipaexMincho},
		{SansBold, LocaleZhHant, "骨", umingTW}, {SansBold, LocaleZhHans, "骨", umingCN}, {SansBold, LocaleJa, "A", SansBold},
	} {
		if got, ok := ForClusterIn(c.base, c.l, []rune(c.cluster)); !ok || got != c.want {
			t.Errorf("ForClusterIn(%s, %s, %q) = %s, %v; want %s", c.base, c.l, c.cluster, got, ok, c.want)
		}
	}
	// The faces differ where the forms do: 骨 is another glyph in the
	// mainland's face than in Taiwan's.
	cn, _ := umingCN.Font().NominalGlyph('骨')
	tw, _ := umingTW.Font().NominalGlyph('骨')
	if cn == tw {
		t.Errorf("骨 is glyph %d in both UMing CN and UMing TW", cn)
	}
	for _, f := range []Face{ipaexMincho, ipaexGothic, umingCN, umingHK, umingTW, hanaMinB} {
		if d := f.Descriptor(); d.PostScriptName == "" || !strings.Contains(d.PostScriptName, map[Face]string{ipaexMincho: "IPAexMincho", ipaexGothic: "IPAexGothic", umingCN: "UMingCN", umingHK: "UMingHK", umingTW: "UMingTW", hanaMinB: "HanaMinB"}[f]) {
			t.Errorf("%s: PostScript name %q", f, d.PostScriptName)
		}
	}
}
