package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"bontot"
)

const userColumns = `u.id, u.username, u.full_name, u.email, u.password_hash, COALESCE(u.member_id, 0), u.disabled, u.created_at, u.updated_at`

func scanUser(sc interface{ Scan(...any) error }) (*bontot.User, error) {
	u := &bontot.User{}
	err := sc.Scan(&u.ID, &u.Username, &u.FullName, &u.Email, &u.PasswordHash, &u.MemberID, &u.Disabled, &u.CreatedAt, &u.UpdatedAt)
	return u, err
}

// CreateUser adds an account with a password and its grants (Grant.Role and Grant.OrgID).
func (s *Store) CreateUser(ctx context.Context, a Actor, u *bontot.User, password string) error {
	u.Normalize()
	if err := u.Validate(); err != nil {
		return err
	}
	if err := bontot.ValidatePassword(password); err != nil {
		return err
	}
	hash, err := bontot.HashPassword(password)
	if err != nil {
		return err
	}
	u.PasswordHash = hash
	return s.tx(ctx, func(tx *Tx) error {
		u.CreatedAt, u.UpdatedAt = tx.now, tx.now
		id, err := tx.insert(`INSERT INTO users (username, full_name, email, password_hash, member_id, disabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			u.Username, u.FullName, u.Email, u.PasswordHash, nullInt(u.MemberID), u.Disabled, u.CreatedAt, u.UpdatedAt)
		if isUnique(err) {
			return &bontot.Error{Code: bontot.ECONFLICT, Message: fmt.Sprintf("Tên đăng nhập “%s” đã có người dùng.", u.Username), Fields: map[string]string{"username": "Tên đăng nhập này đã có người dùng."}}
		} else if err != nil {
			return err
		}
		u.ID = id
		var changes []bontot.Change
		if u.Email != "" {
			changes = append(changes, bontot.Change{Field: "E-mail", New: u.Email})
		}
		path := "" // filed under the organization of the first role, so that its overseers see it
		for i := range u.Grants {
			g := &u.Grants[i]
			if err := tx.addGrant(u.ID, g); err != nil {
				return err
			}
			if path == "" {
				path = g.OrgPath
			}
			changes = append(changes, bontot.Change{Field: "Vai trò", New: g.Role.Label() + " — " + g.OrgName})
		}
		return tx.audit(a, "user.create", "user", u.ID, path, "Thêm người dùng "+u.Username, changes)
	})
}

func (tx *Tx) addGrant(userID int64, g *bontot.Grant) error {
	if !g.Role.Valid() {
		return bontot.Errorf(bontot.EINVALID, "Vai trò không hợp lệ.")
	}
	o, err := tx.org(g.OrgID)
	if err != nil {
		return err
	}
	g.UserID, g.OrgPath, g.OrgName = userID, o.Path, o.Name
	g.ID, err = tx.insert(`INSERT INTO grants (user_id, role, org_id) VALUES (?, ?, ?)`, userID, g.Role, g.OrgID)
	if isUnique(err) {
		return bontot.Errorf(bontot.ECONFLICT, "Người dùng đã có vai trò này tại %s.", o.Name)
	}
	return err
}

// AddGrant gives a user a role on an organization's subtree.
func (s *Store) AddGrant(ctx context.Context, a Actor, g *bontot.Grant) error {
	return s.tx(ctx, func(tx *Tx) error {
		if err := tx.addGrant(g.UserID, g); err != nil {
			return err
		}
		return tx.audit(a, "user.update", "user", g.UserID, g.OrgPath, "Cấp vai trò "+g.Role.Label()+" tại "+g.OrgName,
			[]bontot.Change{{Field: "Vai trò", New: g.Role.Label() + " — " + g.OrgName}})
	})
}

// RemoveGrant takes a grant away.
func (s *Store) RemoveGrant(ctx context.Context, a Actor, userID, grantID int64) error {
	return s.tx(ctx, func(tx *Tx) error {
		u, err := tx.user(userID)
		if err != nil {
			return err
		}
		for _, g := range u.Grants {
			if g.ID == grantID {
				if _, err := tx.Exec(`DELETE FROM grants WHERE id = ?`, grantID); err != nil {
					return err
				}
				return tx.audit(a, "user.update", "user", userID, g.OrgPath, "Thu hồi vai trò "+g.Role.Label()+" tại "+g.OrgName,
					[]bontot.Change{{Field: "Vai trò", Old: g.Role.Label() + " — " + g.OrgName}})
			}
		}
		return bontot.Errorf(bontot.ENOTFOUND, "Không tìm thấy vai trò.")
	})
}

// User returns the account with its grants.
func (s *Store) User(ctx context.Context, id int64) (*bontot.User, error) {
	var u *bontot.User
	err := s.read(ctx, func(tx *Tx) (err error) { u, err = tx.user(id); return err })
	return u, err
}

// UserByUsername returns the account with its grants.
func (s *Store) UserByUsername(ctx context.Context, username string) (*bontot.User, error) {
	var u *bontot.User
	err := s.read(ctx, func(tx *Tx) error {
		var err error
		u, err = scanUser(tx.QueryRow(`SELECT `+userColumns+` FROM users u WHERE u.username = ?`, strings.ToLower(strings.TrimSpace(username))))
		if err != nil {
			return notFound(err, "người dùng")
		}
		return tx.grants(u)
	})
	return u, err
}

func (tx *Tx) user(id int64) (*bontot.User, error) {
	u, err := scanUser(tx.QueryRow(`SELECT `+userColumns+` FROM users u WHERE u.id = ?`, id))
	if err != nil {
		return nil, notFound(err, "người dùng")
	}
	return u, tx.grants(u)
}

func (tx *Tx) grants(u *bontot.User) error {
	rows, err := tx.Query(`SELECT g.id, g.role, g.org_id, o.path, o.name FROM grants g JOIN orgs o ON o.id = g.org_id WHERE g.user_id = ? ORDER BY g.id`, u.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	u.Grants = nil
	for rows.Next() {
		g := bontot.Grant{UserID: u.ID}
		if err := rows.Scan(&g.ID, &g.Role, &g.OrgID, &g.OrgPath, &g.OrgName); err != nil {
			return err
		}
		u.Grants = append(u.Grants, g)
	}
	return rows.Err()
}

// Users lists the accounts that hold a grant inside the subtree under (all when ""), by user name.
func (s *Store) Users(ctx context.Context, under string) ([]*bontot.User, error) {
	q, args := `SELECT `+userColumns+` FROM users u ORDER BY u.username`, []any{}
	if under != "" {
		lo, hi := subtreeRange(under)
		q = `SELECT ` + userColumns + ` FROM users u WHERE u.id IN (SELECT g.user_id FROM grants g JOIN orgs o ON o.id = g.org_id WHERE o.path >= ? AND o.path < ?) ORDER BY u.username`
		args = []any{lo, hi}
	}
	var out []*bontot.User
	err := s.read(ctx, func(tx *Tx) error {
		rows, err := tx.Query(q, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			u, err := scanUser(rows)
			if err != nil {
				rows.Close()
				return err
			}
			out = append(out, u)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, u := range out {
			if err := tx.grants(u); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// SetPassword replaces a user's password.
func (s *Store) SetPassword(ctx context.Context, a Actor, userID int64, password string) error {
	if err := bontot.ValidatePassword(password); err != nil {
		return err
	}
	hash, err := bontot.HashPassword(password)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *Tx) error {
		u, err := tx.user(userID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?`, hash, tx.now, userID); err != nil {
			return err
		}
		return tx.audit(a, "user.password", "user", userID, "", "Đặt mật khẩu mới cho "+u.Username, nil)
	})
}

