package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"bontot"
	"bontot/store"
	"bontot/xlsx"
)

// The movement through the year, part one: the launch and deployment of a
// campaign by every grassroots organization, and each unit's yearly
// registration of emulation targets (DOMAIN.md §1, issue 4 items 1–2).
//
//	/movement                    the board's view of a subtree: shares, late lists, drill-down
//	/movement/export             one table of it as .xlsx
//	/movement/orgs/{id}          a unit's page: its launch record, its registrations by year
//	/registrations/…             one registration: view, new, edit, send, acknowledge or
//	                             return, the signed file, the year-end results

// movementRoutes registers the pages of launch, deployment and registration of emulation targets.
func (s *Server) movementRoutes(page func(string, http.HandlerFunc)) {
	page("GET /movement", s.handleMovement)
	page("GET /movement/export", s.handleMovementExport)
	page("GET /movement/orgs/{id}", s.handleMovementOrg)
	page("POST /movement/orgs/{id}/deployment", s.handleDeploymentSave)
	page("GET /registrations/new", s.handleRegistrationNew)
	page("POST /registrations", s.handleRegistrationCreate)
	page("GET /registrations/{id}", s.handleRegistration)
	page("GET /registrations/{id}/edit", s.handleRegistrationEdit)
	page("POST /registrations/{id}", s.handleRegistrationSave)
	page("POST /registrations/{id}/transition", s.handleRegistrationTransition)
	page("POST /registrations/{id}/document", s.handleRegistrationUpload)
	page("GET /registrations/{id}/document", s.handleRegistrationDocument)
	page("GET /registrations/{id}/results", s.handleRegistrationResultsForm)
	page("POST /registrations/{id}/results", s.handleRegistrationResults)
}

func init() {
	requiredPages = append(requiredPages, "movement", "movement_org", "registration", "registration_form", "registration_results")
}

const (
	// movementPageSize is how many rows of a late list a page shows.
	movementPageSize = 50
	// movementExportLimit bounds the rows of an exported late list.
	movementExportLimit = 100_000
	// newRegistrationRows is how many blank target rows a new registration offers: one per criterion.
	newRegistrationRows = 4
)

// ---------------------------------------------------------------- the board's view

// mstat is a headline figure: a share, the counts behind it, what it is.
type mstat struct {
	ID, Value, Detail, Label string
}

func shareStat(id string, num, den int64, label string) mstat {
	return mstat{ID: id, Value: rShare(num, den).Text, Detail: formatNumber(int(num)) + "/" + formatNumber(int(den)), Label: label}
}

// movementData is the board's view of a subtree.
type movementData struct {
	*resultsScope
	Deploy        *store.DeploymentSummary
	Reg           *store.RegistrationSummary
	DeployStats   []mstat
	RegStats      []mstat
	DeployKids    *rtable
	ShowKids      bool // some child holds several grassroots organizations (else the list below says it all)
	Missing       *rtable
	RegKids       *rtable
	Unsent        *rtable
	DOffset       int
	DPrev, DNext  int // offsets of the neighbouring pages of the missing list; -1 when none
	ROffset       int
	RPrev, RNext  int
	OwnPage       string // the organization's own unit page, when it has one
	DeployDayNote string
}

// loadMovementScope reads the organization, campaign and year of a board
// page (404 outside the user's subtree). Without a year it takes the
// current year when the campaign has it, else its nearest.
func (s *Server) loadMovementScope(w http.ResponseWriter, r *http.Request) (*resultsScope, bool) {
	rs, ok := s.loadResultsScope(w, r)
	if !ok || rs.Campaign == nil {
		return rs, ok
	}
	rs.Path = "/movement"
	if y, _ := strconv.Atoi(r.FormValue("year")); rs.Campaign.Year(y) == nil {
		rs.Year = movementYear(rs.Campaign, s.store.Today().Year())
	}
	return rs, true
}

// movementYear is the campaign's year to show by default: this year, else
// the last one before it, else its first.
func movementYear(c *bontot.Campaign, now int) int {
	year := 0
	for _, y := range c.Years {
		if y.Year <= now {
			year = y.Year
		}
	}
	if year == 0 && len(c.Years) > 0 {
		year = c.Years[0].Year
	}
	return year
}

func (s *Server) handleMovement(w http.ResponseWriter, r *http.Request) {
	rs, ok := s.loadMovementScope(w, r)
	if !ok {
		return
	}
	title := "Phát động, đăng ký thi đua — " + rs.Org.Name
	d := &movementData{resultsScope: rs, DPrev: -1, RPrev: -1}
	if rs.Campaign == nil {
		s.render(w, r, http.StatusOK, "movement", &Page{Title: title, Data: d})
		return
	}
	// A cell's view is its own page.
	if rs.Org.Kind.IsCell() {
		http.Redirect(w, r, movementOrgLink(rs.Org.ID, rs.Campaign.ID), http.StatusSeeOther)
		return
	}
	d.DOffset = max(0, atoiForm(r, "doff"))
	d.ROffset = max(0, atoiForm(r, "roff"))
	if err := s.movementTables(r, d, movementPageSize); err != nil {
		s.fail(w, r, err)
		return
	}
	if store.RegistersTargets(rs.Org.Kind) {
		d.OwnPage = movementOrgLink(rs.Org.ID, rs.Campaign.ID)
	}
	s.render(w, r, http.StatusOK, "movement", &Page{Title: title, Data: d})
}

func atoiForm(r *http.Request, name string) int {
	n, _ := strconv.Atoi(r.FormValue(name))
	return n
}

func movementOrgLink(orgID, campaignID int64) string {
	return fmt.Sprintf("/movement/orgs/%d?campaign=%d", orgID, campaignID)
}

