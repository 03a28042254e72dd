package store

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"bontot"
)

// The registration_rollup counters (migration 0010): for a campaign year
// and an organization, the registrations of its subtree by status. The
// shares of a subtree are then its stored counters, its stored cell count
// and its đảng bộ cơ sở (one index range, per child), less the few units
// founded after the day or ended by it.

// regCount is registrations by status.
type regCount struct{ draft, sent, acknowledged, returned int64 }

func (c *regCount) add(st bontot.RegStatus, n int64) {
	switch st {
	case bontot.RegDraft:
		c.draft += n
	case bontot.RegSent:
		c.sent += n
	case bontot.RegAcknowledged:
		c.acknowledged += n
	case bontot.RegReturned:
		c.returned += n
	}
}

func (c *regCount) plus(o regCount, sign int64) {
	c.draft += sign * o.draft
	c.sent += sign * o.sent
	c.acknowledged += sign * o.acknowledged
	c.returned += sign * o.returned
}

// addRegistrationRollup moves a registration of the unit at path from
// status from to status to ("" for none) in the counters of the unit and
// of every organization above it.
func (tx *Tx) addRegistrationRollup(campaignID int64, year int, path string, from, to bontot.RegStatus) error {
	var d regCount
	d.add(from, -1)
	d.add(to, 1)
	deltas := map[int64]regCount{}
	for _, id := range bontot.PathIDs(path) {
		deltas[id] = d
	}
	return tx.applyRegistrationRollup(campaignID, year, deltas)
}

