package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"bontot"
	"bontot/scoring"
	"bontot/store"
)

// The results pages read only pre-aggregated counters (store.Summaries) and
// limited, index-planned rankings (store.Ranking), so that a dashboard costs
// the same for a cell and for the national root. The per-unit list reads
// assessments and is offered for a grassroots organization or a subtree of
// at most resultUnitLimit units.

func init() {
	requiredPages = append(requiredPages, "results", "results_recognised", "results_units")
}

const (
	// resultUnitLimit is the largest subtree whose units are listed one by one.
	resultUnitLimit = 2000
	// resultRankSize is how many units each ranking shows.
	resultRankSize = 10
	// resultsPageSize is how many rows of a long list a page shows.
	resultsPageSize = 200
	// resultChildExportLimit bounds the children exported in one workbook.
	resultChildExportLimit = 5000
)

// resultRoutes registers the results dashboards and exports.
func (s *Server) resultRoutes(page func(string, http.HandlerFunc)) {
	page("GET /results", s.handleResults)
	page("GET /results/recognised", s.handleResultsRecognised)
	page("GET /results/units", s.handleResultsUnits)
	page("GET /results/export", s.handleResultsExport)
}

// resultsScope is what every results page is about: an organization in the
// user's subtree, a campaign overlapping it and one of its years, with the
// organization's tallies for that year.
type resultsScope struct {
	Path      string // the page's path, for the selectors
	Org       *bontot.Org
	Crumbs    []*bontot.Org // visible ancestors, the organization last
	Roots     []*bontot.Org // the user's subtrees, when there are several
	Campaigns []*bontot.Campaign
	Campaign  *bontot.Campaign // nil when no campaign covers the organization
	Year      int
	Sum       *store.Summary
}

// Query is the query string that selects this scope, for links.
func (rs *resultsScope) Query() url.Values {
	v := url.Values{}
	if rs.Campaign != nil {
		v.Set("campaign", strconv.FormatInt(rs.Campaign.ID, 10))
	}
	if rs.Year != 0 {
		v.Set("year", strconv.Itoa(rs.Year))
	}
	v.Set("org", strconv.FormatInt(rs.Org.ID, 10))
	return v
}

// Link is the URL of a results page for this scope, with extra parameters.
func (rs *resultsScope) Link(path string, kv ...string) string {
	v := rs.Query()
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			v.Del(kv[i])
		} else {
			v.Set(kv[i], kv[i+1])
		}
	}
	return path + "?" + v.Encode()
}

// OrgLink is the URL of the same results page for another organization.
func (rs *resultsScope) OrgLink(path string, id int64) string {
	return rs.Link(path, "org", strconv.FormatInt(id, 10))
}

// Units is the number of participating units of the subtree.
func (rs *resultsScope) Units() int64 {
	if rs.Sum == nil {
		return 0
	}
	return rs.Sum.Cells.Units + rs.Sum.Committees.Units
}

// Listable reports whether the units of the subtree may be listed one by one.
func (rs *resultsScope) Listable() bool {
	return rs.Org.Kind.IsGrassroots() || rs.Org.Kind.IsCell() || rs.Units() <= resultUnitLimit
}

// loadResultsScope reads the organization (the "org" parameter, else the
// user's first subtree), the campaigns over it and the year. Anything outside
// the user's subtree, or an unknown campaign, is a 404.
func (s *Server) loadResultsScope(w http.ResponseWriter, r *http.Request) (*resultsScope, bool) {
	rs := &resultsScope{Path: r.URL.Path}
	roots, err := s.scopeRoots(r, bontot.PermReadTree)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	if id := formID(r, "org"); id != 0 || r.FormValue("org") != "" {
		if rs.Org, _ = s.orgFor(w, r, bontot.PermReadTree, id); rs.Org == nil {
			return nil, false
		}
	} else if len(roots) == 0 {
		s.forbidden(w, r)
		return nil, false
	} else {
		rs.Org = roots[0]
	}
	if len(roots) > 1 {
		rs.Roots = roots
	}
	if rs.Campaigns, err = s.store.Campaigns(r.Context(), rs.Org.Path); err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	if id := formID(r, "campaign"); id != 0 || r.FormValue("campaign") != "" {
		for _, c := range rs.Campaigns {
			if c.ID == id {
				rs.Campaign = c
			}
		}
		if rs.Campaign == nil {
			s.notFound(w, r)
			return nil, false
		}
	} else if len(rs.Campaigns) > 0 {
		rs.Campaign = rs.Campaigns[0]
	}
	rs.Crumbs = s.crumbs(r, rs.Org.Path)
	if rs.Campaign == nil || len(rs.Campaign.Years) == 0 {
		rs.Campaign = nil
		return rs, true
	}
	// A year the campaign does not have (the form kept the year of another
	// campaign) falls back to the default.
	if y, _ := strconv.Atoi(r.FormValue("year")); rs.Campaign.Year(y) != nil {
		rs.Year = y
	} else if rs.Year, rs.Sum, err = s.defaultResultsYear(r, rs.Campaign, rs.Org); err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return rs, true
}

