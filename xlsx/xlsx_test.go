package xlsx_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"bontot"
	"bontot/xlsx"
)

var today = bontot.MustDate("15/06/2025")

var formats = []xlsx.Format{xlsx.XLSX, xlsx.CSV}

func sampleMembers() []xlsx.MemberRow {
	return []xlsx.MemberRow{
		{Row: 2, OrgCode: "HT.TP.NDU.TDP4", Member: bontot.Member{
			FullName: "Nguyễn Văn Đức", Gender: bontot.Male,
			BirthDate: bontot.MustDate("05/09/1985"), AdmittedDate: bontot.MustDate("03/02/2010"), FullMemberDate: bontot.MustDate("03/02/2011"),
			Status: bontot.StatusFull, CardNumber: "012345678", Position: bontot.PosSecretary, Phone: "0912345678",
		}},
		{Row: 3, OrgCode: "HT.TP.NDU.TDP4", Member: bontot.Member{
			FullName: "Trần Thị Ngọc Ánh", Gender: bontot.Female,
			BirthDate: bontot.MustDate("29/02/2000"), AdmittedDate: bontot.MustDate("19/05/2024"),
			Status: bontot.StatusProbation, Position: bontot.PosMember, Phone: "+84912345678",
		}},
		{Row: 4, OrgCode: "HT.TP.NDU.TDP5", Member: bontot.Member{
			FullName: "Phạm Thị Hường", Gender: bontot.Female,
			BirthDate: bontot.MustDate("01/01/1940"), AdmittedDate: bontot.MustDate("02/09/1965"), FullMemberDate: bontot.MustDate("02/09/1966"),
			Status: bontot.StatusExempt, CardNumber: "72.001234", Position: bontot.PosDeputySecretary,
		}},
		{Row: 5, OrgCode: "HT.TP.NDU.TDP5", Member: bontot.Member{
			FullName: "Đặng Quốc Việt", Gender: bontot.Male,
			BirthDate: bontot.MustDate("31/12/1990"), AdmittedDate: bontot.MustDate("31/12/2012"), FullMemberDate: bontot.MustDate("31/12/2013"),
			Status: bontot.StatusFull, CardNumber: "A-99", Position: bontot.PosCommittee, Phone: "02393855123",
		}},
	}
}

func sampleOrgs() []xlsx.OrgRow {
	return []xlsx.OrgRow{
		{Row: 2, Org: bontot.Org{
			Code: "HT", Name: "Tỉnh ủy Hà Tĩnh", ShortName: "TU HT", Kind: bontot.KindSuperior,
			ValidFrom: bontot.MustDate("01/09/1991"), Decision: "Quyết định số 1-QĐ/TW ngày 01/09/1991",
		}},
		{Row: 3, ParentCode: "HT", Org: bontot.Org{
			Code: "HT.TP", Name: "Đảng bộ phường Nguyễn Du", Kind: bontot.KindBaseCommittee, Subtype: bontot.SubOther,
			ValidFrom: bontot.MustDate("03/02/2015"),
		}},
		{Row: 4, ParentCode: "HT.TP", Org: bontot.Org{
			Code: "HT.TP.NDU.TDP4", Name: "Chi bộ Tổ dân phố 4", ShortName: "CB TDP4", Kind: bontot.KindCell, Subtype: bontot.SubResidential,
			ValidFrom: bontot.MustDate("03/02/2015"), ValidTo: bontot.MustDate("31/12/2024"), Decision: "=Quyết định số 12-QĐ/ĐU, “sáp nhập”",
		}},
		{Row: 5, ParentCode: "HT.TP.NDU.TDP4", Org: bontot.Org{
			Code: "HT.TP.NDU.TDP4.T1", Name: "Tổ đảng số 1", Kind: bontot.KindGroup,
			ValidFrom: bontot.MustDate("01/01/2020"),
		}},
	}
}

func TestFormatOf(t *testing.T) {
	for name, want := range map[string]xlsx.Format{"a.xlsx": xlsx.XLSX, "DANH SÁCH.XLSX": xlsx.XLSX, "b.csv": xlsx.CSV, "c.CSV": xlsx.CSV} {
		if got, err := xlsx.FormatOf(name); err != nil || got != want {
			t.Errorf("FormatOf(%q) = %q, %v; want %q", name, got, err, want)
		}
	}
	for _, name := range []string{"a.xls", "a.ods", "a.pdf", "a"} {
		_, err := xlsx.FormatOf(name)
		if bontot.ErrorCode(err) != bontot.EINVALID || !strings.Contains(bontot.ErrorMessage(err), "xlsx") {
			t.Errorf("FormatOf(%q) error = %v; want EINVALID naming .xlsx", name, err)
		}
	}
}

