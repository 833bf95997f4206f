#!/usr/bin/env bash
# precompress.sh PATH...
# Writes FILE.br (brotli -q 11) and FILE.gz (gzip -9) next to each file, and next
# to each .js/.css/.json/.html/.wasm file of at least 1 KiB under each folder.
# A sibling newer than its file is kept, so a second run costs nothing. Installs
# Debian's brotli when missing.
#
# brotli -q 11 of the 8 MB module takes ~25 s on 2 cores, so the .br of any
# file of 64 KiB or more is also kept in a cache keyed by the file's content
# (GCPACE_CACHE, default ~/.cache/gcpace, its newest 40): a fresh clone, or a
# rebuild to the same bytes, costs a copy. With BROTLI_LATER=1 (make run), a
# .br the cache lacks is written in the background: the server sends gzip
# until it is there (it never sends a sibling older than its file).
set -euo pipefail

"$(dirname "$0")/ensure-tool.sh" brotli brotli

export PRECOMPRESS_CACHE=${GCPACE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gcpace}/compressed
export BROTLI_LATER=${BROTLI_LATER:-}

brotli_one() {
	f=$1 key=$2
	# -n: the .br gets the current time, not the file's, so it counts as newer.
	brotli -q 11 -n -f -o "$f.br.tmp" "$f" && chmod 644 "$f.br.tmp" || return 1
	if [ -n "$key" ]; then
		mkdir -p "$PRECOMPRESS_CACHE"
		cp "$f.br.tmp" "$PRECOMPRESS_CACHE/$key.br.tmp.$$" && mv -f "$PRECOMPRESS_CACHE/$key.br.tmp.$$" "$PRECOMPRESS_CACHE/$key.br"
		# shellcheck disable=SC2012 # names are hex digests
		ls -t "$PRECOMPRESS_CACHE"/*.br 2>/dev/null | tail -n +41 | xargs -r rm -f
	fi
	mv -f "$f.br.tmp" "$f.br"
}
export -f brotli_one

compress_one() {
	f=$1
	if [ ! "$f.gz" -nt "$f" ]; then
		gzip -9 -n -c "$f" >"$f.gz.tmp" && mv -f "$f.gz.tmp" "$f.gz"
	fi
	if [ ! "$f.br" -nt "$f" ]; then
		key=
		if [ "$(stat -c %s "$f")" -ge 65536 ]; then
			key=$(sha256sum "$f" | cut -c1-40)
			if [ -f "$PRECOMPRESS_CACHE/$key.br" ]; then
				cp "$PRECOMPRESS_CACHE/$key.br" "$f.br.tmp" && chmod 644 "$f.br.tmp" && mv -f "$f.br.tmp" "$f.br"
				return
			fi
		fi
		if [ -n "$BROTLI_LATER" ] && [ -n "$key" ]; then
			echo "precompress: writing $f.br in the background (gzip is served until it is there)"
			setsid bash -c 'brotli_one "$1" "$2" && echo "precompress: $1.br is ready"' _ "$f" "$key" </dev/null >&2 &
			return
		fi
		[ -z "$key" ] || echo "precompress: brotli -q 11 $f (kept in $PRECOMPRESS_CACHE)"
		brotli_one "$f" "$key"
	fi
}
export -f compress_one

for p in "$@"; do
	if [ -d "$p" ]; then
		find "$p" -type f -size +1k \( -name '*.js' -o -name '*.css' -o -name '*.json' -o -name '*.html' -o -name '*.wasm' \) -print0
	elif [ -f "$p" ]; then
		printf '%s\0' "$p"
	else
		echo "precompress: $p does not exist" >&2
		exit 1
	fi
done | xargs -0 -r -n 1 -P "$(nproc)" bash -c 'compress_one "$1"' _
