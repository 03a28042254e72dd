package store_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"bontot"
	"bontot/store"
	"bontot/vn"

	"golang.org/x/text/unicode/norm"
)

// bulkOrg and bulkMember are rows of a small synthetic data set, fed both
// to BulkLoad and to CreateOrg/CreateMember.
type bulkOrg struct {
	o      bontot.Org
	parent string
}

type bulkMember struct {
	m     bontot.Member
	org   string
	since bontot.Date
}

type bulkData struct {
	orgs    []bulkOrg
	members []bulkMember
}

// produce sends the data to a sink. The structs are reused between calls,
// as a streaming producer would.
func (d *bulkData) produce(sink store.BulkSink) error {
	var o bontot.Org
	for _, x := range d.orgs {
		o = x.o
		if err := sink.Org(&o, x.parent); err != nil {
			return err
		}
	}
	var m bontot.Member
	for _, x := range d.members {
		m = x.m
		if err := sink.Member(&m, x.org, x.since); err != nil {
			return err
		}
	}
	return nil
}

// smallTree: a province (superior) → 2 communes (base committees) → 3 cells
// each, and a base cell under the province; members spread over 6 of the 7
// cells, some without a card, some with a name to clean, some since today.
func smallTree(members int) *bulkData {
	d := &bulkData{}
	org := func(code, name, short string, kind bontot.OrgKind, sub bontot.OrgSubtype, parent string) {
		d.orgs = append(d.orgs, bulkOrg{o: bontot.Org{Code: code, Name: name, ShortName: short, Kind: kind, Subtype: sub,
			ValidFrom: bontot.MustDate("01/01/2015"), Decision: "Quyết định số 12-QĐ/TU ngày 03/02/2015"}, parent: parent})
	}
	org("HT", "Đảng bộ tỉnh Hà Tĩnh", "Tỉnh ủy", bontot.KindSuperior, bontot.SubOther, "")
	org("HT.TRP", "Đảng bộ phường Trần Phú", "", bontot.KindBaseCommittee, bontot.SubResidential, "HT")
	for i := 1; i <= 3; i++ {
		org(fmt.Sprintf("HT.TRP.TDP%d", i), fmt.Sprintf("Chi bộ Tổ dân phố %d", i), "", bontot.KindCell, bontot.SubResidential, "HT.TRP")
	}
	org("HT.DAN", "Đảng bộ xã Đồng Ân", "", bontot.KindBaseCommittee, bontot.SubVillage, "HT")
	for i, n := range []string{"Thôn Ấp Bắc", "Thôn Đông", "Thôn Ánh Sáng"} {
		// Lower case and NFD: the load normalizes codes and names as CreateOrg does.
		org(fmt.Sprintf("ht.dan.t%d", i+1), norm.NFD.String("Chi bộ "+n), "", bontot.KindCell, bontot.SubVillage, "ht.dan")
	}
	org("HT.THPT", "Chi bộ Trường THPT Thành Sen", "", bontot.KindBaseCell, bontot.SubSchool, "HT")
	cells := []string{"HT.TRP.TDP1", "HT.TRP.TDP2", "HT.TRP.TDP3", "HT.DAN.T1", "HT.DAN.T2", "HT.DAN.T3", "HT.THPT"}
	r := rand.New(rand.NewPCG(7, 11))
	for i := range members {
		m := synthMember(r, i+1)
		if i%17 == 0 {
			m.CardNumber = "" // no card yet: stored NULL
		}
		if i%29 == 0 {
			m.FullName = " nguyễn  văn\tĐức " // to be cleaned
		}
		// TDP3 gets nobody: an empty cell.
		cell := cells[i%len(cells)]
		if cell == "HT.TRP.TDP3" {
			cell = "HT.TRP.TDP1"
		}
		since := m.AdmittedDate
		if i%5 == 0 {
			since = bontot.Date{} // today
		}
		d.members = append(d.members, bulkMember{m: m, org: cell, since: since})
	}
	return d
}

