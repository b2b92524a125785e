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
	listening := &listenLine{port: make(chan string, 1)}
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
	case port := <-listening.port:
		m.addr = "127.0.0.1:" + port
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
	seen []byte
	port chan string
}

func (l *listenLine) Write(p []byte) (int, error) {
	if l.port == nil {
		return len(p), nil
	}
	l.seen = append(l.seen, p...)
	if m := listeningPattern.FindSubmatch(l.seen); m != nil {
		l.port <- string(m[1])
		l.port, l.seen = nil, nil
	}
	return len(p), nil
}

// stripeMockPath finds stripe-mock on PATH or in Go's bin directory
// (GOBIN, else GOPATH's first entry's bin), and installs it there with
// `go install` when it is in neither.
func stripeMockPath(ctx context.Context) (string, error) {
	if p, err := exec.LookPath("stripe-mock"); err == nil {
		return p, nil
	}
	env, err := exec.CommandContext(ctx, "go", "env", "GOBIN", "GOPATH").Output()
	if err != nil {
		return "", fmt.Errorf("stripe-mock is not on PATH, and go env failed: %w", err)
	}
	// One line each, GOBIN's empty when unset.
	gobin, gopath, _ := strings.Cut(strings.TrimSuffix(string(env), "\n"), "\n")
	if gobin == "" {
		gopath, _, _ = strings.Cut(gopath, string(os.PathListSeparator))
		gobin = filepath.Join(gopath, "bin")
	}
	bin := filepath.Join(gobin, "stripe-mock")
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	fmt.Fprintf(os.Stderr, "tillbench: installing %s into %s\n", stripeMockModule, gobin)
	install := exec.CommandContext(ctx, "go", "install", stripeMockModule)
	install.Stdout, install.Stderr = os.Stderr, os.Stderr
	if err := install.Run(); err != nil {
		return "", fmt.Errorf("go install %s: %w", stripeMockModule, err)
	}
	return bin, nil
}
