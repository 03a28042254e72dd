package scoring

import (
	"fmt"
	"math/big"
	"strings"
)

// Item codes of the meeting score sheet (DOMAIN.md §6c). They are also the
// suffixes of the meetings table's point columns (p_attendance…).
const (
	MeetingAttendance     = "attendance"      // dự họp: computed from the roll
	MeetingPreparation    = "preparation"     // chuẩn bị: typed
	MeetingAgenda         = "agenda"          // nội dung, chương trình: typed
	MeetingContributions  = "contributions"   // phát biểu: computed from the speakers
	MeetingDuration       = "duration"        // thời lượng: computed from the times
	MeetingMinutes        = "minutes"         // biên bản: complete and signed or not
	MeetingPrinciples     = "principles"      // nguyên tắc, phê bình và tự phê bình: typed
	MeetingLastResolution = "last_resolution" // thực hiện nghị quyết kỳ trước: typed
)

// MeetingGrade is the grade of one meeting (DOMAIN.md §6c).
type MeetingGrade string

// Meeting grades, best first.
const (
	GradeGood    MeetingGrade = "good"    // Tốt
	GradeFair    MeetingGrade = "fair"    // Khá
	GradeAverage MeetingGrade = "average" // Trung bình
	GradePoor    MeetingGrade = "poor"    // Kém
)

// MeetingGrades lists the grades best first.
var MeetingGrades = []MeetingGrade{GradeGood, GradeFair, GradeAverage, GradePoor}

var gradeLabels = map[MeetingGrade]string{GradeGood: "Tốt", GradeFair: "Khá", GradeAverage: "Trung bình", GradePoor: "Kém"}

// Label is the Vietnamese name of the grade ("" for an unknown grade).
func (g MeetingGrade) Label() string { return gradeLabels[g] }

// Valid reports whether g is a known grade.
func (g MeetingGrade) Valid() bool { _, ok := gradeLabels[g]; return ok }

// MeetingItem is one line of the meeting score sheet.
type MeetingItem struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	Max      Points `json:"max"`
	Critical bool   `json:"critical,omitempty"` // must be at its maximum for the grade Tốt
	// Typed items are entered by the secretary (0..Max, in hundredths); the
	// others are computed from the meeting record.
	Typed bool `json:"typed,omitempty"`
}

// MeetingSheet is the 100-point score sheet of a cell meeting, as data: the
// items with their maxima and critical flags, the thresholds of the computed
// items and the grade minima. A regular and a thematic meeting use the same
// default sheet.
type MeetingSheet struct {
	Name  string        `json:"name"`
	Items []MeetingItem `json:"items"`
	// AttendanceAbove: attendance gets its maximum when present ÷ counted is
	// strictly above this share (hundredths of a percent: 8500 = 85%) and
	// nobody is absent without excuse; else Max × present ÷ counted.
	AttendanceAbove Points `json:"attendance_above"`
	// SpeakersShare: contributions get their maximum when speakers ÷ present
	// reaches this share; else Max × (speakers ÷ present) ÷ share, that is
	// 50 × speakers ÷ present for 15 points at 30%.
	SpeakersShare Points `json:"speakers_share"`
	// Duration gets its maximum from LongMinutes, or from ShortMinutes when
	// the cell has at most SmallRoll members on its roll that day.
	LongMinutes  int `json:"long_minutes"`
	ShortMinutes int `json:"short_minutes"`
	SmallRoll    int `json:"small_roll"`
	// ExcusedInRow is how many excused absences in a row a member may have:
	// the next one counts as unexcused (3: the 4th in a row counts unexcused).
	ExcusedInRow int `json:"excused_in_row"`
	// Grade minima: Tốt (with every critical item at its maximum), Khá, Trung bình.
	GoodMin    Points `json:"good_min"`
	FairMin    Points `json:"fair_min"`
	AverageMin Points `json:"average_min"`
}

