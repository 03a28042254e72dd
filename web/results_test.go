package web_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"bontot"
	"bontot/scoring"
	"bontot/store"
	"bontot/xlsx"
)

// resultsYear is a campaign over the city with its 2024 assessments seeded
// in phường Trần Phú; every other unit is still drafting.
type resultsYear struct {
	c    *bontot.Campaign
	orgs map[string]*bontot.Org // by code
	ids  map[string]int64       // assessment ids by org code
}

// The seeded units of phường Trần Phú (14 cells, one committee), 2024:
//
//	TDP1 recognised, self 100                         → 4 tốt, decision 15-QĐ/ĐU
//	TDP2 approved, self 100, reviewed 87 (gap 13)     → Khá
//	TDP3 reviewed, self 100, reviewed 97 (gap 3)      → 4 tốt
//	TDP4 submitted late, self 81                      → Khá
//	TDP5 submitted, self 62                           → Chưa đạt
func mustResultsYear(tb testing.TB, f *fixture) *resultsYear {
	tb.Helper()
	ctx := context.Background()
	ry := &resultsYear{orgs: map[string]*bontot.Org{}, ids: map[string]int64{}}
	for _, code := range []string{"HT.TP", "HT.TP.TRP", "HT.TP.NDU", "HT.TP.TRP.TDP1", "HT.TP.TRP.TDP2", "HT.TP.TRP.TDP3", "HT.TP.TRP.TDP4", "HT.TP.TRP.TDP5"} {
		o, err := f.st.OrgByCode(ctx, code)
		if err != nil {
			tb.Fatal(code, err)
		}
		ry.orgs[code] = o
	}
	// The cell scale without the veto on the cell's own annual rating, so
	// that "4 tốt" does not depend on ratings being entered.
	cellScale := scoring.DefaultCellScale()
	var vetoes []scoring.Veto
	for _, v := range cellScale.Vetoes {
		if v.Any[0].Fact != scoring.FactOwnRating {
			vetoes = append(vetoes, v)
		}
	}
	cellScale.Vetoes = vetoes
	cell := &bontot.ScaleVersion{Family: "ket-qua-chi-bo", Scale: cellScale}
	comm := &bontot.ScaleVersion{Family: "ket-qua-dang-bo", Scale: scoring.DefaultCommitteeScale()}
	for _, v := range []*bontot.ScaleVersion{cell, comm} {
		if err := f.st.CreateScale(ctx, store.System, v); err != nil {
			tb.Fatal(err)
		}
	}
	scales := []bontot.YearScale{{Kind: scoring.KindCell, ScaleID: cell.ID}, {Kind: scoring.KindCommittee, ScaleID: comm.ID}}
	city := ry.orgs["HT.TP"]
	ry.c = &bontot.Campaign{Name: "Thi đua thử nghiệm kết quả 2024–2025", IssuerID: city.ID, ScopeID: city.ID, FromYear: 2024, ToYear: 2025, Quota: 2000,
		Years: []bontot.CampaignYear{
			{Year: 2024, SelfDeadline: bontot.MustDate("15/12/2024"), Scales: scales},
			{Year: 2025, SelfDeadline: bontot.MustDate("15/12/2025"), Scales: scales},
		}}
	if err := f.st.CreateCampaign(ctx, store.System, ry.c); err != nil {
		tb.Fatal(err)
	}
	full := scoring.Entries{}
	for _, c := range cellScale.Criteria {
		for _, it := range c.Items {
			if it.Method == scoring.Typed {
				full[it.Code] = scoring.Entry{Points: it.Max}
			}
		}
	}
	with := func(changes map[string]scoring.Points) scoring.Entries {
		e := scoring.Entries{}
		for k, v := range full {
			e[k] = v
		}
		for k, p := range changes {
			e[k] = scoring.Entry{Points: p, Note: "Điều chỉnh"}
		}
		return e
	}
	facts := scoring.Facts{scoring.FactTargetsRegistered: 10, scoring.FactTargetsMet: 10, scoring.FactRegularMonths: 12, scoring.FactThematicQuarters: 4,
		scoring.FactRegularScored: 12, scoring.FactRegularScoreSum: 12 * 10000, scoring.FactMeetingsGood: 12}
	at := bontot.MustDate("10/12/2024").Time()
	seed := func(code string, st bontot.Status, self, review scoring.Entries, late bool) store.AssessmentSeed {
		return store.AssessmentSeed{OrgID: ry.orgs[code].ID, Status: st, Self: self, Review: review, Facts: facts, SubmittedAt: at, Late: late}
	}
	seeds := []store.AssessmentSeed{
		seed("HT.TP.TRP.TDP1", bontot.StatusRecognised, full, nil, false),
		seed("HT.TP.TRP.TDP2", bontot.StatusApproved, full, scoring.Entries{"1.1": {Points: 0, Note: "Chưa ban hành"}, "4.1": {Points: 0, Note: "Không đạt"}}, false),
		seed("HT.TP.TRP.TDP3", bontot.StatusReviewed, full, scoring.Entries{"1.1": {Points: 200, Note: "Ban hành muộn"}}, false),
		seed("HT.TP.TRP.TDP4", bontot.StatusSubmitted, with(map[string]scoring.Points{"1.1": 0, "3.1": 0, "4.1": 0}), nil, true),
		seed("HT.TP.TRP.TDP5", bontot.StatusSubmitted, with(map[string]scoring.Points{"3.1": 0, "3.2": 0, "3.3": 0, "3.4": 0, "4.1": 0, "4.2": 0, "4.3": 0}), nil, false),
	}
	seeds[0].Decision, seeds[0].DecisionOn = "15-QĐ/ĐU", bontot.MustDate("20/01/2025")
	if err := f.st.SeedAssessments(ctx, store.System, ry.c.ID, 2024, seeds); err != nil {
		tb.Fatal(err)
	}
	list, err := f.st.Assessments(ctx, bontot.AssessmentFilter{CampaignID: ry.c.ID, Year: 2024, Under: ry.orgs["HT.TP.TRP"].Path})
	if err != nil {
		tb.Fatal(err)
	}
	byOrg := map[int64]*bontot.Assessment{}
	for _, a := range list {
		byOrg[a.OrgID] = a
	}
	want := map[string]struct {
		total scoring.Points
		class scoring.Class
	}{
		"HT.TP.TRP.TDP1": {10000, scoring.ClassFourGood}, "HT.TP.TRP.TDP2": {8700, scoring.ClassGood}, "HT.TP.TRP.TDP3": {9700, scoring.ClassFourGood},
		"HT.TP.TRP.TDP4": {8100, scoring.ClassGood}, "HT.TP.TRP.TDP5": {6200, scoring.ClassFail},
	}
	for code, w := range want {
		a := byOrg[ry.orgs[code].ID]
		if a == nil || a.FinalTotal != w.total || a.FinalClass != w.class {
			tb.Fatalf("seeded %s: %+v, want %v %s", code, a, w.total, w.class)
		}
		ry.ids[code] = a.ID
	}
	return ry
}