func TestRoundTripMembers(t *testing.T) {
	for _, f := range formats {
		t.Run(string(f), func(t *testing.T) {
			want := sampleMembers()
			var buf bytes.Buffer
			if err := xlsx.WriteMembers(&buf, f, want); err != nil {
				t.Fatal(err)
			}
			got, rep, err := xlsx.ReadMembers(bytes.NewReader(buf.Bytes()), f, today)
			if err != nil {
				t.Fatal(err)
			}
			if !rep.OK() || rep.Rows != len(want) {
				t.Fatalf("report = %+v; want %d rows, no error", rep, len(want))
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("read back\n%+v\nwant\n%+v", got, want)
			}
		})
	}
}

func TestRoundTripOrgs(t *testing.T) {
	for _, f := range formats {
		t.Run(string(f), func(t *testing.T) {
			want := sampleOrgs()
			var buf bytes.Buffer
			if err := xlsx.WriteOrgs(&buf, f, want); err != nil {
				t.Fatal(err)
			}
			got, rep, err := xlsx.ReadOrgs(bytes.NewReader(buf.Bytes()), f)
			if err != nil {
				t.Fatal(err)
			}
			if !rep.OK() || rep.Rows != len(want) {
				t.Fatalf("report = %+v; want %d rows, no error", rep, len(want))
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("read back\n%+v\nwant\n%+v", got, want)
			}
		})
	}
}

// TestWrittenFiles checks what users see: the BOM and header of the CSV, the
// sheet name, header, text cells and frozen row of the workbook.
func TestWrittenFiles(t *testing.T) {
	var c bytes.Buffer
	if err := xlsx.WriteMembers(&c, xlsx.CSV, sampleMembers()[:1]); err != nil {
		t.Fatal(err)
	}
	wantCSV := "\uFEFFHọ và tên,Giới tính,Ngày sinh,Ngày vào Đảng,Ngày chính thức,Tình trạng,Số thẻ đảng viên,Chức vụ,Điện thoại,Mã chi bộ\r\n" +
		"Nguyễn Văn Đức,Nam,05/09/1985,03/02/2010,03/02/2011,Chính thức,012345678,Bí thư,0912345678,HT.TP.NDU.TDP4\r\n"
	if c.String() != wantCSV {
		t.Errorf("CSV =\n%q\nwant\n%q", c.String(), wantCSV)
	}

	var x bytes.Buffer
	if err := xlsx.WriteOrgs(&x, xlsx.XLSX, sampleOrgs()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&x)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"Cây tổ chức"}) {
		t.Errorf("sheets = %q", got)
	}
	rows, err := f.GetRows("Cây tổ chức")
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := []string{"Mã", "Tên", "Tên viết tắt", "Loại", "Loại hình", "Mã cấp trên", "Hiệu lực từ", "Hiệu lực đến", "Quyết định thành lập"}
	if !reflect.DeepEqual(rows[0], wantHeader) {
		t.Errorf("header = %q", rows[0])
	}
	if got := rows[3]; got[3] != "Chi bộ trực thuộc" || got[4] != "Tổ dân phố" || got[7] != "31/12/2024" {
		t.Errorf("row 4 = %q", got)
	}
	for _, ref := range []string{"A1", "G2", "H4", "I4"} {
		typ, err := f.GetCellType("Cây tổ chức", ref)
		if err != nil || typ != excelize.CellTypeInlineString {
			t.Errorf("cell %s type = %v, %v; want text", ref, typ, err)
		}
	}
	style, _ := f.GetCellStyle("Cây tổ chức", "A1")
	if s, err := f.GetStyle(style); err != nil || s.Font == nil || !s.Font.Bold {
		t.Errorf("header style = %+v, %v; want bold", s, err)
	}
	panes, err := f.GetPanes("Cây tổ chức")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes = %+v, %v; want header row frozen", panes, err)
	}
	if w, _ := f.GetColWidth("Cây tổ chức", "B"); w < 30 {
		t.Errorf("name column width = %v", w)
	}
}

