package main

import "testing"

func TestSessionURL(t *testing.T) {
	for _, tc := range []struct{ name, json, want string }{
		{"Indented", "{\n  \"after_expiration\": {\"recovery\": {\"url\": \"https://nested.example\"}},\n  \"url\": \"http://127.0.0.1:4242/c/pay/cs_test_1\",\n  \"wallet_options\": null\n}", "http://127.0.0.1:4242/c/pay/cs_test_1"},
		{"Compact", `{"id":"cs_test_2","url":"http://127.0.0.1:4242/c/pay/cs_test_2"}`, "http://127.0.0.1:4242/c/pay/cs_test_2"},
		{"Escaped", `{"url":"http:\/\/127.0.0.1:4242\/c\/pay\/cs_test_3?a=1\u0026b=2"}`, "http://127.0.0.1:4242/c/pay/cs_test_3?a=1&b=2"},
		{"Null", `{"url": null}`, ""},
		{"None", `{"id":"cs_test_4"}`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := sessionURL([]byte(tc.json)); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
