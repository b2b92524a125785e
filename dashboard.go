package till

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
)

// The dashboard's sign-in rules. A session ends after half an hour without
// a request (each request moves that on) and, whatever its use, twelve
// hours after sign-in: a cookie that leaks stops working soon, and a
// forgotten tab is signed out. Ten failed sign-ins in a quarter of an hour,
// from one address or for one email, refuse further tries for a while: a
// bcrypt hash takes a guesser long enough per try, but not per thousand.
const (
	DashboardIdleTimeout     = 30 * time.Minute
	DashboardAbsoluteTimeout = 12 * time.Hour
	DashboardSignInLimit     = 10
	DashboardSignInWindow    = 15 * time.Minute
	// MinDashboardPassword is the shortest password a user may have;
	// bcrypt reads no further than MaxDashboardPassword bytes, so a longer
	// one would be a longer password only in appearance.
	MinDashboardPassword = 12
	MaxDashboardPassword = 72
	// dashboardTouchEvery is how stale a session's last request may be
	// recorded: the idle timeout slides without a write on every page.
	dashboardTouchEvery = 60
)

// DashboardUser is a person who signs in to the dashboard of one account.
type DashboardUser struct {
	ID           string
	AccountID    string
	Email        string
	PasswordHash []byte
	Created      int64
}

// DashboardSession is a signed-in browser: the SHA-256 of its cookie's
// token, whose user and account it acts for, and when it began and was last
// used.
type DashboardSession struct {
	TokenHash   []byte
	UserID      string
	Email       string
	AccountID   string
	AccountName string
	Created     int64
	LastSeen    int64
}

// NewDashboardUserID returns a dashboard user's ID.
func NewDashboardUserID() string { return "usr_" + RandomString(24) }

// NormalizeEmail is the form an email is stored and looked up in: one
// address, whatever the case it is typed in.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// NewDashboardUser checks a new user's email and password and returns the
// user, with the password's bcrypt hash (the password itself is kept
// nowhere).
func NewDashboardUser(accountID, email, password string, now int64) (*DashboardUser, error) {
	email = NormalizeEmail(email)
	if at := strings.IndexByte(email, '@'); at < 1 || at == len(email)-1 || strings.ContainsAny(email, " \t\r\n") {
		return nil, Invalid(CodeInvalidRequest, "email", "%q is not an email address.", email)
	}
	switch n := utf8.RuneCountInString(password); {
	case n < MinDashboardPassword:
		return nil, Invalid(CodeInvalidRequest, "password", "The password must be at least %d characters long.", MinDashboardPassword)
	case len(password) > MaxDashboardPassword:
		return nil, Invalid(CodeInvalidRequest, "password", "The password must be at most %d bytes long.", MaxDashboardPassword)
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return nil, err
	}
	return &DashboardUser{ID: NewDashboardUserID(), AccountID: accountID, Email: email, PasswordHash: hash, Created: now}, nil
}

// PasswordMatches reports whether password is the user's.
func (u *DashboardUser) PasswordMatches(password string) bool {
	return bcrypt.CompareHashAndPassword(u.PasswordHash, []byte(password)) == nil
}

// dummyHash is compared against when no user has the email given, so that
// an unknown email costs the same bcrypt comparison as a wrong password and
// the time of the answer tells the one from the other no more than its text.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("no user has this password"), bcrypt.DefaultCost)

// DashboardStore is what dashboard sign-in needs from storage.
type DashboardStore interface {
	Now() int64
	// FindDashboardUser is the user of a normalized email; a KindNotFound
	// error when there is none.
	FindDashboardUser(ctx context.Context, email string) (*DashboardUser, error)
	// CountSignInFailures counts the failures recorded under each key
	// since the given time.
	CountSignInFailures(ctx context.Context, keys []string, since int64) ([]int, error)
	// RecordSignInFailure records one failure under each key.
	RecordSignInFailure(ctx context.Context, keys []string, at int64) error
	// CreateDashboardSession begins a session and forgets the failures
	// recorded under the key forgiven, in one statement.
	CreateDashboardSession(ctx context.Context, tokenHash []byte, userID string, at int64, forgiven string) error
	// FindDashboardSession is the session of a token's hash, with its
	// user's email and account; a KindNotFound error when there is none.
	FindDashboardSession(ctx context.Context, tokenHash []byte) (*DashboardSession, error)
	TouchDashboardSession(ctx context.Context, tokenHash []byte, at int64) error
	DeleteDashboardSession(ctx context.Context, tokenHash []byte) error
}

