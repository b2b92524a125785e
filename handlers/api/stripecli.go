package api

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/contrib/websocket"
	"github.com/gofiber/fiber/v2"

	"till"
	"till/worker"
)

// The Stripe CLI's `stripe listen`: POST /v1/stripecli/sessions opens a
// session, then the CLI holds a websocket to the URL it was given. Till
// pushes each new event of the account over it as a webhook_event message,
// already signed with the session's secret; the CLI acknowledges each one
// (event_ack), filters by the --events it was given, forwards the event with
// the signature header it came with, and reports the target's answer
// (webhook_response).

// StripeCLIStore is what the Stripe CLI's routes need from storage, part of
// Store.
type StripeCLIStore interface {
	CreateStripeCLISession(ctx context.Context, websocketID string, sess till.StripeCLISession) error
	FindStripeCLISession(ctx context.Context, websocketID string) (*till.StripeCLISession, error)
	StripeCLIPendingEvents(ctx context.Context, websocketID string, limit int) ([]till.Event, error)
	MarkStripeCLIDelivered(ctx context.Context, websocketID, eventID string) error
	Sign(purpose, message string) string
}

// StripeCLIPath is where the CLI's websocket connects, outside /v1: the
// CLI sends no API key there, only the session's websocket id.
const StripeCLIPath = "/stripecli/subscribe"

const (
	// webhooksFeature is the websocket feature of classic (snapshot)
	// events, the only kind Till has.
	webhooksFeature = "webhooks"
	// stripeCLIReconnect is how often, in seconds, the CLI drops and
	// remakes its websocket. Each connection resends what the previous one
	// sent without an acknowledgement, so a long period means fewer such
	// seams.
	stripeCLIReconnect = 600
	// stripeCLIPoll is how often a connection looks for new events.
	stripeCLIPoll = 250 * time.Millisecond
	// stripeCLIIdle is how long a connection may stay silent: the CLI
	// pings every few seconds, so silence means it is gone.
	stripeCLIIdle = time.Minute
)

type stripeCLISessionParams struct {
	DeviceName              *string  `form:"device_name,emptyok"`
	WebsocketFeatures       []string `form:"websocket_features"`
	ForwardToURL            *string  `form:"forward_to_url,emptyok"`
	ForwardConnectToURL     *string  `form:"forward_connect_to_url,emptyok"`
	ForwardThinToURL        *string  `form:"forward_thin_to_url,emptyok"`
	ForwardThinConnectToURL *string  `form:"forward_thin_connect_to_url,emptyok"`
	Filters                 *string  `form:"filters,emptyok"`
}

// stripeCLISessionObject is what the CLI reads to connect.
type stripeCLISessionObject struct {
	WebsocketURL                string `json:"websocket_url"`
	WebsocketID                 string `json:"websocket_id"`
	WebsocketAuthorizedFeature  string `json:"websocket_authorized_feature"`
	Secret                      string `json:"secret"`
	ReconnectDelay              int    `json:"reconnect_delay"`
	DisplayConnectFilterWarning bool   `json:"display_connect_filter_warning"`
	DefaultVersion              string `json:"default_version"`
	LatestVersion               string `json:"latest_version"`
}

