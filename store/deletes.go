package store

import (
	"context"
	"fmt"
	"strings"

	"bontot"
)

// Deleting sponsor and inspection records. A record is removed only while
// nothing hangs on it; otherwise the delete is refused (ECONFLICT) with a
// message that says what to do instead:
//
//   - a sponsor group while it has assignments (even ended ones: their
//     visits name the group);
//   - an assignment once a visit was logged under it (end it instead);
//   - a visit once one of its recommendations was followed (a change of
//     status or a note after it was made) or once another recommendation was
//     reviewed at it; otherwise its recommendations go with it;
//   - a finding once one of its follow-up items was followed; otherwise its
//     items go with it;
//   - an inspection plan while it has findings (its subjects go with it).
//
// Every delete is audited with what the record held.

// Entities that DeleteRefusal knows, named as in the audit log.
const (
	EntitySponsorGroup   = "sponsor_group"
	EntityAssignment     = "assignment"
	EntityVisit          = "visit"
	EntityInspectionPlan = "inspection_plan"
	EntityFinding        = "inspection_finding"
)

// DeleteRefusal returns the error the delete of the record would answer
// (ENOTFOUND, or ECONFLICT with the reason), nil when it may be deleted: a
// confirmation page says so before the user confirms.
func (s *Store) DeleteRefusal(ctx context.Context, entity string, id int64) error {
	return s.read(ctx, func(tx *Tx) error {
		switch entity {
		case EntitySponsorGroup:
			g, err := tx.sponsorGroup(id)
			if err != nil {
				return err
			}
			return tx.groupInUse(g)
		case EntityAssignment:
			as, err := tx.assignment(id)
			if err != nil {
				return err
			}
			return tx.assignmentInUse(as)
		case EntityVisit:
			v, err := tx.visit(id)
			if err != nil {
				return err
			}
			return tx.visitInUse(v)
		case EntityInspectionPlan:
			p, err := tx.inspectionPlan(id)
			if err != nil {
				return err
			}
			return tx.planInUse(p)
		case EntityFinding:
			f, err := tx.finding(id)
			if err != nil {
				return err
			}
			return tx.findingInUse(f)
		}
		return fmt.Errorf("store: no delete rule for %q", entity)
	})
}

// count runs a COUNT(*) query.
func (tx *Tx) count(q string, args ...any) (int, error) {
	var n int
	err := tx.QueryRow(q, args...).Scan(&n)
	return n, err
}

// inUse is the refusal of a delete.
func inUse(format string, args ...any) error {
	return bontot.Errorf(bontot.ECONFLICT, format, args...)
}

func (tx *Tx) groupInUse(g *bontot.SponsorGroup) error {
	n, err := tx.count(`SELECT COUNT(*) FROM sponsor_assignments WHERE group_id = ?`, g.ID)
	if err != nil || n == 0 {
		return err
	}
	return inUse("Không xóa được “%s”: ban, đoàn đã được phân công phụ trách %d đơn vị. Hãy xóa các phân công chưa có buổi làm việc, hoặc giữ lại ban, đoàn để lưu lịch sử.", g.Name, n)
}

func (tx *Tx) assignmentInUse(as *bontot.Assignment) error {
	n, err := tx.count(`SELECT COUNT(*) FROM visits WHERE assignment_id = ?`, as.ID)
	if err != nil || n == 0 {
		return err
	}
	return inUse("Không xóa được phân công “%s” phụ trách “%s”: đã có %d buổi làm việc ghi theo phân công này. Nếu thôi phụ trách, hãy kết thúc phân công (ghi ngày kết thúc).", as.GroupName, as.OrgName, n)
}

// followedEvents counts the events of the recommendations of a visit or
// finding (column col) after the one that opened them.
const followedEvents = `SELECT COUNT(*) FROM recommendation_events e JOIN recommendations r ON r.id = e.recommendation_id WHERE e.from_status <> '' AND r.`

