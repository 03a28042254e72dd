package demo

import (
	"context"
	"fmt"

	"bontot"
	"bontot/scoring"
	"bontot/store"
)

// Password is the password of every demo account. The demo is for trying the
// product; a real installation creates its own accounts (bontot user add).
const Password = "demo1234"

// Login is one demo account, printed at start and listed in the README.
type Login struct {
	Username string
	FullName string
	Role     bontot.Role
	OrgCode  string
}

// Logins are the demo accounts, one per role.
var Logins = []Login{
	{"quantri", "Quản trị hệ thống", bontot.RoleAdmin, "HT"},
	{"bantochuc", "Tống Thị Quỳnh Hoa", bontot.RoleBoard, CityCode},
	{"thuongvu", "Trần Tú Anh", bontot.RoleViewer, CityCode},
	{"danguy.tranphu", "Phan Văn Thắng", bontot.RoleCommittee, "HT.TP.TRP"},
	{"bithu.tdp4", "Lê Văn Hùng", bontot.RoleSecretary, "HT.TP.TRP.TDP4"},
	{"phutrach", "Nguyễn Thị Lan", bontot.RoleSponsor, "HT.TP.NDU"},
	{"dangvien", "Nguyễn Văn Đức", bontot.RoleMember, "HT.TP.TRP.TDP4"},
}

