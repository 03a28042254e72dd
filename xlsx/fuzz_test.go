package xlsx_test

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"bontot"
	"bontot/xlsx"
)

// FuzzReadMembersCSV reads arbitrary CSV: it must not panic, must fail only
// with a Vietnamese EINVALID error, and every row it accepts must pass
// Member.Validate.
func FuzzReadMembersCSV(f *testing.F) {
	var buf bytes.Buffer
	if err := xlsx.WriteMembers(&buf, xlsx.CSV, sampleMembers()); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add(build(f, xlsx.CSV, badMembers))
	f.Add([]byte("ho va ten;gioi tinh;ngay sinh;ngay vao dang;tinh trang;ma chi bo\n\"Lê\nHoa\";nữ;1/2/1990;2015-03-04;du bi;x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, rep, err := xlsx.ReadMembers(bytes.NewReader(data), xlsx.CSV, today)
		if err != nil {
			if bontot.ErrorCode(err) != bontot.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		bad := make(map[int]bool)
		for _, e := range rep.Errors {
			if e.Row < 2 || e.Column == "" || e.Message == "" {
				t.Errorf("malformed problem %+v", e)
			}
			bad[e.Row] = true
		}
		if len(rows)+len(bad) > rep.Rows {
			t.Errorf("%d rows accepted and %d refused of %d", len(rows), len(bad), rep.Rows)
		}
		for _, r := range rows {
			if bad[r.Row] {
				t.Errorf("row %d accepted despite a problem", r.Row)
			}
			m := r.Member
			if err := m.Validate(today); err != nil {
				t.Errorf("row %d accepted but invalid: %v %v", r.Row, err, bontot.ErrorMessage(err))
			}
			if r.OrgCode == "" {
				t.Errorf("row %d accepted without a cell code", r.Row)
			}
		}
	})
}

func benchMembers(n int) []xlsx.MemberRow {
	sample := sampleMembers()
	rows := make([]xlsx.MemberRow, n)
	for i := range rows {
		rows[i] = sample[i%len(sample)]
		rows[i].Row = i + 2
		rows[i].Member.CardNumber = fmt.Sprintf("%08d", i)
	}
	return rows
}

// BenchmarkWriteMembersXLSX exports 100,000 members.
func BenchmarkWriteMembersXLSX(b *testing.B) {
	rows := benchMembers(100_000)
	b.ReportAllocs()
	for b.Loop() {
		if err := xlsx.WriteMembers(io.Discard, xlsx.XLSX, rows); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadMembersXLSX imports 100,000 members.
func BenchmarkReadMembersXLSX(b *testing.B) {
	var buf bytes.Buffer
	if err := xlsx.WriteMembers(&buf, xlsx.XLSX, benchMembers(100_000)); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		rows, rep, err := xlsx.ReadMembers(bytes.NewReader(buf.Bytes()), xlsx.XLSX, today)
		if err != nil || !rep.OK() || len(rows) != 100_000 {
			b.Fatalf("%d rows, %v, %v", len(rows), rep.Err(), err)
		}
	}
}
