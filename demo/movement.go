package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"bontot"
	"bontot/scoring"
	"bontot/store"
)

// The year's work of the demo campaign (issue 4): every grassroots
// organization's launch and deployment in 2023, and for the open year 2025
// the registrations of emulation targets and the cells' meeting records.
// Everything is drawn first (generateMovement, pure and deterministic), then
// written through the store as the units and the levels above would have
// written it, on the days they would have (installMovement).

// movementPlan says what generateMovement draws.
type movementPlan struct {
	Year int // the year of the registrations and meetings
	Seed uint64
	// Model lists cells with exemplary records (the demo secretary's cell):
	// every meeting at 100 points, the registration acknowledged and every
	// target met.
	Model []int64
	// Acknowledged lists units whose registration is acknowledged whatever
	// the draw (the demo committee's ward).
	Acknowledged []int64
	// Unrecorded maps cells to months whose regular meeting is left for a
	// visitor to record.
	Unrecorded map[int64][]int
	// NotDeployed names the grassroots organization that launched the
	// movement but has still not deployed it; when no unit has that name,
	// the weakest base cell is chosen.
	NotDeployed string
}

// notDeployed is the demo's one grassroots organization that has not deployed the movement.
const notDeployed = "Chi bộ Công ty TNHH Thương mại và Dịch vụ Trần Phú"

// movement is the drawn work of a campaign.
type movement struct {
	year          int
	deployments   []deploymentDraw
	registrations []*regDraw
	meetings      []*bontot.Meeting
}

// deploymentDraw is one organization's launch and deployment, and when it
// recorded them.
type deploymentDraw struct {
	d  bontot.Deployment
	at time.Time
}

// regDraw is one unit's registration of targets and what happens to it.
type regDraw struct {
	above      int64 // the committee that acknowledges it; 0: the city's Organization Board
	status     bontot.RegStatus
	reg        bontot.Registration
	createdAt  time.Time
	sentAt     time.Time // zero: never sent
	decidedAt  time.Time // acknowledged or returned
	returnNote string
	resultsAt  time.Time // zero: no results recorded
	results    []targetResult
}

type targetResult struct {
	achieved *bontot.Amount
	met      *bool
	note     string
}

// generateMovement draws the deployments of every grassroots organization
// of units, and for plan.Year the registration of every unit and the
// meetings of every cell.
func generateMovement(units []Grassroots, plan movementPlan) *movement {
	mv := &movement{year: plan.Year}
	mv.deployments = generateDeployments(units, plan)
	mv.meetings = GenerateMeetings(units, MeetingYear{Year: plan.Year, Seed: plan.Seed, Model: plan.Model, Unrecorded: plan.Unrecorded})
	mv.registrations = generateRegistrations(units, plan, mv.meetings)
	return mv
}

// records are the facts the store reads from the records of plan.Year,
// by unit: the meeting facts of the cells with meetings, the target facts of
// the units whose registration is sent or acknowledged (only an acknowledged
// one has results: a sent one has nothing met yet).
func (mv *movement) records() map[int64]scoring.Facts {
	out := MeetingFacts(mv.meetings, mv.year)
	for _, rd := range mv.registrations {
		if !rd.status.Registered() {
			continue
		}
		var met int64
		if !rd.resultsAt.IsZero() {
			for i, t := range rd.reg.Targets {
				res := rd.results[i]
				if (t.Countable && res.achieved != nil && *res.achieved >= t.Planned) || (!t.Countable && res.met != nil && *res.met) {
					met++
				}
			}
		}
		f := out[rd.reg.OrgID]
		if f == nil {
			f = scoring.Facts{}
			out[rd.reg.OrgID] = f
		}
		f[scoring.FactTargetsRegistered], f[scoring.FactTargetsMet] = int64(len(rd.reg.Targets)), met
	}
	return out
}

// at is a time of day on a date, in Vietnam, as UTC.
func at(d bontot.Date, hour, minute int) time.Time {
	t := d.Time()
	return time.Date(t.Year(), t.Month(), t.Day(), hour, minute, 0, 0, bontot.Zone).UTC()
}

