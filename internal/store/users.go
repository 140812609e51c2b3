package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/defensie/algoreg/internal/register"
)

const userColumns = "id, email, name, role, all_units, clearance, password_hash, disabled, created_at"

func scanUser(sc interface{ Scan(...any) error }) (*register.User, error) {
	var u register.User
	var role, clearance string
	if err := sc.Scan(&u.ID, &u.Email, &u.Name, &role, &u.AllUnits, &clearance, &u.PasswordHash, &u.Disabled,
		scanTime{&u.CreatedAt}); err != nil {
		return nil, err
	}
	u.Role, u.Clearance = register.Role(role), register.Level(clearance)
	return &u, nil
}

// CreateUser inserts u, assigning an ID when it has none and CreatedAt when it is zero.
// E-mail addresses are unique regardless of case.
func (t *tx) CreateUser(ctx context.Context, u *register.User) error {
	if u.ID == "" {
		u.ID = newID()
	}
	if u.CreatedAt.IsZero() {
		u.CreatedAt = t.now
	}
	u.CreatedAt = micro(u.CreatedAt)
	_, err := t.exec(ctx, "INSERT INTO users ("+userColumns+", email_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		u.ID, u.Email, u.Name, string(u.Role), u.AllUnits, string(u.Clearance), u.PasswordHash, u.Disabled,
		tv(u.CreatedAt), emailKey(u.Email))
	if err != nil {
		return conflict(fmt.Errorf("store: create user: %w", err), "Er bestaat al een gebruiker met e-mailadres %s.", u.Email)
	}
	return t.setUserUnits(ctx, u)
}

// UpdateUser replaces every stored field of the user with id u.ID (ENOTFOUND if none).
func (t *tx) UpdateUser(ctx context.Context, u *register.User) error {
	res, err := t.exec(ctx, `UPDATE users SET email = ?, email_key = ?, name = ?, role = ?, all_units = ?,
		clearance = ?, password_hash = ?, disabled = ? WHERE id = ?`,
		u.Email, emailKey(u.Email), u.Name, string(u.Role), u.AllUnits, string(u.Clearance), u.PasswordHash,
		u.Disabled, u.ID)
	if err != nil {
		return conflict(fmt.Errorf("store: update user: %w", err), "Er bestaat al een gebruiker met e-mailadres %s.", u.Email)
	}
	if err := affected(res, "update user"); err != nil {
		return err
	}
	if _, err := t.exec(ctx, "DELETE FROM user_units WHERE user_id = ?", u.ID); err != nil {
		return mapErr(fmt.Errorf("store: update user units: %w", err))
	}
	return t.setUserUnits(ctx, u)
}

func (t *tx) setUserUnits(ctx context.Context, u *register.User) error {
	seen := map[string]bool{}
	for i, code := range u.Units {
		if seen[code] {
			continue
		}
		seen[code] = true
		if _, err := t.exec(ctx, "INSERT INTO user_units (user_id, unit, position) VALUES (?, ?, ?)", u.ID, code, i); err != nil {
			err = mapErr(fmt.Errorf("store: user units: %w", err))
			if register.ErrorCode(err) == register.EINVALID {
				return fmt.Errorf("%w: %w", register.Invalid([]register.FieldProblem{
					{Name: "units", Reason: fmt.Sprintf("Eenheid %s bestaat niet.", code)}}), err)
			}
			return err
		}
	}
	return nil
}

func emailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// UserByEmail finds a user by e-mail address, ignoring case.
func (t *tx) UserByEmail(ctx context.Context, email string) (*register.User, error) {
	return t.userWhere(ctx, "email_key = ?", emailKey(email))
}

// UserByID finds a user by ID.
func (t *tx) UserByID(ctx context.Context, id string) (*register.User, error) {
	return t.userWhere(ctx, "id = ?", id)
}

