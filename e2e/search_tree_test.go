package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Names typed without diacritics (as on a phone without a Vietnamese
// keyboard) find the members.
func TestMemberSearchAccentInsensitive(t *testing.T) {
	a := startApp(t)
	b := newBrowser(t, a)
	b.login("bantochuc")
	b.clickLink(`//nav[contains(@class,"site-nav")]`, "Đảng viên")
	if h := b.text("h1"); h != "Tìm đảng viên — Đảng bộ thành phố Hà Tĩnh" {
		t.Errorf("member search title = %q", h)
	}
	for _, tc := range []struct{ query, want, cell string }{
		{"nguyen van duc", "Nguyễn Văn Đức", "Chi bộ TDP 4 — Đảng bộ phường Trần Phú"},
		{"tran thi ha", "Trần Thị Hà", "Chi bộ TDP 4 — Đảng bộ phường Trần Phú"},
		{"TRAN THI HA", "Trần Thị Hà", "Chi bộ TDP 4 — Đảng bộ phường Trần Phú"},
		{"Nguyễn Văn Đức", "Nguyễn Văn Đức", "Chi bộ TDP 4 — Đảng bộ phường Trần Phú"},
	} {
		b.fill("#q", tc.query)
		b.clickNav(`form[role="search"] button[type="submit"]`)
		if q := b.location().Query().Get("q"); q != tc.query {
			t.Errorf("the search for %q went to ?q=%q", tc.query, q)
		}
		if got := b.value("#q"); got != tc.query {
			t.Errorf("after searching %q the search box holds %q", tc.query, got)
		}
		found := false
		for _, r := range b.tableRows("table.list") {
			// #, Họ và tên, Năm sinh, Tình trạng, Chức vụ, Chi bộ
			if len(r) == 6 && r[1] == tc.want && r[5] == tc.cell {
				found = true
			}
		}
		if !found {
			t.Errorf("searching %q: no row %q in %q; rows: %q", tc.query, tc.want, tc.cell, b.tableRows("table.list"))
		}
		if tc.query == "nguyen van duc" {
			b.screenshot("results")
		}
	}
	// The result links open the record.
	b.clickLink(`//table[contains(@class,"list")]`, "Nguyễn Văn Đức")
	if h := b.text("h1"); h != "Nguyễn Văn Đức" {
		t.Errorf("member page title = %q", h)
	}
	if got := b.dd("Chi bộ"); got != "Chi bộ TDP 4 — Đảng bộ phường Trần Phú" {
		t.Errorf("Nguyễn Văn Đức: Chi bộ = %q", got)
	}
}

// The expand buttons of the tree load the children in place with htmx: the
// page does not change.
func TestTreeExpandWithHtmx(t *testing.T) {
	a := startApp(t)
	c := a.client(t, "bantochuc")
	city := a.orgByCode(t, c, "HT.TP")
	b := newBrowser(t, a)
	b.login("bantochuc")

	for _, page := range []string{"/tree", fmt.Sprintf("/orgs/%d", city.ID)} {
		b.open(page)
		before := b.location().String()
		b.do("waiting for htmx", chromedp.Poll[chromedp.Void](`typeof window.htmx !== 'undefined'`))
		row := `//div[contains(@class,"tree-row")][a[normalize-space()="Đảng bộ phường Nguyễn Du"]]`
		sub := row + `/following-sibling::div[contains(@class,"subtree")]`
		if n := b.count(".subtree li"); n != 0 {
			t.Errorf("%s: %d rows already expanded before any click", page, n)
		}
		b.do("expanding phường Nguyễn Du",
			chromedp.Click(row+`/a[contains(@class,"tree-toggle")]`, chromedp.NodeVisible),
			chromedp.WaitVisible(sub+`//a[normalize-space()="Chi bộ TDP 1"]`),
		)
		b.screenshot("expanded-" + strings.Trim(strings.ReplaceAll(page, "/", "-"), "-"))
		if after := b.location().String(); after != before {
			t.Errorf("expanding a row navigated from %s to %s", before, after)
		}
		children := b.texts(".subtree .tree-row > a:not(.tree-toggle)")
		for _, want := range []string{"Chi bộ TDP 1", "Chi bộ TDP 2", "Chi bộ Ủy ban nhân dân"} {
			if !contains(children, want) {
				t.Errorf("%s: expanded Nguyễn Du shows %q, want %s among them", page, children, want)
			}
		}
		badges := b.texts(".subtree .badge-members")
		if len(badges) != len(children) {
			t.Errorf("%s: %d children but %d member badges", page, len(children), len(badges))
		}
		for _, s := range badges {
			if !strings.HasSuffix(s, " đảng viên") {
				t.Errorf("%s: member badge %q does not end in “đảng viên”", page, s)
			}
		}
		// Only the clicked row expanded.
		if n := b.count(".subtree:not(:empty)"); n != 1 {
			t.Errorf("%s: %d rows expanded, want 1", page, n)
		}
	}
}