// applyRegistrationRollup adds deltas to the counters of a campaign year,
// creating missing rows, in id order.
func (tx *Tx) applyRegistrationRollup(campaignID int64, year int, deltas map[int64]regCount) error {
	ids := make([]int64, 0, len(deltas))
	for id, d := range deltas {
		if d != (regCount{}) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	const per = 200
	for len(ids) > 0 {
		part := ids[:min(per, len(ids))]
		ids = ids[len(part):]
		args := make([]any, 0, 7*len(part))
		for _, id := range part {
			d := deltas[id]
			args = append(args, campaignID, year, id, d.draft, d.sent, d.acknowledged, d.returned)
		}
		if _, err := tx.Exec(multiRowSQL(`INSERT INTO registration_rollup (campaign_id, year, org_id, draft, sent, acknowledged, returned) VALUES `,
			"(?, ?, ?, ?, ?, ?, ?)", len(part))+` ON CONFLICT (campaign_id, year, org_id) DO UPDATE SET
			draft = registration_rollup.draft + excluded.draft, sent = registration_rollup.sent + excluded.sent,
			acknowledged = registration_rollup.acknowledged + excluded.acknowledged, returned = registration_rollup.returned + excluded.returned`,
			args...); err != nil {
			return err
		}
	}
	return nil
}

// moveRegistrationRollup moves the counters of o's subtree from the
// organizations above its old place to those above its new one.
func (tx *Tx) moveRegistrationRollup(o, oldParent, newParent *bontot.Org) error {
	rows, err := tx.Query(`SELECT campaign_id, year, draft, sent, acknowledged, returned FROM registration_rollup WHERE org_id = ?`, o.ID)
	if err != nil {
		return err
	}
	type cy struct {
		campaign int64
		year     int
	}
	moved := map[cy]regCount{}
	for rows.Next() {
		var k cy
		var c regCount
		if err := rows.Scan(&k.campaign, &k.year, &c.draft, &c.sent, &c.acknowledged, &c.returned); err != nil {
			rows.Close()
			return err
		}
		moved[k] = c
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for k, c := range moved {
		deltas := map[int64]regCount{}
		if oldParent != nil {
			for _, id := range bontot.PathIDs(oldParent.Path) {
				d := deltas[id]
				d.plus(c, -1)
				deltas[id] = d
			}
		}
		for _, id := range bontot.PathIDs(newParent.Path) {
			d := deltas[id]
			d.plus(c, 1)
			deltas[id] = d
		}
		if err := tx.applyRegistrationRollup(k.campaign, k.year, deltas); err != nil {
			return err
		}
	}
	return nil
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
	counts := map[cy]map[int64]regCount{}
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
			m = map[int64]regCount{}
			counts[k] = m
		}
		for _, id := range bontot.PathIDs(path) {
			c := m[id]
			c.add(st, 1)
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

// regShares reads the registration shares of one campaign year on a day.
type regShares struct {
	tx       *Tx
	campaign int64
	year     int
	day      bontot.Date
	// The units of the subtree that do not exist on the day, with the
	// status of their registration ("" for none): they are in the stored
	// counts and must come off.
	gone []goneUnit
	// The page of units without a counting registration being read.
	skip, need int
	page       []*RegistrationGap
}

type goneUnit struct {
	unit
	status bontot.RegStatus
}

// readUncounted reads the units under path that do not exist on the day.
func (rs *regShares) readUncounted(path string) error {
	lo, hi := subtreeRange(path)
	units, err := rs.tx.unitsNotThrough(lo, hi, rs.day, bontot.DateOf(rs.day.Time().AddDate(0, 0, 1)))
	if err != nil || len(units) == 0 {
		return err
	}
	byID := map[int64]int{}
	ids := make([]int64, len(units))
	for i, u := range units {
		rs.gone = append(rs.gone, goneUnit{unit: u})
		byID[u.id], ids[i] = i, u.id
	}
	return chunks(ids, func(part []int64) error {
		rows, err := rs.tx.Query(`SELECT org_id, status FROM registrations WHERE campaign_id = ? AND year = ? AND org_id IN (`+placeholders(len(part))+`)`,
			append([]any{rs.campaign, rs.year}, int64Args(part)...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var st bontot.RegStatus
			if err := rows.Scan(&id, &st); err != nil {
				return err
			}
			rs.gone[byID[id]].status = st
		}
		return rows.Err()
	})
}

// tally makes the shares of the subtree at path from its stored counts:
// cells (the organization's cell count), đảng bộ cơ sở existing on the day
// and registrations by status, less the units that do not exist on the day.
func (rs *regShares) tally(path string, cells, committees int64, c regCount) bontot.RegistrationTally {
	for _, g := range rs.gone {
		if strings.HasPrefix(g.path, path) {
			if g.kind.IsCell() {
				cells--
			}
			c.add(g.status, -1)
		}
	}
	return bontot.RegistrationTally{Units: cells + committees, Draft: c.draft, Sent: c.sent, Acknowledged: c.acknowledged, Returned: c.returned}
}

// regChild is a child organization and the shares of its subtree.
type regChild struct {
	org   *bontot.Org
	tally bontot.RegistrationTally
}

// children reads the shares of each child of o, in tree order: one range
// over the đảng bộ cơ sở under o, one read of the children with their
// counters.
func (rs *regShares) children(o *bontot.Org) ([]regChild, error) {
	lo, hi := subtreeRange(o.Path)
	sc := &shareScope{under: o}
	rows, err := rs.tx.Query(`SELECT `+rs.tx.child()+` AS child, COUNT(*) FROM orgs o`+rs.tx.s.indexedBy("orgs_committees")+`
		WHERE o.kind = 'base_committee' AND o.path >= ? AND o.path < ? AND o.valid_from <= ? AND (o.valid_to IS NULL OR o.valid_to > ?)
		GROUP BY child`, append(sc.childArgs(), lo, hi, rs.day, rs.day)...)
	if err != nil {
		return nil, err
	}
	committees := map[string]int64{}
	for rows.Next() {
		var key string
		var n int64
		if err := rows.Scan(&key, &n); err != nil {
			rows.Close()
			return nil, err
		}
		committees[key] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = rs.tx.Query(`SELECT c.id, c.code, c.name, c.kind, c.path, c.cell_count,
		COALESCE(r.draft, 0), COALESCE(r.sent, 0), COALESCE(r.acknowledged, 0), COALESCE(r.returned, 0)
		FROM orgs c LEFT JOIN registration_rollup r ON r.campaign_id = ? AND r.year = ? AND r.org_id = c.id
		WHERE c.parent_id = ?`, rs.campaign, rs.year, o.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []regChild
	for rows.Next() {
		k := &bontot.Org{ParentName: o.Name}
		var c regCount
		if err := rows.Scan(&k.ID, &k.Code, &k.Name, &k.Kind, &k.Path, &k.CellCount, &c.draft, &c.sent, &c.acknowledged, &c.returned); err != nil {
			return nil, err
		}
		out = append(out, regChild{org: k, tally: rs.tally(k.Path, int64(k.CellCount), committees[strconv.FormatInt(k.ID, 10)], c)})
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b regChild) int { return strings.Compare(a.org.Path, b.org.Path) })
	return out, nil
}

// own is the share of o as a unit itself: nil unless it registers targets
// and exists on the day.
func (rs *regShares) own(o *bontot.Org) (*bontot.RegistrationTally, error) {
	if !RegistersTargets(o.Kind) || o.ValidFrom.After(rs.day) || (!o.ValidTo.IsZero() && !o.ValidTo.After(rs.day)) {
		return nil, nil
	}
	var st bontot.RegStatus
	if err := rs.tx.QueryRow(`SELECT COALESCE(MAX(status), '') FROM registrations WHERE campaign_id = ? AND year = ? AND org_id = ?`,
		rs.campaign, rs.year, o.ID).Scan(&st); err != nil {
		return nil, err
	}
	var c regCount
	c.add(st, 1)
	return &bontot.RegistrationTally{Units: 1, Draft: c.draft, Sent: c.sent, Acknowledged: c.acknowledged, Returned: c.returned}, nil
}

// walk puts the units under o without a counting registration on the page,
// in tree order (o itself first), entering only the children that hold
// some of them before the page is full.
func (rs *regShares) walk(o *bontot.Org, self *bontot.RegistrationTally, kids []regChild) error {
	emit := func(u *bontot.Org) {
		if rs.skip > 0 {
			rs.skip--
			return
		}
		rs.page = append(rs.page, &RegistrationGap{OrgID: u.ID, Code: u.Code, Name: u.Name, Kind: u.Kind, ParentName: u.ParentName})
		rs.need--
	}
	if self != nil && self.Unsent() > 0 && rs.need > 0 {
		emit(o)
	}
	for _, k := range kids {
		n := int(k.tally.Unsent())
		switch {
		case rs.need == 0:
			return nil
		case n <= 0:
		case rs.skip >= n:
			rs.skip -= n
		case k.org.Kind.IsCell():
			emit(k.org)
		default:
			own, err := rs.own(k.org)
			if err != nil {
				return err
			}
			sub, err := rs.children(k.org)
			if err != nil {
				return err
			}
			if err := rs.walk(k.org, own, sub); err != nil {
				return err
			}
		}
	}
	return nil
}

// fillStatuses reads the registration (id and status) of each unit on the page.
func (rs *regShares) fillStatuses() error {
	byID := map[int64]*RegistrationGap{}
	ids := make([]int64, 0, len(rs.page))
	for _, g := range rs.page {
		byID[g.OrgID] = g
		ids = append(ids, g.OrgID)
	}
	return chunks(ids, func(part []int64) error {
		rows, err := rs.tx.Query(`SELECT org_id, id, status FROM registrations WHERE campaign_id = ? AND year = ? AND org_id IN (`+placeholders(len(part))+`)`,
			append([]any{rs.campaign, rs.year}, int64Args(part)...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, reg int64
			var st bontot.RegStatus
			if err := rows.Scan(&id, &reg, &st); err != nil {
				return err
			}
			byID[id].RegistrationID, byID[id].Status = reg, st
		}
		return rows.Err()
	})
}