// DefaultMeetingSheet returns the default sheet of DOMAIN.md §6c and §6e.
func DefaultMeetingSheet() *MeetingSheet {
	return &MeetingSheet{
		Name: "Phiếu chấm điểm buổi sinh hoạt chi bộ (thang 100 điểm)",
		Items: []MeetingItem{
			{Code: MeetingAttendance, Name: "Đảng viên dự họp (trên 85%, không ai vắng không lý do)", Max: 2000, Critical: true},
			{Code: MeetingPreparation, Name: "Chuẩn bị (chi ủy họp trước, có dự thảo nghị quyết)", Max: 1500, Typed: true},
			{Code: MeetingAgenda, Name: "Nội dung đầy đủ (kiểm điểm, thông tin, nhiệm vụ, nghị quyết)", Max: 1500, Typed: true},
			{Code: MeetingContributions, Name: "Đảng viên phát biểu (từ 30% số có mặt)", Max: 1500, Critical: true},
			{Code: MeetingDuration, Name: "Thời lượng (từ 90 phút; chi bộ dưới 10 đảng viên từ 60 phút)", Max: 1000, Critical: true},
			{Code: MeetingMinutes, Name: "Biên bản đầy đủ, có chữ ký", Max: 1000, Critical: true},
			{Code: MeetingPrinciples, Name: "Giữ nguyên tắc; có phê bình và tự phê bình", Max: 1000, Typed: true},
			{Code: MeetingLastResolution, Name: "Thực hiện nghị quyết kỳ trước", Max: 500, Typed: true},
		},
		AttendanceAbove: 8500,
		SpeakersShare:   3000,
		LongMinutes:     90,
		ShortMinutes:    60,
		SmallRoll:       9,
		ExcusedInRow:    3,
		GoodMin:         9000,
		FairMin:         7000,
		AverageMin:      5000,
	}
}

// Item returns the item with the given code, or nil.
func (s *MeetingSheet) Item(code string) *MeetingItem {
	if s == nil {
		return nil
	}
	for i := range s.Items {
		if s.Items[i].Code == code {
			return &s.Items[i]
		}
	}
	return nil
}

// Max is the sum of the items' maxima (100 points on the default sheet).
func (s *MeetingSheet) Max() Points {
	var m Points
	for _, it := range s.Items {
		m = satAdd(m, max(0, it.Max))
	}
	return m
}

// Check lists what is wrong with a sheet, in Vietnamese: unknown or repeated
// item codes, maxima not adding up to 100, thresholds out of range.
func (s *MeetingSheet) Check() []string {
	var out []string
	seen := map[string]bool{}
	for _, it := range s.Items {
		if !meetingComputed[it.Code] && !it.Typed {
			out = append(out, fmt.Sprintf("Mục “%s” không tính tự động được: phải là mục nhập điểm.", it.Code))
		}
		if seen[it.Code] {
			out = append(out, fmt.Sprintf("Mục “%s” bị lặp.", it.Code))
		}
		seen[it.Code] = true
		if it.Max < 0 {
			out = append(out, fmt.Sprintf("Điểm tối đa của mục “%s” không được âm.", it.Code))
		}
	}
	if m := s.Max(); m != 10000 {
		out = append(out, fmt.Sprintf("Tổng điểm tối đa các mục là %s, phải là 100.", m))
	}
	if s.AttendanceAbove <= 0 || s.AttendanceAbove >= 10000 || s.SpeakersShare <= 0 || s.SpeakersShare > 10000 {
		out = append(out, "Ngưỡng tỷ lệ dự họp và phát biểu phải nằm trong khoảng 0–100%.")
	}
	if s.ShortMinutes > s.LongMinutes || s.ShortMinutes <= 0 {
		out = append(out, "Thời lượng tối thiểu của chi bộ nhỏ phải dương và không quá thời lượng chung.")
	}
	if !(s.GoodMin > s.FairMin && s.FairMin > s.AverageMin && s.AverageMin > 0) {
		out = append(out, "Ngưỡng xếp loại phải giảm dần: Tốt > Khá > Trung bình > 0.")
	}
	return out
}

// meetingComputed are the item codes computed from the meeting record.
var meetingComputed = map[string]bool{MeetingAttendance: true, MeetingContributions: true, MeetingDuration: true, MeetingMinutes: true}

// ExcusedCountsUnexcused reports whether an excused absence counts as
// unexcused, given how many excused absences in a row the member had at the
// meetings just before (the 4th or later in a row does, on the default sheet).
func (s *MeetingSheet) ExcusedCountsUnexcused(excusedBefore int) bool {
	return excusedBefore >= s.ExcusedInRow
}

