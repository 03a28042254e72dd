package scoring

// Rating is the annual quality rating of an organization or a member
// (DOMAIN.md §4). Ordinals compare: higher is better; 0 is "not rated".
type Rating int

// Ratings.
const (
	Unrated Rating = 0
	KHTNV   Rating = 1 // không hoàn thành nhiệm vụ
	HTNV    Rating = 2 // hoàn thành nhiệm vụ
	HTTNV   Rating = 3 // hoàn thành tốt nhiệm vụ
	HTXSNV  Rating = 4 // hoàn thành xuất sắc nhiệm vụ
)

// Ratings lists the four levels, best first.
var Ratings = []Rating{HTXSNV, HTTNV, HTNV, KHTNV}

// RatedMember is a member's proposed rating in a year.
type RatedMember struct {
	ID          int64
	Name        string
	Rating      Rating
	Disciplined bool // disciplined (any level) during the year
}

// RatedCell is a cell's proposed rating with its members' ratings.
type RatedCell struct {
	ID      int64
	Name    string
	Rating  Rating
	Members []RatedMember
}

// RatedGrassroots is one grassroots organization's ratings for a year: the
// organization itself and its cells (for a chi bộ cơ sở, one cell: itself,
// with IsCell set and Cells holding that one cell).
type RatedGrassroots struct {
	ID     int64
	Name   string
	IsCell bool
	Rating Rating
	Cells  []RatedCell
}

// Rule names a rating rule (DOMAIN.md §4, §6e).
type Rule string

// Rating rules.
const (
	RuleDiscipline     Rule = "discipline"      // a disciplined member cannot be above KHTNV
	RuleQuotaMembers   Rule = "quota_members"   // HTXSNV ≤ quota × (HTTNV + HTXSNV), members pooled per grassroots organization
	RuleQuotaCells     Rule = "quota_cells"     // the same over its cells
	RuleCellMembers    Rule = "cell_members"    // a cell HTTNV+ needs 100% members HTNV+ and ≥ 50% HTTNV+
	RuleCommitteeCells Rule = "committee_cells" // a đảng bộ HTTNV+ needs the same of its cells
)

// Violation is a broken rating rule: which rule, on which organization, about
// which subject, explained in Vietnamese.
type Violation struct {
	Rule      Rule
	OrgID     int64 // the organization the rule is checked on
	OrgName   string
	SubjectID int64 // the member or cell concerned, when there is one
	Subject   string
	Message   string
}
