package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"bontot"
	"bontot/internal/pgtest"
	"bontot/store"
)

var pg *pgtest.Cluster

func TestMain(m *testing.M) {
	var err error
	if pg, err = pgtest.Shared(); err != nil {
		// PostgreSQL is part of every run: a missing server is a failure, not a skip.
		fmt.Fprintln(os.Stderr, "store tests need PostgreSQL:", err)
		os.Exit(1)
	}
	code := m.Run()
	pg.Stop()
	os.Exit(code)
}

var dbSeq atomic.Int64

// engines runs fn once on a fresh SQLite database and once on a fresh
// PostgreSQL database: the conformance suite.
func engines(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	for _, engine := range []string{store.SQLite, store.Postgres} {
		t.Run(engine, func(t *testing.T) {
			fn(t, MustOpen(t, engine))
		})
	}
}

// MustOpen opens and migrates a fresh database of the given engine, closed at the end of the test.
func MustOpen(tb testing.TB, engine string) *store.Store {
	tb.Helper()
	dsn := filepath.Join(tb.TempDir(), "test.db")
	if engine == store.Postgres {
		var err error
		dsn, err = pg.CreateDB(fmt.Sprintf("t%d_%d", os.Getpid(), dbSeq.Add(1)))
		if err != nil {
			tb.Fatal(err)
		}
	}
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	if err := s.Migrate(context.Background()); err != nil {
		tb.Fatal(err)
	}
	now := time.Date(2025, 3, 15, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	return s
}

var admin = store.Actor{UserID: 0, Username: "kiemthu"}

// MustOrg creates an organization and fails the test on error.
func MustOrg(tb testing.TB, s *store.Store, parent *bontot.Org, code, name string, kind bontot.OrgKind) *bontot.Org {
	tb.Helper()
	o := &bontot.Org{Code: code, Name: name, Kind: kind, Subtype: bontot.SubResidential, ValidFrom: bontot.MustDate("01/01/2015")}
	if parent != nil {
		o.ParentID = parent.ID
	}
	if err := s.CreateOrg(context.Background(), admin, o); err != nil {
		tb.Fatalf("CreateOrg(%s): %v", code, err)
	}
	return o
}

// MustMember registers a member in cell and fails the test on error.
func MustMember(tb testing.TB, s *store.Store, cell *bontot.Org, name, card string) *bontot.Member {
	tb.Helper()
	m := &bontot.Member{FullName: name, Gender: bontot.Male, BirthDate: bontot.MustDate("05/09/1970"), AdmittedDate: bontot.MustDate("03/02/1995"),
		FullMemberDate: bontot.MustDate("03/02/1996"), Status: bontot.StatusFull, CardNumber: card, Position: bontot.PosMember, OrgID: cell.ID}
	if err := s.CreateMember(context.Background(), admin, m, bontot.MustDate("01/01/2020")); err != nil {
		tb.Fatalf("CreateMember(%s): %v", name, err)
	}
	return m
}

// MustGet reloads an organization.
func MustGet(tb testing.TB, s *store.Store, id int64) *bontot.Org {
	tb.Helper()
	o, err := s.Org(context.Background(), id)
	if err != nil {
		tb.Fatal(err)
	}
	return o
}

// tree builds: city → ward (base committee) → cells TDP 1, TDP 4; city → school (base cell).
type tree struct{ city, ward, ward2, tdp1, tdp4, w2cell, school *bontot.Org }

func mustTree(tb testing.TB, s *store.Store) tree {
	var t tree
	t.city = MustOrg(tb, s, nil, "HT.TP", "Đảng bộ thành phố Hà Tĩnh", bontot.KindSuperior)
	t.ward = MustOrg(tb, s, t.city, "HT.TP.TRP", "Đảng bộ phường Trần Phú", bontot.KindBaseCommittee)
	t.ward2 = MustOrg(tb, s, t.city, "HT.TP.NDU", "Đảng bộ phường Nguyễn Du", bontot.KindBaseCommittee)
	t.tdp1 = MustOrg(tb, s, t.ward, "HT.TP.TRP.TDP1", "Chi bộ TDP 1", bontot.KindCell)
	t.tdp4 = MustOrg(tb, s, t.ward, "HT.TP.TRP.TDP4", "Chi bộ TDP 4", bontot.KindCell)
	t.w2cell = MustOrg(tb, s, t.ward2, "HT.TP.NDU.TDP2", "Chi bộ TDP 2", bontot.KindCell)
	t.school = MustOrg(tb, s, t.city, "HT.TP.THPT", "Chi bộ Trường THPT Thành Sen", bontot.KindBaseCell)
	return t
}
