package dashboard

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"till"
	"till/views"
)

// failingShown is how many failing webhook deliveries the home page lists.
const failingShown = 10

// Home handles "GET /dashboard": today's and the last 30 days' gross volume
// (each currency's, refunds not taken off), number of payments and
// conversion (of the sessions created, how many completed), in UTC days on
// the store's clock; a chart of each currency's daily gross volume; and the
// newest webhook deliveries whose latest attempt failed.
func (h *Handler) Home(c *fiber.Ctx) error {
	s, ctx := signedIn(c), c.UserContext()
	p := till.HomePeriodAt(h.store.Now())
	days, totals, err := h.store.HomeVolume(ctx, s.AccountID, p)
	if err != nil {
		return err
	}
	today, period, err := h.store.HomeSessions(ctx, s.AccountID, p)
	if err != nil {
		return err
	}
	failing, err := h.store.FailedDeliveries(ctx, caller(s), failingShown)
	if err != nil {
		return err
	}
	var todays []till.PaymentVolume
	for _, d := range days {
		if d.Day == p.Today {
			todays = append(todays, d)
		}
	}
	vm := views.DashboardHome{Frame: h.frame(c, "home", "Home"), Figures: []views.DashboardFigures{
		figures("Today", "today", todays, today),
		figures("Last 30 days", "last-30-days", totals, period),
	}}
	for _, t := range totals {
		vm.Charts = append(vm.Charts, volumeChart(p, t, days))
	}
	for _, d := range failing {
		vm.Failing = append(vm.Failing, failingDelivery(d))
	}
	return render(c, http.StatusOK, views.DashboardHomePage(vm))
}

// figures are one period's figures: its volume in each currency, and its
// sessions.
func figures(label, testID string, volume []till.PaymentVolume, sessions till.SessionCounts) views.DashboardFigures {
	f := views.DashboardFigures{Label: label, TestID: testID, Conversion: "—"}
	var payments int64
	for _, v := range volume {
		f.Gross = append(f.Gross, amount(v.Gross, v.Currency))
		payments += v.Count
	}
	f.Payments = strconv.FormatInt(payments, 10)
	if rate, ok := sessions.Conversion(); ok {
		f.Conversion = strconv.FormatFloat(rate*100, 'f', 1, 64) + "%"
	}
	f.ConversionOf = fmt.Sprintf("%d of %d %s completed", sessions.Completed, sessions.Created, plural(sessions.Created, "session", "sessions"))
	return f
}

// The chart's drawing, in SVG user units: a bar and its gap per day, the
// bars' height, the room above them for the largest value's label and
// below them for the dates.
const (
	chartSlot   = 20
	chartBar    = 14
	chartTop    = 24
	chartPlot   = 140
	chartBottom = 22
)

// volumeChart draws a currency's daily gross volume over the period, the
// largest day as tall as the chart.
func volumeChart(p till.HomePeriod, total till.PaymentVolume, days []till.PaymentVolume) views.DashboardChart {
	cur := strings.ToUpper(total.Currency)
	byDay := map[int64]till.PaymentVolume{}
	var largest int64
	for _, d := range days {
		if d.Currency == total.Currency {
			byDay[d.Day] = d
			largest = max(largest, d.Gross)
		}
	}
	starts := p.Days()
	ch := views.DashboardChart{ID: "chart-" + total.Currency, Currency: cur, Width: len(starts) * chartSlot,
		Height: chartTop + chartPlot + chartBottom, Top: chartTop, Baseline: chartTop + chartPlot,
		Max:   amount(largest, total.Currency),
		Title: "Gross volume in " + cur + " by day, " + day(p.From) + " to " + day(p.Today),
		Desc: fmt.Sprintf("%s from %d %s; the largest day %s.", amount(total.Gross, total.Currency), total.Count,
			plural(total.Count, "payment", "payments"), amount(largest, total.Currency))}
	for i, start := range starts {
		d := byDay[start]
		ch.Days = append(ch.Days, views.DashboardChartDay{Date: day(start), Gross: amount(d.Gross, total.Currency),
			Payments: strconv.FormatInt(d.Count, 10)})
		if d.Gross > 0 && largest > 0 {
			height := max(int(d.Gross*chartPlot/largest), 2) // a small day stays visible
			ch.Bars = append(ch.Bars, views.DashboardBar{X: i*chartSlot + (chartSlot-chartBar)/2, Y: ch.Baseline - height,
				Width: chartBar, Height: height, Label: day(start) + ": " + amount(d.Gross, total.Currency)})
		}
	}
	last := len(starts) - 1
	ch.Ticks = []views.DashboardTick{
		{X: 0, Anchor: "start", Text: day(starts[0])},
		{X: ch.Width / 2, Anchor: "middle", Text: day(starts[last/2])},
		{X: ch.Width, Anchor: "end", Text: day(starts[last])},
	}
	return ch
}

// failingDelivery is a failing webhook delivery as the home page lists it.
func failingDelivery(d till.DeliveryLog) views.DashboardFailingDelivery {
	f := views.DashboardFailingDelivery{EventID: d.EventID, EventType: d.EventType,
		EndpointURL: webhooksPath + "/" + d.EndpointID, URL: d.EndpointURL, Status: "Failed",
		Attempts: strconv.Itoa(d.AttemptCount) + " " + plural(int64(d.AttemptCount), "attempt", "attempts")}
	if !d.TestEvent {
		f.EventURL = eventsPath + "/" + d.EventID
	}
	if a := d.Latest(); a != nil {
		f.LastAttempt, f.Answer = formatTime(a.At), a.Error
		if a.StatusCode != 0 {
			f.Answer = "HTTP " + strconv.Itoa(a.StatusCode)
		}
	}
	if d.Status == till.DeliveryPending {
		f.Status, f.NextAttempt = "Retrying", formatTime(d.NextAttempt)
	}
	return f
}

// day is a UTC day as the home page names it.
func day(t int64) string { return time.Unix(t, 0).UTC().Format("Jan 2") }

// plural is the word for n of something.
func plural(n int64, one, other string) string {
	if n == 1 {
		return one
	}
	return other
}
