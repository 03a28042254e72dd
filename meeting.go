package bontot

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"bontot/scoring"
	"bontot/vn"
)

// MeetingKind says whether a cell meeting is the month's regular one or a
// thematic one (DOMAIN.md §5). A thematic meeting never counts as the
// month's regular meeting.
type MeetingKind string

// Meeting kinds.
const (
	MeetingRegular  MeetingKind = "regular"  // sinh hoạt định kỳ
	MeetingThematic MeetingKind = "thematic" // sinh hoạt chuyên đề
)

// Label is the Vietnamese name of the kind.
func (k MeetingKind) Label() string {
	switch k {
	case MeetingRegular:
		return "Định kỳ"
	case MeetingThematic:
		return "Chuyên đề"
	}
	return ""
}

// Valid reports whether k is known.
func (k MeetingKind) Valid() bool { return k == MeetingRegular || k == MeetingThematic }

// Attendance is a member's presence at a meeting, as the minutes record it.
type Attendance string

// Attendance statuses.
const (
	Present   Attendance = "present"   // có mặt
	Excused   Attendance = "excused"   // vắng có lý do
	Unexcused Attendance = "unexcused" // vắng không lý do
	Exempt    Attendance = "exempt"    // miễn sinh hoạt: never counts
)

// Attendances in form order.
var Attendances = []Attendance{Present, Excused, Unexcused, Exempt}

var attendanceLabels = map[Attendance]string{Present: "Có mặt", Excused: "Vắng có lý do", Unexcused: "Vắng không lý do", Exempt: "Miễn sinh hoạt"}

// Label is the Vietnamese name of the status.
func (a Attendance) Label() string { return attendanceLabels[a] }

// Short is a one- or two-word name, for the buttons of the attendance list.
func (a Attendance) Short() string {
	switch a {
	case Present:
		return "Có mặt"
	case Excused:
		return "Có lý do"
	case Unexcused:
		return "Không lý do"
	case Exempt:
		return "Miễn"
	}
	return ""
}

// Valid reports whether a is known.
func (a Attendance) Valid() bool { _, ok := attendanceLabels[a]; return ok }

// Attendee is one member on the roll of a meeting.
type Attendee struct {
	MemberID     int64
	FullName     string       // filled by reads
	MemberStatus MemberStatus // the member's standing, filled by reads
	Position     Position     // filled by reads
	Status       Attendance   // as recorded
	// Counted is the status the score uses: an excused absence that is the
	// member's 4th or later in a row counts as unexcused. Set by the store.
	Counted Attendance
	// ExcusedBefore is how many excused absences in a row the member had at
	// the meetings just before this one (filled by MeetingForm).
	ExcusedBefore int
}

