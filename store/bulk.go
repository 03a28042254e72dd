package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"bontot"
	"bontot/vn"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// BulkSink receives the data to load. Organizations must come parents first,
// and all organizations before any member. Both methods return the error
// that aborts the load, if any, so that a producer can stop early; the
// load fails all the same if a producer ignores it.
type BulkSink interface {
	// Org adds an organization under the organization with code parentCode
	// ("" for a root). It reads o.Code, Name, ShortName, Kind, Subtype,
	// ValidFrom, ValidTo and Decision.
	Org(o *bontot.Org, parentCode string) error
	// Member registers a member officially in the cell with code orgCode
	// from the date since (today when zero). It reads FullName, Gender, the
	// dates, Status, CardNumber, Position and Phone.
	Member(m *bontot.Member, orgCode string, since bontot.Date) error
}

// BulkStats reports what BulkLoad loaded and how long each phase took.
type BulkStats struct {
	Orgs, Members int
	Load          time.Duration // reading, checking and writing the rows, indexes dropped
	Index         time.Duration // rebuilding indexes (and, on PostgreSQL, foreign keys), ANALYZE (and VACUUM)
	Total         time.Duration
}

// BulkLoad loads into an empty database everything produce sends to the
// sink: the same rows, keys, paths, stored counts, memberships and lineage
// events as CreateOrg and CreateMember would write, plus one audit entry
// for the whole load. It is all or nothing: the first invalid row aborts
// the load with a Vietnamese error naming the row, and the database stays
// empty. A database that already has organizations or members is refused
// (ECONFLICT).
//
// It is built for the national register (millions of members): ids are
// assigned here, paths and counts are computed in memory, collation keys
// are computed on every core, the secondary indexes are dropped during the
// load and rebuilt after it, and rows go in by multi-row INSERTs (SQLite)
// or COPY (PostgreSQL) in one transaction. On SQLite the load holds up to a
// third of the machine's memory (at most 8 GiB) as page cache, on a
// connection of its own that is closed afterwards.
//
// produce runs in the caller's goroutine and must call the sink from that
// goroutine only. The structs it passes may be reused after each call. The
// audit entry names the System actor.
func (s *Store) BulkLoad(ctx context.Context, produce func(BulkSink) error) (BulkStats, error) {
	start := time.Now()
	now := s.Now().UTC().Truncate(time.Microsecond)
	l := &bulkLoader{
		pg: s.engine == Postgres, now: now, stamp: now, today: s.Today(),
		byCode: map[string]int32{},
	}
	var err error
	if l.pg {
		err = s.bulkPostgres(ctx, l, produce)
	} else {
		err = s.bulkSQLite(ctx, l, produce)
	}
	if err == nil { // the word index of the organizations, as CreateOrg writes it
		err = s.tx(ctx, (*Tx).reindexOrgWords)
	}
	st := BulkStats{Orgs: len(l.orgs), Members: int(l.members), Load: l.loadTime, Index: l.indexTime, Total: time.Since(start)}
	if err != nil {
		return BulkStats{Total: st.Total}, err
	}
	return st, nil
}

// bulkRows is the number of members in one batch of the pipeline, and of
// rows in one multi-row INSERT on SQLite (members have 15 parameters a row:
// well under SQLite's limit of 32766).
const bulkRows = 256

// bulkTables must be empty before a load; bulkIndexTables lose their
// secondary indexes during it.
var (
	bulkTables      = []string{"orgs", "members", "memberships", "org_events", "org_event_links"}
	bulkIndexTables = []string{"orgs", "members", "memberships", "org_event_links"}
)

// bulkLoader holds the state of one load. The producer (the caller's
// goroutine) checks organizations and numbers members; key workers check
// members and compute their keys; one writer writes batches in order.
type bulkLoader struct {
	pg    bool
	now   time.Time
	stamp any // now as the engine takes it
	today bontot.Date

	orgs   []bulkOrg
	byCode map[string]int32
	direct []int32 // members registered directly in each org; set when the first member arrives

	members int64 // members received, which is also the last id given
	cur     *bulkBatch

	ctx     context.Context // cancelled when the load fails
	cancel  context.CancelFunc
	work    chan *bulkBatch // to the key workers
	ordered chan *bulkBatch // to the writer, in stream order
	free    chan *bulkBatch
	workers sync.WaitGroup
	written chan error

	failed atomic.Bool
	mu     sync.Mutex
	err    error

	orgKeysDone   chan struct{}
	orgNameKeys   [][]byte
	orgSearchKeys []string

	// PostgreSQL writes memberships after members (COPY is one table at a
	// time): the cell and start date of each member, in id order.
	msOrg   []int32
	msSince []int32 // days since 1970-01-01

	loadTime, indexTime time.Duration
}

type bulkOrg struct {
	o      bontot.Org
	parent int32 // index in orgs, -1 for a root
}

// bulkMember is one member on its way through the pipeline.
type bulkMember struct {
	m       bontot.Member
	orgCode string
	since   bontot.Date
	// Set by the key workers.
	org   int32
	start any     // membership from_date, as the engine takes it
	vals  [17]any // the members row: id … org_path, created_at, updated_at
}

type bulkBatch struct {
	rows  []bulkMember
	n     int
	first int64 // id of rows[0]
	done  chan struct{}
	err   error
}

var memberBulkColumns = []string{"id", "full_name", "name_key", "search_key", "given_key", "gender", "birth_date", "admitted_date",
	"full_member_date", "status", "card_number", "position", "phone", "org_id", "org_path", "created_at", "updated_at"}

// fail records the first error of the load and stops the pipeline.
func (l *bulkLoader) fail(err error) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.err == nil {
		l.err = err
		l.failed.Store(true)
		if l.cancel != nil {
			l.cancel()
		}
	}
	return l.err
}

