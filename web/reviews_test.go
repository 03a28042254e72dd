package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"bontot"
)

// The interim review of the demo city for 2024: the page, the PDF (its text
// read back with pdftotext keeps the diacritics) and the workbook agree.
func TestReviewPagePDFAndWorkbook(t *testing.T) {
	f := MustFixture(t)
	ctx := context.Background()
	city := mustOrgCode(t, f, "HT.TP")
	tdp4 := mustOrgCode(t, f, "HT.TP.TRP.TDP4")
	cs, err := f.st.Campaigns(ctx, city.Path)
	if err != nil || len(cs) == 0 {
		t.Fatal("no demo campaign", err)
	}
	c := cs[len(cs)-1]
	if err := f.st.AddPractice(ctx, storeSystem, &bontot.Practice{CampaignID: c.ID, Year: 2024, OrgID: tdp4.ID, Title: "Tổ tự quản “Đảng viên nêu gương”"}); err != nil {
		t.Fatal(err)
	}
	viewer := f.MustLogin(t, "thuongvu")
	q := fmt.Sprintf("/reviews?campaign=%d&year=2024&org=%d", c.ID, city.ID)
	res, body := viewer.get(q)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("review page: %d", res.StatusCode)
	}
	for _, want := range []string{"Báo cáo sơ kết năm 2024", "Đảng bộ thành phố Hà Tĩnh", "Kết quả tự đánh giá, thẩm định và công nhận",
		"I. Quán triệt, triển khai phong trào", "Đăng ký thi đua", "Sinh hoạt chi bộ", "Phụ trách, đỡ đầu; kiểm tra, giám sát",
		"Chi bộ 2023", "Chi bộ 2024", "Đơn vị tiến bộ, đơn vị sa sút so với năm 2023", "Tổ tự quản “Đảng viên nêu gương”", "Tải PDF"} {
		if !strings.Contains(body, want) {
			t.Errorf("the review page lacks %q", want)
		}
	}
	// The PDF, as a reader's viewer shows its text.
	res, pdf := viewer.get(q + "&format=pdf")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("PDF: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	path := filepath.Join(t.TempDir(), "so-ket.pdf")
	os.WriteFile(path, []byte(pdf), 0o644)
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	for _, want := range []string{"Báo cáo sơ kết năm 2024", "Đảng bộ thành phố Hà Tĩnh", "Chi bộ TDP 4", "Tổ tự quản", "Được công nhận"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the PDF text lacks %q", want)
		}
	}
	// The workbook.
	res, xl := viewer.get(q + "&format=xlsx")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("xlsx: %d", res.StatusCode)
	}
	wb, err := excelize.OpenReader(bytes.NewReader([]byte(xl)))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := wb.GetRows("Báo cáo")
	var units []string
	for _, r := range rows {
		if len(r) > 2 && r[0] == "Số đơn vị tham gia" {
			units = r
		}
	}
	if len(units) < 5 || units[3] != "282" {
		t.Errorf("the workbook's units row = %q, want 282 cells in 2024", units)
	}
	if !strings.Contains(body, ">282<") {
		t.Errorf("the page does not show the 282 cells the workbook shows")
	}
	// The final review covers every year; out of scope is a 404.
	_, body = viewer.get(fmt.Sprintf("/reviews?campaign=%d&org=%d&period=1", c.ID, city.ID))
	if !strings.Contains(body, "Báo cáo tổng kết") || !strings.Contains(body, "Chi bộ 2025") {
		t.Errorf("the final review lacks the period")
	}
	if res, _ := viewer.get(fmt.Sprintf("/reviews?org=%d", f.other.ID)); res.StatusCode != http.StatusNotFound {
		t.Errorf("out of scope: %d, want 404", res.StatusCode)
	}
}
