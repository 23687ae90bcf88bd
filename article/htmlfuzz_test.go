package article

import (
	"errors"
	"net/url"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

// FuzzParseHTMLBody: on any input, ParseHTMLBody does not panic, returns
// blocks that pass Validate with counts of known kinds only, or an error
// wrapping ErrInvalid and nothing else, and gives the same result twice.
// Seeded with the CMS fixtures and every mapping case.
func FuzzParseHTMLBody(f *testing.F) {
	for _, fx := range htmlFixtures {
		addFileSeed(f, filepath.Join("testdata", "html", fx.name+".html"))
	}
	for _, c := range mappingCases {
		f.Add([]byte(c.html))
	}
	for _, s := range []string{
		"",
		"\uFEFF",
		"<",
		"</p>",
		"<table><td>a<tr><th>b",
		"<ol><li value=x><ol reversed start=2147483648><li>",
		"<b><i></b></i>x",
		"<pre>\r\n\f\x00a</pre>",
		"<sup><a href=#a>1</a></sup><ol class=footnotes><li id=a><a href=#b>2</a></li><li id=b></li></ol>",
		"<img srcset=', , 1x,,x 2w 3x (,)'>",
		"<figure><figcaption><small>c</small></figcaption></figure>",
	} {
		f.Add([]byte(s))
	}
	base, err := url.Parse(testBase)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, b := range []*url.URL{nil, base} {
			blocks, dropped, err := ParseHTMLBody(data, b)
			if err != nil {
				if !errors.Is(err, ErrInvalid) {
					t.Fatalf("input %q: error %q does not wrap ErrInvalid", truncate(string(data)), err)
				}
				if blocks != nil || dropped != nil {
					t.Fatalf("input %q: blocks or counts came with the error %v", truncate(string(data)), err)
				}
				continue
			}
			if err := (&Article{Title: "t", Body: blocks}).Validate(); err != nil {
				t.Fatalf("input %q: the blocks fail Validate: %v\n%s", truncate(string(data)), err, dumpBlocks(blocks, dropped))
			}
			for k, n := range dropped {
				if !slices.Contains(DroppedKinds, k) || n <= 0 {
					t.Fatalf("input %q: dropped %s=%d; the kinds are %v", truncate(string(data)), k, n, DroppedKinds)
				}
			}
			if b != nil {
				continue // once is enough for determinism, and halves the time a minimisation takes
			}
			again, droppedAgain, err := ParseHTMLBody(data, b)
			if err != nil || !reflect.DeepEqual(again, blocks) || !reflect.DeepEqual(droppedAgain, dropped) {
				t.Fatalf("input %q: a second parse differs (error %v):\n%s\nthen\n%s", truncate(string(data)), err, dumpBlocks(blocks, dropped), dumpBlocks(again, droppedAgain))
			}
		}
	})
}
