package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"bontot"
	"bontot/scoring"
	"bontot/store"
)

// meetingCell is a cell with five members: a secretary, three members and
// one member exempted from meetings.
type meetingCell struct {
	tree
	sec, a, b, c, exempt *bontot.Member
}

func mustMeetingCell(tb testing.TB, s *store.Store) meetingCell {
	tb.Helper()
	mc := meetingCell{tree: mustTree(tb, s)}
	mc.sec = MustMember(tb, s, mc.tdp4, "Lê Văn Hùng", "")
	mc.sec.Position = bontot.PosSecretary
	if err := s.UpdateMember(context.Background(), admin, mc.sec); err != nil {
		tb.Fatal(err)
	}
	mc.a = MustMember(tb, s, mc.tdp4, "Nguyễn Văn An", "")
	mc.b = MustMember(tb, s, mc.tdp4, "Trần Thị Bình", "")
	mc.c = MustMember(tb, s, mc.tdp4, "Phạm Văn Cường", "")
	mc.exempt = MustMember(tb, s, mc.tdp4, "Hoàng Văn Dũng", "")
	mc.exempt.Status = bontot.StatusExempt
	if err := s.UpdateMember(context.Background(), admin, mc.exempt); err != nil {
		tb.Fatal(err)
	}
	return mc
}

// draftMeeting is a meeting on date made from the pre-filled form, with
// every typed item at its maximum, all four agenda parts, 2 speakers,
// 19:30–21:00 and the minutes signed; absent maps members to their status.
func draftMeeting(tb testing.TB, s *store.Store, cell *bontot.Org, kind bontot.MeetingKind, date string, absent map[int64]bontot.Attendance) *bontot.Meeting {
	tb.Helper()
	d, err := s.MeetingForm(context.Background(), cell.ID, bontot.MustDate(date))
	if err != nil {
		tb.Fatal(err)
	}
	m := &bontot.Meeting{OrgID: cell.ID, Kind: kind, HeldOn: d.Date, Place: "Nhà văn hóa tổ dân phố", Start: "19:30", End: "21:00",
		Chair: "Lê Văn Hùng", MinuteTaker: "Trần Thị Bình", Speakers: 2, PraiseCriticism: true, MinutesSigned: true,
		AgendaReview: true, AgendaInformation: true, AgendaTasks: true, AgendaResolution: true,
		Preparation: 1500, Agenda: 1500, Principles: 1000, LastResolution: 500, Resolution: "Tập trung ra quân vệ sinh môi trường."}
	if kind == bontot.MeetingThematic {
		m.Topic = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
	}
	for _, a := range d.Attendees {
		if st, ok := absent[a.MemberID]; ok {
			a.Status = st
		}
		m.Attendees = append(m.Attendees, a)
	}
	return m
}

func mustCreateMeeting(tb testing.TB, s *store.Store, m *bontot.Meeting) *bontot.Meeting {
	tb.Helper()
	if err := s.CreateMeeting(context.Background(), admin, m, nil); err != nil {
		tb.Fatalf("CreateMeeting(%s): %v", m.HeldOn, err)
	}
	return m
}

func counted(m *bontot.Meeting, memberID int64) bontot.Attendance {
	for _, a := range m.Attendees {
		if a.MemberID == memberID {
			return a.Counted
		}
	}
	return ""
}