// query is the selection of the seeded year for an organization.
func (ry *resultsYear) query(code string, extra ...string) string {
	v := url.Values{"campaign": {strconv.FormatInt(ry.c.ID, 10)}, "year": {"2024"}}
	if code != "" {
		v.Set("org", strconv.FormatInt(ry.orgs[code].ID, 10))
	}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	return v.Encode()
}

var (
	reSection = regexp.MustCompile(`(?s)<section class="rs-table" id="([^"]+)">(.*?)</section>`)
	reRow     = regexp.MustCompile(`(?s)<tr>(.*?)</tr>`)
	reCell    = regexp.MustCompile(`(?s)<t[dh][^>]*>(.*?)</t[dh]>`)
	reTag     = regexp.MustCompile(`<[^>]+>`)
	reHref    = regexp.MustCompile(`href="([^"]+)"`)
	reExport  = regexp.MustCompile(`class="rs-export" href="([^"]+)"`)
)

// pageTable is a table of a results page: its body rows as text, the links
// of its first column, and its export link.
type pageTable struct {
	rows   [][]string
	links  []string
	export string
}

// pageTables reads the results tables of a page by their section id.
func pageTables(t *testing.T, body string) map[string]*pageTable {
	t.Helper()
	out := map[string]*pageTable{}
	for _, m := range reSection.FindAllStringSubmatch(body, -1) {
		pt := &pageTable{}
		sec := m[2]
		if i := strings.Index(sec, "<tbody>"); i >= 0 {
			for _, r := range reRow.FindAllStringSubmatch(sec[i:], -1) {
				var row []string
				for _, c := range reCell.FindAllStringSubmatch(r[1], -1) {
					row = append(row, strings.TrimSpace(html.UnescapeString(reTag.ReplaceAllString(c[1], ""))))
				}
				link := ""
				if h := reHref.FindStringSubmatch(r[1]); h != nil {
					link = html.UnescapeString(h[1])
				}
				pt.rows, pt.links = append(pt.rows, row), append(pt.links, link)
			}
		}
		if h := reExport.FindStringSubmatch(sec); h != nil {
			pt.export = html.UnescapeString(h[1])
		}
		out[m[1]] = pt
	}
	return out
}

