package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/bits"
	"sort"
	"strconv"
	"strings"
	"time"

	"bontot"
	"bontot/scoring"
)

// Meetings of cells (DOMAIN.md §5, §6c). Every write stores the counted
// status of each attendee (an excused absence that is the member's 4th or
// later in a row counts as unexcused), the attendance counts, the points of
// each item of the sheet, the total and the grade, so that lists and the
// yearly criterion 2 read plain columns. A write that changes who was absent
// when (a meeting recorded late, a date moved, a meeting deleted) recounts
// the members' later meetings and rescores those whose counts changed.

const meetingColumns = `m.id, m.org_id, o.name, COALESCE(p.name, ''), o.path, m.kind, m.topic, m.held_on, m.place, m.start_time, m.end_time, m.minutes,
	m.chair, m.minute_taker, m.guests, m.agenda_review, m.agenda_information, m.agenda_tasks, m.agenda_resolution, m.speakers, m.praise_criticism,
	m.resolution, m.roll_size, m.present, m.excused, m.unexcused, m.exempt, m.p_preparation, m.p_agenda, m.p_principles, m.p_last_resolution,
	m.minutes_signed, m.total, m.grade, m.minutes_filename, m.minutes_type, m.minutes_size, COALESCE(m.created_by, 0), m.created_by_name,
	m.created_at, m.updated_at`

const meetingFrom = ` FROM meetings m JOIN orgs o ON o.id = m.org_id LEFT JOIN orgs p ON p.id = o.parent_id`

// meetingOrder is the order of a cell's meetings, and of a member's
// meetings for the absences in a row.
const meetingOrder = `m.held_on, m.start_time, m.id`

func scanMeeting(sc interface{ Scan(...any) error }) (*bontot.Meeting, error) {
	m := &bontot.Meeting{}
	err := sc.Scan(&m.ID, &m.OrgID, &m.OrgName, &m.OrgParentName, &m.OrgPath, &m.Kind, &m.Topic, &m.HeldOn, &m.Place, &m.Start, &m.End, &m.Minutes,
		&m.Chair, &m.MinuteTaker, &m.Guests, &m.AgendaReview, &m.AgendaInformation, &m.AgendaTasks, &m.AgendaResolution, &m.Speakers, &m.PraiseCriticism,
		&m.Resolution, &m.RollSize, &m.Present, &m.Excused, &m.Unexcused, &m.Exempt, &m.Preparation, &m.Agenda, &m.Principles, &m.LastResolution,
		&m.MinutesSigned, &m.Total, &m.Grade, &m.MinutesFilename, &m.MinutesType, &m.MinutesSize, &m.CreatedBy, &m.CreatedByName,
		&m.CreatedAt, &m.UpdatedAt)
	return m, err
}

// yearRange is [1 January of year, 1 January of the next year).
func yearRange(year int) (bontot.Date, bontot.Date) {
	return bontot.NewDate(year, time.January, 1), bontot.NewDate(year+1, time.January, 1)
}

// monthRange is [the first of d's month, the first of the next month).
func monthRange(d bontot.Date) (bontot.Date, bontot.Date) {
	t := d.Time()
	return bontot.NewDate(t.Year(), t.Month(), 1), bontot.NewDate(t.Year(), t.Month()+1, 1)
}

// Meeting returns one meeting with its attendance, in name order.
func (s *Store) Meeting(ctx context.Context, id int64) (*bontot.Meeting, error) {
	var m *bontot.Meeting
	err := s.read(ctx, func(tx *Tx) (err error) { m, err = tx.meeting(id); return err })
	return m, err
}

