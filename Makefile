# ecs-conformance — every target works on a fresh machine with only Go installed.
GO      ?= go
PKGS    ?= ./...
GINKGO  := $(GO) tool ginkgo

.PHONY: terraform test test-clients check-cli conformance record generate verify-generated bench compare instructions fuzz lint npm-sdk mutants tools-test openapi-lint prism actionlint

# Packages run without the race detector: the cassette checks (single-
# goroutine checks over files: secrets, schema drift; 20 times slower under
# it) and the mutant sample (selftest runs the suite once per mutant: the
# code it drives, the suite and the emulator, is raced in suites/ and
# emulator/ already, and under the detector the sample alone took 2.5 of
# make test's 10 minutes), and cmd/conformance, whose tests run the whole
# suite in process through the command's entry points (58 s under the
# detector, 5 s without; the suite, the runner, the proxy and the replay
# server they drive are raced in their own packages).
NORACE_PKGS ?= ./cassettes/ ./selftest/ ./cmd/conformance/

## test: vet, every test with the race detector (the suite against the emulator in both schemes) but
## NORACE_PKGS (the cassette checks, the selftest's sample of mutants, cmd/conformance), which run without it, then the real
## clients, the suite in replay from the committed cassettes (both schemes, offline),
## then the HTML report in headless Chromium (its own module, report/browsertest; screenshots in out/)
test:
	$(GO) vet $(PKGS)
	$(GO) test -race -count=1 -timeout 30m $$($(GO) list $(PKGS) | grep -vxF "$$($(GO) list $(NORACE_PKGS))")
	$(GO) test -count=1 $(NORACE_PKGS)
	$(MAKE) test-clients
	CONFORMANCE_MODE=replay CONFORMANCE_SIGNATURE=v3 $(GO) test -count=1 ./suites/
	CONFORMANCE_MODE=replay CONFORMANCE_SIGNATURE=rpc $(GO) test -count=1 ./suites/
	cd report/browsertest && $(GO) vet ./... && $(GO) test -count=1 -v ./...

## test-clients: the real SDKs (Go v7, legacy Go, npm, pop-core) end to end through `conformance proxy`
## and the replay server; a module of its own (clients/), so the default build never compiles them.
## Where `unshare -n` works (root) the tests run in a network namespace of their own with only
## loopback up: record and playback reach nothing beyond this machine.
CLIENTS_NETNS := $(shell unshare -n true 2>/dev/null && command -v ip >/dev/null 2>&1 && echo yes)
test-clients:
	cd clients && $(GO) vet ./... && $(GO) test -c -o ../bin/clients.test .
ifeq ($(CLIENTS_NETNS),yes)
	cd clients && CLIENTS_NETNS=1 unshare -n sh -c 'ip link set lo up && exec ../bin/clients.test -test.count=1'
else
	cd clients && ../bin/clients.test -test.count=1
endif

## check-cli: the same scenario with the aliyun CLI, by hand (not in CI): the CLI is not served by the
## Go module proxy, so build it from its source and point ALIYUN at the binary (see the README)
check-cli:
	@test -n "$(ALIYUN)" || { echo "make check-cli: set ALIYUN=/path/to/aliyun (README: Validate your SDK change with cassettes)"; exit 2; }
	ALIYUN=$(ALIYUN) clients/cli/check.sh

## conformance: the whole suite against the embedded emulator, in both signature schemes, with the summary
conformance:
	$(GO) run ./cmd/conformance run

## mutants: every mutant the contract generates (and the hand-written ones) against the in-process emulator
## behind the mutating proxy; prints the kill rate per class, the survivors with their reasons and the benign
## variants (CI runs a fixed sample through `make test`)
mutants:
	mkdir -p reports
	$(GO) test -count=1 -timeout 60m -run '^TestGeneratedMutants$$' -v ./selftest/ -args -mutants=all -mutants-report=$(CURDIR)/reports/mutants.txt

## record: re-record every cassette from the emulator in deterministic mode
record:
	$(GO) run ./cmd/conformance record -cassettes cassettes -signature both

## generate: regenerate schemas/ from specs/
generate:
	$(GO) generate ./schemas/...

