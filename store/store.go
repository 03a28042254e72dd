// Package store keeps Bốn Tốt's data in SQLite (embedded, the default) or
// PostgreSQL. There is one implementation for both engines: portable SQL
// written with `?` placeholders, rebound to `$n` for PostgreSQL, and a small
// dialect for the few real differences (schema, bulk loading, backup).
//
// Every public method that writes runs in one transaction and writes its
// audit entries in that same transaction, so a change and its record of who
// made it land together or not at all.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"bontot"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Engine names.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

//go:embed migrations
var migrations embed.FS

// Store is the database of Bốn Tốt.
type Store struct {
	db     *sql.DB
	engine string
	url    string
	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// Actor is who performs a change, for the audit log.
type Actor struct {
	UserID   int64
	Username string
	IP       string
}

// System is the actor for changes made by the program itself (demo loading, migrations).
var System = Actor{Username: "hệ thống"}

// Open opens the database named by dsn: a postgres:// or postgresql:// URL
// for PostgreSQL, otherwise the path of an SQLite file (created if missing).
// It does not migrate; call Migrate.
func Open(ctx context.Context, dsn string) (*Store, error) {
	s := &Store{url: dsn, Now: func() time.Time { return time.Now().UTC() }}
	var err error
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		s.engine = Postgres
		cfg, err := pgx.ParseConfig(dsn)
		if err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		// Plan every query with its values: a subtree range or a name prefix
		// can match ten rows or five million, and a generic plan cached for
		// the prepared statement would pick one index for both.
		if _, ok := cfg.RuntimeParams["plan_cache_mode"]; !ok {
			cfg.RuntimeParams["plan_cache_mode"] = "force_custom_plan"
		}
		s.db = stdlib.OpenDB(*cfg)
		s.db.SetMaxOpenConns(16)
		s.db.SetMaxIdleConns(16)
	} else {
		s.engine = SQLite
		if dir := filepath.Dir(dsn); dir != "" {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, err
			}
		}
		// busy_timeout first, so that the other pragmas wait instead of failing
		// while another connection holds the lock; WAL lets readers run beside
		// the writer; synchronous NORMAL is safe with WAL and much faster;
		// foreign keys are off by default in SQLite; immediate transactions take
		// the write lock at BEGIN, so two writers queue instead of deadlocking.
		q := url.Values{}
		q.Add("_pragma", "busy_timeout(10000)")
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous(NORMAL)")
		q.Add("_pragma", "foreign_keys(ON)")
		q.Add("_pragma", "cache_size(-65536)")
		q.Set("_txlock", "immediate")
		q.Set("_time_format", "sqlite")
		s.db, err = sql.Open("sqlite", "file:"+dsn+"?"+q.Encode())
		if err != nil {
			return nil, err
		}
		s.db.SetMaxOpenConns(8)
		s.db.SetMaxIdleConns(8)
		s.db.SetConnMaxIdleTime(5 * time.Minute)
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.db.Close()
		return nil, fmt.Errorf("store: cannot reach the database: %w", err)
	}
	return s, nil
}

// Today is the current date in Vietnam.
func (s *Store) Today() bontot.Date { return bontot.Today(s.Now()) }

// Engine returns SQLite or Postgres.
func (s *Store) Engine() string { return s.engine }

// Rebind writes a query's ? placeholders the engine's way, for tests and tools.
func (s *Store) Rebind(q string) string { return s.rebind(q) }

// DB returns the underlying handle, for tests and tools.
func (s *Store) DB() *sql.DB { return s.db }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.db.PingContext(ctx) }

// afterMigration fills what a migration's SQL cannot fill well, in the
// same transaction: stored counters of rows already there, counted in one
// pass in the program (a subtree join in SQL compares every pair of rows).
var afterMigration = map[int]func(*Tx) error{
	8:  (*Tx).recountMeetingMonths,
	10: (*Tx).recountMovement,
	11: (*Tx).reindexOrgWords,
}

