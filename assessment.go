package bontot

import (
	"time"

	"bontot/scoring"
)

// Status is where a yearly assessment stands in its workflow (DOMAIN.md §2):
// draft → submitted → reviewed → (returned → submitted …) → approved →
// recognised → locked. An approver may reopen an approved, recognised or
// locked assessment, with a reason; it goes back to returned.
type Status string

// Statuses.
const (
	StatusDraft      Status = "draft"      // đang tự đánh giá
	StatusSubmitted  Status = "submitted"  // đã gửi, chờ thẩm định
	StatusReviewed   Status = "reviewed"   // đã thẩm định, chờ phê duyệt
	StatusReturned   Status = "returned"   // trả lại để giải trình
	StatusApproved   Status = "approved"   // đã phê duyệt
	StatusRecognised Status = "recognised" // đã công nhận
	StatusLocked     Status = "locked"     // đã khóa
)

// Statuses in workflow order.
var Statuses = []Status{StatusDraft, StatusSubmitted, StatusReviewed, StatusReturned, StatusApproved, StatusRecognised, StatusLocked}

var assessmentStatusLabels = map[Status]string{
	StatusDraft: "Đang tự đánh giá", StatusSubmitted: "Chờ thẩm định", StatusReviewed: "Chờ phê duyệt",
	StatusReturned: "Trả lại giải trình", StatusApproved: "Đã phê duyệt", StatusRecognised: "Đã công nhận",
	StatusLocked: "Đã khóa",
}

// Label is the Vietnamese name of the status.
func (s Status) Label() string { return assessmentStatusLabels[s] }

// Valid reports whether s is known.
func (s Status) Valid() bool { _, ok := assessmentStatusLabels[s]; return ok }

// Editable reports whether the unit may change its self-assessment.
func (s Status) Editable() bool { return s == StatusDraft || s == StatusReturned }

// Done reports whether the unit has submitted at least once and not been returned.
func (s Status) Done() bool { return s != StatusDraft && s != StatusReturned }

// Action is a workflow step.
type Action string

// Actions.
const (
	ActSubmit    Action = "submit"    // the unit sends its self-assessment (or resubmits after explaining)
	ActReview    Action = "review"    // the level above finishes its review
	ActReturn    Action = "return"    // the level above or the board returns it for explanation
	ActApprove   Action = "approve"   // the Organization Board approves
	ActRecognise Action = "recognise" // the standing committee's decision is recorded
	ActLock      Action = "lock"      // the year's results are locked
	ActReopen    Action = "reopen"    // an approver reopens, with a reason
)

var actionLabels = map[Action]string{
	ActSubmit: "Gửi tự đánh giá", ActReview: "Hoàn tất thẩm định", ActReturn: "Trả lại để giải trình",
	ActApprove: "Phê duyệt", ActRecognise: "Công nhận", ActLock: "Khóa kết quả", ActReopen: "Mở lại",
}

// Label is the Vietnamese name of the action.
func (a Action) Label() string { return actionLabels[a] }

// transitions lists, for each action, the statuses it starts from and where it leads.
var transitions = map[Action]struct {
	from []Status
	to   Status
}{
	ActSubmit:    {[]Status{StatusDraft, StatusReturned}, StatusSubmitted},
	ActReview:    {[]Status{StatusSubmitted}, StatusReviewed},
	ActReturn:    {[]Status{StatusSubmitted, StatusReviewed}, StatusReturned},
	ActApprove:   {[]Status{StatusReviewed}, StatusApproved},
	ActRecognise: {[]Status{StatusApproved}, StatusRecognised},
	ActLock:      {[]Status{StatusApproved, StatusRecognised}, StatusLocked},
	ActReopen:    {[]Status{StatusApproved, StatusRecognised, StatusLocked}, StatusReturned},
}

// Next returns the status an action leads to from s, or false if the action
// does not apply to s.
func (s Status) Next(a Action) (Status, bool) {
	t, ok := transitions[a]
	if !ok {
		return "", false
	}
	for _, f := range t.from {
		if f == s {
			return t.to, true
		}
	}
	return "", false
}

// Assessment is one unit's yearly "4 tốt" assessment in a campaign: its own
// entries, the reviewer's entries, the facts it typed and the scores.
type Assessment struct {
	ID            int64
	CampaignID    int64
	Year          int
	OrgID         int64
	OrgName       string
	OrgParentName string
	OrgPath       string
	OrgKind       OrgKind
	Kind          scoring.Kind
	ScaleID       int64
	Status        Status
	Self          scoring.Entries
	Review        scoring.Entries
	Facts         scoring.Facts // typed facts; computed facts are added when scoring
	// Scores: Self* always once scored; Review* once a reviewer entered
	// points; Final* is the reviewed score when there is one, else the self score.
	SelfTotal   scoring.Points
	SelfClass   scoring.Class
	ReviewTotal scoring.Points
	ReviewClass scoring.Class
	Reviewed    bool
	FinalTotal  scoring.Points
	FinalClass  scoring.Class
	Explanation string // the unit's latest giải trình
	SubmittedAt time.Time
	Late        bool // first submitted after the self-assessment deadline
	ReviewedAt  time.Time
	ApprovedAt  time.Time
	Decision    string // standing-committee decision number
	DecisionOn  Date
	Version     int // optimistic lock: a save must name the version it edited
	UpdatedAt   time.Time
}

// ReviewEntries returns the entries the final score uses: the reviewer's entry
// for every item the reviewer entered, else the unit's own.
func (a *Assessment) ReviewEntries() scoring.Entries {
	out := make(scoring.Entries, len(a.Self)+len(a.Review))
	for k, v := range a.Self {
		out[k] = v
	}
	for k, v := range a.Review {
		out[k] = v
	}
	return out
}

// AssessmentEvent is one workflow step: who, when, from which status to which, why.
type AssessmentEvent struct {
	ID           int64
	AssessmentID int64
	Action       Action
	From, To     Status
	UserID       int64
	Username     string
	At           time.Time
	Note         string
}

// Evidence is a file attached to an item of an assessment (minh chứng).
type Evidence struct {
	ID           int64
	AssessmentID int64
	ItemCode     string
	Filename     string
	ContentType  string
	Size         int64
	SHA256       string
	Username     string
	UploadedAt   time.Time
}

// MaxEvidenceSize is the largest evidence file accepted (10 MB).
const MaxEvidenceSize = 10 << 20

// AssessmentFilter selects assessments of a campaign year.
type AssessmentFilter struct {
	CampaignID int64
	Year       int
	Under      string // subtree path
	Kind       scoring.Kind
	Status     Status
	Class      scoring.Class
	Recognised bool // only units with a recognition decision recorded
	Limit      int
}
