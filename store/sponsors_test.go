package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"bontot"
	"bontot/store"
)

// sponsorFixture is the test tree with a sponsor group of the city, an
// officer account and the group in charge of two cells: TDP 2 of the
// Nguyễn Du ward (w2cell) and TDP 1 of Trần Phú (tdp1).
type sponsorFixture struct {
	tree
	group       *bontot.SponsorGroup
	officer     *bontot.User
	onW2, onTDP *bontot.Assignment
}

func mustSponsors(t *testing.T, s *store.Store) sponsorFixture {
	t.Helper()
	ctx := context.Background()
	f := sponsorFixture{tree: mustTree(t, s)}
	f.officer = &bontot.User{Username: "phutrach", FullName: "Nguyễn Thị Lan"}
	if err := s.CreateUser(ctx, admin, f.officer, "matkhau123"); err != nil {
		t.Fatal(err)
	}
	f.group = &bontot.SponsorGroup{OrgID: f.city.ID, Name: "Ban Tổ chức Thành ủy", Kind: bontot.GroupDepartment}
	if err := s.CreateSponsorGroup(ctx, admin, f.group); err != nil {
		t.Fatal(err)
	}
	list, err := s.CreateAssignments(ctx, admin, &bontot.Assignment{GroupID: f.group.ID, CadenceDays: 90, From: bontot.MustDate("01/01/2025"),
		Officers: []bontot.Officer{{Name: "phutrach"}, {Name: "Trần  Văn Bình"}}}, []int64{f.w2cell.ID, f.tdp1.ID})
	if err != nil {
		t.Fatal(err)
	}
	f.onW2, f.onTDP = list[0], list[1]
	return f
}

func TestSponsorAssignments(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := mustSponsors(t, s)
		a, err := s.Assignment(ctx, f.onW2.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := a.Names(), "Nguyễn Thị Lan (phutrach), Trần Văn Bình"; got != want {
			t.Errorf("officers = %q, want %q", got, want)
		}
		if a.Officers[0].UserID != f.officer.ID || a.Officers[1].UserID != 0 {
			t.Errorf("officer accounts = %+v", a.Officers)
		}
		if got, want := a.NextDue, bontot.MustDate("01/04/2025"); got != want {
			t.Errorf("next due = %s, want %s (start + 90 days)", got, want)
		}
		if !a.LastVisit.IsZero() || a.OrgName != "Chi bộ TDP 2" || a.GroupName != f.group.Name {
			t.Errorf("assignment = %+v", a)
		}

		// The named officer covers the assigned cells only.
		for _, c := range []struct {
			org  *bontot.Org
			want bool
		}{{f.w2cell, true}, {f.tdp1, true}, {f.tdp4, false}, {f.ward2, false}} {
			got, err := s.OfficerCovers(ctx, f.officer.ID, c.org.Path)
			if err != nil || got != c.want {
				t.Errorf("OfficerCovers(%s) = %v, %v; want %v", c.org.Code, got, err, c.want)
			}
		}

		// The same group twice on a unit over the same period is refused.
		_, err = s.CreateAssignments(ctx, admin, &bontot.Assignment{GroupID: f.group.ID, CadenceDays: 30, From: bontot.MustDate("01/02/2025")}, []int64{f.tdp1.ID})
		if bontot.ErrorCode(err) != bontot.ECONFLICT {
			t.Errorf("duplicate assignment: %v, want conflict", err)
		}
		// A ward's group cannot sponsor a unit of another ward.
		wg := &bontot.SponsorGroup{OrgID: f.ward.ID, Name: "Đoàn công tác số 1", Kind: bontot.GroupWorking}
		if err := s.CreateSponsorGroup(ctx, admin, wg); err != nil {
			t.Fatal(err)
		}
		_, err = s.CreateAssignments(ctx, admin, &bontot.Assignment{GroupID: wg.ID, CadenceDays: 30, From: bontot.MustDate("01/02/2025")}, []int64{f.w2cell.ID})
		var e *bontot.Error
		if !asError(err, &e) || e.Fields["units"] == "" {
			t.Errorf("unit outside the group's committee: %v", err)
		}
		// A cell has no sponsor groups.
		if err := s.CreateSponsorGroup(ctx, admin, &bontot.SponsorGroup{OrgID: f.tdp1.ID, Name: "X", Kind: bontot.GroupWorking}); bontot.ErrorCode(err) != bontot.EINVALID {
			t.Errorf("group of a cell: %v", err)
		}

		groups, err := s.SponsorGroups(ctx, f.ward2.Path)
		if err != nil || len(groups) != 1 || groups[0].ID != f.group.ID || groups[0].Assignments != 2 {
			t.Errorf("groups above the ward = %v, %v", groups, err)
		}
		mine, more, err := s.Assignments(ctx, bontot.AssignmentFilter{OfficerID: f.officer.ID, Active: true})
		if err != nil || more || len(mine) != 2 {
			t.Errorf("officer's assignments = %d, %v, %v", len(mine), more, err)
		}
		under, _, err := s.Assignments(ctx, bontot.AssignmentFilter{Under: f.ward.Path})
		if err != nil || len(under) != 1 || under[0].OrgID != f.tdp1.ID {
			t.Errorf("assignments under Trần Phú = %v, %v", under, err)
		}

		// Ending the assignment stops the cover.
		a.To = bontot.MustDate("01/03/2025")
		if err := s.UpdateAssignment(ctx, admin, a); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.OfficerCovers(ctx, f.officer.ID, f.w2cell.Path); got {
			t.Error("an ended assignment still covers the unit")
		}
		entries, _, err := s.AuditEntries(ctx, bontot.AuditFilter{Entity: "assignment", EntityID: a.ID})
		if err != nil || len(entries) != 2 || entries[0].Action != "assignment.update" {
			t.Errorf("audit = %v, %v", entries, err)
		}
	})
}