// defaultResultsYear is the campaign's latest year in which a unit of the
// subtree has submitted, else the current year if the campaign has it, else
// its last year before today (its first, before it starts). It returns the
// organization's summary for the year when it read it.
func (s *Server) defaultResultsYear(r *http.Request, c *bontot.Campaign, o *bontot.Org) (int, *store.Summary, error) {
	for i := len(c.Years) - 1; i >= 0; i-- {
		y := c.Years[i].Year
		sums, err := s.store.Summaries(r.Context(), c.ID, y, []*bontot.Org{o})
		if err != nil {
			return 0, nil, err
		}
		if sums[0].Cells.SubmittedAny()+sums[0].Committees.SubmittedAny() > 0 {
			return y, sums[0], nil
		}
	}
	now := s.store.Today().Year()
	year := c.Years[0].Year
	for _, y := range c.Years {
		if y.Year <= now {
			year = y.Year
		}
	}
	return year, nil, nil
}

// summaries reads the tallies of the scope's organization and of others in one go.
func (s *Server) resultSummaries(r *http.Request, rs *resultsScope, others []*bontot.Org) ([]*store.Summary, error) {
	orgs := append([]*bontot.Org{rs.Org}, others...)
	sums, err := s.store.Summaries(r.Context(), rs.Campaign.ID, rs.Year, orgs)
	if err != nil {
		return nil, err
	}
	rs.Sum = sums[0]
	return sums[1:], nil
}

// resultsData is the dashboard.
type resultsData struct {
	*resultsScope
	Summary    *rtable
	Charts     []*rchart
	Children   *rtable
	Hidden     int // children without participating units, not listed
	Offset     int
	Prev, Next int // offsets of the children pages; -1 / 0 when none
	Rankings   []*rtable
	Gaps       []*rtable
	Unit       *bontot.Assessment // the organization's own assessment: a cell's, or a grassroots committee's
	UnitClass  rcell
	Stats      []rstat
	Recognised string // how many units have a recognition decision, formatted
}

func (s *Server) handleResults(w http.ResponseWriter, r *http.Request) {
	rs, ok := s.loadResultsScope(w, r)
	if !ok {
		return
	}
	d := &resultsData{resultsScope: rs, Prev: -1}
	title := "Kết quả đánh giá — " + rs.Org.Name
	if rs.Campaign == nil {
		s.render(w, r, http.StatusOK, "results", &Page{Title: title, Data: d})
		return
	}
	d.Offset, _ = strconv.Atoi(r.FormValue("offset"))
	d.Offset = max(0, d.Offset)
	var err error
	if err = s.resultsDashboard(r, d); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "results", &Page{Title: title, Data: d})
}

