package web_test

import (
	"context"
	"testing"

	"bontot"
)

// selfAssessors fill and submit a unit's self-assessment.
var selfAssessors = []bontot.Role{bontot.RoleAdmin, bontot.RoleCommittee, bontot.RoleSecretary}

func init() {
	routes = append(routes,
		route{"GET", "/assessments", "", readers, false, false},
		route{"GET", "/assessments/{assessment}", "", readers, true, false},
		route{"GET", "/assessments/{assessment}/edit", "", selfAssessors, true, false},
		route{"POST", "/assessments/{assessment}", "p_1.1=abc", selfAssessors, true, false},
		// Reviews come from strictly above the unit: the secretary's grant is the cell itself.
		route{"GET", "/assessments/{assessment}/review", "", movers, true, false},
		route{"POST", "/assessments/{assessment}/review", "p_1.1=abc", movers, true, false},
		route{"POST", "/assessments/{assessment}/transition", "action=approve", orgEditors, true, false},
		route{"POST", "/assessments/{assessment}/evidence", "item=1.1", selfAssessors, true, false},
		route{"GET", "/evidence/{evidence}", "", readers, true, false},
		route{"POST", "/assessments/{assessment}/practices", "title=", selfAssessors, true, false},
		route{"POST", "/assessments/bulk", "under={parent}&action=none", orgEditors, true, false},
		route{"GET", "/reviews?org={cell}", "", readers, true, false},
		route{"GET", "/reviews?org={cell}&format=pdf", "", readers, true, false},
		route{"GET", "/api/v1/campaigns", "", readers, false, true},
		route{"GET", "/api/v1/assessments?campaign={campaign}&year=2024&org={cell}", "", readers, true, true},
		route{"GET", "/api/v1/assessments/{assessment}", "", readers, true, true},
	)
	morePlaceholders = append(morePlaceholders, assessmentPlaceholders)
}

// assessmentPlaceholders gives each test cell's campaign (see
// campaignPlaceholders) its 2024 assessment ({assessment}) with one evidence
// file ({evidence}).
func assessmentPlaceholders(tb testing.TB, f *fixture) func(subjects) map[string]int64 {
	ctx := context.Background()
	campaigns := campaignPlaceholders(tb, f)
	byCell := map[int64][2]int64{}
	for _, code := range []string{"HT.TP.TRP.TDP4", "HT.TP.TRP.TDP1", "HT.TP.NDU.TDP1", "XX.C1"} {
		cell := mustOrgCode(tb, f, code)
		c := campaigns(subjects{cell: cell.ID})["{campaign}"]
		a, err := f.st.AssessmentOf(ctx, c, 2024, cell.ID)
		if err != nil {
			tb.Fatal(code, err)
		}
		ev, err := f.st.AddEvidence(ctx, storeSystem, a.ID, "3.4", "bien-ban.pdf", "application/pdf", []byte("%PDF-1.4"))
		if err != nil {
			tb.Fatal(err)
		}
		byCell[cell.ID] = [2]int64{a.ID, ev.ID}
	}
	return func(s subjects) map[string]int64 {
		return map[string]int64{"{assessment}": byCell[s.cell][0], "{evidence}": byCell[s.cell][1]}
	}
}
