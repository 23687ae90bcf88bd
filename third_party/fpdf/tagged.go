// Copyright ©2026 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Tagged PDF (ISO 32000-1, 14.7 and 14.8; PDF/UA-1): the content of each
// page is cut into marked-content sequences, each with a number (MCID) on
// its page, and a structure tree says which element (a paragraph, a
// heading, a figure) owns each sequence, in reading order. The caller lays
// out and tags the content as it draws it, then hands over the whole tree:
// fpdf checks that it and the pages agree, and writes it.

// BeginMarkedContent begins a marked-content sequence tagged tag (a
// structure type, such as P or H1, written as a name) on the current page,
// writing "/tag <</MCID n>> BDC", and returns its MCID n: 0, 1, 2, … on each
// page. A structure element owns it through ContentKid(page, n). End it
// with EndMarkedContent; sequences may nest.
func (f *Fpdf) BeginMarkedContent(tag string) int {
	if f.err != nil {
		return -1
	}
	if f.state != 2 {
		f.err = fmt.Errorf("fpdf: BeginMarkedContent: no page to draw on (call AddPage first)")
		return -1
	}
	if tag == "" {
		f.err = fmt.Errorf("fpdf: BeginMarkedContent: the tag is empty")
		return -1
	}
	f.growMarked()
	mcid := f.mcids[f.page]
	f.mcids[f.page]++
	f.mcDepth[f.page]++
	f.out(string(appendPDFName(nil, tag)) + " <</MCID " + strconv.Itoa(mcid) + ">> BDC")
	return mcid
}

// BeginArtifact begins a marked-content sequence of content that is not
// part of the document's text (a running header, a page number, a rule):
// "/Artifact BMC" when props is empty, else "/Artifact <<props>> BDC" with
// props written as it is (for example "/Type /Pagination /Subtype
// /Footer"). Artifacts have no MCID and no structure element. End it with
// EndMarkedContent.
func (f *Fpdf) BeginArtifact(props string) {
	if f.err != nil {
		return
	}
	if f.state != 2 {
		f.err = fmt.Errorf("fpdf: BeginArtifact: no page to draw on (call AddPage first)")
		return
	}
	f.growMarked()
	f.mcDepth[f.page]++
	if props == "" {
		f.out("/Artifact BMC")
	} else {
		f.out("/Artifact <<" + props + ">> BDC")
	}
}

// EndMarkedContent ends the marked-content sequence begun last on the
// current page (EMC). Ending one that was not begun, or ending a page with
// one still open, is an error.
func (f *Fpdf) EndMarkedContent() {
	if f.err != nil {
		return
	}
	if f.state != 2 {
		f.err = fmt.Errorf("fpdf: EndMarkedContent: no page to draw on")
		return
	}
	f.growMarked()
	if f.mcDepth[f.page] == 0 {
		f.err = fmt.Errorf("fpdf: EndMarkedContent: no marked-content sequence is open on page %d", f.page)
		return
	}
	f.mcDepth[f.page]--
	f.out("EMC")
}

// growMarked makes room in the per-page marked-content counts for the
// current page.
func (f *Fpdf) growMarked() {
	for len(f.mcids) <= f.page {
		f.mcids = append(f.mcids, 0)
		f.mcDepth = append(f.mcDepth, 0)
	}
}

// checkMarkedClosed reports a page left with a marked-content sequence
// open: the sequence would run on into whatever the content stream's
// reader puts after it.
func (f *Fpdf) checkMarkedClosed(page int) {
	if f.err == nil && page < len(f.mcDepth) && f.mcDepth[page] > 0 {
		f.err = fmt.Errorf("fpdf: page %d ends with %d marked-content sequences open (see EndMarkedContent)", page, f.mcDepth[page])
	}
}

