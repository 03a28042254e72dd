package bench_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"bontot"
	"bontot/demo"
	"bontot/scoring"
	"bontot/store"
)

// The assessment benchmarks work on one campaign year over the whole root
// (every cell and đảng bộ cơ sở of the country) and on a second campaign
// whose scope is the first province, for the scale-change preview. Both are
// created and filled on first use (demo.GenerateYear at StageReview: every
// unit submitted or reviewed, ratings in, nothing approved, so that scoring
// re-scores and rewrites every result) and reused afterwards.
const (
	benchYear             = 2025
	benchCampaignName     = "Đo hiệu năng: năm đánh giá toàn quốc"
	benchProvCampaignName = "Đo hiệu năng: năm đánh giá một tỉnh"
)

type scoringDB struct {
	national, province *bontot.Campaign
	units, provUnits   int
	cellScaleID        int64
}

var (
	scoringOnce sync.Once
	scoringData *scoringDB
	scoringErr  error
)

func scoringSetup(b *testing.B) (*nationalDB, *scoringDB) {
	b.Helper()
	n := national(b)
	scoringOnce.Do(func() { scoringData, scoringErr = setupScoring(n) })
	if scoringErr != nil {
		b.Fatal(scoringErr)
	}
	return n, scoringData
}

// step prints how long a setup step took (the figures of docs/performance.md).
func step(what string, start time.Time) {
	fmt.Printf("setup: %s: %s\n", what, time.Since(start).Round(time.Millisecond))
}

func setupScoring(n *nationalDB) (*scoringDB, error) {
	ctx := context.Background()
	st := n.st
	sd := &scoringDB{}
	cs, err := st.Campaigns(ctx, "")
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		switch c.Name {
		case benchCampaignName:
			sd.national = c
		case benchProvCampaignName:
			sd.province = c
		}
	}
	if sd.national != nil && sd.province != nil {
		for _, ys := range sd.national.Years[0].Scales {
			if ys.Kind == scoring.KindCell {
				sd.cellScaleID = ys.ScaleID
			}
		}
		return sd, sd.count(ctx, st)
	}
	if sd.national != nil || sd.province != nil {
		return nil, fmt.Errorf("a half-made benchmark campaign in the database: load it again")
	}

	cellScale := &bontot.ScaleVersion{Family: "bench-chi-bo", Scale: scoring.DefaultCellScale()}
	comScale := &bontot.ScaleVersion{Family: "bench-dang-bo", Scale: scoring.DefaultCommitteeScale()}
	for _, v := range []*bontot.ScaleVersion{cellScale, comScale} {
		if err := st.CreateScale(ctx, store.System, v); err != nil {
			return nil, err
		}
	}
	sd.cellScaleID = cellScale.ID
	campaign := func(name string, scope *bontot.Org) (*bontot.Campaign, error) {
		c := &bontot.Campaign{Name: name, IssuerID: scope.ID, ScopeID: scope.ID, FromYear: benchYear, ToYear: benchYear, Quota: 2000,
			Years: []bontot.CampaignYear{{Year: benchYear, SelfDeadline: bontot.NewDate(benchYear, 12, 15),
				ReviewDeadline: bontot.NewDate(benchYear, 12, 31), ApprovalDeadline: bontot.NewDate(benchYear+1, 1, 15),
				Scales: []bontot.YearScale{{Kind: scoring.KindCell, ScaleID: cellScale.ID}, {Kind: scoring.KindCommittee, ScaleID: comScale.ID}}}}}
		start := time.Now()
		err := st.CreateCampaign(ctx, store.System, c)
		step("create campaign “"+name+"” (opens a draft per unit)", start)
		return c, err
	}

	start := time.Now()
	units, err := loadUnits(ctx, st)
	if err != nil {
		return nil, err
	}
	step(fmt.Sprintf("read %d grassroots organizations with their cells and members", len(units)), start)
	plan := demo.YearPlan{Year: benchYear, Stage: demo.StageReview, Quota: 2000, SelfDeadline: bontot.NewDate(benchYear, 12, 15), Seed: 1}
	start = time.Now()
	d := demo.GenerateYear(units, plan)
	step(fmt.Sprintf("generate the year: %d assessments, %d organization and %d member ratings", len(d.Seeds), len(d.OrgRatings), len(d.MemberRatings)), start)
	for i := range units {
		if vs := scoring.CheckRatings(d.Rated(&units[i]), plan.Quota); len(vs) > 0 {
			return nil, fmt.Errorf("generated ratings break a rule: %s", vs[0].Message)
		}
	}

	if sd.national, err = campaign(benchCampaignName, n.root); err != nil {
		return nil, err
	}
	start = time.Now()
	if err := st.SeedRatings(ctx, benchYear, d.OrgRatings, d.MemberRatings, d.Disciplines); err != nil {
		return nil, err
	}
	step("store.SeedRatings", start)
	start = time.Now()
	if err := st.SeedAssessments(ctx, store.System, sd.national.ID, benchYear, d.Seeds); err != nil {
		return nil, err
	}
	step(fmt.Sprintf("store.SeedAssessments, %d units (writes, scores the year, rebuilds the counters)", len(d.Seeds)), start)

	// The province campaign: the same units' entries under a second campaign.
	var prov []demo.Grassroots
	for _, u := range units {
		if strings.HasPrefix(u.Path, n.prov.Path) {
			prov = append(prov, u)
		}
	}
	pd := demo.GenerateYear(prov, plan)
	if sd.province, err = campaign(benchProvCampaignName, n.prov); err != nil {
		return nil, err
	}
	start = time.Now()
	if err := st.SeedAssessments(ctx, store.System, sd.province.ID, benchYear, pd.Seeds); err != nil {
		return nil, err
	}
	step(fmt.Sprintf("store.SeedAssessments, province, %d units", len(pd.Seeds)), start)
	return sd, sd.count(ctx, st)
}

