package demo

import (
	"math/rand/v2"
	"strconv"
	"strings"

	"bontot"
	"bontot/vn"
)

// CityCode is the code of the party committee of old Hà Tĩnh city in HaTinh.
const CityCode = "HT.TP"

// tree builds a list of organizations, parents first, with plausible
// founding dates and decisions, and remembers the cells for the members.
type tree struct {
	r     *rand.Rand
	orgs  []OrgSeed
	cells []cellRef
	index map[string]int // position in orgs by code
	buf   []byte
}

// add appends an organization under parent (a code, "" for the root),
// founded on a random day between the parent's founding and last, and
// returns its code.
func (t *tree) add(parent, code, name, short string, kind bontot.OrgKind, sub bontot.OrgSubtype, last int) string {
	var parentKind bontot.OrgKind
	first := dayOf(2010, 1, 1)
	if parent != "" {
		code = parent + "." + code
		p := &t.orgs[t.index[parent]]
		parentKind = p.Kind
		first = dayNum(p.ValidFrom) + 1 + t.r.IntN(60)
	}
	day := first
	if last > first {
		day += t.r.IntN(last - first + 1)
	}
	t.index[code] = len(t.orgs)
	t.orgs = append(t.orgs, OrgSeed{ParentCode: parent, Org: bontot.Org{
		Code: code, Name: name, ShortName: short, Kind: kind, Subtype: sub,
		ValidFrom: dateOf(day), Decision: decision(&t.buf, 1+t.r.IntN(450), issuer(parentKind), day),
	}})
	if kind.IsCell() {
		t.cells = append(t.cells, cellRef{code: code, sub: sub, from: day})
	}
	return code
}

// asciiCode turns a Vietnamese name into a code part: "Đông Thượng" → "DONGTHUONG".
func asciiCode(name string) string {
	return strings.ToUpper(strings.ReplaceAll(vn.Fold(name), " ", ""))
}

// Wards and communes of old Hà Tĩnh city, with their codes.
var (
	htWards = [][2]string{
		{"BHA", "Bắc Hà"}, {"NHA", "Nam Hà"}, {"TRP", "Trần Phú"}, {"TGI", "Tân Giang"},
		{"HHT", "Hà Huy Tập"}, {"DNA", "Đại Nài"}, {"TQU", "Thạch Quý"}, {"TLI", "Thạch Linh"},
		{"NDU", "Nguyễn Du"}, {"VYE", "Văn Yên"},
	}
	htCommunes = []struct {
		code, name string
		villages   []string
	}{
		{"THA", "Thạch Hạ", []string{"Đông Thượng", "Đông Hạ", "Trung Tiến", "Tân Phú", "Hòa Bình", "Văn Tiến", "Tân Lộc", "Bình Minh"}},
		{"DMO", "Đồng Môn", []string{"Đông Môn", "Thượng Phú", "Hạ Phú", "Tiến Thành", "Liên Hương", "Đồng Tiến", "Bắc Giang"}},
		{"THG", "Thạch Hưng", []string{"Đồng Công", "Hưng Bình", "Hưng Lộc", "Tân Học", "Tân Hòa", "Vĩnh Phú", "Thanh Yên", "Hòa Lạc"}},
		{"TBI", "Thạch Bình", []string{"Bình Yên", "Bình Tiến", "Bình Phú", "Bình Hòa", "Tân Bình", "Xuân Hòa", "Thái Bình"}},
		{"TTR", "Thạch Trung", []string{"Trung Phú", "Trung Thành", "Trung Hưng", "Đông Trung", "Hòa Trung", "Nam Phú", "Bắc Phú", "Kim Hưng"}},
	}
)

// htUnit is an organization of the city with its subordinate cells.
type htUnit struct {
	code, name, short string
	sub               bontot.OrgSubtype
	cells             [][2]string // code, name; the cells take the unit's subtype
}

