package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"bontot"
	"bontot/scoring"
	"bontot/store"
)

// ratingTree is the test tree plus a đảng bộ bộ phận with one cell under the
// ward, and members: tdp1 has ten, tdp4 four, the school (a chi bộ cơ sở) three.
type ratingTree struct {
	tree
	branch, branchCell *bontot.Org
	tdp1m, tdp4m       []*bontot.Member
	schoolm            []*bontot.Member
	outsider           *bontot.Member // in the other ward
}

func mustRatingTree(tb testing.TB, s *store.Store) ratingTree {
	tb.Helper()
	rt := ratingTree{tree: mustTree(tb, s)}
	rt.branch = MustOrg(tb, s, rt.ward, "HT.TP.TRP.QS", "Đảng bộ bộ phận Quân sự", bontot.KindIntermediate)
	rt.branchCell = MustOrg(tb, s, rt.branch, "HT.TP.TRP.QS.1", "Chi bộ Dân quân", bontot.KindCell)
	given := []string{"An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Khánh", "Lâm", "Minh", "Nam"}
	for i, g := range given {
		rt.tdp1m = append(rt.tdp1m, MustMember(tb, s, rt.tdp1, "Nguyễn Văn "+g, fmt.Sprintf("3610%04d", i)))
	}
	for i, g := range given[:4] {
		rt.tdp4m = append(rt.tdp4m, MustMember(tb, s, rt.tdp4, "Trần Thị "+g, fmt.Sprintf("3640%04d", i)))
	}
	for i, g := range given[:3] {
		rt.schoolm = append(rt.schoolm, MustMember(tb, s, rt.school, "Lê Văn "+g, fmt.Sprintf("3650%04d", i)))
	}
	rt.outsider = MustMember(tb, s, rt.w2cell, "Phạm Văn Xa", "36900001")
	return rt
}

func rates(ms []*bontot.Member, rs ...scoring.Rating) map[int64]scoring.Rating {
	out := map[int64]scoring.Rating{}
	for i, r := range rs {
		out[ms[i].ID] = r
	}
	return out
}

func repeat(r scoring.Rating, n int) []scoring.Rating {
	out := make([]scoring.Rating, n)
	for i := range out {
		out[i] = r
	}
	return out
}

func hasRule(vs []scoring.Violation, rule scoring.Rule) bool {
	for _, v := range vs {
		if v.Rule == rule {
			return true
		}
	}
	return false
}

// memberRating finds a member's rating on the sheet.
func memberRating(sheet *bontot.RatingSheet, id int64) scoring.Rating {
	for _, c := range sheet.Cells {
		for _, m := range c.Members {
			if m.MemberID == id {
				return m.Rating
			}
		}
	}
	return -1
}

func mustSheet(tb testing.TB, s *store.Store, id int64, year int) *bontot.RatingSheet {
	tb.Helper()
	sheet, err := s.RatingSheet(context.Background(), id, year)
	if err != nil {
		tb.Fatal(err)
	}
	return sheet
}

func TestRatingSheet(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		rt := mustRatingTree(t, s)
		ctx := context.Background()
		sheet := mustSheet(t, s, rt.ward.ID, 2024)
		if sheet.Quota != 2000 || sheet.Own != scoring.Unrated || sheet.Year != 2024 {
			t.Errorf("sheet = quota %d own %d year %d", sheet.Quota, sheet.Own, sheet.Year)
		}
		var names []string
		for _, c := range sheet.Cells {
			names = append(names, fmt.Sprintf("%s:%d", c.Org.Name, len(c.Members)))
		}
		if got, want := strings.Join(names, ", "), "Chi bộ TDP 1:10, Chi bộ TDP 4:4, Chi bộ Dân quân:0"; got != want {
			t.Errorf("cells = %s, want %s", got, want)
		}
		if m := sheet.Cells[0].Members; m[0].Name != "Nguyễn Văn An" || m[9].Name != "Nguyễn Văn Nam" || m[0].CardNumber != "36100000" || m[0].OrgCode != "HT.TP.TRP.TDP1" {
			t.Errorf("members = %+v", m)
		}
		// A chi bộ cơ sở is its own single cell.
		school := mustSheet(t, s, rt.school.ID, 2024)
		if len(school.Cells) != 1 || school.Cells[0].Org.ID != rt.school.ID || len(school.Cells[0].Members) != 3 {
			t.Errorf("school sheet = %+v", school.Cells)
		}
		// Only grassroots organizations have a sheet.
		if _, err := s.RatingSheet(ctx, rt.tdp1.ID, 2024); bontot.ErrorCode(err) != bontot.EINVALID {
			t.Errorf("sheet of a cell: %v", err)
		}
		if _, err := s.RatingSheet(ctx, 999999, 2024); bontot.ErrorCode(err) != bontot.ENOTFOUND {
			t.Errorf("sheet of nothing: %v", err)
		}
		// The quota comes from the nearest campaign covering the year.
		mustCampaign(t, s, rt.city, 2023, 2025, 1000)
		if q := mustSheet(t, s, rt.ward.ID, 2024).Quota; q != 1000 {
			t.Errorf("quota with a campaign = %d", q)
		}
		if q := mustSheet(t, s, rt.ward.ID, 2022).Quota; q != 2000 {
			t.Errorf("quota outside the campaign = %d", q)
		}
	})
}

