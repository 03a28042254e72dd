package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"bontot"
)

// sponsorRoutes registers the pages of sponsor assignments, visits, recommendations and inspection.
func (s *Server) sponsorRoutes(page func(string, http.HandlerFunc)) {
	page("GET /sponsors", s.handleSponsors)
	page("POST /sponsors/groups", s.handleGroupCreate)
	page("POST /sponsors/assignments", s.handleAssignmentCreate)
	page("GET /sponsors/assignments/{id}", s.handleAssignment)
	page("POST /sponsors/assignments/{id}", s.handleAssignmentUpdate)
	page("GET /sponsors/visits/new", s.handleVisitNew)
	page("POST /sponsors/visits", s.handleVisitCreate)
	page("GET /sponsors/visits/{id}", s.handleVisit)
	page("POST /sponsors/visits/{id}/review", s.handleVisitReview)
	page("GET /sponsors/recommendations", s.handleRecommendations)
	page("GET /sponsors/recommendations/{id}", s.handleRecommendation)
	page("POST /sponsors/recommendations/{id}", s.handleRecommendationChange)
	page("GET /sponsors/coverage", s.handleCoverage)
	page("GET /sponsors/coverage/export", s.handleCoverageExport)
	page("GET /inspections", s.handleInspections)
	page("POST /inspections", s.handleInspectionCreate)
	page("GET /inspections/{id}", s.handleInspection)
	page("POST /inspections/{id}/findings", s.handleFindingCreate)
	page("GET /inspections/findings/{id}", s.handleFinding)
	s.sponsorEditRoutes(page)
}

func init() {
	requiredPages = append(requiredPages, "sponsors", "sponsor_assignment", "sponsor_visit_form", "sponsor_visit",
		"sponsor_recommendations", "sponsor_recommendation", "sponsor_coverage", "inspections", "inspection", "inspection_finding")
}

// ---------- Who may do what --------------------------------------------------
//
// Reading sponsor records of a unit: whoever reads the unit in the tree, and
// the officers named on an assignment covering it. Logging visits: the visit
// permission on the unit (sponsors, the board) or a named officer. Following
// a recommendation: the owner unit (who records its meetings), whoever may
// visit it, and the board. Groups, assignments, inspection plans and
// findings: the board (manage sponsors). Anything out of reach answers 404,
// or 403 when the user may at least see the unit.

// mayVisit reports whether the user may log visits to the unit at path.
func (s *Server) mayVisit(r *http.Request, path string) bool {
	ok, err := s.store.CanVisit(r.Context(), userFrom(r), path)
	if err != nil {
		s.log.Warn("sponsor cover", "err", err)
	}
	return ok
}

// sponsorReads reports whether the user may read the sponsor records of the unit at path.
func (s *Server) sponsorReads(r *http.Request, path string) bool {
	return userFrom(r).Can(bontot.PermReadTree, path) || s.mayVisit(r, path)
}

// mayFollow reports whether the user may change the status of a
// recommendation owned by the unit at path.
func (s *Server) mayFollow(r *http.Request, path string) bool {
	u := userFrom(r)
	return u.Can(bontot.PermRecordMeetings, path) || u.Can(bontot.PermManageSponsors, path) || s.mayVisit(r, path)
}

// sponsorOrg loads a unit the user may act on (check), answering 404 or 403 otherwise.
func (s *Server) sponsorOrg(w http.ResponseWriter, r *http.Request, id int64, check func(path string) bool) (*bontot.Org, bool) {
	o, err := s.store.Org(r.Context(), id)
	if err != nil {
		s.loadFailed(w, r, err)
		return nil, false
	}
	if !check(o.Path) {
		s.refuse(w, r, s.sponsorReads(r, o.Path))
		return nil, false
	}
	return o, true
}

// committeesOf lists the committees a board officer may file groups and
// plans under: the top of each subtree and the committees directly below it.
func (s *Server) committeesOf(r *http.Request, roots []*bontot.Org) []*bontot.Org {
	var out []*bontot.Org
	for _, root := range roots {
		if !root.Kind.IsCell() && root.Kind != bontot.KindGroup {
			out = append(out, root)
		}
		id := root.ID
		kids, err := s.store.Orgs(r.Context(), bontot.OrgFilter{ParentID: &id, Kinds: []bontot.OrgKind{bontot.KindSuperior, bontot.KindBaseCommittee, bontot.KindIntermediate}, Limit: 300})
		if err != nil {
			s.log.Warn("committees", "err", err)
			continue
		}
		out = append(out, kids...)
	}
	return out
}