// MeetingInput is what a meeting's score depends on. The attendance counts
// are the counted statuses, after the rule on excused absences in a row.
type MeetingInput struct {
	Present, Excused, Unexcused, Exempt int
	RollSize                            int // members on the cell's roll that day, exempt included
	Speakers                            int // members (not guests) who spoke
	Minutes                             int // duration in minutes
	MinutesSigned                       bool
	// Typed points, in hundredths, each within 0..its item's maximum.
	Preparation, Agenda, Principles, LastResolution Points
}

// typed returns the typed points of an item code.
func (in MeetingInput) typed(code string) (Points, bool) {
	switch code {
	case MeetingPreparation:
		return in.Preparation, true
	case MeetingAgenda:
		return in.Agenda, true
	case MeetingPrinciples:
		return in.Principles, true
	case MeetingLastResolution:
		return in.LastResolution, true
	}
	return 0, false
}

// MeetingItemResult is one scored line of the sheet.
type MeetingItemResult struct {
	Code     string
	Name     string
	Max      Points
	Points   Points
	Critical bool
	Typed    bool
	Detail   string // why, in Vietnamese
}

// Full reports whether the item got its maximum.
func (r MeetingItemResult) Full() bool { return r.Points >= r.Max }

// MeetingResult is a scored meeting with its explanation.
type MeetingResult struct {
	Items []MeetingItemResult
	Total Points
	Grade MeetingGrade
	// CriticalMissed names the critical items below their maximum.
	CriticalMissed []string
	// Decision is the sentence that decided the grade.
	Decision string
}

// Points returns the points of an item (0 if the sheet has no such item).
func (r MeetingResult) Points(code string) Points {
	for _, it := range r.Items {
		if it.Code == code {
			return it.Points
		}
	}
	return 0
}

// ScoreMeeting scores a meeting on a sheet (DOMAIN.md §6e, "Meeting (6c)").
// A nil sheet is the default. It never panics: negative counts count as 0,
// more speakers than members present as everyone present, typed points are
// clamped to 0..Max (and the detail says so); the total is the sum of the
// items, within 0..the sheet's maximum.
func ScoreMeeting(sheet *MeetingSheet, in MeetingInput) MeetingResult {
	if sheet == nil {
		sheet = DefaultMeetingSheet()
	}
	in.Present, in.Excused, in.Unexcused, in.Exempt = max(0, in.Present), max(0, in.Excused), max(0, in.Unexcused), max(0, in.Exempt)
	in.RollSize, in.Minutes = max(0, in.RollSize), max(0, in.Minutes)
	in.Speakers = min(max(0, in.Speakers), in.Present)

	var r MeetingResult
	for _, it := range sheet.Items {
		ir := MeetingItemResult{Code: it.Code, Name: it.Name, Max: max(0, it.Max), Critical: it.Critical, Typed: it.Typed}
		if it.Typed {
			p, _ := in.typed(it.Code)
			ir.Points = clamp(p, 0, ir.Max)
			if ir.Points != p {
				ir.Detail = fmt.Sprintf("Nhập %s, tính %s/%s điểm", p, ir.Points, ir.Max)
			} else {
				ir.Detail = fmt.Sprintf("Chi ủy chấm %s/%s điểm", ir.Points, ir.Max)
			}
		} else {
			ir.Points, ir.Detail = sheet.computed(it.Code, ir.Max, in)
			ir.Points = clamp(ir.Points, 0, ir.Max)
		}
		r.Items = append(r.Items, ir)
		r.Total = satAdd(r.Total, ir.Points)
		if ir.Critical && !ir.Full() {
			r.CriticalMissed = append(r.CriticalMissed, it.Code)
		}
	}
	r.Grade, r.Decision = sheet.grade(r)
	return r
}

