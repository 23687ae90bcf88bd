//go:build ignore

// Gen stores font files in the package, gzip-compressed, and writes
// coverage.bin, the characters each stored face has, which the package reads
// instead of decompressing a face to learn whether it draws a character.
//
//	go run gen.go -to noto /usr/share/fonts/truetype/noto/NotoSerifBengali-Regular.ttf …
//	go run gen.go -to noto -gzip=false …/NotoSerif-Regular.ttf   # a face every render uses
//	go generate ./fonts     # coverage.bin only, after a face was replaced by hand
//
// The text faces, which every render uses, are stored as they are: gunzip
// runs at about 130 MB/s, and 4 ms for each on the first render of a
// process is too dear for the one-shot render command, for 1.8 MB saved.
//
// coverage.bin holds, for each *.ttf, *.ttf.gz and *.ttc.gz below this
// folder in path order (each face of a collection, as "path#N", N counting
// from 1): the path's length and the path, the number of ranges, then each range as the
// distance of its start from the previous range's end and its length less
// one, all as unsigned varints. A test checks it against the faces.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/go-text/typesetting/font"
)

func main() {
	to := flag.String("to", "", "folder (below fonts/) to store the given .ttf and .ttc files in")
	compress := flag.Bool("gzip", true, "store the files gzip-compressed")
	flag.Parse()
	for _, src := range flag.Args() {
		if *to == "" {
			log.Fatal("give -to with files to store")
		}
		data, err := os.ReadFile(src)
		if err != nil {
			log.Fatal(err)
		}
		if m := string(data[:4]); m != "\x00\x01\x00\x00" && m != "true" && m != "ttcf" {
			log.Fatalf("%s: not TrueType outlines", src)
		}
		dst := filepath.Join(*to, filepath.Base(src))
		if *compress {
			var buf bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // no name, no time: the same bytes every run
			zw.Write(data)
			zw.Close()
			data, dst = buf.Bytes(), dst+".gz"
		}
		os.Remove(dst + ".gz") // one copy of a face
		os.Remove(strings.TrimSuffix(dst, ".gz"))
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			log.Fatal(err)
		}
	}
	paths, _ := filepath.Glob("*/*.ttf.gz")
	raw, _ := filepath.Glob("*/*.ttf")
	ttc, _ := filepath.Glob("*/*.ttc.gz")
	paths = append(append(paths, raw...), ttc...)
	sort.Strings(paths)
	var out []byte
	for _, p := range paths {
		gz, err := os.ReadFile(p)
		if err != nil {
			log.Fatal(err)
		}
		data := gz
		if strings.HasSuffix(p, ".gz") {
			zr, err := gzip.NewReader(bytes.NewReader(gz))
			if err != nil {
				log.Fatalf("%s: %v", p, err)
			}
			if data, err = io.ReadAll(zr); err != nil {
				log.Fatalf("%s: %v", p, err)
			}
		}
		fcs, err := font.ParseTTC(bytes.NewReader(data))
		if err != nil {
			log.Fatalf("%s: %v", p, err)
		}
		for i, fc := range fcs {
			key := p
			if strings.HasSuffix(p, ".ttc.gz") {
				key = fmt.Sprintf("%s#%d", p, i+1) // a collection's faces, numbered from 1
			}
			out = appendCoverage(out, key, fc.Font)
		}
	}
	if err := os.WriteFile("coverage.bin", out, 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("coverage.bin: %d faces, %d bytes\n", len(paths), len(out))
}

// appendCoverage appends one face's record to out: its key, then the
// characters its character map sends to a glyph other than .notdef, as
// ranges.
func appendCoverage(out []byte, key string, fc *font.Font) []byte {
	var rs []uint32
	for it := fc.Cmap.Iter(); it.Next(); {
		if r, g := it.Char(); g != 0 && r >= 0 && r <= 0x10FFFF {
			rs = append(rs, uint32(r))
		}
	}
	slices.Sort(rs)
	rs = slices.Compact(rs)
	var ranges []uint32
	for _, r := range rs {
		if n := len(ranges); n > 0 && ranges[n-1]+1 == r {
			ranges[n-1] = r
			continue
		}
		ranges = append(ranges, r, r)
	}
	out = binary.AppendUvarint(out, uint64(len(key)))
	out = append(out, key...)
	out = binary.AppendUvarint(out, uint64(len(ranges)/2))
	prev := uint32(0)
	for i := 0; i < len(ranges); i += 2 {
		out = binary.AppendUvarint(out, uint64(ranges[i]-prev))
		out = binary.AppendUvarint(out, uint64(ranges[i+1]-ranges[i]))
		prev = ranges[i+1]
	}
	return out
}
