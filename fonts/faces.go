package fonts

// embedded lists the embedded faces in the order of their Face values: the
// named constants first.
var embedded = []struct {
	path  string
	serif bool
}{
	{"noto/NotoSerif-Regular.ttf", true}, {"noto/NotoSerif-Italic.ttf", true},
	{"noto/NotoSerif-Bold.ttf", true}, {"noto/NotoSerif-BoldItalic.ttf", true},
	{"noto/NotoSans-Regular.ttf", false}, {"noto/NotoSans-Bold.ttf", false},
	{"noto/NotoSerifHebrew-Regular.ttf", true}, {"noto/NotoNaskhArabic-Regular.ttf", true},
	{"noto/NotoSerifDevanagari-Regular.ttf", true}, {"noto/NotoSerifThai-Regular.ttf", true},
	{"droid/DroidSansFallbackFull.ttf", false}, {"nanum/NanumMyeongjo.ttf", true},
	{"noto/NotoSansSymbols2-Regular.ttf", false}, {"dejavu/DejaVuSans.ttf", false},
}

// fallbacks and symbolFallbacks are step 4 and 5 of the chain, in the two
// orders the package comment gives.
var (
	fallbacks       = []Face{Hebrew, Arabic, Devanagari, Thai, CJK, Korean, Symbols, DejaVu}
	symbolFallbacks = []Face{Symbols, DejaVu, Hebrew, Arabic, Devanagari, Thai, CJK, Korean}
)

// embeddedCoverage returns the coverage table generated with the faces, by
// file (none yet: coverage is read from each face's character map).
func embeddedCoverage() map[string][]uint32 { return nil }

func init() {
	faces := make([]*entry, len(embedded))
	for i, e := range embedded {
		faces[i] = &entry{name: baseName(e.path), path: e.path, serif: e.serif}
	}
	current.Store(newSnapshot(faces, nil))
}
