package xlsx

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"bontot"
)

// RowError is one problem in one row and column of an imported file, in
// Vietnamese. Row is the spreadsheet row number (the header is row 1);
// Column is the column title; Value is the cell as read.
type RowError struct {
	Row     int
	Column  string
	Value   string
	Message string
}

// Report collects every problem of an imported file. An import applies
// nothing unless the report is empty.
type Report struct {
	Errors []RowError
	Rows   int // data rows read, empty rows not counted
	// CellCodes holds the cell code of each member row refused for a problem
	// in the file, so that the caller can still check the code against the
	// database and list every problem of the row at once.
	CellCodes map[int]string
}

// Add records a problem in row and column.
func (r *Report) Add(row int, column, value, msg string) {
	r.Errors = append(r.Errors, RowError{Row: row, Column: column, Value: value, Message: msg})
}

// OK reports whether the file has no problem.
func (r *Report) OK() bool { return r == nil || len(r.Errors) == 0 }

// reportListed is how many problems Err spells out.
const reportListed = 5

// Err returns nil when the report is empty, else an EINVALID *bontot.Error
// whose message counts the problems and lists the first few.
func (r *Report) Err() error {
	if r.OK() {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Tệp có %d lỗi, chưa có dữ liệu nào được nhập: ", len(r.Errors))
	for i, e := range r.Errors[:min(len(r.Errors), reportListed)] {
		if i > 0 {
			b.WriteString("; ")
		}
		if e.Row > 0 {
			fmt.Fprintf(&b, "dòng %d, ", e.Row)
		}
		if e.Column != "" {
			fmt.Fprintf(&b, "cột “%s”: ", e.Column)
		}
		b.WriteString(strings.TrimSuffix(e.Message, "."))
	}
	if n := len(r.Errors) - reportListed; n > 0 {
		fmt.Fprintf(&b, "; và %d lỗi khác", n)
	}
	b.WriteString(".")
	return &bontot.Error{Code: bontot.EINVALID, Message: b.String()}
}

var reportLayout = layout{sheet: "Lỗi", columns: []column{
	{title: "Dòng", width: 8, required: true}, {title: "Cột", width: 22, required: true}, {title: "Giá trị", width: 30, required: true}, {title: "Lỗi", width: 90, required: true},
}}

// WriteReport writes the report as an .xlsx workbook with the columns
// Dòng | Cột | Giá trị | Lỗi, so that users can fix their file row by row.
func WriteReport(w io.Writer, r *Report) error {
	s, err := newXLSXSink(w, &reportLayout)
	if err != nil {
		return err
	}
	for _, e := range r.Errors {
		var row any // blank for problems of the whole file
		if e.Row > 0 {
			row = e.Row
		}
		if err := s.put(row, e.Column, e.Value, e.Message); err != nil {
			s.abort()
			return err
		}
	}
	return s.close()
}

// cellErr is a problem found while reading, before it goes to the Report.
type cellErr struct {
	row, col int
	value    string
	msg      string
}

// problems collects the problems of an import and hands them to a Report
// sorted by row and then column.
type problems struct {
	list  []cellErr
	cells map[[2]int]bool // (row, col) with a problem
	bad   map[int]bool    // rows with a problem
}

// add records a problem unless the cell already has one: the first message
// about a cell is the most precise (a date that does not parse, rather than
// the date being missing).
func (p *problems) add(row, col int, value, msg string) {
	if p.has(row, col) {
		return
	}
	if p.cells == nil {
		p.cells, p.bad = make(map[[2]int]bool), make(map[int]bool)
	}
	p.cells[[2]int{row, col}] = true
	p.bad[row] = true
	p.list = append(p.list, cellErr{row, col, value, msg})
}

// has reports whether cell (row, col) already has a problem.
func (p *problems) has(row, col int) bool { return p.cells[[2]int{row, col}] }

// report fills rep with the problems in row and column order.
func (p *problems) report(rep *Report, l *layout) {
	slices.SortStableFunc(p.list, func(a, b cellErr) int {
		return cmp.Or(cmp.Compare(a.row, b.row), cmp.Compare(a.col, b.col))
	})
	for _, e := range p.list {
		rep.Add(e.row, l.title(e.col), e.value, e.msg)
	}
}
