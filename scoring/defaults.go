package scoring

// Default scale names.
const (
	DefaultCellScaleName      = "Chi bộ 4 tốt"
	DefaultCommitteeScaleName = "Đảng bộ cơ sở 4 tốt"
)

// typed is a typed item of the default scales: any hundredths, N/A allowed.
func typed(code, name, guidance string, maxPts Points) Item {
	return Item{Code: code, Name: name, Guidance: guidance, Max: maxPts, Method: Typed, Step: 1, AllowNA: true}
}

// auto is a formula or computed item of the default scales.
func auto(code, name, guidance string, maxPts Points, m Method, formula string, per, target Points) Item {
	return Item{Code: code, Name: name, Guidance: guidance, Max: maxPts, Method: m, Formula: formula,
		Per: per, Target: target, AllowNA: true}
}

// defaultBands are the bands of both default scales (DOMAIN.md §6a, §6b).
func defaultBands(topLabel string) []Band {
	return []Band{
		{Class: ClassFourGood, Label: topLabel, Min: 9000, RequireFloors: true, RequireNoVetoes: true},
		{Class: ClassGood, Label: "Khá", Min: 7500},
		{Class: ClassFail, Label: "Chưa đạt", Min: 0},
	}
}

// DefaultCellScale returns a new copy of the default "Chi bộ 4 tốt" scale
// (DOMAIN.md §6a, §6e): 100 points in four criteria with floors at 80%, a
// bonus of up to 5 points, 5 points deducted per unsent report, the bands
// 90 / 75 / 0 and the five vetoes.
func DefaultCellScale() *Scale {
	return &Scale{
		Name:     DefaultCellScaleName,
		Kind:     KindCell,
		Max:      10000,
		BonusCap: 500,
		Criteria: []Criterion{
			{Code: "C1", Name: "Hoàn thành tốt nhiệm vụ", Max: 3000, Floor: 2400, Items: []Item{
				typed("1.1", "Nghị quyết, chương trình công tác năm",
					"Ban hành nghị quyết, chương trình công tác năm đúng thời hạn, có chỉ tiêu đo lường được.", 500),
				auto("1.2", "Tỷ lệ chỉ tiêu thi đua đăng ký đạt được",
					"Đạt 100% chỉ tiêu đã đăng ký: 15 điểm; mỗi 10% chỉ tiêu không đạt trừ 2 điểm. Không có chỉ tiêu đăng ký thì đánh dấu không áp dụng.",
					1500, Formula, FormulaTargetsMet, 200, 0),
				typed("1.3", "An ninh trật tự, dân chủ ở cơ sở, giải quyết khiếu nại",
					"Giữ vững an ninh, trật tự; thực hiện tốt dân chủ ở cơ sở; đơn thư khiếu nại, tố cáo được giải quyết tại cơ sở.", 500),
				typed("1.4", "Chính quyền, đoàn thể hoàn thành tốt nhiệm vụ",
					"Chính quyền và các tổ chức đoàn thể của đơn vị được xếp loại hoàn thành tốt nhiệm vụ trở lên.", 500),
			}},
			{Code: "C2", Name: "Chất lượng sinh hoạt tốt", Max: 2500, Floor: 2000, Items: []Item{
				auto("2.1", "Sinh hoạt định kỳ hằng tháng",
					"Tổ chức đủ 12 buổi sinh hoạt định kỳ trong năm; mỗi tháng không sinh hoạt trừ 2 điểm.",
					500, Formula, FormulaRegularMeetings, 200, 0),
				auto("2.2", "Sinh hoạt chuyên đề hằng quý",
					"Ít nhất 4 buổi sinh hoạt chuyên đề, mỗi quý một buổi: 1 điểm cho mỗi quý có sinh hoạt chuyên đề.",
					400, Formula, FormulaThematicQuarters, 100, 0),
				auto("2.3", "Chất lượng các buổi sinh hoạt định kỳ",
					"Điểm trung bình (thang 100) của các buổi sinh hoạt định kỳ đã tổ chức × 0,12.",
					1200, Formula, FormulaMeetingAverage, 0, 0),
				typed("2.4", "Thực hiện nghị quyết và kiến nghị của cán bộ phụ trách",
					"Theo dõi, thực hiện nghị quyết các kỳ trước và kiến nghị của cán bộ phụ trách, đỡ đầu.", 400),
			}},
			{Code: "C3", Name: "Đoàn kết tốt, kỷ luật tốt", Max: 2000, Floor: 1600, Items: []Item{
				typed("3.1", "Nguyên tắc tập trung dân chủ, quy chế làm việc",
					"Thực hiện nguyên tắc tập trung dân chủ và quy chế làm việc; không có mâu thuẫn nội bộ chưa giải quyết.", 600),
				typed("3.2", "Tự phê bình và phê bình; kiểm tra, giám sát",
					"Tự phê bình và phê bình nghiêm túc; thực hiện kế hoạch kiểm tra, giám sát.", 600),
				typed("3.3", "Không có vi phạm kỷ luật, khiếu nại có cơ sở",
					"Không có vụ việc kỷ luật và không có khiếu nại, tố cáo đúng.", 500),
				typed("3.4", "Đảng phí, hồ sơ, sổ sách",
					"Thu, nộp đảng phí đúng hạn; hồ sơ, sổ sách đầy đủ.", 300),
			}},
			{Code: "C4", Name: "Cán bộ, đảng viên tốt", Max: 2500, Floor: 2000, Items: []Item{
				typed("4.1", "Chất lượng đảng viên",
					"Ít nhất 90% đảng viên xếp loại hoàn thành tốt nhiệm vụ trở lên, không có đảng viên không hoàn thành nhiệm vụ.", 800),
				typed("4.2", "Phát triển đảng viên",
					"Kết nạp đảng viên mới hoặc bồi dưỡng quần chúng ưu tú; tính theo tỷ lệ so với chỉ tiêu.", 500),
				typed("4.3", "Liên hệ nơi cư trú, nêu gương",
					"Đảng viên giữ mối liên hệ với nơi cư trú, gương mẫu trong công tác và đời sống.", 500),
				typed("4.4", "Học tập nghị quyết, bồi dưỡng",
					"Học tập, quán triệt nghị quyết; đảng viên tham gia bồi dưỡng, tập huấn.", 400),
				typed("4.5", "Bí thư, chi ủy hoàn thành tốt nhiệm vụ",
					"Bí thư chi bộ, chi ủy viên được xếp loại hoàn thành tốt nhiệm vụ trở lên.", 300),
			}},
		},
		Bonuses: []Bonus{{Code: "B1", Max: 500,
			Name:     "Mô hình, sáng kiến được cấp trên công nhận hoặc được khen thưởng",
			Guidance: "Mô hình, sáng kiến của chi bộ được cấp trên công nhận, hoặc chi bộ được khen thưởng trong năm; tối đa 5 điểm."}},
		Deductions: []Deduction{{Code: "D1", Per: 500,
			Name:     "Báo cáo bắt buộc không gửi cấp trên, không có lý do",
			Guidance: "Trừ 5 điểm cho mỗi báo cáo bắt buộc không gửi cấp trên mà không có lý do."}},
		Bands: defaultBands("Chi bộ 4 tốt"),
		Vetoes: []Veto{
			{Code: "V1", Label: "Có đảng viên bị kỷ luật trong năm",
				Any: []Condition{{Fact: FactDisciplined, Op: ">", Value: 0}}},
			{Code: "V2", Label: "Chi bộ xếp loại chất lượng dưới mức hoàn thành tốt nhiệm vụ",
				Any: []Condition{{Fact: FactOwnRating, Op: "<", Value: int64(HTTNV)}}},
			{Code: "V3", Label: "Có vụ việc mất đoàn kết nội bộ đã kết luận, hoặc vụ việc nghiêm trọng về an ninh, tham nhũng trên địa bàn",
				Any: []Condition{{Fact: FactDisunity, Op: ">", Value: 0}, {Fact: FactIncident, Op: ">", Value: 0}}},
			{Code: "V4", Label: "Thiếu quá 2 buổi sinh hoạt định kỳ hoặc có buổi sinh hoạt xếp loại Kém",
				Any: []Condition{{Fact: FactMissingMonths, Op: ">", Value: 2}, {Fact: FactMeetingsPoor, Op: ">", Value: 0}}},
			{Code: "V5", Label: "Có đảng viên xếp loại không hoàn thành nhiệm vụ",
				Any: []Condition{{Fact: FactMembersKHTNV, Op: ">", Value: 0}}},
		},
	}
}

