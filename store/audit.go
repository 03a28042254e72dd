package store

import (
	"context"
	"encoding/json"
	"strings"

	"bontot"
)

// audit appends an entry to the audit log inside the transaction.
func (tx *Tx) audit(a Actor, action, entity string, entityID int64, orgPath, summary string, changes []bontot.Change) error {
	if changes == nil {
		changes = []bontot.Change{}
	}
	b, err := json.Marshal(changes)
	if err != nil {
		return err
	}
	_, err = tx.Exec(`INSERT INTO audit_log (at, user_id, username, action, entity, entity_id, org_path, summary, changes, ip)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, tx.now, nullInt(a.UserID), a.Username, action, entity, entityID, orgPath, summary, string(b), a.IP)
	return err
}

// Audit appends one entry outside any other change: reads of personal
// records, logins, exports.
func (s *Store) Audit(ctx context.Context, a Actor, action, entity string, entityID int64, orgPath, summary string) error {
	return s.tx(ctx, func(tx *Tx) error { return tx.audit(a, action, entity, entityID, orgPath, summary, nil) })
}

// AuditEntries returns the entries that match f, newest first. The second
// result reports whether there are more.
func (s *Store) AuditEntries(ctx context.Context, f bontot.AuditFilter) ([]*bontot.AuditEntry, bool, error) {
	var where []string
	var args []any
	if f.Under != "" {
		lo, hi := subtreeRange(f.Under)
		if f.Global {
			where, args = append(where, "((org_path >= ? AND org_path < ?) OR org_path = '')"), append(args, lo, hi)
		} else {
			where, args = append(where, "org_path >= ? AND org_path < ?"), append(args, lo, hi)
		}
	}
	if f.Action != "" {
		where, args = append(where, "action = ?"), append(args, f.Action)
	}
	if f.Entity != "" {
		where, args = append(where, "entity = ?"), append(args, f.Entity)
	}
	if f.EntityID != 0 {
		where, args = append(where, "entity_id = ?"), append(args, f.EntityID)
	}
	if f.UserID != 0 {
		where, args = append(where, "user_id = ?"), append(args, f.UserID)
	}
	if !f.From.IsZero() {
		where, args = append(where, "at >= ?"), append(args, f.From.Time())
	}
	if !f.To.IsZero() {
		where, args = append(where, "at < ?"), append(args, f.To.Time().AddDate(0, 0, 1))
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	q := `SELECT id, at, COALESCE(user_id, 0), username, action, entity, entity_id, org_path, summary, changes, ip FROM audit_log`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY id DESC LIMIT ? OFFSET ?"
	args = append(args, f.Limit+1, f.Offset)
	var out []*bontot.AuditEntry
	err := s.read(ctx, func(tx *Tx) error {
		rows, err := tx.Query(q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e := &bontot.AuditEntry{}
			var changes string
			if err := rows.Scan(&e.ID, &e.At, &e.UserID, &e.Username, &e.Action, &e.Entity, &e.EntityID, &e.OrgPath, &e.Summary, &changes, &e.IP); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(changes), &e.Changes); err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	more := len(out) > f.Limit
	if more {
		out = out[:f.Limit]
	}
	return out, more, err
}
