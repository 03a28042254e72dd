package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"bontot"
	"bontot/store"
)

func TestCreateOrgPathsAndCounts(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		tr := mustTree(t, s)
		MustMember(t, s, tr.tdp4, "Nguyễn Văn Đức", "36000001")
		MustMember(t, s, tr.tdp4, "Trần Thị Hà", "36000002")
		MustMember(t, s, tr.school, "Lê Văn Bình", "")

		for _, tc := range []struct {
			org                            *bontot.Org
			members, cells, orgs, children int
		}{
			{tr.city, 3, 4, 6, 3},
			{tr.ward, 2, 2, 2, 2},
			{tr.tdp4, 2, 1, 0, 0},
			{tr.school, 1, 1, 0, 0},
			{tr.ward2, 0, 1, 1, 1},
		} {
			o := MustGet(t, s, tc.org.ID)
			if o.MemberCount != tc.members || o.CellCount != tc.cells || o.OrgCount != tc.orgs || o.ChildCount != tc.children {
				t.Errorf("%s: members/cells/orgs/children = %d/%d/%d/%d, want %d/%d/%d/%d", o.Name,
					o.MemberCount, o.CellCount, o.OrgCount, o.ChildCount, tc.members, tc.cells, tc.orgs, tc.children)
			}
		}
		if got, want := MustGet(t, s, tr.tdp4.ID).Path, tr.city.Path+itoa(tr.ward.ID)+"/"+itoa(tr.tdp4.ID)+"/"; got != want {
			t.Errorf("path = %q, want %q", got, want)
		}
		anc, err := s.Ancestors(context.Background(), tr.tdp4.Path)
		if err != nil || len(anc) != 3 || anc[0].ID != tr.city.ID || anc[2].ID != tr.tdp4.ID {
			t.Errorf("Ancestors = %v, %v", anc, err)
		}
	})
}

func TestCreateOrgRefusesBadInput(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		tr := mustTree(t, s)
		ctx := context.Background()
		for _, tc := range []struct {
			name  string
			org   bontot.Org
			code  string
			field string
		}{
			{"duplicate code", bontot.Org{Code: "ht.tp.trp.tdp4", Name: "Chi bộ khác", Kind: bontot.KindCell, ParentID: tr.ward.ID, ValidFrom: bontot.MustDate("01/01/2020")}, bontot.ECONFLICT, "code"},
			{"missing name", bontot.Org{Code: "X1", Kind: bontot.KindCell, ParentID: tr.ward.ID, ValidFrom: bontot.MustDate("01/01/2020")}, bontot.EINVALID, "name"},
			{"cell under a cell", bontot.Org{Code: "X2", Name: "Chi bộ con", Kind: bontot.KindCell, ParentID: tr.tdp4.ID, ValidFrom: bontot.MustDate("01/01/2020")}, bontot.EINVALID, "parent"},
			{"cell as root", bontot.Org{Code: "X3", Name: "Chi bộ gốc", Kind: bontot.KindCell, ValidFrom: bontot.MustDate("01/01/2020")}, bontot.EINVALID, "parent"},
			{"missing date", bontot.Org{Code: "X4", Name: "Chi bộ TDP 9", Kind: bontot.KindCell, ParentID: tr.ward.ID}, bontot.EINVALID, "valid_from"},
		} {
			o := tc.org
			err := s.CreateOrg(ctx, admin, &o)
			var e *bontot.Error
			if !asError(err, &e) || e.Code != tc.code || e.Fields[tc.field] == "" {
				t.Errorf("%s: err = %v, want code %s on field %s", tc.name, err, tc.code, tc.field)
			}
		}
		if got := MustGet(t, s, tr.ward.ID).ChildCount; got != 2 {
			t.Errorf("refused creations changed counts: ward has %d children", got)
		}
	})
}