func (tx *Tx) meeting(id int64) (*bontot.Meeting, error) {
	m, err := scanMeeting(tx.QueryRow(`SELECT `+meetingColumns+meetingFrom+` WHERE m.id = ?`, id))
	if err != nil {
		return nil, notFound(err, "biên bản sinh hoạt")
	}
	rows, err := tx.Query(`SELECT a.member_id, mb.full_name, mb.status, mb.position, a.status, a.counted
		FROM meeting_attendance a JOIN members mb ON mb.id = a.member_id WHERE a.meeting_id = ? ORDER BY mb.name_key, mb.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var a bontot.Attendee
		if err := rows.Scan(&a.MemberID, &a.FullName, &a.MemberStatus, &a.Position, &a.Status, &a.Counted); err != nil {
			return nil, err
		}
		m.Attendees = append(m.Attendees, a)
	}
	return m, rows.Err()
}

// Meetings lists a cell's meetings of a year in date order, without attendance.
func (s *Store) Meetings(ctx context.Context, cellID int64, year int) ([]*bontot.Meeting, error) {
	from, to := yearRange(year)
	var out []*bontot.Meeting
	err := s.read(ctx, func(tx *Tx) error {
		rows, err := tx.Query(`SELECT `+meetingColumns+meetingFrom+` WHERE m.org_id = ? AND m.held_on >= ? AND m.held_on < ? ORDER BY `+meetingOrder,
			cellID, from, to)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			m, err := scanMeeting(rows)
			if err != nil {
				return err
			}
			out = append(out, m)
		}
		return rows.Err()
	})
	return out, err
}

// MinutesFile returns the minutes file of a meeting; ENOTFOUND when none was attached.
func (s *Store) MinutesFile(ctx context.Context, meetingID int64) (*bontot.MinutesFile, error) {
	f := &bontot.MinutesFile{}
	err := s.read(ctx, func(tx *Tx) error {
		return tx.QueryRow(`SELECT minutes_filename, minutes_type, minutes_file FROM meetings WHERE id = ? AND minutes_file IS NOT NULL`, meetingID).
			Scan(&f.Filename, &f.ContentType, &f.Data)
	})
	if err != nil {
		return nil, notFound(err, "tệp biên bản")
	}
	return f, nil
}

// MeetingForm returns what a new meeting of a cell on date (today when
// zero) is pre-filled with: the members officially registered in the cell
// that day (exempt members marked exempt, the others present) with their
// excused absences in a row before the date, and the place, chair,
// minute-taker and times of the cell's last meeting.
func (s *Store) MeetingForm(ctx context.Context, cellID int64, date bontot.Date) (*bontot.MeetingDraft, error) {
	if date.IsZero() {
		date = s.Today()
	}
	d := &bontot.MeetingDraft{Date: date}
	err := s.read(ctx, func(tx *Tx) error {
		o, err := tx.cell(cellID)
		if err != nil {
			return err
		}
		d.Org = o
		if d.Attendees, err = tx.roll(cellID, date); err != nil {
			return err
		}
		if err := tx.excusedBefore(d.Attendees, date, 0); err != nil {
			return err
		}
		for _, a := range d.Attendees {
			if a.Position == bontot.PosSecretary && d.Chair == "" {
				d.Chair = a.FullName
			}
		}
		// The last meeting up to the date, else the cell's latest.
		last, err := tx.lastMeeting(cellID, date)
		if err != nil {
			return err
		}
		if last != nil {
			d.Place, d.Chair, d.MinuteTaker, d.Start, d.End = last.Place, last.Chair, last.MinuteTaker, last.Start, last.End
		}
		d.RegularHeld, err = tx.regularInMonth(cellID, date, 0)
		return err
	})
	return d, err
}

// lastMeeting returns the cell's latest meeting up to date, else its
// latest at all, else nil.
func (tx *Tx) lastMeeting(cellID int64, date bontot.Date) (*bontot.Meeting, error) {
	for _, upTo := range []bontot.Date{date, bontot.NewDate(9999, time.December, 31)} {
		m, err := scanMeeting(tx.QueryRow(`SELECT `+meetingColumns+meetingFrom+` WHERE m.org_id = ? AND m.held_on <= ?
			ORDER BY m.held_on DESC, m.start_time DESC, m.id DESC LIMIT 1`, cellID, upTo))
		if err == nil {
			return m, nil
		} else if !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
	}
	return nil, nil
}

// cell loads an organization that holds meetings.
func (tx *Tx) cell(id int64) (*bontot.Org, error) {
	o, err := tx.org(id)
	if err != nil {
		return nil, err
	}
	if !o.Kind.IsCell() {
		return nil, &bontot.Error{Code: bontot.EINVALID, Message: fmt.Sprintf("“%s” không phải là chi bộ: chỉ chi bộ ghi biên bản sinh hoạt.", o.Name),
			Fields: map[string]string{"org": "Vui lòng chọn một chi bộ."}}
	}
	return o, nil
}

// roll returns the members officially registered in the cell on date, in
// name order, pre-marked: exempt members exempt, the others present.
func (tx *Tx) roll(cellID int64, date bontot.Date) ([]bontot.Attendee, error) {
	rows, err := tx.Query(`SELECT mb.id, mb.full_name, mb.status, mb.position FROM memberships ms JOIN members mb ON mb.id = ms.member_id
		WHERE ms.org_id = ? AND ms.kind = ? AND ms.from_date <= ? AND (ms.to_date IS NULL OR ms.to_date > ?)
		ORDER BY mb.name_key, mb.id`, cellID, bontot.Official, date, date)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bontot.Attendee
	for rows.Next() {
		var a bontot.Attendee
		if err := rows.Scan(&a.MemberID, &a.FullName, &a.MemberStatus, &a.Position); err != nil {
			return nil, err
		}
		if n := len(out); n > 0 && out[n-1].MemberID == a.MemberID {
			continue // overlapping memberships: one line per member
		}
		a.Status = bontot.Present
		if a.MemberStatus == bontot.StatusExempt {
			a.Status = bontot.Exempt
		}
		a.Counted = a.Status
		out = append(out, a)
	}
	return out, rows.Err()
}

// excusedBefore fills each attendee's excused absences in a row at the
// meetings up to date (other than meeting except): the statuses as
// recorded, newest first, until one that is not an excused absence.
func (tx *Tx) excusedBefore(as []bontot.Attendee, date bontot.Date, except int64) error {
	if len(as) == 0 {
		return nil
	}
	at := map[int64]int{}
	ids := make([]int64, len(as))
	for i, a := range as {
		at[a.MemberID], ids[i] = i, a.MemberID
	}
	return chunks(ids, func(part []int64) error {
		rows, err := tx.Query(`SELECT a.member_id, a.status FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id
			WHERE a.member_id IN (`+placeholders(len(part))+`) AND m.held_on <= ? AND m.id <> ?
			ORDER BY a.member_id, m.held_on DESC, m.start_time DESC, m.id DESC`, append(int64Args(part), date, except)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		done := map[int64]bool{}
		for rows.Next() {
			var id int64
			var st bontot.Attendance
			if err := rows.Scan(&id, &st); err != nil {
				return err
			}
			if done[id] {
				continue
			}
			if st == bontot.Excused {
				as[at[id]].ExcusedBefore++
			} else {
				done[id] = true
			}
		}
		return rows.Err()
	})
}

// chunks calls fn on parts of ids small enough for one IN list.
func chunks(ids []int64, fn func([]int64) error) error {
	const size = 500
	for len(ids) > 0 {
		n := min(size, len(ids))
		if err := fn(ids[:n]); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// regularInMonth returns the regular meeting of the cell in date's month
// (other than meeting except), or nil.
func (tx *Tx) regularInMonth(cellID int64, date bontot.Date, except int64) (*bontot.Meeting, error) {
	from, to := monthRange(date)
	m, err := scanMeeting(tx.QueryRow(`SELECT `+meetingColumns+meetingFrom+` WHERE m.org_id = ? AND m.kind = ? AND m.held_on >= ? AND m.held_on < ? AND m.id <> ?
		ORDER BY `+meetingOrder+` LIMIT 1`, cellID, bontot.MeetingRegular, from, to, except))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return m, err
}

// checkMeeting validates a meeting to be saved: its fields, the cell, the
// roll of that day (every member on it once, nobody else, "exempt" only for
// exempt members) and at most one regular meeting a month. It fills the
// attendees' names from the roll. All messages are gathered in one error.
func (tx *Tx) checkMeeting(m *bontot.Meeting, file *bontot.MinutesFile, except int64) (*bontot.Org, error) {
	fe := bontot.FieldErrors{}
	if err := m.Validate(bontot.Today(tx.now), scoring.DefaultMeetingSheet()); err != nil {
		e, ok := err.(*bontot.Error)
		if !ok {
			return nil, err
		}
		for k, v := range e.Fields {
			fe.Add(k, v)
		}
	}
	if file != nil {
		switch {
		case len(file.Data) == 0:
			fe.Add("minutes_file", "Tệp biên bản trống.")
		case len(file.Data) > bontot.MaxMinutesSize:
			fe.Add("minutes_file", "Tệp biên bản lớn hơn 10 MB; vui lòng nén hoặc chụp lại nhỏ hơn.")
		}
	}
	o, err := tx.cell(m.OrgID)
	if err != nil {
		return nil, err
	}
	if _, bad := fe["held_on"]; !bad && !m.HeldOn.IsZero() {
		if err := tx.checkMeetingYearOpen(o, m.HeldOn); err != nil {
			return nil, err
		}
		if !o.Active(m.HeldOn) {
			fe.Add("held_on", fmt.Sprintf("Ngày %s “%s” chưa thành lập hoặc đã hết hiệu lực.", m.HeldOn, o.Name))
		}
		if err := tx.checkRoll(m, fe); err != nil {
			return nil, err
		}
		if m.Kind == bontot.MeetingRegular {
			other, err := tx.regularInMonth(m.OrgID, m.HeldOn, except)
			if err != nil {
				return nil, err
			}
			if other != nil {
				t := m.HeldOn.Time()
				fe.Add("held_on", fmt.Sprintf("Tháng %d/%d đã có biên bản sinh hoạt định kỳ (ngày %s). Mỗi tháng chỉ ghi một buổi định kỳ; buổi khác hãy ghi là sinh hoạt chuyên đề.",
					int(t.Month()), t.Year(), other.HeldOn))
			}
		}
	}
	if len(fe) > 0 {
		err := fe.Err().(*bontot.Error)
		if len(fe) == 1 {
			for _, msg := range fe {
				err.Message = "Chưa lưu được: " + msg
			}
		}
		return nil, err
	}
	return o, nil
}

// MeetingsFrozen returns why the meetings of the cell at path in year
// cannot change (an approved assessment), or "" when they can.
func (s *Store) MeetingsFrozen(ctx context.Context, path string, year int) (string, error) {
	var why string
	err := s.read(ctx, func(tx *Tx) error {
		err := tx.checkMeetingYearOpen(&bontot.Org{Path: path}, bontot.NewDate(year, time.January, 1))
		if e, ok := err.(*bontot.Error); ok {
			why, err = e.Message, nil
		}
		return err
	})
	return why, err
}

// checkMeetingYearOpen refuses a change to the meetings of a cell on a
// date whose year's assessment of the cell, or of a committee above it
// (whose criterion 2 counts the cell's meetings), is approved or past it:
// the records behind an approved result stay as they were. Reopening the
// assessment opens the meetings again.
func (tx *Tx) checkMeetingYearOpen(cell *bontot.Org, date bontot.Date) error {
	ids := bontot.PathIDs(cell.Path)
	year := date.Time().Year()
	var name, status string
	err := tx.QueryRow(`SELECT o.name, a.status FROM assessments a JOIN orgs o ON o.id = a.org_id
		WHERE a.org_id IN (`+placeholders(len(ids))+`) AND a.year = ? AND a.status IN ('approved', 'recognised', 'locked')
		ORDER BY o.depth DESC LIMIT 1`, append(int64Args(ids), year)...).Scan(&name, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	return bontot.Errorf(bontot.ECONFLICT, "Kết quả đánh giá năm %d của “%s” %s: không thể thêm, sửa hay xóa biên bản sinh hoạt của năm này. "+
		"Nếu cần sửa, đề nghị Ban Tổ chức mở lại đánh giá.", year, name, strings.ToLower(bontot.Status(status).Label()))
}

// checkRoll compares the attendees with the cell's roll on the meeting day.
func (tx *Tx) checkRoll(m *bontot.Meeting, fe bontot.FieldErrors) error {
	roll, err := tx.roll(m.OrgID, m.HeldOn)
	if err != nil {
		return err
	}
	onRoll := map[int64]bontot.Attendee{}
	for _, a := range roll {
		onRoll[a.MemberID] = a
	}
	given := map[int64]bool{}
	var strangers int
	for i := range m.Attendees {
		a := &m.Attendees[i]
		r, ok := onRoll[a.MemberID]
		switch {
		case !ok || given[a.MemberID]:
			strangers++
			continue
		case !a.Status.Valid():
			fe.Add(attendanceField(a.MemberID), "Vui lòng chọn có mặt, vắng có lý do, vắng không lý do hoặc miễn sinh hoạt.")
		case a.Status == bontot.Exempt && r.MemberStatus != bontot.StatusExempt:
			fe.Add(attendanceField(a.MemberID), fmt.Sprintf("Đồng chí %s không thuộc diện miễn sinh hoạt.", r.FullName))
		}
		given[a.MemberID] = true
		a.FullName, a.MemberStatus, a.Position = r.FullName, r.MemberStatus, r.Position
	}
	var missing []string
	for _, r := range roll {
		if !given[r.MemberID] {
			missing = append(missing, r.FullName)
			fe.Add(attendanceField(r.MemberID), "Vui lòng chọn tình trạng dự họp.")
		}
	}
	switch {
	case len(roll) == 0:
		fe.Add("attendance", fmt.Sprintf("Ngày %s chi bộ không có đảng viên sinh hoạt chính thức nào.", m.HeldOn))
	case strangers > 0 || len(missing) > 0:
		fe.Add("attendance", fmt.Sprintf("Danh sách dự họp khác danh sách đảng viên của chi bộ ngày %s: vui lòng kiểm tra lại.", m.HeldOn))
	}
	return nil
}

// attendanceField is the form field of a member's attendance.
func attendanceField(memberID int64) string { return "a_" + strconv.FormatInt(memberID, 10) }

// CreateMeeting records a meeting of a cell with its attendance and an
// optional minutes file, scores it and audits it. On success m holds the
// stored meeting (id, counted statuses, counts, score).
func (s *Store) CreateMeeting(ctx context.Context, a Actor, m *bontot.Meeting, file *bontot.MinutesFile) error {
	m.Normalize()
	var saved *bontot.Meeting
	err := s.tx(ctx, func(tx *Tx) error {
		o, err := tx.checkMeeting(m, file, 0)
		if err != nil {
			return err
		}
		id, err := tx.insert(`INSERT INTO meetings (org_id, kind, topic, held_on, place, start_time, end_time, minutes, chair, minute_taker, guests,
			agenda_review, agenda_information, agenda_tasks, agenda_resolution, speakers, praise_criticism, resolution,
			p_preparation, p_agenda, p_principles, p_last_resolution, minutes_signed, grade, created_by, created_by_name, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			m.OrgID, m.Kind, m.Topic, m.HeldOn, m.Place, m.Start, m.End, m.Minutes, m.Chair, m.MinuteTaker, m.Guests,
			m.AgendaReview, m.AgendaInformation, m.AgendaTasks, m.AgendaResolution, m.Speakers, m.PraiseCriticism, m.Resolution,
			m.Preparation, m.Agenda, m.Principles, m.LastResolution, m.MinutesSigned, scoring.GradePoor, nullInt(a.UserID), a.Username, tx.now, tx.now)
		if err != nil {
			return err
		}
		if err := tx.saveAttendance(id, m.Attendees, file); err != nil {
			return err
		}
		if err := tx.recount(id, memberIDs(m.Attendees)); err != nil {
			return err
		}
		if err := tx.touchMonths([]cellMonth{{o.ID, o.Path, ymOf(m.HeldOn)}}); err != nil {
			return err
		}
		if saved, err = tx.meeting(id); err != nil {
			return err
		}
		return tx.audit(a, "meeting.create", "meeting", id, o.Path, meetingSummary("Ghi biên bản", saved), meetingChanges(&bontot.Meeting{}, saved))
	})
	if err == nil {
		*m = *saved
	}
	return err
}