// Migrate applies the embedded migrations that have not been applied yet.
func (s *Store) Migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	dir := "migrations/" + s.engine
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	for _, name := range names {
		v, err := strconv.Atoi(strings.SplitN(name, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("store: bad migration name %q", name)
		}
		body, err := migrations.ReadFile(dir + "/" + name)
		if err != nil {
			return err
		}
		err = s.tx(ctx, func(tx *Tx) error {
			var n int
			if err := tx.QueryRow(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, v).Scan(&n); err != nil || n > 0 {
				return err
			}
			if _, err := tx.tx.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("store: migration %s: %w", name, err)
			}
			if after := afterMigration[v]; after != nil {
				if err := after(tx); err != nil {
					return fmt.Errorf("store: migration %s: %w", name, err)
				}
			}
			_, err := tx.Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, v, time.Now().UTC().Format(time.RFC3339))
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// Tx is a transaction that rebinds placeholders for the engine and carries
// the time of the change.
type Tx struct {
	tx  *sql.Tx
	ctx context.Context
	s   *Store
	now time.Time
}

// tx runs fn in a transaction, committing if fn returns nil.
func (s *Store) tx(ctx context.Context, fn func(*Tx) error) error {
	sqltx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	tx := &Tx{tx: sqltx, ctx: ctx, s: s, now: s.Now().UTC().Truncate(time.Microsecond)}
	if err := fn(tx); err != nil {
		sqltx.Rollback()
		return err
	}
	if err := sqltx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// read runs fn in a read-only view. SQLite reads need no transaction under
// WAL; a plain connection avoids taking the immediate write lock.
func (s *Store) read(ctx context.Context, fn func(*Tx) error) error {
	return fn(&Tx{ctx: ctx, s: s, now: s.Now().UTC()})
}

func (tx *Tx) q() interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	QueryRowContext(context.Context, string, ...any) *sql.Row
} {
	if tx.tx != nil {
		return tx.tx
	}
	return tx.s.db
}

// Exec runs a statement written with ? placeholders.
func (tx *Tx) Exec(query string, args ...any) (sql.Result, error) {
	return tx.q().ExecContext(tx.ctx, tx.s.rebind(query), args...)
}

// Query runs a query written with ? placeholders.
func (tx *Tx) Query(query string, args ...any) (*sql.Rows, error) {
	return tx.q().QueryContext(tx.ctx, tx.s.rebind(query), args...)
}

// QueryRow runs a single-row query written with ? placeholders.
func (tx *Tx) QueryRow(query string, args ...any) *sql.Row {
	return tx.q().QueryRowContext(tx.ctx, tx.s.rebind(query), args...)
}

// insert runs an INSERT … RETURNING id and returns the id.
func (tx *Tx) insert(query string, args ...any) (int64, error) {
	var id int64
	err := tx.QueryRow(query+" RETURNING id", args...).Scan(&id)
	return id, err
}

// rebind turns ? placeholders into $1, $2… for PostgreSQL. Our queries never
// contain a literal question mark.
func (s *Store) rebind(q string) string {
	if s.engine != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		} else {
			b.WriteByte(q[i])
		}
	}
	return b.String()
}

// indexedBy names the index SQLite must use for a table, where its planner,
// which cannot see bound values, would guess wrong; PostgreSQL plans with the
// values and needs no hint.
func (s *Store) indexedBy(index string) string {
	if s.engine != SQLite || index == "" {
		return ""
	}
	return " INDEXED BY " + index
}

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// notFound turns sql.ErrNoRows into a Vietnamese ENOTFOUND error.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return bontot.Errorf(bontot.ENOTFOUND, "Không tìm thấy %s.", what)
	}
	return err
}

// isUnique reports whether err is a unique-constraint violation on either engine.
func isUnique(err error) bool {
	if err == nil {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505")
}

// nullInt returns nil for 0, so that optional foreign keys store NULL.
func nullInt(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

// nullStr returns nil for "", so that optional unique columns store NULL.
func nullStr(v string) any {
	if v == "" {
		return nil
	}
	return v
}

// subtreeRange returns the bounds of the materialized paths under path:
// every descendant path p satisfies lo <= p < hi. Paths are "/1/5/23/": ids
// and slashes only, and '0' is the byte after '/', so hi is path with its
// last '/' replaced by '0'.
func subtreeRange(path string) (lo, hi string) {
	return path, path[:len(path)-1] + "0"
}

// int64Args converts ids to query arguments.
func int64Args(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// Empty reports whether the database holds no organization yet.
func (s *Store) Empty(ctx context.Context) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM orgs LIMIT 1) x`).Scan(&n)
	return n == 0, err
}

// Backup writes a consistent copy of an SQLite database to dest while the
// program runs (VACUUM INTO). PostgreSQL is backed up with pg_dump.
func (s *Store) Backup(ctx context.Context, dest string) error {
	if s.engine != SQLite {
		return bontot.Errorf(bontot.EINVALID, "Với PostgreSQL, hãy sao lưu bằng pg_dump (xem README).")
	}
	if _, err := os.Stat(dest); err == nil {
		return bontot.Errorf(bontot.ECONFLICT, "Tệp %s đã có; hãy chọn tên khác.", dest)
	}
	_, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, dest)
	return err
}
