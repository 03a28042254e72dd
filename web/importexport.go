package web

import (
	"bufio"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"bontot"
	"bontot/importer"
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
	importFile := importer.Members
	if kind == "orgs" {
		importFile = importer.Orgs
	}
	report, res, err := importFile(r.Context(), s.store, actor(r), file, format, allowed)
	if report == nil && err != nil && bontot.ErrorCode(err) == bontot.EINVALID {
		page.Error = bontot.ErrorMessage(err)
		s.render(w, r, http.StatusUnprocessableEntity, "import", page)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Report = report
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