func TestMeetingFormPrefillsTheRoll(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		mc := mustMeetingCell(t, s)
		// Phạm Văn Cường moves to TDP 1 on 01/03/2025: on the roll before, not after.
		if err := s.TransferMember(ctx, admin, bontot.Transfer{MemberID: mc.c.ID, ToOrgID: mc.tdp1.ID, Kind: bontot.Official, Date: bontot.MustDate("01/03/2025")}); err != nil {
			t.Fatal(err)
		}
		d, err := s.MeetingForm(ctx, mc.tdp4.ID, bontot.MustDate("10/03/2025"))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, a := range d.Attendees {
			names = append(names, a.FullName+":"+string(a.Status))
		}
		want := []string{"Nguyễn Văn An:present", "Trần Thị Bình:present", "Hoàng Văn Dũng:exempt", "Lê Văn Hùng:present"}
		if !slices.Equal(names, want) {
			t.Errorf("roll = %v, want %v", names, want)
		}
		if d.Chair != "Lê Văn Hùng" || d.Place != "" || d.RegularHeld != nil {
			t.Errorf("first meeting: chair %q place %q regular %v", d.Chair, d.Place, d.RegularHeld)
		}
		before, err := s.MeetingForm(ctx, mc.tdp4.ID, bontot.MustDate("28/02/2025"))
		if err != nil {
			t.Fatal(err)
		}
		if got := len(before.Attendees); got != 5 {
			t.Errorf("roll on 28/02 = %d members, want 5 (Cường still there)", got)
		}

		m := draftMeeting(t, s, mc.tdp4, bontot.MeetingRegular, "05/02/2025", nil)
		m.Place, m.MinuteTaker, m.Start, m.End = "Hội trường tổ dân phố 4", "Trần Thị Bình", "08:00", "10:00"
		mustCreateMeeting(t, s, m)
		d, err = s.MeetingForm(ctx, mc.tdp4.ID, bontot.MustDate("01/03/2025"))
		if err != nil {
			t.Fatal(err)
		}
		if d.Place != "Hội trường tổ dân phố 4" || d.MinuteTaker != "Trần Thị Bình" || d.Start != "08:00" || d.End != "10:00" {
			t.Errorf("from the last meeting: %q %q %s–%s", d.Place, d.MinuteTaker, d.Start, d.End)
		}
		if d, _ := s.MeetingForm(ctx, mc.tdp4.ID, bontot.MustDate("14/02/2025")); d.RegularHeld == nil || d.RegularHeld.ID != m.ID {
			t.Errorf("RegularHeld in February = %v, want meeting %d", d.RegularHeld, m.ID)
		}
		if _, err := s.MeetingForm(ctx, mc.ward.ID, bontot.Date{}); bontot.ErrorCode(err) != bontot.EINVALID {
			t.Errorf("a committee's meeting form: %v, want EINVALID", err)
		}
	})
}

func TestCreateMeetingScoresAndAudits(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		mc := mustMeetingCell(t, s)
		m := draftMeeting(t, s, mc.tdp4, bontot.MeetingRegular, "05/03/2025", nil)
		file := &bontot.MinutesFile{Filename: "bien-ban-thang-3.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4 biên bản")}
		if err := s.CreateMeeting(ctx, admin, m, file); err != nil {
			t.Fatal(err)
		}
		if m.ID == 0 || m.RollSize != 5 || m.Present != 4 || m.Exempt != 1 || m.Minutes != 90 || m.Total != 10000 || m.Grade != scoring.GradeGood {
			t.Fatalf("saved: id %d roll %d present %d exempt %d minutes %d total %s grade %s", m.ID, m.RollSize, m.Present, m.Exempt, m.Minutes, m.Total, m.Grade)
		}
		got, err := s.Meeting(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.OrgName != "Chi bộ TDP 4" || got.MinutesFilename != "bien-ban-thang-3.pdf" || got.MinutesSize != int64(len(file.Data)) || len(got.Attendees) != 5 {
			t.Errorf("read back: %q file %q (%d bytes), %d attendees", got.OrgName, got.MinutesFilename, got.MinutesSize, len(got.Attendees))
		}
		f, err := s.MinutesFile(ctx, m.ID)
		if err != nil || string(f.Data) != string(file.Data) || f.ContentType != "application/pdf" {
			t.Errorf("minutes file: %v %q", err, f)
		}

		// One member absent without excuse: 20 × 3/4 = 15, and never Tốt.
		m2 := draftMeeting(t, s, mc.tdp4, bontot.MeetingThematic, "12/03/2025", map[int64]bontot.Attendance{mc.a.ID: bontot.Unexcused})
		mustCreateMeeting(t, s, m2)
		if m2.Present != 3 || m2.Unexcused != 1 || m2.Total != 9500 || m2.Grade != scoring.GradeFair {
			t.Errorf("with an unexcused absence: present %d unexcused %d total %s grade %s", m2.Present, m2.Unexcused, m2.Total, m2.Grade)
		}
		if r := m2.Score(); r.Points(scoring.MeetingAttendance) != 1500 {
			t.Errorf("attendance points = %s, want 15", r.Points(scoring.MeetingAttendance))
		}
		var p struct{ att, contrib, dur int64 }
		if err := s.DB().QueryRowContext(ctx, rebind(s, `SELECT p_attendance, p_contributions, p_duration FROM meetings WHERE id = ?`), m2.ID).Scan(&p.att, &p.contrib, &p.dur); err != nil {
			t.Fatal(err)
		}
		if p.att != 1500 || p.contrib != 1500 || p.dur != 1000 {
			t.Errorf("stored item points = %+v", p)
		}
		if _, err := s.MinutesFile(ctx, m2.ID); bontot.ErrorCode(err) != bontot.ENOTFOUND {
			t.Errorf("no minutes file: %v, want ENOTFOUND", err)
		}

		entries, _, err := s.AuditEntries(ctx, bontot.AuditFilter{Action: "meeting.create"})
		if err != nil || len(entries) != 2 {
			t.Fatalf("audit: %v, %d entries", err, len(entries))
		}
		if e := entries[1]; e.EntityID != m.ID || e.OrgPath != mc.tdp4.Path || !strings.Contains(e.Summary, "100 điểm, Tốt") {
			t.Errorf("audit entry = %+v", e)
		}
		list, err := s.Meetings(ctx, mc.tdp4.ID, 2025)
		if err != nil || len(list) != 2 || list[0].ID != m.ID || list[1].Kind != bontot.MeetingThematic {
			t.Errorf("Meetings(2025) = %v, %v", list, err)
		}
		if list, _ := s.Meetings(ctx, mc.tdp4.ID, 2024); len(list) != 0 {
			t.Errorf("Meetings(2024) = %d meetings", len(list))
		}
	})
}

