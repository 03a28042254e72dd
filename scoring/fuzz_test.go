package scoring

import (
	"math"
	"reflect"
	"slices"
	"testing"
)

// fuzzReader turns fuzz bytes into choices; past the end it reads zeros.
type fuzzReader struct{ b []byte }

func (r *fuzzReader) byte() byte {
	if len(r.b) == 0 {
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *fuzzReader) bool() bool { return r.byte()&1 == 1 }

// int returns mostly small values, sometimes plausible points and
// sometimes extremes.
func (r *fuzzReader) int() int64 {
	switch c := r.byte(); c % 8 {
	case 0, 1, 2:
		return int64(c/8) - 4 // -4..27
	case 3, 4:
		return int64(r.byte())<<8 | int64(r.byte()) // 0..65535
	case 5:
		return -(int64(r.byte())<<8 | int64(r.byte()))
	case 6:
		return []int64{math.MaxInt64, math.MinInt64, math.MaxInt64 / 3, 1 << 40, -(1 << 40), 10000, 12, 100}[r.byte()%8]
	default:
		var v uint64
		for range 8 {
			v = v<<8 | uint64(r.byte())
		}
		return int64(v)
	}
}

func pick[T any](r *fuzzReader, options []T) T { return options[int(r.byte())%len(options)] }

var (
	fuzzCodes   = []string{"C1", "C2", "1.1", "1.2", "1.3", "2.1", "2.3", "4.1", "4.2", "B1", "B2", "D1", "V1", "", "x"}
	fuzzMethods = []Method{Typed, YesNo, Formula, Computed, "", "free"}
	fuzzOps     = []string{">", ">=", "<", "<=", "=", "!=", "", "=>"}
	fuzzClasses = []Class{ClassFourGood, ClassGood, ClassFail, ClassNone, "other"}
	fuzzKinds   = []Kind{KindCell, KindCommittee, "", "district"}
)

func fuzzFormulaNames() []string {
	names := []string{"", "nope"}
	for _, d := range formulaRegistry {
		names = append(names, d.info.Name)
	}
	return names
}

func fuzzFactNames() []string {
	names := []string{"", "unknown"}
	for _, fi := range FactInfos {
		names = append(names, fi.Name)
	}
	return names
}

// fuzzScale builds an arbitrary, usually broken, scale.
func fuzzScale(r *fuzzReader) *Scale {
	s := &Scale{Name: pick(r, []string{"", "Thang"}), Kind: pick(r, fuzzKinds), Max: Points(r.int()), BonusCap: Points(r.int())}
	formulas, facts := fuzzFormulaNames(), fuzzFactNames()
	for range r.byte() % 5 {
		c := Criterion{Code: pick(r, fuzzCodes), Name: "c", Max: Points(r.int()), Floor: Points(r.int())}
		for range r.byte() % 5 {
			c.Items = append(c.Items, Item{
				Code: pick(r, fuzzCodes), Name: "i", Max: Points(r.int()), Method: pick(r, fuzzMethods),
				Step: Points(r.int()), Formula: pick(r, formulas), Per: Points(r.int()), Target: Points(r.int()),
				AllowNA: r.bool(),
			})
		}
		s.Criteria = append(s.Criteria, c)
	}
	for range r.byte() % 3 {
		s.Bonuses = append(s.Bonuses, Bonus{Code: pick(r, fuzzCodes), Max: Points(r.int())})
	}
	for range r.byte() % 3 {
		s.Deductions = append(s.Deductions, Deduction{Code: pick(r, fuzzCodes), Per: Points(r.int())})
	}
	for range r.byte() % 4 {
		s.Bands = append(s.Bands, Band{Class: pick(r, fuzzClasses), Label: "b", Min: Points(r.int()),
			RequireFloors: r.bool(), RequireNoVetoes: r.bool()})
	}
	for range r.byte() % 4 {
		v := Veto{Code: pick(r, fuzzCodes), Label: "v"}
		for range r.byte() % 3 {
			v.Any = append(v.Any, Condition{Fact: pick(r, facts), Op: pick(r, fuzzOps), Value: r.int()})
		}
		s.Vetoes = append(s.Vetoes, v)
	}
	return s
}

func fuzzInputs(r *fuzzReader, s *Scale) (Entries, Facts) {
	var codes []string
	for _, c := range s.Criteria {
		for _, it := range c.Items {
			codes = append(codes, it.Code)
		}
	}
	for _, b := range s.Bonuses {
		codes = append(codes, b.Code)
	}
	for _, d := range s.Deductions {
		codes = append(codes, d.Code)
	}
	codes = append(codes, "zz")
	var e Entries
	if n := r.byte() % 24; n > 0 {
		e = Entries{}
		for range n {
			e[pick(r, codes)] = Entry{Points: Points(r.int()), Yes: r.bool(), NA: r.bool(), Count: r.int()}
		}
	}
	var f Facts
	facts := fuzzFactNames()
	if n := r.byte() % 24; n > 0 {
		f = Facts{}
		for range n {
			f[pick(r, facts)] = r.int()
		}
	}
	return e, f
}

func FuzzScore(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0, 5, 3, 1, 200, 7, 9, 1, 2, 3})
	f.Add([]byte{1, 12, 6, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
	f.Add([]byte{2, 1, 0, 3, 4, 2, 6, 7, 255, 255, 255, 255, 255, 255, 255, 255, 3, 1, 2, 9, 4})
	f.Add([]byte("a fuzzed scale with some words in it to feed many choices"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &fuzzReader{b: data}
		var s *Scale
		defaults := false
		switch r.byte() % 3 {
		case 0:
			s, defaults = DefaultCellScale(), true
		case 1:
			s, defaults = DefaultCommitteeScale(), true
		default:
			s = fuzzScale(r)
		}
		e, facts := fuzzInputs(r, s)
		before := s.Clone()

		res := Score(s, e, facts)

		if !reflect.DeepEqual(s, before) {
			t.Fatal("Score changed the scale")
		}
		if res.Total < 0 || res.Total > max(0, s.Max) {
			t.Fatalf("Total = %d outside 0..%d", res.Total, s.Max)
		}
		if len(res.Criteria) != len(s.Criteria) {
			t.Fatalf("%d criteria results for %d criteria", len(res.Criteria), len(s.Criteria))
		}
		for i, c := range res.Criteria {
			if c.Points < 0 || c.Points > max(0, s.Criteria[i].Max) {
				t.Fatalf("%s Points = %d outside 0..%d", c.Code, c.Points, s.Criteria[i].Max)
			}
			if c.Prorated && c.ApplicableMax <= 0 {
				t.Fatalf("%s pro-rated on %d", c.Code, c.ApplicableMax)
			}
			for j, it := range c.Items {
				if it.Points < 0 || it.Points > max(0, s.Criteria[i].Items[j].Max) {
					t.Fatalf("item %s Points = %d outside 0..%d", it.Code, it.Points, s.Criteria[i].Items[j].Max)
				}
			}
		}
		if res.Bonus < 0 || res.Bonus > max(0, s.BonusCap) || res.Deduction < 0 {
			t.Fatalf("Bonus %d Deduction %d", res.Bonus, res.Deduction)
		}
		var classes []Class
		for _, b := range s.Bands {
			classes = append(classes, b.Class)
		}
		if res.Class == ClassNone && !hasProblem(res, "", "") && !slices.Contains(classes, ClassNone) {
			t.Fatal("no class and no problem saying why")
		}
		if res.Class != ClassNone && !slices.Contains(classes, res.Class) {
			t.Fatalf("Class %q is not a band of the scale", res.Class)
		}
		if res.Decision == "" {
			t.Fatal("no decision")
		}
		if again := Score(s, e, facts); !reflect.DeepEqual(res, again) {
			t.Fatal("Score is not deterministic")
		}
		// The quiet path decides exactly the same, without the item texts.
		quiet := ScoreQuiet(s, e, facts)
		strip := func(r Result) Result {
			for i := range r.Criteria {
				items := append([]ItemResult(nil), r.Criteria[i].Items...)
				for j := range items {
					items[j].Detail = ""
				}
				r.Criteria[i].Items = items
			}
			for _, list := range []*[]ItemResult{&r.Bonuses, &r.Deductions} {
				items := append([]ItemResult(nil), (*list)...)
				for j := range items {
					items[j].Detail = ""
				}
				*list = items
			}
			return r
		}
		if !reflect.DeepEqual(strip(Score(s, e, facts)), strip(quiet)) {
			t.Fatalf("ScoreQuiet differs from Score:\n%+v\n%+v", strip(res), quiet)
		}

		if defaults {
			if res.Class == ClassNone {
				t.Fatal("a default scale left the unit unclassified")
			}
			if want := max(0, min(s.Max, res.Subtotal+res.Bonus)-res.Deduction); res.Total != want {
				t.Fatalf("Total = %d, want %d", res.Total, want)
			}
			var sum Points
			for _, c := range res.Criteria {
				sum += c.Points
			}
			if sum != res.Subtotal {
				t.Fatalf("Subtotal = %d, criteria add to %d", res.Subtotal, sum)
			}
			if res.Class == ClassFourGood && (res.Total < 9000 || len(res.FloorsMissed) > 0 || len(res.Vetoes) > 0) {
				t.Fatalf("4 tốt with total %d, floors missed %v, vetoes %v", res.Total, res.FloorsMissed, res.Vetoes)
			}
			if ps := s.Check(); len(ps) != 0 {
				t.Fatalf("default scale fails Check: %v", ps)
			}
		} else {
			_ = s.Check() // must not panic
			if c := s.Clone(); !reflect.DeepEqual(c, s) {
				t.Fatal("Clone differs")
			}
		}
	})
}

func FuzzParsePoints(f *testing.F) {
	for _, s := range []string{"12", "12,5", "12.50", " 7 ", "", "-1", "1,234", "1000000", "1000000,01", ",5", "0,00", "9999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePoints(s)
		if err != nil {
			if p != 0 {
				t.Fatalf("ParsePoints(%q) = %d with error %v", s, p, err)
			}
			return
		}
		if p < 0 || p > MaxTyped {
			t.Fatalf("ParsePoints(%q) = %d out of range", s, p)
		}
		for _, text := range []string{p.String(), p.Fixed()} {
			back, err := ParsePoints(text)
			if err != nil || back != p {
				t.Fatalf("ParsePoints(%q) = %d; ParsePoints(%q) = %d, %v", s, p, text, back, err)
			}
		}
	})
}