// addDays is d plus n days.
func addDays(d bontot.Date, n int) bontot.Date { return bontot.DateOf(d.Time().AddDate(0, 0, n)) }

// ---------------------------------------------------------------- deployments

// generateDeployments draws the launch of the movement by every grassroots
// organization between 15/02 and 31/03/2023 (after the city's plan
// 125-KH/TU of 10/02/2023), its dissemination and its deployment a few days
// to a few weeks later; three of the weakest deployed late, in the second
// quarter, and one has launched and disseminated but not deployed yet.
func generateDeployments(units []Grassroots, plan movementPlan) []deploymentDraw {
	r := rand.New(rand.NewPCG(plan.Seed, 2023))
	// The one not deployed, and the three late ones: the weakest others.
	none := -1
	for i := range units {
		if units[i].Name == plan.NotDeployed {
			none = i
		}
	}
	order := make([]int, len(units))
	for i := range order {
		order[i] = i
	}
	weak := func(i int) float64 { return lasting(plan.Seed, units[i].ID) }
	slices.SortStableFunc(order, func(a, b int) int {
		if c := compareFloat(weak(a), weak(b)); c != 0 {
			return c
		}
		return int(units[a].ID - units[b].ID)
	})
	if none < 0 {
		for _, i := range order {
			if units[i].IsCell {
				none = i
				break
			}
		}
	}
	late := map[int]int{} // the late ones, numbered for their notes
	for _, i := range order {
		if len(late) == 3 {
			break
		}
		if i != none && !slices.Contains(plan.Acknowledged, units[i].ID) {
			late[i] = len(late) + 1
		}
	}

	first := bontot.NewDate(2023, time.February, 15)
	out := make([]deploymentDraw, 0, len(units))
	for i := range units {
		u := &units[i]
		q := lasting(plan.Seed, u.ID)
		launched := addDays(first, min(44, int((1-q)*25)+r.IntN(20)))
		doc := addDays(launched, -(2 + r.IntN(6)))
		if doc.Before(bontot.NewDate(2023, time.February, 11)) {
			doc = bontot.NewDate(2023, time.February, 11)
		}
		members := 0
		for _, c := range u.Cells {
			members += len(c.Members)
		}
		d := bontot.Deployment{OrgID: u.ID, LaunchedOn: launched}
		if u.IsCell {
			d.LaunchDocument = fmt.Sprintf("Kế hoạch số %02d-KH/CB ngày %s", 1+r.IntN(6), doc)
			d.Participants = members*(80+r.IntN(18))/100 + 2 + r.IntN(5)
		} else {
			d.LaunchDocument = fmt.Sprintf("Kế hoạch số %02d-KH/ĐU ngày %s", 3+r.IntN(30), doc)
			d.Participants = members*(45+r.IntN(30))/100 + 10 + r.IntN(20)
		}
		d.DisseminatedOn = launched
		if r.IntN(10) < 4 {
			d.DisseminatedOn = addDays(launched, 1+r.IntN(10))
		}
		d.DeployedOn = addDays(d.DisseminatedOn, 3+r.IntN(23))
		switch {
		case i == none:
			d.DeployedOn = bontot.Date{}
			d.Note = "Đã tổ chức phát động, quán triệt; chưa ban hành kế hoạch triển khai cụ thể do đơn vị đang sắp xếp lại sản xuất, kinh doanh. Ban Tổ chức Thành ủy đã có văn bản đôn đốc."
		case late[i] > 0:
			d.DeployedOn = bontot.NewDate(2023, time.Month(5+r.IntN(2)), 5+r.IntN(20))
			d.Note = []string{
				"Triển khai chậm do kiện toàn bí thư chi bộ; đã được Ban Tổ chức Thành ủy nhắc nhở.",
				"Chậm xây dựng kế hoạch triển khai; đã khắc phục sau buổi làm việc của đoàn công tác Thành ủy.",
				"Triển khai chậm do trùng thời gian cao điểm thực hiện nhiệm vụ chuyên môn.",
			}[(late[i]-1)%3]
		}
		last := d.DeployedOn
		if last.IsZero() {
			last = d.DisseminatedOn
		}
		out = append(out, deploymentDraw{d: d, at: at(addDays(last, 1+r.IntN(5)), 8+r.IntN(9), r.IntN(60))})
	}
	return out
}

func compareFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// ---------------------------------------------------------------- registrations

// targetTpl is a target a unit may register: countable when planned > 0
// (hundredths of unit: 1 đảng viên is 100).
type targetTpl struct {
	criterion int
	text      string
	planned   bontot.Amount
	unit      string
	short     string // why it may be missed
}

// Targets of a cell on its meetings, met or not as its records say.
const (
	targetMonthly    = "Tổ chức sinh hoạt chi bộ định kỳ đủ 12 tháng"
	targetThematic   = "Sinh hoạt chuyên đề mỗi quý ít nhất một lần"
	targetAttendance = "Tỷ lệ đảng viên dự sinh hoạt bình quân"
	targetGrades     = "100% buổi sinh hoạt định kỳ xếp loại Khá trở lên"
)

// Targets of criteria 2 to 4 for every cell.
var cellTargets = map[int][]targetTpl{
	2: {
		{2, targetMonthly, 1200, "buổi", "Có tháng chưa tổ chức sinh hoạt định kỳ."},
		{2, targetThematic, 400, "buổi", "Có quý chưa tổ chức sinh hoạt chuyên đề."},
		{2, targetAttendance, 9000, "%", "Một số đảng viên đi làm ăn xa vắng nhiều buổi."},
		{2, targetGrades, 0, "", "Có buổi sinh hoạt xếp loại Trung bình."},
	},
	3: {
		{3, "Không có đảng viên vi phạm kỷ luật", 0, "", "Có đảng viên bị kỷ luật khiển trách."},
		{3, "Thực hiện 100% kế hoạch kiểm tra, giám sát năm 2025", 0, "", "Còn một cuộc giám sát chưa thực hiện."},
		{3, "Thu, nộp đảng phí đầy đủ, đúng quy định", 0, "", "Còn đảng viên nộp đảng phí chậm."},
		{3, "Không có đơn thư khiếu nại, tố cáo đảng viên", 0, "", "Có một đơn thư phản ánh đang được xác minh."},
	},
	4: {
		{4, "Kết nạp đảng viên mới", 100, "đảng viên", "Quần chúng ưu tú đang hoàn thiện hồ sơ, dự kiến kết nạp quý I năm sau."},
		{4, "100% đảng viên hoàn thành nhiệm vụ trở lên", 0, "", "Có đảng viên không hoàn thành nhiệm vụ."},
		{4, "Đảng viên hoàn thành tốt nhiệm vụ trở lên", 9000, "%", "Tỷ lệ đạt thấp hơn đăng ký."},
		{4, "Giới thiệu quần chúng ưu tú học lớp bồi dưỡng nhận thức về Đảng", 200, "quần chúng", "Mới giới thiệu được một quần chúng."},
		{4, "100% đảng viên học tập, quán triệt nghị quyết của Đảng", 0, "", "Một số đảng viên cao tuổi chưa tham gia đầy đủ."},
	},
}

