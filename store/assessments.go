package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"bontot"
	"bontot/scoring"
)

const assessmentColumns = `a.id, a.campaign_id, a.year, a.org_id, o.name, COALESCE(p.name, ''), a.org_path, o.kind, a.kind, a.scale_id, a.status,
	a.self_entries, a.review_entries, a.facts, a.self_total, a.self_class, a.review_total, a.review_class, a.reviewed, a.final_total, a.final_class,
	a.explanation, a.submitted_at, a.late, a.reviewed_at, a.approved_at, a.decision, a.decision_date, a.version, a.updated_at`

const assessmentFrom = ` FROM assessments a JOIN orgs o ON o.id = a.org_id LEFT JOIN orgs p ON p.id = o.parent_id`

func scanAssessment(sc interface{ Scan(...any) error }) (*bontot.Assessment, error) {
	a := &bontot.Assessment{}
	var self, review, facts string
	var sub, rev, appr sql.NullTime
	err := sc.Scan(&a.ID, &a.CampaignID, &a.Year, &a.OrgID, &a.OrgName, &a.OrgParentName, &a.OrgPath, &a.OrgKind, &a.Kind, &a.ScaleID, &a.Status,
		&self, &review, &facts, &a.SelfTotal, &a.SelfClass, &a.ReviewTotal, &a.ReviewClass, &a.Reviewed, &a.FinalTotal, &a.FinalClass,
		&a.Explanation, &sub, &a.Late, &rev, &appr, &a.Decision, &a.DecisionOn, &a.Version, &a.UpdatedAt)
	if err != nil {
		return nil, err
	}
	a.SubmittedAt, a.ReviewedAt, a.ApprovedAt = sub.Time, rev.Time, appr.Time
	if err := decodeEntries(self, &a.Self); err != nil {
		return nil, err
	}
	if err := decodeEntries(review, &a.Review); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(facts), &a.Facts); err != nil {
		return nil, err
	}
	if a.Facts == nil {
		a.Facts = scoring.Facts{}
	}
	return a, nil
}

func decodeEntries(s string, e *scoring.Entries) error {
	if err := json.Unmarshal([]byte(s), e); err != nil {
		return err
	}
	if *e == nil {
		*e = scoring.Entries{}
	}
	return nil
}

func encode(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // entries and facts are plain maps
	}
	return string(b)
}

// Assessment returns one assessment.
func (s *Store) Assessment(ctx context.Context, id int64) (*bontot.Assessment, error) {
	var a *bontot.Assessment
	err := s.read(ctx, func(tx *Tx) error {
		var err error
		a, err = tx.assessment(id)
		return err
	})
	return a, err
}

func (tx *Tx) assessment(id int64) (*bontot.Assessment, error) {
	a, err := scanAssessment(tx.QueryRow(`SELECT `+assessmentColumns+assessmentFrom+` WHERE a.id = ?`, id))
	return a, notFound(err, "bản đánh giá")
}

