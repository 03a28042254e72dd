package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"bontot"
	"bontot/vn"
)

const orgColumns = `o.id, o.code, o.name, o.short_name, o.kind, o.subtype, COALESCE(o.parent_id, 0), COALESCE(p.name, ''), o.path, o.depth,
	o.valid_from, o.valid_to, o.decision, o.member_count, o.cell_count, o.org_count, o.child_count, o.created_at, o.updated_at`

// orgFrom joins the parent, for its name.
const orgFrom = ` FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id`

// kindRank orders siblings: committees before cells, then by name.
const kindRank = `CASE o.kind WHEN 'superior' THEN 0 WHEN 'base_committee' THEN 1 WHEN 'intermediate' THEN 2 WHEN 'base_cell' THEN 3 WHEN 'cell' THEN 4 ELSE 5 END`

func scanOrg(sc interface{ Scan(...any) error }) (*bontot.Org, error) {
	o := &bontot.Org{}
	err := sc.Scan(&o.ID, &o.Code, &o.Name, &o.ShortName, &o.Kind, &o.Subtype, &o.ParentID, &o.ParentName, &o.Path, &o.Depth,
		&o.ValidFrom, &o.ValidTo, &o.Decision, &o.MemberCount, &o.CellCount, &o.OrgCount, &o.ChildCount, &o.CreatedAt, &o.UpdatedAt)
	return o, err
}

// orgSearchKey is what an organization search looks in: its name, short
// name, code and its parent's name, so that "tdp 2 nguyen du" finds the
// cell TDP 2 of the Nguyễn Du ward.
func orgSearchKey(o *bontot.Org) string {
	return vn.Fold(o.Name + " " + o.ShortName + " " + o.Code + " " + o.ParentName)
}

// CreateOrg adds an organization under its parent (or as a root when
// ParentID is 0), sets its path and updates the stored counts of its ancestors.
func (s *Store) CreateOrg(ctx context.Context, a Actor, o *bontot.Org) error {
	o.Normalize()
	if err := o.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *Tx) error {
		if err := tx.createOrg(o); err != nil {
			return err
		}
		return tx.audit(a, "org.create", "org", o.ID, o.Path, fmt.Sprintf("Thêm tổ chức “%s” (%s)", o.Name, o.Code), []bontot.Change{
			{Field: "Tên", New: o.Name}, {Field: "Mã", New: o.Code}, {Field: "Loại", New: o.Kind.Label()},
		})
	})
}