func (t *tx) userWhere(ctx context.Context, where string, arg any) (*register.User, error) {
	u, err := scanUser(t.queryRow(ctx, "SELECT "+userColumns+" FROM users WHERE "+where, arg))
	if err != nil {
		return nil, mapErr(fmt.Errorf("store: user: %w", err))
	}
	units, err := t.userUnits(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	u.Units = units[u.ID]
	return u, nil
}

// userUnits returns the unit codes per user, in the order they were given; id "" means all users.
func (t *tx) userUnits(ctx context.Context, id string) (map[string][]string, error) {
	q, args := "SELECT user_id, unit FROM user_units ORDER BY user_id, position", []any(nil)
	if id != "" {
		q, args = "SELECT user_id, unit FROM user_units WHERE user_id = ? ORDER BY position", []any{id}
	}
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, mapErr(fmt.Errorf("store: user units: %w", err))
	}
	defer rows.Close()
	m := map[string][]string{}
	for rows.Next() {
		var uid, unit string
		if err := rows.Scan(&uid, &unit); err != nil {
			return nil, fmt.Errorf("store: user units: %w", err)
		}
		m[uid] = append(m[uid], unit)
	}
	return m, mapErr(rows.Err())
}

// ListUsers lists every user, ordered by e-mail address.
func (t *tx) ListUsers(ctx context.Context) ([]register.User, error) {
	rows, err := t.query(ctx, "SELECT "+userColumns+" FROM users ORDER BY email_key")
	if err != nil {
		return nil, mapErr(fmt.Errorf("store: list users: %w", err))
	}
	defer rows.Close()
	var us []register.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list users: %w", err)
		}
		us = append(us, *u)
	}
	if err := rows.Err(); err != nil {
		return nil, mapErr(fmt.Errorf("store: list users: %w", err))
	}
	rows.Close()
	units, err := t.userUnits(ctx, "")
	if err != nil {
		return nil, err
	}
	for i := range us {
		us[i].Units = units[us[i].ID]
	}
	return us, nil
}

// ---- tokens

func (t *tx) CreateToken(ctx context.Context, tok register.Token) error {
	if tok.CreatedAt.IsZero() {
		tok.CreatedAt = t.now
	}
	_, err := t.exec(ctx, "INSERT INTO tokens (hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
		tok.Hash, tok.UserID, tv(tok.CreatedAt), tv(tok.ExpiresAt))
	if err != nil {
		err = conflict(fmt.Errorf("store: create token: %w", err), "Dit token bestaat al.")
		if register.ErrorCode(err) == register.EINVALID {
			return fmt.Errorf("%w: %w", register.Errorf(register.ENOTFOUND, "Gebruiker %s bestaat niet.", tok.UserID), err)
		}
		return err
	}
	return nil
}

func (t *tx) TokenByHash(ctx context.Context, hash string) (*register.Token, error) {
	var tok register.Token
	err := t.queryRow(ctx, "SELECT hash, user_id, created_at, expires_at FROM tokens WHERE hash = ?", hash).
		Scan(&tok.Hash, &tok.UserID, scanTime{&tok.CreatedAt}, scanTime{&tok.ExpiresAt})
	if err != nil {
		return nil, mapErr(fmt.Errorf("store: token: %w", err))
	}
	return &tok, nil
}

