package bontot

import (
	"strconv"
	"strings"
	"time"

	"bontot/vn"
)

// OrgKind is the place of a party organization in the tree (DOMAIN.md §3).
type OrgKind string

// Organization kinds.
const (
	KindSuperior      OrgKind = "superior"       // cấp trên cơ sở: tỉnh ủy, thành ủy, huyện ủy, đảng ủy khối
	KindBaseCommittee OrgKind = "base_committee" // đảng bộ cơ sở
	KindIntermediate  OrgKind = "intermediate"   // đảng bộ bộ phận
	KindBaseCell      OrgKind = "base_cell"      // chi bộ cơ sở
	KindCell          OrgKind = "cell"           // chi bộ trực thuộc
	KindGroup         OrgKind = "group"          // tổ đảng
)

// OrgKinds lists the kinds from the top of the tree down.
var OrgKinds = []OrgKind{KindSuperior, KindBaseCommittee, KindIntermediate, KindBaseCell, KindCell, KindGroup}

var kindLabels = map[OrgKind]string{
	KindSuperior:      "Cấp trên cơ sở",
	KindBaseCommittee: "Đảng bộ cơ sở",
	KindIntermediate:  "Đảng bộ bộ phận",
	KindBaseCell:      "Chi bộ cơ sở",
	KindCell:          "Chi bộ trực thuộc",
	KindGroup:         "Tổ đảng",
}

// Label is the Vietnamese name of the kind.
func (k OrgKind) Label() string { return kindLabels[k] }

// Valid reports whether k is a known kind.
func (k OrgKind) Valid() bool { _, ok := kindLabels[k]; return ok }

// IsCell reports whether members are registered directly in organizations of this kind.
func (k OrgKind) IsCell() bool { return k == KindBaseCell || k == KindCell }

// IsGrassroots reports whether k is a grassroots party organization (TCCSĐ).
func (k OrgKind) IsGrassroots() bool { return k == KindBaseCommittee || k == KindBaseCell }

// canParent says which kinds may sit directly under which.
var canParent = map[OrgKind][]OrgKind{
	KindSuperior:      {KindSuperior},
	KindBaseCommittee: {KindSuperior},
	KindBaseCell:      {KindSuperior},
	KindIntermediate:  {KindBaseCommittee},
	KindCell:          {KindBaseCommittee, KindIntermediate},
	KindGroup:         {KindBaseCell, KindCell},
}

// CanBeChildOf reports whether an organization of kind k may be placed under parent.
func (k OrgKind) CanBeChildOf(parent OrgKind) bool {
	for _, p := range canParent[k] {
		if p == parent {
			return true
		}
	}
	return false
}

// OrgSubtype says what kind of unit the organization leads; it changes what
// criterion 1 means for a cell.
type OrgSubtype string

// Subtypes.
const (
	SubVillage     OrgSubtype = "village"     // thôn
	SubResidential OrgSubtype = "residential" // tổ dân phố
	SubAgency      OrgSubtype = "agency"      // cơ quan
	SubSchool      OrgSubtype = "school"      // trường học
	SubEnterprise  OrgSubtype = "enterprise"  // doanh nghiệp
	SubArmed       OrgSubtype = "armed"       // lực lượng vũ trang
	SubRetired     OrgSubtype = "retired"     // hưu trí
	SubOther       OrgSubtype = "other"       // khác
)

// OrgSubtypes lists the subtypes in display order.
var OrgSubtypes = []OrgSubtype{SubVillage, SubResidential, SubAgency, SubSchool, SubEnterprise, SubArmed, SubRetired, SubOther}

var subtypeLabels = map[OrgSubtype]string{
	SubVillage: "Thôn", SubResidential: "Tổ dân phố", SubAgency: "Cơ quan", SubSchool: "Trường học",
	SubEnterprise: "Doanh nghiệp", SubArmed: "Lực lượng vũ trang", SubRetired: "Hưu trí", SubOther: "Khác",
}

// Label is the Vietnamese name of the subtype.
func (s OrgSubtype) Label() string { return subtypeLabels[s] }

// Valid reports whether s is a known subtype.
func (s OrgSubtype) Valid() bool { _, ok := subtypeLabels[s]; return ok }

