package scoring

import (
	"fmt"
	"math/big"
	"slices"
)

// Formula names (Item.Formula).
const (
	FormulaTargetsMet        = "targets_met"
	FormulaRegularMeetings   = "regular_meetings"
	FormulaThematicQuarters  = "thematic_quarters"
	FormulaMeetingAverage    = "meeting_average"
	FormulaCellsGoodMeetings = "cells_good_meetings"
	FormulaCellsFourGood     = "cells_four_good"
	FormulaCellsRating       = "cells_rating"
	FormulaMembersRating     = "members_rating"
)

// FormulaInfo describes a formula an item can use (Item.Formula).
type FormulaInfo struct {
	Name   string
	Label  string // Vietnamese
	Method Method // Formula (the unit's own facts) or Computed (its cells' results)
	Kind   Kind   // the kind of scale the formula belongs to
	Facts  []string
	// Describe explains the formula in Vietnamese for the scale editor.
	Describe string
	// Per and Target are the values used when the item leaves Item.Per or
	// Item.Target at 0; a formula that does not use one has 0 here.
	Per    Points
	Target Points
}

// formulaInput is what a formula reads: the item, its effective Max, Per and
// Target (defaults applied), and the sanitized facts.
type formulaInput struct {
	code        string
	max         Points
	per, target Points
	facts       Facts
	quiet       bool // no explanation text (batch scoring)
}

// sprintf formats an explanation, or skips it when the caller wants none.
func (in formulaInput) sprintf(format string, args ...any) string {
	if in.quiet {
		return ""
	}
	return fmt.Sprintf(format, args...)
}

// formulaOutput is a formula's points (before clamping to 0..Max), the
// Vietnamese explanation and any problem with the facts.
type formulaOutput struct {
	points   Points
	detail   string
	problems []Problem
}

type formulaDef struct {
	info FormulaInfo
	eval func(formulaInput) formulaOutput
}

// formulaRegistry is the engine's own list; Formulas is a copy for readers,
// so that changing the exported map cannot change how scores are computed.
var formulaRegistry = []formulaDef{
	{FormulaInfo{
		Name: FormulaTargetsMet, Label: "Tỷ lệ chỉ tiêu thi đua đạt", Method: Formula, Kind: KindCell,
		Facts:    []string{FactTargetsRegistered, FactTargetsMet},
		Describe: "Đạt 100% chỉ tiêu đăng ký: điểm tối đa; mỗi 10% không đạt (phần lẻ tính tròn 10%) trừ Per điểm, không dưới 0. Không có chỉ tiêu đăng ký thì tiêu chí phải đánh dấu không áp dụng.",
		Per:      200,
	}, evalTargetsMet},
	{FormulaInfo{
		Name: FormulaRegularMeetings, Label: "Số tháng có sinh hoạt định kỳ", Method: Formula, Kind: KindCell,
		Facts:    []string{FactRegularMonths},
		Describe: "Đủ 12 tháng có sinh hoạt định kỳ: điểm tối đa; mỗi tháng không sinh hoạt trừ Per điểm, không dưới 0.",
		Per:      200,
	}, evalRegularMeetings},
	{FormulaInfo{
		Name: FormulaThematicQuarters, Label: "Số quý có sinh hoạt chuyên đề", Method: Formula, Kind: KindCell,
		Facts:    []string{FactThematicQuarters},
		Describe: "Per điểm cho mỗi quý có ít nhất một buổi sinh hoạt chuyên đề, không quá điểm tối đa.",
		Per:      100,
	}, evalThematicQuarters},
	{FormulaInfo{
		Name: FormulaMeetingAverage, Label: "Điểm trung bình các buổi sinh hoạt định kỳ", Method: Formula, Kind: KindCell,
		Facts:    []string{FactRegularScored, FactRegularScoreSum},
		Describe: "Điểm trung bình (thang 100) của các buổi sinh hoạt định kỳ đã tổ chức × điểm tối đa ÷ 100, không làm tròn điểm trung bình; chưa có buổi nào: 0 điểm.",
	}, evalMeetingAverage},
	{FormulaInfo{
		Name: FormulaCellsGoodMeetings, Label: "Tỷ lệ buổi sinh hoạt định kỳ xếp loại Tốt của các chi bộ", Method: Computed, Kind: KindCommittee,
		Facts:    []string{FactCellsMeetingsScored, FactCellsMeetingsGood},
		Describe: "Điểm tối đa × số buổi sinh hoạt định kỳ xếp loại Tốt ÷ số buổi đã tổ chức, gộp mọi chi bộ trực thuộc; chưa có buổi nào: 0 điểm.",
	}, evalCellsGoodMeetings},
	{FormulaInfo{
		Name: FormulaCellsFourGood, Label: "Tỷ lệ chi bộ đạt “Chi bộ 4 tốt”", Method: Computed, Kind: KindCommittee,
		Facts:    []string{FactCells, FactCellsFourGood},
		Describe: "Điểm tối đa khi tỷ lệ chi bộ đạt “Chi bộ 4 tốt” từ Target trở lên; thấp hơn thì tính theo tỷ lệ so với Target; không có chi bộ: 0 điểm.",
		Target:   5000,
	}, evalCellsFourGood},
	{FormulaInfo{
		Name: FormulaCellsRating, Label: "Xếp loại chất lượng các chi bộ trực thuộc", Method: Computed, Kind: KindCommittee,
		Facts:    []string{FactCells, FactCellsHTNVPlus, FactCellsHTTNVPlus},
		Describe: "Điểm tối đa nếu 100% chi bộ xếp loại HTNV trở lên và ít nhất Target chi bộ xếp loại HTTNV trở lên, ngược lại 0 điểm.",
		Target:   7000,
	}, evalCellsRating},
	{FormulaInfo{
		Name: FormulaMembersRating, Label: "Xếp loại chất lượng đảng viên", Method: Computed, Kind: KindCommittee,
		Facts:    []string{FactMembersRated, FactMembersHTTNVPlus},
		Describe: "Điểm tối đa nếu ít nhất Target đảng viên đã xếp loại đạt HTTNV trở lên, ngược lại 0 điểm.",
		Target:   9000,
	}, evalMembersRating},
}

