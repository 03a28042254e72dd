package scoring

// Fact names. Facts marked Typed in FactInfos are entered by the unit with its
// self-assessment (until the meeting records of a later issue compute the
// meeting facts); the others are computed by the store from ratings,
// discipline records and the cells' results.
const (
	// Cell facts.
	FactTargetsRegistered = "targets_registered"  // emulation targets registered for the year
	FactTargetsMet        = "targets_met"         // of which met
	FactRegularMonths     = "regular_months"      // months (of 12) with a regular meeting
	FactMissingMonths     = "missing_months"      // derived: 12 − regular_months, never below 0
	FactThematicQuarters  = "thematic_quarters"   // calendar quarters with a thematic meeting
	FactRegularScored     = "regular_scored"      // regular meetings with a 6c score
	FactRegularScoreSum   = "regular_score_sum"   // their scores added, in hundredths
	FactMeetingsGood      = "meetings_good"       // regular meetings graded Tốt
	FactMeetingsPoor      = "meetings_poor"       // regular meetings graded Kém (total < 50)
	FactDisunity          = "disunity_case"       // a concluded case of internal disunity (0/1)
	FactIncident          = "serious_incident"    // a serious security or corruption incident in its area (0/1)
	FactDisciplined       = "disciplined_members" // members disciplined (any level) in the year
	FactOwnRating         = "own_rating"          // the unit's own annual rating (Rating ordinal)
	FactMembersKHTNV      = "members_khtnv"       // members rated KHTNV

	// Committee facts, computed from its cells and members.
	FactCells               = "cells"                 // its cells that year
	FactCellsFourGood       = "cells_four_good"       // of which classified "4 tốt"
	FactCellsRated          = "cells_rated"           // cells with an annual rating
	FactCellsHTNVPlus       = "cells_htnv_plus"       // cells rated HTNV or better
	FactCellsHTTNVPlus      = "cells_httnv_plus"      // cells rated HTTNV or better
	FactCellsKHTNV          = "cells_khtnv"           // cells rated KHTNV
	FactCellsMeetingsScored = "cells_meetings_scored" // the cells' regular meetings held (scored), pooled
	FactCellsMeetingsGood   = "cells_meetings_good"   // of which graded Tốt
	FactMembersRated        = "members_rated"         // members with an annual rating
	FactMembersHTTNVPlus    = "members_httnv_plus"    // of which HTTNV or better
	FactDisciplinedLeaders  = "disciplined_leaders"   // disciplined committee members or organizations (typed)
)

// FactInfo describes a fact for forms, explanations and the veto editor.
type FactInfo struct {
	Name   string
	Label  string // Vietnamese
	Kind   Kind   // the kind of unit that has the fact
	Typed  bool   // entered by the unit with the self-assessment
	Flag   bool   // a yes/no fact (0/1)
	Rating bool   // holds a Rating ordinal
}

// FactInfos lists every fact, in form order.
var FactInfos = []FactInfo{
	{Name: FactTargetsRegistered, Label: "Số chỉ tiêu thi đua đã đăng ký", Kind: KindCell, Typed: true},
	{Name: FactTargetsMet, Label: "Số chỉ tiêu đạt", Kind: KindCell, Typed: true},
	{Name: FactRegularMonths, Label: "Số tháng có sinh hoạt định kỳ", Kind: KindCell, Typed: true},
	{Name: FactMissingMonths, Label: "Số tháng không sinh hoạt định kỳ", Kind: KindCell},
	{Name: FactThematicQuarters, Label: "Số quý có sinh hoạt chuyên đề", Kind: KindCell, Typed: true},
	{Name: FactRegularScored, Label: "Số buổi sinh hoạt định kỳ được chấm điểm", Kind: KindCell, Typed: true},
	{Name: FactRegularScoreSum, Label: "Tổng điểm các buổi sinh hoạt định kỳ", Kind: KindCell, Typed: true},
	{Name: FactMeetingsGood, Label: "Số buổi sinh hoạt xếp loại Tốt", Kind: KindCell, Typed: true},
	{Name: FactMeetingsPoor, Label: "Số buổi sinh hoạt xếp loại Kém", Kind: KindCell, Typed: true},
	{Name: FactDisunity, Label: "Có vụ việc mất đoàn kết nội bộ đã kết luận", Kind: KindCell, Typed: true, Flag: true},
	{Name: FactIncident, Label: "Có vụ việc nghiêm trọng về an ninh, tham nhũng trên địa bàn", Kind: KindCell, Typed: true, Flag: true},
	{Name: FactDisciplined, Label: "Số đảng viên bị kỷ luật trong năm", Kind: KindCell},
	{Name: FactOwnRating, Label: "Xếp loại chất lượng của chính tổ chức", Kind: KindCell, Rating: true},
	{Name: FactMembersKHTNV, Label: "Số đảng viên xếp loại KHTNV", Kind: KindCell},

	{Name: FactCells, Label: "Số chi bộ trực thuộc", Kind: KindCommittee},
	{Name: FactCellsFourGood, Label: "Số chi bộ đạt “Chi bộ 4 tốt”", Kind: KindCommittee},
	{Name: FactCellsRated, Label: "Số chi bộ đã xếp loại chất lượng", Kind: KindCommittee},
	{Name: FactCellsHTNVPlus, Label: "Số chi bộ xếp loại HTNV trở lên", Kind: KindCommittee},
	{Name: FactCellsHTTNVPlus, Label: "Số chi bộ xếp loại HTTNV trở lên", Kind: KindCommittee},
	{Name: FactCellsKHTNV, Label: "Số chi bộ xếp loại KHTNV", Kind: KindCommittee},
	{Name: FactCellsMeetingsScored, Label: "Số buổi sinh hoạt định kỳ của các chi bộ", Kind: KindCommittee},
	{Name: FactCellsMeetingsGood, Label: "Số buổi sinh hoạt định kỳ xếp loại Tốt của các chi bộ", Kind: KindCommittee},
	{Name: FactMembersRated, Label: "Số đảng viên đã xếp loại", Kind: KindCommittee},
	{Name: FactMembersHTTNVPlus, Label: "Số đảng viên xếp loại HTTNV trở lên", Kind: KindCommittee},
	{Name: FactDisciplinedLeaders, Label: "Số cấp ủy viên hoặc tổ chức đảng bị kỷ luật", Kind: KindCommittee, Typed: true},
	{Name: FactDisunity, Label: "Có vụ việc mất đoàn kết nội bộ đã kết luận", Kind: KindCommittee, Typed: true, Flag: true},
	{Name: FactOwnRating, Label: "Xếp loại chất lượng của chính tổ chức", Kind: KindCommittee, Rating: true},
}

// CellOutcome is what a committee's computed items read from one of its cells.
type CellOutcome struct {
	Class          Class  // the cell's final class for the year (ClassNone if none)
	Rating         Rating // the cell's annual rating
	MeetingsScored int64  // its regular meetings held and scored
	MeetingsGood   int64  // of which graded Tốt
	Members        []Rating
}
