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

// A cut of more than a quarter of a generation is not kept: a Chinese
// document's cut would push out the cuts of dozens of Latin ones. (That the
// cache is bounded is internal/twogen's test.)
func TestBigCutNotKept(t *testing.T) {
	defer cuts.Reset(cutBytes)
	cuts.Reset(cutBytes)
	k := cutKey{fonts.Serif, "big"}
	c := &cut{sub: &fonts.GlyphSubset{Program: make([]byte, cutBytes/2)}}
	cuts.Put(k, c, c.cost()+len(k.gids))
	if _, ok := cuts.Get(k); ok {
		t.Error("a cut of half a generation is kept")
	}
}

// Documents written at once share the cache; run with -race.
func TestCutsConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 5 {
				var buf bytes.Buffer
				if err := Write(context.Background(), &buf, testDoc(), Options{}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
}