// loadNormally loads d through CreateOrg and CreateMember.
func loadNormally(t *testing.T, s *store.Store, d *bulkData) {
	t.Helper()
	ctx := context.Background()
	byCode := map[string]*bontot.Org{}
	for _, x := range d.orgs {
		o := x.o
		if x.parent != "" {
			o.ParentID = byCode[strings.ToUpper(x.parent)].ID
		}
		if err := s.CreateOrg(ctx, admin, &o); err != nil {
			t.Fatalf("CreateOrg(%s): %v", o.Code, err)
		}
		byCode[o.Code] = &o
	}
	for _, x := range d.members {
		m := x.m
		m.OrgID = byCode[strings.ToUpper(x.org)].ID
		if err := s.CreateMember(ctx, admin, &m, x.since); err != nil {
			t.Fatalf("CreateMember(%s): %v", m.FullName, err)
		}
	}
}

// dump returns every row of a table, ordered, as text.
func dump(t *testing.T, s *store.Store, query string) []string {
	t.Helper()
	rows, err := s.DB().Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for i, v := range vals {
			if i > 0 {
				b.WriteString(" | ")
			}
			if bs, ok := v.([]byte); ok {
				fmt.Fprintf(&b, "%x", bs)
			} else {
				fmt.Fprintf(&b, "%v", v)
			}
		}
		out = append(out, b.String())
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// dumpTable returns every row of a table as text. On SQLite each value is
// quoted by SQLite itself, so that a value stored as text differs from the
// same value stored as a number or a blob, and times are compared as stored.
func dumpTable(t *testing.T, s *store.Store, table, order string) []string {
	t.Helper()
	if s.Engine() != store.SQLite {
		return dump(t, s, `SELECT * FROM `+table+` ORDER BY `+order)
	}
	var cols []string
	for _, c := range dump(t, s, `SELECT name FROM pragma_table_info('`+table+`') ORDER BY cid`) {
		cols = append(cols, "quote("+c+")")
	}
	return dump(t, s, `SELECT `+strings.Join(cols, ", ")+` FROM `+table+` ORDER BY `+order)
}

var bulkDumps = [][2]string{
	{"orgs", "id"}, {"members", "id"}, {"memberships", "id"}, {"org_events", "id"}, {"org_event_links", "event_id, org_id, role"},
	{"org_words", "word, org_id"},
}

// schemaObjects lists the indexes (and on PostgreSQL the constraints) of
// the loaded tables, to check that a load leaves the schema as it found it.
func schemaObjects(t *testing.T, s *store.Store) []string {
	if s.Engine() == store.SQLite {
		return dump(t, s, `SELECT name, COALESCE(sql, '') FROM sqlite_master WHERE type = 'index' ORDER BY name`)
	}
	return append(dump(t, s, `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname`),
		dump(t, s, `SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
			WHERE connamespace = current_schema()::regnamespace ORDER BY conname`)...)
}

func TestBulkLoadEqualsNormalPath(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		d := smallTree(203)
		schema := schemaObjects(t, s)
		st, err := s.BulkLoad(ctx, d.produce)
		if err != nil {
			t.Fatal(err)
		}
		if st.Orgs != len(d.orgs) || st.Members != len(d.members) || st.Total <= 0 {
			t.Errorf("stats = %+v", st)
		}
		if got := schemaObjects(t, s); !slices.Equal(got, schema) {
			t.Errorf("schema after the load:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(schema, "\n"))
		}

		ref := MustOpen(t, s.Engine())
		loadNormally(t, ref, d)
		for _, q := range bulkDumps {
			got, want := dumpTable(t, s, q[0], q[1]), dumpTable(t, ref, q[0], q[1])
			if len(got) != len(want) {
				t.Errorf("%s: %d rows, want %d", q, len(got), len(want))
				continue
			}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("%s: row %d:\n got %s\nwant %s", q, i, got[i], want[i])
					break
				}
			}
		}

		// Counts, paths, depths through the API, and against live counts.
		orgs, err := s.Orgs(ctx, bontot.OrgFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range orgs {
			r, err := ref.OrgByCode(ctx, o.Code)
			if err != nil {
				t.Fatal(err)
			}
			if o.Path != r.Path || o.Depth != r.Depth || o.MemberCount != r.MemberCount || o.CellCount != r.CellCount ||
				o.OrgCount != r.OrgCount || o.ChildCount != r.ChildCount || o.ParentID != r.ParentID {
				t.Errorf("%s: bulk %+v\nnormal %+v", o.Code, o, r)
			}
			var live int
			s.DB().QueryRow(`SELECT COUNT(*) FROM members WHERE org_path LIKE '` + o.Path + `%'`).Scan(&live)
			if live != o.MemberCount {
				t.Errorf("%s: member_count %d, live %d", o.Code, o.MemberCount, live)
			}
		}
		root, _ := s.OrgByCode(ctx, "HT")
		if root.MemberCount != 203 || root.CellCount != 7 || root.OrgCount != 9 || root.ChildCount != 3 || root.Path != "/1/" {
			t.Errorf("root = %+v", root)
		}
		if o, _ := s.OrgByCode(ctx, "HT.TRP.TDP3"); o.MemberCount != 0 || o.CellCount != 1 {
			t.Errorf("empty cell = %+v", o)
		}

		// One audit entry for the whole load.
		entries, _, err := s.AuditEntries(ctx, bontot.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 || entries[0].Action != "org.import" || entries[0].Entity != "org" ||
			entries[0].Summary != "Nạp dữ liệu hàng loạt: 10 tổ chức, 203 đảng viên" || entries[0].Username != store.System.Username {
			t.Errorf("audit = %+v", entries)
		}

		// Search and Vietnamese order work as on normally loaded data.
		for _, f := range []bontot.MemberFilter{
			{Query: "nguyen van", Limit: 500}, {Query: "đức", Limit: 500}, {Query: "360", Limit: 500},
			{OrgID: 3, Limit: 500}, {Under: root.Path, Limit: 500}, {Under: "/2/", Query: "tran thi", Limit: 500},
		} {
			got, err := s.Members(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			want, err := ref.Members(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != want.Total || memberNames(got) != memberNames(want) {
				t.Errorf("Members(%+v):\n got %d %s\nwant %d %s", f, got.Total, memberNames(got), want.Total, memberNames(want))
			}
			if f.Query == "nguyen van" && got.Total < 10 {
				t.Errorf("search %q found only %d", f.Query, got.Total)
			}
		}
		page, _ := s.Members(ctx, bontot.MemberFilter{Under: root.Path, Limit: 500})
		for i := 1; i < len(page.Members); i++ {
			a, b := page.Members[i-1].FullName, page.Members[i].FullName
			if vn.Compare(vn.NameOrder(a), vn.NameOrder(b)) > 0 {
				t.Errorf("order: %s before %s", a, b)
			}
		}

		// Writes after the load take the next ids and keep the counts.
		ward, _ := s.OrgByCode(ctx, "HT.TRP")
		cell := MustOrg(t, s, ward, "HT.TRP.TDP9", "Chi bộ Tổ dân phố 9", bontot.KindCell)
		if cell.ID != int64(len(d.orgs)+1) || cell.Path != ward.Path+itoa(cell.ID)+"/" {
			t.Errorf("new org id %d path %s", cell.ID, cell.Path)
		}
		m := MustMember(t, s, cell, "Nguyễn Văn Mới", "99000001")
		if m.ID != int64(len(d.members)+1) {
			t.Errorf("new member id %d", m.ID)
		}
		if got := MustGet(t, s, ward.ID); got.MemberCount != ward.MemberCount+1 || got.CellCount != ward.CellCount+1 || got.ChildCount != ward.ChildCount+1 {
			t.Errorf("ward after a new cell and member: %+v (was %+v)", got, ward)
		}
		if got := MustGet(t, s, root.ID); got.MemberCount != 204 || got.OrgCount != 10 {
			t.Errorf("root after: %+v", got)
		}
		if err := s.TransferMember(ctx, admin, bontot.Transfer{MemberID: 2, ToOrgID: cell.ID, Kind: bontot.Official, Date: bontot.MustDate("01/03/2025")}); err != nil {
			t.Fatal(err)
		}
		if ms, _ := s.Memberships(ctx, 2); len(ms) != 2 || ms[1].ID != int64(len(d.members)+2) {
			t.Errorf("memberships after a transfer: %+v", ms)
		}
		if err := s.RenameOrg(ctx, admin, 2, "Đảng bộ phường Trần Phú mới", "", bontot.MustDate("01/03/2025"), ""); err != nil {
			t.Fatal(err)
		}
		if ev, _ := s.OrgEvents(ctx, 2); len(ev) != 2 || ev[1].Kind != bontot.EventCreate || ev[1].Note != "Thành lập Đảng bộ phường Trần Phú" {
			t.Errorf("events: %+v", ev)
		}

		// A second load is refused: the database is no longer empty.
		_, err = s.BulkLoad(ctx, d.produce)
		var e *bontot.Error
		if !errors.As(err, &e) || e.Code != bontot.ECONFLICT || !strings.Contains(e.Message, "Cơ sở dữ liệu đã có dữ liệu") {
			t.Errorf("second load: %v", err)
		}
	})
}

func TestBulkLoadRefusesNonEmpty(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		MustOrg(t, s, nil, "HT", "Đảng bộ tỉnh Hà Tĩnh", bontot.KindSuperior)
		_, err := s.BulkLoad(context.Background(), smallTree(5).produce)
		var e *bontot.Error
		if !errors.As(err, &e) || e.Code != bontot.ECONFLICT {
			t.Fatalf("err = %v, want ECONFLICT", err)
		}
		if n := countRows(t, s, "orgs"); n != 1 {
			t.Errorf("orgs = %d", n)
		}
	})
}

