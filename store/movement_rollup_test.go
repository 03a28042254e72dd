package store_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"bontot"
	"bontot/store"
)

// sharesByScan is the registration shares the slow way, one probe per unit
// of the subtree (the way they were read before the counters), written as
// a line per figure: the reference the counters must agree with.
func sharesByScan(tb testing.TB, s *store.Store, c *bontot.Campaign, year int, under *bontot.Org) string {
	tb.Helper()
	day := s.Today()
	if end := bontot.NewDate(year, 12, 31); end.Before(day) {
		day = end
	}
	scope := MustGet(tb, s, c.ScopeID).Path
	lo := under.Path
	switch {
	case strings.HasPrefix(under.Path, scope):
	case strings.HasPrefix(scope, under.Path):
		lo = scope
	default:
		return "empty"
	}
	hi := lo[:len(lo)-1] + "0"
	rows, err := s.DB().Query(rebind(s, `SELECT o.path, o.name, COALESCE(r.status, ''), COALESCE(p.name, '')
		FROM orgs o LEFT JOIN registrations r ON r.campaign_id = ? AND r.year = ? AND r.org_id = o.id LEFT JOIN orgs p ON p.id = o.parent_id
		WHERE o.path >= ? AND o.path < ? AND o.valid_from <= ? AND (o.valid_to IS NULL OR o.valid_to > ?)
		AND o.kind IN ('base_committee', 'base_cell', 'cell') ORDER BY o.path`), c.ID, year, lo, hi, day, day)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	type tally struct{ units, draft, sent, ack, ret int }
	add := func(t *tally, st string) {
		t.units++
		switch st {
		case "draft":
			t.draft++
		case "sent":
			t.sent++
		case "acknowledged":
			t.ack++
		case "returned":
			t.ret++
		}
	}
	var total tally
	var self *tally
	children := map[string]*tally{}
	var unsent []string
	for rows.Next() {
		var path, name, st, parent string
		if err := rows.Scan(&path, &name, &st, &parent); err != nil {
			tb.Fatal(err)
		}
		add(&total, st)
		if path == under.Path {
			self = &tally{}
			add(self, st)
		} else {
			child := strings.SplitN(strings.TrimPrefix(path, under.Path), "/", 2)[0]
			if children[child] == nil {
				children[child] = &tally{}
			}
			add(children[child], st)
		}
		if st != "sent" && st != "acknowledged" {
			unsent = append(unsent, fmt.Sprintf("%s (%s) [%s]", name, parent, st))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "total %v\n", total)
	if self != nil {
		fmt.Fprintf(&b, "self %v\n", *self)
	}
	var lines []string
	for id, t := range children {
		n, _ := strconv.ParseInt(id, 10, 64)
		lines = append(lines, fmt.Sprintf("child %s %v\n", MustGet(tb, s, n).Name, *t))
	}
	slices.Sort(lines)
	b.WriteString(strings.Join(lines, ""))
	fmt.Fprintf(&b, "unsent %s\n", strings.Join(unsent, ", "))
	return b.String()
}

// sharesText writes what RegistrationShares answers as sharesByScan does,
// reading the unsent units in pages of size.
func sharesText(tb testing.TB, s *store.Store, c *bontot.Campaign, year int, under *bontot.Org, size int) string {
	tb.Helper()
	ctx := context.Background()
	sum, err := s.RegistrationShares(ctx, c.ID, year, under.Path, size, 0)
	if err != nil {
		tb.Fatal(err)
	}
	if sum.Day.IsZero() {
		return "empty"
	}
	type tally struct{ units, draft, sent, ack, ret int }
	conv := func(t bontot.RegistrationTally) tally {
		return tally{int(t.Units), int(t.Draft), int(t.Sent), int(t.Acknowledged), int(t.Returned)}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "total %v\n", conv(sum.Total))
	if sum.Self != nil {
		fmt.Fprintf(&b, "self %v\n", conv(*sum.Self))
	}
	var lines []string
	for _, ch := range sum.Children {
		lines = append(lines, fmt.Sprintf("child %s %v\n", ch.Org.Name, conv(ch.Tally)))
	}
	slices.Sort(lines)
	b.WriteString(strings.Join(lines, ""))
	var unsent []string
	for off := 0; off < int(sum.Total.Unsent()); off += size {
		page, err := s.RegistrationShares(ctx, c.ID, year, under.Path, size, off)
		if err != nil {
			tb.Fatal(err)
		}
		for _, g := range page.Unsent {
			unsent = append(unsent, fmt.Sprintf("%s (%s) [%s]", g.Name, g.ParentName, g.Status))
			if (g.Status == "") != (g.RegistrationID == 0) {
				tb.Errorf("%s: status %q with registration %d", g.Name, g.Status, g.RegistrationID)
			}
		}
	}
	long, err := s.RegistrationShares(ctx, c.ID, year, under.Path, 5000, 0) // read in tree order, not walked
	if err != nil {
		tb.Fatal(err)
	}
	var all []string
	for _, g := range long.Unsent {
		all = append(all, fmt.Sprintf("%s (%s) [%s]", g.Name, g.ParentName, g.Status))
	}
	if !slices.Equal(all, unsent) {
		tb.Errorf("one long page of unsent units: %v\nwalked: %v", all, unsent)
	}
	fmt.Fprintf(&b, "unsent %s\n", strings.Join(unsent, ", "))
	return b.String()
}

// deploymentsByScan is the deployment shares the slow way, one probe per
// grassroots organization, written as sharesByScan writes registrations.
func deploymentsByScan(tb testing.TB, s *store.Store, c *bontot.Campaign, under *bontot.Org) string {
	tb.Helper()
	day := s.Today()
	if end := bontot.NewDate(c.ToYear, 12, 31); end.Before(day) {
		day = end
	}
	scope := MustGet(tb, s, c.ScopeID).Path
	lo := under.Path
	switch {
	case strings.HasPrefix(under.Path, scope):
	case strings.HasPrefix(scope, under.Path):
		lo = scope
	default:
		return "empty"
	}
	hi := lo[:len(lo)-1] + "0"
	rows, err := s.DB().Query(rebind(s, `SELECT o.path, o.name, COALESCE(p.name, ''),
			CASE WHEN d.launched_on IS NULL THEN 0 ELSE 1 END, CASE WHEN d.disseminated_on IS NULL THEN 0 ELSE 1 END, CASE WHEN d.deployed_on IS NULL THEN 0 ELSE 1 END
		FROM orgs o LEFT JOIN deployments d ON d.campaign_id = ? AND d.org_id = o.id LEFT JOIN orgs p ON p.id = o.parent_id
		WHERE o.path >= ? AND o.path < ? AND o.valid_from <= ? AND (o.valid_to IS NULL OR o.valid_to > ?)
		AND o.kind IN ('base_committee', 'base_cell') ORDER BY o.path`), c.ID, lo, hi, day, day)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	type tally struct{ units, launched, disseminated, deployed, complete int }
	add := func(t *tally, l, d, p int) {
		t.units++
		t.launched += l
		t.disseminated += d
		t.deployed += p
		t.complete += l * p
	}
	var total tally
	var self *tally
	children := map[string]*tally{}
	var missing []string
	for rows.Next() {
		var path, name, parent string
		var l, d, p int
		if err := rows.Scan(&path, &name, &parent, &l, &d, &p); err != nil {
			tb.Fatal(err)
		}
		add(&total, l, d, p)
		if path == under.Path {
			self = &tally{}
			add(self, l, d, p)
		} else {
			child := strings.SplitN(strings.TrimPrefix(path, under.Path), "/", 2)[0]
			if children[child] == nil {
				children[child] = &tally{}
			}
			add(children[child], l, d, p)
		}
		if l*p == 0 {
			missing = append(missing, fmt.Sprintf("%s (%s) %d%d%d", name, parent, l, d, p))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "total %v\n", total)
	if self != nil {
		b.WriteString("self\n")
	}
	var lines []string
	for id, t := range children {
		n, _ := strconv.ParseInt(id, 10, 64)
		lines = append(lines, fmt.Sprintf("child %s %v\n", MustGet(tb, s, n).Name, *t))
	}
	slices.Sort(lines)
	b.WriteString(strings.Join(lines, ""))
	fmt.Fprintf(&b, "missing %s\n", strings.Join(missing, ", "))
	return b.String()
}

// deploymentsText writes what DeploymentShares answers as deploymentsByScan
// does, reading the missing organizations in pages of size.
func deploymentsText(tb testing.TB, s *store.Store, c *bontot.Campaign, under *bontot.Org, size int) string {
	tb.Helper()
	ctx := context.Background()
	sum, err := s.DeploymentShares(ctx, c.ID, under.Path, size, 0)
	if err != nil {
		tb.Fatal(err)
	}
	if sum.Day.IsZero() {
		return "empty"
	}
	type tally struct{ units, launched, disseminated, deployed, complete int }
	conv := func(t bontot.DeploymentTally) tally {
		return tally{int(t.Units), int(t.Launched), int(t.Disseminated), int(t.Deployed), int(t.Complete)}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "total %v\n", conv(sum.Total))
	if sum.Self {
		b.WriteString("self\n")
	}
	var lines []string
	for _, ch := range sum.Children {
		lines = append(lines, fmt.Sprintf("child %s %v\n", ch.Org.Name, conv(ch.Tally)))
	}
	slices.Sort(lines)
	b.WriteString(strings.Join(lines, ""))
	flag := func(d bontot.Date) int {
		if d.IsZero() {
			return 0
		}
		return 1
	}
	var missing []string
	for off := 0; off < int(sum.Total.Units-sum.Total.Complete); off += size {
		page, err := s.DeploymentShares(ctx, c.ID, under.Path, size, off)
		if err != nil {
			tb.Fatal(err)
		}
		for _, g := range page.Missing {
			missing = append(missing, fmt.Sprintf("%s (%s) %d%d%d", g.Name, g.ParentName, flag(g.LaunchedOn), flag(g.DisseminatedOn), flag(g.DeployedOn)))
		}
	}
	long, err := s.DeploymentShares(ctx, c.ID, under.Path, 5000, 0) // read in tree order, not walked
	if err != nil {
		tb.Fatal(err)
	}
	var all []string
	for _, g := range long.Missing {
		all = append(all, fmt.Sprintf("%s (%s) %d%d%d", g.Name, g.ParentName, flag(g.LaunchedOn), flag(g.DisseminatedOn), flag(g.DeployedOn)))
	}
	if !slices.Equal(all, missing) {
		tb.Errorf("one long page of missing organizations: %v\nwalked: %v", all, missing)
	}
	fmt.Fprintf(&b, "missing %s\n", strings.Join(missing, ", "))
	return b.String()
}

// TestMovementSharesFromCounters registers units in every status, for two
// years and two campaigns (one over a single ward), records launches and
// deployments, founds a cell after the first year, ends a cell and a chi bộ
// cơ sở within the second, and moves organizations; after each step the
// registration and deployment shares of every organization, and every page
// of their lists, agree with a count unit by unit.
func TestMovementSharesFromCounters(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := mustTree(t, s)
		c := MustCampaign(t, s, tr)
		ward3 := MustOrg(t, s, tr.city, "HT.TP.THA", "Đảng bộ phường Thạch Hạ", bontot.KindBaseCommittee)
		founded := &bontot.Org{Code: "HT.TP.THA.TDP7", Name: "Chi bộ TDP 7", Kind: bontot.KindCell, ParentID: ward3.ID, ValidFrom: bontot.MustDate("10/02/2025")}
		if err := s.CreateOrg(ctx, admin, founded); err != nil {
			t.Fatal(err)
		}
		ended := MustOrg(t, s, ward3, "HT.TP.THA.TDP8", "Chi bộ TDP 8", bontot.KindCell)
		tdp9 := MustOrg(t, s, ward3, "HT.TP.THA.TDP9", "Chi bộ TDP 9", bontot.KindCell)
		ward4 := MustOrg(t, s, tr.city, "HT.TP.KCQ", "Đảng bộ Khối cơ quan thành phố", bontot.KindSuperior)
		closedSchool := MustOrg(t, s, tr.city, "HT.TP.THCS", "Chi bộ Trường THCS Lê Văn Thiêm", bontot.KindBaseCell)
		wardOnly := &bontot.Campaign{Name: "Phong trào riêng của phường Trần Phú", IssuerID: tr.ward.ID, ScopeID: tr.ward.ID, FromYear: 2025, ToYear: 2025, Quota: 2000,
			Years: []bontot.CampaignYear{{Year: 2025, SelfDeadline: bontot.MustDate("15/12/2025"), Scales: c.Years[0].Scales}}}
		if err := s.CreateCampaign(ctx, admin, wardOnly); err != nil {
			t.Fatal(err)
		}

		reg := func(camp *bontot.Campaign, year int, o *bontot.Org, steps ...bontot.RegAction) {
			t.Helper()
			r := threeTargets(camp, o)
			r.Year = year
			r.SignedOn = bontot.NewDate(year, 1, 10)
			if err := s.CreateRegistration(ctx, admin, r); err != nil {
				t.Fatalf("registering %s for %d: %v", o.Name, year, err)
			}
			for _, a := range steps {
				note := ""
				if a == bontot.RegReturn {
					note = "Bổ sung chỉ tiêu"
				}
				if err := s.TransitionRegistration(ctx, admin, r.ID, 0, a, note); err != nil {
					t.Fatal(err)
				}
			}
		}
		deploy := func(o *bontot.Org, launched, disseminated, deployed string) {
			t.Helper()
			d := &bontot.Deployment{CampaignID: c.ID, OrgID: o.ID}
			for _, f := range []struct {
				v  string
				to *bontot.Date
			}{{launched, &d.LaunchedOn}, {disseminated, &d.DisseminatedOn}, {deployed, &d.DeployedOn}} {
				if f.v != "" {
					*f.to = bontot.MustDate(f.v)
				}
			}
			if err := s.SaveDeployment(ctx, admin, d); err != nil {
				t.Fatalf("deployment of %s: %v", o.Name, err)
			}
		}
		all := []*bontot.Org{tr.city, tr.ward, tr.ward2, ward3, ward4, tr.tdp1, tr.tdp4, tr.w2cell, tr.school, founded, ended, tdp9, closedSchool}
		check := func(step string) {
			t.Helper()
			for _, o := range all {
				o := MustGet(t, s, o.ID)
				for _, cy := range []struct {
					c    *bontot.Campaign
					year int
				}{{c, 2024}, {c, 2025}, {wardOnly, 2025}} {
					want := sharesByScan(t, s, cy.c, cy.year, o)
					for _, size := range []int{1, 2, 50} {
						if got := sharesText(t, s, cy.c, cy.year, o, size); got != want {
							t.Fatalf("%s: %s, %s %d, pages of %d:\n%s\nwant (unit by unit):\n%s", step, o.Name, cy.c.Name, cy.year, size, got, want)
						}
					}
				}
				for _, camp := range []*bontot.Campaign{c, wardOnly} {
					want := deploymentsByScan(t, s, camp, o)
					for _, size := range []int{1, 2, 50} {
						if got := deploymentsText(t, s, camp, o, size); got != want {
							t.Fatalf("%s: %s, deployment of %s, pages of %d:\n%s\nwant (unit by unit):\n%s", step, o.Name, camp.Name, size, got, want)
						}
					}
				}
				// The same pages when the walk enters every child instead
				// of reading the small ones in tree order.
				restore := store.SetMaxScanUnits(0)
				t.Cleanup(restore)
				for _, size := range []int{1, 3} {
					if got, want := sharesText(t, s, c, 2025, o, size), sharesByScan(t, s, c, 2025, o); got != want {
						t.Fatalf("%s: %s, entering every child, pages of %d:\n%s\nwant:\n%s", step, o.Name, size, got, want)
					}
					if got, want := deploymentsText(t, s, c, o, size), deploymentsByScan(t, s, c, o); got != want {
						t.Fatalf("%s: %s, deployments entering every child, pages of %d:\n%s\nwant:\n%s", step, o.Name, size, got, want)
					}
				}
				restore()
			}
		}

		check("nothing registered")
		reg(c, 2025, tr.tdp4, bontot.RegSend, bontot.RegAcknowledge)
		reg(c, 2025, tr.tdp1)
		reg(c, 2025, tr.ward, bontot.RegSend)
		reg(c, 2025, tr.school, bontot.RegSend, bontot.RegReturn)
		reg(c, 2025, founded, bontot.RegSend)
		reg(c, 2025, ended, bontot.RegSend, bontot.RegAcknowledge)
		reg(c, 2025, ward3, bontot.RegSend, bontot.RegReturn, bontot.RegSend)
		reg(c, 2024, tr.tdp4, bontot.RegSend)
		reg(c, 2024, ended)
		reg(wardOnly, 2025, tr.tdp1, bontot.RegSend)
		reg(c, 2025, closedSchool, bontot.RegSend)
		deploy(tr.ward, "10/02/2024", "20/02/2024", "01/03/2024")
		deploy(ward3, "12/02/2024", "", "")
		deploy(tr.school, "", "15/02/2024", "")
		deploy(closedSchool, "15/02/2024", "", "20/02/2024")
		deploy(tr.ward2, "16/02/2024", "", "20/03/2024")
		deploy(tr.ward2, "16/02/2024", "", "") // corrected: not deployed after all
		check("registered")
		// TDP 8 is dissolved on 01/03/2025 (the store has no dissolution
		// yet: set the end of its validity as one will).
		for _, o := range []*bontot.Org{ended, closedSchool} {
			if _, err := s.DB().Exec(rebind(s, `UPDATE orgs SET valid_to = ? WHERE id = ?`), bontot.MustDate("01/03/2025"), o.ID); err != nil {
				t.Fatal(err)
			}
		}
		check("a cell ended")
		if err := s.ReparentOrg(ctx, admin, tr.tdp1.ID, tr.ward2.ID, bontot.MustDate("05/03/2025"), "QĐ 15"); err != nil {
			t.Fatal(err)
		}
		check("a cell moved to another ward")
		if err := s.ReparentOrg(ctx, admin, ward3.ID, ward4.ID, bontot.MustDate("05/03/2025"), "QĐ 16"); err != nil {
			t.Fatalf("moving a ward under another: %v", err)
		}
		check("a committee moved")

		// The counters rebuilt from the records are those kept by the writes.
		city := MustGet(t, s, tr.city.ID)
		before := sharesText(t, s, c, 2025, city, 50) + deploymentsText(t, s, c, city, 50)
		if err := s.RecountRegistrations(ctx); err != nil {
			t.Fatal(err)
		}
		if err := s.RecountDeployments(ctx); err != nil {
			t.Fatal(err)
		}
		if after := sharesText(t, s, c, 2025, city, 50) + deploymentsText(t, s, c, city, 50); after != before {
			t.Errorf("after a recount:\n%s\nbefore:\n%s", after, before)
		}
	})
}
