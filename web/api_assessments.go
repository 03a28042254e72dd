package web

import (
	"encoding/json"
	"net/http"

	"bontot"
	"bontot/scoring"
)

// points is a score in the JSON API: an exact decimal number with two places (99.40).
func points(p scoring.Points) json.Number {
	neg := ""
	if p < 0 {
		neg, p = "-", -p
	}
	frac := int64(p % 100)
	return json.Number(neg + itoa64(int64(p/100)) + "." + string(rune('0'+frac/10)) + string(rune('0'+frac%10)))
}

func itoa64(n int64) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}

type yearScaleJSON struct {
	Kind    scoring.Kind `json:"kind"`
	Subtype string       `json:"subtype,omitempty"`
	ScaleID int64        `json:"scale_id"`
	Name    string       `json:"name"`
	Version int          `json:"version"`
}

type campaignJSON struct {
	ID        int64              `json:"id"`
	Name      string             `json:"name"`
	IssuerID  int64              `json:"issuer_id"`
	ScopeID   int64              `json:"scope_id"`
	FromYear  int                `json:"from_year"`
	ToYear    int                `json:"to_year"`
	Quota     json.Number        `json:"excellent_quota_percent"`
	Documents []documentJSON     `json:"documents"`
	Years     []campaignYearJSON `json:"years"`
}

type documentJSON struct {
	Number string `json:"number"`
	Date   string `json:"date"`
	Title  string `json:"title"`
}

type campaignYearJSON struct {
	Year             int             `json:"year"`
	SelfDeadline     string          `json:"self_deadline,omitempty"`
	ReviewDeadline   string          `json:"review_deadline,omitempty"`
	ApprovalDeadline string          `json:"approval_deadline,omitempty"`
	Locked           bool            `json:"locked"`
	Scales           []yearScaleJSON `json:"scales"`
}

func toCampaignJSON(c *bontot.Campaign) campaignJSON {
	out := campaignJSON{ID: c.ID, Name: c.Name, IssuerID: c.IssuerID, ScopeID: c.ScopeID, FromYear: c.FromYear, ToYear: c.ToYear, Quota: points(c.Quota)}
	for _, d := range c.Documents {
		out.Documents = append(out.Documents, documentJSON{d.Number, d.Date.String(), d.Title})
	}
	for _, y := range c.Years {
		yj := campaignYearJSON{Year: y.Year, SelfDeadline: y.SelfDeadline.String(), ReviewDeadline: y.ReviewDeadline.String(), ApprovalDeadline: y.ApprovalDeadline.String(), Locked: y.Locked}
		for _, ys := range y.Scales {
			yj.Scales = append(yj.Scales, yearScaleJSON{Kind: ys.Kind, Subtype: string(ys.Subtype), ScaleID: ys.ScaleID, Name: ys.ScaleName, Version: ys.Version})
		}
		out.Years = append(out.Years, yj)
	}
	return out
}

// apiCampaigns lists the campaigns whose scope overlaps the user's subtrees.
func (s *Server) apiCampaigns(w http.ResponseWriter, r *http.Request) {
	roots, err := s.scopeRoots(r, bontot.PermReadTree)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if len(roots) == 0 {
		s.forbidden(w, r)
		return
	}
	seen := map[int64]bool{}
	out := []campaignJSON{}
	for _, root := range roots {
		cs, err := s.store.Campaigns(r.Context(), root.Path)
		if err != nil {
			s.apiError(w, r, err)
			return
		}
		for _, c := range cs {
			if !seen[c.ID] {
				seen[c.ID] = true
				out = append(out, toCampaignJSON(c))
			}
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"campaigns": out})
}

type assessmentJSON struct {
	ID          int64         `json:"id"`
	CampaignID  int64         `json:"campaign_id"`
	Year        int           `json:"year"`
	OrgID       int64         `json:"org_id"`
	OrgName     string        `json:"org_name"`
	Kind        scoring.Kind  `json:"kind"`
	Status      bontot.Status `json:"status"`
	StatusLabel string        `json:"status_label"`
	Late        bool          `json:"late"`
	SelfTotal   *json.Number  `json:"self_total"`
	ReviewTotal *json.Number  `json:"review_total"`
	FinalTotal  *json.Number  `json:"final_total"`
	FinalClass  scoring.Class `json:"final_class"`
	ClassLabel  string        `json:"class_label"`
	Decision    string        `json:"decision,omitempty"`
	DecisionOn  string        `json:"decision_date,omitempty"`
}