// computed scores one item from the record.
func (s *MeetingSheet) computed(code string, m Points, in MeetingInput) (Points, string) {
	switch code {
	case MeetingAttendance:
		counted := satAdd(satAdd(int64(in.Present), int64(in.Excused)), int64(in.Unexcused))
		if counted == 0 {
			return 0, "Không có đảng viên nào phải dự họp: 0 điểm"
		}
		rate := fmt.Sprintf("Có mặt %d/%d (%s)", in.Present, counted, pct(int64(in.Present), counted))
		above := ShareAbove(int64(in.Present), counted, s.AttendanceAbove)
		if above && in.Unexcused == 0 {
			return m, fmt.Sprintf("%s, trên %s%% và không ai vắng không lý do: %s điểm", rate, s.AttendanceAbove, m)
		}
		p := MulDiv(m, int64(in.Present), counted)
		why := fmt.Sprintf("không trên %s%%", s.AttendanceAbove)
		if in.Unexcused > 0 {
			why = fmt.Sprintf("%d đảng viên vắng không lý do", in.Unexcused)
			if !above {
				why = fmt.Sprintf("không trên %s%% và %d đảng viên vắng không lý do", s.AttendanceAbove, in.Unexcused)
			}
		}
		return p, fmt.Sprintf("%s, %s: %s × %d/%d = %s điểm", rate, why, m, in.Present, counted, p)
	case MeetingContributions:
		if in.Present == 0 {
			return 0, "Không có đảng viên có mặt: 0 điểm"
		}
		rate := fmt.Sprintf("%d/%d đảng viên có mặt phát biểu (%s)", in.Speakers, in.Present, pct(int64(in.Speakers), int64(in.Present)))
		if ShareAtLeast(int64(in.Speakers), int64(in.Present), s.SpeakersShare) {
			return m, fmt.Sprintf("%s, từ %s%% trở lên: %s điểm", rate, s.SpeakersShare, m)
		}
		if s.SpeakersShare <= 0 {
			return 0, rate + ": 0 điểm"
		}
		// Max × (speakers ÷ present) ÷ share, with share in hundredths of a percent.
		per := MulDiv(m, 10000, int64(s.SpeakersShare))
		num := new(big.Int).Mul(mulBig(int64(m), int64(in.Speakers)), big.NewInt(10000))
		p := Points(roundFrac(num, mulBig(int64(in.Present), int64(s.SpeakersShare))))
		return p, fmt.Sprintf("%s, dưới %s%%: %s × %d/%d = %s điểm", rate, s.SpeakersShare, per, in.Speakers, in.Present, p)
	case MeetingDuration:
		need, why := s.LongMinutes, ""
		if in.RollSize <= s.SmallRoll {
			need = s.ShortMinutes
			why = fmt.Sprintf(" (chi bộ có %d đảng viên, từ %d trở xuống)", in.RollSize, s.SmallRoll)
		}
		if in.Minutes >= need {
			return m, fmt.Sprintf("Họp %d phút, từ %d phút%s: %s điểm", in.Minutes, need, why, m)
		}
		return 0, fmt.Sprintf("Họp %d phút, dưới %d phút%s: 0 điểm", in.Minutes, need, why)
	case MeetingMinutes:
		if in.MinutesSigned {
			return m, fmt.Sprintf("Biên bản đầy đủ, có chữ ký: %s điểm", m)
		}
		return 0, "Biên bản chưa đầy đủ hoặc chưa ký: 0 điểm"
	}
	return 0, "Mục không có cách tính: 0 điểm"
}

// grade classifies a scored meeting and says why.
func (s *MeetingSheet) grade(r MeetingResult) (MeetingGrade, string) {
	total := fmt.Sprintf("Tổng %s điểm", r.Total)
	switch {
	case r.Total >= s.GoodMin && len(r.CriticalMissed) == 0:
		return GradeGood, fmt.Sprintf("%s ≥ %s, mọi mục thiết yếu đạt tối đa: xếp loại Tốt.", total, s.GoodMin)
	case r.Total >= s.GoodMin:
		var names []string
		for _, code := range r.CriticalMissed {
			names = append(names, "“"+s.Item(code).Name+"”")
		}
		return GradeFair, fmt.Sprintf("%s ≥ %s nhưng mục thiết yếu %s chưa đạt tối đa: xếp loại Khá.", total, s.GoodMin, strings.Join(names, ", "))
	case r.Total >= s.FairMin:
		return GradeFair, fmt.Sprintf("%s từ %s đến dưới %s: xếp loại Khá.", total, s.FairMin, s.GoodMin)
	case r.Total >= s.AverageMin:
		return GradeAverage, fmt.Sprintf("%s từ %s đến dưới %s: xếp loại Trung bình.", total, s.AverageMin, s.FairMin)
	}
	return GradePoor, fmt.Sprintf("%s dưới %s: xếp loại Kém.", total, s.AverageMin)
}
