// Command bontot runs Bốn Tốt: the web server and its operator tools.
//
// main only calls run, which takes everything from the outside world as
// arguments, so that tests run the real program.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bontot:", err)
		os.Exit(1)
	}
}

// commands maps each subcommand to its function.
var commands = map[string]func(ctx context.Context, env *env, args []string) error{
	"serve":   cmdServe,
	"migrate": cmdMigrate,
	"demo":    cmdDemo,
	"user":    cmdUser,
	"import":  cmdImport,
	"export":  cmdExport,
	"backup":  cmdBackup,
	"score":   cmdScore,
}

// env is the outside world of one run.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := &env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		return cmdServe(ctx, e, nil)
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, "bontot", version)
		return nil
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", args[0])
	}
	return cmd(ctx, e, args[1:])
}

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

const usage = `Bốn Tốt — phong trào thi đua "Chi bộ 4 tốt", "Đảng bộ cơ sở 4 tốt".

Usage: bontot <command> [flags]

Commands:
  serve     run the web server (the default when no command is given)
  migrate   apply database migrations and exit
  demo      load demo data: old Hà Tĩnh city (default), or a generated
            -scale city|province|national for benchmarks
  user      manage accounts: user add | user password | user list
  import    import the organization tree or the member register (.xlsx, .csv)
  export    export the organization tree or the member register (.xlsx, .csv)
  backup    write a consistent copy of the database while it runs
  score     re-score the "4 tốt" assessments of campaign years and check
            the dashboard counters against a recount
  help      show this help
  version   print the version

Flags common to every command (each has an environment variable):
  -data DIR    data folder for the embedded SQLite database   BONTOT_DATA   (./bontot-data)
  -db URL      database: a postgres:// URL, or an SQLite file  BONTOT_DB     (DIR/bontot.db)

serve:
  -addr HOST:PORT   listen address                       BONTOT_ADDR   (127.0.0.1:8080)
  -demo=false       do not load the demo data into a new empty database   BONTOT_DEMO
  -secure-cookies   mark the session cookie Secure (behind HTTPS)          BONTOT_SECURE_COOKIES
  E-mail of reminders, off unless -smtp-addr is set (STARTTLS when offered):
  -smtp-addr HOST:PORT   SMTP server                             BONTOT_SMTP_ADDR
  -smtp-from ADDRESS     sender, e.g. "Bốn Tốt <noreply@x.vn>"   BONTOT_SMTP_FROM
  -smtp-user NAME        SMTP user name                          BONTOT_SMTP_USER
  -base-url URL          address users open, for links in e-mails BONTOT_BASE_URL
                         the password only from the environment  BONTOT_SMTP_PASSWORD

demo:
  -scale city|province|national   generate a synthetic tree instead of Hà Tĩnh
  -seed N                         seed of the generator (default 1)

score [-campaign ID] [-year YYYY]
  Without flags every year of every campaign. Approved results keep their score.

user add -username NAME -name "Họ và tên" -role ROLE -org CODE [-email ADDRESS] [-password PW]
user password -username NAME [-password PW]
user list
  Roles: admin, board, committee, secretary, sponsor, viewer, member.
  Without -password the password is read from standard input.

import -kind orgs|members -file FILE [-as USERNAME]
export -kind orgs|members -file FILE [-org CODE]
backup -out FILE   (SQLite: an online copy; PostgreSQL: use pg_dump)
`
