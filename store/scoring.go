package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"bontot"
	"bontot/scoring"
)

// rollupCols are the counters of assessment_rollup, in order.
var rollupCols = []string{"units", "draft", "submitted", "reviewed_st", "returned", "approved", "recognised_st", "locked", "late", "recognised",
	"four_good", "good", "fail", "scored", "total_sum", "b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9"}

const nRollup = 25

// Rollup indexes.
const (
	rUnits = iota
	rDraft
	rSubmitted
	rReviewed
	rReturned
	rApproved
	rRecognisedSt
	rLocked
	rLate
	rRecognised
	rFourGood
	rGood
	rFail
	rScored
	rTotalSum
	rBucket0
)

var statusCol = map[bontot.Status]int{
	bontot.StatusDraft: rDraft, bontot.StatusSubmitted: rSubmitted, bontot.StatusReviewed: rReviewed, bontot.StatusReturned: rReturned,
	bontot.StatusApproved: rApproved, bontot.StatusRecognised: rRecognisedSt, bontot.StatusLocked: rLocked,
}

// rollupOf is what one assessment adds to the counters of the organizations above it.
func rollupOf(a *bontot.Assessment) (v [nRollup]int64) {
	v[rUnits] = 1
	v[statusCol[a.Status]] = 1
	if a.Late {
		v[rLate] = 1
	}
	if a.Decision != "" {
		v[rRecognised] = 1
	}
	if a.Status != bontot.StatusDraft {
		v[rScored] = 1
		switch a.FinalClass {
		case scoring.ClassFourGood:
			v[rFourGood] = 1
		case scoring.ClassGood:
			v[rGood] = 1
		default:
			v[rFail] = 1
		}
		v[rTotalSum] = int64(a.FinalTotal)
		b := int(a.FinalTotal / 1000)
		if b > 9 {
			b = 9
		}
		if b < 0 {
			b = 0
		}
		v[rBucket0+b] = 1
	}
	return v
}

// rollupIDs are the organizations whose counters an assessment feeds: every
// ancestor, and the unit itself when it has subordinates (a committee).
func rollupIDs(a *bontot.Assessment) []int64 {
	ids := bontot.PathIDs(a.OrgPath)
	if a.Kind == scoring.KindCell && len(ids) > 0 {
		ids = ids[:len(ids)-1]
	}
	return ids
}

type rollupKey struct {
	org  int64
	kind scoring.Kind
}

// rollupAdd adds a's counters and subtracts old's (nil for a new assessment).
func (tx *Tx) rollupAdd(a, old *bontot.Assessment) error {
	d := rollupOf(a)
	if old != nil {
		o := rollupOf(old)
		zero := true
		for i := range d {
			d[i] -= o[i]
			zero = zero && d[i] == 0
		}
		if zero {
			return nil
		}
	}
	deltas := map[rollupKey]*[nRollup]int64{}
	for _, id := range rollupIDs(a) {
		deltas[rollupKey{id, a.Kind}] = &d
	}
	return tx.applyRollup(a.CampaignID, a.Year, deltas)
}

// applyRollup adds deltas to the counters, in batches.
func (tx *Tx) applyRollup(campaignID int64, year int, deltas map[rollupKey]*[nRollup]int64) error {
	keys := make([]rollupKey, 0, len(deltas))
	for k := range deltas {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].org != keys[j].org {
			return keys[i].org < keys[j].org
		}
		return keys[i].kind < keys[j].kind
	})
	var set []string
	for _, c := range rollupCols {
		set = append(set, c+" = assessment_rollup."+c+" + excluded."+c)
	}
	head := `INSERT INTO assessment_rollup (campaign_id, year, org_id, kind, ` + strings.Join(rollupCols, ", ") + `) VALUES `
	tail := ` ON CONFLICT (campaign_id, year, org_id, kind) DO UPDATE SET ` + strings.Join(set, ", ")
	row := "(" + placeholders(4+nRollup) + ")"
	const batch = 200
	for start := 0; start < len(keys); start += batch {
		end := min(start+batch, len(keys))
		rows := make([]string, 0, end-start)
		args := make([]any, 0, (end-start)*(4+nRollup))
		for _, k := range keys[start:end] {
			rows = append(rows, row)
			args = append(args, campaignID, year, k.org, string(k.kind))
			for _, v := range deltas[k] {
				args = append(args, v)
			}
		}
		if _, err := tx.Exec(head+strings.Join(rows, ", ")+tail, args...); err != nil {
			return fmt.Errorf("store: rollup: %w", err)
		}
	}
	return nil
}

// grassrootsPath returns the path of the grassroots organization an
// assessment belongs to: the đảng bộ cơ sở above a cell, or the unit itself.
func (tx *Tx) grassrootsPath(a *bontot.Assessment) (string, error) {
	if a.Kind == scoring.KindCommittee || a.OrgKind == bontot.KindBaseCell {
		return a.OrgPath, nil
	}
	ids := bontot.PathIDs(a.OrgPath)
	for i := len(ids) - 2; i >= 0; i-- {
		o, err := tx.org(ids[i])
		if err != nil {
			return "", err
		}
		if o.Kind == bontot.KindBaseCommittee {
			return o.Path, nil
		}
	}
	return a.OrgPath, nil
}

