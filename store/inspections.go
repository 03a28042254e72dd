package store

import (
	"context"
	"fmt"
	"strings"

	"bontot"
)

// Inspection and supervision (kiểm tra, giám sát): plans with their subject
// units, and findings per unit whose follow-up items are recommendations
// (source "inspection"), followed like a sponsor's.

const planColumns = `p.id, p.org_id, p.org_path, o.name, p.name, p.kind, p.from_on, p.to_on, p.content, p.created_at, p.updated_at,
	(SELECT COUNT(*) FROM inspection_subjects s WHERE s.plan_id = p.id), (SELECT COUNT(*) FROM inspection_findings f WHERE f.plan_id = p.id)`

const planFrom = ` FROM inspection_plans p JOIN orgs o ON o.id = p.org_id`

func scanPlan(sc interface{ Scan(...any) error }) (*bontot.InspectionPlan, error) {
	p := &bontot.InspectionPlan{}
	err := sc.Scan(&p.ID, &p.OrgID, &p.OrgPath, &p.OrgName, &p.Name, &p.Kind, &p.From, &p.To, &p.Content, &p.CreatedAt, &p.UpdatedAt,
		&p.SubjectCount, &p.FindingCount)
	return p, err
}

// CreateInspectionPlan records a plan of inspection or supervision issued by
// a committee, with its subject units (p.SubjectIDs), which must be in the
// committee's subtree. Audited.
func (s *Store) CreateInspectionPlan(ctx context.Context, a Actor, p *bontot.InspectionPlan) error {
	p.Normalize()
	if err := p.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *Tx) error {
		o, err := tx.org(p.OrgID)
		if err != nil {
			return err
		}
		p.OrgPath, p.OrgName, p.CreatedAt, p.UpdatedAt = o.Path, o.Name, tx.now, tx.now
		if p.ID, err = tx.insert(`INSERT INTO inspection_plans (org_id, org_path, name, kind, from_on, to_on, content, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, o.ID, o.Path, p.Name, p.Kind, p.From, p.To, p.Content, tx.now, tx.now); err != nil {
			return err
		}
		names, err := tx.addSubjects(p, o, p.SubjectIDs)
		if err != nil {
			return err
		}
		return tx.audit(a, "inspection.plan", "inspection_plan", p.ID, o.Path, fmt.Sprintf("Lập kế hoạch %s “%s” của %s", strings.ToLower(p.Kind.Label()), p.Name, o.Name),
			[]bontot.Change{{Field: "Thời gian", New: p.From.String() + " – " + p.To.String()}, {Field: "Đối tượng", New: strings.Join(names, "; ")},
				{Field: "Nội dung", New: p.Content}})
	})
}

// addSubjects adds subject units to a plan issued by o; units already
// subjects are skipped. It returns the names of the units added.
func (tx *Tx) addSubjects(p *bontot.InspectionPlan, o *bontot.Org, ids []int64) ([]string, error) {
	var names []string
	seen := map[int64]bool{}
	for _, s := range p.Subjects {
		seen[s.OrgID] = true
	}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		u, err := tx.org(id)
		if err != nil {
			return nil, err
		}
		if !strings.HasPrefix(u.Path, o.Path) {
			return nil, fieldError("subjects", fmt.Sprintf("“%s” không thuộc %s.", u.Name, o.Name))
		}
		if _, err := tx.Exec(`INSERT INTO inspection_subjects (plan_id, org_id, org_path) VALUES (?, ?, ?)`, p.ID, u.ID, u.Path); err != nil {
			return nil, err
		}
		p.Subjects = append(p.Subjects, bontot.PlanSubject{OrgID: u.ID, OrgPath: u.Path, OrgName: u.Name, OrgCode: u.Code, ParentName: u.ParentName})
		names = append(names, u.Name)
	}
	return names, nil
}

// UpdateInspectionPlan changes a plan's name, kind, period and content,
// removes the units of p.DropSubjectIDs from its subjects (refused for a
// unit with findings of the plan at it or below it) and adds those of
// p.SubjectIDs. A plan keeps at least one subject. Audited.
func (s *Store) UpdateInspectionPlan(ctx context.Context, a Actor, p *bontot.InspectionPlan) error {
	p.Normalize()
	return s.tx(ctx, func(tx *Tx) error {
		old, err := tx.inspectionPlan(p.ID)
		if err != nil {
			return err
		}
		p.OrgID, p.Subjects = old.OrgID, nil
		drop := map[int64]bool{}
		for _, id := range p.DropSubjectIDs {
			drop[id] = true
		}
		var dropped []bontot.PlanSubject
		for _, su := range old.Subjects {
			if drop[su.OrgID] {
				dropped = append(dropped, su)
			} else {
				p.Subjects = append(p.Subjects, su)
			}
		}
		var adds []int64 // a unit both dropped and added is dropped
		for _, id := range p.SubjectIDs {
			if !drop[id] {
				adds = append(adds, id)
			}
		}
		p.SubjectIDs = adds
		if err := p.Validate(); err != nil {
			return err
		}
		droppedNames, err := tx.dropSubjects(p, dropped)
		if err != nil {
			return err
		}
		o, err := tx.org(old.OrgID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE inspection_plans SET name = ?, kind = ?, from_on = ?, to_on = ?, content = ?, updated_at = ? WHERE id = ?`,
			p.Name, p.Kind, p.From, p.To, p.Content, tx.now, p.ID); err != nil {
			return err
		}
		names, err := tx.addSubjects(p, o, adds)
		if err != nil {
			return err
		}
		var ch []bontot.Change
		add := func(field, o, n string) {
			if o != n {
				ch = append(ch, bontot.Change{Field: field, Old: o, New: n})
			}
		}
		add("Tên", old.Name, p.Name)
		add("Loại", old.Kind.Label(), p.Kind.Label())
		add("Thời gian", old.From.String()+" – "+old.To.String(), p.From.String()+" – "+p.To.String())
		add("Nội dung", old.Content, p.Content)
		add("Thêm đối tượng", "", strings.Join(names, "; "))
		add("Bỏ đối tượng", strings.Join(droppedNames, "; "), "")
		p.OrgPath, p.OrgName = old.OrgPath, old.OrgName
		return tx.audit(a, "inspection.plan_update", "inspection_plan", p.ID, old.OrgPath, fmt.Sprintf("Sửa kế hoạch “%s”", p.Name), ch)
	})
}

