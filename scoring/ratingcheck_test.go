package scoring

import (
	"slices"
	"strings"
	"testing"
)

func TestParseRating(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Rating
		ok   bool
	}{
		{"HTXSNV", HTXSNV, true},
		{"httnv", HTTNV, true},
		{" Htnv ", HTNV, true},
		{"KHTNV", KHTNV, true},
		{"Hoàn thành xuất sắc nhiệm vụ", HTXSNV, true},
		{"hoàn thành tốt nhiệm vụ", HTTNV, true},
		{"HOÀN THÀNH NHIỆM VỤ", HTNV, true},
		{"Không hoàn thành nhiệm vụ", KHTNV, true},
		{"hoan thanh tot nhiem vu", HTTNV, true},
		{"khong  hoan thanh   nhiem vu", KHTNV, true},
		{"Hoa\u0300n tha\u0300nh to\u0302\u0301t nhie\u0323\u0302m vu\u0323", HTTNV, true}, // decomposed
		{"", Unrated, true},
		{"Chưa xếp loại", Unrated, true},
		{"tốt", Unrated, false},
		{"HTT", Unrated, false},
		{"4", Unrated, false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseRating(tc.in)
			if (err == nil) != tc.ok {
				t.Fatalf("ParseRating(%q) error = %v, want ok %v", tc.in, err, tc.ok)
			}
			if got != tc.want {
				t.Errorf("ParseRating(%q) = %d, want %d", tc.in, got, tc.want)
			}
		})
	}
	for _, r := range append(slices.Clone(Ratings), Unrated) {
		if got, err := ParseRating(r.Code()); err != nil || got != r {
			t.Errorf("ParseRating(%q) = %d, %v", r.Code(), got, err)
		}
		if got, err := ParseRating(r.Label()); err != nil || got != r {
			t.Errorf("ParseRating(%q) = %d, %v", r.Label(), got, err)
		}
	}
}

func TestRatingText(t *testing.T) {
	for _, tc := range []struct {
		r           Rating
		code, label string
	}{
		{HTXSNV, "HTXSNV", "Hoàn thành xuất sắc nhiệm vụ"},
		{HTTNV, "HTTNV", "Hoàn thành tốt nhiệm vụ"},
		{HTNV, "HTNV", "Hoàn thành nhiệm vụ"},
		{KHTNV, "KHTNV", "Không hoàn thành nhiệm vụ"},
		{Unrated, "", "Chưa xếp loại"},
		{Rating(7), "", "Xếp loại không hợp lệ"},
		{Rating(-1), "", "Xếp loại không hợp lệ"},
	} {
		t.Run(tc.label, func(t *testing.T) {
			if got, want := tc.r.Code(), tc.code; got != want {
				t.Errorf("Code() = %q, want %q", got, want)
			}
			if got, want := tc.r.Label(), tc.label; got != want {
				t.Errorf("Label() = %q, want %q", got, want)
			}
		})
	}
}

// members makes rated members with ids from 1.
func members(rs ...Rating) []RatedMember {
	out := make([]RatedMember, len(rs))
	for i, r := range rs {
		out[i] = RatedMember{ID: int64(i + 1), Name: "Đảng viên " + string(rune('A'+i%26)), Rating: r}
	}
	return out
}

// repeat returns n copies of r.
func repeat(r Rating, n int) []Rating {
	out := make([]Rating, n)
	for i := range out {
		out[i] = r
	}
	return out
}

func cat(rs ...[]Rating) []Rating { return slices.Concat(rs...) }

func rules(vs []Violation) []Rule {
	var out []Rule
	for _, v := range vs {
		out = append(out, v.Rule)
	}
	return out
}