// StructElem is an element of a document's structure tree (SetStructTree).
type StructElem struct {
	// Type is the element's structure type, one of the standard ones
	// (ISO 32000-1, 14.8.4): Document, Part, Sect, Div, P, H1…H6, L, LI,
	// Lbl, LBody, BlockQuote, Quote, Note, Figure, Caption, Table, TR, TH,
	// TD, Link, Span, …
	Type string
	// Parent is the index of the parent element in the slice given to
	// SetStructTree; -1 for the root, which is element 0 and the only
	// element with -1.
	Parent int
	// Alt (alternate description, as a figure needs), ActualText, Lang
	// (BCP 47) and Title are written as text strings when not empty.
	Alt, ActualText, Lang, Title string
	// Scope is a TH's scope: "Row", "Column" or "Both" (written as /A
	// <</O /Table /Scope /Column>>), or "" for none.
	Scope string
	// ColSpan and RowSpan are a table cell's columns and rows, written in
	// its /A <</O /Table …>> when more than one.
	ColSpan, RowSpan int
	// ID is the element's identifier, unique in the document and printable
	// ASCII, or "" for none: written as /ID and in the structure tree
	// root's /IDTree. PDF/UA asks it of a Note (ISO 14289-1 7.9).
	ID string
	// Kids are the element's children in reading order: elements,
	// marked-content sequences and annotations.
	Kids []StructKid
}

// StructKid is a child of a structure element: another element (ElemKid),
// a marked-content sequence (ContentKid) or an annotation (AnnotKid).
type StructKid struct {
	kind  structKidKind
	elem  int // ElemKid
	page  int // ContentKid
	mcid  int // ContentKid
	annot int // AnnotKid
}

type structKidKind uint8

const (
	noKid structKidKind = iota // the zero StructKid, which names nothing
	elemKid
	contentKid
	annotKid
)

// ElemKid is the element at index elem of the tree's slice, whose Parent
// must be the element that lists it.
func ElemKid(elem int) StructKid { return StructKid{kind: elemKid, elem: elem} }

// ContentKid is the marked-content sequence mcid (as BeginMarkedContent
// returned it) of page (1-based, as PageNo).
func ContentKid(page, mcid int) StructKid {
	return StructKid{kind: contentKid, page: page, mcid: mcid}
}

// AnnotKid is the annotation with handle annot (as LinkURL returned it),
// written as an object reference (OBJR); the annotation gets the
// /StructParent that leads back to the element.
func AnnotKid(annot int) StructKid { return StructKid{kind: annotKid, annot: annot} }

// SetStructTree makes the document a tagged PDF with elems as its
// structure tree: the catalog gets /MarkInfo <</Marked true>> and the
// /StructTreeRoot, each page /StructParents and /Tabs /S (annotations in
// structure order). The tree is checked against the pages when the
// document is written: every MCID begun must be owned by exactly one
// element, every kid must name an element, page, MCID or annotation that
// exists, an annotation may be the kid of one element only, each element
// but the root must be listed as a kid by its Parent alone, and the root
// must be element 0, the only one without a parent. A mistake is an
// error. fpdf keeps the elements' Kids slices: do not change them
// afterwards. An empty elems leaves the document untagged; marked content
// is written as asked with or without a tree.
func (f *Fpdf) SetStructTree(elems []StructElem) {
	f.structTree = append([]StructElem(nil), elems...)
}

// SetDisplayDocTitle says whether a viewer shows the document's title
// (SetTitle) in its title bar rather than the file name, as PDF/UA
// requires: /ViewerPreferences <</DisplayDocTitle true>> in the catalog.
func (f *Fpdf) SetDisplayDocTitle(on bool) {
	f.displayDocTitle = on
}

// structPlan is what writing the structure tree needs to know before the
// pages are written: the /StructParent of each annotation in the tree.
type structPlan struct {
	annotKeys  []int   // each annotation's /StructParent key, by handle; -1 for none
	annotOwner []int   // the element owning each annotation, by handle; -1 for none
	mcidOwner  [][]int // the element owning each MCID of each page (1-based)
	nextKey    int     // the ParentTreeNextKey
}

