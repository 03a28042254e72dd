package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"bontot"
)

// Launch, deployment and registration of emulation targets (DOMAIN.md §1,
// issue 4 items 1–2). The shares of a subtree come from stored counters kept
// by the writes (deployment_rollup, registration_rollup, the cell counts) and
// one index range over its grassroots organizations (share_walk.go). Measured
// on the national shape (TestMovementSharesScale, 352,000 organizations, one
// campaign), see docs/performance.md.

// Which organizations take part.
const (
	// grassrootsKinds hold a launch and make up the "100% deployed" figure
	// the city reports: every grassroots party organization (TCCSĐ) records
	// its launch, dissemination and deployment; its cells follow its plan.
	grassrootsKinds = `('base_committee', 'base_cell')`
	// registrationKinds register targets: every unit the yearly assessment scores.
	registrationKinds = `('base_committee', 'base_cell', 'cell')`
)

// RecordsDeployment reports whether an organization of kind k records a
// campaign's launch and deployment: a grassroots organization.
func RecordsDeployment(k bontot.OrgKind) bool { return k.IsGrassroots() }

// RegistersTargets reports whether an organization of kind k registers
// emulation targets: every unit the yearly assessment scores.
func RegistersTargets(k bontot.OrgKind) bool {
	_, ok := bontot.AssessedAs(k)
	return ok
}

// ---------------------------------------------------------------- deployments

const deploymentColumns = `d.id, d.campaign_id, d.org_id, o.name, o.path, d.launched_on, d.participants, d.launch_document,
	d.disseminated_on, d.deployed_on, d.note, d.username, d.updated_at`

func scanDeployment(sc interface{ Scan(...any) error }) (*bontot.Deployment, error) {
	d := &bontot.Deployment{}
	err := sc.Scan(&d.ID, &d.CampaignID, &d.OrgID, &d.OrgName, &d.OrgPath, &d.LaunchedOn, &d.Participants, &d.LaunchDocument,
		&d.DisseminatedOn, &d.DeployedOn, &d.Note, &d.Username, &d.UpdatedAt)
	return d, err
}

// Deployment returns what an organization recorded of a campaign's launch
// and deployment, or nil when it has recorded nothing.
func (s *Store) Deployment(ctx context.Context, campaignID, orgID int64) (*bontot.Deployment, error) {
	var d *bontot.Deployment
	err := s.read(ctx, func(tx *Tx) (err error) { d, err = tx.deployment(campaignID, orgID); return err })
	return d, err
}

