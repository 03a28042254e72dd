package demo

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"time"

	"bontot"
	"bontot/scoring"
	"bontot/store"
)

// Grassroots is a grassroots organization as the yearly generator sees it:
// a đảng bộ cơ sở with its cells at any depth (those under a đảng bộ bộ phận
// too), or a chi bộ cơ sở (IsCell) whose one cell is itself.
type Grassroots struct {
	ID     int64
	Path   string
	IsCell bool
	Cells  []Cell
	// Name, ShortName and Subtype are filled by LoadUnits (the year's
	// work: places, guests and registered targets name the organization).
	Name, ShortName string
	Subtype         bontot.OrgSubtype
}

// Cell is a cell with its members.
type Cell struct {
	ID      int64
	Path    string
	Subtype bontot.OrgSubtype
	Members []Member
	Name    string // filled by LoadUnits
}

// Member is a member of a cell, with what the generator needs of it.
type Member struct {
	ID       int64
	Admitted bontot.Date
	// Filled by LoadUnits, for the meeting records: who chairs, who takes
	// the minutes, who is exempted from meetings.
	Name     string
	Status   bontot.MemberStatus
	Position bontot.Position
}

// Stage is how far a campaign year has gone.
type Stage int

// Stages of a generated year.
const (
	// StageClosed: every unit self-assessed, reviewed and approved, the
	// "4 tốt" units recognised, then everything locked.
	StageClosed Stage = iota
	// StageApproval: most units approved and part of the "4 tốt" recognised;
	// some reviewed and awaiting approval, some submitted, a few returned for
	// explanation, a few still drafting; some submitted late.
	StageApproval
	// StageOpen: self-assessment under way: mostly drafts, a few submitted,
	// no annual ratings yet.
	StageOpen
	// StageReview: self-assessment closed, review under way: every unit
	// submitted (some late) or reviewed, ratings in, nothing approved yet —
	// every result is still re-scored (the load of scoring a whole year).
	StageReview
)

// YearPlan says what to generate for one campaign year.
type YearPlan struct {
	Year  int
	Stage Stage
	// Quota caps HTXSNV ratings per grassroots organization, in hundredths
	// of a percent of those rated HTTNV or better (2000 = 20%).
	Quota scoring.Points
	// SelfDeadline is the self-assessment deadline: later submissions are late.
	SelfDeadline bontot.Date
	// Decision and DecisionOn are the standing committee's recognition
	// decision (StageClosed and StageApproval).
	Decision   string
	DecisionOn bontot.Date
	// Recognised is the share of the approved "4 tốt" units already
	// recognised at StageApproval, in per cent.
	Recognised int
	Seed       uint64
	// Blank lists units left with an empty draft at StageOpen: the demo
	// secretary's cell, for a visitor (or a browser test) to fill in.
	Blank []int64
	// CellScale and CommitteeScale score the units; nil means the defaults.
	CellScale, CommitteeScale *scoring.Scale
	// Records are the facts the store reads from the units' records of the
	// year instead of the typed ones (meetings, registrations; see
	// store/yearfacts.go), by unit: the generator scores with them too.
	Records map[int64]scoring.Facts
}

// YearData is one generated campaign year: the annual ratings and discipline
// decisions (none at StageOpen), the assessments to seed, and the units to
// return for explanation once seeded.
type YearData struct {
	OrgRatings    map[int64]scoring.Rating
	MemberRatings map[int64]scoring.Rating
	Disciplines   []bontot.Discipline
	Seeds         []store.AssessmentSeed
	Returns       []Return
	// Classes is the final class of every unit as the generator computed
	// it, with the store's rules (the store's scoring must agree).
	Classes map[int64]scoring.Class
}

// Return is a reviewed unit that the committee above returns for
// explanation, and the explanation the unit is writing.
type Return struct {
	OrgID       int64
	Reason      string
	Explanation string
}

// GenerateYear draws a realistic campaign year for the grassroots
// organizations units: ratings that pass the rating rules (scoring.CheckRatings
// with plan.Quota), a few discipline decisions, and for every cell and
// committee the typed facts and points of its self-assessment, the reviewer's
// corrections where the unit rated itself too high, a status, dates and a
// recognition decision, so that the final results span "Chưa đạt", "Khá" and
// "4 tốt" (about 35–50% of the cells "4 tốt" once ratings are in). The same
// units and plan give the same data.
func GenerateYear(units []Grassroots, plan YearPlan) *YearData {
	g := &yearGen{
		r:    rand.New(rand.NewPCG(plan.Seed, uint64(plan.Year))),
		plan: plan, cellScale: plan.CellScale, comScale: plan.CommitteeScale,
		out: &YearData{Classes: map[int64]scoring.Class{}},
	}
	if g.cellScale == nil {
		g.cellScale = scoring.DefaultCellScale()
	}
	if g.comScale == nil {
		g.comScale = scoring.DefaultCommitteeScale()
	}
	if plan.Stage != StageOpen {
		g.out.OrgRatings = map[int64]scoring.Rating{}
		g.out.MemberRatings = map[int64]scoring.Rating{}
	}
	// Qualities first: an organization's quality lasts from year to year and
	// pulls its cells'; the aims are then set by quantile, so that the shares
	// of "4 tốt" and "Chưa đạt" hold whatever the number of units.
	quality := make([]float64, len(units))
	cellQuality := make([][]float64, len(units))
	var all []float64
	for i := range units {
		u := &units[i]
		q := 0.7*lasting(plan.Seed, u.ID) + 0.3*g.r.Float64()
		quality[i] = q
		cellQuality[i] = make([]float64, len(u.Cells))
		for j := range u.Cells {
			cq := 0.4*q + 0.6*(0.6*lasting(plan.Seed, u.Cells[j].ID)+0.4*g.r.Float64())
			cellQuality[i][j] = cq
			all = append(all, cq)
		}
	}
	slices.Sort(all)
	quantile := func(p float64) float64 {
		if len(all) == 0 {
			return 0
		}
		return all[min(len(all)-1, int(p*float64(len(all))))]
	}
	g.fourGood, g.excellent, g.fail = quantile(1-fourGoodAim), quantile(1-excellentAim), quantile(failAim)
	for i := range units {
		g.grassroots(&units[i], quality[i], cellQuality[i])
	}
	// A few reviewed units that claimed too much are returned for explanation.
	if len(g.returnable) > 0 {
		r := g.r
		r.Shuffle(len(g.returnable), func(i, j int) { g.returnable[i], g.returnable[j] = g.returnable[j], g.returnable[i] })
		picked := g.returnable[:min(len(g.returnable), max(2, len(g.returnable)/10))]
		slices.Sort(picked)
		for k, i := range picked {
			rr := returnReasons[k%len(returnReasons)]
			g.out.Returns = append(g.out.Returns, Return{OrgID: g.out.Seeds[i].OrgID, Reason: rr.reason, Explanation: rr.explanation})
		}
	}
	return g.out
}

