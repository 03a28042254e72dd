package web_test

import (
	"context"
	"testing"

	"bontot"
	"bontot/store"
)

var (
	// visitors log sponsor visits: the sponsor on the subtree of the grant, the board, admins.
	visitors = []bontot.Role{bontot.RoleAdmin, bontot.RoleBoard, bontot.RoleSponsor}
	// followers update a recommendation: the owner unit (who records its
	// meetings), whoever may visit it, the board.
	followers = []bontot.Role{bontot.RoleAdmin, bontot.RoleBoard, bontot.RoleCommittee, bontot.RoleSecretary, bontot.RoleSponsor}
)

func init() {
	routes = append(routes,
		route{"GET", "/sponsors", "", readers, false, false},
		route{"GET", "/sponsors?under={cell}", "", readers, true, false},
		// Incomplete forms: an allowed request gets the page back with messages (422).
		route{"POST", "/sponsors/groups", "org={parent}&name=", orgEditors, true, false},
		route{"POST", "/sponsors/assignments", "group={group}&unit={cell}", orgEditors, true, false},
		route{"GET", "/sponsors/assignments/{assignment}", "", readers, true, false},
		route{"POST", "/sponsors/assignments/{assignment}", "cadence=abc", orgEditors, true, false},
		route{"GET", "/sponsors/visits/new", "", visitors, false, false},
		route{"GET", "/sponsors/visits/new?org={cell}", "", visitors, true, false},
		route{"POST", "/sponsors/visits", "org={cell}", visitors, true, false},
		route{"GET", "/sponsors/visits/{visit}", "", readers, true, false},
		route{"POST", "/sponsors/visits/{visit}/review", "", visitors, true, false},
		route{"GET", "/sponsors/recommendations", "", readers, false, false},
		route{"GET", "/sponsors/recommendations?under={cell}&state=all", "", readers, true, false},
		route{"GET", "/sponsors/recommendations/{recommendation}", "", readers, true, false},
		route{"POST", "/sponsors/recommendations/{recommendation}", "status=", followers, true, false},
		route{"GET", "/sponsors/coverage", "", readers, false, false},
		route{"GET", "/sponsors/coverage?under={cell}", "", readers, true, false},
		route{"GET", "/sponsors/coverage/export?table=never&under={cell}", "", readers, true, false},
		route{"GET", "/inspections", "", readers, false, false},
		route{"GET", "/inspections?under={cell}", "", readers, true, false},
		route{"POST", "/inspections", "issuer={parent}", orgEditors, true, false},
		route{"GET", "/inspections/{plan}", "", readers, true, false},
		route{"POST", "/inspections/{plan}/findings", "unit={cell}", orgEditors, true, false},
		route{"GET", "/inspections/findings/{finding}", "", readers, true, false},
		// Editing and deleting: the board, as creating; a visit's author too
		// (the fixture's visits have none). A delete without the confirmation
		// ticked answers the confirmation page again (422).
		route{"GET", "/sponsors/groups/{group}/edit", "", orgEditors, true, false},
		route{"POST", "/sponsors/groups/{group}/edit", "name=", orgEditors, true, false},
		route{"GET", "/sponsors/groups/{group}/delete", "", orgEditors, true, false},
		route{"POST", "/sponsors/groups/{group}/delete", "", orgEditors, true, false},
		route{"POST", "/sponsors/assignments/{assignment}/end", "end=abc", orgEditors, true, false},
		route{"GET", "/sponsors/assignments/{assignment}/delete", "", orgEditors, true, false},
		route{"POST", "/sponsors/assignments/{assignment}/delete", "", orgEditors, true, false},
		route{"GET", "/sponsors/visits/{visit}/edit", "", orgEditors, true, false},
		route{"POST", "/sponsors/visits/{visit}/edit", "on=", orgEditors, true, false},
		route{"GET", "/sponsors/visits/{visit}/delete", "", orgEditors, true, false},
		route{"POST", "/sponsors/visits/{visit}/delete", "", orgEditors, true, false},
		route{"GET", "/inspections/plans/{plan}/edit", "", orgEditors, true, false},
		route{"POST", "/inspections/plans/{plan}/edit", "name=", orgEditors, true, false},
		route{"GET", "/inspections/plans/{plan}/delete", "", orgEditors, true, false},
		route{"POST", "/inspections/plans/{plan}/delete", "", orgEditors, true, false},
		route{"GET", "/inspections/findings/{finding}/edit", "", orgEditors, true, false},
		route{"POST", "/inspections/findings/{finding}/edit", "on=", orgEditors, true, false},
		route{"GET", "/inspections/findings/{finding}/delete", "", orgEditors, true, false},
		route{"POST", "/inspections/findings/{finding}/delete", "", orgEditors, true, false},
	)
	morePlaceholders = append(morePlaceholders, sponsorPlaceholders)
}

