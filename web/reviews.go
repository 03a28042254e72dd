package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"bontot"
	"bontot/report"
	"bontot/scoring"
	"bontot/store"
)

// The interim (sơ kết, one year) and final (tổng kết, the whole period)
// reviews of a subtree, built from the data: one report.Report rendered as a
// page (printable), a PDF and a workbook, so the three always agree.

func init() {
	requiredPages = append(requiredPages, "review")
}

// reviewRoutes registers the review report.
func (s *Server) reviewRoutes(page func(string, http.HandlerFunc)) {
	page("GET /reviews", s.handleReview)
}

// reviewSection adds one part of a review for a scope; period is true for the
// final review of the whole period (rs.Year is then the last year).
type reviewSection func(s *Server, r *http.Request, rs *resultsScope, period bool) ([]report.Section, error)

// reviewSections are the parts of a review, in order. Other parts of the
// movement (launch, registration, meetings, sponsors) add theirs here.
var reviewSections []reviewSection

func pct(n, d int64) string {
	if d == 0 {
		return "—"
	}
	return scoring.Percent(n, d).String() + "%"
}

func num(n int64) string { return formatNumber(int(n)) }

// reviewResults is the assessment part: participation, results, year over
// year, units that improved or fell back.
func (s *Server) reviewResults(r *http.Request, rs *resultsScope, period bool) ([]report.Section, error) {
	c := rs.Campaign
	years := []int{rs.Year}
	if period {
		years = nil
		for _, y := range c.Years {
			years = append(years, y.Year)
		}
	} else if c.Year(rs.Year-1) != nil {
		years = []int{rs.Year - 1, rs.Year}
	}
	sums := map[int]*store.Summary{}
	for _, y := range years {
		ss, err := s.store.Summaries(r.Context(), c.ID, y, []*bontot.Org{rs.Org})
		if err != nil {
			return nil, err
		}
		sums[y] = ss[0]
	}
	header := []string{"Chỉ tiêu"}
	numeric := []bool{false}
	for _, y := range years {
		header = append(header, fmt.Sprintf("Chi bộ %d", y), fmt.Sprintf("Đảng bộ cơ sở %d", y))
		numeric = append(numeric, true, true)
	}
	line := func(label string, f func(store.Tally) string) []string {
		row := []string{label}
		for _, y := range years {
			row = append(row, f(sums[y].Cells), f(sums[y].Committees))
		}
		return row
	}
	rows := [][]string{
		line("Số đơn vị tham gia", func(t store.Tally) string { return num(t.Units) }),
		line("Đã gửi tự đánh giá", func(t store.Tally) string { return num(t.SubmittedAny()) }),
		line("Tỷ lệ đã gửi", func(t store.Tally) string { return pct(t.SubmittedAny(), t.Units) }),
		line("Nộp muộn", func(t store.Tally) string { return num(t.Late) }),
		line("Đã phê duyệt", func(t store.Tally) string { return num(t.ApprovedAny()) }),
		line("Đạt “4 tốt”", func(t store.Tally) string { return num(t.FourGood) }),
		line("Tỷ lệ “4 tốt” trên số đơn vị", func(t store.Tally) string { return pct(t.FourGood, t.Units) }),
		line("Khá", func(t store.Tally) string { return num(t.Good) }),
		line("Chưa đạt", func(t store.Tally) string { return num(t.Fail) }),
		line("Được công nhận", func(t store.Tally) string { return num(t.Recognised) }),
		line("Điểm bình quân", func(t store.Tally) string {
			if t.Scored == 0 {
				return "—"
			}
			return t.Average().String()
		}),
	}
	last := sums[rs.Year]
	sec := report.Section{Heading: "Kết quả tự đánh giá, thẩm định và công nhận"}
	sec.Paragraphs = append(sec.Paragraphs, fmt.Sprintf("Năm %d, %s/%s chi bộ và %s/%s đảng bộ cơ sở đã gửi tự đánh giá; %s chi bộ (%s) và %s đảng bộ cơ sở (%s) đạt “4 tốt”; %s đơn vị đã có quyết định công nhận.",
		rs.Year, num(last.Cells.SubmittedAny()), num(last.Cells.Units), num(last.Committees.SubmittedAny()), num(last.Committees.Units),
		num(last.Cells.FourGood), pct(last.Cells.FourGood, last.Cells.Units), num(last.Committees.FourGood), pct(last.Committees.FourGood, last.Committees.Units),
		num(last.Cells.Recognised+last.Committees.Recognised)))
	widths := []float64{3}
	for range years {
		widths = append(widths, 1.2, 1.6)
	}
	sec.Tables = append(sec.Tables, report.Table{Caption: "Kết quả theo năm", Header: header, Rows: rows, Numeric: numeric, Widths: widths})
	out := []report.Section{sec}
	if c.Year(rs.Year-1) != nil {
		improved, fell, ni, nf, err := s.store.ClassChanges(r.Context(), c.ID, rs.Year, rs.Org.Path, 30)
		if err != nil {
			return nil, err
		}
		ch := report.Section{Heading: fmt.Sprintf("Đơn vị tiến bộ, đơn vị sa sút so với năm %d", rs.Year-1),
			Paragraphs: []string{fmt.Sprintf("%s đơn vị xếp loại cao hơn năm trước, %s đơn vị xếp loại thấp hơn.", num(int64(ni)), num(int64(nf)))}}
		table := func(caption string, list []changeRow) report.Table {
			t := report.Table{Caption: caption, Header: []string{"Đơn vị", fmt.Sprintf("Năm %d", rs.Year-1), fmt.Sprintf("Năm %d", rs.Year)},
				Numeric: []bool{false, false, false}, Widths: []float64{3, 1.6, 1.6}}
			for _, x := range list {
				t.Rows = append(t.Rows, []string{x.name, x.from, x.to})
			}
			return t
		}
		if len(improved) > 0 {
			ch.Tables = append(ch.Tables, table("Đơn vị tiến bộ", changeRows(improved)))
		}
		if len(fell) > 0 {
			ch.Tables = append(ch.Tables, table("Đơn vị cần củng cố", changeRows(fell)))
		}
		out = append(out, ch)
	}
	return out, nil
}

