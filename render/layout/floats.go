package layout

import (
	"context"

	"pdfexport/render/doc"
	"pdfexport/render/page"
)

// pictures sets a picture block: its pictures side by side, tops aligned,
// the row centred between the block's insets.
func (l *layouter) pictures(b *doc.Block) vitem {
	var w, h page.Unit
	for i, p := range b.Pictures {
		if i > 0 {
			w += b.Gap
		}
		w += p.W
		h = max(h, p.H)
	}
	avail := l.geo.measure - b.Start - b.End
	x := l.geo.left + b.Start + max(avail-w, 0)/2
	v := vitem{height: h, breakBefore: true, fallback: keepRulesOnly}
	for _, p := range b.Pictures {
		v.images = append(v.images, page.Image{X: x, W: p.W, H: p.H, Pic: p.Pic, Alt: p.Alt, Elem: int32(p.Elem)})
		x += p.W + b.Gap
	}
	l.spend(h)
	return v
}

// framed draws a block's frame and its aside around its lines: the sides on
// every line, so that a block split across pages is boxed on both, and
// items of the frame's padding above and below, kept with the lines. The
// block is made at least as tall as its aside.
func (l *layouter) framed(b *doc.Block, lines []vitem) []vitem {
	var pad page.Unit
	if b.Frame != nil {
		pad = b.Frame.Pad
	}
	var h page.Unit
	for _, v := range lines {
		h += v.height
	}
	if b.Aside != nil && h < b.Aside.H {
		// Room for the aside below the text, kept with it.
		lines = append(lines, vitem{height: b.Aside.H - h})
	}
	top := vitem{height: pad, breakBefore: lines[0].breakBefore, fallback: lines[0].fallback}
	lines[0].breakBefore = false
	bottom := vitem{height: pad}
	out := make([]vitem, 0, len(lines)+2)
	out = append(out, top)
	out = append(out, lines...)
	out = append(out, bottom)
	if b.Aside != nil {
		for _, r := range b.Aside.Rects {
			r.X += l.geo.left + pad
			r.Y += pad
			out[0].rects = append(out[0].rects, r)
		}
	}
	if b.Frame == nil {
		return out
	}
	left, right := l.geo.left, l.geo.left+l.geo.measure
	rule := func(x1, y1, x2, y2 page.Unit) page.Rule {
		return page.Rule{X1: x1, Y1: y1, X2: x2, Y2: y2, Width: b.Frame.Rule.Width, Color: b.Frame.Rule.Color}
	}
	for i := range out {
		v := &out[i]
		v.rules = append(v.rules, rule(left, 0, left, v.height), rule(right, 0, right, v.height))
	}
	out[0].rules = append(out[0].rules, rule(left, 0, right, 0))
	last := &out[len(out)-1]
	last.rules = append(last.rules, rule(left, last.height, right, last.height))
	return out
}

// paginateFloats paginates a flow with floats. A float that does not fit
// on the page where it falls goes to the top of the next page, and what
// follows it fills this one, up to the next float, so that floats keep
// their order. Each float is moved at most once, which bounds the work:
// the flow is paginated again after each move, as a move changes every
// page after it.
func paginateFloats(ctx context.Context, flow []vitem, bodyHeight, grid page.Unit) ([][]vitem, []int, error) {
	for {
		pages, forced, err := paginate(ctx, flow, bodyHeight, grid)
		if err != nil {
			return nil, nil, err
		}
		moved, ok := moveFloat(ctx, flow, pages, bodyHeight, grid)
		if !ok {
			return pages, forced, nil
		}
		flow = moved
	}
}

