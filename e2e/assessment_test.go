package e2e

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"
)

// The whole yearly cycle of one cell in the demo campaign's open year 2025:
// the secretary fills the self-assessment on a phone (an item over its
// maximum is refused with a message, an N/A item pro-rates its criterion),
// attaches evidence and submits; the ward committee rates the cell, reviews
// and returns it; the secretary explains and resubmits; the committee
// finishes the review; the Organization Board approves and records the
// recognition; the standing-committee member finds the cell in the
// recognised list and reads its explanation; the export opens as an .xlsx
// with the same numbers.
func TestYearlyAssessmentCycle(t *testing.T) {
	a := startApp(t)
	api := a.client(t, "bantochuc")
	cell := a.orgByCode(t, api, "HT.TP.TRP.TDP4")
	ward := a.orgByCode(t, api, "HT.TP.TRP")
	city := a.orgByCode(t, api, "HT.TP")

	// The secretary, on a phone.
	sec := newBrowser(t, a)
	sec.login("bithu.tdp4")
	// Her list is her own cell: the menu opens its assessment of the current year.
	sec.clickLink(`//nav[contains(@class,"site-nav")]`, "Đánh giá 4 tốt")
	if h := sec.text("h1"); h != "Đánh giá năm 2025 — "+cell.Name {
		t.Fatalf("the menu opened %q", h)
	}
	sec.wantText("Đang tự đánh giá", "Hạn tự đánh giá 15/12/2025")
	assessmentPath := sec.location().Path
	sec.clickLink(`//div[@class="actions"]`, "Tự đánh giá")
	sec.screenshot("self-form")
	sec.noSideScroll("self-form")

	// The meeting and target facts come from the cell's records (11 monthly
	// meetings of 100 points, December not recorded yet; 4 thematic quarters;
	// 6 targets registered, 6 met): they are shown, not typed.
	sec.wantText("Số tháng có sinh hoạt định kỳ: 11", "tính từ biên bản sinh hoạt chi bộ", "tính từ bản đăng ký thi đua")
	// Every typed item at its maximum.
	fields := map[string]string{
		"p_1.3": "5", "p_2.4": "4", "p_3.1": "6", "p_3.2": "6", "p_3.3": "5", "p_3.4": "3",
		"p_4.1": "8", "p_4.2": "5", "p_4.3": "5", "p_4.4": "4", "p_4.5": "3", "p_1.4": "5",
	}
	for name, v := range fields {
		sec.fill(`input[name="`+name+`"]`, v)
	}
	// 1.1 over its maximum of 5.
	sec.fill(`input[name="p_1.1"]`, "6")
	if st := sec.clickNav(`button[name="save"]`); st != http.StatusUnprocessableEntity {
		t.Fatalf("saving 6 points for 1.1 answered %d, want 422", st)
	}
	sec.wantText("1.1")
	if got := sec.value(`input[name="p_1.1"]`); got != "6" {
		t.Errorf("after the refusal 1.1 holds %q, want the typed 6", got)
	}
	if got := sec.value(`input[name="p_3.2"]`); got != "6" {
		t.Errorf("after the refusal the items lost what was typed: %q", got)
	}
	sec.screenshot("self-refused")
	// Fixed, with 1.4 not applicable: C1 becomes (5 + 15 + 5) × 30 ÷ 25 = 30;
	// C2 loses 2 points for December (2.1: 5 − 2 × 1): 98 in all.
	sec.fill(`input[name="p_1.1"]`, "5")
	sec.do("marking 1.4 not applicable", sec.clickAction(`input[name="na_1.4"]`))
	if st := sec.clickNav(`button[name="save"]`); st != http.StatusOK {
		t.Fatalf("saving: status %d", st)
	}
	sec.wantText("Đã lưu bản tự đánh giá.")
	if got := sec.text("#self-total"); got != "98" {
		t.Errorf("self total after saving = %q, want 98", got)
	}
	// Evidence for 3.4.
	dir := t.TempDir()
	evidence := filepath.Join(dir, "bien-ban-thu-dang-phi-2025.pdf")
	if err := os.WriteFile(evidence, []byte("%PDF-1.4\n% biên bản thu đảng phí năm 2025\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	sec.do("choosing the evidence", chromedp.SetValue(chromedp.CSS(`#evidence-form select[name="item"]`), "3.4"),
		chromedp.SetUploadFiles(chromedp.CSS(`#evidence-form input[type="file"]`), []string{evidence}))
	sec.clickNav(`#evidence-form button[type="submit"]`)
	sec.wantText("Đã đính kèm minh chứng", "bien-ban-thu-dang-phi-2025.pdf")
	// Submit.
	sec.clickNav(`button[name="submit"]`)
	sec.wantText("Đã gửi bản tự đánh giá lên cấp trên.", "Chờ thẩm định", "quy đổi từ 25/25")
	sec.screenshot("self-submitted")

	// The ward committee rates the cell for 2025, then reviews and returns it.
	com := newBrowser(t, a)
	com.login("danguy.tranphu")
	com.open(fmt.Sprintf("/ratings/%d/2025", ward.ID))
	com.do("rating the cell HTTNV", chromedp.SetValue(chromedp.CSS(fmt.Sprintf("#c%d", cell.ID)), "HTTNV"))
	com.clickNav(`//button[normalize-space()="Lưu xếp loại"]`)
	com.wantText("Đã lưu")
	com.open(assessmentPath)
	com.clickLink(`//div[@class="actions"]`, "Thẩm định")
	com.noSideScroll("review-form")
	com.fill(`input[name="p_3.1"]`, "4")
	com.fill(`input[name="t_3.1"]`, "Còn một vụ việc mâu thuẫn chưa hòa giải xong")
	com.fill(`#note`, "Đề nghị chi bộ giải trình tiêu chí 3.1")
	com.clickNav(`button[value="return"]`)
	com.wantText("Đã trả lại để đơn vị giải trình.", "Trả lại giải trình")

	// The secretary explains and resubmits.
	sec.open(assessmentPath)
	sec.wantText("Đề nghị chi bộ giải trình tiêu chí 3.1")
	sec.clickLink(`//div[@class="actions"]`, "Giải trình và gửi lại")
	sec.fill(`#explanation`, "Vụ việc đã được hòa giải ngày 10/10/2025, có biên bản của tổ hòa giải kèm theo.")
	sec.clickNav(`button[name="submit"]`)
	sec.wantText("Chờ thẩm định")

	// The committee accepts the explanation and finishes the review.
	com.open(assessmentPath + "/review")
	com.wantText("Vụ việc đã được hòa giải")
	com.fill(`input[name="p_3.1"]`, "6")
	com.fill(`input[name="t_3.1"]`, "")
	com.clickNav(`button[value="review"]`)
	com.wantText("Chờ phê duyệt", "Chi bộ 4 tốt")

	// The Organization Board approves and records the standing committee's decision.
	board := newBrowser(t, a)
	board.login("bantochuc")
	board.open(assessmentPath)
	board.clickNav(`//form//button[normalize-space()="Phê duyệt"]`)
	board.wantText("Đã phê duyệt")
	board.fill(`#decision`, "2001-QĐ/TU")
	board.fill(`#decision_date`, "20/01/2026")
	board.clickNav(`//form//button[normalize-space()="Công nhận"]`)
	board.wantText("Đã công nhận", "Quyết định 2001-QĐ/TU ngày 20/01/2026")

	// The standing-committee member sees it in the recognised list and opens its explanation.
	view := newBrowser(t, a)
	view.login("thuongvu")
	view.clickLink(`//nav[contains(@class,"site-nav")]`, "Kết quả")
	view.open(fmt.Sprintf("/results/recognised?year=2025&org=%d", city.ID))
	view.wantText(cell.Name, "2001-QĐ/TU")
	view.screenshot("recognised")
	view.clickLink("", cell.Name)
	view.wantText("Chi bộ 4 tốt", "Giải thích kết quả", "Vụ việc đã được hòa giải", "bien-ban-thu-dang-phi-2025.pdf")
	view.screenshot("explanation")

	// The export of the recognised list opens as an .xlsx with the same numbers.
	vc := a.client(t, "thuongvu")
	resp, err := vc.Get(a.URL + "/results/export?" + url.Values{"table": {"recognised"}, "year": {"2025"}, "org": {strconv.FormatInt(city.ID, 10)}}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("export: %s\n%s", resp.Status, tail(string(body), 500))
	}
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("the export is not a valid .xlsx: %v", err)
	}
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		line := strings.Join(r, " | ")
		if strings.Contains(line, cell.Name) {
			found = true
			if !strings.Contains(line, "2001-QĐ/TU") || !(strings.Contains(line, "| 98") || strings.Contains(line, "98.00") || strings.Contains(line, "98,00")) {
				t.Errorf("the exported row is %q, want the decision and the score 98", line)
			}
		}
	}
	if !found {
		t.Errorf("the export does not list %s:\n%v", cell.Name, rows)
	}
}
