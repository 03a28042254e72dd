package web

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"bontot"
	"bontot/scoring"
)

// meetingRoutes registers the pages of monthly cell meetings.
func (s *Server) meetingRoutes(page func(string, http.HandlerFunc)) {
	page("GET /meetings", s.handleMeetings)
	page("GET /meetings/new", s.handleMeetingNew)
	page("POST /meetings", s.handleMeetingCreate)
	page("GET /meetings/{id}", s.handleMeeting)
	page("GET /meetings/{id}/edit", s.handleMeetingEdit)
	page("POST /meetings/{id}", s.handleMeetingUpdate)
	page("POST /meetings/{id}/delete", s.handleMeetingDelete)
	page("GET /meetings/{id}/minutes", s.handleMeetingMinutes)
}

func init() {
	requiredPages = append(requiredPages, "meetings", "meeting", "meeting_form")
}

// monthLabel writes a month the Vietnamese way: "tháng 3/2025".
func monthLabel(m, year int) string { return fmt.Sprintf("tháng %d/%d", m, year) }

// meetingFor loads a meeting whose cell the user may exercise perm on;
// out of scope answers 404.
func (s *Server) meetingFor(w http.ResponseWriter, r *http.Request, perm bontot.Permission, id int64) (*bontot.Meeting, bool) {
	u := userFrom(r)
	m, err := s.store.Meeting(r.Context(), id)
	if err != nil {
		s.loadFailed(w, r, err)
		return nil, false
	}
	if !u.Can(perm, m.OrgPath) {
		s.refuse(w, r, u.Can(bontot.PermReadTree, m.OrgPath))
		return nil, false
	}
	return m, true
}

// pageYear reads the year of a list, the current one by default.
func (s *Server) pageYear(r *http.Request) int {
	now := s.store.Today().Year()
	if y, err := strconv.Atoi(r.FormValue("year")); err == nil && y >= 2000 && y <= now {
		return y
	}
	return now
}

// yearChoices are the years a list offers: the last five, not before from.
func yearChoices(from bontot.Date, now int) []int {
	first := max(now-4, from.Year())
	var out []int
	for y := now; y >= first; y-- {
		out = append(out, y)
	}
	return out
}

// ---- GET /meetings -------------------------------------------------------

// monthView is one month of a cell's year.
type monthView struct {
	N       int
	State   string // "held", "missing", "open" (not yet due)
	Meeting *bontot.Meeting
}

// meetingsCellData is a cell's meetings of a year.
type meetingsCellData struct {
	Cell      *bontot.Org
	Parent    *bontot.Org // for the link back to the committee's list, when visible
	Year      int
	Years     []int
	Meetings  []*bontot.Meeting
	Months    []monthView
	Missing   []int
	Thematic  int
	CanRecord bool
	Frozen    string // why the year's meetings can no longer change
	// NewLabel and NewDate: the big button for this month's regular meeting (empty when recorded).
	NewLabel, NewDate string
	Today             bontot.Date
}

// meetingsPage is the list page: one cell's year, or the cells of a subtree.
type meetingsPage struct {
	Cell *meetingsCellData
	Tree *meetingsTreeData
}

// meetingsTreeData is the cells of a subtree with their meetings of a year.
type meetingsTreeData struct {
	Scope    *bontot.Org
	Year     int
	Years    []int
	Stats    []*bontot.MeetingStat
	More     bool
	Children []*bontot.Org
	Cells    int // cells listed
	Late     int // of which with missing months
	Regular  int
	Thematic int
	Average  scoring.Points // of the regular meetings listed
}

