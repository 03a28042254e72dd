package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"bontot"
	"bontot/scoring"
	"bontot/store"
)

// The movement through the year in the JSON API, read-only: the urging
// lists, registrations, recommendations. Each call loads its scope with the
// same function as the page it mirrors, so that both refuse alike.

// apiPage reads ?limit= (def by default, at most most) and ?offset= (not negative).
func apiPage(r *http.Request, def, most int) (limit, offset int) {
	limit, _ = strconv.Atoi(r.FormValue("limit"))
	offset, _ = strconv.Atoi(r.FormValue("offset"))
	if limit <= 0 {
		limit = def
	}
	return min(limit, most), max(offset, 0)
}

// invalidField is a 422 naming one parameter.
func invalidField(field, msg string) error {
	return &bontot.Error{Code: bontot.EINVALID, Message: msg, Fields: map[string]string{field: msg}}
}

// apiCampaignYear checks that an explicit ?year= is a year of the scope's
// campaign: the pages quietly fall back to a default year, a script is told.
func (s *Server) apiCampaignYear(w http.ResponseWriter, r *http.Request, rs *resultsScope) bool {
	raw := r.FormValue("year")
	if raw == "" || rs.Campaign == nil {
		return true
	}
	if y, err := strconv.Atoi(raw); err != nil || rs.Campaign.Year(y) == nil {
		s.apiError(w, r, bontot.Errorf(bontot.ENOTFOUND, "Phong trào không có năm %s.", raw))
		return false
	}
	return true
}

type lateUnitJSON struct {
	ID         int64  `json:"id"`
	Code       string `json:"code"`
	Name       string `json:"name"`
	ParentName string `json:"parent_name"`
}

// apiLate is an urging list of /late: the cells without last month's (or
// ?month=) regular meeting, or the units that have not sent the campaign
// year's self-assessment (?kind=assessments&campaign=&year=) or
// registration of targets (?kind=registrations&campaign=&year=), of the
// subtree of ?org=.
func (s *Server) apiLate(w http.ResponseWriter, r *http.Request) {
	if k := r.FormValue("kind"); k != "" && k != "meetings" && k != "assessments" && k != "registrations" {
		s.apiError(w, r, invalidField("kind", "Loại danh sách “"+k+"” không có: hãy dùng meetings, assessments hoặc registrations."))
		return
	}
	if m := r.FormValue("month"); m != "" {
		if _, err := time.Parse("2006-01", m); err != nil {
			s.apiError(w, r, invalidField("month", "Tháng “"+m+"” không hợp lệ: hãy viết năm-tháng, ví dụ 2025-03."))
			return
		}
	}
	rs, ok := s.loadResultsScope(w, r)
	if !ok {
		return
	}
	kind, month, _ := s.lateParams(r)
	if kind != "meetings" && !s.apiCampaignYear(w, r, rs) {
		return
	}
	limit, offset := apiPage(r, latePage, store.MaxNotify)
	_, units, n, err := s.lateList(r, rs, kind, month, limit, offset)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := map[string]any{"kind": kind, "org_id": rs.Org.ID, "total": n}
	if kind == "meetings" {
		out["month"] = month.Time().Format("2006-01")
	} else if rs.Campaign != nil {
		out["campaign_id"], out["year"] = rs.Campaign.ID, rs.Year
	} else {
		out["campaign_id"] = nil // no campaign covers the organization: nobody is late
	}
	list := make([]lateUnitJSON, 0, len(units))
	for _, u := range units {
		list = append(list, lateUnitJSON{ID: u.OrgID, Code: u.Code, Name: u.Name, ParentName: u.ParentName})
	}
	out["units"] = list
	writeJSON(w, http.StatusOK, out)
}

