package store

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strings"
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
// limit rows from offset in tree order, and how many there are.
//
// Nothing here visits every cell. An organization's late cells are its
// cells (the stored cell_count) less those that did not exist the whole
// month (founded after its first day or ended before its last: few, read
// through two partial indexes) less those that met (the stored
// meeting_rollup counter, corrected for the cells that met but do not
// count). The page walks down the tree from under, skipping every child
// whose late count is below the offset, so it reads one list of children
// per level and per organization it enters.
func (s *Store) MeetingsLate(ctx context.Context, under string, year int, month time.Month, limit, offset int) ([]LateUnit, int, error) {
	first := bontot.NewDate(year, month, 1)
	last := bontot.DateOf(first.Time().AddDate(0, 1, -1))
	var out []LateUnit
	var n int
	err := s.read(ctx, func(tx *Tx) error {
		root, err := tx.orgByPath(under)
		if err != nil {
			return err
		}
		w := &lateWalk{tx: tx, ym: ymOf(first), first: first, last: last}
		if err := w.readUncounted(root.Path); err != nil {
			return err
		}
		held, err := tx.heldIn(root.ID, w.ym)
		if err != nil {
			return err
		}
		n = w.late(root.Path, root.CellCount, held)
		if limit <= 0 || n == 0 || offset >= n {
			return nil
		}
		if root.Kind.IsCell() {
			out = append(out, LateUnit{OrgID: root.ID, Code: root.Code, Name: root.Name, ParentName: root.ParentName})
			return nil
		}
		if limit > maxWalkedPage {
			lo, hi := subtreeRange(root.Path)
			out, err = tx.meetingsLateInOrder(lo, hi, first, last, limit, offset)
			return err
		}
		w.skip, w.need = offset, limit
		if err := w.walk(root); err != nil {
			return err
		}
		out = w.out
		return nil
	})
	return out, n, err
}

