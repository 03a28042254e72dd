// Package e2e drives the real bontot binary with a real browser (Chromium,
// through chromedp) the way a user would: by visible text, links, buttons
// and form fields, on a phone-sized window.
//
// Each test starts its own server on a fresh database (with the demo data of
// old Hà Tĩnh city) and its own browser, so tests do not depend on each other.
//
// Environment:
//
//	BONTOT_CI_STRICT=1     fail, instead of skipping, when no browser is installed
//	BONTOT_E2E_SHOTS=DIR   save screenshots of the pages the tests visit (and of
//	                       failures) into DIR
//	BONTOT_E2E_TRACE=1     log how long each browser step takes
//	BONTOT_E2E_CHROME=PATH the browser to use (default: chromium, chromium-browser,
//	                       google-chrome, google-chrome-stable on PATH)
package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

const (
	demoPassword = "demo1234"
	// phone is the window the tests use unless they ask for another.
	phoneWidth, phoneHeight = 390, 844
	// testTimeout bounds everything one test does in its browser.
	testTimeout = 60 * time.Second
)

var (
	binPath    string // the bontot binary built by TestMain
	chromePath string // the browser, "" when none was found
	skipReason string // why browser tests are skipped
)

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	chromePath = findChrome()
	if chromePath == "" {
		msg := "e2e: no Chromium or Chrome found (looked for $BONTOT_E2E_CHROME, chromium, chromium-browser, google-chrome, google-chrome-stable); install one, e.g. apt-get install chromium"
		if os.Getenv("BONTOT_CI_STRICT") == "1" {
			fmt.Fprintln(os.Stderr, msg+" (BONTOT_CI_STRICT=1: failing)")
			return 1
		}
		fmt.Fprintln(os.Stderr, msg+"; skipping the browser tests")
		skipReason = msg
		return m.Run() // every test skips with the message, visibly
	}

	dir, err := os.MkdirTemp("", "bontot-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	binPath = filepath.Join(dir, "bontot")
	if runtime.GOOS == "windows" {
		binPath += ".exe"
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	build := exec.Command(goBin, "build", "-o", binPath, "bontot/cmd/bontot")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: building bontot: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

func findChrome() string {
	if p := os.Getenv("BONTOT_E2E_CHROME"); p != "" {
		if p, err := exec.LookPath(p); err == nil {
			return p
		}
		return ""
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

func requireBrowser(t *testing.T) {
	t.Helper()
	if skipReason != "" {
		t.Skip(skipReason)
	}
}

// ---------------------------------------------------------------------------
// The server.

// app is one running bontot server with its own database.
type app struct {
	URL  string
	Data string // the server's data folder (its SQLite database)

	cmd      *exec.Cmd
	stdout   *syncBuffer
	stderr   *syncBuffer
	done     chan struct{} // closed when the process has exited
	exitErr  error
	stopOnce sync.Once
	exitCode int
}

// syncBuffer is a bytes.Buffer safe for one writer and concurrent readers.
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

var urlLine = regexp.MustCompile(`Bốn Tốt đang chạy tại (http://\S+)`)

// startApp runs `bontot serve` on a random port with a fresh data folder,
// waits until /healthz answers 200, and stops the server when the test ends.
func startApp(t *testing.T) *app {
	t.Helper()
	requireBrowser(t)
	a := &app{stdout: &syncBuffer{}, stderr: &syncBuffer{}, done: make(chan struct{}), exitCode: -1}
	a.Data = t.TempDir()
	a.cmd = exec.Command(binPath, "serve", "-addr", "127.0.0.1:0", "-data", a.Data)
	a.cmd.Env = append(os.Environ(), "BONTOT_DB=", "BONTOT_DEMO=true")
	a.cmd.Stderr = a.stderr
	pr, err := a.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := a.cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", binPath, err)
	}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			line := sc.Text()
			a.stdout.Write([]byte(line + "\n"))
			if m := urlLine.FindStringSubmatch(line); m != nil {
				select {
				case urls <- m[1]:
				default:
				}
			}
		}
		io.Copy(io.Discard, pr)
		a.exitErr = a.cmd.Wait()
		if a.cmd.ProcessState != nil {
			a.exitCode = a.cmd.ProcessState.ExitCode()
		}
		close(a.done)
	}()
	t.Cleanup(func() {
		code := a.stop(t)
		if code != 0 {
			t.Errorf("bontot serve exited with code %d on SIGTERM (%v), want 0", code, a.exitErr)
		}
		if t.Failed() {
			t.Logf("bontot stdout:\n%s", a.stdout.String())
			t.Logf("bontot stderr (last 4000 bytes):\n%s", tail(a.stderr.String(), 4000))
		}
	})

	select {
	case a.URL = <-urls:
	case <-a.done:
		t.Fatalf("bontot serve exited before it printed its address (%v)\nstdout:\n%s\nstderr:\n%s", a.exitErr, a.stdout.String(), a.stderr.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("bontot serve printed no address within 30s\nstdout:\n%s\nstderr:\n%s", a.stdout.String(), a.stderr.String())
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(a.URL + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s/healthz is not 200 after 30s (last: %v)", a.URL, errOrStatus(resp, err))
		}
		time.Sleep(50 * time.Millisecond)
	}
	return a
}

func errOrStatus(resp *http.Response, err error) any {
	if err != nil {
		return err
	}
	return resp.Status
}

// stop sends SIGTERM, waits for the process and returns its exit code. It
// kills the process if it has not stopped within 15 seconds.
func (a *app) stop(t *testing.T) int {
	a.stopOnce.Do(func() {
		select {
		case <-a.done:
			return
		default:
		}
		if err := a.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
			t.Errorf("SIGTERM: %v", err)
		}
		select {
		case <-a.done:
		case <-time.After(15 * time.Second):
			t.Errorf("bontot serve did not stop within 15s of SIGTERM; killing it")
			a.cmd.Process.Kill()
			<-a.done
		}
	})
	<-a.done
	return a.exitCode
}

// client is an HTTP client logged in as user, for looking things up through
// the JSON API before the browser part of a test.
func (a *app) client(t *testing.T, user string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	resp, err := c.PostForm(a.URL+"/login", url.Values{"username": {user}, "password": {demoPassword}})
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/" {
		t.Fatalf("API login as %s: %s, ended at %s", user, resp.Status, resp.Request.URL)
	}
	return c
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}

