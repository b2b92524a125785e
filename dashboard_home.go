package till

// HomeDays is how many days the dashboard's home page sums and charts,
// today included.
const HomeDays = 30

const secondsPerDay = 24 * 60 * 60

// HomePeriod is the days the dashboard's home page covers: UTC days (the one
// calendar every user of an account shares) on the store's clock, from the
// start of the first (From) to the end of today (To, exclusive), today
// starting at Today.
type HomePeriod struct {
	From, Today, To int64
}

// HomePeriodAt is the period that ends with the UTC day of now.
func HomePeriodAt(now int64) HomePeriod {
	today := now - now%secondsPerDay // unix time has no leap seconds: every UTC day is this long
	return HomePeriod{From: today - (HomeDays-1)*secondsPerDay, Today: today, To: today + secondsPerDay}
}

// Days are the starts of the period's days, oldest first.
func (p HomePeriod) Days() []int64 {
	days := make([]int64, 0, HomeDays)
	for d := p.From; d < p.To; d += secondsPerDay {
		days = append(days, d)
	}
	return days
}

// PaymentVolume is an account's succeeded payments in one currency over a
// day or a whole period: how many, and their gross amount, which is what
// their charges captured, before any refund. A payment counts on the day of
// the charge that took it; an authorization nobody captured is no payment.
type PaymentVolume struct {
	// Day is the start of the UTC day, or 0 for the whole period.
	Day      int64
	Currency string
	Gross    int64
	Count    int64
}

// SessionCounts are the Checkout Sessions created in a period, and how many
// of those have completed.
type SessionCounts struct {
	Created   int64
	Completed int64
}

// Conversion is the share of the sessions created that completed, from 0
// to 1; false when none was created.
func (c SessionCounts) Conversion() (float64, bool) {
	if c.Created == 0 {
		return 0, false
	}
	return float64(c.Completed) / float64(c.Created), true
}