// AssessmentOf returns the assessment of an organization in a campaign year,
// opening a draft if the organization takes part but has none yet (an
// organization created after the year was opened).
func (s *Store) AssessmentOf(ctx context.Context, campaignID int64, year int, orgID int64) (*bontot.Assessment, error) {
	a, err := scanAssessment(s.db.QueryRowContext(ctx, s.rebind(`SELECT `+assessmentColumns+assessmentFrom+` WHERE a.campaign_id = ? AND a.year = ? AND a.org_id = ?`), campaignID, year, orgID))
	if err == nil || err != sql.ErrNoRows {
		return a, err
	}
	var id int64
	err = s.tx(ctx, func(tx *Tx) error {
		c, err := tx.campaign(campaignID)
		if err != nil {
			return err
		}
		y := c.Year(year)
		if y == nil {
			return bontot.Errorf(bontot.ENOTFOUND, "Phong trào không có năm %d.", year)
		}
		o, err := tx.org(orgID)
		if err != nil {
			return err
		}
		kind, ok := bontot.AssessedAs(o.Kind)
		if !ok || !strings.HasPrefix(o.Path, c.ScopePath) {
			return bontot.Errorf(bontot.ENOTFOUND, "“%s” không tham gia đánh giá của phong trào này.", o.Name)
		}
		id, err = tx.createAssessment(campaignID, year, o.ID, o.Path, kind, y.ScaleFor(kind, o.Subtype))
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Assessment(ctx, id)
}

func (tx *Tx) createAssessment(campaignID int64, year int, orgID int64, path string, kind scoring.Kind, scaleID int64) (int64, error) {
	if scaleID == 0 {
		return 0, bontot.Errorf(bontot.EINVALID, "Năm %d chưa có thang điểm cho loại đơn vị này.", year)
	}
	id, err := tx.insert(`INSERT INTO assessments (campaign_id, year, org_id, org_path, kind, scale_id, status, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, campaignID, year, orgID, path, string(kind), scaleID, string(bontot.StatusDraft), tx.now, tx.now)
	if err != nil {
		return 0, err
	}
	a := &bontot.Assessment{CampaignID: campaignID, Year: year, OrgPath: path, Kind: kind, Status: bontot.StatusDraft}
	return id, tx.rollupAdd(a, nil)
}

// Assessments lists the assessments of a campaign year under a subtree, in
// tree order (committees before their cells), at most f.Limit (default 2000).
func (s *Store) Assessments(ctx context.Context, f bontot.AssessmentFilter) ([]*bontot.Assessment, error) {
	where := []string{"a.campaign_id = ?", "a.year = ?"}
	args := []any{f.CampaignID, f.Year}
	if f.Under != "" {
		lo, hi := subtreeRange(f.Under)
		where, args = append(where, "a.org_path >= ? AND a.org_path < ?"), append(args, lo, hi)
	}
	if f.Kind != "" {
		where, args = append(where, "a.kind = ?"), append(args, string(f.Kind))
	}
	if f.Status != "" {
		where, args = append(where, "a.status = ?"), append(args, string(f.Status))
	}
	if f.Class != "" {
		where, args = append(where, "a.final_class = ? AND a.status <> 'draft'"), append(args, string(f.Class))
	}
	if f.Recognised {
		where = append(where, "a.decision <> ''")
	}
	if f.Limit <= 0 {
		f.Limit = 2000
	}
	args = append(args, f.Limit)
	var out []*bontot.Assessment
	err := s.read(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.assessmentList(s.indexedBy("assessments_path"), ` WHERE `+strings.Join(where, " AND ")+` ORDER BY a.org_path LIMIT ?`, args...)
		return err
	})
	return out, err
}

// assessmentList reads assessments with their organizations' names; hint is
// an index hint for the assessments table, rest the WHERE and ORDER clauses.
func (tx *Tx) assessmentList(hint, rest string, args ...any) ([]*bontot.Assessment, error) {
	rows, err := tx.Query(`SELECT `+assessmentColumns+` FROM assessments a`+hint+
		` JOIN orgs o ON o.id = a.org_id LEFT JOIN orgs p ON p.id = o.parent_id`+rest, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*bontot.Assessment
	for rows.Next() {
		a, err := scanAssessment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// checkVersion refuses a save made on an older copy of the assessment.
func checkVersion(a *bontot.Assessment, version int) error {
	if version != 0 && version != a.Version {
		return bontot.Errorf(bontot.ECONFLICT, "Bản đánh giá vừa được người khác thay đổi. Vui lòng tải lại trang rồi nhập lại.")
	}
	return nil
}

// entryProblems checks entries against the scale and returns the problems
// as field errors. A draft (complete false) is refused only for what was
// typed wrong (a value over the maximum, three decimals, a fact out of
// range); what is still missing (no registered targets while 1.2 is not
// marked N/A…) only stops the submission.
func entryProblems(sc *scoring.Scale, e scoring.Entries, f scoring.Facts, complete bool) error {
	r := scoring.Score(sc, e, f)
	if !complete {
		kept := r.Problems[:0]
		for _, p := range r.Problems {
			_, typed := e[p.Code]
			_, fact := f[p.Code]
			if typed || fact {
				kept = append(kept, p)
			}
		}
		r.Problems = kept
	}
	if len(r.Problems) == 0 {
		return nil
	}
	fe := bontot.FieldErrors{}
	for _, p := range r.Problems {
		fe.Add(p.Code, p.Message)
	}
	err := fe.Err().(*bontot.Error)
	err.Message = "Chưa lưu được: " + r.Problems[0].Message
	if len(r.Problems) > 1 {
		err.Message += fmt.Sprintf(" (và %d lỗi khác, xem các ô được đánh dấu)", len(r.Problems)-1)
	}
	return err
}

// SaveSelf stores the unit's own entries, typed facts and, after a return,
// its explanation. Nothing is stored if an entry breaks the scale (over the
// maximum, more than two decimals…).
func (s *Store) SaveSelf(ctx context.Context, a Actor, id int64, version int, entries scoring.Entries, facts scoring.Facts, explanation string) error {
	return s.tx(ctx, func(tx *Tx) error {
		as, err := tx.assessment(id)
		if err != nil {
			return err
		}
		if err := checkVersion(as, version); err != nil {
			return err
		}
		if !as.Status.Editable() {
			return bontot.Errorf(bontot.ECONFLICT, "Bản đánh giá đang ở trạng thái “%s”, không sửa được.", as.Status.Label())
		}
		sc, err := tx.scale(as.ScaleID)
		if err != nil {
			return err
		}
		typed := scoring.Facts{}
		for _, fi := range scoring.FactInfos {
			if fi.Typed && fi.Kind == as.Kind {
				if v, ok := facts[fi.Name]; ok {
					typed[fi.Name] = v
				}
			}
		}
		if err := entryProblems(sc.Scale, entries, typed, false); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE assessments SET self_entries = ?, facts = ?, explanation = ?, version = version + 1, updated_at = ? WHERE id = ?`,
			encode(entries), encode(typed), strings.TrimSpace(explanation), tx.now, id); err != nil {
			return err
		}
		if err := tx.audit(a, "assessment.self", "assessment", id, as.OrgPath, fmt.Sprintf("Lưu tự đánh giá năm %d của “%s”", as.Year, as.OrgName), nil); err != nil {
			return err
		}
		return tx.rescoreAround(as)
	})
}

