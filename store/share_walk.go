package store

import (
	"slices"
	"strconv"
	"strings"

	"bontot"
)

// Shares of a subtree read from stored counters (registrations by status,
// deployments by step), without visiting every unit. A subtree's figures
// are:
//
//   - its units existing on a day: cells from the stored cell count, đảng bộ
//     cơ sở and chi bộ cơ sở from one range of the orgs_grassroots index,
//     grouped by child;
//   - its counters: the stored rollup row of the organization;
//   - less the few units founded after the day or ended by it, whose own
//     records are still in the counters.
//
// A page of the units that have not done something walks down the tree,
// entering only the children that hold some of them before the page is full.

// counts4 is the four counters of a share.
type counts4 [4]int64

func (c *counts4) plus(o counts4, sign int64) {
	for i := range c {
		c[i] += sign * o[i]
	}
}

// shareKind is what differs between the shares.
type shareKind struct {
	rollup  string // the rollup table, with columns c0..c3 as cols name them
	cols    [4]string
	key     string // the condition on the rollup row r besides r.org_id
	keyArgs []any
	// isUnit tells the organizations the share counts.
	isUnit func(bontot.OrgKind) bool
	// units is the number of units of a subtree from its cell count (less
	// its cells that do not exist on the day), its đảng bộ cơ sở and chi
	// bộ cơ sở existing on the day.
	units func(cells, committees, baseCells int64) int64
	// pending is the number of units of a tally still to list.
	pending func(units int64, c counts4) int64
	// own reads the counters of single units from their records.
	own func(tx *Tx, ids []int64) (map[int64]counts4, error)
	// inOrder reads the pending units with a path in [lo, hi) existing on
	// day, in tree order, limit from offset: one probe per unit of the
	// range.
	inOrder func(tx *Tx, lo, hi string, day bontot.Date, limit, offset int) ([]*bontot.Org, error)
}

// shareNode is an organization and the figures of its subtree.
type shareNode struct {
	org   *bontot.Org
	units int64
	c     counts4
}

func (n shareNode) pending(k *shareKind) int64 { return k.pending(n.units, n.c) }

// shareWalk reads one share on one day.
type shareWalk struct {
	tx   *Tx
	k    *shareKind
	day  bontot.Date
	gone []goneUnit // units of the subtree that do not exist on the day
	// The page being read.
	skip, need int
	page       []*bontot.Org
}

type goneUnit struct {
	unit
	c counts4
}

// readGone reads the units under path that do not exist on the day, with
// their own counters.
func (w *shareWalk) readGone(path string) error {
	lo, hi := subtreeRange(path)
	units, err := w.tx.unitsNotThrough(lo, hi, w.day, bontot.DateOf(w.day.Time().AddDate(0, 0, 1)))
	if err != nil {
		return err
	}
	var ids []int64
	for _, u := range units {
		w.gone = append(w.gone, goneUnit{unit: u})
		ids = append(ids, u.id)
	}
	if len(ids) == 0 {
		return nil
	}
	own, err := w.k.own(w.tx, ids)
	if err != nil {
		return err
	}
	for i := range w.gone {
		w.gone[i].c = own[w.gone[i].id]
	}
	return nil
}

// node makes the figures of the subtree at path from its stored counts.
func (w *shareWalk) node(o *bontot.Org, committees, baseCells int64, c counts4) shareNode {
	cells := int64(o.CellCount)
	for _, g := range w.gone {
		if strings.HasPrefix(g.path, o.Path) {
			if g.kind.IsCell() {
				cells--
			}
			c.plus(g.c, -1)
		}
	}
	return shareNode{org: o, units: w.k.units(cells, committees, baseCells), c: c}
}