// Shares of the cells that aim at "4 tốt" (a few miss it: a disciplined
// member, a rating withdrawn), that are rated HTXSNV, and that aim at "Chưa đạt".
const (
	fourGoodAim  = 0.46
	excellentAim = 0.11
	failAim      = 0.08
)

// lasting is a number in [0, 1) fixed for an organization and a seed, so
// that a good organization stays good from one year to the next.
func lasting(seed uint64, id int64) float64 {
	z := seed ^ uint64(id)*0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	z ^= z >> 31
	return float64(z>>11) / (1 << 53)
}

// Rated returns the ratings of d for the grassroots organization u, as the
// rating rules read them.
func (d *YearData) Rated(u *Grassroots) scoring.RatedGrassroots {
	disciplined := map[int64]bool{}
	for _, ds := range d.Disciplines {
		disciplined[ds.MemberID] = true
	}
	rg := scoring.RatedGrassroots{ID: u.ID, IsCell: u.IsCell, Rating: d.OrgRatings[u.ID]}
	for _, c := range u.Cells {
		rc := scoring.RatedCell{ID: c.ID, Rating: d.OrgRatings[c.ID]}
		for _, m := range c.Members {
			rc.Members = append(rc.Members, scoring.RatedMember{ID: m.ID, Rating: d.MemberRatings[m.ID], Disciplined: disciplined[m.ID]})
		}
		rg.Cells = append(rg.Cells, rc)
	}
	return rg
}

type yearGen struct {
	r                         *rand.Rand
	plan                      YearPlan
	cellScale, comScale       *scoring.Scale
	out                       *YearData
	disciplineNo              int
	fourGood, excellent, fail float64 // cell quality thresholds of the aims
	returnable                []int   // indexes in out.Seeds of units that may be returned
}

// aims: the class a unit's true entries are drawn for.
const (
	aimFourGood = scoring.ClassFourGood
	aimGood     = scoring.ClassGood
	aimFail     = scoring.ClassFail
)

// cellDraw is a cell being drawn.
type cellDraw struct {
	c           *Cell
	q           float64 // quality, 0–1
	aim         scoring.Class
	rating      scoring.Rating
	members     []scoring.Rating // parallel to c.Members; Unrated when not rated this year
	disciplined int64
	seed        store.AssessmentSeed
	truth       scoring.Entries // the entries a reviewer accepts
	facts       scoring.Facts   // typed facts
}

func (g *yearGen) grassroots(u *Grassroots, q float64, cellQuality []float64) {
	cells := make([]*cellDraw, len(u.Cells))
	for i := range u.Cells {
		cd := &cellDraw{c: &u.Cells[i], q: cellQuality[i]}
		switch {
		case cd.q >= g.fourGood:
			cd.aim = aimFourGood
		case cd.q >= g.fail:
			cd.aim = aimGood
		default:
			cd.aim = aimFail
		}
		cells[i] = cd
	}
	g.rate(u, q, cells)
	for _, cd := range cells {
		g.cellEntries(cd)
	}
	var com *store.AssessmentSeed
	var comTruth scoring.Entries
	comAim := aimGood
	if !u.IsCell {
		com, comTruth, comAim = g.committeeEntries(u, q)
	}
	g.statuses(u, cells, com, comTruth, comAim)
}