// rescoreAround re-scores an assessment and the committee whose computed
// items read it (its whole grassroots organization).
func (tx *Tx) rescoreAround(a *bontot.Assessment) error {
	path, err := tx.grassrootsPath(a)
	if err != nil {
		return err
	}
	_, err = tx.scoreUnits(scoreJob{campaignID: a.CampaignID, year: a.Year, under: path, write: true})
	return err
}

// afterRatingsChanged re-scores the assessments of the year whose facts read
// the ratings or discipline records of the organizations at paths (and the
// committees above them). Called inside the transaction that changed them.
func (tx *Tx) afterRatingsChanged(year int, paths []string) error {
	seen := map[string]bool{}
	for _, p := range paths {
		rows, err := tx.Query(`SELECT DISTINCT campaign_id FROM assessments WHERE year = ? AND org_id IN (`+placeholders(len(bontot.PathIDs(p)))+`)`,
			append([]any{year}, int64Args(bontot.PathIDs(p))...)...)
		if err != nil {
			return err
		}
		var campaigns []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			campaigns = append(campaigns, id)
		}
		rows.Close()
		for _, c := range campaigns {
			// The grassroots organization of p: the deepest assessed committee on its path, else p.
			under := p
			ids := bontot.PathIDs(p)
			for i := len(ids) - 1; i >= 0; i-- {
				var path string
				err := tx.QueryRow(`SELECT org_path FROM assessments WHERE campaign_id = ? AND year = ? AND org_id = ? AND kind = 'committee'`, c, year, ids[i]).Scan(&path)
				if err == nil {
					under = path
					break
				}
			}
			key := fmt.Sprint(c, under)
			if seen[key] {
				continue
			}
			seen[key] = true
			if _, err := tx.scoreUnits(scoreJob{campaignID: c, year: year, under: under, write: true}); err != nil {
				return err
			}
		}
	}
	return nil
}

// scoreJob says what to score.
type scoreJob struct {
	campaignID int64
	year       int
	under      string // subtree; "" for the whole campaign year
	// overrides replaces scales by id (a preview of a new version).
	overrides map[int64]*scoring.Scale
	write     bool // store changed scores and counters
	keep      bool // keep the full results (explanations)
	// all re-scores approved, recognised and locked results too (previews and
	// a new scale version); otherwise those results stay as they were approved.
	all bool
}

// rawEntries are an assessment's JSON columns before decoding.
type rawEntries struct{ self, review, facts string }

