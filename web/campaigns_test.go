package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"bontot"
	"bontot/scoring"
	"bontot/store"
)

func init() {
	routes = append(routes,
		route{"GET", "/campaigns", "", readers, false, false},
		route{"GET", "/campaigns/new", "", orgEditors, false, false},
		route{"POST", "/campaigns", "name=", orgEditors, false, false},
		route{"GET", "/campaigns/{campaign}", "", readers, true, false},
		route{"POST", "/campaigns/{campaign}", "name=", orgEditors, true, false},
		route{"GET", "/campaigns/{campaign}/copy", "", orgEditors, true, false},
		route{"POST", "/campaigns/{campaign}/copy", "name=", orgEditors, true, false},
		route{"GET", "/scales", "", readers, false, false},
		route{"GET", "/scales/{scale}", "", readers, false, false},
		route{"GET", "/scales/{scale}/edit", "", orgEditors, false, false},
		route{"POST", "/scales/{scale}", "name=", orgEditors, false, false},
		route{"GET", "/scales/{scale}/preview?campaign={campaign}&year=2024", "", orgEditors, true, false},
		route{"POST", "/scales/{scale}/apply", "campaign={campaign}&year=0", orgEditors, true, false},
	)
	morePlaceholders = append(morePlaceholders, campaignPlaceholders)
}

// campaignPlaceholders gives every cell the authorization test uses a
// campaign of its own, scoped to that cell ({campaign}: in scope exactly for
// the accounts that see the cell), and {scale} the cell scale they use.
func campaignPlaceholders(tb testing.TB, f *fixture) func(subjects) map[string]int64 {
	ctx := context.Background()
	cellScale, committeeScale := mustTestScales(tb, f, scoring.DefaultCellScale())
	byCell := map[int64]int64{}
	for _, code := range []string{"HT.TP.TRP.TDP4", "HT.TP.TRP.TDP1", "HT.TP.NDU.TDP1", "XX.C1"} {
		cell, err := f.st.OrgByCode(ctx, code)
		if err != nil {
			tb.Fatal(code, err)
		}
		c := mustCampaignOver(tb, f, "Phong trào thử "+code, cell.ParentID, cell.ID, 2024, 2024, cellScale, committeeScale)
		byCell[cell.ID] = c.ID
	}
	return func(s subjects) map[string]int64 {
		return map[string]int64{"{campaign}": byCell[s.cell], "{scale}": cellScale.ID}
	}
}

var scaleFamilyN int

// mustTestScales stores a cell scale (sc) and the default committee scale, each
// as version 1 of a new family.
func mustTestScales(tb testing.TB, f *fixture, sc *scoring.Scale) (cell, committee *bontot.ScaleVersion) {
	tb.Helper()
	scaleFamilyN++
	n := strconv.Itoa(scaleFamilyN)
	cell = &bontot.ScaleVersion{Family: "thu-chi-bo-" + n, Scale: sc}
	committee = &bontot.ScaleVersion{Family: "thu-dang-bo-" + n, Scale: scoring.DefaultCommitteeScale()}
	for _, v := range []*bontot.ScaleVersion{cell, committee} {
		if err := f.st.CreateScale(context.Background(), storeSystem, v); err != nil {
			tb.Fatal(err)
		}
	}
	return cell, committee
}

// mustCampaignOver stores a campaign over the subtree of scope, every year
// scored with the given scales.
func mustCampaignOver(tb testing.TB, f *fixture, name string, issuer, scope int64, from, to int, cell, committee *bontot.ScaleVersion) *bontot.Campaign {
	tb.Helper()
	c := &bontot.Campaign{Name: name, IssuerID: issuer, ScopeID: scope, FromYear: from, ToYear: to, Quota: 2000}
	for y := from; y <= to; y++ {
		c.Years = append(c.Years, bontot.CampaignYear{Year: y, SelfDeadline: bontot.NewDate(y, 12, 15),
			Scales: []bontot.YearScale{{Kind: scoring.KindCell, ScaleID: cell.ID}, {Kind: scoring.KindCommittee, ScaleID: committee.ID}}})
	}
	if err := f.st.CreateCampaign(context.Background(), storeSystem, c); err != nil {
		tb.Fatal(err)
	}
	return c
}

