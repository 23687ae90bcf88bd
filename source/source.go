// Package source is where article IDs are looked up: an archive of article
// files (the sample archive embedded in the binary, or a folder on disk), a
// WordPress site's REST API (WordPress), or any CMS that answers an
// article's URL with the project's JSON article (JSONURL). All three give
// articles through Lookup and list them through Listing; the two remote
// ones share the HTTP cache and failure rules described in remote.go.
//
// The archive.
// A file's ID is its name without the extension; ".txt" files are in the
// site's plain-text format, ".json" files are JSON articles or Arc XP
// ANS stories (told apart by article.IsANS), and ".html" and ".htm" files
// are whole web pages (saved pages of the site), whose article is
// extracted (package extract). A page is read without its address: its
// relative pictures ("story_files/harbour.jpg") name files in the folder,
// and those from the site's root are the site's, by the canonical URL the
// page gives.
//
// The archive is indexed once, when opened (ID, title, date, URL for the
// listing); Get reads and parses the file again on every call, so edits to a
// folder are served without a restart and article bodies are not held in
// memory. A server that asks for the same articles again and again can have
// Get keep recently parsed articles (Memoize), up to a bound in bytes, each
// checked against its file's size and modification time on every call.
//
// What a folder may hold. An article file is an entry at the top of the
// folder whose name ends in ".txt", ".json", ".html" or ".htm" and does not
// start with a dot (hidden files, editors' lock files and macOS's "._"
// files are not articles). It must be a regular file inside the folder:
//
//   - A symbolic link is followed only while it stays inside the folder
//     (so a Kubernetes ConfigMap volume, whose files are links into a
//     "..data" folder beside them, works). A link that leads out of the
//     folder, or to nothing, is refused: the folder is opened as an os.Root,
//     which resolves every link itself and cannot be walked out of, even by
//     a link swapped in after the index was built.
//   - A named pipe, device, socket or folder is refused without reading it:
//     its type is checked before it is opened, and it is opened without
//     blocking and checked again, so a file replaced by a named pipe between
//     the check and the open still cannot hang start-up or a request.
//
// A file that is refused, cannot be read, is larger than MaxFileBytes, does
// not parse, has a name that is not a valid ID, or has the ID of another
// file (x.txt and x.html) is not listed and not served (of two files with
// one ID, the first by name that parses is served), with a warning in the
// log. The index remembers each such file and why (Rejected), so that an
// export, which must account for every file it selects, reports it.
package source

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"pdfexport/article"
	"pdfexport/extract"
)

//go:embed archive
var embedded embed.FS

// Errors returned by Get and Lookup.
var (
	ErrNotFound = errors.New("article not found")
	ErrBadID    = errors.New("invalid article ID")
	// ErrNotPublic: the CMS has the article but it is not for the public
	// (a draft, a scheduled or private post, a password-protected one).
	// The error says which. It is answered like an unknown ID, without the
	// reason (which would tell that an unpublished story exists), and an
	// export records it as skipped, with the reason.
	ErrNotPublic = errors.New("not public")
	// ErrNoListing is returned by Listing of a source that can only look
	// articles up by ID (JSONURL).
	ErrNoListing = errors.New("the article source has no listing; ask for articles by ID")
)

// Doc is a stored article as a source gives it.
type Doc struct {
	Article *article.Article
	// Stale is set when the CMS could not be reached and Article is the
	// copy it gave last, Age ago. A fresh Doc has neither.
	Stale bool
	Age   time.Duration
}

// MaxFileBytes is the largest article file an archive reads.
const MaxFileBytes = 16 << 20

// articleExts are the extensions of article files.
var articleExts = map[string]bool{".txt": true, ".json": true, ".html": true, ".htm": true}

