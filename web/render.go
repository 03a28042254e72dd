package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"bontot"
	"bontot/report"
	"bontot/scoring"
)

// pageTemplate is one page parsed together with the layout and partials.
type pageTemplate struct{ t *template.Template }

// vnZone is the time zone in which times are shown.
var vnZone = time.FixedZone("ICT", 7*3600)

func (s *Server) funcs() template.FuncMap {
	return template.FuncMap{
		"static": s.static.URL,
		"datetime": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(vnZone).Format("02/01/2006 15:04")
		},
		"num":        formatNumber,
		"classLabel": classLabel,
		"attendanceRate": func(a *bontot.MemberAttendance) string {
			n, d := a.Rate()
			if d == 0 {
				return ""
			}
			return scoring.Percent(int64(n), int64(d)).String() + "%"
		},
		"numericCol": func(t report.Table, i int) bool { return i < len(t.Numeric) && t.Numeric[i] },
		"periodValue": func(p bool) string {
			if p {
				return "1"
			}
			return ""
		},
		"statusesA": func() []bontot.Status { return bontot.Statuses },
		"canAbove": func(u *bontot.User, perm string, path string) bool {
			p, ok := permNames[perm]
			return ok && u.CanAbove(p, path)
		},
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
		"join":       strings.Join,
		"navSection": navSection,
		"navCurrent": navCurrent,
		"add":        func(a, b int) int { return a + b },
		"can": func(u *bontot.User, perm string, path string) bool {
			p, ok := permNames[perm]
			return ok && u.Can(p, path)
		},
		"canAny": func(u *bontot.User, perm string) bool {
			p, ok := permNames[perm]
			return ok && u.CanAnywhere(p)
		},
		"query": func(kv ...any) template.URL {
			v := url.Values{}
			for i := 0; i+1 < len(kv); i += 2 {
				if s := fmt.Sprint(kv[i+1]); s != "" && s != "0" {
					v.Set(fmt.Sprint(kv[i]), s)
				}
			}
			return template.URL(v.Encode())
		},
		"fieldOf": func(f *Form, name, label, kind, _ string) field {
			return field{Name: name, Label: label, Kind: kind, Value: f.Get(name), Error: f.Err(name)}
		},
		"kinds":     func() []bontot.OrgKind { return bontot.OrgKinds },
		"subtypes":  func() []bontot.OrgSubtype { return bontot.OrgSubtypes },
		"statuses":  func() []bontot.MemberStatus { return bontot.MemberStatuses },
		"positions": func() []bontot.Position { return bontot.Positions },
		"roles":     func() []bontot.Role { return bontot.Roles },
		"actionLabel": func(a string) string {
			if l, ok := bontot.AuditActions[a]; ok {
				return l
			}
			return a
		},
	}
}

var permNames = map[string]bontot.Permission{
	"readTree": bontot.PermReadTree, "readMembers": bontot.PermReadMembers, "editMembers": bontot.PermEditMembers,
	"transfer": bontot.PermTransfer, "editOrgs": bontot.PermEditOrgs, "import": bontot.PermImport,
	"readAudit": bontot.PermReadAudit, "manageUsers": bontot.PermManageUsers,
	"selfAssess": bontot.PermSelfAssess, "review": bontot.PermReview, "approve": bontot.PermApprove,
	"manageCampaigns": bontot.PermManageCampaigns, "rate": bontot.PermRate,
	"recordMeetings": bontot.PermRecordMeetings, "acknowledge": bontot.PermAcknowledge,
	"manageSponsors": bontot.PermManageSponsors, "visit": bontot.PermVisit,
}

// formatNumber writes n the Vietnamese way: 5.600.000.
func formatNumber(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// loadTemplates parses every page in templates/ with the layout and the
// partials (files starting with "_").
func (s *Server) loadTemplates() (map[string]*pageTemplate, error) {
	base := template.New("").Funcs(s.funcs())
	partials, err := fs.Glob(assets, "templates/_*.html")
	if err != nil {
		return nil, err
	}
	if base, err = base.ParseFS(assets, partials...); err != nil {
		return nil, err
	}
	files, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*pageTemplate{}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if strings.HasPrefix(name, "_") {
			continue
		}
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if t, err = t.ParseFS(assets, f); err != nil {
			return nil, fmt.Errorf("template %s: %w", f, err)
		}
		pages[name] = &pageTemplate{t}
	}
	for _, required := range requiredPages {
		if pages[required] == nil {
			return nil, fmt.Errorf("web: template %q is missing", required)
		}
	}
	return pages, nil
}

