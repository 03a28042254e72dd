package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"bontot"
	"bontot/store"
)

// A sponsor corrects their own visit: the form comes pre-filled, a bad date
// keeps what was typed and says why, the saved text shows on the visit's
// page. Others who may read the visit may not change it.
func TestVisitEdit(t *testing.T) {
	f := MustFixture(t)
	tdp1 := mustOrgCode(t, f, "HT.TP.NDU.TDP1")
	today := f.st.Today()
	sponsor := f.MustLogin(t, "phutrach")
	res, body := sponsor.post("/sponsors/visits", url.Values{"org": {id64(tdp1.ID)}, "rows": {"3"}, "on": {today.String()},
		"officer": {"Nguyễn Thị Lan"}, "strengths": {"Sinh hoạt nền nếp."}, "shortcomings": {"Ít ý kiến."}})
	mustStatus(t, "log the visit", res, body, http.StatusSeeOther)
	visitURL := res.Header.Get("Location")

	body = mustGetOK(t, sponsor, visitURL)
	pageHas(t, "the visit page of its author", body, visitURL+"/edit", visitURL+"/delete")
	body = mustGetOK(t, sponsor, visitURL+"/edit")
	pageHas(t, "the edit form", body, "Sinh hoạt nền nếp.", "Ít ý kiến.", today.String(), `action="`+visitURL+`/edit"`)
	if strings.Contains(body, `name="rec0_text"`) {
		t.Error("the edit form offers new recommendations; they are managed on their own pages")
	}

	cases := []struct {
		name      string
		on        string
		status    int
		wants     []string // on the answer (the form again) or on the visit's page after
		forbidden []string
	}{
		{"a date that does not exist", "31/02/2025", http.StatusUnprocessableEntity,
			[]string{"Chi bộ đã sửa biên bản.", "31/02/2025", "không có thật"}, nil},
		{"a date in the future", bontot.DateOf(today.Time().AddDate(0, 0, 3)).String(), http.StatusUnprocessableEntity,
			[]string{"Chi bộ đã sửa biên bản.", "không được sau hôm nay"}, nil},
		{"a good date", today.String(), http.StatusSeeOther,
			[]string{"Chi bộ đã sửa biên bản.", "Còn ít ý kiến phát biểu."}, []string{"Sinh hoạt nền nếp."}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, body := sponsor.post(visitURL+"/edit", url.Values{"on": {c.on}, "officer": {"Nguyễn Thị Lan"},
				"strengths": {"Chi bộ đã sửa biên bản."}, "shortcomings": {"Còn ít ý kiến phát biểu."}})
			mustStatus(t, c.name, res, body, c.status)
			if c.status == http.StatusSeeOther {
				body = mustGetOK(t, sponsor, visitURL)
			}
			pageHas(t, c.name, body, c.wants...)
			for _, no := range c.forbidden {
				if strings.Contains(body, no) {
					t.Errorf("%s: the page still shows %q", c.name, no)
				}
			}
		})
	}

	// Who else may change it: the board; a reader of the unit may not, and
	// does not see the buttons; outside the subtree it does not exist.
	for _, c := range []struct {
		login  string
		status int
	}{{"bantochuc", http.StatusOK}, {"thuongvu", http.StatusForbidden}, {"bithu.tdp4", http.StatusNotFound}} {
		cl := f.MustLogin(t, c.login)
		if res, _ := cl.get(visitURL + "/edit"); res.StatusCode != c.status {
			t.Errorf("%s GET the edit form: status %d, want %d", c.login, res.StatusCode, c.status)
		}
		if c.login == "thuongvu" {
			if body := mustGetOK(t, cl, visitURL); strings.Contains(body, visitURL+"/edit") {
				t.Error("a viewer sees the “Sửa” button")
			}
		}
	}
}