// Base committees of the city other than wards and communes.
var htCommittees = []htUnit{
	{"CQTU", "Đảng bộ Cơ quan Thành ủy", "Đảng ủy Cơ quan Thành ủy", bontot.SubAgency, [][2]string{
		{"VP", "Chi bộ Văn phòng Thành ủy"}, {"BTC", "Chi bộ Ban Tổ chức Thành ủy"},
		{"UBKT", "Chi bộ Ủy ban Kiểm tra Thành ủy"}, {"BTGDV", "Chi bộ Ban Tuyên giáo và Dân vận Thành ủy"},
		{"TTCT", "Chi bộ Trung tâm Chính trị thành phố"},
	}},
	{"CQUB", "Đảng bộ Cơ quan Ủy ban nhân dân thành phố", "Đảng ủy Cơ quan UBND thành phố", bontot.SubAgency, [][2]string{
		{"VP", "Chi bộ Văn phòng Hội đồng nhân dân và Ủy ban nhân dân"}, {"TCKH", "Chi bộ Phòng Tài chính – Kế hoạch"},
		{"TNMT", "Chi bộ Phòng Tài nguyên và Môi trường"}, {"QLDT", "Chi bộ Phòng Quản lý đô thị"},
		{"NV", "Chi bộ Phòng Nội vụ"}, {"GDDT", "Chi bộ Phòng Giáo dục và Đào tạo"},
		{"VHTT", "Chi bộ Phòng Văn hóa và Thông tin"}, {"KT", "Chi bộ Phòng Kinh tế"},
		{"TPTT", "Chi bộ Phòng Tư pháp – Thanh tra"},
	}},
	{"CA", "Đảng bộ Công an thành phố", "Đảng ủy Công an thành phố", bontot.SubArmed, [][2]string{
		{"TMTH", "Chi bộ Đội Tham mưu – Tổng hợp"}, {"CSHS", "Chi bộ Đội Cảnh sát điều tra tội phạm về trật tự xã hội"},
		{"CSGT", "Chi bộ Đội Cảnh sát giao thông – Trật tự"}, {"CSKT", "Chi bộ Đội Cảnh sát kinh tế – Môi trường"},
	}},
	{"QS", "Đảng bộ Quân sự thành phố", "Đảng ủy Quân sự thành phố", bontot.SubArmed, [][2]string{
		{"CH", "Chi bộ Ban Chỉ huy Quân sự thành phố"}, {"TM", "Chi bộ Tham mưu"},
		{"CTHC", "Chi bộ Chính trị – Hậu cần"}, {"DQCD", "Chi bộ Trung đội Dân quân cơ động"},
	}},
	{"TTYT", "Đảng bộ Trung tâm Y tế thành phố", "Đảng ủy Trung tâm Y tế thành phố", bontot.SubAgency, [][2]string{
		{"HCTH", "Chi bộ Hành chính – Tổng hợp"}, {"KSBT", "Chi bộ Khoa Kiểm soát bệnh tật"},
		{"KN", "Chi bộ Khoa Nội"}, {"KKB", "Chi bộ Khoa Khám bệnh"}, {"TYT", "Chi bộ Trạm Y tế các phường"},
	}},
	{"CNHT", "Đảng bộ Công ty Cổ phần Cấp nước Hà Tĩnh", "Đảng ủy Công ty Cấp nước", bontot.SubEnterprise, [][2]string{
		{"VP", "Chi bộ Văn phòng Công ty"}, {"NMN1", "Chi bộ Nhà máy nước số 1"},
		{"XNXL", "Chi bộ Xí nghiệp Xây lắp"}, {"PKD", "Chi bộ Phòng Kinh doanh"},
	}},
	{"DLTP", "Đảng bộ Điện lực thành phố Hà Tĩnh", "Đảng ủy Điện lực thành phố", bontot.SubEnterprise, [][2]string{
		{"KTAT", "Chi bộ Phòng Kỹ thuật – An toàn"}, {"QLDB", "Chi bộ Đội Quản lý điện khu vực Bắc"},
		{"QLDN", "Chi bộ Đội Quản lý điện khu vực Nam"}, {"PKD", "Chi bộ Phòng Kinh doanh"},
	}},
}