// count reads how many units each campaign year has.
func (sd *scoringDB) count(ctx context.Context, st *store.Store) error {
	for _, c := range []*bontot.Campaign{sd.national, sd.province} {
		scope, err := st.Org(ctx, c.ScopeID)
		if err != nil {
			return err
		}
		sums, err := st.Summaries(ctx, c.ID, benchYear, []*bontot.Org{scope})
		if err != nil {
			return err
		}
		units := int(sums[0].Cells.Units + sums[0].Committees.Units)
		if c == sd.national {
			sd.units = units
		} else {
			sd.provUnits = units
		}
	}
	return nil
}

// loadUnits reads every grassroots organization with its cells and members,
// straight from the tables (demo.LoadUnits reads members with their cells'
// names, which is slow for 5.6 million).
func loadUnits(ctx context.Context, st *store.Store) ([]demo.Grassroots, error) {
	db := st.DB()
	type node struct {
		kind bontot.OrgKind
		path string
	}
	nodes := map[int64]node{}
	var cells []*demo.Cell
	byID := map[int64]*demo.Cell{}
	rows, err := db.QueryContext(ctx, `SELECT id, kind, subtype, path FROM orgs WHERE kind IN ('cell', 'base_cell', 'base_committee')`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var kind bontot.OrgKind
		var sub bontot.OrgSubtype
		var path string
		if err := rows.Scan(&id, &kind, &sub, &path); err != nil {
			rows.Close()
			return nil, err
		}
		nodes[id] = node{kind, path}
		if kind.IsCell() {
			c := &demo.Cell{ID: id, Path: path, Subtype: sub}
			cells = append(cells, c)
			byID[id] = c
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = db.QueryContext(ctx, `SELECT id, org_id, admitted_date FROM members WHERE org_id IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var m demo.Member
		var org int64
		if err := rows.Scan(&m.ID, &org, &m.Admitted); err != nil {
			rows.Close()
			return nil, err
		}
		if c := byID[org]; c != nil {
			c.Members = append(c.Members, m)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return demo.GroupUnits(cells, func(id int64) (bontot.OrgKind, string) { n := nodes[id]; return n.kind, n.path }), nil
}

// heavy runs fn at most max times whatever b.N (each run takes seconds; the
// other benchmarks of the package run hundreds of times) and reports the
// mean as ns/op, with the slowest run.
func heavy(b *testing.B, maxRuns int, fn func() error) {
	b.Helper()
	heavyPrep(b, maxRuns, nil, fn, nil)
}

// heavyPrep is heavy with untimed work before (prep) and after each run.
func heavyPrep(b *testing.B, maxRuns int, prep, fn, after func() error) {
	b.Helper()
	runs := min(b.N, maxRuns)
	var d []time.Duration
	b.ResetTimer()
	for range runs {
		if prep != nil {
			if err := prep(); err != nil {
				b.Fatal(err)
			}
		}
		start := time.Now()
		if err := fn(); err != nil {
			b.Fatal(err)
		}
		d = append(d, time.Since(start))
		if after != nil {
			if err := after(); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.StopTimer()
	var sum time.Duration
	for _, x := range d {
		sum += x
	}
	b.ReportMetric(float64(sum.Nanoseconds())/float64(runs), "ns/op")
	b.ReportMetric(slices.Max(d).Seconds(), "max-s")
	b.ReportMetric(float64(runs), "runs")
}

// BenchmarkNationalScoreYear re-scores a whole campaign year of the root
// (about 352,000 units at national scale) from the stored entries, facts,
// ratings and discipline records, writing the results and the counters.
func BenchmarkNationalScoreYear(b *testing.B) {
	n, sd := scoringSetup(b)
	b.ReportMetric(float64(sd.units), "units")
	ctx := context.Background()
	// Every stored score is cleared before each run (not timed), so that the
	// run computes and writes every unit's result: the worst case.
	clear := func() error {
		_, err := n.st.DB().ExecContext(ctx, n.st.Rebind(`UPDATE assessments SET self_total = 0, self_class = '', review_total = 0, review_class = '',
			final_total = 0, final_class = '', gap = 0 WHERE campaign_id = ? AND year = ?`), sd.national.ID, benchYear)
		return err
	}
	heavyPrep(b, 3, clear, func() error {
		got, err := n.st.ScoreYear(ctx, sd.national.ID, benchYear)
		if err == nil && got != sd.units {
			err = fmt.Errorf("scored %d units, want %d", got, sd.units)
		}
		return err
	}, func() error { return n.st.RecountYear(ctx, sd.national.ID, benchYear) })
}

// BenchmarkNationalPreviewScale previews a new version of the cell scale
// (criterion C2's floor raised from 20 to 21,25 points, 85% of its maximum)
// over the province campaign: every unit of the province scored, nothing
// written, the changed results listed with their names.
func BenchmarkNationalPreviewScale(b *testing.B) {
	n, sd := scoringSetup(b)
	ctx := context.Background()
	v, err := previewVersion(ctx, n.st, sd.cellScaleID)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(sd.provUnits), "units")
	var p *store.Preview
	heavy(b, 5, func() error {
		p, err = n.st.PreviewScale(ctx, v.ID, sd.province.ID, benchYear)
		return err
	})
	b.ReportMetric(float64(len(p.Changed)), "changed")
	b.ReportMetric(float64(p.ClassChanges), "class-changes")
}

// previewVersion returns the second version of the benchmark's cell scale,
// making it the first time.
func previewVersion(ctx context.Context, st *store.Store, fromID int64) (*bontot.ScaleVersion, error) {
	old, err := st.Scale(ctx, fromID)
	if err != nil {
		return nil, err
	}
	all, err := st.Scales(ctx)
	if err != nil {
		return nil, err
	}
	for _, v := range all {
		if v.Family == old.Family && v.Version == old.Version+1 {
			return v, nil
		}
	}
	sc := *old.Scale
	sc.Criteria = slices.Clone(sc.Criteria)
	sc.Criteria[1].Floor = 2125
	return st.NewScaleVersion(ctx, store.System, old.ID, &sc, "Đo hiệu năng: nâng mức sàn tiêu chí 2 lên 85%")
}

// BenchmarkNationalResults is what a results dashboard reads for a subtree:
// the summaries of the organization and its children, and the rankings of
// its cells (top, bottom, largest self/review gap), at the national root, a
// province and a grassroots organization. Dashboard is the three together.
func BenchmarkNationalResults(b *testing.B) {
	n, sd := scoringSetup(b)
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		org  *bontot.Org
	}{{"Root", n.root}, {"Province", n.prov}, {"Grassroots", n.commune}} {
		pid := tc.org.ID
		children, err := n.st.Orgs(ctx, bontot.OrgFilter{ParentID: &pid, Limit: 5000})
		if err != nil {
			b.Fatal(err)
		}
		orgs := append([]*bontot.Org{tc.org}, children...)
		sums, err := n.st.Summaries(ctx, sd.national.ID, benchYear, orgs)
		if err != nil {
			b.Fatal(err)
		}
		cells := sums[0].Cells.Units
		if cells == 0 {
			b.Fatalf("no cells under %s", tc.org.Name)
		}
		dashboard := func(rankings []store.RankBy, summaries bool) error {
			if summaries {
				if _, err := n.st.Summaries(ctx, sd.national.ID, benchYear, orgs); err != nil {
					return err
				}
			}
			for _, by := range rankings {
				as, err := n.st.Ranking(ctx, sd.national.ID, benchYear, tc.org.Path, scoring.KindCell, by, 10, cells)
				if err != nil {
					return err
				}
				if by == store.RankTop && len(as) == 0 {
					return fmt.Errorf("no ranking under %s", tc.org.Name)
				}
			}
			return nil
		}
		b.Run(tc.name+"/Summaries", func(b *testing.B) {
			b.ReportMetric(float64(len(orgs)), "orgs")
			timed(b, func() error { return dashboard(nil, true) })
		})
		for _, by := range []store.RankBy{store.RankTop, store.RankBottom, store.RankGap} {
			b.Run(tc.name+"/Ranking-"+string(by), func(b *testing.B) {
				timed(b, func() error { return dashboard([]store.RankBy{by}, false) })
			})
		}
		b.Run(tc.name+"/Dashboard", func(b *testing.B) {
			timed(b, func() error { return dashboard([]store.RankBy{store.RankTop, store.RankBottom, store.RankGap}, true) })
		})
	}
}

// BenchmarkNationalResultsPage is the results dashboard page itself (counts,
// chart, children table, rankings, score-inflation table) through HTTP, the
// session and the templates, at each level, national root included.
func BenchmarkNationalResultsPage(b *testing.B) {
	n, sd := scoringSetup(b)
	for _, tc := range []struct {
		name string
		org  **bontot.Org
	}{{"Root", &n.root}, {"Province", &n.prov}, {"Grassroots", &n.commune}, {"Cell", &n.cell}} {
		b.Run(tc.name, func(b *testing.B) {
			path := fmt.Sprintf("/results?campaign=%d&year=%d&org=%d", sd.national.ID, benchYear, (*tc.org).ID)
			timed(b, func() error { return n.get(path) })
		})
	}
}

// BenchmarkNationalLateLists is the urging lists of the national root and a
// province: cells without last month's regular meeting, units that have not
// submitted their self-assessment (first page of 50 and the count).
//
// Setup records October's meetings of every cell of the nation once (the
// demo's meeting generator, so a few cells miss the month), so that the
// meetings list has late cells spread over the whole tree.
func BenchmarkNationalLateLists(b *testing.B) {
	n, sd := scoringSetup(b)
	ctx := context.Background()
	if err := seedOctober(ctx, n.st); err != nil {
		b.Fatal(err)
	}
	b.Run("Meetings/Root/page 21", func(b *testing.B) {
		timed(b, func() error {
			_, _, err := n.st.MeetingsLate(ctx, n.root.Path, benchYear, time.October, 50, 1000)
			return err
		})
	})
	for _, tc := range []struct {
		name string
		org  **bontot.Org
	}{{"Root", &n.root}, {"Province", &n.prov}} {
		b.Run("Meetings/"+tc.name, func(b *testing.B) {
			timed(b, func() error {
				_, _, err := n.st.MeetingsLate(ctx, (*tc.org).Path, benchYear, time.October, 50, 0)
				return err
			})
		})
		b.Run("Assessments/"+tc.name, func(b *testing.B) {
			timed(b, func() error {
				_, _, err := n.st.AssessmentsLate(ctx, sd.national.ID, benchYear, (*tc.org).Path, 50, 0)
				return err
			})
		})
	}
}

// seedOctober records the October regular meetings of the nation's cells,
// province by province, unless some are on record already.
func seedOctober(ctx context.Context, st *store.Store) error {
	first, next := bontot.NewDate(benchYear, time.October, 1), bontot.NewDate(benchYear, time.November, 1)
	var have int
	if err := st.DB().QueryRowContext(ctx, st.Rebind(`SELECT COUNT(*) FROM (SELECT 1 FROM meetings WHERE held_on >= ? AND held_on < ? LIMIT 1) x`), first, next).Scan(&have); err != nil {
		return err
	}
	if have > 0 {
		return nil
	}
	start := time.Now()
	all, err := loadUnits(ctx, st)
	if err != nil {
		return err
	}
	byProvince := map[string][]demo.Grassroots{}
	var provinces []string
	for _, u := range all {
		ids := bontot.PathIDs(u.Path)
		if len(ids) < 2 {
			continue
		}
		key := "/" + strconv.FormatInt(ids[0], 10) + "/" + strconv.FormatInt(ids[1], 10) + "/"
		if byProvince[key] == nil {
			provinces = append(provinces, key)
		}
		byProvince[key] = append(byProvince[key], u)
	}
	sort.Strings(provinces)
	total := 0
	for _, p := range provinces {
		var october []*bontot.Meeting
		for _, m := range demo.GenerateMeetings(byProvince[p], demo.MeetingYear{Year: benchYear, Seed: 1, Through: bontot.NewDate(benchYear, time.October, 31)}) {
			if m.Kind != bontot.MeetingRegular || m.HeldOn.Before(first) {
				continue
			}
			if m.Chair == "" { // the benchmark's members are read without their names
				m.Chair = "Bí thư chi bộ"
			}
			if m.MinuteTaker == "" {
				m.MinuteTaker = "Phó Bí thư chi bộ"
			}
			october = append(october, m)
		}
		if err := st.SeedMeetings(ctx, store.System, october); err != nil {
			return err
		}
		total += len(october)
	}
	step(fmt.Sprintf("record %d October meetings of the nation", total), start)
	return nil
}

// BenchmarkProvinceCriterionTwo re-scores the province campaign's year after
// a year of meeting records for every cell of the province (about 16
// meetings each, with attendance): criterion 2 of every cell then comes from
// its meetings, and each committee's from its cells'. The meetings are
// written once (setup); every run clears the stored scores first, so that
// every unit is computed and written.
func BenchmarkProvinceCriterionTwo(b *testing.B) {
	n, sd := scoringSetup(b)
	ctx := context.Background()
	var have int
	if err := n.st.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM meetings LIMIT 1) x`).Scan(&have); err != nil {
		b.Fatal(err)
	}
	if have == 0 {
		start := time.Now()
		all, err := loadUnits(ctx, n.st)
		if err != nil {
			b.Fatal(err)
		}
		var units []demo.Grassroots
		for _, u := range all {
			if strings.HasPrefix(u.Path, n.prov.Path) {
				units = append(units, u)
			}
		}
		ms := demo.GenerateMeetings(units, demo.MeetingYear{Year: benchYear, Seed: 1})
		for _, m := range ms { // the benchmark's members are read without their names
			if m.Chair == "" {
				m.Chair = "Bí thư chi bộ"
			}
			if m.MinuteTaker == "" {
				m.MinuteTaker = "Phó Bí thư chi bộ"
			}
		}
		step(fmt.Sprintf("generate %d meetings of the province", len(ms)), start)
		start = time.Now()
		if err := n.st.SeedMeetings(ctx, store.System, ms); err != nil {
			b.Fatal(err)
		}
		step("write them (SeedMeetings)", start)
	}
	clear := func() error {
		_, err := n.st.DB().ExecContext(ctx, n.st.Rebind(`UPDATE assessments SET self_total = 0, self_class = '', review_total = 0, review_class = '',
			final_total = 0, final_class = '', gap = 0 WHERE campaign_id = ? AND year = ?`), sd.province.ID, benchYear)
		return err
	}
	b.ReportMetric(float64(sd.provUnits), "units")
	heavyPrep(b, 3, clear, func() error {
		_, err := n.st.ScoreYear(ctx, sd.province.ID, benchYear)
		return err
	}, func() error { return n.st.RecountYear(ctx, sd.province.ID, benchYear) })
}