// planStructTree checks the structure tree against the pages and works
// out the parent tree's keys: page n is key n-1, the annotations in the
// tree follow in the order of their handles. It runs before anything is
// written, so that a mistake writes nothing.
func (f *Fpdf) planStructTree() {
	f.structPlan = structPlan{}
	for page := 1; page < len(f.pages); page++ {
		f.checkMarkedClosed(page)
	}
	elems := f.structTree
	if f.err != nil || len(elems) == 0 {
		return
	}
	fail := func(format string, args ...any) {
		if f.err == nil {
			f.err = fmt.Errorf("fpdf: structure tree: "+format, args...)
		}
	}
	nPages := len(f.pages) - 1
	for len(f.mcids) <= nPages {
		f.mcids = append(f.mcids, 0)
		f.mcDepth = append(f.mcDepth, 0)
	}
	plan := structPlan{mcidOwner: make([][]int, nPages+1), annotKeys: make([]int, len(f.annotPages))}
	for page := 1; page <= nPages; page++ {
		plan.mcidOwner[page] = make([]int, f.mcids[page])
		for i := range plan.mcidOwner[page] {
			plan.mcidOwner[page][i] = -1
		}
	}
	annotOwner := make([]int, len(f.annotPages))
	for i := range annotOwner {
		annotOwner[i] = -1
	}
	plan.annotOwner = annotOwner
	ids := map[string]int{}
	listedBy := make([]int, len(elems))
	for i := range listedBy {
		listedBy[i] = -1
	}
	for i, e := range elems {
		switch {
		case i == 0 && e.Parent != -1:
			fail("element 0 is the root, but its Parent is %d, not -1", e.Parent)
		case i > 0 && e.Parent == -1:
			fail("element %d has Parent -1, but only the root, element 0, may", i)
		case i > 0 && (e.Parent < 0 || e.Parent >= len(elems) || e.Parent == i):
			fail("element %d: its Parent %d is no other element", i, e.Parent)
		case e.Type == "":
			fail("element %d has no Type", i)
		case e.Scope != "" && e.Scope != "Row" && e.Scope != "Column" && e.Scope != "Both":
			fail("element %d: Scope %q is not Row, Column or Both", i, e.Scope)
		case !printableASCII(e.ID):
			fail("element %d: ID %q is not printable ASCII", i, e.ID)
		}
		if e.ID != "" {
			if j, ok := ids[e.ID]; ok {
				fail("elements %d and %d have one ID, %q", j, i, e.ID)
			}
			ids[e.ID] = i
		}
	}
	for i, e := range elems {
		for j, k := range e.Kids {
			switch k.kind {
			case elemKid:
				switch {
				case k.elem <= 0 || k.elem >= len(elems):
					fail("element %d: kid %d names element %d, which does not exist or is the root", i, j, k.elem)
				case elems[k.elem].Parent != i:
					fail("element %d lists element %d as a kid, but element %d's Parent is %d", i, k.elem, k.elem, elems[k.elem].Parent)
				case listedBy[k.elem] != -1:
					fail("element %d is listed as a kid twice, by elements %d and %d", k.elem, listedBy[k.elem], i)
				default:
					listedBy[k.elem] = i
				}
			case contentKid:
				switch {
				case k.page < 1 || k.page > nPages:
					fail("element %d: kid %d names page %d, which does not exist", i, j, k.page)
				case k.mcid < 0 || k.mcid >= f.mcids[k.page]:
					fail("element %d: kid %d names MCID %d of page %d, which was never begun", i, j, k.mcid, k.page)
				case plan.mcidOwner[k.page][k.mcid] != -1:
					fail("MCID %d of page %d is owned by two elements, %d and %d", k.mcid, k.page, plan.mcidOwner[k.page][k.mcid], i)
				default:
					plan.mcidOwner[k.page][k.mcid] = i
				}
			case annotKid:
				switch {
				case k.annot < 0 || k.annot >= len(f.annotPages):
					fail("element %d: kid %d names annotation %d, which does not exist", i, j, k.annot)
				case annotOwner[k.annot] != -1:
					fail("annotation %d is the kid of two elements, %d and %d", k.annot, annotOwner[k.annot], i)
				default:
					annotOwner[k.annot] = i
				}
			default:
				fail("element %d: kid %d is the zero StructKid (use ElemKid, ContentKid or AnnotKid)", i, j)
			}
		}
	}
	if f.err != nil {
		return
	}
	for i := 1; i < len(elems); i++ {
		if listedBy[i] == -1 {
			fail("element %d's Parent is element %d, which does not list it as a kid", i, elems[i].Parent)
			return
		}
	}
	// Each element but the root is listed once, by its Parent; elements
	// may still form a ring of their own, out of the root's reach.
	for i := range elems {
		p, steps := i, 0
		for p != 0 && steps <= len(elems) {
			p, steps = elems[p].Parent, steps+1
		}
		if p != 0 {
			fail("element %d is not below the root: its Parents form a cycle", i)
			return
		}
	}
	for page := 1; page <= nPages; page++ {
		for mcid, owner := range plan.mcidOwner[page] {
			if owner == -1 {
				fail("MCID %d of page %d is owned by no element", mcid, page)
				return
			}
		}
	}
	plan.nextKey = nPages
	for h := range plan.annotKeys {
		plan.annotKeys[h] = -1
		if annotOwner[h] != -1 {
			plan.annotKeys[h] = plan.nextKey
			plan.nextKey++
		}
	}
	f.structPlan = plan
}