// row returns the row whose first cell (or second, after a rank number) is label.
func (pt *pageTable) row(t *testing.T, label string) []string {
	t.Helper()
	for _, r := range pt.rows {
		if len(r) > 0 && r[0] == label || len(r) > 1 && r[1] == label {
			return r
		}
	}
	t.Fatalf("no row %q in %v", label, pt.rows)
	return nil
}

func mustGetOK(t *testing.T, c *client, path string) string {
	t.Helper()
	res, body := c.get(path)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", path, res.StatusCode)
	}
	return body
}

func TestResultsDashboardCountsAndShare(t *testing.T) {
	f := MustFixture(t)
	ry := mustResultsYear(t, f)
	c := f.MustLogin(t, "danguy.tranphu")
	// Without a year the dashboard opens the latest year with a submission (2024, not 2025).
	body := mustGetOK(t, c, "/results?campaign="+strconv.FormatInt(ry.c.ID, 10))
	if !strings.Contains(body, `aria-current="page">Năm 2024</a>`) {
		t.Error("the default year is not 2024")
	}
	sum := pageTables(t, body)["bang-summary"]
	if sum == nil {
		t.Fatalf("no summary table in\n%s", body)
	}
	for label, want := range map[string][]string{
		"Tổng số đơn vị":                    {"14", "—", "1", "—"},
		"Đã gửi tự đánh giá":                {"5", "35,7%", "0", "0,0%"},
		"Gửi trễ hạn":                       {"1", "7,1%"},
		"Đã thẩm định":                      {"3", "21,4%"},
		"Đã phê duyệt":                      {"2", "14,2%"},
		"Đã có quyết định công nhận":        {"1", "7,1%"},
		"Đạt “4 tốt”":                       {"2", "40,0%", "0", "—"},
		"Đạt “4 tốt” (trên tổng số đơn vị)": {"2", "14,2%"},
		"Khá":             {"2", "40,0%"},
		"Chưa đạt":        {"1", "20,0%"},
		"Điểm trung bình": {"85,4", "—", "—"},
	} {
		got := sum.row(t, label)[1:]
		for i, w := range want {
			if i >= len(got) || got[i] != w {
				t.Errorf("summary %q = %v, want %v", label, got, want)
				break
			}
		}
	}
	// The distribution: two units in 90–100, two in 80–<90, one in 60–<70.
	for _, want := range []string{`<th scope="row">90 – 100</th><td>2</td>`, `<th scope="row">80 – dưới 90</th><td>2</td>`, `<th scope="row">60 – dưới 70</th><td>1</td>`,
		`<title>90 – 100 điểm: 2 đơn vị</title>`} {
		if !strings.Contains(body, want) {
			t.Errorf("the chart lacks %s", want)
		}
	}
	// Rankings: with five scored cells the top ranking lists them all, best first.
	top := pageTables(t, body)["bang-top-cell"]
	if top == nil || len(top.rows) != 5 || top.rows[0][1] != "Chi bộ TDP 1" || top.rows[0][3] != "100" || top.rows[4][1] != "Chi bộ TDP 5" {
		t.Errorf("top ranking: %+v", top)
	}
	if top != nil && top.links[0] != "/assessments/"+strconv.FormatInt(ry.ids["HT.TP.TRP.TDP1"], 10) {
		t.Errorf("top ranking links to %q", top.links[0])
	}
	// Leaf cells of the children table link to their assessment.
	kids := pageTables(t, body)["bang-children"]
	if kids == nil {
		t.Fatal("no children table")
	}
	tdp4 := kids.row(t, "Chi bộ TDP 4")
	if got, want := strings.Join(tdp4[1:8], " "), "1 1 100,0% 0 0 0,0% 81"; got != want {
		t.Errorf("children row TDP 4 = %q, want %q", got, want)
	}
	for i, r := range kids.rows {
		if r[0] == "Chi bộ TDP 4" && kids.links[i] != "/assessments/"+strconv.FormatInt(ry.ids["HT.TP.TRP.TDP4"], 10) {
			t.Errorf("TDP 4 links to %q", kids.links[i])
		}
	}
	if !strings.Contains(body, "Danh sách đơn vị được công nhận (1)") {
		t.Error("no link to the recognised list")
	}
}