func TestSponsorVisitWithRecommendations(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := mustSponsors(t, s)
		officer := store.Actor{UserID: f.officer.ID, Username: f.officer.Username}
		v := &bontot.Visit{OrgID: f.w2cell.ID, On: bontot.MustDate("10/03/2025"), Officer: "Nguyễn Thị Lan", Strengths: "Sinh hoạt đúng kỳ.", Shortcomings: "Ít ý kiến phát biểu."}
		recs := []*bontot.Recommendation{
			{Text: "Tăng số ý kiến phát biểu trong sinh hoạt.", Due: bontot.MustDate("10/04/2025")},
			{Text: "Đảng ủy phường hướng dẫn chi bộ xây dựng chuyên đề.", Due: bontot.MustDate("30/06/2025"), OwnerID: f.ward2.ID},
		}
		if err := s.CreateVisit(ctx, officer, v, recs); err != nil {
			t.Fatal(err)
		}
		if v.AssignmentID != f.onW2.ID {
			t.Errorf("visit's assignment = %d, want the officer's %d", v.AssignmentID, f.onW2.ID)
		}
		got, err := s.Visit(ctx, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Recommendations) != 2 || got.Recommendations[0].OwnerID != f.w2cell.ID || got.Recommendations[1].OwnerName != f.ward2.Name ||
			got.Recommendations[0].Status != bontot.RecOpen || got.GroupName != f.group.Name || got.RecommendationCount != 2 {
			t.Errorf("visit = %+v, recommendations %+v", got, got.Recommendations)
		}
		a, _ := s.Assignment(ctx, f.onW2.ID)
		if a.LastVisit != v.On || a.NextDue != bontot.MustDate("08/06/2025") || a.OpenRecommendations != 1 {
			t.Errorf("after the visit: last %s, next %s, open %d", a.LastVisit, a.NextDue, a.OpenRecommendations)
		}
		list, err := s.VisitsOf(ctx, f.w2cell.ID, 2025)
		if err != nil || len(list) != 1 || list[0].ID != v.ID {
			t.Errorf("VisitsOf 2025 = %v, %v", list, err)
		}
		if list, _ := s.VisitsOf(ctx, f.w2cell.ID, 2024); len(list) != 0 {
			t.Errorf("VisitsOf 2024 = %v", list)
		}

		// Mistakes are shown per field; nothing is saved.
		bad := &bontot.Visit{OrgID: f.w2cell.ID, On: bontot.MustDate("20/03/2025"), Officer: "Lan"}
		err = s.CreateVisit(ctx, officer, bad, []*bontot.Recommendation{{Text: "", Due: bontot.MustDate("01/05/2025")}})
		var e *bontot.Error
		if !asError(err, &e) || e.Fields["on"] == "" || e.Fields["strengths"] == "" || e.Fields["rec0_text"] == "" {
			t.Errorf("invalid visit: %v", err)
		}
		bad = &bontot.Visit{OrgID: f.w2cell.ID, On: bontot.MustDate("14/03/2025"), Officer: "Lan", Strengths: "Tốt"}
		err = s.CreateVisit(ctx, officer, bad, []*bontot.Recommendation{{Text: "Việc", Due: bontot.MustDate("01/05/2025"), OwnerID: f.tdp1.ID}})
		if !asError(err, &e) || e.Fields["rec0_owner"] == "" {
			t.Errorf("owner unrelated to the visited unit: %v", err)
		}
		err = s.CreateVisit(ctx, officer, bad, []*bontot.Recommendation{{Text: "Việc", Due: bontot.MustDate("13/03/2025")}})
		if !asError(err, &e) || e.Fields["rec0_due"] == "" {
			t.Errorf("due before the visit: %v", err)
		}
		if list, _ := s.VisitsOf(ctx, f.w2cell.ID, 2025); len(list) != 1 {
			t.Errorf("a refused visit was saved: %d visits", len(list))
		}
		if err := s.CreateVisit(ctx, officer, &bontot.Visit{OrgID: f.w2cell.ID, On: v.On, Officer: "Lan", Strengths: "Tốt", MeetingID: 99}, nil); bontot.ErrorCode(err) != bontot.EINVALID {
			t.Errorf("visit naming a meeting that is not the unit's: %v", err)
		}

		// A visit to a cell counts for an assignment of the ward above it.
		wa, err := s.CreateAssignments(ctx, admin, &bontot.Assignment{GroupID: f.group.ID, CadenceDays: 180, From: bontot.MustDate("01/01/2025")}, []int64{f.ward2.ID})
		if err != nil {
			t.Fatal(err)
		}
		if wa[0].LastVisit != v.On || wa[0].OpenRecommendations != 2 {
			t.Errorf("ward assignment: last visit %s, open %d", wa[0].LastVisit, wa[0].OpenRecommendations)
		}

		// Editing the visit's date moves the next due date.
		got.On = bontot.MustDate("12/03/2025")
		if err := s.UpdateVisit(ctx, officer, got); err != nil {
			t.Fatal(err)
		}
		if a, _ := s.Assignment(ctx, f.onW2.ID); a.LastVisit != got.On {
			t.Errorf("after the edit: last visit %s", a.LastVisit)
		}
		entries, _, _ := s.AuditEntries(ctx, bontot.AuditFilter{Entity: "visit", EntityID: v.ID})
		if len(entries) != 2 || entries[1].Action != "visit.create" || !strings.Contains(entries[1].Summary, "2 kiến nghị") {
			t.Errorf("audit = %+v", entries)
		}
	})
}