// SetEmail changes a user's e-mail address; empty removes it.
func (s *Store) SetEmail(ctx context.Context, a Actor, userID int64, email string) error {
	email = strings.TrimSpace(email)
	if err := bontot.ValidateEmail(email); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *Tx) error {
		u, err := tx.user(userID)
		if err != nil {
			return err
		}
		if u.Email == email {
			return nil
		}
		if _, err := tx.Exec(`UPDATE users SET email = ?, updated_at = ? WHERE id = ?`, email, tx.now, userID); err != nil {
			return err
		}
		return tx.audit(a, "user.update", "user", userID, "", "Đổi e-mail của "+u.Username,
			[]bontot.Change{{Field: "E-mail", Old: u.Email, New: email}})
	})
}

// SetDisabled locks or unlocks an account.
func (s *Store) SetDisabled(ctx context.Context, a Actor, userID int64, disabled bool) error {
	return s.tx(ctx, func(tx *Tx) error {
		u, err := tx.user(userID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?`, disabled, tx.now, userID); err != nil {
			return err
		}
		word := map[bool]string{true: "Khóa", false: "Mở khóa"}[disabled]
		return tx.audit(a, "user.update", "user", userID, "", word+" tài khoản "+u.Username,
			[]bontot.Change{{Field: "Bị khóa", Old: fmt.Sprint(u.Disabled), New: fmt.Sprint(disabled)}})
	})
}

// CreateToken makes an API token for a user and returns it; only its hash is stored.
func (s *Store) CreateToken(ctx context.Context, a Actor, userID int64, name string) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	token := "bt_" + base64.RawURLEncoding.EncodeToString(b)
	err := s.tx(ctx, func(tx *Tx) error {
		if _, err := tx.insert(`INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)`, userID, name, tokenHash(token), tx.now); err != nil {
			return err
		}
		return tx.audit(a, "token.create", "user", userID, "", "Tạo khóa API “"+name+"”", nil)
	})
	return token, err
}

// UserByToken returns the user that owns an API token.
func (s *Store) UserByToken(ctx context.Context, token string) (*bontot.User, error) {
	var u *bontot.User
	err := s.read(ctx, func(tx *Tx) error {
		var id int64
		if err := tx.QueryRow(`SELECT user_id FROM api_tokens WHERE token_hash = ?`, tokenHash(token)).Scan(&id); err != nil {
			return notFound(err, "khóa API")
		}
		var err error
		u, err = tx.user(id)
		return err
	})
	return u, err
}

func tokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// SessionStore keeps web sessions in the database; it implements scs.Store.
type SessionStore struct{ s *Store }

// Sessions returns the session store.
func (s *Store) Sessions() *SessionStore { return &SessionStore{s} }

// Find returns the data of a live session.
func (ss *SessionStore) Find(token string) ([]byte, bool, error) {
	var data []byte
	err := ss.s.db.QueryRow(ss.s.rebind(`SELECT data FROM sessions WHERE token = ? AND expiry > ?`), token, time.Now().UTC()).Scan(&data)
	if err != nil {
		if notFound(err, "") != err {
			return nil, false, nil
		}
		return nil, false, err
	}
	return data, true, nil
}

// Commit saves a session.
func (ss *SessionStore) Commit(token string, b []byte, expiry time.Time) error {
	_, err := ss.s.db.Exec(ss.s.rebind(`INSERT INTO sessions (token, data, expiry) VALUES (?, ?, ?)
		ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`), token, b, expiry.UTC())
	return err
}

// Delete removes a session.
func (ss *SessionStore) Delete(token string) error {
	_, err := ss.s.db.Exec(ss.s.rebind(`DELETE FROM sessions WHERE token = ?`), token)
	return err
}

// DeleteExpired removes expired sessions; the server calls it periodically.
func (ss *SessionStore) DeleteExpired(ctx context.Context) error {
	_, err := ss.s.db.ExecContext(ctx, ss.s.rebind(`DELETE FROM sessions WHERE expiry <= ?`), time.Now().UTC())
	return err
}