func TestOrgSearchIsAccentInsensitive(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		tr := mustTree(t, s)
		for _, tc := range []struct {
			q    string
			want int
		}{{"nguyen du", 2}, {"NGUYỄN DU", 2}, {"Nguyen  Du", 2}, {"phuong nguyen", 2}, {"ht.tp.ndu", 2}, {"dang bo phuong nguyen d", 2}} {
			orgs, err := s.Orgs(context.Background(), bontot.OrgFilter{Query: tc.q})
			if err != nil {
				t.Fatal(err)
			}
			if len(orgs) != tc.want || orgs[0].ID != tr.ward2.ID {
				t.Errorf("search %q: got %v, want Đảng bộ phường Nguyễn Du first, %d in all", tc.q, names(orgs), tc.want)
			}
		}
		// A cell is found by its own name together with its committee's.
		for _, q := range []string{"tdp 2 nguyen du", "TDP 2 Nguyễn Du", "chi bo tdp 2 phuong nguyen"} {
			orgs, _ := s.Orgs(context.Background(), bontot.OrgFilter{Query: q})
			if len(orgs) != 1 || orgs[0].ID != tr.w2cell.ID {
				t.Errorf("search %q: got %v, want only Chi bộ TDP 2 of Nguyễn Du", q, names(orgs))
			}
		}
		// Words are whole words: "tdp 1" is not "tdp 12".
		if orgs, _ := s.Orgs(context.Background(), bontot.OrgFilter{Query: "du tdp"}); len(orgs) != 1 {
			t.Errorf("search \"du tdp\": %v", names(orgs))
		}
		// Scoped to the Trần Phú subtree, the Nguyễn Du ward is not found.
		orgs, _ := s.Orgs(context.Background(), bontot.OrgFilter{Query: "nguyen du", Under: tr.ward.Path})
		if len(orgs) != 0 {
			t.Errorf("scoped search found %v", names(orgs))
		}
		// Children in Vietnamese order.
		pid := tr.city.ID
		orgs, _ = s.Orgs(context.Background(), bontot.OrgFilter{ParentID: &pid})
		if got, want := strings.Join(names(orgs), "|"), "Đảng bộ phường Nguyễn Du|Đảng bộ phường Trần Phú|Chi bộ Trường THPT Thành Sen"; got != want {
			t.Errorf("children = %s, want %s", got, want)
		}
	})
}

func TestRenameOrg(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		tr := mustTree(t, s)
		ctx := context.Background()
		err := s.RenameOrg(ctx, admin, tr.ward.ID, "Đảng bộ phường Thành Sen", "Thành Sen", bontot.MustDate("01/07/2025"), "Quyết định số 1-QĐ/TU")
		if err != nil {
			t.Fatal(err)
		}
		o := MustGet(t, s, tr.ward.ID)
		if o.Name != "Đảng bộ phường Thành Sen" || o.Path != tr.ward.Path {
			t.Errorf("after rename: %q %q", o.Name, o.Path)
		}
		if found, _ := s.Orgs(ctx, bontot.OrgFilter{Query: "thanh sen"}); len(found) != 4 { // the ward, its two cells (by their parent), the school
			t.Errorf("search by new name found %v", names(found))
		}
		events, err := s.OrgEvents(ctx, tr.ward.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != 2 || events[0].Kind != bontot.EventRename || !strings.Contains(events[0].Note, "Đảng bộ phường Trần Phú") || events[0].Date.String() != "01/07/2025" {
			t.Errorf("events = %+v", events)
		}
		if err := s.RenameOrg(ctx, admin, tr.ward.ID, "", "", bontot.MustDate("01/07/2025"), ""); bontot.ErrorCode(err) != bontot.EINVALID {
			t.Errorf("empty name: err = %v", err)
		}
		entries, _, _ := s.AuditEntries(ctx, bontot.AuditFilter{Action: "org.rename"})
		if len(entries) != 1 || entries[0].Changes[0].Old != "Đảng bộ phường Trần Phú" || entries[0].Changes[0].New != "Đảng bộ phường Thành Sen" {
			t.Errorf("audit = %+v", entries)
		}
	})
}

