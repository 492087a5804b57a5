package clients_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// npmInstall installs what the npm clients need (package-lock.json pins
// every version), from the repository root.
const npmInstall = "npm ci --ignore-scripts --prefix clients/npm"

// requireNode returns the path of node, or skips the test when node or the
// installed packages are missing; with CI=true it fails instead: CI
// installs both, so their absence there is a broken pipeline.
func requireNode(t *testing.T) string {
	t.Helper()
	missing := func(what string) {
		t.Helper()
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s; CI must install it: %s", what, npmInstall)
		}
		t.Skipf("%s; to run this test: %s", what, npmInstall)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("node is not on PATH")
	}
	for _, pkg := range []string{"@alicloud/ecs20140526", "@alicloud/openapi-core", "@alicloud/pop-core", "@darabonba/typescript"} {
		if _, err := os.Stat(filepath.Join("npm", "node_modules", pkg, "package.json")); err != nil {
			missing(pkg + " is not installed in clients/npm/node_modules")
		}
	}
	return node
}

// worker is the one node process running npm/scenario.js for every npm
// test: loading the ECS SDK costs more than a scenario, so it is paid once.
var worker struct {
	sync.Mutex
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Reader
	stderr bytes.Buffer
}

// npmRun sends one job to the worker, starting it first, and returns its
// results.
func npmRun(t *testing.T, node string, job map[string]any) []result {
	t.Helper()
	worker.Lock()
	defer worker.Unlock()
	if worker.cmd == nil {
		cmd := exec.Command(node, "scenario.js")
		cmd.Dir = "npm"
		cmd.Stderr = &worker.stderr
		in, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatalf("starting node scenario.js: %v", err)
		}
		worker.cmd, worker.in, worker.out = cmd, in, bufio.NewReader(out)
	}
	line, _ := json.Marshal(job)
	if _, err := worker.in.Write(append(line, '\n')); err != nil {
		t.Fatalf("node scenario.js is gone: %v\nstderr:\n%s", err, worker.stderr.String())
	}
	// A bound, not a speed check: a wedged node must not hang the run.
	type reply struct {
		line []byte
		err  error
	}
	got := make(chan reply, 1)
	go func() {
		l, err := worker.out.ReadBytes('\n')
		got <- reply{l, err}
	}()
	var r reply
	select {
	case r = <-got:
	case <-time.After(2 * time.Minute):
		worker.cmd.Process.Kill()
		t.Fatalf("node scenario.js did not answer %v within 2 minutes", job["client"])
	}
	if r.err != nil {
		t.Fatalf("node scenario.js: %v\nstderr:\n%s", r.err, worker.stderr.String())
	}
	var answer struct {
		Results []result `json:"results"`
		Error   string   `json:"error"`
	}
	if err := json.Unmarshal(r.line, &answer); err != nil || answer.Error != "" {
		t.Fatalf("scenario.js (%v): %v %s", job["client"], err, answer.Error)
	}
	return answer.Results
}

// stopWorker ends the worker by closing its input; TestMain calls it.
func stopWorker() {
	worker.Lock()
	defer worker.Unlock()
	if worker.cmd != nil {
		worker.in.Close()
		worker.cmd.Wait()
	}
}

// npmClient drives one npm client through npm/scenario.js.
func npmClient(name, kind string) client {
	// pop-core reads Code from the body and raises it as is.
	return client{name: name, wrongSecretCodes: []string{"SignatureDoesNotMatch"}, run: func(t *testing.T, endpoint string, steps []string, f fixtureValues) []result {
		return npmRun(t, requireNode(t), map[string]any{
			"client": kind, "endpoint": endpoint, "ak": keyID, "sk": secret, "wrongSk": wrongSecret, "region": region,
			"steps": steps, "vpcId": f.VpcID, "tagKey": f.TagKey, "tagValue": f.TagValue,
		})
	}}
}

func TestNPMSDKV3(t *testing.T)       { recordAndPlay(t, npmClient("npm-sdk-v3", "ecs-v3")) }
func TestNPMSDKV2(t *testing.T)       { recordAndPlay(t, npmClient("npm-sdk-v2", "ecs-v2")) }
func TestNPMPopCoreGet(t *testing.T)  { recordAndPlay(t, npmClient("npm-pop-core-get", "pop-get")) }
func TestNPMPopCorePost(t *testing.T) { recordAndPlay(t, npmClient("npm-pop-core-post", "pop-post")) }

func TestNPMFromCommittedCassettes(t *testing.T) {
	requireNode(t)
	host := committedServer(t)
	for _, c := range []client{npmClient("npm-sdk-v3", "ecs-v3"), npmClient("npm-sdk-v2", "ecs-v2"), npmClient("npm-pop-core-get", "pop-get"), npmClient("npm-pop-core-post", "pop-post")} {
		servedFromCommitted(t, c, host)
	}
}