// changeRow is a class change as the review prints it.
type changeRow struct{ name, from, to string }

func changeRows(list []store.ClassChange) []changeRow {
	out := make([]changeRow, 0, len(list))
	for _, c := range list {
		name := c.OrgName
		if c.ParentName != "" {
			name += " — " + c.ParentName
		}
		out = append(out, changeRow{name, c.FromTotal.String() + " điểm, " + classLabel(c.FromClass, c.Kind),
			c.ToTotal.String() + " điểm, " + classLabel(c.ToClass, c.Kind)})
	}
	return out
}

// reviewPractices lists the good practices units recorded.
func (s *Server) reviewPractices(r *http.Request, rs *resultsScope, period bool) ([]report.Section, error) {
	year := rs.Year
	if period {
		year = 0
	}
	list, err := s.store.Practices(r.Context(), rs.Campaign.ID, year, rs.Org.Path, 100)
	if err != nil {
		return nil, err
	}
	sec := report.Section{Heading: "Cách làm hay, mô hình hiệu quả"}
	if len(list) == 0 {
		sec.Paragraphs = []string{"Chưa có đơn vị nào ghi nhận cách làm hay."}
		return []report.Section{sec}, nil
	}
	t := report.Table{Header: []string{"Năm", "Đơn vị", "Cách làm hay", "Nội dung"}, Numeric: []bool{true, false, false, false}, Widths: []float64{0.6, 2, 2, 3.4}}
	for _, p := range list {
		t.Rows = append(t.Rows, []string{strconv.Itoa(p.Year), p.OrgName, p.Title, p.Description})
	}
	sec.Tables = []report.Table{t}
	return []report.Section{sec}, nil
}

// buildReview assembles the review of a scope.
func (s *Server) buildReview(r *http.Request, rs *resultsScope, period bool) (*report.Report, error) {
	c := rs.Campaign
	rep := &report.Report{Subtitle: rs.Org.Name,
		Footer: fmt.Sprintf("Bốn Tốt — lập ngày %s", s.store.Today())}
	if period {
		rep.Title = fmt.Sprintf("Báo cáo tổng kết phong trào “%s” (%d–%d)", c.Name, c.FromYear, c.ToYear)
	} else {
		rep.Title = fmt.Sprintf("Báo cáo sơ kết năm %d phong trào “%s”", rs.Year, c.Name)
	}
	parts := append([]reviewSection{}, reviewSections...)
	parts = append(parts, (*Server).reviewResults, (*Server).reviewPractices)
	for _, part := range parts {
		secs, err := part(s, r, rs, period)
		if err != nil {
			return nil, err
		}
		rep.Sections = append(rep.Sections, secs...)
	}
	// Number the sections I, II, III… as reviews are written.
	for i := range rep.Sections {
		rep.Sections[i].Heading = roman(i+1) + ". " + rep.Sections[i].Heading
	}
	return rep, nil
}

func roman(n int) string {
	vals := []int{10, 9, 5, 4, 1}
	syms := []string{"X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}

type reviewData struct {
	Scope  *resultsScope
	Period bool
	Report *report.Report
}

func (s *Server) handleReview(w http.ResponseWriter, r *http.Request) {
	rs, ok := s.loadResultsScope(w, r)
	if !ok {
		return
	}
	if rs.Campaign == nil {
		s.render(w, r, http.StatusOK, "review", &Page{Title: "Sơ kết, tổng kết", Crumbs: rs.Crumbs, Data: &reviewData{Scope: rs}})
		return
	}
	period := r.FormValue("period") != ""
	if period {
		rs.Year = rs.Campaign.Years[len(rs.Campaign.Years)-1].Year
	}
	rep, err := s.buildReview(r, rs, period)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name := fmt.Sprintf("so-ket-%d-%s", rs.Year, strings.ToLower(strings.ReplaceAll(rs.Org.Code, ".", "-")))
	if period {
		name = fmt.Sprintf("tong-ket-%d-%d-%s", rs.Campaign.FromYear, rs.Campaign.ToYear, strings.ToLower(strings.ReplaceAll(rs.Org.Code, ".", "-")))
	}
	switch r.FormValue("format") {
	case "pdf", "xlsx":
		format := r.FormValue("format")
		var b bytes.Buffer
		if format == "pdf" {
			err = report.WritePDF(&b, rep)
			w.Header().Set("Content-Type", "application/pdf")
		} else {
			err = report.WriteXLSX(&b, rep)
			w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.store.Audit(r.Context(), actor(r), "review.export", "org", rs.Org.ID, rs.Org.Path, "Xuất báo cáo: "+rep.Title+" ("+format+")")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.`+format+`"`)
		w.Write(b.Bytes())
		return
	}
	s.render(w, r, http.StatusOK, "review", &Page{Title: rep.Title, Crumbs: rs.Crumbs, Data: &reviewData{Scope: rs, Period: period, Report: rep}})
}