func (l *bulkLoader) firstErr() error {
	if !l.failed.Load() {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.err
}

// Org implements BulkSink.
func (l *bulkLoader) Org(in *bontot.Org, parentCode string) error {
	if err := l.firstErr(); err != nil {
		return err
	}
	n := len(l.orgs) + 1
	if l.direct != nil {
		return l.fail(bontot.Errorf(bontot.EINVALID, "Tổ chức thứ %d (“%s”) đến sau đảng viên: phải nạp mọi tổ chức trước đảng viên.", n, in.Code))
	}
	o := *in
	o.Normalize()
	label := fmt.Sprintf("Tổ chức “%s”", o.Code)
	if o.Code == "" {
		label = fmt.Sprintf("Tổ chức thứ %d (“%s”)", n, o.Name)
	}
	if err := o.Validate(); err != nil {
		return l.fail(bulkRowError(label, err))
	}
	if _, dup := l.byCode[o.Code]; dup {
		return l.fail(&bontot.Error{Code: bontot.ECONFLICT, Message: fmt.Sprintf("Mã tổ chức “%s” đã được dùng.", o.Code),
			Fields: map[string]string{"code": "Mã này đã được dùng cho tổ chức khác."}})
	}
	parent := int32(-1)
	if pc := normCode(parentCode); pc == "" {
		if o.Kind != bontot.KindSuperior {
			return l.fail(&bontot.Error{Code: bontot.EINVALID, Message: label + ": chỉ cấp ủy cấp trên cơ sở mới có thể là gốc của cây tổ chức.",
				Fields: map[string]string{"parent": "Vui lòng chọn tổ chức cấp trên."}})
		}
	} else {
		p, ok := l.byCode[pc]
		if !ok {
			return l.fail(&bontot.Error{Code: bontot.EINVALID, Message: fmt.Sprintf("%s: không tìm thấy tổ chức cấp trên có mã “%s” (tổ chức cấp trên phải được nạp trước).", label, pc),
				Fields: map[string]string{"parent": "Không tìm thấy tổ chức cấp trên."}})
		}
		if pk := l.orgs[p].o.Kind; !o.Kind.CanBeChildOf(pk) {
			return l.fail(&bontot.Error{Code: bontot.EINVALID, Message: fmt.Sprintf("%s: %s không thể trực thuộc %s (“%s”).", label, o.Kind.Label(), strings.ToLower(pk.Label()), pc),
				Fields: map[string]string{"parent": "Tổ chức cấp trên không phù hợp với loại tổ chức."}})
		}
		parent = p
	}
	o.ID = int64(n)
	o.ParentID, o.ParentName, o.Path, o.Depth = 0, "", "/"+strconv.Itoa(n)+"/", 0
	if parent >= 0 {
		po := &l.orgs[parent].o
		o.ParentID, o.ParentName, o.Path, o.Depth = po.ID, po.Name, po.Path+strconv.Itoa(n)+"/", po.Depth+1
	}
	o.MemberCount, o.CellCount, o.OrgCount, o.ChildCount = 0, 0, 0, 0
	o.CreatedAt, o.UpdatedAt = l.now, l.now
	l.orgs = append(l.orgs, bulkOrg{o: o, parent: parent})
	l.byCode[o.Code] = int32(n - 1)
	return nil
}

// Member implements BulkSink. It only copies the member into the current
// batch: the checks and keys are done by the key workers.
func (l *bulkLoader) Member(m *bontot.Member, orgCode string, since bontot.Date) error {
	if err := l.firstErr(); err != nil {
		return err
	}
	if l.direct == nil {
		// From here on orgs and byCode are only read, by the workers.
		l.direct = make([]int32, len(l.orgs))
		l.startOrgKeys()
	}
	b := l.cur
	if b == nil {
		select {
		case b = <-l.free:
		default:
			b = &bulkBatch{rows: make([]bulkMember, bulkRows)}
		}
		b.n, b.err, b.first = 0, nil, l.members+1
		l.cur = b
	}
	r := &b.rows[b.n]
	r.m, r.orgCode, r.since = *m, orgCode, since
	b.n++
	l.members++
	if b.n == len(b.rows) {
		return l.dispatch()
	}
	return nil
}

// dispatch sends the current batch to the workers and, in order, to the writer.
func (l *bulkLoader) dispatch() error {
	b := l.cur
	if b == nil || b.n == 0 {
		return nil
	}
	l.cur = nil
	b.done = make(chan struct{})
	select {
	case l.ordered <- b:
	case <-l.ctx.Done():
		return l.firstErr()
	}
	select {
	case l.work <- b:
	case <-l.ctx.Done():
		return l.firstErr()
	}
	return nil
}

// run starts the pipeline with the given writer, runs produce, and waits
// until every member is written.
func (l *bulkLoader) run(produce func(BulkSink) error, write func() error) error {
	l.ctx, l.cancel = context.WithCancel(context.Background())
	defer l.cancel()
	nw := max(runtime.NumCPU(), 1)
	l.work = make(chan *bulkBatch, 4*nw)
	l.ordered = make(chan *bulkBatch, 8*nw)
	l.free = make(chan *bulkBatch, 12*nw)
	l.written = make(chan error, 1)
	for range nw {
		l.workers.Add(1)
		go l.keyWorker(newKeyer())
	}
	go func() {
		err := write()
		if err != nil {
			l.fail(err)
		}
		l.written <- err
	}()
	// stop lets the workers and the writer finish what was sent, or drop it
	// once the load has failed, and waits for them.
	stop := func() {
		close(l.ordered)
		close(l.work)
		l.workers.Wait()
		<-l.written
	}
	defer func() {
		if r := recover(); r != nil {
			l.fail(fmt.Errorf("store: bulk load: panic in the producer: %v", r))
			stop()
			panic(r)
		}
	}()
	if err := produce(l); err != nil {
		l.fail(err)
	}
	if l.firstErr() == nil {
		l.dispatch()
	}
	stop()
	if err := l.firstErr(); err != nil {
		return err
	}
	if l.direct == nil {
		l.direct = make([]int32, len(l.orgs))
	}
	return nil
}

func (l *bulkLoader) keyWorker(k *keyer) {
	defer l.workers.Done()
	for b := range l.work {
		if err := l.firstErr(); err != nil {
			b.err = err // not prepared: must not be written
		} else {
			l.prepare(b, k)
		}
		close(b.done)
	}
}

// next returns the next batch for the writer, in stream order, once its
// keys are computed; nil at the end or when the load has failed.
func (l *bulkLoader) next() (*bulkBatch, error) {
	var b *bulkBatch
	select {
	case b = <-l.ordered:
	case <-l.ctx.Done():
		return nil, l.firstErr()
	}
	if b == nil {
		return nil, nil
	}
	select {
	case <-b.done:
	case <-l.ctx.Done():
		return nil, l.firstErr()
	}
	if b.err != nil {
		return nil, b.err
	}
	return b, nil
}

// recycle gives a written batch back to the producer.
func (l *bulkLoader) recycle(b *bulkBatch) {
	select {
	case l.free <- b:
	default:
	}
}

// prepare checks the members of a batch and computes their rows.
func (l *bulkLoader) prepare(b *bulkBatch, k *keyer) {
	for i := 0; i < b.n; i++ {
		if err := l.prepareMember(&b.rows[i], b.first+int64(i), k); err != nil {
			b.err = err
			return
		}
	}
}

func (l *bulkLoader) prepareMember(r *bulkMember, id int64, k *keyer) error {
	m := &r.m
	m.Normalize()
	label := func() string {
		return fmt.Sprintf("Đảng viên thứ %d (%s, chi bộ %s)", id, m.FullName, r.orgCode)
	}
	if err := m.Validate(l.today); err != nil {
		return bulkRowError(label(), err)
	}
	idx, ok := l.byCode[r.orgCode]
	if !ok {
		idx, ok = l.byCode[normCode(r.orgCode)]
	}
	if !ok {
		return &bontot.Error{Code: bontot.EINVALID, Message: fmt.Sprintf("%s: không tìm thấy chi bộ có mã “%s”.", label(), r.orgCode),
			Fields: map[string]string{"org": "Không tìm thấy chi bộ."}}
	}
	org := &l.orgs[idx].o
	if !org.Kind.IsCell() {
		return &bontot.Error{Code: bontot.EINVALID, Message: fmt.Sprintf("%s: “%s” (mã %s) không phải là chi bộ: đảng viên chỉ sinh hoạt ở chi bộ.", label(), org.Name, org.Code),
			Fields: map[string]string{"org": "Vui lòng chọn một chi bộ."}}
	}
	if !org.ValidTo.IsZero() {
		return bontot.Errorf(bontot.EINVALID, "%s: “%s” (mã %s) đã hết hiệu lực từ %s.", label(), org.Name, org.Code, org.ValidTo)
	}
	since := r.since
	if since.IsZero() {
		since = l.today
	}
	nameKey, search, given, err := k.memberKeys(m.FullName)
	if err != nil {
		return err
	}
	atomic.AddInt32(&l.direct[idx], 1)
	r.org = idx
	r.start = l.date(since)
	v := &r.vals
	v[0], v[1], v[2], v[3], v[4] = id, m.FullName, nameKey, search, given
	v[5], v[6], v[7], v[8] = string(m.Gender), l.date(m.BirthDate), l.date(m.AdmittedDate), l.date(m.FullMemberDate)
	v[9], v[10], v[11], v[12] = string(m.Status), nullStr(m.CardNumber), string(m.Position), m.Phone
	v[13], v[14], v[15], v[16] = org.ID, org.Path, l.stamp, l.stamp
	return nil
}

// date returns d as the engine takes it: yyyy-mm-dd text for SQLite (what
// bontot.Date.Value gives), time.Time for PostgreSQL's binary COPY; nil
// for the zero date.
func (l *bulkLoader) date(d bontot.Date) any {
	if d.IsZero() {
		return nil
	}
	if l.pg {
		return d.Time()
	}
	y, m, dd := d.Time().Date()
	if y < 0 || y > 9999 {
		return d.ISO()
	}
	b := [10]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + int(m)/10), byte('0' + int(m)%10), '-', byte('0' + dd/10), byte('0' + dd%10)}
	return string(b[:])
}