// regTallyJSON counts the participating units by their registration's status.
type regTallyJSON struct {
	Units        int64 `json:"units"`
	Registered   int64 `json:"registered"`
	Sent         int64 `json:"sent"`
	Acknowledged int64 `json:"acknowledged"`
	Returned     int64 `json:"returned"`
	Draft        int64 `json:"draft"`
	None         int64 `json:"none"`
	Unsent       int64 `json:"unsent"`
}

func toRegTallyJSON(t bontot.RegistrationTally) regTallyJSON {
	return regTallyJSON{Units: t.Units, Registered: t.Registered(), Sent: t.Sent, Acknowledged: t.Acknowledged, Returned: t.Returned,
		Draft: t.Draft, None: t.None(), Unsent: t.Unsent()}
}

// apiRegistrations is the registration part of the board's view /movement:
// the shares of the subtree of ?org= in a campaign year, per child, and a
// page of the units without a sent registration.
func (s *Server) apiRegistrations(w http.ResponseWriter, r *http.Request) {
	rs, ok := s.loadMovementScope(w, r)
	if !ok || !s.apiCampaignYear(w, r, rs) {
		return
	}
	if rs.Campaign == nil {
		s.apiError(w, r, bontot.Errorf(bontot.ENOTFOUND, "Chưa có phong trào thi đua nào gồm %s.", rs.Org.Name))
		return
	}
	limit, offset := apiPage(r, movementPageSize, 1000)
	sum, err := s.store.RegistrationShares(r.Context(), rs.Campaign.ID, rs.Year, rs.Org.Path, limit+1, offset)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	more := len(sum.Unsent) > limit
	if more {
		sum.Unsent = sum.Unsent[:limit]
	}
	type childJSON struct {
		ID    int64          `json:"id"`
		Name  string         `json:"name"`
		Kind  bontot.OrgKind `json:"kind"`
		Tally regTallyJSON   `json:"tally"`
	}
	type gapJSON struct {
		ID             int64            `json:"id"`
		Name           string           `json:"name"`
		Kind           bontot.OrgKind   `json:"kind"`
		ParentName     string           `json:"parent_name"`
		Status         bontot.RegStatus `json:"status"`
		RegistrationID int64            `json:"registration_id,omitempty"`
	}
	out := struct {
		CampaignID int64         `json:"campaign_id"`
		Year       int           `json:"year"`
		OrgID      int64         `json:"org_id"`
		Day        string        `json:"day"`
		Total      regTallyJSON  `json:"total"`
		Self       *regTallyJSON `json:"self"`
		Children   []childJSON   `json:"children"`
		Unsent     []gapJSON     `json:"unsent"`
		More       bool          `json:"more"`
	}{CampaignID: rs.Campaign.ID, Year: rs.Year, OrgID: rs.Org.ID, Day: sum.Day.ISO(), Total: toRegTallyJSON(sum.Total),
		Children: []childJSON{}, Unsent: []gapJSON{}, More: more}
	if sum.Self != nil {
		t := toRegTallyJSON(*sum.Self)
		out.Self = &t
	}
	for _, ch := range sum.Children {
		out.Children = append(out.Children, childJSON{ID: ch.Org.ID, Name: ch.Org.Name, Kind: ch.Org.Kind, Tally: toRegTallyJSON(ch.Tally)})
	}
	for _, g := range sum.Unsent {
		status := g.Status
		if status == "" {
			status = "none"
		}
		out.Unsent = append(out.Unsent, gapJSON{ID: g.OrgID, Name: g.Name, Kind: g.Kind, ParentName: g.ParentName, Status: status, RegistrationID: g.RegistrationID})
	}
	writeJSON(w, http.StatusOK, out)
}

// amount is a target's number in the JSON API: an exact decimal with two places, as points are.
func amount(a bontot.Amount) json.Number { return points(scoring.Points(a)) }