// ---------------------------------------------------------------------------
// The browser.

// browser is one Chromium with one tab, bound to one test and one app.
type browser struct {
	t    *testing.T
	app  *app
	ctx  context.Context // the tab, with the test's timeout
	base context.Context // the tab, without the timeout (for artifacts)
	log  *syncBuffer     // the browser's own output
}

// newBrowser starts a headless Chromium with a phone-sized window for the
// test and closes it when the test ends. On failure it saves a screenshot
// and the HTML of the page.
func newBrowser(t *testing.T, a *app) *browser {
	t.Helper()
	return newBrowserSize(t, a, phoneWidth, phoneHeight)
}

func newBrowserSize(t *testing.T, a *app, width, height int) *browser {
	t.Helper()
	requireBrowser(t)
	b := &browser{t: t, app: a, log: &syncBuffer{}}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromePath),
		chromedp.Headless,
		chromedp.NoSandbox, // the tests may run as root (containers, CI)
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("lang", "vi-VN"),
		chromedp.WindowSize(width, height),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.CombinedOutput(b.log),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	tabCtx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
	})
	// The first Do starts the browser; its context must have no timeout.
	if err := chromedp.Do(tabCtx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatalf("starting %s: %v\n%s", chromePath, err, tail(b.log.String(), 4000))
	}
	b.base = tabCtx
	ctx, cancel := context.WithTimeout(tabCtx, testTimeout)
	t.Cleanup(cancel)
	b.ctx = ctx
	// Registered last, so it runs first: while the browser still lives.
	t.Cleanup(func() {
		if t.Failed() {
			b.saveArtifacts()
		}
	})
	return b
}

