package fonts

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/go-text/typesetting/font"
)

// addMu serialises AddDir calls; lookups never wait for it (see snapshot).
var addMu sync.Mutex

// ErrNotTrueType is wrapped by AddDir's error for a file whose glyphs are not
// TrueType outlines (CFF, WOFF, not a font at all).
var ErrNotTrueType = errors.New("not a TrueType font")

// AddDir adds every TrueType face in dir (files ending in .ttf, .otf, .ttc
// or .otc, any case; TrueType collections give each of their faces;
// subfolders are not read) to the registry, for a newsroom's house fonts or
// rare scripts, and returns them in the order they are tried: after the text
// face and before the embedded fallbacks (Chain, ForCluster, For), in
// file-name order, after the faces of earlier calls.
//
// Every file is checked before any face is added: a file that is not
// TrueType outlines (a CFF .otf, a WOFF file) or that cannot be parsed is an
// error naming the file and why, and nothing is added. A folder that cannot
// be read, or holds no font file, is an error too.
//
// Call it before the first render, as the command line's --fonts does. The
// registry is replaced whole, never changed in place, so a call that races
// with renders is safe: each lookup sees the faces from before or from after
// it, though a render running across the call may see both.
//
// An added face is named after its file (String), made unique without regard
// to case by a suffix _2, _3, …; a collection's faces are numbered, name-1,
// name-2, ….
func AddDir(dir string) ([]Face, error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("fonts: reading the fonts folder: %w", err)
	}
	var loaded []*entry
	for _, de := range des { // sorted by name
		switch strings.ToLower(filepath.Ext(de.Name())) {
		case ".ttf", ".otf", ".ttc", ".otc":
		default:
			continue
		}
		p := filepath.Join(dir, de.Name())
		if de.IsDir() {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("fonts: %w", err)
		}
		progs, err := splitCollection(data)
		if err != nil {
			return nil, fmt.Errorf("fonts: %s: %w", p, err)
		}
		base := strings.TrimSuffix(de.Name(), filepath.Ext(de.Name()))
		for i, prog := range progs {
			name := base
			if len(progs) > 1 {
				name += "-" + strconv.Itoa(i+1)
			}
			e, err := loadAdded(prog, p, name)
			if err != nil {
				if len(progs) > 1 {
					return nil, fmt.Errorf("fonts: %s, face %d: %w", p, i+1, err)
				}
				return nil, fmt.Errorf("fonts: %s: %w", p, err)
			}
			loaded = append(loaded, e)
		}
	}
	if len(loaded) == 0 {
		return nil, fmt.Errorf("fonts: the fonts folder %s holds no font file (.ttf, .otf, .ttc or .otc)", dir)
	}

	addMu.Lock()
	defer addMu.Unlock()
	old := registry()
	if len(old.faces)+len(loaded) > 1<<16 {
		return nil, fmt.Errorf("fonts: %s: too many faces (%d, at most %d in all)", dir, len(loaded), 1<<16-len(old.faces))
	}
	taken := make(map[string]bool, len(old.faces)+len(loaded))
	for _, e := range old.faces {
		taken[strings.ToLower(e.name)] = true
	}
	faces := slices.Clip(old.faces)
	added := slices.Clip(old.added)
	var out []Face
	for _, e := range loaded {
		name := e.name
		for n := 2; taken[strings.ToLower(name)]; n++ {
			name = e.name + "_" + strconv.Itoa(n)
		}
		e.name = name
		taken[strings.ToLower(name)] = true
		f := Face(len(faces))
		faces = append(faces, e)
		added = append(added, f)
		out = append(out, f)
	}
	current.Store(newSnapshot(faces, added))
	return out, nil
}

