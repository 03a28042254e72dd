package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"bontot/internal/smtptest"
	"bontot/store"
)

// runCmd runs the real program with args and returns what it printed.
func runCmd(t *testing.T, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(string) string { return "" }
	err := run(context.Background(), args, getenv, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), err
}

func TestHelpListsCommands(t *testing.T) {
	out, _, err := runCmd(t, "", "help")
	if err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"serve", "migrate", "demo", "user", "import", "export", "backup", "score", "-addr", "-data", "-db", "BONTOT_DB"} {
		if !strings.Contains(out, cmd) {
			t.Errorf("help lacks %q", cmd)
		}
	}
	if _, _, err := runCmd(t, "", "khong-co"); err == nil {
		t.Error("an unknown command succeeded")
	}
}

func TestDemoUserImportExportBackup(t *testing.T) {
	dir := t.TempDir()
	data := "-data=" + dir
	if out, _, err := runCmd(t, "", "demo", data); err != nil || !strings.Contains(out, "6335 đảng viên") {
		t.Fatalf("demo: %v %s", err, out)
	}
	if _, _, err := runCmd(t, "", "demo", data); err == nil {
		t.Error("loading the demo twice succeeded")
	}
	// Re-scoring the demo year 2024 changes nothing and the counters match a recount.
	out, _, err := runCmd(t, "", "score", data, "-year", "2024")
	if err != nil || !strings.Contains(out, "năm 2024: đã chấm lại") || !strings.Contains(out, "khớp") {
		t.Fatalf("score: %v %s", err, out)
	}
	if _, _, err := runCmd(t, "", "score", data, "-year", "1999"); err == nil {
		t.Error("scoring a year no campaign has succeeded")
	}
	// A new account, password from standard input.
	out, _, err = runCmd(t, "mat-khau-rat-dai\n", "user", "add", data, "-username", "bithu.tdp1", "-name", "Võ Văn Sơn", "-role", "secretary", "-org", "HT.TP.TRP.TDP1", "-email", "son.tdp1@hatinh.gov.vn")
	if err != nil || !strings.Contains(out, "Chi bộ TDP 1") {
		t.Fatalf("user add: %v %s", err, out)
	}
	if _, _, err := runCmd(t, "", "user", "add", data, "-username", "x", "-name", "X", "-role", "secretary", "-org", "HT.TP.TRP.TDP1", "-password", "12345678"); err == nil {
		t.Error("a too short user name was accepted")
	}
	if _, errOut, err := runCmd(t, "", "user", "add", data, "-username", "bithu.tdp2", "-name", "Lê Thị Hà", "-role", "secretary", "-org", "HT.TP.TRP.TDP2", "-email", "khong-phai-email", "-password", "12345678"); err == nil || !strings.Contains(err.Error()+errOut, "e-mail không hợp lệ") {
		t.Errorf("a bad e-mail was accepted: %v %s", err, errOut)
	}
	out, _, _ = runCmd(t, "", "user", "list", data)
	if !strings.Contains(out, "bithu.tdp1") || !strings.Contains(out, "Võ Văn Sơn") || !strings.Contains(out, "son.tdp1@hatinh.gov.vn") {
		t.Errorf("user list: %s", out)
	}
	// Export, then import the same file: nothing changes.
	file := filepath.Join(dir, "tdp4.xlsx")
	if out, _, err := runCmd(t, "", "export", data, "-kind", "members", "-org", "HT.TP.TRP.TDP4", "-file", file); err != nil || !strings.Contains(out, "Đã ghi") {
		t.Fatalf("export: %v %s", err, out)
	}
	out, _, err = runCmd(t, "", "import", data, "-kind", "members", "-file", file)
	if err != nil || !strings.Contains(out, "0 thêm mới, 0 cập nhật, 0 chuyển") {
		t.Fatalf("re-import: %v %s", err, out)
	}
	orgs := filepath.Join(dir, "cay.csv")
	if _, _, err := runCmd(t, "", "export", data, "-kind", "orgs", "-file", orgs); err != nil {
		t.Fatal(err)
	}
	if out, _, err := runCmd(t, "", "import", data, "-kind", "orgs", "-file", orgs); err != nil || !strings.Contains(out, "0 thêm mới") {
		t.Fatalf("re-import tree: %v %s", err, out)
	}
	// A bad file is refused whole, row by row.
	bad := filepath.Join(dir, "sai.csv")
	os.WriteFile(bad, []byte("Họ và tên,Giới tính,Ngày sinh,Ngày vào Đảng,Ngày chính thức,Tình trạng,Số thẻ đảng viên,Chức vụ,Điện thoại,Mã chi bộ\n"+
		",Nam,31/02/1970,01/01/2000,01/01/2001,Chính thức,,Đảng viên,,HT.TP.TRP.TDP4\n"+
		"Lê Văn Lạc,Nam,30/02/1970,01/01/2000,01/01/2001,Chính thức,,Đảng viên,,HT.TP.KHONGCO\n"), 0o644)
	_, errOut, err := runCmd(t, "", "import", data, "-kind", "members", "-file", bad)
	if err == nil || !strings.Contains(errOut, "dòng 2") {
		t.Errorf("bad import: %v %s", err, errOut)
	}
	// Every problem of a row at once: the impossible date and the unknown cell.
	if !strings.Contains(errOut, "dòng 3, cột Ngày sinh") || !strings.Contains(errOut, "dòng 3, cột Mã chi bộ") {
		t.Errorf("row 3 should list its date and its cell code:\n%s", errOut)
	}
	backup := filepath.Join(dir, "sao-luu.db")
	if out, _, err := runCmd(t, "", "backup", data, "-out", backup); err != nil || !strings.Contains(out, backup) {
		t.Fatalf("backup: %v %s", err, out)
	}
	// The backup is a working database.
	if out, _, err := runCmd(t, "", "user", "list", "-db", backup); err != nil || !strings.Contains(out, "bithu.tdp1") {
		t.Errorf("backup is not usable: %v %s", err, out)
	}
}

