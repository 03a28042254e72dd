package pgtest_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"bontot/internal/pgtest"
)

func TestStartCreateQuery(t *testing.T) {
	t0 := time.Now()
	c, err := pgtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("cluster started in %v", time.Since(t0).Round(time.Millisecond))
	stopped := false
	defer func() {
		if !stopped {
			c.Stop()
		}
	}()

	url, err := c.CreateDB("bontot_test")
	if err != nil {
		t.Fatal(err)
	}
	if want := c.URL("bontot_test"); url != want {
		t.Errorf("CreateDB returned %q, URL returns %q", url, want)
	}
	if !strings.HasPrefix(url, "postgres://postgres@127.0.0.1:") || !strings.HasSuffix(url, "/bontot_test?sslmode=disable") {
		t.Errorf("URL = %q", url)
	}
	if _, err := c.CreateDB("bontot_test"); err == nil {
		t.Error("creating the same database twice succeeded")
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	var one int
	if err := conn.QueryRow(ctx, "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Fatalf("SELECT 1 = %d, %v", one, err)
	}
	var version, db, enc, collate string
	if err := conn.QueryRow(ctx, "SHOW server_version").Scan(&version); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow(ctx,
		"SELECT current_database(), pg_encoding_to_char(encoding), datcollate FROM pg_database WHERE datname = current_database()",
	).Scan(&db, &enc, &collate); err != nil {
		t.Fatal(err)
	}
	if db != "bontot_test" || enc != "UTF8" || collate != "C" {
		t.Errorf("database %s: encoding %s, collate %s; want bontot_test, UTF8, C", db, enc, collate)
	}
	var icu bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'vi-x-icu')").Scan(&icu); err != nil {
		t.Fatal(err)
	}
	t.Logf("server_version %s; collation vi-x-icu exists: %v", version, icu)
	conn.Close(ctx)

	dir := dataDir(t, c)
	t1 := time.Now()
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	stopped = true
	t.Logf("cluster stopped in %v", time.Since(t1).Round(time.Millisecond))
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("after Stop, %s: %v; want it removed", dir, err)
	}
	if conn, err := pgx.Connect(ctx, url); err == nil {
		conn.Close(ctx)
		t.Error("server still accepts connections after Stop")
	}
	if err := c.Stop(); err != nil {
		t.Errorf("second Stop: %v", err)
	}
}

// dataDir asks the server where its data directory is.
func dataDir(t *testing.T, c *pgtest.Cluster) string {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var dir string
	if err := conn.QueryRow(ctx, "SHOW data_directory").Scan(&dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestExternal checks the BONTOT_TEST_PG_URL path: a Cluster for a server
// someone else started, whose Stop leaves that server running.
func TestExternal(t *testing.T) {
	c, err := pgtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	x, err := pgtest.External(c.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	url, err := x.CreateDB("external_db")
	if err != nil {
		t.Fatal(err)
	}
	if want := c.URL("external_db"); url != want {
		t.Errorf("external CreateDB returned %q, want %q", url, want)
	}
	if err := x.Stop(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("after Stop of the external handle: %v", err)
	}
	conn.Close(ctx)
	if _, err := pgtest.External("mysql://x/y"); err == nil {
		t.Error("External accepted a non-postgres URL")
	}
}
