// Command conformance runs the ECS conformance suite from a binary, records
// its traffic into cassettes, serves cassettes to clients in any language,
// and reports the suite's contract coverage per operation:
//
//	conformance run [flags]            the suite against the emulator (default), a live endpoint or cassettes
//	conformance record [flags]         the suite in record mode, once per signature scheme
//	conformance replay-server [flags]  serve cassettes over HTTP
//	conformance proxy [flags]          record, play back or check any client's traffic
//	conformance coverage [flags]       per operation, which behaviours and error codes have specs
//
// Configuration comes from the CONFORMANCE_* environment variables, then from
// flags; credentials only from ALIBABA_CLOUD_ACCESS_KEY_ID and
// ALIBABA_CLOUD_ACCESS_KEY_SECRET (and ALIBABA_CLOUD_SECURITY_TOKEN for an
// STS key). Exit codes:
//
//	0  success (and -h, -version)
//	1  a spec failed, or a server error
//	2  a bad command line or configuration
//	3  the target is not ready: unreachable, credentials refused, or no
//	   cassettes to replay (run's pre-flight check; no spec ran)
//	4  the filters (-focus, -skip, -label-filter) selected no spec
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/ecs-conformance/ecs-conformance/internal/buildinfo"
	"github.com/ecs-conformance/ecs-conformance/runner"
)

// Exit codes.
const (
	exitOK       = 0
	exitFail     = 1
	exitUsage    = 2
	exitNotReady = 3
	exitEmpty    = 4
)

func main() {
	// Ginkgo installs its own interrupt handler while specs run; this context
	// serves replay-server and record, which run no specs themselves.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the process: it dispatches to a subcommand and
// returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	rest := args[1:]
	switch args[0] {
	case "run":
		return cmdRun(rest, stderr)
	case "record":
		return cmdRecord(ctx, rest, stdout, stderr)
	case "replay-server":
		return cmdReplayServer(ctx, rest, stdout, stderr)
	case "proxy":
		return cmdProxy(ctx, rest, stdout, stderr)
	case "coverage":
		return cmdCoverage(rest, stdout, stderr)
	case "-h", "-help", "--help", "help":
		usage(stdout)
		return exitOK
	case "-version", "--version", "version":
		fmt.Fprintln(stdout, buildinfo.Line("conformance"))
		return exitOK
	}
	fmt.Fprintf(stderr, "conformance: unknown subcommand %q\n\n", args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintf(w, `usage: conformance <subcommand> [flags]

Checks an ECS endpoint against the documented contracts of its operations.

Subcommands:
  run            run the suite; by default against an in-process emulator
  record         run the suite in record mode for each signature scheme and
                 write cassettes (default: from a deterministic in-process emulator)
  replay-server  serve recorded cassettes over HTTP for SDKs and the aliyun CLI
  proxy          record, play back or check any client's traffic, with a
                 client-conformance report per recording
  coverage       list, per operation, the behaviours and error codes the suite
                 has specs for; fails when an operation's error code has none

Run "conformance <subcommand> -h" for its flags; "conformance -version"
prints the module version and VCS revision.

Environment (flags of the same meaning override them):
  %-32s emulator | live | record | replay (default emulator)
  %-32s base URL of the target, e.g. http://127.0.0.1:8080
  %-32s region to query (default cn-hangzhou)
  %-32s v3 | rpc (default v3)
  %-32s cassette root folder (default cassettes)
  %-32s names the cassette folder and the ledger (default emulator)
  %-32s "default" when the target holds the default fixture
  %-32s deviation ledger YAML
  %-32s write the results document (JSON) here
  %-32s write a self-contained HTML report here
  %-32s write a Markdown summary here
  %-32s true when the target serves /_emulator/ control endpoints
  %-32s bearer token of those control endpoints (never a flag)
  %-32s access key ID
  %-32s access key secret (never a flag)
  %-32s STS security token of a temporary key (never a flag)

Exit codes: 0 success; 1 a spec failed; 2 a bad command line or configuration;
3 the target is not ready (unreachable, credentials refused, no cassettes);
4 the filters selected no spec.
`, runner.EnvMode, runner.EnvEndpoint, runner.EnvRegion, runner.EnvSignature, runner.EnvCassettes,
		runner.EnvTarget, runner.EnvFixtures, runner.EnvLedger, runner.EnvResults, runner.EnvHTMLReport, runner.EnvMDReport,
		runner.EnvControl, runner.EnvControlToken, runner.EnvKeyID, runner.EnvKeySecret, runner.EnvToken)
}
