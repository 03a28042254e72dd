package bontot

import (
	"strings"
	"time"
	"unicode"

	"bontot/vn"
)

// MemberStatus is a party member's standing (DOMAIN.md §3).
type MemberStatus string

// Statuses.
const (
	StatusFull      MemberStatus = "full"      // đảng viên chính thức
	StatusProbation MemberStatus = "probation" // đảng viên dự bị
	StatusExempt    MemberStatus = "exempt"    // miễn công tác và sinh hoạt đảng
)

// MemberStatuses in display order.
var MemberStatuses = []MemberStatus{StatusFull, StatusProbation, StatusExempt}

var statusLabels = map[MemberStatus]string{
	StatusFull: "Chính thức", StatusProbation: "Dự bị", StatusExempt: "Miễn công tác và sinh hoạt",
}

// Label is the Vietnamese name of the status.
func (s MemberStatus) Label() string { return statusLabels[s] }

// Valid reports whether s is known.
func (s MemberStatus) Valid() bool { _, ok := statusLabels[s]; return ok }

// Position is a member's position in the cell.
type Position string

// Positions.
const (
	PosSecretary       Position = "secretary"        // bí thư
	PosDeputySecretary Position = "deputy_secretary" // phó bí thư
	PosCommittee       Position = "committee"        // chi ủy viên
	PosMember          Position = "member"           // đảng viên
)

// Positions in display order.
var Positions = []Position{PosSecretary, PosDeputySecretary, PosCommittee, PosMember}

var positionLabels = map[Position]string{
	PosSecretary: "Bí thư", PosDeputySecretary: "Phó Bí thư", PosCommittee: "Chi ủy viên", PosMember: "Đảng viên",
}

// Label is the Vietnamese name of the position.
func (p Position) Label() string { return positionLabels[p] }

// Valid reports whether p is known.
func (p Position) Valid() bool { _, ok := positionLabels[p]; return ok }

// Gender of a member.
type Gender string

// Genders.
const (
	Male   Gender = "male"
	Female Gender = "female"
)

// Label is the Vietnamese word.
func (g Gender) Label() string {
	switch g {
	case Male:
		return "Nam"
	case Female:
		return "Nữ"
	}
	return ""
}

// Member is a party member and the cell where the member is officially registered now.
type Member struct {
	ID             int64
	FullName       string
	Gender         Gender
	BirthDate      Date
	AdmittedDate   Date // ngày vào Đảng
	FullMemberDate Date // ngày chính thức; zero for a probationary member
	Status         MemberStatus
	CardNumber     string // số thẻ đảng viên; unique when set
	Position       Position
	Phone          string

	OrgID   int64  // current official cell; 0 when the member has left
	OrgPath string // materialized path of OrgID, kept by the store
	OrgName string // filled by reads for display
	// OrgParentName is the committee above the cell, for display: every ward has a "Chi bộ TDP 4".
	OrgParentName string

	TempOrgID   int64  // cell of an open temporary transfer, if any
	TempOrgName string // filled by reads for display

	CreatedAt time.Time
	UpdatedAt time.Time
}

// Normalize cleans the text fields.
func (m *Member) Normalize() {
	m.FullName = vn.Clean(m.FullName)
	m.CardNumber = strings.ToUpper(strings.ReplaceAll(vn.Clean(m.CardNumber), " ", ""))
	m.Phone = strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) || r == '+' {
			return r
		}
		return -1
	}, m.Phone)
	if m.Position == "" {
		m.Position = PosMember
	}
}