// movementTables reads the shares and builds the tables of the board's
// view, with late lists of at most limit rows from the page's offsets.
func (s *Server) movementTables(r *http.Request, d *movementData, limit int) error {
	rs := d.resultsScope
	var err error
	if d.Deploy, err = s.store.DeploymentShares(r.Context(), rs.Campaign.ID, rs.Org.Path, limit+1, d.DOffset); err != nil {
		return err
	}
	if d.Reg, err = s.store.RegistrationShares(r.Context(), rs.Campaign.ID, rs.Year, rs.Org.Path, limit+1, d.ROffset); err != nil {
		return err
	}
	if len(d.Deploy.Missing) > limit {
		d.Deploy.Missing, d.DNext = d.Deploy.Missing[:limit], d.DOffset+limit
	}
	if len(d.Reg.Unsent) > limit {
		d.Reg.Unsent, d.RNext = d.Reg.Unsent[:limit], d.ROffset+limit
	}
	if d.DOffset > 0 {
		d.DPrev = max(0, d.DOffset-limit)
	}
	if d.ROffset > 0 {
		d.RPrev = max(0, d.ROffset-limit)
	}
	t := d.Deploy.Total
	d.DeployStats = []mstat{
		shareStat("stat-launched", t.Launched, t.Units, "tổ chức cơ sở đảng đã tổ chức lễ phát động"),
		shareStat("stat-disseminated", t.Disseminated, t.Units, "đã quán triệt"),
		shareStat("stat-deployed", t.Deployed, t.Units, "đã triển khai thực hiện"),
	}
	g := d.Reg.Total
	d.RegStats = []mstat{
		shareStat("stat-registered", g.Registered(), g.Units, fmt.Sprintf("đơn vị đã gửi đăng ký thi đua năm %d", rs.Year)),
		shareStat("stat-acknowledged", g.Acknowledged, g.Units, "được cấp trên xác nhận"),
		{ID: "stat-returned", Value: formatNumber(int(g.Returned)), Label: "bản bị trả lại để sửa"},
		{ID: "stat-unsent", Value: formatNumber(int(g.Unsent())), Label: "đơn vị chưa gửi (chưa đăng ký, đang soạn hoặc bị trả lại)"},
	}
	d.DeployKids = deployChildrenTable(rs, d.Deploy)
	for _, ch := range d.Deploy.Children {
		d.ShowKids = d.ShowKids || ch.Tally.Units > 1
	}
	d.Missing = missingTable(rs, d.Deploy.Missing, d.DOffset)
	d.RegKids = regChildrenTable(rs, d.Reg)
	d.Unsent = unsentTable(rs, d.Reg.Unsent, d.ROffset)
	for _, t := range []*rtable{d.DeployKids, d.Missing, d.RegKids, d.Unsent} {
		t.Export = rs.Link("/movement/export", "table", t.Key, "doff", "", "roff", "")
	}
	return nil
}

func deployChildrenTable(rs *resultsScope, sum *store.DeploymentSummary) *rtable {
	t := &rtable{Key: "phat-dong-truc-thuoc", Title: "Phát động, triển khai theo tổ chức trực thuộc", Sheet: "Phát động theo đơn vị",
		Empty: "Không có tổ chức trực thuộc nào có tổ chức cơ sở đảng.",
		Note:  "Tổ chức cơ sở đảng: đảng bộ cơ sở và chi bộ cơ sở. Mỗi dòng đếm các tổ chức cơ sở đảng trong tổ chức trực thuộc đó.",
		Cols: []rcol{{Title: "Tổ chức", Width: 40}, {Title: "Tổ chức cơ sở đảng", Num: true}, {Title: "Đã phát động", Num: true},
			{Title: "Đã quán triệt", Num: true}, {Title: "Đã triển khai", Num: true}, {Title: "Tỷ lệ triển khai", Num: true}}}
	for _, ch := range sum.Children {
		c := ch.Tally
		name := rText(ch.Org.Name)
		if !ch.Org.Kind.IsCell() {
			name = rLink(ch.Org.Name, rs.OrgLink("/movement", ch.Org.ID))
		} else {
			name = rLink(ch.Org.Name, movementOrgLink(ch.Org.ID, rs.Campaign.ID))
		}
		t.Rows = append(t.Rows, []rcell{name, rCount(c.Units), rCount(c.Launched), rCount(c.Disseminated), rCount(c.Deployed), rShare(c.Deployed, c.Units)})
	}
	return t
}

func missingTable(rs *resultsScope, gaps []*store.DeploymentGap, offset int) *rtable {
	t := &rtable{Key: "chua-phat-dong", Title: "Tổ chức cơ sở đảng chưa phát động hoặc chưa triển khai", Sheet: "Chưa phát động, triển khai",
		Empty: "Mọi tổ chức cơ sở đảng đã phát động và triển khai.",
		Cols: []rcol{{Title: "STT", Num: true, Width: 6}, {Title: "Tổ chức cơ sở đảng", Width: 40}, {Title: "Trực thuộc", Width: 32},
			{Title: "Ngày phát động", Width: 14}, {Title: "Ngày quán triệt", Width: 14}, {Title: "Ngày triển khai", Width: 14}}}
	for i, g := range gaps {
		t.Rows = append(t.Rows, []rcell{rCount(int64(offset + i + 1)), rLink(g.Name, movementOrgLink(g.OrgID, rs.Campaign.ID)), rText(g.ParentName),
			dateCell(g.LaunchedOn), dateCell(g.DisseminatedOn), dateCell(g.DeployedOn)})
	}
	return t
}

// dateCell shows a date, or "chưa" when it is not recorded.
func dateCell(d bontot.Date) rcell {
	if d.IsZero() {
		return rcell{Text: "chưa", Tag: "tag-late"}
	}
	return rText(d.String())
}

