package till

// AuditEntry is one change made from the dashboard: who made it (the user,
// with their email as it was then), what (an action's name, such as
// "checkout.session.expire", and the object it was done to), by which
// request and when. The dashboard writes it in the transaction of the
// change, so the log has an entry exactly when the change was made.
type AuditEntry struct {
	Seq       int64
	AccountID string
	UserID    string
	Email     string
	Action    string
	ObjectID  string
	RequestID string
	Created   int64
}
