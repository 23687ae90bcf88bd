package fonts

import (
	"encoding/binary"
	"strconv"
	"strings"
	"sync"
)

// The faces of the scripts issue 13 names (their own Noto faces; serif
// where Noto has one, see embedded), after DejaVu in the registry.
const (
	Bengali = iota + DejaVu + 1
	Gurmukhi
	Gujarati
	Oriya
	Tamil
	Telugu
	Kannada
	Malayalam
	Sinhala
	Khmer
	Lao
	Myanmar
	Tibetan
	Ethiopic
	Armenian
	Georgian
	Syriac
	Thaana
)

// group is a face's place in the fallback chain (see the package comment).
type group uint8

const (
	text       group = iota // the text faces: only ever the base
	script                  // step 4: the scripts the service had before, then the major living ones
	cjk                     // step 4: Chinese and Japanese, then Korean
	han                     // step 4, before cjk: ideographs in the forms of the text's language (see Locale)
	minor                   // step 4: every other script
	symbol                  // step 5: the symbol faces the service had before
	moreSymbol              // step 5: Noto's other symbol faces
	emoji                   // the colour emoji face: first for an emoji, last for anything else
)

// embedded lists the embedded faces in the order of their Face values: the
// named constants first. Each script has one face: Noto's serif design where
// Noto has one, else its sans. Left out of fonts-noto-core: the second
// designs of scripts that have one here (Noto Sans of Hebrew, Arabic,
// Devanagari, Thai and the serif scripts; Kufi and Nastaliq Arabic; Looped
// Lao and Thai; Rashi Hebrew; Unjoined Adlam; Slanted Tamil; Traditional
// Nushu; the eleven regional Tifinagh faces), the Latin display faces, and
// Noto Sans SignWriting (5.2 MB for a notation set in two dimensions by
// rules of its own, not text a paragraph holds). Any of them can be added
// with AddDir.
var embedded = []struct {
	path  string // a collection's face is named by the file's path, "#" and its number, counting from 1
	serif bool
	group group
}{
	// The text faces.
	{"noto/NotoSerif-Regular.ttf", true, text}, {"noto/NotoSerif-Italic.ttf", true, text},
	{"noto/NotoSerif-Bold.ttf", true, text}, {"noto/NotoSerif-BoldItalic.ttf", true, text},
	{"noto/NotoSans-Regular.ttf", false, text}, {"noto/NotoSans-Bold.ttf", false, text},
	// The fallbacks the service had before issue 13.
	{"noto/NotoSerifHebrew-Regular.ttf.gz", true, script}, {"noto/NotoNaskhArabic-Regular.ttf.gz", true, script},
	{"noto/NotoSerifDevanagari-Regular.ttf.gz", true, script}, {"noto/NotoSerifThai-Regular.ttf.gz", true, script},
	{"droid/DroidSansFallbackFull.ttf.gz", false, cjk}, {"nanum/NanumMyeongjo.ttf.gz", true, cjk},
	{"noto/NotoSansSymbols2-Regular.ttf.gz", false, symbol}, {"dejavu/DejaVuSans.ttf.gz", false, symbol},
	// The scripts issue 13 names, in the order of the constants.
	{"noto/NotoSerifBengali-Regular.ttf.gz", true, script},
	{"noto/NotoSerifGurmukhi-Regular.ttf.gz", true, script},
	{"noto/NotoSerifGujarati-Regular.ttf.gz", true, script},
	{"noto/NotoSansOriya-Regular.ttf.gz", false, script},
	{"noto/NotoSerifTamil-Regular.ttf.gz", true, script},
	{"noto/NotoSerifTelugu-Regular.ttf.gz", true, script},
	{"noto/NotoSerifKannada-Regular.ttf.gz", true, script},
	{"noto/NotoSerifMalayalam-Regular.ttf.gz", true, script},
	{"noto/NotoSerifSinhala-Regular.ttf.gz", true, script},
	{"noto/NotoSerifKhmer-Regular.ttf.gz", true, script},
	{"noto/NotoSerifLao-Regular.ttf.gz", true, script},
	{"noto/NotoSerifMyanmar-Regular.ttf.gz", true, script},
	{"noto/NotoSerifTibetan-Regular.ttf.gz", true, script},
	{"noto/NotoSerifEthiopic-Regular.ttf.gz", true, script},
	{"noto/NotoSerifArmenian-Regular.ttf.gz", true, script},
	{"noto/NotoSerifGeorgian-Regular.ttf.gz", true, script},
	{"noto/NotoSansSyriac-Regular.ttf.gz", false, script},
	{"noto/NotoSansThaana-Regular.ttf.gz", false, script},
	// Every other script Noto covers, and Noto's other symbol faces, by file name.
	{"noto/NotoMusic-Regular.ttf.gz", false, moreSymbol},
	{"noto/NotoSansAdlam-Regular.ttf.gz", false, minor},
	{"noto/NotoSansAnatolianHieroglyphs-Regular.ttf.gz", false, minor},
	{"noto/NotoSansAvestan-Regular.ttf.gz", false, minor},
	{"noto/NotoSansBamum-Regular.ttf.gz", false, minor},
	{"noto/NotoSansBassaVah-Regular.ttf.gz", false, minor},
	{"noto/NotoSansBatak-Regular.ttf.gz", false, minor},
	{"noto/NotoSansBhaiksuki-Regular.ttf.gz", false, minor},
	{"noto/NotoSansBrahmi-Regular.ttf.gz", false, minor},
	{"noto/NotoSansBuginese-Regular.ttf.gz", false, minor},
	{"noto/NotoSansBuhid-Regular.ttf.gz", false, minor},
	{"noto/NotoSansCanadianAboriginal-Regular.ttf.gz", false, minor},
	{"noto/NotoSansCarian-Regular.ttf.gz", false, minor},
	{"noto/NotoSansCaucasianAlbanian-Regular.ttf.gz", false, minor},
	{"noto/NotoSansChakma-Regular.ttf.gz", false, minor},
	{"noto/NotoSansCham-Regular.ttf.gz", false, minor},
	{"noto/NotoSansCherokee-Regular.ttf.gz", false, minor},
	{"noto/NotoSansCoptic-Regular.ttf.gz", false, minor},
	{"noto/NotoSansCuneiform-Regular.ttf.gz", false, minor},
	{"noto/NotoSansCypriot-Regular.ttf.gz", false, minor},
	{"noto/NotoSansDeseret-Regular.ttf.gz", false, minor},
	{"noto/NotoSansDuployan-Regular.ttf.gz", false, minor},
	{"noto/NotoSansEgyptianHieroglyphs-Regular.ttf.gz", false, minor},
	{"noto/NotoSansElbasan-Regular.ttf.gz", false, minor},
	{"noto/NotoSansElymaic-Regular.ttf.gz", false, minor},
	{"noto/NotoSansGlagolitic-Regular.ttf.gz", false, minor},
	{"noto/NotoSansGothic-Regular.ttf.gz", false, minor},
	{"noto/NotoSansGunjalaGondi-Regular.ttf.gz", false, minor},
	{"noto/NotoSansHanifiRohingya-Regular.ttf.gz", false, minor},
	{"noto/NotoSansHanunoo-Regular.ttf.gz", false, minor},
	{"noto/NotoSansHatran-Regular.ttf.gz", false, minor},
	{"noto/NotoSansImperialAramaic-Regular.ttf.gz", false, minor},
	{"noto/NotoSansIndicSiyaqNumbers-Regular.ttf.gz", false, minor},
	{"noto/NotoSansInscriptionalPahlavi-Regular.ttf.gz", false, minor},
	{"noto/NotoSansInscriptionalParthian-Regular.ttf.gz", false, minor},
	{"noto/NotoSansJavanese-Regular.ttf.gz", false, minor},
	{"noto/NotoSansKaithi-Regular.ttf.gz", false, minor},
	{"noto/NotoSansKayahLi-Regular.ttf.gz", false, minor},
	{"noto/NotoSansKharoshthi-Regular.ttf.gz", false, minor},
	{"noto/NotoSansKhudawadi-Regular.ttf.gz", false, minor},
	{"noto/NotoSansLepcha-Regular.ttf.gz", false, minor},
	{"noto/NotoSansLimbu-Regular.ttf.gz", false, minor},
	{"noto/NotoSansLinearA-Regular.ttf.gz", false, minor},
	{"noto/NotoSansLinearB-Regular.ttf.gz", false, minor},
	{"noto/NotoSansLisu-Regular.ttf.gz", false, minor},
	{"noto/NotoSansLycian-Regular.ttf.gz", false, minor},
	{"noto/NotoSansLydian-Regular.ttf.gz", false, minor},
	{"noto/NotoSansMahajani-Regular.ttf.gz", false, minor},
	{"noto/NotoSansMandaic-Regular.ttf.gz", false, minor},
	{"noto/NotoSansManichaean-Regular.ttf.gz", false, minor},
	{"noto/NotoSansMarchen-Regular.ttf.gz", false, minor},
	{"noto/NotoSansMasaramGondi-Regular.ttf.gz", false, minor},
	{"noto/NotoSansMath-Regular.ttf.gz", false, moreSymbol},
	{"noto/NotoSansMayanNumerals-Regular.ttf.gz", false, minor},
	{"noto/NotoSansMedefaidrin-Regular.ttf.gz", false, minor},
	{"noto/NotoSansMeeteiMayek-Regular.ttf.gz", false, minor},
	{"noto/NotoSansMendeKikakui-Regular.ttf.gz", false, minor},
	{"noto/NotoSansMeroitic-Regular.ttf.gz", false, minor},
	{"noto/NotoSansMiao-Regular.ttf.gz", false, minor},
	{"noto/NotoSansModi-Regular.ttf.gz", false, minor},
	{"noto/NotoSansMongolian-Regular.ttf.gz", false, minor},
	{"noto/NotoSansMro-Regular.ttf.gz", false, minor},
	{"noto/NotoSansMultani-Regular.ttf.gz", false, minor},
	{"noto/NotoSansNKo-Regular.ttf.gz", false, minor},
	{"noto/NotoSansNabataean-Regular.ttf.gz", false, minor},
	{"noto/NotoSansNewTaiLue-Regular.ttf.gz", false, minor},
	{"noto/NotoSansNewa-Regular.ttf.gz", false, minor},
	{"noto/NotoSansNushu-Regular.ttf.gz", false, minor},
	{"noto/NotoSansOgham-Regular.ttf.gz", false, minor},
	{"noto/NotoSansOlChiki-Regular.ttf.gz", false, minor},
	{"noto/NotoSansOldHungarian-Regular.ttf.gz", false, minor},
	{"noto/NotoSansOldItalic-Regular.ttf.gz", false, minor},
	{"noto/NotoSansOldNorthArabian-Regular.ttf.gz", false, minor},
	{"noto/NotoSansOldPermic-Regular.ttf.gz", false, minor},
	{"noto/NotoSansOldPersian-Regular.ttf.gz", false, minor},
	{"noto/NotoSansOldSogdian-Regular.ttf.gz", false, minor},
	{"noto/NotoSansOldSouthArabian-Regular.ttf.gz", false, minor},
	{"noto/NotoSansOldTurkic-Regular.ttf.gz", false, minor},
	{"noto/NotoSansOsage-Regular.ttf.gz", false, minor},
	{"noto/NotoSansOsmanya-Regular.ttf.gz", false, minor},
	{"noto/NotoSansPahawhHmong-Regular.ttf.gz", false, minor},
	{"noto/NotoSansPalmyrene-Regular.ttf.gz", false, minor},
	{"noto/NotoSansPauCinHau-Regular.ttf.gz", false, minor},
	{"noto/NotoSansPhagsPa-Regular.ttf.gz", false, minor},
	{"noto/NotoSansPhoenician-Regular.ttf.gz", false, minor},
	{"noto/NotoSansPsalterPahlavi-Regular.ttf.gz", false, minor},
	{"noto/NotoSansRejang-Regular.ttf.gz", false, minor},
	{"noto/NotoSansRunic-Regular.ttf.gz", false, minor},
	{"noto/NotoSansSamaritan-Regular.ttf.gz", false, minor},
	{"noto/NotoSansSaurashtra-Regular.ttf.gz", false, minor},
	{"noto/NotoSansSharada-Regular.ttf.gz", false, minor},
	{"noto/NotoSansShavian-Regular.ttf.gz", false, minor},
	{"noto/NotoSansSiddham-Regular.ttf.gz", false, minor},
	{"noto/NotoSansSogdian-Regular.ttf.gz", false, minor},
	{"noto/NotoSansSoraSompeng-Regular.ttf.gz", false, minor},
	{"noto/NotoSansSoyombo-Regular.ttf.gz", false, minor},
	{"noto/NotoSansSundanese-Regular.ttf.gz", false, minor},
	{"noto/NotoSansSylotiNagri-Regular.ttf.gz", false, minor},
	{"noto/NotoSansSymbols-Regular.ttf.gz", false, moreSymbol},
	{"noto/NotoSansTagalog-Regular.ttf.gz", false, minor},
	{"noto/NotoSansTagbanwa-Regular.ttf.gz", false, minor},
	{"noto/NotoSansTaiLe-Regular.ttf.gz", false, minor},
	{"noto/NotoSansTaiTham-Regular.ttf.gz", false, minor},
	{"noto/NotoSansTaiViet-Regular.ttf.gz", false, minor},
	{"noto/NotoSansTakri-Regular.ttf.gz", false, minor},
	{"noto/NotoSansTamilSupplement-Regular.ttf.gz", false, minor},
	{"noto/NotoSansTifinagh-Regular.ttf.gz", false, minor},
	{"noto/NotoSansTirhuta-Regular.ttf.gz", false, minor},
	{"noto/NotoSansUgaritic-Regular.ttf.gz", false, minor},
	{"noto/NotoSansVai-Regular.ttf.gz", false, minor},
	{"noto/NotoSansWancho-Regular.ttf.gz", false, minor},
	{"noto/NotoSansWarangCiti-Regular.ttf.gz", false, minor},
	{"noto/NotoSansYi-Regular.ttf.gz", false, minor},
	{"noto/NotoSansZanabazarSquare-Regular.ttf.gz", false, minor},
	{"noto/NotoSerifAhom-Regular.ttf.gz", true, minor},
	{"noto/NotoSerifBalinese-Regular.ttf.gz", true, minor},
	{"noto/NotoSerifDogra-Regular.ttf.gz", true, minor},
	{"noto/NotoSerifGrantha-Regular.ttf.gz", true, minor},
	{"noto/NotoSerifKhojki-Regular.ttf.gz", true, minor},
	{"noto/NotoSerifNyiakengPuachueHmong-Regular.ttf.gz", true, minor},
	{"noto/NotoSerifTangut-Regular.ttf.gz", true, minor},
	{"noto/NotoSerifYezidi-Regular.ttf.gz", true, minor},
	// The colour emoji face (Noto Color Emoji, PNG bitmaps): see ColorEmoji.
	// Stored as it is: its PNGs do not compress (10.2 MB gzipped against
	// 11.0 MB), and gunzip would cost the first emoji of a process 80 ms.
	{"emoji/NotoColorEmoji.ttf", false, emoji},
	// Ideographs in each language's own forms (see Locale): Japanese
	// (Mincho, and Gothic for the sans faces),
	// then Chinese as Arphic drew it for the mainland, Hong Kong and
	// Taiwan (one collection: the three share all but the few hundred
	// characters whose standard forms differ), then Hanazono Mincho B for
	// the ideographs beyond the BMP (CJK Extensions B to F) that none of
	// them has.
	{"ipaex/ipaexm.ttf", true, han},
	{"ipaex/ipaexg.ttf", false, han},     // IPAex Gothic: Japanese set in the sans faces (titles, headings)
	{"arphic/uming.ttc.gz#1", true, han}, // AR PL UMing CN
	{"arphic/uming.ttc.gz#2", true, han}, // AR PL UMing HK
	{"arphic/uming.ttc.gz#3", true, han}, // AR PL UMing TW
	{"hanazono/HanaMinB.ttf.gz", true, han},
	// Preformatted text and code: see Mono.
	{"dejavu/DejaVuSansMono.ttf.gz", false, text},
}

