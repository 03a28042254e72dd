package store

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"bontot"
	"bontot/scoring"
)

// scaleProblems turns a scale's problems into one EINVALID error.
func scaleProblems(ps []scoring.Problem) error {
	if len(ps) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString("Thang điểm chưa hợp lệ: ")
	for i, p := range ps {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString(p.Message)
	}
	e := &bontot.Error{Code: bontot.EINVALID, Message: b.String(), Fields: map[string]string{}}
	for _, p := range ps {
		if _, ok := e.Fields[p.Code]; !ok {
			e.Fields[p.Code] = p.Message
		}
	}
	return e
}

const scaleColumns = `id, family, version, kind, subtype, body, frozen, note, created_at, updated_at`

func scanScale(sc interface{ Scan(...any) error }) (*bontot.ScaleVersion, error) {
	v := &bontot.ScaleVersion{}
	var body string
	if err := sc.Scan(&v.ID, &v.Family, &v.Version, &v.Kind, &v.Subtype, &body, &v.Frozen, &v.Note, &v.CreatedAt, &v.UpdatedAt); err != nil {
		return nil, err
	}
	v.Scale = &scoring.Scale{}
	if err := json.Unmarshal([]byte(body), v.Scale); err != nil {
		return nil, fmt.Errorf("store: scale %d: %w", v.ID, err)
	}
	return v, nil
}

// CreateScale stores a new scale (version 1 of a new family, unless Family
// is set to an existing family, in which case it becomes that family's next version).
func (s *Store) CreateScale(ctx context.Context, a Actor, v *bontot.ScaleVersion) error {
	if v.Scale == nil {
		return bontot.Errorf(bontot.EINVALID, "Thang điểm trống.")
	}
	v.Kind = v.Scale.Kind
	if err := scaleProblems(v.Scale.Check()); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *Tx) error { return tx.createScale(a, v) })
}

func (tx *Tx) createScale(a Actor, v *bontot.ScaleVersion) error {
	body, err := json.Marshal(v.Scale)
	if err != nil {
		return err
	}
	if v.Family == "" {
		v.Family = "thang-diem-" + strconv.FormatInt(tx.now.UnixNano(), 36)
	}
	if err := tx.QueryRow(`SELECT COALESCE(MAX(version), 0) + 1 FROM scales WHERE family = ?`, v.Family).Scan(&v.Version); err != nil {
		return err
	}
	v.CreatedAt, v.UpdatedAt, v.Frozen = tx.now, tx.now, false
	v.ID, err = tx.insert(`INSERT INTO scales (family, version, kind, subtype, name, body, frozen, note, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, v.Family, v.Version, string(v.Kind), string(v.Subtype), v.Scale.Name, string(body), false, v.Note, tx.now, tx.now)
	if err != nil {
		return err
	}
	return tx.audit(a, "scale.create", "scale", v.ID, "", fmt.Sprintf("Tạo thang điểm “%s”, phiên bản %d", v.Scale.Name, v.Version), nil)
}

// Scale returns one scale version.
func (s *Store) Scale(ctx context.Context, id int64) (*bontot.ScaleVersion, error) {
	var v *bontot.ScaleVersion
	err := s.read(ctx, func(tx *Tx) error {
		var err error
		v, err = tx.scale(id)
		if err != nil {
			return err
		}
		return tx.fillScaleUse([]*bontot.ScaleVersion{v})
	})
	return v, err
}

func (tx *Tx) scale(id int64) (*bontot.ScaleVersion, error) {
	v, err := scanScale(tx.QueryRow(`SELECT `+scaleColumns+` FROM scales WHERE id = ?`, id))
	return v, notFound(err, "thang điểm")
}

// Scales returns every scale version, newest version of each family first.
func (s *Store) Scales(ctx context.Context) ([]*bontot.ScaleVersion, error) {
	var out []*bontot.ScaleVersion
	err := s.read(ctx, func(tx *Tx) error {
		rows, err := tx.Query(`SELECT ` + scaleColumns + ` FROM scales ORDER BY kind, family, version DESC`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			v, err := scanScale(rows)
			if err != nil {
				return err
			}
			out = append(out, v)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return tx.fillScaleUse(out)
	})
	return out, err
}

// fillScaleUse lists, for each version, the campaign years that score with it.
func (tx *Tx) fillScaleUse(vs []*bontot.ScaleVersion) error {
	if len(vs) == 0 {
		return nil
	}
	byID := map[int64]*bontot.ScaleVersion{}
	ids := make([]int64, 0, len(vs))
	for _, v := range vs {
		byID[v.ID] = v
		ids = append(ids, v.ID)
	}
	rows, err := tx.Query(`SELECT y.scale_id, c.name, y.year FROM campaign_year_scales y JOIN campaigns c ON c.id = y.campaign_id
		WHERE y.scale_id IN (`+placeholders(len(ids))+`) ORDER BY y.year, c.id`, int64Args(ids)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		var year int
		if err := rows.Scan(&id, &name, &year); err != nil {
			return err
		}
		byID[id].UsedBy = append(byID[id].UsedBy, fmt.Sprintf("%s — năm %d", name, year))
	}
	return rows.Err()
}

// UpdateScale changes a scale version that no campaign year uses yet.
// A frozen version refuses: make a new version with NewScaleVersion.
func (s *Store) UpdateScale(ctx context.Context, a Actor, id int64, sc *scoring.Scale, note string) error {
	if err := scaleProblems(sc.Check()); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *Tx) error {
		v, err := tx.scale(id)
		if err != nil {
			return err
		}
		if v.Frozen {
			return bontot.Errorf(bontot.ECONFLICT, "Thang điểm “%s” phiên bản %d đã được dùng để đánh giá nên không sửa được; hãy tạo phiên bản mới.", v.Scale.Name, v.Version)
		}
		if sc.Kind != v.Kind {
			return bontot.Errorf(bontot.EINVALID, "Không đổi được loại đơn vị của thang điểm.")
		}
		body, err := json.Marshal(sc)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE scales SET name = ?, body = ?, note = ?, updated_at = ? WHERE id = ?`, sc.Name, string(body), note, tx.now, id); err != nil {
			return err
		}
		return tx.audit(a, "scale.update", "scale", id, "", fmt.Sprintf("Sửa thang điểm “%s”, phiên bản %d", sc.Name, v.Version), nil)
	})
}

