package images

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"testing/fstest"
)

// BenchmarkLoad10Photos loads ten distinct 3000×2000 JPEGs (4:2:0, quality
// 85, as a newsroom's CMS serves them) for printing 450 pt wide: each is
// decoded, downsampled to 1250×833 and encoded again. "folder": from an
// article's folder, nothing cached, every load the whole work. "cached":
// over HTTP with the Loader's cache warm, as when one article is exported
// again: no fetch, no decode. "folder-concurrent": the ten at once, as a
// renderer may ask for them, on however many cores there are.
func BenchmarkLoad10Photos(b *testing.B) {
	dir := fstest.MapFS{}
	for i := range 10 {
		dir[fmt.Sprintf("%d.jpg", i)] = &fstest.MapFile{Data: encJPEG(b, noisyYCbCr(3000, 2000, i), 85)}
	}
	b.Run("folder", func(b *testing.B) {
		l := NewLoader(Options{})
		for b.Loop() {
			s := l.Article(dir)
			for i := range 10 {
				if _, err := s.Load(context.Background(), fmt.Sprintf("%d.jpg", i), 450); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("folder-concurrent", func(b *testing.B) {
		l := NewLoader(Options{})
		for b.Loop() {
			s := l.Article(dir)
			var wg sync.WaitGroup
			for i := range 10 {
				wg.Go(func() {
					if _, err := s.Load(context.Background(), fmt.Sprintf("%d.jpg", i), 450); err != nil {
						b.Error(err)
					}
				})
			}
			wg.Wait()
		}
	})
	b.Run("cached", func(b *testing.B) {
		srv := newServerB(b)
		for name, f := range dir {
			srv.put("/"+name, f.Data)
		}
		l := NewLoader(Options{Hosts: []string{srv.host()}, AllowPrivate: true, CacheBytes: 256 << 20})
		for i := range 10 { // warm: b.Loop times what follows
			if _, err := l.Article(nil).Load(context.Background(), fmt.Sprintf("%s/%d.jpg", srv.URL, i), 450); err != nil {
				b.Fatal(err)
			}
		}
		for b.Loop() {
			s := l.Article(nil)
			for i := range 10 {
				if _, err := s.Load(context.Background(), fmt.Sprintf("%s/%d.jpg", srv.URL, i), 450); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
