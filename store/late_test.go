package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"bontot"
	"bontot/store"
)

// lateByProbe is the late-meetings list the slow way, one probe per cell:
// the reference the counters must agree with.
func lateByProbe(tb testing.TB, s *store.Store, under string, year int, month time.Month) []string {
	tb.Helper()
	first := bontot.NewDate(year, month, 1)
	last := bontot.DateOf(first.Time().AddDate(0, 1, -1))
	rows, err := s.DB().Query(rebind(s, `SELECT o.name FROM orgs o
		WHERE o.path >= ? AND o.path < ? AND o.kind IN ('cell', 'base_cell') AND o.valid_from <= ? AND (o.valid_to IS NULL OR o.valid_to >= ?)
		AND NOT EXISTS (SELECT 1 FROM meetings m WHERE m.org_id = o.id AND m.kind = 'regular' AND m.held_on >= ? AND m.held_on <= ?)
		ORDER BY o.path`), under, under[:len(under)-1]+"0", first, last, first, last)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			tb.Fatal(err)
		}
		out = append(out, name)
	}
	return out
}

// rollupByScan recounts meeting_rollup from the meetings, as "org ym held"
// lines, leaving out zero counters.
func rollupByScan(tb testing.TB, s *store.Store, stored bool) []string {
	tb.Helper()
	q := `SELECT org_id, ym, held FROM meeting_rollup WHERE held <> 0`
	if !stored {
		// held_on as a month, per engine
		if s.Engine() == store.Postgres {
			q = `SELECT a.id, cm.ym, COUNT(*) FROM (SELECT DISTINCT m.org_id, CAST(EXTRACT(YEAR FROM m.held_on) * 100 + EXTRACT(MONTH FROM m.held_on) AS BIGINT) AS ym
				FROM meetings m WHERE m.kind = 'regular') cm
				JOIN orgs c ON c.id = cm.org_id JOIN orgs a ON c.path >= a.path AND c.path < substr(a.path, 1, length(a.path) - 1) || '0'
				GROUP BY a.id, cm.ym`
		} else {
			q = `SELECT a.id, cm.ym, COUNT(*) FROM (SELECT DISTINCT m.org_id, CAST(substr(m.held_on, 1, 4) || substr(m.held_on, 6, 2) AS INTEGER) AS ym
				FROM meetings m WHERE m.kind = 'regular') cm
				JOIN orgs c ON c.id = cm.org_id JOIN orgs a ON c.path >= a.path AND c.path < substr(a.path, 1, length(a.path) - 1) || '0'
				GROUP BY a.id, cm.ym`
		}
	}
	rows, err := s.DB().Query(q)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var org, ym, held int64
		if err := rows.Scan(&org, &ym, &held); err != nil {
			tb.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%d %d %d", org, ym, held))
	}
	slices.Sort(out)
	return out
}

