package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"bontot"
	"bontot/scoring"
)

// sheetMembers returns the first n members of a grassroots organization's sheet.
func sheetMembers(t *testing.T, f *fixture, orgID int64, year, n int) []bontot.RatingRow {
	t.Helper()
	sheet, err := f.st.RatingSheet(context.Background(), orgID, year)
	if err != nil {
		t.Fatal(err)
	}
	var out []bontot.RatingRow
	for _, c := range sheet.Cells {
		out = append(out, c.Members...)
	}
	if len(out) < n {
		t.Fatalf("the sheet has %d members, want %d", len(out), n)
	}
	return out[:n]
}

func storedRating(t *testing.T, f *fixture, orgID int64, year int, memberID int64) scoring.Rating {
	t.Helper()
	sheet, err := f.st.RatingSheet(context.Background(), orgID, year)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range sheet.Cells {
		for _, m := range c.Members {
			if m.MemberID == memberID {
				return m.Rating
			}
		}
	}
	t.Fatalf("member %d is not on the sheet", memberID)
	return 0
}

func TestRatingSheetRefusesBrokenRulesAndSavesNothing(t *testing.T) {
	f := MustFixture(t)
	ctx := context.Background()
	ward, _ := f.st.OrgByCode(ctx, "HT.TP.TRP")
	tdp4, _ := f.st.OrgByCode(ctx, "HT.TP.TRP.TDP4")
	year := f.st.Today().Year() - 1
	sheetURL := fmt.Sprintf("/ratings/%d/%d", ward.ID, year)
	c := f.MustLogin(t, "danguy.tranphu")

	res, body := c.get("/ratings")
	if res.StatusCode != 200 || !strings.Contains(body, `href="`+sheetURL+`"`) {
		t.Fatalf("chooser: status %d, no link to %s", res.StatusCode, sheetURL)
	}
	res, body = c.get(sheetURL)
	if res.StatusCode != 200 {
		t.Fatalf("sheet: status %d", res.StatusCode)
	}
	ms := sheetMembers(t, f, ward.ID, year, 5)
	// The committee rates its cells and members, not itself: that is the level above's business.
	for _, want := range []string{fmt.Sprintf(`name="m%d"`, ms[0].MemberID), fmt.Sprintf(`name="c%d"`, tdp4.ID), "tối đa 20%"} {
		if !strings.Contains(body, want) {
			t.Errorf("the sheet lacks %q", want)
		}
	}
	if strings.Contains(body, `name="own"`) {
		t.Error("the committee may rate its own organization")
	}
	if entries, _, _ := f.st.AuditEntries(ctx, bontot.AuditFilter{Action: "rating.read"}); len(entries) != 1 || entries[0].Username != "danguy.tranphu" {
		t.Errorf("reading the sheet was not audited: %+v", entries)
	}

	// One excellent member and nobody else rated good: 1/1 is over 20%.
	form := url.Values{fmt.Sprintf("m%d", ms[0].MemberID): {"HTXSNV"}, fmt.Sprintf("m%d", ms[1].MemberID): {"HTNV"}}
	res, body = c.post(sheetURL, form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("over quota: status %d", res.StatusCode)
	}
	for _, want := range []string{"Chưa lưu", "Tỷ lệ đảng viên HTXSNV", "1/1 đảng viên", ward.Name, `value="HTXSNV" selected`, `value="HTNV" selected`} {
		if !strings.Contains(body, want) {
			t.Errorf("the refused sheet lacks %q", want)
		}
	}
	if r := storedRating(t, f, ward.ID, year, ms[1].MemberID); r != scoring.Unrated {
		t.Errorf("a refused sheet saved a rating: %v", r)
	}

	// One of five: exactly 20%, saved, with a message on the next page.
	for _, m := range ms[1:] {
		form.Set(fmt.Sprintf("m%d", m.MemberID), "HTTNV")
	}
	res, _ = c.post(sheetURL, form)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != sheetURL {
		t.Fatalf("within quota: status %d location %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = c.get(sheetURL)
	if !strings.Contains(body, fmt.Sprintf("Đã lưu xếp loại năm %d", year)) {
		t.Error("no success message")
	}
	if r := storedRating(t, f, ward.ID, year, ms[0].MemberID); r != scoring.HTXSNV {
		t.Errorf("saved rating = %v", r)
	}
	if entries, _, _ := f.st.AuditEntries(ctx, bontot.AuditFilter{Action: "rating.member"}); len(entries) != 5 {
		t.Errorf("%d rating entries, want 5", len(entries))
	}

	// The board, above the ward, rates the ward itself.
	_, body = f.MustLogin(t, "bantochuc").get(sheetURL)
	if !strings.Contains(body, `name="own"`) {
		t.Error("the board cannot rate the ward")
	}
	// A cell's address leads to its grassroots organization's sheet.
	res, _ = c.get(fmt.Sprintf("/ratings/%d/%d", tdp4.ID, year))
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != sheetURL {
		t.Errorf("cell sheet: status %d location %q", res.StatusCode, res.Header.Get("Location"))
	}
}

// fragment gets a page as htmx does.
func (c *client) fragment(path string) (int, string) {
	c.t.Helper()
	req, _ := http.NewRequest("GET", c.base+path, nil)
	req.Header.Set("HX-Request", "true")
	res, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func TestDisciplineOnMemberPage(t *testing.T) {
	f := MustFixture(t)
	ctx := context.Background()
	tdp4, _ := f.st.OrgByCode(ctx, "HT.TP.TRP.TDP4")
	page, _ := f.st.Members(ctx, bontot.MemberFilter{OrgID: tdp4.ID})
	m := page.Members[0]
	memberURL := fmt.Sprintf("/members/%d", m.ID)
	year := f.st.Today().Year() - 1
	date := fmt.Sprintf("10/05/%d", year)
	c := f.MustLogin(t, "danguy.tranphu")

	form := url.Values{"level": {"khien_trach"}, "date": {fmt.Sprintf("31/02/%d", year)}, "decision": {"12-QĐ/ĐU"}, "reason": {"Vi phạm quy định sinh hoạt"}}
	res, body := c.post(memberURL+"/disciplines", form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad date: status %d", res.StatusCode)
	}
	for _, want := range []string{"không có thật", `value="12-QĐ/ĐU"`, `value="31/02/` + fmt.Sprint(year) + `"`, `value="khien_trach" selected`, `aria-invalid="true"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the refused form lacks %q", want)
		}
	}
	if ds, _ := f.st.Disciplines(ctx, m.ID); len(ds) != 0 {
		t.Fatal("a refused discipline was saved")
	}

	form.Set("date", date)
	res, _ = c.post(memberURL+"/disciplines", form)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != memberURL+"#ky-luat" {
		t.Fatalf("good form: status %d location %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = c.get(memberURL)
	for _, want := range []string{"Đã ghi nhận kỷ luật khiển trách", `hx-get="` + memberURL + `/disciplines"`, "Kỷ luật"} {
		if !strings.Contains(body, want) {
			t.Errorf("the member page lacks %q", want)
		}
	}
	status, frag := c.fragment(memberURL + "/disciplines")
	if status != 200 || strings.Contains(frag, "<html") {
		t.Fatalf("fragment: status %d", status)
	}
	for _, want := range []string{"Khiển trách", "12-QĐ/ĐU", date, "Vi phạm quy định sinh hoạt", "Ghi nhận quyết định kỷ luật"} {
		if !strings.Contains(frag, want) {
			t.Errorf("the discipline section lacks %q", want)
		}
	}
	// The rating sheet now marks the member, and refuses rating them above KHTNV.
	ward, _ := f.st.OrgByCode(ctx, "HT.TP.TRP")
	sheetURL := fmt.Sprintf("/ratings/%d/%d", ward.ID, year)
	_, body = c.get(sheetURL)
	if !strings.Contains(body, fmt.Sprintf("Bị kỷ luật năm %d", year)) {
		t.Error("the sheet does not mark the disciplined member")
	}
	res, body = c.post(sheetURL, url.Values{fmt.Sprintf("m%d", m.ID): {"HTNV"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Đảng viên bị kỷ luật") || !strings.Contains(body, m.FullName) {
		t.Errorf("disciplined HTNV: status %d", res.StatusCode)
	}
	// The secretary sees the section without the form; the member sees their own.
	_, frag = f.MustLogin(t, "bithu.tdp4").fragment(memberURL + "/disciplines")
	if !strings.Contains(frag, "12-QĐ/ĐU") || strings.Contains(frag, "<form") {
		t.Error("the secretary's view of the discipline section")
	}
}

func TestRatingImportAndExport(t *testing.T) {
	f := MustFixture(t)
	ctx := context.Background()
	ward, _ := f.st.OrgByCode(ctx, "HT.TP.TRP")
	year := f.st.Today().Year() - 1
	ms := sheetMembers(t, f, ward.ID, year, 2)
	for _, m := range ms {
		if m.CardNumber == "" {
			t.Skip("demo members without card numbers")
		}
	}
	c := f.MustLogin(t, "danguy.tranphu")

	res, body := c.get(fmt.Sprintf("/ratings/export?org=%d&year=%d", ward.ID, year))
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Type"), "spreadsheetml") || len(body) < 100 {
		t.Fatalf("export: status %d type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	upload := func(content string) (int, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("file", "xep-loai.csv")
		fw.Write([]byte(content))
		mw.Close()
		res, body := c.do("POST", "/ratings/import", buf.String(), mw.FormDataContentType())
		return res.StatusCode, body
	}
	head := "Năm,Mã tổ chức,Số thẻ đảng viên,Xếp loại\n"
	// Row 2 rates the ward itself (the committee may not), row 3 an excellent member alone (over the quota).
	bad := head + fmt.Sprintf("%d,HT.TP.TRP,,HTTNV\n%d,,%s,HTXSNV\n%d,,%s,Tốt lắm\n", year, year, ms[0].CardNumber, year, ms[1].CardNumber)
	status, body := upload(bad)
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("bad file: status %d", status)
	}
	for _, want := range []string{"có 3 lỗi", "Chưa có xếp loại nào được nhập", ">2<", ">3<", ">4<", "Tỷ lệ đảng viên HTXSNV", "Tốt lắm"} {
		if !strings.Contains(body, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if r := storedRating(t, f, ward.ID, year, ms[0].MemberID); r != scoring.Unrated {
		t.Error("a refused file saved a rating")
	}
	good := head + fmt.Sprintf("%d,,%s,HTNV\n%d,,%s,hoàn thành tốt nhiệm vụ\n", year, ms[0].CardNumber, year, ms[1].CardNumber)
	status, body = upload(good)
	if status != 200 || !strings.Contains(body, "2 xếp loại mới") {
		t.Fatalf("good file: status %d", status)
	}
	if r := storedRating(t, f, ward.ID, year, ms[1].MemberID); r != scoring.HTTNV {
		t.Errorf("imported rating = %v", r)
	}
}
