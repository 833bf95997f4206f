#!/usr/bin/env bash
# ensure-tool.sh COMMAND [DEBIAN-PACKAGE]
# Installs the Debian package (default: COMMAND) when COMMAND is not on PATH.
# CI runs as root on a fresh machine; elsewhere sudo is used when it exists.
set -euo pipefail

cmd=${1:?usage: ensure-tool.sh COMMAND [DEBIAN-PACKAGE]}
pkg=${2:-$1}

command -v "$cmd" >/dev/null 2>&1 && exit 0

echo "ensure-tool: $cmd is missing; installing Debian package $pkg" >&2
sudo=()
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then
		sudo=(sudo)
	else
		echo "ensure-tool: not root and no sudo: install $pkg yourself (apt-get install $pkg)" >&2
		exit 1
	fi
fi
# Wait for the dpkg lock instead of failing when another install is running.
apt=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -q)
"${sudo[@]}" "${apt[@]}" update
"${sudo[@]}" "${apt[@]}" install -y "$pkg"
command -v "$cmd" >/dev/null 2>&1 || { echo "ensure-tool: $pkg installed but $cmd is still not on PATH" >&2; exit 1; }