// badMembers has one problem per row, and one more row that is fine.
var badMembers = [][]string{
	{"Họ và tên", "Giới tính", "Ngày sinh", "Ngày vào Đảng", "Ngày chính thức", "Tình trạng", "Số thẻ đảng viên", "Chức vụ", "Điện thoại", "Mã chi bộ"},
	{"", "Nam", "05/09/1985", "03/02/2010", "03/02/2011", "Chính thức", "111", "", "", "TDP4"},
	{"Lê Văn Bình", "Nam", "31/02/1970", "03/02/2010", "", "Chính thức", "222", "", "", "TDP4"},
	{},
	{"Hồ Thị Cúc", "Nữ", "05/09/1985", "03/02/2010", "03/02/2011", "Đã nghỉ", "333", "", "", "TDP4"},
	{"Võ Văn Dũng", "nam", "05/09/1985", "03/02/2010", "03/02/2011", "chinh thuc", "444", "pho bi thu", "", "tdp4"},
	{"Ngô Văn Em", "Nam", "05/09/1985", "03/02/2010", "03/02/2011", "Chính thức", "444", "", "", "TDP4"},
	{"Đinh Văn Giang", "Nam", "05/09/1985", "03/02/2003", "03/02/2011", "Dự bị", "555", "Trưởng thôn", "", ""},
}

func TestBadMembers(t *testing.T) {
	want := []xlsx.RowError{
		{Row: 2, Column: "Họ và tên", Value: "", Message: "Vui lòng nhập họ và tên."},
		{Row: 3, Column: "Ngày sinh", Value: "31/02/1970", Message: "Ngày “31/02/1970” không có thật: tháng 2 năm 1970 không có ngày 31."},
		{Row: 5, Column: "Tình trạng", Value: "Đã nghỉ", Message: "Tình trạng “Đã nghỉ” không hợp lệ. Hãy ghi một trong các giá trị: “Chính thức”, “Dự bị”, “Miễn công tác và sinh hoạt”."},
		{Row: 7, Column: "Số thẻ đảng viên", Value: "444", Message: "Số thẻ đảng viên “444” trùng với dòng 6."},
		{Row: 8, Column: "Ngày vào Đảng", Value: "03/02/2003", Message: "Ngày vào Đảng phải từ khi đủ 18 tuổi."},
		{Row: 8, Column: "Ngày chính thức", Value: "03/02/2011", Message: "Đảng viên dự bị chưa có ngày chính thức."},
		{Row: 8, Column: "Chức vụ", Value: "Trưởng thôn", Message: "Chức vụ “Trưởng thôn” không hợp lệ. Hãy để trống hoặc ghi một trong các giá trị: “Bí thư”, “Phó Bí thư”, “Chi ủy viên”, “Đảng viên”."},
		{Row: 8, Column: "Mã chi bộ", Value: "", Message: "Vui lòng ghi mã chi bộ nơi đảng viên sinh hoạt chính thức."},
	}
	for _, f := range formats {
		t.Run(string(f), func(t *testing.T) {
			rows, rep, err := xlsx.ReadMembers(bytes.NewReader(build(t, f, badMembers)), f, today)
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK() || rep.Rows != 6 {
				t.Errorf("report OK = %v, rows = %d; want not OK, 6 rows", rep.OK(), rep.Rows)
			}
			if !reflect.DeepEqual(rep.Errors, want) {
				t.Errorf("errors:\n%s\nwant\n%s", dump(rep.Errors), dump(want))
			}
			// Only row 6, the one without a problem, is accepted, with its
			// values matched without accents and case.
			if len(rows) != 1 || rows[0].Row != 6 {
				t.Fatalf("accepted rows = %+v; want row 6 only", rows)
			}
			m := rows[0].Member
			if m.Gender != bontot.Male || m.Status != bontot.StatusFull || m.Position != bontot.PosDeputySecretary || rows[0].OrgCode != "TDP4" {
				t.Errorf("row 6 = %+v", rows[0])
			}
			err = rep.Err()
			if bontot.ErrorCode(err) != bontot.EINVALID {
				t.Fatalf("Err() = %v; want EINVALID", err)
			}
			msg := bontot.ErrorMessage(err)
			if !strings.HasPrefix(msg, "Tệp có 8 lỗi, chưa có dữ liệu nào được nhập: dòng 2, cột “Họ và tên”: Vui lòng nhập họ và tên; dòng 3,") ||
				!strings.HasSuffix(msg, "; và 3 lỗi khác.") {
				t.Errorf("Err() message = %q", msg)
			}
		})
	}
}