func regChildrenTable(rs *resultsScope, sum *store.RegistrationSummary) *rtable {
	t := &rtable{Key: "dang-ky-truc-thuoc", Title: fmt.Sprintf("Đăng ký thi đua năm %d theo tổ chức trực thuộc", rs.Year), Sheet: "Đăng ký theo đơn vị",
		Empty: "Không có tổ chức trực thuộc nào có đơn vị tham gia.",
		Note:  "Đơn vị tham gia: chi bộ, chi bộ cơ sở và đảng bộ cơ sở. “Đã gửi” gồm bản chờ xác nhận và bản đã được xác nhận.",
		Cols: []rcol{{Title: "Tổ chức", Width: 40}, {Title: "Đơn vị", Num: true}, {Title: "Đã gửi", Num: true}, {Title: "Tỷ lệ", Num: true},
			{Title: "Đã xác nhận", Num: true}, {Title: "Bị trả lại", Num: true}, {Title: "Đang soạn", Num: true}, {Title: "Chưa đăng ký", Num: true}}}
	row := func(name rcell, c bontot.RegistrationTally) {
		t.Rows = append(t.Rows, []rcell{name, rCount(c.Units), rCount(c.Registered()), rShare(c.Registered(), c.Units), rCount(c.Acknowledged),
			rCount(c.Returned), rCount(c.Draft), rCount(c.None())})
	}
	if sum.Self != nil {
		row(rLink(rs.Org.Name+" (bản của chính đơn vị)", movementOrgLink(rs.Org.ID, rs.Campaign.ID)), *sum.Self)
	}
	for _, ch := range sum.Children {
		if ch.Org.Kind.IsCell() {
			row(rLink(ch.Org.Name, movementOrgLink(ch.Org.ID, rs.Campaign.ID)), ch.Tally)
		} else {
			row(rLink(ch.Org.Name, rs.OrgLink("/movement", ch.Org.ID)), ch.Tally)
		}
	}
	return t
}

func unsentTable(rs *resultsScope, gaps []*store.RegistrationGap, offset int) *rtable {
	t := &rtable{Key: "chua-dang-ky", Title: fmt.Sprintf("Đơn vị chưa gửi đăng ký thi đua năm %d", rs.Year), Sheet: "Chưa gửi đăng ký",
		Empty: "Mọi đơn vị đã gửi bản đăng ký thi đua.",
		Cols: []rcol{{Title: "STT", Num: true, Width: 6}, {Title: "Đơn vị", Width: 40}, {Title: "Loại", Width: 18}, {Title: "Trực thuộc", Width: 32},
			{Title: "Tình trạng", Width: 22}}}
	for i, g := range gaps {
		name := rLink(g.Name, movementOrgLink(g.OrgID, rs.Campaign.ID))
		state := rcell{Text: "Chưa đăng ký", Tag: "tag-late"}
		if g.RegistrationID != 0 {
			name = rLink(g.Name, fmt.Sprintf("/registrations/%d", g.RegistrationID))
			state = rcell{Text: g.Status.Label(), Tag: "tag-muted"}
		}
		t.Rows = append(t.Rows, []rcell{rCount(int64(offset + i + 1)), name, rText(g.Kind.Label()), rText(g.ParentName), state})
	}
	return t
}

// handleMovementExport downloads one table of the board's view as .xlsx,
// built by the same code as the page; a late list holds every row (up to
// movementExportLimit), not just the page.
func (s *Server) handleMovementExport(w http.ResponseWriter, r *http.Request) {
	rs, ok := s.loadMovementScope(w, r)
	if !ok {
		return
	}
	if rs.Campaign == nil {
		s.notFound(w, r)
		return
	}
	d := &movementData{resultsScope: rs}
	if err := s.movementTables(r, d, movementExportLimit); err != nil {
		s.fail(w, r, err)
		return
	}
	var t *rtable
	for _, x := range []*rtable{d.DeployKids, d.Missing, d.RegKids, d.Unsent} {
		if x.Key == r.FormValue("table") {
			t = x
		}
	}
	if t == nil {
		s.notFound(w, r)
		return
	}
	line := rs.Campaign.Name
	if t.Key == "dang-ky-truc-thuoc" || t.Key == "chua-dang-ky" {
		line += fmt.Sprintf(" · Năm %d", rs.Year)
	}
	if (t.Key == "chua-phat-dong" && d.DNext > 0) || (t.Key == "chua-dang-ky" && d.RNext > 0) {
		line += fmt.Sprintf(" · chỉ gồm %s dòng đầu", formatNumber(movementExportLimit))
	}
	sheet := xlsx.Table{Sheet: t.Sheet, Title: t.Title + " — " + rs.Org.Name, Context: line}
	for _, c := range t.Cols {
		sheet.Columns = append(sheet.Columns, xlsx.TableColumn{Title: c.Title, Width: c.Width})
	}
	for _, row := range t.Rows {
		cells := make([]xlsx.TableCell, len(row))
		for i, c := range row {
			cells[i] = xlsx.TableCell{Kind: c.Kind, Text: c.Text, Num: c.Num, Empty: c.Empty}
		}
		sheet.Rows = append(sheet.Rows, cells)
	}
	var buf bytes.Buffer
	if err := xlsx.WriteTables(&buf, []xlsx.Table{sheet}); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.store.Audit(r.Context(), actor(r), "movement.export", "org", rs.Org.ID, rs.Org.Path,
		fmt.Sprintf("Xuất “%s” của %s (%s)", t.Title, rs.Org.Name, rs.Campaign.Name)); err != nil {
		s.fail(w, r, err)
		return
	}
	code := strings.ToLower(strings.ReplaceAll(rs.Org.Code, ".", "-"))
	filename := fmt.Sprintf("%s-%s.xlsx", t.Key, code)
	if strings.Contains(t.Key, "dang-ky") {
		filename = fmt.Sprintf("%s-%d-%s.xlsx", t.Key, rs.Year, code)
	}
	h := w.Header()
	h.Set("Content-Type", xlsx.XLSX.ContentType())
	h.Set("Content-Disposition", "attachment; filename=\""+filename+"\"; filename*=UTF-8''"+url.PathEscape(filename))
	h.Set("Cache-Control", "private, no-store")
	buf.WriteTo(w)
}

// ---------------------------------------------------------------- a unit's page

// regYear is one campaign year on a unit's page.
type regYear struct {
	Year      int
	Reg       *bontot.Registration
	Met, Know int
	Locked    bool
}

// movementOrgData is a unit's page.
type movementOrgData struct {
	Org        *bontot.Org
	Campaigns  []*bontot.Campaign
	Campaign   *bontot.Campaign
	Grassroots bool               // the unit records its own launch
	Deployment *bontot.Deployment // its own record (nil: none)
	Parent     *bontot.Org        // for a cell: the grassroots organization whose launch it follows
	ParentDep  *bontot.Deployment
	CanRecord  bool // may record the launch and register targets
	Years      []regYear
	BoardLink  string // the board's view of the unit's subtree or of its parent
}

