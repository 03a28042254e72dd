package web

import (
	"bufio"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"bontot"
	"bontot/store"
	"bontot/xlsx"
)

// maxUpload bounds an import file (a province's register is a few MB).
const maxUpload = 64 << 20

type importData struct {
	Kind     string
	FileName string
	Report   *xlsx.Report
	Result   *store.ImportResult
}

func (s *Server) handleImportForm(w http.ResponseWriter, r *http.Request) {
	if !userFrom(r).CanAnywhere(bontot.PermImport) && !userFrom(r).CanAnywhere(bontot.PermEditMembers) {
		s.notFound(w, r)
		return
	}
	s.render(w, r, http.StatusOK, "import", &Page{Title: "Nhập, xuất dữ liệu", Data: &importData{}})
}

// handleImport applies a tree or member file: all rows or none. Problems in
// the file and against the database are listed row by row.
func (s *Server) handleImport(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r)
	kind := r.PathValue("kind")
	// The member register may be imported by whoever edits members; the tree needs the import right.
	perm := bontot.PermImport
	if kind == "members" {
		perm = bontot.PermEditMembers
	} else if kind != "orgs" {
		s.notFound(w, r)
		return
	}
	if !u.CanAnywhere(perm) {
		s.notFound(w, r)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	d := &importData{Kind: kind}
	page := &Page{Title: "Nhập, xuất dữ liệu", Data: d}
	file, header, err := r.FormFile("file")
	if err != nil {
		page.Error = "Vui lòng chọn tệp .xlsx hoặc .csv (tối đa 64 MB)."
		s.render(w, r, http.StatusUnprocessableEntity, "import", page)
		return
	}
	defer file.Close()
	d.FileName = header.Filename
	format, err := xlsx.FormatOf(header.Filename)
	if err != nil {
		page.Error = bontot.ErrorMessage(err)
		s.render(w, r, http.StatusUnprocessableEntity, "import", page)
		return
	}
	allowed := func(path string) bool { return u.Can(perm, path) }
	var res *store.ImportResult
	switch kind {
	case "orgs":
		rows, report, err := xlsx.ReadOrgs(file, format)
		if err != nil {
			page.Error = bontot.ErrorMessage(err)
			s.render(w, r, http.StatusUnprocessableEntity, "import", page)
			return
		}
		d.Report = report
		in := make([]store.OrgImport, len(rows))
		for i, row := range rows {
			in[i] = store.OrgImport{Row: row.Row, Org: row.Org, ParentCode: row.ParentCode}
		}
		// With problems in the file, the database checks still run (dry) so
		// that every problem is listed at once.
		res, err = s.store.ImportOrgs(r.Context(), actor(r), in, allowed, !report.OK())
	case "members":
		rows, report, rerr := xlsx.ReadMembers(file, format, s.store.Today())
		if rerr != nil {
			page.Error = bontot.ErrorMessage(rerr)
			s.render(w, r, http.StatusUnprocessableEntity, "import", page)
			return
		}
		d.Report = report
		in := make([]store.MemberImport, len(rows))
		for i, row := range rows {
			in[i] = store.MemberImport{Row: row.Row, Member: row.Member, OrgCode: row.OrgCode}
		}
		// Rows refused by the file still have their cell code checked.
		for row, code := range report.CellCodes {
			in = append(in, store.MemberImport{Row: row, OrgCode: code})
		}
		res, err = s.store.ImportMembers(r.Context(), actor(r), in, allowed, !report.OK())
		if res != nil && len(report.CellCodes) > 0 {
			kept := res.Problems[:0]
			for _, p := range res.Problems {
				if _, refused := report.CellCodes[p.Row]; !refused || p.Column == "Mã chi bộ" {
					kept = append(kept, p)
				}
			}
			res.Problems = kept
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if res != nil {
		for _, p := range res.Problems {
			d.Report.Add(p.Row, p.Column, p.Value, p.Message)
		}
		sort.SliceStable(d.Report.Errors, func(i, j int) bool { return d.Report.Errors[i].Row < d.Report.Errors[j].Row })
	}
	if !d.Report.OK() {
		page.Error = fmt.Sprintf("Tệp “%s” có %d lỗi. Chưa có dữ liệu nào được nhập; hãy sửa các dòng dưới đây rồi nhập lại.", header.Filename, len(d.Report.Errors))
		s.render(w, r, http.StatusUnprocessableEntity, "import", page)
		return
	}
	d.Result = res
	page.Flash = fmt.Sprintf("Đã nhập tệp “%s”: %d thêm mới, %d cập nhật, %d chuyển, %d không đổi.", header.Filename, res.Created, res.Updated, res.Moved, res.Unchanged)
	s.render(w, r, http.StatusOK, "import", page)
}

// handleExport downloads the tree or the member register of a subtree (the
// "under" organization, or the user's first subtree) as .xlsx or .csv.
func (s *Server) handleExport(w http.ResponseWriter, r *http.Request) {
	kind := r.PathValue("kind")
	perm := bontot.PermReadTree
	if kind == "members" {
		perm = bontot.PermReadMembers
	} else if kind != "orgs" {
		s.notFound(w, r)
		return
	}
	scope, err := s.pickScope(r, perm)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	format := xlsx.XLSX
	if r.URL.Query().Get("format") == "csv" {
		format = xlsx.CSV
	}
	name := map[string]string{"orgs": "cay-to-chuc", "members": "dang-vien"}[kind]
	filename := fmt.Sprintf("%s-%s-%s.%s", name, strings.ToLower(strings.ReplaceAll(scope.Code, ".", "-")), time.Now().In(vnZone).Format("20060102"), format)
	w.Header().Set("Content-Type", format.ContentType())
	w.Header().Set("Content-Disposition", "attachment; filename=\""+filename+"\"; filename*=UTF-8''"+url.PathEscape(filename))
	bw := bufio.NewWriterSize(w, 64<<10)
	defer bw.Flush()
	switch kind {
	case "orgs":
		var rows []xlsx.OrgRow
		err = s.store.EachOrg(r.Context(), scope.Path, func(o *bontot.Org, parent string) error {
			if o.ID == scope.ID && !userFrom(r).Can(perm, o.Path) {
				return nil
			}
			rows = append(rows, xlsx.OrgRow{Org: *o, ParentCode: parent})
			return nil
		})
		if err == nil {
			err = xlsx.WriteOrgs(bw, format, rows)
		}
	case "members":
		var rows []xlsx.MemberRow
		err = s.store.EachMember(r.Context(), scope.Path, func(m *bontot.Member, code string) error {
			rows = append(rows, xlsx.MemberRow{Member: *m, OrgCode: code})
			return nil
		})
		if err == nil {
			// A bulk read of personal records is recorded like a single one.
			err = s.store.Audit(r.Context(), actor(r), "member.export", "org", scope.ID, scope.Path,
				"Xuất danh sách "+strconv.Itoa(len(rows))+" đảng viên của "+scope.Name)
		}
		if err == nil {
			err = xlsx.WriteMembers(bw, format, rows)
		}
	}
	if err != nil {
		s.log.Error("export", "kind", kind, "err", err)
	}
}
