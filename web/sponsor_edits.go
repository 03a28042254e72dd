package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"bontot"
	"bontot/store"
)

// Editing and deleting sponsor groups, assignments, visits, inspection plans
// and findings, with the permissions of creating them: the board (manage
// sponsors) for groups, assignments, plans and findings; for a visit, the
// one who logged it while they may still visit the unit, or the board.
// Deleting asks for confirmation and is refused while records hang on the
// one deleted (see store/deletes.go).

func (s *Server) sponsorEditRoutes(page func(string, http.HandlerFunc)) {
	page("GET /sponsors/groups/{id}/edit", s.handleGroupEdit)
	page("POST /sponsors/groups/{id}/edit", s.handleGroupUpdate)
	page("GET /sponsors/groups/{id}/delete", s.handleGroupDelete)
	page("POST /sponsors/groups/{id}/delete", s.handleGroupDelete)
	page("POST /sponsors/assignments/{id}/end", s.handleAssignmentEnd)
	page("GET /sponsors/assignments/{id}/delete", s.handleAssignmentDelete)
	page("POST /sponsors/assignments/{id}/delete", s.handleAssignmentDelete)
	page("GET /sponsors/visits/{id}/edit", s.handleVisitEdit)
	page("POST /sponsors/visits/{id}/edit", s.handleVisitUpdate)
	page("GET /sponsors/visits/{id}/delete", s.handleVisitDelete)
	page("POST /sponsors/visits/{id}/delete", s.handleVisitDelete)
	// Under /inspections/plans/: /inspections/{id}/edit would clash with /inspections/findings/{id}.
	page("GET /inspections/plans/{id}/edit", s.handlePlanEdit)
	page("POST /inspections/plans/{id}/edit", s.handlePlanUpdate)
	page("GET /inspections/plans/{id}/delete", s.handlePlanDelete)
	page("POST /inspections/plans/{id}/delete", s.handlePlanDelete)
	page("GET /inspections/findings/{id}/edit", s.handleFindingEdit)
	page("POST /inspections/findings/{id}/edit", s.handleFindingUpdate)
	page("GET /inspections/findings/{id}/delete", s.handleFindingDelete)
	page("POST /inspections/findings/{id}/delete", s.handleFindingDelete)
}

func init() {
	requiredPages = append(requiredPages, "sponsor_group_form", "inspection_form", "inspection_finding_form", "confirm_delete")
}

// manages reports whether the user manages sponsors at path.
func manages(r *http.Request, path string) bool {
	return userFrom(r).Can(bontot.PermManageSponsors, path)
}

// editFailed answers a refused edit: the form again with what was typed and
// the messages (show), or the error page for anything but a validation error
// or a conflict.
func (s *Server) editFailed(w http.ResponseWriter, r *http.Request, err error, show func(form *Form, status int, msg string)) {
	c := bontot.ErrorCode(err)
	if c != bontot.EINVALID && c != bontot.ECONFLICT {
		s.fail(w, r, err)
		return
	}
	show(newForm(r.PostForm, err), httpStatus(c), bontot.ErrorMessage(err))
}

// validated saves a record when its form had no typing mistakes (fe);
// otherwise nothing is saved and the record's own messages (validate) join
// them, so that every field in error is marked at once.
func validated(fe bontot.FieldErrors, save, validate func() error) error {
	if fe.Err() == nil {
		return save()
	}
	return mergeErr(fe, validate())
}

// dateField reads a typed date; a typing mistake goes to fe.
func dateField(v url.Values, name string, fe bontot.FieldErrors) bontot.Date {
	d, err := bontot.ParseDate(v.Get(name))
	if err != nil {
		fe.Add(name, bontot.ErrorMessage(err))
	}
	return d
}

// ---------- Deleting, with confirmation ---------------------------------------

// deleteData is the confirmation page of a delete.
type deleteData struct {
	What    string   // "buổi làm việc ngày 10/03/2025 với Chi bộ TDP 1"
	Details []detail // what the record holds
	Also    string   // what goes with it
	Refusal string   // why it may not be deleted
	Action  string   // where the confirmation is posted
	Back    string   // the record's page
}

