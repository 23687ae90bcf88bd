package images

import (
	"testing"
	"testing/fstest"
)

// Pictures read from an article's folder or a data: URI are cached by
// their content: another article's session, another file of the same
// bytes, gets the picture made the first time; a file changed in place is
// new content and is made again. Without a cache, each is made anew.
func TestLocalPicturesCachedByContent(t *testing.T) {
	a := encJPEG(t, photo(1600, 1000, 1), 85)
	b := encJPEG(t, photo(1600, 1000, 2), 85)
	dir := fstest.MapFS{"a.jpg": {Data: a}, "copy.jpg": {Data: a}}
	l := NewLoader(Options{})
	first := mustLoad(t, l.Article(dir), "a.jpg", 300)
	if again := mustLoad(t, l.Article(dir), "a.jpg", 300); again != first {
		t.Error("the same file in another article's session was made again")
	}
	if same := mustLoad(t, l.Article(dir), "copy.jpg", 300); same != first {
		t.Error("another file of the same bytes was made again")
	}
	dir["a.jpg"] = &fstest.MapFile{Data: b}
	if changed := mustLoad(t, l.Article(dir), "a.jpg", 300); changed == first || changed.Key == first.Key {
		t.Error("a file changed in place was served from the cache")
	}
	off := NewLoader(Options{CacheBytes: -1})
	if p, q := mustLoad(t, off.Article(dir), "copy.jpg", 300), mustLoad(t, off.Article(dir), "copy.jpg", 300); p == q {
		t.Error("with the cache off, a picture was kept")
	}
}
