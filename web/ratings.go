package web

import (
	"bufio"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"bontot"
	"bontot/scoring"
	"bontot/store"
	"bontot/xlsx"
)

// ratingRoutes registers the annual rating and discipline pages.
func (s *Server) ratingRoutes(page func(string, http.HandlerFunc)) {
	page("GET /ratings", s.handleRatings)
	page("GET /ratings/{id}/{year}", s.handleRatingSheet)
	page("POST /ratings/{id}/{year}", s.handleRatingSave)
	page("GET /ratings/export", s.handleRatingExport)
	page("POST /ratings/import", s.handleRatingImport)
	page("GET /members/{id}/disciplines", s.handleDisciplines)
	page("POST /members/{id}/disciplines", s.handleDisciplineCreate)
}

// ratingYears is how many past years the year pickers offer.
const ratingYears = 6

// defaultRatingYear is the year rated by default: ratings are made from
// November to January, so most of the time it is last year's.
func (s *Server) defaultRatingYear() int { return s.store.Today().Year() - 1 }

// yearChoices lists the years a user may pick, this year first.
func (s *Server) yearChoices() []int {
	this := s.store.Today().Year()
	out := make([]int, 0, ratingYears)
	for y := this; y > this-ratingYears; y-- {
		out = append(out, y)
	}
	return out
}

// ratingYear reads a year from the request; ok is false for anything that
// is not a year that can be rated (1990 to this year).
func (s *Server) ratingYear(v string) (int, bool) {
	y, err := strconv.Atoi(v)
	return y, err == nil && y >= 1990 && y <= s.store.Today().Year()
}

type ratingsData struct {
	Year  int
	Years []int
	Query string
	Orgs  []*bontot.Org
	More  bool
}

// ratingsLimit bounds the list of organizations on the chooser; a search narrows it.
const ratingsLimit = 100

// handleRatings lets the user pick a grassroots organization of their
// rating scope and a year. With org set it goes to that sheet.
func (s *Server) handleRatings(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r)
	if !u.CanAnywhere(bontot.PermRate) {
		s.notFound(w, r)
		return
	}
	q := r.URL.Query()
	d := &ratingsData{Year: s.defaultRatingYear(), Years: s.yearChoices(), Query: strings.TrimSpace(q.Get("q"))}
	if y, ok := s.ratingYear(q.Get("year")); ok {
		d.Year = y
	}
	if id := formID(r, "org"); id != 0 {
		http.Redirect(w, r, fmt.Sprintf("/ratings/%d/%d", id, d.Year), http.StatusSeeOther)
		return
	}
	roots, err := s.scopeRoots(r, bontot.PermRate)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, root := range roots {
		found, err := s.store.Orgs(r.Context(), bontot.OrgFilter{Under: root.Path, Query: d.Query,
			Kinds: []bontot.OrgKind{bontot.KindBaseCommittee, bontot.KindBaseCell}, Limit: ratingsLimit + 1 - len(d.Orgs)})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d.Orgs = append(d.Orgs, found...)
		if len(d.Orgs) > ratingsLimit {
			d.Orgs, d.More = d.Orgs[:ratingsLimit], true
			break
		}
	}
	s.render(w, r, http.StatusOK, "ratings", &Page{Title: "Xếp loại chất lượng", Data: d})
}

// levelCounts counts the ratings of a group of members or cells.
type levelCounts struct {
	Excellent, Good, Done, Failed, Unrated int
	// GoodOrBetter is what the quota is a share of; MaxExcellent is the
	// largest number of "excellent" the quota allows of it.
	GoodOrBetter, MaxExcellent int
	OverQuota                  bool
}

func (c *levelCounts) add(r scoring.Rating) {
	switch r {
	case scoring.HTXSNV:
		c.Excellent++
	case scoring.HTTNV:
		c.Good++
	case scoring.HTNV:
		c.Done++
	case scoring.KHTNV:
		c.Failed++
	default:
		c.Unrated++
	}
}

