package selftest_test

import (
	"bufio"
	"bytes"
	"io"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/ecs-conformance/ecs-conformance/runner"
)

// listeningPrefix starts the line cmd/ecsemu prints once it accepts
// connections; the address follows.
const listeningPrefix = "ecsemu listening on "

// TestSuitePassesAgainstEcsemu starts cmd/ecsemu as a process of its own,
// as a user would, with a control token, runs the suite against it in live
// mode (its fault specs pass only if the suite sends the token), then once
// more through the mutating proxy (which must make it fail), and stops the
// emulator with SIGTERM, which it must survive with exit status 0.
func TestSuitePassesAgainstEcsemu(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the suite and cmd/ecsemu")
	}
	if runtime.GOOS == "windows" {
		t.Skip("stops the emulator with SIGTERM")
	}
	const token = "selftest-control-token-0001"
	emu := startEcsemu(t, ecsemuBinary.get(t), "ECSEMU_CONTROL_TOKEN="+token)
	withToken := runner.EnvControlToken + "=" + token

	res := runSuite(t, emu.url, withToken)
	if res.exitCode != 0 || len(res.failed) > 0 || res.passed == 0 {
		t.Errorf("the suite does not pass against cmd/ecsemu (exit %d, %d passed, failed: %v):\n%s",
			res.exitCode, res.passed, names(res.failed), tail(res.output))
	} else {
		t.Logf("%d specs passed against cmd/ecsemu at %s", res.passed, emu.url)
	}
	// The README's live command names no scheme and no control plane: both
	// schemes must have run, and the fault specs with them.
	for _, msg := range res.skips {
		if strings.Contains(msg, "restricted to") || strings.Contains(msg, "control plane") {
			t.Errorf("the live command skipped specs it should run: %s", msg)
		}
	}

	// The same proxy fronts a process as well as a handler: the suite
	// must notice a deviation of a target it reaches over the network.
	upstream, err := url.Parse(emu.url)
	if err != nil {
		t.Fatalf("parsing the emulator's address: %v", err)
	}
	m := mutantNamed(t, "ServiceID as a string")
	p := &mutatingProxy{upstream: httputil.NewSingleHostReverseProxy(upstream), mutate: m.mutate}
	srv := httptest.NewServer(p)
	mutated := runSuite(t, srv.URL, withToken, runner.EnvSignature+"=v3")
	srv.Close()
	if killers, _ := splitFailures(mutated.failed); mutated.exitCode == 0 || len(killers) == 0 || p.fired.Load() == 0 {
		t.Errorf("through the proxy (%q, %d answers changed) the suite still passes against cmd/ecsemu (exit %d)",
			m.name, p.fired.Load(), mutated.exitCode)
	}

	code, stderr := emu.stop(t)
	if code != 0 {
		t.Errorf("cmd/ecsemu exited with %d on SIGTERM; want 0:\n%s", code, tail(stderr))
	}
	if !bytes.Contains(stderr, []byte("ecsemu stopped")) {
		t.Errorf("cmd/ecsemu did not log its clean shutdown:\n%s", tail(stderr))
	}
}

// ecsemuProcess is a running cmd/ecsemu.
type ecsemuProcess struct {
	url     string
	cmd     *exec.Cmd
	stderr  *bytes.Buffer
	drained chan struct{} // closed when stdout reaches EOF
}

// startEcsemu starts bin on a free loopback port, with env added to its
// environment, and waits for the line that names it. If the test ends
// before stop, the process is killed.
func startEcsemu(t *testing.T, bin string, env ...string) *ecsemuProcess {
	t.Helper()
	e := &ecsemuProcess{cmd: exec.Command(bin, "-listen", "127.0.0.1:0"), stderr: &bytes.Buffer{}, drained: make(chan struct{})}
	e.cmd.Env = append(os.Environ(), env...)
	// exec copies stderr into the buffer; it is read only after Wait.
	e.cmd.Stderr = e.stderr
	stdout, err := e.cmd.StdoutPipe()
	if err != nil {
		t.Fatalf("cmd/ecsemu stdout: %v", err)
	}
	if err := e.cmd.Start(); err != nil {
		t.Fatalf("starting cmd/ecsemu: %v", err)
	}
	t.Cleanup(func() {
		if e.cmd.ProcessState == nil {
			_ = e.cmd.Process.Kill()
			<-e.drained
			_ = e.cmd.Wait()
		}
	})
	r := bufio.NewReader(stdout)
	line, readErr := r.ReadString('\n')
	// Drain the rest so the emulator never blocks on a full pipe.
	go func() {
		_, _ = io.Copy(io.Discard, r)
		close(e.drained)
	}()
	addr, ok := strings.CutPrefix(strings.TrimSpace(line), listeningPrefix)
	if !ok {
		<-e.drained
		_ = e.cmd.Wait()
		t.Fatalf("cmd/ecsemu printed %q (%v), not %q ADDR:\n%s", line, readErr, listeningPrefix, tail(e.stderr.Bytes()))
	}
	e.url = addr
	return e
}

// stop sends SIGTERM and waits for the exit; it returns the exit status and
// everything the emulator logged.
func (e *ecsemuProcess) stop(t *testing.T) (int, []byte) {
	t.Helper()
	if err := e.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("sending SIGTERM to cmd/ecsemu: %v", err)
	}
	<-e.drained
	err := e.cmd.Wait()
	if err != nil && e.cmd.ProcessState == nil {
		t.Fatalf("waiting for cmd/ecsemu: %v", err)
	}
	return e.cmd.ProcessState.ExitCode(), e.stderr.Bytes()
}
