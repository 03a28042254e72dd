package demo

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"

	"bontot"
)

// Scale names a generated size.
type Scale string

// Scales. National is the whole country: 34 provinces, about 52,000
// grassroots organizations, 300,000 cells and 5.6 million members. Province
// is one average province of it, about 1/34. City is one district-size
// superior committee: about 64 grassroots organizations, 400 cells and
// 6,000 members.
const (
	ScaleCity     Scale = "city"
	ScaleProvince Scale = "province"
	ScaleNational Scale = "national"
)

// The 34 provinces and centrally run cities from 1 July 2025, in the order of
// Resolution 202/2025/QH15; city is true for the six cities.
var provinces = []struct {
	name string
	city bool
}{
	{"Hà Nội", true}, {"Huế", true}, {"Lai Châu", false}, {"Điện Biên", false},
	{"Sơn La", false}, {"Lạng Sơn", false}, {"Quảng Ninh", false}, {"Thanh Hóa", false},
	{"Nghệ An", false}, {"Hà Tĩnh", false}, {"Cao Bằng", false}, {"Tuyên Quang", false},
	{"Lào Cai", false}, {"Thái Nguyên", false}, {"Phú Thọ", false}, {"Bắc Ninh", false},
	{"Hưng Yên", false}, {"Hải Phòng", true}, {"Ninh Bình", false}, {"Quảng Trị", false},
	{"Đà Nẵng", true}, {"Quảng Ngãi", false}, {"Gia Lai", false}, {"Khánh Hòa", false},
	{"Lâm Đồng", false}, {"Đắk Lắk", false}, {"Hồ Chí Minh", true}, {"Đồng Nai", false},
	{"Tây Ninh", false}, {"Cần Thơ", true}, {"Vĩnh Long", false}, {"Đồng Tháp", false},
	{"Cà Mau", false}, {"An Giang", false},
}

// unitPlan is a superior committee to generate, with the shape of its subtree.
type unitPlan struct {
	parent            string // code of the national root, "" for a root
	code, name, short string
	grassroots        int    // grassroots organizations, ± jitter
	communes          int    // of which commune-level committees, ± jitter/16
	jitter            int    // random spread of the counts above
	wards             int    // per cent of communes that are wards (phường)
	localCells        [2]int // residential groups or villages per commune, min and max
	prefix            int    // first two digits of the unit's card numbers
	sizePct           int    // per cent of the usual cell sizes
}

// NationalCode is the code of the root above the provinces at national scale.
const NationalCode = "TW"

// plan returns the superior committees of scale.
func plan(scale Scale) ([]unitPlan, error) {
	switch scale {
	case ScaleCity:
		return []unitPlan{{
			code: "D01", name: "Đảng bộ thành phố Vinh", short: "Thành ủy Vinh",
			grassroots: 64, communes: 16, wards: 60, localCells: [2]int{6, 12}, prefix: 40, sizePct: 78,
		}}, nil
	case ScaleProvince, ScaleNational:
		n := len(provinces)
		if scale == ScaleProvince {
			n = 1
		}
		units := make([]unitPlan, n)
		for i := range units {
			p := provinces[i]
			u := unitPlan{
				code:       "P" + string(appendN(nil, i+1, 2)),
				name:       "Đảng bộ tỉnh " + p.name,
				short:      "Tỉnh ủy " + p.name,
				grassroots: 1530, communes: 98, jitter: 120, wards: 20,
				localCells: [2]int{12, 32}, prefix: 41 + i, sizePct: 100,
			}
			if scale == ScaleNational {
				u.parent = NationalCode
			}
			if p.city {
				u.name, u.short, u.wards = "Đảng bộ thành phố "+p.name, "Thành ủy "+p.name, 75
				if p.name == "Hồ Chí Minh" {
					u.name, u.short = "Đảng bộ Thành phố Hồ Chí Minh", "Thành ủy Thành phố Hồ Chí Minh"
				}
			}
			units[i] = u
		}
		return units, nil
	}
	return nil, fmt.Errorf("demo: unknown scale %q", scale)
}

