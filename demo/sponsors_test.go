package demo

import (
	"context"
	"testing"

	"bontot"
	"bontot/store"
)

// checkSponsors: the city's departments visited their units three times in
// 2025 (one assigned unit never), and their recommendations were mostly
// resolved on time, some late, a few are still open and overdue.
func checkSponsors(t *testing.T, ctx context.Context, st *store.Store) {
	t.Helper()
	city, err := st.OrgByCode(ctx, CityCode)
	if err != nil {
		t.Fatal(err)
	}
	tot, err := st.SponsorTotalsUnder(ctx, city.Path, 2025)
	if err != nil {
		t.Fatal(err)
	}
	if tot.VisitedUnits != 9 || tot.Visits != 27 {
		t.Errorf("visits 2025 = %d to %d units, want 27 to 9", tot.Visits, tot.VisitedUnits)
	}
	if tot.ResolvedOnTime == 0 || tot.ResolvedLate == 0 || tot.OpenOverdue == 0 || tot.ResolvedOnTime <= tot.ResolvedLate {
		t.Errorf("recommendations: %+v, want most on time, some late, some open and overdue", tot)
	}
	t.Logf("sponsors 2025: %+v", *tot)

	// The Inspection Committee's two plans, a conclusion at every subject,
	// follow-up items resolved on time, late, and one still open past due.
	plans, _, err := st.InspectionPlans(ctx, city.Path, 0, 0)
	if err != nil || len(plans) != 2 {
		t.Fatalf("inspection plans = %d, %v; want 2", len(plans), err)
	}
	for _, p := range plans {
		if p.SubjectCount == 0 || p.FindingCount != p.SubjectCount {
			t.Errorf("plan %s: %d subjects, %d findings; want one finding each", p.Name, p.SubjectCount, p.FindingCount)
		}
	}
	items, _, err := st.Recommendations(ctx, bontot.RecommendationFilter{Under: city.Path, Source: bontot.SourceInspection})
	if err != nil {
		t.Fatal(err)
	}
	var onTime, late, overdue int
	for _, r := range items {
		switch {
		case r.Status == bontot.RecResolved && r.OnTime():
			onTime++
		case r.Status == bontot.RecResolved:
			late++
		case r.Overdue(bontot.NewDate(2026, 1, 1)):
			overdue++
		}
	}
	if len(items) != 4 || onTime != 2 || late != 1 || overdue != 1 {
		t.Errorf("follow-up items: %d, %d on time, %d late, %d overdue; want 4, 2, 1, 1", len(items), onTime, late, overdue)
	}
}