type detail struct{ Label, Value string }

// confirmDelete answers GET and POST of a delete page. GET shows what would
// be deleted and asks to tick a confirmation, or says why it may not be
// deleted; POST with the box ticked deletes (del), then goes to done with
// the flash message.
func (s *Server) confirmDelete(w http.ResponseWriter, r *http.Request, d *deleteData, entity string, id int64, del func(store.Actor) error, done, flash string) {
	form := newForm(url.Values{}, nil)
	var err error
	if r.Method == http.MethodPost {
		if r.PostForm.Get("confirm") != "1" {
			err = &bontot.Error{Code: bontot.EINVALID, Message: "Vui lòng đánh dấu xác nhận trước khi xóa.",
				Fields: map[string]string{"confirm": "Đánh dấu ô này để xác nhận xóa."}}
		} else if err = del(actor(r)); err == nil {
			s.flash(r, flash)
			http.Redirect(w, r, done, http.StatusSeeOther)
			return
		}
	} else {
		err = s.store.DeleteRefusal(r.Context(), entity, id)
	}
	status, msg := http.StatusOK, ""
	switch bontot.ErrorCode(err) {
	case "":
	case bontot.EINVALID:
		status, msg, form = http.StatusUnprocessableEntity, bontot.ErrorMessage(err), newForm(r.PostForm, err)
	case bontot.ECONFLICT:
		d.Refusal = bontot.ErrorMessage(err)
		if r.Method == http.MethodPost {
			status = http.StatusConflict
		}
	default:
		s.loadFailed(w, r, err)
		return
	}
	s.render(w, r, status, "confirm_delete", &Page{Title: "Xóa " + d.What, Form: form, Error: msg, Data: d})
}

// ---------- Sponsor groups ------------------------------------------------------

// groupFor loads a group the user manages; one the user may only see (its
// committee is in their subtree, or it serves units they manage) is a 403.
func (s *Server) groupFor(w http.ResponseWriter, r *http.Request) (*bontot.SponsorGroup, bool) {
	g, err := s.store.SponsorGroup(r.Context(), pathID(r, "id"))
	if err != nil {
		s.loadFailed(w, r, err)
		return nil, false
	}
	if !manages(r, g.OrgPath) {
		s.refuse(w, r, userFrom(r).Can(bontot.PermReadTree, g.OrgPath) || s.groupServes(r, g))
		return nil, false
	}
	return g, true
}

func (s *Server) handleGroupEdit(w http.ResponseWriter, r *http.Request) {
	g, ok := s.groupFor(w, r)
	if !ok {
		return
	}
	s.renderGroupForm(w, r, g, newForm(url.Values{"name": {g.Name}, "kind": {string(g.Kind)}, "note": {g.Note}}, nil), http.StatusOK, "")
}

func (s *Server) renderGroupForm(w http.ResponseWriter, r *http.Request, g *bontot.SponsorGroup, form *Form, status int, msg string) {
	s.render(w, r, status, "sponsor_group_form", &Page{Title: "Sửa " + g.Name, Crumbs: s.crumbs(r, g.OrgPath), Form: form, Error: msg,
		Data: map[string]any{"G": g, "Kinds": bontot.SponsorGroupKinds}})
}

func (s *Server) handleGroupUpdate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	g, ok := s.groupFor(w, r)
	if !ok {
		return
	}
	n := &bontot.SponsorGroup{ID: g.ID, OrgID: g.OrgID, Name: r.PostForm.Get("name"), Kind: bontot.SponsorGroupKind(r.PostForm.Get("kind")), Note: r.PostForm.Get("note")}
	if err := s.store.UpdateSponsorGroup(r.Context(), actor(r), n); err != nil {
		s.editFailed(w, r, err, func(form *Form, status int, msg string) { s.renderGroupForm(w, r, g, form, status, msg) })
		return
	}
	s.flash(r, fmt.Sprintf("Đã lưu “%s”.", n.Name))
	http.Redirect(w, r, "/sponsors#phan-cong", http.StatusSeeOther)
}