// Generate streams a deterministic tree of organizations and its members
// drawn from seed: the same scale and seed give the same data.
//
// Organizations are passed to org parents before children, and all of them
// before any member is passed to member. Codes are unique within the output:
// "P01" (a province; "D01" for the city scale), "P01.G0001" (a grassroots
// organization), "P01.G0001.C05" (a cell), "P01.G0001.B1" (an intermediate
// committee), "P01.G0001.C05.T1" (a party group). Card numbers are unique
// too: eight digits whose first two say the province (41–74; 40 for the
// city scale, so no scale collides with HaTinh's 36).
//
// The pointers passed to org and member point to structures that Generate
// reuses for the next call: a callback that keeps an organization or a member
// must copy the structure (the strings in it may be kept). A nil callback
// skips that output; with a nil member, no members are drawn at all. An
// error from a callback stops Generate, which returns it.
func Generate(scale Scale, seed int64, org func(*OrgSeed) error, member func(*MemberSeed) error) error {
	units, err := plan(scale)
	if err != nil {
		return err
	}
	if org == nil {
		org = func(*OrgSeed) error { return nil }
	}
	g := &gen{emit: org, places: places(), residential: residentialNames()}
	if scale == ScaleNational {
		// One root above the provinces, so that a national view has a node.
		g.r = rand.New(rand.NewPCG(uint64(seed), 0))
		if _, err := g.org("", "", NationalCode, "Đảng Cộng sản Việt Nam", "Trung ương", bontot.KindSuperior, "", dayOf(2009, 12, 1), dayOf(2009, 12, 1)); err != nil {
			return err
		}
	}
	ends := make([]int, len(units)) // end of each unit's cells in g.cells
	for i := range units {
		g.r = rand.New(rand.NewPCG(uint64(seed), uint64(i+1)))
		if err := g.unit(&units[i]); err != nil {
			return err
		}
		ends[i] = len(g.cells)
	}
	if member == nil {
		return nil
	}
	start := 0
	for i := range units {
		mg := newMemberGen(rand.New(rand.NewPCG(uint64(seed), uint64(i+1)<<32|0x4d454d)), units[i].prefix)
		for c := start; c < ends[i]; c++ {
			ms := mg.cell(&g.cells[c], g.cells[c].n)
			for j := range ms {
				if err := member(&ms[j]); err != nil {
					return err
				}
			}
		}
		start = ends[i]
	}
	return nil
}

// gen draws the organizations of the units and remembers their cells.
type gen struct {
	r           *rand.Rand
	emit        func(*OrgSeed) error
	seed        OrgSeed // reused for every organization
	cells       []cellRef
	places      *placeTables
	residential []string
	sizePct     int // of the unit being drawn
	buf         []byte
}

// org emits an organization under parent (code and kind, "" for the root),
// founded on a random day in [first, last], and returns its founding day.
func (g *gen) org(parent string, parentKind bontot.OrgKind, code, name, short string, kind bontot.OrgKind, sub bontot.OrgSubtype, first, last int) (int, error) {
	day := first
	if last > first {
		day += g.r.IntN(last - first + 1)
	}
	s := &g.seed
	s.ParentCode = parent
	s.Code, s.Name, s.ShortName = code, name, short
	s.Kind, s.Subtype = kind, sub
	s.ValidFrom = dateOf(day)
	s.Decision = decision(&g.buf, 1+g.r.IntN(450), issuer(parentKind), day)
	return day, g.emit(s)
}

// childCode returns parent + "." + tag + n with n zero-padded to width.
func (g *gen) childCode(parent, tag string, n, width int) string {
	b := append(g.buf[:0], parent...)
	b = append(b, '.')
	b = append(b, tag...)
	b = appendN(b, n, width)
	g.buf = b
	return string(b)
}

// cell emits a cell (or an intermediate or a group, which get no members)
// and, for cells, draws its size and sometimes party groups inside it.
func (g *gen) cell(parent string, parentKind bontot.OrgKind, parentDay int, code, name string, kind bontot.OrgKind, sub bontot.OrgSubtype) (int, error) {
	day, err := g.org(parent, parentKind, code, name, "", kind, sub, parentDay+1+g.r.IntN(60), lastCell)
	if err != nil || !kind.IsCell() {
		return day, err
	}
	n := max(officers, cellSize(g.r, sub)*g.sizePct/100)
	g.cells = append(g.cells, cellRef{code: code, sub: sub, from: day, n: n})
	if n >= 40 && g.r.IntN(2) == 0 { // a large cell split into party groups
		for t := 1; t <= 2; t++ {
			gc := g.childCode(code, "T", t, 1)
			if _, err := g.org(code, kind, gc, "Tổ đảng số "+strconv.Itoa(t), "", bontot.KindGroup, sub, day+1+g.r.IntN(60), end2020); err != nil {
				return day, err
			}
		}
	}
	return day, nil
}