func TestMeetingValidation(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		mc := mustMeetingCell(t, s)
		outsider := MustMember(t, s, mc.tdp1, "Đỗ Thị Ngoài", "")
		cases := []struct {
			name  string
			edit  func(m *bontot.Meeting)
			field string
		}{
			{"end before start", func(m *bontot.Meeting) { m.Start, m.End = "20:00", "19:00" }, "end_time"},
			{"bad time", func(m *bontot.Meeting) { m.Start = "25:00" }, "start_time"},
			{"future date", func(m *bontot.Meeting) { m.HeldOn = bontot.MustDate("16/03/2025") }, "held_on"},
			{"thematic without topic", func(m *bontot.Meeting) { m.Kind = bontot.MeetingThematic }, "topic"},
			{"speakers above present", func(m *bontot.Meeting) { m.Speakers = 5 }, "speakers"},
			{"typed points above max", func(m *bontot.Meeting) { m.Preparation = 1501 }, "p_preparation"},
			{"full agenda points without the agenda", func(m *bontot.Meeting) { m.AgendaTasks = false }, "p_agenda"},
			{"a member of another cell", func(m *bontot.Meeting) {
				m.Attendees = append(m.Attendees, bontot.Attendee{MemberID: outsider.ID, Status: bontot.Present})
			}, "attendance"},
			{"a member left out", func(m *bontot.Meeting) { m.Attendees = m.Attendees[1:] }, "attendance"},
			{"exempt for a member who is not", func(m *bontot.Meeting) {
				for i := range m.Attendees {
					if m.Attendees[i].MemberID == mc.a.ID {
						m.Attendees[i].Status = bontot.Exempt
					}
				}
			}, "a_" + itoa(mc.a.ID)},
			{"no chair", func(m *bontot.Meeting) { m.Chair = " " }, "chair"},
		}
		for _, tc := range cases {
			m := draftMeeting(t, s, mc.tdp4, bontot.MeetingRegular, "05/03/2025", nil)
			tc.edit(m)
			err := s.CreateMeeting(ctx, admin, m, nil)
			var e *bontot.Error
			if !asError(err, &e) || e.Code != bontot.EINVALID || e.Fields[tc.field] == "" {
				t.Errorf("%s: error %v, want a message for %s", tc.name, err, tc.field)
			}
		}
		if list, _ := s.Meetings(ctx, mc.tdp4.ID, 2025); len(list) != 0 {
			t.Errorf("refused meetings were saved: %d", len(list))
		}
		m := draftMeeting(t, s, mc.tdp4, bontot.MeetingRegular, "05/03/2025", nil)
		m.OrgID = mc.ward.ID
		if err := s.CreateMeeting(ctx, admin, m, nil); bontot.ErrorCode(err) != bontot.EINVALID {
			t.Errorf("a committee's meeting: %v, want EINVALID", err)
		}
		big := &bontot.MinutesFile{Filename: "x.pdf", Data: make([]byte, bontot.MaxMinutesSize+1)}
		m = draftMeeting(t, s, mc.tdp4, bontot.MeetingRegular, "05/03/2025", nil)
		var e *bontot.Error
		if err := s.CreateMeeting(ctx, admin, m, big); !asError(err, &e) || e.Fields["minutes_file"] == "" {
			t.Errorf("a file over 10 MB: %v", err)
		}
	})
}