func TestResultsDrillDownToChild(t *testing.T) {
	f := MustFixture(t)
	ry := mustResultsYear(t, f)
	c := f.MustLogin(t, "bantochuc")
	body := mustGetOK(t, c, "/results?"+ry.query(""))
	if !strings.Contains(body, "Kết quả đánh giá — "+ry.orgs["HT.TP"].Name) {
		t.Fatal("the board does not land on the city")
	}
	kids := pageTables(t, body)["bang-children"]
	if kids == nil {
		t.Fatal("no children table")
	}
	trp := kids.row(t, ry.orgs["HT.TP.TRP"].Name)
	if got, want := strings.Join(trp[1:8], " "), "14 5 35,7% 2 2 14,2% 85,4"; got != want {
		t.Errorf("Trần Phú row = %q, want %q", got, want)
	}
	var link string
	for i, r := range kids.rows {
		if r[0] == ry.orgs["HT.TP.TRP"].Name {
			link = kids.links[i]
		}
	}
	if !strings.Contains(link, "org="+strconv.FormatInt(ry.orgs["HT.TP.TRP"].ID, 10)) || !strings.Contains(link, "year=2024") {
		t.Fatalf("drill-down link %q", link)
	}
	body = mustGetOK(t, c, link)
	if !strings.Contains(body, "Kết quả đánh giá — "+ry.orgs["HT.TP.TRP"].Name) {
		t.Fatal("the link does not open Trần Phú")
	}
	if got := pageTables(t, body)["bang-summary"].row(t, "Đã gửi tự đánh giá"); got[1] != "5" {
		t.Errorf("Trần Phú submitted = %v", got)
	}
	// The breadcrumb leads back up to the city.
	if !strings.Contains(body, `org=`+strconv.FormatInt(ry.orgs["HT.TP"].ID, 10)) {
		t.Error("no breadcrumb link to the city")
	}
}