func mustOrgCode(tb testing.TB, f *fixture, code string) *bontot.Org {
	tb.Helper()
	o, err := f.st.OrgByCode(context.Background(), code)
	if err != nil {
		tb.Fatal(code, err)
	}
	return o
}

func idText(n int64) string { return strconv.FormatInt(n, 10) }

func pageHas(tb testing.TB, what, body string, wants ...string) {
	tb.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			tb.Errorf("%s lacks %q", what, w)
		}
	}
}

// formValues reads the values a browser would submit from the first form of a
// page whose action is action: inputs, ticked checkboxes, selected options
// and text areas, as our templates write them.
func formValues(tb testing.TB, body, action string) url.Values {
	tb.Helper()
	start := strings.Index(body, `<form method="post" action="`+action+`"`)
	if start < 0 {
		tb.Fatalf("no form posting to %s", action)
	}
	end := strings.Index(body[start:], "</form>")
	form := body[start : start+end]
	v := url.Values{}
	attr := func(tag, name string) (string, bool) {
		m := regexp.MustCompile(`\s` + name + `="([^"]*)"`).FindStringSubmatch(tag)
		if m == nil {
			return "", false
		}
		return html.UnescapeString(m[1]), true
	}
	for _, tag := range regexp.MustCompile(`<input[^>]*>`).FindAllString(form, -1) {
		name, ok := attr(tag, "name")
		if !ok {
			continue
		}
		value, _ := attr(tag, "value")
		if t, _ := attr(tag, "type"); t == "checkbox" && !regexp.MustCompile(`\schecked`).MatchString(tag) {
			continue
		}
		v.Add(name, value)
	}
	for _, m := range regexp.MustCompile(`(?s)<select[^>]*name="([^"]*)"[^>]*>(.*?)</select>`).FindAllStringSubmatch(form, -1) {
		sel := regexp.MustCompile(`<option value="([^"]*)"\s+selected`).FindStringSubmatch(m[2])
		if sel == nil {
			sel = regexp.MustCompile(`<option value="([^"]*)"`).FindStringSubmatch(m[2])
		}
		if sel != nil {
			v.Set(html.UnescapeString(m[1]), html.UnescapeString(sel[1]))
		}
	}
	for _, m := range regexp.MustCompile(`(?s)<textarea[^>]*name="([^"]*)"[^>]*>(.*?)</textarea>`).FindAllStringSubmatch(form, -1) {
		v.Set(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	return v
}

func TestCampaignCreateKeepsInputOnBadDocumentDateThenOpensAssessments(t *testing.T) {
	f := MustFixture(t)
	ctx := context.Background()
	cell, committee := mustTestScales(t, f, scoring.DefaultCellScale())
	trp := mustOrgCode(t, f, "HT.TP.TRP")
	c := f.MustLogin(t, "bantochuc")

	res, body := c.get("/campaigns/new")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("new form: status %d", res.StatusCode)
	}
	pageHas(t, "the new campaign form", body, "Tạo phong trào", "Văn bản căn cứ", "Đảng bộ phường Trần Phú", "Hạn tự đánh giá")

	name := "Chi bộ 4 tốt, Đảng bộ cơ sở 4 tốt phường Trần Phú giai đoạn 2024–2025"
	form := url.Values{"name": {name}, "issuer": {idText(trp.ID)}, "scope": {idText(trp.ID)}, "from_year": {"2024"}, "to_year": {"2025"},
		"quota": {"20"}, "cell_scale": {idText(cell.ID)}, "committee_scale": {idText(committee.ID)},
		"doc0_number": {"21-NQ/TW"}, "doc0_date": {"31/06/2022"}, "doc0_title": {"Nghị quyết về tăng cường củng cố, xây dựng tổ chức cơ sở đảng"},
		"doc1_number": {""}, "doc1_date": {""}, "doc1_title": {""},
		"self_deadline_2024": {"15/12/2024"}, "review_deadline_2024": {"31/12/2024"}, "approval_deadline_2024": {"31/01/2025"},
		"self_deadline_2025": {"15/12/2025"}, "review_deadline_2025": {"31/12/2025"}, "approval_deadline_2025": {"31/01/2026"}}
	res, body = c.post("/campaigns", form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad document date: status %d", res.StatusCode)
	}
	pageHas(t, "the refused form", body, "không có thật", `id="doc0_date-err"`, `value="31/06/2022"`, `value="21-NQ/TW"`,
		`value="`+html.EscapeString(name)+`"`, `value="15/12/2025"`, `aria-invalid="true"`)
	if cs, _ := f.st.Campaigns(ctx, ""); len(cs) != 0 {
		for _, x := range cs {
			if x.Name == name {
				t.Fatal("a refused campaign was saved")
			}
		}
	}

	form.Set("doc0_date", "16/06/2022")
	res, _ = c.post("/campaigns", form)
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/campaigns/") {
		t.Fatalf("fixed form: status %d location %q", res.StatusCode, loc)
	}
	cid, _ := strconv.ParseInt(strings.TrimPrefix(loc, "/campaigns/"), 10, 64)
	saved, err := f.st.Campaign(ctx, cid)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Name != name || len(saved.Years) != 2 || len(saved.Documents) != 1 || saved.Quota != 2000 ||
		saved.Years[1].ApprovalDeadline != bontot.MustDate("31/01/2026") {
		t.Errorf("saved campaign: %+v", saved)
	}
	units, err := f.st.Assessments(ctx, bontot.AssessmentFilter{CampaignID: cid, Year: 2024})
	if err != nil || len(units) == 0 {
		t.Fatalf("no assessment opened: %v", err)
	}
	_, body = c.get(loc)
	pageHas(t, "the campaign page", body, name, "21-NQ/TW", "16/06/2022", "31/01/2026", "phiên bản 1", "Sao chép sang giai đoạn mới")
	res, body = c.get("/campaigns")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("list: status %d", res.StatusCode)
	}
	pageHas(t, "the campaign list", body, name, "Tạo phong trào", "15/12/2025", "2024–2025")

	// Editing: a review deadline before the self-assessment one is refused, nothing saved.
	edit := formValues(t, mustPage(t, c, loc), loc)
	edit.Set("name", name+" (sửa)")
	edit.Set("review_deadline_2024", "01/12/2024")
	res, body = c.post(loc, edit)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad deadline: status %d", res.StatusCode)
	}
	pageHas(t, "the refused edit", body, "Hạn thẩm định phải sau hạn tự đánh giá.", `value="01/12/2024"`, html.EscapeString(name+" (sửa)"))
	if got, _ := f.st.Campaign(ctx, cid); got.Name != name {
		t.Fatal("a refused edit was saved")
	}
	edit.Set("review_deadline_2024", "20/12/2024")
	edit.Set("doc1_number", "18-CTr/TU")
	edit.Set("doc1_date", "30/09/2022")
	edit.Set("doc1_title", "Chương trình hành động của Tỉnh ủy")
	if res, _ = c.post(loc, edit); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("fixed edit: status %d", res.StatusCode)
	}
	got, _ := f.st.Campaign(ctx, cid)
	if got.Name != name+" (sửa)" || got.Years[0].ReviewDeadline != bontot.MustDate("20/12/2024") || len(got.Documents) != 2 {
		t.Errorf("edit not saved: %+v", got)
	}
}

