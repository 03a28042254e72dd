package scoring

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestDefaultsPassCheck(t *testing.T) {
	for _, s := range []*Scale{DefaultCellScale(), DefaultCommitteeScale()} {
		t.Run(s.Name, func(t *testing.T) {
			if ps := s.Check(); len(ps) != 0 {
				t.Errorf("Check() = %v, want none", ps)
			}
		})
	}
}

func TestDefaultCellScaleShape(t *testing.T) {
	s := DefaultCellScale()
	if s.Name != "Chi bộ 4 tốt" || s.Kind != KindCell || s.Max != 10000 || s.BonusCap != 500 {
		t.Errorf("header = %q %q %d %d", s.Name, s.Kind, s.Max, s.BonusCap)
	}
	want := map[string]struct {
		max, floor Points
		items      string
	}{
		"C1": {3000, 2400, "1.1 1.2 1.3 1.4"},
		"C2": {2500, 2000, "2.1 2.2 2.3 2.4"},
		"C3": {2000, 1600, "3.1 3.2 3.3 3.4"},
		"C4": {2500, 2000, "4.1 4.2 4.3 4.4 4.5"},
	}
	for _, c := range s.Criteria {
		w := want[c.Code]
		var codes []string
		for _, it := range c.Items {
			codes = append(codes, it.Code)
			if !it.AllowNA || it.Name == "" || it.Guidance == "" {
				t.Errorf("%s: AllowNA %v name %q guidance %q", it.Code, it.AllowNA, it.Name, it.Guidance)
			}
		}
		if c.Max != w.max || c.Floor != w.floor || strings.Join(codes, " ") != w.items {
			t.Errorf("%s = %d %d %v, want %+v", c.Code, c.Max, c.Floor, codes, w)
		}
	}
	for code, f := range map[string]string{"1.2": FormulaTargetsMet, "2.1": FormulaRegularMeetings, "2.2": FormulaThematicQuarters, "2.3": FormulaMeetingAverage} {
		if it, _ := s.Item(code); it.Method != Formula || it.Formula != f {
			t.Errorf("%s = %s %s, want formula %s", code, it.Method, it.Formula, f)
		}
	}
	if len(s.Vetoes) != 5 || len(s.Bands) != 3 || len(s.Bonuses) != 1 || len(s.Deductions) != 1 {
		t.Errorf("vetoes %d bands %d bonuses %d deductions %d", len(s.Vetoes), len(s.Bands), len(s.Bonuses), len(s.Deductions))
	}
	if d := s.Deductions[0]; d.Per != 500 {
		t.Errorf("D1 per = %d", d.Per)
	}
}

func TestDefaultCommitteeScaleShape(t *testing.T) {
	s := DefaultCommitteeScale()
	if s.Name != "Đảng bộ cơ sở 4 tốt" || s.Kind != KindCommittee || s.BonusCap != 0 || len(s.Bonuses) != 0 || len(s.Deductions) != 0 {
		t.Errorf("header = %+v", s)
	}
	floors := []Points{2400, 1600, 1600, 2400}
	for i, c := range s.Criteria {
		if c.Floor != floors[i] {
			t.Errorf("%s floor = %d, want %d", c.Code, c.Floor, floors[i])
		}
	}
	for code, f := range map[string]string{"2.3": FormulaCellsGoodMeetings, "4.1": FormulaCellsFourGood, "4.2": FormulaCellsRating, "4.3": FormulaMembersRating} {
		if it, _ := s.Item(code); it.Method != Computed || it.Formula != f {
			t.Errorf("%s = %s %s, want computed %s", code, it.Method, it.Formula, f)
		}
	}
	if it, _ := s.Item("1.2"); it.Method != Typed {
		t.Errorf("1.2 method %s, want typed", it.Method)
	}
}

