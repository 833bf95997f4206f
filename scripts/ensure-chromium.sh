#!/usr/bin/env bash
# ensure-chromium.sh: installs Debian's chromium (for the browser tests) when missing.
set -euo pipefail
"$(dirname "$0")/ensure-tool.sh" chromium chromium
