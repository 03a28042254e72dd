package demo

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"bontot"
	"bontot/vn"
)

var today = bontot.NewDate(2025, time.January, 1)

// check verifies the invariants every data set must hold and returns the
// number of members per cell code.
func check(t *testing.T, orgs []OrgSeed, members []MemberSeed) map[string]int {
	t.Helper()
	byCode := make(map[string]*OrgSeed, len(orgs))
	for i := range orgs {
		o := &orgs[i]
		if byCode[o.Code] != nil {
			t.Fatalf("duplicate code %q", o.Code)
		}
		if len(o.Code) > 64 || strings.ContainsFunc(o.Code, func(r rune) bool {
			return !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.')
		}) {
			t.Errorf("bad code %q", o.Code)
		}
		n := *o
		n.Normalize()
		if n.Org != o.Org {
			t.Errorf("%s: not normalized: %q", o.Code, o.Name)
		}
		if err := o.Validate(); err != nil {
			t.Errorf("%s: %v", o.Code, err)
		}
		if !strings.HasPrefix(o.Decision, "Quyết định số ") || !strings.HasSuffix(o.Decision, o.ValidFrom.String()) {
			t.Errorf("%s: decision %q for %s", o.Code, o.Decision, o.ValidFrom)
		}
		if o.ValidFrom.After(bontot.NewDate(2020, time.December, 31)) {
			t.Errorf("%s: founded %s", o.Code, o.ValidFrom)
		}
		if o.ParentCode == "" {
			if o.Kind != bontot.KindSuperior {
				t.Errorf("%s: root of kind %s", o.Code, o.Kind)
			}
		} else if p := byCode[o.ParentCode]; p == nil {
			t.Errorf("%s: parent %s missing or after the child", o.Code, o.ParentCode)
		} else {
			if !o.Kind.CanBeChildOf(p.Kind) {
				t.Errorf("%s (%s) under %s (%s)", o.Code, o.Kind, p.Code, p.Kind)
			}
			if !strings.HasPrefix(o.Code, p.Code+".") {
				t.Errorf("code %s not under %s", o.Code, p.Code)
			}
			if !o.ValidFrom.After(p.ValidFrom) {
				t.Errorf("%s founded %s, not after its parent %s", o.Code, o.ValidFrom, p.ValidFrom)
			}
		}
		byCode[o.Code] = o
	}

	type cellStat struct{ n, full, secretaries, deputies, committee int }
	cells := map[string]*cellStat{}
	cards := make(map[string]bool, len(members))
	end2024 := bontot.NewDate(2024, time.December, 31)
	for i := range members {
		s := &members[i]
		o := byCode[s.OrgCode]
		if o == nil || !o.Kind.IsCell() {
			t.Fatalf("member %s in %q, not a cell", s.FullName, s.OrgCode)
		}
		m := s.Member
		m.Normalize()
		if m != s.Member {
			t.Errorf("%s: not normalized", s.FullName)
		}
		if err := m.Validate(today); err != nil {
			t.Errorf("%s (%s): %v", m.FullName, s.OrgCode, err)
		}
		if cards[m.CardNumber] {
			t.Errorf("duplicate card %s", m.CardNumber)
		}
		cards[m.CardNumber] = true
		if len(m.CardNumber) != 8 || strings.Trim(m.CardNumber, "0123456789") != "" {
			t.Errorf("card %q", m.CardNumber)
		}
		if m.Phone != "" && (len(m.Phone) != 10 || m.Phone[0] != '0' || strings.Trim(m.Phone, "0123456789") != "") {
			t.Errorf("phone %q", m.Phone)
		}
		if y := m.BirthDate.Year(); y < 1940 || y > 2000 {
			t.Errorf("%s born %s", m.FullName, m.BirthDate)
		}
		if m.AdmittedDate.After(bontot.NewDate(2024, time.June, 30)) {
			t.Errorf("%s admitted %s", m.FullName, m.AdmittedDate)
		}
		switch m.Status {
		case bontot.StatusProbation:
			if !m.FullMemberDate.IsZero() || m.AdmittedDate.Before(bontot.NewDate(2024, time.January, 1)) {
				t.Errorf("probationary %s admitted %s, full %s", m.FullName, m.AdmittedDate, m.FullMemberDate)
			}
		default:
			a, f := m.AdmittedDate.Time(), m.FullMemberDate.Time()
			if !f.Equal(a.AddDate(1, 0, 0)) {
				t.Errorf("%s admitted %s, full %s", m.FullName, m.AdmittedDate, m.FullMemberDate)
			}
		}
		if s.Since.Before(m.AdmittedDate) || s.Since.Before(o.ValidFrom) || s.Since.After(end2024) {
			t.Errorf("%s since %s (admitted %s, cell founded %s)", m.FullName, s.Since, m.AdmittedDate, o.ValidFrom)
		}
		c := cells[s.OrgCode]
		if c == nil {
			c = &cellStat{}
			cells[s.OrgCode] = c
		}
		c.n++
		if m.Status == bontot.StatusFull {
			c.full++
		}
		switch m.Position {
		case bontot.PosSecretary:
			c.secretaries++
			if m.Status != bontot.StatusFull {
				t.Errorf("secretary %s of %s is %s", m.FullName, s.OrgCode, m.Status)
			}
		case bontot.PosDeputySecretary:
			c.deputies++
		case bontot.PosCommittee:
			c.committee++
		}
	}
	sizes := map[string]int{}
	for code, o := range byCode {
		if !o.Kind.IsCell() {
			continue
		}
		c := cells[code]
		if c == nil {
			t.Errorf("cell %s has no members", code)
			continue
		}
		sizes[code] = c.n
		if c.secretaries != 1 || c.deputies > 1 || c.full < 3 {
			t.Errorf("cell %s: %d secretaries, %d deputies, %d full members", code, c.secretaries, c.deputies, c.full)
		}
		if c.committee > 0 && c.full < 9 {
			t.Errorf("cell %s: committee with %d full members", code, c.full)
		}
		if c.full >= 9 && (c.committee == 0 || c.deputies == 0) {
			t.Errorf("cell %s: %d full members, no committee", code, c.full)
		}
	}
	return sizes
}