// StripeCLISessionCreate handles "POST /v1/stripecli/sessions", the CLI's
// first call of `stripe listen`. The forward URLs stay on the CLI's side:
// it forwards the events itself.
func (h *Handler) StripeCLISessionCreate(c *fiber.Ctx) error {
	r := newRequest(c)

	var p stripeCLISessionParams
	if err := decode(c, &p); err != nil {
		return err
	}
	if !slices.Contains(p.WebsocketFeatures, webhooksFeature) {
		return till.Invalid(till.CodeInvalidRequest, "websocket_features",
			"Till sends classic webhook events only: websocket_features must include %q.", webhooksFeature)
	}
	device := ""
	if p.DeviceName != nil {
		device = *p.DeviceName
	}
	id := "cliws_" + till.RandomString(32)
	sess := till.StripeCLISession{AccountID: r.accountID(), Livemode: r.info.Caller.Livemode, DeviceName: device}
	if err := h.store.CreateStripeCLISession(r.ctx, id, sess); err != nil {
		return err
	}
	base := strings.Replace(c.BaseURL(), "http", "ws", 1) // http → ws, https → wss
	// The CLI's events come in the account's version and no other, so that
	// is both its default and its latest.
	version := till.AccountAPIVersion(r.info.Caller.AccountAPIVersion)
	return writeJSON(c, fiber.StatusOK, &stripeCLISessionObject{
		WebsocketURL: base + StripeCLIPath, WebsocketID: id, WebsocketAuthorizedFeature: webhooksFeature,
		Secret: h.stripeCLISecret(&sess), ReconnectDelay: stripeCLIReconnect,
		DefaultVersion: version, LatestVersion: version,
	})
}

// stripeCLISecret is the signing secret of an account's device: derived,
// never stored, and the same for every session of that device, as Stripe's
// is, so a receiver configured once keeps verifying across runs.
func (h *Handler) stripeCLISecret(s *till.StripeCLISession) string {
	mode := map[bool]string{true: "live", false: "test"}[s.Livemode]
	mac, _ := base64.RawURLEncoding.DecodeString(h.store.Sign("stripecli.secret", s.AccountID+"\x00"+mode+"\x00"+s.DeviceName))
	return "whsec_" + hex.EncodeToString(mac)
}

const (
	localStripeCLIID      = "till.stripecli.id"
	localStripeCLISession = "till.stripecli.session"
)

// StripeCLIConnect handles the handshake of "GET /stripecli/subscribe": it
// finds the session of the Websocket-Id header before the upgrade, so an
// unknown one is answered with Stripe's error, on which the CLI opens a new
// session.
func (h *Handler) StripeCLIConnect(c *fiber.Ctx) error {
	if !websocket.IsWebSocketUpgrade(c) {
		return fiber.ErrUpgradeRequired
	}
	if f := c.Query("websocket_feature"); f != webhooksFeature {
		return till.Invalid(till.CodeInvalidRequest, "websocket_feature", "Unsupported websocket_feature: %q.", f)
	}
	id := c.Get("Websocket-Id")
	sess, err := h.store.FindStripeCLISession(c.UserContext(), id)
	if err != nil {
		return err
	}
	c.Locals(localStripeCLIID, id)
	c.Locals(localStripeCLISession, sess)
	return c.Next()
}

// StripeCLIStream returns the websocket side of "GET /stripecli/subscribe",
// which runs once StripeCLIConnect has let the upgrade through.
func (h *Handler) StripeCLIStream(log *slog.Logger) fiber.Handler {
	return websocket.New(func(conn *websocket.Conn) {
		s := &stripeCLIStream{h: h, log: log, conn: conn,
			id: conn.Locals(localStripeCLIID).(string), sess: conn.Locals(localStripeCLISession).(*till.StripeCLISession)}
		s.run()
	})
}

// stripeCLIStream is one websocket connection of a listen session.
type stripeCLIStream struct {
	h    *Handler
	log  *slog.Logger
	conn *websocket.Conn
	id   string
	sess *till.StripeCLISession
}

// stripeCLIWebhookEvent is the message that carries one event to the CLI.
// endpoint.api_version stays null: the CLI drops events formatted for a
// version other than the account's default unless run with --latest.
type stripeCLIWebhookEvent struct {
	Type                  string            `json:"type"`
	WebhookID             string            `json:"webhook_id"`
	WebhookConversationID string            `json:"webhook_conversation_id"`
	EventPayload          string            `json:"event_payload"`
	HTTPHeaders           map[string]string `json:"http_headers"`
	Endpoint              struct {
		APIVersion *string `json:"api_version"`
	} `json:"endpoint"`
}