// mustCampaign inserts a campaign row; the campaign API is not needed here.
func mustCampaign(tb testing.TB, s *store.Store, scope *bontot.Org, from, to int, quota int) {
	tb.Helper()
	_, err := s.DB().Exec(fmt.Sprintf(`INSERT INTO campaigns (name, issuer_org_id, scope_org_id, from_year, to_year, quota, created_at, updated_at)
		VALUES ('Chi bộ 4 tốt', %d, %d, %d, %d, %d, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`, scope.ID, scope.ID, from, to, quota))
	if err != nil {
		tb.Fatal(err)
	}
}

func TestSaveRatingsQuota(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		rt := mustRatingTree(t, s)
		ctx := context.Background()
		// 2 excellent of 10 rated good or better: exactly 20%, allowed.
		ok := rates(rt.tdp1m, append([]scoring.Rating{scoring.HTXSNV, scoring.HTXSNV}, repeat(scoring.HTTNV, 8)...)...)
		vs, err := s.SaveRatings(ctx, admin, rt.ward.ID, 2024, scoring.Unrated, nil, ok)
		if err != nil || len(vs) != 0 {
			t.Fatalf("20%%: %v %+v", err, vs)
		}
		// One more excellent is refused, and nothing of that save is kept.
		more := rates(rt.tdp1m[2:3], scoring.HTXSNV)
		more[rt.tdp4m[0].ID] = scoring.HTNV
		vs, err = s.SaveRatings(ctx, admin, rt.ward.ID, 2024, scoring.Unrated, nil, more)
		if err != nil || !hasRule(vs, scoring.RuleQuotaMembers) {
			t.Fatalf("3 of 10: %v %+v", err, vs)
		}
		sheet := mustSheet(t, s, rt.ward.ID, 2024)
		if memberRating(sheet, rt.tdp1m[2].ID) != scoring.HTTNV || memberRating(sheet, rt.tdp4m[0].ID) != scoring.Unrated {
			t.Error("a refused save changed ratings")
		}
		// Members of all cells are pooled: an excellent member alone in TDP 4
		// is 2 of 11 over the organization, allowed.
		more = rates(rt.tdp4m, scoring.HTXSNV, scoring.HTNV, scoring.HTNV, scoring.HTNV)
		more[rt.tdp1m[1].ID] = scoring.HTTNV
		if vs, err := s.SaveRatings(ctx, admin, rt.ward.ID, 2024, scoring.Unrated, nil, more); err != nil || len(vs) != 0 {
			t.Errorf("2 of 11: %v %+v", err, vs)
		}
		// A campaign's smaller quota applies: 2 of 11 is more than 10%.
		mustCampaign(t, s, rt.ward, 2024, 2024, 1000)
		if vs, _ := s.SaveRatings(ctx, admin, rt.ward.ID, 2024, scoring.Unrated, nil, rates(rt.tdp4m[1:2], scoring.KHTNV)); !hasRule(vs, scoring.RuleQuotaMembers) {
			t.Errorf("a 10%% quota let 2 of 11 through: %+v", vs)
		}
	})
}

