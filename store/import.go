package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"bontot"
)

// OrgImport is one row of an organization tree file.
type OrgImport struct {
	Row        int
	Org        bontot.Org
	ParentCode string
}

// MemberImport is one row of a member register file.
type MemberImport struct {
	Row     int
	Member  bontot.Member
	OrgCode string
}

// Problem is one bad row and column of an import, in Vietnamese.
type Problem struct {
	Row     int
	Column  string
	Value   string
	Message string
}

// ImportResult says what an import did, or why it did nothing.
type ImportResult struct {
	Created, Updated, Moved, Unchanged int
	Problems                           []Problem // when not empty, nothing was changed
}

// errRollback makes a transaction roll back after problems were collected.
var errRollback = errors.New("import has problems")

// Column titles of the import files, by the field names of validation errors.
var orgColumnTitles = map[string]string{
	"code": "Mã", "name": "Tên", "short_name": "Tên viết tắt", "kind": "Loại", "subtype": "Loại hình",
	"parent": "Mã cấp trên", "valid_from": "Hiệu lực từ", "valid_to": "Hiệu lực đến", "decision": "Quyết định thành lập",
}

var memberColumnTitles = map[string]string{
	"full_name": "Họ và tên", "gender": "Giới tính", "birth_date": "Ngày sinh", "admitted_date": "Ngày vào Đảng",
	"full_member_date": "Ngày chính thức", "status": "Tình trạng", "card_number": "Số thẻ đảng viên", "position": "Chức vụ",
	"phone": "Điện thoại", "org": "Mã chi bộ", "to_org": "Mã chi bộ", "date": "Mã chi bộ",
}

// problemsOf turns an error from a write into problems of one row.
func problemsOf(row int, err error, titles map[string]string) []Problem {
	var e *bontot.Error
	if !errors.As(err, &e) {
		return []Problem{{Row: row, Message: bontot.ErrorMessage(err)}}
	}
	if len(e.Fields) == 0 {
		return []Problem{{Row: row, Message: e.Message}}
	}
	var out []Problem
	for f, msg := range e.Fields {
		out = append(out, Problem{Row: row, Column: titles[f], Message: msg})
	}
	return out
}

// ImportOrgs creates or updates the organizations of a tree file in one
// transaction: a new code is created under its parent (in the file or
// already stored); a known code whose name or parent differs is renamed or
// re-parented with lineage events. allowed says whether the importing user
// may change the subtree at a path. If any row has a problem nothing changes;
// with dryRun nothing changes either, and the result lists every problem.
func (s *Store) ImportOrgs(ctx context.Context, a Actor, rows []OrgImport, allowed func(path string) bool, dryRun bool) (*ImportResult, error) {
	res := &ImportResult{}
	err := s.tx(ctx, func(tx *Tx) error {
		// Parents first: a row can name a parent defined further down the file.
		pending := append([]OrgImport(nil), rows...)
		for i := range pending {
			pending[i].ParentCode = strings.ToUpper(strings.TrimSpace(pending[i].ParentCode))
			pending[i].Org.Code = strings.ToUpper(strings.TrimSpace(pending[i].Org.Code))
		}
		done := map[string]*bontot.Org{}
		for len(pending) > 0 {
			progress := false
			var next []OrgImport
			for _, r := range pending {
				if r.ParentCode != "" && done[r.ParentCode] == nil && inFile(pending, r.ParentCode) {
					next = append(next, r)
					continue
				}
				progress = true
				o, err := tx.importOrg(a, r, done, allowed, res)
				if err != nil {
					res.Problems = append(res.Problems, problemsOf(r.Row, err, orgColumnTitles)...)
					if isAborting(err) {
						return errRollback
					}
					continue
				}
				done[o.Code] = o
			}
			if !progress {
				for _, r := range next {
					res.Problems = append(res.Problems, Problem{Row: r.Row, Column: "Mã cấp trên", Value: r.ParentCode, Message: "Vòng lặp: tổ chức cấp trên lại trực thuộc tổ chức này."})
				}
				break
			}
			pending = next
		}
		if len(res.Problems) > 0 || dryRun {
			return errRollback
		}
		return tx.audit(a, "org.import", "org", 0, "", fmt.Sprintf("Nhập cây tổ chức: %d thêm mới, %d cập nhật, %d chuyển trực thuộc, %d không đổi",
			res.Created, res.Updated, res.Moved, res.Unchanged), nil)
	})
	if err == errRollback {
		return res, nil
	}
	return res, err
}