// finishOrgs computes the stored counts from the members per cell, bottom
// up (children come after their parents).
func (l *bulkLoader) finishOrgs() {
	for i := len(l.orgs) - 1; i >= 0; i-- {
		o := &l.orgs[i].o
		o.MemberCount += int(l.direct[i])
		if o.Kind.IsCell() {
			o.CellCount++
		}
		if p := l.orgs[i].parent; p >= 0 {
			po := &l.orgs[p].o
			po.MemberCount += o.MemberCount
			po.CellCount += o.CellCount
			po.OrgCount += o.OrgCount + 1
			po.ChildCount++
		}
	}
}

// startOrgKeys computes name_key and search_key of every organization,
// with the functions CreateOrg uses, in the background: it starts when the
// tree is complete (at the first member), beside the member pipeline.
func (l *bulkLoader) startOrgKeys() {
	if l.orgKeysDone != nil {
		return
	}
	l.orgKeysDone = make(chan struct{})
	l.orgNameKeys, l.orgSearchKeys = make([][]byte, len(l.orgs)), make([]string, len(l.orgs))
	go func() {
		defer close(l.orgKeysDone)
		for i := range l.orgs {
			if l.failed.Load() {
				return
			}
			o := &l.orgs[i].o
			l.orgNameKeys[i], l.orgSearchKeys[i] = vn.OrgKey(o.Name), orgSearchKey(o)
		}
	}()
}

// orgKeys waits for the keys of the organizations.
func (l *bulkLoader) orgKeys() ([][]byte, []string) {
	l.startOrgKeys()
	<-l.orgKeysDone
	return l.orgNameKeys, l.orgSearchKeys
}