// loadMovementOrg reads the unit of /movement/orgs/{id} (404 outside the
// user's subtree) and the campaign asked for, or the newest covering it.
func (s *Server) loadMovementOrg(w http.ResponseWriter, r *http.Request) (*movementOrgData, bool) {
	o, ok := s.orgFor(w, r, bontot.PermReadTree, pathID(r, "id"))
	if !ok {
		return nil, false
	}
	d := &movementOrgData{Org: o, Grassroots: store.RecordsDeployment(o.Kind)}
	all, err := s.store.Campaigns(r.Context(), o.Path)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	for _, c := range all {
		if strings.HasPrefix(o.Path, c.ScopePath) {
			d.Campaigns = append(d.Campaigns, c)
		}
	}
	if id := formID(r, "campaign"); id != 0 || r.FormValue("campaign") != "" {
		for _, c := range d.Campaigns {
			if c.ID == id {
				d.Campaign = c
			}
		}
		if d.Campaign == nil {
			s.notFound(w, r)
			return nil, false
		}
	} else if len(d.Campaigns) > 0 {
		d.Campaign = d.Campaigns[0]
	}
	d.CanRecord = userFrom(r).Can(bontot.PermRecordMeetings, o.Path)
	return d, true
}

func (s *Server) handleMovementOrg(w http.ResponseWriter, r *http.Request) {
	d, ok := s.loadMovementOrg(w, r)
	if !ok {
		return
	}
	if !store.RegistersTargets(d.Org.Kind) {
		// A committee above the grassroots level has no launch or targets of its own.
		q := url.Values{"org": {strconv.FormatInt(d.Org.ID, 10)}}
		if d.Campaign != nil {
			q.Set("campaign", strconv.FormatInt(d.Campaign.ID, 10))
		}
		http.Redirect(w, r, "/movement?"+q.Encode(), http.StatusSeeOther)
		return
	}
	var form *Form
	if d.Campaign != nil {
		if err := s.fillMovementOrg(r, d); err != nil {
			s.fail(w, r, err)
			return
		}
		form = newForm(deploymentValues(d.Deployment), nil)
	}
	s.renderMovementOrg(w, r, d, form, http.StatusOK, "")
}

func (s *Server) renderMovementOrg(w http.ResponseWriter, r *http.Request, d *movementOrgData, form *Form, status int, msg string) {
	s.render(w, r, status, "movement_org", &Page{Title: "Phát động, đăng ký thi đua — " + d.Org.Name, Crumbs: s.crumbs(r, d.Org.Path),
		Form: form, Error: msg, Data: d})
}

// fillMovementOrg reads the unit's launch record (or its committee's) and its registrations.
func (s *Server) fillMovementOrg(r *http.Request, d *movementOrgData) error {
	ctx := r.Context()
	c, o, u := d.Campaign, d.Org, userFrom(r)
	var err error
	if d.Grassroots {
		if d.Deployment, err = s.store.Deployment(ctx, c.ID, o.ID); err != nil {
			return err
		}
	} else {
		anc, err := s.store.Ancestors(ctx, o.Path)
		if err != nil {
			return err
		}
		for i := len(anc) - 1; i >= 0; i-- {
			if anc[i].Kind.IsGrassroots() && strings.HasPrefix(anc[i].Path, c.ScopePath) {
				d.Parent = anc[i]
				break
			}
		}
		if d.Parent != nil {
			if d.ParentDep, err = s.store.Deployment(ctx, c.ID, d.Parent.ID); err != nil {
				return err
			}
		}
	}
	regs, err := s.store.Registrations(ctx, c.ID, o.ID)
	if err != nil {
		return err
	}
	byYear := map[int]*bontot.Registration{}
	for _, reg := range regs {
		byYear[reg.Year] = reg
	}
	for i := len(c.Years) - 1; i >= 0; i-- {
		y := c.Years[i]
		ry := regYear{Year: y.Year, Reg: byYear[y.Year], Locked: y.Locked}
		if ry.Reg != nil {
			ry.Met, ry.Know = ry.Reg.MetCount()
		}
		d.Years = append(d.Years, ry)
	}
	switch {
	case !o.Kind.IsCell() && u.Can(bontot.PermReadTree, o.Path):
		d.BoardLink = fmt.Sprintf("/movement?org=%d&campaign=%d", o.ID, c.ID)
	case o.ParentID != 0:
		if p, err := s.store.Org(ctx, o.ParentID); err == nil && u.Can(bontot.PermReadTree, p.Path) && !p.Kind.IsCell() {
			d.BoardLink = fmt.Sprintf("/movement?org=%d&campaign=%d", p.ID, c.ID)
		}
	}
	return nil
}

// deploymentValues fills the launch form from a record.
func deploymentValues(d *bontot.Deployment) url.Values {
	v := url.Values{}
	if d == nil {
		return v
	}
	v.Set("launched_on", d.LaunchedOn.String())
	if d.Participants > 0 {
		v.Set("participants", strconv.Itoa(d.Participants))
	}
	v.Set("launch_document", d.LaunchDocument)
	v.Set("disseminated_on", d.DisseminatedOn.String())
	v.Set("deployed_on", d.DeployedOn.String())
	v.Set("note", d.Note)
	return v
}

