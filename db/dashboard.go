package db

import (
	"context"
	"strings"

	"github.com/lib/pq"

	"till"
)

// CreateDashboardUser stores a new dashboard user; an email another user
// has is a conflict, and an unknown account not found.
func (s *Store) CreateDashboardUser(ctx context.Context, u *till.DashboardUser) error {
	if _, err := s.FindAccount(ctx, u.AccountID); err != nil {
		return err
	}
	_, err := s.stmt(ctx, s.q.CreateDashboardUser).ExecContext(ctx, u.ID, u.AccountID, u.Email, u.PasswordHash, u.Created)
	if till.ErrorKindOf(translate(err)) == till.KindConflict {
		return &till.Error{Kind: till.KindConflict, Message: "A dashboard user with the email " + u.Email + " exists already."}
	}
	return translate(err)
}

// ResetDashboardUser stores u, or when its email is another user's, gives
// that user u's account and password: make run's demo user, whose password
// only the demo keys file knows.
func (s *Store) ResetDashboardUser(ctx context.Context, u *till.DashboardUser) error {
	_, err := s.stmt(ctx, s.q.ResetDashboardUser).ExecContext(ctx, u.ID, u.AccountID, u.Email, u.PasswordHash, u.Created)
	return translate(err)
}

// FindDashboardUser returns the user of a normalized email.
func (s *Store) FindDashboardUser(ctx context.Context, email string) (*till.DashboardUser, error) {
	var u till.DashboardUser
	err := s.stmt(ctx, s.q.FindDashboardUser).QueryRowContext(ctx, email).Scan(&u.ID, &u.AccountID, &u.Email, &u.PasswordHash, &u.Created)
	if err != nil {
		return nil, notFound(err, "user", email, "email")
	}
	return &u, nil
}

// CountSignInFailures counts the failed sign-ins under each of two keys
// since a time.
func (s *Store) CountSignInFailures(ctx context.Context, keys []string, since int64) ([]int, error) {
	var first, second int
	if err := s.stmt(ctx, s.q.CountSignInFailures).QueryRowContext(ctx, keys[0], keys[1], since).Scan(&first, &second); err != nil {
		return nil, translate(err)
	}
	return []int{first, second}, nil
}

// RecordSignInFailure records a failed sign-in under each key.
func (s *Store) RecordSignInFailure(ctx context.Context, keys []string, at int64) error {
	_, err := s.stmt(ctx, s.q.RecordSignInFailure).ExecContext(ctx, pq.StringArray(keys), at)
	return translate(err)
}

// CreateDashboardSession stores a new session by its token's hash and
// deletes the failed sign-ins recorded under the key forgiven.
func (s *Store) CreateDashboardSession(ctx context.Context, tokenHash []byte, userID string, at int64, forgiven string) error {
	_, err := s.stmt(ctx, s.q.CreateDashboardSession).ExecContext(ctx, tokenHash, userID, at, forgiven)
	return translate(err)
}

// FindDashboardSession returns the session of a token's hash, with its user
// and account.
func (s *Store) FindDashboardSession(ctx context.Context, tokenHash []byte) (*till.DashboardSession, error) {
	var d till.DashboardSession
	err := s.stmt(ctx, s.q.FindDashboardSession).QueryRowContext(ctx, tokenHash).Scan(&d.TokenHash, &d.UserID, &d.Email,
		&d.AccountID, &d.AccountName, &d.Created, &d.LastSeen)
	if err != nil {
		return nil, notFound(err, "session", "", "")
	}
	return &d, nil
}

// TouchDashboardSession records a session's latest use.
func (s *Store) TouchDashboardSession(ctx context.Context, tokenHash []byte, at int64) error {
	_, err := s.stmt(ctx, s.q.TouchDashboardSession).ExecContext(ctx, tokenHash, at)
	return translate(err)
}

// DeleteDashboardSession ends a session.
func (s *Store) DeleteDashboardSession(ctx context.Context, tokenHash []byte) error {
	_, err := s.stmt(ctx, s.q.DeleteDashboardSession).ExecContext(ctx, tokenHash)
	return translate(err)
}

