package web

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Metrics are Till's Prometheus metrics: requests by route and status, and
// the business counters an operator watches.
type Metrics struct {
	Registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	sessions *prometheus.CounterVec
	// requestLogDropped counts the API requests the request log's queue
	// had no room for.
	requestLogDropped prometheus.Counter
}

// NewMetrics registers Till's metrics, with Go's runtime collectors, on a
// registry of their own (no global state, so tests can build many servers).
func NewMetrics() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "till_http_requests_total", Help: "HTTP requests by route, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "till_http_request_duration_seconds", Help: "HTTP request latency by route and method.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route", "method"}),
		sessions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "till_checkout_sessions_total", Help: "Checkout Sessions by event: created, completed, expired.",
		}, []string{"event"}),
		requestLogDropped: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "till_request_log_dropped_total", Help: "API requests left out of the request log: its queue was full.",
		}),
	}
	m.Registry.MustRegister(m.requests, m.latency, m.sessions, m.requestLogDropped,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// SessionCreated counts a created session.
func (m *Metrics) SessionCreated() { m.sessions.WithLabelValues("created").Inc() }

// SessionCompleted counts a completed session.
func (m *Metrics) SessionCompleted() { m.sessions.WithLabelValues("completed").Inc() }

// SessionExpired counts an expired session.
func (m *Metrics) SessionExpired() { m.sessions.WithLabelValues("expired").Inc() }

func (m *Metrics) observe(c *fiber.Ctx, status int, d time.Duration) {
	route := routePattern(c)
	m.requests.WithLabelValues(route, c.Method(), strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route, c.Method()).Observe(d.Seconds())
}
