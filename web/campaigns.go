package web

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"bontot"
	"bontot/scoring"
)

// campaignRoutes registers the campaign and scale pages.
func (s *Server) campaignRoutes(page func(string, http.HandlerFunc)) {
	page("GET /campaigns", s.handleCampaigns)
	page("GET /campaigns/new", s.handleCampaignNew)
	page("POST /campaigns", s.handleCampaignCreate)
	page("GET /campaigns/{id}", s.handleCampaign)
	page("POST /campaigns/{id}", s.handleCampaignUpdate)
	page("GET /campaigns/{id}/copy", s.handleCampaignCopyForm)
	page("POST /campaigns/{id}/copy", s.handleCampaignCopy)
	page("GET /scales", s.handleScales)
	page("GET /scales/{id}", s.handleScale)
	page("GET /scales/{id}/edit", s.handleScaleEdit)
	page("POST /scales/{id}", s.handleScaleSave)
	page("GET /scales/{id}/preview", s.handleScalePreview)
	page("POST /scales/{id}/apply", s.handleScaleApply)
}

func init() {
	requiredPages = append(requiredPages, "campaigns", "campaign", "campaign_form", "campaign_copy",
		"scales", "scale", "scale_form", "scale_preview")
}

// The default scale families (demo.Install and the installer create them);
// a new campaign offers their newest versions first.
const (
	defaultCellFamily      = "chi-bo-4-tot"
	defaultCommitteeFamily = "dang-bo-co-so-4-tot"
)

// --- who may see and change a campaign ---

// campaignVisible reports whether one of the user's subtrees overlaps the
// campaign's scope: a ward officer reads the city's campaign, the board reads
// a ward's.
func campaignVisible(u *bontot.User, c *bontot.Campaign) bool {
	for _, p := range u.Scopes(bontot.PermReadTree) {
		if strings.HasPrefix(p, c.ScopePath) || strings.HasPrefix(c.ScopePath, p) {
			return true
		}
	}
	return false
}

// mayManageCampaign reports whether the user manages campaigns on the
// campaign's scope or on its issuing committee.
func (s *Server) mayManageCampaign(r *http.Request, c *bontot.Campaign) bool {
	u := userFrom(r)
	if u.Can(bontot.PermManageCampaigns, c.ScopePath) {
		return true
	}
	if !u.CanAnywhere(bontot.PermManageCampaigns) {
		return false
	}
	issuer, err := s.store.Org(r.Context(), c.IssuerID)
	return err == nil && u.Can(bontot.PermManageCampaigns, issuer.Path)
}

// campaignFor loads a campaign the user may read (manage false) or manage.
// A campaign outside every subtree of the user is a 404; one the user reads
// but may not change is a 403.
func (s *Server) campaignFor(w http.ResponseWriter, r *http.Request, manage bool, id int64) (*bontot.Campaign, bool) {
	c, err := s.store.Campaign(r.Context(), id)
	if err != nil {
		s.loadFailed(w, r, err)
		return nil, false
	}
	if !campaignVisible(userFrom(r), c) {
		s.notFound(w, r)
		return nil, false
	}
	if manage && !s.mayManageCampaign(r, c) {
		s.forbidden(w, r)
		return nil, false
	}
	return c, true
}

// readableCampaigns lists the campaigns the user may read, newest period first.
func (s *Server) readableCampaigns(r *http.Request) ([]*bontot.Campaign, error) {
	seen := map[int64]bool{}
	var out []*bontot.Campaign
	for _, p := range userFrom(r).Scopes(bontot.PermReadTree) {
		cs, err := s.store.Campaigns(r.Context(), p)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			if !seen[c.ID] {
				seen[c.ID] = true
				out = append(out, c)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].FromYear != out[j].FromYear {
			return out[i].FromYear > out[j].FromYear
		}
		return out[i].ID > out[j].ID
	})
	return out, nil
}