// Mono is the monospaced face, DejaVu Sans Mono, for preformatted text and
// code, whose columns must line up. It is a base face only, never a
// fallback for other text; what it lacks falls back as from any face that
// is not a text face.
const Mono Face = 161

// fallbackOrders returns steps 4 and 5 of the chain in locale l, in the two
// orders the package comment gives: the faces of Chinese, Japanese and
// Korean (groups han and cjk) come in l's order (cjkOrder), for a serif or
// a sans base.
func fallbackOrders(l Locale, sans bool) (plain, symbols []Face) {
	in := func(gs ...group) []Face {
		var out []Face
		for _, g := range gs {
			if g == cjk {
				out = append(out, cjkOrder(l, sans)...)
				continue
			}
			for i, e := range embedded {
				if e.group == g {
					out = append(out, Face(i))
				}
			}
		}
		return out
	}
	return in(script, cjk, minor, symbol, moreSymbol, emoji), in(symbol, moreSymbol, script, cjk, minor, emoji)
}

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
		// "noto/NotoSerif-Regular.ttf" is NotoSerif-Regular; the first
		// face of "arphic/uming.ttc.gz#1" is uming-1, as AddDir names a
		// collection's faces.
		name := e.path[strings.LastIndexByte(e.path, '/')+1:]
		name = strings.Replace(name, ".ttc.gz#", "-", 1)
		name = strings.TrimSuffix(strings.TrimSuffix(name, ".gz"), ".ttf")
		member := 0
		if _, n, ok := strings.Cut(e.path, "#"); ok {
			member, _ = strconv.Atoi(n)
		}
		faces[i] = &entry{name: name, path: e.path, serif: e.serif, member: member, color: e.group == emoji}
	}
	current.Store(newSnapshot(faces, nil))
}
