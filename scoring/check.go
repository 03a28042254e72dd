package scoring

import (
	"fmt"
	"slices"
)

// Check validates a scale before it is saved or used, and lists every
// problem in Vietnamese, in the scale's order. Problem.Code is the code of
// the offending criterion, item, bonus, deduction, band class or veto, or ""
// for the scale itself. A scale with problems must not be used for scoring.
//
// It checks: a name, a valid kind, Max > 0 and BonusCap ≥ 0; item maxima
// adding up exactly to their criterion's maximum and criteria to Max;
// floors within 0..the criterion's maximum; non-empty and unique codes
// (criteria, items, bonuses, deductions and vetoes share one namespace) and
// names; a valid method, Step ≥ 0 and dividing Max for typed items; a
// formula for formula and computed items that exists with the item's
// method and the scale's kind; Per and Target not negative, Target ≤ 100%;
// bonus Max > 0 and deduction Per > 0; bands with a class (unique), a label,
// strictly descending minima within 0..Max, the last at 0 with no floor or
// veto condition; vetoes with a label and at least one condition on a known
// fact of the scale's kind with a valid operator.
func (s *Scale) Check() []Problem {
	if s == nil {
		return []Problem{{Message: "Chưa có thang điểm."}}
	}
	var ps []Problem
	add := func(code, format string, args ...any) {
		ps = append(ps, Problem{Code: code, Message: fmt.Sprintf(format, args...)})
	}

	if s.Name == "" {
		add("", "Thang điểm chưa có tên.")
	}
	if s.Kind != KindCell && s.Kind != KindCommittee {
		add("", "Loại đơn vị của thang điểm không hợp lệ: “%s”.", s.Kind)
	}
	if s.Max <= 0 {
		add("", "Điểm tối đa của thang điểm phải lớn hơn 0.")
	}
	if s.BonusCap < 0 {
		add("", "Mức điểm thưởng tối đa không được âm.")
	}

	codes := map[string]bool{}
	code := func(c, what string) {
		switch {
		case c == "":
			add("", "Có %s chưa có mã.", what)
		case codes[c]:
			add(c, "Mã %s bị trùng: mỗi tiêu chí, điểm thưởng, điểm trừ và điều kiện loại trừ phải có mã riêng.", c)
		}
		codes[c] = true
	}

	if len(s.Criteria) == 0 {
		add("", "Thang điểm chưa có tiêu chí nào.")
	}
	var total Points
	for _, c := range s.Criteria {
		code(c.Code, "tiêu chí")
		if c.Name == "" {
			add(c.Code, "Tiêu chí %s chưa có tên.", c.Code)
		}
		if c.Max <= 0 {
			add(c.Code, "Điểm tối đa của tiêu chí %s phải lớn hơn 0.", c.Code)
		}
		if c.Floor < 0 || c.Floor > c.Max {
			add(c.Code, "Mức sàn của tiêu chí %s (%s) phải từ 0 đến điểm tối đa %s.", c.Code, c.Floor, c.Max)
		}
		if len(c.Items) == 0 {
			add(c.Code, "Tiêu chí %s chưa có tiêu chí thành phần nào.", c.Code)
		}
		var sum Points
		for _, it := range c.Items {
			ps = append(ps, checkItem(s, it, code)...)
			sum = satAdd(sum, it.Max)
		}
		if len(c.Items) > 0 && sum != c.Max {
			add(c.Code, "Tổng điểm tối đa các tiêu chí thành phần của %s là %s, khác điểm tối đa của tiêu chí (%s).", c.Code, sum, c.Max)
		}
		total = satAdd(total, c.Max)
	}
	if len(s.Criteria) > 0 && total != s.Max {
		add("", "Tổng điểm tối đa các tiêu chí là %s, khác điểm tối đa của thang điểm (%s).", total, s.Max)
	}

	for _, b := range s.Bonuses {
		code(b.Code, "điểm thưởng")
		if b.Name == "" {
			add(b.Code, "Điểm thưởng %s chưa có tên.", b.Code)
		}
		if b.Max <= 0 {
			add(b.Code, "Điểm tối đa của điểm thưởng %s phải lớn hơn 0.", b.Code)
		}
	}
	for _, d := range s.Deductions {
		code(d.Code, "điểm trừ")
		if d.Name == "" {
			add(d.Code, "Điểm trừ %s chưa có tên.", d.Code)
		}
		if d.Per <= 0 {
			add(d.Code, "Số điểm trừ mỗi trường hợp của %s phải lớn hơn 0.", d.Code)
		}
	}

	if len(s.Bands) == 0 {
		add("", "Thang điểm chưa có mức xếp loại nào.")
	}
	classes := map[Class]bool{}
	for i, b := range s.Bands {
		c := string(b.Class)
		switch {
		case b.Class == ClassNone:
			add("", "Mức xếp loại thứ %d chưa có mã.", i+1)
		case classes[b.Class]:
			add(c, "Mã mức xếp loại %s bị trùng.", c)
		}
		classes[b.Class] = true
		if b.Label == "" {
			add(c, "Mức xếp loại %s chưa có tên.", c)
		}
		if b.Min < 0 || b.Min > s.Max {
			add(c, "Điểm tối thiểu của mức xếp loại %s (%s) phải từ 0 đến %s.", c, b.Min, s.Max)
		}
		if i > 0 && b.Min >= s.Bands[i-1].Min {
			add(c, "Các mức xếp loại phải xếp theo điểm tối thiểu giảm dần: %s (%s) phải thấp hơn %s (%s).",
				c, b.Min, s.Bands[i-1].Class, s.Bands[i-1].Min)
		}
		if i == len(s.Bands)-1 {
			if b.Min != 0 {
				add(c, "Mức xếp loại cuối cùng (%s) phải có điểm tối thiểu 0 để mọi tổng điểm đều được xếp loại.", c)
			}
			if b.RequireFloors || b.RequireNoVetoes {
				add(c, "Mức xếp loại cuối cùng (%s) không được đòi hỏi mức sàn hay không vướng điều kiện loại trừ.", c)
			}
		}
	}

	for _, v := range s.Vetoes {
		code(v.Code, "điều kiện loại trừ")
		if v.Label == "" {
			add(v.Code, "Điều kiện loại trừ %s chưa có nội dung.", v.Code)
		}
		if len(v.Any) == 0 {
			add(v.Code, "Điều kiện loại trừ %s chưa có điều kiện nào.", v.Code)
		}
		for _, c := range v.Any {
			if _, ok := LookupFact(s.Kind, c.Fact); !ok && kindKnown(s.Kind) {
				add(v.Code, "Điều kiện loại trừ %s dùng số liệu “%s” không có cho loại đơn vị này.", v.Code, c.Fact)
			}
			if !validOp(c.Op) {
				add(v.Code, "Điều kiện loại trừ %s có phép so sánh “%s” không hợp lệ (dùng >, >=, <, <=, =, !=).", v.Code, c.Op)
			}
		}
	}
	return ps
}

