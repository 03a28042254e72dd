package bontot

import "time"

// AuditEntry records one change, or one read of a member's personal record.
// Entries are written in the same transaction as the change and are never
// updated or deleted (the database refuses it).
type AuditEntry struct {
	ID       int64
	At       time.Time
	UserID   int64
	Username string
	Action   string // e.g. "member.create", "member.read", "member.transfer", "org.rename"
	Entity   string // "member", "org", "user"
	EntityID int64
	OrgPath  string // where it happened, so the log can be scoped to a subtree
	Summary  string // one Vietnamese sentence
	Changes  []Change
	IP       string
}

// Change is one field's old → new value.
type Change struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// Actions shown in the audit log filter, with Vietnamese labels.
var AuditActions = map[string]string{
	"member.create":        "Thêm đảng viên",
	"member.update":        "Sửa đảng viên",
	"member.read":          "Xem hồ sơ đảng viên",
	"member.transfer":      "Chuyển sinh hoạt",
	"member.import":        "Nhập danh sách đảng viên",
	"member.export":        "Xuất danh sách đảng viên",
	"org.create":           "Thêm tổ chức",
	"org.update":           "Sửa tổ chức",
	"org.rename":           "Đổi tên tổ chức",
	"org.reparent":         "Chuyển trực thuộc",
	"org.import":           "Nhập cây tổ chức",
	"user.create":          "Thêm người dùng",
	"user.update":          "Sửa người dùng",
	"user.password":        "Đổi mật khẩu",
	"user.login":           "Đăng nhập",
	"user.login_fail":      "Đăng nhập sai",
	"token.create":         "Tạo khóa API",
	"rating.org":           "Xếp loại tổ chức",
	"rating.member":        "Xếp loại đảng viên",
	"rating.import":        "Nhập xếp loại",
	"rating.read":          "Xem xếp loại",
	"discipline.create":    "Ghi nhận kỷ luật",
	"results.export":       "Xuất kết quả đánh giá",
	"rating.seed":          "Nạp xếp loại",
	"campaign.create":      "Tạo phong trào",
	"campaign.update":      "Sửa phong trào",
	"scale.create":         "Tạo thang điểm",
	"scale.update":         "Sửa thang điểm",
	"scale.apply":          "Áp dụng thang điểm",
	"assessment.self":      "Lưu tự đánh giá",
	"assessment.review":    "Lưu điểm thẩm định",
	"assessment.submit":    "Gửi tự đánh giá",
	"assessment.return":    "Trả lại giải trình",
	"assessment.approve":   "Phê duyệt đánh giá",
	"assessment.recognise": "Công nhận “4 tốt”",
	"assessment.lock":      "Khóa kết quả",
	"assessment.reopen":    "Mở lại đánh giá",
	"assessment.seed":      "Nạp bản đánh giá",
	"evidence.create":      "Thêm minh chứng",
	"evidence.delete":      "Xóa minh chứng",
	"meeting.create":       "Ghi biên bản sinh hoạt chi bộ",
	"meeting.update":       "Sửa biên bản sinh hoạt chi bộ",
	"meeting.delete":       "Xóa biên bản sinh hoạt chi bộ",
	"practice.create":      "Ghi nhận cách làm hay",
	"review.export":        "Xuất báo cáo sơ kết, tổng kết",
	"late.export":          "Xuất danh sách đơn vị chậm",
	"notification.send":    "Gửi nhắc nhở",
	"notification.mail":    "Gửi e-mail nhắc nhở",
	// Sponsors, visits, recommendations, inspection and supervision.
	"sponsor_group.create":      "Thêm ban, đoàn phụ trách",
	"sponsor_group.update":      "Sửa ban, đoàn phụ trách",
	"sponsor_group.delete":      "Xóa ban, đoàn phụ trách",
	"assignment.create":         "Phân công phụ trách đơn vị",
	"assignment.update":         "Sửa phân công phụ trách",
	"assignment.delete":         "Xóa phân công phụ trách",
	"visit.create":              "Ghi buổi làm việc của cán bộ phụ trách",
	"visit.update":              "Sửa buổi làm việc",
	"visit.delete":              "Xóa buổi làm việc",
	"recommendation.status":     "Cập nhật kiến nghị",
	"inspection.plan":           "Lập kế hoạch kiểm tra, giám sát",
	"inspection.plan_update":    "Sửa kế hoạch kiểm tra, giám sát",
	"inspection.plan_delete":    "Xóa kế hoạch kiểm tra, giám sát",
	"inspection.finding":        "Ghi kết luận kiểm tra, giám sát",
	"inspection.finding_update": "Sửa kết luận kiểm tra, giám sát",
	"inspection.finding_delete": "Xóa kết luận kiểm tra, giám sát",
	"sponsors.export":           "Xuất tình hình phụ trách",
	// Launch, deployment and registration of emulation targets.
	"deployment.save":          "Ghi nhận phát động, triển khai",
	"registration.create":      "Lập bản đăng ký thi đua",
	"registration.update":      "Sửa bản đăng ký thi đua",
	"registration.send":        "Gửi bản đăng ký thi đua",
	"registration.acknowledge": "Xác nhận bản đăng ký thi đua",
	"registration.return":      "Trả lại bản đăng ký thi đua",
	"registration.results":     "Ghi kết quả thực hiện chỉ tiêu",
	"registration.document":    "Đính kèm bản đăng ký đã ký",
	"movement.export":          "Xuất danh sách phát động, đăng ký",
}

// AuditFilter selects audit entries.
type AuditFilter struct {
	Under    string // subtree path
	Global   bool   // with Under: also entries outside any organization (logins, accounts)
	Action   string
	Entity   string
	EntityID int64
	UserID   int64
	From, To Date
	Limit    int
	Offset   int
}