func (s *Server) handleDeploymentSave(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	d, ok := s.loadMovementOrg(w, r)
	if !ok {
		return
	}
	if !d.CanRecord {
		s.forbidden(w, r)
		return
	}
	if d.Campaign == nil || !d.Grassroots {
		s.fail(w, r, bontot.Errorf(bontot.EINVALID, "%s không ghi nhận lễ phát động riêng trong phong trào này.", d.Org.Name))
		return
	}
	dep := &bontot.Deployment{CampaignID: d.Campaign.ID, OrgID: d.Org.ID, LaunchDocument: r.PostFormValue("launch_document"), Note: r.PostFormValue("note")}
	fe := bontot.FieldErrors{}
	for _, f := range []struct {
		name string
		into *bontot.Date
	}{{"launched_on", &dep.LaunchedOn}, {"disseminated_on", &dep.DisseminatedOn}, {"deployed_on", &dep.DeployedOn}} {
		v, err := bontot.ParseDate(r.PostFormValue(f.name))
		if err != nil {
			fe.Add(f.name, bontot.ErrorMessage(err))
		}
		*f.into = v
	}
	if raw := strings.TrimSpace(r.PostFormValue("participants")); raw != "" {
		n, err := strconv.Atoi(strings.ReplaceAll(raw, ".", ""))
		if err != nil || n < 0 {
			fe.Add("participants", "Số người dự là một số nguyên, ví dụ 45.")
		}
		dep.Participants = n
	}
	err := fe.Err()
	if err == nil {
		err = s.store.SaveDeployment(r.Context(), actor(r), dep)
	}
	if err != nil {
		code := bontot.ErrorCode(err)
		if code != bontot.EINVALID {
			s.fail(w, r, err)
			return
		}
		if ferr := s.fillMovementOrg(r, d); ferr != nil {
			s.fail(w, r, ferr)
			return
		}
		s.renderMovementOrg(w, r, d, newForm(r.PostForm, err), http.StatusUnprocessableEntity, bontot.ErrorMessage(err))
		return
	}
	s.flash(r, "Đã lưu lễ phát động và việc triển khai của "+d.Org.Name+".")
	http.Redirect(w, r, movementOrgLink(d.Org.ID, d.Campaign.ID), http.StatusSeeOther)
}

// ---------------------------------------------------------------- registrations

// registrationFor loads a registration whose unit the user may exercise
// perm on (above: from strictly above the unit). Out of scope answers 404.
func (s *Server) registrationFor(w http.ResponseWriter, r *http.Request, perm bontot.Permission, above bool, id int64) (*bontot.Registration, bool) {
	reg, err := s.store.Registration(r.Context(), id)
	if err != nil {
		s.loadFailed(w, r, err)
		return nil, false
	}
	return reg, s.permits(w, r, perm, above, reg.OrgPath)
}

// targetGroup is the targets of one criterion.
type targetGroup struct {
	Criterion int
	Name      string
	Targets   []targetView
}

// targetView is a target as the pages show it.
type targetView struct {
	bontot.Target
	Index       int
	Met, Known  bool
	PlannedText string // "2 đảng viên"
	Achieved    string // "2 đảng viên", "" until recorded
}

func viewTargets(ts []bontot.Target) []targetGroup {
	groups := make([]targetGroup, 4)
	for i := range groups {
		groups[i] = targetGroup{Criterion: i + 1, Name: bontot.CriterionNames[i]}
	}
	for i, t := range ts {
		if t.Criterion < 1 || t.Criterion > 4 {
			continue
		}
		v := targetView{Target: t, Index: i}
		v.Met, v.Known = t.Met()
		if t.Countable {
			v.PlannedText = strings.TrimSpace(t.Planned.String() + " " + t.Unit)
			if t.Achieved != nil {
				v.Achieved = strings.TrimSpace(t.Achieved.String() + " " + t.Unit)
			}
		}
		groups[t.Criterion-1].Targets = append(groups[t.Criterion-1].Targets, v)
	}
	return groups
}

// registrationData is the view of one registration.
type registrationData struct {
	R                   *bontot.Registration
	Campaign            *bontot.Campaign
	Groups              []targetGroup
	Events              []*bontot.RegEvent
	Met, Known          int
	Locked              bool
	CanEdit, CanSend    bool
	CanAnswer           bool // acknowledge or return, from above
	CanResults          bool
	UnitLink, BoardLink string
}

// DocSize is the size of the signed file, for people: "350 KB", "1,2 MB".
func (d *registrationData) DocSize() string {
	if d.R.Document == nil {
		return ""
	}
	n := d.R.Document.Size
	if n < 1<<20 {
		return formatNumber(int((n+1023)/1024)) + " KB"
	}
	return bontot.Amount(n*100/(1<<20)).String() + " MB"
}

func (s *Server) registrationData(r *http.Request, reg *bontot.Registration) (*registrationData, error) {
	c, err := s.store.Campaign(r.Context(), reg.CampaignID)
	if err != nil {
		return nil, err
	}
	events, err := s.store.RegistrationEvents(r.Context(), reg.ID)
	if err != nil {
		return nil, err
	}
	u := userFrom(r)
	d := &registrationData{R: reg, Campaign: c, Groups: viewTargets(reg.Targets), Events: events, UnitLink: movementOrgLink(reg.OrgID, c.ID)}
	if y := c.Year(reg.Year); y != nil {
		d.Locked = y.Locked
	}
	d.Met, d.Known = reg.MetCount()
	record := u.Can(bontot.PermRecordMeetings, reg.OrgPath) && !d.Locked
	d.CanEdit = record && reg.Status.Editable()
	d.CanSend = d.CanEdit && len(reg.Targets) > 0
	d.CanAnswer = reg.Status == bontot.RegSent && u.CanAbove(bontot.PermAcknowledge, reg.OrgPath) && !d.Locked
	d.CanResults = record && reg.Status == bontot.RegAcknowledged
	return d, nil
}

func (s *Server) handleRegistration(w http.ResponseWriter, r *http.Request) {
	reg, ok := s.registrationFor(w, r, bontot.PermReadTree, false, pathID(r, "id"))
	if !ok {
		return
	}
	s.renderRegistration(w, r, reg, nil, http.StatusOK, "")
}

func (s *Server) renderRegistration(w http.ResponseWriter, r *http.Request, reg *bontot.Registration, form *Form, status int, msg string) {
	d, err := s.registrationData(r, reg)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "registration", &Page{Title: fmt.Sprintf("Đăng ký thi đua năm %d — %s", reg.Year, reg.OrgName),
		Crumbs: s.crumbs(r, reg.OrgPath), Form: form, Error: msg, Data: d})
}

// targetRow is one row of the registration form, as typed.
type targetRow struct {
	Index                 int
	Criterion             int
	Text, Planned, Unit   string
	Countable, Deleted    bool
	ErrCriterion, ErrText string
	ErrPlanned, ErrUnit   string
}

// registrationForm is the new and edit form.
type registrationForm struct {
	New      bool
	Action   string // where the form posts
	Org      *bontot.Org
	Campaign *bontot.Campaign
	Year     int
	R        *bontot.Registration // nil for a new one
	Rows     []targetRow
	Criteria [4]string
}