func TestSaveRatingsDiscipline(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		rt := mustRatingTree(t, s)
		ctx := context.Background()
		m := rt.tdp4m[1]
		d := &bontot.Discipline{MemberID: m.ID, Level: bontot.Reprimand, Date: bontot.MustDate("10/05/2024"), Decision: " 12-QĐ/ĐU ", Reason: "Vi phạm  quy định"}
		if err := s.AddDiscipline(ctx, admin, d); err != nil {
			t.Fatal(err)
		}
		if d.OrgID != rt.tdp4.ID || d.Decision != "12-QĐ/ĐU" || d.Reason != "Vi phạm quy định" {
			t.Errorf("discipline = %+v", d)
		}
		sheet := mustSheet(t, s, rt.ward.ID, 2024)
		if !sheet.Cells[1].Members[1].Disciplined || sheet.Cells[1].Members[0].Disciplined {
			t.Errorf("disciplined flags = %+v", sheet.Cells[1].Members)
		}
		if mustSheet(t, s, rt.ward.ID, 2023).Cells[1].Members[1].Disciplined {
			t.Error("a 2024 decision counts in 2023")
		}
		vs, err := s.SaveRatings(ctx, admin, rt.ward.ID, 2024, scoring.Unrated, nil, rates(rt.tdp4m[1:2], scoring.HTNV))
		if err != nil || !hasRule(vs, scoring.RuleDiscipline) {
			t.Fatalf("disciplined HTNV: %v %+v", err, vs)
		}
		if memberRating(mustSheet(t, s, rt.ward.ID, 2024), m.ID) != scoring.Unrated {
			t.Error("a refused rating was saved")
		}
		if vs, err := s.SaveRatings(ctx, admin, rt.ward.ID, 2024, scoring.Unrated, nil, rates(rt.tdp4m[1:2], scoring.KHTNV)); err != nil || len(vs) != 0 {
			t.Errorf("disciplined KHTNV: %v %+v", err, vs)
		}
		ds, err := s.Disciplines(ctx, m.ID)
		if err != nil || len(ds) != 1 || ds[0].Level != bontot.Reprimand || ds[0].Date != bontot.MustDate("10/05/2024") || ds[0].OrgPath != rt.tdp4.Path {
			t.Errorf("disciplines = %v %+v", err, ds)
		}
		entries, _, _ := s.AuditEntries(ctx, bontot.AuditFilter{Action: "discipline.create"})
		if len(entries) != 1 || entries[0].EntityID != m.ID || entries[0].OrgPath != rt.tdp4.Path {
			t.Errorf("discipline audit = %+v", entries)
		}
		// Validation, with field messages.
		var e *bontot.Error
		err = s.AddDiscipline(ctx, admin, &bontot.Discipline{MemberID: m.ID, Date: bontot.MustDate("01/01/2030")})
		if !asError(err, &e) || e.Fields["level"] == "" || e.Fields["date"] == "" || e.Fields["decision"] == "" {
			t.Errorf("bad discipline: %v", err)
		}
	})
}

