package demo

import (
	"math/rand/v2"
	"strconv"
	"sync"
)

// weighted is a name with its relative frequency.
type weighted struct {
	s string
	w int
}

// Family names, weighted roughly as in Nghệ Tĩnh: Nguyễn about a third, and
// the names common in Hà Tĩnh (Phan, Hồ, Đinh, Thái, Đậu, Võ) well represented.
var familyNames = []weighted{
	{"Nguyễn", 350}, {"Trần", 95}, {"Lê", 85}, {"Phạm", 40}, {"Hoàng", 25}, {"Huỳnh", 8},
	{"Phan", 50}, {"Vũ", 12}, {"Võ", 35}, {"Đặng", 18}, {"Bùi", 18}, {"Đỗ", 14},
	{"Hồ", 30}, {"Ngô", 14}, {"Dương", 14}, {"Lý", 5}, {"Đinh", 20}, {"Thái", 14},
	{"Đậu", 14}, {"Chu", 8}, {"Mai", 8}, {"Cao", 9}, {"Tôn", 4}, {"Kiều", 4},
	{"Lưu", 8}, {"Hà", 8}, {"Đoàn", 9}, {"Trương", 10}, {"Văn", 3},
}

// Middle names by gender (0 male, 1 female).
var middleNames = [2][]weighted{
	{
		{"Văn", 40}, {"Đình", 10}, {"Hữu", 8}, {"Xuân", 6}, {"Minh", 6}, {"Quang", 5},
		{"Đức", 5}, {"Công", 5}, {"Ngọc", 3}, {"Thanh", 4}, {"Trọng", 3}, {"Mạnh", 2},
		{"Duy", 2}, {"Anh", 2}, {"Viết", 3}, {"Tiến", 2}, {"Kim", 1}, {"Quốc", 2},
	},
	{
		{"Thị", 45}, {"Thị Thu", 6}, {"Thị Minh", 4}, {"Thị Thanh", 5}, {"Thị Hồng", 5},
		{"Thị Kim", 3}, {"Thị Ngọc", 3}, {"Thị Mai", 2}, {"Thu", 3}, {"Ngọc", 3},
		{"Thanh", 3}, {"Hồng", 3}, {"Minh", 2}, {"Phương", 1}, {"Thị Bích", 2}, {"Thị Lan", 1},
	},
}

// Given names by gender.
var givenNames = [2][]string{
	{
		"Hùng", "Dũng", "Tuấn", "Hải", "Sơn", "Long", "Nam", "Minh", "Quân", "Cường",
		"Thắng", "Thành", "Trung", "Phong", "Hiếu", "Huy", "Hoàng", "Tùng", "Đức", "Bình",
		"Vinh", "Lâm", "Khánh", "Toàn", "Tiến", "Hưng", "Hòa", "Lợi", "Thịnh", "Tâm",
		"Tú", "Kiên", "Lực", "Đạt", "Hậu", "Phúc", "Quý", "Thuận", "Sáng", "Tài",
		"Chiến", "Công", "Dương", "Giang", "Hà", "Hạnh", "Hiển", "Hòe", "Kỳ", "Lộc",
		"Luận", "Mạnh", "Nghĩa", "Ngọc", "Phú", "Quang", "Sỹ", "Tân", "Thái", "Thanh",
		"Thông", "Tịnh", "Trí", "Trường", "Tư", "Vũ", "Việt", "Xuân", "Yên", "Anh",
	},
	{
		"Hà", "Lan", "Hương", "Hoa", "Mai", "Hằng", "Hạnh", "Nga", "Nhung", "Thủy",
		"Thảo", "Trang", "Linh", "Hiền", "Huyền", "Hồng", "Yến", "Loan", "Dung", "Phương",
		"Oanh", "Quyên", "Vân", "Tâm", "Thúy", "Liên", "Lý", "Châu", "Giang", "Ngân",
		"Trinh", "Hoài", "Anh", "Ngọc", "Hậu", "Hải", "Bình", "Chi", "Diệu", "Duyên",
		"Hòa", "Khánh", "Lệ", "Liễu", "Lương", "Minh", "My", "Nguyệt", "Nhàn", "Nhi",
		"Quế", "Sen", "Sương", "Tình", "Thanh", "Thắm", "Thơ", "Thương", "Trâm", "Tuyết",
		"Uyên", "Vinh", "Xuân", "Yên", "Lài", "Đào", "Hiên", "Cúc", "Lựu", "Ánh",
	},
}

// reservedNames appear only where HaTinh puts them, so that tests searching
// for them find exactly one member.
var reservedNames = [2][3]string{{"Nguyễn", "Văn", "Đức"}, {"Trần", "Thị", "Hà"}}

// nameTables holds every full name precomputed, so that drawing a name costs
// no allocation.
type nameTables struct {
	famPick  []uint8    // family index, repeated by weight
	midPick  [2][]uint8 // middle index, repeated by weight
	nMid     [2]int
	nGiven   [2]int
	full     [2][]string // [(family*nMid+middle)*nGiven+given]
	reserved [2]int      // index in full of the reserved name
}

