package web_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"bontot"
	"bontot/demo"
	"bontot/xlsx"
)

// demoCampaign is the demo city's campaign (2023–2025).
func demoCampaign(t *testing.T, f *fixture) *bontot.Campaign {
	t.Helper()
	city := mustOrgCode(t, f, demo.CityCode)
	cs, err := f.st.Campaigns(context.Background(), city.Path)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Name == demo.CampaignName {
			return c
		}
	}
	t.Fatal("no demo campaign")
	return nil
}

var reStat = regexp.MustCompile(`(?s)<div class="stat" id="([^"]+)"><span class="stat-value">([^<]*)</span><span class="stat-label">(?:<strong class="mv-count">([^<]*)</strong>)?`)

// stats reads the headline figures of the board's view: id → "done/total" (or the value).
func stats(body string) map[string]string {
	out := map[string]string{}
	for _, m := range reStat.FindAllStringSubmatch(body, -1) {
		if m[3] != "" {
			out[m[1]] = m[3]
		} else {
			out[m[1]] = m[2]
		}
	}
	return out
}

// done reads the first number of "x/y".
func done(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(strings.ReplaceAll(strings.SplitN(s, "/", 2)[0], ".", ""))
	if err != nil {
		t.Fatalf("figure %q", s)
	}
	return n
}

