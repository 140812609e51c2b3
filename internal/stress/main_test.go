package stress

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// bin is the algoreg binary, built once for the whole test binary.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "algoreg-stress-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "algoreg")
	build := exec.Command("go", "build", "-o", bin, "../../cmd/algoreg")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "stress: go build:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// procEnv is this process's environment without any ALGOREG_ setting, plus extra.
func procEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "ALGOREG_") {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}

// algoreg runs one command to completion.
func algoreg(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = procEnv()
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("algoreg %v: %v", args, err)
		}
		code = ee.ExitCode()
	}
	return code, out.String(), errb.String()
}

// syncBuffer collects a process's output while it runs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// server is a running `algoreg serve`.
type server struct {
	cmd    *exec.Cmd
	URL    string
	Stderr *syncBuffer
	done   chan struct{}
}

var listenRE = regexp.MustCompile(`luistert op (https?://\S+)`)

// startServe starts `algoreg serve` on a free port and waits until it listens. It is killed at
// cleanup if it still runs.
func startServe(t *testing.T, dbURL string, args ...string) *server {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--db", dbURL, "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = procEnv()
	s := &server{cmd: cmd, Stderr: &syncBuffer{}, done: make(chan struct{})}
	pr, pw := io.Pipe()
	cmd.Stderr = pw
	cmd.Stdout = s.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			s.Stderr.Write([]byte(line + "\n"))
			if m := listenRE.FindStringSubmatch(line); m != nil {
				select {
				case found <- m[1]:
				default:
				}
			}
		}
		_, _ = io.Copy(s.Stderr, pr)
	}()
	go func() {
		_ = cmd.Wait()
		pw.Close()
		close(s.done)
	}()
	t.Cleanup(func() { s.kill() })
	select {
	case s.URL = <-found:
	case <-s.done:
		t.Fatalf("serve stopped before listening:\n%s", s.Stderr)
	case <-time.After(60 * time.Second):
		t.Fatalf("serve did not listen within 60 s:\n%s", s.Stderr)
	}
	return s
}

// kill ends the server with SIGKILL: no shutdown, no flushing, like a power cut of the process.
func (s *server) kill() {
	select {
	case <-s.done:
		return
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.done
}

// stop ends the server with SIGTERM and waits for the graceful shutdown.
func (s *server) stop(t *testing.T) {
	t.Helper()
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(40 * time.Second):
		t.Errorf("serve did not stop within 40 s after SIGTERM")
		s.kill()
	}
}

const adminEmail = "beheer@stress.test"
const adminPassword = "correct-paard-batterij-nietje"

// admin creates an administrator with a password and returns an API token for it.
func admin(t *testing.T, dbURL string) string {
	t.Helper()
	if code, out, errs := algoreg(t, "", "migrate", "--db", dbURL); code != 0 {
		t.Fatalf("migrate: %s %s", out, errs)
	}
	if code, out, errs := algoreg(t, adminPassword+"\n", "user", "add", "--db", dbURL, "--email", adminEmail, "--name", "Stress Beheer",
		"--role", "admin", "--all-units", "--clearance", "stg-zeer-geheim", "--password-stdin"); code != 0 {
		t.Fatalf("user add: %s %s", out, errs)
	}
	code, out, errs := algoreg(t, "", "token", "create", "--db", dbURL, "--email", adminEmail)
	if code != 0 {
		t.Fatalf("token create: %s %s", out, errs)
	}
	return strings.TrimSpace(out)
}

// client talks to the API as one token.
type client struct {
	http  *http.Client
	token string
}

func newClient(token string) *client {
	return &client{http: &http.Client{Timeout: 15 * time.Second}, token: token}
}

// do sends a JSON request and returns the status, the ETag and the decoded body.
func (c *client) do(method, url string, body any, hdr ...string) (int, string, map[string]any, error) {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		return 0, "", nil, err
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, "", nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, "", nil, err
	}
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	return resp.StatusCode, resp.Header.Get("ETag"), m, nil
}

// login logs in through the login form and returns a client that carries the session cookie.
func login(t *testing.T, base, email, password string) (*http.Client, int) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, Timeout: 15 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.PostForm(base+"/inloggen", url.Values{"email": {email}, "password": {password}, "next": {"/"}})
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return hc, resp.StatusCode
}

// sessionCookie is the session cookie a logged-in client holds.
func sessionCookie(t *testing.T, hc *http.Client, base string) *http.Cookie {
	t.Helper()
	u, _ := url.Parse(base)
	for _, c := range hc.Jar.Cookies(u) {
		if strings.Contains(c.Name, "sessie") || strings.Contains(c.Name, "session") {
			return c
		}
	}
	t.Fatalf("no session cookie in %v", hc.Jar.Cookies(u))
	return nil
}

// get fetches a page or an API path with a client and returns status, headers and body.
func get(t *testing.T, hc *http.Client, url string, hdr ...string) (int, http.Header, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, nil, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

// leaks reports text that must never reach a user: stack traces and driver internals.
func leaks(body string) string {
	for _, s := range []string{"goroutine ", "panic", "runtime.", ".go:", "pgx", "pgconn", "dial tcp", "sqlite", "SQLSTATE"} {
		if strings.Contains(body, s) {
			return s
		}
	}
	return ""
}
