package web

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"bontot"
	"bontot/scoring"
	"bontot/store"
)

// Scales are shared by every campaign: any user who reads the tree reads
// them (a unit needs the guidance), and any user who manages campaigns
// somewhere edits them. A version a campaign year scores with is frozen;
// changes then make a new version, which reaches a campaign year only
// through its preview and apply, checked on the campaign's scope.

// mayReadScales answers for the user who may not read scales.
func (s *Server) mayReadScales(w http.ResponseWriter, r *http.Request) bool {
	if userFrom(r).CanAnywhere(bontot.PermReadTree) {
		return true
	}
	s.notFound(w, r)
	return false
}

// scaleFor loads a scale version the user may read (edit: change).
func (s *Server) scaleFor(w http.ResponseWriter, r *http.Request, edit bool) (*bontot.ScaleVersion, bool) {
	u := userFrom(r)
	if !u.CanAnywhere(bontot.PermReadTree) {
		s.notFound(w, r)
		return nil, false
	}
	v, err := s.store.Scale(r.Context(), pathID(r, "id"))
	if err != nil {
		s.loadFailed(w, r, err)
		return nil, false
	}
	if edit && !u.CanAnywhere(bontot.PermManageCampaigns) {
		s.forbidden(w, r)
		return nil, false
	}
	return v, true
}

// methodLabels name the ways an item gets its points.
var methodLabels = map[scoring.Method]string{
	scoring.Typed: "Đơn vị tự chấm", scoring.YesNo: "Có/Không", scoring.Formula: "Tính từ số liệu", scoring.Computed: "Tính từ kết quả chi bộ",
}

var scaleMethods = []scoring.Method{scoring.Typed, scoring.YesNo, scoring.Formula, scoring.Computed}

// scaleClassLabel names a class of result.
func scaleClassLabel(c scoring.Class) string {
	switch c {
	case scoring.ClassFourGood:
		return "4 tốt"
	case scoring.ClassGood:
		return "Khá"
	case scoring.ClassFail:
		return "Chưa đạt"
	case scoring.ClassNone:
		return "Chưa chấm"
	}
	return string(c)
}

var scaleClasses = []scoring.Class{scoring.ClassFourGood, scoring.ClassGood, scoring.ClassFail}

var opSymbols = map[string]string{">": ">", ">=": "≥", "<": "<", "<=": "≤", "=": "=", "!=": "≠"}

var scaleOps = []string{">", ">=", "<", "<=", "=", "!="}

// conditionText writes a veto condition as a sentence: "Số đảng viên bị kỷ
// luật trong năm > 0", "Xếp loại chất lượng của chính tổ chức < HTTNV".
func conditionText(kind scoring.Kind, c scoring.Condition) string {
	fi, ok := scoring.LookupFact(kind, c.Fact)
	if !ok {
		return fmt.Sprintf("%s %s %d", c.Fact, opSymbols[c.Op], c.Value)
	}
	if fi.Flag {
		yes := (c.Op == ">" && c.Value == 0) || (c.Op == "=" && c.Value == 1) || (c.Op == "!=" && c.Value == 0) || (c.Op == ">=" && c.Value == 1)
		no := (c.Op == "=" && c.Value == 0) || (c.Op == "<" && c.Value == 1) || (c.Op == "!=" && c.Value == 1) || (c.Op == "<=" && c.Value == 0)
		switch {
		case yes:
			return fi.Label
		case no:
			return "Không: " + fi.Label
		}
	}
	return fi.Label + " " + opSymbols[c.Op] + " " + conditionValue(fi, c.Value)
}

// conditionValue shows a condition's value: a rating by its code.
func conditionValue(fi scoring.FactInfo, v int64) string {
	if fi.Rating {
		if c := scoring.Rating(v).Code(); c != "" {
			return c
		}
		if v == 0 {
			return "chưa xếp loại"
		}
	}
	return strconv.FormatInt(v, 10)
}

// formulaText explains an item's formula with the item's own numbers in
// place of "Per" and "Target".
func formulaText(it scoring.Item) string {
	f, ok := scoring.Formulas[it.Formula]
	if !ok {
		return it.Formula
	}
	per, target := it.Per, it.Target
	if per == 0 {
		per = f.Per
	}
	if target == 0 {
		target = f.Target
	}
	d := strings.ReplaceAll(f.Describe, "Per", per.String())
	return strings.ReplaceAll(d, "Target", target.String()+"%")
}