// Targets of criterion 1, by kind of cell.
var cellTaskTargets = map[bontot.OrgSubtype][]targetTpl{
	bontot.SubResidential: {
		{1, "Tổ dân phố giữ vững danh hiệu “Tổ dân phố văn hóa”", 0, "", "Chưa đạt do còn vi phạm trật tự đô thị."},
		{1, "Vận động nhân dân đóng góp chỉnh trang khu dân cư", 15000, "triệu đồng", "Nguồn vận động đạt thấp hơn kế hoạch."},
		{1, "100% hộ gia đình phân loại rác thải tại nguồn", 0, "", "Còn một số hộ chưa thực hiện."},
	},
	bontot.SubVillage: {
		{1, "Thôn giữ vững chuẩn khu dân cư nông thôn mới kiểu mẫu", 0, "", "Tiêu chí môi trường chưa đạt."},
		{1, "Thu nhập bình quân đầu người", 6200, "triệu đồng/năm", "Thiệt hại do mưa lũ cuối năm."},
		{1, "Bê tông hóa đường giao thông nội đồng", 120, "km", "Chưa đủ nguồn kinh phí đối ứng."},
	},
	bontot.SubAgency: {
		{1, "Hoàn thành 100% nhiệm vụ chuyên môn được giao đúng tiến độ", 0, "", "Còn nhiệm vụ chậm tiến độ."},
		{1, "Không có hồ sơ thủ tục hành chính giải quyết trễ hạn", 0, "", "Có hồ sơ trễ hạn."},
		{1, "Tỷ lệ hồ sơ tiếp nhận, xử lý trực tuyến", 9000, "%", "Tỷ lệ trực tuyến chưa đạt."},
	},
	bontot.SubSchool: {
		{1, "Tỷ lệ học sinh lên lớp", 9900, "%", "Tỷ lệ lên lớp thấp hơn đăng ký."},
		{1, "Nhà trường giữ vững chuẩn quốc gia", 0, "", "Cơ sở vật chất chưa đáp ứng."},
		{1, "Giáo viên đạt giáo viên dạy giỏi cấp thành phố", 300, "giáo viên", "Số giáo viên đạt thấp hơn đăng ký."},
	},
	bontot.SubEnterprise: {
		{1, "Doanh thu tăng so với năm 2024", 800, "%", "Thị trường khó khăn, doanh thu tăng thấp hơn kế hoạch."},
		{1, "Bảo đảm việc làm, thu nhập ổn định cho người lao động", 0, "", "Có thời điểm người lao động phải nghỉ luân phiên."},
		{1, "Nộp ngân sách nhà nước đầy đủ, đúng hạn", 0, "", "Còn nợ thuế quá hạn."},
	},
	bontot.SubArmed: {
		{1, "Hoàn thành 100% chỉ tiêu huấn luyện, sẵn sàng chiến đấu", 0, "", "Còn nội dung huấn luyện đạt khá."},
		{1, "Không để xảy ra vụ việc phức tạp về an ninh, trật tự trên địa bàn phụ trách", 0, "", "Xảy ra một vụ việc phức tạp."},
	},
	bontot.SubRetired: {
		{1, "Vận động gia đình, con cháu chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà nước", 0, "", "Có con cháu đảng viên vi phạm pháp luật."},
		{1, "Vận động ủng hộ Quỹ “Vì người nghèo”", 1000, "triệu đồng", "Số vận động thấp hơn kế hoạch."},
	},
	bontot.SubOther: {
		{1, "Hoàn thành các chỉ tiêu công tác nhân đạo năm 2025", 0, "", "Chỉ tiêu vận động nguồn lực chưa đạt."},
		{1, "Vận động ủng hộ người nghèo, nạn nhân thiên tai", 5000, "triệu đồng", "Số vận động thấp hơn kế hoạch."},
	},
}

