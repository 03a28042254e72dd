package scoring

import (
	"slices"
	"testing"
)

// formulaCase scores one formula item of a default scale from facts.
type formulaCase struct {
	name   string
	f      Facts
	points Points
	detail string // checked when not empty
}

func runFormulaCases(t *testing.T, scale func() *Scale, code string, cases []formulaCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := Score(scale(), nil, tc.f)
			ir := itemResult(t, r, code)
			if got, want := ir.Points, tc.points; got != want {
				t.Errorf("%s = %s, want %s (%s)", code, got, want, ir.Detail)
			}
			if tc.detail != "" {
				if got, want := ir.Detail, tc.detail; got != want {
					t.Errorf("Detail = %q, want %q", got, want)
				}
			}
		})
	}
}

func TestFormulaTargetsMet(t *testing.T) {
	f := func(reg, met int64) Facts { return Facts{FactTargetsRegistered: reg, FactTargetsMet: met} }
	runFormulaCases(t, DefaultCellScale, "1.2", []formulaCase{
		{"100%", f(20, 20), 1500, "20/20 chỉ tiêu đạt (100%): 15 điểm"},
		{"95%", f(20, 19), 1300, "19/20 chỉ tiêu đạt (95%): 15 − 2 × 1 = 13 điểm"},
		{"90%", f(10, 9), 1300, ""},
		{"89%", f(100, 89), 1100, "89/100 chỉ tiêu đạt (89%): 15 − 2 × 2 = 11 điểm"},
		{"99,99%", f(10000, 9999), 1300, ""},
		{"80%", f(10, 8), 1100, ""},
		{"18/21", f(21, 18), 1100, "18/21 chỉ tiêu đạt (85,71%): 15 − 2 × 2 = 11 điểm"},
		{"30%", f(10, 3), 100, ""},
		{"29% floors at 0", f(100, 29), 0, "29/100 chỉ tiêu đạt (29%): 15 − 2 × 8 < 0, tính 0 điểm"},
		{"0%", f(5, 0), 0, ""},
		{"none registered", f(0, 0), 0, "Chưa có chỉ tiêu thi đua đăng ký: 0 điểm"},
	})
	t.Run("custom per", func(t *testing.T) {
		s := DefaultCellScale()
		it, _ := s.Item("1.2")
		it.Per = 300
		r := Score(s, nil, f(10, 8))
		if got, want := itemResult(t, r, "1.2").Points, Points(900); got != want {
			t.Errorf("1.2 = %s, want %s", got, want)
		}
	})
}

func TestFormulaRegularMeetings(t *testing.T) {
	f := func(m int64) Facts { return Facts{FactRegularMonths: m} }
	runFormulaCases(t, DefaultCellScale, "2.1", []formulaCase{
		{"none missing", f(12), 500, "12/12 tháng có sinh hoạt định kỳ: 5 điểm"},
		{"one missing", f(11), 300, "11/12 tháng có sinh hoạt định kỳ: 5 − 2 × 1 = 3 điểm"},
		{"two missing", f(10), 100, ""},
		{"three missing", f(9), 0, "9/12 tháng có sinh hoạt định kỳ: 5 − 2 × 3 < 0, tính 0 điểm"},
		{"no meeting", f(0), 0, ""},
		{"13 months clamped", f(13), 500, ""},
	})
}

func TestFormulaThematicQuarters(t *testing.T) {
	f := func(q int64) Facts { return Facts{FactThematicQuarters: q} }
	runFormulaCases(t, DefaultCellScale, "2.2", []formulaCase{
		{"four", f(4), 400, "4/4 quý có sinh hoạt chuyên đề: 1 × 4 = 4 điểm"},
		{"three", f(3), 300, "3/4 quý có sinh hoạt chuyên đề: 1 × 3 = 3 điểm"},
		{"none", f(0), 0, ""},
		{"five clamped", f(5), 400, ""},
	})
	t.Run("capped at max", func(t *testing.T) {
		s := DefaultCellScale()
		it, _ := s.Item("2.2")
		it.Per = 200
		r := Score(s, nil, f(3))
		if got, want := itemResult(t, r, "2.2").Points, Points(400); got != want {
			t.Errorf("2.2 = %s, want %s", got, want)
		}
	})
}

