package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"bontot"
)

// serveBench serves path as login through the whole handler (session, scope,
// store, template) without the network, and reports the page size.
func serveBench(b *testing.B, f *fixture, login, path string, metrics map[string]float64) {
	b.Helper()
	c := f.MustLogin(b, login)
	base, _ := url.Parse(f.srv.URL)
	req := httptest.NewRequest("GET", path, nil)
	for _, ck := range c.hc.Jar.Cookies(base) {
		req.AddCookie(ck)
	}
	h := f.srv.Config.Handler
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("%s: status %d", path, rec.Code)
	}
	size := rec.Body.Len()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
	b.ReportMetric(float64(size), "bytes/page")
	for unit, v := range metrics {
		b.ReportMetric(v, unit)
	}
}

// withYearOfMeetings puts the clock on 20 December 2025 and records the
// regular meetings of January to November for the cell, one member excused
// at each, so that the form reads a real history (last meeting, absences in a row).
func withYearOfMeetings(b *testing.B, f *fixture, cell *bontot.Org) {
	b.Helper()
	f.st.Now = func() time.Time { return time.Date(2025, 12, 20, 3, 0, 0, 0, time.UTC) }
	d, err := f.st.MeetingForm(context.Background(), cell.ID, bontot.MustDate("01/01/2025"))
	if err != nil || len(d.Attendees) == 0 {
		b.Fatal(err)
	}
	away := map[int64]bontot.Attendance{d.Attendees[0].MemberID: bontot.Excused}
	for m := time.January; m <= time.November; m++ {
		mustMeetingOn(b, f, cell, bontot.NewDate(2025, m, 5), away)
	}
}

// BenchmarkMeetingNewPageDemoTDP4 serves the new-meeting form of the demo
// cell HT.TP.TRP.TDP4 to its secretary after eleven months of meetings: the
// page a secretary loads once per month.
func BenchmarkMeetingNewPageDemoTDP4(b *testing.B) {
	f := MustFixture(b)
	cell := mustOrgCode(b, f, "HT.TP.TRP.TDP4")
	withYearOfMeetings(b, f, cell)
	serveBench(b, f, "bithu.tdp4", "/meetings/new?org="+idText(cell.ID), map[string]float64{"members": float64(cell.MemberCount)})
}

// BenchmarkMeetingsListDemoCity serves the board's list of every cell of the
// demo city with their meetings of the year.
func BenchmarkMeetingsListDemoCity(b *testing.B) {
	f := MustFixture(b)
	cell := mustOrgCode(b, f, "HT.TP.TRP.TDP4")
	withYearOfMeetings(b, f, cell)
	city := mustOrgCode(b, f, "HT.TP")
	serveBench(b, f, "bantochuc", "/meetings", map[string]float64{"cells": float64(city.CellCount)})
}

// BenchmarkMeetingSaveDemoTDP4 posts the filled form of the demo cell
// HT.TP.TRP.TDP4 (a thematic meeting, so that every iteration is accepted)
// through the whole handler: parse, validate against the roll, store,
// recount the members' absences in a row, score, audit, redirect. Each
// meeting is deleted again outside the timing.
func BenchmarkMeetingSaveDemoTDP4(b *testing.B) {
	f := MustFixture(b)
	cell := mustOrgCode(b, f, "HT.TP.TRP.TDP4")
	withYearOfMeetings(b, f, cell)
	c := f.MustLogin(b, "bithu.tdp4")
	_, body := c.get("/meetings/new?org=" + idText(cell.ID) + "&kind=thematic")
	v := meetingFormValues(b, body, "/meetings")
	v.Set("topic", "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")
	v.Set("speakers", "6")
	v.Set("minutes_signed", "1")
	form := []byte(v.Encode())
	base, _ := url.Parse(f.srv.URL)
	cookies := c.hc.Jar.Cookies(base)
	h := f.srv.Config.Handler
	ctx := context.Background()
	for b.Loop() {
		req := httptest.NewRequest("POST", "/meetings", bytes.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "http://example.com")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		for _, ck := range cookies {
			req.AddCookie(ck)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusSeeOther {
			b.Fatalf("status %d", rec.Code)
		}
		b.StopTimer()
		id, _ := strconv.ParseInt(strings.TrimPrefix(rec.Header().Get("Location"), "/meetings/"), 10, 64)
		if err := f.st.DeleteMeeting(ctx, storeSystem, id); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}