func (s *Server) handleGroupDelete(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	g, ok := s.groupFor(w, r)
	if !ok {
		return
	}
	d := &deleteData{What: fmt.Sprintf("“%s”", g.Name), Details: []detail{{"Thuộc", g.OrgName}, {"Loại", g.Kind.Label()}, {"Ghi chú", g.Note}},
		Action: fmt.Sprintf("/sponsors/groups/%d/delete", g.ID), Back: "/sponsors#phan-cong"}
	s.confirmDelete(w, r, d, store.EntitySponsorGroup, g.ID, func(a store.Actor) error { return s.store.DeleteSponsorGroup(r.Context(), a, g.ID) },
		"/sponsors#phan-cong", fmt.Sprintf("Đã xóa “%s”.", g.Name))
}

// ---------- Assignments -----------------------------------------------------------

// handleAssignmentEnd ends an assignment on the day given (today by
// default): the group stops being in charge of the unit, its history stays.
func (s *Server) handleAssignmentEnd(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	a, ok := s.assignmentFor(w, r, func(p string) bool { return manages(r, p) })
	if !ok {
		return
	}
	n := *a
	end, err := bontot.ParseDate(r.PostForm.Get("end"))
	if err == nil && end.IsZero() {
		end = s.store.Today()
	}
	if err == nil {
		n.To = end
		err = s.store.UpdateAssignment(r.Context(), actor(r), &n)
	} else {
		err = &bontot.Error{Code: bontot.EINVALID, Message: bontot.ErrorMessage(err), Fields: map[string]string{"end": bontot.ErrorMessage(err)}}
	}
	if err != nil {
		if c := bontot.ErrorCode(err); c != bontot.EINVALID && c != bontot.ECONFLICT {
			s.fail(w, r, err)
			return
		}
		v := assignmentValues(a)
		v.Set("end", r.PostForm.Get("end"))
		s.renderAssignment(w, r, a, v, httpStatus(bontot.ErrorCode(err)), err)
		return
	}
	s.flash(r, fmt.Sprintf("Đã kết thúc phân công “%s” phụ trách “%s” từ ngày %s.", a.GroupName, a.OrgName, end))
	http.Redirect(w, r, fmt.Sprintf("/sponsors/assignments/%d", a.ID), http.StatusSeeOther)
}

func (s *Server) handleAssignmentDelete(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	a, ok := s.assignmentFor(w, r, func(p string) bool { return manages(r, p) })
	if !ok {
		return
	}
	to := "nay"
	if !a.To.IsZero() {
		to = a.To.String()
	}
	d := &deleteData{What: fmt.Sprintf("phân công “%s” phụ trách “%s”", a.GroupName, a.OrgName),
		Details: []detail{{"Cán bộ phụ trách", a.Names()}, {"Thời gian", "Từ " + a.From.String() + " đến " + to}},
		Action:  fmt.Sprintf("/sponsors/assignments/%d/delete", a.ID), Back: fmt.Sprintf("/sponsors/assignments/%d", a.ID)}
	s.confirmDelete(w, r, d, store.EntityAssignment, a.ID, func(ac store.Actor) error { return s.store.DeleteAssignment(r.Context(), ac, a.ID) },
		"/sponsors#phan-cong", fmt.Sprintf("Đã xóa phân công “%s” phụ trách “%s”.", a.GroupName, a.OrgName))
}

// ---------- Visits --------------------------------------------------------------

// visitEditable loads a visit the user may change: the board of the unit,
// or the one who logged it while they may still visit the unit. Another
// reader of the unit gets a 403.
func (s *Server) visitEditable(w http.ResponseWriter, r *http.Request) (*bontot.Visit, bool) {
	v, ok := s.visitFor(w, r, func(p string) bool { return s.sponsorReads(r, p) })
	if !ok {
		return nil, false
	}
	if !s.mayEditVisit(r, v) {
		s.forbidden(w, r)
		return nil, false
	}
	return v, true
}