// SaveReview stores the reviewer's entries (points per item with reasons).
func (s *Store) SaveReview(ctx context.Context, a Actor, id int64, version int, entries scoring.Entries) error {
	return s.tx(ctx, func(tx *Tx) error {
		as, err := tx.assessment(id)
		if err != nil {
			return err
		}
		if err := checkVersion(as, version); err != nil {
			return err
		}
		if as.Status != bontot.StatusSubmitted && as.Status != bontot.StatusReviewed {
			return bontot.Errorf(bontot.ECONFLICT, "Chỉ thẩm định được bản đã gửi; bản này đang “%s”.", as.Status.Label())
		}
		sc, err := tx.scale(as.ScaleID)
		if err != nil {
			return err
		}
		for code, e := range entries {
			if old, ok := as.Self[code]; ok && old.Points == e.Points && old.NA == e.NA && old.Yes == e.Yes && old.Count == e.Count && e.Note == "" {
				delete(entries, code) // same as the unit's: not a review entry
			}
		}
		merged := (&bontot.Assessment{Self: as.Self, Review: entries}).ReviewEntries()
		if err := entryProblems(sc.Scale, merged, as.Facts, false); err != nil {
			return err
		}
		for code, e := range entries {
			old := as.Self[code]
			if (old.Points != e.Points || old.NA != e.NA || old.Yes != e.Yes || old.Count != e.Count) && strings.TrimSpace(e.Note) == "" {
				return &bontot.Error{Code: bontot.EINVALID, Message: "Mỗi điểm thẩm định khác điểm tự chấm cần ghi lý do.",
					Fields: map[string]string{code: "Vui lòng ghi lý do điều chỉnh điểm."}}
			}
		}
		if _, err := tx.Exec(`UPDATE assessments SET review_entries = ?, reviewed = ?, version = version + 1, updated_at = ? WHERE id = ?`,
			encode(entries), true, tx.now, id); err != nil {
			return err
		}
		if err := tx.audit(a, "assessment.review", "assessment", id, as.OrgPath, fmt.Sprintf("Lưu điểm thẩm định năm %d của “%s”", as.Year, as.OrgName), nil); err != nil {
			return err
		}
		return tx.rescoreAround(as)
	})
}

// TransitionInput carries what some workflow steps need.
type TransitionInput struct {
	Action     bontot.Action
	Version    int
	Note       string      // reason (return, reopen), comment (other steps)
	Decision   string      // recognise: decision number
	DecisionOn bontot.Date // recognise: decision date
}

// Transition moves an assessment one step along its workflow. The caller has
// checked the user's permission for the action.
func (s *Store) Transition(ctx context.Context, a Actor, id int64, in TransitionInput) error {
	return s.tx(ctx, func(tx *Tx) error {
		as, err := tx.assessment(id)
		if err != nil {
			return err
		}
		if err := checkVersion(as, in.Version); err != nil {
			return err
		}
		return tx.transition(a, as, in)
	})
}

