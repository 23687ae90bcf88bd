// Package pdf writes the page model as PDF. It is the only package that
// imports the PDF library (codeberg.org/go-pdf/fpdf).
//
// Output is deterministic: document dates come from the page model (never the
// clock), resource catalogs are sorted, and only the faces a document uses are
// embedded, as subsets, so the same document gives the same bytes.
//
// Where the time goes (pprof of `go test ./render -run '^$' -bench
// 'Stages/write/sample' -cpuprofile cpu.out`), and what was done about it:
//
//   - fpdf parses every face it is given, whole, for every document: its
//     character map, its metrics into two 65,536-entry width tables, its
//     outlines when it cuts the subset. For the 4 MB Chinese and Japanese
//     face that was most of a render. The faces are therefore given as
//     subsets holding only the document's characters, cut by fonts.Subset
//     from tables parsed once per process: Japanese went from 30.6 to 7.0
//     ms, the sample from 14.7 to 10.0 ms. Faces the document does not draw
//     with are not given at all.
//   - Two costs were fixed per face and out of reach of fpdf's public API:
//     encoding the 65,536-entry width table as JSON only to hash it into the
//     font's ID (1.08 ms), and a new zlib compressor (about 1 MB) for each
//     stream. fpdf is therefore patched in the repository
//     (third_party/fpdf, PATCHES.md): the table is hashed in binary and the
//     compressors are pooled. The sample went from 12.6 to 7.1 ms and from
//     21.3 to 8.1 MiB allocated, in one benchmark run.
//   - What remains of writing (4.6 of the sample's 7.1 ms) is mostly still
//     per face: fpdf's two 65,536-entry tables (widths, CID to glyph). Layout
//     is 2.5 ms.
//   - Since glyph-level text, the text layer (text.go) is planned cluster by
//     cluster, for every glyph of the document: so it allocates nothing per
//     Text (clusters are found in buffers kept between Texts) and hashes
//     nothing per cluster (the glyphs drawn and their text are kept in paged
//     tables indexed by glyph ID; each glyph's new ID is found by index, not
//     by a search of the subset).
//   - Cutting each face's subset and compressing its program, the largest
//     stream of most documents, was done for every document, though an
//     article rendered again at another scale or paper draws the same
//     glyphs. The cuts of recent documents are kept, bounded (cuts.go), with
//     their programs compressed by fpdf's own compressor (fpdf patch 5).
//   - Colour emoji are pictures, not outlines: they are drawn as glyphs of
//     Type 3 fonts that paint them (fpdf patch 6), so that they stay text.
//     Decoding each picture's PNG and compressing it for the PDF was 33 of
//     the 40 ms an article with 100 distinct emoji took; the encoded
//     pictures are therefore kept per face and glyph (pictures.go, fpdf
//     patch 7), and the article takes 3.9 ms once they are (1.6 ms with a
//     letter in place of each emoji; go test ./render -bench Emoji).
package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"pdfexport/fonts"
	"pdfexport/render/page"
)

// Producer is written into every document's information dictionary.
const Producer = "pdfexport"

// Options are how a document is written. The zero value writes a tagged
// PDF of no PDF/A part, with a zero file identifier.
type Options struct {
	PDFA Conformance
	// ID is the file identifier: a hash of what the document was made
	// from, so that the same input gives the same bytes.
	ID [16]byte
	// Source is attached to a PDF/A-3 document as the source it was made
	// from; ignored otherwise.
	Source *Attachment
}

