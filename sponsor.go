package bontot

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Sponsors, visits, recommendations, inspection and supervision (DOMAIN.md §7).
//
// The standing committee assigns departments and working groups (Ban Tổ
// chức, Ủy ban Kiểm tra, Văn phòng, đoàn công tác…) to be in charge of
// (phụ trách, đỡ đầu) units. Their officers visit the units, attend a cell
// meeting, praise strengths, point out shortcomings and recommend solutions;
// every recommendation is then followed until the unit resolves it. Plans of
// inspection and supervision end in findings per unit whose follow-up items
// are recommendations too, tracked the same way.

// SponsorGroupKind says whether a sponsor group is a standing department or
// a working group set up for the purpose.
type SponsorGroupKind string

// Sponsor group kinds.
const (
	GroupDepartment SponsorGroupKind = "department"    // ban, ủy ban, văn phòng của cấp ủy
	GroupWorking    SponsorGroupKind = "working_group" // đoàn công tác, tổ công tác
)

// SponsorGroupKinds in display order.
var SponsorGroupKinds = []SponsorGroupKind{GroupDepartment, GroupWorking}

var groupKindLabels = map[SponsorGroupKind]string{GroupDepartment: "Ban, cơ quan của cấp ủy", GroupWorking: "Đoàn, tổ công tác"}

// Label is the Vietnamese name of the kind.
func (k SponsorGroupKind) Label() string { return groupKindLabels[k] }

// Valid reports whether k is known.
func (k SponsorGroupKind) Valid() bool { _, ok := groupKindLabels[k]; return ok }

