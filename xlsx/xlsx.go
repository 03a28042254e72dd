// Package xlsx reads and writes the organization tree and the member register
// as Excel workbooks (.xlsx) and as CSV, in one column layout both ways, so
// that an exported file can be imported again unchanged.
//
// Imports check every row in the file and collect the problems in a Report,
// one entry per row and column, in Vietnamese; callers apply nothing unless
// the report is empty. Checks that need the database (does a parent code or
// a cell code exist, is a card number already taken) are left to the caller,
// which can add its findings to the same Report.
//
// The header is the first non-empty row; columns are found by their titles,
// ignoring accents and case, in any order, and unknown columns are ignored.
// Dates are written as dd/mm/yyyy text cells; reading also accepts the
// numbers with a date format that Excel makes of typed dates.
//
// CSV files are written in UTF-8 with a byte order mark so that Excel shows
// Vietnamese correctly, comma separated. A cell that a spreadsheet would run
// as a formula (starting with = + - @) is written behind an apostrophe, which
// reading takes off. Reading accepts the mark or not, and a semicolon
// separator as written by Excel under Vietnamese regional settings.
package xlsx

import (
	"path/filepath"
	"strings"

	"bontot"
	"bontot/vn"
)

// Format is a spreadsheet file format.
type Format string

// Formats.
const (
	XLSX Format = "xlsx" // Office Open XML workbook
	CSV  Format = "csv"  // comma-separated values, UTF-8 with BOM
)

// FormatOf returns the format of a file from its name's extension. Other
// extensions give an EINVALID error in Vietnamese.
func FormatOf(filename string) (Format, error) {
	switch ext := strings.ToLower(filepath.Ext(filename)); ext {
	case ".xlsx":
		return XLSX, nil
	case ".csv":
		return CSV, nil
	case ".xls":
		return "", bontot.Errorf(bontot.EINVALID, "Tệp .xls (Excel 97–2003) chưa được hỗ trợ: hãy mở tệp bằng Excel và lưu lại dạng .xlsx.")
	case "":
		return "", bontot.Errorf(bontot.EINVALID, "Tệp “%s” không có phần mở rộng: chỉ nhận tệp .xlsx hoặc .csv.", filename)
	default:
		return "", bontot.Errorf(bontot.EINVALID, "Không đọc được tệp %s: chỉ nhận tệp .xlsx hoặc .csv.", ext)
	}
}

// ContentType is the MIME type of the format, for downloads.
func (f Format) ContentType() string {
	switch f {
	case XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case CSV:
		return "text/csv; charset=utf-8"
	}
	return "application/octet-stream"
}

// column is one column of a layout.
type column struct {
	title    string
	width    float64 // in characters, for .xlsx
	required bool    // an imported file must have this column
	date     bool    // the cells are dates
}

// layout is the sheet name and the columns of one kind of file, in order.
type layout struct {
	sheet   string
	columns []column
}

// title returns the title of column c.
func (l *layout) title(c int) string { return l.columns[c].title }

// Columns of the organization tree.
const (
	oCode = iota
	oName
	oShortName
	oKind
	oSubtype
	oParent
	oValidFrom
	oValidTo
	oDecision
)

var orgLayout = layout{sheet: "Cây tổ chức", columns: []column{
	oCode:      {title: "Mã", width: 24, required: true},
	oName:      {title: "Tên", width: 44, required: true},
	oShortName: {title: "Tên viết tắt", width: 20},
	oKind:      {title: "Loại", width: 20, required: true},
	oSubtype:   {title: "Loại hình", width: 18},
	oParent:    {title: "Mã cấp trên", width: 24, required: true},
	oValidFrom: {title: "Hiệu lực từ", width: 13, required: true, date: true},
	oValidTo:   {title: "Hiệu lực đến", width: 13, date: true},
	oDecision:  {title: "Quyết định thành lập", width: 44},
}}

// Columns of the member register.
const (
	mName = iota
	mGender
	mBirth
	mAdmitted
	mFullMember
	mStatus
	mCard
	mPosition
	mPhone
	mOrg
)

var memberLayout = layout{sheet: "Danh sách đảng viên", columns: []column{
	mName:       {title: "Họ và tên", width: 28, required: true},
	mGender:     {title: "Giới tính", width: 10, required: true},
	mBirth:      {title: "Ngày sinh", width: 13, required: true, date: true},
	mAdmitted:   {title: "Ngày vào Đảng", width: 15, required: true, date: true},
	mFullMember: {title: "Ngày chính thức", width: 15, date: true},
	mStatus:     {title: "Tình trạng", width: 16, required: true},
	mCard:       {title: "Số thẻ đảng viên", width: 18},
	mPosition:   {title: "Chức vụ", width: 14},
	mPhone:      {title: "Điện thoại", width: 14},
	mOrg:        {title: "Mã chi bộ", width: 24, required: true},
}}

// enum matches the cells of a column with a fixed list of values: by their
// Vietnamese label or their code, ignoring accents and case.
type enum[T ~string] struct {
	values []T
	label  func(T) string
	exact  map[string]T // label → value, the common case
	byKey  map[string]T // folded label or code → value
}

func newEnum[T ~string](values []T, label func(T) string) *enum[T] {
	e := &enum[T]{values: values, label: label, exact: make(map[string]T), byKey: make(map[string]T)}
	for _, v := range values {
		e.exact[label(v)] = v
		e.byKey[vn.Fold(label(v))] = v
		e.byKey[vn.Fold(string(v))] = v
	}
	return e
}

// parse returns the value named by s, and false when s names none.
func (e *enum[T]) parse(s string) (T, bool) {
	if v, ok := e.exact[s]; ok {
		return v, true
	}
	v, ok := e.byKey[vn.Fold(s)]
	return v, ok
}

// text is what is written for v: its label, or the code itself when unknown.
func (e *enum[T]) text(v T) string {
	if l := e.label(v); l != "" {
		return l
	}
	return string(v)
}

// list is the accepted labels, for messages: “A”, “B”, “C”.
func (e *enum[T]) list() string {
	q := make([]string, len(e.values))
	for i, v := range e.values {
		q[i] = "“" + e.label(v) + "”"
	}
	return strings.Join(q, ", ")
}

var (
	kinds     = newEnum(bontot.OrgKinds, bontot.OrgKind.Label)
	subtypes  = newEnum(bontot.OrgSubtypes, bontot.OrgSubtype.Label)
	statuses  = newEnum(bontot.MemberStatuses, bontot.MemberStatus.Label)
	positions = newEnum(bontot.Positions, bontot.Position.Label)
	genders   = newEnum([]bontot.Gender{bontot.Male, bontot.Female}, bontot.Gender.Label)
)

// code normalizes an organization code typed in a cell the way Org.Normalize does.
func code(s string) string { return strings.ToUpper(vn.Clean(s)) }