// quota fills the share fields for a quota in hundredths of a percent,
// compared exactly: excellent × 10000 ≤ quota × good-or-better.
func (c *levelCounts) quota(q scoring.Points) {
	c.GoodOrBetter = c.Excellent + c.Good
	c.MaxExcellent = int(int64(q) * int64(c.GoodOrBetter) / 10000)
	c.OverQuota = int64(c.Excellent)*10000 > int64(q)*int64(c.GoodOrBetter)
}

// ratingSelect is one rating select of the sheet.
type ratingSelect struct {
	Field  string
	Value  scoring.Rating
	Levels []scoring.Rating
}

type ratingMemberView struct {
	bontot.RatingRow
	Select ratingSelect
}

type ratingCellView struct {
	Org            *bontot.Org
	Rating         scoring.Rating
	Select         ratingSelect
	Members        []ratingMemberView
	CanRate        bool // the cell's own rating: from above the cell
	CanRateMembers bool
	Counts         levelCounts
	// Open shows the cell unfolded: the only cell, or one a broken rule is about.
	Open bool
}

type violationView struct {
	Rule    string
	Org     string
	Subject string
	Message string
}

type ratingSheetData struct {
	Sheet      *bontot.RatingSheet
	Org        *bontot.Org
	Year       int
	Years      []int
	CanOwn     bool
	Own        ratingSelect
	Editable   bool // at least one rating can be changed by the user
	Cells      []ratingCellView
	Members    levelCounts // pooled over the cells
	CellCounts levelCounts // the cells of a đảng bộ
	Quota      string
	Violations []violationView
	// Stored says the violations are those of the ratings already saved
	// (a discipline recorded after the rating, a quota changed since).
	Stored bool
}

// percent writes a share in hundredths of a percent the Vietnamese way: 20%, 12,5%.
func percent(p scoring.Points) string {
	s := strconv.FormatInt(int64(p)/100, 10)
	if frac := int64(p) % 100; frac != 0 {
		s += "," + strings.TrimSuffix(fmt.Sprintf("%02d", frac), "0")
	}
	return s + "%"
}

// ratingSheetView builds what the sheet page shows from a sheet holding the
// ratings to show (stored, or as the user chose them).
func (s *Server) ratingSheetView(r *http.Request, sheet *bontot.RatingSheet, violations []scoring.Violation) *ratingSheetData {
	u := userFrom(r)
	g := sheet.Grassroots
	d := &ratingSheetData{Sheet: sheet, Org: g, Year: sheet.Year, Years: s.yearChoices(),
		CanOwn: u.CanAbove(bontot.PermRate, g.Path), Quota: percent(sheet.Quota),
		Own: ratingSelect{Field: "own", Value: sheet.Own, Levels: scoring.Ratings}}
	d.Editable = d.CanOwn
	for _, c := range sheet.Cells {
		v := ratingCellView{Org: c.Org, Rating: c.Rating,
			Select:  ratingSelect{Field: "c" + strconv.FormatInt(c.Org.ID, 10), Value: c.Rating, Levels: scoring.Ratings},
			CanRate: !g.Kind.IsCell() && u.CanAbove(bontot.PermRate, c.Org.Path), CanRateMembers: u.Can(bontot.PermRate, c.Org.Path)}
		for _, m := range c.Members {
			v.Counts.add(m.Rating)
			d.Members.add(m.Rating)
			v.Members = append(v.Members, ratingMemberView{RatingRow: m,
				Select: ratingSelect{Field: "m" + strconv.FormatInt(m.MemberID, 10), Value: m.Rating, Levels: scoring.Ratings}})
		}
		v.Counts.quota(sheet.Quota)
		v.Open = len(sheet.Cells) == 1 || concerns(violations, c)
		d.CellCounts.add(c.Rating)
		d.Editable = d.Editable || v.CanRate || (v.CanRateMembers && len(c.Members) > 0)
		d.Cells = append(d.Cells, v)
	}
	d.Members.quota(sheet.Quota)
	d.CellCounts.quota(sheet.Quota)
	for _, v := range violations {
		// The message starts with the rule's name, which has its own column here.
		label := v.Rule.Label()
		msg := strings.TrimPrefix(v.Message, label+": ")
		d.Violations = append(d.Violations, violationView{Rule: label, Org: v.OrgName, Subject: v.Subject, Message: msg})
	}
	return d
}