// Write renders doc as a PDF to w. A write error from w is returned as is,
// wrapped; so is any failure of the PDF library, which never escapes as a
// panic. It stops with ctx's error, writing nothing, when ctx is done before
// the document is complete: it checks between pages and before the output.
//
// Write takes the document: each page's content is released as soon as the
// PDF library has it (doc.Pages holds empty pages afterwards), so that a
// long document is not in memory twice over, once as the page model and once
// as the library's page streams, which for the largest articles was the
// difference between 330 and 200 MB.
func Write(ctx context.Context, w io.Writer, doc *page.Document, o Options) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("pdf: library failure: %v", r)
		}
	}()
	if len(doc.Pages) == 0 {
		return ErrNoPages
	}
	f := fpdf.NewCustom(&fpdf.InitType{
		OrientationStr: "P",
		UnitStr:        "pt",
		Size:           fpdf.SizeType{Wd: doc.Width.Points(), Ht: doc.Height.Points()},
	})
	f.SetCatalogSort(true)
	f.SetCompression(true)
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	f.SetCreationDate(doc.Info.Created)
	f.SetModificationDate(doc.Info.Created)
	// Only what is known: fpdf writes an empty string as a byte-order mark
	// alone, which PDF/A would have the metadata repeat.
	info := cleanInfo(doc.Info)
	for _, e := range []struct {
		set func(string, bool)
		v   string
	}{{f.SetTitle, info.Title}, {f.SetAuthor, info.Author}, {f.SetSubject, info.Subject},
		{f.SetKeywords, info.Keywords}, {f.SetCreator, info.Creator}, {f.SetProducer, Producer}} {
		if e.v != "" {
			e.set(e.v, true)
		}
	}
	f.SetLang(doc.Info.Lang)
	var tags *tagger
	if len(doc.Elems) > 0 {
		tags = newTagger(f, doc.Elems)
		f.SetDisplayDocTitle(true)
	}
	f.SetXmpMetadata(metadata(info, o.PDFA, Producer, tags != nil))
	archival(f, o.PDFA, o.ID, o.Source, doc.Info.Created)

	plan := planText(doc)
	for _, fp := range plan.faces {
		if fp.face.IsColor() {
			if err := addColorFont(f, fp, o.PDFA == PDFA1B); err != nil {
				return fmt.Errorf("pdf: %w", err)
			}
			continue
		}
		c, err := cutFor(fp.face, fp.gids)
		if err != nil {
			return fmt.Errorf("pdf: %w", err)
		}
		sub := c.sub
		fp.sub = sub
		fp.remap()
		d := fp.face.Descriptor()
		toUnicode := make([]string, len(sub.IDs))
		for i, old := range sub.IDs {
			toUnicode[i] = fp.unicode.get(old)
		}
		f.AddGlyphFont(fp.face.String(), fpdf.GlyphFont{
			Program: sub.Program, Compressed: c.compressed, UnitsPerEm: d.UnitsPerEm, Widths: sub.Widths, ToUnicode: toUnicode,
			Ascent: d.Ascent, Descent: d.Descent, CapHeight: d.CapHeight, BBox: d.BBox,
			ItalicAngle: d.ItalicAngle, Flags: d.Flags, StemV: d.StemV, Name: d.PostScriptName,
		})
	}
	var curFace fonts.Face
	var curSize page.Unit
	var curColor page.Color
	fontSet, colorSet := false, false
	var glyphs []fpdf.PlacedGlyph   // GlyphText keeps none of it
	registered := map[string]bool{} // pictures by key: each embedded once
	for n, pg := range doc.Pages {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("pdf: %w", err)
		}
		if pg.Landscape {
			f.AddPageFormat("L", fpdf.SizeType{Wd: doc.Width.Points(), Ht: doc.Height.Points()})
		} else {
			f.AddPage()
		}
		for _, b := range doc.Outline {
			if b.Page == n {
				f.Bookmark(b.Title, b.Level, b.Y.Points())
			}
		}
		tags.beginPage(n + 1)
		if err := drawPictures(f, &pg, registered, tags, o.PDFA == PDFA1B); err != nil {
			return fmt.Errorf("pdf: page %d: %w", n+1, err)
		}
		for i, t := range pg.Texts {
			tags.text(&t)
			if !fontSet || t.Face != curFace || t.Size != curSize {
				f.SetFont(t.Face.String(), "", t.Size.Points())
				curFace, curSize, fontSet = t.Face, t.Size, true
			}
			if !colorSet || t.Color != curColor {
				f.SetTextColor(int(t.Color.R), int(t.Color.G), int(t.Color.B))
				curColor, colorSet = t.Color, true
			}
			fp := plan.byFace[t.Face]
			glyphs = glyphs[:0]
			for _, g := range t.Glyphs {
				glyphs = append(glyphs, fpdf.PlacedGlyph{ID: fp.newIDs[g.ID], X: g.X.Points(), Y: g.Y.Points()})
			}
			f.GlyphText(t.X.Points(), t.Y.Points(), glyphs, plan.actual[textKey{n, i}])
		}
		for _, r := range pg.Rules {
			tags.mark(0)
			f.SetDrawColor(int(r.Color.R), int(r.Color.G), int(r.Color.B))
			f.SetLineWidth(r.Width.Points())
			f.Line(r.X1.Points(), r.Y1.Points(), r.X2.Points(), r.Y2.Points())
		}
		tags.end()
		for _, l := range pg.Links {
			if strings.HasPrefix(l.URL, "#") {
				continue // a footnote's reference: the note is on the same page
			}
			if tags != nil {
				tags.link(l)
			} else {
				f.LinkURL(l.X.Points(), l.Y.Points(), l.W.Points(), l.H.Points(), l.URL, l.URL)
			}
		}
		doc.Pages[n] = page.Page{}
	}
	if tags != nil {
		f.SetStructTree(tags.tree())
	}
	if err := f.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	if err := f.Output(w); err != nil {
		return fmt.Errorf("pdf: writing: %w", err)
	}
	return nil
}