// Install loads the old Hà Tĩnh city into an empty store, creates the demo
// accounts and the city's campaign "Chi bộ 4 tốt, Đảng bộ cơ sở 4 tốt" for
// 2023–2025 with its year's work, ratings and assessments (see
// InstallCampaign). The "dangvien" account is linked to the member Nguyễn
// Văn Đức.
func Install(ctx context.Context, st *store.Store) (store.BulkStats, error) {
	orgs, members := HaTinh()
	stats, err := st.BulkLoad(ctx, func(sink store.BulkSink) error {
		for i := range orgs {
			if err := sink.Org(&orgs[i].Org, orgs[i].ParentCode); err != nil {
				return err
			}
		}
		for i := range members {
			if err := sink.Member(&members[i].Member, members[i].OrgCode, members[i].Since); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return stats, err
	}
	for _, l := range Logins {
		o, err := st.OrgByCode(ctx, l.OrgCode)
		if err != nil {
			return stats, fmt.Errorf("demo login %s: %w", l.Username, err)
		}
		u := &bontot.User{Username: l.Username, FullName: l.FullName, Grants: []bontot.Grant{{Role: l.Role, OrgID: o.ID}}}
		if l.Role == bontot.RoleMember {
			page, err := st.Members(ctx, bontot.MemberFilter{OrgID: o.ID, Query: l.FullName})
			if err != nil || len(page.Members) != 1 {
				return stats, fmt.Errorf("demo login %s: member %s not found", l.Username, l.FullName)
			}
			u.MemberID = page.Members[0].ID
		}
		if err := st.CreateUser(ctx, store.System, u, Password); err != nil {
			return stats, fmt.Errorf("demo login %s: %w", l.Username, err)
		}
	}
	if _, err := InstallCampaign(ctx, st); err != nil {
		return stats, fmt.Errorf("demo campaign: %w", err)
	}
	if err := installSponsors(ctx, st); err != nil {
		return stats, fmt.Errorf("demo sponsors: %w", err)
	}
	return stats, nil
}

// CampaignName is the name of the demo campaign.
const CampaignName = "Chi bộ 4 tốt, Đảng bộ cơ sở 4 tốt giai đoạn 2023–2025"

// Recognition decisions of the demo campaign's years.
const (
	Decision2023 = "1234-QĐ/TU" // 20/01/2024
	Decision2024 = "1587-QĐ/TU" // 22/01/2025
)

// campaignSeed seeds the demo campaign's generator.
const campaignSeed = 0x34544f54 // "4TOT"

// InstallCampaign creates the two default scales and the city committee's
// campaign over the city (DOMAIN.md §1) for 2023–2025 and records its work,
// on the days it would have been entered (movement.go):
//   - every grassroots organization launched the movement between 15/02 and
//     31/03/2023 and deployed it days to weeks later, three late (May–June),
//     and "Chi bộ Công ty TNHH Thương mại và Dịch vụ Trần Phú" has not
//     deployed it yet;
//   - every unit registered its 2025 targets: most acknowledged by the level
//     above with their year-end results, some waiting, a few returned or
//     never sent;
//   - every cell recorded its 2025 meetings (GenerateMeetings); the demo
//     secretary's cell TDP 4 is a model cell whose December is left to record.
//
// It then fills the years with GenerateYear: 2023 closed (every unit
// approved, the "4 tốt" units recognised by decision 1234-QĐ/TU of
// 20/01/2024, all locked), 2024 being approved (recognition under decision
// 1587-QĐ/TU of 22/01/2025 under way, a few units returned for
// explanation), 2025 open and scored from the records (TDP 4's
// self-assessment left blank). Ratings and discipline decisions are seeded
// for 2023 and 2024. The tree, members and the demo accounts must be there
// (Install).
func InstallCampaign(ctx context.Context, st *store.Store) (*bontot.Campaign, error) {
	city, err := st.OrgByCode(ctx, CityCode)
	if err != nil {
		return nil, err
	}
	note := "Thang điểm mặc định ban hành kèm Kế hoạch 125-KH/TU của Ban Thường vụ Thành ủy."
	cellScale := &bontot.ScaleVersion{Family: "chi-bo-4-tot", Scale: scoring.DefaultCellScale(), Note: note}
	comScale := &bontot.ScaleVersion{Family: "dang-bo-co-so-4-tot", Scale: scoring.DefaultCommitteeScale(), Note: note}
	for _, v := range []*bontot.ScaleVersion{cellScale, comScale} {
		if err := st.CreateScale(ctx, store.System, v); err != nil {
			return nil, err
		}
	}
	scales := []bontot.YearScale{{Kind: scoring.KindCell, ScaleID: cellScale.ID}, {Kind: scoring.KindCommittee, ScaleID: comScale.ID}}
	c := &bontot.Campaign{
		Name: CampaignName, IssuerID: city.ID, ScopeID: city.ID, FromYear: 2023, ToYear: 2025, Quota: 2000,
		Documents: []bontot.Document{
			{Number: "21-NQ/TW", Date: bontot.NewDate(2022, 6, 16),
				Title: "Nghị quyết Hội nghị lần thứ năm Ban Chấp hành Trung ương Đảng khóa XIII về tăng cường củng cố, xây dựng tổ chức cơ sở đảng và nâng cao chất lượng đội ngũ đảng viên"},
			{Number: "18-CTr/TU", Date: bontot.NewDate(2022, 9, 30),
				Title: "Chương trình hành động của Tỉnh ủy thực hiện Nghị quyết 21-NQ/TW"},
			{Number: "125-KH/TU", Date: bontot.NewDate(2023, 2, 10),
				Title: "Kế hoạch của Ban Thường vụ Thành ủy phát động phong trào thi đua “Chi bộ 4 tốt”, “Đảng bộ cơ sở 4 tốt” giai đoạn 2023–2025"},
		},
	}
	for y := 2023; y <= 2025; y++ {
		c.Years = append(c.Years, bontot.CampaignYear{Year: y, SelfDeadline: bontot.NewDate(y, 12, 15),
			ReviewDeadline: bontot.NewDate(y, 12, 31), ApprovalDeadline: bontot.NewDate(y+1, 1, 15), Scales: scales})
	}
	if err := st.CreateCampaign(ctx, store.System, c); err != nil {
		return nil, err
	}

	units, err := LoadUnits(ctx, st, city.Path)
	if err != nil {
		return nil, err
	}
	board := store.System
	if u, err := st.UserByUsername(ctx, "bantochuc"); err == nil {
		board = store.Actor{UserID: u.ID, Username: u.Username}
	}
	blank, err := loginOrgs(ctx, st, bontot.RoleSecretary)
	if err != nil {
		return nil, err
	}
	committees, err := loginOrgs(ctx, st, bontot.RoleCommittee)
	if err != nil {
		return nil, err
	}
	// The year's work first: the 2025 assessments read its records.
	mv := generateMovement(units, demoMovement(c.ToYear, blank, committees))
	if err := installMovement(ctx, st, c, mv); err != nil {
		return nil, fmt.Errorf("the year's work: %w", err)
	}
	for _, p := range campaignPlans(c, blank, mv.records()) {
		d := GenerateYear(units, p)
		if d.OrgRatings != nil {
			if err := st.SeedRatings(ctx, p.Year, d.OrgRatings, d.MemberRatings, d.Disciplines); err != nil {
				return nil, fmt.Errorf("ratings %d: %w", p.Year, err)
			}
		}
		if err := st.SeedAssessments(ctx, store.System, c.ID, p.Year, d.Seeds); err != nil {
			return nil, fmt.Errorf("assessments %d: %w", p.Year, err)
		}
		if p.Stage == StageClosed {
			// The year is closed: mark it locked (its results already are).
			if _, err := st.BulkTransition(ctx, board, c.ID, p.Year, "", store.TransitionInput{Action: bontot.ActLock}); err != nil {
				return nil, fmt.Errorf("locking %d: %w", p.Year, err)
			}
		}
		for _, rt := range d.Returns {
			a, err := st.AssessmentOf(ctx, c.ID, p.Year, rt.OrgID)
			if err != nil {
				return nil, err
			}
			if err := st.Transition(ctx, board, a.ID, store.TransitionInput{Action: bontot.ActReturn, Version: a.Version, Note: rt.Reason}); err != nil {
				return nil, fmt.Errorf("return %s: %w", a.OrgName, err)
			}
			if a, err = st.Assessment(ctx, a.ID); err != nil {
				return nil, err
			}
			if err := st.SaveSelf(ctx, store.System, a.ID, a.Version, a.Self, a.Facts, rt.Explanation); err != nil {
				return nil, fmt.Errorf("explanation of %s: %w", a.OrgName, err)
			}
		}
	}
	// Score the open year once more from everything now stored (approved
	// results would keep their scores).
	if _, err := st.ScoreYear(ctx, c.ID, c.ToYear); err != nil {
		return nil, err
	}
	return st.Campaign(ctx, c.ID)
}

// loginOrgs are the organizations of the demo accounts of a role.
func loginOrgs(ctx context.Context, st *store.Store, role bontot.Role) ([]int64, error) {
	var out []int64
	for _, l := range Logins {
		if l.Role == role {
			o, err := st.OrgByCode(ctx, l.OrgCode)
			if err != nil {
				return nil, err
			}
			out = append(out, o.ID)
		}
	}
	return out, nil
}

// campaignPlans are the years of the demo campaign c; blank lists the cells
// whose 2025 self-assessment is left empty (the demo secretaries'); records
// are the facts of the open year's records (meetings, registrations).
func campaignPlans(c *bontot.Campaign, blank []int64, records map[int64]scoring.Facts) []YearPlan {
	plans := []YearPlan{
		{Year: 2023, Stage: StageClosed, Decision: Decision2023, DecisionOn: bontot.NewDate(2024, 1, 20)},
		{Year: 2024, Stage: StageApproval, Decision: Decision2024, DecisionOn: bontot.NewDate(2025, 1, 22), Recognised: 60},
		{Year: 2025, Stage: StageOpen, Blank: blank, Records: records},
	}
	for i := range plans {
		p := &plans[i]
		p.Quota, p.SelfDeadline, p.Seed = c.Quota, c.Year(p.Year).SelfDeadline, campaignSeed
	}
	return plans
}
