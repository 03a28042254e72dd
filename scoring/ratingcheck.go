package scoring

import (
	"fmt"
	"strings"
	"unicode"
)

var ratingCodes = [...]string{Unrated: "", KHTNV: "KHTNV", HTNV: "HTNV", HTTNV: "HTTNV", HTXSNV: "HTXSNV"}

var ratingLabels = [...]string{
	Unrated: "Chưa xếp loại",
	KHTNV:   "Không hoàn thành nhiệm vụ",
	HTNV:    "Hoàn thành nhiệm vụ",
	HTTNV:   "Hoàn thành tốt nhiệm vụ",
	HTXSNV:  "Hoàn thành xuất sắc nhiệm vụ",
}

// Code is the rating's usual abbreviation ("HTXSNV", "HTTNV", "HTNV",
// "KHTNV"), "" for Unrated or an invalid value.
func (r Rating) Code() string {
	if r < Unrated || r > HTXSNV {
		return ""
	}
	return ratingCodes[r]
}

// Label is the rating in full Vietnamese ("Hoàn thành xuất sắc nhiệm vụ"),
// "Chưa xếp loại" for Unrated.
func (r Rating) Label() string {
	if r < Unrated || r > HTXSNV {
		return "Xếp loại không hợp lệ"
	}
	return ratingLabels[r]
}

// ParseRating reads a rating as typed or imported: the code in any case
// ("HTXSNV", "httnv") or the full phrase with or without diacritics
// ("Hoàn thành tốt nhiệm vụ", "hoan thanh tot nhiem vu"). An empty text or
// "chưa xếp loại" is Unrated with no error; anything else is an error with a
// Vietnamese message.
func ParseRating(s string) (Rating, error) {
	if r, ok := ratingKeys[foldVN(s)]; ok {
		return r, nil
	}
	return Unrated, fmt.Errorf("Không nhận ra xếp loại “%s”: dùng HTXSNV, HTTNV, HTNV hoặc KHTNV.", strings.TrimSpace(s))
}

// ratingKeys maps the folded codes and labels to ratings.
var ratingKeys = func() map[string]Rating {
	m := map[string]Rating{}
	for r := Unrated; r <= HTXSNV; r++ {
		m[foldVN(ratingCodes[r])] = r
		m[foldVN(ratingLabels[r])] = r
	}
	return m
}()

