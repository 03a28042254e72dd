package bontot

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"bontot/vn"
)

// The movement through the year, part one (DOMAIN.md §1): every participating
// organization launches the campaign (lễ phát động), disseminates it (quán
// triệt) and deploys it (triển khai), then each year registers its emulation
// targets (đăng ký thi đua), which the level above acknowledges or returns.
// At the year's end the unit records what it achieved, and item 1.2 of the
// cell scale ("share of registered targets met") is computed from it.

// Deployment is how an organization launched and deployed a campaign: one
// record per campaign and organization, corrected in place.
type Deployment struct {
	ID             int64
	CampaignID     int64
	OrgID          int64
	OrgName        string // filled by reads
	OrgPath        string // filled by reads
	LaunchedOn     Date   // lễ phát động
	Participants   int    // people at the launch
	LaunchDocument string // the plan or decision of the launch, e.g. "Kế hoạch số 05-KH/ĐU ngày 20/02/2023"
	DisseminatedOn Date   // quán triệt
	DeployedOn     Date   // triển khai
	Note           string
	Username       string // who last changed it
	UpdatedAt      time.Time
}

// Recorded reports whether anything was recorded.
func (d *Deployment) Recorded() bool {
	return d != nil && (!d.LaunchedOn.IsZero() || !d.DisseminatedOn.IsZero() || !d.DeployedOn.IsZero())
}

// Normalize cleans the text fields.
func (d *Deployment) Normalize() {
	d.LaunchDocument = vn.Clean(d.LaunchDocument)
	d.Note = strings.TrimSpace(d.Note)
}

// Validate checks what a unit enters. Dates cannot be after today; the
// dissemination and the deployment cannot come before the launch.
func (d *Deployment) Validate(today Date) error {
	fe := FieldErrors{}
	if !d.Recorded() {
		fe.Add("launched_on", "Vui lòng nhập ít nhất ngày phát động.")
	}
	for _, f := range []struct {
		name string
		v    Date
	}{{"launched_on", d.LaunchedOn}, {"disseminated_on", d.DisseminatedOn}, {"deployed_on", d.DeployedOn}} {
		if !f.v.IsZero() && f.v.After(today) {
			fe.Add(f.name, "Ngày này chưa tới; chỉ ghi nhận việc đã làm.")
		}
	}
	if !d.LaunchedOn.IsZero() {
		if !d.DisseminatedOn.IsZero() && d.DisseminatedOn.Before(d.LaunchedOn) {
			fe.Add("disseminated_on", "Ngày quán triệt không thể trước ngày phát động.")
		}
		if !d.DeployedOn.IsZero() && d.DeployedOn.Before(d.LaunchedOn) {
			fe.Add("deployed_on", "Ngày triển khai không thể trước ngày phát động.")
		}
	}
	if d.Participants < 0 || d.Participants > 100000 {
		fe.Add("participants", "Số người dự là số nguyên từ 0 đến 100.000.")
	} else if d.Participants > 0 && d.LaunchedOn.IsZero() {
		fe.Add("launched_on", "Có số người dự thì cần ngày phát động.")
	}
	if utf8.RuneCountInString(d.LaunchDocument) > 300 {
		fe.Add("launch_document", "Văn bản phát động không quá 300 ký tự.")
	}
	if utf8.RuneCountInString(d.Note) > 2000 {
		fe.Add("note", "Ghi chú không quá 2.000 ký tự.")
	}
	return fe.Err()
}

// CriterionNames are the four "tốt" (DOMAIN.md §1), the headings targets are
// registered under; index 0 is criterion 1.
var CriterionNames = [4]string{
	"Hoàn thành tốt nhiệm vụ",
	"Chất lượng sinh hoạt tốt",
	"Đoàn kết tốt, kỷ luật tốt",
	"Cán bộ, đảng viên tốt",
}

// RegStatus is where a registration of emulation targets stands:
// draft → sent → acknowledged, or returned (with a note) → sent again ….
type RegStatus string