func FuzzParseRating(f *testing.F) {
	for _, s := range []string{"HTXSNV", "hoàn thành tốt nhiệm vụ", "", "Ư", "khong"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRating(s)
		if err != nil {
			return
		}
		if r < Unrated || r > HTXSNV {
			t.Fatalf("ParseRating(%q) = %d", s, r)
		}
		if back, err := ParseRating(r.Code()); err != nil || back != r {
			t.Fatalf("ParseRating(%q) = %d; code %q parses to %d, %v", s, r, r.Code(), back, err)
		}
	})
}

func FuzzCheckRatings(f *testing.F) {
	f.Add([]byte{}, int64(2000))
	f.Add([]byte{0, 3, 4, 3, 2, 1, 1, 4, 2, 4, 4, 3}, int64(2000))
	f.Fuzz(func(t *testing.T, data []byte, quota int64) {
		r := &fuzzReader{b: data}
		g := RatedGrassroots{ID: 1, Name: "Đảng bộ", IsCell: r.bool(), Rating: Rating(int(r.byte()%7) - 1)}
		for i := range r.byte() % 5 {
			c := RatedCell{ID: int64(i + 2), Name: "Chi bộ", Rating: Rating(int(r.byte()%7) - 1)}
			for j := range r.byte() % 12 {
				c.Members = append(c.Members, RatedMember{ID: int64(j), Name: "Đảng viên",
					Rating: Rating(int(r.byte()%7) - 1), Disciplined: r.bool()})
			}
			g.Cells = append(g.Cells, c)
		}
		vs := CheckRatings(g, Points(quota))
		if again := CheckRatings(g, Points(quota)); !slices.Equal(vs, again) {
			t.Fatal("not deterministic")
		}
		for _, v := range vs {
			if v.Message == "" || v.Rule.Label() == string(v.Rule) {
				t.Fatalf("violation %+v", v)
			}
			if g.IsCell && (v.Rule == RuleQuotaCells || v.Rule == RuleCommitteeCells) {
				t.Fatalf("rule %s on a chi bộ cơ sở", v.Rule)
			}
		}
	})
}
