package scoring

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

// fullCellEntries are the typed entries that give every typed item of the
// default cell scale its maximum.
func fullCellEntries() Entries {
	e := Entries{}
	for _, c := range DefaultCellScale().Criteria {
		for _, it := range c.Items {
			if it.Method == Typed {
				e[it.Code] = Entry{Points: it.Max}
			}
		}
	}
	return e
}

// fullCellFacts give every formula item its maximum and trigger no veto.
func fullCellFacts() Facts {
	return Facts{
		FactTargetsRegistered: 10, FactTargetsMet: 10,
		FactRegularMonths: 12, FactThematicQuarters: 4,
		FactRegularScored: 12, FactRegularScoreSum: 12 * 10000,
		FactOwnRating: int64(HTTNV),
	}
}

// edit returns a copy of e with the given entries set.
func edit(e Entries, kv map[string]Entry) Entries {
	out := maps.Clone(e)
	maps.Copy(out, kv)
	return out
}

// editF returns a copy of f with the given facts set.
func editF(f Facts, kv Facts) Facts {
	out := maps.Clone(f)
	maps.Copy(out, kv)
	return out
}

func pts(p Points) Entry { return Entry{Points: p} }

func criterion(t *testing.T, r Result, code string) CriterionResult {
	t.Helper()
	for _, c := range r.Criteria {
		if c.Code == code {
			return c
		}
	}
	t.Fatalf("no criterion %s in result", code)
	return CriterionResult{}
}

func itemResult(t *testing.T, r Result, code string) ItemResult {
	t.Helper()
	for _, c := range r.Criteria {
		for _, it := range c.Items {
			if it.Code == code {
				return it
			}
		}
	}
	t.Fatalf("no item %s in result", code)
	return ItemResult{}
}

func vetoCodes(r Result) []string {
	var out []string
	for _, v := range r.Vetoes {
		out = append(out, v.Code)
	}
	return out
}

func problemCodes(r Result) []string {
	var out []string
	for _, p := range r.Problems {
		out = append(out, p.Code)
	}
	return out
}

func hasProblem(r Result, code, message string) bool {
	for _, p := range r.Problems {
		if p.Code == code && (message == "" || p.Message == message) {
			return true
		}
	}
	return false
}

func TestScoreFullCell(t *testing.T) {
	r := Score(DefaultCellScale(), fullCellEntries(), fullCellFacts())
	if got, want := r.Total, Points(10000); got != want {
		t.Errorf("Total = %s, want %s", got, want)
	}
	if got, want := r.Class, ClassFourGood; got != want {
		t.Errorf("Class = %q, want %q", got, want)
	}
	if got, want := r.Label, "Chi bộ 4 tốt"; got != want {
		t.Errorf("Label = %q, want %q", got, want)
	}
	if len(r.Problems) != 0 || len(r.Vetoes) != 0 || len(r.FloorsMissed) != 0 {
		t.Errorf("problems %v, vetoes %v, floors missed %v; want none", r.Problems, r.Vetoes, r.FloorsMissed)
	}
	if got, want := r.Decision, "Tổng 100 điểm ≥ 90, mọi tiêu chí đạt mức sàn, không vướng điều kiện loại trừ: xếp loại Chi bộ 4 tốt."; got != want {
		t.Errorf("Decision = %q, want %q", got, want)
	}
}