func TestFormulaMeetingAverage(t *testing.T) {
	f := func(n int64, sum Points) Facts { return Facts{FactRegularScored: n, FactRegularScoreSum: int64(sum)} }
	runFormulaCases(t, DefaultCellScale, "2.3", []formulaCase{
		{"91 + 92 + 90 → 10,92", f(3, 9100+9200+9000), 1092,
			"Trung bình 3 buổi sinh hoạt định kỳ được chấm: 91 điểm; 91 × 0,12 = 10,92 điểm"},
		{"all 100", f(12, 120000), 1200, ""},
		{"none held", f(0, 0), 0, "Chưa có buổi sinh hoạt định kỳ được chấm điểm: 0 điểm"},
		// 85 + 85 + 85,13 = 255,13; average 85,0433… × 0,12 = 10,2052 → 10,21.
		// Rounding the average first (85,04 × 0,12 = 10,2048) would give 10,20.
		{"repeating average, no intermediate rounding", f(3, 25513), 1021,
			"Trung bình 3 buổi sinh hoạt định kỳ được chấm: 255,13 ÷ 3 ≈ 85,04 điểm (không làm tròn khi tính); (255,13 ÷ 3) × 0,12 = 10,21 điểm (làm tròn)"},
		// 80,20 + 80,21: average 80,205 × 0,12 = 9,6246 → 9,62 (80,21 × 0,12 would give 9,63).
		{"half-hundredth average not rounded first", f(2, 16041), 962, ""},
		{"271/3", f(3, 27100), 1084, ""},
		{"sum above 100 a meeting clamped", f(1, 20000), 1200, ""},
	})
}

func committeeFacts(kv Facts) Facts {
	f := Facts{FactOwnRating: int64(HTTNV)}
	for k, v := range kv {
		f[k] = v
	}
	return f
}

func TestFormulaCellsGoodMeetings(t *testing.T) {
	f := func(n, good int64) Facts {
		return committeeFacts(Facts{FactCellsMeetingsScored: n, FactCellsMeetingsGood: good})
	}
	runFormulaCases(t, DefaultCommitteeScale, "2.3", []formulaCase{
		{"34/40 → 5,1", f(40, 34), 510, "34/40 buổi sinh hoạt định kỳ của các chi bộ xếp loại Tốt (85%): 6 × 34 ÷ 40 = 5,1 điểm"},
		{"1/3 → 2", f(3, 1), 200, ""},
		{"2/7 → 1,71", f(7, 2), 171, ""},
		{"all", f(12, 12), 600, ""},
		{"none held", f(0, 0), 0, "Các chi bộ chưa có buổi sinh hoạt định kỳ được chấm điểm: 0 điểm"},
	})
}

func TestFormulaCellsFourGood(t *testing.T) {
	f := func(cells, good int64) Facts { return committeeFacts(Facts{FactCells: cells, FactCellsFourGood: good}) }
	runFormulaCases(t, DefaultCommitteeScale, "4.1", []formulaCase{
		{"1 of 3 → 6,67", f(3, 1), 667, "1/3 chi bộ đạt “Chi bộ 4 tốt” (33,33%) < 50%: 10 × (1/3) ÷ 50% = 6,67 điểm (làm tròn)"},
		{"exactly 50%", f(4, 2), 1000, "2/4 chi bộ đạt “Chi bộ 4 tốt” (50%) ≥ 50%: 10 điểm"},
		{"above 50%", f(3, 2), 1000, ""},
		{"49 of 100", f(100, 49), 980, ""},
		{"none 4 tốt", f(5, 0), 0, ""},
		{"no cells", f(0, 0), 0, "Không có chi bộ trực thuộc: 0 điểm"},
	})
}