func TestBulkLoadEmptyAndPanic(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		schema := schemaObjects(t, s)
		// A producer that panics: the panic goes on to the caller, and
		// nothing is left behind.
		func() {
			defer func() {
				if r := recover(); r != "boom" {
					t.Errorf("recovered %v, want the producer's panic", r)
				}
			}()
			s.BulkLoad(ctx, func(sink store.BulkSink) error {
				smallTree(600).produce(sink)
				panic("boom")
			})
		}()
		for _, table := range []string{"orgs", "members", "memberships", "org_events", "audit_log"} {
			if n := countRows(t, s, table); n != 0 {
				t.Errorf("after a panic: %d rows in %s", n, table)
			}
		}
		if got := schemaObjects(t, s); !slices.Equal(got, schema) {
			t.Errorf("schema changed after a panic:\n%s", strings.Join(got, "\n"))
		}
		// Nothing to load is not an error.
		st, err := s.BulkLoad(ctx, func(store.BulkSink) error { return nil })
		if err != nil || st.Orgs != 0 || st.Members != 0 {
			t.Fatalf("empty load: %+v, %v", st, err)
		}
		if got := schemaObjects(t, s); !slices.Equal(got, schema) {
			t.Errorf("schema changed after an empty load:\n%s", strings.Join(got, "\n"))
		}
		// Organizations without members.
		d := smallTree(0)
		if _, err := s.BulkLoad(ctx, d.produce); err != nil {
			t.Fatal(err)
		}
		if root, err := s.OrgByCode(ctx, "HT"); err != nil || root.OrgCount != 9 || root.CellCount != 7 || root.MemberCount != 0 {
			t.Errorf("root = %+v, %v", root, err)
		}
	})
}

