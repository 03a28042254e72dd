package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"bontot"
	"bontot/scoring"
)

// Tally counts the assessments of one kind of unit in a subtree for a year.
// Classes, scores and buckets count units past the draft (Scored).
type Tally struct {
	Units, Draft, Submitted, Reviewed, Returned, Approved, RecognisedStatus, Locked int64
	Late, Recognised                                                                int64
	FourGood, Good, Fail, Scored                                                    int64
	TotalSum                                                                        int64
	Buckets                                                                         [10]int64 // 0–<10 … 90–100
}

func tallyOf(v [nRollup]int64) Tally {
	t := Tally{Units: v[rUnits], Draft: v[rDraft], Submitted: v[rSubmitted], Reviewed: v[rReviewed], Returned: v[rReturned],
		Approved: v[rApproved], RecognisedStatus: v[rRecognisedSt], Locked: v[rLocked], Late: v[rLate], Recognised: v[rRecognised],
		FourGood: v[rFourGood], Good: v[rGood], Fail: v[rFail], Scored: v[rScored], TotalSum: v[rTotalSum]}
	copy(t.Buckets[:], v[rBucket0:rBucket0+10])
	return t
}

// SubmittedAny counts units that have submitted at least once and are not back in draft.
func (t Tally) SubmittedAny() int64 { return t.Units - t.Draft }

// ReviewedAny counts units reviewed or further along.
func (t Tally) ReviewedAny() int64 { return t.Reviewed + t.Approved + t.RecognisedStatus + t.Locked }

// ApprovedAny counts units approved or further along.
func (t Tally) ApprovedAny() int64 { return t.Approved + t.RecognisedStatus + t.Locked }

// Average is the average final score of the scored units.
func (t Tally) Average() scoring.Points {
	if t.Scored == 0 {
		return 0
	}
	return scoring.MulDiv(scoring.Points(t.TotalSum), 1, t.Scored)
}

// Summary is the tally of a subtree for a campaign year, per kind.
type Summary struct {
	Org        *bontot.Org
	Cells      Tally
	Committees Tally
}

