package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"bontot"
	"bontot/scoring"
)

// DefaultQuota caps "excellent" ratings when no campaign covers the
// organization and the year: 20% of those rated good (DOMAIN.md §4), in
// hundredths of a percent like Campaign.Quota.
const DefaultQuota scoring.Points = 2000

// activeInYear selects the organizations (alias o) that existed on some day
// of the year; its two arguments are the last and the first day of the year.
const activeInYear = ` AND o.valid_from <= ? AND (o.valid_to IS NULL OR o.valid_to > ?)`

func yearBounds(year int) (first, next bontot.Date) {
	return bontot.NewDate(year, 1, 1), bontot.NewDate(year+1, 1, 1)
}

func lastDay(year int) bontot.Date { return bontot.NewDate(year, 12, 31) }

// validYear refuses years that cannot be rated: before the register began or
// still to come.
func (s *Store) validYear(year int) error {
	if year < 1990 || year > s.Today().Year() {
		return &bontot.Error{Code: bontot.EINVALID, Message: fmt.Sprintf("Năm %d không hợp lệ: chỉ xếp loại các năm từ 1990 đến năm nay.", year),
			Fields: map[string]string{"year": "Năm xếp loại không hợp lệ."}}
	}
	return nil
}

// validRating reports whether r is one of the four levels or Unrated.
func validRating(r scoring.Rating) bool { return r >= scoring.Unrated && r <= scoring.HTXSNV }

// ratingText is a rating for audit summaries.
func ratingText(r scoring.Rating) string {
	if r == scoring.Unrated {
		return "chưa xếp loại"
	}
	return r.Label()
}

// ratingCode is a rating for audit changes: its code, "" when unrated.
func ratingCode(r scoring.Rating) string {
	if r == scoring.Unrated {
		return ""
	}
	return r.Code()
}

// RatingSheet returns the ratings of a grassroots organization (đảng bộ cơ
// sở or chi bộ cơ sở) for a year: its own rating; each of its cells that
// existed in the year, at any depth (those under a đảng bộ bộ phận too), with
// the cell's rating; and each member currently registered in a cell, in
// Vietnamese order, with the member's rating and whether a discipline decision
// is dated in the year. A chi bộ cơ sở has one cell: itself. The quota is the
// campaign's that covers the organization and the year (the nearest scope
// wins), else DefaultQuota.
func (s *Store) RatingSheet(ctx context.Context, grassrootsID int64, year int) (*bontot.RatingSheet, error) {
	var sheet *bontot.RatingSheet
	err := s.read(ctx, func(tx *Tx) error {
		g, err := tx.org(grassrootsID)
		if err != nil {
			return err
		}
		sheet, err = tx.ratingSheet(g, year)
		return err
	})
	return sheet, err
}

func notGrassroots(o *bontot.Org) error {
	return bontot.Errorf(bontot.EINVALID, "“%s” không phải là tổ chức cơ sở đảng (đảng bộ cơ sở hoặc chi bộ cơ sở): xếp loại được lập theo từng tổ chức cơ sở đảng.", o.Name)
}