func TestScoreBands(t *testing.T) {
	full := fullCellEntries()
	facts := fullCellFacts()
	for _, tc := range []struct {
		name     string
		e        Entries
		f        Facts
		total    Points
		class    Class
		floors   []string
		decision string
	}{
		{
			name: "89,99 is Khá",
			// C1 25 (floor 24), C3 16 (floor 16), C4 23,99 (floor 20)
			e:        edit(full, map[string]Entry{"1.1": pts(0), "3.1": pts(200), "4.1": pts(699)}),
			f:        facts,
			total:    8999,
			class:    ClassGood,
			decision: "Tổng 89,99 điểm < 90, ≥ 75: xếp loại Khá.",
		},
		{
			name:  "90,00 is 4 tốt",
			e:     edit(full, map[string]Entry{"1.1": pts(0), "3.1": pts(200), "4.1": pts(700)}),
			f:     facts,
			total: 9000,
			class: ClassFourGood,
		},
		{
			name: "C2 at 19,99 misses its floor",
			// 2.1: 10 months → 1; 2.2 4; 2.3 12; 2.4 2,99 → 19,99
			e:        edit(full, map[string]Entry{"2.4": pts(299)}),
			f:        editF(facts, Facts{FactRegularMonths: 10}),
			total:    9499,
			class:    ClassGood,
			floors:   []string{"C2"},
			decision: "Tổng 94,99 điểm ≥ 90 nhưng tiêu chí C2 chưa đạt mức sàn 20 điểm: xếp loại Khá.",
		},
		{
			name:  "C2 at exactly 20 meets its floor",
			e:     edit(full, map[string]Entry{"2.4": pts(300)}),
			f:     editF(facts, Facts{FactRegularMonths: 10}),
			total: 9500,
			class: ClassFourGood,
		},
		{
			name:     "75 is Khá",
			e:        edit(full, map[string]Entry{"1.1": pts(0), "1.3": pts(0), "1.4": pts(0), "3.1": pts(0), "4.1": pts(400)}),
			f:        facts,
			total:    7500,
			class:    ClassGood,
			floors:   []string{"C1", "C3"},
			decision: "Tổng 75 điểm < 90, ≥ 75: xếp loại Khá.",
		},
		{
			name:     "74,99 is Chưa đạt",
			e:        edit(full, map[string]Entry{"1.1": pts(0), "1.3": pts(0), "1.4": pts(0), "3.1": pts(0), "4.1": pts(399)}),
			f:        facts,
			total:    7499,
			class:    ClassFail,
			floors:   []string{"C1", "C3"},
			decision: "Tổng 74,99 điểm < 75: xếp loại Chưa đạt.",
		},
		{
			name: "two floors missed, bonus reaches 90",
			// C1 23,99, C3 15,99: subtotal 89,98 + bonus 0,02
			e:        edit(full, map[string]Entry{"1.1": pts(0), "1.3": pts(399), "3.1": pts(199), "B1": pts(2)}),
			f:        facts,
			total:    9000,
			class:    ClassGood,
			floors:   []string{"C1", "C3"},
			decision: "Tổng 90 điểm ≥ 90 nhưng tiêu chí C1 chưa đạt mức sàn 24 điểm, tiêu chí C3 chưa đạt mức sàn 16 điểm: xếp loại Khá.",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Score(DefaultCellScale(), tc.e, tc.f)
			if got, want := r.Total, tc.total; got != want {
				t.Errorf("Total = %s, want %s", got, want)
			}
			if got, want := r.Class, tc.class; got != want {
				t.Errorf("Class = %q, want %q", got, want)
			}
			if got, want := r.FloorsMissed, tc.floors; !slices.Equal(got, want) {
				t.Errorf("FloorsMissed = %v, want %v", got, want)
			}
			if tc.decision != "" {
				if got, want := r.Decision, tc.decision; got != want {
					t.Errorf("Decision = %q, want %q", got, want)
				}
			}
			if len(r.Problems) != 0 {
				t.Errorf("Problems = %v, want none", r.Problems)
			}
		})
	}
}