func TestSecondRegularMeetingOfAMonthRefused(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		mc := mustMeetingCell(t, s)
		first := mustCreateMeeting(t, s, draftMeeting(t, s, mc.tdp4, bontot.MeetingRegular, "05/02/2025", nil))
		second := draftMeeting(t, s, mc.tdp4, bontot.MeetingRegular, "25/02/2025", nil)
		err := s.CreateMeeting(ctx, admin, second, nil)
		var e *bontot.Error
		if !asError(err, &e) || !strings.Contains(e.Fields["held_on"], "Tháng 2/2025 đã có biên bản sinh hoạt định kỳ (ngày 05/02/2025)") {
			t.Fatalf("second regular meeting: %v (%v)", err, e)
		}
		// A thematic meeting the same month is fine, and so is the next month.
		mustCreateMeeting(t, s, draftMeeting(t, s, mc.tdp4, bontot.MeetingThematic, "25/02/2025", nil))
		march := mustCreateMeeting(t, s, draftMeeting(t, s, mc.tdp4, bontot.MeetingRegular, "03/03/2025", nil))
		// Moving March's meeting into February is refused too; editing February's own date is not.
		march.HeldOn = bontot.MustDate("27/02/2025")
		if err := s.UpdateMeeting(ctx, admin, march, nil); bontot.ErrorCode(err) != bontot.EINVALID {
			t.Errorf("moving into a month that has its meeting: %v", err)
		}
		first.HeldOn, first.Place = bontot.MustDate("06/02/2025"), "Nhà văn hóa mới"
		if err := s.UpdateMeeting(ctx, admin, first, nil); err != nil {
			t.Fatal(err)
		}
		if first.Place != "Nhà văn hóa mới" || first.HeldOn != bontot.MustDate("06/02/2025") {
			t.Errorf("updated: %s %q", first.HeldOn, first.Place)
		}
		entries, _, _ := s.AuditEntries(ctx, bontot.AuditFilter{Action: "meeting.update"})
		if len(entries) != 1 || len(entries[0].Changes) != 2 {
			t.Errorf("update audit: %+v", entries)
		}
	})
}

func TestFourthExcusedAbsenceInARowCountsUnexcused(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		mc := mustMeetingCell(t, s)
		// Seven members counted: one absence leaves 6/7 > 85% present.
		for _, name := range []string{"Võ Thị Năm", "Đặng Văn Sáu", "Bùi Thị Bảy"} {
			MustMember(t, s, mc.tdp4, name, "")
		}
		away := map[int64]bontot.Attendance{mc.a.ID: bontot.Excused}
		var ms []*bontot.Meeting
		for _, date := range []string{"10/01/2024", "10/02/2024", "10/03/2024", "10/04/2024", "10/05/2024"} {
			ms = append(ms, mustCreateMeeting(t, s, draftMeeting(t, s, mc.tdp4, bontot.MeetingRegular, date, away)))
		}
		want := []bontot.Attendance{bontot.Excused, bontot.Excused, bontot.Excused, bontot.Unexcused, bontot.Unexcused}
		check := func(step string, want []bontot.Attendance, ids ...int64) {
			t.Helper()
			for i, id := range ids {
				m, err := s.Meeting(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				c := counted(m, mc.a.ID)
				if c != want[i] {
					t.Errorf("%s: meeting of %s counts An %s, want %s", step, m.HeldOn, c, want[i])
				}
				// 6 of 7 present: full marks, and Tốt, only when the absence is excused.
				wantGrade := scoring.GradeGood
				if c == bontot.Unexcused {
					wantGrade = scoring.GradeFair
				}
				if m.Grade != wantGrade {
					t.Errorf("%s: meeting of %s graded %s, want %s", step, m.HeldOn, m.Grade, wantGrade)
				}
			}
		}
		check("five in a row", want, ms[0].ID, ms[1].ID, ms[2].ID, ms[3].ID, ms[4].ID)

		d, err := s.MeetingForm(ctx, mc.tdp4.ID, bontot.MustDate("10/06/2024"))
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range d.Attendees {
			if want := map[bool]int{true: 5, false: 0}[a.MemberID == mc.a.ID]; a.ExcusedBefore != want {
				t.Errorf("%s: %d excused absences in a row before June, want %d", a.FullName, a.ExcusedBefore, want)
			}
		}

		// February's meeting is deleted: April is now the 3rd in a row, May the 4th.
		if err := s.DeleteMeeting(ctx, admin, ms[1].ID); err != nil {
			t.Fatal(err)
		}
		check("after deleting February", []bontot.Attendance{bontot.Excused, bontot.Excused, bontot.Excused, bontot.Unexcused}, ms[0].ID, ms[2].ID, ms[3].ID, ms[4].ID)
		if _, err := s.Meeting(ctx, ms[1].ID); bontot.ErrorCode(err) != bontot.ENOTFOUND {
			t.Errorf("deleted meeting: %v", err)
		}
		if e, _, _ := s.AuditEntries(ctx, bontot.AuditFilter{Action: "meeting.delete"}); len(e) != 1 || e[0].EntityID != ms[1].ID {
			t.Errorf("delete audit: %+v", e)
		}

		// A meeting recorded late, in between, where An was present, breaks the row.
		mustCreateMeeting(t, s, draftMeeting(t, s, mc.tdp4, bontot.MeetingThematic, "20/03/2024", nil))
		check("after a late meeting with An present", []bontot.Attendance{bontot.Excused, bontot.Excused, bontot.Excused, bontot.Excused}, ms[0].ID, ms[2].ID, ms[3].ID, ms[4].ID)

		// A correction: An was absent without excuse in January.
		jan, _ := s.Meeting(ctx, ms[0].ID)
		for i := range jan.Attendees {
			if jan.Attendees[i].MemberID == mc.a.ID {
				jan.Attendees[i].Status = bontot.Unexcused
			}
		}
		if err := s.UpdateMeeting(ctx, admin, jan, nil); err != nil {
			t.Fatal(err)
		}
		if jan.Unexcused != 1 || jan.Grade != scoring.GradeFair {
			t.Errorf("January corrected: unexcused %d grade %s", jan.Unexcused, jan.Grade)
		}
	})
}

