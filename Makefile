# ecs-conformance — every target works on a fresh machine with only Go installed.
GO      ?= go
PKGS    ?= ./...
GINKGO  := $(GO) tool ginkgo

.PHONY: test conformance record generate verify-generated bench compare instructions fuzz lint npm-sdk

## test: vet, every test with the race detector (the suite against the emulator in V3), then the
## suite in RPC and in replay from the committed cassettes (both schemes, offline)
test:
	$(GO) vet $(PKGS)
	$(GO) test -race -count=1 $(PKGS)
	CONFORMANCE_SIGNATURE=rpc $(GO) test -count=1 ./suites/
	CONFORMANCE_MODE=replay CONFORMANCE_SIGNATURE=v3 $(GO) test -count=1 ./suites/
	CONFORMANCE_MODE=replay CONFORMANCE_SIGNATURE=rpc $(GO) test -count=1 ./suites/

## conformance: the whole suite against the embedded emulator, in both signature schemes, with the summary
conformance:
	$(GO) run ./cmd/conformance run -signature v3
	$(GO) run ./cmd/conformance run -signature rpc

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
