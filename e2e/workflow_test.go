package e2e

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The main workflow of the Organization Board: find a ward, open one of its
// cells, add a member (a wrong birth date is refused and nothing typed is
// lost), then transfer the member to a cell of another ward; the audit log
// records both.
func TestBoardFindsAddsAndTransfersMember(t *testing.T) {
	const (
		name  = "Hoàng Thị Minh Thư"
		card  = "36999001"
		phone = "0912 345 678"
	)
	a := startApp(t)
	b := newBrowser(t, a)
	b.login("bantochuc")

	// Find the ward from the tree page.
	b.clickLink(`//nav[contains(@class,"site-nav")]`, "Cây tổ chức")
	if p := b.location().Path; p != "/tree" {
		t.Fatalf("the “Cây tổ chức” link leads to %s", p)
	}
	b.fill("#q", "nguyen du")
	b.clickNav(`form[role="search"] button[type="submit"]`)
	b.screenshot("tree-search")
	if res := b.texts("ul.results a"); !contains(res, "Đảng bộ phường Nguyễn Du") {
		t.Fatalf("searching “nguyen du” found %q, want Đảng bộ phường Nguyễn Du", res)
	}
	b.clickLink(`//ul[contains(@class,"results")]`, "Đảng bộ phường Nguyễn Du")
	if h := b.text("h1"); h != "Đảng bộ phường Nguyễn Du" {
		t.Fatalf("ward page title = %q", h)
	}
	b.screenshot("ward")

	// Open its first residential-group cell.
	cellLink := `(//ul[contains(@class,"tree")]//div[contains(@class,"tree-row")]/a[not(contains(@class,"tree-toggle"))][starts-with(normalize-space(),"Chi bộ TDP ")])[1]`
	b.clickNav(cellLink)
	cellName := b.text("h1")
	if !strings.HasPrefix(cellName, "Chi bộ TDP ") {
		t.Fatalf("cell page title = %q", cellName)
	}
	cellPath := b.location().Path // /orgs/{id}
	cellID := strings.TrimPrefix(cellPath, "/orgs/")
	membersBefore := b.statValue("đảng viên")
	b.screenshot("cell")

	// Add a member with an impossible birth date.
	b.clickLink(`//div[@class="actions"]`, "Thêm đảng viên")
	if h := b.text("h1"); h != "Thêm đảng viên vào "+cellName {
		t.Errorf("member form title = %q", h)
	}
	b.fill("#full_name", name)
	b.do("choosing Nữ", chromedp.Click(`//label[normalize-space()="Nữ"]/input[@name="gender"]`, chromedp.NodeVisible))
	b.fill("#birth_date", "31/02/1970")
	b.fill("#admitted_date", "15/05/1995")
	b.fill("#full_member_date", "15/05/1996")
	b.fill("#card_number", card)
	b.fill("#phone", phone)
	b.screenshot("member-form-filled")
	submit := `//form[@action="/members"]//button[@type="submit"]`
	if status := b.clickNav(submit); status != http.StatusUnprocessableEntity {
		t.Errorf("saving with 31/02/1970: status %d, want 422", status)
	}
	b.screenshot("member-form-error")
	if p := b.location().Path; p != "/members" {
		t.Errorf("after the refused save the browser is at %s, want the form again", p)
	}
	if msg := b.text("#birth_date-err"); !strings.Contains(msg, "không có thật") {
		t.Errorf("birth date message = %q, want it to say the date does not exist", msg)
	}
	if inv, _ := chromedp.Run(b.ctx, chromedp.AttributeValue(chromedp.CSS("#birth_date"), "aria-invalid")); inv.Value != "true" {
		t.Errorf("the birth date field is not marked aria-invalid")
	}
	if b.count(".flash-error") == 0 {
		t.Errorf("no error summary (.flash-error) at the top of the refused form")
	}
	for sel, want := range map[string]string{
		"#full_name": name, "#birth_date": "31/02/1970", "#admitted_date": "15/05/1995",
		"#full_member_date": "15/05/1996", "#card_number": card, "#phone": phone,
	} {
		if got := b.value(sel); got != want {
			t.Errorf("after the refused save %s = %q, want %q (what the user typed)", sel, got, want)
		}
	}
	if checked, _ := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`document.querySelector('input[name=gender][value=female]').checked`)); !checked {
		t.Errorf("after the refused save the gender Nữ is no longer chosen")
	}

	// Nothing was saved: look at the cell's list in another tab.
	tab := b.newTab()
	tab.open("/members?org=" + cellID)
	if got := tab.memberTotal(); got != membersBefore {
		t.Errorf("after the refused save the list of %s says %d members, want %d", cellName, got, membersBefore)
	}
	if names := tab.texts("table.list tbody td:nth-child(2) a"); contains(names, name) {
		t.Errorf("the refused member %s is in the list of %s", name, cellName)
	}
	tab.fill("#q", foldASCII(name))
	tab.clickNav(`form[role="search"] button[type="submit"]`)
	tab.wantText("Không có đảng viên nào phù hợp.")

	// Correct the date and save.
	b.fill("#birth_date", "28/02/1970")
	if status := b.clickNav(submit); status != http.StatusOK {
		t.Fatalf("saving with 28/02/1970: status %d at %s:\n%s", status, b.location(), tail(b.bodyText(), 1000))
	}
	b.screenshot("member-created")
	memberPath := b.location().Path
	if !regexp.MustCompile(`^/members/\d+$`).MatchString(memberPath) {
		t.Fatalf("after saving the browser is at %s, want /members/{id}", memberPath)
	}
	if h := b.text("h1"); h != name {
		t.Errorf("member page title = %q, want %q", h, name)
	}
	b.wantText("Đã thêm đảng viên "+name, "28/02/1970", "15/05/1995", "15/05/1996", card)
	// Every ward has a "Chi bộ TDP n": the record names the committee too.
	if got := b.dd("Chi bộ"); got != cellName+" — Đảng bộ phường Nguyễn Du" {
		t.Errorf("member page: Chi bộ = %q, want %q", got, cellName)
	}
	if got := b.dd("Giới tính"); got != "Nữ" {
		t.Errorf("member page: Giới tính = %q, want Nữ", got)
	}
	// The list now has one more member.
	tab.open("/members?org=" + cellID)
	if got := tab.memberTotal(); got != membersBefore+1 {
		t.Errorf("after adding, the list of %s says %d members, want %d", cellName, got, membersBefore+1)
	}

	// Transfer to Chi bộ TDP 4 of phường Trần Phú.
	b.clickLink(`//div[@class="actions"]`, "Chuyển sinh hoạt")
	if h := b.text("h1"); h != "Chuyển sinh hoạt đảng: "+name {
		t.Errorf("transfer page title = %q", h)
	}
	b.fill("#q", "TDP 4")
	b.clickNav(`form[role="search"] button[type="submit"]`)
	b.screenshot("transfer-candidates")
	target := `//label[contains(normalize-space(),"(HT.TP.TRP.TDP4)")]/input[@name="to_org"]`
	b.do("choosing Chi bộ TDP 4 of Trần Phú", chromedp.Click(target, chromedp.NodeVisible))
	checkToday(t, b.value("#date"))
	if status := b.clickNav(`//form[@method="post"]//button[normalize-space()="Chuyển sinh hoạt"]`); status != http.StatusOK {
		t.Fatalf("transfer: status %d at %s:\n%s", status, b.location(), tail(b.bodyText(), 1000))
	}
	b.screenshot("member-transferred")
	if p := b.location().Path; p != memberPath {
		t.Errorf("after the transfer the browser is at %s, want %s", p, memberPath)
	}
	b.wantText("Đã chuyển sinh hoạt đảng cho " + name)
	if got := b.dd("Chi bộ"); got != "Chi bộ TDP 4 — Đảng bộ phường Trần Phú" {
		t.Errorf("after the transfer: Chi bộ = %q, want Chi bộ TDP 4", got)
	}
	if crumbs := b.texts(".crumbs a"); !contains(crumbs, "Đảng ủy phường Trần Phú") && !contains(crumbs, "Đảng bộ phường Trần Phú") {
		t.Errorf("after the transfer the breadcrumb is %q, want it under phường Trần Phú", crumbs)
	}
	hist := b.texts("section table.list tbody tr")
	if len(hist) < 2 || !strings.Contains(strings.Join(hist, "\n"), cellName) || !strings.Contains(strings.Join(hist, "\n"), "Chi bộ TDP 4") {
		t.Errorf("membership history = %q, want both %s and Chi bộ TDP 4", hist, cellName)
	}

	// The audit log lists both changes, naming the member.
	b.clickLink(`//nav[contains(@class,"site-nav")]`, "Nhật ký")
	b.screenshot("audit")
	rows := b.tableRows("table.audit")
	var created, moved bool
	for _, r := range rows {
		if len(r) < 4 || !strings.Contains(r[3], name) {
			continue
		}
		switch r[2] {
		case "Thêm đảng viên":
			created = strings.Contains(r[3], cellName) && r[1] == "bantochuc"
		case "Chuyển sinh hoạt":
			moved = strings.Contains(r[3], "Chi bộ TDP 4") && r[1] == "bantochuc"
		}
	}
	if !created || !moved {
		t.Errorf("audit log: create entry %v, transfer entry %v; want both, by bantochuc, naming %s; rows:\n%q", created, moved, name, rows)
	}
}

