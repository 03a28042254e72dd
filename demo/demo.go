// Package demo generates demonstration and load-test data for Bốn Tốt: the
// party organizations and members of old Hà Tĩnh city before 2025 (HaTinh),
// and synthetic trees of any size up to the whole country (Generate).
//
// HaTinh, Generate, GenerateYear and GenerateMeetings are pure data
// generation and know nothing of the database; Install loads HaTinh into a
// store with one demo account per role and the city's 2023–2025 campaign:
// the launch and deployment of every grassroots organization, the 2025
// registrations of emulation targets and meeting records, the ratings and
// the assessments (GenerateYear draws a campaign year, GenerateMeetings a
// year of cell meetings, for any tree).
// Every output is deterministic — the same call gives the same data — so
// tests and demos can name organizations and members that will be there.
package demo

import (
	"strconv"
	"time"

	"bontot"
)

// OrgSeed is an organization to load, with its parent given by code.
// Code, Name, ShortName, Kind, Subtype, ValidFrom and Decision are set; the
// ids, paths and counts are left zero for the store to fill.
type OrgSeed struct {
	bontot.Org
	ParentCode string // "" for the root
}

// MemberSeed is a member to load, registered officially in the cell OrgCode
// since Since. FullName, Gender, BirthDate, AdmittedDate, FullMemberDate,
// Status, CardNumber, Position and Phone are set.
type MemberSeed struct {
	bontot.Member
	OrgCode string
	Since   bontot.Date // start of the official membership in that cell
}

// FindOrg returns the organization of orgs with the given code, or nil.
func FindOrg(orgs []OrgSeed, code string) *OrgSeed {
	for i := range orgs {
		if orgs[i].Code == code {
			return &orgs[i]
		}
	}
	return nil
}

// Days are counted from 1970-01-01 (day 0) so that the generators can draw
// dates with integer arithmetic and convert only what they emit.

// dayOf returns the day number of y-m-d (proleptic Gregorian; H. Hinnant's days_from_civil).
func dayOf(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y
	if era < 0 {
		era -= 399
	}
	era /= 400
	yoe := y - era*400
	mp := m + 9
	if m > 2 {
		mp = m - 3
	}
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civil returns the calendar date of day number n (H. Hinnant's civil_from_days).
func civil(n int) (y, m, d int) {
	n += 719468
	era := n
	if era < 0 {
		era -= 146096
	}
	era /= 146097
	doe := n - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if mp >= 10 {
		m = mp - 9
	}
	y = yoe + era*400
	if m <= 2 {
		y++
	}
	return y, m, d
}

// dateOf converts a day number to a bontot.Date.
func dateOf(n int) bontot.Date { return bontot.NewDate(1970, time.January, 1+n) }

// dayNum is the day number of d.
func dayNum(d bontot.Date) int { return int(d.Time().Unix() / 86400) }

// Fixed days of the data.
var (
	end2024  = dayOf(2024, 12, 31) // data is as of the end of 2024
	end2015  = dayOf(2015, 12, 31) // last founding of a grassroots organization
	lastCell = dayOf(2020, 6, 30)  // last founding of a cell, leaving room for its groups
	end2020  = dayOf(2020, 12, 31) // last founding of a party group
)

// decision formats a founding decision: "Quyết định số 125-QĐ/TU ngày 12/03/2015".
// buf is scratch space, kept for the next call.
func decision(scratch *[]byte, number int, issuer string, day int) string {
	y, m, d := civil(day)
	buf := append((*scratch)[:0], "Quyết định số "...)
	buf = strconv.AppendInt(buf, int64(number), 10)
	buf = append(buf, "-QĐ/"...)
	buf = append(buf, issuer...)
	buf = append(buf, " ngày "...)
	buf = append2(buf, d)
	buf = append(buf, '/')
	buf = append2(buf, m)
	buf = append(buf, '/')
	buf = strconv.AppendInt(buf, int64(y), 10)
	*scratch = buf
	return string(buf)
}

// append2 appends n (0–99) as two digits.
func append2(buf []byte, n int) []byte { return append(buf, byte('0'+n/10), byte('0'+n%10)) }

// appendN appends n zero-padded to width digits.
func appendN(buf []byte, n, width int) []byte {
	start := len(buf)
	for range width {
		buf = append(buf, '0')
	}
	for i := len(buf) - 1; i >= start && n > 0; i-- {
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return buf
}

// issuer is the suffix of the decisions by which an organization of kind
// parent founds its children: TW for the Central Committee, TU for a
// provincial or city committee, ĐU for a base committee, CB for a cell.
func issuer(parent bontot.OrgKind) string {
	switch parent {
	case "":
		return "TW"
	case bontot.KindSuperior:
		return "TU"
	case bontot.KindBaseCommittee, bontot.KindIntermediate:
		return "ĐU"
	}
	return "CB"
}
