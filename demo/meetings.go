package demo

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"bontot"
	"bontot/scoring"
)

// MeetingYear says which cell meetings GenerateMeetings draws.
type MeetingYear struct {
	Year int
	Seed uint64
	// Through is the last day with meetings; zero is the year's end.
	Through bontot.Date
	// Model lists cells that hold every meeting by the book: a regular
	// meeting every month, a thematic one every quarter, everyone present,
	// every item at its maximum (100 points, Tốt).
	Model []int64
	// Unrecorded maps cells to months whose regular meeting is left for a
	// visitor to record (the demo secretary's December).
	Unrecorded map[int64][]int
}

// GenerateMeetings draws a year of meeting records for every cell of units
// (DOMAIN.md §5, §6c), as a secretary enters them: one regular meeting a
// month (a few cells miss one to three months), a thematic meeting in most
// quarters, the attendance of every member on the cell's roll (present
// mostly, some excused, rarely unexcused, exempt members exempt), the chair,
// the minute-taker, the place, the times (mostly 90 minutes or more), the
// speakers, the agenda, the resolution and the typed points of the sheet.
// Better cells (the lasting quality GenerateYear uses, with the same seed)
// meet more regularly and better: most meetings are graded Tốt, some Khá or
// Trung bình, very few Kém.
//
// Each meeting comes scored as the store scores it (Minutes, the counted
// statuses with the rule on excused absences in a row, the counts, Total and
// Grade), in date order per cell, with CreatedAt a little after the meeting.
// The cells' members must be those of their roll all year (the demo's are).
// The same units and plan give the same meetings.
func GenerateMeetings(units []Grassroots, plan MeetingYear) []*bontot.Meeting {
	through := plan.Through
	if through.IsZero() {
		through = bontot.NewDate(plan.Year, time.December, 31)
	}
	var out []*bontot.Meeting
	for ui := range units {
		u := &units[ui]
		for ci := range u.Cells {
			c := &u.Cells[ci]
			if len(c.Members) == 0 {
				continue
			}
			q := 0.4*lasting(plan.Seed, u.ID) + 0.6*lasting(plan.Seed, c.ID)
			g := &meetingGen{
				r:    rand.New(rand.NewPCG(plan.Seed^uint64(c.ID)*0x9e3779b97f4a7c15, uint64(plan.Year))),
				plan: plan, unit: u, cell: c, q: q, through: through,
				model: slices.Contains(plan.Model, c.ID),
			}
			out = append(out, g.year()...)
		}
	}
	return out
}

type meetingGen struct {
	r       *rand.Rand
	plan    MeetingYear
	unit    *Grassroots
	cell    *Cell
	q       float64 // lasting quality, 0–1
	model   bool
	through bontot.Date

	chair, deputy, minuteTaker string
	place                      string
	start                      int // usual start, minutes after midnight
	day                        int // usual day of the regular meeting
	topics                     []string
	away                       map[int64][2]int // members away (excused) from month to month
}

// workday reports whether the cell meets in working hours, on weekdays.
func (g *meetingGen) workday() bool {
	switch g.cell.Subtype {
	case bontot.SubResidential, bontot.SubVillage, bontot.SubRetired:
		return false
	}
	return true
}

func (g *meetingGen) year() []*bontot.Meeting {
	r, c := g.r, g.cell
	g.setup()

	// Months without a regular meeting: a few cells, more of the weak ones.
	skip := map[int]bool{}
	if !g.model && r.Float64() < 0.015+0.2*math.Pow(1-g.q, 3) {
		for range 1 + r.IntN(1+int(3*(1-g.q))) {
			skip[1+r.IntN(12)] = true
		}
	}
	for _, m := range g.plan.Unrecorded[c.ID] {
		skip[m] = true
	}
	// A thematic meeting in most quarters, in one of its months.
	thematic := map[int]bool{}
	pQuarter := 0.7 + 0.3*g.q
	for quarter := range 4 {
		if !g.model && r.Float64() >= pQuarter {
			continue
		}
		m := 3*quarter + 1 + r.IntN(3)
		if g.model && quarter == 3 {
			m = 10 + r.IntN(2) // before the December left to record
		}
		thematic[m] = true
	}

	var out []*bontot.Meeting
	for month := 1; month <= 12; month++ {
		if !skip[month] {
			day := min(g.day+r.IntN(3)-1, 28)
			if m := g.meeting(bontot.MeetingRegular, month, max(1, day)); m != nil {
				out = append(out, m)
			}
		}
		if thematic[month] {
			if m := g.meeting(bontot.MeetingThematic, month, 15+r.IntN(10)); m != nil {
				out = append(out, m)
			}
		}
	}
	scoreCellMeetings(out)
	return out
}

