package scoring

import (
	"slices"
	"strings"
	"testing"
)

// perfectMeeting is a meeting with every item at its maximum: 20 present of
// a roll of 20, 6 speakers, 90 minutes, minutes signed, typed items full.
func perfectMeeting() MeetingInput {
	return MeetingInput{Present: 20, RollSize: 20, Speakers: 6, Minutes: 90, MinutesSigned: true,
		Preparation: 1500, Agenda: 1500, Principles: 1000, LastResolution: 500}
}

func meetingItem(t *testing.T, r MeetingResult, code string) MeetingItemResult {
	t.Helper()
	for _, it := range r.Items {
		if it.Code == code {
			return it
		}
	}
	t.Fatalf("no item %s in the result", code)
	return MeetingItemResult{}
}

func TestDefaultMeetingSheetIsSound(t *testing.T) {
	s := DefaultMeetingSheet()
	if p := s.Check(); len(p) != 0 {
		t.Fatalf("Check() = %q", p)
	}
	if got, want := s.Max(), Points(10000); got != want {
		t.Errorf("Max() = %s, want %s", got, want)
	}
	var critical []string
	for _, it := range s.Items {
		if it.Critical {
			critical = append(critical, it.Code)
		}
	}
	if want := []string{MeetingAttendance, MeetingContributions, MeetingDuration, MeetingMinutes}; !slices.Equal(critical, want) {
		t.Errorf("critical items = %v, want %v", critical, want)
	}
	r := ScoreMeeting(nil, perfectMeeting())
	if r.Total != 10000 || r.Grade != GradeGood || len(r.CriticalMissed) != 0 {
		t.Errorf("perfect meeting: total %s grade %s missed %v", r.Total, r.Grade, r.CriticalMissed)
	}
}

func TestMeetingSheetCheckFindsProblems(t *testing.T) {
	s := DefaultMeetingSheet()
	s.Items[0].Max = 1900
	s.Items = append(s.Items, MeetingItem{Code: "free", Name: "Tự do", Max: 100})
	s.FairMin = s.GoodMin
	p := strings.Join(s.Check(), " | ")
	for _, want := range []string{"“free” không tính tự động", "Ngưỡng xếp loại"} {
		if !strings.Contains(p, want) {
			t.Errorf("Check() = %q, lacks %q", p, want)
		}
	}
}

func TestMeetingAttendance(t *testing.T) {
	cases := []struct {
		name                              string
		present, excused, unexcused, exem int
		points                            Points
		detail                            string
	}{
		{"18/21 is above 85%", 18, 3, 0, 0, 2000, "Có mặt 18/21 (85,71%), trên 85% và không ai vắng không lý do: 20 điểm"},
		{"17/20 is exactly 85%, not above", 17, 3, 0, 0, 1700, "Có mặt 17/20 (85%), không trên 85%: 20 × 17/20 = 17 điểm"},
		{"one unexcused at 19/20", 19, 0, 1, 0, 1900, "Có mặt 19/20 (95%), 1 đảng viên vắng không lý do: 20 × 19/20 = 19 điểm"},
		{"below and unexcused", 10, 8, 2, 0, 1000, "Có mặt 10/20 (50%), không trên 85% và 2 đảng viên vắng không lý do: 20 × 10/20 = 10 điểm"},
		{"rounded half up once", 2, 1, 0, 0, 1333, "Có mặt 2/3 (66,66%), không trên 85%: 20 × 2/3 = 13,33 điểm"},
		{"5/6 rounds 16,666… up", 5, 1, 0, 0, 1667, ""},
		{"exempt members never count", 18, 3, 0, 9, 2000, ""},
		{"all present", 9, 0, 0, 0, 2000, ""},
		{"nobody counted", 0, 0, 0, 4, 0, "Không có đảng viên nào phải dự họp: 0 điểm"},
		{"nobody present", 0, 5, 0, 0, 0, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := perfectMeeting()
			in.Present, in.Excused, in.Unexcused, in.Exempt = tc.present, tc.excused, tc.unexcused, tc.exem
			in.Speakers = tc.present
			it := meetingItem(t, ScoreMeeting(nil, in), MeetingAttendance)
			if it.Points != tc.points {
				t.Errorf("attendance = %s, want %s (%s)", it.Points, tc.points, it.Detail)
			}
			if tc.detail != "" && it.Detail != tc.detail {
				t.Errorf("detail = %q, want %q", it.Detail, tc.detail)
			}
		})
	}
}