// NewScaleVersion makes the next version of a scale's family from sc.
func (s *Store) NewScaleVersion(ctx context.Context, a Actor, fromID int64, sc *scoring.Scale, note string) (*bontot.ScaleVersion, error) {
	if err := scaleProblems(sc.Check()); err != nil {
		return nil, err
	}
	var v *bontot.ScaleVersion
	err := s.tx(ctx, func(tx *Tx) error {
		from, err := tx.scale(fromID)
		if err != nil {
			return err
		}
		if sc.Kind != from.Kind {
			return bontot.Errorf(bontot.EINVALID, "Không đổi được loại đơn vị của thang điểm.")
		}
		v = &bontot.ScaleVersion{Family: from.Family, Kind: from.Kind, Subtype: from.Subtype, Scale: sc, Note: note}
		return tx.createScale(a, v)
	})
	return v, err
}

// campaignColumns and campaignFrom read a campaign with its organizations' names.
const campaignColumns = `c.id, c.name, c.issuer_org_id, i.name, c.scope_org_id, sc.name, sc.path, c.from_year, c.to_year, c.quota,
	COALESCE(c.copied_from, 0), c.created_at, c.updated_at`
const campaignFrom = ` FROM campaigns c JOIN orgs i ON i.id = c.issuer_org_id JOIN orgs sc ON sc.id = c.scope_org_id`

func scanCampaign(sc interface{ Scan(...any) error }) (*bontot.Campaign, error) {
	c := &bontot.Campaign{}
	err := sc.Scan(&c.ID, &c.Name, &c.IssuerID, &c.IssuerName, &c.ScopeID, &c.ScopeName, &c.ScopePath, &c.FromYear, &c.ToYear, &c.Quota,
		&c.CopiedFrom, &c.CreatedAt, &c.UpdatedAt)
	return c, err
}

// CreateCampaign stores a campaign with its documents and years, freezes the
// scales its years use and opens an assessment for every participating unit
// (cells, chi bộ cơ sở and đảng bộ cơ sở of the scope) in every year.
func (s *Store) CreateCampaign(ctx context.Context, a Actor, c *bontot.Campaign) error {
	c.Normalize()
	if err := c.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *Tx) error { return tx.createCampaign(a, c) })
}