func column(pt *pageTable, i int) []string {
	if pt == nil {
		return nil
	}
	var out []string
	for _, r := range pt.rows {
		if i < len(r) {
			out = append(out, r[i])
		}
	}
	return out
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// clearRecords deletes what the demo recorded in campaign c for the
// organizations (their launch and deployment, their registrations), so that
// a test records them from scratch; the demo's audit entries stay.
func clearRecords(t *testing.T, f *fixture, c *bontot.Campaign, orgs ...*bontot.Org) {
	t.Helper()
	for _, o := range orgs {
		for _, q := range []string{
			`DELETE FROM deployments WHERE campaign_id = ? AND org_id = ?`,
			`DELETE FROM registration_events WHERE registration_id IN (SELECT id FROM registrations WHERE campaign_id = ? AND org_id = ?)`,
			`DELETE FROM registration_documents WHERE registration_id IN (SELECT id FROM registrations WHERE campaign_id = ? AND org_id = ?)`,
			`DELETE FROM registration_targets WHERE registration_id IN (SELECT id FROM registrations WHERE campaign_id = ? AND org_id = ?)`,
			`DELETE FROM registrations WHERE campaign_id = ? AND org_id = ?`,
		} {
			if _, err := f.st.DB().Exec(f.st.Rebind(q), c.ID, o.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.st.RecountRegistrations(context.Background()); err != nil { // the rows went around the store
		t.Fatal(err)
	}
	if err := f.st.RecountDeployments(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func TestMovementLaunchMovesBoardShare(t *testing.T) {
	f := MustFixture(t)
	c := demoCampaign(t, f)
	city, ward := mustOrgCode(t, f, demo.CityCode), mustOrgCode(t, f, "HT.TP.TRP")
	clearRecords(t, f, c, ward)
	launchAudit := bontot.AuditFilter{Action: "deployment.save", EntityID: ward.ID}
	audited, _, _ := f.st.AuditEntries(context.Background(), launchAudit)
	board := f.MustLogin(t, "bantochuc")
	view := fmt.Sprintf("/movement?org=%d&campaign=%d&year=2025", city.ID, c.ID)
	body := mustGetOK(t, board, view)
	before := stats(body)
	launched := done(t, before["stat-launched"])
	if total := strings.SplitN(before["stat-launched"], "/", 2)[1]; total == "0" {
		t.Fatalf("no grassroots organization counted: %v", before)
	}
	missing := pageTables(t, body)["bang-chua-phat-dong"]
	if !has(column(missing, 1), ward.Name) {
		t.Fatalf("%s is not in the not-launched list: %v", ward.Name, column(missing, 1))
	}

	// The ward's committee records its launch on its own page.
	committee := f.MustLogin(t, "danguy.tranphu")
	unit := fmt.Sprintf("/movement/orgs/%d?campaign=%d", ward.ID, c.ID)
	page := mustGetOK(t, committee, unit)
	if !strings.Contains(page, "Chưa ghi nhận lễ phát động") || !strings.Contains(page, `action="/movement/orgs/`+strconv.FormatInt(ward.ID, 10)+`/deployment"`) {
		t.Fatal("the committee's page offers no launch form")
	}
	form := url.Values{"campaign": {strconv.FormatInt(c.ID, 10)}, "launched_on": {"20/02/2023"}, "participants": {"85"},
		"launch_document": {"Kế hoạch số 05-KH/ĐU ngày 15/02/2023"}, "disseminated_on": {"25/02/2023"}, "deployed_on": {"19/02/2023"}}
	// A mistake keeps what was typed and says where.
	res, page := committee.post(fmt.Sprintf("/movement/orgs/%d/deployment", ward.ID), form)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "Ngày triển khai không thể trước ngày phát động") ||
		!strings.Contains(page, `value="Kế hoạch số 05-KH/ĐU ngày 15/02/2023"`) || !strings.Contains(page, `value="85"`) {
		t.Fatalf("bad date: status %d", res.StatusCode)
	}
	form.Set("deployed_on", "01/03/2023")
	if res, _ := committee.post(fmt.Sprintf("/movement/orgs/%d/deployment", ward.ID), form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: status %d", res.StatusCode)
	}
	page = mustGetOK(t, committee, unit)
	for _, want := range []string{"<dd>20/02/2023</dd>", "<dd>85</dd>", "<dd>01/03/2023</dd>", "bởi danguy.tranphu"} {
		if !strings.Contains(page, want) {
			t.Errorf("the unit page lacks %q", want)
		}
	}

	// The board's share moves by one and the ward leaves the list.
	body = mustGetOK(t, board, view)
	after := stats(body)
	if got := done(t, after["stat-launched"]); got != launched+1 {
		t.Errorf("launched %d → %d, want %d", launched, got, launched+1)
	}
	if got, was := done(t, after["stat-deployed"]), done(t, before["stat-deployed"]); got != was+1 {
		t.Errorf("deployed %d → %d", was, got)
	}
	if has(column(pageTables(t, body)["bang-chua-phat-dong"], 1), ward.Name) {
		t.Error("the ward is still in the not-launched list")
	}
	// Drill-down: above the city, the city is a child with its 64 grassroots organizations.
	admin := f.MustLogin(t, "quantri")
	province := mustOrgCode(t, f, "HT")
	body = mustGetOK(t, admin, fmt.Sprintf("/movement?org=%d&campaign=%d&year=2025", province.ID, c.ID))
	kids := pageTables(t, body)["bang-phat-dong-truc-thuoc"]
	if kids == nil || len(kids.rows) != 1 {
		t.Fatalf("province children: %+v", kids)
	}
	if r := kids.row(t, city.Name); r[1] != strings.SplitN(after["stat-launched"], "/", 2)[1] || r[2] != strconv.Itoa(launched+1) {
		t.Errorf("city row = %v, stats %v", r, after)
	}
	if link := kids.links[0]; !strings.Contains(link, "org="+strconv.FormatInt(city.ID, 10)) || !strings.HasPrefix(link, "/movement?") {
		t.Errorf("drill-down link %q", link)
	}
	// A board cannot record for a unit; a secretary cannot see the ward.
	if res, _ := board.post(fmt.Sprintf("/movement/orgs/%d/deployment", ward.ID), form); res.StatusCode != http.StatusForbidden {
		t.Errorf("board records: status %d", res.StatusCode)
	}
	if res, _ := f.MustLogin(t, "bithu.tdp4").get(unit); res.StatusCode != http.StatusNotFound {
		t.Errorf("secretary sees the ward: status %d", res.StatusCode)
	}
	entries, _, _ := f.st.AuditEntries(context.Background(), launchAudit)
	if len(entries) != len(audited)+1 || entries[0].Username != "danguy.tranphu" {
		t.Errorf("audit: %+v", entries)
	}
}

// registrationForm is a filled form of three targets, one countable, plus one blank row.
func registrationForm(org, campaign int64) url.Values {
	return url.Values{
		"org": {strconv.FormatInt(org, 10)}, "campaign": {strconv.FormatInt(campaign, 10)}, "year": {"2025"},
		"signed_on": {"12/01/2025"}, "rows": {"4"},
		"t0_criterion": {"4"}, "t0_text": {"Kết nạp đảng viên mới"}, "t0_countable": {"1"}, "t0_planned": {"2"}, "t0_unit": {"đảng viên"},
		"t1_criterion": {"2"}, "t1_text": {"Sinh hoạt chi bộ đúng kỳ, có chất lượng"},
		"t2_criterion": {"3"}, "t2_text": {"Không có đảng viên vi phạm kỷ luật"},
		"t3_criterion": {"1"},
	}
}

var reRegID = regexp.MustCompile(`^/registrations/(\d+)$`)

func TestRegistrationWorkflowFromSecretaryToCommittee(t *testing.T) {
	f := MustFixture(t)
	ctx := context.Background()
	c := demoCampaign(t, f)
	cell := mustOrgCode(t, f, "HT.TP.TRP.TDP4")
	clearRecords(t, f, c, cell)
	sec := f.MustLogin(t, "bithu.tdp4")
	committee := f.MustLogin(t, "danguy.tranphu")
	wardView := fmt.Sprintf("/movement?org=%d&campaign=%d&year=2025", cell.ParentID, c.ID)
	acknowledged := done(t, stats(mustGetOK(t, committee, wardView))["stat-acknowledged"])

	// Her /movement is her cell's page, with a button to register 2025.
	res, _ := sec.get("/movement")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), fmt.Sprintf("/movement/orgs/%d", cell.ID)) {
		t.Fatalf("secretary's /movement: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	unit := fmt.Sprintf("/movement/orgs/%d?campaign=%d", cell.ID, c.ID)
	newLink := fmt.Sprintf("/registrations/new?org=%d&amp;campaign=%d&amp;year=2025", cell.ID, c.ID)
	if page := mustGetOK(t, sec, unit); !strings.Contains(page, newLink) || !strings.Contains(page, "Chi bộ thực hiện theo lễ phát động của") {
		t.Fatal("the cell's page has no registration button or no committee launch line")
	}
	page := mustGetOK(t, sec, strings.ReplaceAll(newLink, "&amp;", "&"))
	if strings.Count(page, `<fieldset class="mv-row`) != 4 {
		t.Errorf("a new registration offers %d rows, want 4", strings.Count(page, `<fieldset class="mv-row`))
	}

	// "Thêm chỉ tiêu" adds a row and saves nothing.
	v := registrationForm(cell.ID, c.ID)
	v.Set("add", "1")
	res, page = sec.post("/registrations", v)
	if res.StatusCode != http.StatusOK || strings.Count(page, `<fieldset class="mv-row`) != 5 || !strings.Contains(page, "Không có đảng viên vi phạm kỷ luật") {
		t.Fatalf("add row: status %d, %d rows", res.StatusCode, strings.Count(page, `<fieldset class="mv-row`))
	}
	if _, err := f.st.RegistrationOf(ctx, c.ID, 2025, cell.ID); bontot.ErrorCode(err) != bontot.ENOTFOUND {
		t.Fatalf("add row saved something: %v", err)
	}
	// A countable target without its number is refused beside its own row, keeping the rest.
	v.Del("add")
	v.Set("t0_planned", "")
	v.Set("send", "1")
	res, page = sec.post("/registrations", v)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "cần số kế hoạch") || !strings.Contains(page, "Sinh hoạt chi bộ đúng kỳ, có chất lượng") {
		t.Fatalf("missing number: status %d", res.StatusCode)
	}
	if !regexp.MustCompile(`(?s)id="row-0".*?cần số kế hoạch.*?id="row-1"`).MatchString(page) {
		t.Error("the message is not beside the first row")
	}
	// Saved and sent in one submit.
	v.Set("t0_planned", "2")
	res, _ = sec.post("/registrations", v)
	m := reRegID.FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("create and send: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	regPath := "/registrations/" + m[1]
	page = mustGetOK(t, sec, regPath)
	for _, want := range []string{"Chờ cấp trên xác nhận", "Kế hoạch: <strong>2 đảng viên</strong>", "12/01/2025", "Tiêu chí 4. Cán bộ, đảng viên tốt"} {
		if !strings.Contains(page, want) {
			t.Errorf("the sent registration lacks %q", want)
		}
	}
	if strings.Contains(page, `value="acknowledge"`) {
		t.Error("the secretary may acknowledge her own registration")
	}
	if got := len(mustReg(t, f, id).Targets); got != 3 {
		t.Errorf("%d targets stored, want 3 (the blank row is ignored)", got)
	}

	// The committee returns it with a note (a return without one is refused).
	page = mustGetOK(t, committee, regPath)
	if !strings.Contains(page, `value="acknowledge"`) || !strings.Contains(page, `value="return"`) {
		t.Fatal("the committee sees no acknowledge/return buttons")
	}
	res, page = committee.post(regPath+"/transition", url.Values{"action": {"return"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "Vui lòng ghi lý do trả lại") {
		t.Fatalf("return without note: %d", res.StatusCode)
	}
	note := "Chỉ tiêu kết nạp cần ghi rõ số quần chúng ưu tú được bồi dưỡng."
	if res, _ := committee.post(regPath+"/transition", url.Values{"action": {"return"}, "note": {note}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("return: %d", res.StatusCode)
	}
	// She sees why, fixes it and sends it again.
	page = mustGetOK(t, sec, regPath+"/edit")
	if !strings.Contains(page, note) || !strings.Contains(page, `value="Kết nạp đảng viên mới"`) && !strings.Contains(page, ">Kết nạp đảng viên mới</textarea>") {
		t.Fatal("the edit form lacks the note or the stored targets")
	}
	reg := mustReg(t, f, id)
	edit := url.Values{"version": {strconv.Itoa(reg.Version)}, "rows": {"3"}, "signed_on": {"12/01/2025"}, "send": {"1"},
		"t0_criterion": {"4"}, "t0_text": {"Kết nạp 2 đảng viên mới, bồi dưỡng 3 quần chúng ưu tú"}, "t0_countable": {"1"}, "t0_planned": {"2"}, "t0_unit": {"đảng viên"},
		"t1_criterion": {"2"}, "t1_text": {"Sinh hoạt chi bộ đúng kỳ, có chất lượng"},
		"t2_criterion": {"3"}, "t2_text": {"Không có đảng viên vi phạm kỷ luật"}}
	if res, _ := sec.post(regPath, edit); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != regPath {
		t.Fatalf("resend: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if reg = mustReg(t, f, id); reg.Status != bontot.RegSent || !strings.Contains(reg.Targets[0].Text, "quần chúng ưu tú") {
		t.Fatalf("after resending: %s %q", reg.Status, reg.Targets[0].Text)
	}

	// The committee acknowledges.
	if res, _ := committee.post(regPath+"/transition", url.Values{"action": {"acknowledge"}, "version": {strconv.Itoa(reg.Version)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("acknowledge: %d", res.StatusCode)
	}
	page = mustGetOK(t, sec, regPath)
	if !strings.Contains(page, "Đã được xác nhận") || !strings.Contains(page, "bởi danguy.tranphu") || !strings.Contains(page, "Ghi kết quả thực hiện") {
		t.Error("the acknowledged registration page is incomplete")
	}
	if _, _, ok, _ := f.st.TargetFacts(ctx, c.ID, 2025, cell.ID); !ok {
		t.Error("TargetFacts: not registered")
	}

	// Year end: achievements, then TargetFacts gives 3 registered, 2 met.
	page = mustGetOK(t, sec, regPath+"/results")
	reg = mustReg(t, f, id)
	results := url.Values{"version": {strconv.Itoa(reg.Version)}, "a0": {"abc"}, "m1": {"1"}, "m2": {"0"}, "n2": {"Một đảng viên bị khiển trách"}}
	res, page = sec.post(regPath+"/results", results)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, `value="abc"`) || !strings.Contains(page, `value="Một đảng viên bị khiển trách"`) {
		t.Fatalf("bad number: %d", res.StatusCode)
	}
	results.Set("a0", "2")
	if res, _ := sec.post(regPath+"/results", results); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("results: %d", res.StatusCode)
	}
	registered, met, ok, err := f.st.TargetFacts(ctx, c.ID, 2025, cell.ID)
	if err != nil || !ok || registered != 3 || met != 2 {
		t.Errorf("TargetFacts = %d registered, %d met, %v, %v; want 3, 2", registered, met, ok, err)
	}
	page = mustGetOK(t, sec, regPath)
	if !strings.Contains(page, `id="reg-met">đạt 2/3<`) || !strings.Contains(page, "Thực hiện: <strong>2 đảng viên</strong>") {
		t.Error("the page does not show 2 of 3 met")
	}
	events, _ := f.st.RegistrationEvents(ctx, id)
	if len(events) != 4 {
		t.Errorf("%d workflow steps, want 4 (send, return, send, acknowledge)", len(events))
	}
	// The committee's board view counts the cell as registered.
	body := mustGetOK(t, committee, wardView)
	if done(t, stats(body)["stat-acknowledged"]) != acknowledged+1 || has(column(pageTables(t, body)["bang-chua-dang-ky"], 1), cell.Name) {
		t.Error("the ward's view does not count the acknowledged registration")
	}
}

var reNext = regexp.MustCompile(`<a rel="next" href="([^"]+)">`)

// nextPage is the link to the next page of a table's list, or "".
func nextPage(body, table string) string {
	for _, m := range reNext.FindAllStringSubmatch(body, -1) {
		if link := html.UnescapeString(m[1]); strings.HasSuffix(link, "#"+table) {
			return strings.TrimSuffix(link, "#"+table)
		}
	}
	return ""
}

func mustReg(t *testing.T, f *fixture, id int64) *bontot.Registration {
	t.Helper()
	r, err := f.st.Registration(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRegistrationSignedDocument(t *testing.T) {
	f := MustFixture(t)
	c := demoCampaign(t, f)
	cell := mustOrgCode(t, f, "HT.TP.TRP.TDP4")
	clearRecords(t, f, c, cell)
	sec := f.MustLogin(t, "bithu.tdp4")
	v := registrationForm(cell.ID, c.ID)
	v.Set("save", "1")
	res, _ := sec.post("/registrations", v)
	regPath := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !reRegID.MatchString(regPath) {
		t.Fatalf("save draft: %d %s", res.StatusCode, regPath)
	}
	if page := mustGetOK(t, sec, regPath); !strings.Contains(page, "Đang soạn") || !strings.Contains(page, `enctype="multipart/form-data"`) {
		t.Fatal("the draft offers no upload")
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "ban-dang-ky-ky.pdf")
	fw.Write([]byte("%PDF-1.4 bản đăng ký"))
	mw.Close()
	res, _ = sec.do("POST", regPath+"/document", body.String(), mw.FormDataContentType())
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d", res.StatusCode)
	}
	res, data := sec.get(regPath + "/document")
	if res.StatusCode != http.StatusOK || data != "%PDF-1.4 bản đăng ký" || !strings.Contains(res.Header.Get("Content-Disposition"), "ban-dang-ky-ky.pdf") {
		t.Fatalf("download: %d %q %q", res.StatusCode, data, res.Header.Get("Content-Disposition"))
	}
	// The committee reads it; a cell of another ward cannot.
	if res, _ := f.MustLogin(t, "danguy.tranphu").get(regPath + "/document"); res.StatusCode != http.StatusOK {
		t.Errorf("committee download: %d", res.StatusCode)
	}
	if res, _ := f.MustLogin(t, "phutrach").get(regPath + "/document"); res.StatusCode != http.StatusNotFound {
		t.Errorf("sponsor of another ward: %d", res.StatusCode)
	}
}

func TestMovementOutOfScopeIs404(t *testing.T) {
	f := MustFixture(t)
	ctx := context.Background()
	c := demoCampaign(t, f)
	other := mustOrgCode(t, f, "HT.TP.NDU.TDP1")
	clearRecords(t, f, c, other)
	reg := &bontot.Registration{CampaignID: c.ID, Year: 2025, OrgID: other.ID, Targets: []bontot.Target{{Criterion: 1, Text: "Hoàn thành nhiệm vụ"}}}
	if err := f.st.CreateRegistration(ctx, storeSystem, reg); err != nil {
		t.Fatal(err)
	}
	ndu := mustOrgCode(t, f, "HT.TP.NDU")
	committee := f.MustLogin(t, "danguy.tranphu")
	for _, path := range []string{
		fmt.Sprintf("/registrations/%d", reg.ID), fmt.Sprintf("/registrations/%d/edit", reg.ID), fmt.Sprintf("/registrations/%d/results", reg.ID),
		fmt.Sprintf("/movement/orgs/%d?campaign=%d", ndu.ID, c.ID), fmt.Sprintf("/movement/orgs/%d?campaign=%d", other.ID, c.ID),
		fmt.Sprintf("/movement?org=%d&campaign=%d", ndu.ID, c.ID), fmt.Sprintf("/movement/export?table=chua-dang-ky&org=%d&campaign=%d", ndu.ID, c.ID),
		fmt.Sprintf("/registrations/new?org=%d&campaign=%d&year=2025", other.ID, c.ID), fmt.Sprintf("/movement?org=%d", f.other.ID),
		"/registrations/999999", fmt.Sprintf("/movement/orgs/%d?campaign=999999", mustOrgCode(t, f, "HT.TP.TRP").ID),
	} {
		if res, _ := committee.get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, res.StatusCode)
		}
	}
	for _, path := range []string{fmt.Sprintf("/registrations/%d/transition", reg.ID), fmt.Sprintf("/registrations/%d", reg.ID)} {
		if res, _ := committee.post(path, url.Values{"action": {"acknowledge"}}); res.StatusCode != http.StatusNotFound {
			t.Errorf("POST %s: status %d, want 404", path, res.StatusCode)
		}
	}
	if res, _ := committee.post(fmt.Sprintf("/movement/orgs/%d/deployment", ndu.ID), url.Values{"campaign": {strconv.FormatInt(c.ID, 10)}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("deployment of another ward: status %d", res.StatusCode)
	}
}

// TestMovementExportsMatchPage downloads both late lists (and the children
// tables) and reads them back: the same rows as the page, numbers as numbers.
func TestMovementExportsMatchPage(t *testing.T) {
	f := MustFixture(t)
	ctx := context.Background()
	c := demoCampaign(t, f)
	city := mustOrgCode(t, f, demo.CityCode)
	// One registration sent, one draft, so that the lists differ from "everybody".
	for i, code := range []string{"HT.TP.TRP.TDP4", "HT.TP.TRP.TDP1"} {
		o := mustOrgCode(t, f, code)
		clearRecords(t, f, c, o)
		reg := &bontot.Registration{CampaignID: c.ID, Year: 2025, OrgID: o.ID, Targets: []bontot.Target{{Criterion: 1, Text: "Hoàn thành nhiệm vụ"}}}
		if err := f.st.CreateRegistration(ctx, storeSystem, reg); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if err := f.st.TransitionRegistration(ctx, storeSystem, reg.ID, 0, bontot.RegSend, ""); err != nil {
				t.Fatal(err)
			}
		}
	}
	board, admin := f.MustLogin(t, "bantochuc"), f.MustLogin(t, "quantri")
	for _, p := range []struct {
		c           *client
		path, table string
	}{
		{board, fmt.Sprintf("/movement?org=%d&campaign=%d&year=2025", city.ID, c.ID), "bang-chua-phat-dong"},
		{admin, fmt.Sprintf("/movement?org=%d&campaign=%d&year=2025", mustOrgCode(t, f, "HT").ID, c.ID), "bang-phat-dong-truc-thuoc"},
		{board, fmt.Sprintf("/movement?org=%d&campaign=%d&year=2025", city.ID, c.ID), "bang-dang-ky-truc-thuoc"},
		{board, fmt.Sprintf("/movement?org=%d&campaign=%d&year=2025", mustOrgCode(t, f, "HT.TP.TRP").ID, c.ID), "bang-chua-dang-ky"},
	} {
		board := p.c
		t.Run(p.table, func(t *testing.T) {
			body := mustGetOK(t, board, p.path)
			pt := pageTables(t, body)[p.table]
			if pt == nil || pt.export == "" || len(pt.rows) == 0 {
				t.Fatalf("%s has no %s with rows and an export link", p.path, p.table)
			}
			// A long list is paged on screen and whole in the file: gather the pages.
			for next := nextPage(body, p.table); next != ""; next = nextPage(body, p.table) {
				body = mustGetOK(t, board, next)
				more := pageTables(t, body)[p.table]
				pt.rows = append(pt.rows, more.rows...)
			}
			res, data := board.get(pt.export)
			if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Content-Disposition"), ".xlsx") {
				t.Fatalf("GET %s: status %d, %q", pt.export, res.StatusCode, res.Header.Get("Content-Disposition"))
			}
			wb, err := excelize.OpenReader(bytes.NewReader([]byte(data)))
			if err != nil {
				t.Fatal(err)
			}
			defer wb.Close()
			sheet := wb.GetSheetList()[0]
			rows, err := wb.GetRows(sheet, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			rows = rows[xlsx.HeaderRow:]
			if len(rows) != len(pt.rows) {
				t.Fatalf("%d rows in the file, %d on the page", len(rows), len(pt.rows))
			}
			for i, row := range pt.rows {
				for j, shown := range row {
					var got string
					if j < len(rows[i]) {
						got = rows[i][j]
					}
					if !sameValue(shown, got) {
						t.Errorf("row %d column %d: page %q, file %q", i+1, j+1, shown, got)
					}
					if _, isNum := pageNumber(shown); isNum {
						ref, _ := excelize.CoordinatesToCellName(j+1, xlsx.HeaderRow+1+i)
						if typ, _ := wb.GetCellType(sheet, ref); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
							t.Errorf("%s (%s) is stored as %v, not a number", ref, shown, typ)
						}
					}
				}
			}
			if p.table == "bang-chua-dang-ky" {
				names := column(pt, 1)
				if has(names, "Chi bộ TDP 4") || !has(names, "Chi bộ TDP 1") {
					t.Errorf("unsent list %v: TDP 4 sent, TDP 1 a draft", names)
				}
			}
		})
	}
	if entries, _, _ := f.st.AuditEntries(ctx, bontot.AuditFilter{Action: "movement.export"}); len(entries) != 4 {
		t.Errorf("%d export audit entries, want 4", len(entries))
	}
}

// TestMovementPagesOnPhone checks the phone-first rules on the pages a
// secretary uses: no table wider than the screen on her unit page, large
// tap targets for the form's actions, dates written dd/mm/yyyy.
func TestMovementPagesOnPhone(t *testing.T) {
	f := MustFixture(t)
	c := demoCampaign(t, f)
	cell := mustOrgCode(t, f, "HT.TP.TRP.TDP4")
	clearRecords(t, f, c, cell)
	sec := f.MustLogin(t, "bithu.tdp4")
	page := mustGetOK(t, sec, fmt.Sprintf("/registrations/new?org=%d&campaign=%d&year=2025", cell.ID, c.ID))
	for _, want := range []string{`name="viewport"`, `placeholder="dd/mm/yyyy"`, `inputmode="decimal"`, "Lưu và gửi cấp trên", `class="actions sticky-actions"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the form lacks %q", want)
		}
	}
	if page := mustGetOK(t, sec, fmt.Sprintf("/movement/orgs/%d?campaign=%d", cell.ID, c.ID)); strings.Contains(page, "<table") {
		t.Error("the secretary's unit page has a table")
	}
}