// pickedUnits reads the units a form names: checked boxes (field, ids) and
// typed codes ("codes": separated by commas, semicolons, spaces or lines).
// Each must satisfy check. A checked unit out of reach makes the whole
// request a 404 (ok false, answered); a typed code that is unknown or out of
// reach is a field message, the same for both so that nothing is disclosed.
func (s *Server) pickedUnits(w http.ResponseWriter, r *http.Request, field string, check func(path string) bool, fe bontot.FieldErrors) ([]int64, bool) {
	var ids []int64
	seen := map[int64]bool{}
	for _, v := range r.PostForm[field] {
		id, _ := strconv.ParseInt(v, 10, 64)
		if id == 0 || seen[id] {
			continue
		}
		if _, ok := s.sponsorOrg(w, r, id, check); !ok {
			return nil, false
		}
		seen[id] = true
		ids = append(ids, id)
	}
	var unknown []string
	for _, code := range splitCodes(r.PostForm.Get("codes")) {
		o, err := s.store.OrgByCode(r.Context(), code)
		if err != nil || !check(o.Path) {
			unknown = append(unknown, code)
			continue
		}
		if !seen[o.ID] {
			seen[o.ID] = true
			ids = append(ids, o.ID)
		}
	}
	if len(unknown) > 0 {
		fe.Add("codes", "Không tìm thấy trong phạm vi của bạn đơn vị có mã: "+strings.Join(unknown, ", ")+".")
	}
	return ids, true
}

// splitCodes splits typed organization codes.
func splitCodes(s string) []string {
	return strings.FieldsFunc(strings.ToUpper(s), func(r rune) bool {
		return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t'
	})
}

// unitPicker is the search-and-tick unit chooser of the assignment and plan
// forms: the units already ticked and those the search found.
type unitPicker struct {
	Field    string // form field of the boxes
	Query    string
	Searched bool
	Chosen   []*bontot.Org
	Found    []*bontot.Org
	More     bool
}

// pickerOf builds a unit chooser from the form values: the ticked units the
// user may act on (check), and the units of roots matching the search.
func (s *Server) pickerOf(r *http.Request, form *Form, field string, roots []*bontot.Org, check func(string) bool) *unitPicker {
	p := &unitPicker{Field: field, Query: strings.TrimSpace(form.Get("q"))}
	chosen := map[int64]bool{}
	if form != nil {
		for _, v := range form.Values[field] {
			id, _ := strconv.ParseInt(v, 10, 64)
			if id == 0 || chosen[id] {
				continue
			}
			if o, err := s.store.Org(r.Context(), id); err == nil && check(o.Path) {
				chosen[id] = true
				p.Chosen = append(p.Chosen, o)
			}
		}
	}
	if p.Query == "" {
		return p
	}
	p.Searched = true
	const limit = 30
	for _, root := range roots {
		found, err := s.store.Orgs(r.Context(), bontot.OrgFilter{Under: root.Path, Query: p.Query, Limit: limit + 1})
		if err != nil {
			s.log.Warn("unit search", "err", err)
			continue
		}
		for _, o := range found {
			if !chosen[o.ID] {
				p.Found = append(p.Found, o)
			}
		}
	}
	if len(p.Found) > limit {
		p.Found, p.More = p.Found[:limit], true
	}
	return p
}

// ---------- /sponsors -----------------------------------------------------------

type sponsorsData struct {
	Today bontot.Date
	// The board's part.
	Scope       *bontot.Org
	Manage      bool
	Groups      []*bontot.SponsorGroup
	Committees  []*bontot.Org
	Assignments []*bontot.Assignment
	More        bool
	Picker      *unitPicker
	GroupKinds  []bontot.SponsorGroupKind
	// The sponsor's part.
	Mine     []*bontot.Assignment
	CanVisit bool
	// The unit's part: recommendations it must act on.
	Own []*bontot.Recommendation
	// Everyone: the latest visits in the subtree.
	Recent []*bontot.Visit
}

