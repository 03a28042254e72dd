package web_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"bontot"
	"bontot/scoring"
	"bontot/store"
)

// meetingDay is "today" in the meeting tests: 20 June 2025, 10:00 in Vietnam.
var meetingDay = time.Date(2025, 6, 20, 3, 0, 0, 0, time.UTC)

// meetingFixture is the demo with the clock on meetingDay, and the demo
// cell HT.TP.TRP.TDP4 with its members. The demo's meeting records of the
// cell are deleted first: these tests record its meetings from scratch.
func meetingFixture(tb testing.TB) (*fixture, *bontot.Org, []*bontot.Member) {
	tb.Helper()
	f := MustFixture(tb)
	cell := mustOrgCode(tb, f, "HT.TP.TRP.TDP4")
	ms, err := f.st.Meetings(context.Background(), cell.ID, 2025)
	if err != nil {
		tb.Fatal(err)
	}
	for _, m := range ms {
		if err := f.st.DeleteMeeting(context.Background(), storeSystem, m.ID); err != nil {
			tb.Fatal(err)
		}
	}
	f.st.Now = func() time.Time { return meetingDay }
	page, err := f.st.Members(context.Background(), bontot.MemberFilter{OrgID: cell.ID, Limit: 500})
	if err != nil || len(page.Members) < 10 {
		tb.Fatalf("members of TDP 4: %v", err)
	}
	return f, cell, page.Members
}