func inFile(rows []OrgImport, code string) bool {
	for _, r := range rows {
		if r.Org.Code == code {
			return true
		}
	}
	return false
}

// isAborting reports whether err left the transaction unusable (PostgreSQL
// aborts a transaction on any failed statement), so collecting more problems
// is pointless. Validation errors are raised before any statement.
func isAborting(err error) bool { return bontot.ErrorCode(err) == bontot.EINTERNAL }

func (tx *Tx) importOrg(a Actor, r OrgImport, done map[string]*bontot.Org, allowed func(string) bool, res *ImportResult) (*bontot.Org, error) {
	o := r.Org
	o.Normalize()
	if err := o.Validate(); err != nil {
		return nil, err
	}
	var parent *bontot.Org
	if code := strings.ToUpper(strings.TrimSpace(r.ParentCode)); code != "" {
		parent = done[code]
		if parent == nil {
			var err error
			if parent, err = tx.orgByCode(code); err != nil {
				return nil, &bontot.Error{Code: bontot.EINVALID, Message: "Không tìm thấy tổ chức cấp trên.", Fields: map[string]string{"parent": fmt.Sprintf("Không có tổ chức nào mang mã “%s”.", code)}}
			}
		}
	}
	existing, err := tx.orgByCode(o.Code)
	if bontot.ErrorCode(err) == bontot.ENOTFOUND {
		existing = nil
	} else if err != nil {
		return nil, err
	}
	if existing == nil {
		if parent == nil {
			return nil, &bontot.Error{Code: bontot.EINVALID, Message: "Thiếu mã cấp trên.", Fields: map[string]string{"parent": "Tổ chức mới phải có mã cấp trên."}}
		}
		if !allowed(parent.Path) {
			return nil, &bontot.Error{Code: bontot.EFORBIDDEN, Message: "Ngoài phạm vi.", Fields: map[string]string{"parent": fmt.Sprintf("Bạn không có quyền thêm tổ chức vào “%s”.", parent.Name)}}
		}
		o.ParentID = parent.ID
		if err := tx.createOrg(&o); err != nil {
			return nil, err
		}
		res.Created++
		return &o, tx.audit(a, "org.create", "org", o.ID, o.Path, fmt.Sprintf("Thêm tổ chức “%s” (%s) từ tệp nhập", o.Name, o.Code), nil)
	}
	if !allowed(existing.Path) {
		return nil, &bontot.Error{Code: bontot.EFORBIDDEN, Message: "Ngoài phạm vi.", Fields: map[string]string{"code": fmt.Sprintf("Bạn không có quyền sửa “%s”.", existing.Name)}}
	}
	if existing.Kind != o.Kind {
		return nil, &bontot.Error{Code: bontot.EINVALID, Message: "Không đổi được loại tổ chức.", Fields: map[string]string{"kind": fmt.Sprintf("“%s” đang là %s; không đổi loại tổ chức bằng tệp nhập.", existing.Name, strings.ToLower(existing.Kind.Label()))}}
	}
	changed := false
	if existing.Name != o.Name || existing.ShortName != o.ShortName {
		if err := tx.renameOrg(a, existing.ID, o.Name, o.ShortName, bontot.Today(tx.now), "Nhập từ tệp"); err != nil {
			return nil, err
		}
		res.Updated++
		changed = true
	}
	if parent != nil && parent.ID != existing.ParentID {
		if !allowed(parent.Path) {
			return nil, &bontot.Error{Code: bontot.EFORBIDDEN, Message: "Ngoài phạm vi.", Fields: map[string]string{"parent": fmt.Sprintf("Bạn không có quyền chuyển tổ chức vào “%s”.", parent.Name)}}
		}
		if err := tx.reparentOrg(a, existing.ID, parent.ID, bontot.Today(tx.now), "Nhập từ tệp"); err != nil {
			return nil, err
		}
		res.Moved++
		changed = true
	}
	if !changed {
		res.Unchanged++
	}
	return tx.org(existing.ID)
}

func (tx *Tx) orgByCode(code string) (*bontot.Org, error) {
	o, err := scanOrg(tx.QueryRow(`SELECT `+orgColumns+orgFrom+` WHERE o.code = ?`, code))
	if err != nil {
		return nil, notFound(err, "tổ chức có mã "+code)
	}
	return o, nil
}