func (tx *Tx) visitInUse(v *bontot.Visit) error {
	n, err := tx.count(followedEvents+`visit_id = ?`, v.ID)
	if err != nil {
		return err
	}
	if n > 0 {
		return inUse("Không xóa được buổi làm việc ngày %s với “%s”: kiến nghị của buổi đã được theo dõi, cập nhật tình hình thực hiện (%d lần). Hãy sửa nội dung buổi làm việc thay vì xóa.", v.On, v.OrgName, n)
	}
	if n, err = tx.count(`SELECT COUNT(*) FROM recommendation_events WHERE visit_id = ? AND from_status <> ''`, v.ID); err != nil || n == 0 {
		return err
	}
	return inUse("Không xóa được buổi làm việc ngày %s với “%s”: tại buổi này đã ghi nhận tình hình thực hiện %d kiến nghị trước đó. Hãy sửa nội dung buổi làm việc thay vì xóa.", v.On, v.OrgName, n)
}

func (tx *Tx) findingInUse(f *bontot.Finding) error {
	n, err := tx.count(followedEvents+`finding_id = ?`, f.ID)
	if err != nil || n == 0 {
		return err
	}
	return inUse("Không xóa được kết luận tại “%s”: việc cần khắc phục đã được theo dõi, cập nhật tình hình thực hiện (%d lần). Hãy sửa kết luận thay vì xóa.", f.OrgName, n)
}

func (tx *Tx) planInUse(p *bontot.InspectionPlan) error {
	n, err := tx.count(`SELECT COUNT(*) FROM inspection_findings WHERE plan_id = ?`, p.ID)
	if err != nil || n == 0 {
		return err
	}
	return inUse("Không xóa được “%s”: kế hoạch đã có %d kết luận tại đơn vị. Hãy xóa các kết luận trước.", p.Name, n)
}