func TestResultsOutsideScopeIs404(t *testing.T) {
	f := MustFixture(t)
	ry := mustResultsYear(t, f)
	c := f.MustLogin(t, "danguy.tranphu")
	for _, path := range []string{"/results?" + ry.query("HT.TP.NDU"), "/results?" + ry.query("HT.TP"), "/results/units?" + ry.query("HT.TP.NDU"),
		"/results/recognised?" + ry.query("HT.TP.NDU"), "/results/export?" + ry.query("HT.TP.NDU", "table", "summary"),
		"/results?org=" + strconv.FormatInt(f.other.ID, 10), "/results?campaign=999999&org=" + strconv.FormatInt(ry.orgs["HT.TP.TRP"].ID, 10)} {
		if res, _ := c.get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, res.StatusCode)
		}
	}
	// A party member has no results at all.
	if res, _ := f.MustLogin(t, "dangvien").get("/results"); res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusNotFound {
		t.Errorf("member: status %d", res.StatusCode)
	}
}

func TestResultsSecretarySeesOwnCell(t *testing.T) {
	f := MustFixture(t)
	ry := mustResultsYear(t, f)
	c := f.MustLogin(t, "bithu.tdp4")
	body := mustGetOK(t, c, "/results?campaign="+strconv.FormatInt(ry.c.ID, 10)+"&year=2024")
	for _, want := range []string{"Kết quả đánh giá — Chi bộ TDP 4", "Chờ thẩm định", "Gửi trễ hạn", "<dd>81</dd>",
		`href="/assessments/` + strconv.FormatInt(ry.ids["HT.TP.TRP.TDP4"], 10) + `"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the secretary's page lacks %q", want)
		}
	}
	if strings.Contains(body, "Chi bộ TDP 1") {
		t.Error("the secretary sees another cell")
	}
}

func TestResultsGapTableListsLargestDifference(t *testing.T) {
	f := MustFixture(t)
	ry := mustResultsYear(t, f)
	body := mustGetOK(t, f.MustLogin(t, "danguy.tranphu"), "/results?"+ry.query("HT.TP.TRP"))
	gap := pageTables(t, body)["bang-gap-cell"]
	if gap == nil || len(gap.rows) != 2 {
		t.Fatalf("gap table: %+v", gap)
	}
	if got, want := strings.Join(gap.rows[0], " | "), "1 | Chi bộ TDP 2 | Đảng bộ phường Trần Phú | 100 | 87 | 13"; got != want {
		t.Errorf("first gap row = %q, want %q", got, want)
	}
	if got, want := strings.Join(gap.rows[1][1:], " | "), "Chi bộ TDP 3 | Đảng bộ phường Trần Phú | 100 | 97 | 3"; got != want {
		t.Errorf("second gap row = %q, want %q", got, want)
	}
}

func TestResultsRecognisedAndUnitLists(t *testing.T) {
	f := MustFixture(t)
	ry := mustResultsYear(t, f)
	c := f.MustLogin(t, "bantochuc")
	body := mustGetOK(t, c, "/results/recognised?"+ry.query("HT.TP"))
	rec := pageTables(t, body)["bang-recognised"]
	if rec == nil || len(rec.rows) != 1 {
		t.Fatalf("recognised: %+v", rec)
	}
	if got, want := strings.Join(rec.rows[0], " | "), "1 | Chi bộ TDP 1 | Chi bộ trực thuộc | Đảng bộ phường Trần Phú | 15-QĐ/ĐU | 20/01/2025 | 100 | 4 tốt"; got != want {
		t.Errorf("recognised row = %q, want %q", got, want)
	}
	body = mustGetOK(t, c, "/results/units?"+ry.query("HT.TP.TRP", "status", "submitted"))
	units := pageTables(t, body)["bang-units"]
	if units == nil || len(units.rows) != 2 {
		t.Fatalf("submitted units: %+v", units)
	}
	if got, want := strings.Join(units.rows[0][1:], " | "), "Chi bộ TDP 4 | Chi bộ trực thuộc | Đảng bộ phường Trần Phú | Chờ thẩm định | Trễ hạn | 81 | — | 81 | Khá"; got != want {
		t.Errorf("unit row = %q, want %q", got, want)
	}
	body = mustGetOK(t, c, "/results/units?"+ry.query("HT.TP.TRP", "class", "four_good"))
	if units := pageTables(t, body)["bang-units"]; units == nil || len(units.rows) != 2 || units.rows[0][1] != "Chi bộ TDP 1" || units.rows[1][1] != "Chi bộ TDP 3" {
		t.Errorf("4 tốt units: %+v", units)
	}
}

// TestResultsExportsMatchPage downloads every table of the pages and reads
// the cells back: the same rows, the same numbers, numbers as numbers.
func TestResultsExportsMatchPage(t *testing.T) {
	f := MustFixture(t)
	ry := mustResultsYear(t, f)
	c := f.MustLogin(t, "bantochuc")
	pages := []struct{ path, table string }{
		{"/results?" + ry.query("HT.TP.TRP"), "bang-summary"},
		{"/results?" + ry.query("HT.TP.TRP"), "bang-top-cell"},
		{"/results?" + ry.query("HT.TP.TRP"), "bang-gap-cell"},
		{"/results?" + ry.query("HT.TP.TRP"), "bang-children"},
		{"/results?" + ry.query("HT.TP"), "bang-children"},
		{"/results/recognised?" + ry.query("HT.TP"), "bang-recognised"},
		{"/results/units?" + ry.query("HT.TP.TRP", "status", "submitted"), "bang-units"},
	}
	for _, p := range pages {
		t.Run(p.table, func(t *testing.T) {
			body := mustGetOK(t, c, p.path)
			pt := pageTables(t, body)[p.table]
			if pt == nil || pt.export == "" {
				t.Fatalf("%s has no %s with an export link", p.path, p.table)
			}
			res, data := c.get(pt.export)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: status %d", pt.export, res.StatusCode)
			}
			if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, "ket-qua-2024-ht-tp") || !strings.Contains(cd, ".xlsx") {
				t.Errorf("Content-Disposition %q", cd)
			}
			wb, err := excelize.OpenReader(bytes.NewReader([]byte(data)))
			if err != nil {
				t.Fatal(err)
			}
			defer wb.Close()
			sheet := wb.GetSheetList()[0]
			rows, err := wb.GetRows(sheet, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			rows = rows[xlsx.HeaderRow:]
			if len(rows) != len(pt.rows) {
				t.Fatalf("%d rows in the file, %d on the page", len(rows), len(pt.rows))
			}
			for i, row := range pt.rows {
				for j, shown := range row {
					var got string
					if j < len(rows[i]) {
						got = rows[i][j]
					}
					if !sameValue(shown, got) {
						t.Errorf("row %d column %d: page %q, file %q", i+1, j+1, shown, got)
					}
					// Numbers are numeric cells, not text.
					if _, isNum := pageNumber(shown); isNum {
						ref, _ := excelize.CoordinatesToCellName(j+1, xlsx.HeaderRow+1+i)
						if typ, _ := wb.GetCellType(sheet, ref); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
							t.Errorf("%s (%s) is stored as %v, not a number", ref, shown, typ)
						}
					}
				}
			}
		})
	}
	entries, _, _ := f.st.AuditEntries(context.Background(), bontot.AuditFilter{Action: "results.export"})
	if len(entries) != len(pages) || entries[0].Username != "bantochuc" {
		t.Errorf("%d export audit entries, want %d", len(entries), len(pages))
	}
}

// pageNumber reads a number as the page shows it: "1.234", "85,4", "35,7%".
func pageNumber(s string) (float64, bool) {
	if s == "" || s == "—" {
		return 0, false
	}
	v := strings.TrimSuffix(strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", "."), "%")
	n, err := strconv.ParseFloat(v, 64)
	return n, err == nil && !strings.ContainsAny(s, "/ ")
}

// sameValue compares a page cell with the raw workbook cell.
func sameValue(shown, file string) bool {
	if shown == "—" {
		return file == ""
	}
	if n, ok := pageNumber(shown); ok {
		m, err := strconv.ParseFloat(file, 64)
		return err == nil && fmt.Sprintf("%.2f", n) == fmt.Sprintf("%.2f", m)
	}
	return shown == file
}
