package web

import (
	"context"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"

	"till"
)

// RequestLogStore is where the request log is written; *db.Store
// implements it.
type RequestLogStore interface {
	RecordAPIRequests(ctx context.Context, reqs []till.APIRequest) error
}

// Bounds of the request log's queue and of one write.
const (
	requestLogQueue = 4096
	requestLogBatch = 500
)

// requestLog keeps each account's API requests in its request log, off
// the requests' path: observe queues every answered request, and one
// writer stores what has queued in one statement, so an idle server writes
// each request at once and a busy one a batch per round trip. The queue is
// bounded: while the database falls behind by more than its length,
// requests go unlogged and are counted (till_request_log_dropped_total),
// rather than making answers wait or memory grow. close writes what is
// queued and stops the writer.
type requestLog struct {
	store   RequestLogStore
	queue   chan till.APIRequest
	dropped func()
	log     *slog.Logger
	stop    chan struct{}
	done    chan struct{}
}

func newRequestLog(store RequestLogStore, dropped func(), log *slog.Logger) *requestLog {
	l := &requestLog{store: store, queue: make(chan till.APIRequest, requestLogQueue), dropped: dropped, log: log,
		stop: make(chan struct{}), done: make(chan struct{})}
	go l.run()
	return l
}

// record queues a request, or counts it dropped when the queue is full.
func (l *requestLog) record(r till.APIRequest) {
	select {
	case l.queue <- r:
	default:
		l.dropped()
	}
}

func (l *requestLog) run() {
	defer close(l.done)
	for {
		select {
		case r := <-l.queue:
			l.write(r)
		case <-l.stop:
			for {
				select {
				case r := <-l.queue:
					l.write(r)
				default:
					return
				}
			}
		}
	}
}

// write stores first and whatever else has queued, up to a batch.
func (l *requestLog) write(first till.APIRequest) {
	batch := []till.APIRequest{first}
fill:
	for len(batch) < requestLogBatch {
		select {
		case r := <-l.queue:
			batch = append(batch, r)
		default:
			break fill
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := l.store.RecordAPIRequests(ctx, batch); err != nil {
		l.log.Error("request log: write", "requests", len(batch), "error", err)
	}
}

func (l *requestLog) close() {
	close(l.stop)
	<-l.done
}

// logAPIRequest queues an answered API request of an account, one that
// authenticated with a secret key, for its request log: the method, path,
// status, request id and Idempotency-Key, never a body.
func (s *server) logAPIRequest(c *fiber.Ctx, status int) {
	info := till.RequestInfoFromContext(c.UserContext())
	if info.Caller.AccountID == "" || info.Caller.KeyKind != till.KeySecret {
		return
	}
	s.requestLog.record(till.APIRequest{AccountID: info.Caller.AccountID, Livemode: info.Caller.Livemode,
		RequestID: requestID(c), Method: c.Method(), Path: c.Path(), Status: status,
		IdempotencyKey: info.IdempotencyKey, Created: s.store.Now()})
}
