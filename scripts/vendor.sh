#!/usr/bin/env bash
# vendor.sh WEB NPM-DIR VENDOR-DIR
# Copies the browser files of the npm packages of WEB/package-lock.json
# (installed by npm ci into NPM-DIR, not web/node_modules: one of them ships
# .go files, which ./... would pick up; Go skips folders starting with a dot)
# into VENDOR-DIR (web/vendor), so the page loads them
# from its own origin, with no CDN:
#   spark/           genesys-spark-components' dist/genesys-webcomponents/:
#                    <script type="module" src="vendor/spark/genesys-webcomponents.esm.js">
#                    and <link rel="stylesheet" href="vendor/spark/genesys-webcomponents.css">
#   client-app-sdk/  purecloud-client-app-sdk.js, the package's "browser" bundle
#                    (UMD; sets window.purecloud.apps.ClientApp)
#   VERSIONS         the packages and versions copied
# and precompresses (.br, .gz) what the page can load: the files index.html links
# and Spark's lazily loaded entry chunks; its i18n, icons and legacy stylesheet
# are served as they are (small, rarely loaded, or never linked).
#
# The result is kept in a cache keyed by the lock file and these scripts
# (GCPACE_CACHE, default ~/.cache/gcpace), looked up before anything is
# installed: npm ci (~12 s) and precompressing Spark with brotli -q 11 (~40 s
# on 2 cores) are most of a first build, and a fresh clone on the same
# machine, or `make clean`, then costs a copy. npm ci runs only on a miss, and
# only when the lock changed since the last install; install scripts never run.
set -euo pipefail

usage="usage: vendor.sh WEB NPM-DIR VENDOR-DIR"
web=${1:?$usage}
npmdir=${2:?$usage}
out=${3:?$usage}
here=$(cd "$(dirname "$0")" && pwd)
key=$(cat "$web/package.json" "$web/package-lock.json" "$here/vendor.sh" "$here/precompress.sh" | sha256sum | cut -c1-16)
cache=${GCPACE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gcpace}/vendor-$key
if [ -f "$cache/VERSIONS" ]; then
	echo "vendor: reusing $cache (keyed by $web/package-lock.json)"
	rm -rf "$out"
	cp -a "$cache" "$out"
	exit 0
fi

mods=$npmdir/node_modules
if [ ! "$mods/.package-lock.json" -nt "$web/package-lock.json" ] || [ ! "$mods/.package-lock.json" -nt "$web/package.json" ]; then
	echo "vendor: npm ci of $web/package-lock.json into $npmdir"
	"$here/ensure-tool.sh" npm npm
	mkdir -p "$npmdir"
	cp "$web/package.json" "$web/package-lock.json" "$npmdir/"
	(cd "$npmdir" && npm ci --ignore-scripts --no-audit --no-fund)
	touch "$mods/.package-lock.json"
fi
spark=$mods/genesys-spark-components/dist/genesys-webcomponents
sdk=$mods/purecloud-client-app-sdk/$(node -p "require(require('path').resolve(process.argv[1])).browser" "$mods/purecloud-client-app-sdk/package.json")

for f in "$spark/genesys-webcomponents.esm.js" "$spark/genesys-webcomponents.css" "$sdk"; do
	[ -f "$f" ] || { echo "vendor: $f is missing; did npm ci run?" >&2; exit 1; }
done

tmp=$(mktemp -d "$out.tmp.XXXXXX")
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/spark" "$tmp/client-app-sdk"
cp -R "$spark/." "$tmp/spark/"
cp "$sdk" "$tmp/client-app-sdk/purecloud-client-app-sdk.js"
for p in genesys-spark-components purecloud-client-app-sdk; do
	node -p "const p = require(require('path').resolve(process.argv[1])); p.name + '@' + p.version + ' (' + p.license + ')'" "$mods/$p/package.json"
done >"$tmp/VERSIONS"

loadable() { find "$tmp" -maxdepth 2 \( -name '*.js' -o -name 'genesys-webcomponents.css' \) -size +1k -print0; }
echo "vendor: precompressing $(loadable | tr -cd '\0' | wc -c) files the page can load (brotli -q 11; once per lock file)"
loadable | xargs -0 -r "$here/precompress.sh"

# Into the cache first (a copy, then an atomic rename), then into place.
mkdir -p "$(dirname "$cache")"
ctmp=$(mktemp -d "$cache.tmp.XXXXXX")
cp -a "$tmp/." "$ctmp/" && chmod 755 "$ctmp" && mv -T "$ctmp" "$cache" 2>/dev/null || rm -rf "$ctmp"
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