func TestFormulaCellsRating(t *testing.T) {
	f := func(cells, htnv, httnv int64) Facts {
		return committeeFacts(Facts{FactCells: cells, FactCellsRated: cells, FactCellsHTNVPlus: htnv, FactCellsHTTNVPlus: httnv})
	}
	runFormulaCases(t, DefaultCommitteeScale, "4.2", []formulaCase{
		{"exactly 70%", f(10, 10, 7), 600, "10/10 chi bộ xếp loại HTNV trở lên; 7/10 chi bộ xếp loại HTTNV trở lên (70%) ≥ 70%: 6 điểm"},
		{"69%", f(100, 100, 69), 0, ""},
		{"2 of 3 (66,67%)", f(3, 3, 2), 0, ""},
		{"one cell below HTNV", f(10, 9, 9), 0, "9/10 chi bộ xếp loại HTNV trở lên, chưa đủ 100%: 0 điểm"},
		{"no cells", f(0, 0, 0), 0, ""},
	})
	t.Run("an unrated cell fails 100%", func(t *testing.T) {
		cf := CommitteeFacts([]CellOutcome{{Rating: HTTNV}, {Rating: HTTNV}, {Rating: Unrated}})
		r := Score(DefaultCommitteeScale(), nil, cf)
		if got, want := itemResult(t, r, "4.2").Points, Points(0); got != want {
			t.Errorf("4.2 = %s, want %s", got, want)
		}
	})
}

func TestFormulaMembersRating(t *testing.T) {
	f := func(n, good int64) Facts {
		return committeeFacts(Facts{FactMembersRated: n, FactMembersHTTNVPlus: good})
	}
	runFormulaCases(t, DefaultCommitteeScale, "4.3", []formulaCase{
		{"exactly 90%", f(1000, 900), 600, "900/1000 đảng viên xếp loại HTTNV trở lên (90%) ≥ 90%: 6 điểm"},
		{"89,9%", f(1000, 899), 0, "899/1000 đảng viên xếp loại HTTNV trở lên (89,9%) < 90%: 0 điểm"},
		{"18/20", f(20, 18), 600, ""},
		{"17/19 (89,47%)", f(19, 17), 0, ""},
		{"none rated", f(0, 0), 0, "Chưa có đảng viên được xếp loại: 0 điểm"},
	})
}

func TestFormulasRegistry(t *testing.T) {
	want := map[string]struct {
		m Method
		k Kind
	}{
		FormulaTargetsMet:        {Formula, KindCell},
		FormulaRegularMeetings:   {Formula, KindCell},
		FormulaThematicQuarters:  {Formula, KindCell},
		FormulaMeetingAverage:    {Formula, KindCell},
		FormulaCellsGoodMeetings: {Computed, KindCommittee},
		FormulaCellsFourGood:     {Computed, KindCommittee},
		FormulaCellsRating:       {Computed, KindCommittee},
		FormulaMembersRating:     {Computed, KindCommittee},
	}
	if got, want := len(Formulas), len(want); got != want {
		t.Errorf("len(Formulas) = %d, want %d", got, want)
	}
	for name, w := range want {
		t.Run(name, func(t *testing.T) {
			info, ok := Formulas[name]
			if !ok {
				t.Fatal("missing")
			}
			if info.Name != name || info.Method != w.m || info.Kind != w.k || info.Label == "" || info.Describe == "" || len(info.Facts) == 0 {
				t.Errorf("info = %+v", info)
			}
			for _, fact := range info.Facts {
				if _, ok := LookupFact(info.Kind, fact); !ok {
					t.Errorf("fact %q unknown for %s", fact, info.Kind)
				}
			}
		})
	}
	if got, want := len(FormulasFor(KindCell)), 4; got != want {
		t.Errorf("len(FormulasFor(cell)) = %d, want %d", got, want)
	}
	// Changing the exported map does not change scoring.
	saved := Formulas[FormulaRegularMeetings]
	delete(Formulas, FormulaRegularMeetings)
	defer func() { Formulas[FormulaRegularMeetings] = saved }()
	r := Score(DefaultCellScale(), nil, Facts{FactRegularMonths: 12})
	if got, want := itemResult(t, r, "2.1").Points, Points(500); got != want {
		t.Errorf("2.1 = %s, want %s", got, want)
	}
}