func TestHaTinhDeterministic(t *testing.T) {
	o1, m1 := HaTinh()
	o2, m2 := HaTinh()
	if !reflect.DeepEqual(o1, o2) || !reflect.DeepEqual(m1, m2) {
		t.Fatal("two calls of HaTinh differ")
	}
}

func TestHaTinh(t *testing.T) {
	orgs, members := HaTinh()
	sizes := check(t, orgs, members)
	t.Logf("%d organizations, %d cells, %d members", len(orgs), len(sizes), len(members))
	if n := len(members); n < 5000 || n > 7000 {
		t.Errorf("%d members, want 5,000–7,000", n)
	}

	for code, name := range map[string]string{
		"HT":                 "Đảng bộ tỉnh Hà Tĩnh",
		CityCode:             "Đảng bộ thành phố Hà Tĩnh",
		"HT.TP.NDU":          "Đảng bộ phường Nguyễn Du",
		"HT.TP.TRP":          "Đảng bộ phường Trần Phú",
		"HT.TP.TRP.TDP4":     "Chi bộ TDP 4",
		"HT.TP.THPTTS":       "Chi bộ Trường THPT Thành Sen",
		"HT.TP.CA":           "Đảng bộ Công an thành phố",
		"HT.TP.CQTU":         "Đảng bộ Cơ quan Thành ủy",
		"HT.TP.MTDVDT":       "Chi bộ Công ty Cổ phần Môi trường và Dịch vụ đô thị",
		"HT.TP.THCSLVT":      "Chi bộ Trường THCS Lê Văn Thiêm",
		"HT.TP.CA.CAP":       "Đảng bộ bộ phận Công an các phường",
		"HT.TP.TTYT.KN.HSCC": "Tổ đảng Hồi sức cấp cứu",
	} {
		o := FindOrg(orgs, code)
		if o == nil || o.Name != name {
			t.Errorf("FindOrg(%s) = %v, want %q", code, o, name)
		}
	}
	if o := FindOrg(orgs, "HT.TP"); o.ShortName != "Thành ủy Hà Tĩnh" || o.ParentCode != "HT" {
		t.Errorf("city: %+v", o)
	}
	if FindOrg(orgs, "nope") != nil {
		t.Error("FindOrg found a missing code")
	}
	found := 0
	for _, o := range orgs {
		if strings.Contains(vn.Fold(o.Name), "nguyen du") {
			found++
		}
	}
	if found == 0 {
		t.Error(`no organization matches "nguyen du"`)
	}

	grassroots, kinds := 0, map[bontot.OrgKind]int{}
	for _, o := range orgs {
		kinds[o.Kind]++
		if o.ParentCode == CityCode && o.Kind.IsGrassroots() {
			grassroots++
		}
	}
	if grassroots < 60 || grassroots > 70 {
		t.Errorf("%d grassroots organizations under the city, want about 64", grassroots)
	}
	if kinds[bontot.KindIntermediate] == 0 || kinds[bontot.KindGroup] == 0 {
		t.Errorf("kinds %v: want intermediate committees and party groups", kinds)
	}

	for _, want := range []struct{ name, gender string }{{"Nguyễn Văn Đức", "male"}, {"Trần Thị Hà", "female"}} {
		var in []string
		for _, m := range members {
			if m.FullName == want.name {
				in = append(in, m.OrgCode)
				if string(m.Gender) != want.gender {
					t.Errorf("%s is %s", want.name, m.Gender)
				}
			}
		}
		if len(in) != 1 || in[0] != "HT.TP.TRP.TDP4" {
			t.Errorf("%s in %v, want only in HT.TP.TRP.TDP4", want.name, in)
		}
	}

	statuses, families, cellsOfSub := map[bontot.MemberStatus]int{}, map[string]int{}, map[string]bontot.OrgSubtype{}
	for _, o := range orgs {
		cellsOfSub[o.Code] = o.Subtype
	}
	for _, m := range members {
		statuses[m.Status]++
		family, _, _ := vn.SplitName(m.FullName)
		families[family]++
	}
	n := float64(len(members))
	if p := float64(statuses[bontot.StatusProbation]) / n; p < 0.02 || p > 0.08 {
		t.Errorf("%.1f%% probationary, want about 5%%", 100*p)
	}
	if p := float64(statuses[bontot.StatusExempt]) / n; p < 0.01 || p > 0.06 {
		t.Errorf("%.1f%% exempt, want about 3%%", 100*p)
	}
	if p := float64(families["Nguyễn"]) / n; p < 0.28 || p > 0.42 {
		t.Errorf("%.1f%% Nguyễn, want about 35%%", 100*p)
	}
	for code, size := range sizes {
		lo, hi := 8, 30
		switch cellsOfSub[code] {
		case bontot.SubResidential, bontot.SubVillage:
			lo, hi = 15, 60
		case bontot.SubRetired:
			lo, hi = 15, 40
		}
		if size < lo || size > hi {
			t.Errorf("cell %s (%s): %d members, want %d–%d", code, cellsOfSub[code], size, lo, hi)
		}
	}
}