func TestRecommendationStatusAndFacts(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := mustSponsors(t, s)
		officer := store.Actor{UserID: f.officer.ID, Username: f.officer.Username}
		secretary := store.Actor{Username: "bithu"}
		v := &bontot.Visit{OrgID: f.w2cell.ID, On: bontot.MustDate("10/03/2025"), Officer: "Lan", Strengths: "Tốt"}
		recs := []*bontot.Recommendation{
			{Text: "Một", Due: bontot.MustDate("10/04/2025")},
			{Text: "Hai", Due: bontot.MustDate("10/05/2025")},
			{Text: "Ba", Due: bontot.MustDate("10/01/2026")},
		}
		if err := s.CreateVisit(ctx, officer, v, recs); err != nil {
			t.Fatal(err)
		}
		r := recs[0]
		if err := s.ChangeRecommendation(ctx, secretary, r.ID, bontot.RecChange{To: bontot.RecInProgress, Note: "Chi ủy đã phân công."}); err != nil {
			t.Fatal(err)
		}
		err := s.ChangeRecommendation(ctx, secretary, r.ID, bontot.RecChange{To: bontot.RecResolved})
		var e *bontot.Error
		if !asError(err, &e) || e.Fields["resolution"] == "" || e.Fields["resolved_on"] == "" {
			t.Errorf("resolving without evidence: %v", err)
		}
		if err := s.ChangeRecommendation(ctx, secretary, r.ID, bontot.RecChange{To: bontot.RecResolved, ResolvedOn: bontot.MustDate("16/03/2025"), Resolution: "x"}); bontot.ErrorCode(err) != bontot.EINVALID {
			t.Errorf("resolved in the future: %v", err)
		}
		if err := s.ChangeRecommendation(ctx, secretary, r.ID, bontot.RecChange{To: bontot.RecInProgress}); bontot.ErrorCode(err) != bontot.EINVALID {
			t.Errorf("a change that changes nothing: %v", err)
		}
		if err := s.ChangeRecommendation(ctx, secretary, r.ID, bontot.RecChange{To: bontot.RecResolved, ResolvedOn: bontot.MustDate("14/03/2025"),
			Resolution: "Biên bản sinh hoạt tháng 3: 7 ý kiến phát biểu."}); err != nil {
			t.Fatal(err)
		}
		got, _ := s.Recommendation(ctx, r.ID)
		if got.Status != bontot.RecResolved || got.ResolvedOn != bontot.MustDate("14/03/2025") || !got.OnTime() || got.SourceOrgName != f.w2cell.Name || got.SourceOn != v.On {
			t.Errorf("resolved = %+v", got)
		}
		events, err := s.RecommendationEvents(ctx, r.ID)
		if err != nil || len(events) != 3 || events[0].To != bontot.RecOpen || events[1].Note != "Chi ủy đã phân công." ||
			events[2].From != bontot.RecInProgress || !strings.Contains(events[2].Note, "Biên bản") || events[2].Username != "bithu" {
			t.Errorf("events = %+v, %v", events, err)
		}

		// The second is resolved late, the third falls due next year.
		s.Now = func() time.Time { return time.Date(2025, 6, 1, 3, 0, 0, 0, time.UTC) }
		if err := s.ChangeRecommendation(ctx, secretary, recs[1].ID, bontot.RecChange{To: bontot.RecResolved, ResolvedOn: bontot.MustDate("20/05/2025"), Resolution: "Xong"}); err != nil {
			t.Fatal(err)
		}
		total, onTime, err := s.RecommendationFacts(ctx, f.w2cell.ID, 2025)
		if err != nil || total != 2 || onTime != 1 {
			t.Errorf("facts 2025 = %d, %d, %v; want 2, 1", total, onTime, err)
		}
		if total, onTime, _ := s.RecommendationFacts(ctx, f.w2cell.ID, 2026); total != 1 || onTime != 0 {
			t.Errorf("facts 2026 = %d, %d", total, onTime)
		}

		// Reviewed at a later visit: the sponsor notes the open one.
		v2 := &bontot.Visit{OrgID: f.w2cell.ID, On: bontot.MustDate("01/06/2025"), Officer: "Lan", Strengths: "Đã khắc phục."}
		if err := s.CreateVisit(ctx, officer, v2, nil); err != nil {
			t.Fatal(err)
		}
		open, err := s.OpenRecommendationsAt(ctx, f.w2cell.ID)
		if err != nil || len(open) != 1 || open[0].ID != recs[2].ID {
			t.Fatalf("open at the later visit = %v, %v", open, err)
		}
		err = s.ReviewRecommendations(ctx, officer, v2.ID, map[int64]bontot.RecChange{recs[2].ID: {To: bontot.RecInProgress}, recs[0].ID: {To: bontot.RecOpen}})
		if bontot.ErrorCode(err) != bontot.EINVALID {
			t.Errorf("reviewing a resolved recommendation: %v", err)
		}
		if err := s.ReviewRecommendations(ctx, officer, v2.ID, map[int64]bontot.RecChange{recs[2].ID: {To: bontot.RecInProgress, Note: "Đang làm"}}); err != nil {
			t.Fatal(err)
		}
		events, _ = s.RecommendationEvents(ctx, recs[2].ID)
		if last := events[len(events)-1]; last.VisitID != v2.ID || last.To != bontot.RecInProgress {
			t.Errorf("review event = %+v", last)
		}

		list, more, err := s.Recommendations(ctx, bontot.RecommendationFilter{Under: f.ward2.Path, Status: bontot.RecResolved})
		if err != nil || more || len(list) != 2 {
			t.Errorf("resolved under the ward = %d, %v", len(list), err)
		}
		if list, _, _ := s.Recommendations(ctx, bontot.RecommendationFilter{OwnerID: f.w2cell.ID, Open: true}); len(list) != 1 {
			t.Errorf("open of the cell = %d", len(list))
		}
		if list, _, _ := s.Recommendations(ctx, bontot.RecommendationFilter{Under: f.ward.Path}); len(list) != 0 {
			t.Errorf("another ward sees %d recommendations", len(list))
		}
	})
}

