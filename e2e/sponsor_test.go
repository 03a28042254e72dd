package e2e

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// A sponsor officer logs a visit to a cell of the ward he is in charge of,
// with a recommendation; the cell's secretary (an account the operator adds
// with `bontot user add`) marks it resolved with its evidence; the board
// finds it among the recommendations, resolved, and sees the coverage view.
func TestSponsorVisitRecommendationResolved(t *testing.T) {
	a := startApp(t)
	api := a.client(t, "bantochuc")
	cell := a.orgByCode(t, api, "HT.TP.NDU.TDP1")
	ward := a.orgByCode(t, api, "HT.TP.NDU")

	add := exec.Command(binPath, "user", "add", "-data", a.Data, "-username", "bithu.ndu1", "-name", "Đặng Thị Thu",
		"-role", "secretary", "-org", "HT.TP.NDU.TDP1", "-password", demoPassword)
	add.Env = append(os.Environ(), "BONTOT_DB=")
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("bontot user add: %v\n%s", err, out)
	}

	sp := newBrowser(t, a)
	sp.login("phutrach")
	if st := sp.open(fmt.Sprintf("/sponsors/visits/new?org=%d", cell.ID)); st != http.StatusOK {
		t.Fatalf("visit form: %d", st)
	}
	today := time.Now().In(time.FixedZone("ICT", 7*3600))
	sp.fill(`#on`, today.Format("02/01/2006"))
	sp.fill(`#strengths`, "Chi bộ sinh hoạt đều đặn, biên bản ghi đầy đủ.")
	sp.fill(`#shortcomings`, "Ít đảng viên trẻ phát biểu ý kiến.")
	sp.fill(`textarea[name$="text"]`, "Phân công đảng viên trẻ chuẩn bị ý kiến cho buổi sinh hoạt tháng sau.")
	sp.fill(`input[name$="due"]`, today.AddDate(0, 0, 30).Format("02/01/2006"))
	sp.screenshot("visit-form")
	if st := sp.clickNav(`//div[contains(@class,"sticky-actions")]//button[normalize-space()="Lưu buổi làm việc"]`); st != http.StatusOK {
		t.Fatalf("saving the visit: %d\n%s", st, tail(sp.bodyText(), 1500))
	}
	sp.wantText("Chi bộ sinh hoạt đều đặn", "Phân công đảng viên trẻ")

	sec := newBrowser(t, a)
	sec.login("bithu.ndu1")
	sec.clickLink(`//nav[contains(@class,"site-nav")]`, "Kiến nghị")
	sec.clickLink("", "Phân công đảng viên trẻ chuẩn bị ý kiến cho buổi sinh hoạt tháng sau.")
	sec.do("resolved", sec.clickAction(`input[name="status"][value="resolved"]`))
	sec.fill(`#resolution`, "Nghị quyết chi bộ tháng này đã phân công 3 đảng viên trẻ phát biểu.")
	sec.fill(`#resolved_on`, today.Format("02/01/2006"))
	if st := sec.clickNav(`//div[@class="actions"]//button[normalize-space()="Lưu"]`); st != http.StatusOK {
		t.Fatalf("resolving: %d\n%s", st, tail(sec.bodyText(), 1500))
	}
	sec.wantText("Đã thực hiện xong đúng hạn")

	board := newBrowser(t, a)
	board.login("bantochuc")
	board.open(fmt.Sprintf("/sponsors/recommendations?under=%d&state=resolved", ward.ID))
	body := board.bodyText()
	if !strings.Contains(body, "Phân công đảng viên trẻ") {
		t.Errorf("the board's list lacks the recommendation")
	}
	if st := board.open(fmt.Sprintf("/sponsors/coverage?org=%d", ward.ID)); st != http.StatusOK {
		t.Fatalf("coverage: %d", st)
	}
	board.screenshot("coverage")
	board.noSideScroll("coverage")

	// The officer corrects the visit afterwards; deleting it is refused now
	// that its recommendation has been followed up, and says why.
	sp.clickLink(`//div[@class="actions"]`, "Sửa")
	sp.fill(`#shortcomings`, "Ít đảng viên trẻ phát biểu; biên bản chưa ghi ý kiến từng người.")
	if st := sp.clickNav(`//div[contains(@class,"sticky-actions")]//button[normalize-space()="Lưu thay đổi"]`); st != http.StatusOK {
		t.Fatalf("saving the corrected visit: %d\n%s", st, tail(sp.bodyText(), 1500))
	}
	sp.wantText("biên bản chưa ghi ý kiến từng người")
	sp.clickLink(`//div[@class="actions"]`, "Xóa")
	sp.wantText("Không xóa được buổi làm việc", "Hãy sửa nội dung buổi làm việc thay vì xóa.")
	sp.screenshot("visit-delete-refused")
}
