package store

import (
	"context"
	"time"

	"bontot"
)

// LateUnit is a unit late with something, for the urging lists.
type LateUnit struct {
	OrgID      int64
	Code       string
	Name       string
	ParentName string
}

// MeetingsLate lists the cells of a subtree (cells and chi bộ cơ sở that
// existed the whole month) with no regular meeting recorded in the month,
// limit rows from offset in tree order, and how many there are. It reads the
// meetings through their (org_id, held_on) index, one probe per cell.
func (s *Store) MeetingsLate(ctx context.Context, under string, year int, month time.Month, limit, offset int) ([]LateUnit, int, error) {
	lo, hi := subtreeRange(under)
	first := bontot.NewDate(year, month, 1)
	last := bontot.DateOf(first.Time().AddDate(0, 1, -1))
	where := ` FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id
		WHERE o.path >= ? AND o.path < ? AND o.kind IN ('cell', 'base_cell') AND o.valid_from <= ? AND (o.valid_to IS NULL OR o.valid_to >= ?)
		AND NOT EXISTS (SELECT 1 FROM meetings m WHERE m.org_id = o.id AND m.kind = 'regular' AND m.held_on >= ? AND m.held_on <= ?)`
	args := []any{lo, hi, first, last, first, last}
	var n int
	if err := s.db.QueryRowContext(ctx, s.rebind(`SELECT COUNT(*)`+where), args...).Scan(&n); err != nil {
		return nil, 0, err
	}
	if limit <= 0 {
		return nil, n, nil
	}
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT o.id, o.code, o.name, COALESCE(p.name, '')`+where+` ORDER BY o.path LIMIT ? OFFSET ?`), append(args, limit, offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []LateUnit
	for rows.Next() {
		var u LateUnit
		if err := rows.Scan(&u.OrgID, &u.Code, &u.Name, &u.ParentName); err != nil {
			return nil, 0, err
		}
		out = append(out, u)
	}
	return out, n, rows.Err()
}

// AssessmentsLate lists the units of a campaign year in a subtree that have
// not submitted (draft, or returned and not resubmitted), in tree order.
func (s *Store) AssessmentsLate(ctx context.Context, campaignID int64, year int, under string, limit, offset int) ([]LateUnit, int, error) {
	lo, hi := subtreeRange(under)
	where := ` FROM assessments a` + s.indexedBy("assessments_path") + ` JOIN orgs o ON o.id = a.org_id LEFT JOIN orgs p ON p.id = o.parent_id
		WHERE a.campaign_id = ? AND a.year = ? AND a.org_path >= ? AND a.org_path < ? AND a.status IN ('draft', 'returned')`
	args := []any{campaignID, year, lo, hi}
	var n int
	if err := s.db.QueryRowContext(ctx, s.rebind(`SELECT COUNT(*)`+where), args...).Scan(&n); err != nil {
		return nil, 0, err
	}
	if limit <= 0 {
		return nil, n, nil
	}
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT o.id, o.code, o.name, COALESCE(p.name, '')`+where+` ORDER BY a.org_path LIMIT ? OFFSET ?`), append(args, limit, offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []LateUnit
	for rows.Next() {
		var u LateUnit
		if err := rows.Scan(&u.OrgID, &u.Code, &u.Name, &u.ParentName); err != nil {
			return nil, 0, err
		}
		out = append(out, u)
	}
	return out, n, rows.Err()
}