// setup draws what stays the same all year: the chair, the minute-taker,
// the place, the usual day and time, the members away for a while.
func (g *meetingGen) setup() {
	r, c := g.r, g.cell
	var committee, plain []Member
	for _, m := range c.Members {
		switch m.Position {
		case bontot.PosSecretary:
			if g.chair == "" {
				g.chair = m.Name
			}
		case bontot.PosDeputySecretary:
			g.deputy = m.Name
		case bontot.PosCommittee:
			committee = append(committee, m)
		default:
			if m.Status != bontot.StatusExempt {
				plain = append(plain, m)
			}
		}
	}
	if g.chair == "" {
		g.chair = c.Members[0].Name
	}
	switch {
	case len(committee) > 0:
		g.minuteTaker = committee[r.IntN(len(committee))].Name
	case len(plain) > 0:
		g.minuteTaker = plain[r.IntN(len(plain))].Name
	case g.deputy != "":
		g.minuteTaker = g.deputy
	default:
		g.minuteTaker = g.chair
	}

	g.place = meetingPlace(g.unit, c)
	g.day = 3 + r.IntN(8)
	switch c.Subtype {
	case bontot.SubResidential, bontot.SubVillage:
		g.start = []int{19*60 + 30, 19*60 + 30, 19*60 + 30, 19 * 60, 20 * 60}[r.IntN(5)]
	case bontot.SubRetired:
		g.start = []int{8 * 60, 8*60 + 30, 14 * 60}[r.IntN(3)]
	case bontot.SubSchool:
		g.start = []int{16*60 + 30, 14 * 60, 16 * 60}[r.IntN(3)]
	case bontot.SubArmed:
		g.start = []int{7*60 + 30, 14 * 60}[r.IntN(2)]
	default:
		g.start = []int{14 * 60, 14 * 60, 15*60 + 30, 8 * 60}[r.IntN(4)]
	}
	g.topics = slices.Clone(thematicTopics[""])
	g.topics = append(g.topics, thematicTopics[c.Subtype]...)
	r.Shuffle(len(g.topics), func(i, j int) { g.topics[i], g.topics[j] = g.topics[j], g.topics[i] })

	// Now and then a member works away for a few months (excused each time):
	// from the fourth excused absence in a row it counts as unexcused.
	g.away = map[int64][2]int{}
	if !g.model && len(plain) > 3 && (c.Subtype == bontot.SubResidential || c.Subtype == bontot.SubVillage) && r.IntN(100) < 12 {
		m := plain[r.IntN(len(plain))]
		from := 1 + r.IntN(10)
		g.away[m.ID] = [2]int{from, from + 1 + r.IntN(3)}
	}
}

// meetingPlace is where a cell meets: the cultural house of a residential
// group or a village, the meeting room of an agency, a school or a company,
// the hall of a unit of the armed forces.
func meetingPlace(u *Grassroots, c *Cell) string {
	rest := strings.TrimPrefix(c.Name, "Chi bộ ")
	local := strings.TrimPrefix(u.Name, "Đảng bộ ") // "phường Trần Phú"
	switch {
	case rest == "Ủy ban nhân dân":
		return "Phòng họp Ủy ban nhân dân " + local
	case strings.HasPrefix(rest, "Quân sự "):
		return "Trụ sở Ban Chỉ huy Quân sự " + local
	case local == "Quân sự thành phố":
		return "Hội trường Ban Chỉ huy Quân sự thành phố"
	case strings.HasPrefix(rest, "Phòng "):
		return "Trụ sở " + rest
	}
	switch c.Subtype {
	case bontot.SubResidential, bontot.SubVillage:
		return "Nhà văn hóa " + rest
	case bontot.SubArmed:
		return "Hội trường " + rest
	case bontot.SubRetired:
		return "Hội trường " + strings.TrimPrefix(rest, "Hưu trí ")
	}
	return "Phòng họp " + rest
}

