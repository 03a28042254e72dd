package xlsx

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"bontot"
	"bontot/vn"
)

// source yields the records of a file one by one, with their cells trimmed.
type source interface {
	next() bool      // advances to the next record; false at the end or on error
	row() int        // spreadsheet row number of the current record
	cells() []string // cells of the current record
	// date returns cell i of a date column. A cell that the spreadsheet stores
	// as a real date comes back as dd/mm/yyyy; other cells as they are.
	date(i int) string
	err() error
	close() error
}

const bom = "\uFEFF"

// maxUnzipped bounds the uncompressed size of a workbook, against zip bombs.
const maxUnzipped = 1 << 30

func openSource(r io.Reader, f Format, l *layout) (source, error) {
	switch f {
	case XLSX:
		return openXLSX(r, l)
	case CSV:
		return openCSV(r)
	}
	return nil, fmt.Errorf("xlsx: unknown format %q", f)
}

// xlsxSource reads a worksheet with excelize's streaming rows iterator.
type xlsxSource struct {
	f        *excelize.File
	sheet    string
	date1904 bool
	rows     *excelize.Rows // raw cell values
	n        int            // current row number
	cur      []string
	e        error

	// shown iterates the same sheet lazily, for the values as displayed, to
	// tell a date (a number with a date format) from a plain number.
	shown  *excelize.Rows
	shownN int
	shownV []string
}

var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

func openXLSX(r io.Reader, l *layout) (*xlsxSource, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	switch {
	case len(b) == 0:
		return nil, bontot.Errorf(bontot.EINVALID, "Tệp trống, không có dữ liệu.")
	case bytes.HasPrefix(b, oleMagic):
		return nil, bontot.Errorf(bontot.EINVALID, "Tệp là dạng .xls cũ (Excel 97–2003) hoặc có đặt mật khẩu: hãy mở bằng Excel, bỏ mật khẩu nếu có và lưu lại dạng .xlsx.")
	case !bytes.HasPrefix(b, zipMagic):
		return nil, notXLSX()
	}
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: maxUnzipped})
	if err != nil {
		if errors.Is(err, excelize.ErrOptionsUnzipSizeLimit) {
			return nil, bontot.Errorf(bontot.EINVALID, "Tệp Excel quá lớn, hãy chia thành nhiều tệp nhỏ hơn.")
		}
		return nil, notXLSX()
	}
	s := &xlsxSource{f: f}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, notXLSX()
	}
	s.sheet = sheets[0]
	for _, name := range sheets {
		if vn.Fold(name) == vn.Fold(l.sheet) {
			s.sheet = name
			break
		}
	}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		s.date1904 = *props.Date1904
	}
	if s.rows, err = f.Rows(s.sheet); err != nil {
		f.Close()
		return nil, notXLSX()
	}
	return s, nil
}

func notXLSX() error {
	return bontot.Errorf(bontot.EINVALID, "Tệp không phải là tệp Excel (.xlsx) hợp lệ hoặc đã bị hỏng.")
}

func (s *xlsxSource) next() bool {
	if s.e != nil || !s.rows.Next() {
		if s.e == nil && s.rows.Error() != nil {
			s.e = badXLSX(s.rows.Error())
		}
		return false
	}
	s.n++
	cols, err := s.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		s.e = badXLSX(err)
		return false
	}
	trim(cols)
	s.cur = cols
	return true
}

func badXLSX(err error) error {
	if errors.Is(err, excelize.ErrMaxRows) {
		return bontot.Errorf(bontot.EINVALID, "Tệp Excel có quá nhiều dòng.")
	}
	return bontot.Errorf(bontot.EINVALID, "Không đọc được tệp Excel: tệp bị hỏng hoặc không đúng định dạng .xlsx.")
}

func (s *xlsxSource) row() int        { return s.n }
func (s *xlsxSource) cells() []string { return s.cur }
func (s *xlsxSource) err() error      { return s.e }

func (s *xlsxSource) date(i int) string {
	v := cell(s.cur, i)
	serial, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return v // text, read by ParseDate
	}
	if shown := s.shownCell(i); shown == "" || isNumber(shown) {
		return v // a plain number, not a date: ParseDate refuses it
	}
	t, err := excelize.ExcelDateToTime(serial, s.date1904)
	if err != nil {
		return v
	}
	return bontot.DateOf(t).String()
}

