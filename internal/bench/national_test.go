// Package bench measures Bốn Tốt at national scale: 5.6 million members,
// ~352,000 organizations. It is not part of the test suite; run it by hand:
//
//	BONTOT_BENCH_SQLITE=/tmp/national.db go test -run '^$' -bench . -benchtime 300x -timeout 60m ./internal/bench
//	BONTOT_BENCH_PG=1 go test -run '^$' -bench . -benchtime 300x -timeout 90m ./internal/bench
//	BONTOT_BENCH_PG_URL=postgres://… (a database loaded before with bontot demo -scale national)
//
// The SQLite file is generated on first use (bontot demo -scale national does
// the same) and reused afterwards; PostgreSQL is a throwaway cluster loaded
// each run. Each benchmark reports p50 and p99 latencies in milliseconds.
// BONTOT_BENCH_SCALE=province generates one province instead (a quick trial
// of the same benchmarks; the province is then also the root).
//
// The assessment benchmarks (scoring_test.go: ScoreYear, PreviewScale,
// Results) add two campaigns to the database on first use and run the
// scoring ones at most a few times whatever -benchtime says:
//
//	BONTOT_BENCH_SQLITE=/tmp/national.db go test -run '^$' -bench 'ScoreYear|PreviewScale|Results' -benchtime 50x -timeout 60m ./internal/bench
package bench_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"bontot"
	"bontot/demo"
	"bontot/internal/pgtest"
	"bontot/store"
	"bontot/web"
)

type nationalDB struct {
	st      *store.Store
	srv     *httptest.Server
	client  *http.Client
	root    *bontot.Org
	prov    *bontot.Org
	commune *bontot.Org
	cell    *bontot.Org
	cluster *pgtest.Cluster
}

var (
	once sync.Once
	nat  *nationalDB
	err0 error
)

func national(b *testing.B) *nationalDB {
	b.Helper()
	once.Do(func() { nat, err0 = openNational() })
	if err0 != nil {
		b.Fatal(err0)
	}
	if nat == nil {
		b.Skip("set BONTOT_BENCH_SQLITE=/path/national.db or BONTOT_BENCH_PG=1 to run the national-scale benchmarks")
	}
	return nat
}

