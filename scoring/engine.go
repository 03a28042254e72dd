package scoring

import (
	"fmt"
	"strings"
)

// Score scores a unit on a scale from its entries and facts (DOMAIN.md §6e)
// and explains the result item by item.
//
// It never panics and never fails: bad values (a typed item out of range or
// off its step, a computed item typed, an N/A item that may not be N/A,
// impossible facts…) are clamped or ignored and reported in
// Result.Problems; a result with problems must not be submitted. Problems
// about facts carry the fact's name as Code; the others the code of the
// item, criterion, bonus or deduction, or "" for the whole scale.
//
// The result always holds 0 ≤ Total ≤ Max and 0 ≤ criterion Points ≤ its
// Max (negative maxima of a broken scale count as 0).
func Score(s *Scale, e Entries, f Facts) Result { return score(s, e, f, false) }

// ScoreQuiet is Score without the explanation texts of items (Detail is
// empty); totals, classes, vetoes and problems are the same. Batch scoring
// uses it: a national year is 350,000 units.
func ScoreQuiet(s *Scale, e Entries, f Facts) Result { return score(s, e, f, true) }

func score(s *Scale, e Entries, f Facts, quiet bool) Result {
	var r Result
	if s == nil {
		r.Problems = []Problem{{Message: "Chưa có thang điểm."}}
		r.Decision = "Chưa có thang điểm: chưa xếp loại."
		return r
	}
	sc := scorer{s: s, e: e, quiet: quiet}
	sc.facts, sc.problems = sanitizeFacts(s.Kind, f, factsInUse(s, e))

	for ci := range s.Criteria {
		cr := sc.criterion(&s.Criteria[ci])
		r.Criteria = append(r.Criteria, cr)
		r.Subtotal = satAdd(r.Subtotal, cr.Points)
		if !cr.FloorMet {
			r.FloorsMissed = append(r.FloorsMissed, cr.Code)
		}
	}

	var bonus Points
	for _, b := range s.Bonuses {
		ir := sc.bonus(b)
		r.Bonuses = append(r.Bonuses, ir)
		bonus = satAdd(bonus, ir.Points)
	}
	r.Bonus = min(bonus, max(0, s.BonusCap))

	for _, d := range s.Deductions {
		ir := sc.deduction(d)
		r.Deductions = append(r.Deductions, ir)
		r.Deduction = satAdd(r.Deduction, ir.Points)
	}

	// The bonus is capped, then the total, then deductions apply.
	total := min(max(0, s.Max), satAdd(r.Subtotal, r.Bonus))
	r.Total = max(0, satAdd(total, -r.Deduction))

	r.Vetoes = sc.vetoes()
	sc.classify(&r)
	r.Problems = sc.problems
	return r
}

type scorer struct {
	quiet    bool
	s        *Scale
	e        Entries
	facts    Facts
	problems []Problem
}

func (sc *scorer) problem(code, format string, args ...any) {
	sc.problems = append(sc.problems, Problem{Code: code, Message: fmt.Sprintf(format, args...)})
}

func (sc *scorer) criterion(c *Criterion) CriterionResult {
	cr := CriterionResult{Code: c.Code, Name: c.Name, Max: c.Max, Floor: c.Floor}
	cmax := max(0, c.Max)
	anyNA, allNA := false, len(c.Items) > 0
	for ii := range c.Items {
		it := &c.Items[ii]
		ir := sc.item(it)
		cr.Items = append(cr.Items, ir)
		if ir.Source == SourceNA {
			anyNA = true
			continue
		}
		allNA = false
		cr.Raw = satAdd(cr.Raw, ir.Points)
		cr.ApplicableMax = satAdd(cr.ApplicableMax, max(0, it.Max))
	}
	switch {
	case allNA:
		sc.problem(c.Code, "Tiêu chí %s có mọi tiêu chí thành phần đều đánh dấu không áp dụng: phải chấm ít nhất một tiêu chí thành phần.", c.Code)
	case anyNA && cr.ApplicableMax > 0:
		cr.Points = Points(mulDivRound(int64(cr.Raw), int64(cmax), int64(cr.ApplicableMax)))
		cr.Prorated = true
	case anyNA:
		// applicable items with no points to give: nothing to pro-rate
	default:
		cr.Points = cr.Raw
	}
	cr.Points = clamp(cr.Points, 0, cmax)
	cr.FloorMet = cr.Points >= c.Floor
	return cr
}

