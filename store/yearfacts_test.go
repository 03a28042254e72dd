package store_test

import (
	"context"
	"testing"
	"time"

	"bontot"
	"bontot/scoring"
	"bontot/store"
)

// mustExec runs a raw statement (written with ?) for test fixtures.
func mustExec(tb testing.TB, s *store.Store, q string, args ...any) {
	tb.Helper()
	if _, err := s.DB().ExecContext(context.Background(), s.Rebind(q), args...); err != nil {
		tb.Fatalf("%s: %v", q, err)
	}
}

// A cell's meeting facts come from its meeting records once it has some, and
// its target facts from its registration once sent: what the unit typed is
// then ignored, and the explanation says where each fact came from.
func TestCriterionTwoFromMeetingRecords(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := mustTree(t, s)
		c := MustCampaign(t, s, tr)
		now := time.Date(2025, 1, 5, 9, 0, 0, 0, time.UTC)
		meeting := func(kind string, month, day int, total int64, grade string) {
			mustExec(t, s, `INSERT INTO meetings (org_id, kind, held_on, start_time, end_time, minutes, total, grade, created_at, updated_at)
				VALUES (?, ?, ?, '19:30', '21:00', 90, ?, ?, ?, ?)`, tr.tdp1.ID, kind, bontot.NewDate(2024, time.Month(month), day), total, grade, now, now)
		}
		for m := 1; m <= 11; m++ { // January to November: graded Tốt
			meeting("regular", m, 10, 9500, "good")
		}
		meeting("regular", 12, 28, 4500, "poor") // December: graded Kém
		meeting("regular", 3, 24, 0, "poor")     // a second one in March: still 12 months, 13 meetings
		meeting("thematic", 2, 20, 9000, "good") // Q1
		meeting("thematic", 8, 20, 9000, "good") // Q3
		mustExec(t, s, `INSERT INTO meetings (org_id, kind, held_on, start_time, end_time, minutes, total, grade, created_at, updated_at)
			VALUES (?, 'regular', ?, '19:30', '21:00', 90, 9000, 'good', ?, ?)`, tr.tdp4.ID, bontot.NewDate(2023, 5, 1), now, now) // another year, another cell
		// A registration sent: 3 targets, 2 met (a countable one short).
		var regID int64
		if err := s.DB().QueryRowContext(ctx, s.Rebind(`INSERT INTO registrations (campaign_id, year, org_id, org_path, status, created_at, updated_at)
			VALUES (?, 2024, ?, ?, 'sent', ?, ?) RETURNING id`), c.ID, tr.tdp1.ID, MustGet(t, s, tr.tdp1.ID).Path, now, now).Scan(&regID); err != nil {
			t.Fatal(err)
		}
		target := func(pos int, countable bool, planned int64, achieved any, met any) {
			mustExec(t, s, `INSERT INTO registration_targets (registration_id, criterion, text, countable, planned, achieved, met, position)
				VALUES (?, 1, 'chỉ tiêu', ?, ?, ?, ?, ?)`, regID, countable, planned, achieved, met, pos)
		}
		target(0, true, 200, int64(200), nil) // met
		target(1, true, 400, int64(300), nil) // short
		target(2, false, 0, nil, true)        // met by the unit's verdict

		a, _ := s.AssessmentOf(ctx, c.ID, 2024, tr.tdp1.ID)
		e, typed := fullCell() // typed: 12 months, 4 quarters, 10/10 targets
		if err := s.SaveSelf(ctx, admin, a.ID, a.Version, e, typed, ""); err != nil {
			t.Fatal(err)
		}
		x, err := s.Explain(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := scoring.Facts{scoring.FactRegularMonths: 12, scoring.FactThematicQuarters: 2, scoring.FactRegularScored: 13,
			scoring.FactRegularScoreSum: 11*9500 + 4500, scoring.FactMeetingsGood: 11, scoring.FactMeetingsPoor: 2,
			scoring.FactTargetsRegistered: 3, scoring.FactTargetsMet: 2}
		for k, v := range want {
			if x.Facts[k] != v {
				t.Errorf("fact %s = %d, want %d (from the records)", k, x.Facts[k], v)
			}
		}
		if x.Sources[scoring.FactRegularMonths] != store.SourceMeetings || x.Sources[scoring.FactTargetsMet] != store.SourceRegistration {
			t.Errorf("sources = %v", x.Sources)
		}
		// Meetings graded Kém veto "4 tốt" (V4); 2.2 is 2 quarters of 4; 1.2 has
		// 2 of 3 targets met: a shortfall of 33% is 4 steps of 10%, 15 − 2 × 4 = 7.
		var v4 bool
		for _, v := range x.Self.Vetoes {
			v4 = v4 || v.Code == "V4"
		}
		if !v4 {
			t.Errorf("vetoes = %v, want V4 from the Kém meetings", x.Self.Vetoes)
		}
		points := map[string]scoring.Points{}
		for _, cr := range x.Self.Criteria {
			for _, it := range cr.Items {
				points[it.Code] = it.Points
			}
		}
		if points["2.2"] != 200 || points["1.2"] != 700 {
			t.Errorf("2.2 = %v, 1.2 = %v; want 2 and 7", points["2.2"], points["1.2"])
		}
		// The committee reads its cells' records: Trần Phú's 2.3 pools 11 Tốt of 13.
		w, _ := s.AssessmentOf(ctx, c.ID, 2024, tr.ward.ID)
		wx, err := s.Explain(ctx, w.ID)
		if err != nil {
			t.Fatal(err)
		}
		if wx.Facts[scoring.FactCellsMeetingsScored] != 13 || wx.Facts[scoring.FactCellsMeetingsGood] != 11 {
			t.Errorf("committee facts = %d/%d, want 11/13", wx.Facts[scoring.FactCellsMeetingsGood], wx.Facts[scoring.FactCellsMeetingsScored])
		}
		// A cell without records keeps what it typed.
		b, _ := s.AssessmentOf(ctx, c.ID, 2024, tr.tdp4.ID)
		if err := s.SaveSelf(ctx, admin, b.ID, b.Version, e, typed, ""); err != nil {
			t.Fatal(err)
		}
		bx, _ := s.Explain(ctx, b.ID)
		if bx.Facts[scoring.FactRegularMonths] != 12 || bx.Sources[scoring.FactRegularMonths] != store.SourceTyped {
			t.Errorf("a cell without records: months %d from %q, want 12 typed", bx.Facts[scoring.FactRegularMonths], bx.Sources[scoring.FactRegularMonths])
		}
	})
}