func TestCheckCatches(t *testing.T) {
	for _, tc := range []struct {
		name   string
		modify func(s *Scale)
		code   string // the expected problem's code
		msg    string // a part of its message
	}{
		{"item maxima off by 0,01", func(s *Scale) { s.Criteria[0].Items[0].Max = 499 }, "C1", "29,99"},
		{"criteria off by 0,01", func(s *Scale) { s.Criteria[0].Max = 2999; s.Criteria[0].Items[0].Max = 499 }, "", "99,99"},
		{"floor above max", func(s *Scale) { s.Criteria[1].Floor = 2501 }, "C2", "Mức sàn"},
		{"negative floor", func(s *Scale) { s.Criteria[1].Floor = -1 }, "C2", "Mức sàn"},
		{"bands not descending", func(s *Scale) { s.Bands[1].Min = 9500 }, "good", "giảm dần"},
		{"bands equal minimum", func(s *Scale) { s.Bands[1].Min = 9000 }, "good", "giảm dần"},
		{"last band above 0", func(s *Scale) { s.Bands[2].Min = 100 }, "fail", "điểm tối thiểu 0"},
		{"last band requires floors", func(s *Scale) { s.Bands[2].RequireFloors = true }, "fail", "mức sàn"},
		{"band above max", func(s *Scale) { s.Bands[0].Min = 10001 }, "four_good", "từ 0 đến"},
		{"band label missing", func(s *Scale) { s.Bands[1].Label = "" }, "good", "chưa có tên"},
		{"band class duplicate", func(s *Scale) { s.Bands[1].Class = ClassFourGood }, "four_good", "trùng"},
		{"unknown formula", func(s *Scale) { s.Criteria[1].Items[0].Formula = "monthly" }, "2.1", "không có trong danh mục"},
		{"formula missing", func(s *Scale) { s.Criteria[1].Items[0].Formula = "" }, "2.1", "chưa chọn công thức"},
		{"committee formula on a cell scale", func(s *Scale) {
			s.Criteria[1].Items[0].Formula = FormulaMembersRating
		}, "2.1", "không dùng được cho loại đơn vị này"},
		{"formula method mismatch", func(s *Scale) { s.Criteria[1].Items[0].Method = Computed }, "2.1", "không phải computed"},
		{"typed item with a formula", func(s *Scale) { s.Criteria[0].Items[0].Formula = FormulaTargetsMet }, "1.1", "không dùng công thức"},
		{"bad method", func(s *Scale) { s.Criteria[0].Items[0].Method = "free" }, "1.1", "cách tính"},
		{"step not dividing max", func(s *Scale) { s.Criteria[0].Items[0].Step = 300 }, "1.1", "không chia hết"},
		{"negative step", func(s *Scale) { s.Criteria[0].Items[0].Step = -1 }, "1.1", "Bước điểm"},
		{"target above 100%", func(s *Scale) { s.Criteria[0].Items[1].Target = 10001 }, "1.2", "Tỷ lệ mục tiêu"},
		{"unknown veto fact", func(s *Scale) { s.Vetoes[0].Any[0].Fact = "members_jailed" }, "V1", "members_jailed"},
		{"committee fact in a cell veto", func(s *Scale) { s.Vetoes[0].Any[0].Fact = FactCellsKHTNV }, "V1", FactCellsKHTNV},
		{"bad veto op", func(s *Scale) { s.Vetoes[0].Any[0].Op = "=>" }, "V1", "phép so sánh"},
		{"veto without condition", func(s *Scale) { s.Vetoes[0].Any = nil }, "V1", "chưa có điều kiện"},
		{"veto without label", func(s *Scale) { s.Vetoes[0].Label = "" }, "V1", "chưa có nội dung"},
		{"duplicate item code", func(s *Scale) { s.Criteria[1].Items[0].Code = "1.1" }, "1.1", "trùng"},
		{"bonus code equal to an item's", func(s *Scale) { s.Bonuses[0].Code = "1.1" }, "1.1", "trùng"},
		{"empty code", func(s *Scale) { s.Criteria[0].Items[0].Code = "" }, "", "chưa có mã"},
		{"empty item name", func(s *Scale) { s.Criteria[0].Items[0].Name = "" }, "1.1", "chưa có tên"},
		{"bonus max 0", func(s *Scale) { s.Bonuses[0].Max = 0 }, "B1", "lớn hơn 0"},
		{"deduction per 0", func(s *Scale) { s.Deductions[0].Per = 0 }, "D1", "lớn hơn 0"},
		{"negative bonus cap", func(s *Scale) { s.BonusCap = -1 }, "", "thưởng"},
		{"no name", func(s *Scale) { s.Name = "" }, "", "tên"},
		{"bad kind", func(s *Scale) { s.Kind = "district" }, "", "Loại đơn vị"},
		{"no bands", func(s *Scale) { s.Bands = nil }, "", "mức xếp loại"},
		{"criterion without items", func(s *Scale) { s.Criteria[3].Items = nil }, "C4", "chưa có tiêu chí thành phần"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := DefaultCellScale()
			tc.modify(s)
			ps := s.Check()
			for _, p := range ps {
				if p.Code == tc.code && strings.Contains(p.Message, tc.msg) {
					return
				}
			}
			t.Errorf("Check() = %v, want a problem on %q containing %q", ps, tc.code, tc.msg)
		})
	}
	t.Run("nil", func(t *testing.T) {
		var s *Scale
		if ps := s.Check(); len(ps) != 1 {
			t.Errorf("Check() = %v", ps)
		}
	})
}

func TestScaleItem(t *testing.T) {
	s := DefaultCellScale()
	it, c := s.Item("2.3")
	if it == nil || c == nil || it.Formula != FormulaMeetingAverage || c.Code != "C2" {
		t.Fatalf("Item(2.3) = %+v, %+v", it, c)
	}
	it.Max = 1100 // a pointer into the scale
	if s.Criteria[1].Items[2].Max != 1100 {
		t.Error("Item does not point into the scale")
	}
	if it, c := s.Item("9.9"); it != nil || c != nil {
		t.Error("Item(9.9) found something")
	}
	var nilScale *Scale
	if it, c := nilScale.Item("1.1"); it != nil || c != nil {
		t.Error("nil scale found something")
	}
}

func TestScaleClone(t *testing.T) {
	s := DefaultCellScale()
	c := s.Clone()
	if !reflect.DeepEqual(s, c) {
		t.Fatal("clone differs")
	}
	c.Criteria[0].Items[0].Max = 1
	c.Criteria[0].Max = 1
	c.Vetoes[0].Any[0].Value = 9
	c.Bands[0].Min = 1
	c.Bonuses[0].Max = 1
	c.Deductions[0].Per = 1
	if !reflect.DeepEqual(s, DefaultCellScale()) {
		t.Error("changing the clone changed the original")
	}
	// nil stays nil (committee has no bonuses), and JSON is the same.
	k := DefaultCommitteeScale()
	a, _ := json.Marshal(k)
	b, _ := json.Marshal(k.Clone())
	if string(a) != string(b) {
		t.Errorf("JSON differs:\n%s\n%s", a, b)
	}
	var nilScale *Scale
	if nilScale.Clone() != nil {
		t.Error("nil.Clone() != nil")
	}
}