// Registration statuses.
const (
	RegDraft        RegStatus = "draft"        // đang soạn
	RegSent         RegStatus = "sent"         // đã gửi, chờ cấp trên xác nhận
	RegAcknowledged RegStatus = "acknowledged" // cấp trên đã xác nhận
	RegReturned     RegStatus = "returned"     // cấp trên trả lại để sửa
)

// RegStatuses lists the statuses in workflow order.
var RegStatuses = []RegStatus{RegDraft, RegSent, RegAcknowledged, RegReturned}

var regStatusLabels = map[RegStatus]string{
	RegDraft: "Đang soạn", RegSent: "Chờ cấp trên xác nhận", RegAcknowledged: "Đã được xác nhận", RegReturned: "Bị trả lại để sửa",
}

// Label is the Vietnamese name of the status.
func (s RegStatus) Label() string { return regStatusLabels[s] }

// Editable reports whether the unit may change its targets.
func (s RegStatus) Editable() bool { return s == RegDraft || s == RegReturned }

// Registered reports whether the registration counts as registered: sent
// to the level above and not returned.
func (s RegStatus) Registered() bool { return s == RegSent || s == RegAcknowledged }

// RegAction is a step of the registration workflow.
type RegAction string

// Registration actions.
const (
	RegSend        RegAction = "send"        // the unit sends (or sends again after a return)
	RegAcknowledge RegAction = "acknowledge" // the level above acknowledges
	RegReturn      RegAction = "return"      // the level above returns it, with a note
)

var regActionLabels = map[RegAction]string{
	RegSend: "Gửi cấp trên", RegAcknowledge: "Xác nhận đăng ký", RegReturn: "Trả lại để sửa",
}

// Label is the Vietnamese name of the action.
func (a RegAction) Label() string { return regActionLabels[a] }

// Next returns the status an action leads to from s, or false if it does not apply.
func (s RegStatus) Next(a RegAction) (RegStatus, bool) {
	switch {
	case a == RegSend && s.Editable():
		return RegSent, true
	case a == RegAcknowledge && s == RegSent:
		return RegAcknowledged, true
	case a == RegReturn && s == RegSent:
		return RegReturned, true
	}
	return "", false
}

