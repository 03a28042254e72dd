package store_test

import (
	"context"
	"strings"
	"testing"

	"bontot"
	"bontot/store"
)

func TestCreateMemberValidation(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		tr := mustTree(t, s)
		ctx := context.Background()
		MustMember(t, s, tr.tdp4, "Nguyễn Văn Đức", "36000001")
		good := func() *bontot.Member {
			return &bontot.Member{FullName: "Phan Thị Lan", Gender: bontot.Female, BirthDate: bontot.MustDate("12/12/1980"), AdmittedDate: bontot.MustDate("03/02/2005"),
				FullMemberDate: bontot.MustDate("03/02/2006"), Status: bontot.StatusFull, Position: bontot.PosMember, OrgID: tr.tdp4.ID}
		}
		for _, tc := range []struct {
			name   string
			change func(m *bontot.Member)
			code   string
			field  string
		}{
			{"duplicate card", func(m *bontot.Member) { m.CardNumber = "36000001" }, bontot.ECONFLICT, "card_number"},
			{"no name", func(m *bontot.Member) { m.FullName = "  " }, bontot.EINVALID, "full_name"},
			{"admitted before 18", func(m *bontot.Member) { m.AdmittedDate = bontot.MustDate("01/01/1990") }, bontot.EINVALID, "admitted_date"},
			{"born in the future", func(m *bontot.Member) { m.BirthDate = bontot.MustDate("01/01/2030") }, bontot.EINVALID, "birth_date"},
			{"full before admitted", func(m *bontot.Member) { m.FullMemberDate = bontot.MustDate("01/01/2004") }, bontot.EINVALID, "full_member_date"},
			{"not a cell", func(m *bontot.Member) { m.OrgID = tr.ward.ID }, bontot.EINVALID, "org"},
		} {
			m := good()
			tc.change(m)
			err := s.CreateMember(ctx, admin, m, bontot.Date{})
			var e *bontot.Error
			if !asError(err, &e) || e.Code != tc.code || e.Fields[tc.field] == "" {
				t.Errorf("%s: err = %v, want %s on %s", tc.name, err, tc.code, tc.field)
			}
		}
		// Nothing of the refused members was saved.
		if o := MustGet(t, s, tr.tdp4.ID); o.MemberCount != 1 {
			t.Errorf("member count = %d after refusals, want 1", o.MemberCount)
		}
		page, _ := s.Members(ctx, bontot.MemberFilter{OrgID: tr.tdp4.ID})
		if page.Total != 1 {
			t.Errorf("members = %d, want 1", page.Total)
		}
		// Decomposed input is stored composed (NFC), so it is found by either form.
		m := good()
		m.FullName = "Phan Thi\u0323 Lan"
		if err := s.CreateMember(ctx, admin, m, bontot.Date{}); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Member(ctx, m.ID); got.FullName != "Phan Thị Lan" {
			t.Errorf("stored name %q is not NFC", got.FullName)
		}
	})
}

func TestMembersVietnameseOrderAndSearch(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		tr := mustTree(t, s)
		ctx := context.Background()
		for i, n := range []string{"Trần Văn Đức", "Nguyễn Thị Ánh", "Lê Văn Dũng", "Phạm Thị Ân", "Hoàng Văn An", "Nguyễn Văn Đức"} {
			MustMember(t, s, tr.tdp4, n, "3600010"+itoa(int64(i)))
		}
		MustMember(t, s, tr.w2cell, "Nguyễn Du", "36000200")

		page, err := s.Members(ctx, bontot.MemberFilter{OrgID: tr.tdp4.ID})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := memberNames(page), "Hoàng Văn An|Nguyễn Thị Ánh|Phạm Thị Ân|Lê Văn Dũng|Nguyễn Văn Đức|Trần Văn Đức"; got != want {
			t.Errorf("order:\n got %s\nwant %s", got, want)
		}
		for _, tc := range []struct {
			q     string
			under string
			want  string
		}{
			{"nguyen van duc", "", "Nguyễn Văn Đức"},
			{"NGUYỄN VĂN ĐỨC", "", "Nguyễn Văn Đức"},
			{"duc", "", "Nguyễn Văn Đức|Trần Văn Đức"},
			{"nguyen du", "", "Nguyễn Du"},
			{"nguyen", tr.ward.Path, "Nguyễn Thị Ánh|Nguyễn Văn Đức"},
			{"3600010", "", "Hoàng Văn An|Nguyễn Thị Ánh|Phạm Thị Ân|Lê Văn Dũng|Nguyễn Văn Đức|Trần Văn Đức"},
			{"36000200", "", "Nguyễn Du"},
			{"xyz", "", ""},
		} {
			page, err := s.Members(ctx, bontot.MemberFilter{Query: tc.q, Under: tc.under})
			if err != nil {
				t.Fatal(err)
			}
			if got := memberNames(page); got != tc.want {
				t.Errorf("search %q under %q: got %s, want %s", tc.q, tc.under, got, tc.want)
			}
		}
	})
}

