package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"bontot"
)

// recRow is one row of new recommendations (or follow-up items) in a form.
type recRow struct {
	Index                int
	Text, Due, Owner     string
	TextErr, DueErr, Err string
}

// recRows returns n rows filled from the form.
func recRows(form *Form, n int) []recRow {
	out := make([]recRow, n)
	for i := range out {
		p := "rec" + strconv.Itoa(i) + "_"
		out[i] = recRow{Index: i, Text: form.Get(p + "text"), Due: form.Get(p + "due"), Owner: form.Get(p + "owner"),
			TextErr: form.Err(p + "text"), DueErr: form.Err(p + "due"), Err: form.Err(p + "owner")}
	}
	return out
}

// maxRecRows bounds the rows of new recommendations a form may post.
const maxRecRows = 30

// rowCount reads how many recommendation rows a form has (3 by default).
func rowCount(v url.Values) int {
	n, err := strconv.Atoi(v.Get("rows"))
	if err != nil || n < 1 {
		return 3
	}
	return min(n, maxRecRows)
}

// recsFrom reads the filled rows of new recommendations; blank rows are
// skipped. index maps each recommendation to its row, so that the store's
// messages ("rec{k}_…") can be put back on the right row. owners are the
// units a recommendation may be given to; the first is the default.
func recsFrom(v url.Values, owners []*bontot.Org, fe bontot.FieldErrors) (recs []*bontot.Recommendation, index []int) {
	for i := 0; i < rowCount(v); i++ {
		p := "rec" + strconv.Itoa(i) + "_"
		text, due := strings.TrimSpace(v.Get(p+"text")), strings.TrimSpace(v.Get(p+"due"))
		if text == "" && due == "" {
			continue
		}
		r := &bontot.Recommendation{Text: text}
		var err error
		if r.Due, err = bontot.ParseDate(due); err != nil {
			fe.Add(p+"due", bontot.ErrorMessage(err))
		}
		owner, _ := strconv.ParseInt(v.Get(p+"owner"), 10, 64)
		for _, o := range owners {
			if o.ID == owner || owner == 0 && r.OwnerID == 0 {
				r.OwnerID = o.ID
			}
		}
		if r.OwnerID == 0 {
			fe.Add(p+"owner", "Vui lòng chọn đơn vị thực hiện trong danh sách.")
		}
		recs, index = append(recs, r), append(index, i)
	}
	return recs, index
}

// rowErrors moves the store's "rec{k}_" messages to the rows the
// recommendations came from.
func rowErrors(err error, index []int) error {
	e, ok := err.(*bontot.Error)
	if !ok || len(e.Fields) == 0 {
		return err
	}
	out := &bontot.Error{Code: e.Code, Message: e.Message, Fields: map[string]string{}}
	for k, m := range e.Fields {
		if rest, ok := strings.CutPrefix(k, "rec"); ok {
			if n, tail, ok := strings.Cut(rest, "_"); ok {
				if i, err := strconv.Atoi(n); err == nil && i < len(index) {
					k = "rec" + strconv.Itoa(index[i]) + "_" + tail
				}
			}
		}
		out.Fields[k] = m
	}
	return out
}

// ---------- Logging a visit ----------------------------------------------------

type visitFormData struct {
	Org      *bontot.Org
	Edit     *bontot.Visit // the visit changed, when editing
	Owners   []*bontot.Org
	Meetings []bontot.MeetingRef
	Rows     []recRow
	Open     []*bontot.Recommendation
	Today    bontot.Date
	// Choosing the unit first.
	Choose bool
	Query  string
	Mine   []*bontot.Assignment
	Units  []*bontot.Org
	More   bool
}

// visitOwners are the units a visit's recommendation may be given to: the
// visited unit first, the committees above it up to its grassroots
// organization, and the units directly below it, those the user may see.
func (s *Server) visitOwners(r *http.Request, o *bontot.Org) ([]*bontot.Org, error) {
	out := []*bontot.Org{o}
	if !o.Kind.IsGrassroots() {
		anc, err := s.store.Ancestors(r.Context(), o.Path)
		if err != nil {
			return nil, err
		}
		for i := len(anc) - 2; i >= 0; i-- {
			if s.sponsorReads(r, anc[i].Path) {
				out = append(out, anc[i])
			}
			if anc[i].Kind.IsGrassroots() {
				break
			}
		}
	}
	if o.ChildCount > 0 {
		id := o.ID
		kids, err := s.store.Orgs(r.Context(), bontot.OrgFilter{ParentID: &id, Limit: 100})
		if err != nil {
			return nil, err
		}
		out = append(out, kids...)
	}
	return out, nil
}