// mustPage fetches a page's body.
func mustPage(tb testing.TB, c *client, path string) string {
	tb.Helper()
	res, body := c.get(path)
	if res.StatusCode != http.StatusOK {
		tb.Fatalf("GET %s: status %d", path, res.StatusCode)
	}
	return body
}

func TestScaleEditorRefusesItemMaximaOffByOneHundredth(t *testing.T) {
	f := MustFixture(t)
	ctx := context.Background()
	draft := &bontot.ScaleVersion{Family: "thu-nhap", Scale: scoring.DefaultCellScale()}
	if err := f.st.CreateScale(ctx, storeSystem, draft); err != nil {
		t.Fatal(err)
	}
	c := f.MustLogin(t, "bantochuc")
	path := "/scales/" + idText(draft.ID)
	body := mustPage(t, c, path+"/edit")
	pageHas(t, "the editor", body, "Sửa thang điểm", "Đơn vị tự chấm", "Tính từ số liệu", "Tỷ lệ chỉ tiêu thi đua đạt", "Số đảng viên bị kỷ luật trong năm")
	form := formValues(t, body, path)
	if got := form.Get("c0.i0.max"); got != "5" {
		t.Fatalf("item 1.1 max in the form: %q", got)
	}

	// Saving the form unchanged keeps the scale as it was.
	if res, _ := c.post(path, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("unchanged save: status %d", res.StatusCode)
	}
	v, _ := f.st.Scale(ctx, draft.ID)
	if problems := v.Scale.Check(); len(problems) != 0 || v.Scale.Criteria[3].Items[4].Max != 300 || len(v.Scale.Vetoes) != 5 ||
		v.Scale.Vetoes[1].Any[0] != (scoring.Condition{Fact: scoring.FactOwnRating, Op: "<", Value: int64(scoring.HTTNV)}) ||
		v.Scale.Criteria[0].Items[1].Formula != scoring.FormulaTargetsMet || v.Scale.Criteria[0].Items[1].Per != 200 {
		t.Fatalf("round trip changed the scale: %+v", v.Scale)
	}

	// 4,99 instead of 5: the criterion adds up to 29,99.
	form.Set("c0.i0.max", "4,99")
	res, body := c.post(path, form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("off by 0,01: status %d", res.StatusCode)
	}
	pageHas(t, "the refused scale", body, "Chưa lưu được", "Tổng điểm tối đa các tiêu chí thành phần của C1 là 29,99, khác điểm tối đa của tiêu chí (30).",
		`value="4,99"`, `aria-invalid="true"`)
	if v, _ := f.st.Scale(ctx, draft.ID); v.Scale.Criteria[0].Items[0].Max != 500 {
		t.Fatal("a refused scale was saved")
	}

	// A typing mistake is shown beside its field.
	form.Set("c0.i0.max", "4,999")
	_, body = c.post(path, form)
	pageHas(t, "the refused points", body, "Điểm chỉ được có tối đa hai chữ số thập phân.", `id="c0.i0.max-err"`, `value="4,999"`)

	// "Thêm tiêu chí" shows one more blank criterion, nothing saved; a blank row is ignored on save.
	form.Set("c0.i0.max", "5")
	form.Set("add", "criterion")
	res, body = c.post(path, form)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `name="c4.code"`) || !strings.Contains(body, `name="c4.i0.code"`) {
		t.Fatalf("add criterion: status %d", res.StatusCode)
	}
	more := formValues(t, body, path)
	// Remove item 4.5 and give its 3 points to 4.4 (12,5 typed the Vietnamese way: 4 + 3 = 7 → C4 stays 25).
	more.Set("c3.i4.del", "1")
	more.Set("c3.i3.max", "7")
	more.Set("c0.i0.guidance", "Ban hành nghị quyết năm trước ngày 31/01.")
	if res, _ = c.post(path, more); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save with a blank criterion and a removed item: status %d", res.StatusCode)
	}
	v, _ = f.st.Scale(ctx, draft.ID)
	if len(v.Scale.Criteria) != 4 || len(v.Scale.Criteria[3].Items) != 4 || v.Scale.Criteria[3].Items[3].Max != 700 ||
		v.Scale.Criteria[0].Items[0].Guidance != "Ban hành nghị quyết năm trước ngày 31/01." || v.Frozen {
		t.Errorf("saved scale: %+v", v.Scale.Criteria)
	}
}