// putStructTree writes the structure tree root, the elements and the
// parent tree, in that order.
func (f *Fpdf) putStructTree() {
	elems := f.structTree
	if len(elems) == 0 {
		return
	}
	rootN := f.n + 1
	elemN := func(i int) int { return rootN + 1 + i }
	parentTreeN := elemN(len(elems))

	f.newobj()
	f.structTreeRoot = f.n
	f.outf("<</Type /StructTreeRoot /K %d 0 R /ParentTree %d 0 R /ParentTreeNextKey %d%s>>",
		elemN(0), parentTreeN, f.structPlan.nextKey, f.idTree(elems, elemN))
	f.out("endobj")

	var b []byte
	for i, e := range elems {
		f.newobj()
		b = append(b[:0], "<</Type /StructElem /S "...)
		b = appendPDFName(b, e.Type)
		parent := rootN
		if i > 0 {
			parent = elemN(e.Parent)
		}
		b = append(b, " /P "...)
		b = appendRef(b, parent)
		// /Pg: the page of the first marked-content kid, whose MCIDs can
		// then be bare numbers.
		pg := 0
		for _, k := range e.Kids {
			if k.kind == contentKid {
				pg = k.page
				b = append(b, " /Pg "...)
				b = appendRef(b, f.pageObj(pg))
				break
			}
		}
		if len(e.Kids) > 0 {
			b = append(b, "\n/K ["...)
			for j, k := range e.Kids {
				if j > 0 {
					b = append(b, ' ')
				}
				switch k.kind {
				case elemKid:
					b = appendRef(b, elemN(k.elem))
				case contentKid:
					if k.page == pg {
						b = strconv.AppendInt(b, int64(k.mcid), 10)
					} else {
						b = append(b, "<</Type /MCR /Pg "...)
						b = appendRef(b, f.pageObj(k.page))
						b = append(b, " /MCID "...)
						b = strconv.AppendInt(b, int64(k.mcid), 10)
						b = append(b, ">>"...)
					}
				case annotKid:
					b = append(b, "<</Type /OBJR /Obj "...)
					b = appendRef(b, f.annotObjs[k.annot])
					b = append(b, " /Pg "...)
					b = appendRef(b, f.pageObj(f.annotPages[k.annot]))
					b = append(b, ">>"...)
				}
			}
			b = append(b, ']')
		}
		// Text strings go through textstring, which encrypts them with
		// this object's key.
		for _, s := range []struct{ key, text string }{
			{"/T", e.Title}, {"/Lang", e.Lang}, {"/Alt", e.Alt}, {"/ActualText", e.ActualText},
		} {
			if s.text != "" {
				b = append(b, '\n')
				b = append(b, s.key...)
				b = append(b, ' ')
				b = append(b, f.textstring(pdfText(s.text))...)
			}
		}
		if e.ID != "" {
			b = append(b, "\n/ID "...)
			b = append(b, f.textstring(e.ID)...)
		}
		if e.Scope != "" || e.ColSpan > 1 || e.RowSpan > 1 {
			b = append(b, "\n/A <</O /Table"...)
			if e.Scope != "" {
				b = append(b, " /Scope /"...)
				b = append(b, e.Scope...)
			}
			if e.ColSpan > 1 {
				b = append(b, " /ColSpan "...)
				b = strconv.AppendInt(b, int64(e.ColSpan), 10)
			}
			if e.RowSpan > 1 {
				b = append(b, " /RowSpan "...)
				b = strconv.AppendInt(b, int64(e.RowSpan), 10)
			}
			b = append(b, ">>"...)
		}
		b = append(b, ">>"...)
		f.out(string(b))
		f.out("endobj")
	}

	// The parent tree: each page's key maps to the elements owning its
	// MCIDs 0, 1, 2, …, each annotation's to the element owning it.
	f.newobj()
	b = append(b[:0], "<</Nums ["...)
	for page := 1; page < len(f.structPlan.mcidOwner); page++ {
		b = append(b, '\n')
		b = strconv.AppendInt(b, int64(page-1), 10)
		b = append(b, " ["...)
		for j, owner := range f.structPlan.mcidOwner[page] {
			if j > 0 {
				b = append(b, ' ')
			}
			b = appendRef(b, elemN(owner))
		}
		b = append(b, ']')
	}
	for h, key := range f.structPlan.annotKeys {
		if key >= 0 {
			b = append(b, '\n')
			b = strconv.AppendInt(b, int64(key), 10)
			b = append(b, ' ')
			b = appendRef(b, elemN(f.structPlan.annotOwner[h]))
		}
	}
	b = append(b, "]>>"...)
	f.out(string(b))
	f.out("endobj")
}

