package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"bontot"
	"bontot/scoring"
	"bontot/store"
)

// seedCells builds, in a fresh store, the meeting cell of meetings_test.go
// (TDP 4: five members, one exempt) and TDP 1 with twelve members, one
// exempt and one registered only from 01/06/2024 (the roll changes mid-year).
func seedCells(tb testing.TB, s *store.Store) (mc meetingCell, tdp1 []*bontot.Member) {
	tb.Helper()
	mc = mustMeetingCell(tb, s)
	for _, name := range []string{"Nguyễn Văn Anh", "Trần Văn Bảo", "Lê Thị Cúc", "Phạm Văn Dương", "Hoàng Thị Én", "Võ Văn Giang",
		"Đặng Thị Hạnh", "Bùi Văn Khoa", "Đỗ Thị Lan", "Hồ Văn Minh", "Ngô Thị Nga"} {
		tdp1 = append(tdp1, MustMember(tb, s, mc.tdp1, name, ""))
	}
	tdp1[3].Status = bontot.StatusExempt
	if err := s.UpdateMember(context.Background(), admin, tdp1[3]); err != nil {
		tb.Fatal(err)
	}
	late := &bontot.Member{FullName: "Trần Thị Mới", Gender: bontot.Female, BirthDate: bontot.MustDate("05/09/1990"), AdmittedDate: bontot.MustDate("03/02/2015"),
		FullMemberDate: bontot.MustDate("03/02/2016"), Status: bontot.StatusFull, Position: bontot.PosMember, OrgID: mc.tdp1.ID}
	if err := s.CreateMember(context.Background(), admin, late, bontot.MustDate("01/06/2024")); err != nil {
		tb.Fatal(err)
	}
	return mc, append(tdp1, late)
}

// seedYear draws a year of meetings of the two cells from the rolls of s:
// every month a regular meeting, some thematic ones, random attendance with
// runs of excused absences, durations around the 60- and 90-minute marks,
// typed points anywhere in range. No two meetings of a cell share a day.
func seedYear(tb testing.TB, s *store.Store, cells []*bontot.Org, seed uint64) []*bontot.Meeting {
	tb.Helper()
	r := rand.New(rand.NewPCG(seed, 7))
	sheet := scoring.DefaultMeetingSheet()
	var out []*bontot.Meeting
	for _, c := range cells {
		for month := 1; month <= 12; month++ {
			kinds := []bontot.MeetingKind{bontot.MeetingRegular}
			if r.IntN(3) == 0 {
				kinds = append(kinds, bontot.MeetingThematic)
			}
			for k, kind := range kinds {
				d, err := s.MeetingForm(context.Background(), c.ID, bontot.MustDate(fmt.Sprintf("%02d/%02d/2024", 3+k*15+r.IntN(10), month)))
				if err != nil {
					tb.Fatal(err)
				}
				start := []int{19*60 + 30, 14 * 60, 7*60 + 30}[r.IntN(3)]
				end := start + []int{55, 60, 65, 85, 89, 90, 120}[r.IntN(7)]
				m := &bontot.Meeting{OrgID: c.ID, Kind: kind, HeldOn: d.Date, Place: "Nhà văn hóa", Chair: "Lê Văn Hùng", MinuteTaker: "Trần Thị Bình",
					Start: fmt.Sprintf("%d:%02d", start/60, start%60), End: fmt.Sprintf("%dh%02d", end/60, end%60),
					AgendaReview: r.IntN(8) != 0, AgendaInformation: true, AgendaTasks: true, AgendaResolution: r.IntN(10) != 0,
					PraiseCriticism: r.IntN(6) != 0, MinutesSigned: r.IntN(7) != 0, Guests: " Đồng chí phụ trách ", Resolution: "Nghị quyết tháng.  "}
				if kind == bontot.MeetingThematic {
					m.Topic = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
				}
				present := 0
				for i, a := range d.Attendees {
					if a.Status != bontot.Exempt {
						switch v := r.IntN(100); {
						case i == 1 && month >= 2 && month <= 8: // a long run of excused absences
							a.Status = bontot.Excused
						case v < 18:
							a.Status = bontot.Excused
						case v < 23:
							a.Status = bontot.Unexcused
						}
					}
					if a.Status == bontot.Present {
						present++
					}
					m.Attendees = append(m.Attendees, a)
				}
				if present == 0 {
					m.Attendees[0].Status = bontot.Present
					present = 1
				}
				m.Speakers = r.IntN(present + 1)
				typed := func(code string) scoring.Points { return scoring.Points(r.IntN(int(sheet.Item(code).Max)/25+1) * 25) }
				m.Preparation, m.Agenda, m.Principles, m.LastResolution = typed(scoring.MeetingPreparation), typed(scoring.MeetingAgenda),
					typed(scoring.MeetingPrinciples), typed(scoring.MeetingLastResolution)
				if !m.AgendaComplete() {
					m.Agenda = min(m.Agenda, 1400)
				}
				if !m.PraiseCriticism {
					m.Principles = min(m.Principles, 900)
				}
				out = append(out, m)
			}
		}
	}
	return out
}