// stripeCLIReply is what the CLI sends back: an event_ack once it has read
// an event, a webhook_response once the forward target answered. Both name
// the webhook; CLI releases have spelt the ack's field in three ways.
type stripeCLIReply struct {
	Type       string `json:"type"`
	WebhookID  string `json:"webhook_id"`
	EventID    string `json:"event_id"`
	EventToken string `json:"event_token"`
	Status     int    `json:"status"`
}

func (m stripeCLIReply) webhook() string {
	for _, id := range []string{m.WebhookID, m.EventID, m.EventToken} {
		if id != "" {
			return id
		}
	}
	return ""
}

// run sends the session's pending events, oldest first, until the CLI goes
// away. An event counts as delivered, for every later connection of the
// session too, once the CLI acknowledges it; one sent but not acknowledged
// on a connection that drops is sent again on the next.
func (s *stripeCLIStream) run() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	acks := make(chan string, 64)
	go s.read(ctx, cancel, acks)

	secret := s.h.stripeCLISecret(s.sess)
	sent := map[string]bool{} // webhook id = event id, sent on this connection
	tick := time.NewTicker(stripeCLIPoll)
	defer tick.Stop()
	for {
		events, err := s.h.store.StripeCLIPendingEvents(ctx, s.id, 100)
		if err != nil {
			if ctx.Err() == nil {
				s.log.Error("stripe cli: pending events", "error", err)
			}
			return
		}
		for i := range events {
			ev := &events[i]
			if sent[ev.ID] {
				continue
			}
			msg, err := stripeCLIMessage(ev, secret)
			if err != nil {
				s.log.Error("stripe cli: render event", "event", ev.ID, "error", err)
				return
			}
			s.conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
			if err := s.conn.WriteJSON(msg); err != nil {
				return
			}
			sent[ev.ID] = true
		}
		select {
		case <-ctx.Done():
			return
		case id := <-acks:
			if sent[id] {
				if err := s.h.store.MarkStripeCLIDelivered(ctx, s.id, id); err != nil && ctx.Err() == nil {
					s.log.Error("stripe cli: record delivery", "event", id, "error", err)
					return
				}
			}
		case <-tick.C:
		}
	}
}

// read takes the CLI's messages until the connection ends, passing on the
// webhooks acknowledged. The CLI's pings keep the connection alive.
func (s *stripeCLIStream) read(ctx context.Context, cancel func(), acks chan<- string) {
	defer cancel()
	extend := func() { s.conn.SetReadDeadline(time.Now().Add(stripeCLIIdle)) }
	extend()
	s.conn.SetPingHandler(func(data string) error {
		extend()
		return s.conn.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(5*time.Second))
	})
	for {
		_, data, err := s.conn.ReadMessage()
		if err != nil {
			return
		}
		extend()
		var m stripeCLIReply
		if json.Unmarshal(data, &m) != nil || (m.Type != "event_ack" && m.Type != "webhook_response") || m.webhook() == "" {
			continue
		}
		select {
		case acks <- m.webhook():
		case <-ctx.Done():
			return
		}
	}
}

// stripeCLIMessage renders an event as a webhook_event message, signed with
// the session's secret as a webhook endpoint's delivery is.
func stripeCLIMessage(ev *till.Event, secret string) (*stripeCLIWebhookEvent, error) {
	payload, err := RenderEvent(ev, ev.APIVersion)
	if err != nil {
		return nil, err
	}
	return &stripeCLIWebhookEvent{Type: "webhook_event", WebhookID: ev.ID, WebhookConversationID: "wc_" + ev.ID,
		EventPayload: string(payload), HTTPHeaders: map[string]string{
			"Content-Type":     "application/json; charset=utf-8",
			"User-Agent":       worker.UserAgent,
			"Stripe-Signature": worker.Sign(secret, time.Now(), payload),
		}}, nil
}