func (s *Server) handleMeetings(w http.ResponseWriter, r *http.Request) {
	var scope *bontot.Org
	if id := formID(r, "org"); id != 0 {
		o, ok := s.orgFor(w, r, bontot.PermReadTree, id)
		if !ok {
			return
		}
		scope = o
	} else {
		var err error
		if scope, err = s.pickScope(r, bontot.PermReadTree); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if scope.Kind.IsCell() {
		s.cellMeetings(w, r, scope)
		return
	}
	year := s.pageYear(r)
	d := &meetingsTreeData{Scope: scope, Year: year, Years: yearChoices(scope.ValidFrom, s.store.Today().Year())}
	var err error
	if d.Stats, d.More, err = s.store.MeetingStats(r.Context(), scope.Path, year); err != nil {
		s.fail(w, r, err)
		return
	}
	var sum scoring.Points
	for _, st := range d.Stats {
		d.Cells++
		if len(st.Missing) > 0 {
			d.Late++
		}
		d.Regular += st.Regular
		d.Thematic += st.Thematic
		sum += st.ScoreSum
	}
	d.Average = scoring.MulDiv(sum, 1, int64(d.Regular))
	children, err := s.store.Orgs(r.Context(), bontot.OrgFilter{ParentID: &scope.ID, Limit: 200})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, c := range children {
		if !c.Kind.IsCell() && c.CellCount > 0 {
			d.Children = append(d.Children, c)
		}
	}
	s.render(w, r, http.StatusOK, "meetings", &Page{Title: "Sinh hoạt chi bộ năm " + strconv.Itoa(year), Crumbs: s.crumbs(r, scope.Path), Data: meetingsPage{Tree: d}})
}

func (s *Server) cellMeetings(w http.ResponseWriter, r *http.Request, cell *bontot.Org) {
	ctx := r.Context()
	u := userFrom(r)
	today := s.store.Today()
	year := s.pageYear(r)
	d := &meetingsCellData{Cell: cell, Year: year, Years: yearChoices(cell.ValidFrom, today.Year()), Today: today,
		CanRecord: u.Can(bontot.PermRecordMeetings, cell.Path)}
	var err error
	if d.Meetings, err = s.store.Meetings(ctx, cell.ID, year); err != nil {
		s.fail(w, r, err)
		return
	}
	if d.Missing, err = s.store.MissingMonths(ctx, cell.ID, year, today); err != nil {
		s.fail(w, r, err)
		return
	}
	if d.CanRecord {
		if d.Frozen, err = s.store.MeetingsFrozen(ctx, cell.Path, year); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	regular := map[int]*bontot.Meeting{}
	for _, m := range d.Meetings {
		if m.Kind == bontot.MeetingRegular {
			regular[m.Month()] = m
		} else {
			d.Thematic++
		}
	}
	missing := map[int]bool{}
	for _, m := range d.Missing {
		missing[m] = true
	}
	for n := 1; n <= 12; n++ {
		mv := monthView{N: n, State: "open", Meeting: regular[n]}
		switch {
		case mv.Meeting != nil:
			mv.State = "held"
		case missing[n]:
			mv.State = "missing"
		}
		d.Months = append(d.Months, mv)
	}
	if month := int(today.Time().Month()); year == today.Year() && regular[month] == nil && cell.Active(today) {
		d.NewLabel, d.NewDate = monthLabel(month, year), today.String()
	}
	if cell.ParentID != 0 {
		if p, err := s.store.Org(ctx, cell.ParentID); err == nil && u.Can(bontot.PermReadTree, p.Path) {
			d.Parent = p
		}
	}
	s.render(w, r, http.StatusOK, "meetings", &Page{Title: "Sinh hoạt " + cell.Name + " năm " + strconv.Itoa(year), Crumbs: s.crumbs(r, cell.Path), Data: meetingsPage{Cell: d}})
}

// ---- the form ------------------------------------------------------------

// attendanceOption is one button of a member's attendance.
type attendanceOption struct {
	Name, Value, Label string
	Checked            bool
}

// attendeeView is one member of the roll in the form.
type attendeeView struct {
	ID      int64
	Field   string
	Name    string
	Role    string // position, when not a plain member
	Exempt  bool   // exempted from meetings by the register
	Options []attendanceOption
	Hint    string
	Error   string
}

// pointsField is one typed item of the score sheet.
type pointsField struct {
	Field, Label, Value, Error string
	Max                        scoring.Points
}

// meetingFormData is the new and edit form.
type meetingFormData struct {
	Cell        *bontot.Org
	Meeting     *bontot.Meeting // nil for a new meeting
	Action      string
	Heading     string
	Kind        bontot.MeetingKind
	Attendees   []attendeeView
	Points      []pointsField
	RegularHeld *bontot.Meeting // the month's regular meeting, when recording another
	FileLost    bool            // a file came with a refused form: it must be chosen again
	Roll        int
}

// meetingValues fills a new meeting's form from the draft: what the cell
// did last time, today's date and the sheet's maxima.
func meetingValues(d *bontot.MeetingDraft, kind bontot.MeetingKind) url.Values {
	v := url.Values{}
	v.Set("org", strconv.FormatInt(d.Org.ID, 10))
	v.Set("kind", string(kind))
	v.Set("held_on", d.Date.String())
	v.Set("start_time", d.Start)
	v.Set("end_time", d.End)
	v.Set("place", d.Place)
	v.Set("chair", d.Chair)
	v.Set("minute_taker", d.MinuteTaker)
	for _, f := range []string{"agenda_review", "agenda_information", "agenda_tasks", "agenda_resolution", "praise_criticism"} {
		v.Set(f, "1")
	}
	sheet := scoring.DefaultMeetingSheet()
	for _, it := range sheet.Items {
		if it.Typed {
			v.Set("p_"+it.Code, it.Max.String())
		}
	}
	for _, a := range d.Attendees {
		v.Set(attendanceKey(a.MemberID), string(a.Status))
	}
	return v
}

// storedValues fills the edit form from a saved meeting.
func storedValues(m *bontot.Meeting) url.Values {
	v := url.Values{}
	v.Set("kind", string(m.Kind))
	v.Set("topic", m.Topic)
	v.Set("held_on", m.HeldOn.String())
	v.Set("start_time", m.Start)
	v.Set("end_time", m.End)
	v.Set("place", m.Place)
	v.Set("chair", m.Chair)
	v.Set("minute_taker", m.MinuteTaker)
	v.Set("guests", m.Guests)
	v.Set("speakers", strconv.Itoa(m.Speakers))
	v.Set("resolution", m.Resolution)
	for f, on := range map[string]bool{"agenda_review": m.AgendaReview, "agenda_information": m.AgendaInformation, "agenda_tasks": m.AgendaTasks,
		"agenda_resolution": m.AgendaResolution, "praise_criticism": m.PraiseCriticism, "minutes_signed": m.MinutesSigned} {
		if on {
			v.Set(f, "1")
		}
	}
	v.Set("p_"+scoring.MeetingPreparation, m.Preparation.String())
	v.Set("p_"+scoring.MeetingAgenda, m.Agenda.String())
	v.Set("p_"+scoring.MeetingPrinciples, m.Principles.String())
	v.Set("p_"+scoring.MeetingLastResolution, m.LastResolution.String())
	for _, a := range m.Attendees {
		v.Set(attendanceKey(a.MemberID), string(a.Status))
	}
	return v
}

func attendanceKey(memberID int64) string { return "a_" + strconv.FormatInt(memberID, 10) }

// meetingFromForm reads a posted meeting; typing mistakes go to fe.
func meetingFromForm(v url.Values, cellID int64, fe bontot.FieldErrors) *bontot.Meeting {
	m := &bontot.Meeting{OrgID: cellID, Kind: bontot.MeetingKind(v.Get("kind")), Topic: v.Get("topic"), Place: v.Get("place"),
		Start: v.Get("start_time"), End: v.Get("end_time"), Chair: v.Get("chair"), MinuteTaker: v.Get("minute_taker"),
		Guests: v.Get("guests"), Resolution: v.Get("resolution"),
		AgendaReview: v.Get("agenda_review") == "1", AgendaInformation: v.Get("agenda_information") == "1",
		AgendaTasks: v.Get("agenda_tasks") == "1", AgendaResolution: v.Get("agenda_resolution") == "1",
		PraiseCriticism: v.Get("praise_criticism") == "1", MinutesSigned: v.Get("minutes_signed") == "1"}
	if d, err := bontot.ParseDate(v.Get("held_on")); err != nil {
		fe.Add("held_on", bontot.ErrorMessage(err))
	} else {
		m.HeldOn = d
	}
	switch raw := strings.TrimSpace(v.Get("speakers")); {
	case raw == "":
		fe.Add("speakers", "Vui lòng nhập số đảng viên phát biểu (0 nếu không ai phát biểu).")
	default:
		n, err := strconv.Atoi(raw)
		if err != nil || n < 0 || n > 10000 {
			fe.Add("speakers", "Số đảng viên phát biểu là một số nguyên, ví dụ 6.")
		}
		m.Speakers = n
	}
	for _, t := range []struct {
		code string
		dst  *scoring.Points
	}{
		{scoring.MeetingPreparation, &m.Preparation}, {scoring.MeetingAgenda, &m.Agenda},
		{scoring.MeetingPrinciples, &m.Principles}, {scoring.MeetingLastResolution, &m.LastResolution},
	} {
		p, err := scoring.ParsePoints(v.Get("p_" + t.code))
		if err != nil {
			fe.Add("p_"+t.code, err.Error())
		}
		*t.dst = p
	}
	var ids []int64
	for k := range v {
		if id, err := strconv.ParseInt(strings.TrimPrefix(k, "a_"), 10, 64); strings.HasPrefix(k, "a_") && err == nil {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		m.Attendees = append(m.Attendees, bontot.Attendee{MemberID: id, Status: bontot.Attendance(v.Get(attendanceKey(id)))})
	}
	return m
}

// formData builds the form's view: the roll with each member's choice
// (what was posted, else the pre-filled status), the typed points.
func (s *Server) meetingFormData(cell *bontot.Org, m *bontot.Meeting, d *bontot.MeetingDraft, form *Form) *meetingFormData {
	fd := &meetingFormData{Cell: cell, Meeting: m, Action: "/meetings", Kind: bontot.MeetingKind(form.Get("kind")), RegularHeld: d.RegularHeld}
	if fd.Kind != bontot.MeetingThematic {
		fd.Kind = bontot.MeetingRegular
	}
	date := d.Date
	if p, err := bontot.ParseDate(form.Get("held_on")); err == nil && !p.IsZero() {
		date = p
	}
	t := date.Time()
	fd.Heading = "Biên bản sinh hoạt " + strings.ToLower(fd.Kind.Label()) + " " + monthLabel(int(t.Month()), t.Year())
	if m != nil {
		fd.Action = fmt.Sprintf("/meetings/%d", m.ID)
		if fd.RegularHeld != nil && fd.RegularHeld.ID == m.ID {
			fd.RegularHeld = nil
		}
	}
	sheet := scoring.DefaultMeetingSheet()
	for _, a := range d.Attendees {
		av := attendeeView{ID: a.MemberID, Field: attendanceKey(a.MemberID), Name: a.FullName, Exempt: a.MemberStatus == bontot.StatusExempt,
			Error: form.Err(attendanceKey(a.MemberID))}
		if a.Position != bontot.PosMember {
			av.Role = a.Position.Label()
		}
		chosen := bontot.Attendance(form.Get(av.Field))
		if !chosen.Valid() {
			chosen = a.Status
		}
		choices := []bontot.Attendance{bontot.Present, bontot.Excused, bontot.Unexcused}
		if av.Exempt {
			choices = []bontot.Attendance{bontot.Exempt, bontot.Present}
		}
		for _, c := range choices {
			av.Options = append(av.Options, attendanceOption{Name: av.Field, Value: string(c), Label: c.Short(), Checked: c == chosen})
		}
		if m == nil && !av.Exempt && sheet.ExcusedCountsUnexcused(a.ExcusedBefore) {
			av.Hint = fmt.Sprintf("Đã vắng có lý do %d buổi liên tiếp: nếu vắng buổi này sẽ tính vắng không lý do.", a.ExcusedBefore)
		}
		fd.Attendees = append(fd.Attendees, av)
	}
	fd.Roll = len(fd.Attendees)
	for _, it := range sheet.Items {
		if it.Typed {
			f := "p_" + it.Code
			fd.Points = append(fd.Points, pointsField{Field: f, Label: it.Name, Max: it.Max, Value: form.Get(f), Error: form.Err(f)})
		}
	}
	return fd
}

// renderMeetingForm shows the form; on a refused save the roll is that of
// the posted date (when it parses), with every posted choice kept.
func (s *Server) renderMeetingForm(w http.ResponseWriter, r *http.Request, cell *bontot.Org, m *bontot.Meeting, form *Form, status int, msg string) {
	date := s.store.Today()
	if m != nil {
		date = m.HeldOn
	}
	if p, err := bontot.ParseDate(form.Get("held_on")); err == nil && !p.IsZero() && !p.After(s.store.Today()) {
		date = p
	}
	d, err := s.store.MeetingForm(r.Context(), cell.ID, date)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	fd := s.meetingFormData(cell, m, d, form)
	fd.FileLost = status != http.StatusOK && r.MultipartForm != nil && len(r.MultipartForm.File["minutes_file"]) > 0
	title := fd.Heading + " — " + cell.Name
	s.render(w, r, status, "meeting_form", &Page{Title: title, Crumbs: s.crumbs(r, cell.Path), Form: form, Error: msg, Data: fd})
}

func (s *Server) handleMeetingNew(w http.ResponseWriter, r *http.Request) {
	cell, ok := s.orgFor(w, r, bontot.PermRecordMeetings, formID(r, "org"))
	if !ok {
		return
	}
	if !cell.Kind.IsCell() {
		s.fail(w, r, bontot.Errorf(bontot.EINVALID, "“%s” không phải là chi bộ: chỉ chi bộ ghi biên bản sinh hoạt.", cell.Name))
		return
	}
	today := s.store.Today()
	date := today
	if p, err := bontot.ParseDate(r.FormValue("date")); err == nil && !p.IsZero() && !p.After(today) {
		date = p
	}
	kind := bontot.MeetingKind(r.FormValue("kind"))
	if !kind.Valid() {
		kind = bontot.MeetingRegular
	}
	d, err := s.store.MeetingForm(r.Context(), cell.ID, date)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	form := newForm(meetingValues(d, kind), nil)
	fd := s.meetingFormData(cell, nil, d, form)
	s.render(w, r, http.StatusOK, "meeting_form", &Page{Title: fd.Heading + " — " + cell.Name, Crumbs: s.crumbs(r, cell.Path), Form: form, Data: fd})
}

// readMeetingPost parses a (multipart) meeting form and its minutes file.
// ok is false when an answer was already written. A body over the size
// limit cannot be read at all: the answer then says so, and the browser's
// back button returns to the form as it was typed.
func (s *Server) readMeetingPost(w http.ResponseWriter, r *http.Request) (file *bontot.MinutesFile, ok bool) {
	r.Body = http.MaxBytesReader(w, r.Body, bontot.MaxMinutesSize+1<<20)
	if err := r.ParseMultipartForm(1 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			s.fail(w, r, bontot.Errorf(bontot.EINVALID, "Tệp biên bản lớn hơn 10 MB nên chưa lưu được. Vui lòng quay lại, chọn tệp nhỏ hơn (nén hoặc chụp lại) rồi lưu."))
		} else {
			s.fail(w, r, bontot.Errorf(bontot.EINVALID, "Không đọc được dữ liệu gửi lên; vui lòng thử lại."))
		}
		return nil, false
	}
	if r.PostForm == nil {
		r.ParseForm()
	}
	f, hdr, err := r.FormFile("minutes_file")
	if err != nil {
		return nil, true // no file chosen
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, bontot.MaxMinutesSize+1))
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	ctype := hdr.Header.Get("Content-Type")
	if ctype == "" || ctype == "application/octet-stream" {
		if t := mime.TypeByExtension(filepath.Ext(hdr.Filename)); t != "" {
			ctype = t
		} else {
			ctype = http.DetectContentType(data)
		}
	}
	return &bontot.MinutesFile{Filename: filepath.Base(hdr.Filename), ContentType: ctype, Data: data}, true
}

// saveMeeting validates and stores a posted meeting (existing nil: a new one),
// then redirects to its score sheet or shows the form again with the messages.
func (s *Server) saveMeeting(w http.ResponseWriter, r *http.Request, cell *bontot.Org, existing *bontot.Meeting, file *bontot.MinutesFile) {
	fe := bontot.FieldErrors{}
	m := meetingFromForm(r.PostForm, cell.ID, fe)
	var err error
	if len(fe) > 0 {
		// Show every message at once: the typing mistakes and what the meeting's own rules say.
		probe := *m
		probe.Normalize()
		if verr, ok := probe.Validate(s.store.Today(), scoring.DefaultMeetingSheet()).(*bontot.Error); ok {
			for k, v := range verr.Fields {
				fe.Add(k, v)
			}
		}
		err = fe.Err()
	} else if existing == nil {
		err = s.store.CreateMeeting(r.Context(), actor(r), m, file)
	} else {
		m.ID = existing.ID
		err = s.store.UpdateMeeting(r.Context(), actor(r), m, file)
	}
	if err != nil {
		if code := bontot.ErrorCode(err); code != bontot.EINVALID && code != bontot.ECONFLICT {
			s.fail(w, r, err)
			return
		}
		s.renderMeetingForm(w, r, cell, existing, newForm(r.PostForm, err), httpStatus(bontot.ErrorCode(err)), bontot.ErrorMessage(err))
		return
	}
	s.flash(r, fmt.Sprintf("Đã lưu biên bản sinh hoạt ngày %s: %s điểm, xếp loại %s.", m.HeldOn, m.Total, m.Grade.Label()))
	http.Redirect(w, r, fmt.Sprintf("/meetings/%d", m.ID), http.StatusSeeOther)
}

func (s *Server) handleMeetingCreate(w http.ResponseWriter, r *http.Request) {
	file, ok := s.readMeetingPost(w, r)
	if !ok {
		return
	}
	cell, ok := s.orgFor(w, r, bontot.PermRecordMeetings, formID(r, "org"))
	if !ok {
		return
	}
	if !cell.Kind.IsCell() {
		s.fail(w, r, bontot.Errorf(bontot.EINVALID, "“%s” không phải là chi bộ: chỉ chi bộ ghi biên bản sinh hoạt.", cell.Name))
		return
	}
	s.saveMeeting(w, r, cell, nil, file)
}

func (s *Server) handleMeetingEdit(w http.ResponseWriter, r *http.Request) {
	m, ok := s.meetingFor(w, r, bontot.PermRecordMeetings, pathID(r, "id"))
	if !ok {
		return
	}
	cell, err := s.store.Org(r.Context(), m.OrgID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderMeetingForm(w, r, cell, m, newForm(storedValues(m), nil), http.StatusOK, "")
}

func (s *Server) handleMeetingUpdate(w http.ResponseWriter, r *http.Request) {
	file, ok := s.readMeetingPost(w, r)
	if !ok {
		return
	}
	m, ok := s.meetingFor(w, r, bontot.PermRecordMeetings, pathID(r, "id"))
	if !ok {
		return
	}
	cell, err := s.store.Org(r.Context(), m.OrgID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.saveMeeting(w, r, cell, m, file)
}

// ---- the meeting and its score sheet -------------------------------------

// meetingData is the meeting page.
type meetingData struct {
	M         *bontot.Meeting
	Result    scoring.MeetingResult
	Groups    []attendanceGroup
	CanRecord bool
	Frozen    string // why the meeting can no longer change (its year's assessment is approved)
	Month     string
}

// attendanceGroup lists the members of one status.
type attendanceGroup struct {
	Status  bontot.Attendance
	Members []bontot.Attendee
}

func (s *Server) meetingPage(w http.ResponseWriter, r *http.Request, m *bontot.Meeting, status int, form *Form, msg string) {
	d := &meetingData{M: m, Result: m.Score(), CanRecord: userFrom(r).Can(bontot.PermRecordMeetings, m.OrgPath), Month: monthLabel(m.Month(), m.HeldOn.Year())}
	if d.CanRecord {
		why, err := s.store.MeetingsFrozen(r.Context(), m.OrgPath, m.HeldOn.Year())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		d.Frozen, d.CanRecord = why, why == ""
	}
	for _, st := range bontot.Attendances {
		g := attendanceGroup{Status: st}
		for _, a := range m.Attendees {
			if a.Status == st {
				g.Members = append(g.Members, a)
			}
		}
		if len(g.Members) > 0 {
			d.Groups = append(d.Groups, g)
		}
	}
	title := fmt.Sprintf("Sinh hoạt %s ngày %s — %s", strings.ToLower(m.Kind.Label()), m.HeldOn, m.OrgName)
	s.render(w, r, status, "meeting", &Page{Title: title, Crumbs: s.crumbs(r, m.OrgPath), Form: form, Error: msg, Data: d})
}

func (s *Server) handleMeeting(w http.ResponseWriter, r *http.Request) {
	m, ok := s.meetingFor(w, r, bontot.PermReadTree, pathID(r, "id"))
	if !ok {
		return
	}
	s.meetingPage(w, r, m, http.StatusOK, nil, "")
}

func (s *Server) handleMeetingDelete(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	m, ok := s.meetingFor(w, r, bontot.PermRecordMeetings, pathID(r, "id"))
	if !ok {
		return
	}
	if r.PostFormValue("confirm") != "1" {
		err := &bontot.Error{Code: bontot.EINVALID, Message: "Vui lòng đánh dấu xác nhận trước khi xóa biên bản.",
			Fields: map[string]string{"confirm": "Đánh dấu ô này để xác nhận xóa."}}
		s.meetingPage(w, r, m, http.StatusUnprocessableEntity, newForm(r.PostForm, err), err.Message)
		return
	}
	if err := s.store.DeleteMeeting(r.Context(), actor(r), m.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, fmt.Sprintf("Đã xóa biên bản sinh hoạt ngày %s.", m.HeldOn))
	http.Redirect(w, r, fmt.Sprintf("/meetings?org=%d&year=%d", m.OrgID, m.HeldOn.Year()), http.StatusSeeOther)
}

func (s *Server) handleMeetingMinutes(w http.ResponseWriter, r *http.Request) {
	m, ok := s.meetingFor(w, r, bontot.PermReadTree, pathID(r, "id"))
	if !ok {
		return
	}
	f, err := s.store.MinutesFile(r.Context(), m.ID)
	if err != nil {
		s.loadFailed(w, r, err)
		return
	}
	ctype := f.ContentType
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Filename}))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(f.Data)
}