// scaleUse is a campaign year that scores with a scale version.
type scaleUse struct {
	CampaignID   int64
	CampaignName string
	Year         int
	ScaleID      int64
	Kind         scoring.Kind
	Manage       bool
}

// scaleUses lists, by scale version, the campaign years the user may read
// that score with it.
func (s *Server) scaleUses(r *http.Request) (map[int64][]scaleUse, error) {
	cs, err := s.readableCampaigns(r)
	if err != nil {
		return nil, err
	}
	out := map[int64][]scaleUse{}
	for _, c := range cs {
		manage := s.mayManageCampaign(r, c)
		for _, y := range c.Years {
			for _, ys := range y.Scales {
				out[ys.ScaleID] = append(out[ys.ScaleID], scaleUse{CampaignID: c.ID, CampaignName: c.Name, Year: y.Year, ScaleID: ys.ScaleID, Kind: ys.Kind, Manage: manage})
			}
		}
	}
	for _, us := range out {
		sort.Slice(us, func(i, j int) bool {
			if us[i].Year != us[j].Year {
				return us[i].Year < us[j].Year
			}
			return us[i].CampaignID < us[j].CampaignID
		})
	}
	return out, nil
}

// --- the list of scales ---

type scaleVersionView struct {
	*bontot.ScaleVersion
	Uses []scaleUse
}

type scaleFamilyView struct {
	Family    string
	Name      string
	KindLabel string
	Versions  []scaleVersionView
}

