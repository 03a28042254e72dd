package store

import (
	"context"
	"slices"
	"strings"

	"bontot"
)

// The registration_rollup counters (migration 0010): for a campaign year
// and an organization, the registrations of its subtree by status. Every
// registration write adds its difference to the rows of the unit and of the
// organizations above it; re-parenting moves them (share_walk.go reads them).

// regIndex is the counter of each status.
var regIndex = map[bontot.RegStatus]int{bontot.RegDraft: 0, bontot.RegSent: 1, bontot.RegAcknowledged: 2, bontot.RegReturned: 3}

// regCounts is one registration in status st as counters.
func regCounts(st bontot.RegStatus) counts4 {
	var c counts4
	if i, ok := regIndex[st]; ok {
		c[i] = 1
	}
	return c
}

// registrationShare is the share of a campaign year's registrations.
func registrationShare(campaignID int64, year int) *shareKind {
	return &shareKind{
		rollup:  "registration_rollup",
		cols:    [4]string{"draft", "sent", "acknowledged", "returned"},
		key:     "r.campaign_id = ? AND r.year = ?",
		keyArgs: []any{campaignID, year},
		isUnit:  RegistersTargets,
		inOrder: func(tx *Tx, lo, hi string, day bontot.Date, limit, offset int) ([]*bontot.Org, error) {
			return tx.unsentInOrder(campaignID, year, lo, hi, day, limit, offset)
		},
		units:   func(cells, committees, _ int64) int64 { return cells + committees },
		pending: func(units int64, c counts4) int64 { return units - c[1] - c[2] },
		own: func(tx *Tx, ids []int64) (map[int64]counts4, error) {
			out := map[int64]counts4{}
			err := tx.eachRegistration(campaignID, year, ids, func(orgID, _ int64, st bontot.RegStatus) { out[orgID] = regCounts(st) })
			return out, err
		},
	}
}

func (c counts4) registrationTally(units int64) bontot.RegistrationTally {
	return bontot.RegistrationTally{Units: units, Draft: c[0], Sent: c[1], Acknowledged: c[2], Returned: c[3]}
}

