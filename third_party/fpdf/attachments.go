// Copyright ©2023 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// Attachment defines a content to be included in the pdf, in one
// of the following ways :
//   - associated with the document as a whole : see SetAttachments()
//   - accessible via a link localized on a page : see AddAttachmentAnnotation()
type Attachment struct {
	Content []byte

	// Filename is the displayed name of the attachment
	Filename string

	// Description is only displayed when using AddAttachmentAnnotation(),
	// and might be modified by the pdf reader.
	Description string

	// MimeType, when not empty, is the content's media type (such as
	// "text/csv"), written as the embedded file's /Subtype.
	MimeType string

	// Relationship, when not empty, is how the file relates to the
	// document (PDF/A-3 and PDF 2.0: Source, Data, Alternative,
	// Supplement, Unspecified), written as the file specification's
	// /AFRelationship. An attachment given to SetAttachments with a
	// Relationship is also an associated file of the document: the
	// catalog's /AF lists it.
	Relationship string

	// ModTime, when not zero, is when the file was last changed, written
	// as the embedded file's /Params /ModDate.
	ModTime time.Time

	objectNumber int // filled when content is included
}

// return the hex encoded checksum of `data`
func checksum(data []byte) string {
	sl := md5.Sum(data)
	return hex.EncodeToString(sl[:])
}

// Writes a compressed file like object as "/EmbeddedFile". Compressing is
// done with deflate. Includes length, compressed length and MD5 checksum,
// and the media type and modification date when a has them.
func (f *Fpdf) writeCompressedFileObject(a *Attachment) {
	content := a.Content
	lenUncompressed := len(content)
	sum := checksum(content)
	mem := xmem.compress(content)
	defer mem.release()
	compressed := mem.bytes()
	lenCompressed := len(compressed)
	f.newobj()
	subtype := ""
	if a.MimeType != "" {
		// A media type is a name: its "/" is written #2F.
		subtype = "/Subtype " + string(appendPDFName(nil, a.MimeType)) + " "
	}
	modDate := ""
	if !a.ModTime.IsZero() {
		modDate = "/ModDate " + f.textstring(pdfDate(a.ModTime)) + " "
	}
	f.outf("<< /Type /EmbeddedFile %s/Length %d /Filter /FlateDecode /Params << /CheckSum <%s> /Size %d %s>> >>\n",
		subtype, lenCompressed, sum, lenUncompressed, modDate)
	f.putstream(compressed)
	f.out("endobj")
}

// Embed includes the content of `a`, and update its internal reference.
func (f *Fpdf) embed(a *Attachment) {
	if a.objectNumber != 0 { // already embedded (objectNumber start at 2)
		return
	}
	oldState := f.state
	f.state = 1 // we write file content in the main buffer
	f.writeCompressedFileObject(a)
	streamID := f.n
	f.newobj()
	// /F as well as /UF: PDF/A-3 requires both, and a reader older than
	// PDF 1.7 knows only /F.
	relationship := ""
	if a.Relationship != "" {
		relationship = " /AFRelationship " + string(appendPDFName(nil, a.Relationship))
	}
	f.outf("<< /Type /Filespec /F %s /UF %s /EF << /F %d 0 R >> /Desc %s%s\n>>",
		f.textstring(pdfText(a.Filename)),
		f.textstring(utf8toutf16(a.Filename)),
		streamID,
		f.textstring(utf8toutf16(a.Description)),
		relationship)
	f.out("endobj")
	a.objectNumber = f.n
	f.state = oldState
}

// SetAttachments writes attachments as embedded files (document attachment).
// These attachments are global, see AddAttachmentAnnotation() for a link
// anchored in a page. Note that only the last call of SetAttachments is
// useful, previous calls are discarded. Be aware that not all PDF readers
// support document attachments. See the SetAttachment example for a
// demonstration of this method.
func (f *Fpdf) SetAttachments(as []Attachment) {
	f.attachments = as
}

// embed current attachments. store object numbers
// for later use by getEmbeddedFiles()
func (f *Fpdf) putAttachments() {
	for i, a := range f.attachments {
		f.embed(&a)
		f.attachments[i] = a
	}
}