// TokenWithUser returns the token with hash hash and the user it belongs to, units included,
// in one query (ENOTFOUND when there is no such token): every API request looks both up.
func (t *tx) TokenWithUser(ctx context.Context, hash string) (*register.Token, *register.User, error) {
	rows, err := t.query(ctx, `SELECT t.hash, t.user_id, t.created_at, t.expires_at,
		u.id, u.email, u.name, u.role, u.all_units, u.clearance, u.password_hash, u.disabled, u.created_at, uu.unit
		FROM tokens t JOIN users u ON u.id = t.user_id LEFT JOIN user_units uu ON uu.user_id = u.id
		WHERE t.hash = ? ORDER BY uu.position`, hash)
	if err != nil {
		return nil, nil, mapErr(fmt.Errorf("store: token: %w", err))
	}
	defer rows.Close()
	var tok *register.Token
	var u *register.User
	for rows.Next() {
		var tk register.Token
		var us register.User
		var role, clearance string
		var unit sql.NullString
		if err := rows.Scan(&tk.Hash, &tk.UserID, scanTime{&tk.CreatedAt}, scanTime{&tk.ExpiresAt},
			&us.ID, &us.Email, &us.Name, &role, &us.AllUnits, &clearance, &us.PasswordHash, &us.Disabled,
			scanTime{&us.CreatedAt}, &unit); err != nil {
			return nil, nil, fmt.Errorf("store: token: %w", err)
		}
		if tok == nil {
			us.Role, us.Clearance = register.Role(role), register.Level(clearance)
			tok, u = &tk, &us
		}
		if unit.Valid {
			u.Units = append(u.Units, unit.String)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, mapErr(fmt.Errorf("store: token: %w", err))
	}
	if tok == nil {
		return nil, nil, register.NotFound()
	}
	return tok, u, nil
}

// ---- sessions

func (t *tx) CreateSession(ctx context.Context, s register.Session) error {
	if s.CreatedAt.IsZero() {
		s.CreatedAt = t.now
	}
	if s.LastSeen.IsZero() {
		s.LastSeen = s.CreatedAt
	}
	_, err := t.exec(ctx, `INSERT INTO sessions (hash, user_id, csrf, created_at, last_seen, expires_at)
		VALUES (?, ?, ?, ?, ?, ?)`, s.Hash, s.UserID, s.CSRF, tv(s.CreatedAt), tv(s.LastSeen), tv(s.ExpiresAt))
	if err != nil {
		err = conflict(fmt.Errorf("store: create session: %w", err), "Deze sessie bestaat al.")
		if register.ErrorCode(err) == register.EINVALID {
			return fmt.Errorf("%w: %w", register.Errorf(register.ENOTFOUND, "Gebruiker %s bestaat niet.", s.UserID), err)
		}
		return err
	}
	return nil
}

func (t *tx) SessionByHash(ctx context.Context, hash string) (*register.Session, error) {
	var s register.Session
	err := t.queryRow(ctx, `SELECT hash, user_id, csrf, created_at, last_seen, expires_at FROM sessions
		WHERE hash = ?`, hash).Scan(&s.Hash, &s.UserID, &s.CSRF, scanTime{&s.CreatedAt}, scanTime{&s.LastSeen},
		scanTime{&s.ExpiresAt})
	if err != nil {
		return nil, mapErr(fmt.Errorf("store: session: %w", err))
	}
	return &s, nil
}

// TouchSession records that the session was seen (ENOTFOUND when it does not exist).
func (t *tx) TouchSession(ctx context.Context, hash string, seen time.Time) error {
	res, err := t.exec(ctx, "UPDATE sessions SET last_seen = ? WHERE hash = ?", tv(seen), hash)
	if err != nil {
		return mapErr(fmt.Errorf("store: touch session: %w", err))
	}
	return affected(res, "touch session")
}

// DeleteSession removes the session; deleting one that does not exist is not an error
// (logging out twice is harmless).
func (t *tx) DeleteSession(ctx context.Context, hash string) error {
	_, err := t.exec(ctx, "DELETE FROM sessions WHERE hash = ?", hash)
	return mapErr(wrapf(err, "delete session"))
}

// ---- login failures

func (t *tx) AddLoginFailure(ctx context.Context, key string, at time.Time) error {
	if at.IsZero() {
		at = t.now
	}
	_, err := t.exec(ctx, "INSERT INTO login_failures (key, at) VALUES (?, ?)", key, tv(at))
	return mapErr(wrapf(err, "add login failure"))
}

func (t *tx) LoginFailures(ctx context.Context, key string, since time.Time) (int, error) {
	// Stored times have microseconds; at >= since then means at >= since rounded up to one.
	from := micro(since)
	if from.Before(since) {
		from = from.Add(time.Microsecond)
	}
	var n int
	err := t.queryRow(ctx, "SELECT COUNT(*) FROM login_failures WHERE key = ? AND at >= ?", key,
		from.Format(timeLayout)).Scan(&n)
	if err != nil {
		return 0, mapErr(fmt.Errorf("store: login failures: %w", err))
	}
	return n, nil
}

func (t *tx) ClearLoginFailures(ctx context.Context, key string) error {
	_, err := t.exec(ctx, "DELETE FROM login_failures WHERE key = ?", key)
	return mapErr(wrapf(err, "clear login failures"))
}