// Org is a party organization: a node of the tree, valid over a period.
type Org struct {
	ID         int64
	Code       string // stable code, unique across the system, e.g. "HT.TP.NDU.TDP4"
	Name       string
	ShortName  string
	Kind       OrgKind
	Subtype    OrgSubtype
	ParentID   int64  // 0 for a root
	ParentName string // filled by reads, for display and search
	Path       string // materialized path of ids, "/1/5/23/"; set by the store
	Depth      int
	ValidFrom  Date
	ValidTo    Date   // zero while the organization exists
	Decision   string // founding decision, e.g. "Quyết định số 12-QĐ/TU ngày 03/02/2015"

	// Stored counts over the whole subtree, kept current by the writes that change them.
	MemberCount int // members whose official membership is in this subtree
	CellCount   int // cells (base cells and subordinate cells) in this subtree, itself included
	OrgCount    int // organizations strictly below
	ChildCount  int // direct children

	CreatedAt time.Time
	UpdatedAt time.Time
}

// PathIDs returns the ids in a materialized path ("/1/5/23/"), root first.
func PathIDs(path string) []int64 {
	var ids []int64
	for _, p := range strings.Split(strings.Trim(path, "/"), "/") {
		if id, err := strconv.ParseInt(p, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// Active reports whether the organization exists on day d.
func (o *Org) Active(d Date) bool {
	return !d.Before(o.ValidFrom) && (o.ValidTo.IsZero() || d.Before(o.ValidTo))
}

// Normalize cleans the text fields (NFC, spaces).
func (o *Org) Normalize() {
	o.Code = strings.ToUpper(vn.Clean(o.Code))
	o.Name = vn.Clean(o.Name)
	o.ShortName = vn.Clean(o.ShortName)
	o.Decision = vn.Clean(o.Decision)
}

// Validate checks the fields a user enters. It does not check the parent's
// kind, which needs the store.
func (o *Org) Validate() error {
	fe := FieldErrors{}
	if o.Code == "" {
		fe.Add("code", "Vui lòng nhập mã tổ chức.")
	} else if len(o.Code) > 64 || strings.ContainsAny(o.Code, " \t/") {
		fe.Add("code", "Mã tổ chức chỉ gồm chữ, số, dấu chấm hoặc gạch, không quá 64 ký tự.")
	}
	if o.Name == "" {
		fe.Add("name", "Vui lòng nhập tên tổ chức.")
	} else if len([]rune(o.Name)) > 200 {
		fe.Add("name", "Tên tổ chức không quá 200 ký tự.")
	}
	if !o.Kind.Valid() {
		fe.Add("kind", "Vui lòng chọn loại tổ chức.")
	}
	if o.Subtype != "" && !o.Subtype.Valid() {
		fe.Add("subtype", "Loại hình không hợp lệ.")
	}
	if o.ValidFrom.IsZero() {
		fe.Add("valid_from", "Vui lòng nhập ngày thành lập (hiệu lực từ).")
	}
	if !o.ValidTo.IsZero() && !o.ValidTo.After(o.ValidFrom) {
		fe.Add("valid_to", "Ngày hết hiệu lực phải sau ngày thành lập.")
	}
	return fe.Err()
}

// OrgEventKind is a lineage event: how an organization came, changed or went.
type OrgEventKind string

// Lineage events. Rename and re-parent are implemented end to end; the schema
// holds the others with their source → target links.
const (
	EventCreate   OrgEventKind = "create"
	EventRename   OrgEventKind = "rename"
	EventReparent OrgEventKind = "reparent"
	EventMerge    OrgEventKind = "merge"
	EventSplit    OrgEventKind = "split"
	EventDissolve OrgEventKind = "dissolve"
)

var eventLabels = map[OrgEventKind]string{
	EventCreate: "Thành lập", EventRename: "Đổi tên", EventReparent: "Chuyển trực thuộc",
	EventMerge: "Sáp nhập", EventSplit: "Chia tách", EventDissolve: "Giải thể",
}

// Label is the Vietnamese name of the event kind.
func (k OrgEventKind) Label() string { return eventLabels[k] }

// OrgEvent is one lineage event, with the organizations it took from (sources)
// and gave to (targets).
type OrgEvent struct {
	ID        int64
	Kind      OrgEventKind
	Date      Date   // effective date
	Decision  string // decision number and date
	Note      string // e.g. "Đổi tên từ … thành …"
	Sources   []int64
	Targets   []int64
	UserID    int64
	CreatedAt time.Time
}

// OrgFilter selects organizations.
type OrgFilter struct {
	ParentID *int64 // direct children of this organization
	Under    string // materialized path: the whole subtree below (and including) this path
	Query    string // accent-insensitive search on name and code
	Kinds    []OrgKind
	Limit    int
	Offset   int
}
