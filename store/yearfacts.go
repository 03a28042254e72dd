package store

import (
	"bontot"
	"bontot/scoring"
)

// Facts that records replace. Once a cell has meeting records in a year, its
// meeting facts come from them and the typed ones are ignored; once a unit
// has a registration sent or acknowledged, its target facts come from it.
var (
	meetingFactNames = []string{scoring.FactRegularMonths, scoring.FactThematicQuarters, scoring.FactRegularScored,
		scoring.FactRegularScoreSum, scoring.FactMeetingsGood, scoring.FactMeetingsPoor}
	targetFactNames = []string{scoring.FactTargetsRegistered, scoring.FactTargetsMet}
)

// Fact sources shown beside the facts.
const (
	SourceTyped        = "typed"        // typed by the unit with its self-assessment
	SourceMeetings     = "meetings"     // computed from the meeting records
	SourceRegistration = "registration" // computed from the registration of targets
)

// recordFacts are the facts computed from a unit's records in a year.
type recordFacts struct {
	meetings scoring.Facts // nil when the unit has no meeting record in the year
	targets  scoring.Facts // nil when the unit has no registration sent or acknowledged
}

// yearRecordFacts reads, set-based, the meeting and registration facts of
// every unit of a campaign year (orgWhere/orgArgs limit the organizations).
func (tx *Tx) yearRecordFacts(campaignID int64, year int, orgWhere string, orgArgs []any) (map[int64]*recordFacts, error) {
	out := map[int64]*recordFacts{}
	get := func(id int64) *recordFacts {
		r := out[id]
		if r == nil {
			r = &recordFacts{}
			out[id] = r
		}
		return r
	}
	month := tx.s.monthOf("held_on")
	rows, err := tx.Query(`SELECT org_id,
			COUNT(DISTINCT CASE WHEN kind = 'regular' THEN `+month+` END),
			COUNT(DISTINCT CASE WHEN kind = 'thematic' THEN (`+month+` + 2) / 3 END),
			SUM(CASE WHEN kind = 'regular' THEN 1 ELSE 0 END),
			SUM(CASE WHEN kind = 'regular' THEN total ELSE 0 END),
			SUM(CASE WHEN kind = 'regular' AND grade = 'good' THEN 1 ELSE 0 END),
			SUM(CASE WHEN kind = 'regular' AND grade = 'poor' THEN 1 ELSE 0 END)
		FROM meetings WHERE held_on >= ? AND held_on <= ?`+orgWhere+` GROUP BY org_id`,
		append([]any{bontot.NewDate(year, 1, 1), bontot.NewDate(year, 12, 31)}, orgArgs...)...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, months, quarters, scored, sum, good, poor int64
		if err := rows.Scan(&id, &months, &quarters, &scored, &sum, &good, &poor); err != nil {
			rows.Close()
			return nil, err
		}
		get(id).meetings = scoring.Facts{scoring.FactRegularMonths: months, scoring.FactThematicQuarters: quarters,
			scoring.FactRegularScored: scored, scoring.FactRegularScoreSum: sum, scoring.FactMeetingsGood: good, scoring.FactMeetingsPoor: poor}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	regWhere := ""
	if orgWhere != "" {
		regWhere = " AND r." + orgWhere[len(" AND "):]
	}
	rows, err = tx.Query(`SELECT r.org_id, COUNT(t.id),
			SUM(CASE WHEN (t.countable AND t.achieved >= t.planned) OR (NOT t.countable AND t.met) THEN 1 ELSE 0 END)
		FROM registrations r LEFT JOIN registration_targets t ON t.registration_id = r.id
		WHERE r.campaign_id = ? AND r.year = ? AND r.status IN ('sent', 'acknowledged')`+regWhere+` GROUP BY r.org_id`,
		append([]any{campaignID, year}, orgArgs...)...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, registered int64
		var met *int64
		if err := rows.Scan(&id, &registered, &met); err != nil {
			rows.Close()
			return nil, err
		}
		m := int64(0)
		if met != nil {
			m = *met
		}
		get(id).targets = scoring.Facts{scoring.FactTargetsRegistered: registered, scoring.FactTargetsMet: m}
	}
	rows.Close()
	return out, rows.Err()
}

// applyRecordFacts puts a unit's record facts over its typed facts and says
// where each fact came from.
func applyRecordFacts(f scoring.Facts, rec *recordFacts, sources map[string]string) {
	set := func(names []string, from scoring.Facts, source string) {
		for _, n := range names {
			if from != nil {
				f[n] = from[n]
				if sources != nil {
					sources[n] = source
				}
			} else if sources != nil {
				if _, typed := f[n]; typed {
					sources[n] = SourceTyped
				}
			}
		}
	}
	var meetings, targets scoring.Facts
	if rec != nil {
		meetings, targets = rec.meetings, rec.targets
	}
	set(meetingFactNames, meetings, SourceMeetings)
	set(targetFactNames, targets, SourceRegistration)
}