func (tx *Tx) createOrg(o *bontot.Org) error {
	var parent *bontot.Org
	if o.ParentID != 0 {
		var err error
		if parent, err = tx.org(o.ParentID); err != nil {
			return err
		}
		o.ParentName = parent.Name
		if !o.Kind.CanBeChildOf(parent.Kind) {
			return &bontot.Error{Code: bontot.EINVALID, Message: fmt.Sprintf("%s không thể trực thuộc %s.", o.Kind.Label(), strings.ToLower(parent.Kind.Label())),
				Fields: map[string]string{"parent": "Tổ chức cấp trên không phù hợp với loại tổ chức."}}
		}
	} else if o.Kind != bontot.KindSuperior {
		return &bontot.Error{Code: bontot.EINVALID, Message: "Chỉ cấp ủy cấp trên cơ sở mới có thể là gốc của cây tổ chức.", Fields: map[string]string{"parent": "Vui lòng chọn tổ chức cấp trên."}}
	}
	o.CreatedAt, o.UpdatedAt = tx.now, tx.now
	o.CellCount = 0
	if o.Kind.IsCell() {
		o.CellCount = 1
	}
	id, err := tx.insert(`INSERT INTO orgs (code, name, short_name, kind, subtype, parent_id, path, depth, valid_from, valid_to, decision,
		name_key, search_key, cell_count, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '', 0, ?, ?, ?, ?, ?, ?, ?, ?)`,
		o.Code, o.Name, o.ShortName, o.Kind, o.Subtype, nullInt(o.ParentID), o.ValidFrom, o.ValidTo, o.Decision,
		vn.OrgKey(o.Name), orgSearchKey(o), o.CellCount, o.CreatedAt, o.UpdatedAt)
	if isUnique(err) {
		return &bontot.Error{Code: bontot.ECONFLICT, Message: fmt.Sprintf("Mã tổ chức “%s” đã được dùng.", o.Code), Fields: map[string]string{"code": "Mã này đã được dùng cho tổ chức khác."}}
	} else if err != nil {
		return err
	}
	o.ID = id
	o.Path, o.Depth = "/"+strconv.FormatInt(id, 10)+"/", 0
	if parent != nil {
		o.Path, o.Depth = parent.Path+strconv.FormatInt(id, 10)+"/", parent.Depth+1
	}
	if _, err := tx.Exec(`UPDATE orgs SET path = ?, depth = ? WHERE id = ?`, o.Path, o.Depth, id); err != nil {
		return err
	}
	if err := tx.indexOrgWords(id); err != nil {
		return err
	}
	if parent != nil {
		ids := bontot.PathIDs(parent.Path)
		if _, err := tx.Exec(`UPDATE orgs SET org_count = org_count + 1, cell_count = cell_count + ? WHERE id IN (`+placeholders(len(ids))+`)`,
			append([]any{o.CellCount}, int64Args(ids)...)...); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE orgs SET child_count = child_count + 1 WHERE id = ?`, parent.ID); err != nil {
			return err
		}
	}
	return tx.addEvent(bontot.EventCreate, o.ValidFrom, o.Decision, "Thành lập "+o.Name, nil, []int64{o.ID}, 0)
}

// Org returns the organization with the given id.
func (s *Store) Org(ctx context.Context, id int64) (*bontot.Org, error) {
	var o *bontot.Org
	err := s.read(ctx, func(tx *Tx) (err error) { o, err = tx.org(id); return err })
	return o, err
}

func (tx *Tx) org(id int64) (*bontot.Org, error) {
	o, err := scanOrg(tx.QueryRow(`SELECT `+orgColumns+orgFrom+` WHERE o.id = ?`, id))
	return o, notFound(err, "tổ chức")
}

// OrgByCode returns the organization with the given code.
func (s *Store) OrgByCode(ctx context.Context, code string) (*bontot.Org, error) {
	var o *bontot.Org
	err := s.read(ctx, func(tx *Tx) (err error) {
		o, err = scanOrg(tx.QueryRow(`SELECT `+orgColumns+orgFrom+` WHERE o.code = ?`, strings.ToUpper(strings.TrimSpace(code))))
		return notFound(err, "tổ chức có mã "+code)
	})
	return o, err
}

// Orgs returns the organizations that match f, in Vietnamese order of name.
func (s *Store) Orgs(ctx context.Context, f bontot.OrgFilter) ([]*bontot.Org, error) {
	var where []string
	var args []any
	if f.ParentID != nil {
		where, args = append(where, "o.parent_id = ?"), append(args, *f.ParentID)
	}
	if f.Under != "" {
		lo, hi := subtreeRange(f.Under)
		where, args = append(where, "o.path >= ? AND o.path < ?"), append(args, lo, hi)
	}
	// Every word must match a whole word of the key, the last one the start
	// of a word (the user may still be typing it).
	words := strings.Fields(escapeLike(vn.Fold(f.Query)))
	if len(words) > 0 {
		for i, w := range words {
			if i < len(words)-1 {
				where, args = append(where, "(' ' || o.search_key || ' ') LIKE ?"), append(args, "% "+w+" %")
			} else {
				where, args = append(where, "(' ' || o.search_key) LIKE ?"), append(args, "% "+w+"%")
			}
		}
	}
	if len(f.Kinds) > 0 {
		where = append(where, "o.kind IN ("+placeholders(len(f.Kinds))+")")
		for _, k := range f.Kinds {
			args = append(args, k)
		}
	}
	if f.Limit <= 0 {
		f.Limit = 1000
	}
	var out []*bontot.Org
	err := s.read(ctx, func(tx *Tx) error {
		// A search in a large subtree drives from the index of the
		// query's rarest word: the conditions above then test its
		// organizations only, not every organization of the subtree.
		// When even the rarest word is in thousands of organizations, a
		// scan of the subtree reads them faster than the index would.
		if len(words) > 0 && f.ParentID == nil {
			cond, wargs, n, err := tx.rarestWord(words)
			if err != nil {
				return err
			}
			if n < maxWordRows {
				where, args = append(where, "o.id IN (SELECT w.org_id FROM org_words w WHERE "+cond+")"), append(args, wargs...)
			}
		}
		q := `SELECT ` + orgColumns + orgFrom
		if len(where) > 0 {
			q += " WHERE " + strings.Join(where, " AND ")
		}
		q += " ORDER BY o.depth, " + kindRank + ", o.name_key, o.id LIMIT ? OFFSET ?"
		var err error
		out, err = tx.orgs(q, append(args, f.Limit, f.Offset)...)
		return err
	})
	return out, err
}

// orgs runs a query selecting orgColumns and returns its rows.
func (tx *Tx) orgs(q string, args ...any) ([]*bontot.Org, error) {
	rows, err := tx.Query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*bontot.Org
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// escapeLike escapes LIKE wildcards; folded keys contain no backslash.
func escapeLike(s string) string {
	return strings.NewReplacer("%", "", "_", "").Replace(s)
}

// Ancestors returns the organizations on path, root first, the last being the node itself.
func (s *Store) Ancestors(ctx context.Context, path string) ([]*bontot.Org, error) {
	ids := bontot.PathIDs(path)
	if len(ids) == 0 {
		return nil, nil
	}
	var out []*bontot.Org
	err := s.read(ctx, func(tx *Tx) (err error) {
		out, err = tx.orgs(`SELECT `+orgColumns+orgFrom+` WHERE o.id IN (`+placeholders(len(ids))+`) ORDER BY o.depth`, int64Args(ids)...)
		return err
	})
	return out, err
}

// RenameOrg changes an organization's name (and short name) from a date, by
// a decision, and records the rename as a lineage event.
func (s *Store) RenameOrg(ctx context.Context, a Actor, id int64, name, shortName string, date bontot.Date, decision string) error {
	name, shortName, decision = vn.Clean(name), vn.Clean(shortName), vn.Clean(decision)
	fe := bontot.FieldErrors{}
	if name == "" {
		fe.Add("name", "Vui lòng nhập tên mới.")
	}
	if date.IsZero() {
		fe.Add("date", "Vui lòng nhập ngày hiệu lực.")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *Tx) error { return tx.renameOrg(a, id, name, shortName, date, decision) })
}

func (tx *Tx) renameOrg(a Actor, id int64, name, shortName string, date bontot.Date, decision string) error {
	o, err := tx.org(id)
	if err != nil {
		return err
	}
	if o.Name == name && o.ShortName == shortName {
		return bontot.Errorf(bontot.EINVALID, "Tên mới trùng với tên hiện tại.")
	}
	old := *o
	o.Name, o.ShortName = name, shortName
	if _, err := tx.Exec(`UPDATE orgs SET name = ?, short_name = ?, name_key = ?, search_key = ?, updated_at = ? WHERE id = ?`,
		o.Name, o.ShortName, vn.OrgKey(o.Name), orgSearchKey(o), tx.now, id); err != nil {
		return err
	}
	// Children are found by their parent's name too.
	kids, err := tx.orgs(`SELECT `+orgColumns+orgFrom+` WHERE o.parent_id = ?`, id)
	if err != nil {
		return err
	}
	ids := []int64{id}
	for _, k := range kids {
		if _, err := tx.Exec(`UPDATE orgs SET search_key = ? WHERE id = ?`, orgSearchKey(k), k.ID); err != nil {
			return err
		}
		ids = append(ids, k.ID)
	}
	if err := tx.indexOrgWords(ids...); err != nil {
		return err
	}
	note := fmt.Sprintf("Đổi tên từ “%s” thành “%s”", old.Name, o.Name)
	if err := tx.addEvent(bontot.EventRename, date, decision, note, []int64{id}, []int64{id}, a.UserID); err != nil {
		return err
	}
	return tx.audit(a, "org.rename", "org", id, o.Path, note, []bontot.Change{
		{Field: "Tên", Old: old.Name, New: o.Name}, {Field: "Tên viết tắt", Old: old.ShortName, New: o.ShortName},
		{Field: "Ngày hiệu lực", New: date.String()}, {Field: "Quyết định", New: decision},
	})
}

// ReparentOrg moves an organization and its whole subtree under a new parent:
// paths of the subtree and of its members are rewritten in two set-based
// statements, and the stored counts move from the old ancestors to the new.
func (s *Store) ReparentOrg(ctx context.Context, a Actor, id, newParentID int64, date bontot.Date, decision string) error {
	decision = vn.Clean(decision)
	if date.IsZero() {
		return &bontot.Error{Code: bontot.EINVALID, Message: "Vui lòng nhập ngày hiệu lực.", Fields: map[string]string{"date": "Vui lòng nhập ngày hiệu lực."}}
	}
	return s.tx(ctx, func(tx *Tx) error { return tx.reparentOrg(a, id, newParentID, date, decision) })
}

func (tx *Tx) reparentOrg(a Actor, id, newParentID int64, date bontot.Date, decision string) error {
	o, err := tx.org(id)
	if err != nil {
		return err
	}
	np, err := tx.org(newParentID)
	if err != nil {
		return err
	}
	if np.ID == o.ParentID {
		return bontot.Errorf(bontot.EINVALID, "“%s” đã trực thuộc “%s”.", o.Name, np.Name)
	}
	if strings.HasPrefix(np.Path, o.Path) {
		return bontot.Errorf(bontot.EINVALID, "Không thể chuyển “%s” vào chính tổ chức cấp dưới của nó.", o.Name)
	}
	if !o.Kind.CanBeChildOf(np.Kind) {
		return bontot.Errorf(bontot.EINVALID, "%s không thể trực thuộc %s.", o.Kind.Label(), strings.ToLower(np.Kind.Label()))
	}
	var oldParent *bontot.Org
	if o.ParentID != 0 {
		if oldParent, err = tx.org(o.ParentID); err != nil {
			return err
		}
		ids := bontot.PathIDs(oldParent.Path)
		if _, err := tx.Exec(`UPDATE orgs SET member_count = member_count - ?, cell_count = cell_count - ?, org_count = org_count - ? WHERE id IN (`+placeholders(len(ids))+`)`,
			append([]any{o.MemberCount, o.CellCount, o.OrgCount + 1}, int64Args(ids)...)...); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE orgs SET child_count = child_count - 1 WHERE id = ?`, oldParent.ID); err != nil {
			return err
		}
	}
	ids := bontot.PathIDs(np.Path)
	if _, err := tx.Exec(`UPDATE orgs SET member_count = member_count + ?, cell_count = cell_count + ?, org_count = org_count + ? WHERE id IN (`+placeholders(len(ids))+`)`,
		append([]any{o.MemberCount, o.CellCount, o.OrgCount + 1}, int64Args(ids)...)...); err != nil {
		return err
	}
	if _, err := tx.Exec(`UPDATE orgs SET child_count = child_count + 1 WHERE id = ?`, np.ID); err != nil {
		return err
	}
	newPath := np.Path + strconv.FormatInt(o.ID, 10) + "/"
	lo, hi := subtreeRange(o.Path)
	cut := len(o.Path) + 1 // SQL substr is 1-based
	if _, err := tx.Exec(`UPDATE orgs SET path = ? || substr(path, ?), depth = depth + ?, updated_at = ? WHERE path >= ? AND path < ?`,
		newPath, cut, np.Depth+1-o.Depth, tx.now, lo, hi); err != nil {
		return err
	}
	o.ParentName = np.Name
	if _, err := tx.Exec(`UPDATE orgs SET parent_id = ?, search_key = ? WHERE id = ?`, np.ID, orgSearchKey(o), o.ID); err != nil {
		return err
	}
	if err := tx.indexOrgWords(o.ID); err != nil {
		return err
	}
	if _, err := tx.Exec(`UPDATE members SET org_path = ? || substr(org_path, ?) WHERE org_path >= ? AND org_path < ?`,
		newPath, cut, lo, hi); err != nil {
		return err
	}
	if _, err := tx.Exec(`UPDATE good_practices SET org_path = ? || substr(org_path, ?) WHERE org_path >= ? AND org_path < ?`,
		newPath, cut, lo, hi); err != nil {
		return err
	}
	if err := tx.moveAssessments(oldParent, np, newPath, cut, lo, hi); err != nil {
		return err
	}
	if err := tx.moveMeetingRollup(o, oldParent, np); err != nil {
		return err
	}
	if err := tx.moveRegistrationRollup(o, oldParent, np); err != nil {
		return err
	}
	if err := tx.moveDeploymentRollup(o, oldParent, np); err != nil {
		return err
	}
	oldName := ""
	if oldParent != nil {
		oldName = oldParent.Name
	}
	note := fmt.Sprintf("Chuyển “%s” từ trực thuộc “%s” sang trực thuộc “%s”", o.Name, oldName, np.Name)
	// The links name the parents too, so lineage can answer "what did
	// this committee lose or gain".
	sources := []int64{o.ID}
	if oldParent != nil {
		sources = append(sources, oldParent.ID)
	}
	if err := tx.addEvent(bontot.EventReparent, date, decision, note, sources, []int64{o.ID, np.ID}, a.UserID); err != nil {
		return err
	}
	return tx.audit(a, "org.reparent", "org", o.ID, newPath, note, []bontot.Change{
		{Field: "Trực thuộc", Old: oldName, New: np.Name}, {Field: "Ngày hiệu lực", New: date.String()}, {Field: "Quyết định", New: decision},
	})
}