// dropSubjects removes subjects from a plan; a subject with findings of the
// plan at it or below it stays, and the update is refused.
func (tx *Tx) dropSubjects(p *bontot.InspectionPlan, subjects []bontot.PlanSubject) ([]string, error) {
	var names []string
	for _, su := range subjects {
		lo, hi := subtreeRange(su.OrgPath)
		n, err := tx.count(`SELECT COUNT(*) FROM inspection_findings WHERE plan_id = ? AND org_path >= ? AND org_path < ?`, p.ID, lo, hi)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			return nil, fieldError("subjects", fmt.Sprintf("Không bỏ được “%s” khỏi đối tượng: đã có %d kết luận tại đơn vị này.", su.OrgName, n))
		}
		if _, err := tx.Exec(`DELETE FROM inspection_subjects WHERE plan_id = ? AND org_id = ?`, p.ID, su.OrgID); err != nil {
			return nil, err
		}
		names = append(names, su.OrgName)
	}
	return names, nil
}

// InspectionPlan returns a plan with its subjects (in tree order) and the
// number of findings recorded for each.
func (s *Store) InspectionPlan(ctx context.Context, id int64) (*bontot.InspectionPlan, error) {
	var p *bontot.InspectionPlan
	err := s.read(ctx, func(tx *Tx) (err error) { p, err = tx.inspectionPlan(id); return err })
	return p, err
}

func (tx *Tx) inspectionPlan(id int64) (*bontot.InspectionPlan, error) {
	p, err := scanPlan(tx.QueryRow(`SELECT `+planColumns+planFrom+` WHERE p.id = ?`, id))
	if err != nil {
		return nil, notFound(err, "kế hoạch kiểm tra, giám sát")
	}
	rows, err := tx.Query(`SELECT s.org_id, s.org_path, o.name, o.code, COALESCE(pa.name, ''),
		(SELECT COUNT(*) FROM inspection_findings f WHERE f.plan_id = s.plan_id AND f.org_id = s.org_id)
		FROM inspection_subjects s JOIN orgs o ON o.id = s.org_id LEFT JOIN orgs pa ON pa.id = o.parent_id
		WHERE s.plan_id = ? ORDER BY s.org_path`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var su bontot.PlanSubject
		if err := rows.Scan(&su.OrgID, &su.OrgPath, &su.OrgName, &su.OrgCode, &su.ParentName, &su.Findings); err != nil {
			return nil, err
		}
		p.Subjects = append(p.Subjects, su)
	}
	return p, rows.Err()
}

