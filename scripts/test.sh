#!/usr/bin/env bash
# test.sh [STAGE...]: the stages of `make test`, in order, each timed; a failed
# stage does not stop the ones after it (except e2e, which needs build). Ends
# with a summary and exits non-zero when any stage failed.
#
# Stages: deps vet vet-wasm unit node dom build e2e (default: all).
set -uo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
MAKE=${MAKE:-make}
TOOLS=${TOOLS:-.tools}
MODULE=$($GO list -m)
GOROOT=$($GO env GOROOT)

stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=(deps vet vet-wasm unit node dom build e2e)

# Packages that build only for js/wasm (main, ui, internal/browser, the wasmtest
# example) run in Chromium; the rest of wasm/ also runs natively and under Node.
js_only() {
	comm -13 <($GO list -e ./... | sort) <(GOOS=js GOARCH=wasm $GO list -e ./... | sort)
}
node_pkgs() {
	comm -12 <($GO list -e ./wasm/... | sort) <(GOOS=js GOARCH=wasm $GO list -e ./wasm/... | sort)
}

stage_deps() {
	scripts/ensure-chromium.sh &&
		scripts/ensure-tool.sh node nodejs &&
		scripts/ensure-tool.sh npm npm &&
		npm_ci scripts/sim/sdktest &&
		npm_ci scripts/e2e/axe &&
		mkdir -p "$TOOLS" &&
		$GO build -o "$TOOLS/wasmtest" ./scripts/wasmtest
}

# npm_ci DIR: installs DIR's npm packages when DIR has a package.json and its
# node_modules is older than the lock file.
npm_ci() {
	local dir=$1
	[ -f "$dir/package.json" ] || return 0
	if [ -f "$dir/package-lock.json" ]; then
		[ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ] && return 0
		(cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund)
	else
		(cd "$dir" && npm install --ignore-scripts --no-audit --no-fund --no-package-lock)
	fi
}

stage_vet() { $GO vet ./...; }

stage_vet-wasm() { GOOS=js GOARCH=wasm $GO vet ./wasm/... ./scripts/wasmtest/example/...; }

stage_unit() {
	# e2e has its own stage: it needs the build and drives a browser.
	$GO test -race $($GO list -e ./... | grep -v "^$MODULE/scripts/e2e")
}

stage_node() {
	local pkgs
	pkgs=$(node_pkgs)
	[ -n "$pkgs" ] || { echo "no wasm packages to test under Node"; return 0; }
	GOOS=js GOARCH=wasm $GO test -exec="$GOROOT/lib/wasm/go_js_wasm_exec" $pkgs
}

stage_dom() {
	[ -x "$TOOLS/wasmtest" ] || $GO build -o "$TOOLS/wasmtest" ./scripts/wasmtest || return 1
	GOOS=js GOARCH=wasm $GO test -exec="$PWD/$TOOLS/wasmtest" $(js_only)
}

stage_build() { $MAKE --no-print-directory build; }

stage_e2e() {
	if [ "${result[build]:-}" = FAIL ]; then
		echo "e2e: not run, build failed"
		return 1
	fi
	# The browser suite runs longer than go test's default 10 min on a busy
	# 2-core machine; each test bounds its own browser (testTimeout).
	$GO test -count=1 -timeout 40m ./scripts/e2e/...
}

declare -A result seconds
failed=0
for s in "${stages[@]}"; do
	if ! declare -F "stage_$s" >/dev/null; then
		echo "test.sh: no stage $s" >&2
		exit 2
	fi
	printf '\n=== stage %s\n' "$s"
	start=$SECONDS
	if "stage_$s"; then result[$s]=ok; else result[$s]=FAIL; failed=$((failed + 1)); fi
	seconds[$s]=$((SECONDS - start))
done

printf '\n=== summary\n'
for s in "${stages[@]}"; do
	printf '  %-9s %-4s %4ss\n' "$s" "${result[$s]}" "${seconds[$s]}"
done
printf '  total          %4ss\n' "$SECONDS"
echo "stages: $(( ${#stages[@]} - failed )) passed, $failed failed"
[ "$failed" -eq 0 ]