// vnBase maps the precomposed Vietnamese lower-case letters to their base letter.
var vnBase = func() map[rune]rune {
	m := map[rune]rune{'đ': 'd'}
	for base, letters := range map[rune]string{
		'a': "àáảãạăằắẳẵặâầấẩẫậ",
		'e': "èéẻẽẹêềếểễệ",
		'i': "ìíỉĩị",
		'o': "òóỏõọôồốổỗộơờớởỡợ",
		'u': "ùúủũụưừứửữự",
		'y': "ỳýỷỹỵ",
	} {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()

// foldVN lower-cases s, removes Vietnamese diacritics (precomposed or
// combining), maps đ to d and folds runs of white space to one space.
func foldVN(s string) string {
	var b strings.Builder
	space := true
	for _, r := range s {
		r = unicode.ToLower(r)
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if unicode.IsSpace(r) {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		if base, ok := vnBase[r]; ok {
			r = base
		}
		b.WriteRune(r)
		space = false
	}
	return strings.TrimRight(b.String(), " ")
}

// Label is the rule's short Vietnamese name, used at the head of messages.
func (r Rule) Label() string {
	switch r {
	case RuleDiscipline:
		return "Đảng viên bị kỷ luật"
	case RuleQuotaMembers:
		return "Tỷ lệ đảng viên HTXSNV"
	case RuleQuotaCells:
		return "Tỷ lệ chi bộ HTXSNV"
	case RuleCellMembers:
		return "Điều kiện xếp loại chi bộ"
	case RuleCommitteeCells:
		return "Điều kiện xếp loại đảng bộ"
	}
	return string(r)
}

// CheckRatings checks one grassroots organization's proposed ratings for a
// year against the rules of DOMAIN.md §4 and §6e. quota is the share of
// HTXSNV allowed among those rated HTTNV or better, in hundredths of a
// percent (2000 = 20%); a negative quota counts as 0. All shares are
// compared exactly on fractions; unrated subjects are ignored by the share
// rules.
//
// The violations come in a fixed order: disciplined members (cell by cell,
// member by member), cells whose members do not support their rating, the
// members' quota, the cells' quota, then the đảng bộ's own rating.
func CheckRatings(g RatedGrassroots, quota Points) []Violation {
	quota = max(0, quota)
	var vs []Violation
	add := func(rule Rule, orgID int64, org string, subjID int64, subj, format string, args ...any) {
		vs = append(vs, Violation{Rule: rule, OrgID: orgID, OrgName: org, SubjectID: subjID, Subject: subj,
			Message: rule.Label() + ": " + fmt.Sprintf(format, args...)})
	}

	// A member disciplined during the year cannot be above KHTNV.
	for _, c := range g.Cells {
		for _, m := range c.Members {
			if m.Disciplined && m.Rating > KHTNV {
				add(RuleDiscipline, c.ID, c.Name, m.ID, m.Name,
					"đảng viên %s (%s) bị kỷ luật trong năm nên chỉ được xếp loại KHTNV, không được đề xuất %s.",
					m.Name, c.Name, ratingText(m.Rating))
			}
		}
	}

	// A cell proposed HTTNV or better needs its members' support.
	for _, c := range g.Cells {
		r := c.Rating
		if g.IsCell && r == Unrated {
			r = g.Rating
		}
		if r < HTTNV {
			continue
		}
		ratings := make([]Rating, len(c.Members))
		for i, m := range c.Members {
			ratings[i] = m.Rating
		}
		for _, msg := range supportProblems(ratings, "đảng viên") {
			add(RuleCellMembers, c.ID, c.Name, c.ID, c.Name, "%s đề xuất %s nhưng %s.", c.Name, ratingText(r), msg)
		}
	}

	// The HTXSNV quota, members of all cells pooled.
	var members []Rating
	for _, c := range g.Cells {
		for _, m := range c.Members {
			members = append(members, m.Rating)
		}
	}
	if msg := quotaProblem(members, quota, "đảng viên"); msg != "" {
		add(RuleQuotaMembers, g.ID, g.Name, 0, "", "%s có %s", g.Name, msg)
	}

	if !g.IsCell {
		cells := make([]Rating, len(g.Cells))
		for i, c := range g.Cells {
			cells[i] = c.Rating
		}
		// The HTXSNV quota over its cells.
		if msg := quotaProblem(cells, quota, "chi bộ"); msg != "" {
			add(RuleQuotaCells, g.ID, g.Name, 0, "", "%s có %s", g.Name, msg)
		}
		// A đảng bộ proposed HTTNV or better needs the same of its cells.
		if g.Rating >= HTTNV {
			for _, msg := range supportProblems(cells, "chi bộ") {
				add(RuleCommitteeCells, g.ID, g.Name, g.ID, g.Name, "%s đề xuất %s nhưng %s.", g.Name, ratingText(g.Rating), msg)
			}
		}
	}
	return vs
}

func ratingText(r Rating) string {
	if c := r.Code(); c != "" {
		return c
	}
	return strings.ToLower(r.Label())
}

// supportProblems checks that 100% of the rated subjects are HTNV or better
// and at least 50% HTTNV or better (exactly 50% passes).
func supportProblems(ratings []Rating, what string) []string {
	var rated, htnv, httnv int64
	for _, r := range ratings {
		if r < KHTNV || r > HTXSNV {
			continue
		}
		rated++
		if r >= HTNV {
			htnv++
		}
		if r >= HTTNV {
			httnv++
		}
	}
	if rated == 0 {
		return nil
	}
	var out []string
	if htnv < rated {
		out = append(out, fmt.Sprintf("có %d/%d %s xếp loại KHTNV (cần 100%% từ HTNV trở lên)", rated-htnv, rated, what))
	}
	if !ShareAtLeast(httnv, rated, 5000) {
		out = append(out, fmt.Sprintf("chỉ %d/%d %s (%s) xếp loại HTTNV trở lên (cần ít nhất 50%%)", httnv, rated, what, pct(httnv, rated)))
	}
	return out
}

// quotaProblem checks HTXSNV ≤ quota × (HTTNV + HTXSNV), exactly.
func quotaProblem(ratings []Rating, quota Points, what string) string {
	var x, good int64
	for _, r := range ratings {
		switch r {
		case HTXSNV:
			x++
			good++
		case HTTNV:
			good++
		}
	}
	if x == 0 || !ShareAbove(x, good, quota) {
		return ""
	}
	allowed := mulBig(int64(quota), good)
	allowed.Quo(allowed, mulBig(10000, 1))
	return fmt.Sprintf("%d/%d %s xếp loại HTTNV trở lên được đề xuất HTXSNV (%s), vượt tỷ lệ %s%% (tối đa %d).",
		x, good, what, pct(x, good), quota, clampBig(allowed))
}
