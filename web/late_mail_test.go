package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"bontot"
	"bontot/internal/smtptest"
	"bontot/mail"
	"bontot/store"
	"bontot/web"
)

// mailFixture is a server that e-mails reminders through a test SMTP server.
// The outbox is closed (its queue sent) by the returned function, and at the
// latest when the test ends, before the store closes.
func mailFixture(t *testing.T, srv *smtptest.Server) (*fixture, func()) {
	t.Helper()
	sender, err := mail.NewSMTP(srv.Addr, "Bốn Tốt <nhacnho@hatinh.gov.vn>", "bontot", "mat-khau-smtp")
	if err != nil {
		t.Fatal(err)
	}
	outbox := mail.NewOutbox(sender, slog.New(slog.NewTextHandler(io.Discard, nil)))
	f := MustFixtureWith(t, func(c *web.Config) { c.Mail, c.BaseURL = outbox, "https://bontot.hatinh.gov.vn/" })
	flush := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := outbox.Close(ctx); err != nil {
			t.Fatal("the outbox did not finish:", err)
		}
	}
	t.Cleanup(flush) // registered after the fixture's, so it runs first
	return f, flush
}

// setEmails gives demo accounts addresses.
func setEmails(t *testing.T, f *fixture, emails map[string]string) {
	t.Helper()
	ctx := context.Background()
	for username, email := range emails {
		u, err := f.st.UserByUsername(ctx, username)
		if err != nil {
			t.Fatal(username, err)
		}
		if err := f.st.SetEmail(ctx, store.System, u.ID, email); err != nil {
			t.Fatal(username, err)
		}
	}
}

