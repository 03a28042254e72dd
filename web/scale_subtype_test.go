package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"bontot"
	"bontot/scoring"
)

// The board gives school cells their own scale for a year: a preview first
// (nothing changes), then apply (their assessments use it, others do not).
func TestSubtypeScalePreviewAndApply(t *testing.T) {
	f := MustFixture(t)
	ctx := context.Background()
	city := mustOrgCode(t, f, "HT.TP")
	cellScale, comScale := mustTestScales(t, f, scoring.DefaultCellScale())
	c := mustCampaignOver(t, f, "Phong trào thử loại hình", city.ParentID, city.ID, 2024, 2024, cellScale, comScale)
	var schoolID int64
	if err := f.st.DB().QueryRowContext(ctx, `SELECT id FROM orgs WHERE subtype = 'school' AND kind IN ('cell', 'base_cell') ORDER BY id LIMIT 1`).Scan(&schoolID); err != nil {
		t.Fatal("no school cell in the demo:", err)
	}
	a, err := f.st.AssessmentOf(ctx, c.ID, 2024, schoolID)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.st.SaveSelf(ctx, storeSystem, a.ID, a.Version, scoring.Entries{"1.1": {Points: 400}}, nil, ""); err != nil {
		t.Fatal(err)
	}
	sc := scoring.DefaultCellScale()
	sc.Name = "Chi bộ 4 tốt — trường học"
	school, _ := mustTestScales(t, f, sc)

	board := f.MustLogin(t, "bantochuc")
	_, body := board.get(fmt.Sprintf("/scales/%d", school.ID))
	pageHas(t, "the scale page", body, "Dùng riêng cho một loại hình chi bộ", "Phong trào thử loại hình — năm 2024")
	q := url.Values{"campaign": {idText(c.ID)}, "year": {"2024"}, "subtype": {string(bontot.SubSchool)}}
	res, body := board.get(fmt.Sprintf("/scales/%d/preview?%s", school.ID, q.Encode()))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("preview: status %d", res.StatusCode)
	}
	pageHas(t, "the preview", body, "riêng các đơn vị loại hình <strong>Trường học</strong>", "Áp dụng cho năm 2024")
	if got, _ := f.st.Assessment(ctx, a.ID); got.ScaleID != cellScale.ID {
		t.Fatalf("the preview changed the school's scale to %d", got.ScaleID)
	}
	if res, body := board.post(fmt.Sprintf("/scales/%d/apply", school.ID), q); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("apply: status %d\n%s", res.StatusCode, body)
	}
	if got, _ := f.st.Assessment(ctx, a.ID); got.ScaleID != school.ID {
		t.Errorf("after apply the school scores with %d, want %d", got.ScaleID, school.ID)
	}
	tdp4 := mustOrgCode(t, f, "HT.TP.TRP.TDP4")
	if other, _ := f.st.AssessmentOf(ctx, c.ID, 2024, tdp4.ID); other.ScaleID != cellScale.ID {
		t.Errorf("a residential cell moved to scale %d", other.ScaleID)
	}
	// A secretary may not do it.
	sec := f.MustLogin(t, "bithu.tdp4")
	if res, _ := sec.post(fmt.Sprintf("/scales/%d/apply", school.ID), q); res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusNotFound {
		t.Errorf("secretary apply: status %d, want 403/404", res.StatusCode)
	}
}
