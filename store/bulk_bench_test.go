package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"

	"bontot"
	"bontot/store"
)

// national returns a producer of a synthetic register shaped like the
// national one: about one organization for every 16 members. A root
// (superior) holds districts (superior), each with base committees of about
// ten cells and some base cells; cells have 4 to 28 members. It streams:
// nothing but the cell sizes is kept in memory, so it scales to millions.
func national(members int, seed uint64) func(store.BulkSink) error {
	return func(sink store.BulkSink) error {
		r := rand.New(rand.NewPCG(seed, 99))
		from := bontot.MustDate("03/02/1990")
		var o bontot.Org
		org := func(code, name string, kind bontot.OrgKind, sub bontot.OrgSubtype, parent string) error {
			o = bontot.Org{Code: code, Name: name, Kind: kind, Subtype: sub, ValidFrom: from, Decision: "Quyết định số 15-QĐ/TU"}
			return sink.Org(&o, parent)
		}
		// Cells and their sizes, first.
		var cells []string
		var sizes []int32
		total := 0
		for total < members {
			n := 4 + r.IntN(25)
			n = min(n, members-total)
			sizes = append(sizes, int32(n))
			total += n
		}
		const cellsPerDistrict = 400
		if err := org("VN", "Đảng bộ Khối thí điểm", bontot.KindSuperior, bontot.SubOther, ""); err != nil {
			return err
		}
		district, bc, inBC := "", "", 0
		for i := range sizes {
			if i%cellsPerDistrict == 0 {
				district = "VN.H" + strconv.Itoa(i/cellsPerDistrict+1)
				if err := org(district, fmt.Sprintf("Đảng bộ huyện Thí điểm %d", i/cellsPerDistrict+1), bontot.KindSuperior, bontot.SubOther, "VN"); err != nil {
					return err
				}
				inBC = 0
			}
			if i%9 == 0 {
				code := district + ".CB" + strconv.Itoa(i)
				cells = append(cells, code)
				if err := org(code, familyNames[i%len(familyNames)]+" chi bộ cơ sở Trường "+strconv.Itoa(i), bontot.KindBaseCell, bontot.SubSchool, district); err != nil {
					return err
				}
				continue
			}
			if inBC == 0 {
				bc = district + ".X" + strconv.Itoa(i)
				if err := org(bc, "Đảng bộ xã "+maleGiven[i%len(maleGiven)]+" "+strconv.Itoa(i), bontot.KindBaseCommittee, bontot.SubVillage, district); err != nil {
					return err
				}
				inBC = 10
			}
			inBC--
			code := bc + ".T" + strconv.Itoa(i)
			cells = append(cells, code)
			if err := org(code, "Chi bộ Thôn "+femGiven[i%len(femGiven)]+" "+strconv.Itoa(i), bontot.KindCell, bontot.SubVillage, bc); err != nil {
				return err
			}
		}
		seq := 0
		for i, code := range cells {
			for range sizes[i] {
				seq++
				m := synthMember(r, seq)
				if err := sink.Member(&m, code, m.AdmittedDate); err != nil {
					return err
				}
			}
		}
		return nil
	}
}

func benchmarkBulkLoad(b *testing.B, engine string, members int) {
	ctx := context.Background()
	var rows, orgs int
	var load, index, total, cpu time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		s := MustOpen(b, engine)
		runtime.GC()
		c0 := cpuTime()
		b.StartTimer()
		st, err := s.BulkLoad(ctx, national(members, uint64(i+1)))
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		cpu += cpuTime() - c0
		// members + memberships + orgs + events + links
		rows += 2*st.Members + 3*st.Orgs
		orgs += st.Orgs
		load += st.Load
		index += st.Index
		total += st.Total
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(rows)/total.Seconds(), "rows/s")
	b.ReportMetric(float64(members*b.N)/total.Seconds(), "members/s")
	b.ReportMetric(load.Seconds()/float64(b.N), "load-s")
	b.ReportMetric(index.Seconds()/float64(b.N), "index-s")
	b.ReportMetric(float64(orgs/b.N), "orgs")
	// CPU time of this process (not of the PostgreSQL server): on a shared
	// machine a steadier measure than the wall clock.
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s")
}

// cpuTime returns the user and system CPU time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkBulkLoad_SQLite_200kMembers loads 200,000 members (and about
// 12,500 organizations) into a fresh SQLite database per iteration; the
// synthetic producer's own time is included.
func BenchmarkBulkLoad_SQLite_200kMembers(b *testing.B) {
	benchmarkBulkLoad(b, store.SQLite, 200_000)
}

// BenchmarkBulkLoad_Postgres_200kMembers is the same on PostgreSQL.
func BenchmarkBulkLoad_Postgres_200kMembers(b *testing.B) {
	benchmarkBulkLoad(b, store.Postgres, 200_000)
}

// TestBulkLoadScale loads BONTOT_BULK_MEMBERS synthetic members (for
// example 2000000 or 5600000) into BONTOT_BULK_ENGINE (sqlite, the default,
// or postgres), in a temporary directory unless BONTOT_BULK_DIR names one,
// and checks the stored counts. It is skipped unless BONTOT_BULK_MEMBERS is set.
func TestBulkLoadScale(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("BONTOT_BULK_MEMBERS"))
	if n <= 0 {
		t.Skip("set BONTOT_BULK_MEMBERS to run")
	}
	engine := store.SQLite
	if os.Getenv("BONTOT_BULK_ENGINE") == store.Postgres {
		engine = store.Postgres
	}
	var s *store.Store
	if dir := os.Getenv("BONTOT_BULK_DIR"); dir != "" && engine == store.SQLite {
		path := filepath.Join(dir, "bulk.db")
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(path + suffix)
		}
		var err error
		if s, err = store.Open(context.Background(), path); err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if err := s.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
	} else {
		s = MustOpen(t, engine)
	}
	ctx := context.Background()
	st, err := s.BulkLoad(ctx, national(n, 1))
	if err != nil {
		t.Fatal(err)
	}
	rows := 2*st.Members + 3*st.Orgs
	t.Logf("%s: %d members, %d orgs: load %v, index %v, total %v; %.0f rows/s, %.0f members/s",
		engine, st.Members, st.Orgs, st.Load.Round(time.Millisecond), st.Index.Round(time.Millisecond), st.Total.Round(time.Millisecond),
		float64(rows)/st.Total.Seconds(), float64(st.Members)/st.Total.Seconds())
	root, err := s.OrgByCode(ctx, "VN")
	if err != nil {
		t.Fatal(err)
	}
	if root.MemberCount != n || root.OrgCount != st.Orgs-1 {
		t.Errorf("root = %+v", root)
	}
	start := time.Now()
	page, err := s.Members(ctx, bontot.MemberFilter{Query: "nguyen van hung", Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("search %q: %d matches (capped %v) in %v", "nguyen van hung", page.Total, page.Capped, time.Since(start))
}