func (s *Server) handleScales(w http.ResponseWriter, r *http.Request) {
	if !s.mayReadScales(w, r) {
		return
	}
	vs, err := s.store.Scales(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	uses, err := s.scaleUses(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var fams []*scaleFamilyView
	byFam := map[string]*scaleFamilyView{}
	for _, v := range vs {
		f := byFam[v.Family]
		if f == nil {
			// Versions come newest first: the family is named after its newest.
			f = &scaleFamilyView{Family: v.Family, Name: v.Name(), KindLabel: scaleKindLabel(v.Kind)}
			if v.Subtype != "" {
				f.KindLabel += " (" + v.Subtype.Label() + ")"
			}
			byFam[v.Family] = f
			fams = append(fams, f)
		}
		f.Versions = append(f.Versions, scaleVersionView{ScaleVersion: v, Uses: uses[v.ID]})
	}
	s.render(w, r, http.StatusOK, "scales", &Page{Title: "Thang điểm", Data: fams})
}

// --- one scale, readable ---

type scaleItemView struct {
	scoring.Item
	MethodLabel  string
	FormulaLabel string
	FormulaText  string
}

type scaleCriterionView struct {
	scoring.Criterion
	Items []scaleItemView
}

type vetoView struct {
	scoring.Veto
	Conditions []string
}

type bandView struct {
	scoring.Band
	ClassLabel string
}

type scaleData struct {
	Version   *bontot.ScaleVersion
	Scale     *scoring.Scale
	KindLabel string
	Criteria  []scaleCriterionView
	Bands     []bandView
	Vetoes    []vetoView
	Family    []*bontot.ScaleVersion // every version of the family, newest first
	Uses      []scaleUse
	Previews  []scaleUse // campaign years on an older version, for the board
	// SubtypeTargets are the campaign years of this kind the user manages,
	// where the version may be given to one subtype of units.
	SubtypeTargets []scaleUse
	Edit           bool
}

func (s *Server) handleScale(w http.ResponseWriter, r *http.Request) {
	v, ok := s.scaleFor(w, r, false)
	if !ok {
		return
	}
	x, err := s.scaleIndex(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	uses, err := s.scaleUses(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sc := v.Scale
	d := &scaleData{Version: v, Scale: sc, KindLabel: scaleKindLabel(v.Kind), Uses: uses[v.ID], Edit: userFrom(r).CanAnywhere(bontot.PermManageCampaigns)}
	for _, c := range sc.Criteria {
		cv := scaleCriterionView{Criterion: c}
		for _, it := range c.Items {
			iv := scaleItemView{Item: it, MethodLabel: methodLabels[it.Method]}
			if it.Method == scoring.Formula || it.Method == scoring.Computed {
				iv.FormulaLabel = scoring.Formulas[it.Formula].Label
				iv.FormulaText = formulaText(it)
			}
			cv.Items = append(cv.Items, iv)
		}
		d.Criteria = append(d.Criteria, cv)
	}
	for _, b := range sc.Bands {
		d.Bands = append(d.Bands, bandView{Band: b, ClassLabel: scaleClassLabel(b.Class)})
	}
	for _, vt := range sc.Vetoes {
		vv := vetoView{Veto: vt}
		for _, c := range vt.Any {
			vv.Conditions = append(vv.Conditions, conditionText(sc.Kind, c))
		}
		d.Vetoes = append(d.Vetoes, vv)
	}
	seen := map[[2]int64]bool{}
	for _, us := range uses {
		for _, u := range us {
			k := [2]int64{u.CampaignID, int64(u.Year)}
			if u.Manage && u.Kind == v.Kind && !seen[k] {
				seen[k] = true
				d.SubtypeTargets = append(d.SubtypeTargets, u)
			}
		}
	}
	sort.Slice(d.SubtypeTargets, func(i, j int) bool {
		if d.SubtypeTargets[i].Year != d.SubtypeTargets[j].Year {
			return d.SubtypeTargets[i].Year > d.SubtypeTargets[j].Year
		}
		return d.SubtypeTargets[i].CampaignID < d.SubtypeTargets[j].CampaignID
	})
	for _, o := range x.all {
		if o.Family != v.Family {
			continue
		}
		d.Family = append(d.Family, o)
		if o.Version >= v.Version {
			continue
		}
		// A campaign year still on an older version may move to this one.
		for _, u := range uses[o.ID] {
			if u.Manage {
				d.Previews = append(d.Previews, u)
			}
		}
	}
	s.render(w, r, http.StatusOK, "scale", &Page{Title: fmt.Sprintf("%s — phiên bản %d", v.Name(), v.Version), Data: d})
}

// --- preview and apply a version to a campaign year ---

type previewRowView struct {
	store.PreviewRow
	StatusLabel   string
	OldClassLabel string
	NewClassLabel string
	Delta         scoring.Points
}

// Up tells whether the new total is higher.
func (p previewRowView) Up() bool { return p.Delta > 0 }

type previewData struct {
	Version  *bontot.ScaleVersion
	Current  *bontot.ScaleVersion // the version of the family the year scores with
	Campaign *bontot.Campaign
	Year     int
	// Subtype, when set, previews giving the version to the units of that
	// subtype only, instead of moving the whole family.
	Subtype bontot.OrgSubtype
	Preview *store.Preview
	Rows    []previewRowView
	// ClassChanges counts the rows whose class changes; Unscored the
	// units without a score yet, which the new version will score too.
	ClassChanges int
	Unscored     int
}

// yearOfFamily finds the version of v's family a campaign year scores with.
func (s *Server) yearOfFamily(r *http.Request, c *bontot.Campaign, year int, v *bontot.ScaleVersion) (*bontot.ScaleVersion, error) {
	y := c.Year(year)
	if y == nil {
		return nil, bontot.Errorf(bontot.EINVALID, "Phong trào “%s” không có năm %d.", c.Name, year)
	}
	for _, ys := range y.Scales {
		cur, err := s.store.Scale(r.Context(), ys.ScaleID)
		if err != nil {
			return nil, err
		}
		if cur.Family == v.Family {
			return cur, nil
		}
	}
	return nil, bontot.Errorf(bontot.EINVALID, "Năm %d của phong trào “%s” không chấm bằng thang điểm “%s”.", year, c.Name, v.Name())
}

// previewFor loads what the preview and apply pages share: the version, a
// campaign the user manages and one of its years that uses the family.
func (s *Server) previewFor(w http.ResponseWriter, r *http.Request) (*previewData, bool) {
	// Managing the campaign is what counts: one outside the user's
	// subtrees is a 404 even for a user who may not manage any.
	v, ok := s.scaleFor(w, r, false)
	if !ok {
		return nil, false
	}
	c, ok := s.campaignFor(w, r, true, formID(r, "campaign"))
	if !ok {
		return nil, false
	}
	year, _ := strconv.Atoi(r.FormValue("year"))
	if sub := bontot.OrgSubtype(r.FormValue("subtype")); sub != "" {
		y := c.Year(year)
		if !sub.Valid() || y == nil {
			s.fail(w, r, bontot.Errorf(bontot.EINVALID, "Vui lòng chọn năm đánh giá và loại hình chi bộ."))
			return nil, false
		}
		cur, err := s.store.Scale(r.Context(), y.ScaleFor(v.Kind, sub))
		if err != nil {
			s.fail(w, r, err)
			return nil, false
		}
		return &previewData{Version: v, Current: cur, Campaign: c, Year: year, Subtype: sub}, true
	}
	cur, err := s.yearOfFamily(r, c, year, v)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return &previewData{Version: v, Current: cur, Campaign: c, Year: year}, true
}

// previewRows lists the results that would change, class changes first,
// then by the size of the change. A unit with no score yet (a draft never
// scored) has no result to change: it is only counted.
func previewRows(p *store.Preview) (rows []previewRowView, classChanges, unscored int) {
	for _, c := range p.Changed {
		if c.OldClass == scoring.ClassNone {
			unscored++
			continue
		}
		if c.OldClass != c.NewClass {
			classChanges++
		}
		rows = append(rows, previewRowView{PreviewRow: c, StatusLabel: c.Status.Label(), OldClassLabel: scaleClassLabel(c.OldClass),
			NewClassLabel: scaleClassLabel(c.NewClass), Delta: c.NewTotal - c.OldTotal})
	}
	abs := func(p scoring.Points) scoring.Points {
		if p < 0 {
			return -p
		}
		return p
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if ci, cj := rows[i].OldClass != rows[i].NewClass, rows[j].OldClass != rows[j].NewClass; ci != cj {
			return ci
		}
		if a, b := abs(rows[i].Delta), abs(rows[j].Delta); a != b {
			return a > b
		}
		return rows[i].OrgPath < rows[j].OrgPath
	})
	return rows, classChanges, unscored
}

func (s *Server) handleScalePreview(w http.ResponseWriter, r *http.Request) {
	d, ok := s.previewFor(w, r)
	if !ok {
		return
	}
	s.renderPreview(w, r, d, http.StatusOK, "")
}

func (s *Server) renderPreview(w http.ResponseWriter, r *http.Request, d *previewData, status int, msg string) {
	if d.Current.ID != d.Version.ID {
		preview := func() (*store.Preview, error) {
			if d.Subtype != "" {
				return s.store.AssignSubtypeScale(r.Context(), actor(r), d.Campaign.ID, d.Year, d.Subtype, d.Version.ID, false)
			}
			return s.store.PreviewScale(r.Context(), d.Version.ID, d.Campaign.ID, d.Year)
		}
		p, err := preview()
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d.Preview = p
		d.Rows, d.ClassChanges, d.Unscored = previewRows(p)
	}
	title := fmt.Sprintf("Xem trước ảnh hưởng: %s phiên bản %d, năm %d", d.Version.Name(), d.Version.Version, d.Year)
	s.render(w, r, status, "scale_preview", &Page{Title: title, Crumbs: s.crumbs(r, d.Campaign.ScopePath), Error: msg, Data: d})
}

func (s *Server) handleScaleApply(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	d, ok := s.previewFor(w, r)
	if !ok {
		return
	}
	if d.Current.ID == d.Version.ID {
		s.renderPreview(w, r, d, http.StatusConflict, fmt.Sprintf("Năm %d đã chấm bằng phiên bản %d.", d.Year, d.Version.Version))
		return
	}
	var p *store.Preview
	var err error
	if d.Subtype != "" {
		p, err = s.store.AssignSubtypeScale(r.Context(), actor(r), d.Campaign.ID, d.Year, d.Subtype, d.Version.ID, true)
	} else {
		p, err = s.store.ApplyScale(r.Context(), actor(r), d.Version.ID, d.Campaign.ID, d.Year)
	}
	if err != nil {
		if bontot.ErrorCode(err) == bontot.ECONFLICT || bontot.ErrorCode(err) == bontot.EINVALID {
			s.renderPreview(w, r, d, httpStatus(bontot.ErrorCode(err)), bontot.ErrorMessage(err))
			return
		}
		s.fail(w, r, err)
		return
	}
	rows, classChanges, _ := previewRows(p)
	s.flash(r, fmt.Sprintf("Đã áp dụng “%s” phiên bản %d cho năm %d: %d đơn vị đổi điểm hoặc xếp loại, trong đó %d đơn vị đổi xếp loại.",
		d.Version.Name(), d.Version.Version, d.Year, len(rows), classChanges))
	http.Redirect(w, r, "/campaigns/"+strconv.FormatInt(d.Campaign.ID, 10), http.StatusSeeOther)
}
