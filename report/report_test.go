package report

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func sample() *Report {
	rows := [][]string{}
	for i := 1; i <= 60; i++ { // more than a page: the header and rows must survive page breaks
		rows = append(rows, []string{"Chi bộ TDP " + string(rune('0'+i%10)) + " — Đảng bộ phường Trần Phú", "12", "91,5", "Tốt"})
	}
	return &Report{
		Title:    "Báo cáo sơ kết phong trào “Chi bộ 4 tốt”, “Đảng bộ cơ sở 4 tốt” năm 2024",
		Subtitle: "Đảng bộ thành phố Hà Tĩnh",
		Footer:   "Bốn Tốt — in ngày 28/11/2026",
		Sections: []Section{{
			Heading:    "I. Kết quả triển khai",
			Paragraphs: []string{"100% tổ chức cơ sở đảng đã quán triệt và triển khai mô hình; các đồng chí bí thư chi bộ đã đăng ký thi đua."},
			Tables: []Table{{Caption: "Sinh hoạt chi bộ", Header: []string{"Đơn vị", "Số buổi", "Điểm bình quân", "Xếp loại"},
				Rows: rows, Numeric: []bool{false, true, true, false}, Widths: []float64{3, 1, 1, 1}}},
		}},
	}
}

// The PDF's text, as a user's viewer extracts it, keeps every diacritic.
func TestPDFTextIsVietnamese(t *testing.T) {
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatal("pdftotext (poppler-utils) is needed to read the PDF back; scripts/test installs it")
	}
	b, err := PDF(sample())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", b[:8])
	}
	path := filepath.Join(t.TempDir(), "so-ket.pdf")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftotext, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	for _, want := range []string{"Báo cáo sơ kết phong trào", "Đảng bộ thành phố Hà Tĩnh", "Chi bộ TDP 3 — Đảng bộ phường Trần Phú",
		"quán triệt và triển khai", "Số buổi", "Trang 2/"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF text lacks %q", want)
		}
	}
}

func TestXLSXHasTheTablesWithNumbers(t *testing.T) {
	var b bytes.Buffer
	if err := WriteXLSX(&b, sample()); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("Báo cáo")
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for i, r := range rows {
		if len(r) > 0 && r[0] == "Đơn vị" {
			found = true
			first := rows[i+1]
			if first[0] != "Chi bộ TDP 1 — Đảng bộ phường Trần Phú" || first[2] != "91.5" {
				t.Errorf("first data row = %q", first)
			}
			cell := "C" + strconv.Itoa(i+2)
			if typ, _ := f.GetCellType("Báo cáo", cell); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
				t.Errorf("the score is stored as %v, want a number", typ)
			}
		}
	}
	if !found {
		t.Fatalf("no table header in %v", rows[:5])
	}
}
