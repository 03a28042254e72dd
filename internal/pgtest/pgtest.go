// Package pgtest starts throwaway PostgreSQL clusters for tests.
//
// A cluster lives in a fresh temporary directory, listens on a free TCP port
// on 127.0.0.1 (and on a unix socket inside that directory), trusts every
// local connection, and runs with fsync off. Stop kills it and removes the
// directory. Nothing here skips: if PostgreSQL is not installed, Start
// returns an error.
//
// The PostgreSQL binaries are found on PATH (pg_ctl, initdb, postgres) or in
// /usr/lib/postgresql/*/bin (highest version first). When the test runs as
// root, which initdb refuses, the server runs as the "postgres" system user
// (or "nobody" if there is none).
//
// Set BONTOT_TEST_PG_URL to the URL of an existing server's maintenance
// database (for example postgres://postgres@127.0.0.1:5432/postgres) to make
// Shared use that server instead of starting one.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvURL names the environment variable that makes Shared use an existing server.
const EnvURL = "BONTOT_TEST_PG_URL"

// Superuser is the name of the superuser role of clusters started by Start.
const Superuser = "postgres"

const (
	startTimeout = 60 * time.Second
	stopTimeout  = 10 * time.Second
)

// Cluster is a running PostgreSQL server: one started by Start, or an
// external one named by BONTOT_TEST_PG_URL (see Shared).
type Cluster struct {
	base *url.URL // URL of the maintenance database ("postgres")

	// Only for clusters started by Start.
	dir     string        // temp dir: data/, server.log, the unix socket
	cmd     *exec.Cmd     // the postmaster
	exited  chan struct{} // closed when the postmaster has exited
	waitErr error         // the postmaster's exit status, set before exited is closed

	stopOnce sync.Once
	stopErr  error
}

// Start initializes a cluster in a new temporary directory and starts it on
// a free TCP port on 127.0.0.1. It creates no database beyond those initdb
// makes (postgres, template0, template1). Stop it with Stop.
func Start() (*Cluster, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	cred, owner, err := runAs()
	if err != nil {
		return nil, err
	}
	dir, err := makeTempDir(owner)
	if err != nil {
		return nil, err
	}
	c := &Cluster{dir: dir}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(dir)
		}
	}()

	data := filepath.Join(dir, "data")
	initdb := command(filepath.Join(bin, "initdb"), dir, cred,
		"-D", data, "-U", Superuser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions")
	if out, err := initdb.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("pgtest: initdb: %v\n%s", err, out)
	}

	// Picking a free port and binding it are not atomic: another process
	// may take the port in between. If the server dies at startup, retry
	// with another port.
	for attempt := 1; ; attempt++ {
		err = c.start(bin, cred)
		if err == nil {
			break
		}
		if attempt == 3 || !errors.Is(err, errExited) {
			return nil, err
		}
	}
	ok = true
	return c, nil
}

var errExited = errors.New("postgres exited during startup")

