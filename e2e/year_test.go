package e2e

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The work of the year, recorded once and reused: the secretary records
// December's meeting on a phone (attendance pre-filled from the register,
// one member marked absent without excuse, so the grade cannot be Tốt);
// the self-assessment's criterion 2 then shows the values computed from the
// meeting records, with a link to them; the board sees the deployment
// figures and the late list; and the year's review downloads as a PDF whose
// text, read with pdftotext, keeps the units' names with their diacritics.
func TestYearOfMeetingsFeedsTheAssessment(t *testing.T) {
	a := startApp(t)
	api := a.client(t, "bantochuc")
	cell := a.orgByCode(t, api, "HT.TP.TRP.TDP4")
	city := a.orgByCode(t, api, "HT.TP")

	sec := newBrowser(t, a)
	sec.login("bithu.tdp4")
	// Missing months are shown on the cell's meeting page: December 2025.
	sec.open(fmt.Sprintf("/meetings?org=%d&year=2025", cell.ID))
	sec.wantText("12/2025")
	start := time.Now()
	if st := sec.open(fmt.Sprintf("/meetings/new?org=%d&kind=regular", cell.ID)); st != http.StatusOK {
		t.Fatalf("new meeting page: %d", st)
	}
	sec.noSideScroll("meeting-form")
	// The register is pre-filled: everybody present (or exempt).
	if n := sec.count(`#attendance li input[value="present"]:checked`) + sec.count(`#attendance li input[value="exempt"]:checked`); n == 0 || n != sec.count(`#attendance li .mt-att`) {
		t.Fatalf("%d members pre-filled of %d", n, sec.count(`#attendance li .mt-att`))
	}
	sec.fill(`#held_on`, "18/12/2025")
	// The first member who is not exempt: absent without excuse.
	absent := sec.text(`(//ol[contains(@class,"mt-roll")]/li[.//input[@value="present"]])[1]//span[contains(@class,"mt-name")]`)
	sec.do("marking one member absent", sec.clickAction(`(//ol[contains(@class,"mt-roll")]/li[.//input[@value="present"]])[1]//label[contains(@class,"mt-unexcused")]`))
	sec.fill(`#speakers`, "6")
	sec.do("minutes signed", sec.clickAction(`input[name="minutes_signed"]`))
	sec.screenshot("meeting-filled")
	if st := sec.clickNav(`//form//button[normalize-space()="Lưu biên bản"]`); st != http.StatusOK {
		t.Fatalf("saving the meeting: status %d\n%s", st, tail(sec.bodyText(), 1500))
	}
	t.Logf("recording a meeting took %s in the browser", time.Since(start).Round(time.Millisecond))
	sec.wantText("Sinh hoạt định kỳ", "12/2025", "Vắng không lý do")
	grade := sec.text(`.mt-result strong:last-child`)
	if grade == "Tốt" {
		t.Errorf("a meeting with an unexcused absence is graded %q", grade)
	}
	if !strings.Contains(sec.bodyText(), strings.Fields(absent)[0]) {
		t.Errorf("the absent member %q is not listed", absent)
	}
	sec.screenshot("meeting-saved")

	// The self-assessment of 2025 reads its criterion 2 from the records.
	sec.clickLink(`//nav[contains(@class,"site-nav")]`, "Đánh giá 4 tốt")
	sec.clickLink(`//div[@class="actions"]`, "Tự đánh giá")
	sec.wantText("Số tháng có sinh hoạt định kỳ: 12", "tính từ biên bản sinh hoạt chi bộ")
	if n := sec.count(`input[name="f_regular_months"]`); n != 0 {
		t.Errorf("the months held can still be typed (%d inputs)", n)
	}
	sec.screenshot("assessment-c2")

	// The board: deployment figures and the units not deployed.
	board := newBrowser(t, a)
	board.login("bantochuc")
	board.clickLink(`//nav[contains(@class,"site-nav")]`, "Phát động, đăng ký")
	board.wantText("phát động", "triển khai")
	board.screenshot("movement")

	// The review of 2025, as a PDF.
	vc := a.client(t, "thuongvu")
	resp, err := vc.Get(a.URL + "/reviews?" + url.Values{"year": {"2025"}, "org": {strconv.FormatInt(city.ID, 10)}, "format": {"pdf"}}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	pdf, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("review PDF: %s %s", resp.Status, resp.Header.Get("Content-Type"))
	}
	path := filepath.Join(t.TempDir(), "so-ket-2025.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	for _, want := range []string{"Báo cáo sơ kết năm 2025", "Đảng bộ thành phố Hà Tĩnh", "Sinh hoạt chi bộ", "Quán triệt, triển khai phong trào", "Đăng ký thi đua", "Đảng bộ phường"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the review PDF's text lacks %q", want)
		}
	}
}