// parallel runs fn(0) … fn(n−1) on every core and returns the first error.
func parallel(n int, fn func(i int) error) error {
	const chunk = 64
	workers := min(runtime.GOMAXPROCS(0), max(1, n/chunk))
	if workers <= 1 {
		for i := range n {
			if err := fn(i); err != nil {
				return err
			}
		}
		return nil
	}
	var next atomic.Int64
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				start := int(next.Add(chunk)) - chunk
				if start >= n {
					return
				}
				for i := start; i < min(start+chunk, n); i++ {
					if err := fn(i); err != nil {
						errs[w] = err
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Scored is one assessment with its facts and fresh results.
type Scored struct {
	Assessment *bontot.Assessment
	Facts      scoring.Facts
	Self       scoring.Result
	Review     *scoring.Result // nil when not reviewed
	// Sources says where the record-based facts came from (SourceTyped,
	// SourceMeetings, SourceRegistration); filled for explanations only.
	Sources map[string]string
	// OldTotal and OldClass are the stored final score before this scoring.
	OldTotal scoring.Points
	OldClass scoring.Class
	old      struct {
		selfTotal, reviewTotal scoring.Points
		selfClass, reviewClass scoring.Class
		gap                    int64
	}
}

// scoreUnits scores the assessments of a campaign year under a subtree: the
// cells first, then the committees, whose computed items read the cells'
// fresh results. It reads ratings and discipline records set-based, so a
// whole national year is a handful of queries.
func (tx *Tx) scoreUnits(job scoreJob) ([]*Scored, error) {
	where := "campaign_id = ? AND year = ?"
	args := []any{job.campaignID, job.year}
	orgWhere := ""
	var orgArgs []any
	if job.under != "" {
		lo, hi := subtreeRange(job.under)
		where += " AND org_path >= ? AND org_path < ?"
		args = append(args, lo, hi)
		orgWhere = " AND org_id IN (SELECT id FROM orgs WHERE path >= ? AND path < ?)"
		orgArgs = []any{lo, hi}
	} else {
		// A whole year reads the ratings of the campaign's scope only (a
		// province's campaign need not read the country's ratings).
		var scope string
		var parent sql.NullInt64
		if err := tx.QueryRow(`SELECT o.path, o.parent_id FROM campaigns c JOIN orgs o ON o.id = c.scope_org_id WHERE c.id = ?`, job.campaignID).Scan(&scope, &parent); err != nil {
			return nil, notFound(err, "phong trào")
		}
		if parent.Valid {
			lo, hi := subtreeRange(scope)
			orgWhere = " AND org_id IN (SELECT id FROM orgs WHERE path >= ? AND path < ?)"
			orgArgs = []any{lo, hi}
		}
	}
	// Ratings of organizations and counts of members' ratings per cell.
	orgRating := map[int64]scoring.Rating{}
	rows, err := tx.Query(`SELECT org_id, rating FROM org_ratings WHERE year = ?`+orgWhere, append([]any{job.year}, orgArgs...)...)
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
		orgRating[id] = r
	}
	rows.Close()
	memberCounts := map[int64]*[5]int64{}
	rows, err = tx.Query(`SELECT org_id, rating, COUNT(*) FROM member_ratings`+tx.s.indexedBy("member_ratings_org")+` WHERE year = ?`+orgWhere+` GROUP BY org_id, rating`,
		append([]any{job.year}, orgArgs...)...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, n int64
		var r scoring.Rating
		if err := rows.Scan(&id, &r, &n); err != nil {
			rows.Close()
			return nil, err
		}
		if r < 0 || r > 4 {
			continue
		}
		c := memberCounts[id]
		if c == nil {
			c = &[5]int64{}
			memberCounts[id] = c
		}
		c[r] += n
	}
	rows.Close()
	disciplined := map[int64]int64{}
	rows, err = tx.Query(`SELECT org_id, COUNT(DISTINCT member_id) FROM disciplines WHERE decided_on >= ? AND decided_on <= ?`+orgWhere+` GROUP BY org_id`,
		append([]any{bontot.NewDate(job.year, 1, 1), bontot.NewDate(job.year, 12, 31)}, orgArgs...)...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, n int64
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return nil, err
		}
		disciplined[id] = n
	}
	rows.Close()

	// Facts from the year's records: meetings, registrations.
	records, err := tx.yearRecordFacts(job.campaignID, job.year, orgWhere, orgArgs)
	if err != nil {
		return nil, err
	}

	// The assessments, with the columns scoring needs. Rows are read here;
	// decoding and scoring run on every core below.
	rows, err = tx.Query(`SELECT id, org_id, org_path, kind, scale_id, status, self_entries, review_entries, facts, reviewed,
		self_total, self_class, review_total, review_class, final_total, final_class, gap, late, decision
		FROM assessments`+tx.s.indexedBy("assessments_path")+` WHERE `+where+` ORDER BY org_path`, args...)
	if err != nil {
		return nil, err
	}
	var all []*Scored
	var raws []rawEntries
	scaleIDs := map[int64]bool{}
	for rows.Next() {
		a := &bontot.Assessment{CampaignID: job.campaignID, Year: job.year}
		var raw rawEntries
		sd := &Scored{Assessment: a}
		if err := rows.Scan(&a.ID, &a.OrgID, &a.OrgPath, &a.Kind, &a.ScaleID, &a.Status, &raw.self, &raw.review, &raw.facts, &a.Reviewed,
			&a.SelfTotal, &a.SelfClass, &a.ReviewTotal, &a.ReviewClass, &a.FinalTotal, &a.FinalClass, &sd.old.gap, &a.Late, &a.Decision); err != nil {
			rows.Close()
			return nil, err
		}
		sd.OldTotal, sd.OldClass = a.FinalTotal, a.FinalClass
		sd.old.selfTotal, sd.old.selfClass, sd.old.reviewTotal, sd.old.reviewClass = a.SelfTotal, a.SelfClass, a.ReviewTotal, a.ReviewClass
		scaleIDs[a.ScaleID] = true
		all = append(all, sd)
		raws = append(raws, raw)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	scales := map[int64]*scoring.Scale{}
	for id := range scaleIDs {
		if sc, ok := job.overrides[id]; ok {
			scales[id] = sc
			continue
		}
		v, err := tx.scale(id)
		if err != nil {
			return nil, err
		}
		scales[id] = v.Scale
	}

	fixed := func(a *bontot.Assessment) bool {
		return !job.all && (a.Status == bontot.StatusApproved || a.Status == bontot.StatusRecognised || a.Status == bontot.StatusLocked)
	}
	scoreFn := scoring.ScoreQuiet // batches need no explanation texts
	if job.keep {
		scoreFn = scoring.Score
	}
	score := func(sd *Scored) {
		a := sd.Assessment
		sc := scales[a.ScaleID]
		sd.Self = scoreFn(sc, a.Self, sd.Facts)
		if a.Reviewed {
			r := scoreFn(sc, a.ReviewEntries(), sd.Facts)
			sd.Review = &r
		}
		if fixed(a) {
			return
		}
		a.SelfTotal, a.SelfClass = sd.Self.Total, sd.Self.Class
		a.FinalTotal, a.FinalClass = a.SelfTotal, a.SelfClass
		a.ReviewTotal, a.ReviewClass = 0, scoring.ClassNone
		if sd.Review != nil {
			a.ReviewTotal, a.ReviewClass = sd.Review.Total, sd.Review.Class
			a.FinalTotal, a.FinalClass = a.ReviewTotal, a.ReviewClass
		}
	}

	// Decode every row, then score the cells, on every core.
	err = parallel(len(all), func(i int) error {
		sd, raw := all[i], raws[i]
		a := sd.Assessment
		if err := decodeEntries(raw.self, &a.Self); err != nil {
			return err
		}
		if err := decodeEntries(raw.review, &a.Review); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(raw.facts), &a.Facts); err != nil {
			return err
		}
		if a.Kind != scoring.KindCell {
			return nil
		}
		f := make(scoring.Facts, len(a.Facts)+4)
		for k, v := range a.Facts {
			f[k] = v
		}
		f[scoring.FactDisciplined] = disciplined[a.OrgID]
		f[scoring.FactOwnRating] = int64(orgRating[a.OrgID])
		f[scoring.FactMembersKHTNV] = 0
		if c := memberCounts[a.OrgID]; c != nil {
			f[scoring.FactMembersKHTNV] = c[scoring.KHTNV]
		}
		if job.keep {
			sd.Sources = map[string]string{}
		}
		applyRecordFacts(f, records[a.OrgID], sd.Sources)
		sd.Facts = f
		score(sd)
		return nil
	})
	raws = nil
	if err != nil {
		return nil, err
	}
	// Then committees, from their cells' fresh results.
	committees := map[int64]*Scored{}
	var committeeList []*Scored
	cellsOf := map[int64][]*Scored{}
	for _, sd := range all {
		if sd.Assessment.Kind == scoring.KindCommittee {
			committees[sd.Assessment.OrgID] = sd
			committeeList = append(committeeList, sd)
		}
	}
	for _, sd := range all {
		a := sd.Assessment
		if a.Kind != scoring.KindCell {
			continue
		}
		ids := bontot.PathIDs(a.OrgPath)
		for i := len(ids) - 2; i >= 0; i-- {
			if _, ok := committees[ids[i]]; ok {
				cellsOf[ids[i]] = append(cellsOf[ids[i]], sd)
				break
			}
		}
	}
	err = parallel(len(committeeList), func(i int) error {
		sd := committeeList[i]
		a := sd.Assessment
		cells := cellsOf[a.OrgID]
		outs := make([]scoring.CellOutcome, 0, len(cells))
		var rated, good int64
		for _, c := range cells {
			ca := c.Assessment
			// The cell's facts as scored: from its meeting records when it has them.
			o := scoring.CellOutcome{Rating: orgRating[ca.OrgID], MeetingsScored: c.Facts[scoring.FactRegularScored], MeetingsGood: c.Facts[scoring.FactMeetingsGood]}
			if ca.Status != bontot.StatusDraft {
				o.Class = ca.FinalClass
			}
			outs = append(outs, o)
			if mc := memberCounts[ca.OrgID]; mc != nil {
				rated += mc[1] + mc[2] + mc[3] + mc[4]
				good += mc[3] + mc[4]
			}
		}
		f := scoring.CommitteeFacts(outs)
		f[scoring.FactMembersRated], f[scoring.FactMembersHTTNVPlus] = rated, good
		for k, v := range a.Facts {
			f[k] = v
		}
		f[scoring.FactOwnRating] = int64(orgRating[a.OrgID])
		sd.Facts = f
		score(sd)
		return nil
	})
	if err != nil {
		return nil, err
	}

	if job.write {
		// One prepared statement for every changed row.
		var stmt *sql.Stmt
		defer func() {
			if stmt != nil {
				stmt.Close()
			}
		}()
		deltas := map[rollupKey]*[nRollup]int64{}
		for _, sd := range all {
			a := sd.Assessment
			old := &bontot.Assessment{Status: a.Status, Late: a.Late, Decision: a.Decision, FinalTotal: sd.OldTotal, FinalClass: sd.OldClass}
			changed := a.FinalTotal != sd.OldTotal || a.FinalClass != sd.OldClass
			if !fixed(a) {
				gap := int64(0)
				if a.Reviewed {
					gap = int64(a.SelfTotal - a.ReviewTotal)
					if gap < 0 {
						gap = -gap
					}
				}
				if changed || gap != sd.old.gap || a.SelfTotal != sd.old.selfTotal || a.SelfClass != sd.old.selfClass ||
					a.ReviewTotal != sd.old.reviewTotal || a.ReviewClass != sd.old.reviewClass {
					if stmt == nil {
						if stmt, err = tx.tx.PrepareContext(tx.ctx, tx.s.rebind(`UPDATE assessments SET self_total = ?, self_class = ?, review_total = ?,
							review_class = ?, final_total = ?, final_class = ?, gap = ? WHERE id = ?`)); err != nil {
							return nil, err
						}
					}
					if _, err := stmt.ExecContext(tx.ctx, a.SelfTotal, string(a.SelfClass), a.ReviewTotal, string(a.ReviewClass), a.FinalTotal,
						string(a.FinalClass), gap, a.ID); err != nil {
						return nil, err
					}
				}
			}
			if !changed {
				continue
			}
			nv, ov := rollupOf(a), rollupOf(old)
			for _, id := range rollupIDs(a) {
				k := rollupKey{id, a.Kind}
				d := deltas[k]
				if d == nil {
					d = &[nRollup]int64{}
					deltas[k] = d
				}
				for i := range d {
					d[i] += nv[i] - ov[i]
				}
			}
		}
		if len(deltas) > 0 {
			if err := tx.applyRollup(job.campaignID, job.year, deltas); err != nil {
				return nil, err
			}
		}
	}
	if !job.keep {
		for _, sd := range all {
			sd.Self, sd.Review = scoring.Result{}, nil
		}
	}
	return all, nil
}

// ScoreYear re-scores every assessment of a campaign year from the stored
// entries, facts, ratings and discipline records, and returns how many units
// it scored. Approved results stay as approved.
func (s *Store) ScoreYear(ctx context.Context, campaignID int64, year int) (int, error) {
	n := 0
	err := s.tx(ctx, func(tx *Tx) error {
		all, err := tx.scoreUnits(scoreJob{campaignID: campaignID, year: year, write: true})
		n = len(all)
		return err
	})
	return n, err
}

// Explanation is an assessment with the full explanation of its scores.
type Explanation struct {
	*Scored
	Scale *bontot.ScaleVersion
}

// Explain scores one assessment with everything it reads and returns the
// explanation of its self and reviewed scores. It writes nothing.
func (s *Store) Explain(ctx context.Context, id int64) (*Explanation, error) {
	var out *Explanation
	err := s.read(ctx, func(tx *Tx) error {
		a, err := tx.assessment(id)
		if err != nil {
			return err
		}
		path, err := tx.grassrootsPath(a)
		if err != nil {
			return err
		}
		all, err := tx.scoreUnits(scoreJob{campaignID: a.CampaignID, year: a.Year, under: path, keep: true, all: true})
		if err != nil {
			return err
		}
		v, err := tx.scale(a.ScaleID)
		if err != nil {
			return err
		}
		for _, sd := range all {
			if sd.Assessment.ID == id {
				// Keep the stored (possibly approved) totals and the names.
				sd.Assessment = a
				out = &Explanation{Scored: sd, Scale: v}
				return nil
			}
		}
		return bontot.Errorf(bontot.ENOTFOUND, "Không tìm thấy bản đánh giá.")
	})
	return out, err
}

// PreviewRow is one unit whose result a new scale version would change.
type PreviewRow struct {
	AssessmentID int64
	OrgID        int64
	OrgName      string
	OrgPath      string
	Status       bontot.Status
	OldTotal     scoring.Points
	OldClass     scoring.Class
	NewTotal     scoring.Points
	NewClass     scoring.Class
}

// Preview is what applying a scale version to a campaign year would do.
type Preview struct {
	Units        int // units scored with the family of the scale
	Changed      []PreviewRow
	ClassChanges int
	Blocked      string // why it cannot be applied, if it cannot
}

// PreviewScale scores every unit of a campaign year that uses a version of
// the scale's family with that version instead, and lists the results that
// would change (committees included, since they read the cells). Nothing is written.
func (s *Store) PreviewScale(ctx context.Context, scaleID, campaignID int64, year int) (*Preview, error) {
	var p *Preview
	err := s.read(ctx, func(tx *Tx) error {
		var err error
		p, err = tx.previewScale(scaleID, campaignID, year)
		return err
	})
	return p, err
}

func (tx *Tx) previewScale(scaleID, campaignID int64, year int) (*Preview, error) {
	v, err := tx.scale(scaleID)
	if err != nil {
		return nil, err
	}
	rows, err := tx.Query(`SELECT DISTINCT a.scale_id FROM assessments a JOIN scales s ON s.id = a.scale_id WHERE a.campaign_id = ? AND a.year = ? AND s.family = ?`,
		campaignID, year, v.Family)
	if err != nil {
		return nil, err
	}
	overrides := map[int64]*scoring.Scale{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		overrides[id] = v.Scale
	}
	rows.Close()
	all, err := tx.scoreUnits(scoreJob{campaignID: campaignID, year: year, overrides: overrides, all: true})
	if err != nil {
		return nil, err
	}
	return tx.preview(all, func(a *bontot.Assessment) bool { _, ok := overrides[a.ScaleID]; return ok })
}

// preview lists the freshly scored units whose final score or class differs
// from the stored one; affected tells which units the change of scale concerns.
func (tx *Tx) preview(all []*Scored, affected func(*bontot.Assessment) bool) (*Preview, error) {
	p := &Preview{}
	var changedIDs []int64
	for _, sd := range all {
		a := sd.Assessment
		if affected(a) {
			p.Units++
			if a.Status == bontot.StatusRecognised || a.Status == bontot.StatusLocked {
				p.Blocked = "Năm này đã có đơn vị được công nhận hoặc đã khóa kết quả; phải mở lại các đơn vị đó trước khi đổi thang điểm."
			}
		}
		// A unit never scored yet (a draft nobody has saved) has no result to change.
		if sd.OldClass != scoring.ClassNone && (a.FinalTotal != sd.OldTotal || a.FinalClass != sd.OldClass) {
			p.Changed = append(p.Changed, PreviewRow{AssessmentID: a.ID, OrgID: a.OrgID, OrgPath: a.OrgPath, Status: a.Status,
				OldTotal: sd.OldTotal, OldClass: sd.OldClass, NewTotal: a.FinalTotal, NewClass: a.FinalClass})
			changedIDs = append(changedIDs, a.OrgID)
			if a.FinalClass != sd.OldClass {
				p.ClassChanges++
			}
		}
	}
	// Names for the changed rows, in batches.
	names := map[int64]string{}
	for start := 0; start < len(changedIDs); start += 500 {
		end := min(start+500, len(changedIDs))
		rows, err := tx.Query(`SELECT o.id, o.name || CASE WHEN p.name IS NULL THEN '' ELSE ' — ' || p.name END FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id WHERE o.id IN (`+
			placeholders(end-start)+`)`, int64Args(changedIDs[start:end])...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var n string
			if err := rows.Scan(&id, &n); err != nil {
				rows.Close()
				return nil, err
			}
			names[id] = n
		}
		rows.Close()
	}
	for i := range p.Changed {
		p.Changed[i].OrgName = names[p.Changed[i].OrgID]
	}
	return p, nil
}

// ApplyScale makes a scale version the one a campaign year scores its kind of
// units with (every unit that used a version of the same family), freezes it
// and re-scores the year, approved results included. It refuses while a unit
// of the year is recognised or locked.
func (s *Store) ApplyScale(ctx context.Context, a Actor, scaleID, campaignID int64, year int) (*Preview, error) {
	var p *Preview
	err := s.tx(ctx, func(tx *Tx) error {
		var err error
		if p, err = tx.previewScale(scaleID, campaignID, year); err != nil {
			return err
		}
		if p.Blocked != "" {
			return bontot.Errorf(bontot.ECONFLICT, "%s", p.Blocked)
		}
		v, err := tx.scale(scaleID)
		if err != nil {
			return err
		}
		c, err := tx.campaign(campaignID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE campaign_year_scales SET scale_id = ? WHERE campaign_id = ? AND year = ? AND scale_id IN (SELECT id FROM scales WHERE family = ?)`,
			scaleID, campaignID, year, v.Family); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE assessments SET scale_id = ? WHERE campaign_id = ? AND year = ? AND scale_id IN (SELECT id FROM scales WHERE family = ?)`,
			scaleID, campaignID, year, v.Family); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE scales SET frozen = ? WHERE id = ?`, true, scaleID); err != nil {
			return err
		}
		if _, err := tx.scoreUnits(scoreJob{campaignID: campaignID, year: year, write: true, all: true}); err != nil {
			return err
		}
		return tx.audit(a, "scale.apply", "scale", scaleID, c.ScopePath,
			fmt.Sprintf("Áp dụng thang điểm “%s” phiên bản %d cho năm %d của phong trào “%s”: %d đơn vị đổi điểm, %d đổi xếp loại",
				v.Scale.Name, v.Version, year, c.Name, len(p.Changed), p.ClassChanges), nil)
	})
	return p, err
}

// rebuildRollup recomputes every counter of a campaign year from the assessments.
func (tx *Tx) rebuildRollup(campaignID int64, year int) error {
	if _, err := tx.Exec(`DELETE FROM assessment_rollup WHERE campaign_id = ? AND year = ?`, campaignID, year); err != nil {
		return err
	}
	sums, err := tx.countAssessments(campaignID, year)
	if err != nil {
		return err
	}
	return tx.applyRollup(campaignID, year, sums)
}

// countAssessments computes, from the assessments themselves, what the
// counters of a campaign year should hold.
func (tx *Tx) countAssessments(campaignID int64, year int) (map[rollupKey]*[nRollup]int64, error) {
	rows, err := tx.Query(`SELECT org_path, kind, status, late, decision, final_total, final_class FROM assessments WHERE campaign_id = ? AND year = ?`, campaignID, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	sums := map[rollupKey]*[nRollup]int64{}
	for rows.Next() {
		a := &bontot.Assessment{}
		if err := rows.Scan(&a.OrgPath, &a.Kind, &a.Status, &a.Late, &a.Decision, &a.FinalTotal, &a.FinalClass); err != nil {
			return nil, err
		}
		v := rollupOf(a)
		for _, id := range rollupIDs(a) {
			k := rollupKey{id, a.Kind}
			d := sums[k]
			if d == nil {
				d = &[nRollup]int64{}
				sums[k] = d
			}
			for i := range d {
				d[i] += v[i]
			}
		}
	}
	return sums, rows.Err()
}

// AssessmentSeed is a finished assessment written in bulk (demo data,
// benchmarks, migrations from other tools): entries, facts, status and dates
// as they would be after the workflow.
type AssessmentSeed struct {
	OrgID       int64
	Status      bontot.Status
	Self        scoring.Entries
	Review      scoring.Entries // nil when not reviewed
	Facts       scoring.Facts
	SubmittedAt time.Time
	Late        bool
	Decision    string
	DecisionOn  bontot.Date
}

// SeedAssessments writes finished assessments of a campaign year in one
// transaction, then scores the year and rebuilds its counters. The units
// must have an assessment already (opened with the campaign year).
func (s *Store) SeedAssessments(ctx context.Context, a Actor, campaignID int64, year int, seeds []AssessmentSeed) error {
	return s.tx(ctx, func(tx *Tx) error {
		for _, sd := range seeds {
			reviewed := sd.Review != nil
			if sd.Review == nil {
				sd.Review = scoring.Entries{}
			}
			var sub, rev, appr any
			if sd.Status != bontot.StatusDraft && !sd.SubmittedAt.IsZero() {
				sub = sd.SubmittedAt
			}
			if reviewed {
				rev = sd.SubmittedAt
			}
			if sd.Status == bontot.StatusApproved || sd.Status == bontot.StatusRecognised || sd.Status == bontot.StatusLocked {
				appr = sd.SubmittedAt
			}
			res, err := tx.Exec(`UPDATE assessments SET status = ?, self_entries = ?, review_entries = ?, facts = ?, reviewed = ?, submitted_at = ?, late = ?,
				reviewed_at = ?, approved_at = ?, decision = ?, decision_date = ?, updated_at = ? WHERE campaign_id = ? AND year = ? AND org_id = ?`,
				string(sd.Status), encode(sd.Self), encode(sd.Review), encode(sd.Facts), reviewed, sub, sd.Late, rev, appr, sd.Decision, sd.DecisionOn, tx.now,
				campaignID, year, sd.OrgID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return bontot.Errorf(bontot.ENOTFOUND, "Đơn vị %d chưa có bản đánh giá năm %d.", sd.OrgID, year)
			}
		}
		if _, err := tx.scoreUnits(scoreJob{campaignID: campaignID, year: year, write: true, all: true}); err != nil {
			return err
		}
		if err := tx.rebuildRollup(campaignID, year); err != nil {
			return err
		}
		return tx.audit(a, "assessment.seed", "campaign", campaignID, "", fmt.Sprintf("Nạp %d bản đánh giá năm %d", len(seeds), year), nil)
	})
}

// VerifyRollup recomputes the counters of a campaign year from the
// assessments and returns the organizations whose stored counters differ
// (none when everything is consistent). It writes nothing.
func (s *Store) VerifyRollup(ctx context.Context, campaignID int64, year int) ([]int64, error) {
	var bad []int64
	err := s.read(ctx, func(tx *Tx) error {
		want, err := tx.countAssessments(campaignID, year)
		if err != nil {
			return err
		}
		rows, err := tx.Query(`SELECT org_id, kind, `+strings.Join(rollupCols, ", ")+` FROM assessment_rollup WHERE campaign_id = ? AND year = ?`, campaignID, year)
		if err != nil {
			return err
		}
		defer rows.Close()
		seen := map[rollupKey]bool{}
		for rows.Next() {
			var k rollupKey
			var v [nRollup]int64
			dest := []any{&k.org, &k.kind}
			for i := range v {
				dest = append(dest, &v[i])
			}
			if err := rows.Scan(dest...); err != nil {
				return err
			}
			seen[k] = true
			w := want[k]
			if w == nil {
				w = &[nRollup]int64{}
			}
			if *w != v {
				bad = append(bad, k.org)
			}
		}
		for k := range want {
			if !seen[k] {
				bad = append(bad, k.org)
			}
		}
		return rows.Err()
	})
	return bad, err
}

// moveAssessments follows a re-parented subtree (old path range lo..hi, new
// path prefix newPath): its assessments take the new paths, the grassroots
// committees it left and joined are re-scored (their computed items read
// their cells), and the counters of the years concerned are recounted.
func (tx *Tx) moveAssessments(oldParent, newParent *bontot.Org, newPath string, cut int, lo, hi string) error {
	rows, err := tx.Query(`SELECT DISTINCT campaign_id, year FROM assessments WHERE org_path >= ? AND org_path < ?`, lo, hi)
	if err != nil {
		return err
	}
	type cy struct {
		campaign int64
		year     int
	}
	var years []cy
	for rows.Next() {
		var x cy
		if err := rows.Scan(&x.campaign, &x.year); err != nil {
			rows.Close()
			return err
		}
		years = append(years, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(years) == 0 {
		return err
	}
	if _, err := tx.Exec(`UPDATE assessments SET org_path = ? || substr(org_path, ?) WHERE org_path >= ? AND org_path < ?`, newPath, cut, lo, hi); err != nil {
		return err
	}
	// The grassroots organizations to re-score: the moved subtree, and the
	// nearest đảng bộ cơ sở above its old and its new place.
	unders := []string{newPath}
	for _, p := range []*bontot.Org{oldParent, newParent} {
		if p == nil {
			continue
		}
		ids := bontot.PathIDs(p.Path)
		for i := len(ids) - 1; i >= 0; i-- {
			o, err := tx.org(ids[i])
			if err != nil {
				return err
			}
			if o.Kind == bontot.KindBaseCommittee {
				unders = append(unders, o.Path)
				break
			}
		}
	}
	for _, x := range years {
		for _, u := range unders {
			if _, err := tx.scoreUnits(scoreJob{campaignID: x.campaign, year: x.year, under: u, write: true}); err != nil {
				return err
			}
		}
		if err := tx.rebuildRollup(x.campaign, x.year); err != nil {
			return err
		}
	}
	return nil
}

// errPreviewOnly rolls back the transaction of a preview.
var errPreviewOnly = fmt.Errorf("store: preview only")

// AssignSubtypeScale gives the units of one subtype (villages, schools…) of a
// campaign year their own scale version, instead of the one of their kind.
// With apply false it only previews: the change is made, scored and rolled
// back. Applying is refused while a unit of the year is recognised or locked.
func (s *Store) AssignSubtypeScale(ctx context.Context, a Actor, campaignID int64, year int, subtype bontot.OrgSubtype, scaleID int64, apply bool) (*Preview, error) {
	if !subtype.Valid() {
		return nil, bontot.Errorf(bontot.EINVALID, "Vui lòng chọn loại hình chi bộ.")
	}
	var p *Preview
	err := s.tx(ctx, func(tx *Tx) error {
		v, err := tx.scale(scaleID)
		if err != nil {
			return err
		}
		c, err := tx.campaign(campaignID)
		if err != nil {
			return err
		}
		if c.Year(year) == nil {
			return bontot.Errorf(bontot.ENOTFOUND, "Phong trào không có năm %d.", year)
		}
		res, err := tx.Exec(`UPDATE assessments SET scale_id = ? WHERE campaign_id = ? AND year = ? AND kind = ? AND org_id IN (SELECT id FROM orgs WHERE subtype = ?)`,
			scaleID, campaignID, year, string(v.Kind), string(subtype))
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		ids := map[int64]bool{}
		if n > 0 {
			rows, err := tx.Query(`SELECT a.id FROM assessments a JOIN orgs o ON o.id = a.org_id WHERE a.campaign_id = ? AND a.year = ? AND a.kind = ? AND o.subtype = ?`,
				campaignID, year, string(v.Kind), string(subtype))
			if err != nil {
				return err
			}
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					rows.Close()
					return err
				}
				ids[id] = true
			}
			rows.Close()
		}
		all, err := tx.scoreUnits(scoreJob{campaignID: campaignID, year: year, all: true, write: apply})
		if err != nil {
			return err
		}
		if p, err = tx.preview(all, func(a *bontot.Assessment) bool { return ids[a.ID] }); err != nil {
			return err
		}
		if !apply {
			return errPreviewOnly
		}
		if p.Blocked != "" {
			return bontot.Errorf(bontot.ECONFLICT, "%s", p.Blocked)
		}
		if _, err := tx.Exec(`DELETE FROM campaign_year_scales WHERE campaign_id = ? AND year = ? AND kind = ? AND subtype = ?`, campaignID, year, string(v.Kind), string(subtype)); err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO campaign_year_scales (campaign_id, year, kind, subtype, scale_id) VALUES (?, ?, ?, ?, ?)`, campaignID, year, string(v.Kind), string(subtype), scaleID); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE scales SET frozen = ? WHERE id = ?`, true, scaleID); err != nil {
			return err
		}
		if err := tx.rebuildRollup(campaignID, year); err != nil {
			return err
		}
		return tx.audit(a, "scale.apply", "scale", scaleID, c.ScopePath,
			fmt.Sprintf("Áp dụng thang điểm “%s” phiên bản %d cho chi bộ loại “%s” năm %d của phong trào “%s”: %d đơn vị đổi điểm",
				v.Scale.Name, v.Version, subtype.Label(), year, c.Name, len(p.Changed)), nil)
	})
	if err == errPreviewOnly {
		err = nil
	}
	return p, err
}

// RecountYear rebuilds the dashboard counters of a campaign year from the
// assessments (after a repair of the data by hand, for example).
func (s *Store) RecountYear(ctx context.Context, campaignID int64, year int) error {
	return s.tx(ctx, func(tx *Tx) error { return tx.rebuildRollup(campaignID, year) })
}
