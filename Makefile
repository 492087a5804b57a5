# ecs-conformance — every target works on a fresh machine with only Go installed.
GO      ?= go
PKGS    ?= ./...
GINKGO  := $(GO) tool ginkgo

.PHONY: terraform test conformance record generate verify-generated bench fuzz lint npm-sdk mutants

## test: vet, every test with the race detector (the suite against the emulator in both schemes, the
## selftest's sample of mutants), then the suite in replay from the committed cassettes (both schemes,
## offline), then the HTML report in headless Chromium (its own module, report/browsertest; screenshots in out/)
test:
	$(GO) vet $(PKGS)
	$(GO) test -race -count=1 $(PKGS)
	CONFORMANCE_MODE=replay CONFORMANCE_SIGNATURE=v3 $(GO) test -count=1 ./suites/
	CONFORMANCE_MODE=replay CONFORMANCE_SIGNATURE=rpc $(GO) test -count=1 ./suites/
	cd report/browsertest && $(GO) vet ./... && $(GO) test -count=1 -v ./...

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
