package demo

import (
	"context"
	"fmt"
	"time"

	"bontot"
	"bontot/store"
)

// The city committee's departments and working groups in charge of the
// wards and communes, with their visits of 2025: strengths, shortcomings and
// recommendations, most resolved on time, some late, a few still open.

type demoGroup struct {
	name  string
	kind  bontot.SponsorGroupKind
	units []string // codes of the grassroots organizations it is in charge of
	login string   // an officer with an account, if any
	names string   // officers by name
}

var demoGroups = []demoGroup{
	{"Ban Tổ chức Thành ủy", bontot.GroupDepartment, []string{"HT.TP.NDU"}, "phutrach", ""},
	{"Ủy ban Kiểm tra Thành ủy", bontot.GroupDepartment, []string{"HT.TP.BHA", "HT.TP.NHA"}, "", "Phan Đình Hòa"},
	{"Văn phòng Thành ủy", bontot.GroupDepartment, []string{"HT.TP.TGI", "HT.TP.HHT"}, "", "Lê Thị Mai"},
	{"Ban Tuyên giáo và Dân vận Thành ủy", bontot.GroupDepartment, []string{"HT.TP.DNA", "HT.TP.TQU"}, "", "Trần Quốc Bảo"},
	{"Đoàn công tác số 1", bontot.GroupWorking, []string{"HT.TP.TRP", "HT.TP.TLI", "HT.TP.VYE"}, "", "Võ Văn Thành; Nguyễn Thị Hương"},
}

var visitNotes = []struct{ strengths, shortcomings, rec string }{
	{"Sinh hoạt chi bộ đều đặn, nội dung bám sát nhiệm vụ chính trị của địa phương.", "Tỷ lệ đảng viên phát biểu còn thấp; biên bản chưa ghi đủ ý kiến.",
		"Phân công trước đảng viên chuẩn bị ý kiến; thư ký ghi đầy đủ biên bản."},
	{"Triển khai kịp thời nghị quyết của cấp trên; chi ủy đoàn kết.", "Sinh hoạt chuyên đề chưa đều các quý.",
		"Xây dựng kế hoạch sinh hoạt chuyên đề theo quý ngay từ đầu năm."},
	{"Công tác phát triển đảng viên có chuyển biến.", "Hồ sơ, sổ sách đảng phí chưa cập nhật thường xuyên.",
		"Rà soát, cập nhật sổ thu nộp đảng phí hằng tháng."},
}

// installSponsors writes the groups, their assignments and the 2025 visits,
// then the year's inspection plans (installInspections).
// Units are the demo's codes; a missing code is skipped (the tree may change).
func installSponsors(ctx context.Context, st *store.Store) error {
	city, err := st.OrgByCode(ctx, CityCode)
	if err != nil {
		return err
	}
	board := store.System
	if u, err := st.UserByUsername(ctx, "bantochuc"); err == nil {
		board = store.Actor{UserID: u.ID, Username: u.Username}
	}
	n := 0
	for gi, dg := range demoGroups {
		g := &bontot.SponsorGroup{OrgID: city.ID, Name: dg.name, Kind: dg.kind}
		if err := st.CreateSponsorGroup(ctx, board, g); err != nil {
			return fmt.Errorf("group %s: %w", dg.name, err)
		}
		var units []*bontot.Org
		for _, code := range dg.units {
			if o, err := st.OrgByCode(ctx, code); err == nil {
				units = append(units, o)
			}
		}
		if len(units) == 0 {
			continue
		}
		tmpl := &bontot.Assignment{GroupID: g.ID, CadenceDays: 90, From: bontot.NewDate(2023, 3, 1)}
		officer := store.System
		if dg.login != "" {
			if u, err := st.UserByUsername(ctx, dg.login); err == nil {
				tmpl.Officers = []bontot.Officer{{UserID: u.ID, Name: u.FullName}}
				officer = store.Actor{UserID: u.ID, Username: u.Username}
			}
		}
		if dg.names != "" {
			tmpl.Officers = append(tmpl.Officers, bontot.Officer{Name: dg.names})
		}
		ids := make([]int64, 0, len(units))
		for _, o := range units {
			ids = append(ids, o.ID)
		}
		if _, err := st.CreateAssignments(ctx, board, tmpl, ids); err != nil {
			return fmt.Errorf("assignments of %s: %w", dg.name, err)
		}
		for ui, o := range units {
			if gi == len(demoGroups)-1 && ui == len(units)-1 {
				continue // one unit never visited: the coverage view shows it
			}
			for vi, month := range []time.Month{3, 6, 9} {
				note := visitNotes[(gi+ui+vi)%len(visitNotes)]
				on := bontot.NewDate(2025, month, 10+gi)
				names := dg.names
				if names == "" && len(tmpl.Officers) > 0 {
					names = tmpl.Officers[0].Name
				}
				v := &bontot.Visit{OrgID: o.ID, On: on, Officer: names, Strengths: note.strengths, Shortcomings: note.shortcomings}
				due := bontot.DateOf(on.Time().AddDate(0, 0, 45))
				rec := &bontot.Recommendation{OwnerID: o.ID, Text: note.rec, Due: due}
				if err := st.CreateVisit(ctx, officer, v, []*bontot.Recommendation{rec}); err != nil {
					return fmt.Errorf("visit to %s: %w", o.Name, err)
				}
				n++
				// Most recommendations are resolved on time, some late, the last ones stay open.
				var resolved bontot.Date
				switch (n + vi) % 5 {
				case 0, 1, 2:
					resolved = bontot.DateOf(on.Time().AddDate(0, 0, 30))
				case 3:
					resolved = bontot.DateOf(on.Time().AddDate(0, 0, 60))
				}
				if month == 9 && ui == 0 {
					resolved = bontot.Date{} // still open, now overdue
				}
				if resolved.IsZero() {
					continue
				}
				got, err := st.Visit(ctx, v.ID)
				if err != nil || len(got.Recommendations) == 0 {
					return fmt.Errorf("visit to %s: %v", o.Name, err)
				}
				if err := st.ChangeRecommendation(ctx, board, got.Recommendations[0].ID, bontot.RecChange{To: bontot.RecResolved, ResolvedOn: resolved,
					Resolution: "Chi bộ đã ban hành nghị quyết thực hiện; có biên bản kèm theo."}); err != nil {
					return fmt.Errorf("resolving at %s: %w", o.Name, err)
				}
			}
		}
	}
	return installInspections(ctx, st, board)
}