func (tx *Tx) ratingSheet(g *bontot.Org, year int) (*bontot.RatingSheet, error) {
	if !g.Kind.IsGrassroots() {
		return nil, notGrassroots(g)
	}
	sheet := &bontot.RatingSheet{Year: year, Grassroots: g}
	var err error
	if sheet.Quota, err = tx.ratingQuota(g.Path, year); err != nil {
		return nil, err
	}
	if err := tx.QueryRow(`SELECT COALESCE(MAX(rating), 0) FROM org_ratings WHERE org_id = ? AND year = ?`, g.ID, year).Scan(&sheet.Own); err != nil {
		return nil, err
	}
	lo, hi := subtreeRange(g.Path)
	first, next := yearBounds(year)
	var cells []*bontot.Org
	if g.Kind.IsCell() {
		cells = []*bontot.Org{g}
	} else {
		// Cells directly under the committee first, then those of each đảng
		// bộ bộ phận, in Vietnamese order.
		cells, err = tx.orgs(`SELECT `+orgColumns+orgFrom+` WHERE o.path >= ? AND o.path < ? AND o.kind = ?`+activeInYear+`
			ORDER BY o.depth, p.name_key, o.name_key, o.id`, lo, hi, bontot.KindCell, lastDay(year), first)
		if err != nil {
			return nil, err
		}
	}
	index := make(map[int64]int, len(cells))
	for i, c := range cells {
		index[c.ID] = i
		sheet.Cells = append(sheet.Cells, bontot.RatingCell{Org: c})
	}
	if len(cells) > 0 {
		ids := make([]int64, len(cells))
		for i, c := range cells {
			ids[i] = c.ID
		}
		rows, err := tx.Query(`SELECT org_id, rating FROM org_ratings WHERE year = ? AND org_id IN (`+placeholders(len(ids))+`)`, append([]any{year}, int64Args(ids)...)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var r scoring.Rating
			if err := rows.Scan(&id, &r); err != nil {
				rows.Close()
				return nil, err
			}
			sheet.Cells[index[id]].Rating = r
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	rows, err := tx.Query(`SELECT m.id, m.full_name, COALESCE(m.card_number, ''), COALESCE(m.org_id, 0), COALESCE(mr.rating, 0),
		CASE WHEN EXISTS (SELECT 1 FROM disciplines d WHERE d.member_id = m.id AND d.decided_on >= ? AND d.decided_on < ?) THEN 1 ELSE 0 END
		FROM members m LEFT JOIN member_ratings mr ON mr.member_id = m.id AND mr.year = ?
		WHERE m.org_path >= ? AND m.org_path < ? ORDER BY m.name_key, m.id`, first, next, year, lo, hi)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		r := bontot.RatingRow{Year: year}
		var disciplined int
		if err := rows.Scan(&r.MemberID, &r.Name, &r.CardNumber, &r.OrgID, &r.Rating, &disciplined); err != nil {
			return nil, err
		}
		i, ok := index[r.OrgID]
		if !ok {
			continue // a cell dissolved before the year
		}
		c := sheet.Cells[i].Org
		r.OrgName, r.OrgCode, r.Disciplined = c.Name, c.Code, disciplined != 0
		sheet.Cells[i].Members = append(sheet.Cells[i].Members, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if g.Kind.IsCell() {
		sheet.Cells[0].Rating = sheet.Own
	}
	return sheet, nil
}

// ratingQuota is the quota of the campaign whose scope contains the
// organization at path and whose period contains the year, the nearest scope
// first; DefaultQuota without one.
func (tx *Tx) ratingQuota(path string, year int) (scoring.Points, error) {
	ids := bontot.PathIDs(path)
	var q []scoring.Points
	rows, err := tx.Query(`SELECT c.quota FROM campaigns c JOIN orgs s ON s.id = c.scope_org_id
		WHERE c.scope_org_id IN (`+placeholders(len(ids))+`) AND c.from_year <= ? AND c.to_year >= ?
		ORDER BY s.depth DESC, c.id DESC LIMIT 1`, append(int64Args(ids), year, year)...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var p scoring.Points
		if err := rows.Scan(&p); err != nil {
			return 0, err
		}
		q = append(q, p)
	}
	if err := rows.Err(); err != nil || len(q) == 0 {
		return DefaultQuota, err
	}
	return q[0], nil
}

// SaveRatings sets ratings on a grassroots organization's sheet for a year:
// own is the organization's own rating; cells and members map ids to new
// ratings, and the ones not named keep their stored rating. The whole sheet
// with the new values is checked against the rating rules (scoring.CheckRatings);
// when a rule is broken nothing is saved and the violations are returned
// with a nil error. Unrated removes a rating. Every changed rating is
// audited. Cells and members that are not on the organization's sheet are
// refused (EINVALID). For a chi bộ cơ sở, own is the rating of its one cell.
func (s *Store) SaveRatings(ctx context.Context, a Actor, grassrootsID int64, year int, own scoring.Rating, cells map[int64]scoring.Rating, members map[int64]scoring.Rating) ([]scoring.Violation, error) {
	if err := s.validYear(year); err != nil {
		return nil, err
	}
	var violations []scoring.Violation
	err := s.tx(ctx, func(tx *Tx) error {
		g, err := tx.org(grassrootsID)
		if err != nil {
			return err
		}
		if !g.Kind.IsGrassroots() {
			return notGrassroots(g)
		}
		if err := tx.lockRatings(g.ID); err != nil {
			return err
		}
		sheet, err := tx.ratingSheet(g, year)
		if err != nil {
			return err
		}
		if c, ok := cells[g.ID]; ok && g.Kind.IsCell() && c != own {
			return bontot.Errorf(bontot.EINVALID, "Chi bộ cơ sở “%s” chỉ có một xếp loại.", g.Name)
		}
		changes, err := overlayRatings(sheet, &own, cells, members)
		if err != nil {
			return err
		}
		if violations = scoring.CheckRatings(sheet.Rated(), sheet.Quota); len(violations) > 0 {
			return nil // nothing was written
		}
		_, err = tx.writeRatings(a, year, changes)
		return err
	})
	if err != nil {
		return nil, err
	}
	return violations, nil
}

// lockRatings serializes the rating writes of one grassroots organization on
// PostgreSQL, so that two officers saving at once cannot together exceed the
// quota; SQLite's immediate transactions already run writers one at a time.
func (tx *Tx) lockRatings(grassrootsID int64) error {
	if tx.s.engine != Postgres {
		return nil
	}
	_, err := tx.Exec(`SELECT id FROM orgs WHERE id = ? FOR UPDATE`, grassrootsID)
	return err
}

// ratingChange is one rating to write.
type ratingChange struct {
	org      *bontot.Org       // the organization rated, or the member's cell
	member   *bontot.RatingRow // nil for an organization's own rating
	old, new scoring.Rating
}

// overlayRatings puts the new ratings on the sheet (own may be nil: keep the
// stored one) and returns what differs from the stored values, organization
// first, then cells, then members in sheet order.
func overlayRatings(sheet *bontot.RatingSheet, own *scoring.Rating, cells, members map[int64]scoring.Rating) ([]ratingChange, error) {
	g := sheet.Grassroots
	for _, r := range cells {
		if !validRating(r) {
			return nil, bontot.Errorf(bontot.EINVALID, "Xếp loại không hợp lệ.")
		}
	}
	for _, r := range members {
		if !validRating(r) {
			return nil, bontot.Errorf(bontot.EINVALID, "Xếp loại không hợp lệ.")
		}
	}
	var changes []ratingChange
	if own != nil {
		if !validRating(*own) {
			return nil, bontot.Errorf(bontot.EINVALID, "Xếp loại không hợp lệ.")
		}
		if *own != sheet.Own {
			changes = append(changes, ratingChange{org: g, old: sheet.Own, new: *own})
		}
		sheet.Own = *own
		if g.Kind.IsCell() {
			sheet.Cells[0].Rating = *own
		}
	}
	seenCells, seenMembers := 0, 0
	for i := range sheet.Cells {
		c := &sheet.Cells[i]
		if r, ok := cells[c.Org.ID]; ok {
			seenCells++
			if c.Org.ID != g.ID && r != c.Rating {
				changes = append(changes, ratingChange{org: c.Org, old: c.Rating, new: r})
				c.Rating = r
			}
		}
	}
	for i := range sheet.Cells {
		c := &sheet.Cells[i]
		for j := range c.Members {
			m := &c.Members[j]
			if r, ok := members[m.MemberID]; ok {
				seenMembers++
				if r != m.Rating {
					changes = append(changes, ratingChange{org: c.Org, member: m, old: m.Rating, new: r})
					m.Rating = r
				}
			}
		}
	}
	if seenCells != len(cells) {
		return nil, bontot.Errorf(bontot.EINVALID, "Có chi bộ không thuộc “%s” trong năm %d.", g.Name, sheet.Year)
	}
	if seenMembers != len(members) {
		return nil, bontot.Errorf(bontot.EINVALID, "Có đảng viên không sinh hoạt tại các chi bộ của “%s”.", g.Name)
	}
	return changes, nil
}

// writeRatings stores the changes with an audit entry each, then lets the
// assessments that read ratings follow. It returns how many ratings were new.
func (tx *Tx) writeRatings(a Actor, year int, changes []ratingChange) (created int, err error) {
	var paths []string
	for _, c := range changes {
		if c.old == scoring.Unrated {
			created++
		}
		if !slices.Contains(paths, c.org.Path) {
			paths = append(paths, c.org.Path)
		}
		field := fmt.Sprintf("Xếp loại năm %d", year)
		diff := []bontot.Change{{Field: field, Old: ratingCode(c.old), New: ratingCode(c.new)}}
		if c.member == nil {
			if err := tx.putRating(`org_ratings`, `org_id`, c.org.ID, 0, year, c.new); err != nil {
				return 0, err
			}
			err = tx.audit(a, "rating.org", "org", c.org.ID, c.org.Path,
				fmt.Sprintf("Xếp loại năm %d của %s: %s", year, c.org.Name, ratingText(c.new)), diff)
		} else {
			if err := tx.putRating(`member_ratings`, `member_id`, c.member.MemberID, c.org.ID, year, c.new); err != nil {
				return 0, err
			}
			err = tx.audit(a, "rating.member", "member", c.member.MemberID, c.org.Path,
				fmt.Sprintf("Xếp loại năm %d của đảng viên %s (%s): %s", year, c.member.Name, c.org.Name, ratingText(c.new)), diff)
		}
		if err != nil {
			return 0, err
		}
	}
	if len(paths) == 0 {
		return 0, nil
	}
	return created, tx.afterRatingsChanged(year, paths)
}

// putRating upserts or, for Unrated, deletes one rating. A member's rating
// is filed under the cell (cellID) the member belongs to when rated.
func (tx *Tx) putRating(table, key string, id, cellID int64, year int, r scoring.Rating) error {
	if r == scoring.Unrated {
		_, err := tx.Exec(`DELETE FROM `+table+` WHERE `+key+` = ? AND year = ?`, id, year)
		return err
	}
	if table == "member_ratings" {
		_, err := tx.Exec(`INSERT INTO member_ratings (member_id, year, org_id, rating, updated_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (member_id, year) DO UPDATE SET org_id = excluded.org_id, rating = excluded.rating, updated_at = excluded.updated_at`,
			id, year, cellID, int64(r), tx.now)
		return err
	}
	_, err := tx.Exec(`INSERT INTO org_ratings (org_id, year, rating, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (org_id, year) DO UPDATE SET rating = excluded.rating, updated_at = excluded.updated_at`, id, year, int64(r), tx.now)
	return err
}

// Ratings lists the ratings of a year in the subtree at under, for export:
// each grassroots organization, then each of its cells followed by the
// cell's current members, organizations and members in Vietnamese order.
// Organizations that existed in the year and current members are listed
// whether rated or not (Rating is then Unrated), so that the list serves as
// the form to fill in.
func (s *Store) Ratings(ctx context.Context, under string, year int) ([]bontot.RatingRow, error) {
	lo, hi := subtreeRange(under)
	first, next := yearBounds(year)
	var out []bontot.RatingRow
	err := s.read(ctx, func(tx *Tx) error {
		orgRows, err := tx.Query(`SELECT o.id, o.code, o.name, o.kind, o.path, COALESCE(r.rating, 0)
			FROM orgs o LEFT JOIN org_ratings r ON r.org_id = o.id AND r.year = ?
			WHERE o.path >= ? AND o.path < ? AND o.kind IN (?, ?, ?)`+activeInYear+` ORDER BY o.name_key, o.id`,
			year, lo, hi, bontot.KindBaseCommittee, bontot.KindBaseCell, bontot.KindCell, lastDay(year), first)
		if err != nil {
			return err
		}
		type unit struct {
			row   bontot.RatingRow
			kind  bontot.OrgKind
			path  string
			cells []*unit
			mems  []bontot.RatingRow
		}
		var units []*unit
		byID := map[int64]*unit{}
		for orgRows.Next() {
			u := &unit{row: bontot.RatingRow{Year: year}}
			if err := orgRows.Scan(&u.row.OrgID, &u.row.OrgCode, &u.row.OrgName, &u.kind, &u.path, &u.row.Rating); err != nil {
				orgRows.Close()
				return err
			}
			u.row.Name = u.row.OrgName
			units = append(units, u)
			byID[u.row.OrgID] = u
		}
		orgRows.Close()
		if err := orgRows.Err(); err != nil {
			return err
		}
		memRows, err := tx.Query(`SELECT m.id, m.full_name, COALESCE(m.card_number, ''), COALESCE(m.org_id, 0), COALESCE(mr.rating, 0),
			CASE WHEN EXISTS (SELECT 1 FROM disciplines d WHERE d.member_id = m.id AND d.decided_on >= ? AND d.decided_on < ?) THEN 1 ELSE 0 END
			FROM members m LEFT JOIN member_ratings mr ON mr.member_id = m.id AND mr.year = ?
			WHERE m.org_path >= ? AND m.org_path < ? ORDER BY m.name_key, m.id`, first, next, year, lo, hi)
		if err != nil {
			return err
		}
		defer memRows.Close()
		for memRows.Next() {
			r := bontot.RatingRow{Year: year}
			var disciplined int
			if err := memRows.Scan(&r.MemberID, &r.Name, &r.CardNumber, &r.OrgID, &r.Rating, &disciplined); err != nil {
				return err
			}
			cell := byID[r.OrgID]
			if cell == nil {
				continue
			}
			r.OrgName, r.OrgCode, r.Disciplined = cell.row.OrgName, cell.row.OrgCode, disciplined != 0
			cell.mems = append(cell.mems, r)
		}
		if err := memRows.Err(); err != nil {
			return err
		}
		// Each cell goes under its nearest grassroots organization in the
		// list; cells whose grassroots organization is above the subtree
		// come first, on their own.
		var loose []*unit
		for _, u := range units {
			if u.kind != bontot.KindCell {
				continue
			}
			var g *unit
			ids := bontot.PathIDs(u.path)
			for i := len(ids) - 2; i >= 0 && g == nil; i-- {
				if a := byID[ids[i]]; a != nil && a.kind.IsGrassroots() {
					g = a
				}
			}
			if g == nil {
				loose = append(loose, u)
			} else {
				g.cells = append(g.cells, u)
			}
		}
		emit := func(u *unit) {
			out = append(out, u.row)
			out = append(out, u.mems...)
		}
		for _, u := range loose {
			emit(u)
		}
		for _, u := range units {
			if u.kind.IsGrassroots() {
				emit(u)
				for _, c := range u.cells {
					emit(c)
				}
			}
		}
		return nil
	})
	return out, err
}

// RatingImportRow is one row of a rating file: an organization's own rating
// when CardNumber is empty (OrgCode names a grassroots organization or a
// cell), else a member's rating (OrgCode, optional, is then the member's
// cell, checked against the register). Unrated removes a rating.
type RatingImportRow struct {
	Row        int
	Year       int
	OrgCode    string
	CardNumber string
	Rating     scoring.Rating
}

// Column titles of the rating file, for problems.
const (
	colYear   = "Năm"
	colOrg    = "Mã tổ chức"
	colCard   = "Số thẻ đảng viên"
	colRating = "Xếp loại"
)

// ratingGroup is the rows of one grassroots organization and year.
type ratingGroup struct {
	g       *bontot.Org
	year    int
	own     *scoring.Rating
	cells   map[int64]scoring.Rating
	members map[int64]scoring.Rating
	// rows of the subjects, for the problems: organizations and members apart,
	// their ids being of different tables.
	orgRows, memberRows map[int64]RatingImportRow
	first               RatingImportRow
}

// ImportRatings applies a rating file in one transaction: every row or none.
// mayRate says whether the importing user may rate the organization at path
// (member false: its own rating, which is the business of the level above)
// or the members of the cell at path (member true). Rows are grouped by
// grassroots organization and year, merged with the stored ratings and
// checked against the rating rules; a broken rule is reported on the row of
// the subject concerned (or of the organization the rule is checked on), with
// the rule's message. With problems, or with dryRun, nothing changes.
// Created counts new ratings, Updated changed ones (removals included).
func (s *Store) ImportRatings(ctx context.Context, a Actor, rows []RatingImportRow, mayRate func(path string, member bool) bool, dryRun bool) (*ImportResult, error) {
	res := &ImportResult{}
	today := s.Today()
	err := s.tx(ctx, func(tx *Tx) error {
		problem := func(r RatingImportRow, col, value, msg string) {
			res.Problems = append(res.Problems, Problem{Row: r.Row, Column: col, Value: value, Message: msg})
		}
		orgs := map[string]*bontot.Org{}
		orgByCode := func(code string) (*bontot.Org, error) {
			if o, ok := orgs[code]; ok {
				return o, nil
			}
			o, err := tx.orgByCode(code)
			if bontot.ErrorCode(err) == bontot.ENOTFOUND {
				o, err = nil, nil
			}
			orgs[code] = o
			return o, err
		}
		cellsByID := map[int64]*bontot.Org{}
		grassroots := map[int64]*bontot.Org{} // cell id → its grassroots organization
		grassrootsOf := func(o *bontot.Org) (*bontot.Org, error) {
			if o.Kind.IsGrassroots() {
				return o, nil
			}
			if g, ok := grassroots[o.ID]; ok {
				return g, nil
			}
			ids := bontot.PathIDs(o.Path)
			anc, err := tx.orgs(`SELECT `+orgColumns+orgFrom+` WHERE o.id IN (`+placeholders(len(ids))+`) ORDER BY o.depth DESC`, int64Args(ids)...)
			if err != nil {
				return nil, err
			}
			var g *bontot.Org
			for _, x := range anc {
				if x.Kind.IsGrassroots() {
					g = x
					break
				}
			}
			grassroots[o.ID] = g
			return g, nil
		}
		groups := map[[2]int64]*ratingGroup{}
		var order []*ratingGroup
		seen := map[string]int{} // subject and year → first row
		for _, r := range rows {
			r.OrgCode = strings.ToUpper(strings.TrimSpace(r.OrgCode))
			r.CardNumber = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(r.CardNumber), " ", ""))
			if r.Year < 1990 || r.Year > today.Year() {
				problem(r, colYear, fmt.Sprint(r.Year), fmt.Sprintf("Năm %d không hợp lệ: chỉ xếp loại các năm từ 1990 đến năm nay.", r.Year))
				continue
			}
			if !validRating(r.Rating) {
				problem(r, colRating, "", "Xếp loại không hợp lệ.")
				continue
			}
			var cell, subject *bontot.Org
			var memberID int64
			key := ""
			if r.CardNumber != "" {
				var name, path string
				var orgID int64
				err := tx.QueryRow(`SELECT id, full_name, COALESCE(org_id, 0), org_path FROM members WHERE card_number = ?`, r.CardNumber).Scan(&memberID, &name, &orgID, &path)
				if notFound(err, "") != err {
					problem(r, colCard, r.CardNumber, fmt.Sprintf("Không có đảng viên nào mang số thẻ “%s”.", r.CardNumber))
					continue
				} else if err != nil {
					return err
				}
				if orgID == 0 {
					problem(r, colCard, r.CardNumber, fmt.Sprintf("Đảng viên %s hiện không sinh hoạt tại chi bộ nào.", name))
					continue
				}
				if cell = cellsByID[orgID]; cell == nil {
					if cell, err = tx.org(orgID); err != nil {
						return err
					}
					cellsByID[orgID] = cell
				}
				if r.OrgCode != "" && r.OrgCode != cell.Code {
					problem(r, colOrg, r.OrgCode, fmt.Sprintf("Đảng viên %s đang sinh hoạt chính thức tại “%s” (mã %s), không phải tổ chức mang mã “%s”.", name, cell.Name, cell.Code, r.OrgCode))
					continue
				}
				if !mayRate(cell.Path, true) {
					problem(r, colCard, r.CardNumber, fmt.Sprintf("Bạn không có quyền xếp loại đảng viên của “%s”.", cell.Name))
					continue
				}
				key = "m" + r.CardNumber
			} else {
				if r.OrgCode == "" {
					problem(r, colOrg, "", "Vui lòng ghi mã tổ chức, hoặc số thẻ đảng viên cho dòng xếp loại đảng viên.")
					continue
				}
				o, err := orgByCode(r.OrgCode)
				if err != nil {
					return err
				}
				switch {
				case o == nil:
					problem(r, colOrg, r.OrgCode, fmt.Sprintf("Không có tổ chức nào mang mã “%s”.", r.OrgCode))
					continue
				case !o.Kind.IsGrassroots() && o.Kind != bontot.KindCell:
					problem(r, colOrg, r.OrgCode, fmt.Sprintf("“%s” là %s: tệp này chỉ xếp loại tổ chức cơ sở đảng, chi bộ và đảng viên.", o.Name, strings.ToLower(o.Kind.Label())))
					continue
				case !mayRate(o.Path, false):
					problem(r, colOrg, r.OrgCode, fmt.Sprintf("Bạn không có quyền xếp loại “%s”: việc này do cấp trên của tổ chức thực hiện.", o.Name))
					continue
				}
				subject, cell = o, o
				key = "o" + o.Code
			}
			key = fmt.Sprint(r.Year, key)
			if first, dup := seen[key]; dup {
				col, val := colOrg, r.OrgCode
				if r.CardNumber != "" {
					col, val = colCard, r.CardNumber
				}
				problem(r, col, val, fmt.Sprintf("Trùng với dòng %d: mỗi tổ chức, mỗi đảng viên chỉ có một xếp loại trong năm.", first))
				continue
			}
			seen[key] = r.Row
			g, err := grassrootsOf(cell)
			if err != nil {
				return err
			}
			if g == nil {
				problem(r, colOrg, cell.Code, fmt.Sprintf("“%s” không thuộc tổ chức cơ sở đảng nào.", cell.Name))
				continue
			}
			gk := [2]int64{g.ID, int64(r.Year)}
			grp := groups[gk]
			if grp == nil {
				grp = &ratingGroup{g: g, year: r.Year, cells: map[int64]scoring.Rating{}, members: map[int64]scoring.Rating{},
					orgRows: map[int64]RatingImportRow{}, memberRows: map[int64]RatingImportRow{}, first: r}
				groups[gk] = grp
				order = append(order, grp)
			}
			switch {
			case memberID != 0:
				grp.members[memberID], grp.memberRows[memberID] = r.Rating, r
			case subject.ID == g.ID:
				own := r.Rating
				grp.own, grp.orgRows[g.ID] = &own, r
			default:
				grp.cells[subject.ID], grp.orgRows[subject.ID] = r.Rating, r
			}
		}
		// Check every group, then write only if no row has a problem.
		var sheets []*bontot.RatingSheet
		var changes [][]ratingChange
		for _, grp := range order {
			if err := tx.lockRatings(grp.g.ID); err != nil {
				return err
			}
			sheet, err := tx.ratingSheet(grp.g, grp.year)
			if err != nil {
				return err
			}
			ch, err := overlayRatings(sheet, grp.own, grp.cells, grp.members)
			if err != nil {
				grp.notOnSheet(sheet, problem)
				continue
			}
			for _, v := range scoring.CheckRatings(sheet.Rated(), sheet.Quota) {
				r := grp.rowOf(v)
				problem(r, colRating, ratingCode(r.Rating), v.Message)
			}
			sheets, changes = append(sheets, sheet), append(changes, ch)
		}
		if len(res.Problems) > 0 || dryRun {
			return errRollback
		}
		total := 0
		for i, ch := range changes {
			created, err := tx.writeRatings(a, sheets[i].Year, ch)
			if err != nil {
				return err
			}
			res.Created += created
			res.Updated += len(ch) - created
			total += len(ch)
		}
		res.Unchanged = len(rows) - total
		return tx.audit(a, "rating.import", "org", 0, "", fmt.Sprintf("Nhập xếp loại: %d mới, %d thay đổi, %d không đổi",
			res.Created, res.Updated, res.Unchanged), nil)
	})
	if err == errRollback {
		slices.SortStableFunc(res.Problems, func(a, b Problem) int { return a.Row - b.Row })
		return res, nil
	}
	return res, err
}

// rowOf is the row a broken rule is reported on: for a discipline, the
// member's; for a quota, the first row proposing "excellent" among those the
// quota counts; else the row of the organization the rule is checked on
// (the cell, or the đảng bộ); else the group's first row.
func (grp *ratingGroup) rowOf(v scoring.Violation) RatingImportRow {
	var candidates map[int64]RatingImportRow
	switch v.Rule {
	case scoring.RuleDiscipline:
		if r, ok := grp.memberRows[v.SubjectID]; ok {
			return r
		}
	case scoring.RuleQuotaMembers:
		candidates = grp.memberRows
	case scoring.RuleQuotaCells:
		candidates = grp.orgRows
	}
	var best *RatingImportRow
	for id, r := range candidates {
		if r.Rating == scoring.HTXSNV && id != grp.g.ID && (best == nil || r.Row < best.Row) {
			best = &r
		}
	}
	if best != nil {
		return *best
	}
	if r, ok := grp.orgRows[v.OrgID]; ok {
		return r
	}
	return grp.first
}

// notOnSheet reports the rows whose cell did not exist in the year, the
// only way a subject found by its code can miss the sheet.
func (grp *ratingGroup) notOnSheet(sheet *bontot.RatingSheet, problem func(RatingImportRow, string, string, string)) {
	cells, members := map[int64]bool{}, map[int64]bool{}
	for _, c := range sheet.Cells {
		cells[c.Org.ID] = true
		for _, m := range c.Members {
			members[m.MemberID] = true
		}
	}
	for id, r := range grp.orgRows {
		if id != grp.g.ID && !cells[id] {
			problem(r, colOrg, r.OrgCode, fmt.Sprintf("Chi bộ mang mã “%s” không hoạt động trong năm %d.", r.OrgCode, grp.year))
		}
	}
	for id, r := range grp.memberRows {
		if !members[id] {
			problem(r, colCard, r.CardNumber, fmt.Sprintf("Chi bộ của đảng viên này không hoạt động trong năm %d.", grp.year))
		}
	}
}

// AddDiscipline records a discipline decision against a member, filed under
// the member's current cell. A member disciplined in a year cannot be rated
// above KHTNV that year; the assessments that read discipline records follow.
func (s *Store) AddDiscipline(ctx context.Context, a Actor, d *bontot.Discipline) error {
	d.Normalize()
	err := d.Validate()
	fe := bontot.FieldErrors{}
	if e, ok := err.(*bontot.Error); ok {
		for k, v := range e.Fields {
			fe.Add(k, v)
		}
	}
	if !d.Date.IsZero() && d.Date.After(s.Today()) {
		fe.Add("date", "Ngày quyết định không được sau ngày hôm nay.")
	}
	if n := len([]rune(d.Decision)); n > 100 {
		fe.Add("decision", "Số quyết định không quá 100 ký tự.")
	}
	if n := len([]rune(d.Reason)); n > 1000 {
		fe.Add("reason", "Lý do không quá 1.000 ký tự.")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *Tx) error {
		m, err := tx.member(d.MemberID)
		if err != nil {
			return err
		}
		if m.OrgID == 0 {
			return bontot.Errorf(bontot.EINVALID, "Đảng viên %s hiện không sinh hoạt tại chi bộ nào.", m.FullName)
		}
		if d.Date.Before(m.AdmittedDate) {
			return &bontot.Error{Code: bontot.EINVALID, Message: "Ngày quyết định phải sau ngày vào Đảng.", Fields: map[string]string{"date": fmt.Sprintf("Ngày quyết định phải từ ngày vào Đảng (%s).", m.AdmittedDate)}}
		}
		cell, err := tx.org(m.OrgID)
		if err != nil {
			return err
		}
		d.OrgID, d.OrgPath, d.MemberName, d.CreatedAt = cell.ID, cell.Path, m.FullName, tx.now
		if d.ID, err = tx.insert(`INSERT INTO disciplines (member_id, org_id, level, decided_on, decision, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			d.MemberID, d.OrgID, d.Level, d.Date, d.Decision, d.Reason, d.CreatedAt); err != nil {
			return err
		}
		changes := []bontot.Change{{Field: "Hình thức kỷ luật", New: d.Level.Label()}, {Field: "Ngày quyết định", New: d.Date.String()}, {Field: "Số quyết định", New: d.Decision}}
		if d.Reason != "" {
			changes = append(changes, bontot.Change{Field: "Lý do", New: d.Reason})
		}
		if err := tx.audit(a, "discipline.create", "member", m.ID, cell.Path,
			fmt.Sprintf("Ghi nhận kỷ luật %s đối với đảng viên %s (%s)", strings.ToLower(d.Level.Label()), m.FullName, cell.Name), changes); err != nil {
			return err
		}
		return tx.afterRatingsChanged(d.Date.Year(), []string{cell.Path})
	})
}

// Disciplines returns a member's discipline decisions, the latest first.
func (s *Store) Disciplines(ctx context.Context, memberID int64) ([]*bontot.Discipline, error) {
	var out []*bontot.Discipline
	err := s.read(ctx, func(tx *Tx) error {
		rows, err := tx.Query(`SELECT d.id, d.member_id, m.full_name, d.org_id, o.path, d.level, d.decided_on, d.decision, d.reason, d.created_at
			FROM disciplines d JOIN members m ON m.id = d.member_id JOIN orgs o ON o.id = d.org_id
			WHERE d.member_id = ? ORDER BY d.decided_on DESC, d.id DESC`, memberID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			d := &bontot.Discipline{}
			if err := rows.Scan(&d.ID, &d.MemberID, &d.MemberName, &d.OrgID, &d.OrgPath, &d.Level, &d.Date, &d.Decision, &d.Reason, &d.CreatedAt); err != nil {
				return err
			}
			out = append(out, d)
		}
		return rows.Err()
	})
	return out, err
}