func (tx *Tx) createCampaign(a Actor, c *bontot.Campaign) error {
	scope, err := tx.org(c.ScopeID)
	if err != nil {
		return err
	}
	issuer, err := tx.org(c.IssuerID)
	if err != nil {
		return err
	}
	c.ScopePath, c.ScopeName, c.IssuerName = scope.Path, scope.Name, issuer.Name
	c.CreatedAt, c.UpdatedAt = tx.now, tx.now
	c.ID, err = tx.insert(`INSERT INTO campaigns (name, issuer_org_id, scope_org_id, from_year, to_year, quota, copied_from, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.Name, c.IssuerID, c.ScopeID, c.FromYear, c.ToYear, c.Quota, nullInt(c.CopiedFrom), tx.now, tx.now)
	if err != nil {
		return err
	}
	if err := tx.saveDocuments(c); err != nil {
		return err
	}
	for i := range c.Years {
		if err := tx.saveYear(c, &c.Years[i], true); err != nil {
			return err
		}
	}
	return tx.audit(a, "campaign.create", "campaign", c.ID, scope.Path, fmt.Sprintf("Tạo phong trào “%s” (%d–%d)", c.Name, c.FromYear, c.ToYear), nil)
}

func (tx *Tx) saveDocuments(c *bontot.Campaign) error {
	if _, err := tx.Exec(`DELETE FROM campaign_documents WHERE campaign_id = ?`, c.ID); err != nil {
		return err
	}
	n := 0
	for _, d := range c.Documents {
		if d.Number == "" && d.Title == "" {
			continue
		}
		if _, err := tx.Exec(`INSERT INTO campaign_documents (campaign_id, position, number, doc_date, title) VALUES (?, ?, ?, ?, ?)`,
			c.ID, n, d.Number, d.Date, d.Title); err != nil {
			return err
		}
		n++
	}
	return nil
}

// saveYear writes a year's deadlines and scales. A new year opens its assessments.
func (tx *Tx) saveYear(c *bontot.Campaign, y *bontot.CampaignYear, isNew bool) error {
	date := func(d bontot.Date) any {
		if d.IsZero() {
			return nil
		}
		return d
	}
	if isNew {
		if _, err := tx.Exec(`INSERT INTO campaign_years (campaign_id, year, self_deadline, review_deadline, approval_deadline, locked) VALUES (?, ?, ?, ?, ?, ?)`,
			c.ID, y.Year, date(y.SelfDeadline), date(y.ReviewDeadline), date(y.ApprovalDeadline), false); err != nil {
			return err
		}
	} else if _, err := tx.Exec(`UPDATE campaign_years SET self_deadline = ?, review_deadline = ?, approval_deadline = ? WHERE campaign_id = ? AND year = ?`,
		date(y.SelfDeadline), date(y.ReviewDeadline), date(y.ApprovalDeadline), c.ID, y.Year); err != nil {
		return err
	}
	if !isNew {
		return nil
	}
	for _, ys := range y.Scales {
		v, err := tx.scale(ys.ScaleID)
		if err != nil {
			return err
		}
		if v.Kind != ys.Kind {
			return bontot.Errorf(bontot.EINVALID, "Thang điểm “%s” không dành cho loại đơn vị này.", v.Scale.Name)
		}
		if _, err := tx.Exec(`INSERT INTO campaign_year_scales (campaign_id, year, kind, subtype, scale_id) VALUES (?, ?, ?, ?, ?)`,
			c.ID, y.Year, string(ys.Kind), string(ys.Subtype), ys.ScaleID); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE scales SET frozen = ? WHERE id = ?`, true, ys.ScaleID); err != nil {
			return err
		}
	}
	if y.ScaleFor(scoring.KindCell, "") == 0 || y.ScaleFor(scoring.KindCommittee, "") == 0 {
		return bontot.Errorf(bontot.EINVALID, "Năm %d cần một thang điểm cho chi bộ và một cho đảng bộ cơ sở.", y.Year)
	}
	return tx.openYear(c, y)
}

// Campaign returns a campaign with its documents and years.
func (s *Store) Campaign(ctx context.Context, id int64) (*bontot.Campaign, error) {
	var c *bontot.Campaign
	err := s.read(ctx, func(tx *Tx) error {
		var err error
		c, err = tx.campaign(id)
		return err
	})
	return c, err
}

func (tx *Tx) campaign(id int64) (*bontot.Campaign, error) {
	c, err := scanCampaign(tx.QueryRow(`SELECT `+campaignColumns+campaignFrom+` WHERE c.id = ?`, id))
	if err != nil {
		return nil, notFound(err, "phong trào")
	}
	return c, tx.fillCampaigns([]*bontot.Campaign{c})
}

