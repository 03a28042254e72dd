package store_test

import (
	"context"
	"strings"
	"testing"

	"bontot"
	"bontot/store"
)

// mustAudited fails unless the newest audit entry of the record is the action.
func mustAudited(t *testing.T, s *store.Store, entity string, id int64, action string) {
	t.Helper()
	entries, _, err := s.AuditEntries(context.Background(), bontot.AuditFilter{Entity: entity, EntityID: id})
	if err != nil || len(entries) == 0 || entries[0].Action != action {
		t.Errorf("%s %d: audit %+v, %v; want %s first", entity, id, entries, err, action)
	}
}

// mustRefused fails unless err is a conflict whose message says want.
func mustRefused(t *testing.T, what string, err error, want string) {
	t.Helper()
	if bontot.ErrorCode(err) != bontot.ECONFLICT || !strings.Contains(bontot.ErrorMessage(err), want) {
		t.Errorf("%s: %v, want a conflict saying %q", what, err, want)
	}
}

func TestDeleteVisit(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := mustSponsors(t, s)
		officer := store.Actor{UserID: f.officer.ID, Username: f.officer.Username}
		visit := func(day string, recs ...*bontot.Recommendation) *bontot.Visit {
			v := &bontot.Visit{OrgID: f.w2cell.ID, On: bontot.MustDate(day), Officer: "Lan", Strengths: "Tốt"}
			if err := s.CreateVisit(ctx, officer, v, recs); err != nil {
				t.Fatal(err)
			}
			return v
		}
		first := visit("01/03/2025", &bontot.Recommendation{Text: "Một", Due: bontot.MustDate("01/04/2025")})
		second := visit("10/03/2025", &bontot.Recommendation{Text: "Hai", Due: bontot.MustDate("10/04/2025")})
		if err := s.DeleteRefusal(ctx, store.EntityVisit, second.ID); err != nil {
			t.Errorf("a visit whose recommendation was never followed: %v", err)
		}

		// Reviewing the first visit's recommendation at the second ties both.
		if err := s.ReviewRecommendations(ctx, officer, second.ID, map[int64]bontot.RecChange{first.Recommendations[0].ID: {To: bontot.RecInProgress}}); err != nil {
			t.Fatal(err)
		}
		mustRefused(t, "the visit whose recommendation was followed", s.DeleteVisit(ctx, officer, first.ID), "đã được theo dõi")
		mustRefused(t, "the visit where another was reviewed", s.DeleteVisit(ctx, officer, second.ID), "đã ghi nhận tình hình")
		mustRefused(t, "DeleteRefusal", s.DeleteRefusal(ctx, store.EntityVisit, second.ID), "đã ghi nhận tình hình")

		// A visit logged by mistake goes with its recommendations; the
		// assignment's last visit falls back to the one before.
		third := visit("14/03/2025", &bontot.Recommendation{Text: "Ba", Due: bontot.MustDate("14/04/2025")})
		if a, _ := s.Assignment(ctx, f.onW2.ID); a.LastVisit != third.On {
			t.Fatalf("last visit = %s", a.LastVisit)
		}
		if err := s.DeleteVisit(ctx, officer, third.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Visit(ctx, third.ID); bontot.ErrorCode(err) != bontot.ENOTFOUND {
			t.Errorf("deleted visit: %v", err)
		}
		if _, err := s.Recommendation(ctx, third.Recommendations[0].ID); bontot.ErrorCode(err) != bontot.ENOTFOUND {
			t.Errorf("its recommendation: %v", err)
		}
		if a, _ := s.Assignment(ctx, f.onW2.ID); a.LastVisit != second.On {
			t.Errorf("last visit after the delete = %s, want %s", a.LastVisit, second.On)
		}
		mustAudited(t, s, "visit", third.ID, "visit.delete")
		if err := s.DeleteVisit(ctx, officer, third.ID); bontot.ErrorCode(err) != bontot.ENOTFOUND {
			t.Errorf("deleting twice: %v", err)
		}
	})
}

