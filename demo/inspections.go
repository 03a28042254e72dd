package demo

import (
	"context"
	"fmt"

	"bontot"
	"bontot/store"
)

// The city's inspection and supervision of 2025: the Inspection Committee
// checks how four wards carry out the "4 tốt" movement, then supervises the
// quality of cell meetings in two others. Each subject gets a finding and a
// conclusion; the follow-up items are resolved on time, late, or (one) still
// open past its due date.

type demoFollowUp struct {
	text     string
	due      bontot.Date
	resolved bontot.Date // zero: still open
}

type demoFinding struct {
	unit                 string // code of the subject
	on                   bontot.Date
	findings, conclusion string
	followUps            []demoFollowUp
}

type demoPlan struct {
	name     string
	kind     bontot.InspectionKind
	from, to bontot.Date
	content  string
	findings []demoFinding
}

var demoPlans = []demoPlan{
	{"Kế hoạch kiểm tra số 15-KH/UBKTTU", bontot.KindInspection, bontot.NewDate(2025, 4, 1), bontot.NewDate(2025, 6, 30),
		"Kiểm tra việc lãnh đạo, chỉ đạo và tổ chức thực hiện phong trào thi đua “Chi bộ 4 tốt, Đảng bộ cơ sở 4 tốt” năm 2025: đăng ký, sinh hoạt chi bộ, công tác phụ trách, đỡ đầu.",
		[]demoFinding{
			{"HT.TP.BHA", bontot.NewDate(2025, 5, 12), "Đảng ủy ban hành kế hoạch thực hiện phong trào kịp thời; 100% chi bộ đăng ký. Một số chi bộ chưa cụ thể hóa tiêu chí thành chỉ tiêu.",
				"Cơ bản thực hiện tốt. Đề nghị đảng ủy chỉ đạo các chi bộ cụ thể hóa tiêu chí “4 tốt” thành chỉ tiêu của chi bộ.",
				[]demoFollowUp{{"Hướng dẫn các chi bộ cụ thể hóa tiêu chí “4 tốt” thành chỉ tiêu, báo cáo Ủy ban Kiểm tra Thành ủy.", bontot.NewDate(2025, 7, 15), bontot.NewDate(2025, 7, 8)}}},
			{"HT.TP.NHA", bontot.NewDate(2025, 5, 20), "Việc theo dõi, đánh giá hằng quý chưa thường xuyên; hồ sơ đăng ký của 2 chi bộ chưa đầy đủ chữ ký.",
				"Thực hiện chưa đầy đủ một số nội dung. Yêu cầu đảng ủy khắc phục hạn chế về hồ sơ và chế độ đánh giá định kỳ.",
				[]demoFollowUp{{"Hoàn thiện hồ sơ đăng ký và biên bản đánh giá quý của các chi bộ.", bontot.NewDate(2025, 7, 31), bontot.NewDate(2025, 8, 25)}}},
			{"HT.TP.TGI", bontot.NewDate(2025, 6, 3), "Sinh hoạt chuyên đề chưa đều các quý; cấp ủy chưa phân công cấp ủy viên dự sinh hoạt chi bộ thường xuyên.",
				"Thực hiện chưa tốt. Yêu cầu đảng ủy kiểm điểm, rút kinh nghiệm và xây dựng kế hoạch khắc phục.",
				[]demoFollowUp{{"Xây dựng kế hoạch sinh hoạt chuyên đề các quý còn lại và phân công cấp ủy viên dự sinh hoạt chi bộ.", bontot.NewDate(2025, 9, 30), bontot.Date{}}}},
			{"HT.TP.DNA", bontot.NewDate(2025, 6, 17), "Đảng ủy lãnh đạo sát sao; các chi bộ tổ chức sinh hoạt nền nếp, có nhiều cách làm hay.",
				"Thực hiện tốt. Đề nghị biểu dương, nhân rộng cách làm hay.", nil},
		}},
	{"Kế hoạch giám sát số 22-KH/UBKTTU", bontot.KindSupervision, bontot.NewDate(2025, 8, 1), bontot.NewDate(2025, 10, 31),
		"Giám sát chất lượng sinh hoạt chi bộ theo Hướng dẫn 12-HD/BTCTW: chuẩn bị, nội dung, tỷ lệ đảng viên dự và phát biểu, biên bản.",
		[]demoFinding{
			{"HT.TP.TRP", bontot.NewDate(2025, 9, 10), "Tỷ lệ đảng viên dự sinh hoạt đạt trên 90%; một số biên bản ghi chưa đầy đủ ý kiến phát biểu.",
				"Chất lượng sinh hoạt chi bộ khá. Đề nghị chấn chỉnh việc ghi biên bản.",
				[]demoFollowUp{{"Tập huấn cho thư ký các chi bộ về ghi biên bản sinh hoạt.", bontot.NewDate(2025, 10, 31), bontot.NewDate(2025, 10, 20)}}},
			{"HT.TP.NDU", bontot.NewDate(2025, 9, 24), "Sinh hoạt đúng kỳ, nội dung phong phú, có phê bình và tự phê bình.",
				"Chất lượng sinh hoạt chi bộ tốt.", nil},
		}},
}

// installInspections writes the city's 2025 plans with their findings and
// follow-up items. A subject whose code is missing is skipped.
func installInspections(ctx context.Context, st *store.Store, board store.Actor) error {
	city, err := st.OrgByCode(ctx, CityCode)
	if err != nil {
		return err
	}
	for _, dp := range demoPlans {
		units := map[string]*bontot.Org{}
		p := &bontot.InspectionPlan{OrgID: city.ID, Name: dp.name, Kind: dp.kind, From: dp.from, To: dp.to, Content: dp.content}
		for _, df := range dp.findings {
			if o, err := st.OrgByCode(ctx, df.unit); err == nil {
				units[df.unit] = o
				p.SubjectIDs = append(p.SubjectIDs, o.ID)
			}
		}
		if len(p.SubjectIDs) == 0 {
			continue
		}
		if err := st.CreateInspectionPlan(ctx, board, p); err != nil {
			return fmt.Errorf("plan %s: %w", dp.name, err)
		}
		for _, df := range dp.findings {
			o := units[df.unit]
			if o == nil {
				continue
			}
			var items []*bontot.Recommendation
			for _, fu := range df.followUps {
				items = append(items, &bontot.Recommendation{OwnerID: o.ID, Text: fu.text, Due: fu.due})
			}
			fd := &bontot.Finding{PlanID: p.ID, OrgID: o.ID, On: df.on, Findings: df.findings, Conclusion: df.conclusion}
			if err := st.CreateFinding(ctx, board, fd, items); err != nil {
				return fmt.Errorf("finding at %s: %w", o.Name, err)
			}
			for i, fu := range df.followUps {
				if fu.resolved.IsZero() {
					continue
				}
				if err := st.ChangeRecommendation(ctx, board, items[i].ID, bontot.RecChange{To: bontot.RecResolved, ResolvedOn: fu.resolved,
					Resolution: "Đảng ủy đã có báo cáo khắc phục kèm minh chứng gửi Ủy ban Kiểm tra Thành ủy."}); err != nil {
					return fmt.Errorf("resolving at %s: %w", o.Name, err)
				}
			}
		}
	}
	return nil
}
