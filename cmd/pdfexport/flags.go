package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"pdfexport/article"
	"pdfexport/export"
	"pdfexport/render"
)

// The flags below check their values when set, so a mistake is a usage
// error (exit status 2) whether it comes from the command line or from the
// flag's PDFEXPORT_ variable (applyEnv sets flags through the same Set),
// and every command reads scale, paper, dates and the rest in one way.
// Their String methods must work on a zero value: flag.PrintDefaults calls
// them on one.

// scaleValue is a font scale (render.ParseScale).
type scaleValue struct{ v float64 }

func (s *scaleValue) String() string { return strconv.FormatFloat(s.v, 'g', -1, 64) }
func (s *scaleValue) Set(v string) (err error) {
	s.v, err = render.ParseScale(v)
	return unwrapOption(err)
}

func scaleFlag(fs *flag.FlagSet) *scaleValue {
	s := &scaleValue{1}
	fs.Var(s, "scale", fmt.Sprintf("font `scale`, %g to %g", render.MinScale, render.MaxScale))
	return s
}

// paperValue is a paper size's name (render.ParsePaper).
type paperValue struct{ name string }

func (p *paperValue) String() string { return p.name }
func (p *paperValue) Set(v string) error {
	paper, err := render.ParsePaper(v)
	p.name = paper.Name
	return unwrapOption(err)
}

func paperFlag(fs *flag.FlagSet) *paperValue {
	p := &paperValue{"a4"}
	fs.Var(p, "paper", "`paper` size: a4 or letter")
	return p
}

// pdfaValue is a PDF/A part (render.ParsePDFA): "" for none.
type pdfaValue struct{ v string }

func (p *pdfaValue) String() string { return cmp.Or(p.v, "none") }
func (p *pdfaValue) Set(v string) error {
	pdfa, err := render.ParsePDFA(v)
	p.v = pdfa
	return unwrapOption(err)
}

func pdfaFlag(fs *flag.FlagSet, def, what string) *pdfaValue {
	p := &pdfaValue{def}
	fs.Var(p, "pdfa", "`part` of PDF/A "+what+": 1b, 2u, 3u (the source attached) or none; every PDF is tagged (PDF/UA-1) either way")
	return p
}

// unwrapOption drops render.ErrOption's "invalid option: ", which the flag
// package's "invalid value … for flag -scale: " already says.
func unwrapOption(err error) error {
	if err == nil {
		return nil
	}
	return errors.New(strings.TrimPrefix(err.Error(), render.ErrOption.Error()+": "))
}

// dateValue is a day, YYYY-MM-DD.
type dateValue struct{ t time.Time }

func (d *dateValue) String() string {
	if d.t.IsZero() {
		return ""
	}
	return d.t.Format(time.DateOnly)
}

func (d *dateValue) Set(v string) error {
	t, err := render.ParseDate("date", v)
	if err != nil {
		return errors.New("not a date like 2017-01-04")
	}
	d.t = t
	return nil
}

// intValue is a whole number of at least min.
type intValue struct{ n, min int64 }

func (i *intValue) String() string { return strconv.FormatInt(i.n, 10) }
func (i *intValue) Set(v string) error {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil {
		return errors.New("not a whole number")
	}
	if n < i.min {
		return atLeast(i.min)
	}
	i.n = n
	return nil
}

func intFlag(fs *flag.FlagSet, name string, def, min int64, usage string) *intValue {
	i := &intValue{def, min}
	fs.Var(i, name, usage)
	return i
}

// durationValue is a duration of at least min.
type durationValue struct{ d, min time.Duration }

func (d *durationValue) String() string { return d.d.String() }
func (d *durationValue) Set(v string) error {
	t, err := time.ParseDuration(strings.TrimSpace(v))
	if err != nil {
		return errors.New("not a duration such as 30s or 1m30s")
	}
	if t < d.min {
		return atLeast(int64(d.min))
	}
	d.d = t
	return nil
}

func durationFlag(fs *flag.FlagSet, name string, def, min time.Duration, usage string) *durationValue {
	d := &durationValue{def, min}
	fs.Var(d, name, usage)
	return d
}

func atLeast(min int64) error {
	switch min {
	case 0:
		return errors.New("must not be negative")
	case 1:
		return errors.New("must be positive")
	}
	return fmt.Errorf("must be at least %d", min)
}

// The least durations: positive, or not negative.
const (
	positive    time.Duration = 1
	nonNegative time.Duration = 0
)

// textValue is one line of text for the PDF (publication, rights line):
// what an article's own fields may hold (article.Validate's rules).
type textValue struct{ s, field string }

