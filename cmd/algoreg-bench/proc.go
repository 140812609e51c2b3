package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// server is a running `algoreg serve` or `algoreg serve-public` subprocess.
type server struct {
	cmd  *exec.Cmd
	base string // http://127.0.0.1:PORT
	log  *os.File
	done chan error

	stopOnce sync.Once
	stopErr  error
}

var listening = regexp.MustCompile(`luistert op (http://[0-9.:\[\]]+)`)

// startServer starts bin with args (which must include --addr 127.0.0.1:0), copies its output
// to logPath and waits until it says where it listens.
func startServer(ctx context.Context, bin string, env []string, logPath string, args ...string) (*server, error) {
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, fmt.Errorf("serverlog: %w", err)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout = logf
	pr, err := cmd.StderrPipe()
	if err != nil {
		logf.Close()
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, fmt.Errorf("%s starten: %w", bin, err)
	}
	s := &server{cmd: cmd, log: logf, done: make(chan error, 1)}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		sent := false
		for sc.Scan() {
			line := sc.Text()
			fmt.Fprintln(logf, line)
			if m := listening.FindStringSubmatch(line); m != nil && !sent {
				addr <- m[1]
				sent = true
			}
		}
		io.Copy(logf, pr)
		s.done <- cmd.Wait()
	}()
	select {
	case a := <-addr:
		s.base = a
		return s, nil
	case err := <-s.done:
		logf.Close()
		return nil, fmt.Errorf("%s stopte voor het luisterde (%v), zie %s", bin, err, logPath)
	case <-time.After(5 * time.Minute):
		s.stop()
		return nil, fmt.Errorf("%s luistert na 5 minuten nog niet, zie %s", bin, logPath)
	case <-ctx.Done():
		s.stop()
		return nil, ctx.Err()
	}
}

// stop sends SIGTERM, waits for a graceful shutdown (at most 40 s) and then kills. Only the
// first call does anything; later calls return its result.
func (s *server) stop() error {
	s.stopOnce.Do(func() { s.stopErr = s.terminate() })
	return s.stopErr
}

func (s *server) terminate() error {
	defer s.log.Close()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return err
	}
	select {
	case err := <-s.done:
		return err
	case <-time.After(40 * time.Second):
		s.cmd.Process.Kill()
		return fmt.Errorf("server stopte niet binnen 40 s na SIGTERM")
	}
}

// memory is a process's resident memory.
type memory struct {
	RSS, HWM int64 // bytes: VmRSS (now) and VmHWM (peak)
}

// readMemory reads VmRSS and VmHWM of pid from /proc.
func readMemory(pid int) (memory, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return memory{}, fmt.Errorf("procesgeheugen lezen: %w", err)
	}
	return parseStatus(b)
}

// parseStatus reads VmRSS and VmHWM (in kB) from the text of /proc/PID/status.
func parseStatus(b []byte) (memory, error) {
	var m memory
	var seen int
	for line := range bytes.Lines(b) {
		k, v, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			continue
		}
		var dst *int64
		switch string(k) {
		case "VmRSS":
			dst = &m.RSS
		case "VmHWM":
			dst = &m.HWM
		default:
			continue
		}
		f := strings.Fields(string(v))
		if len(f) != 2 || f[1] != "kB" {
			return memory{}, fmt.Errorf("%s: onverwachte waarde %q", k, bytes.TrimSpace(v))
		}
		n, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil || n < 0 {
			return memory{}, fmt.Errorf("%s: geen getal: %q", k, f[0])
		}
		*dst = n * 1024
		seen++
	}
	if seen < 2 {
		return memory{}, fmt.Errorf("VmRSS of VmHWM ontbreekt")
	}
	return m, nil
}

// machine describes where the figures were measured.
type machine struct {
	CPUs      int
	CPUModel  string
	MemTotal  string
	GoVersion string
	Kernel    string
	Date      string
	LoadAvg   string // /proc/loadavg's 1-minute figure when the run started: other work on the machine
}