func TestScoreVetoes(t *testing.T) {
	full := fullCellEntries()
	facts := fullCellFacts()
	for _, tc := range []struct {
		name   string
		f      Facts
		vetoes []string
		detail string // of the first veto
	}{
		{"none", facts, nil, ""},
		{"V1 disciplined member", editF(facts, Facts{FactDisciplined: 1}), []string{"V1"}, "Số đảng viên bị kỷ luật trong năm: 1"},
		{"V2 own rating HTNV", editF(facts, Facts{FactOwnRating: int64(HTNV)}), []string{"V2"}, "Xếp loại chất lượng của chính tổ chức: HTNV"},
		{"V2 not rated", editF(facts, Facts{FactOwnRating: 0}), []string{"V2"}, "Xếp loại chất lượng của chính tổ chức: chưa xếp loại"},
		{"V2 HTXSNV passes", editF(facts, Facts{FactOwnRating: int64(HTXSNV)}), nil, ""},
		{"V3 disunity", editF(facts, Facts{FactDisunity: 1}), []string{"V3"}, "Có vụ việc mất đoàn kết nội bộ đã kết luận: có"},
		{"V3 incident", editF(facts, Facts{FactIncident: 1}), []string{"V3"}, "Có vụ việc nghiêm trọng về an ninh, tham nhũng trên địa bàn: có"},
		{"V3 both conditions", editF(facts, Facts{FactDisunity: 1, FactIncident: 1}), []string{"V3"},
			"Có vụ việc mất đoàn kết nội bộ đã kết luận: có; Có vụ việc nghiêm trọng về an ninh, tham nhũng trên địa bàn: có"},
		{"V4 two months missing is allowed", editF(facts, Facts{FactRegularMonths: 10}), nil, ""},
		{"V4 three months missing", editF(facts, Facts{FactRegularMonths: 9}), []string{"V4"}, "Số tháng không sinh hoạt định kỳ: 3"},
		{"V4 no meeting facts at all", Facts{FactOwnRating: 3, FactTargetsRegistered: 1, FactTargetsMet: 1}, []string{"V4"}, "Số tháng không sinh hoạt định kỳ: 12"},
		{"V4 missing_months is derived, not read", editF(facts, Facts{FactMissingMonths: 5}), nil, ""},
		{"V4 a Kém meeting", editF(facts, Facts{FactMeetingsPoor: 1}), []string{"V4"}, "Số buổi sinh hoạt xếp loại Kém: 1"},
		{"V5 member KHTNV", editF(facts, Facts{FactMembersKHTNV: 2}), []string{"V5"}, "Số đảng viên xếp loại KHTNV: 2"},
		{"several at once", editF(facts, Facts{FactDisciplined: 1, FactIncident: 1, FactMembersKHTNV: 1}), []string{"V1", "V3", "V5"}, "Số đảng viên bị kỷ luật trong năm: 1"},
		{"all five", Facts{FactDisciplined: 1, FactOwnRating: 1, FactDisunity: 1, FactMeetingsPoor: 1, FactRegularScored: 1, FactMembersKHTNV: 1},
			[]string{"V1", "V2", "V3", "V4", "V5"}, "Số đảng viên bị kỷ luật trong năm: 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Score(DefaultCellScale(), full, tc.f)
			if got, want := vetoCodes(r), tc.vetoes; !slices.Equal(got, want) {
				t.Fatalf("vetoes = %v, want %v", got, want)
			}
			if len(tc.vetoes) > 0 {
				if got, want := r.Vetoes[0].Detail, tc.detail; got != want {
					t.Errorf("Detail = %q, want %q", got, want)
				}
				if r.Class == ClassFourGood {
					t.Errorf("Class = %q with a veto", r.Class)
				}
			}
		})
	}

	t.Run("decision names the vetoes", func(t *testing.T) {
		r := Score(DefaultCellScale(), full, editF(facts, Facts{FactDisciplined: 1, FactMembersKHTNV: 1}))
		want := "Tổng 100 điểm ≥ 90 nhưng vướng các điều kiện loại trừ V1 (Có đảng viên bị kỷ luật trong năm), V5 (Có đảng viên xếp loại không hoàn thành nhiệm vụ): xếp loại Khá."
		if got := r.Decision; got != want {
			t.Errorf("Decision = %q, want %q", got, want)
		}
		r = Score(DefaultCellScale(), edit(full, map[string]Entry{"3.1": pts(0)}), editF(facts, Facts{FactDisciplined: 1}))
		want = "Tổng 94 điểm ≥ 90 nhưng tiêu chí C3 chưa đạt mức sàn 16 điểm và vướng điều kiện loại trừ V1 (Có đảng viên bị kỷ luật trong năm): xếp loại Khá."
		if got := r.Decision; got != want {
			t.Errorf("Decision = %q, want %q", got, want)
		}
	})
}