// dashboard fills the dashboard: the scope's and its children's tallies
// (one read of the counters), the rankings and the inflation table (at most
// six limited reads), and the unit's own assessment for a cell or a
// grassroots committee.
func (s *Server) resultsDashboard(r *http.Request, d *resultsData) error {
	rs := d.resultsScope
	ctx := r.Context()
	var kids []*bontot.Org
	var more bool
	var err error
	if !rs.Org.Kind.IsCell() {
		if kids, more, err = s.children(r, rs.Org, d.Offset); err != nil {
			return err
		}
	}
	kidSums, err := s.resultSummaries(r, rs, kids)
	if err != nil {
		return err
	}
	d.Recognised = formatNumber(int(rs.Sum.Cells.Recognised + rs.Sum.Committees.Recognised))
	d.Stats = resultStats(rs)
	d.Summary = resultSummaryTable(rs)
	d.Charts = resultCharts(rs)
	if d.Offset > 0 {
		d.Prev = max(0, d.Offset-childPage)
	}
	if more {
		d.Next = d.Offset + childPage
	}
	if len(kids) > 0 {
		ids, err := s.resultLeafAssessments(r, rs, kids)
		if err != nil {
			return err
		}
		d.Children, d.Hidden = resultChildrenTable(rs, kidSums, ids)
	}
	if own := resultOwnKind(rs.Org); own != "" {
		list, err := s.store.Assessments(ctx, bontot.AssessmentFilter{CampaignID: rs.Campaign.ID, Year: rs.Year, Under: rs.Org.Path, Kind: own, Limit: 1})
		if err != nil {
			return err
		}
		if len(list) == 1 && list[0].OrgID == rs.Org.ID {
			d.Unit, d.UnitClass = list[0], rClass(list[0])
		}
	}
	defer func() {
		for _, t := range append(append([]*rtable{d.Summary, d.Children}, d.Rankings...), d.Gaps...) {
			if t != nil {
				t.Export = rs.exportLink(t)
			}
		}
	}()
	if rs.Org.Kind.IsCell() {
		return nil
	}
	for _, kind := range []scoring.Kind{scoring.KindCell, scoring.KindCommittee} {
		t := rs.tally(kind)
		// A grassroots committee is the only committee of its subtree: no ranking.
		if t.Units < 2 || t.Scored == 0 {
			continue
		}
		for _, by := range []store.RankBy{store.RankTop, store.RankBottom} {
			// With ten scored units or fewer the top ranking already lists them all.
			if by == store.RankBottom && t.Scored <= resultRankSize {
				continue
			}
			tbl, err := s.resultRanking(r, rs, kind, by)
			if err != nil {
				return err
			}
			d.Rankings = append(d.Rankings, tbl)
		}
		tbl, err := s.resultRanking(r, rs, kind, store.RankGap)
		if err != nil {
			return err
		}
		d.Gaps = append(d.Gaps, tbl)
	}
	return nil
}

// resultOwnKind is the kind of assessment an organization has of its own, if any.
func resultOwnKind(o *bontot.Org) scoring.Kind {
	switch {
	case o.Kind.IsCell():
		return scoring.KindCell
	case o.Kind == bontot.KindBaseCommittee:
		return scoring.KindCommittee
	}
	return ""
}

// tally returns the scope's tally of a kind of unit.
func (rs *resultsScope) tally(kind scoring.Kind) store.Tally {
	if kind == scoring.KindCommittee {
		return rs.Sum.Committees
	}
	return rs.Sum.Cells
}

// leafAssessments finds the assessments of the children that are cells, so
// that their rows link to the explanation page. It reads the subtree's cell
// assessments, and only for a subtree small enough to list; above that the
// rows link to the cell's own results page, which links to its assessment.
func (s *Server) resultLeafAssessments(r *http.Request, rs *resultsScope, kids []*bontot.Org) (map[int64]int64, error) {
	leaves := 0
	for _, k := range kids {
		if k.Kind.IsCell() {
			leaves++
		}
	}
	if leaves == 0 || rs.Sum.Cells.Units > resultUnitLimit {
		return nil, nil
	}
	list, err := s.store.Assessments(r.Context(), bontot.AssessmentFilter{CampaignID: rs.Campaign.ID, Year: rs.Year, Under: rs.Org.Path,
		Kind: scoring.KindCell, Limit: resultUnitLimit})
	if err != nil {
		return nil, err
	}
	isKid := map[int64]bool{}
	for _, k := range kids {
		isKid[k.ID] = true
	}
	ids := map[int64]int64{}
	for _, a := range list {
		if isKid[a.OrgID] {
			ids[a.OrgID] = a.ID
		}
	}
	return ids, nil
}

