package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"bontot"
	"bontot/scoring"
)

// The scale editor is one plain form: every criterion, item, bonus,
// deduction, band, veto and veto condition is a row whose fields are named
// "<key>.<field>" (criterion "c0", its items "c0.i0", bands "band0", vetoes
// "v0", their conditions "v0.k0"). "Thêm …" buttons submit the form to show
// one more blank row, nothing saved; a "xóa" box drops a row on save, blank
// rows are ignored. Points are typed the Vietnamese way ("12,5").

// The fields of each kind of row; checkboxes hold "1" when ticked.
var (
	critFields      = []string{"code", "name", "max", "floor", "del"}
	itemFields      = []string{"code", "name", "max", "method", "step", "formula", "per", "target", "guidance", "evidence", "na", "del"}
	bonusFields     = []string{"code", "name", "max", "guidance", "del"}
	deductionFields = []string{"code", "name", "per", "guidance", "del"}
	bandFields      = []string{"class", "label", "min", "floors", "novetoes", "del"}
	vetoFields      = []string{"code", "label", "del"}
	condFields      = []string{"fact", "op", "value", "del"}
	headFields      = []string{"name", "max", "bonus_cap", "note"}
)

// scaleRow is one row of the editor: its values as typed, its rows below
// (a criterion's items, a veto's conditions) and its messages.
type scaleRow struct {
	Key      string
	V        map[string]string
	Children []*scaleRow
	Problems []string // Check's messages about the row's code
	errs     map[string]string
}

// F is the form name of one of the row's fields.
func (r *scaleRow) F(name string) string {
	if r.Key == "" {
		return name
	}
	return r.Key + "." + name
}

// Get is a field's value; On tells whether a checkbox is ticked.
func (r *scaleRow) Get(name string) string { return r.V[name] }
func (r *scaleRow) On(name string) bool    { return r.V[name] != "" }

// Err is the message of one of the row's fields.
func (r *scaleRow) Err(name string) string { return r.errs[r.F(name)] }

// In is a text field of the row, for the "sfield" template; P a points field.
func (r *scaleRow) In(name, label string) field {
	return field{Name: r.F(name), Label: label, Value: r.V[name], Error: r.Err(name)}
}
func (r *scaleRow) P(name, label string) field {
	f := r.In(name, label)
	f.Kind = "points"
	return f
}

// selectField is a select of the row, for the "sselect" template.
type selectField struct {
	Name, Label, Value, Error string
	Options                   []option
}

// Sel is a select of the row with its choices.
func (r *scaleRow) Sel(name, label string, opts []option) selectField {
	return selectField{Name: r.F(name), Label: label, Value: r.V[name], Error: r.Err(name), Options: opts}
}

// Deleted tells whether the row's "xóa" box is ticked.
func (r *scaleRow) Deleted() bool { return r.On("del") }

// blank tells whether none of the named fields holds anything: a row added
// and left empty, which saving ignores.
func (r *scaleRow) blank(names ...string) bool {
	for _, n := range names {
		if strings.TrimSpace(r.V[n]) != "" {
			return false
		}
	}
	return true
}

func (r *scaleRow) code() string { return strings.TrimSpace(r.V["code"]) }

// scaleForm is the whole editor.
type scaleForm struct {
	Head       *scaleRow
	Criteria   []*scaleRow
	Bonuses    []*scaleRow
	Deductions []*scaleRow
	Bands      []*scaleRow
	Vetoes     []*scaleRow
	Top        []string // problems of the scale as a whole
	Summary    []string // every message, shown at the top
	errs       map[string]string
}

func (f *scaleForm) row(key string) *scaleRow {
	return &scaleRow{Key: key, V: map[string]string{}, errs: f.errs}
}

// readRow reads a row's fields from submitted values.
func (f *scaleForm) readRow(v url.Values, key string, names []string) *scaleRow {
	r := f.row(key)
	for _, n := range names {
		r.V[n] = v.Get(r.F(n))
	}
	return r
}

func optPoints(p scoring.Points) string {
	if p == 0 {
		return ""
	}
	return p.String()
}

func onOff(b bool) string {
	if b {
		return "1"
	}
	return ""
}

// conditionInput shows a condition's value for typing: a rating by its code.
func conditionInput(kind scoring.Kind, c scoring.Condition) string {
	if fi, ok := scoring.LookupFact(kind, c.Fact); ok && fi.Rating {
		if code := scoring.Rating(c.Value).Code(); code != "" {
			return code
		}
	}
	return strconv.FormatInt(c.Value, 10)
}