func TestSponsorCoverage(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := mustSponsors(t, s)
		officer := store.Actor{UserID: f.officer.ID, Username: f.officer.Username}
		v := &bontot.Visit{OrgID: f.w2cell.ID, On: bontot.MustDate("10/03/2025"), Officer: "Lan", Strengths: "Tốt"}
		rec := &bontot.Recommendation{Text: "Bổ sung sổ ghi biên bản.", Due: bontot.MustDate("10/04/2025")}
		if err := s.CreateVisit(ctx, officer, v, []*bontot.Recommendation{rec}); err != nil {
			t.Fatal(err)
		}
		c, err := s.Coverage(ctx, f.city.Path, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.NeverVisited) != 1 || c.NeverVisited[0].OrgID != f.tdp1.ID || len(c.VisitsOverdue) != 0 || len(c.RecommendationsOverdue) != 0 {
			t.Errorf("coverage on 15/03 = never %v, late visits %v, late recommendations %v", c.NeverVisited, c.VisitsOverdue, c.RecommendationsOverdue)
		}
		// Ninety days after the start TDP 1 is late; after the due date the recommendation is.
		s.Now = func() time.Time { return time.Date(2025, 4, 20, 3, 0, 0, 0, time.UTC) }
		c, err = s.Coverage(ctx, f.city.Path, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(c.VisitsOverdue) != 1 || c.VisitsOverdue[0].OrgID != f.tdp1.ID || c.VisitsOverdue[0].DaysLate(c.Today) != 19 {
			t.Errorf("late visits on 20/04 = %v", c.VisitsOverdue)
		}
		if len(c.RecommendationsOverdue) != 1 || c.RecommendationsOverdue[0].ID != rec.ID || c.RecommendationsOverdue[0].DaysLate(c.Today) != 10 {
			t.Errorf("late recommendations on 20/04 = %v", c.RecommendationsOverdue)
		}
		s.Now = func() time.Time { return time.Date(2025, 7, 1, 3, 0, 0, 0, time.UTC) }
		c, _ = s.Coverage(ctx, f.city.Path, 1)
		if len(c.VisitsOverdue) != 1 || !c.MoreVisits || c.MoreNever {
			t.Errorf("capped at one: %d late visits, more %v, more never %v", len(c.VisitsOverdue), c.MoreVisits, c.MoreNever)
		}
		// Each ward sees its own units only.
		c, _ = s.Coverage(ctx, f.ward.Path, 0)
		if len(c.NeverVisited) != 1 || len(c.VisitsOverdue) != 1 || len(c.RecommendationsOverdue) != 0 {
			t.Errorf("Trần Phú: %d never, %d late, %d recommendations", len(c.NeverVisited), len(c.VisitsOverdue), len(c.RecommendationsOverdue))
		}

		// Moving TDP 2 under Trần Phú carries its assignment, visit and recommendation along.
		if err := s.ReparentOrg(ctx, admin, f.w2cell.ID, f.ward.ID, bontot.MustDate("01/06/2025"), ""); err != nil {
			t.Fatal(err)
		}
		c, _ = s.Coverage(ctx, f.ward.Path, 0)
		if len(c.VisitsOverdue) != 2 || len(c.RecommendationsOverdue) != 1 || !strings.HasPrefix(c.RecommendationsOverdue[0].OwnerPath, f.ward.Path) {
			t.Errorf("after the move: %d late visits, %v", len(c.VisitsOverdue), c.RecommendationsOverdue)
		}
		if c, _ := s.Coverage(ctx, f.ward2.Path, 0); len(c.VisitsOverdue)+len(c.RecommendationsOverdue) != 0 {
			t.Errorf("the old ward still sees the moved cell")
		}
		if list, _ := s.RecentVisits(ctx, f.ward.Path, 0); len(list) != 1 {
			t.Errorf("visits under the new ward = %d", len(list))
		}
	})
}