// saveArtifacts stores a screenshot and the HTML of the current page into
// $BONTOT_E2E_SHOTS or a temporary folder, and logs where.
func (b *browser) saveArtifacts() {
	dir := os.Getenv("BONTOT_E2E_SHOTS")
	if dir == "" {
		// Not t.TempDir: it is deleted when the test ends, and the point
		// is to look at the failure afterwards.
		d, err := os.MkdirTemp("", "bontot-e2e-artifacts-")
		if err != nil {
			b.t.Logf("artifacts: %v", err)
			return
		}
		dir = d
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Logf("artifacts: %v", err)
		return
	}
	ctx, cancel := context.WithTimeout(b.base, 10*time.Second)
	defer cancel()
	name := "FAIL-" + safeName(b.t.Name())
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
		os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	} else {
		b.t.Logf("artifacts: screenshot: %v", err)
	}
	if html, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`)); err == nil {
		os.WriteFile(filepath.Join(dir, name+".html"), []byte("<!-- "+loc+" -->\n"+html), 0o644)
	}
	b.t.Logf("failure artifacts (page %s): %s", loc, filepath.Join(dir, name+".{png,html}"))
	if l := b.log.String(); l != "" {
		b.t.Logf("browser output (last 2000 bytes):\n%s", tail(l, 2000))
	}
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

func safeName(s string) string { return unsafeChars.ReplaceAllString(s, "_") }

// screenshot saves a full-page PNG named after the test and name into
// $BONTOT_E2E_SHOTS, when it is set.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	dir := os.Getenv("BONTOT_E2E_SHOTS")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(dir, safeName(b.t.Name()+"-"+name)+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// trace logs how long a step took, when BONTOT_E2E_TRACE=1.
func (b *browser) trace(start time.Time, what string) {
	if os.Getenv("BONTOT_E2E_TRACE") == "1" {
		b.t.Logf("%6dms %s", time.Since(start).Milliseconds(), what)
	}
}

// do runs actions and fails the test on error.
func (b *browser) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	defer b.trace(time.Now(), what)
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// open navigates to a path of the app (or a full URL) and waits for the load.
// It returns the HTTP status of the page.
func (b *browser) open(path string) int64 {
	b.t.Helper()
	defer b.trace(time.Now(), "open "+path)
	u := path
	if strings.HasPrefix(path, "/") {
		u = b.app.URL + path
	}
	resp, err := chromedp.Run(b.ctx, chromedp.NavigateResponse(u))
	if err != nil {
		b.t.Fatalf("opening %s: %v", u, err)
	}
	return statusOf(resp)
}

func statusOf(resp *network.Response) int64 {
	if resp == nil {
		return 0
	}
	return resp.Status
}

// follow runs actions that cause a navigation (a click on a link, a submit
// button) and waits until the new page has loaded. It returns the HTTP status
// of the new page (after redirects).
func (b *browser) follow(what string, actions ...chromedp.Action[chromedp.Void]) int64 {
	b.t.Helper()
	defer b.trace(time.Now(), what)
	resp, err := chromedp.RunResponse(b.ctx, actions...)
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	return statusOf(resp)
}

// clickNav clicks an element that navigates, and waits for the new page.
// A link or button of the header that the closed phone menu hides is
// reached the way a user reaches it: by opening "☰ Chức năng" first.
func (b *browser) clickNav(sel string) int64 {
	b.t.Helper()
	b.openMenuFor(sel)
	return b.follow("clicking "+sel, b.clickAction(sel))
}

// menuToggle is the summary of the phone menu ("☰ Chức năng").
const menuToggle = `.site-header details.nav-toggle > summary`

// openMenuFor clicks the phone menu's toggle when the first element matching
// sel (a CSS selector or an XPath expression) is in the header but not
// shown because the menu is closed. Elsewhere, or on a wide window, it does
// nothing.
func (b *browser) openMenuFor(sel string) {
	b.t.Helper()
	find := `document.querySelector(` + jsq(sel) + `)`
	if isXPath(sel) {
		find = `document.evaluate(` + jsq(sel) + `, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue`
	}
	closed, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`(() => {
		const e = `+find+`, d = document.querySelector(`+jsq(`.site-header details.nav-toggle`)+`);
		return !!e && !!d && !d.open && !!e.closest('.site-header') && e.getClientRects().length === 0;
	})()`))
	if err != nil {
		b.t.Fatalf("looking for %s: %v", sel, err)
	}
	if closed {
		b.do("opening the menu ☰ Chức năng", chromedp.Click(chromedp.CSS(menuToggle), chromedp.NodeVisible))
	}
}

// clickAction clicks the first visible element matching a CSS selector or an
// XPath expression.
func (b *browser) clickAction(sel string) chromedp.Action[chromedp.Void] {
	if isXPath(sel) {
		return chromedp.Click(sel, chromedp.NodeVisible)
	}
	return chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)
}

// clickLink clicks the visible link whose text is exactly text (spaces
// normalized), inside the element matched by the XPath scope ("" = page).
func (b *browser) clickLink(scope, text string) int64 {
	b.t.Helper()
	return b.clickNav(scope + "//a[normalize-space()=" + xq(text) + "]")
}

// fill replaces the value of a text field by typing, like a user would.
func (b *browser) fill(sel, value string) {
	b.t.Helper()
	b.do("typing into "+sel,
		chromedp.WaitVisible(chromedp.CSS(sel)),
		// (chromedp.SetValue cannot set "": it reports "could not set value".)
		chromedp.Evaluate[chromedp.Void](`document.querySelector(`+jsq(sel)+`).value = ''`),
		chromedp.Focus(chromedp.CSS(sel)),
		chromedp.SendKeys(chromedp.CSS(sel), value),
	)
}

// value reads the current value of a form field.
func (b *browser) value(sel string) string {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("value of %s: %v", sel, err)
	}
	return v
}

// isXPath tells an XPath expression from a CSS selector.
func isXPath(sel string) bool { return strings.HasPrefix(sel, "/") || strings.HasPrefix(sel, "(") }

// text returns the visible text of the first element matching the CSS
// selector or XPath expression.
func (b *browser) text(sel string) string {
	b.t.Helper()
	var s string
	var err error
	if isXPath(sel) {
		s, err = chromedp.Run(b.ctx, chromedp.Text(sel, chromedp.NodeReady))
	} else {
		s, err = chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel), chromedp.NodeReady))
	}
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// bodyText is the visible text of the whole page.
func (b *browser) bodyText() string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.body.innerText`))
	if err != nil {
		b.t.Fatalf("page text: %v", err)
	}
	return s
}