func (s *Server) handleSponsors(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r)
	if !u.CanAnywhere(bontot.PermReadTree) {
		s.notFound(w, r)
		return
	}
	d, form, err := s.sponsorsData(r, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "sponsors", &Page{Title: "Phụ trách, đỡ đầu", Crumbs: s.crumbs(r, d.Scope.Path), Form: form, Data: d})
}

// sponsorsData builds the /sponsors page; form is what was posted, else
// the query (a search from inside the assignment form keeps what was typed).
func (s *Server) sponsorsData(r *http.Request, form *Form) (*sponsorsData, *Form, error) {
	ctx := r.Context()
	u := userFrom(r)
	scope, err := s.pickScope(r, bontot.PermReadTree)
	if err != nil {
		return nil, nil, err
	}
	today := s.store.Today()
	if form == nil {
		q := r.URL.Query()
		if q.Get("find") == "" {
			q = url.Values{"cadence": {strconv.Itoa(bontot.DefaultCadence)}, "from": {today.String()}, "kind": {string(bontot.GroupDepartment)}}
		}
		form = newForm(q, nil)
	}
	d := &sponsorsData{Today: today, Scope: scope, GroupKinds: bontot.SponsorGroupKinds, CanVisit: u.CanAnywhere(bontot.PermVisit)}
	d.Manage = u.Can(bontot.PermManageSponsors, scope.Path)
	if d.Manage {
		if d.Groups, err = s.store.SponsorGroups(ctx, scope.Path); err != nil {
			return nil, nil, err
		}
		d.Committees = s.committeesOf(r, []*bontot.Org{scope})
		if d.Assignments, d.More, err = s.store.Assignments(ctx, bontot.AssignmentFilter{Under: scope.Path, GroupID: formID(r, "group_filter"), Active: true, Limit: 200}); err != nil {
			return nil, nil, err
		}
		manage := func(p string) bool { return u.Can(bontot.PermManageSponsors, p) }
		d.Picker = s.pickerOf(r, form, "unit", []*bontot.Org{scope}, manage)
	}
	if d.Mine, _, err = s.store.Assignments(ctx, bontot.AssignmentFilter{OfficerID: u.ID, Active: true, Limit: 200}); err != nil {
		return nil, nil, err
	}
	if u.Can(bontot.PermRecordMeetings, scope.Path) {
		if d.Own, _, err = s.store.Recommendations(ctx, bontot.RecommendationFilter{Under: scope.Path, Open: true, Limit: 50}); err != nil {
			return nil, nil, err
		}
	}
	if d.Recent, err = s.store.RecentVisits(ctx, scope.Path, 20); err != nil {
		return nil, nil, err
	}
	return d, form, nil
}

func (s *Server) handleGroupCreate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	o, ok := s.sponsorOrg(w, r, formID(r, "org"), func(p string) bool { return userFrom(r).Can(bontot.PermManageSponsors, p) })
	if !ok {
		return
	}
	g := &bontot.SponsorGroup{OrgID: o.ID, Name: r.PostForm.Get("name"), Kind: bontot.SponsorGroupKind(r.PostForm.Get("kind")), Note: r.PostForm.Get("note")}
	if err := s.store.CreateSponsorGroup(r.Context(), actor(r), g); err != nil {
		s.sponsorsFormFailed(w, r, err)
		return
	}
	s.flash(r, fmt.Sprintf("Đã thêm “%s” của %s.", g.Name, o.Name))
	http.Redirect(w, r, sponsorsURL(r)+"#phan-cong", http.StatusSeeOther)
}

// sponsorsURL is /sponsors for the subtree a form was posted from.
func sponsorsURL(r *http.Request) string {
	if id := formID(r, "under"); id != 0 {
		return "/sponsors?under=" + strconv.FormatInt(id, 10)
	}
	return "/sponsors"
}