// concerns reports whether a broken rule is about the cell or one of its members.
func concerns(violations []scoring.Violation, c bontot.RatingCell) bool {
	for _, v := range violations {
		if v.OrgID == c.Org.ID || (v.Rule != scoring.RuleDiscipline && v.SubjectID == c.Org.ID) {
			return true
		}
	}
	return false
}

// ratingSheetFor loads the grassroots organization and year of a sheet URL,
// in the user's rating scope. A cell's URL leads to its grassroots
// organization's sheet.
func (s *Server) ratingSheetFor(w http.ResponseWriter, r *http.Request) (*bontot.Org, int, bool) {
	year, ok := s.ratingYear(r.PathValue("year"))
	if !ok {
		s.notFound(w, r)
		return nil, 0, false
	}
	o, ok := s.orgFor(w, r, bontot.PermRate, pathID(r, "id"))
	if !ok {
		return nil, 0, false
	}
	if o.Kind.IsGrassroots() {
		return o, year, true
	}
	anc, err := s.store.Ancestors(r.Context(), o.Path)
	if err != nil {
		s.fail(w, r, err)
		return nil, 0, false
	}
	for i := len(anc) - 1; i >= 0; i-- {
		if a := anc[i]; a.Kind.IsGrassroots() && userFrom(r).Can(bontot.PermRate, a.Path) {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, fmt.Sprintf("/ratings/%d/%d", a.ID, year), http.StatusSeeOther)
				return nil, 0, false
			}
			break
		}
	}
	s.fail(w, r, bontot.Errorf(bontot.EINVALID, "“%s” không phải là tổ chức cơ sở đảng: hãy chọn đảng bộ cơ sở hoặc chi bộ cơ sở để xếp loại.", o.Name))
	return nil, 0, false
}

func sheetTitle(o *bontot.Org, year int) string {
	return fmt.Sprintf("Xếp loại năm %d — %s", year, o.Name)
}

func (s *Server) handleRatingSheet(w http.ResponseWriter, r *http.Request) {
	o, year, ok := s.ratingSheetFor(w, r)
	if !ok {
		return
	}
	sheet, err := s.store.RatingSheet(r.Context(), o.ID, year)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Members' ratings are personal records: their reading is recorded.
	if err := s.store.Audit(r.Context(), actor(r), "rating.read", "org", o.ID, o.Path, fmt.Sprintf("Xem xếp loại năm %d của %s", year, o.Name)); err != nil {
		s.fail(w, r, err)
		return
	}
	d := s.ratingSheetView(r, sheet, scoring.CheckRatings(sheet.Rated(), sheet.Quota))
	d.Stored = true
	s.render(w, r, http.StatusOK, "ratings_sheet", &Page{Title: sheetTitle(o, year), Crumbs: s.crumbs(r, o.Path), Data: d})
}

// parseRatingField reads one select of the sheet: a code, or "" for not rated.
func parseRatingField(v string) (scoring.Rating, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return scoring.Unrated, true
	}
	for _, r := range scoring.Ratings {
		if v == r.Code() {
			return r, true
		}
	}
	return scoring.Unrated, false
}

