package web_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"bontot"
	"bontot/store"
)

func init() {
	routes = append(routes,
		route{"GET", "/late?org={cell}", "", readers, true, false},
		route{"POST", "/late/notify", "org={parent}&text=", movers, true, false},
	)
}

// The board lists the cells of Trần Phú without a regular meeting in a month
// nobody recorded (October 2026), exports them and sends a reminder, which
// the cell's secretary sees on her home page.
func TestLateListExportAndReminder(t *testing.T) {
	f := MustFixture(t)
	ward := mustOrgCode(t, f, "HT.TP.TRP")
	board := f.MustLogin(t, "bantochuc")
	q := fmt.Sprintf("/late?org=%d&kind=meetings&month=2026-10", ward.ID)
	res, body := board.get(q)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("late list: %d", res.StatusCode)
	}
	want := fmt.Sprintf("Chi bộ chưa ghi biên bản sinh hoạt định kỳ tháng 10/2026: %d", ward.CellCount)
	if !strings.Contains(body, want) || !strings.Contains(body, "Chi bộ TDP 4") {
		t.Fatalf("the list lacks %q or TDP 4", want)
	}
	res, xl := board.get(q + "&format=xlsx")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("export: %d", res.StatusCode)
	}
	wb, err := excelize.OpenReader(bytes.NewReader([]byte(xl)))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := wb.GetRows("Báo cáo")
	n := 0
	for _, r := range rows {
		if len(r) == 3 && strings.HasPrefix(r[0], "HT.TP.TRP.") {
			n++
		}
	}
	if n != ward.CellCount {
		t.Errorf("the export lists %d cells, the page %d", n, ward.CellCount)
	}
	// An empty reminder is refused; a real one reaches the cell.
	board.post("/late/notify", url.Values{"org": {fmt.Sprint(ward.ID)}, "kind": {"meetings"}, "month": {"2026-10"}, "text": {"  "}})
	if res, _ := board.post("/late/notify", url.Values{"org": {fmt.Sprint(ward.ID)}, "kind": {"meetings"}, "month": {"2026-10"},
		"text": {"Đề nghị các chi bộ ghi biên bản tháng 10/2026."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("notify: %d", res.StatusCode)
	}
	_, home := f.MustLogin(t, "bithu.tdp4").get("/")
	if !strings.Contains(home, "Đề nghị các chi bộ ghi biên bản tháng 10/2026.") {
		t.Errorf("the secretary does not see the reminder")
	}
	// A secretary may not send reminders.
	if res, _ := f.MustLogin(t, "bithu.tdp4").post("/late/notify", url.Values{"org": {fmt.Sprint(mustOrgCode(t, f, "HT.TP.TRP.TDP4").ID)}, "text": {"x"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("secretary notify: %d, want 403", res.StatusCode)
	}
}

// The registrations list of /late names exactly the units of Trần Phú
// (the ward and its cells) whose 2025 registration is not sent: none,
// draft or returned, as the registrations themselves say; the reminder
// reaches them.
func TestLateRegistrationsList(t *testing.T) {
	f := MustFixture(t)
	ctx := context.Background()
	c := demoCampaign(t, f)
	ward := mustOrgCode(t, f, "HT.TP.TRP")
	var want []string
	err := f.st.EachOrg(ctx, ward.Path, func(o *bontot.Org, _ string) error {
		if !store.RegistersTargets(o.Kind) {
			return nil
		}
		r, err := f.st.RegistrationOf(ctx, c.ID, 2025, o.ID)
		if err != nil && bontot.ErrorCode(err) != bontot.ENOTFOUND {
			return err
		}
		if r == nil || r.Status == bontot.RegDraft || r.Status == bontot.RegReturned {
			want = append(want, o.Name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 {
		t.Fatal("every unit of Trần Phú registered in the demo: the test needs some that did not")
	}
	board := f.MustLogin(t, "bantochuc")
	q := fmt.Sprintf("/late?org=%d&kind=registrations&campaign=%d&year=2025", ward.ID, c.ID)
	body := html.UnescapeString(mustGetOK(t, board, q))
	if head := fmt.Sprintf("Đơn vị chưa gửi đăng ký thi đua năm 2025: %d", len(want)); !strings.Contains(body, head) {
		t.Errorf("the page lacks %q", head)
	}
	for _, name := range want {
		if !strings.Contains(body, ">"+name+"</a>") {
			t.Errorf("%s is not listed", name)
		}
	}
	if res, _ := board.post("/late/notify", url.Values{"org": {fmt.Sprint(ward.ID)}, "kind": {"registrations"}, "campaign": {fmt.Sprint(c.ID)},
		"year": {"2025"}, "text": {"Đề nghị gửi bản đăng ký thi đua năm 2025."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("notify: %d", res.StatusCode)
	}
	if e, _, _ := f.st.AuditEntries(ctx, bontot.AuditFilter{Action: "notification.send"}); len(e) == 0 || !strings.Contains(e[0].Summary, fmt.Sprintf("Nhắc nhở %d đơn vị", len(want))) {
		t.Errorf("the reminder's audit entry does not count %d units: %+v", len(want), e)
	}
}
