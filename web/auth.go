package web

import (
	"net/http"
	"net/url"
	"strings"

	"bontot"
	"bontot/store"
)

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	select {
	case <-s.ready:
	default:
		http.Error(w, "starting", http.StatusServiceUnavailable)
		return
	}
	if err := s.store.Ping(r.Context()); err != nil {
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}

func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) {
	if userFrom(r) != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login", &Page{Title: "Đăng nhập", Form: newForm(url.Values{"next": {r.URL.Query().Get("next")}}, nil)})
}

// safeNext keeps redirects after login on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	username := strings.ToLower(strings.TrimSpace(r.PostForm.Get("username")))
	password := r.PostForm.Get("password")
	form := newForm(url.Values{"username": {r.PostForm.Get("username")}, "next": {r.PostForm.Get("next")}}, nil)
	ip := clientIP(r)
	if s.limiter.Blocked("u:"+username, "ip:"+ip) {
		s.render(w, r, http.StatusTooManyRequests, "login", &Page{Title: "Đăng nhập", Form: form,
			Error: "Bạn đã nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút hoặc liên hệ quản trị viên."})
		return
	}
	u, err := s.store.UserByUsername(r.Context(), username)
	if err != nil && bontot.ErrorCode(err) != bontot.ENOTFOUND {
		s.serverError(w, r, err)
		return
	}
	if u == nil || u.Disabled || !bontot.CheckPassword(u.PasswordHash, password) {
		if u == nil {
			bontot.DummyCheck(password)
		}
		s.limiter.Fail("u:"+username, "ip:"+ip)
		if u != nil {
			s.store.Audit(r.Context(), actorOf(u, r), "user.login_fail", "user", u.ID, "", "Đăng nhập sai mật khẩu")
		}
		s.render(w, r, http.StatusUnauthorized, "login", &Page{Title: "Đăng nhập", Form: form, Error: "Tên đăng nhập hoặc mật khẩu không đúng."})
		return
	}
	s.limiter.Reset("u:" + username)
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), "user_id", u.ID)
	s.store.Audit(r.Context(), actorOf(u, r), "user.login", "user", u.ID, "", "Đăng nhập")
	http.Redirect(w, r, safeNext(r.PostForm.Get("next")), http.StatusSeeOther)
}

// actorOf is the audit identity of u before the session knows u.
func actorOf(u *bontot.User, r *http.Request) store.Actor {
	return store.Actor{UserID: u.ID, Username: u.Username, IP: clientIP(r)}
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	s.sessions.Destroy(r.Context())
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// homeData is what the home page shows: the user's subtrees and, for a cell
// secretary or a party member, their cell or their own record.
type homeData struct {
	Todos  []todo
	Today  bontot.Date
	Roots  []*bontot.Org
	Cells  []*bontot.Org
	Member *bontot.Member
	Role   bontot.Role
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r)
	d := &homeData{Role: u.MainRole()}
	var err error
	if d.Roots, err = s.scopeRoots(r, bontot.PermReadTree); err != nil {
		s.fail(w, r, err)
		return
	}
	for _, o := range d.Roots {
		if o.Kind.IsCell() {
			d.Cells = append(d.Cells, o)
		}
	}
	if u.MemberID != 0 {
		d.Member, _ = s.store.Member(r.Context(), u.MemberID)
	}
	d.Todos, d.Today = s.todos(r, d.Roots), s.store.Today()
	s.render(w, r, http.StatusOK, "home", &Page{Title: "Trang chủ", Data: d})
}

func (s *Server) handlePasswordForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "password", &Page{Title: "Đổi mật khẩu", Form: newForm(url.Values{"email": {userFrom(r).Email}}, nil)})
}

// handleAccountEmail lets every user set the address their reminders are e-mailed to.
func (s *Server) handleAccountEmail(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	u := userFrom(r)
	if err := s.store.SetEmail(r.Context(), actor(r), u.ID, r.PostForm.Get("email")); err != nil {
		s.formError(w, r, err, "password", &Page{Title: "Đổi mật khẩu"})
		return
	}
	s.flash(r, "Đã lưu e-mail nhận nhắc nhở.")
	http.Redirect(w, r, "/account/password", http.StatusSeeOther)
}

func (s *Server) handlePasswordChange(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	u := userFrom(r)
	form := newForm(url.Values{"email": {u.Email}}, nil)
	switch {
	case !bontot.CheckPassword(u.PasswordHash, r.PostForm.Get("current")):
		form.Errors["current"] = "Mật khẩu hiện tại không đúng."
	case r.PostForm.Get("new") != r.PostForm.Get("confirm"):
		form.Errors["confirm"] = "Hai lần nhập mật khẩu mới không khớp."
	default:
		err := s.store.SetPassword(r.Context(), actor(r), u.ID, r.PostForm.Get("new"))
		if err == nil {
			s.sessions.RenewToken(r.Context())
			s.flash(r, "Đã đổi mật khẩu.")
			http.Redirect(w, r, "/", http.StatusSeeOther)
			return
		}
		if bontot.ErrorCode(err) != bontot.EINVALID {
			s.fail(w, r, err)
			return
		}
		form.Errors["new"] = bontot.ErrorMessage(err)
	}
	s.render(w, r, http.StatusUnprocessableEntity, "password", &Page{Title: "Đổi mật khẩu", Form: form})
}

func (s *Server) handleTokens(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "tokens", &Page{Title: "Khóa API", Form: newForm(url.Values{}, nil)})
}

func (s *Server) handleTokenCreate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	name := strings.TrimSpace(r.PostForm.Get("name"))
	if name == "" {
		form := newForm(r.PostForm, nil)
		form.Errors["name"] = "Vui lòng đặt tên cho khóa (ví dụ: tên phần mềm dùng khóa)."
		s.render(w, r, http.StatusUnprocessableEntity, "tokens", &Page{Title: "Khóa API", Form: form})
		return
	}
	token, err := s.store.CreateToken(r.Context(), actor(r), userFrom(r).ID, name)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "tokens", &Page{Title: "Khóa API", Form: newForm(url.Values{}, nil), Data: token})
}