// scaleFormOf fills the editor with a stored scale.
func scaleFormOf(sc *scoring.Scale, note string) *scaleForm {
	f := &scaleForm{errs: map[string]string{}}
	f.Head = f.row("")
	f.Head.V = map[string]string{"name": sc.Name, "max": sc.Max.String(), "bonus_cap": sc.BonusCap.String(), "note": note}
	for i, c := range sc.Criteria {
		cr := f.row("c" + strconv.Itoa(i))
		cr.V = map[string]string{"code": c.Code, "name": c.Name, "max": c.Max.String(), "floor": c.Floor.String()}
		for j, it := range c.Items {
			ir := f.row(cr.Key + ".i" + strconv.Itoa(j))
			ir.V = map[string]string{"code": it.Code, "name": it.Name, "max": it.Max.String(), "method": string(it.Method),
				"step": optPoints(it.Step), "formula": it.Formula, "per": optPoints(it.Per), "target": optPoints(it.Target),
				"guidance": it.Guidance, "evidence": onOff(it.EvidenceRequired), "na": onOff(it.AllowNA)}
			cr.Children = append(cr.Children, ir)
		}
		f.Criteria = append(f.Criteria, cr)
	}
	for i, b := range sc.Bonuses {
		r := f.row("b" + strconv.Itoa(i))
		r.V = map[string]string{"code": b.Code, "name": b.Name, "max": b.Max.String(), "guidance": b.Guidance}
		f.Bonuses = append(f.Bonuses, r)
	}
	for i, d := range sc.Deductions {
		r := f.row("d" + strconv.Itoa(i))
		r.V = map[string]string{"code": d.Code, "name": d.Name, "per": d.Per.String(), "guidance": d.Guidance}
		f.Deductions = append(f.Deductions, r)
	}
	for i, b := range sc.Bands {
		r := f.row("band" + strconv.Itoa(i))
		r.V = map[string]string{"class": string(b.Class), "label": b.Label, "min": b.Min.String(), "floors": onOff(b.RequireFloors), "novetoes": onOff(b.RequireNoVetoes)}
		f.Bands = append(f.Bands, r)
	}
	for i, vt := range sc.Vetoes {
		r := f.row("v" + strconv.Itoa(i))
		r.V = map[string]string{"code": vt.Code, "label": vt.Label}
		for j, c := range vt.Any {
			cr := f.row(r.Key + ".k" + strconv.Itoa(j))
			cr.V = map[string]string{"fact": c.Fact, "op": c.Op, "value": conditionInput(sc.Kind, c)}
			r.Children = append(r.Children, cr)
		}
		f.Vetoes = append(f.Vetoes, r)
	}
	return f
}

// scaleFormFrom reads the editor as submitted. Rows are numbered from 0
// without gaps; a row exists when its first field was submitted.
func scaleFormFrom(v url.Values) *scaleForm {
	f := &scaleForm{errs: map[string]string{}}
	f.Head = f.readRow(v, "", headFields)
	rows := func(prefix, first string, names []string) []*scaleRow {
		var out []*scaleRow
		for i := 0; v.Has(prefix + strconv.Itoa(i) + "." + first); i++ {
			out = append(out, f.readRow(v, prefix+strconv.Itoa(i), names))
		}
		return out
	}
	f.Criteria = rows("c", "code", critFields)
	for _, c := range f.Criteria {
		c.Children = rows(c.Key+".i", "code", itemFields)
	}
	f.Bonuses = rows("b", "code", bonusFields)
	f.Deductions = rows("d", "code", deductionFields)
	f.Bands = rows("band", "class", bandFields)
	f.Vetoes = rows("v", "code", vetoFields)
	for _, vt := range f.Vetoes {
		vt.Children = rows(vt.Key+".k", "fact", condFields)
	}
	return f
}