// served is a running "bontot serve": its URL, what it printed, and stop,
// which stops it and reports what serve returned.
type served struct {
	url     string
	printed string
	stderr  *syncBuffer
	stop    func() error
}

// syncBuffer is a bytes.Buffer the server's logger and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs the real program's serve with args and the environment
// env, and waits until it has printed its URL and how to stop it.
func startServe(t *testing.T, env map[string]string, args ...string) *served {
	t.Helper()
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	stderr := &syncBuffer{}
	go func() {
		done <- run(ctx, append([]string{"serve"}, args...), func(k string) string { return env[k] }, strings.NewReader(""), pw, stderr)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	var addr string
	var printed strings.Builder
	deadline := time.After(60 * time.Second)
	lines := make(chan string)
	go func() {
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	for addr == "" || !strings.Contains(printed.String(), "Ctrl+C") {
		select {
		case l, ok := <-lines:
			if !ok {
				cancel()
				t.Fatalf("serve stopped: %s\n%s", printed.String(), stderr)
			}
			printed.WriteString(l + "\n")
			if m := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(l); m != "" {
				addr = m
			}
		case <-deadline:
			cancel()
			t.Fatalf("serve did not start: %s", printed.String())
		}
	}
	go func() {
		for range lines {
		}
	}()
	stopped := false
	stop := func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(15 * time.Second):
			return errors.New("serve did not stop")
		}
	}
	t.Cleanup(func() { stop() })
	return &served{url: addr, printed: printed.String(), stderr: stderr, stop: stop}
}

func TestServePrintsURLAndLoginsAndStopsCleanly(t *testing.T) {
	s := startServe(t, nil, "-addr", "127.0.0.1:0", "-data", t.TempDir())
	for _, want := range []string{"bantochuc", "bithu.tdp4", "demo1234"} {
		if !strings.Contains(s.printed, want) {
			t.Errorf("start-up output lacks %q", want)
		}
	}
	res, err := http.Get(s.url + "/healthz")
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", err, res)
	}
	res.Body.Close()
	if err := s.stop(); err != nil {
		t.Errorf("serve returned %v on shutdown", err)
	}
	if strings.Contains(s.stderr.String(), "e-mail") {
		t.Errorf("e-mail is on by default:\n%s", s.stderr)
	}
}