// sponsorsFormFailed shows /sponsors again with what was typed and the messages.
func (s *Server) sponsorsFormFailed(w http.ResponseWriter, r *http.Request, err error) {
	code := bontot.ErrorCode(err)
	if code != bontot.EINVALID && code != bontot.ECONFLICT {
		s.fail(w, r, err)
		return
	}
	form := newForm(r.PostForm, err)
	d, form, lerr := s.sponsorsData(r, form)
	if lerr != nil {
		s.fail(w, r, lerr)
		return
	}
	s.render(w, r, httpStatus(code), "sponsors", &Page{Title: "Phụ trách, đỡ đầu", Crumbs: s.crumbs(r, d.Scope.Path), Form: form, Error: bontot.ErrorMessage(err), Data: d})
}

// officersFrom reads the officers typed one a line: a user name links the
// account, anything else is a name.
func officersFrom(text string) []bontot.Officer {
	var out []bontot.Officer
	for _, line := range strings.FieldsFunc(text, func(r rune) bool { return r == '\n' || r == '\r' || r == ';' }) {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, bontot.Officer{Name: strings.TrimPrefix(line, "@")})
		}
	}
	return out
}

// assignmentFrom reads the fields of an assignment form; typing mistakes go to fe.
func assignmentFrom(v url.Values, fe bontot.FieldErrors) *bontot.Assignment {
	a := &bontot.Assignment{Officers: officersFrom(v.Get("officers")), Note: v.Get("note")}
	var err error
	if a.CadenceDays, err = strconv.Atoi(strings.TrimSpace(v.Get("cadence"))); err != nil {
		fe.Add("cadence", "Vui lòng nhập số ngày giữa hai lần làm việc, ví dụ 90.")
	}
	if a.From, err = bontot.ParseDate(v.Get("from")); err != nil {
		fe.Add("from", bontot.ErrorMessage(err))
	}
	if a.To, err = bontot.ParseDate(v.Get("to")); err != nil {
		fe.Add("to", bontot.ErrorMessage(err))
	}
	return a
}

// mergeErr adds the field messages of a validation error to fe and returns
// fe's error; any other error is returned as it is.
func mergeErr(fe bontot.FieldErrors, err error) error {
	if e, ok := err.(*bontot.Error); ok && e.Code == bontot.EINVALID {
		for k, m := range e.Fields {
			fe.Add(k, m)
		}
	} else if err != nil {
		return err
	}
	return fe.Err()
}

func (s *Server) handleAssignmentCreate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	u := userFrom(r)
	manage := func(p string) bool { return u.Can(bontot.PermManageSponsors, p) }
	g, err := s.store.SponsorGroup(r.Context(), formID(r, "group"))
	if err != nil && bontot.ErrorCode(err) != bontot.ENOTFOUND {
		s.fail(w, r, err)
		return
	}
	fe := bontot.FieldErrors{}
	if g == nil {
		if !u.CanAnywhere(bontot.PermManageSponsors) {
			s.notFound(w, r)
			return
		}
		fe.Add("group", "Vui lòng chọn ban hoặc đoàn công tác phụ trách.")
	} else if !u.Can(bontot.PermReadTree, g.OrgPath) && !s.groupServes(r, g) {
		s.notFound(w, r)
		return
	}
	ids, ok := s.pickedUnits(w, r, "unit", manage, fe)
	if !ok {
		return
	}
	if !u.CanAnywhere(bontot.PermManageSponsors) {
		s.forbidden(w, r)
		return
	}
	a := assignmentFrom(r.PostForm, fe)
	if g != nil {
		a.GroupID = g.ID
	}
	var list []*bontot.Assignment
	if err = fe.Err(); err == nil {
		list, err = s.store.CreateAssignments(r.Context(), actor(r), a, ids)
	} else {
		err = mergeErr(fe, a.Validate())
	}
	if err != nil {
		s.sponsorsFormFailed(w, r, err)
		return
	}
	names := make([]string, len(list))
	for i, x := range list {
		names[i] = x.OrgName
	}
	s.flash(r, fmt.Sprintf("Đã phân công “%s” phụ trách: %s.", g.Name, strings.Join(names, ", ")))
	http.Redirect(w, r, sponsorsURL(r)+"#phan-cong", http.StatusSeeOther)
}