// Summaries returns the tallies of each organization in orgs for a campaign
// year: from the stored counters for organizations with subordinates, from
// their own assessment for cells.
func (s *Store) Summaries(ctx context.Context, campaignID int64, year int, orgs []*bontot.Org) ([]*Summary, error) {
	out := make([]*Summary, len(orgs))
	byID := map[int64]*Summary{}
	var ids, leaves []int64
	for i, o := range orgs {
		out[i] = &Summary{Org: o}
		byID[o.ID] = out[i]
		if o.Kind.IsCell() {
			leaves = append(leaves, o.ID)
		} else {
			ids = append(ids, o.ID)
		}
	}
	err := s.read(ctx, func(tx *Tx) error {
		for start := 0; start < len(ids); start += 500 {
			end := min(start+500, len(ids))
			rows, err := tx.Query(`SELECT org_id, kind, `+strings.Join(rollupCols, ", ")+` FROM assessment_rollup WHERE campaign_id = ? AND year = ? AND org_id IN (`+
				placeholders(end-start)+`)`, append([]any{campaignID, year}, int64Args(ids[start:end])...)...)
			if err != nil {
				return err
			}
			for rows.Next() {
				var id int64
				var kind scoring.Kind
				var v [nRollup]int64
				dest := []any{&id, &kind}
				for i := range v {
					dest = append(dest, &v[i])
				}
				if err := rows.Scan(dest...); err != nil {
					rows.Close()
					return err
				}
				if kind == scoring.KindCell {
					byID[id].Cells = tallyOf(v)
				} else {
					byID[id].Committees = tallyOf(v)
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		for start := 0; start < len(leaves); start += 500 {
			end := min(start+500, len(leaves))
			rows, err := tx.Query(`SELECT org_id, status, late, decision, final_total, final_class FROM assessments WHERE campaign_id = ? AND year = ? AND org_id IN (`+
				placeholders(end-start)+`)`, append([]any{campaignID, year}, int64Args(leaves[start:end])...)...)
			if err != nil {
				return err
			}
			for rows.Next() {
				a := &bontot.Assessment{}
				if err := rows.Scan(&a.OrgID, &a.Status, &a.Late, &a.Decision, &a.FinalTotal, &a.FinalClass); err != nil {
					rows.Close()
					return err
				}
				byID[a.OrgID].Cells = tallyOf(rollupOf(a))
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// RankBy orders a ranking.
type RankBy string

// Rankings.
const (
	RankTop    RankBy = "top"    // highest final score first
	RankBottom RankBy = "bottom" // lowest final score first
	RankGap    RankBy = "gap"    // largest difference between self and reviewed score first
)

// rankScanLimit is the size of subtree read whole and sorted; above it the
// ranking walks the score (or gap) index of the whole year and filters the subtree.
const rankScanLimit = 20000

// Ranking returns up to limit scored units of a kind in a subtree, ordered by.
// units is the number of units of that kind in the subtree (from Summaries),
// which picks the plan.
func (s *Store) Ranking(ctx context.Context, campaignID int64, year int, under string, kind scoring.Kind, by RankBy, limit int, units int64) ([]*bontot.Assessment, error) {
	lo, hi := subtreeRange(under)
	where := ` WHERE a.campaign_id = ? AND a.year = ? AND a.kind = ? AND a.org_path >= ? AND a.org_path < ? AND a.status <> 'draft'`
	args := []any{campaignID, year, string(kind), lo, hi}
	order, index := " ORDER BY a.final_total DESC, a.org_path", "assessments_rank"
	switch by {
	case RankBottom:
		order = " ORDER BY a.final_total, a.org_path"
	case RankGap:
		where += " AND a.reviewed = ? AND a.gap > 0"
		args = append(args, true)
		order, index = " ORDER BY a.gap DESC, a.org_path", "assessments_gap"
	}
	if units <= rankScanLimit {
		index = "assessments_path"
	}
	args = append(args, limit)
	var out []*bontot.Assessment
	err := s.read(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.assessmentList(s.indexedBy(index), where+order+` LIMIT ?`, args...)
		return err
	})
	return out, err
}

// nullTime is used by readers of optional timestamps.
var _ sql.NullTime

// ClassChange is a unit whose class changed from one year to the next.
type ClassChange struct {
	OrgID      int64
	OrgName    string
	ParentName string
	Kind       scoring.Kind
	FromTotal  scoring.Points
	FromClass  scoring.Class
	ToTotal    scoring.Points
	ToClass    scoring.Class
}

// classRank orders classes: "4 tốt" above Khá above Chưa đạt.
const classRank = `CASE %s WHEN 'four_good' THEN 3 WHEN 'good' THEN 2 ELSE 1 END`

// ClassChanges lists the units of a subtree that rose to a better class in
// year than in the year before (improved) or fell to a worse one, the largest
// score changes first, at most limit of each, with the full counts. Only units
// past the draft in both years count.
func (s *Store) ClassChanges(ctx context.Context, campaignID int64, year int, under string, limit int) (improved, fell []ClassChange, nImproved, nFell int, err error) {
	lo, hi := subtreeRange(under)
	from := ` FROM assessments a JOIN assessments b ON b.campaign_id = a.campaign_id AND b.year = ? AND b.org_id = a.org_id
		JOIN orgs o ON o.id = a.org_id LEFT JOIN orgs p ON p.id = o.parent_id
		WHERE a.campaign_id = ? AND a.year = ? AND a.org_path >= ? AND a.org_path < ? AND a.status <> 'draft' AND b.status <> 'draft'`
	args := []any{year - 1, campaignID, year, lo, hi}
	ra, rb := fmt.Sprintf(classRank, "a.final_class"), fmt.Sprintf(classRank, "b.final_class")
	list := func(cond, order string) ([]ClassChange, int, error) {
		var n int
		if err := s.db.QueryRowContext(ctx, s.rebind(`SELECT COUNT(*)`+from+` AND `+cond), args...).Scan(&n); err != nil {
			return nil, 0, err
		}
		rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT a.org_id, o.name, COALESCE(p.name, ''), a.kind, b.final_total, b.final_class, a.final_total, a.final_class`+
			from+` AND `+cond+` ORDER BY `+order+`, a.org_path LIMIT ?`), append(args, limit)...)
		if err != nil {
			return nil, 0, err
		}
		defer rows.Close()
		var out []ClassChange
		for rows.Next() {
			var c ClassChange
			if err := rows.Scan(&c.OrgID, &c.OrgName, &c.ParentName, &c.Kind, &c.FromTotal, &c.FromClass, &c.ToTotal, &c.ToClass); err != nil {
				return nil, 0, err
			}
			out = append(out, c)
		}
		return out, n, rows.Err()
	}
	if improved, nImproved, err = list(ra+` > `+rb, `a.final_total - b.final_total DESC`); err != nil {
		return
	}
	fell, nFell, err = list(ra+` < `+rb, `a.final_total - b.final_total`)
	return
}