// mayCreateCampaign answers for the user who may not create campaigns.
func (s *Server) mayCreateCampaign(w http.ResponseWriter, r *http.Request) bool {
	u := userFrom(r)
	if u.CanAnywhere(bontot.PermManageCampaigns) {
		return true
	}
	s.refuse(w, r, u.CanAnywhere(bontot.PermReadTree))
	return false
}

// --- views ---

// scaleKindLabel names the kind of unit a scale scores.
func scaleKindLabel(k scoring.Kind) string {
	switch k {
	case scoring.KindCell:
		return "Chi bộ"
	case scoring.KindCommittee:
		return "Đảng bộ cơ sở"
	}
	return string(k)
}

// yearScaleView is a scale a campaign year scores with, and the newest
// version of its family when that is another one.
type yearScaleView struct {
	bontot.YearScale
	KindLabel string
	Newer     *bontot.ScaleVersion
}

type campaignYearView struct {
	bontot.CampaignYear
	Scales []yearScaleView
}

type campaignView struct {
	*bontot.Campaign
	Years  []campaignYearView
	Manage bool
}

// Period is "2023–2025".
func (c *campaignView) Period() string { return fmt.Sprintf("%d–%d", c.FromYear, c.ToYear) }

// scaleIndex holds every scale version by id and the newest of each family.
type scaleIndex struct {
	all    []*bontot.ScaleVersion
	byID   map[int64]*bontot.ScaleVersion
	newest map[string]*bontot.ScaleVersion
}

func (s *Server) scaleIndex(r *http.Request) (*scaleIndex, error) {
	vs, err := s.store.Scales(r.Context())
	if err != nil {
		return nil, err
	}
	x := &scaleIndex{all: vs, byID: map[int64]*bontot.ScaleVersion{}, newest: map[string]*bontot.ScaleVersion{}}
	for _, v := range vs {
		x.byID[v.ID] = v
		if n := x.newest[v.Family]; n == nil || v.Version > n.Version {
			x.newest[v.Family] = v
		}
	}
	return x, nil
}

// ofKind lists the versions of a kind, newest version of each family first.
func (x *scaleIndex) ofKind(k scoring.Kind) []*bontot.ScaleVersion {
	var out []*bontot.ScaleVersion
	for _, v := range x.all {
		if v.Kind == k {
			out = append(out, v)
		}
	}
	return out
}

// defaultFor is the version a new campaign scores a kind with: the newest
// version of the default family, else of the first family of that kind.
func (x *scaleIndex) defaultFor(k scoring.Kind) *bontot.ScaleVersion {
	fam := defaultCellFamily
	if k == scoring.KindCommittee {
		fam = defaultCommitteeFamily
	}
	if v := x.newest[fam]; v != nil && v.Kind == k {
		return v
	}
	for _, v := range x.all {
		if v.Kind == k {
			return x.newest[v.Family]
		}
	}
	return nil
}

func (s *Server) campaignView(r *http.Request, c *bontot.Campaign, x *scaleIndex) *campaignView {
	cv := &campaignView{Campaign: c, Manage: s.mayManageCampaign(r, c)}
	for _, y := range c.Years {
		yv := campaignYearView{CampaignYear: y}
		for _, ys := range y.Scales {
			v := yearScaleView{YearScale: ys, KindLabel: scaleKindLabel(ys.Kind)}
			if ys.Subtype != "" {
				v.KindLabel += " (" + ys.Subtype.Label() + ")"
			}
			if cur := x.byID[ys.ScaleID]; cur != nil {
				if n := x.newest[cur.Family]; n != nil && n.ID != cur.ID && n.Version > cur.Version {
					v.Newer = n
				}
			}
			yv.Scales = append(yv.Scales, v)
		}
		cv.Years = append(cv.Years, yv)
	}
	return cv
}

type campaignsData struct {
	Campaigns []*campaignView
	Create    bool
}