// Formulas lists the formulas items can name, by name. It is a description
// for forms and the scale editor; the engine keeps its own copy.
var Formulas = func() map[string]FormulaInfo {
	m := make(map[string]FormulaInfo, len(formulaRegistry))
	for _, d := range formulaRegistry {
		info := d.info
		info.Facts = slices.Clone(info.Facts)
		m[info.Name] = info
	}
	return m
}()

// FormulasFor lists the formulas of a kind of scale, in a stable order
// (the registry's), for the scale editor.
func FormulasFor(kind Kind) []FormulaInfo {
	var out []FormulaInfo
	for _, d := range formulaRegistry {
		if d.info.Kind == kind {
			info := d.info
			info.Facts = slices.Clone(info.Facts)
			out = append(out, info)
		}
	}
	return out
}

func lookupFormula(name string) (formulaDef, bool) {
	for _, d := range formulaRegistry {
		if d.info.Name == name {
			return d, true
		}
	}
	return formulaDef{}, false
}

// formulaFactSet is every fact some formula reads.
var formulaFactSet = func() map[string]bool {
	m := map[string]bool{}
	for _, d := range formulaRegistry {
		for _, f := range d.info.Facts {
			m[f] = true
		}
	}
	return m
}()

// --- cell formulas ---

func evalTargetsMet(in formulaInput) formulaOutput {
	reg, met := in.facts[FactTargetsRegistered], in.facts[FactTargetsMet]
	if reg <= 0 {
		return formulaOutput{
			detail: "Chưa có chỉ tiêu thi đua đăng ký: 0 điểm",
			problems: []Problem{{Code: in.code, Message: fmt.Sprintf(
				"Chưa có chỉ tiêu đăng ký: tiêu chí %s phải đánh dấu không áp dụng.", in.code)}},
		}
	}
	met = clamp(met, 0, reg)
	// steps = ⌈(shortfall) ÷ 10%⌉ = ⌈10 × (reg − met) ÷ reg⌉, between 0 and 10.
	short := reg - met
	steps := int64(0)
	if short > 0 {
		steps = ceilMulDiv(10, short, reg)
	}
	head := in.sprintf("%d/%d chỉ tiêu đạt (%s)", met, reg, pct(met, reg))
	if steps == 0 {
		return formulaOutput{points: in.max, detail: in.sprintf("%s: %s điểm", head, in.max)}
	}
	return subtractDetail(in, head, in.max, in.per, steps)
}