// InspectionPlans returns the plans issued by a committee of the subtree
// under or having a subject in it, newest first, and whether there are more
// than limit (default 100, at most 500).
func (s *Store) InspectionPlans(ctx context.Context, under string, limit, offset int) ([]*bontot.InspectionPlan, bool, error) {
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 500)
	lo, hi := subtreeRange(under)
	var out []*bontot.InspectionPlan
	err := s.read(ctx, func(tx *Tx) error {
		rows, err := tx.Query(`SELECT `+planColumns+planFrom+` WHERE p.id IN (SELECT id FROM inspection_plans WHERE org_path >= ? AND org_path < ?
			UNION SELECT plan_id FROM inspection_subjects WHERE org_path >= ? AND org_path < ?) ORDER BY p.from_on DESC, p.id DESC LIMIT ? OFFSET ?`,
			lo, hi, lo, hi, limit+1, offset)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			p, err := scanPlan(rows)
			if err != nil {
				return err
			}
			out = append(out, p)
		}
		return rows.Err()
	})
	more := len(out) > limit
	if more {
		out = out[:limit]
	}
	return out, more, err
}

const findingColumns = `f.id, f.plan_id, p.name, p.kind, f.org_id, f.org_path, o.name, f.found_on, f.findings, f.conclusion,
	COALESCE(f.user_id, 0), f.username, f.created_at, f.updated_at`

const findingFrom = ` FROM inspection_findings f JOIN inspection_plans p ON p.id = f.plan_id JOIN orgs o ON o.id = f.org_id`

func scanFinding(sc interface{ Scan(...any) error }) (*bontot.Finding, error) {
	f := &bontot.Finding{}
	err := sc.Scan(&f.ID, &f.PlanID, &f.PlanName, &f.PlanKind, &f.OrgID, &f.OrgPath, &f.OrgName, &f.On, &f.Findings, &f.Conclusion,
		&f.UserID, &f.Username, &f.CreatedAt, &f.UpdatedAt)
	return f, err
}