// meeting draws one meeting of the month, or nil when the day is after the
// plan's last day.
func (g *meetingGen) meeting(kind bontot.MeetingKind, month, day int) *bontot.Meeting {
	r, c, year := g.r, g.cell, g.plan.Year
	held := bontot.NewDate(year, time.Month(month), day)
	if g.workday() {
		switch held.Time().Weekday() {
		case time.Saturday:
			held = bontot.NewDate(year, time.Month(month), day+2)
		case time.Sunday:
			held = bontot.NewDate(year, time.Month(month), day+1)
		}
	}
	if held.After(g.through) {
		return nil
	}
	q, model := g.q, g.model
	chance := func(p float64) bool { return !model && r.Float64() < p }

	// A bad month now and then in the weakest cells: many absent, short,
	// the minutes left unsigned.
	bad := chance(0.04 * math.Pow(1-q, 3))
	m := &bontot.Meeting{OrgID: c.ID, Kind: kind, HeldOn: held, Place: g.place, Chair: g.chair, MinuteTaker: g.minuteTaker,
		AgendaReview: !chance(0.01 + 0.05*(1-q)), AgendaInformation: true, AgendaTasks: true, AgendaResolution: !chance(0.01),
		PraiseCriticism: !chance(0.02 + 0.1*(1-q)), MinutesSigned: !chance(0.005+0.035*(1-q)) && !bad}
	if g.deputy != "" && chance(0.08) {
		m.Chair = g.deputy
	}
	if kind == bontot.MeetingThematic {
		m.Topic = g.topics[int(month-1)/3%len(g.topics)]
	}

	// Attendance, member by member.
	pAbsent := 0.012 + 0.045*(1-q)
	if bad {
		pAbsent = 0.3
	}
	pUnexcused := 0.02 + 0.1*(1-q)*(1-q)
	present := 0
	for _, mb := range c.Members {
		a := bontot.Attendee{MemberID: mb.ID, Status: bontot.Present}
		switch {
		case mb.Status == bontot.StatusExempt:
			a.Status = bontot.Exempt
		case g.away[mb.ID][0] <= month && month <= g.away[mb.ID][1]:
			a.Status = bontot.Excused
		case chance(pAbsent):
			a.Status = bontot.Excused
			if r.Float64() < pUnexcused {
				a.Status = bontot.Unexcused
			}
		}
		if a.Status == bontot.Present {
			present++
		}
		m.Attendees = append(m.Attendees, a)
	}
	if present == 0 { // never in the demo's cells, but a meeting needs someone
		for i := range m.Attendees {
			if m.Attendees[i].Status != bontot.Exempt {
				m.Attendees[i].Status = bontot.Present
				present++
				break
			}
		}
	}

	share := 0.32 + 0.28*r.Float64()
	if chance(0.1 * (1 - q)) {
		share = 0.15 + 0.14*r.Float64() // few spoke
	}
	m.Speakers = min(present, max(1, int(math.Ceil(share*float64(present)))))
	if model {
		m.Speakers = min(present, max(1, int(math.Ceil(0.4*float64(present)))))
	}

	minutes := 90 + 5*r.IntN(7)
	if chance(0.02+0.07*(1-q)) || bad {
		minutes = 60 + 5*r.IntN(6)
	}
	if model {
		minutes = 120
	}
	start := g.start
	if chance(0.1) {
		start += 30 * (r.IntN(3) - 1)
	}
	m.Start, m.End = clock(start), clock(start+minutes)
	m.Minutes = minutes

	// The typed points: full marks mostly, some deducted.
	typed := func(top scoring.Points, pFull float64, lo float64) scoring.Points {
		if model || r.Float64() < pFull {
			return top
		}
		return scoring.Points(lo*float64(top)+r.Float64()*(1-lo)*float64(top)) / 50 * 50
	}
	m.Preparation = typed(1500, 0.75+0.2*q, 0.6)
	m.Agenda = typed(1500, 0.85+0.1*q, 0.6)
	if !m.AgendaComplete() {
		m.Agenda = min(m.Agenda, 1250)
	}
	m.Principles = typed(1000, 0.85+0.1*q, 0.6)
	if !m.PraiseCriticism {
		m.Principles = min(m.Principles, 750)
	}
	m.LastResolution = typed(500, 0.8+0.15*q, 0.5)
	if bad {
		m.Preparation, m.Agenda, m.Principles, m.LastResolution = 750, 900, 500, 200
	}

	m.Resolution = g.resolution(kind, month, m.Topic)
	if chance(0.1 + 0.08*q) {
		m.Guests = g.guest()
	}
	if model && month%3 == 0 {
		m.Guests = g.guest()
	}
	// Entered that evening or within a few days.
	at := held.Time().AddDate(0, 0, r.IntN(4)).Add(time.Duration(7*60+r.IntN(14*60)) * time.Minute)
	m.CreatedAt = time.Date(at.Year(), at.Month(), at.Day(), at.Hour(), at.Minute(), 0, 0, bontot.Zone).UTC()
	return m
}

