package load

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Process is a server started by StartProcess: another process, so that
// its CPU time (from /proc/PID/stat) is its own and not the load
// generator's.
type Process struct {
	URL  string // the base URL it printed, "http://127.0.0.1:PORT"
	Name string
	cmd  *exec.Cmd
	done chan error
}

// StartProcess runs path with args, its standard error going to stderr,
// and returns once it printed a line holding "listening on URL" on its
// standard output (ecsemu and the bare server both do), or fails after
// two minutes. The process is stopped by Stop, by its PID.
func StartProcess(ctx context.Context, name, path string, args []string, stderr io.Writer) (*Process, error) {
	return startWithEnv(ctx, name, path, args, nil, stderr)
}

// startWithEnv is StartProcess with env added to this process's environment.
func startWithEnv(ctx context.Context, name, path string, args, env []string, stderr io.Writer) (*Process, error) {
	cmd := exec.Command(path, args...)
	if env != nil {
		cmd.Env = append(os.Environ(), env...)
	}
	cmd.Stderr = stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("load: starting %s: %w", name, err)
	}
	p := &Process{Name: name, cmd: cmd, done: make(chan error, 1)}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if _, u, ok := strings.Cut(sc.Text(), "listening on "); ok {
				select {
				case found <- strings.TrimSpace(u):
				default:
				}
			}
		}
		p.done <- cmd.Wait()
	}()
	select {
	case p.URL = <-found:
		return p, nil
	case err := <-p.done:
		return nil, fmt.Errorf("load: %s exited before it listened: %v", name, err)
	case <-ctx.Done():
	case <-time.After(2 * time.Minute): // valgrind takes its time
	}
	p.Stop()
	return nil, fmt.Errorf("load: %s printed no \"listening on\" line", name)
}

// PID is the process's ID.
func (p *Process) PID() int { return p.cmd.Process.Pid }

// Stop sends SIGTERM to the process and waits up to 10 seconds for it to
// exit, then kills it.
func (p *Process) Stop() error {
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.done:
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.ExitCode() == -1 {
			return nil // ended by the signal
		}
		return err
	case <-time.After(10 * time.Second):
		p.cmd.Process.Kill()
		<-p.done
		return fmt.Errorf("load: %s did not stop within 10s of SIGTERM; killed", p.Name)
	}
}

// clockTicks is USER_HZ, the unit of /proc/PID/stat's times: 100 on every
// Linux architecture Go supports.
const clockTicks = 100

// CPUTime is the user and system CPU time process pid has used so far, from
// /proc/PID/stat (fields utime and stime, in ticks of 10 ms).
func CPUTime(pid int) (time.Duration, error) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, err
	}
	return parseStatCPU(data)
}

func parseStatCPU(data []byte) (time.Duration, error) {
	// The command name, field 2, is in parentheses and may hold spaces;
	// the fields after its closing parenthesis start at field 3 (state).
	i := bytes.LastIndexByte(data, ')')
	if i < 0 {
		return 0, errors.New("load: /proc/PID/stat without a command name")
	}
	f := strings.Fields(string(data[i+1:]))
	if len(f) < 13 {
		return 0, errors.New("load: /proc/PID/stat too short")
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64) // field 14
	stime, err2 := strconv.ParseInt(f[12], 10, 64) // field 15
	if err := errors.Join(err1, err2); err != nil {
		return 0, err
	}
	return time.Duration(utime+stime) * time.Second / clockTicks, nil
}

// RSS is the resident set size of process pid, from /proc/PID/status.
func RSS(pid int) (int64, error) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, errors.New("load: no VmRSS in /proc/PID/status")
}

// LoadAverage is the one-minute load average of the machine.
func LoadAverage() float64 {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return -1
	}
	f := strings.Fields(string(data))
	if len(f) == 0 {
		return -1
	}
	v, _ := strconv.ParseFloat(f[0], 64)
	return v
}