// remindTranPhu has the board send the October 2026 meeting reminder to every
// cell of Trần Phú, and returns the page it lands on.
func remindTranPhu(t *testing.T, f *fixture) string {
	t.Helper()
	ward := mustOrgCode(t, f, "HT.TP.TRP")
	board := f.MustLogin(t, "bantochuc")
	res, _ := board.post("/late/notify", url.Values{"org": {fmt.Sprint(ward.ID)}, "kind": {"meetings"}, "month": {"2026-10"},
		"text": {"Đề nghị các chi bộ ghi biên bản tháng 10/2026."}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("notify: %d", res.StatusCode)
	}
	_, page := board.get(res.Header.Get("Location"))
	if _, home := f.MustLogin(t, "bithu.tdp4").get("/"); !strings.Contains(home, "Đề nghị các chi bộ ghi biên bản tháng 10/2026.") {
		t.Error("the secretary does not see the reminder on her home page")
	}
	return page
}

func mailAudit(t *testing.T, f *fixture) []*bontot.AuditEntry {
	t.Helper()
	entries, _, err := f.st.AuditEntries(context.Background(), bontot.AuditFilter{Action: "notification.mail"})
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

// A reminder from /late reaches, by e-mail, the people of the reminded units
// who have an address: the cell secretary of TDP 4 gets one e-mail whose
// subject and body name her cell with its diacritics; the party member of the
// same cell (who has no home page of the unit), the ward's committee officer
// (not on a reminded unit) and the secretaries without an address get none.
func TestReminderIsEmailedToTheUnitsPeople(t *testing.T) {
	srv := smtptest.Start(t)
	f, flush := mailFixture(t, srv)
	setEmails(t, f, map[string]string{"bithu.tdp4": "bithu.tdp4@hatinh.gov.vn", "dangvien": "duc@hatinh.gov.vn", "danguy.tranphu": "danguy@hatinh.gov.vn"})
	secretary, _ := f.st.UserByUsername(context.Background(), "bithu.tdp4")

	// An officer in charge of seven cells gets one e-mail that names five.
	var cells []bontot.Grant
	for _, code := range []string{"TDP1", "TDP2", "TDP3", "TDP5", "TDP6", "TDP7", "TDP8"} {
		cells = append(cells, bontot.Grant{Role: bontot.RoleSponsor, OrgID: mustOrgCode(t, f, "HT.TP.TRP."+code).ID})
	}
	if err := f.st.CreateUser(context.Background(), store.System, &bontot.User{Username: "phutrach.trp", FullName: "Trần Thị Lý",
		Email: "ly@hatinh.gov.vn", Grants: cells}, "matkhau123"); err != nil {
		t.Fatal(err)
	}

	page := remindTranPhu(t, f)
	if !strings.Contains(page, "e-mail đang được gửi đến 2 người") {
		t.Error("the flash does not say the e-mails are being sent")
	}
	flush()
	msgs := srv.Messages()
	if len(msgs) != 2 {
		t.Fatalf("%d e-mails, want 2 (the secretary of TDP 4, the officer in charge of seven cells)", len(msgs))
	}
	if _, subject, _, err := msgs[1].Decode(); err != nil || msgs[1].To[0] != "ly@hatinh.gov.vn" ||
		subject != "Nhắc nhở: Chi bộ TDP 1, Chi bộ TDP 2, Chi bộ TDP 3, Chi bộ TDP 5, Chi bộ TDP 6 và 2 đơn vị khác" {
		t.Errorf("the officer's e-mail to %v: %q %v", msgs[1].To, subject, err)
	}
	m := msgs[0]
	if len(m.To) != 1 || m.To[0] != "bithu.tdp4@hatinh.gov.vn" || m.From != "nhacnho@hatinh.gov.vn" {
		t.Errorf("envelope %s → %v", m.From, m.To)
	}
	if m.User != "bontot" || m.Password != "mat-khau-smtp" {
		t.Errorf("authenticated as %q", m.User)
	}
	_, subject, body, err := m.Decode()
	if err != nil {
		t.Fatal(err)
	}
	if subject != "Nhắc nhở: Chi bộ TDP 4" {
		t.Errorf("subject %q, want the cell's name", subject)
	}
	board, _ := f.st.UserByUsername(context.Background(), "bantochuc")
	for _, want := range []string{"Kính gửi đồng chí " + secretary.FullName, "Đồng chí " + board.FullName + " đã gửi nhắc nhở đến Chi bộ TDP 4",
		"Đảng bộ phường Trần Phú", "Đề nghị các chi bộ ghi biên bản tháng 10/2026.", "Mở Bốn Tốt: https://bontot.hatinh.gov.vn/\n"} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	if e := mailAudit(t, f); len(e) != 1 || !strings.Contains(e[0].Summary, "đã gửi 2/2 thư") || e[0].Username != "bantochuc" {
		t.Errorf("audit of the e-mails: %+v", e)
	}
}

// An SMTP server that refuses every recipient does not fail the reminder:
// it is saved and shown, and the audit log counts the e-mail that failed.
func TestReminderSurvivesAFailingMailServer(t *testing.T) {
	srv := smtptest.Start(t)
	srv.Reject("550 5.1.1 mailbox unavailable")
	f, flush := mailFixture(t, srv)
	setEmails(t, f, map[string]string{"bithu.tdp4": "bithu.tdp4@hatinh.gov.vn"})
	page := remindTranPhu(t, f)
	if !strings.Contains(page, "Đã gửi nhắc nhở đến") {
		t.Error("the reminder is not reported as sent")
	}
	flush()
	if srv.Connections() == 0 {
		t.Error("the mail server was never tried")
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("%d messages accepted by a server that refuses them", n)
	}
	if e := mailAudit(t, f); len(e) != 1 || !strings.Contains(e[0].Summary, "đã gửi 0/1 thư, 1 thư không gửi được") {
		t.Errorf("audit of the failed e-mail: %+v", e)
	}
}

// Without a mail server configured (the default), a reminder behaves as it
// always did: no connection anywhere, no word of e-mail, no e-mail audit.
func TestReminderWithoutMailSendsNoEmail(t *testing.T) {
	srv := smtptest.Start(t)
	f := MustFixture(t)
	setEmails(t, f, map[string]string{"bithu.tdp4": "bithu.tdp4@hatinh.gov.vn"})
	page := remindTranPhu(t, f)
	if strings.Contains(page, "e-mail") {
		t.Error("the flash speaks of e-mail with e-mail off")
	}
	time.Sleep(100 * time.Millisecond)
	if n := srv.Connections(); n != 0 {
		t.Errorf("%d connections to an SMTP server with e-mail off", n)
	}
	if e := mailAudit(t, f); len(e) != 0 {
		t.Errorf("e-mail audit entries with e-mail off: %+v", e)
	}
}