func kindKnown(k Kind) bool { return k == KindCell || k == KindCommittee }

func validOp(op string) bool {
	switch op {
	case ">", ">=", "<", "<=", "=", "!=":
		return true
	}
	return false
}

func checkItem(s *Scale, it Item, code func(c, what string)) []Problem {
	var ps []Problem
	add := func(format string, args ...any) {
		ps = append(ps, Problem{Code: it.Code, Message: fmt.Sprintf(format, args...)})
	}
	code(it.Code, "tiêu chí thành phần")
	if it.Name == "" {
		add("Tiêu chí %s chưa có tên.", it.Code)
	}
	if it.Max <= 0 {
		add("Điểm tối đa của tiêu chí %s phải lớn hơn 0.", it.Code)
	}
	if it.Step < 0 {
		add("Bước điểm của tiêu chí %s phải lớn hơn 0.", it.Code)
	}
	if it.Per < 0 {
		add("Số điểm Per của tiêu chí %s không được âm.", it.Code)
	}
	if it.Target < 0 || it.Target > 10000 {
		add("Tỷ lệ mục tiêu của tiêu chí %s phải từ 0 đến 100%%.", it.Code)
	}
	switch it.Method {
	case Typed:
		if it.Step > 0 && it.Max%it.Step != 0 {
			add("Bước điểm %s của tiêu chí %s không chia hết điểm tối đa %s.", it.Step, it.Code, it.Max)
		}
		if it.Formula != "" {
			add("Tiêu chí %s nhập điểm nên không dùng công thức.", it.Code)
		}
	case YesNo:
		if it.Formula != "" {
			add("Tiêu chí %s chọn có/không nên không dùng công thức.", it.Code)
		}
	case Formula, Computed:
		if it.Formula == "" {
			add("Tiêu chí %s tính tự động nhưng chưa chọn công thức.", it.Code)
			break
		}
		d, ok := lookupFormula(it.Formula)
		if !ok {
			add("Tiêu chí %s dùng công thức “%s” không có trong danh mục.", it.Code, it.Formula)
			break
		}
		if d.info.Method != it.Method {
			add("Công thức “%s” của tiêu chí %s là loại %s, không phải %s.", it.Formula, it.Code, d.info.Method, it.Method)
		}
		if d.info.Kind != s.Kind {
			add("Công thức “%s” của tiêu chí %s không dùng được cho loại đơn vị này.", it.Formula, it.Code)
		}
	default:
		add("Tiêu chí %s có cách tính “%s” không hợp lệ.", it.Code, it.Method)
	}
	return ps
}

// Item finds an item by code and returns it with its criterion, as pointers
// into the scale (nil, nil when there is none).
func (s *Scale) Item(code string) (*Item, *Criterion) {
	if s == nil {
		return nil, nil
	}
	for ci := range s.Criteria {
		c := &s.Criteria[ci]
		for ii := range c.Items {
			if c.Items[ii].Code == code {
				return &c.Items[ii], c
			}
		}
	}
	return nil, nil
}

// Clone returns a deep copy of the scale (nil for nil); nil slices stay nil.
func (s *Scale) Clone() *Scale {
	if s == nil {
		return nil
	}
	c := *s
	c.Criteria = slices.Clone(s.Criteria)
	for i := range c.Criteria {
		c.Criteria[i].Items = slices.Clone(s.Criteria[i].Items)
	}
	c.Bonuses = slices.Clone(s.Bonuses)
	c.Deductions = slices.Clone(s.Deductions)
	c.Bands = slices.Clone(s.Bands)
	c.Vetoes = slices.Clone(s.Vetoes)
	for i := range c.Vetoes {
		c.Vetoes[i].Any = slices.Clone(s.Vetoes[i].Any)
	}
	return &c
}