// rate draws the year's ratings of the organization, its cells and members
// and the discipline decisions, within the rating rules.
func (g *yearGen) rate(u *Grassroots, q float64, cells []*cellDraw) {
	r, year := g.r, g.plan.Year
	pHTNV := 0.03 + 0.25*(1-q)*(1-q) // members rated only HTNV: 3% in the best organizations, up to 28% in the weakest
	for _, cd := range cells {
		switch cd.aim {
		case aimFourGood:
			cd.rating = scoring.HTTNV
			if cd.q >= g.excellent {
				cd.rating = scoring.HTXSNV
			}
		case aimGood:
			cd.rating = scoring.HTTNV
			if r.IntN(5) == 0 {
				cd.rating = scoring.HTNV
			}
		default:
			cd.rating = scoring.HTNV
			if r.IntN(12) == 0 {
				cd.rating = scoring.KHTNV
			}
		}
		cd.members = make([]scoring.Rating, len(cd.c.Members))
		for i, m := range cd.c.Members {
			if !ratedIn(m, year) {
				continue
			}
			switch v := r.Float64(); {
			case v < 0.0015 && m.Admitted.Year() < year:
				cd.members[i] = scoring.KHTNV
				cd.disciplined++
				g.discipline(m)
			case cd.rating <= scoring.HTNV && v < 0.012:
				cd.members[i] = scoring.KHTNV
			case v < 0.012+0.185:
				cd.members[i] = scoring.HTXSNV
			case v < 0.012+0.185+pHTNV:
				cd.members[i] = scoring.HTNV
			default:
				cd.members[i] = scoring.HTTNV
			}
		}
	}
	// The HTXSNV quota over the members of all cells pooled: the last drawn give way.
	var all []*scoring.Rating
	for _, cd := range cells {
		for i := range cd.members {
			all = append(all, &cd.members[i])
		}
	}
	capExcellent(all, g.plan.Quota)
	// A cell proposed HTTNV or better needs its members' support (a
	// disciplined member always withdraws it).
	for _, cd := range cells {
		if cd.rating >= scoring.HTTNV && !supports(cd.members) {
			cd.rating = scoring.HTNV
			if cd.aim == aimFourGood {
				cd.aim = aimGood
			}
		}
	}
	own := scoring.HTNV
	if u.IsCell {
		own = cells[0].rating
	} else {
		rs := make([]*scoring.Rating, len(cells))
		for i, cd := range cells {
			rs[i] = &cd.rating
		}
		capExcellent(rs, g.plan.Quota)
		cr := make([]scoring.Rating, len(cells))
		for i, cd := range cells {
			cr[i] = cd.rating
		}
		if supports(cr) {
			own = scoring.HTTNV
			if q >= 0.82 {
				own = scoring.HTXSNV
			}
		}
	}
	if g.out.OrgRatings == nil {
		return
	}
	g.out.OrgRatings[u.ID] = own
	for _, cd := range cells {
		if !u.IsCell {
			g.out.OrgRatings[cd.c.ID] = cd.rating
		}
		for i, m := range cd.c.Members {
			if cd.members[i] != scoring.Unrated {
				g.out.MemberRatings[m.ID] = cd.members[i]
			}
		}
	}
}

// ratedIn reports whether a member is rated for year: admitted by September.
func ratedIn(m Member, year int) bool {
	return m.Admitted.Before(bontot.NewDate(year, time.October, 1))
}

// capExcellent demotes the last HTXSNV of rs to HTTNV until HTXSNV ≤ quota ×
// (HTTNV + HTXSNV), compared exactly.
func capExcellent(rs []*scoring.Rating, quota scoring.Points) {
	var x, good int64
	for _, p := range rs {
		switch *p {
		case scoring.HTXSNV:
			x++
			good++
		case scoring.HTTNV:
			good++
		}
	}
	for i := len(rs) - 1; i >= 0 && x*10000 > int64(quota)*good; i-- {
		if *rs[i] == scoring.HTXSNV {
			*rs[i] = scoring.HTTNV
			x--
		}
	}
}

// supports reports whether ratings allow the organization above them
// HTTNV or better: all HTNV or better, at least half HTTNV or better.
func supports(rs []scoring.Rating) bool {
	var rated, httnv int64
	for _, r := range rs {
		if r == scoring.Unrated {
			continue
		}
		rated++
		if r == scoring.KHTNV {
			return false
		}
		if r >= scoring.HTTNV {
			httnv++
		}
	}
	return 2*httnv >= rated
}

var disciplineReasons = []string{
	"Vi phạm quy định về những điều đảng viên không được làm",
	"Thiếu trách nhiệm trong thực hiện nhiệm vụ được giao",
	"Vi phạm quy định về phòng, chống tham nhũng, lãng phí",
	"Không thực hiện đúng quy định về sinh hoạt đảng và đóng đảng phí",
	"Vi phạm quy định về quản lý, sử dụng đất đai",
	"Vi phạm chính sách dân số, kế hoạch hóa gia đình",
}

func (g *yearGen) discipline(m Member) {
	r := g.r
	g.disciplineNo++
	level := bontot.Reprimand
	if r.IntN(10) < 3 {
		level = bontot.Warning
	}
	mo, d := monthDay(r)
	mo = min(mo, 11) // decided before the year's rating
	g.out.Disciplines = append(g.out.Disciplines, bontot.Discipline{
		MemberID: m.ID, Level: level, Date: bontot.NewDate(g.plan.Year, time.Month(mo), d),
		Decision: fmt.Sprintf("%d-QĐ/ĐU", 10+g.disciplineNo*3+r.IntN(3)),
		Reason:   disciplineReasons[r.IntN(len(disciplineReasons))],
	})
}

// span is the range of the share of an item's maximum a unit types, by aim.
func span(aim scoring.Class) (lo, hi float64) {
	switch aim {
	case aimFourGood:
		return 0.86, 1
	case aimGood:
		return 0.72, 0.96
	}
	return 0.5, 0.86
}