// putAssociatedFiles writes the catalog's /AF: the document's attachments
// that have a Relationship (PDF/A-3 requires an embedded file to be an
// associated file).
func (f *Fpdf) putAssociatedFiles() {
	var af fmtBuffer
	for _, a := range f.attachments {
		if a.Relationship != "" {
			if af.Len() == 0 {
				af.printf("/AF [")
			} else {
				af.printf(" ")
			}
			af.printf("%d 0 R", a.objectNumber)
		}
	}
	if af.Len() > 0 {
		af.printf("]")
		f.out(af.String())
	}
}

// return /EmbeddedFiles tree name catalog entry.
func (f Fpdf) getEmbeddedFiles() string {
	names := make([]string, len(f.attachments))
	for i, as := range f.attachments {
		names[i] = fmt.Sprintf("(Attachement%d) %d 0 R ", i+1, as.objectNumber)
	}
	nameTree := fmt.Sprintf("<< /Names [\n %s \n] >>", strings.Join(names, "\n"))
	return nameTree
}

// ---------------------------------- Annotations ----------------------------------

type annotationAttach struct {
	*Attachment

	x, y, w, h float64 // fpdf coordinates (y diff and scaling done)
}

// AddAttachmentAnnotation puts a link on the current page, on the rectangle
// defined by `x`, `y`, `w`, `h`. This link points towards the content defined
// in `a`, which is embedded in the document. Note than no drawing is done by
// this method : a method like `Cell()` or `Rect()` should be called to
// indicate to the reader that there is a link here. Requiring a pointer to an
// Attachment avoids useless copies in the resulting pdf: attachment pointing
// to the same data will have their content only be included once, and be
// shared amongst all links. Be aware that not all PDF readers support
// annotated attachments. See the AddAttachmentAnnotation example for a
// demonstration of this method.
func (f *Fpdf) AddAttachmentAnnotation(a *Attachment, x, y, w, h float64) {
	if a == nil {
		return
	}
	f.pageAttachments[f.page] = append(f.pageAttachments[f.page], annotationAttach{
		Attachment: a,
		x:          x * f.k, y: f.hPt - y*f.k, w: w * f.k, h: h * f.k,
	})
}

// embed current annotations attachments. store object numbers
// for later use by putAttachmentAnnotationLinks(), which is
// called for each page.
func (f *Fpdf) putAnnotationsAttachments() {
	// avoid duplication
	m := map[*Attachment]bool{}
	for _, l := range f.pageAttachments {
		for _, an := range l {
			if m[an.Attachment] { // already embedded
				continue
			}
			f.embed(an.Attachment)
		}
	}
}

// putAttachmentAnnotationLinks writes the file attachment annotations of
// page, inline in its /Annots; appearances are the object numbers of
// their appearance streams (putAttachmentAppearances).
func (f *Fpdf) putAttachmentAnnotationLinks(out *fmtBuffer, page int, appearances []int) {
	for i, an := range f.pageAttachments[page] {
		x1, y1, x2, y2 := an.x, an.y, an.x+an.w, an.y-an.h
		// /F 4, the print flag: PDF/A forbids annotations that would not
		// be printed.
		out.printf("<< /Type /Annot /Subtype /FileAttachment /Rect [%.2f %.2f %.2f %.2f] /Border [0 0 0] /F 4\n",
			x1, y1, x2, y2)
		out.printf("/Contents %s ", f.textstring(utf8toutf16(an.Description)))
		out.printf("/T %s ", f.textstring(utf8toutf16(an.Filename)))
		out.printf("/AP << /N %d 0 R >>", appearances[i])
		out.printf("/FS %d 0 R >>\n", an.objectNumber)
	}
}

// putAttachmentAppearances writes the appearance of each file attachment
// annotation of page, an empty form (the caller draws what shows the
// link): a stream must be an object of its own, and was written inside
// the annotation's dictionary, which no reader could parse.
func (f *Fpdf) putAttachmentAppearances(page int) {
	for _, an := range f.pageAttachments[page] {
		f.newobj()
		f.outf("<< /Type /XObject /Subtype /Form /BBox [%.2f %.2f %.2f %.2f] /Length 0 >>",
			an.x, an.y, an.x+an.w, an.y-an.h)
		f.putstream(nil)
		f.out("endobj")
	}
}