func TestScoreNA(t *testing.T) {
	full := fullCellEntries()
	facts := fullCellFacts()

	t.Run("1.2 N/A: C1 pro-rated on 15", func(t *testing.T) {
		r := Score(DefaultCellScale(), edit(full, map[string]Entry{"1.1": pts(400), "1.2": {NA: true}}), Facts{
			FactRegularMonths: 12, FactThematicQuarters: 4, FactRegularScored: 12, FactRegularScoreSum: 120000, FactOwnRating: 3,
		})
		c := criterion(t, r, "C1")
		if got, want := c.Raw, Points(1400); got != want {
			t.Errorf("Raw = %s, want %s", got, want)
		}
		if got, want := c.ApplicableMax, Points(1500); got != want {
			t.Errorf("ApplicableMax = %s, want %s", got, want)
		}
		if got, want := c.Points, Points(2800); got != want { // 14 × 30 ÷ 15
			t.Errorf("Points = %s, want %s", got, want)
		}
		if !c.Prorated {
			t.Error("Prorated = false")
		}
		if got, want := itemResult(t, r, "1.2").Source, SourceNA; got != want {
			t.Errorf("1.2 Source = %q, want %q", got, want)
		}
		if len(r.Problems) != 0 {
			t.Errorf("Problems = %v (no targets registered is fine when N/A)", r.Problems)
		}
	})

	t.Run("rounding half up matters", func(t *testing.T) {
		// C4 with 4.5 N/A: 19,91 × 25 ÷ 22 = 22,625 → 22,63 (not 22,62).
		r := Score(DefaultCellScale(), edit(full, map[string]Entry{"4.1": pts(591), "4.5": {NA: true}}), facts)
		c := criterion(t, r, "C4")
		if got, want := c.Raw, Points(1991); got != want {
			t.Errorf("Raw = %s, want %s", got, want)
		}
		if got, want := c.Points, Points(2263); got != want {
			t.Errorf("Points = %s, want %s", got, want)
		}
		// 4,33 × 25 ÷ 22 = 4,920… → 4,92: rounded down when under the half.
		r = Score(DefaultCellScale(), edit(full, map[string]Entry{"4.1": pts(0), "4.2": pts(0), "4.3": pts(433), "4.4": pts(0), "4.5": {NA: true}}), facts)
		if got, want := criterion(t, r, "C4").Points, Points(492); got != want {
			t.Errorf("Points = %s, want %s", got, want)
		}
	})

	t.Run("floor checked on the pro-rated value", func(t *testing.T) {
		// C4 with 4.5 N/A: raw 17,60 < 20, pro-rated 17,6 × 25 ÷ 22 = 20 ≥ floor 20.
		r := Score(DefaultCellScale(), edit(full, map[string]Entry{"4.1": pts(360), "4.5": {NA: true}}), facts)
		c := criterion(t, r, "C4")
		if got, want := c.Points, Points(2000); got != want {
			t.Errorf("Points = %s, want %s", got, want)
		}
		if !c.FloorMet {
			t.Error("FloorMet = false, want true")
		}
		r = Score(DefaultCellScale(), edit(full, map[string]Entry{"4.1": pts(359), "4.5": {NA: true}}), facts)
		if c := criterion(t, r, "C4"); c.FloorMet || c.Points != 1999 {
			t.Errorf("Points = %s FloorMet = %v, want 19,99 false", c.Points, c.FloorMet)
		}
	})

	t.Run("every item N/A", func(t *testing.T) {
		e := edit(full, map[string]Entry{"3.1": {NA: true}, "3.2": {NA: true}, "3.3": {NA: true}, "3.4": {NA: true}})
		r := Score(DefaultCellScale(), e, facts)
		c := criterion(t, r, "C3")
		if c.Points != 0 || c.FloorMet {
			t.Errorf("C3 Points = %s FloorMet = %v, want 0 false", c.Points, c.FloorMet)
		}
		if !hasProblem(r, "C3", "") {
			t.Errorf("Problems = %v, want one on C3", r.Problems)
		}
		if got, want := r.Total, Points(8000); got != want {
			t.Errorf("Total = %s, want %s", got, want)
		}
	})

	t.Run("N/A refused when not allowed", func(t *testing.T) {
		s := DefaultCellScale()
		it, _ := s.Item("1.1")
		it.AllowNA = false
		r := Score(s, edit(full, map[string]Entry{"1.1": {NA: true, Points: 300}}), facts)
		if !hasProblem(r, "1.1", "Tiêu chí 1.1 không được đánh dấu không áp dụng.") {
			t.Errorf("Problems = %v", r.Problems)
		}
		if got, want := itemResult(t, r, "1.1").Points, Points(300); got != want {
			t.Errorf("1.1 = %s, want %s (N/A ignored)", got, want)
		}
		if criterion(t, r, "C1").Prorated {
			t.Error("C1 pro-rated although the N/A was refused")
		}
	})
}

