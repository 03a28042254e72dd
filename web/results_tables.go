package web

import (
	"fmt"
	"strconv"
	"strings"

	"bontot"
	"bontot/scoring"
	"bontot/store"
	"bontot/xlsx"
)

// Every table of the results pages is built once as an rtable: the page
// renders it and the export writes the same cells to a workbook, so that
// the file holds exactly the numbers on the screen.

// rtable is a table of the results pages.
type rtable struct {
	Key    string       // export name: summary, children, top, bottom, gap, recognised, units
	Kind   scoring.Kind // the kind of unit a ranking is about
	Title  string
	Sheet  string // worksheet name, ≤ 31 characters
	Note   string // how to read it, under the table
	Empty  string // shown instead of an empty table
	Cols   []rcol
	Rows   [][]rcell
	Export string // URL of the .xlsx with this table
}

// rcol is a column: a title and whether its cells are numbers (aligned right).
type rcol struct {
	Title string
	Num   bool
	Width float64
}

// rcell is a cell: the text shown, an optional link and tag style, and the
// value written to the workbook.
type rcell struct {
	Text  string
	Href  string
	Tag   string // CSS class of a tag around the text
	Kind  xlsx.CellKind
	Num   float64
	Empty bool // no value: "—" on the page, a blank cell in the workbook
}

func rText(s string) rcell       { return rcell{Text: s} }
func rLink(s, href string) rcell { return rcell{Text: s, Href: href} }
func rCount(n int64) rcell {
	return rcell{Text: formatNumber(int(n)), Kind: xlsx.Count, Num: float64(n)}
}
func rScore(p scoring.Points) rcell {
	return rcell{Text: p.String(), Kind: xlsx.Score, Num: float64(p) / 100}
}
func rNone(kind xlsx.CellKind) rcell { return rcell{Text: "—", Kind: kind, Empty: true} }

// rShare shows num ÷ den as a percentage with one decimal, truncated like
// scoring.Percent so that a share never looks higher than it is: "45,2%".
func rShare(num, den int64) rcell {
	if den <= 0 {
		return rNone(xlsx.Percent)
	}
	t := int64(scoring.Percent(num, den)) / 10 // tenths of a percent
	return rcell{Text: fmt.Sprintf("%d,%d%%", t/10, t%10), Kind: xlsx.Percent, Num: float64(t) / 10}
}

// rAverage is the average score of a tally, or nothing when none is scored.
func rAverage(t store.Tally) rcell {
	if t.Scored == 0 {
		return rNone(xlsx.Score)
	}
	return rScore(t.Average())
}

// resultClassLabel is the Vietnamese name of a result class.
func resultClassLabel(c scoring.Class) string {
	switch c {
	case scoring.ClassFourGood:
		return "4 tốt"
	case scoring.ClassGood:
		return "Khá"
	case scoring.ClassFail:
		return "Chưa đạt"
	}
	return ""
}

// rClass shows a unit's final class; a unit still in draft has none.
func rClass(a *bontot.Assessment) rcell {
	if a.Status == bontot.StatusDraft || a.FinalClass == scoring.ClassNone {
		return rcell{Text: "—"}
	}
	tag := map[scoring.Class]string{scoring.ClassFourGood: "tag-ok", scoring.ClassGood: "tag-muted", scoring.ClassFail: "tag-danger"}[a.FinalClass]
	return rcell{Text: resultClassLabel(a.FinalClass), Tag: tag}
}

// resultAssessmentLink is the explanation page of a unit's result.
func resultAssessmentLink(a *bontot.Assessment) string {
	return "/assessments/" + strconv.FormatInt(a.ID, 10)
}

// resultKinds are the kinds of unit the scope has (cells when it has none).
func resultKinds(rs *resultsScope) []scoring.Kind {
	var out []scoring.Kind
	if rs.Sum.Cells.Units > 0 || rs.Sum.Committees.Units == 0 {
		out = append(out, scoring.KindCell)
	}
	if rs.Sum.Committees.Units > 0 {
		out = append(out, scoring.KindCommittee)
	}
	return out
}