// handleRatingSave saves the ratings the user may change; the others keep
// their stored values whatever the form says. When a rule is broken nothing
// is saved and the sheet comes back as the user filled it, with the list of
// broken rules.
func (s *Server) handleRatingSave(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	o, year, ok := s.ratingSheetFor(w, r)
	if !ok {
		return
	}
	sheet, err := s.store.RatingSheet(r.Context(), o.ID, year)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := userFrom(r)
	fe := bontot.FieldErrors{}
	read := func(field string, old scoring.Rating) scoring.Rating {
		v, ok := r.PostForm[field]
		if !ok {
			return old
		}
		rating, ok := parseRatingField(v[0])
		if !ok {
			fe.Add(field, "Xếp loại không hợp lệ.")
			return old
		}
		return rating
	}
	own := sheet.Own
	if u.CanAbove(bontot.PermRate, o.Path) {
		own = read("own", sheet.Own)
		sheet.Own = own
	}
	cells, members := map[int64]scoring.Rating{}, map[int64]scoring.Rating{}
	for i := range sheet.Cells {
		c := &sheet.Cells[i]
		if o.Kind.IsCell() {
			c.Rating = own
		} else if u.CanAbove(bontot.PermRate, c.Org.Path) {
			c.Rating = read("c"+strconv.FormatInt(c.Org.ID, 10), c.Rating)
			cells[c.Org.ID] = c.Rating
		}
		if !u.Can(bontot.PermRate, c.Org.Path) {
			continue
		}
		for j := range c.Members {
			m := &c.Members[j]
			m.Rating = read("m"+strconv.FormatInt(m.MemberID, 10), m.Rating)
			members[m.MemberID] = m.Rating
		}
	}
	page := &Page{Title: sheetTitle(o, year), Crumbs: s.crumbs(r, o.Path)}
	if err := fe.Err(); err != nil {
		page.Error = "Có xếp loại không hợp lệ trong biểu mẫu; vui lòng chọn lại."
		page.Data = s.ratingSheetView(r, sheet, nil)
		s.render(w, r, http.StatusUnprocessableEntity, "ratings_sheet", page)
		return
	}
	violations, err := s.store.SaveRatings(r.Context(), actor(r), o.ID, year, own, cells, members)
	if err != nil {
		if bontot.ErrorCode(err) != bontot.EINVALID {
			s.fail(w, r, err)
			return
		}
		page.Error = bontot.ErrorMessage(err)
		page.Data = s.ratingSheetView(r, sheet, nil)
		s.render(w, r, http.StatusUnprocessableEntity, "ratings_sheet", page)
		return
	}
	if len(violations) > 0 {
		page.Error = fmt.Sprintf("Chưa lưu: xếp loại vi phạm %d quy định dưới đây. Hãy điều chỉnh rồi lưu lại; chưa có xếp loại nào được thay đổi.", len(violations))
		page.Data = s.ratingSheetView(r, sheet, violations)
		s.render(w, r, http.StatusUnprocessableEntity, "ratings_sheet", page)
		return
	}
	s.flash(r, fmt.Sprintf("Đã lưu xếp loại năm %d của %s.", year, o.Name))
	http.Redirect(w, r, fmt.Sprintf("/ratings/%d/%d", o.ID, year), http.StatusSeeOther)
}