// TestMeetingsLateFromCounters records, moves, re-kinds and deletes
// meetings, founds a cell in the middle of a month, ends another, and moves
// a committee to another city; after each step the late list of every
// organization, every page of it, and the stored counters agree with a
// recount from the meetings.
func TestMeetingsLateFromCounters(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := mustTree(t, s)
		city2 := MustOrg(t, s, nil, "HT.KA", "Đảng bộ huyện Kỳ Anh", bontot.KindSuperior)
		ward3 := MustOrg(t, s, tr.city, "HT.TP.THA", "Đảng bộ phường Thạch Hạ", bontot.KindBaseCommittee)
		founded := &bontot.Org{Code: "HT.TP.THA.TDP7", Name: "Chi bộ TDP 7", Kind: bontot.KindCell, ParentID: ward3.ID, ValidFrom: bontot.MustDate("10/02/2025")}
		ended := &bontot.Org{Code: "HT.TP.THA.TDP8", Name: "Chi bộ TDP 8", Kind: bontot.KindCell, ParentID: ward3.ID, ValidFrom: bontot.MustDate("01/01/2015")}
		for _, o := range []*bontot.Org{founded, ended} {
			if err := s.CreateOrg(ctx, admin, o); err != nil {
				t.Fatal(err)
			}
		}
		tdp9 := MustOrg(t, s, ward3, "HT.TP.THA.TDP9", "Chi bộ TDP 9", bontot.KindCell)
		for i, c := range []*bontot.Org{tr.tdp1, tr.tdp4, tr.w2cell, tr.school, ended, tdp9} {
			MustMember(t, s, c, fmt.Sprintf("Nguyễn Văn %c", 'A'+i), "")
			MustMember(t, s, c, fmt.Sprintf("Lê Thị %c", 'A'+i), "")
		}
		for _, name := range []string{"Trần Thị Hoa", "Trần Văn Hải"} {
			nm := &bontot.Member{FullName: name, Gender: bontot.Female, BirthDate: bontot.MustDate("05/09/1980"), AdmittedDate: bontot.MustDate("03/02/2005"),
				FullMemberDate: bontot.MustDate("03/02/2006"), Status: bontot.StatusFull, Position: bontot.PosMember, OrgID: founded.ID}
			if err := s.CreateMember(ctx, admin, nm, bontot.MustDate("10/02/2025")); err != nil {
				t.Fatal(err)
			}
		}

		all := []*bontot.Org{tr.city, city2, tr.ward, tr.ward2, ward3, tr.tdp1, tr.tdp4, tr.w2cell, tr.school, founded, ended, tdp9}
		check := func(step string) {
			t.Helper()
			if got, want := rollupByScan(t, s, true), rollupByScan(t, s, false); !slices.Equal(got, want) {
				t.Fatalf("%s: stored counters %v, recount %v", step, got, want)
			}
			for _, o := range all {
				o := MustGet(t, s, o.ID)
				for _, month := range []time.Month{time.January, time.February} {
					want := lateByProbe(t, s, o.Path, 2025, month)
					units, n, err := s.MeetingsLate(ctx, o.Path, 2025, month, 100, 0)
					if err != nil {
						t.Fatal(err)
					}
					var got []string
					for _, u := range units {
						got = append(got, u.Name)
					}
					if n != len(want) || !slices.Equal(got, want) {
						t.Fatalf("%s: %s, %d/2025: %d late %v; recount %d %v", step, o.Name, month, n, got, len(want), want)
					}
					long, _, err := s.MeetingsLate(ctx, o.Path, 2025, month, 5000, 0) // read in tree order, not walked
					if err != nil {
						t.Fatal(err)
					}
					var all []string
					for _, u := range long {
						all = append(all, u.Name)
					}
					if !slices.Equal(all, want) {
						t.Fatalf("%s: %s, %d/2025, one long page: %v, want %v", step, o.Name, month, all, want)
					}
					for _, scan := range []int64{400, 0} { // small children read in order, or every child entered
						restore := store.SetMaxScanUnits(scan)
						for size := 1; size <= 3; size++ {
							var paged []string
							for off := 0; off < n; off += size {
								units, _, err := s.MeetingsLate(ctx, o.Path, 2025, month, size, off)
								if err != nil {
									t.Fatal(err)
								}
								for _, u := range units {
									paged = append(paged, u.Name)
								}
							}
							if !slices.Equal(paged, want) {
								t.Fatalf("%s: %s, %d/2025, pages of %d (reading in order up to %d units): %v, want %v", step, o.Name, month, size, scan, paged, want)
							}
						}
						restore()
					}
				}
			}
		}
		lateNames := func(o *bontot.Org) []string {
			t.Helper()
			units, _, err := s.MeetingsLate(ctx, MustGet(t, s, o.ID).Path, 2025, time.February, 50, 0)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, u := range units {
				out = append(out, u.Name)
			}
			slices.Sort(out)
			return out
		}

		check("no meetings")
		mustCreateMeeting(t, s, draftMeeting(t, s, tr.tdp1, bontot.MeetingRegular, "05/02/2025", nil))
		mustCreateMeeting(t, s, draftMeeting(t, s, tr.tdp1, bontot.MeetingRegular, "06/01/2025", nil))
		mustCreateMeeting(t, s, draftMeeting(t, s, tr.tdp4, bontot.MeetingThematic, "06/02/2025", nil))
		mustCreateMeeting(t, s, draftMeeting(t, s, tr.tdp4, bontot.MeetingRegular, "10/01/2025", nil))
		moved := mustCreateMeeting(t, s, draftMeeting(t, s, tr.w2cell, bontot.MeetingRegular, "20/02/2025", nil))
		deleted := mustCreateMeeting(t, s, draftMeeting(t, s, tr.school, bontot.MeetingRegular, "08/02/2025", nil))
		rekinded := mustCreateMeeting(t, s, draftMeeting(t, s, tdp9, bontot.MeetingRegular, "12/02/2025", nil))
		mustCreateMeeting(t, s, draftMeeting(t, s, founded, bontot.MeetingRegular, "20/02/2025", nil))
		mustCreateMeeting(t, s, draftMeeting(t, s, ended, bontot.MeetingRegular, "05/02/2025", nil))
		// TDP 8 is dissolved on 20/02 (the store has no dissolution yet: set
		// the end of its validity as one will).
		if _, err := s.DB().Exec(rebind(s, `UPDATE orgs SET valid_to = ? WHERE id = ?`), bontot.MustDate("20/02/2025"), ended.ID); err != nil {
			t.Fatal(err)
		}
		check("recorded")
		if got, want := lateNames(tr.city), []string{"Chi bộ TDP 4"}; !slices.Equal(got, want) {
			t.Fatalf("late in February: %v, want %v", got, want)
		}

		moved.HeldOn = bontot.MustDate("20/01/2025")
		if err := s.UpdateMeeting(ctx, admin, moved, nil); err != nil {
			t.Fatal(err)
		}
		check("date moved to January")
		if err := s.DeleteMeeting(ctx, admin, deleted.ID); err != nil {
			t.Fatal(err)
		}
		check("deleted")
		rekinded.Kind, rekinded.Topic = bontot.MeetingThematic, "Chuyên đề về công tác dân vận"
		if err := s.UpdateMeeting(ctx, admin, rekinded, nil); err != nil {
			t.Fatal(err)
		}
		check("made thematic")
		// The cell founded on 10/02 and the one ended on 20/02 met, but
		// neither was due in February.
		if got, want := lateNames(tr.city), []string{"Chi bộ TDP 2", "Chi bộ TDP 4", "Chi bộ TDP 9", "Chi bộ Trường THPT Thành Sen"}; !slices.Equal(got, want) {
			t.Fatalf("late in February: %v, want %v", got, want)
		}

		if err := s.ReparentOrg(ctx, admin, ward3.ID, city2.ID, bontot.MustDate("01/03/2025"), "QĐ 12"); err != nil {
			t.Fatal(err)
		}
		check("committee moved")
		if err := s.RecountMeetings(ctx); err != nil {
			t.Fatal(err)
		}
		check("counters recounted from the meetings")
		if got, want := lateNames(city2), []string{"Chi bộ TDP 9"}; !slices.Equal(got, want) {
			t.Fatalf("late in Kỳ Anh: %v, want %v", got, want)
		}
		if got, want := lateNames(tr.city), []string{"Chi bộ TDP 2", "Chi bộ TDP 4", "Chi bộ Trường THPT Thành Sen"}; !slices.Equal(got, want) {
			t.Fatalf("late in the city after the move: %v, want %v", got, want)
		}
	})
}
