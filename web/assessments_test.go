package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"bontot"
	"bontot/scoring"
	"bontot/store"
)

// mustTestCampaign opens a 2026 campaign over the demo city with the default
// scales, rates TDP 4 of Trần Phú HTTNV for 2026, and returns the campaign
// and that cell's assessment.
func mustTestCampaign(t *testing.T, f *fixture) (*bontot.Campaign, *bontot.Assessment) {
	t.Helper()
	ctx := context.Background()
	root, err := f.st.OrgByCode(ctx, "HT.TP")
	if err != nil {
		t.Fatal(err)
	}
	cell := &bontot.ScaleVersion{Family: "kiem-thu-chi-bo", Scale: scoring.DefaultCellScale()}
	comm := &bontot.ScaleVersion{Family: "kiem-thu-dang-bo", Scale: scoring.DefaultCommitteeScale()}
	for _, v := range []*bontot.ScaleVersion{cell, comm} {
		if err := f.st.CreateScale(ctx, storeSystem, v); err != nil {
			t.Fatal(err)
		}
	}
	c := &bontot.Campaign{Name: "Chi bộ 4 tốt năm 2026 (kiểm thử)", IssuerID: root.ID, ScopeID: root.ID, FromYear: 2026, ToYear: 2026, Quota: 2000,
		Years: []bontot.CampaignYear{{Year: 2026, SelfDeadline: bontot.MustDate("15/12/2026"),
			Scales: []bontot.YearScale{{Kind: scoring.KindCell, ScaleID: cell.ID}, {Kind: scoring.KindCommittee, ScaleID: comm.ID}}}}}
	if err := f.st.CreateCampaign(ctx, storeSystem, c); err != nil {
		t.Fatal(err)
	}
	tdp4 := mustCellOf(t, f, "bithu.tdp4")
	if _, err := f.st.DB().ExecContext(ctx, `INSERT INTO org_ratings (org_id, year, rating, updated_at) VALUES (?, 2026, 3, CURRENT_TIMESTAMP)`, tdp4.ID); err != nil {
		t.Fatal(err)
	}
	a, err := f.st.AssessmentOf(ctx, c.ID, 2026, tdp4.ID)
	if err != nil {
		t.Fatal(err)
	}
	return c, a
}

