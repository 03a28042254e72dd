package store_test

import (
	"context"
	"testing"

	"bontot"
	"bontot/scoring"
	"bontot/store"
)

// MustCampaign creates the default scales and a 2024–2025 campaign over the tree's city.
func MustCampaign(tb testing.TB, s *store.Store, t tree) *bontot.Campaign {
	tb.Helper()
	ctx := context.Background()
	cell := &bontot.ScaleVersion{Family: "chi-bo", Scale: scoring.DefaultCellScale()}
	comm := &bontot.ScaleVersion{Family: "dang-bo", Scale: scoring.DefaultCommitteeScale()}
	for _, v := range []*bontot.ScaleVersion{cell, comm} {
		if err := s.CreateScale(ctx, admin, v); err != nil {
			tb.Fatal(err)
		}
	}
	scales := []bontot.YearScale{{Kind: scoring.KindCell, ScaleID: cell.ID}, {Kind: scoring.KindCommittee, ScaleID: comm.ID}}
	c := &bontot.Campaign{Name: "Chi bộ 4 tốt, Đảng bộ cơ sở 4 tốt giai đoạn 2024–2025", IssuerID: t.city.ID, ScopeID: t.city.ID,
		FromYear: 2024, ToYear: 2025, Quota: 2000,
		Documents: []bontot.Document{{Number: "21-NQ/TW", Date: bontot.MustDate("16/06/2022"), Title: "Nghị quyết về tổ chức cơ sở đảng"}},
		Years: []bontot.CampaignYear{
			{Year: 2024, SelfDeadline: bontot.MustDate("15/12/2024"), ReviewDeadline: bontot.MustDate("31/12/2024"), ApprovalDeadline: bontot.MustDate("15/01/2025"), Scales: scales},
			{Year: 2025, SelfDeadline: bontot.MustDate("15/12/2025"), Scales: scales},
		}}
	if err := s.CreateCampaign(ctx, admin, c); err != nil {
		tb.Fatal(err)
	}
	return c
}

// fullCell is a self-assessment with every typed item at its maximum and perfect meeting facts.
func fullCell() (scoring.Entries, scoring.Facts) {
	e := scoring.Entries{}
	for _, c := range scoring.DefaultCellScale().Criteria {
		for _, it := range c.Items {
			if it.Method == scoring.Typed {
				e[it.Code] = scoring.Entry{Points: it.Max}
			}
		}
	}
	f := scoring.Facts{scoring.FactTargetsRegistered: 10, scoring.FactTargetsMet: 10, scoring.FactRegularMonths: 12, scoring.FactThematicQuarters: 4,
		scoring.FactRegularScored: 12, scoring.FactRegularScoreSum: 12 * 10000, scoring.FactMeetingsGood: 12}
	return e, f
}

func TestCampaignOpensAssessments(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := mustTree(t, s)
		c := MustCampaign(t, s, tr)
		// Units: ward, ward2 (committees); tdp1, tdp4, w2cell (cells); school (base cell).
		list, err := s.Assessments(ctx, bontot.AssessmentFilter{CampaignID: c.ID, Year: 2024})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(list), 6; got != want {
			t.Fatalf("assessments = %d, want %d", got, want)
		}
		sums, err := s.Summaries(ctx, c.ID, 2024, []*bontot.Org{MustGet(t, s, tr.city.ID), MustGet(t, s, tr.ward.ID)})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := sums[0].Cells.Units, int64(4); got != want {
			t.Errorf("city cells = %d, want %d", got, want)
		}
		if got, want := sums[0].Committees.Units, int64(2); got != want {
			t.Errorf("city committees = %d, want %d", got, want)
		}
		if got, want := sums[1].Cells.Draft, int64(2); got != want {
			t.Errorf("ward draft cells = %d, want %d", got, want)
		}
		v, err := s.Scale(ctx, c.Years[0].Scales[0].ScaleID)
		if err != nil {
			t.Fatal(err)
		}
		if !v.Frozen || len(v.UsedBy) != 2 {
			t.Errorf("scale frozen=%v usedBy=%v, want frozen and used by two years", v.Frozen, v.UsedBy)
		}
		if err := s.UpdateScale(ctx, admin, v.ID, v.Scale, ""); bontot.ErrorCode(err) != bontot.ECONFLICT {
			t.Errorf("UpdateScale on a frozen scale = %v, want a conflict", err)
		}
	})
}

