package store

import (
	"context"

	"bontot"
)

// EachOrg calls fn for every organization of the subtree at path, parents
// before children, with the code of its parent ("" at the top).
func (s *Store) EachOrg(ctx context.Context, path string, fn func(o *bontot.Org, parentCode string) error) error {
	lo, hi := subtreeRange(path)
	return s.read(ctx, func(tx *Tx) error {
		rows, err := tx.Query(`SELECT `+orgColumns+`, COALESCE(p.code, '')`+orgFrom+`
			WHERE o.path >= ? AND o.path < ? ORDER BY o.depth, `+kindRank+`, o.name_key, o.id`, lo, hi)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			o := &bontot.Org{}
			var parent string
			if err := rows.Scan(&o.ID, &o.Code, &o.Name, &o.ShortName, &o.Kind, &o.Subtype, &o.ParentID, &o.ParentName, &o.Path, &o.Depth,
				&o.ValidFrom, &o.ValidTo, &o.Decision, &o.MemberCount, &o.CellCount, &o.OrgCount, &o.ChildCount, &o.CreatedAt, &o.UpdatedAt, &parent); err != nil {
				return err
			}
			if err := fn(o, parent); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}

// EachMember calls fn for every member officially registered in the subtree
// at path, cell by cell, in Vietnamese order within a cell, with the cell's code.
func (s *Store) EachMember(ctx context.Context, path string, fn func(m *bontot.Member, orgCode string) error) error {
	lo, hi := subtreeRange(path)
	return s.read(ctx, func(tx *Tx) error {
		rows, err := tx.Query(`SELECT `+memberColumns+`, o.code `+memberFrom+` WHERE m.org_path >= ? AND m.org_path < ? ORDER BY m.org_path, m.name_key, m.id`, lo, hi)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			m := &bontot.Member{}
			var code string
			if err := rows.Scan(&m.ID, &m.FullName, &m.Gender, &m.BirthDate, &m.AdmittedDate, &m.FullMemberDate, &m.Status,
				&m.CardNumber, &m.Position, &m.Phone, &m.OrgID, &m.OrgPath, &m.TempOrgID, &m.OrgName, &m.OrgParentName, &m.TempOrgName, &m.CreatedAt, &m.UpdatedAt, &code); err != nil {
				return err
			}
			if err := fn(m, code); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}
