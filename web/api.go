package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"bontot"
)

// The JSON API speaks the same resources as the pages. Errors are
// {"error": {"code": "...", "message": "... (Vietnamese)", "fields": {...}}}.

type apiErr struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

type apiErrorBody struct {
	Error apiErr `json:"error"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	code := bontot.ErrorCode(err)
	if code == bontot.EINTERNAL {
		s.log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	body := apiErrorBody{Error: apiErr{Code: code, Message: bontot.ErrorMessage(err)}}
	if e, ok := err.(*bontot.Error); ok {
		body.Error.Fields = e.Fields
	}
	writeJSON(w, httpStatus(code), body)
}

func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) {
	s.apiError(w, r, bontot.Errorf(bontot.ENOTFOUND, "Không có địa chỉ API này."))
}

// decode reads a JSON body into v, with a Vietnamese error for bad JSON.
func decode(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return bontot.Errorf(bontot.EINVALID, "Dữ liệu JSON không hợp lệ: %v", err)
	}
	return nil
}

// JSON shapes.

type orgJSON struct {
	ID          int64  `json:"id"`
	Code        string `json:"code"`
	Name        string `json:"name"`
	ShortName   string `json:"short_name"`
	Kind        string `json:"kind"`
	KindLabel   string `json:"kind_label"`
	Subtype     string `json:"subtype"`
	ParentID    int64  `json:"parent_id,omitempty"`
	Path        string `json:"path"`
	ValidFrom   string `json:"valid_from"`
	ValidTo     string `json:"valid_to,omitempty"`
	Decision    string `json:"decision"`
	MemberCount int    `json:"member_count"`
	CellCount   int    `json:"cell_count"`
	OrgCount    int    `json:"org_count"`
	ChildCount  int    `json:"child_count"`
}

func toOrgJSON(o *bontot.Org) orgJSON {
	return orgJSON{ID: o.ID, Code: o.Code, Name: o.Name, ShortName: o.ShortName, Kind: string(o.Kind), KindLabel: o.Kind.Label(),
		Subtype: string(o.Subtype), ParentID: o.ParentID, Path: o.Path, ValidFrom: o.ValidFrom.ISO(), ValidTo: o.ValidTo.ISO(),
		Decision: o.Decision, MemberCount: o.MemberCount, CellCount: o.CellCount, OrgCount: o.OrgCount, ChildCount: o.ChildCount}
}

func orgsJSON(orgs []*bontot.Org) []orgJSON {
	out := make([]orgJSON, 0, len(orgs))
	for _, o := range orgs {
		out = append(out, toOrgJSON(o))
	}
	return out
}

type memberJSON struct {
	ID             int64  `json:"id"`
	FullName       string `json:"full_name"`
	Gender         string `json:"gender"`
	BirthDate      string `json:"birth_date"`
	AdmittedDate   string `json:"admitted_date"`
	FullMemberDate string `json:"full_member_date,omitempty"`
	Status         string `json:"status"`
	CardNumber     string `json:"card_number,omitempty"`
	Position       string `json:"position"`
	Phone          string `json:"phone,omitempty"`
	OrgID          int64  `json:"org_id"`
	OrgName        string `json:"org_name"`
	TempOrgID      int64  `json:"temp_org_id,omitempty"`
	TempOrgName    string `json:"temp_org_name,omitempty"`
}

func toMemberJSON(m *bontot.Member) memberJSON {
	return memberJSON{ID: m.ID, FullName: m.FullName, Gender: string(m.Gender), BirthDate: m.BirthDate.ISO(), AdmittedDate: m.AdmittedDate.ISO(),
		FullMemberDate: m.FullMemberDate.ISO(), Status: string(m.Status), CardNumber: m.CardNumber, Position: string(m.Position), Phone: m.Phone,
		OrgID: m.OrgID, OrgName: m.OrgName, TempOrgID: m.TempOrgID, TempOrgName: m.TempOrgName}
}

// memberInput is the body of POST /api/v1/members and PUT /api/v1/members/{id}.
// Dates are yyyy-mm-dd or dd/mm/yyyy.
type memberInput struct {
	FullName       string `json:"full_name"`
	Gender         string `json:"gender"`
	BirthDate      string `json:"birth_date"`
	AdmittedDate   string `json:"admitted_date"`
	FullMemberDate string `json:"full_member_date"`
	Status         string `json:"status"`
	CardNumber     string `json:"card_number"`
	Position       string `json:"position"`
	Phone          string `json:"phone"`
	OrgID          int64  `json:"org_id"`
	Since          string `json:"since"`
}

func (in memberInput) member() (*bontot.Member, bontot.Date, bontot.FieldErrors) {
	fe := bontot.FieldErrors{}
	m := &bontot.Member{FullName: in.FullName, Gender: bontot.Gender(in.Gender), Status: bontot.MemberStatus(in.Status),
		CardNumber: in.CardNumber, Position: bontot.Position(in.Position), Phone: in.Phone, OrgID: in.OrgID}
	date := func(field, v string) bontot.Date {
		d, err := bontot.ParseDate(v)
		if err != nil {
			fe.Add(field, bontot.ErrorMessage(err))
		}
		return d
	}
	m.BirthDate, m.AdmittedDate, m.FullMemberDate = date("birth_date", in.BirthDate), date("admitted_date", in.AdmittedDate), date("full_member_date", in.FullMemberDate)
	return m, date("since", in.Since), fe
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r)
	type grant struct {
		Role    string `json:"role"`
		OrgID   int64  `json:"org_id"`
		OrgName string `json:"org_name"`
	}
	out := struct {
		ID       int64   `json:"id"`
		Username string  `json:"username"`
		FullName string  `json:"full_name"`
		Grants   []grant `json:"grants"`
	}{ID: u.ID, Username: u.Username, FullName: u.FullName, Grants: []grant{}}
	for _, g := range u.Grants {
		out.Grants = append(out.Grants, grant{Role: string(g.Role), OrgID: g.OrgID, OrgName: g.OrgName})
	}
	writeJSON(w, http.StatusOK, out)
}

// apiOrgs lists organizations: ?parent=ID (children), ?q= (search), ?under=ID (subtree);
// without them, the tops of the user's subtrees.
func (s *Server) apiOrgs(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, _ := strconv.Atoi(q.Get("limit"))
	offset, _ := strconv.Atoi(q.Get("offset"))
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	if id := formID(r, "parent"); id != 0 {
		o, ok := s.orgFor(w, r, bontot.PermReadTree, id)
		if !ok {
			return
		}
		kids, err := s.store.Orgs(r.Context(), bontot.OrgFilter{ParentID: &o.ID, Limit: limit, Offset: offset})
		if err != nil {
			s.apiError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"orgs": orgsJSON(kids)})
		return
	}
	if q.Get("q") == "" && q.Get("under") == "" {
		roots, err := s.scopeRoots(r, bontot.PermReadTree)
		if err != nil {
			s.apiError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"orgs": orgsJSON(roots)})
		return
	}
	scope, err := s.pickScope(r, bontot.PermReadTree)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	found, err := s.store.Orgs(r.Context(), bontot.OrgFilter{Under: scope.Path, Query: q.Get("q"), Limit: limit, Offset: offset})
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"orgs": orgsJSON(found)})
}

func (s *Server) apiOrg(w http.ResponseWriter, r *http.Request) {
	if o, ok := s.orgFor(w, r, bontot.PermReadTree, pathID(r, "id")); ok {
		writeJSON(w, http.StatusOK, toOrgJSON(o))
	}
}

func (s *Server) apiOrgChildren(w http.ResponseWriter, r *http.Request) {
	o, ok := s.orgFor(w, r, bontot.PermReadTree, pathID(r, "id"))
	if !ok {
		return
	}
	kids, err := s.store.Orgs(r.Context(), bontot.OrgFilter{ParentID: &o.ID, Limit: 5000})
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"orgs": orgsJSON(kids)})
}

func (s *Server) apiOrgEvents(w http.ResponseWriter, r *http.Request) {
	o, ok := s.orgFor(w, r, bontot.PermReadTree, pathID(r, "id"))
	if !ok {
		return
	}
	events, err := s.store.OrgEvents(r.Context(), o.ID)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	type eventJSON struct {
		ID       int64   `json:"id"`
		Kind     string  `json:"kind"`
		Date     string  `json:"date"`
		Decision string  `json:"decision"`
		Note     string  `json:"note"`
		Sources  []int64 `json:"sources"`
		Targets  []int64 `json:"targets"`
	}
	out := []eventJSON{}
	for _, e := range events {
		out = append(out, eventJSON{ID: e.ID, Kind: string(e.Kind), Date: e.Date.ISO(), Decision: e.Decision, Note: e.Note, Sources: e.Sources, Targets: e.Targets})
	}
	writeJSON(w, http.StatusOK, map[string]any{"events": out})
}

func (s *Server) apiOrgCreate(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Code      string `json:"code"`
		Name      string `json:"name"`
		ShortName string `json:"short_name"`
		Kind      string `json:"kind"`
		Subtype   string `json:"subtype"`
		ParentID  int64  `json:"parent_id"`
		ValidFrom string `json:"valid_from"`
		Decision  string `json:"decision"`
	}
	if err := decode(r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	parent, ok := s.orgFor(w, r, bontot.PermEditOrgs, in.ParentID)
	if !ok {
		return
	}
	vf, err := bontot.ParseDate(in.ValidFrom)
	if err != nil {
		s.apiError(w, r, &bontot.Error{Code: bontot.EINVALID, Message: bontot.ErrorMessage(err), Fields: map[string]string{"valid_from": bontot.ErrorMessage(err)}})
		return
	}
	o := &bontot.Org{Code: in.Code, Name: in.Name, ShortName: in.ShortName, Kind: bontot.OrgKind(in.Kind), Subtype: bontot.OrgSubtype(in.Subtype),
		ParentID: parent.ID, ValidFrom: vf, Decision: in.Decision}
	if err := s.store.CreateOrg(r.Context(), actor(r), o); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toOrgJSON(o))
}

func (s *Server) apiOrgRename(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Name      string `json:"name"`
		ShortName string `json:"short_name"`
		Date      string `json:"date"`
		Decision  string `json:"decision"`
	}
	if err := decode(r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	o, ok := s.orgFor(w, r, bontot.PermEditOrgs, pathID(r, "id"))
	if !ok {
		return
	}
	date, err := bontot.ParseDate(in.Date)
	if err == nil {
		err = s.store.RenameOrg(r.Context(), actor(r), o.ID, in.Name, in.ShortName, date, in.Decision)
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	o, _ = s.store.Org(r.Context(), o.ID)
	writeJSON(w, http.StatusOK, toOrgJSON(o))
}

func (s *Server) apiOrgMove(w http.ResponseWriter, r *http.Request) {
	var in struct {
		ParentID int64  `json:"parent_id"`
		Date     string `json:"date"`
		Decision string `json:"decision"`
	}
	if err := decode(r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	o, ok := s.orgFor(w, r, bontot.PermEditOrgs, pathID(r, "id"))
	if !ok {
		return
	}
	np, ok := s.orgFor(w, r, bontot.PermEditOrgs, in.ParentID)
	if !ok {
		return
	}
	date, err := bontot.ParseDate(in.Date)
	if err == nil {
		err = s.store.ReparentOrg(r.Context(), actor(r), o.ID, np.ID, date, in.Decision)
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	o, _ = s.store.Org(r.Context(), o.ID)
	writeJSON(w, http.StatusOK, toOrgJSON(o))
}

// apiMembers lists members: ?org=ID (a cell or a subtree), ?q=, ?status=, ?limit=, ?offset=.
func (s *Server) apiMembers(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := bontot.MemberFilter{Query: q.Get("q"), Status: bontot.MemberStatus(q.Get("status"))}
	f.Limit, _ = strconv.Atoi(q.Get("limit"))
	f.Offset, _ = strconv.Atoi(q.Get("offset"))
	var scope *bontot.Org
	if id := formID(r, "org"); id != 0 {
		o, ok := s.orgFor(w, r, bontot.PermReadMembers, id)
		if !ok {
			return
		}
		scope = o
	} else {
		var err error
		if scope, err = s.pickScope(r, bontot.PermReadMembers); err != nil {
			s.apiError(w, r, err)
			return
		}
	}
	if scope.Kind.IsCell() {
		f.OrgID = scope.ID
	} else {
		f.Under = scope.Path
	}
	page, err := s.store.Members(r.Context(), f)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := make([]memberJSON, 0, len(page.Members))
	for _, m := range page.Members {
		out = append(out, toMemberJSON(m))
	}
	writeJSON(w, http.StatusOK, map[string]any{"members": out, "total": page.Total, "capped": page.Capped})
}

func (s *Server) apiMember(w http.ResponseWriter, r *http.Request) {
	m, ok := s.memberFor(w, r, bontot.PermReadMembers, pathID(r, "id"))
	if !ok {
		return
	}
	if err := s.store.Audit(r.Context(), actor(r), "member.read", "member", m.ID, m.OrgPath, "Xem hồ sơ đảng viên "+m.FullName+" (API)"); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toMemberJSON(m))
}

func (s *Server) apiMemberships(w http.ResponseWriter, r *http.Request) {
	m, ok := s.memberFor(w, r, bontot.PermReadMembers, pathID(r, "id"))
	if !ok {
		return
	}
	hist, err := s.store.Memberships(r.Context(), m.ID)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	type msJSON struct {
		OrgID   int64  `json:"org_id"`
		OrgName string `json:"org_name"`
		Kind    string `json:"kind"`
		From    string `json:"from"`
		To      string `json:"to,omitempty"`
		Note    string `json:"note,omitempty"`
	}
	out := []msJSON{}
	for _, h := range hist {
		out = append(out, msJSON{OrgID: h.OrgID, OrgName: h.OrgName, Kind: string(h.Kind), From: h.From.ISO(), To: h.To.ISO(), Note: h.Note})
	}
	writeJSON(w, http.StatusOK, map[string]any{"memberships": out})
}

func (s *Server) apiMemberCreate(w http.ResponseWriter, r *http.Request) {
	var in memberInput
	if err := decode(r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	cell, ok := s.orgFor(w, r, bontot.PermEditMembers, in.OrgID)
	if !ok {
		return
	}
	m, since, fe := in.member()
	m.OrgID = cell.ID
	err := s.validateMember(m, fe)
	if err == nil {
		err = s.store.CreateMember(r.Context(), actor(r), m, since)
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toMemberJSON(m))
}

func (s *Server) apiMemberUpdate(w http.ResponseWriter, r *http.Request) {
	var in memberInput
	if err := decode(r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	old, ok := s.memberFor(w, r, bontot.PermEditMembers, pathID(r, "id"))
	if !ok {
		return
	}
	m, _, fe := in.member()
	m.ID = old.ID
	err := s.validateMember(m, fe)
	if err == nil {
		err = s.store.UpdateMember(r.Context(), actor(r), m)
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	m, _ = s.store.Member(r.Context(), m.ID)
	writeJSON(w, http.StatusOK, toMemberJSON(m))
}

func (s *Server) apiTransfer(w http.ResponseWriter, r *http.Request) {
	var in struct {
		ToOrgID int64  `json:"to_org_id"`
		Kind    string `json:"kind"`
		Date    string `json:"date"`
		Note    string `json:"note"`
	}
	if err := decode(r, &in); err != nil {
		s.apiError(w, r, err)
		return
	}
	m, ok := s.memberFor(w, r, bontot.PermTransfer, pathID(r, "id"))
	if !ok {
		return
	}
	to, ok := s.orgFor(w, r, bontot.PermTransfer, in.ToOrgID)
	if !ok {
		return
	}
	date, err := bontot.ParseDate(in.Date)
	if err == nil {
		err = s.store.TransferMember(r.Context(), actor(r), bontot.Transfer{MemberID: m.ID, ToOrgID: to.ID, Kind: bontot.MembershipKind(in.Kind), Date: date, Note: in.Note})
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	m, _ = s.store.Member(r.Context(), m.ID)
	writeJSON(w, http.StatusOK, toMemberJSON(m))
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request) {
	scope, err := s.pickScope(r, bontot.PermReadAudit)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	f, err := auditFilter(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	f.Under = scope.Path
	f.Global = userFrom(r).Can(bontot.PermManageUsers, scope.Path) && userFrom(r).HasRole(bontot.RoleAdmin)
	entries, more, err := s.store.AuditEntries(r.Context(), f)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	type entryJSON struct {
		ID       int64           `json:"id"`
		At       time.Time       `json:"at"`
		Username string          `json:"username"`
		Action   string          `json:"action"`
		Entity   string          `json:"entity"`
		EntityID int64           `json:"entity_id"`
		Summary  string          `json:"summary"`
		Changes  []bontot.Change `json:"changes"`
	}
	out := []entryJSON{}
	for _, e := range entries {
		out = append(out, entryJSON{ID: e.ID, At: e.At, Username: e.Username, Action: e.Action, Entity: e.Entity, EntityID: e.EntityID, Summary: e.Summary, Changes: e.Changes})
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": out, "more": more})
}

func (s *Server) apiUsers(w http.ResponseWriter, r *http.Request) {
	scope, err := s.pickScope(r, bontot.PermManageUsers)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	users, err := s.store.Users(r.Context(), scope.Path)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	type userJSON struct {
		ID       int64    `json:"id"`
		Username string   `json:"username"`
		FullName string   `json:"full_name"`
		Email    string   `json:"email"`
		Disabled bool     `json:"disabled"`
		Roles    []string `json:"roles"`
	}
	out := []userJSON{}
	for _, u := range users {
		j := userJSON{ID: u.ID, Username: u.Username, FullName: u.FullName, Email: u.Email, Disabled: u.Disabled, Roles: []string{}}
		for _, g := range u.Grants {
			j.Roles = append(j.Roles, string(g.Role)+"@"+strconv.FormatInt(g.OrgID, 10))
		}
		out = append(out, j)
	}
	writeJSON(w, http.StatusOK, map[string]any{"users": out})
}