func TestFrozenScaleEditMakesVersion2(t *testing.T) {
	f := MustFixture(t)
	ctx := context.Background()
	cell, committee := mustTestScales(t, f, scoring.DefaultCellScale())
	trp := mustOrgCode(t, f, "HT.TP.TRP")
	mustCampaignOver(t, f, "Phong trào phường Trần Phú", trp.ID, trp.ID, 2024, 2024, cell, committee)
	c := f.MustLogin(t, "bantochuc")
	path := "/scales/" + idText(cell.ID)
	body := mustPage(t, c, path+"/edit")
	pageHas(t, "the frozen editor", body, "Phiên bản này đã dùng để đánh giá nên không sửa trực tiếp; lưu sẽ tạo phiên bản 2", "Nội dung thay đổi (bắt buộc)")
	form := formValues(t, body, path)
	form.Set("band0.min", "80")
	res, body := c.post(path, form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("no note: status %d", res.StatusCode)
	}
	pageHas(t, "the refused version", body, "Vui lòng ghi nội dung thay đổi của phiên bản mới.", `value="80"`)

	form.Set("note", "Hạ mức “Chi bộ 4 tốt” xuống 80 điểm")
	res, _ = c.post(path, form)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") == path {
		t.Fatalf("new version: status %d location %q", res.StatusCode, res.Header.Get("Location"))
	}
	all, err := f.st.Scales(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var versions []*bontot.ScaleVersion
	for _, v := range all {
		if v.Family == cell.Family {
			versions = append(versions, v)
		}
	}
	if len(versions) != 2 || versions[0].Version != 2 || versions[0].Scale.Bands[0].Min != 8000 || versions[0].Frozen ||
		versions[0].Note != "Hạ mức “Chi bộ 4 tốt” xuống 80 điểm" {
		t.Fatalf("versions after the edit: %+v", versions)
	}
	if v1 := versions[1]; v1.ID != cell.ID || !v1.Frozen || v1.Scale.Bands[0].Min != 9000 || len(v1.UsedBy) != 1 {
		t.Errorf("version 1 changed: %+v", v1)
	}
	_, body = c.get("/scales")
	pageHas(t, "the scale list", body, "Phiên bản 2", "Bản nháp", "Đã dùng, cố định", "Phong trào phường Trần Phú</a> — năm 2024", "Hạ mức")
}

