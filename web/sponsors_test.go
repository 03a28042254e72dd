package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"bontot"
	"bontot/demo"
	"bontot/store"
	"bontot/xlsx"
)

func id64(id int64) string { return strconv.FormatInt(id, 10) }

// mustStatus fails the test unless res has the wanted status.
func mustStatus(t *testing.T, what string, res *http.Response, body string, want int) {
	t.Helper()
	if res.StatusCode != want {
		if len(body) > 3000 {
			body = body[:3000]
		}
		t.Fatalf("%s: status %d, want %d\n%s", what, res.StatusCode, want, body)
	}
}

// The year's sponsor work end to end: the board assigns, the sponsor
// visits and recommends, the cell resolves, the board sees coverage.
func TestSponsorAssignVisitResolveCoverage(t *testing.T) {
	f := MustFixture(t)
	ctx := context.Background()
	city, tdp1, tdp2 := mustOrgCode(t, f, "HT.TP"), mustOrgCode(t, f, "HT.TP.NDU.TDP1"), mustOrgCode(t, f, "HT.TP.NDU.TDP2")
	today := f.st.Today()
	board := f.MustLogin(t, "bantochuc")

	// The board adds its department…
	res, body := board.post("/sponsors/groups", url.Values{"org": {id64(city.ID)}, "name": {"Đoàn công tác số 9"}, "kind": {"department"}})
	mustStatus(t, "create group", res, body, http.StatusSeeOther)
	groups, err := f.st.SponsorGroups(ctx, city.Path)
	var g *bontot.SponsorGroup
	for _, x := range groups {
		if x.Name == "Đoàn công tác số 9" {
			g = x
		}
	}
	if err != nil || g == nil {
		t.Fatalf("groups = %v, %v; want the new one among the demo's", groups, err)
	}

	// …and assigns it to two cells of Nguyễn Du, one ticked and one by code.
	// A mistake keeps what was typed.
	assign := url.Values{"group": {id64(g.ID)}, "unit": {id64(tdp1.ID)}, "codes": {"HT.TP.NDU.TDP2"}, "officers": {"phutrach\nTrần Văn Bình"},
		"cadence": {"chín mươi"}, "from": {today.String()}}
	res, body = board.post("/sponsors/assignments", assign)
	mustStatus(t, "assignment with a bad cadence", res, body, http.StatusUnprocessableEntity)
	for _, kept := range []string{"Trần Văn Bình", "chín mươi", "HT.TP.NDU.TDP2", `value="` + id64(tdp1.ID) + `" checked`} {
		if !strings.Contains(body, kept) {
			t.Errorf("the refused form lost %q", kept)
		}
	}
	assign.Set("cadence", "90")
	res, body = board.post("/sponsors/assignments", assign)
	mustStatus(t, "assign", res, body, http.StatusSeeOther)
	officer, _ := f.st.UserByUsername(ctx, "phutrach")
	all, _, _ := f.st.Assignments(ctx, bontot.AssignmentFilter{OfficerID: officer.ID, Active: true})
	var mine []*bontot.Assignment // the new ones, beside the demo's Nguyễn Du assignment
	for _, a := range all {
		if a.GroupID == g.ID {
			mine = append(mine, a)
		}
	}
	if len(mine) != 2 || mine[0].CadenceDays != 90 {
		t.Fatalf("phutrach's new assignments = %v", mine)
	}

	// The sponsor sees the units and logs a visit to TDP 1.
	sponsor := f.MustLogin(t, "phutrach")
	body = mustGetOK(t, sponsor, "/sponsors")
	for _, want := range []string{"Đơn vị tôi phụ trách", "Chi bộ TDP 1", "Chi bộ TDP 2", "Đoàn công tác số 9"} {
		if !strings.Contains(body, want) {
			t.Errorf("the sponsor's page lacks %q", want)
		}
	}
	mustGetOK(t, sponsor, "/sponsors/visits/new")
	body = mustGetOK(t, sponsor, "/sponsors/visits/new?org="+id64(tdp1.ID))
	if !strings.Contains(body, "Nguyễn Thị Lan") || !strings.Contains(body, `name="rec2_text"`) {
		t.Error("the visit form is not pre-filled with the officer and three rows")
	}
	due := bontot.DateOf(today.Time().AddDate(0, 0, 30))
	visit := url.Values{"org": {id64(tdp1.ID)}, "rows": {"3"}, "on": {""}, "officer": {"Nguyễn Thị Lan"},
		"strengths": {"Chi bộ duy trì sinh hoạt nền nếp."}, "shortcomings": {"Còn ít ý kiến phát biểu."},
		"rec0_text": {"Tăng cường sinh hoạt chuyên đề."}, "rec0_due": {due.String()},
		"rec2_text": {"Cập nhật sổ ghi biên bản."}, "rec2_due": {"31/02/2030"}}
	res, body = sponsor.post("/sponsors/visits", visit)
	mustStatus(t, "visit without a date", res, body, http.StatusUnprocessableEntity)
	for _, kept := range []string{"Chi bộ duy trì sinh hoạt nền nếp.", "Cập nhật sổ ghi biên bản.", "không có thật"} {
		if !strings.Contains(body, kept) {
			t.Errorf("the refused visit lost %q", kept)
		}
	}
	res, body = sponsor.post("/sponsors/visits", mergeValues(visit, url.Values{"more": {"1"}}))
	mustStatus(t, "more rows", res, body, http.StatusOK)
	if !strings.Contains(body, `name="rec4_text"`) {
		t.Error("“Thêm kiến nghị” did not add rows")
	}
	visit.Set("on", today.String())
	visit.Set("rec2_due", due.String())
	res, body = sponsor.post("/sponsors/visits", visit)
	mustStatus(t, "log the visit", res, body, http.StatusSeeOther)
	visitURL := res.Header.Get("Location")
	body = mustGetOK(t, sponsor, visitURL)
	for _, want := range []string{"Tăng cường sinh hoạt chuyên đề.", "Cập nhật sổ ghi biên bản.", "Chưa thực hiện", due.String()} {
		if !strings.Contains(body, want) {
			t.Errorf("the visit page lacks %q", want)
		}
	}
	recs, _, _ := f.st.Recommendations(ctx, bontot.RecommendationFilter{OwnerID: tdp1.ID})
	if len(recs) != 2 || recs[0].Due != due {
		t.Fatalf("recommendations of TDP 1 = %v", recs)
	}

	// The cell's secretary resolves the first with its evidence.
	if err := f.st.CreateUser(ctx, store.System, &bontot.User{Username: "bithu.ndu1", FullName: "Phan Thị Mai",
		Grants: []bontot.Grant{{Role: bontot.RoleSecretary, OrgID: tdp1.ID}}}, demo.Password); err != nil {
		t.Fatal(err)
	}
	secretary := f.MustLogin(t, "bithu.ndu1")
	body = mustGetOK(t, secretary, "/sponsors/recommendations")
	if !strings.Contains(body, "Tăng cường sinh hoạt chuyên đề.") || !strings.Contains(body, "Cập nhật sổ ghi biên bản.") {
		t.Error("the secretary's list lacks the recommendations")
	}
	recURL := "/sponsors/recommendations/" + id64(recs[0].ID)
	mustGetOK(t, secretary, recURL)
	res, body = secretary.post(recURL, url.Values{"status": {"resolved"}, "resolved_on": {today.String()}, "note": {"Đã bàn ở chi ủy"}})
	mustStatus(t, "resolve without evidence", res, body, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "minh chứng") || !strings.Contains(body, "Đã bàn ở chi ủy") {
		t.Error("the refused change has no message or lost the note")
	}
	res, body = secretary.post(recURL, url.Values{"status": {"resolved"}, "resolved_on": {today.String()}, "resolution": {"Nghị quyết chi bộ: mỗi quý một chuyên đề."}})
	mustStatus(t, "resolve", res, body, http.StatusSeeOther)
	if r, _ := f.st.Recommendation(ctx, recs[0].ID); r.Status != bontot.RecResolved || !r.OnTime() || r.Resolution == "" {
		t.Errorf("after resolving: %+v", r)
	}
	body = mustGetOK(t, secretary, recURL)
	if !strings.Contains(body, "bithu.ndu1") || !strings.Contains(body, "Nghị quyết chi bộ") {
		t.Error("the history does not show the secretary's change")
	}

	// Coverage: TDP 2 is assigned and never visited (each cell's own subtree,
	// so the demo's assignments of the wards stay out of the lists).
	tables := pageTables(t, mustGetOK(t, board, "/sponsors/coverage?under="+id64(tdp2.ID)))
	if pt := tables["never"]; pt == nil || len(pt.rows) != 1 || pt.rows[0][0] != tdp2.Name || pt.rows[0][1] != tdp2.Code {
		t.Errorf("never visited = %+v", tables["never"])
	}
	coverage := "/sponsors/coverage?under=" + id64(tdp1.ID)
	tables = pageTables(t, mustGetOK(t, board, coverage))
	if pt := tables["recommendations"]; pt == nil || len(pt.rows) != 0 {
		t.Errorf("overdue recommendations today = %+v", pt)
	}

	// Forty-five days later the second recommendation is late; TDP 2 still has till day 90.
	f.st.Now = func() time.Time { return time.Now().UTC().AddDate(0, 0, 45) }
	later := f.st.Today()
	tables = pageTables(t, mustGetOK(t, board, coverage))
	pt := tables["recommendations"]
	if pt == nil || len(pt.rows) != 1 || pt.rows[0][0] != tdp1.Name || pt.rows[0][1] != "Cập nhật sổ ghi biên bản." || pt.rows[0][5] != "15" {
		t.Fatalf("overdue recommendations 45 days later = %+v", pt)
	}
	if len(tables["visits"].rows) != 0 {
		t.Errorf("visits overdue 45 days later = %v", tables["visits"].rows)
	}
	// The export holds the rows shown.
	res, data := board.get(pt.export)
	mustStatus(t, "export", res, "", http.StatusOK)
	if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, "kien-nghi-qua-han") {
		t.Errorf("Content-Disposition %q", cd)
	}
	wb, err := excelize.OpenReader(bytes.NewReader([]byte(data)))
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	rows, err := wb.GetRows(wb.GetSheetList()[0], excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	rows = rows[xlsx.HeaderRow:]
	if len(rows) != len(pt.rows) {
		t.Fatalf("%d rows in the file, %d on the page", len(rows), len(pt.rows))
	}
	for i, row := range pt.rows {
		for j, shown := range row {
			if got := rows[i][j]; got != shown {
				t.Errorf("row %d column %d: page %q, file %q", i+1, j+1, shown, got)
			}
		}
	}

	// At a later visit the sponsor reviews the open recommendation.
	res, body = sponsor.post("/sponsors/visits", url.Values{"org": {id64(tdp1.ID)}, "on": {later.String()}, "officer": {"Nguyễn Thị Lan"},
		"strengths": {"Đã có chuyên đề quý."}})
	mustStatus(t, "second visit", res, body, http.StatusSeeOther)
	second := res.Header.Get("Location")
	body = mustGetOK(t, sponsor, second)
	p := "r" + id64(recs[1].ID) + "_"
	if !strings.Contains(body, `name="`+p+`status"`) {
		t.Fatal("the later visit does not offer to review the open recommendation")
	}
	res, body = sponsor.post(second+"/review", url.Values{p + "status": {"in_progress"}, p + "note": {"Chi bộ đang cập nhật sổ."}})
	mustStatus(t, "review", res, body, http.StatusSeeOther)
	events, _ := f.st.RecommendationEvents(ctx, recs[1].ID)
	if last := events[len(events)-1]; last.To != bontot.RecInProgress || last.VisitID == 0 || last.Username != "phutrach" {
		t.Errorf("review event = %+v", last)
	}
	// After the cadence the other cell is late.
	f.st.Now = func() time.Time { return time.Now().UTC().AddDate(0, 0, 95) }
	tables = pageTables(t, mustGetOK(t, board, "/sponsors/coverage?under="+id64(tdp2.ID)))
	if rows := tables["visits"].rows; len(rows) != 1 || rows[0][0] != tdp2.Name || rows[0][5] != "Chưa có" {
		t.Errorf("visits overdue after 95 days = %v", rows)
	}
	entries, _, _ := f.st.AuditEntries(ctx, bontot.AuditFilter{Action: "sponsors.export"})
	if len(entries) != 1 || entries[0].Username != "bantochuc" {
		t.Errorf("export audit = %v", entries)
	}
}

