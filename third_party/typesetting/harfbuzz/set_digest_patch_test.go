package harfbuzz

import (
	"math/rand"
	"testing"

	"github.com/go-text/typesetting/font/opentype/tables"
)

// A digest is a filter with false positives only: every glyph added, one at
// a time or in a range, must be reported as possibly present. Patch 1
// (PATCHES.md): once the mask of the lowest bits was full, later ranges
// were left out of the other two masks.
func TestDigestRangesAfterAFullMask(t *testing.T) {
	var sd setDigest
	sd.addRange(0, 99) // 100 consecutive glyphs: every low-bits pattern, sd[1] is full
	sd.addRange(1000, 1005)
	for g := setType(1000); g <= 1005; g++ {
		if !sd.mayHave(g) {
			t.Errorf("glyph %d was added in a range but the digest says it is absent", g)
		}
	}
}

// The same through a format 2 coverage, as a lookup's digest is built:
// random sorted ranges, as kerning tables have them, and every covered
// glyph must pass.
func TestDigestCoverage2NoFalseNegatives(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for trial := 0; trial < 200; trial++ {
		var cov tables.Coverage2
		g := tables.GlyphID(rng.Intn(50))
		for n := 1 + rng.Intn(200); n > 0 && g < 60000; n-- {
			end := g + tables.GlyphID(rng.Intn(8))
			cov.Ranges = append(cov.Ranges, tables.RangeRecord{StartGlyphID: g, EndGlyphID: end})
			g = end + 2 + tables.GlyphID(rng.Intn(30))
		}
		var sd setDigest
		sd.collectCoverage(cov)
		for _, r := range cov.Ranges {
			for g := r.StartGlyphID; g <= r.EndGlyphID; g++ {
				if !sd.mayHave(g) {
					t.Fatalf("trial %d: glyph %d of range %d-%d is covered but the digest says it is absent",
						trial, g, r.StartGlyphID, r.EndGlyphID)
				}
			}
		}
	}
}
