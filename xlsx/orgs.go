package xlsx

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"bontot"
)

// OrgRow is one row of the organization tree sheet: the organization and the
// code of its parent ("" for a root). Row is the spreadsheet row number it
// was read from; writers ignore it.
type OrgRow struct {
	Row        int
	Org        bontot.Org
	ParentCode string
}

// orgFieldCols maps the fields of Org.Validate to columns.
var orgFieldCols = map[string]int{
	"code": oCode, "name": oName, "short_name": oShortName, "kind": oKind,
	"subtype": oSubtype, "valid_from": oValidFrom, "valid_to": oValidTo, "decision": oDecision,
}

// ReadOrgs reads the organization tree sheet ("Cây tổ chức"). It returns the
// rows without a problem, in file order, and a Report of every problem found
// in the file: values and dates that do not parse, Org.Validate's findings,
// codes used twice, parents that are themselves or form a loop, and kinds
// that cannot sit under the parent's kind when the parent is in the file.
// Whether a parent code outside the file exists is left to the caller.
//
// The error is non-nil only when the file cannot be read as a whole: not a
// workbook, empty, or a header row without the required columns.
func ReadOrgs(r io.Reader, f Format) ([]OrgRow, *Report, error) {
	t, err := openTable(r, f, &orgLayout)
	if err != nil {
		return nil, nil, err
	}
	defer t.close()
	var (
		rep    = &Report{}
		p      problems
		rows   []OrgRow
		byCode = make(map[string]int) // code → index in rows of its first row
	)
	for t.next() {
		rep.Rows++
		row := t.row()
		add := func(col int, msg string) { p.add(row, col, t.value(col), msg) }
		o := bontot.Org{
			Code:      t.cell(oCode),
			Name:      t.cell(oName),
			ShortName: t.cell(oShortName),
			Decision:  t.cell(oDecision),
		}
		o.Kind = readEnum(t, &p, oKind, kinds, true)
		o.Subtype = readEnum(t, &p, oSubtype, subtypes, false)
		o.ValidFrom = readDate(t, &p, oValidFrom)
		o.ValidTo = readDate(t, &p, oValidTo)
		o.Normalize()
		fieldErrors(o.Validate(), func(field, msg string) {
			col, ok := orgFieldCols[field]
			if !ok {
				col = oCode
			}
			add(col, msg)
		})
		parent := code(t.cell(oParent))
		if o.Code != "" {
			if i, dup := byCode[o.Code]; dup {
				add(oCode, fmt.Sprintf("Mã “%s” trùng với dòng %d.", o.Code, rows[i].Row))
			} else {
				byCode[o.Code] = len(rows)
				if parent == o.Code {
					add(oParent, "Mã cấp trên trùng với mã của chính tổ chức này.")
				}
			}
		}
		rows = append(rows, OrgRow{Row: row, Org: o, ParentCode: parent})
	}
	if err := t.err(); err != nil {
		return nil, nil, err
	}
	if rep.Rows == 0 {
		return nil, nil, noData()
	}
	checkParents(rows, byCode, &p)
	p.report(rep, &orgLayout)
	var good []OrgRow
	for _, r := range rows {
		if !p.bad[r.Row] {
			good = append(good, r)
		}
	}
	return good, rep, nil
}

// checkParents checks the parents that are in the file: a kind must be able
// to sit under its parent's kind, and parents must not form a loop.
func checkParents(rows []OrgRow, byCode map[string]int, p *problems) {
	parentOf := func(i int) (int, bool) {
		j, ok := byCode[rows[i].ParentCode]
		return j, ok && rows[i].ParentCode != "" && j != i
	}
	for i, r := range rows {
		j, ok := parentOf(i)
		if !ok {
			continue
		}
		k, pk := r.Org.Kind, rows[j].Org.Kind
		if k.Valid() && pk.Valid() && !k.CanBeChildOf(pk) {
			p.add(r.Row, oParent, r.ParentCode, fmt.Sprintf("%s không thể trực thuộc %s “%s” (dòng %d).",
				k.Label(), strings.ToLower(pk.Label()), rows[j].Org.Name, rows[j].Row))
		}
	}
	// Walk up from each row, reporting each loop once: state 1 marks the
	// rows of the current walk, 2 the rows already walked.
	state := make([]byte, len(rows))
	for i := range rows {
		var path []int
		j, loop := i, false
		for state[j] == 0 {
			state[j] = 1
			path = append(path, j)
			next, ok := parentOf(j)
			if !ok {
				break
			}
			j = next
			loop = state[j] == 1 // back on the current walk
		}
		if loop { // from j round to j
			start := 0
			for path[start] != j {
				start++
			}
			cycle := path[start:]
			codes := make([]string, 0, len(cycle)+1)
			for _, x := range cycle {
				codes = append(codes, rows[x].Org.Code)
			}
			codes = append(codes, rows[j].Org.Code)
			msg := "Các mã cấp trên tạo thành vòng lặp: " + strings.Join(codes, " → ") + "."
			for _, x := range cycle {
				p.add(rows[x].Row, oParent, rows[x].ParentCode, msg)
			}
		}
		for _, x := range path {
			state[x] = 2
		}
	}
}

// WriteOrgs writes the organization tree sheet in format f.
func WriteOrgs(w io.Writer, f Format, rows []OrgRow) error {
	s, err := newSink(w, f, &orgLayout)
	if err != nil {
		return err
	}
	cells := make([]string, len(orgLayout.columns))
	for i := range rows {
		r := &rows[i]
		o := &r.Org
		cells[oCode] = o.Code
		cells[oName] = o.Name
		cells[oShortName] = o.ShortName
		cells[oKind] = kinds.text(o.Kind)
		cells[oSubtype] = subtypes.text(o.Subtype)
		cells[oParent] = r.ParentCode
		cells[oValidFrom] = o.ValidFrom.String()
		cells[oValidTo] = o.ValidTo.String()
		cells[oDecision] = o.Decision
		if err := s.write(cells); err != nil {
			s.abort()
			return err
		}
	}
	return s.close()
}

// readDate parses date column c of the current row, recording a problem
// when the cell is not a date.
func readDate(t *table, p *problems, c int) bontot.Date {
	v := t.date(c)
	d, err := bontot.ParseDate(v)
	if err != nil {
		p.add(t.row(), c, v, bontot.ErrorMessage(err))
	}
	return d
}

// fieldErrors calls fn for each field message of a validation error, in a
// stable order.
func fieldErrors(err error, fn func(field, msg string)) {
	var e *bontot.Error
	if err == nil || !errors.As(err, &e) {
		return
	}
	if len(e.Fields) == 0 {
		fn("", e.Message)
		return
	}
	for _, field := range slices.Sorted(maps.Keys(e.Fields)) {
		fn(field, e.Fields[field])
	}
}

func noData() error {
	return bontot.Errorf(bontot.EINVALID, "Tệp chỉ có dòng tiêu đề, chưa có dòng dữ liệu nào.")
}
