package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"bontot"
	"bontot/xlsx"
)

// The board's coverage view: units never visited, visits overdue,
// recommendations overdue. The page and the .xlsx export are built from the
// same tables, so that a download holds exactly the rows shown.

// covCell is one cell of a coverage table: text (with a link on the page),
// or a whole number.
type covCell struct {
	Text  string
	Href  string
	Count bool
	Num   int
}

// covTable is one coverage list.
type covTable struct {
	Key, Title, Empty string
	Columns           []xlsx.TableColumn
	Rows              [][]covCell
	More              bool
}

// How many rows each list shows, and exports: a phone page stays light, a
// download holds more.
const (
	coveragePageLimit   = 100
	coverageExportLimit = 1000
)

var coverageSlugs = map[string]string{"never": "chua-lam-viec", "visits": "qua-han-lam-viec", "recommendations": "kien-nghi-qua-han"}

func covText(s string) covCell       { return covCell{Text: s} }
func covLink(s, href string) covCell { return covCell{Text: s, Href: href} }
func covCount(n int) covCell         { return covCell{Count: true, Num: n, Text: strconv.Itoa(n)} }
func assignmentLink(a *bontot.Assignment) string {
	return "/sponsors/assignments/" + strconv.FormatInt(a.ID, 10)
}

func coverageTables(c *bontot.Coverage) []*covTable {
	unitCols := []xlsx.TableColumn{{Title: "Đơn vị", Width: 32}, {Title: "Mã", Width: 18}, {Title: "Trực thuộc", Width: 28}, {Title: "Ban, đoàn phụ trách", Width: 28}, {Title: "Cán bộ phụ trách", Width: 30}}
	never := &covTable{Key: "never", Title: "Đơn vị được phân công nhưng chưa có buổi làm việc nào", Empty: "Mọi đơn vị được phân công đều đã có buổi làm việc.",
		Columns: append(append([]xlsx.TableColumn{}, unitCols...), xlsx.TableColumn{Title: "Phụ trách từ ngày", Width: 14}, xlsx.TableColumn{Title: "Hạn làm việc", Width: 14}),
		More:    c.MoreNever}
	for _, a := range c.NeverVisited {
		never.Rows = append(never.Rows, []covCell{covLink(a.OrgName, assignmentLink(a)), covText(a.OrgCode), covText(a.ParentName), covText(a.GroupName), covText(a.Names()),
			covText(a.From.String()), covText(a.NextDue.String())})
	}
	visits := &covTable{Key: "visits", Title: "Quá hạn làm việc với đơn vị", Empty: "Không có đơn vị nào quá hạn làm việc.",
		Columns: append(append([]xlsx.TableColumn{}, unitCols...), xlsx.TableColumn{Title: "Lần làm việc gần nhất", Width: 14},
			xlsx.TableColumn{Title: "Hạn làm việc", Width: 14}, xlsx.TableColumn{Title: "Số ngày quá hạn", Width: 10}),
		More: c.MoreVisits}
	for _, a := range c.VisitsOverdue {
		last := a.LastVisit.String()
		if last == "" {
			last = "Chưa có"
		}
		visits.Rows = append(visits.Rows, []covCell{covLink(a.OrgName, assignmentLink(a)), covText(a.OrgCode), covText(a.ParentName), covText(a.GroupName), covText(a.Names()),
			covText(last), covText(a.NextDue.String()), covCount(a.DaysLate(c.Today))})
	}
	recs := &covTable{Key: "recommendations", Title: "Kiến nghị quá hạn chưa thực hiện xong", Empty: "Không có kiến nghị nào quá hạn.",
		Columns: []xlsx.TableColumn{{Title: "Đơn vị thực hiện", Width: 32}, {Title: "Nội dung kiến nghị", Width: 60}, {Title: "Nguồn", Width: 30},
			{Title: "Thời hạn", Width: 14}, {Title: "Tình trạng", Width: 16}, {Title: "Số ngày quá hạn", Width: 10}},
		More: c.MoreRecommendations}
	for _, r := range c.RecommendationsOverdue {
		recs.Rows = append(recs.Rows, []covCell{covText(r.OwnerName), covLink(r.Text, "/sponsors/recommendations/"+strconv.FormatInt(r.ID, 10)), covText(recSourceText(r)),
			covText(r.Due.String()), covText(r.Status.Label()), covCount(r.DaysLate(c.Today))})
	}
	return []*covTable{never, visits, recs}
}

