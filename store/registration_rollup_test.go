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
	fmt.Fprintf(&b, "unsent %s\n", strings.Join(unsent, ", "))
	return b.String()
}

// TestRegistrationSharesFromCounters registers units in every status, for
// two years and two campaigns (one over a single ward), founds a cell after
// the first year, ends another within the second, and moves organizations;
// after each step the shares of every organization, and every page of their
// unsent units, agree with a count unit by unit.
func TestRegistrationSharesFromCounters(t *testing.T) {
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
		all := []*bontot.Org{tr.city, tr.ward, tr.ward2, ward3, ward4, tr.tdp1, tr.tdp4, tr.w2cell, tr.school, founded, ended, tdp9}
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
		check("registered")
		// TDP 8 is dissolved on 01/03/2025 (the store has no dissolution
		// yet: set the end of its validity as one will).
		if _, err := s.DB().Exec(rebind(s, `UPDATE orgs SET valid_to = ? WHERE id = ?`), bontot.MustDate("01/03/2025"), ended.ID); err != nil {
			t.Fatal(err)
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

		// The counters rebuilt from the registrations are those kept by the writes.
		before := sharesText(t, s, c, 2025, MustGet(t, s, tr.city.ID), 50)
		if err := s.RecountRegistrations(ctx); err != nil {
			t.Fatal(err)
		}
		if after := sharesText(t, s, c, 2025, MustGet(t, s, tr.city.ID), 50); after != before {
			t.Errorf("after a recount:\n%s\nbefore:\n%s", after, before)
		}
	})
}