func TestMissingMonthsAndStats(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		mc := mustMeetingCell(t, s)
		MustMember(t, s, mc.tdp1, "Võ Văn Một", "")
		for _, date := range []string{"05/01/2025", "05/03/2025"} {
			mustCreateMeeting(t, s, draftMeeting(t, s, mc.tdp4, bontot.MeetingRegular, date, nil))
		}
		poor := draftMeeting(t, s, mc.tdp4, bontot.MeetingThematic, "06/03/2025", nil)
		poor.MinutesSigned, poor.Preparation, poor.Agenda, poor.Principles, poor.LastResolution = false, 0, 0, 0, 0
		mustCreateMeeting(t, s, poor)
		for _, date := range []string{"05/04/2024", "05/06/2024"} {
			m := draftMeeting(t, s, mc.tdp4, bontot.MeetingRegular, date, nil)
			m.LastResolution = 0 // 95
			mustCreateMeeting(t, s, m)
		}

		cases := []struct {
			year int
			upTo string
			want []int
		}{
			{2025, "15/03/2025", []int{2}},
			{2025, "31/03/2025", []int{2}},
			{2025, "01/04/2025", []int{2}},
			{2025, "15/05/2025", []int{2, 4}},
			{2025, "31/01/2025", nil},
			{2024, "15/03/2025", []int{1, 2, 3, 5, 7, 8, 9, 10, 11, 12}},
			{2026, "15/03/2025", nil},
		}
		for _, tc := range cases {
			got, err := s.MissingMonths(ctx, mc.tdp4.ID, tc.year, bontot.MustDate(tc.upTo))
			if err != nil || !slices.Equal(got, tc.want) {
				t.Errorf("MissingMonths(%d, %s) = %v, %v; want %v", tc.year, tc.upTo, got, err, tc.want)
			}
		}

		stats, more, err := s.MeetingStats(ctx, mc.ward.Path, 2025)
		if err != nil || more || len(stats) != 2 {
			t.Fatalf("MeetingStats = %d stats, more %v, %v", len(stats), more, err)
		}
		if stats[0].OrgName != "Chi bộ TDP 1" || stats[1].OrgName != "Chi bộ TDP 4" {
			t.Errorf("order: %s, %s", stats[0].OrgName, stats[1].OrgName)
		}
		tdp1, tdp4 := stats[0], stats[1]
		if tdp1.Held != 0 || !slices.Equal(tdp1.Missing, []int{1, 2}) || tdp1.Regular != 0 || tdp1.Average != 0 {
			t.Errorf("TDP 1: %+v", tdp1)
		}
		if tdp4.Held != 2 || tdp4.Months != 1<<1|1<<3 || !slices.Equal(tdp4.Missing, []int{2}) || tdp4.Regular != 2 || tdp4.Thematic != 1 ||
			tdp4.Average != 10000 || tdp4.GradeGood != 2 || tdp4.GradePoor != 0 {
			t.Errorf("TDP 4: %+v", tdp4)
		}
		stats, _, _ = s.MeetingStats(ctx, mc.tdp4.Path, 2024)
		if len(stats) != 1 || stats[0].Held != 2 || stats[0].Average != 9500 || stats[0].GradeGood != 2 || len(stats[0].Missing) != 10 {
			t.Errorf("TDP 4 in 2024: %+v", stats)
		}
		// The city sees every cell, a school's base cell included.
		stats, _, _ = s.MeetingStats(ctx, mc.city.Path, 2025)
		if len(stats) != 4 {
			t.Errorf("city cells = %d, want 4", len(stats))
		}
	})
}