// ImportMembers applies a member register in one transaction. A row whose
// card number is already stored updates that member (and transfers the
// member officially, dated today, when the cell code differs); any other
// row adds a new member. If any row has a problem, or with dryRun, nothing changes.
func (s *Store) ImportMembers(ctx context.Context, a Actor, rows []MemberImport, allowed func(path string) bool, dryRun bool) (*ImportResult, error) {
	res := &ImportResult{}
	today := s.Today()
	err := s.tx(ctx, func(tx *Tx) error {
		cells := map[string]*bontot.Org{}
		for _, r := range rows {
			code := strings.ToUpper(strings.TrimSpace(r.OrgCode))
			cell, ok := cells[code]
			if !ok {
				cell, _ = tx.orgByCode(code)
				cells[code] = cell
			}
			switch {
			case cell == nil:
				res.Problems = append(res.Problems, Problem{Row: r.Row, Column: "Mã chi bộ", Value: r.OrgCode, Message: fmt.Sprintf("Không có tổ chức nào mang mã “%s”.", r.OrgCode)})
				continue
			case !cell.Kind.IsCell():
				res.Problems = append(res.Problems, Problem{Row: r.Row, Column: "Mã chi bộ", Value: r.OrgCode, Message: fmt.Sprintf("“%s” không phải là chi bộ.", cell.Name)})
				continue
			case !allowed(cell.Path):
				res.Problems = append(res.Problems, Problem{Row: r.Row, Column: "Mã chi bộ", Value: r.OrgCode, Message: fmt.Sprintf("Bạn không có quyền nhập đảng viên vào “%s”.", cell.Name)})
				continue
			}
			m := r.Member
			m.Normalize()
			if err := m.Validate(today); err != nil {
				res.Problems = append(res.Problems, problemsOf(r.Row, err, memberColumnTitles)...)
				continue
			}
			var existingID int64
			if m.CardNumber != "" {
				if err := tx.QueryRow(`SELECT id FROM members WHERE card_number = ?`, m.CardNumber).Scan(&existingID); err != nil && notFound(err, "") == err {
					return err
				}
			}
			if existingID == 0 {
				m.OrgID = cell.ID
				if err := tx.createMember(&m, today); err != nil {
					res.Problems = append(res.Problems, problemsOf(r.Row, err, memberColumnTitles)...)
					if isAborting(err) {
						return errRollback
					}
					continue
				}
				res.Created++
				if err := tx.audit(a, "member.create", "member", m.ID, m.OrgPath, fmt.Sprintf("Thêm đảng viên %s vào %s từ tệp nhập", m.FullName, m.OrgName), memberDiff(&bontot.Member{}, &m)); err != nil {
					return err
				}
				continue
			}
			old, err := tx.member(existingID)
			if err != nil {
				return err
			}
			if !allowed(old.OrgPath) {
				res.Problems = append(res.Problems, Problem{Row: r.Row, Column: "Số thẻ đảng viên", Value: m.CardNumber, Message: "Số thẻ này thuộc một đảng viên ngoài phạm vi của bạn."})
				continue
			}
			m.ID = existingID
			m.OrgID, m.OrgName = old.OrgID, old.OrgName
			diff := memberDiff(old, &m)
			moved := old.OrgID != cell.ID
			if len(diff) > 0 {
				if err := tx.updateMember(a, &m); err != nil {
					res.Problems = append(res.Problems, problemsOf(r.Row, err, memberColumnTitles)...)
					return errRollback
				}
				res.Updated++
			}
			if moved {
				if err := tx.transferMember(a, bontot.Transfer{MemberID: m.ID, ToOrgID: cell.ID, Kind: bontot.Official, Date: today, Note: "Nhập từ tệp"}); err != nil {
					res.Problems = append(res.Problems, problemsOf(r.Row, err, memberColumnTitles)...)
					return errRollback
				}
				res.Moved++
			}
			if len(diff) == 0 && !moved {
				res.Unchanged++
			}
		}
		if len(res.Problems) > 0 || dryRun {
			return errRollback
		}
		return tx.audit(a, "member.import", "member", 0, "", fmt.Sprintf("Nhập danh sách đảng viên: %d thêm mới, %d cập nhật, %d chuyển chi bộ, %d không đổi",
			res.Created, res.Updated, res.Moved, res.Unchanged), nil)
	})
	if err == errRollback {
		return res, nil
	}
	return res, err
}