// meetingFormValues reads what a browser would submit from the form posting
// to action: inputs (checked boxes and radio buttons only, no file) and text areas.
func meetingFormValues(tb testing.TB, body, action string) url.Values {
	tb.Helper()
	start := strings.Index(body, `<form method="post" action="`+action+`"`)
	if start < 0 {
		tb.Fatalf("no form posting to %s", action)
	}
	form := body[start : start+strings.Index(body[start:], "</form>")]
	attr := func(tag, name string) (string, bool) {
		m := regexp.MustCompile(`\s` + name + `="([^"]*)"`).FindStringSubmatch(tag)
		if m == nil {
			return "", false
		}
		return html.UnescapeString(m[1]), true
	}
	checked := regexp.MustCompile(`\schecked`)
	v := url.Values{}
	for _, tag := range regexp.MustCompile(`<input[^>]*>`).FindAllString(form, -1) {
		name, ok := attr(tag, "name")
		if !ok {
			continue
		}
		value, _ := attr(tag, "value")
		switch t, _ := attr(tag, "type"); t {
		case "file":
			continue
		case "checkbox", "radio":
			if !checked.MatchString(tag) {
				continue
			}
		}
		v.Add(name, value)
	}
	for _, m := range regexp.MustCompile(`(?s)<textarea[^>]*name="([^"]*)"[^>]*>(.*?)</textarea>`).FindAllStringSubmatch(form, -1) {
		v.Set(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	return v
}

// postMultipart sends a form the way the meeting form does, with an optional file.
func (c *client) postMultipart(path string, v url.Values, fileName string, data []byte) (*http.Response, string) {
	c.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, vs := range v {
		for _, x := range vs {
			w.WriteField(k, x)
		}
	}
	if fileName != "" {
		fw, _ := w.CreateFormFile("minutes_file", fileName)
		fw.Write(data)
	}
	w.Close()
	return c.do("POST", path, buf.String(), w.FormDataContentType())
}

// rollOf reads the attendance choices of a form: member id → status.
func rollOf(v url.Values) map[int64]string {
	out := map[int64]string{}
	for k := range v {
		if id, err := strconv.ParseInt(strings.TrimPrefix(k, "a_"), 10, 64); strings.HasPrefix(k, "a_") && err == nil {
			out[id] = v.Get(k)
		}
	}
	return out
}

func TestSecretaryRecordsAMonthsMeetingOnOnePage(t *testing.T) {
	f, cell, members := meetingFixture(t)
	ctx := context.Background()
	c := f.MustLogin(t, "bithu.tdp4")

	res, body := c.get("/meetings")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("list: status %d", res.StatusCode)
	}
	pageHas(t, "the secretary's list", body, "Chi bộ TDP 4", "Ghi biên bản sinh hoạt tháng 6/2025",
		`href="/meetings/new?org=`+idText(cell.ID)+`"`, "Chưa có biên bản sinh hoạt định kỳ tháng 1, tháng 2, tháng 3, tháng 4, tháng 5/2025")

	res, body = c.get("/meetings/new?org=" + idText(cell.ID))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("new form: status %d", res.StatusCode)
	}
	pageHas(t, "the new form", body, "Biên bản sinh hoạt định kỳ tháng 6/2025", `value="20/06/2025"`, "Lưu biên bản")
	v := meetingFormValues(t, body, "/meetings")
	roll := rollOf(v)
	// Every member of the cell on the register, pre-filled: exempt members exempt, the others present.
	var victim *bontot.Member
	exempt := 0
	for _, m := range members {
		want := "present"
		if m.Status == bontot.StatusExempt {
			want = "exempt"
			exempt++
		} else if victim == nil {
			victim = m
		}
		if roll[m.ID] != want {
			t.Errorf("%s pre-filled %q, want %q", m.FullName, roll[m.ID], want)
		}
	}
	if len(roll) != len(members) {
		t.Errorf("roll of %d members, register has %d", len(roll), len(members))
	}
	if v.Get("p_preparation") != "15" || v.Get("p_agenda") != "15" || v.Get("p_principles") != "10" || v.Get("p_last_resolution") != "5" || v.Get("agenda_tasks") != "1" {
		t.Errorf("typed points not pre-filled with their maxima: %v", v)
	}

	// One member absent without excuse; everybody else spoke; minutes signed; a photo of the minutes.
	counted := len(members) - exempt
	v.Set("a_"+idText(victim.ID), "unexcused")
	v.Set("speakers", strconv.Itoa(counted-1))
	v.Set("minutes_signed", "1")
	v.Set("place", "Nhà văn hóa tổ dân phố 4")
	v.Set("chair", "Lê Văn Hùng")
	v.Set("minute_taker", "Trần Thị Hà")
	v.Set("start_time", "19:30")
	v.Set("end_time", "21:15")
	res, _ = c.postMultipart("/meetings", v, "bien-ban-thang-6.jpg", []byte("\xff\xd8\xff\xe0 ảnh biên bản"))
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/meetings/") {
		t.Fatalf("save: status %d location %q", res.StatusCode, loc)
	}
	id, _ := strconv.ParseInt(strings.TrimPrefix(loc, "/meetings/"), 10, 64)
	m, err := f.st.Meeting(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	wantAtt := scoring.MulDiv(2000, int64(counted-1), int64(counted))
	r := m.Score()
	if m.Unexcused != 1 || m.Present != counted-1 || m.Exempt != exempt || m.Minutes != 105 || r.Points(scoring.MeetingAttendance) != wantAtt {
		t.Errorf("saved: present %d unexcused %d exempt %d minutes %d attendance %s, want %s", m.Present, m.Unexcused, m.Exempt, m.Minutes, r.Points(scoring.MeetingAttendance), wantAtt)
	}
	if m.Grade == scoring.GradeGood || m.Total != 8000+wantAtt {
		t.Errorf("grade %s total %s: one unexcused absence cannot be Tốt, total should be 80 + %s", m.Grade, m.Total, wantAtt)
	}
	if m.MinutesFilename != "bien-ban-thang-6.jpg" || m.MinutesType != "image/jpeg" || m.CreatedByName != "bithu.tdp4" {
		t.Errorf("file %q (%s), by %q", m.MinutesFilename, m.MinutesType, m.CreatedByName)
	}

	res, body = c.get(loc)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("meeting page: status %d", res.StatusCode)
	}
	detail := fmt.Sprintf("Có mặt %d/%d", counted-1, counted)
	pageHas(t, "the score sheet", body, "Đã lưu biên bản sinh hoạt ngày 20/06/2025", "Phiếu chấm điểm", detail, "1 đảng viên vắng không lý do",
		fmt.Sprintf("20 × %d/%d = %s điểm", counted-1, counted, wantAtt), "xếp loại <strong>Khá</strong>", "chưa đạt tối đa", victim.FullName,
		"Tải biên bản", "Họp 105 phút")
	res, body = c.get(loc + "/minutes")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/jpeg" || !strings.Contains(body, "ảnh biên bản") {
		t.Errorf("minutes file: status %d type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}

	// The list now shows June held and the big button is gone.
	_, body = c.get("/meetings")
	pageHas(t, "the list after saving", body, `href="`+loc+`"`, "Tháng 6")
	if strings.Contains(body, "Ghi biên bản sinh hoạt tháng 6/2025") {
		t.Error("the list still offers to record June")
	}
	// The audit log has the entry, with its label.
	entries, _, _ := f.st.AuditEntries(ctx, bontot.AuditFilter{Action: "meeting.create", EntityID: id})
	if len(entries) != 1 || bontot.AuditActions["meeting.create"] == "" {
		t.Errorf("audit entries: %d", len(entries))
	}
}

