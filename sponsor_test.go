package bontot

import "testing"

func TestAssignmentDueDates(t *testing.T) {
	a := &Assignment{CadenceDays: 90, From: MustDate("01/01/2025")}
	if got, want := a.DueAfter(Date{}), MustDate("01/04/2025"); got != want {
		t.Errorf("first due = %s, want %s", got, want)
	}
	a.NextDue = a.DueAfter(MustDate("10/03/2025"))
	if got, want := a.NextDue, MustDate("08/06/2025"); got != want {
		t.Errorf("due after a visit = %s, want %s", got, want)
	}
	for _, c := range []struct {
		day  string
		late int
	}{{"08/06/2025", 0}, {"09/06/2025", 1}, {"08/07/2025", 30}} {
		if got := a.DaysLate(MustDate(c.day)); got != c.late {
			t.Errorf("days late on %s = %d, want %d", c.day, got, c.late)
		}
	}
	a.To = MustDate("30/06/2025")
	if a.Overdue(MustDate("01/07/2025")) {
		t.Error("an ended assignment is overdue")
	}
}

func TestRecommendationOnTime(t *testing.T) {
	r := &Recommendation{Due: MustDate("10/04/2025"), Status: RecInProgress}
	if !r.Overdue(MustDate("11/04/2025")) || r.Overdue(MustDate("10/04/2025")) || r.DaysLate(MustDate("20/04/2025")) != 10 {
		t.Error("overdue is the day after the due date")
	}
	r.Status, r.ResolvedOn = RecResolved, MustDate("10/04/2025")
	if !r.OnTime() || r.Overdue(MustDate("01/05/2025")) {
		t.Error("resolved on the due date is on time, and never late")
	}
	r.ResolvedOn = MustDate("11/04/2025")
	if r.OnTime() {
		t.Error("resolved after the due date is not on time")
	}
}

func TestSponsorAuditLabels(t *testing.T) {
	for _, a := range []string{"sponsor_group.create", "sponsor_group.update", "assignment.create", "assignment.update", "visit.create", "visit.update",
		"recommendation.status", "inspection.plan", "inspection.plan_update", "inspection.finding", "inspection.finding_update", "sponsors.export"} {
		if AuditActions[a] == "" {
			t.Errorf("no label for %s", a)
		}
	}
}