// Validate checks a member's fields against each other and today's date,
// with Vietnamese messages per field.
func (m *Member) Validate(today Date) error {
	fe := FieldErrors{}
	switch n := len([]rune(m.FullName)); {
	case n == 0:
		fe.Add("full_name", "Vui lòng nhập họ và tên.")
	case n > 100:
		fe.Add("full_name", "Họ và tên không quá 100 ký tự.")
	case len(strings.Fields(m.FullName)) < 2:
		fe.Add("full_name", "Vui lòng nhập đủ họ và tên (ít nhất hai chữ).")
	case strings.ContainsFunc(m.FullName, unicode.IsDigit):
		fe.Add("full_name", "Họ và tên không được chứa chữ số.")
	}
	if m.Gender != Male && m.Gender != Female {
		fe.Add("gender", "Vui lòng chọn giới tính.")
	}
	if m.BirthDate.IsZero() {
		fe.Add("birth_date", "Vui lòng nhập ngày sinh.")
	} else if m.BirthDate.After(today) {
		fe.Add("birth_date", "Ngày sinh không được sau ngày hôm nay.")
	}
	if m.AdmittedDate.IsZero() {
		fe.Add("admitted_date", "Vui lòng nhập ngày vào Đảng.")
	} else if m.AdmittedDate.After(today) {
		fe.Add("admitted_date", "Ngày vào Đảng không được sau ngày hôm nay.")
	} else if !m.BirthDate.IsZero() && m.AdmittedDate.Before(NewDate(m.BirthDate.Year()+18, m.BirthDate.t.Month(), m.BirthDate.t.Day())) {
		fe.Add("admitted_date", "Ngày vào Đảng phải từ khi đủ 18 tuổi.")
	}
	if !m.Status.Valid() {
		fe.Add("status", "Vui lòng chọn tình trạng đảng viên.")
	}
	if !m.FullMemberDate.IsZero() {
		if m.Status == StatusProbation {
			fe.Add("full_member_date", "Đảng viên dự bị chưa có ngày chính thức.")
		} else if !m.AdmittedDate.IsZero() && m.FullMemberDate.Before(m.AdmittedDate) {
			fe.Add("full_member_date", "Ngày chính thức phải sau ngày vào Đảng.")
		} else if m.FullMemberDate.After(today) {
			fe.Add("full_member_date", "Ngày chính thức không được sau ngày hôm nay.")
		}
	}
	if m.CardNumber != "" && (len(m.CardNumber) > 20 || strings.ContainsFunc(m.CardNumber, func(r rune) bool { return !unicode.IsDigit(r) && !unicode.IsLetter(r) && r != '-' && r != '.' })) {
		fe.Add("card_number", "Số thẻ đảng viên chỉ gồm chữ và số, không quá 20 ký tự.")
	}
	if !m.Position.Valid() {
		fe.Add("position", "Vui lòng chọn chức vụ trong chi bộ.")
	}
	if m.Phone != "" && (len(m.Phone) < 9 || len(m.Phone) > 12) {
		fe.Add("phone", "Số điện thoại phải có từ 9 đến 12 chữ số.")
	}
	return fe.Err()
}

// MembershipKind distinguishes an official registration from a temporary one.
type MembershipKind string

// Membership kinds.
const (
	Official  MembershipKind = "official"  // sinh hoạt chính thức
	Temporary MembershipKind = "temporary" // sinh hoạt tạm thời
)

// Label is the Vietnamese name.
func (k MembershipKind) Label() string {
	if k == Temporary {
		return "Tạm thời"
	}
	return "Chính thức"
}

// Membership is one interval of a member's life in one cell.
type Membership struct {
	ID       int64
	MemberID int64
	OrgID    int64
	OrgName  string // filled by reads
	// OrgParentName is the committee above the cell, filled by reads.
	OrgParentName string
	Kind          MembershipKind
	From          Date
	To            Date // zero while open
	Note          string
}

// Transfer moves a member: an official transfer closes the open official
// membership and opens one in the target cell; a temporary transfer opens a
// temporary membership in the target and keeps the official one.
type Transfer struct {
	MemberID int64
	ToOrgID  int64
	Kind     MembershipKind
	Date     Date
	Note     string // decision or reason
}

// MemberFilter selects members.
type MemberFilter struct {
	OrgID  int64  // members registered in this cell (official or temporary)
	Under  string // members of this subtree (materialized path)
	Query  string // accent-insensitive name prefix, or card number
	Status MemberStatus
	Limit  int
	Offset int
}
