package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"bontot"
	"bontot/demo"
	"bontot/store"
)

// The read-only API of the year's records, in the authorization table: the
// same roles and subtrees as the pages they mirror.
func init() {
	routes = append(routes,
		route{"GET", "/api/v1/meetings?org={cell}&year=2025", "", readers, true, true},
		route{"GET", "/api/v1/meetings/{meeting}", "", readers, true, true},
		route{"GET", "/api/v1/late", "", readers, false, true},
		route{"GET", "/api/v1/late?kind=meetings&org={cell}&month=2025-03", "", readers, true, true},
		route{"GET", "/api/v1/late?kind=meetings&org={parent}", "", mvParentRead, true, true},
		route{"GET", "/api/v1/late?kind=assessments&org={cell}&campaign={mvcampaign}&year=2025", "", readers, true, true},
		route{"GET", "/api/v1/late?kind=registrations&org={cell}&campaign={mvcampaign}&year=2025", "", readers, true, true},
		route{"GET", "/api/v1/registrations?org={cell}&campaign={mvcampaign}&year=2025", "", readers, true, true},
		route{"GET", "/api/v1/registrations?org={parent}&campaign={mvcampaign}&year=2025", "", mvParentRead, true, true},
		route{"GET", "/api/v1/registrations/{registration}", "", readers, true, true},
		route{"GET", "/api/v1/recommendations", "", readers, false, true},
		route{"GET", "/api/v1/recommendations?org={cell}&state=all", "", readers, true, true},
	)
}

// apiErrorJSON is the error body of the API.
type apiErrorJSON struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

// getJSON reads an API answer into v (when the status is 200) and returns the status and body.
func getJSON(t *testing.T, c *client, path string, v any) (int, string) {
	t.Helper()
	res, body := c.get(path)
	if ct := res.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("GET %s: Content-Type %q", path, ct)
	}
	if res.StatusCode == http.StatusOK && v != nil {
		if err := json.Unmarshal([]byte(body), v); err != nil {
			t.Fatalf("GET %s: %v\n%s", path, err, body)
		}
	}
	return res.StatusCode, body
}

