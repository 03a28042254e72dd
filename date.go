package bontot

import (
	"database/sql/driver"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar date without time of day or zone. The zero Date means
// "not set". It is stored as DATE in PostgreSQL and as 'YYYY-MM-DD' text in SQLite.
type Date struct{ t time.Time }

// NewDate returns the date y-m-d. It does not validate; use ParseDate for input.
func NewDate(y int, m time.Month, d int) Date { return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date { return NewDate(t.Date()) }

// Zone is Vietnam's time zone (UTC+7, no daylight saving). "Today" is always
// the date in Vietnam, whatever the server's zone.
var Zone = time.FixedZone("ICT", 7*3600)

// Today returns the date in Vietnam at the instant t.
func Today(t time.Time) Date { return DateOf(t.In(Zone)) }

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Time returns d as midnight UTC.
func (d Date) Time() time.Time { return d.t }

// Year returns the year of d.
func (d Date) Year() int { return d.t.Year() }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// String formats d as dd/mm/yyyy, the way Vietnamese documents write dates.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("02/01/2006")
}

// ISO formats d as yyyy-mm-dd (HTML date inputs, JSON, the database).
func (d Date) ISO() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("2006-01-02")
}

// ParseDate reads a date typed by a user: dd/mm/yyyy (also d/m/yyyy and
// dd-mm-yyyy, dd.mm.yyyy) or yyyy-mm-dd as sent by date pickers. An empty
// string gives the zero Date. Impossible dates such as 31/02/1970 are refused
// with a Vietnamese message.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	bad := Errorf(EINVALID, "Ngày “%s” không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/09/1985.", s)
	var y, m, d int
	if len(s) == 10 && s[4] == '-' && s[7] == '-' {
		p := strings.Split(s, "-")
		y, m, d = atoi(p[0]), atoi(p[1]), atoi(p[2])
	} else {
		p := strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '-' || r == '.' })
		if len(p) != 3 || len(p[2]) != 4 || len(p[0]) > 2 || len(p[1]) > 2 {
			return Date{}, bad
		}
		d, m, y = atoi(p[0]), atoi(p[1]), atoi(p[2])
	}
	if y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 {
		return Date{}, bad
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || int(t.Month()) != m {
		return Date{}, Errorf(EINVALID, "Ngày “%s” không có thật: tháng %d năm %d không có ngày %d.", s, m, y, d)
	}
	return Date{t}, nil
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// MustDate parses s with ParseDate and panics on error; for tests and fixed data.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// Value implements driver.Valuer: NULL for the zero date, else yyyy-mm-dd.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.ISO(), nil
}

// Scan implements sql.Scanner for both engines (time.Time from PostgreSQL, text from SQLite).
func (d *Date) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*d = Date{}
	case time.Time:
		*d = NewDate(v.Date())
	case string:
		return d.scanString(v)
	case []byte:
		return d.scanString(string(v))
	default:
		return fmt.Errorf("bontot.Date: cannot scan %T", v)
	}
	return nil
}

func (d *Date) scanString(s string) error {
	if len(s) > 10 {
		s = s[:10]
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return fmt.Errorf("bontot.Date: %w", err)
	}
	*d = Date{t}
	return nil
}

// MarshalText implements encoding.TextMarshaler (yyyy-mm-dd; empty when unset).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.ISO()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseDate's rules.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