// splitCollection returns the font programs of a file: itself, or each face
// of a TrueType collection as a font file of its own.
func splitCollection(data []byte) ([][]byte, error) {
	if len(data) < 12 {
		return nil, fmt.Errorf("%w: too short", ErrNotTrueType)
	}
	if string(data[:4]) != "ttcf" {
		return [][]byte{data}, nil
	}
	n := int(binary.BigEndian.Uint32(data[8:]))
	if n == 0 || n > 1024 || len(data) < 12+4*n {
		return nil, fmt.Errorf("%w: malformed collection header", ErrNotTrueType)
	}
	var out [][]byte
	for i := range n {
		off := int(binary.BigEndian.Uint32(data[12+4*i:]))
		if off+12 > len(data) {
			return nil, fmt.Errorf("%w: face %d of the collection out of bounds", ErrNotTrueType, i+1)
		}
		if err := checkMagic(data[off:]); err != nil {
			return nil, fmt.Errorf("face %d of the collection: %w", i+1, err)
		}
		nt := int(binary.BigEndian.Uint16(data[off+4:]))
		if off+12+16*nt > len(data) {
			return nil, fmt.Errorf("%w: face %d of the collection: truncated table directory", ErrNotTrueType, i+1)
		}
		tables := make(map[string][]byte, nt)
		for j := range nt {
			rec := data[off+12+16*j:]
			at, length := uint64(binary.BigEndian.Uint32(rec[8:])), uint64(binary.BigEndian.Uint32(rec[12:]))
			if at+length > uint64(len(data)) {
				return nil, fmt.Errorf("%w: face %d of the collection: table %q out of bounds", ErrNotTrueType, i+1, rec[:4])
			}
			tables[string(rec[:4])] = data[at : at+length]
		}
		out = append(out, assemble(tables))
	}
	return out, nil
}

// checkMagic explains a font program whose outlines are not TrueType.
func checkMagic(data []byte) error {
	switch string(data[:4]) {
	case "\x00\x01\x00\x00", "true":
		return nil
	case "OTTO":
		return fmt.Errorf("%w: its glyphs are CFF (PostScript) outlines, and only TrueType (glyf) outlines can be embedded; use the family's .ttf files or convert it (fontTools' otf2ttf)", ErrNotTrueType)
	case "wOFF", "wOF2":
		return fmt.Errorf("%w: a WOFF web font; decompress it to .ttf first", ErrNotTrueType)
	}
	return fmt.Errorf("%w: unknown file signature %q", ErrNotTrueType, data[:4])
}

// loadAdded checks and parses one face for AddDir, all of it at once, so
// that a face that would fail later fails here, naming its file.
func loadAdded(data []byte, path, name string) (*entry, error) {
	if len(data) < 12 {
		return nil, fmt.Errorf("%w: too short", ErrNotTrueType)
	}
	if err := checkMagic(data); err != nil {
		return nil, err
	}
	t, err := parseTables(data)
	if err != nil {
		return nil, err
	}
	fc, err := font.ParseTTF(lent(data))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errMalformed, err)
	}
	m, err := parse(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errMalformed, err)
	}
	e := &entry{name: sanitizeName(name), path: path, serif: serifDesign(t.tables["OS/2"]),
		data: data, metrics: m, font: fc.Font}
	e.cov = newCoverage(cmapRanges(fc.Font))
	e.tablesOnce.Do(func() { e.tables = t })
	return e, nil
}

// sanitizeName keeps the characters of a file name that a PDF font name and
// the PDF library's family names take as they are.
func sanitizeName(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '+' || c == '.') {
			b[i] = '_'
		}
	}
	if len(b) == 0 {
		return "font"
	}
	return string(b)
}

// serifDesign reads from OS/2 whether a face is a serif design: its PANOSE
// serif style for a Latin text face, else its IBM family class.
func serifDesign(os2 []byte) bool {
	if len(os2) < 42 {
		return false
	}
	if panose := os2[32:42]; panose[0] == 2 { // Latin text
		return panose[1] >= 2 && panose[1] <= 10 // 11 to 13 are the sans styles
	}
	class := os2[30] // sFamilyClass's high byte
	return class >= 1 && class <= 7
}

// memberDirectory returns where the table directory of face number member
// (counting from 1, in decimal) of a collection starts.
func memberDirectory(data []byte, member string) (int, error) {
	n, err := strconv.Atoi(member)
	if err != nil {
		return 0, fmt.Errorf("face number %q: %w", member, err)
	}
	if len(data) < 12 || string(data[:4]) != "ttcf" {
		return 0, fmt.Errorf("%w: not a collection", ErrNotTrueType)
	}
	count := int(binary.BigEndian.Uint32(data[8:]))
	if n < 1 || n > count || len(data) < 12+4*count {
		return 0, fmt.Errorf("no face %d in a collection of %d", n, count)
	}
	return int(binary.BigEndian.Uint32(data[12+4*(n-1):])), nil
}