// orgRow returns the orgs row of org i (without created_at, updated_at).
func (l *bulkLoader) orgRow(i int, key []byte, search string) []any {
	o := &l.orgs[i].o
	return []any{o.ID, o.Code, o.Name, o.ShortName, string(o.Kind), string(o.Subtype), nullInt(o.ParentID), o.Path, int64(o.Depth),
		l.date(o.ValidFrom), l.date(o.ValidTo), o.Decision, key, search, int64(o.MemberCount), int64(o.CellCount), int64(o.OrgCount), int64(o.ChildCount)}
}

var orgBulkColumns = []string{"id", "code", "name", "short_name", "kind", "subtype", "parent_id", "path", "depth", "valid_from", "valid_to", "decision",
	"name_key", "search_key", "member_count", "cell_count", "org_count", "child_count", "created_at", "updated_at"}

// audit returns the summary and the changes of the audit entry of the load.
func (l *bulkLoader) audit() (summary string, changes string) {
	summary = fmt.Sprintf("Nạp dữ liệu hàng loạt: %s tổ chức, %s đảng viên", formatCount(len(l.orgs)), formatCount(int(l.members)))
	b, _ := json.Marshal([]bontot.Change{{Field: "Số tổ chức", New: formatCount(len(l.orgs))}, {Field: "Số đảng viên", New: formatCount(int(l.members))}})
	return summary, string(b)
}