func TestDeleteGroupAndAssignment(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := mustSponsors(t, s)
		mustRefused(t, "a group with assignments", s.DeleteSponsorGroup(ctx, admin, f.group.ID), "2 đơn vị")
		v := &bontot.Visit{OrgID: f.w2cell.ID, AssignmentID: f.onW2.ID, On: bontot.MustDate("01/03/2025"), Officer: "Lan", Strengths: "Tốt"}
		if err := s.CreateVisit(ctx, admin, v, nil); err != nil {
			t.Fatal(err)
		}
		mustRefused(t, "an assignment with a visit", s.DeleteAssignment(ctx, admin, f.onW2.ID), "kết thúc phân công")
		if err := s.DeleteAssignment(ctx, admin, f.onTDP.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Assignment(ctx, f.onTDP.ID); bontot.ErrorCode(err) != bontot.ENOTFOUND {
			t.Errorf("deleted assignment: %v", err)
		}
		mustAudited(t, s, "assignment", f.onTDP.ID, "assignment.delete")
		mustRefused(t, "the group still in charge of one unit", s.DeleteRefusal(ctx, store.EntitySponsorGroup, f.group.ID), "1 đơn vị")

		g := &bontot.SponsorGroup{OrgID: f.city.ID, Name: "Đoàn công tác số 3", Kind: bontot.GroupWorking}
		if err := s.CreateSponsorGroup(ctx, admin, g); err != nil {
			t.Fatal(err)
		}
		g.Name = "Đoàn công tác số 4"
		if err := s.UpdateSponsorGroup(ctx, admin, g); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteSponsorGroup(ctx, admin, g.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SponsorGroup(ctx, g.ID); bontot.ErrorCode(err) != bontot.ENOTFOUND {
			t.Errorf("deleted group: %v", err)
		}
		mustAudited(t, s, "sponsor_group", g.ID, "sponsor_group.delete")
	})
}

func TestDeletePlanAndFinding(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := mustSponsors(t, s)
		p := &bontot.InspectionPlan{OrgID: f.city.ID, Name: "Kế hoạch giám sát số 07-KH/UBKT", Kind: bontot.KindSupervision,
			From: bontot.MustDate("01/03/2025"), To: bontot.MustDate("30/04/2025"), Content: "Giám sát chất lượng sinh hoạt chi bộ.",
			SubjectIDs: []int64{f.ward2.ID, f.tdp1.ID, f.tdp4.ID}}
		if err := s.CreateInspectionPlan(ctx, admin, p); err != nil {
			t.Fatal(err)
		}
		finding := func(org *bontot.Org) (*bontot.Finding, *bontot.Recommendation) {
			fd := &bontot.Finding{PlanID: p.ID, OrgID: org.ID, On: bontot.MustDate("10/03/2025"), Findings: "Biên bản chưa đủ.", Conclusion: "Đạt yêu cầu."}
			item := &bontot.Recommendation{Text: "Ghi biên bản đầy đủ.", Due: bontot.MustDate("30/04/2025")}
			if err := s.CreateFinding(ctx, admin, fd, []*bontot.Recommendation{item}); err != nil {
				t.Fatal(err)
			}
			return fd, item
		}
		followed, item := finding(f.w2cell)
		if err := s.ChangeRecommendation(ctx, admin, item.ID, bontot.RecChange{To: bontot.RecInProgress, Note: "Đang khắc phục."}); err != nil {
			t.Fatal(err)
		}
		mistaken, mistakenItem := finding(f.tdp1)

		// Subjects: one with a finding below it stays; another may go.
		p.SubjectIDs, p.DropSubjectIDs = nil, []int64{f.ward2.ID}
		var e *bontot.Error
		if err := s.UpdateInspectionPlan(ctx, admin, p); !asError(err, &e) || !strings.Contains(e.Fields["subjects"], "Nguyễn Du") {
			t.Errorf("dropping a subject with findings: %v", err)
		}
		p.DropSubjectIDs = []int64{f.tdp4.ID}
		if err := s.UpdateInspectionPlan(ctx, admin, p); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.InspectionPlan(ctx, p.ID); len(got.Subjects) != 2 {
			t.Errorf("subjects after dropping one = %+v", got.Subjects)
		}

		mustRefused(t, "a plan with findings", s.DeleteInspectionPlan(ctx, admin, p.ID), "2 kết luận")
		mustRefused(t, "a finding whose item was followed", s.DeleteFinding(ctx, admin, followed.ID), "đã được theo dõi")
		if err := s.DeleteFinding(ctx, admin, mistaken.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Recommendation(ctx, mistakenItem.ID); bontot.ErrorCode(err) != bontot.ENOTFOUND {
			t.Errorf("the deleted finding's item: %v", err)
		}
		mustAudited(t, s, "inspection_finding", mistaken.ID, "inspection.finding_delete")

		empty := &bontot.InspectionPlan{OrgID: f.city.ID, Name: "Kế hoạch kiểm tra số 08-KH/UBKT", Kind: bontot.KindInspection,
			From: p.From, To: p.To, Content: "Kiểm tra.", SubjectIDs: []int64{f.tdp4.ID}}
		if err := s.CreateInspectionPlan(ctx, admin, empty); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteRefusal(ctx, store.EntityInspectionPlan, empty.ID); err != nil {
			t.Errorf("a plan without findings: %v", err)
		}
		if err := s.DeleteInspectionPlan(ctx, admin, empty.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.InspectionPlan(ctx, empty.ID); bontot.ErrorCode(err) != bontot.ENOTFOUND {
			t.Errorf("deleted plan: %v", err)
		}
		mustAudited(t, s, "inspection_plan", empty.ID, "inspection.plan_delete")
	})
}