func TestMeetingContributions(t *testing.T) {
	cases := []struct {
		name              string
		speakers, present int
		points            Points
		detail            string
	}{
		{"exactly 30%", 6, 20, 1500, "6/20 đảng viên có mặt phát biểu (30%), từ 30% trở lên: 15 điểm"},
		{"just under 30%", 5, 17, 1471, "5/17 đảng viên có mặt phát biểu (29,41%), dưới 30%: 50 × 5/17 = 14,71 điểm"},
		{"3/10 is 30%", 3, 10, 1500, ""},
		{"2/10", 2, 10, 1000, "2/10 đảng viên có mặt phát biểu (20%), dưới 30%: 50 × 2/10 = 10 điểm"},
		{"nobody spoke", 0, 12, 0, ""},
		{"everybody spoke", 12, 12, 1500, ""},
		{"more speakers than present counts as all", 40, 12, 1500, ""},
		{"nobody present", 3, 0, 0, "Không có đảng viên có mặt: 0 điểm"},
		{"1/7 rounds 7,142… down", 1, 7, 714, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := perfectMeeting()
			in.Present, in.RollSize, in.Speakers = tc.present, tc.present, tc.speakers
			it := meetingItem(t, ScoreMeeting(nil, in), MeetingContributions)
			if it.Points != tc.points {
				t.Errorf("contributions = %s, want %s (%s)", it.Points, tc.points, it.Detail)
			}
			if tc.detail != "" && it.Detail != tc.detail {
				t.Errorf("detail = %q, want %q", it.Detail, tc.detail)
			}
		})
	}
}

func TestMeetingDuration(t *testing.T) {
	cases := []struct {
		minutes, roll int
		points        Points
	}{
		{59, 9, 0}, {60, 9, 1000}, {89, 9, 1000}, {90, 9, 1000},
		{59, 10, 0}, {60, 10, 0}, {89, 10, 0}, {90, 10, 1000}, {150, 40, 1000},
		{60, 3, 1000}, {0, 3, 0},
	}
	for _, tc := range cases {
		in := perfectMeeting()
		in.Minutes, in.RollSize = tc.minutes, tc.roll
		it := meetingItem(t, ScoreMeeting(nil, in), MeetingDuration)
		if it.Points != tc.points {
			t.Errorf("%d minutes, roll %d: duration = %s, want %s (%s)", tc.minutes, tc.roll, it.Points, tc.points, it.Detail)
		}
	}
	in := perfectMeeting()
	in.Minutes, in.RollSize = 75, 9
	if got, want := meetingItem(t, ScoreMeeting(nil, in), MeetingDuration).Detail, "Họp 75 phút, từ 60 phút (chi bộ có 9 đảng viên, từ 9 trở xuống): 10 điểm"; got != want {
		t.Errorf("detail = %q, want %q", got, want)
	}
	in.RollSize = 10
	if got, want := meetingItem(t, ScoreMeeting(nil, in), MeetingDuration).Detail, "Họp 75 phút, dưới 90 phút: 0 điểm"; got != want {
		t.Errorf("detail = %q, want %q", got, want)
	}
}

func TestMeetingMinutesAndTypedItems(t *testing.T) {
	in := perfectMeeting()
	in.MinutesSigned = false
	in.Agenda, in.LastResolution = 1125, 250
	r := ScoreMeeting(nil, in)
	if got := meetingItem(t, r, MeetingMinutes).Points; got != 0 {
		t.Errorf("unsigned minutes = %s, want 0", got)
	}
	if got := meetingItem(t, r, MeetingAgenda); got.Points != 1125 || got.Detail != "Chi ủy chấm 11,25/15 điểm" {
		t.Errorf("agenda = %s (%q)", got.Points, got.Detail)
	}
	if got, want := r.Total, Points(10000-1000-375-250); got != want {
		t.Errorf("total = %s, want %s", got, want)
	}
	// Typed values out of range are clamped and said so (the store refuses them before).
	in.Preparation, in.Principles = 2000, -5
	r = ScoreMeeting(nil, in)
	if got := meetingItem(t, r, MeetingPreparation); got.Points != 1500 || got.Detail != "Nhập 20, tính 15/15 điểm" {
		t.Errorf("preparation = %s (%q)", got.Points, got.Detail)
	}
	if got := meetingItem(t, r, MeetingPrinciples).Points; got != 0 {
		t.Errorf("principles = %s, want 0", got)
	}
}

