package demo

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"bontot"
	"bontot/scoring"
	"bontot/store"
)

// checkYearsWork checks the year's work that Install records for campaign c
// over the city's units: the launch and deployment of every grassroots
// organization, the 2025 registrations in every status, the 2025 meeting
// records (stored as generated, TDP 4 missing only December), and the 2025
// assessments reading them.
func checkYearsWork(t *testing.T, ctx context.Context, st *store.Store, c *bontot.Campaign, units []Grassroots) {
	city, err := st.OrgByCode(ctx, CityCode)
	if err != nil {
		t.Fatal(err)
	}
	tdp4, err := st.OrgByCode(ctx, CityCode+".TRP.TDP4")
	if err != nil {
		t.Fatal(err)
	}
	ward, err := st.OrgByCode(ctx, CityCode+".TRP")
	if err != nil {
		t.Fatal(err)
	}
	committees, err := loginOrgs(ctx, st, bontot.RoleCommittee)
	if err != nil {
		t.Fatal(err)
	}
	mv := generateMovement(units, demoMovement(c.ToYear, []int64{tdp4.ID}, committees))
	if !reflect.DeepEqual(mv, generateMovement(units, demoMovement(c.ToYear, []int64{tdp4.ID}, committees))) {
		t.Error("two draws of the year's work differ")
	}

	// Deployment: every grassroots organization launched; all but one deployed, three late.
	dep, err := st.DeploymentShares(ctx, c.ID, city.Path, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	tl := dep.Total
	var gaps []string
	for _, g := range dep.Missing {
		gaps = append(gaps, g.Name)
	}
	t.Logf("deployment: %+v; not deployed %v", tl, gaps)
	if tl.Units != int64(len(units)) || tl.Launched != tl.Units || tl.Disseminated != tl.Units || tl.Deployed != tl.Units-1 || tl.Complete != tl.Units-1 {
		t.Errorf("deployment tally %+v for %d grassroots organizations", tl, len(units))
	}
	if len(dep.Missing) != 1 || dep.Missing[0].Name != notDeployed || dep.Missing[0].LaunchedOn.IsZero() {
		t.Errorf("not deployed: %+v, want only %s, launched", dep.Missing, notDeployed)
	}
	var late int
	for _, u := range units {
		d, err := st.Deployment(ctx, c.ID, u.ID)
		if err != nil || d == nil {
			t.Fatalf("deployment of %s: %v, %v", u.Name, d, err)
		}
		if d.LaunchedOn.Before(bontot.NewDate(2023, 2, 15)) || d.LaunchedOn.After(bontot.NewDate(2023, 3, 31)) || d.LaunchDocument == "" || d.Participants <= 0 {
			t.Errorf("%s: launched %s, %q, %d participants", u.Name, d.LaunchedOn, d.LaunchDocument, d.Participants)
		}
		if !d.DeployedOn.IsZero() && d.DeployedOn.After(bontot.NewDate(2023, 4, 30)) {
			late++
			if d.DeployedOn.After(bontot.NewDate(2023, 6, 30)) || d.Note == "" {
				t.Errorf("%s deployed late on %s, note %q", u.Name, d.DeployedOn, d.Note)
			}
		}
		if got := d.UpdatedAt.Year(); got != 2023 {
			t.Errorf("%s: recorded in %d, want 2023", u.Name, got)
		}
	}
	if late < 2 || late > 3 {
		t.Errorf("%d grassroots organizations deployed late, want 2–3", late)
	}

	// Registrations: every unit has one; each status is there.
	regs, err := st.RegistrationShares(ctx, c.ID, 2025, city.Path, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	rt := regs.Total
	t.Logf("registrations 2025: %+v", rt)
	if rt.None() != 0 || rt.Draft == 0 || rt.Sent == 0 || rt.Returned == 0 || rt.Acknowledged < rt.Units*3/4 || rt.Draft+rt.Returned+rt.Sent > rt.Units/5 {
		t.Errorf("registrations %+v: want every unit, most acknowledged, some of each other status", rt)
	}
	var met, registered, shortUnits int
	for _, rd := range mv.registrations {
		r, err := st.RegistrationOf(ctx, c.ID, 2025, rd.reg.OrgID)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != rd.status || len(r.Targets) < 1 || len(r.Targets) > 6 || (r.Status != bontot.RegDraft && len(r.Targets) < 3) {
			t.Errorf("%s: %s with %d targets, drawn %s", r.OrgName, r.Status, len(r.Targets), rd.status)
		}
		switch r.Status {
		case bontot.RegReturned:
			if r.ReturnNote == "" {
				t.Errorf("%s returned without a note", r.OrgName)
			}
		case bontot.RegAcknowledged:
			m, known := r.MetCount()
			if known != len(r.Targets) || r.AckAt.Year() != 2025 || r.SentAt.After(r.AckAt) || r.SignedOn.After(bontot.NewDate(2025, 3, 31)) {
				t.Errorf("%s: %d of %d results, sent %s, acknowledged %s, signed %s", r.OrgName, known, len(r.Targets), r.SentAt, r.AckAt, r.SignedOn)
			}
			met += m
			registered += len(r.Targets)
			if m < len(r.Targets) {
				shortUnits++
			}
		}
	}
	t.Logf("acknowledged: %d of %d targets met; %d units short of some", met, registered, shortUnits)
	if met < registered*8/10 || met == registered || shortUnits == 0 {
		t.Errorf("%d of %d targets met: want most, not all", met, registered)
	}
	if n, m, ok, err := st.TargetFacts(ctx, c.ID, 2025, tdp4.ID); err != nil || !ok || n < 3 || m != n {
		t.Errorf("TDP 4 targets: %d registered, %d met, %v, %v; want all met", n, m, ok, err)
	}

	// Meetings: stored as generated; TDP 4 misses only December.
	stats, more, err := st.MeetingStats(ctx, city.Path, 2025)
	if err != nil || more {
		t.Fatal(err, more)
	}
	facts := MeetingFacts(mv.meetings, 2025)
	grades := map[scoring.MeetingGrade]int{}
	for _, m := range mv.meetings {
		if m.Kind == bontot.MeetingRegular {
			grades[m.Grade]++
		}
	}
	var missingCells int
	for _, s := range stats {
		f := facts[s.OrgID]
		if f == nil {
			t.Errorf("%s: no meetings drawn", s.OrgName)
			continue
		}
		if int64(s.Held) != f[scoring.FactRegularMonths] || int64(s.Regular) != f[scoring.FactRegularScored] || int64(s.ScoreSum) != f[scoring.FactRegularScoreSum] ||
			int64(s.GradeGood) != f[scoring.FactMeetingsGood] || int64(s.GradePoor) != f[scoring.FactMeetingsPoor] {
			t.Errorf("%s: stored %+v, drawn %v", s.OrgName, s, f)
		}
		if len(s.Missing) > 0 {
			missingCells++
			if len(s.Missing) > 3 {
				t.Errorf("%s misses %v", s.OrgName, s.Missing)
			}
		}
	}
	t.Logf("meetings 2025: %d (regular by grade %v) in %d cells, %d cells missing months", len(mv.meetings), grades, len(stats), missingCells)
	if total := grades[scoring.GradeGood] + grades[scoring.GradeFair] + grades[scoring.GradeAverage] + grades[scoring.GradePoor]; grades[scoring.GradeGood] < total*3/4 ||
		grades[scoring.GradeFair] == 0 || grades[scoring.GradeAverage] == 0 || grades[scoring.GradePoor] > total/100 {
		t.Errorf("grades %v: want mostly Tốt, some Khá and Trung bình, Kém very rare", grades)
	}
	if missingCells < 5 || missingCells > len(stats)/5 {
		t.Errorf("%d cells miss months", missingCells)
	}
	if missing, err := st.MissingMonths(ctx, tdp4.ID, 2025, bontot.NewDate(2026, time.January, 1)); err != nil || !slices.Equal(missing, []int{12}) {
		t.Errorf("TDP 4 misses %v, %v; want [12]", missing, err)
	}
	ms, err := st.Meetings(ctx, tdp4.ID, 2025)
	if err != nil {
		t.Fatal(err)
	}
	quarters := map[int]bool{}
	for _, m := range ms {
		if m.Total != 10000 || m.Grade != scoring.GradeGood || m.Chair == "" || m.Place == "" || m.Resolution == "" {
			t.Errorf("TDP 4 %s: %s %s, chair %q, place %q", m.HeldOn, m.Total, m.Grade, m.Chair, m.Place)
		}
		if m.Kind == bontot.MeetingThematic {
			quarters[(m.Month()+2)/3] = true
		}
	}
	if len(quarters) != 4 {
		t.Errorf("TDP 4 thematic quarters %v", quarters)
	}

	// The 2025 assessments read the records: a cell's meeting facts, the
	// committee's cells' meetings.
	com, err := st.AssessmentOf(ctx, c.ID, 2025, ward.ID)
	if err != nil {
		t.Fatal(err)
	}
	ex, err := st.Explain(ctx, com.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ex.Facts[scoring.FactCellsMeetingsScored] <= 0 || ex.Facts[scoring.FactCellsMeetingsGood] <= 0 {
		t.Errorf("%s 2025 explanation: cells' meetings %d scored, %d Tốt", com.OrgName, ex.Facts[scoring.FactCellsMeetingsScored], ex.Facts[scoring.FactCellsMeetingsGood])
	}
	a, err := st.AssessmentOf(ctx, c.ID, 2025, tdp4.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ex, err = st.Explain(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if ex.Facts[scoring.FactRegularMonths] != 11 || ex.Sources[scoring.FactRegularMonths] != store.SourceMeetings ||
		ex.Sources[scoring.FactTargetsRegistered] != store.SourceRegistration {
		t.Errorf("TDP 4 2025 facts %v from %v", ex.Facts, ex.Sources)
	}
}