// count returns how many elements match a CSS selector right now.
func (b *browser) count(sel string) int {
	b.t.Helper()
	n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+jsq(sel)+`).length`))
	if err != nil {
		b.t.Fatalf("counting %s: %v", sel, err)
	}
	return n
}

// texts returns the visible texts of every element matching a CSS selector.
func (b *browser) texts(sel string) []string {
	b.t.Helper()
	out, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll(`+jsq(sel)+`), e => e.innerText.trim())`))
	if err != nil {
		b.t.Fatalf("texts of %s: %v", sel, err)
	}
	return out
}

// location is the URL of the page.
func (b *browser) location() *url.URL {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		b.t.Fatalf("location: %v", err)
	}
	u, err := url.Parse(s)
	if err != nil {
		b.t.Fatal(err)
	}
	return u
}

// wantText fails unless the visible page text contains every one of want.
func (b *browser) wantText(want ...string) {
	b.t.Helper()
	body := b.bodyText()
	for _, w := range want {
		if !strings.Contains(body, w) {
			b.t.Errorf("page %s does not show %q; it shows:\n%s", b.location().RequestURI(), w, tail(body, 1500))
		}
	}
}

// wantNoText fails if the visible page text contains any of unwanted.
func (b *browser) wantNoText(unwanted ...string) {
	b.t.Helper()
	body := b.bodyText()
	for _, w := range unwanted {
		if strings.Contains(body, w) {
			b.t.Errorf("page %s shows %q, which it must not", b.location().RequestURI(), w)
		}
	}
}

// login signs in through the login form and waits for the home page.
func (b *browser) login(user string) {
	b.t.Helper()
	b.open("/login")
	b.fill("#username", user)
	b.fill("#password", demoPassword)
	status := b.clickNav(`//form[@action="/login"]//button[@type="submit"]`)
	if status != http.StatusOK || b.location().Path != "/" {
		b.t.Fatalf("login as %s: status %d at %s:\n%s", user, status, b.location(), tail(b.bodyText(), 800))
	}
}