// Meeting is the record of one cell meeting (biên bản sinh hoạt chi bộ) and
// its score on the 100-point sheet (DOMAIN.md §5, §6c).
type Meeting struct {
	ID            int64
	OrgID         int64 // the cell
	OrgName       string
	OrgParentName string
	OrgPath       string
	Kind          MeetingKind
	Topic         string // the theme of a thematic meeting
	HeldOn        Date
	Place         string
	Start, End    string // "HH:MM"
	Minutes       int    // duration, computed from Start and End
	Chair         string
	MinuteTaker   string
	Guests        string // higher-level officers, sponsors

	AgendaReview, AgendaInformation, AgendaTasks, AgendaResolution bool
	Speakers                                                       int // members (not guests) who spoke
	PraiseCriticism                                                bool
	Resolution                                                     string

	Attendees []Attendee
	// Counts over the counted statuses; RollSize is every member on the
	// cell's roll that day, exempt included. Set by the store.
	RollSize                            int
	Present, Excused, Unexcused, Exempt int

	// Typed points of the sheet, in hundredths.
	Preparation, Agenda, Principles, LastResolution scoring.Points
	MinutesSigned                                   bool // minutes complete and signed

	// The score as stored when the meeting was last saved or recounted.
	Total scoring.Points
	Grade scoring.MeetingGrade

	MinutesFilename string // the scanned minutes, if any
	MinutesType     string
	MinutesSize     int64

	CreatedBy     int64
	CreatedByName string
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// AgendaComplete reports whether the four parts of the agenda were ticked.
func (m *Meeting) AgendaComplete() bool {
	return m.AgendaReview && m.AgendaInformation && m.AgendaTasks && m.AgendaResolution
}

// Counted is the number of members whose attendance counts: present,
// excused and unexcused (exempt members and guests never count).
func (m *Meeting) Counted() int { return m.Present + m.Excused + m.Unexcused }

// Input is what the score sheet needs from the meeting.
func (m *Meeting) Input() scoring.MeetingInput {
	return scoring.MeetingInput{Present: m.Present, Excused: m.Excused, Unexcused: m.Unexcused, Exempt: m.Exempt, RollSize: m.RollSize,
		Speakers: m.Speakers, Minutes: m.Minutes, MinutesSigned: m.MinutesSigned,
		Preparation: m.Preparation, Agenda: m.Agenda, Principles: m.Principles, LastResolution: m.LastResolution}
}

// Score scores the meeting on the default sheet, with the explanation.
func (m *Meeting) Score() scoring.MeetingResult {
	return scoring.ScoreMeeting(scoring.DefaultMeetingSheet(), m.Input())
}

// Tally sets the attendance counts from the attendees' counted statuses.
func (m *Meeting) Tally() {
	m.RollSize, m.Present, m.Excused, m.Unexcused, m.Exempt = len(m.Attendees), 0, 0, 0, 0
	for _, a := range m.Attendees {
		c := a.Counted
		if c == "" {
			c = a.Status
		}
		switch c {
		case Present:
			m.Present++
		case Excused:
			m.Excused++
		case Unexcused:
			m.Unexcused++
		case Exempt:
			m.Exempt++
		}
	}
}

// Month is the month of the meeting, 1–12.
func (m *Meeting) Month() int { return int(m.HeldOn.Time().Month()) }

// Normalize cleans the text fields.
func (m *Meeting) Normalize() {
	for _, s := range []*string{&m.Topic, &m.Place, &m.Chair, &m.MinuteTaker} {
		*s = vn.Clean(*s)
	}
	m.Guests = strings.TrimSpace(m.Guests)
	m.Resolution = strings.TrimSpace(m.Resolution)
	m.Start, m.End = strings.TrimSpace(m.Start), strings.TrimSpace(m.End)
	if m.Kind == MeetingRegular {
		m.Topic = ""
	}
}

// ParseClock reads a time of day typed as "19:30", "19h30", "19.30" or "7:30"
// and returns the minutes since midnight and the canonical "HH:MM".
func ParseClock(s string) (int, string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	bad := Errorf(EINVALID, "Giờ “%s” không hợp lệ: hãy nhập theo dạng giờ:phút, ví dụ 19:30.", s)
	sep := strings.IndexAny(s, ":h.")
	if sep < 0 {
		return 0, "", bad
	}
	hs, ms := s[:sep], s[sep+1:]
	if ms == "" && s[sep] == 'h' {
		ms = "0"
	}
	h, err1 := strconv.Atoi(hs)
	mi, err2 := strconv.Atoi(ms)
	if err1 != nil || err2 != nil || len(hs) > 2 || len(ms) > 2 || h < 0 || h > 23 || mi < 0 || mi > 59 {
		return 0, "", bad
	}
	return h*60 + mi, fmt.Sprintf("%02d:%02d", h, mi), nil
}

// Validate checks a meeting against today's date and the score sheet, with
// Vietnamese messages per form field. It sets Minutes from Start and End.
// Who attended is checked against the cell's roll by the store.
func (m *Meeting) Validate(today Date, sheet *scoring.MeetingSheet) error {
	fe := FieldErrors{}
	if !m.Kind.Valid() {
		fe.Add("kind", "Vui lòng chọn loại buổi sinh hoạt.")
	}
	if m.Kind == MeetingThematic && m.Topic == "" {
		fe.Add("topic", "Vui lòng nhập chuyên đề của buổi sinh hoạt.")
	}
	if m.HeldOn.IsZero() {
		fe.Add("held_on", "Vui lòng nhập ngày sinh hoạt (dd/mm/yyyy).")
	} else if m.HeldOn.After(today) {
		fe.Add("held_on", "Ngày sinh hoạt không được sau ngày hôm nay.")
	}
	start, s, err := ParseClock(m.Start)
	if m.Start == "" {
		fe.Add("start_time", "Vui lòng nhập giờ bắt đầu.")
	} else if err != nil {
		fe.Add("start_time", ErrorMessage(err))
	} else {
		m.Start = s
	}
	end, e, err := ParseClock(m.End)
	if m.End == "" {
		fe.Add("end_time", "Vui lòng nhập giờ kết thúc.")
	} else if err != nil {
		fe.Add("end_time", ErrorMessage(err))
	} else {
		m.End = e
	}
	if _, bad := fe["start_time"]; !bad {
		if _, bad := fe["end_time"]; !bad {
			if end <= start {
				fe.Add("end_time", "Giờ kết thúc phải sau giờ bắt đầu.")
			} else {
				m.Minutes = end - start
			}
		}
	}
	for _, f := range []struct{ name, value, msg string }{
		{"place", m.Place, "Vui lòng nhập địa điểm."},
		{"chair", m.Chair, "Vui lòng nhập người chủ trì."},
		{"minute_taker", m.MinuteTaker, "Vui lòng nhập người ghi biên bản."},
	} {
		if f.value == "" {
			fe.Add(f.name, f.msg)
		} else if len([]rune(f.value)) > 200 {
			fe.Add(f.name, "Không quá 200 ký tự.")
		}
	}
	if len([]rune(m.Topic)) > 300 {
		fe.Add("topic", "Chuyên đề không quá 300 ký tự.")
	}
	if len(m.Guests) > 2000 {
		fe.Add("guests", "Không quá 2.000 ký tự.")
	}
	if len(m.Resolution) > 20000 {
		fe.Add("resolution", "Nội dung nghị quyết không quá 20.000 ký tự.")
	}
	present := 0
	for _, a := range m.Attendees {
		if a.Status == Present {
			present++
		}
	}
	switch {
	case m.Speakers < 0:
		fe.Add("speakers", "Số đảng viên phát biểu không được âm.")
	case m.Speakers > present:
		fe.Add("speakers", fmt.Sprintf("Số đảng viên phát biểu không quá số có mặt (%d).", present))
	}
	if len(m.Attendees) > 0 && present == 0 {
		fe.Add("attendance", "Chưa có đảng viên nào có mặt: vui lòng kiểm tra lại danh sách dự họp.")
	}
	for _, t := range []struct {
		code, field string
		p           scoring.Points
	}{
		{scoring.MeetingPreparation, "p_preparation", m.Preparation},
		{scoring.MeetingAgenda, "p_agenda", m.Agenda},
		{scoring.MeetingPrinciples, "p_principles", m.Principles},
		{scoring.MeetingLastResolution, "p_last_resolution", m.LastResolution},
	} {
		it := sheet.Item(t.code)
		if it == nil {
			continue
		}
		if t.p < 0 || t.p > it.Max {
			fe.Add(t.field, fmt.Sprintf("Điểm từ 0 đến %s.", it.Max))
		}
	}
	// Full marks need what the marks are for.
	if it := sheet.Item(scoring.MeetingAgenda); it != nil && m.Agenda >= it.Max && !m.AgendaComplete() {
		fe.Add("p_agenda", fmt.Sprintf("Chương trình chưa đủ bốn nội dung nên không chấm tối đa %s điểm.", it.Max))
	}
	if it := sheet.Item(scoring.MeetingPrinciples); it != nil && m.Principles >= it.Max && !m.PraiseCriticism {
		fe.Add("p_principles", fmt.Sprintf("Buổi sinh hoạt chưa có phê bình và tự phê bình nên không chấm tối đa %s điểm.", it.Max))
	}
	return fe.Err()
}

// MinutesFile is the scanned or typed minutes attached to a meeting.
type MinutesFile struct {
	Filename    string
	ContentType string
	Data        []byte
}

// MaxMinutesSize is the largest minutes file accepted (10 MB).
const MaxMinutesSize = 10 << 20

// MeetingDraft is what a new meeting of a cell is pre-filled with.
type MeetingDraft struct {
	Org  *Org
	Date Date
	// Attendees are the members officially registered in the cell that day,
	// in name order: exempt members pre-marked exempt, the others present,
	// with their excused absences in a row before the date.
	Attendees []Attendee
	// From the cell's last meeting before the date, if any; Chair defaults
	// to the cell's secretary.
	Place, Chair, MinuteTaker, Start, End string
	// RegularHeld is the regular meeting already recorded in the date's month, if any.
	RegularHeld *Meeting
}

// MeetingStat is one cell's meetings in a year, for lists.
type MeetingStat struct {
	OrgID         int64
	OrgName       string
	OrgParentName string
	OrgPath       string
	// Months has bit m set (1 << m) when the cell held a regular meeting in month m.
	Months   int
	Held     int   // months with a regular meeting
	Missing  []int // months already due without a regular meeting
	Regular  int   // regular meetings
	Thematic int   // thematic meetings
	// ScoreSum is the sum of the regular meetings' totals; Average is
	// ScoreSum ÷ Regular rounded half up (0 when none).
	ScoreSum scoring.Points
	Average  scoring.Points
	// Regular meetings by grade: Tốt, Khá, Trung bình, Kém.
	GradeGood, GradeFair, GradeAverage, GradePoor int
}

// DueMonths returns the months of year for which a cell existing from
// validFrom to validTo (zero while it exists) owes a regular meeting by the
// day upTo: a month is due once it has ended, and only if the cell existed
// the whole month.
func DueMonths(year int, upTo, validFrom, validTo Date) []int {
	var out []int
	for m := 1; m <= 12; m++ {
		first := NewDate(year, time.Month(m), 1)
		next := NewDate(year, time.Month(m)+1, 1) // December rolls over to January
		if upTo.Before(next) {
			break
		}
		if first.Before(validFrom) || (!validTo.IsZero() && validTo.Before(next)) {
			continue
		}
		out = append(out, m)
	}
	return out
}

// MemberAttendance is a member's attendance at meetings in a year, with the
// current run of absences (DOMAIN.md §5: nobody absent with reason more than
// 3 times in a row).
type MemberAttendance struct {
	Year                                  int
	Meetings, Present, Excused, Unexcused int // statuses as counted (a 4th excused absence in a row counts unexcused)
	Exempt                                int
	AbsentInARow                          int // absences (excused or not) since the member's last presence, across years
}

// Rate is present ÷ (present + excused + unexcused), in hundredths of a percent.
func (m MemberAttendance) Rate() (num, den int) {
	return m.Present, m.Present + m.Excused + m.Unexcused
}