func TestMeetingFormKeepsEverythingOnABadTime(t *testing.T) {
	f, cell, members := meetingFixture(t)
	c := f.MustLogin(t, "bithu.tdp4")
	_, body := c.get("/meetings/new?org=" + idText(cell.ID))
	v := meetingFormValues(t, body, "/meetings")
	var away []*bontot.Member
	for _, m := range members {
		if m.Status != bontot.StatusExempt && len(away) < 2 {
			away = append(away, m)
		}
	}
	v.Set("a_"+idText(away[0].ID), "excused")
	v.Set("a_"+idText(away[1].ID), "unexcused")
	v.Set("start_time", "21:00")
	v.Set("end_time", "19:30")
	v.Set("place", "Nhà ông Tư, số 7 ngõ 3")
	v.Set("guests", "Đồng chí Nguyễn Thị Lan, cán bộ phụ trách")
	v.Set("p_preparation", "12,5")
	v.Set("p_agenda", "15")
	v.Del("agenda_information") // full agenda points without the full agenda: refused too
	v.Set("speakers", "7")
	v.Set("resolution", "Vận động nhân dân giữ gìn vệ sinh môi trường.")
	res, body := c.postMultipart("/meetings", v, "bien-ban.pdf", []byte("%PDF-1.4"))
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad time: status %d", res.StatusCode)
	}
	pageHas(t, "the refused form", body, "Giờ kết thúc phải sau giờ bắt đầu", `id="end_time-err"`, `aria-invalid="true"`,
		"Chương trình chưa đủ bốn nội dung", "vui lòng chọn lại tệp")
	kept := meetingFormValues(t, body, "/meetings")
	for _, k := range []string{"start_time", "end_time", "place", "guests", "p_preparation", "p_agenda", "speakers", "resolution", "held_on", "chair", "minute_taker"} {
		if kept.Get(k) != v.Get(k) {
			t.Errorf("%s = %q after the refusal, typed %q", k, kept.Get(k), v.Get(k))
		}
	}
	if kept.Get("agenda_information") != "" || kept.Get("agenda_tasks") != "1" {
		t.Errorf("agenda boxes not kept: information %q tasks %q", kept.Get("agenda_information"), kept.Get("agenda_tasks"))
	}
	want, got := rollOf(v), rollOf(kept)
	if len(got) != len(want) {
		t.Errorf("roll of %d after the refusal, %d before", len(got), len(want))
	}
	for id, st := range want {
		if got[id] != st {
			t.Errorf("member %d: %q after the refusal, chosen %q", id, got[id], st)
		}
	}
	if list, _ := f.st.Meetings(context.Background(), cell.ID, 2025); len(list) != 0 {
		t.Errorf("a refused meeting was saved: %d", len(list))
	}
}

func TestSecondRegularMeetingOfAMonthRefusedOnTheWeb(t *testing.T) {
	f, cell, _ := meetingFixture(t)
	first := mustMeetingOn(t, f, cell, bontot.MustDate("05/06/2025"), nil)
	c := f.MustLogin(t, "bithu.tdp4")
	res, body := c.get("/meetings/new?org=" + idText(cell.ID))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("new form: status %d", res.StatusCode)
	}
	pageHas(t, "the new form", body, "Tháng này đã có biên bản sinh hoạt định kỳ ngày", `href="/meetings/`+idText(first.ID)+`"`)
	v := meetingFormValues(t, body, "/meetings")
	v.Set("speakers", "6")
	v.Set("minutes_signed", "1")
	res, body = c.postMultipart("/meetings", v, "", nil)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("second regular meeting: status %d", res.StatusCode)
	}
	pageHas(t, "the refusal", body, "Tháng 6/2025 đã có biên bản sinh hoạt định kỳ (ngày 05/06/2025)")
	// The same meeting as a thematic one is fine.
	v.Set("kind", "thematic")
	v.Set("topic", "Học tập Nghị quyết Đại hội Đảng bộ tỉnh")
	res, _ = c.postMultipart("/meetings", v, "", nil)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("thematic meeting: status %d", res.StatusCode)
	}
	list, _ := f.st.Meetings(context.Background(), cell.ID, 2025)
	if len(list) != 2 || list[1].Kind != bontot.MeetingThematic || list[1].Topic == "" {
		t.Errorf("meetings = %v", list)
	}
}

