package fonts

import (
	"strconv"

	"golang.org/x/text/language"
)

// Locale is the writing tradition whose letterforms a text's ideographs
// take. Chinese, Japanese and Korean share the Han characters of Unicode,
// but not their shapes: 骨, 直, 令 and a few hundred more are drawn
// differently in Beijing, Taipei, Hong Kong and Tokyo, and a reader sees at
// once a form that is not their own. So the faces that draw ideographs come
// in the chain in an order that depends on the text's language (ChainIn,
// ForClusterIn): the face drawn for that language first, then the others
// for what it lacks.
type Locale uint8

const (
	// LocaleZhHans: zh, zh-Hans, zh-CN, zh-SG, and every language
	// that is not Chinese, Japanese or Korean (an English article quoting
	// Chinese names): AR PL UMing CN.
	LocaleZhHans Locale = iota
	// LocaleZhHant: zh-Hant, zh-TW: AR PL UMing TW.
	LocaleZhHant
	// LocaleZhHK: zh-HK, zh-MO, yue: AR PL UMing HK.
	LocaleZhHK
	// LocaleJa: ja: IPAex Mincho, and IPAex Gothic in the sans faces.
	LocaleJa
	// LocaleKo: ko: Nanum Myeongjo for Hangul; its hanja in the traditional
	// forms of AR PL UMing TW.
	LocaleKo

	numLocales
)

// LocaleOf returns the locale of a BCP 47 language tag: the rule is the
// language's own for Chinese (by its script or region: zh-TW is
// traditional, zh-HK Hong Kong's, plain zh simplified), Japanese and
// Korean, and Chinese for every other language, since a run of ideographs
// in a text of another language is most likely Chinese. A tag that cannot
// be parsed is taken as any other language.
func LocaleOf(tag string) Locale {
	l, _ := HanLocale(tag)
	return l
}

// HanLocale is LocaleOf for a tag of Chinese, Japanese or Korean, which
// it reports; for any other language it returns LocaleZhHans and false: a
// text in such a language (a span in an article) has no forms of its own
// to give ideographs, and takes those of the text around it.
func HanLocale(tag string) (Locale, bool) {
	t, err := language.Parse(tag)
	if err != nil {
		return LocaleZhHans, false
	}
	base, _ := t.Base()
	switch base.String() {
	case "ja":
		return LocaleJa, true
	case "ko":
		return LocaleKo, true
	case "zh", "yue":
	default:
		return LocaleZhHans, false
	}
	return chineseLocale(t, base.String()), true
}

// chineseLocale is the locale of a tag of Chinese (base zh or yue).
func chineseLocale(t language.Tag, base string) Locale {
	// A script written in the tag decides first (zh-Hans-HK is simplified
	// Chinese as written in Hong Kong); then the region; then the script
	// the language is written in most (yue: traditional).
	script, sconf := t.Script()
	if sconf == language.Exact && script.String() == "Hans" {
		return LocaleZhHans
	}
	if region, conf := t.Region(); conf != language.No || base == "yue" {
		switch region.String() {
		case "HK", "MO":
			return LocaleZhHK
		}
		if base == "yue" {
			return LocaleZhHK
		}
	}
	if script.String() == "Hant" {
		return LocaleZhHant
	}
	return LocaleZhHans
}

func (l Locale) String() string {
	switch l {
	case LocaleZhHans:
		return "zh-Hans"
	case LocaleZhHant:
		return "zh-Hant"
	case LocaleZhHK:
		return "zh-HK"
	case LocaleJa:
		return "ja"
	case LocaleKo:
		return "ko"
	}
	return "Locale(" + strconv.Itoa(int(l)) + ")"
}

// The faces of ideographs, by their files (see embedded).
var (
	ipaexMincho = faceAt("ipaex/ipaexm.ttf")
	ipaexGothic = faceAt("ipaex/ipaexg.ttf")
	umingCN     = faceAt("arphic/uming.ttc.gz#1")
	umingHK     = faceAt("arphic/uming.ttc.gz#2")
	umingTW     = faceAt("arphic/uming.ttc.gz#3")
	hanaMinB    = faceAt("hanazono/HanaMinB.ttf.gz")
)

// faceAt returns the embedded face stored at path.
func faceAt(path string) Face {
	for i, e := range embedded {
		if e.path == path {
			return Face(i)
		}
	}
	panic("fonts: no embedded face " + path) // a build defect, caught by the tests
}

// cjkOrder is the part of the chain that draws Chinese, Japanese and
// Korean in locale l: the face of l's ideographs first, then the other
// Chinese forms for the characters it lacks (a Japanese face has only
// the kanji of Japanese), Droid Sans Fallback for the rarer characters of
// the BMP (CJK Extension A, compatibility forms), Nanum Myeongjo for Hangul,
// IPAex Mincho and Gothic (a few hundred ideographs beyond the BMP that
// Japanese names use), and Hanazono Mincho B for every other ideograph
// beyond the BMP. Korean puts Nanum first, so that the punctuation of
// Korean text is Korean's. Japanese set in a sans face (titles, headings:
// sans is a base face of the sans family) takes IPAex Gothic first, as
// Japanese papers set their headlines in a gothic beside sans Latin.
func cjkOrder(l Locale, sans bool) []Face {
	switch l {
	case LocaleJa:
		if sans {
			return []Face{ipaexGothic, ipaexMincho, umingTW, umingCN, umingHK, CJK, Korean, hanaMinB}
		}
		return []Face{ipaexMincho, ipaexGothic, umingTW, umingCN, umingHK, CJK, Korean, hanaMinB}
	case LocaleZhHant:
		return []Face{umingTW, umingHK, umingCN, CJK, Korean, ipaexMincho, ipaexGothic, hanaMinB}
	case LocaleZhHK:
		return []Face{umingHK, umingTW, umingCN, CJK, Korean, ipaexMincho, ipaexGothic, hanaMinB}
	case LocaleKo:
		return []Face{Korean, umingTW, umingHK, umingCN, CJK, ipaexMincho, ipaexGothic, hanaMinB}
	}
	return []Face{umingCN, umingTW, umingHK, CJK, Korean, ipaexMincho, ipaexGothic, hanaMinB}
}