func appendRef(b []byte, n int) []byte {
	b = strconv.AppendInt(b, int64(n), 10)
	return append(b, " 0 R"...)
}

// appendPDFName writes s as a PDF name, "/" and s with each byte that is
// not a regular character (white space, a delimiter, #, outside ! to ~)
// written as #XX (ISO 32000-1, 7.3.5).
func appendPDFName(b []byte, s string) []byte {
	b = append(b, '/')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < '!' || c > '~' || c == '#' || c == '/' || c == '%' || c == '(' || c == ')' ||
			c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}':
			b = append(b, '#', hexDigits[c>>4], hexDigits[c&15])
		default:
			b = append(b, c)
		}
	}
	return b
}

// idTree is the structure tree root's /IDTree entry: a name tree, in one
// node, of the elements with an ID, sorted by it as name trees are; "" when
// none has one.
func (f *Fpdf) idTree(elems []StructElem, elemN func(int) int) string {
	var byID []int
	for i, e := range elems {
		if e.ID != "" {
			byID = append(byID, i)
		}
	}
	if len(byID) == 0 {
		return ""
	}
	sort.Slice(byID, func(a, b int) bool { return elems[byID[a]].ID < elems[byID[b]].ID })
	var b strings.Builder
	b.WriteString(" /IDTree <</Names [")
	for k, i := range byID {
		if k > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s %d 0 R", f.textstring(elems[i].ID), elemN(i))
	}
	b.WriteString("]>>")
	return b.String()
}

// printableASCII reports whether s holds only printable ASCII characters.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
