package till

import (
	"encoding/json"
	"testing"
)

// A test event is of the endpoint's first type Till has an object for,
// about a sample object of that type's kind with an id of zeros.
func TestSampleEvent(t *testing.T) {
	id := func(v any) ([]byte, error) { return json.Marshal(v) }
	renderers := Renderers{
		Session: func(s *Session) ([]byte, error) {
			return id(map[string]string{"object": "checkout.session", "status": s.Status})
		},
		Customer:      func(c *Customer) ([]byte, error) { return id(map[string]string{"object": "customer"}) },
		PaymentIntent: func(pi *PaymentIntent) ([]byte, error) { return id(map[string]string{"object": "payment_intent"}) },
		Charge:        func(ch *Charge) ([]byte, error) { return id(map[string]string{"object": "charge"}) },
		Refund:        func(r *Refund) ([]byte, error) { return id(map[string]string{"object": "refund"}) },
	}
	for _, tc := range []struct {
		enabled            []string
		typ, object, objID string
	}{
		{[]string{"*"}, EventCheckoutSessionCompleted, "checkout.session", "cs_test_00000000000000"},
		{[]string{"product.created", EventCheckoutSessionExpired}, EventCheckoutSessionExpired, "checkout.session", "cs_test_00000000000000"},
		{[]string{EventPaymentIntentSucceeded}, EventPaymentIntentSucceeded, "payment_intent", "pi_00000000000000"},
		{[]string{EventChargeRefunded}, EventChargeRefunded, "charge", "ch_00000000000000"},
		{[]string{EventChargeRefundUpdated}, EventChargeRefundUpdated, "refund", "re_00000000000000"},
		{[]string{EventRefundCreated}, EventRefundCreated, "refund", "re_00000000000000"},
		{[]string{"customer.deleted"}, "customer.deleted", "customer", "cus_00000000000000"},
	} {
		ev, err := SampleEvent(&WebhookEndpoint{EnabledEvents: tc.enabled}, renderers, 1700000000)
		var got map[string]string
		json.Unmarshal(ev.Data, &got)
		if err != nil || ev.Type != tc.typ || ev.ObjectID != tc.objID || got["object"] != tc.object {
			t.Errorf("%v: %s about %s (%s), %v; want %s about %s", tc.enabled, ev.Type, ev.ObjectID, ev.Data, err, tc.typ, tc.objID)
		}
		if tc.typ == EventCheckoutSessionExpired && got["status"] != SessionExpired {
			t.Errorf("an expired session's sample is %s", got["status"])
		}
	}
	_, err := SampleEvent(&WebhookEndpoint{EnabledEvents: []string{"product.created", "price.updated"}}, renderers, 1700000000)
	if e := AsError(err); e.Kind != KindInvalid || e.Param != "enabled_events" {
		t.Errorf("an endpoint of products and prices only: %v", err)
	}
}
