package xlsx

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"bontot/scoring"
	"bontot/vn"
)

// RatingRow is one row of the rating sheet: an organization's own rating
// (CardNumber empty) or a member's, with the code of the member's cell. The
// names are for people reading the file; imports identify organizations by
// code and members by card number. Row is the spreadsheet row number it was
// read from; writers ignore it.
type RatingRow struct {
	Row        int
	Year       int
	OrgCode    string
	OrgName    string
	CardNumber string
	Name       string
	Rating     scoring.Rating // Unrated is written as an empty cell
}

// Columns of the rating sheet.
const (
	rYear = iota
	rOrgCode
	rOrgName
	rCard
	rName
	rRating
)

var ratingLayout = layout{sheet: "Xếp loại", columns: []column{
	rYear:    {title: "Năm", width: 8, required: true},
	rOrgCode: {title: "Mã tổ chức", width: 24, required: true},
	rOrgName: {title: "Tên tổ chức", width: 36},
	rCard:    {title: "Số thẻ đảng viên", width: 18},
	rName:    {title: "Họ và tên", width: 28},
	rRating:  {title: "Xếp loại", width: 30, required: true},
}}

// parseRating reads a rating cell with scoring.ParseRating: a code or the
// full phrase, in any case, with or without accents. ok is false for text
// that is no rating; “Chưa xếp loại” is Unrated.
func parseRating(s string) (r scoring.Rating, ok bool) {
	r, err := scoring.ParseRating(s)
	return r, err == nil
}

func ratingChoices() string {
	var codes, labels []string
	for _, r := range scoring.Ratings {
		codes = append(codes, r.Code())
		labels = append(labels, "“"+r.Label()+"”")
	}
	return strings.Join(codes, ", ") + " hoặc ghi đủ: " + strings.Join(labels, ", ")
}

// ReadRatings reads the rating sheet ("Xếp loại"). A row whose rating cell
// is empty (or says “Chưa xếp loại”) changes nothing and is skipped, so that an exported sheet can be
// filled in part and imported back. It returns the other rows without a
// problem, in file order, and a Report of every problem found in the file: a
// year or a rating that does not parse, a row naming neither an
// organization nor a member, the same organization or member twice in a
// year. Whether the codes and card numbers exist, and the rating rules, are
// left to the caller.
//
// The error is non-nil only when the file cannot be read as a whole.
func ReadRatings(r io.Reader, f Format) ([]RatingRow, *Report, error) {
	t, err := openTable(r, f, &ratingLayout)
	if err != nil {
		return nil, nil, err
	}
	defer t.close()
	var (
		rep  = &Report{}
		p    problems
		rows []RatingRow
		seen = map[string]int{} // year and subject → row where it first appears
	)
	for t.next() {
		rep.Rows++
		row := t.row()
		add := func(col int, msg string) { p.add(row, col, t.value(col), msg) }
		rr := RatingRow{Row: row, OrgCode: code(t.cell(rOrgCode)), OrgName: vn.Clean(t.cell(rOrgName)),
			CardNumber: strings.ToUpper(strings.ReplaceAll(vn.Clean(t.cell(rCard)), " ", "")), Name: vn.Clean(t.cell(rName))}
		v := t.cell(rRating)
		var ok bool
		if rr.Rating, ok = parseRating(v); !ok {
			add(rRating, fmt.Sprintf("Xếp loại “%s” không hợp lệ. Hãy ghi một trong các mã %s.", v, ratingChoices()))
		} else if rr.Rating == scoring.Unrated {
			continue // nothing to change
		}
		y := t.cell(rYear)
		if y == "" {
			add(rYear, "Vui lòng ghi năm xếp loại, ví dụ 2024.")
		} else if n, err := strconv.Atoi(strings.TrimSuffix(y, ".0")); err != nil || n < 1900 || n > 2200 {
			add(rYear, fmt.Sprintf("Năm “%s” không hợp lệ: hãy ghi năm bằng bốn chữ số, ví dụ 2024.", y))
		} else {
			rr.Year = n
		}
		if rr.OrgCode == "" && rr.CardNumber == "" {
			add(rOrgCode, "Vui lòng ghi mã tổ chức (xếp loại tổ chức) hoặc số thẻ đảng viên (xếp loại đảng viên).")
		}
		if !p.bad[row] {
			key, col := "o"+rr.OrgCode, rOrgCode
			if rr.CardNumber != "" {
				key, col = "m"+rr.CardNumber, rCard
			}
			key = strconv.Itoa(rr.Year) + key
			if first, dup := seen[key]; dup {
				add(col, fmt.Sprintf("Trùng với dòng %d: mỗi tổ chức, mỗi đảng viên chỉ có một xếp loại trong năm.", first))
			} else {
				seen[key] = row
			}
		}
		if !p.bad[row] {
			rows = append(rows, rr)
		}
	}
	if err := t.err(); err != nil {
		return nil, nil, err
	}
	if rep.Rows == 0 {
		return nil, nil, noData()
	}
	p.report(rep, &ratingLayout)
	return rows, rep, nil
}

// WriteRatings writes the rating sheet in format f, ratings as their codes.
func WriteRatings(w io.Writer, f Format, rows []RatingRow) error {
	s, err := newSink(w, f, &ratingLayout)
	if err != nil {
		return err
	}
	cells := make([]string, len(ratingLayout.columns))
	for i := range rows {
		r := &rows[i]
		cells[rYear] = strconv.Itoa(r.Year)
		cells[rOrgCode] = r.OrgCode
		cells[rOrgName] = r.OrgName
		cells[rCard] = r.CardNumber
		cells[rName] = r.Name
		cells[rRating] = ""
		if r.Rating != scoring.Unrated {
			cells[rRating] = r.Rating.Code()
		}
		if err := s.write(cells); err != nil {
			s.abort()
			return err
		}
	}
	return s.close()
}