// rankingTable reads one ranking of a kind of unit in the scope.
func (s *Server) resultRanking(r *http.Request, rs *resultsScope, kind scoring.Kind, by store.RankBy) (*rtable, error) {
	list, err := s.store.Ranking(r.Context(), rs.Campaign.ID, rs.Year, rs.Org.Path, kind, by, resultRankSize, rs.tally(kind).Units)
	if err != nil {
		return nil, err
	}
	if by == store.RankGap {
		return resultGapTable(rs, kind, list), nil
	}
	return resultRankTable(rs, kind, by, list), nil
}

// resultsList is a page of the recognised list or of the unit list.
type resultsList struct {
	*resultsScope
	Table      *rtable
	Total      int64 // -1 when unknown (filtered)
	Capped     bool  // the list stops at resultUnitLimit
	Offset     int
	Prev, Next int
	Status     string
	Class      string
	Kind       string
	Children   []*bontot.Org // for a subtree too large to list
}

// PageLink is the URL of another page of the list.
func (d *resultsList) PageLink(path string, offset int) string {
	return d.Link(path, "status", d.Status, "class", d.Class, "kind", d.Kind, "offset", strconv.Itoa(offset))
}

// TotalText is the number of rows of the whole list, formatted.
func (d *resultsList) TotalText() string { return formatNumber(int(d.Total)) }

// LimitText is the longest list shown, formatted.
func (d *resultsList) LimitText() string { return formatNumber(resultUnitLimit) }

// UnitsText is the number of participating units of the subtree, formatted.
func (rs *resultsScope) UnitsText() string { return formatNumber(int(rs.Units())) }

// paginate cuts one page out of a list read up to offset+resultsPageSize+1 rows.
func (d *resultsList) paginate(list []*bontot.Assessment) []*bontot.Assessment {
	d.Prev = -1
	if d.Offset > 0 {
		d.Prev = max(0, d.Offset-resultsPageSize)
	}
	if len(list) > d.Offset+resultsPageSize {
		d.Next = d.Offset + resultsPageSize
		list = list[:d.Offset+resultsPageSize]
	}
	if d.Offset >= len(list) {
		return nil
	}
	return list[d.Offset:]
}

func (s *Server) handleResultsRecognised(w http.ResponseWriter, r *http.Request) {
	rs, ok := s.loadResultsScope(w, r)
	if !ok {
		return
	}
	d := &resultsList{resultsScope: rs}
	d.Offset, _ = strconv.Atoi(r.FormValue("offset"))
	d.Offset = max(0, d.Offset)
	page := &Page{Title: "Đơn vị được công nhận — " + rs.Org.Name, Data: d}
	if rs.Campaign == nil {
		s.render(w, r, http.StatusOK, "results_recognised", page)
		return
	}
	list, err := s.resultRecognisedList(r, rs, d.Offset+resultsPageSize+1)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Total = rs.Sum.Cells.Recognised + rs.Sum.Committees.Recognised
	d.Capped = d.Total > resultUnitLimit
	d.Table = resultRecognisedTable(rs, d.paginate(list), d.Offset)
	d.Table.Export = rs.exportLink(d.Table)
	s.render(w, r, http.StatusOK, "results_recognised", page)
}

// recognisedList reads the scope's tally and up to limit recognised units
// in tree order (never more than resultUnitLimit).
func (s *Server) resultRecognisedList(r *http.Request, rs *resultsScope, limit int) ([]*bontot.Assessment, error) {
	if _, err := s.resultSummaries(r, rs, nil); err != nil {
		return nil, err
	}
	if rs.Sum.Cells.Recognised+rs.Sum.Committees.Recognised == 0 {
		return nil, nil
	}
	return s.store.Assessments(r.Context(), bontot.AssessmentFilter{CampaignID: rs.Campaign.ID, Year: rs.Year, Under: rs.Org.Path,
		Recognised: true, Limit: min(limit, resultUnitLimit)})
}