// shownCell returns cell i of the current row as the spreadsheet displays it.
func (s *xlsxSource) shownCell(i int) string {
	if s.shown == nil {
		var err error
		if s.shown, err = s.f.Rows(s.sheet); err != nil {
			return ""
		}
	}
	if s.shownN < s.n {
		for s.shownN < s.n && s.shown.Next() {
			s.shownN++
		}
		if s.shownN != s.n {
			return ""
		}
		s.shownV, _ = s.shown.Columns()
		trim(s.shownV)
	}
	return cell(s.shownV, i)
}

// isNumber reports whether a displayed value is a number (with optional
// thousands separators), as opposed to a date.
func isNumber(s string) bool {
	_, err := strconv.ParseFloat(strings.NewReplacer(",", "", " ", "", "\u00a0", "").Replace(s), 64)
	return err == nil
}

func (s *xlsxSource) close() error {
	if s.shown != nil {
		s.shown.Close()
	}
	s.rows.Close()
	return s.f.Close()
}

// csvSource reads CSV with encoding/csv.
type csvSource struct {
	r   *csv.Reader
	n   int // row number of the current record
	end int // line where the current record ends
	cur []string
	e   error
}

func openCSV(r io.Reader) (*csvSource, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, _ := br.Peek(len(bom)); string(b) == bom {
		br.Discard(len(bom))
	}
	head, _ := br.Peek(64 << 10)
	if len(bytes.TrimSpace(head)) == 0 {
		return nil, bontot.Errorf(bontot.EINVALID, "Tệp trống, không có dữ liệu.")
	}
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	cr := csv.NewReader(br)
	cr.Comma = sniffComma(head)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	return &csvSource{r: cr}, nil
}

// sniffComma picks the separator of the header line: a comma, or the
// semicolon that Excel writes under Vietnamese regional settings, or a tab.
func sniffComma(line []byte) rune {
	comma, best := ',', bytes.Count(line, []byte(","))
	for _, c := range []rune{';', '\t'} {
		if n := bytes.Count(line, []byte(string(c))); n > best {
			comma, best = c, n
		}
	}
	return comma
}

func (s *csvSource) next() bool {
	if s.e != nil {
		return false
	}
	rec, err := s.r.Read()
	if err == io.EOF {
		return false
	}
	if err != nil {
		line := s.end + 1
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			line = pe.StartLine
		}
		s.e = bontot.Errorf(bontot.EINVALID, "Tệp CSV bị lỗi định dạng ở dòng %d: hãy mở bằng Excel và lưu lại dạng “CSV UTF-8”.", line)
		return false
	}
	// encoding/csv skips blank lines and lets quoted cells span lines; count
	// rows the way a spreadsheet shows them: blank lines are rows, a
	// multi-line cell is one row.
	start, _ := s.r.FieldPos(0)
	s.n += start - s.end
	last, _ := s.r.FieldPos(len(rec) - 1)
	s.end = last + strings.Count(rec[len(rec)-1], "\n")
	for i, c := range rec {
		if !utf8.ValidString(c) {
			s.e = bontot.Errorf(bontot.EINVALID, "Tệp CSV không dùng bảng mã UTF-8 (dòng %d): trong Excel hãy chọn Lưu thành → “CSV UTF-8 (Comma delimited)”.", s.n)
			return false
		}
		rec[i] = unquoteFormula(strings.TrimSpace(c))
	}
	s.cur = rec
	return true
}

func (s *csvSource) row() int          { return s.n }
func (s *csvSource) cells() []string   { return s.cur }
func (s *csvSource) date(i int) string { return cell(s.cur, i) }
func (s *csvSource) err() error        { return s.e }
func (s *csvSource) close() error      { return nil }

// Cells that a spreadsheet would run as a formula are written to CSV behind
// an apostrophe (CSV injection); reading takes it off again.
const formulaStart = "=+-@\t\r"

func quoteFormula(s string) string {
	if s != "" && strings.ContainsRune(formulaStart, rune(s[0])) {
		return "'" + s
	}
	return s
}

