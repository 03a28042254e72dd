package store

import (
	"context"
	"sort"
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
// not submitted (draft, or returned and not resubmitted), in tree order, and
// how many there are. The count comes from the stored counters; the page
// walks the (status, path) index of each status and merges them.
func (s *Store) AssessmentsLate(ctx context.Context, campaignID int64, year int, under string, limit, offset int) ([]LateUnit, int, error) {
	lo, hi := subtreeRange(under)
	org, err := s.orgByPath(ctx, under)
	if err != nil {
		return nil, 0, err
	}
	sums, err := s.Summaries(ctx, campaignID, year, []*bontot.Org{org})
	if err != nil {
		return nil, 0, err
	}
	t := sums[0]
	n := int(t.Cells.Draft + t.Cells.Returned + t.Committees.Draft + t.Committees.Returned)
	if limit <= 0 || n == 0 {
		return nil, n, nil
	}
	type row struct {
		path string
		u    LateUnit
	}
	var all []row
	for _, status := range []bontot.Status{bontot.StatusDraft, bontot.StatusReturned} {
		rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT a.org_path, o.id, o.code, o.name, COALESCE(p.name, '')
			FROM assessments a`+s.indexedBy("assessments_status")+` JOIN orgs o ON o.id = a.org_id LEFT JOIN orgs p ON p.id = o.parent_id
			WHERE a.campaign_id = ? AND a.year = ? AND a.status = ? AND a.org_path >= ? AND a.org_path < ? ORDER BY a.org_path LIMIT ?`),
			campaignID, year, string(status), lo, hi, offset+limit)
		if err != nil {
			return nil, 0, err
		}
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.path, &r.u.OrgID, &r.u.Code, &r.u.Name, &r.u.ParentName); err != nil {
				rows.Close()
				return nil, 0, err
			}
			all = append(all, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, 0, err
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].path < all[j].path })
	var out []LateUnit
	for i := offset; i < len(all) && i < offset+limit; i++ {
		out = append(out, all[i].u)
	}
	return out, n, nil
}

// orgByPath returns the organization whose materialized path is path.
func (s *Store) orgByPath(ctx context.Context, path string) (*bontot.Org, error) {
	ids := bontot.PathIDs(path)
	if len(ids) == 0 {
		return nil, bontot.Errorf(bontot.ENOTFOUND, "Không tìm thấy tổ chức.")
	}
	return s.Org(ctx, ids[len(ids)-1])
}