// Targets of a base committee, by criterion.
var committeeTargets = map[int][]targetTpl{
	1: {
		{1, "Lãnh đạo hoàn thành 100% chỉ tiêu kinh tế – xã hội, nhiệm vụ chính trị năm 2025", 0, "", "Còn chỉ tiêu chưa đạt."},
		{1, "Thu ngân sách trên địa bàn, đơn vị đạt dự toán", 10000, "%", "Thu ngân sách chưa đạt dự toán."},
	},
	2: {
		{2, "Đảng ủy họp thường kỳ hằng tháng theo quy chế làm việc", 1200, "kỳ họp", "Có tháng họp ghép."},
		{2, "100% chi bộ trực thuộc sinh hoạt chuyên đề hằng quý", 0, "", "Còn chi bộ chưa sinh hoạt chuyên đề đủ các quý."},
		{2, "Cấp ủy viên dự sinh hoạt chi bộ trực thuộc", 4800, "lượt", "Số lượt dự thấp hơn đăng ký."},
	},
	3: {
		{3, "Kiểm tra, giám sát chi bộ trực thuộc", 300, "chi bộ", "Mới kiểm tra, giám sát được một phần kế hoạch."},
		{3, "Không có tổ chức đảng, đảng viên vi phạm phải xử lý kỷ luật", 0, "", "Có đảng viên bị kỷ luật."},
	},
	4: {
		{4, "Kết nạp đảng viên mới", 500, "đảng viên", "Nguồn phát triển đảng viên còn ít."},
		{4, "Đảng viên hoàn thành tốt nhiệm vụ trở lên", 9000, "%", "Tỷ lệ đạt thấp hơn đăng ký."},
		{4, "100% chi bộ trực thuộc hoàn thành nhiệm vụ trở lên", 0, "", "Có chi bộ không hoàn thành nhiệm vụ."},
	},
}

var returnNotes = []string{
	"Chỉ tiêu chưa lượng hóa; đề nghị bổ sung số đảng viên kết nạp và số buổi sinh hoạt chuyên đề trong năm.",
	"Thiếu chỉ tiêu về công tác kiểm tra, giám sát; đề nghị bổ sung và gửi lại trước ngày 31/3.",
	"Bản đăng ký chưa có chữ ký của bí thư chi bộ; đề nghị ký và gửi lại.",
}

// generateRegistrations draws, for plan.Year, the registration of every
// unit (base committees, their cells, base cells): 3–6 targets across the
// four criteria, signed from January to March; most sent and acknowledged
// by the level above with their year-end results recorded (most targets
// met; a cell's targets on its meetings as its meeting records say), some
// still waiting to be acknowledged, a few returned with a note and not yet
// sent again, a few never sent.
func generateRegistrations(units []Grassroots, plan movementPlan, meetings []*bontot.Meeting) []*regDraw {
	r := rand.New(rand.NewPCG(plan.Seed, uint64(plan.Year)<<8|0x52))
	year := plan.Year
	held := meetingRecords(meetings, year)
	var out []*regDraw
	add := func(id, above int64, committee bool, sub bontot.OrgSubtype, q float64, n int) {
		rd := &regDraw{above: above}
		rd.reg = bontot.Registration{Year: year, OrgID: id}
		model := slices.Contains(plan.Model, id)
		switch v := r.IntN(100); {
		case model || slices.Contains(plan.Acknowledged, id):
			rd.status = bontot.RegAcknowledged
		case v < 4:
			rd.status = bontot.RegDraft
		case v < 8:
			rd.status = bontot.RegReturned
		case v < 13:
			rd.status = bontot.RegSent
		default:
			rd.status = bontot.RegAcknowledged
		}
		rd.reg.Targets = drawTargets(r, committee, sub, n, model)
		signed := bontot.NewDate(year, time.January, 6+min(70, int((1-q)*45)+r.IntN(30)))
		rd.createdAt = at(signed, 7+r.IntN(4), r.IntN(60))
		if rd.status == bontot.RegDraft {
			// Still being written: not signed, not sent.
			rd.reg.Targets = rd.reg.Targets[:max(1, len(rd.reg.Targets)-r.IntN(3))]
			out = append(out, rd)
			return
		}
		rd.reg.SignedOn = signed
		rd.sentAt = at(addDays(signed, r.IntN(4)), 11+r.IntN(6), r.IntN(60))
		decided := bontot.DateOf(rd.sentAt.In(bontot.Zone)).Time().AddDate(0, 0, 2+r.IntN(18))
		switch rd.status {
		case bontot.RegReturned:
			rd.decidedAt = at(bontot.DateOf(decided), 8+r.IntN(9), r.IntN(60))
			rd.returnNote = returnNotes[r.IntN(len(returnNotes))]
		case bontot.RegAcknowledged:
			rd.decidedAt = at(bontot.DateOf(decided), 8+r.IntN(9), r.IntN(60))
			rd.resultsAt = at(bontot.NewDate(year, time.December, 16+r.IntN(14)), 8+r.IntN(10), r.IntN(60))
			pMet := 0.85 + 0.14*q
			for _, t := range rd.reg.Targets {
				res := drawResult(r, t, model || r.Float64() < pMet, templateShort(t))
				if h, ok := held[id]; ok && !committee {
					h.result(t, &res)
				}
				rd.results = append(rd.results, res)
			}
		}
		out = append(out, rd)
	}
	for i := range units {
		u := &units[i]
		q := lasting(plan.Seed, u.ID)
		if !u.IsCell {
			add(u.ID, 0, true, u.Subtype, q, 4+r.IntN(3))
		}
		for _, c := range u.Cells {
			above := u.ID
			if u.IsCell {
				above = 0
			}
			cq := 0.4*q + 0.6*lasting(plan.Seed, c.ID)
			add(c.ID, above, false, c.Subtype, cq, 3+r.IntN(4))
		}
	}
	return out
}