func TestAssessmentWorkflow(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := mustTree(t, s)
		c := MustCampaign(t, s, tr)
		a, err := s.AssessmentOf(ctx, c.ID, 2024, tr.tdp1.ID)
		if err != nil {
			t.Fatal(err)
		}
		e, f := fullCell()
		// Over the maximum: refused, nothing saved.
		bad := scoring.Entries{"1.1": {Points: 600}}
		if err := s.SaveSelf(ctx, admin, a.ID, a.Version, bad, f, ""); bontot.ErrorCode(err) != bontot.EINVALID {
			t.Fatalf("SaveSelf over max = %v, want invalid", err)
		}
		if got, _ := s.Assessment(ctx, a.ID); got.Version != a.Version || len(got.Self) != 0 {
			t.Fatalf("a refused save changed the assessment: version %d, entries %v", got.Version, got.Self)
		}
		if err := s.SaveSelf(ctx, admin, a.ID, a.Version, e, f, ""); err != nil {
			t.Fatal(err)
		}
		a, _ = s.Assessment(ctx, a.ID)
		// 100 points, but the cell is not rated: veto 2 keeps it at Khá.
		if got, want := a.SelfTotal, scoring.Points(10000); got != want {
			t.Errorf("self total = %v, want %v", got, want)
		}
		if got, want := a.FinalClass, scoring.ClassGood; got != want {
			t.Errorf("class = %q, want %q (unrated cell vetoed)", got, want)
		}
		// An old version is refused.
		if err := s.SaveSelf(ctx, admin, a.ID, a.Version-1, e, f, ""); bontot.ErrorCode(err) != bontot.ECONFLICT {
			t.Errorf("stale save = %v, want conflict", err)
		}
		step := func(act bontot.Action, note string) {
			t.Helper()
			cur, _ := s.Assessment(ctx, a.ID)
			if err := s.Transition(ctx, admin, a.ID, store.TransitionInput{Action: act, Version: cur.Version, Note: note,
				Decision: "99-QĐ/TU", DecisionOn: bontot.MustDate("20/01/2025")}); err != nil {
				t.Fatalf("%s: %v", act, err)
			}
		}
		step(bontot.ActSubmit, "")
		// The review lowers 3.1 by 2 points with a reason.
		cur, _ := s.Assessment(ctx, a.ID)
		if err := s.SaveReview(ctx, admin, a.ID, cur.Version, scoring.Entries{"3.1": {Points: 400}}); bontot.ErrorCode(err) != bontot.EINVALID {
			t.Errorf("review without reason = %v, want invalid", err)
		}
		if err := s.SaveReview(ctx, admin, a.ID, cur.Version, scoring.Entries{"3.1": {Points: 400, Note: "Còn mâu thuẫn chưa giải quyết"}}); err != nil {
			t.Fatal(err)
		}
		step(bontot.ActReturn, "Đề nghị giải trình tiêu chí 3.1")
		cur, _ = s.Assessment(ctx, a.ID)
		if err := s.Transition(ctx, admin, a.ID, store.TransitionInput{Action: bontot.ActSubmit, Version: cur.Version}); bontot.ErrorCode(err) != bontot.EINVALID {
			t.Errorf("resubmit without explanation = %v, want invalid", err)
		}
		if err := s.SaveSelf(ctx, admin, a.ID, cur.Version, e, f, "Mâu thuẫn đã được hòa giải ngày 10/10"); err != nil {
			t.Fatal(err)
		}
		step(bontot.ActSubmit, "")
		step(bontot.ActReview, "")
		a, _ = s.Assessment(ctx, a.ID)
		if got, want := a.SelfTotal, scoring.Points(10000); got != want {
			t.Errorf("self total = %v, want %v", got, want)
		}
		if got, want := a.ReviewTotal, scoring.Points(9800); got != want {
			t.Errorf("reviewed total = %v, want %v", got, want)
		}
		if got, want := a.FinalTotal, scoring.Points(9800); got != want {
			t.Errorf("final total = %v, want %v", got, want)
		}
		step(bontot.ActApprove, "")
		if bad, err := s.VerifyRollup(ctx, c.ID, 2024); err != nil || len(bad) != 0 {
			t.Errorf("counters differ from the assessments at %v (%v)", bad, err)
		}
		// Recognition needs "4 tốt": refused while the cell is unrated.
		cur, _ = s.Assessment(ctx, a.ID)
		if err := s.Transition(ctx, admin, a.ID, store.TransitionInput{Action: bontot.ActRecognise, Version: cur.Version, Decision: "1", DecisionOn: bontot.MustDate("20/01/2025")}); bontot.ErrorCode(err) != bontot.ECONFLICT {
			t.Errorf("recognise a Khá unit = %v, want conflict", err)
		}
		evs, err := s.AssessmentEvents(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []bontot.Action
		for _, e := range evs {
			got = append(got, e.Action)
		}
		want := []bontot.Action{bontot.ActSubmit, bontot.ActReturn, bontot.ActSubmit, bontot.ActReview, bontot.ActApprove}
		if len(got) != len(want) {
			t.Fatalf("events = %v, want %v", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("events = %v, want %v", got, want)
			}
		}
		entries, _, err := s.AuditEntries(ctx, bontot.AuditFilter{Entity: "assessment", EntityID: a.ID, Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) < 8 {
			t.Errorf("audit entries = %d, want every save and step", len(entries))
		}
		sums, err := s.Summaries(ctx, c.ID, 2024, []*bontot.Org{MustGet(t, s, tr.ward.ID)})
		if err != nil {
			t.Fatal(err)
		}
		if got := sums[0].Cells; got.Approved != 1 || got.Draft != 1 || got.Good != 1 || got.Buckets[9] != 1 || got.Scored != 1 {
			t.Errorf("ward cells tally = %+v, want one approved Khá at 98 and one draft", got)
		}
	})
}

