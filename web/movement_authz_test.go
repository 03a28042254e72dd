package web_test

import (
	"context"
	"testing"

	"bontot"
	"bontot/scoring"
)

// The movement pages in the authorization table. Recording a launch and
// registering targets is the unit's business (admin, committee, secretary);
// acknowledging or returning a registration comes from strictly above the
// unit; the board's view needs the parent organization readable.
var (
	mvRecorders    = []bontot.Role{bontot.RoleAdmin, bontot.RoleCommittee, bontot.RoleSecretary}
	mvParentRead   = []bontot.Role{bontot.RoleAdmin, bontot.RoleBoard, bontot.RoleCommittee, bontot.RoleSponsor, bontot.RoleViewer}
	mvAckAbove     = []bontot.Role{bontot.RoleAdmin, bontot.RoleBoard, bontot.RoleCommittee}
	mvParentLaunch = []bontot.Role{bontot.RoleAdmin, bontot.RoleCommittee}
)

func init() {
	routes = append(routes,
		route{"GET", "/movement", "", readers, false, false},
		route{"GET", "/movement?org={parent}&campaign={mvcampaign}", "", mvParentRead, true, false},
		route{"GET", "/movement?org={cell}&campaign={mvcampaign}", "", readers, true, false},
		route{"GET", "/movement/export?table=chua-phat-dong&org={parent}&campaign={mvcampaign}", "", mvParentRead, true, false},
		route{"GET", "/movement/export?table=chua-dang-ky&org={parent}&campaign={mvcampaign}&year=2025", "", mvParentRead, true, false},
		route{"GET", "/movement/orgs/{cell}?campaign={mvcampaign}", "", readers, true, false},
		route{"GET", "/movement/orgs/{parent}?campaign={mvcampaign}", "", mvParentRead, true, false},
		// {parent} is a grassroots committee (the secretary cannot see it; the board does not record).
		route{"POST", "/movement/orgs/{parent}/deployment", "campaign={mvcampaign}&launched_on=abc", mvParentLaunch, true, false},
		route{"GET", "/registrations/new?org={cell}&campaign={mvcampaign}&year=2025", "", mvRecorders, true, false},
		route{"POST", "/registrations", "org={cell}&campaign={mvcampaign}&year=2025", mvRecorders, true, false},
		route{"GET", "/registrations/{registration}", "", readers, true, false},
		route{"GET", "/registrations/{registration}/edit", "", mvRecorders, true, false},
		route{"POST", "/registrations/{registration}", "rows=0", mvRecorders, true, false},
		route{"POST", "/registrations/{registration}/transition", "action=return", mvAckAbove, true, false},
		route{"POST", "/registrations/{registration}/document", "", mvRecorders, true, false},
		route{"GET", "/registrations/{registration}/document", "", readers, true, false},
		route{"GET", "/registrations/{registration}/results", "", mvRecorders, true, false},
		route{"POST", "/registrations/{registration}/results", "a0=abc", mvRecorders, true, false},
	)
	morePlaceholders = append(morePlaceholders, movementPlaceholders)
}

// movementPlaceholders gives each test cell a 2025 campaign over its parent
// ({mvcampaign}) and, in it, a registration of the cell ({registration})
// with one countable target and a signed file, sent to the level above.
func movementPlaceholders(tb testing.TB, f *fixture) func(subjects) map[string]int64 {
	ctx := context.Background()
	cellScale, committeeScale := mustTestScales(tb, f, scoring.DefaultCellScale())
	byParent := map[int64]int64{}
	byCell := map[int64][2]int64{}
	for _, code := range []string{"HT.TP.TRP.TDP4", "HT.TP.TRP.TDP1", "HT.TP.NDU.TDP1", "XX.C1"} {
		cell := mustOrgCode(tb, f, code)
		c, ok := byParent[cell.ParentID]
		if !ok {
			c = mustCampaignOver(tb, f, "Phát động thử "+code, cell.ParentID, cell.ParentID, 2025, 2025, cellScale, committeeScale).ID
			byParent[cell.ParentID] = c
		}
		reg := &bontot.Registration{CampaignID: c, Year: 2025, OrgID: cell.ID, Targets: []bontot.Target{
			{Criterion: 4, Text: "Kết nạp đảng viên mới", Countable: true, Planned: 200, Unit: "đảng viên"}}}
		if err := f.st.CreateRegistration(ctx, storeSystem, reg); err != nil {
			tb.Fatal(code, err)
		}
		if err := f.st.SetRegistrationDocument(ctx, storeSystem, reg.ID, "dang-ky.pdf", "application/pdf", []byte("%PDF-1.4")); err != nil {
			tb.Fatal(err)
		}
		if err := f.st.TransitionRegistration(ctx, storeSystem, reg.ID, 0, bontot.RegSend, ""); err != nil {
			tb.Fatal(err)
		}
		byCell[cell.ID] = [2]int64{c, reg.ID}
	}
	return func(s subjects) map[string]int64 {
		v := byCell[s.cell]
		return map[string]int64{"{mvcampaign}": v[0], "{registration}": v[1]}
	}
}