func TestCommitteeFacts(t *testing.T) {
	cells := []CellOutcome{
		{Class: ClassFourGood, Rating: HTXSNV, MeetingsScored: 12, MeetingsGood: 10, Members: []Rating{HTXSNV, HTTNV, HTNV, Unrated}},
		{Class: ClassGood, Rating: HTNV, MeetingsScored: 11, MeetingsGood: 3, Members: []Rating{HTTNV, KHTNV}},
		{Class: ClassNone, Rating: Unrated, MeetingsScored: 0, MeetingsGood: 0},
		{Class: ClassFail, Rating: KHTNV, MeetingsScored: 5, MeetingsGood: 9, Members: []Rating{HTNV}},
	}
	want := Facts{
		FactCells: 4, FactCellsFourGood: 1, FactCellsRated: 3, FactCellsHTNVPlus: 2, FactCellsHTTNVPlus: 1,
		FactCellsKHTNV: 1, FactCellsMeetingsScored: 28, FactCellsMeetingsGood: 18,
		FactMembersRated: 6, FactMembersHTTNVPlus: 3,
	}
	got := CommitteeFacts(cells)
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %d, want %d", k, got[k], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("facts %v, want exactly %v", got, want)
	}
	t.Run("no cells", func(t *testing.T) {
		f := CommitteeFacts(nil)
		if f[FactCells] != 0 {
			t.Errorf("cells = %d", f[FactCells])
		}
		r := Score(DefaultCommitteeScale(), nil, f)
		if len(r.Problems) != 0 {
			t.Errorf("Problems = %v", r.Problems)
		}
	})
	t.Run("full committee is 4 tốt", func(t *testing.T) {
		var cs []CellOutcome
		for range 3 {
			cs = append(cs, CellOutcome{Class: ClassFourGood, Rating: HTTNV, MeetingsScored: 12, MeetingsGood: 12,
				Members: []Rating{HTTNV, HTTNV, HTXSNV}})
		}
		f := CommitteeFacts(cs)
		f[FactOwnRating] = int64(HTTNV)
		e := Entries{}
		for _, c := range DefaultCommitteeScale().Criteria {
			for _, it := range c.Items {
				if it.Method == Typed {
					e[it.Code] = pts(it.Max)
				}
			}
		}
		r := Score(DefaultCommitteeScale(), e, f)
		if r.Total != 10000 || r.Class != ClassFourGood || len(r.Problems) != 0 || len(r.Vetoes) != 0 {
			t.Errorf("Total %s Class %q Problems %v Vetoes %v", r.Total, r.Class, r.Problems, r.Vetoes)
		}
		if got, want := r.Label, "Đảng bộ cơ sở 4 tốt"; got != want {
			t.Errorf("Label = %q, want %q", got, want)
		}
		// A computed item typed is refused.
		e["4.1"] = pts(1000)
		r = Score(DefaultCommitteeScale(), e, f)
		if !hasProblem(r, "4.1", "Tiêu chí 4.1 được tính tự động từ số liệu, không nhập điểm.") {
			t.Errorf("Problems = %v", r.Problems)
		}
	})
	t.Run("committee vetoes", func(t *testing.T) {
		f := committeeFacts(Facts{FactCellsKHTNV: 1, FactCells: 2, FactDisciplinedLeaders: 1, FactDisunity: 1, FactOwnRating: int64(HTNV)})
		r := Score(DefaultCommitteeScale(), nil, f)
		if got, want := vetoCodes(r), []string{"V1", "V2", "V3", "V4"}; !slices.Equal(got, want) {
			t.Errorf("vetoes = %v, want %v", got, want)
		}
	})
}
