package web

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"bontot"
	"bontot/scoring"
	"bontot/store"
)

// assessmentRoutes registers the yearly assessment pages.
func (s *Server) assessmentRoutes(page func(string, http.HandlerFunc)) {
	page("GET /assessments", s.handleAssessments)
	page("GET /assessments/{id}", s.handleAssessment)
	page("GET /assessments/{id}/edit", s.handleAssessmentEdit)
	page("POST /assessments/{id}", s.handleAssessmentSave)
	page("GET /assessments/{id}/review", s.handleReviewForm)
	page("POST /assessments/{id}/review", s.handleReviewSave)
	page("POST /assessments/{id}/transition", s.handleTransition)
	page("POST /assessments/{id}/evidence", s.handleEvidenceUpload)
	page("GET /evidence/{id}", s.handleEvidenceDownload)
	page("POST /evidence/{id}/delete", s.handleEvidenceDelete)
	page("POST /assessments/bulk", s.handleAssessmentBulk)
	page("POST /assessments/{id}/practices", s.handlePracticeAdd)
}

func init() {
	requiredPages = append(requiredPages, "assessments", "assessment", "assessment_form", "assessment_review")
}

// classLabel names a class in Vietnamese for a kind of unit.
func classLabel(c scoring.Class, k scoring.Kind) string {
	switch c {
	case scoring.ClassFourGood:
		if k == scoring.KindCommittee {
			return "Đảng bộ cơ sở 4 tốt"
		}
		return "Chi bộ 4 tốt"
	case scoring.ClassGood:
		return "Khá"
	case scoring.ClassFail:
		return "Chưa đạt"
	}
	return "Chưa chấm"
}

// assessmentFor loads an assessment whose unit the user may exercise perm on
// (above: from strictly above the unit). Out of scope answers 404.
func (s *Server) assessmentFor(w http.ResponseWriter, r *http.Request, perm bontot.Permission, above bool, id int64) (*bontot.Assessment, bool) {
	a, err := s.store.Assessment(r.Context(), id)
	if err != nil {
		s.loadFailed(w, r, err)
		return nil, false
	}
	return a, s.permits(w, r, perm, above, a.OrgPath)
}

// assessmentsData is the list page.
type assessmentsData struct {
	Campaigns []*bontot.Campaign
	Campaign  *bontot.Campaign
	Year      int
	Scope     *bontot.Org
	Status    bontot.Status
	Units     []*bontot.Assessment
	Capped    bool
	Counts    map[bontot.Status]int
	Total     int
	Today     bontot.Date
	YearInfo  *bontot.CampaignYear
}

// pickCampaignYear chooses the campaign and year of a page: the ones asked
// for, else the newest campaign overlapping the scope and its last year not
// after the current one.
func (s *Server) pickCampaignYear(r *http.Request, scope *bontot.Org) ([]*bontot.Campaign, *bontot.Campaign, int, error) {
	cs, err := s.store.Campaigns(r.Context(), scope.Path)
	if err != nil || len(cs) == 0 {
		return cs, nil, 0, err
	}
	c := cs[0]
	if id := formID(r, "campaign"); id != 0 {
		for _, x := range cs {
			if x.ID == id {
				c = x
			}
		}
	}
	year, _ := strconv.Atoi(r.FormValue("year"))
	if c.Year(year) == nil {
		year = 0
		now := s.store.Today().Year()
		for _, y := range c.Years {
			if y.Year <= now {
				year = y.Year
			}
		}
		if year == 0 && len(c.Years) > 0 {
			year = c.Years[0].Year
		}
	}
	return cs, c, year, nil
}

func (s *Server) handleAssessments(w http.ResponseWriter, r *http.Request) {
	scope, err := s.pickScope(r, bontot.PermReadTree)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cs, c, year, err := s.pickCampaignYear(r, scope)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if c != nil && (scope.Kind.IsCell() || r.FormValue("unit") != "") {
		// A cell's own list is one unit: go straight to its assessment
		// (and so does a link to a committee's own assessment of another year).
		if a, err := s.store.AssessmentOf(r.Context(), c.ID, year, scope.ID); err == nil {
			http.Redirect(w, r, fmt.Sprintf("/assessments/%d", a.ID), http.StatusSeeOther)
			return
		}
	}
	d := &assessmentsData{Campaigns: cs, Campaign: c, Year: year, Scope: scope, Status: bontot.Status(r.FormValue("status")), Today: s.store.Today()}
	if c != nil {
		d.YearInfo = c.Year(year)
		sums, err := s.store.Summaries(r.Context(), c.ID, year, []*bontot.Org{scope})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		t := []store.Tally{sums[0].Cells, sums[0].Committees}
		d.Counts = map[bontot.Status]int{}
		for _, x := range t {
			d.Total += int(x.Units)
			d.Counts[bontot.StatusDraft] += int(x.Draft)
			d.Counts[bontot.StatusSubmitted] += int(x.Submitted)
			d.Counts[bontot.StatusReviewed] += int(x.Reviewed)
			d.Counts[bontot.StatusReturned] += int(x.Returned)
			d.Counts[bontot.StatusApproved] += int(x.Approved)
			d.Counts[bontot.StatusRecognised] += int(x.RecognisedStatus)
			d.Counts[bontot.StatusLocked] += int(x.Locked)
		}
		const limit = 500
		d.Units, err = s.store.Assessments(r.Context(), bontot.AssessmentFilter{CampaignID: c.ID, Year: year, Under: scope.Path, Status: d.Status, Limit: limit + 1})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if len(d.Units) > limit {
			d.Units, d.Capped = d.Units[:limit], true
		}
	}
	s.render(w, r, http.StatusOK, "assessments", &Page{Title: "Đánh giá “4 tốt”", Crumbs: s.crumbs(r, scope.Path), Data: d})
}