func TestSaveRatingsCellRules(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		rt := mustRatingTree(t, s)
		ctx := context.Background()
		cell := map[int64]scoring.Rating{rt.tdp4.ID: scoring.HTTNV}
		// A member KHTNV: the cell cannot be HTTNV.
		vs, err := s.SaveRatings(ctx, admin, rt.ward.ID, 2024, scoring.Unrated, cell,
			rates(rt.tdp4m, scoring.HTTNV, scoring.HTTNV, scoring.HTNV, scoring.KHTNV))
		if err != nil || !hasRule(vs, scoring.RuleCellMembers) {
			t.Fatalf("cell HTTNV with a KHTNV member: %v %+v", err, vs)
		}
		if sheet := mustSheet(t, s, rt.ward.ID, 2024); sheet.Cells[1].Rating != scoring.Unrated || memberRating(sheet, rt.tdp4m[0].ID) != scoring.Unrated {
			t.Error("a refused save changed ratings")
		}
		// Exactly 50% HTTNV and nobody below HTNV: allowed.
		vs, err = s.SaveRatings(ctx, admin, rt.ward.ID, 2024, scoring.Unrated, cell,
			rates(rt.tdp4m, scoring.HTTNV, scoring.HTTNV, scoring.HTNV, scoring.HTNV))
		if err != nil || len(vs) != 0 {
			t.Fatalf("cell HTTNV with 50%%: %v %+v", err, vs)
		}
		sheet := mustSheet(t, s, rt.ward.ID, 2024)
		if sheet.Cells[1].Rating != scoring.HTTNV || memberRating(sheet, rt.tdp4m[1].ID) != scoring.HTTNV || memberRating(sheet, rt.tdp4m[3].ID) != scoring.HTNV {
			t.Errorf("saved sheet = %+v", sheet.Cells[1])
		}
		// One audit entry per changed subject, under the subject's cell, old → new codes.
		members, _, _ := s.AuditEntries(ctx, bontot.AuditFilter{Action: "rating.member"})
		orgs, _, _ := s.AuditEntries(ctx, bontot.AuditFilter{Action: "rating.org"})
		if len(members) != 4 || len(orgs) != 1 {
			t.Fatalf("audit: %d member entries, %d organization entries", len(members), len(orgs))
		}
		if e := orgs[0]; e.EntityID != rt.tdp4.ID || e.OrgPath != rt.tdp4.Path || len(e.Changes) != 1 || e.Changes[0].Old != "" || e.Changes[0].New != "HTTNV" {
			t.Errorf("organization entry = %+v", e)
		}
		if e := members[0]; e.OrgPath != rt.tdp4.Path || e.Entity != "member" || !strings.Contains(e.Summary, "Trần Thị") {
			t.Errorf("member entry = %+v", e)
		}
		// Saving the same values changes nothing and writes nothing.
		s.SaveRatings(ctx, admin, rt.ward.ID, 2024, scoring.Unrated, cell, rates(rt.tdp4m, scoring.HTTNV))
		if again, _, _ := s.AuditEntries(ctx, bontot.AuditFilter{Action: "rating.member"}); len(again) != 4 {
			t.Errorf("an unchanged save wrote %d entries", len(again)-4)
		}
		// Unrated removes a rating, old → "".
		if vs, err := s.SaveRatings(ctx, admin, rt.ward.ID, 2024, scoring.Unrated, map[int64]scoring.Rating{rt.tdp4.ID: scoring.Unrated}, nil); err != nil || len(vs) != 0 {
			t.Fatalf("unrate: %v %+v", err, vs)
		}
		if sheet := mustSheet(t, s, rt.ward.ID, 2024); sheet.Cells[1].Rating != scoring.Unrated {
			t.Error("the cell is still rated")
		}
		// A chi bộ cơ sở's own rating is its cell's, checked against its members.
		vs, err = s.SaveRatings(ctx, admin, rt.school.ID, 2024, scoring.HTTNV, nil, rates(rt.schoolm, scoring.HTNV, scoring.HTNV, scoring.HTTNV))
		if err != nil || !hasRule(vs, scoring.RuleCellMembers) {
			t.Errorf("school HTTNV with 1 of 3 HTTNV: %v %+v", err, vs)
		}
		vs, err = s.SaveRatings(ctx, admin, rt.school.ID, 2024, scoring.HTTNV, nil, rates(rt.schoolm, scoring.HTNV, scoring.HTTNV, scoring.HTTNV))
		if err != nil || len(vs) != 0 {
			t.Errorf("school HTTNV with 2 of 3 HTTNV: %v %+v", err, vs)
		}
		if sheet := mustSheet(t, s, rt.school.ID, 2024); sheet.Own != scoring.HTTNV || sheet.Cells[0].Rating != scoring.HTTNV {
			t.Errorf("school = own %d cell %d", sheet.Own, sheet.Cells[0].Rating)
		}
	})
}

func TestSaveRatingsRefusesOutsiders(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		rt := mustRatingTree(t, s)
		ctx := context.Background()
		cases := map[string]func() error{
			"member of another ward": func() error {
				_, err := s.SaveRatings(ctx, admin, rt.ward.ID, 2024, scoring.Unrated, nil, rates([]*bontot.Member{rt.outsider}, scoring.HTNV))
				return err
			},
			"cell of another ward": func() error {
				_, err := s.SaveRatings(ctx, admin, rt.ward.ID, 2024, scoring.Unrated, map[int64]scoring.Rating{rt.w2cell.ID: scoring.HTNV}, nil)
				return err
			},
			"not a grassroots organization": func() error {
				_, err := s.SaveRatings(ctx, admin, rt.tdp1.ID, 2024, scoring.HTNV, nil, nil)
				return err
			},
			"a year to come": func() error {
				_, err := s.SaveRatings(ctx, admin, rt.ward.ID, 2026, scoring.HTNV, nil, nil)
				return err
			},
			"not a rating": func() error {
				_, err := s.SaveRatings(ctx, admin, rt.ward.ID, 2024, scoring.Rating(7), nil, nil)
				return err
			},
		}
		for name, save := range cases {
			if err := save(); bontot.ErrorCode(err) != bontot.EINVALID {
				t.Errorf("%s: %v, want EINVALID", name, err)
			}
		}
		if entries, _, _ := s.AuditEntries(ctx, bontot.AuditFilter{Action: "rating.member"}); len(entries) != 0 {
			t.Error("a refused save was audited")
		}
	})
}