func unquoteFormula(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune(formulaStart, rune(s[1])) {
		return s[1:]
	}
	return s
}

func trim(cells []string) {
	for i, c := range cells {
		cells[i] = strings.TrimSpace(c)
	}
}

func cell(cells []string, i int) string {
	if i < 0 || i >= len(cells) {
		return ""
	}
	return cells[i]
}

// table reads the records of a file under its header row: it finds each
// column of the layout by its title and skips empty rows.
type table struct {
	src source
	lay *layout
	pos []int // pos[c] is the file column of layout column c, -1 when absent
}

// openTable opens the file and reads its header: the first row that is not
// empty. A file without one, or without a required column, is an EINVALID error.
func openTable(r io.Reader, f Format, l *layout) (*table, error) {
	src, err := openSource(r, f, l)
	if err != nil {
		return nil, err
	}
	t := &table{src: src, lay: l}
	if !t.next() {
		err := src.err()
		if err == nil {
			err = bontot.Errorf(bontot.EINVALID, "Tệp trống, không có dòng tiêu đề (%s).", l.header())
		}
		src.close()
		return nil, err
	}
	if err := t.header(); err != nil {
		src.close()
		return nil, err
	}
	return t, nil
}

// header maps the layout's columns to the file's, from the current record.
func (t *table) header() error {
	t.pos = make([]int, len(t.lay.columns))
	for c := range t.pos {
		t.pos[c] = -1
	}
	byTitle := make(map[string]int, len(t.lay.columns))
	for c, col := range t.lay.columns {
		byTitle[vn.Fold(col.title)] = c
	}
	for i, v := range t.src.cells() {
		c, ok := byTitle[vn.Fold(strings.TrimPrefix(v, bom))]
		if !ok {
			continue
		}
		if t.pos[c] >= 0 {
			return bontot.Errorf(bontot.EINVALID, "Dòng tiêu đề (dòng %d) có hai cột “%s” (cột %s và cột %s): hãy xóa bớt một cột.",
				t.src.row(), t.lay.title(c), colName(t.pos[c]), colName(i))
		}
		t.pos[c] = i
	}
	var missing []string
	for c, col := range t.lay.columns {
		if col.required && t.pos[c] < 0 {
			missing = append(missing, "“"+col.title+"”")
		}
	}
	if len(missing) > 0 {
		return bontot.Errorf(bontot.EINVALID, "Dòng tiêu đề (dòng %d) thiếu cột %s. Dòng tiêu đề cần có các cột: %s.",
			t.src.row(), strings.Join(missing, ", "), t.lay.header())
	}
	return nil
}

// header is the list of column titles, for messages.
func (l *layout) header() string {
	titles := make([]string, len(l.columns))
	for i, c := range l.columns {
		titles[i] = c.title
	}
	return strings.Join(titles, " | ")
}

func colName(i int) string {
	name, _ := excelize.ColumnNumberToName(i + 1)
	return name
}

// next advances to the next record that has a non-empty cell.
func (t *table) next() bool {
	for t.src.next() {
		for _, c := range t.src.cells() {
			if c != "" {
				return true
			}
		}
	}
	return false
}

func (t *table) row() int     { return t.src.row() }
func (t *table) err() error   { return t.src.err() }
func (t *table) close() error { return t.src.close() }

// cell returns layout column c of the current record; "" when the file has
// no such column.
func (t *table) cell(c int) string {
	if t.pos[c] < 0 {
		return ""
	}
	return cell(t.src.cells(), t.pos[c])
}

// value returns layout column c of the current record as read: for a date
// column, the date as dd/mm/yyyy when the spreadsheet stores a real date.
func (t *table) value(c int) string {
	if t.lay.columns[c].date {
		return t.date(c)
	}
	return t.cell(c)
}

// date returns layout column c of the current record, a date column.
func (t *table) date(c int) string {
	if t.pos[c] < 0 {
		return ""
	}
	v := t.src.date(t.pos[c])
	// ISO 8601 date-time, as in cells of type d: keep the date.
	if len(v) > 10 && v[4] == '-' && v[7] == '-' && v[10] == 'T' {
		v = v[:10]
	}
	return v
}