// Deleting asks for confirmation, is refused while records hang on the
// record, and is audited when done.
func TestSponsorDeletes(t *testing.T) {
	f := MustFixture(t)
	ctx := context.Background()
	st := f.st
	city, tdp2, tdp3 := mustOrgCode(t, f, "HT.TP"), mustOrgCode(t, f, "HT.TP.NDU.TDP2"), mustOrgCode(t, f, "HT.TP.NDU.TDP3")
	today := st.Today()
	board := f.MustLogin(t, "bantochuc")

	visit := func(org *bontot.Org, followed bool) int64 {
		v := &bontot.Visit{OrgID: org.ID, On: today, Officer: "Cán bộ Ban Tổ chức", Strengths: "Sinh hoạt đúng kỳ."}
		rec := &bontot.Recommendation{Text: "Nâng cao chất lượng sinh hoạt.", Due: today}
		if err := st.CreateVisit(ctx, store.System, v, []*bontot.Recommendation{rec}); err != nil {
			t.Fatal(err)
		}
		if followed {
			if err := st.ChangeRecommendation(ctx, store.System, rec.ID, bontot.RecChange{To: bontot.RecInProgress, Note: "Đang thực hiện."}); err != nil {
				t.Fatal(err)
			}
		}
		return v.ID
	}
	plan := func(withFinding bool) int64 {
		p := &bontot.InspectionPlan{OrgID: city.ID, Name: "Kế hoạch giám sát số 21-KH/UBKT", Kind: bontot.KindSupervision, From: today, To: today,
			Content: "Giám sát chất lượng sinh hoạt chi bộ.", SubjectIDs: []int64{tdp3.ID}}
		if err := st.CreateInspectionPlan(ctx, store.System, p); err != nil {
			t.Fatal(err)
		}
		if withFinding {
			if err := st.CreateFinding(ctx, store.System, &bontot.Finding{PlanID: p.ID, OrgID: tdp3.ID, On: today, Findings: "Đủ hồ sơ.", Conclusion: "Tốt."}, nil); err != nil {
				t.Fatal(err)
			}
		}
		return p.ID
	}
	group := func(assigned bool) int64 {
		g := &bontot.SponsorGroup{OrgID: city.ID, Name: "Đoàn công tác số 7", Kind: bontot.GroupWorking}
		if err := st.CreateSponsorGroup(ctx, store.System, g); err != nil {
			t.Fatal(err)
		}
		if assigned {
			if _, err := st.CreateAssignments(ctx, store.System, &bontot.Assignment{GroupID: g.ID, CadenceDays: 90, From: today}, []int64{tdp2.ID}); err != nil {
				t.Fatal(err)
			}
		}
		return g.ID
	}

	cases := []struct {
		name    string
		url     func() (string, int64)
		entity  string
		refusal string // "" when the delete is allowed
		gone    func(id int64) error
	}{
		{"a visit whose recommendation was followed", func() (string, int64) {
			id := visit(tdp2, true)
			return "/sponsors/visits/" + id64(id), id
		}, "visit", "đã được theo dõi", func(id int64) error { _, err := st.Visit(ctx, id); return err }},
		{"a visit logged by mistake", func() (string, int64) {
			id := visit(tdp2, false)
			return "/sponsors/visits/" + id64(id), id
		}, "visit", "", func(id int64) error { _, err := st.Visit(ctx, id); return err }},
		{"a plan with findings", func() (string, int64) {
			id := plan(true)
			return "/inspections/plans/" + id64(id), id
		}, "inspection_plan", "Hãy xóa các kết luận trước", func(id int64) error { _, err := st.InspectionPlan(ctx, id); return err }},
		{"a plan without findings", func() (string, int64) {
			id := plan(false)
			return "/inspections/plans/" + id64(id), id
		}, "inspection_plan", "", func(id int64) error { _, err := st.InspectionPlan(ctx, id); return err }},
		{"a group in charge of a unit", func() (string, int64) {
			id := group(true)
			return "/sponsors/groups/" + id64(id), id
		}, "sponsor_group", "đã được phân công", func(id int64) error { _, err := st.SponsorGroup(ctx, id); return err }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			base, id := c.url()
			body := mustGetOK(t, board, base+"/delete")
			if c.refusal != "" {
				pageHas(t, "the refusal", body, "Không xóa được", c.refusal)
				if strings.Contains(body, `name="confirm"`) {
					t.Error("a refused delete still offers the confirmation")
				}
				res, body := board.post(base+"/delete", url.Values{"confirm": {"1"}})
				mustStatus(t, "delete anyway", res, body, http.StatusConflict)
				if err := c.gone(id); err != nil {
					t.Errorf("the refused delete removed the record: %v", err)
				}
				return
			}
			pageHas(t, "the confirmation", body, `name="confirm"`, "Tôi xác nhận xóa")
			res, body := board.post(base+"/delete", url.Values{})
			mustStatus(t, "delete without the tick", res, body, http.StatusUnprocessableEntity)
			pageHas(t, "the confirmation again", body, "Đánh dấu ô này để xác nhận xóa.")
			if err := c.gone(id); err != nil {
				t.Fatalf("deleted without confirmation: %v", err)
			}
			res, body = board.post(base+"/delete", url.Values{"confirm": {"1"}})
			mustStatus(t, "delete", res, body, http.StatusSeeOther)
			if err := c.gone(id); bontot.ErrorCode(err) != bontot.ENOTFOUND {
				t.Errorf("after the delete: %v, want not found", err)
			}
			entries, _, err := st.AuditEntries(ctx, bontot.AuditFilter{Entity: c.entity, EntityID: id})
			if err != nil || len(entries) == 0 || !strings.HasSuffix(entries[0].Action, "delete") || entries[0].Username != "bantochuc" {
				t.Errorf("audit = %+v, %v", entries, err)
			}
			if res, _ := board.get(base + "/delete"); res.StatusCode != http.StatusNotFound {
				t.Errorf("the deleted record's page: status %d", res.StatusCode)
			}
		})
	}
}