// newTab opens a second tab in the same browser (same cookies) and returns a
// browser value that drives it; the tab closes when the test ends.
func (b *browser) newTab() *browser {
	b.t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx)
	b.t.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(phoneWidth, phoneHeight)); err != nil {
		b.t.Fatalf("opening a tab: %v", err)
	}
	return &browser{t: b.t, app: b.app, ctx: ctx, base: ctx, log: b.log}
}

// xq quotes s as an XPath 1.0 string literal.
func xq(s string) string {
	if !strings.Contains(s, `"`) {
		return `"` + s + `"`
	}
	if !strings.Contains(s, `'`) {
		return `'` + s + `'`
	}
	parts := strings.Split(s, `"`)
	return `concat("` + strings.Join(parts, `", '"', "`) + `")`
}

// jsq quotes s as a JavaScript string literal.
func jsq(s string) string {
	var sb strings.Builder
	sb.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			sb.WriteByte('\\')
			sb.WriteRune(r)
		case '\n':
			sb.WriteString(`\n`)
		default:
			sb.WriteRune(r)
		}
	}
	sb.WriteByte('"')
	return sb.String()
}

// ---------------------------------------------------------------------------
// Looking things up through the JSON API (as a logged-in http.Client).

type apiOrg struct {
	ID          int64  `json:"id"`
	Code        string `json:"code"`
	Name        string `json:"name"`
	Kind        string `json:"kind"`
	ParentID    int64  `json:"parent_id"`
	MemberCount int    `json:"member_count"`
}

type apiMember struct {
	ID       int64  `json:"id"`
	FullName string `json:"full_name"`
	OrgID    int64  `json:"org_id"`
	OrgName  string `json:"org_name"`
}

func getJSON(t *testing.T, c *http.Client, u string, v any) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s\n%s", u, resp.Status, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v\n%s", u, err, body)
	}
}

// orgByCode finds an organization by its code through GET /api/v1/orgs?q=.
func (a *app) orgByCode(t *testing.T, c *http.Client, code string) apiOrg {
	t.Helper()
	var res struct{ Orgs []apiOrg }
	getJSON(t, c, a.URL+"/api/v1/orgs?"+url.Values{"q": {code}, "limit": {"1000"}}.Encode(), &res)
	for _, o := range res.Orgs {
		if o.Code == code {
			return o
		}
	}
	t.Fatalf("no organization with code %s in %d results", code, len(res.Orgs))
	return apiOrg{}
}

// members lists the members of an organization (a cell or a subtree) through
// GET /api/v1/members?org=…&q=….
func (a *app) members(t *testing.T, c *http.Client, orgID int64, q string) []apiMember {
	t.Helper()
	var res struct{ Members []apiMember }
	v := url.Values{"org": {fmt.Sprint(orgID)}, "limit": {"500"}}
	if q != "" {
		v.Set("q", q)
	}
	getJSON(t, c, a.URL+"/api/v1/members?"+v.Encode(), &res)
	return res.Members
}