// shortOf remembers why each template target may be missed, by text.
var shortOf = func() map[string]string {
	m := map[string]string{}
	for _, ts := range []map[int][]targetTpl{cellTargets, committeeTargets} {
		for _, l := range ts {
			for _, t := range l {
				m[t.text] = t.short
			}
		}
	}
	for _, l := range cellTaskTargets {
		for _, t := range l {
			m[t.text] = t.short
		}
	}
	return m
}()

func templateShort(t bontot.Target) string { return shortOf[t.Text] }

// drawTargets draws n targets (3–6) across the criteria, in criterion
// order: one of criteria 2 and 4 always, then 3, 1, then more of any. A
// model cell, whose last month is left to record, does not register the
// twelve monthly meetings.
func drawTargets(r *rand.Rand, committee bool, sub bontot.OrgSubtype, n int, model bool) []bontot.Target {
	pool := map[int][]targetTpl{}
	if committee {
		for c, l := range committeeTargets {
			pool[c] = slices.Clone(l)
		}
	} else {
		for c, l := range cellTargets {
			pool[c] = slices.Clone(l)
		}
		if model {
			pool[2] = slices.DeleteFunc(pool[2], func(t targetTpl) bool { return t.text == targetMonthly })
		}
		tasks := cellTaskTargets[sub]
		if len(tasks) == 0 {
			tasks = cellTaskTargets[bontot.SubAgency]
		}
		pool[1] = slices.Clone(tasks)
	}
	var picked []targetTpl
	take := func(c int) bool {
		l := pool[c]
		if len(l) == 0 {
			return false
		}
		i := r.IntN(len(l))
		picked = append(picked, l[i])
		pool[c] = append(l[:i:i], l[i+1:]...)
		return true
	}
	for _, c := range []int{2, 4, 3, 1} {
		if len(picked) < n {
			take(c)
		}
	}
	for tries := 0; len(picked) < n && tries < 20; tries++ {
		take(1 + r.IntN(4))
	}
	slices.SortStableFunc(picked, func(a, b targetTpl) int { return a.criterion - b.criterion })
	out := make([]bontot.Target, len(picked))
	for i, t := range picked {
		out[i] = bontot.Target{Criterion: t.criterion, Text: t.text}
		if t.planned > 0 {
			out[i].Countable, out[i].Planned, out[i].Unit = true, t.planned, t.unit
		}
	}
	return out
}

