package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"bontot"
)

// Sponsor groups, assignments, visits and recommendations (DOMAIN.md §7).
// Inspection plans and findings are in inspections.go; their follow-up items
// are recommendations, kept here.

// ---------- Sponsor groups ----------------------------------------------------

const groupColumns = `g.id, g.org_id, g.org_path, o.name, g.name, g.kind, g.note, g.created_at, g.updated_at`

const groupFrom = ` FROM sponsor_groups g JOIN orgs o ON o.id = g.org_id`

func scanGroup(sc interface{ Scan(...any) error }) (*bontot.SponsorGroup, error) {
	g := &bontot.SponsorGroup{}
	err := sc.Scan(&g.ID, &g.OrgID, &g.OrgPath, &g.OrgName, &g.Name, &g.Kind, &g.Note, &g.CreatedAt, &g.UpdatedAt)
	return g, err
}

// CreateSponsorGroup adds a department or working group to a committee.
func (s *Store) CreateSponsorGroup(ctx context.Context, a Actor, g *bontot.SponsorGroup) error {
	g.Normalize()
	if err := g.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *Tx) error {
		o, err := tx.org(g.OrgID)
		if err != nil {
			return err
		}
		if o.Kind.IsCell() || o.Kind == bontot.KindGroup {
			return fieldError("org", "Ban, đoàn phụ trách thuộc một cấp ủy (cấp trên cơ sở, đảng bộ cơ sở hoặc đảng bộ bộ phận), không thuộc chi bộ.")
		}
		var n int
		if err := tx.QueryRow(`SELECT COUNT(*) FROM sponsor_groups WHERE org_id = ? AND name = ?`, g.OrgID, g.Name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return &bontot.Error{Code: bontot.ECONFLICT, Message: fmt.Sprintf("%s đã có “%s”.", o.Name, g.Name), Fields: map[string]string{"name": "Tên này đã có."}}
		}
		g.OrgPath, g.OrgName, g.CreatedAt, g.UpdatedAt = o.Path, o.Name, tx.now, tx.now
		if g.ID, err = tx.insert(`INSERT INTO sponsor_groups (org_id, org_path, name, kind, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			g.OrgID, o.Path, g.Name, g.Kind, g.Note, tx.now, tx.now); err != nil {
			return err
		}
		return tx.audit(a, "sponsor_group.create", "sponsor_group", g.ID, o.Path, fmt.Sprintf("Thêm “%s” của %s", g.Name, o.Name),
			[]bontot.Change{{Field: "Tên", New: g.Name}, {Field: "Loại", New: g.Kind.Label()}})
	})
}

// UpdateSponsorGroup changes a group's name, kind and note.
func (s *Store) UpdateSponsorGroup(ctx context.Context, a Actor, g *bontot.SponsorGroup) error {
	g.Normalize()
	if err := g.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *Tx) error {
		old, err := tx.sponsorGroup(g.ID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE sponsor_groups SET name = ?, kind = ?, note = ?, updated_at = ? WHERE id = ?`, g.Name, g.Kind, g.Note, tx.now, g.ID); err != nil {
			return err
		}
		var ch []bontot.Change
		if old.Name != g.Name {
			ch = append(ch, bontot.Change{Field: "Tên", Old: old.Name, New: g.Name})
		}
		if old.Kind != g.Kind {
			ch = append(ch, bontot.Change{Field: "Loại", Old: old.Kind.Label(), New: g.Kind.Label()})
		}
		if old.Note != g.Note {
			ch = append(ch, bontot.Change{Field: "Ghi chú", Old: old.Note, New: g.Note})
		}
		g.OrgID, g.OrgPath, g.OrgName = old.OrgID, old.OrgPath, old.OrgName
		return tx.audit(a, "sponsor_group.update", "sponsor_group", g.ID, old.OrgPath, fmt.Sprintf("Sửa “%s” của %s", g.Name, old.OrgName), ch)
	})
}

// SponsorGroup returns one group.
func (s *Store) SponsorGroup(ctx context.Context, id int64) (*bontot.SponsorGroup, error) {
	var g *bontot.SponsorGroup
	err := s.read(ctx, func(tx *Tx) (err error) { g, err = tx.sponsorGroup(id); return err })
	return g, err
}

func (tx *Tx) sponsorGroup(id int64) (*bontot.SponsorGroup, error) {
	g, err := scanGroup(tx.QueryRow(`SELECT `+groupColumns+groupFrom+` WHERE g.id = ?`, id))
	return g, notFound(err, "ban, đoàn phụ trách")
}

// SponsorGroups returns the groups of the committees in the subtree under
// and of the committees above it (whose groups may sponsor units of the
// subtree), the nearest committee first, with their running assignments
// counted. At most 500.
func (s *Store) SponsorGroups(ctx context.Context, under string) ([]*bontot.SponsorGroup, error) {
	lo, hi := subtreeRange(under)
	today := s.Today()
	ids := bontot.PathIDs(under)
	q := `SELECT ` + groupColumns + `, (SELECT COUNT(*) FROM sponsor_assignments a WHERE a.group_id = g.id AND a.from_on <= ? AND (a.to_on IS NULL OR a.to_on >= ?))` +
		groupFrom + ` WHERE (g.org_path >= ? AND g.org_path < ?)`
	args := []any{today, today, lo, hi}
	if len(ids) > 1 {
		q += ` OR g.org_id IN (` + placeholders(len(ids)-1) + `)`
		args = append(args, int64Args(ids[:len(ids)-1])...)
	}
	q += ` ORDER BY o.depth DESC, g.org_path, g.name, g.id LIMIT 500`
	var out []*bontot.SponsorGroup
	err := s.read(ctx, func(tx *Tx) error {
		rows, err := tx.Query(q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			g := &bontot.SponsorGroup{}
			if err := rows.Scan(&g.ID, &g.OrgID, &g.OrgPath, &g.OrgName, &g.Name, &g.Kind, &g.Note, &g.CreatedAt, &g.UpdatedAt, &g.Assignments); err != nil {
				return err
			}
			out = append(out, g)
		}
		return rows.Err()
	})
	return out, err
}

// fieldError is an EINVALID error about one form field.
func fieldError(field, msg string) error {
	return &bontot.Error{Code: bontot.EINVALID, Message: msg, Fields: map[string]string{field: msg}}
}

// ---------- Assignments -------------------------------------------------------

// openRecsUnder counts the recommendations not resolved whose owner is in
// the subtree of the assignment's unit (alias a).
const openRecsUnder = `(SELECT COUNT(*) FROM recommendations r WHERE r.owner_path >= a.org_path
	AND r.owner_path < substr(a.org_path, 1, length(a.org_path) - 1) || '0' AND r.status <> 'resolved')`