// formatCount writes n with dots between thousands, as Vietnamese does: 5.600.000.
func formatCount(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + formatCount(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}

// normCode normalizes an organization code the way Org.Normalize does.
func normCode(code string) string { return strings.ToUpper(vn.Clean(code)) }

// bulkRowError puts the row's label in front of a validation error and
// spells out the messages of its fields.
func bulkRowError(label string, err error) error {
	var e *bontot.Error
	if !errors.As(err, &e) {
		return fmt.Errorf("%s: %w", label, err)
	}
	msg := e.Message
	if len(e.Fields) > 0 {
		fields := make([]string, 0, len(e.Fields))
		for f := range e.Fields {
			fields = append(fields, f)
		}
		sort.Strings(fields)
		msgs := make([]string, len(fields))
		for i, f := range fields {
			msgs[i] = e.Fields[f]
		}
		msg = strings.Join(msgs, " ")
	}
	return &bontot.Error{Code: e.Code, Message: label + ": " + msg, Fields: e.Fields}
}

func errNotEmpty() error {
	return bontot.Errorf(bontot.ECONFLICT, "Cơ sở dữ liệu đã có dữ liệu (tổ chức, đảng viên): chỉ nạp dữ liệu hàng loạt vào cơ sở dữ liệu trống.")
}

func errDuplicateCard(card string) error {
	return &bontot.Error{Code: bontot.ECONFLICT, Message: fmt.Sprintf("Số thẻ đảng viên %s bị trùng: nhiều đảng viên trong dữ liệu nạp có cùng số thẻ.", card),
		Fields: map[string]string{"card_number": "Số thẻ này đã được dùng cho một đảng viên khác."}}
}

// bulkIndex is a secondary index dropped for the load and created after it.
type bulkIndex struct{ name, table, def string }

// ---------------------------------------------------------------- SQLite

func (s *Store) bulkSQLite(ctx context.Context, l *bulkLoader, produce func(BulkSink) error) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// The connection is tuned for the load below, and holds a page cache as
	// large as the data: it does not go back to the pool.
	defer conn.Raw(func(any) error { return driver.ErrBadConn })
	exec := func(q string, args ...any) error {
		_, err := conn.ExecContext(ctx, q, args...)
		return err
	}
	// foreign_keys cannot change inside a transaction, so it is set first.
	// Foreign keys need no checking here: every id is assigned by this load.
	// A page cache as large as the data keeps every page of the transaction
	// in memory until the commit (spilling to the WAL halfway doubles the
	// time of a national load); SQLite allocates it only as pages are used.
	// threads lets CREATE INDEX sort on every core; analysis_limit makes
	// ANALYZE sample instead of reading every index whole.
	for _, q := range []string{
		`PRAGMA foreign_keys = OFF`,
		`PRAGMA synchronous = OFF`,
		`PRAGMA cache_size = ` + strconv.FormatInt(-bulkCacheBytes()/1024, 10),
		`PRAGMA temp_store = MEMORY`,
		`PRAGMA threads = ` + strconv.Itoa(min(runtime.NumCPU(), 8)),
		`PRAGMA analysis_limit = 1000`,
	} {
		if err := exec(q); err != nil {
			return err
		}
	}
	// One transaction, begun and ended by hand: the inserts run on the
	// driver's connection itself (Conn.Raw), without database/sql's
	// conversion of every argument.
	if err := exec(`BEGIN IMMEDIATE`); err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	done := false
	defer func() {
		if !done {
			conn.ExecContext(context.Background(), `ROLLBACK`)
		}
	}()
	start := time.Now()
	for _, t := range bulkTables {
		var n int
		if err := conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM `+t+` LIMIT 1)`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return errNotEmpty()
		}
	}
	// The driver writes a time as text; format it once the way it does.
	var stamp []byte
	if err := conn.QueryRowContext(ctx, `SELECT CAST(? AS BLOB)`, l.now).Scan(&stamp); err != nil {
		return err
	}
	l.stamp = string(stamp)
	indexes, err := sqliteIndexes(ctx, conn)
	if err != nil {
		return err
	}
	for _, ix := range indexes {
		if err := exec(`DROP INDEX "` + ix.name + `"`); err != nil {
			return err
		}
	}
	err = l.run(produce, func() error {
		return conn.Raw(func(dc any) error { return l.writeMembersSQLite(ctx, dc) })
	})
	if err != nil {
		return err
	}
	l.finishOrgs()
	keys, search := l.orgKeys()
	if err := l.firstErr(); err != nil {
		return err
	}
	if err := conn.Raw(func(dc any) error { return l.writeOrgsSQLite(ctx, dc, keys, search) }); err != nil {
		return err
	}
	l.loadTime = time.Since(start)
	start = time.Now()
	for _, ix := range indexes {
		if err := exec(ix.def); err != nil {
			if isUnique(err) && ix.table == "members" && strings.Contains(ix.def, "card_number") {
				var card string
				if qerr := conn.QueryRowContext(ctx, `SELECT card_number FROM members WHERE card_number IS NOT NULL GROUP BY card_number HAVING COUNT(*) > 1 LIMIT 1`).Scan(&card); qerr == nil {
					return errDuplicateCard(card)
				}
			}
			return fmt.Errorf("store: bulk load: create index %s: %w", ix.name, err)
		}
	}
	summary, changes := l.audit()
	if err := exec(`INSERT INTO audit_log (at, user_id, username, action, entity, entity_id, org_path, summary, changes, ip)
		VALUES (?, NULL, ?, 'org.import', 'org', 0, '', ?, ?, '')`, l.now, System.Username, summary, changes); err != nil {
		return err
	}
	if err := exec(`ANALYZE`); err != nil {
		return err
	}
	if err := exec(`COMMIT`); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	done = true
	// The transaction went through the WAL; copy it into the database and
	// give the disk space back.
	exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	l.indexTime = time.Since(start)
	return nil
}

// bulkCacheBytes is the page cache of a load on SQLite: a third of the
// memory of the machine (or of its cgroup, if less), from 256 MiB to 8 GiB.
// The national register of 5.6 million members takes 4.5 GB. Where the
// memory cannot be read, 1 GiB.
func bulkCacheBytes() int64 {
	const mib = 1 << 20
	total := int64(0)
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for line := range strings.Lines(string(b)) {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "MemTotal:" {
				if kb, err := strconv.ParseInt(f[1], 10, 64); err == nil {
					total = kb * 1024
				}
			}
		}
	}
	for _, p := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		if b, err := os.ReadFile(p); err == nil {
			if n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil && n > 0 && (total == 0 || n < total) {
				total = n
			}
		}
	}
	if total == 0 {
		return 1024 * mib
	}
	return min(max(total/3, 256*mib), 8192*mib)
}

// sqliteIndexes returns the secondary indexes of the loaded tables, in the
// order they were created. Indexes behind PRIMARY KEY and UNIQUE
// constraints have no SQL and stay.
func sqliteIndexes(ctx context.Context, conn *sql.Conn) ([]bulkIndex, error) {
	rows, err := conn.QueryContext(ctx, `SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
		AND tbl_name IN (`+placeholders(len(bulkIndexTables))+`) ORDER BY rowid`, stringArgs(bulkIndexTables)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bulkIndex
	for rows.Next() {
		var ix bulkIndex
		if err := rows.Scan(&ix.name, &ix.table, &ix.def); err != nil {
			return nil, err
		}
		out = append(out, ix)
	}
	return out, rows.Err()
}

// sqlQuote returns s as an SQL string literal.
func sqlQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func stringArgs(v []string) []any {
	out := make([]any, len(v))
	for i, s := range v {
		out[i] = s
	}
	return out
}

// multiRowSQL returns head followed by n copies of the row template,
// separated by commas. Parameters are plain ?: modernc looks up the name of
// every parameter when binding, which is quadratic with numbered ones.
func multiRowSQL(head, row string, n int) string {
	var b strings.Builder
	b.Grow(len(head) + n*(len(row)+2))
	b.WriteString(head)
	for r := 0; r < n; r++ {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	return b.String()
}

// sqliteInserter runs a multi-row INSERT on the driver's connection:
// prepared once for full chunks of bulkRows rows, and once more for the
// last, shorter chunk. Its values must be driver.Values already (int64,
// string, []byte, nil).
type sqliteInserter struct {
	ctx       context.Context
	conn      driver.ConnPrepareContext
	head, row string
	per       int // parameters a row
	full      driver.Stmt
	args      []driver.NamedValue
}

func newSQLiteInserter(ctx context.Context, dc any, head, row string) (*sqliteInserter, error) {
	conn, ok := dc.(driver.ConnPrepareContext)
	if !ok {
		return nil, fmt.Errorf("store: bulk load: driver connection %T cannot prepare", dc)
	}
	in := &sqliteInserter{ctx: ctx, conn: conn, head: head, row: row, per: strings.Count(row, "?")}
	var err error
	in.full, err = conn.PrepareContext(ctx, multiRowSQL(head, row, bulkRows))
	return in, err
}

func (in *sqliteInserter) Close() error { return in.full.Close() }

// exec inserts the rows whose parameters are vals.
func (in *sqliteInserter) exec(vals []any) error {
	n := len(vals) / in.per
	if n == 0 {
		return nil
	}
	in.args = in.args[:0]
	for i, v := range vals {
		in.args = append(in.args, driver.NamedValue{Ordinal: i + 1, Value: v})
	}
	st := in.full
	if n != bulkRows {
		var err error
		if st, err = in.conn.PrepareContext(in.ctx, multiRowSQL(in.head, in.row, n)); err != nil {
			return err
		}
		defer st.Close()
	}
	_, err := st.(driver.StmtExecContext).ExecContext(in.ctx, in.args)
	return err
}

// insertAll inserts n rows, row(i) appending the parameters of row i.
func (in *sqliteInserter) insertAll(n int, row func(args []any, i int) []any) error {
	args := make([]any, 0, in.per*bulkRows)
	for i := 0; i < n; {
		args = args[:0]
		for j := 0; j < bulkRows && i < n; j, i = j+1, i+1 {
			args = row(args, i)
		}
		if err := in.exec(args); err != nil {
			return err
		}
	}
	return nil
}

func (l *bulkLoader) writeMembersSQLite(ctx context.Context, dc any) error {
	// The time of the load is the same in every row: a literal, not two
	// more parameters to bind a row.
	stamp := sqlQuote(l.stamp.(string))
	mi, err := newSQLiteInserter(ctx, dc, `INSERT INTO members (`+strings.Join(memberBulkColumns, ", ")+`) VALUES `,
		`(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, `+stamp+`, `+stamp+`)`)
	if err != nil {
		return err
	}
	defer mi.Close()
	si, err := newSQLiteInserter(ctx, dc, `INSERT INTO memberships (id, member_id, org_id, kind, from_date) VALUES `,
		`(?, ?, ?, 'official', ?)`)
	if err != nil {
		return err
	}
	defer si.Close()
	margs := make([]any, 0, mi.per*bulkRows)
	sargs := make([]any, 0, si.per*bulkRows)
	for {
		b, err := l.next()
		if b == nil || err != nil {
			return err
		}
		margs, sargs = margs[:0], sargs[:0]
		for i := 0; i < b.n; i++ {
			r := &b.rows[i]
			margs = append(margs, r.vals[:15]...)
			sargs = append(sargs, r.vals[0], r.vals[0], r.vals[13], r.start)
		}
		if err := mi.exec(margs); err != nil {
			return err
		}
		if err := si.exec(sargs); err != nil {
			return err
		}
		l.recycle(b)
	}
}

func (l *bulkLoader) writeOrgsSQLite(ctx context.Context, dc any, keys [][]byte, search []string) error {
	stamp := sqlQuote(l.stamp.(string))
	oi, err := newSQLiteInserter(ctx, dc, `INSERT INTO orgs (`+strings.Join(orgBulkColumns, ", ")+`) VALUES `,
		`(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, `+stamp+`, `+stamp+`)`)
	if err != nil {
		return err
	}
	defer oi.Close()
	if err := oi.insertAll(len(l.orgs), func(args []any, i int) []any {
		return append(args, l.orgRow(i, keys[i], search[i])...)
	}); err != nil {
		return err
	}
	ei, err := newSQLiteInserter(ctx, dc, `INSERT INTO org_events (id, kind, event_date, decision, note, user_id, created_at) VALUES `,
		`(?, 'create', ?, ?, ?, NULL, `+stamp+`)`)
	if err != nil {
		return err
	}
	defer ei.Close()
	if err := ei.insertAll(len(l.orgs), func(args []any, i int) []any {
		o := &l.orgs[i].o
		return append(args, o.ID, l.date(o.ValidFrom), o.Decision, "Thành lập "+o.Name)
	}); err != nil {
		return err
	}
	li, err := newSQLiteInserter(ctx, dc, `INSERT INTO org_event_links (event_id, org_id, role) VALUES `, `(?, ?, 'target')`)
	if err != nil {
		return err
	}
	defer li.Close()
	return li.insertAll(len(l.orgs), func(args []any, i int) []any {
		id := l.orgs[i].o.ID
		return append(args, id, id)
	})
}

// ------------------------------------------------------------ PostgreSQL

func (s *Store) bulkPostgres(ctx context.Context, l *bulkLoader, produce func(BulkSink) error) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var loadErr error
	err = conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			loadErr = fmt.Errorf("store: bulk load: unexpected driver connection %T", dc)
			return nil
		}
		loadErr = l.loadPostgres(ctx, sc.Conn(), produce)
		if loadErr != nil && sc.Conn().PgConn().TxStatus() != 'I' {
			// A connection left inside a transaction goes, not back to the pool.
			return driver.ErrBadConn
		}
		return nil
	})
	if loadErr != nil {
		return loadErr
	}
	return err
}

// pgConstraint is a foreign key dropped for the load and added after it.
type pgConstraint struct{ table, name, def string }

func (l *bulkLoader) loadPostgres(ctx context.Context, pc *pgx.Conn, produce func(BulkSink) error) (err error) {
	tx, err := pc.Begin(ctx)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer func() {
		if err != nil {
			tx.Rollback(context.Background())
		}
	}()
	start := time.Now()
	for _, q := range []string{
		`SET LOCAL maintenance_work_mem = '1GB'`,
		`SET LOCAL synchronous_commit = off`,
		`LOCK TABLE ` + strings.Join(bulkTables, ", ") + ` IN EXCLUSIVE MODE`,
	} {
		if _, err := tx.Exec(ctx, q); err != nil {
			return err
		}
	}
	for _, t := range bulkTables {
		var found bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+t+`)`).Scan(&found); err != nil {
			return err
		}
		if found {
			return errNotEmpty()
		}
	}
	indexes, fks, err := pgIndexesAndKeys(ctx, tx)
	if err != nil {
		return err
	}
	// Foreign keys are checked row by row during COPY, which would cost more
	// than the COPY itself; added back after the load, each is checked by
	// one join.
	for _, fk := range fks {
		if _, err := tx.Exec(ctx, `ALTER TABLE `+fk.table+` DROP CONSTRAINT `+pgx.Identifier{fk.name}.Sanitize()); err != nil {
			return err
		}
	}
	for _, ix := range indexes {
		if _, err := tx.Exec(ctx, `DROP INDEX `+pgx.Identifier{ix.name}.Sanitize()); err != nil {
			return err
		}
	}
	err = l.run(produce, func() error {
		src := &pgMemberSource{l: l}
		_, err := tx.CopyFrom(ctx, pgx.Identifier{"members"}, memberBulkColumns, src)
		if src.err != nil {
			return src.err
		}
		return err
	})
	if err != nil {
		return err
	}
	l.finishOrgs()
	keys, search := l.orgKeys()
	if err := l.firstErr(); err != nil {
		return err
	}
	copies := []struct {
		table string
		cols  []string
		n     int
		row   func(i int) ([]any, error)
	}{
		{"memberships", []string{"id", "member_id", "org_id", "kind", "from_date"}, len(l.msOrg), func(i int) ([]any, error) {
			id := int64(i + 1)
			return []any{id, id, l.orgs[l.msOrg[i]].o.ID, string(bontot.Official), time.Unix(int64(l.msSince[i])*86400, 0).UTC()}, nil
		}},
		{"orgs", orgBulkColumns, len(l.orgs), func(i int) ([]any, error) {
			return append(l.orgRow(i, keys[i], search[i]), l.now, l.now), nil
		}},
		{"org_events", []string{"id", "kind", "event_date", "decision", "note", "created_at"}, len(l.orgs), func(i int) ([]any, error) {
			o := &l.orgs[i].o
			return []any{o.ID, string(bontot.EventCreate), l.date(o.ValidFrom), o.Decision, "Thành lập " + o.Name, l.now}, nil
		}},
		{"org_event_links", []string{"event_id", "org_id", "role"}, len(l.orgs), func(i int) ([]any, error) {
			id := l.orgs[i].o.ID
			return []any{id, id, "target"}, nil
		}},
	}
	for _, c := range copies {
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{c.table}, c.cols, pgx.CopyFromSlice(c.n, c.row)); err != nil {
			return fmt.Errorf("store: bulk load: copy %s: %w", c.table, err)
		}
	}
	l.loadTime = time.Since(start)
	start = time.Now()
	for _, ix := range indexes {
		// A savepoint, so that a duplicate card number can be looked up and named.
		if _, err := tx.Exec(ctx, `SAVEPOINT bulk_index`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, ix.def); err != nil {
			if isUnique(err) && ix.table == "members" && strings.Contains(ix.def, "card_number") {
				var card string
				if _, rerr := tx.Exec(ctx, `ROLLBACK TO SAVEPOINT bulk_index`); rerr == nil {
					if qerr := tx.QueryRow(ctx, `SELECT card_number FROM members WHERE card_number IS NOT NULL GROUP BY card_number HAVING COUNT(*) > 1 LIMIT 1`).Scan(&card); qerr == nil {
						return errDuplicateCard(card)
					}
				}
			}
			return fmt.Errorf("store: bulk load: create index %s: %w", ix.name, err)
		}
	}
	for _, fk := range fks {
		if _, err := tx.Exec(ctx, `ALTER TABLE `+fk.table+` ADD CONSTRAINT `+pgx.Identifier{fk.name}.Sanitize()+` `+fk.def); err != nil {
			return fmt.Errorf("store: bulk load: foreign key %s: %w", fk.name, err)
		}
	}
	// Ids were given here: the identity sequences continue after them.
	for _, t := range []string{"orgs", "members", "memberships", "org_events"} {
		if _, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM `+t); err != nil {
			return err
		}
	}
	summary, changes := l.audit()
	if _, err := tx.Exec(ctx, `INSERT INTO audit_log (at, user_id, username, action, entity, entity_id, org_path, summary, changes, ip)
		VALUES ($1, NULL, $2, 'org.import', 'org', 0, '', $3, $4, '')`, l.now, System.Username, summary, changes); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	// VACUUM as well as ANALYZE: it sets the hint bits and the visibility map
	// of the freshly copied rows, without which the first minutes of use are
	// slow (every read dirties pages) and index-only scans visit the heap.
	if _, err := pc.Exec(ctx, `VACUUM (ANALYZE) `+strings.Join(bulkTables, ", ")); err != nil {
		return err
	}
	l.indexTime = time.Since(start)
	return nil
}