func (c *Cluster) start(bin string, cred *syscall.Credential) error {
	port, err := freePort()
	if err != nil {
		return err
	}
	logPath := filepath.Join(c.dir, "server.log")
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	defer logf.Close() // the child has its own copy

	cmd := command(filepath.Join(bin, "postgres"), c.dir, cred,
		"-D", filepath.Join(c.dir, "data"),
		"-p", strconv.Itoa(port),
		"-k", c.dir,
		"-F",
		"-c", "listen_addresses=127.0.0.1",
		"-c", "fsync=off",
		"-c", "synchronous_commit=off",
		"-c", "full_page_writes=off",
		"-c", "max_connections=200",
		"-c", "shared_buffers=32MB",
		"-c", "logging_collector=off",
		"-c", "log_min_messages=warning",
	)
	cmd.Stdout, cmd.Stderr = logf, logf
	// Own process group, so a ^C to the test does not reach the server
	// before Stop does; and if this process dies without calling Stop,
	// the kernel asks the server for an immediate shutdown.
	cmd.SysProcAttr.Setpgid = true
	cmd.SysProcAttr.Pdeathsig = syscall.SIGQUIT
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("pgtest: start postgres: %w", err)
	}
	c.cmd = cmd
	c.exited = make(chan struct{})
	go func() {
		c.waitErr = cmd.Wait()
		close(c.exited)
	}()
	c.base = &url.URL{
		Scheme:   "postgres",
		User:     url.User(Superuser),
		Host:     net.JoinHostPort("127.0.0.1", strconv.Itoa(port)),
		Path:     "/postgres",
		RawQuery: "sslmode=disable",
	}

	deadline := time.Now().Add(startTimeout)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		conn, err := pgx.Connect(ctx, c.base.String())
		if err == nil {
			err = conn.Ping(ctx)
			conn.Close(ctx)
		}
		cancel()
		if err == nil {
			return nil
		}
		select {
		case <-c.exited:
			return fmt.Errorf("pgtest: %w (%v); server log:\n%s", errExited, c.waitErr, tail(logPath))
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			c.kill()
			return fmt.Errorf("pgtest: postgres not ready after %v: %v; server log:\n%s", startTimeout, err, tail(logPath))
		}
	}
}

// URL returns the URL of database dbname on the cluster, like
// postgres://postgres@127.0.0.1:PORT/dbname?sslmode=disable.
func (c *Cluster) URL(dbname string) string {
	u := *c.base
	u.Path = "/" + dbname
	u.RawPath = ""
	return u.String()
}

// CreateDB creates database name (UTF8, from template0) and returns its URL.
// Its default collation is Vietnamese (ICU "vi"), as a real deployment's
// would be: then any text comparison that must be bytewise (materialized
// paths) and lacks COLLATE "C" fails the tests instead of production.
// The name is quoted, so it is used exactly as given.
func (c *Cluster) CreateDB(name string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, c.base.String())
	if err != nil {
		return "", fmt.Errorf("pgtest: connect: %w", err)
	}
	defer conn.Close(ctx)
	q := "CREATE DATABASE " + pgx.Identifier{name}.Sanitize() +
		" TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C' LOCALE_PROVIDER icu ICU_LOCALE 'vi'"
	if _, err := conn.Exec(ctx, q); err != nil {
		return "", fmt.Errorf("pgtest: create database %q: %w", name, err)
	}
	return c.URL(name), nil
}

// Stop kills the server (an immediate shutdown, like pg_ctl stop -m
// immediate) and removes its directory. For an external server (see Shared)
// it does nothing. Calling Stop again returns the first result.
func (c *Cluster) Stop() error {
	if c == nil || c.cmd == nil {
		return nil
	}
	c.stopOnce.Do(func() {
		c.stopErr = c.kill()
		if err := os.RemoveAll(c.dir); err != nil && c.stopErr == nil {
			c.stopErr = fmt.Errorf("pgtest: %w", err)
		}
	})
	return c.stopErr
}

// kill asks the postmaster for an immediate shutdown (SIGQUIT), which also
// ends its children and releases shared memory, and waits for it to exit;
// SIGKILL if it does not.
func (c *Cluster) kill() error {
	select {
	case <-c.exited:
		return nil
	default:
	}
	_ = c.cmd.Process.Signal(syscall.SIGQUIT)
	select {
	case <-c.exited:
		return nil
	case <-time.After(stopTimeout):
	}
	_ = c.cmd.Process.Kill()
	select {
	case <-c.exited:
		return nil
	case <-time.After(stopTimeout):
		return fmt.Errorf("pgtest: postgres (pid %d) did not exit", c.cmd.Process.Pid)
	}
}

var shared struct {
	once sync.Once
	c    *Cluster
	err  error
}