func (s *Server) handleVisitNew(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r)
	if formID(r, "org") == 0 {
		s.handleVisitChoose(w, r)
		return
	}
	o, ok := s.sponsorOrg(w, r, formID(r, "org"), func(p string) bool { return s.mayVisit(r, p) })
	if !ok {
		return
	}
	today := s.store.Today()
	v := url.Values{"org": {strconv.FormatInt(o.ID, 10)}, "on": {today.String()}, "officer": {u.FullName}, "rows": {"3"}}
	s.renderVisitForm(w, r, o, newForm(v, nil), http.StatusOK, "")
}

// handleVisitChoose lets a sponsor pick the unit of a visit: the units of
// their assignments, or a search in the subtrees where they may visit.
func (s *Server) handleVisitChoose(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r)
	d := &visitFormData{Choose: true, Query: strings.TrimSpace(r.FormValue("q")), Today: s.store.Today()}
	var err error
	if d.Mine, _, err = s.store.Assignments(r.Context(), bontot.AssignmentFilter{OfficerID: u.ID, Active: true, Limit: 200}); err != nil {
		s.fail(w, r, err)
		return
	}
	roots, err := s.scopeRoots(r, bontot.PermVisit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(roots) == 0 && len(d.Mine) == 0 {
		s.notFound(w, r)
		return
	}
	if d.Query != "" {
		const limit = 50
		for _, root := range roots {
			found, err := s.store.Orgs(r.Context(), bontot.OrgFilter{Under: root.Path, Query: d.Query, Limit: limit + 1})
			if err != nil {
				s.fail(w, r, err)
				return
			}
			d.Units = append(d.Units, found...)
		}
		if len(d.Units) > limit {
			d.Units, d.More = d.Units[:limit], true
		}
	}
	s.render(w, r, http.StatusOK, "sponsor_visit_form", &Page{Title: "Ghi lại buổi làm việc", Data: d})
}

func (s *Server) renderVisitForm(w http.ResponseWriter, r *http.Request, o *bontot.Org, form *Form, status int, msg string) {
	ctx := r.Context()
	d := &visitFormData{Org: o, Today: s.store.Today(), Rows: recRows(form, rowCount(form.Values))}
	var err error
	if d.Owners, err = s.visitOwners(r, o); err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Meetings, err = s.store.RecentMeetings(ctx, o.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Open, err = s.store.OpenRecommendationsAt(ctx, o.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "sponsor_visit_form", &Page{Title: "Ghi lại buổi làm việc — " + o.Name, Crumbs: s.crumbs(r, o.Path), Form: form, Error: msg, Data: d})
}

func (s *Server) handleVisitCreate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	o, ok := s.sponsorOrg(w, r, formID(r, "org"), func(p string) bool { return s.mayVisit(r, p) })
	if !ok {
		return
	}
	if r.PostForm.Get("more") != "" {
		// "Thêm kiến nghị": two more rows, nothing saved yet.
		r.PostForm.Set("rows", strconv.Itoa(min(rowCount(r.PostForm)+2, maxRecRows)))
		s.renderVisitForm(w, r, o, newForm(r.PostForm, nil), http.StatusOK, "")
		return
	}
	owners, err := s.visitOwners(r, o)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fe := bontot.FieldErrors{}
	v := &bontot.Visit{OrgID: o.ID, Officer: r.PostForm.Get("officer"), MeetingID: formID(r, "meeting"),
		Strengths: r.PostForm.Get("strengths"), Shortcomings: r.PostForm.Get("shortcomings")}
	if v.On, err = bontot.ParseDate(r.PostForm.Get("on")); err != nil {
		fe.Add("on", bontot.ErrorMessage(err))
	}
	recs, index := recsFrom(r.PostForm, owners, fe)
	if err = fe.Err(); err == nil {
		err = rowErrors(s.store.CreateVisit(r.Context(), actor(r), v, recs), index)
	} else {
		err = mergeErr(fe, v.Validate(s.store.Today()))
	}
	if err != nil {
		if c := bontot.ErrorCode(err); c != bontot.EINVALID && c != bontot.ECONFLICT {
			s.fail(w, r, err)
			return
		}
		s.renderVisitForm(w, r, o, newForm(r.PostForm, err), httpStatus(bontot.ErrorCode(err)), bontot.ErrorMessage(err))
		return
	}
	s.flash(r, fmt.Sprintf("Đã ghi buổi làm việc với %s ngày %s (%d kiến nghị).", o.Name, v.On, len(recs)))
	http.Redirect(w, r, fmt.Sprintf("/sponsors/visits/%d", v.ID), http.StatusSeeOther)
}

// ---------- A visit ---------------------------------------------------------------

type visitData struct {
	V         *bontot.Visit
	Today     bontot.Date
	Open      []*bontot.Recommendation // the unit's other recommendations still open
	CanReview bool
	CanEdit   bool
	Statuses  []bontot.RecStatus
}

