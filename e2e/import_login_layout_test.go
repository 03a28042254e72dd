package e2e

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

const memberHeader = "Họ và tên,Giới tính,Ngày sinh,Ngày vào Đảng,Ngày chính thức,Tình trạng,Số thẻ đảng viên,Chức vụ,Điện thoại,Mã chi bộ"

// A member file with a bad row is refused as a whole, with the problems
// listed by row; the corrected file is imported.
func TestImportRejectsBadFileAndAcceptsGoodOne(t *testing.T) {
	a := startApp(t)
	c := a.client(t, "bantochuc")
	cell := a.orgByCode(t, c, "HT.TP.TRP.TDP4")
	names := []string{"Phạm Thị Thu Trang", "Đặng Văn Khoa", "Lưu Thị Bích Ngọc"}
	for _, n := range names {
		if got := a.members(t, c, cell.ID, n); len(got) != 0 {
			t.Fatalf("the demo data already has %s in Chi bộ TDP 4", n)
		}
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "dang-vien-loi.csv")
	good := filepath.Join(dir, "dang-vien.csv")
	writeFile(t, bad, memberHeader,
		// Row 2: an impossible date and an unknown cell code.
		"Phạm Thị Thu Trang,Nữ,31/02/1970,15/05/1995,15/05/1996,Chính thức,36999101,Đảng viên,0912345678,HT.TP.KHONGCO.TDP99",
		// Row 3: only an unknown cell code (found by the database check).
		"Đặng Văn Khoa,Nam,12/03/1980,20/10/2005,20/10/2006,Chính thức,36999102,Đảng viên,0987654321,HT.TP.TRP.TDP99",
		// Row 4: fine.
		"Lưu Thị Bích Ngọc,Nữ,05/09/1985,03/02/2010,03/02/2011,Chính thức,36999103,Đảng viên,,HT.TP.TRP.TDP4",
	)
	writeFile(t, good, memberHeader,
		"Phạm Thị Thu Trang,Nữ,28/02/1970,15/05/1995,15/05/1996,Chính thức,36999101,Đảng viên,0912345678,HT.TP.TRP.TDP4",
		"Đặng Văn Khoa,Nam,12/03/1980,20/10/2005,20/10/2006,Chính thức,36999102,Đảng viên,0987654321,HT.TP.TRP.TDP4",
		"Lưu Thị Bích Ngọc,Nữ,05/09/1985,03/02/2010,03/02/2011,Chính thức,36999103,Đảng viên,,HT.TP.TRP.TDP4",
	)

	b := newBrowser(t, a)
	b.login("bantochuc")
	b.open(fmt.Sprintf("/members?org=%d", cell.ID))
	before := b.memberTotal()

	upload := func(path string) int64 {
		t.Helper()
		b.clickLink(`//nav[contains(@class,"site-nav")]`, "Nhập, xuất")
		b.do("choosing "+filepath.Base(path), chromedp.SetUploadFiles(chromedp.CSS("#members-file"), []string{path}))
		return b.clickNav(`//form[@action="/import/members"]//button[@type="submit"]`)
	}

	// The bad file.
	if status := upload(bad); status != http.StatusUnprocessableEntity {
		t.Errorf("importing the bad file: status %d, want 422", status)
	}
	b.screenshot("bad-file")
	if msg := b.text(".flash-error"); !strings.Contains(msg, "dang-vien-loi.csv") || !strings.Contains(msg, "Chưa có dữ liệu nào được nhập") {
		t.Errorf("error summary = %q", msg)
	}
	rows := b.tableRows("table.import-errors") // Dòng, Cột, Giá trị, Lỗi
	hasError := func(row, column, valuePart, messagePart string) bool {
		for _, r := range rows {
			if len(r) == 4 && r[0] == row && r[1] == column && strings.Contains(r[2], valuePart) && strings.Contains(r[3], messagePart) {
				return true
			}
		}
		return false
	}
	if !hasError("2", "Ngày sinh", "31/02/1970", "không có thật") {
		t.Errorf("the errors do not list row 2, Ngày sinh 31/02/1970; they are:\n%q", rows)
	}
	if !hasError("3", "Mã chi bộ", "HT.TP.TRP.TDP99", "") {
		t.Errorf("the errors do not list the unknown cell code of row 3; they are:\n%q", rows)
	}
	// Every problem of a row is listed at once: the date in the file and the unknown code in the database.
	if !hasError("2", "Mã chi bộ", "HT.TP.KHONGCO.TDP99", "") {
		t.Errorf("the unknown cell code of row 2 is not listed with its date error; errors:\n%q", rows)
	}
	for _, r := range rows {
		if len(r) > 0 && r[0] == "4" {
			t.Errorf("row 4 is fine but is listed: %q", r)
		}
	}
	// Nothing was imported, not even the good row.
	b.open(fmt.Sprintf("/members?org=%d", cell.ID))
	if got := b.memberTotal(); got != before {
		t.Errorf("after the refused import Chi bộ TDP 4 has %d members, want %d", got, before)
	}
	b.wantNoText(names...)

	// The corrected file.
	if status := upload(good); status != http.StatusOK {
		t.Fatalf("importing the corrected file: status %d:\n%s", status, tail(b.bodyText(), 1000))
	}
	b.screenshot("good-file")
	if msg := b.text(".flash-ok"); !strings.Contains(msg, "Đã nhập") || !strings.Contains(msg, "3 thêm mới") {
		t.Errorf("success message = %q, want “Đã nhập … 3 thêm mới …”", msg)
	}
	if b.count("table.import-errors") != 0 {
		t.Errorf("the error table is still shown after a good import")
	}
	b.open(fmt.Sprintf("/members?org=%d", cell.ID))
	if got := b.memberTotal(); got != before+3 {
		t.Errorf("after the import Chi bộ TDP 4 has %d members, want %d", got, before+3)
	}
	b.open("/members")
	b.fill("#q", "pham thi thu trang")
	b.clickNav(`form[role="search"] button[type="submit"]`)
	found := false
	for _, r := range b.tableRows("table.list") {
		if len(r) == 6 && r[1] == "Phạm Thị Thu Trang" && r[2] == "1970" && r[5] == "Chi bộ TDP 4 — Đảng bộ phường Trần Phú" {
			found = true
		}
	}
	if !found {
		t.Errorf("the imported member is not found by “pham thi thu trang”: %q", b.tableRows("table.list"))
	}
}

