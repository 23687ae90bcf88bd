package pdfcheck

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strings"
)

// XMP namespaces of the properties the checks read.
const (
	nsRDF     = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	nsDC      = "http://purl.org/dc/elements/1.1/"
	nsXMP     = "http://ns.adobe.com/xap/1.0/"
	nsPDF     = "http://ns.adobe.com/pdf/1.3/"
	nsPDFAID  = "http://www.aiim.org/pdfa/ns/id/"
	nsPDFUAID = "http://www.aiim.org/pdfua/ns/id/"
	nsXML     = "http://www.w3.org/XML/1998/namespace"
)

// xmpProp is one top-level property of an rdf:Description: a simple value, or
// the items of an rdf:Alt, rdf:Seq or rdf:Bag (with their xml:lang for Alt).
type xmpProp struct {
	value string
	items []xmpItem
}

type xmpItem struct{ lang, value string }

// xmpPacket holds the properties of every rdf:Description, keyed by
// namespace + " " + local name. XMP allows a property as an element or as an
// attribute of rdf:Description; both are read.
type xmpPacket struct {
	props map[string]xmpProp
	// header attributes of the xpacket processing instruction that PDF/A-2
	// 6.6.2.1 forbids
	hasBytes, hasEncoding bool
}

var errXMP = errors.New("XMP metadata is not well-formed")

var (
	xpacketBegin = regexp.MustCompile(`<\?xpacket\s+begin=[^?]*\?>`)
	xpacketAttr  = regexp.MustCompile(`\s(bytes|encoding)\s*=`)
)

func parseXMP(b []byte) (*xmpPacket, error) {
	x := &xmpPacket{props: map[string]xmpProp{}}
	if h := xpacketBegin.Find(b); h != nil {
		for _, m := range xpacketAttr.FindAllSubmatch(h, -1) {
			switch string(m[1]) {
			case "bytes":
				x.hasBytes = true
			case "encoding":
				x.hasEncoding = true
			}
		}
	}
	dec := xml.NewDecoder(bytes.NewReader(b))
	depthInDesc := -1 // depth of the rdf:Description being read; -1 outside
	depth := 0
	var propKey string
	var prop xmpProp
	var text strings.Builder
	var itemLang string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, errXMP
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case depthInDesc < 0 && t.Name.Space == nsRDF && t.Name.Local == "Description":
				depthInDesc = depth
				for _, a := range t.Attr {
					if a.Name.Space != nsRDF && a.Name.Space != "" && a.Name.Space != "xmlns" {
						x.props[a.Name.Space+" "+a.Name.Local] = xmpProp{value: a.Value}
					}
				}
			case depthInDesc >= 0 && depth == depthInDesc+1:
				propKey, prop = t.Name.Space+" "+t.Name.Local, xmpProp{}
				text.Reset()
			case depthInDesc >= 0 && t.Name.Space == nsRDF && t.Name.Local == "li":
				itemLang = ""
				for _, a := range t.Attr {
					if a.Name.Space == nsXML && a.Name.Local == "lang" {
						itemLang = a.Value
					}
				}
				text.Reset()
			}
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			switch {
			case depthInDesc >= 0 && t.Name.Space == nsRDF && t.Name.Local == "li":
				prop.items = append(prop.items, xmpItem{lang: itemLang, value: strings.TrimSpace(text.String())})
				text.Reset()
			case depthInDesc >= 0 && depth == depthInDesc+1:
				if prop.items == nil {
					prop.value = strings.TrimSpace(text.String())
				}
				x.props[propKey] = prop
			case depth == depthInDesc:
				depthInDesc = -1
			}
			depth--
		}
	}
	return x, nil
}

func (x *xmpPacket) get(ns, local string) (xmpProp, bool) {
	p, ok := x.props[ns+" "+local]
	return p, ok
}

// simple returns a property's value: the text of a simple property, or of the
// x-default (else first) item of an array.
func (x *xmpPacket) simple(ns, local string) (string, bool) {
	p, ok := x.get(ns, local)
	if !ok {
		return "", false
	}
	if p.items == nil {
		return p.value, true
	}
	for _, it := range p.items {
		if it.lang == "x-default" {
			return it.value, true
		}
	}
	if len(p.items) > 0 {
		return p.items[0].value, true
	}
	return "", true
}
