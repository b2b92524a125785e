package till

import "context"

// RequestInfo is what the web layer learns about an API request before a
// handler runs: who called, which API version they speak, and the IDs that
// events caused by the request must carry.
type RequestInfo struct {
	Caller         Caller
	APIVersion     string
	RequestID      string
	IdempotencyKey string
	// IdempotencyFingerprint identifies the request's parameters, for
	// comparing a retry with the request that first used the key; empty when
	// the request carried no key.
	IdempotencyFingerprint string
}

type requestInfoKey struct{}

// NewContextWithRequestInfo returns ctx carrying info.
func NewContextWithRequestInfo(ctx context.Context, info RequestInfo) context.Context {
	return context.WithValue(ctx, requestInfoKey{}, info)
}

// RequestInfoFromContext returns the request info in ctx; the zero value if none.
func RequestInfoFromContext(ctx context.Context) RequestInfo {
	info, _ := ctx.Value(requestInfoKey{}).(RequestInfo)
	return info
}