// CreateFinding records what an inspection or supervision found at a unit
// (a subject of the plan or a unit below one) and its conclusion, with its
// follow-up items: recommendations owned by the unit by default, followed
// until resolved. One transaction, audited.
func (s *Store) CreateFinding(ctx context.Context, a Actor, f *bontot.Finding, followUps []*bontot.Recommendation) error {
	f.Normalize()
	fe := bontot.FieldErrors{}
	if err := f.Validate(s.Today()); err != nil {
		fe = err.(*bontot.Error).Fields
	}
	for i, r := range followUps {
		if r.OwnerID == 0 {
			r.OwnerID = f.OrgID
		}
		r.Normalize()
		r.Validate(recPrefix(i), fe)
		dueAfter(r, f.On, recPrefix(i), fe)
	}
	if err := fe.Err(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *Tx) error {
		p, err := tx.inspectionPlan(f.PlanID)
		if err != nil {
			return err
		}
		o, err := tx.org(f.OrgID)
		if err != nil {
			return err
		}
		subject := false
		for _, su := range p.Subjects {
			subject = subject || strings.HasPrefix(o.Path, su.OrgPath)
		}
		if !subject {
			return fieldError("org", fmt.Sprintf("“%s” không phải đối tượng của kế hoạch “%s”.", o.Name, p.Name))
		}
		f.PlanName, f.PlanKind, f.OrgPath, f.OrgName, f.UserID, f.Username, f.CreatedAt, f.UpdatedAt = p.Name, p.Kind, o.Path, o.Name, a.UserID, a.Username, tx.now, tx.now
		if f.ID, err = tx.insert(`INSERT INTO inspection_findings (plan_id, org_id, org_path, found_on, findings, conclusion, user_id, username, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.ID, o.ID, o.Path, f.On, f.Findings, f.Conclusion, nullInt(a.UserID), a.Username, tx.now, tx.now); err != nil {
			return err
		}
		changes := []bontot.Change{{Field: "Ngày", New: f.On.String()}, {Field: "Kết luận", New: f.Conclusion}}
		for i, r := range followUps {
			r.Source, r.FindingID = bontot.SourceInspection, f.ID
			if err := tx.createRecommendation(a, r, o, recPrefix(i)); err != nil {
				return err
			}
			changes = append(changes, bontot.Change{Field: fmt.Sprintf("Việc cần khắc phục %d (%s, hạn %s)", i+1, r.OwnerName, r.Due), New: r.Text})
		}
		f.FollowUps = followUps
		return tx.audit(a, "inspection.finding", "inspection_finding", f.ID, o.Path, fmt.Sprintf("Ghi kết luận %s “%s” tại “%s” (%d việc cần khắc phục)",
			strings.ToLower(p.Kind.Label()), p.Name, o.Name, len(followUps)), changes)
	})
}

// UpdateFinding changes a finding's date, findings and conclusion; its
// follow-up items are followed on their own. Audited.
func (s *Store) UpdateFinding(ctx context.Context, a Actor, f *bontot.Finding) error {
	f.Normalize()
	return s.tx(ctx, func(tx *Tx) error {
		old, err := tx.finding(f.ID)
		if err != nil {
			return err
		}
		f.OrgID, f.PlanID = old.OrgID, old.PlanID
		if err := f.Validate(bontot.Today(tx.now)); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE inspection_findings SET found_on = ?, findings = ?, conclusion = ?, updated_at = ? WHERE id = ?`,
			f.On, f.Findings, f.Conclusion, tx.now, f.ID); err != nil {
			return err
		}
		var ch []bontot.Change
		add := func(field, o, n string) {
			if o != n {
				ch = append(ch, bontot.Change{Field: field, Old: o, New: n})
			}
		}
		add("Ngày", old.On.String(), f.On.String())
		add("Kết quả", old.Findings, f.Findings)
		add("Kết luận", old.Conclusion, f.Conclusion)
		return tx.audit(a, "inspection.finding_update", "inspection_finding", f.ID, old.OrgPath, fmt.Sprintf("Sửa kết luận “%s” tại “%s”", old.PlanName, old.OrgName), ch)
	})
}

// Finding returns a finding with its follow-up items.
func (s *Store) Finding(ctx context.Context, id int64) (*bontot.Finding, error) {
	var f *bontot.Finding
	err := s.read(ctx, func(tx *Tx) error {
		var err error
		if f, err = tx.finding(id); err != nil {
			return err
		}
		f.FollowUps, err = tx.recommendationList(` WHERE r.finding_id = ? ORDER BY r.id`, 1000, 0, id)
		return err
	})
	return f, err
}

func (tx *Tx) finding(id int64) (*bontot.Finding, error) {
	f, err := scanFinding(tx.QueryRow(`SELECT `+findingColumns+findingFrom+` WHERE f.id = ?`, id))
	return f, notFound(err, "kết luận kiểm tra, giám sát")
}

// Findings returns the findings of a plan at units of the subtree under (all
// when ""), in tree order, at most 1000.
func (s *Store) Findings(ctx context.Context, planID int64, under string) ([]*bontot.Finding, error) {
	q, args := ` WHERE f.plan_id = ?`, []any{planID}
	if under != "" {
		lo, hi := subtreeRange(under)
		q, args = q+` AND f.org_path >= ? AND f.org_path < ?`, append(args, lo, hi)
	}
	return s.findingList(ctx, q+` ORDER BY f.org_path, f.found_on, f.id LIMIT 1000`, args...)
}

// FindingsOf returns the findings at a unit itself, newest first, at most 200.
func (s *Store) FindingsOf(ctx context.Context, orgID int64) ([]*bontot.Finding, error) {
	return s.findingList(ctx, ` WHERE f.org_id = ? ORDER BY f.found_on DESC, f.id DESC LIMIT 200`, orgID)
}

func (s *Store) findingList(ctx context.Context, rest string, args ...any) ([]*bontot.Finding, error) {
	var out []*bontot.Finding
	err := s.read(ctx, func(tx *Tx) error {
		rows, err := tx.Query(`SELECT `+findingColumns+findingFrom+rest, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			f, err := scanFinding(rows)
			if err != nil {
				return err
			}
			out = append(out, f)
		}
		return rows.Err()
	})
	return out, err
}
