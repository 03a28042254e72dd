package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"bontot"
	"bontot/demo"
	"bontot/importer"
	"bontot/mail"
	"bontot/store"
	"bontot/web"
	"bontot/xlsx"
)

// dbFlags are the flags every command shares.
type dbFlags struct {
	data string
	db   string
}

func (f *dbFlags) register(fs *flag.FlagSet, e *env) {
	fs.StringVar(&f.data, "data", envOr(e, "BONTOT_DATA", "bontot-data"), "data folder")
	fs.StringVar(&f.db, "db", e.getenv("BONTOT_DB"), "database URL (postgres://…) or SQLite file")
}

func envOr(e *env, name, def string) string {
	if v := e.getenv(name); v != "" {
		return v
	}
	return def
}

func envBool(e *env, name string, def bool) bool {
	if v, err := strconv.ParseBool(e.getenv(name)); err == nil {
		return v
	}
	return def
}

// open opens and migrates the database the flags name.
func (f *dbFlags) open(ctx context.Context) (*store.Store, error) {
	dsn := f.db
	if dsn == "" {
		dsn = filepath.Join(f.data, "bontot.db")
	}
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

func newFlagSet(e *env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

func cmdServe(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "serve")
	var df dbFlags
	df.register(fs, e)
	addr := fs.String("addr", envOr(e, "BONTOT_ADDR", "127.0.0.1:8080"), "listen address")
	loadDemo := fs.Bool("demo", envBool(e, "BONTOT_DEMO", true), "load the demo data into a new empty database")
	secure := fs.Bool("secure-cookies", envBool(e, "BONTOT_SECURE_COOKIES", false), "mark the session cookie Secure")
	smtpAddr := fs.String("smtp-addr", e.getenv("BONTOT_SMTP_ADDR"), "SMTP server host:port to e-mail reminders through (empty: no e-mail)")
	smtpFrom := fs.String("smtp-from", e.getenv("BONTOT_SMTP_FROM"), "sender address of the e-mails")
	smtpUser := fs.String("smtp-user", e.getenv("BONTOT_SMTP_USER"), "SMTP user name; the password only from BONTOT_SMTP_PASSWORD")
	baseURL := fs.String("base-url", e.getenv("BONTOT_BASE_URL"), "the address users open the application at, for links in e-mails (e.g. https://bontot.example.vn)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	// E-mail is off unless a server is named. The password comes only from
	// the environment, never from a flag (which ps would show), and is never logged.
	var sender *mail.SMTP
	if *baseURL != "" {
		if u, err := url.Parse(*baseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("-base-url %q: expected an address such as https://bontot.example.vn", *baseURL)
		}
	}
	if *smtpAddr != "" {
		var err error
		if sender, err = mail.NewSMTP(*smtpAddr, *smtpFrom, *smtpUser, e.getenv("BONTOT_SMTP_PASSWORD")); err != nil {
			return err
		}
	}
	st, err := df.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	var outbox *mail.Outbox
	if sender != nil {
		outbox = mail.NewOutbox(sender, logger)
		defer func() { // before the store closes: what is queued is sent and audited
			closeCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if err := outbox.Close(closeCtx); err != nil {
				logger.Warn("e-mail: stopped before the queue was sent", "err", err)
			}
		}()
		logger.Info("e-mail reminders on", "server", sender.String())
		if *smtpUser != "" && e.getenv("BONTOT_SMTP_PASSWORD") == "" {
			logger.Warn("e-mail: -smtp-user is set but BONTOT_SMTP_PASSWORD is empty")
		}
	}
	srv, err := web.New(web.Config{Store: st, Logger: logger, SecureCookies: *secure, Mail: outbox, BaseURL: *baseURL})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()

	demoLoaded := false
	if empty, err := st.Empty(ctx); err != nil {
		return err
	} else if empty && *loadDemo {
		fmt.Fprintln(e.stdout, "Đang nạp dữ liệu mẫu thành phố Hà Tĩnh (cũ)…")
		stats, err := demo.Install(ctx, st)
		if err != nil {
			return fmt.Errorf("loading the demo data: %w", err)
		}
		fmt.Fprintf(e.stdout, "Đã nạp %d tổ chức đảng, %d đảng viên trong %s.\n", stats.Orgs, stats.Members, stats.Total.Round(time.Millisecond))
		demoLoaded = true
	}
	srv.SetReady()
	go srv.CleanSessions(ctx, 30*time.Minute)

	url := "http://" + ln.Addr().String()
	fmt.Fprintf(e.stdout, "Bốn Tốt đang chạy tại %s\n", url)
	if demoLoaded || hasDemoUsers(ctx, st) {
		fmt.Fprintf(e.stdout, "Tài khoản dùng thử (mật khẩu chung: %s):\n", demo.Password)
		for _, l := range demo.Logins {
			fmt.Fprintf(e.stdout, "  %-16s %s — %s\n", l.Username, l.Role.Label(), l.OrgCode)
		}
	}
	fmt.Fprintln(e.stdout, "Bấm Ctrl+C để dừng.")

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	fmt.Fprintln(e.stdout, "Đang dừng…")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// hasDemoUsers reports whether the demo accounts exist, so that a restart prints them again.
func hasDemoUsers(ctx context.Context, st *store.Store) bool {
	u, err := st.UserByUsername(ctx, demo.Logins[0].Username)
	return err == nil && bontot.CheckPassword(u.PasswordHash, demo.Password)
}

func cmdMigrate(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "migrate")
	var df dbFlags
	df.register(fs, e)
	if err := fs.Parse(args); err != nil {
		return err
	}
	st, err := df.open(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "Cơ sở dữ liệu đã được cập nhật.")
	return st.Close()
}

func cmdDemo(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "demo")
	var df dbFlags
	df.register(fs, e)
	scale := fs.String("scale", "", "city, province or national: a generated tree instead of Hà Tĩnh")
	seed := fs.Int64("seed", 1, "seed of the generator")
	if err := fs.Parse(args); err != nil {
		return err
	}
	st, err := df.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	var stats store.BulkStats
	if *scale == "" {
		stats, err = demo.Install(ctx, st)
	} else {
		stats, err = st.BulkLoad(ctx, func(sink store.BulkSink) error {
			return demo.Generate(demo.Scale(*scale), *seed,
				func(o *demo.OrgSeed) error { return sink.Org(&o.Org, o.ParentCode) },
				func(m *demo.MemberSeed) error { return sink.Member(&m.Member, m.OrgCode, m.Since) })
		})
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Đã nạp %d tổ chức đảng, %d đảng viên: nạp %s, tạo chỉ mục %s, tổng %s.\n",
		stats.Orgs, stats.Members, stats.Load.Round(time.Millisecond), stats.Index.Round(time.Millisecond), stats.Total.Round(time.Millisecond))
	return nil
}

func cmdUser(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return errors.New("user: want add, password or list")
	}
	sub := args[0]
	fs := newFlagSet(e, "user "+sub)
	var df dbFlags
	df.register(fs, e)
	username := fs.String("username", "", "user name")
	name := fs.String("name", "", "full name")
	email := fs.String("email", "", "e-mail address for reminders (optional)")
	role := fs.String("role", "", "role")
	org := fs.String("org", "", "organization code of the role's subtree")
	password := fs.String("password", "", "password (read from standard input when empty)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	st, err := df.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	readPassword := func() (string, error) {
		if *password != "" {
			return *password, nil
		}
		fmt.Fprint(e.stderr, "Mật khẩu: ")
		line, err := bufio.NewReader(e.stdin).ReadString('\n')
		if err != nil && line == "" {
			return "", fmt.Errorf("reading the password: %w", err)
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	switch sub {
	case "add":
		o, err := st.OrgByCode(ctx, *org)
		if err != nil {
			return fmt.Errorf("-org: %s", bontot.ErrorMessage(err))
		}
		pw, err := readPassword()
		if err != nil {
			return err
		}
		u := &bontot.User{Username: *username, FullName: *name, Email: *email, Grants: []bontot.Grant{{Role: bontot.Role(*role), OrgID: o.ID}}}
		if err := st.CreateUser(ctx, store.System, u, pw); err != nil {
			return errors.New(describe(err))
		}
		fmt.Fprintf(e.stdout, "Đã thêm người dùng %s (%s tại %s).\n", u.Username, bontot.Role(*role).Label(), o.Name)
	case "password":
		u, err := st.UserByUsername(ctx, *username)
		if err != nil {
			return errors.New(bontot.ErrorMessage(err))
		}
		pw, err := readPassword()
		if err != nil {
			return err
		}
		if err := st.SetPassword(ctx, store.System, u.ID, pw); err != nil {
			return errors.New(describe(err))
		}
		fmt.Fprintf(e.stdout, "Đã đặt mật khẩu mới cho %s.\n", u.Username)
	case "list":
		users, err := st.Users(ctx, "")
		if err != nil {
			return err
		}
		for _, u := range users {
			var roles []string
			for _, g := range u.Grants {
				roles = append(roles, g.Role.Label()+" — "+g.OrgName)
			}
			fmt.Fprintf(e.stdout, "%-20s %-28s %-30s %s\n", u.Username, u.FullName, u.Email, strings.Join(roles, "; "))
		}
	default:
		return fmt.Errorf("user: unknown subcommand %q", sub)
	}
	return nil
}

// describe writes an application error with its field messages, for the terminal.
func describe(err error) string {
	var e *bontot.Error
	if !errors.As(err, &e) {
		return err.Error()
	}
	msg := e.Message
	for f, m := range e.Fields {
		msg += "\n  " + f + ": " + m
	}
	return msg
}

func cmdImport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "import")
	var df dbFlags
	df.register(fs, e)
	kind := fs.String("kind", "", "orgs or members")
	file := fs.String("file", "", "the .xlsx or .csv file")
	as := fs.String("as", "", "the user the import is recorded for (default: the system)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	format, err := xlsx.FormatOf(*file)
	if err != nil {
		return errors.New(bontot.ErrorMessage(err))
	}
	f, err := os.Open(*file)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := df.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	a := store.System
	if *as != "" {
		u, err := st.UserByUsername(ctx, *as)
		if err != nil {
			return errors.New(bontot.ErrorMessage(err))
		}
		a = store.Actor{UserID: u.ID, Username: u.Username}
	}
	var report *xlsx.Report
	var res *store.ImportResult
	switch *kind {
	case "orgs":
		report, res, err = importer.Orgs(ctx, st, a, f, format, importer.Everywhere)
	case "members":
		report, res, err = importer.Members(ctx, st, a, f, format, importer.Everywhere)
	default:
		return errors.New("import: -kind must be orgs or members")
	}
	if err != nil {
		return errors.New(describe(err))
	}
	if !report.OK() {
		for _, re := range report.Errors {
			fmt.Fprintf(e.stderr, "dòng %d, cột %s: %s\n", re.Row, re.Column, re.Message)
		}
		return fmt.Errorf("tệp có %d lỗi; chưa có dữ liệu nào được nhập", len(report.Errors))
	}
	fmt.Fprintf(e.stdout, "Đã nhập: %d thêm mới, %d cập nhật, %d chuyển, %d không đổi.\n", res.Created, res.Updated, res.Moved, res.Unchanged)
	return nil
}

func cmdExport(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "export")
	var df dbFlags
	df.register(fs, e)
	kind := fs.String("kind", "", "orgs or members")
	file := fs.String("file", "", "the .xlsx or .csv file to write")
	org := fs.String("org", "", "code of the subtree to export (default: everything)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	format, err := xlsx.FormatOf(*file)
	if err != nil {
		return errors.New(bontot.ErrorMessage(err))
	}
	st, err := df.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	var roots []*bontot.Org
	if *org != "" {
		o, err := st.OrgByCode(ctx, *org)
		if err != nil {
			return errors.New(bontot.ErrorMessage(err))
		}
		roots = []*bontot.Org{o}
	} else {
		var zero int64
		_ = zero
		if roots, err = st.Orgs(ctx, bontot.OrgFilter{Kinds: nil, Limit: 1000}); err != nil {
			return err
		}
		var top []*bontot.Org
		for _, o := range roots {
			if o.ParentID == 0 {
				top = append(top, o)
			}
		}
		roots = top
	}
	out, err := os.Create(*file)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(out, 1<<16)
	n := 0
	switch *kind {
	case "orgs":
		var rows []xlsx.OrgRow
		for _, root := range roots {
			if err := st.EachOrg(ctx, root.Path, func(o *bontot.Org, parent string) error {
				rows = append(rows, xlsx.OrgRow{Org: *o, ParentCode: parent})
				return nil
			}); err != nil {
				return err
			}
		}
		n, err = len(rows), xlsx.WriteOrgs(w, format, rows)
	case "members":
		var rows []xlsx.MemberRow
		for _, root := range roots {
			if err := st.EachMember(ctx, root.Path, func(m *bontot.Member, code string) error {
				rows = append(rows, xlsx.MemberRow{Member: *m, OrgCode: code})
				return nil
			}); err != nil {
				return err
			}
		}
		n, err = len(rows), xlsx.WriteMembers(w, format, rows)
		if err == nil {
			err = st.Audit(ctx, store.System, "member.export", "org", 0, "", fmt.Sprintf("Xuất %d đảng viên ra tệp %s (dòng lệnh)", n, filepath.Base(*file)))
		}
	default:
		return errors.New("export: -kind must be orgs or members")
	}
	if err == nil {
		err = w.Flush()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Đã ghi %d dòng vào %s.\n", n, *file)
	return nil
}

func cmdBackup(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "backup")
	var df dbFlags
	df.register(fs, e)
	out := fs.String("out", "", "the backup file to write")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		*out = filepath.Join(df.data, "backup-"+time.Now().Format("20060102-150405")+".db")
	}
	st, err := df.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Backup(ctx, *out); err != nil {
		return errors.New(describe(err))
	}
	fmt.Fprintf(e.stdout, "Đã sao lưu vào %s.\n", *out)
	return nil
}

