package worker

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"syscall"
	"time"
)

// ErrAddressNotAllowed is the error of a dial the SSRF guard refused.
var ErrAddressNotAllowed = errors.New("webhook address not allowed")

// blocked are the ranges a webhook may not reach unless the operator allows
// them: besides what netip classifies (loopback, private, link-local with
// the cloud metadata address 169.254.169.254, unspecified, multicast), the
// special-purpose ranges that are not the public internet.
var blocked = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, and broadcast
	netip.MustParsePrefix("64:ff9b::/96"),    // NAT64: may map onto any IPv4 address
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
}

// Guard refuses outbound connections to addresses a webhook must not reach
// (SSRF): a merchant's URL could otherwise point Till at its own database,
// the cloud metadata service or the operator's internal network. It checks
// the address actually dialled, after DNS resolution, so a host name that
// resolves (or re-resolves, DNS rebinding) to an internal address is refused
// too. Allow lists ranges the operator opens on purpose.
type Guard struct {
	allow []netip.Prefix
}

// NewGuard returns a guard that lets through only public addresses and the
// allowed ranges.
func NewGuard(allow []netip.Prefix) *Guard {
	return &Guard{allow: allow}
}

// ParseCIDRs parses a comma-separated list of CIDR ranges, as
// TILL_WEBHOOK_ALLOW_CIDRS holds them.
func ParseCIDRs(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("invalid CIDR %q", f)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

// Check reports whether a connection to addr is allowed.
func (g *Guard) Check(addr netip.Addr) error {
	addr = addr.Unmap().WithZone("") // ::ffff:127.0.0.1 is 127.0.0.1
	for _, p := range g.allow {
		if p.Contains(addr) {
			return nil
		}
	}
	if !addr.IsValid() || addr.IsLoopback() || addr.IsPrivate() || addr.IsLinkLocalUnicast() ||
		addr.IsLinkLocalMulticast() || addr.IsInterfaceLocalMulticast() || addr.IsMulticast() ||
		addr.IsUnspecified() {
		return fmt.Errorf("%w: %s", ErrAddressNotAllowed, addr)
	}
	for _, p := range blocked {
		if p.Contains(addr) {
			return fmt.Errorf("%w: %s", ErrAddressNotAllowed, addr)
		}
	}
	return nil
}

// Control is a net.Dialer Control function: it runs after name resolution
// and before the connection is made, on each address tried.
func (g *Guard) Control(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrAddressNotAllowed, address)
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrAddressNotAllowed, address)
	}
	return g.Check(addr)
}

// Dialer returns a dialer that consults the guard on every connection.
func (g *Guard) Dialer() *net.Dialer {
	return &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second, Control: g.Control}
}