func TestCommitteeComputedFromCells(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := mustTree(t, s)
		c := MustCampaign(t, s, tr)
		e, f := fullCell()
		// tdp1 submits a perfect self-assessment; tdp4 stays in draft.
		a, _ := s.AssessmentOf(ctx, c.ID, 2024, tr.tdp1.ID)
		if err := s.SaveSelf(ctx, admin, a.ID, a.Version, e, f, ""); err != nil {
			t.Fatal(err)
		}
		a, _ = s.Assessment(ctx, a.ID)
		if err := s.Transition(ctx, admin, a.ID, store.TransitionInput{Action: bontot.ActSubmit, Version: a.Version}); err != nil {
			t.Fatal(err)
		}
		w, _ := s.AssessmentOf(ctx, c.ID, 2024, tr.ward.ID)
		x, err := s.Explain(ctx, w.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := x.Facts[scoring.FactCells], int64(2); got != want {
			t.Errorf("committee cells fact = %d, want %d", got, want)
		}
		if got, want := x.Facts[scoring.FactCellsMeetingsScored], int64(12); got != want {
			t.Errorf("cells' meetings = %d, want %d", got, want)
		}
		// 2.3 = 6 × 12 Tốt / 12 held.
		var p23 scoring.Points = -1
		for _, cr := range x.Self.Criteria {
			for _, it := range cr.Items {
				if it.Code == "2.3" {
					p23 = it.Points
				}
			}
		}
		if p23 != 600 {
			t.Errorf("committee 2.3 = %v, want 6", p23)
		}
		// Rated HTTNV, the cell becomes "4 tốt"; recognised, then reopened.
		if err := s.SeedRatings(ctx, 2024, map[int64]scoring.Rating{tr.tdp1.ID: scoring.HTTNV}, nil, nil); err != nil {
			t.Fatal(err)
		}
		for _, act := range []bontot.Action{bontot.ActReview, bontot.ActApprove, bontot.ActRecognise, bontot.ActReopen} {
			cur, _ := s.Assessment(ctx, a.ID)
			if err := s.Transition(ctx, admin, a.ID, store.TransitionInput{Action: act, Version: cur.Version, Note: "Mở lại để điều chỉnh",
				Decision: "7-QĐ/TU", DecisionOn: bontot.MustDate("20/01/2025")}); err != nil {
				t.Fatalf("%s: %v", act, err)
			}
			if act == bontot.ActRecognise {
				sums, _ := s.Summaries(ctx, c.ID, 2024, []*bontot.Org{MustGet(t, s, tr.city.ID)})
				if got := sums[0].Cells; got.Recognised != 1 || got.FourGood != 1 || got.RecognisedStatus != 1 {
					t.Errorf("city cells after recognition = %+v, want one recognised 4 tốt", got)
				}
			}
			if bad, err := s.VerifyRollup(ctx, c.ID, 2024); err != nil || len(bad) != 0 {
				t.Errorf("after %s the counters differ from the assessments at %v (%v)", act, bad, err)
			}
		}
		// Typing a computed item is refused.
		if err := s.SaveSelf(ctx, admin, w.ID, w.Version, scoring.Entries{"2.3": {Points: 600}}, nil, ""); bontot.ErrorCode(err) != bontot.EINVALID {
			t.Errorf("typing a computed item = %v, want invalid", err)
		}
	})
}