// idPattern is what an article ID may look like: letters, digits, '-' and '_',
// starting with a letter or digit. Nothing that could name another folder or
// break a header.
var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,199}$`)

// ValidID reports whether id is a well-formed article ID.
func ValidID(id string) bool { return idPattern.MatchString(id) }

// Entry is one article in the archive's listing.
type Entry struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Published time.Time `json:"-"`
	Date      string    `json:"published,omitempty"` // YYYY-MM-DD when known
	URL       string    `json:"url,omitempty"`
	// NotPublic says why a listed article is not for the public (a
	// password-protected post, which WordPress lists); empty for the
	// others. Public listings leave such articles out; an export records
	// them as skipped.
	NotPublic string `json:"-"`
}

// Rejected is an article file that the archive does not serve, and why.
type Rejected struct {
	ID   string // the file's name without its extension (not always a valid ID)
	File string // the file's name
	Err  error  // why it is not served; the message names the file
	// Published is the file's publication date when the file parsed but is
	// not served all the same (a second file with one ID); zero when unknown.
	Published time.Time
}

// Archive is a read-only set of articles in an fs.FS. It is safe for
// concurrent use.
type Archive struct {
	fsys     fs.FS
	files    map[string]string // ID → file name
	entries  []Entry           // newest first, then by ID
	rejected []Rejected        // by ID, then file name

	mu        sync.Mutex
	memo      map[string]memoEntry // ID → parsed article; nil: Memoize not called
	memoBytes int64                // the file bytes the memo holds
	memoLimit int64
}

// racyWindow is how recently modified a file may be and still be memoized:
// none that was changed within it.
const racyWindow = 2 * time.Second

// memoEntry is a parsed article and the file it was parsed from.
type memoEntry struct {
	size int64
	mod  time.Time
	art  *article.Article
}

// Memoize has Get keep parsed articles, holding at most limit bytes of
// article files (a parsed article shares its file's text). Articles are
// shared between callers, who must not modify them. An entry is used only
// while its file has the size and modification time it was read with; an
// embedded archive never changes. When the memo is full an arbitrary entry
// makes room.
func (a *Archive) Memoize(limit int64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.memo, a.memoBytes, a.memoLimit = map[string]memoEntry{}, 0, limit
}

// Embedded opens the sample archive built into the binary.
func Embedded(log *slog.Logger) (*Archive, error) {
	sub, err := fs.Sub(embedded, "archive")
	if err != nil {
		return nil, err
	}
	return Open(sub, log)
}

// Dir opens the folder dir as an archive. The folder stays open (as an
// os.Root) for the archive's life: a later rename of dir, or a change of the
// link dir names, does not move the archive.
func Dir(dir string, log *slog.Logger) (*Archive, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("articles folder: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("articles folder: %s is not a folder", dir)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("articles folder: %w", err)
	}
	return Open(dirFS{root}, log)
}

// Open indexes the article files at the top of fsys (see the package
// comment for what counts as one). Other files are ignored. Article files
// that cannot be served are skipped with a warning on log, so one bad file
// does not take the archive down, and kept in Rejected.
func Open(fsys fs.FS, log *slog.Logger) (*Archive, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	des, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("reading the archive: %w", err)
	}
	a := &Archive{fsys: fsys, files: map[string]string{}}
	for _, de := range des {
		name := de.Name()
		ext := path.Ext(name)
		if de.IsDir() || strings.HasPrefix(name, ".") || !articleExts[ext] {
			continue
		}
		id := strings.TrimSuffix(name, ext)
		reject := func(err error, published time.Time) {
			log.Warn("skipping article file", "file", name, "error", err)
			a.rejected = append(a.rejected, Rejected{ID: id, File: name, Err: err, Published: published})
		}
		if !ValidID(id) {
			reject(fmt.Errorf("%s: the name is not a valid article ID; IDs are 1 to 200 letters, digits, '-' and '_'", name), time.Time{})
			continue
		}
		art, err := a.read(name)
		if other, dup := a.files[id]; dup {
			// Read all the same: its date decides which date-range
			// exports report it.
			var published time.Time
			if err == nil {
				published = art.Published
			}
			reject(fmt.Errorf("%s has the ID of %s, which is served instead; remove or rename one of them", name, other), published)
			continue
		}
		if err != nil {
			reject(err, time.Time{})
			continue
		}
		a.files[id] = name
		// Cloned: the parsed strings share the file's text, which the index
		// would otherwise keep alive for every article of the archive.
		e := Entry{ID: id, Title: strings.Clone(art.Title), Published: art.Published, URL: strings.Clone(art.URL)}
		if !art.Published.IsZero() {
			e.Date = art.Published.Format("2006-01-02")
		}
		a.entries = append(a.entries, e)
	}
	sort.Slice(a.entries, func(i, j int) bool {
		ei, ej := a.entries[i], a.entries[j]
		if !ei.Published.Equal(ej.Published) {
			return ei.Published.After(ej.Published)
		}
		return ei.ID < ej.ID
	})
	sort.SliceStable(a.rejected, func(i, j int) bool { return a.rejected[i].ID < a.rejected[j].ID })
	return a, nil
}

// read reads and parses the article file name. Its errors name the file.
func (a *Archive) read(name string) (*article.Article, error) {
	f, err := a.fsys.Open(name)
	if err != nil {
		return nil, fileError(name, err)
	}
	defer f.Close()
	// dirFS checked the type already; other file systems (the embedded
	// archive, tests) are checked here.
	st, err := f.Stat()
	if err != nil {
		return nil, fileError(name, err)
	}
	if err := checkRegular(name, st.Mode()); err != nil {
		return nil, err
	}
	if st.Size() > MaxFileBytes {
		return nil, fmt.Errorf("%s is larger than the %d-byte limit", name, MaxFileBytes)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, fileError(name, err)
	}
	if len(data) > MaxFileBytes { // it grew since the Stat
		return nil, fmt.Errorf("%s is larger than the %d-byte limit", name, MaxFileBytes)
	}
	var art *article.Article
	switch {
	case path.Ext(name) == ".json" && article.IsANS(data):
		art, err = article.ParseANS(data)
	case path.Ext(name) == ".json":
		art, err = article.ParseJSON(data)
	case path.Ext(name) == ".html" || path.Ext(name) == ".htm":
		art, err = extract.Page(data, nil)
	default:
		art, err = article.ParseText(data)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return art, nil
}

// fileError names the file once: a PathError names it already, though
// sometimes by the path it was opened with.
func fileError(name string, err error) error {
	if strings.HasPrefix(err.Error(), name+" ") {
		return err // one of dirFS's, which say what is wrong with the file
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", name, pe.Err)
	}
	return fmt.Errorf("%s: %w", name, err)
}

// List returns the archive's articles, newest first. The slice is shared.
func (a *Archive) List() []Entry { return a.entries }

// Listing returns the archive's articles published from from to to (see
// InRange), newest first; zero times leave the range open. It never fails.
func (a *Archive) Listing(_ context.Context, from, to time.Time) ([]Entry, error) {
	if from.IsZero() && to.IsZero() {
		return a.entries, nil
	}
	var in []Entry
	for _, e := range a.entries {
		if InRange(e.Published, from, to) {
			in = append(in, e)
		}
	}
	return in, nil
}

// Lookup is Get for callers of any source: an archive's articles are never
// stale. The context is not used: a file is read at once.
func (a *Archive) Lookup(_ context.Context, id string) (Doc, error) {
	art, err := a.Get(id)
	return Doc{Article: art}, err
}

// Invalidate does nothing: Get reads an article's file again whenever it
// has changed.
func (a *Archive) Invalidate(string) {}

// InRange reports whether a publication time is within the days from and
// to, both included (to counts until the end of its day, in UTC); zero
// leaves that side open. An undated article is in no range, only in a
// listing without one.
func InRange(published, from, to time.Time) bool {
	if from.IsZero() && to.IsZero() {
		return true
	}
	if published.IsZero() || (!from.IsZero() && published.Before(from)) {
		return false
	}
	return to.IsZero() || published.Before(to.AddDate(0, 0, 1))
}

// Rejected returns the article files that the archive does not serve, by
// ID, with the reason for each. The slice is shared.
func (a *Archive) Rejected() []Rejected { return a.rejected }

// Get reads and parses the article with the given ID. It returns an error
// wrapping ErrBadID for a malformed ID and ErrNotFound for an unknown one.
func (a *Archive) Get(id string) (*article.Article, error) {
	name, err := a.name(id)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	memoize, limit := a.memo != nil, a.memoLimit
	a.mu.Unlock()
	if !memoize {
		return a.get(id, name)
	}
	st, err := fs.Stat(a.fsys, name)
	if err != nil {
		return a.get(id, name) // reports the error as a read would
	}
	a.mu.Lock()
	e, ok := a.memo[id]
	a.mu.Unlock()
	if ok && e.size == st.Size() && e.mod.Equal(st.ModTime()) {
		return e.art, nil
	}
	art, err := a.get(id, name)
	if err != nil || st.Size() > limit/4 {
		return art, err // a file this large would crowd out the rest
	}
	if mod := st.ModTime(); !mod.IsZero() && time.Since(mod) < racyWindow {
		// Modified moments ago: another edit within the file system's clock
		// tick (2 s on FAT, coarse on some network file systems) would keep
		// the size and time, and the memo would serve the old text for good.
		return art, nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.memo == nil || a.memoLimit != limit {
		return art, nil // Memoize was called again meanwhile
	}
	if old, ok := a.memo[id]; ok {
		delete(a.memo, id)
		a.memoBytes -= old.size
	}
	for k, v := range a.memo {
		if a.memoBytes+st.Size() <= a.memoLimit {
			break
		}
		delete(a.memo, k)
		a.memoBytes -= v.size
	}
	a.memo[id] = memoEntry{size: st.Size(), mod: st.ModTime(), art: art}
	a.memoBytes += st.Size()
	return art, nil
}

// name returns the name of article id's file, or an error wrapping ErrBadID
// or ErrNotFound.
func (a *Archive) name(id string) (string, error) {
	if err := checkID(id); err != nil {
		return "", err
	}
	name, ok := a.files[id]
	if !ok {
		return "", fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	return name, nil
}

func (a *Archive) get(id, name string) (*article.Article, error) {
	art, err := a.read(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s (its file is gone)", ErrNotFound, id)
	}
	if err != nil {
		return nil, fmt.Errorf("reading article %s: %w", id, err)
	}
	return art, nil
}