func (s *Server) visitFor(w http.ResponseWriter, r *http.Request, check func(string) bool) (*bontot.Visit, bool) {
	v, err := s.store.Visit(r.Context(), pathID(r, "id"))
	if err != nil {
		s.loadFailed(w, r, err)
		return nil, false
	}
	if !check(v.OrgPath) {
		s.refuse(w, r, s.sponsorReads(r, v.OrgPath))
		return nil, false
	}
	return v, true
}

func (s *Server) handleVisit(w http.ResponseWriter, r *http.Request) {
	v, ok := s.visitFor(w, r, func(p string) bool { return s.sponsorReads(r, p) })
	if !ok {
		return
	}
	s.renderVisit(w, r, v, newForm(url.Values{}, nil), http.StatusOK, "")
}

func (s *Server) renderVisit(w http.ResponseWriter, r *http.Request, v *bontot.Visit, form *Form, status int, msg string) {
	open, err := s.store.OpenRecommendationsAt(r.Context(), v.OrgID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &visitData{V: v, Today: s.store.Today(), CanReview: s.mayVisit(r, v.OrgPath), CanEdit: s.mayEditVisit(r, v), Statuses: bontot.RecStatuses}
	for _, x := range open {
		if x.VisitID != v.ID {
			d.Open = append(d.Open, x)
		}
	}
	for _, x := range d.Open {
		id := strconv.FormatInt(x.ID, 10)
		if form.Get("r"+id+"_status") == "" {
			form.Values.Set("r"+id+"_status", string(x.Status))
			form.Values.Set("r"+id+"_resolved_on", d.Today.String())
		}
	}
	s.render(w, r, status, "sponsor_visit", &Page{Title: fmt.Sprintf("Buổi làm việc ngày %s — %s", v.On, v.OrgName), Crumbs: s.crumbs(r, v.OrgPath),
		Form: form, Error: msg, Data: d})
}

// handleVisitReview records the sponsor's review, at this visit, of the
// unit's recommendations still open: a new status or a note for each.
func (s *Server) handleVisitReview(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	v, ok := s.visitFor(w, r, func(p string) bool { return s.mayVisit(r, p) })
	if !ok {
		return
	}
	open, err := s.store.OpenRecommendationsAt(r.Context(), v.OrgID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fe := bontot.FieldErrors{}
	changes := map[int64]bontot.RecChange{}
	for _, x := range open {
		p := "r" + strconv.FormatInt(x.ID, 10) + "_"
		ch, changed := recChangeFrom(r.PostForm, p, x, fe)
		if changed {
			changes[x.ID] = ch
		}
	}
	if err := fe.Err(); err != nil {
		s.renderVisit(w, r, v, newForm(r.PostForm, err), http.StatusUnprocessableEntity, bontot.ErrorMessage(err))
		return
	}
	if len(changes) == 0 {
		s.flash(r, "Chưa có kiến nghị nào được cập nhật.")
		http.Redirect(w, r, fmt.Sprintf("/sponsors/visits/%d", v.ID), http.StatusSeeOther)
		return
	}
	if err := s.store.ReviewRecommendations(r.Context(), actor(r), v.ID, changes); err != nil {
		if bontot.ErrorCode(err) != bontot.EINVALID {
			s.fail(w, r, err)
			return
		}
		s.renderVisit(w, r, v, newForm(r.PostForm, err), http.StatusUnprocessableEntity, bontot.ErrorMessage(err))
		return
	}
	s.flash(r, fmt.Sprintf("Đã cập nhật %d kiến nghị.", len(changes)))
	http.Redirect(w, r, fmt.Sprintf("/sponsors/visits/%d", v.ID), http.StatusSeeOther)
}

// recChangeFrom reads a status change of recommendation x from fields with
// prefix p; changed is false when the form leaves it as it is.
func recChangeFrom(v url.Values, p string, x *bontot.Recommendation, fe bontot.FieldErrors) (bontot.RecChange, bool) {
	ch := bontot.RecChange{To: bontot.RecStatus(v.Get(p + "status")), Note: strings.TrimSpace(v.Get(p + "note")), Resolution: v.Get(p + "resolution")}
	if ch.To == "" {
		ch.To = x.Status
	}
	if ch.To == x.Status && ch.Note == "" && (ch.To != bontot.RecResolved || strings.TrimSpace(ch.Resolution) == x.Resolution) {
		return ch, false
	}
	if ch.To == bontot.RecResolved {
		var err error
		if ch.ResolvedOn, err = bontot.ParseDate(v.Get(p + "resolved_on")); err != nil {
			fe.Add(p+"resolved_on", bontot.ErrorMessage(err))
		}
	}
	return ch, true
}