// handleRatingExport downloads the ratings of a year for the subtree of an
// organization in the user's rating scope (the first one by default), as the
// file to fill in and import back.
func (s *Server) handleRatingExport(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r)
	q := r.URL.Query()
	year := s.defaultRatingYear()
	if v := q.Get("year"); v != "" {
		var ok bool
		if year, ok = s.ratingYear(v); !ok {
			s.notFound(w, r)
			return
		}
	}
	var scope *bontot.Org
	if id := formID(r, "org"); id != 0 {
		var ok bool
		if scope, ok = s.orgFor(w, r, bontot.PermRate, id); !ok {
			return
		}
	} else {
		roots, err := s.scopeRoots(r, bontot.PermRate)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if len(roots) == 0 || !u.CanAnywhere(bontot.PermRate) {
			s.notFound(w, r)
			return
		}
		scope = roots[0]
	}
	rows, err := s.store.Ratings(r.Context(), scope.Path, year)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.store.Audit(r.Context(), actor(r), "rating.read", "org", scope.ID, scope.Path,
		fmt.Sprintf("Xuất xếp loại năm %d của %s (%d dòng)", year, scope.Name, len(rows))); err != nil {
		s.fail(w, r, err)
		return
	}
	out := make([]xlsx.RatingRow, len(rows))
	for i, row := range rows {
		out[i] = xlsx.RatingRow{Year: row.Year, OrgCode: row.OrgCode, OrgName: row.OrgName, CardNumber: row.CardNumber, Name: row.Name, Rating: row.Rating}
	}
	format := xlsx.XLSX
	if q.Get("format") == "csv" {
		format = xlsx.CSV
	}
	filename := fmt.Sprintf("xep-loai-%d-%s.%s", year, strings.ToLower(strings.ReplaceAll(scope.Code, ".", "-")), format)
	w.Header().Set("Content-Type", format.ContentType())
	w.Header().Set("Content-Disposition", "attachment; filename=\""+filename+"\"; filename*=UTF-8''"+url.PathEscape(filename))
	bw := bufio.NewWriterSize(w, 64<<10)
	defer bw.Flush()
	if err := xlsx.WriteRatings(bw, format, out); err != nil {
		s.log.Error("export ratings", "err", err)
	}
}

// handleRatingImport applies a rating file: all rows or none, with the
// problems of the file and the broken rating rules listed row by row on the
// import page.
func (s *Server) handleRatingImport(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r)
	if !u.CanAnywhere(bontot.PermRate) {
		s.notFound(w, r)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	d := &importData{Kind: "ratings"}
	page := &Page{Title: "Nhập, xuất dữ liệu", Data: d}
	file, header, err := r.FormFile("file")
	if err != nil {
		page.Error = "Vui lòng chọn tệp .xlsx hoặc .csv (tối đa 64 MB)."
		s.render(w, r, http.StatusUnprocessableEntity, "import", page)
		return
	}
	defer file.Close()
	d.FileName = header.Filename
	format, err := xlsx.FormatOf(header.Filename)
	if err != nil {
		page.Error = bontot.ErrorMessage(err)
		s.render(w, r, http.StatusUnprocessableEntity, "import", page)
		return
	}
	rows, report, err := xlsx.ReadRatings(file, format)
	if err != nil {
		if bontot.ErrorCode(err) != bontot.EINVALID {
			s.fail(w, r, err)
			return
		}
		page.Error = bontot.ErrorMessage(err)
		s.render(w, r, http.StatusUnprocessableEntity, "import", page)
		return
	}
	in := make([]store.RatingImportRow, len(rows))
	for i, row := range rows {
		in[i] = store.RatingImportRow{Row: row.Row, Year: row.Year, OrgCode: row.OrgCode, CardNumber: row.CardNumber, Rating: row.Rating}
	}
	mayRate := func(path string, member bool) bool {
		if member {
			return u.Can(bontot.PermRate, path)
		}
		return u.CanAbove(bontot.PermRate, path)
	}
	// With problems in the file the database checks still run, dry, so
	// that every problem is listed at once.
	res, err := s.store.ImportRatings(r.Context(), actor(r), in, mayRate, !report.OK())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, p := range res.Problems {
		report.Add(p.Row, p.Column, p.Value, p.Message)
	}
	slices.SortStableFunc(report.Errors, func(a, b xlsx.RowError) int { return a.Row - b.Row })
	d.Report = report
	if !report.OK() {
		page.Error = fmt.Sprintf("Tệp “%s” có %d lỗi. Chưa có xếp loại nào được nhập; hãy sửa các dòng dưới đây rồi nhập lại.", header.Filename, len(report.Errors))
		s.render(w, r, http.StatusUnprocessableEntity, "import", page)
		return
	}
	d.Result = res
	page.Flash = fmt.Sprintf("Đã nhập tệp xếp loại “%s”: %d xếp loại mới, %d thay đổi, %d không đổi.", header.Filename, res.Created, res.Updated, res.Unchanged)
	s.render(w, r, http.StatusOK, "import", page)
}

