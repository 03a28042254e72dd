package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"bontot"
)

// Inspection and supervision: plans, findings per unit, follow-up items.

type inspectionsData struct {
	Scope      *bontot.Org
	Plans      []*bontot.InspectionPlan
	More       bool
	Manage     bool
	Committees []*bontot.Org
	Kinds      []bontot.InspectionKind
	Picker     *unitPicker
}

func (s *Server) handleInspections(w http.ResponseWriter, r *http.Request) {
	if !userFrom(r).CanAnywhere(bontot.PermReadTree) {
		s.notFound(w, r)
		return
	}
	q := r.URL.Query()
	if q.Get("find") == "" {
		today := s.store.Today()
		q = url.Values{"kind": {string(bontot.KindInspection)}, "from": {today.String()}}
	}
	s.renderInspections(w, r, newForm(q, nil), http.StatusOK, "")
}

func (s *Server) renderInspections(w http.ResponseWriter, r *http.Request, form *Form, status int, msg string) {
	u := userFrom(r)
	scope, err := s.pickScope(r, bontot.PermReadTree)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &inspectionsData{Scope: scope, Kinds: bontot.InspectionKinds, Manage: u.Can(bontot.PermManageSponsors, scope.Path)}
	if d.Plans, d.More, err = s.store.InspectionPlans(r.Context(), scope.Path, 100, 0); err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Manage {
		d.Committees = s.committeesOf(r, []*bontot.Org{scope})
		d.Picker = s.pickerOf(r, form, "unit", []*bontot.Org{scope}, func(p string) bool { return u.Can(bontot.PermManageSponsors, p) })
	}
	s.render(w, r, status, "inspections", &Page{Title: "Kiểm tra, giám sát", Crumbs: s.crumbs(r, scope.Path), Form: form, Error: msg, Data: d})
}

func (s *Server) handleInspectionCreate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	u := userFrom(r)
	manage := func(p string) bool { return u.Can(bontot.PermManageSponsors, p) }
	issuer, ok := s.sponsorOrg(w, r, formID(r, "issuer"), manage)
	if !ok {
		return
	}
	fe := bontot.FieldErrors{}
	ids, ok := s.pickedUnits(w, r, "unit", manage, fe)
	if !ok {
		return
	}
	p := &bontot.InspectionPlan{OrgID: issuer.ID, Name: r.PostForm.Get("name"), Kind: bontot.InspectionKind(r.PostForm.Get("kind")),
		Content: r.PostForm.Get("content"), SubjectIDs: ids}
	planPeriod(r.PostForm, p, fe)
	var err error
	if err = fe.Err(); err == nil {
		err = s.store.CreateInspectionPlan(r.Context(), actor(r), p)
	} else {
		p.Normalize()
		err = mergeErr(fe, p.Validate())
	}
	if err != nil {
		if c := bontot.ErrorCode(err); c != bontot.EINVALID {
			s.fail(w, r, err)
			return
		}
		s.renderInspections(w, r, newForm(r.PostForm, err), http.StatusUnprocessableEntity, bontot.ErrorMessage(err))
		return
	}
	s.flash(r, fmt.Sprintf("Đã lập “%s” với %d đối tượng.", p.Name, len(p.Subjects)))
	http.Redirect(w, r, "/inspections/"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
}

// planPeriod reads a plan's period from its form; typing mistakes go to fe.
func planPeriod(v url.Values, p *bontot.InspectionPlan, fe bontot.FieldErrors) {
	var err error
	if p.From, err = bontot.ParseDate(v.Get("from")); err != nil {
		fe.Add("from", bontot.ErrorMessage(err))
	}
	if p.To, err = bontot.ParseDate(v.Get("to")); err != nil {
		fe.Add("to", bontot.ErrorMessage(err))
	}
}

type inspectionData struct {
	P        *bontot.InspectionPlan
	Subjects []bontot.PlanSubject // those the user may see
	Findings []*bontot.Finding
	Managed  []bontot.PlanSubject // subjects the user may record findings for
	Rows     []recRow
	Today    bontot.Date
	CanEdit  bool // the plan may be changed or deleted
}

// planFor loads a plan the user may see: issued in their subtree, or with a subject in it.
func (s *Server) planFor(w http.ResponseWriter, r *http.Request) (*bontot.InspectionPlan, bool) {
	p, err := s.store.InspectionPlan(r.Context(), pathID(r, "id"))
	if err != nil {
		s.loadFailed(w, r, err)
		return nil, false
	}
	u := userFrom(r)
	if u.Can(bontot.PermReadTree, p.OrgPath) {
		return p, true
	}
	for _, su := range p.Subjects {
		if u.Can(bontot.PermReadTree, su.OrgPath) {
			return p, true
		}
	}
	s.notFound(w, r)
	return nil, false
}