// timeOrNil leaves an unset time out of the JSON (null).
func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// apiRegistration is one registration as /registrations/{id} shows it: its
// targets by criterion, its signed file's description, its workflow steps.
func (s *Server) apiRegistration(w http.ResponseWriter, r *http.Request) {
	reg, ok := s.registrationFor(w, r, bontot.PermReadTree, false, pathID(r, "id"))
	if !ok {
		return
	}
	events, err := s.store.RegistrationEvents(r.Context(), reg.ID)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	type targetJSON struct {
		ID         int64        `json:"id"`
		Criterion  int          `json:"criterion"`
		Text       string       `json:"text"`
		Countable  bool         `json:"countable"`
		Planned    *json.Number `json:"planned"`
		Unit       string       `json:"unit,omitempty"`
		Achieved   *json.Number `json:"achieved"`
		Met        *bool        `json:"met"`
		ResultNote string       `json:"result_note,omitempty"`
	}
	type regDocumentJSON struct {
		Filename    string    `json:"filename"`
		ContentType string    `json:"content_type"`
		Size        int64     `json:"size"`
		SHA256      string    `json:"sha256"`
		UploadedBy  string    `json:"uploaded_by"`
		UploadedAt  time.Time `json:"uploaded_at"`
	}
	type eventJSON struct {
		Action   bontot.RegAction `json:"action"`
		From     bontot.RegStatus `json:"from"`
		To       bontot.RegStatus `json:"to"`
		Username string           `json:"username"`
		At       time.Time        `json:"at"`
		Note     string           `json:"note,omitempty"`
	}
	out := struct {
		ID             int64            `json:"id"`
		CampaignID     int64            `json:"campaign_id"`
		Year           int              `json:"year"`
		OrgID          int64            `json:"org_id"`
		OrgName        string           `json:"org_name"`
		Status         bontot.RegStatus `json:"status"`
		StatusLabel    string           `json:"status_label"`
		SignedOn       string           `json:"signed_on,omitempty"`
		ReturnNote     string           `json:"return_note,omitempty"`
		SentAt         *time.Time       `json:"sent_at"`
		AcknowledgedAt *time.Time       `json:"acknowledged_at"`
		AcknowledgedBy string           `json:"acknowledged_by,omitempty"`
		Version        int              `json:"version"`
		Met            int              `json:"met"`
		Known          int              `json:"known"`
		Targets        []targetJSON     `json:"targets"`
		Document       *regDocumentJSON `json:"document"`
		Events         []eventJSON      `json:"events"`
	}{ID: reg.ID, CampaignID: reg.CampaignID, Year: reg.Year, OrgID: reg.OrgID, OrgName: reg.OrgName, Status: reg.Status, StatusLabel: reg.Status.Label(),
		SignedOn: reg.SignedOn.ISO(), ReturnNote: reg.ReturnNote, SentAt: timeOrNil(reg.SentAt), AcknowledgedAt: timeOrNil(reg.AckAt), AcknowledgedBy: reg.AckBy,
		Version: reg.Version, Targets: []targetJSON{}, Events: []eventJSON{}}
	out.Met, out.Known = reg.MetCount()
	for _, t := range reg.Targets {
		tj := targetJSON{ID: t.ID, Criterion: t.Criterion, Text: t.Text, Countable: t.Countable, Unit: t.Unit, ResultNote: t.ResultNote}
		if t.Countable {
			p := amount(t.Planned)
			tj.Planned = &p
			if t.Achieved != nil {
				a := amount(*t.Achieved)
				tj.Achieved = &a
			}
		}
		if met, known := t.Met(); known {
			tj.Met = &met
		}
		out.Targets = append(out.Targets, tj)
	}
	if d := reg.Document; d != nil {
		out.Document = &regDocumentJSON{Filename: d.Filename, ContentType: d.ContentType, Size: d.Size, SHA256: d.SHA256, UploadedBy: d.Username, UploadedAt: d.UploadedAt}
	}
	for _, e := range events {
		out.Events = append(out.Events, eventJSON{Action: e.Action, From: e.From, To: e.To, Username: e.Username, At: e.At, Note: e.Note})
	}
	writeJSON(w, http.StatusOK, out)
}