func TestCheckRatings(t *testing.T) {
	cell := func(id int64, r Rating, ms ...Rating) RatedCell {
		return RatedCell{ID: id, Name: "Chi bộ TDP " + string(rune('0'+id)), Rating: r, Members: members(ms...)}
	}
	base := func(isCell bool, r Rating, cells ...RatedCell) RatedGrassroots {
		return RatedGrassroots{ID: 100, Name: "Đảng bộ phường Bắc Hà", IsCell: isCell, Rating: r, Cells: cells}
	}
	for _, tc := range []struct {
		name string
		g    RatedGrassroots
		want []Rule
	}{
		{"all fine", base(false, HTTNV, cell(1, HTTNV, HTTNV, HTTNV, HTNV), cell(2, HTNV, HTNV)), nil},
		{"members quota exactly 20%", base(false, HTNV,
			cell(1, HTNV, cat(repeat(HTXSNV, 2), repeat(HTTNV, 4))...), cell(2, HTNV, repeat(HTTNV, 4)...)), nil},
		{"members quota one over", base(false, HTNV,
			cell(1, HTNV, cat(repeat(HTXSNV, 3), repeat(HTTNV, 3))...), cell(2, HTNV, repeat(HTTNV, 4)...)),
			[]Rule{RuleQuotaMembers}},
		{"unrated and HTNV members do not count for the quota", base(false, HTNV,
			cell(1, HTNV, cat(repeat(HTXSNV, 1), repeat(HTTNV, 4), repeat(HTNV, 20), repeat(Unrated, 5))...)), nil},
		{"cells quota", base(false, HTNV, cell(1, HTXSNV), cell(2, HTTNV), cell(3, HTTNV)), []Rule{RuleQuotaCells}},
		{"cells quota exactly 20%", base(false, HTNV, cell(1, HTXSNV), cell(2, HTTNV), cell(3, HTTNV), cell(4, HTTNV), cell(5, HTTNV)), nil},
		{"cell HTTNV with 50% HTTNV members passes", base(false, HTNV, cell(1, HTTNV, HTTNV, HTNV)), nil},
		{"cell HTTNV with 49% HTTNV members fails", base(false, HTNV, cell(1, HTTNV, cat(repeat(HTTNV, 49), repeat(HTNV, 51))...)),
			[]Rule{RuleCellMembers}},
		{"cell HTXSNV with a KHTNV member", base(true, HTXSNV, cell(1, HTXSNV, HTXSNV, HTTNV, HTTNV, HTTNV, HTTNV, KHTNV)),
			[]Rule{RuleCellMembers}},
		{"cell HTTNV failing both conditions", base(false, HTNV, cell(1, HTTNV, KHTNV, HTNV, HTNV)),
			[]Rule{RuleCellMembers, RuleCellMembers}},
		{"cell HTNV needs nothing", base(false, HTNV, cell(1, HTNV, KHTNV, HTNV, HTNV)), nil},
		{"unrated members ignored", base(false, HTNV, cell(1, HTTNV, HTTNV, Unrated, Unrated)), nil},
		{"committee HTTNV with a KHTNV cell", base(false, HTTNV, cell(1, HTTNV, HTTNV), cell(2, KHTNV)), []Rule{RuleCommitteeCells}},
		{"committee HTTNV with 50% HTTNV cells", base(false, HTTNV, cell(1, HTTNV, HTTNV), cell(2, HTNV)), nil},
		{"committee HTTNV with 1/3 HTTNV cells", base(false, HTTNV, cell(1, HTTNV, HTTNV), cell(2, HTNV), cell(3, HTNV)), []Rule{RuleCommitteeCells}},
		{"chi bộ cơ sở: no cell quota, no committee rule", base(true, HTXSNV, cell(1, HTXSNV, HTXSNV, HTTNV, HTTNV, HTTNV, HTTNV)), nil},
		{"chi bộ cơ sở HTTNV with weak members", base(true, HTTNV, cell(1, HTTNV, HTNV, HTNV, HTTNV, HTNV)), []Rule{RuleCellMembers}},
		{"chi bộ cơ sở rating from the organization", base(true, HTTNV, cell(1, Unrated, HTNV, HTNV)), []Rule{RuleCellMembers}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := CheckRatings(tc.g, 2000)
			if !slices.Equal(rules(got), tc.want) {
				t.Errorf("rules = %v, want %v\n%v", rules(got), tc.want, got)
			}
		})
	}

	t.Run("discipline", func(t *testing.T) {
		c := cell(1, HTNV, HTNV, KHTNV, HTNV)
		c.Members[0].Disciplined = true // HTNV: refused
		c.Members[1].Disciplined = true // KHTNV: fine
		vs := CheckRatings(base(false, HTNV, c), 2000)
		if got, want := rules(vs), []Rule{RuleDiscipline}; !slices.Equal(got, want) {
			t.Fatalf("rules = %v, want %v", got, want)
		}
		v := vs[0]
		if v.OrgID != 1 || v.SubjectID != 1 || v.Subject != "Đảng viên A" || v.OrgName != "Chi bộ TDP 1" {
			t.Errorf("violation = %+v", v)
		}
		want := "Đảng viên bị kỷ luật: đảng viên Đảng viên A (Chi bộ TDP 1) bị kỷ luật trong năm nên chỉ được xếp loại KHTNV, không được đề xuất HTNV."
		if v.Message != want {
			t.Errorf("Message = %q, want %q", v.Message, want)
		}
	})

	t.Run("messages and order", func(t *testing.T) {
		c1 := cell(1, HTXSNV, cat(repeat(HTXSNV, 3), repeat(HTTNV, 3), []Rating{KHTNV})...)
		c1.Members[6].Disciplined = false
		c1.Members[3].Disciplined = true
		vs := CheckRatings(base(false, HTXSNV, c1, cell(2, HTTNV, HTTNV), cell(3, KHTNV)), 2000)
		want := []Rule{RuleDiscipline, RuleCellMembers, RuleQuotaMembers, RuleQuotaCells, RuleCommitteeCells}
		if got := rules(vs); !slices.Equal(got, want) {
			t.Fatalf("rules = %v, want %v\n%v", got, want, vs)
		}
		for _, v := range vs {
			if !strings.HasPrefix(v.Message, v.Rule.Label()+": ") || !strings.HasSuffix(v.Message, ".") {
				t.Errorf("message %q", v.Message)
			}
		}
		if got, want := vs[2].Message, "Tỷ lệ đảng viên HTXSNV: Đảng bộ phường Bắc Hà có 3/7 đảng viên xếp loại HTTNV trở lên được đề xuất HTXSNV (42,85%), vượt tỷ lệ 20% (tối đa 1)."; got != want {
			t.Errorf("Message = %q, want %q", got, want)
		}
		if vs[2].OrgID != 100 || vs[3].OrgID != 100 {
			t.Errorf("quota org ids %d %d", vs[2].OrgID, vs[3].OrgID)
		}
		if got, want := vs[1].Message, "Điều kiện xếp loại chi bộ: Chi bộ TDP 1 đề xuất HTXSNV nhưng có 1/7 đảng viên xếp loại KHTNV (cần 100% từ HTNV trở lên)."; got != want {
			t.Errorf("Message = %q, want %q", got, want)
		}
		again := CheckRatings(base(false, HTXSNV, c1, cell(2, HTTNV, HTTNV), cell(3, KHTNV)), 2000)
		if !slices.Equal(vs, again) {
			t.Error("not deterministic")
		}
	})

	t.Run("quota 0 and negative", func(t *testing.T) {
		g := base(false, HTNV, cell(1, HTNV, HTXSNV, HTTNV))
		if got, want := rules(CheckRatings(g, 0)), []Rule{RuleQuotaMembers}; !slices.Equal(got, want) {
			t.Errorf("rules = %v, want %v", got, want)
		}
		if got, want := rules(CheckRatings(g, -5)), []Rule{RuleQuotaMembers}; !slices.Equal(got, want) {
			t.Errorf("rules = %v, want %v", got, want)
		}
		if got := rules(CheckRatings(g, 5000)); got != nil {
			t.Errorf("rules = %v at 50%%", got)
		}
	})
}
