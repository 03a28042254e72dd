package web

import (
	"net/http"
	"strconv"
	"time"

	"bontot"
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
// year's self-assessment (?kind=assessments&campaign=&year=), of the
// subtree of ?org=.
func (s *Server) apiLate(w http.ResponseWriter, r *http.Request) {
	if k := r.FormValue("kind"); k != "" && k != "meetings" && k != "assessments" {
		s.apiError(w, r, invalidField("kind", "Loại danh sách “"+k+"” không có: hãy dùng meetings hoặc assessments."))
		return
	}
	if m := r.FormValue("month"); m != "" {
		if _, err := time.Parse("2006-01", m); err != nil {
			s.apiError(w, r, invalidField("month", "Tháng “"+m+"” không hợp lệ: hãy viết năm-tháng, ví dụ 2025-03."))
			return
		}
	}
	rs, ok := s.loadResultsScope(w, r)
	if !ok || !s.apiCampaignYear(w, r, rs) {
		return
	}
	kind, month, _ := s.lateParams(r)
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
