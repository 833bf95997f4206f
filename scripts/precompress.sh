#!/usr/bin/env bash
# precompress.sh PATH...
# Writes FILE.br (brotli -q 11) and FILE.gz (gzip -9) next to each file, and next
# to each .js/.css/.json/.html/.wasm file of at least 1 KiB under each folder.
# A sibling newer than its file is kept, so a second run costs nothing. Installs
# Debian's brotli when missing.
set -euo pipefail

"$(dirname "$0")/ensure-tool.sh" brotli brotli

compress_one() {
	f=$1
	if [ ! "$f.br" -nt "$f" ]; then
		# -n: the .br gets the current time, not the file's, so it counts as newer.
		brotli -q 11 -n -f -o "$f.br.tmp" "$f" && chmod 644 "$f.br.tmp" && mv -f "$f.br.tmp" "$f.br"
	fi
	if [ ! "$f.gz" -nt "$f" ]; then
		gzip -9 -n -c "$f" >"$f.gz.tmp" && mv -f "$f.gz.tmp" "$f.gz"
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
