package mail_test

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"bontot/internal/smtptest"
	"bontot/mail"
)

func TestSMTPSendsVietnameseText(t *testing.T) {
	srv := smtptest.Start(t)
	s, err := mail.NewSMTP(srv.Addr, "Bốn Tốt <noreply@hatinh.gov.vn>", "bontot", "mat-khau-bi-mat")
	if err != nil {
		t.Fatal(err)
	}
	subject := "Nhắc nhở: Chi bộ TDP 4, Đảng bộ phường Trần Phú chưa ghi biên bản sinh hoạt định kỳ tháng 10/2026"
	body := "Kính gửi đồng chí Nguyễn Thị Hường,\n\n" +
		"Đảng bộ thành phố Hà Tĩnh đề nghị chi bộ ghi biên bản sinh hoạt định kỳ tháng 10/2026 vào Bốn Tốt; dòng này dài hơn bảy mươi sáu ký tự để phải ngắt.\n" +
		".Dòng bắt đầu bằng dấu chấm.\n"
	if err := s.Send(context.Background(), &mail.Message{To: "huong@hatinh.gov.vn", ToName: "Nguyễn Thị Hường", Subject: subject, Body: body}); err != nil {
		t.Fatal(err)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages", len(msgs))
	}
	m := msgs[0]
	if m.From != "noreply@hatinh.gov.vn" || len(m.To) != 1 || m.To[0] != "huong@hatinh.gov.vn" {
		t.Errorf("envelope %q → %q", m.From, m.To)
	}
	if m.User != "bontot" || m.Password != "mat-khau-bi-mat" {
		t.Errorf("AUTH PLAIN as %q/%q", m.User, m.Password)
	}
	inBody := false
	for i, line := range strings.Split(strings.ReplaceAll(string(m.Data), "\r\n", "\n"), "\n") { // the server's dot reader ends lines with \n
		inBody = inBody || line == ""
		if max := map[bool]int{false: 998, true: 76}[inBody]; len(line) > max {
			t.Errorf("line %d is %d characters long: %q", i+1, len(line), line)
		}
		for _, c := range []byte(line) {
			if c >= 0x80 {
				t.Fatalf("line %d is not 7-bit: %q", i+1, line)
			}
		}
	}
	h, gotSubject, gotBody, err := m.Decode()
	if err != nil {
		t.Fatal(err)
	}
	if gotSubject != subject {
		t.Errorf("subject %q, want %q", gotSubject, subject)
	}
	if got := strings.ReplaceAll(gotBody, "\r\n", "\n"); got != body {
		t.Errorf("body %q, want %q", got, body)
	}
	if ct := h.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if to, err := h.AddressList("To"); err != nil || to[0].Name != "Nguyễn Thị Hường" {
		t.Errorf("To: %v %v", to, err)
	}
	if from, err := h.AddressList("From"); err != nil || from[0].Name != "Bốn Tốt" || from[0].Address != "noreply@hatinh.gov.vn" {
		t.Errorf("From: %v %v", from, err)
	}
	if h.Get("Date") == "" || h.Get("Message-Id") == "" {
		t.Errorf("no Date or Message-ID: %v", h)
	}
}

func TestNewSMTPChecksSettings(t *testing.T) {
	for _, tc := range []struct{ name, addr, from, user, password string }{
		{"no port", "smtp.hatinh.gov.vn", "a@b.vn", "", ""},
		{"no sender", "smtp.hatinh.gov.vn:587", "", "", ""},
		{"bad sender", "smtp.hatinh.gov.vn:587", "không phải địa chỉ", "", ""},
		{"password without user", "smtp.hatinh.gov.vn:587", "a@b.vn", "", "bi-mat"},
	} {
		if _, err := mail.NewSMTP(tc.addr, tc.from, tc.user, tc.password); err == nil {
			t.Errorf("%s: accepted", tc.name)
		} else if strings.Contains(err.Error(), "bi-mat") {
			t.Errorf("%s: the error shows the password: %v", tc.name, err)
		}
	}
	s, err := mail.NewSMTP("smtp.hatinh.gov.vn:587", "a@b.vn", "bontot", "bi-mat")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(s.String(), "bi-mat") {
		t.Errorf("String shows the password: %s", s)
	}
}