func TestBadOrgs(t *testing.T) {
	file := [][]string{
		{"Mã", "Tên", "Tên viết tắt", "Loại", "Loại hình", "Mã cấp trên", "Hiệu lực từ", "Hiệu lực đến", "Quyết định thành lập"},
		{"HT", "Tỉnh ủy Hà Tĩnh", "", "Cấp trên cơ sở", "", "", "01/09/1991", "", ""},
		{"HT.A", "Đảng bộ A", "", "Đảng bộ", "", "HT", "01/01/2000", "", ""},
		{"HT.B", "Chi bộ B", "", "chi bo truc thuoc", "Nông thôn", "HT", "01/01/2000", "01/01/1999", ""},
		{"ht", "Trùng mã", "", "base_cell", "", "HT", "01/01/2000", "", ""},
		{"X1", "Vòng 1", "", "Cấp trên cơ sở", "", "X2", "01/01/2000", "", ""},
		{"X2", "Vòng 2", "", "Cấp trên cơ sở", "", "X1", "30/02/2000", "", ""},
		{"HT.C", "Chi bộ C", "", "Chi bộ cơ sở", "truong hoc", "HT", "1/1/2000", "", "QĐ 5"},
		{"HT.C.1", "", "", "Tổ đảng", "", "HT.C", "01/01/2000", "", ""},
	}
	want := []xlsx.RowError{
		{Row: 3, Column: "Loại", Value: "Đảng bộ", Message: "Loại “Đảng bộ” không hợp lệ. Hãy ghi một trong các giá trị: “Cấp trên cơ sở”, “Đảng bộ cơ sở”, “Đảng bộ bộ phận”, “Chi bộ cơ sở”, “Chi bộ trực thuộc”, “Tổ đảng”."},
		{Row: 4, Column: "Loại hình", Value: "Nông thôn", Message: "Loại hình “Nông thôn” không hợp lệ. Hãy để trống hoặc ghi một trong các giá trị: “Thôn”, “Tổ dân phố”, “Cơ quan”, “Trường học”, “Doanh nghiệp”, “Lực lượng vũ trang”, “Hưu trí”, “Khác”."},
		{Row: 4, Column: "Mã cấp trên", Value: "HT", Message: "Chi bộ trực thuộc không thể trực thuộc cấp trên cơ sở “Tỉnh ủy Hà Tĩnh” (dòng 2)."},
		{Row: 4, Column: "Hiệu lực đến", Value: "01/01/1999", Message: "Ngày hết hiệu lực phải sau ngày thành lập."},
		{Row: 5, Column: "Mã", Value: "ht", Message: "Mã “HT” trùng với dòng 2."},
		{Row: 6, Column: "Mã cấp trên", Value: "X2", Message: "Các mã cấp trên tạo thành vòng lặp: X1 → X2 → X1."},
		{Row: 7, Column: "Mã cấp trên", Value: "X1", Message: "Các mã cấp trên tạo thành vòng lặp: X1 → X2 → X1."},
		{Row: 7, Column: "Hiệu lực từ", Value: "30/02/2000", Message: "Ngày “30/02/2000” không có thật: tháng 2 năm 2000 không có ngày 30."},
		{Row: 9, Column: "Tên", Value: "", Message: "Vui lòng nhập tên tổ chức."},
	}
	for _, f := range formats {
		t.Run(string(f), func(t *testing.T) {
			rows, rep, err := xlsx.ReadOrgs(bytes.NewReader(build(t, f, file)), f)
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK() || rep.Rows != 8 {
				t.Errorf("report OK = %v, rows = %d; want not OK, 8 rows", rep.OK(), rep.Rows)
			}
			if !reflect.DeepEqual(rep.Errors, want) {
				t.Errorf("errors:\n%s\nwant\n%s", dump(rep.Errors), dump(want))
			}
			if len(rows) != 2 || rows[0].Row != 2 || rows[1].Row != 8 {
				t.Fatalf("accepted rows = %+v; want rows 2 and 8", rows)
			}
			if o := rows[1].Org; o.Kind != bontot.KindBaseCell || o.Subtype != bontot.SubSchool || o.ValidFrom != bontot.MustDate("01/01/2000") || rows[1].ParentCode != "HT" {
				t.Errorf("row 8 = %+v", rows[1])
			}
		})
	}
}

