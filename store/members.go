package store

import (
	"context"
	"fmt"
	"strings"

	"bontot"
	"bontot/vn"
)

const memberColumns = `m.id, m.full_name, m.gender, m.birth_date, m.admitted_date, m.full_member_date, m.status,
	COALESCE(m.card_number, ''), m.position, m.phone, COALESCE(m.org_id, 0), m.org_path, COALESCE(m.temp_org_id, 0),
	COALESCE(o.name, ''), COALESCE(op.name, ''), COALESCE(t.name, ''), m.created_at, m.updated_at`

// memberJoins brings the names of the member's cells.
const memberJoins = ` LEFT JOIN orgs o ON o.id = m.org_id LEFT JOIN orgs op ON op.id = o.parent_id LEFT JOIN orgs t ON t.id = m.temp_org_id`

const memberFrom = ` FROM members m` + memberJoins

func scanMember(sc interface{ Scan(...any) error }) (*bontot.Member, error) {
	m := &bontot.Member{}
	err := sc.Scan(&m.ID, &m.FullName, &m.Gender, &m.BirthDate, &m.AdmittedDate, &m.FullMemberDate, &m.Status,
		&m.CardNumber, &m.Position, &m.Phone, &m.OrgID, &m.OrgPath, &m.TempOrgID, &m.OrgName, &m.OrgParentName, &m.TempOrgName, &m.CreatedAt, &m.UpdatedAt)
	return m, err
}

// memberKeys returns the sort key and the two search keys of a name: the
// folded name as written ("nguyen van duc") and given name first ("duc nguyen van").
func memberKeys(fullName string) (nameKey []byte, search, given string) {
	return vn.NameKey(fullName), vn.Fold(fullName), vn.Fold(vn.NameOrder(fullName))
}

// CreateMember registers a new member officially in the cell m.OrgID from
// the date since (today when zero).
func (s *Store) CreateMember(ctx context.Context, a Actor, m *bontot.Member, since bontot.Date) error {
	m.Normalize()
	today := s.Today()
	if err := m.Validate(today); err != nil {
		return err
	}
	if since.IsZero() {
		since = today
	}
	return s.tx(ctx, func(tx *Tx) error {
		if err := tx.createMember(m, since); err != nil {
			return err
		}
		return tx.audit(a, "member.create", "member", m.ID, m.OrgPath, fmt.Sprintf("Thêm đảng viên %s vào %s", m.FullName, m.OrgName), memberDiff(&bontot.Member{}, m))
	})
}

