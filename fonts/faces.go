package fonts

import (
	"encoding/binary"
	"strings"
	"sync"
)

// embedded lists the embedded faces in the order of their Face values: the
// named constants first.
var embedded = []struct {
	path  string
	serif bool
}{
	{"noto/NotoSerif-Regular.ttf.gz", true}, {"noto/NotoSerif-Italic.ttf.gz", true},
	{"noto/NotoSerif-Bold.ttf.gz", true}, {"noto/NotoSerif-BoldItalic.ttf.gz", true},
	{"noto/NotoSans-Regular.ttf.gz", false}, {"noto/NotoSans-Bold.ttf.gz", false},
	{"noto/NotoSerifHebrew-Regular.ttf.gz", true}, {"noto/NotoNaskhArabic-Regular.ttf.gz", true},
	{"noto/NotoSerifDevanagari-Regular.ttf.gz", true}, {"noto/NotoSerifThai-Regular.ttf.gz", true},
	{"droid/DroidSansFallbackFull.ttf.gz", false}, {"nanum/NanumMyeongjo.ttf.gz", true},
	{"noto/NotoSansSymbols2-Regular.ttf.gz", false}, {"dejavu/DejaVuSans.ttf.gz", false},
}

// fallbacks and symbolFallbacks are step 4 and 5 of the chain, in the two
// orders the package comment gives.
var (
	fallbacks       = []Face{Hebrew, Arabic, Devanagari, Thai, CJK, Korean, Symbols, DejaVu}
	symbolFallbacks = []Face{Symbols, DejaVu, Hebrew, Arabic, Devanagari, Thai, CJK, Korean}
)

//go:generate go run gen.go

// embeddedCoverage returns coverage.bin (see gen.go) decoded: each embedded
// file's characters, as inclusive start, end pairs.
var embeddedCoverage = sync.OnceValue(func() map[string][]uint32 {
	b, err := files.ReadFile("coverage.bin")
	if err != nil {
		panic("fonts: " + err.Error()) // a build defect
	}
	out := make(map[string][]uint32)
	next := func() uint64 {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			panic("fonts: coverage.bin is malformed; run go generate ./fonts")
		}
		b = b[n:]
		return v
	}
	for len(b) > 0 {
		n := int(next())
		path := string(b[:n])
		b = b[n:]
		count := int(next())
		rs := make([]uint32, 0, 2*count)
		prev := uint32(0)
		for range count {
			start := prev + uint32(next())
			end := start + uint32(next())
			rs = append(rs, start, end)
			prev = end
		}
		out[path] = rs
	}
	return out
})

func init() {
	faces := make([]*entry, len(embedded))
	for i, e := range embedded {
		faces[i] = &entry{name: strings.TrimSuffix(e.path[strings.LastIndexByte(e.path, '/')+1:], ".ttf.gz"), path: e.path, serif: e.serif}
	}
	current.Store(newSnapshot(faces, nil))
}