// DefaultCommitteeScale returns a new copy of the default "Đảng bộ cơ sở 4
// tốt" scale (DOMAIN.md §6b, §6e): 100 points in four criteria with floors
// 24/16/16/24, items 2.3, 4.1, 4.2 and 4.3 computed from the cells, no
// bonus or deduction, the bands 90 / 75 / 0 and four vetoes.
func DefaultCommitteeScale() *Scale {
	return &Scale{
		Name: DefaultCommitteeScaleName,
		Kind: KindCommittee,
		Max:  10000,
		Criteria: []Criterion{
			{Code: "C1", Name: "Hoàn thành tốt nhiệm vụ", Max: 3000, Floor: 2400, Items: []Item{
				typed("1.1", "Nghị quyết, chương trình công tác năm",
					"Ban hành nghị quyết và chương trình công tác năm đúng thời hạn, có chỉ tiêu cụ thể.", 500),
				typed("1.2", "Chỉ tiêu của địa phương, đơn vị",
					"Hoàn thành các chỉ tiêu của địa phương, đơn vị trong năm.", 1500),
				typed("1.3", "Chính quyền, Mặt trận Tổ quốc, đoàn thể hoàn thành tốt nhiệm vụ",
					"Chính quyền, Mặt trận Tổ quốc và các đoàn thể được xếp loại hoàn thành tốt nhiệm vụ trở lên.", 500),
				typed("1.4", "An ninh, dân chủ, giải quyết khiếu nại",
					"Giữ vững an ninh, trật tự; thực hiện dân chủ ở cơ sở; giải quyết khiếu nại, tố cáo kịp thời.", 500),
			}},
			{Code: "C2", Name: "Chất lượng sinh hoạt tốt", Max: 2000, Floor: 1600, Items: []Item{
				typed("2.1", "Sinh hoạt của đảng ủy, ban thường vụ",
					"Đảng ủy, ban thường vụ họp đúng quy chế làm việc.", 500),
				typed("2.2", "Chỉ đạo các chi bộ",
					"Phân công cấp ủy viên phụ trách chi bộ, dự sinh hoạt chi bộ.", 500),
				auto("2.3", "Tỷ lệ buổi sinh hoạt chi bộ xếp loại Tốt",
					"Tính tự động: 6 × số buổi sinh hoạt định kỳ xếp loại Tốt ÷ số buổi đã tổ chức, gộp mọi chi bộ trực thuộc.",
					600, Computed, FormulaCellsGoodMeetings, 0, 0),
				typed("2.4", "Sơ kết, tổng kết trong đảng bộ",
					"Tổ chức hai lần sơ kết, tổng kết toàn đảng bộ trong năm.", 400),
			}},
			{Code: "C3", Name: "Đoàn kết tốt, kỷ luật tốt", Max: 2000, Floor: 1600, Items: []Item{
				typed("3.1", "Đoàn kết trong cấp ủy",
					"Cấp ủy đoàn kết, thống nhất; thực hiện nguyên tắc tập trung dân chủ.", 600),
				typed("3.2", "Kế hoạch kiểm tra, giám sát",
					"Thực hiện kế hoạch kiểm tra, giám sát trong năm.", 600),
				typed("3.3", "Không có cấp ủy viên, chi bộ bị kỷ luật",
					"Không có cấp ủy viên hoặc chi bộ bị kỷ luật trong năm.", 500),
				typed("3.4", "Đảng phí, hồ sơ, sổ sách",
					"Thu, nộp đảng phí đúng hạn; hồ sơ, sổ sách đầy đủ.", 300),
			}},
			{Code: "C4", Name: "Cán bộ, đảng viên tốt", Max: 3000, Floor: 2400, Items: []Item{
				auto("4.1", "Tỷ lệ chi bộ đạt “Chi bộ 4 tốt”",
					"Tính tự động: 10 điểm khi ít nhất 50% chi bộ đạt “Chi bộ 4 tốt”, thấp hơn thì tính theo tỷ lệ.",
					1000, Computed, FormulaCellsFourGood, 0, 5000),
				auto("4.2", "Xếp loại chất lượng các chi bộ",
					"Tính tự động: 6 điểm khi 100% chi bộ hoàn thành nhiệm vụ trở lên và ít nhất 70% hoàn thành tốt nhiệm vụ trở lên.",
					600, Computed, FormulaCellsRating, 0, 7000),
				auto("4.3", "Xếp loại chất lượng đảng viên",
					"Tính tự động: 6 điểm khi ít nhất 90% đảng viên được xếp loại hoàn thành tốt nhiệm vụ trở lên.",
					600, Computed, FormulaMembersRating, 0, 9000),
				typed("4.4", "Phát triển đảng viên",
					"Kết nạp đảng viên mới so với chỉ tiêu.", 400),
				typed("4.5", "Đào tạo, quy hoạch cán bộ",
					"Đào tạo, bồi dưỡng và quy hoạch cán bộ.", 400),
			}},
		},
		Bands: defaultBands("Đảng bộ cơ sở 4 tốt"),
		Vetoes: []Veto{
			{Code: "V1", Label: "Có chi bộ trực thuộc xếp loại không hoàn thành nhiệm vụ",
				Any: []Condition{{Fact: FactCellsKHTNV, Op: ">", Value: 0}}},
			{Code: "V2", Label: "Có cấp ủy viên hoặc tổ chức đảng bị kỷ luật",
				Any: []Condition{{Fact: FactDisciplinedLeaders, Op: ">", Value: 0}}},
			{Code: "V3", Label: "Có vụ việc mất đoàn kết nội bộ đã kết luận",
				Any: []Condition{{Fact: FactDisunity, Op: ">", Value: 0}}},
			{Code: "V4", Label: "Đảng bộ xếp loại chất lượng dưới mức hoàn thành tốt nhiệm vụ",
				Any: []Condition{{Fact: FactOwnRating, Op: "<", Value: int64(HTTNV)}}},
		},
	}
}