const assignmentColumns = `a.id, a.group_id, g.name, a.org_id, a.org_path, o.name, o.code, COALESCE(p.name, ''), a.cadence_days, a.from_on, a.to_on,
	a.note, a.last_visit_on, a.next_due_on, a.created_at, a.updated_at, ` + openRecsUnder

const assignmentFrom = ` FROM sponsor_assignments a JOIN sponsor_groups g ON g.id = a.group_id JOIN orgs o ON o.id = a.org_id LEFT JOIN orgs p ON p.id = o.parent_id`

func scanAssignment(sc interface{ Scan(...any) error }) (*bontot.Assignment, error) {
	a := &bontot.Assignment{}
	err := sc.Scan(&a.ID, &a.GroupID, &a.GroupName, &a.OrgID, &a.OrgPath, &a.OrgName, &a.OrgCode, &a.ParentName, &a.CadenceDays, &a.From, &a.To,
		&a.Note, &a.LastVisit, &a.NextDue, &a.CreatedAt, &a.UpdatedAt, &a.OpenRecommendations)
	return a, err
}

// CreateAssignments puts a sponsor group, with the officers and cadence of
// tmpl, in charge of each unit of orgIDs, in one transaction. A unit must be
// in the subtree of the group's committee; a group already in charge of a
// unit over the same period is refused (ECONFLICT). Officers named by a user
// name (a line without spaces that is an account) are linked to the account,
// which may then log visits to the unit. Each assignment is audited.
func (s *Store) CreateAssignments(ctx context.Context, a Actor, tmpl *bontot.Assignment, orgIDs []int64) ([]*bontot.Assignment, error) {
	tmpl.Normalize()
	err := tmpl.Validate()
	if len(orgIDs) == 0 {
		fe := bontot.FieldErrors{}
		if e, ok := err.(*bontot.Error); ok {
			fe = e.Fields
		}
		fe.Add("units", "Vui lòng chọn ít nhất một đơn vị được phụ trách.")
		err = fe.Err()
	}
	if err != nil {
		return nil, err
	}
	var out []*bontot.Assignment
	err = s.tx(ctx, func(tx *Tx) error {
		g, err := tx.sponsorGroup(tmpl.GroupID)
		if err != nil {
			return err
		}
		officers, err := tx.resolveOfficers(tmpl.Officers)
		if err != nil {
			return err
		}
		seen := map[int64]bool{}
		for _, id := range orgIDs {
			if seen[id] {
				continue
			}
			seen[id] = true
			o, err := tx.org(id)
			if err != nil {
				return err
			}
			if !strings.HasPrefix(o.Path, g.OrgPath) {
				return fieldError("units", fmt.Sprintf("“%s” không thuộc %s nên “%s” không phụ trách được.", o.Name, g.OrgName, g.Name))
			}
			if !o.ValidTo.IsZero() {
				return fieldError("units", fmt.Sprintf("“%s” đã giải thể.", o.Name))
			}
			var n int
			if err := tx.QueryRow(`SELECT COUNT(*) FROM sponsor_assignments WHERE group_id = ? AND org_id = ? AND (to_on IS NULL OR to_on >= ?)`+
				dateBefore(tmpl.To), append([]any{g.ID, o.ID, tmpl.From}, dateArg(tmpl.To)...)...).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return &bontot.Error{Code: bontot.ECONFLICT, Message: fmt.Sprintf("“%s” đã được phân công phụ trách “%s” trong thời gian này.", g.Name, o.Name),
					Fields: map[string]string{"units": "Đơn vị đã được phân công cho ban, đoàn này."}}
			}
			as := *tmpl
			as.Officers = officers
			as.OrgID, as.OrgPath, as.OrgName, as.OrgCode, as.ParentName, as.GroupName = o.ID, o.Path, o.Name, o.Code, o.ParentName, g.Name
			as.NextDue = as.DueAfter(bontot.Date{})
			as.CreatedAt, as.UpdatedAt = tx.now, tx.now
			if as.ID, err = tx.insert(`INSERT INTO sponsor_assignments (group_id, org_id, org_path, cadence_days, from_on, to_on, note, next_due_on, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, g.ID, o.ID, o.Path, as.CadenceDays, as.From, as.To, as.Note, as.NextDue, tx.now, tx.now); err != nil {
				return err
			}
			if err := tx.saveOfficers(as.ID, officers); err != nil {
				return err
			}
			if err := tx.refreshAssignment(&as); err != nil {
				return err
			}
			if err := tx.audit(a, "assignment.create", "assignment", as.ID, o.Path, fmt.Sprintf("Phân công “%s” phụ trách “%s”", g.Name, o.Name), []bontot.Change{
				{Field: "Cán bộ", New: as.Names()}, {Field: "Số ngày giữa hai lần làm việc", New: strconv.Itoa(as.CadenceDays)},
				{Field: "Từ ngày", New: as.From.String()}, {Field: "Đến ngày", New: as.To.String()},
			}); err != nil {
				return err
			}
			full, err := tx.assignment(as.ID)
			if err != nil {
				return err
			}
			out = append(out, full)
		}
		return nil
	})
	return out, err
}

// dateBefore adds "AND from_on <= to" when to is set: two periods overlap
// when each starts before the other ends.
func dateBefore(to bontot.Date) string {
	if to.IsZero() {
		return ""
	}
	return ` AND from_on <= ?`
}

func dateArg(d bontot.Date) []any {
	if d.IsZero() {
		return nil
	}
	return []any{d}
}

// UpdateAssignment changes an assignment's officers, cadence, period and note.
func (s *Store) UpdateAssignment(ctx context.Context, a Actor, as *bontot.Assignment) error {
	as.Normalize()
	if err := as.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *Tx) error {
		old, err := tx.assignment(as.ID)
		if err != nil {
			return err
		}
		officers, err := tx.resolveOfficers(as.Officers)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE sponsor_assignments SET cadence_days = ?, from_on = ?, to_on = ?, note = ?, updated_at = ? WHERE id = ?`,
			as.CadenceDays, as.From, as.To, as.Note, tx.now, as.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(`DELETE FROM sponsor_officers WHERE assignment_id = ?`, as.ID); err != nil {
			return err
		}
		if err := tx.saveOfficers(as.ID, officers); err != nil {
			return err
		}
		as.Officers = officers
		as.GroupID, as.GroupName, as.OrgID, as.OrgPath, as.OrgName, as.OrgCode, as.ParentName = old.GroupID, old.GroupName, old.OrgID, old.OrgPath, old.OrgName, old.OrgCode, old.ParentName
		if err := tx.refreshAssignment(as); err != nil {
			return err
		}
		var ch []bontot.Change
		add := func(field, o, n string) {
			if o != n {
				ch = append(ch, bontot.Change{Field: field, Old: o, New: n})
			}
		}
		add("Cán bộ", old.Names(), as.Names())
		add("Số ngày giữa hai lần làm việc", strconv.Itoa(old.CadenceDays), strconv.Itoa(as.CadenceDays))
		add("Từ ngày", old.From.String(), as.From.String())
		add("Đến ngày", old.To.String(), as.To.String())
		add("Ghi chú", old.Note, as.Note)
		return tx.audit(a, "assignment.update", "assignment", as.ID, old.OrgPath, fmt.Sprintf("Sửa phân công “%s” phụ trách “%s”", old.GroupName, old.OrgName), ch)
	})
}

// resolveOfficers links officers to accounts: an officer with a UserID must
// be an account; a name without spaces that is a user name becomes that
// account. The account's full name is kept as the officer's name.
func (tx *Tx) resolveOfficers(in []bontot.Officer) ([]bontot.Officer, error) {
	out := make([]bontot.Officer, 0, len(in))
	seen := map[int64]bool{}
	for _, o := range in {
		var id int64
		var username, name string
		var err error
		switch {
		case o.UserID != 0:
			err = tx.QueryRow(`SELECT id, username, full_name FROM users WHERE id = ?`, o.UserID).Scan(&id, &username, &name)
			if errors.Is(err, sql.ErrNoRows) {
				return nil, fieldError("officers", "Không tìm thấy tài khoản cán bộ phụ trách.")
			}
		case o.Username != "" || looksLikeUsername(o.Name):
			u := o.Username
			if u == "" {
				u = strings.ToLower(o.Name)
			}
			err = tx.QueryRow(`SELECT id, username, full_name FROM users WHERE username = ?`, u).Scan(&id, &username, &name)
			if errors.Is(err, sql.ErrNoRows) {
				if o.Username != "" {
					return nil, fieldError("officers", fmt.Sprintf("Không có tài khoản “%s”.", o.Username))
				}
				id, username, name, err = 0, "", o.Name, nil
			}
		default:
			name = o.Name
		}
		if err != nil {
			return nil, err
		}
		if id != 0 {
			if seen[id] {
				continue
			}
			seen[id] = true
		}
		out = append(out, bontot.Officer{UserID: id, Username: username, Name: name})
	}
	return out, nil
}

// looksLikeUsername reports whether s could be a user name: one word of
// lower-case letters without diacritics, digits, dots, underscores or hyphens.
func looksLikeUsername(s string) bool {
	if len(s) < 3 || len(s) > 40 {
		return false
	}
	for _, r := range strings.ToLower(s) {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

func (tx *Tx) saveOfficers(assignmentID int64, officers []bontot.Officer) error {
	for i, o := range officers {
		if _, err := tx.Exec(`INSERT INTO sponsor_officers (assignment_id, position, user_id, name) VALUES (?, ?, ?, ?)`,
			assignmentID, i, nullInt(o.UserID), o.Name); err != nil {
			return err
		}
	}
	return nil
}

// Assignment returns one assignment with its officers.
func (s *Store) Assignment(ctx context.Context, id int64) (*bontot.Assignment, error) {
	var as *bontot.Assignment
	err := s.read(ctx, func(tx *Tx) (err error) { as, err = tx.assignment(id); return err })
	return as, err
}

func (tx *Tx) assignment(id int64) (*bontot.Assignment, error) {
	as, err := scanAssignment(tx.QueryRow(`SELECT `+assignmentColumns+assignmentFrom+` WHERE a.id = ?`, id))
	if err != nil {
		return nil, notFound(err, "phân công phụ trách")
	}
	return as, tx.officers([]*bontot.Assignment{as})
}

// officers fills the officers of the assignments.
func (tx *Tx) officers(list []*bontot.Assignment) error {
	if len(list) == 0 {
		return nil
	}
	byID := make(map[int64]*bontot.Assignment, len(list))
	ids := make([]int64, 0, len(list))
	for _, a := range list {
		byID[a.ID] = a
		ids = append(ids, a.ID)
	}
	rows, err := tx.Query(`SELECT so.assignment_id, COALESCE(so.user_id, 0), COALESCE(u.username, ''), COALESCE(u.full_name, so.name)
		FROM sponsor_officers so LEFT JOIN users u ON u.id = so.user_id
		WHERE so.assignment_id IN (`+placeholders(len(ids))+`) ORDER BY so.assignment_id, so.position`, int64Args(ids)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var o bontot.Officer
		if err := rows.Scan(&id, &o.UserID, &o.Username, &o.Name); err != nil {
			return err
		}
		byID[id].Officers = append(byID[id].Officers, o)
	}
	return rows.Err()
}

// activeClause selects assignments (alias a) running on a day; its two arguments are that day.
const activeClause = ` AND a.from_on <= ? AND (a.to_on IS NULL OR a.to_on >= ?)`

// Assignments returns the assignments that match f with their officers, in
// tree order of the units, and whether there are more than f.Limit
// (default 200, at most 1000).
func (s *Store) Assignments(ctx context.Context, f bontot.AssignmentFilter) ([]*bontot.Assignment, bool, error) {
	where, args := []string{"1 = 1"}, []any{}
	if f.Under != "" {
		lo, hi := subtreeRange(f.Under)
		where, args = append(where, "a.org_path >= ? AND a.org_path < ?"), append(args, lo, hi)
	}
	if f.GroupID != 0 {
		where, args = append(where, "a.group_id = ?"), append(args, f.GroupID)
	}
	if f.OrgID != 0 {
		where, args = append(where, "a.org_id = ?"), append(args, f.OrgID)
	}
	if f.OfficerID != 0 {
		where, args = append(where, "a.id IN (SELECT assignment_id FROM sponsor_officers WHERE user_id = ?)"), append(args, f.OfficerID)
	}
	q := `SELECT ` + assignmentColumns + assignmentFrom + ` WHERE ` + strings.Join(where, " AND ")
	if f.Active {
		today := s.Today()
		q += activeClause
		args = append(args, today, today)
	}
	return s.assignmentList(ctx, q+` ORDER BY a.org_path, g.name, a.id`, f.Limit, f.Offset, args)
}

func (s *Store) assignmentList(ctx context.Context, q string, limit, offset int, args []any) ([]*bontot.Assignment, bool, error) {
	if limit <= 0 {
		limit = 200
	}
	limit = min(limit, 1000)
	var out []*bontot.Assignment
	more := false
	err := s.read(ctx, func(tx *Tx) error {
		rows, err := tx.Query(q+` LIMIT ? OFFSET ?`, append(args, limit+1, offset)...)
		if err != nil {
			return err
		}
		for rows.Next() {
			a, err := scanAssignment(rows)
			if err != nil {
				rows.Close()
				return err
			}
			out = append(out, a)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if more = len(out) > limit; more {
			out = out[:limit]
		}
		return tx.officers(out)
	})
	return out, more, err
}

// OfficerCovers reports whether the user is a named officer of an
// assignment running today on the organization at path or one above it:
// such an officer may log visits to the unit and follow its recommendations.
func (s *Store) OfficerCovers(ctx context.Context, userID int64, path string) (bool, error) {
	ids := bontot.PathIDs(path)
	if userID == 0 || len(ids) == 0 {
		return false, nil
	}
	today := s.Today()
	var n int
	err := s.read(ctx, func(tx *Tx) error {
		return tx.QueryRow(`SELECT COUNT(*) FROM (SELECT 1 FROM sponsor_officers so JOIN sponsor_assignments a ON a.id = so.assignment_id
			WHERE so.user_id = ? AND a.org_id IN (`+placeholders(len(ids))+`)`+activeClause+` LIMIT 1) x`,
			append(append([]any{userID}, int64Args(ids)...), today, today)...).Scan(&n)
	})
	return n > 0, err
}

// CanVisit reports whether u may log visits to the organization at path:
// with the visit permission on it, or as a named officer of an assignment
// covering it.
func (s *Store) CanVisit(ctx context.Context, u *bontot.User, path string) (bool, error) {
	if u == nil || u.Disabled {
		return false, nil
	}
	if u.Can(bontot.PermVisit, path) {
		return true, nil
	}
	return s.OfficerCovers(ctx, u.ID, path)
}

// refreshAssignment recomputes an assignment's last visit (the latest visit
// to its unit or a unit below it during the assignment) and next due date.
func (tx *Tx) refreshAssignment(as *bontot.Assignment) error {
	lo, hi := subtreeRange(as.OrgPath)
	q := `SELECT MAX(visited_on) FROM visits WHERE org_path >= ? AND org_path < ? AND visited_on >= ?`
	args := []any{lo, hi, as.From}
	if !as.To.IsZero() {
		q, args = q+` AND visited_on <= ?`, append(args, as.To)
	}
	var last bontot.Date
	if err := tx.QueryRow(q, args...).Scan(&last); err != nil {
		return err
	}
	as.LastVisit, as.NextDue = last, as.DueAfter(last)
	_, err := tx.Exec(`UPDATE sponsor_assignments SET last_visit_on = ?, next_due_on = ? WHERE id = ?`, as.LastVisit, as.NextDue, as.ID)
	return err
}

// refreshAssignmentsAbove recomputes the assignments of the organization at
// path and of every organization above it: a visit to a cell is work with
// the committees above it too.
func (tx *Tx) refreshAssignmentsAbove(path string) error {
	ids := bontot.PathIDs(path)
	rows, err := tx.Query(`SELECT a.id, a.org_path, a.cadence_days, a.from_on, a.to_on FROM sponsor_assignments a WHERE a.org_id IN (`+placeholders(len(ids))+`)`, int64Args(ids)...)
	if err != nil {
		return err
	}
	var list []*bontot.Assignment
	for rows.Next() {
		a := &bontot.Assignment{}
		if err := rows.Scan(&a.ID, &a.OrgPath, &a.CadenceDays, &a.From, &a.To); err != nil {
			rows.Close()
			return err
		}
		list = append(list, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, a := range list {
		if err := tx.refreshAssignment(a); err != nil {
			return err
		}
	}
	return nil
}

// ---------- Visits --------------------------------------------------------------

const visitColumns = `v.id, v.org_id, v.org_path, o.name, COALESCE(v.assignment_id, 0), COALESCE(g.name, ''), v.visited_on, COALESCE(v.user_id, 0), v.username,
	v.officer, COALESCE(v.meeting_id, 0), v.strengths, v.shortcomings, v.created_at, v.updated_at,
	(SELECT COUNT(*) FROM recommendations r WHERE r.visit_id = v.id)`

const visitFrom = ` FROM visits v JOIN orgs o ON o.id = v.org_id LEFT JOIN sponsor_assignments sa ON sa.id = v.assignment_id LEFT JOIN sponsor_groups g ON g.id = sa.group_id`

func scanVisit(sc interface{ Scan(...any) error }) (*bontot.Visit, error) {
	v := &bontot.Visit{}
	err := sc.Scan(&v.ID, &v.OrgID, &v.OrgPath, &v.OrgName, &v.AssignmentID, &v.GroupName, &v.On, &v.UserID, &v.Username,
		&v.Officer, &v.MeetingID, &v.Strengths, &v.Shortcomings, &v.CreatedAt, &v.UpdatedAt, &v.RecommendationCount)
	return v, err
}

// CreateVisit records a sponsor's visit to a unit with the recommendations
// made there, in one transaction. A recommendation's owner defaults to the
// visited unit and may be a unit above or below it. When v names no
// assignment, the running assignment covering the unit on which the actor is
// a named officer is used, if any. The assignments of the unit and of the
// units above it get their last visit and next due date recomputed. The
// caller checks that the actor may visit the unit (CanVisit).
func (s *Store) CreateVisit(ctx context.Context, a Actor, v *bontot.Visit, recs []*bontot.Recommendation) error {
	v.Normalize()
	fe := bontot.FieldErrors{}
	if err := v.Validate(s.Today()); err != nil {
		fe = err.(*bontot.Error).Fields
	}
	for i, r := range recs {
		if r.OwnerID == 0 {
			r.OwnerID = v.OrgID
		}
		r.Normalize()
		r.Validate(recPrefix(i), fe)
		dueAfter(r, v.On, recPrefix(i), fe)
	}
	if err := fe.Err(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *Tx) error {
		o, err := tx.org(v.OrgID)
		if err != nil {
			return err
		}
		if err := tx.checkVisitLinks(v, o, a); err != nil {
			return err
		}
		v.OrgPath, v.OrgName, v.UserID, v.Username, v.CreatedAt, v.UpdatedAt = o.Path, o.Name, a.UserID, a.Username, tx.now, tx.now
		if v.ID, err = tx.insert(`INSERT INTO visits (org_id, org_path, assignment_id, visited_on, user_id, username, officer, meeting_id, strengths, shortcomings, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, o.ID, o.Path, nullInt(v.AssignmentID), v.On, nullInt(a.UserID), a.Username, v.Officer,
			nullInt(v.MeetingID), v.Strengths, v.Shortcomings, tx.now, tx.now); err != nil {
			return err
		}
		changes := []bontot.Change{{Field: "Ngày", New: v.On.String()}, {Field: "Cán bộ", New: v.Officer}}
		for i, r := range recs {
			r.Source, r.VisitID = bontot.SourceVisit, v.ID
			if err := tx.createRecommendation(a, r, o, fmt.Sprintf("rec%d_", i)); err != nil {
				return err
			}
			changes = append(changes, bontot.Change{Field: fmt.Sprintf("Kiến nghị %d (%s, hạn %s)", i+1, r.OwnerName, r.Due), New: r.Text})
		}
		v.Recommendations, v.RecommendationCount = recs, len(recs)
		if err := tx.refreshAssignmentsAbove(o.Path); err != nil {
			return err
		}
		return tx.audit(a, "visit.create", "visit", v.ID, o.Path, fmt.Sprintf("Ghi buổi làm việc với “%s” ngày %s (%d kiến nghị)", o.Name, v.On, len(recs)), changes)
	})
}

// dueAfter refuses a due date before the visit or finding that set it.
func dueAfter(r *bontot.Recommendation, on bontot.Date, prefix string, fe bontot.FieldErrors) {
	if !r.Due.IsZero() && !on.IsZero() && r.Due.Before(on) {
		fe.Add(prefix+"due", "Thời hạn phải từ ngày "+on.String()+" trở đi.")
	}
}

// recPrefix names the form fields of the i-th new recommendation.
func recPrefix(i int) string { return "rec" + strconv.Itoa(i) + "_" }

// checkVisitLinks checks the visit's assignment (or picks the actor's) and
// its meeting, which must be a meeting of the unit.
func (tx *Tx) checkVisitLinks(v *bontot.Visit, o *bontot.Org, a Actor) error {
	ids := bontot.PathIDs(o.Path)
	if v.AssignmentID != 0 {
		var orgID int64
		err := tx.QueryRow(`SELECT org_id FROM sponsor_assignments WHERE id = ?`, v.AssignmentID).Scan(&orgID)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		covers := false
		for _, id := range ids {
			covers = covers || id == orgID
		}
		if !covers {
			return fieldError("assignment", "Phân công đã chọn không phụ trách đơn vị này.")
		}
	} else if a.UserID != 0 {
		// The nearest running assignment naming the actor.
		err := tx.QueryRow(`SELECT a.id FROM sponsor_assignments a JOIN sponsor_officers so ON so.assignment_id = a.id JOIN orgs o ON o.id = a.org_id
			WHERE so.user_id = ? AND a.org_id IN (`+placeholders(len(ids))+`) AND a.from_on <= ? AND (a.to_on IS NULL OR a.to_on >= ?)
			ORDER BY o.depth DESC, a.id LIMIT 1`, append(append([]any{a.UserID}, int64Args(ids)...), v.On, v.On)...).Scan(&v.AssignmentID)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	if v.MeetingID != 0 {
		ok, err := tx.tableExists("meetings")
		if err != nil {
			return err
		}
		var orgID int64
		if ok {
			err = tx.QueryRow(`SELECT org_id FROM meetings WHERE id = ?`, v.MeetingID).Scan(&orgID)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		if orgID != o.ID {
			return fieldError("meeting", "Buổi sinh hoạt đã chọn không phải của đơn vị này.")
		}
	}
	return nil
}

// tableExists reports whether the database has the table: the meeting
// records are built beside this code and may not be there yet.
func (tx *Tx) tableExists(name string) (bool, error) {
	var n int
	var err error
	if tx.s.engine == Postgres {
		err = tx.QueryRow(`SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?`, name).Scan(&n)
	} else {
		err = tx.QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, name).Scan(&n)
	}
	return n > 0, err
}

// RecentMeetings returns the unit's latest meetings (at most 12), for a
// visit to name the one attended; none while there are no meeting records.
func (s *Store) RecentMeetings(ctx context.Context, orgID int64) ([]bontot.MeetingRef, error) {
	var out []bontot.MeetingRef
	err := s.read(ctx, func(tx *Tx) error {
		ok, err := tx.tableExists("meetings")
		if err != nil || !ok {
			return err
		}
		rows, err := tx.Query(`SELECT id, held_on, kind FROM meetings WHERE org_id = ? ORDER BY held_on DESC LIMIT 12`, orgID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var m bontot.MeetingRef
			if err := rows.Scan(&m.ID, &m.On, &m.Kind); err != nil {
				return err
			}
			out = append(out, m)
		}
		return rows.Err()
	})
	return out, err
}

// UpdateVisit changes a visit's date, officer, meeting, strengths and
// shortcomings; its recommendations are followed on their own.
func (s *Store) UpdateVisit(ctx context.Context, a Actor, v *bontot.Visit) error {
	v.Normalize()
	if err := v.Validate(s.Today()); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *Tx) error {
		old, err := tx.visit(v.ID)
		if err != nil {
			return err
		}
		o, err := tx.org(old.OrgID)
		if err != nil {
			return err
		}
		v.OrgID, v.AssignmentID = old.OrgID, old.AssignmentID
		if err := tx.checkVisitLinks(v, o, a); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE visits SET visited_on = ?, officer = ?, meeting_id = ?, strengths = ?, shortcomings = ?, updated_at = ? WHERE id = ?`,
			v.On, v.Officer, nullInt(v.MeetingID), v.Strengths, v.Shortcomings, tx.now, v.ID); err != nil {
			return err
		}
		if err := tx.refreshAssignmentsAbove(o.Path); err != nil {
			return err
		}
		var ch []bontot.Change
		add := func(field, o, n string) {
			if o != n {
				ch = append(ch, bontot.Change{Field: field, Old: o, New: n})
			}
		}
		add("Ngày", old.On.String(), v.On.String())
		add("Cán bộ", old.Officer, v.Officer)
		if old.MeetingID != v.MeetingID {
			was, err := tx.meetingLabel(old.MeetingID)
			if err != nil {
				return err
			}
			is, err := tx.meetingLabel(v.MeetingID)
			if err != nil {
				return err
			}
			add("Dự buổi sinh hoạt", was, is)
		}
		add("Ưu điểm", old.Strengths, v.Strengths)
		add("Hạn chế", old.Shortcomings, v.Shortcomings)
		return tx.audit(a, "visit.update", "visit", v.ID, o.Path, fmt.Sprintf("Sửa buổi làm việc với “%s” ngày %s", o.Name, v.On), ch)
	})
}

// meetingLabel names a meeting for the audit log ("" for none): its kind and date.
func (tx *Tx) meetingLabel(id int64) (string, error) {
	if id == 0 {
		return "", nil
	}
	var kind bontot.MeetingKind
	var on bontot.Date
	if err := tx.QueryRow(`SELECT kind, held_on FROM meetings WHERE id = ?`, id).Scan(&kind, &on); err != nil {
		return "", err
	}
	return "Sinh hoạt " + strings.ToLower(kind.Label()) + " ngày " + on.String(), nil
}

// Visit returns a visit with the recommendations made there.
func (s *Store) Visit(ctx context.Context, id int64) (*bontot.Visit, error) {
	var v *bontot.Visit
	err := s.read(ctx, func(tx *Tx) error {
		var err error
		if v, err = tx.visit(id); err != nil {
			return err
		}
		v.Recommendations, err = tx.recommendationList(` WHERE r.visit_id = ? ORDER BY r.id`, 1000, 0, id)
		return err
	})
	return v, err
}

func (tx *Tx) visit(id int64) (*bontot.Visit, error) {
	v, err := scanVisit(tx.QueryRow(`SELECT `+visitColumns+visitFrom+` WHERE v.id = ?`, id))
	return v, notFound(err, "buổi làm việc")
}

// VisitsOf returns the visits to the unit itself during a year, newest first.
func (s *Store) VisitsOf(ctx context.Context, orgID int64, year int) ([]*bontot.Visit, error) {
	first, next := yearBounds(year)
	return s.visitList(ctx, ` WHERE v.org_id = ? AND v.visited_on >= ? AND v.visited_on < ? ORDER BY v.visited_on DESC, v.id DESC LIMIT 1000`, orgID, first, next)
}

// RecentVisits returns the latest visits to units of the subtree under, newest first (at most limit, default 50).
func (s *Store) RecentVisits(ctx context.Context, under string, limit int) ([]*bontot.Visit, error) {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	lo, hi := subtreeRange(under)
	return s.visitList(ctx, ` WHERE v.org_path >= ? AND v.org_path < ? ORDER BY v.visited_on DESC, v.id DESC LIMIT ?`, lo, hi, limit)
}

func (s *Store) visitList(ctx context.Context, rest string, args ...any) ([]*bontot.Visit, error) {
	var out []*bontot.Visit
	err := s.read(ctx, func(tx *Tx) error {
		rows, err := tx.Query(`SELECT `+visitColumns+visitFrom+rest, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			v, err := scanVisit(rows)
			if err != nil {
				return err
			}
			out = append(out, v)
		}
		return rows.Err()
	})
	return out, err
}

// ---------- Recommendations -----------------------------------------------------

const recColumns = `r.id, r.source, COALESCE(r.visit_id, 0), COALESCE(r.finding_id, 0), r.owner_org_id, r.owner_path, o.name, r.text, r.due_on, r.status,
	r.resolved_on, r.resolution, COALESCE(so.name, ''), COALESCE(v.visited_on, f.found_on), r.created_at, r.updated_at`

const recFrom = ` FROM recommendations r JOIN orgs o ON o.id = r.owner_org_id LEFT JOIN visits v ON v.id = r.visit_id
	LEFT JOIN inspection_findings f ON f.id = r.finding_id LEFT JOIN orgs so ON so.id = COALESCE(v.org_id, f.org_id)`

func scanRec(sc interface{ Scan(...any) error }) (*bontot.Recommendation, error) {
	r := &bontot.Recommendation{}
	err := sc.Scan(&r.ID, &r.Source, &r.VisitID, &r.FindingID, &r.OwnerID, &r.OwnerPath, &r.OwnerName, &r.Text, &r.Due, &r.Status,
		&r.ResolvedOn, &r.Resolution, &r.SourceOrgName, &r.SourceOn, &r.CreatedAt, &r.UpdatedAt)
	return r, err
}

// createRecommendation inserts a new recommendation of a visit or finding at
// unit src. Its owner must be src, a unit above it or a unit below it.
func (tx *Tx) createRecommendation(a Actor, r *bontot.Recommendation, src *bontot.Org, prefix string) error {
	owner := src
	if r.OwnerID != src.ID {
		var err error
		if owner, err = tx.org(r.OwnerID); err != nil {
			return err
		}
		if !strings.HasPrefix(src.Path, owner.Path) && !strings.HasPrefix(owner.Path, src.Path) {
			return fieldError(prefix+"owner", fmt.Sprintf("Đơn vị thực hiện phải là “%s”, tổ chức cấp trên hoặc cấp dưới của nó.", src.Name))
		}
	}
	r.OwnerPath, r.OwnerName, r.Status, r.ResolvedOn, r.Resolution = owner.Path, owner.Name, bontot.RecOpen, bontot.Date{}, ""
	r.SourceOrgName, r.CreatedAt, r.UpdatedAt = src.Name, tx.now, tx.now
	var err error
	if r.ID, err = tx.insert(`INSERT INTO recommendations (source, visit_id, finding_id, owner_org_id, owner_path, text, due_on, status, resolution, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?)`, r.Source, nullInt(r.VisitID), nullInt(r.FindingID), owner.ID, owner.Path, r.Text, r.Due, r.Status, tx.now, tx.now); err != nil {
		return err
	}
	return tx.recEvent(a, r.ID, "", bontot.RecOpen, "", r.VisitID)
}

func (tx *Tx) recEvent(a Actor, id int64, from, to bontot.RecStatus, note string, visitID int64) error {
	_, err := tx.Exec(`INSERT INTO recommendation_events (recommendation_id, from_status, to_status, user_id, username, at, note, visit_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, from, to, nullInt(a.UserID), a.Username, tx.now, note, nullInt(visitID))
	return err
}

// Recommendation returns one recommendation.
func (s *Store) Recommendation(ctx context.Context, id int64) (*bontot.Recommendation, error) {
	var r *bontot.Recommendation
	err := s.read(ctx, func(tx *Tx) (err error) { r, err = tx.recommendation(id); return err })
	return r, err
}

func (tx *Tx) recommendation(id int64) (*bontot.Recommendation, error) {
	r, err := scanRec(tx.QueryRow(`SELECT `+recColumns+recFrom+` WHERE r.id = ?`, id))
	return r, notFound(err, "kiến nghị")
}

// RecommendationEvents returns the history of a recommendation, oldest first.
func (s *Store) RecommendationEvents(ctx context.Context, id int64) ([]*bontot.RecEvent, error) {
	var out []*bontot.RecEvent
	err := s.read(ctx, func(tx *Tx) error {
		rows, err := tx.Query(`SELECT id, recommendation_id, from_status, to_status, COALESCE(user_id, 0), username, at, note, COALESCE(visit_id, 0)
			FROM recommendation_events WHERE recommendation_id = ? ORDER BY at, id`, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e := &bontot.RecEvent{}
			if err := rows.Scan(&e.ID, &e.RecommendationID, &e.From, &e.To, &e.UserID, &e.Username, &e.At, &e.Note, &e.VisitID); err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}

// Recommendations returns the recommendations that match f and whether
// there are more than f.Limit (default 100, at most 1000). The open or late
// ones of a subtree come by due date, the most urgent first, other subtree
// lists in tree order of the owners; the lists of one owner, visit or
// finding by due date.
func (s *Store) Recommendations(ctx context.Context, f bontot.RecommendationFilter) ([]*bontot.Recommendation, bool, error) {
	where, args := []string{"1 = 1"}, []any{}
	from, order := recFrom, ` ORDER BY r.due_on, r.id`
	pending := (f.Open || f.Overdue) && !f.Status.Valid()
	if f.Under != "" {
		lo, hi := subtreeRange(f.Under)
		where, args = append(where, "r.owner_path >= ? AND r.owner_path < ?"), append(args, lo, hi)
		if pending && f.OwnerID == 0 {
			// A large subtree reads the pending ones in date order; a
			// small one its own range of the path index.
			large, err := s.largeSubtree(ctx, f.Under)
			if err != nil {
				return nil, false, err
			}
			index := "recommendations_owner_path"
			if large {
				index = "recommendations_due"
			}
			from, order = strings.Replace(recFrom, "recommendations r ", "recommendations r"+s.indexedBy(index)+" ", 1), ` ORDER BY r.due_on, r.owner_path, r.id`
		} else {
			order = ` ORDER BY r.owner_path, r.due_on, r.id`
		}
	}
	if f.OwnerID != 0 {
		where, args = append(where, "r.owner_org_id = ?"), append(args, f.OwnerID)
		order = ` ORDER BY r.due_on, r.id`
	}
	switch {
	case f.Status.Valid():
		where, args = append(where, "r.status = ?"), append(args, f.Status)
	case pending:
		// Written as the partial index recommendations_due says it.
		where = append(where, "r.status <> 'resolved'")
	}
	if f.Overdue {
		where, args = append(where, "r.due_on < ?"), append(args, s.Today())
	}
	if f.Source != "" {
		where, args = append(where, "r.source = ?"), append(args, f.Source)
	}
	if f.VisitID != 0 {
		where, args = append(where, "r.visit_id = ?"), append(args, f.VisitID)
	}
	if f.FindingID != 0 {
		where, args = append(where, "r.finding_id = ?"), append(args, f.FindingID)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 1000)
	var out []*bontot.Recommendation
	err := s.read(ctx, func(tx *Tx) (err error) {
		out, err = tx.recommendationsFrom(from+` WHERE `+strings.Join(where, " AND ")+order, limit+1, f.Offset, args...)
		return err
	})
	more := len(out) > limit
	if more {
		out = out[:limit]
	}
	return out, more, err
}

func (tx *Tx) recommendationList(rest string, limit, offset int, args ...any) ([]*bontot.Recommendation, error) {
	return tx.recommendationsFrom(recFrom+rest, limit, offset, args...)
}

// recommendationsFrom runs SELECT recColumns followed by from (the FROM,
// WHERE and ORDER BY clauses).
func (tx *Tx) recommendationsFrom(from string, limit, offset int, args ...any) ([]*bontot.Recommendation, error) {
	rows, err := tx.Query(`SELECT `+recColumns+from+` LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*bontot.Recommendation
	for rows.Next() {
		r, err := scanRec(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// OpenRecommendationsAt returns the recommendations not yet resolved that a
// visit to the unit reviews: those owned by the unit or a unit below it, and
// those left by earlier visits to the unit whatever their owner. At most 200,
// by due date.
func (s *Store) OpenRecommendationsAt(ctx context.Context, orgID int64) ([]*bontot.Recommendation, error) {
	var out []*bontot.Recommendation
	err := s.read(ctx, func(tx *Tx) error {
		o, err := tx.org(orgID)
		if err != nil {
			return err
		}
		out, err = tx.openAt(o)
		return err
	})
	return out, err
}

func (tx *Tx) openAt(o *bontot.Org) ([]*bontot.Recommendation, error) {
	lo, hi := subtreeRange(o.Path)
	return tx.recommendationList(` WHERE r.status IN ('open', 'in_progress')
		AND ((r.owner_path >= ? AND r.owner_path < ?) OR r.visit_id IN (SELECT id FROM visits WHERE org_id = ?)) ORDER BY r.due_on, r.id`, 200, 0, lo, hi, o.ID)
}

// ChangeRecommendation records a change of a recommendation's status, or a
// note on it: the owner unit reports progress, the sponsor or the board
// reviews it. Resolving needs the evidence and the date it was resolved (not
// in the future); going back from resolved clears them. Every change is
// kept with who and when, and audited. The caller checks that the actor may
// follow the recommendation.
func (s *Store) ChangeRecommendation(ctx context.Context, a Actor, id int64, ch bontot.RecChange) error {
	return s.tx(ctx, func(tx *Tx) error {
		r, err := tx.recommendation(id)
		if err != nil {
			return err
		}
		return tx.changeRecommendation(a, r, ch, "")
	})
}

func (tx *Tx) changeRecommendation(a Actor, r *bontot.Recommendation, ch bontot.RecChange, prefix string) error {
	ch.Normalize()
	fe := bontot.FieldErrors{}
	if !ch.To.Valid() {
		fe.Add(prefix+"status", "Vui lòng chọn tình trạng thực hiện.")
	}
	today := bontot.Today(tx.now)
	if ch.To == bontot.RecResolved {
		if ch.Resolution == "" {
			fe.Add(prefix+"resolution", "Vui lòng ghi kết quả thực hiện, minh chứng (ví dụ: nghị quyết, biên bản số…).")
		}
		if ch.ResolvedOn.IsZero() {
			fe.Add(prefix+"resolved_on", "Vui lòng nhập ngày hoàn thành (ngày/tháng/năm).")
		} else if ch.ResolvedOn.After(today) {
			fe.Add(prefix+"resolved_on", "Ngày hoàn thành không được sau hôm nay.")
		}
	}
	if ch.To == r.Status && ch.Note == "" && (ch.To != bontot.RecResolved || (ch.Resolution == r.Resolution && ch.ResolvedOn == r.ResolvedOn)) {
		fe.Add(prefix+"note", "Không có gì thay đổi: hãy chọn tình trạng mới hoặc ghi nhận xét.")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	resolvedOn, resolution := bontot.Date{}, ""
	if ch.To == bontot.RecResolved {
		resolvedOn, resolution = ch.ResolvedOn, ch.Resolution
	}
	if _, err := tx.Exec(`UPDATE recommendations SET status = ?, resolved_on = ?, resolution = ?, updated_at = ? WHERE id = ?`,
		ch.To, resolvedOn, resolution, tx.now, r.ID); err != nil {
		return err
	}
	note := ch.Note
	if ch.To == bontot.RecResolved && (r.Status != bontot.RecResolved || resolution != r.Resolution) {
		note = strings.TrimSpace(note + "\n" + "Hoàn thành ngày " + resolvedOn.String() + ": " + resolution)
	}
	if err := tx.recEvent(a, r.ID, r.Status, ch.To, note, ch.VisitID); err != nil {
		return err
	}
	changes := []bontot.Change{}
	if r.Status != ch.To {
		changes = append(changes, bontot.Change{Field: "Tình trạng", Old: r.Status.Label(), New: ch.To.Label()})
	}
	if ch.To == bontot.RecResolved {
		changes = append(changes, bontot.Change{Field: "Ngày hoàn thành", Old: r.ResolvedOn.String(), New: resolvedOn.String()},
			bontot.Change{Field: "Kết quả, minh chứng", Old: r.Resolution, New: resolution})
	}
	if ch.Note != "" {
		changes = append(changes, bontot.Change{Field: "Nhận xét", New: ch.Note})
	}
	r.Status, r.ResolvedOn, r.Resolution, r.UpdatedAt = ch.To, resolvedOn, resolution, tx.now
	return tx.audit(a, "recommendation.status", "recommendation", r.ID, r.OwnerPath,
		fmt.Sprintf("Cập nhật kiến nghị của “%s”: %s", r.OwnerName, ch.To.Label()), changes)
}

// ReviewRecommendations records, at a visit, the sponsor's review of the
// unit's open recommendations (see OpenRecommendationsAt): a new status or a
// note for each one named, in one transaction. Fields of errors are
// prefixed "r{id}_".
func (s *Store) ReviewRecommendations(ctx context.Context, a Actor, visitID int64, changes map[int64]bontot.RecChange) error {
	return s.tx(ctx, func(tx *Tx) error {
		v, err := tx.visit(visitID)
		if err != nil {
			return err
		}
		o, err := tx.org(v.OrgID)
		if err != nil {
			return err
		}
		open, err := tx.openAt(o)
		if err != nil {
			return err
		}
		byID := map[int64]*bontot.Recommendation{}
		for _, r := range open {
			byID[r.ID] = r
		}
		fe := bontot.FieldErrors{}
		for id, ch := range changes {
			r := byID[id]
			if r == nil {
				return bontot.Errorf(bontot.EINVALID, "Kiến nghị số %d không còn chờ thực hiện ở đơn vị này.", id)
			}
			ch.VisitID = visitID
			if err := tx.changeRecommendation(a, r, ch, "r"+strconv.FormatInt(id, 10)+"_"); err != nil {
				var e *bontot.Error
				if errors.As(err, &e) && e.Code == bontot.EINVALID {
					for k, m := range e.Fields {
						fe.Add(k, m)
					}
					continue
				}
				return err
			}
		}
		return fe.Err()
	})
}

// RecommendationFacts counts the recommendations owned by the unit that
// fall due in the year, and how many of them were resolved on or before
// their due date: the facts shown beside item 2.4 of the yearly assessment.
func (s *Store) RecommendationFacts(ctx context.Context, orgID int64, year int) (total, resolvedOnTime int, err error) {
	first, next := yearBounds(year)
	err = s.read(ctx, func(tx *Tx) error {
		return tx.QueryRow(`SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = 'resolved' AND resolved_on <= due_on THEN 1 ELSE 0 END), 0)
			FROM recommendations WHERE owner_org_id = ? AND due_on >= ? AND due_on < ?`, orgID, first, next).Scan(&total, &resolvedOnTime)
	})
	return total, resolvedOnTime, err
}

// ---------- Coverage --------------------------------------------------------------

// Coverage returns, for the subtree under on the store's today, the running
// assignments whose unit has never been visited during the assignment (in
// tree order), the running assignments whose next visit is overdue (last
// visit, or the start when there was none, plus the cadence is before
// today) and the recommendations not resolved past their due date (both the
// latest first). Each list holds at most limit rows (default 200, at most
// 1000). Every list is one index range read in the order it is shown: a
// large subtree reads the date indexes, which hold the late rows first, a
// small one its own range of the path indexes, so that the national root
// answers about as fast as a ward whether few or many units are late.
func (s *Store) Coverage(ctx context.Context, under string, limit int) (*bontot.Coverage, error) {
	if limit <= 0 {
		limit = 200
	}
	limit = min(limit, 1000)
	today := s.Today()
	lo, hi := subtreeRange(under)
	c := &bontot.Coverage{Today: today}
	large, err := s.largeSubtree(ctx, under)
	if err != nil {
		return nil, err
	}
	hint := func(q, table, alias, index string) string {
		return strings.Replace(q, table+" "+alias+" ", table+" "+alias+s.indexedBy(index)+" ", 1)
	}
	base := `SELECT ` + assignmentColumns + assignmentFrom + ` WHERE a.org_path >= ? AND a.org_path < ?` + activeClause
	never := hint(base, "sponsor_assignments", "a", "sponsor_assignments_never")
	if c.NeverVisited, c.MoreNever, err = s.assignmentList(ctx, never+` AND a.last_visit_on IS NULL ORDER BY a.org_path, a.id`, limit, 0,
		[]any{lo, hi, today, today}); err != nil {
		return nil, err
	}
	late := hint(base, "sponsor_assignments", "a", "sponsor_assignments_path")
	if large {
		late = hint(base, "sponsor_assignments", "a", "sponsor_assignments_due")
	}
	if c.VisitsOverdue, c.MoreVisits, err = s.assignmentList(ctx, late+` AND a.next_due_on < ? ORDER BY a.next_due_on, a.org_path, a.id`, limit, 0,
		[]any{lo, hi, today, today, today}); err != nil {
		return nil, err
	}
	if c.RecommendationsOverdue, c.MoreRecommendations, err = s.Recommendations(ctx, bontot.RecommendationFilter{Under: under, Overdue: true, Limit: limit}); err != nil {
		return nil, err
	}
	return c, nil
}

// largeSubtreeOrgs is the size from which a subtree's late lists are read
// in date order rather than tree order.
const largeSubtreeOrgs = 2000

// largeSubtree reports whether the subtree at path holds many organizations
// (its stored count).
func (s *Store) largeSubtree(ctx context.Context, path string) (bool, error) {
	ids := bontot.PathIDs(path)
	if len(ids) == 0 {
		return true, nil
	}
	var n int
	err := s.read(ctx, func(tx *Tx) error {
		return tx.QueryRow(`SELECT org_count FROM orgs WHERE id = ?`, ids[len(ids)-1]).Scan(&n)
	})
	return n >= largeSubtreeOrgs, notFound(err, "tổ chức")
}
