package store_test

import (
	"context"
	"testing"

	"bontot"
	"bontot/scoring"
	"bontot/store"
)

func TestClassChangesBetweenYears(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := mustTree(t, s)
		c := MustCampaign(t, s, tr)
		full, facts := fullCell()
		seed := func(year int, good, poor *bontot.Org) {
			t.Helper()
			if err := s.SeedAssessments(ctx, admin, c.ID, year, []store.AssessmentSeed{
				{OrgID: good.ID, Status: bontot.StatusApproved, Self: full, Facts: facts},
				{OrgID: poor.ID, Status: bontot.StatusApproved, Self: scoring.Entries{}, Facts: scoring.Facts{}},
			}); err != nil {
				t.Fatal(err)
			}
		}
		seed(2024, tr.tdp4, tr.tdp1) // TDP 4 Khá (100 points, unrated), TDP 1 Chưa đạt
		seed(2025, tr.tdp1, tr.tdp4) // and the other way round
		improved, fell, ni, nf, err := s.ClassChanges(ctx, c.ID, 2025, tr.city.Path, 10)
		if err != nil {
			t.Fatal(err)
		}
		if ni != 1 || nf != 1 || len(improved) != 1 || len(fell) != 1 {
			t.Fatalf("improved %d %v, fell %d %v; want one each", ni, improved, nf, fell)
		}
		if improved[0].OrgID != tr.tdp1.ID || improved[0].FromClass != scoring.ClassFail || improved[0].ToClass != scoring.ClassGood {
			t.Errorf("improved = %+v, want TDP 1 from Chưa đạt to Khá", improved[0])
		}
		if fell[0].OrgID != tr.tdp4.ID || fell[0].ToTotal != 0 {
			t.Errorf("fell = %+v, want TDP 4 down to 0", fell[0])
		}
		// Another ward sees neither.
		if _, _, ni, nf, _ := s.ClassChanges(ctx, c.ID, 2025, tr.ward2.Path, 10); ni+nf != 0 {
			t.Errorf("Nguyễn Du sees %d changes, want none", ni+nf)
		}
	})
}

func TestGoodPractices(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := mustTree(t, s)
		c := MustCampaign(t, s, tr)
		p := &bontot.Practice{CampaignID: c.ID, Year: 2024, OrgID: tr.tdp4.ID, Title: "  Sổ tay   sinh hoạt chi bộ điện tử ", Description: "Mỗi đảng viên nhận tài liệu trước buổi sinh hoạt."}
		if err := s.AddPractice(ctx, admin, p); err != nil {
			t.Fatal(err)
		}
		if err := s.AddPractice(ctx, admin, &bontot.Practice{CampaignID: c.ID, Year: 2024, OrgID: tr.tdp4.ID}); bontot.ErrorCode(err) != bontot.EINVALID {
			t.Errorf("a practice without a title = %v, want invalid", err)
		}
		got, err := s.Practices(ctx, c.ID, 0, tr.ward.Path, 10)
		if err != nil || len(got) != 1 || got[0].Title != "Sổ tay sinh hoạt chi bộ điện tử" || got[0].OrgName != "Chi bộ TDP 4" {
			t.Fatalf("practices = %v, %v", got, err)
		}
		if got, _ := s.Practices(ctx, c.ID, 0, tr.ward2.Path, 10); len(got) != 0 {
			t.Errorf("another ward sees %d practices", len(got))
		}
		// The practice moves with its cell.
		if err := s.ReparentOrg(ctx, admin, tr.tdp4.ID, tr.ward2.ID, bontot.MustDate("01/07/2025"), ""); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Practices(ctx, c.ID, 0, tr.ward2.Path, 10); len(got) != 1 {
			t.Errorf("after the move Nguyễn Du sees %d practices, want 1", len(got))
		}
	})
}

func TestAssessmentsLate(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := mustTree(t, s)
		c := MustCampaign(t, s, tr)
		full, facts := fullCell()
		if err := s.SeedAssessments(ctx, admin, c.ID, 2024, []store.AssessmentSeed{
			{OrgID: tr.tdp1.ID, Status: bontot.StatusSubmitted, Self: full, Facts: facts},
			{OrgID: tr.tdp4.ID, Status: bontot.StatusReturned, Self: full, Facts: facts},
		}); err != nil {
			t.Fatal(err)
		}
		// Under the city: every unit but TDP 1 (submitted) is late; TDP 4 (returned) among them.
		units, n, err := s.AssessmentsLate(ctx, c.ID, 2024, tr.city.Path, 3, 0)
		if err != nil {
			t.Fatal(err)
		}
		if n != 5 || len(units) != 3 {
			t.Fatalf("late = %d (%d listed), want 5 (3 listed)", n, len(units))
		}
		rest, _, _ := s.AssessmentsLate(ctx, c.ID, 2024, tr.city.Path, 3, 3)
		seen := map[int64]bool{}
		for _, u := range append(units, rest...) {
			seen[u.OrgID] = true
		}
		if len(seen) != 5 || seen[tr.tdp1.ID] || !seen[tr.tdp4.ID] {
			t.Errorf("late units = %v, want every unit but TDP 1", seen)
		}
	})
}