// SponsorGroup is a department or a working group of a committee that is put
// in charge of units.
type SponsorGroup struct {
	ID      int64
	OrgID   int64  // the committee the group belongs to; it sponsors units of its subtree
	OrgPath string // filled by reads
	OrgName string // filled by reads
	Name    string // e.g. "Ban Tổ chức Thành ủy", "Đoàn công tác số 2"
	Kind    SponsorGroupKind
	Note    string
	// Assignments counts the group's current assignments; filled by lists.
	Assignments int
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Normalize cleans the text fields.
func (g *SponsorGroup) Normalize() {
	g.Name = strings.Join(strings.Fields(g.Name), " ")
	g.Note = strings.TrimSpace(g.Note)
}

// Validate checks what a user enters.
func (g *SponsorGroup) Validate() error {
	fe := FieldErrors{}
	if g.OrgID == 0 {
		fe.Add("org", "Vui lòng chọn cấp ủy có ban, đoàn này.")
	}
	if g.Name == "" {
		fe.Add("name", "Vui lòng nhập tên ban hoặc đoàn công tác, ví dụ: Ban Tổ chức Thành ủy.")
	} else if utf8.RuneCountInString(g.Name) > 200 {
		fe.Add("name", "Tên dài quá 200 ký tự.")
	}
	if !g.Kind.Valid() {
		fe.Add("kind", "Vui lòng chọn loại: ban của cấp ủy hoặc đoàn công tác.")
	}
	return fe.Err()
}

// Officer is a person named on an assignment: a user account (who may then
// log visits to the unit), or only a name.
type Officer struct {
	UserID   int64
	Username string // filled by reads for accounts
	Name     string // the account's full name, or the name typed
}

// String shows the officer: "Nguyễn Thị Lan (phutrach)" for an account.
func (o Officer) String() string {
	if o.Username != "" {
		return o.Name + " (" + o.Username + ")"
	}
	return o.Name
}

// DefaultCadence is the expected time between two visits when the board
// does not say: at least one cell meeting a quarter (DOMAIN.md §7) [I].
const DefaultCadence = 90

// Assignment puts a sponsor group, with named officers, in charge of a unit
// from a date (until another, or open-ended), with the expected time between
// visits. Visits to the unit keep LastVisit and NextDue current.
type Assignment struct {
	ID          int64
	GroupID     int64
	GroupName   string // filled by reads
	OrgID       int64
	OrgPath     string // filled by reads
	OrgName     string // filled by reads
	OrgCode     string // filled by reads
	ParentName  string // filled by reads: the unit's parent, to tell cells apart
	Officers    []Officer
	CadenceDays int
	From, To    Date // To is zero while the assignment runs
	Note        string
	// LastVisit is the latest visit to the unit during the assignment; zero
	// when there has been none. NextDue is LastVisit (else From) plus the
	// cadence. Both are kept by the store.
	LastVisit Date
	NextDue   Date
	// OpenRecommendations counts the unit's recommendations not yet
	// resolved; filled by lists.
	OpenRecommendations int
	CreatedAt           time.Time
	UpdatedAt           time.Time
}

// Normalize cleans the text fields and drops empty officers.
func (a *Assignment) Normalize() {
	a.Note = strings.TrimSpace(a.Note)
	var out []Officer
	for _, o := range a.Officers {
		o.Name = strings.Join(strings.Fields(o.Name), " ")
		if o.Name != "" || o.UserID != 0 {
			out = append(out, o)
		}
	}
	a.Officers = out
}

// Validate checks what a user enters.
func (a *Assignment) Validate() error {
	fe := FieldErrors{}
	if a.GroupID == 0 {
		fe.Add("group", "Vui lòng chọn ban hoặc đoàn công tác phụ trách.")
	}
	if a.CadenceDays < 7 || a.CadenceDays > 730 {
		fe.Add("cadence", "Thời gian giữa hai lần làm việc là từ 7 đến 730 ngày (ví dụ 90 ngày: mỗi quý một lần).")
	}
	if a.From.IsZero() {
		fe.Add("from", "Vui lòng nhập ngày bắt đầu phụ trách (ngày/tháng/năm).")
	}
	if !a.To.IsZero() && !a.From.IsZero() && a.To.Before(a.From) {
		fe.Add("to", "Ngày kết thúc phải sau ngày bắt đầu.")
	}
	for _, o := range a.Officers {
		if utf8.RuneCountInString(o.Name) > 100 {
			fe.Add("officers", "Tên cán bộ dài quá 100 ký tự.")
		}
	}
	if len(a.Officers) > 20 {
		fe.Add("officers", "Mỗi phân công có tối đa 20 cán bộ.")
	}
	return fe.Err()
}

// Active reports whether the assignment runs on day d.
func (a *Assignment) Active(d Date) bool {
	return !a.From.After(d) && (a.To.IsZero() || !a.To.Before(d))
}

// DueAfter is when the next visit is expected after a visit on last, or
// after the start of the assignment when last is zero.
func (a *Assignment) DueAfter(last Date) Date {
	if last.IsZero() {
		last = a.From
	}
	return DateOf(last.Time().AddDate(0, 0, a.CadenceDays))
}

// Overdue reports whether the next visit is late on day d.
func (a *Assignment) Overdue(d Date) bool {
	return a.Active(d) && !a.NextDue.IsZero() && a.NextDue.Before(d)
}

// DaysLate is how many days the next visit is late on day d (0 if it is not).
func (a *Assignment) DaysLate(d Date) int {
	if !a.Overdue(d) {
		return 0
	}
	return DaysBetween(a.NextDue, d)
}

// Names lists the officers for display.
func (a *Assignment) Names() string {
	s := make([]string, len(a.Officers))
	for i, o := range a.Officers {
		s[i] = o.String()
	}
	return strings.Join(s, ", ")
}

// HasOfficer reports whether the user account is one of the named officers.
func (a *Assignment) HasOfficer(userID int64) bool {
	for _, o := range a.Officers {
		if o.UserID != 0 && o.UserID == userID {
			return true
		}
	}
	return false
}

// DaysBetween is the number of days from a to b (negative when b is before a).
func DaysBetween(a, b Date) int {
	return int(b.Time().Sub(a.Time()).Hours() / 24)
}

// Visit is a sponsor officer's working session with a unit: usually
// attending one of its meetings, praising strengths, pointing out
// shortcomings and leaving recommendations.
type Visit struct {
	ID           int64
	OrgID        int64
	OrgPath      string // filled by reads
	OrgName      string // filled by reads
	AssignmentID int64  // the assignment the officer visited under, when there is one
	GroupName    string // filled by reads
	On           Date
	UserID       int64  // who logged it
	Username     string // filled by reads
	Officer      string // who visited (names of the officers)
	MeetingID    int64  // the meeting attended, when recorded
	Strengths    string // ưu điểm
	Shortcomings string // hạn chế, khuyết điểm
	// Recommendations made at the visit; filled by Visit, not by lists.
	Recommendations []*Recommendation
	// RecommendationCount is filled by lists.
	RecommendationCount int
	CreatedAt           time.Time
	UpdatedAt           time.Time
}

// Normalize cleans the text fields.
func (v *Visit) Normalize() {
	v.Officer = strings.Join(strings.Fields(v.Officer), " ")
	v.Strengths = strings.TrimSpace(v.Strengths)
	v.Shortcomings = strings.TrimSpace(v.Shortcomings)
}

// Validate checks what a user enters; today bounds the date.
func (v *Visit) Validate(today Date) error {
	fe := FieldErrors{}
	if v.OrgID == 0 {
		fe.Add("org", "Vui lòng chọn đơn vị đến làm việc.")
	}
	if v.On.IsZero() {
		fe.Add("on", "Vui lòng nhập ngày làm việc (ngày/tháng/năm).")
	} else if v.On.After(today) {
		fe.Add("on", "Ngày làm việc không được sau hôm nay.")
	}
	if v.Officer == "" {
		fe.Add("officer", "Vui lòng nhập tên cán bộ đến làm việc.")
	}
	if v.Strengths == "" && v.Shortcomings == "" {
		fe.Add("strengths", "Vui lòng ghi ưu điểm hoặc hạn chế đã trao đổi với đơn vị.")
	}
	return fe.Err()
}

// RecSource is where a recommendation comes from.
type RecSource string

// Recommendation sources.
const (
	SourceVisit      RecSource = "visit"      // a sponsor's visit
	SourceInspection RecSource = "inspection" // a finding of inspection or supervision
)

// Label is the Vietnamese name of the source.
func (s RecSource) Label() string {
	if s == SourceInspection {
		return "Kiểm tra, giám sát"
	}
	return "Buổi làm việc"
}

// RecStatus is where a recommendation stands: open → in progress → resolved.
type RecStatus string

// Recommendation statuses.
const (
	RecOpen       RecStatus = "open"        // chưa thực hiện
	RecInProgress RecStatus = "in_progress" // đang thực hiện
	RecResolved   RecStatus = "resolved"    // đã thực hiện xong, có minh chứng
)

// RecStatuses in order.
var RecStatuses = []RecStatus{RecOpen, RecInProgress, RecResolved}

var recStatusLabels = map[RecStatus]string{RecOpen: "Chưa thực hiện", RecInProgress: "Đang thực hiện", RecResolved: "Đã thực hiện xong"}

// Label is the Vietnamese name of the status.
func (s RecStatus) Label() string { return recStatusLabels[s] }

// Valid reports whether s is known.
func (s RecStatus) Valid() bool { _, ok := recStatusLabels[s]; return ok }

// Recommendation is something a unit is asked to do after a visit or an
// inspection, with an owner unit and a due date, followed until resolved.
type Recommendation struct {
	ID         int64
	Source     RecSource
	VisitID    int64 // with SourceVisit
	FindingID  int64 // with SourceInspection
	OwnerID    int64 // the unit that must act
	OwnerPath  string
	OwnerName  string // filled by reads
	Text       string
	Due        Date
	Status     RecStatus
	ResolvedOn Date   // when resolved
	Resolution string // the evidence of the resolution
	// SourceOrgName and SourceOn describe the visit or finding; filled by lists.
	SourceOrgName string
	SourceOn      Date
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Normalize cleans the text fields.
func (r *Recommendation) Normalize() {
	r.Text = strings.TrimSpace(r.Text)
	r.Resolution = strings.TrimSpace(r.Resolution)
}

// Validate checks a new recommendation; prefix names its form fields
// (e.g. "rec1_"), so that several can be checked in one form.
func (r *Recommendation) Validate(prefix string, fe FieldErrors) {
	if r.Text == "" {
		fe.Add(prefix+"text", "Vui lòng nhập nội dung kiến nghị.")
	} else if utf8.RuneCountInString(r.Text) > 4000 {
		fe.Add(prefix+"text", "Nội dung kiến nghị dài quá 4.000 ký tự.")
	}
	if r.Due.IsZero() {
		fe.Add(prefix+"due", "Vui lòng nhập thời hạn thực hiện (ngày/tháng/năm).")
	}
	if r.OwnerID == 0 {
		fe.Add(prefix+"owner", "Vui lòng chọn đơn vị thực hiện.")
	}
}

// Overdue reports whether the recommendation is still not resolved after its due date, on day d.
func (r *Recommendation) Overdue(d Date) bool {
	return r.Status != RecResolved && !r.Due.IsZero() && r.Due.Before(d)
}

// OnTime reports whether the recommendation was resolved on or before its due date.
func (r *Recommendation) OnTime() bool {
	return r.Status == RecResolved && !r.ResolvedOn.IsZero() && !r.ResolvedOn.After(r.Due)
}

// DaysLate is how many days past due the recommendation is on day d (0 if it is not).
func (r *Recommendation) DaysLate(d Date) int {
	if !r.Overdue(d) {
		return 0
	}
	return DaysBetween(r.Due, d)
}

// RecChange is a change of a recommendation's status, or a note on it
// (the status unchanged) such as a sponsor's review at a later visit.
type RecChange struct {
	To         RecStatus
	Note       string
	ResolvedOn Date   // with RecResolved: when it was resolved
	Resolution string // with RecResolved: the evidence
	VisitID    int64  // the visit at which it was reviewed, if any
}

// Normalize cleans the text fields.
func (c *RecChange) Normalize() {
	c.Note = strings.TrimSpace(c.Note)
	c.Resolution = strings.TrimSpace(c.Resolution)
}

// RecEvent is one recorded change of a recommendation: who, when, from
// which status to which, and the note.
type RecEvent struct {
	ID               int64
	RecommendationID int64
	From, To         RecStatus
	UserID           int64
	Username         string
	At               time.Time
	Note             string
	VisitID          int64
}

// RecommendationFilter selects recommendations.
type RecommendationFilter struct {
	Under     string // owner subtree path
	OwnerID   int64  // exactly this owner
	Status    RecStatus
	Open      bool // not resolved
	Overdue   bool // not resolved and past due (on the store's today)
	Source    RecSource
	VisitID   int64
	FindingID int64
	Limit     int
	Offset    int
}

// AssignmentFilter selects assignments.
type AssignmentFilter struct {
	Under     string // unit subtree path
	GroupID   int64
	OfficerID int64 // a named officer's user id
	OrgID     int64
	Active    bool // running today
	Limit     int
	Offset    int
}

// InspectionKind tells inspection (kiểm tra) from supervision (giám sát).
type InspectionKind string

// Inspection kinds.
const (
	KindInspection  InspectionKind = "inspection"  // kiểm tra
	KindSupervision InspectionKind = "supervision" // giám sát
)

// InspectionKinds in display order.
var InspectionKinds = []InspectionKind{KindInspection, KindSupervision}

var inspectionKindLabels = map[InspectionKind]string{KindInspection: "Kiểm tra", KindSupervision: "Giám sát"}

// Label is the Vietnamese name of the kind.
func (k InspectionKind) Label() string { return inspectionKindLabels[k] }

// Valid reports whether k is known.
func (k InspectionKind) Valid() bool { _, ok := inspectionKindLabels[k]; return ok }

// InspectionPlan is a plan of inspection or supervision issued by a
// committee: its subjects (the units), its period and its content.
type InspectionPlan struct {
	ID       int64
	OrgID    int64 // the issuing committee
	OrgPath  string
	OrgName  string // filled by reads
	Name     string // e.g. "Kế hoạch kiểm tra số 12-KH/UBKT"
	Kind     InspectionKind
	From, To Date
	Content  string
	Subjects []PlanSubject // filled by InspectionPlan; SubjectIDs are what a new plan names
	// SubjectIDs are the units a new plan covers (added to an existing
	// plan's by an update); DropSubjectIDs are units an update removes.
	SubjectIDs     []int64
	DropSubjectIDs []int64
	// SubjectCount and FindingCount are filled by lists.
	SubjectCount int
	FindingCount int
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// PlanSubject is a unit a plan covers.
type PlanSubject struct {
	OrgID      int64
	OrgPath    string
	OrgName    string
	OrgCode    string
	ParentName string
	Findings   int // findings recorded for the unit
}

// Normalize cleans the text fields.
func (p *InspectionPlan) Normalize() {
	p.Name = strings.Join(strings.Fields(p.Name), " ")
	p.Content = strings.TrimSpace(p.Content)
}

// Validate checks what a user enters.
func (p *InspectionPlan) Validate() error {
	fe := FieldErrors{}
	if p.OrgID == 0 {
		fe.Add("org", "Vui lòng chọn cấp ủy ban hành kế hoạch.")
	}
	if p.Name == "" {
		fe.Add("name", "Vui lòng nhập tên, số kế hoạch.")
	} else if utf8.RuneCountInString(p.Name) > 300 {
		fe.Add("name", "Tên kế hoạch dài quá 300 ký tự.")
	}
	if !p.Kind.Valid() {
		fe.Add("kind", "Vui lòng chọn kiểm tra hoặc giám sát.")
	}
	if p.From.IsZero() {
		fe.Add("from", "Vui lòng nhập ngày bắt đầu (ngày/tháng/năm).")
	}
	if p.To.IsZero() {
		fe.Add("to", "Vui lòng nhập ngày kết thúc (ngày/tháng/năm).")
	} else if !p.From.IsZero() && p.To.Before(p.From) {
		fe.Add("to", "Ngày kết thúc phải sau ngày bắt đầu.")
	}
	if p.Content == "" {
		fe.Add("content", "Vui lòng nhập nội dung kiểm tra, giám sát.")
	}
	if len(p.SubjectIDs) == 0 && len(p.Subjects) == 0 {
		fe.Add("subjects", "Vui lòng chọn ít nhất một đơn vị là đối tượng kiểm tra, giám sát.")
	}
	return fe.Err()
}

// Finding is what an inspection or supervision found at one unit, and its
// conclusion. Its follow-up items are recommendations with SourceInspection.
type Finding struct {
	ID         int64
	PlanID     int64
	PlanName   string         // filled by reads
	PlanKind   InspectionKind // filled by reads
	OrgID      int64
	OrgPath    string // filled by reads
	OrgName    string // filled by reads
	On         Date
	Findings   string // kết quả kiểm tra, giám sát
	Conclusion string // kết luận
	UserID     int64
	Username   string
	FollowUps  []*Recommendation // filled by Finding
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Normalize cleans the text fields.
func (f *Finding) Normalize() {
	f.Findings = strings.TrimSpace(f.Findings)
	f.Conclusion = strings.TrimSpace(f.Conclusion)
}

// Validate checks what a user enters; today bounds the date.
func (f *Finding) Validate(today Date) error {
	fe := FieldErrors{}
	if f.OrgID == 0 {
		fe.Add("org", "Vui lòng chọn đơn vị được kiểm tra, giám sát.")
	}
	if f.On.IsZero() {
		fe.Add("on", "Vui lòng nhập ngày kết luận (ngày/tháng/năm).")
	} else if f.On.After(today) {
		fe.Add("on", "Ngày kết luận không được sau hôm nay.")
	}
	if f.Findings == "" {
		fe.Add("findings", "Vui lòng ghi kết quả kiểm tra, giám sát.")
	}
	if f.Conclusion == "" {
		fe.Add("conclusion", "Vui lòng ghi kết luận.")
	}
	return fe.Err()
}

// Coverage is the board's view of sponsorship in a subtree on a day: the
// assigned units never visited, the visits overdue and the recommendations
// overdue. Each list is capped; More says there are others.
type Coverage struct {
	Today                  Date
	NeverVisited           []*Assignment
	VisitsOverdue          []*Assignment
	RecommendationsOverdue []*Recommendation
	MoreNever, MoreVisits  bool
	MoreRecommendations    bool
}

// MeetingRef is a meeting a visit can name: its id, date and kind, read
// from the meeting records.
type MeetingRef struct {
	ID   int64
	On   Date
	Kind string
}