// drawResult draws the year-end result of a target: met, or short.
func drawResult(r *rand.Rand, t bontot.Target, met bool, short string) targetResult {
	if !t.Countable {
		v := met
		res := targetResult{met: &v}
		if !met {
			res.note = "Chưa đạt: " + short
		}
		return res
	}
	a := t.Planned
	switch {
	case !met:
		a = t.Planned * bontot.Amount(50+r.IntN(45)) / 100
	case r.IntN(4) != 0:
		// as planned
	case t.Unit == "%":
		a = min(10000, t.Planned+bontot.Amount(100*(1+r.IntN(5))))
	case t.Unit == "đảng viên" || t.Unit == "quần chúng" || t.Unit == "giáo viên":
		a = t.Planned + 100 // one more than planned
	case t.Unit != "buổi" && t.Unit != "kỳ họp":
		a = t.Planned * bontot.Amount(102+r.IntN(14)) / 100 // a little more
	}
	if t.Unit != "%" && t.Planned%100 == 0 && t.Planned <= 10000 { // counted in whole numbers
		a = a / 100 * 100
		if !met && a >= t.Planned {
			a = t.Planned - 100
		}
	}
	res := targetResult{achieved: &a}
	if !met {
		res.note = short
	}
	return res
}

// cellRecord is what a cell's meeting records say of its meeting targets.
type cellRecord struct {
	months, quarters int
	present, counted int
	belowFair        bool // a regular meeting graded below Khá
}

func meetingRecords(ms []*bontot.Meeting, year int) map[int64]*cellRecord {
	out := map[int64]*cellRecord{}
	months, quarters := map[[2]int64]bool{}, map[[2]int64]bool{}
	for _, m := range ms {
		t := m.HeldOn.Time()
		if t.Year() != year {
			continue
		}
		c := out[m.OrgID]
		if c == nil {
			c = &cellRecord{}
			out[m.OrgID] = c
		}
		c.present += m.Present
		c.counted += m.Counted()
		if m.Kind == bontot.MeetingThematic {
			quarters[[2]int64{m.OrgID, int64(t.Month()+2) / 3}] = true
			continue
		}
		months[[2]int64{m.OrgID, int64(t.Month())}] = true
		if m.Grade == scoring.GradeAverage || m.Grade == scoring.GradePoor {
			c.belowFair = true
		}
	}
	for k := range months {
		out[k[0]].months++
	}
	for k := range quarters {
		out[k[0]].quarters++
	}
	return out
}

// result sets the result of a target on the cell's meetings from its records.
func (c *cellRecord) result(t bontot.Target, res *targetResult) {
	var a bontot.Amount
	switch t.Text {
	case targetMonthly:
		a = bontot.Amount(100 * c.months)
	case targetThematic:
		a = bontot.Amount(100 * c.quarters)
	case targetAttendance:
		if c.counted == 0 {
			return
		}
		a = bontot.Amount(10000 * c.present / c.counted) // hundredths of a per cent, rounded down
	case targetGrades:
		met := !c.belowFair
		res.met, res.note = &met, ""
		if !met {
			res.note = "Chưa đạt: có buổi sinh hoạt định kỳ xếp loại Trung bình hoặc Kém."
		}
		return
	default:
		return
	}
	res.achieved, res.note = &a, ""
	if a < t.Planned {
		res.note = templateShort(t)
	}
}

// ---------------------------------------------------------------- install

// backdated returns a copy of st that writes with the time *now, so that
// the demo's records carry the days they would have been entered on. The
// copy shares the database handle; st itself keeps the real clock (a server
// may be answering requests while the demo loads).
func backdated(st *store.Store, now *time.Time) *store.Store {
	c := *st
	c.Now = func() time.Time { return *now }
	return &c
}

// movementActors are who writes the year's work: the demo accounts where
// there is one (the secretary of TDP 4, the committee of Trần Phú, the
// Organization Board for the units directly under the city), the system
// for the others.
type movementActors struct {
	byOrg map[int64]store.Actor
	board store.Actor
}

func loadActors(ctx context.Context, st *store.Store) (*movementActors, error) {
	a := &movementActors{byOrg: map[int64]store.Actor{}, board: store.System}
	for _, l := range Logins {
		u, err := st.UserByUsername(ctx, l.Username)
		if err != nil {
			continue // an installation without the demo accounts
		}
		o, err := st.OrgByCode(ctx, l.OrgCode)
		if err != nil {
			return nil, err
		}
		actor := store.Actor{UserID: u.ID, Username: u.Username}
		switch l.Role {
		case bontot.RoleBoard:
			a.board = actor
		case bontot.RoleSecretary, bontot.RoleCommittee:
			a.byOrg[o.ID] = actor
		}
	}
	return a, nil
}

