package bontot

import (
	"strings"
	"time"

	"bontot/scoring"
)

// Campaign is an emulation movement over a period: "Chi bộ 4 tốt, Đảng bộ cơ
// sở 4 tốt giai đoạn 2023–2025". Its participants are the cells and grassroots
// committees of the Scope subtree.
type Campaign struct {
	ID         int64
	Name       string
	IssuerID   int64 // the committee that launched it (Thành ủy)
	IssuerName string
	ScopeID    int64 // root of the participating subtree
	ScopeName  string
	ScopePath  string
	FromYear   int
	ToYear     int
	// Quota is the cap on "excellent" ratings, in hundredths of a percent of
	// those rated good (2000 = 20%), per grassroots organization.
	Quota      scoring.Points
	Documents  []Document
	Years      []CampaignYear
	CopiedFrom int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Document is a basis document of a campaign (NQ 21-NQ/TW, CTr 18-CTr/TU…).
type Document struct {
	Number string
	Date   Date
	Title  string
}

// CampaignYear holds a year's deadlines and the scales it scores with.
type CampaignYear struct {
	Year             int
	SelfDeadline     Date // tự đánh giá
	ReviewDeadline   Date // thẩm định
	ApprovalDeadline Date // phê duyệt
	Scales           []YearScale
	Locked           bool
}

// YearScale says which scale version scores a kind (and optionally subtype) of unit.
type YearScale struct {
	Kind      scoring.Kind
	Subtype   OrgSubtype // "" for every subtype without its own scale
	ScaleID   int64
	ScaleName string
	Version   int
}

// Year returns the campaign year y, or nil.
func (c *Campaign) Year(y int) *CampaignYear {
	for i := range c.Years {
		if c.Years[i].Year == y {
			return &c.Years[i]
		}
	}
	return nil
}

// ScaleFor returns the scale id that scores a unit of kind and subtype in the year.
func (y *CampaignYear) ScaleFor(kind scoring.Kind, subtype OrgSubtype) int64 {
	var def int64
	for _, s := range y.Scales {
		if s.Kind != kind {
			continue
		}
		if s.Subtype == subtype && subtype != "" {
			return s.ScaleID
		}
		if s.Subtype == "" {
			def = s.ScaleID
		}
	}
	return def
}

// Normalize cleans the text fields.
func (c *Campaign) Normalize() {
	c.Name = strings.Join(strings.Fields(c.Name), " ")
	for i := range c.Documents {
		c.Documents[i].Number = strings.TrimSpace(c.Documents[i].Number)
		c.Documents[i].Title = strings.Join(strings.Fields(c.Documents[i].Title), " ")
	}
}

// Validate checks what a user enters.
func (c *Campaign) Validate() error {
	fe := FieldErrors{}
	if c.Name == "" {
		fe.Add("name", "Vui lòng nhập tên phong trào.")
	}
	if c.IssuerID == 0 {
		fe.Add("issuer", "Vui lòng chọn cấp ủy phát động.")
	}
	if c.ScopeID == 0 {
		fe.Add("scope", "Vui lòng chọn phạm vi tham gia.")
	}
	if c.FromYear < 2000 || c.FromYear > 2100 {
		fe.Add("from_year", "Năm bắt đầu không hợp lệ.")
	}
	if c.ToYear < c.FromYear || c.ToYear > c.FromYear+10 {
		fe.Add("to_year", "Năm kết thúc phải từ năm bắt đầu đến tối đa 10 năm sau.")
	}
	if c.Quota < 0 || c.Quota > 10000 {
		fe.Add("quota", "Tỷ lệ tối đa xếp loại xuất sắc phải từ 0% đến 100%.")
	}
	for i, d := range c.Documents {
		if d.Number == "" && d.Title == "" {
			continue
		}
		if d.Number == "" || d.Title == "" || d.Date.IsZero() {
			fe.Add("doc"+itoa(i), "Văn bản căn cứ cần đủ số hiệu, ngày ban hành và trích yếu.")
		}
	}
	for _, y := range c.Years {
		if y.Year < c.FromYear || y.Year > c.ToYear {
			fe.Add("years", "Năm đánh giá phải nằm trong giai đoạn của phong trào.")
		}
		if !y.SelfDeadline.IsZero() && !y.ReviewDeadline.IsZero() && y.ReviewDeadline.Before(y.SelfDeadline) {
			fe.Add("review_deadline_"+itoa(y.Year), "Hạn thẩm định phải sau hạn tự đánh giá.")
		}
		if !y.ReviewDeadline.IsZero() && !y.ApprovalDeadline.IsZero() && y.ApprovalDeadline.Before(y.ReviewDeadline) {
			fe.Add("approval_deadline_"+itoa(y.Year), "Hạn phê duyệt phải sau hạn thẩm định.")
		}
	}
	return fe.Err()
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	n := len(b)
	neg := i < 0
	if neg {
		i = -i
	}
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	if neg {
		n--
		b[n] = '-'
	}
	return string(b[n:])
}

// ScaleVersion is one version of a scoring scale. A version used by a
// campaign year is frozen: changing it makes a new version of the same family.
type ScaleVersion struct {
	ID        int64
	Family    string // versions of one scale share it
	Version   int
	Kind      scoring.Kind
	Subtype   OrgSubtype
	Scale     *scoring.Scale
	Frozen    bool
	Note      string   // what changed
	UsedBy    []string // "Chi bộ 4 tốt… — năm 2024", filled by reads
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Name is the scale's name.
func (v *ScaleVersion) Name() string {
	if v.Scale == nil {
		return ""
	}
	return v.Scale.Name
}

// AssessedAs says whether an organization of kind k takes part in the yearly
// "4 tốt" assessment, and with which kind of scale: cells and chi bộ cơ sở
// with the cell scale, đảng bộ cơ sở with the committee scale.
func AssessedAs(k OrgKind) (scoring.Kind, bool) {
	switch k {
	case KindCell, KindBaseCell:
		return scoring.KindCell, true
	case KindBaseCommittee:
		return scoring.KindCommittee, true
	}
	return "", false
}