func TestScoreBonusDeduction(t *testing.T) {
	full := fullCellEntries()
	facts := fullCellFacts()
	for _, tc := range []struct {
		name                           string
		scale                          func() *Scale
		e                              Entries
		subtotal, bonus, deduct, total Points
		problems                       []string
	}{
		{"98 + 5 − 5 = 95", DefaultCellScale, edit(full, map[string]Entry{"1.1": pts(300), "B1": pts(500), "D1": {Count: 1}}), 9800, 500, 500, 9500, nil},
		{"99 + 5 capped at 100", DefaultCellScale, edit(full, map[string]Entry{"1.1": pts(400), "B1": pts(500)}), 9900, 500, 0, 10000, nil},
		{"bonus counts toward the band", DefaultCellScale, edit(full, map[string]Entry{"1.1": pts(0), "3.1": pts(200), "4.1": pts(700), "B1": pts(1)}), 9000, 1, 0, 9001, nil},
		{"bonus over its max refused", DefaultCellScale, edit(full, map[string]Entry{"B1": pts(600)}), 10000, 500, 0, 10000, []string{"B1"}},
		{"negative bonus refused", DefaultCellScale, edit(full, map[string]Entry{"B1": pts(-100)}), 10000, 0, 0, 10000, []string{"B1"}},
		{"bonus cap over several bonuses", func() *Scale {
			s := DefaultCellScale()
			s.Bonuses = append(s.Bonuses, Bonus{Code: "B2", Name: "Khen thưởng", Max: 300})
			return s
		}, edit(full, map[string]Entry{"1.1": pts(0), "B1": pts(400), "B2": pts(300)}), 9500, 500, 0, 10000, nil},
		{"deductions clamp at 0", DefaultCellScale, edit(full, map[string]Entry{"D1": {Count: 30}}), 10000, 0, 15000, 0, nil},
		{"negative count refused", DefaultCellScale, edit(full, map[string]Entry{"D1": {Count: -2}}), 10000, 0, 0, 10000, []string{"D1"}},
		{"deduction points typed refused", DefaultCellScale, edit(full, map[string]Entry{"D1": pts(500)}), 10000, 0, 0, 10000, []string{"D1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Score(tc.scale(), tc.e, facts)
			if got, want := r.Subtotal, tc.subtotal; got != want {
				t.Errorf("Subtotal = %s, want %s", got, want)
			}
			if got, want := r.Bonus, tc.bonus; got != want {
				t.Errorf("Bonus = %s, want %s", got, want)
			}
			if got, want := r.Deduction, tc.deduct; got != want {
				t.Errorf("Deduction = %s, want %s", got, want)
			}
			if got, want := r.Total, tc.total; got != want {
				t.Errorf("Total = %s, want %s", got, want)
			}
			if got, want := problemCodes(r), tc.problems; !slices.Equal(got, want) {
				t.Errorf("problems = %v, want %v", r.Problems, want)
			}
		})
	}

	t.Run("deductions do not touch floors or vetoes but count for the band", func(t *testing.T) {
		r := Score(DefaultCellScale(), edit(full, map[string]Entry{"D1": {Count: 3}}), facts)
		if r.Total != 8500 || r.Class != ClassGood || len(r.FloorsMissed) != 0 {
			t.Errorf("Total %s Class %q FloorsMissed %v, want 85 good none", r.Total, r.Class, r.FloorsMissed)
		}
	})
}