func TestMissingMonthsListed(t *testing.T) {
	f, cell, _ := meetingFixture(t)
	for _, d := range []string{"08/01/2025", "10/03/2025"} {
		mustMeetingOn(t, f, cell, bontot.MustDate(d), nil)
	}
	c := f.MustLogin(t, "bithu.tdp4")
	_, body := c.get("/meetings")
	pageHas(t, "the secretary's list", body, "Chưa có biên bản sinh hoạt định kỳ tháng 2, tháng 4, tháng 5/2025",
		`class="mt-month mt-missing"`, `href="/meetings/new?org=`+idText(cell.ID)+`&amp;date=01/02/2025"`, "Chưa đến hạn", "100 điểm · Tốt")
	if n := strings.Count(body, `class="mt-month mt-missing"`); n != 3 {
		t.Errorf("%d months highlighted as missing, want 3", n)
	}
	// Last year: every month is missing.
	_, body = c.get("/meetings?org=" + idText(cell.ID) + "&year=2024")
	if n := strings.Count(body, `class="mt-month mt-missing"`); n != 12 {
		t.Errorf("2024: %d months missing, want 12", n)
	}

	// The ward committee sees its cells with their missing months, and drills into one.
	w := f.MustLogin(t, "danguy.tranphu")
	res, body := w.get("/meetings")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("committee list: status %d", res.StatusCode)
	}
	pageHas(t, "the committee's list", body, "Sinh hoạt chi bộ năm 2025", "Đảng bộ phường Trần Phú", `href="/meetings?org=`+idText(cell.ID)+`&amp;year=2025"`,
		"T2, T4, T5", "chi bộ còn thiếu tháng")
	res, body = w.get("/meetings?org=" + idText(cell.ID) + "&year=2025")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("drill into the cell: status %d", res.StatusCode)
	}
	pageHas(t, "the cell seen by the committee", body, "Chi bộ TDP 4", "Các chi bộ của Đảng bộ phường Trần Phú", "Ghi biên bản sinh hoạt tháng 6/2025")
	// The board reads but does not record.
	b := f.MustLogin(t, "bantochuc")
	_, body = b.get("/meetings?org=" + idText(cell.ID))
	if strings.Contains(body, "Ghi biên bản sinh hoạt tháng") {
		t.Error("the board is offered to record a cell's meeting")
	}
	_, body = b.get("/meetings")
	pageHas(t, "the board's list", body, "Đảng bộ thành phố Hà Tĩnh", "Xem riêng đơn vị", "Chi bộ TDP 4")
}

func TestMeetingEditAndDelete(t *testing.T) {
	f, cell, _ := meetingFixture(t)
	m := mustMeetingOn(t, f, cell, bontot.MustDate("05/06/2025"), nil)
	c := f.MustLogin(t, "bithu.tdp4")
	path := "/meetings/" + idText(m.ID)
	res, body := c.get(path + "/edit")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("edit form: status %d", res.StatusCode)
	}
	v := meetingFormValues(t, body, path)
	if v.Get("held_on") != "05/06/2025" || v.Get("speakers") != strconv.Itoa(m.Speakers) || v.Get("minutes_signed") != "1" {
		t.Fatalf("edit form values: %v", v)
	}
	v.Set("end_time", "20:00") // 60 minutes in a cell of more than 9: duration 0
	res, _ = c.postMultipart(path, v, "", nil)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("update: status %d", res.StatusCode)
	}
	got, _ := f.st.Meeting(context.Background(), m.ID)
	if got.Minutes != 60 || got.Total != 9000 || got.Grade != scoring.GradeFair || got.MinutesFilename != "bien-ban.pdf" {
		t.Errorf("updated: %d minutes, %s, %s, file %q", got.Minutes, got.Total, got.Grade, got.MinutesFilename)
	}
	res, body = c.post(path+"/delete", url.Values{})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Vui lòng đánh dấu xác nhận") {
		t.Fatalf("delete without confirmation: status %d", res.StatusCode)
	}
	res, _ = c.post(path+"/delete", url.Values{"confirm": {"1"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: status %d", res.StatusCode)
	}
	if _, err := f.st.Meeting(context.Background(), m.ID); bontot.ErrorCode(err) != bontot.ENOTFOUND {
		t.Errorf("deleted meeting: %v", err)
	}
	// Another cell's secretary cannot see it; a sibling cell's id answers 404.
	other := mustOrgCode(t, f, "HT.TP.TRP.TDP1")
	oms, err := f.st.Meetings(context.Background(), other.ID, 2025) // the demo's records
	if err != nil || len(oms) == 0 {
		t.Fatalf("meetings of TDP 1: %d, %v", len(oms), err)
	}
	om := oms[0]
	if res, _ := c.get("/meetings/" + idText(om.ID)); res.StatusCode != http.StatusNotFound {
		t.Errorf("a sibling cell's meeting: status %d, want 404", res.StatusCode)
	}
}

func TestNewMeetingWarnsOfAFourthExcusedAbsence(t *testing.T) {
	f, cell, members := meetingFixture(t)
	var away *bontot.Member
	for _, m := range members {
		if m.Status != bontot.StatusExempt {
			away = m
			break
		}
	}
	for _, d := range []string{"05/03/2025", "05/04/2025", "05/05/2025"} {
		mustMeetingOn(t, f, cell, bontot.MustDate(d), map[int64]bontot.Attendance{away.ID: bontot.Excused})
	}
	c := f.MustLogin(t, "bithu.tdp4")
	_, body := c.get("/meetings/new?org=" + idText(cell.ID))
	if n := strings.Count(body, "Đã vắng có lý do 3 buổi liên tiếp: nếu vắng buổi này sẽ tính vắng không lý do."); n != 1 {
		t.Fatalf("%d warnings, want 1 (for %s)", n, away.FullName)
	}
	// Excused again: counted unexcused, shown so on the score sheet.
	v := meetingFormValues(t, body, "/meetings")
	v.Set("a_"+idText(away.ID), "excused")
	v.Set("speakers", "5")
	v.Set("minutes_signed", "1")
	res, _ := c.postMultipart("/meetings", v, "", nil)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: status %d", res.StatusCode)
	}
	_, body = c.get(res.Header.Get("Location"))
	pageHas(t, "the score sheet", body, "vắng có lý do lần thứ 4 liên tiếp trở lên: tính vắng không lý do", "1 đảng viên vắng không lý do")
}