// itemView is one item of a form or an explanation.
type itemView struct {
	Code, Name, Guidance string
	Max                  scoring.Points
	Method               scoring.Method
	AllowNA, Evidence    bool
	Computed             bool
	// Form values (what the user typed, or the stored entry).
	Value, Note string
	NA, Yes     bool
	Error       string
	// Results.
	Self, Review *scoring.ItemResult
	SelfEntry    scoring.Entry
	Files        []*bontot.Evidence
	Beside       []string // facts the product holds, shown beside a typed item (2.4)
}

type criterionView struct {
	Code, Name   string
	Max, Floor   scoring.Points
	Items        []*itemView
	Self, Review *scoring.CriterionResult
}

type factView struct {
	Name, Label, Value, Error string
	Flag                      bool
	// Source and Link, when the fact comes from records, not from typing.
	Source, Link string
}

// factSource says in Vietnamese where a fact came from, with a link to the records.
func factSource(src string, a *bontot.Assessment) (string, string) {
	switch src {
	case store.SourceMeetings:
		return "tính từ biên bản sinh hoạt chi bộ", fmt.Sprintf("/meetings?org=%d&year=%d", a.OrgID, a.Year)
	case store.SourceRegistration:
		return "tính từ bản đăng ký thi đua", fmt.Sprintf("/movement/orgs/%d?campaign=%d", a.OrgID, a.CampaignID)
	case store.SourceTyped:
		return "đơn vị tự nhập", ""
	}
	return "", ""
}

// assessmentData is what the assessment pages show.
type assessmentData struct {
	A           *bontot.Assessment
	Campaign    *bontot.Campaign
	YearInfo    *bontot.CampaignYear
	Scale       *bontot.ScaleVersion
	Criteria    []*criterionView
	Bonuses     []*itemView
	Deductions  []*itemView
	Facts       []factView
	AllFacts    []factView // every fact the scoring read, for the explanation
	Self        *scoring.Result
	Review      *scoring.Result
	Events      []*bontot.AssessmentEvent
	Files       []*bontot.Evidence
	ClassSelf   string
	ClassReview string
	ClassFinal  string
	Today       bontot.Date
	// What the user may do.
	CanEdit, CanReview, CanApprove bool
	Actions                        []bontot.Action
	Years                          []int // the campaign's years, to move between them
	// FollowUp and Resolutions are shown beside item 2.4: recommendations
	// due in the year resolved on time, and regular meetings where the
	// previous resolution was fully carried out.
	FollowUp, Resolutions string
	Practices             []*bontot.Practice
	CanAddPractice        bool
	sources               map[string]string
	facts                 scoring.Facts
}