func (t *textValue) String() string { return t.s }
func (t *textValue) Set(v string) error {
	a := &article.Article{Title: "-"}
	if t.field == "rights" {
		a.Rights = v
	} else {
		a.Byline = v
	}
	if err := a.Validate(); err != nil {
		return fmt.Errorf("not a single line of text: %s", strings.TrimPrefix(err.Error(), article.ErrInvalid.Error()+": "))
	}
	t.s = v
	return nil
}

// langValue is a language tag, as an article's own lang must be.
type langValue struct{ s string }

func (l *langValue) String() string { return l.s }
func (l *langValue) Set(v string) error {
	if err := (&article.Article{Title: "-", Lang: v}).Validate(); err != nil {
		return errors.New(`not a language tag such as "en" or "pt-BR"`)
	}
	l.s = v
	return nil
}

// addrValue is a listening address, host:port (the host may be empty).
type addrValue struct{ s string }

func (a *addrValue) String() string { return a.s }
func (a *addrValue) Set(v string) error {
	if v == "" {
		a.s = v
		return nil
	}
	_, port, err := net.SplitHostPort(v)
	if err != nil {
		return errors.New("not a host:port address such as :8080 or 127.0.0.1:8080")
	}
	if port != "" {
		if _, err := net.LookupPort("tcp", port); err != nil { // a number, or a name such as http
			return fmt.Errorf("port %q is not a number from 0 to 65535", port)
		}
	}
	a.s = v
	return nil
}

// originsValue is a comma-separated list of browser origins, each exactly
// as browsers send it in the Origin header (the server compares them
// byte for byte): https://www.example.org, without a path or a slash.
type originsValue struct{ list []string }

func (o *originsValue) String() string { return strings.Join(o.list, ",") }
func (o *originsValue) Set(v string) error {
	var list []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
			u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" || strings.ToLower(s) != s ||
			(u.Scheme == "https" && u.Port() == "443") || (u.Scheme == "http" && u.Port() == "80") {
			return fmt.Errorf("%q is not an origin as browsers send it, such as https://www.example.org (lower case, no path, no default port)", s)
		}
		list = append(list, s)
	}
	o.list = list
	return nil
}

// checkToken checks a bearer token, after parsing rather than in a Set,
// because the flag package's errors show the value, and a token must not be
// shown. It must be visible ASCII without spaces, since a client sends it
// in an Authorization header (a token read from a file with its newline
// could never be sent).
func checkToken(token string) error {
	for _, r := range token {
		if r <= ' ' || r > '~' {
			return fmt.Errorf("%w: the bearer token (--token, PDFEXPORT_TOKEN) must be visible ASCII characters without spaces; is there a trailing newline?", errUsage)
		}
	}
	return nil
}

// shardValue is a part of a selection, i/n.
type shardValue struct {
	shard export.Shard
	set   bool
}

func (s *shardValue) String() string {
	if !s.set {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.shard.Index, s.shard.Count)
}

func (s *shardValue) Set(v string) (err error) {
	s.shard, err = export.ParseShard(v)
	s.set = err == nil
	return err
}

// fontsDirValue is a folder of fonts for fonts.AddDir, which reads it after
// the flags are parsed (what it holds is checked there); Set checks that it
// is a folder.
type fontsDirValue struct{ dir string }

func (d *fontsDirValue) String() string { return d.dir }
func (d *fontsDirValue) Set(v string) error {
	if strings.TrimSpace(v) == "" {
		return errors.New("empty: give the path of a folder of .ttf files")
	}
	st, err := os.Stat(v)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return errors.New("no such folder")
	case err != nil:
		return fmt.Errorf("cannot read it: %v", errors.Unwrap(err))
	case !st.IsDir():
		return errors.New("a file, not a folder: give the folder that holds the fonts")
	}
	d.dir = v
	return nil
}

// hostsValue is --image-hosts: a comma-separated list of host names or
// addresses, "*.domain" for every host below a domain, each optionally
// with ":port"; no scheme, path or user.
type hostsValue struct{ list []string }

func (h *hostsValue) String() string { return strings.Join(h.list, ",") }
func (h *hostsValue) Set(v string) error {
	var list []string
	for _, e := range strings.Split(v, ",") {
		e = strings.TrimSpace(e)
		if e == "" {
			continue
		}
		bad := fmt.Errorf("%q is not a host such as images.example.org, *.example.org or 192.0.2.7:8443 (no scheme or path)", e)
		if strings.ContainsAny(e, "/@?# ") {
			return bad
		}
		host := e
		if hp, port, err := net.SplitHostPort(e); err == nil {
			if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
				return fmt.Errorf("%q: port %q is not a number from 1 to 65535", e, port)
			}
			host = hp
		}
		name := strings.TrimPrefix(host, "*.")
		if name == "" || strings.ContainsAny(name, ":*[]") && net.ParseIP(strings.Trim(name, "[]")) == nil {
			return bad
		}
		list = append(list, e)
	}
	h.list = list
	return nil
}
