package worker

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"testing"
	"time"
)

// TestGuardRefuses dials through the guard's dialer. The guard runs before
// the connection is made, so none of these dials sends a packet.
func TestGuardRefuses(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			t.Errorf("a refused dial reached the listener from %s", c.RemoteAddr())
			c.Close()
		}
	}()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	d := NewGuard(nil).Dialer()
	for _, tc := range []struct{ name, addr string }{
		{"Loopback", "127.0.0.1:" + port},
		{"IPv6Loopback", "[::1]:" + port},
		{"MappedLoopback", "[::ffff:127.0.0.1]:" + port},
		{"Metadata", "169.254.169.254:80"},
		{"Private", "10.0.0.1:80"},
		{"CGNAT", "100.64.0.1:80"},
		{"Unspecified", "0.0.0.0:" + port},
		{"Localhost", "localhost:" + port},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			c, err := d.DialContext(ctx, "tcp", tc.addr)
			if err == nil {
				c.Close()
				t.Fatalf("dial %s succeeded", tc.addr)
			}
			if !errors.Is(err, ErrAddressNotAllowed) {
				t.Fatalf("dial %s: %v, want ErrAddressNotAllowed", tc.addr, err)
			}
		})
	}
}

func TestGuardAllows(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		if c, err := ln.Accept(); err == nil {
			c.Close()
		}
	}()
	allow, err := ParseCIDRs("127.0.0.0/8, ::1/128")
	if err != nil {
		t.Fatal(err)
	}
	c, err := NewGuard(allow).Dialer().DialContext(context.Background(), "tcp", ln.Addr().String())
	if err != nil {
		t.Fatalf("allowed dial: %v", err)
	}
	c.Close()
}

func TestGuardCheck(t *testing.T) {
	allow, _ := ParseCIDRs("10.1.0.0/16")
	g := NewGuard(allow)
	for _, tc := range []struct {
		addr string
		ok   bool
	}{
		{"93.184.215.14", true}, {"2606:4700::6810:85e5", true}, {"10.1.2.3", true},
		{"10.2.0.1", false}, {"192.168.1.1", false}, {"172.16.0.1", false}, {"fd00::1", false},
		{"fe80::1", false}, {"::", false}, {"224.0.0.1", false}, {"255.255.255.255", false},
		{"::ffff:169.254.169.254", false}, {"64:ff9b::7f00:1", false},
	} {
		err := g.Check(netip.MustParseAddr(tc.addr))
		if (err == nil) != tc.ok {
			t.Errorf("Check(%s) = %v, want ok=%v", tc.addr, err, tc.ok)
		}
	}
}

func TestParseCIDRs(t *testing.T) {
	if _, err := ParseCIDRs("127.0.0.0/8,nope"); err == nil {
		t.Error("ParseCIDRs accepted nope")
	}
	got, err := ParseCIDRs("")
	if err != nil || len(got) != 0 {
		t.Errorf("ParseCIDRs(\"\") = %v, %v", got, err)
	}
}