func toAssessmentJSON(a *bontot.Assessment) assessmentJSON {
	out := assessmentJSON{ID: a.ID, CampaignID: a.CampaignID, Year: a.Year, OrgID: a.OrgID, OrgName: a.OrgName, Kind: a.Kind,
		Status: a.Status, StatusLabel: a.Status.Label(), Late: a.Late, Decision: a.Decision, DecisionOn: a.DecisionOn.String()}
	if a.Status != bontot.StatusDraft {
		st, ft := points(a.SelfTotal), points(a.FinalTotal)
		out.SelfTotal, out.FinalTotal = &st, &ft
		out.FinalClass, out.ClassLabel = a.FinalClass, classLabel(a.FinalClass, a.Kind)
		if a.Reviewed {
			rt := points(a.ReviewTotal)
			out.ReviewTotal = &rt
		}
	}
	return out
}

// apiAssessments lists the assessments of a campaign year in a subtree
// (?campaign=&year=&org=; at most 2,000, in tree order).
func (s *Server) apiAssessments(w http.ResponseWriter, r *http.Request) {
	scope, ok := s.orgFor(w, r, bontot.PermReadTree, formID(r, "org"))
	if !ok {
		return
	}
	c, err := s.store.Campaign(r.Context(), formID(r, "campaign"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	year := int(formID(r, "year"))
	if c.Year(year) == nil {
		s.apiError(w, r, bontot.Errorf(bontot.ENOTFOUND, "Phong trào không có năm %d.", year))
		return
	}
	list, err := s.store.Assessments(r.Context(), bontot.AssessmentFilter{CampaignID: c.ID, Year: year, Under: scope.Path, Status: bontot.Status(r.FormValue("status")), Limit: 2001})
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	more := len(list) > 2000
	if more {
		list = list[:2000]
	}
	out := make([]assessmentJSON, 0, len(list))
	for _, a := range list {
		out = append(out, toAssessmentJSON(a))
	}
	writeJSON(w, http.StatusOK, map[string]any{"assessments": out, "more": more})
}

type itemJSON struct {
	Code   string         `json:"code"`
	Name   string         `json:"name"`
	Max    json.Number    `json:"max"`
	Points json.Number    `json:"points"`
	Source scoring.Source `json:"source"`
	Detail string         `json:"detail,omitempty"`
	Note   string         `json:"note,omitempty"`
}

type criterionJSON struct {
	Code     string      `json:"code"`
	Name     string      `json:"name"`
	Max      json.Number `json:"max"`
	Points   json.Number `json:"points"`
	Prorated bool        `json:"prorated"`
	Floor    json.Number `json:"floor"`
	FloorMet bool        `json:"floor_met"`
	Items    []itemJSON  `json:"items"`
}

type resultJSON struct {
	Criteria  []criterionJSON   `json:"criteria"`
	Bonus     json.Number       `json:"bonus"`
	Deduction json.Number       `json:"deduction"`
	Total     json.Number       `json:"total"`
	Class     scoring.Class     `json:"class"`
	Label     string            `json:"label"`
	Vetoes    []scoring.VetoHit `json:"vetoes"`
	Decision  string            `json:"decision"`
}

func toResultJSON(res *scoring.Result) *resultJSON {
	if res == nil {
		return nil
	}
	item := func(it scoring.ItemResult) itemJSON {
		return itemJSON{Code: it.Code, Name: it.Name, Max: points(it.Max), Points: points(it.Points), Source: it.Source, Detail: it.Detail, Note: it.Note}
	}
	out := &resultJSON{Bonus: points(res.Bonus), Deduction: points(res.Deduction), Total: points(res.Total), Class: res.Class, Label: res.Label,
		Vetoes: res.Vetoes, Decision: res.Decision}
	if out.Vetoes == nil {
		out.Vetoes = []scoring.VetoHit{}
	}
	for _, c := range res.Criteria {
		cj := criterionJSON{Code: c.Code, Name: c.Name, Max: points(c.Max), Points: points(c.Points), Prorated: c.Prorated, Floor: points(c.Floor), FloorMet: c.FloorMet}
		for _, it := range c.Items {
			cj.Items = append(cj.Items, item(it))
		}
		out.Criteria = append(out.Criteria, cj)
	}
	return out
}

// apiAssessment returns one assessment with the explanation of its self and reviewed scores.
func (s *Server) apiAssessment(w http.ResponseWriter, r *http.Request) {
	a, ok := s.assessmentFor(w, r, bontot.PermReadTree, false, pathID(r, "id"))
	if !ok {
		return
	}
	x, err := s.store.Explain(r.Context(), a.ID)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"assessment": toAssessmentJSON(a),
		"facts":      x.Facts,
		"self":       toResultJSON(&x.Self),
		"review":     toResultJSON(x.Review),
	})
}