// addEvent records a lineage event with its source and target organizations.
func (tx *Tx) addEvent(kind bontot.OrgEventKind, date bontot.Date, decision, note string, sources, targets []int64, userID int64) error {
	id, err := tx.insert(`INSERT INTO org_events (kind, event_date, decision, note, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		kind, date, decision, note, nullInt(userID), tx.now)
	if err != nil {
		return err
	}
	for _, l := range []struct {
		role string
		ids  []int64
	}{{"source", sources}, {"target", targets}} {
		for _, oid := range l.ids {
			if _, err := tx.Exec(`INSERT INTO org_event_links (event_id, org_id, role) VALUES (?, ?, ?)`, id, oid, l.role); err != nil {
				return err
			}
		}
	}
	return nil
}

// OrgEvents returns the lineage events that involve the organization, newest first.
func (s *Store) OrgEvents(ctx context.Context, orgID int64) ([]*bontot.OrgEvent, error) {
	var out []*bontot.OrgEvent
	err := s.read(ctx, func(tx *Tx) error {
		rows, err := tx.Query(`SELECT e.id, e.kind, e.event_date, e.decision, e.note, COALESCE(e.user_id, 0), e.created_at FROM org_events e
			WHERE e.id IN (SELECT event_id FROM org_event_links WHERE org_id = ?) ORDER BY e.event_date DESC, e.id DESC`, orgID)
		if err != nil {
			return err
		}
		defer rows.Close()
		byID := map[int64]*bontot.OrgEvent{}
		for rows.Next() {
			e := &bontot.OrgEvent{}
			if err := rows.Scan(&e.ID, &e.Kind, &e.Date, &e.Decision, &e.Note, &e.UserID, &e.CreatedAt); err != nil {
				return err
			}
			out = append(out, e)
			byID[e.ID] = e
		}
		if err := rows.Err(); err != nil || len(out) == 0 {
			return err
		}
		ids := make([]int64, 0, len(out))
		for _, e := range out {
			ids = append(ids, e.ID)
		}
		links, err := tx.Query(`SELECT event_id, org_id, role FROM org_event_links WHERE event_id IN (`+placeholders(len(ids))+`) ORDER BY event_id, org_id`, int64Args(ids)...)
		if err != nil {
			return err
		}
		defer links.Close()
		for links.Next() {
			var eid, oid int64
			var role string
			if err := links.Scan(&eid, &oid, &role); err != nil {
				return err
			}
			if role == "source" {
				byID[eid].Sources = append(byID[eid].Sources, oid)
			} else {
				byID[eid].Targets = append(byID[eid].Targets, oid)
			}
		}
		return links.Err()
	})
	return out, err
}