// Base cells of the city.
var htBaseCells = []struct {
	code, name string
	sub        bontot.OrgSubtype
}{
	{"THPTTS", "Chi bộ Trường THPT Thành Sen", bontot.SubSchool},
	{"THPTPDP", "Chi bộ Trường THPT Phan Đình Phùng", bontot.SubSchool},
	{"THPTLTT", "Chi bộ Trường THPT Lý Tự Trọng", bontot.SubSchool},
	{"THCSLVT", "Chi bộ Trường THCS Lê Văn Thiêm", bontot.SubSchool},
	{"THCSNHA", "Chi bộ Trường THCS Nam Hà", bontot.SubSchool},
	{"THCSBHA", "Chi bộ Trường THCS Bắc Hà", bontot.SubSchool},
	{"THCSHHT", "Chi bộ Trường THCS Hà Huy Tập", bontot.SubSchool},
	{"THCSTLI", "Chi bộ Trường THCS Thạch Linh", bontot.SubSchool},
	{"THCSVYE", "Chi bộ Trường THCS Văn Yên", bontot.SubSchool},
	{"THCSTTR", "Chi bộ Trường THCS Thạch Trung", bontot.SubSchool},
	{"GDNN", "Chi bộ Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên thành phố", bontot.SubSchool},
	{"MNHH", "Chi bộ Trường Mầm non Hoa Hồng", bontot.SubSchool},
	{"CCT", "Chi bộ Chi cục Thuế thành phố", bontot.SubAgency},
	{"KBNN", "Chi bộ Kho bạc Nhà nước thành phố", bontot.SubAgency},
	{"VKS", "Chi bộ Viện Kiểm sát nhân dân thành phố", bontot.SubAgency},
	{"TAND", "Chi bộ Tòa án nhân dân thành phố", bontot.SubAgency},
	{"THADS", "Chi bộ Chi cục Thi hành án dân sự thành phố", bontot.SubAgency},
	{"CCTK", "Chi bộ Chi cục Thống kê thành phố", bontot.SubAgency},
	{"NHCS", "Chi bộ Ngân hàng Chính sách xã hội thành phố", bontot.SubAgency},
	{"BHXH", "Chi bộ Bảo hiểm xã hội thành phố", bontot.SubAgency},
	{"BQLDA", "Chi bộ Ban Quản lý dự án đầu tư xây dựng thành phố", bontot.SubAgency},
	{"TTVH", "Chi bộ Trung tâm Văn hóa – Thể thao và Truyền thông thành phố", bontot.SubAgency},
	{"PTQD", "Chi bộ Trung tâm Phát triển quỹ đất thành phố", bontot.SubAgency},
	{"MTDT", "Chi bộ Cơ quan Mặt trận Tổ quốc và các đoàn thể thành phố", bontot.SubAgency},
	{"BVDK", "Chi bộ Bệnh viện Đa khoa thành phố", bontot.SubAgency},
	{"DVNN", "Chi bộ Trung tâm Dịch vụ nông nghiệp thành phố", bontot.SubAgency},
	{"QLTT1", "Chi bộ Đội Quản lý thị trường số 1", bontot.SubAgency},
	{"BQLC", "Chi bộ Ban Quản lý chợ thành phố", bontot.SubAgency},
	{"VPDK", "Chi bộ Văn phòng Đăng ký đất đai chi nhánh thành phố", bontot.SubAgency},
	{"QTDT", "Chi bộ Đội Kiểm tra quy tắc đô thị thành phố", bontot.SubAgency},
	{"DVCI", "Chi bộ Trung tâm Dịch vụ công ích thành phố", bontot.SubAgency},
	{"MTDVDT", "Chi bộ Công ty Cổ phần Môi trường và Dịch vụ đô thị", bontot.SubEnterprise},
	{"AGRI", "Chi bộ Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh thành phố Hà Tĩnh", bontot.SubEnterprise},
	{"XDHL", "Chi bộ Công ty Cổ phần Xây dựng Hồng Lam", bontot.SubEnterprise},
	{"VTTS", "Chi bộ Công ty Cổ phần Vận tải Thành Sen", bontot.SubEnterprise},
	{"TMTP", "Chi bộ Công ty TNHH Thương mại và Dịch vụ Trần Phú", bontot.SubEnterprise},
	{"HTXTT", "Chi bộ Hợp tác xã Nông nghiệp Thạch Trung", bontot.SubEnterprise},
	{"STBTH", "Chi bộ Công ty Cổ phần Sách và Thiết bị trường học Hà Tĩnh", bontot.SubEnterprise},
	{"NCT", "Chi bộ Hội Người cao tuổi thành phố", bontot.SubRetired},
	{"HTCQ", "Chi bộ Hưu trí Khối cơ quan thành phố", bontot.SubRetired},
	{"CTD", "Chi bộ Hội Chữ thập đỏ thành phố", bontot.SubOther},
	{"PCCC", "Chi bộ Đội Phòng cháy chữa cháy và Cứu nạn cứu hộ khu vực thành phố", bontot.SubArmed},
}

