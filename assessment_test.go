package bontot

import "testing"

func TestWorkflowTransitions(t *testing.T) {
	tests := []struct {
		from Status
		act  Action
		to   Status // "" when the action does not apply
	}{
		{StatusDraft, ActSubmit, StatusSubmitted},
		{StatusReturned, ActSubmit, StatusSubmitted},
		{StatusSubmitted, ActSubmit, ""},
		{StatusSubmitted, ActReview, StatusReviewed},
		{StatusDraft, ActReview, ""},
		{StatusSubmitted, ActReturn, StatusReturned},
		{StatusReviewed, ActReturn, StatusReturned},
		{StatusApproved, ActReturn, ""},
		{StatusReviewed, ActApprove, StatusApproved},
		{StatusSubmitted, ActApprove, ""},
		{StatusApproved, ActRecognise, StatusRecognised},
		{StatusReviewed, ActRecognise, ""},
		{StatusApproved, ActLock, StatusLocked},
		{StatusRecognised, ActLock, StatusLocked},
		{StatusDraft, ActLock, ""},
		{StatusLocked, ActReopen, StatusReturned},
		{StatusRecognised, ActReopen, StatusReturned},
		{StatusReviewed, ActReopen, ""},
	}
	for _, tt := range tests {
		got, ok := tt.from.Next(tt.act)
		if tt.to == "" && ok {
			t.Errorf("%s from %s → %s, want refused", tt.act, tt.from, got)
		}
		if tt.to != "" && (!ok || got != tt.to) {
			t.Errorf("%s from %s → %q (%v), want %s", tt.act, tt.from, got, ok, tt.to)
		}
	}
}

// Every workflow step is written to the audit log under "assessment.<action>":
// each must have a Vietnamese label for the log's filter.
func TestEveryActionHasLabels(t *testing.T) {
	for a := range transitions {
		if a.Label() == "" {
			t.Errorf("action %s has no label", a)
		}
		if AuditActions["assessment."+string(a)] == "" {
			t.Errorf("audit action assessment.%s has no label", a)
		}
	}
	for _, s := range Statuses {
		if s.Label() == "" {
			t.Errorf("status %s has no label", s)
		}
	}
}