// subtractDetail is max − per × n, not below 0, explained.
func subtractDetail(in formulaInput, head string, maxP, per Points, n int64) formulaOutput {
	p := satAdd(maxP, -satMul(per, Points(n)))
	if p < 0 {
		return formulaOutput{detail: in.sprintf("%s: %s − %s × %d < 0, tính 0 điểm", head, maxP, per, n)}
	}
	return formulaOutput{points: p, detail: in.sprintf("%s: %s − %s × %d = %s điểm", head, maxP, per, n, p)}
}

// ceilMulDiv is ⌈a × b ÷ c⌉ for a, b ≥ 0 and c > 0, exactly, saturating.
func ceilMulDiv(a, b, c int64) int64 {
	n := mulBig(a, b)
	d := big.NewInt(c)
	n.Add(n, d)
	n.Sub(n, big.NewInt(1))
	return clampBig(n.Quo(n, d))
}

func evalRegularMeetings(in formulaInput) formulaOutput {
	months := clamp(in.facts[FactRegularMonths], 0, 12)
	missing := 12 - months
	head := in.sprintf("%d/12 tháng có sinh hoạt định kỳ", months)
	if missing == 0 {
		return formulaOutput{points: in.max, detail: in.sprintf("%s: %s điểm", head, in.max)}
	}
	return subtractDetail(in, head, in.max, in.per, missing)
}

func evalThematicQuarters(in formulaInput) formulaOutput {
	q := clamp(in.facts[FactThematicQuarters], 0, 4)
	raw := satMul(in.per, Points(q))
	head := in.sprintf("%d/4 quý có sinh hoạt chuyên đề", q)
	if raw > in.max {
		return formulaOutput{points: in.max, detail: in.sprintf("%s: %s × %d = %s, tính tối đa %s điểm", head, in.per, q, raw, in.max)}
	}
	return formulaOutput{points: raw, detail: in.sprintf("%s: %s × %d = %s điểm", head, in.per, q, raw)}
}

func evalMeetingAverage(in formulaInput) formulaOutput {
	n := in.facts[FactRegularScored]
	if n <= 0 {
		return formulaOutput{detail: "Chưa có buổi sinh hoạt định kỳ được chấm điểm: 0 điểm"}
	}
	sum := clamp(in.facts[FactRegularScoreSum], 0, satMul(n, 10000))
	// points = Max × (sum ÷ n ÷ 100) ÷ 100 = Max × sum ÷ (n × 10000), in hundredths.
	den := satMul(n, 10000)
	p := Points(mulDivRound(int64(in.max), sum, den))
	factor := scaled(int64(in.max), 4)
	var avg string
	if sum%n == 0 {
		avg = Points(sum / n).String()
		return formulaOutput{points: p, detail: in.sprintf(
			"Trung bình %d buổi sinh hoạt định kỳ được chấm: %s điểm; %s × %s = %s điểm%s",
			n, avg, avg, factor, p, rounded(int64(in.max), sum, den))}
	}
	total := Points(sum).String()
	avg = Points(mulDivRound(sum, 1, n)).String()
	return formulaOutput{points: p, detail: in.sprintf(
		"Trung bình %d buổi sinh hoạt định kỳ được chấm: %s ÷ %d ≈ %s điểm (không làm tròn khi tính); (%s ÷ %d) × %s = %s điểm%s",
		n, total, n, avg, total, n, factor, p, rounded(int64(in.max), sum, den))}
}

// rounded is " (làm tròn)" when a × b ÷ c is not a whole number of hundredths.
func rounded(a, b, c int64) string {
	if exactDiv(a, b, c) {
		return ""
	}
	return " (làm tròn)"
}