func describeMachine() machine {
	m := machine{CPUs: runtime.NumCPU(), GoVersion: runtime.Version(), Date: time.Now().UTC().Format("2006-01-02 15:04 UTC")}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		m.CPUModel = procField(b, "model name")
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		if kb, err := strconv.ParseInt(strings.TrimSuffix(procField(b, "MemTotal"), " kB"), 10, 64); err == nil {
			m.MemTotal = fmt.Sprintf("%.1f GiB", float64(kb)/(1<<20))
		}
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(b)); len(f) > 0 {
			m.LoadAvg = f[0]
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(b))
	}
	return m
}

// procField returns the value of the first "key : value" line of a /proc file.
func procField(b []byte, key string) string {
	for line := range bytes.Lines(b) {
		k, v, ok := bytes.Cut(line, []byte(":"))
		if ok && string(bytes.TrimSpace(k)) == key {
			return string(bytes.TrimSpace(v))
		}
	}
	return ""
}

func (m machine) markdown() string {
	return fmt.Sprintf("Machine: %d CPUs (`nproc`), %s, %s memory, Linux %s, %s; measured %s; load average when the run started %s (%s).",
		m.CPUs, m.CPUModel, m.MemTotal, m.Kernel, m.GoVersion, m.Date, m.LoadAvg, quiet(m.LoadAvg, m.CPUs))
}

// runCLI runs `bin args...` and returns its stdout, stderr and exit status; a status not in ok
// is an error.
func runCLI(ctx context.Context, bin string, env []string, stdin string, ok []int, args ...string) (string, string, time.Duration, error) {
	out, errs, d, _, err := runCLICPU(ctx, bin, env, stdin, ok, args...)
	return out, errs, d, err
}

// runCLICPU is runCLI that also returns the CPU time (user + system) the command used: on a
// machine shared with other work the wall clock grows, the CPU time hardly does.
func runCLICPU(ctx context.Context, bin string, env []string, stdin string, ok []int, args ...string) (string, string, time.Duration, time.Duration, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	var cpu time.Duration
	if cmd.ProcessState != nil {
		cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	code := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			return out.String(), errb.String(), d, 0, fmt.Errorf("algoreg %s: %w", args[0], err)
		}
		code = ee.ExitCode()
	}
	for _, c := range ok {
		if c == code {
			return out.String(), errb.String(), d, cpu, nil
		}
	}
	tail := errb.String()
	if len(tail) > 600 {
		tail = "…" + tail[len(tail)-600:]
	}
	return out.String(), errb.String(), d, cpu, fmt.Errorf("algoreg %s: exitstatus %d: %s", strings.Join(args[:min(2, len(args))], " "), code, tail)
}

// quiet says whether the machine was otherwise idle: figures taken while other work ran are
// upper bounds, not the program's own cost.
func quiet(load string, cpus int) string {
	l, err := strconv.ParseFloat(load, 64)
	if err != nil {
		return "unknown"
	}
	if l < 0.5*float64(cpus) {
		return "quiet machine"
	}
	return "**other work was running: figures are pessimistic**"
}

// clockTick is the unit of utime and stime in /proc/PID/stat (USER_HZ, 100 on Linux).
const clockTick = 10 * time.Millisecond

// readCPU returns the CPU time (user + system) process pid has used so far.
func readCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, fmt.Errorf("proces-CPU lezen: %w", err)
	}
	return parseStat(b)
}

// parseStat reads utime + stime from the text of /proc/PID/stat. The command name (field 2)
// is in parentheses and may hold spaces, so fields are counted after the last ')'.
func parseStat(b []byte) (time.Duration, error) {
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, fmt.Errorf("stat: geen procesnaam")
	}
	f := strings.Fields(string(b[i+1:]))
	// after the name: state(3) ppid(4) ... utime(14) stime(15): indexes 11 and 12 here
	if len(f) < 13 {
		return 0, fmt.Errorf("stat: te weinig velden (%d)", len(f))
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil || u < 0 || st < 0 || u > 1<<40 || st > 1<<40 {
		return 0, fmt.Errorf("stat: utime/stime zijn geen getallen: %q %q", f[11], f[12])
	}
	return time.Duration(u+st) * clockTick, nil
}
