package bontot

import (
	"strings"
	"time"

	"bontot/scoring"
)

// DisciplineLevel is a party discipline measure (DOMAIN.md §3).
type DisciplineLevel string

// Discipline levels, lightest first.
const (
	Reprimand DisciplineLevel = "khien_trach" // khiển trách
	Warning   DisciplineLevel = "canh_cao"    // cảnh cáo
	Removal   DisciplineLevel = "cach_chuc"   // cách chức
	Expulsion DisciplineLevel = "khai_tru"    // khai trừ
)

// DisciplineLevels in order.
var DisciplineLevels = []DisciplineLevel{Reprimand, Warning, Removal, Expulsion}

var disciplineLabels = map[DisciplineLevel]string{
	Reprimand: "Khiển trách", Warning: "Cảnh cáo", Removal: "Cách chức", Expulsion: "Khai trừ",
}

// Label is the Vietnamese name.
func (l DisciplineLevel) Label() string { return disciplineLabels[l] }

// Valid reports whether l is known.
func (l DisciplineLevel) Valid() bool { _, ok := disciplineLabels[l]; return ok }

// Discipline is a discipline decision against a member.
type Discipline struct {
	ID         int64
	MemberID   int64
	MemberName string
	OrgID      int64 // the member's cell on the decision date
	OrgPath    string
	Level      DisciplineLevel
	Date       Date
	Decision   string // decision number
	Reason     string
	CreatedAt  time.Time
}

// Normalize cleans the text fields.
func (d *Discipline) Normalize() {
	d.Decision = strings.TrimSpace(d.Decision)
	d.Reason = strings.Join(strings.Fields(d.Reason), " ")
}

// Validate checks what a user enters.
func (d *Discipline) Validate() error {
	fe := FieldErrors{}
	if !d.Level.Valid() {
		fe.Add("level", "Vui lòng chọn hình thức kỷ luật.")
	}
	if d.Date.IsZero() {
		fe.Add("date", "Vui lòng nhập ngày quyết định (dd/mm/yyyy).")
	}
	if d.Decision == "" {
		fe.Add("decision", "Vui lòng nhập số quyết định kỷ luật.")
	}
	return fe.Err()
}

// RatingRow is one annual quality rating of an organization or a member.
type RatingRow struct {
	Year     int
	OrgID    int64 // the organization rated, or the member's cell
	OrgName  string
	OrgCode  string
	MemberID int64 // 0 for an organization's own rating
	Name     string
	// CardNumber is the member's card number; "" for an organization.
	CardNumber string
	Rating     scoring.Rating
	// Disciplined is filled by reads: the member has a discipline decision in the year.
	Disciplined bool
}

// RatingSheet is a grassroots organization's ratings for a year, as a form
// shows them: the organization, its cells, and each cell's members.
type RatingSheet struct {
	Year       int
	Grassroots *Org
	Own        scoring.Rating
	Cells      []RatingCell
	Quota      scoring.Points
}

// RatingCell is a cell with its own rating and its members' ratings.
type RatingCell struct {
	Org     *Org
	Rating  scoring.Rating
	Members []RatingRow
}

// Rated returns the sheet as the rating rules see it. A chi bộ cơ sở is its
// own single cell, with its own rating.
func (s *RatingSheet) Rated() scoring.RatedGrassroots {
	g := scoring.RatedGrassroots{ID: s.Grassroots.ID, Name: s.Grassroots.Name, IsCell: s.Grassroots.Kind.IsCell(), Rating: s.Own}
	for _, c := range s.Cells {
		rc := scoring.RatedCell{ID: c.Org.ID, Name: c.Org.Name, Rating: c.Rating}
		if g.IsCell {
			rc.Rating = s.Own
		}
		for _, m := range c.Members {
			rc.Members = append(rc.Members, scoring.RatedMember{ID: m.MemberID, Name: m.Name, Rating: m.Rating, Disciplined: m.Disciplined})
		}
		g.Cells = append(g.Cells, rc)
	}
	return g
}
