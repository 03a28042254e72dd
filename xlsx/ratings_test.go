package xlsx_test

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"bontot/scoring"
	"bontot/xlsx"
)

func sampleRatings() []xlsx.RatingRow {
	return []xlsx.RatingRow{
		{Row: 2, Year: 2024, OrgCode: "HT.TP.TRP", OrgName: "Đảng bộ phường Trần Phú", Name: "Đảng bộ phường Trần Phú", Rating: scoring.HTTNV},
		{Row: 3, Year: 2024, OrgCode: "HT.TP.TRP.TDP4", OrgName: "Chi bộ TDP 4", Name: "Chi bộ TDP 4", Rating: scoring.HTXSNV},
		{Row: 4, Year: 2024, OrgCode: "HT.TP.TRP.TDP4", OrgName: "Chi bộ TDP 4", CardNumber: "012345678", Name: "Nguyễn Văn Đức", Rating: scoring.HTNV},
		{Row: 5, Year: 2024, OrgCode: "HT.TP.TRP.TDP4", OrgName: "Chi bộ TDP 4", CardNumber: "A-99", Name: "Trần Thị Ánh", Rating: scoring.KHTNV},
	}
}

func TestRoundTripRatings(t *testing.T) {
	for _, f := range formats {
		t.Run(string(f), func(t *testing.T) {
			want := sampleRatings()
			// An unrated row is written with an empty rating and skipped on reading.
			written := append(want[:2:2], xlsx.RatingRow{Year: 2024, OrgCode: "HT.TP.TRP.TDP1", OrgName: "Chi bộ TDP 1", Name: "Chi bộ TDP 1"})
			written = append(written, want[2:]...)
			var buf bytes.Buffer
			if err := xlsx.WriteRatings(&buf, f, written); err != nil {
				t.Fatal(err)
			}
			got, rep, err := xlsx.ReadRatings(bytes.NewReader(buf.Bytes()), f)
			if err != nil {
				t.Fatal(err)
			}
			if !rep.OK() || rep.Rows != len(written) {
				t.Fatalf("report = %+v; want %d rows, no error", rep, len(written))
			}
			for i := range want[2:] {
				want[2+i].Row++ // the unrated row came before
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("read back\n%+v\nwant\n%+v", got, want)
			}
		})
	}
}

func TestWrittenRatings(t *testing.T) {
	var c bytes.Buffer
	if err := xlsx.WriteRatings(&c, xlsx.CSV, sampleRatings()[2:3]); err != nil {
		t.Fatal(err)
	}
	want := "\uFEFFNăm,Mã tổ chức,Tên tổ chức,Số thẻ đảng viên,Họ và tên,Xếp loại\r\n2024,HT.TP.TRP.TDP4,Chi bộ TDP 4,012345678,Nguyễn Văn Đức,HTNV\r\n"
	if c.String() != want {
		t.Errorf("CSV =\n%q\nwant\n%q", c.String(), want)
	}
	var x bytes.Buffer
	if err := xlsx.WriteRatings(&x, xlsx.XLSX, sampleRatings()); err != nil {
		t.Fatal(err)
	}
	wb, err := excelize.OpenReader(&x)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	if got := wb.GetSheetList(); len(got) != 1 || got[0] != "Xếp loại" {
		t.Errorf("sheets = %v", got)
	}
	if v, _ := wb.GetCellValue("Xếp loại", "D4"); v != "012345678" {
		t.Errorf("card number cell = %q", v)
	}
}

func TestReadRatingsPhrasesAndProblems(t *testing.T) {
	csv := "Năm;Mã tổ chức;Số thẻ đảng viên;Xếp loại\n" +
		"2024;HT.TP.TRP;;Hoàn thành tốt nhiệm vụ\n" + // 2: full phrase
		"2024;ht.tp.trp.tdp4;;hoan thanh xuat sac nhiem vu\n" + // 3: no accents, lower case
		"2024;;36 000 001;htnv\n" + // 4: a member by card alone
		"2024;HT.TP.TRP.TDP1;;Tốt\n" + // 5: not a rating
		"24;HT.TP.TRP.TDP2;;HTNV\n" + // 6: bad year
		"2024;;;HTNV\n" + // 7: nobody
		"2024;HT.TP.TRP;;HTNV\n" + // 8: twice
		";HT.TP.TRP.TDP9;;\n" + // 9: nothing to do
		"2024;HT.TP.TRP.TDP3;;KHTNV\n" // 10
	got, rep, err := xlsx.ReadRatings(strings.NewReader(csv), xlsx.CSV)
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, r := range got {
		rows = append(rows, fmt.Sprintf("%d %s %s %s", r.Row, r.OrgCode, r.CardNumber, r.Rating.Code()))
	}
	if g, w := strings.Join(rows, "; "), "2 HT.TP.TRP  HTTNV; 3 HT.TP.TRP.TDP4  HTXSNV; 4  36000001 HTNV; 10 HT.TP.TRP.TDP3  KHTNV"; g != w {
		t.Errorf("rows = %s\nwant   %s", g, w)
	}
	var probs []string
	for _, e := range rep.Errors {
		probs = append(probs, fmt.Sprintf("%d %s", e.Row, e.Column))
	}
	if g, w := strings.Join(probs, "; "), "5 Xếp loại; 6 Năm; 7 Mã tổ chức; 8 Mã tổ chức"; g != w {
		t.Errorf("problems = %s\nwant       %s\n%+v", g, w, rep.Errors)
	}
	if !strings.Contains(rep.Errors[0].Message, "HTXSNV") || !strings.Contains(rep.Errors[3].Message, "dòng 2") {
		t.Errorf("messages = %+v", rep.Errors)
	}
	if _, _, err := xlsx.ReadRatings(strings.NewReader("Năm,Xếp loại\n2024,HTNV\n"), xlsx.CSV); err == nil || !strings.Contains(err.Error(), "Mã tổ chức") {
		t.Errorf("missing column: %v", err)
	}
}