// TestAPIRecordsRefuseLikeThePages: out-of-scope ids and bad parameters
// answer the API's JSON error, with the code a script can test.
func TestAPIRecordsRefuseLikeThePages(t *testing.T) {
	f := MustFixture(t)
	ctx := context.Background()
	tdp1 := mustOrgCode(t, f, "HT.TP.TRP.TDP1")
	ward := mustOrgCode(t, f, "HT.TP.TRP")
	ms, err := f.st.Meetings(ctx, tdp1.ID, 2025)
	if err != nil || len(ms) == 0 {
		t.Fatalf("TDP 1 has no 2025 meetings: %v", err)
	}
	c := demoCampaign(t, f)
	regTDP1 := mustRegistrationOf(t, f, c, tdp1, 2025)
	tests := []struct {
		user, path  string
		status      int
		code, field string
	}{
		{"bithu.tdp4", fmt.Sprintf("/api/v1/meetings?org=%d&year=2025", tdp1.ID), 404, "not_found", ""},
		{"bithu.tdp4", fmt.Sprintf("/api/v1/meetings/%d", ms[0].ID), 404, "not_found", ""},
		{"bantochuc", fmt.Sprintf("/api/v1/meetings?org=%d&year=2025", f.other.ID), 404, "not_found", ""},
		{"bantochuc", "/api/v1/meetings/999999999", 404, "not_found", ""},
		{"bantochuc", "/api/v1/meetings?year=2025", 404, "not_found", ""},
		{"bantochuc", fmt.Sprintf("/api/v1/meetings?org=%d&year=2025", ward.ID), 422, "invalid", ""},
		{"bantochuc", fmt.Sprintf("/api/v1/meetings?org=%d&year=1999", tdp1.ID), 422, "invalid", "year"},
		{"bantochuc", fmt.Sprintf("/api/v1/meetings?org=%d&year=abc", tdp1.ID), 422, "invalid", "year"},
		{"dangvien", fmt.Sprintf("/api/v1/meetings?org=%d&year=2025", mustOrgCode(t, f, "HT.TP.TRP.TDP4").ID), 404, "not_found", ""},
		{"bithu.tdp4", fmt.Sprintf("/api/v1/late?org=%d", tdp1.ID), 404, "not_found", ""},
		{"bithu.tdp4", fmt.Sprintf("/api/v1/late?org=%d", ward.ID), 404, "not_found", ""},
		{"bantochuc", fmt.Sprintf("/api/v1/late?org=%d", f.other.ID), 404, "not_found", ""},
		{"bantochuc", fmt.Sprintf("/api/v1/late?org=%d&kind=visits", ward.ID), 422, "invalid", "kind"},
		{"bantochuc", fmt.Sprintf("/api/v1/late?org=%d&month=10/2025", ward.ID), 422, "invalid", "month"},
		{"bantochuc", fmt.Sprintf("/api/v1/late?org=%d&kind=assessments&campaign=999999", ward.ID), 404, "not_found", ""},
		{"bantochuc", fmt.Sprintf("/api/v1/late?org=%d&kind=assessments&year=2019", ward.ID), 404, "not_found", ""},
		{"dangvien", "/api/v1/late", 403, "forbidden", ""},
		{"bithu.tdp4", fmt.Sprintf("/api/v1/registrations?org=%d&campaign=%d&year=2025", ward.ID, c.ID), 404, "not_found", ""},
		{"bithu.tdp4", fmt.Sprintf("/api/v1/registrations?org=%d&campaign=%d&year=2025", tdp1.ID, c.ID), 404, "not_found", ""},
		{"bithu.tdp4", fmt.Sprintf("/api/v1/registrations/%d", regTDP1.ID), 404, "not_found", ""},
		{"bantochuc", fmt.Sprintf("/api/v1/registrations?org=%d&campaign=%d&year=2025", f.other.ID, c.ID), 404, "not_found", ""},
		{"bantochuc", fmt.Sprintf("/api/v1/registrations?org=%d&campaign=%d&year=2022", ward.ID, c.ID), 404, "not_found", ""},
		{"bantochuc", fmt.Sprintf("/api/v1/registrations?org=%d&campaign=999999", ward.ID), 404, "not_found", ""},
		{"bantochuc", "/api/v1/registrations/999999999", 404, "not_found", ""},
		{"bithu.tdp4", fmt.Sprintf("/api/v1/recommendations?org=%d", tdp1.ID), 404, "not_found", ""},
		{"bithu.tdp4", fmt.Sprintf("/api/v1/recommendations?under=%d", ward.ID), 404, "not_found", ""},
		{"bantochuc", fmt.Sprintf("/api/v1/recommendations?org=%d", f.other.ID), 404, "not_found", ""},
		{"bantochuc", fmt.Sprintf("/api/v1/recommendations?org=%d&state=late", ward.ID), 422, "invalid", "state"},
		{"bantochuc", fmt.Sprintf("/api/v1/recommendations?org=%d&status=done", ward.ID), 422, "invalid", "status"},
		{"bantochuc", fmt.Sprintf("/api/v1/recommendations?org=%d&status=open&state=all", ward.ID), 422, "invalid", "state"},
		{"dangvien", "/api/v1/recommendations", 404, "not_found", ""},
	}
	clients := map[string]*client{}
	for _, tt := range tests {
		t.Run(tt.user+" "+tt.path, func(t *testing.T) {
			cl := clients[tt.user]
			if cl == nil {
				cl = f.MustLogin(t, tt.user)
				clients[tt.user] = cl
			}
			status, body := getJSON(t, cl, tt.path, nil)
			var e apiErrorJSON
			if err := json.Unmarshal([]byte(body), &e); err != nil {
				t.Fatalf("not JSON: %s", body)
			}
			if status != tt.status || e.Error.Code != tt.code || e.Error.Message == "" {
				t.Errorf("status %d code %q, want %d %q\n%s", status, e.Error.Code, tt.status, tt.code, body)
			}
			if tt.field != "" && e.Error.Fields[tt.field] == "" {
				t.Errorf("no message for %s: %s", tt.field, body)
			}
		})
	}
}