var names = sync.OnceValue(func() *nameTables {
	t := &nameTables{}
	for i, f := range familyNames {
		for range f.w {
			t.famPick = append(t.famPick, uint8(i))
		}
	}
	for g := range 2 {
		for i, m := range middleNames[g] {
			for range m.w {
				t.midPick[g] = append(t.midPick[g], uint8(i))
			}
		}
		t.nMid[g], t.nGiven[g] = len(middleNames[g]), len(givenNames[g])
		t.full[g] = make([]string, len(familyNames)*t.nMid[g]*t.nGiven[g])
		t.reserved[g] = -1
		for f, fam := range familyNames {
			for m, mid := range middleNames[g] {
				for k, giv := range givenNames[g] {
					if giv == mid.s { // "Nguyễn Đức Đức": take the next given name
						giv = givenNames[g][(k+1)%t.nGiven[g]]
					}
					i := (f*t.nMid[g]+m)*t.nGiven[g] + k
					t.full[g][i] = fam.s + " " + mid.s + " " + giv
					if r := reservedNames[g]; fam.s == r[0] && mid.s == r[1] && giv == r[2] {
						t.reserved[g] = i
					}
				}
			}
		}
	}
	return t
})

// name draws a full name of gender g (0 male, 1 female), never a reserved one.
func (t *nameTables) name(r *rand.Rand, g int) string {
	f := int(t.famPick[r.IntN(len(t.famPick))])
	m := int(t.midPick[g][r.IntN(len(t.midPick[g]))])
	i := (f*t.nMid[g]+m)*t.nGiven[g] + r.IntN(t.nGiven[g])
	if i == t.reserved[g] {
		i++ // the next given name, same family and middle
	}
	return t.full[g][i]
}

// Place-name syllables: two of them make a plausible commune, village or
// district name ("Tân Lộc", "Xuân Hòa").
var (
	placeFirst = []string{
		"An", "Bình", "Cẩm", "Đông", "Đức", "Gia", "Hòa", "Hồng", "Hưng", "Kim",
		"Lạc", "Long", "Minh", "Mỹ", "Nam", "Ngọc", "Phú", "Phúc", "Quang", "Quảng",
		"Sơn", "Tân", "Thạch", "Thanh", "Thái", "Thiện", "Thuận", "Tiên", "Trung", "Vĩnh",
		"Xuân", "Yên", "Bắc", "Cát", "Diễn", "Hải", "Hương", "Kỳ", "Nghĩa", "Phong",
	}
	placeSecond = []string{
		"An", "Bình", "Châu", "Điền", "Đông", "Giang", "Hà", "Hải", "Hòa", "Hưng",
		"Khánh", "Lâm", "Lộc", "Long", "Lợi", "Mỹ", "Nghĩa", "Phong", "Phú", "Phước",
		"Quý", "Sơn", "Tân", "Thành", "Thịnh", "Thọ", "Thuận", "Tiến", "Trung", "Vinh",
		"Xuân", "Yên", "Lĩnh", "Linh", "Môn", "Đồng", "Trạch", "Hạ", "Lạc", "Hợp",
	}
)

// places holds every two-syllable place name in a fixed shuffled order, with
// the matching village cell names, so that consecutive entries differ and
// drawing costs no allocation.
type placeTables struct {
	name    []string // "Tân Lộc"
	village []string // "Chi bộ thôn Tân Lộc"
}

var places = sync.OnceValue(func() *placeTables {
	t := &placeTables{}
	for _, a := range placeFirst {
		for _, b := range placeSecond {
			if a != b {
				t.name = append(t.name, a+" "+b)
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	r.Shuffle(len(t.name), func(i, j int) { t.name[i], t.name[j] = t.name[j], t.name[i] })
	t.village = make([]string, len(t.name))
	for i, n := range t.name {
		t.village[i] = "Chi bộ thôn " + n
	}
	return t
})

// residentialNames are "Chi bộ TDP 1" … "Chi bộ TDP 99".
var residentialNames = sync.OnceValue(func() []string {
	s := make([]string, 100)
	for i := 1; i < len(s); i++ {
		s[i] = "Chi bộ TDP " + strconv.Itoa(i)
	}
	return s
})

// Famous people schools are named after.
var schoolPeople = []string{
	"Lê Lợi", "Nguyễn Trãi", "Trần Hưng Đạo", "Lê Quý Đôn", "Nguyễn Du", "Phan Bội Châu",
	"Phan Đình Phùng", "Hà Huy Tập", "Trần Phú", "Lý Thường Kiệt", "Nguyễn Huệ", "Quang Trung",
	"Chu Văn An", "Nguyễn Thị Minh Khai", "Võ Thị Sáu", "Lê Hồng Phong", "Huỳnh Thúc Kháng",
	"Nguyễn Đình Chiểu", "Nguyễn Bỉnh Khiêm", "Lương Thế Vinh", "Ngô Quyền", "Lý Tự Trọng",
	"Nguyễn Văn Trỗi", "Kim Đồng", "Trần Quốc Tuấn", "Đinh Tiên Hoàng", "Phan Huy Chú", "Lê Văn Thiêm",
}
