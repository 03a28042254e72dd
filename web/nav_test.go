package web_test

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"testing"
)

var (
	navBlock   = regexp.MustCompile(`(?s)<nav class="site-nav".*?</nav>`)
	navLink    = regexp.MustCompile(`<a href="([^"]+)"[^>]*>([^<]+)</a>`)
	navSection = regexp.MustCompile(`<span class="nav-section">([^<]*)</span>`)
)

// sectionOf is the section a page names in its phone header ("" for none).
func sectionOf(t *testing.T, c *client, path string) string {
	t.Helper()
	res, body := c.get(path)
	for i := 0; i < 3 && (res.StatusCode == http.StatusSeeOther || res.StatusCode == http.StatusFound); i++ {
		path = res.Header.Get("Location")
		res, body = c.get(path)
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", path, res.StatusCode)
	}
	m := navSection.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("GET %s: no nav-section in the header", path)
	}
	return html.UnescapeString(m[1])
}

// Every link of the navigation leads to a page whose phone header names the
// section with the link's own words, for every role; the pages under a
// section name it too.
func TestPhoneHeaderNamesTheSection(t *testing.T) {
	f := MustFixture(t)
	for _, user := range []string{"quantri", "bantochuc", "thuongvu", "danguy.tranphu", "bithu.tdp4", "phutrach", "dangvien"} {
		t.Run(user, func(t *testing.T) {
			c := f.MustLogin(t, user)
			_, home := c.get("/")
			nav := navBlock.FindString(home)
			links := navLink.FindAllStringSubmatch(nav, -1)
			if len(links) == 0 {
				t.Fatalf("no navigation links on the home page")
			}
			for _, l := range links {
				href, name := html.UnescapeString(l[1]), html.UnescapeString(l[2])
				if got := sectionOf(t, c, href); got != name {
					t.Errorf("%s names the section %q, want %q (its link's text)", href, got, name)
				}
			}
		})
	}

	ctx := context.Background()
	cell, _ := f.st.OrgByCode(ctx, "HT.TP.TRP.TDP4")
	c := f.MustLogin(t, "bantochuc")
	for _, tc := range []struct{ path, want string }{
		{"/orgs/" + strconv.FormatInt(cell.ID, 10), "Cây tổ chức"},
		{"/members/new?org=" + strconv.FormatInt(cell.ID, 10), "Đảng viên"},
		{"/meetings?org=" + strconv.FormatInt(cell.ID, 10), "Sinh hoạt chi bộ"},
		{"/scales", "Phong trào"},
		{"/sponsors/recommendations", "Kiến nghị"},
		{"/account/password", ""},
	} {
		if got := sectionOf(t, c, tc.path); got != tc.want {
			t.Errorf("%s names the section %q, want %q", tc.path, got, tc.want)
		}
	}
}

// The navigation marks the link of the section the page is in: as the
// current page on the section's own page, as the current place on a page
// inside it, and no other link.
func TestNavigationMarksTheSection(t *testing.T) {
	f := MustFixture(t)
	cell, _ := f.st.OrgByCode(context.Background(), "HT.TP.TRP.TDP4")
	c := f.MustLogin(t, "bantochuc")
	marked := regexp.MustCompile(`<a href="([^"]+)" aria-current="([^"]+)">`)
	for _, tc := range []struct{ path, link, current string }{
		{"/tree", "/tree", "page"},
		{"/orgs/" + strconv.FormatInt(cell.ID, 10), "/tree", "true"},
		{"/meetings?org=" + strconv.FormatInt(cell.ID, 10), "/meetings", "page"},
		{"/scales", "/campaigns", "true"},
	} {
		_, body := c.get(tc.path)
		got := marked.FindAllStringSubmatch(navBlock.FindString(body), -1)
		if len(got) != 1 || got[0][1] != tc.link || got[0][2] != tc.current {
			t.Errorf("%s marks %v, want only %s as %q", tc.path, got, tc.link, tc.current)
		}
	}
}