// cellSize draws the number of members of a generated cell: residential
// groups and villages 10–60 (most near 20), other cells 5–35.
func cellSize(r *rand.Rand, sub bontot.OrgSubtype) int {
	switch sub {
	case bontot.SubResidential, bontot.SubVillage:
		u := r.Float64()
		return 10 + int(51*u*u*u)
	case bontot.SubRetired:
		return 12 + r.IntN(25)
	}
	return 5 + min(r.IntN(31), r.IntN(31)+4)
}

// Kinds of grassroots organizations other than communes, with their weight,
// the institutions they are named after (followed by a place name) and the
// names of their subordinate cells.
var others = []struct {
	sub      bontot.OrgSubtype
	weight   int
	prefixes []string
	cells    []string
}{
	{bontot.SubAgency, 42, []string{
		"Bệnh viện Đa khoa ", "Trung tâm Y tế ", "Ban Quản lý dự án ", "Thuế cơ sở ",
		"Kho bạc Nhà nước khu vực ", "Ngân hàng Chính sách xã hội ", "Bảo hiểm xã hội ",
		"Tòa án nhân dân khu vực ", "Viện Kiểm sát nhân dân khu vực ", "Trung tâm Văn hóa – Thể thao ",
		"Ban Quản lý rừng phòng hộ ", "Chi cục Thống kê ", "Trung tâm Dịch vụ nông nghiệp ",
		"Văn phòng Đăng ký đất đai chi nhánh ", "Hạt Kiểm lâm ", "Trung tâm Phục vụ hành chính công ",
	}, []string{
		"Chi bộ Văn phòng", "Chi bộ Phòng Tổ chức – Hành chính", "Chi bộ Phòng Kế hoạch – Tài chính",
		"Chi bộ Phòng Nghiệp vụ 1", "Chi bộ Phòng Nghiệp vụ 2", "Chi bộ Phòng Thanh tra – Pháp chế",
		"Chi bộ Phòng Quản lý chất lượng", "Chi bộ Trung tâm Thông tin", "Chi bộ Phòng Kiểm tra",
		"Chi bộ Đội Công tác số 1", "Chi bộ Đội Công tác số 2", "Chi bộ Phòng Tổng hợp",
	}},
	{bontot.SubSchool, 22, []string{
		"Trường THPT ", "Trường THCS ", "Trường Tiểu học ", "Trường Mầm non ", "Trường Cao đẳng Nghề ",
		"Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên ", "Trường Phổ thông Dân tộc nội trú ",
	}, []string{
		"Chi bộ Khoa Khoa học cơ bản", "Chi bộ Khoa Kinh tế", "Chi bộ Khoa Kỹ thuật", "Chi bộ Khoa Sư phạm",
		"Chi bộ Phòng Đào tạo", "Chi bộ Phòng Hành chính – Quản trị", "Chi bộ Tổ Toán – Tin",
		"Chi bộ Tổ Ngữ văn", "Chi bộ Tổ Ngoại ngữ", "Chi bộ Tổ Khoa học tự nhiên",
		"Chi bộ Tổ Khoa học xã hội", "Chi bộ Học sinh – Sinh viên",
	}},
	{bontot.SubEnterprise, 20, []string{
		"Công ty Cổ phần Xây dựng ", "Công ty Cổ phần Thương mại ", "Công ty TNHH Một thành viên Thủy lợi ",
		"Công ty Cổ phần Cấp nước ", "Công ty Cổ phần Vận tải ", "Hợp tác xã Nông nghiệp ",
		"Công ty Cổ phần Môi trường đô thị ", "Công ty Cổ phần Dược ", "Công ty Cổ phần May ",
		"Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh ", "Điện lực ",
		"Công ty Cổ phần Khoáng sản ", "Quỹ Tín dụng nhân dân ",
	}, []string{
		"Chi bộ Văn phòng Công ty", "Chi bộ Phòng Kỹ thuật", "Chi bộ Phòng Kinh doanh",
		"Chi bộ Phòng Tài chính – Kế toán", "Chi bộ Phân xưởng 1", "Chi bộ Phân xưởng 2",
		"Chi bộ Phân xưởng 3", "Chi bộ Đội Thi công số 1", "Chi bộ Đội Thi công số 2",
		"Chi bộ Chi nhánh phía Bắc", "Chi bộ Chi nhánh phía Nam", "Chi bộ Xí nghiệp Cơ khí",
	}},
	{bontot.SubArmed, 8, []string{
		"Ban Chỉ huy Phòng thủ khu vực ", "Đồn Biên phòng ", "Ban Chỉ huy Quân sự ",
		"Đội Phòng cháy chữa cháy và Cứu nạn cứu hộ khu vực ", "Trại giam ",
	}, []string{
		"Chi bộ Ban Tham mưu", "Chi bộ Ban Chính trị", "Chi bộ Ban Hậu cần – Kỹ thuật",
		"Chi bộ Đại đội 1", "Chi bộ Đại đội 2", "Chi bộ Đại đội 3", "Chi bộ Đội Tham mưu – Tổng hợp",
		"Chi bộ Đội Cảnh sát hình sự", "Chi bộ Đội Cảnh sát kinh tế", "Chi bộ Trung đội Cơ động",
		"Chi bộ Đội Xây dựng phong trào", "Chi bộ Khối Cơ quan",
	}},
	{bontot.SubRetired, 5, []string{"Hưu trí ", "Hội Người cao tuổi ", "Cựu chiến binh "}, nil},
	{bontot.SubOther, 3, []string{"Hội Chữ thập đỏ ", "Hội Nông dân ", "Liên minh Hợp tác xã ", "Hội Văn học Nghệ thuật "}, []string{
		"Chi bộ Văn phòng", "Chi bộ Ban Phong trào", "Chi bộ Ban Tổ chức – Kiểm tra", "Chi bộ Ban Tuyên truyền",
		"Chi bộ Ban Kinh tế", "Chi bộ Trung tâm Hỗ trợ", "Chi bộ Tạp chí", "Chi bộ Ban Xã hội",
	}},
}