func (tx *Tx) deployment(campaignID, orgID int64) (*bontot.Deployment, error) {
	d, err := scanDeployment(tx.QueryRow(`SELECT `+deploymentColumns+` FROM deployments d JOIN orgs o ON o.id = d.org_id
		WHERE d.campaign_id = ? AND d.org_id = ?`, campaignID, orgID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return d, err
}

// SaveDeployment records (or corrects) an organization's launch,
// dissemination and deployment of a campaign. The organization must record
// deployments (a grassroots organization or a cell) inside the campaign's
// scope; dates lie between the year before the campaign and its end, and not
// after today.
func (s *Store) SaveDeployment(ctx context.Context, a Actor, d *bontot.Deployment) error {
	d.Normalize()
	if err := d.Validate(s.Today()); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *Tx) error {
		c, err := tx.campaign(d.CampaignID)
		if err != nil {
			return err
		}
		o, err := tx.org(d.OrgID)
		if err != nil {
			return err
		}
		if !RecordsDeployment(o.Kind) || !strings.HasPrefix(o.Path, c.ScopePath) {
			return bontot.Errorf(bontot.ENOTFOUND, "“%s” không tham gia phong trào “%s”.", o.Name, c.Name)
		}
		first, last := bontot.NewDate(c.FromYear-1, 1, 1), bontot.NewDate(c.ToYear, 12, 31)
		fe := bontot.FieldErrors{}
		for _, f := range []struct {
			name string
			v    bontot.Date
		}{{"launched_on", d.LaunchedOn}, {"disseminated_on", d.DisseminatedOn}, {"deployed_on", d.DeployedOn}} {
			if !f.v.IsZero() && (f.v.Before(first) || f.v.After(last)) {
				fe.Add(f.name, fmt.Sprintf("Ngày phải trong giai đoạn của phong trào (%d–%d).", c.FromYear, c.ToYear))
			}
		}
		if err := fe.Err(); err != nil {
			return err
		}
		old, err := tx.deployment(c.ID, o.ID)
		if err != nil {
			return err
		}
		if old == nil {
			old = &bontot.Deployment{}
			d.ID, err = tx.insert(`INSERT INTO deployments (campaign_id, org_id, launched_on, participants, launch_document, disseminated_on, deployed_on,
				note, user_id, username, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				c.ID, o.ID, d.LaunchedOn, d.Participants, d.LaunchDocument, d.DisseminatedOn, d.DeployedOn, d.Note, nullInt(a.UserID), a.Username, tx.now, tx.now)
		} else {
			d.ID = old.ID
			_, err = tx.Exec(`UPDATE deployments SET launched_on = ?, participants = ?, launch_document = ?, disseminated_on = ?, deployed_on = ?,
				note = ?, user_id = ?, username = ?, updated_at = ? WHERE id = ?`,
				d.LaunchedOn, d.Participants, d.LaunchDocument, d.DisseminatedOn, d.DeployedOn, d.Note, nullInt(a.UserID), a.Username, tx.now, d.ID)
		}
		if err != nil {
			return err
		}
		if err := tx.addDeploymentRollup(c.ID, o.Path, old, d); err != nil {
			return err
		}
		d.OrgName, d.OrgPath, d.Username, d.UpdatedAt = o.Name, o.Path, a.Username, tx.now
		var changes []bontot.Change
		add := func(field, was, is string) {
			if was != is {
				changes = append(changes, bontot.Change{Field: field, Old: was, New: is})
			}
		}
		add("Ngày phát động", old.LaunchedOn.String(), d.LaunchedOn.String())
		add("Số người dự", strconv.Itoa(old.Participants), strconv.Itoa(d.Participants))
		add("Văn bản phát động", old.LaunchDocument, d.LaunchDocument)
		add("Ngày quán triệt", old.DisseminatedOn.String(), d.DisseminatedOn.String())
		add("Ngày triển khai", old.DeployedOn.String(), d.DeployedOn.String())
		add("Ghi chú", old.Note, d.Note)
		return tx.audit(a, "deployment.save", "org", o.ID, o.Path, fmt.Sprintf("Ghi nhận phát động, triển khai phong trào “%s” của “%s”", c.Name, o.Name), changes)
	})
}

// ---------------------------------------------------------------- shares

// shareScope is the part of the tree a share covers: the subtree of under,
// cut to the campaign's scope, counting organizations that exist on day.
type shareScope struct {
	under  *bontot.Org
	lo, hi string
	empty  bool // the subtree and the campaign's scope do not meet
	day    bontot.Date
}

// movementScope reads the organization a share is about and its campaign.
// The day is today, or the campaign's (or the year's) last day once it is
// over: a unit dissolved before it, or founded after it, is not counted.
func (tx *Tx) movementScope(campaignID int64, year int, under string) (*bontot.Campaign, *shareScope, error) {
	c, err := tx.campaign(campaignID)
	if err != nil {
		return nil, nil, err
	}
	ids := bontot.PathIDs(under)
	if len(ids) == 0 {
		return nil, nil, bontot.Errorf(bontot.ENOTFOUND, "Không tìm thấy tổ chức.")
	}
	o, err := tx.org(ids[len(ids)-1])
	if err != nil {
		return nil, nil, err
	}
	end := bontot.NewDate(c.ToYear, 12, 31)
	if year != 0 {
		end = bontot.NewDate(year, 12, 31)
	}
	sc := &shareScope{under: o, day: bontot.Today(tx.now)}
	if end.Before(sc.day) {
		sc.day = end
	}
	switch {
	case strings.HasPrefix(o.Path, c.ScopePath):
		sc.lo, sc.hi = subtreeRange(o.Path)
	case strings.HasPrefix(c.ScopePath, o.Path):
		sc.lo, sc.hi = subtreeRange(c.ScopePath)
	default:
		sc.empty = true
	}
	return c, sc, nil
}

// units is the condition on o for an organization with a path in [lo, hi)
// that exists on a day; its arguments are lo, hi, day, day.
const units = `o.path >= ? AND o.path < ? AND o.valid_from <= ? AND (o.valid_to IS NULL OR o.valid_to > ?)`

// child is an expression giving, for an organization o of the subtree, the
// id (as text) of the child of under whose subtree holds it, or an empty text for
// under itself; its arguments are childArgs. Grouping by it makes the
// per-child tallies one range scan.
func (tx *Tx) child() string {
	strpos := "instr"
	if tx.s.engine == Postgres {
		strpos = "strpos"
	}
	return `CASE WHEN o.path = ? THEN '' ELSE substr(o.path, ?, ` + strpos + `(substr(o.path, ?), '/') - 1) END`
}

func (sc *shareScope) childArgs() []any {
	n := len(sc.under.Path) + 1
	return []any{sc.under.Path, n, n}
}

// OrgShare names a child organization of a share, for drill-down.
type OrgShare struct {
	ID   int64
	Name string
	Kind bontot.OrgKind
	Path string
}

// shareChildren reads the direct children of under, in tree order.
func (tx *Tx) shareChildren(under int64) ([]OrgShare, error) {
	rows, err := tx.Query(`SELECT o.id, o.name, o.kind, o.path FROM orgs o WHERE o.parent_id = ? ORDER BY `+kindRank+`, o.name_key, o.id`, under)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OrgShare
	for rows.Next() {
		var c OrgShare
		if err := rows.Scan(&c.ID, &c.Name, &c.Kind, &c.Path); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// DeploymentChild is the deployment tally of a child organization's subtree.
type DeploymentChild struct {
	Org   OrgShare
	Tally bontot.DeploymentTally
}

// DeploymentGap is a grassroots organization that has not both launched and
// deployed, with what it has recorded.
type DeploymentGap struct {
	OrgID          int64
	Name           string
	Kind           bontot.OrgKind
	ParentName     string
	LaunchedOn     bontot.Date
	DisseminatedOn bontot.Date
	DeployedOn     bontot.Date
}

// DeploymentSummary is the "100% deployed" figure of a subtree for a
// campaign: how many of its grassroots organizations (base committees and
// base cells) launched, disseminated and deployed it; the same per child
// (children without grassroots organizations are left out); and a page of
// the grassroots organizations that have not both launched and deployed,
// in tree order.
type DeploymentSummary struct {
	Day      bontot.Date // the organizations counted are those existing on this day
	Total    bontot.DeploymentTally
	Self     bool // the organization itself is counted (it is grassroots)
	Children []*DeploymentChild
	Missing  []*DeploymentGap
}

// DeploymentShares counts the launch and deployment of a campaign in the
// subtree at path under (cut to the campaign's scope) and lists the
// grassroots organizations missing a launch or a deployment, limit rows
// from offset (limit 0: none). The counts come from stored counters
// (share_walk.go).
func (s *Store) DeploymentShares(ctx context.Context, campaignID int64, under string, limit, offset int) (*DeploymentSummary, error) {
	out := &DeploymentSummary{}
	err := s.read(ctx, func(tx *Tx) error {
		_, sc, err := tx.movementScope(campaignID, 0, under)
		if err != nil || sc.empty {
			return err
		}
		out.Day = sc.day
		top, err := sc.top(tx)
		if err != nil {
			return err
		}
		w := &shareWalk{tx: tx, k: deploymentShare(campaignID), day: sc.day}
		st, err := w.read(top, limit, offset)
		if err != nil {
			return err
		}
		out.Total = st.total.c.deploymentTally(st.total.units)
		out.Self = top == sc.under && st.self != nil
		names, err := tx.shareChildren(sc.under.ID)
		if err != nil {
			return err
		}
		for _, n := range names {
			if t := sc.childTally(top, n, st); t != nil {
				out.Children = append(out.Children, &DeploymentChild{Org: n, Tally: t.c.deploymentTally(t.units)})
			}
		}
		for _, o := range st.page {
			out.Missing = append(out.Missing, &DeploymentGap{OrgID: o.ID, Name: o.Name, Kind: o.Kind, ParentName: o.ParentName})
		}
		return tx.fillDeploymentGaps(campaignID, out.Missing)
	})
	return out, err
}

// undeployedInOrder reads the grassroots organizations with a path in
// [lo, hi) existing on day that miss a launch or a deployment, in tree
// order, limit from offset.
func (tx *Tx) undeployedInOrder(campaignID int64, lo, hi string, day bontot.Date, limit, offset int) ([]*bontot.Org, error) {
	return tx.orgsInOrder(`SELECT o.id, o.code, o.name, o.kind, COALESCE(p.name, '')
		FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id
		LEFT JOIN deployments d ON d.campaign_id = ? AND d.org_id = o.id
		WHERE `+units+` AND o.kind IN `+grassrootsKinds+` AND (d.launched_on IS NULL OR d.deployed_on IS NULL)
		ORDER BY o.path LIMIT ? OFFSET ?`, campaignID, lo, hi, day, day, limit, offset)
}

// orgsInOrder reads organizations (id, code, name, kind, parent's name) with a query.
func (tx *Tx) orgsInOrder(q string, args ...any) ([]*bontot.Org, error) {
	rows, err := tx.Query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*bontot.Org
	for rows.Next() {
		o := &bontot.Org{}
		if err := rows.Scan(&o.ID, &o.Code, &o.Name, &o.Kind, &o.ParentName); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// fillDeploymentGaps reads what each organization of a page recorded.
func (tx *Tx) fillDeploymentGaps(campaignID int64, gaps []*DeploymentGap) error {
	byID := map[int64]*DeploymentGap{}
	ids := make([]int64, 0, len(gaps))
	for _, g := range gaps {
		byID[g.OrgID] = g
		ids = append(ids, g.OrgID)
	}
	return tx.eachDeployment(campaignID, ids, func(d *bontot.Deployment) {
		g := byID[d.OrgID]
		g.LaunchedOn, g.DisseminatedOn, g.DeployedOn = d.LaunchedOn, d.DisseminatedOn, d.DeployedOn
	})
}

// RegistrationChild is the registration tally of a child organization's subtree.
type RegistrationChild struct {
	Org   OrgShare
	Tally bontot.RegistrationTally
}

// RegistrationGap is a participating unit without a registration that
// counts: none at all (Status ""), a draft or one returned.
type RegistrationGap struct {
	OrgID          int64
	Code           string
	Name           string
	Kind           bontot.OrgKind
	ParentName     string
	Status         bontot.RegStatus
	RegistrationID int64
}

// RegistrationSummary is the registration of a campaign year in a subtree:
// every participating unit (cells, base cells, base committees) by the
// status of its registration, per child for drill-down (children without
// units are left out), the organization's own registration apart, and a
// page of the units without a sent one, in tree order.
type RegistrationSummary struct {
	Day      bontot.Date // the units counted are those existing on this day
	Total    bontot.RegistrationTally
	Self     *bontot.RegistrationTally // the organization's own, when it registers
	Children []*RegistrationChild
	Unsent   []*RegistrationGap
}

// RegistrationShares counts the registrations of a campaign year in the
// subtree at path under (cut to the campaign's scope) and lists the units
// without a sent or acknowledged registration, limit rows from offset.
//
// The counts come from stored counters (registration_rollup, the cell
// counts) and one index range over the đảng bộ cơ sở, less the few units
// that do not exist on the day; the page walks down the tree into the
// children holding unsent units, or, for long pages (exports), reads the
// units in tree order.
func (s *Store) RegistrationShares(ctx context.Context, campaignID int64, year int, under string, limit, offset int) (*RegistrationSummary, error) {
	out := &RegistrationSummary{}
	err := s.read(ctx, func(tx *Tx) error {
		c, sc, err := tx.movementScope(campaignID, year, under)
		if err != nil {
			return err
		}
		if c.Year(year) == nil {
			return bontot.Errorf(bontot.ENOTFOUND, "Phong trào không có năm %d.", year)
		}
		if sc.empty {
			return nil
		}
		out.Day = sc.day
		top, err := sc.top(tx)
		if err != nil {
			return err
		}
		w := &shareWalk{tx: tx, k: registrationShare(campaignID, year), day: sc.day}
		st, err := w.read(top, limit, offset)
		if err != nil {
			return err
		}
		out.Total = st.total.c.registrationTally(st.total.units)
		if top == sc.under && st.self != nil {
			self := st.self.c.registrationTally(1)
			out.Self = &self
		}
		names, err := tx.shareChildren(sc.under.ID)
		if err != nil {
			return err
		}
		for _, n := range names {
			if t := sc.childTally(top, n, st); t != nil {
				out.Children = append(out.Children, &RegistrationChild{Org: n, Tally: t.c.registrationTally(t.units)})
			}
		}
		for _, o := range st.page {
			out.Unsent = append(out.Unsent, &RegistrationGap{OrgID: o.ID, Code: o.Code, Name: o.Name, Kind: o.Kind, ParentName: o.ParentName})
		}
		return tx.fillRegistrationGaps(campaignID, year, out.Unsent)
	})
	return out, err
}

// top is the organization whose subtree a share counts: under, or the
// campaign's scope when under is above it.
func (sc *shareScope) top(tx *Tx) (*bontot.Org, error) {
	if sc.under.Path == sc.lo {
		return sc.under, nil
	}
	return tx.orgByPath(sc.lo)
}

// childTally is the figures of a child n of under: its own when the share
// counts under's subtree, all of them for the child holding the campaign's
// scope when under is above it; nil when it has no units.
func (sc *shareScope) childTally(top *bontot.Org, n OrgShare, st *shareTotals) *shareNode {
	if top != sc.under {
		if strings.HasPrefix(top.Path, n.Path) && st.total.units > 0 {
			return &st.total
		}
		return nil
	}
	for i := range st.kids {
		if k := &st.kids[i]; k.org.ID == n.ID && k.units > 0 {
			return k
		}
	}
	return nil
}

// fillRegistrationGaps reads the registration (id and status) of each unit of a page.
func (tx *Tx) fillRegistrationGaps(campaignID int64, year int, gaps []*RegistrationGap) error {
	byID := map[int64]*RegistrationGap{}
	ids := make([]int64, 0, len(gaps))
	for _, g := range gaps {
		byID[g.OrgID] = g
		ids = append(ids, g.OrgID)
	}
	return tx.eachRegistration(campaignID, year, ids, func(orgID, id int64, st bontot.RegStatus) {
		byID[orgID].RegistrationID, byID[orgID].Status = id, st
	})
}

// unsentInOrder reads the units with a path in [lo, hi) existing on day
// without a counting registration, in tree order, limit from offset.
func (tx *Tx) unsentInOrder(campaignID int64, year int, lo, hi string, day bontot.Date, limit, offset int) ([]*bontot.Org, error) {
	return tx.orgsInOrder(`SELECT o.id, o.code, o.name, o.kind, COALESCE(p.name, '')
		FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id
		LEFT JOIN registrations r ON r.campaign_id = ? AND r.year = ? AND r.org_id = o.id
		WHERE `+units+` AND o.kind IN `+registrationKinds+` AND (r.status IS NULL OR r.status IN ('draft', 'returned'))
		ORDER BY o.path LIMIT ? OFFSET ?`, campaignID, year, lo, hi, day, day, limit, offset)
}

// ---------------------------------------------------------------- registrations

const registrationColumns = `r.id, r.campaign_id, r.year, r.org_id, o.name, COALESCE(p.name, ''), o.path, o.kind, r.status, r.signed_on,
	r.return_note, r.sent_at, r.acknowledged_at, r.acknowledged_by, r.version, r.created_at, r.updated_at`

const registrationFrom = ` FROM registrations r JOIN orgs o ON o.id = r.org_id LEFT JOIN orgs p ON p.id = o.parent_id`

func scanRegistration(sc interface{ Scan(...any) error }) (*bontot.Registration, error) {
	r := &bontot.Registration{}
	var sent, ack sql.NullTime
	err := sc.Scan(&r.ID, &r.CampaignID, &r.Year, &r.OrgID, &r.OrgName, &r.OrgParentName, &r.OrgPath, &r.OrgKind, &r.Status, &r.SignedOn,
		&r.ReturnNote, &sent, &ack, &r.AckBy, &r.Version, &r.CreatedAt, &r.UpdatedAt)
	r.SentAt, r.AckAt = sent.Time, ack.Time
	return r, err
}

// Registration returns a registration with its targets and its document's description.
func (s *Store) Registration(ctx context.Context, id int64) (*bontot.Registration, error) {
	var r *bontot.Registration
	err := s.read(ctx, func(tx *Tx) (err error) { r, err = tx.registration(id); return err })
	return r, err
}

func (tx *Tx) registration(id int64) (*bontot.Registration, error) {
	r, err := scanRegistration(tx.QueryRow(`SELECT `+registrationColumns+registrationFrom+` WHERE r.id = ?`, id))
	if err != nil {
		return nil, notFound(err, "bản đăng ký thi đua")
	}
	return r, tx.fillRegistrations([]*bontot.Registration{r})
}

// RegistrationOf returns an organization's registration for a campaign
// year, ENOTFOUND when it has none.
func (s *Store) RegistrationOf(ctx context.Context, campaignID int64, year int, orgID int64) (*bontot.Registration, error) {
	var r *bontot.Registration
	err := s.read(ctx, func(tx *Tx) error {
		var id int64
		if err := tx.QueryRow(`SELECT id FROM registrations WHERE campaign_id = ? AND year = ? AND org_id = ?`, campaignID, year, orgID).Scan(&id); err != nil {
			return notFound(err, "bản đăng ký thi đua")
		}
		var err error
		r, err = tx.registration(id)
		return err
	})
	return r, err
}

// Registrations returns an organization's registrations in a campaign, by year.
func (s *Store) Registrations(ctx context.Context, campaignID, orgID int64) ([]*bontot.Registration, error) {
	var out []*bontot.Registration
	err := s.read(ctx, func(tx *Tx) error {
		rows, err := tx.Query(`SELECT `+registrationColumns+registrationFrom+` WHERE r.campaign_id = ? AND r.org_id = ? ORDER BY r.year`, campaignID, orgID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanRegistration(rows)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		return tx.fillRegistrations(out)
	})
	return out, err
}

// fillRegistrations reads the targets and documents of registrations.
func (tx *Tx) fillRegistrations(rs []*bontot.Registration) error {
	if len(rs) == 0 {
		return nil
	}
	byID := map[int64]*bontot.Registration{}
	ids := make([]int64, 0, len(rs))
	for _, r := range rs {
		byID[r.ID] = r
		ids = append(ids, r.ID)
		r.Targets = nil
	}
	in := `(` + placeholders(len(ids)) + `)`
	rows, err := tx.Query(`SELECT registration_id, id, criterion, text, countable, planned, unit, achieved, met, result_note
		FROM registration_targets WHERE registration_id IN `+in+` ORDER BY registration_id, position`, int64Args(ids)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var rid int64
		var t bontot.Target
		var achieved sql.NullInt64
		var met sql.NullBool
		if err := rows.Scan(&rid, &t.ID, &t.Criterion, &t.Text, &t.Countable, &t.Planned, &t.Unit, &achieved, &met, &t.ResultNote); err != nil {
			return err
		}
		if achieved.Valid {
			v := bontot.Amount(achieved.Int64)
			t.Achieved = &v
		}
		if met.Valid && !t.Countable {
			v := met.Bool
			t.MetFlag = &v
		}
		byID[rid].Targets = append(byID[rid].Targets, t)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	docs, err := tx.Query(`SELECT registration_id, filename, content_type, size, sha256, username, uploaded_at
		FROM registration_documents WHERE registration_id IN `+in, int64Args(ids)...)
	if err != nil {
		return err
	}
	defer docs.Close()
	for docs.Next() {
		var rid int64
		d := &bontot.RegDocument{}
		if err := docs.Scan(&rid, &d.Filename, &d.ContentType, &d.Size, &d.SHA256, &d.Username, &d.UploadedAt); err != nil {
			return err
		}
		byID[rid].Document = d
	}
	return docs.Err()
}

// checkYearOpen refuses changes to a campaign year that is locked.
func (tx *Tx) checkYearOpen(campaignID int64, year int) error {
	var locked bool
	err := tx.QueryRow(`SELECT locked FROM campaign_years WHERE campaign_id = ? AND year = ?`, campaignID, year).Scan(&locked)
	if err != nil {
		return notFound(err, fmt.Sprintf("năm %d của phong trào", year))
	}
	if locked {
		return bontot.Errorf(bontot.ECONFLICT, "Kết quả năm %d đã khóa; không thay đổi được đăng ký thi đua.", year)
	}
	return nil
}

// CreateRegistration starts an organization's registration for a campaign
// year, as a draft with the given targets (possibly none yet). The unit must
// take part in the campaign that year; it has at most one registration a year.
func (s *Store) CreateRegistration(ctx context.Context, a Actor, r *bontot.Registration) error {
	r.Normalize()
	if err := r.Validate(s.Today()); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *Tx) error {
		c, err := tx.campaign(r.CampaignID)
		if err != nil {
			return err
		}
		if c.Year(r.Year) == nil {
			return bontot.Errorf(bontot.ENOTFOUND, "Phong trào “%s” không có năm %d.", c.Name, r.Year)
		}
		if err := tx.checkYearOpen(c.ID, r.Year); err != nil {
			return err
		}
		o, err := tx.org(r.OrgID)
		if err != nil {
			return err
		}
		if !RegistersTargets(o.Kind) || !strings.HasPrefix(o.Path, c.ScopePath) ||
			o.ValidFrom.After(bontot.NewDate(r.Year, 12, 31)) || (!o.ValidTo.IsZero() && o.ValidTo.Before(bontot.NewDate(r.Year, 1, 1))) {
			return bontot.Errorf(bontot.ENOTFOUND, "“%s” không tham gia phong trào “%s” năm %d.", o.Name, c.Name, r.Year)
		}
		r.Status, r.Version, r.CreatedAt, r.UpdatedAt = bontot.RegDraft, 1, tx.now, tx.now
		r.OrgName, r.OrgPath, r.OrgKind = o.Name, o.Path, o.Kind
		r.ID, err = tx.insert(`INSERT INTO registrations (campaign_id, year, org_id, org_path, status, signed_on, version, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)`, c.ID, r.Year, o.ID, o.Path, string(r.Status), r.SignedOn, tx.now, tx.now)
		if isUnique(err) {
			return bontot.Errorf(bontot.ECONFLICT, "“%s” đã có bản đăng ký thi đua năm %d.", o.Name, r.Year)
		} else if err != nil {
			return err
		}
		if err := tx.addRegistrationRollup(c.ID, r.Year, o.Path, "", r.Status); err != nil {
			return err
		}
		if err := tx.saveTargets(r); err != nil {
			return err
		}
		return tx.audit(a, "registration.create", "registration", r.ID, o.Path,
			fmt.Sprintf("Lập bản đăng ký thi đua năm %d của “%s” (%d chỉ tiêu)", r.Year, o.Name, len(r.Targets)), nil)
	})
}

// saveTargets replaces the targets of a registration that is still being
// edited (no result has been recorded yet).
func (tx *Tx) saveTargets(r *bontot.Registration) error {
	if _, err := tx.Exec(`DELETE FROM registration_targets WHERE registration_id = ?`, r.ID); err != nil {
		return err
	}
	for i := range r.Targets {
		t := &r.Targets[i]
		id, err := tx.insert(`INSERT INTO registration_targets (registration_id, criterion, text, countable, planned, unit, position)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, r.ID, t.Criterion, t.Text, t.Countable, int64(t.Planned), t.Unit, i)
		if err != nil {
			return err
		}
		t.ID = id
	}
	return nil
}

// checkRegVersion refuses a save made on an older copy of the registration.
func checkRegVersion(r *bontot.Registration, version int) error {
	if version != 0 && version != r.Version {
		return bontot.Errorf(bontot.ECONFLICT, "Bản đăng ký vừa được người khác thay đổi. Vui lòng tải lại trang rồi nhập lại.")
	}
	return nil
}

// SaveRegistration changes the signing date and the targets of a
// registration the unit may still edit (draft or returned). r.Version names
// the version edited (0: do not check).
func (s *Store) SaveRegistration(ctx context.Context, a Actor, r *bontot.Registration) error {
	r.Normalize()
	if err := r.Validate(s.Today()); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *Tx) error {
		old, err := tx.registration(r.ID)
		if err != nil {
			return err
		}
		if err := checkRegVersion(old, r.Version); err != nil {
			return err
		}
		if !old.Status.Editable() {
			return bontot.Errorf(bontot.ECONFLICT, "Bản đăng ký đang ở trạng thái “%s”, không sửa được.", old.Status.Label())
		}
		if err := tx.checkYearOpen(old.CampaignID, old.Year); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE registrations SET signed_on = ?, version = version + 1, updated_at = ? WHERE id = ?`, r.SignedOn, tx.now, r.ID); err != nil {
			return err
		}
		if err := tx.saveTargets(r); err != nil {
			return err
		}
		r.Version = old.Version + 1
		var changes []bontot.Change
		if old.SignedOn != r.SignedOn {
			changes = append(changes, bontot.Change{Field: "Ngày ký", Old: old.SignedOn.String(), New: r.SignedOn.String()})
		}
		if len(old.Targets) != len(r.Targets) {
			changes = append(changes, bontot.Change{Field: "Số chỉ tiêu", Old: strconv.Itoa(len(old.Targets)), New: strconv.Itoa(len(r.Targets))})
		}
		return tx.audit(a, "registration.update", "registration", r.ID, old.OrgPath,
			fmt.Sprintf("Sửa bản đăng ký thi đua năm %d của “%s”", old.Year, old.OrgName), changes)
	})
}

// TransitionRegistration moves a registration one step: the unit sends it,
// the level above acknowledges or returns it (a return needs a note). The
// caller has checked the user's permission for the action.
func (s *Store) TransitionRegistration(ctx context.Context, a Actor, id int64, version int, act bontot.RegAction, note string) error {
	note = strings.TrimSpace(note)
	return s.tx(ctx, func(tx *Tx) error {
		r, err := tx.registration(id)
		if err != nil {
			return err
		}
		if err := checkRegVersion(r, version); err != nil {
			return err
		}
		to, ok := r.Status.Next(act)
		if !ok {
			return bontot.Errorf(bontot.ECONFLICT, "Không thể “%s” bản đăng ký đang ở trạng thái “%s”.", strings.ToLower(act.Label()), r.Status.Label())
		}
		if err := tx.checkYearOpen(r.CampaignID, r.Year); err != nil {
			return err
		}
		if len([]rune(note)) > 2000 {
			return &bontot.Error{Code: bontot.EINVALID, Message: "Ghi chú không quá 2.000 ký tự.", Fields: map[string]string{"note": "Ghi chú không quá 2.000 ký tự."}}
		}
		set := []string{"status = ?", "version = version + 1", "updated_at = ?"}
		args := []any{string(to), tx.now}
		switch act {
		case bontot.RegSend:
			if err := r.ValidateSend(); err != nil {
				return err
			}
			set = append(set, "sent_at = ?")
			args = append(args, tx.now)
		case bontot.RegAcknowledge:
			set = append(set, "acknowledged_at = ?", "acknowledged_by = ?")
			args = append(args, tx.now, a.Username)
		case bontot.RegReturn:
			if note == "" {
				return &bontot.Error{Code: bontot.EINVALID, Message: "Vui lòng ghi lý do trả lại để đơn vị sửa.", Fields: map[string]string{"note": "Vui lòng ghi lý do trả lại."}}
			}
			set = append(set, "return_note = ?")
			args = append(args, note)
		}
		if _, err := tx.Exec(`UPDATE registrations SET `+strings.Join(set, ", ")+` WHERE id = ?`, append(args, id)...); err != nil {
			return err
		}
		if err := tx.addRegistrationRollup(r.CampaignID, r.Year, r.OrgPath, r.Status, to); err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO registration_events (registration_id, action, from_status, to_status, user_id, username, at, note)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, string(act), string(r.Status), string(to), nullInt(a.UserID), a.Username, tx.now, note); err != nil {
			return err
		}
		summary := fmt.Sprintf("%s: đăng ký thi đua năm %d của “%s”", act.Label(), r.Year, r.OrgName)
		if note != "" {
			summary += " — " + note
		}
		return tx.audit(a, "registration."+string(act), "registration", id, r.OrgPath, summary,
			[]bontot.Change{{Field: "Trạng thái", Old: r.Status.Label(), New: to.Label()}})
	})
}

// TargetResult is what a unit records of one target at the year's end:
// the achieved number of a countable target, the verdict of another one
// (nil clears it), and a note.
type TargetResult struct {
	TargetID int64
	Achieved *bontot.Amount
	Met      *bool
	Note     string
}

// RecordAchievements stores the year-end results of an acknowledged
// registration's targets ("Kết quả thực hiện"). A countable target is met
// when the achieved number reaches the planned one; another is met by the
// unit's verdict. Results name targets of this registration; targets not
// named keep their results.
func (s *Store) RecordAchievements(ctx context.Context, a Actor, id int64, version int, results []TargetResult) error {
	return s.tx(ctx, func(tx *Tx) error {
		r, err := tx.registration(id)
		if err != nil {
			return err
		}
		if err := checkRegVersion(r, version); err != nil {
			return err
		}
		if r.Status != bontot.RegAcknowledged {
			return bontot.Errorf(bontot.ECONFLICT, "Chỉ ghi kết quả thực hiện khi bản đăng ký đã được cấp trên xác nhận; bản này đang “%s”.", r.Status.Label())
		}
		if err := tx.checkYearOpen(r.CampaignID, r.Year); err != nil {
			return err
		}
		byID := map[int64]*bontot.Target{}
		pos := map[int64]int{}
		for i := range r.Targets {
			byID[r.Targets[i].ID] = &r.Targets[i]
			pos[r.Targets[i].ID] = i
		}
		fe := bontot.FieldErrors{}
		for _, res := range results {
			t := byID[res.TargetID]
			if t == nil {
				return bontot.Errorf(bontot.EINVALID, "Chỉ tiêu không thuộc bản đăng ký này.")
			}
			if res.Achieved != nil && (*res.Achieved < 0 || *res.Achieved > bontot.MaxAmount) {
				fe.Add("a"+strconv.Itoa(pos[t.ID]), "Số đạt được không hợp lệ.")
			}
			if len([]rune(res.Note)) > 1000 {
				fe.Add("n"+strconv.Itoa(pos[t.ID]), "Ghi chú không quá 1.000 ký tự.")
			}
		}
		if err := fe.Err(); err != nil {
			return err
		}
		for _, res := range results {
			t := byID[res.TargetID]
			var achieved, met any
			if t.Countable {
				if res.Achieved != nil {
					achieved, met = int64(*res.Achieved), *res.Achieved >= t.Planned
					v := *res.Achieved
					t.Achieved = &v
				} else {
					t.Achieved = nil
				}
			} else if res.Met != nil {
				met = *res.Met
				v := *res.Met
				t.MetFlag = &v
			} else {
				t.MetFlag = nil
			}
			t.ResultNote = strings.TrimSpace(res.Note)
			if _, err := tx.Exec(`UPDATE registration_targets SET achieved = ?, met = ?, result_note = ? WHERE id = ?`, achieved, met, t.ResultNote, t.ID); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(`UPDATE registrations SET version = version + 1, updated_at = ? WHERE id = ?`, tx.now, id); err != nil {
			return err
		}
		m, known := r.MetCount()
		return tx.audit(a, "registration.results", "registration", id, r.OrgPath,
			fmt.Sprintf("Ghi kết quả thực hiện chỉ tiêu thi đua năm %d của “%s”: đạt %d/%d chỉ tiêu (%d đã đánh giá)", r.Year, r.OrgName, m, len(r.Targets), known), nil)
	})
}

// SetRegistrationDocument stores the signed registration file (replacing
// the previous one) while the unit may still edit the registration.
func (s *Store) SetRegistrationDocument(ctx context.Context, a Actor, id int64, filename, contentType string, data []byte) error {
	filename = strings.TrimSpace(filename)
	if len(data) == 0 {
		return bontot.Errorf(bontot.EINVALID, "Tệp bản đăng ký trống.")
	}
	if len(data) > bontot.MaxEvidenceSize {
		return bontot.Errorf(bontot.EINVALID, "Tệp lớn hơn 10 MB; vui lòng nén hoặc chụp lại nhỏ hơn.")
	}
	if filename == "" {
		filename = "ban-dang-ky"
	}
	sum := sha256.Sum256(data)
	return s.tx(ctx, func(tx *Tx) error {
		r, err := tx.registration(id)
		if err != nil {
			return err
		}
		if !r.Status.Editable() {
			return bontot.Errorf(bontot.ECONFLICT, "Bản đăng ký đang ở trạng thái “%s”, không thay được tệp đã ký.", r.Status.Label())
		}
		if _, err := tx.Exec(`DELETE FROM registration_documents WHERE registration_id = ?`, id); err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO registration_documents (registration_id, filename, content_type, size, sha256, data, user_id, username, uploaded_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, filename, contentType, len(data), hex.EncodeToString(sum[:]), data, nullInt(a.UserID), a.Username, tx.now); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE registrations SET version = version + 1, updated_at = ? WHERE id = ?`, tx.now, id); err != nil {
			return err
		}
		return tx.audit(a, "registration.document", "registration", id, r.OrgPath,
			fmt.Sprintf("Đính kèm bản đăng ký đã ký “%s” (năm %d, “%s”)", filename, r.Year, r.OrgName), nil)
	})
}