// Campaigns returns every campaign whose scope overlaps the subtree at path
// (its scope contains path, or lies inside it), newest period first.
func (s *Store) Campaigns(ctx context.Context, path string) ([]*bontot.Campaign, error) {
	var out []*bontot.Campaign
	err := s.read(ctx, func(tx *Tx) error {
		rows, err := tx.Query(`SELECT ` + campaignColumns + campaignFrom + ` ORDER BY c.from_year DESC, c.id DESC`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanCampaign(rows)
			if err != nil {
				return err
			}
			if path == "" || strings.HasPrefix(path, c.ScopePath) || strings.HasPrefix(c.ScopePath, path) {
				out = append(out, c)
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		return tx.fillCampaigns(out)
	})
	return out, err
}

func (tx *Tx) fillCampaigns(cs []*bontot.Campaign) error {
	if len(cs) == 0 {
		return nil
	}
	byID := map[int64]*bontot.Campaign{}
	ids := make([]int64, 0, len(cs))
	for _, c := range cs {
		byID[c.ID] = c
		ids = append(ids, c.ID)
	}
	// Three queries for all the campaigns, in batches.
	for start := 0; start < len(ids); start += 500 {
		batch := ids[start:min(start+500, len(ids))]
		in := `(` + placeholders(len(batch)) + `)`
		args := int64Args(batch)
		rows, err := tx.Query(`SELECT campaign_id, number, doc_date, title FROM campaign_documents WHERE campaign_id IN `+in+` ORDER BY campaign_id, position`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var d bontot.Document
			if err := rows.Scan(&id, &d.Number, &d.Date, &d.Title); err != nil {
				rows.Close()
				return err
			}
			byID[id].Documents = append(byID[id].Documents, d)
		}
		rows.Close()
		rows, err = tx.Query(`SELECT campaign_id, year, self_deadline, review_deadline, approval_deadline, locked FROM campaign_years WHERE campaign_id IN `+in+` ORDER BY campaign_id, year`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var y bontot.CampaignYear
			if err := rows.Scan(&id, &y.Year, &y.SelfDeadline, &y.ReviewDeadline, &y.ApprovalDeadline, &y.Locked); err != nil {
				rows.Close()
				return err
			}
			byID[id].Years = append(byID[id].Years, y)
		}
		rows.Close()
		rows, err = tx.Query(`SELECT y.campaign_id, y.year, y.kind, y.subtype, y.scale_id, s.name, s.version FROM campaign_year_scales y JOIN scales s ON s.id = y.scale_id
			WHERE y.campaign_id IN `+in+` ORDER BY y.campaign_id, y.year, y.kind, y.subtype`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var year int
			var ys bontot.YearScale
			if err := rows.Scan(&id, &year, &ys.Kind, &ys.Subtype, &ys.ScaleID, &ys.ScaleName, &ys.Version); err != nil {
				rows.Close()
				return err
			}
			if y := byID[id].Year(year); y != nil {
				y.Scales = append(y.Scales, ys)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// UpdateCampaign changes a campaign's name, documents, quota and deadlines.
// Years, scope and scales are not changed here (scales change by ApplyScale).
func (s *Store) UpdateCampaign(ctx context.Context, a Actor, c *bontot.Campaign) error {
	c.Normalize()
	if err := c.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *Tx) error {
		old, err := tx.campaign(c.ID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE campaigns SET name = ?, quota = ?, updated_at = ? WHERE id = ?`, c.Name, c.Quota, tx.now, c.ID); err != nil {
			return err
		}
		if err := tx.saveDocuments(c); err != nil {
			return err
		}
		for i := range c.Years {
			if old.Year(c.Years[i].Year) == nil {
				return bontot.Errorf(bontot.EINVALID, "Phong trào không có năm %d.", c.Years[i].Year)
			}
			if err := tx.saveYear(old, &c.Years[i], false); err != nil {
				return err
			}
		}
		var changes []bontot.Change
		if old.Name != c.Name {
			changes = append(changes, bontot.Change{Field: "Tên", Old: old.Name, New: c.Name})
		}
		if old.Quota != c.Quota {
			changes = append(changes, bontot.Change{Field: "Tỷ lệ xuất sắc tối đa", Old: old.Quota.String() + "%", New: c.Quota.String() + "%"})
		}
		return tx.audit(a, "campaign.update", "campaign", c.ID, old.ScopePath, fmt.Sprintf("Sửa phong trào “%s”", c.Name), changes)
	})
}

// CopyCampaign starts a new period from an existing campaign: same issuer,
// scope, quota and documents; the years of the new period use the newest
// version of each scale family the last year of the old one used, and the
// same deadlines shifted by the years between.
func (s *Store) CopyCampaign(ctx context.Context, a Actor, fromID int64, name string, fromYear, toYear int) (*bontot.Campaign, error) {
	var c *bontot.Campaign
	err := s.tx(ctx, func(tx *Tx) error {
		old, err := tx.campaign(fromID)
		if err != nil {
			return err
		}
		c = &bontot.Campaign{Name: name, IssuerID: old.IssuerID, ScopeID: old.ScopeID, FromYear: fromYear, ToYear: toYear,
			Quota: old.Quota, Documents: old.Documents, CopiedFrom: old.ID}
		c.Normalize()
		if err := c.Validate(); err != nil {
			return err
		}
		if len(old.Years) == 0 {
			return bontot.Errorf(bontot.EINVALID, "Phong trào gốc chưa có năm đánh giá nào.")
		}
		last := old.Years[len(old.Years)-1]
		var scales []bontot.YearScale
		for _, ys := range last.Scales {
			v, err := tx.scale(ys.ScaleID)
			if err != nil {
				return err
			}
			var newest int64
			if err := tx.QueryRow(`SELECT id FROM scales WHERE family = ? ORDER BY version DESC LIMIT 1`, v.Family).Scan(&newest); err != nil {
				return err
			}
			scales = append(scales, bontot.YearScale{Kind: ys.Kind, Subtype: ys.Subtype, ScaleID: newest})
		}
		shift := func(d bontot.Date, by int) bontot.Date {
			if d.IsZero() {
				return d
			}
			return bontot.DateOf(d.Time().AddDate(by, 0, 0))
		}
		for y := fromYear; y <= toYear; y++ {
			by := y - last.Year
			c.Years = append(c.Years, bontot.CampaignYear{Year: y, SelfDeadline: shift(last.SelfDeadline, by),
				ReviewDeadline: shift(last.ReviewDeadline, by), ApprovalDeadline: shift(last.ApprovalDeadline, by), Scales: scales})
		}
		return tx.createCampaign(a, c)
	})
	if err != nil {
		return nil, err
	}
	return s.Campaign(ctx, c.ID)
}

// openYear creates a draft assessment for every participating unit of the
// campaign's scope that exists in the year.
func (tx *Tx) openYear(c *bontot.Campaign, y *bontot.CampaignYear) error {
	lo, hi := subtreeRange(c.ScopePath)
	rows, err := tx.Query(`SELECT id, path, kind, subtype FROM orgs WHERE path >= ? AND path < ? AND kind IN ('cell', 'base_cell', 'base_committee')
		AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?)`, lo, hi, bontot.NewDate(y.Year, 12, 31), bontot.NewDate(y.Year, 1, 1))
	if err != nil {
		return err
	}
	type unit struct {
		id            int64
		path          string
		kind, subtype string
	}
	var units []unit
	for rows.Next() {
		var u unit
		if err := rows.Scan(&u.id, &u.path, &u.kind, &u.subtype); err != nil {
			rows.Close()
			return err
		}
		units = append(units, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	sort.Slice(units, func(i, j int) bool { return units[i].path < units[j].path })
	// Many rows at a time, then the counters once: a national year is 350,000 units.
	const batch = 300
	for start := 0; start < len(units); start += batch {
		end := min(start+batch, len(units))
		rows := make([]string, 0, end-start)
		args := make([]any, 0, (end-start)*9)
		for _, u := range units[start:end] {
			kind, _ := bontot.AssessedAs(bontot.OrgKind(u.kind))
			scaleID := y.ScaleFor(kind, bontot.OrgSubtype(u.subtype))
			if scaleID == 0 {
				return bontot.Errorf(bontot.EINVALID, "Năm %d chưa có thang điểm cho loại đơn vị này.", y.Year)
			}
			rows = append(rows, "(?, ?, ?, ?, ?, ?, ?, ?, ?)")
			args = append(args, c.ID, y.Year, u.id, u.path, string(kind), scaleID, string(bontot.StatusDraft), tx.now, tx.now)
		}
		if _, err := tx.Exec(`INSERT INTO assessments (campaign_id, year, org_id, org_path, kind, scale_id, status, created_at, updated_at) VALUES `+
			strings.Join(rows, ", "), args...); err != nil {
			return err
		}
	}
	return tx.rebuildRollup(c.ID, y.Year)
}