// clock writes minutes after midnight as "HH:MM".
func clock(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

// guest names the higher-level officers who attended.
func (g *meetingGen) guest() string {
	u := g.unit
	if u.IsCell {
		return []string{
			"Đồng chí Ủy viên Ban Thường vụ Thành ủy phụ trách chi bộ dự và phát biểu chỉ đạo.",
			"Đại diện Ban Tổ chức Thành ủy dự, theo dõi việc thực hiện phong trào “Chi bộ 4 tốt”.",
			"Đồng chí chuyên viên Ban Tuyên giáo và Dân vận Thành ủy phụ trách chi bộ.",
		}[g.r.IntN(3)]
	}
	committee := u.ShortName
	if committee == "" {
		committee = "Đảng ủy"
	}
	return []string{
		"Đồng chí đảng ủy viên phụ trách chi bộ (" + committee + ").",
		"Đồng chí Phó Bí thư " + committee + " dự và phát biểu chỉ đạo.",
		"Đồng chí Bí thư " + committee + " dự, kết luận một số nội dung.",
		"Đại diện Ủy ban Kiểm tra Thành ủy dự theo kế hoạch giám sát.",
	}[g.r.IntN(4)]
}

// resolution is what the cell resolved: the month's tasks.
func (g *meetingGen) resolution(kind bontot.MeetingKind, month int, topic string) string {
	r := g.r
	var b strings.Builder
	if kind == bontot.MeetingThematic {
		fmt.Fprintf(&b, "Chi bộ thống nhất nội dung chuyên đề: %s. Mỗi đảng viên đăng ký ít nhất một việc làm cụ thể và báo cáo kết quả tại kỳ sinh hoạt cuối quý.", topic)
		return b.String()
	}
	fmt.Fprintf(&b, "Nghị quyết tháng %d/%d: ", month, g.plan.Year)
	tasks := []string{monthTasks[month-1]}
	if own := subtypeTasks[g.cell.Subtype]; len(own) > 0 {
		tasks = append(tasks, own[r.IntN(len(own))])
	}
	if r.IntN(3) == 0 {
		tasks = append(tasks, "thu, nộp đảng phí đầy đủ, đúng hạn")
	}
	b.WriteString(strings.Join(tasks, "; "))
	b.WriteString(".")
	return b.String()
}

// monthTasks are the tasks of the year 2025, month by month.
var monthTasks = [12]string{
	"tuyên truyền, vận động nhân dân đón Tết Nguyên đán Ất Tỵ vui tươi, an toàn, tiết kiệm; thăm hỏi, tặng quà gia đình chính sách, hộ nghèo",
	"tổ chức các hoạt động kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 – 03/02/2025); ra quân Tết trồng cây",
	"rà soát, đôn đốc thực hiện các chỉ tiêu đăng ký thi đua “Chi bộ 4 tốt” năm 2025; hưởng ứng Tháng Thanh niên",
	"kỷ niệm 50 năm Ngày giải phóng miền Nam, thống nhất đất nước (30/4/1975 – 30/4/2025); tổng vệ sinh môi trường",
	"kỷ niệm 135 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/5/1890 – 19/5/2025); góp ý dự thảo sửa đổi, bổ sung Hiến pháp năm 2013",
	"phòng, chống đuối nước cho trẻ em dịp hè; sơ kết 6 tháng thực hiện nghị quyết năm",
	"kỷ niệm 78 năm Ngày Thương binh – Liệt sĩ (27/7/1947 – 27/7/2025); thăm hỏi gia đình chính sách, người có công",
	"kỷ niệm 80 năm Cách mạng Tháng Tám và Quốc khánh 2/9; chuẩn bị các điều kiện cho năm học mới",
	"chủ động phòng, chống bão lụt, phân công đảng viên phụ trách các hộ ở vùng trũng thấp",
	"khắc phục hậu quả mưa lũ; học tập, quán triệt Nghị quyết Đại hội Đảng bộ cấp trên nhiệm kỳ 2025–2030",
	"tổ chức Ngày hội Đại đoàn kết toàn dân tộc ở khu dân cư (18/11); chuẩn bị kiểm điểm cuối năm",
	"kiểm điểm, đánh giá, xếp loại chất lượng đảng viên và chi bộ năm 2025; tổng kết thực hiện chỉ tiêu thi đua năm",
}

// subtypeTasks are the standing tasks of each kind of cell.
var subtypeTasks = map[bontot.OrgSubtype][]string{
	bontot.SubResidential: {
		"vận động nhân dân phân loại, thu gom rác thải đúng giờ, giữ gìn vệ sinh khu phố",
		"giữ vững an ninh trật tự khu dân cư, hòa giải kịp thời các mâu thuẫn trong nhân dân",
		"vận động các hộ đóng góp chỉnh trang vỉa hè, điện chiếu sáng khu phố",
	},
	bontot.SubVillage: {
		"chỉ đạo sản xuất vụ lúa, phòng trừ sâu bệnh kịp thời",
		"duy trì các tiêu chí khu dân cư nông thôn mới kiểu mẫu",
		"vận động nhân dân làm đường giao thông nội đồng, kênh mương",
	},
	bontot.SubAgency: {
		"hoàn thành nhiệm vụ chuyên môn tháng đúng tiến độ, đẩy mạnh cải cách hành chính",
		"thực hiện nghiêm kỷ luật, kỷ cương hành chính, văn hóa công sở",
		"đẩy mạnh chuyển đổi số, giải quyết hồ sơ trực tuyến",
	},
	bontot.SubSchool: {
		"nâng cao chất lượng dạy và học, bồi dưỡng học sinh giỏi, phụ đạo học sinh yếu",
		"bảo đảm an toàn trường học, phòng chống dịch bệnh trong học sinh",
	},
	bontot.SubEnterprise: {
		"hoàn thành kế hoạch sản xuất, kinh doanh tháng; bảo đảm an toàn lao động",
		"chăm lo việc làm, thu nhập và đời sống người lao động",
	},
	bontot.SubArmed: {
		"duy trì nghiêm chế độ trực sẵn sàng chiến đấu, hoàn thành kế hoạch huấn luyện",
		"bảo đảm an ninh, trật tự trên địa bàn, không để bị động, bất ngờ",
	},
	bontot.SubRetired: {
		"thăm hỏi đảng viên cao tuổi, ốm đau; động viên con cháu chấp hành tốt pháp luật",
	},
	bontot.SubOther: {
		"triển khai các hoạt động nhân đạo, từ thiện tháng; vận động ủng hộ người nghèo",
	},
}

// thematicTopics are the themes of thematic meetings: for every cell (""),
// then by kind of cell.
var thematicTopics = map[bontot.OrgSubtype][]string{
	"": {
		"Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về tinh thần đoàn kết, tự phê bình và phê bình",
		"Quy định 144-QĐ/TW về chuẩn mực đạo đức cách mạng của cán bộ, đảng viên trong giai đoạn mới",
		"Bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch",
		"Nâng cao chất lượng sinh hoạt chi bộ theo Hướng dẫn 12-HD/BTCTW",
		"Thực hiện Quy định 213-QĐ/TW về đảng viên đang công tác giữ mối liên hệ với chi bộ nơi cư trú",
		"Phòng, chống suy thoái về tư tưởng chính trị, đạo đức, lối sống, “tự diễn biến”, “tự chuyển hóa”",
		"Vai trò tiên phong, gương mẫu của đảng viên trong phong trào “Chi bộ 4 tốt”",
	},
	bontot.SubResidential: {"Xây dựng khu dân cư văn hóa, văn minh đô thị", "Phát triển đảng viên ở tổ dân phố"},
	bontot.SubVillage:     {"Xây dựng khu dân cư nông thôn mới kiểu mẫu", "Phát triển đảng viên ở thôn"},
	bontot.SubAgency:      {"Đẩy mạnh chuyển đổi số và cải cách hành chính", "Phòng, chống tham nhũng, lãng phí, tiêu cực"},
	bontot.SubSchool:      {"Đổi mới phương pháp dạy học, nâng cao chất lượng giáo dục toàn diện", "Phát triển đảng viên trong giáo viên trẻ"},
	bontot.SubEnterprise:  {"Vai trò lãnh đạo của chi bộ trong sản xuất, kinh doanh", "Chăm lo đời sống, an toàn cho người lao động"},
	bontot.SubArmed:       {"Xây dựng đơn vị vững mạnh toàn diện “mẫu mực, tiêu biểu”"},
	bontot.SubRetired:     {"Phát huy vai trò người cao tuổi trong xây dựng khu dân cư"},
}

// scoreCellMeetings scores one cell's meetings as the store does: in the
// order of held_on and start, an excused absence that is a member's 4th or
// later in a row counts as unexcused; then the counts, the total and the grade.
func scoreCellMeetings(ms []*bontot.Meeting) {
	sheet := scoring.DefaultMeetingSheet()
	slices.SortStableFunc(ms, func(a, b *bontot.Meeting) int {
		if c := a.HeldOn.Time().Compare(b.HeldOn.Time()); c != 0 {
			return c
		}
		return cmp.Compare(a.Start, b.Start)
	})
	row := map[int64]int{}
	for _, m := range ms {
		for i := range m.Attendees {
			a := &m.Attendees[i]
			a.Counted = a.Status
			if a.Status == bontot.Excused {
				if sheet.ExcusedCountsUnexcused(row[a.MemberID]) {
					a.Counted = bontot.Unexcused
				}
				row[a.MemberID]++
			} else {
				row[a.MemberID] = 0
			}
		}
		m.Tally()
		res := scoring.ScoreMeeting(sheet, m.Input())
		m.Total, m.Grade = res.Total, res.Grade
	}
}

// MeetingFacts are the facts of criterion 2 that the store reads from the
// meeting records of a year (store/yearfacts.go), by cell: months with a
// regular meeting, quarters with a thematic one, the regular meetings
// scored, their total, and those graded Tốt and Kém.
func MeetingFacts(ms []*bontot.Meeting, year int) map[int64]scoring.Facts {
	type agg struct{ months, quarters map[int]bool }
	seen := map[int64]*agg{}
	out := map[int64]scoring.Facts{}
	for _, m := range ms {
		t := m.HeldOn.Time()
		if t.Year() != year {
			continue
		}
		f := out[m.OrgID]
		if f == nil {
			f = scoring.Facts{scoring.FactRegularMonths: 0, scoring.FactThematicQuarters: 0, scoring.FactRegularScored: 0,
				scoring.FactRegularScoreSum: 0, scoring.FactMeetingsGood: 0, scoring.FactMeetingsPoor: 0}
			out[m.OrgID] = f
			seen[m.OrgID] = &agg{map[int]bool{}, map[int]bool{}}
		}
		a := seen[m.OrgID]
		if m.Kind == bontot.MeetingThematic {
			a.quarters[(int(t.Month())+2)/3] = true
			f[scoring.FactThematicQuarters] = int64(len(a.quarters))
			continue
		}
		a.months[int(t.Month())] = true
		f[scoring.FactRegularMonths] = int64(len(a.months))
		f[scoring.FactRegularScored]++
		f[scoring.FactRegularScoreSum] += int64(m.Total)
		switch m.Grade {
		case scoring.GradeGood:
			f[scoring.FactMeetingsGood]++
		case scoring.GradePoor:
			f[scoring.FactMeetingsPoor]++
		}
	}
	return out
}
