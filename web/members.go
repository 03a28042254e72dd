package web

import (
	"net/http"
	"net/url"
	"strconv"

	"bontot"
	"bontot/store"
)

const memberPageSize = 50

type membersData struct {
	Scope  *bontot.Org // the cell (Cell true) or the subtree listed
	Cell   bool
	Query  string
	Status string
	Page   *store.MemberPage
	Offset int
	Next   int
	Prev   int
	Cap    int // store.SearchCap, for the message
}

func (s *Server) handleMembers(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := &membersData{Query: q.Get("q"), Status: q.Get("status"), Cap: store.SearchCap}
	d.Offset, _ = strconv.Atoi(q.Get("offset"))
	f := bontot.MemberFilter{Query: d.Query, Status: bontot.MemberStatus(d.Status), Limit: memberPageSize, Offset: d.Offset}
	if id := formID(r, "org"); id != 0 {
		o, ok := s.orgFor(w, r, bontot.PermReadMembers, id)
		if !ok {
			return
		}
		d.Scope, f.OrgID = o, o.ID
		d.Cell = o.Kind.IsCell()
		if !d.Cell {
			f.OrgID, f.Under = 0, o.Path
		}
	} else {
		o, err := s.pickScope(r, bontot.PermReadMembers)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d.Scope, f.Under = o, o.Path
	}
	var err error
	if d.Page, err = s.store.Members(r.Context(), f); err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Offset+len(d.Page.Members) < d.Page.Total || (d.Page.Capped && len(d.Page.Members) == memberPageSize) {
		d.Next = d.Offset + memberPageSize
	}
	d.Prev = d.Offset - memberPageSize
	s.render(w, r, http.StatusOK, "members", &Page{Title: "Đảng viên — " + d.Scope.Name, Crumbs: s.crumbs(r, d.Scope.Path), Data: d})
}

// memberFromForm reads a member form; unreadable dates become field messages.
func memberFromForm(v url.Values) (*bontot.Member, bontot.Date, bontot.FieldErrors) {
	fe := bontot.FieldErrors{}
	m := &bontot.Member{FullName: v.Get("full_name"), Gender: bontot.Gender(v.Get("gender")), Status: bontot.MemberStatus(v.Get("status")),
		CardNumber: v.Get("card_number"), Position: bontot.Position(v.Get("position")), Phone: v.Get("phone")}
	date := func(field string) bontot.Date {
		d, err := bontot.ParseDate(v.Get(field))
		if err != nil {
			fe.Add(field, bontot.ErrorMessage(err))
		}
		return d
	}
	m.BirthDate, m.AdmittedDate, m.FullMemberDate = date("birth_date"), date("admitted_date"), date("full_member_date")
	return m, date("since"), fe
}

// memberValues fills a form with a stored member.
func memberValues(m *bontot.Member) url.Values {
	return url.Values{"full_name": {m.FullName}, "gender": {string(m.Gender)}, "birth_date": {m.BirthDate.String()},
		"admitted_date": {m.AdmittedDate.String()}, "full_member_date": {m.FullMemberDate.String()}, "status": {string(m.Status)},
		"card_number": {m.CardNumber}, "position": {string(m.Position)}, "phone": {m.Phone}}
}

type memberFormData struct {
	Cell   *bontot.Org
	Member *bontot.Member // nil for a new member
}

func (s *Server) handleMemberNew(w http.ResponseWriter, r *http.Request) {
	cell, ok := s.orgFor(w, r, bontot.PermEditMembers, formID(r, "org"))
	if !ok {
		return
	}
	form := newForm(url.Values{"org": {strconv.FormatInt(cell.ID, 10)}, "status": {string(bontot.StatusFull)}, "position": {string(bontot.PosMember)},
		"since": {s.store.Today().String()}}, nil)
	s.render(w, r, http.StatusOK, "member_form", &Page{Title: "Thêm đảng viên", Crumbs: s.crumbs(r, cell.Path), Form: form, Data: &memberFormData{Cell: cell}})
}

func (s *Server) handleMemberCreate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	cell, ok := s.orgFor(w, r, bontot.PermEditMembers, formID(r, "org"))
	if !ok {
		return
	}
	m, since, fe := memberFromForm(r.PostForm)
	m.OrgID = cell.ID
	err := s.validateMember(m, fe)
	if err == nil {
		err = s.store.CreateMember(r.Context(), actor(r), m, since)
	}
	if err != nil {
		s.formError(w, r, err, "member_form", &Page{Title: "Thêm đảng viên", Crumbs: s.crumbs(r, cell.Path), Data: &memberFormData{Cell: cell}})
		return
	}
	s.flash(r, "Đã thêm đảng viên "+m.FullName+".")
	http.Redirect(w, r, "/members/"+strconv.FormatInt(m.ID, 10), http.StatusSeeOther)
}

// validateMember merges the form's date messages with the member's own
// validation, so that every problem is shown at once.
func (s *Server) validateMember(m *bontot.Member, fe bontot.FieldErrors) error {
	m.Normalize()
	if err, ok := m.Validate(s.store.Today()).(*bontot.Error); ok && err != nil {
		for k, v := range err.Fields {
			fe.Add(k, v)
		}
	}
	return fe.Err()
}

type memberData struct {
	Member     *bontot.Member
	History    []*bontot.Membership
	Audit      []*bontot.AuditEntry
	Attendance []*bontot.MemberAttendance // this year and last year
}

