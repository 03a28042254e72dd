package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"bontot"
)

// recStates are the filters of the recommendation list.
var recStates = []struct{ Value, Label string }{
	{"open", "Chưa xong"}, {"overdue", "Quá hạn"}, {"resolved", "Đã thực hiện xong"}, {"all", "Tất cả"},
}

type recommendationsData struct {
	Scope     *bontot.Org
	State     string
	States    []struct{ Value, Label string }
	Recs      []*bontot.Recommendation
	More      bool
	Today     bontot.Date
	CanFollow bool // the user may update recommendations of the scope
}

func (s *Server) handleRecommendations(w http.ResponseWriter, r *http.Request) {
	if !userFrom(r).CanAnywhere(bontot.PermReadTree) {
		s.notFound(w, r)
		return
	}
	scope, err := s.pickScope(r, bontot.PermReadTree)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &recommendationsData{Scope: scope, State: r.FormValue("state"), States: recStates, Today: s.store.Today(), CanFollow: s.mayFollow(r, scope.Path)}
	f := bontot.RecommendationFilter{Under: scope.Path, Limit: 300}
	switch d.State {
	case "overdue":
		f.Overdue = true
	case "resolved":
		f.Status = bontot.RecResolved
	case "all":
	default:
		d.State, f.Open = "open", true
	}
	if d.Recs, d.More, err = s.store.Recommendations(r.Context(), f); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "sponsor_recommendations", &Page{Title: "Kiến nghị sau kiểm tra, làm việc", Crumbs: s.crumbs(r, scope.Path), Data: d})
}

type recommendationData struct {
	R         *bontot.Recommendation
	Events    []*bontot.RecEvent
	Today     bontot.Date
	CanFollow bool
	Statuses  []bontot.RecStatus
}

func (s *Server) recommendationFor(w http.ResponseWriter, r *http.Request, check func(string) bool) (*bontot.Recommendation, bool) {
	x, err := s.store.Recommendation(r.Context(), pathID(r, "id"))
	if err != nil {
		s.loadFailed(w, r, err)
		return nil, false
	}
	if !check(x.OwnerPath) {
		s.refuse(w, r, s.sponsorReads(r, x.OwnerPath))
		return nil, false
	}
	return x, true
}

func (s *Server) handleRecommendation(w http.ResponseWriter, r *http.Request) {
	x, ok := s.recommendationFor(w, r, func(p string) bool { return s.sponsorReads(r, p) })
	if !ok {
		return
	}
	today := s.store.Today()
	v := url.Values{"status": {string(x.Status)}, "resolved_on": {today.String()}, "resolution": {x.Resolution}}
	if !x.ResolvedOn.IsZero() {
		v.Set("resolved_on", x.ResolvedOn.String())
	}
	s.renderRecommendation(w, r, x, newForm(v, nil), http.StatusOK, "")
}

func (s *Server) renderRecommendation(w http.ResponseWriter, r *http.Request, x *bontot.Recommendation, form *Form, status int, msg string) {
	events, err := s.store.RecommendationEvents(r.Context(), x.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &recommendationData{R: x, Events: events, Today: s.store.Today(), CanFollow: s.mayFollow(r, x.OwnerPath), Statuses: bontot.RecStatuses}
	s.render(w, r, status, "sponsor_recommendation", &Page{Title: "Kiến nghị — " + x.OwnerName, Crumbs: s.crumbs(r, x.OwnerPath), Form: form, Error: msg, Data: d})
}

func (s *Server) handleRecommendationChange(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	x, ok := s.recommendationFor(w, r, func(p string) bool { return s.mayFollow(r, p) })
	if !ok {
		return
	}
	fe := bontot.FieldErrors{}
	ch := bontot.RecChange{To: bontot.RecStatus(r.PostForm.Get("status")), Note: r.PostForm.Get("note"), Resolution: r.PostForm.Get("resolution")}
	if ch.To == bontot.RecResolved {
		var err error
		if ch.ResolvedOn, err = bontot.ParseDate(r.PostForm.Get("resolved_on")); err != nil {
			fe.Add("resolved_on", bontot.ErrorMessage(err))
		}
	}
	err := fe.Err()
	if err == nil {
		err = s.store.ChangeRecommendation(r.Context(), actor(r), x.ID, ch)
	}
	if err != nil {
		if bontot.ErrorCode(err) != bontot.EINVALID {
			s.fail(w, r, err)
			return
		}
		s.renderRecommendation(w, r, x, newForm(r.PostForm, err), http.StatusUnprocessableEntity, bontot.ErrorMessage(err))
		return
	}
	s.flash(r, fmt.Sprintf("Đã cập nhật kiến nghị: %s.", ch.To.Label()))
	http.Redirect(w, r, "/sponsors/recommendations/"+strconv.FormatInt(x.ID, 10), http.StatusSeeOther)
}
