package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"bontot"
)

// manageable reports whether the user may manage account u: every grant of u
// must lie in the manager's subtree.
func manageable(manager, u *bontot.User) bool {
	for _, g := range u.Grants {
		if !manager.Can(bontot.PermManageUsers, g.OrgPath) {
			return false
		}
	}
	return manager.CanAnywhere(bontot.PermManageUsers)
}

func (s *Server) handleUsers(w http.ResponseWriter, r *http.Request) {
	scope, err := s.pickScope(r, bontot.PermManageUsers)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	users, err := s.store.Users(r.Context(), scope.Path)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "users", &Page{Title: "Người dùng", Data: users})
}

func (s *Server) handleUserNew(w http.ResponseWriter, r *http.Request) {
	if !userFrom(r).CanAnywhere(bontot.PermManageUsers) {
		s.notFound(w, r)
		return
	}
	s.render(w, r, http.StatusOK, "user_form", &Page{Title: "Thêm người dùng", Form: newForm(url.Values{"role": {string(bontot.RoleSecretary)}}, nil)})
}

// grantFromForm reads a role and an organization code, checked against the manager's scope.
func (s *Server) grantFromForm(r *http.Request) (*bontot.Grant, error) {
	role := bontot.Role(r.PostForm.Get("role"))
	if !role.Valid() {
		return nil, &bontot.Error{Code: bontot.EINVALID, Message: "Vui lòng chọn vai trò.", Fields: map[string]string{"role": "Vui lòng chọn vai trò."}}
	}
	code := strings.TrimSpace(r.PostForm.Get("org_code"))
	o, err := s.store.OrgByCode(r.Context(), code)
	if err != nil || !userFrom(r).Can(bontot.PermManageUsers, o.Path) {
		return nil, &bontot.Error{Code: bontot.EINVALID, Message: "Mã tổ chức không đúng hoặc ngoài phạm vi quản lý của bạn.",
			Fields: map[string]string{"org_code": "Không có tổ chức mang mã này trong phạm vi quản lý của bạn."}}
	}
	if role == bontot.RoleAdmin && !userFrom(r).HasRole(bontot.RoleAdmin) {
		return nil, bontot.Errorf(bontot.EFORBIDDEN, "Chỉ quản trị hệ thống mới cấp được vai trò quản trị.")
	}
	return &bontot.Grant{Role: role, OrgID: o.ID, OrgPath: o.Path, OrgName: o.Name}, nil
}

func (s *Server) handleUserCreate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	if !userFrom(r).CanAnywhere(bontot.PermManageUsers) {
		s.notFound(w, r)
		return
	}
	u := &bontot.User{Username: r.PostForm.Get("username"), FullName: r.PostForm.Get("full_name"), Email: r.PostForm.Get("email")}
	g, err := s.grantFromForm(r)
	if err == nil {
		u.Grants = []bontot.Grant{*g}
		if r.PostForm.Get("password") != r.PostForm.Get("confirm") {
			err = &bontot.Error{Code: bontot.EINVALID, Message: "Hai lần nhập mật khẩu không khớp.", Fields: map[string]string{"confirm": "Hai lần nhập mật khẩu không khớp."}}
		} else {
			err = s.store.CreateUser(r.Context(), actor(r), u, r.PostForm.Get("password"))
		}
	}
	if err != nil {
		r.PostForm.Del("password")
		r.PostForm.Del("confirm")
		s.formError(w, r, err, "user_form", &Page{Title: "Thêm người dùng"})
		return
	}
	s.flash(r, "Đã thêm người dùng "+u.Username+".")
	http.Redirect(w, r, "/users/"+strconv.FormatInt(u.ID, 10), http.StatusSeeOther)
}

// userFor loads an account the current user may manage (404 otherwise).
func (s *Server) userFor(w http.ResponseWriter, r *http.Request) (*bontot.User, bool) {
	u, err := s.store.User(r.Context(), pathID(r, "id"))
	if err != nil || !manageable(userFrom(r), u) {
		s.notFound(w, r)
		return nil, false
	}
	return u, true
}

func (s *Server) handleUser(w http.ResponseWriter, r *http.Request) {
	u, ok := s.userFor(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "user", &Page{Title: "Người dùng " + u.Username, Form: newForm(url.Values{"email": {u.Email}}, nil), Data: u})
}

func (s *Server) userFormError(w http.ResponseWriter, r *http.Request, u *bontot.User, err error) {
	if !r.PostForm.Has("email") {
		r.PostForm.Set("email", u.Email) // the e-mail form on the same page keeps showing the address
	}
	s.formError(w, r, err, "user", &Page{Title: "Người dùng " + u.Username, Data: u})
}

func (s *Server) handleUserEmail(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	u, ok := s.userFor(w, r)
	if !ok {
		return
	}
	if err := s.store.SetEmail(r.Context(), actor(r), u.ID, r.PostForm.Get("email")); err != nil {
		s.userFormError(w, r, u, err)
		return
	}
	s.flash(r, "Đã lưu e-mail của "+u.Username+".")
	http.Redirect(w, r, "/users/"+strconv.FormatInt(u.ID, 10), http.StatusSeeOther)
}

func (s *Server) handleUserPassword(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	u, ok := s.userFor(w, r)
	if !ok {
		return
	}
	if err := s.store.SetPassword(r.Context(), actor(r), u.ID, r.PostForm.Get("password")); err != nil {
		s.userFormError(w, r, u, err)
		return
	}
	s.flash(r, "Đã đặt mật khẩu mới cho "+u.Username+".")
	http.Redirect(w, r, "/users/"+strconv.FormatInt(u.ID, 10), http.StatusSeeOther)
}

func (s *Server) handleUserGrantAdd(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	u, ok := s.userFor(w, r)
	if !ok {
		return
	}
	g, err := s.grantFromForm(r)
	if err == nil {
		g.UserID = u.ID
		err = s.store.AddGrant(r.Context(), actor(r), g)
	}
	if err != nil {
		s.userFormError(w, r, u, err)
		return
	}
	s.flash(r, "Đã cấp vai trò "+g.Role.Label()+".")
	http.Redirect(w, r, "/users/"+strconv.FormatInt(u.ID, 10), http.StatusSeeOther)
}

func (s *Server) handleUserGrantDelete(w http.ResponseWriter, r *http.Request) {
	u, ok := s.userFor(w, r)
	if !ok {
		return
	}
	if err := s.store.RemoveGrant(r.Context(), actor(r), u.ID, pathID(r, "gid")); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "Đã thu hồi vai trò.")
	http.Redirect(w, r, "/users/"+strconv.FormatInt(u.ID, 10), http.StatusSeeOther)
}

func (s *Server) handleUserDisable(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	u, ok := s.userFor(w, r)
	if !ok {
		return
	}
	if u.ID == userFrom(r).ID {
		s.fail(w, r, bontot.Errorf(bontot.EINVALID, "Bạn không thể tự khóa tài khoản của mình."))
		return
	}
	disable := r.PostForm.Get("disabled") == "1"
	if err := s.store.SetDisabled(r.Context(), actor(r), u.ID, disable); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, map[bool]string{true: "Đã khóa tài khoản.", false: "Đã mở khóa tài khoản."}[disable])
	http.Redirect(w, r, "/users/"+strconv.FormatInt(u.ID, 10), http.StatusSeeOther)
}
