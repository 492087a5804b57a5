package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/onsi/ginkgo/v2"

	"github.com/ecs-conformance/ecs-conformance/runner"
)

// schemes a recording covers when -signature is "both".
var allSchemes = []string{"v3", "rpc"}

// cmdRecord records the suite once per signature scheme. Ginkgo runs specs
// once per process, so each scheme is a child process: this binary's own
// run subcommand with -mode record and that scheme.
func cmdRecord(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg := suiteConfig()
	if os.Getenv(runner.EnvSignature) == "" {
		cfg.Signature = "both"
	}
	cfg.Mode = runner.ModeRecord
	fs := newFlagSet("record", "Runs the suite in record mode once per signature scheme and writes one cassette per spec\nto <cassettes>/<target>/<scheme>/. Without -endpoint it records a deterministic\nin-process emulator, so re-recording gives the same bytes. An unfiltered recording\nfirst deletes the scheme's folder, so removed specs leave no stale cassettes;\none filtered by -focus, -skip or -label-filter keeps the others.", stderr)
	cfg.BindFlags(fs)
	fs.Lookup("signature").Usage = "signature scheme: v3 | rpc | both (" + runner.EnvSignature + ", default both)"
	ginkgoFlags(fs)
	if err := parse(fs, args); err != nil {
		return flagError(err, "record", stderr)
	}
	var schemes []string
	switch cfg.Signature {
	case "both":
		schemes = allSchemes
	case "v3", "rpc":
		schemes = []string{cfg.Signature}
	default:
		fmt.Fprintf(stderr, "conformance record: -signature %q: use v3, rpc or both\n", cfg.Signature)
		return exitUsage
	}
	for _, s := range schemes {
		c := cfg
		c.Mode, c.Signature = runner.ModeRecord, s
		if err := c.Validate(); err != nil {
			fmt.Fprintf(stderr, "conformance record: %v\n", err)
			return exitUsage
		}
	}
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(stderr, "conformance record: cannot find this binary to run each scheme: %v\n", err)
		return exitFail
	}
	filtered := isFiltered()
	code := exitOK
	for _, scheme := range schemes {
		if ctx.Err() != nil {
			fmt.Fprintln(stderr, "conformance record: interrupted; not recording the remaining schemes")
			return exitFail
		}
		dir, err := clearScheme(cfg.Cassettes, cfg.Target, scheme, filtered)
		if err != nil {
			fmt.Fprintf(stderr, "conformance record: %v\n", err)
			return exitFail
		}
		fmt.Fprintf(stdout, "recording the %s scheme into %s\n", scheme, dir)
		child := exec.Command(exe, childArgs(args, fs, scheme, len(schemes) > 1)...)
		child.Stdout, child.Stderr = stdout, stderr
		if err := child.Run(); err != nil {
			fmt.Fprintf(stderr, "conformance record: recording the %s scheme: %v\n", scheme, err)
			code = exitFail
		}
	}
	return code
}

// clearScheme deletes the cassettes of one target and scheme before an
// unfiltered recording, so a spec that was removed or renamed leaves no
// stale cassette behind. A filtered recording re-records only some specs
// and must keep the others. It returns the scheme's folder.
func clearScheme(root, target, scheme string, filtered bool) (string, error) {
	// The folder of any spec's cassette, so it follows runner.CassetteName.
	dir := filepath.Dir(filepath.Join(root, filepath.FromSlash(runner.CassetteName(runner.Config{Target: target, Signature: scheme}, "any spec"))))
	// A target such as "../.." must not turn the deletion on the root's
	// parents.
	if rel, err := filepath.Rel(root, dir); err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return dir, fmt.Errorf("target %q puts the cassettes of %s outside %s", target, scheme, root)
	}
	if filtered {
		return dir, nil
	}
	if err := os.RemoveAll(dir); err != nil {
		return dir, fmt.Errorf("clearing %s: %w", dir, err)
	}
	return dir, nil
}

// isFiltered says whether the flags select only some specs, read from
// Ginkgo's configuration, which the shared flags have just set.
func isFiltered() bool {
	sc, _ := ginkgo.GinkgoConfiguration()
	return len(sc.FocusStrings)+len(sc.SkipStrings)+len(sc.FocusFiles)+len(sc.SkipFiles) > 0 || sc.LabelFilter != ""
}

// childArgs repeats the user's flags for one scheme's run and overrides the
// mode and scheme: the flag package keeps the last value given. When several
// schemes run, each writes its own results and reports, named after it, so
// the second does not overwrite the first.
func childArgs(args []string, fs *flag.FlagSet, scheme string, several bool) []string {
	out := append([]string{"run"}, args...)
	out = append(out, "-mode", runner.ModeRecord, "-signature", scheme)
	if !several {
		return out
	}
	for _, name := range []string{"results", "html-report", "markdown-report", "ginkgo.json-report", "ginkgo.junit-report"} {
		v := fs.Lookup(name).Value.String()
		if v == "" || (name == "markdown-report" && v == os.Getenv("GITHUB_STEP_SUMMARY")) {
			continue // a job summary is appended to: one file takes both schemes
		}
		out = append(out, "-"+name, perScheme(v, scheme))
	}
	return out
}

// perScheme inserts the scheme before a file's extension: results.json
// becomes results.v3.json.
func perScheme(path, scheme string) string {
	ext := filepath.Ext(path)
	return strings.TrimSuffix(path, ext) + "." + scheme + ext
}