func TestMeetingGrades(t *testing.T) {
	typed := func(prep, agenda, principles, last Points) MeetingInput {
		in := perfectMeeting()
		in.Preparation, in.Agenda, in.Principles, in.LastResolution = prep, agenda, principles, last
		return in
	}
	cases := []struct {
		name     string
		in       MeetingInput
		total    Points
		grade    MeetingGrade
		decision string
	}{
		{"100", perfectMeeting(), 10000, GradeGood, "Tổng 100 điểm ≥ 90, mọi mục thiết yếu đạt tối đa: xếp loại Tốt."},
		{"exactly 90", typed(500, 1500, 1000, 500), 9000, GradeGood, ""},
		{"89,99", typed(1499, 1500, 500, 0), 8999, GradeFair, "Tổng 89,99 điểm từ 70 đến dưới 90: xếp loại Khá."},
		{"95 with an unexcused absence", func() MeetingInput {
			in := perfectMeeting()
			in.Present, in.Unexcused, in.Preparation = 19, 1, 1200
			return in
		}(), 9600, GradeFair, "Tổng 96 điểm ≥ 90 nhưng mục thiết yếu “Đảng viên dự họp (trên 85%, không ai vắng không lý do)” chưa đạt tối đa: xếp loại Khá."},
		{"95 with too few speakers", func() MeetingInput {
			in := perfectMeeting()
			in.Speakers = 5 // 5/20 = 25% → 12,5
			in.LastResolution = 250
			return in
		}(), 9500, GradeFair, ""},
		{"90 with unsigned minutes", func() MeetingInput {
			in := perfectMeeting()
			in.MinutesSigned = false
			return in
		}(), 9000, GradeFair, ""},
		{"exactly 70", typed(0, 1500, 0, 0), 7000, GradeFair, ""},
		{"69,99", typed(0, 1499, 0, 0), 6999, GradeAverage, "Tổng 69,99 điểm từ 50 đến dưới 70: xếp loại Trung bình."},
		{"exactly 50", func() MeetingInput {
			in := typed(500, 0, 0, 0) // 45 computed + 5
			in.MinutesSigned = false
			return in
		}(), 5000, GradeAverage, ""},
		{"49,99", func() MeetingInput {
			in := typed(599, 0, 0, 0)
			in.Present, in.Unexcused = 19, 1 // 20 × 19/20 = 19, + 15 + 10 + 0 + 5,99
			in.MinutesSigned = false
			return in
		}(), 4999, GradePoor, "Tổng 49,99 điểm dưới 50: xếp loại Kém."},
		{"nothing", MeetingInput{}, 0, GradePoor, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := ScoreMeeting(DefaultMeetingSheet(), tc.in)
			if r.Total != tc.total || r.Grade != tc.grade {
				t.Errorf("total %s grade %s, want %s %s (%s)", r.Total, r.Grade, tc.total, tc.grade, r.Decision)
			}
			if tc.decision != "" && r.Decision != tc.decision {
				t.Errorf("decision = %q, want %q", r.Decision, tc.decision)
			}
			var sum Points
			for _, it := range r.Items {
				sum += it.Points
			}
			if sum != r.Total {
				t.Errorf("items add up to %s, total %s", sum, r.Total)
			}
		})
	}
}

func TestExcusedAbsencesInARow(t *testing.T) {
	s := DefaultMeetingSheet()
	for before, want := range []bool{false, false, false, true, true} {
		if got := s.ExcusedCountsUnexcused(before); got != want {
			t.Errorf("ExcusedCountsUnexcused(%d) = %v, want %v", before, got, want)
		}
	}
}

func TestMeetingGradeLabels(t *testing.T) {
	for _, g := range MeetingGrades {
		if !g.Valid() || g.Label() == "" {
			t.Errorf("grade %q has no label", g)
		}
	}
	if MeetingGrade("x").Valid() {
		t.Error("unknown grade is valid")
	}
}

func FuzzScoreMeeting(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{18, 3, 0, 0, 21, 6, 90, 1, 150, 150, 100, 50})
	f.Add([]byte{255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255})
	f.Add([]byte("some words to feed many choices into the meeting score"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &fuzzReader{b: data}
		in := MeetingInput{
			Present: int(r.int()), Excused: int(r.int()), Unexcused: int(r.int()), Exempt: int(r.int()),
			RollSize: int(r.int()), Speakers: int(r.int()), Minutes: int(r.int()), MinutesSigned: r.bool(),
			Preparation: Points(r.int()), Agenda: Points(r.int()), Principles: Points(r.int()), LastResolution: Points(r.int()),
		}
		sheet := DefaultMeetingSheet()
		if r.bool() { // a broken sheet sometimes
			sheet.AttendanceAbove, sheet.SpeakersShare = Points(r.int()), Points(r.int())
			sheet.LongMinutes, sheet.ShortMinutes, sheet.SmallRoll = int(r.int()), int(r.int()), int(r.int())
			sheet.Items[int(r.byte())%len(sheet.Items)].Max = Points(r.int())
		}
		res := ScoreMeeting(sheet, in)
		if res.Total < 0 || res.Total > sheet.Max() {
			t.Fatalf("total %s out of 0..%s", res.Total, sheet.Max())
		}
		if sheet.Check() == nil && res.Total > 10000 {
			t.Fatalf("total %s above 100", res.Total)
		}
		if !res.Grade.Valid() || res.Decision == "" {
			t.Fatalf("grade %q decision %q", res.Grade, res.Decision)
		}
		var sum Points
		for _, it := range res.Items {
			if it.Points < 0 || it.Points > it.Max {
				t.Fatalf("item %s = %s out of 0..%s", it.Code, it.Points, it.Max)
			}
			if it.Detail == "" {
				t.Fatalf("item %s has no explanation", it.Code)
			}
			sum = satAdd(sum, it.Points)
		}
		if sum != res.Total {
			t.Fatalf("items add up to %s, total %s", sum, res.Total)
		}
		if res.Grade == GradeGood && len(res.CriticalMissed) > 0 {
			t.Fatal("Tốt with a critical item missed")
		}
	})
}