// requiredPages are the templates the handlers use; start-up fails without one.
var requiredPages = []string{"login", "home", "tree", "org", "org_form", "org_rename", "org_move", "members", "member", "member_form",
	"transfer", "users", "user", "user_form", "password", "audit", "import", "tokens", "error",
	"ratings", "ratings_sheet", "discipline"}

// Page is what every template receives.
type Page struct {
	Title  string
	User   *bontot.User
	Flash  string
	Error  string
	Crumbs []*bontot.Org
	Path   string // request path, for the navigation
	Form   *Form
	Data   any
}

// field is one labelled input, for the "input" partial.
type field struct{ Name, Label, Kind, Value, Error string }

// Form keeps what the user typed and the messages for each field.
type Form struct {
	Values url.Values
	Errors map[string]string
}

// Get returns the typed value of a field.
func (f *Form) Get(name string) string {
	if f == nil {
		return ""
	}
	return f.Values.Get(name)
}

// Err returns the message for a field.
func (f *Form) Err(name string) string {
	if f == nil {
		return ""
	}
	return f.Errors[name]
}

// newForm wraps submitted values; err's field messages go to the fields.
func newForm(values url.Values, err error) *Form {
	f := &Form{Values: values, Errors: map[string]string{}}
	if e, ok := err.(*bontot.Error); ok {
		for k, v := range e.Fields {
			f.Errors[k] = v
		}
	}
	return f
}

// render executes a page into a buffer, so that a template error becomes a
// clean 500, and answers 304 when the browser already has this exact page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p *Page) {
	t := s.pages[name]
	if t == nil {
		s.serverError(w, r, fmt.Errorf("no template %q", name))
		return
	}
	if p.User == nil {
		p.User = userFrom(r)
	}
	if p.Flash == "" {
		p.Flash = s.sessions.PopString(r.Context(), "flash")
	}
	p.Path = r.URL.Path
	var buf bytes.Buffer
	if err := t.t.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.serverError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "private, no-cache")
	if status == http.StatusOK && r.Method == http.MethodGet && p.Flash == "" {
		sum := sha256.Sum256(buf.Bytes())
		etag := `"` + hex.EncodeToString(sum[:12]) + `"`
		h.Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	w.WriteHeader(status)
	buf.WriteTo(w)
}

// renderFragment executes one named template (for htmx partial updates).
func (s *Server) renderFragment(w http.ResponseWriter, r *http.Request, page, block string, data any) {
	var buf bytes.Buffer
	if err := s.pages[page].t.ExecuteTemplate(&buf, block, data); err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	buf.WriteTo(w)
}

// flash stores a message shown on the next page.
func (s *Server) flash(r *http.Request, msg string) { s.sessions.Put(r.Context(), "flash", msg) }

// fail answers with the error page (or JSON for the API) for err.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if isAPI(r) {
		s.apiError(w, r, err)
		return
	}
	code := bontot.ErrorCode(err)
	if code == bontot.EINTERNAL {
		s.serverError(w, r, err)
		return
	}
	if code == bontot.EUNAUTHORIZED {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	s.render(w, r, httpStatus(code), "error", &Page{Title: "Không thực hiện được", Error: bontot.ErrorMessage(err)})
}

// notFound is the answer for anything outside the user's scope, too.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, bontot.Errorf(bontot.ENOTFOUND, "Không tìm thấy trang hoặc bạn không có quyền xem nội dung này."))
}

func (s *Server) forbidden(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, bontot.Errorf(bontot.EFORBIDDEN, "Bạn không có quyền thực hiện thao tác này."))
}

// serverError logs err and shows a generic page: internal details never reach users.
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	if isAPI(r) {
		writeJSON(w, http.StatusInternalServerError, apiErrorBody{Error: apiErr{Code: bontot.EINTERNAL, Message: bontot.ErrorMessage(err)}})
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	fmt.Fprint(w, `<!doctype html><html lang="vi"><meta charset="utf-8"><title>Lỗi hệ thống</title><body><h1>Đã có lỗi hệ thống</h1><p>Vui lòng thử lại sau hoặc báo quản trị viên.</p><p><a href="/">Về trang chủ</a></p></body></html>`)
}

var statusByCode = map[string]int{
	bontot.EINVALID: http.StatusUnprocessableEntity, bontot.ECONFLICT: http.StatusConflict, bontot.ENOTFOUND: http.StatusNotFound,
	bontot.EUNAUTHORIZED: http.StatusUnauthorized, bontot.EFORBIDDEN: http.StatusForbidden, bontot.ETOOMANY: http.StatusTooManyRequests,
	bontot.EINTERNAL: http.StatusInternalServerError,
}

func httpStatus(code string) int {
	if s, ok := statusByCode[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
