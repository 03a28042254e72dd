package scoring

import (
	"fmt"
	"strconv"
)

// LookupFact returns the description of a fact for a kind of unit. For a
// kind that is neither cell nor committee it returns the first fact of that
// name of any kind.
func LookupFact(kind Kind, name string) (FactInfo, bool) {
	var other FactInfo
	found := false
	for _, fi := range FactInfos {
		if fi.Name != name {
			continue
		}
		if fi.Kind == kind {
			return fi, true
		}
		if !found {
			other, found = fi, true
		}
	}
	if found && kind != KindCell && kind != KindCommittee {
		return other, true
	}
	return FactInfo{}, false
}

// factLabel is the Vietnamese label of a fact, or its name if unknown.
func factLabel(kind Kind, name string) string {
	if fi, ok := LookupFact(kind, name); ok {
		return fi.Label
	}
	for _, fi := range FactInfos {
		if fi.Name == name {
			return fi.Label
		}
	}
	return name
}

// factValue shows a fact's value: ratings by their code, flags as có/không,
// the meeting score sum as points.
func factValue(kind Kind, name string, v int64) string {
	fi, ok := LookupFact(kind, name)
	if !ok {
		for _, f := range FactInfos {
			if f.Name == name {
				fi, ok = f, true
				break
			}
		}
	}
	switch {
	case ok && fi.Rating:
		if c := Rating(v).Code(); c != "" {
			return c
		}
		if v == 0 {
			return "chưa xếp loại"
		}
	case ok && fi.Flag && (v == 0 || v == 1):
		if v == 1 {
			return "có"
		}
		return "không"
	case name == FactRegularScoreSum:
		return Points(v).String()
	}
	return strconv.FormatInt(v, 10)
}

// factsInUse lists the facts a scoring reads: those of the formulas of the
// applicable formula and computed items, and those of the vetoes. Problems
// with other facts are not reported (an N/A item's facts are ignored).
func factsInUse(s *Scale, e Entries) map[string]bool {
	use := map[string]bool{}
	for _, c := range s.Criteria {
		for _, it := range c.Items {
			if it.Method != Formula && it.Method != Computed {
				continue
			}
			if e[it.Code].NA && it.AllowNA {
				continue
			}
			if d, ok := lookupFormula(it.Formula); ok {
				for _, f := range d.info.Facts {
					use[f] = true
				}
			}
		}
	}
	for _, v := range s.Vetoes {
		for _, c := range v.Any {
			use[c.Fact] = true
		}
	}
	if use[FactMissingMonths] {
		use[FactRegularMonths] = true
	}
	return use
}

// factBound says that fact must not exceed limit (another fact, or a
// constant when limit is "").
type factBound struct {
	fact, limit string
	n           int64 // the constant, or the multiplier of limit when > 0
}

var factBounds = []factBound{
	{fact: FactRegularMonths, n: 12},
	{fact: FactThematicQuarters, n: 4},
	{fact: FactTargetsMet, limit: FactTargetsRegistered},
	{fact: FactMeetingsGood, limit: FactRegularScored},
	{fact: FactMeetingsPoor, limit: FactRegularScored},
	{fact: FactRegularScoreSum, limit: FactRegularScored, n: 10000},
	{fact: FactCellsFourGood, limit: FactCells},
	{fact: FactCellsRated, limit: FactCells},
	{fact: FactCellsHTNVPlus, limit: FactCells},
	{fact: FactCellsHTTNVPlus, limit: FactCellsHTNVPlus},
	{fact: FactCellsKHTNV, limit: FactCells},
	{fact: FactCellsMeetingsGood, limit: FactCellsMeetingsScored},
	{fact: FactMembersHTTNVPlus, limit: FactMembersRated},
}

// sanitizeFacts copies the facts, reports and clamps impossible values
// (negative counts, flags other than 0/1, ratings out of range, a part
// larger than its whole) and derives FactMissingMonths. Only facts in use
// are reported; all are clamped.
func sanitizeFacts(kind Kind, f Facts, use map[string]bool) (Facts, []Problem) {
	out := make(Facts, len(f)+1)
	for k, v := range f {
		out[k] = v
	}
	var probs []Problem
	report := func(fact, msg string) {
		if use[fact] {
			probs = append(probs, Problem{Code: fact, Message: msg})
		}
	}
	anyKind := kind != KindCell && kind != KindCommittee
	seen := map[string]bool{}
	for _, fi := range FactInfos {
		if (!anyKind && fi.Kind != kind) || seen[fi.Name] || fi.Name == FactMissingMonths {
			continue
		}
		seen[fi.Name] = true
		v, ok := out[fi.Name]
		if !ok {
			continue
		}
		switch {
		case v < 0:
			report(fi.Name, fmt.Sprintf("Số liệu “%s” không được âm (đang là %d).", fi.Label, v))
			out[fi.Name] = 0
		case fi.Flag && v > 1:
			report(fi.Name, fmt.Sprintf("Số liệu “%s” chỉ nhận 0 (không) hoặc 1 (có), đang là %d.", fi.Label, v))
			out[fi.Name] = 1
		case fi.Rating && v > int64(HTXSNV):
			report(fi.Name, fmt.Sprintf("Số liệu “%s” không phải là một mức xếp loại (đang là %d).", fi.Label, v))
			out[fi.Name] = 0
		}
	}
	for _, b := range factBounds {
		v := out[b.fact]
		var lim int64
		if b.limit == "" {
			lim = b.n
		} else {
			lim = max(0, out[b.limit])
			if b.n > 0 {
				lim = satMul(lim, b.n)
			}
		}
		if v <= lim {
			continue
		}
		out[b.fact] = lim
		if !use[b.fact] && (b.limit == "" || !use[b.limit]) {
			continue
		}
		var msg string
		switch {
		case b.limit == "":
			msg = fmt.Sprintf("Số liệu “%s” không được quá %d (đang là %d).", factLabel(kind, b.fact), b.n, v)
		case b.n > 0:
			msg = fmt.Sprintf("Số liệu “%s” (%s) vượt 100 điểm mỗi buổi với %d buổi được chấm điểm.",
				factLabel(kind, b.fact), Points(v), out[b.limit])
		default:
			msg = fmt.Sprintf("Số liệu không khớp: “%s” (%d) lớn hơn “%s” (%d).",
				factLabel(kind, b.fact), v, factLabel(kind, b.limit), out[b.limit])
		}
		probs = append(probs, Problem{Code: b.fact, Message: msg})
	}
	if kind != KindCommittee {
		out[FactMissingMonths] = 12 - clamp(out[FactRegularMonths], 0, 12)
	}
	return out, probs
}