// PruneDashboard deletes the sessions idle since idleBefore or begun before
// createdBefore, which sign no one in any more, and the failed sign-ins
// before failuresBefore, which the rate limit no longer counts.
func (s *Store) PruneDashboard(ctx context.Context, idleBefore, createdBefore, failuresBefore int64) error {
	_, err := s.stmt(ctx, s.q.PruneDashboard).ExecContext(ctx, idleBefore, createdBefore, failuresBefore)
	return translate(err)
}

// DashboardSessions returns a page of the account's sessions that match f,
// newest first, and whether more follow (beyond the page's end in the
// direction it was read). page's cursors are session ids of the account; an
// exact id searched for is the one session, found by its key.
func (s *Store) DashboardSessions(ctx context.Context, accountID string, f till.DashboardSessionFilter, page till.Page) ([]*till.Session, bool, error) {
	q := strings.TrimSpace(f.Search)
	if strings.HasPrefix(q, "cs_") {
		sess, err := s.FindSession(ctx, accountID, q)
		if till.ErrorKindOf(err) == till.KindNotFound {
			return nil, false, nil
		}
		if err != nil {
			return nil, false, err
		}
		return []*till.Session{sess}, false, nil
	}
	after, before, err := s.cursors(ctx, s.q.SessionSeq, accountID, page, "checkout.session")
	if err != nil {
		return nil, false, err
	}
	var rows []sessionRow
	if q != "" {
		err = s.stmt(ctx, s.q.SearchSessions).SelectContext(ctx, &rows, accountID, q, f.Status, f.CreatedGte, f.CreatedLte,
			after, before, page.Limit+1)
	} else {
		err = s.stmt(ctx, s.q.DashboardSessions).SelectContext(ctx, &rows, accountID, f.Status, f.CreatedGte, f.CreatedLte,
			after, before, page.Limit+1)
	}
	if err != nil {
		return nil, false, translate(err)
	}
	out, more := pageOf(rows, page, sessionRow.session)
	return out, more, nil
}

// ListObjectEvents returns the account's latest events of the objects
// named, newest first: a session's timeline.
func (s *Store) ListObjectEvents(ctx context.Context, accountID string, objectIDs []string, limit int) ([]till.Event, error) {
	var rows []eventRow
	if err := s.stmt(ctx, s.q.ListObjectEvents).SelectContext(ctx, &rows, accountID, pq.StringArray(objectIDs), limit); err != nil {
		return nil, translate(err)
	}
	out := make([]till.Event, len(rows))
	for i, r := range rows {
		out[i] = r.event()
	}
	return out, nil
}

// RecordAudit adds an entry to its account's audit log, in the request's
// transaction when the context carries one (as a dashboard change's does).
func (s *Store) RecordAudit(ctx context.Context, e till.AuditEntry) error {
	_, err := s.stmt(ctx, s.q.RecordAudit).ExecContext(ctx, e.AccountID, e.UserID, e.Email, e.Action, e.ObjectID,
		e.RequestID, e.Created)
	return translate(err)
}

// ListAudit returns up to limit entries of the account's audit log older
// than the entry numbered before (all when nil), newest first, and whether
// older ones follow.
func (s *Store) ListAudit(ctx context.Context, accountID string, before *int64, limit int) ([]till.AuditEntry, bool, error) {
	var rows []struct {
		Seq       int64  `db:"seq"`
		AccountID string `db:"account_id"`
		UserID    string `db:"user_id"`
		Email     string `db:"email"`
		Action    string `db:"action"`
		ObjectID  string `db:"object_id"`
		RequestID string `db:"request_id"`
		Created   int64  `db:"created"`
	}
	if err := s.stmt(ctx, s.q.ListAudit).SelectContext(ctx, &rows, accountID, before, limit+1); err != nil {
		return nil, false, translate(err)
	}
	more := len(rows) > limit
	if more {
		rows = rows[:limit]
	}
	out := make([]till.AuditEntry, len(rows))
	for i, r := range rows {
		out[i] = till.AuditEntry(r)
	}
	return out, more, nil
}