func TestScoreTypedItems(t *testing.T) {
	full := fullCellEntries()
	facts := fullCellFacts()
	stepScale := func() *Scale {
		s := DefaultCellScale()
		it, _ := s.Item("1.1")
		it.Step = 25
		return s
	}
	for _, tc := range []struct {
		name    string
		scale   func() *Scale
		code    string
		entry   Entry
		points  Points
		message string
	}{
		{"in range", DefaultCellScale, "1.1", pts(437), 437, ""},
		{"over max refused", DefaultCellScale, "1.1", pts(600), 500, "Điểm tiêu chí 1.1 (6) vượt điểm tối đa 5."},
		{"negative refused", DefaultCellScale, "1.3", pts(-1), 0, "Điểm tiêu chí 1.3 không được âm."},
		{"step respected", stepScale, "1.1", pts(425), 425, ""},
		{"off step refused", stepScale, "1.1", pts(410), 400, "Điểm tiêu chí 1.1 phải là bội số của 0,25."},
		{"computed item typed", DefaultCellScale, "2.1", pts(300), 500, "Tiêu chí 2.1 được tính tự động từ số liệu, không nhập điểm."},
		{"formula item answered yes is ignored", DefaultCellScale, "2.3", Entry{Yes: true}, 1200, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Score(tc.scale(), edit(full, map[string]Entry{tc.code: tc.entry}), facts)
			if got, want := itemResult(t, r, tc.code).Points, tc.points; got != want {
				t.Errorf("%s = %s, want %s", tc.code, got, want)
			}
			if tc.message == "" {
				if len(r.Problems) != 0 {
					t.Errorf("Problems = %v, want none", r.Problems)
				}
			} else if !hasProblem(r, tc.code, tc.message) {
				t.Errorf("Problems = %v, want %q", r.Problems, tc.message)
			}
		})
	}

	t.Run("yes/no item", func(t *testing.T) {
		s := DefaultCellScale()
		it, _ := s.Item("1.1")
		it.Method, it.Step = YesNo, 0
		for _, tc := range []struct {
			name   string
			e      Entry
			points Points
			bad    bool
		}{
			{"yes", Entry{Yes: true}, 500, false},
			{"no", Entry{}, 0, false},
			{"max means yes", pts(500), 500, false},
			{"other points refused", pts(300), 0, true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := Score(s, edit(full, map[string]Entry{"1.1": tc.e}), facts)
				ir := itemResult(t, r, "1.1")
				if got, want := ir.Points, tc.points; got != want {
					t.Errorf("Points = %s, want %s", got, want)
				}
				if got, want := ir.Source, SourceYesNo; got != want {
					t.Errorf("Source = %q, want %q", got, want)
				}
				if got, want := hasProblem(r, "1.1", ""), tc.bad; got != want {
					t.Errorf("problem = %v, want %v (%v)", got, want, r.Problems)
				}
			})
		}
	})

	t.Run("note kept", func(t *testing.T) {
		r := Score(DefaultCellScale(), edit(full, map[string]Entry{"1.1": {Points: 500, Note: "Nghị quyết số 1"}}), facts)
		if got, want := itemResult(t, r, "1.1").Note, "Nghị quyết số 1"; got != want {
			t.Errorf("Note = %q, want %q", got, want)
		}
	})
}

