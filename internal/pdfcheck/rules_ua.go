package pdfcheck

import (
	"fmt"
	"sort"
	"strings"
)

// The PDF/UA-1 rules. Each constant's comment gives the failure condition of
// the Matterhorn Protocol 1.1 (and the ISO 14289-1 clause the protocol maps it
// to) that the check implements.
const (
	// uaMarked: the catalog's MarkInfo has Marked true. ISO 14289-1 6.2
	// requires it; the Matterhorn Protocol has no failure condition for it.
	uaMarked = "PDF/UA-1 6.2"
	// uaStructTree: the catalog has a StructTreeRoot. ISO 14289-1 7.1 requires a
	// structure tree; without one every item is also reported under 01-005.
	uaStructTree = "PDF/UA-1 7.1"
	// ua01003: "Content marked as Artifact is present inside tagged content" (7.1-1).
	ua01003 = "Matterhorn 01-003"
	// ua01004: "Tagged content is present inside content marked as Artifact" (7.1-1).
	ua01004 = "Matterhorn 01-004"
	// ua01005: "Content is neither marked as Artifact nor tagged as real
	// content" (7.1-2). Marked content whose MCID no structure element claims
	// is untagged too, and is reported here.
	ua01005 = "Matterhorn 01-005"
	// ua01007: "Suspects entry has a value of true" (7.1-11).
	ua01007 = "Matterhorn 01-007"
	// ua02001: "One or more non-standard tag's mapping does not terminate with
	// a standard type" (7.1-3).
	ua02001 = "Matterhorn 02-001"
	// ua02003: "A circular mapping exists" (7.1-3).
	ua02003 = "Matterhorn 02-003"
	// ua02004: "One or more standard types are remapped" (7.1-4).
	ua02004 = "Matterhorn 02-004"
	// ua06001: "Document does not contain an XMP metadata stream" (7.1-8).
	ua06001 = "Matterhorn 06-001"
	// ua06002: "The XMP metadata stream in the Catalog dictionary does not
	// include the PDF/UA identifier" (5): pdfuaid:part 1.
	ua06002 = "Matterhorn 06-002"
	// ua06003: "XMP metadata stream does not contain dc:title" (7.1-8).
	ua06003 = "Matterhorn 06-003"
	// ua07001: "ViewerPreferences dictionary of the Catalog dictionary does not
	// contain a DisplayDocTitle entry" (7.1-9).
	ua07001 = "Matterhorn 07-001"
	// ua07002: "... contains a DisplayDocTitle entry with a value of false" (7.1-9).
	ua07002 = "Matterhorn 07-002"
	// ua09004: "A table-related structure element is used in a way that does
	// not conform to the syntax defined in ISO 32000-1, Table 337" (7.2-1).
	// Rows spanning different numbers of columns are reported here too, as
	// veraPDF's rule 7.2-42 ("Table rows shall have the same number of
	// columns") does under the same clause.
	ua09004 = "Matterhorn 09-004"
	// ua09005: "A list-related structure element is used in a way that does not
	// conform to Table 336 in ISO 32000-1" (7.2-1).
	ua09005 = "Matterhorn 09-005"
	// ua10001: "Character code cannot be mapped to Unicode" (7.2-2): a code the
	// font's ToUnicode CMap does not map, or maps to nothing.
	ua10001 = "Matterhorn 10-001"
	// ua11001: "Natural language for text in page content cannot be
	// determined" (7.2-3): no Lang on the text's structure elements nor on the
	// catalog.
	ua11001 = "Matterhorn 11-001"
	// ua11006: "Natural language for document metadata cannot be determined"
	// (7.2-3): no Lang in the catalog and no language-tagged dc:title.
	ua11006 = "Matterhorn 11-006"
	// ua13004: "<Figure> tag alternative or replacement text missing" (7.3-3).
	ua13004 = "Matterhorn 13-004"
	// ua14002: "Does use numbered headings, but the first heading tag is not
	// <H1>" (7.4.2-1).
	ua14002 = "Matterhorn 14-002"
	// ua14003: "Numbered heading levels in descending sequence are skipped"
	// (7.4-1).
	ua14003 = "Matterhorn 14-003"
	// ua14006: "A node contains more than one <H> tag" (7.4.4-1).
	ua14006 = "Matterhorn 14-006"
	// ua14007: "Document uses both <H> and <H#> tags" (7.4.4-3).
	ua14007 = "Matterhorn 14-007"
	// ua15003: "In a table not organized with Headers attributes and IDs, a
	// <TH> cell does not contain a Scope attribute" (7.5-2).
	ua15003 = "Matterhorn 15-003"
	// ua17002: "<Formula> tag is missing an Alt attribute" (7.7-1).
	ua17002 = "Matterhorn 17-002"
	// ua19003: "ID entry of the <Note> tag is not present" (7.9-2).
	ua19003 = "Matterhorn 19-003"
	// ua19004: "ID entry of the <Note> tag is non-unique" (7.9-2).
	ua19004 = "Matterhorn 19-004"
	// ua28004: "An annotation, other than of subtype Widget, does not have a
	// Contents entry and does not have an alternative description" (7.18.1-4);
	// for links 28-012 is the specific condition.
	ua28004 = "Matterhorn 28-004"
	// ua28008: "A page containing an annotation does not contain a Tabs entry"
	// (7.18.3-1).
	ua28008 = "Matterhorn 28-008"
	// ua28009: "A page containing an annotation has a Tabs entry with a value
	// other than S" (7.18.3-1).
	ua28009 = "Matterhorn 28-009"
	// ua28011: "A link annotation is not nested within a <Link> tag"
	// (7.18.5-1): its StructParent must lead to a Link element that holds an
	// OBJR to it.
	ua28011 = "Matterhorn 28-011"
	// ua28012: "A link annotation does not include an alternate description in
	// its Contents entry" (7.18.5-2).
	ua28012 = "Matterhorn 28-012"
	// ua31009: "For a font used by text intended to be rendered the font
	// program is not embedded" (7.21.4.1-1).
	ua31009 = "Matterhorn 31-009"
	// ua31011: "... the font program is embedded but it does not contain glyphs
	// for all of the glyphs referenced by the text" (7.21.4.1-3).
	ua31011 = "Matterhorn 31-011"
	// ua31014: "... contains a CIDSet string, but at least one of the glyphs
	// present in the font program is not listed in the CIDSet" (7.21.4.2-3).
	ua31014 = "Matterhorn 31-014"
	// ua31015: "... at least one of the glyphs listed in the CIDSet string is
	// not present in the font program" (7.21.4.2-4).
	ua31015 = "Matterhorn 31-015"
	// ua31027: "A font dictionary does not contain the ToUnicode entry and none
	// of the following is true: [a standard encoding, a Type 1/3 font with AGL
	// names, an Adobe CJK collection, a non-symbolic TrueType font]"
	// (7.21.7-1). Glyph names are not consulted: a Type 1 or Type 3 font
	// without ToUnicode and without a standard encoding fails.
	ua31027 = "Matterhorn 31-027"
	// ua31028: "One or more Unicode values specified in the ToUnicode CMap are
	// zero (0)" (7.21.7-2).
	ua31028 = "Matterhorn 31-028"
	// ua31029: "... are equal to either U+FEFF or U+FFFE" (7.21.7-3).
	ua31029 = "Matterhorn 31-029"
	// ua31030: "One or more characters used in text showing operators
	// reference the .notdef glyph" (7.21.8-1). Known for CID fonts, where
	// the glyph follows from the CID; simple fonts are not checked.
	ua31030 = "Matterhorn 31-030"
	// uaParentTree: the structure tree and the content disagree about marked
	// content: an MCID claimed by two elements, a claimed MCID the page does
	// not have, or a ParentTree entry that does not name the element that
	// claims the MCID (ISO 32000-1 14.7.4.4). No Matterhorn condition names
	// this, but assistive technology that goes from content to structure
	// through the ParentTree finds the wrong element or none.
	uaParentTree = "ISO 32000-1 14.7.4.4"
)