// rowsFromValues reads the form's target rows (the "rows" field says how many).
func rowsFromValues(v url.Values, f *Form) []targetRow {
	n, _ := strconv.Atoi(v.Get("rows"))
	n = min(max(n, 0), bontot.MaxTargets+10)
	rows := make([]targetRow, n)
	for i := range rows {
		p := "t" + strconv.Itoa(i) + "_"
		c, _ := strconv.Atoi(v.Get(p + "criterion"))
		rows[i] = targetRow{Index: i, Criterion: c, Text: v.Get(p + "text"), Planned: v.Get(p + "planned"), Unit: v.Get(p + "unit"),
			Countable: v.Get(p+"countable") != "", Deleted: v.Get(p+"del") != "",
			ErrCriterion: f.Err(p + "criterion"), ErrText: f.Err(p + "text"), ErrPlanned: f.Err(p + "planned"), ErrUnit: f.Err(p + "unit")}
	}
	return rows
}

// blank reports whether a row holds nothing typed (the criterion is preset).
func (t targetRow) blank() bool {
	return strings.TrimSpace(t.Text) == "" && strings.TrimSpace(t.Planned) == "" && strings.TrimSpace(t.Unit) == "" && !t.Countable
}

// targetsFromForm reads the targets of the kept rows; typing errors go to
// fe under the row's own field names. It returns, for each target, the
// row it came from, to put the store's messages back beside the right row.
func targetsFromForm(v url.Values, fe bontot.FieldErrors) ([]bontot.Target, []int) {
	var out []bontot.Target
	var from []int
	for _, row := range rowsFromValues(v, nil) {
		if row.Deleted || row.blank() {
			continue
		}
		t := bontot.Target{Criterion: row.Criterion, Text: row.Text, Countable: row.Countable, Unit: row.Unit}
		if row.Countable {
			if strings.TrimSpace(row.Planned) != "" {
				a, err := bontot.ParseAmount(row.Planned)
				if err != nil {
					fe.Add("t"+strconv.Itoa(row.Index)+"_planned", bontot.ErrorMessage(err))
				}
				t.Planned = a
			}
		}
		out = append(out, t)
		from = append(from, row.Index)
	}
	return out, from
}

// remapTargetErrors renames the store's "t<k>_" field messages (k counts
// kept targets) to the form's rows.
func remapTargetErrors(err error, from []int) error {
	var e *bontot.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	fields := map[string]string{}
	for k, msg := range e.Fields {
		if strings.HasPrefix(k, "t") {
			if i := strings.IndexByte(k, '_'); i > 1 {
				if n, perr := strconv.Atoi(k[1:i]); perr == nil && n < len(from) {
					k = "t" + strconv.Itoa(from[n]) + k[i:]
				}
			}
		}
		fields[k] = msg
	}
	return &bontot.Error{Code: e.Code, Message: e.Message, Fields: fields}
}

// registrationValues fills the form from a registration, with extra blank rows.
func registrationValues(reg *bontot.Registration, blank int) url.Values {
	v := url.Values{}
	n := 0
	if reg != nil {
		v.Set("signed_on", reg.SignedOn.String())
		v.Set("version", strconv.Itoa(reg.Version))
		for _, t := range reg.Targets {
			p := "t" + strconv.Itoa(n) + "_"
			v.Set(p+"criterion", strconv.Itoa(t.Criterion))
			v.Set(p+"text", t.Text)
			if t.Countable {
				v.Set(p+"countable", "1")
				v.Set(p+"planned", t.Planned.Input())
				v.Set(p+"unit", t.Unit)
			}
			n++
		}
	}
	for i := 0; i < blank; i++ {
		v.Set("t"+strconv.Itoa(n)+"_criterion", strconv.Itoa(i%4+1))
		n++
	}
	v.Set("rows", strconv.Itoa(n))
	return v
}

// newRegistrationScope reads the unit, campaign and year of a new
// registration from the query or the form: the user must record for the
// unit, which must register targets in that campaign year.
func (s *Server) newRegistrationScope(w http.ResponseWriter, r *http.Request) (*registrationForm, bool) {
	o, ok := s.orgFor(w, r, bontot.PermRecordMeetings, formID(r, "org"))
	if !ok {
		return nil, false
	}
	c, err := s.store.Campaign(r.Context(), formID(r, "campaign"))
	if err != nil || !strings.HasPrefix(o.Path, c.ScopePath) {
		s.notFound(w, r)
		return nil, false
	}
	year, _ := strconv.Atoi(r.FormValue("year"))
	if c.Year(year) == nil || !store.RegistersTargets(o.Kind) {
		s.notFound(w, r)
		return nil, false
	}
	return &registrationForm{New: true, Action: "/registrations", Org: o, Campaign: c, Year: year, Criteria: bontot.CriterionNames}, true
}

func (s *Server) handleRegistrationNew(w http.ResponseWriter, r *http.Request) {
	f, ok := s.newRegistrationScope(w, r)
	if !ok {
		return
	}
	if reg, err := s.store.RegistrationOf(r.Context(), f.Campaign.ID, f.Year, f.Org.ID); err == nil {
		http.Redirect(w, r, fmt.Sprintf("/registrations/%d", reg.ID), http.StatusSeeOther)
		return
	}
	s.renderRegistrationForm(w, r, f, newForm(registrationValues(nil, newRegistrationRows), nil), http.StatusOK, "")
}

func (s *Server) renderRegistrationForm(w http.ResponseWriter, r *http.Request, f *registrationForm, form *Form, status int, msg string) {
	f.Rows = rowsFromValues(form.Values, form)
	if msg == "" && form.Err("targets") != "" {
		msg = form.Err("targets")
	}
	title := fmt.Sprintf("Đăng ký thi đua năm %d — %s", f.Year, f.Org.Name)
	s.render(w, r, status, "registration_form", &Page{Title: title, Crumbs: s.crumbs(r, f.Org.Path), Form: form, Error: msg, Data: f})
}

// addRow answers the "Thêm chỉ tiêu" button: the same form with one more blank row, nothing saved.
func (s *Server) addRow(w http.ResponseWriter, r *http.Request, f *registrationForm) bool {
	if r.PostFormValue("add") == "" {
		return false
	}
	v := r.PostForm
	n, _ := strconv.Atoi(v.Get("rows"))
	if n < bontot.MaxTargets {
		v.Set("t"+strconv.Itoa(n)+"_criterion", "1")
		v.Set("rows", strconv.Itoa(n+1))
	}
	s.renderRegistrationForm(w, r, f, newForm(v, nil), http.StatusOK, "")
	return true
}

