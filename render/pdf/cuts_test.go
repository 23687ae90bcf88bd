package pdf

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"pdfexport/fonts"
)

// A cut found in the cache is the cut made fresh, whatever order its glyphs
// were asked in, with its program compressed as a document compresses it.
func TestCutFromCacheIsFresh(t *testing.T) {
	gids := []uint16{68, 3, 72, 79}
	first, err := cutFor(fonts.Serif, gids)
	if err != nil {
		t.Fatal(err)
	}
	again, err := cutFor(fonts.Serif, []uint16{79, 72, 3, 68})
	if err != nil {
		t.Fatal(err)
	}
	if again != first {
		t.Error("the same glyphs asked in another order are cut again")
	}
	fresh, err := fonts.Serif.SubsetGlyphs(gids)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.sub.Program, fresh.Program) {
		t.Error("the cached cut's program differs from a fresh cut's")
	}
	if !bytes.Equal(again.compressed, fpdf.CompressGlyphProgram(fresh.Program)) {
		t.Error("the cached compressed program differs from the program compressed")
	}
	if other, _ := cutFor(fonts.Sans, gids); other == first {
		t.Error("another face's cut of the same glyph IDs is taken from the cache")
	}
}

// The cache holds at most two generations of its limit, and keeps a cut in
// use.
func TestCutCacheBounded(t *testing.T) {
	cc := cutCache{limit: 256 << 10}
	c := &cut{sub: &fonts.GlyphSubset{Program: make([]byte, 10<<10)}, compressed: make([]byte, 6<<10)}
	used := cutKey{fonts.Serif, "used"}
	cc.put(used, c)
	for i := range 2000 {
		cc.put(cutKey{fonts.Serif, string(rune(i))}, c)
		if i%5 == 0 && cc.get(used) == nil { // a generation holds about 15
			t.Fatalf("after %d cuts, a cut in use is gone", i)
		}
	}
	n := 0
	for _, g := range []map[cutKey]*cut{cc.hot, cc.cold} {
		n += len(g) * c.cost()
	}
	if n > 2*cc.limit+c.cost() {
		t.Errorf("the cache holds %d bytes of cuts, more than twice its limit of %d", n, cc.limit)
	}
	cc.put(cutKey{fonts.Serif, "big"}, &cut{sub: &fonts.GlyphSubset{Program: make([]byte, cc.limit/2)}})
	if cc.get(cutKey{fonts.Serif, "big"}) != nil {
		t.Error("a cut of half the limit is kept")
	}
}

// Documents written at once share the cache; run with -race.
func TestCutsConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 5 {
				var buf bytes.Buffer
				if err := Write(context.Background(), &buf, testDoc()); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
}