// typedPoints draws points between lo and hi of maxP: mostly whole
// quarter points, as people type them, sometimes any hundredth.
func typedPoints(r *rand.Rand, maxP scoring.Points, lo, hi float64) scoring.Points {
	p := scoring.Points((lo+(hi-lo)*r.Float64())*float64(maxP) + 0.5)
	if r.IntN(4) != 0 {
		p = (p + 12) / 25 * 25
	}
	return min(max(p, 0), maxP)
}

// cellEntries draws a cell's typed facts and the points a reviewer would
// accept, tuned so that the self-assessment lands in the cell's aim.
func (g *yearGen) cellEntries(cd *cellDraw) {
	r, aim := g.r, cd.aim
	f := scoring.Facts{}
	pick := func(weights ...int) int { // index drawn with the given weights
		n := 0
		for _, w := range weights {
			n += w
		}
		v := r.IntN(n)
		for i, w := range weights {
			if v < w {
				return i
			}
			v -= w
		}
		return 0
	}
	var months, quarters int64
	switch aim {
	case aimFourGood:
		months, quarters = 12-int64(pick(9, 1)), 4-int64(pick(9, 1))
	case aimGood:
		months, quarters = 12-int64(pick(5, 3, 2)), 4-int64(pick(5, 4, 1))
	default:
		months, quarters = 12-int64(pick(2, 2, 2, 2, 2)), 4-int64(pick(2, 4, 3, 1))
	}
	f[scoring.FactRegularMonths] = months
	f[scoring.FactThematicQuarters] = quarters
	scored := months
	if r.IntN(12) == 0 {
		scored-- // a meeting whose score sheet was not filled in
	}
	mean, lowest := 89+8*r.Float64(), 55.0
	switch aim {
	case aimGood:
		mean = 78 + 13*r.Float64()
	case aimFail:
		mean, lowest = 62+20*r.Float64(), 30
	}
	var sum, good, poor int64
	for range scored {
		s := min(100, max(lowest, mean+r.NormFloat64()*4))
		pts := int64(s*100 + 0.5)
		if r.IntN(10) < 7 {
			pts = (pts + 25) / 50 * 50 // most sheets add up to whole or half points
		}
		sum += pts
		if pts >= 9000 && r.IntN(100) < 93 { // Tốt also needs every critical item at its maximum
			good++
		}
		if pts < 5000 {
			poor++
		}
	}
	f[scoring.FactRegularScored], f[scoring.FactRegularScoreSum] = scored, sum
	f[scoring.FactMeetingsGood], f[scoring.FactMeetingsPoor] = good, poor

	e := scoring.Entries{}
	noTargets := cd.c.Subtype == bontot.SubRetired && r.IntN(2) == 0
	if noTargets {
		e["1.2"] = scoring.Entry{NA: true, Note: "Chi bộ hưu trí không đăng ký chỉ tiêu thi đua riêng."}
	} else {
		reg := int64(4 + r.IntN(9))
		met := reg
		switch aim {
		case aimFourGood:
			if reg >= 10 && r.IntN(3) == 0 {
				met--
			}
		case aimGood:
			met -= int64(r.IntN(3))
		default:
			met = reg * int64(50+r.IntN(40)) / 100
		}
		f[scoring.FactTargetsRegistered], f[scoring.FactTargetsMet] = reg, met
	}
	switch sub := cd.c.Subtype; {
	case sub == bontot.SubRetired,
		(sub == bontot.SubAgency || sub == bontot.SubSchool || sub == bontot.SubEnterprise || sub == bontot.SubArmed) && r.IntN(4) == 0:
		e["1.4"] = scoring.Entry{NA: true, Note: "Chi bộ không có chính quyền, đoàn thể riêng."}
	}
	flag := func(per1000 int) int64 {
		if r.IntN(1000) < per1000 {
			return 1
		}
		return 0
	}
	switch aim {
	case aimGood:
		f[scoring.FactDisunity], f[scoring.FactIncident] = flag(15), flag(10)
	case aimFail:
		f[scoring.FactDisunity], f[scoring.FactIncident] = flag(120), flag(50)
	default:
		f[scoring.FactDisunity], f[scoring.FactIncident] = 0, 0
	}

	lo, hi := span(aim)
	var rated, good9, khtnv int64
	for _, m := range cd.members {
		if m == scoring.Unrated {
			continue
		}
		rated++
		if m >= scoring.HTTNV {
			good9++
		}
		if m == scoring.KHTNV {
			khtnv++
		}
	}
	for _, c := range g.cellScale.Criteria {
		for _, it := range c.Items {
			if it.Method != scoring.Typed || e[it.Code].NA {
				continue
			}
			l, h := lo, hi
			switch it.Code {
			case "4.1": // the unit types it from its members' ratings
				switch {
				case khtnv > 0:
					l, h = 0.2, 0.5
				case rated == 0 || 10*good9 >= 9*rated:
					l, h = max(lo, 0.9), 1
				default:
					l, h = 0.6, 0.85
				}
			case "3.3":
				if cd.disciplined > 0 {
					l, h = 0, 0.4
				}
			}
			e[it.Code] = scoring.Entry{Points: typedPoints(r, it.Max, l, h)}
		}
	}
	switch {
	case aim == aimFourGood && r.IntN(100) < 15:
		e["B1"] = scoring.Entry{Points: scoring.Points(100 * (1 + r.IntN(5))), Note: "Mô hình “Dân vận khéo” được Thành ủy công nhận."}
	case aim == aimGood && r.IntN(100) < 4:
		e["B1"] = scoring.Entry{Points: 100, Note: "Được Ủy ban nhân dân thành phố tặng giấy khen."}
	}
	switch {
	case aim == aimFail && r.IntN(5) == 0:
		e["D1"] = scoring.Entry{Count: 1, Note: "Không gửi báo cáo sơ kết 6 tháng."}
	case aim == aimGood && r.IntN(25) == 0:
		e["D1"] = scoring.Entry{Count: 1, Note: "Không gửi báo cáo tháng 9."}
	}
	// What the records say wins over what was drawn; registered targets
	// make item 1.2 applicable.
	if rec := g.plan.Records[cd.c.ID]; rec != nil {
		for k, v := range rec {
			f[k] = v
		}
		if _, ok := rec[scoring.FactTargetsRegistered]; ok && e["1.2"].NA {
			delete(e, "1.2")
		}
	}
	cd.facts = f
	cd.truth = e
	g.calibrate(g.cellScale, e, g.cellFacts(cd), aim)
}

