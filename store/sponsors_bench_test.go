package store_test

import (
	"context"
	"os"
	"testing"

	"bontot"
	"bontot/demo"
	"bontot/store"
)

// benchSponsorTree loads a generated tree (organizations only) and puts one
// sponsor group of the root in charge of every cell, which the coverage
// lists must then read: a third never visited (and so late), a third
// visited lately, a third late; each visited cell has three
// recommendations, one of them late, one open and one resolved.
func benchSponsorTree(b *testing.B, scale demo.Scale) (*store.Store, *bontot.Org, int) {
	ctx := context.Background()
	s := MustOpen(b, store.SQLite)
	if _, err := s.BulkLoad(ctx, func(sink store.BulkSink) error {
		return demo.Generate(scale, 1, func(o *demo.OrgSeed) error { return sink.Org(&o.Org, o.ParentCode) }, func(*demo.MemberSeed) error { return nil })
	}); err != nil {
		b.Fatal(err)
	}
	roots, err := s.Orgs(ctx, bontot.OrgFilter{Limit: 1})
	if err != nil || len(roots) == 0 {
		b.Fatal(err)
	}
	root := roots[0]
	g := &bontot.SponsorGroup{OrgID: root.ID, Name: "Ban Tổ chức", Kind: bontot.GroupDepartment}
	if err := s.CreateSponsorGroup(ctx, admin, g); err != nil {
		b.Fatal(err)
	}
	tx, err := s.DB().BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	rows, err := tx.Query(`SELECT id, path FROM orgs WHERE kind IN ('cell', 'base_cell') ORDER BY id`)
	if err != nil {
		b.Fatal(err)
	}
	type cell struct {
		id   int64
		path string
	}
	var cells []cell
	for rows.Next() {
		var c cell
		rows.Scan(&c.id, &c.path)
		cells = append(cells, c)
	}
	rows.Close()
	const now = "2025-03-15 09:00:00"
	for i, c := range cells {
		last, next := any(nil), "2024-03-31"
		switch i % 3 {
		case 1:
			last, next = "2025-02-01", "2025-05-02"
		case 2:
			last, next = "2024-10-01", "2024-12-30"
		}
		var aid int64
		if err := tx.QueryRow(`INSERT INTO sponsor_assignments (group_id, org_id, org_path, cadence_days, from_on, next_due_on, last_visit_on, created_at, updated_at)
			VALUES (?, ?, ?, 90, '2024-01-01', ?, ?, ?, ?) RETURNING id`, g.ID, c.id, c.path, next, last, now, now).Scan(&aid); err != nil {
			b.Fatal(err)
		}
		if _, err := tx.Exec(`INSERT INTO sponsor_officers (assignment_id, position, name) VALUES (?, 0, 'Cán bộ Ban Tổ chức')`, aid); err != nil {
			b.Fatal(err)
		}
		if last == nil {
			continue
		}
		var vid int64
		if err := tx.QueryRow(`INSERT INTO visits (org_id, org_path, assignment_id, visited_on, officer, strengths, created_at, updated_at)
			VALUES (?, ?, ?, ?, 'Cán bộ', 'Tốt', ?, ?) RETURNING id`, c.id, c.path, aid, last, now, now).Scan(&vid); err != nil {
			b.Fatal(err)
		}
		for _, r := range [][3]string{{"2025-01-01", "open", ""}, {"2025-06-01", "in_progress", ""}, {"2024-12-01", "resolved", "2024-11-20"}} {
			var resolved any
			if r[2] != "" {
				resolved = r[2]
			}
			if _, err := tx.Exec(`INSERT INTO recommendations (source, visit_id, owner_org_id, owner_path, text, due_on, status, resolved_on, created_at, updated_at)
				VALUES ('visit', ?, ?, ?, 'Nâng cao chất lượng sinh hoạt chi bộ.', ?, ?, ?, ?, ?)`, vid, c.id, c.path, r[0], r[1], resolved, now, now); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return s, root, len(cells)
}

func benchCoverage(b *testing.B, scale demo.Scale) {
	s, root, cells := benchSponsorTree(b, scale)
	ctx := context.Background()
	grassroots, err := s.Orgs(ctx, bontot.OrgFilter{Under: root.Path, Kinds: []bontot.OrgKind{bontot.KindBaseCommittee}, Limit: 1})
	if err != nil || len(grassroots) == 0 {
		b.Fatal(err)
	}
	for _, sc := range []struct {
		name string
		org  *bontot.Org
	}{{"root", root}, {"grassroots", grassroots[0]}} {
		b.Run(sc.name, func(b *testing.B) {
			for b.Loop() {
				c, err := s.Coverage(ctx, sc.org.Path, 500)
				if err != nil {
					b.Fatal(err)
				}
				if len(c.NeverVisited) == 0 || len(c.VisitsOverdue) == 0 || len(c.RecommendationsOverdue) == 0 {
					b.Fatalf("empty coverage: %d, %d, %d", len(c.NeverVisited), len(c.VisitsOverdue), len(c.RecommendationsOverdue))
				}
			}
			b.ReportMetric(float64(cells), "cells")
		})
	}
	// Later in the year nearly everything is done: the lists are short and
	// must not cost a scan of the whole subtree.
	for _, q := range []string{
		`UPDATE sponsor_assignments SET last_visit_on = '2025-03-01', next_due_on = '2025-05-30' WHERE id < (SELECT MAX(id) - 3 FROM sponsor_assignments)`,
		`UPDATE recommendations SET status = 'resolved', resolved_on = '2024-11-01' WHERE id < (SELECT MAX(id) - 3 FROM recommendations)`,
	} {
		if _, err := s.DB().Exec(q); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("root-few-late", func(b *testing.B) {
		for b.Loop() {
			c, err := s.Coverage(ctx, root.Path, 500)
			if err != nil {
				b.Fatal(err)
			}
			if len(c.NeverVisited) == 0 || len(c.VisitsOverdue) == 0 || len(c.RecommendationsOverdue) == 0 {
				b.Fatalf("empty coverage: %d, %d, %d", len(c.NeverVisited), len(c.VisitsOverdue), len(c.RecommendationsOverdue))
			}
		}
		b.ReportMetric(float64(cells), "cells")
	})
}

// BenchmarkSponsorCoverageProvince reads the coverage lists (up to 500 rows
// each) with every cell of a province (about 9,500) assigned: at the root
// and at a grassroots committee while many are late, then at the root when
// only a few are.
func BenchmarkSponsorCoverageProvince(b *testing.B) { benchCoverage(b, demo.ScaleProvince) }

// BenchmarkSponsorCoverageNational does the same for the whole country
// (about 300,000 cells); it loads for minutes, so it runs only with
// BONTOT_BENCH_NATIONAL=1.
func BenchmarkSponsorCoverageNational(b *testing.B) {
	if os.Getenv("BONTOT_BENCH_NATIONAL") == "" {
		b.Skip("set BONTOT_BENCH_NATIONAL=1 to load the national tree")
	}
	benchCoverage(b, demo.ScaleNational)
}