// A unit whose registration is sent may submit without typing its targets:
// 1.2 is computed from the registration.
func TestSubmitWithRegistrationInsteadOfTypedTargets(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := mustTree(t, s)
		c := MustCampaign(t, s, tr)
		now := time.Date(2025, 1, 5, 9, 0, 0, 0, time.UTC)
		var regID int64
		if err := s.DB().QueryRowContext(ctx, s.Rebind(`INSERT INTO registrations (campaign_id, year, org_id, org_path, status, created_at, updated_at)
			VALUES (?, 2024, ?, ?, 'acknowledged', ?, ?) RETURNING id`), c.ID, tr.tdp4.ID, MustGet(t, s, tr.tdp4.ID).Path, now, now).Scan(&regID); err != nil {
			t.Fatal(err)
		}
		mustExec(t, s, `INSERT INTO registration_targets (registration_id, criterion, text, countable, planned, achieved, position) VALUES (?, 4, 'kết nạp 1 đảng viên', ?, 100, 100, 0)`, regID, true)
		e, f := fullCell()
		delete(f, scoring.FactTargetsRegistered)
		delete(f, scoring.FactTargetsMet)
		a, _ := s.AssessmentOf(ctx, c.ID, 2024, tr.tdp4.ID)
		if err := s.SaveSelf(ctx, admin, a.ID, a.Version, e, f, ""); err != nil {
			t.Fatal(err)
		}
		a, _ = s.Assessment(ctx, a.ID)
		if err := s.Transition(ctx, admin, a.ID, store.TransitionInput{Action: bontot.ActSubmit, Version: a.Version}); err != nil {
			t.Fatalf("submit with a registration: %v", err)
		}
	})
}

func TestMemberAttendance(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := mustTree(t, s)
		m := MustMember(t, s, tr.tdp1, "Nguyễn Văn An", "36000001")
		now := time.Date(2025, 1, 5, 9, 0, 0, 0, time.UTC)
		for i, status := range []string{"present", "excused", "unexcused", "present", "excused", "excused"} {
			var id int64
			if err := s.DB().QueryRowContext(ctx, s.Rebind(`INSERT INTO meetings (org_id, kind, held_on, start_time, end_time, minutes, total, grade, created_at, updated_at)
				VALUES (?, 'regular', ?, '19:30', '21:00', 90, 9000, 'good', ?, ?) RETURNING id`), tr.tdp1.ID, bontot.NewDate(2024, time.Month(i+6), 10), now, now).Scan(&id); err != nil {
				t.Fatal(err)
			}
			mustExec(t, s, `INSERT INTO meeting_attendance (meeting_id, member_id, status, counted) VALUES (?, ?, ?, ?)`, id, m.ID, status, status)
		}
		got, err := s.MemberAttendance(ctx, m.ID, 2024)
		if err != nil {
			t.Fatal(err)
		}
		want := bontot.MemberAttendance{Year: 2024, Meetings: 6, Present: 2, Excused: 3, Unexcused: 1, AbsentInARow: 2}
		if *got != want {
			t.Errorf("attendance = %+v, want %+v", *got, want)
		}
		if n, d := got.Rate(); n != 2 || d != 6 {
			t.Errorf("rate = %d/%d, want 2/6", n, d)
		}
	})
}
