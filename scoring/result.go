package scoring

// Source says where an item's points came from.
type Source string

// Sources.
const (
	SourceTyped    Source = "typed"    // typed by the unit or the reviewer
	SourceYesNo    Source = "yesno"    // answered yes or no
	SourceFormula  Source = "formula"  // computed from the unit's own facts
	SourceComputed Source = "computed" // computed from subordinate units' results
	SourceNA       Source = "na"       // marked not applicable
)

// ItemResult explains one item.
type ItemResult struct {
	Code   string
	Name   string
	Max    Points
	Points Points
	Source Source
	// Detail says, in Vietnamese, how the points were obtained
	// ("11/12 tháng có sinh hoạt định kỳ: 5 − 2 × 1 = 3").
	Detail string
	Note   string // the entry's comment or reason
}

// CriterionResult explains one criterion.
type CriterionResult struct {
	Code string
	Name string
	Max  Points
	// Raw is the sum of the applicable items; ApplicableMax their maxima.
	Raw           Points
	ApplicableMax Points
	// Points is Raw, or Raw × Max ÷ ApplicableMax rounded half up when some items are N/A.
	Points   Points
	Prorated bool
	Floor    Points
	FloorMet bool
	Items    []ItemResult
}

// VetoHit is a veto that applies, with the facts that made it apply.
type VetoHit struct {
	Code   string
	Label  string
	Detail string // "Số đảng viên bị kỷ luật trong năm: 1"
}

// Problem is something wrong with the entries: a value out of range, more than
// two decimals, a computed item typed, a criterion with every item N/A… A result
// with problems is still computed (bad values are clamped) but cannot be submitted.
type Problem struct {
	Code    string // item, criterion, bonus or deduction code; a fact's name for a problem with a fact; "" for the whole scale
	Message string // Vietnamese
}

// Result is a scored unit with its full explanation.
type Result struct {
	Criteria   []CriterionResult
	Subtotal   Points // sum of criteria points
	Bonuses    []ItemResult
	Bonus      Points // after the cap
	Deductions []ItemResult
	Deduction  Points
	// Total = max(0, min(Max, Subtotal + Bonus) − Deduction).
	Total  Points
	Class  Class
	Label  string // the band's label
	Vetoes []VetoHit
	// FloorsMissed lists the codes of criteria under their floor.
	FloorsMissed []string
	// Decision is the sentence of the rule that decided the class
	// ("Tổng 92 điểm ≥ 90 nhưng tiêu chí C2 dưới mức sàn 20 điểm: xếp loại Khá").
	Decision string
	Problems []Problem
}