func TestScoreFactProblems(t *testing.T) {
	full := fullCellEntries()
	facts := fullCellFacts()
	for _, tc := range []struct {
		name string
		e    Entries
		f    Facts
		code string // the problem's code, "" for none
		item string
		want Points
	}{
		{"targets met above registered", full, editF(facts, Facts{FactTargetsMet: 12}), FactTargetsMet, "1.2", 1500},
		{"no targets registered", full, editF(facts, Facts{FactTargetsRegistered: 0, FactTargetsMet: 0}), "1.2", "1.2", 0},
		{"more than 12 months", full, editF(facts, Facts{FactRegularMonths: 13}), FactRegularMonths, "2.1", 500},
		{"more than 4 quarters", full, editF(facts, Facts{FactThematicQuarters: 5}), FactThematicQuarters, "2.2", 400},
		{"negative quarters", full, editF(facts, Facts{FactThematicQuarters: -1}), FactThematicQuarters, "2.2", 0},
		{"good meetings above scored", full, editF(facts, Facts{FactMeetingsGood: 13}), FactMeetingsGood, "2.3", 1200},
		{"poor meetings above scored", full, editF(facts, Facts{FactMeetingsPoor: 13}), FactMeetingsPoor, "2.3", 1200},
		{"score sum above 100 a meeting", full, editF(facts, Facts{FactRegularScoreSum: 120001}), FactRegularScoreSum, "2.3", 1200},
		{"flag not 0/1", full, editF(facts, Facts{FactDisunity: 2}), FactDisunity, "2.3", 1200},
		{"rating out of range", full, editF(facts, Facts{FactOwnRating: 9}), FactOwnRating, "2.3", 1200},
		{"N/A item's facts are ignored", edit(full, map[string]Entry{"1.2": {NA: true}}), editF(facts, Facts{FactTargetsMet: 12}), "", "1.1", 500},
		{"unknown facts are ignored", full, editF(facts, Facts{"whatever": -5}), "", "1.1", 500},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Score(DefaultCellScale(), tc.e, tc.f)
			if tc.code == "" {
				if len(r.Problems) != 0 {
					t.Errorf("Problems = %v, want none", r.Problems)
				}
			} else if !hasProblem(r, tc.code, "") {
				t.Errorf("Problems = %v, want one on %s", r.Problems, tc.code)
			}
			if got, want := itemResult(t, r, tc.item).Points, tc.want; got != want {
				t.Errorf("%s = %s, want %s", tc.item, got, want)
			}
		})
	}
	t.Run("messages", func(t *testing.T) {
		r := Score(DefaultCellScale(), full, editF(facts, Facts{FactTargetsRegistered: 0, FactTargetsMet: 3}))
		if !hasProblem(r, "1.2", "Chưa có chỉ tiêu đăng ký: tiêu chí 1.2 phải đánh dấu không áp dụng.") {
			t.Errorf("Problems = %v", r.Problems)
		}
		if !hasProblem(r, FactTargetsMet, "Số liệu không khớp: “Số chỉ tiêu đạt” (3) lớn hơn “Số chỉ tiêu thi đua đã đăng ký” (0).") {
			t.Errorf("Problems = %v", r.Problems)
		}
	})
	t.Run("a clamped flag still vetoes", func(t *testing.T) {
		r := Score(DefaultCellScale(), full, editF(facts, Facts{FactDisunity: 7}))
		if got, want := vetoCodes(r), []string{"V3"}; !slices.Equal(got, want) {
			t.Errorf("vetoes = %v, want %v", got, want)
		}
	})
}

func TestScoreDegenerate(t *testing.T) {
	t.Run("nil scale", func(t *testing.T) {
		r := Score(nil, nil, nil)
		if r.Total != 0 || r.Class != ClassNone || len(r.Problems) != 1 {
			t.Errorf("got %+v", r)
		}
	})
	t.Run("nil entries and facts", func(t *testing.T) {
		r := Score(DefaultCellScale(), nil, nil)
		if got, want := r.Total, Points(0); got != want {
			t.Errorf("Total = %s, want %s", got, want)
		}
		if got, want := r.Class, ClassFail; got != want {
			t.Errorf("Class = %q, want %q", got, want)
		}
		if !hasProblem(r, "1.2", "") {
			t.Errorf("Problems = %v, want 1.2 (no targets registered)", r.Problems)
		}
	})
	t.Run("empty scale", func(t *testing.T) {
		r := Score(&Scale{}, Entries{"x": pts(5)}, Facts{"y": 1})
		if r.Class != ClassNone || !hasProblem(r, "", "") {
			t.Errorf("got %+v", r)
		}
		if !strings.Contains(r.Decision, "chưa xếp loại") {
			t.Errorf("Decision = %q", r.Decision)
		}
	})
	t.Run("unknown formula and method", func(t *testing.T) {
		s := DefaultCellScale()
		it, _ := s.Item("2.1")
		it.Formula = "nope"
		it2, _ := s.Item("1.1")
		it2.Method = "guess"
		r := Score(s, fullCellEntries(), fullCellFacts())
		if !hasProblem(r, "2.1", "") || !hasProblem(r, "1.1", "") {
			t.Errorf("Problems = %v", r.Problems)
		}
		if itemResult(t, r, "2.1").Points != 0 || itemResult(t, r, "1.1").Points != 0 {
			t.Error("broken items scored points")
		}
	})
}