// TestMeetingsOfAnApprovedYearAreReadOnly: once TDP 4's 2025 assessment is
// approved, its secretary sees why on the meeting page, with no edit or
// delete, and a forged update is refused with the reason and changes nothing.
func TestMeetingsOfAnApprovedYearAreReadOnly(t *testing.T) {
	f, cell, _ := meetingFixture(t)
	ctx := context.Background()
	m := mustMeetingOn(t, f, cell, bontot.MustDate("05/06/2025"), nil)
	c := f.MustLogin(t, "bithu.tdp4")
	path := "/meetings/" + idText(m.ID)
	form := meetingFormValues(t, mustPage(t, c, path+"/edit"), path)

	a, err := f.st.AssessmentOf(ctx, demoCampaign(t, f).ID, 2025, cell.ID)
	if err != nil {
		t.Fatal(err)
	}
	entries := scoring.Entries{}
	for _, cr := range scoring.DefaultCellScale().Criteria {
		for _, it := range cr.Items {
			if it.Method == scoring.Typed {
				entries[it.Code] = scoring.Entry{Points: it.Max}
			}
		}
	}
	if err := f.st.SaveSelf(ctx, storeSystem, a.ID, a.Version, entries, nil, ""); err != nil {
		t.Fatal(err)
	}
	for _, act := range []bontot.Action{bontot.ActSubmit, bontot.ActReview, bontot.ActApprove} {
		cur, _ := f.st.Assessment(ctx, a.ID)
		if err := f.st.Transition(ctx, storeSystem, a.ID, store.TransitionInput{Action: act, Version: cur.Version}); err != nil {
			t.Fatalf("%s: %v", act, err)
		}
	}

	body := html.UnescapeString(mustPage(t, c, path))
	const why = "Kết quả đánh giá năm 2025 của “Chi bộ TDP 4” đã phê duyệt"
	if !strings.Contains(body, why) || strings.Contains(body, "Sửa biên bản</a>") || strings.Contains(body, "Xóa biên bản") {
		t.Errorf("the meeting page of an approved year: reason shown %v, edit or delete still offered", strings.Contains(body, why))
	}
	if list := html.UnescapeString(mustPage(t, c, fmt.Sprintf("/meetings?org=%d&year=2025", cell.ID))); !strings.Contains(list, why) {
		t.Errorf("the cell's meetings of 2025 do not say why they are read-only")
	}
	form.Set("speakers", "1")
	res, body := c.postMultipart(path, form, "", nil)
	if res.StatusCode != http.StatusConflict || !strings.Contains(html.UnescapeString(body), why) {
		t.Errorf("update in an approved year: status %d, want 409 with the reason", res.StatusCode)
	}
	if got, _ := f.st.Meeting(ctx, m.ID); got.Speakers != m.Speakers {
		t.Errorf("the refused update was saved: %d speakers", got.Speakers)
	}
}
