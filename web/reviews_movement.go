package web

import (
	"fmt"
	"net/http"

	"bontot/report"
	"bontot/scoring"
)

// The parts of a review that come from the year's work: launch and
// deployment, registration of targets, cell meetings. (Sponsors' visits and
// recommendations add theirs in reviews_sponsors.go.)
func init() {
	reviewSections = append(reviewSections, (*Server).reviewDeployment, (*Server).reviewRegistration, (*Server).reviewMeetings, (*Server).reviewSponsors)
}

func (s *Server) reviewDeployment(r *http.Request, rs *resultsScope, period bool) ([]report.Section, error) {
	d, err := s.store.DeploymentShares(r.Context(), rs.Campaign.ID, rs.Org.Path, 30, 0)
	if err != nil {
		return nil, err
	}
	t := d.Total
	sec := report.Section{Heading: "Quán triệt, triển khai phong trào"}
	sec.Paragraphs = []string{fmt.Sprintf("%s/%s tổ chức cơ sở đảng (%s) đã tổ chức lễ phát động; %s (%s) đã quán triệt; %s (%s) đã triển khai thực hiện.",
		num(t.Launched), num(t.Units), pct(t.Launched, t.Units), num(t.Disseminated), pct(t.Disseminated, t.Units), num(t.Deployed), pct(t.Deployed, t.Units))}
	if len(d.Missing) > 0 {
		tb := report.Table{Caption: "Tổ chức chưa phát động hoặc chưa triển khai", Header: []string{"Tổ chức", "Trực thuộc"}, Widths: []float64{3, 3}}
		for _, m := range d.Missing {
			tb.Rows = append(tb.Rows, []string{m.Name, m.ParentName})
		}
		sec.Tables = []report.Table{tb}
	}
	return []report.Section{sec}, nil
}

func (s *Server) reviewRegistration(r *http.Request, rs *resultsScope, period bool) ([]report.Section, error) {
	sec := report.Section{Heading: "Đăng ký thi đua"}
	tb := report.Table{Header: []string{"Năm", "Đơn vị", "Đã đăng ký", "Tỷ lệ", "Cấp trên đã tiếp nhận", "Trả lại", "Chưa gửi"},
		Numeric: []bool{true, true, true, true, true, true, true}}
	years := []int{rs.Year}
	if period {
		years = nil
		for _, y := range rs.Campaign.Years {
			years = append(years, y.Year)
		}
	}
	for _, y := range years {
		g, err := s.store.RegistrationShares(r.Context(), rs.Campaign.ID, y, rs.Org.Path, 0, 0)
		if err != nil {
			return nil, err
		}
		t := g.Total
		reg := t.Sent + t.Acknowledged
		tb.Rows = append(tb.Rows, []string{fmt.Sprint(y), num(t.Units), num(reg), pct(reg, t.Units), num(t.Acknowledged), num(t.Returned), num(t.Units - reg)})
	}
	sec.Tables = []report.Table{tb}
	return []report.Section{sec}, nil
}

func (s *Server) reviewMeetings(r *http.Request, rs *resultsScope, period bool) ([]report.Section, error) {
	sec := report.Section{Heading: "Sinh hoạt chi bộ"}
	tb := report.Table{Header: []string{"Năm", "Chi bộ có biên bản", "Buổi định kỳ", "Chuyên đề", "Tốt", "Khá", "Trung bình", "Kém", "Điểm bình quân"},
		Numeric: []bool{true, true, true, true, true, true, true, true, true}}
	years := []int{rs.Year}
	if period {
		years = nil
		for _, y := range rs.Campaign.Years {
			years = append(years, y.Year)
		}
	}
	for _, y := range years {
		m, err := s.store.MeetingTotalsUnder(r.Context(), rs.Org.Path, y)
		if err != nil {
			return nil, err
		}
		avg := "—"
		if m.Regular > 0 {
			avg = scoring.MulDiv(scoring.Points(m.ScoreSum), 1, m.Regular).String()
		}
		tb.Rows = append(tb.Rows, []string{fmt.Sprint(y), num(m.Cells), num(m.Regular), num(m.Thematic), num(m.Good), num(m.Fair), num(m.Average), num(m.Poor), avg})
		if y == rs.Year && m.Regular > 0 {
			sec.Paragraphs = append(sec.Paragraphs, fmt.Sprintf("Năm %d có %s buổi sinh hoạt định kỳ được ghi biên bản, %s buổi (%s) xếp loại Tốt; %s buổi sinh hoạt chuyên đề; nghị quyết kỳ trước được thực hiện đầy đủ ở %s buổi.",
				y, num(m.Regular), num(m.Good), pct(m.Good, m.Regular), num(m.Thematic), pct(m.LastResolutionMet, m.Regular)))
		}
	}
	sec.Tables = []report.Table{tb}
	return []report.Section{sec}, nil
}

func (s *Server) reviewSponsors(r *http.Request, rs *resultsScope, period bool) ([]report.Section, error) {
	sec := report.Section{Heading: "Phụ trách, đỡ đầu; kiểm tra, giám sát"}
	tb := report.Table{Header: []string{"Năm", "Buổi làm việc", "Đơn vị được đến", "Kiến nghị đến hạn", "Giải quyết đúng hạn", "Giải quyết muộn", "Quá hạn chưa giải quyết", "Kết luận kiểm tra, giám sát"},
		Numeric: []bool{true, true, true, true, true, true, true, true}}
	years := []int{rs.Year}
	if period {
		years = nil
		for _, y := range rs.Campaign.Years {
			years = append(years, y.Year)
		}
	}
	for _, y := range years {
		t, err := s.store.SponsorTotalsUnder(r.Context(), rs.Org.Path, y)
		if err != nil {
			return nil, err
		}
		tb.Rows = append(tb.Rows, []string{fmt.Sprint(y), num(t.Visits), num(t.VisitedUnits), num(t.Recommendations), num(t.ResolvedOnTime), num(t.ResolvedLate), num(t.OpenOverdue), num(t.Findings)})
		if y == rs.Year && t.Recommendations > 0 {
			sec.Paragraphs = append(sec.Paragraphs, fmt.Sprintf("Năm %d, cán bộ phụ trách có %s buổi làm việc tại %s đơn vị; %s/%s kiến nghị (%s) được giải quyết đúng hạn.",
				y, num(t.Visits), num(t.VisitedUnits), num(t.ResolvedOnTime), num(t.Recommendations), pct(t.ResolvedOnTime, t.Recommendations)))
		}
	}
	sec.Tables = []report.Table{tb}
	return []report.Section{sec}, nil
}
