package bontot

import (
	"net/mail"
	"strings"
	"time"
)

// Role is what a user does in the movement. Every role is granted on an
// organization subtree (DOMAIN.md §2).
type Role string

// Roles.
const (
	RoleAdmin     Role = "admin"     // quản trị hệ thống
	RoleBoard     Role = "board"     // cán bộ Ban Tổ chức
	RoleCommittee Role = "committee" // cán bộ đảng ủy cơ sở
	RoleSecretary Role = "secretary" // bí thư chi bộ
	RoleSponsor   Role = "sponsor"   // cán bộ phụ trách, đỡ đầu
	RoleViewer    Role = "viewer"    // ủy viên Ban Thường vụ (xem)
	RoleMember    Role = "member"    // đảng viên
)

// Roles in display order.
var Roles = []Role{RoleAdmin, RoleBoard, RoleCommittee, RoleSecretary, RoleSponsor, RoleViewer, RoleMember}

var roleLabels = map[Role]string{
	RoleAdmin: "Quản trị hệ thống", RoleBoard: "Cán bộ Ban Tổ chức", RoleCommittee: "Cán bộ đảng ủy cơ sở",
	RoleSecretary: "Bí thư chi bộ", RoleSponsor: "Cán bộ phụ trách, đỡ đầu", RoleViewer: "Ủy viên Ban Thường vụ",
	RoleMember: "Đảng viên",
}

// Label is the Vietnamese name of the role.
func (r Role) Label() string { return roleLabels[r] }

// Valid reports whether r is known.
func (r Role) Valid() bool { _, ok := roleLabels[r]; return ok }

// Permission is one thing a role may do inside its subtree.
type Permission int

// Permissions.
const (
	PermReadTree        Permission = iota // see organizations and counts
	PermReadMembers                       // list members and open their records
	PermEditMembers                       // create, edit members
	PermTransfer                          // transfer members between cells (both in scope)
	PermEditOrgs                          // create, rename, re-parent organizations
	PermImport                            // import the tree and the register
	PermReadAudit                         // read the audit log of the subtree
	PermManageUsers                       // create users, grant roles, reset passwords
	PermSelfAssess                        // fill and submit a unit's self-assessment
	PermReview                            // review units strictly below the grant (the level above)
	PermApprove                           // approve, record recognition, lock, reopen
	PermManageCampaigns                   // campaigns, deadlines, scoring scales
	PermRate                              // annual ratings and discipline records
	PermRecordMeetings                    // record a cell's monthly meetings; launch, deployment, registration of the unit
	PermAcknowledge                       // acknowledge or return a registration from strictly above the unit
	PermManageSponsors                    // assign sponsor departments and officers; inspection plans
	PermVisit                             // log sponsor visits and their recommendations (the sponsor's own assignments)
)

var rolePerms = map[Role][]Permission{
	RoleAdmin:     {PermReadTree, PermReadMembers, PermEditMembers, PermTransfer, PermEditOrgs, PermImport, PermReadAudit, PermManageUsers, PermSelfAssess, PermReview, PermApprove, PermManageCampaigns, PermRate, PermRecordMeetings, PermAcknowledge, PermManageSponsors, PermVisit},
	RoleBoard:     {PermReadTree, PermReadMembers, PermEditMembers, PermTransfer, PermEditOrgs, PermImport, PermReadAudit, PermManageUsers, PermReview, PermApprove, PermManageCampaigns, PermRate, PermAcknowledge, PermManageSponsors, PermVisit},
	RoleCommittee: {PermReadTree, PermReadMembers, PermEditMembers, PermTransfer, PermSelfAssess, PermReview, PermRate, PermRecordMeetings, PermAcknowledge},
	RoleSecretary: {PermReadTree, PermReadMembers, PermEditMembers, PermSelfAssess, PermRecordMeetings},
	RoleSponsor:   {PermReadTree, PermReadMembers, PermVisit},
	RoleViewer:    {PermReadTree, PermReadMembers},
	RoleMember:    {},
}

// Has reports whether the role carries permission p.
func (r Role) Has(p Permission) bool {
	for _, q := range rolePerms[r] {
		if q == p {
			return true
		}
	}
	return false
}

// Grant gives a role on the subtree of an organization.
type Grant struct {
	ID      int64
	UserID  int64
	Role    Role
	OrgID   int64
	OrgPath string // filled by reads; the scope is every path with this prefix
	OrgName string // filled by reads
}