// recSourceText says where a recommendation comes from: "Buổi làm việc 10/03/2025 tại Chi bộ TDP 2".
func recSourceText(r *bontot.Recommendation) string {
	s := r.Source.Label() + " " + r.SourceOn.String()
	if r.SourceOrgName != "" && r.SourceOrgName != r.OwnerName {
		s += " tại " + r.SourceOrgName
	}
	return s
}

// sheet turns a coverage table into a worksheet.
func (t *covTable) sheet(scope *bontot.Org, today bontot.Date) xlsx.Table {
	out := xlsx.Table{Sheet: strings.ToUpper(t.Key[:1]) + t.Key[1:], Title: t.Title, Context: scope.Name + " — ngày " + today.String(), Columns: t.Columns}
	for _, row := range t.Rows {
		cells := make([]xlsx.TableCell, len(row))
		for i, c := range row {
			if c.Count {
				cells[i] = xlsx.TableCell{Kind: xlsx.Count, Num: float64(c.Num)}
			} else {
				cells[i] = xlsx.TableCell{Kind: xlsx.Text, Text: c.Text}
			}
		}
		out.Rows = append(out.Rows, cells)
	}
	return out
}

type coverageData struct {
	ExportLimit int
	Scope       *bontot.Org
	Today       bontot.Date
	Tables      []*covTable
}

// coverageScope loads the subtree of the view and its coverage.
func (s *Server) coverageScope(w http.ResponseWriter, r *http.Request, limit int) (*bontot.Org, *bontot.Coverage, bool) {
	if !userFrom(r).CanAnywhere(bontot.PermReadTree) {
		s.notFound(w, r)
		return nil, nil, false
	}
	scope, err := s.pickScope(r, bontot.PermReadTree)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, false
	}
	c, err := s.store.Coverage(r.Context(), scope.Path, limit)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, false
	}
	return scope, c, true
}

func (s *Server) handleCoverage(w http.ResponseWriter, r *http.Request) {
	scope, c, ok := s.coverageScope(w, r, coveragePageLimit)
	if !ok {
		return
	}
	d := &coverageData{ExportLimit: coverageExportLimit, Scope: scope, Today: c.Today, Tables: coverageTables(c)}
	s.render(w, r, http.StatusOK, "sponsor_coverage", &Page{Title: "Tình hình phụ trách, đỡ đầu", Crumbs: s.crumbs(r, scope.Path), Data: d})
}

func (s *Server) handleCoverageExport(w http.ResponseWriter, r *http.Request) {
	key := r.FormValue("table")
	if coverageSlugs[key] == "" {
		s.notFound(w, r)
		return
	}
	scope, c, ok := s.coverageScope(w, r, coverageExportLimit)
	if !ok {
		return
	}
	var t *covTable
	for _, x := range coverageTables(c) {
		if x.Key == key {
			t = x
		}
	}
	var buf bytes.Buffer
	if err := xlsx.WriteTables(&buf, []xlsx.Table{t.sheet(scope, c.Today)}); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.store.Audit(r.Context(), actor(r), "sponsors.export", "org", scope.ID, scope.Path, fmt.Sprintf("Xuất “%s” của %s", t.Title, scope.Name)); err != nil {
		s.fail(w, r, err)
		return
	}
	code := strings.ToLower(strings.ReplaceAll(scope.Code, ".", "-"))
	filename := fmt.Sprintf("phu-trach-%s-%s-%s.xlsx", code, coverageSlugs[key], c.Today.ISO())
	h := w.Header()
	h.Set("Content-Type", xlsx.XLSX.ContentType())
	h.Set("Content-Disposition", "attachment; filename=\""+filename+"\"; filename*=UTF-8''"+url.PathEscape(filename))
	h.Set("Cache-Control", "private, no-store")
	buf.WriteTo(w)
}