// add appends one blank row, as asked by an "add" button: "criterion",
// "item c0", "bonus", "deduction", "band", "veto", "cond v0".
func (f *scaleForm) add(what string) {
	kind, key, _ := strings.Cut(what, " ")
	newItem := func(c *scaleRow) {
		r := f.row(c.Key + ".i" + strconv.Itoa(len(c.Children)))
		r.V["method"] = string(scoring.Typed)
		c.Children = append(c.Children, r)
	}
	newCond := func(vt *scaleRow) {
		r := f.row(vt.Key + ".k" + strconv.Itoa(len(vt.Children)))
		r.V["op"] = ">"
		vt.Children = append(vt.Children, r)
	}
	switch kind {
	case "criterion":
		c := f.row("c" + strconv.Itoa(len(f.Criteria)))
		newItem(c)
		f.Criteria = append(f.Criteria, c)
	case "item":
		for _, c := range f.Criteria {
			if c.Key == key {
				newItem(c)
			}
		}
	case "bonus":
		f.Bonuses = append(f.Bonuses, f.row("b"+strconv.Itoa(len(f.Bonuses))))
	case "deduction":
		f.Deductions = append(f.Deductions, f.row("d"+strconv.Itoa(len(f.Deductions))))
	case "band":
		f.Bands = append(f.Bands, f.row("band"+strconv.Itoa(len(f.Bands))))
	case "veto":
		vt := f.row("v" + strconv.Itoa(len(f.Vetoes)))
		newCond(vt)
		f.Vetoes = append(f.Vetoes, vt)
	case "cond":
		for _, vt := range f.Vetoes {
			if vt.Key == key {
				newCond(vt)
			}
		}
	}
}

// fail records a message for a field and in the summary.
func (f *scaleForm) fail(name, label, msg string) {
	if _, ok := f.errs[name]; !ok {
		f.errs[name] = msg
	}
	f.Summary = append(f.Summary, label+": "+msg)
}

// points reads a points field; an optional one may be left empty (0).
func (f *scaleForm) points(r *scaleRow, name, label string, optional bool) scoring.Points {
	s := r.V[name]
	if optional && strings.TrimSpace(s) == "" {
		return 0
	}
	p, err := scoring.ParsePoints(s)
	if err != nil {
		f.fail(r.F(name), label, err.Error())
	}
	return p
}

func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

// rowLabel names a row in the summary: "Tiêu chí thành phần 1.2".
func rowLabel(what, code string, i int) string {
	if code != "" {
		return what + " " + code
	}
	return fmt.Sprintf("%s thứ %d", what, i+1)
}

// scale builds the scale from the rows kept; typing mistakes are recorded
// as field messages.
func (f *scaleForm) scale(kind scoring.Kind) *scoring.Scale {
	h := f.Head
	sc := &scoring.Scale{Name: clean(h.V["name"]), Kind: kind}
	sc.Max = f.points(h, "max", "Tổng điểm tối đa", false)
	sc.BonusCap = f.points(h, "bonus_cap", "Điểm thưởng được cộng tối đa", true)
	for ci, cr := range f.Criteria {
		items := 0
		for _, ir := range cr.Children {
			if !ir.Deleted() && !ir.blank("code", "name", "max", "step", "per", "target", "guidance") {
				items++
			}
		}
		if cr.Deleted() || (items == 0 && cr.blank("code", "name", "max", "floor")) {
			continue
		}
		l := rowLabel("Tiêu chí", cr.code(), ci)
		c := scoring.Criterion{Code: cr.code(), Name: clean(cr.V["name"])}
		c.Max = f.points(cr, "max", l+", điểm tối đa", false)
		c.Floor = f.points(cr, "floor", l+", mức sàn", true)
		for ii, ir := range cr.Children {
			if ir.Deleted() || ir.blank("code", "name", "max", "step", "per", "target", "guidance") {
				continue
			}
			l := rowLabel("Tiêu chí thành phần", ir.code(), ii)
			it := scoring.Item{Code: ir.code(), Name: clean(ir.V["name"]), Guidance: strings.TrimSpace(ir.V["guidance"]),
				Method: scoring.Method(ir.V["method"]), EvidenceRequired: ir.On("evidence"), AllowNA: ir.On("na")}
			it.Max = f.points(ir, "max", l+", điểm tối đa", false)
			it.Step = f.points(ir, "step", l+", bước điểm", true)
			it.Per = f.points(ir, "per", l+", Per", true)
			it.Target = f.points(ir, "target", l+", Target", true)
			// A formula chosen before the method was changed to typing does not count.
			if it.Method == scoring.Formula || it.Method == scoring.Computed {
				it.Formula = ir.V["formula"]
			}
			c.Items = append(c.Items, it)
		}
		sc.Criteria = append(sc.Criteria, c)
	}
	for i, r := range f.Bonuses {
		if r.Deleted() || r.blank("code", "name", "max", "guidance") {
			continue
		}
		b := scoring.Bonus{Code: r.code(), Name: clean(r.V["name"]), Guidance: strings.TrimSpace(r.V["guidance"])}
		b.Max = f.points(r, "max", rowLabel("Điểm thưởng", b.Code, i)+", điểm tối đa", false)
		sc.Bonuses = append(sc.Bonuses, b)
	}
	for i, r := range f.Deductions {
		if r.Deleted() || r.blank("code", "name", "per", "guidance") {
			continue
		}
		d := scoring.Deduction{Code: r.code(), Name: clean(r.V["name"]), Guidance: strings.TrimSpace(r.V["guidance"])}
		d.Per = f.points(r, "per", rowLabel("Điểm trừ", d.Code, i)+", số điểm trừ mỗi trường hợp", false)
		sc.Deductions = append(sc.Deductions, d)
	}
	for i, r := range f.Bands {
		if r.Deleted() || r.blank("class", "label", "min") {
			continue
		}
		b := scoring.Band{Class: scoring.Class(r.V["class"]), Label: clean(r.V["label"]), RequireFloors: r.On("floors"), RequireNoVetoes: r.On("novetoes")}
		b.Min = f.points(r, "min", rowLabel("Mức xếp loại", b.Label, i)+", điểm tối thiểu", false)
		sc.Bands = append(sc.Bands, b)
	}
	for i, r := range f.Vetoes {
		conds := 0
		for _, c := range r.Children {
			if !c.Deleted() && !c.blank("fact", "value") {
				conds++
			}
		}
		if r.Deleted() || (conds == 0 && r.blank("code", "label")) {
			continue
		}
		vt := scoring.Veto{Code: r.code(), Label: clean(r.V["label"])}
		for _, cr := range r.Children {
			if cr.Deleted() || cr.blank("fact", "value") {
				continue
			}
			c := scoring.Condition{Fact: cr.V["fact"], Op: cr.V["op"]}
			l := rowLabel("Điều kiện loại trừ", vt.Code, i)
			if c.Fact == "" {
				f.fail(cr.F("fact"), l, "Vui lòng chọn số liệu.")
			}
			var err error
			if c.Value, err = conditionValueFrom(cr.V["value"]); err != nil {
				f.fail(cr.F("value"), l, err.Error())
			}
			vt.Any = append(vt.Any, c)
		}
		sc.Vetoes = append(sc.Vetoes, vt)
	}
	return sc
}