// mayEditVisit reports whether the user may change or delete the visit.
func (s *Server) mayEditVisit(r *http.Request, v *bontot.Visit) bool {
	u := userFrom(r)
	return manages(r, v.OrgPath) || (v.UserID != 0 && v.UserID == u.ID && s.mayVisit(r, v.OrgPath))
}

func (s *Server) handleVisitEdit(w http.ResponseWriter, r *http.Request) {
	v, ok := s.visitEditable(w, r)
	if !ok {
		return
	}
	vals := url.Values{"on": {v.On.String()}, "officer": {v.Officer}, "strengths": {v.Strengths}, "shortcomings": {v.Shortcomings}}
	if v.MeetingID != 0 {
		vals.Set("meeting", strconv.FormatInt(v.MeetingID, 10))
	}
	s.renderVisitEdit(w, r, v, newForm(vals, nil), http.StatusOK, "")
}

func (s *Server) renderVisitEdit(w http.ResponseWriter, r *http.Request, v *bontot.Visit, form *Form, status int, msg string) {
	o, err := s.store.Org(r.Context(), v.OrgID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &visitFormData{Org: o, Edit: v, Today: s.store.Today()}
	if d.Meetings, err = s.store.RecentMeetings(r.Context(), o.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "sponsor_visit_form", &Page{Title: "Sửa buổi làm việc — " + o.Name, Crumbs: s.crumbs(r, o.Path), Form: form, Error: msg, Data: d})
}

func (s *Server) handleVisitUpdate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	v, ok := s.visitEditable(w, r)
	if !ok {
		return
	}
	fe := bontot.FieldErrors{}
	n := &bontot.Visit{ID: v.ID, OrgID: v.OrgID, Officer: r.PostForm.Get("officer"), MeetingID: formID(r, "meeting"),
		Strengths: r.PostForm.Get("strengths"), Shortcomings: r.PostForm.Get("shortcomings")}
	n.On = dateField(r.PostForm, "on", fe)
	err := validated(fe, func() error { return s.store.UpdateVisit(r.Context(), actor(r), n) },
		func() error { n.Normalize(); return n.Validate(s.store.Today()) })
	if err != nil {
		s.editFailed(w, r, err, func(form *Form, status int, msg string) { s.renderVisitEdit(w, r, v, form, status, msg) })
		return
	}
	s.flash(r, fmt.Sprintf("Đã lưu buổi làm việc ngày %s với %s.", n.On, v.OrgName))
	http.Redirect(w, r, fmt.Sprintf("/sponsors/visits/%d", v.ID), http.StatusSeeOther)
}

func (s *Server) handleVisitDelete(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	v, ok := s.visitEditable(w, r)
	if !ok {
		return
	}
	d := &deleteData{What: fmt.Sprintf("buổi làm việc ngày %s với %s", v.On, v.OrgName),
		Details: []detail{{"Cán bộ đến làm việc", v.Officer}, {"Ưu điểm", v.Strengths}, {"Hạn chế, khuyết điểm", v.Shortcomings}},
		Action:  fmt.Sprintf("/sponsors/visits/%d/delete", v.ID), Back: fmt.Sprintf("/sponsors/visits/%d", v.ID)}
	if n := len(v.Recommendations); n > 0 {
		d.Also = fmt.Sprintf("%d kiến nghị của buổi làm việc (chưa được theo dõi lần nào) cũng bị xóa.", n)
	}
	s.confirmDelete(w, r, d, store.EntityVisit, v.ID, func(a store.Actor) error { return s.store.DeleteVisit(r.Context(), a, v.ID) },
		"/sponsors", fmt.Sprintf("Đã xóa buổi làm việc ngày %s với %s.", v.On, v.OrgName))
}

// ---------- Inspection plans --------------------------------------------------------

// planEditable loads a plan the user may change: issued by a committee
// they manage. A reader of the plan gets a 403.
func (s *Server) planEditable(w http.ResponseWriter, r *http.Request) (*bontot.InspectionPlan, bool) {
	p, ok := s.planFor(w, r)
	if ok && !manages(r, p.OrgPath) {
		s.forbidden(w, r)
		return nil, false
	}
	return p, ok
}

