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