// conditionValueFrom reads a condition's value: a whole number, or a rating
// code ("HTTNV") for the rating facts.
func conditionValueFrom(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("Chưa nhập giá trị so sánh.")
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, nil
	}
	if r, err := scoring.ParseRating(s); err == nil && r != scoring.Unrated {
		return int64(r), nil
	}
	return 0, errors.New("Giá trị phải là một số nguyên hoặc một mức xếp loại (HTXSNV, HTTNV, HTNV, KHTNV).")
}

// rowsWithCode finds the kept rows a problem's code names (bands by class).
func (f *scaleForm) rowsWithCode(code string) []*scaleRow {
	var out []*scaleRow
	match := func(r *scaleRow, v string) {
		if !r.Deleted() && strings.TrimSpace(v) == code {
			out = append(out, r)
		}
	}
	for _, c := range f.Criteria {
		match(c, c.V["code"])
		for _, it := range c.Children {
			match(it, it.V["code"])
		}
	}
	for _, rs := range [][]*scaleRow{f.Bonuses, f.Deductions, f.Vetoes} {
		for _, r := range rs {
			match(r, r.V["code"])
		}
	}
	for _, r := range f.Bands {
		match(r, r.V["class"])
	}
	return out
}

// attach shows problems next to the rows they name and in the summary.
func (f *scaleForm) attach(ps []scoring.Problem) {
	for _, p := range ps {
		f.Summary = append(f.Summary, p.Message)
		rows := f.rowsWithCode(p.Code)
		if p.Code == "" || len(rows) == 0 {
			f.Top = append(f.Top, p.Message)
			continue
		}
		for _, r := range rows {
			r.Problems = append(r.Problems, p.Message)
		}
	}
}

// storeError shows an error the store returned: its field messages (keyed
// by code) next to their rows, else its message.
func (f *scaleForm) storeError(err error) {
	e, ok := err.(*bontot.Error)
	if !ok || len(e.Fields) == 0 {
		f.Top = append(f.Top, bontot.ErrorMessage(err))
		f.Summary = append(f.Summary, bontot.ErrorMessage(err))
		return
	}
	for code, msg := range e.Fields {
		f.attach([]scoring.Problem{{Code: code, Message: msg}})
	}
}

// option is one choice of a select.
type option struct{ Value, Label string }