// resultUnitFilter reads the unit list's filters; unknown values are ignored.
func resultUnitFilter(r *http.Request, rs *resultsScope, limit int) (bontot.AssessmentFilter, string, string, string) {
	f := bontot.AssessmentFilter{CampaignID: rs.Campaign.ID, Year: rs.Year, Under: rs.Org.Path, Limit: limit}
	status, class, kind := r.FormValue("status"), r.FormValue("class"), r.FormValue("kind")
	if st := bontot.Status(status); st.Valid() {
		f.Status = st
	} else {
		status = ""
	}
	if c := scoring.Class(class); c == scoring.ClassFourGood || c == scoring.ClassGood || c == scoring.ClassFail {
		f.Class = c
	} else {
		class = ""
	}
	if k := scoring.Kind(kind); k == scoring.KindCell || k == scoring.KindCommittee {
		f.Kind = k
	} else {
		kind = ""
	}
	return f, status, class, kind
}

func (s *Server) handleResultsUnits(w http.ResponseWriter, r *http.Request) {
	rs, ok := s.loadResultsScope(w, r)
	if !ok {
		return
	}
	d := &resultsList{resultsScope: rs, Total: -1}
	d.Offset, _ = strconv.Atoi(r.FormValue("offset"))
	d.Offset = max(0, d.Offset)
	page := &Page{Title: "Danh sách đơn vị — " + rs.Org.Name, Data: d}
	if rs.Campaign == nil {
		s.render(w, r, http.StatusOK, "results_units", page)
		return
	}
	var f bontot.AssessmentFilter
	f, d.Status, d.Class, d.Kind = resultUnitFilter(r, rs, d.Offset+resultsPageSize+1)
	list, err := s.resultUnitList(r, rs, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !rs.Listable() {
		// Too many units to list: offer the subordinate organizations instead.
		if d.Children, _, err = s.children(r, rs.Org, 0); err != nil {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, http.StatusOK, "results_units", page)
		return
	}
	if f.Status == "" && f.Class == "" && f.Kind == "" {
		d.Total = rs.Units()
	}
	d.Table = resultUnitsTable(rs, d.paginate(list), d.Offset)
	d.Table.Export = rs.exportLink(d.Table, "status", d.Status, "class", d.Class, "kind", d.Kind)
	s.render(w, r, http.StatusOK, "results_units", page)
}

// unitList reads the scope's tally and, when the subtree may be listed, its
// units that pass the filter.
func (s *Server) resultUnitList(r *http.Request, rs *resultsScope, f bontot.AssessmentFilter) ([]*bontot.Assessment, error) {
	if _, err := s.resultSummaries(r, rs, nil); err != nil {
		return nil, err
	}
	if !rs.Listable() {
		return nil, nil
	}
	f.Limit = min(f.Limit, resultUnitLimit)
	return s.store.Assessments(r.Context(), f)
}

// resultKindNames are the kinds of unit, for headings.
var resultKindNames = map[scoring.Kind]string{scoring.KindCell: "Chi bộ", scoring.KindCommittee: "Đảng bộ cơ sở"}

// statusChoices and classChoices fill the unit list's filters.
type rchoice struct{ Value, Label string }

// StatusChoices lists the statuses for the filter.
func (d *resultsList) StatusChoices() []rchoice {
	out := []rchoice{}
	for _, st := range bontot.Statuses {
		out = append(out, rchoice{string(st), st.Label()})
	}
	return out
}

// ClassChoices lists the classes for the filter.
func (d *resultsList) ClassChoices() []rchoice {
	return []rchoice{{string(scoring.ClassFourGood), resultClassLabel(scoring.ClassFourGood)}, {string(scoring.ClassGood), resultClassLabel(scoring.ClassGood)},
		{string(scoring.ClassFail), resultClassLabel(scoring.ClassFail)}}
}

// KindChoices lists the kinds of unit for the filter.
func (d *resultsList) KindChoices() []rchoice {
	return []rchoice{{string(scoring.KindCell), resultKindNames[scoring.KindCell]}, {string(scoring.KindCommittee), resultKindNames[scoring.KindCommittee]}}
}

// YearChoices lists the campaign's years.
func (rs *resultsScope) YearChoices() []int {
	if rs.Campaign == nil {
		return nil
	}
	var out []int
	for _, y := range rs.Campaign.Years {
		out = append(out, y.Year)
	}
	slices.Reverse(out)
	return out
}