func TestInspectionPlanFindings(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := mustSponsors(t, s)
		p := &bontot.InspectionPlan{OrgID: f.city.ID, Name: "Kế hoạch kiểm tra số 05-KH/UBKT", Kind: bontot.KindInspection,
			From: bontot.MustDate("01/03/2025"), To: bontot.MustDate("30/04/2025"), Content: "Kiểm tra việc thực hiện chế độ sinh hoạt chi bộ.",
			SubjectIDs: []int64{f.ward2.ID, f.tdp1.ID}}
		if err := s.CreateInspectionPlan(ctx, admin, p); err != nil {
			t.Fatal(err)
		}
		bad := &bontot.InspectionPlan{OrgID: f.ward.ID, Name: "KH", Kind: bontot.KindSupervision, From: p.From, To: p.To, Content: "x", SubjectIDs: []int64{f.w2cell.ID}}
		if err := s.CreateInspectionPlan(ctx, admin, bad); bontot.ErrorCode(err) != bontot.EINVALID {
			t.Errorf("subject outside the committee: %v", err)
		}
		fd := &bontot.Finding{PlanID: p.ID, OrgID: f.w2cell.ID, On: bontot.MustDate("10/03/2025"), Findings: "Sổ biên bản ghi chưa đầy đủ.", Conclusion: "Cơ bản thực hiện tốt."}
		follow := []*bontot.Recommendation{{Text: "Ghi biên bản đầy đủ theo hướng dẫn.", Due: bontot.MustDate("30/04/2025")}}
		if err := s.CreateFinding(ctx, admin, fd, follow); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateFinding(ctx, admin, &bontot.Finding{PlanID: p.ID, OrgID: f.tdp4.ID, On: fd.On, Findings: "x", Conclusion: "y"}, nil); bontot.ErrorCode(err) != bontot.EINVALID {
			t.Errorf("finding at a unit that is not a subject: %v", err)
		}
		got, err := s.Finding(ctx, fd.ID)
		if err != nil || len(got.FollowUps) != 1 || got.FollowUps[0].Source != bontot.SourceInspection || got.FollowUps[0].OwnerID != f.w2cell.ID || got.PlanName != p.Name {
			t.Errorf("finding = %+v, %v", got, err)
		}
		plan, err := s.InspectionPlan(ctx, p.ID)
		if err != nil || len(plan.Subjects) != 2 || plan.Subjects[1].OrgID != f.ward2.ID || plan.FindingCount != 1 || plan.Subjects[1].Findings != 0 {
			t.Errorf("plan = %+v, %v", plan, err)
		}
		// The ward sees the city's plan because it is a subject.
		plans, _, err := s.InspectionPlans(ctx, f.ward2.Path, 0, 0)
		if err != nil || len(plans) != 1 || plans[0].SubjectCount != 2 {
			t.Errorf("plans seen by Nguyễn Du = %v, %v", plans, err)
		}
		if plans, _, _ := s.InspectionPlans(ctx, f.tdp4.Path, 0, 0); len(plans) != 0 {
			t.Errorf("TDP 4 sees %d plans", len(plans))
		}
		if list, _ := s.Findings(ctx, p.ID, f.ward.Path); len(list) != 0 {
			t.Errorf("Trần Phú sees %d findings of Nguyễn Du", len(list))
		}
		if list, _ := s.FindingsOf(ctx, f.w2cell.ID); len(list) != 1 {
			t.Errorf("findings of the cell = %d", len(list))
		}
		// Follow-up items are recommendations: late ones show in coverage.
		s.Now = func() time.Time { return time.Date(2025, 5, 2, 3, 0, 0, 0, time.UTC) }
		c, _ := s.Coverage(ctx, f.ward2.Path, 0)
		if len(c.RecommendationsOverdue) != 1 || c.RecommendationsOverdue[0].FindingID != fd.ID {
			t.Errorf("late follow-up items = %v", c.RecommendationsOverdue)
		}
		plan.Name, plan.SubjectIDs = "Kế hoạch kiểm tra số 05-KH/UBKT (bổ sung)", []int64{f.tdp4.ID}
		if err := s.UpdateInspectionPlan(ctx, admin, plan); err != nil {
			t.Fatal(err)
		}
		if plan, _ := s.InspectionPlan(ctx, p.ID); len(plan.Subjects) != 3 {
			t.Errorf("subjects after adding one = %d", len(plan.Subjects))
		}
	})
}