// recommendationJSON is a recommendation with where it stands today.
type recommendationJSON struct {
	ID            int64            `json:"id"`
	Source        bontot.RecSource `json:"source"`
	VisitID       int64            `json:"visit_id,omitempty"`
	FindingID     int64            `json:"finding_id,omitempty"`
	SourceOrgName string           `json:"source_org_name"`
	SourceOn      string           `json:"source_on"`
	OwnerID       int64            `json:"owner_id"`
	OwnerName     string           `json:"owner_name"`
	Text          string           `json:"text"`
	DueOn         string           `json:"due_on"`
	Status        bontot.RecStatus `json:"status"`
	StatusLabel   string           `json:"status_label"`
	ResolvedOn    string           `json:"resolved_on,omitempty"`
	Resolution    string           `json:"resolution,omitempty"`
	Overdue       bool             `json:"overdue"`
	DaysLate      int              `json:"days_late"`
}

func toRecommendationJSON(x *bontot.Recommendation, today bontot.Date) recommendationJSON {
	return recommendationJSON{ID: x.ID, Source: x.Source, VisitID: x.VisitID, FindingID: x.FindingID, SourceOrgName: x.SourceOrgName, SourceOn: x.SourceOn.ISO(),
		OwnerID: x.OwnerID, OwnerName: x.OwnerName, Text: x.Text, DueOn: x.Due.ISO(), Status: x.Status, StatusLabel: x.Status.Label(),
		ResolvedOn: x.ResolvedOn.ISO(), Resolution: x.Resolution, Overdue: x.Overdue(today), DaysLate: x.DaysLate(today)}
}

// apiRecommendations lists the recommendations owned by the subtree of
// ?org= (or ?under=, as the page) with the page's filter ?state=
// (open by default, overdue, resolved, all) or an exact ?status=.
func (s *Server) apiRecommendations(w http.ResponseWriter, r *http.Request) {
	if !userFrom(r).CanAnywhere(bontot.PermReadTree) {
		s.notFound(w, r)
		return
	}
	var scope *bontot.Org
	if id := formID(r, "org"); id != 0 || r.FormValue("org") != "" {
		if scope, _ = s.orgFor(w, r, bontot.PermReadTree, id); scope == nil {
			return
		}
	} else {
		var err error
		if scope, err = s.pickScope(r, bontot.PermReadTree); err != nil {
			s.apiError(w, r, err)
			return
		}
	}
	f := bontot.RecommendationFilter{Under: scope.Path}
	state, status := r.FormValue("state"), bontot.RecStatus(r.FormValue("status"))
	if status != "" && state != "" {
		s.apiError(w, r, invalidField("state", "Hãy lọc theo state hoặc theo status, không dùng cả hai."))
		return
	}
	if status != "" {
		if !status.Valid() {
			s.apiError(w, r, invalidField("status", "Tình trạng “"+string(status)+"” không có: hãy dùng open, in_progress hoặc resolved."))
			return
		}
		f.Status = status
	} else if state == "" {
		state = "open"
	}
	switch state {
	case "open":
		f.Open = true
	case "overdue":
		f.Overdue = true
	case "resolved":
		f.Status = bontot.RecResolved
	case "all", "": // "": an exact status
	default:
		s.apiError(w, r, invalidField("state", "Bộ lọc “"+state+"” không có: hãy dùng open, overdue, resolved hoặc all."))
		return
	}
	f.Limit, f.Offset = apiPage(r, 300, 1000)
	recs, more, err := s.store.Recommendations(r.Context(), f)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	today := s.store.Today()
	out := make([]recommendationJSON, 0, len(recs))
	for _, x := range recs {
		out = append(out, toRecommendationJSON(x, today))
	}
	writeJSON(w, http.StatusOK, map[string]any{"org_id": scope.ID, "today": today.ISO(), "recommendations": out, "more": more})
}