func rebind(s *store.Store, q string) string {
	if s.Engine() != store.Postgres {
		return q
	}
	n := 0
	var b strings.Builder
	for _, c := range q {
		if c == '?' {
			n++
			b.WriteString("$" + itoa(int64(n)))
		} else {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// TestMeetingsOfAnApprovedYearAreFrozen: once the cell's 2024 assessment
// is approved, its 2024 meetings can be neither added, changed, moved into
// or out of, nor deleted; 2025 stays open; reopening opens 2024 again.
func TestMeetingsOfAnApprovedYearAreFrozen(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		mc := mustMeetingCell(t, s)
		c := MustCampaign(t, s, mc.tree)
		october := mustCreateMeeting(t, s, draftMeeting(t, s, mc.tdp4, bontot.MeetingRegular, "10/10/2024", nil))
		february := mustCreateMeeting(t, s, draftMeeting(t, s, mc.tdp4, bontot.MeetingRegular, "12/02/2025", nil))

		e, f := fullCell()
		a, _ := s.AssessmentOf(ctx, c.ID, 2024, mc.tdp4.ID)
		if err := s.SaveSelf(ctx, admin, a.ID, a.Version, e, f, ""); err != nil {
			t.Fatal(err)
		}
		step := func(act bontot.Action, note string) {
			t.Helper()
			cur, _ := s.Assessment(ctx, a.ID)
			if err := s.Transition(ctx, admin, a.ID, store.TransitionInput{Action: act, Version: cur.Version, Note: note}); err != nil {
				t.Fatal(err)
			}
		}
		for _, act := range []bontot.Action{bontot.ActSubmit, bontot.ActReview, bontot.ActApprove} {
			step(act, "")
		}

		frozen := func(what string, err error) {
			t.Helper()
			var e *bontot.Error
			if !asError(err, &e) || !strings.Contains(e.Message, "Kết quả đánh giá năm 2024 của “Chi bộ TDP 4” đã phê duyệt") {
				t.Errorf("%s in an approved year: %v, want it refused as approved", what, err)
			}
		}
		frozen("a new meeting", s.CreateMeeting(ctx, admin, draftMeeting(t, s, mc.tdp4, bontot.MeetingThematic, "12/11/2024", nil), nil))
		changed := *october
		changed.Speakers = 1
		frozen("a change", s.UpdateMeeting(ctx, admin, &changed, nil))
		frozen("a deletion", s.DeleteMeeting(ctx, admin, october.ID))
		moved := *february
		moved.HeldOn = bontot.MustDate("12/12/2024")
		frozen("a move into 2024", s.UpdateMeeting(ctx, admin, &moved, nil))
		if got, _ := s.Meeting(ctx, october.ID); got.Speakers != october.Speakers {
			t.Errorf("the refused change was saved: %d speakers", got.Speakers)
		}

		february.Speakers = 1
		if err := s.UpdateMeeting(ctx, admin, february, nil); err != nil {
			t.Errorf("changing a 2025 meeting: %v", err)
		}
		step(bontot.ActReopen, "Bổ sung biên bản tháng 11")
		mustCreateMeeting(t, s, draftMeeting(t, s, mc.tdp4, bontot.MeetingThematic, "12/11/2024", nil))
	})
}