// postedRegistration reads the signing date and the targets of the form.
func postedRegistration(r *http.Request, reg *bontot.Registration) ([]int, error) {
	fe := bontot.FieldErrors{}
	signed, err := bontot.ParseDate(r.PostFormValue("signed_on"))
	if err != nil {
		fe.Add("signed_on", bontot.ErrorMessage(err))
	}
	reg.SignedOn = signed
	var from []int
	reg.Targets, from = targetsFromForm(r.PostForm, fe)
	reg.Version, _ = strconv.Atoi(r.PostFormValue("version"))
	return from, fe.Err()
}

func (s *Server) handleRegistrationCreate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	f, ok := s.newRegistrationScope(w, r)
	if !ok || s.addRow(w, r, f) {
		return
	}
	reg := &bontot.Registration{CampaignID: f.Campaign.ID, Year: f.Year, OrgID: f.Org.ID}
	from, err := postedRegistration(r, reg)
	if err == nil {
		err = remapTargetErrors(s.store.CreateRegistration(r.Context(), actor(r), reg), from)
	}
	if err != nil {
		s.registrationFormFailed(w, r, f, err)
		return
	}
	s.afterRegistrationSave(w, r, reg)
}

// registrationFormFailed shows the form again with what was typed, or the error page.
func (s *Server) registrationFormFailed(w http.ResponseWriter, r *http.Request, f *registrationForm, err error) {
	code := bontot.ErrorCode(err)
	if code != bontot.EINVALID && code != bontot.ECONFLICT {
		s.fail(w, r, err)
		return
	}
	s.renderRegistrationForm(w, r, f, newForm(r.PostForm, err), httpStatus(code), bontot.ErrorMessage(err))
}

// afterRegistrationSave sends the registration when asked, then shows it.
func (s *Server) afterRegistrationSave(w http.ResponseWriter, r *http.Request, reg *bontot.Registration) {
	if r.PostFormValue("send") != "" {
		err := s.store.TransitionRegistration(r.Context(), actor(r), reg.ID, 0, bontot.RegSend, "")
		if err != nil {
			// Saved but not sent: say why on the edit form.
			s.flash(r, "Đã lưu bản đăng ký nhưng chưa gửi được: "+bontot.ErrorMessage(err))
			http.Redirect(w, r, fmt.Sprintf("/registrations/%d/edit", reg.ID), http.StatusSeeOther)
			return
		}
		s.flash(r, "Đã gửi bản đăng ký thi đua lên cấp trên.")
	} else {
		s.flash(r, "Đã lưu bản đăng ký (chưa gửi). Khi xong, bấm “Gửi cấp trên”.")
	}
	http.Redirect(w, r, fmt.Sprintf("/registrations/%d", reg.ID), http.StatusSeeOther)
}

func (s *Server) editForm(r *http.Request, reg *bontot.Registration) (*registrationForm, error) {
	o, err := s.store.Org(r.Context(), reg.OrgID)
	if err != nil {
		return nil, err
	}
	c, err := s.store.Campaign(r.Context(), reg.CampaignID)
	if err != nil {
		return nil, err
	}
	return &registrationForm{Action: fmt.Sprintf("/registrations/%d", reg.ID), Org: o, Campaign: c, Year: reg.Year, R: reg, Criteria: bontot.CriterionNames}, nil
}

func (s *Server) handleRegistrationEdit(w http.ResponseWriter, r *http.Request) {
	reg, ok := s.registrationFor(w, r, bontot.PermRecordMeetings, false, pathID(r, "id"))
	if !ok {
		return
	}
	if !reg.Status.Editable() {
		s.flash(r, "Bản đăng ký đang ở trạng thái “"+reg.Status.Label()+"”, không sửa được.")
		http.Redirect(w, r, fmt.Sprintf("/registrations/%d", reg.ID), http.StatusSeeOther)
		return
	}
	f, err := s.editForm(r, reg)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	blank := 0
	if len(reg.Targets) == 0 {
		blank = newRegistrationRows
	}
	s.renderRegistrationForm(w, r, f, newForm(registrationValues(reg, blank), nil), http.StatusOK, "")
}

func (s *Server) handleRegistrationSave(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	reg, ok := s.registrationFor(w, r, bontot.PermRecordMeetings, false, pathID(r, "id"))
	if !ok {
		return
	}
	f, err := s.editForm(r, reg)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if s.addRow(w, r, f) {
		return
	}
	from, err := postedRegistration(r, reg)
	if err == nil {
		err = remapTargetErrors(s.store.SaveRegistration(r.Context(), actor(r), reg), from)
	}
	if err != nil {
		s.registrationFormFailed(w, r, f, err)
		return
	}
	s.afterRegistrationSave(w, r, reg)
}