// cellFacts are the facts the store scores a cell with: its typed facts and
// what it reads from ratings and discipline records.
func (g *yearGen) cellFacts(cd *cellDraw) scoring.Facts {
	f := make(scoring.Facts, len(cd.facts)+3)
	for k, v := range cd.facts {
		f[k] = v
	}
	var khtnv int64
	for _, m := range cd.members {
		if m == scoring.KHTNV {
			khtnv++
		}
	}
	f[scoring.FactDisciplined], f[scoring.FactMembersKHTNV], f[scoring.FactOwnRating] = 0, 0, 0
	if g.plan.Stage != StageOpen {
		f[scoring.FactDisciplined], f[scoring.FactMembersKHTNV], f[scoring.FactOwnRating] = cd.disciplined, khtnv, int64(cd.rating)
	}
	return f
}

// calibrate moves typed points until the score lands in aim: "4 tốt" (unless
// a veto blocks it, which is kept: a high score blocked by a veto is "Khá"),
// "Khá" (75 to under 90, or a floor missed), "Chưa đạt" (under 75).
func (g *yearGen) calibrate(sc *scoring.Scale, e scoring.Entries, f scoring.Facts, aim scoring.Class) {
	r := g.r
	typedItems := func(criterion string) []*scoring.Item {
		var out []*scoring.Item
		for ci := range sc.Criteria {
			c := &sc.Criteria[ci]
			if criterion != "" && c.Code != criterion {
				continue
			}
			for ii := range c.Items {
				if it := &c.Items[ii]; it.Method == scoring.Typed && !e[it.Code].NA {
					out = append(out, it)
				}
			}
		}
		return out
	}
	raise := func(criterion string) bool { // the typed item farthest from its maximum goes to it
		var best *scoring.Item
		for _, it := range typedItems(criterion) {
			if best == nil || it.Max-e[it.Code].Points > best.Max-e[best.Code].Points {
				best = it
			}
		}
		if best == nil || e[best.Code].Points == best.Max {
			return false
		}
		en := e[best.Code]
		en.Points = best.Max
		e[best.Code] = en
		return true
	}
	lower := func() bool {
		items := typedItems("")
		for range min(8, len(items)) {
			it := items[r.IntN(len(items))]
			en := e[it.Code]
			if en.Points >= 100 {
				en.Points -= scoring.Points(50 + 25*r.IntN(5))
				e[it.Code] = en
				return true
			}
		}
		return false
	}
	for range 60 {
		res := scoring.Score(sc, e, f)
		switch aim {
		case aimFourGood:
			if res.Class == scoring.ClassFourGood || len(res.Vetoes) > 0 {
				return
			}
			crit := ""
			if len(res.FloorsMissed) > 0 {
				crit = res.FloorsMissed[0]
			}
			if !raise(crit) && !raise("") {
				return
			}
		case aimGood:
			switch {
			case res.Class == scoring.ClassFourGood:
				if !lower() {
					return
				}
			case res.Total < 7500:
				if !raise("") {
					return
				}
			default:
				return
			}
		default:
			if res.Total < 7500 || !lower() {
				return
			}
		}
	}
}

// committeeEntries draws a đảng bộ cơ sở's typed facts and points; its
// computed items come from its cells.
func (g *yearGen) committeeEntries(u *Grassroots, q float64) (*store.AssessmentSeed, scoring.Entries, scoring.Class) {
	r := g.r
	aim := aimFail
	lo, hi := 0.6, 0.88
	switch {
	case q >= 0.45:
		aim, lo, hi = aimFourGood, 0.9, 1
	case q >= 0.1:
		aim, lo, hi = aimGood, 0.8, 0.97
	}
	e := scoring.Entries{}
	for _, c := range g.comScale.Criteria {
		for _, it := range c.Items {
			if it.Method == scoring.Typed {
				e[it.Code] = scoring.Entry{Points: typedPoints(r, it.Max, lo, hi)}
			}
		}
	}
	f := scoring.Facts{scoring.FactDisciplinedLeaders: 0, scoring.FactDisunity: 0}
	if r.IntN(40) == 0 {
		f[scoring.FactDisciplinedLeaders] = 1
	}
	if aim == aimFail && r.IntN(8) == 0 {
		f[scoring.FactDisunity] = 1
	}
	return &store.AssessmentSeed{OrgID: u.ID, Facts: f}, e, aim
}

