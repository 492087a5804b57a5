# ecs-conformance — every target works on a fresh machine with only Go installed.
GO      ?= go
PKGS    ?= ./...
GINKGO  := $(GO) tool ginkgo

.PHONY: test conformance record generate verify-generated bench fuzz lint npm-sdk tools-test openapi-lint prism actionlint

# Packages whose tests are single-goroutine checks over data (the committed
# cassettes: secrets, schema drift). The race detector has nothing to find in
# them and made them some 20 times slower (a minute and more of make test), so
# they run without it; the concurrency they touch (compiled schemas shared by
# goroutines) is raced in its own package.
NORACE_PKGS ?= ./cassettes/

## test: vet, every test with the race detector (the suite against the emulator in V3) but the
## data-only NORACE_PKGS, which run without it, then the suite in RPC and in replay from the
## committed cassettes (both schemes, offline)
test:
	$(GO) vet $(PKGS)
	$(GO) test -race -count=1 $$($(GO) list $(PKGS) | grep -vxF "$$($(GO) list $(NORACE_PKGS))")
	$(GO) test -count=1 $(NORACE_PKGS)
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

## fuzz: each fuzz target for 60 s (CI runs only their seed corpora, through `make test`)
fuzz:
	$(GO) test -run='^$$' -fuzz=FuzzDecodeRequest -fuzztime=60s ./emulator/
	$(GO) test -run='^$$' -fuzz=FuzzDecodeToken -fuzztime=60s ./emulator/
	$(GO) test -run='^$$' -fuzz=FuzzParseAuthorization -fuzztime=60s ./internal/signer/

## lint: formatting and vet
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt wants to reformat:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)

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