// groupServes reports whether a group of a committee above the user's
// subtree serves units the user manages: a ward's board officer may assign
// the city's groups to the ward's cells.
func (s *Server) groupServes(r *http.Request, g *bontot.SponsorGroup) bool {
	for _, p := range userFrom(r).Scopes(bontot.PermManageSponsors) {
		if strings.HasPrefix(p, g.OrgPath) {
			return true
		}
	}
	return false
}

type assignmentData struct {
	A        *bontot.Assignment
	Today    bontot.Date
	CanEdit  bool
	CanVisit bool
	Visits   []*bontot.Visit
	Open     []*bontot.Recommendation
}

// assignmentFor loads an assignment whose unit the user may act on (check).
func (s *Server) assignmentFor(w http.ResponseWriter, r *http.Request, check func(string) bool) (*bontot.Assignment, bool) {
	a, err := s.store.Assignment(r.Context(), pathID(r, "id"))
	if err != nil {
		s.loadFailed(w, r, err)
		return nil, false
	}
	if !check(a.OrgPath) {
		s.refuse(w, r, s.sponsorReads(r, a.OrgPath))
		return nil, false
	}
	return a, true
}

func (s *Server) handleAssignment(w http.ResponseWriter, r *http.Request) {
	a, ok := s.assignmentFor(w, r, func(p string) bool { return s.sponsorReads(r, p) })
	if !ok {
		return
	}
	s.renderAssignment(w, r, a, assignmentValues(a), http.StatusOK, nil)
}

func assignmentValues(a *bontot.Assignment) url.Values {
	names := make([]string, len(a.Officers))
	for i, o := range a.Officers {
		names[i] = o.Name
		if o.Username != "" {
			names[i] = o.Username
		}
	}
	return url.Values{"officers": {strings.Join(names, "\n")}, "cadence": {strconv.Itoa(a.CadenceDays)}, "from": {a.From.String()},
		"to": {a.To.String()}, "note": {a.Note}}
}

func (s *Server) renderAssignment(w http.ResponseWriter, r *http.Request, a *bontot.Assignment, v url.Values, status int, err error) {
	ctx := r.Context()
	d := &assignmentData{A: a, Today: s.store.Today(), CanEdit: userFrom(r).Can(bontot.PermManageSponsors, a.OrgPath), CanVisit: s.mayVisit(r, a.OrgPath)}
	var lerr error
	if d.Visits, lerr = s.store.VisitsOf(ctx, a.OrgID, d.Today.Year()); lerr == nil {
		var last []*bontot.Visit
		if last, lerr = s.store.VisitsOf(ctx, a.OrgID, d.Today.Year()-1); lerr == nil {
			d.Visits = append(d.Visits, last...)
		}
	}
	if lerr == nil {
		d.Open, lerr = s.store.OpenRecommendationsAt(ctx, a.OrgID)
	}
	if lerr != nil {
		s.fail(w, r, lerr)
		return
	}
	s.render(w, r, status, "sponsor_assignment", &Page{Title: fmt.Sprintf("%s phụ trách %s", a.GroupName, a.OrgName), Crumbs: s.crumbs(r, a.OrgPath),
		Form: newForm(v, err), Error: bontot.ErrorMessage(err), Data: d})
}

func (s *Server) handleAssignmentUpdate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	a, ok := s.assignmentFor(w, r, func(p string) bool { return userFrom(r).Can(bontot.PermManageSponsors, p) })
	if !ok {
		return
	}
	fe := bontot.FieldErrors{}
	n := assignmentFrom(r.PostForm, fe)
	n.ID, n.GroupID = a.ID, a.GroupID
	err := fe.Err()
	if err == nil {
		err = s.store.UpdateAssignment(r.Context(), actor(r), n)
	} else {
		err = mergeErr(fe, n.Validate())
	}
	if err != nil {
		if c := bontot.ErrorCode(err); c != bontot.EINVALID && c != bontot.ECONFLICT {
			s.fail(w, r, err)
			return
		}
		s.renderAssignment(w, r, a, r.PostForm, httpStatus(bontot.ErrorCode(err)), err)
		return
	}
	s.flash(r, "Đã lưu phân công.")
	http.Redirect(w, r, fmt.Sprintf("/sponsors/assignments/%d", a.ID), http.StatusSeeOther)
}
