package web

import (
	"encoding/json"
	"net/http"
	"strconv"

	"bontot"
	"bontot/scoring"
)

// The cell meetings in the JSON API, read-only: the same scope checks as
// /meetings and /meetings/{id} (the cell readable), the same figures.

// apiYear reads ?year= as the meeting pages accept it: from 2000 to this
// year, this year when absent. Unlike the pages, a bad year is an error
// rather than silently the current one, so that a script notices.
func (s *Server) apiYear(r *http.Request) (int, error) {
	now := s.store.Today().Year()
	raw := r.FormValue("year")
	if raw == "" {
		return now, nil
	}
	y, err := strconv.Atoi(raw)
	if err != nil || y < 2000 || y > now {
		msg := "Năm “" + raw + "” không hợp lệ: hãy nhập một năm từ 2000 đến " + strconv.Itoa(now) + "."
		return 0, &bontot.Error{Code: bontot.EINVALID, Message: msg, Fields: map[string]string{"year": msg}}
	}
	return y, nil
}

// attendanceCountsJSON is who was on a meeting's roll, by counted status.
type attendanceCountsJSON struct {
	RollSize  int `json:"roll_size"`
	Present   int `json:"present"`
	Excused   int `json:"excused"`
	Unexcused int `json:"unexcused"`
	Exempt    int `json:"exempt"`
}

// meetingJSON is a meeting in a list: its record without the roll.
type meetingJSON struct {
	ID          int64                `json:"id"`
	OrgID       int64                `json:"org_id"`
	OrgName     string               `json:"org_name"`
	Kind        bontot.MeetingKind   `json:"kind"`
	Topic       string               `json:"topic,omitempty"`
	HeldOn      string               `json:"held_on"`
	Start       string               `json:"start_time"`
	End         string               `json:"end_time"`
	Minutes     int                  `json:"minutes"`
	Counts      attendanceCountsJSON `json:"counts"`
	Total       json.Number          `json:"total"`
	Grade       scoring.MeetingGrade `json:"grade"`
	GradeLabel  string               `json:"grade_label"`
	MinutesFile string               `json:"minutes_file,omitempty"`
}

func toMeetingJSON(m *bontot.Meeting) meetingJSON {
	return meetingJSON{ID: m.ID, OrgID: m.OrgID, OrgName: m.OrgName, Kind: m.Kind, Topic: m.Topic, HeldOn: m.HeldOn.ISO(), Start: m.Start, End: m.End,
		Minutes: m.Minutes, Counts: attendanceCountsJSON{RollSize: m.RollSize, Present: m.Present, Excused: m.Excused, Unexcused: m.Unexcused, Exempt: m.Exempt},
		Total: points(m.Total), Grade: m.Grade, GradeLabel: m.Grade.Label(), MinutesFile: m.MinutesFilename}
}

// apiMeetings lists a cell's meetings of a year (?org=&year=) and the months
// whose regular meeting is missing, as the cell's /meetings page shows them.
func (s *Server) apiMeetings(w http.ResponseWriter, r *http.Request) {
	cell, ok := s.orgFor(w, r, bontot.PermReadTree, formID(r, "org"))
	if !ok {
		return
	}
	if !cell.Kind.IsCell() {
		s.apiError(w, r, bontot.Errorf(bontot.EINVALID, "“%s” không phải là chi bộ: chỉ chi bộ có biên bản sinh hoạt.", cell.Name))
		return
	}
	year, err := s.apiYear(r)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	list, err := s.store.Meetings(r.Context(), cell.ID, year)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	missing, err := s.store.MissingMonths(r.Context(), cell.ID, year, s.store.Today())
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := make([]meetingJSON, 0, len(list))
	for _, m := range list {
		out = append(out, toMeetingJSON(m))
	}
	if missing == nil {
		missing = []int{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"org_id": cell.ID, "year": year, "meetings": out, "missing_months": missing})
}

// apiMeeting returns one meeting with its roll and its score sheet, as
// /meetings/{id} shows it. Like that page, reading the roll is not audited.
func (s *Server) apiMeeting(w http.ResponseWriter, r *http.Request) {
	m, ok := s.meetingFor(w, r, bontot.PermReadTree, pathID(r, "id"))
	if !ok {
		return
	}
	type attendeeJSON struct {
		MemberID int64             `json:"member_id"`
		FullName string            `json:"full_name"`
		Status   bontot.Attendance `json:"status"`
		Counted  bontot.Attendance `json:"counted"`
	}
	type sheetItemJSON struct {
		Code     string      `json:"code"`
		Name     string      `json:"name"`
		Max      json.Number `json:"max"`
		Points   json.Number `json:"points"`
		Critical bool        `json:"critical"`
		Typed    bool        `json:"typed"`
		Detail   string      `json:"detail"`
	}
	type sheetJSON struct {
		Items          []sheetItemJSON      `json:"items"`
		Total          json.Number          `json:"total"`
		Grade          scoring.MeetingGrade `json:"grade"`
		CriticalMissed []string             `json:"critical_missed"`
		Decision       string               `json:"decision"`
	}
	out := struct {
		meetingJSON
		Place             string         `json:"place"`
		Chair             string         `json:"chair"`
		MinuteTaker       string         `json:"minute_taker"`
		Guests            string         `json:"guests"`
		AgendaReview      bool           `json:"agenda_review"`
		AgendaInformation bool           `json:"agenda_information"`
		AgendaTasks       bool           `json:"agenda_tasks"`
		AgendaResolution  bool           `json:"agenda_resolution"`
		Speakers          int            `json:"speakers"`
		PraiseCriticism   bool           `json:"praise_criticism"`
		MinutesSigned     bool           `json:"minutes_signed"`
		Resolution        string         `json:"resolution"`
		Attendance        []attendeeJSON `json:"attendance"`
		Sheet             sheetJSON      `json:"sheet"`
	}{meetingJSON: toMeetingJSON(m), Place: m.Place, Chair: m.Chair, MinuteTaker: m.MinuteTaker, Guests: m.Guests,
		AgendaReview: m.AgendaReview, AgendaInformation: m.AgendaInformation, AgendaTasks: m.AgendaTasks, AgendaResolution: m.AgendaResolution,
		Speakers: m.Speakers, PraiseCriticism: m.PraiseCriticism, MinutesSigned: m.MinutesSigned, Resolution: m.Resolution,
		Attendance: []attendeeJSON{}}
	for _, a := range m.Attendees {
		counted := a.Counted
		if counted == "" {
			counted = a.Status
		}
		out.Attendance = append(out.Attendance, attendeeJSON{MemberID: a.MemberID, FullName: a.FullName, Status: a.Status, Counted: counted})
	}
	res := m.Score()
	out.Sheet = sheetJSON{Total: points(res.Total), Grade: res.Grade, CriticalMissed: res.CriticalMissed, Decision: res.Decision}
	if out.Sheet.CriticalMissed == nil {
		out.Sheet.CriticalMissed = []string{}
	}
	for _, it := range res.Items {
		out.Sheet.Items = append(out.Sheet.Items, sheetItemJSON{Code: it.Code, Name: it.Name, Max: points(it.Max), Points: points(it.Points),
			Critical: it.Critical, Typed: it.Typed, Detail: it.Detail})
	}
	writeJSON(w, http.StatusOK, out)
}