// children reads the figures of each child of o, in tree order.
func (w *shareWalk) children(o *bontot.Org) ([]shareNode, error) {
	lo, hi := subtreeRange(o.Path)
	sc := &shareScope{under: o}
	rows, err := w.tx.Query(`SELECT `+w.tx.child()+` AS child, o.kind, COUNT(*) FROM orgs o`+w.tx.s.indexedBy("orgs_grassroots")+`
		WHERE o.kind IN ('base_committee', 'base_cell') AND o.path >= ? AND o.path < ? AND o.valid_from <= ? AND (o.valid_to IS NULL OR o.valid_to > ?)
		GROUP BY child, o.kind`, append(sc.childArgs(), lo, hi, w.day, w.day)...)
	if err != nil {
		return nil, err
	}
	type grassroots struct{ committees, baseCells int64 }
	byChild := map[string]grassroots{}
	for rows.Next() {
		var key string
		var kind bontot.OrgKind
		var n int64
		if err := rows.Scan(&key, &kind, &n); err != nil {
			rows.Close()
			return nil, err
		}
		g := byChild[key]
		if kind == bontot.KindBaseCommittee {
			g.committees += n
		} else {
			g.baseCells += n
		}
		byChild[key] = g
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	k := w.k
	rows, err = w.tx.Query(`SELECT c.id, c.code, c.name, c.kind, c.path, c.cell_count,
		COALESCE(r.`+k.cols[0]+`, 0), COALESCE(r.`+k.cols[1]+`, 0), COALESCE(r.`+k.cols[2]+`, 0), COALESCE(r.`+k.cols[3]+`, 0)
		FROM orgs c LEFT JOIN `+k.rollup+` r ON `+k.key+` AND r.org_id = c.id
		WHERE c.parent_id = ?`, append(slices.Clone(k.keyArgs), o.ID)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []shareNode
	for rows.Next() {
		ch := &bontot.Org{ParentName: o.Name}
		var c counts4
		if err := rows.Scan(&ch.ID, &ch.Code, &ch.Name, &ch.Kind, &ch.Path, &ch.CellCount, &c[0], &c[1], &c[2], &c[3]); err != nil {
			return nil, err
		}
		g := byChild[strconv.FormatInt(ch.ID, 10)]
		out = append(out, w.node(ch, g.committees, g.baseCells, c))
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b shareNode) int { return strings.Compare(a.org.Path, b.org.Path) })
	return out, nil
}

// self is the figures of o as a unit itself: nil unless the share counts it
// and it exists on the day.
func (w *shareWalk) self(o *bontot.Org) (*shareNode, error) {
	if !w.k.isUnit(o.Kind) || o.ValidFrom.After(w.day) || (!o.ValidTo.IsZero() && !o.ValidTo.After(w.day)) {
		return nil, nil
	}
	own, err := w.k.own(w.tx, []int64{o.ID})
	if err != nil {
		return nil, err
	}
	return &shareNode{org: o, units: 1, c: own[o.ID]}, nil
}

// walk puts the pending units under o on the page, in tree order (o itself
// first). It enters the large children that hold some of them; the small
// ones (at most maxScanUnits units), side by side, are read in one range in
// tree order, which costs a probe per unit instead of queries per
// organization entered.
func (w *shareWalk) walk(o *bontot.Org, self *shareNode, kids []shareNode) error {
	if self != nil && self.pending(w.k) > 0 && w.need > 0 {
		if w.skip > 0 {
			w.skip--
		} else {
			w.page = append(w.page, o)
			w.need--
		}
	}
	var run pageRun
	read := func(lo, hi string, limit, offset int) error {
		units, err := w.k.inOrder(w.tx, lo, hi, w.day, limit, offset)
		w.page = append(w.page, units...)
		return err
	}
	for _, ch := range kids {
		n := int(ch.pending(w.k))
		switch {
		case w.need == 0:
		case n <= 0: // a run reads every unit of its range: it stops before a child with none
			if err := run.flush(read); err != nil {
				return err
			}
		case w.skip >= n:
			w.skip -= n
		case ch.units <= maxScanUnits:
			run.add(ch.org.Path, n, &w.skip, &w.need)
		default:
			if err := run.flush(read); err != nil {
				return err
			}
			own, err := w.self(ch.org)
			if err != nil {
				return err
			}
			sub, err := w.children(ch.org)
			if err != nil {
				return err
			}
			if err := w.walk(ch.org, own, sub); err != nil {
				return err
			}
		}
	}
	return run.flush(read)
}

// pageRun gathers, in a page walk, consecutive small children whose
// pending units are read in one range in tree order.
type pageRun struct {
	lo, hi      string
	skip, limit int
}

// add puts the child at path, holding n pending units, into the run: the
// first one takes what remains of the walk's skip; each takes what the page
// still needs.
func (r *pageRun) add(path string, n int, skip, need *int) {
	if r.limit == 0 {
		r.lo, r.skip = path, *skip
		n -= *skip
		*skip = 0
	}
	_, r.hi = subtreeRange(path)
	take := min(n, *need)
	r.limit += take
	*need -= take
}

// flush reads the run's units and starts a new run.
func (r *pageRun) flush(read func(lo, hi string, limit, offset int) error) error {
	if r.limit == 0 {
		return nil
	}
	err := read(r.lo, r.hi, r.limit, r.skip)
	r.limit = 0
	return err
}

// maxScanUnits is the most units of a child the walk reads in tree order
// rather than entering it.
var maxScanUnits int64 = 400

// shareTotals is the figures of the subtree counted for a share seen from
// under (top: under, or the campaign's scope below it): the organization's
// own, its children's and the total, with a page of pending units.
type shareTotals struct {
	self  *shareNode
	kids  []shareNode
	total shareNode
	page  []*bontot.Org
}

func (w *shareWalk) read(top *bontot.Org, limit, offset int) (*shareTotals, error) {
	if err := w.readGone(top.Path); err != nil {
		return nil, err
	}
	out := &shareTotals{total: shareNode{org: top}}
	var err error
	if out.kids, err = w.children(top); err != nil {
		return nil, err
	}
	if out.self, err = w.self(top); err != nil {
		return nil, err
	}
	if out.self != nil {
		out.total.units += out.self.units
		out.total.c.plus(out.self.c, 1)
	}
	for _, k := range out.kids {
		out.total.units += k.units
		out.total.c.plus(k.c, 1)
	}
	switch {
	case limit <= 0:
	case limit > maxWalkedPage:
		lo, hi := subtreeRange(top.Path)
		if out.page, err = w.k.inOrder(w.tx, lo, hi, w.day, limit, offset); err != nil {
			return nil, err
		}
	default:
		w.skip, w.need = offset, limit
		if err := w.walk(top, out.self, out.kids); err != nil {
			return nil, err
		}
		out.page = w.page
	}
	return out, nil
}

// maxWalkedPage is the longest page of a late list read by walking down the
// tree; longer ones (exports, reminders to all) read the units in tree order.
const maxWalkedPage = 1000