// Cells every commune has besides its residential groups or villages.
var communeCells = []struct {
	name string
	sub  bontot.OrgSubtype
}{
	{"Chi bộ Cơ quan Ủy ban nhân dân", bontot.SubAgency}, {"Chi bộ Cơ quan Đảng – Đoàn thể", bontot.SubAgency},
	{"Chi bộ Quân sự", bontot.SubArmed}, {"Chi bộ Công an", bontot.SubArmed},
	{"Chi bộ Trường Mầm non", bontot.SubSchool}, {"Chi bộ Trường Tiểu học", bontot.SubSchool},
	{"Chi bộ Trường THCS", bontot.SubSchool}, {"Chi bộ Trạm Y tế", bontot.SubAgency},
}

// Numbered cell names: "Chi bộ Hưu trí số n" and, under intermediate
// committees, "Chi bộ Tổ công tác số n".
var (
	retiredCells = sync.OnceValue(func() []string { return numbered("Chi bộ Hưu trí số ", 12) })
	teamCells    = sync.OnceValue(func() []string { return numbered("Chi bộ Tổ công tác số ", 12) })
)

func numbered(prefix string, n int) []string {
	s := make([]string, n)
	for i := range s {
		s[i] = prefix + strconv.Itoa(i+1)
	}
	return s
}

var intermediateNames = []string{"Khối sản xuất", "Khối nghiệp vụ", "Khối văn phòng", "Khối kỹ thuật"}

// Per cent of the non-commune grassroots organizations that are base
// committees (the rest are base cells), and per cent of those base
// committees with an intermediate committee.
const (
	committeePct    = 62
	intermediatePct = 4
)

// unit emits a superior committee and its subtree.
func (g *gen) unit(u *unitPlan) error {
	r := g.r
	root := u.code
	g.sizePct = u.sizePct
	parentKind := bontot.OrgKind("")
	if u.parent != "" {
		parentKind = bontot.KindSuperior
	}
	rootDay, err := g.org(u.parent, parentKind, root, u.name, u.short, bontot.KindSuperior, "", dayOf(2010, 1, 4), dayOf(2010, 3, 31))
	if err != nil {
		return err
	}
	n, communes := u.grassroots, u.communes
	if u.jitter > 0 {
		n += r.IntN(2*u.jitter+1) - u.jitter
		communes += r.IntN(2*(u.jitter/16)+1) - u.jitter/16
	}
	pl := g.places
	placeOff := r.IntN(len(pl.name))
	for k := range n {
		code := g.childCode(root, "G", k+1, 4)
		first := rootDay + 1 + r.IntN(60)
		if k < communes {
			if err := g.commune(u, root, code, pl.name[(placeOff+k)%len(pl.name)], first); err != nil {
				return err
			}
			continue
		}
		if err := g.other(root, code, first); err != nil {
			return err
		}
	}
	return nil
}