func mergeValues(a, b url.Values) url.Values {
	out := url.Values{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// Sponsor records outside the user's reach answer 404, whatever the id.
func TestSponsorOutOfScopeIs404(t *testing.T) {
	f := MustFixture(t)
	ctx := context.Background()
	tdp4 := mustOrgCode(t, f, "HT.TP.TRP.TDP4")
	v := &bontot.Visit{OrgID: f.other.ID, On: f.st.Today(), Officer: "Cán bộ ngoài", Strengths: "Tốt"}
	rec := &bontot.Recommendation{Text: "Việc ngoài phạm vi", Due: f.st.Today()}
	if err := f.st.CreateVisit(ctx, store.System, v, []*bontot.Recommendation{rec}); err != nil {
		t.Fatal(err)
	}
	pages := []string{"/sponsors/visits/" + id64(v.ID), "/sponsors/recommendations/" + id64(rec.ID), "/sponsors/visits/new?org=" + id64(f.other.ID),
		"/sponsors/coverage?under=" + id64(f.other.ID), "/sponsors/visits/999999", "/sponsors/recommendations/abc", "/inspections/999999"}
	for _, login := range []string{"bantochuc", "phutrach", "bithu.tdp4"} {
		c := f.MustLogin(t, login)
		for _, p := range pages {
			if res, body := c.get(p); res.StatusCode != http.StatusNotFound || strings.Contains(body, "Việc ngoài phạm vi") {
				t.Errorf("%s GET %s: status %d, want 404", login, p, res.StatusCode)
			}
		}
		res, _ := c.post("/sponsors/recommendations/"+id64(rec.ID), url.Values{"status": {"resolved"}, "resolved_on": {f.st.Today().String()}, "resolution": {"x"}})
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s changes a recommendation outside: status %d", login, res.StatusCode)
		}
	}
	// A sponsor of Nguyễn Du may not log a visit in Trần Phú.
	c := f.MustLogin(t, "phutrach")
	if res, _ := c.post("/sponsors/visits", url.Values{"org": {id64(tdp4.ID)}, "on": {f.st.Today().String()}, "officer": {"Lan"}, "strengths": {"x"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("visit outside the sponsor's subtree: status %d", res.StatusCode)
	}
	if r, _ := f.st.Recommendation(ctx, rec.ID); r.Status != bontot.RecOpen {
		t.Error("a recommendation outside the scope was changed")
	}
}

// Inspection: the board plans, records a finding with a follow-up item, and
// the item is followed like a recommendation.
func TestInspectionPlanAndFinding(t *testing.T) {
	f := MustFixture(t)
	ctx := context.Background()
	city, ndu, tdp3 := mustOrgCode(t, f, "HT.TP"), mustOrgCode(t, f, "HT.TP.NDU"), mustOrgCode(t, f, "HT.TP.NDU.TDP3")
	board := f.MustLogin(t, "bantochuc")
	today := f.st.Today()
	res, body := board.get("/inspections?find=1&q=nguyen+du&name=KH+so+3")
	mustStatus(t, "search units", res, body, http.StatusOK)
	if !strings.Contains(body, `value="`+id64(ndu.ID)+`"`) || !strings.Contains(body, "KH so 3") {
		t.Error("the unit search inside the plan form lost the form or found nothing")
	}
	plan := url.Values{"issuer": {id64(city.ID)}, "name": {"Kế hoạch kiểm tra số 03-KH/UBKT"}, "kind": {"inspection"}, "from": {today.String()},
		"to": {bontot.DateOf(today.Time().AddDate(0, 1, 0)).String()}, "content": {"Kiểm tra chế độ sinh hoạt chi bộ."}, "unit": {id64(ndu.ID)}}
	res, body = board.post("/inspections", plan)
	mustStatus(t, "create plan", res, body, http.StatusSeeOther)
	planURL := res.Header.Get("Location")
	body = mustGetOK(t, board, planURL)
	if !strings.Contains(body, "Đảng bộ phường Nguyễn Du") || !strings.Contains(body, "chưa kết luận") {
		t.Error("the plan page lacks its subject")
	}
	finding := url.Values{"unit_code": {"HT.TP.NDU.TDP3"}, "on": {today.String()}, "findings": {"Sổ biên bản chưa ghi đủ."},
		"conclusion": {"Cơ bản thực hiện tốt."}, "rows": {"3"}, "rec0_text": {"Ghi biên bản đầy đủ."}, "rec0_due": {"xx"}}
	res, body = board.post(planURL+"/findings", finding)
	mustStatus(t, "finding with a bad due date", res, body, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "Sổ biên bản chưa ghi đủ.") {
		t.Error("the refused finding lost what was typed")
	}
	finding.Set("rec0_due", bontot.DateOf(today.Time().AddDate(0, 0, 20)).String())
	res, body = board.post(planURL+"/findings", finding)
	mustStatus(t, "finding", res, body, http.StatusSeeOther)
	body = mustGetOK(t, board, res.Header.Get("Location"))
	if !strings.Contains(body, "Ghi biên bản đầy đủ.") || !strings.Contains(body, tdp3.Name) {
		t.Error("the finding page lacks its follow-up item")
	}
	items, _, _ := f.st.Recommendations(ctx, bontot.RecommendationFilter{OwnerID: tdp3.ID})
	if len(items) != 1 || items[0].Source != bontot.SourceInspection {
		t.Fatalf("follow-up items = %v", items)
	}
	// The ward's committee sees the plan through its subject, not other plans.
	c := f.MustLogin(t, "phutrach")
	body = mustGetOK(t, c, "/inspections")
	if !strings.Contains(body, "03-KH/UBKT") {
		t.Error("the plan is not listed for a reader of its subject")
	}
	mustGetOK(t, c, planURL)
	if res, _ := f.MustLogin(t, "danguy.tranphu").get(planURL); res.StatusCode != http.StatusNotFound {
		t.Errorf("another ward reads the plan: status %d", res.StatusCode)
	}
}
