package pdfcheck

import "strings"

// elem is a structure element (ISO 32000-1 14.7.2).
type elem struct {
	ref    string // the element's object reference; "" for a direct object
	dict   map[string]any
	typ    string // the /S type as written
	std    string // the standard type it is or maps to; "" when none
	parent *elem
	kids   []kid
	page   string // the page its marked content is on: /Pg, inherited
}

// kid is one entry of an element's /K: an element, marked content (an MCID
// on a page) or an object reference (an annotation, typically).
type kid struct {
	elem *elem
	mcid int // -1 unless marked content
	page string
	objr string // the referenced object for an OBJR
}

type tree struct {
	roots      []*elem
	all        []*elem // every element, depth first in tree order
	roleMap    map[string]string
	parentTree map[int]any
	// roleProblems maps a type as written to the Matterhorn failure condition
	// its role mapping breaks: 02-001 (no standard type at the end) or 02-003
	// (a circular mapping).
	roleProblems map[string]string
	remapped     []string // standard types the RoleMap maps (02-004)
}

// standardTypes are the standard structure types of ISO 32000-1 14.8.4, which
// PDF/UA-1 builds on.
var standardTypes = map[string]bool{}

func init() {
	for _, t := range strings.Fields(`Document Part Art Sect Div BlockQuote Caption TOC TOCI Index
		NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot
		Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP
		Figure Formula Form`) {
		standardTypes[t] = true
	}
}

// readTree reads the structure tree, or returns nil when the document has none.
func (d *document) readTree() *tree {
	root := d.dict(d.catalog()["/StructTreeRoot"])
	if root == nil {
		return nil
	}
	t := &tree{roleMap: map[string]string{}, roleProblems: map[string]string{}}
	for k, v := range d.dict(root["/RoleMap"]) {
		from := strings.TrimPrefix(k, "/")
		t.roleMap[from] = d.name(v)
		if standardTypes[from] {
			t.remapped = append(t.remapped, from)
		}
	}
	t.parentTree = d.numberTree(root["/ParentTree"])
	seen := map[string]bool{}
	var read func(parent *elem, k any, page string, depth int)
	read = func(parent *elem, k any, page string, depth int) {
		if depth > 256 {
			return
		}
		if arr := d.array(k); arr != nil {
			for _, e := range arr {
				read(parent, e, page, depth)
			}
			return
		}
		if m, ok := d.integer(k); ok {
			if parent != nil {
				parent.kids = append(parent.kids, kid{mcid: m, page: page})
			}
			return
		}
		kd := d.dict(k)
		if kd == nil {
			return
		}
		pg := page
		if p, ok := isRef(kd["/Pg"]); ok {
			pg = p
		}
		switch d.name(kd["/Type"]) {
		case "MCR":
			m, ok := d.integer(kd["/MCID"])
			if ok && parent != nil {
				parent.kids = append(parent.kids, kid{mcid: m, page: pg})
			}
			return
		case "OBJR":
			if parent != nil {
				obj, _ := isRef(kd["/Obj"])
				parent.kids = append(parent.kids, kid{mcid: -1, page: pg, objr: obj})
			}
			return
		}
		if _, ok := kd["/S"]; !ok {
			return
		}
		ref, _ := isRef(k)
		if ref != "" {
			if seen[ref] {
				return // an element reached twice would loop or double its content
			}
			seen[ref] = true
		}
		e := &elem{ref: ref, dict: kd, typ: d.name(kd["/S"]), parent: parent, page: pg}
		e.std = t.mapRole(e.typ)
		t.all = append(t.all, e)
		if parent == nil {
			t.roots = append(t.roots, e)
		} else {
			parent.kids = append(parent.kids, kid{elem: e, mcid: -1})
		}
		read(e, kd["/K"], pg, depth+1)
	}
	read(nil, root["/K"], "", 0)
	return t
}

// mapRole follows the RoleMap from a type to a standard type (ISO 32000-1
// 14.8.4). A standard type stands for itself: PDF/UA-1 forbids remapping one
// (Matterhorn 02-004), which is reported separately.
func (t *tree) mapRole(typ string) string {
	seen := map[string]bool{}
	cur := typ
	for {
		if standardTypes[cur] {
			return cur
		}
		if seen[cur] {
			t.roleProblems[typ] = "02-003"
			return ""
		}
		seen[cur] = true
		next, ok := t.roleMap[cur]
		if !ok || next == "" {
			t.roleProblems[typ] = "02-001"
			return ""
		}
		cur = next
	}
}

// mcidOwners maps each page reference and MCID to the elements whose kids
// name it.
func (t *tree) mcidOwners() map[string]map[int][]*elem {
	out := map[string]map[int][]*elem{}
	for _, e := range t.all {
		for _, k := range e.kids {
			if k.elem != nil || k.objr != "" || k.mcid < 0 {
				continue
			}
			if out[k.page] == nil {
				out[k.page] = map[int][]*elem{}
			}
			out[k.page][k.mcid] = append(out[k.page][k.mcid], e)
		}
	}
	return out
}

// headingLevel returns 1..6 for H1..H6, 0 for H and -1 for anything else.
func headingLevel(std string) int {
	if std == "H" {
		return 0
	}
	if len(std) == 2 && std[0] == 'H' && std[1] >= '1' && std[1] <= '6' {
		return int(std[1] - '0')
	}
	return -1
}