func cmdScore(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "score")
	var df dbFlags
	df.register(fs, e)
	campaign := fs.Int64("campaign", 0, "the campaign (default: every campaign)")
	year := fs.Int("year", 0, "the year (default: every year of the campaign)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	st, err := df.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	cs, err := st.Campaigns(ctx, "")
	if err != nil {
		return err
	}
	done := 0
	for _, c := range cs {
		if *campaign != 0 && c.ID != *campaign {
			continue
		}
		for _, y := range c.Years {
			if *year != 0 && y.Year != *year {
				continue
			}
			start := time.Now()
			n, err := st.ScoreYear(ctx, c.ID, y.Year)
			if err != nil {
				return errors.New(describe(err))
			}
			bad, err := st.VerifyRollup(ctx, c.ID, y.Year)
			if err != nil {
				return err
			}
			if len(bad) > 0 {
				if err := st.RecountYear(ctx, c.ID, y.Year); err != nil {
					return err
				}
				fmt.Fprintf(e.stderr, "Cảnh báo: số liệu tổng hợp của %d tổ chức (năm %d) không khớp với các bản đánh giá; đã tính lại.\n", len(bad), y.Year)
			}
			fmt.Fprintf(e.stdout, "%s — năm %d: đã chấm lại %d đơn vị trong %s; số liệu tổng hợp khớp.\n", c.Name, y.Year, n, time.Since(start).Round(time.Millisecond))
			done++
		}
	}
	if done == 0 {
		return errors.New("không có phong trào hoặc năm nào như vậy")
	}
	return nil
}
