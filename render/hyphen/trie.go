package hyphen

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// patterns is the parsed form of one language's pattern and exception
// files. It is immutable once built and shared by all goroutines.
//
// The patterns live in a byte-labelled trie keyed by the UTF-8 encoding of
// the pattern's characters ('.' standing for a word edge). Nodes are kept in
// flat slices: node i's children are labels[n.edges:n.edges+n.nEdges] (sorted)
// with the matching node indices in kids. A node that ends a pattern points
// at its inter-letter values in vals[n.valOff:n.valOff+n.valLen]: one value
// per gap of the pattern, from the gap before its first character to the gap
// after its last, so valLen is the pattern's character count plus one.
type patterns struct {
	nodes  []node
	labels []byte
	kids   []uint32
	vals   []uint8
	// root maps a first byte to its child of the root node; 0 means none
	// (node 0 is the root and never anybody's child).
	root [256]uint32

	// exceptions maps a lower-cased word to the positions of its breaks,
	// counted in characters from the start of the word.
	exceptions map[string][]uint8

	// apostrophes is whether any pattern has an apostrophe (' or ’), as
	// the French and Italian ones do; elsewhere an apostrophe separates
	// words.
	apostrophes bool

	npatterns int // number of distinct patterns, for tests and benchmarks
}

type node struct {
	edges  uint32
	valOff uint32
	nEdges uint16
	valLen uint8
}

// child returns the child of node n labelled c, or 0.
func (p *patterns) child(n uint32, c byte) uint32 {
	nd := &p.nodes[n]
	labels := p.labels[nd.edges : nd.edges+uint32(nd.nEdges)]
	if len(labels) > 8 {
		// Binary search; the labels are sorted.
		lo, hi := 0, len(labels)
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if labels[m] < c {
				lo = m + 1
			} else {
				hi = m
			}
		}
		if lo < len(labels) && labels[lo] == c {
			return p.kids[nd.edges+uint32(lo)]
		}
		return 0
	}
	for i, l := range labels {
		if l == c {
			return p.kids[nd.edges+uint32(i)]
		}
		if l > c {
			break
		}
	}
	return 0
}

// entry is one parsed pattern: its characters and its gap values.
type entry struct {
	key  []byte
	vals []uint8
}

// parsePatterns reads a hyph-utf8 .pat.txt file: patterns separated by
// white space, each a run of characters with digits between them, for
// example ".hy3p" or "2'2". Anything after a '%' on a line is a comment.
// It never fails: a token without any character is ignored.
func parsePatterns(src string) []entry {
	// All keys and values go into two arenas that are allocated once, big
	// enough never to move: a token of b bytes has at most b key bytes and
	// b+1 values, and is followed by a separator or the end of src.
	keys := make([]byte, 0, len(src))
	vals := make([]uint8, 0, len(src)+len(src)/2+1)
	ents := make([]entry, 0, len(src)/6)
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '%':
			for i < len(src) && src[i] != '\n' {
				i++
			}
			continue
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
			continue
		}
		k0, v0 := len(keys), len(vals)
		vals = append(vals, 0)
		for ; i < len(src); i++ {
			c := src[i]
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == '%' {
				break
			}
			if c >= '0' && c <= '9' {
				vals[len(vals)-1] = c - '0'
				continue
			}
			if utf8.RuneStart(c) || len(keys) == k0 {
				vals = append(vals, 0) // the gap after this character
			}
			keys = append(keys, c)
		}
		if len(keys) == k0 {
			vals = vals[:v0]
			continue
		}
		if len(vals)-v0 > 255 {
			keys, vals = keys[:k0], vals[:v0]
			continue
		}
		ents = append(ents, entry{key: keys[k0:len(keys):len(keys)], vals: vals[v0:len(vals):len(vals)]})
	}
	return ents
}

// parseExceptions reads a hyph-utf8 .hyp.txt file: words separated by white
// space, with '-' where they may be broken, such as "ta-ble". A word without
// a '-' may not be broken at all.
func parseExceptions(src string) map[string][]uint8 {
	exc := make(map[string][]uint8)
	var key strings.Builder
	for line := range strings.Lines(src) {
		if i := strings.IndexByte(line, '%'); i >= 0 {
			line = line[:i]
		}
		for _, tok := range strings.Fields(line) {
			key.Reset()
			var pos []uint8
			n := 0
			for _, r := range tok {
				if r == '-' {
					if n > 0 && n < 256 {
						pos = append(pos, uint8(n))
					}
					continue
				}
				key.WriteRune(unicode.ToLower(r))
				n++
			}
			if n == 0 || n > 255 {
				continue
			}
			// A trailing '-' would have recorded a break after the last
			// character; no such break exists.
			pos = slices.DeleteFunc(pos, func(p uint8) bool { return int(p) >= n })
			exc[key.String()] = slices.Compact(pos)
		}
	}
	return exc
}