// TestAPIMeetingsMatchTheStore: TDP 4's 2025 meetings through the API are
// the store's, with the same grades and totals, and one meeting's roll and
// score sheet add up to what the record says.
func TestAPIMeetingsMatchTheStore(t *testing.T) {
	f := MustFixture(t)
	ctx := context.Background()
	cell := mustOrgCode(t, f, "HT.TP.TRP.TDP4")
	want, err := f.st.Meetings(ctx, cell.ID, 2025)
	if err != nil || len(want) == 0 {
		t.Fatalf("TDP 4 has no 2025 meetings: %v", err)
	}
	missing, err := f.st.MissingMonths(ctx, cell.ID, 2025, f.st.Today())
	if err != nil {
		t.Fatal(err)
	}
	type counts struct {
		RollSize  int `json:"roll_size"`
		Present   int `json:"present"`
		Excused   int `json:"excused"`
		Unexcused int `json:"unexcused"`
		Exempt    int `json:"exempt"`
	}
	type meeting struct {
		ID     int64       `json:"id"`
		Kind   string      `json:"kind"`
		HeldOn string      `json:"held_on"`
		Start  string      `json:"start_time"`
		Counts counts      `json:"counts"`
		Total  json.Number `json:"total"`
		Grade  string      `json:"grade"`
	}
	for _, user := range []string{"bithu.tdp4", "bantochuc", "danguy.tranphu"} {
		var got struct {
			Meetings      []meeting `json:"meetings"`
			MissingMonths []int     `json:"missing_months"`
		}
		if status, body := getJSON(t, f.MustLogin(t, user), fmt.Sprintf("/api/v1/meetings?org=%d&year=2025", cell.ID), &got); status != 200 {
			t.Fatalf("%s: %d %s", user, status, body)
		}
		if len(got.Meetings) != len(want) {
			t.Fatalf("%s: %d meetings, the store has %d", user, len(got.Meetings), len(want))
		}
		for i, m := range want {
			g := got.Meetings[i]
			w := meeting{ID: m.ID, Kind: string(m.Kind), HeldOn: m.HeldOn.ISO(), Start: m.Start, Total: json.Number(fmt.Sprintf("%d.%02d", m.Total/100, m.Total%100)),
				Grade: string(m.Grade), Counts: counts{m.RollSize, m.Present, m.Excused, m.Unexcused, m.Exempt}}
			if g != w {
				t.Errorf("%s: meeting %d = %+v, want %+v", user, i, g, w)
			}
		}
		if !slices.Equal(got.MissingMonths, missing) {
			t.Errorf("%s: missing months %v, want %v", user, got.MissingMonths, missing)
		}
	}

	// One meeting: every member of the roll, counted as the record counts them.
	m, err := f.st.Meeting(ctx, want[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	var one struct {
		ID         int64  `json:"id"`
		Counts     counts `json:"counts"`
		Attendance []struct {
			MemberID int64  `json:"member_id"`
			FullName string `json:"full_name"`
			Status   string `json:"status"`
			Counted  string `json:"counted"`
		} `json:"attendance"`
		Total json.Number `json:"total"`
		Sheet struct {
			Items []struct {
				Code   string      `json:"code"`
				Max    json.Number `json:"max"`
				Points json.Number `json:"points"`
			} `json:"items"`
			Total json.Number `json:"total"`
			Grade string      `json:"grade"`
		} `json:"sheet"`
	}
	if status, body := getJSON(t, f.MustLogin(t, "bithu.tdp4"), fmt.Sprintf("/api/v1/meetings/%d", m.ID), &one); status != 200 {
		t.Fatalf("meeting: %d %s", status, body)
	}
	if len(one.Attendance) != len(m.Attendees) || len(one.Attendance) != m.RollSize {
		t.Fatalf("roll of %d, the record has %d (roll size %d)", len(one.Attendance), len(m.Attendees), m.RollSize)
	}
	present := 0
	for i, a := range m.Attendees {
		g := one.Attendance[i]
		if g.MemberID != a.MemberID || g.FullName != a.FullName || g.Status != string(a.Status) {
			t.Errorf("attendee %d = %+v, want %d %s %s", i, g, a.MemberID, a.FullName, a.Status)
		}
		if g.Counted == string(bontot.Present) {
			present++
		}
	}
	if present != m.Present {
		t.Errorf("%d counted present, the record says %d", present, m.Present)
	}
	if one.Sheet.Total != one.Total || string(one.Sheet.Grade) != string(m.Grade) || len(one.Sheet.Items) == 0 {
		t.Errorf("sheet %s %s (%d items), record %s %s", one.Sheet.Total, one.Sheet.Grade, len(one.Sheet.Items), one.Total, m.Grade)
	}
}

var reLateTotal = regexp.MustCompile(`<h2>[^<]*: ([0-9.]+)</h2>`)

// TestAPILateMatchesThePage: each urging list through the API has the
// total the /late page shows and the units the store lists, page by page.
func TestAPILateMatchesThePage(t *testing.T) {
	f := MustFixture(t)
	ctx := context.Background()
	ward := mustOrgCode(t, f, "HT.TP.TRP")
	city := mustOrgCode(t, f, demo.CityCode)
	c := demoCampaign(t, f)
	board := f.MustLogin(t, "bantochuc")
	meetingsLate := func(o *bontot.Org, year int, month time.Month) func(limit, offset int) ([]store.LateUnit, int, error) {
		return func(limit, offset int) ([]store.LateUnit, int, error) {
			return f.st.MeetingsLate(ctx, o.Path, year, month, limit, offset)
		}
	}
	assessmentsLate := func(o *bontot.Org, year int) func(limit, offset int) ([]store.LateUnit, int, error) {
		return func(limit, offset int) ([]store.LateUnit, int, error) {
			return f.st.AssessmentsLate(ctx, c.ID, year, o.Path, limit, offset)
		}
	}
	registrationsLate := func(o *bontot.Org, year int) func(limit, offset int) ([]store.LateUnit, int, error) {
		return func(limit, offset int) ([]store.LateUnit, int, error) {
			sum, err := f.st.RegistrationShares(ctx, c.ID, year, o.Path, limit, offset)
			if err != nil {
				return nil, 0, err
			}
			var out []store.LateUnit
			for _, g := range sum.Unsent {
				out = append(out, store.LateUnit{OrgID: g.OrgID, Code: g.Code, Name: g.Name, ParentName: g.ParentName})
			}
			return out, int(sum.Total.Unsent()), nil
		}
	}
	tests := []struct {
		name  string
		query string // both the page's and the API's
		store func(limit, offset int) ([]store.LateUnit, int, error)
		total int // when known beforehand; -1 otherwise
	}{
		{"meetings of a month nobody recorded", fmt.Sprintf("org=%d&kind=meetings&month=2026-10", ward.ID), meetingsLate(ward, 2026, time.October), ward.CellCount},
		{"meetings of March 2025 in the city", fmt.Sprintf("org=%d&kind=meetings&month=2025-03", city.ID), meetingsLate(city, 2025, time.March), -1},
		{"self-assessments of 2025 in the ward", fmt.Sprintf("org=%d&kind=assessments&campaign=%d&year=2025", ward.ID, c.ID), assessmentsLate(ward, 2025), -1},
		{"self-assessments of 2025 in the city", fmt.Sprintf("org=%d&kind=assessments&campaign=%d&year=2025", city.ID, c.ID), assessmentsLate(city, 2025), -1},
		{"registrations of 2025 in the ward", fmt.Sprintf("org=%d&kind=registrations&campaign=%d&year=2025", ward.ID, c.ID), registrationsLate(ward, 2025), -1},
		{"registrations of 2025 in the city", fmt.Sprintf("org=%d&kind=registrations&campaign=%d&year=2025", city.ID, c.ID), registrationsLate(city, 2025), -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, page := board.get("/late?" + tt.query)
			m := reLateTotal.FindStringSubmatch(page)
			if m == nil {
				t.Fatalf("the page shows no total")
			}
			shown, _ := strconv.Atoi(strings.ReplaceAll(m[1], ".", ""))
			for _, p := range []struct{ limit, offset int }{{0, 0}, {3, 2}} {
				var got struct {
					Total int `json:"total"`
					Units []struct {
						ID         int64  `json:"id"`
						Code       string `json:"code"`
						Name       string `json:"name"`
						ParentName string `json:"parent_name"`
					} `json:"units"`
				}
				path := fmt.Sprintf("/api/v1/late?%s&limit=%d&offset=%d", tt.query, p.limit, p.offset)
				if status, body := getJSON(t, board, path, &got); status != 200 {
					t.Fatalf("%s: %d %s", path, status, body)
				}
				limit := p.limit
				if limit == 0 {
					limit = 50 // the page's length, the API's default
				}
				want, n, err := tt.store(limit, p.offset)
				if err != nil {
					t.Fatal(err)
				}
				if got.Total != shown || got.Total != n || (tt.total >= 0 && got.Total != tt.total) {
					t.Errorf("%s: total %d; the page shows %d, the store %d, want %d", path, got.Total, shown, n, tt.total)
				}
				if len(got.Units) != len(want) {
					t.Fatalf("%s: %d units, the store %d", path, len(got.Units), len(want))
				}
				for i, u := range want {
					g := got.Units[i]
					if g.ID != u.OrgID || g.Code != u.Code || g.Name != u.Name || g.ParentName != u.ParentName {
						t.Errorf("%s: unit %d = %+v, want %+v", path, i, g, u)
					}
				}
			}
		})
	}
}

// mustRegistrationOf is the registration of o in a campaign year.
func mustRegistrationOf(t *testing.T, f *fixture, c *bontot.Campaign, o *bontot.Org, year int) *bontot.Registration {
	t.Helper()
	regs, err := f.st.Registrations(context.Background(), c.ID, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range regs {
		if r.Year == year {
			reg, err := f.st.Registration(context.Background(), r.ID)
			if err != nil {
				t.Fatal(err)
			}
			return reg
		}
	}
	t.Fatalf("%s has no registration of %d", o.Code, year)
	return nil
}

type regTally struct {
	Units        int64 `json:"units"`
	Registered   int64 `json:"registered"`
	Sent         int64 `json:"sent"`
	Acknowledged int64 `json:"acknowledged"`
	Returned     int64 `json:"returned"`
	Draft        int64 `json:"draft"`
	None         int64 `json:"none"`
	Unsent       int64 `json:"unsent"`
}

func tallyOf(t bontot.RegistrationTally) regTally {
	return regTally{t.Units, t.Registered(), t.Sent, t.Acknowledged, t.Returned, t.Draft, t.None(), t.Unsent()}
}

// TestAPIRegistrationsMatchTheBoardsView: the 2025 registration shares of
// the city and of a ward through the API are the figures of the board's
// view /movement and of the store, child by child and unit by unit; one
// registration carries the targets and steps the store holds.
func TestAPIRegistrationsMatchTheBoardsView(t *testing.T) {
	f := MustFixture(t)
	ctx := context.Background()
	c := demoCampaign(t, f)
	board := f.MustLogin(t, "bantochuc")
	for _, code := range []string{demo.CityCode, "HT.TP.TRP"} {
		o := mustOrgCode(t, f, code)
		t.Run(code, func(t *testing.T) {
			want, err := f.st.RegistrationShares(ctx, c.ID, 2025, o.Path, 11, 5)
			if err != nil {
				t.Fatal(err)
			}
			var got struct {
				Total    regTally  `json:"total"`
				Self     *regTally `json:"self"`
				Children []struct {
					ID    int64    `json:"id"`
					Tally regTally `json:"tally"`
				} `json:"children"`
				Unsent []struct {
					ID             int64  `json:"id"`
					Name           string `json:"name"`
					Status         string `json:"status"`
					RegistrationID int64  `json:"registration_id"`
				} `json:"unsent"`
				More bool `json:"more"`
			}
			path := fmt.Sprintf("/api/v1/registrations?org=%d&campaign=%d&year=2025&limit=10&offset=5", o.ID, c.ID)
			if status, body := getJSON(t, board, path, &got); status != 200 {
				t.Fatalf("%d %s", status, body)
			}
			// What the board reads on /movement: registered out of the units.
			st := stats(mustGetOK(t, board, fmt.Sprintf("/movement?org=%d&campaign=%d&year=2025", o.ID, c.ID)))
			if shown := fmt.Sprintf("%s/%s", formatNum(got.Total.Registered), formatNum(got.Total.Units)); st["stat-registered"] != shown {
				t.Errorf("API %s registered, the page %q", shown, st["stat-registered"])
			}
			if got.Total != tallyOf(want.Total) || got.Total.Units == 0 {
				t.Errorf("total %+v, want %+v", got.Total, tallyOf(want.Total))
			}
			if (got.Self == nil) != (want.Self == nil) || (got.Self != nil && *got.Self != tallyOf(*want.Self)) {
				t.Errorf("self %+v, want %+v", got.Self, want.Self)
			}
			if len(got.Children) != len(want.Children) {
				t.Fatalf("%d children, want %d", len(got.Children), len(want.Children))
			}
			for i, ch := range want.Children {
				if got.Children[i].ID != ch.Org.ID || got.Children[i].Tally != tallyOf(ch.Tally) {
					t.Errorf("child %d = %+v, want %d %+v", i, got.Children[i], ch.Org.ID, tallyOf(ch.Tally))
				}
			}
			if wantMore := len(want.Unsent) > 10; got.More != wantMore {
				t.Errorf("more = %v, want %v", got.More, wantMore)
			}
			want.Unsent = want.Unsent[:min(10, len(want.Unsent))]
			if len(got.Unsent) != len(want.Unsent) {
				t.Fatalf("%d unsent, want %d", len(got.Unsent), len(want.Unsent))
			}
			for i, g := range want.Unsent {
				status := string(g.Status)
				if status == "" {
					status = "none"
				}
				if u := got.Unsent[i]; u.ID != g.OrgID || u.Name != g.Name || u.Status != status || u.RegistrationID != g.RegistrationID {
					t.Errorf("unsent %d = %+v, want %+v", i, u, g)
				}
			}
		})
	}

	// TDP 4's registration, read by its secretary.
	reg := mustRegistrationOf(t, f, c, mustOrgCode(t, f, "HT.TP.TRP.TDP4"), 2025)
	events, err := f.st.RegistrationEvents(ctx, reg.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		ID      int64  `json:"id"`
		Status  string `json:"status"`
		Targets []struct {
			Criterion int          `json:"criterion"`
			Text      string       `json:"text"`
			Planned   *json.Number `json:"planned"`
			Achieved  *json.Number `json:"achieved"`
			Met       *bool        `json:"met"`
		} `json:"targets"`
		Met    int `json:"met"`
		Known  int `json:"known"`
		Events []struct {
			Action string `json:"action"`
			To     string `json:"to"`
		} `json:"events"`
	}
	if status, body := getJSON(t, f.MustLogin(t, "bithu.tdp4"), fmt.Sprintf("/api/v1/registrations/%d", reg.ID), &got); status != 200 {
		t.Fatalf("registration: %d %s", status, body)
	}
	if got.ID != reg.ID || got.Status != string(reg.Status) || len(got.Targets) != len(reg.Targets) || len(reg.Targets) == 0 {
		t.Fatalf("registration %d %s with %d targets, want %d %s with %d", got.ID, got.Status, len(got.Targets), reg.ID, reg.Status, len(reg.Targets))
	}
	countable := 0
	for i, tg := range reg.Targets {
		g := got.Targets[i]
		met, known := tg.Met()
		if g.Criterion != tg.Criterion || g.Text != tg.Text || (g.Met != nil) != known || (known && *g.Met != met) {
			t.Errorf("target %d = %+v, want %+v", i, g, tg)
		}
		if tg.Countable {
			countable++
			if g.Planned == nil || *g.Planned != json.Number(fmt.Sprintf("%d.%02d", tg.Planned/100, tg.Planned%100)) {
				t.Errorf("target %d planned %v, want %s", i, g.Planned, tg.Planned)
			}
		} else if g.Planned != nil {
			t.Errorf("target %d: a text target with a planned number %s", i, *g.Planned)
		}
	}
	if countable == 0 {
		t.Errorf("no countable target to check")
	}
	if m, k := reg.MetCount(); got.Met != m || got.Known != k {
		t.Errorf("met %d/%d, want %d/%d", got.Met, got.Known, m, k)
	}
	if len(got.Events) != len(events) {
		t.Fatalf("%d steps, want %d", len(got.Events), len(events))
	}
	for i, e := range events {
		if got.Events[i].Action != string(e.Action) || got.Events[i].To != string(e.To) {
			t.Errorf("step %d = %+v, want %s → %s", i, got.Events[i], e.Action, e.To)
		}
	}
}

// formatNum writes n with dots between thousands, as the pages do.
func formatNum(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}

var reRecLink = regexp.MustCompile(`<a href="/sponsors/recommendations/([0-9]+)">`)

// TestAPIRecommendationsMatchThePage: for each filter, the city's
// recommendations through the API are those of the page
// /sponsors/recommendations, in its order, and each says whether it is
// overdue as the store does today.
func TestAPIRecommendationsMatchThePage(t *testing.T) {
	f := MustFixture(t)
	ctx := context.Background()
	city := mustOrgCode(t, f, demo.CityCode)
	today := f.st.Today()
	board := f.MustLogin(t, "bantochuc")
	all, _, err := f.st.Recommendations(ctx, bontot.RecommendationFilter{Under: city.Path, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int64]*bontot.Recommendation{}
	for _, x := range all {
		byID[x.ID] = x
	}
	type rec struct {
		ID        int64  `json:"id"`
		OwnerID   int64  `json:"owner_id"`
		OwnerName string `json:"owner_name"`
		Text      string `json:"text"`
		DueOn     string `json:"due_on"`
		Status    string `json:"status"`
		Overdue   bool   `json:"overdue"`
		DaysLate  int    `json:"days_late"`
	}
	seen := map[string]int{}
	for _, tt := range []struct{ state, api string }{
		{"open", ""}, {"overdue", "state=overdue"}, {"resolved", "state=resolved"}, {"all", "state=all"},
	} {
		t.Run(tt.state, func(t *testing.T) {
			_, page := board.get(fmt.Sprintf("/sponsors/recommendations?under=%d&state=%s", city.ID, tt.state))
			var onPage []int64
			for _, m := range reRecLink.FindAllStringSubmatch(page, -1) {
				id, _ := strconv.ParseInt(m[1], 10, 64)
				onPage = append(onPage, id)
			}
			var got struct {
				Recommendations []rec `json:"recommendations"`
			}
			if status, body := getJSON(t, board, fmt.Sprintf("/api/v1/recommendations?org=%d&%s", city.ID, tt.api), &got); status != 200 {
				t.Fatalf("%d %s", status, body)
			}
			var ids []int64
			for _, g := range got.Recommendations {
				ids = append(ids, g.ID)
				x := byID[g.ID]
				if x == nil {
					t.Fatalf("recommendation %d is not the city's", g.ID)
				}
				want := rec{ID: x.ID, OwnerID: x.OwnerID, OwnerName: x.OwnerName, Text: x.Text, DueOn: x.Due.ISO(), Status: string(x.Status),
					Overdue: x.Overdue(today), DaysLate: x.DaysLate(today)}
				if g != want {
					t.Errorf("%+v, want %+v", g, want)
				}
				if tt.state == "overdue" && !g.Overdue {
					t.Errorf("%d listed as overdue is not", g.ID)
				}
			}
			if !slices.Equal(ids, onPage) {
				t.Errorf("API %v, the page %v", ids, onPage)
			}
			seen[tt.state] = len(ids)
		})
	}
	if seen["all"] != len(all) || seen["open"]+seen["resolved"] != seen["all"] || seen["overdue"] == 0 || seen["resolved"] == 0 {
		t.Errorf("counts %v of %d: the demo should have open, overdue and resolved ones", seen, len(all))
	}
	// An exact status, which the page does not offer.
	var inProgress struct {
		Recommendations []rec `json:"recommendations"`
	}
	getJSON(t, board, fmt.Sprintf("/api/v1/recommendations?org=%d&status=in_progress", city.ID), &inProgress)
	n := 0
	for _, x := range all {
		if x.Status == bontot.RecInProgress {
			n++
		}
	}
	if len(inProgress.Recommendations) != n {
		t.Errorf("%d in progress, the store has %d", len(inProgress.Recommendations), n)
	}
}