// TestExcelDates reads date cells that Excel stores as numbers with a date
// format, as when a user types 05/09/1985 into a General cell.
func TestExcelDates(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Sheet1"
	header := []any{"Họ và tên", "Giới tính", "Ngày sinh", "Ngày vào Đảng", "Ngày chính thức", "Tình trạng", "Số thẻ đảng viên", "Chức vụ", "Điện thoại", "Mã chi bộ"}
	if err := f.SetSheetRow(sheet, "A1", &header); err != nil {
		t.Fatal(err)
	}
	// Row 2: built-in short date format, a custom format, a date-time; the
	// phone and card typed as numbers.
	row2 := []any{"Nguyễn Văn An", "Nam", nil, nil, nil, "Chính thức", 123456, "", 912345678, "TDP4"}
	if err := f.SetSheetRow(sheet, "A2", &row2); err != nil {
		t.Fatal(err)
	}
	short, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	custom := "dd/mm/yyyy"
	long, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &custom})
	dateTime, _ := f.NewStyle(&excelize.Style{NumFmt: 22})
	for _, c := range []struct {
		ref    string
		serial float64
		style  int
	}{
		{"C2", 31295, short},       // 05/09/1985
		{"D2", 40212, long},        // 03/02/2010
		{"E2", 40577.75, dateTime}, // 03/02/2011 18:00
	} {
		if err := f.SetCellFloat(sheet, c.ref, c.serial, -1, 64); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellStyle(sheet, c.ref, c.ref, c.style); err != nil {
			t.Fatal(err)
		}
	}
	// Row 3: time.Time values, as excelize and other programs write them;
	// row 4: a plain number in a date column, which is not a date.
	row3 := []any{"Trần Thị Bé", "Nữ", bontot.MustDate("29/02/1996").Time(), bontot.MustDate("19/05/2020").Time(), nil, "Dự bị", nil, nil, nil, "TDP4"}
	if err := f.SetSheetRow(sheet, "A3", &row3); err != nil {
		t.Fatal(err)
	}
	row4 := []any{"Lê Văn Cường", "Nam", 1985, "03/02/2010", nil, "Chính thức", nil, nil, nil, "TDP4"}
	if err := f.SetSheetRow(sheet, "A4", &row4); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}

	rows, rep, err := xlsx.ReadMembers(&buf, xlsx.XLSX, today)
	if err != nil {
		t.Fatal(err)
	}
	want := []xlsx.RowError{{Row: 4, Column: "Ngày sinh", Value: "1985",
		Message: "Ngày “1985” không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/09/1985."}}
	if !reflect.DeepEqual(rep.Errors, want) {
		t.Errorf("errors:\n%s\nwant\n%s", dump(rep.Errors), dump(want))
	}
	if len(rows) != 2 {
		t.Fatalf("rows = %+v", rows)
	}
	m := rows[0].Member
	if m.BirthDate != bontot.MustDate("05/09/1985") || m.AdmittedDate != bontot.MustDate("03/02/2010") || m.FullMemberDate != bontot.MustDate("03/02/2011") {
		t.Errorf("dates = %v, %v, %v", m.BirthDate, m.AdmittedDate, m.FullMemberDate)
	}
	if m.CardNumber != "123456" || m.Phone != "0912345678" {
		t.Errorf("card, phone = %q, %q", m.CardNumber, m.Phone)
	}
	if m := rows[1].Member; m.BirthDate != bontot.MustDate("29/02/1996") || m.AdmittedDate != bontot.MustDate("19/05/2020") {
		t.Errorf("row 3 dates = %v, %v", m.BirthDate, m.AdmittedDate)
	}
}