func writeFile(t *testing.T, path string, lines ...string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\r\n")+"\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A wrong password is refused; repeated failures block the account for a
// while; logging out ends the session. The server stops cleanly on SIGTERM.
func TestLoginRateLimitAndLogout(t *testing.T) {
	a := startApp(t)
	b := newBrowser(t, a)

	// Anonymous visitors are sent to the login page.
	b.open("/")
	if u := b.location(); u.Path != "/login" || u.Query().Get("next") != "/" {
		t.Errorf("/ without a session ends at %s, want /login?next=/", u)
	}

	// A wrong password.
	b.open("/login")
	b.screenshot("login")
	b.fill("#username", "bantochuc")
	b.fill("#password", "sai-mat-khau")
	if status := b.clickNav(`//form[@action="/login"]//button[@type="submit"]`); status != http.StatusUnauthorized {
		t.Errorf("wrong password: status %d, want 401", status)
	}
	b.screenshot("login-wrong")
	if msg := b.text(".flash-error"); !strings.Contains(msg, "không đúng") {
		t.Errorf("wrong password message = %q, want it to say “không đúng”", msg)
	}
	if got := b.value("#username"); got != "bantochuc" {
		t.Errorf("after a wrong password the user name field holds %q", got)
	}
	if got := b.value("#password"); got != "" {
		t.Errorf("after a wrong password the password field is not empty")
	}

	// Log in, then out.
	b.login("bantochuc")
	b.wantText("Xin chào, Tống Thị Quỳnh Hoa")
	b.clickNav(`//form[@action="/logout"]//button`)
	if p := b.location().Path; p != "/login" {
		t.Errorf("after logging out the browser is at %s, want /login", p)
	}
	for _, path := range []string{"/", "/tree", "/members"} {
		b.open(path)
		if p := b.location().Path; p != "/login" {
			t.Errorf("after logging out, %s shows %s instead of the login page", path, p)
		}
	}
	b.wantNoText("Tống Thị Quỳnh Hoa")

	// Too many wrong passwords: even the right one is refused for a while.
	blocked := false
	for i := 1; i <= 5; i++ {
		b.open("/login")
		b.fill("#username", "thuongvu")
		b.fill("#password", fmt.Sprintf("sai-%d", i))
		status := b.clickNav(`//form[@action="/login"]//button[@type="submit"]`)
		msg := b.text(".flash-error")
		switch {
		case status == http.StatusTooManyRequests && strings.Contains(msg, "quá nhiều lần"):
			blocked = true
		case status == http.StatusUnauthorized && strings.Contains(msg, "không đúng"):
		default:
			t.Errorf("wrong password %d: status %d, message %q", i, status, msg)
		}
	}
	b.open("/login")
	b.fill("#username", "thuongvu")
	b.fill("#password", demoPassword)
	status := b.clickNav(`//form[@action="/login"]//button[@type="submit"]`)
	b.screenshot("login-blocked")
	if status != http.StatusTooManyRequests || b.location().Path != "/login" {
		t.Errorf("the right password after 5 wrong ones: status %d at %s, want 429 on the login page", status, b.location().Path)
	}
	if msg := b.text(".flash-error"); !strings.Contains(msg, "quá nhiều lần") {
		t.Errorf("blocked login message = %q, want “… quá nhiều lần …”", msg)
	}
	if !blocked {
		t.Logf("5 wrong passwords were each answered “không đúng”; the block came with the 6th attempt")
	}

	// The server stops cleanly.
	if code := a.stop(t); code != 0 {
		t.Errorf("bontot serve exited with code %d on SIGTERM, want 0; stderr:\n%s", code, tail(a.stderr.String(), 2000))
	}
	if out := a.stdout.String(); !strings.Contains(out, "Đang dừng") {
		t.Errorf("bontot serve did not say it was stopping; stdout:\n%s", out)
	}
}

// At 390 CSS pixels (a phone), no page scrolls sideways.
func TestPhoneLayoutHasNoHorizontalScroll(t *testing.T) {
	a := startApp(t)
	c := a.client(t, "bantochuc")
	city := a.orgByCode(t, c, "HT.TP")
	cell := a.orgByCode(t, c, "HT.TP.TRP.TDP4")
	duc := a.members(t, c, cell.ID, "Nguyễn Văn Đức")
	if len(duc) != 1 {
		t.Fatalf("Nguyễn Văn Đức: %d members", len(duc))
	}
	b := newBrowser(t, a)
	b.login("bantochuc")
	if w, _ := chromedp.Run(b.ctx, chromedp.Evaluate[int](`window.innerWidth`)); w != phoneWidth {
		t.Fatalf("window.innerWidth = %d, want %d", w, phoneWidth)
	}
	pages := []struct{ name, path string }{
		{"home", "/"},
		{"org", fmt.Sprintf("/orgs/%d", city.ID)},
		{"tree", "/tree"},
		{"member-list", fmt.Sprintf("/members?org=%d", cell.ID)},
		{"member-search", "/members?q=nguyen"},
		{"member-form", fmt.Sprintf("/members/new?org=%d", cell.ID)},
		{"member", fmt.Sprintf("/members/%d", duc[0].ID)},
		{"transfer", fmt.Sprintf("/members/%d/transfer?q=TDP+4", duc[0].ID)},
		{"audit", "/audit"},
		{"import", "/import"},
	}
	// The yearly cycle's pages, on the demo campaign.
	var cs struct {
		Campaigns []struct {
			ID    int64 `json:"id"`
			Years []struct {
				Scales []struct {
					ScaleID int64 `json:"scale_id"`
				} `json:"scales"`
			} `json:"years"`
		} `json:"campaigns"`
	}
	getJSON(t, c, a.URL+"/api/v1/campaigns", &cs)
	if len(cs.Campaigns) == 0 {
		t.Fatal("no campaign in the demo")
	}
	camp := cs.Campaigns[0]
	var as struct {
		Assessments []struct {
			ID int64 `json:"id"`
		} `json:"assessments"`
	}
	getJSON(t, c, fmt.Sprintf("%s/api/v1/assessments?campaign=%d&year=2024&org=%d", a.URL, camp.ID, cell.ID), &as)
	if len(as.Assessments) != 1 {
		t.Fatalf("TDP 4 has %d assessments in 2024", len(as.Assessments))
	}
	ward := a.orgByCode(t, c, "HT.TP.TRP")
	scale := camp.Years[0].Scales[0].ScaleID
	pages = append(pages, []struct{ name, path string }{
		{"assessments", "/assessments"},
		{"assessment", fmt.Sprintf("/assessments/%d", as.Assessments[0].ID)},
		{"results", "/results"},
		{"results-recognised", fmt.Sprintf("/results/recognised?campaign=%d&year=2024&org=%d", camp.ID, city.ID)},
		{"results-units", fmt.Sprintf("/results/units?campaign=%d&year=2024&org=%d", camp.ID, ward.ID)},
		{"ratings", fmt.Sprintf("/ratings/%d/2024", ward.ID)},
		{"campaigns", "/campaigns"},
		{"campaign", fmt.Sprintf("/campaigns/%d", camp.ID)},
		{"scales", "/scales"},
		{"scale", fmt.Sprintf("/scales/%d", scale)},
		{"scale-edit", fmt.Sprintf("/scales/%d/edit", scale)},
	}...)
	for _, p := range pages {
		if status := b.open(p.path); status != http.StatusOK {
			t.Errorf("%s: status %d", p.path, status)
			continue
		}
		b.screenshot(p.name)
		b.noSideScroll(p.name)
	}
}

// noSideScroll fails if the page is wider than the window, naming the widest elements.
func (b *browser) noSideScroll(name string) {
	b.t.Helper()
	res, err := chromedp.Run(b.ctx, chromedp.Evaluate[struct {
		ScrollWidth int      `json:"scrollWidth"`
		InnerWidth  int      `json:"innerWidth"`
		Wide        []string `json:"wide"`
	}](`(() => {
		const w = window.innerWidth, out = [];
		for (const e of document.body.querySelectorAll('*')) {
			const r = e.getBoundingClientRect();
			if (r.right > w + 0.5 && !e.closest('.table-wrap')) {
				out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '') + ' right=' + Math.round(r.right));
			}
		}
		return {scrollWidth: document.documentElement.scrollWidth, innerWidth: w, wide: out.slice(0, 8)};
	})()`))
	if err != nil {
		b.t.Fatalf("%s: %v", name, err)
	}
	if res.ScrollWidth > res.InnerWidth {
		b.t.Errorf("%s (%s) scrolls sideways at %dpx: scrollWidth %d; too wide: %q", name, b.location().RequestURI(), res.InnerWidth, res.ScrollWidth, res.Wide)
	}
}

// On a phone the header is one line (brand, section, “☰ Chức năng”), so the
// secretary sees the page's heading at once; the toggle opens the links, the
// most used first, and the user menu. On a wide window the links show as before.
func TestPhoneLayoutHeaderFoldsTheNavigation(t *testing.T) {
	a := startApp(t)
	b := newBrowser(t, a)
	b.login("bithu.tdp4")

	type header struct {
		Height    float64  `json:"height"`
		Heading   float64  `json:"heading"` // bottom of the page's h1
		Window    float64  `json:"window"`
		Section   string   `json:"section"`
		Open      bool     `json:"open"`
		Links     []string `json:"links"` // the navigation links shown
		UserShown bool     `json:"userShown"`
		Current   string   `json:"current"`
	}
	look := func() header {
		t.Helper()
		h, err := chromedp.Run(b.ctx, chromedp.Evaluate[header](`(() => {
			const shown = e => e.getClientRects().length > 0;
			const cur = document.querySelector('.site-nav a[aria-current="page"]');
			return {
				height: document.querySelector('.site-header').getBoundingClientRect().height,
				heading: document.querySelector('main h1').getBoundingClientRect().bottom,
				window: window.innerHeight,
				section: document.querySelector('.nav-section').innerText.trim(),
				open: document.querySelector('details.nav-toggle').open,
				links: Array.from(document.querySelectorAll('.site-nav a'), a => shown(a) ? a.innerText.trim() : '').filter(s => s),
				userShown: shown(document.querySelector('.user-menu form[action="/logout"] button')),
				current: cur ? cur.innerText.trim() : '',
			};
		})()`))
		if err != nil {
			t.Fatalf("reading the header: %v", err)
		}
		return h
	}

	h := look()
	b.screenshot("menu-closed")
	if h.Height >= 120 {
		t.Errorf("the phone header is %.0fpx tall, want under 120", h.Height)
	}
	if h.Heading > h.Window {
		t.Errorf("the page heading ends at %.0fpx, below the window (%.0fpx)", h.Heading, h.Window)
	}
	if h.Open || len(h.Links) != 0 || h.UserShown {
		t.Errorf("the menu is not closed on a phone: open %v, links shown %q, user menu shown %v", h.Open, h.Links, h.UserShown)
	}
	if h.Section != "Trang chủ" {
		t.Errorf("the header names the section %q, want Trang chủ", h.Section)
	}

	b.do("opening the menu", chromedp.Click(chromedp.CSS(menuToggle), chromedp.NodeVisible))
	h = look()
	b.screenshot("menu-open")
	want := []string{"Trang chủ", "Sinh hoạt chi bộ", "Đánh giá 4 tốt", "Kiến nghị"}
	if len(h.Links) < len(want) || strings.Join(h.Links[:len(want)], "|") != strings.Join(want, "|") {
		t.Errorf("the open menu shows %q, want it to start with %q", h.Links, want)
	}
	if !h.UserShown {
		t.Errorf("the open menu does not show “Đăng xuất”")
	}
	if h.Current != "Trang chủ" {
		t.Errorf("the current link is %q, want Trang chủ", h.Current)
	}
	b.noSideScroll("menu-open")

	b.clickLink(`//nav[contains(@class,"site-nav")]`, "Sinh hoạt chi bộ")
	if p := b.location().Path; p != "/meetings" {
		t.Fatalf("“Sinh hoạt chi bộ” leads to %s", p)
	}
	h = look()
	if h.Section != "Sinh hoạt chi bộ" || h.Open || h.Height >= 120 {
		t.Errorf("on /meetings the header names %q (open %v, %.0fpx tall), want “Sinh hoạt chi bộ”, closed, under 120px", h.Section, h.Open, h.Height)
	}
	b.noSideScroll("meetings")

	// A wide window: no toggle, the links and the user menu in the header.
	w := newBrowserSize(t, a, 1280, 800)
	w.login("bithu.tdp4")
	w.screenshot("wide")
	wide, err := chromedp.Run(w.ctx, chromedp.Evaluate[struct {
		Toggle bool `json:"toggle"`
		Links  int  `json:"links"`
		User   bool `json:"user"`
	}](`(() => {
		const shown = e => e.getClientRects().length > 0;
		return {
			toggle: shown(document.querySelector('details.nav-toggle')),
			links: Array.from(document.querySelectorAll('.site-nav a')).filter(shown).length,
			user: shown(document.querySelector('.user-menu form[action="/logout"] button')),
		};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if wide.Toggle || wide.Links < 4 || !wide.User {
		t.Errorf("on a wide window: toggle shown %v, %d links shown, user menu shown %v; want no toggle, the links and the user menu", wide.Toggle, wide.Links, wide.User)
	}
}