// commune emits a ward or commune committee with its residential groups or
// villages and its local cells.
func (g *gen) commune(u *unitPlan, root, code, place string, first int) error {
	r := g.r
	level, sub := "xã ", bontot.SubVillage
	if r.IntN(100) < u.wards {
		level, sub = "phường ", bontot.SubResidential
	}
	day, err := g.org(root, bontot.KindSuperior, code, "Đảng bộ "+level+place, "Đảng ủy "+level+place,
		bontot.KindBaseCommittee, sub, first, end2015)
	if err != nil {
		return err
	}
	c := 0
	local := u.localCells[0] + r.IntN(u.localCells[1]-u.localCells[0]+1)
	villageOff := r.IntN(len(g.places.village))
	for i := range local {
		c++
		name := g.residential[i+1]
		if sub == bontot.SubVillage {
			name = g.places.village[(villageOff+i)%len(g.places.village)]
		}
		if _, err := g.cell(code, bontot.KindBaseCommittee, day, g.childCode(code, "C", c, 2), name, bontot.KindCell, sub); err != nil {
			return err
		}
	}
	extraOff := r.IntN(len(communeCells))
	for i := range 2 + r.IntN(4) {
		e := communeCells[(extraOff+i)%len(communeCells)]
		c++
		if _, err := g.cell(code, bontot.KindBaseCommittee, day, g.childCode(code, "C", c, 2), e.name, bontot.KindCell, e.sub); err != nil {
			return err
		}
	}
	return nil
}

// other emits an agency, school, enterprise, armed, retirees' or other
// grassroots organization: a base committee with 5–8 cells (sometimes one
// intermediate committee with 3–4 more), or a base cell.
func (g *gen) other(root, code string, first int) error {
	r := g.r
	w := r.IntN(100)
	o := &others[0]
	for i := range others {
		if w < others[i].weight {
			o = &others[i]
			break
		}
		w -= others[i].weight
	}
	prefix := o.prefixes[r.IntN(len(o.prefixes))]
	place := g.places.name[r.IntN(len(g.places.name))]
	if o.sub == bontot.SubSchool && r.IntN(3) == 0 && (prefix == "Trường THPT " || prefix == "Trường THCS ") { // named after a famous person
		place = schoolPeople[r.IntN(len(schoolPeople))]
	}
	if r.IntN(100) >= committeePct {
		_, err := g.cell(root, bontot.KindSuperior, first-1, code, "Chi bộ "+prefix+place, bontot.KindBaseCell, o.sub)
		return err
	}
	day, err := g.org(root, bontot.KindSuperior, code, "Đảng bộ "+prefix+place, "Đảng ủy "+prefix+place,
		bontot.KindBaseCommittee, o.sub, first, end2015)
	if err != nil {
		return err
	}
	names := o.cells
	if o.sub == bontot.SubRetired {
		names = retiredCells()
	}
	off := r.IntN(len(names))
	for i := range 5 + r.IntN(4) {
		if _, err := g.cell(code, bontot.KindBaseCommittee, day, g.childCode(code, "C", i+1, 2), names[(off+i)%len(names)], bontot.KindCell, o.sub); err != nil {
			return err
		}
	}
	if r.IntN(100) < intermediatePct {
		bcode := code + ".B1"
		bday, err := g.cell(code, bontot.KindBaseCommittee, day, bcode, "Đảng bộ bộ phận "+intermediateNames[r.IntN(len(intermediateNames))], bontot.KindIntermediate, o.sub)
		if err != nil {
			return err
		}
		for i := range 3 + r.IntN(2) {
			if _, err := g.cell(bcode, bontot.KindIntermediate, bday, g.childCode(bcode, "C", i+1, 2), teamCells()[i], bontot.KindCell, o.sub); err != nil {
				return err
			}
		}
	}
	return nil
}
