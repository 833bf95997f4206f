#!/usr/bin/env bash
# vendor.sh NODE-MODULES VENDOR-DIR
# Copies the browser files of the npm packages (installed by npm ci from
# web/package-lock.json) into VENDOR-DIR (web/vendor), so the page loads them
# from its own origin, with no CDN:
#   spark/           genesys-spark-components' dist/genesys-webcomponents/:
#                    <script type="module" src="vendor/spark/genesys-webcomponents.esm.js">
#                    and <link rel="stylesheet" href="vendor/spark/genesys-webcomponents.css">
#   client-app-sdk/  purecloud-client-app-sdk.js, the package's "browser" bundle
#                    (UMD; sets window.purecloud.apps.ClientApp)
#   VERSIONS         the packages and versions copied
set -euo pipefail

mods=${1:?usage: vendor.sh NODE-MODULES VENDOR-DIR}
out=${2:?usage: vendor.sh NODE-MODULES VENDOR-DIR}
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

rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