// Shared returns the process's shared cluster, starting it on first use. If
// BONTOT_TEST_PG_URL is set, it names an existing server's maintenance
// database and that server is used instead (Stop then does nothing). Call it
// from TestMain and Stop the result after m.Run.
//
// An external server may be shared by several test binaries running at
// once, so give databases names that are unique across processes.
func Shared() (*Cluster, error) {
	shared.once.Do(func() {
		if s := os.Getenv(EnvURL); s != "" {
			shared.c, shared.err = External(s)
			return
		}
		shared.c, shared.err = Start()
	})
	return shared.c, shared.err
}

// External returns a Cluster for an existing server, given the URL of its
// maintenance database. It checks that the server answers.
func External(rawURL string) (*Cluster, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.Host == "" {
		return nil, fmt.Errorf("pgtest: %s: want a URL like postgres://user@host:port/postgres, got %q", EnvURL, rawURL)
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = "/postgres"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, u.String())
	if err != nil {
		return nil, fmt.Errorf("pgtest: %s: %w", EnvURL, err)
	}
	conn.Close(ctx)
	return &Cluster{base: u}, nil
}

// command returns a command that runs in dir as cred (nil: as ourselves),
// without the caller's PG* environment.
func command(name, dir string, cred *syscall.Credential, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	env := []string{"HOME=" + dir, "LC_ALL=C", "TZ=UTC"}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(k, "PG"), k == "HOME", k == "LC_ALL", k == "TZ", k == "LANG", strings.HasPrefix(k, "LC_"):
		default:
			env = append(env, kv)
		}
	}
	cmd.Env = env
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	return cmd
}

// binDir finds the directory holding initdb and postgres.
func binDir() (string, error) {
	has := func(dir string) bool {
		for _, name := range []string{"initdb", "postgres"} {
			if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.IsDir() {
				return false
			}
		}
		return true
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		if p, err := filepath.EvalSymlinks(p); err == nil && has(filepath.Dir(p)) {
			return filepath.Dir(p), nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if has(d) {
			return d, nil
		}
	}
	return "", errors.New("pgtest: PostgreSQL not found: no initdb on PATH or in /usr/lib/postgresql/*/bin (install postgresql)")
}

func version(binDir string) float64 {
	v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(binDir)), 64)
	return v
}

// runAs returns the credentials to run PostgreSQL with (nil to run as
// ourselves) and their uid/gid. PostgreSQL refuses to run as root.
func runAs() (cred *syscall.Credential, owner [2]int, err error) {
	if os.Geteuid() != 0 {
		return nil, [2]int{-1, -1}, nil
	}
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, err1 := strconv.Atoi(u.Uid)
		gid, err2 := strconv.Atoi(u.Gid)
		if err1 != nil || err2 != nil || uid == 0 {
			continue
		}
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)},
			[2]int{uid, gid}, nil
	}
	return nil, owner, errors.New(`pgtest: running as root, and there is no "postgres" or "nobody" user to run PostgreSQL as`)
}

// makeTempDir makes the cluster's directory, owned by owner (uid, gid; -1
// to keep ours). The server's unix socket goes in it, so its path must be
// short, and the owner must be able to reach it.
func makeTempDir(owner [2]int) (string, error) {
	parent := os.TempDir()
	if len(parent) > 60 || (owner[0] >= 0 && !reachable(parent)) {
		parent = "/tmp"
	}
	dir, err := os.MkdirTemp(parent, "pgtest-")
	if err != nil {
		return "", fmt.Errorf("pgtest: %w", err)
	}
	if owner[0] >= 0 {
		if err := os.Chown(dir, owner[0], owner[1]); err != nil {
			os.RemoveAll(dir)
			return "", fmt.Errorf("pgtest: %w", err)
		}
	}
	return dir, nil
}

// reachable reports whether others may traverse dir and all its parents.
func reachable(dir string) bool {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return false
	}
	for {
		fi, err := os.Stat(dir)
		if err != nil || fi.Mode().Perm()&0o001 == 0 {
			return false
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return true
		}
		dir = parent
	}
}

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("pgtest: find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// tail returns the end of the file at path, for error messages.
func tail(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return "(" + err.Error() + ")"
	}
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}
