package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// cpuUse is the CPU time a measurement of Till used: this process's (Till
// and the load client) and that of the bench database's PostgreSQL
// backends. On a machine other work shares, a rate moves with the
// neighbours' load, and a rate's ratio to pgbench's, measured at another
// moment, with it; the CPU time each request took moves much less, so it
// is what tells a change's effect apart from the noise.
type cpuUse struct {
	till, postgres time.Duration
	// postgresKnown is false when the backends' CPU could not be read: a
	// server on another host, or a system without /proc.
	postgresKnown bool
}

// cpuSample is a reading of the CPU time used so far.
type cpuSample struct {
	self     time.Duration
	backends map[int]time.Duration
	known    bool
}

// sampleCPU reads this process's CPU time and each of the bench database's
// backends'.
func (b bench) sampleCPU(ctx context.Context) cpuSample {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	s := cpuSample{self: time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), backends: map[int]time.Duration{}, known: true}
	var pids []int
	if b.conn == nil {
		s.known = false
		return s
	}
	if err := b.conn.SelectContext(ctx, &pids, "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"); err != nil {
		s.known = false
		return s
	}
	for _, pid := range pids {
		d, err := processCPU(pid)
		if err != nil {
			s.known = false
			return s
		}
		s.backends[pid] = d
	}
	return s
}

// since is the CPU time used from an earlier sample to s. A backend that
// started in between counts from nothing; one that ended in between is
// lost (the pool keeps its connections, so there are few).
func (s cpuSample) since(earlier cpuSample) cpuUse {
	u := cpuUse{till: s.self - earlier.self, postgresKnown: s.known && earlier.known}
	for pid, d := range s.backends {
		u.postgres += d - earlier.backends[pid]
	}
	return u
}

// processCPU is a process's user and system time from /proc/<pid>/stat
// (fields 14 and 15, in the kernel's USER_HZ ticks, 100 a second).
func processCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	return parseProcStat(string(b))
}

func parseProcStat(stat string) (time.Duration, error) {
	// The command name, in parentheses, may hold spaces: count from after it.
	end := strings.LastIndexByte(stat, ')')
	if end < 0 {
		return 0, fmt.Errorf("no command name in %q", stat)
	}
	fields := strings.Fields(stat[end+1:])
	if len(fields) < 13 {
		return 0, fmt.Errorf("too few fields in %q", stat)
	}
	var ticks int64
	for _, f := range fields[11:13] { // utime, stime: fields 14 and 15 of the line
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return 0, err
		}
		ticks += n
	}
	return time.Duration(ticks) * 10 * time.Millisecond, nil
}