func (s *Server) assessmentData(r *http.Request, a *bontot.Assessment) (*assessmentData, error) {
	ctx := r.Context()
	x, err := s.store.Explain(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	c, err := s.store.Campaign(ctx, a.CampaignID)
	if err != nil {
		return nil, err
	}
	events, err := s.store.AssessmentEvents(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	files, err := s.store.EvidenceList(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	u := userFrom(r)
	d := &assessmentData{sources: x.Sources, facts: x.Facts, A: a, Campaign: c, YearInfo: c.Year(a.Year), Scale: x.Scale, Self: &x.Self, Review: x.Review, Events: events, Files: files,
		Today: s.store.Today(), ClassSelf: classLabel(a.SelfClass, a.Kind), ClassReview: classLabel(a.ReviewClass, a.Kind), ClassFinal: classLabel(a.FinalClass, a.Kind)}
	for _, y := range c.Years {
		d.Years = append(d.Years, y.Year)
	}
	mt, err := s.store.MeetingTotalsUnder(ctx, a.OrgPath, a.Year)
	if err != nil {
		return nil, err
	}
	if mt.Regular > 0 {
		d.Resolutions = fmt.Sprintf("Sinh hoạt định kỳ năm %d có nghị quyết kỳ trước được thực hiện đầy đủ: %d/%d cuộc (%s), theo biên bản sinh hoạt.",
			a.Year, mt.LastResolutionMet, mt.Regular, scoring.Percent(mt.LastResolutionMet, mt.Regular).String()+"%")
	} else {
		d.Resolutions = fmt.Sprintf("Chưa có biên bản sinh hoạt định kỳ nào năm %d để đối chiếu việc thực hiện nghị quyết kỳ trước.", a.Year)
	}
	if total, onTime, err := s.store.RecommendationFacts(ctx, a.OrgID, a.Year); err == nil && total > 0 {
		d.FollowUp = fmt.Sprintf("Kiến nghị của cán bộ phụ trách, đoàn kiểm tra có hạn trong năm %d: %d; đã giải quyết đúng hạn: %d (%s).",
			a.Year, total, onTime, scoring.Percent(int64(onTime), int64(total)).String()+"%")
	} else if err == nil {
		d.FollowUp = fmt.Sprintf("Không có kiến nghị nào của cán bộ phụ trách, đoàn kiểm tra có hạn trong năm %d.", a.Year)
	}
	if d.Practices, err = s.store.Practices(ctx, a.CampaignID, a.Year, a.OrgPath, 20); err != nil {
		return nil, err
	}
	d.CanAddPractice = u.Can(bontot.PermSelfAssess, a.OrgPath)
	d.CanEdit = a.Status.Editable() && u.Can(bontot.PermSelfAssess, a.OrgPath)
	d.CanReview = (a.Status == bontot.StatusSubmitted || a.Status == bontot.StatusReviewed) && u.CanAbove(bontot.PermReview, a.OrgPath)
	d.CanApprove = u.CanAbove(bontot.PermApprove, a.OrgPath)
	for _, act := range []bontot.Action{bontot.ActSubmit, bontot.ActReview, bontot.ActReturn, bontot.ActApprove, bontot.ActRecognise, bontot.ActLock, bontot.ActReopen} {
		if _, ok := a.Status.Next(act); ok && s.mayAct(u, a, act) {
			if act == bontot.ActRecognise && a.FinalClass != scoring.ClassFourGood {
				continue
			}
			d.Actions = append(d.Actions, act)
		}
	}
	filesBy := map[string][]*bontot.Evidence{}
	for _, f := range files {
		filesBy[f.ItemCode] = append(filesBy[f.ItemCode], f)
	}
	selfItems := map[string]*scoring.ItemResult{}
	reviewItems := map[string]*scoring.ItemResult{}
	collect := func(res *scoring.Result, into map[string]*scoring.ItemResult) {
		if res == nil {
			return
		}
		for i := range res.Criteria {
			for j := range res.Criteria[i].Items {
				it := &res.Criteria[i].Items[j]
				into[it.Code] = it
			}
		}
		for i := range res.Bonuses {
			into[res.Bonuses[i].Code] = &res.Bonuses[i]
		}
		for i := range res.Deductions {
			into[res.Deductions[i].Code] = &res.Deductions[i]
		}
	}
	collect(d.Self, selfItems)
	collect(d.Review, reviewItems)
	sc := x.Scale.Scale
	for ci, cr := range sc.Criteria {
		cv := &criterionView{Code: cr.Code, Name: cr.Name, Max: cr.Max, Floor: cr.Floor}
		if ci < len(d.Self.Criteria) {
			cv.Self = &d.Self.Criteria[ci]
		}
		if d.Review != nil && ci < len(d.Review.Criteria) {
			cv.Review = &d.Review.Criteria[ci]
		}
		for _, it := range cr.Items {
			cv.Items = append(cv.Items, &itemView{Code: it.Code, Name: it.Name, Guidance: it.Guidance, Max: it.Max, Method: it.Method,
				AllowNA: it.AllowNA, Evidence: it.EvidenceRequired, Computed: it.Method == scoring.Formula || it.Method == scoring.Computed,
				Self: selfItems[it.Code], Review: reviewItems[it.Code], SelfEntry: a.Self[it.Code], Files: filesBy[it.Code]})
		}
		d.Criteria = append(d.Criteria, cv)
	}
	for _, cv := range d.Criteria {
		for _, it := range cv.Items {
			if it.Code == "2.4" {
				it.Beside = []string{d.Resolutions, d.FollowUp}
			}
		}
	}
	for _, b := range sc.Bonuses {
		d.Bonuses = append(d.Bonuses, &itemView{Code: b.Code, Name: b.Name, Guidance: b.Guidance, Max: b.Max, Method: scoring.Typed,
			Self: selfItems[b.Code], Review: reviewItems[b.Code], SelfEntry: a.Self[b.Code], Files: filesBy[b.Code]})
	}
	for _, de := range sc.Deductions {
		d.Deductions = append(d.Deductions, &itemView{Code: de.Code, Name: de.Name, Guidance: de.Guidance, Max: de.Per, Method: "count",
			Self: selfItems[de.Code], Review: reviewItems[de.Code], SelfEntry: a.Self[de.Code]})
	}
	for _, fi := range scoring.FactInfos {
		if fi.Kind != a.Kind {
			continue
		}
		if v, ok := x.Facts[fi.Name]; ok || fi.Typed {
			fv := factView{Name: fi.Name, Label: fi.Label, Value: factText(fi, v), Flag: fi.Flag}
			fv.Source, fv.Link = factSource(x.Sources[fi.Name], a)
			d.AllFacts = append(d.AllFacts, fv)
		}
	}
	return d, nil
}

// factText shows a fact's value.
func factText(fi scoring.FactInfo, v int64) string {
	switch {
	case fi.Flag:
		if v != 0 {
			return "Có"
		}
		return "Không"
	case fi.Rating:
		if c := scoring.Rating(v).Code(); c != "" {
			return c
		}
		return "chưa xếp loại"
	case fi.Name == scoring.FactRegularScoreSum:
		return scoring.Points(v).String()
	}
	return strconv.FormatInt(v, 10)
}

// mayAct reports whether u may take a workflow action on a.
func (s *Server) mayAct(u *bontot.User, a *bontot.Assessment, act bontot.Action) bool {
	switch act {
	case bontot.ActSubmit:
		return u.Can(bontot.PermSelfAssess, a.OrgPath)
	case bontot.ActReview:
		return u.CanAbove(bontot.PermReview, a.OrgPath)
	case bontot.ActReturn:
		if a.Status == bontot.StatusSubmitted {
			return u.CanAbove(bontot.PermReview, a.OrgPath)
		}
		return u.CanAbove(bontot.PermReview, a.OrgPath) || u.CanAbove(bontot.PermApprove, a.OrgPath)
	case bontot.ActApprove, bontot.ActRecognise, bontot.ActLock, bontot.ActReopen:
		return u.CanAbove(bontot.PermApprove, a.OrgPath)
	}
	return false
}

func (s *Server) handleAssessment(w http.ResponseWriter, r *http.Request) {
	a, ok := s.assessmentFor(w, r, bontot.PermReadTree, false, pathID(r, "id"))
	if !ok {
		return
	}
	d, err := s.assessmentData(r, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "assessment", &Page{Title: fmt.Sprintf("Đánh giá năm %d — %s", a.Year, a.OrgName), Crumbs: s.crumbs(r, a.OrgPath), Data: d})
}

// typedFacts are the facts a unit of kind types, in form order.
func typedFacts(k scoring.Kind) []scoring.FactInfo {
	var out []scoring.FactInfo
	for _, fi := range scoring.FactInfos {
		if fi.Kind == k && fi.Typed && fi.Name != scoring.FactRegularScoreSum {
			out = append(out, fi)
		}
	}
	return out
}

// regularAvg is the form field for the average meeting score (stored as a sum).
const regularAvg = "f_regular_avg"

// entryValues fills a form from stored entries and facts.
func entryValues(a *bontot.Assessment, entries scoring.Entries) url.Values {
	v := url.Values{}
	for code, e := range entries {
		if e.Points != 0 {
			v.Set("p_"+code, e.Points.String())
		}
		if e.Count != 0 {
			v.Set("n_"+code, strconv.FormatInt(e.Count, 10))
		}
		if e.NA {
			v.Set("na_"+code, "1")
		}
		if e.Yes {
			v.Set("y_"+code, "1")
		}
		if e.Note != "" {
			v.Set("t_"+code, e.Note)
		}
	}
	for name, x := range a.Facts {
		v.Set("f_"+name, strconv.FormatInt(x, 10))
	}
	if n := a.Facts[scoring.FactRegularScored]; n > 0 {
		v.Set(regularAvg, scoring.MulDiv(scoring.Points(a.Facts[scoring.FactRegularScoreSum]), 1, n).String())
	}
	v.Set("explanation", a.Explanation)
	v.Set("version", strconv.Itoa(a.Version))
	return v
}

// entriesFromForm reads entries for every code of the scale; typing errors
// become field errors keyed by code.
func entriesFromForm(sc *scoring.Scale, v url.Values, fe bontot.FieldErrors) scoring.Entries {
	e := scoring.Entries{}
	read := func(code string, method scoring.Method) {
		var en scoring.Entry
		en.NA = v.Get("na_"+code) != ""
		en.Note = strings.TrimSpace(v.Get("t_" + code))
		switch method {
		case scoring.YesNo:
			en.Yes = v.Get("y_"+code) == "1"
		case "count":
			if s := strings.TrimSpace(v.Get("n_" + code)); s != "" {
				n, err := strconv.ParseInt(s, 10, 64)
				if err != nil || n < 0 || n > 100 {
					fe.Add(code, "Số trường hợp phải là số nguyên từ 0 đến 100.")
				}
				en.Count = n
			}
		case scoring.Typed:
			if s := strings.TrimSpace(v.Get("p_" + code)); s != "" && !en.NA {
				p, err := scoring.ParsePoints(s)
				if err != nil {
					fe.Add(code, bontot.ErrorMessage(err))
				}
				en.Points = p
			}
		default: // computed: nothing typed
			if s := strings.TrimSpace(v.Get("p_" + code)); s != "" {
				fe.Add(code, "Tiêu chí "+code+" được tính tự động, không nhập điểm.")
			}
		}
		if en != (scoring.Entry{}) {
			e[code] = en
		}
	}
	for _, c := range sc.Criteria {
		for _, it := range c.Items {
			read(it.Code, it.Method)
		}
	}
	for _, b := range sc.Bonuses {
		read(b.Code, scoring.Typed)
	}
	for _, d := range sc.Deductions {
		read(d.Code, "count")
	}
	return e
}

// factsFromForm reads the typed facts.
func factsFromForm(k scoring.Kind, v url.Values, fe bontot.FieldErrors) scoring.Facts {
	f := scoring.Facts{}
	for _, fi := range typedFacts(k) {
		raw := strings.TrimSpace(v.Get("f_" + fi.Name))
		if fi.Flag {
			if raw != "" && raw != "0" {
				f[fi.Name] = 1
			} else {
				f[fi.Name] = 0
			}
			continue
		}
		if raw == "" {
			continue
		}
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || n < 0 || n > 100000 {
			fe.Add("f_"+fi.Name, "Vui lòng nhập một số nguyên không âm.")
			continue
		}
		f[fi.Name] = n
	}
	if k == scoring.KindCell {
		if raw := strings.TrimSpace(v.Get(regularAvg)); raw != "" {
			p, err := scoring.ParsePoints(raw)
			if err != nil || p > 10000 {
				fe.Add(regularAvg, "Điểm bình quân là số từ 0 đến 100, tối đa hai chữ số thập phân.")
			} else {
				f[scoring.FactRegularScoreSum] = int64(p) * f[scoring.FactRegularScored]
			}
		}
	}
	return f
}

func (s *Server) formData(r *http.Request, a *bontot.Assessment, form *Form) (*assessmentData, error) {
	d, err := s.assessmentData(r, a)
	if err != nil {
		return nil, err
	}
	fill := func(it *itemView) {
		it.Value = form.Get("p_" + it.Code)
		if it.Method == "count" {
			it.Value = form.Get("n_" + it.Code)
		}
		it.Note = form.Get("t_" + it.Code)
		it.NA = form.Get("na_"+it.Code) != ""
		it.Yes = form.Get("y_"+it.Code) == "1"
		it.Error = form.Err(it.Code)
	}
	for _, c := range d.Criteria {
		for _, it := range c.Items {
			fill(it)
		}
	}
	for _, it := range d.Bonuses {
		fill(it)
	}
	for _, it := range d.Deductions {
		fill(it)
	}
	fromRecords := func(name string) bool {
		src := d.sources[name]
		return src == store.SourceMeetings || src == store.SourceRegistration
	}
	for _, fi := range typedFacts(a.Kind) {
		if fromRecords(fi.Name) {
			fv := factView{Name: "f_" + fi.Name, Label: fi.Label, Value: factText(fi, d.facts[fi.Name]), Flag: fi.Flag}
			fv.Source, fv.Link = factSource(d.sources[fi.Name], a)
			d.Facts = append(d.Facts, fv)
			if fi.Name == scoring.FactRegularScored && d.facts[fi.Name] > 0 {
				avg := scoring.MulDiv(scoring.Points(d.facts[scoring.FactRegularScoreSum]), 1, d.facts[fi.Name])
				d.Facts = append(d.Facts, factView{Name: regularAvg, Label: "Điểm bình quân các buổi sinh hoạt định kỳ (thang 100)", Value: avg.String(), Source: fv.Source, Link: fv.Link})
			}
			continue
		}
		msg := form.Err("f_" + fi.Name)
		if msg == "" {
			msg = form.Err(fi.Name) // the scale's own check names the fact
		}
		d.Facts = append(d.Facts, factView{Name: "f_" + fi.Name, Label: fi.Label, Value: form.Get("f_" + fi.Name), Error: msg, Flag: fi.Flag})
		if fi.Name == scoring.FactRegularScored {
			d.Facts = append(d.Facts, factView{Name: regularAvg, Label: "Điểm bình quân các buổi sinh hoạt định kỳ (thang 100)", Value: form.Get(regularAvg), Error: form.Err(regularAvg)})
		}
	}
	return d, nil
}

func (s *Server) handleAssessmentEdit(w http.ResponseWriter, r *http.Request) {
	a, ok := s.assessmentFor(w, r, bontot.PermSelfAssess, false, pathID(r, "id"))
	if !ok {
		return
	}
	if !a.Status.Editable() {
		s.flash(r, "Bản đánh giá đang ở trạng thái “"+a.Status.Label()+"”, không sửa được.")
		http.Redirect(w, r, fmt.Sprintf("/assessments/%d", a.ID), http.StatusSeeOther)
		return
	}
	s.renderAssessmentForm(w, r, a, newForm(entryValues(a, a.Self), nil), http.StatusOK, "")
}

func (s *Server) renderAssessmentForm(w http.ResponseWriter, r *http.Request, a *bontot.Assessment, form *Form, status int, msg string) {
	s.renderEntries(w, r, "assessment_form", fmt.Sprintf("Tự đánh giá năm %d — %s", a.Year, a.OrgName), a, form, status, msg)
}

// renderEntries renders the self-assessment or the review form.
func (s *Server) renderEntries(w http.ResponseWriter, r *http.Request, page, title string, a *bontot.Assessment, form *Form, status int, msg string) {
	d, err := s.formData(r, a, form)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, page, &Page{Title: title, Crumbs: s.crumbs(r, a.OrgPath), Form: form, Error: msg, Data: d})
}

// postedEntries loads the assessment a form posts to (with perm, from above
// for a review) and reads its entries; typing mistakes go to fe.
func (s *Server) postedEntries(w http.ResponseWriter, r *http.Request, perm bontot.Permission, above bool) (a *bontot.Assessment, entries scoring.Entries, fe bontot.FieldErrors, version int, ok bool) {
	r.ParseForm()
	if a, ok = s.assessmentFor(w, r, perm, above, pathID(r, "id")); !ok {
		return
	}
	sc, err := s.store.Scale(r.Context(), a.ScaleID)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, nil, 0, false
	}
	fe = bontot.FieldErrors{}
	entries = entriesFromForm(sc.Scale, r.PostForm, fe)
	version, _ = strconv.Atoi(r.PostFormValue("version"))
	return a, entries, fe, version, true
}

func (s *Server) handleAssessmentSave(w http.ResponseWriter, r *http.Request) {
	a, entries, fe, version, ok := s.postedEntries(w, r, bontot.PermSelfAssess, false)
	if !ok {
		return
	}
	facts := factsFromForm(a.Kind, r.PostForm, fe)
	err := fe.Err()
	if err == nil {
		err = s.store.SaveSelf(r.Context(), actor(r), a.ID, version, entries, facts, r.PostFormValue("explanation"))
	}
	if err == nil && r.PostFormValue("submit") != "" {
		cur, lerr := s.store.Assessment(r.Context(), a.ID)
		if lerr != nil {
			s.fail(w, r, lerr)
			return
		}
		err = s.store.Transition(r.Context(), actor(r), a.ID, store.TransitionInput{Action: bontot.ActSubmit, Version: cur.Version})
		if err == nil {
			s.flash(r, "Đã gửi bản tự đánh giá lên cấp trên.")
			http.Redirect(w, r, fmt.Sprintf("/assessments/%d", a.ID), http.StatusSeeOther)
			return
		}
		// Saved but not sent: show why, with the saved values.
		if cur, lerr = s.store.Assessment(r.Context(), a.ID); lerr == nil {
			r.PostForm.Set("version", strconv.Itoa(cur.Version))
			a = cur
		}
	}
	if err != nil {
		code := bontot.ErrorCode(err)
		if code != bontot.EINVALID && code != bontot.ECONFLICT {
			s.fail(w, r, err)
			return
		}
		s.renderAssessmentForm(w, r, a, newForm(r.PostForm, err), httpStatus(code), bontot.ErrorMessage(err))
		return
	}
	s.flash(r, "Đã lưu bản tự đánh giá.")
	http.Redirect(w, r, fmt.Sprintf("/assessments/%d/edit", a.ID), http.StatusSeeOther)
}

func (s *Server) handleReviewForm(w http.ResponseWriter, r *http.Request) {
	a, ok := s.assessmentFor(w, r, bontot.PermReview, true, pathID(r, "id"))
	if !ok {
		return
	}
	v := entryValues(a, a.ReviewEntries())
	s.renderReviewForm(w, r, a, newForm(v, nil), http.StatusOK, "")
}

func (s *Server) renderReviewForm(w http.ResponseWriter, r *http.Request, a *bontot.Assessment, form *Form, status int, msg string) {
	s.renderEntries(w, r, "assessment_review", fmt.Sprintf("Thẩm định năm %d — %s", a.Year, a.OrgName), a, form, status, msg)
}

func (s *Server) handleReviewSave(w http.ResponseWriter, r *http.Request) {
	a, entries, fe, version, ok := s.postedEntries(w, r, bontot.PermReview, true)
	if !ok {
		return
	}
	err := fe.Err()
	if err == nil {
		err = s.store.SaveReview(r.Context(), actor(r), a.ID, version, entries)
	}
	act := bontot.Action(r.PostFormValue("action"))
	if err == nil && (act == bontot.ActReview || act == bontot.ActReturn) {
		cur, lerr := s.store.Assessment(r.Context(), a.ID)
		if lerr != nil {
			s.fail(w, r, lerr)
			return
		}
		err = s.store.Transition(r.Context(), actor(r), a.ID, store.TransitionInput{Action: act, Version: cur.Version, Note: r.PostFormValue("note")})
		if err != nil {
			if cur, lerr = s.store.Assessment(r.Context(), a.ID); lerr == nil {
				r.PostForm.Set("version", strconv.Itoa(cur.Version))
				a = cur
			}
		}
	}
	if err != nil {
		code := bontot.ErrorCode(err)
		if code != bontot.EINVALID && code != bontot.ECONFLICT {
			s.fail(w, r, err)
			return
		}
		s.renderReviewForm(w, r, a, newForm(r.PostForm, err), httpStatus(code), bontot.ErrorMessage(err))
		return
	}
	switch act {
	case bontot.ActReview:
		s.flash(r, "Đã hoàn tất thẩm định; bản đánh giá chờ phê duyệt.")
	case bontot.ActReturn:
		s.flash(r, "Đã trả lại để đơn vị giải trình.")
	default:
		s.flash(r, "Đã lưu điểm thẩm định.")
		http.Redirect(w, r, fmt.Sprintf("/assessments/%d/review", a.ID), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/assessments/%d", a.ID), http.StatusSeeOther)
}

func (s *Server) handleTransition(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	a, ok := s.assessmentFor(w, r, bontot.PermReadTree, false, pathID(r, "id"))
	if !ok {
		return
	}
	act := bontot.Action(r.PostFormValue("action"))
	if !s.mayAct(userFrom(r), a, act) {
		s.forbidden(w, r)
		return
	}
	in := store.TransitionInput{Action: act, Note: r.PostFormValue("note"), Decision: r.PostFormValue("decision")}
	in.Version, _ = strconv.Atoi(r.PostFormValue("version"))
	fe := bontot.FieldErrors{}
	if raw := strings.TrimSpace(r.PostFormValue("decision_date")); raw != "" {
		d, err := bontot.ParseDate(raw)
		if err != nil {
			fe.Add("decision_date", bontot.ErrorMessage(err))
		}
		in.DecisionOn = d
	}
	err := fe.Err()
	if err == nil {
		err = s.store.Transition(r.Context(), actor(r), a.ID, in)
	}
	if err != nil {
		code := bontot.ErrorCode(err)
		if code != bontot.EINVALID && code != bontot.ECONFLICT {
			s.fail(w, r, err)
			return
		}
		d, derr := s.assessmentData(r, a)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		s.render(w, r, httpStatus(code), "assessment", &Page{Title: fmt.Sprintf("Đánh giá năm %d — %s", a.Year, a.OrgName), Crumbs: s.crumbs(r, a.OrgPath),
			Form: newForm(r.PostForm, err), Error: bontot.ErrorMessage(err), Data: d})
		return
	}
	s.flash(r, act.Label()+": đã thực hiện.")
	http.Redirect(w, r, fmt.Sprintf("/assessments/%d", a.ID), http.StatusSeeOther)
}

func (s *Server) handleAssessmentBulk(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	scope, ok := s.orgFor(w, r, bontot.PermApprove, formID(r, "under"))
	if !ok {
		return
	}
	act := bontot.Action(r.PostFormValue("action"))
	if act != bontot.ActApprove && act != bontot.ActRecognise && act != bontot.ActLock {
		s.fail(w, r, bontot.Errorf(bontot.EINVALID, "Thao tác không hợp lệ."))
		return
	}
	c, err := s.store.Campaign(r.Context(), formID(r, "campaign"))
	if err != nil {
		s.loadFailed(w, r, err)
		return
	}
	year, _ := strconv.Atoi(r.PostFormValue("year"))
	in := store.TransitionInput{Action: act, Decision: r.PostFormValue("decision")}
	var derr error
	if act == bontot.ActRecognise {
		in.DecisionOn, derr = bontot.ParseDate(r.PostFormValue("decision_date"))
		if strings.TrimSpace(in.Decision) == "" || derr != nil {
			s.flash(r, "Vui lòng nhập số và ngày quyết định công nhận (dd/mm/yyyy).")
			http.Redirect(w, r, fmt.Sprintf("/assessments?under=%d&campaign=%d&year=%d", scope.ID, c.ID, year), http.StatusSeeOther)
			return
		}
	}
	under := scope.Path
	if act == bontot.ActLock && scope.Path == c.ScopePath {
		under = "" // the whole year: the year is marked locked too
	}
	n, err := s.store.BulkTransition(r.Context(), actor(r), c.ID, year, under, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, fmt.Sprintf("%s: %d đơn vị.", act.Label(), n))
	http.Redirect(w, r, fmt.Sprintf("/assessments?under=%d&campaign=%d&year=%d", scope.ID, c.ID, year), http.StatusSeeOther)
}

func (s *Server) handleEvidenceUpload(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, bontot.MaxEvidenceSize+1<<20)
	a, ok := s.assessmentFor(w, r, bontot.PermSelfAssess, false, pathID(r, "id"))
	if !ok {
		return
	}
	back := fmt.Sprintf("/assessments/%d/edit", a.ID)
	file, hdr, err := r.FormFile("file")
	if err != nil {
		s.flash(r, "Vui lòng chọn tệp minh chứng (tối đa 10 MB).")
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, bontot.MaxEvidenceSize+1))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctype := hdr.Header.Get("Content-Type")
	if ctype == "" {
		ctype = mime.TypeByExtension(filepath.Ext(hdr.Filename))
	}
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	item := r.FormValue("item")
	if _, err := s.store.AddEvidence(r.Context(), actor(r), a.ID, item, filepath.Base(hdr.Filename), ctype, data); err != nil {
		if bontot.ErrorCode(err) == bontot.EINTERNAL {
			s.fail(w, r, err)
			return
		}
		s.flash(r, bontot.ErrorMessage(err))
	} else {
		s.flash(r, "Đã đính kèm minh chứng “"+filepath.Base(hdr.Filename)+"” cho tiêu chí "+item+".")
	}
	http.Redirect(w, r, back+"#item-"+item, http.StatusSeeOther)
}

func (s *Server) handleEvidenceDownload(w http.ResponseWriter, r *http.Request) {
	e, data, err := s.store.EvidenceFile(r.Context(), pathID(r, "id"))
	if err != nil {
		s.loadFailed(w, r, err)
		return
	}
	if _, ok := s.assessmentFor(w, r, bontot.PermReadTree, false, e.AssessmentID); !ok {
		return
	}
	w.Header().Set("Content-Type", e.ContentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": e.Filename}))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(data)
}

func (s *Server) handleEvidenceDelete(w http.ResponseWriter, r *http.Request) {
	e, _, err := s.store.EvidenceFile(r.Context(), pathID(r, "id"))
	if err != nil {
		s.loadFailed(w, r, err)
		return
	}
	a, ok := s.assessmentFor(w, r, bontot.PermSelfAssess, false, e.AssessmentID)
	if !ok {
		return
	}
	if err := s.store.DeleteEvidence(r.Context(), actor(r), e.ID); err != nil {
		s.flash(r, bontot.ErrorMessage(err))
	} else {
		s.flash(r, "Đã xóa minh chứng “"+e.Filename+"”.")
	}
	http.Redirect(w, r, fmt.Sprintf("/assessments/%d/edit", a.ID), http.StatusSeeOther)
}

// sortEvents keeps events oldest first (the store already does; kept for safety).
var _ = sort.Slice

// handlePracticeAdd records a good practice of the unit in the assessment's year.
func (s *Server) handlePracticeAdd(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	a, ok := s.assessmentFor(w, r, bontot.PermSelfAssess, false, pathID(r, "id"))
	if !ok {
		return
	}
	p := &bontot.Practice{CampaignID: a.CampaignID, Year: a.Year, OrgID: a.OrgID, Title: r.PostFormValue("title"), Description: r.PostFormValue("description")}
	if err := s.store.AddPractice(r.Context(), actor(r), p); err != nil {
		if bontot.ErrorCode(err) != bontot.EINVALID {
			s.fail(w, r, err)
			return
		}
		d, derr := s.assessmentData(r, a)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, "assessment", &Page{Title: fmt.Sprintf("Đánh giá năm %d — %s", a.Year, a.OrgName),
			Crumbs: s.crumbs(r, a.OrgPath), Form: newForm(r.PostForm, err), Error: bontot.ErrorMessage(err), Data: d})
		return
	}
	s.flash(r, "Đã ghi nhận cách làm hay “"+p.Title+"”.")
	http.Redirect(w, r, fmt.Sprintf("/assessments/%d#cach-lam-hay", a.ID), http.StatusSeeOther)
}