// drawPictures draws a page's images, each picture registered with fpdf the
// first time it is drawn (a JPEG's DCT data is embedded as it is; a PNG is
// decoded into a deflated stream, with its alpha as a soft mask), and its
// filled rectangles. Both go under the text.
func drawPictures(f *fpdf.Fpdf, pg *page.Page, registered map[string]bool, tags *tagger, opaque bool) error {
	for _, im := range pg.Images {
		tags.mark(im.Elem)
		opt := fpdf.ImageOptions{ImageType: "PNG"}
		if im.Pic.Format == "jpeg" {
			opt.ImageType = "JPG"
		}
		name := "pic-" + im.Pic.Key
		if !registered[name] {
			data := im.Pic.Data
			if opaque && opt.ImageType == "PNG" {
				var err error
				if data, err = flatten(data); err != nil {
					return fmt.Errorf("picture %q: %w", im.Alt, err)
				}
			}
			f.RegisterImageOptionsReader(name, opt, bytes.NewReader(data))
			if err := f.Error(); err != nil {
				return fmt.Errorf("picture %q: %w", im.Alt, err)
			}
			registered[name] = true
		}
		f.ImageOptions(name, im.X.Points(), im.Y.Points(), im.W.Points(), im.H.Points(), false, opt, 0, "")
	}
	for _, r := range pg.Rects {
		tags.mark(0)
		f.SetFillColor(int(r.Color.R), int(r.Color.G), int(r.Color.B))
		f.Rect(r.X.Points(), r.Y.Points(), r.W.Points(), r.H.Points(), "F")
	}
	return nil
}

// ErrNoPages is returned for a document without pages, which no PDF viewer
// can show.
var ErrNoPages = errors.New("pdf: document has no pages")

// addColorFont gives fpdf a colour face's glyphs drawn in the document,
// numbered from 0 in ascending order of their IDs in the face (so the same
// glyphs give the same font whatever order they were drawn in), with their
// pictures (encoded once a process, pictures.go) and the text each stands
// for. fpdf
// writes them as Type 3 fonts (patch 6), which keeps an emoji text: copy,
// search and pdftotext give back its whole sequence. Noto's pictures are
// 136 by 128 pixels at 109 pixels per em: 785 dpi in 10 pt text, 327 dpi in
// a 24 pt title.
func addColorFont(f *fpdf.Fpdf, fp *facePlan, opaque bool) error {
	ids := slices.Sorted(slices.Values(fp.gids))
	pics, err := fp.face.ColorGlyphs(ids)
	if err != nil {
		return err
	}
	fp.newIDs = make([]uint16, int(ids[len(ids)-1])+1)
	def := fpdf.ColorGlyphFont{UnitsPerEm: int(fp.face.Font().Upem()), Name: fp.face.String(), Glyphs: make([]fpdf.ColorGlyph, len(ids))}
	for i, old := range ids {
		fp.newIDs[old] = uint16(i)
		p := pics[i]
		g := fpdf.ColorGlyph{PNG: p.PNG, X: p.X, Y: p.Y, W: p.W, H: p.H, Advance: p.Advance, Text: fp.unicode.get(old)}
		if p.PNG != nil {
			if g.Picture, err = pictureFor(fp.face, old, p.PNG, opaque); err != nil {
				return fmt.Errorf("%s: glyph %d: %w", fp.face, old, err)
			}
		}
		def.Glyphs[i] = g
	}
	f.AddColorGlyphFont(fp.face.String(), def)
	return nil
}