type disciplineData struct {
	Member      *bontot.Member
	Disciplines []*bontot.Discipline
	CanAdd      bool
	Levels      []bontot.DisciplineLevel
	Form        *Form
}

func (s *Server) disciplineData(r *http.Request, m *bontot.Member, form *Form) (*disciplineData, error) {
	d := &disciplineData{Member: m, CanAdd: userFrom(r).Can(bontot.PermRate, m.OrgPath) && m.OrgID != 0, Levels: bontot.DisciplineLevels, Form: form}
	var err error
	d.Disciplines, err = s.store.Disciplines(r.Context(), m.ID)
	return d, err
}

// handleDisciplines lists a member's discipline decisions, with the form to
// record one for those who rate the member's cell: a section of the member
// page (loaded by htmx), or a page of its own.
func (s *Server) handleDisciplines(w http.ResponseWriter, r *http.Request) {
	m, ok := s.memberFor(w, r, bontot.PermReadMembers, pathID(r, "id"))
	if !ok {
		return
	}
	d, err := s.disciplineData(r, m, newForm(url.Values{}, nil))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if r.Header.Get("HX-Request") != "" {
		// Part of the member page, whose reading is already recorded.
		s.renderFragment(w, r, "discipline", "disciplines", d)
		return
	}
	if err := s.store.Audit(r.Context(), actor(r), "member.read", "member", m.ID, m.OrgPath, "Xem kỷ luật của đảng viên "+m.FullName); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "discipline", &Page{Title: "Kỷ luật — " + m.FullName, Crumbs: s.crumbs(r, m.OrgPath), Data: d})
}

func (s *Server) handleDisciplineCreate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	m, ok := s.memberFor(w, r, bontot.PermRate, pathID(r, "id"))
	if !ok {
		return
	}
	v := r.PostForm
	dis := &bontot.Discipline{MemberID: m.ID, Level: bontot.DisciplineLevel(v.Get("level")), Decision: v.Get("decision"), Reason: v.Get("reason")}
	date, err := bontot.ParseDate(v.Get("date"))
	if err != nil {
		// Every problem at once: the unreadable date and the other fields.
		fe := bontot.FieldErrors{"date": bontot.ErrorMessage(err)}
		dis.Normalize()
		if e, ok := dis.Validate().(*bontot.Error); ok && e != nil {
			for k, msg := range e.Fields {
				fe.Add(k, msg)
			}
		}
		err = fe.Err()
	} else {
		dis.Date = date
		err = s.store.AddDiscipline(r.Context(), actor(r), dis)
	}
	if err != nil {
		code := bontot.ErrorCode(err)
		if code != bontot.EINVALID && code != bontot.ECONFLICT {
			s.fail(w, r, err)
			return
		}
		d, lerr := s.disciplineData(r, m, newForm(v, err))
		if lerr != nil {
			s.fail(w, r, lerr)
			return
		}
		s.render(w, r, httpStatus(code), "discipline", &Page{Title: "Kỷ luật — " + m.FullName, Crumbs: s.crumbs(r, m.OrgPath), Error: bontot.ErrorMessage(err), Data: d})
		return
	}
	s.flash(r, fmt.Sprintf("Đã ghi nhận kỷ luật %s đối với đảng viên %s (quyết định %s ngày %s).", strings.ToLower(dis.Level.Label()), m.FullName, dis.Decision, dis.Date))
	http.Redirect(w, r, "/members/"+strconv.FormatInt(m.ID, 10)+"#ky-luat", http.StatusSeeOther)
}