// The board edits a plan, drops a subject and adds one by code; a finding's
// conclusion is corrected; the assignment is ended.
func TestPlanFindingAssignmentEdits(t *testing.T) {
	f := MustFixture(t)
	ctx := context.Background()
	st := f.st
	city, tdp2, tdp3 := mustOrgCode(t, f, "HT.TP"), mustOrgCode(t, f, "HT.TP.NDU.TDP2"), mustOrgCode(t, f, "HT.TP.NDU.TDP3")
	today := st.Today()
	p := &bontot.InspectionPlan{OrgID: city.ID, Name: "Kế hoạch kiểm tra số 30-KH/UBKT", Kind: bontot.KindInspection, From: today, To: today,
		Content: "Kiểm tra sinh hoạt chi bộ.", SubjectIDs: []int64{tdp2.ID, tdp3.ID}}
	if err := st.CreateInspectionPlan(ctx, store.System, p); err != nil {
		t.Fatal(err)
	}
	fd := &bontot.Finding{PlanID: p.ID, OrgID: tdp2.ID, On: today, Findings: "Đủ hồ sơ.", Conclusion: "Tốt."}
	if err := st.CreateFinding(ctx, store.System, fd, nil); err != nil {
		t.Fatal(err)
	}
	board := f.MustLogin(t, "bantochuc")
	planURL := "/inspections/plans/" + id64(p.ID)
	pageHas(t, "the plan page", mustGetOK(t, board, "/inspections/"+id64(p.ID)), planURL+"/edit", planURL+"/delete")
	body := mustGetOK(t, board, planURL+"/edit")
	pageHas(t, "the plan form", body, "Kế hoạch kiểm tra số 30-KH/UBKT", `name="subject" value="`+id64(tdp3.ID)+`" checked`)

	form := url.Values{"name": {"Kế hoạch kiểm tra số 30-KH/UBKT (sửa)"}, "kind": {"inspection"}, "from": {today.String()}, "to": {"xx"},
		"content": {"Kiểm tra sinh hoạt và đảng phí."}, "subject": {id64(tdp3.ID)}, "codes": {"HT.TP.NDU.TDP1"}}
	res, body := board.post(planURL+"/edit", form)
	mustStatus(t, "a bad end date", res, body, http.StatusUnprocessableEntity)
	pageHas(t, "the refused plan form", body, "Kiểm tra sinh hoạt và đảng phí.", "HT.TP.NDU.TDP1", "không hợp lệ")
	form.Set("to", today.String())
	res, body = board.post(planURL+"/edit", form)
	mustStatus(t, "dropping the subject with a finding", res, body, http.StatusUnprocessableEntity)
	pageHas(t, "the refused drop", body, "Không bỏ được", tdp2.Name)
	form["subject"] = []string{id64(tdp2.ID)} // keep TDP 2, drop TDP 3
	res, body = board.post(planURL+"/edit", form)
	mustStatus(t, "save the plan", res, body, http.StatusSeeOther)
	got, _ := st.InspectionPlan(ctx, p.ID)
	if got.Name != "Kế hoạch kiểm tra số 30-KH/UBKT (sửa)" || len(got.Subjects) != 2 || got.Subjects[0].OrgCode != "HT.TP.NDU.TDP1" || got.Subjects[1].OrgID != tdp2.ID {
		t.Errorf("plan after the edit = %+v", got)
	}

	findingURL := "/inspections/findings/" + id64(fd.ID)
	pageHas(t, "the finding page", mustGetOK(t, board, findingURL), findingURL+"/edit", findingURL+"/delete")
	res, body = board.post(findingURL+"/edit", url.Values{"on": {today.String()}, "findings": {"Đủ hồ sơ."}, "conclusion": {""}})
	mustStatus(t, "an empty conclusion", res, body, http.StatusUnprocessableEntity)
	pageHas(t, "the refused finding", body, "Vui lòng ghi kết luận.")
	res, body = board.post(findingURL+"/edit", url.Values{"on": {today.String()}, "findings": {"Đủ hồ sơ."}, "conclusion": {"Thực hiện tốt, cần phát huy."}})
	mustStatus(t, "save the finding", res, body, http.StatusSeeOther)
	pageHas(t, "the finding after the edit", mustGetOK(t, board, findingURL), "Thực hiện tốt, cần phát huy.")
	if res, _ := f.MustLogin(t, "phutrach").get(findingURL + "/edit"); res.StatusCode != http.StatusForbidden {
		t.Errorf("a sponsor edits a finding: status %d", res.StatusCode)
	}

	// Ending an assignment keeps it and its history.
	officer, _ := st.UserByUsername(ctx, "phutrach")
	mine, _, _ := st.Assignments(ctx, bontot.AssignmentFilter{OfficerID: officer.ID, Active: true})
	if len(mine) == 0 {
		t.Fatal("the demo sponsor has no assignment")
	}
	a := mine[0]
	aURL := "/sponsors/assignments/" + id64(a.ID)
	pageHas(t, "the assignment page", mustGetOK(t, board, aURL), aURL+"/end", aURL+"/delete")
	res, body = board.post(aURL+"/end", url.Values{"end": {"32/13/2025"}})
	mustStatus(t, "a bad end date", res, body, http.StatusUnprocessableEntity)
	pageHas(t, "the refused end", body, "32/13/2025", "không hợp lệ")
	res, body = board.post(aURL+"/end", url.Values{"end": {""}})
	mustStatus(t, "end today", res, body, http.StatusSeeOther)
	if got, _ := st.Assignment(ctx, a.ID); got.To != today {
		t.Errorf("the assignment ends on %s, want %s", got.To, today)
	}
	// It has visits: deleting is refused.
	pageHas(t, "the assignment delete", mustGetOK(t, board, aURL+"/delete"), "Không xóa được", "kết thúc phân công")
}