func TestImportRatingsAllOrNothing(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		rt := mustRatingTree(t, s)
		ctx := context.Background()
		everywhere := func(string, bool) bool { return true }
		if err := s.AddDiscipline(ctx, admin, &bontot.Discipline{MemberID: rt.tdp4m[0].ID, Level: bontot.Warning, Date: bontot.MustDate("01/03/2024"), Decision: "5-QĐ/ĐU"}); err != nil {
			t.Fatal(err)
		}
		row := func(n int, code, card string, r scoring.Rating) store.RatingImportRow {
			return store.RatingImportRow{Row: n, Year: 2024, OrgCode: code, CardNumber: card, Rating: r}
		}
		bad := []store.RatingImportRow{
			row(2, "HT.TP.TRP.TDP4", "", scoring.HTNV),
			row(3, "HT.TP.TRP.TDP4", rt.tdp4m[0].CardNumber, scoring.HTTNV), // disciplined
			row(4, "", "36999999", scoring.HTNV),                            // no such card
			row(5, "HT.TP.TRP.TDP1", rt.tdp4m[1].CardNumber, scoring.HTNV),  // wrong cell
			row(6, "HT.TP.TRP.TDP4", "", scoring.HTTNV),                     // twice
			row(7, "HT.TP.KHONGCO", "", scoring.HTNV),
			row(8, "HT.TP", "", scoring.HTNV), // not rated by this file
			{Row: 9, Year: 2030, OrgCode: "HT.TP.TRP", Rating: scoring.HTNV},
		}
		res, err := s.ImportRatings(ctx, admin, bad, everywhere, false)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range res.Problems {
			got = append(got, fmt.Sprintf("%d %s", p.Row, p.Column))
		}
		if want := "3 Xếp loại, 4 Số thẻ đảng viên, 5 Mã tổ chức, 6 Mã tổ chức, 7 Mã tổ chức, 8 Mã tổ chức, 9 Năm"; strings.Join(got, ", ") != want {
			t.Errorf("problems = %s\nwant       %s\n%+v", strings.Join(got, ", "), want, res.Problems)
		}
		if sheet := mustSheet(t, s, rt.ward.ID, 2024); sheet.Cells[1].Rating != scoring.Unrated {
			t.Error("a refused import saved the cell's rating")
		}
		// A rule broken by the merge with stored ratings is reported on the row that breaks it.
		if vs, _ := s.SaveRatings(ctx, admin, rt.ward.ID, 2024, scoring.Unrated, nil, rates(rt.tdp1m, scoring.HTXSNV, scoring.HTTNV, scoring.HTTNV, scoring.HTTNV, scoring.HTTNV)); len(vs) != 0 {
			t.Fatalf("setup: %+v", vs)
		}
		res, _ = s.ImportRatings(ctx, admin, []store.RatingImportRow{row(2, "HT.TP.TRP.TDP1", rt.tdp1m[5].CardNumber, scoring.HTTNV), row(3, "", rt.tdp1m[6].CardNumber, scoring.HTXSNV)}, everywhere, false)
		if len(res.Problems) != 1 || res.Problems[0].Row != 3 || res.Problems[0].Message == "" {
			t.Errorf("quota problems = %+v", res.Problems)
		}
		// Out of scope: an organization's own rating needs the level above.
		res, _ = s.ImportRatings(ctx, admin, []store.RatingImportRow{row(2, "HT.TP.TRP.TDP4", "", scoring.HTNV)}, func(p string, member bool) bool { return member }, false)
		if len(res.Problems) != 1 || res.Problems[0].Column != "Mã tổ chức" {
			t.Errorf("out of scope: %+v", res.Problems)
		}
		// A good file: everything lands, with audit entries, and a dry run first changes nothing.
		good := []store.RatingImportRow{
			row(2, "HT.TP.TRP.TDP4", "", scoring.HTNV),
			row(3, "HT.TP.TRP.TDP4", rt.tdp4m[0].CardNumber, scoring.KHTNV),
			row(4, "", rt.tdp4m[1].CardNumber, scoring.HTTNV),
			row(5, "HT.TP.TRP", "", scoring.HTNV),
			row(6, "HT.TP.THPT", "", scoring.HTNV),
			row(7, "HT.TP.TRP.TDP1", rt.tdp1m[0].CardNumber, scoring.HTXSNV), // unchanged
		}
		res, err = s.ImportRatings(ctx, admin, good, everywhere, true)
		if err != nil || len(res.Problems) != 0 {
			t.Fatalf("dry run: %v %+v", err, res.Problems)
		}
		if mustSheet(t, s, rt.ward.ID, 2024).Own != scoring.Unrated {
			t.Error("a dry run saved")
		}
		res, err = s.ImportRatings(ctx, admin, good, everywhere, false)
		if err != nil || len(res.Problems) != 0 {
			t.Fatalf("import: %v %+v", err, res.Problems)
		}
		if res.Created != 5 || res.Updated != 0 || res.Unchanged != 1 {
			t.Errorf("result = %+v", res)
		}
		sheet := mustSheet(t, s, rt.ward.ID, 2024)
		if sheet.Own != scoring.HTNV || sheet.Cells[1].Rating != scoring.HTNV || memberRating(sheet, rt.tdp4m[0].ID) != scoring.KHTNV {
			t.Errorf("imported sheet: own %d cell %d", sheet.Own, sheet.Cells[1].Rating)
		}
		if mustSheet(t, s, rt.school.ID, 2024).Own != scoring.HTNV {
			t.Error("the school's rating was not imported")
		}
		if entries, _, _ := s.AuditEntries(ctx, bontot.AuditFilter{Action: "rating.import"}); len(entries) != 1 {
			t.Errorf("import audit = %+v", entries)
		}
		if entries, _, _ := s.AuditEntries(ctx, bontot.AuditFilter{Action: "rating.org"}); len(entries) != 3 {
			t.Errorf("%d organization entries, want 3", len(entries))
		}
	})
}

