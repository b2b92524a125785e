package till

// StripeCLISession is a `stripe listen` session: the account whose events
// its websocket receives, and the device that asked, which names its
// signing secret.
type StripeCLISession struct {
	AccountID  string
	Livemode   bool
	DeviceName string
}
