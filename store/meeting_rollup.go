package store

import (
	"context"
	"slices"
	"time"

	"bontot"
)

// The meeting_rollup counters (migration 0008): for an organization and a
// month, how many cells of its subtree met at least once regularly. Every
// write of meetings ends with touchMonths on the cell-months it may have
// changed; re-parenting moves an organization's counters with it.

// cellMonth is a cell, its path and a month (ym) whose regular meetings
// may have changed.
type cellMonth struct {
	cell int64
	path string
	ym   int
}

// touchMonths brings the counters up to date for the given cell-months: a
// cell-month that now has a regular meeting and was not counted adds one to
// the cell and to each organization above it; one counted that has none
// any more takes one away.
func (tx *Tx) touchMonths(cms []cellMonth) error {
	paths := map[int64]string{}
	want := map[cellMonth]bool{}
	lo, hi := 999999, 0
	for _, cm := range cms {
		cm := cellMonth{cell: cm.cell, ym: cm.ym}
		want[cm] = false
		lo, hi = min(lo, cm.ym), max(hi, cm.ym)
	}
	for _, cm := range cms {
		paths[cm.cell] = cm.path
	}
	if len(want) == 0 {
		return nil
	}
	cells := make([]int64, 0, len(paths))
	for id := range paths {
		cells = append(cells, id)
	}
	slices.Sort(cells)
	from := bontot.NewDate(lo/100, monthOfYM(lo), 1)
	to := bontot.NewDate(hi/100, monthOfYM(hi)+1, 1)
	was := map[cellMonth]int{}
	err := chunks(cells, func(part []int64) error {
		rows, err := tx.Query(`SELECT org_id, held_on FROM meetings WHERE org_id IN (`+placeholders(len(part))+`) AND kind = 'regular' AND held_on >= ? AND held_on < ?`,
			append(int64Args(part), from, to)...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var cm cellMonth
			var d bontot.Date
			if err := rows.Scan(&cm.cell, &d); err != nil {
				rows.Close()
				return err
			}
			cm.ym = ymOf(d)
			if _, ok := want[cm]; ok {
				want[cm] = true
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = tx.Query(`SELECT org_id, ym, held FROM meeting_rollup WHERE org_id IN (`+placeholders(len(part))+`) AND ym >= ? AND ym <= ?`,
			append(int64Args(part), lo, hi)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var cm cellMonth
			var held int
			if err := rows.Scan(&cm.cell, &cm.ym, &held); err != nil {
				return err
			}
			was[cm] = held
		}
		return rows.Err()
	})
	if err != nil {
		return err
	}
	deltas := map[monthKey]int{}
	for cm, has := range want {
		d := -was[cm]
		if has {
			d++
		}
		if d == 0 {
			continue
		}
		for _, id := range bontot.PathIDs(paths[cm.cell]) {
			deltas[monthKey{id, cm.ym}] += d
		}
	}
	return tx.addMeetingRollup(deltas)
}

// monthOfYM is the month of a ym key.
func monthOfYM(ym int) time.Month { return time.Month(ym % 100) }

type monthKey struct {
	org int64
	ym  int
}

// addMeetingRollup adds deltas to the counters, creating missing rows, in
// key order so that concurrent writers take their row locks in one order.
func (tx *Tx) addMeetingRollup(deltas map[monthKey]int) error {
	keys := make([]monthKey, 0, len(deltas))
	for k, d := range deltas {
		if d != 0 {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b monthKey) int {
		if a.org != b.org {
			return int(a.org - b.org)
		}
		return a.ym - b.ym
	})
	const per = 300
	for len(keys) > 0 {
		part := keys[:min(per, len(keys))]
		keys = keys[len(part):]
		args := make([]any, 0, 3*len(part))
		for _, k := range part {
			args = append(args, k.org, k.ym, deltas[k])
		}
		if _, err := tx.Exec(multiRowSQL(`INSERT INTO meeting_rollup (org_id, ym, held) VALUES `, "(?, ?, ?)", len(part))+
			` ON CONFLICT (org_id, ym) DO UPDATE SET held = meeting_rollup.held + excluded.held`, args...); err != nil {
			return err
		}
	}
	return nil
}

// moveMeetingRollup moves the counters of o's subtree from the
// organizations above its old place to those above its new one.
func (tx *Tx) moveMeetingRollup(o, oldParent, newParent *bontot.Org) error {
	rows, err := tx.Query(`SELECT ym, held FROM meeting_rollup WHERE org_id = ? AND held <> 0`, o.ID)
	if err != nil {
		return err
	}
	deltas := map[monthKey]int{}
	for rows.Next() {
		var ym, held int
		if err := rows.Scan(&ym, &held); err != nil {
			rows.Close()
			return err
		}
		if oldParent != nil {
			for _, id := range bontot.PathIDs(oldParent.Path) {
				deltas[monthKey{id, ym}] -= held
			}
		}
		for _, id := range bontot.PathIDs(newParent.Path) {
			deltas[monthKey{id, ym}] += held
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	return tx.addMeetingRollup(deltas)
}

// RecountMeetings rebuilds the meeting counters from the meetings, for
// rows written around the store.
func (s *Store) RecountMeetings(ctx context.Context) error {
	return s.tx(ctx, (*Tx).recountMeetingMonths)
}

func (tx *Tx) recountMeetingMonths() error {
	if _, err := tx.Exec(`DELETE FROM meeting_rollup`); err != nil {
		return err
	}
	rows, err := tx.Query(`SELECT m.org_id, o.path, m.held_on FROM meetings m JOIN orgs o ON o.id = m.org_id WHERE m.kind = 'regular'`)
	if err != nil {
		return err
	}
	seen := map[monthKey]bool{}
	deltas := map[monthKey]int{}
	for rows.Next() {
		var cell int64
		var path string
		var d bontot.Date
		if err := rows.Scan(&cell, &path, &d); err != nil {
			rows.Close()
			return err
		}
		k := monthKey{cell, ymOf(d)}
		if seen[k] {
			continue
		}
		seen[k] = true
		for _, id := range bontot.PathIDs(path) {
			deltas[monthKey{id, k.ym}]++
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	return tx.addMeetingRollup(deltas)
}
