// Package wpfixture runs the fixture WordPress of testdata/wordpress for
// tests: a real WordPress (Debian's package, MariaDB, PHP's built-in web
// server) at 127.0.0.1:8765, set up once by testdata/wordpress/setup. A test
// starts its web server, may stop and restart it (the CMS going down and
// coming back), and edits posts through the REST API with the editor's
// application password, each edit undone when the test ends.
//
// Tests that need it skip on a machine where the set-up has not run, and
// fail under CI (CI=true), where .ci/run runs it. One package only may use
// it (cmd/pdfexport): the server's address is fixed (the posts' picture
// URLs name it), and go test runs packages in parallel.
package wpfixture

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The fixture's address, user, and the file of the user's application
// password (see testdata/wordpress/README.md).
const (
	Addr         = "127.0.0.1:8765"
	URL          = "http://" + Addr
	User         = "editor"
	PasswordFile = "/var/lib/pdfexport-wordpress/app-password"
	config       = "/etc/wordpress/config-127.0.0.1.php"
)

// Site is the fixture WordPress's web server, run by a test.
type Site struct {
	t     testing.TB
	serve string // testdata/wordpress/serve
	mu    sync.Mutex
	cmd   *exec.Cmd
	log   bytes.Buffer
}

// Start starts the web server and stops it when the test ends. It skips
// the test (fails it under CI) when the set-up has not run.
func Start(t testing.TB) *Site {
	t.Helper()
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	for _, need := range []string{config, PasswordFile} {
		if _, err := os.Stat(need); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("the fixture WordPress is required under CI but not set up (%v); .ci/run runs testdata/wordpress/setup", err)
			}
			t.Skipf("the fixture WordPress is not set up (%v); run testdata/wordpress/setup (as root) to run this test", err)
		}
	}
	if _, err := exec.LookPath("php"); err != nil {
		t.Fatalf("php: %v (testdata/wordpress/setup installs it)", err)
	}
	if c, err := net.DialTimeout("tcp", Addr, time.Second); err == nil {
		c.Close()
		t.Fatalf("something already listens on %s: stop the fixture WordPress started by hand (testdata/wordpress/serve) before the tests", Addr)
	}
	s := &Site{t: t, serve: filepath.Join(root, "testdata", "wordpress", "serve")}
	s.Up()
	t.Cleanup(s.Down)
	return s
}

// Up starts the web server and waits until WordPress answers.
func (s *Site) Up() {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd != nil {
		return
	}
	cmd := exec.Command(s.serve)
	cmd.Stdout, cmd.Stderr = &s.log, &s.log
	// Its own process group, so that Down stops whatever PHP started.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("starting %s: %v", s.serve, err)
	}
	s.cmd = cmd
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(URL + "/wp-json/")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
			err = fmt.Errorf("status %s", resp.Status)
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("the fixture WordPress did not answer within 30 s: %v\n%s", err, s.log.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Down stops the web server (the CMS is down) and waits until its port is
// closed.
func (s *Site) Down() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return
	}
	_ = syscall.Kill(-s.cmd.Process.Pid, syscall.SIGKILL)
	_ = s.cmd.Wait()
	s.cmd = nil
	for range 200 {
		c, err := net.DialTimeout("tcp", Addr, 100*time.Millisecond)
		if err != nil {
			return
		}
		c.Close()
		time.Sleep(25 * time.Millisecond)
	}
	s.t.Errorf("%s still accepts connections after the server was stopped", Addr)
}

// Password is the editor's application password.
func (s *Site) Password() string {
	s.t.Helper()
	data, err := os.ReadFile(PasswordFile)
	if err != nil {
		s.t.Fatal(err)
	}
	return strings.TrimSpace(string(data))
}

// API sends a request to the REST API as the editor and decodes the JSON
// answer into out (when not nil).
func (s *Site) API(method, path string, body any, out any) {
	s.t.Helper()
	var r io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			s.t.Fatal(err)
		}
		r = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, URL+"/wp-json/wp/v2/"+path, r)
	if err != nil {
		s.t.Fatal(err)
	}
	req.SetBasicAuth(User, s.Password())
	req.Header.Set("Content-Type", "application/json")
	resp, err := (&http.Client{Timeout: 30 * time.Second}).Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		s.t.Fatalf("%s %s: %s\n%s", method, path, resp.Status, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			s.t.Fatalf("%s %s: %v", method, path, err)
		}
	}
}

// PostID is the number of the post with this slug, in any state.
func (s *Site) PostID(slug string) int64 {
	s.t.Helper()
	var posts []struct {
		ID int64 `json:"id"`
	}
	s.API(http.MethodGet, "posts?status=publish,draft,future,pending,private&_fields=id&slug="+slug, nil, &posts)
	if len(posts) != 1 {
		s.t.Fatalf("%d posts have the slug %s", len(posts), slug)
	}
	return posts[0].ID
}

// Edit changes a post's raw fields (title, content, excerpt, …) through the
// REST API, as an editor saving it does, and puts them back when the test
// ends.
func (s *Site) Edit(id int64, fields map[string]string) {
	s.t.Helper()
	var old struct {
		Title   struct{ Raw string } `json:"title"`
		Content struct{ Raw string } `json:"content"`
		Excerpt struct{ Raw string } `json:"excerpt"`
	}
	path := fmt.Sprintf("posts/%d", id)
	s.API(http.MethodGet, path+"?context=edit", nil, &old)
	s.t.Cleanup(func() {
		restore := map[string]string{"title": old.Title.Raw, "content": old.Content.Raw, "excerpt": old.Excerpt.Raw}
		s.mu.Lock()
		up := s.cmd != nil
		s.mu.Unlock()
		if !up {
			s.Up()
			defer s.Down()
		}
		s.API(http.MethodPost, path, restore, nil)
	})
	s.API(http.MethodPost, path, fields, nil)
}

// repoRoot is the folder of go.mod above the working directory.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("wpfixture: no go.mod above the working directory")
		}
		dir = parent
	}
}
