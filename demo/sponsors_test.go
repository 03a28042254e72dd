package demo

import (
	"context"
	"testing"

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
}