// RegistrationDocument returns the signed file of a registration with its content.
func (s *Store) RegistrationDocument(ctx context.Context, id int64) (*bontot.RegDocument, []byte, error) {
	d := &bontot.RegDocument{}
	var data []byte
	err := s.db.QueryRowContext(ctx, s.rebind(`SELECT filename, content_type, size, sha256, username, uploaded_at, data
		FROM registration_documents WHERE registration_id = ?`), id).Scan(&d.Filename, &d.ContentType, &d.Size, &d.SHA256, &d.Username, &d.UploadedAt, &data)
	if err != nil {
		return nil, nil, notFound(err, "tệp bản đăng ký")
	}
	return d, data, nil
}

// RegistrationEvents returns the workflow steps of a registration, oldest first.
func (s *Store) RegistrationEvents(ctx context.Context, id int64) ([]*bontot.RegEvent, error) {
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT id, registration_id, action, from_status, to_status, COALESCE(user_id, 0), username, at, note
		FROM registration_events WHERE registration_id = ? ORDER BY at, id`), id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*bontot.RegEvent
	for rows.Next() {
		e := &bontot.RegEvent{}
		if err := rows.Scan(&e.ID, &e.RegistrationID, &e.Action, &e.From, &e.To, &e.UserID, &e.Username, &e.At, &e.Note); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// metExpr is 1 for a target that is met: a countable one whose achieved
// number reaches the planned one, another by the unit's verdict.
const metExpr = `CASE WHEN t.countable THEN (CASE WHEN t.achieved >= t.planned THEN 1 ELSE 0 END) WHEN t.met THEN 1 ELSE 0 END`

// TargetFacts gives item 1.2 of the cell scale its facts: the number of
// targets the unit registered for the year and how many are met. ok is
// false when the unit has no registration that is sent or acknowledged
// (none, a draft, or one returned): then there is nothing registered to
// score, and the caller decides (typed facts, or N/A).
func (s *Store) TargetFacts(ctx context.Context, campaignID int64, year int, orgID int64) (registered, met int, ok bool, err error) {
	var status string
	err = s.db.QueryRowContext(ctx, s.rebind(`SELECT r.status, COUNT(t.id), COALESCE(SUM(`+metExpr+`), 0)
		FROM registrations r LEFT JOIN registration_targets t ON t.registration_id = r.id
		WHERE r.campaign_id = ? AND r.year = ? AND r.org_id = ? GROUP BY r.status`), campaignID, year, orgID).Scan(&status, &registered, &met)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, false, nil
	}
	if err != nil || !bontot.RegStatus(status).Registered() {
		return 0, 0, false, err
	}
	return registered, met, true, nil
}

// TargetCount is a unit's registered and met targets (see TargetFacts).
type TargetCount struct{ Registered, Met int }

// TargetFactsUnder is TargetFacts for every unit of a subtree with a sent or
// acknowledged registration, in one query: for scoring a whole year.
func (s *Store) TargetFactsUnder(ctx context.Context, campaignID int64, year int, under string) (map[int64]TargetCount, error) {
	var out map[int64]TargetCount
	err := s.read(ctx, func(tx *Tx) (err error) { out, err = tx.targetFactsUnder(campaignID, year, under); return err })
	return out, err
}

func (tx *Tx) targetFactsUnder(campaignID int64, year int, under string) (map[int64]TargetCount, error) {
	lo, hi := subtreeRange(under)
	// The subtree is read from orgs, whose paths are always current.
	rows, err := tx.Query(`SELECT r.org_id, COUNT(t.id), COALESCE(SUM(`+metExpr+`), 0)
		FROM orgs o JOIN registrations r ON r.campaign_id = ? AND r.year = ? AND r.org_id = o.id
		LEFT JOIN registration_targets t ON t.registration_id = r.id
		WHERE o.path >= ? AND o.path < ? AND r.status IN ('sent', 'acknowledged')
		GROUP BY r.org_id`, campaignID, year, lo, hi)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]TargetCount{}
	for rows.Next() {
		var id int64
		var c TargetCount
		if err := rows.Scan(&id, &c.Registered, &c.Met); err != nil {
			return nil, err
		}
		out[id] = c
	}
	return out, rows.Err()
}