func (c *checker) checkUA() {
	d := c.d
	cat := d.catalog()
	mark := d.dict(cat["/MarkInfo"])
	if marked, _ := d.boolean(mark["/Marked"]); !marked {
		c.add(uaMarked, 0, "the catalog has no MarkInfo with Marked true")
	}
	if suspects, _ := d.boolean(mark["/Suspects"]); suspects {
		c.add(ua01007, 0, "MarkInfo has Suspects true")
	}
	if c.tree == nil {
		c.add(uaStructTree, 0, "the catalog has no StructTreeRoot")
	}
	lang, _ := d.text(cat["/Lang"])
	if strings.TrimSpace(lang) == "" && !c.xmpTitleHasLanguage() {
		c.add(ua11006, 0, "neither the catalog's Lang nor a dc:title language tags the metadata")
	}
	prefs := d.dict(cat["/ViewerPreferences"])
	switch show, ok := d.boolean(prefs["/DisplayDocTitle"]); {
	case !ok:
		c.add(ua07001, 0, "ViewerPreferences has no DisplayDocTitle")
	case !show:
		c.add(ua07002, 0, "ViewerPreferences has DisplayDocTitle false")
	}
	switch {
	case c.xmp == nil && c.xmpErr == nil:
		c.add(ua06001, 0, "the catalog has no XMP metadata stream")
	case c.xmp == nil:
		c.add(ua06001, 0, "the XMP metadata cannot be read: %v", c.xmpErr)
	default:
		if part, _ := c.xmp.simple(nsPDFUAID, "part"); strings.TrimSpace(part) != "1" {
			c.add(ua06002, 0, "XMP pdfuaid:part is %q, not 1", part)
		}
		if title, _ := c.xmp.simple(nsDC, "title"); strings.TrimSpace(title) == "" {
			c.add(ua06003, 0, "XMP has no dc:title")
		}
	}
	c.checkContentUA()
	c.checkFontsUA()
	c.checkMarkedContent()
	if c.tree != nil {
		c.checkStructure()
		c.checkLanguage(strings.TrimSpace(lang) != "")
	}
	c.checkAnnotationsUA()
}

