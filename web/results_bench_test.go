package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

// BenchmarkResultsDashboardDemoRoot serves /results for the demo's root (the
// province, the administrator's scope) through the whole handler: session,
// scope, counters, rankings, template. It uses the demo campaign when the
// demo has one, else the seeded test year.
func BenchmarkResultsDashboardDemoRoot(b *testing.B) {
	f := MustFixture(b)
	ctx := context.Background()
	cs, err := f.st.Campaigns(ctx, "")
	if err != nil {
		b.Fatal(err)
	}
	if len(cs) == 0 {
		mustResultsYear(b, f)
	}
	root, err := f.st.OrgByCode(ctx, "HT")
	if err != nil {
		b.Fatal(err)
	}
	c := f.MustLogin(b, "quantri")
	base, _ := url.Parse(f.srv.URL)
	req := httptest.NewRequest("GET", "/results", nil)
	for _, ck := range c.hc.Jar.Cookies(base) {
		req.AddCookie(ck)
	}
	h := f.srv.Config.Handler
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("status %d", rec.Code)
	}
	size := rec.Body.Len()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("status %d", rec.Code)
		}
	}
	b.ReportMetric(float64(root.CellCount), "cells")
	b.ReportMetric(float64(size), "bytes/page")
}