// --- committee formulas ---

func evalCellsGoodMeetings(in formulaInput) formulaOutput {
	n := in.facts[FactCellsMeetingsScored]
	if n <= 0 {
		return formulaOutput{detail: "Các chi bộ chưa có buổi sinh hoạt định kỳ được chấm điểm: 0 điểm"}
	}
	good := clamp(in.facts[FactCellsMeetingsGood], 0, n)
	p := Points(mulDivRound(int64(in.max), good, n))
	return formulaOutput{points: p, detail: in.sprintf(
		"%d/%d buổi sinh hoạt định kỳ của các chi bộ xếp loại Tốt (%s): %s × %d ÷ %d = %s điểm%s",
		good, n, pct(good, n), in.max, good, n, p, rounded(int64(in.max), good, n))}
}

func evalCellsFourGood(in formulaInput) formulaOutput {
	cells := in.facts[FactCells]
	if cells <= 0 {
		return formulaOutput{detail: "Không có chi bộ trực thuộc: 0 điểm"}
	}
	good := clamp(in.facts[FactCellsFourGood], 0, cells)
	head := in.sprintf("%d/%d chi bộ đạt “Chi bộ 4 tốt” (%s)", good, cells, pct(good, cells))
	if ShareAtLeast(good, cells, in.target) {
		return formulaOutput{points: in.max, detail: in.sprintf("%s ≥ %s%%: %s điểm", head, in.target, in.max)}
	}
	// Max × (good ÷ cells) ÷ (target ÷ 10000)
	num := new(big.Int).Mul(mulBig(int64(in.max), good), big.NewInt(10000))
	den := mulBig(cells, int64(in.target))
	p := Points(roundFrac(num, den))
	exact := new(big.Int).Rem(num, den).Sign() == 0
	r := ""
	if !exact {
		r = " (làm tròn)"
	}
	return formulaOutput{points: p, detail: in.sprintf("%s < %s%%: %s × (%d/%d) ÷ %s%% = %s điểm%s",
		head, in.target, in.max, good, cells, in.target, p, r)}
}

func evalCellsRating(in formulaInput) formulaOutput {
	cells := in.facts[FactCells]
	if cells <= 0 {
		return formulaOutput{detail: "Không có chi bộ trực thuộc: 0 điểm"}
	}
	htnv := clamp(in.facts[FactCellsHTNVPlus], 0, cells)
	httnv := clamp(in.facts[FactCellsHTTNVPlus], 0, htnv)
	if htnv < cells {
		return formulaOutput{detail: in.sprintf(
			"%d/%d chi bộ xếp loại HTNV trở lên, chưa đủ 100%%: 0 điểm", htnv, cells)}
	}
	head := in.sprintf("%d/%d chi bộ xếp loại HTNV trở lên; %d/%d chi bộ xếp loại HTTNV trở lên (%s)",
		htnv, cells, httnv, cells, pct(httnv, cells))
	if ShareAtLeast(httnv, cells, in.target) {
		return formulaOutput{points: in.max, detail: in.sprintf("%s ≥ %s%%: %s điểm", head, in.target, in.max)}
	}
	return formulaOutput{detail: in.sprintf("%s < %s%%: 0 điểm", head, in.target)}
}

func evalMembersRating(in formulaInput) formulaOutput {
	n := in.facts[FactMembersRated]
	if n <= 0 {
		return formulaOutput{detail: "Chưa có đảng viên được xếp loại: 0 điểm"}
	}
	good := clamp(in.facts[FactMembersHTTNVPlus], 0, n)
	head := in.sprintf("%d/%d đảng viên xếp loại HTTNV trở lên (%s)", good, n, pct(good, n))
	if ShareAtLeast(good, n, in.target) {
		return formulaOutput{points: in.max, detail: in.sprintf("%s ≥ %s%%: %s điểm", head, in.target, in.max)}
	}
	return formulaOutput{detail: in.sprintf("%s < %s%%: 0 điểm", head, in.target)}
}