// With an SMTP server in the environment, serve e-mails a reminder sent from
// /late to the secretary who gave her address on her own page, and never
// writes the SMTP password in its log.
func TestServeEmailsRemindersThroughTheConfiguredServer(t *testing.T) {
	srv := smtptest.Start(t)
	dir := t.TempDir()
	const password = "mat-khau-smtp-rat-bi-mat"
	s := startServe(t, map[string]string{"BONTOT_SMTP_ADDR": srv.Addr, "BONTOT_SMTP_FROM": "Bốn Tốt <nhacnho@hatinh.gov.vn>",
		"BONTOT_SMTP_USER": "bontot", "BONTOT_SMTP_PASSWORD": password}, "-addr", "127.0.0.1:0", "-data", dir)

	login := func(username string) *http.Client {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err := c.PostForm(s.url+"/login", url.Values{"username": {username}, "password": {"demo1234"}})
		if err != nil || res.StatusCode != http.StatusSeeOther {
			t.Fatalf("login %s: %v %v", username, err, res)
		}
		res.Body.Close()
		return c
	}
	post := func(c *http.Client, path string, form url.Values) {
		t.Helper()
		res, err := c.PostForm(s.url+path, form)
		if err != nil || res.StatusCode != http.StatusSeeOther {
			t.Fatalf("POST %s: %v %v", path, err, res)
		}
		res.Body.Close()
	}
	post(login("bithu.tdp4"), "/account/email", url.Values{"email": {"bithu.tdp4@hatinh.gov.vn"}})

	st, err := store.Open(context.Background(), filepath.Join(dir, "bontot.db"))
	if err != nil {
		t.Fatal(err)
	}
	ward, err := st.OrgByCode(context.Background(), "HT.TP.TRP")
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	post(login("bantochuc"), "/late/notify", url.Values{"org": {fmt.Sprint(ward.ID)}, "kind": {"meetings"}, "month": {"2026-10"},
		"text": {"Đề nghị các chi bộ ghi biên bản tháng 10/2026."}})

	msgs := srv.Wait(t, 1)
	if err := s.stop(); err != nil {
		t.Errorf("serve returned %v on shutdown", err)
	}
	m := msgs[0]
	_, subject, body, err := m.Decode()
	if err != nil || m.To[0] != "bithu.tdp4@hatinh.gov.vn" || subject != "Nhắc nhở: Chi bộ TDP 4" || !strings.Contains(body, "tháng 10/2026") {
		t.Errorf("e-mail to %v: %q %v\n%s", m.To, subject, err, body)
	}
	if m.User != "bontot" || m.Password != password {
		t.Errorf("authenticated as %q", m.User)
	}
	log := s.stderr.String()
	if !strings.Contains(log, "e-mail reminders on") {
		t.Errorf("the log does not say e-mail is on:\n%s", log)
	}
	if strings.Contains(log, password) {
		t.Errorf("the log shows the SMTP password:\n%s", log)
	}
}

func TestServeRefusesBadMailSettings(t *testing.T) {
	for _, args := range [][]string{
		{"-smtp-addr", "smtp.hatinh.gov.vn", "-smtp-from", "nhacnho@hatinh.gov.vn"}, // no port
		{"-smtp-addr", "smtp.hatinh.gov.vn:587"},                                    // no sender
		{"-base-url", "bontot.hatinh.gov.vn"},                                       // no scheme
	} {
		_, _, err := runCmd(t, "", append([]string{"serve", "-addr", "127.0.0.1:0", "-data", t.TempDir()}, args...)...)
		if err == nil {
			t.Errorf("serve %v started", args)
		}
	}
}
