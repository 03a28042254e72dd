package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"bontot"
	"bontot/report"
	"bontot/store"
)

// Urging (đôn đốc): the lists of late units of a subtree — last month's
// meeting not recorded, self-assessment not submitted — exported to .xlsx and
// sent down as in-app reminders to the units, which see them on their home page.

func init() {
	requiredPages = append(requiredPages, "late")
}

// lateRoutes registers the urging lists.
func (s *Server) lateRoutes(page func(string, http.HandlerFunc)) {
	page("GET /late", s.handleLate)
	page("POST /late/notify", s.handleLateNotify)
}

const latePage = 50

type lateData struct {
	Scope   *resultsScope
	Kind    string // "meetings" or "assessments"
	Month   bontot.Date
	Months  []bontot.Date
	Units   []store.LateUnit
	Total   int
	Offset  int
	Title   string
	Text    string // the default reminder
	CanSend bool
}

// lateList reads one kind of late list for a scope.
func (s *Server) lateList(r *http.Request, rs *resultsScope, kind string, month bontot.Date, limit, offset int) (string, []store.LateUnit, int, error) {
	switch kind {
	case "registrations":
		if rs.Campaign == nil {
			return "", nil, 0, nil
		}
		title := fmt.Sprintf("Đơn vị chưa gửi đăng ký thi đua năm %d", rs.Year)
		sum, err := s.store.RegistrationShares(r.Context(), rs.Campaign.ID, rs.Year, rs.Org.Path, limit, offset)
		if err != nil {
			return "", nil, 0, err
		}
		units := make([]store.LateUnit, 0, len(sum.Unsent))
		for _, g := range sum.Unsent {
			units = append(units, store.LateUnit{OrgID: g.OrgID, Code: g.Code, Name: g.Name, ParentName: g.ParentName})
		}
		return title, units, int(sum.Total.Unsent()), nil
	case "assessments":
		if rs.Campaign == nil {
			return "", nil, 0, nil
		}
		title := fmt.Sprintf("Đơn vị chưa gửi tự đánh giá năm %d", rs.Year)
		units, n, err := s.store.AssessmentsLate(r.Context(), rs.Campaign.ID, rs.Year, rs.Org.Path, limit, offset)
		return title, units, n, err
	default:
		title := fmt.Sprintf("Chi bộ chưa ghi biên bản sinh hoạt định kỳ tháng %d/%d", month.Time().Month(), month.Year())
		units, n, err := s.store.MeetingsLate(r.Context(), rs.Org.Path, month.Year(), month.Time().Month(), limit, offset)
		return title, units, n, err
	}
}

func (s *Server) lateParams(r *http.Request) (string, bontot.Date, []bontot.Date) {
	kind := r.FormValue("kind")
	if kind != "assessments" && kind != "registrations" {
		kind = "meetings"
	}
	today := s.store.Today()
	thisMonth := bontot.NewDate(today.Year(), today.Time().Month(), 1)
	var months []bontot.Date
	for i := 1; i <= 12; i++ {
		months = append(months, bontot.DateOf(thisMonth.Time().AddDate(0, -i, 0)))
	}
	month := months[0] // last month: the last one that has ended
	if m, err := time.Parse("2006-01", r.FormValue("month")); err == nil {
		month = bontot.NewDate(m.Year(), m.Month(), 1)
	}
	return kind, month, months
}

func (s *Server) handleLate(w http.ResponseWriter, r *http.Request) {
	rs, ok := s.loadResultsScope(w, r)
	if !ok {
		return
	}
	kind, month, months := s.lateParams(r)
	offset, _ := strconv.Atoi(r.FormValue("offset"))
	if offset < 0 {
		offset = 0
	}
	if r.FormValue("format") == "xlsx" {
		title, units, _, err := s.lateList(r, rs, kind, month, store.MaxNotify, 0)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		t := report.Table{Header: []string{"Mã", "Đơn vị", "Trực thuộc"}}
		for _, u := range units {
			t.Rows = append(t.Rows, []string{u.Code, u.Name, u.ParentName})
		}
		var b bytes.Buffer
		if err := report.WriteXLSX(&b, &report.Report{Title: title, Subtitle: rs.Org.Name, Sections: []report.Section{{Tables: []report.Table{t}}}}); err != nil {
			s.fail(w, r, err)
			return
		}
		s.store.Audit(r.Context(), actor(r), "late.export", "org", rs.Org.ID, rs.Org.Path, "Xuất danh sách: "+title)
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="cham-%s-%s.xlsx"`, kind, strings.ToLower(strings.ReplaceAll(rs.Org.Code, ".", "-"))))
		w.Write(b.Bytes())
		return
	}
	title, units, n, err := s.lateList(r, rs, kind, month, latePage, offset)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := &lateData{Scope: rs, Kind: kind, Month: month, Months: months, Units: units, Total: n, Offset: offset, Title: title,
		CanSend: userFrom(r).Can(bontot.PermReview, rs.Org.Path)}
	switch kind {
	case "meetings":
		d.Text = fmt.Sprintf("Đề nghị chi bộ ghi biên bản sinh hoạt định kỳ tháng %d/%d vào Bốn Tốt.", month.Time().Month(), month.Year())
	case "registrations":
		d.Text = fmt.Sprintf("Đề nghị đơn vị hoàn thành và gửi bản đăng ký thi đua năm %d.", rs.Year)
	default:
		d.Text = fmt.Sprintf("Đề nghị đơn vị hoàn thành và gửi bản tự đánh giá “4 tốt” năm %d.", rs.Year)
	}
	s.render(w, r, http.StatusOK, "late", &Page{Title: "Đôn đốc: " + title, Crumbs: rs.Crumbs, Form: newForm(r.Form, nil), Data: d})
}

// handleLateNotify sends a reminder to every unit of a late list.
func (s *Server) handleLateNotify(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	rs, ok := s.loadResultsScope(w, r)
	if !ok {
		return
	}
	if !userFrom(r).Can(bontot.PermReview, rs.Org.Path) {
		s.forbidden(w, r)
		return
	}
	kind, month, _ := s.lateParams(r)
	_, units, _, err := s.lateList(r, rs, kind, month, store.MaxNotify, 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ids := make([]int64, 0, len(units))
	for _, u := range units {
		ids = append(ids, u.OrgID)
	}
	link := map[string]string{"meetings": "/meetings", "assessments": "/assessments", "registrations": "/movement"}[kind]
	n, err := s.store.Notify(r.Context(), actor(r), rs.Org, ids, r.PostFormValue("text"), link)
	if err != nil {
		s.flash(r, bontot.ErrorMessage(err))
	} else if m := s.mailReminder(r, rs.Org, ids, r.PostFormValue("text")); m > 0 {
		s.flash(r, fmt.Sprintf("Đã gửi nhắc nhở đến %d đơn vị; e-mail đang được gửi đến %d người.", n, m))
	} else {
		s.flash(r, fmt.Sprintf("Đã gửi nhắc nhở đến %d đơn vị.", n))
	}
	q := rs.Query()
	q.Set("kind", kind)
	q.Set("month", month.Time().Format("2006-01"))
	http.Redirect(w, r, "/late?"+q.Encode(), http.StatusSeeOther)
}