func countRows(t *testing.T, s *store.Store, table string) int {
	t.Helper()
	var n int
	if err := s.DB().QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestBulkLoadAbortsOnBadRow(t *testing.T) {
	engines(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		schema := schemaObjects(t, s)
		for _, tc := range []struct {
			name   string
			change func(d *bulkData)
			code   string
			want   string // in the message
		}{
			{"member in a base committee", func(d *bulkData) { d.members[150].org = "HT.TRP" }, bontot.EINVALID, "HT.TRP"},
			{"member in an unknown cell", func(d *bulkData) { d.members[3].org = "HT.XYZ" }, bontot.EINVALID, "HT.XYZ"},
			{"unknown parent", func(d *bulkData) { d.orgs[4].parent = "HT.NOPE" }, bontot.EINVALID, "HT.NOPE"},
			{"cell under a province", func(d *bulkData) { d.orgs[2].parent = "HT" }, bontot.EINVALID, "HT.TRP.TDP1"},
			{"root that is not a superior", func(d *bulkData) { d.orgs[0].o.Kind = bontot.KindBaseCommittee }, bontot.EINVALID, "gốc"},
			{"org without a name", func(d *bulkData) { d.orgs[5].o.Name = " " }, bontot.EINVALID, "Vui lòng nhập tên tổ chức"},
			{"duplicate org code", func(d *bulkData) { d.orgs[3].o.Code = "HT.TRP.TDP1" }, bontot.ECONFLICT, "HT.TRP.TDP1"},
			{"admitted before 18", func(d *bulkData) {
				d.members[180].m.AdmittedDate = bontot.DateOf(d.members[180].m.BirthDate.Time().AddDate(10, 0, 0))
			}, bontot.EINVALID, "đủ 18 tuổi"},
			{"full member before admitted", func(d *bulkData) {
				m := &d.members[100].m
				m.Status, m.FullMemberDate = bontot.StatusFull, bontot.DateOf(m.AdmittedDate.Time().AddDate(0, -1, 0))
			}, bontot.EINVALID, "Ngày chính thức phải sau ngày vào Đảng"},
			{"duplicate card", func(d *bulkData) { d.members[190].m.CardNumber = d.members[20].m.CardNumber }, bontot.ECONFLICT, fmt.Sprintf("36%08d", 21)},
			{"member in a dissolved cell", func(d *bulkData) { d.orgs[9].o.ValidTo = bontot.MustDate("01/01/2024") }, bontot.EINVALID, "hết hiệu lực"},
			{"org after a member", func(d *bulkData) {}, bontot.EINVALID, "trước đảng viên"},
		} {
			d := smallTree(200)
			tc.change(d)
			produce := d.produce
			if tc.name == "org after a member" {
				produce = func(sink store.BulkSink) error {
					if err := d.produce(sink); err != nil {
						return err
					}
					return sink.Org(&bontot.Org{Code: "HT.LATE", Name: "Chi bộ muộn", Kind: bontot.KindCell, ValidFrom: bontot.MustDate("01/01/2020")}, "HT.TRP")
				}
			}
			_, err := s.BulkLoad(ctx, produce)
			var e *bontot.Error
			if !errors.As(err, &e) || e.Code != tc.code || !strings.Contains(e.Message, tc.want) {
				t.Errorf("%s: err = %v, want %s mentioning %q", tc.name, err, tc.code, tc.want)
			}
			for _, table := range []string{"orgs", "members", "memberships", "org_events", "org_event_links", "audit_log"} {
				if n := countRows(t, s, table); n != 0 {
					t.Errorf("%s: %d rows left in %s", tc.name, n, table)
				}
			}
			if got := schemaObjects(t, s); !slices.Equal(got, schema) {
				t.Errorf("%s: schema changed:\n%s", tc.name, strings.Join(got, "\n"))
			}
		}

		// A producer's own error aborts the load too.
		boom := errors.New("boom")
		if _, err := s.BulkLoad(ctx, func(sink store.BulkSink) error {
			smallTree(100).produce(sink)
			return boom
		}); !errors.Is(err, boom) {
			t.Errorf("producer error: %v", err)
		}
		// After all these failures the database takes a good load.
		d := smallTree(50)
		if _, err := s.BulkLoad(ctx, d.produce); err != nil {
			t.Fatal(err)
		}
		if n := countRows(t, s, "members"); n != 50 {
			t.Errorf("members = %d", n)
		}
		if got := schemaObjects(t, s); !slices.Equal(got, schema) {
			t.Errorf("schema changed after a good load:\n%s", strings.Join(got, "\n"))
		}
	})
}

