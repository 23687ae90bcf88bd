package pdf

import (
	"sync"

	"codeberg.org/go-pdf/fpdf"

	"pdfexport/fonts"
)

// Pictures: an emoji's picture is decoded from its PNG and compressed for
// the PDF (fpdf patch 7), which was most of the time a document with emoji
// took to write (33 of 40 ms for 100 distinct emoji), and the same emoji
// come back in document after document. So the encoded pictures are kept
// per face and glyph, in a cache bounded as the cuts are (cuts.go): two
// generations of pictureBytes each. Noto's encoded pictures are 3 to 6 KB,
// so a generation holds about a thousand of its 3,900.
const pictureBytes = 4 << 20

type pictureKey struct {
	face fonts.Face
	gid  uint16
}

type pictureEntry struct {
	pic  *fpdf.ColorGlyphPicture
	cost int
}

type pictureCache struct {
	mu        sync.Mutex
	hot, cold map[pictureKey]pictureEntry
	hotBytes  int
	limit     int // bytes per generation; 0 turns the cache off
}

var pictures = pictureCache{limit: pictureBytes}

// pictureFor returns the encoded picture of glyph gid of a colour face,
// whose PNG is png, from the cache or encoded now.
func pictureFor(face fonts.Face, gid uint16, png []byte) (*fpdf.ColorGlyphPicture, error) {
	k := pictureKey{face, gid}
	if p := pictures.get(k); p != nil {
		return p, nil
	}
	p, err := fpdf.EncodeColorGlyphPicture(png)
	if err != nil {
		return nil, err
	}
	// The encoded streams are about as large as the PNG, which costs
	// nothing (it lies in the embedded font): this is an estimate.
	pictures.put(k, pictureEntry{p, len(png) + 256})
	return p, nil
}

func (pc *pictureCache) get(k pictureKey) *fpdf.ColorGlyphPicture {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if e, ok := pc.hot[k]; ok {
		return e.pic
	}
	e, ok := pc.cold[k]
	if !ok {
		return nil
	}
	delete(pc.cold, k)
	pc.add(k, e)
	return e.pic
}

func (pc *pictureCache) put(k pictureKey, e pictureEntry) {
	if pc.limit == 0 {
		return
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if _, ok := pc.hot[k]; !ok {
		pc.add(k, e)
	}
}

// add puts e in hot, turning hot into cold first when it is full. The lock
// is held.
func (pc *pictureCache) add(k pictureKey, e pictureEntry) {
	if pc.hot == nil || pc.hotBytes >= pc.limit {
		pc.cold, pc.hot, pc.hotBytes = pc.hot, map[pictureKey]pictureEntry{}, 0
	}
	pc.hot[k] = e
	pc.hotBytes += e.cost
}