func (s *Server) handleInspection(w http.ResponseWriter, r *http.Request) {
	p, ok := s.planFor(w, r)
	if !ok {
		return
	}
	today := s.store.Today()
	s.renderInspection(w, r, p, newForm(url.Values{"on": {today.String()}, "rows": {"3"}}, nil), http.StatusOK, "")
}

func (s *Server) renderInspection(w http.ResponseWriter, r *http.Request, p *bontot.InspectionPlan, form *Form, status int, msg string) {
	u := userFrom(r)
	d := &inspectionData{P: p, Today: s.store.Today(), Rows: recRows(form, rowCount(form.Values)), CanEdit: manages(r, p.OrgPath)}
	for _, su := range p.Subjects {
		if u.Can(bontot.PermReadTree, su.OrgPath) {
			d.Subjects = append(d.Subjects, su)
		}
		if u.Can(bontot.PermManageSponsors, su.OrgPath) {
			d.Managed = append(d.Managed, su)
		}
	}
	all, err := s.store.Findings(r.Context(), p.ID, "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, f := range all {
		if u.Can(bontot.PermReadTree, f.OrgPath) {
			d.Findings = append(d.Findings, f)
		}
	}
	s.render(w, r, status, "inspection", &Page{Title: p.Name, Crumbs: s.crumbs(r, p.OrgPath), Form: form, Error: msg, Data: d})
}

func (s *Server) handleFindingCreate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	p, ok := s.planFor(w, r)
	if !ok {
		return
	}
	u := userFrom(r)
	manage := func(path string) bool { return u.Can(bontot.PermManageSponsors, path) }
	fe := bontot.FieldErrors{}
	var unit *bontot.Org
	if code := strings.TrimSpace(r.PostForm.Get("unit_code")); code != "" {
		o, err := s.store.OrgByCode(r.Context(), code)
		if err != nil || !manage(o.Path) {
			fe.Add("unit_code", "Không tìm thấy trong phạm vi của bạn đơn vị có mã "+strings.ToUpper(code)+".")
		} else {
			unit = o
		}
	} else if id := formID(r, "unit"); id != 0 {
		if unit, ok = s.sponsorOrg(w, r, id, manage); !ok {
			return
		}
	} else if !u.CanAnywhere(bontot.PermManageSponsors) {
		s.forbidden(w, r)
		return
	} else {
		fe.Add("unit", "Vui lòng chọn đơn vị được kiểm tra, giám sát.")
	}
	f := &bontot.Finding{PlanID: p.ID, Findings: r.PostForm.Get("findings"), Conclusion: r.PostForm.Get("conclusion")}
	var err error
	if f.On, err = bontot.ParseDate(r.PostForm.Get("on")); err != nil {
		fe.Add("on", bontot.ErrorMessage(err))
	}
	var owners []*bontot.Org
	if unit != nil {
		f.OrgID, owners = unit.ID, []*bontot.Org{unit}
	}
	recs, index := recsFrom(r.PostForm, owners, fe)
	if unit == nil {
		// The owner rows cannot be checked without the unit; the unit's message says it.
		for i := range maxRecRows {
			delete(fe, "rec"+strconv.Itoa(i)+"_owner")
		}
	}
	if err = fe.Err(); err == nil {
		err = rowErrors(s.store.CreateFinding(r.Context(), actor(r), f, recs), index)
	} else {
		f.Normalize()
		err = mergeErr(fe, f.Validate(s.store.Today()))
	}
	if err != nil {
		if c := bontot.ErrorCode(err); c != bontot.EINVALID {
			s.fail(w, r, err)
			return
		}
		s.renderInspection(w, r, p, newForm(r.PostForm, err), http.StatusUnprocessableEntity, bontot.ErrorMessage(err))
		return
	}
	s.flash(r, fmt.Sprintf("Đã ghi kết luận tại %s (%d việc cần khắc phục).", f.OrgName, len(recs)))
	http.Redirect(w, r, "/inspections/findings/"+strconv.FormatInt(f.ID, 10), http.StatusSeeOther)
}

type findingData struct {
	F       *bontot.Finding
	Today   bontot.Date
	CanEdit bool
}

func (s *Server) handleFinding(w http.ResponseWriter, r *http.Request) {
	f, err := s.store.Finding(r.Context(), pathID(r, "id"))
	if err != nil {
		s.loadFailed(w, r, err)
		return
	}
	if !userFrom(r).Can(bontot.PermReadTree, f.OrgPath) {
		s.notFound(w, r)
		return
	}
	s.render(w, r, http.StatusOK, "inspection_finding", &Page{Title: "Kết luận " + strings.ToLower(f.PlanKind.Label()) + " — " + f.OrgName,
		Crumbs: s.crumbs(r, f.OrgPath), Data: &findingData{F: f, Today: s.store.Today(), CanEdit: manages(r, f.OrgPath)}})
}