// Reasons a reviewer gives for lowering an item, by item code.
var reviewReasons = map[string][]string{
	"1.1": {"Nghị quyết năm ban hành chậm (tháng 2), chỉ tiêu chưa lượng hóa được.", "Chương trình công tác năm chưa có chỉ tiêu cụ thể."},
	"1.2": {"Kết quả thực hiện chỉ tiêu chưa có số liệu kiểm chứng."},
	"1.3": {"Trên địa bàn còn đơn thư vượt cấp chưa được giải quyết dứt điểm."},
	"1.4": {"Chi hội Phụ nữ và Chi đoàn chỉ xếp loại hoàn thành nhiệm vụ."},
	"2.1": {"Đảng ủy họp chưa đủ số kỳ theo quy chế làm việc."},
	"2.2": {"Một số chi bộ chưa được cấp ủy viên phụ trách dự sinh hoạt."},
	"2.4": {"Biên bản sinh hoạt chưa thể hiện việc thực hiện nghị quyết kỳ trước và kiến nghị của cán bộ phụ trách.", "Còn 2 kiến nghị của cán bộ phụ trách chưa được thực hiện."},
	"3.1": {"Có ý kiến khác nhau trong chi ủy kéo dài chưa được giải quyết."},
	"3.2": {"Kế hoạch kiểm tra, giám sát năm mới thực hiện được một nửa.", "Chưa tổ chức tự phê bình và phê bình theo chuyên đề."},
	"3.3": {"Có đơn khiếu nại đúng một phần đối với đảng viên của chi bộ."},
	"3.4": {"Còn đảng viên chậm nộp đảng phí; sổ sách chưa cập nhật đầy đủ.", "Sổ ghi biên bản sinh hoạt thiếu chữ ký của chủ trì."},
	"4.1": {"Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên chưa đạt 90% theo kết quả xếp loại."},
	"4.2": {"Chưa kết nạp được đảng viên mới; chưa có quần chúng ưu tú được giới thiệu học lớp nhận thức về Đảng.", "Phát triển đảng viên mới chưa đạt chỉ tiêu được giao."},
	"4.3": {"Còn đảng viên chưa báo cáo với chi ủy nơi cư trú theo Quy định 213."},
	"4.4": {"Tỷ lệ đảng viên tham gia học tập nghị quyết chưa đạt yêu cầu."},
	"4.5": {"Bí thư chi bộ chỉ xếp loại hoàn thành nhiệm vụ."},
	"B1":  {"Mô hình chưa có quyết định công nhận của cấp trên nên không tính điểm thưởng."},
}

var reviewGeneric = []string{
	"Minh chứng chưa đầy đủ; điểm tự chấm cao hơn kết quả kiểm tra thực tế.",
	"Tự chấm chưa sát thực tế; điều chỉnh theo kết quả thẩm định của Ban Tổ chức.",
}

// inflate makes the self-assessment of a reviewed unit: most units type
// what the reviewer accepts; about one in four rates itself higher on a few
// items, and a few units below "4 tốt" much higher, and the review brings
// those items back with a reason ("bệnh thành tích"). It returns the self
// entries and the review entries.
func (g *yearGen) inflate(sc *scoring.Scale, truth scoring.Entries, aim scoring.Class) (scoring.Entries, scoring.Entries) {
	r := g.r
	self := make(scoring.Entries, len(truth))
	for k, v := range truth {
		self[k] = v
	}
	review := scoring.Entries{}
	if r.IntN(100) >= 25 {
		return self, review
	}
	big := aim != aimFourGood && r.IntN(5) == 0 // a "Khá" unit that claimed "4 tốt"
	var codes []string
	var maxOf = map[string]scoring.Points{}
	for _, c := range sc.Criteria {
		for _, it := range c.Items {
			if it.Method == scoring.Typed && !truth[it.Code].NA {
				codes = append(codes, it.Code)
				maxOf[it.Code] = it.Max
			}
		}
	}
	n := 1 + r.IntN(3)
	if big {
		n = 5 + r.IntN(4)
	}
	r.Shuffle(len(codes), func(i, j int) { codes[i], codes[j] = codes[j], codes[i] })
	reason := func(code string) string {
		if rs := reviewReasons[code]; len(rs) > 0 && r.IntN(4) != 0 {
			return rs[r.IntN(len(rs))]
		}
		return reviewGeneric[r.IntN(len(reviewGeneric))]
	}
	for _, code := range codes[:min(n, len(codes))] {
		t := truth[code]
		up := maxOf[code]
		if !big {
			up = min(up, t.Points+scoring.Points(50+25*r.IntN(6)))
		}
		if up <= t.Points {
			continue
		}
		s := t
		s.Points = up
		self[code] = s
		review[code] = scoring.Entry{Points: t.Points, Note: reason(code)}
	}
	if big && len(sc.Bonuses) > 0 && truth["B1"].Points == 0 {
		self["B1"] = scoring.Entry{Points: scoring.Points(200 + 100*r.IntN(4)), Note: "Mô hình “Dân vận khéo” của chi bộ."}
		review["B1"] = scoring.Entry{Note: reviewReasons["B1"][0]}
	}
	return self, review
}

// partial is a draft's self-assessment: some items typed, some facts entered.
func (g *yearGen) partial(truth scoring.Entries, facts scoring.Facts) (scoring.Entries, scoring.Facts) {
	r := g.r
	keep := 30 + r.IntN(60) // per cent of what is typed so far
	e, f := scoring.Entries{}, scoring.Facts{}
	for _, k := range slices.Sorted(maps.Keys(truth)) { // in order, for the same draws every run
		if r.IntN(100) < keep {
			e[k] = truth[k]
		}
	}
	for _, k := range slices.Sorted(maps.Keys(facts)) {
		if r.IntN(100) < keep {
			f[k] = facts[k]
		}
	}
	return e, f
}