// Registration is one organization's registration of emulation targets for
// a campaign year.
type Registration struct {
	ID            int64
	CampaignID    int64
	Year          int
	OrgID         int64
	OrgName       string  // filled by reads
	OrgParentName string  // filled by reads
	OrgPath       string  // filled by reads
	OrgKind       OrgKind // filled by reads
	Status        RegStatus
	SignedOn      Date   // ngày ký bản đăng ký
	ReturnNote    string // why the level above last returned it
	Targets       []Target
	Document      *RegDocument // the signed registration, nil when none was uploaded
	SentAt        time.Time
	AckAt         time.Time
	AckBy         string
	Version       int // optimistic lock: a save names the version it edited
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// MaxTargets is the most targets one registration holds.
const MaxTargets = 60

// Target is one registered emulation target. A countable target has a
// planned number and its unit ("kết nạp 2 đảng viên": 2, "đảng viên"; "≥ 80%
// đảng viên HTTNV": 80, "%"); it is met when the achieved number reaches the
// planned one. Any other target is met by the unit's own flag at the year's end.
type Target struct {
	ID         int64
	Criterion  int // 1–4
	Text       string
	Countable  bool
	Planned    Amount
	Unit       string
	Achieved   *Amount // nil until recorded
	MetFlag    *bool   // a text target's result; nil until recorded
	ResultNote string  // how it went, written at the year's end
}

// Met reports whether the target is met, and whether its result is known.
func (t *Target) Met() (met, known bool) {
	if t.Countable {
		if t.Achieved == nil {
			return false, false
		}
		return *t.Achieved >= t.Planned, true
	}
	if t.MetFlag == nil {
		return false, false
	}
	return *t.MetFlag, true
}

// Normalize cleans the text fields of the registration and its targets.
func (r *Registration) Normalize() {
	for i := range r.Targets {
		t := &r.Targets[i]
		t.Text = vn.Clean(t.Text)
		t.Unit = vn.Clean(t.Unit)
		t.ResultNote = vn.Clean(t.ResultNote)
		if !t.Countable {
			t.Planned, t.Unit, t.Achieved = 0, "", nil
		} else {
			t.MetFlag = nil
		}
	}
}

// Validate checks the targets and the signing date. A draft may hold no
// target yet; sending needs at least one (see ValidateSend). Field names
// are "t<i>_<field>" for the i-th target.
func (r *Registration) Validate(today Date) error {
	fe := FieldErrors{}
	if !r.SignedOn.IsZero() && r.SignedOn.After(today) {
		fe.Add("signed_on", "Ngày ký chưa tới.")
	}
	if len(r.Targets) > MaxTargets {
		fe.Add("targets", "Một bản đăng ký có tối đa "+strconv.Itoa(MaxTargets)+" chỉ tiêu.")
	}
	for i, t := range r.Targets {
		p := "t" + strconv.Itoa(i) + "_"
		if t.Criterion < 1 || t.Criterion > 4 {
			fe.Add(p+"criterion", "Vui lòng chọn tiêu chí 1 đến 4.")
		}
		if t.Text == "" {
			fe.Add(p+"text", "Vui lòng nhập nội dung chỉ tiêu.")
		} else if utf8.RuneCountInString(t.Text) > 500 {
			fe.Add(p+"text", "Nội dung chỉ tiêu không quá 500 ký tự.")
		}
		if t.Countable {
			if t.Planned <= 0 {
				fe.Add(p+"planned", "Chỉ tiêu định lượng cần số kế hoạch lớn hơn 0 (chỉ tiêu “không để xảy ra…” hãy ghi dạng không định lượng).")
			}
			if t.Unit == "" {
				fe.Add(p+"unit", "Vui lòng nhập đơn vị tính, ví dụ “đảng viên”, “buổi”, “%”.")
			} else if utf8.RuneCountInString(t.Unit) > 40 {
				fe.Add(p+"unit", "Đơn vị tính không quá 40 ký tự.")
			}
		}
	}
	return fe.Err()
}

// ValidateSend checks what sending needs beyond Validate: at least one target.
func (r *Registration) ValidateSend() error {
	if len(r.Targets) == 0 {
		return &Error{Code: EINVALID, Message: "Chưa gửi được: bản đăng ký chưa có chỉ tiêu nào.", Fields: map[string]string{"targets": "Vui lòng nhập ít nhất một chỉ tiêu."}}
	}
	return nil
}

// MetCount returns how many targets are met and how many have a known result.
func (r *Registration) MetCount() (met, known int) {
	for i := range r.Targets {
		m, k := r.Targets[i].Met()
		if k {
			known++
		}
		if m {
			met++
		}
	}
	return met, known
}

// RegDocument is the signed registration file (stored in the database, ≤ MaxEvidenceSize).
type RegDocument struct {
	Filename    string
	ContentType string
	Size        int64
	SHA256      string
	Username    string
	UploadedAt  time.Time
}

// RegEvent is one step of a registration's workflow: who, when, why.
type RegEvent struct {
	ID             int64
	RegistrationID int64
	Action         RegAction
	From, To       RegStatus
	UserID         int64
	Username       string
	At             time.Time
	Note           string
}

// Amount is a planned or achieved number of a target, in hundredths
// ("1,5 tỷ đồng" is 150), so that it is exact.
type Amount int64

// MaxAmount is the largest amount accepted (one thousand billion).
const MaxAmount Amount = 100_000_000_000_000

// String writes the amount the Vietnamese way: 1.234,5.
func (a Amount) String() string {
	neg := a < 0
	if neg {
		a = -a
	}
	whole, frac := int64(a)/100, int64(a)%100
	s := strconv.FormatInt(whole, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	switch {
	case frac == 0:
	case frac%10 == 0:
		b.WriteString("," + strconv.FormatInt(frac/10, 10))
	default:
		b.WriteString("," + strconv.FormatInt(frac/10, 10) + strconv.FormatInt(frac%10, 10))
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Input writes the amount for a form field: like String, without thousands dots.
func (a Amount) Input() string { return strings.ReplaceAll(a.String(), ".", "") }

// Float is the amount as a number, for spreadsheets.
func (a Amount) Float() float64 { return float64(a) / 100 }

// ParseAmount reads a number typed the Vietnamese way: "2", "80", "1,5",
// "1.500" (a dot before three digits groups thousands), "1.234.567,89"; a
// single dot not followed by exactly three digits is taken as a decimal
// point ("1.5"). At most two decimals; no negative numbers.
func ParseAmount(s string) (Amount, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, " ", ""))
	bad := Errorf(EINVALID, "“%s” không phải là một số; hãy nhập như 2, 80 hoặc 1,5.", s)
	if s == "" {
		return 0, Errorf(EINVALID, "Vui lòng nhập một số.")
	}
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "−") {
		return 0, Errorf(EINVALID, "Số không được âm.")
	}
	whole, frac := s, ""
	if i := strings.IndexByte(s, ','); i >= 0 {
		whole, frac = s[:i], s[i+1:]
		if frac == "" || strings.ContainsAny(frac, ",.") {
			return 0, bad
		}
	} else if strings.Count(s, ".") == 1 {
		if i := strings.IndexByte(s, '.'); len(s)-i-1 != 3 {
			whole, frac = s[:i], s[i+1:]
			if frac == "" {
				return 0, bad
			}
		}
	}
	if strings.Contains(whole, ".") {
		groups := strings.Split(whole, ".")
		if len(groups[0]) == 0 || len(groups[0]) > 3 {
			return 0, bad
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return 0, bad
			}
		}
		whole = strings.Join(groups, "")
	}
	if whole == "" {
		whole = "0"
	}
	for _, part := range []string{whole, frac} {
		for _, c := range part {
			if c < '0' || c > '9' {
				return 0, bad
			}
		}
	}
	if len(frac) > 2 {
		return 0, Errorf(EINVALID, "Chỉ nhập tối đa hai chữ số thập phân.")
	}
	whole = strings.TrimLeft(whole, "0")
	if len(whole) > 12 {
		return 0, Errorf(EINVALID, "Số quá lớn.")
	}
	var v int64
	for _, c := range whole {
		v = v*10 + int64(c-'0')
	}
	v *= 100
	for len(frac) < 2 {
		frac += "0"
	}
	v += int64(frac[0]-'0')*10 + int64(frac[1]-'0')
	if Amount(v) > MaxAmount {
		return 0, Errorf(EINVALID, "Số quá lớn.")
	}
	return Amount(v), nil
}

