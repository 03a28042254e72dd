// Package scoring holds the rules of the "4 tốt" scores and of the annual
// quality rating: scales as data, the scoring engine, classification, vetoes
// and the rating quota. It is pure: no I/O, no clock, no database. Every number
// is exact (Points are hundredths); rounding happens once, half up, where a
// formula produces a non-hundredth value (DOMAIN.md §6e).
package scoring

// Points are score points in hundredths: 1250 is 12,5 points.
type Points int64

// Kind is the kind of unit a scale scores.
type Kind string

// Scale kinds.
const (
	KindCell      Kind = "cell"      // chi bộ (trực thuộc or cơ sở)
	KindCommittee Kind = "committee" // đảng bộ cơ sở
)

// Method is how an item gets its points.
type Method string

// Methods.
const (
	// Typed: the unit types points within 0..Max, a multiple of Step.
	Typed Method = "typed"
	// YesNo: the unit answers yes (Max) or no (0).
	YesNo Method = "yesno"
	// Formula: computed from the unit's own facts by the named formula.
	Formula Method = "formula"
	// Computed: computed from the subordinate units' results by the named formula.
	Computed Method = "computed"
)

// Item is one tiêu chí thành phần.
type Item struct {
	Code     string `json:"code"` // "1.2"
	Name     string `json:"name"`
	Guidance string `json:"guidance,omitempty"`
	Max      Points `json:"max"`
	Method   Method `json:"method"`
	// Step is the granularity of typed points (default 1 = 0,01).
	Step Points `json:"step,omitempty"`
	// Formula names an entry of Formulas, for Formula and Computed items.
	Formula string `json:"formula,omitempty"`
	// Per is the formula's penalty or unit (e.g. 2 points per missing month).
	Per Points `json:"per,omitempty"`
	// Target is the formula's share threshold, in hundredths of a percent
	// (5000 = 50%), where the formula has one.
	Target           Points `json:"target,omitempty"`
	EvidenceRequired bool   `json:"evidence_required,omitempty"`
	AllowNA          bool   `json:"allow_na,omitempty"`
}

// Criterion is one of the four "tốt".
type Criterion struct {
	Code  string `json:"code"` // "C1"
	Name  string `json:"name"`
	Max   Points `json:"max"`
	Floor Points `json:"floor"` // the criterion must reach this (after pro-rating) for the top band
	Items []Item `json:"items"`
}

// Bonus is a bonus item (điểm thưởng): typed points within 0..Max.
type Bonus struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	Guidance string `json:"guidance,omitempty"`
	Max      Points `json:"max"`
}

// Deduction is a deduction item (điểm trừ): Per points for each counted case.
type Deduction struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	Guidance string `json:"guidance,omitempty"`
	Per      Points `json:"per"`
}

// Class is the result of a yearly score.
type Class string

// Classes of the default scales.
const (
	ClassFourGood Class = "four_good" // "Chi bộ 4 tốt" / "Đảng bộ cơ sở 4 tốt"
	ClassGood     Class = "good"      // "Khá"
	ClassFail     Class = "fail"      // "Chưa đạt"
	ClassNone     Class = ""          // not scored yet
)

// Band is a classification band. Bands are checked in order; the first
// whose conditions hold gives the class. The last band should have Min 0.
type Band struct {
	Class           Class  `json:"class"`
	Label           string `json:"label"`
	Min             Points `json:"min"`
	RequireFloors   bool   `json:"require_floors,omitempty"`
	RequireNoVetoes bool   `json:"require_no_vetoes,omitempty"`
}

// Condition compares a fact with a value: Fact Op Value. Facts are named in
// Facts; rating facts use the Rating ordinals (KHTNV=1 … HTXSNV=4, 0 = not rated).
type Condition struct {
	Fact  string `json:"fact"`
	Op    string `json:"op"` // ">", ">=", "<", "<=", "=", "!="
	Value int64  `json:"value"`
}

// Veto is a declared rule that makes a unit ineligible for the bands that
// require no vetoes. It applies when any of its conditions holds.
type Veto struct {
	Code  string      `json:"code"` // "V1"
	Label string      `json:"label"`
	Any   []Condition `json:"any"`
}

// Scale is a scoring scale (thang điểm): criteria of items, bonus and
// deductions, the bonus cap and total cap, bands and vetoes.
type Scale struct {
	Name       string      `json:"name"`
	Kind       Kind        `json:"kind"`
	Max        Points      `json:"max"`       // total maximum, 10000
	BonusCap   Points      `json:"bonus_cap"` // the bonus counts up to this
	Criteria   []Criterion `json:"criteria"`
	Bonuses    []Bonus     `json:"bonuses,omitempty"`
	Deductions []Deduction `json:"deductions,omitempty"`
	Bands      []Band      `json:"bands"`
	Vetoes     []Veto      `json:"vetoes,omitempty"`
}

// Entry is what a unit (or its reviewer) entered for one item, bonus or deduction.
type Entry struct {
	Points Points `json:"p,omitempty"`  // typed points; for YesNo, Max means yes
	Yes    bool   `json:"y,omitempty"`  // YesNo answer
	NA     bool   `json:"na,omitempty"` // marked not applicable
	Count  int64  `json:"n,omitempty"`  // deductions: number of cases
	Note   string `json:"t,omitempty"`  // comment (self) or reason (review)
}

// Entries maps item, bonus and deduction codes to entries.
type Entries map[string]Entry

// Facts are the numbers a unit's formulas and vetoes read, by name (see FactLabels).
// Missing facts are 0.
type Facts map[string]int64
