package dictbreak

import (
	"bufio"
	"compress/gzip"
	"embed"
	"fmt"
	"sync"
)

//go:generate go run ./gen -out data

// data holds the word lists that gen extracted from ICU 72's break
// dictionaries (see gen and data/ICU-LICENSE).
//
//go:embed data/*.txt.gz
var data embed.FS

// script is one of the four scripts with a dictionary.
type script uint8

const (
	noScript script = iota
	thai
	lao
	khmer
	myanmar
	numScripts
)

var scriptFiles = [numScripts]string{thai: "thai", lao: "lao", khmer: "khmer", myanmar: "burmese"}

// scriptBase is the first code point of each script's block: a character
// of the block is stored in the trie as its distance from it, one byte, as
// ICU's own dictionaries store it. The joiners, which Khmer and Myanmar
// words hold, take the two bytes the block leaves free.
var scriptBase = [numScripts]rune{thai: 0x0E00, lao: 0x0E80, khmer: 0x1780, myanmar: 0x1000}

const (
	zwnjByte = 0xFE
	zwjByte  = 0xFF
	noByte   = -1
)

// scriptOf is the script of r among the four, by its block (Myanmar's
// extension blocks included: their letters are SA too; they are not in
// the dictionary and so are never split).
func scriptOf(r rune) script {
	switch {
	case r < 0x0E00:
		return noScript
	case r <= 0x0E7F:
		return thai
	case r <= 0x0EFF:
		return lao
	case 0x1000 <= r && r <= 0x109F, 0xA9E0 <= r && r <= 0xA9FF, 0xAA60 <= r && r <= 0xAA7F:
		return myanmar
	case 0x1780 <= r && r <= 0x17FF, 0x19E0 <= r && r <= 0x19FF:
		return khmer
	}
	return noScript
}

// toByte is r as the trie of script s stores it, or noByte.
func toByte(s script, r rune) int {
	switch r {
	case '\u200C':
		return zwnjByte
	case '\u200D':
		return zwjByte
	}
	d := r - scriptBase[s]
	if d < 0 || d > 0xFD {
		return noByte
	}
	return int(d)
}

// trie is a dictionary as a trie of bytes (toByte). Node i's children are
// labels[first[i]:first[i+1]] and the nodes of the same indices in child;
// word[i] says whether a word ends at node i. The root is node 0, and its
// children are also indexed by byte in rootChild, since every match starts
// there.
type trie struct {
	first     []int32
	labels    []byte
	child     []int32
	word      []bool
	rootChild [256]int32 // 0: none
	words     int
}

// next is the child of node n along byte b, or 0.
func (t *trie) next(n int32, b byte) int32 {
	if n == 0 {
		return t.rootChild[b]
	}
	lo, hi := t.first[n], t.first[n+1]
	// Most nodes have a few children: a linear scan beats a search.
	for i := lo; i < hi; i++ {
		if t.labels[i] == b {
			return t.child[i]
		}
	}
	return 0
}

// buildTrie makes the trie of a sorted list of words, each already in bytes.
// Built breadth first, so that a node's children are contiguous.
func buildTrie(words [][]byte) *trie {
	t := &trie{words: len(words)}
	// Each node is a range [lo, hi) of the sorted words that share the
	// node's prefix, of length depth.
	type node struct{ lo, hi, depth int }
	queue := []node{{0, len(words), 0}}
	t.first = append(t.first, 0)
	for qi := 0; qi < len(queue); qi++ {
		nd := queue[qi]
		lo := nd.lo
		if lo < nd.hi && len(words[lo]) == nd.depth {
			t.word = append(t.word, true)
			lo++ // the word that ends here sorts first among its prefix's
		} else {
			t.word = append(t.word, false)
		}
		for lo < nd.hi {
			b := words[lo][nd.depth]
			hi := lo + 1
			for hi < nd.hi && words[hi][nd.depth] == b {
				hi++
			}
			t.labels = append(t.labels, b)
			t.child = append(t.child, int32(len(queue)))
			queue = append(queue, node{lo, hi, nd.depth + 1})
			lo = hi
		}
		t.first = append(t.first, int32(len(t.labels)))
	}
	for i := t.first[0]; i < t.first[1]; i++ {
		t.rootChild[t.labels[i]] = t.child[i]
	}
	return t
}

var (
	tries    [numScripts]*trie
	trieOnce [numScripts]sync.Once
)

// dictionary is the trie of script s, read from the embedded list at first
// use: a document in Thai alone never pays for Khmer.
func dictionary(s script) *trie {
	trieOnce[s].Do(func() {
		t, err := loadTrie(s)
		if err != nil {
			// The lists are embedded and checked by the tests: a failure
			// here is a broken build, not a condition to handle.
			panic(err)
		}
		tries[s] = t
	})
	return tries[s]
}

func loadTrie(s script) (*trie, error) {
	name := "data/" + scriptFiles[s] + ".txt.gz"
	f, err := data.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var words [][]byte
	sc := bufio.NewScanner(zr)
	var prev []byte
	for sc.Scan() {
		var w []byte
		for _, r := range sc.Text() {
			b := toByte(s, r)
			if b == noByte {
				return nil, fmt.Errorf("%s: %q is not in the script's block", name, sc.Text())
			}
			w = append(w, byte(b))
		}
		if len(w) == 0 || prev != nil && string(prev) >= string(w) {
			return nil, fmt.Errorf("%s: %q out of order or empty", name, sc.Text())
		}
		words, prev = append(words, w), w
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return buildTrie(words), nil
}