// sponsorPlaceholders gives each test cell a sponsor group of its province
// or city ({group}) in charge of it ({assignment}, officers named without
// accounts, so that no demo login gains a cover), a visit yesterday
// ({visit}) with one recommendation owned by the cell ({recommendation}),
// and a plan of the city naming the cell ({plan}) with a finding there
// ({finding}).
func sponsorPlaceholders(tb testing.TB, f *fixture) func(subjects) map[string]int64 {
	ctx := context.Background()
	st := f.st
	yesterday := bontot.DateOf(st.Today().Time().AddDate(0, 0, -1))
	groups := map[int64]*bontot.SponsorGroup{}
	out := map[int64]map[string]int64{}
	for _, code := range []string{"HT.TP.TRP.TDP4", "HT.TP.TRP.TDP1", "HT.TP.NDU.TDP1", "XX.C1"} {
		cell := mustOrgCode(tb, f, code)
		top := mustOrgCode(tb, f, "HT.TP")
		if code == "XX.C1" {
			top = mustOrgCode(tb, f, "XX")
		}
		g := groups[top.ID]
		if g == nil {
			g = &bontot.SponsorGroup{OrgID: top.ID, Name: "Ban Tổ chức", Kind: bontot.GroupDepartment}
			if err := st.CreateSponsorGroup(ctx, store.System, g); err != nil {
				tb.Fatal(err)
			}
			groups[top.ID] = g
		}
		as, err := st.CreateAssignments(ctx, store.System, &bontot.Assignment{GroupID: g.ID, CadenceDays: 90, From: yesterday,
			Officers: []bontot.Officer{{Name: "Cán bộ Ban Tổ chức"}}}, []int64{cell.ID})
		if err != nil {
			tb.Fatal(err)
		}
		v := &bontot.Visit{OrgID: cell.ID, On: yesterday, Officer: "Cán bộ Ban Tổ chức", Strengths: "Sinh hoạt đúng kỳ."}
		rec := &bontot.Recommendation{Text: "Nâng cao chất lượng sinh hoạt.", Due: st.Today()}
		if err := st.CreateVisit(ctx, store.System, v, []*bontot.Recommendation{rec}); err != nil {
			tb.Fatal(err)
		}
		p := &bontot.InspectionPlan{OrgID: top.ID, Name: "Kế hoạch kiểm tra " + code, Kind: bontot.KindInspection, From: yesterday, To: st.Today(),
			Content: "Kiểm tra sinh hoạt chi bộ.", SubjectIDs: []int64{cell.ID}}
		if err := st.CreateInspectionPlan(ctx, store.System, p); err != nil {
			tb.Fatal(err)
		}
		fd := &bontot.Finding{PlanID: p.ID, OrgID: cell.ID, On: yesterday, Findings: "Đủ hồ sơ.", Conclusion: "Thực hiện tốt."}
		if err := st.CreateFinding(ctx, store.System, fd, nil); err != nil {
			tb.Fatal(err)
		}
		out[cell.ID] = map[string]int64{"{group}": g.ID, "{assignment}": as[0].ID, "{visit}": v.ID, "{recommendation}": rec.ID, "{plan}": p.ID, "{finding}": fd.ID}
	}
	return func(s subjects) map[string]int64 {
		if m := out[s.cell]; m != nil {
			return m
		}
		return map[string]int64{"{group}": 0, "{assignment}": 0, "{visit}": 0, "{recommendation}": 0, "{plan}": 0, "{finding}": 0}
	}
}
