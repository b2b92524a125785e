package till

import "time"

// Reveal is a secret a dashboard change made (a new API key, a rolled
// webhook signing secret) on its way to the one page that shows it: the
// page the change answers with, for its user, once. Its token, in that
// page's address, finds it; until then it is kept sealed.
type Reveal struct {
	ObjectID string
	Secret   string
}

// RevealWindow is how long a secret waits to be shown: a browser follows
// the change's answer at once, so a reveal older than this was never
// looked at, and is not shown.
const RevealWindow = 10 * time.Minute