// selfOnly reports whether the scope's organization is the only unit of
// kind in its subtree (a grassroots committee), whose own result the page
// shows apart.
func selfOnly(rs *resultsScope, k scoring.Kind) bool {
	return k == scoring.KindCommittee && rs.Org.Kind == bontot.KindBaseCommittee
}

// resultSummaryTable counts the units of each kind along the workflow and by class.
func resultSummaryTable(rs *resultsScope) *rtable {
	t := &rtable{Key: "summary", Title: "Tổng hợp kết quả", Sheet: "Tổng hợp",
		Note: "Tỷ lệ đã gửi, thẩm định, phê duyệt, công nhận tính trên tổng số đơn vị; tỷ lệ 4 tốt, Khá, Chưa đạt tính trên số đơn vị đã gửi (đã có điểm), trừ dòng ghi “trên tổng số”."}
	t.Cols = []rcol{{Title: "Chỉ tiêu", Width: 44}}
	kinds := resultKinds(rs)
	for _, k := range kinds {
		t.Cols = append(t.Cols, rcol{Title: resultKindNames[k], Num: true, Width: 14}, rcol{Title: "Tỷ lệ (%)", Num: true, Width: 10})
	}
	type line struct {
		label string
		cells func(store.Tally) (rcell, rcell)
	}
	ofUnits := func(n func(store.Tally) int64) func(store.Tally) (rcell, rcell) {
		return func(x store.Tally) (rcell, rcell) { return rCount(n(x)), rShare(n(x), x.Units) }
	}
	ofScored := func(n func(store.Tally) int64) func(store.Tally) (rcell, rcell) {
		return func(x store.Tally) (rcell, rcell) { return rCount(n(x)), rShare(n(x), x.Scored) }
	}
	lines := []line{
		{"Tổng số đơn vị", func(x store.Tally) (rcell, rcell) { return rCount(x.Units), rNone(xlsx.Percent) }},
		{"Đã gửi tự đánh giá", ofUnits(store.Tally.SubmittedAny)},
		{"Gửi trễ hạn", ofUnits(func(x store.Tally) int64 { return x.Late })},
		{"Đã thẩm định", ofUnits(store.Tally.ReviewedAny)},
		{"Đã phê duyệt", ofUnits(store.Tally.ApprovedAny)},
		{"Đã có quyết định công nhận", ofUnits(func(x store.Tally) int64 { return x.Recognised })},
		{"Đạt “4 tốt”", ofScored(func(x store.Tally) int64 { return x.FourGood })},
		{"Đạt “4 tốt” (trên tổng số đơn vị)", ofUnits(func(x store.Tally) int64 { return x.FourGood })},
		{"Khá", ofScored(func(x store.Tally) int64 { return x.Good })},
		{"Chưa đạt", ofScored(func(x store.Tally) int64 { return x.Fail })},
		{"Điểm trung bình", func(x store.Tally) (rcell, rcell) { return rAverage(x), rNone(xlsx.Percent) }},
	}
	for _, l := range lines {
		row := []rcell{rText(l.label)}
		for _, k := range kinds {
			a, b := l.cells(rs.tally(k))
			row = append(row, a, b)
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// resultBuckets name the ten score buckets of a tally.
var resultBuckets = [10]string{"0 – dưới 10", "10 – dưới 20", "20 – dưới 30", "30 – dưới 40", "40 – dưới 50",
	"50 – dưới 60", "60 – dưới 70", "70 – dưới 80", "80 – dưới 90", "90 – 100"}

// resultDistributionTable is the score distribution of each kind: the chart's data.
func resultDistributionTable(rs *resultsScope) *rtable {
	t := &rtable{Key: "summary", Title: "Phân bố điểm", Sheet: "Phân bố điểm", Cols: []rcol{{Title: "Khoảng điểm", Width: 18}}}
	kinds := resultKinds(rs)
	for _, k := range kinds {
		t.Cols = append(t.Cols, rcol{Title: resultKindNames[k], Num: true, Width: 14})
	}
	for b, label := range resultBuckets {
		row := []rcell{rText(label)}
		for _, k := range kinds {
			row = append(row, rCount(rs.tally(k).Buckets[b]))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// rchart is a bar chart of the score distribution of one kind of unit.
type rchart struct {
	Title  string
	Kind   string
	Scored string // how many units have a score, formatted
	Bars   []rbar
}

// rbar is one bar, placed in the SVG's 320 × 180 box.
type rbar struct {
	Label        string // the bucket
	Tick         string // the axis label under the bar
	Count        int64
	Text         string // the count, formatted
	X, Y, W, H   int
	TextX, TextY int
}

const (
	rchartBase   = 150 // y of the axis
	rchartHeight = 120 // height of the tallest bar
)

// resultCharts draws the distributions of the kinds the scope has.
func resultCharts(rs *resultsScope) []*rchart {
	var out []*rchart
	for _, k := range resultKinds(rs) {
		t := rs.tally(k)
		if t.Scored == 0 || selfOnly(rs, k) {
			continue
		}
		c := &rchart{Title: "Phân bố điểm — " + resultKindNames[k], Kind: resultKindNames[k], Scored: formatNumber(int(t.Scored))}
		var top int64
		for _, n := range t.Buckets {
			top = max(top, n)
		}
		for b, n := range t.Buckets {
			h := 0
			if top > 0 {
				h = int(n * rchartHeight / top)
			}
			if n > 0 && h < 2 {
				h = 2
			}
			x := 6 + b*31
			c.Bars = append(c.Bars, rbar{Label: resultBuckets[b], Tick: strconv.Itoa(b * 10), Count: n, Text: formatNumber(int(n)),
				X: x, Y: rchartBase - h, W: 26, H: h, TextX: x + 13, TextY: rchartBase - h - 4})
		}
		out = append(out, c)
	}
	return out
}

// resultChildrenTable shows each subordinate organization's tallies; rows without
// participating units are left out and counted. ids maps the cells among the
// children to their assessments.
func resultChildrenTable(rs *resultsScope, sums []*store.Summary, ids map[int64]int64) (*rtable, int) {
	t := &rtable{Key: "children", Title: "Các tổ chức trực thuộc", Sheet: "Trực thuộc",
		Note: "% gửi và % 4 tốt tính trên tổng số đơn vị của từng tổ chức; “4 tốt” là số đơn vị đạt “4 tốt”.", Empty: "Không có tổ chức trực thuộc nào có đơn vị tham gia đánh giá."}
	committees := false
	for _, s := range sums {
		committees = committees || s.Committees.Units > 0
	}
	t.Cols = []rcol{{Title: "Tổ chức", Width: 44}, {Title: "Chi bộ", Num: true, Width: 9}, {Title: "Đã gửi", Num: true, Width: 9}, {Title: "% gửi", Num: true, Width: 9},
		{Title: "Phê duyệt", Num: true, Width: 10}, {Title: "4 tốt", Num: true, Width: 8}, {Title: "% 4 tốt", Num: true, Width: 9}, {Title: "Điểm TB", Num: true, Width: 9}}
	if committees {
		t.Cols = append(t.Cols, rcol{Title: "Đảng bộ cơ sở", Num: true, Width: 10}, rcol{Title: "ĐBCS đã gửi", Num: true, Width: 10},
			rcol{Title: "ĐBCS 4 tốt", Num: true, Width: 10}, rcol{Title: "% ĐBCS 4 tốt", Num: true, Width: 10})
	}
	hidden := 0
	for _, s := range sums {
		c, m := s.Cells, s.Committees
		if c.Units+m.Units == 0 {
			hidden++
			continue
		}
		name := s.Org.Name
		href := rs.OrgLink("/results", s.Org.ID)
		if id := ids[s.Org.ID]; id != 0 {
			href = "/assessments/" + strconv.FormatInt(id, 10)
		}
		row := []rcell{rLink(name, href), rCount(c.Units), rCount(c.SubmittedAny()), rShare(c.SubmittedAny(), c.Units),
			rCount(c.ApprovedAny()), rCount(c.FourGood), rShare(c.FourGood, c.Units), rAverage(c)}
		if committees {
			row = append(row, rCount(m.Units), rCount(m.SubmittedAny()), rCount(m.FourGood), rShare(m.FourGood, m.Units))
		}
		t.Rows = append(t.Rows, row)
	}
	return t, hidden
}

// resultRankNames title the rankings.
var resultRankNames = map[store.RankBy][2]string{
	store.RankTop:    {"điểm cao nhất", "Cao nhất"},
	store.RankBottom: {"điểm thấp nhất", "Thấp nhất"},
	store.RankGap:    {"chênh lệch giữa điểm tự chấm và điểm thẩm định lớn nhất", "Chênh lệch"},
}

// resultRankTable lists the units of a ranking with their final score.
func resultRankTable(rs *resultsScope, kind scoring.Kind, by store.RankBy, list []*bontot.Assessment) *rtable {
	t := &rtable{Key: string(by), Kind: kind, Title: fmt.Sprintf("%d %s %s", resultRankSize, resultKindNames[kind], resultRankNames[by][0]),
		Sheet: resultRankNames[by][1] + " - " + resultKindNames[kind], Empty: "Chưa có đơn vị nào có điểm.",
		Cols: []rcol{{Title: "#", Num: true, Width: 5}, {Title: "Đơn vị", Width: 40}, {Title: "Trực thuộc", Width: 32}, {Title: "Điểm", Num: true, Width: 9},
			{Title: "Xếp loại", Width: 11}, {Title: "Trạng thái", Width: 18}}}
	if by == store.RankTop && rs.tally(kind).Scored <= resultRankSize {
		t.Title = "Xếp hạng " + resultKindNames[kind] + " theo điểm"
	}
	for i, a := range list {
		t.Rows = append(t.Rows, []rcell{rCount(int64(i + 1)), rLink(a.OrgName, resultAssessmentLink(a)), rText(a.OrgParentName),
			rScore(a.FinalTotal), rClass(a), rText(a.Status.Label())})
	}
	return t
}

// resultGapTable lists the units whose reviewed score is furthest below (or above)
// their own: the signal of score inflation.
func resultGapTable(rs *resultsScope, kind scoring.Kind, list []*bontot.Assessment) *rtable {
	t := &rtable{Key: "gap", Kind: kind, Title: resultKindNames[kind] + " có " + resultRankNames[store.RankGap][0], Sheet: "Chênh lệch - " + resultKindNames[kind],
		Note:  "Chênh lệch = điểm tự chấm − điểm thẩm định. Chênh lệch lớn là dấu hiệu tự chấm cao hơn thực tế (“bệnh thành tích”).",
		Empty: "Chưa có đơn vị nào được thẩm định với điểm khác điểm tự chấm.",
		Cols: []rcol{{Title: "#", Num: true, Width: 5}, {Title: "Đơn vị", Width: 40}, {Title: "Trực thuộc", Width: 32}, {Title: "Tự chấm", Num: true, Width: 10},
			{Title: "Thẩm định", Num: true, Width: 10}, {Title: "Chênh lệch", Num: true, Width: 11}}}
	for i, a := range list {
		t.Rows = append(t.Rows, []rcell{rCount(int64(i + 1)), rLink(a.OrgName, resultAssessmentLink(a)), rText(a.OrgParentName),
			rScore(a.SelfTotal), rScore(a.ReviewTotal), rScore(a.SelfTotal - a.ReviewTotal)})
	}
	return t
}

// resultRecognisedTable lists units with a recognition decision, numbered from offset.
func resultRecognisedTable(rs *resultsScope, list []*bontot.Assessment, offset int) *rtable {
	t := &rtable{Key: "recognised", Title: "Đơn vị được công nhận", Sheet: "Được công nhận",
		Empty: "Chưa có đơn vị nào có quyết định công nhận trong năm này.",
		Cols: []rcol{{Title: "#", Num: true, Width: 6}, {Title: "Đơn vị", Width: 40}, {Title: "Loại", Width: 16}, {Title: "Trực thuộc", Width: 32},
			{Title: "Số quyết định", Width: 16}, {Title: "Ngày quyết định", Width: 14}, {Title: "Điểm", Num: true, Width: 9}, {Title: "Xếp loại", Width: 11}}}
	for i, a := range list {
		t.Rows = append(t.Rows, []rcell{rCount(int64(offset + i + 1)), rLink(a.OrgName, resultAssessmentLink(a)), rText(a.OrgKind.Label()),
			rText(a.OrgParentName), rText(a.Decision), rText(a.DecisionOn.String()), rScore(a.FinalTotal), rClass(a)})
	}
	return t
}

// resultUnitsTable lists units with their status and scores, numbered from offset.
func resultUnitsTable(rs *resultsScope, list []*bontot.Assessment, offset int) *rtable {
	t := &rtable{Key: "units", Title: "Danh sách đơn vị", Sheet: "Đơn vị", Empty: "Không có đơn vị nào phù hợp.",
		Note: "Điểm cuối cùng là điểm thẩm định khi đã thẩm định, nếu chưa là điểm tự chấm.",
		Cols: []rcol{{Title: "#", Num: true, Width: 6}, {Title: "Đơn vị", Width: 40}, {Title: "Loại", Width: 16}, {Title: "Trực thuộc", Width: 32},
			{Title: "Trạng thái", Width: 18}, {Title: "Trễ hạn", Width: 9}, {Title: "Tự chấm", Num: true, Width: 10}, {Title: "Thẩm định", Num: true, Width: 10},
			{Title: "Điểm cuối cùng", Num: true, Width: 10}, {Title: "Xếp loại", Width: 11}}}
	for i, a := range list {
		late := rText("")
		if a.Late {
			late = rcell{Text: "Trễ hạn", Tag: "tag-warn"}
		}
		review, final := rNone(xlsx.Score), rNone(xlsx.Score)
		if a.Reviewed {
			review = rScore(a.ReviewTotal)
		}
		if a.Status != bontot.StatusDraft {
			final = rScore(a.FinalTotal)
		}
		t.Rows = append(t.Rows, []rcell{rCount(int64(offset + i + 1)), rLink(a.OrgName, resultAssessmentLink(a)), rText(a.OrgKind.Label()),
			rText(a.OrgParentName), rText(a.Status.Label()), late, rScore(a.SelfTotal), review, final, rClass(a)})
	}
	return t
}

// sheet turns a table into a worksheet of the export.
func (t *rtable) sheet(rs *resultsScope) xlsx.Table {
	out := xlsx.Table{Sheet: t.Sheet, Title: t.Title + " — " + rs.Org.Name,
		Context: fmt.Sprintf("%s · Năm %d", rs.Campaign.Name, rs.Year)}
	for _, c := range t.Cols {
		out.Columns = append(out.Columns, xlsx.TableColumn{Title: c.Title, Width: c.Width})
	}
	for _, row := range t.Rows {
		cells := make([]xlsx.TableCell, len(row))
		for i, c := range row {
			cells[i] = xlsx.TableCell{Kind: c.Kind, Text: c.Text, Num: c.Num, Empty: c.Empty}
		}
		out.Rows = append(out.Rows, cells)
	}
	return out
}

// rstat is a headline figure of the dashboard.
type rstat struct{ Value, Label string }

// resultStats are the dashboard's headline figures for each kind of unit:
// how many submitted, how many reached "4 tốt".
func resultStats(rs *resultsScope) []rstat {
	var out []rstat
	for _, k := range resultKinds(rs) {
		t := rs.tally(k)
		if t.Units == 0 || selfOnly(rs, k) {
			continue
		}
		name := strings.ToLower(resultKindNames[k])
		out = append(out,
			rstat{rShare(t.SubmittedAny(), t.Units).Text, fmt.Sprintf("%s đã gửi tự đánh giá (%s/%s)", name, formatNumber(int(t.SubmittedAny())), formatNumber(int(t.Units)))},
			rstat{formatNumber(int(t.FourGood)), fourGoodLabel(name, t)})
	}
	return out
}

// fourGoodLabel explains the "4 tốt" count: its share of the units that submitted.
func fourGoodLabel(name string, t store.Tally) string {
	if t.Scored == 0 {
		return name + " đạt “4 tốt” (chưa có đơn vị nào gửi)"
	}
	return fmt.Sprintf("%s đạt “4 tốt” (%s số đã gửi)", name, rShare(t.FourGood, t.Scored).Text)
}