// submittedAt draws a submission time in the 25 days up to the
// self-assessment deadline, or up to 12 days after it about one time in
// lateOneIn (never when 0), and says whether it is late.
func (g *yearGen) submittedAt(lateOneIn int) (time.Time, bool) {
	r := g.r
	dl := g.plan.SelfDeadline.Time()
	late := lateOneIn > 0 && r.IntN(lateOneIn) == 0
	day := dl.AddDate(0, 0, -r.IntN(25))
	if late {
		day = dl.AddDate(0, 0, 1+r.IntN(12))
	}
	at := time.Date(day.Year(), day.Month(), day.Day(), 7+r.IntN(11), r.IntN(60), 0, 0, bontot.Zone)
	return at.UTC(), late
}

// Explanations units write after a return.
var returnReasons = []struct{ reason, explanation string }{
	{"Điểm tự chấm tiêu chí 2 và 3 cao hơn kết quả kiểm tra; đề nghị chi bộ giải trình và bổ sung biên bản sinh hoạt.",
		"Chi bộ đã bổ sung biên bản các kỳ sinh hoạt tháng 3, tháng 7 và báo cáo việc thực hiện kế hoạch kiểm tra, giám sát; đề nghị Đảng ủy xem xét lại."},
	{"Thiếu minh chứng về kết quả thực hiện chỉ tiêu thi đua và phát triển đảng viên.",
		"Đã bổ sung báo cáo kết quả thực hiện 9/10 chỉ tiêu thi đua và danh sách quần chúng ưu tú được giới thiệu học lớp nhận thức về Đảng."},
	{"Số liệu sinh hoạt định kỳ chưa khớp với sổ biên bản; đề nghị rà soát lại.",
		"Chi bộ đã rà soát: tháng 8 sinh hoạt ghép với chuyên đề quý III, đã điều chỉnh số liệu và gửi kèm biên bản."},
}

// statuses places the units of one grassroots organization in the workflow
// for the plan's stage, fills the seeds and computes their final classes.
func (g *yearGen) statuses(u *Grassroots, cells []*cellDraw, com *store.AssessmentSeed, comTruth scoring.Entries, comAim scoring.Class) {
	r, p := g.r, g.plan
	// One draw per unit of where it stands.
	place := func(s *store.AssessmentSeed, sc *scoring.Scale, truth scoring.Entries, facts scoring.Facts, aim scoring.Class) {
		s.Facts = facts
		switch p.Stage {
		case StageClosed:
			s.Status = bontot.StatusLocked
			s.SubmittedAt, s.Late = g.submittedAt(15)
			s.Self, s.Review = g.inflate(sc, truth, aim)
		case StageApproval:
			switch v := r.IntN(1000); {
			case v < 50:
				s.Status = bontot.StatusDraft
				s.Self, s.Facts = g.partial(truth, facts)
			case v < 150:
				s.Status = bontot.StatusSubmitted
				s.SubmittedAt, s.Late = g.submittedAt(6)
				s.Self = truth
			case v < 270:
				s.Status = bontot.StatusReviewed
				s.SubmittedAt, s.Late = g.submittedAt(8)
				s.Self, s.Review = g.inflate(sc, truth, aim)
			default:
				s.Status = bontot.StatusApproved
				s.SubmittedAt, s.Late = g.submittedAt(12)
				s.Self, s.Review = g.inflate(sc, truth, aim)
			}
		case StageReview:
			s.SubmittedAt, s.Late = g.submittedAt(10)
			s.Status, s.Self = bontot.StatusSubmitted, truth
			if r.IntN(100) < 55 {
				s.Status = bontot.StatusReviewed
				s.Self, s.Review = g.inflate(sc, truth, aim)
			}
		default:
			if r.IntN(100) < 12 {
				s.Status = bontot.StatusSubmitted
				s.SubmittedAt, _ = g.submittedAt(0)
				s.Self = truth
			} else {
				s.Status = bontot.StatusDraft
				if r.IntN(100) < 55 {
					s.Self, s.Facts = g.partial(truth, facts)
				} else {
					s.Self, s.Facts = scoring.Entries{}, scoring.Facts{}
				}
			}
			if slices.Contains(p.Blank, s.OrgID) {
				s.Status, s.SubmittedAt, s.Self, s.Facts = bontot.StatusDraft, time.Time{}, scoring.Entries{}, scoring.Facts{}
			}
		}
	}
	for _, cd := range cells {
		cd.seed.OrgID = cd.c.ID
		place(&cd.seed, g.cellScale, cd.truth, cd.facts, cd.aim)
	}
	if com != nil {
		place(com, g.comScale, comTruth, com.Facts, comAim)
	}

	// Final classes, as the store computes them: the cells, then the committee from its cells.
	final := func(s *store.AssessmentSeed) scoring.Entries {
		return (&bontot.Assessment{Self: s.Self, Review: s.Review}).ReviewEntries()
	}
	outs := make([]scoring.CellOutcome, 0, len(cells))
	var rated, good int64
	for _, cd := range cells {
		f := g.cellFacts(cd)
		rec := p.Records[cd.c.ID]
		for k := range cd.facts {
			_, entered := cd.seed.Facts[k]
			if _, recorded := rec[k]; !entered && !recorded {
				delete(f, k) // a draft has not entered it yet
			}
		}
		cls := scoring.Score(g.cellScale, final(&cd.seed), f).Class
		g.out.Classes[cd.c.ID] = cls
		o := scoring.CellOutcome{MeetingsScored: f[scoring.FactRegularScored], MeetingsGood: f[scoring.FactMeetingsGood]}
		if p.Stage != StageOpen {
			o.Rating = cd.rating
			for _, m := range cd.members {
				if m != scoring.Unrated {
					rated++
					if m >= scoring.HTTNV {
						good++
					}
				}
			}
		}
		if cd.seed.Status != bontot.StatusDraft {
			o.Class = cls
		}
		outs = append(outs, o)
	}
	if com != nil {
		f := scoring.CommitteeFacts(outs)
		f[scoring.FactMembersRated], f[scoring.FactMembersHTTNVPlus] = rated, good
		for k, v := range com.Facts {
			f[k] = v
		}
		f[scoring.FactOwnRating] = int64(g.out.OrgRatings[u.ID])
		g.out.Classes[u.ID] = scoring.Score(g.comScale, final(com), f).Class
	}

	// Recognition, and a few returns for explanation.
	seeds := make([]*store.AssessmentSeed, 0, len(cells)+1)
	if com != nil {
		seeds = append(seeds, com)
	}
	for _, cd := range cells {
		seeds = append(seeds, &cd.seed)
	}
	for _, s := range seeds {
		four := g.out.Classes[s.OrgID] == scoring.ClassFourGood
		switch {
		case p.Stage == StageClosed && four:
			s.Decision, s.DecisionOn = p.Decision, p.DecisionOn
		case p.Stage == StageApproval && s.Status == bontot.StatusApproved && four && r.IntN(100) < p.Recognised:
			s.Status, s.Decision, s.DecisionOn = bontot.StatusRecognised, p.Decision, p.DecisionOn
		case p.Stage == StageApproval && s.Status == bontot.StatusReviewed && len(s.Review) > 0:
			g.returnable = append(g.returnable, len(g.out.Seeds))
		}
		g.out.Seeds = append(g.out.Seeds, *s)
	}
}

