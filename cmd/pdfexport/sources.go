package main

import (
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"net/netip"
	"os"
	"strings"

	"pdfexport/export"
	"pdfexport/source"
)

// articleSource is what serve and export look articles up in: a folder,
// a WordPress site, or a JSON URL (package source).
type articleSource interface {
	export.Source // Listing, Lookup, Rejected
	Invalidate(id string)
}

// sourceFlags choose the article source of serve and export.
type sourceFlags struct {
	dir        *string
	wordpress  *string
	wpUser     *string
	wpPassword *string
	wpLang     langValue
	url        *string
	timeout    *durationValue
	maxBytes   *intValue
	maxAge     *durationValue
	maxStale   *durationValue
	cacheBytes *intValue
	fresh      bool // export: every article as the CMS has it now, none from a cache
}

func addSourceFlags(fs *flag.FlagSet) *sourceFlags {
	f := &sourceFlags{}
	f.dir = fs.String("articles", "", "folder of article files (.txt, .json, .html) instead of the embedded sample archive")
	f.wordpress = fs.String("wordpress", "", "read posts from the WordPress site at this `URL` (its REST API, /wp-json/wp/v2/posts) instead of a folder")
	f.wpUser = fs.String("wordpress-user", "", "WordPress `user` of an application password, for a site whose API is closed, or to tell drafts from missing posts")
	f.wpPassword = fs.String("wordpress-password-file", "", "`file` holding the WordPress application password of --wordpress-user")
	fs.Var(&f.wpLang, "wordpress-lang", "`language` of every post (default: the site's, or the one detected in a post plainly in another)")
	f.url = fs.String("source-url", "", "read articles from this `URL template`, {id} standing for the ID, answering the project's JSON article (any CMS, through a small adapter)")
	f.timeout = durationFlag(fs, "source-timeout", source.DefaultRemoteTimeout, positive, "time for one request to the CMS")
	f.maxBytes = intFlag(fs, "source-max-bytes", source.MaxFileBytes, 1024, "largest answer of the CMS in `bytes`")
	f.maxAge = durationFlag(fs, "source-max-age", source.DefaultRemoteMaxAge, nonNegative, "how long an article fetched from the CMS is used before it is checked again (POST /v1/articles/{id}/invalidate drops it at once)")
	f.maxStale = durationFlag(fs, "source-max-stale", source.DefaultRemoteMaxStale, positive, "how old a kept article may be and still be served, marked stale, while the CMS is down")
	f.cacheBytes = intFlag(fs, "source-cache-bytes", source.DefaultRemoteCache, 0, "`bytes` of CMS answers kept (0: none); a kept article is served, marked stale, while the CMS is down")
	return f
}

// open opens the chosen source; images is the folder of the pictures
// beside the articles (a folder source's), and site the CMS's host, from
// which figures' pictures may be fetched.
func (f *sourceFlags) open(log *slog.Logger) (src articleSource, images fs.FS, site string, err error) {
	chosen := 0
	for _, s := range []string{*f.dir, *f.wordpress, *f.url} {
		if s != "" {
			chosen++
		}
	}
	if chosen > 1 {
		return nil, nil, "", fmt.Errorf("%w: give one of --articles, --wordpress and --source-url", errUsage)
	}
	if *f.wordpress == "" && (*f.wpUser != "" || *f.wpPassword != "" || f.wpLang.s != "") {
		return nil, nil, "", fmt.Errorf("%w: --wordpress-user, --wordpress-password-file and --wordpress-lang need --wordpress", errUsage)
	}
	ro := source.RemoteOptions{Timeout: f.timeout.d, MaxBytes: f.maxBytes.n, MaxAge: f.maxAge.d, MaxStale: f.maxStale.d, CacheBytes: cacheOrNone(f.cacheBytes.n)}
	if f.fresh {
		// An export renders each article once, as the CMS has it now.
		ro.MaxAge, ro.CacheBytes = 0, -1
	}
	switch {
	case *f.wordpress != "":
		if (*f.wpUser == "") != (*f.wpPassword == "") {
			return nil, nil, "", fmt.Errorf("%w: give --wordpress-user and --wordpress-password-file together", errUsage)
		}
		if *f.wpPassword != "" {
			data, err := os.ReadFile(*f.wpPassword)
			if err != nil {
				return nil, nil, "", fmt.Errorf("--wordpress-password-file: %w", err)
			}
			ro.User, ro.Password = *f.wpUser, strings.TrimSpace(string(data))
			if ro.Password == "" {
				return nil, nil, "", fmt.Errorf("%w: --wordpress-password-file %s is empty", errUsage, *f.wpPassword)
			}
		}
		wp, err := source.NewWordPress(*f.wordpress, source.WordPressOptions{RemoteOptions: ro, Lang: f.wpLang.s})
		if err != nil {
			return nil, nil, "", fmt.Errorf("%w: --wordpress: %v", errUsage, err)
		}
		if ro.User != "" && wp.Site().Scheme == "http" && !isLoopback(wp.Site().Hostname()) {
			log.Warn("the WordPress application password goes over plain http; give the site as https://", "site", wp.Site().String())
		}
		return wp, nil, wp.Site().Host, nil
	case *f.url != "":
		j, err := source.NewJSONURL(*f.url, ro)
		if err != nil {
			return nil, nil, "", fmt.Errorf("%w: --source-url: %v", errUsage, err)
		}
		return j, nil, "", nil
	}
	var a *source.Archive
	if *f.dir == "" {
		a, err = source.Embedded(log)
	} else {
		a, err = source.Dir(*f.dir, log)
	}
	if err != nil {
		return nil, nil, "", err
	}
	// Popular articles are asked for again and again; a cached PDF is
	// served without parsing its article again.
	a.Memoize(memoBytes)
	return a, a.Files(), "", nil
}

// name says which source serve reads, for its first log line.
func (f *sourceFlags) name() string {
	switch {
	case *f.wordpress != "":
		return "WordPress " + *f.wordpress
	case *f.url != "":
		return "JSON URL " + *f.url
	case *f.dir != "":
		return *f.dir
	}
	return "embedded sample archive"
}

// isLoopback reports whether host names this machine.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}