// clone copies meetings, so that each store gets its own.
func clone(ms []*bontot.Meeting) []*bontot.Meeting {
	out := make([]*bontot.Meeting, len(ms))
	for i, m := range ms {
		c := *m
		c.Attendees = slices.Clone(m.Attendees)
		out[i] = &c
	}
	return out
}

// meetingDump is every stored column of the meetings and their attendance
// but ids and times of writing, one line a meeting, in date order.
func meetingDump(tb testing.TB, s *store.Store) []string {
	tb.Helper()
	rows, err := s.DB().Query(`SELECT o.code, m.id, m.kind, m.topic, m.held_on, m.place, m.start_time, m.end_time, m.minutes, m.chair, m.minute_taker, m.guests,
		m.agenda_review, m.agenda_information, m.agenda_tasks, m.agenda_resolution, m.speakers, m.praise_criticism, m.resolution,
		m.roll_size, m.present, m.excused, m.unexcused, m.exempt, m.p_attendance, m.p_preparation, m.p_agenda, m.p_contributions, m.p_duration,
		m.p_minutes, m.p_principles, m.p_last_resolution, m.total, m.grade, m.minutes_signed, m.minutes_filename, m.minutes_size, m.created_by_name
		FROM meetings m JOIN orgs o ON o.id = m.org_id ORDER BY o.code, m.held_on, m.start_time`)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var out []string
	var ids []int64
	for rows.Next() {
		vals := make([]any, 38)
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			tb.Fatal(err)
		}
		ids = append(ids, vals[1].(int64))
		vals[1] = nil
		for i, v := range vals {
			switch x := v.(type) {
			case []byte:
				vals[i] = string(x)
			case bool: // PostgreSQL booleans, SQLite integers
				vals[i] = map[bool]int64{false: 0, true: 1}[x]
			}
		}
		out = append(out, fmt.Sprint(vals...))
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	for i, id := range ids {
		ar, err := s.DB().Query(s.Rebind(`SELECT member_id, status, counted FROM meeting_attendance WHERE meeting_id = ? ORDER BY member_id`), id)
		if err != nil {
			tb.Fatal(err)
		}
		var b strings.Builder
		for ar.Next() {
			var member int64
			var status, counted string
			if err := ar.Scan(&member, &status, &counted); err != nil {
				tb.Fatal(err)
			}
			fmt.Fprintf(&b, " %d:%s/%s", member, status, counted)
		}
		ar.Close()
		out[i] += " |" + b.String()
	}
	return out
}

// TestSeedMeetingsLikeCreateMeeting: a year of meetings of two cells stored
// by SeedMeetings in one call, or in two calls the second of which goes
// before meetings already stored, is stored exactly as CreateMeeting stores
// the same meetings one by one in another order: counted statuses (the 4th
// excused absence in a row), counts, item points, totals and grades.
func TestSeedMeetingsLikeCreateMeeting(t *testing.T) {
	engines(t, func(t *testing.T, one *store.Store) {
		ctx := context.Background()
		mc, _ := seedCells(t, one)
		cells := []*bontot.Org{mc.tdp4, mc.tdp1}
		year := seedYear(t, one, cells, 1)
		var regular, excused4 int
		for _, m := range clone(year) {
			if m.Kind == bontot.MeetingRegular {
				regular++
			}
		}
		// One by one, newest first: every insert recounts the later meetings.
		byOne := clone(year)
		slices.Reverse(byOne)
		for _, m := range byOne {
			mustCreateMeeting(t, one, m)
		}
		want := meetingDump(t, one)
		for _, line := range want {
			excused4 += strings.Count(line, "/"+string(bontot.Unexcused)) - strings.Count(line, string(bontot.Unexcused)+"/")
		}
		if regular != 24 || len(year) <= 24 || excused4 == 0 {
			t.Fatalf("%d meetings, %d regular, %d excused absences counted unexcused: the data does not test the rule", len(year), regular, excused4)
		}

		for _, split := range []bool{false, true} {
			two := MustOpen(t, one.Engine())
			mc2, _ := seedCells(t, two)
			if mc2.tdp1.ID != mc.tdp1.ID || mc2.exempt.ID != mc.exempt.ID {
				t.Fatal("the two stores gave different ids")
			}
			ms := clone(year)
			last := ms // the meetings of the last call, whose values are current
			var err error
			if !split {
				err = two.SeedMeetings(ctx, admin, ms)
			} else {
				// The later half first, then the earlier half.
				var early, later []*bontot.Meeting
				for _, m := range ms {
					if m.HeldOn.Time().Month() <= 6 {
						early = append(early, m)
					} else {
						later = append(later, m)
					}
				}
				if err = two.SeedMeetings(ctx, admin, later); err == nil {
					err = two.SeedMeetings(ctx, admin, early)
				}
				last = early
			}
			if err != nil {
				t.Fatalf("split %v: %v", split, err)
			}
			got := meetingDump(t, two)
			if len(got) != len(want) {
				t.Fatalf("split %v: %d meetings stored, want %d", split, len(got), len(want))
			}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("split %v: meeting %d\n got %s\nwant %s", split, i, got[i], want[i])
				}
			}
			// The meetings given hold what was stored (the earlier call's
			// may have been recounted since).
			for _, m := range last {
				stored, err := two.Meeting(ctx, m.ID)
				if err != nil {
					t.Fatal(err)
				}
				if stored.Total != m.Total || stored.Grade != m.Grade || stored.Present != m.Present || stored.Unexcused != m.Unexcused || stored.RollSize != m.RollSize {
					t.Errorf("split %v: %s returned %s %s %d/%d, stored %s %s %d/%d", split, m.HeldOn, m.Total, m.Grade, m.Present, m.Unexcused,
						stored.Total, stored.Grade, stored.Present, stored.Unexcused)
				}
				counted := map[int64]bontot.Attendance{}
				for _, a := range stored.Attendees {
					counted[a.MemberID] = a.Counted
				}
				for _, a := range m.Attendees {
					if counted[a.MemberID] != a.Counted {
						t.Errorf("split %v: %s member %d returned %s, stored %s", split, m.HeldOn, a.MemberID, a.Counted, counted[a.MemberID])
					}
				}
			}
			if missing, err := two.MissingMonths(ctx, mc.tdp1.ID, 2024, bontot.MustDate("01/03/2025")); err != nil || len(missing) != 0 {
				t.Errorf("missing months %v, %v", missing, err)
			}
		}
	})
}

