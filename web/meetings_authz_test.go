package web_test

import (
	"context"
	"testing"

	"bontot"
)

// recorders record a cell's meetings: the cell's secretary, its committee, admins.
var recorders = []bontot.Role{bontot.RoleAdmin, bontot.RoleCommittee, bontot.RoleSecretary}

func init() {
	routes = append(routes,
		route{"GET", "/meetings", "", readers, false, false},
		route{"GET", "/meetings?org={cell}&year=2025", "", readers, true, false},
		route{"GET", "/meetings/new?org={cell}", "", recorders, true, false},
		route{"GET", "/meetings/new?org={cell}&kind=thematic", "", recorders, true, false},
		// Incomplete forms: an allowed request gets the form back with messages (422).
		route{"POST", "/meetings", "org={cell}&kind=regular", recorders, true, false},
		route{"GET", "/meetings/{meeting}", "", readers, true, false},
		route{"GET", "/meetings/{meeting}/edit", "", recorders, true, false},
		route{"POST", "/meetings/{meeting}", "held_on=", recorders, true, false},
		// Without the confirmation box nothing is deleted (422).
		route{"POST", "/meetings/{meeting}/delete", "", recorders, true, false},
		route{"GET", "/meetings/{meeting}/minutes", "", readers, true, false},
	)
	morePlaceholders = append(morePlaceholders, meetingPlaceholders)
}

// meetingPlaceholders records one meeting today, with a minutes file, for
// each test cell ({meeting}): the outside cell's only member joined today.
func meetingPlaceholders(tb testing.TB, f *fixture) func(subjects) map[string]int64 {
	byCell := map[int64]int64{}
	date := f.st.Today()
	for _, code := range []string{"HT.TP.TRP.TDP4", "HT.TP.TRP.TDP1", "HT.TP.NDU.TDP1", "XX.C1"} {
		cell := mustOrgCode(tb, f, code)
		m := mustMeetingOn(tb, f, cell, date, nil)
		byCell[cell.ID] = m.ID
	}
	return func(s subjects) map[string]int64 { return map[string]int64{"{meeting}": byCell[s.cell]} }
}

// mustMeetingOn records a regular meeting of cell on date from the
// pre-filled roll (absent: the members not present), scoring 100 when
// everybody came, with a small minutes file.
func mustMeetingOn(tb testing.TB, f *fixture, cell *bontot.Org, date bontot.Date, absent map[int64]bontot.Attendance) *bontot.Meeting {
	tb.Helper()
	ctx := context.Background()
	d, err := f.st.MeetingForm(ctx, cell.ID, date)
	if err != nil {
		tb.Fatal(err)
	}
	m := &bontot.Meeting{OrgID: cell.ID, Kind: bontot.MeetingRegular, HeldOn: date, Place: "Nhà văn hóa", Start: "19:00", End: "21:00",
		Chair: "Lê Văn Hùng", MinuteTaker: "Trần Thị Hà", PraiseCriticism: true, MinutesSigned: true,
		AgendaReview: true, AgendaInformation: true, AgendaTasks: true, AgendaResolution: true,
		Preparation: 1500, Agenda: 1500, Principles: 1000, LastResolution: 500}
	for _, a := range d.Attendees {
		if st, ok := absent[a.MemberID]; ok {
			a.Status = st
		}
		if a.Status == bontot.Present {
			m.Speakers++
		}
		m.Attendees = append(m.Attendees, a)
	}
	file := &bontot.MinutesFile{Filename: "bien-ban.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4")}
	if err := f.st.CreateMeeting(ctx, storeSystem, m, file); err != nil {
		tb.Fatalf("meeting of %s on %s: %v", cell.Code, date, err)
	}
	return m
}