func (tx *Tx) createMember(m *bontot.Member, since bontot.Date) error {
	if m.OrgID == 0 {
		return &bontot.Error{Code: bontot.EINVALID, Message: "Vui lòng chọn chi bộ.", Fields: map[string]string{"org": "Vui lòng chọn chi bộ."}}
	}
	org, err := tx.org(m.OrgID)
	if err != nil {
		return err
	}
	if !org.Kind.IsCell() {
		return &bontot.Error{Code: bontot.EINVALID, Message: fmt.Sprintf("“%s” không phải là chi bộ: đảng viên chỉ sinh hoạt ở chi bộ.", org.Name), Fields: map[string]string{"org": "Vui lòng chọn một chi bộ."}}
	}
	if !org.ValidTo.IsZero() {
		return bontot.Errorf(bontot.EINVALID, "“%s” đã hết hiệu lực từ %s.", org.Name, org.ValidTo)
	}
	m.OrgPath, m.OrgName = org.Path, org.Name
	m.CreatedAt, m.UpdatedAt = tx.now, tx.now
	nameKey, search, given := memberKeys(m.FullName)
	id, err := tx.insert(`INSERT INTO members (full_name, name_key, search_key, given_key, gender, birth_date, admitted_date, full_member_date,
		status, card_number, position, phone, org_id, org_path, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.FullName, nameKey, search, given, m.Gender, m.BirthDate, m.AdmittedDate, m.FullMemberDate,
		m.Status, nullStr(m.CardNumber), m.Position, m.Phone, m.OrgID, m.OrgPath, m.CreatedAt, m.UpdatedAt)
	if isUnique(err) {
		return cardTaken(m.CardNumber)
	} else if err != nil {
		return err
	}
	m.ID = id
	if _, err := tx.Exec(`INSERT INTO memberships (member_id, org_id, kind, from_date) VALUES (?, ?, ?, ?)`, id, m.OrgID, bontot.Official, since); err != nil {
		return err
	}
	return tx.addMemberCount(m.OrgPath, 1)
}

func cardTaken(card string) error {
	return &bontot.Error{Code: bontot.ECONFLICT, Message: fmt.Sprintf("Số thẻ đảng viên %s đã được dùng cho một đảng viên khác.", card),
		Fields: map[string]string{"card_number": "Số thẻ này đã được dùng cho một đảng viên khác."}}
}

// addMemberCount adds delta to the stored member counts of every organization on path.
func (tx *Tx) addMemberCount(path string, delta int) error {
	ids := bontot.PathIDs(path)
	if len(ids) == 0 {
		return nil
	}
	_, err := tx.Exec(`UPDATE orgs SET member_count = member_count + ? WHERE id IN (`+placeholders(len(ids))+`)`, append([]any{delta}, int64Args(ids)...)...)
	return err
}

// UpdateMember saves the personal fields of a member. The cell is changed
// only by a transfer.
func (s *Store) UpdateMember(ctx context.Context, a Actor, m *bontot.Member) error {
	m.Normalize()
	if err := m.Validate(s.Today()); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *Tx) error { return tx.updateMember(a, m) })
}

func (tx *Tx) updateMember(a Actor, m *bontot.Member) error {
	old, err := tx.member(m.ID)
	if err != nil {
		return err
	}
	// The cell changes only by a transfer.
	m.OrgID, m.OrgPath, m.OrgName, m.TempOrgID, m.TempOrgName = old.OrgID, old.OrgPath, old.OrgName, old.TempOrgID, old.TempOrgName
	changes := memberDiff(old, m)
	if len(changes) == 0 {
		*m = *old
		return nil
	}
	nameKey, search, given := memberKeys(m.FullName)
	_, err = tx.Exec(`UPDATE members SET full_name = ?, name_key = ?, search_key = ?, given_key = ?, gender = ?, birth_date = ?, admitted_date = ?,
		full_member_date = ?, status = ?, card_number = ?, position = ?, phone = ?, updated_at = ? WHERE id = ?`,
		m.FullName, nameKey, search, given, m.Gender, m.BirthDate, m.AdmittedDate, m.FullMemberDate, m.Status, nullStr(m.CardNumber),
		m.Position, m.Phone, tx.now, m.ID)
	if isUnique(err) {
		return cardTaken(m.CardNumber)
	} else if err != nil {
		return err
	}
	m.CreatedAt, m.UpdatedAt = old.CreatedAt, tx.now
	return tx.audit(a, "member.update", "member", m.ID, m.OrgPath, "Sửa hồ sơ đảng viên "+m.FullName, changes)
}

// memberDiff lists the fields that differ between old and new, with Vietnamese labels.
func memberDiff(old, new *bontot.Member) []bontot.Change {
	var out []bontot.Change
	add := func(field, o, n string) {
		if o != n {
			out = append(out, bontot.Change{Field: field, Old: o, New: n})
		}
	}
	add("Họ và tên", old.FullName, new.FullName)
	add("Giới tính", old.Gender.Label(), new.Gender.Label())
	add("Ngày sinh", old.BirthDate.String(), new.BirthDate.String())
	add("Ngày vào Đảng", old.AdmittedDate.String(), new.AdmittedDate.String())
	add("Ngày chính thức", old.FullMemberDate.String(), new.FullMemberDate.String())
	add("Tình trạng", old.Status.Label(), new.Status.Label())
	add("Số thẻ đảng viên", old.CardNumber, new.CardNumber)
	add("Chức vụ", old.Position.Label(), new.Position.Label())
	add("Điện thoại", old.Phone, new.Phone)
	add("Chi bộ", old.OrgName, new.OrgName)
	return out
}

// Member returns a member with the names of the cells. Reading it does not
// write the audit log; callers that show the record to a person call
// Audit with "member.read".
func (s *Store) Member(ctx context.Context, id int64) (*bontot.Member, error) {
	var m *bontot.Member
	err := s.read(ctx, func(tx *Tx) (err error) { m, err = tx.member(id); return err })
	return m, err
}

func (tx *Tx) member(id int64) (*bontot.Member, error) {
	m, err := scanMember(tx.QueryRow(`SELECT `+memberColumns+memberFrom+` WHERE m.id = ?`, id))
	return m, notFound(err, "đảng viên")
}

// Limits of the member list plans, chosen so that any page of any scope,
// the national one included, costs a bounded number of index entries.
// They are variables so that tests can exercise every plan on small data.
var (
	// SearchCap is the number of name matches in a large subtree above which
	// the matches are listed in the order of the full name (the index order)
	// instead of being sorted in Vietnamese order.
	SearchCap = 500
	// SmallScope is the largest subtree (in members) that is scanned whole:
	// it is listed without a query, and searched by filtering its members.
	SmallScope = 30000
)

// MemberPage is one page of a member list.
type MemberPage struct {
	Members []*bontot.Member
	Total   int  // number of matches (SearchCap+1 when Capped)
	Capped  bool // more than SearchCap matches: listed by full name, not sorted
	// NeedQuery says the subtree is too large to list without a search;
	// Total is then its member count.
	NeedQuery bool
}

// Members lists the members that match f in Vietnamese order (given name
// first). A name query matches the start of the full name or of the given
// name, without accents ("nguyen van duc", "duc"); digits match the start of
// the card number. The plan depends on the size of the subtree, which the
// stored counts give: a cell or a small subtree is read whole through
// members_path; in a large subtree a name search walks the name indexes, whose
// second column (org_path) filters the subtree without reading rows, and
// stops after SearchCap+1 matches.
func (s *Store) Members(ctx context.Context, f bontot.MemberFilter) (*MemberPage, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	q := vn.Fold(f.Query)
	card := q != "" && strings.IndexFunc(q, func(r rune) bool { return r < '0' || r > '9' }) < 0
	page := &MemberPage{}
	err := s.read(ctx, func(tx *Tx) error {
		var where []string
		var args []any
		size := SmallScope
		hint := "members_path"
		switch {
		case f.OrgID != 0:
			cell, err := tx.org(f.OrgID)
			if err != nil {
				return err
			}
			where, args = append(where, "(m.org_path = ? OR m.temp_org_id = ?)"), append(args, cell.Path, cell.ID)
			hint = "" // an OR of two indexes
		case f.Under != "":
			lo, hi := subtreeRange(f.Under)
			where, args = append(where, "m.org_path >= ? AND m.org_path < ?"), append(args, lo, hi)
			ids := bontot.PathIDs(f.Under)
			if err := tx.QueryRow(`SELECT member_count FROM orgs WHERE id = ?`, ids[len(ids)-1]).Scan(&size); err != nil {
				return notFound(err, "tổ chức")
			}
		default: // everything: the roots' counts add up to the register
			where, args = append(where, "m.org_path >= ? AND m.org_path < ?"), append(args, "/", "0")
			if err := tx.QueryRow(`SELECT COALESCE(SUM(member_count), 0) FROM orgs WHERE parent_id IS NULL`).Scan(&size); err != nil {
				return err
			}
		}
		if f.Status != "" {
			where, args = append(where, "m.status = ?"), append(args, f.Status)
		}
		switch {
		case card:
			where, args = append(where, "m.card_number >= ? AND m.card_number < ?"), append(args, q, q+"\U0010FFFF")
			hint = "members_card"
		case q != "" && size > SmallScope:
			return tx.searchLarge(page, where, args, q, f)
		case q != "":
			where = append(where, "((m.search_key >= ? AND m.search_key < ?) OR (m.given_key >= ? AND m.given_key < ?))")
			args = append(args, q, q+"\U0010FFFF", q, q+"\U0010FFFF")
		case size > SmallScope:
			page.Total, page.NeedQuery = size, true
			return nil
		}
		from := " FROM members m" + tx.s.indexedBy(hint)
		cond := " WHERE " + strings.Join(where, " AND ")
		if err := tx.QueryRow(`SELECT COUNT(*)`+from+cond, args...).Scan(&page.Total); err != nil {
			return err
		}
		return tx.memberPage(page, `SELECT m.*`+from+cond, "m.name_key, m.id", append(args, f.Limit, f.Offset)...)
	})
	return page, err
}

// searchLarge answers a name search in a large subtree: each name index is
// walked for at most SearchCap+1 matches; up to SearchCap matches are sorted
// in Vietnamese order, more are listed in the order of the index.
func (tx *Tx) searchLarge(page *MemberPage, where []string, args []any, q string, f bontot.MemberFilter) error {
	leg := func(key string) (string, []any) {
		w := append([]string{"m." + key + " >= ? AND m." + key + " < ?"}, where...)
		return `SELECT m.id FROM members m` + tx.s.indexedBy("members_"+strings.TrimSuffix(key, "_key")) + ` WHERE ` + strings.Join(w, " AND ") + ` LIMIT ?`,
			append(append([]any{q, q + "\U0010FFFF"}, args...), SearchCap+1)
	}
	full, fullArgs := leg("search_key")
	given, givenArgs := leg("given_key")
	union := `SELECT id FROM (` + full + `) a UNION SELECT id FROM (` + given + `) b`
	unionArgs := append(append([]any{}, fullArgs...), givenArgs...)
	var nFull int
	if err := tx.QueryRow(`SELECT COUNT(*) FROM (`+full+`) a`, fullArgs...).Scan(&nFull); err != nil {
		return err
	}
	if err := tx.QueryRow(`SELECT COUNT(*) FROM (`+union+`) u`, unionArgs...).Scan(&page.Total); err != nil {
		return err
	}
	if page.Total <= SearchCap {
		return tx.memberPage(page, `SELECT m.* FROM members m WHERE m.id IN (`+union+`)`, "m.name_key, m.id",
			append(unionArgs, f.Limit, f.Offset)...)
	}
	page.Capped = true
	key := "search_key"
	if nFull <= SearchCap {
		key = "given_key" // the matches are mostly by given name
	}
	w := append([]string{"m." + key + " >= ? AND m." + key + " < ?"}, where...)
	return tx.memberPage(page, `SELECT m.* FROM members m`+tx.s.indexedBy("members_"+strings.TrimSuffix(key, "_key"))+` WHERE `+strings.Join(w, " AND "),
		"m."+key+", m.org_path, m.id", append(append([]any{q, q + "\U0010FFFF"}, args...), f.Limit, f.Offset)...)
}

// memberPage takes one page of the members that inner selects, in the order
// orderBy, and only then joins the names of their cells: the limit applies
// before the joins whatever the planner estimates (PostgreSQL, misled right
// after a bulk load, once joined 6,687 rows to sort them for a page of 50).
// The last two args are the limit and the offset.
func (tx *Tx) memberPage(page *MemberPage, inner, orderBy string, args ...any) error {
	rows, err := tx.Query(`SELECT `+memberColumns+` FROM (`+inner+` ORDER BY `+orderBy+` LIMIT ? OFFSET ?) m`+memberJoins+` ORDER BY `+orderBy, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return err
		}
		page.Members = append(page.Members, m)
	}
	return rows.Err()
}

// Memberships returns a member's history across cells, oldest first.
func (s *Store) Memberships(ctx context.Context, memberID int64) ([]*bontot.Membership, error) {
	var out []*bontot.Membership
	err := s.read(ctx, func(tx *Tx) error {
		rows, err := tx.Query(`SELECT ms.id, ms.member_id, ms.org_id, o.name, COALESCE(p.name, ''), ms.kind, ms.from_date, ms.to_date, ms.note
			FROM memberships ms JOIN orgs o ON o.id = ms.org_id LEFT JOIN orgs p ON p.id = o.parent_id WHERE ms.member_id = ? ORDER BY ms.from_date, ms.id`, memberID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			ms := &bontot.Membership{}
			if err := rows.Scan(&ms.ID, &ms.MemberID, &ms.OrgID, &ms.OrgName, &ms.OrgParentName, &ms.Kind, &ms.From, &ms.To, &ms.Note); err != nil {
				return err
			}
			out = append(out, ms)
		}
		return rows.Err()
	})
	return out, err
}

// TransferMember moves a member to another cell. An official transfer closes
// the open official membership on t.Date and opens one in the target; a
// temporary transfer opens a temporary membership and keeps the official one.
func (s *Store) TransferMember(ctx context.Context, a Actor, t bontot.Transfer) error {
	t.Note = vn.Clean(t.Note)
	fe := bontot.FieldErrors{}
	if t.ToOrgID == 0 {
		fe.Add("to_org", "Vui lòng chọn chi bộ chuyển đến.")
	}
	if t.Date.IsZero() {
		fe.Add("date", "Vui lòng nhập ngày chuyển.")
	} else if t.Date.After(s.Today()) {
		fe.Add("date", "Ngày chuyển không được sau ngày hôm nay.")
	}
	if t.Kind != bontot.Official && t.Kind != bontot.Temporary {
		fe.Add("kind", "Vui lòng chọn hình thức chuyển sinh hoạt.")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *Tx) error { return tx.transferMember(a, t) })
}

func (tx *Tx) transferMember(a Actor, t bontot.Transfer) error {
	m, err := tx.member(t.MemberID)
	if err != nil {
		return err
	}
	to, err := tx.org(t.ToOrgID)
	if err != nil {
		return err
	}
	if !to.Kind.IsCell() || !to.ValidTo.IsZero() {
		return &bontot.Error{Code: bontot.EINVALID, Message: fmt.Sprintf("“%s” không phải là chi bộ đang hoạt động.", to.Name), Fields: map[string]string{"to_org": "Vui lòng chọn một chi bộ đang hoạt động."}}
	}
	if to.ID == m.OrgID {
		return &bontot.Error{Code: bontot.EINVALID, Message: fmt.Sprintf("Đảng viên %s đang sinh hoạt chính thức tại %s.", m.FullName, to.Name), Fields: map[string]string{"to_org": "Chi bộ chuyển đến trùng chi bộ hiện tại."}}
	}
	var open bontot.Date
	kind := bontot.Official
	if t.Kind == bontot.Temporary {
		kind = bontot.Temporary
	}
	err = tx.QueryRow(`SELECT MAX(from_date) FROM memberships WHERE member_id = ? AND kind = ? AND to_date IS NULL`, m.ID, kind).Scan(&open)
	if err != nil {
		return err
	}
	if !open.IsZero() && t.Date.Before(open) {
		return &bontot.Error{Code: bontot.EINVALID, Message: fmt.Sprintf("Ngày chuyển phải từ ngày %s, ngày bắt đầu sinh hoạt hiện tại.", open), Fields: map[string]string{"date": "Ngày chuyển sớm hơn ngày bắt đầu sinh hoạt hiện tại."}}
	}
	if _, err := tx.Exec(`UPDATE memberships SET to_date = ? WHERE member_id = ? AND kind = ? AND to_date IS NULL`, t.Date, m.ID, kind); err != nil {
		return err
	}
	if _, err := tx.Exec(`INSERT INTO memberships (member_id, org_id, kind, from_date, note) VALUES (?, ?, ?, ?, ?)`, m.ID, to.ID, kind, t.Date, t.Note); err != nil {
		return err
	}
	var changes []bontot.Change
	var summary string
	if kind == bontot.Official {
		// A temporary stay in the new home cell ends with the official move.
		if m.TempOrgID != 0 {
			if _, err := tx.Exec(`UPDATE memberships SET to_date = ? WHERE member_id = ? AND kind = ? AND to_date IS NULL`, t.Date, m.ID, bontot.Temporary); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(`UPDATE members SET org_id = ?, org_path = ?, temp_org_id = NULL, updated_at = ? WHERE id = ?`, to.ID, to.Path, tx.now, m.ID); err != nil {
			return err
		}
		if err := tx.addMemberCount(m.OrgPath, -1); err != nil {
			return err
		}
		if err := tx.addMemberCount(to.Path, 1); err != nil {
			return err
		}
		changes = []bontot.Change{{Field: "Chi bộ", Old: m.OrgName, New: to.Name}}
		summary = fmt.Sprintf("Chuyển sinh hoạt chính thức đảng viên %s từ %s đến %s", m.FullName, m.OrgName, to.Name)
	} else {
		if _, err := tx.Exec(`UPDATE members SET temp_org_id = ?, updated_at = ? WHERE id = ?`, to.ID, tx.now, m.ID); err != nil {
			return err
		}
		changes = []bontot.Change{{Field: "Sinh hoạt tạm thời", Old: m.TempOrgName, New: to.Name}}
		summary = fmt.Sprintf("Chuyển sinh hoạt tạm thời đảng viên %s từ %s đến %s", m.FullName, m.OrgName, to.Name)
	}
	changes = append(changes, bontot.Change{Field: "Ngày chuyển", New: t.Date.String()})
	if t.Note != "" {
		changes = append(changes, bontot.Change{Field: "Ghi chú", New: t.Note})
	}
	// The entry is filed under the nearest organization above both cells,
	// so that whoever oversees either side sees it.
	return tx.audit(a, "member.transfer", "member", m.ID, commonPath(m.OrgPath, to.Path), summary, changes)
}

// commonPath returns the longest common materialized path of a and b.
func commonPath(a, b string) string {
	n := 0
	for i := 0; i < len(a) && i < len(b) && a[i] == b[i]; i++ {
		if a[i] == '/' {
			n = i + 1
		}
	}
	return a[:n]
}
