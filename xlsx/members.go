package xlsx

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"bontot"
)

// MemberRow is one row of the member register sheet: the member and the code
// of the cell where the member is officially registered. Row is the
// spreadsheet row number it was read from; writers ignore it.
type MemberRow struct {
	Row     int
	Member  bontot.Member
	OrgCode string
}

// memberFieldCols maps the fields of Member.Validate to columns.
var memberFieldCols = map[string]int{
	"full_name": mName, "gender": mGender, "birth_date": mBirth, "admitted_date": mAdmitted,
	"full_member_date": mFullMember, "status": mStatus, "card_number": mCard,
	"position": mPosition, "phone": mPhone,
}

// ReadMembers reads the member register sheet ("Danh sách đảng viên"),
// validating each row against today. It returns the rows without a problem,
// in file order, and a Report of every problem found in the file: values and
// dates that do not parse, Member.Validate's findings (dates in the wrong
// order among them), a card number used twice, a missing cell code. Whether
// the cell codes exist and the card numbers are free in the database is left
// to the caller.
//
// A phone number that lost its leading zero to a number cell (912345678) gets
// it back.
//
// The error is non-nil only when the file cannot be read as a whole: not a
// workbook, empty, or a header row without the required columns.
func ReadMembers(r io.Reader, f Format, today bontot.Date) ([]MemberRow, *Report, error) {
	t, err := openTable(r, f, &memberLayout)
	if err != nil {
		return nil, nil, err
	}
	defer t.close()
	var (
		rep   = &Report{}
		p     problems
		rows  []MemberRow
		cards = make(map[string]int) // card number → row where it first appears
	)
	for t.next() {
		rep.Rows++
		row := t.row()
		add := func(col int, msg string) { p.add(row, col, t.value(col), msg) }
		m := bontot.Member{
			FullName:   t.cell(mName),
			CardNumber: t.cell(mCard),
			Phone:      t.cell(mPhone),
		}
		m.Gender = readEnum(t, &p, mGender, genders, true)
		m.Status = readEnum(t, &p, mStatus, statuses, true)
		m.Position = readEnum(t, &p, mPosition, positions, false)
		m.BirthDate = readDate(t, &p, mBirth)
		m.AdmittedDate = readDate(t, &p, mAdmitted)
		m.FullMemberDate = readDate(t, &p, mFullMember)
		if strings.ContainsFunc(m.Phone, unicode.IsLetter) {
			add(mPhone, fmt.Sprintf("Số điện thoại “%s” chỉ được gồm chữ số.", m.Phone))
		}
		m.Normalize()
		m.Phone = leadingZero(m.Phone)
		fieldErrors(m.Validate(today), func(field, msg string) {
			col, ok := memberFieldCols[field]
			if !ok {
				col = mName
			}
			add(col, msg)
		})
		if m.CardNumber != "" && !p.has(row, mCard) {
			if first, dup := cards[m.CardNumber]; dup {
				add(mCard, fmt.Sprintf("Số thẻ đảng viên “%s” trùng với dòng %d.", m.CardNumber, first))
			} else {
				cards[m.CardNumber] = row
			}
		}
		org := code(t.cell(mOrg))
		if org == "" {
			add(mOrg, "Vui lòng ghi mã chi bộ nơi đảng viên sinh hoạt chính thức.")
		}
		if !p.bad[row] {
			rows = append(rows, MemberRow{Row: row, Member: m, OrgCode: org})
		} else if org != "" {
			if rep.CellCodes == nil {
				rep.CellCodes = map[int]string{}
			}
			rep.CellCodes[row] = org
		}
	}
	if err := t.err(); err != nil {
		return nil, nil, err
	}
	if rep.Rows == 0 {
		return nil, nil, noData()
	}
	p.report(rep, &memberLayout)
	return rows, rep, nil
}

// readEnum reads column c of the current row as one of the values of e,
// recording a problem when the cell names none, or is empty and required.
func readEnum[T ~string](t *table, p *problems, c int, e *enum[T], required bool) T {
	v := t.cell(c)
	if v == "" {
		if required {
			p.add(t.row(), c, v, fmt.Sprintf("Vui lòng ghi %s: %s.", strings.ToLower(t.lay.title(c)), e.list()))
		}
		return ""
	}
	x, ok := e.parse(v)
	if !ok {
		hint := "Hãy ghi"
		if !required {
			hint = "Hãy để trống hoặc ghi"
		}
		p.add(t.row(), c, v, fmt.Sprintf("%s “%s” không hợp lệ. %s một trong các giá trị: %s.", t.lay.title(c), v, hint, e.list()))
	}
	return x
}

// leadingZero gives back the 0 that a spreadsheet drops when a Vietnamese
// phone number is typed into a number cell: 912345678 → 0912345678.
func leadingZero(phone string) string {
	if (len(phone) == 9 || len(phone) == 10) && phone[0] >= '1' && phone[0] <= '9' {
		return "0" + phone
	}
	return phone
}

// WriteMembers writes the member register sheet in format f.
func WriteMembers(w io.Writer, f Format, rows []MemberRow) error {
	s, err := newSink(w, f, &memberLayout)
	if err != nil {
		return err
	}
	cells := make([]string, len(memberLayout.columns))
	for i := range rows {
		r := &rows[i]
		m := &r.Member
		cells[mName] = m.FullName
		cells[mGender] = genders.text(m.Gender)
		cells[mBirth] = m.BirthDate.String()
		cells[mAdmitted] = m.AdmittedDate.String()
		cells[mFullMember] = m.FullMemberDate.String()
		cells[mStatus] = statuses.text(m.Status)
		cells[mCard] = m.CardNumber
		cells[mPosition] = positions.text(m.Position)
		cells[mPhone] = m.Phone
		cells[mOrg] = r.OrgCode
		if err := s.write(cells); err != nil {
			s.abort()
			return err
		}
	}
	return s.close()
}