func (sc *scorer) item(it *Item) ItemResult {
	en := sc.e[it.Code]
	ir := ItemResult{Code: it.Code, Name: it.Name, Max: it.Max, Note: en.Note}
	imax := max(0, it.Max)
	if en.NA && !it.AllowNA {
		sc.problem(it.Code, "Tiêu chí %s không được đánh dấu không áp dụng.", it.Code)
	} else if en.NA {
		ir.Source = SourceNA
		ir.Detail = "Không áp dụng"
		return ir
	}
	switch it.Method {
	case Typed:
		ir.Source = SourceTyped
		p := en.Points
		step := it.Step
		if step <= 0 {
			step = 1
		}
		switch {
		case p < 0:
			sc.problem(it.Code, "Điểm tiêu chí %s không được âm.", it.Code)
			p = 0
		case p > imax:
			sc.problem(it.Code, "Điểm tiêu chí %s (%s) vượt điểm tối đa %s.", it.Code, p, imax)
			p = imax
		case p%step != 0:
			sc.problem(it.Code, "Điểm tiêu chí %s phải là bội số của %s.", it.Code, step)
		}
		p -= p % step
		ir.Points = p
		switch {
		case sc.quiet:
		case p != en.Points:
			ir.Detail = fmt.Sprintf("Nhập %s, tính %s/%s điểm", en.Points, p, imax)
		default:
			ir.Detail = fmt.Sprintf("Nhập %s/%s điểm", p, imax)
		}
	case YesNo:
		ir.Source = SourceYesNo
		if en.Points != 0 && en.Points != imax {
			sc.problem(it.Code, "Tiêu chí %s chỉ chọn có hoặc không, không nhập điểm.", it.Code)
		}
		if en.Yes || (imax > 0 && en.Points == imax) {
			ir.Points = imax
			if !sc.quiet {
				ir.Detail = fmt.Sprintf("Có: %s điểm", imax)
			}
		} else {
			ir.Detail = "Không: 0 điểm"
		}
	case Formula, Computed:
		ir.Source = SourceFormula
		if it.Method == Computed {
			ir.Source = SourceComputed
		}
		if en.Points != 0 {
			sc.problem(it.Code, "Tiêu chí %s được tính tự động từ số liệu, không nhập điểm.", it.Code)
		}
		d, ok := lookupFormula(it.Formula)
		if !ok {
			sc.problem(it.Code, "Tiêu chí %s dùng công thức “%s” không có trong danh mục.", it.Code, it.Formula)
			ir.Detail = "Không tính được: công thức không có trong danh mục"
			return ir
		}
		in := formulaInput{code: it.Code, max: imax, per: it.Per, target: it.Target, facts: sc.facts, quiet: sc.quiet}
		if in.per <= 0 {
			in.per = d.info.Per
		}
		if in.target <= 0 {
			in.target = d.info.Target
		}
		out := d.eval(in)
		ir.Points = clamp(out.points, 0, imax)
		ir.Detail = out.detail
		sc.problems = append(sc.problems, out.problems...)
	default:
		ir.Source = SourceTyped
		ir.Detail = "Cách tính không hợp lệ: 0 điểm"
		sc.problem(it.Code, "Tiêu chí %s có cách tính “%s” không hợp lệ.", it.Code, it.Method)
	}
	return ir
}

func (sc *scorer) bonus(b Bonus) ItemResult {
	en := sc.e[b.Code]
	bmax := max(0, b.Max)
	p := en.Points
	switch {
	case p < 0:
		sc.problem(b.Code, "Điểm thưởng %s không được âm.", b.Code)
		p = 0
	case p > bmax:
		sc.problem(b.Code, "Điểm thưởng %s (%s) vượt điểm tối đa %s.", b.Code, p, bmax)
		p = bmax
	}
	ir := ItemResult{Code: b.Code, Name: b.Name, Max: b.Max, Points: p, Source: SourceTyped, Note: en.Note}
	if !sc.quiet {
		ir.Detail = fmt.Sprintf("Nhập %s/%s điểm thưởng", p, bmax)
	}
	return ir
}

func (sc *scorer) deduction(d Deduction) ItemResult {
	en := sc.e[d.Code]
	n := en.Count
	if n < 0 {
		sc.problem(d.Code, "Số trường hợp của điểm trừ %s không được âm.", d.Code)
		n = 0
	}
	if en.Points != 0 {
		sc.problem(d.Code, "Điểm trừ %s tính theo số trường hợp, không nhập điểm.", d.Code)
	}
	per := max(0, d.Per)
	p := satMul(per, Points(n))
	ir := ItemResult{Code: d.Code, Name: d.Name, Points: p, Source: SourceTyped, Note: en.Note}
	if !sc.quiet {
		ir.Detail = fmt.Sprintf("%d trường hợp × %s = %s điểm trừ", n, per, p)
	}
	return ir
}