// User is an account.
type User struct {
	ID           int64
	Username     string
	FullName     string
	Email        string // optional; reminders are also e-mailed here when the server sends e-mail
	PasswordHash string
	MemberID     int64 // the party member this account belongs to, if any
	Disabled     bool
	Grants       []Grant
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Normalize cleans the text fields.
func (u *User) Normalize() {
	u.Username = strings.ToLower(strings.TrimSpace(u.Username))
	u.FullName = strings.Join(strings.Fields(u.FullName), " ")
	u.Email = strings.TrimSpace(u.Email)
}

// Validate checks the account fields.
func (u *User) Validate() error {
	fe := FieldErrors{}
	if n := len(u.Username); n < 3 || n > 40 || strings.ContainsFunc(u.Username, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-')
	}) {
		fe.Add("username", "Tên đăng nhập gồm 3–40 ký tự: chữ không dấu, số, dấu chấm, gạch dưới hoặc gạch ngang.")
	}
	if u.FullName == "" {
		fe.Add("full_name", "Vui lòng nhập họ và tên người dùng.")
	}
	if err := ValidateEmail(u.Email); err != nil {
		fe.Add("email", ErrorMessage(err))
	}
	return fe.Err()
}

// emailInvalid is the message for an address that is not one.
const emailInvalid = "Địa chỉ e-mail không hợp lệ. Nhập một địa chỉ dạng ten@donvi.vn, không kèm họ tên, hoặc để trống."

// ValidateEmail checks an optional e-mail address: empty, or one bare
// address (no display name, no list), as net/mail reads it.
func ValidateEmail(email string) error {
	if email == "" {
		return nil
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Name != "" || a.Address != email || len(email) > 254 {
		return &Error{Code: EINVALID, Message: emailInvalid, Fields: map[string]string{"email": emailInvalid}}
	}
	return nil
}

// ValidatePassword checks a new password.
func ValidatePassword(pw string) error {
	if len([]rune(pw)) < 8 {
		return &Error{Code: EINVALID, Message: "Mật khẩu phải có ít nhất 8 ký tự.", Fields: map[string]string{"password": "Mật khẩu phải có ít nhất 8 ký tự."}}
	}
	return nil
}

// Can reports whether the user may exercise p on the organization whose
// materialized path is orgPath. The scope of a grant is its organization's subtree.
func (u *User) Can(p Permission, orgPath string) bool {
	if u == nil || u.Disabled {
		return false
	}
	for _, g := range u.Grants {
		if g.Role.Has(p) && g.OrgPath != "" && strings.HasPrefix(orgPath, g.OrgPath) {
			return true
		}
	}
	return false
}

// CanAbove reports whether the user may exercise p on the organization at
// orgPath from strictly above it: the grant's organization is an ancestor, not
// the organization itself. Reviews and ratings of an organization are the
// business of the level above.
func (u *User) CanAbove(p Permission, orgPath string) bool {
	if u == nil || u.Disabled {
		return false
	}
	for _, g := range u.Grants {
		if g.Role.Has(p) && g.OrgPath != "" && g.OrgPath != orgPath && strings.HasPrefix(orgPath, g.OrgPath) {
			return true
		}
	}
	return false
}

// CanAnywhere reports whether some grant of the user carries p.
func (u *User) CanAnywhere(p Permission) bool {
	if u == nil || u.Disabled {
		return false
	}
	for _, g := range u.Grants {
		if g.Role.Has(p) {
			return true
		}
	}
	return false
}

// Scopes returns the paths of the subtrees on which the user has p, without
// paths nested in another one.
func (u *User) Scopes(p Permission) []string {
	var out []string
	if u == nil || u.Disabled {
		return nil
	}
	for _, g := range u.Grants {
		if !g.Role.Has(p) || g.OrgPath == "" {
			continue
		}
		nested := false
		for i, s := range out {
			if strings.HasPrefix(g.OrgPath, s) {
				nested = true
				break
			} else if strings.HasPrefix(s, g.OrgPath) {
				out[i] = g.OrgPath
				nested = true
				break
			}
		}
		if !nested {
			out = append(out, g.OrgPath)
		}
	}
	return out
}

// HasRole reports whether the user holds role r anywhere.
func (u *User) HasRole(r Role) bool {
	for _, g := range u.Grants {
		if g.Role == r {
			return true
		}
	}
	return false
}

// MainRole is the most powerful role the user holds, for the home page.
func (u *User) MainRole() Role {
	for _, r := range Roles {
		if u.HasRole(r) {
			return r
		}
	}
	return RoleMember
}