func TestReparentOrgMovesSubtreeAndCounts(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		tr := mustTree(t, s)
		ctx := context.Background()
		m := MustMember(t, s, tr.tdp4, "Nguyễn Văn Đức", "36000001")
		MustMember(t, s, tr.tdp1, "Trần Thị Hà", "36000002")
		MustMember(t, s, tr.w2cell, "Lê Văn Bình", "36000003")

		if err := s.ReparentOrg(ctx, admin, tr.tdp4.ID, tr.ward2.ID, bontot.MustDate("01/07/2025"), "QĐ 5"); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			org                            *bontot.Org
			members, cells, orgs, children int
		}{
			{tr.city, 3, 4, 6, 3},
			{tr.ward, 1, 1, 1, 1},
			{tr.ward2, 2, 2, 2, 2},
		} {
			o := MustGet(t, s, tc.org.ID)
			if o.MemberCount != tc.members || o.CellCount != tc.cells || o.OrgCount != tc.orgs || o.ChildCount != tc.children {
				t.Errorf("%s: members/cells/orgs/children = %d/%d/%d/%d, want %d/%d/%d/%d", o.Name,
					o.MemberCount, o.CellCount, o.OrgCount, o.ChildCount, tc.members, tc.cells, tc.orgs, tc.children)
			}
		}
		moved := MustGet(t, s, tr.tdp4.ID)
		if want := tr.ward2.Path + itoa(tr.tdp4.ID) + "/"; moved.Path != want || moved.ParentID != tr.ward2.ID || moved.Depth != 2 {
			t.Errorf("moved: path %q parent %d depth %d, want %q", moved.Path, moved.ParentID, moved.Depth, want)
		}
		got, _ := s.Member(ctx, m.ID)
		if got.OrgPath != moved.Path {
			t.Errorf("member path %q, want %q", got.OrgPath, moved.Path)
		}
		page, _ := s.Members(ctx, bontot.MemberFilter{Under: tr.ward2.Path})
		if page.Total != 2 {
			t.Errorf("members under new parent = %d, want 2", page.Total)
		}
		// A committee cannot move into its own subtree, and a cell cannot sit under a superior committee.
		if err := s.ReparentOrg(ctx, admin, tr.ward2.ID, tr.ward2.ID, bontot.MustDate("01/07/2025"), ""); bontot.ErrorCode(err) != bontot.EINVALID {
			t.Errorf("into itself: %v", err)
		}
		if err := s.ReparentOrg(ctx, admin, tr.tdp1.ID, tr.city.ID, bontot.MustDate("01/07/2025"), ""); bontot.ErrorCode(err) != bontot.EINVALID {
			t.Errorf("cell under superior: %v", err)
		}
		events, _ := s.OrgEvents(ctx, tr.ward2.ID)
		if len(events) != 2 || events[0].Kind != bontot.EventReparent {
			t.Errorf("the new parent's lineage shows %+v", events)
		}
	})
}

func names(orgs []*bontot.Org) []string {
	var out []string
	for _, o := range orgs {
		out = append(out, o.Name)
	}
	return out
}

// TestOrgWordIndexFollowsTheKeys: the word index holds exactly the words of
// every organization's search key after creations, a rename (the children's
// keys hold their parent's name) and a re-parent, and a search finds
// organizations by them.
func TestOrgWordIndexFollowsTheKeys(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := mustTree(t, s)
		check := func(step string) {
			t.Helper()
			var want []string
			for _, row := range dump(t, s, `SELECT id, search_key FROM orgs ORDER BY id`) {
				id, key, _ := strings.Cut(row, " | ")
				words := strings.Fields(key)
				slices.Sort(words)
				for _, w := range slices.Compact(words) {
					want = append(want, id+" | "+w)
				}
			}
			slices.Sort(want)
			got := dump(t, s, `SELECT org_id, word FROM org_words`)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Fatalf("%s: index\n%v\nwant\n%v", step, got, want)
			}
		}
		found := func(q string) []string {
			t.Helper()
			list, err := s.Orgs(ctx, bontot.OrgFilter{Under: MustGet(t, s, tr.city.ID).Path, Query: q})
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, o := range list {
				out = append(out, o.Code)
			}
			return out
		}
		check("created")
		if got := found("nguyen du"); !slices.Equal(got, []string{"HT.TP.NDU", "HT.TP.NDU.TDP2"}) {
			t.Errorf("nguyen du: %v", got)
		}
		if err := s.RenameOrg(ctx, admin, tr.ward2.ID, "Đảng bộ phường Nguyễn Trãi", "", bontot.MustDate("01/03/2025"), "QĐ 1"); err != nil {
			t.Fatal(err)
		}
		check("renamed")
		if got := found("nguyen du"); len(got) != 0 {
			t.Errorf("nguyen du after the rename: %v", got)
		}
		if got := found("nguyen tr"); !slices.Equal(got, []string{"HT.TP.NDU", "HT.TP.NDU.TDP2"}) {
			t.Errorf("nguyen tr (still typing): %v", got)
		}
		if err := s.ReparentOrg(ctx, admin, tr.tdp4.ID, tr.ward2.ID, bontot.MustDate("01/03/2025"), "QĐ 2"); err != nil {
			t.Fatal(err)
		}
		check("moved")
		if got := found("trai tdp"); !slices.Equal(got, []string{"HT.TP.NDU.TDP2", "HT.TP.TRP.TDP4"}) {
			t.Errorf("trai tdp: %v", got)
		}
	})
}