// CommitteeFacts computes a committee's facts from its cells' outcomes
// (DOMAIN.md §6b): the counts of cells, "4 tốt" cells and cells by rating,
// the cells' regular meetings pooled, and the members' ratings pooled. The
// typed facts (disciplined_leaders, disunity_case) and own_rating are not
// set: merge them in from the committee's own records.
func CommitteeFacts(cells []CellOutcome) Facts {
	f := Facts{
		FactCells:               int64(len(cells)),
		FactCellsFourGood:       0,
		FactCellsRated:          0,
		FactCellsHTNVPlus:       0,
		FactCellsHTTNVPlus:      0,
		FactCellsKHTNV:          0,
		FactCellsMeetingsScored: 0,
		FactCellsMeetingsGood:   0,
		FactMembersRated:        0,
		FactMembersHTTNVPlus:    0,
	}
	for _, c := range cells {
		if c.Class == ClassFourGood {
			f[FactCellsFourGood]++
		}
		if c.Rating >= KHTNV && c.Rating <= HTXSNV {
			f[FactCellsRated]++
			if c.Rating >= HTNV {
				f[FactCellsHTNVPlus]++
			}
			if c.Rating >= HTTNV {
				f[FactCellsHTTNVPlus]++
			}
			if c.Rating == KHTNV {
				f[FactCellsKHTNV]++
			}
		}
		scored := max(0, c.MeetingsScored)
		f[FactCellsMeetingsScored] = satAdd(f[FactCellsMeetingsScored], scored)
		f[FactCellsMeetingsGood] = satAdd(f[FactCellsMeetingsGood], clamp(c.MeetingsGood, 0, scored))
		for _, m := range c.Members {
			if m >= KHTNV && m <= HTXSNV {
				f[FactMembersRated]++
				if m >= HTTNV {
					f[FactMembersHTTNVPlus]++
				}
			}
		}
	}
	return f
}