// statValue reads a number from the stat cards of an organization page.
func (b *browser) statValue(label string) int {
	b.t.Helper()
	s := b.text(`//div[@class="stat"][span[@class="stat-label"]=` + xq(label) + `]/span[@class="stat-value"]`)
	n, err := strconv.Atoi(strings.ReplaceAll(s, ".", ""))
	if err != nil {
		b.t.Fatalf("stat %q = %q: %v", label, s, err)
	}
	return n
}

var totalLine = regexp.MustCompile(`^([\d.]+) đảng viên$`)

// memberTotal reads "N đảng viên" above a member list.
func (b *browser) memberTotal() int {
	b.t.Helper()
	for _, s := range b.texts("main p.muted") {
		if m := totalLine.FindStringSubmatch(s); m != nil {
			n, _ := strconv.Atoi(strings.ReplaceAll(m[1], ".", ""))
			return n
		}
	}
	b.t.Fatalf("no “N đảng viên” line on %s", b.location())
	return 0
}

// dd returns the value next to a label in a <dl class="kv">.
func (b *browser) dd(label string) string {
	b.t.Helper()
	return b.text(`//dl[contains(@class,"kv")]/dt[normalize-space()=` + xq(label) + `]/following-sibling::dd[1]`)
}

// tableRows returns the text of the cells of each body row of a table.
func (b *browser) tableRows(table string) [][]string {
	b.t.Helper()
	rows, err := chromedp.Run(b.ctx, chromedp.Evaluate[[][]string](`Array.from(document.querySelectorAll(`+jsq(table+" tbody tr")+`),
		tr => Array.from(tr.cells, td => td.innerText.trim()))`))
	if err != nil {
		b.t.Fatalf("rows of %s: %v", table, err)
	}
	return rows
}

// checkToday checks that a prefilled date is today. The users are in
// Vietnam, so "today" is the date in Vietnam (UTC+7).
func checkToday(t *testing.T, got string) {
	t.Helper()
	vn := time.Now().In(time.FixedZone("ICT", 7*3600)).Format("02/01/2006")
	utc := time.Now().UTC().Format("02/01/2006")
	switch got {
	case vn:
	case utc:
		// Known bug (reported): the server computes "today" in UTC, so from
		// 00:00 to 07:00 in Vietnam it prefills yesterday.
		t.Logf("KNOWN BUG: prefilled date %s is today in UTC, but it is already %s in Vietnam", got, vn)
	default:
		t.Errorf("prefilled date = %q, want today (%s)", got, vn)
	}
}
