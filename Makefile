# gcpace: the only entry points.
#   make build   the page in web/: gcpace.wasm, wasm_exec.js, vendor/, .br/.gz copies
#   make run     build, then serve the page and the Genesys Cloud simulator
#   make test    every test stage, with a summary (test-STAGE runs one: see scripts/test.sh)
#   make lint    staticcheck, natively and for js/wasm
#   make bench   the pacing comparison
#   make clean   remove what build made

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := build
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules

GO       ?= go
GOROOT   := $(shell $(GO) env GOROOT)
WEB      := web
TOOLS    := .tools
PORT     ?= 8080
API_PORT ?= 8081
STATICCHECK_VERSION := v0.8.2

# The wasm module is rebuilt when a file under wasm/ (tests aside: a change
# there may be an embedded file) or the module files change; the page's own
# files are precompressed when they change.
WASM_SRC := $(shell find wasm -type f -not -name '*_test.go' -not -path '*/testdata/*') go.mod go.sum
PAGE_SRC := $(wildcard $(WEB)/index.html $(WEB)/app.css $(WEB)/*.js)

.PHONY: build run test test-% lint bench clean

build: $(WEB)/gcpace.wasm $(WEB)/wasm_exec.js $(WEB)/vendor/VERSIONS
	BROTLI_LATER=$(BROTLI_LATER) scripts/precompress.sh $(WEB)/gcpace.wasm $(WEB)/wasm_exec.js $(filter-out %/wasm_exec.js,$(PAGE_SRC))

$(WEB)/gcpace.wasm: $(WASM_SRC)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $@ ./wasm

$(WEB)/wasm_exec.js: $(GOROOT)/lib/wasm/wasm_exec.js
	cp $< $@

# The npm packages of web/package-lock.json, copied into web/vendor and
# precompressed, come from a cache keyed by the lock file when it has them;
# npm ci runs only on a miss (see scripts/vendor.sh).
NPM := $(TOOLS)/npm/web
$(WEB)/vendor/VERSIONS: $(WEB)/package.json $(WEB)/package-lock.json scripts/vendor.sh scripts/precompress.sh
	scripts/vendor.sh $(WEB) $(NPM) $(WEB)/vendor

# The module's .br, when no cache has it, is written in the background: the
# page is served (gzip) without waiting ~25 s for brotli -q 11. The wasm build
# and the vendoring run side by side.
run:
	@echo "make run: building the page (the wasm, and Spark from its cache or npm)"
	@$(MAKE) --no-print-directory -j2 build BROTLI_LATER=1
	@echo "make run: starting the page and the simulator"
	$(GO) run ./scripts/devserver/cmd/gcpace-dev -web $(WEB) -port $(PORT) -api-port $(API_PORT)

test:
	GO=$(GO) MAKE=$(MAKE) TOOLS=$(TOOLS) scripts/test.sh

test-%:
	GO=$(GO) MAKE=$(MAKE) TOOLS=$(TOOLS) scripts/test.sh $*

# staticcheck is built natively once, then run on the native and the js/wasm
# build of the module (go run would build it for js/wasm too).
lint: $(TOOLS)/staticcheck-$(STATICCHECK_VERSION)
	@status=0; set -x; \
	$< ./... || status=1; \
	GOOS=js GOARCH=wasm $< ./wasm/... ./scripts/wasmtest/example/... || status=1; \
	exit $$status

$(TOOLS)/staticcheck-$(STATICCHECK_VERSION):
	mkdir -p $(TOOLS)
	GOBIN=$(abspath $(TOOLS)) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	mv $(TOOLS)/staticcheck $@

bench:
	$(GO) run ./scripts/bench $(BENCH_FLAGS)

clean:
	rm -rf $(WEB)/gcpace.wasm* $(WEB)/wasm_exec.js* $(WEB)/vendor $(TOOLS)
	find $(WEB) -name '*.br' -delete -o -name '*.gz' -delete
