package store_test

import (
	"context"
	"testing"

	"bontot"
	"bontot/store"
)

func TestImportMembersAllOrNothing(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		tr := mustTree(t, s)
		ctx := context.Background()
		existing := MustMember(t, s, tr.tdp4, "Nguyễn Văn Đức", "36000001")
		everywhere := func(string) bool { return true }
		row := func(n int, name, card, code string) store.MemberImport {
			return store.MemberImport{Row: n, OrgCode: code, Member: bontot.Member{FullName: name, Gender: bontot.Female, BirthDate: bontot.MustDate("01/01/1975"),
				AdmittedDate: bontot.MustDate("01/01/2000"), FullMemberDate: bontot.MustDate("01/01/2001"), Status: bontot.StatusFull, CardNumber: card, Position: bontot.PosMember}}
		}
		bad := []store.MemberImport{
			row(2, "Phan Thị Lan", "36000010", "HT.TP.TRP.TDP1"),
			row(3, "Võ Thị Mai", "36000011", "HT.TP.KHONGCO"),
			row(4, "Hồ Văn Nam", "36000012", "HT.TP.TRP"),
		}
		res, err := s.ImportMembers(ctx, admin, bad, everywhere, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Problems) != 2 || res.Problems[0].Row != 3 || res.Problems[0].Column != "Mã chi bộ" || res.Problems[1].Row != 4 {
			t.Errorf("problems = %+v", res.Problems)
		}
		if page, _ := s.Members(ctx, bontot.MemberFilter{}); page.Total != 1 {
			t.Errorf("a refused import left %d members, want 1", page.Total)
		}
		if n := MustGet(t, s, tr.city.ID).MemberCount; n != 1 {
			t.Errorf("a refused import changed counts: %d", n)
		}

		// A good file: one new, one update of the existing card with a move.
		upd := row(3, "Nguyễn Văn Đức", "36000001", "HT.TP.NDU.TDP2")
		upd.Member.Gender, upd.Member.Phone = bontot.Male, "0912345678"
		upd.Member.BirthDate, upd.Member.AdmittedDate, upd.Member.FullMemberDate = existing.BirthDate, existing.AdmittedDate, existing.FullMemberDate
		res, err = s.ImportMembers(ctx, admin, []store.MemberImport{row(2, "Phan Thị Lan", "36000010", "HT.TP.TRP.TDP1"), upd}, everywhere, false)
		if err != nil || len(res.Problems) != 0 {
			t.Fatalf("import: %v %+v", err, res)
		}
		if res.Created != 1 || res.Updated != 1 || res.Moved != 1 {
			t.Errorf("result = %+v", res)
		}
		got, _ := s.Member(ctx, existing.ID)
		if got.Phone != "0912345678" || got.OrgID != tr.w2cell.ID {
			t.Errorf("updated member: phone %q org %d", got.Phone, got.OrgID)
		}
		if MustGet(t, s, tr.ward2.ID).MemberCount != 1 || MustGet(t, s, tr.ward.ID).MemberCount != 1 {
			t.Error("counts after import")
		}
		// Out of scope rows are refused.
		res, _ = s.ImportMembers(ctx, admin, []store.MemberImport{row(2, "Đinh Thị Nga", "36000020", "HT.TP.NDU.TDP2")}, func(p string) bool { return p == tr.tdp4.Path }, false)
		if len(res.Problems) != 1 {
			t.Errorf("out of scope: %+v", res.Problems)
		}
	})
}

func TestImportOrgs(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		tr := mustTree(t, s)
		ctx := context.Background()
		everywhere := func(string) bool { return true }
		org := func(code, name string, kind bontot.OrgKind) bontot.Org {
			return bontot.Org{Code: code, Name: name, Kind: kind, Subtype: bontot.SubResidential, ValidFrom: bontot.MustDate("01/01/2016")}
		}
		rows := []store.OrgImport{
			{Row: 2, Org: org("HT.TP.VY.TDP1", "Chi bộ TDP 1", bontot.KindCell), ParentCode: "HT.TP.VY"}, // parent defined below
			{Row: 3, Org: org("HT.TP.VY", "Đảng bộ phường Văn Yên", bontot.KindBaseCommittee), ParentCode: "HT.TP"},
			{Row: 4, Org: org("HT.TP.TRP", "Đảng bộ phường Trần Phú (mới)", bontot.KindBaseCommittee), ParentCode: "HT.TP"},
			{Row: 5, Org: org("HT.TP.TRP.TDP4", "Chi bộ TDP 4", bontot.KindCell), ParentCode: "HT.TP.VY"},
		}
		res, err := s.ImportOrgs(ctx, admin, rows, everywhere, false)
		if err != nil || len(res.Problems) != 0 {
			t.Fatalf("import: %v %+v", err, res.Problems)
		}
		if res.Created != 2 || res.Updated != 1 || res.Moved != 1 {
			t.Errorf("result = %+v", res)
		}
		vy, err := s.OrgByCode(ctx, "HT.TP.VY")
		if err != nil || vy.ChildCount != 2 || vy.CellCount != 2 {
			t.Errorf("Văn Yên: %+v %v", vy, err)
		}
		if got := MustGet(t, s, tr.ward.ID); got.Name != "Đảng bộ phường Trần Phú (mới)" {
			t.Errorf("renamed: %q", got.Name)
		}
		// A bad file changes nothing.
		before := MustGet(t, s, tr.city.ID)
		res, _ = s.ImportOrgs(ctx, admin, []store.OrgImport{
			{Row: 2, Org: org("HT.TP.MOI", "Chi bộ mới", bontot.KindCell), ParentCode: "HT.TP.VY"},
			{Row: 3, Org: org("HT.TP.SAI", "Chi bộ sai", bontot.KindCell), ParentCode: "HT.TP.KHONGCO"},
			{Row: 4, Org: org("HT.TP.SAI2", "Chi bộ sai cấp", bontot.KindCell), ParentCode: "HT.TP"},
		}, everywhere, false)
		if len(res.Problems) != 2 || res.Problems[0].Row != 3 || res.Problems[1].Row != 4 {
			t.Errorf("problems = %+v", res.Problems)
		}
		if after := MustGet(t, s, tr.city.ID); after.OrgCount != before.OrgCount {
			t.Errorf("a refused import changed the tree: %d → %d orgs", before.OrgCount, after.OrgCount)
		}
	})
}

func TestImportDryRunChangesNothing(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		tr := mustTree(t, s)
		ctx := context.Background()
		rows := []store.OrgImport{{Row: 2, Org: bontot.Org{Code: "HT.TP.MOI", Name: "Chi bộ mới", Kind: bontot.KindBaseCell, ValidFrom: bontot.MustDate("01/01/2020")}, ParentCode: "HT.TP"}}
		res, err := s.ImportOrgs(ctx, admin, rows, func(string) bool { return true }, true)
		if err != nil || len(res.Problems) != 0 || res.Created != 1 {
			t.Fatalf("dry run: %v %+v", err, res)
		}
		if _, err := s.OrgByCode(ctx, "HT.TP.MOI"); bontot.ErrorCode(err) != bontot.ENOTFOUND {
			t.Errorf("a dry run created the organization: %v", err)
		}
		if MustGet(t, s, tr.city.ID).OrgCount != 6 {
			t.Error("a dry run changed the counts")
		}
	})
}