// DeleteSponsorGroup removes a group that was never put in charge of a unit.
func (s *Store) DeleteSponsorGroup(ctx context.Context, a Actor, id int64) error {
	return s.tx(ctx, func(tx *Tx) error {
		g, err := tx.sponsorGroup(id)
		if err != nil {
			return err
		}
		if err := tx.groupInUse(g); err != nil {
			return err
		}
		if _, err := tx.Exec(`DELETE FROM sponsor_groups WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit(a, "sponsor_group.delete", EntitySponsorGroup, id, g.OrgPath, fmt.Sprintf("Xóa “%s” của %s", g.Name, g.OrgName),
			[]bontot.Change{{Field: "Tên", Old: g.Name}, {Field: "Loại", Old: g.Kind.Label()}, {Field: "Ghi chú", Old: g.Note}})
	})
}

// DeleteAssignment removes an assignment under which no visit was logged,
// with its officers.
func (s *Store) DeleteAssignment(ctx context.Context, a Actor, id int64) error {
	return s.tx(ctx, func(tx *Tx) error {
		as, err := tx.assignment(id)
		if err != nil {
			return err
		}
		if err := tx.assignmentInUse(as); err != nil {
			return err
		}
		for _, q := range []string{`DELETE FROM sponsor_officers WHERE assignment_id = ?`, `DELETE FROM sponsor_assignments WHERE id = ?`} {
			if _, err := tx.Exec(q, id); err != nil {
				return err
			}
		}
		return tx.audit(a, "assignment.delete", EntityAssignment, id, as.OrgPath, fmt.Sprintf("Xóa phân công “%s” phụ trách “%s”", as.GroupName, as.OrgName),
			[]bontot.Change{{Field: "Cán bộ", Old: as.Names()}, {Field: "Từ ngày", Old: as.From.String()}, {Field: "Đến ngày", Old: as.To.String()}})
	})
}

// DeleteVisit removes a visit whose recommendations were never followed,
// with them, and recomputes the assignments of the unit and those above it.
func (s *Store) DeleteVisit(ctx context.Context, a Actor, id int64) error {
	return s.tx(ctx, func(tx *Tx) error {
		v, err := tx.visit(id)
		if err != nil {
			return err
		}
		if err := tx.visitInUse(v); err != nil {
			return err
		}
		recs, err := tx.deleteRecommendationsOf("visit_id", id)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`DELETE FROM visits WHERE id = ?`, id); err != nil {
			return err
		}
		if err := tx.refreshAssignmentsAbove(v.OrgPath); err != nil {
			return err
		}
		return tx.audit(a, "visit.delete", EntityVisit, id, v.OrgPath, fmt.Sprintf("Xóa buổi làm việc với “%s” ngày %s (%d kiến nghị)", v.OrgName, v.On, len(recs)),
			append([]bontot.Change{{Field: "Ngày", Old: v.On.String()}, {Field: "Cán bộ", Old: v.Officer}, {Field: "Ưu điểm", Old: v.Strengths},
				{Field: "Hạn chế", Old: v.Shortcomings}}, recs...))
	})
}

// deleteRecommendationsOf removes the recommendations of a visit or finding
// (col is visit_id or finding_id) and their opening events; it returns them
// as audit changes.
func (tx *Tx) deleteRecommendationsOf(col string, id int64) ([]bontot.Change, error) {
	recs, err := tx.recommendationList(` WHERE r.`+col+` = ? ORDER BY r.id`, 1000, 0, id)
	if err != nil {
		return nil, err
	}
	var out []bontot.Change
	for i, r := range recs {
		out = append(out, bontot.Change{Field: fmt.Sprintf("Kiến nghị %d (%s, hạn %s)", i+1, r.OwnerName, r.Due), Old: r.Text})
	}
	sub := `SELECT id FROM recommendations WHERE ` + col + ` = ?`
	for _, q := range []string{`DELETE FROM recommendation_events WHERE recommendation_id IN (` + sub + `)`, `DELETE FROM recommendations WHERE ` + col + ` = ?`} {
		if _, err := tx.Exec(q, id); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DeleteFinding removes a finding whose follow-up items were never
// followed, with them.
func (s *Store) DeleteFinding(ctx context.Context, a Actor, id int64) error {
	return s.tx(ctx, func(tx *Tx) error {
		f, err := tx.finding(id)
		if err != nil {
			return err
		}
		if err := tx.findingInUse(f); err != nil {
			return err
		}
		items, err := tx.deleteRecommendationsOf("finding_id", id)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`DELETE FROM inspection_findings WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit(a, "inspection.finding_delete", EntityFinding, id, f.OrgPath, fmt.Sprintf("Xóa kết luận “%s” tại “%s” (%d việc cần khắc phục)", f.PlanName, f.OrgName, len(items)),
			append([]bontot.Change{{Field: "Ngày", Old: f.On.String()}, {Field: "Kết quả", Old: f.Findings}, {Field: "Kết luận", Old: f.Conclusion}}, items...))
	})
}

// DeleteInspectionPlan removes a plan without findings, with its subjects.
func (s *Store) DeleteInspectionPlan(ctx context.Context, a Actor, id int64) error {
	return s.tx(ctx, func(tx *Tx) error {
		p, err := tx.inspectionPlan(id)
		if err != nil {
			return err
		}
		if err := tx.planInUse(p); err != nil {
			return err
		}
		for _, q := range []string{`DELETE FROM inspection_subjects WHERE plan_id = ?`, `DELETE FROM inspection_plans WHERE id = ?`} {
			if _, err := tx.Exec(q, id); err != nil {
				return err
			}
		}
		names := make([]string, len(p.Subjects))
		for i, su := range p.Subjects {
			names[i] = su.OrgName
		}
		return tx.audit(a, "inspection.plan_delete", EntityInspectionPlan, id, p.OrgPath, fmt.Sprintf("Xóa kế hoạch %s “%s” của %s", strings.ToLower(p.Kind.Label()), p.Name, p.OrgName),
			[]bontot.Change{{Field: "Thời gian", Old: p.From.String() + " – " + p.To.String()}, {Field: "Đối tượng", Old: strings.Join(names, "; ")},
				{Field: "Nội dung", Old: p.Content}})
	})
}