// DashboardAuth signs dashboard users in and out and tells which session a
// cookie's token is.
type DashboardAuth struct {
	store DashboardStore
}

// NewDashboardAuth returns the dashboard's sign-in on a store.
func NewDashboardAuth(store DashboardStore) *DashboardAuth { return &DashboardAuth{store: store} }

// errSignIn is the one answer to a wrong email and to a wrong password.
func errSignIn() error {
	return &Error{Kind: KindUnauthorized, Message: "Incorrect email or password."}
}

// errSignedOut is the error of a token that names no live session.
func errSignedOut() error {
	return &Error{Kind: KindUnauthorized, Code: "signed_out", Message: "Sign in to continue."}
}

// SignIn checks an email and password tried from a client address and, when
// they are a user's, begins a session: it returns the cookie's token, which
// is kept nowhere but the browser. A wrong email and a wrong password answer
// alike and cost alike; either counts as a failure for the address and the
// email, and once either has too many, every try is refused until the
// window has passed, right or wrong. A sign-in forgives its email's
// failures, so a user's own typos do not add up to a lock-out, but not its
// address's: one account's password must not buy an address fresh guesses
// at others.
func (a *DashboardAuth) SignIn(ctx context.Context, email, password, client string) (string, error) {
	email = NormalizeEmail(email)
	now := a.store.Now()
	keys := []string{"addr:" + client, "email:" + email}
	counts, err := a.store.CountSignInFailures(ctx, keys, now-int64(DashboardSignInWindow/time.Second))
	if err != nil {
		return "", err
	}
	for _, n := range counts {
		if n >= DashboardSignInLimit {
			return "", &Error{Kind: KindRateLimited, Code: CodeRateLimit,
				Message: "Too many failed sign-ins. Try again in 15 minutes."}
		}
	}
	user, err := a.store.FindDashboardUser(ctx, email)
	if err != nil && ErrorKindOf(err) != KindNotFound {
		return "", err
	}
	if user == nil {
		user = &DashboardUser{PasswordHash: dummyHash}
	}
	if !user.PasswordMatches(password) || user.ID == "" {
		if err := a.store.RecordSignInFailure(ctx, keys, now); err != nil {
			return "", err
		}
		return "", errSignIn()
	}
	token := newSessionToken()
	if err := a.store.CreateDashboardSession(ctx, DashboardTokenHash(token), user.ID, now, keys[1]); err != nil {
		return "", err
	}
	return token, nil
}

// Session is the live session of a cookie's token, its last use moved to
// now; errSignedOut for a token of no session, or of one past its idle or
// absolute timeout.
func (a *DashboardAuth) Session(ctx context.Context, token string) (*DashboardSession, error) {
	if token == "" {
		return nil, errSignedOut()
	}
	hash := DashboardTokenHash(token)
	s, err := a.store.FindDashboardSession(ctx, hash)
	if ErrorKindOf(err) == KindNotFound {
		return nil, errSignedOut()
	} else if err != nil {
		return nil, err
	}
	now := a.store.Now()
	if now-s.LastSeen >= int64(DashboardIdleTimeout/time.Second) || now-s.Created >= int64(DashboardAbsoluteTimeout/time.Second) {
		if err := a.store.DeleteDashboardSession(ctx, hash); err != nil {
			return nil, err
		}
		return nil, errSignedOut()
	}
	if now-s.LastSeen >= dashboardTouchEvery {
		if err := a.store.TouchDashboardSession(ctx, hash, now); err != nil {
			return nil, err
		}
		s.LastSeen = now
	}
	return s, nil
}

// SignOut ends a token's session, so the token no longer works wherever a
// copy of it is.
func (a *DashboardAuth) SignOut(ctx context.Context, token string) error {
	return a.store.DeleteDashboardSession(ctx, DashboardTokenHash(token))
}

// DashboardTokenHash is what the database keeps of a session's token.
func DashboardTokenHash(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// newSessionToken is 32 random bytes, URL-safe.
func newSessionToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// DashboardReturnPath is where to go after signing in: the path the user
// asked for, if it is one of the dashboard's own (a path on this site, never
// another origin, whatever its spelling), else the dashboard's home.
func DashboardReturnPath(next string) string {
	const home = "/dashboard"
	if !strings.HasPrefix(next, "/dashboard/") || strings.ContainsAny(next, "\\\r\n\t") || strings.HasPrefix(next, "/dashboard/login") {
		return home
	}
	return next
}