func (s *Server) handleRegistrationTransition(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	reg, ok := s.registrationFor(w, r, bontot.PermReadTree, false, pathID(r, "id"))
	if !ok {
		return
	}
	u := userFrom(r)
	act := bontot.RegAction(r.PostFormValue("action"))
	switch act {
	case bontot.RegSend:
		ok = u.Can(bontot.PermRecordMeetings, reg.OrgPath)
	case bontot.RegAcknowledge, bontot.RegReturn:
		ok = u.CanAbove(bontot.PermAcknowledge, reg.OrgPath)
	default:
		s.fail(w, r, bontot.Errorf(bontot.EINVALID, "Thao tác không hợp lệ."))
		return
	}
	if !ok {
		s.forbidden(w, r)
		return
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	if err := s.store.TransitionRegistration(r.Context(), actor(r), reg.ID, version, act, r.PostFormValue("note")); err != nil {
		code := bontot.ErrorCode(err)
		if code != bontot.EINVALID && code != bontot.ECONFLICT {
			s.fail(w, r, err)
			return
		}
		s.renderRegistration(w, r, reg, newForm(r.PostForm, err), httpStatus(code), bontot.ErrorMessage(err))
		return
	}
	switch act {
	case bontot.RegSend:
		s.flash(r, "Đã gửi bản đăng ký thi đua lên cấp trên.")
	case bontot.RegAcknowledge:
		s.flash(r, "Đã xác nhận bản đăng ký thi đua của "+reg.OrgName+".")
	case bontot.RegReturn:
		s.flash(r, "Đã trả lại bản đăng ký để "+reg.OrgName+" sửa.")
	}
	http.Redirect(w, r, fmt.Sprintf("/registrations/%d", reg.ID), http.StatusSeeOther)
}

func (s *Server) handleRegistrationUpload(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, bontot.MaxEvidenceSize+1<<20)
	reg, ok := s.registrationFor(w, r, bontot.PermRecordMeetings, false, pathID(r, "id"))
	if !ok {
		return
	}
	back := fmt.Sprintf("/registrations/%d", reg.ID)
	file, hdr, err := r.FormFile("file")
	if err != nil {
		s.flash(r, "Vui lòng chọn tệp bản đăng ký đã ký (ảnh chụp hoặc PDF, tối đa 10 MB).")
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
	if ctype == "" || ctype == "application/octet-stream" {
		if byExt := mime.TypeByExtension(filepath.Ext(hdr.Filename)); byExt != "" {
			ctype = byExt
		} else {
			ctype = http.DetectContentType(data)
		}
	}
	name := filepath.Base(hdr.Filename)
	if err := s.store.SetRegistrationDocument(r.Context(), actor(r), reg.ID, name, ctype, data); err != nil {
		if bontot.ErrorCode(err) == bontot.EINTERNAL {
			s.fail(w, r, err)
			return
		}
		s.flash(r, bontot.ErrorMessage(err))
	} else {
		s.flash(r, "Đã đính kèm bản đăng ký đã ký “"+name+"”.")
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

func (s *Server) handleRegistrationDocument(w http.ResponseWriter, r *http.Request) {
	reg, ok := s.registrationFor(w, r, bontot.PermReadTree, false, pathID(r, "id"))
	if !ok {
		return
	}
	doc, data, err := s.store.RegistrationDocument(r.Context(), reg.ID)
	if err != nil {
		s.loadFailed(w, r, err)
		return
	}
	w.Header().Set("Content-Type", doc.ContentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": doc.Filename}))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(data)
}

// ---------------------------------------------------------------- year-end results

// resultsForm is the "Kết quả thực hiện" form.
type resultsForm struct {
	R      *bontot.Registration
	Groups []targetGroup
	Met    int
}

// resultValues fills the results form from the stored results: a<i> the
// achieved number, m<i> the verdict ("1", "0", ""), n<i> the note.
func resultValues(reg *bontot.Registration) url.Values {
	v := url.Values{"version": {strconv.Itoa(reg.Version)}}
	for i, t := range reg.Targets {
		k := strconv.Itoa(i)
		if t.Achieved != nil {
			v.Set("a"+k, t.Achieved.Input())
		}
		if t.MetFlag != nil {
			v.Set("m"+k, map[bool]string{true: "1", false: "0"}[*t.MetFlag])
		}
		v.Set("n"+k, t.ResultNote)
	}
	return v
}

func (s *Server) handleRegistrationResultsForm(w http.ResponseWriter, r *http.Request) {
	reg, ok := s.registrationFor(w, r, bontot.PermRecordMeetings, false, pathID(r, "id"))
	if !ok {
		return
	}
	if reg.Status != bontot.RegAcknowledged {
		s.flash(r, "Chỉ ghi kết quả thực hiện khi bản đăng ký đã được cấp trên xác nhận.")
		http.Redirect(w, r, fmt.Sprintf("/registrations/%d", reg.ID), http.StatusSeeOther)
		return
	}
	s.renderResultsForm(w, r, reg, newForm(resultValues(reg), nil), http.StatusOK, "")
}

func (s *Server) renderResultsForm(w http.ResponseWriter, r *http.Request, reg *bontot.Registration, form *Form, status int, msg string) {
	m, _ := reg.MetCount()
	d := &resultsForm{R: reg, Groups: viewTargets(reg.Targets), Met: m}
	s.render(w, r, status, "registration_results", &Page{Title: fmt.Sprintf("Kết quả thực hiện năm %d — %s", reg.Year, reg.OrgName),
		Crumbs: s.crumbs(r, reg.OrgPath), Form: form, Error: msg, Data: d})
}

func (s *Server) handleRegistrationResults(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	reg, ok := s.registrationFor(w, r, bontot.PermRecordMeetings, false, pathID(r, "id"))
	if !ok {
		return
	}
	fe := bontot.FieldErrors{}
	var results []store.TargetResult
	for i, t := range reg.Targets {
		k := strconv.Itoa(i)
		res := store.TargetResult{TargetID: t.ID, Note: r.PostFormValue("n" + k)}
		if t.Countable {
			if raw := strings.TrimSpace(r.PostFormValue("a" + k)); raw != "" {
				a, err := bontot.ParseAmount(raw)
				if err != nil {
					fe.Add("a"+k, bontot.ErrorMessage(err))
				}
				res.Achieved = &a
			}
		} else {
			switch r.PostFormValue("m" + k) {
			case "1":
				yes := true
				res.Met = &yes
			case "0":
				no := false
				res.Met = &no
			}
		}
		results = append(results, res)
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	err := fe.Err()
	if err == nil {
		err = s.store.RecordAchievements(r.Context(), actor(r), reg.ID, version, results)
	}
	if err != nil {
		code := bontot.ErrorCode(err)
		if code != bontot.EINVALID && code != bontot.ECONFLICT {
			s.fail(w, r, err)
			return
		}
		s.renderResultsForm(w, r, reg, newForm(r.PostForm, err), httpStatus(code), bontot.ErrorMessage(err))
		return
	}
	saved, err := s.store.Registration(r.Context(), reg.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m, known := saved.MetCount()
	s.flash(r, fmt.Sprintf("Đã lưu kết quả thực hiện: đạt %d/%d chỉ tiêu (%d chỉ tiêu đã có kết quả).", m, len(saved.Targets), known))
	http.Redirect(w, r, fmt.Sprintf("/registrations/%d", reg.ID), http.StatusSeeOther)
}
