package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"bontot"
	"bontot/store"
	"bontot/xlsx"
)

// resultExportSlugs name the exported tables in file names.
var resultExportSlugs = map[string]string{
	"summary": "tong-hop", "children": "truc-thuoc", "top": "diem-cao-nhat", "bottom": "diem-thap-nhat",
	"gap": "chenh-lech", "recognised": "duoc-cong-nhan", "units": "danh-sach-don-vi",
}

// handleResultsExport downloads one table of the results pages as .xlsx,
// built by the same code as the page: the numbers are the ones shown. A
// ranking's "kind" limits the file to cells or committees.
func (s *Server) handleResultsExport(w http.ResponseWriter, r *http.Request) {
	table := r.FormValue("table")
	if resultExportSlugs[table] == "" {
		s.notFound(w, r)
		return
	}
	rs, ok := s.loadResultsScope(w, r)
	if !ok {
		return
	}
	if rs.Campaign == nil {
		s.notFound(w, r)
		return
	}
	tables, err := s.resultExportTables(r, rs, table)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(tables) == 0 {
		s.notFound(w, r)
		return
	}
	sheets := make([]xlsx.Table, len(tables))
	for i, t := range tables {
		sheets[i] = t.sheet(rs)
	}
	var buf bytes.Buffer
	if err := xlsx.WriteTables(&buf, sheets); err != nil {
		s.fail(w, r, err)
		return
	}
	summary := fmt.Sprintf("Xuất “%s” năm %d của %s (%s)", tables[0].Title, rs.Year, rs.Org.Name, rs.Campaign.Name)
	if err := s.store.Audit(r.Context(), actor(r), "results.export", "org", rs.Org.ID, rs.Org.Path, summary); err != nil {
		s.fail(w, r, err)
		return
	}
	code := strings.ToLower(strings.ReplaceAll(rs.Org.Code, ".", "-"))
	filename := fmt.Sprintf("ket-qua-%d-%s-%s.xlsx", rs.Year, code, resultExportSlugs[table])
	h := w.Header()
	h.Set("Content-Type", xlsx.XLSX.ContentType())
	h.Set("Content-Disposition", "attachment; filename=\""+filename+"\"; filename*=UTF-8''"+url.PathEscape(filename))
	h.Set("Cache-Control", "private, no-store")
	buf.WriteTo(w)
}

// exportTables builds the tables of one export.
func (s *Server) resultExportTables(r *http.Request, rs *resultsScope, table string) ([]*rtable, error) {
	switch table {
	case "summary":
		if _, err := s.resultSummaries(r, rs, nil); err != nil {
			return nil, err
		}
		return []*rtable{resultSummaryTable(rs), resultDistributionTable(rs)}, nil
	case "children":
		if rs.Org.Kind.IsCell() {
			return nil, nil
		}
		id := rs.Org.ID
		kids, err := s.store.Orgs(r.Context(), bontot.OrgFilter{ParentID: &id, Limit: resultChildExportLimit})
		if err != nil {
			return nil, err
		}
		sums, err := s.resultSummaries(r, rs, kids)
		if err != nil {
			return nil, err
		}
		ids, err := s.resultLeafAssessments(r, rs, kids)
		if err != nil {
			return nil, err
		}
		t, _ := resultChildrenTable(rs, sums, ids)
		return []*rtable{t}, nil
	case "top", "bottom", "gap":
		if _, err := s.resultSummaries(r, rs, nil); err != nil {
			return nil, err
		}
		var out []*rtable
		for _, kind := range resultKinds(rs) {
			if k := r.FormValue("kind"); k != "" && k != string(kind) {
				continue
			}
			t, err := s.resultRanking(r, rs, kind, store.RankBy(table))
			if err != nil {
				return nil, err
			}
			out = append(out, t)
		}
		return out, nil
	case "recognised":
		list, err := s.resultRecognisedList(r, rs, resultUnitLimit)
		if err != nil {
			return nil, err
		}
		return []*rtable{resultRecognisedTable(rs, list, 0)}, nil
	case "units":
		f, _, _, _ := resultUnitFilter(r, rs, resultUnitLimit)
		list, err := s.resultUnitList(r, rs, f)
		if err != nil {
			return nil, err
		}
		if !rs.Listable() {
			return nil, bontot.Errorf(bontot.EINVALID, "%s có %s đơn vị, quá nhiều để xuất từng đơn vị; hãy chọn một tổ chức cấp dưới.", rs.Org.Name, formatNumber(int(rs.Units())))
		}
		return []*rtable{resultUnitsTable(rs, list, 0)}, nil
	}
	return nil, nil
}

// exportLink is the URL of a table's export for the scope.
func (rs *resultsScope) exportLink(t *rtable, kv ...string) string {
	args := append([]string{"table", t.Key, "offset", ""}, kv...)
	if t.Kind != "" && t.Key != "summary" {
		args = append(args, "kind", string(t.Kind))
	}
	return rs.Link("/results/export", args...)
}