// LoadUnits reads the grassroots organizations of the subtree at path with
// their cells and members, for GenerateYear, in tree order.
func LoadUnits(ctx context.Context, st *store.Store, path string) ([]Grassroots, error) {
	type node struct {
		kind              bontot.OrgKind
		path, name, short string
		sub               bontot.OrgSubtype
	}
	nodes := map[int64]node{}
	var cells []*Cell
	cellByID := map[int64]*Cell{}
	err := st.EachOrg(ctx, path, func(o *bontot.Org, _ string) error {
		nodes[o.ID] = node{o.Kind, o.Path, o.Name, o.ShortName, o.Subtype}
		if o.Kind.IsCell() {
			c := &Cell{ID: o.ID, Path: o.Path, Subtype: o.Subtype, Name: o.Name}
			cells = append(cells, c)
			cellByID[o.ID] = c
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = st.EachMember(ctx, path, func(m *bontot.Member, _ string) error {
		if c := cellByID[m.OrgID]; c != nil {
			c.Members = append(c.Members, Member{ID: m.ID, Admitted: m.AdmittedDate, Name: m.FullName, Status: m.Status, Position: m.Position})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	units := GroupUnits(cells, func(id int64) (bontot.OrgKind, string) { n := nodes[id]; return n.kind, n.path })
	for i := range units {
		n := nodes[units[i].ID]
		units[i].Name, units[i].ShortName, units[i].Subtype = n.name, n.short, n.sub
	}
	return units, nil
}

// GroupUnits groups cells under their grassroots organization: the nearest
// đảng bộ cơ sở above a cell, or the cell itself when it is a chi bộ cơ sở.
// org returns the kind and path of an organization by id. Grassroots
// organizations and their cells come in path order, members by id.
func GroupUnits(cells []*Cell, org func(id int64) (bontot.OrgKind, string)) []Grassroots {
	byID := map[int64]*Grassroots{}
	var out []*Grassroots
	for _, c := range cells {
		ids := bontot.PathIDs(c.Path)
		gid := c.ID
		if k, _ := org(c.ID); k != bontot.KindBaseCell {
			gid = 0
			for i := len(ids) - 2; i >= 0; i-- {
				if k, _ := org(ids[i]); k == bontot.KindBaseCommittee {
					gid = ids[i]
					break
				}
			}
			if gid == 0 {
				continue // a cell outside any grassroots organization
			}
		}
		g := byID[gid]
		if g == nil {
			k, p := org(gid)
			g = &Grassroots{ID: gid, Path: p, IsCell: k == bontot.KindBaseCell}
			byID[gid] = g
			out = append(out, g)
		}
		slices.SortFunc(c.Members, func(a, b Member) int { return cmp.Compare(a.ID, b.ID) })
		g.Cells = append(g.Cells, *c)
	}
	slices.SortFunc(out, func(a, b *Grassroots) int { return cmp.Compare(a.Path, b.Path) })
	units := make([]Grassroots, len(out))
	for i, g := range out {
		slices.SortFunc(g.Cells, func(a, b Cell) int { return cmp.Compare(a.Path, b.Path) })
		units[i] = *g
	}
	return units
}
