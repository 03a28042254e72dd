package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"bontot"
	"bontot/scoring"
)

// Rows of one multi-row INSERT of SeedMeetings: 39 parameters a meeting,
// 4 an attendance, well under either engine's limit on parameters.
const (
	seedMeetingRows    = 100
	seedAttendanceRows = 500
)

// SeedMeetings records many cell meetings in one transaction, for demo data
// and migrations from other tools. Each meeting is checked as CreateMeeting
// checks it (its fields against today, the cell existing that day, every
// member of the cell's roll that day once and nobody else, "exempt" only for
// exempt members, one regular meeting a month, counting those already
// stored) and stored as CreateMeeting stores it: the counted status of each
// attendee (an excused absence that is the member's 4th or later in a row
// counts as unexcused), the counts, the points of every item of the default
// sheet, the total and the grade (scoring.ScoreMeeting). Minutes files are
// not loaded. One audit entry sums up the load instead of one per meeting.
//
// A meeting's CreatedAt, when set, is kept as the time it was recorded
// (data brought over from the past); otherwise it is now. On success each
// meeting holds its id, the counted statuses, the counts and the score. When
// the members already have meetings on record, their absences in a row are
// recounted over old and new meetings together, as CreateMeeting does.
func (s *Store) SeedMeetings(ctx context.Context, a Actor, ms []*bontot.Meeting) error {
	if len(ms) == 0 {
		return nil
	}
	sheet := scoring.DefaultMeetingSheet()
	return s.tx(ctx, func(tx *Tx) error {
		today := bontot.Today(tx.now)
		// The cells, once each.
		cells := map[int64]*bontot.Org{}
		var cellIDs []int64
		for _, m := range ms {
			if cells[m.OrgID] != nil {
				continue
			}
			o, err := tx.cell(m.OrgID)
			if err != nil {
				return err
			}
			cells[m.OrgID] = o
			cellIDs = append(cellIDs, m.OrgID)
		}
		slices.Sort(cellIDs)
		fail := func(m *bontot.Meeting, err error) error {
			msg := bontot.ErrorMessage(err)
			if e, ok := err.(*bontot.Error); ok && len(e.Fields) > 0 {
				var parts []string
				for _, k := range slices.Sorted(maps.Keys(e.Fields)) {
					parts = append(parts, e.Fields[k])
				}
				msg = strings.Join(parts, " ")
			}
			return bontot.Errorf(bontot.EINVALID, "Biên bản sinh hoạt ngày %s của “%s”: %s", m.HeldOn, cells[m.OrgID].Name, msg)
		}
		for _, m := range ms {
			m.Normalize()
			if err := m.Validate(today, sheet); err != nil {
				return fail(m, err)
			}
			if o := cells[m.OrgID]; !o.Active(m.HeldOn) {
				return fail(m, bontot.Errorf(bontot.EINVALID, "ngày %s “%s” chưa thành lập hoặc đã hết hiệu lực.", m.HeldOn, o.Name))
			}
		}

		rolls, err := tx.seedRolls(cellIDs)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if err := checkSeedRoll(m, rolls[m.OrgID]); err != nil {
				return fail(m, err)
			}
		}

		// One regular meeting a month, with those already stored.
		type month struct {
			org   int64
			month int
		}
		monthOf := func(d bontot.Date) int { t := d.Time(); return t.Year()*12 + int(t.Month()) }
		held := map[month]bontot.Date{}
		err = chunks(cellIDs, func(part []int64) error {
			rows, err := tx.Query(`SELECT org_id, held_on FROM meetings WHERE kind = 'regular' AND org_id IN (`+placeholders(len(part))+`)`, int64Args(part)...)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var id int64
				var d bontot.Date
				if err := rows.Scan(&id, &d); err != nil {
					return err
				}
				held[month{id, monthOf(d)}] = d
			}
			return rows.Err()
		})
		if err != nil {
			return err
		}
		for _, m := range ms {
			if m.Kind != bontot.MeetingRegular {
				continue
			}
			k := month{m.OrgID, monthOf(m.HeldOn)}
			if other, ok := held[k]; ok {
				t := m.HeldOn.Time()
				return fail(m, bontot.Errorf(bontot.EINVALID, "tháng %d/%d đã có biên bản sinh hoạt định kỳ (ngày %s).", int(t.Month()), t.Year(), other))
			}
			held[k] = m.HeldOn
		}

		// Members who already have meetings on record need a recount afterwards.
		var members []int64
		for _, m := range ms {
			for _, at := range m.Attendees {
				members = append(members, at.MemberID)
			}
		}
		slices.Sort(members)
		members = slices.Compact(members)
		prior := false
		err = chunks(members, func(part []int64) error {
			if prior {
				return nil
			}
			var n int
			err := tx.QueryRow(`SELECT COUNT(*) FROM (SELECT 1 FROM meeting_attendance WHERE member_id IN (`+placeholders(len(part))+`) LIMIT 1) x`,
				int64Args(part)...).Scan(&n)
			prior = n > 0
			return err
		})
		if err != nil {
			return err
		}

		// Ids go cell by cell, in date order within a cell: the rows of a
		// cell's meetings, and of its members' attendance, are written side
		// by side. The absences in a row are counted along the members'
		// meetings in the store's order (date, start, id).
		order := make([]int, len(ms))
		for i := range order {
			order[i] = i
		}
		byDate := func(i, j int) int {
			if c := ms[i].HeldOn.Time().Compare(ms[j].HeldOn.Time()); c != 0 {
				return c
			}
			return cmp.Compare(ms[i].Start, ms[j].Start)
		}
		slices.SortStableFunc(order, func(i, j int) int {
			if c := cmp.Compare(ms[i].OrgID, ms[j].OrgID); c != 0 {
				return c
			}
			return byDate(i, j)
		})
		ids, err := tx.reserveMeetingIDs(len(ms))
		if err != nil {
			return err
		}
		for k, i := range order {
			ms[i].ID = ids[k]
		}
		walk := slices.Clone(order)
		slices.SortStableFunc(walk, func(i, j int) int {
			if c := byDate(i, j); c != 0 {
				return c
			}
			return cmp.Compare(ms[i].ID, ms[j].ID)
		})
		excusedRow := map[int64]int{}
		results := make([]scoring.MeetingResult, len(ms))
		for _, i := range walk {
			m := ms[i]
			for j := range m.Attendees {
				at := &m.Attendees[j]
				at.Counted = at.Status
				if at.Status == bontot.Excused {
					if sheet.ExcusedCountsUnexcused(excusedRow[at.MemberID]) {
						at.Counted = bontot.Unexcused
					}
					excusedRow[at.MemberID]++
				} else {
					excusedRow[at.MemberID] = 0
				}
			}
			m.Tally()
			r := scoring.ScoreMeeting(sheet, m.Input())
			results[i] = r
			m.Preparation, m.Agenda = r.Points(scoring.MeetingPreparation), r.Points(scoring.MeetingAgenda)
			m.Principles, m.LastResolution = r.Points(scoring.MeetingPrinciples), r.Points(scoring.MeetingLastResolution)
			m.Total, m.Grade = r.Total, r.Grade
			if m.CreatedAt.IsZero() {
				m.CreatedAt = tx.now
			}
			m.CreatedAt = m.CreatedAt.UTC().Truncate(time.Microsecond)
			m.UpdatedAt, m.CreatedBy, m.CreatedByName = m.CreatedAt, a.UserID, a.Username
			o := cells[m.OrgID]
			m.OrgName, m.OrgPath = o.Name, o.Path
		}

		// The meetings, then their attendance, in id order.
		const meetingHead = `INSERT INTO meetings (id, org_id, kind, topic, held_on, place, start_time, end_time, minutes, chair, minute_taker, guests,
			agenda_review, agenda_information, agenda_tasks, agenda_resolution, speakers, praise_criticism, resolution,
			roll_size, present, excused, unexcused, exempt, p_attendance, p_preparation, p_agenda, p_contributions, p_duration, p_minutes,
			p_principles, p_last_resolution, total, grade, minutes_signed, created_by, created_by_name, created_at, updated_at) VALUES `
		const meetingRow = `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
		err = tx.insertRows(meetingHead, meetingRow, seedMeetingRows, len(order), func(args []any, k int) []any {
			i := order[k]
			m, r := ms[i], &results[i]
			return append(args, m.ID, m.OrgID, m.Kind, m.Topic, m.HeldOn, m.Place, m.Start, m.End, m.Minutes, m.Chair, m.MinuteTaker, m.Guests,
				m.AgendaReview, m.AgendaInformation, m.AgendaTasks, m.AgendaResolution, m.Speakers, m.PraiseCriticism, m.Resolution,
				m.RollSize, m.Present, m.Excused, m.Unexcused, m.Exempt,
				r.Points(scoring.MeetingAttendance), r.Points(scoring.MeetingPreparation), r.Points(scoring.MeetingAgenda),
				r.Points(scoring.MeetingContributions), r.Points(scoring.MeetingDuration), r.Points(scoring.MeetingMinutes),
				r.Points(scoring.MeetingPrinciples), r.Points(scoring.MeetingLastResolution), r.Total, r.Grade, m.MinutesSigned,
				nullInt(a.UserID), a.Username, m.CreatedAt, m.UpdatedAt)
		})
		if err != nil {
			return fmt.Errorf("store: seed meetings: %w", err)
		}
		type attendance struct {
			meeting int64
			a       *bontot.Attendee
		}
		var rows []attendance
		for _, i := range order {
			m := ms[i]
			first := len(rows)
			for j := range m.Attendees {
				rows = append(rows, attendance{m.ID, &m.Attendees[j]})
			}
			part := rows[first:]
			slices.SortFunc(part, func(x, y attendance) int { return cmp.Compare(x.a.MemberID, y.a.MemberID) })
		}
		err = tx.insertRows(`INSERT INTO meeting_attendance (meeting_id, member_id, status, counted) VALUES `, `(?, ?, ?, ?)`,
			seedAttendanceRows, len(rows), func(args []any, k int) []any {
				r := rows[k]
				return append(args, r.meeting, r.a.MemberID, r.a.Status, r.a.Counted)
			})
		if err != nil {
			return fmt.Errorf("store: seed meeting attendance: %w", err)
		}
		attendances := len(rows)

		// Each seeded regular meeting is its cell's first of the month (checked
		// above), so it adds one to the counters of the cell and those above it.
		deltas := map[monthKey]int{}
		for _, m := range ms {
			if m.Kind == bontot.MeetingRegular {
				for _, id := range bontot.PathIDs(cells[m.OrgID].Path) {
					deltas[monthKey{id, ymOf(m.HeldOn)}]++
				}
			}
		}
		if err := tx.addMeetingRollup(deltas); err != nil {
			return err
		}

		if prior {
			if err := tx.recount(0, members); err != nil {
				return err
			}
			if err := tx.refreshSeeded(ms); err != nil {
				return err
			}
		}
		return tx.audit(a, "meeting.seed", "meeting", 0, "",
			fmt.Sprintf("Nạp %d biên bản sinh hoạt của %d chi bộ (%d lượt đảng viên dự họp)", len(ms), len(cellIDs), attendances), nil)
	})
}

// insertRows inserts n rows with multi-row INSERTs of up to per rows each,
// fill appending the values of row i: one statement prepared for every full
// batch, another for the last one.
func (tx *Tx) insertRows(head, row string, per, n int, fill func(args []any, i int) []any) error {
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	args := make([]any, 0, strings.Count(row, "?")*per)
	for start := 0; start < n; start += per {
		end := min(start+per, n)
		args = args[:0]
		for i := start; i < end; i++ {
			args = fill(args, i)
		}
		var err error
		if end-start == per {
			if full == nil {
				if full, err = tx.tx.PrepareContext(tx.ctx, tx.s.rebind(multiRowSQL(head, row, per))); err != nil {
					return err
				}
			}
			_, err = full.ExecContext(tx.ctx, args...)
		} else {
			_, err = tx.Exec(multiRowSQL(head, row, end-start), args...)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// seedMember is one official membership of a cell, for the roll of a day.
type seedMember struct {
	member   int64
	name     string
	status   bontot.MemberStatus
	from, to bontot.Date
}

// seedRolls reads the official memberships of the cells.
func (tx *Tx) seedRolls(cellIDs []int64) (map[int64][]seedMember, error) {
	out := map[int64][]seedMember{}
	err := chunks(cellIDs, func(part []int64) error {
		rows, err := tx.Query(`SELECT ms.org_id, mb.id, mb.full_name, mb.status, ms.from_date, ms.to_date
			FROM memberships ms JOIN members mb ON mb.id = ms.member_id
			WHERE ms.kind = ? AND ms.org_id IN (`+placeholders(len(part))+`)`, append([]any{bontot.Official}, int64Args(part)...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var org int64
			var sm seedMember
			if err := rows.Scan(&org, &sm.member, &sm.name, &sm.status, &sm.from, &sm.to); err != nil {
				return err
			}
			out[org] = append(out[org], sm)
		}
		return rows.Err()
	})
	return out, err
}

// checkSeedRoll compares a meeting's attendees with the cell's roll on the
// meeting day, as checkRoll does: every member on it once, nobody else,
// valid statuses, "exempt" only for exempt members.
func checkSeedRoll(m *bontot.Meeting, memberships []seedMember) error {
	onRoll := map[int64]seedMember{}
	for _, sm := range memberships {
		if !sm.from.After(m.HeldOn) && (sm.to.IsZero() || sm.to.After(m.HeldOn)) {
			onRoll[sm.member] = sm
		}
	}
	if len(onRoll) == 0 {
		return bontot.Errorf(bontot.EINVALID, "ngày %s chi bộ không có đảng viên sinh hoạt chính thức nào.", m.HeldOn)
	}
	given := map[int64]bool{}
	for _, at := range m.Attendees {
		sm, ok := onRoll[at.MemberID]
		switch {
		case !ok || given[at.MemberID]:
			return bontot.Errorf(bontot.EINVALID, "danh sách dự họp khác danh sách đảng viên của chi bộ ngày %s (đảng viên %d).", m.HeldOn, at.MemberID)
		case !at.Status.Valid():
			return bontot.Errorf(bontot.EINVALID, "tình trạng dự họp “%s” của đồng chí %s không hợp lệ.", at.Status, sm.name)
		case at.Status == bontot.Exempt && sm.status != bontot.StatusExempt:
			return bontot.Errorf(bontot.EINVALID, "đồng chí %s không thuộc diện miễn sinh hoạt.", sm.name)
		}
		given[at.MemberID] = true
	}
	if len(given) != len(onRoll) {
		for id, sm := range onRoll {
			if !given[id] {
				return bontot.Errorf(bontot.EINVALID, "chưa có tình trạng dự họp của đồng chí %s.", sm.name)
			}
		}
	}
	return nil
}

// reserveMeetingIDs returns n fresh meeting ids in increasing order. The
// SQLite transaction holds the write lock, so the ids after the largest are
// free; PostgreSQL draws them from the identity sequence.
func (tx *Tx) reserveMeetingIDs(n int) ([]int64, error) {
	ids := make([]int64, 0, n)
	if tx.s.engine == Postgres {
		rows, err := tx.Query(`SELECT nextval(pg_get_serial_sequence('meetings', 'id')) FROM generate_series(1, ?)`, n)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return nil, err
			}
			ids = append(ids, id)
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
		slices.Sort(ids)
		return ids, nil
	}
	var last int64
	if err := tx.QueryRow(`SELECT COALESCE(MAX(id), 0) FROM meetings`).Scan(&last); err != nil {
		return nil, err
	}
	for i := range n {
		ids = append(ids, last+1+int64(i))
	}
	return ids, nil
}

// refreshSeeded reads back the counted statuses, counts and scores of
// seeded meetings after a recount changed some of them.
func (tx *Tx) refreshSeeded(ms []*bontot.Meeting) error {
	byID := make(map[int64]*bontot.Meeting, len(ms))
	ids := make([]int64, len(ms))
	for i, m := range ms {
		byID[m.ID], ids[i] = m, m.ID
	}
	slices.Sort(ids)
	return chunks(ids, func(part []int64) error {
		in := `(` + placeholders(len(part)) + `)`
		rows, err := tx.Query(`SELECT id, roll_size, present, excused, unexcused, exempt, total, grade FROM meetings WHERE id IN `+in, int64Args(part)...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var v bontot.Meeting
			if err := rows.Scan(&id, &v.RollSize, &v.Present, &v.Excused, &v.Unexcused, &v.Exempt, &v.Total, &v.Grade); err != nil {
				rows.Close()
				return err
			}
			m := byID[id]
			m.RollSize, m.Present, m.Excused, m.Unexcused, m.Exempt, m.Total, m.Grade = v.RollSize, v.Present, v.Excused, v.Unexcused, v.Exempt, v.Total, v.Grade
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = tx.Query(`SELECT meeting_id, member_id, counted FROM meeting_attendance WHERE meeting_id IN `+in, int64Args(part)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, member int64
			var c bontot.Attendance
			if err := rows.Scan(&id, &member, &c); err != nil {
				return err
			}
			m := byID[id]
			for j := range m.Attendees {
				if m.Attendees[j].MemberID == member {
					m.Attendees[j].Counted = c
				}
			}
		}
		return rows.Err()
	})
}