// mustCellOf returns the organization of a demo account's first grant.
func mustCellOf(t *testing.T, f *fixture, username string) *bontot.Org {
	t.Helper()
	u, err := f.st.UserByUsername(context.Background(), username)
	if err != nil || len(u.Grants) == 0 {
		t.Fatalf("user %s: %v", username, err)
	}
	o, err := f.st.Org(context.Background(), u.Grants[0].OrgID)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// selfForm is a complete self-assessment: every typed item at its maximum
// except 3.1 (5 of 6), 1.4 marked not applicable, perfect meeting facts.
func selfForm(version int) url.Values {
	v := url.Values{"version": {fmt.Sprint(version)}}
	for _, c := range scoring.DefaultCellScale().Criteria {
		for _, it := range c.Items {
			if it.Method == scoring.Typed {
				v.Set("p_"+it.Code, it.Max.String())
			}
		}
	}
	v.Set("p_3.1", "5")
	v.Del("p_1.4")
	v.Set("na_1.4", "1")
	for k, x := range map[string]string{"targets_registered": "10", "targets_met": "10", "regular_months": "12", "thematic_quarters": "4",
		"regular_scored": "12", "meetings_good": "12", "meetings_poor": "0"} {
		v.Set("f_"+k, x)
	}
	v.Set("f_regular_avg", "100")
	return v
}

func TestAssessmentCycleThroughThePages(t *testing.T) {
	f := MustFixture(t)
	ctx := context.Background()
	c, a := mustTestCampaign(t, f)
	sec := f.MustLogin(t, "bithu.tdp4")
	base := fmt.Sprintf("/assessments/%d", a.ID)

	// The secretary's list is her own cell: it opens its assessment.
	res, _ := sec.get(fmt.Sprintf("/assessments?campaign=%d&year=2026", c.ID))
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != base {
		t.Fatalf("the secretary's list answers %d → %q, want a redirect to %s", res.StatusCode, loc, base)
	}
	_, body := sec.get(base)
	if !strings.Contains(body, a.OrgName) {
		t.Fatalf("the assessment page does not show %q", a.OrgName)
	}
	// The committee's list shows its cells.
	_, body = f.MustLogin(t, "danguy.tranphu").get(fmt.Sprintf("/assessments?campaign=%d&year=2026", c.ID))
	if !strings.Contains(body, a.OrgName) || !strings.Contains(body, "Chi bộ TDP 1") {
		t.Errorf("the committee's list lacks its cells")
	}
	// An item over its maximum is refused with a message; the typed values stay; nothing is saved.
	bad := selfForm(a.Version)
	bad.Set("p_1.1", "6")
	res, body = sec.post(base, bad)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("over the maximum: status %d, want 422", res.StatusCode)
	}
	if !strings.Contains(body, `value="6"`) || !strings.Contains(body, "1.1") {
		t.Errorf("the refused form lost the typed value or the message")
	}
	if got, _ := f.st.Assessment(ctx, a.ID); got.Version != a.Version {
		t.Errorf("a refused save changed the assessment")
	}
	// Three decimals are refused too.
	bad = selfForm(a.Version)
	bad.Set("p_1.1", "4,555")
	if res, _ := sec.post(base, bad); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("three decimals: status %d, want 422", res.StatusCode)
	}
	// Save and submit. C1 has 1.4 N/A: (5 + 15 + 5) of 25 applicable → 30, pro-rated.
	form := selfForm(a.Version)
	form.Set("submit", "1")
	if res, body := sec.post(base, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: status %d\n%s", res.StatusCode, body)
	}
	got, _ := f.st.Assessment(ctx, a.ID)
	if got.Status != bontot.StatusSubmitted || got.SelfTotal != 9900 {
		t.Fatalf("after submit: status %s, self total %v; want submitted, 99", got.Status, got.SelfTotal)
	}
	_, body = sec.get(base)
	if !strings.Contains(body, "quy đổi từ 25/25") {
		t.Errorf("the explanation does not say C1 was pro-rated")
	}
	// The secretary cannot review her own cell.
	if res, _ := sec.get(base + "/review"); res.StatusCode != http.StatusForbidden {
		t.Errorf("secretary review form: status %d, want 403", res.StatusCode)
	}

	// The ward committee lowers 3.1 with a reason and returns it.
	com := f.MustLogin(t, "danguy.tranphu")
	rv := url.Values{"version": {fmt.Sprint(got.Version)}, "p_3.1": {"4"}, "t_3.1": {"Còn một vụ mâu thuẫn chưa giải quyết"},
		"action": {"return"}, "note": {"Đề nghị giải trình tiêu chí 3.1"}}
	if res, body := com.post(base+"/review", rv); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("return: status %d\n%s", res.StatusCode, body)
	}
	got, _ = f.st.Assessment(ctx, a.ID)
	if got.Status != bontot.StatusReturned {
		t.Fatalf("status %s, want returned", got.Status)
	}
	// The secretary explains and resubmits.
	form = selfForm(got.Version)
	form.Set("explanation", "Vụ mâu thuẫn đã được hòa giải ngày 10/10/2026, có biên bản kèm theo.")
	form.Set("submit", "1")
	if res, body := sec.post(base, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("resubmit: status %d\n%s", res.StatusCode, body)
	}
	got, _ = f.st.Assessment(ctx, a.ID)
	rv = url.Values{"version": {fmt.Sprint(got.Version)}, "p_3.1": {"5"}, "action": {"review"}}
	if res, body := com.post(base+"/review", rv); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("review: status %d\n%s", res.StatusCode, body)
	}
	got, _ = f.st.Assessment(ctx, a.ID)
	if got.Status != bontot.StatusReviewed || got.FinalClass != scoring.ClassFourGood {
		t.Fatalf("after review: %s %s, want reviewed four_good", got.Status, got.FinalClass)
	}
	// The committee may not approve; the board approves and records the recognition.
	if res, _ := com.post(base+"/transition", url.Values{"action": {"approve"}, "version": {fmt.Sprint(got.Version)}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("committee approve: status %d, want 403", res.StatusCode)
	}
	board := f.MustLogin(t, "bantochuc")
	if res, body := board.post(base+"/transition", url.Values{"action": {"approve"}, "version": {fmt.Sprint(got.Version)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: status %d\n%s", res.StatusCode, body)
	}
	got, _ = f.st.Assessment(ctx, a.ID)
	if res, _ := board.post(base+"/transition", url.Values{"action": {"recognise"}, "version": {fmt.Sprint(got.Version)}, "decision": {"15-QĐ/TU"}, "decision_date": {"31/02/2027"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("recognise with an impossible date: status %d, want 422", res.StatusCode)
	}
	if res, body := board.post(base+"/transition", url.Values{"action": {"recognise"}, "version": {fmt.Sprint(got.Version)}, "decision": {"15-QĐ/TU"}, "decision_date": {"20/01/2027"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("recognise: status %d\n%s", res.StatusCode, body)
	}
	// The standing-committee viewer sees the result and its explanation.
	viewer := f.MustLogin(t, "thuongvu")
	_, body = viewer.get(base)
	for _, want := range []string{"Đã công nhận", "15-QĐ/TU", "20/01/2027", "Chi bộ 4 tốt", "Đề nghị giải trình tiêu chí 3.1", "Vụ mâu thuẫn đã được hòa giải", "Trả lại để giải trình"} {
		if !strings.Contains(body, want) {
			t.Errorf("the explanation page lacks %q", want)
		}
	}
	// A good practice, recorded by the secretary, shows on the page (an empty title is refused).
	if res, _ := sec.post(base+"/practices", url.Values{"title": {" "}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("an empty practice: status %d, want 422", res.StatusCode)
	}
	if res, _ := sec.post(base+"/practices", url.Values{"title": {"Sinh hoạt chi bộ ghép với tổ dân phố"}, "description": {"Mỗi quý một buổi."}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a practice: status %d, want 303", res.StatusCode)
	}
	if _, body := viewer.get(base); !strings.Contains(body, "Sinh hoạt chi bộ ghép với tổ dân phố") {
		t.Errorf("the practice is not on the page")
	}
	entries, _, err := f.st.AuditEntries(ctx, bontot.AuditFilter{Entity: "assessment", EntityID: a.ID, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 9 {
		t.Errorf("audit entries = %d, want every save and step", len(entries))
	}
	_ = store.System
}

func TestEvidenceUploadAndScope(t *testing.T) {
	f := MustFixture(t)
	_, a := mustTestCampaign(t, f)
	sec := f.MustLogin(t, "bithu.tdp4")
	body := "--X\r\nContent-Disposition: form-data; name=\"item\"\r\n\r\n3.4\r\n--X\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bien-ban-thu-dang-phi.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 biên bản\r\n--X--\r\n"
	res, _ := sec.do("POST", fmt.Sprintf("/assessments/%d/evidence", a.ID), body, "multipart/form-data; boundary=X")
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: status %d", res.StatusCode)
	}
	files, err := f.st.EvidenceList(context.Background(), a.ID)
	if err != nil || len(files) != 1 || files[0].ItemCode != "3.4" {
		t.Fatalf("evidence = %v, %v", files, err)
	}
	res, got := sec.get(fmt.Sprintf("/evidence/%d", files[0].ID))
	if res.StatusCode != http.StatusOK || !strings.Contains(got, "biên bản") {
		t.Errorf("download: status %d", res.StatusCode)
	}
	// A sponsor of another ward sees nothing of it.
	outsider := f.MustLogin(t, "phutrach")
	if res, _ := outsider.get(fmt.Sprintf("/evidence/%d", files[0].ID)); res.StatusCode != http.StatusNotFound {
		t.Errorf("sponsor of another ward downloading: status %d, want 404", res.StatusCode)
	}
	// The board may read but not delete the unit's evidence; the secretary may, while the draft is open.
	board := f.MustLogin(t, "bantochuc")
	if res, _ := board.post(fmt.Sprintf("/evidence/%d/delete", files[0].ID), nil); res.StatusCode != http.StatusForbidden {
		t.Errorf("board deleting evidence: status %d, want 403", res.StatusCode)
	}
	if res, _ := sec.post(fmt.Sprintf("/evidence/%d/delete", files[0].ID), nil); res.StatusCode != http.StatusSeeOther {
		t.Errorf("secretary deleting evidence: status %d, want 303", res.StatusCode)
	}
	if files, _ := f.st.EvidenceList(context.Background(), a.ID); len(files) != 0 {
		t.Errorf("evidence after delete = %d files, want none", len(files))
	}
}

func TestAssessmentAPIExplainsExactly(t *testing.T) {
	f := MustFixture(t)
	ctx := context.Background()
	c, a := mustTestCampaign(t, f)
	form := selfForm(a.Version)
	sec := f.MustLogin(t, "bithu.tdp4")
	if res, body := sec.post(fmt.Sprintf("/assessments/%d", a.ID), form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", res.StatusCode, body)
	}
	// Beside 2.4, the form shows the follow-up of recommendations the product holds.
	if _, body := sec.get(fmt.Sprintf("/assessments/%d/edit", a.ID)); !strings.Contains(body, "Không có kiến nghị nào của cán bộ phụ trách, đoàn kiểm tra có hạn trong năm 2026.") {
		t.Errorf("the form does not show the recommendations' follow-up beside 2.4")
	}
	board := f.MustLogin(t, "bantochuc")
	res, body := board.get(fmt.Sprintf("/api/v1/assessments/%d", a.ID))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET assessment: %d %s", res.StatusCode, body)
	}
	var got struct {
		Assessment struct {
			Status string `json:"status"`
		} `json:"assessment"`
		Self struct {
			Total    json.Number `json:"total"`
			Class    string      `json:"class"`
			Criteria []struct {
				Code     string      `json:"code"`
				Points   json.Number `json:"points"`
				Prorated bool        `json:"prorated"`
			} `json:"criteria"`
		} `json:"self"`
		Facts map[string]int64 `json:"facts"`
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	// 3.1 typed 5 of 6: 99 points; C1 pro-rated (1.4 N/A) to its full 30.
	if got.Self.Total != "99.00" || got.Self.Class != "four_good" {
		t.Errorf("self = %s %s, want 99.00 four_good", got.Self.Total, got.Self.Class)
	}
	if len(got.Self.Criteria) != 4 || got.Self.Criteria[0].Points != "30.00" || !got.Self.Criteria[0].Prorated {
		t.Errorf("C1 = %+v, want 30.00 pro-rated", got.Self.Criteria)
	}
	if got.Facts["own_rating"] != 3 {
		t.Errorf("facts = %v, want the rating HTTNV (3) on file", got.Facts)
	}
	_, body = board.get(fmt.Sprintf("/api/v1/assessments?campaign=%d&year=2026&org=%d", c.ID, mustOrgCode(t, f, "HT.TP.TRP").ID))
	if !strings.Contains(body, `"org_name": "Chi bộ TDP 4"`) || !strings.Contains(body, `"final_total": null`) {
		t.Errorf("the list lacks TDP 4 (a draft, without a total yet):\n%s", body)
	}
	_ = ctx
}

// TestItemTwoFourShowsResolutionsFromTheRecords: beside 2.4 the secretary
// sees how many of her cell's regular meetings of the year carried out the
// previous resolution in full, counted from the meeting records.
func TestItemTwoFourShowsResolutionsFromTheRecords(t *testing.T) {
	f := MustFixture(t)
	ctx := context.Background()
	c := demoCampaign(t, f)
	tdp4 := mustOrgCode(t, f, "HT.TP.TRP.TDP4")
	a, err := f.st.AssessmentOf(ctx, c.ID, 2025, tdp4.ID)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := f.st.Meetings(ctx, tdp4.ID, 2025)
	if err != nil {
		t.Fatal(err)
	}
	// One meeting carried out the previous resolution only in part.
	part, err := f.st.Meeting(ctx, ms[len(ms)/2].ID)
	if err != nil {
		t.Fatal(err)
	}
	part.LastResolution = 250
	if err := f.st.UpdateMeeting(ctx, storeSystem, part, nil); err != nil {
		t.Fatal(err)
	}
	if ms, err = f.st.Meetings(ctx, tdp4.ID, 2025); err != nil {
		t.Fatal(err)
	}
	var regular, met int64
	for _, m := range ms {
		if m.Kind == bontot.MeetingRegular {
			regular++
			if m.LastResolution == scoring.DefaultMeetingSheet().Item(scoring.MeetingLastResolution).Max {
				met++
			}
		}
	}
	if regular == 0 || met == regular {
		t.Fatalf("the demo cell has %d regular meetings, %d with the last resolution carried out: the test needs some of each", regular, met)
	}
	want := fmt.Sprintf("nghị quyết kỳ trước được thực hiện đầy đủ: %d/%d cuộc (%s%%)", met, regular, scoring.Percent(met, regular))
	_, body := f.MustLogin(t, "bithu.tdp4").get(fmt.Sprintf("/assessments/%d/edit", a.ID))
	if !strings.Contains(html.UnescapeString(body), want) {
		t.Errorf("the form does not show %q beside 2.4", want)
	}
}