// TestLenientReading reads files as people make them: columns in another
// order, titles without accents, extra columns, blank rows, semicolons, no
// BOM, NFD text, a sheet that is not the first.
func TestLenientReading(t *testing.T) {
	nfd := "Nguye\u0302\u0303n Va\u0306n \u0110u\u031b\u0301c" // Nguyễn Văn Đức, decomposed
	csvText := "ma chi bo;HO VA TEN;Ghi chú;gioi tinh;ngay sinh;Ngày vào đảng;tinh trang\n" +
		"\n" +
		"tdp4 ; " + nfd + " ;x;NỮ;5/9/1985;1985-09-05;full\n" +
		";;;;;;\n" +
		"\"TDP 5\";\"Lê  Thị\nHoa\";;female;05.09.1985;05-09-2005;probation\n" +
		"TDP4;Võ Văn Nam;;Nam;05/09/1985;05/09/2005;Dự bị\n"
	rows, rep, err := xlsx.ReadMembers(strings.NewReader(csvText), xlsx.CSV, today)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != 3 {
		t.Errorf("rows read = %d; want 3", rep.Rows)
	}
	// Row 3 (after a blank line) is admitted at birth; row 5 holds a cell
	// over two lines, so the next record is spreadsheet row 6.
	want := []xlsx.RowError{{Row: 3, Column: "Ngày vào Đảng", Value: "1985-09-05", Message: "Ngày vào Đảng phải từ khi đủ 18 tuổi."}}
	if !reflect.DeepEqual(rep.Errors, want) {
		t.Errorf("errors:\n%s\nwant\n%s", dump(rep.Errors), dump(want))
	}
	if len(rows) != 2 || rows[0].Row != 5 || rows[1].Row != 6 {
		t.Fatalf("rows = %+v", rows)
	}
	if m := rows[0].Member; m.FullName != "Lê Thị Hoa" || m.Gender != bontot.Female || m.Status != bontot.StatusProbation || rows[0].OrgCode != "TDP 5" {
		t.Errorf("row 5 = %+v", rows[0])
	}

	// The NFD name comes out NFC.
	fixed := strings.Replace(csvText, "1985-09-05", "2005-09-05", 1)
	rows, _, err = xlsx.ReadMembers(strings.NewReader(fixed), xlsx.CSV, today)
	if err != nil || len(rows) != 3 {
		t.Fatalf("rows = %+v, %v", rows, err)
	}
	if got := rows[0].Member.FullName; got != "Nguyễn Văn Đức" {
		t.Errorf("name = %q; want NFC", got)
	}

	// A workbook whose register is on a second sheet, under its own name.
	f := excelize.NewFile()
	defer f.Close()
	if _, err := f.NewSheet("Danh sach dang vien"); err != nil {
		t.Fatal(err)
	}
	f.SetSheetRow("Sheet1", "A1", &[]any{"Ghi chú"})
	f.SetSheetRow("Danh sach dang vien", "A1", &[]any{"Họ và tên", "Giới tính", "Ngày sinh", "Ngày vào Đảng", "Tình trạng", "Mã chi bộ"})
	f.SetSheetRow("Danh sach dang vien", "A3", &[]any{"Võ Văn Nam", "Nam", "05/09/1985", "05/09/2005", "Dự bị", "TDP4"})
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	rows, rep, err = xlsx.ReadMembers(&buf, xlsx.XLSX, today)
	if err != nil || !rep.OK() || len(rows) != 1 || rows[0].Row != 3 {
		t.Errorf("second sheet: rows = %+v, report = %+v, err = %v", rows, rep, err)
	}
}