## verify-generated: fail when schemas/ differs from what specs/ generates
verify-generated:
	$(GO) run ./cmd/specgen -out schemas -check

## bench: benchmarks with allocations, then the load generator's table (not run in CI)
bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./schemas/ ./emulator/...
	$(GO) test -run='^$$' -bench='DescribeV3|BareHandler|SignV3' -benchmem -benchtime=20000x ./cmd/loadgen/...
	$(GO) test -run='^$$' -bench=HeapPerGroup -benchtime=1x ./cmd/loadgen/...
	$(GO) run ./cmd/loadgen -rounds 5

## compare: ecsemu against a bare net/http handler over loopback, as separate processes, interleaved
## (bare, v3, bare, rpc, bare, no-auth, × COMPARE_ROUNDS), every request pre-signed with its own nonce
## and sent by wrk with cmd/loadgen/wrk/presigned.lua (apt-get install wrk); prints req/s, the ratio
## to the bare run just before, server CPU per request (/proc/PID/stat) and the load average.
## COMPARE_DRIVER=raw sends them from loadgen's own raw HTTP/1.1 client instead. Not run in CI.
COMPARE_DRIVER   ?= wrk
COMPARE_ROUNDS   ?= 3
COMPARE_DURATION ?= 10s
COMPARE_ARGS     ?=
compare:
	$(GO) build -o bin/ecsemu ./cmd/ecsemu
	$(GO) build -o bin/loadgen ./cmd/loadgen
	bin/loadgen compare -ecsemu bin/ecsemu -driver $(COMPARE_DRIVER) -rounds $(COMPARE_ROUNDS) -duration $(COMPARE_DURATION) $(COMPARE_ARGS)

## instructions: instructions per request of each server, counted by valgrind's callgrind (the same
## on a busy machine as on an idle one); binaries built without cgo. Not run in CI.
instructions:
	CGO_ENABLED=0 $(GO) build -o bin/ecsemu-nocgo ./cmd/ecsemu
	$(GO) run ./cmd/loadgen instructions -ecsemu bin/ecsemu-nocgo

## fuzz: each fuzz target for 60 s (CI runs only their seed corpora, through `make test`)
fuzz:
	$(GO) test -run='^$$' -fuzz=FuzzDecodeRequest -fuzztime=60s ./emulator/
	$(GO) test -run='^$$' -fuzz=FuzzDecodeToken -fuzztime=60s ./emulator/
	$(GO) test -run='^$$' -fuzz=FuzzParseAuthorization -fuzztime=60s ./internal/signer/

## lint: formatting and vet
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt wants to reformat:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)

## terraform: the real alicloud provider (v1.240.0) and OpenTofu against ecsemu, reading
## data "alicloud_security_groups" with and without details (slow first build; not in CI)
terraform:
	examples/terraform/run.sh

## tools-test: vet and test the helper programs of the tools/ module, and keep its go.mod tidy
tools-test:
	cd tools && $(GO) vet ./... && $(GO) test -count=1 ./... && $(GO) mod tidy -diff

# The OpenAPI tools (Spectral, Prism), pinned by tools/openapi/package-lock.json.
OPENAPI_TOOLS := tools/openapi
OPENAPI_STAMP := $(OPENAPI_TOOLS)/node_modules/.installed

$(OPENAPI_STAMP): $(OPENAPI_TOOLS)/package.json $(OPENAPI_TOOLS)/package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --prefix $(OPENAPI_TOOLS)
	touch $@

## openapi-lint: Spectral's spectral:oas ruleset over every generated OpenAPI document (errors fail)
openapi-lint: $(OPENAPI_STAMP)
	$(OPENAPI_TOOLS)/node_modules/.bin/spectral lint --ruleset $(OPENAPI_TOOLS)/.spectral.yaml --fail-severity error schemas/*.openapi.json

## prism: the whole suite live against ecsemu through Prism, one per OpenAPI document, counting
## Prism's violations (see tools/openapi/prism.sh for what counts; not run in CI)
prism: $(OPENAPI_STAMP)
	bash $(OPENAPI_TOOLS)/prism.sh

## actionlint: lint the GitHub Actions example with actionlint, a tool of the tools/ module
actionlint:
	cd tools && $(GO) tool actionlint ../examples/github-actions/*.yml