// TestSeedMeetingsRefuses: what CreateMeeting refuses, SeedMeetings
// refuses, naming the meeting, and stores nothing of the load.
func TestSeedMeetingsRefuses(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		mc, tdp1 := seedCells(t, s)
		base := func() []*bontot.Meeting {
			return []*bontot.Meeting{
				draftMeeting(t, s, mc.tdp4, bontot.MeetingRegular, "05/01/2025", nil),
				draftMeeting(t, s, mc.tdp1, bontot.MeetingRegular, "06/01/2025", nil),
			}
		}
		cases := []struct {
			name, want string
			edit       func(ms []*bontot.Meeting) []*bontot.Meeting
		}{
			{"stranger", "danh sách dự họp khác", func(ms []*bontot.Meeting) []*bontot.Meeting {
				ms[0].Attendees = append(ms[0].Attendees, bontot.Attendee{MemberID: tdp1[0].ID, Status: bontot.Present})
				return ms
			}},
			{"missing member", "chưa có tình trạng dự họp", func(ms []*bontot.Meeting) []*bontot.Meeting {
				ms[1].Attendees = ms[1].Attendees[1:]
				return ms
			}},
			{"not on the roll yet", "danh sách dự họp khác", func(ms []*bontot.Meeting) []*bontot.Meeting {
				m := draftMeeting(t, s, mc.tdp1, bontot.MeetingRegular, "06/05/2024", nil)
				m.Attendees = ms[1].Attendees // the member registered from June
				return append(ms, m)
			}},
			{"exempt", "không thuộc diện miễn sinh hoạt", func(ms []*bontot.Meeting) []*bontot.Meeting {
				ms[0].Attendees[0].Status = bontot.Exempt
				if ms[0].Attendees[0].MemberID == mc.exempt.ID {
					ms[0].Attendees[1].Status = bontot.Exempt
				}
				return ms
			}},
			{"two regular in a month", "đã có biên bản sinh hoạt định kỳ", func(ms []*bontot.Meeting) []*bontot.Meeting {
				return append(ms, draftMeeting(t, s, mc.tdp4, bontot.MeetingRegular, "25/01/2025", nil))
			}},
			{"after today", "không được sau ngày hôm nay", func(ms []*bontot.Meeting) []*bontot.Meeting {
				return append(ms, draftMeeting(t, s, mc.tdp4, bontot.MeetingThematic, "20/03/2025", nil))
			}},
			{"end before start", "Giờ kết thúc phải sau giờ bắt đầu", func(ms []*bontot.Meeting) []*bontot.Meeting {
				ms[1].End = "19:00"
				return ms
			}},
			{"not a cell", "không phải là chi bộ", func(ms []*bontot.Meeting) []*bontot.Meeting {
				ms[1].OrgID = mc.ward.ID
				return ms
			}},
		}
		for _, c := range cases {
			err := s.SeedMeetings(ctx, admin, c.edit(base()))
			var e *bontot.Error
			if !asError(err, &e) || !strings.Contains(e.Message, c.want) {
				t.Errorf("%s: %v, want an error with %q", c.name, err, c.want)
			}
		}
		if ms, err := s.Meetings(ctx, mc.tdp4.ID, 2025); err != nil || len(ms) != 0 {
			t.Errorf("after refusals: %d meetings, %v", len(ms), err)
		}
		// The year's regular meeting stored by CreateMeeting counts.
		mustCreateMeeting(t, s, draftMeeting(t, s, mc.tdp4, bontot.MeetingRegular, "02/01/2025", nil))
		if err := s.SeedMeetings(ctx, admin, base()); err == nil || !strings.Contains(bontot.ErrorMessage(err), "Chi bộ TDP 4") {
			t.Errorf("a second regular meeting in January: %v", err)
		}
	})
}