// planSubject is a subject of the plan in its edit form.
type planSubject struct {
	bontot.PlanSubject
	Kept bool
}

func (s *Server) handlePlanEdit(w http.ResponseWriter, r *http.Request) {
	p, ok := s.planEditable(w, r)
	if !ok {
		return
	}
	v := r.URL.Query()
	if v.Get("find") == "" {
		v = url.Values{"name": {p.Name}, "kind": {string(p.Kind)}, "from": {p.From.String()}, "to": {p.To.String()}, "content": {p.Content}}
		for _, su := range p.Subjects {
			v.Add("subject", strconv.FormatInt(su.OrgID, 10))
		}
	}
	s.renderPlanForm(w, r, p, newForm(v, nil), http.StatusOK, "")
}

func (s *Server) renderPlanForm(w http.ResponseWriter, r *http.Request, p *bontot.InspectionPlan, form *Form, status int, msg string) {
	kept := map[string]bool{}
	for _, id := range form.Values["subject"] {
		kept[id] = true
	}
	var subjects []planSubject
	for _, su := range p.Subjects {
		subjects = append(subjects, planSubject{su, kept[strconv.FormatInt(su.OrgID, 10)]})
	}
	issuer, err := s.store.Org(r.Context(), p.OrgID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	picker := s.pickerOf(r, form, "unit", []*bontot.Org{issuer}, func(path string) bool { return manages(r, path) })
	s.render(w, r, status, "inspection_form", &Page{Title: "Sửa " + p.Name, Crumbs: s.crumbs(r, p.OrgPath), Form: form, Error: msg,
		Data: map[string]any{"P": p, "Kinds": bontot.InspectionKinds, "Subjects": subjects, "Picker": picker}})
}

func (s *Server) handlePlanUpdate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	p, ok := s.planEditable(w, r)
	if !ok {
		return
	}
	fe := bontot.FieldErrors{}
	ids, ok := s.pickedUnits(w, r, "unit", func(path string) bool { return manages(r, path) }, fe)
	if !ok {
		return
	}
	kept := map[int64]bool{}
	for _, v := range r.PostForm["subject"] {
		id, _ := strconv.ParseInt(v, 10, 64)
		kept[id] = true
	}
	n := &bontot.InspectionPlan{ID: p.ID, OrgID: p.OrgID, Name: r.PostForm.Get("name"), Kind: bontot.InspectionKind(r.PostForm.Get("kind")),
		Content: r.PostForm.Get("content"), SubjectIDs: ids}
	for _, su := range p.Subjects {
		if !kept[su.OrgID] {
			n.DropSubjectIDs = append(n.DropSubjectIDs, su.OrgID)
		} else {
			n.Subjects = append(n.Subjects, su)
		}
	}
	planPeriod(r.PostForm, n, fe)
	err := validated(fe, func() error { return s.store.UpdateInspectionPlan(r.Context(), actor(r), n) }, func() error { n.Normalize(); return n.Validate() })
	if err != nil {
		s.editFailed(w, r, err, func(form *Form, status int, msg string) { s.renderPlanForm(w, r, p, form, status, msg) })
		return
	}
	s.flash(r, fmt.Sprintf("Đã lưu “%s”.", n.Name))
	http.Redirect(w, r, fmt.Sprintf("/inspections/%d", p.ID), http.StatusSeeOther)
}

func (s *Server) handlePlanDelete(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	p, ok := s.planEditable(w, r)
	if !ok {
		return
	}
	names := make([]string, len(p.Subjects))
	for i, su := range p.Subjects {
		names[i] = su.OrgName
	}
	d := &deleteData{What: fmt.Sprintf("kế hoạch “%s”", p.Name),
		Details: []detail{{"Loại", p.Kind.Label()}, {"Cấp ban hành", p.OrgName}, {"Thời gian", p.From.String() + " – " + p.To.String()},
			{"Đối tượng", strings.Join(names, "; ")}},
		Action: fmt.Sprintf("/inspections/plans/%d/delete", p.ID), Back: fmt.Sprintf("/inspections/%d", p.ID)}
	s.confirmDelete(w, r, d, store.EntityInspectionPlan, p.ID, func(a store.Actor) error { return s.store.DeleteInspectionPlan(r.Context(), a, p.ID) },
		"/inspections", fmt.Sprintf("Đã xóa kế hoạch “%s”.", p.Name))
}