// TestBulkLoadKeys checks the stored keys of many generated and odd names
// (the load composes collation keys from cached words) against vn.
// Organizations get their keys from the functions CreateOrg uses, checked
// by TestBulkLoadEqualsNormalPath.
func TestBulkLoadKeys(t *testing.T) {
	s := MustOpen(t, store.SQLite)
	ctx := context.Background()
	odd := []string{
		"Nguyễn Văn Đức", "Nguyen Van Duc", "NGUYỄN VĂN ĐỨC", "Ngô Thị Ánh-Tuyết", "Đặng Thị Hồng O'Neil",
		"Lê A", "Trần Thị Minh Khai Nguyễn Thị Ngọc Bích", "Phan Thi\u0323 Lan", "Hoàng Văn Ư", "Hồ Ơ",
		"Vũ Thị Ỷ", "Lý Ðức", "Kim Nam-Su", "Trịnh Văn Ǆ", "Müller Hans", "Łukasz Ålberg", "Ða Ða",
		"Dương Thị Ḥa", "Nguyễn Văn \u0301A", "Ngô Văn Aʹ", "Ông Ích Khiêm", "Ưng Hoàng Phúc", "Âu Cơ", "Ấu Thị Ẫn",
		"Trần Ꭰ Ꭱ", "Phạm ไทย Lan", "Bùi 김 Hà", "Võ Thị Tuyết\u00a0Mai", "Mạc Đăng Dung", "Tôn Thất Thuyết",
	}
	r := rand.New(rand.NewPCG(3, 5))
	var names []string
	names = append(names, odd...)
	for range 20000 {
		names = append(names, syllableName(r))
	}
	orgNames := []string{"Chi bộ Tổ dân phố 4", "Chi bộ Thôn Ấp Bắc", "Chi bộ Trường THCS Lê Văn Thiêm", "Chi bộ Công ty CP Đầu tư & Phát triển",
		"Chi bộ Quân sự xã Ân Phú", "Chi bộ Ðiện lực", "Chi bộ ABC-12.3"}
	d := &bulkData{}
	d.orgs = append(d.orgs, bulkOrg{o: bontot.Org{Code: "R", Name: "Đảng bộ tỉnh Hà Tĩnh", ShortName: "Tỉnh ủy", Kind: bontot.KindSuperior, ValidFrom: bontot.MustDate("01/01/2015")}})
	for i, n := range orgNames {
		d.orgs = append(d.orgs, bulkOrg{o: bontot.Org{Code: fmt.Sprintf("R.C%d", i), Name: n, Kind: bontot.KindBaseCell, ValidFrom: bontot.MustDate("01/01/2015")}, parent: "R"})
	}
	for i, n := range names {
		m := synthMember(r, i+1)
		m.FullName = n
		d.members = append(d.members, bulkMember{m: m, org: fmt.Sprintf("R.C%d", i%len(orgNames))})
	}
	if _, err := s.BulkLoad(ctx, d.produce); err != nil {
		t.Fatal(err)
	}
	rows, err := s.DB().Query(`SELECT full_name, name_key, search_key, given_key FROM members ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var full, search, given string
		var key []byte
		if err := rows.Scan(&full, &key, &search, &given); err != nil {
			t.Fatal(err)
		}
		if want := vn.NameKey(full); !bytes.Equal(key, want) {
			t.Errorf("%q: name_key %x, want %x", full, key, want)
		}
		if want := vn.Fold(full); search != want {
			t.Errorf("%q: search_key %q, want %q", full, search, want)
		}
		if want := vn.Fold(vn.NameOrder(full)); given != want {
			t.Errorf("%q: given_key %q, want %q", full, given, want)
		}
		n++
	}
	if n != len(names) {
		t.Errorf("%d members, want %d", n, len(names))
	}
}

// syllableName makes a name of 2 to 5 random Vietnamese syllables with any
// tone, in any case: far more words than real names use.
func syllableName(r *rand.Rand) string {
	initials := []string{"", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"}
	vowels := []string{"a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "oa", "oe", "uy", "ươ", "iê", "uô", "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ua", "ui", "ưa", "ưi", "ưu", "uyê"}
	finals := []string{"", "", "c", "ch", "m", "n", "ng", "nh", "p", "t"}
	tones := []string{"", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
	n := 2 + r.IntN(4)
	words := make([]string, n)
	for i := range words {
		v := []rune(vowels[r.IntN(len(vowels))])
		pos := len(v) - 1
		if len(v) > 1 && r.IntN(2) == 0 {
			pos = 0
		}
		var w strings.Builder
		w.WriteString(initials[r.IntN(len(initials))])
		for j, c := range v {
			w.WriteRune(c)
			if j == pos {
				w.WriteString(tones[r.IntN(len(tones))])
			}
		}
		w.WriteString(finals[r.IntN(len(finals))])
		s := w.String()
		switch r.IntN(5) {
		case 0:
			s = strings.ToUpper(s)
		case 1, 2:
			rs := []rune(s)
			if len(rs) > 0 {
				s = strings.ToUpper(string(rs[0])) + string(rs[1:])
			}
		}
		if s == "" {
			s = "A"
		}
		words[i] = vn.Clean(s)
	}
	return strings.Join(words, " ")
}

var (
	familyNames = []string{"Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Mai", "Tạ"}
	maleMiddle  = []string{"Văn", "Văn", "Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Đình", "Xuân", "Thanh", "Ngọc", "Quốc", "Trọng"}
	femMiddle   = []string{"Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Hồng", "Minh", "Phương", "Thùy", "Bích"}
	maleGiven   = []string{"An", "Anh", "Bảo", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Đức", "Giang", "Hải", "Hiếu", "Hòa", "Hùng", "Huy", "Khang", "Khánh", "Khoa", "Kiên", "Lâm", "Long", "Mạnh", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tâm", "Thắng", "Thành", "Thịnh", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh"}
	femGiven    = []string{"Ánh", "Ân", "Bích", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng", "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung", "Oanh", "Phương", "Quyên", "Sương", "Tâm", "Thảo", "Thu", "Thủy", "Trang", "Tuyết", "Uyên", "Vân", "Xuân", "Yến"}
)

// synthMember makes a valid member with a Vietnamese name and the card
// number 36 followed by the zero-padded sequence number.
func synthMember(r *rand.Rand, seq int) bontot.Member {
	pick := func(l []string) string { return l[r.IntN(len(l))] }
	m := bontot.Member{Gender: bontot.Male, Position: bontot.PosMember}
	middle, given := maleMiddle, maleGiven
	if r.IntN(3) == 0 {
		m.Gender, middle, given = bontot.Female, femMiddle, femGiven
	}
	name := pick(familyNames) + " "
	for k := r.IntN(3); k > 0; k-- {
		name += pick(middle) + " "
	}
	m.FullName = name + pick(given)
	by := 1940 + r.IntN(65)
	m.BirthDate = bontot.NewDate(by, time.Month(1+r.IntN(12)), 1+r.IntN(28))
	ay := min(by+19+r.IntN(30), 2024)
	m.AdmittedDate = bontot.NewDate(ay, time.Month(1+r.IntN(12)), 1+r.IntN(28))
	switch x := r.IntN(100); {
	case x < 6 && ay >= 2024:
		m.Status = bontot.StatusProbation
	case x < 12:
		m.Status = bontot.StatusExempt
		m.FullMemberDate = bontot.DateOf(m.AdmittedDate.Time().AddDate(1, 0, 0))
	default:
		m.Status = bontot.StatusFull
		m.FullMemberDate = bontot.DateOf(m.AdmittedDate.Time().AddDate(1, 0, 0))
	}
	if m.FullMemberDate.After(bontot.MustDate("15/03/2025")) {
		m.Status, m.FullMemberDate = bontot.StatusProbation, bontot.Date{}
	}
	m.CardNumber = fmt.Sprintf("36%08d", seq)
	m.Phone = fmt.Sprintf("09%08d", r.IntN(100000000))
	switch r.IntN(20) {
	case 0:
		m.Position = bontot.PosSecretary
	case 1:
		m.Position = bontot.PosDeputySecretary
	case 2, 3:
		m.Position = bontot.PosCommittee
	}
	return m
}