// eachRegistration calls fn with the registration (id and status) of each
// of the units ids that has one for the campaign year.
func (tx *Tx) eachRegistration(campaignID int64, year int, ids []int64, fn func(orgID, id int64, st bontot.RegStatus)) error {
	return chunks(ids, func(part []int64) error {
		rows, err := tx.Query(`SELECT org_id, id, status FROM registrations WHERE campaign_id = ? AND year = ? AND org_id IN (`+placeholders(len(part))+`)`,
			append([]any{campaignID, year}, int64Args(part)...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var org, id int64
			var st bontot.RegStatus
			if err := rows.Scan(&org, &id, &st); err != nil {
				return err
			}
			fn(org, id, st)
		}
		return rows.Err()
	})
}

// addRegistrationRollup moves a registration of the unit at path from
// status from to status to ("" for none) in the counters of the unit and
// of every organization above it.
func (tx *Tx) addRegistrationRollup(campaignID int64, year int, path string, from, to bontot.RegStatus) error {
	d := regCounts(to)
	d.plus(regCounts(from), -1)
	deltas := map[int64]counts4{}
	for _, id := range bontot.PathIDs(path) {
		deltas[id] = d
	}
	return tx.applyRegistrationRollup(campaignID, year, deltas)
}

// applyRegistrationRollup adds deltas to the counters of a campaign year,
// creating missing rows, in id order.
func (tx *Tx) applyRegistrationRollup(campaignID int64, year int, deltas map[int64]counts4) error {
	return tx.upsertCounters(`INSERT INTO registration_rollup (campaign_id, year, org_id, draft, sent, acknowledged, returned) VALUES `,
		"(?, ?, ?, ?, ?, ?, ?)", ` ON CONFLICT (campaign_id, year, org_id) DO UPDATE SET
			draft = registration_rollup.draft + excluded.draft, sent = registration_rollup.sent + excluded.sent,
			acknowledged = registration_rollup.acknowledged + excluded.acknowledged, returned = registration_rollup.returned + excluded.returned`,
		[]any{campaignID, year}, deltas)
}

// upsertCounters upserts the deltas of a rollup table: each row is the key
// values, the organization and the four counters; the tail adds them up
// on conflict. Rows go in id order.
func (tx *Tx) upsertCounters(head, row, tail string, key []any, deltas map[int64]counts4) error {
	ids := make([]int64, 0, len(deltas))
	for id, d := range deltas {
		if d != (counts4{}) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	const per = 200
	for len(ids) > 0 {
		part := ids[:min(per, len(ids))]
		ids = ids[len(part):]
		args := make([]any, 0, (len(key)+5)*len(part))
		for _, id := range part {
			d := deltas[id]
			args = append(append(args, key...), id, d[0], d[1], d[2], d[3])
		}
		if _, err := tx.Exec(multiRowSQL(head, row, len(part))+tail, args...); err != nil {
			return err
		}
	}
	return nil
}

// moveRollup moves the rows of a rollup table of o's subtree (one per key,
// keyCols naming the key columns) from the organizations above its old
// place to those above its new one, through apply.
func (tx *Tx) moveRollup(table, keyCols string, cols [4]string, o, oldParent, newParent *bontot.Org, apply func(key []any, deltas map[int64]counts4) error) error {
	nkey := len(strings.Split(keyCols, ","))
	rows, err := tx.Query(`SELECT `+keyCols+`, `+cols[0]+`, `+cols[1]+`, `+cols[2]+`, `+cols[3]+` FROM `+table+` WHERE org_id = ?`, o.ID)
	if err != nil {
		return err
	}
	type moved struct {
		key []any
		c   counts4
	}
	var all []moved
	for rows.Next() {
		key := make([]int64, nkey)
		var m moved
		dest := make([]any, 0, nkey+4)
		for i := range key {
			dest = append(dest, &key[i])
		}
		dest = append(dest, &m.c[0], &m.c[1], &m.c[2], &m.c[3])
		if err := rows.Scan(dest...); err != nil {
			rows.Close()
			return err
		}
		for _, k := range key {
			m.key = append(m.key, k)
		}
		all = append(all, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, m := range all {
		deltas := map[int64]counts4{}
		if oldParent != nil {
			for _, id := range bontot.PathIDs(oldParent.Path) {
				d := deltas[id]
				d.plus(m.c, -1)
				deltas[id] = d
			}
		}
		for _, id := range bontot.PathIDs(newParent.Path) {
			d := deltas[id]
			d.plus(m.c, 1)
			deltas[id] = d
		}
		if err := apply(m.key, deltas); err != nil {
			return err
		}
	}
	return nil
}

// moveRegistrationRollup moves the registration counters of o's subtree.
func (tx *Tx) moveRegistrationRollup(o, oldParent, newParent *bontot.Org) error {
	return tx.moveRollup("registration_rollup", "campaign_id, year", [4]string{"draft", "sent", "acknowledged", "returned"}, o, oldParent, newParent,
		func(key []any, deltas map[int64]counts4) error {
			return tx.applyRegistrationRollup(key[0].(int64), int(key[1].(int64)), deltas)
		})
}

// RecountRegistrations rebuilds the registration counters from the
// registrations, for rows written around the store.
func (s *Store) RecountRegistrations(ctx context.Context) error {
	return s.tx(ctx, (*Tx).recountRegistrations)
}

func (tx *Tx) recountRegistrations() error {
	if _, err := tx.Exec(`DELETE FROM registration_rollup`); err != nil {
		return err
	}
	rows, err := tx.Query(`SELECT r.campaign_id, r.year, o.path, r.status FROM registrations r JOIN orgs o ON o.id = r.org_id`)
	if err != nil {
		return err
	}
	type cy struct {
		campaign int64
		year     int
	}
	counts := map[cy]map[int64]counts4{}
	for rows.Next() {
		var k cy
		var path string
		var st bontot.RegStatus
		if err := rows.Scan(&k.campaign, &k.year, &path, &st); err != nil {
			rows.Close()
			return err
		}
		m := counts[k]
		if m == nil {
			m = map[int64]counts4{}
			counts[k] = m
		}
		one := regCounts(st)
		for _, id := range bontot.PathIDs(path) {
			c := m[id]
			c.plus(one, 1)
			m[id] = c
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for k, m := range counts {
		if err := tx.applyRegistrationRollup(k.campaign, k.year, m); err != nil {
			return err
		}
	}
	return nil
}