type scaleEditData struct {
	Version     *bontot.ScaleVersion
	Form        *scaleForm
	NextVersion int
	NoteLabel   string
	KindLabel   string
	Methods     []option
	Formulas    []option
	Facts       []option
	Ops         []option
	Classes     []option
}

func (s *Server) renderScaleForm(w http.ResponseWriter, r *http.Request, v *bontot.ScaleVersion, f *scaleForm, status int) {
	x, err := s.scaleIndex(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &scaleEditData{Version: v, Form: f, NextVersion: v.Version + 1, NoteLabel: "Nội dung thay đổi (không bắt buộc)",
		KindLabel: scaleKindLabel(v.Kind)}
	if v.Frozen {
		d.NoteLabel = "Nội dung thay đổi (bắt buộc)"
	}
	if n := x.newest[v.Family]; n != nil {
		d.NextVersion = n.Version + 1
	}
	for _, m := range scaleMethods {
		d.Methods = append(d.Methods, option{string(m), methodLabels[m]})
	}
	d.Formulas = []option{{"", "— Không dùng công thức —"}}
	for _, fi := range scoring.FormulasFor(v.Kind) {
		d.Formulas = append(d.Formulas, option{fi.Name, fi.Label + " (" + methodLabels[fi.Method] + ")"})
	}
	d.Facts = []option{{"", "— Chọn số liệu —"}}
	seen := map[string]bool{}
	for _, fi := range scoring.FactInfos {
		if fi.Kind == v.Kind && !seen[fi.Name] {
			seen[fi.Name] = true
			d.Facts = append(d.Facts, option{fi.Name, fi.Label})
		}
	}
	for _, op := range scaleOps {
		d.Ops = append(d.Ops, option{op, opSymbols[op]})
	}
	d.Classes = []option{{"", "— Chọn —"}}
	for _, c := range scaleClasses {
		d.Classes = append(d.Classes, option{string(c), scaleClassLabel(c)})
	}
	title := fmt.Sprintf("Sửa thang điểm “%s” — phiên bản %d", v.Name(), v.Version)
	if v.Frozen {
		title = fmt.Sprintf("Tạo phiên bản %d của thang điểm “%s”", d.NextVersion, v.Name())
	}
	s.render(w, r, status, "scale_form", &Page{Title: title, Data: d})
}

func (s *Server) handleScaleEdit(w http.ResponseWriter, r *http.Request) {
	v, ok := s.scaleFor(w, r, true)
	if !ok {
		return
	}
	note := v.Note
	if v.Frozen {
		note = "" // the note of the new version is still to be written
	}
	s.renderScaleForm(w, r, v, scaleFormOf(v.Scale, note), http.StatusOK)
}

func (s *Server) handleScaleSave(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	v, ok := s.scaleFor(w, r, true)
	if !ok {
		return
	}
	f := scaleFormFrom(r.PostForm)
	if add := r.PostForm.Get("add"); add != "" {
		f.add(add)
		s.renderScaleForm(w, r, v, f, http.StatusOK)
		return
	}
	sc := f.scale(v.Kind)
	note := strings.TrimSpace(f.Head.V["note"])
	if v.Frozen && note == "" {
		f.fail("note", "Nội dung thay đổi", "Vui lòng ghi nội dung thay đổi của phiên bản mới.")
	}
	if len(f.errs) == 0 {
		f.attach(sc.Check())
	}
	if len(f.Summary) > 0 {
		s.renderScaleForm(w, r, v, f, http.StatusUnprocessableEntity)
		return
	}
	id := v.ID
	var err error
	if v.Frozen {
		var nv *bontot.ScaleVersion
		if nv, err = s.store.NewScaleVersion(r.Context(), actor(r), v.ID, sc, note); err == nil {
			id = nv.ID
			s.flash(r, fmt.Sprintf("Đã tạo phiên bản %d của thang điểm “%s”. Phiên bản %d vẫn giữ nguyên.", nv.Version, sc.Name, v.Version))
		}
	} else if err = s.store.UpdateScale(r.Context(), actor(r), v.ID, sc, note); err == nil {
		s.flash(r, "Đã lưu thang điểm “"+sc.Name+"”.")
	}
	if err != nil {
		code := bontot.ErrorCode(err)
		if code != bontot.EINVALID && code != bontot.ECONFLICT {
			s.fail(w, r, err)
			return
		}
		f.storeError(err)
		s.renderScaleForm(w, r, v, f, httpStatus(code))
		return
	}
	http.Redirect(w, r, "/scales/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