// collect runs Generate and keeps copies of everything.
func collect(t testing.TB, scale Scale, seed int64) ([]OrgSeed, []MemberSeed) {
	var orgs []OrgSeed
	var members []MemberSeed
	err := Generate(scale, seed, func(o *OrgSeed) error {
		if len(members) > 0 {
			t.Fatal("an organization after a member")
		}
		orgs = append(orgs, *o)
		return nil
	}, func(m *MemberSeed) error {
		members = append(members, *m)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return orgs, members
}

// counts returns the numbers of grassroots organizations and cells.
func counts(orgs []OrgSeed) (grassroots, cells int) {
	for _, o := range orgs {
		if o.Kind.IsGrassroots() {
			grassroots++
		}
		if o.Kind.IsCell() {
			cells++
		}
	}
	return grassroots, cells
}

func TestGenerateCity(t *testing.T) {
	orgs, members := collect(t, ScaleCity, 7)
	check(t, orgs, members)
	grassroots, cells := counts(orgs)
	t.Logf("%d organizations, %d grassroots, %d cells, %d members", len(orgs), grassroots, cells, len(members))
	if grassroots < 60 || grassroots > 70 || cells < 320 || cells > 480 || len(members) < 4500 || len(members) > 7500 {
		t.Errorf("%d grassroots, %d cells, %d members; want about 64, 400, 6,000", grassroots, cells, len(members))
	}
	o2, m2 := collect(t, ScaleCity, 7)
	if !reflect.DeepEqual(orgs, o2) || !reflect.DeepEqual(members, m2) {
		t.Error("two runs with the same seed differ")
	}
	o3, _ := collect(t, ScaleCity, 8)
	if reflect.DeepEqual(orgs, o3) {
		t.Error("two seeds give the same data")
	}
}

func TestGenerateProvince(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	orgs, members := collect(t, ScaleProvince, 1)
	check(t, orgs, members)
	grassroots, cells := counts(orgs)
	t.Logf("%d organizations, %d grassroots, %d cells, %d members", len(orgs), grassroots, cells, len(members))
	// A 34th of 52,000 grassroots organizations, 300,000 cells, 5.6 million members.
	if grassroots < 1400 || grassroots > 1670 || cells < 8000 || cells > 9700 || len(members) < 150_000 || len(members) > 180_000 {
		t.Errorf("%d grassroots, %d cells, %d members; want about 1,530, 8,800, 165,000", grassroots, cells, len(members))
	}
}

func TestGenerateStops(t *testing.T) {
	if err := Generate("world", 1, nil, nil); err == nil {
		t.Error("unknown scale accepted")
	}
	stop := errors.New("stop")
	n := 0
	err := Generate(ScaleCity, 1, nil, func(*MemberSeed) error {
		if n++; n == 10 {
			return stop
		}
		return nil
	})
	if err != stop || n != 10 {
		t.Errorf("err %v after %d members, want stop after 10", err, n)
	}
	n = 0
	err = Generate(ScaleCity, 1, func(*OrgSeed) error { n++; return nil }, nil)
	if err != nil || n < 300 {
		t.Errorf("organizations only: %d, %v", n, err)
	}
}

func TestScramble(t *testing.T) {
	seen := make([]bool, 1_000_000)
	for n := range seen {
		v := scramble(n)
		if v < 0 || v >= len(seen) || seen[v] {
			t.Fatalf("scramble(%d) = %d, out of range or repeated", n, v)
		}
		seen[v] = true
	}
}

func TestDays(t *testing.T) {
	for n := -30000; n < 30000; n += 7 {
		y, m, d := civil(n)
		if dayOf(y, m, d) != n || dayNum(dateOf(n)) != n || dateOf(n).ISO() != bontot.NewDate(y, time.Month(m), d).ISO() {
			t.Fatalf("day %d: %d-%d-%d", n, y, m, d)
		}
	}
}

func generate(b *testing.B, scale Scale) {
	var orgs, grassroots, cells, members int
	for b.Loop() {
		orgs, grassroots, cells, members = 0, 0, 0, 0
		err := Generate(scale, 1, func(o *OrgSeed) error {
			orgs++
			if o.Kind.IsGrassroots() {
				grassroots++
			}
			if o.Kind.IsCell() {
				cells++
			}
			return nil
		}, func(*MemberSeed) error { members++; return nil })
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(orgs), "orgs")
	b.ReportMetric(float64(grassroots), "grassroots")
	b.ReportMetric(float64(cells), "cells")
	b.ReportMetric(float64(members), "members")
}

func BenchmarkGenerateProvince(b *testing.B) { generate(b, ScaleProvince) }

// BenchmarkGenerateNational is for measuring by hand:
//
//	go test -run '^$' -bench National -benchtime 1x ./demo
func BenchmarkGenerateNational(b *testing.B) { generate(b, ScaleNational) }