// UpdateMeeting saves a corrected meeting (same cell); a nil file keeps
// the attached minutes, another replaces them.
func (s *Store) UpdateMeeting(ctx context.Context, a Actor, m *bontot.Meeting, file *bontot.MinutesFile) error {
	m.Normalize()
	var saved *bontot.Meeting
	err := s.tx(ctx, func(tx *Tx) error {
		old, err := tx.meeting(m.ID)
		if err != nil {
			return err
		}
		m.OrgID = old.OrgID // a meeting stays with its cell
		if err := tx.checkMeetingYearOpen(&bontot.Org{Path: old.OrgPath}, old.HeldOn); err != nil {
			return err
		}
		o, err := tx.checkMeeting(m, file, m.ID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE meetings SET kind = ?, topic = ?, held_on = ?, place = ?, start_time = ?, end_time = ?, minutes = ?, chair = ?,
			minute_taker = ?, guests = ?, agenda_review = ?, agenda_information = ?, agenda_tasks = ?, agenda_resolution = ?, speakers = ?,
			praise_criticism = ?, resolution = ?, p_preparation = ?, p_agenda = ?, p_principles = ?, p_last_resolution = ?, minutes_signed = ?,
			updated_at = ? WHERE id = ?`,
			m.Kind, m.Topic, m.HeldOn, m.Place, m.Start, m.End, m.Minutes, m.Chair, m.MinuteTaker, m.Guests,
			m.AgendaReview, m.AgendaInformation, m.AgendaTasks, m.AgendaResolution, m.Speakers, m.PraiseCriticism, m.Resolution,
			m.Preparation, m.Agenda, m.Principles, m.LastResolution, m.MinutesSigned, tx.now, m.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(`DELETE FROM meeting_attendance WHERE meeting_id = ?`, m.ID); err != nil {
			return err
		}
		if err := tx.saveAttendance(m.ID, m.Attendees, file); err != nil {
			return err
		}
		if err := tx.recount(m.ID, append(memberIDs(old.Attendees), memberIDs(m.Attendees)...)); err != nil {
			return err
		}
		if err := tx.touchMonths([]cellMonth{{o.ID, o.Path, ymOf(old.HeldOn)}, {o.ID, o.Path, ymOf(m.HeldOn)}}); err != nil {
			return err
		}
		if saved, err = tx.meeting(m.ID); err != nil {
			return err
		}
		return tx.audit(a, "meeting.update", "meeting", m.ID, o.Path, meetingSummary("Sửa biên bản", saved), meetingChanges(old, saved))
	})
	if err == nil {
		*m = *saved
	}
	return err
}

// DeleteMeeting removes a meeting (the caller has checked that the user
// records meetings for its cell) and recounts its members' later meetings.
func (s *Store) DeleteMeeting(ctx context.Context, a Actor, id int64) error {
	return s.tx(ctx, func(tx *Tx) error {
		old, err := tx.meeting(id)
		if err != nil {
			return err
		}
		if err := tx.checkMeetingYearOpen(&bontot.Org{Path: old.OrgPath}, old.HeldOn); err != nil {
			return err
		}
		if _, err := tx.Exec(`DELETE FROM meeting_attendance WHERE meeting_id = ?`, id); err != nil {
			return err
		}
		if _, err := tx.Exec(`DELETE FROM meetings WHERE id = ?`, id); err != nil {
			return err
		}
		if err := tx.recount(0, memberIDs(old.Attendees)); err != nil {
			return err
		}
		if err := tx.touchMonths([]cellMonth{{old.OrgID, old.OrgPath, ymOf(old.HeldOn)}}); err != nil {
			return err
		}
		return tx.audit(a, "meeting.delete", "meeting", id, old.OrgPath, meetingSummary("Xóa biên bản", old), meetingChanges(old, &bontot.Meeting{}))
	})
}

// saveAttendance writes the attendance rows (counted as recorded until the
// recount) and, when given, the minutes file.
func (tx *Tx) saveAttendance(id int64, as []bontot.Attendee, file *bontot.MinutesFile) error {
	const per = 200
	for i := 0; i < len(as); i += per {
		part := as[i:min(i+per, len(as))]
		args := make([]any, 0, 4*len(part))
		for _, a := range part {
			args = append(args, id, a.MemberID, a.Status, a.Status)
		}
		if _, err := tx.Exec(`INSERT INTO meeting_attendance (meeting_id, member_id, status, counted) VALUES `+
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?), ", len(part)), ", "), args...); err != nil {
			return err
		}
	}
	if file != nil {
		name := strings.TrimSpace(file.Filename)
		if name == "" {
			name = "bien-ban"
		}
		if _, err := tx.Exec(`UPDATE meetings SET minutes_file = ?, minutes_filename = ?, minutes_type = ?, minutes_size = ? WHERE id = ?`,
			file.Data, name, file.ContentType, len(file.Data), id); err != nil {
			return err
		}
	}
	return nil
}

func memberIDs(as []bontot.Attendee) []int64 {
	out := make([]int64, len(as))
	for i, a := range as {
		out[i] = a.MemberID
	}
	return out
}

// recount walks the given members' meetings in date order, sets each
// attendance's counted status (the 4th or later excused absence in a row
// counts unexcused), and rescores the meeting saved (saved, 0 for none)
// and every meeting whose counted statuses changed.
func (tx *Tx) recount(saved int64, members []int64) error {
	sheet := scoring.DefaultMeetingSheet()
	sort.Slice(members, func(i, j int) bool { return members[i] < members[j] })
	members = compactIDs(members)
	type change struct {
		meeting, member int64
		counted         bontot.Attendance
	}
	var changes []change
	err := chunks(members, func(part []int64) error {
		rows, err := tx.Query(`SELECT a.member_id, a.meeting_id, a.status, a.counted FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id
			WHERE a.member_id IN (`+placeholders(len(part))+`) ORDER BY a.member_id, `+meetingOrder, int64Args(part)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var member int64
		row := 0
		for rows.Next() {
			var mem, mtg int64
			var status, counted bontot.Attendance
			if err := rows.Scan(&mem, &mtg, &status, &counted); err != nil {
				return err
			}
			if mem != member {
				member, row = mem, 0
			}
			want := status
			if status == bontot.Excused {
				if sheet.ExcusedCountsUnexcused(row) {
					want = bontot.Unexcused
				}
				row++
			} else {
				row = 0
			}
			if want != counted {
				changes = append(changes, change{mtg, mem, want})
			}
		}
		return rows.Err()
	})
	if err != nil {
		return err
	}
	rescore := map[int64]bool{}
	if saved != 0 {
		rescore[saved] = true
	}
	for _, c := range changes {
		if _, err := tx.Exec(`UPDATE meeting_attendance SET counted = ? WHERE meeting_id = ? AND member_id = ?`, c.counted, c.meeting, c.member); err != nil {
			return err
		}
		rescore[c.meeting] = true
	}
	ids := make([]int64, 0, len(rescore))
	for id := range rescore {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		if err := tx.rescoreMeeting(id, sheet); err != nil {
			return err
		}
	}
	return nil
}

func compactIDs(ids []int64) []int64 {
	out := ids[:0]
	for i, id := range ids {
		if i == 0 || id != ids[i-1] {
			out = append(out, id)
		}
	}
	return out
}

// rescoreMeeting recomputes a meeting's counts from its counted statuses
// and stores its item points, total and grade.
func (tx *Tx) rescoreMeeting(id int64, sheet *scoring.MeetingSheet) error {
	m := &bontot.Meeting{}
	err := tx.QueryRow(`SELECT speakers, minutes, minutes_signed, p_preparation, p_agenda, p_principles, p_last_resolution FROM meetings WHERE id = ?`, id).
		Scan(&m.Speakers, &m.Minutes, &m.MinutesSigned, &m.Preparation, &m.Agenda, &m.Principles, &m.LastResolution)
	if err != nil {
		return notFound(err, "biên bản sinh hoạt")
	}
	rows, err := tx.Query(`SELECT counted FROM meeting_attendance WHERE meeting_id = ?`, id)
	if err != nil {
		return err
	}
	for rows.Next() {
		var a bontot.Attendee
		if err := rows.Scan(&a.Counted); err != nil {
			rows.Close()
			return err
		}
		m.Attendees = append(m.Attendees, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	m.Tally()
	r := scoring.ScoreMeeting(sheet, m.Input())
	_, err = tx.Exec(`UPDATE meetings SET roll_size = ?, present = ?, excused = ?, unexcused = ?, exempt = ?,
		p_attendance = ?, p_preparation = ?, p_agenda = ?, p_contributions = ?, p_duration = ?, p_minutes = ?, p_principles = ?, p_last_resolution = ?,
		total = ?, grade = ? WHERE id = ?`,
		m.RollSize, m.Present, m.Excused, m.Unexcused, m.Exempt,
		r.Points(scoring.MeetingAttendance), r.Points(scoring.MeetingPreparation), r.Points(scoring.MeetingAgenda), r.Points(scoring.MeetingContributions),
		r.Points(scoring.MeetingDuration), r.Points(scoring.MeetingMinutes), r.Points(scoring.MeetingPrinciples), r.Points(scoring.MeetingLastResolution),
		r.Total, r.Grade, id)
	return err
}

// meetingSummary is the audit sentence of a meeting change.
func meetingSummary(verb string, m *bontot.Meeting) string {
	return fmt.Sprintf("%s sinh hoạt %s ngày %s của “%s”: %s điểm, %s", verb, strings.ToLower(m.Kind.Label()), m.HeldOn, m.OrgName, m.Total, m.Grade.Label())
}

// meetingChanges lists the fields that differ, for the audit log.
func meetingChanges(old, new *bontot.Meeting) []bontot.Change {
	yes := func(b bool) string {
		if b {
			return "có"
		}
		return "không"
	}
	attendance := func(m *bontot.Meeting) string {
		if m.RollSize == 0 {
			return ""
		}
		return fmt.Sprintf("có mặt %d/%d, vắng có lý do %d, không lý do %d, miễn %d", m.Present, m.Counted(), m.Excused, m.Unexcused, m.Exempt)
	}
	score := func(m *bontot.Meeting) string {
		if m.Grade == "" {
			return ""
		}
		return fmt.Sprintf("%s điểm, %s", m.Total, m.Grade.Label())
	}
	pairs := []struct{ field, o, n string }{
		{"Loại", old.Kind.Label(), new.Kind.Label()},
		{"Chuyên đề", old.Topic, new.Topic},
		{"Ngày", old.HeldOn.String(), new.HeldOn.String()},
		{"Thời gian", strings.Trim(old.Start+"–"+old.End, "–"), strings.Trim(new.Start+"–"+new.End, "–")},
		{"Địa điểm", old.Place, new.Place},
		{"Chủ trì", old.Chair, new.Chair},
		{"Thư ký", old.MinuteTaker, new.MinuteTaker},
		{"Dự họp", attendance(old), attendance(new)},
		{"Số người phát biểu", itoaIf(old.Speakers, old.RollSize > 0), itoaIf(new.Speakers, new.RollSize > 0)},
		{"Biên bản có chữ ký", yesIf(old.RollSize > 0, yes(old.MinutesSigned)), yesIf(new.RollSize > 0, yes(new.MinutesSigned))},
		{"Tệp biên bản", old.MinutesFilename, new.MinutesFilename},
		{"Kết quả", score(old), score(new)},
	}
	var out []bontot.Change
	for _, p := range pairs {
		if p.o != p.n {
			out = append(out, bontot.Change{Field: p.field, Old: p.o, New: p.n})
		}
	}
	return out
}

func itoaIf(n int, ok bool) string {
	if !ok {
		return ""
	}
	return strconv.Itoa(n)
}

func yesIf(ok bool, s string) string {
	if !ok {
		return ""
	}
	return s
}

// MissingMonths returns the months of year up to upTo (a month is due once
// it has ended, and only while the cell existed the whole month) in which
// the cell recorded no regular meeting.
func (s *Store) MissingMonths(ctx context.Context, cellID int64, year int, upTo bontot.Date) ([]int, error) {
	var out []int
	err := s.read(ctx, func(tx *Tx) error {
		o, err := tx.cell(cellID)
		if err != nil {
			return err
		}
		held, err := tx.heldMonths([]int64{cellID}, year)
		if err != nil {
			return err
		}
		out = missing(bontot.DueMonths(year, upTo, o.ValidFrom, o.ValidTo), held[cellID].mask)
		return nil
	})
	return out, err
}

// missing returns the due months whose bit is not set in mask.
func missing(due []int, mask int) []int {
	var out []int
	for _, m := range due {
		if mask&(1<<m) == 0 {
			out = append(out, m)
		}
	}
	return out
}

// monthOf is the SQL expression of the month (1–12) of a DATE column.
func (s *Store) monthOf(col string) string {
	if s.engine == Postgres {
		return `CAST(EXTRACT(MONTH FROM ` + col + `) AS INTEGER)`
	}
	return `CAST(strftime('%m', ` + col + `) AS INTEGER)`
}

// yearAgg is one cell's meetings of a year, aggregated.
type yearAgg struct {
	mask                       int // bit m: a regular meeting in month m
	regular, thematic          int
	scoreSum                   scoring.Points
	good, fair, average, poors int
}

// heldMonths aggregates the meetings of the cells in a year, by cell, with
// one grouped query over the meetings_org index.
func (tx *Tx) heldMonths(cells []int64, year int) (map[int64]yearAgg, error) {
	from, to := yearRange(year)
	out := map[int64]yearAgg{}
	err := chunks(cells, func(part []int64) error {
		// SUM(DISTINCT 1 << month) over the regular meetings is the set of
		// months held, as a bit mask, on both engines.
		rows, err := tx.Query(`SELECT m.org_id,
			CAST(SUM(DISTINCT CASE WHEN m.kind = 'regular' THEN 1 << `+tx.s.monthOf("m.held_on")+` ELSE 0 END) AS BIGINT),
			CAST(SUM(CASE WHEN m.kind = 'regular' THEN 1 ELSE 0 END) AS BIGINT), CAST(SUM(CASE WHEN m.kind = 'thematic' THEN 1 ELSE 0 END) AS BIGINT),
			CAST(SUM(CASE WHEN m.kind = 'regular' THEN m.total ELSE 0 END) AS BIGINT),
			CAST(SUM(CASE WHEN m.kind = 'regular' AND m.grade = 'good' THEN 1 ELSE 0 END) AS BIGINT),
			CAST(SUM(CASE WHEN m.kind = 'regular' AND m.grade = 'fair' THEN 1 ELSE 0 END) AS BIGINT),
			CAST(SUM(CASE WHEN m.kind = 'regular' AND m.grade = 'average' THEN 1 ELSE 0 END) AS BIGINT),
			CAST(SUM(CASE WHEN m.kind = 'regular' AND m.grade = 'poor' THEN 1 ELSE 0 END) AS BIGINT)
			FROM meetings m WHERE m.org_id IN (`+placeholders(len(part))+`) AND m.held_on >= ? AND m.held_on < ? GROUP BY m.org_id`,
			append(int64Args(part), from, to)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var a yearAgg
			if err := rows.Scan(&id, &a.mask, &a.regular, &a.thematic, &a.scoreSum, &a.good, &a.fair, &a.average, &a.poors); err != nil {
				return err
			}
			out[id] = a
		}
		return rows.Err()
	})
	return out, err
}

// MaxMeetingStats is the most cells MeetingStats returns.
const MaxMeetingStats = 1000

// MeetingStats returns, for the cells of the subtree under (existing at some
// time in the year), their meetings of the year: months held, months
// missing up to today, regular and thematic meetings, average score and
// grades. Cells come in tree order of their committees, then in Vietnamese
// order; at most MaxMeetingStats, the second result reporting more.
func (s *Store) MeetingStats(ctx context.Context, under string, year int) ([]*bontot.MeetingStat, bool, error) {
	from, to := yearRange(year)
	lo, hi := "/", "0" // every path
	if under != "" {
		lo, hi = subtreeRange(under)
	}
	today := s.Today()
	type cellRow struct {
		st                 *bontot.MeetingStat
		validFrom, validTo bontot.Date
		parentPath         string
		nameKey, parentKey []byte
	}
	var cells []cellRow
	var more bool
	err := s.read(ctx, func(tx *Tx) error {
		rows, err := tx.Query(`SELECT o.id, o.name, COALESCE(p.name, ''), o.path, o.valid_from, o.valid_to, o.name_key, COALESCE(p.path, '')
			FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id
			WHERE o.path >= ? AND o.path < ? AND o.kind IN (?, ?) AND o.valid_from < ? AND (o.valid_to IS NULL OR o.valid_to > ?)
			ORDER BY o.path LIMIT ?`, lo, hi, bontot.KindCell, bontot.KindBaseCell, to, from, MaxMeetingStats+1)
		if err != nil {
			return err
		}
		for rows.Next() {
			c := cellRow{st: &bontot.MeetingStat{}}
			if err := rows.Scan(&c.st.OrgID, &c.st.OrgName, &c.st.OrgParentName, &c.st.OrgPath, &c.validFrom, &c.validTo, &c.nameKey, &c.parentPath); err != nil {
				rows.Close()
				return err
			}
			cells = append(cells, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(cells) > MaxMeetingStats {
			cells, more = cells[:MaxMeetingStats], true
		}
		ids := make([]int64, len(cells))
		for i, c := range cells {
			ids[i] = c.st.OrgID
		}
		agg, err := tx.heldMonths(ids, year)
		if err != nil {
			return err
		}
		for _, c := range cells {
			a := agg[c.st.OrgID]
			st := c.st
			st.Months = a.mask
			st.Held = bits.OnesCount(uint(st.Months))
			st.Missing = missing(bontot.DueMonths(year, today, c.validFrom, c.validTo), st.Months)
			st.Regular, st.Thematic, st.ScoreSum = a.regular, a.thematic, a.scoreSum
			st.Average = scoring.MulDiv(a.scoreSum, 1, int64(a.regular))
			st.GradeGood, st.GradeFair, st.GradeAverage, st.GradePoor = a.good, a.fair, a.average, a.poors
		}
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	// Committees in tree order, their cells in Vietnamese order.
	sort.SliceStable(cells, func(i, j int) bool {
		if cells[i].parentPath != cells[j].parentPath {
			return cells[i].parentPath < cells[j].parentPath
		}
		return bytes.Compare(cells[i].nameKey, cells[j].nameKey) < 0
	})
	out := make([]*bontot.MeetingStat, len(cells))
	for i, c := range cells {
		out[i] = c.st
	}
	return out, more, nil
}

// MemberAttendance returns a member's attendance at meetings in a year and
// the current run of absences.
func (s *Store) MemberAttendance(ctx context.Context, memberID int64, year int) (*bontot.MemberAttendance, error) {
	out := &bontot.MemberAttendance{Year: year}
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT ma.counted, m.held_on FROM meeting_attendance ma JOIN meetings m ON m.id = ma.meeting_id
		WHERE ma.member_id = ? ORDER BY m.held_on, m.start_time, m.id`), memberID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var status string
		var on bontot.Date
		if err := rows.Scan(&status, &on); err != nil {
			return nil, err
		}
		switch status {
		case "present":
			out.AbsentInARow = 0
		case "excused", "unexcused":
			out.AbsentInARow++
		}
		if on.Year() != year {
			continue
		}
		out.Meetings++
		switch status {
		case "present":
			out.Present++
		case "excused":
			out.Excused++
		case "unexcused":
			out.Unexcused++
		case "exempt":
			out.Exempt++
		}
	}
	return out, rows.Err()
}
