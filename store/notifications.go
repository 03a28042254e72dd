package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"bontot"
)

// Notification is an in-app reminder to a unit, shown on the home page of
// the people of that unit.
type Notification struct {
	ID        int64
	OrgID     int64
	Text      string
	Link      string
	Sender    string
	SenderOrg string
	CreatedAt time.Time
}

// MaxNotify is the most units one reminder is sent to.
const MaxNotify = 5000

// Notify sends the same reminder to every unit of orgIDs, in one
// transaction, with one audit entry filed under the sender's organization.
func (s *Store) Notify(ctx context.Context, a Actor, from *bontot.Org, orgIDs []int64, text, link string) (int, error) {
	text = strings.Join(strings.Fields(text), " ")
	if text == "" {
		return 0, &bontot.Error{Code: bontot.EINVALID, Message: "Vui lòng nhập nội dung nhắc nhở.", Fields: map[string]string{"text": "Vui lòng nhập nội dung nhắc nhở."}}
	}
	if len(orgIDs) == 0 {
		return 0, bontot.Errorf(bontot.EINVALID, "Không có đơn vị nào để nhắc.")
	}
	if len(orgIDs) > MaxNotify {
		return 0, bontot.Errorf(bontot.EINVALID, "Mỗi lần nhắc tối đa %d đơn vị; hãy chọn một tổ chức cấp dưới.", MaxNotify)
	}
	err := s.tx(ctx, func(tx *Tx) error {
		for start := 0; start < len(orgIDs); start += 300 {
			end := min(start+300, len(orgIDs))
			var rows []string
			var args []any
			for _, id := range orgIDs[start:end] {
				rows = append(rows, "(?, ?, ?, ?, ?, ?)")
				args = append(args, id, text, link, a.Username, from.Name, tx.now)
			}
			if _, err := tx.Exec(`INSERT INTO notifications (org_id, text, link, sender, sender_org, created_at) VALUES `+strings.Join(rows, ", "), args...); err != nil {
				return err
			}
		}
		return tx.audit(a, "notification.send", "org", from.ID, from.Path, fmt.Sprintf("Nhắc nhở %d đơn vị: %s", len(orgIDs), text), nil)
	})
	return len(orgIDs), err
}

// Notifications returns the reminders sent to the given units since a time, newest first.
func (s *Store) Notifications(ctx context.Context, orgIDs []int64, since time.Time, limit int) ([]*Notification, error) {
	if len(orgIDs) == 0 {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT id, org_id, text, link, sender, sender_org, created_at FROM notifications
		WHERE org_id IN (`+placeholders(len(orgIDs))+`) AND created_at >= ? ORDER BY created_at DESC, id DESC LIMIT ?`),
		append(int64Args(orgIDs), since, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Notification
	for rows.Next() {
		n := &Notification{}
		if err := rows.Scan(&n.ID, &n.OrgID, &n.Text, &n.Link, &n.Sender, &n.SenderOrg, &n.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// Recipient is a person to whom a unit's reminder is also e-mailed.
type Recipient struct {
	Email    string
	FullName string
	OrgID    int64
	OrgName  string
}

// Recipients returns who gets the e-mail of a reminder sent to the units of
// orgIDs: the enabled accounts with an address that hold a role on one of
// the units itself, and so see the reminder on their home page (every role
// but a party member's). One row per address and unit, by address then unit.
func (s *Store) Recipients(ctx context.Context, orgIDs []int64) ([]Recipient, error) {
	if len(orgIDs) == 0 {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT u.email, u.full_name, g.role, o.id, o.name
		FROM grants g JOIN users u ON u.id = g.user_id JOIN orgs o ON o.id = g.org_id
		WHERE g.org_id IN (`+placeholders(len(orgIDs))+`) AND u.email <> '' AND u.disabled = ?
		ORDER BY u.email, o.id`), append(int64Args(orgIDs), false)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Recipient
	for rows.Next() {
		var r Recipient
		var role bontot.Role
		if err := rows.Scan(&r.Email, &r.FullName, &role, &r.OrgID, &r.OrgName); err != nil {
			return nil, err
		}
		if !role.Has(bontot.PermReadTree) {
			continue
		}
		if n := len(out); n > 0 && out[n-1].Email == r.Email && out[n-1].OrgID == r.OrgID {
			continue // two roles on the same unit
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