// pgIndexesAndKeys returns the secondary indexes (not those behind primary
// key, unique or exclusion constraints) and the foreign keys of the loaded
// tables, as their definitions.
func pgIndexesAndKeys(ctx context.Context, tx pgx.Tx) ([]bulkIndex, []pgConstraint, error) {
	rows, err := tx.Query(ctx, `SELECT i.relname, t.relname, pg_get_indexdef(i.oid) FROM pg_index x
		JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
		WHERE t.relnamespace = current_schema()::regnamespace AND t.relname = ANY($1)
		AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.contype IN ('p', 'u', 'x'))
		ORDER BY i.oid`, bulkIndexTables)
	if err != nil {
		return nil, nil, err
	}
	var indexes []bulkIndex
	for rows.Next() {
		var ix bulkIndex
		if err := rows.Scan(&ix.name, &ix.table, &ix.def); err != nil {
			rows.Close()
			return nil, nil, err
		}
		indexes = append(indexes, ix)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	rows, err = tx.Query(ctx, `SELECT t.relname, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
		WHERE c.contype = 'f' AND t.relnamespace = current_schema()::regnamespace AND t.relname = ANY($1) ORDER BY c.oid`, bulkTables)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var fks []pgConstraint
	for rows.Next() {
		var fk pgConstraint
		if err := rows.Scan(&fk.table, &fk.name, &fk.def); err != nil {
			return nil, nil, err
		}
		fks = append(fks, fk)
	}
	return indexes, fks, rows.Err()
}

// pgMemberSource feeds the members COPY from the pipeline, and keeps what
// the memberships COPY needs.
type pgMemberSource struct {
	l   *bulkLoader
	b   *bulkBatch
	i   int
	err error
}

func (src *pgMemberSource) Next() bool {
	l := src.l
	if src.b != nil && src.i+1 < src.b.n {
		src.i++
		return true
	}
	if src.b != nil {
		l.recycle(src.b)
		src.b = nil
	}
	b, err := l.next()
	if err != nil {
		src.err = err
		return false
	}
	if b == nil {
		return false
	}
	for i := 0; i < b.n; i++ {
		r := &b.rows[i]
		l.msOrg = append(l.msOrg, r.org)
		l.msSince = append(l.msSince, int32(r.start.(time.Time).Unix()/86400))
	}
	src.b, src.i = b, 0
	return true
}

func (src *pgMemberSource) Values() ([]any, error) { return src.b.rows[src.i].vals[:], nil }

func (src *pgMemberSource) Err() error { return src.err }

// ------------------------------------------------------------------ keys

// keyer computes what memberKeys computes, byte for byte, from parts cached
// per word. A collation key is the primary weights of all the characters,
// then 00 00 and the secondary weights, then 00 00 and the tertiary
// weights; the collator gives each word the same weights alone as inside
// a name, so the key of "w1 w2" is made of the parts of w1, of the space
// and of w2. Names are made of a few thousand different words, and the
// collator costs microseconds a call. Text outside Latin letters, or with
// a word that begins with a combining mark, takes the slow path; and one
// name in keyCheckEvery is checked against memberKeys. One keyer per
// goroutine.
type keyer struct {
	full, l2, l1 *collate.Collator
	buf          collate.Buffer
	words        map[string]*wordParts
	space        *wordParts
	n            uint32
	parts        []*wordParts
}

type wordParts struct {
	fold    string
	p, s, t []byte
	ok      bool
}

// keyCheckEvery: one key in this many is also computed the slow way, and
// a difference fails the load. keyerWords bounds the cache of a keyer.
const (
	keyCheckEvery = 64
	keyerWords    = 1 << 17
)

func newKeyer() *keyer {
	k := &keyer{
		full:  collate.New(language.Vietnamese),
		l2:    collate.New(language.Vietnamese, collate.IgnoreCase),
		l1:    collate.New(language.Vietnamese, collate.IgnoreCase, collate.IgnoreDiacritics),
		words: map[string]*wordParts{},
	}
	k.space = k.word(" ")
	return k
}

// word returns the parts of one word (or of the space).
func (k *keyer) word(w string) *wordParts {
	if wp, ok := k.words[w]; ok {
		return wp
	}
	wp := &wordParts{fold: vn.Fold(w)}
	k.buf.Reset()
	full := append([]byte(nil), k.full.KeyFromString(&k.buf, w)...)
	k.buf.Reset()
	l2 := append([]byte(nil), k.l2.KeyFromString(&k.buf, w)...)
	k.buf.Reset()
	l1 := append([]byte(nil), k.l1.KeyFromString(&k.buf, w)...)
	if len(l2) >= len(l1)+2 && len(full) >= len(l2)+2 && string(full[:len(l2)]) == string(l2) && string(l2[:len(l1)]) == string(l1) &&
		full[len(l2)] == 0 && full[len(l2)+1] == 0 && l2[len(l1)] == 0 && l2[len(l1)+1] == 0 {
		wp.p, wp.s, wp.t, wp.ok = l1, l2[len(l1)+2:], full[len(l2)+2:], true
	}
	if w != " " && wp.fold == "" {
		wp.ok = false
	}
	if len(k.words) >= keyerWords {
		// Not names, or not Vietnamese ones: keep the memory bounded.
		clear(k.words)
		k.words[" "] = k.space
	}
	k.words[strings.Clone(w)] = wp
	return wp
}

// split returns the parts of the space-separated words of s, or false when
// s must take the slow path.
func (k *keyer) split(s string) ([]*wordParts, bool) {
	k.parts = k.parts[:0]
	wordStart := true
	for _, r := range s {
		switch {
		case r == ' ':
			wordStart = true
			continue
		case r >= 0x250 && (r < 0x1E00 || r > 0x1EFF) && (r < 0x300 || r > 0x36F):
			return nil, false
		case unicode.IsSpace(r):
			return nil, false
		case wordStart && (unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || unicode.Is(unicode.Me, r)):
			return nil, false
		}
		wordStart = false
	}
	for w := range strings.SplitSeq(s, " ") {
		if w == "" {
			continue
		}
		wp := k.word(w)
		if !wp.ok {
			return nil, false
		}
		k.parts = append(k.parts, wp)
	}
	return k.parts, true
}

// compose builds the collation key of the words joined by single spaces.
func (k *keyer) compose(words []*wordParts) []byte {
	n := 4
	for i, w := range words {
		n += len(w.p) + len(w.s) + len(w.t)
		if i > 0 {
			n += len(k.space.p) + len(k.space.s) + len(k.space.t)
		}
	}
	key := make([]byte, 0, n)
	for i, w := range words {
		if i > 0 {
			key = append(key, k.space.p...)
		}
		key = append(key, w.p...)
	}
	key = append(key, 0, 0)
	for i, w := range words {
		if i > 0 {
			key = append(key, k.space.s...)
		}
		key = append(key, w.s...)
	}
	key = append(key, 0, 0)
	for i, w := range words {
		if i > 0 {
			key = append(key, k.space.t...)
		}
		key = append(key, w.t...)
	}
	return key
}

func joinFolds(words []*wordParts) string {
	n := len(words) - 1
	for _, w := range words {
		n += len(w.fold)
	}
	var b strings.Builder
	b.Grow(n)
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w.fold)
	}
	return b.String()
}

// memberKeys returns what memberKeys returns for a cleaned full name.
func (k *keyer) memberKeys(full string) (nameKey []byte, search, given string, err error) {
	words, ok := k.split(full)
	if !ok || len(words) < 2 || strings.Contains(full, "  ") || strings.HasPrefix(full, " ") || strings.HasSuffix(full, " ") {
		nameKey, search, given = memberKeys(full)
		return nameKey, search, given, nil
	}
	search = joinFolds(words)
	// NameOrder: given name first, then family name, then middle names.
	n := len(words)
	last := words[n-1]
	copy(words[1:], words[:n-1])
	words[0] = last
	given = joinFolds(words)
	nameKey = k.compose(words)
	// Now and then, compare with the slow way: a difference is a bug, and
	// fails the load rather than storing keys that sort wrong.
	if k.n++; k.n%keyCheckEvery == 0 {
		if wk, ws, wg := memberKeys(full); string(wk) != string(nameKey) || ws != search || wg != given {
			return nil, "", "", fmt.Errorf("store: bulk load: the keys of %q differ from memberKeys; this is a bug", full)
		}
	}
	return nameKey, search, given, nil
}