func (a *movementActors) of(orgID int64) store.Actor {
	if x, ok := a.byOrg[orgID]; ok {
		return x
	}
	return store.System
}

// above is who acknowledges or returns the registration of rd.
func (a *movementActors) above(rd *regDraw) store.Actor {
	if rd.above == 0 {
		return a.board
	}
	return a.of(rd.above)
}

// installMovement writes mv for campaign c: the deployments, the meeting
// records, and the registrations with their workflow and results.
func installMovement(ctx context.Context, st *store.Store, c *bontot.Campaign, mv *movement) error {
	actors, err := loadActors(ctx, st)
	if err != nil {
		return err
	}
	var now time.Time
	past := backdated(st, &now)

	for i := range mv.deployments {
		dd := &mv.deployments[i]
		d := dd.d
		d.CampaignID = c.ID
		now = dd.at
		if err := past.SaveDeployment(ctx, actors.of(d.OrgID), &d); err != nil {
			return fmt.Errorf("deployment of %d: %w", d.OrgID, err)
		}
	}

	// Meetings: one bulk write, each meeting stamped with the day it was entered.
	now = at(bontot.NewDate(mv.year+1, time.January, 5), 9, 0)
	if err := past.SeedMeetings(ctx, store.System, mv.meetings); err != nil {
		return fmt.Errorf("meetings: %w", err)
	}

	for _, rd := range mv.registrations {
		reg := rd.reg
		reg.CampaignID = c.ID
		reg.Targets = slices.Clone(rd.reg.Targets)
		unit := actors.of(reg.OrgID)
		now = rd.createdAt
		if err := past.CreateRegistration(ctx, unit, &reg); err != nil {
			return fmt.Errorf("registration of %d: %w", reg.OrgID, err)
		}
		if rd.sentAt.IsZero() {
			continue
		}
		now = rd.sentAt
		if err := past.TransitionRegistration(ctx, unit, reg.ID, 0, bontot.RegSend, ""); err != nil {
			return fmt.Errorf("sending the registration of %d: %w", reg.OrgID, err)
		}
		switch rd.status {
		case bontot.RegReturned:
			now = rd.decidedAt
			if err := past.TransitionRegistration(ctx, actors.above(rd), reg.ID, 0, bontot.RegReturn, rd.returnNote); err != nil {
				return fmt.Errorf("returning the registration of %d: %w", reg.OrgID, err)
			}
		case bontot.RegAcknowledged:
			now = rd.decidedAt
			if err := past.TransitionRegistration(ctx, actors.above(rd), reg.ID, 0, bontot.RegAcknowledge, ""); err != nil {
				return fmt.Errorf("acknowledging the registration of %d: %w", reg.OrgID, err)
			}
			if rd.resultsAt.IsZero() {
				continue
			}
			results := make([]store.TargetResult, len(reg.Targets))
			for i, t := range reg.Targets {
				res := rd.results[i]
				results[i] = store.TargetResult{TargetID: t.ID, Achieved: res.achieved, Met: res.met, Note: res.note}
			}
			now = rd.resultsAt
			if err := past.RecordAchievements(ctx, unit, reg.ID, 0, results); err != nil {
				return fmt.Errorf("results of %d: %w", reg.OrgID, err)
			}
		}
	}
	return nil
}

// demoMovement is the plan of the demo campaign's year of work for the
// units: the demo secretaries' cells are models (their December left to
// record), the demo committees' registrations are acknowledged.
func demoMovement(year int, secretaries, committees []int64) movementPlan {
	p := movementPlan{Year: year, Seed: campaignSeed, Model: secretaries, Acknowledged: committees,
		Unrecorded: map[int64][]int{}, NotDeployed: notDeployed}
	for _, id := range secretaries {
		p.Unrecorded[id] = []int{12}
	}
	return p
}
