package store

import (
	"context"
	"fmt"

	"bontot"
)

// AddPractice records a good practice of a unit in a campaign year.
func (s *Store) AddPractice(ctx context.Context, a Actor, p *bontot.Practice) error {
	p.Normalize()
	if err := p.Validate(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *Tx) error {
		o, err := tx.org(p.OrgID)
		if err != nil {
			return err
		}
		c, err := tx.campaign(p.CampaignID)
		if err != nil {
			return err
		}
		if c.Year(p.Year) == nil {
			return bontot.Errorf(bontot.EINVALID, "Phong trào không có năm %d.", p.Year)
		}
		p.OrgName, p.OrgPath, p.Username, p.CreatedAt = o.Name, o.Path, a.Username, tx.now
		p.ID, err = tx.insert(`INSERT INTO good_practices (campaign_id, year, org_id, org_path, title, description, username, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, p.CampaignID, p.Year, p.OrgID, o.Path, p.Title, p.Description, a.Username, tx.now)
		if err != nil {
			return err
		}
		return tx.audit(a, "practice.create", "practice", p.ID, o.Path, fmt.Sprintf("Ghi nhận cách làm hay “%s” của %s", p.Title, o.Name), nil)
	})
}

// Practices lists the good practices of a campaign in a subtree, for a year
// (0: every year), newest first, at most limit.
func (s *Store) Practices(ctx context.Context, campaignID int64, year int, under string, limit int) ([]*bontot.Practice, error) {
	lo, hi := subtreeRange(under)
	q := `SELECT g.id, g.campaign_id, g.year, g.org_id, o.name, g.org_path, g.title, g.description, g.username, g.created_at
		FROM good_practices g JOIN orgs o ON o.id = g.org_id WHERE g.campaign_id = ? AND g.org_path >= ? AND g.org_path < ?`
	args := []any{campaignID, lo, hi}
	if year != 0 {
		q += ` AND g.year = ?`
		args = append(args, year)
	}
	rows, err := s.db.QueryContext(ctx, s.rebind(q+` ORDER BY g.year DESC, g.created_at DESC, g.id DESC LIMIT ?`), append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*bontot.Practice
	for rows.Next() {
		p := &bontot.Practice{}
		if err := rows.Scan(&p.ID, &p.CampaignID, &p.Year, &p.OrgID, &p.OrgName, &p.OrgPath, &p.Title, &p.Description, &p.Username, &p.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