func TestTransferMember(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		tr := mustTree(t, s)
		ctx := context.Background()
		m := MustMember(t, s, tr.tdp4, "Nguyễn Văn Đức", "36000001")

		// Temporary: the official cell and counts stay.
		err := s.TransferMember(ctx, admin, bontot.Transfer{MemberID: m.ID, ToOrgID: tr.w2cell.ID, Kind: bontot.Temporary, Date: bontot.MustDate("01/02/2025"), Note: "Đi làm xa"})
		if err != nil {
			t.Fatal(err)
		}
		got, _ := s.Member(ctx, m.ID)
		if got.OrgID != tr.tdp4.ID || got.TempOrgID != tr.w2cell.ID || got.TempOrgName != "Chi bộ TDP 2" {
			t.Errorf("after temporary transfer: org %d temp %d %q", got.OrgID, got.TempOrgID, got.TempOrgName)
		}
		if page, _ := s.Members(ctx, bontot.MemberFilter{OrgID: tr.w2cell.ID}); page.Total != 1 {
			t.Errorf("the temporary cell lists %d members, want 1", page.Total)
		}
		if MustGet(t, s, tr.ward.ID).MemberCount != 1 || MustGet(t, s, tr.ward2.ID).MemberCount != 0 {
			t.Error("a temporary transfer moved the stored counts")
		}

		// Official: before the current membership began is refused; then the move.
		err = s.TransferMember(ctx, admin, bontot.Transfer{MemberID: m.ID, ToOrgID: tr.school.ID, Kind: bontot.Official, Date: bontot.MustDate("01/01/2019")})
		if bontot.ErrorCode(err) != bontot.EINVALID {
			t.Errorf("transfer dated before the membership: %v", err)
		}
		for _, bad := range []int64{tr.tdp4.ID, tr.ward.ID} {
			if err := s.TransferMember(ctx, admin, bontot.Transfer{MemberID: m.ID, ToOrgID: bad, Kind: bontot.Official, Date: bontot.MustDate("01/03/2025")}); bontot.ErrorCode(err) != bontot.EINVALID {
				t.Errorf("transfer to org %d: %v", bad, err)
			}
		}
		if err := s.TransferMember(ctx, admin, bontot.Transfer{MemberID: m.ID, ToOrgID: tr.school.ID, Kind: bontot.Official, Date: bontot.MustDate("01/03/2025"), Note: "QĐ 12"}); err != nil {
			t.Fatal(err)
		}
		got, _ = s.Member(ctx, m.ID)
		if got.OrgID != tr.school.ID || got.OrgPath != tr.school.Path || got.TempOrgID != 0 {
			t.Errorf("after official transfer: org %d path %q temp %d", got.OrgID, got.OrgPath, got.TempOrgID)
		}
		for _, tc := range []struct {
			org  *bontot.Org
			want int
		}{{tr.city, 1}, {tr.ward, 0}, {tr.tdp4, 0}, {tr.school, 1}} {
			if n := MustGet(t, s, tc.org.ID).MemberCount; n != tc.want {
				t.Errorf("%s has %d members, want %d", tc.org.Name, n, tc.want)
			}
		}
		hist, err := s.Memberships(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, h := range hist {
			lines = append(lines, h.OrgName+" "+string(h.Kind)+" "+h.From.String()+"–"+h.To.String())
		}
		want := "Chi bộ TDP 4 official 01/01/2020–01/03/2025|Chi bộ TDP 2 temporary 01/02/2025–01/03/2025|Chi bộ Trường THPT Thành Sen official 01/03/2025–"
		if got := strings.Join(lines, "|"); got != want {
			t.Errorf("history:\n got %s\nwant %s", got, want)
		}
		entries, _, _ := s.AuditEntries(ctx, bontot.AuditFilter{Action: "member.transfer", EntityID: m.ID})
		if len(entries) != 2 || entries[0].Changes[0].Old != "Chi bộ TDP 4" || entries[0].Changes[0].New != "Chi bộ Trường THPT Thành Sen" || entries[0].OrgPath != tr.city.Path {
			t.Errorf("audit entries: %+v", entries)
		}
	})
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		tr := mustTree(t, s)
		MustMember(t, s, tr.tdp4, "Nguyễn Văn Đức", "36000001")
		if _, err := s.DB().Exec(`UPDATE audit_log SET summary = 'sửa'`); err == nil {
			t.Error("UPDATE of the audit log succeeded")
		}
		if _, err := s.DB().Exec(`DELETE FROM audit_log`); err == nil {
			t.Error("DELETE from the audit log succeeded")
		}
		entries, _, err := s.AuditEntries(context.Background(), bontot.AuditFilter{Under: tr.ward.Path})
		if err != nil || len(entries) != 4 { // the ward, TDP 1, TDP 4, and the member
			t.Errorf("entries under the ward: %d, %v", len(entries), err)
		}
	})
}

