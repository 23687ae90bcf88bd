package langcorpus

import (
	"encoding/binary"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode"
)

// LocaleDir is where Debian installs the translations of its programs.
const LocaleDir = "/usr/share/locale"

// Catalogs are Debian's own translations of its tools (gettext catalogs),
// by their translators: sentences, where CLDR's text is mostly names. Only
// languages whose words are not separated by spaces are listed, for the
// dictionary segmentation's tests (render/text/dictbreak); Debian 12 ships
// no Lao ones but for country names. dpkg and apt are on every Debian
// system, but a slim image may drop /usr/share/locale, so a test that reads
// them must treat them as optional.
var Catalogs = map[string][]string{
	"th": {"dpkg.mo", "apt.mo", "libapt-pkg6.0.mo"},
	"km": {"dpkg.mo", "apt.mo", "libapt-pkg6.0.mo"},
	"my": {"Linux-PAM.mo", "gtk30.mo"},
}

// Translations returns the translated strings of lang's Catalogs in dir
// (LocaleDir) that are running text: each string's first plural form, its
// white space made single spaces, leaving out the catalog's header and any
// string with a format or markup character (%s, <file>, {0}, paths) or no
// letter beyond ASCII. Missing catalogs are skipped; none at all is an
// error that matches fs.ErrNotExist.
func Translations(dir, lang string) ([]string, error) {
	var out []string
	found := 0
	for _, c := range Catalogs[lang] {
		b, err := os.ReadFile(filepath.Join(dir, lang, "LC_MESSAGES", c))
		if err != nil {
			continue
		}
		found++
		s, err := catalogStrings(b)
		if err != nil {
			return nil, fmt.Errorf("%s/%s: %w", lang, c, err)
		}
		out = append(out, s...)
	}
	if found == 0 {
		return nil, fmt.Errorf("langcorpus: no catalog of %s in %s: %w", lang, dir, fs.ErrNotExist)
	}
	return out, nil
}

// catalogStrings reads a little-endian gettext catalog (.mo): a magic
// number, a revision, the count of strings, the offsets of the tables of
// originals and translations, each entry a length and an offset.
func catalogStrings(b []byte) ([]string, error) {
	le := binary.LittleEndian
	if len(b) < 28 || le.Uint32(b) != 0x950412de {
		return nil, fmt.Errorf("not a little-endian gettext catalog")
	}
	n, table := int(le.Uint32(b[8:])), int(le.Uint32(b[16:]))
	var out []string
	for i := range n {
		at := table + 8*i
		if at+8 > len(b) {
			return nil, fmt.Errorf("truncated")
		}
		size, off := int(le.Uint32(b[at:])), int(le.Uint32(b[at+4:]))
		if off+size > len(b) {
			return nil, fmt.Errorf("truncated")
		}
		s, _, _ := strings.Cut(string(b[off:off+size]), "\x00")
		if strings.ContainsAny(s, "%<>{}[]$\\/=_*\t:") || !strings.ContainsFunc(s, func(r rune) bool { return r > 0x24F && unicode.IsLetter(r) }) {
			continue
		}
		out = append(out, strings.Join(strings.Fields(s), " "))
	}
	return out, nil
}
