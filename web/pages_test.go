package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"bontot"
)

func TestMemberFormKeepsInputAndSavesNothingOnBadDate(t *testing.T) {
	f := MustFixture(t)
	ctx := context.Background()
	cell, _ := f.st.OrgByCode(ctx, "HT.TP.TRP.TDP4")
	c := f.MustLogin(t, "bithu.tdp4")
	form := url.Values{"org": {strconv.FormatInt(cell.ID, 10)}, "full_name": {"Hoàng Thị Minh Thư"}, "gender": {"female"},
		"birth_date": {"31/02/1970"}, "admitted_date": {"15/05/1995"}, "full_member_date": {"15/05/1996"}, "status": {"full"},
		"position": {"member"}, "card_number": {"36999001"}, "phone": {"0912 345 678"}}
	res, body := c.post("/members", form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", res.StatusCode)
	}
	for _, want := range []string{"không có thật", `value="Hoàng Thị Minh Thư"`, `value="31/02/1970"`, `value="36999001"`, `aria-invalid="true"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the form page lacks %q", want)
		}
	}
	if page, _ := f.st.Members(ctx, bontot.MemberFilter{Query: "hoang thi minh thu"}); page.Total != 0 {
		t.Fatal("a refused member was saved")
	}
	form.Set("birth_date", "28/02/1970")
	res, _ = c.post("/members", form)
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/members/") {
		t.Fatalf("fixed form: status %d location %q", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = c.get(res.Header.Get("Location"))
	for _, want := range []string{"Hoàng Thị Minh Thư", "28/02/1970", "0912345678", "Chi bộ TDP 4"} {
		if !strings.Contains(body, want) {
			t.Errorf("the member page lacks %q", want)
		}
	}
	// Opening the record was itself logged.
	entries, _, _ := f.st.AuditEntries(ctx, bontot.AuditFilter{Action: "member.read"})
	if len(entries) == 0 || entries[0].Username != "bithu.tdp4" || !strings.Contains(entries[0].Summary, "Hoàng Thị Minh Thư") {
		t.Errorf("read not audited: %+v", entries)
	}
}

func TestCrossOriginPostIsRefused(t *testing.T) {
	f := MustFixture(t)
	c := f.MustLogin(t, "bantochuc")
	req, _ := http.NewRequest("POST", f.srv.URL+"/account/tokens", strings.NewReader("name=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err := c.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: status %d, want 403", res.StatusCode)
	}
}

func TestLoginRateLimit(t *testing.T) {
	f := MustFixture(t)
	c := f.client(t)
	for i := 0; i < 5; i++ {
		res, body := c.post("/login", url.Values{"username": {"bantochuc"}, "password": {"sai-mat-khau"}})
		if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "không đúng") {
			t.Fatalf("attempt %d: status %d", i+1, res.StatusCode)
		}
	}
	// Even the right password is refused once the limit is reached.
	res, body := c.post("/login", url.Values{"username": {"bantochuc"}, "password": {"demo1234"}})
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "quá nhiều lần") {
		t.Errorf("after 5 failures: status %d", res.StatusCode)
	}
	// Colleagues behind the same address can still log in.
	res, _ = c.post("/login", url.Values{"username": {"thuongvu"}, "password": {"demo1234"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("same address, other account: status %d, want 303", res.StatusCode)
	}
	// But an address that tries many names is stopped.
	for i := 0; i < 50; i++ {
		c.post("/login", url.Values{"username": {"khong-co-" + strconv.Itoa(i)}, "password": {"x"}})
	}
	res, _ = f.client(t).post("/login", url.Values{"username": {"bithu.tdp4"}, "password": {"demo1234"}})
	if res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("after 50 failures from one address: status %d, want 429", res.StatusCode)
	}
}

func TestLogoutAndPasswordChange(t *testing.T) {
	f := MustFixture(t)
	c := f.MustLogin(t, "thuongvu")
	res, body := c.post("/account/password", url.Values{"current": {"demo1234"}, "new": {"mat-khau-moi-1"}, "confirm": {"khac"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "không khớp") {
		t.Errorf("mismatch: %d", res.StatusCode)
	}
	res, _ = c.post("/account/password", url.Values{"current": {"demo1234"}, "new": {"mat-khau-moi-1"}, "confirm": {"mat-khau-moi-1"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("change: %d", res.StatusCode)
	}
	c.post("/logout", nil)
	if res, _ := c.get("/"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
		t.Errorf("after logout: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	c2 := f.client(t)
	if res, _ := c2.post("/login", url.Values{"username": {"thuongvu"}, "password": {"mat-khau-moi-1"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("login with the new password: %d", res.StatusCode)
	}
}

func TestPagesAnswerNotModified(t *testing.T) {
	f := MustFixture(t)
	c := f.MustLogin(t, "bantochuc")
	res, _ := c.get("/tree")
	etag := res.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	req, _ := http.NewRequest("GET", f.srv.URL+"/tree", nil)
	req.Header.Set("If-None-Match", etag)
	res2, err := c.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res2.Body.Close()
	if res2.StatusCode != http.StatusNotModified {
		t.Errorf("status %d, want 304", res2.StatusCode)
	}
}

func TestAPIErrorsAreJSONInVietnamese(t *testing.T) {
	f := MustFixture(t)
	ctx := context.Background()
	cell, _ := f.st.OrgByCode(ctx, "HT.TP.TRP.TDP4")
	c := f.MustLogin(t, "bantochuc")
	res, body := c.do("POST", "/api/v1/members", `{"org_id": `+strconv.FormatInt(cell.ID, 10)+`, "full_name": "Lê Văn Tám", "birth_date": "31/02/1970"}`, "application/json")
	var out struct {
		Error struct {
			Code    string            `json:"code"`
			Message string            `json:"message"`
			Fields  map[string]string `json:"fields"`
		} `json:"error"`
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatalf("not JSON: %s", body)
	}
	if res.StatusCode != 422 || out.Error.Code != "invalid" || !strings.Contains(out.Error.Fields["birth_date"], "không có thật") || out.Error.Fields["gender"] == "" {
		t.Errorf("status %d, body %s", res.StatusCode, body)
	}
	res, body = c.get("/api/v1/khong-co")
	if res.StatusCode != 404 || !strings.Contains(body, `"not_found"`) {
		t.Errorf("unknown API path: %d %s", res.StatusCode, body)
	}
	// A token works without a session.
	tok, err := f.st.CreateToken(ctx, storeSystem, mustUser(t, f, "bantochuc").ID, "kiểm thử")
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", f.srv.URL+"/api/v1/members?q=nguyen+van+duc&org="+strconv.FormatInt(cell.ParentID, 10), nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	r2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		Members []struct {
			FullName string `json:"full_name"`
		} `json:"members"`
	}
	json.NewDecoder(r2.Body).Decode(&list)
	r2.Body.Close()
	if r2.StatusCode != 200 || len(list.Members) != 1 || list.Members[0].FullName != "Nguyễn Văn Đức" {
		t.Errorf("token search: %d %+v", r2.StatusCode, list)
	}
}

func mustUser(t *testing.T, f *fixture, name string) *bontot.User {
	u, err := f.st.UserByUsername(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestImportUploadReportsRowsAndChangesNothing(t *testing.T) {
	f := MustFixture(t)
	ctx := context.Background()
	c := f.MustLogin(t, "bantochuc")
	before, _ := f.st.OrgByCode(ctx, "HT.TP")
	csv := "Họ và tên,Giới tính,Ngày sinh,Ngày vào Đảng,Ngày chính thức,Tình trạng,Số thẻ đảng viên,Chức vụ,Điện thoại,Mã chi bộ\n" +
		"Phan Văn Mới,Nam,01/02/1980,03/02/2005,03/02/2006,Chính thức,36888001,Đảng viên,,HT.TP.TRP.TDP4\n" +
		"Võ Thị Sai,Nữ,31/02/1970,03/02/2005,03/02/2006,Chính thức,36888002,Đảng viên,,HT.TP.TRP.TDP4\n" +
		"Hồ Văn Lạc,Nam,01/02/1980,03/02/2005,03/02/2006,Chính thức,36888003,Đảng viên,,HT.TP.KHONGCO\n"
	upload := func(content string) (int, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("file", "dang-vien.csv")
		fw.Write([]byte(content))
		mw.Close()
		res, body := c.do("POST", "/import/members", buf.String(), mw.FormDataContentType())
		return res.StatusCode, body
	}
	status, body := upload(csv)
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", status)
	}
	for _, want := range []string{"có 2 lỗi", "Chưa có dữ liệu nào được nhập", ">3<", ">4<", "HT.TP.KHONGCO"} {
		if !strings.Contains(body, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if after, _ := f.st.OrgByCode(ctx, "HT.TP"); after.MemberCount != before.MemberCount {
		t.Errorf("a refused import changed the member count %d → %d", before.MemberCount, after.MemberCount)
	}
	lines := strings.Split(csv, "\n")
	good := strings.Join([]string{lines[0], lines[1], strings.Replace(lines[2], "31/02", "28/02", 1)}, "\n")
	status, body = upload(good)
	if status != 200 || !strings.Contains(body, "2 thêm mới") {
		t.Fatalf("good file: %d", status)
	}
	if after, _ := f.st.OrgByCode(ctx, "HT.TP"); after.MemberCount != before.MemberCount+2 {
		t.Errorf("member count %d → %d, want +2", before.MemberCount, after.MemberCount)
	}
}