func (c *checker) xmpTitleHasLanguage() bool {
	if c.xmp == nil {
		return false
	}
	p, _ := c.xmp.get(nsDC, "title")
	for _, it := range p.items {
		if it.lang != "" && it.lang != "x-default" {
			return true
		}
	}
	return false
}

func (c *checker) checkContentUA() {
	for _, s := range c.scans {
		if n := sumCounts(s.untagged); n > 0 {
			c.add(ua01005, s.page, "%d content items neither in an Artifact nor in marked content with an MCID (%s)", n, describeCounts(s.untagged))
		}
		if s.artifactInTagged > 0 {
			c.add(ua01003, s.page, "%d Artifact sequences inside marked content with an MCID", s.artifactInTagged)
		}
		if s.taggedInArtifact > 0 {
			c.add(ua01004, s.page, "%d marked-content sequences with an MCID inside an Artifact", s.taggedInArtifact)
		}
	}
}

func sumCounts(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func describeCounts(m map[string]int) string {
	var parts []string
	for k, v := range m {
		parts = append(parts, fmt.Sprintf("%d %s", v, k))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

// glyphRulesUA says which Matterhorn condition each glyph problem breaks.
var glyphRulesUA = map[glyphProblem]string{
	glyphNoToUnicode: ua31027,
	glyphUnmapped:    ua10001,
	glyphZero:        ua31028,
	glyphBOM:         ua31029,
	glyphNotdef:      ua31030,
	glyphMissing:     ua31011,
}

var glyphWords = map[glyphProblem]string{
	glyphNoToUnicode: "has no ToUnicode CMap, and no standard encoding gives Unicode values, for",
	glyphUnmapped:    "maps to no Unicode value",
	glyphZero:        "maps to U+0000",
	glyphBOM:         "maps to U+FEFF or U+FFFE",
	glyphNotdef:      "selects the .notdef glyph with",
	glyphMissing:     "selects a glyph its embedded font program lacks with",
}

func (c *checker) checkGlyphs(rules map[glyphProblem]string) {
	for _, s := range c.scans {
		for k, g := range s.glyphs {
			c.add(rules[k.problem], s.page, "font %s %s code <%X> (%d times on the page)", k.font, glyphWords[k.problem], g.code, g.count)
		}
	}
}

// usedFonts returns the fonts that showed text, each with the first page that
// used it.
func (c *checker) usedFonts() ([]*font, map[*font]int) {
	first := map[*font]int{}
	var fonts []*font
	for _, s := range c.scans {
		for f := range s.fonts {
			if _, ok := first[f]; !ok {
				first[f] = s.page
				fonts = append(fonts, f)
			}
		}
	}
	sort.Slice(fonts, func(i, j int) bool { return fonts[i].label < fonts[j].label })
	return fonts, first
}

func (c *checker) checkFontsUA() {
	c.checkGlyphs(glyphRulesUA)
	fonts, first := c.usedFonts()
	for _, f := range fonts {
		if !f.embedded {
			c.add(ua31009, first[f], "font %s is not embedded", f.label)
		}
		missing, extra := cidSetMismatch(f)
		if missing >= 0 {
			c.add(ua31014, first[f], "font %s: CIDSet omits CID %d, which the font program has", f.label, missing)
		}
		if extra >= 0 {
			c.add(ua31015, first[f], "font %s: CIDSet lists CID %d, which the font program lacks", f.label, extra)
		}
	}
}

// cidSetMismatch compares a CID font's CIDSet with the glyphs of its embedded
// TrueType program, for the Identity CIDToGIDMap where a CID is its glyph ID.
// It returns the first CID present but not listed and the first listed but not
// present, each -1 when there is none.
func cidSetMismatch(f *font) (missing, extra int) {
	missing, extra = -1, -1
	if !f.composite || f.cidSet == nil || f.numGlyphs == 0 || f.cidToGID != nil || f.cidFontType != "CIDFontType2" {
		return
	}
	for cid := 0; cid < f.numGlyphs; cid++ {
		if !cidSetHas(f.cidSet, cid) {
			missing = cid
			break
		}
	}
	for cid := f.numGlyphs; cid < 8*len(f.cidSet); cid++ {
		if cidSetHas(f.cidSet, cid) {
			extra = cid
			break
		}
	}
	return
}

// checkMarkedContent compares the MCIDs in the content with those the
// structure tree claims and with the ParentTree. Without a tree no MCID is
// claimed.
func (c *checker) checkMarkedContent() {
	d := c.d
	owners := map[string]map[int][]*elem{}
	if c.tree != nil {
		owners = c.tree.mcidOwners()
	}
	for i, s := range c.scans {
		ref := d.pages[i]
		mine := owners[ref]
		mcids := sortedKeys(s.mcids)
		for _, m := range mcids {
			switch n := len(mine[m]); {
			case n == 0:
				c.add(ua01005, s.page, "marked content MCID %d belongs to no structure element", m)
			case n > 1:
				c.add(uaParentTree, s.page, "MCID %d is claimed %d times by structure elements", m, n)
			}
		}
		for _, m := range sortedKeys(mine) {
			if !s.mcids[m] {
				c.add(uaParentTree, s.page, "a %s element claims MCID %d, which the page's content does not have", mine[m][0].typ, m)
			}
		}
		if len(mcids) == 0 || c.tree == nil {
			continue
		}
		key, ok := d.integer(d.dict(ref)["/StructParents"])
		if !ok {
			c.add(uaParentTree, s.page, "the page has marked content but no StructParents")
			continue
		}
		entry := d.array(c.tree.parentTree[key])
		if entry == nil {
			c.add(uaParentTree, s.page, "the ParentTree has no array for StructParents %d", key)
			continue
		}
		for _, m := range mcids {
			if len(mine[m]) != 1 {
				continue
			}
			got := ""
			if m < len(entry) {
				got, _ = isRef(entry[m])
			}
			if want := mine[m][0].ref; got != want || want == "" {
				c.add(uaParentTree, s.page, "the ParentTree gives %q for MCID %d, but the %s element %q claims it", got, m, mine[m][0].typ, want)
			}
		}
	}
	// MCIDs on objects that are not pages of this document.
	for ref, ms := range owners {
		if d.pageNumber(ref) == 0 {
			for _, m := range sortedKeys(ms) {
				c.add(uaParentTree, 0, "a %s element claims MCID %d on %q, which is not a page", ms[m][0].typ, m, ref)
			}
		}
	}
}

func sortedKeys[V any](m map[int]V) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	return keys
}

// pageOf returns the page number of an element's marked content, or 0.
func (c *checker) pageOf(e *elem) int {
	for ; e != nil; e = e.parent {
		if n := c.d.pageNumber(e.page); n > 0 {
			return n
		}
	}
	return 0
}

func (c *checker) checkStructure() {
	d, t := c.d, c.tree
	for _, typ := range sortedStrings(t.roleProblems) {
		switch t.roleProblems[typ] {
		case "02-001":
			c.add(ua02001, 0, "structure type %s does not map to a standard type", typ)
		case "02-003":
			c.add(ua02003, 0, "the role mapping of %s is circular", typ)
		}
	}
	sort.Strings(t.remapped)
	for _, typ := range t.remapped {
		c.add(ua02004, 0, "the RoleMap maps the standard type %s", typ)
	}
	noteIDs := map[string]int{}
	var headings []*elem
	usesH, usesHn := false, false
	for _, e := range t.all {
		page := c.pageOf(e)
		switch e.std {
		case "Figure":
			alt, _ := d.text(e.dict["/Alt"])
			actual, _ := d.text(e.dict["/ActualText"])
			if strings.TrimSpace(alt) == "" && strings.TrimSpace(actual) == "" {
				c.add(ua13004, page, "a Figure (%s) has neither Alt nor ActualText", e.typ)
			}
		case "Formula":
			if alt, _ := d.text(e.dict["/Alt"]); strings.TrimSpace(alt) == "" {
				c.add(ua17002, page, "a Formula has no Alt")
			}
		case "Note":
			id, ok := d.text(e.dict["/ID"])
			if !ok || id == "" {
				c.add(ua19003, page, "a Note has no ID")
			} else {
				noteIDs[id]++
				if noteIDs[id] == 2 {
					c.add(ua19004, page, "Note ID %q is used more than once", id)
				}
			}
		case "Table":
			c.checkTable(e, page)
		}
		c.checkTableSyntax(e, page)
		c.checkListSyntax(e, page)
		switch lvl := headingLevel(e.std); {
		case lvl == 0:
			usesH = true
		case lvl > 0:
			usesHn = true
			headings = append(headings, e)
		}
		hs := 0
		for _, k := range e.kids {
			if k.elem != nil && k.elem.std == "H" {
				hs++
			}
		}
		if hs > 1 {
			c.add(ua14006, page, "a %s element has %d H children", e.typ, hs)
		}
	}
	if usesH && usesHn {
		c.add(ua14007, 0, "the document uses both H and H1-H6")
	}
	for i, h := range headings {
		lvl := headingLevel(h.std)
		if i == 0 && lvl != 1 {
			c.add(ua14002, c.pageOf(h), "the first numbered heading is %s, not H1", h.std)
		}
		if i > 0 {
			if prev := headingLevel(headings[i-1].std); lvl > prev+1 {
				c.add(ua14003, c.pageOf(h), "%s follows %s", h.std, headings[i-1].std)
			}
		}
	}
}

func sortedStrings[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// tableKids are the kids each table-related type may have (ISO 32000-1
// Table 337); tableParents the parents each may have.
var (
	tableKids = map[string][]string{
		"Table": {"TR", "THead", "TBody", "TFoot", "Caption"},
		"THead": {"TR"}, "TBody": {"TR"}, "TFoot": {"TR"},
		"TR": {"TH", "TD"},
	}
	tableParents = map[string][]string{
		"TR": {"Table", "THead", "TBody", "TFoot"}, "TH": {"TR"}, "TD": {"TR"},
		"THead": {"Table"}, "TBody": {"Table"}, "TFoot": {"Table"},
	}
	listKids    = map[string][]string{"L": {"LI", "L", "Caption"}, "LI": {"Lbl", "LBody"}}
	listParents = map[string][]string{"LI": {"L"}, "LBody": {"LI"}}
)

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// checkGrammar reports an element whose kids or parent the grammar does not
// allow. Marked content directly in an element that may hold only elements
// breaks the grammar too.
func (c *checker) checkGrammar(rule string, e *elem, page int, kids, parents map[string][]string) {
	if allowed, ok := kids[e.std]; ok {
		for _, k := range e.kids {
			switch {
			case k.elem != nil && !contains(allowed, k.elem.std):
				c.add(rule, page, "a %s element contains %s", e.std, k.elem.typ)
			case k.elem == nil && k.mcid >= 0:
				c.add(rule, page, "a %s element contains marked content directly", e.std)
			}
		}
	}
	if allowed, ok := parents[e.std]; ok {
		parent := ""
		if e.parent != nil {
			parent = e.parent.std
		}
		if !contains(allowed, parent) {
			c.add(rule, page, "a %s element is inside %q", e.std, parent)
		}
	}
}

func (c *checker) checkTableSyntax(e *elem, page int) {
	c.checkGrammar(ua09004, e, page, tableKids, tableParents)
}

func (c *checker) checkListSyntax(e *elem, page int) {
	c.checkGrammar(ua09005, e, page, listKids, listParents)
}

// attribute returns an attribute of an element from its /A entry (a dictionary
// or an array of dictionaries and revision numbers), for one owner.
func (c *checker) attribute(e *elem, owner, key string) (any, bool) {
	d := c.d
	a := d.resolve(e.dict["/A"])
	list, isArray := a.([]any)
	if !isArray {
		list = []any{a}
	}
	for _, item := range list {
		ad := d.dict(item)
		if ad == nil || d.name(ad["/O"]) != owner {
			continue
		}
		if v, ok := ad[key]; ok {
			return v, true
		}
	}
	return nil, false
}

// tableRows returns a table's rows in order: those directly in it and those
// in THead, TBody and TFoot.
func tableRows(t *elem) []*elem {
	var rows []*elem
	for _, k := range t.kids {
		if k.elem == nil {
			continue
		}
		switch k.elem.std {
		case "TR":
			rows = append(rows, k.elem)
		case "THead", "TBody", "TFoot":
			for _, kk := range k.elem.kids {
				if kk.elem != nil && kk.elem.std == "TR" {
					rows = append(rows, kk.elem)
				}
			}
		}
	}
	return rows
}

// checkTable checks TH scopes (15-003) and that every row spans the same
// number of columns once ColSpan and RowSpan are counted (09-004).
func (c *checker) checkTable(t *elem, page int) {
	d := c.d
	rows := tableRows(t)
	var ths []*elem
	usesHeaders := false
	for _, r := range rows {
		for _, k := range r.kids {
			if k.elem == nil {
				continue
			}
			if k.elem.std == "TH" {
				ths = append(ths, k.elem)
			}
			if _, ok := c.attribute(k.elem, "Table", "/Headers"); ok {
				usesHeaders = true
			}
		}
	}
	for _, th := range ths {
		if usesHeaders {
			if id, _ := d.text(th.dict["/ID"]); id != "" {
				continue // a table organised with Headers and IDs
			}
		}
		scope, ok := c.attribute(th, "Table", "/Scope")
		switch d.name(scope) {
		case "Row", "Column", "Both":
		default:
			if ok {
				c.add(ua15003, page, "a TH has Scope %v, not Row, Column or Both", scope)
			} else {
				c.add(ua15003, page, "a TH has no Scope attribute")
			}
		}
	}
	// Columns each row covers: its cells' ColSpans plus the cells of earlier
	// rows whose RowSpan reaches into it.
	carried := map[int]int{} // row index → columns taken by rows above
	width := -1
	for i, r := range rows {
		cols := carried[i]
		for _, k := range r.kids {
			if k.elem == nil || (k.elem.std != "TH" && k.elem.std != "TD") {
				continue
			}
			span, rowSpan := 1, 1
			if v, ok := c.attribute(k.elem, "Table", "/ColSpan"); ok {
				if n, ok := d.integer(v); ok && n > 1 {
					span = n
				}
			}
			if v, ok := c.attribute(k.elem, "Table", "/RowSpan"); ok {
				if n, ok := d.integer(v); ok && n > 1 {
					rowSpan = n
				}
			}
			cols += span
			for j := 1; j < rowSpan; j++ {
				carried[i+j] += span
			}
		}
		if width < 0 {
			width = cols
		} else if cols != width {
			c.add(ua09004, page, "table row %d spans %d columns, row 1 spans %d", i+1, cols, width)
		}
	}
}

// checkLanguage reports text whose language neither its elements nor the
// catalog declare (11-001).
func (c *checker) checkLanguage(catalogLang bool) {
	if catalogLang {
		return
	}
	d := c.d
	text := map[string]map[int]*strings.Builder{}
	for i, s := range c.scans {
		text[d.pages[i]] = s.text
	}
	count, firstPage := 0, 0
	for _, e := range c.tree.all {
		declared := false
		for a := e; a != nil; a = a.parent {
			if l, _ := d.text(a.dict["/Lang"]); strings.TrimSpace(l) != "" {
				declared = true
				break
			}
		}
		if declared {
			continue
		}
		for _, k := range e.kids {
			if k.elem == nil && k.mcid >= 0 {
				if b := text[k.page][k.mcid]; b != nil && strings.TrimSpace(b.String()) != "" {
					count++
					if firstPage == 0 {
						firstPage = d.pageNumber(k.page)
					}
				}
			}
		}
	}
	if count > 0 {
		c.add(ua11001, firstPage, "%d marked-content sequences of text have no Lang on their elements, and the catalog has none", count)
	}
}

func (c *checker) checkAnnotationsUA() {
	d := c.d
	var byRef map[string]*elem
	if c.tree != nil {
		byRef = map[string]*elem{}
		for _, e := range c.tree.all {
			if e.ref != "" {
				byRef[e.ref] = e
			}
		}
	}
	for i, ref := range d.pages {
		page := d.dict(ref)
		annots := d.array(page["/Annots"])
		if len(annots) == 0 {
			continue
		}
		switch tabs := d.name(page["/Tabs"]); tabs {
		case "":
			c.add(ua28008, i+1, "the page has annotations but no Tabs")
		case "S":
		default:
			c.add(ua28009, i+1, "the page has annotations and Tabs /%s, not /S", tabs)
		}
		for _, a := range annots {
			ad := d.dict(a)
			annotRef, _ := isRef(a)
			subtype := d.name(ad["/Subtype"])
			contents, _ := d.text(ad["/Contents"])
			hasContents := strings.TrimSpace(contents) != ""
			var parent *elem
			if k, ok := d.integer(ad["/StructParent"]); ok && c.tree != nil {
				r, _ := isRef(c.tree.parentTree[k])
				parent = byRef[r]
			}
			switch subtype {
			case "Link":
				if !hasContents {
					c.add(ua28012, i+1, "a link annotation has no Contents")
				}
				switch {
				case annotRef == "":
					c.add(ua28011, i+1, "a link annotation is a direct object, which no OBJR can name")
				case parent == nil || parent.std != "Link" || !hasObjr(parent, annotRef):
					c.add(ua28011, i+1, "link annotation %s is not the OBJR of a Link element its StructParent names", annotRef)
				}
			case "Widget", "Popup":
				// Widgets belong to forms, which the product does not write; a
				// Popup is shown through its parent annotation.
			default:
				alt := ""
				if parent != nil {
					alt, _ = d.text(parent.dict["/Alt"])
				}
				if !hasContents && strings.TrimSpace(alt) == "" {
					c.add(ua28004, i+1, "a %s annotation has neither Contents nor an Alt on its element", subtype)
				}
			}
		}
	}
}

func hasObjr(e *elem, ref string) bool {
	for _, k := range e.kids {
		if k.objr != "" && k.objr == ref {
			return true
		}
	}
	return false
}