// twoCriteriaScale is a cell scale of two typed criteria, no veto: a cell that
// types 42,5 + 42,5 has 85 points, "Khá" with the band at 90, "4 tốt" at 80.
func twoCriteriaScale() *scoring.Scale {
	return &scoring.Scale{Name: "Thang điểm thử", Kind: scoring.KindCell, Max: 10000,
		Criteria: []scoring.Criterion{
			{Code: "C1", Name: "Nhiệm vụ", Max: 5000, Floor: 4000, Items: []scoring.Item{{Code: "1.1", Name: "Kết quả", Max: 5000, Method: scoring.Typed, Step: 1}}},
			{Code: "C2", Name: "Sinh hoạt", Max: 5000, Floor: 4000, Items: []scoring.Item{{Code: "2.1", Name: "Chất lượng", Max: 5000, Method: scoring.Typed, Step: 1}}},
		},
		Bands: []scoring.Band{
			{Class: scoring.ClassFourGood, Label: "Chi bộ 4 tốt", Min: 9000, RequireFloors: true, RequireNoVetoes: true},
			{Class: scoring.ClassGood, Label: "Khá", Min: 7500},
			{Class: scoring.ClassFail, Label: "Chưa đạt", Min: 0},
		},
	}
}

func TestScalePreviewListsChangedUnitsAndApplyRescores(t *testing.T) {
	f := MustFixture(t)
	ctx := context.Background()
	cell, committee := mustTestScales(t, f, twoCriteriaScale())
	trp, tdp4 := mustOrgCode(t, f, "HT.TP.TRP"), mustOrgCode(t, f, "HT.TP.TRP.TDP4")
	camp := mustCampaignOver(t, f, "Phong trào phường Trần Phú", trp.ID, trp.ID, 2024, 2024, cell, committee)
	a, err := f.st.AssessmentOf(ctx, camp.ID, 2024, tdp4.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.st.SaveSelf(ctx, storeSystem, a.ID, a.Version, scoring.Entries{"1.1": {Points: 4250}, "2.1": {Points: 4250}}, nil, ""); err != nil {
		t.Fatal(err)
	}
	a, _ = f.st.Assessment(ctx, a.ID)
	if err := f.st.Transition(ctx, storeSystem, a.ID, store.TransitionInput{Action: bontot.ActSubmit, Version: a.Version}); err != nil {
		t.Fatal(err)
	}
	if a, _ = f.st.Assessment(ctx, a.ID); a.FinalTotal != 8500 || a.FinalClass != scoring.ClassGood {
		t.Fatalf("seeded assessment: %d %q", a.FinalTotal, a.FinalClass)
	}

	c := f.MustLogin(t, "bantochuc")
	path := "/scales/" + idText(cell.ID)
	form := formValues(t, mustPage(t, c, path+"/edit"), path)
	form.Set("band0.min", "80")
	form.Set("note", "Hạ mức 4 tốt xuống 80 điểm")
	res, _ := c.post(path, form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("new version: status %d", res.StatusCode)
	}
	v2 := res.Header.Get("Location")
	preview := v2 + "/preview?campaign=" + idText(camp.ID) + "&year=2024"
	pageHas(t, "the version 2 page", mustPage(t, c, v2), "Xem trước ảnh hưởng", strings.ReplaceAll(preview, "&", "&amp;"))
	pageHas(t, "the campaign page", mustPage(t, c, "/campaigns/"+idText(camp.ID)), "có phiên bản 2")

	body := mustPage(t, c, preview)
	pageHas(t, "the preview", body, tdp4.Name, "Chờ thẩm định", "85 điểm — Khá", "85 điểm — <strong>4 tốt</strong>", "Áp dụng cho năm 2024")
	if strings.Contains(body, "Chưa áp dụng được") {
		t.Error("the preview says it is blocked")
	}
	if a, _ := f.st.Assessment(ctx, a.ID); a.FinalClass != scoring.ClassGood || a.ScaleID != cell.ID {
		t.Fatal("the preview changed the stored result")
	}

	res, _ = c.post(v2+"/apply", url.Values{"campaign": {idText(camp.ID)}, "year": {"2024"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/campaigns/"+idText(camp.ID) {
		t.Fatalf("apply: status %d location %q", res.StatusCode, res.Header.Get("Location"))
	}
	a, _ = f.st.Assessment(ctx, a.ID)
	if a.FinalClass != scoring.ClassFourGood || a.FinalTotal != 8500 || "/scales/"+idText(a.ScaleID) != v2 {
		t.Errorf("after apply: %d %q scale %d", a.FinalTotal, a.FinalClass, a.ScaleID)
	}
	pageHas(t, "the campaign page after apply", mustPage(t, c, "/campaigns/"+idText(camp.ID)), "Đã áp dụng", "(phiên bản 2)")
	// The year now uses version 2: nothing left to preview.
	pageHas(t, "the preview after apply", mustPage(t, c, preview), "Năm 2024 đang chấm bằng phiên bản này.")
}

func TestCampaignWritesAreRefusedToASecretary(t *testing.T) {
	f := MustFixture(t)
	cell, committee := mustTestScales(t, f, scoring.DefaultCellScale())
	trp := mustOrgCode(t, f, "HT.TP.TRP")
	camp := mustCampaignOver(t, f, "Phong trào phường Trần Phú", trp.ID, trp.ID, 2024, 2024, cell, committee)
	outside := mustCampaignOver(t, f, "Phong trào tỉnh khác", f.other.ParentID, f.other.ID, 2024, 2024, cell, committee)
	c := f.MustLogin(t, "bithu.tdp4")
	cp, sp := "/campaigns/"+idText(camp.ID), "/scales/"+idText(cell.ID)
	// Reading: the campaign over the secretary's ward and the scale's guidance.
	pageHas(t, "the campaign page", mustPage(t, c, cp), camp.Name)
	pageHas(t, "the scale page", mustPage(t, c, sp), "Nghị quyết, chương trình công tác năm", "Số đảng viên bị kỷ luật trong năm &gt; 0")
	if body := mustPage(t, c, cp); strings.Contains(body, "Sửa phong trào") || strings.Contains(body, "Sao chép") {
		t.Error("the secretary is offered the edit form")
	}
	for _, tc := range []struct{ method, path, body string }{
		{"GET", "/campaigns/new", ""},
		{"POST", "/campaigns", "name=X&issuer=" + idText(trp.ID) + "&scope=" + idText(trp.ID)},
		{"POST", cp, "name=X"},
		{"GET", cp + "/copy", ""},
		{"POST", cp + "/copy", "name=X&from_year=2026&to_year=2030"},
		{"GET", sp + "/edit", ""},
		{"POST", sp, "name=X"},
		{"GET", sp + "/preview?campaign=" + idText(camp.ID) + "&year=2024", ""},
		{"POST", sp + "/apply", "campaign=" + idText(camp.ID) + "&year=2024"},
	} {
		res, _ := c.do(tc.method, tc.path, tc.body, "application/x-www-form-urlencoded")
		if res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusNotFound {
			t.Errorf("%s %s: status %d, want 403 or 404", tc.method, tc.path, res.StatusCode)
		}
	}
	if res, _ := c.get("/campaigns/" + idText(outside.ID)); res.StatusCode != http.StatusNotFound {
		t.Errorf("a campaign outside the subtree: status %d, want 404", res.StatusCode)
	}
	if got, _ := f.st.Campaign(context.Background(), camp.ID); got.Name != camp.Name {
		t.Error("the secretary changed the campaign")
	}
}

func TestCampaignCopyToANewPeriod(t *testing.T) {
	f := MustFixture(t)
	ctx := context.Background()
	cell, committee := mustTestScales(t, f, scoring.DefaultCellScale())
	trp := mustOrgCode(t, f, "HT.TP.TRP")
	old := mustCampaignOver(t, f, "Chi bộ 4 tốt phường Trần Phú giai đoạn 2023–2025", trp.ID, trp.ID, 2023, 2025, cell, committee)
	c := f.MustLogin(t, "bantochuc")
	path := "/campaigns/" + idText(old.ID) + "/copy"
	body := mustPage(t, c, path)
	pageHas(t, "the copy form", body, "Chi bộ 4 tốt phường Trần Phú giai đoạn 2026–2028", `value="2026"`)

	res, body := c.post(path, url.Values{"name": {"Chi bộ 4 tốt phường Trần Phú giai đoạn 2026–2030"}, "from_year": {"2026"}, "to_year": {"20x0"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad year: status %d", res.StatusCode)
	}
	pageHas(t, "the refused copy", body, "Vui lòng nhập năm bằng số", `value="20x0"`)

	res, _ = c.post(path, url.Values{"name": {"Chi bộ 4 tốt phường Trần Phú giai đoạn 2026–2030"}, "from_year": {"2026"}, "to_year": {"2030"}})
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || loc == "/campaigns/"+idText(old.ID) || !strings.HasPrefix(loc, "/campaigns/") {
		t.Fatalf("copy: status %d location %q", res.StatusCode, loc)
	}
	nid, _ := strconv.ParseInt(strings.TrimPrefix(loc, "/campaigns/"), 10, 64)
	nc, err := f.st.Campaign(ctx, nid)
	if err != nil {
		t.Fatal(err)
	}
	if nc.FromYear != 2026 || nc.ToYear != 2030 || len(nc.Years) != 5 || nc.CopiedFrom != old.ID || nc.ScopeID != trp.ID ||
		nc.Years[0].SelfDeadline != bontot.MustDate("15/12/2026") || nc.Years[4].ScaleFor(scoring.KindCell, "") != cell.ID {
		t.Errorf("copied campaign: %+v", nc)
	}
	pageHas(t, "the new campaign page", mustPage(t, c, loc), "Chi bộ 4 tốt phường Trần Phú giai đoạn 2026–2030", "2026–2030", "Sao chép từ")
}
