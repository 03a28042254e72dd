package store_test

import (
	"context"
	"testing"

	"bontot"
	"bontot/scoring"
	"bontot/store"
)

func TestSeedRatings(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := mustTree(t, s)
		a := MustMember(t, s, tr.tdp1, "Nguyễn Văn An", "36100001")
		b := MustMember(t, s, tr.tdp1, "Nguyễn Văn Bình", "36100002")
		c := MustMember(t, s, tr.tdp4, "Trần Thị Cúc", "36100003")
		d := MustMember(t, s, tr.school, "Lê Văn Dũng", "36100004")
		ds := []bontot.Discipline{{MemberID: b.ID, Level: bontot.Reprimand, Date: bontot.MustDate("12/05/2024"), Decision: "15-QĐ/ĐU", Reason: "Vi phạm quy định về những điều đảng viên không được làm"}}
		err := s.SeedRatings(ctx, 2024,
			map[int64]scoring.Rating{tr.ward.ID: scoring.HTTNV, tr.tdp1.ID: scoring.HTNV, tr.tdp4.ID: scoring.HTXSNV, tr.school.ID: scoring.HTTNV, tr.w2cell.ID: scoring.Unrated},
			map[int64]scoring.Rating{a.ID: scoring.HTTNV, b.ID: scoring.KHTNV, c.ID: scoring.HTXSNV, d.ID: scoring.HTTNV},
			ds)
		if err != nil {
			t.Fatal(err)
		}
		if ds[0].OrgID != tr.tdp1.ID {
			t.Errorf("discipline filed under %d, want the member's cell %d", ds[0].OrgID, tr.tdp1.ID)
		}
		sheet, err := s.RatingSheet(ctx, tr.ward.ID, 2024)
		if err != nil {
			t.Fatal(err)
		}
		if sheet.Own != scoring.HTTNV {
			t.Errorf("own %v", sheet.Own)
		}
		got := map[int64]scoring.Rating{}
		disciplined := map[int64]bool{}
		for _, cell := range sheet.Cells {
			got[cell.Org.ID] = cell.Rating
			for _, m := range cell.Members {
				got[m.MemberID] = m.Rating
				if m.OrgID != cell.Org.ID {
					t.Errorf("member %s filed under %d, listed in %d", m.Name, m.OrgID, cell.Org.ID)
				}
				disciplined[m.MemberID] = m.Disciplined
			}
		}
		for id, want := range map[int64]scoring.Rating{tr.tdp1.ID: scoring.HTNV, tr.tdp4.ID: scoring.HTXSNV, a.ID: scoring.HTTNV, b.ID: scoring.KHTNV, c.ID: scoring.HTXSNV} {
			if got[id] != want {
				t.Errorf("rating of %d = %v, want %v", id, got[id], want)
			}
		}
		if !disciplined[b.ID] || disciplined[a.ID] {
			t.Errorf("disciplined %v", disciplined)
		}
		if sheet, err := s.RatingSheet(ctx, tr.ward2.ID, 2024); err != nil || sheet.Cells[0].Rating != scoring.Unrated {
			t.Errorf("an unrated entry was stored: %+v, %v", sheet, err)
		}

		// A member in no cell, and a second seed of the same rating, are refused.
		if err := s.SeedRatings(ctx, 2024, nil, map[int64]scoring.Rating{999999: scoring.HTTNV}, nil); err == nil {
			t.Error("an unknown member was rated")
		}
		if err := s.SeedRatings(ctx, 2024, nil, map[int64]scoring.Rating{a.ID: scoring.HTNV}, nil); err == nil {
			t.Error("a rating was seeded twice")
		}
		if err := s.SeedRatings(ctx, 2024, map[int64]scoring.Rating{tr.ward.ID: 7}, nil, nil); err == nil {
			t.Error("an invalid rating was seeded")
		}
	})
}