// sink writes records under a header row.
type sink interface {
	write(cells []string) error
	close() error
	abort() // releases resources after a failed write
}

func newSink(w io.Writer, f Format, l *layout) (sink, error) {
	switch f {
	case XLSX:
		return newXLSXSink(w, l)
	case CSV:
		return newCSVSink(w, l)
	}
	return nil, fmt.Errorf("xlsx: unknown format %q", f)
}

// xlsxSink writes one sheet with excelize's StreamWriter: bold header,
// frozen header row, column widths, every data cell as text.
type xlsxSink struct {
	w    io.Writer
	f    *excelize.File
	sw   *excelize.StreamWriter
	text int // style id of text cells
	n    int // last row written
	vals []any
}

func newXLSXSink(w io.Writer, l *layout) (*xlsxSink, error) {
	f := excelize.NewFile()
	s := &xlsxSink{w: w, f: f, vals: make([]any, len(l.columns))}
	if err := s.init(l); err != nil {
		f.Close()
		return nil, err
	}
	return s, nil
}

// numFmtText is the built-in number format "@": the cell holds text, so
// that Excel leaves dates, card numbers and leading zeros alone.
const numFmtText = 49

func (s *xlsxSink) init(l *layout) error {
	if err := s.f.SetSheetName(s.f.GetSheetName(0), l.sheet); err != nil {
		return err
	}
	var err error
	if s.text, err = s.f.NewStyle(&excelize.Style{NumFmt: numFmtText, Alignment: &excelize.Alignment{Vertical: "top"}}); err != nil {
		return err
	}
	bold, err := s.f.NewStyle(&excelize.Style{
		NumFmt:    numFmtText,
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E7E6E6"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
		Border:    []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}},
	})
	if err != nil {
		return err
	}
	if s.sw, err = s.f.NewStreamWriter(l.sheet); err != nil {
		return err
	}
	for i, c := range l.columns {
		if err := s.sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return err
		}
	}
	if err := s.sw.SetColStyle(1, len(l.columns), s.text); err != nil {
		return err
	}
	if err := s.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := make([]any, len(l.columns))
	for i, c := range l.columns {
		header[i] = excelize.Cell{StyleID: bold, Value: c.title}
	}
	s.n = 1
	return s.sw.SetRow("A1", header)
}

func (s *xlsxSink) write(cells []string) error {
	for i, c := range cells {
		s.vals[i] = nil
		if c != "" {
			s.vals[i] = excelize.Cell{StyleID: s.text, Value: c}
		}
	}
	return s.setRow()
}

// put writes one row of values of any kind; strings are text cells.
func (s *xlsxSink) put(vals ...any) error {
	for i, v := range vals {
		if str, ok := v.(string); ok {
			v = excelize.Cell{StyleID: s.text, Value: str}
		}
		s.vals[i] = v
	}
	return s.setRow()
}

func (s *xlsxSink) setRow() error {
	s.n++
	ref, err := excelize.CoordinatesToCellName(1, s.n)
	if err != nil {
		return err
	}
	return s.sw.SetRow(ref, s.vals)
}

func (s *xlsxSink) close() error {
	defer s.f.Close()
	if err := s.sw.Flush(); err != nil {
		return err
	}
	_, err := s.f.WriteTo(s.w)
	return err
}

func (s *xlsxSink) abort() { s.f.Close() }

// csvSink writes CSV in UTF-8 with a byte order mark, comma separated, with
// CRLF line ends, as Excel expects.
type csvSink struct {
	w   *csv.Writer
	rec []string
}

func newCSVSink(w io.Writer, l *layout) (*csvSink, error) {
	if _, err := io.WriteString(w, bom); err != nil {
		return nil, err
	}
	s := &csvSink{w: csv.NewWriter(w), rec: make([]string, len(l.columns))}
	s.w.UseCRLF = true
	for i, c := range l.columns {
		s.rec[i] = c.title
	}
	return s, s.w.Write(s.rec)
}

func (s *csvSink) write(cells []string) error {
	for i, c := range cells {
		s.rec[i] = quoteFormula(c)
	}
	return s.w.Write(s.rec)
}

func (s *csvSink) close() error {
	s.w.Flush()
	return s.w.Error()
}

func (s *csvSink) abort() {}
