package web_test

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"bontot"
	"bontot/demo"
	"bontot/store"
	"bontot/web"
)

// fixture is a running server over a fresh SQLite copy of the demo data,
// plus an organization tree outside Hà Tĩnh that nobody but its own users sees.
type fixture struct {
	srv         *httptest.Server
	st          *store.Store
	other       *bontot.Org // a cell outside every demo account's subtree
	otherMember *bontot.Member
}

var (
	demoOnce sync.Once
	demoDB   string
	demoErr  error
)

// MustFixture starts a server on its own copy of the demo database.
func MustFixture(tb testing.TB) *fixture {
	tb.Helper()
	return MustFixtureWith(tb, nil)
}

// MustFixtureWith is MustFixture with configure's changes to the server's
// configuration (configure may be nil).
func MustFixtureWith(tb testing.TB, configure func(*web.Config)) *fixture {
	tb.Helper()
	ctx := context.Background()
	demoOnce.Do(func() {
		dir, err := makeTempDir()
		if err != nil {
			demoErr = err
			return
		}
		demoDB = filepath.Join(dir, "demo.db")
		st, err := store.Open(ctx, demoDB)
		if err == nil {
			err = st.Migrate(ctx)
		}
		if err == nil {
			_, err = demo.Install(ctx, st)
		}
		if err == nil {
			err = addOutsideTree(ctx, st)
		}
		if st != nil {
			st.Close()
		}
		demoErr = err
	})
	if demoErr != nil {
		tb.Fatal(demoErr)
	}
	// Each test works on its own copy of the demo database, which nothing
	// has open: a copy of its file (and of its write-ahead log, should one
	// be left) is consistent, and much faster than a backup now that the
	// demo holds a year of meetings (the backup path is tested in cmd).
	copyPath := filepath.Join(tb.TempDir(), "test.db")
	for _, suffix := range []string{"", "-wal"} {
		data, err := os.ReadFile(demoDB + suffix)
		if suffix != "" && errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err == nil {
			err = os.WriteFile(copyPath+suffix, data, 0o600)
		}
		if err != nil {
			tb.Fatal(err)
		}
	}
	st, err := store.Open(ctx, copyPath)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	cfg := web.Config{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if configure != nil {
		configure(&cfg)
	}
	h, err := web.New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	h.SetReady()
	f := &fixture{srv: httptest.NewServer(h), st: st}
	tb.Cleanup(f.srv.Close)
	if f.other, err = st.OrgByCode(ctx, "XX.C1"); err != nil {
		tb.Fatal(err)
	}
	page, err := st.Members(ctx, bontot.MemberFilter{OrgID: f.other.ID})
	if err != nil || len(page.Members) != 1 {
		tb.Fatalf("outside member: %v", err)
	}
	f.otherMember = page.Members[0]
	return f
}

func addOutsideTree(ctx context.Context, st *store.Store) error {
	root := &bontot.Org{Code: "XX", Name: "Đảng bộ tỉnh Khác", Kind: bontot.KindSuperior, ValidFrom: bontot.MustDate("01/01/2010")}
	if err := st.CreateOrg(ctx, store.System, root); err != nil {
		return err
	}
	cell := &bontot.Org{Code: "XX.C1", Name: "Chi bộ Ngoài Phạm Vi", Kind: bontot.KindBaseCell, ParentID: root.ID, ValidFrom: bontot.MustDate("01/01/2010")}
	if err := st.CreateOrg(ctx, store.System, cell); err != nil {
		return err
	}
	return st.CreateMember(ctx, store.System, &bontot.Member{FullName: "Đinh Văn Xa", Gender: bontot.Male, BirthDate: bontot.MustDate("01/01/1960"),
		AdmittedDate: bontot.MustDate("01/01/1990"), FullMemberDate: bontot.MustDate("01/01/1991"), Status: bontot.StatusFull, Position: bontot.PosMember, OrgID: cell.ID}, bontot.Date{})
}

// client is a browser-like HTTP client: a cookie jar, no redirects followed,
// and same-origin headers so that CSRF protection lets its forms through.
type client struct {
	t    testing.TB
	base string
	hc   *http.Client
}

func (f *fixture) client(tb testing.TB) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: tb, base: f.srv.URL, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// MustLogin logs a demo account in.
func (f *fixture) MustLogin(tb testing.TB, username string) *client {
	tb.Helper()
	c := f.client(tb)
	res, _ := c.do("POST", "/login", url.Values{"username": {username}, "password": {demo.Password}}.Encode(), "application/x-www-form-urlencoded")
	if res.StatusCode != http.StatusSeeOther {
		tb.Fatalf("login %s: status %d", username, res.StatusCode)
	}
	return c
}

func (c *client) do(method, path, body, contentType string) (*http.Response, string) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if method != "GET" {
		req.Header.Set("Origin", c.base)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	res, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func (c *client) get(path string) (*http.Response, string) { return c.do("GET", path, "", "") }

func (c *client) post(path string, v url.Values) (*http.Response, string) {
	return c.do("POST", path, v.Encode(), "application/x-www-form-urlencoded")
}
