package examples

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rhysd/actionlint"
)

const workflowFile = "../../examples/github-actions/conformance.yml"

// TestGitHubActionsExample runs the example job the way a runner would, step
// by step, with the steps' own shell scripts and environment: the endpoint
// starts, the suite runs against it and writes every report, the summary
// reaches $GITHUB_STEP_SUMMARY, and the endpoint is stopped. actionlint
// says the file is well-formed; this says it does what it promises.
//
// Two things differ from GitHub on purpose: the install step's `go install
// ...@version` is replaced by binaries built from this checkout (the module
// proxy does not serve an unreleased suite), and ENDPOINT_ADDR is a free
// loopback port instead of 8080, which may be taken here. `uses:` steps
// (checkout, setup-go, upload-artifact) are GitHub's and are not run.
func TestGitHubActionsExample(t *testing.T) {
	if testing.Short() {
		t.Skip("builds ecsemu and conformance and runs the whole suite")
	}
	data, err := os.ReadFile(workflowFile)
	if err != nil {
		t.Fatal(err)
	}
	wf, errs := actionlint.Parse(data)
	if len(errs) > 0 {
		t.Fatalf("%s does not parse: %v", workflowFile, errs[0])
	}
	job := wf.Jobs["conformance"]
	if job == nil {
		t.Fatalf("%s has no job named conformance", workflowFile)
	}

	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	for _, cmd := range []string{"conformance", "ecsemu"} {
		build := exec.Command("go", "build", "-o", filepath.Join(bin, cmd), "./cmd/"+cmd)
		build.Dir = repo
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("building %s: %v\n%s", cmd, err, out)
		}
	}

	workspace := t.TempDir()
	githubEnv := filepath.Join(workspace, ".github-env")
	summary := filepath.Join(workspace, ".step-summary")
	for _, f := range []string{githubEnv, summary} {
		if err := os.WriteFile(f, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	vars := map[string]string{}
	if wf.Env != nil {
		for _, v := range wf.Env.Vars {
			vars[v.Name.Value] = v.Value.Value
		}
	}
	vars["ENDPOINT_ADDR"] = freeAddr(t)
	// Each step runs in a process group of its own, so whatever a step left
	// running (the endpoint, if the job's own stop step did not stop it) is
	// stopped with its group when the test ends.
	var groups []int
	t.Cleanup(func() {
		for _, g := range groups {
			syscall.Kill(-g, syscall.SIGTERM)
		}
	})

	installs, failed := 0, false
	for i, step := range job.Steps {
		name := "step " + strconv.Itoa(i+1)
		if step.Name != nil {
			name = step.Name.Value
		}
		run, ok := step.Exec.(*actionlint.ExecRun)
		if !ok {
			continue // a `uses:` action, GitHub's to run
		}
		script := run.Run.Value
		if strings.Contains(script, "go install") {
			installs++
			continue // replaced by the binaries built above
		}
		always := step.If != nil && strings.Contains(step.If.Value, "always()")
		if failed && !always {
			t.Logf("%s: skipped, as GitHub skips it after a failed step", name)
			continue
		}
		env := map[string]string{}
		for k, v := range vars {
			env[k] = v
		}
		for k, v := range readEnvFile(t, githubEnv) {
			env[k] = v
		}
		if step.Env != nil {
			for _, v := range step.Env.Vars {
				env[v.Name.Value] = expand(t, v.Value.Value, env)
			}
		}
		// GitHub's bash for `run:` on Linux: bash --noprofile --norc -eo pipefail {0}.
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
		cmd.Dir = workspace
		cmd.Env = []string{"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"),
			"GITHUB_ENV=" + githubEnv, "GITHUB_STEP_SUMMARY=" + summary}
		for k, v := range env {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		var buf strings.Builder
		cmd.Stdout, cmd.Stderr = &buf, &buf
		start := time.Now()
		err := cmd.Start()
		if err == nil {
			groups = append(groups, cmd.Process.Pid)
			err = cmd.Wait()
		}
		out := buf.String()
		if err != nil {
			failed = true
			t.Errorf("%s: %v\n%s", name, err, tail(out, 40))
			continue
		}
		t.Logf("%s: ok in %s", name, time.Since(start).Round(time.Millisecond))
	}
	if installs != 1 {
		t.Errorf("the job has %d steps that go install the suite; the test replaces exactly one", installs)
	}
	if failed {
		return
	}

	for _, report := range []string{"junit.xml", "ginkgo.json", "report.html", "summary.md", "results.json", "endpoint.log"} {
		info, err := os.Stat(filepath.Join(workspace, "reports", report))
		if err != nil || info.Size() == 0 {
			t.Errorf("the job should leave reports/%s for upload-artifact: %v", report, err)
		}
	}
	page, _ := os.ReadFile(summary)
	if !strings.Contains(string(page), "ECS conformance") {
		t.Errorf("$GITHUB_STEP_SUMMARY does not hold the suite's summary:\n%s", tail(string(page), 20))
	}
	results, _ := os.ReadFile(filepath.Join(workspace, "reports", "results.json"))
	if !strings.Contains(string(results), `"status": "passed"`) && !strings.Contains(string(results), `"status":"passed"`) {
		t.Errorf("results.json holds no passed behaviour:\n%s", tail(string(results), 20))
	}
	pid, _ := strconv.Atoi(readEnvFile(t, githubEnv)["ENDPOINT_PID"])
	if pid <= 0 {
		t.Fatal("the start step did not put ENDPOINT_PID in $GITHUB_ENV")
	}
	if !gone(pid, 5*time.Second) {
		t.Errorf("the endpoint (PID %d) still runs after the job's stop step", pid)
	}
}

// expand replaces ${{ env.NAME }} the way GitHub does in a step's env; any
// other expression would need GitHub itself, so it fails the test.
func expand(t *testing.T, value string, env map[string]string) string {
	t.Helper()
	re := regexp.MustCompile(`\$\{\{\s*([^}]*?)\s*\}\}`)
	return re.ReplaceAllStringFunc(value, func(m string) string {
		expr := re.FindStringSubmatch(m)[1]
		name, ok := strings.CutPrefix(expr, "env.")
		if !ok {
			t.Fatalf("the step env uses %q, which only GitHub can evaluate; keep step values to ${{ env.NAME }}", m)
		}
		return env[name]
	})
}

// readEnvFile reads the NAME=value lines steps appended to $GITHUB_ENV.
func readEnvFile(t *testing.T, path string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			out[k] = v
		}
	}
	return out
}

// freeAddr returns a loopback address nothing listens on just now.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// gone waits up to d for process pid to exit.
func gone(pid int, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if syscall.Kill(pid, 0) != nil {
			return true
		}
		time.Sleep(50 * time.Millisecond)
	}
	return false
}

func tail(s string, lines int) string {
	parts := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(parts) > lines {
		parts = parts[len(parts)-lines:]
	}
	return strings.Join(parts, "\n")
}
