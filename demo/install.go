package demo

import (
	"context"
	"fmt"

	"bontot"
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

// Install loads the old Hà Tĩnh city into an empty store and creates the
// demo accounts. The "dangvien" account is linked to the member Nguyễn Văn Đức.
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
	return stats, nil
}
