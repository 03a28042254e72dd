package web

import (
	"fmt"
	"net/http"
	"sort"
	"time"

	"bontot"
)

// todo is one thing due for the user, shown on the home page.
type todo struct {
	Text   string
	Link   string
	Due    bontot.Date // zero when there is no date
	Late   bool        // the date has passed
	Action string      // the button's text
}

// DaysLeft says how many days remain before Due (negative when late).
func (t todo) DaysLeft(today bontot.Date) int {
	return int(t.Due.Time().Sub(today.Time()).Hours() / 24)
}

// todos lists what is due for the user in each subtree: the unit's own
// self-assessment of the year under way, the reviews waiting for the level
// above, the approvals waiting for the board.
func (s *Server) todos(r *http.Request, roots []*bontot.Org) []todo {
	ctx := r.Context()
	u := userFrom(r)
	today := s.store.Today()
	var out []todo
	// Last month's regular meeting of each cell the user records meetings for.
	last := bontot.DateOf(today.Time().AddDate(0, 0, -today.Time().Day())) // the last day of last month
	for _, root := range roots {
		if !root.Kind.IsCell() || !u.Can(bontot.PermRecordMeetings, root.Path) {
			continue
		}
		months, err := s.store.MissingMonths(ctx, root.ID, last.Year(), today)
		if err != nil {
			continue
		}
		for _, m := range months {
			if m == int(last.Time().Month()) {
				out = append(out, todo{Text: fmt.Sprintf("Chưa ghi biên bản sinh hoạt chi bộ định kỳ tháng %d/%d của %s.", m, last.Year(), root.Name),
					Link: fmt.Sprintf("/meetings/new?org=%d&kind=regular", root.ID), Due: last, Late: true, Action: "Ghi biên bản"})
			}
		}
	}
	for _, root := range roots {
		cs, err := s.store.Campaigns(ctx, root.Path)
		if err != nil || len(cs) == 0 {
			continue
		}
		c := cs[0]
		// The year under way: the last year of the campaign that has begun.
		var y *bontot.CampaignYear
		for i := range c.Years {
			if c.Years[i].Year <= today.Year() && !c.Years[i].Locked {
				y = &c.Years[i]
			}
		}
		if y == nil {
			continue
		}
		if _, ok := bontot.AssessedAs(root.Kind); ok && u.Can(bontot.PermSelfAssess, root.Path) {
			if a, err := s.store.AssessmentOf(ctx, c.ID, y.Year, root.ID); err == nil && a.Status.Editable() {
				t := todo{Link: fmt.Sprintf("/assessments/%d/edit", a.ID), Due: y.SelfDeadline, Action: "Tự đánh giá"}
				if a.Status == bontot.StatusReturned {
					t.Text = fmt.Sprintf("Cấp trên đã trả lại bản đánh giá năm %d của %s để giải trình.", y.Year, root.Name)
					t.Action = "Giải trình và gửi lại"
					t.Due = bontot.Date{}
				} else {
					t.Text = fmt.Sprintf("Tự đánh giá “4 tốt” năm %d của %s.", y.Year, root.Name)
				}
				t.Late = !t.Due.IsZero() && today.After(t.Due)
				out = append(out, t)
			}
		}
		// The registration of the year's targets.
		if _, ok := bontot.AssessedAs(root.Kind); ok && u.Can(bontot.PermRecordMeetings, root.Path) {
			reg, err := s.store.RegistrationOf(ctx, c.ID, y.Year, root.ID)
			switch {
			case err != nil && bontot.ErrorCode(err) == bontot.ENOTFOUND:
				out = append(out, todo{Text: fmt.Sprintf("%s chưa đăng ký chỉ tiêu thi đua năm %d.", root.Name, y.Year),
					Link: fmt.Sprintf("/registrations/new?org=%d&campaign=%d&year=%d", root.ID, c.ID, y.Year), Action: "Đăng ký thi đua"})
			case err == nil && reg.Status.Editable():
				t := todo{Text: fmt.Sprintf("Bản đăng ký thi đua năm %d của %s chưa gửi cấp trên.", y.Year, root.Name), Link: fmt.Sprintf("/registrations/%d", reg.ID), Action: "Hoàn thiện và gửi"}
				if reg.Status == bontot.RegReturned {
					t.Text = fmt.Sprintf("Cấp trên đã trả lại bản đăng ký thi đua năm %d của %s.", y.Year, root.Name)
				}
				out = append(out, t)
			}
		}
		sums, err := s.store.Summaries(ctx, c.ID, y.Year, []*bontot.Org{root})
		if err != nil || root.Kind.IsCell() {
			continue
		}
		cells, committees := sums[0].Cells, sums[0].Committees
		if u.CanAnywhere(bontot.PermReview) && (cells.Submitted+committees.Submitted) > 0 {
			n := cells.Submitted
			if u.Can(bontot.PermApprove, root.Path) {
				n += committees.Submitted
			}
			if n > 0 {
				out = append(out, todo{Text: fmt.Sprintf("%d đơn vị của %s đã gửi tự đánh giá năm %d, chờ thẩm định.", n, root.Name, y.Year),
					Link: fmt.Sprintf("/assessments?under=%d&campaign=%d&year=%d&status=submitted", root.ID, c.ID, y.Year), Due: y.ReviewDeadline,
					Late: !y.ReviewDeadline.IsZero() && today.After(y.ReviewDeadline), Action: "Thẩm định"})
			}
		}
		if u.Can(bontot.PermApprove, root.Path) {
			if n := cells.Reviewed + committees.Reviewed; n > 0 {
				out = append(out, todo{Text: fmt.Sprintf("%d đơn vị của %s đã thẩm định năm %d, chờ phê duyệt.", n, root.Name, y.Year),
					Link: fmt.Sprintf("/assessments?under=%d&campaign=%d&year=%d&status=reviewed", root.ID, c.ID, y.Year), Due: y.ApprovalDeadline,
					Late: !y.ApprovalDeadline.IsZero() && today.After(y.ApprovalDeadline), Action: "Phê duyệt"})
			}
			if n := cells.Draft + committees.Draft + cells.Returned + committees.Returned; n > 0 && !y.SelfDeadline.IsZero() && today.After(y.SelfDeadline) {
				out = append(out, todo{Text: fmt.Sprintf("%d đơn vị của %s chưa gửi tự đánh giá năm %d dù đã quá hạn.", n, root.Name, y.Year),
					Link: fmt.Sprintf("/assessments?under=%d&campaign=%d&year=%d&status=draft", root.ID, c.ID, y.Year), Due: y.SelfDeadline, Late: true, Action: "Xem và đôn đốc"})
			}
		}
	}
	// Recommendations of sponsors and inspections owned by the user's units, due soon or overdue.
	for _, root := range roots {
		if !u.Can(bontot.PermRecordMeetings, root.Path) {
			continue
		}
		recs, _, err := s.store.Recommendations(ctx, bontot.RecommendationFilter{OwnerID: root.ID, Open: true, Limit: 5})
		if err != nil {
			continue
		}
		for _, rec := range recs {
			if rec.Due.IsZero() || rec.Due.Time().Sub(today.Time()) > 30*24*time.Hour {
				continue
			}
			out = append(out, todo{Text: fmt.Sprintf("Kiến nghị của %s: %s", root.Name, rec.Text), Link: fmt.Sprintf("/sponsors/recommendations/%d", rec.ID),
				Due: rec.Due, Late: today.After(rec.Due), Action: "Cập nhật kết quả"})
		}
	}
	// Reminders sent down to the user's units in the last 30 days.
	var ids []int64
	for _, root := range roots {
		ids = append(ids, root.ID)
	}
	notes, _ := s.store.Notifications(ctx, ids, s.store.Now().AddDate(0, 0, -30), 5)
	for _, n := range notes {
		out = append(out, todo{Text: fmt.Sprintf("%s nhắc (%s): %s", n.SenderOrg, n.CreatedAt.In(vnZone).Format("02/01/2006"), n.Text), Link: n.Link, Action: "Thực hiện"})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Late && !out[j].Late })
	return out
}