func (s *Server) handleCampaigns(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r)
	if !u.CanAnywhere(bontot.PermReadTree) {
		s.forbidden(w, r)
		return
	}
	cs, err := s.readableCampaigns(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	x, err := s.scaleIndex(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &campaignsData{Create: u.CanAnywhere(bontot.PermManageCampaigns)}
	for _, c := range cs {
		d.Campaigns = append(d.Campaigns, s.campaignView(r, c, x))
	}
	s.render(w, r, http.StatusOK, "campaigns", &Page{Title: "Phong trào thi đua", Data: d})
}

// --- the campaign form: shared by creating and editing ---

// docRow is one basis-document row of the form.
type docRow struct {
	Number, Date, Title field
	Error               string
}

// yearRow is one year's deadlines in the form.
type yearRow struct {
	Year                   int
	Self, Review, Approval field
	Scales                 []yearScaleView // editing: the scales the year uses
	Locked                 bool
}

// scaleChoice is one option of a scale select.
type scaleChoice struct {
	ID    int64
	Label string
}

type campaignFormData struct {
	Campaign        *campaignView // nil when creating
	Orgs            []*bontot.Org // issuer and scope choices (creating)
	CellScales      []scaleChoice
	CommitteeScales []scaleChoice
	Docs            []docRow
	Years           []yearRow
	Problems        []string // messages without a field of their own
	Editing         bool     // the edit form was submitted: show it open
}

func fieldFrom(f *Form, name, label, kind string) field {
	return field{Name: name, Label: label, Kind: kind, Value: f.Get(name), Error: f.Err(name)}
}

func docKey(i int, part string) string { return "doc" + strconv.Itoa(i) + "_" + part }

func deadlineKey(part string, year int) string { return part + "_deadline_" + strconv.Itoa(year) }

// docCount is the number of document rows posted.
func docCount(v url.Values) int {
	n := 0
	for v.Has(docKey(n, "number")) || v.Has(docKey(n, "date")) || v.Has(docKey(n, "title")) {
		n++
	}
	return n
}

// documentsFromForm reads every document row, blank ones included, so that
// the row numbers of Campaign.Validate's messages ("doc2") are the form's.
func documentsFromForm(v url.Values, fe bontot.FieldErrors) []bontot.Document {
	n := docCount(v)
	docs := make([]bontot.Document, 0, n)
	for i := 0; i < n; i++ {
		d := bontot.Document{Number: v.Get(docKey(i, "number")), Title: v.Get(docKey(i, "title"))}
		var err error
		if d.Date, err = bontot.ParseDate(v.Get(docKey(i, "date"))); err != nil {
			fe.Add(docKey(i, "date"), bontot.ErrorMessage(err))
		}
		docs = append(docs, d)
	}
	return docs
}

// documentValues writes a campaign's documents into form values.
func documentValues(v url.Values, docs []bontot.Document) {
	for i, d := range docs {
		v.Set(docKey(i, "number"), d.Number)
		v.Set(docKey(i, "date"), d.Date.String())
		v.Set(docKey(i, "title"), d.Title)
	}
}

// defaultDeadlines suggests a year's deadlines: self-assessment by 15/12,
// review by 31/12, approval by 31/01 of the next year (ratings run Nov–Jan).
func defaultDeadlines(y int) bontot.CampaignYear {
	return bontot.CampaignYear{Year: y, SelfDeadline: bontot.NewDate(y, 12, 15), ReviewDeadline: bontot.NewDate(y, 12, 31),
		ApprovalDeadline: bontot.NewDate(y+1, 1, 31)}
}

// deadlineValues writes a year's deadlines into form values, unless the
// form already holds what the user typed for them.
func deadlineValues(v url.Values, y bontot.CampaignYear, overwrite bool) {
	for part, d := range map[string]bontot.Date{"self": y.SelfDeadline, "review": y.ReviewDeadline, "approval": y.ApprovalDeadline} {
		if k := deadlineKey(part, y.Year); overwrite || !v.Has(k) {
			v.Set(k, d.String())
		}
	}
}

// deadlinesFromForm reads a year's deadlines; a deadline the form did not
// show keeps its value in def.
func deadlinesFromForm(v url.Values, def bontot.CampaignYear, fe bontot.FieldErrors) bontot.CampaignYear {
	y := def
	for part, d := range map[string]*bontot.Date{"self": &y.SelfDeadline, "review": &y.ReviewDeadline, "approval": &y.ApprovalDeadline} {
		k := deadlineKey(part, y.Year)
		if !v.Has(k) {
			continue
		}
		var err error
		if *d, err = bontot.ParseDate(v.Get(k)); err != nil {
			fe.Add(k, bontot.ErrorMessage(err))
		}
	}
	return y
}

// quotaFromForm reads the quota typed in percent ("20" or "12,5").
func quotaFromForm(v url.Values, fe bontot.FieldErrors) scoring.Points {
	q, err := scoring.ParsePoints(v.Get("quota"))
	if err != nil {
		fe.Add("quota", "Tỷ lệ: "+err.Error())
	}
	return q
}

// yearFromForm reads a year typed in a field.
func yearFromForm(v url.Values, name string, fe bontot.FieldErrors) int {
	y, err := strconv.Atoi(strings.TrimSpace(v.Get(name)))
	if err != nil {
		fe.Add(name, "Vui lòng nhập năm bằng số, ví dụ 2026.")
	}
	return y
}

// period lists the years of a valid period (none for an invalid one).
func period(from, to int) []int {
	if from < 2000 || to < from || to > from+10 {
		return nil
	}
	var ys []int
	for y := from; y <= to; y++ {
		ys = append(ys, y)
	}
	return ys
}

// validateInto adds a value's own validation messages to fe and returns the result.
func validateInto(fe bontot.FieldErrors, err error) error {
	if e, ok := err.(*bontot.Error); ok {
		for k, v := range e.Fields {
			fe.Add(k, v)
		}
	}
	return fe.Err()
}

// fillRows builds the rows of the campaign form from the form's values.
func (d *campaignFormData) fillRows(form *Form, years []int, locked map[int]bool, scales map[int][]yearScaleView, extraDoc bool) {
	n := docCount(form.Values)
	if extraDoc || n == 0 {
		n++
	}
	for i := 0; i < n; i++ {
		d.Docs = append(d.Docs, docRow{
			Number: fieldFrom(form, docKey(i, "number"), "Số, ký hiệu", "text"),
			Date:   fieldFrom(form, docKey(i, "date"), "Ngày ban hành", "date"),
			Title:  fieldFrom(form, docKey(i, "title"), "Trích yếu", "text"),
			Error:  form.Err("doc" + strconv.Itoa(i)),
		})
	}
	for _, y := range years {
		d.Years = append(d.Years, yearRow{Year: y, Locked: locked[y], Scales: scales[y],
			Self:     fieldFrom(form, deadlineKey("self", y), "Hạn tự đánh giá", "date"),
			Review:   fieldFrom(form, deadlineKey("review", y), "Hạn thẩm định", "date"),
			Approval: fieldFrom(form, deadlineKey("approval", y), "Hạn phê duyệt", "date"),
		})
	}
	// Messages of fields the form does not show.
	shown := map[string]bool{"name": true, "issuer": true, "scope": true, "from_year": true, "to_year": true, "quota": true,
		"cell_scale": true, "committee_scale": true}
	for _, r := range d.Docs {
		shown[r.Number.Name], shown[r.Date.Name], shown[r.Title.Name] = true, true, true
	}
	for i := range d.Docs {
		shown["doc"+strconv.Itoa(i)] = true
	}
	for _, y := range d.Years {
		shown[y.Self.Name], shown[y.Review.Name], shown[y.Approval.Name] = true, true, true
	}
	var keys []string
	for k := range form.Errors {
		if !shown[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		d.Problems = append(d.Problems, form.Errors[k])
	}
}

// --- creating a campaign ---

// campaignOrgChoices lists the committees the user manages campaigns on:
// superior and grassroots committees of the user's subtrees.
func (s *Server) campaignOrgChoices(r *http.Request) ([]*bontot.Org, error) {
	roots, err := s.scopeRoots(r, bontot.PermManageCampaigns)
	if err != nil {
		return nil, err
	}
	var out []*bontot.Org
	for _, root := range roots {
		os, err := s.store.Orgs(r.Context(), bontot.OrgFilter{Under: root.Path, Kinds: []bontot.OrgKind{bontot.KindSuperior, bontot.KindBaseCommittee}, Limit: 500})
		if err != nil {
			return nil, err
		}
		out = append(out, os...)
	}
	return out, nil
}

func scaleChoices(vs []*bontot.ScaleVersion) []scaleChoice {
	var out []scaleChoice
	for _, v := range vs {
		l := fmt.Sprintf("%s — phiên bản %d", v.Name(), v.Version)
		if !v.Frozen {
			l += " (bản nháp)"
		}
		out = append(out, scaleChoice{ID: v.ID, Label: l})
	}
	return out
}

func (s *Server) renderCampaignNew(w http.ResponseWriter, r *http.Request, status int, form *Form, msg string, extraDoc bool) {
	orgs, err := s.campaignOrgChoices(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	x, err := s.scaleIndex(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &campaignFormData{Orgs: orgs, CellScales: scaleChoices(x.ofKind(scoring.KindCell)), CommitteeScales: scaleChoices(x.ofKind(scoring.KindCommittee))}
	from, _ := strconv.Atoi(strings.TrimSpace(form.Get("from_year")))
	to, _ := strconv.Atoi(strings.TrimSpace(form.Get("to_year")))
	years := period(from, to)
	for _, y := range years {
		deadlineValues(form.Values, defaultDeadlines(y), false)
	}
	d.fillRows(form, years, nil, nil, extraDoc)
	s.render(w, r, status, "campaign_form", &Page{Title: "Tạo phong trào", Error: msg, Form: form, Data: d})
}

func (s *Server) handleCampaignNew(w http.ResponseWriter, r *http.Request) {
	if !s.mayCreateCampaign(w, r) {
		return
	}
	x, err := s.scaleIndex(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	y := s.store.Today().Year()
	v := url.Values{"from_year": {strconv.Itoa(y)}, "to_year": {strconv.Itoa(y + 2)}, "quota": {"20"}}
	if roots, err := s.scopeRoots(r, bontot.PermManageCampaigns); err == nil && len(roots) > 0 {
		v.Set("issuer", strconv.FormatInt(roots[0].ID, 10))
		v.Set("scope", strconv.FormatInt(roots[0].ID, 10))
	}
	if d := x.defaultFor(scoring.KindCell); d != nil {
		v.Set("cell_scale", strconv.FormatInt(d.ID, 10))
	}
	if d := x.defaultFor(scoring.KindCommittee); d != nil {
		v.Set("committee_scale", strconv.FormatInt(d.ID, 10))
	}
	for i := 0; i < 2; i++ {
		v.Set(docKey(i, "number"), "") // two blank rows
	}
	s.renderCampaignNew(w, r, http.StatusOK, newForm(v, nil), "", false)
}

// orgFromChoice reads an organization picked in a select; one outside the
// user's scope for perm is a field message, as if it did not exist.
func (s *Server) orgFromChoice(r *http.Request, name string, perm bontot.Permission, fe bontot.FieldErrors) *bontot.Org {
	id := formID(r, name)
	if id == 0 {
		return nil
	}
	o, err := s.store.Org(r.Context(), id)
	if err != nil || !userFrom(r).Can(perm, o.Path) {
		fe.Add(name, "Không có tổ chức này trong phạm vi quản lý của bạn.")
		return nil
	}
	return o
}

// scaleFromChoice reads a scale version picked for a kind of unit.
func scaleFromChoice(r *http.Request, name string, kind scoring.Kind, x *scaleIndex, fe bontot.FieldErrors) int64 {
	v := x.byID[formID(r, name)]
	if v == nil || v.Kind != kind {
		fe.Add(name, "Vui lòng chọn thang điểm cho "+strings.ToLower(scaleKindLabel(kind))+".")
		return 0
	}
	return v.ID
}

func (s *Server) handleCampaignCreate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	if !s.mayCreateCampaign(w, r) {
		return
	}
	v := r.PostForm
	if add := v.Get("add"); add != "" {
		s.renderCampaignNew(w, r, http.StatusOK, newForm(v, nil), "", add == "doc")
		return
	}
	x, err := s.scaleIndex(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fe := bontot.FieldErrors{}
	c := &bontot.Campaign{Name: v.Get("name")}
	c.FromYear, c.ToYear = yearFromForm(v, "from_year", fe), yearFromForm(v, "to_year", fe)
	c.Quota = quotaFromForm(v, fe)
	c.Documents = documentsFromForm(v, fe)
	if o := s.orgFromChoice(r, "issuer", bontot.PermManageCampaigns, fe); o != nil {
		c.IssuerID = o.ID
	}
	if o := s.orgFromChoice(r, "scope", bontot.PermManageCampaigns, fe); o != nil {
		c.ScopeID = o.ID
	}
	scales := []bontot.YearScale{
		{Kind: scoring.KindCell, ScaleID: scaleFromChoice(r, "cell_scale", scoring.KindCell, x, fe)},
		{Kind: scoring.KindCommittee, ScaleID: scaleFromChoice(r, "committee_scale", scoring.KindCommittee, x, fe)},
	}
	for _, y := range period(c.FromYear, c.ToYear) {
		cy := deadlinesFromForm(v, defaultDeadlines(y), fe)
		cy.Scales = scales
		c.Years = append(c.Years, cy)
	}
	c.Normalize()
	err = validateInto(fe, c.Validate())
	if err == nil {
		err = s.store.CreateCampaign(r.Context(), actor(r), c)
	}
	if err != nil {
		code := bontot.ErrorCode(err)
		if code != bontot.EINVALID && code != bontot.ECONFLICT {
			s.fail(w, r, err)
			return
		}
		s.renderCampaignNew(w, r, httpStatus(code), newForm(v, err), bontot.ErrorMessage(err), false)
		return
	}
	s.flash(r, "Đã tạo phong trào “"+c.Name+"” và mở bản tự đánh giá cho các đơn vị tham gia.")
	http.Redirect(w, r, "/campaigns/"+strconv.FormatInt(c.ID, 10), http.StatusSeeOther)
}

// --- one campaign: details and edit form ---

func campaignValues(c *bontot.Campaign) url.Values {
	v := url.Values{"name": {c.Name}, "quota": {c.Quota.String()}}
	documentValues(v, c.Documents)
	v.Set(docKey(len(c.Documents), "number"), "") // one blank row to add a document
	for _, y := range c.Years {
		deadlineValues(v, y, true)
	}
	return v
}

func (s *Server) renderCampaign(w http.ResponseWriter, r *http.Request, c *bontot.Campaign, status int, form *Form, msg string, extraDoc bool) {
	x, err := s.scaleIndex(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &campaignFormData{Campaign: s.campaignView(r, c, x), Editing: form != nil}
	if form == nil {
		form = newForm(campaignValues(c), nil)
	}
	var years []int
	locked := map[int]bool{}
	scales := map[int][]yearScaleView{}
	for _, y := range d.Campaign.Years {
		years = append(years, y.Year)
		locked[y.Year] = y.Locked
		scales[y.Year] = y.Scales
	}
	d.fillRows(form, years, locked, scales, extraDoc)
	p := &Page{Title: c.Name, Crumbs: s.crumbs(r, c.ScopePath), Error: msg, Form: form, Data: d}
	s.render(w, r, status, "campaign", p)
}

func (s *Server) handleCampaign(w http.ResponseWriter, r *http.Request) {
	c, ok := s.campaignFor(w, r, false, pathID(r, "id"))
	if !ok {
		return
	}
	s.renderCampaign(w, r, c, http.StatusOK, nil, "", false)
}

func (s *Server) handleCampaignUpdate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	c, ok := s.campaignFor(w, r, true, pathID(r, "id"))
	if !ok {
		return
	}
	v := r.PostForm
	if v.Get("add") != "" {
		s.renderCampaign(w, r, c, http.StatusOK, newForm(v, nil), "", true)
		return
	}
	fe := bontot.FieldErrors{}
	upd := *c
	upd.Name = v.Get("name")
	upd.Quota = quotaFromForm(v, fe)
	upd.Documents = documentsFromForm(v, fe)
	upd.Years = nil
	for _, y := range c.Years {
		cy := deadlinesFromForm(v, bontot.CampaignYear{Year: y.Year, SelfDeadline: y.SelfDeadline, ReviewDeadline: y.ReviewDeadline,
			ApprovalDeadline: y.ApprovalDeadline}, fe)
		upd.Years = append(upd.Years, cy)
	}
	upd.Normalize()
	err := validateInto(fe, upd.Validate())
	if err == nil {
		err = s.store.UpdateCampaign(r.Context(), actor(r), &upd)
	}
	if err != nil {
		code := bontot.ErrorCode(err)
		if code != bontot.EINVALID && code != bontot.ECONFLICT {
			s.fail(w, r, err)
			return
		}
		s.renderCampaign(w, r, c, httpStatus(code), newForm(v, err), bontot.ErrorMessage(err), false)
		return
	}
	s.flash(r, "Đã lưu phong trào “"+upd.Name+"”.")
	http.Redirect(w, r, "/campaigns/"+strconv.FormatInt(c.ID, 10), http.StatusSeeOther)
}

// --- copying a campaign to a new period ---

// copyName suggests the new campaign's name: the old one with its period
// replaced, or the old one followed by the new period.
func copyName(c *bontot.Campaign, from, to int) string {
	np := fmt.Sprintf("%d–%d", from, to)
	for _, sep := range []string{"–", "-", " - ", " – "} {
		old := fmt.Sprintf("%d%s%d", c.FromYear, sep, c.ToYear)
		if strings.Contains(c.Name, old) {
			return strings.Replace(c.Name, old, np, 1)
		}
	}
	return c.Name + " giai đoạn " + np
}

func (s *Server) handleCampaignCopyForm(w http.ResponseWriter, r *http.Request) {
	c, ok := s.campaignFor(w, r, true, pathID(r, "id"))
	if !ok {
		return
	}
	from, to := c.ToYear+1, c.ToYear+1+(c.ToYear-c.FromYear)
	form := newForm(url.Values{"name": {copyName(c, from, to)}, "from_year": {strconv.Itoa(from)}, "to_year": {strconv.Itoa(to)}}, nil)
	s.render(w, r, http.StatusOK, "campaign_copy", &Page{Title: "Sao chép sang giai đoạn mới", Crumbs: s.crumbs(r, c.ScopePath), Form: form, Data: c})
}

func (s *Server) handleCampaignCopy(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	c, ok := s.campaignFor(w, r, true, pathID(r, "id"))
	if !ok {
		return
	}
	v := r.PostForm
	fe := bontot.FieldErrors{}
	from, to := yearFromForm(v, "from_year", fe), yearFromForm(v, "to_year", fe)
	if strings.TrimSpace(v.Get("name")) == "" {
		fe.Add("name", "Vui lòng nhập tên phong trào.")
	}
	err := fe.Err()
	var nc *bontot.Campaign
	if err == nil {
		nc, err = s.store.CopyCampaign(r.Context(), actor(r), c.ID, v.Get("name"), from, to)
	}
	if err != nil {
		s.formError(w, r, err, "campaign_copy", &Page{Title: "Sao chép sang giai đoạn mới", Crumbs: s.crumbs(r, c.ScopePath), Data: c})
		return
	}
	s.flash(r, fmt.Sprintf("Đã tạo phong trào “%s” (%d–%d) từ “%s”.", nc.Name, nc.FromYear, nc.ToYear, c.Name))
	http.Redirect(w, r, "/campaigns/"+strconv.FormatInt(nc.ID, 10), http.StatusSeeOther)
}
