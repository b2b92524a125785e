#!/usr/bin/env bash
# Makes sure the browser tests (web/browser_test.go) have what they need:
#  1. Debian's Chromium at /usr/bin/chromium, installed with apt-get when
#     missing and running as root; otherwise it says what to install and fails.
#  2. axe-core (pinned below) under the git-ignored .data/npm, installed with
#     npm (Debian's npm package first when npm is missing and running as root).
# Idempotent and silent when everything is already there. Usage from the
# repository root or anywhere: web/testdata/ensure-browser.sh
set -euo pipefail

AXE_VERSION=4.14.1

root=$(cd "$(dirname "$0")/../.." && pwd)
is_root() { [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; }
apt_updated=
apt_install() {
  if [[ -z $apt_updated ]]; then
    apt-get update -qq >&2
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

# 1. Chromium.
if [[ ! -x /usr/bin/chromium ]]; then
  if is_root; then
    echo "Chromium is not installed: installing Debian's chromium package" >&2
    apt_install chromium
  else
    echo "Chromium is missing: the browser tests need /usr/bin/chromium." >&2
    echo "Install it (Debian/Ubuntu: sudo apt-get install chromium) and run again." >&2
    exit 1
  fi
fi

# 2. axe-core.
prefix="$root/.data/npm"
pkg="$prefix/node_modules/axe-core/package.json"
if [[ -f $pkg ]] && grep -q "\"version\": \"$AXE_VERSION\"" "$pkg" && [[ -f $prefix/node_modules/axe-core/axe.min.js ]]; then
  exit 0
fi
if ! command -v npm >/dev/null; then
  if is_root; then
    echo "npm is not installed: installing Debian's npm package" >&2
    apt_install npm
  else
    echo "npm is missing: the browser tests need axe-core $AXE_VERSION from npm." >&2
    echo "Install npm (Debian/Ubuntu: sudo apt-get install npm) and run again." >&2
    exit 1
  fi
fi
echo "Installing axe-core $AXE_VERSION under .data/npm" >&2
mkdir -p "$prefix"
npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$prefix" "axe-core@$AXE_VERSION" >&2