// moveFloat finds the first float that begins a page although it was not
// placed there (it fell on the page before and did not fit) and returns
// the flow with it moved after the items that fill the page before in its
// place; ok is false when there is none. Floats in a row move together.
func moveFloat(ctx context.Context, flow []vitem, pages [][]vitem, bodyHeight, grid page.Unit) (out []vitem, ok bool) {
	// A page holds its items without the spaces dropped at its top: the
	// index in flow of a page's first item is found, not summed.
	first := 0 // the index in flow of pages[p]'s first item
	for first < len(flow) && flow[first].space {
		first++
	}
	for p := 0; p+1 < len(pages); p++ {
		start := first
		next := start + len(pages[p]) // the next page's first item, spaces at its top included
		for next < len(flow) && flow[next].space {
			next++
		}
		first = next
		if next == len(flow) || !flow[next].floatStart || flow[next].moved {
			continue
		}
		end := floatEnd(flow, next)
		// Floats that follow it with nothing but white space between go
		// with it: it has no text of its own to fill the page with.
		for {
			k := end
			for k < len(flow) && flow[k].space {
				k++
			}
			if k == len(flow) || !flow[k].floatStart || flow[k].moved {
				break
			}
			end = floatEnd(flow, k)
		}
		// The white space before the float goes with it (dropped at the
		// top of the page it moves to).
		for next > start && flow[next-1].space && !flow[next-1].toGrid {
			next--
		}
		// Fill the page with what follows, as paginate would, up to the
		// next float: the rest of the page's items, then those.
		rest := make([]vitem, 0, len(flow)-(end-next))
		rest = append(rest, flow[:next]...)
		stop := end
		for stop < len(flow) && !flow[stop].floatStart {
			stop++
		}
		rest = append(rest, flow[end:stop]...)
		filled, _, err := paginate(ctx, rest[start:], bodyHeight, grid)
		if err != nil || len(filled) == 0 {
			return nil, false
		}
		took := start + len(filled[0]) // in rest: where the float goes
		// When the page takes all the text before the next float, that
		// float's place is on this page; if it cannot share the next page
		// with this float, it waits two pages. The text's last lines (to
		// the last place a page may begin) then wait on the next page,
		// so that the next float's place is there, if this page stays
		// more than half full without them.
		if onlySpaces(rest[took:]) && stop < len(flow) && runItems(flow, next, end)+runItems(flow, stop, floatEnd(flow, stop)) > bodyHeight {
			t := took - 1
			for t > next && rest[t].space {
				t-- // the text's last line
			}
			for t > next && !rest[t].breakBefore {
				t--
			}
			if t >= next && runItems(rest, start, t) > bodyHeight/2 {
				took = t // at next: the float stays where it falls, with that text after it
			}
		}
		// What comes after the float must be what a page may begin with:
		// the float must not part a heading from the lines it keeps (the
		// next float among them, which the page was filled up to).
		after := func(t int) *vitem {
			if t < len(rest) {
				return &rest[t]
			}
			if stop < len(flow) {
				return &flow[stop]
			}
			return nil
		}
		for took > next {
			if v := after(took); v == nil || v.breakBefore {
				break
			}
			took--
		}
		if took <= next {
			flow[next].moved = true // nothing more fits above it: it stays
			continue
		}
		// A table that goes on under the float has its header rows
		// repeated there, kept with its row, as at the top of a page.
		var head []vitem
		if v := after(took); v != nil {
			head = v.head
		}
		moved := make([]vitem, 0, len(flow)+len(head))
		moved = append(moved, rest[:took]...)
		moved = append(moved, flow[next:end]...)
		for k := len(moved) - (end - next); k < len(moved); k++ {
			if moved[k].floatStart {
				moved[k].moved = true
			}
		}
		moved = append(moved, head...)
		rows := len(moved)
		moved = append(moved, flow[end+(took-next):]...)
		if len(head) > 0 {
			// A page may begin with the header, not between it and the row.
			moved[rows-len(head)].breakBefore, moved[rows-len(head)].fallback = true, keepRulesOnly
			moved[rows].breakBefore = false
		}
		return moved, true
	}
	return nil, false
}

// floatEnd is the end of the float that begins at flow[i]: the next place
// a page may begin, with its way back to the grid.
func floatEnd(flow []vitem, i int) int {
	end := i + 1
	for end < len(flow) && !flow[end].breakBefore {
		end++
	}
	for end < len(flow) && flow[end].space && flow[end].toGrid {
		end++
	}
	return end
}

// runItems is the height of flow[from:to].
func runItems(flow []vitem, from, to int) page.Unit {
	var h page.Unit
	for _, v := range flow[from:to] {
		h += v.height
	}
	return h
}

func onlySpaces(items []vitem) bool {
	for _, v := range items {
		if !v.space {
			return false
		}
	}
	return true
}
