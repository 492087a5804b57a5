// Command specgen writes the JSON Schema files of package schemas and one
// OpenAPI 3.0 document per operation (<Operation>.openapi.json, for Prism,
// Schemathesis, Dredd and the like) from every operation contract in package
// specs, or with -check verifies that the files on disk are what it would
// write (the check make verify-generated runs; no git needed): it names each
// file that is stale (differs), missing, or extra (of no operation in the
// set, e.g. one whose contract was removed).
//
//	go run ./cmd/specgen -out schemas           # regenerate
//	go run ./cmd/specgen -out schemas -check    # exit 1 and list drift
//
// Exit status: 0 done, no drift, -h or -version; 1 drift found; 2 bad usage
// or failure.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/ecs-conformance/ecs-conformance/internal/buildinfo"
	"github.com/ecs-conformance/ecs-conformance/schemas/gen"
	"github.com/ecs-conformance/ecs-conformance/specs"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("specgen", flag.ContinueOnError)
	flags.SetOutput(stderr)
	out := flags.String("out", "schemas", "directory that holds the generated *.schema.json and *.openapi.json files")
	check := flags.Bool("check", false, "write nothing; exit 1 listing every file that differs from what would be generated, is missing or is extra")
	version := flags.Bool("version", false, "print the module version and VCS revision, and exit")
	flags.Usage = func() {
		fmt.Fprintln(stderr, "usage: specgen [-out DIR] [-check] [-version]")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *version {
		fmt.Fprintln(stdout, buildinfo.Line("specgen"))
		return 0
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(stderr, "specgen: unexpected argument %q; the contract comes from package specs, only -out and -check are accepted\n", flags.Arg(0))
		return 2
	}
	files, err := gen.GenerateSet(specs.Operations())
	if err != nil {
		fmt.Fprintf(stderr, "specgen: the contract set cannot be turned into schemas: %v\n", err)
		return 2
	}
	if *check {
		drift, err := gen.Check(*out, files)
		if err != nil {
			fmt.Fprintf(stderr, "specgen: %v\n", err)
			return 2
		}
		for _, d := range drift {
			fmt.Fprintf(stderr, "%s\n", d)
		}
		if len(drift) > 0 {
			fmt.Fprintf(stderr, "specgen: %d generated file(s) in %s are out of date; run: go run ./cmd/specgen -out %s\n", len(drift), *out, *out)
			return 1
		}
		return 0
	}
	written, removed, err := gen.Write(*out, files)
	if err != nil {
		fmt.Fprintf(stderr, "specgen: %v\n", err)
		return 2
	}
	for _, n := range written {
		fmt.Fprintf(stdout, "wrote %s\n", n)
	}
	for _, n := range removed {
		fmt.Fprintf(stdout, "removed %s\n", n)
	}
	return 0
}