// holds evaluates v op w; an unknown operator never holds.
func holds(op string, v, w int64) bool {
	switch op {
	case ">":
		return v > w
	case ">=":
		return v >= w
	case "<":
		return v < w
	case "<=":
		return v <= w
	case "=":
		return v == w
	case "!=":
		return v != w
	}
	return false
}

// vetoes lists every veto that applies, with the facts that made it apply.
func (sc *scorer) vetoes() []VetoHit {
	var hits []VetoHit
	for _, v := range sc.s.Vetoes {
		var parts []string
		for _, c := range v.Any {
			val := sc.facts[c.Fact]
			if holds(c.Op, val, c.Value) {
				parts = append(parts, factLabel(sc.s.Kind, c.Fact)+": "+factValue(sc.s.Kind, c.Fact, val))
			}
		}
		if len(parts) > 0 {
			hits = append(hits, VetoHit{Code: v.Code, Label: v.Label, Detail: strings.Join(parts, "; ")})
		}
	}
	return hits
}

// classify picks the first band whose minimum the total reaches and whose
// floor and veto conditions hold, and writes the sentence that decided it.
func (sc *scorer) classify(r *Result) {
	var aboveTotal *Band // the last band skipped because the total is under its minimum
	var blocked *Band    // the first band skipped because of floors or vetoes
	var reasons string
	var chosen *Band
	for i := range sc.s.Bands {
		b := &sc.s.Bands[i]
		if r.Total < b.Min {
			aboveTotal = b
			continue
		}
		floors := b.RequireFloors && len(r.FloorsMissed) > 0
		vetoes := b.RequireNoVetoes && len(r.Vetoes) > 0
		if floors || vetoes {
			if blocked == nil {
				blocked = b
				reasons = sc.blockReasons(r, floors, vetoes)
			}
			continue
		}
		chosen = b
		break
	}
	total := fmt.Sprintf("Tổng %s điểm", r.Total)
	if chosen == nil {
		r.Class, r.Label = ClassNone, ""
		r.Decision = total + " không thuộc mức xếp loại nào của thang điểm: chưa xếp loại."
		sc.problem("", "Thang điểm không có mức xếp loại nào cho tổng %s điểm.", r.Total)
		return
	}
	r.Class, r.Label = chosen.Class, chosen.Label
	var b strings.Builder
	b.WriteString(total)
	switch {
	case blocked != nil:
		fmt.Fprintf(&b, " ≥ %s nhưng %s", blocked.Min, reasons)
	case aboveTotal != nil:
		fmt.Fprintf(&b, " < %s", aboveTotal.Min)
		if chosen.Min > 0 {
			fmt.Fprintf(&b, ", ≥ %s", chosen.Min)
		}
	default:
		if chosen.Min > 0 {
			fmt.Fprintf(&b, " ≥ %s", chosen.Min)
		}
		if chosen.RequireFloors {
			b.WriteString(", mọi tiêu chí đạt mức sàn")
		}
		if chosen.RequireNoVetoes {
			b.WriteString(", không vướng điều kiện loại trừ")
		}
	}
	fmt.Fprintf(&b, ": xếp loại %s.", chosen.Label)
	r.Decision = b.String()
}

func (sc *scorer) blockReasons(r *Result, floors, vetoes bool) string {
	var parts []string
	if floors {
		var fs []string
		for _, c := range r.Criteria {
			if !c.FloorMet {
				fs = append(fs, fmt.Sprintf("tiêu chí %s chưa đạt mức sàn %s điểm", c.Code, c.Floor))
			}
		}
		parts = append(parts, strings.Join(fs, ", "))
	}
	if vetoes {
		var vs []string
		for _, v := range r.Vetoes {
			vs = append(vs, fmt.Sprintf("%s (%s)", v.Code, v.Label))
		}
		if len(vs) == 1 {
			parts = append(parts, "vướng điều kiện loại trừ "+vs[0])
		} else {
			parts = append(parts, "vướng các điều kiện loại trừ "+strings.Join(vs, ", "))
		}
	}
	return strings.Join(parts, " và ")
}
