package till

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"testing"
)

// testMAC stands in for the store's Sign and Verify under one key.
func testMAC(key string) (func(purpose, message string) string, func(purpose, message, mac string) bool) {
	sign := func(purpose, message string) string {
		m := hmac.New(sha256.New, []byte(key))
		m.Write([]byte(purpose + "\x00" + message))
		return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
	}
	return sign, func(purpose, message, mac string) bool {
		return hmac.Equal([]byte(sign(purpose, message)), []byte(mac))
	}
}

func TestReceiptToken(t *testing.T) {
	sign, verify := testMAC("k1")
	token := ReceiptToken("ch_abc", sign)
	if token != ReceiptToken("ch_abc", sign) {
		t.Error("the token of a charge changes between reads")
	}
	if id, ok := ReceiptChargeID(token, verify); !ok || id != "ch_abc" {
		t.Errorf("ReceiptChargeID(%q) = %q, %v", token, id, ok)
	}
	id, mac, _ := strings.Cut(token, ".")
	otherSign, _ := testMAC("k2")
	for name, bad := range map[string]string{
		"OtherCharge":     "ch_abd." + mac,
		"TamperedMAC":     id + "." + strings.Repeat("A", len(mac)),
		"NoMAC":           id,
		"EmptyMAC":        id + ".",
		"EmptyID":         "." + mac,
		"OtherKey":        ReceiptToken("ch_abc", otherSign),
		"OtherPurpose":    id + "." + sign("checkout.session.url", id),
		"TrailingGarbage": token + "x",
	} {
		if got, ok := ReceiptChargeID(bad, verify); ok {
			t.Errorf("%s: %q names %q", name, bad, got)
		}
	}
	if (&Charge{Status: ChargeFailed}).HasReceipt() || !(&Charge{Status: ChargeSucceeded}).HasReceipt() {
		t.Error("only a succeeded charge has a receipt")
	}
}