// meetingsLateInOrder reads the late cells with a path in [lo, hi) in tree order, one
// probe per cell, limit rows from offset: for long pages (exports,
// reminders to all), where a walk would enter most of the tree.
func (tx *Tx) meetingsLateInOrder(lo, hi string, first, last bontot.Date, limit, offset int) ([]LateUnit, error) {
	rows, err := tx.Query(`SELECT o.id, o.code, o.name, COALESCE(p.name, '') FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id
		WHERE o.path >= ? AND o.path < ? AND o.kind IN ('cell', 'base_cell') AND o.valid_from <= ? AND (o.valid_to IS NULL OR o.valid_to >= ?)
		AND NOT EXISTS (SELECT 1 FROM meetings m WHERE m.org_id = o.id AND m.kind = 'regular' AND m.held_on >= ? AND m.held_on <= ?)
		ORDER BY o.path LIMIT ? OFFSET ?`, lo, hi, first, last, first, last, limit, offset)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LateUnit
	for rows.Next() {
		var u LateUnit
		if err := rows.Scan(&u.OrgID, &u.Code, &u.Name, &u.ParentName); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// ymOf is the month of d as year*100 + month, the key of meeting_rollup.
func ymOf(d bontot.Date) int {
	t := d.Time()
	return t.Year()*100 + int(t.Month())
}

// lateWalk is one late-meetings list being read.
type lateWalk struct {
	tx          *Tx
	ym          int
	first, last bontot.Date
	// The cells of the subtree that did not exist the whole month, by
	// path, and whether each of them met that month anyway.
	uncounted map[string]bool
	skip      int // late cells still to pass before the page
	need      int // late cells still to put on the page
	out       []LateUnit
}

// readUncounted reads the cells under path that were founded after the
// month's first day or ended before its last, and whether each met.
func (w *lateWalk) readUncounted(path string) error {
	lo, hi := subtreeRange(path)
	w.uncounted = map[string]bool{}
	var ids []int64
	byID := map[int64]string{}
	units, err := w.tx.unitsNotThrough(lo, hi, w.first, w.last)
	if err != nil {
		return err
	}
	for _, u := range units {
		if u.kind.IsCell() {
			byID[u.id] = u.path
			ids = append(ids, u.id)
		}
	}
	for _, p := range byID {
		w.uncounted[p] = false
	}
	from, to := monthRange(w.first)
	return chunks(ids, func(part []int64) error {
		rows, err := w.tx.Query(`SELECT DISTINCT org_id FROM meetings WHERE org_id IN (`+placeholders(len(part))+`) AND kind = 'regular' AND held_on >= ? AND held_on < ?`,
			append(int64Args(part), from, to)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			w.uncounted[byID[id]] = true
		}
		return rows.Err()
	})
}

// unit is a participating unit's id, path and kind.
type unit struct {
	id   int64
	path string
	kind bontot.OrgKind
}

// unitsNotThrough lists the units (cells, chi bộ cơ sở, đảng bộ cơ sở) with
// a path in [lo, hi) founded after from or ended before to: those that did
// not exist through the whole of [from, to]. Both sets are small and read
// through partial indexes.
func (tx *Tx) unitsNotThrough(lo, hi string, from, to bontot.Date) ([]unit, error) {
	seen := map[int64]bool{}
	var out []unit
	for _, q := range []struct {
		sql string
		day bontot.Date
	}{
		{`SELECT id, path, kind FROM orgs` + tx.s.indexedBy("orgs_units_from") + ` WHERE kind IN ('base_committee', 'base_cell', 'cell') AND valid_from > ? AND path >= ? AND path < ?`, from},
		{`SELECT id, path, kind FROM orgs` + tx.s.indexedBy("orgs_units_to") + ` WHERE kind IN ('base_committee', 'base_cell', 'cell') AND valid_to IS NOT NULL AND valid_to < ? AND path >= ? AND path < ?`, to},
	} {
		rows, err := tx.Query(q.sql, q.day, lo, hi)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var u unit
			if err := rows.Scan(&u.id, &u.path, &u.kind); err != nil {
				rows.Close()
				return nil, err
			}
			if !seen[u.id] {
				seen[u.id] = true
				out = append(out, u)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// late is the number of late cells under path, given its stored cell
// count and counter of cells that met.
func (w *lateWalk) late(path string, cells, held int) int {
	for p, met := range w.uncounted {
		if strings.HasPrefix(p, path) {
			cells--
			if met {
				held--
			}
		}
	}
	return cells - held
}

// heldIn reads the counter of cells that met in the month under org.
func (tx *Tx) heldIn(orgID int64, ym int) (int, error) {
	var held int
	err := tx.QueryRow(`SELECT held FROM meeting_rollup WHERE org_id = ? AND ym = ?`, orgID, ym).Scan(&held)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return held, err
}

// walk puts the late cells under o on the page, in tree order, entering
// only the children that hold some of them.
func (w *lateWalk) walk(o *bontot.Org) error {
	rows, err := w.tx.Query(`SELECT c.id, c.code, c.name, c.kind, c.path, c.cell_count, COALESCE(r.held, 0)
		FROM orgs c LEFT JOIN meeting_rollup r ON r.org_id = c.id AND r.ym = ? WHERE c.parent_id = ? AND c.cell_count > 0`, w.ym, o.ID)
	if err != nil {
		return err
	}
	var kids []*bontot.Org
	var late []int
	for rows.Next() {
		k := &bontot.Org{ParentName: o.Name}
		var held int
		if err := rows.Scan(&k.ID, &k.Code, &k.Name, &k.Kind, &k.Path, &k.CellCount, &held); err != nil {
			rows.Close()
			return err
		}
		kids = append(kids, k)
		late = append(late, w.late(k.Path, k.CellCount, held))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	order := make([]int, len(kids))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(i, j int) bool { return kids[order[i]].Path < kids[order[j]].Path })
	var run pageRun
	read := func(lo, hi string, limit, offset int) error {
		units, err := w.tx.meetingsLateInOrder(lo, hi, w.first, w.last, limit, offset)
		w.out = append(w.out, units...)
		return err
	}
	for _, i := range order {
		k, n := kids[i], late[i]
		switch {
		case w.need == 0:
		case n <= 0: // a run reads every unit of its range: it stops before a child with none
			if err := run.flush(read); err != nil {
				return err
			}
		case w.skip >= n:
			w.skip -= n
		case k.Kind.IsCell() || int64(k.CellCount) <= maxScanUnits:
			run.add(k.Path, n, &w.skip, &w.need)
		default:
			if err := run.flush(read); err != nil {
				return err
			}
			if err := w.walk(k); err != nil {
				return err
			}
		}
	}
	return run.flush(read)
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
	var o *bontot.Org
	err := s.read(ctx, func(tx *Tx) (err error) { o, err = tx.orgByPath(path); return err })
	return o, err
}

func (tx *Tx) orgByPath(path string) (*bontot.Org, error) {
	ids := bontot.PathIDs(path)
	if len(ids) == 0 {
		return nil, bontot.Errorf(bontot.ENOTFOUND, "Không tìm thấy tổ chức.")
	}
	return tx.org(ids[len(ids)-1])
}
