package main

import (
	"context"
	"debug/buildinfo"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// stripeMockModule is installed when stripe-mock is neither on PATH nor in
// Go's bin directory.
const stripeMockModule = "github.com/stripe/stripe-mock@latest"

// stripeMock is a running stripe-mock, the stateless Stripe API mock people
// use in Till's place, listening for HTTP on a port the system chose.
type stripeMock struct {
	cmd     *exec.Cmd
	exited  chan struct{} // closed when the process has ended
	addr    string        // 127.0.0.1:port
	version string
}

// startStripeMock starts stripe-mock with -http-port 0 (HTTP only: the
// other flags that pick an address leave its HTTPS listener on the fixed
// port 12112, which two runs on one machine would fight over) and reads
// the port from what it prints.
func startStripeMock(ctx context.Context) (*stripeMock, error) {
	bin, err := stripeMockPath(ctx)
	if err != nil {
		return nil, err
	}
	port := make(chan string, 1)
	listening := &listenLine{port: port}
	cmd := exec.CommandContext(ctx, bin, "-http-port", "0")
	cmd.Stdout, cmd.Stderr = listening, os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start stripe-mock: %w", err)
	}
	m := &stripeMock{cmd: cmd, exited: make(chan struct{}), version: "(version unknown)"}
	go func() {
		cmd.Wait()
		close(m.exited)
	}()
	if info, err := buildinfo.ReadFile(bin); err == nil {
		m.version = info.Main.Version
	}
	select {
	case p := <-port:
		m.addr = "127.0.0.1:" + p
		return m, nil
	case <-m.exited:
		return nil, errors.New("stripe-mock exited without saying where it listens")
	case <-time.After(30 * time.Second):
		m.stop()
		return nil, errors.New("stripe-mock did not start listening within 30 s")
	}
}

func (m *stripeMock) stop() {
	m.cmd.Process.Kill()
	<-m.exited
}

var listeningPattern = regexp.MustCompile(`Listening for HTTP at address: \S*:(\d+)\n`)

// listenLine is stripe-mock's standard output: it sends the port of the
// line "Listening for HTTP at address: [::]:port" and drops the rest (a
// line per request).
type listenLine struct {
	port chan<- string
	seen []byte
	sent bool
}

func (l *listenLine) Write(p []byte) (int, error) {
	if l.sent {
		return len(p), nil
	}
	l.seen = append(l.seen, p...)
	if m := listeningPattern.FindSubmatch(l.seen); m != nil {
		l.port <- string(m[1])
		l.sent, l.seen = true, nil
	}
	return len(p), nil
}

// stripeMockPath finds stripe-mock, and installs it into Go's bin directory
// with `go install` when it is not there.
func stripeMockPath(ctx context.Context) (string, error) {
	bin, found, err := findStripeMock(ctx)
	if err != nil || found {
		return bin, err
	}
	fmt.Fprintf(os.Stderr, "tillbench: installing %s into %s\n", stripeMockModule, filepath.Dir(bin))
	install := exec.CommandContext(ctx, "go", "install", stripeMockModule)
	install.Stdout, install.Stderr = os.Stderr, os.Stderr
	if err := install.Run(); err != nil {
		return "", fmt.Errorf("go install %s: %w", stripeMockModule, err)
	}
	return bin, nil
}

// findStripeMock looks for stripe-mock on PATH, then in Go's bin directory
// (GOBIN, else GOPATH's first entry's bin), where `go install` puts it;
// when it is in neither, it returns its path there and found=false.
func findStripeMock(ctx context.Context) (bin string, found bool, err error) {
	if p, err := exec.LookPath("stripe-mock"); err == nil {
		return p, true, nil
	}
	env, err := exec.CommandContext(ctx, "go", "env", "GOBIN", "GOPATH").Output()
	if err != nil {
		return "", false, fmt.Errorf("stripe-mock is not on PATH, and go env failed: %w", err)
	}
	// One line each, GOBIN's empty when unset.
	gobin, gopath, _ := strings.Cut(strings.TrimSuffix(string(env), "\n"), "\n")
	if gobin == "" {
		gopath, _, _ = strings.Cut(gopath, string(os.PathListSeparator))
		gobin = filepath.Join(gopath, "bin")
	}
	bin = filepath.Join(gobin, "stripe-mock")
	_, err = os.Stat(bin)
	return bin, err == nil, nil
}