func TestRatingsExport(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		rt := mustRatingTree(t, s)
		ctx := context.Background()
		if vs, err := s.SaveRatings(ctx, admin, rt.ward.ID, 2024, scoring.HTNV, map[int64]scoring.Rating{rt.tdp4.ID: scoring.HTNV}, rates(rt.tdp4m, scoring.HTNV)); err != nil || len(vs) != 0 {
			t.Fatal(err, vs)
		}
		rows, err := s.Ratings(ctx, rt.ward.Path, 2024)
		if err != nil {
			t.Fatal(err)
		}
		// The ward, its cells each followed by its members; 1 + 3 + 10 + 4.
		if len(rows) != 18 {
			t.Fatalf("%d rows", len(rows))
		}
		if r := rows[0]; r.OrgCode != "HT.TP.TRP" || r.MemberID != 0 || r.Rating != scoring.HTNV {
			t.Errorf("first row = %+v", r)
		}
		if r := rows[1]; r.OrgCode != "HT.TP.TRP.QS.1" && r.OrgCode != "HT.TP.TRP.TDP1" {
			t.Errorf("second row = %+v", r)
		}
		var tdp4 int
		for i, r := range rows {
			if r.OrgCode == "HT.TP.TRP.TDP4" && r.MemberID == 0 {
				tdp4 = i
			}
		}
		if r := rows[tdp4]; r.Rating != scoring.HTNV {
			t.Errorf("TDP 4 row = %+v", r)
		}
		if r := rows[tdp4+1]; r.MemberID != rt.tdp4m[0].ID || r.CardNumber != rt.tdp4m[0].CardNumber || r.Rating != scoring.HTNV || r.OrgCode != "HT.TP.TRP.TDP4" {
			t.Errorf("first member of TDP 4 = %+v", r)
		}
		// A cell alone.
		rows, _ = s.Ratings(ctx, rt.tdp4.Path, 2024)
		if len(rows) != 5 || rows[0].OrgID != rt.tdp4.ID {
			t.Errorf("cell export = %+v", rows)
		}
		// The whole city: three grassroots organizations (18 + 3 + 4 rows).
		rows, _ = s.Ratings(ctx, rt.city.Path, 2024)
		if len(rows) != 18+3+4 {
			t.Errorf("city export: %d rows", len(rows))
		}
	})
}
