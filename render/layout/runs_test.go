package layout

import (
	"runtime"
	"strings"
	"testing"

	"pdfexport/fonts"
)

// shapedRun shapes s as one left-to-right or right-to-left run in st.
func shapedRun(t *testing.T, s string, rtl bool) *run {
	t.Helper()
	st := newStyle(fonts.Serif, pts(11), pts(15), black)
	sh := &shaper{}
	runs := sh.line(st, s, rtl)
	if len(runs) != 1 {
		t.Fatalf("%q is set as %d runs, want 1", s, len(runs))
	}
	return runs[0]
}

// clusterStarts marks, for each byte offset of r's text (and its end),
// whether a cluster begins there: where the run may be cut.
func (r *run) clusterStarts() []bool {
	at := make([]bool, len(r.text)+1)
	at[len(r.text)] = true
	for _, g := range r.glyphs {
		at[g.Cluster] = true
	}
	return at
}

// beginsCluster answers as the table of every offset does, in both
// directions, with marks and ligatures.
func TestBeginsCluster(t *testing.T) {
	for _, tt := range []struct {
		text string
		rtl  bool
	}{
		{"efficient", false},
		{strings.Repeat("e\u0301a\u0308o\u0302", 3), false},
		{"שָׁלוֹם", true},
		{"x", false},
	} {
		r := shapedRun(t, tt.text, tt.rtl)
		starts := r.clusterStarts()
		for at := range starts {
			if got := r.beginsCluster(at); got != starts[at] {
				t.Errorf("%q: beginsCluster(%d) = %v, want %v", tt.text, at, got, starts[at])
			}
		}
	}
}

// A word wider than the line is cut into pieces that each fit, each whole
// clusters, that together are the word.
func TestCutsFitAndKeepClusters(t *testing.T) {
	for _, tt := range []struct {
		name string
		text string
		rtl  bool
	}{
		{"latin", strings.Repeat("abcdefghij", 40), false},
		{"marks", strings.Repeat("e\u0301a\u0308o\u0302", 60), false},
		{"hebrew", strings.Repeat("שָׁלוֹם", 50), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := shapedRun(t, tt.text, tt.rtl)
			limit := pts(100)
			starts := r.clusterStarts()
			lo := 0
			var joined strings.Builder
			cuts := r.cuts(limit)
			if len(cuts) < 3 {
				t.Fatalf("%d pieces for a run %v wide in %v", len(cuts), r.width, limit)
			}
			for _, hi := range cuts {
				if hi <= lo || !starts[hi] {
					t.Fatalf("cut at %d after %d: not a cluster boundary past the last cut", hi, lo)
				}
				p := r.slice(lo, hi)
				if p.width > limit {
					t.Errorf("piece %q is %v wide, over %v", p.text, p.width, limit)
				}
				// A piece is as long as fits: one more cluster would not.
				if hi < len(r.text) {
					next := hi + 1
					for !starts[next] {
						next++
					}
					if w := r.slice(lo, next).width; w <= limit {
						t.Errorf("piece %q ends early: with the next cluster it is %v, within %v", p.text, w, limit)
					}
				}
				joined.WriteString(p.text)
				lo = hi
			}
			if joined.String() != tt.text {
				t.Errorf("pieces join to %q, want %q", joined.String(), tt.text)
			}
		})
	}
	// A cluster wider than the limit is a piece of its own.
	r := shapedRun(t, "MMM", false)
	if got := r.cuts(1); len(got) != 3 {
		t.Errorf("cuts of MMM in 1 unit = %v, want one per letter", got)
	}
}

// Cutting a run costs memory in proportion to its length: a megabyte-long
// word once took 20 s, copying the rest of the run at every cut.
func TestCuttingIsLinear(t *testing.T) {
	alloc := func(n int) uint64 {
		r := shapedRun(t, strings.Repeat("x", n), false)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		items := splitWideBoxes([]item{{kind: boxItem, width: r.width, run: r}}, 0, pts(300))
		runtime.ReadMemStats(&after)
		if len(items) < n/100 {
			t.Fatalf("%d items for %d letters", len(items), n)
		}
		return after.TotalAlloc - before.TotalAlloc
	}
	small, large := alloc(20000), alloc(80000)
	if large > 6*small {
		t.Errorf("splitting 4× the text allocated %d bytes against %d: more than linear", large, small)
	}
}