func TestSMTPRefusedRecipientIsAnError(t *testing.T) {
	srv := smtptest.Start(t)
	srv.Reject("550 5.1.1 mailbox unavailable")
	s, _ := mail.NewSMTP(srv.Addr, "noreply@hatinh.gov.vn", "bontot", "bi-mat")
	err := s.Send(context.Background(), &mail.Message{To: "khongco@hatinh.gov.vn", Subject: "x", Body: "x"})
	if err == nil || !strings.Contains(err.Error(), "550") {
		t.Errorf("refused recipient: %v", err)
	}
	if err != nil && strings.Contains(err.Error(), "bi-mat") {
		t.Errorf("the error shows the password: %v", err)
	}
}

// A server that accepts the connection and never answers costs the sender no
// more than its context allows.
func TestSMTPSilentServerTimesOut(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	s, _ := mail.NewSMTP(ln.Addr().String(), "noreply@hatinh.gov.vn", "", "")
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := s.Send(ctx, &mail.Message{To: "a@b.vn", Subject: "x", Body: "x"}); err == nil {
		t.Error("a silent server accepted the message")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Send took %s", d)
	}
}

// fakeSender records messages and fails for the addresses in fail.
type fakeSender struct {
	mu   sync.Mutex
	sent []string
	fail map[string]bool
}

func (f *fakeSender) Send(ctx context.Context, m *mail.Message) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail[m.To] {
		return errors.New("refused")
	}
	f.sent = append(f.sent, m.To)
	return nil
}

func TestOutboxReportsAndGivesUpOnADeadServer(t *testing.T) {
	f := &fakeSender{fail: map[string]bool{"x1@b.vn": true, "x2@b.vn": true, "x3@b.vn": true}}
	o := mail.NewOutbox(f, slog.New(slog.NewTextHandler(io.Discard, nil)))
	type result struct{ sent, failed int }
	results := make(chan result, 2)
	report := func(sent, failed int) { results <- result{sent, failed} }
	msgs := func(to ...string) []*mail.Message {
		var out []*mail.Message
		for _, a := range to {
			out = append(out, &mail.Message{To: a})
		}
		return out
	}
	if !o.Send(msgs("a@b.vn", "x1@b.vn", "c@b.vn"), report) {
		t.Fatal("Send refused")
	}
	// Three failures in a row abandon the rest of the batch.
	if !o.Send(msgs("x1@b.vn", "x2@b.vn", "x3@b.vn", "d@b.vn", "e@b.vn"), report) {
		t.Fatal("Send refused")
	}
	if err := o.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if r := <-results; r != (result{2, 1}) {
		t.Errorf("first batch %+v, want 2 sent, 1 failed", r)
	}
	if r := <-results; r != (result{0, 5}) {
		t.Errorf("second batch %+v, want 0 sent, 5 failed", r)
	}
	if strings.Join(f.sent, " ") != "a@b.vn c@b.vn" {
		t.Errorf("sent to %v", f.sent)
	}
	if o.Send(msgs("f@b.vn"), nil) {
		t.Error("a closed outbox took a message")
	}
}

// A server that offers STARTTLS gets the message and the password only over
// TLS; one whose certificate is not trusted gets nothing, rather than the
// message in clear text.
func TestSMTPUsesSTARTTLSWhenOffered(t *testing.T) {
	srv := smtptest.StartTLS(t)
	s, _ := mail.NewSMTP(srv.Addr, "noreply@hatinh.gov.vn", "bontot", "bi-mat")
	err := s.Send(context.Background(), &mail.Message{To: "a@hatinh.gov.vn", Subject: "Nhắc nhở", Body: "Nội dung"})
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Errorf("an untrusted certificate: %v", err)
	}
	if n := len(srv.Messages()); n != 0 {
		t.Fatalf("%d messages sent past an untrusted certificate", n)
	}
	s.TLSConfig = &tls.Config{RootCAs: srv.RootCAs, ServerName: "127.0.0.1"}
	if err := s.Send(context.Background(), &mail.Message{To: "a@hatinh.gov.vn", Subject: "Nhắc nhở", Body: "Nội dung"}); err != nil {
		t.Fatal(err)
	}
	m := srv.Messages()[0]
	if !m.TLS || m.User != "bontot" || m.Password != "bi-mat" {
		t.Errorf("TLS %v, authenticated as %q", m.TLS, m.User)
	}
}