func TestReparentMovesAssessmentsAndCounters(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := mustTree(t, s)
		c := MustCampaign(t, s, tr)
		e, f := fullCell()
		a, _ := s.AssessmentOf(ctx, c.ID, 2024, tr.tdp1.ID)
		if err := s.SaveSelf(ctx, admin, a.ID, a.Version, e, f, ""); err != nil {
			t.Fatal(err)
		}
		a, _ = s.Assessment(ctx, a.ID)
		if err := s.Transition(ctx, admin, a.ID, store.TransitionInput{Action: bontot.ActSubmit, Version: a.Version}); err != nil {
			t.Fatal(err)
		}
		// TDP 1 moves from Trần Phú to Nguyễn Du.
		if err := s.ReparentOrg(ctx, admin, tr.tdp1.ID, tr.ward2.ID, bontot.MustDate("01/07/2024"), "15-QĐ/TU"); err != nil {
			t.Fatal(err)
		}
		for _, y := range []int{2024, 2025} {
			if bad, err := s.VerifyRollup(ctx, c.ID, y); err != nil || len(bad) != 0 {
				t.Errorf("year %d: counters differ from the assessments at %v (%v)", y, bad, err)
			}
		}
		sums, err := s.Summaries(ctx, c.ID, 2024, []*bontot.Org{MustGet(t, s, tr.ward.ID), MustGet(t, s, tr.ward2.ID)})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := sums[0].Cells.Units, int64(1); got != want {
			t.Errorf("Trần Phú cells = %d, want %d", got, want)
		}
		if got, want := sums[1].Cells.Submitted, int64(1); got != want {
			t.Errorf("Nguyễn Du submitted cells = %d, want %d", got, want)
		}
		w2, _ := s.AssessmentOf(ctx, c.ID, 2024, tr.ward2.ID)
		x, err := s.Explain(ctx, w2.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := x.Facts[scoring.FactCells], int64(2); got != want {
			t.Errorf("Nguyễn Du now reads %d cells, want %d", got, want)
		}
		moved, _ := s.Assessment(ctx, a.ID)
		if got := MustGet(t, s, tr.tdp1.ID).Path; moved.OrgPath != got {
			t.Errorf("assessment path %q, want the cell's new path %q", moved.OrgPath, got)
		}
	})
}