// DeploymentTally counts organizations of a subtree by how far they are
// with a campaign's launch and deployment.
type DeploymentTally struct {
	Units        int64 // organizations counted
	Launched     int64
	Disseminated int64
	Deployed     int64
	Complete     int64 // launched and deployed
}

// Missing is the number of organizations that have not both launched and deployed.
func (t DeploymentTally) Missing() int64 { return t.Units - t.Complete }

// Add adds u to t.
func (t *DeploymentTally) Add(u DeploymentTally) {
	t.Units += u.Units
	t.Launched += u.Launched
	t.Disseminated += u.Disseminated
	t.Deployed += u.Deployed
	t.Complete += u.Complete
}

// RegistrationTally counts the participating units of a subtree by the
// status of their registration for a year.
type RegistrationTally struct {
	Units        int64 // participating units
	Draft        int64
	Sent         int64
	Acknowledged int64
	Returned     int64
}

// Add adds u to t.
func (t *RegistrationTally) Add(u RegistrationTally) {
	t.Units += u.Units
	t.Draft += u.Draft
	t.Sent += u.Sent
	t.Acknowledged += u.Acknowledged
	t.Returned += u.Returned
}

// Registered is the number of units whose registration is sent or acknowledged.
func (t RegistrationTally) Registered() int64 { return t.Sent + t.Acknowledged }

// None is the number of units without any registration.
func (t RegistrationTally) None() int64 {
	return t.Units - t.Draft - t.Sent - t.Acknowledged - t.Returned
}

// Unsent is the number of units without a registration that counts: none, draft or returned.
func (t RegistrationTally) Unsent() int64 { return t.Units - t.Registered() }