func TestVisitMeetingRecords(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := mustSponsors(t, s)
		var n int
		q := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'meetings'`
		if s.Engine() == store.Postgres {
			q = `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'meetings'`
		}
		if err := s.DB().QueryRow(q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		insert := `INSERT INTO meetings (id, org_id, held_on, kind) VALUES (7, ` + itoa(f.w2cell.ID) + `, '2025-03-05', 'regular'), (8, ` + itoa(f.tdp1.ID) + `, '2025-03-06', 'regular')`
		if n == 0 {
			if list, err := s.RecentMeetings(ctx, f.w2cell.ID); err != nil || len(list) != 0 {
				t.Fatalf("without meeting records: %v, %v", list, err)
			}
			// A stand-in for the meeting records, with the columns a visit reads.
			if _, err := s.DB().Exec(`CREATE TABLE meetings (id INTEGER PRIMARY KEY, org_id INTEGER NOT NULL, held_on DATE NOT NULL, kind TEXT NOT NULL)`); err != nil {
				t.Fatal(err)
			}
		} else {
			// The meeting records exist: fill the columns a record needs.
			insert = meetingInsert(t, s, [][2]any{{int64(7), f.w2cell.ID}, {int64(8), f.tdp1.ID}}, "2025-03-05")
		}
		if _, err := s.DB().Exec(insert); err != nil {
			t.Skipf("cannot write a meeting record by hand (%v); the meeting records' own tests cover them", err)
		}
		list, err := s.RecentMeetings(ctx, f.w2cell.ID)
		if err != nil || len(list) != 1 || list[0].ID != 7 || list[0].On != bontot.MustDate("05/03/2025") {
			t.Fatalf("meetings = %v, %v", list, err)
		}
		v := &bontot.Visit{OrgID: f.w2cell.ID, On: bontot.MustDate("05/03/2025"), Officer: "Lan", Strengths: "Tốt", MeetingID: 8}
		if err := s.CreateVisit(ctx, admin, v, nil); bontot.ErrorCode(err) != bontot.EINVALID {
			t.Errorf("another unit's meeting: %v", err)
		}
		v.MeetingID = 7
		if err := s.CreateVisit(ctx, admin, v, nil); err != nil {
			t.Fatal(err)
		}
		got, _ := s.Visit(ctx, v.ID)
		if got.MeetingID != 7 {
			t.Errorf("meeting = %d", got.MeetingID)
		}
		// Unlinking the meeting is audited with the meeting it was.
		got.MeetingID = 0
		if err := s.UpdateVisit(ctx, admin, got); err != nil {
			t.Fatal(err)
		}
		entries, _, _ := s.AuditEntries(ctx, bontot.AuditFilter{Entity: "visit", EntityID: v.ID, Action: "visit.update"})
		var change string
		if len(entries) == 1 {
			for _, c := range entries[0].Changes {
				if c.Field == "Dự buổi sinh hoạt" {
					change = c.Old + " → " + c.New
				}
			}
		}
		if want := "Sinh hoạt định kỳ ngày 05/03/2025 → "; change != want {
			t.Errorf("audited meeting change %q, want %q", change, want)
		}
	})
}

// meetingInsert writes an INSERT of meetings (id, org) on date into the
// meeting records, whatever their other columns: each required column
// without a default gets a plain value of its type.
func meetingInsert(t *testing.T, s *store.Store, rows [][2]any, date string) string {
	q := `SELECT name, type FROM pragma_table_info('meetings') WHERE "notnull" = 1 AND dflt_value IS NULL AND pk = 0`
	if s.Engine() == store.Postgres {
		q = `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'meetings'
			AND is_nullable = 'NO' AND column_default IS NULL AND column_name <> 'id'`
	}
	rs, err := s.DB().Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	known := map[string]string{"held_on": "'" + date + "'", "kind": "'regular'", "start_time": "'19:30'", "end_time": "'21:00'", "minutes": "90", "grade": "'poor'"}
	cols, vals := []string{"id", "org_id"}, []string{}
	for rs.Next() {
		var name, typ string
		if err := rs.Scan(&name, &typ); err != nil {
			t.Fatal(err)
		}
		if name == "org_id" {
			continue
		}
		v, ok := known[name]
		typ = strings.ToUpper(typ)
		switch {
		case ok:
		case strings.Contains(typ, "BOOL"):
			v = "FALSE"
		case strings.Contains(typ, "INT"), strings.Contains(typ, "NUMERIC"):
			v = "0"
		case strings.Contains(typ, "TIMESTAMP"):
			v = "'" + date + " 00:00:00'"
		case strings.Contains(typ, "DATE"):
			v = "'" + date + "'"
		default:
			v = "''"
		}
		cols, vals = append(cols, name), append(vals, v)
	}
	var rows2 []string
	for _, r := range rows {
		rows2 = append(rows2, "("+fmt.Sprint(r[0])+", "+fmt.Sprint(r[1])+joinVals(vals)+")")
	}
	return "INSERT INTO meetings (" + strings.Join(cols, ", ") + ") VALUES " + strings.Join(rows2, ", ")
}

func joinVals(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return ", " + strings.Join(v, ", ")
}