func (s *Server) handleMember(w http.ResponseWriter, r *http.Request) {
	m, ok := s.memberFor(w, r, bontot.PermReadMembers, pathID(r, "id"))
	if !ok {
		return
	}
	// Reading a personal record is itself recorded.
	if err := s.store.Audit(r.Context(), actor(r), "member.read", "member", m.ID, m.OrgPath, "Xem hồ sơ đảng viên "+m.FullName); err != nil {
		s.fail(w, r, err)
		return
	}
	d := &memberData{Member: m}
	var err error
	if d.History, err = s.store.Memberships(r.Context(), m.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	if userFrom(r).Can(bontot.PermReadAudit, m.OrgPath) {
		d.Audit, _, _ = s.store.AuditEntries(r.Context(), bontot.AuditFilter{Entity: "member", EntityID: m.ID, Limit: 20})
	}
	for _, y := range []int{s.store.Today().Year(), s.store.Today().Year() - 1} {
		at, err := s.store.MemberAttendance(r.Context(), m.ID, y)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if at.Meetings > 0 {
			d.Attendance = append(d.Attendance, at)
		}
	}
	s.render(w, r, http.StatusOK, "member", &Page{Title: m.FullName, Crumbs: s.crumbs(r, m.OrgPath), Data: d})
}

func (s *Server) handleMemberEdit(w http.ResponseWriter, r *http.Request) {
	m, ok := s.memberFor(w, r, bontot.PermEditMembers, pathID(r, "id"))
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "member_form", &Page{Title: "Sửa hồ sơ " + m.FullName, Crumbs: s.crumbs(r, m.OrgPath),
		Form: newForm(memberValues(m), nil), Data: &memberFormData{Member: m}})
}

func (s *Server) handleMemberUpdate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	old, ok := s.memberFor(w, r, bontot.PermEditMembers, pathID(r, "id"))
	if !ok {
		return
	}
	m, _, fe := memberFromForm(r.PostForm)
	m.ID = old.ID
	err := s.validateMember(m, fe)
	if err == nil {
		err = s.store.UpdateMember(r.Context(), actor(r), m)
	}
	if err != nil {
		s.formError(w, r, err, "member_form", &Page{Title: "Sửa hồ sơ " + old.FullName, Crumbs: s.crumbs(r, old.OrgPath), Data: &memberFormData{Member: old}})
		return
	}
	s.flash(r, "Đã lưu hồ sơ đảng viên "+m.FullName+".")
	http.Redirect(w, r, "/members/"+strconv.FormatInt(m.ID, 10), http.StatusSeeOther)
}

type transferData struct {
	Member     *bontot.Member
	Query      string
	Candidates []*bontot.Org
}

// transferCandidates finds active cells in the user's transfer scope.
func (s *Server) transferCandidates(r *http.Request, m *bontot.Member, q string) ([]*bontot.Org, error) {
	if q == "" {
		return nil, nil
	}
	roots, err := s.scopeRoots(r, bontot.PermTransfer)
	if err != nil {
		return nil, err
	}
	var out []*bontot.Org
	for _, root := range roots {
		found, err := s.store.Orgs(r.Context(), bontot.OrgFilter{Under: root.Path, Query: q, Kinds: []bontot.OrgKind{bontot.KindCell, bontot.KindBaseCell}, Limit: 30})
		if err != nil {
			return nil, err
		}
		for _, c := range found {
			if c.ID != m.OrgID && c.ValidTo.IsZero() {
				out = append(out, c)
			}
		}
	}
	return out, nil
}

func (s *Server) handleTransferForm(w http.ResponseWriter, r *http.Request) {
	m, ok := s.memberFor(w, r, bontot.PermTransfer, pathID(r, "id"))
	if !ok {
		return
	}
	d := &transferData{Member: m, Query: r.URL.Query().Get("q")}
	var err error
	if d.Candidates, err = s.transferCandidates(r, m, d.Query); err != nil {
		s.fail(w, r, err)
		return
	}
	form := newForm(url.Values{"kind": {string(bontot.Official)}, "date": {s.store.Today().String()}, "q": {d.Query}}, nil)
	s.render(w, r, http.StatusOK, "transfer", &Page{Title: "Chuyển sinh hoạt đảng", Crumbs: s.crumbs(r, m.OrgPath), Form: form, Data: d})
}

func (s *Server) handleTransfer(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	m, ok := s.memberFor(w, r, bontot.PermTransfer, pathID(r, "id"))
	if !ok {
		return
	}
	d := &transferData{Member: m, Query: r.PostForm.Get("q")}
	t := bontot.Transfer{MemberID: m.ID, ToOrgID: formID(r, "to_org"), Kind: bontot.MembershipKind(r.PostForm.Get("kind")), Note: r.PostForm.Get("note")}
	var err error
	if t.Date, err = bontot.ParseDate(r.PostForm.Get("date")); err != nil {
		err = &bontot.Error{Code: bontot.EINVALID, Message: bontot.ErrorMessage(err), Fields: map[string]string{"date": bontot.ErrorMessage(err)}}
	} else if t.ToOrgID == 0 {
		err = &bontot.Error{Code: bontot.EINVALID, Message: "Vui lòng tìm và chọn chi bộ chuyển đến.", Fields: map[string]string{"to_org": "Vui lòng chọn chi bộ chuyển đến."}}
	} else if to, terr := s.store.Org(r.Context(), t.ToOrgID); terr != nil || !userFrom(r).Can(bontot.PermTransfer, to.Path) {
		s.notFound(w, r)
		return
	} else {
		err = s.store.TransferMember(r.Context(), actor(r), t)
	}
	if err != nil {
		d.Candidates, _ = s.transferCandidates(r, m, d.Query)
		s.formError(w, r, err, "transfer", &Page{Title: "Chuyển sinh hoạt đảng", Crumbs: s.crumbs(r, m.OrgPath), Data: d})
		return
	}
	s.flash(r, "Đã chuyển sinh hoạt đảng cho "+m.FullName+".")
	http.Redirect(w, r, "/members/"+strconv.FormatInt(m.ID, 10), http.StatusSeeOther)
}