func TestUnreadableFiles(t *testing.T) {
	header := strings.Join(badMembers[0], ",")
	for _, c := range []struct {
		name string
		f    xlsx.Format
		data []byte
		want string // part of the Vietnamese message
	}{
		{"not a workbook", xlsx.XLSX, []byte("Họ và tên,Giới tính\nAn,Nam\n"), "không phải là tệp Excel (.xlsx)"},
		{"broken zip", xlsx.XLSX, []byte("PK\x03\x04 rest is missing"), "không phải là tệp Excel (.xlsx)"},
		{"old xls", xlsx.XLSX, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0}, ".xls"},
		{"empty xlsx", xlsx.XLSX, nil, "Tệp trống"},
		{"empty csv", xlsx.CSV, []byte("\uFEFF \r\n"), "Tệp trống"},
		{"empty sheet", xlsx.XLSX, build(t, xlsx.XLSX, nil), "Tệp trống"},
		{"header only", xlsx.CSV, []byte(header + "\n,,,\n"), "chưa có dòng dữ liệu"},
		{"missing columns", xlsx.CSV, []byte(strings.NewReplacer(",Ngày sinh", "", ",Mã chi bộ", "").Replace(header) + "\n"),
			"Dòng tiêu đề (dòng 1) thiếu cột “Ngày sinh”, “Mã chi bộ”."},
		{"missing columns xlsx", xlsx.XLSX, build(t, xlsx.XLSX, [][]string{{"Họ và tên", "Giới tính"}}), "thiếu cột “Ngày sinh”, “Ngày vào Đảng”, “Tình trạng”, “Mã chi bộ”"},
		{"duplicate column", xlsx.CSV, []byte(header + ",Ho va ten\n"), "có hai cột “Họ và tên” (cột A và cột K)"},
		{"not UTF-8", xlsx.CSV, []byte(header + "\nNguy\xea\xf5n V\xe3n An,Nam\n"), "UTF-8 (dòng 2)"},
		{"an org file", xlsx.CSV, []byte("Mã,Tên,Loại,Mã cấp trên,Hiệu lực từ\nHT,Tỉnh ủy,Cấp trên cơ sở,,01/01/2000\n"), "thiếu cột “Họ và tên”"},
	} {
		t.Run(c.name, func(t *testing.T) {
			rows, rep, err := xlsx.ReadMembers(bytes.NewReader(c.data), c.f, today)
			if bontot.ErrorCode(err) != bontot.EINVALID || !strings.Contains(bontot.ErrorMessage(err), c.want) {
				t.Errorf("error = %v; want EINVALID with %q", err, c.want)
			}
			if rows != nil || rep != nil {
				t.Errorf("rows, report = %v, %v; want nil", rows, rep)
			}
		})
	}
	_, _, err := xlsx.ReadOrgs(strings.NewReader("Mã;Tên\nA;B\n"), xlsx.CSV)
	if !strings.Contains(bontot.ErrorMessage(err), "thiếu cột “Loại”, “Mã cấp trên”, “Hiệu lực từ”") {
		t.Errorf("ReadOrgs error = %v", err)
	}
}

func TestWriteReport(t *testing.T) {
	rep := &xlsx.Report{}
	rep.Add(3, "Ngày sinh", "31/02/1970", "Ngày “31/02/1970” không có thật: tháng 2 năm 1970 không có ngày 31.")
	rep.Add(0, "", "", "Mã chi bộ “TDP9” không có trong hệ thống.")
	var buf bytes.Buffer
	if err := xlsx.WriteReport(&buf, rep); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Lỗi")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Dòng", "Cột", "Giá trị", "Lỗi"},
		{"3", "Ngày sinh", "31/02/1970", "Ngày “31/02/1970” không có thật: tháng 2 năm 1970 không có ngày 31."},
		{"", "", "", "Mã chi bộ “TDP9” không có trong hệ thống."},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("report sheet = %q", rows)
	}
	if got := bontot.ErrorMessage(rep.Err()); got != "Tệp có 2 lỗi, chưa có dữ liệu nào được nhập: dòng 3, cột “Ngày sinh”: Ngày “31/02/1970” không có thật: tháng 2 năm 1970 không có ngày 31; Mã chi bộ “TDP9” không có trong hệ thống." {
		t.Errorf("Err() = %q", got)
	}
	if (&xlsx.Report{}).Err() != nil || !(&xlsx.Report{}).OK() {
		t.Error("empty report is not OK")
	}
}

// build makes a file of format f with the given rows, the first as header.
func build(t testing.TB, f xlsx.Format, rows [][]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	switch f {
	case xlsx.CSV:
		buf.WriteString("\uFEFF")
		w := csv.NewWriter(&buf)
		w.WriteAll(rows)
	case xlsx.XLSX:
		x := excelize.NewFile()
		defer x.Close()
		for i, r := range rows {
			vals := make([]any, len(r))
			for j, v := range r {
				vals[j] = v
			}
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := x.SetSheetRow("Sheet1", cell, &vals); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := x.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

func dump(errs []xlsx.RowError) string {
	var b strings.Builder
	for _, e := range errs {
		fmt.Fprintf(&b, "  %d | %s | %s | %s\n", e.Row, e.Column, e.Value, e.Message)
	}
	return b.String()
}