func openNational() (*nationalDB, error) {
	ctx := context.Background()
	n := &nationalDB{}
	dsn := os.Getenv("BONTOT_BENCH_SQLITE")
	fresh := false
	switch {
	case os.Getenv("BONTOT_BENCH_PG_URL") != "": // an already loaded PostgreSQL database
		dsn = os.Getenv("BONTOT_BENCH_PG_URL")
	case os.Getenv("BONTOT_BENCH_PG") != "":
		c, err := pgtest.Start()
		if err != nil {
			return nil, err
		}
		n.cluster = c
		if dsn, err = c.CreateDB("national"); err != nil {
			return nil, err
		}
		fresh = true
	case dsn != "":
		_, err := os.Stat(dsn)
		fresh = os.IsNotExist(err)
	default:
		return nil, nil
	}
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := st.Migrate(ctx); err != nil {
		return nil, err
	}
	n.st = st
	scale, rootCode := demo.ScaleNational, demo.NationalCode
	if os.Getenv("BONTOT_BENCH_SCALE") == string(demo.ScaleProvince) {
		scale, rootCode = demo.ScaleProvince, "P01"
	}
	if fresh {
		stats, err := st.BulkLoad(ctx, func(sink store.BulkSink) error {
			return demo.Generate(scale, 1,
				func(o *demo.OrgSeed) error { return sink.Org(&o.Org, o.ParentCode) },
				func(m *demo.MemberSeed) error { return sink.Member(&m.Member, m.OrgCode, m.Since) })
		})
		if err != nil {
			return nil, err
		}
		fmt.Printf("national load on %s: %d orgs, %d members; load %s, indexes %s, total %s\n",
			st.Engine(), stats.Orgs, stats.Members, stats.Load.Round(time.Millisecond), stats.Index.Round(time.Millisecond), stats.Total.Round(time.Millisecond))
	}
	if n.root, err = st.OrgByCode(ctx, rootCode); err != nil {
		return nil, err
	}
	for code, dst := range map[string]**bontot.Org{"P01": &n.prov, "P01.G0001": &n.commune} {
		if *dst, err = st.OrgByCode(ctx, code); err != nil {
			return nil, err
		}
	}
	pid := n.commune.ID
	cells, err := st.Orgs(ctx, bontot.OrgFilter{ParentID: &pid, Limit: 1})
	if err != nil || len(cells) == 0 {
		return nil, fmt.Errorf("no cell under %s: %v", n.commune.Code, err)
	}
	n.cell = cells[0]
	if _, err := st.UserByUsername(ctx, "bench"); err != nil {
		u := &bontot.User{Username: "bench", FullName: "Đo hiệu năng", Grants: []bontot.Grant{{Role: bontot.RoleAdmin, OrgID: n.root.ID}}}
		if err := st.CreateUser(ctx, store.System, u, "bench-password"); err != nil {
			return nil, err
		}
	}
	h, err := web.New(web.Config{Store: st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return nil, err
	}
	h.SetReady()
	n.srv = httptest.NewServer(h)
	jar, _ := cookiejar.New(nil)
	n.client = &http.Client{Jar: jar}
	res, err := n.client.PostForm(n.srv.URL+"/login", url.Values{"username": {"bench"}, "password": {"bench-password"}})
	if err != nil {
		return nil, err
	}
	res.Body.Close()
	return n, nil
}

// timed runs fn b.N times and reports the p50 and p99 latencies.
func timed(b *testing.B, fn func() error) {
	b.Helper()
	if err := fn(); err != nil { // warm up, and fail early
		b.Fatal(err)
	}
	d := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if err := fn(); err != nil {
			b.Fatal(err)
		}
		d = append(d, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(d)
	ms := func(p float64) float64 { return float64(d[int(float64(len(d)-1)*p)].Microseconds()) / 1000 }
	b.ReportMetric(ms(0.50), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
}

func (n *nationalDB) get(path string) error {
	res, err := n.client.Get(n.srv.URL + path)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if _, err := io.Copy(io.Discard, res.Body); err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d", path, res.StatusCode)
	}
	return nil
}

// BenchmarkNationalTreePage is the organization page (counts, children,
// lineage) of a node at each level, root included, through HTTP.
func BenchmarkNationalTreePage(b *testing.B) {
	n := national(b)
	for _, tc := range []struct {
		name string
		org  **bontot.Org
	}{{"Root", &n.root}, {"Province", &n.prov}, {"Grassroots", &n.commune}, {"Cell", &n.cell}} {
		b.Run(tc.name, func(b *testing.B) {
			timed(b, func() error { return n.get("/orgs/" + strconv.FormatInt((*tc.org).ID, 10)) })
		})
	}
	b.Run("TreeRoot", func(b *testing.B) { timed(b, func() error { return n.get("/tree") }) })
	// Organization search drives from the word index (org_words) by the
	// query's rarest word; "chi bo" is in nearly every cell's name.
	b.Run("TreeSearch/nguyen_du", func(b *testing.B) { timed(b, func() error { return n.get("/tree?q=nguyen+du") }) })
	b.Run("TreeSearch/chi_bo", func(b *testing.B) { timed(b, func() error { return n.get("/tree?q=chi+bo") }) })
	b.Run("ChildrenFragment", func(b *testing.B) {
		timed(b, func() error {
			req, _ := http.NewRequest("GET", n.srv.URL+"/orgs/"+strconv.FormatInt(n.prov.ID, 10)+"/children", nil)
			req.Header.Set("HX-Request", "true")
			res, err := n.client.Do(req)
			if err != nil {
				return err
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			return nil
		})
	})
}

// BenchmarkNationalMemberSearch is the first page of an accent-free name
// search, from the whole country and from one province, through HTTP.
func BenchmarkNationalMemberSearch(b *testing.B) {
	n := national(b)
	for _, tc := range []struct {
		name  string
		q     string
		scope **bontot.Org
	}{
		{"Root/nguyen_van_duc", "nguyen van duc", &n.root},
		{"Root/tran_thi_mai", "tran thi mai", &n.root},
		{"Root/hoang", "hoang", &n.root},
		{"Root/nguyen", "nguyen", &n.root},
		{"Root/given_name_duc", "duc", &n.root},
		{"Province/le_thi", "le thi", &n.prov},
		{"Province/nguyen", "nguyen", &n.prov},
		{"Grassroots/nguyen", "nguyen", &n.commune},
		{"Cell/list", "", &n.cell},
	} {
		b.Run(tc.name, func(b *testing.B) {
			path := "/members?org=" + strconv.FormatInt((*tc.scope).ID, 10) + "&q=" + url.QueryEscape(tc.q)
			timed(b, func() error { return n.get(path) })
		})
	}
}

// BenchmarkNationalStoreSearch is the store query alone, without HTTP and templates.
func BenchmarkNationalStoreSearch(b *testing.B) {
	n := national(b)
	for _, q := range []string{"nguyen van duc", "tran thi mai", "nguyen", "duc"} {
		b.Run(q, func(b *testing.B) {
			timed(b, func() error {
				_, err := n.st.Members(context.Background(), bontot.MemberFilter{Under: n.root.Path, Query: q, Limit: 50})
				return err
			})
		})
	}
}
