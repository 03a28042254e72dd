package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// A cell secretary sees their own cell and its members, and nothing else:
// other organizations and members answer "not found", whether reached by a
// link, by typing the URL or by searching.
func TestSecretarySeesOnlyOwnCell(t *testing.T) {
	a := startApp(t)
	// Look up ids outside the secretary's cell as the Organization Board.
	c := a.client(t, "bantochuc")
	own := a.orgByCode(t, c, "HT.TP.TRP.TDP4")
	otherCell := a.orgByCode(t, c, "HT.TP.TRP.TDP1") // same ward, another cell
	ward := a.orgByCode(t, c, "HT.TP.TRP")
	otherWard := a.orgByCode(t, c, "HT.TP.NDU")
	var outsider apiMember // a member of the other cell with a name nobody in TDP 4 has
	for _, m := range a.members(t, c, otherCell.ID, "") {
		if len(a.members(t, c, own.ID, m.FullName)) == 0 {
			outsider = m
			break
		}
	}
	if outsider.ID == 0 {
		t.Fatal("found no member of Chi bộ TDP 1 whose name is not also in Chi bộ TDP 4")
	}

	b := newBrowser(t, a)
	b.login("bithu.tdp4")
	b.screenshot("home")
	if h := b.text("h1"); h != "Xin chào, Lê Văn Hùng" {
		t.Errorf("home title = %q", h)
	}
	b.wantText("Chi bộ TDP 4", "Bí thư chi bộ")
	b.wantNoText("Đảng bộ phường Trần Phú", "Đảng bộ thành phố Hà Tĩnh", otherCell.Name+"\n")

	// The member list of the cell, from the home page.
	b.clickLink("", "Danh sách đảng viên")
	if h := b.text("h1"); h != "Đảng viên Chi bộ TDP 4" {
		t.Errorf("member list title = %q, want %q", h, "Đảng viên Chi bộ TDP 4")
	}
	names := b.texts("table.list tbody td:nth-child(2) a")
	if !contains(names, "Nguyễn Văn Đức") || !contains(names, "Trần Thị Hà") {
		t.Errorf("member list of Chi bộ TDP 4 lacks Nguyễn Văn Đức or Trần Thị Hà: %q", names)
	}
	if contains(names, outsider.FullName) {
		t.Errorf("member list of Chi bộ TDP 4 shows %s of %s", outsider.FullName, otherCell.Name)
	}

	// Typing the address of something outside the cell: not found, and
	// nothing of it shows.
	for _, tc := range []struct {
		path   string
		secret string
	}{
		{fmt.Sprintf("/orgs/%d", otherCell.ID), otherCell.Name},
		{fmt.Sprintf("/orgs/%d", ward.ID), ward.Name},
		{fmt.Sprintf("/orgs/%d", otherWard.ID), otherWard.Name},
		{fmt.Sprintf("/members?org=%d", otherCell.ID), otherCell.Name},
		{fmt.Sprintf("/members/new?org=%d", otherCell.ID), otherCell.Name},
		{fmt.Sprintf("/members/%d", outsider.ID), outsider.FullName},
		{fmt.Sprintf("/members/%d/transfer", outsider.ID), outsider.FullName},
		{fmt.Sprintf("/export/members?under=%d", ward.ID), ward.Name},
	} {
		status := b.open(tc.path)
		if status != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", tc.path, status)
		}
		body := b.bodyText()
		if !strings.Contains(body, "Không tìm thấy") {
			t.Errorf("%s does not say “Không tìm thấy”:\n%s", tc.path, tail(body, 600))
		}
		if strings.Contains(body, tc.secret) {
			t.Errorf("%s reveals %q", tc.path, tc.secret)
		}
	}
	b.screenshot("not-found")

	// The tree holds only the cell.
	b.open("/tree")
	b.screenshot("tree")
	links := b.texts(`ul.tree a[href^="/orgs/"]`)
	if len(links) != 1 || links[0] != "Chi bộ TDP 4" {
		t.Errorf("tree of the secretary links to %q, want only Chi bộ TDP 4", links)
	}
	b.wantNoText("Đảng bộ phường Trần Phú", "Đảng bộ thành phố Hà Tĩnh")
	// Searching the tree finds nothing outside the cell.
	b.fill("#q", "TDP")
	b.clickNav(`form[role="search"] button[type="submit"]`)
	if res := b.texts("ul.results a"); len(res) != 1 || res[0] != "Chi bộ TDP 4" {
		t.Errorf("tree search “TDP” as the secretary found %q, want only Chi bộ TDP 4", res)
	}

	// Searching members: only the cell's.
	b.open("/members")
	b.fill("#q", foldASCII(outsider.FullName))
	b.clickNav(`form[role="search"] button[type="submit"]`)
	if h := b.text("h1"); !strings.HasSuffix(h, "Chi bộ TDP 4") {
		t.Errorf("member search title = %q, want it to end in Chi bộ TDP 4", h)
	}
	b.wantText("Không có đảng viên nào phù hợp.")
	b.wantNoText(outsider.FullName)
	b.fill("#q", "nguyen van duc")
	b.clickNav(`form[role="search"] button[type="submit"]`)
	if names := b.texts("table.list tbody td:nth-child(2) a"); !contains(names, "Nguyễn Văn Đức") {
		t.Errorf("member search “nguyen van duc” as the secretary found %q", names)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// foldASCII writes a Vietnamese name without diacritics, in lower case, the
// way people type on a phone without a Vietnamese keyboard.
func foldASCII(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if f, ok := vnFold[r]; ok {
			b.WriteRune(f)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var vnFold = func() map[rune]rune {
	m := map[rune]rune{'đ': 'd'}
	for base, vs := range map[rune]string{
		'a': "àáảãạăằắẳẵặâầấẩẫậ", 'e': "èéẻẽẹêềếểễệ", 'i': "ìíỉĩị",
		'o': "òóỏõọôồốổỗộơờớởỡợ", 'u': "ùúủũụưừứửữự", 'y': "ỳýỷỹỵ",
	} {
		for _, r := range vs {
			m[r] = base
		}
	}
	return m
}()