// HaTinh returns the demo data of old Hà Tĩnh city before 2025: the
// provincial committee, the city committee, its 64 grassroots organizations
// (15 wards and communes, 7 other base committees, 42 base cells) with their
// cells, one intermediate committee and a few party groups, and about six
// thousand members. Organizations come parents first. The result is the same
// on every call.
//
// Tests may rely on: the cell "Chi bộ TDP 4" of phường Trần Phú
// (HT.TP.TRP.TDP4) with the members "Nguyễn Văn Đức" and "Trần Thị Hà" (the
// only members with these names), and "Đảng bộ phường Nguyễn Du" (HT.TP.NDU).
func HaTinh() (orgs []OrgSeed, members []MemberSeed) {
	r := rand.New(rand.NewPCG(0x48415449, 0x4e48)) // "HATI", "NH"
	t := &tree{r: r, index: map[string]int{}}

	t.add("", "HT", "Đảng bộ tỉnh Hà Tĩnh", "Tỉnh ủy Hà Tĩnh", bontot.KindSuperior, "", dayOf(2010, 1, 4))
	city := t.add("HT", "TP", "Đảng bộ thành phố Hà Tĩnh", "Thành ủy Hà Tĩnh", bontot.KindSuperior, "", dayOf(2010, 5, 15))

	// Wards: residential groups, the People's Committee, schools, sometimes the military.
	for _, w := range htWards {
		ward := t.add(city, w[0], "Đảng bộ phường "+w[1], "Đảng ủy phường "+w[1], bontot.KindBaseCommittee, bontot.SubResidential, end2015)
		tdp := residentialNames()
		for n := range 8 + r.IntN(8) {
			t.add(ward, "TDP"+strconv.Itoa(n+1), tdp[n+1], "", bontot.KindCell, bontot.SubResidential, lastCell)
		}
		t.localCells(ward, "phường", w[1])
	}
	// Communes: villages and the same local cells.
	for _, c := range htCommunes {
		commune := t.add(city, c.code, "Đảng bộ xã "+c.name, "Đảng ủy xã "+c.name, bontot.KindBaseCommittee, bontot.SubVillage, end2015)
		for _, v := range c.villages {
			t.add(commune, asciiCode(v), "Chi bộ thôn "+v, "", bontot.KindCell, bontot.SubVillage, lastCell)
		}
		t.localCells(commune, "xã", c.name)
	}
	// Other base committees and their cells.
	for _, u := range htCommittees {
		base := t.add(city, u.code, u.name, u.short, bontot.KindBaseCommittee, u.sub, end2015)
		for _, c := range u.cells {
			t.add(base, c[0], c[1], "", bontot.KindCell, u.sub, lastCell)
		}
		switch u.code {
		case "CA": // ward police under an intermediate committee
			mid := t.add(base, "CAP", "Đảng bộ bộ phận Công an các phường", "", bontot.KindIntermediate, bontot.SubArmed, end2015)
			for _, w := range htWards[:5] {
				t.add(mid, w[0], "Chi bộ Công an phường "+w[1], "", bontot.KindCell, bontot.SubArmed, lastCell)
			}
		case "TTYT":
			t.add(base+".KN", "HSCC", "Tổ đảng Hồi sức cấp cứu", "", bontot.KindGroup, bontot.SubAgency, end2020)
			t.add(base+".KN", "NHI", "Tổ đảng Nhi", "", bontot.KindGroup, bontot.SubAgency, end2020)
		}
	}
	for _, c := range htBaseCells {
		code := t.add(city, c.code, c.name, "", bontot.KindBaseCell, c.sub, end2015)
		if c.code == "THPTTS" {
			t.add(code, "TOANTIN", "Tổ đảng Tổ Toán – Tin", "", bontot.KindGroup, c.sub, end2020)
			t.add(code, "NGUVAN", "Tổ đảng Tổ Ngữ văn", "", bontot.KindGroup, c.sub, end2020)
		}
	}

	// Members: residential groups and villages 15–60 (most near the low
	// end), agencies and schools 8–30, retirees 15–40.
	g := newMemberGen(rand.New(rand.NewPCG(0x48415449, 0x4d454d)), 36)
	tables := names()
	for i := range t.cells {
		c := &t.cells[i]
		var n int
		switch c.sub {
		case bontot.SubResidential, bontot.SubVillage:
			u := r.Float64()
			n = 15 + int(46*u*u*u)
		case bontot.SubRetired:
			n = 15 + r.IntN(26)
		default:
			n = 8 + min(r.IntN(23), r.IntN(23)+4)
		}
		ms := g.cell(c, n)
		if c.code == CityCode+".TRP.TDP4" {
			ms[5].FullName, ms[5].Gender = tables.full[0][tables.reserved[0]], bontot.Male
			ms[6].FullName, ms[6].Gender = tables.full[1][tables.reserved[1]], bontot.Female
		}
		members = append(members, ms...)
	}
	return t.orgs, members
}

// localCells adds the cells every ward or commune has besides its
// residential groups or villages.
func (t *tree) localCells(parent, level, place string) {
	t.add(parent, "UBND", "Chi bộ Ủy ban nhân dân", "", bontot.KindCell, bontot.SubAgency, lastCell)
	t.add(parent, "TH", "Chi bộ Trường Tiểu học "+place, "", bontot.KindCell, bontot.SubSchool, lastCell)
	if t.r.IntN(2) == 0 {
		t.add(parent, "MN", "Chi bộ Trường Mầm non "+place, "", bontot.KindCell, bontot.SubSchool, lastCell)
	}
	if t.r.IntN(5) < 2 {
		t.add(parent, "QS", "Chi bộ Quân sự "+level, "", bontot.KindCell, bontot.SubArmed, lastCell)
	}
}