func (tx *Tx) transition(a Actor, as *bontot.Assessment, in TransitionInput) error {
	to, ok := as.Status.Next(in.Action)
	if !ok {
		return bontot.Errorf(bontot.ECONFLICT, "Không thể “%s” bản đánh giá đang ở trạng thái “%s”.", strings.ToLower(in.Action.Label()), as.Status.Label())
	}
	in.Note = strings.TrimSpace(in.Note)
	old := *as // the counters subtract what the assessment was before this step
	set := []string{"status = ?", "version = version + 1", "updated_at = ?"}
	args := []any{string(to), tx.now}
	switch in.Action {
	case bontot.ActSubmit:
		if err := tx.checkSubmittable(as); err != nil {
			return err
		}
		if as.Status == bontot.StatusReturned && as.Explanation == "" {
			return &bontot.Error{Code: bontot.EINVALID, Message: "Vui lòng ghi nội dung giải trình trước khi gửi lại.", Fields: map[string]string{"explanation": "Vui lòng ghi nội dung giải trình."}}
		}
		set = append(set, "submitted_at = ?")
		args = append(args, tx.now)
		if as.SubmittedAt.IsZero() {
			c, err := tx.campaign(as.CampaignID)
			if err != nil {
				return err
			}
			if y := c.Year(as.Year); y != nil && !y.SelfDeadline.IsZero() && bontot.Today(tx.now).After(y.SelfDeadline) {
				set = append(set, "late = ?")
				args = append(args, true)
				as.Late = true
			}
		}
	case bontot.ActReview:
		set = append(set, "reviewed = ?", "reviewed_at = ?")
		args = append(args, true, tx.now)
		as.Reviewed = true
	case bontot.ActReturn, bontot.ActReopen:
		if in.Note == "" {
			return &bontot.Error{Code: bontot.EINVALID, Message: "Vui lòng ghi lý do.", Fields: map[string]string{"note": "Vui lòng ghi lý do."}}
		}
		if in.Action == bontot.ActReopen {
			set = append(set, "decision = ''", "decision_date = NULL", "approved_at = NULL")
			as.Decision = ""
		}
	case bontot.ActApprove:
		set = append(set, "approved_at = ?")
		args = append(args, tx.now)
	case bontot.ActRecognise:
		if as.FinalClass != scoring.ClassFourGood {
			return bontot.Errorf(bontot.ECONFLICT, "“%s” không đạt “4 tốt” nên không công nhận được.", as.OrgName)
		}
		in.Decision = strings.TrimSpace(in.Decision)
		fe := bontot.FieldErrors{}
		if in.Decision == "" {
			fe.Add("decision", "Vui lòng nhập số quyết định công nhận.")
		}
		if in.DecisionOn.IsZero() {
			fe.Add("decision_date", "Vui lòng nhập ngày quyết định (dd/mm/yyyy).")
		}
		if err := fe.Err(); err != nil {
			return err
		}
		set = append(set, "decision = ?", "decision_date = ?")
		args = append(args, in.Decision, in.DecisionOn)
		as.Decision = in.Decision
	}
	args = append(args, as.ID)
	if _, err := tx.Exec(`UPDATE assessments SET `+strings.Join(set, ", ")+` WHERE id = ?`, args...); err != nil {
		return err
	}
	note := in.Note
	if in.Action == bontot.ActRecognise {
		note = fmt.Sprintf("Quyết định số %s ngày %s", in.Decision, in.DecisionOn)
	}
	if _, err := tx.Exec(`INSERT INTO assessment_events (assessment_id, action, from_status, to_status, user_id, username, at, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		as.ID, string(in.Action), string(as.Status), string(to), nullInt(a.UserID), a.Username, tx.now, note); err != nil {
		return err
	}
	summary := fmt.Sprintf("%s: đánh giá năm %d của “%s”", in.Action.Label(), as.Year, as.OrgName)
	if err := tx.audit(a, "assessment."+string(in.Action), "assessment", as.ID, as.OrgPath, summary,
		[]bontot.Change{{Field: "Trạng thái", Old: as.Status.Label(), New: to.Label()}}); err != nil {
		return err
	}
	as.Status = to
	if err := tx.rollupAdd(as, &old); err != nil {
		return err
	}
	// A review finished or reopened changes which score is final.
	return tx.rescoreAround(as)
}

// checkSubmittable refuses a submission with problems in its entries or a
// required evidence file missing.
func (tx *Tx) checkSubmittable(as *bontot.Assessment) error {
	sc, err := tx.scale(as.ScaleID)
	if err != nil {
		return err
	}
	// Check against every fact the score reads, records included (a
	// registration sent makes 1.2 computable even if nothing was typed).
	facts, err := tx.unitFacts(as)
	if err != nil {
		return err
	}
	if err := entryProblems(sc.Scale, as.Self, facts, true); err != nil {
		return err
	}
	have := map[string]bool{}
	rows, err := tx.Query(`SELECT DISTINCT item_code FROM evidence WHERE assessment_id = ?`, as.ID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return err
		}
		have[c] = true
	}
	rows.Close()
	fe := bontot.FieldErrors{}
	var missing []string
	for _, c := range sc.Scale.Criteria {
		for _, it := range c.Items {
			if it.EvidenceRequired && !as.Self[it.Code].NA && !have[it.Code] {
				fe.Add(it.Code, "Tiêu chí này cần tệp minh chứng.")
				missing = append(missing, it.Code)
			}
		}
	}
	if len(missing) > 0 {
		err := fe.Err().(*bontot.Error)
		err.Message = "Chưa gửi được: các tiêu chí " + strings.Join(missing, ", ") + " cần tệp minh chứng."
		return err
	}
	return nil
}

// BulkTransition applies one action to every assessment of a campaign year
// under a subtree that the action applies to (e.g. recognise every approved
// "4 tốt" unit with one decision, lock the year). It returns how many changed.
func (s *Store) BulkTransition(ctx context.Context, a Actor, campaignID int64, year int, under string, in TransitionInput) (int, error) {
	n := 0
	err := s.tx(ctx, func(tx *Tx) error {
		q := `SELECT a.id FROM assessments a WHERE a.campaign_id = ? AND a.year = ?`
		args := []any{campaignID, year}
		if under != "" {
			lo, hi := subtreeRange(under)
			q += ` AND a.org_path >= ? AND a.org_path < ?`
			args = append(args, lo, hi)
		}
		rows, err := tx.Query(q+` ORDER BY a.org_path`, args...)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		for _, id := range ids {
			as, err := tx.assessment(id)
			if err != nil {
				return err
			}
			if _, ok := as.Status.Next(in.Action); !ok {
				continue
			}
			if in.Action == bontot.ActRecognise && as.FinalClass != scoring.ClassFourGood {
				continue
			}
			in.Version = 0
			if err := tx.transition(a, as, in); err != nil {
				return err
			}
			n++
		}
		if in.Action == bontot.ActLock && under == "" {
			_, err = tx.Exec(`UPDATE campaign_years SET locked = ? WHERE campaign_id = ? AND year = ?`, true, campaignID, year)
		}
		return err
	})
	return n, err
}

// AssessmentEvents returns the workflow steps of an assessment, oldest first.
func (s *Store) AssessmentEvents(ctx context.Context, id int64) ([]*bontot.AssessmentEvent, error) {
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT id, assessment_id, action, from_status, to_status, COALESCE(user_id, 0), username, at, note
		FROM assessment_events WHERE assessment_id = ? ORDER BY at, id`), id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*bontot.AssessmentEvent
	for rows.Next() {
		e := &bontot.AssessmentEvent{}
		if err := rows.Scan(&e.ID, &e.AssessmentID, &e.Action, &e.From, &e.To, &e.UserID, &e.Username, &e.At, &e.Note); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// AddEvidence attaches a file to an item of an assessment the unit may still edit.
func (s *Store) AddEvidence(ctx context.Context, a Actor, assessmentID int64, item, filename, contentType string, data []byte) (*bontot.Evidence, error) {
	filename = strings.TrimSpace(filename)
	if len(data) == 0 {
		return nil, bontot.Errorf(bontot.EINVALID, "Tệp minh chứng trống.")
	}
	if len(data) > bontot.MaxEvidenceSize {
		return nil, bontot.Errorf(bontot.EINVALID, "Tệp minh chứng lớn hơn 10 MB; vui lòng nén hoặc chụp lại nhỏ hơn.")
	}
	if filename == "" {
		filename = "minh-chung"
	}
	sum := sha256.Sum256(data)
	ev := &bontot.Evidence{AssessmentID: assessmentID, ItemCode: item, Filename: filename, ContentType: contentType, Size: int64(len(data)),
		SHA256: hex.EncodeToString(sum[:]), Username: a.Username}
	err := s.tx(ctx, func(tx *Tx) error {
		as, err := tx.assessment(assessmentID)
		if err != nil {
			return err
		}
		if !as.Status.Editable() {
			return bontot.Errorf(bontot.ECONFLICT, "Bản đánh giá đang ở trạng thái “%s”, không thêm minh chứng được.", as.Status.Label())
		}
		sc, err := tx.scale(as.ScaleID)
		if err != nil {
			return err
		}
		if it, _ := sc.Scale.Item(item); it == nil {
			return bontot.Errorf(bontot.EINVALID, "Không có tiêu chí %s trong thang điểm.", item)
		}
		ev.UploadedAt = tx.now
		ev.ID, err = tx.insert(`INSERT INTO evidence (assessment_id, item_code, filename, content_type, size, sha256, data, user_id, username, uploaded_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, assessmentID, item, filename, contentType, ev.Size, ev.SHA256, data, nullInt(a.UserID), a.Username, tx.now)
		if err != nil {
			return err
		}
		return tx.audit(a, "evidence.create", "assessment", assessmentID, as.OrgPath, fmt.Sprintf("Thêm minh chứng “%s” cho tiêu chí %s", filename, item), nil)
	})
	return ev, err
}

const evidenceColumns = `id, assessment_id, item_code, filename, content_type, size, sha256, username, uploaded_at`

// evidenceFields are the scan targets of evidenceColumns.
func evidenceFields(e *bontot.Evidence) []any {
	return []any{&e.ID, &e.AssessmentID, &e.ItemCode, &e.Filename, &e.ContentType, &e.Size, &e.SHA256, &e.Username, &e.UploadedAt}
}

// EvidenceList returns the files attached to an assessment, by item.
func (s *Store) EvidenceList(ctx context.Context, assessmentID int64) ([]*bontot.Evidence, error) {
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT `+evidenceColumns+` FROM evidence WHERE assessment_id = ? ORDER BY item_code, id`), assessmentID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*bontot.Evidence
	for rows.Next() {
		e := &bontot.Evidence{}
		if err := rows.Scan(evidenceFields(e)...); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// EvidenceFile returns one file with its content.
func (s *Store) EvidenceFile(ctx context.Context, id int64) (*bontot.Evidence, []byte, error) {
	e := &bontot.Evidence{}
	var data []byte
	err := s.db.QueryRowContext(ctx, s.rebind(`SELECT `+evidenceColumns+`, data FROM evidence WHERE id = ?`), id).Scan(append(evidenceFields(e), &data)...)
	if err != nil {
		return nil, nil, notFound(err, "tệp minh chứng")
	}
	return e, data, nil
}

// DeleteEvidence removes a file while the unit may still edit its assessment.
func (s *Store) DeleteEvidence(ctx context.Context, a Actor, id int64) error {
	return s.tx(ctx, func(tx *Tx) error {
		var assessmentID int64
		var name string
		if err := tx.QueryRow(`SELECT assessment_id, filename FROM evidence WHERE id = ?`, id).Scan(&assessmentID, &name); err != nil {
			return notFound(err, "tệp minh chứng")
		}
		as, err := tx.assessment(assessmentID)
		if err != nil {
			return err
		}
		if !as.Status.Editable() {
			return bontot.Errorf(bontot.ECONFLICT, "Bản đánh giá đang ở trạng thái “%s”, không xóa minh chứng được.", as.Status.Label())
		}
		if _, err := tx.Exec(`DELETE FROM evidence WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.audit(a, "evidence.delete", "assessment", assessmentID, as.OrgPath, fmt.Sprintf("Xóa minh chứng “%s”", name), nil)
	})
}

// unitFacts are all the facts a unit's score reads: typed, from its records,
// ratings, discipline and, for a committee, its cells.
func (tx *Tx) unitFacts(as *bontot.Assessment) (scoring.Facts, error) {
	path, err := tx.grassrootsPath(as)
	if err != nil {
		return nil, err
	}
	all, err := tx.scoreUnits(scoreJob{campaignID: as.CampaignID, year: as.Year, under: path})
	if err != nil {
		return nil, err
	}
	for _, sd := range all {
		if sd.Assessment.ID == as.ID {
			return sd.Facts, nil
		}
	}
	return as.Facts, nil
}