// ---------- Findings --------------------------------------------------------------

// findingEditable loads a finding the user may change: at a unit they
// manage, as recording one needs. A reader of the unit gets a 403.
func (s *Server) findingEditable(w http.ResponseWriter, r *http.Request) (*bontot.Finding, bool) {
	f, err := s.store.Finding(r.Context(), pathID(r, "id"))
	if err != nil {
		s.loadFailed(w, r, err)
		return nil, false
	}
	if !manages(r, f.OrgPath) {
		s.refuse(w, r, userFrom(r).Can(bontot.PermReadTree, f.OrgPath))
		return nil, false
	}
	return f, true
}

func (s *Server) handleFindingEdit(w http.ResponseWriter, r *http.Request) {
	f, ok := s.findingEditable(w, r)
	if !ok {
		return
	}
	s.renderFindingForm(w, r, f, newForm(url.Values{"on": {f.On.String()}, "findings": {f.Findings}, "conclusion": {f.Conclusion}}, nil), http.StatusOK, "")
}

func (s *Server) renderFindingForm(w http.ResponseWriter, r *http.Request, f *bontot.Finding, form *Form, status int, msg string) {
	s.render(w, r, status, "inspection_finding_form", &Page{Title: "Sửa kết luận tại " + f.OrgName, Crumbs: s.crumbs(r, f.OrgPath), Form: form, Error: msg,
		Data: map[string]any{"F": f}})
}

func (s *Server) handleFindingUpdate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	f, ok := s.findingEditable(w, r)
	if !ok {
		return
	}
	fe := bontot.FieldErrors{}
	n := &bontot.Finding{ID: f.ID, PlanID: f.PlanID, OrgID: f.OrgID, Findings: r.PostForm.Get("findings"), Conclusion: r.PostForm.Get("conclusion")}
	n.On = dateField(r.PostForm, "on", fe)
	err := validated(fe, func() error { return s.store.UpdateFinding(r.Context(), actor(r), n) },
		func() error { n.Normalize(); return n.Validate(s.store.Today()) })
	if err != nil {
		s.editFailed(w, r, err, func(form *Form, status int, msg string) { s.renderFindingForm(w, r, f, form, status, msg) })
		return
	}
	s.flash(r, fmt.Sprintf("Đã lưu kết luận tại %s.", f.OrgName))
	http.Redirect(w, r, fmt.Sprintf("/inspections/findings/%d", f.ID), http.StatusSeeOther)
}

func (s *Server) handleFindingDelete(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	f, ok := s.findingEditable(w, r)
	if !ok {
		return
	}
	d := &deleteData{What: fmt.Sprintf("kết luận %s tại %s", strings.ToLower(f.PlanKind.Label()), f.OrgName),
		Details: []detail{{"Kế hoạch", f.PlanName}, {"Ngày kết luận", f.On.String()}, {"Kết luận", f.Conclusion}},
		Action:  fmt.Sprintf("/inspections/findings/%d/delete", f.ID), Back: fmt.Sprintf("/inspections/findings/%d", f.ID)}
	if n := len(f.FollowUps); n > 0 {
		d.Also = fmt.Sprintf("%d việc cần khắc phục của kết luận (chưa được theo dõi lần nào) cũng bị xóa.", n)
	}
	s.confirmDelete(w, r, d, store.EntityFinding, f.ID, func(a store.Actor) error { return s.store.DeleteFinding(r.Context(), a, f.ID) },
		fmt.Sprintf("/inspections/%d", f.PlanID), fmt.Sprintf("Đã xóa kết luận tại %s.", f.OrgName))
}