func memberNames(p *store.MemberPage) string {
	var out []string
	for _, m := range p.Members {
		out = append(out, m.FullName)
	}
	return strings.Join(out, "|")
}

func TestMemberSearchPlansForLargeSubtrees(t *testing.T) {
	defer func(small, cap int) { store.SmallScope, store.SearchCap = small, cap }(store.SmallScope, store.SearchCap)
	store.SmallScope, store.SearchCap = 3, 4
	engines(t, func(t *testing.T, s *store.Store) {
		tr := mustTree(t, s)
		ctx := context.Background()
		for i, n := range []string{"Nguyễn Văn Đức", "Nguyễn Thị Ánh", "Nguyễn Văn An", "Trần Văn Đức", "Nguyễn Hữu Đức", "Lê Thị Nguyệt"} {
			MustMember(t, s, tr.tdp4, n, "3600030"+itoa(int64(i)))
		}
		MustMember(t, s, tr.w2cell, "Nguyễn Văn Bình", "36000400")
		// Without a query, a subtree larger than SmallScope is not listed.
		page, _ := s.Members(ctx, bontot.MemberFilter{Under: tr.city.Path})
		if !page.NeedQuery || page.Total != 7 || len(page.Members) != 0 {
			t.Errorf("no query: %+v", page)
		}
		// A cell is always listed.
		if page, _ := s.Members(ctx, bontot.MemberFilter{OrgID: tr.tdp4.ID}); page.Total != 6 || page.NeedQuery {
			t.Errorf("cell: %+v", page)
		}
		// Up to SearchCap matches: sorted in Vietnamese order, by full name or given name.
		page, _ = s.Members(ctx, bontot.MemberFilter{Under: tr.city.Path, Query: "duc"})
		if got := memberNames(page); got != "Nguyễn Hữu Đức|Nguyễn Văn Đức|Trần Văn Đức" || page.Capped {
			t.Errorf("duc: %s capped=%v", got, page.Capped)
		}
		page, _ = s.Members(ctx, bontot.MemberFilter{Under: tr.ward.Path, Query: "nguyen van"})
		if got := memberNames(page); got != "Nguyễn Văn An|Nguyễn Văn Đức" || page.Total != 2 {
			t.Errorf("nguyen van under the ward: %s", got)
		}
		// More than SearchCap: listed by full name, flagged, pages still work.
		page, _ = s.Members(ctx, bontot.MemberFilter{Under: tr.city.Path, Query: "nguyen", Limit: 3})
		if got := memberNames(page); !page.Capped || got != "Nguyễn Hữu Đức|Nguyễn Thị Ánh|Nguyễn Văn An" {
			t.Errorf("nguyen: %s capped=%v total=%d", got, page.Capped, page.Total)
		}
		page, _ = s.Members(ctx, bontot.MemberFilter{Under: tr.city.Path, Query: "nguyen", Limit: 3, Offset: 3})
		if got := memberNames(page); got != "Nguyễn Văn Bình|Nguyễn Văn Đức" {
			t.Errorf("nguyen, page 2: %s", got)
		}
	})
}