func TestSubtypeScale(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := mustTree(t, s)
		school := &bontot.Org{Code: "HT.TP.TRP.TH", Name: "Chi bộ Trường Tiểu học Trần Phú", Kind: bontot.KindCell, Subtype: bontot.SubSchool,
			ParentID: tr.ward.ID, ValidFrom: bontot.MustDate("01/01/2015")}
		if err := s.CreateOrg(ctx, admin, school); err != nil {
			t.Fatal(err)
		}
		c := MustCampaign(t, s, tr)
		e, f := fullCell()
		a, _ := s.AssessmentOf(ctx, c.ID, 2024, school.ID)
		if err := s.SaveSelf(ctx, admin, a.ID, a.Version, e, f, ""); err != nil {
			t.Fatal(err)
		}
		// Schools get a scale whose C2 counts twice as much in 2.3 guidance only: here, a lower "4 tốt" line (85).
		sc := scoring.DefaultCellScale()
		sc.Name = "Chi bộ 4 tốt — trường học"
		sc.Vetoes = nil // schools: no vetoes (for the test)
		v := &bontot.ScaleVersion{Family: "chi-bo-truong-hoc", Scale: sc}
		if err := s.CreateScale(ctx, admin, v); err != nil {
			t.Fatal(err)
		}
		p, err := s.AssignSubtypeScale(ctx, admin, c.ID, 2024, bontot.SubSchool, v.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		if p.Units != 1 || p.ClassChanges != 1 || len(p.Changed) != 1 || p.Changed[0].OrgID != school.ID || p.Changed[0].NewClass != scoring.ClassFourGood {
			t.Fatalf("preview = %+v, want the school alone turning 4 tốt", p)
		}
		if got, _ := s.Assessment(ctx, a.ID); got.ScaleID == v.ID || got.FinalClass == scoring.ClassFourGood {
			t.Fatalf("a preview changed the stored assessment")
		}
		if _, err := s.AssignSubtypeScale(ctx, admin, c.ID, 2024, bontot.SubSchool, v.ID, true); err != nil {
			t.Fatal(err)
		}
		got, _ := s.Assessment(ctx, a.ID)
		if got.ScaleID != v.ID || got.FinalClass != scoring.ClassFourGood {
			t.Errorf("after apply: scale %d class %s, want %d four_good", got.ScaleID, got.FinalClass, v.ID)
		}
		other, _ := s.AssessmentOf(ctx, c.ID, 2024, tr.tdp4.ID)
		if other.ScaleID == v.ID {
			t.Errorf("a residential cell took the school scale")
		}
		c2, _ := s.Campaign(ctx, c.ID)
		if id := c2.Year(2024).ScaleFor(scoring.KindCell, bontot.SubSchool); id != v.ID {
			t.Errorf("campaign year scale for schools = %d, want %d", id, v.ID)
		}
		if bad, err := s.VerifyRollup(ctx, c.ID, 2024); err != nil || len(bad) != 0 {
			t.Errorf("counters differ at %v (%v)", bad, err)
		}
	})
}

func TestDraftSavesWhatIsMissingButSubmitRefuses(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := mustTree(t, s)
		c := MustCampaign(t, s, tr)
		a, _ := s.AssessmentOf(ctx, c.ID, 2024, tr.tdp4.ID)
		// Half-filled: one item, no facts. 1.2 has no registered target and is not N/A.
		if err := s.SaveSelf(ctx, admin, a.ID, a.Version, scoring.Entries{"1.1": {Points: 500}}, nil, ""); err != nil {
			t.Fatalf("saving a half-filled draft: %v", err)
		}
		a, _ = s.Assessment(ctx, a.ID)
		err := s.Transition(ctx, admin, a.ID, store.TransitionInput{Action: bontot.ActSubmit, Version: a.Version})
		var e *bontot.Error
		if !asError(err, &e) || e.Code != bontot.EINVALID || e.Fields["1.2"] == "" {
			t.Fatalf("submitting without targets = %v, want a message on 1.2", err)
		}
		// More met than registered is refused even in a draft.
		f := scoring.Facts{scoring.FactTargetsRegistered: 5, scoring.FactTargetsMet: 6}
		if err := s.SaveSelf(ctx, admin, a.ID, a.Version, scoring.Entries{}, f, ""); bontot.ErrorCode(err) != bontot.EINVALID {
			t.Errorf("met > registered = %v, want invalid", err)
		}
	})
}

func TestLockWholeYear(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		tr := mustTree(t, s)
		c := MustCampaign(t, s, tr)
		e, f := fullCell()
		a, _ := s.AssessmentOf(ctx, c.ID, 2024, tr.tdp1.ID)
		if err := s.SaveSelf(ctx, admin, a.ID, a.Version, e, f, ""); err != nil {
			t.Fatal(err)
		}
		for _, act := range []bontot.Action{bontot.ActSubmit, bontot.ActReview, bontot.ActApprove} {
			cur, _ := s.Assessment(ctx, a.ID)
			if err := s.Transition(ctx, admin, a.ID, store.TransitionInput{Action: act, Version: cur.Version}); err != nil {
				t.Fatal(err)
			}
		}
		n, err := s.BulkTransition(ctx, admin, c.ID, 2024, "", store.TransitionInput{Action: bontot.ActLock})
		if err != nil || n != 1 {
			t.Fatalf("locking the year: %d, %v; want 1 unit locked", n, err)
		}
		c2, _ := s.Campaign(ctx, c.ID)
		if !c2.Year(2024).Locked {
			t.Errorf("the year is not marked locked")
		}
		if got, _ := s.Assessment(ctx, a.ID); got.Status != bontot.StatusLocked {
			t.Errorf("status %s, want locked", got.Status)
		}
	})
}
