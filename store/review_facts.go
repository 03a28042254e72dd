package store

import (
	"context"

	"bontot"
)

// MeetingTotals are a subtree's cell meetings in a year, for the reviews.
type MeetingTotals struct {
	Cells             int64 // cells and chi bộ cơ sở with at least one meeting recorded
	Regular, Thematic int64
	Good, Fair        int64 // regular meetings by grade
	Average, Poor     int64
	ScoreSum          int64 // hundredths, regular meetings
	LastResolutionMet int64 // regular meetings where the last resolution was fully carried out
}

// MeetingTotalsUnder adds up the meetings of the cells under a path in a year
// with one grouped query.
func (s *Store) MeetingTotalsUnder(ctx context.Context, under string, year int) (*MeetingTotals, error) {
	lo, hi := subtreeRange(under)
	t := &MeetingTotals{}
	err := s.db.QueryRowContext(ctx, s.rebind(`SELECT COUNT(DISTINCT m.org_id),
			COALESCE(SUM(CASE WHEN m.kind = 'regular' THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN m.kind = 'thematic' THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN m.kind = 'regular' AND m.grade = 'good' THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN m.kind = 'regular' AND m.grade = 'fair' THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN m.kind = 'regular' AND m.grade = 'average' THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN m.kind = 'regular' AND m.grade = 'poor' THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN m.kind = 'regular' THEN m.total ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN m.kind = 'regular' AND m.p_last_resolution >= 500 THEN 1 ELSE 0 END), 0)
		FROM meetings m JOIN orgs o ON o.id = m.org_id
		WHERE o.path >= ? AND o.path < ? AND m.held_on >= ? AND m.held_on <= ?`), lo, hi, bontot.NewDate(year, 1, 1), bontot.NewDate(year, 12, 31)).
		Scan(&t.Cells, &t.Regular, &t.Thematic, &t.Good, &t.Fair, &t.Average, &t.Poor, &t.ScoreSum, &t.LastResolutionMet)
	return t, err
}

// SponsorTotals are a subtree's sponsor visits and recommendations in a year, for the reviews.
type SponsorTotals struct {
	Visits, VisitedUnits         int64
	Recommendations              int64 // due in the year
	ResolvedOnTime, ResolvedLate int64
	OpenOverdue                  int64 // not resolved, past due (on the store's today)
	Findings                     int64 // inspection and supervision findings in the year
}

// SponsorTotalsUnder adds up the sponsors' work for a subtree in a year.
func (s *Store) SponsorTotalsUnder(ctx context.Context, under string, year int) (*SponsorTotals, error) {
	lo, hi := subtreeRange(under)
	first, last := bontot.NewDate(year, 1, 1), bontot.NewDate(year, 12, 31)
	t := &SponsorTotals{}
	if err := s.db.QueryRowContext(ctx, s.rebind(`SELECT COUNT(*), COUNT(DISTINCT org_id) FROM visits WHERE org_path >= ? AND org_path < ? AND visited_on >= ? AND visited_on <= ?`),
		lo, hi, first, last).Scan(&t.Visits, &t.VisitedUnits); err != nil {
		return nil, err
	}
	if err := s.db.QueryRowContext(ctx, s.rebind(`SELECT COUNT(*),
			COALESCE(SUM(CASE WHEN status = 'resolved' AND resolved_on <= due_on THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN status = 'resolved' AND resolved_on > due_on THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN status <> 'resolved' AND due_on < ? THEN 1 ELSE 0 END), 0)
		FROM recommendations WHERE owner_path >= ? AND owner_path < ? AND due_on >= ? AND due_on <= ?`), s.Today(), lo, hi, first, last).
		Scan(&t.Recommendations, &t.ResolvedOnTime, &t.ResolvedLate, &t.OpenOverdue); err != nil {
		return nil, err
	}
	if err := s.db.QueryRowContext(ctx, s.rebind(`SELECT COUNT(*) FROM inspection_findings WHERE org_path >= ? AND org_path < ? AND found_on >= ? AND found_on <= ?`),
		lo, hi, first, last).Scan(&t.Findings); err != nil {
		return nil, err
	}
	return t, nil
}