// buildPatterns turns parsed patterns into the trie. Duplicate patterns
// (which TeX would reject) are merged by taking the larger value at each gap.
func buildPatterns(ents []entry, exceptions map[string][]uint8) *patterns {
	slices.SortFunc(ents, func(a, b entry) int { return bytes.Compare(a.key, b.key) })
	merged := ents[:0]
	for _, e := range ents {
		if k := len(merged) - 1; k >= 0 && bytes.Equal(merged[k].key, e.key) {
			for i, v := range e.vals {
				merged[k].vals[i] = max(merged[k].vals[i], v)
			}
			continue
		}
		merged = append(merged, e)
	}
	ents = merged

	p := &patterns{exceptions: exceptions, npatterns: len(ents)}
	for _, e := range ents {
		if bytes.ContainsAny(e.key, "'’") {
			p.apostrophes = true
			break
		}
	}
	nodes, labels, vals := 1, 0, 0
	for _, e := range ents {
		vals += len(e.vals)
		labels += len(e.key)
	}
	nodes += labels // an upper bound
	p.nodes = make([]node, 0, nodes)
	p.labels = make([]byte, 0, labels)
	p.kids = make([]uint32, 0, labels)
	p.vals = make([]uint8, 0, vals)
	if len(ents) > 0 {
		p.build(ents, 0)
	} else {
		p.nodes = append(p.nodes, node{})
	}
	for i := range p.nodes[0].nEdges {
		e := p.nodes[0].edges + uint32(i)
		p.root[p.labels[e]] = p.kids[e]
	}
	// Give back the spare capacity of the upper-bound allocations.
	p.nodes = slices.Clone(p.nodes)
	p.labels = slices.Clone(p.labels)
	p.kids = slices.Clone(p.kids)
	return p
}

// build adds a node for the sorted, duplicate-free entries ents, which all
// share their first depth bytes, and returns its index.
func (p *patterns) build(ents []entry, depth int) uint32 {
	id := uint32(len(p.nodes))
	p.nodes = append(p.nodes, node{})
	if len(ents[0].key) == depth {
		p.nodes[id].valOff = uint32(len(p.vals))
		p.nodes[id].valLen = uint8(len(ents[0].vals))
		p.vals = append(p.vals, ents[0].vals...)
		ents = ents[1:]
	}
	if len(ents) == 0 {
		return id
	}
	start := len(p.labels)
	for i, e := range ents {
		if i == 0 || e.key[depth] != ents[i-1].key[depth] {
			p.labels = append(p.labels, e.key[depth])
			p.kids = append(p.kids, 0)
		}
	}
	end := len(p.labels)
	p.nodes[id].edges = uint32(start)
	p.nodes[id].nEdges = uint16(end - start)
	// The recursive calls append their own children after end.
	for k := start; k < end; k++ {
		c := p.labels[k]
		n := 0
		for n < len(ents) && ents[n].key[depth] == c {
			n++
		}
		p.kids[k] = p.build(ents[:n], depth+1)
		ents = ents[n:]
	}
	return id
}

// apply runs Liang's algorithm over text, the lower-cased word framed by
// '.' on both sides. starts[i] is the byte offset of character i in text
// (len(starts) is the number of characters). vals gets, for each gap g
// between character g-1 and character g, the highest value of any matching
// pattern; it must have len(starts)+1 elements, all zero.
func (p *patterns) apply(text []byte, starts []int32, vals []uint8) {
	for i, s := range starts {
		n := p.root[text[s]]
		for j := int(s) + 1; n != 0; j++ {
			nd := &p.nodes[n]
			if nd.valLen > 0 {
				pv := p.vals[nd.valOff : nd.valOff+uint32(nd.valLen)]
				gaps := vals[i : i+len(pv)]
				for k, v := range pv {
					if v > gaps[k] {
						gaps[k] = v
					}
				}
			}
			if j >= len(text) {
				break
			}
			n = p.child(n, text[j])
		}
	}
}

// size estimates the bytes the parsed patterns occupy in memory.
func (p *patterns) size() int {
	n := len(p.nodes)*12 + len(p.labels) + len(p.kids)*4 + len(p.vals) + len(p.root)*4
	for k, v := range p.exceptions {
		n += len(k) + len(v) + 48
	}
	return n
}
